// The keys ZooKeeper's QuorumPeerConfig.parseProperties reads itself, with its value rules:
// Integer.parseInt for numbers, "true"/"false" (any case) for booleans, a ConfigException for
// anything else.

#include "ensemble/config_draft.h"
#include "ensemble/java_text.h"

#include <algorithm>
#include <fmt/format.h>
#include <limits>

namespace zs::ensemble::detail {

namespace {

namespace fs = std::filesystem;

std::optional<int64_t> read_integer(const Setting& setting, Reporter& report, int64_t min_value,
                                    int64_t max_value) {
    const ParsedNumber number = parse_java_integer(setting.value, min_value, max_value);
    if (number.status == NumberStatus::ok) {
        return number.value;
    }
    if (number.status == NumberStatus::not_a_number) {
        report.error(setting, "not a number");
    } else {
        report.error(setting, fmt::format("must be between {} and {}", min_value, max_value));
    }
    return std::nullopt;
}

std::optional<int32_t> read_int(const Setting& setting, Reporter& report,
                                int32_t min_value = std::numeric_limits<int32_t>::min()) {
    const auto value =
        read_integer(setting, report, min_value, std::numeric_limits<int32_t>::max());
    return value ? std::optional<int32_t>(static_cast<int32_t>(*value)) : std::nullopt;
}

std::optional<bool> read_bool(const Setting& setting, Reporter& report) {
    if (java_equals_ignore_case(setting.value, "true")) {
        return true;
    }
    if (java_equals_ignore_case(setting.value, "false")) {
        return false;
    }
    report.error(setting, "must be true or false");
    return std::nullopt;
}

template <bool ZooConfig::*field> void bool_key(const Setting& setting, ConfigDraft& draft) {
    if (const auto value = read_bool(setting, draft.report)) {
        draft.config.*field = *value;
    }
}

template <int32_t ZooConfig::*field, int32_t min_value = std::numeric_limits<int32_t>::min()>
void int_key(const Setting& setting, ConfigDraft& draft) {
    if (const auto value = read_int(setting, draft.report, min_value)) {
        draft.config.*field = *value;
    }
}

/// ZooKeeper uses the path as given, so a relative one lands under the working directory of
/// the process rather than next to zoo.cfg; it warns unless the path starts with "./".
void dir_key(const Setting& setting, ConfigDraft& draft, fs::path& field) {
    if (setting.value.empty()) {
        draft.report.error(setting, "must name a directory");
        return;
    }
    const fs::path path(setting.value);
    if (path.is_relative() && !setting.value.starts_with("./")) {
        draft.report.warning(setting, "is relative, so it is resolved against the current "
                                      "directory; prepend ./ to show that this is meant");
    }
    std::error_code ec;
    fs::path absolute = fs::absolute(path, ec).lexically_normal();
    if (ec) {
        draft.report.error(setting, "cannot be made absolute: " + ec.message());
        return;
    }
    if (!absolute.has_filename() && absolute.has_relative_path()) {
        absolute = absolute.parent_path();
    }
    field = absolute;
}

void client_port_key(const Setting& setting, ConfigDraft& draft) {
    if (const auto port = read_integer(setting, draft.report, 0, 65535); port && *port != 0) {
        draft.config.client_port = static_cast<uint16_t>(*port);
    }
}

void secure_client_port_key(const Setting& setting, ConfigDraft& draft) {
    if (const auto port = read_integer(setting, draft.report, 0, 65535); port && *port != 0) {
        draft.report.unsupported(setting, "zoonode has no TLS, so it opens no secure client port");
    }
}

void observer_master_port_key(const Setting& setting, ConfigDraft& draft) {
    if (const auto port =
            read_integer(setting, draft.report, std::numeric_limits<int32_t>::min(), 65535);
        port && *port > 0) {
        draft.report.unsupported(setting, "zoonode's observers always connect to the leader");
    }
}

void election_alg_key(const Setting& setting, ConfigDraft& draft) {
    if (const auto value = read_int(setting, draft.report)) {
        if (*value != 3) {
            draft.report.error(setting, "only 3 (fast leader election over TCP) is supported");
        }
    }
}

void snap_retain_count_key(const Setting& setting, ConfigDraft& draft) {
    if (const auto value = read_int(setting, draft.report)) {
        draft.config.snap_retain_count = std::max(*value, 3);
        if (*value < 3) {
            draft.report.warning(setting, "ZooKeeper keeps at least 3 snapshots; using 3");
        }
    }
}

void peer_type_key(const Setting& setting, ConfigDraft& draft) {
    if (java_equals_ignore_case(setting.value, "observer")) {
        draft.config.peer_type = PeerType::observer;
    } else if (java_equals_ignore_case(setting.value, "participant")) {
        draft.config.peer_type = PeerType::participant;
    } else {
        draft.report.error(setting, "must be participant or observer");
    }
}

constexpr std::string_view own_metrics =
    "zoonode serves its metrics through mntr and the admin server only";

void metrics_provider_key(const Setting& setting, ConfigDraft& draft) {
    if (setting.value != "org.apache.zookeeper.metrics.impl.DefaultMetricsProvider") {
        draft.report.unsupported(setting, own_metrics);
    }
}

/// How ZooKeeper checks the value of a key it reads but zoonode does not implement.
enum class ValueKind { text, int32, int64, boolean };

struct CoreKey {
    std::string_view key;
    void (*handler)(const Setting&, ConfigDraft&) = nullptr; // null: zoonode ignores the key
    ValueKind kind = ValueKind::text;
    UnsupportedSetting unsupported{};
};

constexpr std::string_view no_tls = "zoonode has no TLS";
constexpr std::string_view no_quorum_sasl = "zoonode has no SASL between servers";
constexpr std::string_view no_jvm = "zoonode does not run in a JVM";

const CoreKey core_keys[] = {
    {"dataDir", [](const Setting& s, ConfigDraft& d) { dir_key(s, d, d.config.data_dir); }},
    {"dataLogDir", [](const Setting& s, ConfigDraft& d) { dir_key(s, d, d.config.data_log_dir); }},
    {"clientPort", client_port_key},
    {"clientPortAddress", [](const Setting&, ConfigDraft&) {}},
    {"secureClientPort", secure_client_port_key},
    {"secureClientPortAddress", [](const Setting&, ConfigDraft&) {}},
    {"observerMasterPort", observer_master_port_key},
    {"clientPortListenBacklog", int_key<&ZooConfig::client_port_listen_backlog>},
    {"tickTime", int_key<&ZooConfig::tick_time_ms>},
    {"maxClientCnxns", int_key<&ZooConfig::max_client_cnxns>},
    {"minSessionTimeout", int_key<&ZooConfig::min_session_timeout_ms>},
    {"maxSessionTimeout", int_key<&ZooConfig::max_session_timeout_ms>},
    {"initLimit", int_key<&ZooConfig::init_limit, 0>},
    {"syncLimit", int_key<&ZooConfig::sync_limit, 0>},
    {"connectToLearnerMasterLimit", int_key<&ZooConfig::connect_to_learner_master_limit, 0>},
    {"electionAlg", election_alg_key},
    {"quorumListenOnAllIPs", bool_key<&ZooConfig::quorum_listen_on_all_ips>},
    {"peerType", peer_type_key},
    {"syncEnabled", bool_key<&ZooConfig::sync_enabled>},
    {"dynamicConfigFile",
     [](const Setting& s, ConfigDraft& d) { d.config.dynamic_config_file = s.value; }},
    {"autopurge.snapRetainCount", snap_retain_count_key},
    {"autopurge.purgeInterval", int_key<&ZooConfig::purge_interval_hours>},
    {"standaloneEnabled", bool_key<&ZooConfig::standalone_enabled>},
    {"reconfigEnabled", bool_key<&ZooConfig::reconfig_enabled>},
    {"localSessionsEnabled", bool_key<&ZooConfig::local_sessions_enabled>},
    {"localSessionsUpgradingEnabled", bool_key<&ZooConfig::local_sessions_upgrading_enabled>},
    {"multiAddress.enabled", bool_key<&ZooConfig::multi_address_enabled>},
    {"multiAddress.reachabilityCheckEnabled",
     bool_key<&ZooConfig::multi_address_reachability_check_enabled>},
    {"multiAddress.reachabilityCheckTimeoutMs",
     int_key<&ZooConfig::multi_address_reachability_check_timeout_ms>},
    {"metricsProvider.className", metrics_provider_key},
    {"sslQuorum",
     nullptr,
     ValueKind::boolean,
     {"zoonode cannot encrypt traffic between servers", true}},
    {"portUnification",
     nullptr,
     ValueKind::boolean,
     {"zoonode has no TLS; its client port speaks plaintext only", false}},
    {"sslQuorumReloadCertFiles", nullptr, ValueKind::boolean, {no_tls, false}},
    {"quorum.auth.enableSasl", nullptr, ValueKind::boolean, {no_quorum_sasl, false}},
    {"quorum.auth.serverRequireSasl", nullptr, ValueKind::boolean, {no_quorum_sasl, true}},
    {"quorum.auth.learnerRequireSasl", nullptr, ValueKind::boolean, {no_quorum_sasl, true}},
    {"quorum.auth.learner.saslLoginContext", nullptr, ValueKind::text, {no_quorum_sasl, false}},
    {"quorum.auth.server.saslLoginContext", nullptr, ValueKind::text, {no_quorum_sasl, false}},
    {"quorum.auth.kerberos.servicePrincipal", nullptr, ValueKind::text, {no_quorum_sasl, false}},
    {"quorum.cnxn.threads.size",
     nullptr,
     ValueKind::int32,
     {"zoonode's peer links need no thread pool", false}},
    {"jvm.pause.info-threshold.ms", nullptr, ValueKind::int64, {no_jvm, false}},
    {"jvm.pause.warn-threshold.ms", nullptr, ValueKind::int64, {no_jvm, false}},
    {"jvm.pause.sleep.time.ms", nullptr, ValueKind::int64, {no_jvm, false}},
    {"jvm.pause.monitor", nullptr, ValueKind::boolean, {no_jvm, false}},
    {"oraclePath",
     nullptr,
     ValueKind::text,
     {"zoonode has no oracle-assisted quorums (QuorumOracleMaj)", false}},
};

/// Checks the value as ZooKeeper would, then reports the key; a boolean switched off asks for
/// nothing zoonode lacks, so it passes silently.
void apply_unimplemented(const Setting& setting, const CoreKey& entry, ConfigDraft& draft) {
    switch (entry.kind) {
    case ValueKind::int32:
        if (!read_int(setting, draft.report)) {
            return;
        }
        break;
    case ValueKind::int64:
        if (!read_integer(setting, draft.report, std::numeric_limits<int64_t>::min(),
                          std::numeric_limits<int64_t>::max())) {
            return;
        }
        break;
    case ValueKind::boolean: {
        const auto value = read_bool(setting, draft.report);
        if (!value || !*value) {
            return;
        }
        break;
    }
    case ValueKind::text:
        break;
    }
    report_unsupported(setting, entry.unsupported, draft.report);
}

bool is_true(const Setting* setting) {
    return setting != nullptr && java_equals_ignore_case(setting->value, "true");
}

/// QuorumPeerConfig refuses SASL requirements without SASL itself.
void check_quorum_sasl(ConfigDraft& draft) {
    const bool enabled = is_true(draft.core_key("quorum.auth.enableSasl"));
    const Setting* server_requires = draft.core_key("quorum.auth.serverRequireSasl");
    const Setting* learner_requires = draft.core_key("quorum.auth.learnerRequireSasl");
    if (!enabled && is_true(server_requires)) {
        draft.report.error(*server_requires, "needs quorum.auth.enableSasl=true");
    }
    if (!enabled && is_true(learner_requires)) {
        draft.report.error(*learner_requires, "needs quorum.auth.enableSasl=true");
    }
    if (is_true(server_requires) && !is_true(learner_requires)) {
        draft.report.error(*server_requires, "needs quorum.auth.learnerRequireSasl=true");
    }
}

void check_client_ports(ConfigDraft& draft) {
    if (const Setting* address = draft.core_key("clientPortAddress")) {
        if (!draft.config.client_port) {
            draft.report.error(*address, "is set but clientPort is not");
        } else {
            std::string host = address->value;
            if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
                host = host.substr(1, host.size() - 2);
            }
            draft.config.client_port_address = host;
        }
    }
    const Setting* secure_port = draft.core_key("secureClientPort");
    const bool secure_port_set =
        secure_port != nullptr &&
        parse_java_integer(secure_port->value, 1, 65535).status == NumberStatus::ok;
    if (const Setting* address = draft.core_key("secureClientPortAddress");
        address != nullptr && !secure_port_set) {
        draft.report.error(*address, "is set but secureClientPort is not");
    }
}

void resolve_session_timeouts(ConfigDraft& draft) {
    ZooConfig& config = draft.config;
    const Setting* tick = draft.core_key("tickTime");
    if (config.tick_time_ms <= 0) {
        draft.report.error(*tick, "must be a positive number of milliseconds");
        return;
    }
    const Setting* min_setting = draft.core_key("minSessionTimeout");
    const Setting* max_setting = draft.core_key("maxSessionTimeout");
    const int64_t min_ms = (min_setting == nullptr || config.min_session_timeout_ms == -1)
                               ? int64_t{2} * config.tick_time_ms
                               : config.min_session_timeout_ms;
    const int64_t max_ms = (max_setting == nullptr || config.max_session_timeout_ms == -1)
                               ? int64_t{20} * config.tick_time_ms
                               : config.max_session_timeout_ms;
    // ZooKeeper takes any other negative value as it stands, which only ever hides a typo.
    for (const auto& [setting, value] : {std::pair{min_setting, config.min_session_timeout_ms},
                                         std::pair{max_setting, config.max_session_timeout_ms}}) {
        if (setting != nullptr && value < -1) {
            draft.report.error(*setting, "must be -1 (derive from tickTime) or a number of "
                                         "milliseconds");
            return;
        }
    }
    if (max_ms > std::numeric_limits<int32_t>::max()) {
        draft.report.error(*tick, "20 x tickTime, the default maxSessionTimeout, is too large");
        return;
    }
    if (min_ms > max_ms) {
        const Setting* blamed = min_setting != nullptr ? min_setting : max_setting;
        draft.report.error(*blamed, fmt::format("minSessionTimeout ({} ms) must not be larger than "
                                                "maxSessionTimeout ({} ms)",
                                                min_ms, max_ms));
        return;
    }
    config.min_session_timeout_ms = static_cast<int32_t>(min_ms);
    config.max_session_timeout_ms = static_cast<int32_t>(max_ms);
}

} // namespace

bool apply_core_key(const Setting& setting, ConfigDraft& draft) {
    const auto* entry = std::find_if(std::begin(core_keys), std::end(core_keys),
                                     [&](const CoreKey& k) { return k.key == setting.key; });
    const bool metrics_option = setting.key.starts_with("metricsProvider.");
    if (entry == std::end(core_keys) && !metrics_option) {
        return false;
    }
    draft.core_keys.insert_or_assign(setting.key, setting);
    if (entry == std::end(core_keys)) {
        draft.report.unsupported(setting, own_metrics);
    } else if (entry->handler != nullptr) {
        entry->handler(setting, draft);
    } else {
        apply_unimplemented(setting, *entry, draft);
    }
    return true;
}

void finish_core_keys(ConfigDraft& draft) {
    check_quorum_sasl(draft);
    check_client_ports(draft);
    if (draft.core_key("dataDir") == nullptr) {
        draft.report.error("dataDir", fmt::format("{}: dataDir: is not set; ZooKeeper requires it",
                                                  draft.report.config_file()));
    }
    if (draft.config.data_log_dir.empty()) {
        draft.config.data_log_dir = draft.config.data_dir;
    }
    resolve_session_timeouts(draft);
}

} // namespace zs::ensemble::detail
