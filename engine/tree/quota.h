#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

// ZooKeeper's quotas: a subtree <path> has a quota while /zookeeper/quota<path>/zookeeper_limits
// exists; the server keeps /zookeeper/quota<path>/zookeeper_stats up to date with the subtree's
// node count and data bytes.
namespace zs::tree {

inline constexpr std::string_view kQuotaRoot = "/zookeeper/quota";
inline constexpr std::string_view kQuotaLimitNode = "zookeeper_limits";
inline constexpr std::string_view kQuotaStatNode = "zookeeper_stats";

// "/zookeeper/quota" + path + "/zookeeper_limits" (Quotas.limitPath).
std::string quota_limit_path(std::string_view path);
// "/zookeeper/quota" + path + "/zookeeper_stats" (Quotas.statPath).
std::string quota_stat_path(std::string_view path);

// The key=value text of a limits or stats node (ZooKeeper's StatsTrack), e.g. "count=4,bytes=10"
// or, as zkCli 3.7+ writes limits, "count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=2": the
// '=' after the bytes value makes parsers older than 3.7 ignore the new keys. A missing value
// reads as -1 (no limit).
class StatsTrack {
  public:
    // Pairs are separated by runs of ',' and ';'. nullopt wherever ZooKeeper's parser throws: a
    // leading separator, a pair without a value, a value that is not a 64-bit decimal. Unknown
    // keys are kept, so rewriting a node preserves them.
    static std::optional<StatsTrack> parse(std::string_view text);

    int64_t count() const { return value("count"); }
    int64_t bytes() const { return value("bytes"); }
    int64_t count_hard_limit() const { return value("countHardLimit"); }
    int64_t byte_hard_limit() const { return value("byteHardLimit"); }
    void set_count(int64_t count) { values_.insert_or_assign("count", count); }
    void set_bytes(int64_t bytes) { values_.insert_or_assign("bytes", bytes); }

    // count and bytes first, then "=" and the other keys sorted, each after a ';'.
    std::string to_string() const;

  private:
    int64_t value(std::string_view key) const;

    std::map<std::string, int64_t, std::less<>> values_;
};

// The paths that have a quota (ZooKeeper's PathTrie), to find the quota governing a write: the
// deepest quota'd path among the written path and its ancestors. Paths are compared component by
// component (a quota on /a governs /a/b, not /ab), skipping empty and all-blank components as
// ZooKeeper does. Empty for a tree without quotas, so lookups then cost nothing.
class QuotaTrie {
  public:
    // Adding "" or a path without components does nothing (ZooKeeper never finds a root quota).
    void add(std::string_view path);
    void remove(std::string_view path);
    bool empty() const { return root_.children.empty(); }
    // The governing quota path ("/a/b", rebuilt from the components), nullopt when none.
    std::optional<std::string_view> governing(std::string_view path) const;

  private:
    struct TrieNode {
        std::map<std::string, std::unique_ptr<TrieNode>, std::less<>> children;
        std::string quota_path; // non-empty while this node has a quota
    };

    TrieNode root_;
};

} // namespace zs::tree
