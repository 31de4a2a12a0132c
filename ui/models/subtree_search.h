#pragma once

#include <QString>
#include <optional>
#include <string>

namespace zs::ui {

// What the search of a subtree looks for: a text in the nodes' paths, their data, or both.
struct SearchQuery {
    QString text;
    bool in_paths = true;
    bool in_data = true;
    Qt::CaseSensitivity case_sensitivity = Qt::CaseInsensitive;
};

struct SearchMatch {
    QString path;
    bool in_data = false; // else in the path
    QString snippet;      // the text around the first hit, on one line
};

// The first hit of `query` in a node. Data that is UTF-8 text is searched as text; other data
// for the query's UTF-8 bytes (case-sensitively).
std::optional<SearchMatch> match_node(const SearchQuery& query, const QString& path,
                                      const std::optional<std::string>& data);

} // namespace zs::ui
