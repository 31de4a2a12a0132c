// export_tree and import_tree: pipelined walks and writes through the client.
#include "format_internal.h"
#include "pipeline.h"
#include "tree/path.h"

#include <boost/asio/use_future.hpp>
#include <chrono>
#include <ctime>
#include <deque>
#include <fmt/format.h>
#include <fstream>
#include <future>
#include <unistd.h>

namespace zs::transfer {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using detail::cancelled;
using detail::full_path;
using detail::Json;
using detail::pipelined;
using detail::Reply;
using proto::ErrorCode;

std::string now_iso8601() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    const size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return std::string(text, length);
}

std::string error_text(ErrorCode err) {
    return fmt::format("ZooKeeper error {}", int(err));
}

// Where the export goes: a temporary sibling of the destination, renamed into place by
// commit(); removed if never committed.
class Sink {
  public:
    Sink(Format format, fs::path destination)
        : format_(format), destination_(std::move(destination)) {
        temp_ = destination_;
        temp_ += fmt::format(".partial-{}", ::getpid());
    }
    ~Sink() {
        if (!committed_) {
            out_.close();
            std::error_code ec;
            fs::remove_all(temp_, ec);
        }
    }
    Sink(const Sink&) = delete;
    Sink& operator=(const Sink&) = delete;

    std::optional<std::string> open(const Source& header) {
        std::error_code ec;
        if (format_ == Format::dir && fs::exists(destination_, ec)) {
            return fmt::format("{}: already exists", destination_.string());
        }
        if (format_ == Format::dir && !fs::create_directory(temp_, ec)) {
            return fmt::format("{}: cannot create directory: {}", temp_.string(),
                               ec ? ec.message() : "it exists");
        }
        header_ = header;
        if (format_ == Format::json) {
            out_.open(temp_, std::ios::binary | std::ios::trunc);
            if (!out_) {
                return fmt::format("{}: cannot create", temp_.string());
            }
            out_ << detail::header_json(header).dump() << '\n';
        }
        return std::nullopt;
    }

    std::optional<std::string> write(const Node& node) {
        if (format_ == Format::json) {
            out_ << detail::node_line(node) << '\n';
            if (!out_) {
                return fmt::format("{}: write failed", temp_.string());
            }
            return std::nullopt;
        }
        fs::path dir = temp_;
        if (!node.path.empty()) {
            size_t start = 0;
            while (start <= node.path.size()) {
                const size_t slash = std::min(node.path.find('/', start), node.path.size());
                dir /= detail::dir_name(std::string_view(node.path).substr(start, slash - start));
                start = slash + 1;
            }
            std::error_code ec;
            if (!fs::create_directory(dir, ec)) {
                return fmt::format("{}: cannot create directory: {}", dir.string(),
                                   ec ? ec.message() : "it exists");
            }
        }
        if (node.data) {
            std::ofstream data(dir / detail::kDataFile, std::ios::binary | std::ios::trunc);
            data.write(node.data->data(), std::streamsize(node.data->size()));
            if (!data) {
                return fmt::format("{}: write failed", (dir / detail::kDataFile).string());
            }
        }
        std::ofstream meta(dir / detail::kMetaFile, std::ios::binary | std::ios::trunc);
        meta << detail::meta_json(node, node.path.empty() ? &header_ : nullptr)
                    .dump(2, ' ', false, Json::error_handler_t::replace)
             << '\n';
        if (!meta) {
            return fmt::format("{}: write failed", (dir / detail::kMetaFile).string());
        }
        return std::nullopt;
    }

    std::optional<std::string> commit() {
        if (format_ == Format::json) {
            out_.flush();
            if (!out_) {
                return fmt::format("{}: write failed", temp_.string());
            }
            out_.close();
        }
        std::error_code ec;
        fs::rename(temp_, destination_, ec);
        if (ec) {
            return fmt::format("{}: cannot rename into place: {}", destination_.string(),
                               ec.message());
        }
        committed_ = true;
        return std::nullopt;
    }

  private:
    Format format_;
    fs::path destination_;
    fs::path temp_;
    std::ofstream out_;
    Source header_;
    bool committed_ = false;
};

struct Fetch {
    std::string relative;
    Reply<client::DataResult> data;
    Reply<client::AclResult> acl;
    Reply<client::ChildrenResult> children;
};

