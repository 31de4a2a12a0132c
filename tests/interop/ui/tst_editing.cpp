// The desktop app's editing against a real server (zoonode and Apache ZooKeeper 3.8), offscreen,
// driven through its widgets: create in every mode, edit and save, a version conflict resolved
// both ways, a recursive delete confirmed with its count, and notifications arriving with their
// old -> new data. A second client plays "someone else".
#include "client_harness.h"
#include "bridge/zk_session.h"
#include "models/event_log_model.h"
#include "models/znode_tree_model.h"
#include "server_process.h"
#include "widgets/acl_editor.h"
#include "widgets/conflict_dialog.h"
#include "widgets/create_node_dialog.h"
#include "widgets/data_editor.h"
#include "widgets/main_window.h"
#include "widgets/node_inspector.h"
#include "widgets/notifications_dock.h"
#include "widgets/search_dialog.h"
#include "widgets/transfer_dialog.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>

using namespace zs::testing;
using zs::ui::MainWindow;

class TestEditing : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void createsInEveryMode();
    void createFailureKeepsTheDialogOpen();
    void editsAndSaves();
    void conflictOverwriteAndTakeTheirs();
    void changesElsewhereReloadTheEditor();
    void deletesASubtreeAfterShowingItsSize();
    void copiesMovesAndRenames();
    void filtersAndSearches();
    void editsAclsWithADigest();
    void exportsAndImports();
    void notificationsShowOldAndNewData();

  private:
    // Chooses `path` in the tree, expanding its ancestors, and waits for the inspector.
    void choose(const QString& path);
    QPlainTextEdit* editor_text() const;
    // Replaces the editor's text as typing would (modified).
    void type_text(const QString& text) const;
    template <class T> T* wait_for_child(const QString& name = {}) const;

    std::unique_ptr<ServerProcess> server_;
    Loop loop_;
    std::unique_ptr<Client> other_client_;
    std::unique_ptr<Sync> other_; // "someone else"
    std::unique_ptr<MainWindow> window_;
};

void TestEditing::initTestCase() {
    server_ = std::make_unique<ServerProcess>(server_kind_from_env());
    QVERIFY(server_->start());
    States states;
    ClientOptions options;
    options.connect_string = server_->connect_string().toStdString();
    options.on_state = states.listener();
    other_client_ = open_client(loop_, options);
    QVERIFY(other_client_);
    QVERIFY(states.wait_for(SessionState::connected));
    other_ = std::make_unique<Sync>(*other_client_);
    QCOMPARE(std::get<0>(other_->create("/app", "")), ErrorCode::ok);
}

void TestEditing::cleanupTestCase() {
    other_.reset();
    other_client_.reset();
}

void TestEditing::init() {
    ClientOptions options;
    options.connect_string = server_->connect_string().toStdString();
    auto opened = zs::ui::ZkSession::open(options);
    QVERIFY(std::holds_alternative<std::unique_ptr<zs::ui::ZkSession>>(opened));
    window_ = std::make_unique<MainWindow>(
        std::move(std::get<std::unique_ptr<zs::ui::ZkSession>>(opened)));
    window_->show();
    QTRY_VERIFY(window_->state_text().endsWith(QStringLiteral("Connected")));
}

void TestEditing::cleanup() {
    window_.reset();
}

void TestEditing::choose(const QString& path) {
    auto& model = *window_->model();
    QString prefix;
    for (const QString& segment : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        const QString parent = prefix.isEmpty() ? QStringLiteral("/") : prefix;
        QTRY_VERIFY(model.index_of(parent.toStdString()).isValid());
        window_->tree()->expand(window_->view_index(parent.toStdString()));
        prefix += QLatin1Char('/') + segment;
    }
    QTRY_VERIFY2(model.index_of(path.toStdString()).isValid(), qPrintable(path));
    window_->tree()->setCurrentIndex(window_->view_index(path.toStdString()));
    QTRY_COMPARE(window_->inspector()->editor()->path(), path);
    QTRY_VERIFY(window_->inspector()->editor()->isEnabled());
}

QPlainTextEdit* TestEditing::editor_text() const {
    return window_->inspector()->editor()->findChild<QPlainTextEdit*>(QStringLiteral("data"));
}

void TestEditing::type_text(const QString& text) const {
    editor_text()->setPlainText(text);
    editor_text()->document()->setModified(true);
}

