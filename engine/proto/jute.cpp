#include "proto/jute.h"

#include <cassert>
#include <limits>

namespace zs::proto {

namespace {

void append_big_endian(std::string& out, uint64_t value, int byte_count) {
    // One append per field rather than one per byte: encoding large records (snapshots) is
    // dominated by this.
    char bytes[8];
    for (int i = 0; i < byte_count; ++i) {
        bytes[i] = static_cast<char>((value >> ((byte_count - 1 - i) * 8)) & 0xff);
    }
    out.append(bytes, static_cast<size_t>(byte_count));
}

uint64_t parse_big_endian(const char* bytes, int byte_count) {
    uint64_t value = 0;
    for (int i = 0; i < byte_count; ++i) {
        value = (value << 8) | static_cast<uint8_t>(bytes[i]);
    }
    return value;
}

int32_t checked_length(size_t length) {
    assert(length <= static_cast<size_t>(std::numeric_limits<int32_t>::max()));
    return static_cast<int32_t>(length);
}

} // namespace

void Writer::write_byte(uint8_t value) {
    bytes_.push_back(static_cast<char>(value));
}

void Writer::write_bool(bool value) {
    write_byte(value ? 1 : 0);
}

void Writer::write_int(int32_t value) {
    append_big_endian(bytes_, static_cast<uint32_t>(value), 4);
}

void Writer::write_long(int64_t value) {
    append_big_endian(bytes_, static_cast<uint64_t>(value), 8);
}

void Writer::write_string(std::string_view value) {
    write_int(checked_length(value.size()));
    bytes_.append(value);
}

void Writer::write_string(const std::optional<std::string>& value) {
    if (value) {
        write_string(std::string_view(*value));
    } else {
        write_int(-1);
    }
}

void Writer::write_buffer(std::string_view value) {
    write_string(value);
}

void Writer::write_buffer(const std::optional<std::string>& value) {
    write_string(value);
}

void Writer::write_vector_size(int32_t count) {
    write_int(count);
}

void Writer::begin_frame() {
    open_frames_.push_back(bytes_.size());
    write_int(0);
}

void Writer::end_frame() {
    assert(!open_frames_.empty());
    const size_t start = open_frames_.back();
    open_frames_.pop_back();
    const auto length = static_cast<uint32_t>(checked_length(bytes_.size() - start - 4));
    for (size_t i = 0; i < 4; ++i) {
        bytes_[start + i] = static_cast<char>((length >> ((3 - i) * 8)) & 0xff);
    }
}

std::string Writer::take() {
    assert(open_frames_.empty());
    std::string out = std::move(bytes_);
    bytes_.clear();
    return out;
}

Reader::Reader(std::string_view bytes, int32_t max_field_bytes)
    : bytes_(bytes), max_field_bytes_(max_field_bytes) {}

void Reader::fail() {
    ok_ = false;
    pos_ = bytes_.size();
}

const char* Reader::take(size_t n) {
    if (!ok_ || n > remaining()) {
        fail();
        return nullptr;
    }
    const char* start = bytes_.data() + pos_;
    pos_ += n;
    return start;
}

uint8_t Reader::read_byte() {
    const char* bytes = take(1);
    return bytes ? static_cast<uint8_t>(bytes[0]) : 0;
}

bool Reader::read_bool() {
    return read_byte() != 0;
}

int32_t Reader::read_int() {
    const char* bytes = take(4);
    return bytes ? static_cast<int32_t>(static_cast<uint32_t>(parse_big_endian(bytes, 4))) : 0;
}

int64_t Reader::read_long() {
    const char* bytes = take(8);
    return bytes ? static_cast<int64_t>(parse_big_endian(bytes, 8)) : 0;
}

std::optional<std::string> Reader::read_bytes() {
    const int32_t length = read_int();
    if (!ok_ || length == -1) {
        return std::nullopt;
    }
    if (length < -1 || length > max_field_bytes_ || static_cast<size_t>(length) > remaining()) {
        fail();
        return std::nullopt;
    }
    const char* bytes = take(static_cast<size_t>(length));
    return std::string(bytes, static_cast<size_t>(length));
}

std::optional<std::string> Reader::read_string() {
    return read_bytes();
}

std::optional<std::string> Reader::read_buffer() {
    return read_bytes();
}

int32_t Reader::read_vector_size() {
    const int32_t count = read_int();
    if (!ok_ || count == -1) {
        return 0;
    }
    if (count < -1 || static_cast<size_t>(count) > remaining()) {
        fail();
        return 0;
    }
    return count;
}

} // namespace zs::proto
