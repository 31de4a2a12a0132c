#pragma once

#include "zab/messages.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// The byte form of the replication core's messages between zoonode processes. Each travels in a
// frame (int32 length, then the body); the body is a one-byte tag naming the message, then its
// fields in jute encoding (big-endian, as everything else zoonode writes). Only zoonodes speak
// it: an ensemble is all zoonode or all Apache ZooKeeper.
namespace zs::quorum {

// Bodies larger than this are refused (a SNAP carries a whole tree).
inline constexpr int32_t kMaxFrameBytes = 1 << 30;

// Which connection a frame travels on: election notifications, or a learner link.
enum class Channel : uint8_t { election = 1, learner = 2 };

// The first frame on every connection: who is calling, for what, and where it listens (so that
// a server not in the callee's membership, one joining or one a reconfig removed, can be
// answered, as ZooKeeper's QuorumCnxManager learns a caller's election address).
struct Hello {
    zab::ServerId from = 0;
    Channel channel = Channel::election;
    std::string host;
    uint16_t quorum_port = 0;
    uint16_t election_port = 0;

    bool operator==(const Hello&) const = default;
};

std::string encode_hello(const Hello& hello);
std::optional<Hello> decode_hello(std::string_view body);

// A message body, unframed.
std::string encode_body(const zab::Body& body);
// nullopt for anything malformed: an unknown tag, a truncated field, trailing bytes, a null
// payload where one is required.
std::optional<zab::Body> decode_body(std::string_view body);

// A frame: the length, then the bytes.
std::string frame(std::string_view body);

} // namespace zs::quorum
