#include "tree/acl.h"
#include "tree/path.h"
#include "tree_tests.h"

#include <QtTest>

using zs::proto::Acl;
using zs::proto::ErrorCode;
using zs::proto::Id;
namespace perm = zs::proto::perm;
using zs::tree::AuthInfo;

namespace {

std::string bytes(const QByteArray& array) {
    return std::string(array.constData(), size_t(array.size()));
}

Acl acl(int32_t perms, const char* scheme, const char* id) {
    return Acl{perms, Id{scheme, id}};
}

} // namespace

class TestPathAcl : public QObject {
    Q_OBJECT

  private slots:
    void validate_path_data();
    void validate_path();
    void parent_and_basename_data();
    void parent_and_basename();
    void utf16_length();
    void digest_id_data();
    void digest_id();
    void acl_permits_data();
    void acl_permits();
    void fix_acl_valid_entries();
    void fix_acl_rejects_data();
    void fix_acl_rejects();
    void fix_acl_expands_auth();
    void fix_acl_removes_duplicates_before_expanding();
};

void TestPathAcl::validate_path_data() {
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<bool>("sequential");
    QTest::addColumn<bool>("valid");
    // Verdicts checked against PathUtils.validatePath of ZooKeeper 3.8.
    const struct {
        const char* name;
        QByteArray path;
        bool sequential;
        bool valid;
    } rows[] = {
        {"root", "/", false, true},
        {"one segment", "/a", false, true},
        {"three segments", "/a/b/c", false, true},
        {"empty", "", false, false},
        {"relative", "a", false, false},
        {"relative with slash", "a/b", false, false},
        {"trailing slash", "/a/", false, false},
        {"double slash", "//", false, false},
        {"empty segment", "/a//b", false, false},
        {"dot", "/.", false, false},
        {"dot first", "/./a", false, false},
        {"dot last", "/a/.", false, false},
        {"dot dot", "/..", false, false},
        {"dot dot inside", "/a/../b", false, false},
        {"three dots", "/...", false, true},
        {"leading dot", "/.a", false, true},
        {"trailing dot", "/a.", false, true},
        {"inner dots", "/a..b", false, true},
        {"leading dot dot", "/..a", false, true},
        {"NUL", QByteArray("/a\0b", 4), false, false},
        {"U+0001", "/a\x01", false, false},
        {"U+001F", "/a\x1f", false, false},
        {"space", "/a b", false, true},
        {"tilde", "/a~", false, true},
        {"U+007F", "/a\x7f", false, false},
        {"U+0080", "/a\xc2\x80", false, false},
        {"U+009F", "/a\xc2\x9f", false, false},
        {"U+00A0", "/a\xc2\xa0", false, true},
        {"e acute", "/caf\xc3\xa9", false, true},
        {"U+D7FF", "/\xed\x9f\xbf", false, true},
        {"U+D800 encoded", "/\xed\xa0\x80", false, false},
        {"U+E000", "/\xee\x80\x80", false, false},
        {"U+F8FF", "/\xef\xa3\xbf", false, false},
        {"U+F900", "/\xef\xa4\x80", false, true},
        {"U+FFEF", "/\xef\xbf\xaf", false, true},
        {"U+FFF0", "/\xef\xbf\xb0", false, false},
        {"U+FFFD", "/\xef\xbf\xbd", false, false},
        {"U+FFFF", "/\xef\xbf\xbf", false, false},
        {"outside the BMP", "/\xf0\x9f\x98\x80", false, false},
        {"byte FF", "/\xff", false, false},
        {"truncated sequence", "/\xc3", false, false},
        {"truncated before slash", "/a/\xe4\xb8", false, false},
        {"overlong slash", "/\xc0\xaf", false, false},
        {"overlong three bytes", "/\xe0\x80\xaf", false, false},
        {"lone continuation", "/\x80", false, false},
        {"CJK", "/\xe4\xb8\xad\xe6\x96\x87", false, true},
        {"sequential trailing slash", "/a/", true, true},
        {"sequential root", "/", true, true},
        {"sequential plain", "/a", true, true},
        {"sequential empty segment", "/a//", true, false},
        {"sequential empty", "", true, false},
        {"sequential after dot", "/a/.", true, true},
        {"sequential after dot dot", "/a/..", true, true},
    };
    for (const auto& row : rows) {
        QTest::newRow(row.name) << row.path << row.sequential << row.valid;
    }
}

