#include "jute.h"

#include <QtEndian>
#include <utility>

namespace zs::testing {

JuteWriter& JuteWriter::int32(int32_t value) {
    const auto be = qToBigEndian(value);
    bytes_.append(reinterpret_cast<const char*>(&be), sizeof be);
    return *this;
}

JuteWriter& JuteWriter::int64(int64_t value) {
    const auto be = qToBigEndian(value);
    bytes_.append(reinterpret_cast<const char*>(&be), sizeof be);
    return *this;
}

JuteWriter& JuteWriter::boolean(bool value) {
    bytes_.append(value ? '\1' : '\0');
    return *this;
}

JuteWriter& JuteWriter::buffer(const QByteArray& value) {
    int32(static_cast<int32_t>(value.size()));
    bytes_.append(value);
    return *this;
}

JuteWriter& JuteWriter::null_buffer() {
    return int32(-1);
}

JuteWriter& JuteWriter::raw(const QByteArray& value) {
    bytes_.append(value);
    return *this;
}

QByteArray JuteWriter::framed() const {
    JuteWriter frame;
    frame.buffer(bytes_);
    return frame.bytes_;
}

JuteReader::JuteReader(QByteArray bytes) : bytes_(std::move(bytes)) {}

bool JuteReader::take(qsizetype count, const char** data) {
    if (!ok_ || count < 0 || count > bytes_.size() - pos_) {
        ok_ = false;
        return false;
    }
    *data = bytes_.constData() + pos_;
    pos_ += count;
    return true;
}

int32_t JuteReader::int32() {
    const char* data = nullptr;
    return take(4, &data) ? qFromBigEndian<int32_t>(data) : 0;
}

int64_t JuteReader::int64() {
    const char* data = nullptr;
    return take(8, &data) ? qFromBigEndian<int64_t>(data) : 0;
}

bool JuteReader::boolean() {
    const char* data = nullptr;
    return take(1, &data) && *data != 0;
}

std::optional<QByteArray> JuteReader::buffer() {
    const int32_t length = int32();
    if (!ok_ || length == -1) {
        return std::nullopt;
    }
    const char* data = nullptr;
    if (!take(length, &data)) {
        return std::nullopt;
    }
    return QByteArray(data, length);
}

} // namespace zs::testing
