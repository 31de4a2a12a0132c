#pragma once

#include "proto/constants.h"

#include <boost/container/small_vector.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zs::proto {

// Serializes jute primitives (big-endian, length-prefixed strings) into an owned byte string.
class Writer {
  public:
    void write_byte(uint8_t value);
    void write_bool(bool value);
    void write_int(int32_t value);
    void write_long(int64_t value);

    // A ustring: int32 length + bytes; a null string is the length -1 and no bytes.
    void write_string(std::string_view value);
    void write_string(const std::optional<std::string>& value);
    // Without these, a std::string or a literal converts equally well to both overloads above.
    void write_string(const std::string& value) { write_string(std::string_view(value)); }
    void write_string(const char* value) { write_string(std::string_view(value)); }

    // A buffer has the same layout as a ustring; the bytes are not required to be UTF-8.
    void write_buffer(std::string_view value);
    void write_buffer(const std::optional<std::string>& value);
    void write_buffer(const std::string& value) { write_buffer(std::string_view(value)); }
    void write_buffer(const char* value) { write_buffer(std::string_view(value)); }

    void write_vector_size(int32_t count);
    // Bytes already in jute form, e.g. a record encoded earlier by another Writer.
    void write_encoded(std::string_view bytes) { bytes_.append(bytes); }

    // A frame is an int32 length followed by that many bytes. begin_frame() reserves the length
    // and end_frame() fills it in, so a record can be written without measuring it first. Frames
    // nest; each end_frame() closes the most recent open one.
    void begin_frame();
    void end_frame();

    // Makes room for `bytes` more without reallocating: large encodings (snapshots) are sized
    // up front instead of growing by copies.
    void reserve(size_t bytes) { bytes_.reserve(bytes_.size() + bytes); }
    size_t size() const { return bytes_.size(); }
    const std::string& bytes() const { return bytes_; }
    // Hands over the bytes and leaves the writer empty.
    std::string take();

  private:
    std::string bytes_;
    // Frames rarely nest deeper than a multi's result inside a reply: no allocation per record.
    boost::container::small_vector<size_t, 4> open_frames_;
};

// Deserializes jute primitives from untrusted bytes. Every length is checked against both the
// bytes left and max_field_bytes before anything is allocated. The first failure is sticky: the
// rest of the input is dropped and every later read returns a zero value, so a decoder can read
// a whole record and check ok() once.
class Reader {
  public:
    explicit Reader(std::string_view bytes, int32_t max_field_bytes = kDefaultMaxBufferBytes);

    bool ok() const { return ok_; }
    void fail();
    size_t remaining() const { return bytes_.size() - pos_; }
    bool at_end() const { return remaining() == 0; }

    uint8_t read_byte();
    // Any non-zero byte is true, as in Java's reader.
    bool read_bool();
    int32_t read_int();
    int64_t read_long();
    // Length -1 is null. A length below -1, above max_field_bytes or above remaining() fails.
    std::optional<std::string> read_string();
    std::optional<std::string> read_buffer();
    // Count -1 (a null vector) reads as 0. Every element takes at least one byte, so a count
    // larger than remaining() fails (returning 0) instead of provoking a huge allocation.
    int32_t read_vector_size();

  private:
    // The next n bytes, or nullptr after failing when fewer are left.
    const char* take(size_t n);
    std::optional<std::string> read_bytes();

    std::string_view bytes_;
    size_t pos_ = 0;
    int32_t max_field_bytes_;
    bool ok_ = true;
};

} // namespace zs::proto
