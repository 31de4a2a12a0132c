#pragma once

#include "client/watch_registry.h"
#include "proto/constants.h"
#include "proto/jute.h"
#include "proto/records.h"

#include <array>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility> // before Boost.Asio: its headers need it with g++ 12
#include <variant>
#include <vector>

// A ZooKeeper client for zoonode and Apache ZooKeeper alike, behaving as the Java client does.
namespace zs::client {

// Where a session stands, as the application sees it. suspended: the connection was lost and the
// client is reconnecting; the session may still be alive (Java's Disconnected). expired,
// auth_failed and closed are final.
enum class SessionState {
    connecting,
    connected,
    connected_read_only,
    suspended,
    expired,
    auth_failed,
    closed,
};
const char* to_string(SessionState state);

struct ClientOptions {
    // "host[:port][,host[:port]...][/chroot]".
    std::string connect_string;
    // Requested; the server clamps it between 2 and 20 ticks (by default).
    std::chrono::milliseconds session_timeout{30000};
    // Accept a server that is cut off from its quorum and serves reads only.
    bool can_be_read_only = false;
    // How long a request may wait for its reply, counted from the call, connected or not; 0
    // waits as long as the session lives. An expired request fails with request_timeout; its
    // late reply is ignored.
    std::chrono::milliseconds request_timeout{0};
    // Resume a session (its id and password) instead of creating one.
    int64_t session_id = 0;
    std::array<uint8_t, 16> session_password{};
    // Hears every state change, on the client's strand; must not block.
    std::function<void(SessionState)> on_state;
};

struct CreateOptions {
    std::vector<proto::Acl> acl{
        proto::Acl{proto::perm::all, proto::Id{"world", "anyone"}}}; // OPEN_ACL_UNSAFE
    proto::CreateMode mode = proto::CreateMode::persistent;
    int64_t ttl_ms = -1; // for the *_with_ttl modes
};

struct CreateResult {
    std::string path; // the node created (with its sequence number)
    // All zero for a plain create inside a multi: servers report only the path there (for
    // containers and TTL nodes they report the Stat too).
    proto::Stat stat;
};
struct DataResult {
    std::optional<std::string> data; // nullopt: the node's data is null
    proto::Stat stat;
};
struct ChildrenResult {
    std::vector<std::string> children;
    proto::Stat stat;
};
struct AclResult {
    std::vector<proto::Acl> acl;
    proto::Stat stat;
};

// The ops of a multi (create, remove, set_data, check) and of a multi_read (get_data,
// get_children).
struct CreateOp {
    std::string path;
    std::optional<std::string> data;
    CreateOptions options;
};
struct RemoveOp {
    std::string path;
    int32_t version = -1;
};
struct SetDataOp {
    std::string path;
    std::optional<std::string> data;
    int32_t version = -1;
};
struct CheckOp {
    std::string path;
    int32_t version = -1;
};
struct GetDataOp {
    std::string path;
};
struct GetChildrenOp {
    std::string path;
};
using Op = std::variant<CreateOp, RemoveOp, SetDataOp, CheckOp, GetDataOp, GetChildrenOp>;

// One op's outcome: err, and on success what the op returns (nothing for remove and check).
struct OpResult {
    proto::ErrorCode err = proto::ErrorCode::ok;
    std::variant<std::monostate, CreateResult, proto::Stat, DataResult, ChildrenResult> value;
};

// The session and its requests. Every operation completes with (ErrorCode, result) through an
// Asio completion token: a callback, boost::asio::use_awaitable in a coroutine, or a
// use_future. Callbacks run on the handler's associated executor (the client's strand by
// default) and may start new operations. All member functions are thread-safe. Requests are
// sent and answered in order; while the client reconnects they wait; when a connection is lost
// those in flight fail with connection_loss, and after expiry everything fails with
// session_expired. A path that breaks ZooKeeper's rules (absolute, no empty, "." or ".."
// segment, no trailing '/' but for sequential creates, no control characters) fails with
// bad_arguments before anything is sent, as the Java client throws IllegalArgumentException.
class Client {
  public:
    struct Impl;

