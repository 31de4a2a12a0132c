#include "widgets/main_window.h"

#include "bridge/background_job.h"
#include "models/error_text.h"
#include "models/znode_tree_model.h"
#include "widgets/copy_move_flow.h"
#include "widgets/create_node_dialog.h"
#include "widgets/data_editor.h"
#include "widgets/delete_flow.h"
#include "widgets/icons.h"
#include "widgets/node_inspector.h"
#include "widgets/notifications_dock.h"
#include "widgets/search_dialog.h"
#include "widgets/servers_dock.h"
#include "widgets/transfer_dialog.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSplitter>
#include <QStatusBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace zs::ui {

namespace {

constexpr int kMessageMs = 10000;
// The first layout; the user's own is remembered (AppWindow).
constexpr int kTreeWidth = 420;
constexpr int kInspectorWidth = 640;
constexpr int kDockHeight = 230;
constexpr int kNumberColumnWidth = 80;

} // namespace

MainWindow::MainWindow(std::unique_ptr<ZkSession> session, QWidget* parent)
    : QMainWindow(parent), session_(std::move(session)),
      model_(new ZnodeTreeModel(*session_, this)), filter_(new TreeViewModel(this)),
      name_filter_(new QLineEdit(this)), tree_(new QTreeView(this)),
      inspector_(new NodeInspector(*session_, this)),
      notifications_(new NotificationsDock(*session_, this)),
      servers_(new ServersDock(session_->connect_string(), this)), state_(new QLabel(this)) {
    setWindowTitle(tr("ZooScope — %1").arg(session_->connect_string()));
    filter_->setSourceModel(model_);
    name_filter_->setObjectName(QStringLiteral("name_filter"));
    name_filter_->setPlaceholderText(tr("Filter loaded nodes by name"));
    name_filter_->setClearButtonEnabled(true);
    connect(name_filter_, &QLineEdit::textChanged, this, &MainWindow::apply_name_filter);
    tree_->setModel(filter_);
    // A node with 100,000 children scrolls without measuring each row.
    tree_->setUniformRowHeights(true);
    // Fixed widths for the numbers: fitting them to their contents would measure every row.
    tree_->header()->setSectionResizeMode(ZnodeTreeModel::name_column, QHeaderView::Stretch);
    tree_->header()->setStretchLastSection(false);
    tree_->header()->resizeSection(ZnodeTreeModel::children_column, kNumberColumnWidth);
    tree_->header()->resizeSection(ZnodeTreeModel::size_column, kNumberColumnWidth);
    tree_->setContextMenuPolicy(Qt::CustomContextMenu);
    tree_->expand(view_index("/"));
    auto* left = new QWidget(this);
    auto* left_layout = new QVBoxLayout(left);
    left_layout->setContentsMargins(0, 0, 0, 0);
    left_layout->addWidget(name_filter_);
    left_layout->addWidget(tree_, 1);
    auto* split = new QSplitter(this);
    split->addWidget(left);
    split->addWidget(inspector_);
    split->setSizes({kTreeWidth, kInspectorWidth});
    setCentralWidget(split);
    addDockWidget(Qt::BottomDockWidgetArea, notifications_);
    addDockWidget(Qt::BottomDockWidgetArea, servers_);
    tabifyDockWidget(notifications_, servers_);
    notifications_->raise();
    resizeDocks({notifications_}, {kDockHeight}, Qt::Vertical);
    statusBar()->addPermanentWidget(state_);
    show_state(session_->state());
    build_menus();
    connect(session_.get(), &ZkSession::stateChanged, this, &MainWindow::show_state);
    connect(model_, &ZnodeTreeModel::problem, this, &MainWindow::show_message);
    connect(model_, &QAbstractItemModel::rowsInserted, this, &MainWindow::reveal_pending);
    connect(model_, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& changed) {
        // A node shown open while it had no children lists the first one that comes.
        const QModelIndex node = changed.siblingAtColumn(0);
        if (tree_->isExpanded(filter_->mapFromSource(node)) && model_->canFetchMore(node)) {
            model_->fetchMore(node);
        }
        reveal_pending();
    });
    connect(tree_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                inspector_->show_node(current.data(ZnodeTreeModel::path_role).toString());
            });
    resize(1100, 800);
}

MainWindow::~MainWindow() {
    // Background jobs wait on the session; they stop before it goes, and the views go before
    // the session their models read from.
    delete search_;
    qDeleteAll(findChildren<BackgroundJob*>());
    delete centralWidget();
    delete notifications_;
    delete filter_;
    delete model_;
}

void MainWindow::build_menus() {
    QMenu* node = menuBar()->addMenu(tr("&Node"));
    QAction* create = node->addAction(tr("&New node…"), this, &MainWindow::new_node);
    create->setShortcuts({QKeySequence(Qt::Key_Insert), QKeySequence::New});
    QAction* save =
        node->addAction(tr("&Save data"), this, [this] { inspector_->editor()->save(); });
    save->setShortcut(QKeySequence::Save);
    QAction* remove = node->addAction(tr("&Delete…"), this, &MainWindow::delete_node);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    tree_->addAction(remove); // Del in the data editor deletes text, not the node
    QAction* rename = node->addAction(tr("&Rename…"), this, &MainWindow::rename_node);
    rename->setShortcut(QKeySequence(Qt::Key_F2));
    rename->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    tree_->addAction(rename);
    QAction* duplicate = node->addAction(tr("Copy &to…"), this, &MainWindow::copy_node);
    QAction* move = node->addAction(tr("&Move to…"), this, &MainWindow::move_node);
    node->addSeparator();
    QAction* copy = node->addAction(tr("&Copy path"), this, &MainWindow::copy_path);
    copy->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    node->addSeparator();
    QAction* reload = node->addAction(tr("Re&fresh"), this, &MainWindow::refresh);
    reload->setShortcut(QKeySequence::Refresh);
    QAction* search = node->addAction(tr("&Find in subtree…"), this, &MainWindow::find);
    search->setShortcut(QKeySequence::Find);
    node->addSeparator();
    node->addAction(tr("&Export subtree…"), this, &MainWindow::export_subtree);
    node->addAction(tr("&Import…"), this, &MainWindow::import_subtree);
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(notifications_->toggleViewAction());
    view->addAction(servers_->toggleViewAction());

    connect(tree_, &QTreeView::customContextMenuRequested, this, [=, this](const QPoint& at) {
        QMenu menu(this);
        menu.addAction(create);
        menu.addAction(rename);
        menu.addAction(duplicate);
        menu.addAction(move);
        menu.addAction(remove);
        menu.addSeparator();
        menu.addAction(copy);
        menu.addAction(reload);
        menu.addAction(search);
        menu.exec(tree_->viewport()->mapToGlobal(at));
    });
}

