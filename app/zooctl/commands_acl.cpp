// getacl and setacl, in zkCli's ACL syntax: scheme:id:perms[,scheme:id:perms...].
#include "output.h"
#include "session.h"
#include "zooctl.h"

#include <CLI/CLI.hpp>

namespace zs::zooctl {
namespace {

namespace asio = boost::asio;
using proto::ErrorCode;

int run_getacl(const Globals& globals, const std::string& path) {
    check_path(path);
    Session session(globals);
    const client::AclResult result =
        Session::value(path, session.client().get_acl(path, asio::use_future));
    if (globals.json) {
        print_json(
            {{"path", path}, {"acl", acl_json(result.acl)}, {"stat", stat_json(result.stat)}});
        return kExitOk;
    }
    std::string text;
    for (const proto::Acl& acl : result.acl) {
        text += acl_text(acl) + "\n";
    }
    write_out(text);
    return kExitOk;
}

struct SetAclOptions {
    std::string path;
    std::string acl;
    int32_t version = -1;
    bool recursive = false;
    bool stats = false;
};

int run_setacl(const Globals& globals, const SetAclOptions& options) {
    check_path(options.path);
    auto parsed = parse_acl(options.acl);
    if (auto* error = std::get_if<std::string>(&parsed)) {
        throw usage_failure(*error);
    }
    const auto acl = std::get<std::vector<proto::Acl>>(std::move(parsed));
    Session session(globals);
    client::Client& client = session.client();
    if (options.recursive) {
        std::vector<std::string> paths;
        for (const Listed& node : subtree(client, options.path)) {
            paths.push_back(node.path);
        }
        const auto replies = pipelined<proto::Stat>(paths, [&](const std::string& path) {
            return client.set_acl(path, acl, -1, asio::use_future);
        });
        for (size_t i = 0; i < paths.size(); ++i) {
            if (replies[i].first != ErrorCode::ok && replies[i].first != ErrorCode::no_node) {
                throw zookeeper_failure(paths[i], replies[i].first);
            }
        }
        if (globals.json) {
            print_json({{"path", options.path}, {"nodes", paths.size()}});
        }
        return kExitOk;
    }
    const proto::Stat stat = Session::value(
        options.path, client.set_acl(options.path, acl, options.version, asio::use_future));
    if (globals.json) {
        print_json({{"path", options.path}, {"stat", stat_json(stat)}});
    } else if (options.stats) {
        write_out(stat_text(stat));
    }
    return kExitOk;
}

} // namespace

void add_acl_commands(CLI::App& app, Commands& commands) {
    auto getacl_path = std::make_shared<std::string>();
    CLI::App* getacl_command =
        app.add_subcommand("getacl", "a node's ACL, one scheme:id:perms entry a line");
    getacl_command->add_option("path", *getacl_path, "the node")->required();
    commands.push_back({getacl_command, [getacl_path](const Globals& globals) {
                            return run_getacl(globals, *getacl_path);
                        }});

    auto setacl = std::make_shared<SetAclOptions>();
    CLI::App* setacl_command = app.add_subcommand("setacl", "replace a node's ACL");
    setacl_command->add_option("path", setacl->path, "the node")->required();
    setacl_command
        ->add_option("acl", setacl->acl,
                     "scheme:id:perms[,...] with perms from cdrwa, e.g. "
                     "world:anyone:r,digest:bob:HASH:cdrwa")
        ->required();
    CLI::Option* version = setacl_command->add_option(
        "-v,--version", setacl->version, "only if the ACL has this version (aclVersion)");
    setacl_command->add_flag("-R,--recursive", setacl->recursive, "the whole subtree")
        ->excludes(version);
    setacl_command->add_flag("-s,--stat", setacl->stats, "print the node's new Stat");
    commands.push_back({setacl_command,
                        [setacl](const Globals& globals) { return run_setacl(globals, *setacl); }});
}

} // namespace zs::zooctl
