// Requests and replies: encoding each operation, matching replies to requests, arming watches
// and dispatching notifications.
#include "client/client_impl.h"
#include "client/ops.h"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <limits>

namespace zs::client {
namespace {

namespace asio = boost::asio;
using proto::ErrorCode;
using namespace ops;

template <class Record> std::string encode(const Record& record) {
    proto::Writer writer;
    record.write(writer);
    return writer.take();
}

// Decodes a reply body with `read`, or reports marshalling_error when it does not decode.
template <class T, class Read>
void finish(const std::function<void(ErrorCode, T)>& done, ErrorCode err, proto::Reader* body,
            Read read) {
    if (err != ErrorCode::ok || body == nullptr) {
        done(err == ErrorCode::ok ? ErrorCode::marshalling_error : err, T{});
        return;
    }
    T value = read(*body);
    if (!body->ok()) {
        done(ErrorCode::marshalling_error, T{});
        return;
    }
    done(ErrorCode::ok, std::move(value));
}

// Fails `done` from the strand rather than inline: a completion must not run inside the call
// that started its operation (a coroutine or a caller holding a lock would not expect it).
template <class T>
void fail_soon(const asio::strand<asio::any_io_executor>& strand,
               std::function<void(ErrorCode, T)> done, ErrorCode err) {
    asio::post(strand, [done = std::move(done), err] { done(err, T{}); });
}

// As the Java client's PathUtils.validatePath before every request that names a path: it
// throws IllegalArgumentException, this client fails with bad_arguments and sends nothing.
// Without it a relative path under a chroot names a sibling of the chroot ("x" under "/app" is
// "/appx"), and servers answer invalid paths inconsistently (NONODE for reads).
template <class T>
bool refuse_invalid(std::string_view path, const asio::strand<asio::any_io_executor>& strand,
                    std::function<void(ErrorCode, T)>& done) {
    if (valid_path(path)) {
        return false;
    }
    fail_soon(strand, std::move(done), ErrorCode::bad_arguments);
    return true;
}

} // namespace

const char* to_string(SessionState state) {
    switch (state) {
    case SessionState::connecting:
        return "connecting";
    case SessionState::connected:
        return "connected";
    case SessionState::connected_read_only:
        return "connected (read-only)";
    case SessionState::suspended:
        return "suspended";
    case SessionState::expired:
        return "expired";
    case SessionState::auth_failed:
        return "authentication failed";
    case SessionState::closed:
        return "closed";
    }
    return "unknown";
}

// ---- Client ---------------------------------------------------------------------------------

std::variant<std::unique_ptr<Client>, std::string> Client::open(asio::any_io_executor executor,
                                                                ClientOptions options) {
    auto parsed = ConnectString::parse(options.connect_string);
    if (auto* error = std::get_if<std::string>(&parsed)) {
        return *error;
    }
    auto impl = std::make_shared<Impl>(std::move(executor), std::move(options),
                                       std::get<ConnectString>(std::move(parsed)));
    asio::post(impl->strand, [impl] {
        impl->connect_next();
        if (impl->options.request_timeout.count() > 0) {
            impl->schedule_request_check();
        }
    });
    return std::unique_ptr<Client>(new Client(std::move(impl)));
}

Client::~Client() {
    asio::post(impl_->strand, [impl = impl_] { impl->shutdown(); });
}

SessionState Client::state() const {
    return impl_->state;
}

int64_t Client::session_id() const {
    return impl_->session_id;
}

std::array<uint8_t, 16> Client::session_password() const {
    std::lock_guard lock(impl_->shared_mutex);
    return impl_->password;
}

std::chrono::milliseconds Client::negotiated_timeout() const {
    return std::chrono::milliseconds(impl_->negotiated_ms.load());
}

std::string Client::server() const {
    std::lock_guard lock(impl_->shared_mutex);
    return impl_->server_name;
}

int64_t Client::last_zxid() const {
    return impl_->last_zxid;
}

std::string Client::last_problem() const {
    std::lock_guard lock(impl_->shared_mutex);
    return impl_->last_problem;
}

asio::any_io_executor Client::executor() const {
    return impl_->strand;
}

void Client::submit_create(std::string path, std::optional<std::string> data, CreateOptions options,
                           Done<CreateResult> done) {
    const CreateOp op{std::move(path), std::move(data), std::move(options)};
    if (!valid_create(op)) {
        fail_soon(impl_->strand, std::move(done), ErrorCode::bad_arguments);
        return;
    }
    Impl::Request request;
    request.opcode = create_opcode(op.options);
    request.body =
        std::visit([](const auto& body) { return encode(body); }, create_body(impl_->chroot, op));
    request.done = [done = std::move(done), impl = impl_.get()](ErrorCode err,
                                                                proto::Reader* body) {
        finish<CreateResult>(done, err, body, [impl](proto::Reader& reader) {
            proto::Create2Response response = proto::Create2Response::read(reader);
            return CreateResult{impl->chroot.to_client(response.path), response.stat};
        });
    };
    impl_->submit(std::move(request));
}

void Client::submit_remove(std::string path, int32_t version, Done<std::monostate> done) {
    if (refuse_invalid(path, impl_->strand, done)) {
        return;
    }
    Impl::Request request;
    request.opcode = proto::op::remove;
    request.body = encode(proto::DeleteRequest{impl_->chroot.to_server(path), version});
    request.done = [done = std::move(done)](ErrorCode err, proto::Reader*) {
        done(err, std::monostate{});
    };
    impl_->submit(std::move(request));
}

void Client::submit_exists(std::string path, WatchCallback watch, Done<proto::Stat> done) {
    if (refuse_invalid(path, impl_->strand, done)) {
        return;
    }
    Impl::Request request;
    request.opcode = proto::op::exists;
    request.watch_path = impl_->chroot.to_server(path);
    request.body = encode(proto::PathWatchRequest{request.watch_path, bool(watch)});
    request.watch = std::move(watch);
    request.watch_kind = WatchKind::data; // an exist watch when the node is missing
    request.done = [done = std::move(done)](ErrorCode err, proto::Reader* body) {
        finish<proto::Stat>(done, err, body,
                            [](proto::Reader& reader) { return proto::Stat::read(reader); });
    };
    impl_->submit(std::move(request));
}

void Client::submit_get_data(std::string path, WatchCallback watch, Done<DataResult> done) {
    if (refuse_invalid(path, impl_->strand, done)) {
        return;
    }
    Impl::Request request;
    request.opcode = proto::op::get_data;
    request.watch_path = impl_->chroot.to_server(path);
    request.body = encode(proto::PathWatchRequest{request.watch_path, bool(watch)});
    request.watch = std::move(watch);
    request.watch_kind = WatchKind::data;
    request.done = [done = std::move(done)](ErrorCode err, proto::Reader* body) {
        finish<DataResult>(done, err, body, [](proto::Reader& reader) {
            proto::GetDataResponse response = proto::GetDataResponse::read(reader);
            return DataResult{std::move(response.data), response.stat};
        });
    };
    impl_->submit(std::move(request));
}

void Client::submit_set_data(std::string path, std::optional<std::string> data, int32_t version,
                             Done<proto::Stat> done) {
    if (refuse_invalid(path, impl_->strand, done)) {
        return;
    }
    Impl::Request request;
    request.opcode = proto::op::set_data;
    request.body =
        encode(proto::SetDataRequest{impl_->chroot.to_server(path), std::move(data), version});
    request.done = [done = std::move(done)](ErrorCode err, proto::Reader* body) {
        finish<proto::Stat>(done, err, body,
                            [](proto::Reader& reader) { return proto::Stat::read(reader); });
    };
    impl_->submit(std::move(request));
}

void Client::submit_get_acl(std::string path, Done<AclResult> done) {
    if (refuse_invalid(path, impl_->strand, done)) {
        return;
    }
    Impl::Request request;
    request.opcode = proto::op::get_acl;
    request.body = encode(proto::PathRequest{impl_->chroot.to_server(path)});
    request.done = [done = std::move(done)](ErrorCode err, proto::Reader* body) {
        finish<AclResult>(done, err, body, [](proto::Reader& reader) {
            proto::GetAclResponse response = proto::GetAclResponse::read(reader);
            return AclResult{std::move(response.acl), response.stat};
        });
    };
    impl_->submit(std::move(request));
}

void Client::submit_set_acl(std::string path, std::vector<proto::Acl> acl, int32_t version,
                            Done<proto::Stat> done) {
    if (refuse_invalid(path, impl_->strand, done)) {
        return;
    }
    Impl::Request request;
    request.opcode = proto::op::set_acl;
    request.body =
        encode(proto::SetAclRequest{impl_->chroot.to_server(path), std::move(acl), version});
    request.done = [done = std::move(done)](ErrorCode err, proto::Reader* body) {
        finish<proto::Stat>(done, err, body,
                            [](proto::Reader& reader) { return proto::Stat::read(reader); });
    };
    impl_->submit(std::move(request));
}

void Client::submit_get_children(std::string path, WatchCallback watch, Done<ChildrenResult> done) {
    if (refuse_invalid(path, impl_->strand, done)) {
        return;
    }
    Impl::Request request;
    request.opcode = proto::op::get_children2;
    request.watch_path = impl_->chroot.to_server(path);
    request.body = encode(proto::PathWatchRequest{request.watch_path, bool(watch)});
    request.watch = std::move(watch);
    request.watch_kind = WatchKind::child;
    request.done = [done = std::move(done)](ErrorCode err, proto::Reader* body) {
        finish<ChildrenResult>(done, err, body, [](proto::Reader& reader) {
            proto::GetChildren2Response response = proto::GetChildren2Response::read(reader);
            return ChildrenResult{std::move(response.children), response.stat};
        });
    };
    impl_->submit(std::move(request));
}

void Client::submit_sync(std::string path, Done<std::string> done) {
    if (refuse_invalid(path, impl_->strand, done)) {
        return;
    }
    Impl::Request request;
    request.opcode = proto::op::sync;
    request.body = encode(proto::PathRequest{impl_->chroot.to_server(path)});
    request.done = [done = std::move(done), impl = impl_.get()](ErrorCode err,
                                                                proto::Reader* body) {
        finish<std::string>(done, err, body, [impl](proto::Reader& reader) {
            return impl->chroot.to_client(proto::SyncResponse::read(reader).path);
        });
    };
    impl_->submit(std::move(request));
}

void Client::submit_multi(std::vector<Op> ops, bool read_only, Done<std::vector<OpResult>> done) {
    if (!std::all_of(ops.begin(), ops.end(),
                     [read_only](const Op& op) { return valid_op(op, read_only); })) {
        // As the Java client reports it: BADARGUMENTS for each invalid op, RUNTIMEINCONSISTENCY
        // for the others, and nothing sent.
        std::vector<OpResult> results;
        for (const Op& op : ops) {
            results.push_back(OpResult{valid_op(op, read_only) ? ErrorCode::runtime_inconsistency
                                                               : ErrorCode::bad_arguments,
                                       {}});
        }
        asio::post(impl_->strand, [done = std::move(done), results = std::move(results)] {
            done(ErrorCode::bad_arguments, results);
        });
        return;
    }
    proto::MultiRequest multi;
    for (const Op& op : ops) {
        multi.ops.push_back(multi_op(impl_->chroot, op));
    }
    Impl::Request request;
    request.opcode = read_only ? proto::op::multi_read : proto::op::multi;
    request.body = encode(multi);
    request.done = [done = std::move(done), impl = impl_.get(), read_only](ErrorCode err,
                                                                           proto::Reader* body) {
        if (err != ErrorCode::ok || body == nullptr) {
            done(err == ErrorCode::ok ? ErrorCode::marshalling_error : err, {});
            return;
        }
        const proto::MultiResponse response = proto::MultiResponse::read(*body);
        if (!body->ok()) {
            done(ErrorCode::marshalling_error, {});
            return;
        }
        std::vector<OpResult> results;
        ErrorCode first = ErrorCode::ok;
        for (const proto::MultiResult& result : response.results) {
            results.push_back(op_result(impl->chroot, result));
            // A failed multi reports every op as an error; the first non-ok one is the cause.
            if (!read_only && first == ErrorCode::ok && results.back().err != ErrorCode::ok) {
                first = results.back().err;
            }
        }
        done(first, std::move(results));
    };
    impl_->submit(std::move(request));
}

void Client::submit_add_watch(std::string path, proto::AddWatchMode mode, WatchCallback watch,
                              Done<std::monostate> done) {
    if (refuse_invalid(path, impl_->strand, done)) {
        return;
    }
    Impl::Request request;
    request.opcode = proto::op::add_watch;
    request.watch_path = impl_->chroot.to_server(path);
    request.body = encode(proto::AddWatchRequest{request.watch_path, int32_t(mode)});
    request.watch = std::move(watch);
    request.watch_kind = mode == proto::AddWatchMode::persistent ? WatchKind::persistent
                                                                 : WatchKind::persistent_recursive;
    request.done = [done = std::move(done)](ErrorCode err, proto::Reader*) {
        done(err, std::monostate{});
    };
    impl_->submit(std::move(request));
}

void Client::submit_remove_watches(std::string path, proto::WatcherType type,
                                   Done<std::monostate> done) {
    if (refuse_invalid(path, impl_->strand, done)) {
        return;
    }
    asio::dispatch(impl_->strand, [impl = impl_, path = impl_->chroot.to_server(path), type,
                                   done = std::move(done)]() mutable {
        // Like the Java client: no watch here, no request.
        if (!impl->watches.has(type, path)) {
            done(ErrorCode::no_watcher, std::monostate{});
            return;
        }
        Impl::Request request;
        request.opcode = proto::op::remove_watches;
        request.body = encode(proto::WatchTypeRequest{path, int32_t(type)});
        request.done = [impl, path, type, done = std::move(done)](ErrorCode err, proto::Reader*) {
            if (err == ErrorCode::ok) {
                const std::string client_path = impl->chroot.to_client(path);
                for (auto& [kind, callback] : impl->watches.remove(type, path)) {
                    const proto::EventType removed =
                        kind == WatchKind::child ? proto::EventType::child_watch_removed
                        : kind == WatchKind::data || kind == WatchKind::exist
                            ? proto::EventType::data_watch_removed
                            : proto::EventType::persistent_watch_removed;
                    callback(WatchEvent{removed, client_path});
                }
            }
            done(err, std::monostate{});
        };
        impl->submit(std::move(request));
    });
}

void Client::submit_add_auth(std::string scheme, std::string auth, Done<std::monostate> done) {
    asio::dispatch(impl_->strand, [impl = impl_, packet = proto::AuthPacket{0, scheme, auth},
                                   done = std::move(done)]() mutable {
        if (impl->final_state()) {
            done(impl->state == SessionState::auth_failed ? ErrorCode::auth_failed
                                                          : ErrorCode::session_expired,
                 {});
            return;
        }
        impl->auths.push_back(packet);
        Impl::Completion answered = [done = std::move(done)](ErrorCode err, proto::Reader*) {
            done(err, {});
        };
        if (!impl->handshake_done) {
            // Sent with the others right after the next handshake; answered then.
            impl->auth_before_connect.push_back(std::move(answered));
            return;
        }
        proto::Writer writer;
        writer.begin_frame();
        proto::RequestHeader{proto::xid::auth, proto::op::auth}.write(writer);
        packet.write(writer);
        writer.end_frame();
        impl->send_frame(writer.take());
        impl->auth_waiting.push_back(std::move(answered));
    });
}

void Client::submit_who_am_i(Done<std::vector<proto::ClientInfo>> done) {
    Impl::Request request;
    request.opcode = proto::op::who_am_i;
    request.done = [done = std::move(done)](ErrorCode err, proto::Reader* body) {
        finish<std::vector<proto::ClientInfo>>(done, err, body, [](proto::Reader& reader) {
            return proto::WhoAmIResponse::read(reader).client_info;
        });
    };
    impl_->submit(std::move(request));
}

void Client::submit_all_children_number(std::string path, Done<int32_t> done) {
    if (refuse_invalid(path, impl_->strand, done)) {
        return;
    }
    Impl::Request request;
    request.opcode = proto::op::get_all_children_number;
    request.body = encode(proto::PathRequest{impl_->chroot.to_server(path)});
    request.done = [done = std::move(done)](ErrorCode err, proto::Reader* body) {
        finish<int32_t>(done, err, body, [](proto::Reader& reader) {
            return proto::GetAllChildrenNumberResponse::read(reader).total;
        });
    };
    impl_->submit(std::move(request));
}

void Client::submit_get_ephemerals(std::string prefix, Done<std::vector<std::string>> done) {
    if (refuse_invalid(prefix, impl_->strand, done)) {
        return;
    }
    Impl::Request request;
    request.opcode = proto::op::get_ephemerals;
    request.body = encode(proto::PathRequest{impl_->chroot.to_server(prefix)});
    request.done = [done = std::move(done), impl = impl_.get()](ErrorCode err,
                                                                proto::Reader* body) {
        finish<std::vector<std::string>>(done, err, body, [impl](proto::Reader& reader) {
            std::vector<std::string> paths;
            for (const std::string& path : proto::GetEphemeralsResponse::read(reader).ephemerals) {
                // The server matches the prefix as a string: under the chroot "/app", the prefix
                // "/" is "/app" and also matches "/app2/...", which the application cannot see.
                if (impl->chroot.contains(path)) {
                    paths.push_back(impl->chroot.to_client(path));
                }
            }
            return paths;
        });
    };
    impl_->submit(std::move(request));
}

void Client::submit_close(Done<std::monostate> done) {
    asio::dispatch(impl_->strand, [impl = impl_, done = std::move(done)]() mutable {
        if (impl->final_state()) {
            done(ErrorCode::ok, {});
            return;
        }
        if (!impl->handshake_done) {
            // Nothing to tell the server now; the session times out there.
            impl->set_state(SessionState::closed);
            impl->drop("closed while disconnected");
            done(ErrorCode::ok, {});
            return;
        }
        Impl::Request request;
        request.opcode = proto::op::close_session;
        request.done = [impl, done = std::move(done)](ErrorCode err, proto::Reader*) {
            impl->set_state(SessionState::closed);
            impl->drop("the session was closed");
            done(err == ErrorCode::connection_loss ? ErrorCode::ok : err, {});
        };
        impl->closing = true;
        impl->submit(std::move(request));
    });
}

// ---- Impl: requests and replies ---------------------------------------------------------------

bool Client::Impl::refuse_if_final(Request& request) {
    if (!final_state() && !closing) {
        return false;
    }
    // As the Java client answers a request on a dead session.
    const ErrorCode err =
        state == SessionState::auth_failed ? ErrorCode::auth_failed : ErrorCode::session_expired;
    request.done(err, nullptr);
    return true;
}

void Client::Impl::submit(Request request) {
    asio::dispatch(strand, [self = shared_from_this(), request = std::move(request)]() mutable {
        if (request.opcode != proto::op::close_session && self->refuse_if_final(request)) {
            return;
        }
        if (self->options.request_timeout.count() > 0) {
            request.deadline = Clock::now() + self->options.request_timeout;
        }
        if (self->handshake_done) {
            self->send_request(request);
        } else {
            self->waiting.push_back(std::move(request));
        }
    });
}

void Client::Impl::send_request(Request& request) {
    request.xid = next_xid;
    next_xid = next_xid == std::numeric_limits<int32_t>::max() ? 1 : next_xid + 1;
    proto::Writer writer;
    writer.reserve(request.body.size() + 12);
    writer.begin_frame();
    proto::RequestHeader{request.xid, request.opcode}.write(writer);
    writer.write_encoded(request.body);
    writer.end_frame();
    request.body.clear();
    in_flight.push_back(std::move(request));
    send_frame(writer.take());
}

void Client::Impl::on_frame(std::string_view frame) {
    proto::Reader reader(frame, std::numeric_limits<int32_t>::max());
    const proto::ReplyHeader header = proto::ReplyHeader::read(reader);
    if (!reader.ok()) {
        drop("a reply header does not decode");
        return;
    }
    if (header.zxid > 0 && header.zxid > last_zxid) {
        last_zxid = header.zxid;
    }
    switch (header.xid) {
    case proto::xid::notification:
        on_event(reader);
        return;
    case proto::xid::ping:
    case proto::xid::set_watches:
        return;
    case proto::xid::auth: {
        Completion done;
        if (!auth_waiting.empty()) {
            done = std::move(auth_waiting.front());
            auth_waiting.pop_front();
        }
        const ErrorCode err = ErrorCode(header.err);
        if (err == ErrorCode::auth_failed) {
            // The server closes the connection after this; the session is unusable.
            set_state(SessionState::auth_failed);
        }
        if (done) {
            done(err, nullptr);
        }
        if (err == ErrorCode::auth_failed) {
            drop("the server refused an identity");
        }
        return;
    }
    default:
        on_reply(header, reader);
    }
}

void Client::Impl::on_reply(const proto::ReplyHeader& header, proto::Reader& body) {
    if (in_flight.empty() || in_flight.front().xid != header.xid) {
        drop("a reply (xid " + std::to_string(header.xid) + ") matches no request in order");
        return;
    }
    Request request = std::move(in_flight.front());
    in_flight.pop_front();
    if (!request.done) {
        return; // timed out; the reply comes too late
    }
    const ErrorCode err = ErrorCode(header.err);
    if (request.watch && err == ErrorCode::ok) {
        watches.add(request.watch_kind, request.watch_path, std::move(request.watch));
    } else if (request.watch && err == ErrorCode::no_node && request.opcode == proto::op::exists) {
        watches.add(WatchKind::exist, request.watch_path, std::move(request.watch));
    }
    request.done(err, err == ErrorCode::ok ? &body : nullptr);
}

void Client::Impl::on_event(proto::Reader& body) {
    const proto::WatcherEvent event = proto::WatcherEvent::read(body);
    if (!body.ok()) {
        drop("a notification does not decode");
        return;
    }
    const auto type = proto::EventType(event.type);
    const WatchEvent delivered{type, chroot.to_client(event.path)};
    for (const WatchCallback& callback : watches.fire(type, event.path)) {
        callback(delivered);
    }
}

void Client::Impl::fail_in_flight(ErrorCode err) {
    // Taken out first: a callback may submit new requests.
    std::deque<Request> failed = std::move(in_flight);
    in_flight.clear();
    for (Request& request : failed) {
        if (request.done) {
            request.done(err, nullptr);
        }
    }
}

void Client::Impl::fail_all(ErrorCode err) {
    std::deque<Request> failed = std::move(in_flight);
    in_flight.clear();
    for (Request& request : waiting) {
        failed.push_back(std::move(request));
    }
    waiting.clear();
    for (Request& request : failed) {
        if (request.done) {
            request.done(err, nullptr);
        }
    }
}

void Client::Impl::expire_requests(Clock::time_point now) {
    std::vector<Completion> expired;
    for (Request& request : in_flight) {
        if (request.done && request.deadline <= now) {
            expired.push_back(std::move(request.done));
            request.done = nullptr; // keeps its place: its reply is still to come
        }
    }
    std::erase_if(waiting, [&](Request& request) {
        if (request.deadline > now) {
            return false;
        }
        expired.push_back(std::move(request.done));
        return true;
    });
    for (Completion& done : expired) {
        done(ErrorCode::request_timeout, nullptr);
    }
}

} // namespace zs::client
