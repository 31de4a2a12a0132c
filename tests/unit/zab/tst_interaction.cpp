// Golden interaction tests of the replication core: each file under testdata/ is a script of
// commands, each followed by "----" and the trace it must produce. Set ZS_GOLDEN_REWRITE=1 to
// write the traces the code produces now into the files (then read the diff).
//
// Commands:
//   ensemble P [observers=O] [max_diff=N] [durable=ID:ACCEPTED/CURRENT/LASTZXID ...]
//   tick N [ID ...]            N ticks of the servers named (default: every running server)
//   deliver FROM->TO [COUNT]   deliver what waits on a link (default: all of it)
//   drop FROM->TO              lose what waits on a link
//   stabilize                  deliver everything until nothing waits
//   cut FROM->TO | cut A<->B   lose what is sent on links from now on; heal restores them
//   heal
//   propose ID TXN             the leader proposes a txn ("k=v" sets k in the state)
//   forward ID TXN             a learner forwards a client's write to its leader (REQUEST)
//   sync ID                    a learner asks its leader for a SYNC
//   crash ID | restart ID
//   status                     every server's state, phase, vote and epochs
#include "sim/stepper.h"
#include "trace/event.h"

#include <QtTest>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

using namespace zs;

namespace {

std::vector<std::string> words_of(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> words;
    for (std::string word; in >> word;) {
        words.push_back(word);
    }
    return words;
}

std::pair<zab::ServerId, zab::ServerId> link_of(const std::string& word, std::string_view arrow) {
    const size_t at = word.find(arrow);
    if (at == std::string::npos) {
        throw std::runtime_error("expected FROM" + std::string(arrow) + "TO, got " + word);
    }
    return {std::stoll(word.substr(0, at)), std::stoll(word.substr(at + arrow.size()))};
}

// "s3 t25 VoteSent to=1 leader=3 zxid=0x0 peer_epoch=0 round=1 state=LOOKING"
std::string render(const trace::Event& event) {
    const auto fields = nlohmann::ordered_json::parse(trace::to_ndjson(event));
    std::string line =
        fmt::format("s{} t{} {}", event.server, event.tick, trace::name_of(event.body));
    for (const auto& [key, value] : fields.items()) {
        if (key == "server" || key == "tick" || key == "type") {
            continue;
        }
        line += " " + key + "=" +
                (value.is_string() ? value.get<std::string>()
                 : value.is_null() ? "-"
                                   : value.dump());
    }
    return line;
}

std::string status_of(const sim::Stepper& stepper) {
    std::string out;
    for (const zab::ServerId id : stepper.ids()) {
        const zab::Core* core = stepper.core(id);
        const zab::DurableState& durable = stepper.durable(id);
        if (core == nullptr) {
            out += fmt::format("s{} down accepted={} current={}\n", id, durable.accepted_epoch,
                               durable.current_epoch);
            continue;
        }
        const zab::Vote& vote = core->current_vote();
        std::string state;
        for (const auto& [key, value] : stepper.storage(id).state()) {
            state += (state.empty() ? "" : ",") + key + "=" + value;
        }
        out += fmt::format(
            "s{} {} {} leader={} round={} accepted={} current={} log=0x{:x} applied=0x{:x} "
            "state={{{}}}\n",
            id, zab::name_of(core->state()), zab::name_of(core->phase()),
            vote.leader == zab::kNoServer ? std::string("-") : std::to_string(vote.leader),
            core->round(), durable.accepted_epoch, durable.current_epoch,
            stepper.storage(id).last_zxid(), core->applied_zxid(), state);
    }
    return out;
}

class Script {
  public:
    // Runs one command; what it printed.
    std::string run(const std::vector<std::string>& words) {
        const std::string& command = words.at(0);
        if (command == "ensemble") {
            start(words);
        } else if (command == "tick") {
            std::vector<zab::ServerId> ids;
            for (size_t i = 2; i < words.size(); ++i) {
                ids.push_back(std::stoll(words[i]));
            }
            stepper().tick(ids, std::stoll(words.at(1)));
        } else if (command == "deliver") {
            const auto [from, to] = link_of(words.at(1), "->");
            stepper().deliver(from, to, words.size() > 2 ? std::stoull(words[2]) : SIZE_MAX);
        } else if (command == "drop") {
            const auto [from, to] = link_of(words.at(1), "->");
            stepper().drop(from, to);
        } else if (command == "stabilize") {
            if (!stepper().stabilize()) {
                std::string last;
                const auto events = stepper().take_events();
                for (size_t k = events.size() > 12 ? events.size() - 12 : 0; k < events.size();
                     ++k) {
                    last += "\n" + render(events[k]);
                }
                throw std::runtime_error("stabilize: still talking after 100000 deliveries:" +
                                         last);
            }
        } else if (command == "cut") {
            const bool both = words.at(1).find("<->") != std::string::npos;
            const auto [from, to] = link_of(words.at(1), both ? "<->" : "->");
            stepper().cut(from, to);
            if (both) {
                stepper().cut(to, from);
            }
        } else if (command == "heal") {
            stepper().heal();
        } else if (command == "propose") {
            if (stepper().propose(std::stoll(words.at(1)), words.at(2)) == 0) {
                return "not proposed: server " + words[1] + " does not lead a broadcasting epoch\n";
            }
        } else if (command == "forward") {
            if (!stepper().forward(std::stoll(words.at(1)), words.at(2))) {
                return "not forwarded: server " + words[1] + " follows no leader in broadcast\n";
            }
        } else if (command == "sync") {
            if (!stepper().sync(std::stoll(words.at(1)))) {
                return "no sync: server " + words[1] + " follows no leader in broadcast\n";
            }
        } else if (command == "crash") {
            stepper().crash(std::stoll(words.at(1)));
        } else if (command == "restart") {
            stepper().restart(std::stoll(words.at(1)));
        } else if (command == "status") {
            return status_of(stepper());
        } else {
            throw std::runtime_error("unknown command " + command);
        }
        std::string out;
        for (const trace::Event& event : stepper().take_events()) {
            out += render(event) + "\n";
        }
        return out;
    }

