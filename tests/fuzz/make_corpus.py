#!/usr/bin/env python3
"""Writes the fuzzer's seed corpus: well-formed sessions of requests, one file each.

Seeds start the fuzzer inside the grammar (a handshake, then frames of every write and read
opcode), so mutations reach the decoders' deeper branches within seconds.
"""
import pathlib
import struct

OUT = pathlib.Path(__file__).parent / "corpus" / "fuzz_request_decoder"


def ustring(s):
    if s is None:
        return struct.pack(">i", -1)
    b = s.encode() if isinstance(s, str) else s
    return struct.pack(">i", len(b)) + b


def acl_open():
    return struct.pack(">i", 1) + struct.pack(">i", 31) + ustring("world") + ustring("anyone")


def frame(body):
    return struct.pack(">i", len(body)) + body


def request(xid, op, body=b""):
    return frame(struct.pack(">ii", xid, op) + body)


def handshake():
    return frame(struct.pack(">iqiq", 0, 0, 30000, 0) + ustring(b"\0" * 16) + b"\0")


def create(path, data=b"x", flags=0, op=1):
    return ustring(path) + ustring(data) + acl_open() + struct.pack(">i", flags)


def multi_header(op, done=False, err=-1):
    return struct.pack(">i?i", op, done, err)


SESSIONS = {
    "crud": [
        request(1, 1, create("/a")),
        request(2, 15, create("/a/b", flags=2)),
        request(3, 5, ustring("/a") + ustring(b"y") + struct.pack(">i", -1)),
        request(4, 4, ustring("/a") + b"\1"),
        request(5, 12, ustring("/a") + b"\1"),
        request(6, 2, ustring("/a/b0000000000") + struct.pack(">i", 0)),
    ],
    "modes": [
        request(1, 19, create("/c", flags=4, op=19)),
        request(2, 21, create("/t", flags=5) + struct.pack(">q", 1000)),
        request(3, 1, create("/e", flags=1)),
        request(4, 7, ustring("/e") + acl_open() + struct.pack(">i", -1)),
    ],
    "multi": [
        request(1, 14,
                multi_header(1) + create("/m") +
                multi_header(13) + ustring("/m") + struct.pack(">i", 0) +
                multi_header(5) + ustring("/m") + ustring(b"z") + struct.pack(">i", -1) +
                multi_header(2) + ustring("/m") + struct.pack(">i", -1) +
                multi_header(-1, True, -1)),
        request(2, 22, multi_header(4) + ustring("/") + b"\0" + multi_header(8) + ustring("/") +
                b"\0" + multi_header(-1, True, -1)),
    ],
    "watches": [
        request(-8, 105, struct.pack(">q", 0) + b"".join(
            struct.pack(">i", 1) + ustring("/w") for _ in range(5))),
        request(1, 106, ustring("/w") + struct.pack(">i", 1)),
        request(2, 18, ustring("/w") + struct.pack(">i", 3)),
        request(-4, 100, struct.pack(">i", 0) + ustring("digest") + ustring(b"bob:secret")),
    ],
}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, frames in SESSIONS.items():
        (OUT / name).write_bytes(handshake() + b"".join(frames))


if __name__ == "__main__":
    main()
