"""multi (kazoo transactions): per-op results, atomicity, and rollback that leaves no trace."""

from kazoo.exceptions import (BadVersionError, NodeExistsError, NoNodeError, NotEmptyError,
                              RolledBackError, RuntimeInconsistency)
from kazoo.protocol.states import ZnodeStat

import zscommon


class MultiTest(zscommon.ZkTestCase):

    def snapshot(self):
        """Every node below the root with its data and stat, to prove nothing changed."""
        state = {}

        def walk(path):
            data, stat = self.client.get(path)
            state[path] = (data, stat)
            for child in self.client.get_children(path):
                walk(path + "/" + child)

        walk(self.root)
        return state

    def test_success_results(self):
        a, b = self.path("a"), self.path("a", "b")
        self.client.create(self.path("old"), b"bye")
        tx = self.client.transaction()
        tx.create(a, b"1")
        tx.create(b, b"2")
        tx.set_data(a, b"3")
        tx.check(a, 1)
        tx.create(self.path("seq-"), sequence=True)
        tx.delete(self.path("old"), version=0)
        tx.create(self.path("eph"), ephemeral=True)
        results = tx.commit()

        self.assertEqual(len(results), 7)
        self.assertEqual(results[0], a)
        self.assertEqual(results[1], b)
        self.assertIsInstance(results[2], ZnodeStat)
        self.assertEqual(results[2].version, 1)
        self.assertIs(results[3], True)
        self.assertEqual(results[4], self.path("seq-0000000002"))
        self.assertIs(results[5], True)
        self.assertEqual(results[6], self.path("eph"))

        self.assertEqual(self.client.get(a)[0], b"3")
        self.assertEqual(sorted(self.client.get_children(self.root)),
                         ["a", "eph", "seq-0000000002"])
        self.assertEqual(self.client.exists(self.path("eph")).ephemeralOwner,
                         self.client.client_id[0])

    def test_all_ops_share_one_zxid_and_time(self):
        a, b = self.path("a"), self.path("b")
        tx = self.client.transaction()
        tx.create(a, b"1")
        tx.create(b, b"2")
        tx.set_data(a, b"changed")
        stat = tx.commit()[2]
        other = self.client.exists(b)
        self.assertEqual(stat.mzxid, stat.czxid)
        self.assertEqual(other.czxid, stat.czxid)
        self.assertEqual(stat.mtime, stat.ctime)
        self.assertEqual(other.ctime, stat.ctime)
        self.assertEqual(self.client.exists(self.root).pzxid, stat.czxid)

    def assert_rolled_back(self, tx, expected_types):
        before = self.snapshot()
        results = tx.commit()
        self.assertEqual([type(r) for r in results], expected_types, results)
        self.assertEqual(self.snapshot(), before)

    def test_failure_in_the_middle(self):
        x = self.path("x")
        self.client.create(x, b"keep")
        tx = self.client.transaction()
        tx.create(self.path("new"), b"n")
        tx.set_data(x, b"lost", version=0)
        tx.check(x, 5)
        tx.delete(x)
        # Ops before the failure report 0 (RolledBack), after it -2 (RuntimeInconsistency).
        self.assert_rolled_back(tx, [RolledBackError, RolledBackError, BadVersionError,
                                     RuntimeInconsistency])

    def test_failure_codes(self):
        x = self.path("x")
        self.client.create(x)
        self.client.create(self.path("x", "child"))
        for build, error in [
            (lambda tx: tx.create(x), NodeExistsError),
            (lambda tx: tx.delete(self.path("missing")), NoNodeError),
            (lambda tx: tx.delete(x), NotEmptyError),
            (lambda tx: tx.set_data(self.path("missing"), b""), NoNodeError),
            (lambda tx: tx.check(x, 3), BadVersionError),
        ]:
            tx = self.client.transaction()
            build(tx)
            tx.create(self.path("after"))
            self.assert_rolled_back(tx, [error, RuntimeInconsistency])

    def test_later_ops_see_earlier_ones(self):
        # Inside one multi, a node created by op 1 can be changed and deleted by ops 2 and 3.
        a = self.path("a")
        tx = self.client.transaction()
        tx.create(a)
        tx.check(a, 0)
        tx.set_data(a, b"x")
        tx.check(a, 1)
        tx.delete(a, version=1)
        self.assertEqual(tx.commit()[4], True)
        self.assertIsNone(self.client.exists(a))
        # A delete of a node that only exists after a rolled-back create fails as a whole.
        tx = self.client.transaction()
        tx.create(a)
        tx.create(self.path("a", "b"))
        tx.delete(a)
        self.assert_rolled_back(tx, [RolledBackError, RolledBackError, NotEmptyError])

    def test_watches_fire_only_on_commit(self):
        x = self.path("x")
        self.client.create(x)
        other = self.new_client()
        tap = zscommon.EventTap(other)
        other.get(x, watch=lambda event: None)
        other.get_children(self.root, watch=lambda event: None)

        tx = self.client.transaction()
        tx.set_data(x, b"1")
        tx.check(x, 9)
        tx.commit()
        other.exists("/")
        self.assertEqual(tap.events(), [])

        tx = self.client.transaction()
        tx.set_data(x, b"1")
        tx.create(self.path("y"))
        tx.commit()
        other.exists("/")
        self.assertEqual(tap.events(), [(3, x), (4, self.root)])


if __name__ == "__main__":
    zscommon.main()
