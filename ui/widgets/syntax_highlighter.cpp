#include "widgets/syntax_highlighter.h"

#include <QGuiApplication>
#include <QPalette>

namespace zs::ui {

namespace {

QTextCharFormat look(const QColor& colour, bool bold = false) {
    QTextCharFormat format;
    format.setForeground(colour);
    if (bold) {
        format.setFontWeight(QFont::Bold);
    }
    return format;
}

} // namespace

SyntaxHighlighter::SyntaxHighlighter(QTextDocument* document) : QSyntaxHighlighter(document) {
    restyle();
}

void SyntaxHighlighter::restyle() {
    const bool dark = QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
    const QColor key = dark ? QColor(0x9c, 0xdc, 0xfe) : QColor(0x00, 0x45, 0x9e);
    const QColor string = dark ? QColor(0xce, 0x91, 0x78) : QColor(0xa3, 0x15, 0x15);
    const QColor number = dark ? QColor(0xb5, 0xce, 0xa8) : QColor(0x09, 0x86, 0x58);
    const QColor literal = dark ? QColor(0x56, 0x9c, 0xd6) : QColor(0x00, 0x00, 0xff);
    const QColor comment = dark ? QColor(0x6a, 0x99, 0x55) : QColor(0x00, 0x80, 0x00);
    // Later rules win where they overlap: a key is a string followed by ':'.
    json_ = {
        {QRegularExpression(QStringLiteral(R"(-?\b\d+(\.\d+)?([eE][+-]?\d+)?\b)")), look(number)},
        {QRegularExpression(QStringLiteral(R"(\b(true|false|null)\b)")), look(literal, true)},
        {QRegularExpression(QStringLiteral(R"("(\\.|[^"\\])*")")), look(string)},
        {QRegularExpression(QStringLiteral(R"("(\\.|[^"\\])*"(?=\s*:))")), look(key)},
    };
    xml_ = {
        {QRegularExpression(QStringLiteral(R"(</?[\w:.-]+|/?>|<\?[\w:.-]+|\?>)")), look(key)},
        {QRegularExpression(QStringLiteral(R"(\b[\w:.-]+(?==))")), look(number)},
        {QRegularExpression(QStringLiteral(R"("[^"]*"|'[^']*')")), look(string)},
        {QRegularExpression(QStringLiteral(R"(<!--.*?-->)")), look(comment)},
    };
    rehighlight();
}

void SyntaxHighlighter::set_format(DataFormat format) {
    if (format != format_) {
        format_ = format;
        rehighlight();
    }
}

void SyntaxHighlighter::highlightBlock(const QString& text) {
    const std::vector<Rule>* rules = format_ == DataFormat::json  ? &json_
                                     : format_ == DataFormat::xml ? &xml_
                                                                  : nullptr;
    if (!rules) {
        return;
    }
    for (const Rule& rule : *rules) {
        auto matches = rule.pattern.globalMatch(text);
        while (matches.hasNext()) {
            const auto match = matches.next();
            setFormat(int(match.capturedStart()), int(match.capturedLength()), rule.look);
        }
    }
}

} // namespace zs::ui
