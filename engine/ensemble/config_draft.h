#pragma once

// Internal to zs_ensemble: what the stages of parse_zoo_config share. Each stage mirrors one
// step of ZooKeeper's QuorumPeerConfig and reports into the same Reporter.

#include "ensemble/zoo_config.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zs::ensemble::detail {

/// One setting as ZooKeeper sees it, and where it came from.
struct Setting {
    std::string key;       // the zoo.cfg key as written, or the JVM property of a -D flag
    std::string value;     // trimmed, as QuorumPeerConfig reads it
    std::string raw_value; // untrimmed, as QuorumMaj reads server/group/weight lines
    std::string file;      // empty for a -D flag
    int line = 0;          // 0 for a -D flag
};

/// Collects errors and warnings, phrased the same way everywhere.
class Reporter {
  public:
    explicit Reporter(std::string config_file) : config_file_(std::move(config_file)) {}

    const std::string& config_file() const { return config_file_; }

    /// "<file>:<line>: <key>: <what> (got '<value>')", or "-D<key>: ..." for a -D flag.
    void error(const Setting& setting, std::string_view what);
    void warning(const Setting& setting, std::string_view what);
    /// A message not about one setting's value; `text` names its place itself.
    void error(std::string_view key, std::string text);
    void warning(std::string_view key, std::string text);
    /// "<key> (line N) is not supported by zoonode and is ignored: <why>"
    void unsupported(const Setting& setting, std::string_view why);
    /// "<key> (line N) is ignored: <why>" for settings ZooKeeper itself never reads.
    void ignored(const Setting& setting, std::string_view why);

    bool has_errors() const { return !errors_.empty(); }
    /// The result, messages ordered as a reader meets them: zoo.cfg by line, then other files,
    /// then findings without a line.
    ConfigResult finish(ZooConfig config);

  private:
    /// A message and the place it sorts at.
    struct Finding {
        int rank = 0; // 0: a line of zoo.cfg, 1: a line of another file, 2: no line
        ConfigMessage message;
    };

    Finding finding(const Setting& setting, std::string text) const;
    std::string located(const Setting& setting, std::string_view what) const;
    std::string named(const Setting& setting) const;

    std::string config_file_;
    std::vector<Finding> errors_;
    std::vector<Finding> warnings_;
};

/// The configuration while it is being read.
struct ConfigDraft {
    ConfigDraft(std::string config_file, const std::map<std::string, std::string>& properties)
        : report(std::move(config_file)), system_properties(properties) {}

    ZooConfig config;
    Reporter report;
    const std::map<std::string, std::string>& system_properties;
    std::map<std::string, Setting, std::less<>> core_keys; // keys QuorumPeerConfig reads itself
    std::vector<Setting> quorum_keys;                      // server.N, group*, weight*, version
    std::vector<Setting> jvm_keys; // the rest: ZooKeeper makes them zookeeper.<key> properties

    const Setting* core_key(std::string_view key) const {
        const auto it = core_keys.find(key);
        return it == core_keys.end() ? nullptr : &it->second;
    }
};

/// The whole content of a file, or nullopt with `error` set.
std::optional<std::string> read_text_file(const std::filesystem::path& path, std::string& error);

/// Settings of a properties file: trimmed keys and values, with syntax findings reported.
std::vector<Setting> read_settings(std::string_view text, const std::string& file,
                                   Reporter& report);

/// Stage 1: -Dzookeeper.multiAddress.* seed the defaults zoo.cfg keys may override.
void apply_multi_address_properties(ConfigDraft& draft);

/// Stage 2: keys QuorumPeerConfig.parseProperties handles itself. False if `setting` is not
/// one of them.
bool apply_core_key(const Setting& setting, ConfigDraft& draft);

/// Stage 3: the checks QuorumPeerConfig runs once every key is read.
void finish_core_keys(ConfigDraft& draft);

/// Stage 4: JVM properties, from zoo.cfg keys and -D flags.
void apply_jvm_properties(ConfigDraft& draft);

/// Stage 5: the ensemble (server.N, group.N, weight.N, dynamic file), myid and the checks that
/// join them.
void setup_quorum(ConfigDraft& draft);

/// Why zoonode does not do what a ZooKeeper setting asks.
struct UnsupportedSetting {
    std::string_view why;
    bool refuse_when_true; // turning it on asks for protection zoonode cannot give
};

/// Looks up a JVM property name ("zookeeper.preAllocSize") among the settings ZooKeeper
/// documents that zoonode does not implement.
const UnsupportedSetting* find_unsupported(std::string_view property);

/// Reports a setting zoonode does not implement: a warning, or an error when it asks for a
/// security feature to be on.
void report_unsupported(const Setting& setting, const UnsupportedSetting& entry, Reporter& report);

} // namespace zs::ensemble::detail
