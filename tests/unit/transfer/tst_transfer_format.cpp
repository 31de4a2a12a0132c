// The export formats' readers on hostile input (every rejection names the problem), and the
// shared base64 and UTF-8 helpers.
#include "transfer/encoding.h"
#include "transfer/transfer.h"

#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <random>

using namespace zs::transfer;
namespace fs = std::filesystem;

namespace {

const std::string kHeader = R"({"format":"zooscope-export","version":1,"root":"/a"})";
const std::string kAcl = R"("acl":[{"scheme":"world","id":"anyone","perms":"cdrwa"}])";

std::string node(const std::string& path, const std::string& extra = R"("data":null)") {
    return R"({"path":")" + path + R"(","kind":"persistent",)" + extra + "," + kAcl + "}";
}

std::string file(const std::vector<std::string>& lines) {
    std::string text;
    for (const std::string& line : lines) {
        text += line + "\n";
    }
    return text;
}

std::string error_of(const std::string& text) {
    auto parsed = parse_json(text);
    if (auto* error = std::get_if<std::string>(&parsed)) {
        return *error;
    }
    return "(accepted)";
}

void write_file(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

} // namespace

class TestTransferFormat : public QObject {
    Q_OBJECT

  private slots:
    void base64RoundTrip();
    void base64RejectsNonCanonical();
    void utf8();
    void acceptsAGoodFile();
    void rejectsHostileJson_data();
    void rejectsHostileJson();
    void permsLetters();
    void readsADirectory();
    void rejectsHostileDirectories();
};

void TestTransferFormat::base64RoundTrip() {
    std::mt19937 random(7);
    for (size_t length = 0; length < 200; ++length) {
        std::string bytes(length, '\0');
        for (char& c : bytes) {
            c = char(random());
        }
        const std::string encoded = base64_encode(bytes);
        QCOMPARE(encoded.size(), (length + 2) / 3 * 4);
        const auto decoded = base64_decode(encoded);
        QVERIFY(decoded.has_value());
        QVERIFY(*decoded == bytes);
    }
    QCOMPARE(base64_encode("hello"), std::string("aGVsbG8="));
    QCOMPARE(base64_encode(std::string("\0\xff", 2)), std::string("AP8="));
}

void TestTransferFormat::base64RejectsNonCanonical() {
    for (const char* bad : {"A", "AB", "ABC", "A===", "AB=C", " QQ==", "QQ== ", "QR==", "QUI=x",
                            "Q\nQ=", "QQ=A", "====", "*QQ="}) {
        QVERIFY2(!base64_decode(bad).has_value(), bad);
    }
    QCOMPARE(*base64_decode(""), std::string());
    QCOMPARE(*base64_decode("QQ=="), std::string("A"));
}

void TestTransferFormat::utf8() {
    QVERIFY(valid_utf8(""));
    QVERIFY(valid_utf8("plain"));
    QVERIFY(valid_utf8("\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
    QVERIFY(!valid_utf8("\xff"));
    QVERIFY(!valid_utf8("\xc0\xaf"));         // overlong '/'
    QVERIFY(!valid_utf8("\xed\xa0\x80"));     // a surrogate
    QVERIFY(!valid_utf8("\xf4\x90\x80\x80")); // past U+10FFFF
    QVERIFY(!valid_utf8("\xe2\x82"));         // cut short
}

void TestTransferFormat::acceptsAGoodFile() {
    const std::string text =
        file({kHeader, node(""), node("b", R"("data":"AP8=","encoding":"base64")"),
              node("b/@c", R"("data":"")"), node("d", R"("data":"text")")});
    auto parsed = parse_json(text);
    QVERIFY2(std::holds_alternative<Source>(parsed), error_of(text).c_str());
    const Source& source = std::get<Source>(parsed);
    QCOMPARE(source.root, std::string("/a"));
    QCOMPARE(source.nodes.size(), size_t(4));
    QVERIFY(!source.nodes[0].data);
    QCOMPARE(*source.nodes[1].data, std::string("\0\xff", 2));
    QCOMPARE(*source.nodes[2].data, std::string());
    QCOMPARE(source.nodes[3].acl.size(), size_t(1));
}

void TestTransferFormat::rejectsHostileJson_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    const auto row = [](const char* name, const std::string& text, const char* message) {
        QTest::newRow(name) << QByteArray::fromStdString(text) << QString(message);
    };
    row("empty", "", "line 1: empty file");
    row("not json", "{\n", "line 1: malformed JSON");
    row("not an object", "[1]\n", "line 1: expected a JSON object");
    row("wrong format", file({R"({"format":"other","version":1})"}),
        "line 1: not a zooscope-export file");
    row("wrong version", file({R"({"format":"zooscope-export","version":2})"}),
        "line 1: unsupported version 2");
    row("no nodes", file({kHeader}), "the export holds no nodes");
    row("dot dot", file({kHeader, node(""), node("../x")}),
        "line 3: node '../x': '..' segment escapes the root");
    row("inner dot dot", file({kHeader, node(""), node("b"), node("b/../../x")}),
        "line 4: node 'b/../../x': '..' segment escapes the root");
    row("absolute", file({kHeader, node(""), node("/etc")}), "line 3: node '/etc': absolute path");
    row("empty segment", file({kHeader, node(""), node("b"), node("b//c")}),
        "line 4: node 'b//c': empty path segment");
    row("dot", file({kHeader, node(""), node(".")}), "line 3: node '.': '.' segment");
    row("control character", file({kHeader, node(""), node("b\\u0001")}), "not a valid znode path");
    row("duplicate", file({kHeader, node(""), node("b"), node("b")}),
        "line 4: node 'b': duplicate path (also line 3)");
    row("missing parent", file({kHeader, node(""), node("b/c")}),
        "line 3: node 'b/c': its parent 'b' is not in the export");
    row("too large", file({kHeader, node("", "\"data\":\"" + std::string(0x100000, 'x') + "\"")}),
        "line 2: node '': data is 1048576 bytes, more than jute.maxbuffer");
    row("bad base64", file({kHeader, node("", R"("data":"@@@=","encoding":"base64")")}),
        "line 2: node '': bad base64");
    row("bad encoding", file({kHeader, node("", R"("data":"x","encoding":"rot13")")}),
        "\"encoding\" must be");
    row("data missing", file({kHeader, R"({"path":"","kind":"persistent",)" + kAcl + "}"}),
        "\"data\" must be a string or null");
    row("bad perms",
        file(
            {kHeader,
             R"({"path":"","kind":"persistent","data":null,"acl":[{"scheme":"world","id":"anyone","perms":"crwdx"}]})"}),
        "line 2: node '': bad ACL perms \"crwdx\"");
    row("repeated perms",
        file(
            {kHeader,
             R"({"path":"","kind":"persistent","data":null,"acl":[{"scheme":"world","id":"anyone","perms":"rr"}]})"}),
        "bad ACL perms \"rr\"");
    row("world id",
        file(
            {kHeader,
             R"({"path":"","kind":"persistent","data":null,"acl":[{"scheme":"world","id":"bob","perms":"r"}]})"}),
        "the world scheme's id is anyone");
    row("digest id",
        file(
            {kHeader,
             R"({"path":"","kind":"persistent","data":null,"acl":[{"scheme":"digest","id":"bob","perms":"r"}]})"}),
        "a digest id is user:hash");
    row("empty acl", file({kHeader, R"({"path":"","kind":"persistent","data":null,"acl":[]})"}),
        "empty ACL list");
    row("acl entry",
        file({kHeader, R"({"path":"","kind":"persistent","data":null,"acl":["world:anyone:r"]})"}),
        "bad ACL entry");
    row("bad kind", file({kHeader, R"({"path":"","kind":"weird","data":null,)" + kAcl + "}"}),
        "\"kind\" must be persistent, container, ttl or ephemeral");
    row("ttl on persistent",
        file({kHeader, R"({"path":"","kind":"persistent","ttl":5,"data":null,)" + kAcl + "}"}),
        "\"ttl\" is only for kind ttl");
    row("unknown key",
        file({kHeader, R"({"path":"","kind":"persistent","data":null,"evil":1,)" + kAcl + "}"}),
        "unknown key \"evil\"");
    row("deep nesting", file({kHeader, R"({"path":"","stat":[[[[[[[[[[[[1]]]]]]]]]]]]})"}),
        "line 2: JSON nested deeper than 8 levels");
    row("very deep nesting", file({kHeader, std::string(100000, '[')}),
        "line 2: JSON nested deeper than 8 levels");
    std::string deep;
    std::vector<std::string> lines{kHeader, node("")};
    for (int i = 0; i < 1002; ++i) {
        deep += deep.empty() ? "d" : "/d";
        lines.push_back(node(deep));
    }
    row("deep path", file(lines), "nested deeper than 1000 levels");
}

void TestTransferFormat::rejectsHostileJson() {
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    const std::string error = error_of(text.toStdString());
    QVERIFY2(error.find(message.toStdString()) != std::string::npos,
             qPrintable(QString("got: %1").arg(QString::fromStdString(error).left(300))));
    QVERIFY(error.find('\n') == std::string::npos);
}

void TestTransferFormat::permsLetters() {
    // The export writes zkCli's letters and reads each at most once.
    QCOMPARE(zs::proto::perm::to_letters(31), std::string("cdrwa"));
    QCOMPARE(zs::proto::perm::to_letters(1), std::string("r"));
    QCOMPARE(*zs::proto::perm::from_letters("adwrc", true), 31);
    QCOMPARE(*zs::proto::perm::from_letters("", true), 0);
    QVERIFY(!zs::proto::perm::from_letters("x", true));
    QVERIFY(!zs::proto::perm::from_letters("cc", true));
    // zooctl, like zkCli, lets a letter repeat.
    QCOMPARE(*zs::proto::perm::from_letters("rr"), zs::proto::perm::read);
}

void TestTransferFormat::readsADirectory() {
    QTemporaryDir temp;
    const fs::path root = temp.path().toStdString();
    const std::string meta = R"({"kind":"persistent",)" + kAcl + "}";
    write_file(root / "@meta.json",
               R"({"format":"zooscope-export","version":1,"root":"/r","kind":"persistent",)" +
                   kAcl + "}");
    fs::create_directory(root / "@@at");
    write_file(root / "@@at" / "@meta.json", meta);
    write_file(root / "@@at" / "@data", std::string("\0\x01", 2));
    fs::create_directory(root / "plain");
    write_file(root / "plain" / "@meta.json", meta);
    write_file(root / "plain" / "@data", "");
    auto read = read_source(root);
    QVERIFY2(std::holds_alternative<Source>(read),
             std::get_if<std::string>(&read) ? std::get<std::string>(read).c_str() : "");
    const Source& source = std::get<Source>(read);
    QCOMPARE(source.root, std::string("/r"));
    QCOMPARE(source.nodes.size(), size_t(3));
    QCOMPARE(source.nodes[1].path, std::string("@at"));
    QCOMPARE(*source.nodes[1].data, std::string("\0\x01", 2));
    QVERIFY(!source.nodes[0].data);
    QCOMPARE(*source.nodes[2].data, std::string());
}

void TestTransferFormat::rejectsHostileDirectories() {
    const std::string meta = R"({"kind":"persistent",)" + kAcl + "}";
    const std::string root_meta =
        R"({"format":"zooscope-export","version":1,"root":"/r","kind":"persistent",)" + kAcl + "}";
    struct Case {
        const char* name;
        std::function<void(const fs::path&)> build;
        const char* message;
    };
    const std::vector<Case> cases = {
        {"no meta", [](const fs::path&) {}, "no @meta.json"},
        {"wrong format", [&](const fs::path& r) { write_file(r / "@meta.json", meta); },
         "not a zooscope-export file"},
        {"symlink",
         [&](const fs::path& r) {
             write_file(r / "@meta.json", root_meta);
             fs::create_directory_symlink("/", r / "escape");
         },
         "symbolic links are not allowed"},
        {"stray file",
         [&](const fs::path& r) {
             write_file(r / "@meta.json", root_meta);
             write_file(r / "notes.txt", "x");
         },
         "unexpected file"},
        {"unescaped @",
         [&](const fs::path& r) {
             write_file(r / "@meta.json", root_meta);
             fs::create_directory(r / "@x");
         },
         "unexpected entry"},
        {"child without meta",
         [&](const fs::path& r) {
             write_file(r / "@meta.json", root_meta);
             fs::create_directory(r / "c");
         },
         "c: no @meta.json"},
        {"large data",
         [&](const fs::path& r) {
             write_file(r / "@meta.json", root_meta);
             write_file(r / "@data", std::string(0x100000, 'x'));
         },
         "1048576 bytes, more than 1048575 (jute.maxbuffer)"},
        {"bad acl",
         [&](const fs::path& r) {
             write_file(
                 r / "@meta.json",
                 R"({"format":"zooscope-export","version":1,"kind":"persistent","acl":[{"scheme":"digest","id":"x","perms":"r"}]})");
         },
         "a digest id is user:hash"},
        {"control name",
         [&](const fs::path& r) {
             write_file(r / "@meta.json", root_meta);
             fs::create_directory(r / "a\x01");
             write_file(r / "a\x01" / "@meta.json", meta);
         },
         "not a valid znode path"},
    };
    for (const Case& c : cases) {
        QTemporaryDir temp;
        const fs::path root = temp.path().toStdString();
        c.build(root);
        auto read = read_source(root);
        const std::string error =
            std::holds_alternative<std::string>(read) ? std::get<std::string>(read) : "(accepted)";
        QVERIFY2(error.find(c.message) != std::string::npos,
                 qPrintable(QString("%1: got %2").arg(c.name, QString::fromStdString(error))));
    }
}

QTEST_APPLESS_MAIN(TestTransferFormat)
#include "tst_transfer_format.moc"
