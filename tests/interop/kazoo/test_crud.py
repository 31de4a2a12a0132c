"""Create, read, update, delete with versions and every error they can produce; sync."""

from kazoo.exceptions import (BadVersionError, ConnectionLoss, NoChildrenForEphemeralsError,
                              NodeExistsError, NoNodeError, NotEmptyError)

import zscommon


class CrudTest(zscommon.ZkTestCase):

    def test_round_trip_with_versions(self):
        node = self.path("n")
        self.assertEqual(self.client.create(node, b"v0"), node)
        data, stat = self.client.get(node)
        self.assertEqual(data, b"v0")
        self.assertEqual(stat.version, 0)

        stat = self.client.set(node, b"v1", version=0)
        self.assertEqual(stat.version, 1)
        with self.assertRaises(BadVersionError):
            self.client.set(node, b"stale", version=0)
        self.assertEqual(self.client.get(node)[0], b"v1")

        stat = self.client.set(node, b"v2")  # -1: unconditional
        self.assertEqual(stat.version, 2)
        with self.assertRaises(BadVersionError):
            self.client.delete(node, version=1)
        self.assertIsNotNone(self.client.exists(node))
        self.client.delete(node, version=2)
        self.assertIsNone(self.client.exists(node))

    def test_errors(self):
        missing = self.path("missing")
        with self.assertRaises(NoNodeError):
            self.client.get(missing)
        with self.assertRaises(NoNodeError):
            self.client.set(missing, b"x")
        with self.assertRaises(NoNodeError):
            self.client.delete(missing)
        with self.assertRaises(NoNodeError):
            self.client.get_children(missing)
        with self.assertRaises(NoNodeError):
            self.client.create(self.path("missing", "child"))

        parent = self.path("parent")
        self.client.create(parent, b"first")
        with self.assertRaises(NodeExistsError):
            self.client.create(parent, b"second")
        self.assertEqual(self.client.get(parent)[0], b"first")

        self.client.create(self.path("parent", "child"))
        with self.assertRaises(NotEmptyError):
            self.client.delete(parent)
        self.assertEqual(self.client.get_children(parent), ["child"])

        ephemeral = self.path("ephemeral")
        self.client.create(ephemeral, ephemeral=True)
        with self.assertRaises(NoChildrenForEphemeralsError):
            self.client.create(self.path("ephemeral", "child"))

    def test_children_and_makepath(self):
        deep = self.path("a", "b", "c")
        self.assertEqual(self.client.create(deep, b"leaf", makepath=True), deep)
        self.assertEqual(self.client.get_children(self.root), ["a"])
        self.client.ensure_path(deep)  # idempotent
        self.client.ensure_path(self.path("a", "d"))
        self.assertEqual(sorted(self.client.get_children(self.path("a"))), ["b", "d"])
        children, stat = self.client.get_children(self.path("a"), include_data=True)
        self.assertEqual(sorted(children), ["b", "d"])
        self.assertEqual(stat.numChildren, 2)
        self.assertEqual(self.client.get(deep)[0], b"leaf")

    def test_data_edge_cases(self):
        empty = self.path("empty")
        self.client.create(empty, b"")
        data, stat = self.client.get(empty)
        self.assertEqual(data, b"")
        self.assertEqual(stat.dataLength, 0)

        binary = bytes(range(256)) * 4
        node = self.path("binary")
        self.client.create(node, binary)
        self.assertEqual(self.client.get(node)[0], binary)

        # Just under jute.maxbuffer (1 MiB - 1) including headers.
        big = b"z" * 1000000
        self.client.set(node, big)
        data, stat = self.client.get(node)
        self.assertEqual(len(data), len(big))
        self.assertEqual(stat.dataLength, len(big))
        self.assertEqual(data, big)

        unicode_node = self.path("ünïcødé-ノード")
        self.client.create(unicode_node, "wert".encode())
        self.assertIn("ünïcødé-ノード", self.client.get_children(self.root))

    def test_oversized_frame_drops_connection_but_not_session(self):
        session_id = self.client.client_id[0]
        node = self.path("too-big")
        # A frame over jute.maxbuffer makes the server drop the connection; nothing is created
        # and the client reconnects to the same session.
        with self.assertRaises(ConnectionLoss):
            self.client.create(node, b"x" * 1100000)
        zscommon.wait_until(lambda: self.client.connected, message="reconnect")
        self.assertIsNone(self.client.exists(node))
        self.assertEqual(self.client.client_id[0], session_id)

    def test_create_with_stat(self):
        node = self.path("with-stat")
        path, stat = self.client.create(node, b"abc", include_data=True)
        self.assertEqual(path, node)
        self.assertEqual(stat.dataLength, 3)
        self.assertEqual(stat, self.client.exists(node))

    def test_sync_makes_other_sessions_writes_visible(self):
        other = self.new_client()
        node = self.path("synced")
        other.create(node, b"from-other")
        self.assertEqual(self.client.sync(node), node)
        self.assertEqual(self.client.get(node)[0], b"from-other")
        self.assertEqual(self.client.sync(self.path("no-such-node")), self.path("no-such-node"))


if __name__ == "__main__":
    zscommon.main()
