// Feeds arbitrary bytes to what a client connection decodes: the handshake, then a stream of
// length-prefixed frames. Write requests that decode are prepared and applied to a data tree, so
// that whatever a decoder lets through also reaches the code that acts on it.
#include "proto/jute.h"
#include "proto/request.h"
#include "tree/data_tree.h"
#include "tree/prep.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

// Splits the next frame off `input`, as the server's reader does; false when none is complete.
bool next_frame(std::string_view& input, std::string_view& frame) {
    if (input.size() < 4) {
        return false;
    }
    zs::proto::Reader length_reader(input.substr(0, 4));
    const int32_t length = length_reader.read_int();
    if (length < 0 || length > zs::proto::kDefaultMaxBufferBytes ||
        static_cast<size_t>(length) > input.size() - 4) {
        return false;
    }
    frame = input.substr(4, static_cast<size_t>(length));
    input.remove_prefix(4 + static_cast<size_t>(length));
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::string_view frame;
    if (!next_frame(input, frame)) {
        return 0;
    }
    zs::proto::Reader handshake(frame);
    zs::proto::ConnectRequest::read(handshake);

    zs::tree::DataTree tree;
    zs::tree::AuthInfo auth{"127.0.0.1", {}};
    int64_t zxid = 0;
    while (next_frame(input, frame)) {
        const zs::proto::DecodeResult decoded = zs::proto::decode_request(frame);
        if (decoded.status != zs::proto::DecodeStatus::ok ||
            !zs::proto::is_write_request(decoded.request.header.type)) {
            continue;
        }
        const zs::tree::PrepContext context{1, auth, 1'000'000, true, false};
        const zs::tree::Txn txn = zs::tree::prepare(tree, decoded.request, context);
        tree.apply(zs::tree::TxnHeader{1, decoded.request.header.xid, ++zxid, 1'000'000}, txn);
    }
    return 0;
}