void TestPathAcl::validate_path() {
    QFETCH(QByteArray, path);
    QFETCH(bool, sequential);
    QFETCH(bool, valid);
    QCOMPARE(zs::tree::validate_path(bytes(path), sequential),
             valid ? ErrorCode::ok : ErrorCode::bad_arguments);
}

void TestPathAcl::parent_and_basename_data() {
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("parent");
    QTest::addColumn<QByteArray>("basename");
    QTest::newRow("root") << QByteArray("/") << QByteArray("") << QByteArray("");
    QTest::newRow("top level") << QByteArray("/a") << QByteArray("/") << QByteArray("a");
    QTest::newRow("nested") << QByteArray("/a/bc") << QByteArray("/a") << QByteArray("bc");
    QTest::newRow("trailing slash") << QByteArray("/a/") << QByteArray("/a") << QByteArray("");
    QTest::newRow("no slash") << QByteArray("abc") << QByteArray("") << QByteArray("abc");
}

void TestPathAcl::parent_and_basename() {
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, parent);
    QFETCH(QByteArray, basename);
    const std::string text = bytes(path);
    QCOMPARE(std::string(zs::tree::parent_of(text)), bytes(parent));
    QCOMPARE(std::string(zs::tree::basename_of(text)), bytes(basename));
}

void TestPathAcl::utf16_length() {
    QCOMPARE(zs::tree::utf16_length(""), 0);
    QCOMPARE(zs::tree::utf16_length("/zookeeper"), 10);
    QCOMPARE(zs::tree::utf16_length("/caf\xc3\xa9"), 5);
    QCOMPARE(zs::tree::utf16_length("/\xe4\xb8\xad"), 2);
    QCOMPARE(zs::tree::utf16_length("/\xf0\x9f\x98\x80"), 3);
}

void TestPathAcl::digest_id_data() {
    QTest::addColumn<QByteArray>("credentials");
    QTest::addColumn<QByteArray>("id");
    // Values printed by ZooKeeper 3.8's DigestAuthenticationProvider main().
    QTest::newRow("super") << QByteArray("super:superpw")
                           << QByteArray("super:g9oN2HttPfn8MMWJZ2r45Np/LIA=");
    QTest::newRow("bob") << QByteArray("bob:secret")
                         << QByteArray("bob:fyVmFCwVbTJYrznoSu1koqYEYF0=");
    QTest::newRow("no colon") << QByteArray("nocolon")
                              << QByteArray("nocolon:Ra+cHr2ZoHvBjtNArFGNGlVie4g=");
    QTest::newRow("two colons") << QByteArray("a:b:c")
                                << QByteArray("a:cLzgnoJ6mP5qz3w+mwvPE2vDgu0=");
    QTest::newRow("empty user") << QByteArray(":x") << QByteArray(":57b19mLA2vMhI/edHul/TytWqWE=");
}

void TestPathAcl::digest_id() {
    QFETCH(QByteArray, credentials);
    QFETCH(QByteArray, id);
    QCOMPARE(zs::tree::digest_id(bytes(credentials)), bytes(id));
}

