#pragma once

#include "client/client.h"

#include <QObject>
#include <QString>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <thread>
#include <variant>

namespace zs::ui {

// One ZooKeeper session for the GUI. The engine's client runs on a thread of its own; every
// answer, watch event and state change comes back as a queued call on the thread that owns this
// object, so the GUI thread never waits on the network and models change only on it.
class ZkSession : public QObject {
    Q_OBJECT

  public:
    template <class T> using Done = std::function<void(proto::ErrorCode, T)>;

    // nullptr and a message when the connect string is invalid; connecting starts at once.
    static std::variant<std::unique_ptr<ZkSession>, QString> open(client::ClientOptions options);
    // Closes the session (a bounded wait, so that its ephemeral nodes go at once) and stops the
    // client's thread; answers still on their way are dropped.
    ~ZkSession() override;

    client::SessionState state() const;
    QString connect_string() const { return connect_string_; }

    // The children come sorted by name.
    void get_children(const std::string& path, Done<client::ChildrenResult> done);
    void exists(const std::string& path, Done<proto::Stat> done);
    void get_data(const std::string& path, Done<client::DataResult> done);
    void create(const std::string& path, std::optional<std::string> data,
                client::CreateOptions options, Done<client::CreateResult> done);
    // `version` -1 removes whatever version the node has.
    void remove(const std::string& path, int32_t version, Done<std::monostate> done);
    void set_data(const std::string& path, std::optional<std::string> data, int32_t version,
                  Done<proto::Stat> done);
    void get_acl(const std::string& path, Done<client::AclResult> done);
    // `version` is the aclVersion read (-1: any).
    void set_acl(const std::string& path, std::vector<proto::Acl> acl, int32_t version,
                 Done<proto::Stat> done);
    // Adds an identity ("digest", "user:password") to the session; a refused one ends the
    // session (auth_failed), as ZooKeeper does.
    void add_auth(const std::string& scheme, const std::string& credentials,
                  Done<std::monostate> done);
    // How many nodes are below `path` (all depths), without listing them (ZooKeeper 3.6+).
    void count_descendants(const std::string& path, Done<int32_t> done);
    // A persistent-recursive watch on `path` (ZooKeeper 3.6+): `on_event` hears every creation,
    // deletion and data change below it, in the session's order.
    void watch_subtree(const std::string& path,
                       std::function<void(const client::WatchEvent&)> on_event,
                       Done<std::monostate> done);

    // For background jobs (export, import, recursive delete) that wait on replies: they must
    // run on a thread of their own, never on the GUI thread or the client's.
    client::Client& client() { return *client_; }

    // Calls `on_event` (on this object's thread) for every creation, deletion and data change in
    // the tree while `context` lives. All followers share one persistent-recursive watch on "/",
    // set by the first; a refused watch is reported by the tree model, which sets its own.
    void follow_changes(QObject* context, std::function<void(const client::WatchEvent&)> on_event);

  signals:
    void stateChanged(zs::client::SessionState state);
    // What follow_changes delivers.
    void changed(const zs::client::WatchEvent& event);

  private:
    ZkSession();
    // Wraps `done` so that it runs on this object's thread, with the value moved there.
    template <class T> auto on_owner_thread(Done<T> done);

    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    std::thread thread_;
    std::unique_ptr<client::Client> client_;
    QString connect_string_;
    bool following_ = false; // the shared watch of follow_changes is set
};

} // namespace zs::ui
