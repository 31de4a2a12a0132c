#include "widgets/main_window.h"

#include "models/znode_tree_model.h"
#include "widgets/node_inspector.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QStatusBar>
#include <QTreeView>

namespace zs::ui {

namespace {

QString describe(client::SessionState state) {
    switch (state) {
    case client::SessionState::connecting:
        return QObject::tr("Connecting");
    case client::SessionState::connected:
        return QObject::tr("Connected");
    case client::SessionState::connected_read_only:
        return QObject::tr("Connected (read-only server)");
    case client::SessionState::suspended:
        return QObject::tr("Suspended: reconnecting");
    case client::SessionState::expired:
        return QObject::tr("Session expired");
    case client::SessionState::auth_failed:
        return QObject::tr("Authentication failed");
    case client::SessionState::closed:
        return QObject::tr("Closed");
    }
    return {};
}

} // namespace

MainWindow::MainWindow(std::unique_ptr<ZkSession> session, QWidget* parent)
    : QMainWindow(parent), session_(std::move(session)),
      model_(new ZnodeTreeModel(*session_, this)), tree_(new QTreeView(this)),
      inspector_(new NodeInspector(*session_, this)), state_(new QLabel(this)) {
    setWindowTitle(tr("ZooScope — %1").arg(session_->connect_string()));
    tree_->setModel(model_);
    tree_->setUniformRowHeights(
        true); // a node with 100,000 children scrolls without measuring each
    tree_->header()->setSectionResizeMode(ZnodeTreeModel::name_column, QHeaderView::Stretch);
    tree_->header()->setStretchLastSection(false);
    tree_->expand(model_->index(0, 0));
    auto* split = new QSplitter(this);
    split->addWidget(tree_);
    split->addWidget(inspector_);
    split->setStretchFactor(1, 1);
    setCentralWidget(split);
    statusBar()->addPermanentWidget(state_);
    show_state(session_->state());
    connect(session_.get(), &ZkSession::stateChanged, this, &MainWindow::show_state);
    connect(model_, &ZnodeTreeModel::problem, this,
            [this](const QString& message) { statusBar()->showMessage(message, 10000); });
    connect(tree_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                inspector_->show_node(current.data(ZnodeTreeModel::path_role).toString());
            });
    resize(1000, 700);
}

MainWindow::~MainWindow() {
    // The views go before the session their model reads from.
    delete centralWidget();
    delete model_;
}

QString MainWindow::state_text() const {
    return state_->text();
}

void MainWindow::show_state(client::SessionState state) {
    state_->setText(QStringLiteral("%1 — %2").arg(session_->connect_string(), describe(state)));
}

} // namespace zs::ui
