// The ensemble part of zoo.cfg: server.N lines, myid, group/weight, the dynamic file, and the
// standalone/quorum decision. Outcomes were checked against ZooKeeper 3.8's QuorumPeerConfig.
#include "config_test_util.h"
#include "ensemble/zoo_config.h"
#include "ensemble_tests.h"

#include <QFile>
#include <QTest>

using namespace zs::ensemble;
using namespace ensemble_test;

namespace {

QString render(const QuorumServer& server) {
    auto list = [](const std::vector<ServerAddress>& addresses) {
        QStringList parts;
        for (const ServerAddress& a : addresses) {
            parts << QString::fromStdString(a.host) + QLatin1Char(':') + QString::number(a.port);
        }
        return parts.join(QLatin1Char('|'));
    };
    QString text = list(server.quorum_addrs) + QLatin1Char(' ') + list(server.election_addrs);
    text += server.observer ? QLatin1String(" observer") : QLatin1String(" participant");
    if (server.client_addr) {
        text += QLatin1Char(' ') + QString::fromStdString(server.client_addr->host) +
                QLatin1Char(':') + QString::number(server.client_addr->port);
    }
    return text;
}

void write_file(const QString& path, const QByteArray& content) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(content), content.size());
}

constexpr const char* three_servers = "dataDir=@DIR@\n"
                                      "initLimit=10\n"
                                      "syncLimit=5\n"
                                      "server.1=127.0.0.1:2888:3888\n"
                                      "server.2=127.0.0.1:2889:3889;127.0.0.1:2182\n"
                                      "server.3=127.0.0.1:2890:3890\n";

} // namespace

class QuorumConfigTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    ConfigResult parse_with_myid(const std::string& text, const QByteArray& myid,
                                 const std::map<std::string, std::string>& properties = {}) {
        if (myid.isNull()) {
            QFile::remove(dir_.filePath("myid"));
        } else {
            write_file(dir_.filePath("myid"), myid);
        }
        return parse(in_dir(text, dir_), properties);
    }

  private slots:
    void cleanup() { QFile::remove(dir_.filePath("myid")); }

    void server_line_data() {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("multi_address");
        QTest::addColumn<QString>("expected"); // rendered server, or "error: <substring>"
        QTest::newRow("plain") << "zoo1:2888:3888" << false << "zoo1:2888 zoo1:3888 participant";
        QTest::newRow("observer") << "zoo1:2888:3888:observer" << false
                                  << "zoo1:2888 zoo1:3888 observer";
        QTest::newRow("type ignores case")
            << "zoo1:2888:3888:OBSERVER" << false << "zoo1:2888 zoo1:3888 observer";
        QTest::newRow("client port only") << "zoo1:2888:3888:participant;2181" << false
                                          << "zoo1:2888 zoo1:3888 participant 0.0.0.0:2181";
        QTest::newRow("client host and port") << "zoo1:2888:3888;127.0.0.1:2181" << false
                                              << "zoo1:2888 zoo1:3888 participant 127.0.0.1:2181";
        QTest::newRow("IPv6") << "[2001:db8::1]:2888:3888;[::1]:2181" << false
                              << "2001:db8::1:2888 2001:db8::1:3888 participant ::1:2181";
        QTest::newRow("trailing colon dropped like Java's split") << "zoo1:2888:3888:" << false
                                                                  << "zoo1:2888 zoo1:3888 "
                                                                     "participant";
        QTest::newRow("empty client part")
            << "zoo1:2888:3888;" << false << "zoo1:2888 zoo1:3888 participant";
        QTest::newRow("multi-address") << "a:1:2|b:3:4" << true << "a:1|b:3 a:2|b:4 participant";
        QTest::newRow("multi-address observer")
            << "a:1:2:observer|b:3:4;9" << true << "a:1|b:3 a:2|b:4 observer 0.0.0.0:9";
        QTest::newRow("too few parts") << "zoo1:2888" << false << "error: expected host:quorumPort";
        QTest::newRow("too many parts")
            << "zoo1:2888:3888:observer:x" << false << "error: expected host:quorumPort";
        QTest::newRow("port not a number")
            << "zoo1:x:3888" << false << "error: quorum port 'x' is not a number";
        QTest::newRow("port out of range")
            << "zoo1:2888:70000" << false << "error: election port 70000 is outside 1-65535";
        QTest::newRow("port zero") << "zoo1:0:3888" << false << "error: quorum port 0";
        QTest::newRow("same ports")
            << "zoo1:2888:2888" << false << "error: quorum port and election port must differ";
        QTest::newRow("empty host") << ":2888:3888" << false << "error: the host is empty";
        QTest::newRow("unknown type")
            << "zoo1:2888:3888:leader" << false << "error: unknown peer type 'leader'";
        QTest::newRow("unclosed bracket")
            << "[::1:2888:3888" << false << "error: without a matching ']'";
        QTest::newRow("no colon after bracket")
            << "[::1]2888:3888" << false << "error: needs ':port' after ']'";
        QTest::newRow("IPv6 without brackets")
            << "::1:2888:3888" << false << "error: expected host:quorumPort";
        QTest::newRow("bad client part")
            << "a:1:2;b:c:3" << false << "error: client part 'b:c:3' is not [host:]port";
        QTest::newRow("bad client port")
            << "a:1:2;x" << false << "error: client port 'x' is not a number";
        QTest::newRow("two client parts") << "a:1:2;3;4" << false << "error: expected host";
        QTest::newRow("multi-address disabled") << "a:1:2|b:3:4" << false
                                                << "error: '|' separated addresses need "
                                                   "multiAddress.enabled=true";
        QTest::newRow("mixed roles")
            << "a:1:2:observer|b:3:4:participant" << true << "error: must have the same peer type";
        QTest::newRow("trailing blanks")
            << "a:1:2  " << false << "error: election port '2  ' is not a number";
    }

    void server_line() {
        QFETCH(QString, value);
        QFETCH(bool, multi_address);
        QFETCH(QString, expected);
        const QuorumServerParse parsed = parse_quorum_server(7, value.toStdString(), multi_address);
        if (expected.startsWith(QLatin1String("error: "))) {
            QVERIFY(!parsed.server);
            QVERIFY2(parsed.error.find(expected.mid(7).toStdString()) != std::string::npos,
                     parsed.error.c_str());
        } else {
            QVERIFY2(parsed.server, parsed.error.c_str());
            QCOMPARE(parsed.server->id, int64_t{7});
            QCOMPARE(render(*parsed.server), expected);
        }
    }

    void quorum_with_myid() {
        const ConfigResult result = parse_with_myid(three_servers, "2\n");
        QVERIFY2(result.config, qPrintable(joined(result.errors)));
        QVERIFY2(result.warnings.empty(), qPrintable(joined(result.warnings)));
        const ZooConfig& c = *result.config;
        QVERIFY(!c.is_standalone());
        QCOMPARE(c.my_id, std::optional<int64_t>(2));
        QCOMPARE(c.servers.size(), std::size_t{3});
        QCOMPARE(render(c.servers.at(1)), QString("127.0.0.1:2888 127.0.0.1:3888 participant"));
        // The client part of server.<myid> is where this server listens.
        QCOMPARE(c.client_port, std::optional<uint16_t>(2182));
        QCOMPARE(c.client_port_address, std::string("127.0.0.1"));
        QCOMPARE(c.peer_type, PeerType::participant);
        QCOMPARE(c.config_version, uint64_t{0});
    }

    void myid_data() {
        QTest::addColumn<QByteArray>("myid"); // null: no file
        QTest::addColumn<QString>("error");   // empty: must parse
        QTest::newRow("missing") << QByteArray() << "/myid: is missing; in quorum mode";
        QTest::newRow("not listed") << QByteArray("4") << "myid: no server.4 line in zoo.cfg";
        QTest::newRow("not a number")
            << QByteArray("replace this text\n") << "myid: must hold this server's id";
        QTest::newRow("trailing blank, as Java's parseLong") << QByteArray("2 \n") << "(got '2 ')";
        QTest::newRow("empty file") << QByteArray("") << "myid: must hold this server's id";
        QTest::newRow("CRLF") << QByteArray("3\r\n") << "";
        QTest::newRow("only the first line counts") << QByteArray("1\nrubbish\n") << "";
    }

    void myid() {
        QFETCH(QByteArray, myid);
        QFETCH(QString, error);
        const ConfigResult result = parse_with_myid(three_servers, myid);
        if (error.isEmpty()) {
            QVERIFY2(result.config, qPrintable(joined(result.errors)));
            QVERIFY(result.config->my_id);
            return;
        }
        QVERIFY(!result.config);
        QVERIFY2(has_message(result.errors, error.toStdString()),
                 qPrintable(joined(result.errors)));
        QVERIFY2(result.errors[0].text.starts_with(dir_.filePath("myid").toStdString()),
                 qPrintable(joined(result.errors)));
    }

    void standalone_reads_myid_too() {
        // ZooKeeper reads dataDir/myid whenever it exists, ensemble or not.
        const ConfigResult result = parse_with_myid("dataDir=@DIR@\nclientPort=2181\n", "x");
        QVERIFY(!result.config);
        QVERIFY(has_message(result.errors, "myid: must hold this server's id"));
    }

    void quorum_mode_needs_limits() {
        const ConfigResult result = parse_with_myid("dataDir=@DIR@\n"
                                                    "server.1=127.0.0.1:2888:3888\n"
                                                    "server.2=127.0.0.1:2889:3889\n",
                                                    "1");
        QVERIFY(!result.config);
        QVERIFY2(has_message(result.errors, "zoo.cfg: initLimit: is required when several "
                                            "servers form a quorum"),
                 qPrintable(joined(result.errors)));
        QVERIFY(has_message(result.errors, "zoo.cfg: syncLimit: is required"));
        QVERIFY(has_message(result.warnings, "no server failure will be tolerated"));
    }

    void one_server_runs_standalone() {
        const ConfigResult result =
            parse_with_myid("dataDir=@DIR@\nserver.1=127.0.0.1:2888:3888;2181\n", "1");
        QVERIFY2(result.config, qPrintable(joined(result.errors)));
        QVERIFY(result.config->is_standalone());
        QCOMPARE(result.config->client_port, std::optional<uint16_t>(2181));
        QVERIFY(has_message(result.warnings, "only one server is listed, so it runs standalone"));
    }

    void standalone_disabled_makes_one_server_a_quorum() {
        const ConfigResult result = parse_with_myid("dataDir=@DIR@\nstandaloneEnabled=false\n"
                                                    "initLimit=5\nsyncLimit=2\nclientPort=2181\n"
                                                    "server.1=127.0.0.1:2888:3888\n",
                                                    "1");
        QVERIFY2(result.config, qPrintable(joined(result.errors)));
        QVERIFY(!result.config->is_standalone());
        const ConfigResult none = parse("dataDir=/x\nclientPort=1\nstandaloneEnabled=false\n");
        QVERIFY(!none.config);
        QVERIFY(has_message(none.errors, "standaloneEnabled=false needs at least one participant"));
    }

    void observers_need_a_quorum() {
        const ConfigResult result = parse_with_myid("dataDir=@DIR@\nclientPort=2181\n"
                                                    "server.1=127.0.0.1:2888:3888\n"
                                                    "server.2=127.0.0.1:2889:3889:observer\n",
                                                    "1");
        QVERIFY(!result.config);
        QVERIFY(has_message(result.errors, "observers need at least two participants"));
    }

    void server_list_decides_peer_type() {
        const ConfigResult result =
            parse_with_myid(std::string(three_servers) + "server.4=127.0.0.1:2891:3891:observer\n"
                                                         "peerType=participant\n",
                            "4");
        QVERIFY2(result.config, qPrintable(joined(result.errors)));
        QCOMPARE(result.config->peer_type, PeerType::observer);
        QVERIFY(
            has_message(result.warnings, "zoo.cfg:8: peerType: disagrees with the server list"));
    }

    void static_client_port_must_match_server_line() {
        const ConfigResult result =
            parse_with_myid(std::string(three_servers) + "clientPort=2181\n", "2");
        QVERIFY(!result.config);
        QVERIFY2(has_message(result.errors, "zoo.cfg:7: clientPort: differs from the client "
                                            "address 127.0.0.1:2182 of server.2"),
                 qPrintable(joined(result.errors)));
        const ConfigResult same =
            parse_with_myid(std::string(three_servers) + "clientPort=2182\n", "2");
        QVERIFY2(same.config, qPrintable(joined(same.errors)));
    }

    void duplicate_addresses_and_ids() {
        const ConfigResult result = parse_with_myid("dataDir=@DIR@\ninitLimit=5\nsyncLimit=2\n"
                                                    "server.1=zk:2888:3888;zk:2181\n"
                                                    "server.2=ZK:2888:3889\n"
                                                    "server.3=zk2:2890:3890;zk:2181\n"
                                                    "server.01=zk3:1:2\n",
                                                    "1");
        QVERIFY(!result.config);
        QVERIFY2(has_message(result.errors, "zoo.cfg:5: server.2: ZK:2888 (quorum port) is already "
                                            "the quorum port of server.1"),
                 qPrintable(joined(result.errors)));
        QVERIFY(has_message(result.errors, "zoo.cfg:6: server.3: zk:2181 (client port) is already "
                                           "the client port of server.1"));
        QVERIFY(has_message(result.errors, "zoo.cfg:7: server.01: server 1 is already defined by "
                                           "server.1 on line 4"));
    }

    void wildcard_client_ports_may_repeat() {
        const ConfigResult result = parse_with_myid("dataDir=@DIR@\ninitLimit=5\nsyncLimit=2\n"
                                                    "server.1=zk1:2888:3888;2181\n"
                                                    "server.2=zk2:2888:3888;2181\n"
                                                    "server.3=zk3:2888:3888;2181\n",
                                                    "3");
        QVERIFY2(result.config, qPrintable(joined(result.errors)));
        QCOMPARE(result.config->client_port_address, std::string("0.0.0.0"));
    }

    void hierarchical_quorum() {
        const ConfigResult result = parse_with_myid(
            std::string(three_servers) + "group.1=1:2\ngroup.2=3\nweight.1=2\n", "1");
        QVERIFY2(result.config, qPrintable(joined(result.errors)));
        const ZooConfig& c = *result.config;
        QVERIFY(c.is_hierarchical());
        QCOMPARE(c.server_groups, (std::map<int64_t, int64_t>{{1, 1}, {2, 1}, {3, 2}}));
        QCOMPARE(c.server_weights, (std::map<int64_t, int64_t>{{1, 2}, {2, 1}, {3, 1}}));
    }

    // /zookeeper/config's text, in QuorumMaj's and QuorumHierarchical's form.
    void membership_text() {
        ConfigResult result = parse_with_myid(three_servers, "1");
        QVERIFY2(result.config, qPrintable(joined(result.errors)));
        QCOMPARE(result.config->membership().text(),
                 std::string("server.1=127.0.0.1:2888:3888:participant\n"
                             "server.2=127.0.0.1:2889:3889:participant;127.0.0.1:2182\n"
                             "server.3=127.0.0.1:2890:3890:participant\n"
                             "version=0"));
        result = parse_with_myid("dataDir=@DIR@\ninitLimit=10\nsyncLimit=5\n"
                                 "multiAddress.enabled=true\n"
                                 "server.1=[::1]:2888:3888|127.0.0.2:2888:3888;2181\n"
                                 "server.2=zk2:2888:3888\n"
                                 "server.3=zk3:2888:3888:observer\n",
                                 "1");
        QVERIFY2(result.config, qPrintable(joined(result.errors)));
        QCOMPARE(
            result.config->membership().text(),
            std::string("server.1=[::1]:2888:3888|127.0.0.2:2888:3888:participant;0.0.0.0:2181\n"
                        "server.2=zk2:2888:3888:participant\n"
                        "server.3=zk3:2888:3888:observer\n"
                        "version=0"));
        result = parse_with_myid(
            std::string(three_servers) + "group.1=1:2\ngroup.2=3\nweight.1=2\n", "1");
        QVERIFY2(result.config, qPrintable(joined(result.errors)));
        const std::string text = result.config->membership().text();
        QVERIFY2(text.ends_with("server.3=127.0.0.1:2890:3890:participant\n"
                                "group.1=1:2\ngroup.2=3\n"
                                "weight.1=2\nweight.2=1\nweight.3=1\n"
                                "version=0"),
                 text.c_str());
    }

    void hierarchical_errors_data() {
        QTest::addColumn<QString>("lines");
        QTest::addColumn<QString>("error");
        QTest::newRow("participant without group") << "group.1=1:2"
                                                   << "zoo.cfg:6: server.3: is in no group";
        QTest::newRow("weight alone makes it hierarchical") << "weight.1=3"
                                                            << "server.1: is in no group";
        QTest::newRow("unknown member") << "group.1=1:2:3:7"
                                        << "server 7 has no server.7 line";
        QTest::newRow("member twice") << "group.1=1:2\ngroup.2=2:3"
                                      << "server 2 is already in group 1";
        QTest::newRow("not a number") << "group.1=1:two:3"
                                      << "'two' is not a server id";
        QTest::newRow("group key without id") << "groupA=1:2:3"
                                              << "'groupA' is not a group id";
        QTest::newRow("negative weight") << "group.1=1:2:3\nweight.2=-1"
                                         << "weight.2: must be a weight";
    }

    void hierarchical_errors() {
        QFETCH(QString, lines);
        QFETCH(QString, error);
        const ConfigResult result =
            parse_with_myid(std::string(three_servers) + lines.toStdString(), "1");
        QVERIFY(!result.config);
        QVERIFY2(has_message(result.errors, error.toStdString()),
                 qPrintable(joined(result.errors)));
    }

    void observer_in_group_is_an_error() {
        const ConfigResult result =
            parse_with_myid(std::string(three_servers) + "server.4=127.0.0.1:2891:3891:observer\n"
                                                         "group.1=1:2:3:4\n",
                            "1");
        QVERIFY(!result.config);
        QVERIFY(has_message(result.errors, "server 4 is an observer"));
    }

    void multi_address() {
        const std::string text = "dataDir=@DIR@\ninitLimit=5\nsyncLimit=2\nclientPort=2181\n"
                                 "multiAddress.enabled=true\n"
                                 "server.1=10.0.0.1:2888:3888|10.1.0.1:2888:3888\n"
                                 "server.2=10.0.0.2:2888:3888|10.1.0.2:2888:3888\n"
                                 "server.3=10.0.0.3:2888:3888|10.1.0.3:2888:3888\n";
        const ConfigResult result = parse_with_myid(text, "1");
        QVERIFY2(result.config, qPrintable(joined(result.errors)));
        QVERIFY(result.config->multi_address_enabled);
        QCOMPARE(result.config->servers.at(3).quorum_addrs.size(), std::size_t{2});
        // ZooKeeper 3.8 itself needs the JVM flag: say so, and stay quiet once it is there.
        QVERIFY(has_message(result.warnings, "-Dzookeeper.multiAddress.enabled=true"));
        const ConfigResult with_flag =
            parse_with_myid(text, "1", {{"zookeeper.multiAddress.enabled", "true"}});
        QVERIFY(with_flag.config);
        QVERIFY2(with_flag.warnings.empty(), qPrintable(joined(with_flag.warnings)));
        const ConfigResult flag_only =
            parse_with_myid(std::string(three_servers) + "server.4=h:1:2|i:1:2:observer\n", "1",
                            {{"zookeeper.multiAddress.enabled", "true"}});
        QVERIFY2(flag_only.config, qPrintable(joined(flag_only.errors)));
    }

    void dynamic_config_file() {
        const QString dynamic = dir_.filePath("zoo.cfg.dynamic.100000000");
        write_file(dynamic, "server.1=127.0.0.1:2888:3888:participant;127.0.0.1:2181\n"
                            "server.2=127.0.0.1:2889:3889:participant;127.0.0.1:2182\n"
                            "server.3=127.0.0.1:2890:3890:observer;127.0.0.1:2183\n");
        const std::string text = "dataDir=@DIR@\nstandaloneEnabled=false\ninitLimit=5\n"
                                 "syncLimit=2\ndynamicConfigFile=@DIR@/zoo.cfg.dynamic.100000000\n";
        const ConfigResult result = parse_with_myid(text, "3");
        QVERIFY2(result.config, qPrintable(joined(result.errors)));
        const ZooConfig& c = *result.config;
        QCOMPARE(c.config_version, uint64_t{0x100000000});
        QCOMPARE(c.servers.size(), std::size_t{3});
        QCOMPARE(c.peer_type, PeerType::observer);
        QCOMPARE(c.client_port, std::optional<uint16_t>(2183));
        QVERIFY(!c.is_standalone());

        write_file(dynamic, "server.1=127.0.0.1:2888:3888\nversion=5\nclientPort=1\n");
        const ConfigResult bad = parse_with_myid(text, "1");
        QVERIFY(!bad.config);
        const std::string where = dynamic.toStdString();
        QVERIFY2(has_message(bad.errors, where + ":2: version: must not be in the dynamic file"),
                 qPrintable(joined(bad.errors)));
        QVERIFY(has_message(bad.errors, where + ":3: clientPort: is not allowed in a dynamic"));
    }

    void extended_types_limit_server_ids() {
        const ConfigResult result = parse_with_myid("dataDir=@DIR@\ninitLimit=5\nsyncLimit=2\n"
                                                    "extendedTypesEnabled=true\n"
                                                    "server.1=127.0.0.1:2888:3888\n"
                                                    "server.300=127.0.0.1:2889:3889\n",
                                                    "300");
        QVERIFY(!result.config);
        QVERIFY2(
            has_message(result.errors, "extendedTypesEnabled=true allows server ids up to 254"),
            qPrintable(joined(result.errors)));
    }

    void even_ensemble_is_warned_about() {
        const ConfigResult result =
            parse_with_myid(std::string(three_servers) + "server.4=127.0.0.1:2891:3891\n", "1");
        QVERIFY2(result.config, qPrintable(joined(result.errors)));
        QVERIFY(has_message(result.warnings, "4 participants tolerate no more failures than 3"));
    }

    void untrimmed_server_value_is_explained() {
        const ConfigResult result =
            parse_with_myid(std::string(three_servers) + "server.4=127.0.0.1:2891:3891  \n", "1");
        QVERIFY(!result.config);
        QVERIFY2(has_message(result.errors, "ZooKeeper does not trim server, group and weight "
                                            "values"),
                 qPrintable(joined(result.errors)));
    }
};

int run_quorum_config_tests(int argc, char** argv) {
    QuorumConfigTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_quorum_config.moc"