template <class T> T* TestEditing::wait_for_child(const QString& name) const {
    T* found = nullptr;
    const auto look = [&] {
        for (T* child : window_->findChildren<T*>(name)) {
            if (child->isVisible()) {
                found = child;
            }
        }
        return found != nullptr;
    };
    return QTest::qWaitFor(look, 10000) ? found : nullptr;
}

void TestEditing::createsInEveryMode() {
    using zs::proto::CreateMode;
    struct Case {
        const char* name;
        CreateMode mode;
        bool sequential;
    };
    const Case cases[] = {
        {"persistent", CreateMode::persistent, false},
        {"ephemeral", CreateMode::ephemeral, false},
        {"pseq-", CreateMode::persistent_sequential, true},
        {"eseq-", CreateMode::ephemeral_sequential, true},
        {"container", CreateMode::container, false},
        {"ttl", CreateMode::persistent_with_ttl, false},
        {"ttlseq-", CreateMode::persistent_sequential_with_ttl, true},
    };
    choose(QStringLiteral("/app"));
    for (const Case& c : cases) {
        window_->new_node();
        auto* dialog = wait_for_child<zs::ui::CreateNodeDialog>();
        QVERIFY(dialog);
        QCOMPARE(dialog->findChild<QLineEdit*>(QStringLiteral("parent"))->text(),
                 QStringLiteral("/app"));
        dialog->findChild<QLineEdit*>(QStringLiteral("name"))->setText(QString::fromLatin1(c.name));
        auto* mode = dialog->findChild<QComboBox*>(QStringLiteral("mode"));
        mode->setCurrentIndex(mode->findData(int(c.mode)));
        auto* ttl = dialog->findChild<QLineEdit*>(QStringLiteral("ttl"));
        QCOMPARE(ttl->isEnabled(), c.mode == CreateMode::persistent_with_ttl ||
                                       c.mode == CreateMode::persistent_sequential_with_ttl);
        ttl->setText(QStringLiteral("600000"));
        dialog->findChild<QPlainTextEdit*>(QStringLiteral("data"))
            ->setPlainText(QStringLiteral("made as %1").arg(QString::fromLatin1(c.name)));
        QSignalSpy created(dialog, &zs::ui::CreateNodeDialog::created);
        dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        QTRY_COMPARE(created.size(), 1);
        const std::string path = created.first().first().toString().toStdString();
        QCOMPARE(QString::fromStdString(path).startsWith(QStringLiteral("/app/") + c.name), true);
        QCOMPARE(path.size() == std::string("/app/").size() + strlen(c.name) + 10, c.sequential);

        auto [err, result] = other_->get_data(path);
        QCOMPARE(err, ErrorCode::ok);
        QCOMPARE(result.data.value_or(""), "made as " + std::string(c.name));
        const int64_t owner = result.stat.ephemeral_owner;
        // Containers and TTL nodes show no owner: servers report 0 for them (DataNode's
        // getClientEphemeralOwner), so only ephemerals can be told apart by their Stat.
        const bool ephemeral =
            c.mode == CreateMode::ephemeral || c.mode == CreateMode::ephemeral_sequential;
        QCOMPARE(ephemeral, owner != 0);
        // The new node appears in the tree ...
        QTRY_VERIFY(window_->model()->index_of(path).isValid());
        // ... and is chosen.
        QTRY_COMPARE(window_->current_path(), QString::fromStdString(path));
        window_->tree()->setCurrentIndex(window_->view_index("/app"));
    }
}

void TestEditing::createFailureKeepsTheDialogOpen() {
    choose(QStringLiteral("/app"));
    QCOMPARE(std::get<0>(other_->create("/app/taken", "x")), ErrorCode::ok);
    window_->new_node();
    auto* dialog = wait_for_child<zs::ui::CreateNodeDialog>();
    QVERIFY(dialog);
    dialog->findChild<QLineEdit*>(QStringLiteral("name"))->setText(QStringLiteral("taken"));
    dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    auto* error = dialog->findChild<QLabel*>(QStringLiteral("error"));
    QTRY_VERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("/app/taken already exists")),
             qPrintable(error->text()));
    QVERIFY(dialog->isVisible());
    dialog->findChild<QLineEdit*>(QStringLiteral("name"))->setText(QStringLiteral("a/b"));
    dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    QVERIFY2(error->text().contains(QStringLiteral("'/'")), qPrintable(error->text()));
    dialog->reject();
}

