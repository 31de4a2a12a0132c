#include "widgets/notifications_dock.h"

#include "models/data_format.h"
#include "models/line_diff.h"
#include "models/notification_feed.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSaveFile>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace zs::ui {

namespace {

// Data as diffable lines: JSON pretty-printed (one-line JSON would differ in its only line), other
// text as it is, anything else in hex.
QStringList lines_of(const std::optional<std::optional<QByteArray>>& data) {
    if (!data || !*data) {
        return {};
    }
    const DataFormat format = detect_format(**data);
    const QString text = render_data(**data, format == DataFormat::hex || format == DataFormat::json
                                                 ? format
                                                 : DataFormat::text);
    return text.split(QLatin1Char('\n'));
}

QString describe(const std::optional<std::optional<QByteArray>>& data, const QString& when) {
    if (!data) {
        return QObject::tr("(the data %1 is not known: the node was not read before)").arg(when);
    }
    return *data ? QString() : QObject::tr("(null data %1)").arg(when);
}

QToolButton* tool_button(const QString& text, const QString& name, QWidget* parent) {
    auto* button = new QToolButton(parent);
    button->setText(text);
    button->setObjectName(name);
    return button;
}

} // namespace

NotificationsDock::NotificationsDock(ZkSession& session, QWidget* parent)
    : QDockWidget(tr("Notifications"), parent), feed_(new NotificationFeed(session, this)),
      log_(new EventLogModel(this)), filter_(new EventFilter(this)), root_(new QLineEdit(this)),
      text_(new QLineEdit(this)), kind_(new QComboBox(this)),
      pause_(tool_button(tr("Pause"), QStringLiteral("pause"), this)), view_(new QTableView(this)),
      diff_(new QPlainTextEdit(this)), count_(new QLabel(this)) {
    setObjectName(QStringLiteral("notifications"));
    root_->setText(feed_->root());
    root_->setObjectName(QStringLiteral("root"));
    root_->setToolTip(tr("Events under this path are recorded (Enter to apply)"));
    text_->setPlaceholderText(tr("Filter by path"));
    text_->setClearButtonEnabled(true);
    text_->setObjectName(QStringLiteral("filter"));
    kind_->addItem(tr("All events"), int(proto::EventType::none));
    for (auto type : {proto::EventType::node_created, proto::EventType::node_deleted,
                      proto::EventType::node_data_changed}) {
        kind_->addItem(event_name(type), int(type));
    }
    pause_->setCheckable(true);
    auto* clear = tool_button(tr("Clear"), QStringLiteral("clear"), this);
    auto* save = tool_button(tr("Export…"), QStringLiteral("export"), this);
    filter_->setSourceModel(log_);
    view_->setModel(filter_);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->verticalHeader()->hide();
    view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 6);
    view_->horizontalHeader()->setSectionResizeMode(EventLogModel::path_column,
                                                    QHeaderView::Stretch);
    view_->setWordWrap(false);
    diff_->setReadOnly(true);
    diff_->setObjectName(QStringLiteral("event_diff"));
    diff_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    diff_->setLineWrapMode(QPlainTextEdit::NoWrap);

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Under:"), this));
    bar->addWidget(root_, 1);
    bar->addWidget(text_, 1);
    bar->addWidget(kind_);
    bar->addWidget(pause_);
    bar->addWidget(clear);
    bar->addWidget(save);
    bar->addWidget(count_);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(view_);
    split->addWidget(diff_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    layout->addLayout(bar);
    layout->addWidget(split, 1);
    setWidget(body);

    connect(feed_, &NotificationFeed::arrived, this, &NotificationsDock::on_arrived);
    connect(root_, &QLineEdit::returnPressed, this, [this] { set_root(root_->text()); });
    connect(text_, &QLineEdit::textChanged, filter_, &EventFilter::set_text);
    connect(kind_, &QComboBox::currentIndexChanged, this,
            [this] { filter_->set_type(proto::EventType(kind_->currentData().toInt())); });
    connect(pause_, &QToolButton::toggled, this, &NotificationsDock::set_paused);
    connect(clear, &QToolButton::clicked, this, [this] {
        log_->clear();
        held_.clear();
        diff_->clear();
        update_count();
    });
    connect(save, &QToolButton::clicked, this, &NotificationsDock::choose_export_file);
    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &NotificationsDock::show_selected);
    update_count();
}

void NotificationsDock::set_root(const QString& root) {
    QString path = root.trimmed();
    if (path.size() > 1 && path.endsWith(QLatin1Char('/'))) {
        path.chop(1);
    }
    if (!path.startsWith(QLatin1Char('/'))) {
        root_->setStyleSheet(QStringLiteral("color: #d33;"));
        root_->setToolTip(tr("A znode path starts with '/'"));
        return;
    }
    root_->setStyleSheet({});
    root_->setText(path);
    feed_->set_root(path);
}

void NotificationsDock::set_paused(bool paused) {
    paused_ = paused;
    pause_->setChecked(paused);
    pause_->setText(paused ? tr("Resume") : tr("Pause"));
    if (!paused) {
        for (LoggedEvent& event : held_) {
            log_->append(std::move(event));
        }
        held_.clear();
    }
    update_count();
}

void NotificationsDock::on_arrived(const LoggedEvent& event) {
    if (paused_) {
        held_.push_back(event);
    } else {
        log_->append(event);
    }
    update_count();
}

void NotificationsDock::update_count() {
    QString text = tr("%1 events").arg(QLocale().toString(log_->rowCount()));
    if (!held_.empty()) {
        text += tr(", %1 held").arg(QLocale().toString(qulonglong(held_.size())));
    }
    count_->setText(text);
}

void NotificationsDock::show_selected() {
    const QModelIndex index = filter_->mapToSource(view_->currentIndex());
    if (!index.isValid()) {
        diff_->clear();
        return;
    }
    const LoggedEvent& event = log_->event(index.row());
    QStringList notes;
    if (event.type != proto::EventType::node_created) {
        notes << describe(event.before, tr("before"));
    }
    if (event.type != proto::EventType::node_deleted) {
        notes << describe(event.after, tr("after"));
    }
    notes.removeAll(QString());
    const QString diff = unified_text(diff_lines(lines_of(event.before), lines_of(event.after)));
    diff_->setPlainText(
        QStringLiteral("%1 %2\n%3%4")
            .arg(event_name(event.type), event.path,
                 notes.isEmpty() ? QString() : notes.join(QLatin1Char('\n')) + QLatin1Char('\n'),
                 diff));
}

bool NotificationsDock::export_to(const QString& file, QString* error) const {
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || !log_->write_json_lines(out) || !out.commit()) {
        if (error) {
            *error = tr("Cannot write %1: %2").arg(file, out.errorString());
        }
        return false;
    }
    return true;
}

void NotificationsDock::choose_export_file() {
    const QString file = QFileDialog::getSaveFileName(this, tr("Export notifications"),
                                                      QStringLiteral("notifications.jsonl"),
                                                      tr("JSON Lines (*.jsonl);;All files (*)"));
    QString error;
    if (!file.isEmpty() && !export_to(file, &error)) {
        count_->setText(error);
    }
}

} // namespace zs::ui
