#include "widgets/node_inspector.h"

#include "models/error_text.h"
#include "models/stat_rows.h"
#include "widgets/acl_editor.h"
#include "widgets/data_editor.h"

#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace zs::ui {

NodeInspector::NodeInspector(ZkSession& session, QWidget* parent)
    : QWidget(parent), session_(session), title_(new QLabel(this)),
      stat_(new QTableWidget(0, 2, this)), editor_(new DataEditor(session, this)),
      acl_(new AclEditor(session, this)) {
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    stat_->setHorizontalHeaderLabels({tr("Field"), tr("Value")});
    stat_->horizontalHeader()->setStretchLastSection(true);
    stat_->verticalHeader()->hide();
    stat_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    stat_->setObjectName(QStringLiteral("stat"));
    auto* split = new QSplitter(Qt::Vertical, this);
    auto* tabs = new QTabWidget(this);
    tabs->addTab(editor_, tr("Data"));
    tabs->addTab(acl_, tr("ACL"));
    split->addWidget(stat_);
    split->addWidget(tabs);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title_);
    layout->addWidget(split, 1);
    connect(editor_, &DataEditor::statChanged, this, &NodeInspector::show_stat);
    session_.follow_changes(this, [this](const client::WatchEvent& event) { on_event(event); });
}

void NodeInspector::show_node(const QString& path) {
    path_ = path;
    title_->setText(path);
    stat_->setRowCount(0);
    editor_->clear();
    acl_->show_node(path);
    if (!path.isEmpty()) {
        read();
    }
}

void NodeInspector::read() {
    QPointer<NodeInspector> self(this);
    const QString path = path_;
    session_.get_data(path.toStdString(),
                      [self, path](proto::ErrorCode err, client::DataResult result) {
                          if (self && self->path_ == path) {
                              self->show_result(err, result);
                          }
                      });
}

void NodeInspector::show_result(proto::ErrorCode err, const client::DataResult& result) {
    if (err != proto::ErrorCode::ok) {
        stat_->setRowCount(0);
        editor_->clear();
        editor_->mark_stale(tr("Cannot read: %1").arg(describe_error(err, path_)));
        return;
    }
    show_stat(result.stat);
    editor_->load(path_, result);
    emit shown(path_);
}

void NodeInspector::show_stat(const proto::Stat& stat) {
    const auto rows = stat_rows(stat);
    stat_->setRowCount(int(rows.size()));
    for (int i = 0; i < int(rows.size()); ++i) {
        stat_->setItem(i, 0, new QTableWidgetItem(rows[size_t(i)].first));
        stat_->setItem(i, 1, new QTableWidgetItem(rows[size_t(i)].second));
    }
}

void NodeInspector::on_event(const client::WatchEvent& event) {
    if (path_.isEmpty() || QString::fromStdString(event.path) != path_) {
        return;
    }
    if (event.type == proto::EventType::node_deleted) {
        editor_->mark_stale(tr("%1 was deleted on the server").arg(path_));
    } else if (editor_->is_modified()) {
        editor_->mark_stale(tr("%1 changed on the server since you opened it; saving will show "
                               "both versions")
                                .arg(path_));
    } else {
        read();
    }
}

} // namespace zs::ui