void TestEditing::editsAndSaves() {
    QCOMPARE(std::get<0>(other_->create("/app/config", R"({"z":1,"a":[true,null]})")),
             ErrorCode::ok);
    choose(QStringLiteral("/app/config"));
    auto* editor = window_->inspector()->editor();
    QCOMPARE(editor->format(), zs::ui::DataFormat::json);
    QTRY_VERIFY(editor_text()->toPlainText().contains(QStringLiteral("\n  \"z\": 1,")));

    // Invalid JSON is not saved, and says where it breaks.
    QSignalSpy finished(editor, &zs::ui::DataEditor::saveFinished);
    type_text(QStringLiteral("{\n  \"z\": 2,\n  \"a\" []\n}"));
    editor->save();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.takeFirst().first().toBool(), false);
    auto* status = editor->findChild<QLabel*>(QStringLiteral("data_status"));
    QVERIFY2(status->text().contains(QStringLiteral("line 3")), qPrintable(status->text()));

    // Valid JSON is saved compact (as it was read), keys in the user's order.
    type_text(QStringLiteral("{\n  \"z\": 2,\n  \"a\": []\n}"));
    QTest::keySequence(window_.get(), QKeySequence::Save);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished.takeFirst().first().toBool(), true);
    QCOMPARE(other_->data_text("/app/config"), QStringLiteral(R"({"z":2,"a":[]})"));
    QVERIFY(!editor->is_modified());
    QTRY_VERIFY(status->text().contains(QStringLiteral("version 1")));

    // Binary data edited as hex.
    QCOMPARE(std::get<0>(other_->create("/app/blob", std::string("\x00\x01\xfe", 3))),
             ErrorCode::ok);
    choose(QStringLiteral("/app/blob"));
    QCOMPARE(editor->format(), zs::ui::DataFormat::hex);
    QCOMPARE(editor_text()->toPlainText(), QStringLiteral("00 01 fe"));
    type_text(QStringLiteral("00 01 fe ff"));
    QVERIFY(editor->set_format(zs::ui::DataFormat::base64)); // the edit survives the switch
    QCOMPARE(editor_text()->toPlainText(), QStringLiteral("AAH+/w=="));
    editor->save();
    QTRY_COMPARE(finished.size(), 1);
    auto [err, blob] = other_->get_data("/app/blob");
    QCOMPARE(blob.data.value_or(""), std::string("\x00\x01\xfe\xff", 4));
}

void TestEditing::conflictOverwriteAndTakeTheirs() {
    QCOMPARE(std::get<0>(other_->create("/app/shared", "base")), ErrorCode::ok);
    choose(QStringLiteral("/app/shared"));
    auto* editor = window_->inspector()->editor();
    QSignalSpy finished(editor, &zs::ui::DataEditor::saveFinished);

    for (const auto choice :
         {zs::ui::ConflictDialog::overwrite, zs::ui::ConflictDialog::take_theirs}) {
        type_text(QStringLiteral("mine"));
        const std::string theirs =
            choice == zs::ui::ConflictDialog::overwrite ? "theirs 1" : "theirs 2";
        QCOMPARE(std::get<0>(other_->set_data("/app/shared", theirs)), ErrorCode::ok);
        editor->save();
        auto* dialog = wait_for_child<zs::ui::ConflictDialog>();
        QVERIFY(dialog);
        QCOMPARE(dialog->findChild<QPlainTextEdit*>(QStringLiteral("mine"))->toPlainText(),
                 QStringLiteral("mine"));
        QCOMPARE(dialog->findChild<QPlainTextEdit*>(QStringLiteral("theirs"))->toPlainText(),
                 QString::fromStdString(theirs));
        QVERIFY(dialog->findChild<QPlainTextEdit*>(QStringLiteral("diff"))
                    ->toPlainText()
                    .contains(QStringLiteral("+ mine")));
        dialog->button(choice)->click();
        QTRY_VERIFY(!finished.isEmpty());
        finished.clear();
        if (choice == zs::ui::ConflictDialog::overwrite) {
            QTRY_COMPARE(other_->data_text("/app/shared"), QStringLiteral("mine"));
        } else {
            QCOMPARE(other_->data_text("/app/shared"), QString::fromStdString(theirs));
            QCOMPARE(editor_text()->toPlainText(), QString::fromStdString(theirs));
            QVERIFY(!editor->is_modified());
        }
    }
}

