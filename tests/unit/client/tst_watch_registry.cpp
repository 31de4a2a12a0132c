// WatchRegistry: which callbacks each notification reaches, what removal takes and what a
// reconnect re-registers, as ZooKeeper's Java client (ZKWatchManager) decides them.
#include "client/watch_registry.h"

#include <QStringList>
#include <QTest>
#include <memory>

using zs::client::WatchCallback;
using zs::client::WatchEvent;
using zs::client::WatchKind;
using zs::client::WatchRegistry;
using zs::proto::EventType;
using zs::proto::WatcherType;

namespace {

// A registry whose callbacks are named, so a test can say which ones an event reached.
class Named {
  public:
    void add(WatchKind kind, const std::string& path, const QString& name) {
        registry.add(kind, path, callback(name));
    }
    // The names `type` on `path` reaches, sorted and joined with ','.
    QString fire(EventType type, const std::string& path) {
        return names(registry.fire(type, path));
    }
    QString remove(WatcherType type, const std::string& path) {
        std::vector<WatchCallback> callbacks;
        for (auto& [kind, callback] : registry.remove(type, path)) {
            callbacks.push_back(std::move(callback));
        }
        return names(callbacks);
    }

    WatchRegistry registry;

  private:
    WatchCallback callback(const QString& name) {
        return [heard = heard_, name](const WatchEvent&) { heard->push_back(name); };
    }
    QString names(const std::vector<WatchCallback>& callbacks) {
        heard_->clear();
        for (const WatchCallback& callback : callbacks) {
            callback(WatchEvent{});
        }
        QStringList out = *heard_;
        out.sort();
        return out.join(QLatin1Char(','));
    }

    std::shared_ptr<QStringList> heard_ = std::make_shared<QStringList>();
};

} // namespace

class TestWatchRegistry : public QObject {
    Q_OBJECT

  private slots:
    void oneTimeWatchesPerEventType_data();
    void oneTimeWatchesPerEventType();
    void oneTimeWatchesFireOnce();
    void persistentWatchStays();
    void recursiveWatchCoversDescendants();
    void recursiveWatchHearsNoChildEvents();
    void severalCallbacksOnOnePath();
    void removeByType();
    void setWatchesListsEveryKind();
};

void TestWatchRegistry::oneTimeWatchesPerEventType_data() {
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("reached");
    QTest::newRow("created") << int(EventType::node_created) << "data,exist";
    QTest::newRow("data changed") << int(EventType::node_data_changed) << "data,exist";
    QTest::newRow("children changed") << int(EventType::node_children_changed) << "child";
    // Deletion reaches all three (exist only "just in case", as Java says).
    QTest::newRow("deleted") << int(EventType::node_deleted) << "child,data,exist";
    QTest::newRow("none") << int(EventType::none) << "";
    QTest::newRow("data watch removed") << int(EventType::data_watch_removed) << "";
}

void TestWatchRegistry::oneTimeWatchesPerEventType() {
    QFETCH(int, type);
    QFETCH(QString, reached);
    Named named;
    named.add(WatchKind::data, "/a", "data");
    named.add(WatchKind::exist, "/a", "exist");
    named.add(WatchKind::child, "/a", "child");
    named.add(WatchKind::data, "/b", "other path");
    QCOMPARE(named.fire(EventType(type), "/a"), reached);
}

void TestWatchRegistry::oneTimeWatchesFireOnce() {
    Named named;
    named.add(WatchKind::data, "/a", "data");
    named.add(WatchKind::child, "/a", "child");
    QCOMPARE(named.fire(EventType::node_data_changed, "/a"), "data");
    QCOMPARE(named.fire(EventType::node_data_changed, "/a"), "");
    // The child watch was not consumed by the data event.
    QCOMPARE(named.fire(EventType::node_deleted, "/a"), "child");
    QCOMPARE(named.fire(EventType::node_deleted, "/a"), "");
    QVERIFY(named.registry.empty());
}

void TestWatchRegistry::persistentWatchStays() {
    Named named;
    named.add(WatchKind::persistent, "/p", "p");
    for (auto type : {EventType::node_created, EventType::node_data_changed,
                      EventType::node_children_changed, EventType::node_deleted}) {
        QCOMPARE(named.fire(type, "/p"), "p");
    }
    // Not for descendants or other paths.
    QCOMPARE(named.fire(EventType::node_created, "/p/kid"), "");
    QCOMPARE(named.fire(EventType::node_created, "/"), "");
    QVERIFY(!named.registry.empty());
}

