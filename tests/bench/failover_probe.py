#!/usr/bin/python3
"""Kills an ensemble's leader under write load and measures how long the ensemble takes to
acknowledge a write again.

One kazoo client per surviving member (connected to that member only, reconnecting every 5 ms)
creates znodes in a loop. Once each has written a little, the leader's process gets SIGKILL; the
figure is the time from the kill to the first acknowledgement of a create that was sent after it
(one sent before may have been committed already). Prints a "result" line.
"""
import argparse
import os
import signal
import sys
import threading
import time

from kazoo.client import KazooClient
from kazoo.exceptions import NodeExistsError
from kazoo.retry import KazooRetry


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", required=True, help="host:port of each surviving member")
    parser.add_argument("--kill-pid", type=int, required=True, help="the leader's process")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()

    stop = threading.Event()
    killed_at = [None]
    first_ack = [None]
    lock = threading.Lock()
    written = [0] * len(args.members.split(","))

    def writer(index, host):
        retry = KazooRetry(max_tries=-1, delay=0.005, backoff=1, max_delay=0.005)
        client = KazooClient(hosts=host, timeout=10.0, connection_retry=retry)
        client.start(timeout=args.timeout)
        n = 0
        while not stop.is_set():
            sent = time.monotonic()
            try:
                client.create("/failover/%d-%d" % (index, n), b"x")
            except NodeExistsError:
                pass  # the create before the connection dropped was applied
            except Exception:  # connection loss while the ensemble elects: send it again
                time.sleep(0.002)
                continue
            acked = time.monotonic()
            n += 1
            written[index] = n
            with lock:
                if killed_at[0] is not None and sent > killed_at[0] and first_ack[0] is None:
                    first_ack[0] = acked
        client.stop()
        client.close()

    hosts = args.members.split(",")
    setup = KazooClient(hosts=",".join(hosts))
    setup.start(timeout=args.timeout)
    setup.ensure_path("/failover")
    setup.stop()
    setup.close()
    threads = [threading.Thread(target=writer, args=(i, h)) for i, h in enumerate(hosts)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + args.timeout
    while min(written) < 20 and time.monotonic() < deadline:
        time.sleep(0.01)
    with lock:
        killed_at[0] = time.monotonic()
    os.kill(args.kill_pid, signal.SIGKILL)
    while first_ack[0] is None and time.monotonic() < deadline:
        time.sleep(0.001)
    stop.set()
    for thread in threads:
        thread.join()
    if first_ack[0] is None:
        print("failover_probe: no write was acknowledged within %.0f s of the kill" % args.timeout,
              file=sys.stderr)
        return 1
    print("result first_ack_after_kill_s=%.3f" % (first_ack[0] - killed_at[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
