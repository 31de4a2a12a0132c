// set, create, delete and deleteall.
#include "client/connect_string.h"
#include "output.h"
#include "session.h"
#include "zooctl.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>

namespace zs::zooctl {
namespace {

namespace asio = boost::asio;
using proto::ErrorCode;

// A DATA argument or --data-file FILE ("-": stdin); nullopt when neither was given.
struct DataInput {
    std::string data;
    std::string file;
    CLI::Option* data_option = nullptr;
    CLI::Option* file_option = nullptr;

    void add_to(CLI::App* command) {
        data_option = command->add_option("data", data, "the data, as given");
        file_option = command->add_option("--data-file", file, "read the data from FILE (-: stdin)")
                          ->excludes(data_option);
    }

    std::optional<std::string> read() const {
        if (file_option->count() > 0) {
            if (file == "-") {
                std::ostringstream all;
                all << std::cin.rdbuf();
                return all.str();
            }
            std::ifstream in(file, std::ios::binary);
            if (!in) {
                throw usage_failure(fmt::format("{}: cannot read: {}", file, std::strerror(errno)));
            }
            return std::string(std::istreambuf_iterator<char>(in), {});
        }
        if (data_option->count() > 0) {
            return data;
        }
        return std::nullopt;
    }
};

struct SetOptions {
    std::string path;
    DataInput input;
    int32_t version = -1;
    bool stats = false;
};

int run_set(const Globals& globals, const SetOptions& options) {
    check_path(options.path);
    std::optional<std::string> data = options.input.read();
    if (!data) {
        throw usage_failure("set: give DATA or --data-file FILE");
    }
    Session session(globals);
    const proto::Stat stat =
        Session::value(options.path, session.client().set_data(options.path, std::move(data),
                                                               options.version, asio::use_future));
    if (globals.json) {
        print_json({{"path", options.path}, {"stat", stat_json(stat)}});
    } else if (options.stats) {
        write_out(stat_text(stat));
    }
    return kExitOk;
}

struct CreateFlags {
    std::string path;
    DataInput input;
    bool ephemeral = false;
    bool sequential = false;
    bool container = false;
    int64_t ttl_ms = 0;
    CLI::Option* ttl_option = nullptr;
    std::string acl;
};

int run_create(const Globals& globals, const CreateFlags& flags) {
    check_path(flags.path, flags.sequential);
    const bool ttl = flags.ttl_option->count() > 0;
    if (flags.container && (flags.ephemeral || flags.sequential || ttl)) {
        throw usage_failure("create: -c (container) does not combine with -e, -s or -t");
    }
    if (ttl && flags.ephemeral) {
        throw usage_failure("create: -t (TTL) does not combine with -e (ephemeral)");
    }
    if (ttl && flags.ttl_ms <= 0) {
        throw usage_failure("create: -t needs a TTL above 0 ms");
    }
    client::CreateOptions options;
    if (flags.container) {
        options.mode = proto::CreateMode::container;
    } else if (ttl) {
        options.mode = flags.sequential ? proto::CreateMode::persistent_sequential_with_ttl
                                        : proto::CreateMode::persistent_with_ttl;
        options.ttl_ms = flags.ttl_ms;
    } else if (flags.ephemeral) {
        options.mode = flags.sequential ? proto::CreateMode::ephemeral_sequential
                                        : proto::CreateMode::ephemeral;
    } else if (flags.sequential) {
        options.mode = proto::CreateMode::persistent_sequential;
    }
    if (!flags.acl.empty()) {
        auto parsed = parse_acl(flags.acl);
        if (auto* error = std::get_if<std::string>(&parsed)) {
            throw usage_failure("--acl: " + *error);
        }
        options.acl = std::get<std::vector<proto::Acl>>(std::move(parsed));
    }
    std::optional<std::string> data = flags.input.read();
    Session session(globals);
    const client::CreateResult created =
        Session::value(flags.path, session.client().create(flags.path, std::move(data),
                                                           std::move(options), asio::use_future));
    if (globals.json) {
        print_json({{"path", created.path}, {"stat", stat_json(created.stat)}});
    } else {
        write_out(created.path + "\n");
    }
    return kExitOk;
}

struct DeleteOptions {
    std::string path;
    int32_t version = -1;
};

int run_delete(const Globals& globals, const DeleteOptions& options) {
    check_path(options.path);
    Session session(globals);
    Session::value(options.path,
                   session.client().remove(options.path, options.version, asio::use_future));
    if (globals.json) {
        print_json({{"path", options.path}, {"deleted", 1}});
    }
    return kExitOk;
}

size_t depth(const std::string& path) {
    return path == "/" ? 0 : size_t(std::count(path.begin(), path.end(), '/'));
}

// ZooKeeper's own nodes ("/zookeeper", its config and quota nodes) and the root, which no
// deleteall removes when there is no chroot.
bool reserved(const std::string& path) {
    return path == "/" || path == "/zookeeper" || path.starts_with("/zookeeper/");
}

int run_deleteall(const Globals& globals, const std::string& path) {
    check_path(path);
    const auto connect = client::ConnectString::parse(globals.servers);
    const bool chrooted = std::holds_alternative<client::ConnectString>(connect) &&
                          !std::get<client::ConnectString>(connect).chroot.empty();
    if (!chrooted && reserved(path) && path != "/") {
        throw usage_failure(path + ": ZooKeeper's own nodes cannot be deleted");
    }
    Session session(globals);
    client::Client& client = session.client();
    // Someone may add a node while we delete: then the parent is not empty and we walk again.
    constexpr int kAttempts = 5;
    size_t deleted = 0;
    for (int attempt = 1;; ++attempt) {
        std::vector<Listed> nodes;
        try {
            nodes = subtree(client, path);
        } catch (const Failure&) {
            if (attempt == 1) {
                throw;
            }
            const auto [err, stat] = Session::wait(client.exists(path, nullptr, asio::use_future));
            if (err == ErrorCode::no_node) {
                break; // someone else finished the job
            }
            throw;
        }
        // Deepest first, a level at a time; nodes of the same depth go in parallel.
        std::map<size_t, std::vector<std::string>, std::greater<>> levels;
        for (const Listed& node : nodes) {
            if (chrooted || !reserved(node.path)) {
                levels[depth(node.path)].push_back(node.path);
            }
        }
        bool again = false;
        for (const auto& [level, paths] : levels) {
            const auto replies = pipelined<std::monostate>(paths, [&](const std::string& node) {
                return client.remove(node, -1, asio::use_future);
            });
            for (size_t i = 0; i < paths.size(); ++i) {
                const ErrorCode err = replies[i].first;
                if (err == ErrorCode::ok) {
                    ++deleted;
                } else if (err == ErrorCode::not_empty && attempt < kAttempts) {
                    again = true;
                } else if (err != ErrorCode::no_node) {
                    throw zookeeper_failure(paths[i], err);
                }
            }
            if (again) {
                break;
            }
        }
        if (!again) {
            break;
        }
    }
    if (globals.json) {
        print_json({{"path", path}, {"deleted", deleted}});
    }
    return kExitOk;
}

} // namespace

void add_write_commands(CLI::App& app, Commands& commands) {
    auto set = std::make_shared<SetOptions>();
    CLI::App* set_command = app.add_subcommand("set", "replace a node's data");
    set_command->add_option("path", set->path, "the node")->required();
    set->input.add_to(set_command);
    set_command->add_option("-v,--version", set->version, "only if the node has this version");
    set_command->add_flag("-s,--stat", set->stats, "print the node's new Stat");
    commands.push_back(
        {set_command, [set](const Globals& globals) { return run_set(globals, *set); }});

    auto create = std::make_shared<CreateFlags>();
    CLI::App* create_command =
        app.add_subcommand("create", "create a node and print its path (without DATA: null data)");
    create_command->add_option("path", create->path, "the node")->required();
    create->input.add_to(create_command);
    create_command->add_flag("-e,--ephemeral", create->ephemeral,
                             "ephemeral: deleted when the session ends (as zooctl exits)");
    create_command->add_flag("-s,--sequential", create->sequential,
                             "sequential: the server appends a 10-digit counter");
    create_command->add_flag("-c,--container", create->container,
                             "a container: the server deletes it once its last child is gone");
    create->ttl_option = create_command->add_option(
        "-t,--ttl", create->ttl_ms,
        "a TTL node (ms): deleted when unchanged and childless for that long");
    create_command->add_option("--acl", create->acl,
                               "the ACL, as setacl takes it (default world:anyone:cdrwa)");
    commands.push_back({create_command,
                        [create](const Globals& globals) { return run_create(globals, *create); }});

    auto remove = std::make_shared<DeleteOptions>();
    CLI::App* delete_command = app.add_subcommand("delete", "delete a node without children");
    delete_command->add_option("path", remove->path, "the node")->required();
    delete_command->add_option("-v,--version", remove->version,
                               "only if the node has this version");
    commands.push_back({delete_command,
                        [remove](const Globals& globals) { return run_delete(globals, *remove); }});

    auto deleteall_path = std::make_shared<std::string>();
    CLI::App* deleteall_command =
        app.add_subcommand("deleteall", "delete a node and everything under it");
    deleteall_command->add_option("path", *deleteall_path, "the node")->required();
    commands.push_back({deleteall_command, [deleteall_path](const Globals& globals) {
                            return run_deleteall(globals, *deleteall_path);
                        }});
}

} // namespace zs::zooctl
