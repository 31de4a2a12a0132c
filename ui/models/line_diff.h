#pragma once

#include <QString>
#include <QStringList>
#include <vector>

namespace zs::ui {

// A line-by-line difference of two texts, as `diff` shows it, for the conflict dialog and the
// notifications dock. Written here because none of the project's libraries offers one; the
// texts are znode data (at most 1 MiB), so a longest-common-subsequence table is enough, and
// texts too large for it are shown as replaced whole.
struct DiffLine {
    enum class Kind { same, removed, added };
    Kind kind;
    QString text;
};

// Beyond this many (old lines x new lines) the diff is "all removed, all added".
inline constexpr qsizetype kMaxDiffCells = 4'000'000;

std::vector<DiffLine> diff_lines(const QStringList& before, const QStringList& after);

// The diff as text: "  same", "- removed", "+ added" lines.
QString unified_text(const std::vector<DiffLine>& diff);

} // namespace zs::ui