QString MainWindow::state_text() const {
    return state_->text();
}

QString MainWindow::current_path() const {
    const QString path = tree_->currentIndex().data(ZnodeTreeModel::path_role).toString();
    return path.isEmpty() ? QStringLiteral("/") : path;
}

void MainWindow::new_node() {
    auto* dialog = new CreateNodeDialog(*session_, current_path(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CreateNodeDialog::created, this, [this](const QString& path) {
        show_message(tr("Created %1").arg(path));
        reveal(path);
    });
    dialog->open();
}

void MainWindow::delete_node() {
    auto* flow = new DeleteFlow(*session_, this, current_path());
    connect(flow, &DeleteFlow::finished, this, [this](const QString& message) {
        if (!message.isEmpty()) {
            show_message(message);
        }
    });
    flow->start();
}

void MainWindow::copy_node() {
    start_copy_move(int(CopyMoveFlow::Kind::copy));
}

void MainWindow::move_node() {
    start_copy_move(int(CopyMoveFlow::Kind::move));
}

void MainWindow::rename_node() {
    start_copy_move(int(CopyMoveFlow::Kind::rename));
}

void MainWindow::start_copy_move(int kind) {
    auto* flow = new CopyMoveFlow(*session_, this, current_path(), CopyMoveFlow::Kind(kind));
    connect(flow, &CopyMoveFlow::finished, this,
            [this](const QString& message, bool ok, const QString& destination) {
                if (!message.isEmpty()) {
                    show_message(message);
                }
                if (ok) {
                    reveal(destination);
                }
            });
    flow->start();
}

QModelIndex MainWindow::view_index(const std::string& path) const {
    return filter_->mapFromSource(model_->index_of(path));
}

void MainWindow::set_name_filter(const QString& text) {
    name_filter_->setText(text);
}

void MainWindow::apply_name_filter(const QString& text) {
    filter_->setFilterFixedString(text);
    if (text.isEmpty() && tree_->currentIndex().isValid()) {
        tree_->scrollTo(tree_->currentIndex());
    }
}

void MainWindow::refresh() {
    model_->refresh(filter_->mapToSource(tree_->currentIndex()));
    if (!inspector_->editor()->is_modified()) {
        inspector_->show_node(inspector_->path());
    }
    show_message(tr("Refreshed %1").arg(current_path()));
}

SearchDialog* MainWindow::find() {
    if (!search_) {
        search_ = new SearchDialog(*session_, current_path(), this);
        connect(search_, &SearchDialog::chosen, this, [this](const QString& path) {
            name_filter_->clear(); // the node must not be filtered out
            reveal(path);
        });
    } else if (!search_->running()) {
        search_->set_root(current_path());
    }
    search_->show();
    search_->raise();
    search_->activateWindow();
    return search_;
}

void MainWindow::export_subtree() {
    auto* dialog =
        new TransferDialog(*session_, TransferDialog::Direction::export_tree, current_path(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TransferDialog::finished, this, &MainWindow::show_message);
    dialog->open();
}

void MainWindow::import_subtree() {
    auto* dialog =
        new TransferDialog(*session_, TransferDialog::Direction::import_tree, current_path(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TransferDialog::finished, this, &MainWindow::show_message);
    dialog->open();
}

void MainWindow::reveal(const QString& path) {
    pending_reveal_ = path;
    reveal_pending();
}

void MainWindow::reveal_pending() {
    if (pending_reveal_.isEmpty()) {
        return;
    }
    // Walk down from "/": expand (and list) each loaded ancestor; the model's signals bring us
    // back here as rows arrive.
    QString prefix;
    const QStringList segments = pending_reveal_.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const QString& segment : segments) {
        const QModelIndex parent =
            model_->index_of((prefix.isEmpty() ? QStringLiteral("/") : prefix).toStdString());
        if (!parent.isValid()) {
            return;
        }
        tree_->expand(filter_->mapFromSource(parent));
        if (model_->canFetchMore(parent)) {
            model_->fetchMore(parent);
        }
        prefix += QLatin1Char('/') + segment;
    }
    const QModelIndex found = view_index(pending_reveal_.toStdString());
    if (found.isValid()) {
        pending_reveal_.clear();
        tree_->setCurrentIndex(found);
        tree_->scrollTo(found);
    }
}

void MainWindow::copy_path() {
    QApplication::clipboard()->setText(current_path());
    show_message(tr("Copied %1").arg(current_path()));
}

void MainWindow::show_message(const QString& message) {
    statusBar()->showMessage(message, kMessageMs);
}

void MainWindow::show_state(client::SessionState state) {
    state_->setText(
        QStringLiteral("%1 — %2").arg(session_->connect_string(), describe_state(state)));
}

} // namespace zs::ui
