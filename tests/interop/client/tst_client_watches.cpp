// Watches as the application sees them: one-time data, exist and child watches, persistent and
// persistent-recursive watches, their removal, and paths under a chroot. Changes come from a
// second client, as they would in practice.
#include "tst_client.h"

#include <QTest>

using namespace zs::testing;
using zs::client::CreateOp;
using zs::client::CreateResult;
using zs::proto::AddWatchMode;
using zs::proto::CreateMode;
using zs::proto::WatcherType;

void TestClient::dataWatchFiresOnce() {
    Loop loop;
    auto watcher = connect(loop);
    QVERIFY(watcher);
    auto writer = connect(loop);
    QVERIFY(writer);
    Sync w(*watcher);
    Sync b(*writer);
    QCOMPARE(std::get<0>(b.create("/dw", "0")), ErrorCode::ok);

    Events changed;
    QCOMPARE(std::get<0>(w.get_data("/dw", changed.watcher())), ErrorCode::ok);
    QCOMPARE(std::get<0>(b.set_data("/dw", "1")), ErrorCode::ok);
    QCOMPARE(changed.next_text(), event_text(EventType::node_data_changed, "/dw"));
    // One-time: a second change reaches nobody.
    QCOMPARE(std::get<0>(b.set_data("/dw", "2")), ErrorCode::ok);
    QVERIFY(changed.none_within());

    // Armed again, by exists this time; deletion fires it with NodeDeleted.
    Events deleted;
    QCOMPARE(std::get<0>(w.exists("/dw", deleted.watcher())), ErrorCode::ok);
    QCOMPARE(b.remove("/dw"), ErrorCode::ok);
    QCOMPARE(deleted.next_text(), event_text(EventType::node_deleted, "/dw"));
    QVERIFY(deleted.none_within());
    QVERIFY(changed.none_within(0ms));

    // A getData that fails arms nothing.
    Events never;
    QCOMPARE(std::get<0>(w.get_data("/dw", never.watcher())), ErrorCode::no_node);
    QCOMPARE(std::get<0>(b.create("/dw")), ErrorCode::ok);
    QVERIFY(never.none_within());

    // A client's own change: its watch callback runs before the change's completion, since
    // the server sends the event first.
    Events own;
    QCOMPARE(std::get<0>(w.get_data("/dw", own.watcher())), ErrorCode::ok);
    QCOMPARE(std::get<0>(w.set_data("/dw", "own")), ErrorCode::ok);
    QCOMPARE(own.size(), size_t(1));
    QCOMPARE(own.next_text(0ms), event_text(EventType::node_data_changed, "/dw"));

    // Two watchers on one path both hear the one event.
    Events first;
    Events second;
    QCOMPARE(std::get<0>(w.get_data("/dw", first.watcher())), ErrorCode::ok);
    QCOMPARE(std::get<0>(w.get_data("/dw", second.watcher())), ErrorCode::ok);
    QCOMPARE(std::get<0>(b.set_data("/dw", "3")), ErrorCode::ok);
    QCOMPARE(first.next_text(), event_text(EventType::node_data_changed, "/dw"));
    QCOMPARE(second.next_text(), event_text(EventType::node_data_changed, "/dw"));
}

void TestClient::existWatchSeesCreation() {
    Loop loop;
    auto watcher = connect(loop);
    QVERIFY(watcher);
    auto writer = connect(loop);
    QVERIFY(writer);
    Sync w(*watcher);
    Sync b(*writer);
    Events created;
    QCOMPARE(std::get<0>(w.exists("/xw", created.watcher())), ErrorCode::no_node);
    QCOMPARE(std::get<0>(b.create("/xw", "")), ErrorCode::ok);
    QCOMPARE(created.next_text(), event_text(EventType::node_created, "/xw"));
    QCOMPARE(std::get<0>(b.set_data("/xw", "1")), ErrorCode::ok);
    QVERIFY(created.none_within());
}

