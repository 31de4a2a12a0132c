#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <condition_variable>
#include <cstdint>
#include <initializer_list>
#include <mutex>
#include <zookeeper/zookeeper.h>

namespace zs::testing {

// One watch notification as the C client delivered it.
struct ZkEvent {
    int type = 0;
    int state = 0;
    QByteArray path;

    bool operator==(const ZkEvent&) const = default;
};

// Name of a C client event type ("CREATED", "CHILD", ...), for messages and transcripts.
QString zk_event_type_name(int type);
QString zk_state_name(int state);
// Lets QCOMPARE print events (found by argument-dependent lookup).
char* toString(const ZkEvent& event);

// Thread-safe sink for watcher callbacks: the C client calls it from its own thread and the test
// thread waits on it with a deadline. Pass `&log` as the context of EventLog::watcher.
class EventLog {
  public:
    static void watcher(zhandle_t* zh, int type, int state, const char* path, void* context);

    void record(const ZkEvent& event);
    bool wait_for_count(qsizetype count, int timeout_ms);
    QList<ZkEvent> take();
    qsizetype size() const;

  private:
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    QList<ZkEvent> events_;
};

// A zookeeper_mt handle whose default watcher records session states and watch events, so the
// test thread can wait for them. The destructor closes the session.
class ZkHandle {
  public:
    ZkHandle(const QString& connect_string, int session_timeout_ms,
             const clientid_t* resume = nullptr);
    ~ZkHandle();
    ZkHandle(const ZkHandle&) = delete;
    ZkHandle& operator=(const ZkHandle&) = delete;

    zhandle_t* get() const { return zh_; }
    // Waits until the session state reported to the watcher equals `state`.
    bool wait_state(int state, int timeout_ms);
    bool wait_connected(int timeout_ms = 10000) {
        return wait_state(ZOO_CONNECTED_STATE, timeout_ms);
    }
    // Waits until the session state is one of `states`; returns the state it ended in.
    int wait_any_state(std::initializer_list<int> states, int timeout_ms);
    int state() const;
    clientid_t client_id() const;
    int64_t session_id() const { return client_id().client_id; }
    int negotiated_timeout_ms() const { return zoo_recv_timeout(zh_); }

    // Completes one asynchronous round trip. The C client hands watch events and asynchronous
    // completions to its callback thread in arrival order, so when this returns every event the
    // server sent before the reply has been recorded.
    bool flush(int timeout_ms = 5000);
    // Watch events (not session events) recorded by the default watcher.
    EventLog& events() { return events_; }

    // Ends the session now (closeSession), as the destructor would.
    void close();

  private:
    static void on_watch(zhandle_t* zh, int type, int state, const char* path, void* context);

    zhandle_t* zh_ = nullptr;
    EventLog events_;
    mutable std::mutex mutex_;
    std::condition_variable state_changed_;
    int state_ = 0;
};

} // namespace zs::testing
