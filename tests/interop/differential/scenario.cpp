#include "scenario.h"

#include "jute.h"
#include "recorder.h"

#include <string>
#include <tuple>
#include <vector>

namespace zs::differential {
namespace {

using testing::JuteWriter;
using Kind = MultiOp::Kind;

// Opcodes the raw connection sends (the C client has no API for most of them).
constexpr int32_t kCreate = 1, kDelete = 2, kExists = 3, kGetData = 4, kSync = 9,
                  kCheckWatches = 17, kRemoveWatches = 18, kCreateContainer = 19, kCreateTtl = 21,
                  kCreate2 = 15, kGetEphemerals = 103, kAllChildrenNumber = 104, kAddWatch = 106,
                  kWhoAmI = 107;

// An ACL_vector that owns its strings; the C API wants mutable char pointers.
class AclList {
  public:
    AclList(std::initializer_list<std::tuple<int, const char*, const char*>> entries) {
        strings_.reserve(entries.size() * 2); // no reallocation: the ACLs point into it
        for (const auto& [perms, scheme, id] : entries) {
            strings_.emplace_back(scheme);
            char* scheme_text = strings_.back().data();
            strings_.emplace_back(id);
            acls_.push_back(ACL{perms, Id{scheme_text, strings_.back().data()}});
        }
        vector_ = ACL_vector{static_cast<int32_t>(acls_.size()), acls_.data()};
    }
    const ACL_vector& get() const { return vector_; }