void TestClient::childWatch() {
    Loop loop;
    auto watcher = connect(loop);
    QVERIFY(watcher);
    auto writer = connect(loop);
    QVERIFY(writer);
    Sync w(*watcher);
    Sync b(*writer);
    QCOMPARE(std::get<0>(b.create("/cw")), ErrorCode::ok);

    Events kids;
    QCOMPARE(std::get<0>(w.get_children("/cw", kids.watcher())), ErrorCode::ok);
    // A data change is not a child change.
    QCOMPARE(std::get<0>(b.set_data("/cw", "x")), ErrorCode::ok);
    QVERIFY(kids.none_within());
    QCOMPARE(std::get<0>(b.create("/cw/a")), ErrorCode::ok);
    QCOMPARE(kids.next_text(), event_text(EventType::node_children_changed, "/cw"));
    QCOMPARE(std::get<0>(b.create("/cw/b")), ErrorCode::ok);
    QVERIFY(kids.none_within());

    // Re-armed, then the node itself goes: NodeDeleted.
    QCOMPARE(std::get<0>(w.get_children("/cw/a", kids.watcher())), ErrorCode::ok);
    QCOMPARE(b.remove("/cw/a"), ErrorCode::ok);
    QCOMPARE(kids.next_text(), event_text(EventType::node_deleted, "/cw/a"));
}

void TestClient::persistentWatchKeepsFiring() {
    Loop loop;
    auto watcher = connect(loop);
    QVERIFY(watcher);
    auto writer = connect(loop);
    QVERIFY(writer);
    Sync w(*watcher);
    Sync b(*writer);
    Events events;
    QCOMPARE(w.add_watch("/pw", AddWatchMode::persistent, events.watcher()), ErrorCode::ok);
    QCOMPARE(std::get<0>(b.create("/pw", "")), ErrorCode::ok);
    QCOMPARE(std::get<0>(b.set_data("/pw", "1")), ErrorCode::ok);
    QCOMPARE(std::get<0>(b.create("/pw/kid")), ErrorCode::ok);
    QCOMPARE(std::get<0>(b.set_data("/pw", "2")), ErrorCode::ok);
    // Descendants are not its business.
    QCOMPARE(std::get<0>(b.set_data("/pw/kid", "x")), ErrorCode::ok);
    QCOMPARE(b.remove("/pw/kid"), ErrorCode::ok);
    QCOMPARE(b.remove("/pw"), ErrorCode::ok);
    QCOMPARE(std::get<0>(b.create("/pw", "")), ErrorCode::ok);
    QCOMPARE(events.next_text(), event_text(EventType::node_created, "/pw"));
    QCOMPARE(events.next_text(), event_text(EventType::node_data_changed, "/pw"));
    QCOMPARE(events.next_text(), event_text(EventType::node_children_changed, "/pw"));
    QCOMPARE(events.next_text(), event_text(EventType::node_data_changed, "/pw"));
    QCOMPARE(events.next_text(), event_text(EventType::node_children_changed, "/pw"));
    QCOMPARE(events.next_text(), event_text(EventType::node_deleted, "/pw"));
    QCOMPARE(events.next_text(), event_text(EventType::node_created, "/pw"));
    QVERIFY(events.none_within());
}

void TestClient::persistentRecursiveWatch() {
    Loop loop;
    auto watcher = connect(loop);
    QVERIFY(watcher);
    auto writer = connect(loop);
    QVERIFY(writer);
    Sync w(*watcher);
    Sync b(*writer);
    Events events;
    QCOMPARE(w.add_watch("/rw", AddWatchMode::persistent_recursive, events.watcher()),
             ErrorCode::ok);
    QCOMPARE(std::get<0>(b.create("/rw")), ErrorCode::ok);
    QCOMPARE(std::get<0>(b.create("/rw/a")), ErrorCode::ok);
    QCOMPARE(std::get<0>(b.create("/rw/a/b")), ErrorCode::ok);
    QCOMPARE(std::get<0>(b.set_data("/rw/a/b", "x")), ErrorCode::ok);
    QCOMPARE(b.remove("/rw/a/b"), ErrorCode::ok);
    // Outside the watched subtree, even with a shared prefix.
    QCOMPARE(std::get<0>(b.create("/rwx")), ErrorCode::ok);
    QCOMPARE(std::get<0>(b.set_data("/rw", "y")), ErrorCode::ok);
    // Never NodeChildrenChanged for a recursive watch.
    QCOMPARE(events.next_text(), event_text(EventType::node_created, "/rw"));
    QCOMPARE(events.next_text(), event_text(EventType::node_created, "/rw/a"));
    QCOMPARE(events.next_text(), event_text(EventType::node_created, "/rw/a/b"));
    QCOMPARE(events.next_text(), event_text(EventType::node_data_changed, "/rw/a/b"));
    QCOMPARE(events.next_text(), event_text(EventType::node_deleted, "/rw/a/b"));
    QCOMPARE(events.next_text(), event_text(EventType::node_data_changed, "/rw"));
    QVERIFY(events.none_within());
}

