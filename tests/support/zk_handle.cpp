#include "zk_handle.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <utility>

namespace zs::testing {
namespace {

// Signalled from the C client's completion thread by ZkHandle::flush().
struct FlushLatch {
    std::mutex mutex;
    std::condition_variable done_changed;
    bool done = false;
};

// `data` is a heap-allocated reference to the latch, so the latch stays valid here even when
// flush() gave up waiting; the C client runs every completion, at the latest on close.
void flush_completed(int /*rc*/, const struct Stat* /*stat*/, const void* data) {
    const std::unique_ptr<std::shared_ptr<FlushLatch>> reference(
        static_cast<std::shared_ptr<FlushLatch>*>(const_cast<void*>(data)));
    FlushLatch& latch = **reference;
    const std::lock_guard lock(latch.mutex);
    latch.done = true;
    latch.done_changed.notify_all();
}

} // namespace

QString zk_event_type_name(int type) {
    if (type == ZOO_CREATED_EVENT) {
        return QStringLiteral("CREATED");
    }
    if (type == ZOO_DELETED_EVENT) {
        return QStringLiteral("DELETED");
    }
    if (type == ZOO_CHANGED_EVENT) {
        return QStringLiteral("CHANGED");
    }
    if (type == ZOO_CHILD_EVENT) {
        return QStringLiteral("CHILD");
    }
    if (type == ZOO_SESSION_EVENT) {
        return QStringLiteral("SESSION");
    }
    if (type == ZOO_NOTWATCHING_EVENT) {
        return QStringLiteral("NOTWATCHING");
    }
    return QStringLiteral("type%1").arg(type);
}

QString zk_state_name(int state) {
    if (state == ZOO_CONNECTED_STATE) {
        return QStringLiteral("CONNECTED");
    }
    if (state == ZOO_CONNECTING_STATE) {
        return QStringLiteral("CONNECTING");
    }
    if (state == ZOO_EXPIRED_SESSION_STATE) {
        return QStringLiteral("EXPIRED");
    }
    if (state == ZOO_AUTH_FAILED_STATE) {
        return QStringLiteral("AUTH_FAILED");
    }
    return QStringLiteral("state%1").arg(state);
}

char* toString(const ZkEvent& event) {
    const QString text = QStringLiteral("%1 %2 %3")
                             .arg(zk_event_type_name(event.type), zk_state_name(event.state),
                                  QString::fromUtf8(event.path));
    return qstrdup(text.toUtf8().constData());
}

void EventLog::watcher(zhandle_t* /*zh*/, int type, int state, const char* path, void* context) {
    static_cast<EventLog*>(context)->record(ZkEvent{type, state, QByteArray(path)});
}

void EventLog::record(const ZkEvent& event) {
    const std::lock_guard lock(mutex_);
    events_.append(event);
    changed_.notify_all();
}

bool EventLog::wait_for_count(qsizetype count, int timeout_ms) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                             [&] { return events_.size() >= count; });
}

QList<ZkEvent> EventLog::take() {
    const std::lock_guard lock(mutex_);
    return std::exchange(events_, {});
}

qsizetype EventLog::size() const {
    const std::lock_guard lock(mutex_);
    return events_.size();
}

ZkHandle::ZkHandle(const QString& connect_string, int session_timeout_ms,
                   const clientid_t* resume) {
    zh_ = zookeeper_init(connect_string.toUtf8().constData(), &ZkHandle::on_watch,
                         session_timeout_ms, resume, this, 0);
}

ZkHandle::~ZkHandle() {
    close();
}

void ZkHandle::close() {
    if (zh_ != nullptr) {
        zookeeper_close(zh_);
        zh_ = nullptr;
    }
}

void ZkHandle::on_watch(zhandle_t* zh, int type, int state, const char* path, void* /*context*/) {
    auto* self = static_cast<ZkHandle*>(const_cast<void*>(zoo_get_context(zh)));
    if (type != ZOO_SESSION_EVENT) {
        self->events_.record(ZkEvent{type, state, QByteArray(path)});
        return;
    }
    const std::lock_guard lock(self->mutex_);
    self->state_ = state;
    self->state_changed_.notify_all();
}

bool ZkHandle::wait_state(int state, int timeout_ms) {
    std::unique_lock lock(mutex_);
    return state_changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                                   [&] { return state_ == state; });
}

int ZkHandle::wait_any_state(std::initializer_list<int> states, int timeout_ms) {
    std::unique_lock lock(mutex_);
    state_changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] {
        return std::find(states.begin(), states.end(), state_) != states.end();
    });
    return state_;
}

int ZkHandle::state() const {
    const std::lock_guard lock(mutex_);
    return state_;
}

clientid_t ZkHandle::client_id() const {
    const clientid_t* id = zh_ != nullptr ? zoo_client_id(zh_) : nullptr;
    return id != nullptr ? *id : clientid_t{};
}

bool ZkHandle::flush(int timeout_ms) {
    const auto latch = std::make_shared<FlushLatch>();
    auto* reference = new std::shared_ptr<FlushLatch>(latch);
    if (zoo_aexists(zh_, "/", 0, &flush_completed, reference) != ZOK) {
        delete reference;
        return false;
    }
    std::unique_lock lock(latch->mutex);
    return latch->done_changed.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                                        [&] { return latch->done; });
}

} // namespace zs::testing
