// Tree snapshots: a restored tree is indistinguishable from the live one, also when the tree
// changed while it was being encoded; malformed bytes are refused; a large tree encodes and
// decodes quickly.
#include "storage_test_util.h"
#include "tree/snapshot.h"

#include <QtTest>
#include <random>

using storage_test::first_difference;
using zs::tree::decode_snapshot;
using zs::tree::encode_snapshot;
using zs::tree::SessionRecord;

namespace {

std::vector<SessionRecord> sessions() {
    return {SessionRecord{0x100, 30000, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}},
            SessionRecord{0x300, 4000, {}}};
}

// Every path of the tree but the root and /zookeeper's own nodes, parents first.
std::vector<std::string> user_paths(const zs::tree::DataTree& tree) {
    std::vector<std::string> out;
    std::vector<std::string> pending{"/"};
    while (!pending.empty()) {
        const std::string path = pending.back();
        pending.pop_back();
        for (const std::string& child : tree.children_of(*tree.find(path))) {
            const std::string full = (path == "/" ? "" : path) + "/" + child;
            if (full != "/zookeeper") {
                out.push_back(full);
                pending.push_back(full);
            }
        }
    }
    return out;
}

// One random change that applies cleanly: creates (some ephemeral, some re-using the path of a
// deleted node), deletes of leaves, data and ACL changes (new ACL lists come and go, so cache ids
// are released and reused), a multi, and the close of a session with ephemerals. Writes under
// /app also rewrite its quota's stats node.
void random_change(storage_test::Recorder& r, std::mt19937& random) {
    using namespace zs::tree;
    const std::vector<std::string> paths = user_paths(r.tree);
    const std::string& target = paths[random() % paths.size()];
    const Node* node = r.tree.find(target);
    const auto acl_for = [&](int n) {
        return std::vector<zs::proto::Acl>{
            zs::proto::Acl{zs::proto::perm::all, {"digest", "user" + std::to_string(n) + ":x"}}};
    };
    switch (random() % 7) {
    case 0:
    case 1:
        if (node->kind() != NodeKind::ephemeral) {
            const bool ephemeral = random() % 4 == 0;
            r.add(storage_test::create(target + "/n" + std::to_string(random() % 6),
                                       std::string(random() % 40, 'c'), ephemeral ? 0x300 : 0),
                  ephemeral ? 0x300 : 0x100);
        }
        break;
    case 2:
        if (node->child_count() == 0) {
            r.add(DeleteTxn{target, zs::proto::op::remove});
        }
        break;
    case 3:
        r.add(SetDataTxn{target, std::string(random() % 60, 'd'), node->version() + 1});
        break;
    case 4:
        r.add(SetAclTxn{target, acl_for(int(random() % 5)), node->aversion() + 1});
        break;
    case 5:
        if (node->kind() != NodeKind::ephemeral && r.tree.find(target + "/m") == nullptr) {
            r.add(MultiTxn{{storage_test::create(target + "/m", "m"),
                            SetDataTxn{target, std::string("multi"), node->version() + 1}}});
        }
        break;
    case 6:
        if (random() % 8 == 0) {
            r.add(CloseSessionTxn{r.tree.ephemerals_of(0x300)}, 0x300);
        }
        break;
    }
}

// The tree that the first `count` entries build.
zs::tree::DataTree replayed(const storage_test::Recorder& r, size_t count) {
    zs::tree::DataTree tree;
    for (size_t i = 0; i < count; ++i) {
        tree.apply(r.entries[i].header, r.entries[i].txn);
    }
    return tree;
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
        r.tree.set_config_data("server.1=127.0.0.1:2888:3888;2181", 0x100000000, 1796031422555);
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

    // The encoder writes the tree as it was at its start however the tree changes between its
    // pieces, and leaves the tree ready for the next snapshot, also when abandoned half way.
    void snapshotWhileTheTreeChanges() {
        for (uint32_t seed = 1; seed <= 40; ++seed) {
            std::mt19937 random(seed);
            storage_test::Recorder r;
            storage_test::build_rich(r);
            for (int i = 0; i < 300; ++i) {
                random_change(r, random);
            }
            for (int round = 0; round < 3; ++round) {
                const size_t at_start = r.entries.size();
                const auto records = sessions();
                zs::tree::SnapshotEncoder encoder(r.tree, records);
                QCOMPARE(encoder.zxid(), r.zxid());
                const bool abandon = round == 1;
                std::string bytes;
                size_t pieces = 0;
                while (!encoder.done() && !(abandon && pieces == 5)) {
                    if (random() % 3 == 0) {
                        bytes += encoder.next_chunk(1 + random() % 400);
                        ++pieces;
                    } else {
                        random_change(r, random);
                    }
                }
                if (abandon) {
                    continue; // the encoder's destructor runs with the snapshot half done
                }
                QVERIFY(encoder.next_chunk(100).empty());
                const auto restored = decode_snapshot(bytes);
                QVERIFY2(restored.has_value(), qPrintable(QString("seed %1").arg(seed)));
                const zs::tree::DataTree expected = replayed(r, at_start);
                QCOMPARE(QString::fromStdString(first_difference(expected, restored->tree)),
                         QString());
                QCOMPARE(restored->sessions, records);
                QVERIFY(r.entries.size() > at_start + 20); // the tree did change meanwhile
            }
        }
    }

    void snapshotInPiecesDecodesInPieces() {
        storage_test::Recorder r;
        storage_test::build_rich(r);
        zs::tree::SnapshotEncoder encoder(r.tree, sessions());
        std::vector<std::string> pieces;
        size_t total = 0;
        while (!encoder.done()) {
            pieces.push_back(encoder.next_chunk(64));
            total += pieces.back().size();
        }
        QVERIFY(pieces.size() > 10);
        zs::tree::SnapshotDecoder decoder(total);
        for (const std::string& piece : pieces) {
            QVERIFY(decoder.feed(piece));
        }
        const auto restored = decoder.finish();
        QVERIFY(restored.has_value());
        QCOMPARE(QString::fromStdString(first_difference(r.tree, restored->tree)), QString());
        // Without its last piece (the sessions) the snapshot is incomplete.
        zs::tree::SnapshotDecoder partial(total);
        for (size_t i = 0; i + 1 < pieces.size(); ++i) {
            QVERIFY(partial.feed(pieces[i]));
        }
        QVERIFY(!partial.finish().has_value());
        // A piece cut inside a record is refused.
        zs::tree::SnapshotDecoder torn(total);
        QVERIFY(!torn.feed(std::string_view(pieces[0]).substr(0, pieces[0].size() - 3)));
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
