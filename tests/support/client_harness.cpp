#include "client_harness.h"

#include <QCryptographicHash>
#include <QStringList>
#include <QTest>
#include <algorithm>
#include <boost/asio/post.hpp>

namespace zs::proto {

char* toString(const ErrorCode& err) {
    return qstrdup(QStringLiteral("%1 (%2)")
                       .arg(err == zs::testing::kHung ? "HUNG" : error_name(err))
                       .arg(int(err))
                       .toUtf8()
                       .constData());
}

char* toString(const EventType& type) {
    return qstrdup(QByteArray::number(int(type)).constData());
}

char* toString(const Stat& stat) {
    return qstrdup(QStringLiteral("czxid %1 mzxid %2 version %3 cversion %4 aversion %5 owner %6 "
                                  "length %7 children %8 pzxid %9")
                       .arg(stat.czxid)
                       .arg(stat.mzxid)
                       .arg(stat.version)
                       .arg(stat.cversion)
                       .arg(stat.aversion)
                       .arg(stat.ephemeral_owner)
                       .arg(stat.data_length)
                       .arg(stat.num_children)
                       .arg(stat.pzxid)
                       .toUtf8()
                       .constData());
}

char* toString(const std::vector<Acl>& acl) {
    QStringList entries;
    for (const Acl& entry : acl) {
        entries << QStringLiteral("%1:%2:%3")
                       .arg(QString::fromStdString(entry.id.scheme),
                            QString::fromStdString(entry.id.id))
                       .arg(entry.perms);
    }
    return qstrdup(entries.join(QLatin1Char(',')).toUtf8().constData());
}

char* toString(const ClientInfo& info) {
    return qstrdup((info.auth_scheme + ":" + info.user).c_str());
}

} // namespace zs::proto

namespace zs::client {

char* toString(const SessionState& state) {
    return qstrdup(to_string(state));
}

} // namespace zs::client

namespace zs::testing {

Loop::Loop() : guard_(io_.get_executor()), thread_([this] { io_.run(); }) {}

Loop::~Loop() {
    release();
    guard_.reset();
    // Clients post their shutdown when destroyed; give it a moment to cancel their timers and
    // sockets, then stop whatever is left so the join cannot hang.
    for (int i = 0; i < 100 && !io_.stopped(); ++i) {
        std::this_thread::sleep_for(10ms);
    }
    io_.stop();
    thread_.join();
}

void Loop::block() {
    auto gate = std::make_shared<std::promise<void>>();
    gate_ = gate;
    auto parked = std::make_shared<std::promise<void>>();
    auto parked_future = parked->get_future();
    boost::asio::post(io_, [gate, parked] {
        parked->set_value();
        gate->get_future().wait();
    });
    // Only return once the loop's thread is really parked.
    parked_future.wait();
}

void Loop::release() {
    if (gate_) {
        gate_->set_value();
        gate_.reset();
    }
}

QString Events::next_text(std::chrono::milliseconds timeout) {
    const auto event = next(timeout);
    return event ? QStringLiteral("%1 %2")
                       .arg(int(event->type))
                       .arg(QString::fromStdString(event->path))
                 : QString();
}

std::function<void(SessionState)> States::listener() {
    auto push = sink();
    return [push, shared = shared_](SessionState state) {
        std::function<void(SessionState)> hook;
        {
            std::lock_guard lock(shared->mutex);
            shared->all.push_back(state);
            hook = shared->hook;
        }
        push(state);
        if (hook) {
            hook(state);
        }
    };
}

void States::set_hook(std::function<void(SessionState)> hook) {
    std::lock_guard lock(shared_->mutex);
    shared_->hook = std::move(hook);
}

bool States::wait_for(SessionState wanted, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        const auto state = next(std::max(left, 0ms));
        if (!state) {
            return false;
        }
        if (*state == wanted) {
            return true;
        }
    }
}

QString States::history() const {
    std::lock_guard lock(shared_->mutex);
    QStringList names;
    for (SessionState state : shared_->all) {
        names << client::to_string(state);
    }
    return names.join(QLatin1Char(','));
}

std::unique_ptr<Client> open_client(Loop& loop, ClientOptions options) {
    auto opened = Client::open(loop.executor(), std::move(options));
    if (auto* error = std::get_if<std::string>(&opened)) {
        QTest::qFail(("Client::open: " + *error).c_str(), __FILE__, __LINE__);
        return nullptr;
    }
    return std::get<std::unique_ptr<Client>>(std::move(opened));
}

bool wait_state(const Client& client, SessionState wanted, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (client.state() != wanted) {
        if (std::chrono::steady_clock::now() > deadline) {
            return false;
        }
        std::this_thread::sleep_for(5ms);
    }
    return true;
}

