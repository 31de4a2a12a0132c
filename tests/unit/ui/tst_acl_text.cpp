// ACL entries as the ACL editor checks and shows them, and the digest generator.
#include "models/acl_text.h"

#include <QCryptographicHash>
#include <QTest>

using zs::proto::Acl;
using zs::proto::Id;
namespace perm = zs::proto::perm;

class TestAclText : public QObject {
    Q_OBJECT

  private slots:
    void digestIsSha1OfUserAndPassword() {
        // base64(sha1("bob:secret")), as ZooKeeper's DigestAuthenticationProvider makes it.
        QCOMPARE(
            zs::ui::digest_id("bob", "secret"),
            QStringLiteral("bob:") +
                QString::fromLatin1(
                    QCryptographicHash::hash("bob:secret", QCryptographicHash::Sha1).toBase64()));
        QVERIFY(zs::ui::digest_id("bob", "secret") != zs::ui::digest_id("bob", "Secret"));
    }

    void permsInZkCliOrder() {
        QCOMPARE(zs::ui::perms_text(perm::all), QStringLiteral("cdrwa"));
        QCOMPARE(zs::ui::perms_text(perm::read | perm::admin), QStringLiteral("ra"));
        QCOMPARE(zs::ui::perms_text(0), QString());
    }

    void checksEachScheme_data() {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QString>("id");
        QTest::addColumn<bool>("valid");
        QTest::newRow("world") << "world"
                               << "anyone" << true;
        QTest::newRow("world other") << "world"
                                     << "someone" << false;
        QTest::newRow("digest") << "digest"
                                << "bob:abc=" << true;
        QTest::newRow("digest no hash") << "digest"
                                        << "bob" << false;
        QTest::newRow("digest no user") << "digest"
                                        << ":abc" << false;
        QTest::newRow("ip") << "ip"
                            << "127.0.0.1" << true;
        QTest::newRow("ip cidr") << "ip"
                                 << "10.0.0.0/8" << true;
        QTest::newRow("ipv6 cidr") << "ip"
                                   << "fe80::/64" << true;
        QTest::newRow("ip bad mask") << "ip"
                                     << "10.0.0.0/33" << false;
        QTest::newRow("ip garbage") << "ip"
                                    << "ten" << false;
        QTest::newRow("auth") << "auth"
                              << "" << true;
        QTest::newRow("unknown") << "kerberos"
                                 << "x" << false;
    }

    void checksEachScheme() {
        QFETCH(QString, scheme);
        QFETCH(QString, id);
        QFETCH(bool, valid);
        const std::vector<Acl> acl{Acl{perm::read, Id{scheme.toStdString(), id.toStdString()}}};
        const auto problem = zs::ui::acl_problem(acl);
        QVERIFY2(problem.has_value() != valid, qPrintable(problem.value_or("valid")));
    }

    void emptyAndPermissionlessAreRefused() {
        QVERIFY(zs::ui::acl_problem({}));
        QVERIFY(zs::ui::acl_problem({Acl{0, Id{"world", "anyone"}}}));
    }
};

QTEST_GUILESS_MAIN(TestAclText)

#include "tst_acl_text.moc"
