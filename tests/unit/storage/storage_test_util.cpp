#include "storage_test_util.h"

#include "tree/quota.h"

namespace storage_test {
namespace {

std::string describe(const zs::proto::Stat& s) {
    return std::to_string(s.czxid) + "," + std::to_string(s.mzxid) + "," + std::to_string(s.ctime) +
           "," + std::to_string(s.mtime) + "," + std::to_string(s.version) + "," +
           std::to_string(s.cversion) + "," + std::to_string(s.aversion) + "," +
           std::to_string(s.ephemeral_owner) + "," + std::to_string(s.data_length) + "," +
           std::to_string(s.num_children) + "," + std::to_string(s.pzxid);
}

} // namespace

std::string first_difference(const zs::tree::DataTree& a, const zs::tree::DataTree& b) {
    if (a.node_count() != b.node_count()) {
        return "node_count " + std::to_string(a.node_count()) + " vs " +
               std::to_string(b.node_count());
    }
    if (a.approximate_data_size() != b.approximate_data_size()) {
        return "approximate_data_size";
    }
    if (a.last_processed_zxid() != b.last_processed_zxid()) {
        return "last_processed_zxid";
    }
    if (a.ephemeral_count() != b.ephemeral_count() || a.all_ephemerals() != b.all_ephemerals()) {
        return "ephemerals";
    }
    if (a.acl_count() != b.acl_count()) {
        return "acl_count";
    }
    if (a.expired_containers(INT64_MAX / 2, 1000) != b.expired_containers(INT64_MAX / 2, 1000)) {
        return "containers/ttls";
    }
    std::vector<std::string> pending{"/"};
    while (!pending.empty()) {
        const std::string path = pending.back();
        pending.pop_back();
        const zs::tree::Node* x = a.find(path);
        const zs::tree::Node* y = b.find(path);
        if (x == nullptr || y == nullptr) {
            return path + ": missing";
        }
        if (describe(a.stat_of(*x)) != describe(b.stat_of(*y))) {
            return path + ": stat " + describe(a.stat_of(*x)) + " vs " + describe(b.stat_of(*y));
        }
        if (a.data_of(*x) != b.data_of(*y)) {
            return path + ": data";
        }
        if (a.acl_of(*x) != b.acl_of(*y)) {
            return path + ": acl";
        }
        if (x->kind() != y->kind() || x->ephemeral_owner() != y->ephemeral_owner() ||
            x->stored_cversion() != y->stored_cversion()) {
            return path + ": kind/owner/stored cversion";
        }
        if (a.quota_prefix_of(path) != b.quota_prefix_of(path)) {
            return path + ": quota";
        }
        const auto children = a.children_of(*x);
        if (children != b.children_of(*y)) {
            return path + ": children";
        }
        for (const std::string& child : children) {
            pending.push_back(path == "/" ? "/" + child : path + "/" + child);
        }
    }
    return {};
}

} // namespace storage_test
