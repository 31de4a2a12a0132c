// zoo.cfg keys QuorumPeerConfig reads: defaults, ZooKeeper's sample, invalid values, and the
// keys zoonode does not implement.
#include "config_test_util.h"
#include "ensemble/zoo_config.h"
#include "ensemble_tests.h"

#include <QFile>
#include <QTest>
#include <filesystem>

using namespace zs::ensemble;
using namespace ensemble_test;

namespace {

// /etc/zookeeper/conf/zoo.cfg as Debian's zookeeper 3.8 package installs it.
constexpr const char* zookeeper_sample_cfg = R"(# The number of milliseconds of each tick
tickTime=2000
# The number of ticks that the initial 
# synchronization phase can take
initLimit=10
# The number of ticks that can pass between 
# sending a request and getting an acknowledgement
syncLimit=5
# the directory where the snapshot is stored.
# do not use /tmp for storage, /tmp here is just 
# example sakes.
dataDir=/tmp/zookeeper
# the port at which the clients will connect
clientPort=2181
# the maximum number of client connections.
# increase this if you need to handle more clients
#maxClientCnxns=60
#
# Be sure to read the maintenance section of the 
# administrator guide before turning on autopurge.
#
# https://zookeeper.apache.org/doc/current/zookeeperAdmin.html#sc_maintenance
#
# The number of snapshots to retain in dataDir
#autopurge.snapRetainCount=3
# Purge task interval in hours
# Set to "0" to disable auto purge feature
#autopurge.purgeInterval=1

## Metrics Providers
#
# https://prometheus.io Metrics Exporter
#metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider
#metricsProvider.httpHost=0.0.0.0
#metricsProvider.httpPort=7000
#metricsProvider.exportJvmInfo=true

)";

void check_sample(const ConfigResult& result) {
    QVERIFY2(result.config, qPrintable(joined(result.errors)));
    const ZooConfig& config = *result.config;
    QCOMPARE(config.tick_time_ms, 2000);
    QCOMPARE(config.init_limit, 10);
    QCOMPARE(config.sync_limit, 5);
    QCOMPARE(config.data_dir, std::filesystem::path("/tmp/zookeeper"));
    QCOMPARE(config.data_log_dir, std::filesystem::path("/tmp/zookeeper"));
    QCOMPARE(config.client_port, std::optional<uint16_t>(2181));
    QCOMPARE(config.client_port_address, std::string("0.0.0.0"));
    QCOMPARE(config.max_client_cnxns, 60);
    QCOMPARE(config.min_session_timeout_ms, 4000);
    QCOMPARE(config.max_session_timeout_ms, 40000);
    QCOMPARE(config.snap_retain_count, 3);
    QCOMPARE(config.purge_interval_hours, 0);
    QVERIFY(config.is_standalone());
    QVERIFY(config.servers.empty());
}

} // namespace

class ZooConfigTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

  private slots:
    void zookeeper_sample() {
        const ConfigResult result = parse(zookeeper_sample_cfg);
        check_sample(result);
        QVERIFY2(result.warnings.empty(), qPrintable(joined(result.warnings)));
    }

    void installed_sample_file() {
        const QString path = QStringLiteral("/etc/zookeeper/conf/zoo.cfg");
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            QSKIP("ZooKeeper's sample zoo.cfg is not installed");
        }
        const ConfigResult result = load_zoo_config(path.toStdString());
        QVERIFY2(result.errors.empty(), qPrintable(joined(result.errors)));
        if (file.readAll() == QByteArray(zookeeper_sample_cfg)) {
            check_sample(result);
        }
    }

    void missing_file_is_an_error() {
        const ConfigResult result = load_zoo_config(dir_.filePath("absent.cfg").toStdString());
        QVERIFY(!result.config);
        QCOMPARE(result.errors.size(), std::size_t{1});
        QVERIFY(result.errors[0].text.starts_with(dir_.filePath("absent.cfg").toStdString() +
                                                  ": cannot be read: "));
    }

    void defaults() {
        const ConfigResult result = parse(in_dir("dataDir=@DIR@\nclientPort=2181\n", dir_));
        QVERIFY2(result.config, qPrintable(joined(result.errors)));
        QVERIFY2(result.warnings.empty(), qPrintable(joined(result.warnings)));
        const ZooConfig& c = *result.config;
        QCOMPARE(c.tick_time_ms, 3000);
        QCOMPARE(c.min_session_timeout_ms, 6000);
        QCOMPARE(c.max_session_timeout_ms, 60000);
        QCOMPARE(c.max_client_cnxns, 60);
        QCOMPARE(c.client_port_listen_backlog, -1);
        QCOMPARE(c.election_alg, 3);
        QVERIFY(c.standalone_enabled);
        QVERIFY(!c.reconfig_enabled);
        QVERIFY(c.sync_enabled);
        QVERIFY(!c.local_sessions_enabled);
        QCOMPARE(c.peer_type, PeerType::participant);
        QCOMPARE(c.four_letter_whitelist, (std::set<std::string>{"srvr"}));
        QVERIFY(c.admin_enable_server);
        QCOMPARE(c.admin_server_port, uint16_t{8080});
        QCOMPARE(c.admin_server_address, std::string("0.0.0.0"));
        QCOMPARE(c.admin_command_url, std::string("/commands"));
        QCOMPARE(c.snap_count, int64_t{100000});
        QCOMPARE(c.global_outstanding_limit, 1000);
        QCOMPARE(c.max_cnxns, 0);
        QVERIFY(!c.skip_acl);
        QVERIFY(c.digest_enabled);
        QVERIFY(c.force_sync);
        QCOMPARE(c.jute_max_buffer_bytes, 0xfffff);
        QCOMPARE(c.jute_max_buffer_extra_bytes, 0xfffff);
        QCOMPARE(c.container_check_interval_ms, int64_t{60000});
        QCOMPARE(c.container_max_per_minute, 10000);
        QVERIFY(!c.my_id);
        QVERIFY(c.super_digest.empty());
    }

    void session_timeouts_data() {
        QTest::addColumn<QString>("lines");
        QTest::addColumn<int>("min_ms");
        QTest::addColumn<int>("max_ms");
        QTest::newRow("code default tick") << "" << 6000 << 60000;
        QTest::newRow("tick 2000") << "tickTime=2000" << 4000 << 40000;
        QTest::newRow("-1 means derived")
            << "tickTime=2000\nminSessionTimeout=-1\nmaxSessionTimeout=-1" << 4000 << 40000;
        QTest::newRow("explicit min") << "tickTime=2000\nminSessionTimeout=1000" << 1000 << 40000;
        QTest::newRow("explicit max")
            << "tickTime=2000\nmaxSessionTimeout=100000" << 4000 << 100000;
        QTest::newRow("min equals max")
            << "tickTime=100\nminSessionTimeout=5000\nmaxSessionTimeout=5000" << 5000 << 5000;
        QTest::newRow("order does not matter")
            << "maxSessionTimeout=-1\ntickTime=500" << 1000 << 10000;
    }

    void session_timeouts() {
        QFETCH(QString, lines);
        QFETCH(int, min_ms);
        QFETCH(int, max_ms);
        const ConfigResult result = parse(in_dir("dataDir=@DIR@\n", dir_) + lines.toStdString());
        QVERIFY2(result.config, qPrintable(joined(result.errors)));
        QCOMPARE(result.config->min_session_timeout_ms, min_ms);
        QCOMPARE(result.config->max_session_timeout_ms, max_ms);
    }

    void invalid_value_data() {
        QTest::addColumn<QString>("lines"); // after "dataDir=..." on line 1
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("what");

        QTest::newRow("tickTime 0")
            << "tickTime=0"
            << "tickTime" << 2 << "must be a positive number of milliseconds (got '0')";
        QTest::newRow("tickTime negative") << "tickTime=-5"
                                           << "tickTime" << 2 << "positive";
        QTest::newRow("tickTime text") << "tickTime=2s"
                                       << "tickTime" << 2 << "not a number (got '2s')";
        QTest::newRow("tickTime too big") << "tickTime=3000000000"
                                          << "tickTime" << 2 << "must be between";
        QTest::newRow("clientPort too big")
            << "clientPort=70000"
            << "clientPort" << 2 << "must be between 0 and 65535 (got '70000')";
        QTest::newRow("clientPort negative") << "clientPort=-1"
                                             << "clientPort" << 2 << "must be between 0 and 65535";
        QTest::newRow("maxClientCnxns text") << "maxClientCnxns=many"
                                             << "maxClientCnxns" << 2 << "not a number";
        QTest::newRow("min above max")
            << "minSessionTimeout=10000\nmaxSessionTimeout=5000"
            << "minSessionTimeout" << 2
            << "minSessionTimeout (10000 ms) must not be larger than maxSessionTimeout (5000 ms)";
        QTest::newRow("max below derived min")
            << "tickTime=2000\nmaxSessionTimeout=3000"
            << "maxSessionTimeout" << 3
            << "(4000 ms) must not be larger than maxSessionTimeout (3000 ms)";
        QTest::newRow("negative timeout") << "minSessionTimeout=-5"
                                          << "minSessionTimeout" << 2 << "must be -1";
        QTest::newRow("initLimit negative") << "initLimit=-1"
                                            << "initLimit" << 2 << "must be between 0 and";
        QTest::newRow("electionAlg 1") << "electionAlg=1"
                                       << "electionAlg" << 2 << "only 3";
        QTest::newRow("peerType") << "peerType=leader"
                                  << "peerType" << 2
                                  << "must be participant or observer (got 'leader')";
        QTest::newRow("boolean") << "syncEnabled=yes"
                                 << "syncEnabled" << 2 << "must be true or false (got 'yes')";
        QTest::newRow("standaloneEnabled") << "standaloneEnabled=1"
                                           << "standaloneEnabled" << 2 << "must be true or false";
        QTest::newRow("purge interval") << "autopurge.purgeInterval=1h"
                                        << "autopurge.purgeInterval" << 2 << "not a number";
        QTest::newRow("address without port")
            << "clientPortAddress=127.0.0.1"
            << "clientPortAddress" << 2 << "is set but clientPort is not";
        QTest::newRow("secure address without port")
            << "secureClientPortAddress=127.0.0.1"
            << "secureClientPortAddress" << 2 << "is set but secureClientPort is not";
        QTest::newRow("empty dataLogDir") << "dataLogDir="
                                          << "dataLogDir" << 2 << "must name a directory";
        QTest::newRow("malformed escape") << "bad=\\u12"
                                          << "bad" << 2 << "malformed \\uXXXX";
        QTest::newRow("sslQuorum on") << "sslQuorum=true"
                                      << "sslQuorum" << 2 << "zoonode cannot provide this";
        QTest::newRow("sslQuorum not boolean") << "sslQuorum=on"
                                               << "sslQuorum" << 2 << "must be true or false";
        QTest::newRow("quorum SASL requirement without SASL")
            << "quorum.auth.serverRequireSasl=true"
            << "quorum.auth.serverRequireSasl" << 2 << "needs quorum.auth.enableSasl=true";
        QTest::newRow("typed unsupported key") << "quorum.cnxn.threads.size=many"
                                               << "quorum.cnxn.threads.size" << 2 << "not a number";
        QTest::newRow("snapCount") << "snapCount=lots"
                                   << "snapCount" << 2 << "not a number";
        QTest::newRow("admin port") << "admin.serverPort=99999"
                                    << "admin.serverPort" << 2 << "must be between 0 and 65535";
        QTest::newRow("digest algorithm")
            << "DigestAuthenticationProvider.digestAlg=SHA-256"
            << "DigestAuthenticationProvider.digestAlg" << 2 << "SHA1 only";
        QTest::newRow("enforced auth")
            << "enforce.auth.enabled=true"
            << "enforce.auth.enabled" << 2 << "zoonode cannot provide this";
        QTest::newRow("cnxTimeout") << "cnxTimeout=-1"
                                    << "cnxTimeout" << 2 << "must be a number of milliseconds";
        QTest::newRow("dynamic file missing") << "dynamicConfigFile=/nonexistent/zoo.cfg.dynamic"
                                              << "dynamicConfigFile" << 2 << "cannot be read";
        QTest::newRow("servers with dynamic file")
            << "dynamicConfigFile=/nonexistent\nserver.1=a:1:2"
            << "server.1" << 3 << "must be in the dynamic config file";
    }

    void invalid_value() {
        QFETCH(QString, lines);
        QFETCH(QString, key);
        QFETCH(int, line);
        QFETCH(QString, what);
        const ConfigResult result = parse(in_dir("dataDir=@DIR@\n", dir_) + lines.toStdString());
        QVERIFY(!result.config);
        const std::string prefix =
            "zoo.cfg:" + std::to_string(line) + ": " + key.toStdString() + ": ";
        const auto match =
            std::find_if(result.errors.begin(), result.errors.end(), [&](const ConfigMessage& m) {
                return m.key == key.toStdString() && m.line == line && m.text.starts_with(prefix) &&
                       m.text.find(what.toStdString()) != std::string::npos;
            });
        QVERIFY2(match != result.errors.end(), qPrintable(joined(result.errors)));
    }

    void errors_are_all_collected() {
        const ConfigResult result = parse("tickTime=x\nclientPort=y\nelectionAlg=2\n");
        QVERIFY(!result.config);
        QVERIFY2(result.errors.size() == 4, qPrintable(joined(result.errors)));
        QVERIFY(has_message(result.errors, "zoo.cfg: dataDir: is not set"));
    }

    void unsupported_key_data() {
        QTest::addColumn<QString>("setting");
        QTest::newRow("storage") << "preAllocSize=65536";
        QTest::newRow("secure client port") << "secureClientPort=2281";
        QTest::newRow("port unification") << "portUnification=true";
        QTest::newRow("netty") << "serverCnxnFactory=org.apache.zookeeper.server."
                                  "NettyServerCnxnFactory";
        QTest::newRow("tls") << "ssl.keyStore.location=/etc/zk/keystore.jks";
        QTest::newRow("quorum tls") << "ssl.quorum.trustStore.location=/etc/zk/trust.jks";
        QTest::newRow("sasl provider")
            << "authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider";
        QTest::newRow("prometheus")
            << "metricsProvider.className=org.apache.zookeeper.metrics.prometheus."
               "PrometheusMetricsProvider";
        QTest::newRow("metrics option") << "metricsProvider.httpPort=7000";
        QTest::newRow("quorum sasl") << "quorum.auth.enableSasl=true";
        QTest::newRow("jvm pause") << "jvm.pause.monitor=true";
        QTest::newRow("observer master") << "observerMasterPort=2191";
        QTest::newRow("response cache") << "maxResponseCacheSize=400";
        QTest::newRow("watch manager") << "watchManagerName=WatchManagerOptimized";
        QTest::newRow("throttle") << "connection_throttle_tokens=100";
        QTest::newRow("throttle, documented name") << "connectionMaxTokens=100";
        QTest::newRow("audit") << "audit.enable=true";
        QTest::newRow("kerberos") << "kerberos.removeHostFromPrincipal=true";
        QTest::newRow("oracle") << "oraclePath=/etc/zk/oracle";
        QTest::newRow("learner") << "learner.asyncSending=true";
        QTest::newRow("snapshot compression") << "snapshot.compression.method=gz";
        QTest::newRow("close session txn") << "closeSessionTxn.enabled=false";
        QTest::newRow("admin port unification") << "admin.portUnification=true";
        QTest::newRow("sasl super user") << "superUser.1=admin";
        QTest::newRow("netty flow control") << "netty.advancedFlowControl.enabled=true";
    }

    void unsupported_key() {
        QFETCH(QString, setting);
        const ConfigResult result =
            parse(in_dir("dataDir=@DIR@\n", dir_) + setting.toStdString() + "\nclientPort=2181\n");
        QVERIFY2(result.config, qPrintable(joined(result.errors)));
        const std::string key = setting.section(QLatin1Char('='), 0, 0).toStdString();
        const std::string expected = key + " (line 2) is not supported by zoonode and is ignored: ";
        QVERIFY2(has_message(result.warnings, expected), qPrintable(joined(result.warnings)));
        QCOMPARE(result.warnings.size(), std::size_t{1});
        QCOMPARE(result.warnings[0].key, key);
        QCOMPARE(result.warnings[0].line, 2);
    }

    void switched_off_features_pass_silently() {
        const ConfigResult result = parse(in_dir("dataDir=@DIR@\nclientPort=2181\nsslQuorum=false\n"
                                                 "portUnification=false\nsecureClientPort=0\n",
                                                 dir_));
        QVERIFY2(result.config, qPrintable(joined(result.errors)));
        QVERIFY2(result.warnings.empty(), qPrintable(joined(result.warnings)));
    }

    void unknown_key_names_the_jvm_property() {
        const ConfigResult result =
            parse(in_dir("dataDir=@DIR@\nclientPort=2181\nfooBar=1\n", dir_));
        QVERIFY(result.config);
        QVERIFY2(has_message(result.warnings,
                             "fooBar (line 3) is ignored: it is not a ZooKeeper 3.8 setting; "
                             "ZooKeeper would silently turn it into the JVM property "
                             "zookeeper.fooBar"),
                 qPrintable(joined(result.warnings)));
    }

    void jvm_only_property_in_zoo_cfg_is_ignored() {
        const ConfigResult result =
            parse(in_dir("dataDir=@DIR@\nclientPort=2181\njute.maxbuffer=4194304\n", dir_));
        QVERIFY(result.config);
        QCOMPARE(result.config->jute_max_buffer_bytes, 0xfffff);
        QVERIFY2(has_message(result.warnings, "jute.maxbuffer (line 3) is ignored: ZooKeeper reads "
                                              "it only as the JVM property -Djute.maxbuffer"),
                 qPrintable(joined(result.warnings)));
    }

    void prefixed_key_in_zoo_cfg_is_ignored() {
        const ConfigResult result =
            parse(in_dir("dataDir=@DIR@\nclientPort=2181\nzookeeper.snapCount=5000\n", dir_));
        QVERIFY(result.config);
        QCOMPARE(result.config->snap_count, int64_t{100000});
        QVERIFY2(has_message(result.warnings, "write snapCount instead"),
                 qPrintable(joined(result.warnings)));
    }

    void honoured_jvm_keys_data() {
        QTest::addColumn<QString>("setting");
        QTest::addColumn<QString>("warning"); // empty: none expected
        QTest::newRow("skipACL yes") << "skipACL=yes"
                                     << "";
        QTest::newRow("skipACL true is not yes") << "skipACL=true"
                                                 << "only with 'yes'";
        QTest::newRow("forceSync no") << "forceSync=no"
                                      << "";
        QTest::newRow("admin off") << "admin.enableServer=false"
                                   << "";
        QTest::newRow("admin FALSE is not false") << "admin.enableServer=FALSE"
                                                  << "only with 'false'";
        QTest::newRow("digest off") << "digest.enabled=false"
                                    << "";
        QTest::newRow("extended types") << "extendedTypesEnabled=true"
                                        << "";
        QTest::newRow("extended types yes") << "extendedTypesEnabled=yes"
                                            << "anything but 'true' as false";
        QTest::newRow("snapCount below 2") << "snapCount=1"
                                           << "needs at least 2; using 2";
        QTest::newRow("whitelist") << "4lw.commands.whitelist=stat, ruok, conf, isro"
                                   << "";
        QTest::newRow("whitelist unknown word") << "4lw.commands.whitelist=stat,nope"
                                                << "'nope' is not a four-letter word";
        QTest::newRow("snapRetainCount below 3") << "autopurge.snapRetainCount=1"
                                                 << "keeps at least 3 snapshots; using 3";
    }

    void honoured_jvm_keys() {
        QFETCH(QString, setting);
        QFETCH(QString, warning);
        const ConfigResult result =
            parse(in_dir("dataDir=@DIR@\nclientPort=2181\n", dir_) + setting.toStdString());
        QVERIFY2(result.config, qPrintable(joined(result.errors)));
        if (warning.isEmpty()) {
            QVERIFY2(result.warnings.empty(), qPrintable(joined(result.warnings)));
        } else {
            QVERIFY2(result.warnings.size() == 1 &&
                         result.warnings[0].text.starts_with("zoo.cfg:3: ") &&
                         has_message(result.warnings, warning.toStdString()),
                     qPrintable(joined(result.warnings)));
        }
        const ZooConfig& c = *result.config;
        const std::string key = setting.section(QLatin1Char('='), 0, 0).toStdString();
        if (key == "skipACL") {
            QCOMPARE(c.skip_acl, setting.endsWith(QLatin1String("yes")));
        } else if (key == "forceSync") {
            QVERIFY(!c.force_sync);
        } else if (key == "admin.enableServer") {
            QCOMPARE(c.admin_enable_server, !setting.endsWith(QLatin1String("=false")));
        } else if (key == "digest.enabled") {
            QVERIFY(!c.digest_enabled);
        } else if (key == "extendedTypesEnabled") {
            QCOMPARE(c.extended_types_enabled, setting.endsWith(QLatin1String("true")));
        } else if (key == "snapCount") {
            QCOMPARE(c.snap_count, int64_t{2});
        } else if (key == "autopurge.snapRetainCount") {
            QCOMPARE(c.snap_retain_count, 3);
        } else if (warning.isEmpty()) {
            QCOMPARE(c.four_letter_whitelist,
                     (std::set<std::string>{"conf", "isro", "ruok", "srvr", "stat"}));
        } else {
            QCOMPARE(c.four_letter_whitelist, (std::set<std::string>{"srvr", "stat"}));
        }
    }

    void whitelist_star_enables_every_word() {
        const ConfigResult result =
            parse(in_dir("dataDir=@DIR@\nclientPort=2181\n4lw.commands.whitelist=*\n", dir_));
        QVERIFY(result.config);
        QCOMPARE(result.config->four_letter_whitelist.size(), known_four_letter_words.size());
        QVERIFY(result.config->four_letter_whitelist.contains("mntr"));
    }

    void relative_data_dir_resolves_against_cwd() {
        const ConfigResult result = parse("dataDir=data/zk/\nclientPort=2181\n");
        QVERIFY2(result.config, qPrintable(joined(result.errors)));
        QCOMPARE(result.config->data_dir, std::filesystem::current_path() / "data/zk");
        QVERIFY2(has_message(result.warnings, "zoo.cfg:1: dataDir: is relative, so it is resolved "
                                              "against the current directory"),
                 qPrintable(joined(result.warnings)));
        const ConfigResult dotted = parse("dataDir=./data\ndataLogDir=/var/zk/log\nclientPort=1\n");
        QVERIFY(dotted.config);
        QVERIFY2(dotted.warnings.empty(), qPrintable(joined(dotted.warnings)));
        QCOMPARE(dotted.config->data_dir, std::filesystem::current_path() / "data");
        QCOMPARE(dotted.config->data_log_dir, std::filesystem::path("/var/zk/log"));
    }

    void duplicate_key_uses_last_value() {
        const ConfigResult result =
            parse(in_dir("dataDir=@DIR@\ntickTime=1000\nclientPort=2181\ntickTime=2000\n", dir_));
        QVERIFY(result.config);
        QCOMPARE(result.config->tick_time_ms, 2000);
        QVERIFY2(has_message(result.warnings, "zoo.cfg:4: tickTime: also set on line 2; "
                                              "ZooKeeper uses this last one (got '2000')"),
                 qPrintable(joined(result.warnings)));
    }

    void messages_follow_the_file() {
        const ConfigResult result = parse(in_dir("dataDir=@DIR@\nclientPort=2181\nzzz=1\n"
                                                 "preAllocSize=1\naaa=2\njute.maxbuffer=1\n",
                                                 dir_),
                                          {{"zookeeper.ssl.protocol", "TLSv1.3"}});
        QVERIFY(result.config);
        std::vector<int> lines;
        for (const ConfigMessage& warning : result.warnings) {
            lines.push_back(warning.line);
        }
        QCOMPARE(lines, (std::vector<int>{3, 4, 5, 6, 0}));
    }

    void client_port_address() {
        const ConfigResult result =
            parse(in_dir("dataDir=@DIR@\nclientPort=2181\nclientPortAddress=[::1]\n", dir_));
        QVERIFY2(result.config, qPrintable(joined(result.errors)));
        QCOMPARE(result.config->client_port_address, std::string("::1"));
        const ConfigResult no_port = parse(in_dir("dataDir=@DIR@\n", dir_));
        QVERIFY(no_port.config);
        QVERIFY(!no_port.config->client_port);
        QVERIFY(has_message(no_port.warnings, "no client can connect"));
    }
};

int run_zoo_config_tests(int argc, char** argv) {
    ZooConfigTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_zoo_config.moc"
