"""Every Stat field after every kind of operation."""

import os
import time

from kazoo.exceptions import BadVersionError
from kazoo.security import OPEN_ACL_UNSAFE, READ_ACL_UNSAFE

import zscommon


class StatTest(zscommon.ZkTestCase):

    def assert_fresh(self, stat, data_length):
        self.assertGreater(stat.czxid, 0)
        self.assertEqual(stat.mzxid, stat.czxid)
        self.assertEqual(stat.pzxid, stat.czxid)
        self.assertEqual(stat.ctime, stat.mtime)
        self.assertEqual((stat.version, stat.cversion, stat.aversion), (0, 0, 0))
        self.assertEqual(stat.dataLength, data_length)
        self.assertEqual(stat.numChildren, 0)
        self.assertEqual(stat.ephemeralOwner, 0)

    def test_create(self):
        before_ms = int(time.time() * 1000)
        _, stat = self.client.create(self.path("n"), b"hello", include_data=True)
        self.assert_fresh(stat, 5)
        # Same host: the server's clock agrees with ours to well within a minute.
        self.assertLess(abs(stat.ctime - before_ms), 60000)
        self.assertEqual(self.client.exists(self.path("n")), stat)
        self.assertEqual(self.client.get(self.path("n"))[1], stat)

    def test_set_data(self):
        node = self.path("n")
        _, created = self.client.create(node, b"abc", include_data=True)
        stat = self.client.set(node, b"longer data")
        self.assertEqual(stat.czxid, created.czxid)
        self.assertGreater(stat.mzxid, created.mzxid)
        self.assertEqual(stat.pzxid, created.pzxid)  # children untouched
        self.assertEqual(stat.ctime, created.ctime)
        self.assertGreaterEqual(stat.mtime, created.mtime)
        self.assertEqual((stat.version, stat.cversion, stat.aversion), (1, 0, 0))
        self.assertEqual(stat.dataLength, 11)

        same = self.client.set(node, b"longer data")  # identical data still bumps the version
        self.assertEqual(same.version, 2)
        self.assertGreater(same.mzxid, stat.mzxid)
        self.assertEqual(self.client.set(node, b"").dataLength, 0)

        with self.assertRaises(BadVersionError):
            self.client.set(node, b"rejected", version=0)
        unchanged = self.client.exists(node)
        self.assertEqual(unchanged.version, 3)
        self.assertEqual(unchanged.dataLength, 0)

    def test_children_change_parent(self):
        parent = self.path("p")
        _, created = self.client.create(parent, b"x", include_data=True)

        _, child = self.client.create(self.path("p", "c1"), include_data=True)
        stat = self.client.exists(parent)
        self.assertEqual(stat.cversion, 1)
        self.assertEqual(stat.numChildren, 1)
        self.assertEqual(stat.pzxid, child.czxid)
        self.assertEqual(stat.mzxid, created.mzxid)  # data untouched
        self.assertEqual(stat.mtime, created.mtime)
        self.assertEqual(stat.version, 0)

        self.client.create(self.path("p", "c2"))
        self.client.set(self.path("p", "c2"), b"child data")  # a child's data is not a child change
        self.assertEqual(self.client.exists(parent).cversion, 2)

        self.client.delete(self.path("p", "c1"))
        stat = self.client.exists(parent)
        self.assertEqual(stat.cversion, 3)  # a delete counts as a child change as well
        self.assertEqual(stat.numChildren, 1)
        # The delete's zxid lies between the child's creation and the next write.
        _, later = self.client.create(self.path("later"), include_data=True)
        self.assertGreater(stat.pzxid, child.czxid)
        self.assertLess(stat.pzxid, later.czxid)

    def test_acl_change_bumps_only_aversion(self):
        node = self.path("n")
        _, created = self.client.create(node, b"d", include_data=True)
        stat = self.client.set_acls(node, READ_ACL_UNSAFE + OPEN_ACL_UNSAFE, version=0)
        self.assertEqual(stat.aversion, 1)
        self.assertEqual(stat.version, 0)
        self.assertEqual(stat.mzxid, created.mzxid)
        self.assertEqual(stat.mtime, created.mtime)
        acls, acl_stat = self.client.get_acls(node)
        self.assertEqual(acl_stat, stat)

    def test_ephemeral_owner(self):
        _, stat = self.client.create(self.path("e"), ephemeral=True, include_data=True)
        self.assertEqual(stat.ephemeralOwner, self.client.client_id[0])
        _, stat = self.client.create(self.path("es-"), ephemeral=True, sequence=True,
                                     include_data=True)
        self.assertEqual(stat.ephemeralOwner, self.client.client_id[0])
        other = self.new_client()
        self.assertEqual(other.exists(self.path("e")).ephemeralOwner, self.client.client_id[0])

    def test_zxids_increase_across_sessions(self):
        other = self.new_client()
        _, first = self.client.create(self.path("a"), include_data=True)
        _, second = other.create(self.path("b"), include_data=True)
        _, third = self.client.create(self.path("c"), include_data=True)
        self.assertLess(first.czxid, second.czxid)
        self.assertLess(second.czxid, third.czxid)
        # The client remembers the highest zxid it has seen.
        self.assertGreaterEqual(self.client.last_zxid, third.czxid)

    def test_builtin_nodes(self):
        root = self.client.exists("/")
        self.assertEqual((root.czxid, root.mzxid, root.ctime, root.ephemeralOwner), (0, 0, 0, 0))
        self.assertIn("zookeeper", self.client.get_children("/"))
        self.assertEqual(sorted(self.client.get_children("/zookeeper")), ["config", "quota"])
        # ZooKeeper's visible cversion is 2 x (child creations) - numChildren, and /zookeeper's
        # two children were never "created": -2 (on the fresh server tst_kazoo starts).
        stat = self.client.exists("/zookeeper")
        self.assertEqual((stat.numChildren, stat.cversion, stat.pzxid), (2, -2, 0))
        data, stat = self.client.get("/zookeeper/config")
        members = int(os.environ.get("ZS_ENSEMBLE", "1"))
        if members > 1:
            # An ensemble's members show it, with the Stat ZooKeeper's members leave (not a txn,
            # dataVersion -1).
            lines = data.decode().split("\n")
            self.assertEqual(len(lines), members + 1)
            self.assertTrue(lines[0].startswith("server.1=127.0.0.1:"), lines)
            self.assertEqual(lines[-1], "version=0")
            self.assertEqual((stat.czxid, stat.mzxid, stat.version, stat.aversion), (0, 0, -1, -1))
        else:
            self.assertEqual(data, b"")  # standalone: no membership
            self.assertEqual((stat.czxid, stat.version, stat.aversion), (0, 0, -1))
        acls, _ = self.client.get_acls("/zookeeper/config")
        self.assertEqual([(acl.perms, acl.id.scheme, acl.id.id) for acl in acls],
                         [(1, "world", "anyone")])


if __name__ == "__main__":
    zscommon.main()
