#include "widgets/search_dialog.h"

#include "bridge/background_job.h"
#include "models/error_text.h"
#include "models/znode_paths.h"
#include "transfer/transfer.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <memory>

namespace zs::ui {

namespace {

constexpr int kPollMs = 100;

} // namespace

SearchDialog::SearchDialog(ZkSession& session, const QString& root, QWidget* parent)
    : QDialog(parent), session_(session), root_(new QLineEdit(root, this)),
      text_(new QLineEdit(this)), in_paths_(new QCheckBox(tr("Paths"), this)),
      in_data_(new QCheckBox(tr("Data"), this)),
      case_sensitive_(new QCheckBox(tr("Match case"), this)),
      search_(new QPushButton(tr("Search"), this)), status_(new QLabel(this)),
      results_(new QTreeWidget(this)), poll_(new QTimer(this)) {
    setWindowTitle(tr("Find in subtree"));
    setObjectName(QStringLiteral("search"));
    root_->setObjectName(QStringLiteral("root"));
    text_->setObjectName(QStringLiteral("text"));
    text_->setPlaceholderText(tr("Text to find"));
    in_paths_->setChecked(true);
    in_data_->setChecked(true);
    search_->setDefault(true);
    results_->setObjectName(QStringLiteral("results"));
    results_->setHeaderLabels({tr("Path"), tr("Found in"), tr("Text")});
    results_->setRootIsDecorated(false);
    results_->setUniformRowHeights(true);
    results_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    poll_->setInterval(kPollMs);

    auto* where = new QHBoxLayout;
    where->addWidget(in_paths_);
    where->addWidget(in_data_);
    where->addWidget(case_sensitive_);
    where->addStretch(1);
    where->addWidget(search_);
    auto* form = new QFormLayout;
    form->addRow(tr("Under:"), root_);
    form->addRow(tr("Find:"), text_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(where);
    layout->addWidget(results_, 1);
    layout->addWidget(status_);
    resize(700, 500);

    connect(search_, &QPushButton::clicked, this, [this] { running() ? stop() : start(); });
    connect(text_, &QLineEdit::returnPressed, this, &SearchDialog::start);
    connect(poll_, &QTimer::timeout, this, &SearchDialog::take_matches);
    connect(results_, &QTreeWidget::itemActivated, this,
            [this](QTreeWidgetItem* item) { emit chosen(item->text(0)); });
}

SearchDialog::~SearchDialog() {
    delete job_; // cancels and waits; the session outlives this dialog
}

void SearchDialog::set_root(const QString& root) {
    root_->setText(root);
}

void SearchDialog::start() {
    if (running() || text_->text().isEmpty()) {
        return;
    }
    results_->clear();
    {
        std::lock_guard lock(found_mutex_);
        found_.clear();
        searched_ = 0;
    }
    SearchQuery query;
    query.text = text_->text();
    query.in_paths = in_paths_->isChecked();
    query.in_data = in_data_->isChecked();
    query.case_sensitivity = case_sensitive_->isChecked() ? Qt::CaseSensitive : Qt::CaseInsensitive;
    const QString root = root_->text().trimmed();
    auto result = std::make_shared<transfer::ExportResult>();
    client::Client& client = session_.client();
    job_ = new BackgroundJob(
        [this, &client, query, root, result](const BackgroundJob::Report&,
                                             const std::atomic<bool>* cancel) {
            transfer::ExportOptions options;
            options.include_ephemerals = true;
            int matches = 0;
            *result = transfer::visit_tree(
                client, root.toStdString(), options,
                [&](transfer::Node&& node) -> std::optional<std::string> {
                    auto match = match_node(query, join_path(root, node.path), node.data);
                    std::lock_guard lock(found_mutex_);
                    ++searched_;
                    if (match) {
                        found_.push_back(std::move(*match));
                        if (++matches >= kMaxMatches) {
                            return "enough matches";
                        }
                    }
                    return std::nullopt;
                },
                {}, cancel);
        },
        this);
    connect(job_, &BackgroundJob::finished, this, [this, result] {
        job_->deleteLater();
        job_ = nullptr;
        poll_->stop();
        take_matches();
        search_->setText(tr("Search"));
        QString summary = status_->text();
        switch (result->status) {
        case transfer::Status::ok:
            break;
        case transfer::Status::cancelled:
            summary += tr(" · stopped");
            break;
        case transfer::Status::io: // the visitor's "enough matches"
            summary += tr(" · stopped at the first %1 matches").arg(kMaxMatches);
            break;
        case transfer::Status::zookeeper:
            summary += QStringLiteral(" · ") +
                       describe_error(result->err, QString::fromStdString(result->subject));
            break;
        default:
            summary += QStringLiteral(" · ") + QString::fromStdString(result->error);
            break;
        }
        status_->setText(summary);
        emit searchFinished();
    });
    search_->setText(tr("Stop"));
    poll_->start();
    job_->start();
}

void SearchDialog::stop() {
    if (job_) {
        job_->cancel();
    }
}

void SearchDialog::take_matches() {
    std::vector<SearchMatch> matches;
    quint64 searched = 0;
    {
        std::lock_guard lock(found_mutex_);
        matches.swap(found_);
        searched = searched_;
    }
    QList<QTreeWidgetItem*> items;
    for (const SearchMatch& match : matches) {
        items << new QTreeWidgetItem(
            {match.path, match.in_data ? tr("data") : tr("path"), match.snippet});
    }
    results_->addTopLevelItems(items);
    show_status(searched);
}

void SearchDialog::show_status(quint64 searched) {
    status_->setText(
        tr("%1 nodes searched · %2 matches")
            .arg(QLocale().toString(searched), QLocale().toString(results_->topLevelItemCount())));
}

} // namespace zs::ui
