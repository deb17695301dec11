#!/usr/bin/python3
"""A delaying DNS forwarder for the MailLab discovery bench (stdlib only, UDP only).

Listens on --listen HOST:PORT, forwards every query unchanged to --upstream HOST:PORT (the lab's
dnsmasq) and returns the answer --rtt-ms after the query arrived, so each lookup costs one round
trip, as a resolver across the same network would. In the answer every A record in --from-net
(a /24 prefix such as 127.0.10) is moved to the same host number in --to-net, so clients connect
to the delaying TCP proxies (tests/bench/delay_proxy.py) listening there; everything else (SRV,
MX, NXDOMAIN, NODATA) passes through byte for byte. Runs until SIGTERM/SIGINT; prints "ready".
"""
import argparse
import asyncio
import signal
import socket
import struct


def skip_name(data, i):
    """The offset just after the (possibly compressed) domain name at data[i]."""
    while i < len(data):
        length = data[i]
        if length == 0:
            return i + 1
        if length & 0xC0 == 0xC0:
            return i + 2
        i += 1 + length
    raise ValueError("name runs past the message")


def rewrite(data, old, new):
    """The DNS message with A records old.N changed to new.N; unchanged if it cannot be parsed."""
    try:
        qdcount, ancount, nscount, arcount = struct.unpack(">HHHH", data[4:12])
        out = bytearray(data)
        i = 12
        for _ in range(qdcount):
            i = skip_name(data, i) + 4
        for _ in range(ancount + nscount + arcount):
            i = skip_name(data, i)
            rtype, _rclass, _ttl, rdlength = struct.unpack(">HHIH", data[i:i + 10])
            i += 10
            if rtype == 1 and rdlength == 4 and data[i:i + 3] == old:
                out[i:i + 3] = new
            i += rdlength
        return bytes(out)
    except (ValueError, struct.error):
        return data


class Forwarder(asyncio.DatagramProtocol):
    def __init__(self, upstream, delay, old, new):
        self.upstream, self.delay, self.old, self.new = upstream, delay, old, new

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, peer):
        asyncio.get_running_loop().create_task(self.answer(data, peer))

    async def answer(self, query, peer):
        loop = asyncio.get_running_loop()
        due = loop.time() + self.delay
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.setblocking(False)
        try:
            await loop.sock_connect(sock, self.upstream)
            await loop.sock_sendall(sock, query)
            reply = await asyncio.wait_for(loop.sock_recv(sock, 65535), 5)
        except (OSError, asyncio.TimeoutError):
            return  # the client retries or times out, as with a lost datagram
        finally:
            sock.close()
        await asyncio.sleep(max(0, due - loop.time()))
        self.transport.sendto(rewrite(reply, self.old, self.new), peer)


def prefix(text):
    return socket.inet_aton(text + ".0")[:3]


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen", required=True, help="HOST:PORT")
    parser.add_argument("--upstream", required=True, help="HOST:PORT")
    parser.add_argument("--rtt-ms", type=float, default=0)
    parser.add_argument("--from-net", required=True, help="e.g. 127.0.10")
    parser.add_argument("--to-net", required=True, help="e.g. 127.0.11")
    args = parser.parse_args()
    host, port = args.listen.rsplit(":", 1)
    up_host, up_port = args.upstream.rsplit(":", 1)
    loop = asyncio.get_running_loop()
    await loop.create_datagram_endpoint(
        lambda: Forwarder((up_host, int(up_port)), args.rtt_ms / 1000.0, prefix(args.from_net),
                          prefix(args.to_net)),
        local_addr=(host, int(port)))
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print("ready", flush=True)
    await stop.wait()


if __name__ == "__main__":
    asyncio.run(main())
