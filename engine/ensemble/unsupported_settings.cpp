// Settings ZooKeeper 3.8 documents (zookeeperAdmin.md) or reads as "zookeeper.*" JVM
// properties that zoonode does not implement, each with the reason a user sees.

#include "ensemble/config_draft.h"

#include <algorithm>

namespace zs::ensemble::detail {

namespace {

constexpr std::string_view storage =
    "zoonode keeps its log and snapshots in SQLite, not in ZooKeeper's files";
constexpr std::string_view java_internals =
    "it tunes a part of ZooKeeper's Java server that zoonode does not have";
constexpr std::string_view throttling =
    "zoonode limits load with globalOutstandingLimit, maxCnxns and maxClientCnxns only";
constexpr std::string_view tls = "zoonode has no TLS";
constexpr std::string_view sasl = "zoonode authenticates clients with the digest scheme only";
constexpr std::string_view peer_protocol =
    "zoonode's servers talk their own peer protocol, which has no such knob";

struct Entry {
    // A JVM property name, which also covers "<name>.<anything>" (superUser.1), or a
    // prefix ending in '.' or '_' for a whole family of properties.
    std::string_view name;
    UnsupportedSetting setting;
};

constexpr Entry entries[] = {
    {"zookeeper.X509AuthenticationProvider.superUser", {tls, false}},
    {"zookeeper.admin.forceHttps", {"zoonode's admin server speaks plain HTTP only", true}},
    {"zookeeper.admin.httpVersion", {"zoonode's admin server speaks HTTP/1.1 only", false}},
    {"zookeeper.admin.portUnification", {"zoonode's admin server speaks plain HTTP only", false}},
    {"zookeeper.advancedFlowControlEnabled", {java_internals, false}},
    {"zookeeper.allowSaslFailedClients", {sasl, false}},
    {"zookeeper.audit.", {"zoonode writes no audit log", false}},
    {"zookeeper.authProvider", {sasl, false}},
    {"zookeeper.bitHashCacheSize", {java_internals, false}},
    {"zookeeper.client.portUnification", {tls, false}},
    {"zookeeper.closeSessionTxn.enabled",
     {"zoonode always records the ephemerals a closed session deletes", false}},
    {"zookeeper.commitLogCount", {storage, false}},
    {"zookeeper.commitProcessor.", {java_internals, false}},
    {"zookeeper.connectionDecreaseRatio", {throttling, false}},
    {"zookeeper.connectionDropDecrease", {throttling, false}},
    {"zookeeper.connectionDropIncrease", {throttling, false}},
    {"zookeeper.connectionFreezeTime", {throttling, false}},
    {"zookeeper.connectionMaxTokens", {throttling, false}},
    {"zookeeper.connectionTokenFillCount", {throttling, false}},
    {"zookeeper.connectionTokenFillTime", {throttling, false}},
    {"zookeeper.connection_throttle_", {throttling, false}},
    {"zookeeper.db.autocreate", {storage, false}},
    {"zookeeper.enableEagerACLCheck", {"zoonode checks ACLs when it prepares a request", false}},
    {"zookeeper.enforce.auth.enabled", {sasl, true}},
    {"zookeeper.enforce.auth.schemes", {sasl, false}},
    {"zookeeper.ensembleAuthName", {sasl, false}},
    {"zookeeper.fastleader.", {java_internals, false}},
    {"zookeeper.flushDelay", {"zoonode group-commits every write batch", false}},
    {"zookeeper.follower.skipLearnerRequestToNextProcessor", {java_internals, false}},
    {"zookeeper.forward_learner_requests_to_commit_processor_disabled", {java_internals, false}},
    {"zookeeper.intBufferStartingSizeBytes", {java_internals, false}},
    {"zookeeper.kerberos.", {sasl, false}},
    {"zookeeper.largeRequestMaxBytes", {throttling, false}},
    {"zookeeper.largeRequestThreshold", {throttling, false}},
    {"zookeeper.leader.", {peer_protocol, false}},
    {"zookeeper.leaderConnectDelayDuringRetryMs", {peer_protocol, false}},
    {"zookeeper.learner.", {peer_protocol, false}},
    {"zookeeper.letAnySaslUserDoX", {sasl, false}},
    {"zookeeper.maxBatchSize", {"zoonode group-commits every write batch", false}},
    {"zookeeper.maxConcurrentDiffSyncs", {peer_protocol, false}},
    {"zookeeper.maxConcurrentSnapSyncs", {peer_protocol, false}},
    {"zookeeper.maxGetChildrenResponseCacheSize", {java_internals, false}},
    {"zookeeper.maxInProcessingDeadWatchers", {java_internals, false}},
    {"zookeeper.maxResponseCacheSize", {java_internals, false}},
    {"zookeeper.maxTimeToWaitForEpoch", {peer_protocol, false}},
    {"zookeeper.maxWriteQueuePollTime", {"zoonode group-commits every write batch", false}},
    {"zookeeper.messageTracker.", {java_internals, false}},
    {"zookeeper.netty.", {"zoonode does not use Netty", false}},
    {"zookeeper.nio.", {java_internals, false}},
    {"zookeeper.outstandingHandshake.limit", {tls, false}},
    {"zookeeper.observer.election.DelayMs", {peer_protocol, false}},
    {"zookeeper.observer.reconnectDelayMs", {peer_protocol, false}},
    {"zookeeper.observerMaster.sizeLimit", {peer_protocol, false}},
    {"zookeeper.preAllocSize", {storage, false}},
    {"zookeeper.quorumCnxnTimeoutMs", {peer_protocol, false}},
    {"zookeeper.requestStaleConnectionCheck", {throttling, false}},
    {"zookeeper.requestStaleLatencyCheck", {throttling, false}},
    {"zookeeper.requestThrottleDropStale", {throttling, false}},
    {"zookeeper.requestThrottleLimit", {throttling, false}},
    {"zookeeper.requestThrottleStallTime", {throttling, false}},
    {"zookeeper.request_stale_connection_check", {throttling, false}},
    {"zookeeper.request_stale_latency_check", {throttling, false}},
    {"zookeeper.request_throttle_", {throttling, false}},
    {"zookeeper.request_throttler.shutdownTimeout", {throttling, false}},
    {"zookeeper.security.auth_to_local", {sasl, false}},
    {"zookeeper.serverCnxnFactory",
     {"zoonode has its own network layer (no Netty, so no TLS either)", false}},
    {"zookeeper.sessionRequireClientSASLAuth", {sasl, true}},
    {"zookeeper.snapSizeLimitInKb", {storage, false}},
    {"zookeeper.snapshot.", {storage, false}},
    {"zookeeper.snapshotSizeFactor", {storage, false}},
    {"zookeeper.ssl.", {tls, false}},
    {"zookeeper.superUser", {sasl, false}},
    {"zookeeper.throttledOpWaitTime", {throttling, false}},
    {"zookeeper.throttled_op_wait_time", {throttling, false}},
    {"zookeeper.txnLogSizeLimitInKb", {storage, false}},
    {"zookeeper.watchManagerName", {java_internals, false}},
    {"zookeeper.watcherCleanIntervalInSeconds", {java_internals, false}},
    {"zookeeper.watcherCleanThreadsNum", {java_internals, false}},
    {"zookeeper.watcherCleanThreshold", {java_internals, false}},
};

bool matches(std::string_view name, std::string_view property) {
    if (name.ends_with('.') || name.ends_with('_')) {
        return property.starts_with(name);
    }
    return property == name || (property.starts_with(name) && property[name.size()] == '.');
}

} // namespace

const UnsupportedSetting* find_unsupported(std::string_view property) {
    const auto* it = std::find_if(std::begin(entries), std::end(entries), [&](const Entry& entry) {
        return matches(entry.name, property);
    });
    return it == std::end(entries) ? nullptr : &it->setting;
}

} // namespace zs::ensemble::detail
