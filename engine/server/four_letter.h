#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace zs::server {

class Server;

// The four-letter word a connection's first four bytes spell, if they spell one zoonode answers.
// ZooKeeper reads those bytes as a frame length, so a match is unambiguous: no valid handshake is
// that long.
std::optional<std::string> four_letter_command(int32_t first_word);

// The text ZooKeeper 3.8 answers to `command`, byte for byte in layout, so that monitoring scripts
// written for ZooKeeper parse it. Commands outside 4lw.commands.whitelist get ZooKeeper's refusal.
std::string run_four_letter(Server& server, const std::string& command);

} // namespace zs::server
