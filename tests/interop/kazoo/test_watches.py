"""Every watch kazoo offers: one-time semantics, which operation fires what, and event order.

Assertions about which notifications arrived use zscommon.EventTap, which sees the wire order. A
read issued after another session's write returns only after every notification that write
caused, so "nothing else arrived" is checked with one round trip instead of a sleep.
"""

import threading

from kazoo.exceptions import BadVersionError, NoNodeError
from kazoo.recipe.cache import TreeCache, TreeEvent
from kazoo.recipe.watchers import ChildrenWatch, DataWatch, PatientChildrenWatch

import zscommon

CREATED, DELETED, CHANGED, CHILD = 1, 2, 3, 4


class Recorder:
    """A watch callback that remembers what it was called with."""

    def __init__(self):
        self.events = []
        self._lock = threading.Lock()

    def __call__(self, event):
        with self._lock:
            self.events.append((event.type, event.path))

    def seen(self):
        with self._lock:
            return list(self.events)


class WatchTest(zscommon.ZkTestCase):

    def setUp(self):
        super().setUp()
        self.tap = zscommon.EventTap(self.client)
        self.other = self.new_client()

    def round_trip(self):
        self.client.exists("/")

    def assert_notifications(self, expected):
        self.round_trip()
        self.assertEqual(self.tap.events(), expected)
        self.tap.clear()

    def test_data_watch_fires_once(self):
        node = self.path("n")
        self.other.create(node, b"0")
        recorder = Recorder()
        self.client.get(node, watch=recorder)
        self.other.set(node, b"1")
        self.other.set(node, b"2")  # the watch is spent: no second event
        self.assert_notifications([(CHANGED, node)])
        zscommon.wait_until(lambda: recorder.seen() == [("CHANGED", node)], message="callback")

        self.client.get(node, watch=recorder)  # re-armed
        self.other.delete(node)
        self.assert_notifications([(DELETED, node)])

    def test_exists_watch_on_missing_node(self):
        node = self.path("later")
        recorder = Recorder()
        self.assertIsNone(self.client.exists(node, watch=recorder))
        self.other.create(node)
        self.other.set(node, b"x")
        self.assert_notifications([(CREATED, node)])
        zscommon.wait_until(lambda: recorder.seen() == [("CREATED", node)], message="callback")

    def test_exists_watch_on_existing_node(self):
        node = self.path("n")
        self.other.create(node)
        self.assertIsNotNone(self.client.exists(node, watch=Recorder()))
        self.other.set(node, b"x")
        self.assert_notifications([(CHANGED, node)])
        self.client.exists(node, watch=Recorder())
        self.other.delete(node)
        self.assert_notifications([(DELETED, node)])

    def test_child_watch(self):
        recorder = Recorder()
        self.assertEqual(self.client.get_children(self.root, watch=recorder), [])
        self.other.create(self.path("c1"))
        self.other.create(self.path("c2"))
        self.assert_notifications([(CHILD, self.root)])
        zscommon.wait_until(lambda: recorder.seen() == [("CHILD", self.root)], message="callback")

        self.client.get_children(self.root, watch=Recorder())
        self.other.set(self.path("c1"), b"data")  # a child's data is not the child list
        self.other.create(self.path("c1", "grandchild"))  # nor is a grandchild
        self.assert_notifications([])
        self.other.delete(self.path("c2"))
        self.assert_notifications([(CHILD, self.root)])

    def test_child_watch_on_deleted_node(self):
        node = self.path("n")
        self.other.create(node)
        self.client.get_children(node, watch=Recorder())
        self.other.delete(node)
        self.assert_notifications([(DELETED, node)])

    def test_failed_get_sets_no_watch(self):
        node = self.path("n")
        with self.assertRaises(NoNodeError):
            self.client.get(node, watch=Recorder())
        with self.assertRaises(NoNodeError):
            self.client.get_children(node, watch=Recorder())
        self.other.create(node)
        self.other.create(self.path("n", "child"))
        self.assert_notifications([])

    def test_failed_write_fires_nothing(self):
        node = self.path("n")
        self.other.create(node)
        self.client.get(node, watch=Recorder())
        with self.assertRaises(BadVersionError):
            self.other.set(node, b"x", version=42)
        self.assert_notifications([])
        self.other.set(node, b"x")
        self.assert_notifications([(CHANGED, node)])

    def test_one_notification_per_connection(self):
        node = self.path("n")
        self.other.create(node)
        by_get, by_exists = Recorder(), Recorder()
        self.client.get(node, watch=by_get)
        self.client.exists(node, watch=by_exists)
        self.other.set(node, b"x")
        self.assert_notifications([(CHANGED, node)])
        # kazoo fans the single notification out to both callbacks.
        zscommon.wait_until(lambda: by_get.seen() == by_exists.seen() == [("CHANGED", node)],
                            message="both callbacks")

        self.client.get(node, watch=Recorder())
        self.client.get_children(node, watch=Recorder())
        self.other.delete(node)
        self.assert_notifications([(DELETED, node)])

    def test_event_arrives_before_reply_to_later_read(self):
        node = self.path("n")
        self.other.create(node, b"old")
        self.client.get(node, watch=Recorder())
        self.tap.clear()
        self.other.set(node, b"new")
        data, _ = self.client.get(node)
        self.assertEqual(data, b"new")
        entries = self.tap.snapshot()
        self.assertEqual([e[0] for e in entries], ["event", "reply"], entries)
        self.assertEqual(entries[0][1:], (CHANGED, node))

    def test_event_order_follows_update_order(self):
        x, y = self.path("x"), self.path("y")
        self.other.create(x)
        self.other.create(y)
        self.client.get(x, watch=Recorder())
        self.client.get(y, watch=Recorder())
        self.client.get_children(self.root, watch=Recorder())
        self.tap.clear()
        self.other.set(y, b"1")
        self.other.create(self.path("z"))
        self.other.set(x, b"2")
        self.assert_notifications([(CHANGED, y), (CHILD, self.root), (CHANGED, x)])

    def test_data_watch_recipe(self):
        node = self.path("n")
        self.other.create(node, b"v1")
        seen = []
        lock = threading.Lock()

        def on_change(data, stat, event):
            with lock:
                seen.append((data, stat.version if stat else None))

        DataWatch(self.client, node, on_change)
        zscommon.wait_until(lambda: seen == [(b"v1", 0)], message="initial call")
        self.other.set(node, b"v2")
        zscommon.wait_until(lambda: seen[-1:] == [(b"v2", 1)], message="update")
        self.other.delete(node)
        zscommon.wait_until(lambda: seen[-1:] == [(None, None)], message="deletion")
        self.other.create(node, b"v3")  # DataWatch keeps watching with exists
        zscommon.wait_until(lambda: seen[-1:] == [(b"v3", 0)], message="re-creation")

    def test_children_watch_recipe(self):
        seen = []
        ChildrenWatch(self.client, self.root, lambda children: seen.append(sorted(children)))
        zscommon.wait_until(lambda: seen == [[]], message="initial call")
        self.other.create(self.path("a"))
        zscommon.wait_until(lambda: seen[-1] == ["a"], message="a added")
        self.other.create(self.path("b"))
        zscommon.wait_until(lambda: seen[-1] == ["a", "b"], message="b added")
        self.other.delete(self.path("a"))
        zscommon.wait_until(lambda: seen[-1] == ["b"], message="a removed")

    def test_patient_children_watch(self):
        self.other.create(self.path("a"))
        pending = PatientChildrenWatch(self.client, self.root, time_boundary=0.2).start()
        # A change inside the boundary restarts the wait; either way the result includes it.
        self.other.create(self.path("b"))
        children, later = pending.get(timeout=10)
        self.assertEqual(sorted(children), ["a", "b"])
        self.assertFalse(later.ready())
        self.other.delete(self.path("a"))
        later.get(timeout=10)  # set by the child watch left behind

    def test_tree_cache(self):
        events = []
        lock = threading.Lock()

        def listener(event):
            if event.event_data is not None:
                with lock:
                    events.append((event.event_type, event.event_data.path))

        cache = TreeCache(self.client, self.root)
        cache.listen(listener)
        cache.start()
        try:
            a, b = self.path("a"), self.path("a", "b")
            self.other.create(a, b"1")
            self.other.create(b, b"2")
            zscommon.wait_until(lambda: cache.get_data(b) is not None, message="b cached")
            self.other.set(a, b"changed")
            zscommon.wait_until(lambda: cache.get_data(a).data == b"changed", message="update")
            self.other.delete(b)
            zscommon.wait_until(lambda: cache.get_data(b) is None, message="b removed")
            self.assertEqual(cache.get_children(a), frozenset())
            expected = [(TreeEvent.NODE_ADDED, a), (TreeEvent.NODE_ADDED, b),
                        (TreeEvent.NODE_UPDATED, a), (TreeEvent.NODE_REMOVED, b)]

            def all_seen():
                with lock:
                    return all(event in events for event in expected)

            # Listeners run after the cache has changed, so wait for them as well.
            zscommon.wait_until(all_seen, message="tree events %r" % expected)
        finally:
            cache.close()


if __name__ == "__main__":
    zscommon.main()