namespace {
using boost::asio::use_future;

ErrorCode err_only(std::tuple<ErrorCode, std::monostate> result) {
    return std::get<0>(result);
}
} // namespace

Sync::R<client::CreateResult> Sync::create(const std::string& path, Data data,
                                           client::CreateOptions options) {
    return wait_result(c_.create(path, std::move(data), std::move(options), use_future));
}

Sync::R<client::CreateResult> Sync::create(const std::string& path, Data data,
                                           proto::CreateMode mode, int64_t ttl_ms) {
    client::CreateOptions options;
    options.mode = mode;
    options.ttl_ms = ttl_ms;
    return create(path, std::move(data), std::move(options));
}

ErrorCode Sync::remove(const std::string& path, int32_t version) {
    return err_only(wait_result(c_.remove(path, version, use_future)));
}

Sync::R<proto::Stat> Sync::exists(const std::string& path, WatchCallback watch) {
    return wait_result(c_.exists(path, std::move(watch), use_future));
}

Sync::R<client::DataResult> Sync::get_data(const std::string& path, WatchCallback watch) {
    return wait_result(c_.get_data(path, std::move(watch), use_future));
}

Sync::R<proto::Stat> Sync::set_data(const std::string& path, Data data, int32_t version) {
    return wait_result(c_.set_data(path, std::move(data), version, use_future));
}

Sync::R<client::AclResult> Sync::get_acl(const std::string& path) {
    return wait_result(c_.get_acl(path, use_future));
}

Sync::R<proto::Stat> Sync::set_acl(const std::string& path, std::vector<proto::Acl> acl,
                                   int32_t version) {
    return wait_result(c_.set_acl(path, std::move(acl), version, use_future));
}

Sync::R<client::ChildrenResult> Sync::get_children(const std::string& path, WatchCallback watch) {
    return wait_result(c_.get_children(path, std::move(watch), use_future));
}

Sync::R<std::string> Sync::sync(const std::string& path) {
    return wait_result(c_.sync(path, use_future));
}

Sync::R<std::vector<client::OpResult>> Sync::multi(std::vector<client::Op> ops) {
    return wait_result(c_.multi(std::move(ops), use_future));
}

Sync::R<std::vector<client::OpResult>> Sync::multi_read(std::vector<client::Op> ops) {
    return wait_result(c_.multi_read(std::move(ops), use_future));
}

ErrorCode Sync::add_watch(const std::string& path, proto::AddWatchMode mode, WatchCallback watch) {
    return err_only(wait_result(c_.add_watch(path, mode, std::move(watch), use_future)));
}

ErrorCode Sync::remove_watches(const std::string& path, proto::WatcherType type) {
    return err_only(wait_result(c_.remove_watches(path, type, use_future)));
}

ErrorCode Sync::add_auth(const std::string& scheme, const std::string& auth) {
    return err_only(wait_result(c_.add_auth(scheme, auth, use_future)));
}

Sync::R<std::vector<proto::ClientInfo>> Sync::who_am_i() {
    return wait_result(c_.who_am_i(use_future));
}

Sync::R<int32_t> Sync::get_all_children_number(const std::string& path) {
    return wait_result(c_.get_all_children_number(path, use_future));
}

Sync::R<std::vector<std::string>> Sync::get_ephemerals(const std::string& prefix) {
    return wait_result(c_.get_ephemerals(prefix, use_future));
}

ErrorCode Sync::close() {
    return err_only(wait_result(c_.close(use_future)));
}

QString Sync::data_text(const std::string& path) {
    const auto [err, result] = get_data(path);
    if (err != ErrorCode::ok) {
        return QStringLiteral("<err %1>").arg(proto::error_name(err));
    }
    return result.data ? QString::fromStdString(*result.data) : QStringLiteral("<null>");
}

QString Sync::children_text(const std::string& path) {
    auto [err, result] = get_children(path);
    if (err != ErrorCode::ok) {
        return QStringLiteral("<err %1>").arg(proto::error_name(err));
    }
    return joined(std::move(result.children));
}

QString event_text(EventType type, const char* path) {
    return QStringLiteral("%1 %2").arg(int(type)).arg(QLatin1String(path));
}

QString joined(std::vector<std::string> items) {
    std::sort(items.begin(), items.end());
    QStringList out;
    for (const std::string& item : items) {
        out << QString::fromStdString(item);
    }
    return out.join(QLatin1Char(','));
}

std::string digest_id(const std::string& user_password) {
    const QByteArray text = QByteArray::fromStdString(user_password);
    const QByteArray hash = QCryptographicHash::hash(text, QCryptographicHash::Sha1).toBase64();
    return user_password.substr(0, user_password.find(':')) + ":" + hash.toStdString();
}

} // namespace zs::testing