void TestEditing::changesElsewhereReloadTheEditor() {
    QCOMPARE(std::get<0>(other_->create("/app/live", "one")), ErrorCode::ok);
    choose(QStringLiteral("/app/live"));
    QTRY_COMPARE(editor_text()->toPlainText(), QStringLiteral("one"));
    QCOMPARE(std::get<0>(other_->set_data("/app/live", "two")), ErrorCode::ok);
    QTRY_COMPARE(editor_text()->toPlainText(), QStringLiteral("two"));

    // While the user edits, the text stays theirs and the editor says what happened.
    type_text(QStringLiteral("editing"));
    QCOMPARE(std::get<0>(other_->set_data("/app/live", "three")), ErrorCode::ok);
    auto* status =
        window_->inspector()->editor()->findChild<QLabel*>(QStringLiteral("data_status"));
    QTRY_VERIFY2(status->text().contains(QStringLiteral("changed on the server")),
                 qPrintable(status->text()));
    QCOMPARE(editor_text()->toPlainText(), QStringLiteral("editing"));
}

void TestEditing::deletesASubtreeAfterShowingItsSize() {
    QCOMPARE(std::get<0>(other_->create("/app/doomed", "")), ErrorCode::ok);
    for (int i = 0; i < 30; ++i) {
        const std::string child = "/app/doomed/c" + std::to_string(i);
        QCOMPARE(std::get<0>(other_->create(child, "")), ErrorCode::ok);
        for (int j = 0; j < 9; ++j) {
            QCOMPARE(std::get<0>(other_->create(child + "/g" + std::to_string(j), "")),
                     ErrorCode::ok);
        }
    }
    choose(QStringLiteral("/app/doomed"));

    // Cancel leaves everything.
    window_->delete_node();
    auto* confirm = wait_for_child<QMessageBox>(QStringLiteral("confirm_delete"));
    QVERIFY(confirm);
    QVERIFY2(confirm->text().contains(QStringLiteral("300 nodes below")),
             qPrintable(confirm->text()));
    confirm->button(QMessageBox::Cancel)->click();
    QTest::qWait(200);
    QCOMPARE(std::get<1>(other_->get_all_children_number("/app/doomed")), 300);

    window_->delete_node();
    confirm = wait_for_child<QMessageBox>(QStringLiteral("confirm_delete"));
    QVERIFY(confirm);
    confirm->findChild<QPushButton*>(QStringLiteral("delete"))->click();
    QTRY_COMPARE(std::get<0>(other_->exists("/app/doomed")), ErrorCode::no_node);
    QTRY_VERIFY2(window_->statusBar()->currentMessage().contains(QStringLiteral("301 nodes")),
                 qPrintable(window_->statusBar()->currentMessage()));
    QTRY_VERIFY(!window_->model()->index_of("/app/doomed").isValid());

    // The server's own nodes are refused before asking.
    window_->tree()->setCurrentIndex(window_->view_index("/"));
    window_->delete_node();
    QTRY_VERIFY(window_->statusBar()->currentMessage().contains(QStringLiteral("cannot")));
}

void TestEditing::copiesMovesAndRenames() {
    QCOMPARE(std::get<0>(other_->create("/app/orig", "root")), ErrorCode::ok);
    for (int i = 0; i < 20; ++i) {
        QCOMPARE(std::get<0>(other_->create("/app/orig/k" + std::to_string(i), "v")),
                 ErrorCode::ok);
    }
    const auto answer = [this](const QString& text) {
        auto* prompt = wait_for_child<QInputDialog>(QStringLiteral("destination"));
        QVERIFY(prompt);
        prompt->setTextValue(text);
        prompt->accept();
    };

    choose(QStringLiteral("/app/orig"));
    window_->copy_node();
    answer(QStringLiteral("/app/copied"));
    QTRY_COMPARE(std::get<1>(other_->get_all_children_number("/app/copied")), 20);
    QCOMPARE(other_->data_text("/app/copied"), QStringLiteral("root"));
    QTRY_COMPARE(window_->current_path(), QStringLiteral("/app/copied")); // chosen when listed

    window_->rename_node();
    answer(QStringLiteral("renamed"));
    QTRY_COMPARE(std::get<0>(other_->exists("/app/copied")), ErrorCode::no_node);
    QCOMPARE(std::get<1>(other_->get_all_children_number("/app/renamed")), 20);
    QTRY_COMPARE(window_->current_path(), QStringLiteral("/app/renamed"));

    // Onto an existing node: refused, nothing changed, the reason in the status bar.
    window_->move_node();
    answer(QStringLiteral("/app/orig"));
    QTRY_VERIFY2(window_->statusBar()->currentMessage().contains(QStringLiteral("exists")),
                 qPrintable(window_->statusBar()->currentMessage()));
    QCOMPARE(std::get<1>(other_->get_all_children_number("/app/renamed")), 20);
}

