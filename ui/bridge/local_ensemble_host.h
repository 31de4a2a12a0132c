#pragma once

#include "ensemble/local_ensemble.h"

#include <QString>
#include <memory>

namespace zs::ui {

// The local zoonode ensemble the app starts when it is given no connection: three members
// whose data lives in the app's data directory (so the tree is there again next time), stopped
// when this object goes.
class LocalEnsembleHost {
  public:
    static constexpr int kMembers = 3;

    // The zoonode next to this program (installed), or in the build tree beside it;
    // ZOOSCOPE_ZOONODE overrides both. Empty when there is none.
    static QString find_zoonode();
    // The directory the members keep their data in.
    static QString data_dir();

    // Starts the members; an error message, or empty on success.
    QString start();
    QString connect_string() const;
    // Members that ended since the start, each with the end of its log; empty when all run.
    QString problems() const;

  private:
    std::unique_ptr<ensemble::LocalEnsemble> ensemble_;
};

} // namespace zs::ui