    // nullptr and a message when the connect string is invalid. Connecting starts at once.
    static std::variant<std::unique_ptr<Client>, std::string>
    open(boost::asio::any_io_executor executor, ClientOptions options);
    // Drops the connection without closing the session (use close() for that).
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    SessionState state() const;
    int64_t session_id() const;
    std::array<uint8_t, 16> session_password() const;
    // As the server negotiated it; 0 before the first connection.
    std::chrono::milliseconds negotiated_timeout() const;
    // "host:port" of the server in use, "" when not connected.
    std::string server() const;
    // The largest zxid seen in a reply.
    int64_t last_zxid() const;
    // Why the last connection (or attempt) ended, e.g. "cannot connect to 127.0.0.1:2181:
    // Connection refused"; "" when none has.
    std::string last_problem() const;

    template <class Token>
    auto create(std::string path, std::optional<std::string> data, CreateOptions options,
                Token&& token) {
        return run<CreateResult>(std::forward<Token>(token), &Client::submit_create,
                                 std::move(path), std::move(data), std::move(options));
    }
    template <class Token> auto remove(std::string path, int32_t version, Token&& token) {
        return run<std::monostate>(std::forward<Token>(token), &Client::submit_remove,
                                   std::move(path), version);
    }
    // no_node when the node is missing; with a watch, that arms an exist watch (NodeCreated).
    template <class Token> auto exists(std::string path, WatchCallback watch, Token&& token) {
        return run<proto::Stat>(std::forward<Token>(token), &Client::submit_exists, std::move(path),
                                std::move(watch));
    }
    template <class Token> auto get_data(std::string path, WatchCallback watch, Token&& token) {
        return run<DataResult>(std::forward<Token>(token), &Client::submit_get_data,
                               std::move(path), std::move(watch));
    }
    template <class Token>
    auto set_data(std::string path, std::optional<std::string> data, int32_t version,
                  Token&& token) {
        return run<proto::Stat>(std::forward<Token>(token), &Client::submit_set_data,
                                std::move(path), std::move(data), version);
    }
    template <class Token> auto get_acl(std::string path, Token&& token) {
        return run<AclResult>(std::forward<Token>(token), &Client::submit_get_acl, std::move(path));
    }
    template <class Token>
    auto set_acl(std::string path, std::vector<proto::Acl> acl, int32_t version, Token&& token) {
        return run<proto::Stat>(std::forward<Token>(token), &Client::submit_set_acl,
                                std::move(path), std::move(acl), version);
    }
    template <class Token> auto get_children(std::string path, WatchCallback watch, Token&& token) {
        return run<ChildrenResult>(std::forward<Token>(token), &Client::submit_get_children,
                                   std::move(path), std::move(watch));
    }
    // Completes once the server has applied every write it received before the sync.
    template <class Token> auto sync(std::string path, Token&& token) {
        return run<std::string>(std::forward<Token>(token), &Client::submit_sync, std::move(path));
    }
    // All or nothing. The error is the first failing op's; the results say which. Only
    // create, remove, set_data and check ops (others: bad_arguments, nothing sent).
    template <class Token> auto multi(std::vector<Op> ops, Token&& token) {
        return run<std::vector<OpResult>>(std::forward<Token>(token), &Client::submit_multi,
                                          std::move(ops), false);
    }
    // get_data and get_children ops (others: bad_arguments), each succeeding or failing on
    // its own.
    template <class Token> auto multi_read(std::vector<Op> ops, Token&& token) {
        return run<std::vector<OpResult>>(std::forward<Token>(token), &Client::submit_multi,
                                          std::move(ops), true);
    }
    // A persistent or persistent-recursive watch, until removed.
    template <class Token>
    auto add_watch(std::string path, proto::AddWatchMode mode, WatchCallback watch, Token&& token) {
        return run<std::monostate>(std::forward<Token>(token), &Client::submit_add_watch,
                                   std::move(path), mode, std::move(watch));
    }
    // Removes the watches of `type` on `path`, at the server and here (their callbacks get a
    // *_watch_removed event); no_watcher when this client holds none. The types persistent and
    // persistent_recursive need ZooKeeper 3.9 (3.8 answers marshalling_error and keeps the
    // watch); `any` removes persistent watches on every version.
    template <class Token>
    auto remove_watches(std::string path, proto::WatcherType type, Token&& token) {
        return run<std::monostate>(std::forward<Token>(token), &Client::submit_remove_watches,
                                   std::move(path), type);
    }
    // Adds an identity to the session (digest "user:password", ...). The session keeps it and
    // sends it again after every reconnect; a rejected one ends the session (auth_failed).
    template <class Token> auto add_auth(std::string scheme, std::string auth, Token&& token) {
        return run<std::monostate>(std::forward<Token>(token), &Client::submit_add_auth,
                                   std::move(scheme), std::move(auth));
    }
    template <class Token> auto who_am_i(Token&& token) {
        return run<std::vector<proto::ClientInfo>>(std::forward<Token>(token),
                                                   &Client::submit_who_am_i);
    }
    template <class Token> auto get_all_children_number(std::string path, Token&& token) {
        return run<int32_t>(std::forward<Token>(token), &Client::submit_all_children_number,
                            std::move(path));
    }
    // The session's ephemeral nodes whose path starts with `prefix` ("/" for all).
    template <class Token> auto get_ephemerals(std::string prefix, Token&& token) {
        return run<std::vector<std::string>>(std::forward<Token>(token),
                                             &Client::submit_get_ephemerals, std::move(prefix));
    }
    // Ends the session: its ephemerals go at once. The state becomes closed either way.
    template <class Token> auto close(Token&& token) {
        return run<std::monostate>(std::forward<Token>(token), &Client::submit_close);
    }