  private:
    std::vector<std::string> strings_;
    std::vector<ACL> acls_;
    ACL_vector vector_{};
};

// digest id of "bob:pw": user ":" base64(sha1("bob:pw"))
constexpr const char* kBob = "bob:ikIaKsbtGweaHnb/jKn7OHqbunM=";

QByteArray acl_body(std::initializer_list<std::tuple<int, const char*, const char*>> entries) {
    JuteWriter writer;
    writer.int32(static_cast<int32_t>(entries.size()));
    for (const auto& [perms, scheme, id] : entries) {
        writer.int32(perms).buffer(scheme).buffer(id);
    }
    return writer.bytes();
}

const QByteArray kOpenAcl = acl_body({{ZOO_PERM_ALL, "world", "anyone"}});

QByteArray create_body(const QByteArray& path, int32_t flags, const QByteArray& acl = kOpenAcl) {
    return JuteWriter().buffer(path).buffer("d").raw(acl).int32(flags).bytes();
}

QByteArray ttl_body(const QByteArray& path, int32_t flags, int64_t ttl_ms) {
    return JuteWriter().buffer(path).buffer("d").raw(kOpenAcl).int32(flags).int64(ttl_ms).bytes();
}

QByteArray path_body(const QByteArray& path) {
    return JuteWriter().buffer(path).bytes();
}

QByteArray path_int_body(const QByteArray& path, int32_t value) {
    return JuteWriter().buffer(path).int32(value).bytes();
}

QByteArray path_watch_body(const QByteArray& path) {
    return JuteWriter().buffer(path).boolean(false).bytes();
}

// Printable label for a path that may hold control characters.
QString label(const char* op, const QByteArray& path) {
    return QString::fromLatin1(op) + QLatin1Char(' ') + Normalizer::data(path);
}

void create_modes(Recorder& r) {
    r.step(QStringLiteral("every create mode"));
    const QByteArray m = "/diff/modes";
    r.create("s1", m, QByteArray(), ZOO_PERSISTENT); // null data
    r.create("s1", m + "/p", "p", ZOO_PERSISTENT);
    r.create("s1", m + "/e", "e", ZOO_EPHEMERAL);
    r.create("s1", m + "/ps-", "", ZOO_PERSISTENT_SEQUENTIAL);
    r.create("s1", m + "/es-", "", ZOO_EPHEMERAL_SEQUENTIAL);
    r.create("s1", m + "/c", QByteArray(), ZOO_CONTAINER);
    r.create("s1", m + "/t", "t", ZOO_PERSISTENT_WITH_TTL, nullptr, 60000);
    r.create("s1", m + "/ts-", "t", ZOO_PERSISTENT_SEQUENTIAL_WITH_TTL, nullptr, 60000);
    r.create2("s1", m + "/p2", "p2", ZOO_PERSISTENT);
    r.create2("s1", m + "/e2", "e2", ZOO_EPHEMERAL);
    r.create2("s1", m + "/c2", QByteArray(), ZOO_CONTAINER);
    r.create2("s1", m + "/t2", "", ZOO_PERSISTENT_WITH_TTL, 60000);
    r.create2("s1", m + "/ts2-", "", ZOO_PERSISTENT_SEQUENTIAL_WITH_TTL, 1);
    r.create("s1", m + "/c/child", "x", ZOO_PERSISTENT);
    r.create("s1", m + "/c/eph", "x", ZOO_EPHEMERAL);
    r.create("s1", m + "/t/child", "x", ZOO_PERSISTENT);
    r.create("s1", m + "/e/child", "x", ZOO_PERSISTENT);
    r.create("s1", "/diff/nope/t", "", ZOO_PERSISTENT_WITH_TTL, nullptr, 60000);
    for (const QString& child : r.children("s1", m)) {
        r.get("s2", m + '/' + child.toUtf8());
    }

    r.step(QStringLiteral("create modes through raw opcodes"));
    r.raw(QStringLiteral("createContainer /diff/modes/rc"), kCreateContainer,
          create_body(m + "/rc", 4));
    r.raw(QStringLiteral("createContainer flags=0"), kCreateContainer, create_body(m + "/rc0", 0));
    r.raw(QStringLiteral("create2 flags=4"), kCreate2, create_body(m + "/rc2", 4));
    r.raw(QStringLiteral("create flags=5 (TTL mode, no ttl)"), kCreate, create_body(m + "/r5", 5));
    r.raw(QStringLiteral("create flags=7"), kCreate, create_body(m + "/r7", 7));
    r.raw(QStringLiteral("create flags=-1"), kCreate, create_body(m + "/rm1", -1));
    r.raw(QStringLiteral("createTTL ttl=0"), kCreateTtl, ttl_body(m + "/rt0", 5, 0));
    r.raw(QStringLiteral("createTTL ttl=-5"), kCreateTtl, ttl_body(m + "/rtm", 5, -5));
    r.raw(QStringLiteral("createTTL ttl=2^40-1"), kCreateTtl,
          ttl_body(m + "/rtmax", 5, (int64_t{1} << 40) - 1));
    r.raw(QStringLiteral("createTTL ttl=2^40"), kCreateTtl,
          ttl_body(m + "/rtover", 5, int64_t{1} << 40));
    r.raw(QStringLiteral("createTTL flags=0"), kCreateTtl, ttl_body(m + "/rtp", 0, 100));
    r.raw(QStringLiteral("createTTL flags=6"), kCreateTtl, ttl_body(m + "/rts-", 6, 100));
    r.raw(QStringLiteral("createTTL flags=1"), kCreateTtl, ttl_body(m + "/rte", 1, 100));
    r.children("s1", m);
}

void sequential_names(Recorder& r) {
    r.step(QStringLiteral("sequential naming"));
    const QByteArray s = "/diff/seq";
    r.create("s1", s, "", ZOO_PERSISTENT);
    r.create("s1", s + "/a-", "", ZOO_SEQUENCE);
    r.create("s1", s + "/a-", "", ZOO_SEQUENCE);
    r.create("s1", s + "/b-", "", ZOO_SEQUENCE);
    r.create("s1", s + "/plain", "", ZOO_PERSISTENT);
    r.create("s1", s + "/a-", "", ZOO_SEQUENCE);
    r.remove("s1", s + "/a-0000000001");
    r.remove("s1", s + "/plain");
    r.create("s1", s + "/a-", "", ZOO_SEQUENCE);
    r.create("s1", s + "/e-", "", ZOO_EPHEMERAL | ZOO_SEQUENCE);
    r.raw(QStringLiteral("create /diff/seq/ flags=2"), kCreate, create_body(s + "/", 2));
    r.raw(QStringLiteral("create /diff/seq/ flags=0"), kCreate, create_body(s + "/", 0));
    r.children("s1", s);
}

void versions_and_errors(Recorder& r) {
    r.step(QStringLiteral("versions and errors"));
    const QByteArray v = "/diff/ver";
    r.create("s1", v, "0", ZOO_PERSISTENT);
    r.set("s1", v, "1", 0);
    r.set("s1", v, "2", 0);
    r.set("s1", v, "2", 1);
    r.remove("s1", v, 1);
    r.create("s1", v + "/child", "", ZOO_PERSISTENT);
    r.remove("s1", v);
    r.remove("s1", v + "/child", 3);
    r.remove("s1", v + "/child", 0);
    r.remove("s1", v + "/child");
    r.set("s1", v + "/child", "x");
    r.get("s1", v + "/child");
    r.create("s1", v, "again", ZOO_PERSISTENT);
    r.create("s1", "/diff/missing/x", "", ZOO_PERSISTENT);
    r.remove("s1", v, 2);
    r.get("s1", v);

    r.step(QStringLiteral("reserved nodes"));
    for (const char* path : {"/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config"}) {
        r.remove("s1", path);
    }
    r.set("s1", "/zookeeper/config", "x");
    r.create("s1", "/zookeeper/config/x", "", ZOO_PERSISTENT);
    r.create("s1", "/zookeeper/diff", "", ZOO_PERSISTENT);
    r.remove("s1", "/zookeeper/diff");
    r.set("s1", "/zookeeper", "touched");
    r.set("s1", "/zookeeper", QByteArray());
}

void invalid_paths(Recorder& r) {
    r.step(QStringLiteral("invalid paths"));
    const QList<QByteArray> paths = {
        "",
        "relative",
        "/diff/",
        "/diff//x",
        "/diff/./x",
        "/diff/../x",
        "/diff/.",
        "/diff/..",
        "/diff/x\x01",
        "/diff/x\x7f",
        "/diff/\xc2\x80",         // U+0080
        "/diff/\xef\xbf\xbf",     // U+FFFF
        "/diff/\xee\x80\x80",     // U+E000, private use
        "/diff/\xf0\x9f\x98\x80", // U+1F600: needs a surrogate pair in Java
        QByteArray("/diff/x\0y", 9),
        "/diff/...",
        "/diff/ok.name",
        "/diff/\xc3\xbc", // U+00FC
    };
    for (const QByteArray& path : paths) {
        r.raw(label("create", path), kCreate, create_body(path, 0));
    }
    r.raw(label("getData", "relative"), kGetData, path_watch_body("relative"));
    r.raw(label("exists", "relative"), kExists, path_watch_body("relative"));
    r.raw(label("exists", QByteArray("/x\0y", 4)), kExists,
          path_watch_body(QByteArray("/x\0y", 4)));
    r.raw(label("getData", "/diff/"), kGetData, path_watch_body("/diff/"));
    r.raw(label("delete", "/diff/"), kDelete, path_int_body("/diff/", -1));
    r.raw(label("delete", "relative"), kDelete, path_int_body("relative", -1));
    r.children("s1", "/diff");
}

void invalid_acls(Recorder& r) {
    r.step(QStringLiteral("invalid ACLs"));
    const QByteArray a = "/diff/badacl";
    r.raw(QStringLiteral("create empty ACL"), kCreate, create_body(a, 0, acl_body({})));
    r.raw(QStringLiteral("create unknown scheme"), kCreate,
          create_body(a, 0, acl_body({{ZOO_PERM_ALL, "nosuch", "x"}})));
    r.raw(QStringLiteral("create auth scheme unauthenticated"), kCreate,
          create_body(a, 0, acl_body({{ZOO_PERM_ALL, "auth", ""}})));
    r.raw(QStringLiteral("create digest without colon"), kCreate,
          create_body(a, 0, acl_body({{ZOO_PERM_ALL, "digest", "bob"}})));
    r.raw(QStringLiteral("create bad ip"), kCreate,
          create_body(a, 0, acl_body({{ZOO_PERM_ALL, "ip", "999.1.1.1"}})));
    r.raw(QStringLiteral("create world other id"), kCreate,
          create_body(a, 0, acl_body({{ZOO_PERM_ALL, "world", "someone"}})));
    r.raw(QStringLiteral("create perms 0"), kCreate,
          create_body(a + "0", 0, acl_body({{0, "world", "anyone"}})));
    r.raw(QStringLiteral("create perms 32"), kCreate,
          create_body(a + "32", 0, acl_body({{32, "world", "anyone"}})));
    r.raw(QStringLiteral("create ip subnet"), kCreate,
          create_body(a + "ip", 0, acl_body({{ZOO_PERM_ALL, "ip", "127.0.0.0/8"}})));
    r.exists("s1", a);
    r.get_acl("s1", a + "0");
    r.get_acl("s1", a + "32");
}

void acls(Recorder& r) {
    r.step(QStringLiteral("ACL checks"));
    const QByteArray a = "/diff/acl";
    const AclList only_bob({{ZOO_PERM_ALL, "digest", kBob}});
    const AclList read_or_bob({{ZOO_PERM_READ, "world", "anyone"}, {ZOO_PERM_ALL, "digest", kBob}});
    const AclList admin_only({{ZOO_PERM_ADMIN, "world", "anyone"}});
    const AclList local_ip({{ZOO_PERM_ALL, "ip", "127.0.0.1"}});
    const AclList other_net({{ZOO_PERM_ALL, "ip", "10.0.0.0/8"}});
    const AclList duplicates({{ZOO_PERM_READ, "world", "anyone"},
                              {ZOO_PERM_READ, "world", "anyone"},
                              {ZOO_PERM_ALL, "world", "anyone"}});
    r.create("s1", a, "", ZOO_PERSISTENT);
    r.add_auth("s3", "digest", "bob:pw");
    r.create("s3", a + "/bob", "secret", ZOO_PERSISTENT, &only_bob.get());
    r.get("s1", a + "/bob");
    r.set("s1", a + "/bob", "x");
    r.exists("s1", a + "/bob");
    r.children("s1", a + "/bob");
    r.get_acl("s1", a + "/bob");
    r.create("s1", a + "/bob/x", "", ZOO_PERSISTENT);
    r.get("s3", a + "/bob");
    r.get_acl("s3", a + "/bob");
    r.set_acl("s3", a + "/bob", 3, read_or_bob.get());
    r.set_acl("s3", a + "/bob", 0, read_or_bob.get());
    r.get("s1", a + "/bob");
    r.set("s1", a + "/bob", "x");
    r.get_acl("s1", a + "/bob");

    r.create("s1", a + "/creator", "", ZOO_PERSISTENT, &ZOO_CREATOR_ALL_ACL);
    r.create("s3", a + "/creator", "", ZOO_PERSISTENT, &ZOO_CREATOR_ALL_ACL);
    r.get_acl("s3", a + "/creator");
    r.create("s1", a + "/ro", "r", ZOO_PERSISTENT, &ZOO_READ_ACL_UNSAFE);
    r.set("s1", a + "/ro", "x");
    r.create("s1", a + "/ro/x", "", ZOO_PERSISTENT);
    r.set_acl("s1", a + "/ro", 9, ZOO_OPEN_ACL_UNSAFE); // no ADMIN: NOAUTH wins over version
    r.create("s1", a + "/admin", "", ZOO_PERSISTENT, &admin_only.get());
    r.get_acl("s1", a + "/admin");
    r.get("s1", a + "/admin");
    r.set_acl("s1", a + "/admin", 9, admin_only.get());
    r.create("s1", a + "/ip", "", ZOO_PERSISTENT, &local_ip.get());
    r.get("s1", a + "/ip");
    r.create("s1", a + "/ip10", "", ZOO_PERSISTENT, &other_net.get());
    r.get("s1", a + "/ip10");
    r.create("s1", a + "/dup", "", ZOO_PERSISTENT, &duplicates.get());
    r.get_acl("s1", a + "/dup");
    r.remove("s1", a + "/ro");
    r.remove("s1", a + "/bob");

    r.step(QStringLiteral("unknown auth scheme"));
    r.open(QStringLiteral("s4"));
    r.add_auth("s4", "nosuch", "x");
    r.exists("s4", "/");
    r.close(QStringLiteral("s4"));
}

void multi(Recorder& r) {
    r.step(QStringLiteral("multi"));
    const QByteArray m = "/diff/multi";
    r.create("s1", m, "", ZOO_PERSISTENT);
    r.create("s1", m + "/old", "o", ZOO_PERSISTENT);
    r.multi("s1", {{Kind::create, m + "/a", "1", 0},
                   {Kind::create, m + "/b", "b", 0},
                   {Kind::set, m + "/a", "2", 0},
                   {Kind::check, m + "/a", {}, 1},
                   {Kind::create, m + "/s-", "", ZOO_SEQUENCE},
                   {Kind::create, m + "/e", "", ZOO_EPHEMERAL},
                   {Kind::remove, m + "/old", {}, 0}});
    r.children("s1", m);
    r.get("s1", m + "/a");
    r.multi("s1", {{Kind::create, m + "/n", "", 0},
                   {Kind::set, m + "/a", "x", 0},
                   {Kind::remove, m + "/a", {}, -1}});
    r.multi("s1", {{Kind::create, m + "/a", "", 0}, {Kind::create, m + "/n", "", 0}});
    r.multi("s1", {{Kind::check, m + "/a", {}, 1}, {Kind::remove, m + "/missing", {}, -1}});
    r.multi("s1", {{Kind::create, m + "/p", "", 0},
                   {Kind::create, m + "/p/c", "", 0},
                   {Kind::remove, m + "/p", {}, -1}});
    r.multi("s1", {{Kind::create, m + "/e/child", "", 0}});
    r.multi("s1", {{Kind::check, m + "/a", {}, 1}, {Kind::remove, m + "/a", {}, 1}});
    r.children("s1", m);
    r.exists("s1", m);
}

void counts_and_ephemerals(Recorder& r) {
    r.step(QStringLiteral("getEphemerals and getAllChildrenNumber"));
    for (const auto& [path, flags] :
         std::initializer_list<std::pair<QByteArray, int>>{{"/diff/eph", 0},
                                                           {"/diff/eph/a", 1},
                                                           {"/diff/eph/b", 1},
                                                           {"/diff/ephx", 1},
                                                           {"/diff/eph/s-", 3},
                                                           {"/diff/eph/p", 0}}) {
        r.raw(label("create", path) + QStringLiteral(" flags=%1").arg(flags), kCreate,
              create_body(path, flags));
    }
    for (const QByteArray& prefix : {QByteArray("/diff/eph"), QByteArray("/diff/eph/"),
                                     QByteArray("/"), QByteArray(""), QByteArray("/none")}) {
        r.raw(label("getEphemerals", prefix), kGetEphemerals, path_body(prefix));
    }
    for (const QByteArray& path :
         {QByteArray("/diff/eph"), QByteArray("/diff/eph/a"), QByteArray("/diff"), QByteArray("/"),
          QByteArray("/zookeeper"), QByteArray("/missing")}) {
        r.raw(label("getAllChildrenNumber", path), kAllChildrenNumber, path_body(path));
    }
}

void watches(Recorder& r) {
    const QByteArray w = "/diff/w";
    r.step(QStringLiteral("watch: exists on a missing node"));
    r.create("s1", w, "", ZOO_PERSISTENT);
    r.exists("s2", w + "/later", true);
    r.create("s1", w + "/later", "", ZOO_PERSISTENT);

    r.step(QStringLiteral("watch: children, one event for two changes"));
    r.children("s2", w, true);
    r.create("s1", w + "/c1", "", ZOO_PERSISTENT);
    r.create("s1", w + "/c2", "", ZOO_PERSISTENT);

    r.step(QStringLiteral("watch: data, one-shot"));
    r.get("s2", w + "/c1", true);
    r.set("s1", w + "/c1", "1");
    r.set("s1", w + "/c1", "2");

    r.step(QStringLiteral("watch: delete notifies data, child and parent watchers"));
    r.get("s2", w + "/c1", true);
    r.children("s2", w + "/c1", true);
    r.children("s2", w, true);
    r.remove("s1", w + "/c1");

    r.step(QStringLiteral("watch: failed reads set none"));
    r.get("s2", w + "/missing", true);
    r.children("s2", w + "/missing", true);
    r.create("s1", w + "/missing", "", ZOO_PERSISTENT);
    r.set("s1", w + "/missing", "x");

    r.step(QStringLiteral("watch: failed writes fire nothing"));
    r.get("s2", w + "/c2", true);
    r.set("s1", w + "/c2", "x", 9);
    r.multi("s1", {{Kind::set, w + "/c2", "y", -1}, {Kind::check, w + "/c2", {}, 99}});
    r.set_acl("s1", w + "/c2", -1, ZOO_OPEN_ACL_UNSAFE);
    r.set("s1", w + "/c2", "fires");

    r.step(QStringLiteral("watch: multi"));
    r.get("s2", w + "/c2", true);
    r.children("s2", w, true);
    r.multi("s1", {{Kind::set, w + "/c2", "m", -1}, {Kind::create, w + "/c3", "", 0}});

    r.step(QStringLiteral("watch: session close removes ephemerals"));
    r.open(QStringLiteral("s5"));
    r.create("s5", w + "/eph", "", ZOO_EPHEMERAL);
    r.exists("s2", w + "/eph", true);
    r.children("s2", w, true);
    r.close(QStringLiteral("s5"));

    r.step(QStringLiteral("watch: addWatch persistent and recursive"));
    r.raw(QStringLiteral("addWatch /diff/w PERSISTENT"), kAddWatch, path_int_body(w, 0));
    r.raw(QStringLiteral("addWatch /diff/w/rec PERSISTENT_RECURSIVE"), kAddWatch,
          path_int_body(w + "/rec", 1));
    r.create("s1", w + "/rec", "", ZOO_PERSISTENT);
    r.create("s1", w + "/rec/a", "", ZOO_PERSISTENT);
    r.set("s1", w + "/rec/a", "x");
    r.create("s1", w + "/rec/a/b", "", ZOO_PERSISTENT);
    r.remove("s1", w + "/rec/a/b");
    r.create("s1", w + "/rec-sibling", "", ZOO_PERSISTENT);
    r.set("s1", w, "x");
    r.set("s1", w, "y");

    r.step(QStringLiteral("watch: checkWatches and removeWatches"));
    r.raw(QStringLiteral("checkWatches /diff/w CHILDREN"), kCheckWatches, path_int_body(w, 1));
    r.raw(QStringLiteral("checkWatches /diff/none ANY"), kCheckWatches,
          path_int_body("/diff/none", 3));
    r.raw(QStringLiteral("removeWatches /diff/none DATA"), kRemoveWatches,
          path_int_body("/diff/none", 2));
    r.raw(QStringLiteral("removeWatches /diff/w ANY"), kRemoveWatches, path_int_body(w, 3));
    r.raw(QStringLiteral("removeWatches /diff/w/rec ANY"), kRemoveWatches,
          path_int_body(w + "/rec", 3));
    r.set("s1", w, "after removal");
    r.set("s1", w + "/rec/a", "after removal");
}

void stat_semantics(Recorder& r) {
    r.step(QStringLiteral("stat semantics"));
    const QByteArray st = "/diff/stat";
    r.create("s1", st, "abc", ZOO_PERSISTENT);
    r.create("s1", st + "/c1", "", ZOO_PERSISTENT);
    r.create("s1", st + "/c2", "", ZOO_PERSISTENT);
    r.exists("s1", st);
    r.remove("s1", st + "/c1");
    r.exists("s1", st);
    r.set("s1", st, "");
    r.set("s1", st, QByteArray());
    r.get("s1", st);
    r.set_acl("s1", st, 0, ZOO_OPEN_ACL_UNSAFE);
    r.exists("s1", st);
    r.create("s1", st + "/c1", "again", ZOO_PERSISTENT);
    r.children("s1", st);
    r.set("s1", st + "/c2", "child data does not touch the parent");
    r.exists("s1", st);
    r.get("s1", "/diff");
}

void builtin_nodes(Recorder& r) {
    r.step(QStringLiteral("/ and /zookeeper"));
    for (const char* path : {"/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config"}) {
        r.get("s1", path);
        r.get_acl("s1", path);
        r.children("s1", path);
    }
}

void identity_and_sync(Recorder& r) {
    r.step(QStringLiteral("whoAmI, auth and sync"));
    r.raw(QStringLiteral("whoAmI"), kWhoAmI, {});
    r.raw_auth("digest", "bob:pw");
    r.raw(QStringLiteral("whoAmI"), kWhoAmI, {});
    r.raw_auth("digest", "alice:secret");
    r.raw(QStringLiteral("whoAmI"), kWhoAmI, {});
    r.raw(QStringLiteral("sync /diff"), kSync, path_body("/diff"));
    r.raw(QStringLiteral("sync /missing"), kSync, path_body("/missing"));
}

void four_letter_words(Recorder& r) {
    r.step(QStringLiteral("four-letter words"));
    for (const char* command : {"ruok", "isro", "srvr", "mntr", "conf"}) {
        r.four_letter(command);
    }
}

void protocol_errors(Recorder& r) {
    r.step(QStringLiteral("unknown opcode ends the connection"));
    r.raw(QStringLiteral("opcode 999"), 999, {});
    r.raw(QStringLiteral("exists / after it"), kExists, path_watch_body("/"));
}

} // namespace

bool run_scenario(const QString& host, quint16 port, Transcript* transcript, QString* error) {
    Recorder r(host, port);
    r.step(QStringLiteral("sessions"));
    // One after the other: session creation consumes zxids in this order on both servers.
    for (const char* name : {"s1", "s2", "s3"}) {
        if (!r.open(QString::fromLatin1(name))) {
            *error = QStringLiteral("C client %1 could not connect").arg(QLatin1String(name));
            return false;
        }
    }
    if (!r.open_raw()) {
        *error = QStringLiteral("the raw connection could not complete its handshake");
        return false;
    }

    r.step(QStringLiteral("scenario root"));
    r.create("s1", "/diff", "root", ZOO_PERSISTENT);
    r.set_zxid_base("s1", "/diff");
    r.exists("s1", "/diff");

    create_modes(r);
    sequential_names(r);
    versions_and_errors(r);
    invalid_paths(r);
    invalid_acls(r);
    acls(r);
    multi(r);
    counts_and_ephemerals(r);
    watches(r);
    stat_semantics(r);
    builtin_nodes(r);
    identity_and_sync(r);
    four_letter_words(r);
    protocol_errors(r);
    *transcript = r.finish();
    return true;
}

} // namespace zs::differential
