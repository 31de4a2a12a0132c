#include "models/data_format.h"

#include <QObject>
#include <QStringDecoder>
#include <QStringEncoder>
#include <QXmlStreamReader>
#include <nlohmann/json.hpp>

namespace zs::ui {

namespace {

using OrderedJson = nlohmann::ordered_json;

constexpr int kHexBytesPerLine = 16;
constexpr int kBase64LineLength = 76;

bool is_text(const QByteArray& bytes) {
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7f) {
            return false;
        }
    }
    QStringDecoder utf8(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    [[maybe_unused]] const QString decoded = utf8(bytes);
    return !utf8.hasError();
}

char first_non_space(const QByteArray& bytes) {
    for (const char c : bytes) {
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            return c;
        }
    }
    return '\0';
}

bool is_json_document(const QByteArray& bytes) {
    const char first = first_non_space(bytes);
    return (first == '{' || first == '[') && OrderedJson::accept(bytes.begin(), bytes.end());
}

// "line L, column C" of the character at `index` of `text`.
QString position_in(const QString& text, qsizetype index) {
    const QStringView before = QStringView(text).left(index);
    return QObject::tr("line %1, column %2")
        .arg(before.count(QLatin1Char('\n')) + 1)
        .arg(index - (before.lastIndexOf(QLatin1Char('\n')) + 1) + 1);
}

std::optional<QString> xml_error(const QString& text) {
    QXmlStreamReader reader(text);
    while (!reader.atEnd()) {
        reader.readNext();
    }
    if (!reader.hasError()) {
        return std::nullopt;
    }
    return QObject::tr("Not well-formed XML at line %1, column %2: %3")
        .arg(reader.lineNumber())
        .arg(reader.columnNumber())
        .arg(reader.errorString());
}

QString hex_lines(const QByteArray& bytes) {
    QString out;
    out.reserve(bytes.size() * 3);
    for (qsizetype i = 0; i < bytes.size(); i += kHexBytesPerLine) {
        if (i > 0) {
            out += QLatin1Char('\n');
        }
        out += QString::fromLatin1(bytes.mid(i, kHexBytesPerLine).toHex(' '));
    }
    return out;
}

Parsed parse_hex(const QString& text) {
    QByteArray digits;
    digits.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c.isSpace()) {
            continue;
        }
        const char16_t u = c.unicode();
        if (!((u >= '0' && u <= '9') || (u >= 'a' && u <= 'f') || (u >= 'A' && u <= 'F'))) {
            return {std::nullopt,
                    QObject::tr("Not a hex digit at %1: '%2'").arg(position_in(text, i), c)};
        }
        digits += char(c.unicode());
    }
    if (digits.size() % 2 != 0) {
        return {std::nullopt, QObject::tr("An odd number of hex digits: the last byte is half")};
    }
    return {QByteArray::fromHex(digits), {}};
}

Parsed parse_base64(const QString& text) {
    QByteArray encoded;
    encoded.reserve(text.size());
    for (const QChar c : text) {
        if (!c.isSpace()) {
            encoded += c.unicode() < 0x80 ? char(c.unicode()) : '?';
        }
    }
    auto decoded = QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        return {std::nullopt, QObject::tr("Not valid base64")};
    }
    return {*decoded, {}};
}

Parsed parse_json(const QString& text, bool compact) {
    const QByteArray utf8 = text.toUtf8();
    try {
        const auto document = OrderedJson::parse(utf8.begin(), utf8.end());
        return {compact ? QByteArray::fromStdString(document.dump()) : utf8, {}};
    } catch (const OrderedJson::parse_error& e) {
        // e.byte counts from 1 and points just past where parsing stopped.
        const auto offset = qsizetype(e.byte > 0 ? e.byte - 1 : 0);
        const qsizetype index = QString::fromUtf8(utf8.left(offset)).size();
        return {std::nullopt, QObject::tr("Not valid JSON at %1").arg(position_in(text, index))};
    }
}

Parsed encode_text(const QString& text, QStringConverter::Encoding charset) {
    if (charset == QStringConverter::Latin1) {
        for (qsizetype i = 0; i < text.size(); ++i) {
            if (text[i].unicode() > 0xff) {
                return {std::nullopt, QObject::tr("'%1' at %2 has no ISO-8859-1 byte")
                                          .arg(text[i], position_in(text, i))};
            }
        }
    }
    QStringEncoder encoder(charset, QStringConverter::Flag::Stateless);
    return {QByteArray(encoder(text)), {}};
}

} // namespace

DataFormat detect_format(const QByteArray& bytes) {
    if (!is_text(bytes)) {
        return DataFormat::hex;
    }
    if (is_json_document(bytes)) {
        return DataFormat::json;
    }
    if (first_non_space(bytes) == '<' && !xml_error(QString::fromUtf8(bytes))) {
        return DataFormat::xml;
    }
    return DataFormat::text;
}

bool is_compact_json(const QByteArray& bytes) {
    return !bytes.contains('\n');
}

QString render_data(const QByteArray& bytes, DataFormat format,
                    QStringConverter::Encoding charset) {
    switch (format) {
    case DataFormat::hex:
        return hex_lines(bytes);
    case DataFormat::base64: {
        const QByteArray encoded = bytes.toBase64();
        QString out;
        for (qsizetype i = 0; i < encoded.size(); i += kBase64LineLength) {
            out += (i > 0 ? QStringLiteral("\n") : QString()) +
                   QString::fromLatin1(encoded.mid(i, kBase64LineLength));
        }
        return out;
    }
    case DataFormat::json:
        if (is_json_document(bytes)) {
            return QString::fromStdString(
                OrderedJson::parse(bytes.begin(), bytes.end())
                    .dump(2, ' ', false, OrderedJson::error_handler_t::replace));
        }
        return QString::fromUtf8(bytes);
    case DataFormat::xml:
        return QString::fromUtf8(bytes);
    case DataFormat::text:
        break;
    }
    QStringDecoder decoder(charset, QStringConverter::Flag::Stateless);
    return decoder(bytes);
}

Parsed parse_data(const QString& text, DataFormat format, QStringConverter::Encoding charset,
                  bool compact_json) {
    switch (format) {
    case DataFormat::hex:
        return parse_hex(text);
    case DataFormat::base64:
        return parse_base64(text);
    case DataFormat::json:
        return parse_json(text, compact_json);
    case DataFormat::xml:
        if (auto error = xml_error(text)) {
            return {std::nullopt, *error};
        }
        return {text.toUtf8(), {}};
    case DataFormat::text:
        break;
    }
    return encode_text(text, charset);
}

QString format_name(DataFormat format) {
    switch (format) {
    case DataFormat::text:
        return QObject::tr("Text");
    case DataFormat::json:
        return QObject::tr("JSON");
    case DataFormat::xml:
        return QObject::tr("XML");
    case DataFormat::hex:
        return QObject::tr("Hex");
    case DataFormat::base64:
        return QObject::tr("Base64");
    }
    return {};
}

} // namespace zs::ui