// `result`, marked failed. A ZooKeeper error's message starts with the path it names.
template <class Result>
Result failed(Result& result, Status status, std::string error, ErrorCode err) {
    if (err != ErrorCode::ok) {
        result.subject = error.substr(0, error.find(": "));
    }
    result.status = status;
    result.error = std::move(error);
    result.err = err;
    return result;
}

} // namespace

ExportResult visit_tree(client::Client& client, const std::string& root,
                        const ExportOptions& options,
                        const std::function<std::optional<std::string>(Node&&)>& on_node,
                        const Progress& progress, const std::atomic<bool>* cancel) {
    ExportResult result;
    const auto fail = [&](Status status, std::string error, ErrorCode err = ErrorCode::ok) {
        return failed(result, status, std::move(error), err);
    };
    if (tree::validate_path(root) != ErrorCode::ok) {
        return fail(Status::bad_input, fmt::format("{}: not a valid znode path", root));
    }
    const size_t window = std::max<size_t>(1, options.window / 3);
    std::deque<std::string> queue{""};
    std::deque<Fetch> inflight;
    while (!queue.empty() || !inflight.empty()) {
        while (!queue.empty() && inflight.size() < window) {
            Fetch fetch;
            fetch.relative = std::move(queue.front());
            queue.pop_front();
            const std::string path = full_path(root, fetch.relative);
            fetch.data = client.get_data(path, nullptr, asio::use_future);
            fetch.acl = client.get_acl(path, asio::use_future);
            fetch.children = client.get_children(path, nullptr, asio::use_future);
            inflight.push_back(std::move(fetch));
        }
        Fetch fetch = std::move(inflight.front());
        inflight.pop_front();
        auto [data_err, data] = fetch.data.get();
        auto [acl_err, acl] = fetch.acl.get();
        auto [children_err, children] = fetch.children.get();
        if (cancelled(cancel)) {
            for (Fetch& rest : inflight) {
                rest.data.wait();
                rest.acl.wait();
                rest.children.wait();
            }
            return fail(Status::cancelled, "cancelled");
        }
        const std::string path = full_path(root, fetch.relative);
        ErrorCode err = data_err;
        if (err == ErrorCode::ok) {
            err = acl_err;
        }
        if (err == ErrorCode::ok) {
            err = children_err;
        }
        if (err == ErrorCode::no_node && !fetch.relative.empty()) {
            continue; // deleted while we walked
        }
        if (err != ErrorCode::ok) {
            for (Fetch& rest : inflight) {
                rest.data.wait();
                rest.acl.wait();
                rest.children.wait();
            }
            return fail(Status::zookeeper, fmt::format("{}: {}", path, error_text(err)), err);
        }
        Node node;
        node.path = fetch.relative;
        node.data = std::move(data.data);
        node.acl = std::move(acl.acl);
        node.stat = data.stat;
        node.kind = detail::kind_of(data.stat, &node.ttl_ms);
        if (node.kind == Kind::ephemeral && !options.include_ephemerals) {
            ++result.ephemerals_skipped;
            continue;
        }
        std::sort(children.children.begin(), children.children.end());
        for (const std::string& child : children.children) {
            queue.push_back(fetch.relative.empty() ? child : fetch.relative + "/" + child);
        }
        if (auto error = on_node(std::move(node))) {
            return fail(Status::io, *error);
        }
        ++result.nodes;
        if (progress) {
            progress(result.nodes, result.nodes + queue.size() + inflight.size());
        }
    }
    return result;
}

ExportResult export_tree(client::Client& client, const std::string& root,
                         const ExportOptions& options, const fs::path& destination,
                         const Progress& progress, const std::atomic<bool>* cancel) {
    if (tree::validate_path(root) != ErrorCode::ok) {
        return visit_tree(client, root, options, {}, progress, cancel); // says why
    }
    Sink sink(options.format, destination);
    Source header;
    header.root = root;
    header.server = options.server;
    header.time = now_iso8601();
    if (auto error = sink.open(header)) {
        ExportResult result;
        return failed(result, Status::io, *error, ErrorCode::ok);
    }
    ExportResult result = visit_tree(
        client, root, options, [&](Node&& node) { return sink.write(node); }, progress, cancel);
    if (result.status != Status::ok) {
        return result;
    }
    if (auto error = sink.commit()) {
        return failed(result, Status::io, *error, ErrorCode::ok);
    }
    return result;
}

