// ls, get, stat and sync.
#include "output.h"
#include "session.h"
#include "zooctl.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <unistd.h>

namespace zs::zooctl {
namespace {

namespace asio = boost::asio;
using proto::ErrorCode;

struct ListOptions {
    std::string path;
    bool recursive = false;
    bool stats = false;
};

int run_ls(const Globals& globals, const ListOptions& options) {
    check_path(options.path);
    Session session(globals);
    client::Client& client = session.client();
    if (options.recursive) {
        const std::vector<Listed> nodes = subtree(client, options.path);
        if (globals.json) {
            Json list = Json::array();
            for (const Listed& node : nodes) {
                if (options.stats) {
                    list.push_back({{"path", node.path}, {"stat", stat_json(node.stat)}});
                } else {
                    list.push_back(node.path);
                }
            }
            print_json({{"path", options.path}, {"nodes", std::move(list)}});
            return kExitOk;
        }
        std::string text;
        for (const Listed& node : nodes) {
            text += node.path + "\n";
            if (options.stats) {
                text += stat_text(node.stat, "  ");
            }
        }
        write_out(text);
        return kExitOk;
    }

    client::ChildrenResult listed =
        Session::value(options.path, client.get_children(options.path, nullptr, asio::use_future));
    std::sort(listed.children.begin(), listed.children.end());
    std::vector<Listed> children;
    if (options.stats) {
        const auto replies = pipelined<proto::Stat>(listed.children, [&](const std::string& name) {
            return client.exists(child_path(options.path, name), nullptr, asio::use_future);
        });
        for (size_t i = 0; i < replies.size(); ++i) {
            const auto& [err, stat] = replies[i];
            if (err == ErrorCode::no_node) {
                continue; // deleted since the listing
            }
            if (err != ErrorCode::ok) {
                throw zookeeper_failure(child_path(options.path, listed.children[i]), err);
            }
            children.push_back(Listed{listed.children[i], stat});
        }
    }
    if (globals.json) {
        Json doc{{"path", options.path}};
        if (options.stats) {
            Json list = Json::array();
            for (const Listed& child : children) {
                list.push_back({{"name", child.path}, {"stat", stat_json(child.stat)}});
            }
            doc["stat"] = stat_json(listed.stat);
            doc["children"] = std::move(list);
        } else {
            doc["children"] = listed.children;
        }
        print_json(doc);
        return kExitOk;
    }
    std::string text;
    if (options.stats) {
        for (const Listed& child : children) {
            text += child.path + "\n" + stat_text(child.stat, "  ");
        }
    } else {
        for (const std::string& child : listed.children) {
            text += child + "\n";
        }
    }
    write_out(text);
    return kExitOk;
}

struct GetOptions {
    std::string path;
    bool stats = false;
};

int run_get(const Globals& globals, const GetOptions& options) {
    check_path(options.path);
    Session session(globals);
    const client::DataResult result = Session::value(
        options.path, session.client().get_data(options.path, nullptr, asio::use_future));
    if (globals.json) {
        Json doc{{"path", options.path}};
        set_data_json(doc, result.data);
        doc["stat"] = stat_json(result.stat);
        print_json(doc);
        return kExitOk;
    }
    // The bytes as they are; a terminal also gets a line break after them.
    const std::string data = result.data.value_or("");
    std::string text = data;
    if ((options.stats || isatty(STDOUT_FILENO) == 1) && !data.empty() && data.back() != '\n') {
        text += '\n';
    }
    if (options.stats) {
        text += stat_text(result.stat);
    }
    write_out(text);
    return kExitOk;
}

int run_stat(const Globals& globals, const std::string& path) {
    check_path(path);
    Session session(globals);
    const proto::Stat stat =
        Session::value(path, session.client().exists(path, nullptr, asio::use_future));
    if (globals.json) {
        print_json({{"path", path}, {"stat", stat_json(stat)}});
    } else {
        write_out(stat_text(stat));
    }
    return kExitOk;
}

int run_sync(const Globals& globals, const std::string& path) {
    check_path(path);
    Session session(globals);
    Session::value(path, session.client().sync(path, asio::use_future));
    if (globals.json) {
        print_json({{"path", path}, {"synced", true}});
    }
    return kExitOk;
}

} // namespace

void add_read_commands(CLI::App& app, Commands& commands) {
    auto ls = std::make_shared<ListOptions>();
    CLI::App* ls_command = app.add_subcommand("ls", "list a node's children");
    ls_command->add_option("path", ls->path, "the node")->required();
    ls_command->add_flag("-R,--recursive", ls->recursive,
                         "the whole subtree, as full paths (the node first)");
    ls_command->add_flag("-s,--stat", ls->stats, "each node's Stat too");
    commands.push_back({ls_command, [ls](const Globals& globals) { return run_ls(globals, *ls); }});

    auto get = std::make_shared<GetOptions>();
    CLI::App* get_command =
        app.add_subcommand("get", "a node's data: the raw bytes (with --json: text or base64)");
    get_command->add_option("path", get->path, "the node")->required();
    get_command->add_flag("-s,--stat", get->stats, "the node's Stat after the data");
    commands.push_back(
        {get_command, [get](const Globals& globals) { return run_get(globals, *get); }});

    auto stat_path = std::make_shared<std::string>();
    CLI::App* stat_command = app.add_subcommand("stat", "a node's Stat");
    stat_command->add_option("path", *stat_path, "the node")->required();
    commands.push_back({stat_command, [stat_path](const Globals& globals) {
                            return run_stat(globals, *stat_path);
                        }});

    auto sync_path = std::make_shared<std::string>();
    CLI::App* sync_command = app.add_subcommand(
        "sync", "wait until the server has every write the leader committed before");
    sync_command->add_option("path", *sync_path, "the node")->required();
    commands.push_back({sync_command, [sync_path](const Globals& globals) {
                            return run_sync(globals, *sync_path);
                        }});
}

} // namespace zs::zooctl
