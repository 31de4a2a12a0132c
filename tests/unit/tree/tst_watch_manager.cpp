#include "tree/watch_manager.h"
#include "tree_test_util.h"
#include "tree_tests.h"

#include <QtTest>

using tree_test::describe;
using zs::proto::EventType;
using zs::proto::WatcherType;
using zs::tree::WatchDelivery;
using zs::tree::WatchKind;
using zs::tree::WatchManager;

Q_DECLARE_METATYPE(WatchKind)
Q_DECLARE_METATYPE(EventType)
Q_DECLARE_METATYPE(WatcherType)

namespace {

std::vector<std::string> fire(WatchManager& watches, const char* path, EventType type) {
    std::vector<WatchDelivery> out;
    watches.trigger(path, type, out);
    return describe(out);
}

using Lines = std::vector<std::string>;

} // namespace

class TestWatchManager : public QObject {
    Q_OBJECT

  private slots:
    void trigger_rules_data();
    void trigger_rules();
    void one_delivery_per_watcher();
    void watchers_in_order_and_paths_kept_apart();
    void recursive_watch_removal_stops_ancestor_matches();
    void contains_and_remove_data();
    void contains_and_remove();
    void remove_any_drops_every_kind();
    void remove_watcher();
    void counts_and_dumps();
};

void TestWatchManager::trigger_rules_data() {
    QTest::addColumn<WatchKind>("kind");
    QTest::addColumn<QByteArray>("watched");
    QTest::addColumn<QByteArray>("event_path");
    QTest::addColumn<EventType>("event");
    QTest::addColumn<bool>("fires");
    QTest::addColumn<bool>("stays");
    using K = WatchKind;
    using E = EventType;
    const struct {
        const char* name;
        K kind;
        const char* watched;
        const char* event_path;
        E event;
        bool fires;
        bool stays;
    } rows[] = {
        {"data/created", K::data, "/a", "/a", E::node_created, true, false},
        {"data/changed", K::data, "/a", "/a", E::node_data_changed, true, false},
        {"data/deleted", K::data, "/a", "/a", E::node_deleted, true, false},
        {"data/children", K::data, "/a", "/a", E::node_children_changed, false, true},
        {"data/child path", K::data, "/a", "/a/b", E::node_data_changed, false, true},
        {"data/none type", K::data, "/a", "/a", E::none, false, true},
        {"child/created", K::child, "/a", "/a", E::node_created, false, true},
        {"child/changed", K::child, "/a", "/a", E::node_data_changed, false, true},
        {"child/deleted", K::child, "/a", "/a", E::node_deleted, true, false},
        {"child/children", K::child, "/a", "/a", E::node_children_changed, true, false},
        {"persistent/created", K::persistent, "/a", "/a", E::node_created, true, true},
        {"persistent/changed", K::persistent, "/a", "/a", E::node_data_changed, true, true},
        {"persistent/deleted", K::persistent, "/a", "/a", E::node_deleted, true, true},
        {"persistent/children", K::persistent, "/a", "/a", E::node_children_changed, true, true},
        {"persistent/descendant", K::persistent, "/a", "/a/b", E::node_created, false, true},
        {"recursive/created", K::persistent_recursive, "/a", "/a", E::node_created, true, true},
        {"recursive/changed", K::persistent_recursive, "/a", "/a", E::node_data_changed, true,
         true},
        {"recursive/deleted", K::persistent_recursive, "/a", "/a", E::node_deleted, true, true},
        {"recursive/children", K::persistent_recursive, "/a", "/a", E::node_children_changed, false,
         true},
        {"recursive/child created", K::persistent_recursive, "/a", "/a/b", E::node_created, true,
         true},
        {"recursive/grandchild deleted", K::persistent_recursive, "/a", "/a/b/c", E::node_deleted,
         true, true},
        {"recursive/grandchild changed", K::persistent_recursive, "/a", "/a/b/c",
         E::node_data_changed, true, true},
        {"recursive/child children", K::persistent_recursive, "/a", "/a/b",
         E::node_children_changed, false, true},
        {"recursive/root", K::persistent_recursive, "/", "/x/y", E::node_created, true, true},
        {"recursive/sibling prefix", K::persistent_recursive, "/a", "/ab", E::node_created, false,
         true},
        {"recursive/parent", K::persistent_recursive, "/a/b", "/a", E::node_deleted, false, true},
    };
    for (const auto& row : rows) {
        QTest::newRow(row.name) << row.kind << QByteArray(row.watched) << QByteArray(row.event_path)
                                << row.event << row.fires << row.stays;
    }
}

