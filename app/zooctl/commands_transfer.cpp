// export and import: a subtree to a file (JSON Lines) or a directory tree, and back.
#include "output.h"
#include "session.h"
#include "transfer/transfer.h"
#include "zooctl.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fmt/format.h>
#include <unistd.h>

namespace zs::zooctl {
namespace {

// "\r"-updated on stderr when it is a terminal; nothing otherwise.
transfer::Progress progress_line(const char* verb) {
    if (isatty(STDERR_FILENO) == 0) {
        return {};
    }
    return [verb](uint64_t done, uint64_t known) {
        if (done % 256 == 0 || done == known) {
            std::fprintf(stderr, "\r%s %llu/%llu nodes", verb, (unsigned long long)done,
                         (unsigned long long)known);
            std::fflush(stderr);
        }
    };
}

void end_progress_line() {
    if (isatty(STDERR_FILENO) != 0) {
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
    }
}

// Bad files and destinations are usage errors (2); what the server refuses is 1.
Failure failure_of(transfer::Status status, const std::string& error, proto::ErrorCode err,
                   const std::string& subject) {
    if (status == transfer::Status::zookeeper && err != proto::ErrorCode::ok &&
        err != proto::ErrorCode::node_exists) {
        return zookeeper_failure(subject, err);
    }
    if (status == transfer::Status::zookeeper) {
        return Failure(kExitZooKeeper, error);
    }
    return Failure(kExitUsage, error);
}

struct ExportArgs {
    std::string path;
    std::string output;
    std::string format = "json";
    bool include_ephemerals = false;
};

int run_export(const Globals& globals, const ExportArgs& args) {
    check_path(args.path);
    Session session(globals);
    transfer::ExportOptions options;
    options.format = args.format == "dir" ? transfer::Format::dir : transfer::Format::json;
    options.include_ephemerals = args.include_ephemerals;
    options.server = session.client().server();
    const transfer::ExportResult result = transfer::export_tree(
        session.client(), args.path, options, args.output, progress_line("exported"));
    end_progress_line();
    if (result.status != transfer::Status::ok) {
        throw failure_of(result.status, result.error, result.err, result.subject);
    }
    std::string summary =
        fmt::format("exported {} nodes from {} to {}", result.nodes, args.path, args.output);
    if (result.ephemerals_skipped > 0) {
        summary += fmt::format(" ({} ephemeral nodes skipped; --include-ephemerals)",
                               result.ephemerals_skipped);
    }
    if (globals.json) {
        print_json({{"path", args.path},
                    {"output", args.output},
                    {"exported", result.nodes},
                    {"ephemeralsSkipped", result.ephemerals_skipped}});
    } else {
        std::fprintf(stderr, "%s\n", summary.c_str());
    }
    return kExitOk;
}

struct ImportArgs {
    std::string file;
    std::string path;
    std::string on_conflict = "fail";
};

int run_import(const Globals& globals, const ImportArgs& args) {
    check_path(args.path);
    // The whole file is read and checked before connecting: a bad file costs no session.
    auto read = transfer::read_source(args.file);
    if (auto* error = std::get_if<std::string>(&read)) {
        throw usage_failure(*error);
    }
    const transfer::Source& source = std::get<transfer::Source>(read);
    const transfer::OnConflict on_conflict = args.on_conflict == "skip" ? transfer::OnConflict::skip
                                             : args.on_conflict == "overwrite"
                                                 ? transfer::OnConflict::overwrite
                                                 : transfer::OnConflict::fail;
    Session session(globals);
    const transfer::ImportResult result = transfer::import_nodes(
        session.client(), source, args.path, on_conflict, progress_line("imported"));
    end_progress_line();
    if (result.status != transfer::Status::ok) {
        throw failure_of(result.status, result.error, result.err, result.subject);
    }
    std::string summary =
        fmt::format("imported into {}: {} created, {} skipped, {} overwritten", args.path,
                    result.created, result.skipped, result.overwritten);
    if (result.ephemerals_as_persistent > 0) {
        summary += fmt::format("; {} ephemeral nodes created as persistent",
                               result.ephemerals_as_persistent);
    }
    if (result.kinds_downgraded > 0) {
        summary += fmt::format("; {} container/TTL nodes created as persistent (the server "
                               "refused the kind)",
                               result.kinds_downgraded);
    }
    if (globals.json) {
        print_json({{"path", args.path},
                    {"created", result.created},
                    {"skipped", result.skipped},
                    {"overwritten", result.overwritten},
                    {"ephemeralsAsPersistent", result.ephemerals_as_persistent},
                    {"kindsDowngraded", result.kinds_downgraded}});
    } else {
        std::fprintf(stderr, "%s\n", summary.c_str());
    }
    return kExitOk;
}

} // namespace

void add_transfer_commands(CLI::App& app, Commands& commands) {
    auto export_args = std::make_shared<ExportArgs>();
    CLI::App* export_command = app.add_subcommand(
        "export", "write a subtree to a file (JSON Lines) or a directory tree (--format dir)");
    export_command->add_option("path", export_args->path, "the subtree's root")->required();
    export_command->add_option("-o,--output", export_args->output, "the file or directory")
        ->required();
    export_command->add_option("--format", export_args->format)
        ->check(CLI::IsMember({"json", "dir"}))
        ->capture_default_str();
    export_command->add_flag("--include-ephemerals", export_args->include_ephemerals,
                             "export ephemeral nodes too (imported as persistent)");
    commands.push_back(
        {export_command, [export_args](const Globals& g) { return run_export(g, *export_args); }});

    auto import_args = std::make_shared<ImportArgs>();
    CLI::App* import_command = app.add_subcommand(
        "import", "create an exported subtree under PATH (checks the whole file first)");
    import_command->add_option("file", import_args->file, "an export file or dir-format directory")
        ->required();
    import_command->add_option("path", import_args->path, "where the export's root goes")
        ->required();
    import_command
        ->add_option("--on-conflict", import_args->on_conflict,
                     "existing nodes: fail (before writing anything), skip, or overwrite")
        ->check(CLI::IsMember({"skip", "overwrite", "fail"}))
        ->capture_default_str();
    commands.push_back(
        {import_command, [import_args](const Globals& g) { return run_import(g, *import_args); }});
}

} // namespace zs::zooctl
