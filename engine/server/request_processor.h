#pragma once

#include "proto/request.h"
#include "tree/data_tree.h"

#include <string_view>

namespace zs::server {

class Connection;
class Server;

// Answers one client request after the handshake, as ZooKeeper's FinalRequestProcessor does:
// reads straight from the tree, writes through prep -> commit, special xids (ping, auth,
// setWatches) by their own rules. Replies leave in request order because every request is
// answered before the next one of the same connection is read.
class RequestProcessor {
  public:
    explicit RequestProcessor(Server& server) : server_(server) {}

    void process(Connection& connection, std::string_view payload);

  private:
    // Returns false when the connection must close after the reply.
    bool dispatch(Connection& connection, const proto::Request& request);
    void process_write(Connection& connection, const proto::Request& request);
    void process_auth(Connection& connection, const proto::Request& request);
    void process_set_watches(Connection& connection, const proto::Request& request);
    void process_multi_read(Connection& connection, const proto::Request& request);
    void process_read(Connection& connection, const proto::Request& request);
    void process_watch_admin(Connection& connection, const proto::Request& request);
    void process_who_am_i(Connection& connection, const proto::Request& request);

    void reply(Connection& connection, int32_t xid, proto::ErrorCode err);
    template <class Body> void reply(Connection& connection, int32_t xid, const Body& body);
    bool permitted(const Connection& connection, const tree::Node& node, int32_t perm) const;

    Server& server_;
};

} // namespace zs::server
