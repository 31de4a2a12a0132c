#include "widgets/conflict_dialog.h"

#include "models/line_diff.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace zs::ui {

namespace {

QWidget* titled(const QString& title, const QString& text, const QString& name, QWidget* parent) {
    auto* box = new QWidget(parent);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(title, box));
    auto* view = new QPlainTextEdit(text, box);
    view->setReadOnly(true);
    view->setObjectName(name);
    layout->addWidget(view);
    return box;
}

} // namespace

ConflictDialog::ConflictDialog(const QString& path, const QString& mine, const QString& theirs,
                               const QString& theirs_about, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("%1 changed on the server").arg(path));
    auto* explanation = new QLabel(
        tr("Someone changed %1 after you opened it. Overwrite it with your text, take the "
           "server's version (your edits are dropped), or keep editing.")
            .arg(path),
        this);
    explanation->setWordWrap(true);

    auto* sides = new QSplitter(Qt::Horizontal, this);
    sides->addWidget(titled(tr("Yours"), mine, QStringLiteral("mine"), sides));
    sides->addWidget(
        titled(tr("On the server: %1").arg(theirs_about), theirs, QStringLiteral("theirs"), sides));
    const auto diff = diff_lines(theirs.split(QLatin1Char('\n')), mine.split(QLatin1Char('\n')));
    auto* changes = titled(tr("From the server's version to yours"), unified_text(diff),
                           QStringLiteral("diff"), this);

    auto* buttons = new QDialogButtonBox(this);
    overwrite_ = buttons->addButton(tr("Overwrite with mine"), QDialogButtonBox::AcceptRole);
    take_theirs_ = buttons->addButton(tr("Take theirs"), QDialogButtonBox::DestructiveRole);
    keep_editing_ = buttons->addButton(tr("Keep editing"), QDialogButtonBox::RejectRole);
    connect(overwrite_, &QPushButton::clicked, this, [this] { done(overwrite); });
    connect(take_theirs_, &QPushButton::clicked, this, [this] { done(take_theirs); });
    connect(keep_editing_, &QPushButton::clicked, this, [this] { done(keep_editing); });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addWidget(sides, 2);
    layout->addWidget(changes, 1);
    layout->addWidget(buttons);
    resize(900, 600);
}

QPushButton* ConflictDialog::button(Choice choice) const {
    switch (choice) {
    case overwrite:
        return overwrite_;
    case take_theirs:
        return take_theirs_;
    case keep_editing:
        break;
    }
    return keep_editing_;
}

} // namespace zs::ui
