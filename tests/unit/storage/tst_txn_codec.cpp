// Log entry encoding: every txn kind round-trips, and malformed bytes are refused, never trusted.
#include "storage/txn_codec.h"
#include "storage_test_util.h"

#include <QtTest>

using zs::storage::decode_entry;
using zs::storage::encode_entry;
using zs::storage::LogEntry;

namespace {

namespace op = zs::proto::op;
using namespace zs::tree;

struct Sample {
    const char* name;
    LogEntry entry;
};

std::vector<Sample> samples() {
    const TxnHeader h{0x1234567890ab, -7, (int64_t(3) << 32) | 42, 1700000000123};
    const std::vector<zs::proto::Acl> acl{{zs::proto::perm::all, {"digest", "bob:abc="}},
                                          {zs::proto::perm::read, {"ip", "10.0.0.0/8"}}};
    return {
        {"create", {h, storage_test::create("/a", "data", 0, op::create, acl)}},
        {"create2 null data", {h, storage_test::create("/a", std::nullopt, 0, op::create2)}},
        {"create ephemeral", {h, storage_test::create("/e", "", 0x55, op::create)}},
        {"create container",
         {h, storage_test::create("/c", "", kContainerOwner, op::create_container)}},
        {"create ttl", {h, storage_test::create("/t", "", kTtlOwnerMask | 99, op::create_ttl)}},
        {"delete", {h, DeleteTxn{"/a", op::remove}}},
        {"delete container", {h, DeleteTxn{"/c", op::delete_container}}},
        {"set data", {h, SetDataTxn{"/a", std::string("\0\x01\xff", 3), 12}}},
        {"set data null", {h, SetDataTxn{"/a", std::nullopt, 2}}},
        {"set acl", {h, SetAclTxn{"/a", acl, 5}}},
        {"check", {h, CheckTxn{"/a", 3}}},
        {"error", {h, ErrorTxn{zs::proto::ErrorCode::no_auth}}},
        {"create session",
         {h, CreateSessionTxn{40000, {1, 2, 3, 250, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16}}}},
        {"close session", {h, CloseSessionTxn{{"/e1", "/e2/x"}}}},
        {"close session empty", {h, CloseSessionTxn{}}},
        {"multi",
         {h, MultiTxn{{storage_test::create("/m", "1"), DeleteTxn{"/n", op::remove},
                       SetDataTxn{"/m", std::string("2"), 1}, CheckTxn{"/m", 1}}}}},
        {"failed multi",
         {h,
          MultiTxn{{ErrorTxn{zs::proto::ErrorCode::ok}, ErrorTxn{zs::proto::ErrorCode::bad_version},
                    ErrorTxn{zs::proto::ErrorCode::runtime_inconsistency}}}}},
        {"empty multi", {h, MultiTxn{}}},
    };
}

} // namespace

class TestTxnCodec : public QObject {
    Q_OBJECT

  private slots:
    void roundTrip_data() {
        QTest::addColumn<int>("index");
        const auto all = samples();
        for (size_t i = 0; i < all.size(); ++i) {
            QTest::newRow(all[i].name) << int(i);
        }
    }

    void roundTrip() {
        QFETCH(int, index);
        const LogEntry original = samples()[size_t(index)].entry;
        const std::string bytes = encode_entry(original);
        const std::optional<LogEntry> decoded = decode_entry(bytes);
        QVERIFY(decoded.has_value());
        QCOMPARE(decoded->header.session_id, original.header.session_id);
        QCOMPARE(decoded->header.cxid, original.header.cxid);
        QCOMPARE(decoded->header.zxid, original.header.zxid);
        QCOMPARE(decoded->header.time_ms, original.header.time_ms);
        QCOMPARE(decoded->txn.index(), original.txn.index());
        QCOMPARE(encode_entry(*decoded), bytes);
    }

