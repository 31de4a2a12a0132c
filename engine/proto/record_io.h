#pragma once

#include "proto/jute.h"

#include <string>
#include <utility>
#include <vector>

// Helpers shared by the record implementations; not part of the library's interface.
namespace zs::proto::detail {

// A null ustring where a string is required reads as "": validation rejects it later with the
// error ZooKeeper would give, instead of the decoder dropping the connection.
inline std::string read_required_string(Reader& reader) {
    return reader.read_string().value_or(std::string());
}

template <class Record> void write_vector(Writer& writer, const std::vector<Record>& items) {
    writer.write_vector_size(static_cast<int32_t>(items.size()));
    for (const Record& item : items) {
        item.write(writer);
    }
}

template <class Record> std::vector<Record> read_vector(Reader& reader) {
    const int32_t count = reader.read_vector_size();
    std::vector<Record> items;
    for (int32_t i = 0; i < count && reader.ok(); ++i) {
        Record item = Record::read(reader);
        if (reader.ok()) {
            items.push_back(std::move(item));
        }
    }
    return items;
}

inline void write_strings(Writer& writer, const std::vector<std::string>& items) {
    writer.write_vector_size(static_cast<int32_t>(items.size()));
    for (const std::string& item : items) {
        writer.write_string(item);
    }
}

inline std::vector<std::string> read_strings(Reader& reader) {
    const int32_t count = reader.read_vector_size();
    std::vector<std::string> items;
    for (int32_t i = 0; i < count && reader.ok(); ++i) {
        std::string item = read_required_string(reader);
        if (reader.ok()) {
            items.push_back(std::move(item));
        }
    }
    return items;
}

} // namespace zs::proto::detail
