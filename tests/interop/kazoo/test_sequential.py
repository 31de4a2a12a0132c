"""Sequential nodes: %010d suffixes from the parent's creation counter."""

import re
import threading

import zscommon


def suffix(path):
    match = re.search(r"(\d{10})$", path)
    assert match, "no 10-digit suffix in %r" % path
    return int(match.group(1))


class SequentialTest(zscommon.ZkTestCase):

    def test_numbering_and_format(self):
        paths = [self.client.create(self.path("job-"), b"", sequence=True) for _ in range(3)]
        self.assertEqual(paths, [self.path("job-%010d" % i) for i in range(3)])

    def test_counter_is_per_parent_and_shared_by_prefixes(self):
        self.client.create(self.path("other"))
        self.assertEqual(self.client.create(self.path("other", "x-"), sequence=True),
                         self.path("other", "x-0000000000"))
        # The counter belongs to the parent: every creation under it counts, whatever the name.
        self.assertEqual(self.client.create(self.path("a-"), sequence=True),
                         self.path("a-0000000001"))  # "other" was creation 0
        self.assertEqual(self.client.create(self.path("b-"), sequence=True),
                         self.path("b-0000000002"))
        self.client.create(self.path("plain"))
        self.assertEqual(self.client.create(self.path("a-"), sequence=True),
                         self.path("a-0000000004"))

    def test_numbers_continue_after_deletes(self):
        first = self.client.create(self.path("s-"), sequence=True)
        second = self.client.create(self.path("s-"), sequence=True)
        self.client.delete(first)
        self.client.delete(second)
        third = self.client.create(self.path("s-"), sequence=True)
        self.assertEqual(suffix(third), 2)  # never reused
        # Deletes do not advance the counter, though they do change the visible cversion.
        stat = self.client.exists(self.root)
        self.assertEqual((stat.cversion, stat.numChildren), (5, 1))

    def test_ephemeral_sequential(self):
        path, stat = self.client.create(self.path("e-"), ephemeral=True, sequence=True,
                                        include_data=True)
        self.assertEqual(path, self.path("e-0000000000"))
        self.assertEqual(stat.ephemeralOwner, self.client.client_id[0])

    def test_empty_prefix(self):
        # A sequential create may end in "/": the suffix becomes the whole name.
        self.assertEqual(self.client.create(self.root + "/", sequence=True),
                         self.path("0000000000"))

    def test_concurrent_creators_get_distinct_contiguous_numbers(self):
        clients = [self.new_client() for _ in range(3)]
        created = []
        lock = threading.Lock()

        def create_many(client):
            for _ in range(20):
                path = client.create(self.path("c-"), sequence=True)
                with lock:
                    created.append(path)

        threads = [threading.Thread(target=create_many, args=(c,)) for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        self.assertEqual(sorted(suffix(p) for p in created), list(range(60)))
        self.assertEqual(len(self.client.get_children(self.root)), 60)


if __name__ == "__main__":
    zscommon.main()
