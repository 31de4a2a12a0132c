#pragma once

#include "bridge/zk_session.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

namespace zs::ui {

// A znode's ACL, shown and edited: one row per entry with its scheme (world, digest, ip, auth,
// sasl, x509), id and the five permissions as checkboxes; a digest generator that turns a user
// and password into the digest scheme's id. Save checks every entry as ZooKeeper would, then
// sets the ACL with the aclVersion read, so that a change made meanwhile is not overwritten.
class AclEditor : public QWidget {
    Q_OBJECT

  public:
    enum Column { scheme_column, id_column, first_perm_column };

    explicit AclEditor(ZkSession& session, QWidget* parent = nullptr);

    // Reads and shows the ACL of `path` (empty: clears).
    void show_node(const QString& path);
    QString path() const { return path_; }
    QTableWidget* table() const { return table_; }
    std::vector<proto::Acl> entries() const;
    void add_entry(const proto::Acl& entry);
    void save();
    // Opens the digest generator; its result is added as a digest entry with every permission.
    void generate_digest();

  signals:
    // An ACL was read and shown, or a save ended (`ok`: written).
    void loaded(const QString& path);
    void saveFinished(bool ok);

  private:
    void read();
    void set_status(const QString& text, bool problem);
    void set_modified(bool modified);

    ZkSession& session_;
    QString path_;
    int32_t acl_version_ = -1;
    QTableWidget* table_;
    QLabel* status_;
    QPushButton* save_;
    QPushButton* revert_;
    bool loading_ = false;
};

} // namespace zs::ui
