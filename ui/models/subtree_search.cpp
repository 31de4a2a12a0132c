#include "models/subtree_search.h"

#include <QByteArray>
#include <QObject>
#include <QStringDecoder>

namespace zs::ui {

namespace {

constexpr qsizetype kSnippetContext = 30;

QString snippet_around(const QString& text, qsizetype at, qsizetype length) {
    const qsizetype start = std::max<qsizetype>(0, at - kSnippetContext);
    const qsizetype end = std::min(text.size(), at + length + kSnippetContext);
    QString out = text.mid(start, end - start).simplified();
    if (start > 0) {
        out.prepend(QStringLiteral("…"));
    }
    if (end < text.size()) {
        out.append(QStringLiteral("…"));
    }
    return out;
}

} // namespace

std::optional<SearchMatch> match_node(const SearchQuery& query, const QString& path,
                                      const std::optional<std::string>& data) {
    if (query.text.isEmpty()) {
        return std::nullopt;
    }
    if (query.in_paths) {
        if (const qsizetype at = path.indexOf(query.text, 0, query.case_sensitivity); at >= 0) {
            return SearchMatch{path, false, path};
        }
    }
    if (!query.in_data || !data || data->empty()) {
        return std::nullopt;
    }
    const QByteArray bytes = QByteArray::fromRawData(data->data(), qsizetype(data->size()));
    QStringDecoder utf8(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    const QString text = utf8(bytes);
    if (!utf8.hasError()) {
        const qsizetype at = text.indexOf(query.text, 0, query.case_sensitivity);
        if (at < 0) {
            return std::nullopt;
        }
        return SearchMatch{path, true, snippet_around(text, at, query.text.size())};
    }
    const QByteArray needle = query.text.toUtf8();
    const qsizetype at = bytes.indexOf(needle);
    if (at < 0) {
        return std::nullopt;
    }
    return SearchMatch{path, true, QObject::tr("binary data, at byte %1").arg(at)};
}

} // namespace zs::ui
