#pragma once

#include <QByteArray>
#include <cstdint>
#include <optional>

namespace zs::testing {

// Big-endian jute encoder for hand-built frames. It is deliberately independent of engine/proto so
// that protocol tests never trust the code they are testing.
class JuteWriter {
  public:
    JuteWriter& int32(int32_t value);
    JuteWriter& int64(int64_t value);
    JuteWriter& boolean(bool value);
    // ustring and buffer share one encoding: int32 length, then the bytes.
    JuteWriter& buffer(const QByteArray& value);
    JuteWriter& null_buffer();
    JuteWriter& raw(const QByteArray& value);

    const QByteArray& bytes() const { return bytes_; }
    // The bytes preceded by their int32 length: one complete frame.
    QByteArray framed() const;

  private:
    QByteArray bytes_;
};

// Bounds-checked jute decoder. A short or malformed read makes ok() false for good and every
// later read returns a zero value, so callers read a whole record and check ok() once.
class JuteReader {
  public:
    explicit JuteReader(QByteArray bytes);

    int32_t int32();
    int64_t int64();
    bool boolean();
    // nullopt for the null encoding (length -1).
    std::optional<QByteArray> buffer();

    bool ok() const { return ok_; }
    bool at_end() const { return pos_ == bytes_.size(); }

  private:
    bool take(qsizetype count, const char** data);

    QByteArray bytes_;
    qsizetype pos_ = 0;
    bool ok_ = true;
};

} // namespace zs::testing
