// The GUI's znode tree model against a real server (zoonode and Apache ZooKeeper 3.8), checked
// by QAbstractItemModelTester throughout: children listed when a node is expanded, in batches
// for a wide node; Stats read for the rows shown; changes made by another client appear, go and
// update without a refresh.
#include "client_harness.h"
#include "bridge/zk_session.h"
#include "models/znode_tree_model.h"
#include "server_process.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>

using namespace zs::testing;
using zs::ui::ZkSession;
using zs::ui::ZnodeTreeModel;

namespace {

constexpr int kWideChildren = 5000;

} // namespace

class TestZnodeTreeModel : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void init();
    void cleanup();
    void listsChildrenWhenExpanded();
    void readsStatsOfShownRows();
    void showsChangesMadeElsewhere();
    void listsAWideNodeInBatches();

  private:
    // Expands `path` (already a row) and waits until all its children are rows.
    bool expand(const std::string& path);
    QStringList child_names(const std::string& path) const;

    std::unique_ptr<ServerProcess> server_;
    Loop loop_;
    States writer_states_;
    std::unique_ptr<Client> writer_;
    std::unique_ptr<ZkSession> session_;
    std::unique_ptr<ZnodeTreeModel> model_;
    std::unique_ptr<QAbstractItemModelTester> tester_;
};

void TestZnodeTreeModel::initTestCase() {
    server_ = std::make_unique<ServerProcess>(server_kind_from_env());
    QVERIFY(server_->start());
    ClientOptions options;
    options.connect_string = server_->connect_string().toStdString();
    options.on_state = writer_states_.listener();
    writer_ = open_client(loop_, options);
    QVERIFY(writer_);
    QVERIFY(writer_states_.wait_for(SessionState::connected));
    Sync zk(*writer_);
    QCOMPARE(std::get<0>(zk.create("/tm", "")), ErrorCode::ok);
    for (const char* name : {"b", "a", "c"}) {
        QCOMPARE(std::get<0>(zk.create(std::string("/tm/") + name, "data")), ErrorCode::ok);
    }
    QCOMPARE(std::get<0>(zk.create("/tm/e", "", zs::proto::CreateMode::ephemeral)), ErrorCode::ok);
}

