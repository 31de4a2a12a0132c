#include "tree/quota.h"

#include <algorithm>
#include <charconv>
#include <vector>

namespace zs::tree {
namespace {

// Java's Long.parseLong: an optional sign, then decimal digits, within 64 bits.
std::optional<int64_t> parse_long(std::string_view text) {
    if (!text.empty() && text.front() == '+') {
        text.remove_prefix(1);
        if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
            return std::nullopt;
        }
    }
    int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

// Java's String.split: a separator at the start yields a leading empty piece, trailing empty
// pieces are dropped. With merge_runs a run of separators counts as one (a "[,;]+" pattern).
std::vector<std::string_view> java_split(std::string_view text, std::string_view separators,
                                         bool merge_runs) {
    std::vector<std::string_view> pieces;
    size_t start = 0;
    while (true) {
        const size_t end = text.find_first_of(separators, start);
        if (end == std::string_view::npos) {
            pieces.push_back(text.substr(start));
            break;
        }
        pieces.push_back(text.substr(start, end - start));
        start = merge_runs ? text.find_first_not_of(separators, end) : end + 1;
        if (start == std::string_view::npos) {
            break;
        }
    }
    while (!pieces.empty() && pieces.back().empty()) {
        pieces.pop_back();
    }
    return pieces;
}

// Calls visit(component) for the path's components in order while it returns true. Like
// ZooKeeper's PathTrie, skips components that are empty after Java's trim(), which strips every
// char up to ' '.
template <class Visit> void for_each_component(std::string_view path, Visit&& visit) {
    size_t start = 0;
    while (start <= path.size()) {
        const size_t slash = path.find('/', start);
        const size_t end = slash == std::string_view::npos ? path.size() : slash;
        const std::string_view part = path.substr(start, end - start);
        const bool blank = std::all_of(part.begin(), part.end(),
                                       [](char c) { return static_cast<unsigned char>(c) <= ' '; });
        if (!blank && !visit(part)) {
            return;
        }
        start = end + 1;
    }
}

std::vector<std::string_view> components_of(std::string_view path) {
    std::vector<std::string_view> parts;
    for_each_component(path, [&](std::string_view part) {
        parts.push_back(part);
        return true;
    });
    return parts;
}

} // namespace

std::string quota_limit_path(std::string_view path) {
    std::string out(kQuotaRoot);
    out.append(path).append("/").append(kQuotaLimitNode);
    return out;
}

std::string quota_stat_path(std::string_view path) {
    std::string out(kQuotaRoot);
    out.append(path).append("/").append(kQuotaStatNode);
    return out;
}

std::optional<StatsTrack> StatsTrack::parse(std::string_view text) {
    StatsTrack track;
    for (const std::string_view pair : java_split(text, ",;", true)) {
        const std::vector<std::string_view> key_value = java_split(pair, "=", false);
        if (key_value.size() < 2) {
            return std::nullopt;
        }
        // "count==5" has an empty value, which ZooKeeper reads as -1.
        const std::optional<int64_t> value =
            key_value[1].empty() ? std::optional<int64_t>(-1) : parse_long(key_value[1]);
        if (!value) {
            return std::nullopt;
        }
        track.values_.insert_or_assign(std::string(key_value[0]), *value);
    }
    return track;
}

int64_t StatsTrack::value(std::string_view key) const {
    const auto it = values_.find(key);
    return it == values_.end() ? -1 : it->second;
}

std::string StatsTrack::to_string() const {
    std::string out = "count=" + std::to_string(count()) + ",bytes=" + std::to_string(bytes());
    bool first_extra = true;
    for (const auto& [key, value] : values_) {
        if (key == "count" || key == "bytes") {
            continue;
        }
        if (first_extra) {
            out += '=';
            first_extra = false;
        }
        out.append(";").append(key).append("=").append(std::to_string(value));
    }
    return out;
}

void QuotaTrie::add(std::string_view path) {
    const std::vector<std::string_view> parts = components_of(path);
    if (parts.empty()) {
        return;
    }
    TrieNode* node = &root_;
    std::string quota_path;
    for (const std::string_view part : parts) {
        auto it = node->children.find(part);
        if (it == node->children.end()) {
            it = node->children.emplace(std::string(part), std::make_unique<TrieNode>()).first;
        }
        node = it->second.get();
        quota_path.append("/").append(part);
    }
    node->quota_path = std::move(quota_path);
}

void QuotaTrie::remove(std::string_view path) {
    const std::vector<std::string_view> parts = components_of(path);
    if (parts.empty()) {
        return;
    }
    std::vector<TrieNode*> chain{&root_};
    for (const std::string_view part : parts) {
        const auto it = chain.back()->children.find(part);
        if (it == chain.back()->children.end()) {
            return;
        }
        chain.push_back(it->second.get());
    }
    chain.back()->quota_path.clear();
    // Drop the nodes that no longer lead to a quota, so a tree whose quotas are all gone is empty.
    for (size_t i = parts.size(); i > 0; --i) {
        const TrieNode& node = *chain[i];
        if (!node.quota_path.empty() || !node.children.empty()) {
            break;
        }
        chain[i - 1]->children.erase(chain[i - 1]->children.find(parts[i - 1]));
    }
}

std::optional<std::string_view> QuotaTrie::governing(std::string_view path) const {
    if (empty()) {
        return std::nullopt;
    }
    std::optional<std::string_view> deepest;
    const TrieNode* node = &root_;
    for_each_component(path, [&](std::string_view part) {
        const auto it = node->children.find(part);
        if (it == node->children.end()) {
            return false;
        }
        node = it->second.get();
        if (!node->quota_path.empty()) {
            deepest = node->quota_path;
        }
        return true;
    });
    return deepest;
}

} // namespace zs::tree