void TestClient::recursiveWatchGetsNoChildEvents() {
    Loop loop;
    auto watcher = connect(loop);
    QVERIFY(watcher);
    auto writer = connect(loop);
    QVERIFY(writer);
    Sync w(*watcher);
    Sync b(*writer);
    QCOMPARE(std::get<0>(b.create("/rc")), ErrorCode::ok);
    QCOMPARE(std::get<0>(b.create("/rc/a")), ErrorCode::ok);
    Events recursive;
    Events kids;
    QCOMPARE(w.add_watch("/rc", AddWatchMode::persistent_recursive, recursive.watcher()),
             ErrorCode::ok);
    QCOMPARE(std::get<0>(w.get_children("/rc/a", kids.watcher())), ErrorCode::ok);
    // The server sends NodeChildrenChanged for the child watch on the same connection; the
    // recursive watcher must not hear it (as the Java client filters it since 3.9).
    QCOMPARE(std::get<0>(b.create("/rc/a/b")), ErrorCode::ok);
    QCOMPARE(kids.next_text(), event_text(EventType::node_children_changed, "/rc/a"));
    QCOMPARE(recursive.next_text(), event_text(EventType::node_created, "/rc/a/b"));
    QVERIFY(recursive.none_within());
}

void TestClient::removeWatches() {
    Loop loop;
    auto watcher = connect(loop);
    QVERIFY(watcher);
    auto writer = connect(loop);
    QVERIFY(writer);
    Sync w(*watcher);
    Sync b(*writer);
    QCOMPARE(std::get<0>(b.create("/rm")), ErrorCode::ok);

    // Nothing held: NOWATCHER, for every type.
    for (auto type : {WatcherType::data, WatcherType::children, WatcherType::any,
                      WatcherType::persistent, WatcherType::persistent_recursive}) {
        QCOMPARE(w.remove_watches("/rm", type), ErrorCode::no_watcher);
    }

    Events data;
    QCOMPARE(std::get<0>(w.get_data("/rm", data.watcher())), ErrorCode::ok);
    QCOMPARE(w.remove_watches("/rm", WatcherType::children), ErrorCode::no_watcher);
    QCOMPARE(w.remove_watches("/rm", WatcherType::data), ErrorCode::ok);
    QCOMPARE(data.next_text(), event_text(EventType::data_watch_removed, "/rm"));
    QCOMPARE(w.remove_watches("/rm", WatcherType::data), ErrorCode::no_watcher);
    QCOMPARE(std::get<0>(b.set_data("/rm", "x")), ErrorCode::ok);
    QVERIFY(data.none_within());

    // An exist watch is a data watch for removal.
    Events exist;
    QCOMPARE(std::get<0>(w.exists("/rm/later", exist.watcher())), ErrorCode::no_node);
    QCOMPARE(w.remove_watches("/rm/later", WatcherType::data), ErrorCode::ok);
    QCOMPARE(exist.next_text(), event_text(EventType::data_watch_removed, "/rm/later"));
    QCOMPARE(std::get<0>(b.create("/rm/later")), ErrorCode::ok);
    QVERIFY(exist.none_within());

    // ANY removes every kind held on the path, each told with its own event.
    Events child;
    Events data2;
    Events persistent;
    QCOMPARE(std::get<0>(w.get_children("/rm", child.watcher())), ErrorCode::ok);
    QCOMPARE(std::get<0>(w.get_data("/rm", data2.watcher())), ErrorCode::ok);
    QCOMPARE(w.remove_watches("/rm", WatcherType::any), ErrorCode::ok);
    QCOMPARE(child.next_text(), event_text(EventType::child_watch_removed, "/rm"));
    QCOMPARE(data2.next_text(), event_text(EventType::data_watch_removed, "/rm"));
    QCOMPARE(std::get<0>(b.create("/rm/kid")), ErrorCode::ok);
    QVERIFY(child.none_within());

    // ANY removes persistent watches of either kind too.
    QCOMPARE(w.add_watch("/rm/p", AddWatchMode::persistent, persistent.watcher()), ErrorCode::ok);
    QCOMPARE(w.remove_watches("/rm/p", WatcherType::persistent_recursive), ErrorCode::no_watcher);
    QCOMPARE(w.remove_watches("/rm/p", WatcherType::children), ErrorCode::no_watcher);
    QCOMPARE(w.remove_watches("/rm/p", WatcherType::any), ErrorCode::ok);
    QCOMPARE(persistent.next_text(), event_text(EventType::persistent_watch_removed, "/rm/p"));
    QCOMPARE(std::get<0>(b.create("/rm/p")), ErrorCode::ok);
    QVERIFY(persistent.none_within());

    Events recursive;
    QCOMPARE(w.add_watch("/rm", AddWatchMode::persistent_recursive, recursive.watcher()),
             ErrorCode::ok);
    QCOMPARE(std::get<0>(b.create("/rm/p/q")), ErrorCode::ok);
    QCOMPARE(recursive.next_text(), event_text(EventType::node_created, "/rm/p/q"));
    QCOMPARE(w.remove_watches("/rm", WatcherType::any), ErrorCode::ok);
    QCOMPARE(recursive.next_text(), event_text(EventType::persistent_watch_removed, "/rm"));
    QCOMPARE(std::get<0>(b.create("/rm/p/r")), ErrorCode::ok);
    QVERIFY(recursive.none_within());
    QCOMPARE(w.remove_watches("/rm", WatcherType::any), ErrorCode::no_watcher);
}