void TestWatchManager::trigger_rules() {
    QFETCH(WatchKind, kind);
    QFETCH(QByteArray, watched);
    QFETCH(QByteArray, event_path);
    QFETCH(EventType, event);
    QFETCH(bool, fires);
    QFETCH(bool, stays);
    WatchManager watches;
    watches.add(watched.toStdString(), 7, kind);
    const Lines delivered = fire(watches, event_path.constData(), event);
    QCOMPARE(delivered.size(), size_t(fires ? 1 : 0));
    if (fires) {
        QCOMPARE(delivered.front().substr(0, 2), std::string("7 "));
        QVERIFY(delivered.front().ends_with(" " + event_path.toStdString()));
    }
    QCOMPARE(watches.watch_count() != 0, stays);
}

void TestWatchManager::one_delivery_per_watcher() {
    WatchManager watches;
    for (const WatchKind kind : {WatchKind::data, WatchKind::child, WatchKind::persistent,
                                 WatchKind::persistent_recursive}) {
        watches.add("/a", 1, kind);
    }
    watches.add("/", 1, WatchKind::persistent_recursive);
    QCOMPARE(fire(watches, "/a", EventType::node_deleted), Lines{"1 deleted /a"});
    // The one-shot kinds are gone, the persistent ones stay (and still answer DATA and CHILDREN,
    // as they do in ZooKeeper 3.8).
    watches.remove("/a", 1, WatcherType::persistent);
    QVERIFY(watches.contains("/a", 1, WatcherType::data));
    QVERIFY(!watches.contains("/a", 1, WatcherType::children));
    watches.add("/a", 1, WatchKind::persistent);
    QCOMPARE(fire(watches, "/a", EventType::node_data_changed), Lines{"1 changed /a"});
}

void TestWatchManager::watchers_in_order_and_paths_kept_apart() {
    WatchManager watches;
    watches.add("/a", 30, WatchKind::data);
    watches.add("/a", 10, WatchKind::data);
    watches.add("/a", 20, WatchKind::child);
    watches.add("/b", 40, WatchKind::data);
    QCOMPARE(fire(watches, "/a", EventType::node_created),
             (Lines{"10 created /a", "30 created /a"}));
    QCOMPARE(fire(watches, "/a", EventType::node_created), Lines{});
    QCOMPARE(fire(watches, "/a", EventType::node_children_changed), Lines{"20 children /a"});
    QCOMPARE(fire(watches, "/b", EventType::node_data_changed), Lines{"40 changed /b"});
    QCOMPARE(watches.watch_count(), size_t(0));
}

void TestWatchManager::recursive_watch_removal_stops_ancestor_matches() {
    WatchManager watches;
    watches.add("/a", 1, WatchKind::persistent_recursive);
    QCOMPARE(fire(watches, "/a/b/c", EventType::node_created), Lines{"1 created /a/b/c"});
    QVERIFY(watches.remove("/a", 1, WatcherType::persistent_recursive));
    QCOMPARE(fire(watches, "/a/b/c", EventType::node_created), Lines{});
    QCOMPARE(watches.watch_count(), size_t(0));
}

void TestWatchManager::contains_and_remove_data() {
    QTest::addColumn<WatchKind>("kind");
    QTest::addColumn<WatcherType>("type");
    QTest::addColumn<bool>("matches");
    using K = WatchKind;
    using T = WatcherType;
    // ZooKeeper 3.9's DataTree.containsWatcher/removeWatch: data and children mean one-shot
    // watches only, persistent kinds are named explicitly, any matches everything.
    const struct {
        K kind;
        T type;
        bool matches;
    } rows[] = {
        {K::data, T::data, true},
        {K::data, T::children, false},
        {K::data, T::any, true},
        {K::data, T::persistent, false},
        {K::child, T::children, true},
        {K::child, T::data, false},
        {K::child, T::any, true},
        {K::persistent, T::persistent, true},
        // ZooKeeper 3.8 keeps persistent watches in its data and child tables, so DATA and
        // CHILDREN find them; a recursive one sits in the data table only.
        {K::persistent, T::data, true},
        {K::persistent, T::children, true},
        {K::persistent, T::any, true},
        {K::persistent, T::persistent_recursive, false},
        {K::persistent_recursive, T::persistent_recursive, true},
        {K::persistent_recursive, T::persistent, false},
        {K::persistent_recursive, T::data, true},
        {K::persistent_recursive, T::children, false},
        {K::persistent_recursive, T::any, true},
    };
    for (const auto& row : rows) {
        QTest::addRow("kind %d type %d", int(row.kind), int(row.type))
            << row.kind << row.type << row.matches;
    }
}

