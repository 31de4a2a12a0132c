// Four-letter word replies as the servers dock reads them.
#include "models/four_letter_text.h"

#include <QTest>

class TestFourLetterText : public QObject {
    Q_OBJECT

  private slots:
    void readsSrvr() {
        const QByteArray reply =
            "Zookeeper version: 3.8.0-5a02a05eddb59aee6ac762f7ea82e92a68eb9c0f, "
            "built on 2022-02-25 08:49 UTC\n"
            "Latency min/avg/max: 0/0.4/12\nReceived: 12\nSent: 11\n"
            "Connections: 2\nOutstanding: 0\nZxid: 0x10000002a\n"
            "Mode: leader\nNode count: 7\n";
        const auto fields = zs::ui::parse_srvr(reply);
        QCOMPARE(fields.size(), size_t(9));
        QCOMPARE(zs::ui::field(fields, "Mode"), QStringLiteral("leader"));
        QCOMPARE(zs::ui::field(fields, "Latency min/avg/max"), QStringLiteral("0/0.4/12"));
        QCOMPARE(zs::ui::field(fields, "Zxid"), QStringLiteral("0x10000002a"));
        QCOMPARE(zs::ui::field(fields, "Missing"), QString());
        QVERIFY(zs::ui::refusal(reply).isEmpty());
    }

    void readsMntr() {
        const auto fields =
            zs::ui::parse_mntr("zk_version\t3.8.0\nzk_server_state\tfollower\nzk_znode_count\t7\n");
        QCOMPARE(fields.size(), size_t(3));
        QCOMPARE(fields[1],
                 std::make_pair(QStringLiteral("zk_server_state"), QStringLiteral("follower")));
    }

    void tellsRefusals() {
        QVERIFY(!zs::ui::refusal("mntr is not executed because it is not in the whitelist.\n")
                     .isEmpty());
        QVERIFY(!zs::ui::refusal("This ZooKeeper instance is not currently serving requests\n")
                     .isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFourLetterText)

#include "tst_four_letter_text.moc"