void TestEditing::filtersAndSearches() {
    QCOMPARE(std::get<0>(other_->create("/app/find", "")), ErrorCode::ok);
    QCOMPARE(std::get<0>(other_->create("/app/find/alpha", "a needle here")), ErrorCode::ok);
    QCOMPARE(std::get<0>(other_->create("/app/find/beta", "nothing")), ErrorCode::ok);
    QCOMPARE(std::get<0>(other_->create("/app/find/gamma-NEEDLE", "x")), ErrorCode::ok);
    QCOMPARE(std::get<0>(other_->create("/app/find/blob", std::string("\0\xffneedle\x01", 9))),
             ErrorCode::ok);
    choose(QStringLiteral("/app/find"));
    window_->tree()->expand(window_->view_index("/app/find"));
    QTRY_VERIFY(window_->view_index("/app/find/beta").isValid());

    // The name filter keeps matches and their ancestors.
    window_->set_name_filter(QStringLiteral("gam"));
    QVERIFY(window_->view_index("/app/find/gamma-NEEDLE").isValid());
    QVERIFY(!window_->view_index("/app/find/beta").isValid());
    QCOMPARE(window_->tree()->model()->rowCount(window_->view_index("/app/find")), 1);
    window_->set_name_filter({});
    QVERIFY(window_->view_index("/app/find/beta").isValid());

    // The subtree search finds text in paths and data (text or binary), case-insensitively.
    zs::ui::SearchDialog* search = window_->find();
    QCOMPARE(search->findChild<QLineEdit*>(QStringLiteral("root"))->text(),
             QStringLiteral("/app/find"));
    search->findChild<QLineEdit*>(QStringLiteral("text"))->setText(QStringLiteral("needle"));
    QSignalSpy finished(search, &zs::ui::SearchDialog::searchFinished);
    search->start();
    QTRY_COMPARE(finished.size(), 1);
    QStringList found;
    for (int i = 0; i < search->results()->topLevelItemCount(); ++i) {
        found << search->results()->topLevelItem(i)->text(0);
    }
    found.sort();
    QCOMPARE(found, QStringList({"/app/find/alpha", "/app/find/blob", "/app/find/gamma-NEEDLE"}));

    // Choosing a match shows the node.
    window_->set_name_filter(QStringLiteral("zzz"));
    emit search->results()->itemActivated(search->results()->topLevelItem(0), 0);
    QTRY_COMPARE(window_->current_path(), search->results()->topLevelItem(0)->text(0));

    window_->refresh();
    QVERIFY(window_->statusBar()->currentMessage().startsWith(QStringLiteral("Refreshed")));
}

