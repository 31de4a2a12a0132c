#include "widgets/node_inspector.h"

#include "models/stat_rows.h"

#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace zs::ui {

NodeInspector::NodeInspector(ZkSession& session, QWidget* parent)
    : QWidget(parent), session_(session), title_(new QLabel(this)),
      stat_(new QTableWidget(0, 2, this)), data_(new QPlainTextEdit(this)) {
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    stat_->setHorizontalHeaderLabels({tr("Field"), tr("Value")});
    stat_->horizontalHeader()->setStretchLastSection(true);
    stat_->verticalHeader()->hide();
    stat_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    data_->setReadOnly(true);
    data_->setObjectName(QStringLiteral("data"));
    stat_->setObjectName(QStringLiteral("stat"));
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(stat_);
    split->addWidget(data_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title_);
    layout->addWidget(split, 1);
}

void NodeInspector::show_node(const QString& path) {
    path_ = path;
    title_->setText(path);
    stat_->setRowCount(0);
    data_->clear();
    if (path.isEmpty()) {
        return;
    }
    QPointer<NodeInspector> self(this);
    session_.get_data(path.toStdString(),
                      [self, path](proto::ErrorCode err, client::DataResult result) {
                          if (self && self->path_ == path) {
                              self->show_result(err, result);
                          }
                      });
}

void NodeInspector::show_result(proto::ErrorCode err, const client::DataResult& result) {
    if (err != proto::ErrorCode::ok) {
        data_->setPlainText(
            tr("Cannot read %1: %2").arg(path_, QString::fromUtf8(proto::error_name(err))));
        return;
    }
    const auto rows = stat_rows(result.stat);
    stat_->setRowCount(int(rows.size()));
    for (int i = 0; i < int(rows.size()); ++i) {
        stat_->setItem(i, 0, new QTableWidgetItem(rows[size_t(i)].first));
        stat_->setItem(i, 1, new QTableWidgetItem(rows[size_t(i)].second));
    }
    data_->setPlainText(result.data ? QString::fromUtf8(*result.data) : tr("(null)"));
    emit shown(path_);
}

} // namespace zs::ui
