#!/usr/bin/python3
"""A delaying TCP proxy and a one-zone DNS responder for the MailLab bench (stdlib only).

Every TCP port in --ports is listened on at --listen and forwarded to the same port at --target;
each chunk is delivered --delay-ms after it was read, in order, in both directions (so the round
trip grows by 2 x delay). The DNS responder on --dns answers A queries for every name under
--zone with the --listen address (AAAA: no data; other names: NXDOMAIN), so a client that
resolves imap.maillab.test through it connects through the proxy while the certificate still
matches the name. The DNS answers are not delayed. Runs until SIGTERM/SIGINT; prints "ready".
"""
import argparse
import asyncio
import signal
import socket
import struct


async def pump(reader, writer_ready, delay):
    """Copies reader to the writer that writer_ready yields, each chunk delay seconds after it
    was read (and not before the writer exists)."""
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def deliver():
        try:
            writer = await writer_ready
        except OSError:
            return
        while True:
            due, data = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if data is None:
                try:
                    writer.write_eof()
                except OSError:
                    pass
                return
            writer.write(data)
            try:
                await writer.drain()
            except OSError:
                return

    sender = asyncio.create_task(deliver())
    try:
        while True:
            data = await reader.read(65536)
            queue.put_nowait((loop.time() + delay, data or None))
            if not data:
                break
    except OSError:
        queue.put_nowait((loop.time() + delay, None))
    await sender


def ready(value):
    future = asyncio.get_running_loop().create_future()
    future.set_result(value)
    return future


async def handle(client_reader, client_writer, target, port, delay):
    """The kernel completes the client's TCP handshake at once; to charge it one round trip as
    a real network does, the server side is connected 3 x delay later (when the client's ACK
    would arrive), and what the client sent meanwhile is delivered then."""
    client_writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    server_ready = asyncio.get_running_loop().create_future()
    upstream = asyncio.create_task(pump(client_reader, server_ready, delay))
    await asyncio.sleep(3 * delay)
    try:
        server_reader, server_writer = await asyncio.open_connection(target, port)
    except OSError as error:
        server_ready.set_exception(error)
        client_writer.close()
        await asyncio.gather(upstream, return_exceptions=True)
        return
    server_writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    server_ready.set_result(server_writer)
    await asyncio.gather(upstream, pump(server_reader, ready(client_writer), delay),
                         return_exceptions=True)
    for w in (client_writer, server_writer):
        w.close()


class Dns(asyncio.DatagramProtocol):
    def __init__(self, zone, address):
        self.zone = zone.lower().rstrip(".")
        self.address = socket.inet_aton(address)

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, peer):
        if len(data) < 12:
            return
        ident, flags, qdcount = struct.unpack(">HHH", data[:6])
        labels, i = [], 12
        while i < len(data) and data[i] != 0:
            length = data[i]
            labels.append(data[i + 1:i + 1 + length].decode("ascii", "replace"))
            i += 1 + length
        question = data[12:i + 5]
        qtype = struct.unpack(">H", data[i + 1:i + 3])[0] if i + 3 <= len(data) else 0
        name = ".".join(labels).lower()
        inside = name == self.zone or name.endswith("." + self.zone)
        answers = b""
        rcode = 0 if inside else 3
        if inside and qtype == 1:
            answers = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + self.address
        reply_flags = 0x8400 | (flags & 0x0100) | rcode
        header = struct.pack(">HHHHHH", ident, reply_flags, 1, 1 if answers else 0, 0, 0)
        self.transport.sendto(header + question + answers, peer)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen", required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--ports", required=True, help="comma separated")
    parser.add_argument("--delay-ms", type=float, default=0)
    parser.add_argument("--dns", help="HOST:PORT for the DNS responder")
    parser.add_argument("--zone", default="maillab.test")
    args = parser.parse_args()
    delay = args.delay_ms / 1000.0
    loop = asyncio.get_running_loop()
    servers = []
    for port in (int(p) for p in args.ports.split(",")):
        servers.append(await asyncio.start_server(
            lambda r, w, port=port: handle(r, w, args.target, port, delay),
            args.listen, port, backlog=1024, reuse_address=True))
    if args.dns:
        host, port = args.dns.rsplit(":", 1)
        await loop.create_datagram_endpoint(lambda: Dns(args.zone, args.listen),
                                            local_addr=(host, int(port)))
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print("ready", flush=True)
    await stop.wait()
    for server in servers:
        server.close()


if __name__ == "__main__":
    asyncio.run(main())