  private:
    void start(const std::vector<std::string>& words) {
        int observers = 0;
        size_t max_diff_txns = 100000;
        std::map<zab::ServerId, sim::Disk> durable;
        for (size_t i = 2; i < words.size(); ++i) {
            if (words[i].starts_with("observers=")) {
                observers = std::stoi(words[i].substr(10));
            } else if (words[i].starts_with("max_diff=")) {
                max_diff_txns = std::stoull(words[i].substr(9));
            } else if (words[i].starts_with("durable=")) {
                // ID:ACCEPTED/CURRENT/LASTZXID, the zxid in hex
                long long id = 0;
                long long accepted = 0;
                long long current = 0;
                unsigned long long zxid = 0;
                if (std::sscanf(words[i].c_str() + 8, "%lld:%lld/%lld/%llx", &id, &accepted,
                                &current, &zxid) != 4) {
                    throw std::runtime_error("bad durable= " + words[i]);
                }
                durable[id] = {accepted, current, static_cast<int64_t>(zxid)};
            }
        }
        zab::Timing timing;
        timing.finalize_wait = 5;
        timing.min_notification_interval = 10;
        timing.connect_retry = 10;
        timing.init_limit = 100;
        stepper_.emplace(std::stoi(words.at(1)), observers, timing, durable, max_diff_txns);
    }
    sim::Stepper& stepper() {
        if (!stepper_) {
            throw std::runtime_error("the script must start with `ensemble`");
        }
        return *stepper_;
    }

    std::optional<sim::Stepper> stepper_;
};

// Runs a golden file; the file as it should read with the outputs the code gives now. A command
// written without a "----" block gets one.
std::string replay(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    std::string out;
    Script script;
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        if (line.empty() || line.starts_with("#")) {
            out += line + "\n";
            continue;
        }
        // Skip the expected output written last time: "----" up to a blank line.
        if (i + 1 < lines.size() && lines[i + 1] == "----") {
            for (i += 2; i < lines.size() && !lines[i].empty(); ++i) {
            }
            --i; // the blank line after the block is the file's, kept as it is
        }
        out += line + "\n----\n" + script.run(words_of(line));
        if (i + 1 >= lines.size() || !lines[i + 1].empty()) {
            out += "\n"; // every block ends with a blank line
        }
    }
    return out;
}

} // namespace

class TestInteraction : public QObject {
    Q_OBJECT

  private slots:
    void golden_data() {
        QTest::addColumn<QString>("path");
        const QDir dir(QStringLiteral(ZS_GOLDEN_DIR));
        for (const QString& name : dir.entryList({"*.txt"}, QDir::Files, QDir::Name)) {
            QTest::newRow(qPrintable(name)) << dir.filePath(name);
        }
    }
    void golden() {
        QFETCH(QString, path);
        std::ifstream file(path.toStdString());
        std::stringstream text;
        text << file.rdbuf();
        std::string produced;
        try {
            produced = replay(text.str());
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
        if (qEnvironmentVariableIsSet("ZS_GOLDEN_REWRITE")) {
            std::ofstream(path.toStdString()) << produced;
            return;
        }
        QCOMPARE(QString::fromStdString(produced), QString::fromStdString(text.str()));
    }
};

QTEST_APPLESS_MAIN(TestInteraction)
#include "tst_interaction.moc"
