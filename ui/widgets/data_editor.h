#pragma once

#include "bridge/zk_session.h"
#include "models/data_format.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace zs::ui {

class SyntaxHighlighter;

// A znode's data, shown and edited in a format of the user's choice (detected when the node is
// opened): text in a chosen charset, JSON (pretty-printed, validated, highlighted), XML, hex or
// base64, the last two binary-safe. Switching formats keeps the edits. Save (Ctrl+S) writes
// with the version that was read; when someone else wrote in between, a ConflictDialog lets
// the user overwrite, take theirs or keep editing. Nothing is saved that does not parse in its
// format, or that is larger than ZooKeeper accepts.
class DataEditor : public QWidget {
    Q_OBJECT

  public:
    explicit DataEditor(ZkSession& session, QWidget* parent = nullptr);

    // Shows `result` for `path`. The same bytes again for the same path keep the text as it is
    // (a reload after one's own save); the format is detected for a new path.
    void load(const QString& path, const client::DataResult& result);
    void clear();

    QString path() const { return path_; }
    bool is_modified() const;
    DataFormat format() const { return format_; }
    // Re-renders in `format`, keeping the edits; refused (false) while the text does not parse.
    bool set_format(DataFormat format);
    bool set_charset(QStringConverter::Encoding charset);
    void save();
    // The node changed or went away on the server while the user edits it.
    void mark_stale(const QString& why);

  signals:
    // The node's Stat after a save, or after taking the server's version in a conflict.
    void statChanged(const zs::proto::Stat& stat);
    // A save ended: written, refused with a message, or left to a conflict being resolved.
    void saveFinished(bool written);

  protected:
    void changeEvent(QEvent* event) override;

  private:
    bool set_rendering(DataFormat format, QStringConverter::Encoding charset);
    void show_rendering();
    void render_original();
    void validate();
    // JSON read on one line is written on one line again.
    bool saves_compact() const;
    void set_status(const QString& text, bool problem);
    void write(const QByteArray& bytes, int32_t version);
    void resolve_conflict(const QByteArray& mine);

    ZkSession& session_;
    QString path_;
    QByteArray original_;
    bool original_null_ = false;
    bool compact_json_ = false;
    int32_t version_ = -1;
    DataFormat format_ = DataFormat::text;
    QStringConverter::Encoding charset_ = QStringConverter::Utf8;
    bool saving_ = false;

    QComboBox* format_box_;
    QComboBox* charset_box_;
    QPlainTextEdit* text_;
    QLabel* status_;
    QPushButton* save_;
    QPushButton* revert_;
    SyntaxHighlighter* highlighter_;
    QTimer* validate_later_;
};

} // namespace zs::ui