void TestEditing::editsAclsWithADigest() {
    QCOMPARE(std::get<0>(other_->create("/app/guarded", "secret data")), ErrorCode::ok);
    choose(QStringLiteral("/app/guarded"));
    auto* acl = window_->inspector()->acl_editor();
    QTRY_COMPARE(acl->table()->rowCount(), 1);
    QCOMPARE(acl->entries().front(),
             (zs::proto::Acl{zs::proto::perm::all, zs::proto::Id{"world", "anyone"}}));
    QSignalSpy saved(acl, &zs::ui::AclEditor::saveFinished);

    // Checked before sending, as the server would.
    acl->add_entry(zs::proto::Acl{zs::proto::perm::read, zs::proto::Id{"ip", "10.0.0.0/40"}});
    acl->save();
    QCOMPARE(saved.takeFirst().first().toBool(), false);
    auto* status = acl->findChild<QLabel*>(QStringLiteral("acl_status"));
    QVERIFY2(status->text().contains(QStringLiteral("mask")), qPrintable(status->text()));

    // Only bob may do anything now: the digest generator makes his id.
    acl->table()->setRowCount(0);
    acl->generate_digest();
    auto* generator = wait_for_child<QDialog>(QStringLiteral("digest_generator"));
    QVERIFY(generator);
    generator->findChild<QLineEdit*>(QStringLiteral("user"))->setText(QStringLiteral("bob"));
    generator->findChild<QLineEdit*>(QStringLiteral("password"))->setText(QStringLiteral("secret"));
    QVERIFY(generator->findChild<QLineEdit*>(QStringLiteral("digest"))
                ->text()
                .startsWith(QStringLiteral("bob:")));
    generator->accept();
    QCOMPARE(acl->table()->rowCount(), 1);
    acl->save();
    QTRY_COMPARE(saved.size(), 1);
    QCOMPARE(saved.takeFirst().first().toBool(), true);

    // The server agrees: without bob's credentials the node is closed, with them it opens.
    QCOMPARE(std::get<0>(other_->get_data("/app/guarded")), ErrorCode::no_auth);
    ClientOptions options;
    options.connect_string = server_->connect_string().toStdString();
    auto bob_client = open_client(loop_, options);
    QVERIFY(bob_client);
    Sync bob(*bob_client);
    QCOMPARE(bob.add_auth("digest", "bob:secret"), ErrorCode::ok);
    auto [err, result] = bob.get_data("/app/guarded");
    QCOMPARE(err, ErrorCode::ok);
    QCOMPARE(result.data.value_or(""), std::string("secret data"));
    auto [acl_err, now] = bob.get_acl("/app/guarded");
    QCOMPARE(now.acl.size(), size_t(1));
    QCOMPARE(now.acl.front().id.scheme, std::string("digest"));
    QCOMPARE(now.stat.aversion, 1);
    QCOMPARE(bob.close(), ErrorCode::ok);
}

void TestEditing::exportsAndImports() {
    QCOMPARE(std::get<0>(other_->create("/app/exp", "top")), ErrorCode::ok);
    for (int i = 0; i < 50; ++i) {
        QCOMPARE(
            std::get<0>(other_->create("/app/exp/n" + std::to_string(i), std::string(1, char(i)))),
            ErrorCode::ok);
    }
    choose(QStringLiteral("/app/exp"));
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("exp.jsonl"));

    window_->export_subtree();
    auto* dialog = wait_for_child<zs::ui::TransferDialog>(QStringLiteral("export"));
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QLineEdit*>(QStringLiteral("znode"))->text(),
             QStringLiteral("/app/exp"));
    dialog->findChild<QLineEdit*>(QStringLiteral("file"))->setText(file);
    QSignalSpy exported(dialog, &zs::ui::TransferDialog::finished);
    dialog->run();
    QTRY_COMPARE(exported.size(), 1);
    QVERIFY2(exported.first().first().toString().contains(QStringLiteral("Exported 51 nodes")),
             qPrintable(exported.first().first().toString()));
    QFile written(file);
    QVERIFY(written.open(QIODevice::ReadOnly));
    QCOMPARE(written.readAll().count('\n'), 52); // the header and one line per node

    // A hostile file: the dialog says why, and nothing is written.
    const QString bad = dir.filePath(QStringLiteral("bad.jsonl"));
    QFile garbage(bad);
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write(
        "{\"format\":\"zooscope-export\",\"version\":1,\"root\":\"/x\"}\n{\"path\":\"../up\"}\n");
    garbage.close();
    window_->import_subtree();
    auto* importing = wait_for_child<zs::ui::TransferDialog>(QStringLiteral("import"));
    QVERIFY(importing);
    importing->findChild<QLineEdit*>(QStringLiteral("file"))->setText(bad);
    importing->findChild<QLineEdit*>(QStringLiteral("znode"))
        ->setText(QStringLiteral("/app/imported"));
    importing->run();
    auto* error = importing->findChild<QLabel*>(QStringLiteral("error"));
    QTRY_VERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("line 2")), qPrintable(error->text()));
    QCOMPARE(std::get<0>(other_->exists("/app/imported")), ErrorCode::no_node);

    // The good file, under another path.
    importing->findChild<QLineEdit*>(QStringLiteral("file"))->setText(file);
    QSignalSpy imported(importing, &zs::ui::TransferDialog::finished);
    importing->run();
    QTRY_COMPARE(imported.size(), 1);
    QVERIFY2(imported.first().first().toString().contains(QStringLiteral("51 created")),
             qPrintable(imported.first().first().toString()));
    QCOMPARE(std::get<1>(other_->get_all_children_number("/app/imported")), 50);
    auto [err, node] = other_->get_data("/app/imported/n7");
    QCOMPARE(node.data.value_or(""), std::string(1, char(7)));
}