    void fieldsSurvive() {
        const auto all = samples();
        const auto create = std::get<CreateTxn>(decode_entry(encode_entry(all[0].entry))->txn);
        QCOMPARE(create.path, std::string("/a"));
        QCOMPARE(create.data, std::optional<std::string>("data"));
        QCOMPARE(create.acl, std::get<CreateTxn>(all[0].entry.txn).acl);
        QCOMPARE(create.parent_cversion, -1);
        const auto null_data = std::get<CreateTxn>(decode_entry(encode_entry(all[1].entry))->txn);
        QCOMPARE(null_data.data, std::optional<std::string>());
        QCOMPARE(null_data.opcode, op::create2);
        const auto ttl = std::get<CreateTxn>(decode_entry(encode_entry(all[4].entry))->txn);
        QCOMPARE(ttl.ephemeral_owner, kTtlOwnerMask | 99);
        const auto set = std::get<SetDataTxn>(decode_entry(encode_entry(all[7].entry))->txn);
        QCOMPARE(set.data, std::optional<std::string>(std::string("\0\x01\xff", 3)));
        QCOMPARE(set.version, 12);
        const auto error = std::get<ErrorTxn>(decode_entry(encode_entry(all[11].entry))->txn);
        QCOMPARE(error.err, zs::proto::ErrorCode::no_auth);
        const auto close =
            std::get<CloseSessionTxn>(decode_entry(encode_entry(all[13].entry))->txn);
        QCOMPARE(close.paths_to_delete, (std::vector<std::string>{"/e1", "/e2/x"}));
        const auto multi = std::get<MultiTxn>(decode_entry(encode_entry(all[15].entry))->txn);
        QCOMPARE(multi.ops.size(), size_t(4));
        QCOMPARE(std::get<DeleteTxn>(multi.ops[1]).path, std::string("/n"));
        QCOMPARE(std::get<CheckTxn>(multi.ops[3]).version, 1);
    }

    void truncationsAreRefused() {
        for (const Sample& sample : samples()) {
            const std::string bytes = encode_entry(sample.entry);
            for (size_t size = 0; size < bytes.size(); ++size) {
                QVERIFY2(!decode_entry(std::string_view(bytes).substr(0, size)),
                         qPrintable(QString("%1 cut to %2").arg(sample.name).arg(size)));
            }
            QVERIFY(!decode_entry(bytes + '\0'));
        }
    }

    // A log row holds a batch as frames: every sample survives, and a cut frame, trailing
    // bytes or zxids that do not increase make the whole row unreadable.
    void framedEntries() {
        const auto all = samples();
        zs::proto::Writer writer;
        int64_t zxid = 0;
        std::vector<LogEntry> batch;
        for (const Sample& sample : all) {
            LogEntry entry = sample.entry;
            entry.header.zxid = ++zxid;
            zs::storage::append_framed_entry(writer, entry);
            batch.push_back(entry);
        }
        const std::string bytes = writer.bytes();
        const auto decoded = zs::storage::decode_framed_entries(bytes);
        QVERIFY(decoded.has_value());
        QCOMPARE(decoded->size(), batch.size());
        for (size_t i = 0; i < batch.size(); ++i) {
            QCOMPARE(encode_entry((*decoded)[i]), encode_entry(batch[i]));
        }
        QVERIFY(zs::storage::decode_framed_entries("").has_value());
        QVERIFY(!zs::storage::decode_framed_entries(std::string_view(bytes).substr(0, 30)));
        QVERIFY(!zs::storage::decode_framed_entries(bytes.substr(0, bytes.size() - 1)));
        QVERIFY(!zs::storage::decode_framed_entries(bytes + '\0'));
        zs::proto::Writer backwards;
        zs::storage::append_framed_entry(backwards, batch[1]);
        zs::storage::append_framed_entry(backwards, batch[0]);
        QVERIFY(!zs::storage::decode_framed_entries(backwards.bytes()));
    }

    // Every single-bit flip either is refused or decodes to an entry that encodes and decodes
    // again; none may crash or allocate wildly (the sanitizer build checks the rest).
    void bitFlipsAreSafe() {
        size_t refused = 0;
        for (const Sample& sample : samples()) {
            const std::string bytes = encode_entry(sample.entry);
            for (size_t i = 0; i < bytes.size(); ++i) {
                for (int bit = 0; bit < 8; ++bit) {
                    std::string flipped = bytes;
                    flipped[i] = char(flipped[i] ^ (1 << bit));
                    const std::optional<LogEntry> decoded = decode_entry(flipped);
                    if (!decoded) {
                        ++refused;
                        continue;
                    }
                    QVERIFY(decode_entry(encode_entry(*decoded)).has_value());
                }
            }
        }
        QVERIFY(refused > 0);
    }

    void unknownTagsAndNestingAreRefused() {
        std::string bytes = encode_entry(samples()[10].entry); // check: tag right after the header
        const size_t tag_at = 8 + 4 + 8 + 8;
        bytes[tag_at] = char(77);
        QVERIFY(!decode_entry(bytes));
        // A set_acl or session txn inside a multi.
        LogEntry multi{{}, MultiTxn{{CheckTxn{"/x", 1}}}};
        std::string nested = encode_entry(multi);
        nested[tag_at + 1 + 4] = char(4);
        QVERIFY(!decode_entry(nested));
        // A create with an opcode no create carries.
        LogEntry create{{}, storage_test::create("/x", "", 0, op::set_data)};
        QVERIFY(!decode_entry(encode_entry(create)));
    }
};

QTEST_GUILESS_MAIN(TestTxnCodec)
#include "tst_txn_codec.moc"
