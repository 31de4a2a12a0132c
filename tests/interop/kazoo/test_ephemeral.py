"""Ephemeral nodes vanish when their session ends: on close, and on expiry of a silent session."""

import os
import select
import signal
import subprocess
import sys
import threading
import time

import zscommon

HOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "holder.py")
HOLDER_TIMEOUT_S = 1.5


class Holder:
    """A separate process owning a session with ephemeral nodes (see holder.py)."""

    def __init__(self, paths):
        self.process = subprocess.Popen(
            [sys.executable, HOLDER, zscommon.CONNECT, str(HOLDER_TIMEOUT_S)] + paths,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        ready, _, _ = select.select([self.process.stdout], [], [], 20)
        line = self.process.stdout.readline() if ready else ""
        if not line.startswith("READY "):
            self.kill()
            raise AssertionError("holder did not get ready: %r %s" %
                                 (line, self.process.stdout.read()))
        self.session_id = int(line.split()[1])

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.process.stdout.close()


class EphemeralTest(zscommon.ZkTestCase):

    def watch_deletion(self, path):
        """Sets an exists watch on path and a child watch on the root; returns an Event set once
        both have fired, and the list of events received."""
        received = []
        done = threading.Event()

        def on_event(event):
            received.append((event.type, event.path))
            if len(received) == 2:
                done.set()

        self.assertIsNotNone(self.client.exists(path, watch=on_event))
        self.client.get_children(self.root, watch=on_event)
        return done, received

    def test_close_removes_ephemerals(self):
        owner = self.new_client()
        owner.create(self.path("e1"), ephemeral=True)
        owner.create(self.path("e2"), b"data", ephemeral=True)
        sequential = owner.create(self.path("es-"), ephemeral=True, sequence=True)
        owner.create(self.path("persistent"))
        done, received = self.watch_deletion(self.path("e1"))

        owner.stop()
        # closeSession is applied before the owner sees its reply, so any later read sees it.
        self.assertEqual(self.client.get_children(self.root), ["persistent"])
        self.assertIsNone(self.client.exists(sequential))
        self.assertTrue(done.wait(10), received)
        self.assertCountEqual(received, [("DELETED", self.path("e1")),
                                         ("CHILD", self.root)])

    def expire_holder(self, stop_signal):
        node = self.path("held")
        holder = Holder([node, self.path("held2")])
        try:
            self.assertEqual(self.client.exists(node).ephemeralOwner, holder.session_id)
            done, received = self.watch_deletion(node)
            start = time.monotonic()
            holder.process.send_signal(stop_signal)
            self.assertTrue(done.wait(20), "session never expired; events: %r" % received)
            elapsed = time.monotonic() - start
        finally:
            holder.kill()
        self.assertCountEqual(received, [("DELETED", node), ("CHILD", self.root)])
        self.assertEqual(self.client.get_children(self.root), [])
        # The last ping was at most a third of the timeout before the signal, so the session
        # must have lived on for a while: losing the connection is not the end of a session.
        self.assertGreater(elapsed, HOLDER_TIMEOUT_S / 3)

    def test_expiry_of_silent_client_with_open_connection(self):
        # SIGSTOP: the TCP connection stays open, but no pings arrive any more.
        self.expire_holder(signal.SIGSTOP)

    def test_expiry_after_connection_drop(self):
        # SIGKILL: the kernel closes the socket without a closeSession.
        self.expire_holder(signal.SIGKILL)

    def test_other_sessions_nodes_survive(self):
        owner = self.new_client()
        bystander = self.new_client()
        owner.create(self.path("mine"), ephemeral=True)
        bystander.create(self.path("theirs"), ephemeral=True)
        owner.stop()
        self.assertEqual(self.client.get_children(self.root), ["theirs"])


if __name__ == "__main__":
    zscommon.main()
