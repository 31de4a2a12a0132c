// JVM properties ZooKeeper consults. A zoo.cfg key QuorumPeerConfig does not know becomes the
// property "zookeeper.<key>" (overriding a -D flag of that name); a few properties are read
// without the prefix and so only a -D flag can set them. Each is parsed the way the Java code
// reading it does: Integer.getInteger decodes hex and octal, and each boolean has its own rule.

#include "ensemble/config_draft.h"
#include "ensemble/java_text.h"

#include <algorithm>
#include <fmt/format.h>
#include <limits>
#include <set>
#include <type_traits>

namespace zs::ensemble::detail {

namespace {

constexpr int64_t int32_min = std::numeric_limits<int32_t>::min();
constexpr int64_t int32_max = std::numeric_limits<int32_t>::max();
constexpr int64_t int64_min = std::numeric_limits<int64_t>::min();
constexpr int64_t int64_max = std::numeric_limits<int64_t>::max();

/// The Java expression that turns a property into a boolean.
enum class JavaBool {
    true_ignoring_case, // Boolean.getBoolean, Boolean.parseBoolean
    yes_only,           // value.equals("yes")
    unless_no,          // !value.equals("no")
    unless_false,       // !"false".equals(value)
};

/// Takes the value as ZooKeeper would, and warns when that is likely not what was meant.
bool read_java_bool(const Setting& setting, JavaBool rule, Reporter& report) {
    const std::string& value = setting.value;
    switch (rule) {
    case JavaBool::true_ignoring_case:
        if (!java_equals_ignore_case(value, "true") && !java_equals_ignore_case(value, "false")) {
            report.warning(setting, "ZooKeeper reads anything but 'true' as false");
        }
        return java_equals_ignore_case(value, "true");
    case JavaBool::yes_only:
        if (value != "yes" && value != "no") {
            report.warning(setting, "ZooKeeper turns this on only with 'yes'; taken as 'no'");
        }
        return value == "yes";
    case JavaBool::unless_no:
        if (value != "yes" && value != "no") {
            report.warning(setting, "ZooKeeper turns this off only with 'no'; taken as 'yes'");
        }
        return value != "no";
    case JavaBool::unless_false:
        if (value != "true" && value != "false") {
            report.warning(setting, "ZooKeeper turns this off only with 'false'; taken as 'true'");
        }
        return value != "false";
    }
    return false;
}

/// Integer.getInteger / Long.getLong would quietly fall back to the default on a bad value;
/// an error is kinder than a setting that silently does nothing.
std::optional<int64_t> read_decoded(const Setting& setting, Reporter& report, int64_t min_value,
                                    int64_t max_value) {
    const ParsedNumber number = decode_java_integer(setting.value, min_value, max_value);
    if (number.status == NumberStatus::ok) {
        return number.value;
    }
    report.error(setting, number.status == NumberStatus::not_a_number
                              ? std::string("not a number")
                              : fmt::format("must be between {} and {}", min_value, max_value));
    return std::nullopt;
}

template <JavaBool rule, bool ZooConfig::*field>
void bool_property(const Setting& setting, ZooConfig& config, Reporter& report) {
    config.*field = read_java_bool(setting, rule, report);
}

template <auto field, int64_t min_value, int64_t max_value>
void number_property(const Setting& setting, ZooConfig& config, Reporter& report) {
    using Field = std::remove_reference_t<decltype(config.*field)>;
    if (const auto value = read_decoded(setting, report, min_value, max_value)) {
        config.*field = static_cast<Field>(*value);
    }
}

template <std::string ZooConfig::*field>
void text_property(const Setting& setting, ZooConfig& config, Reporter&) {
    config.*field = setting.value;
}

void whitelist_property(const Setting& setting, ZooConfig& config, Reporter& report) {
    config.four_letter_whitelist.clear();
    for (std::string_view word : java_split(setting.value, ',')) {
        word = java_trim(word);
        if (word == "*") {
            config.four_letter_whitelist.insert(known_four_letter_words.begin(),
                                                known_four_letter_words.end());
            break;
        }
        if (word.empty()) {
            continue;
        }
        if (std::find(known_four_letter_words.begin(), known_four_letter_words.end(), word) ==
            known_four_letter_words.end()) {
            report.warning(setting, fmt::format("'{}' is not a four-letter word", word));
            continue;
        }
        config.four_letter_whitelist.insert(std::string(word));
    }
}

void snap_count_property(const Setting& setting, ZooConfig& config, Reporter& report) {
    if (const auto value = read_decoded(setting, report, int32_min, int32_max)) {
        config.snap_count = std::max<int64_t>(*value, 2);
        if (*value < 2) {
            report.warning(setting, "ZooKeeper needs at least 2; using 2");
        }
    }
}

void digest_alg_property(const Setting& setting, ZooConfig&, Reporter& report) {
    if (!java_equals_ignore_case(setting.value, "SHA1") &&
        !java_equals_ignore_case(setting.value, "SHA-1")) {
        report.error(setting, "zoonode computes digest ACLs with SHA1 only");
    }
}

void cnx_timeout_property(const Setting& setting, ZooConfig& config, Reporter& report) {
    // QuorumCnxManager uses Integer.parseInt here, not getInteger: no hex, no fallback.
    const ParsedNumber number = parse_java_integer(setting.value, 0, int32_max);
    if (number.status == NumberStatus::ok) {
        config.cnx_timeout_ms = static_cast<int32_t>(number.value);
    } else {
        report.error(setting, "must be a number of milliseconds, 0 or more");
    }
}

void bind_retry_property(const Setting& setting, ZooConfig& config, Reporter& report) {
    if (const auto value = read_decoded(setting, report, int32_min, int32_max)) {
        if (*value < 0) {
            report.warning(setting, "ZooKeeper uses 3 instead of a negative count");
            return;
        }
        config.election_port_bind_retry = static_cast<int32_t>(*value);
    }
}

void jute_extra_property(const Setting& setting, ZooConfig& config, Reporter& report) {
    if (const auto value = read_decoded(setting, report, int32_min, int32_max)) {
        config.jute_max_buffer_extra_bytes = static_cast<int32_t>(std::max<int64_t>(*value, 1024));
        if (*value < 1024) {
            report.warning(setting, "ZooKeeper raises it to 1024");
        }
    }
}

/// A property ZooKeeper reads, and how it reads it.
struct Rule {
    std::string_view property;
    std::string_view fallback; // an older name read when `property` is absent
    void (*apply)(const Setting&, ZooConfig&, Reporter&);
};

using enum JavaBool;
using C = ZooConfig;

const Rule rules[] = {
    {"zookeeper.4lw.commands.whitelist", {}, whitelist_property},
    {"zookeeper.admin.enableServer", {}, bool_property<unless_false, &C::admin_enable_server>},
    {"zookeeper.admin.serverAddress", {}, text_property<&C::admin_server_address>},
    {"zookeeper.admin.serverPort", {}, number_property<&C::admin_server_port, 0, 65535>},
    {"zookeeper.admin.idleTimeout",
     {},
     number_property<&C::admin_idle_timeout_ms, int32_min, int32_max>},
    {"zookeeper.admin.commandURL", {}, text_property<&C::admin_command_url>},
    {"zookeeper.fastleader.finalizeWait", {}, number_property<&C::fle_finalize_wait_ms, 0, 60000>},
    {"zookeeper.fastleader.minNotificationInterval",
     {},
     number_property<&C::fle_min_notification_interval_ms, 1, int32_max>},
    {"zookeeper.fastleader.maxNotificationInterval",
     {},
     number_property<&C::fle_max_notification_interval_ms, 1, int32_max>},
    {"zookeeper.extendedTypesEnabled",
     {},
     bool_property<true_ignoring_case, &C::extended_types_enabled>},
    {"zookeeper.emulate353TTLNodes",
     {},
     bool_property<true_ignoring_case, &C::emulate_353_ttl_nodes>},
    {"zookeeper.snapCount", {}, snap_count_property},
    {"zookeeper.globalOutstandingLimit",
     {},
     number_property<&C::global_outstanding_limit, int32_min, int32_max>},
    {"zookeeper.maxCnxns", {}, number_property<&C::max_cnxns, int32_min, int32_max>},
    {"zookeeper.skipACL", {}, bool_property<yes_only, &C::skip_acl>},
    {"zookeeper.enforceQuota", {}, bool_property<true_ignoring_case, &C::enforce_quota>},
    {"zookeeper.digest.enabled", {}, bool_property<true_ignoring_case, &C::digest_enabled>},
    {"zookeeper.DigestAuthenticationProvider.enabled",
     {},
     bool_property<true_ignoring_case, &C::digest_auth_enabled>},
    {"zookeeper.DigestAuthenticationProvider.superDigest", {}, text_property<&C::super_digest>},
    {"zookeeper.DigestAuthenticationProvider.digestAlg", {}, digest_alg_property},
    {"zookeeper.forceSync", {}, bool_property<unless_no, &C::force_sync>},
    {"zookeeper.fsync.warningthresholdms", "fsync.warningthresholdms",
     number_property<&C::fsync_warning_threshold_ms, int64_min, int64_max>},
    {"zookeeper.leaderServes", {}, bool_property<unless_no, &C::leader_serves>},
    {"zookeeper.cnxTimeout", {}, cnx_timeout_property},
    {"zookeeper.electionPortBindRetry", {}, bind_retry_property},
    {"zookeeper.tcpKeepAlive", {}, bool_property<true_ignoring_case, &C::tcp_keep_alive>},
    {"zookeeper.clientTcpKeepAlive",
     {},
     bool_property<true_ignoring_case, &C::client_tcp_keep_alive>},
    {"zookeeper.datadir.autocreate",
     {},
     bool_property<true_ignoring_case, &C::data_dir_autocreate>},
    {"zookeeper.observer.syncEnabled", {}, bool_property<true_ignoring_case, &C::sync_enabled>},
    {"jute.maxbuffer", {}, number_property<&C::jute_max_buffer_bytes, 1, int32_max>},
    {"zookeeper.jute.maxbuffer.extrasize", {}, jute_extra_property},
    {"readonlymode.enabled", {}, bool_property<true_ignoring_case, &C::read_only_mode_enabled>},
    {"znode.container.checkIntervalMs",
     {},
     number_property<&C::container_check_interval_ms, 1, int32_max>},
    {"znode.container.maxPerMinute",
     {},
     number_property<&C::container_max_per_minute, 1, int32_max>},
    {"znode.container.maxNeverUsedIntervalMs",
     {},
     number_property<&C::container_max_never_used_interval_ms, int64_min, int64_max>},
};

const Rule* find_rule(std::string_view property) {
    const auto* it = std::find_if(std::begin(rules), std::end(rules),
                                  [&](const Rule& rule) { return rule.property == property; });
    return it == std::end(rules) ? nullptr : it;
}

/// A property nothing consumed: explain why it has no effect.
void report_leftover(const std::string& property, const Setting& setting, Reporter& report) {
    const UnsupportedSetting* unsupported = find_unsupported(property);
    if (setting.file.empty()) {
        // Most -D flags (logging, JMX, ...) are none of ZooKeeper's business: stay quiet.
        if (unsupported != nullptr) {
            report_unsupported(setting, *unsupported, report);
        }
        return;
    }
    if (!setting.key.starts_with("zookeeper.") && find_rule(setting.key) != nullptr) {
        report.ignored(setting, fmt::format("ZooKeeper reads it only as the JVM property "
                                            "-D{} (SERVER_JVMFLAGS), never from zoo.cfg",
                                            setting.key));
    } else if (setting.key.starts_with("zookeeper.") &&
               (find_rule(setting.key) != nullptr || find_unsupported(setting.key) != nullptr)) {
        report.ignored(setting, fmt::format("ZooKeeper prefixes zoo.cfg keys with 'zookeeper.', "
                                            "so this sets zookeeper.{}; write {} instead",
                                            setting.key, setting.key.substr(10)));
    } else if (unsupported != nullptr) {
        report_unsupported(setting, *unsupported, report);
    } else {
        report.ignored(setting, fmt::format("it is not a ZooKeeper 3.8 setting; ZooKeeper would "
                                            "silently turn it into the JVM property {}",
                                            property));
    }
}

} // namespace

void apply_multi_address_properties(ConfigDraft& draft) {
    // QuorumPeerConfig's field initialisers read these before any zoo.cfg key.
    const auto& properties = draft.system_properties;
    ZooConfig& config = draft.config;
    if (const auto it = properties.find("zookeeper.multiAddress.enabled"); it != properties.end()) {
        config.multi_address_enabled = java_equals_ignore_case(it->second, "true");
    }
    if (const auto it = properties.find("zookeeper.multiAddress.reachabilityCheckEnabled");
        it != properties.end()) {
        config.multi_address_reachability_check_enabled =
            java_equals_ignore_case(it->second, "true");
    }
    if (const auto it = properties.find("zookeeper.multiAddress.reachabilityCheckTimeoutMs");
        it != properties.end()) {
        const ParsedNumber number = parse_java_integer(it->second, int32_min, int32_max);
        if (number.status == NumberStatus::ok) {
            config.multi_address_reachability_check_timeout_ms = static_cast<int32_t>(number.value);
        } else {
            draft.report.error(Setting{it->first, it->second, it->second, {}, 0}, "not a number");
        }
    }
}

void apply_jvm_properties(ConfigDraft& draft) {
    std::map<std::string, Setting> properties;
    for (const auto& [name, value] : draft.system_properties) {
        properties.insert_or_assign(name, Setting{name, value, value, {}, 0});
    }
    for (const Setting& setting : draft.jvm_keys) {
        properties.insert_or_assign("zookeeper." + setting.key, setting);
    }
    std::set<std::string> consumed{"zookeeper.multiAddress.enabled",
                                   "zookeeper.multiAddress.reachabilityCheckEnabled",
                                   "zookeeper.multiAddress.reachabilityCheckTimeoutMs"};
    for (const Rule& rule : rules) {
        auto it = properties.find(std::string(rule.property));
        if (it == properties.end() && !rule.fallback.empty()) {
            it = properties.find(std::string(rule.fallback));
        }
        if (it != properties.end()) {
            rule.apply(it->second, draft.config, draft.report);
            consumed.insert(it->first);
        }
    }
    ZooConfig& config = draft.config;
    // FourLetterCommands enables srvr whatever the list says (zkServer.sh status needs it), and
    // isro in read-only mode, which it detects with an exact, case-sensitive "true".
    config.four_letter_whitelist.insert("srvr");
    if (const auto it = properties.find("readonlymode.enabled");
        it != properties.end() && it->second.value == "true") {
        config.four_letter_whitelist.insert("isro");
    }
    if (!consumed.contains("zookeeper.jute.maxbuffer.extrasize")) {
        config.jute_max_buffer_extra_bytes = std::max(config.jute_max_buffer_bytes, 1024);
    }
    for (const auto& [name, setting] : properties) {
        if (!consumed.contains(name)) {
            report_leftover(name, setting, draft.report);
        }
    }
}

} // namespace zs::ensemble::detail
