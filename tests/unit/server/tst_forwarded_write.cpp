// What a follower sends its leader for a client's write (REQUEST): the request as the client sent
// it with the identities it proved, or a txn; anything else is refused.
#include "server/forwarded_write.h"

#include <QtTest>

using namespace zs;

class TestForwardedWrite : public QObject {
    Q_OBJECT

  private slots:
    void requestRoundTrips() {
        server::ForwardedWrite write;
        write.session_id = 0x0200000000000007;
        write.cxid = 42;
        write.time_ms = 1796000000000;
        write.auth.remote_ip = "127.0.0.1";
        write.auth.ids = {proto::Id{"ip", "127.0.0.1"}, proto::Id{"digest", "bob:xyz="}};
        write.write = proto::Request{proto::RequestHeader{42, proto::op::set_data},
                                     proto::SetDataRequest{"/a/b", "new data", 3}};
        const auto decoded = server::decode_forwarded_write(server::encode_forwarded_write(write));
        QVERIFY(decoded);
        QCOMPARE(decoded->session_id, write.session_id);
        QCOMPARE(decoded->cxid, 42);
        QCOMPARE(decoded->time_ms, write.time_ms);
        QCOMPARE(decoded->auth.remote_ip, std::string("127.0.0.1"));
        QVERIFY(decoded->auth.ids == write.auth.ids);
        const auto* request = std::get_if<proto::Request>(&decoded->write);
        QVERIFY(request);
        QCOMPARE(request->header.type, proto::op::set_data);
        const auto* body = std::get_if<proto::SetDataRequest>(&request->body);
        QVERIFY(body);
        QCOMPARE(body->path, std::string("/a/b"));
        QCOMPARE(body->version, 3);
    }

    void txnRoundTrips() {
        server::ForwardedWrite write;
        write.session_id = 9;
        write.write = tree::CreateSessionTxn{30000, {}};
        const auto decoded = server::decode_forwarded_write(server::encode_forwarded_write(write));
        QVERIFY(decoded);
        const auto* txn = std::get_if<tree::Txn>(&decoded->write);
        QVERIFY(txn);
        QCOMPARE(std::get<tree::CreateSessionTxn>(*txn).timeout_ms, 30000);
    }

    void malformedIsRefused() {
        server::ForwardedWrite write;
        write.write = proto::Request{proto::RequestHeader{1, proto::op::remove},
                                     proto::DeleteRequest{"/x", -1}};
        const std::string encoded = server::encode_forwarded_write(write);
        for (size_t cut = 0; cut < encoded.size(); ++cut) {
            QVERIFY(!server::decode_forwarded_write(std::string_view(encoded).substr(0, cut)));
        }
        QVERIFY(!server::decode_forwarded_write(encoded + "!"));
    }
};

QTEST_GUILESS_MAIN(TestForwardedWrite)
#include "tst_forwarded_write.moc"
