// Quota bookkeeping and enforcement (ZooKeeper's DataTree quota handling and
// ZooKeeperServer.checkQuota).
#include "tree/data_tree.h"
#include "tree/path.h"

#include <vector>

namespace zs::tree {
namespace {

using proto::ErrorCode;

// Java's long arithmetic wraps instead of overflowing.
int64_t wrapping_add(int64_t a, int64_t b) {
    return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}

// A null data block makes ZooKeeper's StatsTrack throw, like malformed text.
std::optional<StatsTrack> stats_of(const Node& node) {
    const std::optional<std::string_view> data = node.data();
    return data ? StatsTrack::parse(*data) : std::nullopt;
}

} // namespace

void DataTree::quota_after_create(std::string_view path, int64_t data_bytes) {
    const std::string_view parent_path = parent_of(path);
    const std::string_view name = basename_of(path);
    // ZooKeeper matches the parent by string prefix, so a limits node under "/zookeeper/quotaX"
    // puts a quota on "/X". One right under /zookeeper/quota makes it throw; here it is ignored.
    if (parent_path.starts_with(kQuotaRoot)) {
        const std::string_view quota_path = parent_path.substr(kQuotaRoot.size());
        if (name == kQuotaLimitNode) {
            quotas_.add(quota_path);
        } else if (name == kQuotaStatNode) {
            recount_quota(quota_path);
        }
    }
    update_quota_stat(path, data_bytes, 1);
}

void DataTree::quota_after_delete(std::string_view path, int64_t data_bytes) {
    const std::string_view parent_path = parent_of(path);
    // Here ZooKeeper tests for "/zookeeper" but still cuts off the length of "/zookeeper/quota";
    // shorter parents make it throw, and are ignored.
    if (basename_of(path) == kQuotaLimitNode && parent_path.starts_with("/zookeeper") &&
        parent_path.size() >= kQuotaRoot.size()) {
        quotas_.remove(parent_path.substr(kQuotaRoot.size()));
    }
    update_quota_stat(path, -data_bytes, -1);
}

void DataTree::update_quota_stat(std::string_view path, int64_t bytes_diff, int32_t count_diff) {
    const std::optional<std::string_view> quota_path = quotas_.governing(path);
    if (!quota_path) {
        return;
    }
    // The stats node is missing between zkCli's creates of the limits and the stats node (the
    // stats node is then counted from scratch) and after it is deleted: ZooKeeper logs and skips.
    Node* stats_node = find_mutable(quota_stat_path(*quota_path));
    if (stats_node == nullptr) {
        return;
    }
    // ZooKeeper throws out of the apply on text it cannot parse; the node is left as it is.
    std::optional<StatsTrack> stats = stats_of(*stats_node);
    if (!stats) {
        return;
    }
    stats->set_count(wrapping_add(stats->count(), count_diff));
    stats->set_bytes(wrapping_add(stats->bytes(), bytes_diff));
    rewrite_quota_data(*stats_node, *stats);
}

void DataTree::recount_quota(std::string_view quota_path) {
    Node* stats_node = find_mutable(quota_stat_path(quota_path));
    if (stats_node == nullptr) {
        return;
    }
    int64_t count = 0;
    int64_t bytes = 0;
    if (const Node* top = find(quota_path)) {
        // An explicit stack: a subtree can be far deeper than the call stack.
        std::vector<const Node*> pending{top};
        while (!pending.empty()) {
            const Node* node = pending.back();
            pending.pop_back();
            ++count;
            bytes += node->data_size_;
            node->for_each_child([&](const Node& child) { pending.push_back(&child); });
        }
    }
    StatsTrack stats;
    stats.set_count(count);
    stats.set_bytes(bytes);
    rewrite_quota_data(*stats_node, stats);
}

void DataTree::rewrite_quota_data(Node& node, const StatsTrack& stats) {
    const std::string text = stats.to_string();
    node.set_data(std::string_view(text));
}

ErrorCode DataTree::check_quota(std::string_view path, int64_t bytes_diff,
                                int32_t count_diff) const {
    const std::optional<std::string_view> quota_path = quotas_.governing(path);
    if (!quota_path) {
        return ErrorCode::ok;
    }
    const Node* limits_node = find(quota_limit_path(*quota_path));
    if (limits_node == nullptr) {
        return ErrorCode::ok;
    }
    const std::optional<StatsTrack> limits = stats_of(*limits_node);
    if (!limits) {
        return ErrorCode::marshalling_error;
    }
    const bool check_count =
        count_diff != 0 && (limits->count() > -1 || limits->count_hard_limit() > -1);
    const bool check_bytes =
        bytes_diff != 0 && (limits->bytes() > -1 || limits->byte_hard_limit() > -1);
    if (!check_count && !check_bytes) {
        return ErrorCode::ok;
    }
    const Node* stats_node = find(quota_stat_path(*quota_path));
    if (stats_node == nullptr) {
        return ErrorCode::ok;
    }
    const std::optional<StatsTrack> stats = stats_of(*stats_node);
    if (!stats) {
        return ErrorCode::marshalling_error;
    }
    // A hard limit, when set, is the only one compared; a soft limit alone never refuses.
    if (check_count && limits->count_hard_limit() > -1 &&
        wrapping_add(stats->count(), count_diff) > limits->count_hard_limit()) {
        return ErrorCode::quota_exceeded;
    }
    if (check_bytes && limits->byte_hard_limit() > -1 &&
        wrapping_add(stats->bytes(), bytes_diff) > limits->byte_hard_limit()) {
        return ErrorCode::quota_exceeded;
    }
    return ErrorCode::ok;
}

} // namespace zs::tree