  private:
    template <class T> using Done = std::function<void(proto::ErrorCode, T)>;

    explicit Client(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

    // Starts `submit` with a completion that hands (err, T) to the token's handler on its
    // associated executor.
    template <class T, class Token, class Submit, class... Args>
    auto run(Token&& token, Submit submit, Args&&... args) {
        return boost::asio::async_initiate<Token, void(proto::ErrorCode, T)>(
            [this, submit](auto handler, auto&&... forwarded) {
                auto shared = std::make_shared<decltype(handler)>(std::move(handler));
                Done<T> done = [shared, executor = executor()](proto::ErrorCode err, T value) {
                    auto target = boost::asio::get_associated_executor(*shared, executor);
                    boost::asio::dispatch(target,
                                          [shared, err, value = std::move(value)]() mutable {
                                              (*shared)(err, std::move(value));
                                          });
                };
                (this->*submit)(std::forward<decltype(forwarded)>(forwarded)..., std::move(done));
            },
            token, std::forward<Args>(args)...);
    }

    boost::asio::any_io_executor executor() const;

    void submit_create(std::string path, std::optional<std::string> data, CreateOptions options,
                       Done<CreateResult> done);
    void submit_remove(std::string path, int32_t version, Done<std::monostate> done);
    void submit_exists(std::string path, WatchCallback watch, Done<proto::Stat> done);
    void submit_get_data(std::string path, WatchCallback watch, Done<DataResult> done);
    void submit_set_data(std::string path, std::optional<std::string> data, int32_t version,
                         Done<proto::Stat> done);
    void submit_get_acl(std::string path, Done<AclResult> done);
    void submit_set_acl(std::string path, std::vector<proto::Acl> acl, int32_t version,
                        Done<proto::Stat> done);
    void submit_get_children(std::string path, WatchCallback watch, Done<ChildrenResult> done);
    void submit_sync(std::string path, Done<std::string> done);
    void submit_multi(std::vector<Op> ops, bool read_only, Done<std::vector<OpResult>> done);
    void submit_add_watch(std::string path, proto::AddWatchMode mode, WatchCallback watch,
                          Done<std::monostate> done);
    void submit_remove_watches(std::string path, proto::WatcherType type,
                               Done<std::monostate> done);
    void submit_add_auth(std::string scheme, std::string auth, Done<std::monostate> done);
    void submit_who_am_i(Done<std::vector<proto::ClientInfo>> done);
    void submit_all_children_number(std::string path, Done<int32_t> done);
    void submit_get_ephemerals(std::string prefix, Done<std::vector<std::string>> done);
    void submit_close(Done<std::monostate> done);

    std::shared_ptr<Impl> impl_;
};

} // namespace zs::client