void TestZnodeTreeModel::init() {
    zs::client::ClientOptions options;
    options.connect_string = server_->connect_string().toStdString();
    auto opened = ZkSession::open(options);
    QVERIFY(std::holds_alternative<std::unique_ptr<ZkSession>>(opened));
    session_ = std::move(std::get<std::unique_ptr<ZkSession>>(opened));
    model_ = std::make_unique<ZnodeTreeModel>(*session_);
    tester_ = std::make_unique<QAbstractItemModelTester>(
        model_.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestZnodeTreeModel::cleanup() {
    tester_.reset();
    model_.reset();
    session_.reset();
}

bool TestZnodeTreeModel::expand(const std::string& path) {
    const QModelIndex index = model_->index_of(path);
    if (!index.isValid()) {
        return false;
    }
    if (model_->canFetchMore(index)) {
        model_->fetchMore(index);
    }
    return QTest::qWaitFor([&] { return model_->is_listed(model_->index_of(path)); }, 10000);
}

QStringList TestZnodeTreeModel::child_names(const std::string& path) const {
    QStringList names;
    const QModelIndex parent = model_->index_of(path);
    for (int row = 0; row < model_->rowCount(parent); ++row) {
        names << model_->index(row, ZnodeTreeModel::name_column, parent).data().toString();
    }
    return names;
}

void TestZnodeTreeModel::listsChildrenWhenExpanded() {
    QCOMPARE(model_->rowCount(), 1);
    QCOMPARE(model_->index(0, 0).data().toString(), QStringLiteral("/"));
    QVERIFY(model_->hasChildren(model_->index(0, 0)));
    QVERIFY(expand("/"));
    QVERIFY(child_names("/").contains(QStringLiteral("tm")));
    QVERIFY(child_names("/").contains(QStringLiteral("zookeeper")));
    QVERIFY(expand("/tm"));
    QCOMPARE(child_names("/tm"), QStringList({"a", "b", "c", "e"}));
    QCOMPARE(model_->index_of("/tm/b").data(ZnodeTreeModel::path_role).toString(),
             QStringLiteral("/tm/b"));
    // A leaf: once its Stat is known, nothing to expand.
    const QModelIndex leaf = model_->index_of("/tm/a");
    leaf.data(); // the view showing it reads its Stat
    QTRY_VERIFY(!model_->hasChildren(model_->index_of("/tm/a")));
    QVERIFY(!model_->canFetchMore(model_->index_of("/tm/a")));
}

void TestZnodeTreeModel::readsStatsOfShownRows() {
    QVERIFY(expand("/"));
    QVERIFY(expand("/tm"));
    auto cell = [this](const std::string& path, int column, int role = Qt::DisplayRole) {
        return model_->index_of(path).siblingAtColumn(column).data(role);
    };
    cell("/tm", ZnodeTreeModel::children_column);
    QTRY_COMPARE(cell("/tm", ZnodeTreeModel::children_column).toInt(), 4);
    cell("/tm/a", ZnodeTreeModel::size_column);
    QTRY_COMPARE(cell("/tm/a", ZnodeTreeModel::size_column).toInt(), 4);
    cell("/tm/e", ZnodeTreeModel::name_column, ZnodeTreeModel::kind_role);
    QTRY_COMPARE(cell("/tm/e", 0, ZnodeTreeModel::kind_role).toInt(),
                 int(ZnodeTreeModel::NodeKind::ephemeral));
    QTRY_COMPARE(cell("/tm/a", 0, ZnodeTreeModel::kind_role).toInt(),
                 int(ZnodeTreeModel::NodeKind::persistent));
}

void TestZnodeTreeModel::showsChangesMadeElsewhere() {
    QVERIFY(expand("/"));
    QVERIFY(expand("/tm"));
    model_->index_of("/tm/b").siblingAtColumn(2).data();
    QTRY_COMPARE(model_->index_of("/tm/b").siblingAtColumn(2).data().toInt(), 4);

    Sync zk(*writer_);
    QCOMPARE(std::get<0>(zk.create("/tm/bb", "")), ErrorCode::ok);
    QTRY_COMPARE(child_names("/tm"), QStringList({"a", "b", "bb", "c", "e"}));
    QCOMPARE(zk.remove("/tm/bb"), ErrorCode::ok);
    QTRY_COMPARE(child_names("/tm"), QStringList({"a", "b", "c", "e"}));
    QCOMPARE(std::get<0>(zk.set_data("/tm/b", "longer data")), ErrorCode::ok);
    QTRY_COMPARE(model_->index_of("/tm/b").siblingAtColumn(2).data().toInt(), 11);
    // A node under a parent that was never expanded: its parent's child count follows.
    QCOMPARE(std::get<0>(zk.create("/tm/a/deeper", "")), ErrorCode::ok);
    QTRY_COMPARE(model_->index_of("/tm/a").siblingAtColumn(1).data().toInt(), 1);
    QVERIFY(model_->hasChildren(model_->index_of("/tm/a")));
    QCOMPARE(zk.remove("/tm/a/deeper"), ErrorCode::ok);
}

void TestZnodeTreeModel::listsAWideNodeInBatches() {
    {
        Sync zk(*writer_);
        QCOMPARE(std::get<0>(zk.create("/wide", "")), ErrorCode::ok);
        std::vector<zs::client::Op> ops;
        for (int i = 0; i < kWideChildren; ++i) {
            ops.push_back(zs::client::CreateOp{"/wide/n" + std::to_string(i), "", {}});
            if (ops.size() == 1000) {
                QCOMPARE(std::get<0>(zk.multi(std::move(ops))), ErrorCode::ok);
                ops.clear();
            }
        }
    }
    // The tester re-reads every row of a parent on each change: quadratic on a wide node. The
    // other tests hold the same listing code to it on small nodes.
    tester_.reset();
    QVERIFY(expand("/"));
    QSignalSpy inserted(model_.get(), &ZnodeTreeModel::rowsInserted);
    QSignalSpy listed(model_.get(), &ZnodeTreeModel::childrenListed);
    QVERIFY(expand("/wide"));
    QCOMPARE(model_->rowCount(model_->index_of("/wide")), kWideChildren);
    // In batches: the window repaints between them.
    const QModelIndex wide = model_->index_of("/wide");
    const auto batches = std::count_if(inserted.begin(), inserted.end(), [&](const auto& args) {
        return args.at(0).template value<QModelIndex>() == wide;
    });
    QCOMPARE(int(batches),
             (kWideChildren + ZnodeTreeModel::kRowsPerBatch - 1) / ZnodeTreeModel::kRowsPerBatch);
    QCOMPARE(std::count_if(listed.begin(), listed.end(),
                           [&](const auto& args) {
                               return args.at(0).template value<QModelIndex>() == wide;
                           }),
             1);
    QStringList names = child_names("/wide");
    QStringList sorted = names;
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(names, sorted);
}

QTEST_GUILESS_MAIN(TestZnodeTreeModel)
#include "tst_znode_tree_model.moc"