void TestWatchRegistry::recursiveWatchCoversDescendants() {
    Named named;
    named.add(WatchKind::persistent_recursive, "/r", "r");
    named.add(WatchKind::persistent_recursive, "/", "root");
    QCOMPARE(named.fire(EventType::node_created, "/r"), "r,root");
    QCOMPARE(named.fire(EventType::node_data_changed, "/r/a"), "r,root");
    QCOMPARE(named.fire(EventType::node_deleted, "/r/a/b/c"), "r,root");
    // A sibling that shares the prefix is not a descendant.
    QCOMPARE(named.fire(EventType::node_created, "/rx"), "root");
    QCOMPARE(named.fire(EventType::node_created, "/"), "root");
}

void TestWatchRegistry::recursiveWatchHearsNoChildEvents() {
    // The server sends NodeChildrenChanged only for a child watch, but the recursive watcher
    // above it must not hear it.
    Named named;
    named.add(WatchKind::persistent_recursive, "/r", "recursive");
    named.add(WatchKind::child, "/r/a", "child");
    named.add(WatchKind::persistent, "/r/a", "persistent");
    QCOMPARE(named.fire(EventType::node_children_changed, "/r/a"), "child,persistent");
    QCOMPARE(named.fire(EventType::node_children_changed, "/r"), "");
}

void TestWatchRegistry::severalCallbacksOnOnePath() {
    Named named;
    named.add(WatchKind::data, "/a", "first");
    named.add(WatchKind::data, "/a", "second");
    named.add(WatchKind::persistent, "/a", "persistent");
    named.add(WatchKind::persistent_recursive, "/a", "recursive");
    QCOMPARE(named.fire(EventType::node_data_changed, "/a"), "first,persistent,recursive,second");
}

void TestWatchRegistry::removeByType() {
    Named named;
    const auto fill = [&named] {
        named.add(WatchKind::data, "/a", "data");
        named.add(WatchKind::exist, "/a", "exist");
        named.add(WatchKind::child, "/a", "child");
        named.add(WatchKind::persistent, "/a", "persistent");
        named.add(WatchKind::persistent_recursive, "/a", "recursive");
    };
    fill();
    named.add(WatchKind::data, "/b", "elsewhere");
    QVERIFY(named.registry.has(WatcherType::data, "/a"));
    QVERIFY(!named.registry.has(WatcherType::children, "/b"));
    QVERIFY(!named.registry.has(WatcherType::any, "/c"));
    QCOMPARE(named.remove(WatcherType::data, "/a"), "data,exist");
    QVERIFY(!named.registry.has(WatcherType::data, "/a"));
    QCOMPARE(named.remove(WatcherType::children, "/a"), "child");
    QVERIFY(!named.registry.has(WatcherType::children, "/a"));
    QCOMPARE(named.remove(WatcherType::persistent, "/a"), "persistent");
    QCOMPARE(named.remove(WatcherType::persistent_recursive, "/a"), "recursive");
    QVERIFY(!named.registry.has(WatcherType::any, "/a"));
    QCOMPARE(named.remove(WatcherType::any, "/a"), "");
    QVERIFY(named.registry.has(WatcherType::any, "/b"));

    fill();
    QCOMPARE(named.remove(WatcherType::any, "/a"), "child,data,exist,persistent,recursive");
    QCOMPARE(named.fire(EventType::node_deleted, "/a"), "");
    QCOMPARE(named.fire(EventType::node_deleted, "/b"), "elsewhere");
}

void TestWatchRegistry::setWatchesListsEveryKind() {
    WatchRegistry registry;
    QVERIFY(registry.empty());
    const auto ignore = [](const WatchEvent&) {};
    registry.add(WatchKind::data, "/d", ignore);
    registry.add(WatchKind::data, "/d", ignore); // one path, however many callbacks
    registry.add(WatchKind::exist, "/e", ignore);
    registry.add(WatchKind::child, "/c", ignore);
    registry.add(WatchKind::persistent, "/p", ignore);
    registry.add(WatchKind::persistent_recursive, "/r", ignore);
    QVERIFY(!registry.empty());
    const zs::proto::SetWatches2 set = registry.to_set_watches(42);
    QCOMPARE(set.relative_zxid, 42);
    QCOMPARE(set.data_watches, std::vector<std::string>{"/d"});
    QCOMPARE(set.exist_watches, std::vector<std::string>{"/e"});
    QCOMPARE(set.child_watches, std::vector<std::string>{"/c"});
    QCOMPARE(set.persistent_watches, std::vector<std::string>{"/p"});
    QCOMPARE(set.persistent_recursive_watches, std::vector<std::string>{"/r"});
}

QTEST_APPLESS_MAIN(TestWatchRegistry)
#include "tst_watch_registry.moc"
