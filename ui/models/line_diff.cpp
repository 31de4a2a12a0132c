#include "models/line_diff.h"

namespace zs::ui {

std::vector<DiffLine> diff_lines(const QStringList& before, const QStringList& after) {
    // Lines equal at both ends need no table.
    qsizetype head = 0;
    while (head < before.size() && head < after.size() && before[head] == after[head]) {
        ++head;
    }
    qsizetype tail = 0;
    while (tail < before.size() - head && tail < after.size() - head &&
           before[before.size() - 1 - tail] == after[after.size() - 1 - tail]) {
        ++tail;
    }
    const qsizetype rows = before.size() - head - tail;
    const qsizetype columns = after.size() - head - tail;

    std::vector<DiffLine> out;
    for (qsizetype i = 0; i < head; ++i) {
        out.push_back({DiffLine::Kind::same, before[i]});
    }
    if (rows * columns > kMaxDiffCells) {
        for (qsizetype i = 0; i < rows; ++i) {
            out.push_back({DiffLine::Kind::removed, before[head + i]});
        }
        for (qsizetype j = 0; j < columns; ++j) {
            out.push_back({DiffLine::Kind::added, after[head + j]});
        }
    } else {
        // common[i][j]: the longest common subsequence of the middle parts from i and j on.
        std::vector<int> common(size_t((rows + 1) * (columns + 1)), 0);
        const auto at = [&](qsizetype i, qsizetype j) -> int& {
            return common[size_t(i * (columns + 1) + j)];
        };
        for (qsizetype i = rows - 1; i >= 0; --i) {
            for (qsizetype j = columns - 1; j >= 0; --j) {
                at(i, j) = before[head + i] == after[head + j]
                               ? at(i + 1, j + 1) + 1
                               : std::max(at(i + 1, j), at(i, j + 1));
            }
        }
        qsizetype i = 0;
        qsizetype j = 0;
        while (i < rows || j < columns) {
            if (i < rows && j < columns && before[head + i] == after[head + j]) {
                out.push_back({DiffLine::Kind::same, before[head + i]});
                ++i;
                ++j;
            } else if (i < rows && (j == columns || at(i + 1, j) >= at(i, j + 1))) {
                out.push_back({DiffLine::Kind::removed, before[head + i]}); // "-" before "+"
                ++i;
            } else {
                out.push_back({DiffLine::Kind::added, after[head + j]});
                ++j;
            }
        }
    }
    for (qsizetype i = before.size() - tail; i < before.size(); ++i) {
        out.push_back({DiffLine::Kind::same, before[i]});
    }
    return out;
}

QString unified_text(const std::vector<DiffLine>& diff) {
    QStringList lines;
    lines.reserve(qsizetype(diff.size()));
    for (const DiffLine& line : diff) {
        const char* mark = line.kind == DiffLine::Kind::same      ? "  "
                           : line.kind == DiffLine::Kind::removed ? "- "
                                                                  : "+ ";
        lines << QLatin1String(mark) + line.text;
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace zs::ui
