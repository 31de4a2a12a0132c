#include "bridge/zk_session.h"

#include <QMetaObject>
#include <algorithm>
#include <boost/asio/use_future.hpp>
#include <chrono>

namespace zs::ui {

namespace {

constexpr std::chrono::seconds kCloseWait{2};

} // namespace

ZkSession::ZkSession() : work_(io_.get_executor()), thread_([this] { io_.run(); }) {}

std::variant<std::unique_ptr<ZkSession>, QString> ZkSession::open(client::ClientOptions options) {
    std::unique_ptr<ZkSession> session(new ZkSession());
    session->connect_string_ = QString::fromStdString(options.connect_string);
    ZkSession* self = session.get();
    auto listener = std::move(options.on_state);
    options.on_state = [self, listener](client::SessionState state) {
        if (listener) {
            listener(state);
        }
        QMetaObject::invokeMethod(
            self, [self, state] { emit self->stateChanged(state); }, Qt::QueuedConnection);
    };
    auto opened = client::Client::open(session->io_.get_executor(), std::move(options));
    if (auto* error = std::get_if<std::string>(&opened)) {
        return QString::fromStdString(*error);
    }
    session->client_ = std::move(std::get<std::unique_ptr<client::Client>>(opened));
    return session;
}

ZkSession::~ZkSession() {
    if (client_) {
        auto closed = client_->close(boost::asio::use_future);
        closed.wait_for(kCloseWait);
        client_.reset();
    }
    work_.reset();
    io_.stop();
    thread_.join();
}

client::SessionState ZkSession::state() const {
    return client_ ? client_->state() : client::SessionState::closed;
}

template <class T> auto ZkSession::on_owner_thread(Done<T> done) {
    return [this, done = std::move(done)](proto::ErrorCode err, T value) mutable {
        QMetaObject::invokeMethod(
            this,
            [done = std::move(done), err, value = std::move(value)]() mutable {
                done(err, std::move(value));
            },
            Qt::QueuedConnection);
    };
}

void ZkSession::get_children(const std::string& path, Done<client::ChildrenResult> done) {
    client_->get_children(path, {},
                          [relay = on_owner_thread(std::move(done))](
                              proto::ErrorCode err, client::ChildrenResult result) mutable {
                              // Sorted here: 100,000 names take tens of milliseconds, which the
                              // GUI thread must not spend.
                              std::sort(result.children.begin(), result.children.end());
                              relay(err, std::move(result));
                          });
}

void ZkSession::exists(const std::string& path, Done<proto::Stat> done) {
    client_->exists(path, {}, on_owner_thread(std::move(done)));
}

void ZkSession::get_data(const std::string& path, Done<client::DataResult> done) {
    client_->get_data(path, {}, on_owner_thread(std::move(done)));
}

void ZkSession::create(const std::string& path, std::optional<std::string> data,
                       client::CreateOptions options, Done<client::CreateResult> done) {
    client_->create(path, std::move(data), std::move(options), on_owner_thread(std::move(done)));
}

void ZkSession::remove(const std::string& path, int32_t version, Done<std::monostate> done) {
    client_->remove(path, version, on_owner_thread(std::move(done)));
}

void ZkSession::set_data(const std::string& path, std::optional<std::string> data, int32_t version,
                         Done<proto::Stat> done) {
    client_->set_data(path, std::move(data), version, on_owner_thread(std::move(done)));
}

void ZkSession::get_acl(const std::string& path, Done<client::AclResult> done) {
    client_->get_acl(path, on_owner_thread(std::move(done)));
}

void ZkSession::set_acl(const std::string& path, std::vector<proto::Acl> acl, int32_t version,
                        Done<proto::Stat> done) {
    client_->set_acl(path, std::move(acl), version, on_owner_thread(std::move(done)));
}

void ZkSession::add_auth(const std::string& scheme, const std::string& credentials,
                         Done<std::monostate> done) {
    client_->add_auth(scheme, credentials, on_owner_thread(std::move(done)));
}

void ZkSession::count_descendants(const std::string& path, Done<int32_t> done) {
    client_->get_all_children_number(path, on_owner_thread(std::move(done)));
}

void ZkSession::watch_subtree(const std::string& path,
                              std::function<void(const client::WatchEvent&)> on_event,
                              Done<std::monostate> done) {
    auto relay = [this, on_event = std::move(on_event)](const client::WatchEvent& event) {
        QMetaObject::invokeMethod(
            this, [on_event, event] { on_event(event); }, Qt::QueuedConnection);
    };
    client_->add_watch(path, proto::AddWatchMode::persistent_recursive, std::move(relay),
                       on_owner_thread(std::move(done)));
}

void ZkSession::follow_changes(QObject* context,
                               std::function<void(const client::WatchEvent&)> on_event) {
    connect(this, &ZkSession::changed, context, std::move(on_event));
    if (following_) {
        return;
    }
    following_ = true;
    watch_subtree(
        "/", [this](const client::WatchEvent& event) { emit changed(event); },
        [](proto::ErrorCode, std::monostate) {});
}

} // namespace zs::ui
