#pragma once

#include "proto/request.h"
#include "tree/data_tree.h"
#include "tree/txn.h"

#include <string_view>

namespace zs::server {

class Connection;
class Server;

// Answers one client request after the handshake, as ZooKeeper's FinalRequestProcessor does:
// reads straight from the applied tree, writes through the server's commit pipeline, special xids
// (ping, auth, setWatches) by their own rules. Replies leave in request order: while a
// connection has a request in flight, what it sends next waits in its pending queue and runs once
// everything before it is answered (ZooKeeper's CommitProcessor); other connections' reads are
// answered at once.
class RequestProcessor {
  public:
    explicit RequestProcessor(Server& server) : server_(server) {}

    // A request that just arrived.
    void process(Connection& connection, std::string_view payload);

  private:
    // Where a request stands in its connection's order.
    enum class Turn { arrived, at_head };

    void handle(Connection& connection, std::string_view payload, int64_t received_ms, Turn turn);
    // Runs the requests that waited behind the connection's oldest one, just answered, up to the
    // next one in flight.
    void resume(Connection& connection);
    // Returns false when the connection must close after the reply.
    bool dispatch(Connection& connection, const proto::Request& request, int64_t received_ms,
                  Turn turn);
    // Commits a write-like request (writes, closeSession, the error txns of deleteContainer and
    // reconfig); the reply is sent once its txn is applied.
    void submit(Connection& connection, proto::Request request, int64_t received_ms, Turn turn);
    void reply_committed(Connection& connection, int32_t xid, int32_t type, const tree::Txn& txn,
                         const tree::ApplyResult& result);
    void record_latency(Connection& connection, int64_t received_ms);
    void process_auth(Connection& connection, const proto::Request& request);
    // Adds the identity an auth packet proves; false for a scheme this server does not know.
    bool add_auth_ids(Connection& connection, const proto::AuthPacket& packet);
    void process_set_watches(Connection& connection, const proto::Request& request);
    void process_multi_read(Connection& connection, const proto::Request& request);
    void process_read(Connection& connection, const proto::Request& request);
    void process_sync(Connection& connection, const proto::Request& request, int64_t received_ms,
                      Turn turn);
    void process_watch_admin(Connection& connection, const proto::Request& request);
    void process_who_am_i(Connection& connection, const proto::Request& request);

    void reply(Connection& connection, int32_t xid, proto::ErrorCode err);
    template <class Body> void reply(Connection& connection, int32_t xid, const Body& body);
    bool permitted(const Connection& connection, const tree::Node& node, int32_t perm) const;

    Server& server_;
};

} // namespace zs::server
