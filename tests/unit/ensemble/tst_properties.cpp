// java.util.Properties syntax and the Java number/text rules behind zoo.cfg. Expected values
// were produced by Java 17's Properties.load on the same input.
#include "ensemble/java_text.h"
#include "ensemble/properties.h"
#include "ensemble_tests.h"

#include <QTest>
#include <limits>

using namespace zs::ensemble;

namespace {

// "key=value@line" per entry, one per line, with tab and newline made visible.
QString render(const std::vector<PropertyLine>& properties) {
    QStringList lines;
    for (const PropertyLine& p : properties) {
        QString entry =
            QString::fromStdString(p.key + "=" + p.value + "@") + QString::number(p.line);
        entry.replace(QLatin1Char('\t'), QLatin1String("<TAB>"));
        entry.replace(QLatin1Char('\n'), QLatin1String("<LF>"));
        lines << entry;
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class PropertiesTest : public QObject {
    Q_OBJECT

  private slots:
    void syntax_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");

        QTest::newRow("equals") << QByteArray("a=1\n") << "a=1@1";
        QTest::newRow("colon and blanks around it") << QByteArray("b : 2  \n") << "b=2  @1";
        QTest::newRow("blank separates") << QByteArray("c 3\n") << "c=3@1";
        QTest::newRow("tab ends the key, '=' stays in value")
            << QByteArray("d\te=4\n") << "d=e=4@1";
        QTest::newRow("only one separator is eaten") << QByteArray("j:=k\n") << "j==k@1";
        QTest::newRow("comments") << QByteArray("#x=1\n  !y=2\nz=3") << "z=3@3";
        QTest::newRow("leading blanks skipped") << QByteArray("   \t key = v\n") << "key=v@1";
        QTest::newRow("blank lines count") << QByteArray("\n\n  \n\f\nk=v\n") << "k=v@5";
        QTest::newRow("continuation drops leading blanks")
            << QByteArray("f=multi\\\n   line\\\n\tend\ng=1\n") << "f=multilineend@1\ng=1@4";
        QTest::newRow("even backslashes do not continue")
            << QByteArray("n=1\\\\\nm=2\n") << "n=1\\@1\nm=2@2";
        QTest::newRow("odd backslashes continue") << QByteArray("o=a\\\\\\\n  b\n") << "o=a\\b@1";
        QTest::newRow("continued into a blank line ends there")
            << QByteArray("m = \\\n\nn=1\n") << "m=@1\nn=1@3";
        QTest::newRow("comment lines do not continue") << QByteArray("#c \\\nu=1\n") << "u=1@2";
        QTest::newRow("escaped separator in key") << QByteArray("g\\ h=5\n") << "g h=5@1";
        QTest::newRow("escapes") << QByteArray("i=\\u0041\\t\\n\\z\n") << "i=A<TAB><LF>z@1";
        QTest::newRow("unicode escape to UTF-8")
            << QByteArray("e=caf\\u00e9 \\ud83d\\ude00\n") << QString::fromUtf8("e=café 😀@1");
        QTest::newRow("escaped comment char is a key") << QByteArray("\\#r=1\n") << "#r=1@1";
        QTest::newRow("key without value") << QByteArray("l\n") << "l=@1";
        QTest::newRow("empty key") << QByteArray(": m\n") << "=m@1";
        QTest::newRow("CR and CRLF line ends")
            << QByteArray("p=\rq:x\r\nr=y") << "p=@1\nq=x@2\nr=y@3";
        QTest::newRow("backslash alone at end of file") << QByteArray("s=t\\") << "s=t@1";
        QTest::newRow("whitespace line continued into a key")
            << QByteArray("  \\\n  s=t\n") << "s=t@2";
        QTest::newRow("later definition wins, ordered by its line")
            << QByteArray("a=1\nb=2\na=3\n") << "b=2@2\na=3@3";
        QTest::newRow("bytes pass through")
            << QByteArray("k=\xc3\xa9t\xc3\xa9\n") << QString::fromUtf8("k=été@1");
    }

    void syntax() {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        QCOMPARE(render(parse_properties(text.toStdString())), expected);
    }

    void duplicates_remember_earlier_lines() {
        const auto properties = parse_properties("tickTime=1\n# x\ntickTime=2\ntickTime=3\n");
        QCOMPARE(properties.size(), std::size_t{1});
        QCOMPARE(properties[0].value, std::string("3"));
        QCOMPARE(properties[0].line, 4);
        QCOMPARE(properties[0].overridden_lines, (std::vector<int>{1, 3}));
    }

    void malformed_unicode_escape_is_flagged() {
        auto properties = parse_properties("ok=1\nbad=\\u12\n");
        QCOMPARE(properties.size(), std::size_t{2});
        QCOMPARE(properties[0].malformed_escape_line, 0);
        QCOMPARE(properties[1].malformed_escape_line, 2);
        // Java refuses the file even when a later line redefines the key.
        properties = parse_properties("bad=\\uzz\nbad=fine\n");
        QCOMPARE(properties[0].value, std::string("fine"));
        QCOMPARE(properties[0].malformed_escape_line, 1);
    }

    void java_split_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("parts");
        QTest::newRow("plain") << "a:b:c" << QStringList{"a", "b", "c"};
        QTest::newRow("trailing empties dropped") << "a:b::" << QStringList{"a", "b"};
        QTest::newRow("inner empties kept") << "a::b" << QStringList{"a", "", "b"};
        QTest::newRow("no delimiter") << "" << QStringList{""};
        QTest::newRow("only delimiters") << ":::" << QStringList{};
    }

    void java_split() {
        QFETCH(QString, text);
        QFETCH(QStringList, parts);
        QStringList actual;
        const std::string input = text.toStdString();
        for (std::string_view part : zs::ensemble::java_split(input, ':')) {
            actual << QString::fromStdString(std::string(part));
        }
        QCOMPARE(actual, parts);
    }

    void java_trim_strips_controls() {
        QCOMPARE(std::string(java_trim(std::string_view("\x01 \t v a \r\n\x1f", 12))),
                 std::string("v a"));
        QCOMPARE(std::string(java_trim("   ")), std::string());
    }

    void numbers_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("decode");
        QTest::addColumn<int>("status");
        QTest::addColumn<qlonglong>("value");
        const int ok = int(NumberStatus::ok);
        const int nan = int(NumberStatus::not_a_number);
        const int range = int(NumberStatus::out_of_range);
        QTest::newRow("parseInt") << "2181" << false << ok << 2181LL;
        QTest::newRow("parseInt plus sign") << "+7" << false << ok << 7LL;
        QTest::newRow("parseInt leading zero is decimal") << "010" << false << ok << 10LL;
        QTest::newRow("parseInt rejects hex") << "0x10" << false << nan << 0LL;
        QTest::newRow("parseInt rejects blanks") << " 1" << false << nan << 0LL;
        QTest::newRow("parseInt rejects empty") << "" << false << nan << 0LL;
        QTest::newRow("parseInt min") << "-2147483648" << false << ok << -2147483648LL;
        QTest::newRow("parseInt overflow") << "2147483648" << false << range << 0LL;
        QTest::newRow("decode hex") << "0x200000" << true << ok << 0x200000LL;
        QTest::newRow("decode hash hex") << "#ff" << true << ok << 255LL;
        QTest::newRow("decode octal") << "010" << true << ok << 8LL;
        QTest::newRow("decode bad octal") << "08080" << true << nan << 0LL;
        QTest::newRow("decode negative hex") << "-0x10" << true << ok << -16LL;
        QTest::newRow("decode sign after prefix") << "0x-1" << true << nan << 0LL;
        QTest::newRow("decode zero") << "0" << true << ok << 0LL;
    }