void TestWatchManager::contains_and_remove() {
    QFETCH(WatchKind, kind);
    QFETCH(WatcherType, type);
    QFETCH(bool, matches);
    WatchManager watches;
    watches.add("/a", 5, kind);
    QCOMPARE(watches.contains("/a", 5, type), matches);
    QVERIFY(!watches.contains("/a", 6, type));
    QVERIFY(!watches.contains("/a/b", 5, type));
    QVERIFY(!watches.contains("/", 5, type));
    QVERIFY(!watches.remove("/a", 6, type));
    QCOMPARE(watches.remove("/a", 5, type), matches);
    QCOMPARE(watches.contains("/a", 5, WatcherType::any), !matches);
    QVERIFY(!watches.remove("/a", 5, type));
}

void TestWatchManager::remove_any_drops_every_kind() {
    WatchManager watches;
    watches.add("/a", 1, WatchKind::data);
    watches.add("/a", 1, WatchKind::persistent_recursive);
    watches.add("/a", 2, WatchKind::child);
    QVERIFY(watches.remove("/a", 1, WatcherType::children) == false);
    // DATA takes the recursive watch too: ZooKeeper 3.8 keeps both in its data table.
    QVERIFY(watches.remove("/a", 1, WatcherType::data));
    QVERIFY(!watches.contains("/a", 1, WatcherType::persistent_recursive));
    watches.add("/a", 1, WatchKind::persistent_recursive);
    QVERIFY(watches.remove("/a", 1, WatcherType::any));
    QVERIFY(!watches.contains("/a", 1, WatcherType::any));
    QVERIFY(watches.contains("/a", 2, WatcherType::children));
    QCOMPARE(fire(watches, "/a/x", EventType::node_created), Lines{});
}

void TestWatchManager::remove_watcher() {
    WatchManager watches;
    watches.add("/a", 1, WatchKind::data);
    watches.add("/b", 1, WatchKind::persistent_recursive);
    watches.add("/a", 2, WatchKind::data);
    watches.remove_watcher(1);
    watches.remove_watcher(99);
    QCOMPARE(watches.watch_count(), size_t(1));
    QCOMPARE(fire(watches, "/b/c", EventType::node_created), Lines{});
    QCOMPARE(fire(watches, "/a", EventType::node_deleted), Lines{"2 deleted /a"});
}

void TestWatchManager::counts_and_dumps() {
    WatchManager watches;
    watches.add("/a", 1, WatchKind::data);
    watches.add("/a", 1, WatchKind::data); // a repeat changes nothing
    watches.add("/a", 2, WatchKind::child);
    watches.add("/b", 2, WatchKind::persistent);
    watches.add("/c", 3, WatchKind::persistent_recursive);
    watches.add("/d", 4, WatchKind::child);
    // ZooKeeper's data table: 1@/a, 2@/b, 3@/c; child table: 2@/a, 2@/b, 4@/d.
    QCOMPARE(watches.watch_count(), size_t(6));
    QCOMPARE(watches.data_watch_count(), size_t(3));
    QCOMPARE(watches.watched_path_count(), size_t(3));
    QCOMPARE(watches.watcher_count(), size_t(3));
    const std::map<zs::tree::WatcherId, std::vector<std::string>> by_watcher{
        {1, {"/a"}}, {2, {"/b"}}, {3, {"/c"}}};
    QVERIFY(watches.by_watcher() == by_watcher);
    watches.add("/b", 1, WatchKind::data);
    const std::map<std::string, std::vector<zs::tree::WatcherId>> by_path{
        {"/a", {1}}, {"/b", {1, 2}}, {"/c", {3}}};
    QVERIFY(watches.by_path() == by_path);
    QCOMPARE(watches.by_watcher()[1], (std::vector<std::string>{"/a", "/b"}));
}

int run_watch_manager_tests(int argc, char** argv) {
    TestWatchManager test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_watch_manager.moc"