void TestPathAcl::acl_permits_data() {
    QTest::addColumn<QByteArray>("scheme");
    QTest::addColumn<QByteArray>("id");
    QTest::addColumn<int>("perms");
    QTest::addColumn<int>("wanted");
    QTest::addColumn<QByteArray>("remote_ip");
    QTest::addColumn<QByteArray>("auth_scheme");
    QTest::addColumn<QByteArray>("auth_id");
    QTest::addColumn<bool>("permitted");
    const struct {
        const char* name;
        const char* scheme;
        const char* id;
        int perms;
        int wanted;
        const char* remote_ip;
        const char* auth_scheme;
        const char* auth_id;
        bool permitted;
    } rows[] = {
        {"world anyone", "world", "anyone", perm::all, perm::read, "1.2.3.4", "", "", true},
        {"world lacks perm", "world", "anyone", perm::read, perm::write, "1.2.3.4", "", "", false},
        {"world other id", "world", "someone", perm::all, perm::read, "1.2.3.4", "", "", false},
        {"digest match", "digest", "bob:hash", perm::all, perm::admin, "", "digest", "bob:hash",
         true},
        {"digest mismatch", "digest", "bob:hash", perm::all, perm::admin, "", "digest", "bob:other",
         false},
        {"digest wrong perm", "digest", "bob:hash", perm::read, perm::admin, "", "digest",
         "bob:hash", false},
        {"super passes", "digest", "bob:hash", perm::read, perm::admin, "", "super", "", true},
        {"ip exact", "ip", "10.1.2.3", perm::all, perm::read, "10.1.2.3", "", "", true},
        {"ip exact other", "ip", "10.1.2.3", perm::all, perm::read, "10.1.2.4", "", "", false},
        {"ip cidr 8", "ip", "10.0.0.0/8", perm::all, perm::read, "10.200.3.4", "", "", true},
        {"ip cidr 8 outside", "ip", "10.0.0.0/8", perm::all, perm::read, "11.0.0.1", "", "", false},
        {"ip cidr 20", "ip", "192.168.16.0/20", perm::all, perm::read, "192.168.31.255", "", "",
         true},
        {"ip cidr 20 outside", "ip", "192.168.16.0/20", perm::all, perm::read, "192.168.32.0", "",
         "", false},
        {"ip cidr host bits ignored", "ip", "192.168.1.77/24", perm::all, perm::read, "192.168.1.3",
         "", "", true},
        {"ip cidr 0", "ip", "0.0.0.0/0", perm::all, perm::read, "8.8.8.8", "", "", true},
        {"ip cidr 32", "ip", "8.8.8.8/32", perm::all, perm::read, "8.8.8.9", "", "", false},
        {"ip bad bits", "ip", "10.0.0.0/33", perm::all, perm::read, "10.0.0.0", "", "", false},
        {"ip from addauth", "ip", "10.1.2.3", perm::all, perm::read, "", "ip", "10.1.2.3", true},
        {"ipv6 exact", "ip", "::1", perm::all, perm::read, "0:0:0:0:0:0:0:1", "", "", true},
        {"ipv6 other", "ip", "::1", perm::all, perm::read, "::2", "", "", false},
        {"ipv6 prefix", "ip", "fe80::/16", perm::all, perm::read, "fe80::1:2", "", "", true},
        {"ipv6 vs ipv4", "ip", "::1", perm::all, perm::read, "127.0.0.1", "", "", false},
        {"no matching scheme", "digest", "bob:hash", perm::all, perm::read, "10.0.0.1", "ip",
         "10.0.0.1", false},
    };
    for (const auto& row : rows) {
        QTest::newRow(row.name) << QByteArray(row.scheme) << QByteArray(row.id) << row.perms
                                << row.wanted << QByteArray(row.remote_ip)
                                << QByteArray(row.auth_scheme) << QByteArray(row.auth_id)
                                << row.permitted;
    }
}

void TestPathAcl::acl_permits() {
    QFETCH(QByteArray, scheme);
    QFETCH(QByteArray, id);
    QFETCH(int, perms);
    QFETCH(int, wanted);
    QFETCH(QByteArray, remote_ip);
    QFETCH(QByteArray, auth_scheme);
    QFETCH(QByteArray, auth_id);
    QFETCH(bool, permitted);
    AuthInfo auth{bytes(remote_ip), {}};
    if (!auth_scheme.isEmpty()) {
        auth.ids.push_back(Id{bytes(auth_scheme), bytes(auth_id)});
    }
    const std::vector<Acl> list{Acl{perms, Id{bytes(scheme), bytes(id)}}};
    QCOMPARE(zs::tree::acl_permits(list, wanted, auth), permitted);
}

void TestPathAcl::fix_acl_valid_entries() {
    const AuthInfo auth{"127.0.0.1", {}};
    std::vector<Acl> list{
        acl(perm::all, "world", "anyone"),      acl(perm::read, "ip", "10.0.0.0/8"),
        acl(perm::read, "ip", "1.2.3.4"),       acl(perm::read, "ip", "::1"),
        acl(perm::write, "digest", "bob:hash"), acl(perm::write, "digest", ":hash"),
        acl(perm::write, "digest", "a:b:")};
    const std::vector<Acl> expected = list;
    QCOMPARE(zs::tree::fix_acl(list, auth), ErrorCode::ok);
    QVERIFY(list == expected);
    // Java's checkACL does not look at the perms, and neither does fixupACL.
    std::vector<Acl> odd_perms{acl(0, "world", "anyone"), acl(64, "ip", "1.2.3.4")};
    QCOMPARE(zs::tree::fix_acl(odd_perms, auth), ErrorCode::ok);
    QCOMPARE(odd_perms.size(), size_t(2));
}

