"""Holds a session with ephemeral nodes until it is killed.

    /usr/bin/python3 holder.py <host:port> <session timeout s> <path> [<path> ...]

Prints "READY <session id>" once every path exists, then blocks. The ephemeral scenarios stop or
kill this process to lose a session without closing it.
"""

import sys
import threading

from kazoo.client import KazooClient


def main():
    connect, timeout, paths = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    client = KazooClient(hosts=connect, timeout=timeout)
    client.start(timeout=15)
    for path in paths:
        client.create(path, b"held", ephemeral=True)
    print("READY %d" % client.client_id[0], flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
