// Tree snapshots: a restored tree is indistinguishable from the live one, malformed bytes are
// refused, and a large tree encodes and decodes quickly.
#include "storage_test_util.h"
#include "tree/snapshot.h"

#include <QtTest>

using storage_test::first_difference;
using zs::tree::decode_snapshot;
using zs::tree::encode_snapshot;
using zs::tree::SessionRecord;

namespace {

std::vector<SessionRecord> sessions() {
    return {SessionRecord{0x100, 30000, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}},
            SessionRecord{0x300, 4000, {}}};
}

} // namespace

class TestSnapshot : public QObject {
    Q_OBJECT

  private slots:
    void emptyTreeRoundTrips() {
        zs::tree::DataTree tree;
        const auto restored = decode_snapshot(encode_snapshot(tree, {}));
        QVERIFY(restored.has_value());
        QCOMPARE(QString::fromStdString(first_difference(tree, restored->tree)), QString());
        QCOMPARE(restored->tree.node_count(), size_t(5));
        QVERIFY(restored->sessions.empty());
    }

    void richTreeRoundTrips() {
        storage_test::Recorder r;
        storage_test::build_rich(r);
        r.tree.set_config_data("server.1=127.0.0.1:2888:3888;2181");
        const auto records = sessions();
        const auto restored = decode_snapshot(encode_snapshot(r.tree, records));
        QVERIFY(restored.has_value());
        QCOMPARE(QString::fromStdString(first_difference(r.tree, restored->tree)), QString());
        QCOMPARE(restored->sessions, records);
        const zs::tree::DataTree& t = restored->tree;
        QCOMPARE(t.data_of(*t.find("/nulldata")), std::optional<std::string>());
        QCOMPARE(t.find("/box")->kind(), zs::tree::NodeKind::container);
        QCOMPARE(t.find("/ttl")->kind(), zs::tree::NodeKind::ttl);
        QCOMPARE(t.ephemerals_of(0x100), (std::vector<std::string>{"/app/eph"}));
        QCOMPARE(t.acl_of(*t.find("/secret")).front().id.scheme, std::string("digest"));
        QCOMPARE(t.quota_prefix_of("/app/more"), std::optional<std::string_view>("/app"));
        QCOMPARE(t.find("/box")->stored_cversion(), 1);
        QCOMPARE(t.expired_containers(INT64_MAX / 2, 10),
                 (std::vector<std::string>{"/box", "/ttl"}));
    }

    // The restored indexes (ephemerals, quotas, ACL references) behave like the live ones.
    void restoredTreeKeepsWorking() {
        storage_test::Recorder live;
        storage_test::build_rich(live);
        auto restored = decode_snapshot(encode_snapshot(live.tree, {}));
        QVERIFY(restored.has_value());
        const std::vector<zs::tree::Txn> more{
            storage_test::create("/app/x", "12345"),
            zs::tree::CloseSessionTxn{{}},
            zs::tree::DeleteTxn{"/secret", zs::proto::op::remove},
            zs::tree::DeleteTxn{"/app/more", zs::proto::op::remove},
            zs::tree::SetDataTxn{"/app/x", std::string("1"), 1},
        };
        for (const auto& txn : more) {
            live.add(txn, 0x100);
            restored->tree.apply(live.entries.back().header, txn);
        }
        QCOMPARE(QString::fromStdString(first_difference(live.tree, restored->tree)), QString());
        QVERIFY(restored->tree.ephemerals_of(0x100).empty());
        QCOMPARE(
            restored->tree.data_of(*restored->tree.find("/zookeeper/quota/app/zookeeper_stats")),
            live.tree.data_of(*live.tree.find("/zookeeper/quota/app/zookeeper_stats")));
    }

    void malformedBytesAreRefused() {
        storage_test::Recorder r;
        storage_test::build_rich(r);
        const std::string bytes = encode_snapshot(r.tree, sessions());
        for (size_t size = 0; size < bytes.size(); ++size) {
            QVERIFY2(!decode_snapshot(std::string_view(bytes).substr(0, size)),
                     qPrintable(QString("cut to %1").arg(size)));
        }
        QVERIFY(!decode_snapshot(bytes + 'x'));
        size_t refused = 0;
        for (size_t i = 0; i < bytes.size(); ++i) {
            std::string flipped = bytes;
            flipped[i] = char(flipped[i] ^ 0x41);
            refused += decode_snapshot(flipped) ? 0 : 1;
        }
        QVERIFY(refused > bytes.size() / 10);
    }

    // 100k znodes of 100 bytes; times are printed, not asserted (the machine is shared).
    void largeTreeTiming() {
        zs::tree::DataTree tree;
        const std::string data(100, 'd');
        int64_t zxid = 0;
        tree.apply({1, 0, ++zxid, 1}, storage_test::create("/bench", ""));
        for (int dir = 0; dir < 100; ++dir) {
            const std::string parent = "/bench/d" + std::to_string(dir);
            tree.apply({1, 0, ++zxid, 1}, storage_test::create(parent, ""));
            for (int i = 0; i < 1000; ++i) {
                tree.apply({1, 0, ++zxid, 1},
                           storage_test::create(parent + "/n" + std::to_string(i), data));
            }
        }
        QElapsedTimer timer;
        timer.start();
        const std::string bytes = encode_snapshot(tree, {});
        const qint64 encode_ms = timer.restart();
        const auto restored = decode_snapshot(bytes);
        const qint64 decode_ms = timer.elapsed();
        QVERIFY(restored.has_value());
        QCOMPARE(restored->tree.node_count(), tree.node_count());
        QCOMPARE(QString::fromStdString(first_difference(tree, restored->tree)), QString());
        qInfo("snapshot of %zu znodes (%zu bytes): encode %lld ms, decode %lld ms",
              tree.node_count(), bytes.size(), encode_ms, decode_ms);
    }
};

QTEST_GUILESS_MAIN(TestSnapshot)
#include "tst_snapshot.moc"
