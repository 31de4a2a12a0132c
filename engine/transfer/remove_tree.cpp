// remove_tree: list a subtree, then remove it children first, both pipelined.
#include "pipeline.h"
#include "transfer/transfer.h"
#include "tree/path.h"

#include <boost/asio/use_future.hpp>
#include <fmt/format.h>

namespace zs::transfer {
namespace {

namespace asio = boost::asio;
using detail::cancelled;
using detail::pipelined;
using proto::ErrorCode;

constexpr size_t kWindow = 512;
// Rounds of "a child appeared while we removed" before giving up with NotEmpty.
constexpr int kMaxRounds = 4;

std::string child_path(const std::string& parent, const std::string& name) {
    return parent == "/" ? "/" + name : parent + "/" + name;
}

// Every node of the subtree, parents before children; nodes removed meanwhile are left out.
// nullopt when `root` is gone or a listing fails (then `err` and `failed_path` say so).
std::optional<std::vector<std::string>> list_subtree(client::Client& client,
                                                     const std::string& root,
                                                     const std::atomic<bool>* cancel,
                                                     ErrorCode& err, std::string& failed_path) {
    std::vector<std::string> nodes{root};
    size_t listed = 0;
    while (listed < nodes.size()) {
        const size_t level_end = nodes.size();
        const bool complete = pipelined<client::ChildrenResult>(
            level_end - listed, kWindow, cancel,
            [&](size_t k) {
                return client.get_children(nodes[listed + k], nullptr, asio::use_future);
            },
            [&](size_t k, ErrorCode e, client::ChildrenResult children) {
                const std::string path = nodes[listed + k]; // a copy: push_back moves nodes
                if (e == ErrorCode::no_node && path != root) {
                    return true;
                }
                if (e != ErrorCode::ok) {
                    err = e;
                    failed_path = path;
                    return false;
                }
                for (const std::string& name : children.children) {
                    nodes.push_back(child_path(path, name));
                }
                return true;
            });
        if (!complete) {
            return std::nullopt;
        }
        listed = level_end;
    }
    return nodes;
}

} // namespace

RemoveResult remove_tree(client::Client& client, const std::string& root, const Progress& progress,
                         const std::atomic<bool>* cancel) {
    RemoveResult result;
    const auto fail = [&](ErrorCode err, const std::string& path) {
        result.status = Status::zookeeper;
        result.err = err;
        result.subject = path;
        result.error = fmt::format("{}: {}", path, proto::error_name(err));
        return result;
    };
    if (tree::validate_path(root) != ErrorCode::ok || root == "/") {
        result.status = Status::bad_input;
        result.error = fmt::format("{}: not a znode that can be removed", root);
        return result;
    }
    std::vector<std::string> targets{root};
    for (int round = 0; round < kMaxRounds && !targets.empty(); ++round) {
        std::vector<std::string> regained; // nodes that gained a child while we removed
        for (const std::string& target : targets) {
            ErrorCode err = ErrorCode::ok;
            std::string failed_path;
            auto nodes = list_subtree(client, target, cancel, err, failed_path);
            if (cancelled(cancel)) {
                result.status = Status::cancelled;
                result.error = "cancelled";
                return result;
            }
            if (!nodes) {
                if (err == ErrorCode::no_node && round > 0) {
                    continue; // someone else removed it meanwhile
                }
                return fail(err, failed_path);
            }
            const uint64_t total = result.removed + nodes->size();
            std::optional<std::pair<std::string, ErrorCode>> error;
            // Reversed, every node comes after its children; the server applies one session's
            // requests in order, so a parent's removal always follows its children's. Cancel is
            // checked between batches, each counted to its last reply.
            for (size_t begin = 0; begin < nodes->size() && !error && !cancelled(cancel);
                 begin += kWindow) {
                const auto path_at = [&](size_t k) -> const std::string& {
                    return (*nodes)[nodes->size() - 1 - (begin + k)];
                };
                pipelined<std::monostate>(
                    std::min(kWindow, nodes->size() - begin), kWindow, nullptr,
                    [&](size_t k) { return client.remove(path_at(k), -1, asio::use_future); },
                    [&](size_t k, ErrorCode e, std::monostate) {
                        if (e == ErrorCode::ok) {
                            ++result.removed;
                        } else if (e == ErrorCode::not_empty) {
                            regained.push_back(path_at(k));
                        } else if (e != ErrorCode::no_node) {
                            error = std::pair{path_at(k), e};
                            return false;
                        }
                        if (progress) {
                            progress(result.removed, total);
                        }
                        return true;
                    });
            }
            if (error) {
                return fail(error->second, error->first);
            }
            if (cancelled(cancel)) {
                result.status = Status::cancelled;
                result.error = "cancelled";
                return result;
            }
        }
        // A node that gained a child failed, and so did each of its ancestors: the topmost
        // of them covers the rest.
        std::sort(regained.begin(), regained.end());
        targets.clear();
        for (const std::string& path : regained) {
            if (targets.empty() || !path.starts_with(targets.back() + "/")) {
                targets.push_back(path);
            }
        }
    }
    if (!targets.empty()) {
        return fail(ErrorCode::not_empty, targets.front());
    }
    return result;
}

} // namespace zs::transfer