    void numbers() {
        QFETCH(QString, text);
        QFETCH(bool, decode);
        QFETCH(int, status);
        QFETCH(qlonglong, value);
        const std::string input = text.toStdString();
        constexpr int64_t min = std::numeric_limits<int32_t>::min();
        constexpr int64_t max = std::numeric_limits<int32_t>::max();
        const ParsedNumber parsed =
            decode ? decode_java_integer(input, min, max) : parse_java_integer(input, min, max);
        QCOMPARE(int(parsed.status), status);
        if (parsed.status == NumberStatus::ok) {
            QCOMPARE(qlonglong(parsed.value), value);
        }
    }

    void long_limits() {
        constexpr int64_t min = std::numeric_limits<int64_t>::min();
        constexpr int64_t max = std::numeric_limits<int64_t>::max();
        QCOMPARE(parse_java_integer("-9223372036854775808", min, max).value, min);
        QCOMPARE(parse_java_integer("9223372036854775807", min, max).value, max);
        QCOMPARE(parse_java_integer("9223372036854775808", min, max).status,
                 NumberStatus::out_of_range);
        QCOMPARE(parse_java_integer("100000000", min, max, 16).value, int64_t{0x100000000});
    }
};

int run_properties_tests(int argc, char** argv) {
    PropertiesTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_properties.moc"
