"""Shared setup for the kazoo interoperability scenarios.

Every scenario is a unittest module run as

    /usr/bin/python3 <scenario>.py <host:port> [unittest arguments]

or with the connect string in the environment variable ZS_CONNECT. Each test works below its own
unique root node, so scenarios never see each other's data.
"""

import logging
import os
import sys
import threading
import time
import unittest
import uuid

from kazoo.client import KazooClient

CONNECT = None

# Comfortably inside the servers' maxSessionTimeout (20 x tickTime = 4 s at tickTime 200 ms).
SESSION_TIMEOUT_S = 4.0

# tst_kazoo configures the server with DigestAuthenticationProvider.superDigest for this user, so
# cleanup can remove nodes whose ACLs lock everybody else out.
SUPER_CREDENTIAL = "super:letmein"


def main():
    """Reads the connect string and runs the calling module's tests."""
    global CONNECT
    args = sys.argv[1:]
    if args and not args[0].startswith("-"):
        CONNECT = args.pop(0)
    else:
        CONNECT = os.environ.get("ZS_CONNECT")
    if not CONNECT:
        sys.exit("usage: %s host:port [unittest arguments]  (or set ZS_CONNECT)" % sys.argv[0])
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    unittest.main(argv=[sys.argv[0]] + args, verbosity=2)


def wait_until(predicate, timeout=10.0, message="condition"):
    """Polls predicate until it is true; fails the test after timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.01)
    raise AssertionError("%s not met within %.1f s" % (message, timeout))


class EventTap:
    """Records, in the connection's reader thread, every watch notification and reply as it
    arrives off the socket.

    kazoo runs watch callbacks on a separate worker thread, so a callback can run after a later
    reply has already been returned to the caller. The tap observes the wire order itself, which
    is what ZooKeeper guarantees: a notification arrives before the reply to any read issued after
    the change that caused it.
    """

    def __init__(self, client):
        self._lock = threading.Lock()
        self.entries = []
        connection = client._connection
        read_event = connection._read_watch_event
        read_response = connection._read_response

        def tapped_event(buffer, offset):
            from kazoo.protocol.serialization import Watch
            watch, _ = Watch.deserialize(buffer, offset)
            with self._lock:
                self.entries.append(("event", watch.type, watch.path))
            return read_event(buffer, offset)

        def tapped_response(header, buffer, offset):
            with self._lock:
                self.entries.append(("reply", header.xid))
            return read_response(header, buffer, offset)

        # The reader looks both methods up on the instance at every frame.
        connection._read_watch_event = tapped_event
        connection._read_response = tapped_response

    def events(self):
        """(type, path) of every notification so far; types: 1 created, 2 deleted, 3 changed,
        4 child."""
        with self._lock:
            return [(e[1], e[2]) for e in self.entries if e[0] == "event"]

    def clear(self):
        with self._lock:
            self.entries.clear()

    def snapshot(self):
        with self._lock:
            return list(self.entries)


class ZkTestCase(unittest.TestCase):
    """Gives each test a connected client (self.client) and a fresh root node (self.root)."""

    def setUp(self):
        self._clients = []
        self.client = self.new_client()
        self.root = "/kazoo-%s-%s" % (self._testMethodName, uuid.uuid4().hex[:8])
        self.client.create(self.root)

    def tearDown(self):
        try:
            admin = self.new_client()
            admin.add_auth("digest", SUPER_CREDENTIAL)
            if admin.exists(self.root):
                admin.delete(self.root, recursive=True)
        except Exception as error:  # cleanup is best effort; the server is thrown away anyway
            logging.warning("cleanup of %s failed: %r", self.root, error)
        for client in self._clients:
            try:
                client.stop()
                client.close()
            except Exception as error:
                logging.warning("client shutdown failed: %r", error)

    def new_client(self, **kwargs):
        kwargs.setdefault("timeout", SESSION_TIMEOUT_S)
        client = KazooClient(hosts=CONNECT, **kwargs)
        client.start(timeout=15)
        self._clients.append(client)
        return client

    def path(self, *parts):
        return "/".join((self.root,) + parts)