void TestClient::persistentWatcherTypesAreNew() {
    Loop loop;
    auto watcher = connect(loop);
    QVERIFY(watcher);
    auto writer = connect(loop);
    QVERIFY(writer);
    Sync w(*watcher);
    Sync b(*writer);
    Events persistent;
    QCOMPARE(w.add_watch("/pt", AddWatchMode::persistent, persistent.watcher()), ErrorCode::ok);
    // ZooKeeper 3.8 knows the watcher types CHILDREN, DATA and ANY only: PERSISTENT (4) and
    // PERSISTENT_RECURSIVE (5) came with 3.9 and are refused with MARSHALLINGERROR; the watch
    // stays, at the server and here. zoonode follows 3.9 (ARCHITECTURE.md lists where it does).
    if (server_->kind() == ServerKind::zoonode) {
        QCOMPARE(w.remove_watches("/pt", WatcherType::persistent), ErrorCode::ok);
        QCOMPARE(persistent.next_text(), event_text(EventType::persistent_watch_removed, "/pt"));
        QCOMPARE(std::get<0>(b.create("/pt")), ErrorCode::ok);
        QCOMPARE(w.remove_watches("/pt", WatcherType::persistent), ErrorCode::no_watcher);
        return;
    }
    QCOMPARE(w.remove_watches("/pt", WatcherType::persistent), ErrorCode::marshalling_error);
    QCOMPARE(std::get<0>(b.create("/pt")), ErrorCode::ok);
    QCOMPARE(persistent.next_text(), event_text(EventType::node_created, "/pt"));
    QCOMPARE(w.add_watch("/pt", AddWatchMode::persistent_recursive, persistent.watcher()),
             ErrorCode::ok);
    QCOMPARE(w.remove_watches("/pt", WatcherType::persistent_recursive),
             ErrorCode::marshalling_error);
    QCOMPARE(w.remove_watches("/pt", WatcherType::any), ErrorCode::ok);
}

