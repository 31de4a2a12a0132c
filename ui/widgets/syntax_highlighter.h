#pragma once

#include "models/data_format.h"

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>
#include <vector>

namespace zs::ui {

// Colours JSON (keys, strings, numbers, literals) and XML (tags, attributes, comments) in the
// data editor, in shades that read on the palette's background, light or dark.
class SyntaxHighlighter : public QSyntaxHighlighter {
  public:
    explicit SyntaxHighlighter(QTextDocument* document);

    // Other formats are left plain.
    void set_format(DataFormat format);
    // Picks the shades again for the application's palette (light or dark) and recolours.
    void restyle();

  protected:
    void highlightBlock(const QString& text) override;

  private:
    struct Rule {
        QRegularExpression pattern;
        QTextCharFormat look;
    };

    DataFormat format_ = DataFormat::text;
    std::vector<Rule> json_;
    std::vector<Rule> xml_;
};

} // namespace zs::ui
