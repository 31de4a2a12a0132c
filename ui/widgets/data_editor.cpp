#include "widgets/data_editor.h"

#include "models/error_text.h"
#include "models/stat_rows.h"
#include "widgets/conflict_dialog.h"
#include "widgets/syntax_highlighter.h"

#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace zs::ui {

namespace {

constexpr int kValidateDelayMs = 300;

QString byte_count(qsizetype bytes) {
    return QObject::tr("%1 bytes").arg(QLocale().toString(bytes));
}

QByteArray bytes_of(const client::DataResult& result) {
    return result.data ? QByteArray::fromStdString(*result.data) : QByteArray();
}

} // namespace

DataEditor::DataEditor(ZkSession& session, QWidget* parent)
    : QWidget(parent), session_(session), format_box_(new QComboBox(this)),
      charset_box_(new QComboBox(this)), text_(new QPlainTextEdit(this)), status_(new QLabel(this)),
      save_(new QPushButton(tr("Save"), this)), revert_(new QPushButton(tr("Revert"), this)),
      highlighter_(nullptr), validate_later_(new QTimer(this)) {
    for (auto format : {DataFormat::text, DataFormat::json, DataFormat::xml, DataFormat::hex,
                        DataFormat::base64}) {
        format_box_->addItem(format_name(format), int(format));
    }
    charset_box_->addItem(QStringLiteral("UTF-8"), int(QStringConverter::Utf8));
    charset_box_->addItem(QStringLiteral("ISO-8859-1"), int(QStringConverter::Latin1));
    charset_box_->addItem(QStringLiteral("UTF-16LE"), int(QStringConverter::Utf16LE));
    charset_box_->addItem(QStringLiteral("UTF-16BE"), int(QStringConverter::Utf16BE));
    format_box_->setObjectName(QStringLiteral("format"));
    charset_box_->setObjectName(QStringLiteral("charset"));
    text_->setObjectName(QStringLiteral("data"));
    status_->setObjectName(QStringLiteral("data_status"));
    save_->setObjectName(QStringLiteral("save"));
    save_->setToolTip(tr("Write the data with the version that was read (Ctrl+S)"));
    text_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    text_->setLineWrapMode(QPlainTextEdit::NoWrap);
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    highlighter_ = new SyntaxHighlighter(text_->document());
    validate_later_->setSingleShot(true);
    validate_later_->setInterval(kValidateDelayMs);

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Format:"), this));
    bar->addWidget(format_box_);
    bar->addWidget(charset_box_);
    bar->addStretch(1);
    bar->addWidget(revert_);
    bar->addWidget(save_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(text_, 1);
    layout->addWidget(status_);

    connect(format_box_, &QComboBox::activated, this, [this] {
        if (!set_format(DataFormat(format_box_->currentData().toInt()))) {
            format_box_->setCurrentIndex(format_box_->findData(int(format_)));
        }
    });
    connect(charset_box_, &QComboBox::activated, this, [this] {
        if (!set_charset(QStringConverter::Encoding(charset_box_->currentData().toInt()))) {
            charset_box_->setCurrentIndex(charset_box_->findData(int(charset_)));
        }
    });
    connect(save_, &QPushButton::clicked, this, &DataEditor::save);
    connect(revert_, &QPushButton::clicked, this, &DataEditor::render_original);
    connect(text_->document(), &QTextDocument::modificationChanged, this, [this](bool modified) {
        save_->setEnabled(modified && !saving_);
        revert_->setEnabled(modified && !saving_);
    });
    connect(text_, &QPlainTextEdit::textChanged, validate_later_, qOverload<>(&QTimer::start));
    connect(validate_later_, &QTimer::timeout, this, &DataEditor::validate);
    clear();
}

void DataEditor::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        highlighter_->restyle(); // the system went dark or light
    }
}

void DataEditor::load(const QString& path, const client::DataResult& result) {
    const QByteArray bytes = bytes_of(result);
    const bool new_path = path != path_;
    const bool same_bytes = !new_path && bytes == original_ && original_null_ == !result.data;
    version_ = result.stat.version;
    if (same_bytes && !is_modified()) {
        return; // a reload after our own save: keep the text, the cursor and the layout
    }
    path_ = path;
    original_ = bytes;
    original_null_ = !result.data;
    compact_json_ = is_compact_json(bytes);
    if (new_path) {
        format_ = detect_format(bytes);
        charset_ = QStringConverter::Utf8;
    }
    setEnabled(true);
    render_original();
}

void DataEditor::clear() {
    path_.clear();
    original_.clear();
    version_ = -1;
    text_->clear();
    text_->document()->setModified(false);
    status_->clear();
    setEnabled(false);
}

bool DataEditor::is_modified() const {
    return text_->document()->isModified();
}

bool DataEditor::set_format(DataFormat format) {
    return set_rendering(format, charset_);
}

bool DataEditor::set_charset(QStringConverter::Encoding charset) {
    return set_rendering(format_, charset);
}

bool DataEditor::set_rendering(DataFormat format, QStringConverter::Encoding charset) {
    if (format == format_ && charset == charset_) {
        return true;
    }
    if (!is_modified()) {
        format_ = format;
        charset_ = charset;
        render_original();
        return true;
    }
    const Parsed edited = parse_data(text_->toPlainText(), format_, charset_);
    if (!edited.bytes) {
        set_status(tr("Fix this before switching formats: %1").arg(edited.error), true);
        return false;
    }
    format_ = format;
    charset_ = charset;
    text_->setPlainText(render_data(*edited.bytes, format_, charset_));
    text_->document()->setModified(true);
    show_rendering();
    return true;
}