void TestClient::chrootPathsAndEvents() {
    Loop loop;
    auto writer = connect(loop);
    QVERIFY(writer);
    Sync b(*writer);
    QCOMPARE(std::get<0>(b.create("/app")), ErrorCode::ok);
    QCOMPARE(std::get<0>(b.create("/app2")), ErrorCode::ok);

    ClientOptions rooted = options();
    rooted.connect_string += "/app";
    auto client = connect(loop, rooted);
    QVERIFY(client);
    Sync c(*client);

    const auto [err, created] = c.create("/x", "1");
    QCOMPARE(err, ErrorCode::ok);
    QCOMPARE(created.path, "/x");
    QCOMPARE(b.data_text("/app/x"), "1");
    QCOMPARE(std::get<1>(c.create("/s-", "", CreateMode::persistent_sequential)).path,
             "/s-0000000001");
    QCOMPARE(c.children_text("/"), "s-0000000001,x");
    QCOMPARE(std::get<1>(c.sync("/x")), "/x");
    const auto [err_r, root_stat] = c.exists("/");
    QCOMPARE(err_r, ErrorCode::ok);
    QCOMPARE(root_stat, std::get<1>(b.exists("/app")));

    const auto [err_m, results] = c.multi({CreateOp{"/m", "", {}}});
    QCOMPARE(err_m, ErrorCode::ok);
    QCOMPARE(std::get<CreateResult>(results.at(0).value).path, "/m");
    QCOMPARE(std::get<0>(c.create("/e", "", CreateMode::ephemeral)), ErrorCode::ok);
    QCOMPARE(joined(std::get<1>(c.get_ephemerals("/"))), "/e");
    QCOMPARE(std::get<1>(c.get_all_children_number("/")), 4);

    // Events come with chroot-relative paths; the chroot itself is "/". (Each path holds one
    // kind of watch: ZooKeeper 3.8 keeps one watch mode per session and path, so a recursive
    // watch would silence a child watch on the same node.)
    Events data;
    Events root_kids;
    Events root_data;
    Events recursive;
    QCOMPARE(std::get<0>(b.create("/app/r")), ErrorCode::ok);
    QCOMPARE(std::get<0>(c.get_data("/x", data.watcher())), ErrorCode::ok);
    QCOMPARE(std::get<0>(c.get_children("/", root_kids.watcher())), ErrorCode::ok);
    QCOMPARE(std::get<0>(c.get_data("/", root_data.watcher())), ErrorCode::ok);
    QCOMPARE(c.add_watch("/r", AddWatchMode::persistent_recursive, recursive.watcher()),
             ErrorCode::ok);
    QCOMPARE(std::get<0>(b.set_data("/app/x", "2")), ErrorCode::ok);
    QCOMPARE(data.next_text(), event_text(EventType::node_data_changed, "/x"));
    QCOMPARE(std::get<0>(b.create("/app/y")), ErrorCode::ok);
    QCOMPARE(root_kids.next_text(), event_text(EventType::node_children_changed, "/"));
    QCOMPARE(std::get<0>(b.set_data("/app", "r")), ErrorCode::ok);
    QCOMPARE(root_data.next_text(), event_text(EventType::node_data_changed, "/"));
    QCOMPARE(std::get<0>(b.create("/app/r/z")), ErrorCode::ok);
    QCOMPARE(recursive.next_text(), event_text(EventType::node_created, "/r/z"));
    QCOMPARE(c.remove_watches("/r", WatcherType::any), ErrorCode::ok);
    QCOMPARE(recursive.next_text(), event_text(EventType::persistent_watch_removed, "/r"));

    // A recursive watch on the chroot: a sibling that shares its prefix is outside it.
    Events everything;
    QCOMPARE(c.add_watch("/", AddWatchMode::persistent_recursive, everything.watcher()),
             ErrorCode::ok);
    QCOMPARE(std::get<0>(b.create("/app2/z")), ErrorCode::ok);
    QCOMPARE(std::get<0>(b.create("/app/r/w")), ErrorCode::ok);
    QCOMPARE(everything.next_text(), event_text(EventType::node_created, "/r/w"));
    QVERIFY(everything.none_within());
}
