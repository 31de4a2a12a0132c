#pragma once

#include <QByteArray>
#include <QString>
#include <QStringConverter>
#include <optional>

namespace zs::ui {

// The ways the data editor shows a znode's bytes. Each renders bytes to text and parses the
// edited text back; hex and base64 are binary-safe.
enum class DataFormat { text, json, xml, hex, base64 };

// ZooKeeper refuses a packet above jute.maxbuffer (0xfffff bytes by default); data close to it
// cannot be written.
inline constexpr qsizetype kServerDataLimit = 0xfffff - 1024;
// Above this the editor warns: every member keeps the data in memory and every watcher reads it.
inline constexpr qsizetype kLargeData = 256 * 1024;

// The most likely format: JSON (an object or an array), XML (a document that parses), text
// (valid UTF-8 without control characters but tab, CR and LF), else hex.
DataFormat detect_format(const QByteArray& bytes);

// Whether JSON data is laid out on one line; the editor saves it that way again.
bool is_compact_json(const QByteArray& bytes);

// `bytes` as text in `format`; `charset` is for text only. JSON is pretty-printed with its keys
// in their order; bytes that are not valid JSON or UTF-8 show as decoded text (and parse_data() of
// that text says what is wrong).
QString render_data(const QByteArray& bytes, DataFormat format,
                    QStringConverter::Encoding charset = QStringConverter::Utf8);

struct Parsed {
    std::optional<QByteArray> bytes; // nullopt: the text is invalid in its format
    QString error;                   // why, with the line and column when known
};

// The bytes the edited `text` stands for. JSON and XML must be well-formed; JSON is written
// compact when `compact_json`, else as typed.
Parsed parse_data(const QString& text, DataFormat format,
                  QStringConverter::Encoding charset = QStringConverter::Utf8,
                  bool compact_json = false);

QString format_name(DataFormat format);

} // namespace zs::ui
