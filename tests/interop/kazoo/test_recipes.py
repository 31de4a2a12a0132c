"""kazoo's recipes, each with several clients competing or cooperating."""

import threading
import time

from kazoo.exceptions import LockTimeout
from kazoo.recipe.barrier import Barrier, DoubleBarrier
from kazoo.recipe.counter import Counter
from kazoo.recipe.election import Election
from kazoo.recipe.lock import Lock, Semaphore
from kazoo.recipe.party import Party
from kazoo.recipe.queue import LockingQueue, Queue

import zscommon

JOIN_TIMEOUT_S = 30


def run_threads(targets):
    threads = [threading.Thread(target=t, daemon=True) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT_S)
        assert not thread.is_alive(), "a recipe thread hung"


class RecipeTest(zscommon.ZkTestCase):

    def test_lock_mutual_exclusion(self):
        path = self.path("lock")
        clients = [self.new_client() for _ in range(3)]
        inside = []
        overlaps = []
        guard = threading.Lock()

        def worker(client, name):
            lock = Lock(client, path, identifier=name)
            for _ in range(5):
                with lock:
                    with guard:
                        inside.append(name)
                        if len(inside) > 1:
                            overlaps.append(list(inside))
                    time.sleep(0.005)  # hold the lock long enough for others to contend
                    with guard:
                        inside.remove(name)

        run_threads([lambda c=c, i=i: worker(c, "w%d" % i) for i, c in enumerate(clients)])
        self.assertEqual(overlaps, [])
        self.assertEqual(self.client.get_children(path), [])  # every contender node is gone

    def test_lock_blocking_and_timeout(self):
        path = self.path("lock")
        first = Lock(self.new_client(), path, identifier="first")
        second = Lock(self.new_client(), path, identifier="second")
        self.assertTrue(first.acquire())
        self.assertFalse(second.acquire(blocking=False))
        with self.assertRaises(LockTimeout):
            second.acquire(timeout=0.3)
        self.assertEqual(first.contenders(), ["first"])

        acquired = threading.Event()
        waiter = threading.Thread(target=lambda: second.acquire() and acquired.set())
        waiter.start()
        zscommon.wait_until(lambda: first.contenders() == ["first", "second"],
                            message="second queued")
        self.assertFalse(acquired.is_set())
        first.release()
        self.assertTrue(acquired.wait(10))
        waiter.join(10)
        self.assertEqual(first.contenders(), ["second"])
        second.release()

    def test_lock_released_when_holder_session_ends(self):
        path = self.path("lock")
        holder_client = self.new_client()
        self.assertTrue(Lock(holder_client, path).acquire())
        waiter = Lock(self.new_client(), path)
        self.assertFalse(waiter.acquire(blocking=False))
        holder_client.stop()
        self.assertTrue(waiter.acquire(timeout=10))
        waiter.release()

    def test_semaphore(self):
        path = self.path("sem")
        sems = [Semaphore(self.new_client(), path, identifier="s%d" % i, max_leases=2)
                for i in range(3)]
        self.assertTrue(sems[0].acquire())
        self.assertTrue(sems[1].acquire())
        self.assertFalse(sems[2].acquire(blocking=False))
        self.assertEqual(sorted(sems[2].lease_holders()), ["s0", "s1"])
        sems[0].release()
        self.assertTrue(sems[2].acquire(timeout=10))
        self.assertEqual(sorted(sems[0].lease_holders()), ["s1", "s2"])
        sems[1].release()
        sems[2].release()
        self.assertEqual(sems[0].lease_holders(), [])

    def test_election(self):
        path = self.path("election")
        leaders = []
        release = {name: threading.Event() for name in ("a", "b")}
        elections = {name: Election(self.new_client(), path, identifier=name)
                     for name in ("a", "b")}

        def lead(name):
            leaders.append(name)
            release[name].wait(JOIN_TIMEOUT_S)

        threads = {}
        for name in ("a", "b"):
            threads[name] = threading.Thread(target=elections[name].run, args=(lead, name),
                                             daemon=True)
            threads[name].start()
            if name == "a":
                zscommon.wait_until(lambda: leaders == ["a"], message="a leads")
        zscommon.wait_until(lambda: elections["a"].contenders() == ["a", "b"],
                            message="b is contending")
        self.assertEqual(leaders, ["a"])
        release["a"].set()  # the leader's function returns: leadership passes on
        zscommon.wait_until(lambda: leaders == ["a", "b"], message="b leads")
        self.assertEqual(elections["a"].contenders(), ["b"])
        release["b"].set()
        for thread in threads.values():
            thread.join(JOIN_TIMEOUT_S)

    def test_counter(self):
        path = self.path("counter")
        clients = [self.new_client() for _ in range(3)]

        def bump(client):
            counter = Counter(client, path)
            for _ in range(20):
                counter += 1  # read, then versioned set, retried on BadVersion

        run_threads([lambda c=c: bump(c) for c in clients])
        self.assertEqual(Counter(self.client, path).value, 60)
        float_counter = Counter(self.client, self.path("float"), default=0.5)
        float_counter += 1.25
        self.assertEqual(Counter(self.new_client(), self.path("float"), default=0.5).value, 1.75)

    def test_queue(self):
        path = self.path("queue")
        producer = Queue(self.new_client(), path)
        consumer = Queue(self.new_client(), path)
        producer.put(b"normal-1")
        producer.put(b"urgent", priority=1)
        producer.put(b"normal-2")
        producer.put(b"late", priority=200)
        self.assertEqual(len(consumer), 4)
        self.assertEqual([consumer.get() for _ in range(4)],
                         [b"urgent", b"normal-1", b"normal-2", b"late"])
        self.assertIsNone(consumer.get())
        self.assertEqual(len(producer), 0)

    def test_locking_queue(self):
        path = self.path("lqueue")
        producer = LockingQueue(self.new_client(), path)
        first = LockingQueue(self.new_client(), path)
        second = LockingQueue(self.new_client(), path)
        producer.put_all([b"a", b"b"])
        self.assertEqual(first.get(timeout=5), b"a")
        self.assertEqual(second.get(timeout=5), b"b")  # "a" is locked by first
        self.assertTrue(first.release())  # give "a" back without consuming it
        self.assertTrue(second.consume())
        self.assertEqual(second.get(timeout=5), b"a")
        self.assertTrue(second.consume())
        self.assertIsNone(first.get(timeout=0.2))
        self.assertEqual(len(producer), 0)

    def test_barrier(self):
        path = self.path("barrier")
        gate = Barrier(self.new_client(), path)
        gate.create()
        waiter = Barrier(self.new_client(), path)
        self.assertFalse(waiter.wait(timeout=0.2))
        passed = threading.Event()
        thread = threading.Thread(target=lambda: waiter.wait() and passed.set(), daemon=True)
        thread.start()
        self.assertFalse(passed.wait(0.1))
        gate.remove()
        self.assertTrue(passed.wait(10))
        thread.join(10)

    def test_double_barrier(self):
        path = self.path("double")
        entered = []
        left = []
        lock = threading.Lock()
        barriers = [DoubleBarrier(self.new_client(), path, num_clients=3) for _ in range(3)]

        def participant(index):
            barriers[index].enter()
            with lock:
                entered.append((index, barriers[index].participating))
            barriers[index].leave()
            with lock:
                left.append(index)

        threads = [threading.Thread(target=participant, args=(i,), daemon=True)
                   for i in range(2)]
        for thread in threads:
            thread.start()
        # Two of three: nobody may pass the entry barrier yet.
        zscommon.wait_until(
            lambda: self.client.exists(path) and len(self.client.get_children(path)) == 2,
            message="two participants waiting")
        self.assertEqual(entered, [])
        threads.append(threading.Thread(target=participant, args=(2,), daemon=True))
        threads[-1].start()
        for thread in threads:
            thread.join(JOIN_TIMEOUT_S)
            self.assertFalse(thread.is_alive(), "double barrier hung")
        self.assertEqual(sorted(entered), [(0, True), (1, True), (2, True)])
        self.assertEqual(sorted(left), [0, 1, 2])
        self.assertFalse(self.client.exists(path) and self.client.get_children(path))

    def test_party(self):
        path = self.path("party")
        members = [Party(self.new_client(), path, identifier="m%d" % i) for i in range(3)]
        observer = Party(self.client, path)
        for member in members:
            member.join()
        self.assertEqual(len(observer), 3)
        self.assertEqual(sorted(observer), ["m0", "m1", "m2"])
        members[1].leave()
        self.assertEqual(sorted(observer), ["m0", "m2"])
        members[0].client.stop()  # membership is ephemeral
        self.assertEqual(sorted(observer), ["m2"])


if __name__ == "__main__":
    zscommon.main()