ExportResult read_tree(client::Client& client, const std::string& root,
                       const ExportOptions& options, Source& out, const Progress& progress,
                       const std::atomic<bool>* cancel) {
    out.root = root;
    out.server = options.server;
    out.time = now_iso8601();
    out.nodes.clear();
    return visit_tree(
        client, root, options,
        [&](Node&& node) -> std::optional<std::string> {
            out.nodes.push_back(std::move(node));
            return std::nullopt;
        },
        progress, cancel);
}

ImportResult import_tree(client::Client& client, const fs::path& source, const std::string& target,
                         OnConflict on_conflict, const Progress& progress,
                         const std::atomic<bool>* cancel) {
    auto read = read_source(source);
    if (auto* error = std::get_if<std::string>(&read)) {
        ImportResult result;
        result.status = Status::bad_input;
        result.error = *error;
        return result;
    }
    return import_nodes(client, std::get<Source>(read), target, on_conflict, progress, cancel);
}

ImportResult import_nodes(client::Client& client, const Source& source, const std::string& target,
                          OnConflict on_conflict, const Progress& progress,
                          const std::atomic<bool>* cancel) {
    ImportResult result;
    const auto fail = [&](Status status, std::string error, ErrorCode err = ErrorCode::ok) {
        return failed(result, status, std::move(error), err);
    };
    if (tree::validate_path(target) != ErrorCode::ok) {
        return fail(Status::bad_input, fmt::format("{}: not a valid znode path", target));
    }
    if (auto error = validate(source, target)) {
        return fail(Status::bad_input, *error);
    }
    const std::vector<Node>& nodes = source.nodes;
    std::vector<std::string> paths;
    paths.reserve(nodes.size());
    for (const Node& node : nodes) {
        paths.push_back(full_path(target, node.path));
    }
    constexpr size_t kWindow = 512;

    if (on_conflict == OnConflict::fail) {
        std::optional<std::string> existing;
        ErrorCode failure = ErrorCode::ok;
        pipelined<proto::Stat>(
            paths.size(), kWindow, cancel,
            [&](size_t i) { return client.exists(paths[i], nullptr, asio::use_future); },
            [&](size_t i, ErrorCode err, proto::Stat) {
                if (err == ErrorCode::ok) {
                    existing = paths[i];
                    return false;
                }
                if (err != ErrorCode::no_node) {
                    existing = paths[i];
                    failure = err;
                    return false;
                }
                return true;
            });
        if (cancelled(cancel)) {
            return fail(Status::cancelled, "cancelled");
        }
        if (failure != ErrorCode::ok) {
            return fail(Status::zookeeper, fmt::format("{}: {}", *existing, error_text(failure)),
                        failure);
        }
        if (existing) {
            return fail(
                Status::zookeeper,
                fmt::format("{}: exists (on conflict: fail); nothing was written", *existing),
                ErrorCode::node_exists);
        }
    }

    // Parents before children: by depth, each level pipelined.
    std::vector<std::vector<size_t>> levels;
    for (size_t i = 0; i < nodes.size(); ++i) {
        const size_t depth =
            nodes[i].path.empty()
                ? 0
                : size_t(std::count(nodes[i].path.begin(), nodes[i].path.end(), '/')) + 1;
        if (levels.size() <= depth) {
            levels.resize(depth + 1);
        }
        levels[depth].push_back(i);
    }
    const std::vector<proto::Acl> open_acl{
        proto::Acl{proto::perm::all, proto::Id{"world", "anyone"}}};
    std::vector<size_t> set_acls;   // created with the open ACL, set to theirs afterwards
    std::vector<size_t> overwrites; // existing nodes to overwrite
    uint64_t done = 0;
    const auto create_options = [&](const Node& node, bool plain) {
        client::CreateOptions options;
        options.acl = open_acl;
        if (!plain && node.kind == Kind::container) {
            options.mode = proto::CreateMode::container;
        } else if (!plain && node.kind == Kind::ttl && node.ttl_ms > 0) {
            options.mode = proto::CreateMode::persistent_with_ttl;
            options.ttl_ms = node.ttl_ms;
        }
        return options;
    };
    for (const std::vector<size_t>& level : levels) {
        std::vector<size_t> retry_plain;
        std::optional<std::pair<size_t, ErrorCode>> error;
        const auto on_created = [&](const std::vector<size_t>& batch, bool plain) {
            return [&, plain](size_t k, ErrorCode err, client::CreateResult) {
                const size_t i = batch[k];
                const Node& node = nodes[i];
                if (err == ErrorCode::ok) {
                    ++result.created;
                    if (node.kind == Kind::ephemeral) {
                        ++result.ephemerals_as_persistent;
                    }
                    if (node.kind == Kind::ttl && node.ttl_ms <= 0) {
                        ++result.kinds_downgraded;
                    }
                    if (plain && (node.kind == Kind::container || node.kind == Kind::ttl)) {
                        ++result.kinds_downgraded;
                    }
                    if (node.acl != open_acl) {
                        set_acls.push_back(i);
                    }
                } else if (err == ErrorCode::node_exists && on_conflict == OnConflict::skip) {
                    ++result.skipped;
                } else if (err == ErrorCode::node_exists && on_conflict == OnConflict::overwrite) {
                    overwrites.push_back(i);
                } else if (!plain && (node.kind == Kind::container || node.kind == Kind::ttl) &&
                           (err == ErrorCode::unimplemented || err == ErrorCode::bad_arguments)) {
                    retry_plain.push_back(i);
                } else {
                    error = std::pair{i, err};
                    return false;
                }
                if (progress) {
                    progress(++done, nodes.size());
                }
                return true;
            };
        };
        pipelined<client::CreateResult>(
            level.size(), kWindow, cancel,
            [&](size_t k) {
                const Node& node = nodes[level[k]];
                return client.create(paths[level[k]], node.data, create_options(node, false),
                                     asio::use_future);
            },
            on_created(level, false));
        if (!error && !retry_plain.empty() && !cancelled(cancel)) {
            const std::vector<size_t> batch = std::move(retry_plain);
            retry_plain.clear();
            pipelined<client::CreateResult>(
                batch.size(), kWindow, cancel,
                [&](size_t k) {
                    return client.create(paths[batch[k]], nodes[batch[k]].data,
                                         create_options(nodes[batch[k]], true), asio::use_future);
                },
                on_created(batch, true));
        }
        if (error) {
            return fail(Status::zookeeper,
                        fmt::format("{}: {}", paths[error->first], error_text(error->second)),
                        error->second);
        }
        if (cancelled(cancel)) {
            return fail(Status::cancelled, "cancelled");
        }
    }

    std::optional<std::pair<size_t, ErrorCode>> error;
    pipelined<proto::Stat>(
        overwrites.size(), kWindow, cancel,
        [&](size_t k) {
            return client.set_data(paths[overwrites[k]], nodes[overwrites[k]].data, -1,
                                   asio::use_future);
        },
        [&](size_t k, ErrorCode err, proto::Stat) {
            if (err != ErrorCode::ok) {
                error = std::pair{overwrites[k], err};
                return false;
            }
            return true;
        });
    if (!error) {
        // The overwritten nodes get their ACLs too, and the created ones theirs.
        std::vector<size_t> acls = overwrites;
        acls.insert(acls.end(), set_acls.begin(), set_acls.end());
        pipelined<proto::Stat>(
            acls.size(), kWindow, cancel,
            [&](size_t k) {
                return client.set_acl(paths[acls[k]], nodes[acls[k]].acl, -1, asio::use_future);
            },
            [&](size_t k, ErrorCode err, proto::Stat) {
                if (err != ErrorCode::ok) {
                    error = std::pair{acls[k], err};
                    return false;
                }
                if (k < overwrites.size()) {
                    ++result.overwritten;
                    if (progress) {
                        progress(++done, nodes.size());
                    }
                }
                return true;
            });
    }
    if (error) {
        return fail(Status::zookeeper,
                    fmt::format("{}: {}", paths[error->first], error_text(error->second)),
                    error->second);
    }
    if (cancelled(cancel)) {
        return fail(Status::cancelled, "cancelled");
    }
    return result;
}

} // namespace zs::transfer
