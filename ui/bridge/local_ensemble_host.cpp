#include "bridge/local_ensemble_host.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace zs::ui {

QString LocalEnsembleHost::find_zoonode() {
    const QString chosen = qEnvironmentVariable("ZOOSCOPE_ZOONODE");
    if (!chosen.isEmpty()) {
        return QFileInfo(chosen).isExecutable() ? chosen : QString();
    }
    const QDir here(QCoreApplication::applicationDirPath());
    for (const QString& candidate : {here.filePath(QStringLiteral("zoonode")),
                                     here.filePath(QStringLiteral("../zoonode/zoonode"))}) {
        if (QFileInfo(candidate).isExecutable()) {
            return QFileInfo(candidate).canonicalFilePath();
        }
    }
    return {};
}

QString LocalEnsembleHost::data_dir() {
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
           QStringLiteral("/local-ensemble");
}

QString LocalEnsembleHost::start() {
    const QString zoonode = find_zoonode();
    if (zoonode.isEmpty()) {
        return QCoreApplication::translate(
            "LocalEnsembleHost",
            "zoonode was not found next to this program (set ZOOSCOPE_ZOONODE to its path, or "
            "open an ensemble with --connect)");
    }
    ensemble::LocalEnsembleOptions options;
    options.zoonode = zoonode.toStdString();
    options.dir = data_dir().toStdString();
    options.members = kMembers;
    auto started = ensemble::LocalEnsemble::start(options);
    if (auto* error = std::get_if<std::string>(&started)) {
        return QString::fromStdString(*error);
    }
    ensemble_ = std::move(std::get<std::unique_ptr<ensemble::LocalEnsemble>>(started));
    return {};
}

QString LocalEnsembleHost::connect_string() const {
    return ensemble_ ? QString::fromStdString(ensemble_->connect_string()) : QString();
}

QString LocalEnsembleHost::problems() const {
    QStringList found;
    for (int i = 0; ensemble_ && i < ensemble_->size(); ++i) {
        if (auto problem = ensemble_->problem(i)) {
            found << QString::fromStdString(*problem);
        }
    }
    return found.join(QStringLiteral("\n\n"));
}

} // namespace zs::ui
