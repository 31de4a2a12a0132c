"""ACLs: digest authentication, NoAuth, world read-only, CREATOR_ALL, ip, getACL/setACL."""

import base64
import hashlib

from kazoo.exceptions import AuthFailedError, BadVersionError, InvalidACLError, NoAuthError
from kazoo.security import (ACL, CREATOR_ALL_ACL, OPEN_ACL_UNSAFE, READ_ACL_UNSAFE, Id, Permissions,
                            make_digest_acl)

import zscommon


def digest_id(user, password):
    raw = hashlib.sha1(("%s:%s" % (user, password)).encode()).digest()
    return "%s:%s" % (user, base64.b64encode(raw).decode())


def as_tuples(acls):
    return sorted((acl.perms, acl.id.scheme, acl.id.id) for acl in acls)


class AclTest(zscommon.ZkTestCase):

    def setUp(self):
        super().setUp()
        self.bob = self.new_client()
        self.bob.add_auth("digest", "bob:secret")
        self.anonymous = self.new_client()

    def test_digest_acl(self):
        node = self.path("secret")
        acl = make_digest_acl("bob", "secret", all=True)
        self.bob.create(node, b"hidden", acl=[acl])

        self.assertEqual(self.bob.get(node)[0], b"hidden")
        self.bob.set(node, b"still hidden")
        self.bob.create(self.path("secret", "child"))

        for denied in (lambda: self.anonymous.get(node),
                       lambda: self.anonymous.set(node, b"x"),
                       lambda: self.anonymous.get_children(node),
                       lambda: self.anonymous.get_acls(node),
                       lambda: self.anonymous.create(self.path("secret", "other")),
                       lambda: self.anonymous.delete(self.path("secret", "child")),
                       lambda: self.anonymous.set_acls(node, OPEN_ACL_UNSAFE)):
            with self.assertRaises(NoAuthError):
                denied()
        # exists checks no ACL, and deleting the node itself needs DELETE on the open parent.
        self.assertEqual(self.anonymous.exists(node).numChildren, 1)

        wrong = self.new_client()
        wrong.add_auth("digest", "bob:wrong")  # digest auth "succeeds", the id just differs
        with self.assertRaises(NoAuthError):
            wrong.get(node)

        acls, _ = self.bob.get_acls(node)
        self.assertEqual(as_tuples(acls), [(31, "digest", digest_id("bob", "secret"))])

    def test_world_read_only(self):
        node = self.path("ro")
        self.client.create(node, b"public", acl=READ_ACL_UNSAFE)
        self.assertEqual(self.anonymous.get(node)[0], b"public")
        self.assertEqual(self.anonymous.get_children(node), [])
        with self.assertRaises(NoAuthError):
            self.anonymous.set(node, b"x")
        with self.assertRaises(NoAuthError):
            self.anonymous.create(self.path("ro", "child"))
        with self.assertRaises(NoAuthError):
            self.anonymous.set_acls(node, OPEN_ACL_UNSAFE)
        self.anonymous.delete(node)  # DELETE is checked on the parent, which is open
        self.assertIsNone(self.client.exists(node))

    def test_single_permissions(self):
        for perms, allowed in [
            (Permissions.READ, {"get", "getacl"}),
            (Permissions.WRITE, {"set"}),
            (Permissions.CREATE, {"create"}),
            (Permissions.DELETE, {"delete"}),
            (Permissions.ADMIN, {"setacl", "getacl"}),
        ]:
            node = self.path("p%d" % perms)
            restricted = [ACL(perms, Id("world", "anyone"))]
            self.client.create(node)
            self.client.create(node + "/victim")
            self.client.set_acls(node, restricted)
            attempts = {
                "get": lambda: self.anonymous.get(node),
                "set": lambda: self.anonymous.set(node, b"x"),
                "create": lambda: self.anonymous.create(node + "/new"),
                "delete": lambda: self.anonymous.delete(node + "/victim"),
                "getacl": lambda: self.anonymous.get_acls(node),
                "setacl": lambda: self.anonymous.set_acls(node, restricted),
            }
            for name, attempt in attempts.items():
                try:
                    attempt()
                    outcome = "ok"
                except NoAuthError:
                    outcome = "noauth"
                expected = "ok" if name in allowed else "noauth"
                self.assertEqual(outcome, expected, "perms %d, %s" % (perms, name))

    def test_creator_all(self):
        node = self.path("mine")
        self.bob.create(node, b"x", acl=CREATOR_ALL_ACL)
        acls, _ = self.bob.get_acls(node)
        # "auth" is replaced by every authenticated id of the creator.
        self.assertEqual(as_tuples(acls), [(31, "digest", digest_id("bob", "secret"))])
        with self.assertRaises(NoAuthError):
            self.anonymous.get(node)
        # Without any authenticated id there is nobody to expand "auth" to.
        with self.assertRaises(InvalidACLError):
            self.anonymous.create(self.path("nobody"), acl=CREATOR_ALL_ACL)

    def test_invalid_acls(self):
        node = self.path("n")
        self.client.create(node)
        with self.assertRaises(InvalidACLError):
            self.client.set_acls(node, [])
        with self.assertRaises(InvalidACLError):
            self.client.create(self.path("bad"), acl=[ACL(31, Id("no-such-scheme", "x"))])
        with self.assertRaises(InvalidACLError):
            self.client.create(self.path("bad"), acl=[ACL(31, Id("digest", "no-colon"))])
        self.assertIsNone(self.client.exists(self.path("bad")))

    def test_ip_acl(self):
        mine = self.path("mine")
        theirs = self.path("theirs")
        self.client.create(mine, b"a", acl=[ACL(31, Id("ip", "127.0.0.1"))])
        self.client.create(theirs, b"b", acl=[ACL(31, Id("ip", "10.1.2.3"))])
        self.client.create(self.path("subnet"), b"c", acl=[ACL(31, Id("ip", "127.0.0.0/8"))])
        self.assertEqual(self.anonymous.get(mine)[0], b"a")
        self.assertEqual(self.anonymous.get(self.path("subnet"))[0], b"c")
        with self.assertRaises(NoAuthError):
            self.anonymous.get(theirs)

    def test_get_and_set_acl_with_version(self):
        node = self.path("n")
        self.client.create(node)
        acls, stat = self.client.get_acls(node)
        self.assertEqual(as_tuples(acls), [(31, "world", "anyone")])
        self.assertEqual(stat.aversion, 0)

        new_acls = READ_ACL_UNSAFE + [make_digest_acl("bob", "secret", all=True)]
        stat = self.client.set_acls(node, new_acls, version=0)
        self.assertEqual(stat.aversion, 1)
        with self.assertRaises(BadVersionError):
            self.bob.set_acls(node, OPEN_ACL_UNSAFE, version=0)
        acls, stat = self.bob.get_acls(node)
        self.assertEqual(as_tuples(acls), as_tuples(new_acls))
        self.assertEqual(stat.aversion, 1)
        self.bob.set_acls(node, OPEN_ACL_UNSAFE, version=1)
        self.assertEqual(self.client.get_acls(node)[1].aversion, 2)

    def test_duplicate_entries_are_removed(self):
        node = self.path("n")
        self.client.create(node, acl=READ_ACL_UNSAFE + READ_ACL_UNSAFE + OPEN_ACL_UNSAFE)
        acls, _ = self.client.get_acls(node)
        self.assertEqual(as_tuples(acls), [(1, "world", "anyone"), (31, "world", "anyone")])

    def test_super_user_bypasses_acls(self):
        node = self.path("locked")
        self.client.create(node, b"x", acl=[ACL(Permissions.WRITE, Id("world", "anyone"))])
        with self.assertRaises(NoAuthError):
            self.client.get(node)
        admin = self.new_client()
        admin.add_auth("digest", zscommon.SUPER_CREDENTIAL)
        self.assertEqual(admin.get(node)[0], b"x")
        admin.set_acls(node, READ_ACL_UNSAFE)
        self.assertEqual(self.client.get(node)[0], b"x")

    def test_unknown_auth_scheme_fails_the_session(self):
        victim = self.new_client()
        with self.assertRaises(AuthFailedError):
            victim.add_auth("no-such-scheme", "x")
        zscommon.wait_until(lambda: not victim.connected, message="connection closed")


if __name__ == "__main__":
    zscommon.main()
