// The data editor's formats (detection, rendering, parsing back) and the line diff.
#include "models/data_format.h"
#include "models/line_diff.h"

#include <QTest>

using zs::ui::DataFormat;

class TestDataFormat : public QObject {
    Q_OBJECT

  private slots:
    void detectsFormats_data();
    void detectsFormats();
    void everyFormatRoundTripsBinary();
    void jsonKeepsKeyOrderAndLayout();
    void invalidInputNamesThePlace();
    void textCharsets();
    void diffsLines();
    void hugeDiffIsReplacedWhole();
};

void TestDataFormat::detectsFormats_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<DataFormat>("format");
    QTest::newRow("empty") << QByteArray() << DataFormat::text;
    QTest::newRow("text") << QByteArray("hello world\n") << DataFormat::text;
    QTest::newRow("utf-8") << QByteArray("gr\xc3\xbc\xc3\x9f") << DataFormat::text;
    QTest::newRow("object") << QByteArray(" {\"a\": [1, 2]}") << DataFormat::json;
    QTest::newRow("array") << QByteArray("[true,null]") << DataFormat::json;
    QTest::newRow("number is text") << QByteArray("42") << DataFormat::text;
    QTest::newRow("broken json") << QByteArray("{\"a\":") << DataFormat::text;
    QTest::newRow("xml") << QByteArray("<?xml version=\"1.0\"?><a x=\"1\"><b/></a>")
                         << DataFormat::xml;
    QTest::newRow("broken xml") << QByteArray("<a><b></a>") << DataFormat::text;
    QTest::newRow("nul") << QByteArray("ab\0cd", 5) << DataFormat::hex;
    QTest::newRow("latin-1") << QByteArray("caf\xe9") << DataFormat::hex;
}

void TestDataFormat::detectsFormats() {
    QFETCH(QByteArray, bytes);
    QFETCH(DataFormat, format);
    QCOMPARE(zs::ui::detect_format(bytes), format);
}

void TestDataFormat::everyFormatRoundTripsBinary() {
    QByteArray all;
    for (int i = 0; i < 256; ++i) {
        all += char(i);
    }
    for (auto format : {DataFormat::hex, DataFormat::base64}) {
        const QString text = zs::ui::render_data(all, format);
        const auto parsed = zs::ui::parse_data(text, format);
        QVERIFY2(parsed.bytes, qPrintable(parsed.error));
        QCOMPARE(*parsed.bytes, all);
    }
    QCOMPARE(zs::ui::render_data(QByteArray("\x01\xff", 2), DataFormat::hex),
             QStringLiteral("01 ff"));
    QCOMPARE(zs::ui::render_data(QByteArray(17, 'A'), DataFormat::hex).count(QLatin1Char('\n')), 1);
    // A hex editor's text may be re-wrapped and upper case.
    QCOMPARE(*zs::ui::parse_data(QStringLiteral(" 0A\n ff 10"), DataFormat::hex).bytes,
             QByteArray("\x0a\xff\x10", 3));
}

void TestDataFormat::jsonKeepsKeyOrderAndLayout() {
    const QByteArray compact = R"({"z":1,"a":{"y":[1,2],"b":"\u00fc"}})";
    QVERIFY(zs::ui::is_compact_json(compact));
    const QString pretty = zs::ui::render_data(compact, DataFormat::json);
    QVERIFY(pretty.indexOf(QLatin1String("\"z\"")) < pretty.indexOf(QLatin1String("\"a\"")));
    QVERIFY(pretty.contains(QLatin1String("\n  \"a\": {")));
    // Saved compact again, as it was read.
    QCOMPARE(*zs::ui::parse_data(pretty, DataFormat::json, QStringConverter::Utf8, true).bytes,
             QByteArray(R"({"z":1,"a":{"y":[1,2],"b":"ü"}})"));
    // Pretty data is saved as typed.
    const QString typed = QStringLiteral("{\n  \"k\": 1\n}");
    QCOMPARE(*zs::ui::parse_data(typed, DataFormat::json).bytes, typed.toUtf8());
}

void TestDataFormat::invalidInputNamesThePlace() {
    auto json =
        zs::ui::parse_data(QStringLiteral("{\n  \"a\": 1,\n  \"b\" 2\n}"), DataFormat::json);
    QVERIFY(!json.bytes);
    QVERIFY2(json.error.contains(QLatin1String("line 3")), qPrintable(json.error));
    auto xml = zs::ui::parse_data(QStringLiteral("<a>\n<b></a>"), DataFormat::xml);
    QVERIFY(!xml.bytes);
    QVERIFY2(xml.error.contains(QLatin1String("line 2")), qPrintable(xml.error));
    auto hex = zs::ui::parse_data(QStringLiteral("00 11\n2g"), DataFormat::hex);
    QVERIFY(!hex.bytes);
    QVERIFY2(hex.error.contains(QLatin1String("line 2, column 2")), qPrintable(hex.error));
    QVERIFY(!zs::ui::parse_data(QStringLiteral("abc"), DataFormat::hex).bytes); // half a byte
    QVERIFY(!zs::ui::parse_data(QStringLiteral("a$b="), DataFormat::base64).bytes);
}

void TestDataFormat::textCharsets() {
    const QByteArray latin1("caf\xe9");
    QCOMPARE(zs::ui::render_data(latin1, DataFormat::text, QStringConverter::Latin1),
             QStringLiteral("café"));
    QCOMPARE(*zs::ui::parse_data(QStringLiteral("café"), DataFormat::text, QStringConverter::Latin1)
                  .bytes,
             latin1);
    QCOMPARE(*zs::ui::parse_data(QStringLiteral("café"), DataFormat::text).bytes,
             QByteArray("caf\xc3\xa9"));
    const auto euro =
        zs::ui::parse_data(QStringLiteral("5 €"), DataFormat::text, QStringConverter::Latin1);
    QVERIFY(!euro.bytes);
    QVERIFY2(euro.error.contains(QLatin1String("column 3")), qPrintable(euro.error));
}

void TestDataFormat::diffsLines() {
    const QStringList before{"a", "b", "c", "d"};
    const QStringList after{"a", "c", "x", "d", "e"};
    QCOMPARE(zs::ui::unified_text(zs::ui::diff_lines(before, after)),
             QStringLiteral("  a\n- b\n  c\n+ x\n  d\n+ e"));
    QCOMPARE(zs::ui::unified_text(zs::ui::diff_lines({"1", "2"}, {"3"})),
             QStringLiteral("- 1\n- 2\n+ 3"));
    QCOMPARE(zs::ui::diff_lines({}, {}).size(), size_t(0));
}

void TestDataFormat::hugeDiffIsReplacedWhole() {
    QStringList before;
    QStringList after;
    for (int i = 0; i < 3000; ++i) {
        before << QString::number(i);
        after << QString::number(i + 1'000'000);
    }
    after.append(QStringLiteral("same end"));
    before.append(QStringLiteral("same end"));
    const auto diff = zs::ui::diff_lines(before, after);
    QCOMPARE(diff.size(), size_t(6001));
    QCOMPARE(diff.front().kind, zs::ui::DiffLine::Kind::removed);
    QCOMPARE(diff.back().kind, zs::ui::DiffLine::Kind::same);
}

QTEST_GUILESS_MAIN(TestDataFormat)

#include "tst_data_format.moc"