void TestPathAcl::fix_acl_rejects_data() {
    QTest::addColumn<QByteArray>("scheme");
    QTest::addColumn<QByteArray>("id");
    QTest::newRow("world other id") << QByteArray("world") << QByteArray("everyone");
    QTest::newRow("unknown scheme") << QByteArray("sasl") << QByteArray("bob");
    QTest::newRow("super scheme") << QByteArray("super") << QByteArray("");
    QTest::newRow("empty scheme") << QByteArray("") << QByteArray("x");
    QTest::newRow("digest without colon") << QByteArray("digest") << QByteArray("bob");
    QTest::newRow("digest empty hash") << QByteArray("digest") << QByteArray("bob:");
    QTest::newRow("digest three parts") << QByteArray("digest") << QByteArray("a:b:c");
    QTest::newRow("ip not an address") << QByteArray("ip") << QByteArray("localhost");
    QTest::newRow("ip octet too big") << QByteArray("ip") << QByteArray("1.2.3.256");
    QTest::newRow("ip three octets") << QByteArray("ip") << QByteArray("1.2.3");
    QTest::newRow("ip bits too big") << QByteArray("ip") << QByteArray("1.2.3.4/33");
    QTest::newRow("ip empty bits") << QByteArray("ip") << QByteArray("1.2.3.4/");
    QTest::newRow("ipv6 two gaps") << QByteArray("ip") << QByteArray("1::2::3");
    QTest::newRow("ipv6 long group") << QByteArray("ip") << QByteArray("12345::1");
    QTest::newRow("ipv6 bits too big") << QByteArray("ip") << QByteArray("::1/129");
    QTest::newRow("auth without identity") << QByteArray("auth") << QByteArray("");
}

void TestPathAcl::fix_acl_rejects() {
    QFETCH(QByteArray, scheme);
    QFETCH(QByteArray, id);
    // The caller has only its address and a super identity: neither is "authenticated".
    const AuthInfo auth{"127.0.0.1", {Id{"super", ""}, Id{"ip", "127.0.0.1"}}};
    std::vector<Acl> list{acl(perm::all, "world", "anyone"),
                          Acl{perm::all, Id{bytes(scheme), bytes(id)}}};
    const std::vector<Acl> before = list;
    QCOMPARE(zs::tree::fix_acl(list, auth), ErrorCode::invalid_acl);
    QVERIFY(list == before);
}

void TestPathAcl::fix_acl_expands_auth() {
    const AuthInfo auth{
        "127.0.0.1",
        {Id{"ip", "127.0.0.1"}, Id{"digest", "bob:h1"}, Id{"super", ""}, Id{"digest", "amy:h2"}}};
    std::vector<Acl> list{acl(perm::read, "world", "anyone"), acl(perm::all, "auth", "ignored")};
    QCOMPARE(zs::tree::fix_acl(list, auth), ErrorCode::ok);
    const std::vector<Acl> expected{acl(perm::read, "world", "anyone"),
                                    acl(perm::all, "digest", "bob:h1"),
                                    acl(perm::all, "digest", "amy:h2")};
    QVERIFY(list == expected);

    std::vector<Acl> empty;
    QCOMPARE(zs::tree::fix_acl(empty, auth), ErrorCode::invalid_acl);
}

void TestPathAcl::fix_acl_removes_duplicates_before_expanding() {
    const AuthInfo auth{"127.0.0.1", {Id{"digest", "bob:h1"}}};
    std::vector<Acl> list{acl(perm::all, "world", "anyone"), acl(perm::all, "world", "anyone"),
                          acl(perm::all, "auth", ""), acl(perm::all, "digest", "bob:h1"),
                          acl(perm::all, "auth", "")};
    QCOMPARE(zs::tree::fix_acl(list, auth), ErrorCode::ok);
    // ZooKeeper deduplicates the request, not the expansion.
    const std::vector<Acl> expected{acl(perm::all, "world", "anyone"),
                                    acl(perm::all, "digest", "bob:h1"),
                                    acl(perm::all, "digest", "bob:h1")};
    QVERIFY(list == expected);
}

int run_path_acl_tests(int argc, char** argv) {
    TestPathAcl test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_path_acl.moc"
