// ConnectString::parse and Chroot, held to the Java client's ConnectStringParser.
#include "client/connect_string.h"

#include <QTest>

// std::string has no QDebug streaming; this makes a failed QCOMPARE print it.
template <> char* QTest::toString<std::string>(const std::string& text) {
    return qstrdup(text.c_str());
}

using zs::client::Chroot;
using zs::client::ConnectString;

namespace {

// "host:port,host:port|chroot", or "error" when parse refuses the text.
QString parsed(const char* text) {
    const auto result = ConnectString::parse(text);
    if (const auto* error = std::get_if<std::string>(&result)) {
        return error->empty() ? QStringLiteral("error without a message") : QStringLiteral("error");
    }
    const auto& connect = std::get<ConnectString>(result);
    QStringList hosts;
    for (const auto& host : connect.hosts) {
        hosts << QStringLiteral("%1:%2").arg(QString::fromStdString(host.host)).arg(host.port);
    }
    return hosts.join(QLatin1Char(',')) + QLatin1Char('|') + QString::fromStdString(connect.chroot);
}

} // namespace

class TestConnectString : public QObject {
    Q_OBJECT

  private slots:
    void parse_data();
    void parse();
    void chrootMapsPaths();
    void withoutChrootPathsPassThrough();
};

void TestConnectString::parse_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char* text, const char* expected) {
        QTest::newRow(text) << QString::fromUtf8(text) << QString::fromUtf8(expected);
    };
    row("127.0.0.1:2181", "127.0.0.1:2181|");
    row("zk1", "zk1:2181|");
    row("a:1,b:2,c", "a:1,b:2,c:2181|");
    // IPv6 goes in brackets; the port after them is optional.
    row("[::1]:2182", "::1:2182|");
    row("[::1]", "::1:2181|");
    row("[fe80::1%eth0]:3000,10.0.0.1:4000", "fe80::1%eth0:3000,10.0.0.1:4000|");
    row("[::1]:", "error");
    row("[::1", "error");
    row("[::1]2181", "error");
    row("[]:2181", "error");
    // Ports.
    row("h:65535", "h:65535|");
    row("h:0", "error");
    row("h:65536", "error");
    row("h:-1", "error");
    row("h:12x", "error");
    row("h:port", "error");
    // As Java: a trailing ':' means the default port; entries are trimmed, empty ones skipped.
    row("h:", "h:2181|");
    row("a:1, b:2 ,c:3", "a:1,b:2,c:3|");
    row("a:1,,b:2", "a:1,b:2|");
    row("a:1,", "a:1|");
    // Hosts.
    row(":2181", "error");
    row("", "error");
    row(",", "error");
    row("/app", "error");
    // Chroots.
    row("h:1/app", "h:1|/app");
    row("h:1,k:2/app/sub", "h:1,k:2|/app/sub");
    row("h:1/", "h:1|");
    row("h/app", "h:2181|/app");
    row("h:1/app/", "error");
    row("h:1/app//x", "error");
    row("h:1/a/./b", "error");
    row("h:1/a/..", "error");
    row("h:1/a\x01", "error");
}

void TestConnectString::parse() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(parsed(text.toUtf8().constData()), expected);
}

void TestConnectString::chrootMapsPaths() {
    const Chroot chroot("/app");
    QCOMPARE(chroot.to_server("/"), "/app");
    QCOMPARE(chroot.to_server("/a"), "/app/a");
    QCOMPARE(chroot.to_server("/a/b"), "/app/a/b");
    QCOMPARE(chroot.to_client("/app"), "/");
    QCOMPARE(chroot.to_client("/app/a"), "/a");
    QCOMPARE(chroot.to_client("/app/a/b"), "/a/b");
    // Outside the chroot, even with a shared prefix: unchanged.
    QCOMPARE(chroot.to_client("/app2"), "/app2");
    QCOMPARE(chroot.to_client("/app2/x"), "/app2/x");
    QCOMPARE(chroot.to_client("/other"), "/other");
    QVERIFY(chroot.contains("/app"));
    QVERIFY(chroot.contains("/app/a"));
    QVERIFY(!chroot.contains("/app2"));
    QVERIFY(!chroot.contains("/ap"));
    QVERIFY(!chroot.contains("/"));
    QCOMPARE(chroot.prefix(), "/app");

    const Chroot deep("/a/b");
    QCOMPARE(deep.to_server("/c"), "/a/b/c");
    QCOMPARE(deep.to_client("/a/b/c"), "/c");
    QCOMPARE(deep.to_client("/a"), "/a");
}

void TestConnectString::withoutChrootPathsPassThrough() {
    const Chroot none("");
    QCOMPARE(none.to_server("/"), "/");
    QCOMPARE(none.to_server("/a"), "/a");
    QCOMPARE(none.to_client("/a"), "/a");
    QCOMPARE(none.to_client("/"), "/");
    QVERIFY(none.contains("/anything"));
}

QTEST_APPLESS_MAIN(TestConnectString)
#include "tst_connect_string.moc"
