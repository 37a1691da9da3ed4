#!/usr/bin/env python3
"""A TCP byte copier between QEMU's serial line and a Diameter server.

    bridge.py LISTEN_PORT HOST:PORT [--corrupt-cca | --corrupt-length]

Listens on 127.0.0.1:LISTEN_PORT (0: any free port, printed) for one connection (QEMU's
`-serial tcp:127.0.0.1:LISTEN_PORT`), connects it to HOST:PORT and copies
bytes both ways until either side closes. With --corrupt-cca it alters
exactly one thing in what the server sends: in the first
Credit-Control-Answer (command 272, R bit clear), the AVP Length of the
top-level Result-Code AVP (268) is set past the end of the message, which
makes that AVP malformed (RFC 6733 §4.1, DIAMETER_INVALID_AVP_LENGTH).
With --corrupt-length, the first CCA's Message Length is set to 12 instead,
below the header's 20 octets (RFC 6733 §3), which breaks the framing of
the stream. Everything else is copied unchanged.
"""
import socket
import sys
import threading


def corrupt_first_cca(msg, state, mode):
    """The message, with the first CCA's Result-Code AVP length (or, in
    mode --corrupt-length, its Message Length) broken."""
    if state["done"] or len(msg) < 20:
        return msg
    flags = msg[4]
    code = int.from_bytes(msg[5:8], "big")
    if code != 272 or flags & 0x80:
        return msg
    out = bytearray(msg)
    if mode == "--corrupt-length":
        out[1:4] = (12).to_bytes(3, "big")
        state["done"] = True
        sys.stderr.write("bridge: corrupted the Message Length of a CCA\n")
        return bytes(out)
    at = 20
    while at + 8 <= len(out):
        avp_code = int.from_bytes(out[at:at + 4], "big")
        avp_len = int.from_bytes(out[at + 5:at + 8], "big")
        if avp_len < 8:
            break
        if avp_code == 268:
            out[at + 5:at + 8] = (len(out) + 64).to_bytes(3, "big")
            state["done"] = True
            sys.stderr.write("bridge: corrupted the Result-Code AVP of a CCA\n")
            return bytes(out)
        at += (avp_len + 3) & ~3
    return msg


def copy(src, dst, corrupt=None):
    """Copies src to dst; in corrupt mode, frames messages to alter one."""
    state = {"done": False}
    buf = b""
    try:
        while True:
            data = src.recv(4096)
            if not data:
                break
            if not corrupt:
                dst.sendall(data)
                continue
            buf += data
            while len(buf) >= 4:
                length = int.from_bytes(buf[1:4], "big")
                if length < 20:
                    # Not Diameter framing: pass the rest through.
                    dst.sendall(buf)
                    buf = b""
                    break
                if len(buf) < length:
                    break
                dst.sendall(corrupt_first_cca(buf[:length], state, corrupt))
                buf = buf[length:]
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def main():
    modes = ("--corrupt-cca", "--corrupt-length")
    if len(sys.argv) not in (3, 4) or (len(sys.argv) == 4 and sys.argv[3] not in modes):
        sys.exit(__doc__)
    listen_port = int(sys.argv[1])
    host, port = sys.argv[2].rsplit(":", 1)
    corrupt = sys.argv[3] if len(sys.argv) == 4 else None
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", listen_port))
    server.listen(1)
    print("bridge: listening on port", server.getsockname()[1], flush=True)
    client, _ = server.accept()
    server.close()
    upstream = socket.create_connection((host, int(port)), timeout=10)
    upstream.settimeout(None)
    down = threading.Thread(target=copy, args=(upstream, client, corrupt))
    down.start()
    copy(client, upstream)
    down.join()


if __name__ == "__main__":
    main()
