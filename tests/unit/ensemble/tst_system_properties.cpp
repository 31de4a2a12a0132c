// -D flags: how SERVER_JVMFLAGS / JVMFLAGS split into properties, and what each property does.
#include "config_test_util.h"
#include "ensemble/zoo_config.h"
#include "ensemble_tests.h"

#include <QTest>

using namespace zs::ensemble;
using namespace ensemble_test;

namespace {

QString render(const std::map<std::string, std::string>& properties) {
    QStringList entries;
    for (const auto& [name, value] : properties) {
        entries << QString::fromStdString(name + "=" + value);
    }
    return entries.join(QLatin1Char(';'));
}

} // namespace

class SystemPropertiesTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

  private slots:
    void from_env_data() {
        QTest::addColumn<QByteArray>("server_jvmflags");
        QTest::addColumn<QByteArray>("jvmflags");
        QTest::addColumn<QString>("expected");
        // A null QByteArray stands for an unset variable.
        QTest::newRow("unset") << QByteArray() << QByteArray() << "";
        QTest::newRow("blank") << QByteArray(" \t\n ") << QByteArray("") << "";
        QTest::newRow("one flag") << QByteArray("-Dzookeeper.snapCount=5") << QByteArray()
                                  << "zookeeper.snapCount=5";
        QTest::newRow("other JVM options skipped")
            << QByteArray("-Xmx1g -Dfoo=bar -cp /x -XX:+UseG1GC") << QByteArray() << "foo=bar";
        QTest::newRow("JVMFLAGS come last and win")
            << QByteArray("-Da=1 -Db=2") << QByteArray("-Da=3") << "a=3;b=2";
        QTest::newRow("double quotes")
            << QByteArray("-Dzookeeper.4lw.commands.whitelist=\"stat, ruok\"") << QByteArray()
            << "zookeeper.4lw.commands.whitelist=stat, ruok";
        QTest::newRow("quoted whole word, '=' in value")
            << QByteArray(
                   "'-Dzookeeper.DigestAuthenticationProvider.superDigest=super:D/In=' -Dx=1")
            << QByteArray() << "x=1;zookeeper.DigestAuthenticationProvider.superDigest=super:D/In=";
        QTest::newRow("escapes") << QByteArray("-Dp=/a\\ b -Dq=\"say \\\"hi\\\" \\n\"")
                                 << QByteArray() << "p=/a b;q=say \"hi\" \\n";
        QTest::newRow("adjacent quotes join")
            << QByteArray("-Dq='it'\"'\"'s'") << QByteArray() << "q=it's";
        QTest::newRow("flag without value")
            << QByteArray("-Dreadonlymode.enabled") << QByteArray() << "readonlymode.enabled=";
        QTest::newRow("empty names ignored") << QByteArray("-D -D=1 -Dx=") << QByteArray() << "x=";
    }

    void from_env() {
        QFETCH(QByteArray, server_jvmflags);
        QFETCH(QByteArray, jvmflags);
        QFETCH(QString, expected);
        const auto properties = system_properties_from_env(
            server_jvmflags.isNull() ? nullptr : server_jvmflags.constData(),
            jvmflags.isNull() ? nullptr : jvmflags.constData());
        QCOMPARE(render(properties), expected);
    }

    void properties_are_honoured() {
        const std::map<std::string, std::string> properties{
            {"jute.maxbuffer", "0x200000"},
            {"readonlymode.enabled", "true"},
            {"znode.container.checkIntervalMs", "1000"},
            {"znode.container.maxPerMinute", "60"},
            {"znode.container.maxNeverUsedIntervalMs", "30000"},
            {"zookeeper.DigestAuthenticationProvider.superDigest", "super:abc="},
            {"zookeeper.skipACL", "yes"},
            {"zookeeper.snapCount", "500"},
            {"zookeeper.admin.serverPort", "9090"},
            {"zookeeper.fsync.warningthresholdms", "50"},
            {"zookeeper.electionPortBindRetry", "0"},
            {"zookeeper.log.dir", "/var/log/zookeeper"},
            {"java.net.preferIPv4Stack", "true"},
        };
        const ConfigResult result =
            parse(in_dir("dataDir=@DIR@\nclientPort=2181\nsnapCount=700\n", dir_), properties);
        QVERIFY2(result.config, qPrintable(joined(result.errors)));
        QVERIFY2(result.warnings.empty(), qPrintable(joined(result.warnings)));
        const ZooConfig& c = *result.config;
        QCOMPARE(c.jute_max_buffer_bytes, 0x200000);
        QCOMPARE(c.jute_max_buffer_extra_bytes, 0x200000);
        QVERIFY(c.read_only_mode_enabled);
        QCOMPARE(c.four_letter_whitelist, (std::set<std::string>{"isro", "srvr"}));
        QCOMPARE(c.container_check_interval_ms, int64_t{1000});
        QCOMPARE(c.container_max_per_minute, 60);
        QCOMPARE(c.container_max_never_used_interval_ms, int64_t{30000});
        QCOMPARE(c.super_digest, std::string("super:abc="));
        QVERIFY(c.skip_acl);
        QCOMPARE(c.snap_count, int64_t{700}); // zoo.cfg's snapCount overrides the -D flag
        QCOMPARE(c.admin_server_port, uint16_t{9090});
        QCOMPARE(c.fsync_warning_threshold_ms, int64_t{50});
        QCOMPARE(c.election_port_bind_retry, 0);
    }

    void bad_property_value_is_an_error() {
        const ConfigResult result =
            parse(in_dir("dataDir=@DIR@\nclientPort=2181\n", dir_),
                  {{"jute.maxbuffer", "big"}, {"znode.container.maxPerMinute", "0"}});
        QVERIFY(!result.config);
        QVERIFY2(has_message(result.errors, "-Djute.maxbuffer: not a number (got 'big')"),
                 qPrintable(joined(result.errors)));
        QVERIFY2(has_message(result.errors, "-Dznode.container.maxPerMinute: must be between 1 "
                                            "and 2147483647 (got '0')"),
                 qPrintable(joined(result.errors)));
        QCOMPARE(result.errors[0].line, 0);
    }

    void unsupported_property_flag_is_reported() {
        const ConfigResult result = parse(
            in_dir("dataDir=@DIR@\nclientPort=2181\n", dir_),
            {{"zookeeper.serverCnxnFactory", "org.apache.zookeeper.server.NettyServerCnxnFactory"},
             {"zookeeper.sessionRequireClientSASLAuth", "true"}});
        QVERIFY(!result.config);
        QVERIFY2(has_message(result.warnings, "-Dzookeeper.serverCnxnFactory is not supported by "
                                              "zoonode and is ignored: "),
                 qPrintable(joined(result.warnings)));
        QVERIFY2(has_message(result.errors, "-Dzookeeper.sessionRequireClientSASLAuth: zoonode "
                                            "cannot provide this"),
                 qPrintable(joined(result.errors)));
    }

    void readonly_mode_needs_exact_true_for_isro() {
        // FourLetterCommands compares with "true" exactly; QuorumPeer ignores case.
        const ConfigResult result = parse(in_dir("dataDir=@DIR@\nclientPort=2181\n", dir_),
                                          {{"readonlymode.enabled", "TRUE"}});
        QVERIFY(result.config);
        QVERIFY(result.config->read_only_mode_enabled);
        QCOMPARE(result.config->four_letter_whitelist, (std::set<std::string>{"srvr"}));
    }

    void jute_extra_size_has_a_floor() {
        const ConfigResult result = parse(in_dir("dataDir=@DIR@\nclientPort=2181\n", dir_),
                                          {{"zookeeper.jute.maxbuffer.extrasize", "10"}});
        QVERIFY(result.config);
        QCOMPARE(result.config->jute_max_buffer_extra_bytes, 1024);
        QVERIFY(has_message(result.warnings, "raises it to 1024"));
    }
};

int run_system_properties_tests(int argc, char** argv) {
    SystemPropertiesTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_system_properties.moc"