void TestEditing::notificationsShowOldAndNewData() {
    QCOMPARE(std::get<0>(other_->create("/app/watched", "")), ErrorCode::ok);
    QCOMPARE(std::get<0>(other_->create("/app/watched/known", "one\ntwo")), ErrorCode::ok);
    auto* dock = window_->notifications();
    dock->set_root(QStringLiteral("/app/watched"));
    auto* log = dock->log();
    QAbstractItemModelTester log_tester(log,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester filter_tester(dock->view()->model(),
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTest::qWait(300); // the feed reads what is there first
    dock->findChild<QToolButton*>(QStringLiteral("clear"))->click(); // the creations above

    QCOMPARE(std::get<0>(other_->create("/app/outside", "")), ErrorCode::ok); // not under root
    QCOMPARE(std::get<0>(other_->set_data("/app/watched/known", "one\nTWO")), ErrorCode::ok);
    QCOMPARE(std::get<0>(other_->create("/app/watched/new", "fresh")), ErrorCode::ok);
    QTRY_COMPARE(log->rowCount(), 2); // read before it goes
    QCOMPARE(other_->remove("/app/watched/new"), ErrorCode::ok);
    QTRY_COMPARE(log->rowCount(), 3);
    QCOMPARE(log->event(0).type, zs::proto::EventType::node_data_changed);
    QCOMPARE(log->event(0).path, QStringLiteral("/app/watched/known"));
    QCOMPARE(log->event(0).before,
             std::optional<std::optional<QByteArray>>(QByteArray("one\ntwo")));
    QCOMPARE(log->event(0).after, std::optional<std::optional<QByteArray>>(QByteArray("one\nTWO")));
    QCOMPARE(log->event(1).type, zs::proto::EventType::node_created);
    QCOMPARE(log->event(2).type, zs::proto::EventType::node_deleted);
    QCOMPARE(log->event(2).before, std::optional<std::optional<QByteArray>>(QByteArray("fresh")));

    dock->view()->setCurrentIndex(dock->view()->model()->index(0, 0));
    const QString diff =
        dock->findChild<QPlainTextEdit*>(QStringLiteral("event_diff"))->toPlainText();
    QVERIFY2(diff.contains(QStringLiteral("  one\n- two\n+ TWO")), qPrintable(diff));

    // Filtered by path text.
    dock->findChild<QLineEdit*>(QStringLiteral("filter"))->setText(QStringLiteral("new"));
    QCOMPARE(dock->view()->model()->rowCount(), 2);
    dock->findChild<QLineEdit*>(QStringLiteral("filter"))->clear();

    // Paused: held, then shown on resume.
    dock->set_paused(true);
    QCOMPARE(std::get<0>(other_->set_data("/app/watched/known", "three")), ErrorCode::ok);
    QTest::qWait(300);
    QCOMPARE(log->rowCount(), 3);
    dock->set_paused(false);
    QTRY_COMPARE(log->rowCount(), 4);

    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("events.jsonl"));
    QVERIFY(dock->export_to(file));
    QFile exported(file);
    QVERIFY(exported.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = exported.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 4);
    QVERIFY2(
        lines[0].contains(
            R"("event":"changed","path":"/app/watched/known","before":"one\ntwo","after":"one\nTWO")"),
        lines[0].constData());
    QVERIFY(!dock->export_to(dir.filePath(QStringLiteral("missing/dir/x.jsonl"))));

    dock->findChild<QToolButton*>(QStringLiteral("clear"))->click();
    QCOMPARE(log->rowCount(), 0);
}

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen"); // widget tests need no display
    }
    QApplication app(argc, argv);
    TestEditing test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_editing.moc"