void DataEditor::render_original() {
    text_->setPlainText(render_data(original_, format_, charset_));
    text_->document()->setModified(false);
    show_rendering();
}

void DataEditor::show_rendering() {
    format_box_->setCurrentIndex(format_box_->findData(int(format_)));
    charset_box_->setCurrentIndex(charset_box_->findData(int(charset_)));
    charset_box_->setVisible(format_ == DataFormat::text);
    highlighter_->set_format(format_);
    validate();
}

void DataEditor::validate() {
    validate_later_->stop();
    if (path_.isEmpty()) {
        return;
    }
    const Parsed parsed = parse_data(text_->toPlainText(), format_, charset_, saves_compact());
    if (!parsed.bytes) {
        set_status(parsed.error, true);
        return;
    }
    const qsizetype size = parsed.bytes->size();
    if (size > kServerDataLimit) {
        set_status(tr("%1: more than ZooKeeper accepts (jute.maxbuffer, 1 MiB by default); "
                      "it cannot be saved")
                       .arg(byte_count(size)),
                   true);
        return;
    }
    QString text = tr("%1 · version %2").arg(byte_count(size)).arg(version_);
    if (original_null_ && !is_modified()) {
        text += tr(" · null data");
    }
    if (size > kLargeData) {
        text += tr(" · large: every member keeps it in memory and every watcher reads it");
    }
    set_status(text, false);
}

bool DataEditor::saves_compact() const {
    return compact_json_ && format_ == DataFormat::json;
}

void DataEditor::set_status(const QString& text, bool problem) {
    status_->setText(text);
    status_->setStyleSheet(problem ? QStringLiteral("color: #d33;") : QString());
}

void DataEditor::save() {
    if (path_.isEmpty() || saving_ || !is_modified()) {
        return;
    }
    const Parsed parsed = parse_data(text_->toPlainText(), format_, charset_, saves_compact());
    if (!parsed.bytes) {
        set_status(tr("Not saved: %1").arg(parsed.error), true);
        emit saveFinished(false);
        return;
    }
    if (parsed.bytes->size() > kServerDataLimit) {
        validate();
        emit saveFinished(false);
        return;
    }
    write(*parsed.bytes, version_);
}

void DataEditor::write(const QByteArray& bytes, int32_t version) {
    saving_ = true;
    save_->setEnabled(false);
    revert_->setEnabled(false);
    text_->setReadOnly(true); // what is saved is what is shown
    set_status(tr("Saving…"), false);
    QPointer<DataEditor> self(this);
    const QString path = path_;
    session_.set_data(path.toStdString(), bytes.toStdString(), version,
                      [self, path, bytes](proto::ErrorCode err, proto::Stat stat) {
                          if (!self || self->path_ != path) {
                              return;
                          }
                          self->saving_ = false;
                          self->text_->setReadOnly(false);
                          if (err == proto::ErrorCode::bad_version) {
                              self->resolve_conflict(bytes);
                              return;
                          }
                          if (err != proto::ErrorCode::ok) {
                              self->save_->setEnabled(true);
                              self->revert_->setEnabled(true);
                              self->set_status(tr("Not saved: %1").arg(describe_error(err, path)),
                                               true);
                              emit self->saveFinished(false);
                              return;
                          }
                          self->original_ = bytes;
                          self->original_null_ = false;
                          self->version_ = stat.version;
                          self->text_->document()->setModified(false);
                          self->validate();
                          emit self->statChanged(stat);
                          emit self->saveFinished(true);
                      });
}

void DataEditor::resolve_conflict(const QByteArray& mine) {
    QPointer<DataEditor> self(this);
    const QString path = path_;
    session_.get_data(
        path.toStdString(), [self, path, mine](proto::ErrorCode err, client::DataResult theirs) {
            if (!self || self->path_ != path) {
                return;
            }
            if (err != proto::ErrorCode::ok) {
                self->save_->setEnabled(true);
                self->set_status(tr("Not saved: %1").arg(describe_error(err, path)), true);
                emit self->saveFinished(false);
                return;
            }
            const QString about = tr("version %1, modified %2")
                                      .arg(theirs.stat.version)
                                      .arg(format_time(theirs.stat.mtime));
            auto* dialog = new ConflictDialog(
                path, render_data(mine, self->format_, self->charset_),
                render_data(bytes_of(theirs), self->format_, self->charset_), about, self);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            connect(dialog, &QDialog::finished, self,
                    [self, path, mine, theirs = std::move(theirs)](int choice) {
                        if (self->path_ != path) {
                            return; // another node is open now: nothing to decide
                        }
                        switch (choice) {
                        case ConflictDialog::overwrite:
                            self->write(mine, theirs.stat.version);
                            return;
                        case ConflictDialog::take_theirs:
                            self->version_ = theirs.stat.version;
                            self->original_ = bytes_of(theirs);
                            self->original_null_ = !theirs.data;
                            self->render_original();
                            emit self->statChanged(theirs.stat);
                            break;
                        default:
                            self->save_->setEnabled(true);
                            self->revert_->setEnabled(true);
                            self->set_status(tr("Not saved: the server has version %1; saving "
                                                "again asks again")
                                                 .arg(theirs.stat.version),
                                             true);
                            break;
                        }
                        emit self->saveFinished(false);
                    });
            dialog->open();
        });
}

void DataEditor::mark_stale(const QString& why) {
    set_status(why, true);
}

} // namespace zs::ui
