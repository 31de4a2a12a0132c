#include "admin_commands.h"

#include "server/clock.h"
#include "trace/event.h"

#include <boost/asio/post.hpp>
#include <charconv>
#include <fmt/format.h>
#include <future>
#include <spdlog/spdlog.h>

namespace zs::zoonode {

namespace asio = boost::asio;
using admin::CommandResult;
using admin::Params;

namespace {

// How long a command waits for the server's thread (paused, or very busy).
constexpr std::chrono::seconds kServerAnswer{2};
constexpr std::chrono::milliseconds kLongestPause{600000};

// Runs `work` on the server's thread and waits for its answer.
CommandResult on_server_thread(asio::io_context& io, std::function<CommandResult()> work) {
    auto answer = std::make_shared<std::promise<CommandResult>>();
    std::future<CommandResult> future = answer->get_future();
    asio::post(io, [answer, work = std::move(work)] { answer->set_value(work()); });
    if (future.wait_for(kServerAnswer) != std::future_status::ready) {
        return CommandResult{{}, "the server did not answer within 2 s (is it paused?)"};
    }
    return future.get();
}

std::optional<int64_t> parse_number(const std::string& text) {
    int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

// mntr's "zk_key<TAB>value" lines as a JSON object, numbers as numbers.
nlohmann::ordered_json monitor_json(const std::string& mntr) {
    nlohmann::ordered_json out;
    size_t start = 0;
    while (start < mntr.size()) {
        const size_t end = mntr.find('\n', start);
        const std::string line = mntr.substr(start, end - start);
        start = end == std::string::npos ? mntr.size() : end + 1;
        const size_t tab = line.find('\t');
        if (tab == std::string::npos || !line.starts_with("zk_")) {
            continue;
        }
        const std::string key = line.substr(3, tab - 3);
        const std::string value = line.substr(tab + 1);
        if (auto number = parse_number(value)) {
            out[key] = *number;
        } else {
            out[key] = value;
        }
    }
    return out;
}

nlohmann::ordered_json faults_json(quorum::PeerNetwork& network) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (zab::ServerId peer : network.dropped()) {
        out[std::to_string(peer)] = {{"traffic", "drop"}};
    }
    for (const auto& [peer, delay] : network.delays()) {
        out[std::to_string(peer)] = {{"traffic", "delay"}, {"delay_ms", delay.count()}};
    }
    return out;
}

CommandResult peer_traffic(quorum::Peer& peer, const Params& params) {
    const auto server = params.find("server");
    const auto traffic = params.find("traffic");
    const std::optional<int64_t> id =
        server == params.end() ? std::nullopt : parse_number(server->second);
    if (!id || *id == peer.core().id()) {
        return {{}, "server=<id of another member> is required"};
    }
    quorum::PeerNetwork& network = peer.network();
    const std::string mode = traffic == params.end() ? "" : traffic->second;
    if (mode == "drop") {
        network.delay_traffic(*id, {});
        network.drop_traffic(*id, true);
    } else if (mode == "delay") {
        const auto ms = params.find("delay_ms");
        const std::optional<int64_t> delay =
            ms == params.end() ? std::nullopt : parse_number(ms->second);
        if (!delay || *delay <= 0 || *delay > kLongestPause.count()) {
            return {{}, "traffic=delay needs delay_ms between 1 and 600000"};
        }
        network.drop_traffic(*id, false);
        network.delay_traffic(*id, std::chrono::milliseconds(*delay));
    } else if (mode == "normal") {
        network.drop_traffic(*id, false);
        network.delay_traffic(*id, {});
    } else {
        return {{}, "traffic=drop|delay|normal is required"};
    }
    spdlog::warn("admin: traffic with server.{} is now {}", *id, mode);
    return {{{"faults", faults_json(network)}}, std::nullopt};
}

nlohmann::ordered_json peer_state_json(const quorum::Peer& peer) {
    const zab::Core& core = peer.core();
    const zab::Vote& vote = core.current_vote();
    return {{"server", core.id()},
            {"state", zab::name_of(core.state())},
            {"phase", zab::name_of(core.phase())},
            {"leader", vote.leader},
            {"round", core.round()},
            {"accepted_epoch", core.durable().accepted_epoch},
            {"current_epoch", core.durable().current_epoch},
            {"last_zxid", fmt::format("0x{:x}", core.last_logged_zxid())},
            {"applied_zxid", fmt::format("0x{:x}", core.applied_zxid())}};
}

// The events every write makes: its proposal, commit and the broadcast messages.
bool is_per_txn(const trace::Body& body) {
    auto broadcast = [](const std::string& type) {
        return type == "PROPOSAL" || type == "ACK" || type == "COMMIT" || type == "INFORM" ||
               type == "PING" || type == "REQUEST" || type == "SYNC";
    };
    if (const auto* sent = std::get_if<trace::MessageSent>(&body)) {
        return broadcast(sent->type);
    }
    if (const auto* received = std::get_if<trace::MessageReceived>(&body)) {
        return broadcast(received->type);
    }
    return std::holds_alternative<trace::Proposed>(body) ||
           std::holds_alternative<trace::Committed>(body);
}

} // namespace

void Pauser::pause(asio::io_context& io, std::chrono::milliseconds longest) {
    {
        std::lock_guard lock(mutex_);
        if (paused_) {
            return;
        }
        paused_ = true;
    }
    asio::post(io, [this, longest] {
        spdlog::warn("admin: paused for at most {} ms", longest.count());
        std::unique_lock lock(mutex_);
        resumed_.wait_for(lock, longest, [this] { return !paused_; });
        paused_ = false;
        spdlog::warn("admin: resumed");
    });
}

void Pauser::resume() {
    {
        std::lock_guard lock(mutex_);
        paused_ = false;
    }
    resumed_.notify_all();
}

bool Pauser::paused() const {
    std::lock_guard lock(mutex_);
    return paused_;
}

void add_admin_commands(admin::AdminServer& admin, asio::io_context& io, server::Server& server,
                        quorum::Peer* peer, Pauser& pauser) {
    admin.add_command({"ruok", "whether the admin server answers", [](const Params&) {
                           return CommandResult{nlohmann::ordered_json::object(), std::nullopt};
                       }});
    admin.add_command(
        {"monitor", "mntr's figures, in JSON", [&io, &server](const Params&) {
             return on_server_thread(io, [&server] {
                 return CommandResult{monitor_json(server.four_letter("mntr")), std::nullopt};
             });
         }});
    admin.add_command({"pause",
                       "freezes the server's thread (ms=<at most this long>, default 60000), "
                       "as a long GC pause would",
                       [&io, &pauser](const Params& params) {
                           auto ms = params.find("ms");
                           const std::optional<int64_t> longest =
                               ms == params.end() ? int64_t(60000) : parse_number(ms->second);
                           if (!longest || *longest <= 0 || *longest > kLongestPause.count()) {
                               return CommandResult{{}, "ms must be between 1 and 600000"};
                           }
                           pauser.pause(io, std::chrono::milliseconds(*longest));
                           return CommandResult{{{"paused", true}}, std::nullopt};
                       }});
    admin.add_command({"resume", "ends a pause", [&pauser](const Params&) {
                           pauser.resume();
                           return CommandResult{{{"paused", false}}, std::nullopt};
                       }});
    if (peer == nullptr) {
        return;
    }
    admin.add_command({"peer_state", "this member's election state, phase, vote and epochs",
                       [&io, peer](const Params&) {
                           return on_server_thread(io, [peer] {
                               return CommandResult{peer_state_json(*peer), std::nullopt};
                           });
                       }});
    admin.add_command(
        {"peer_traffic",
         "server=<id>&traffic=drop|delay|normal[&delay_ms=<ms>]: drops or delays everything to "
         "and from another member (a partition without root), or restores it",
         [&io, peer](const Params& params) {
             return on_server_thread(io, [peer, params] { return peer_traffic(*peer, params); });
         }});
}

void stream_trace(admin::AdminServer& admin, quorum::Peer& peer) {
    peer.set_trace_sink([&admin](const trace::Event& event) {
        if (!admin.has_trace_clients() && is_per_txn(event.body)) {
            return;
        }
        admin.publish_trace(trace::to_ndjson(event, server::wall_clock_ms()));
    });
}

} // namespace zs::zoonode
