#!/usr/bin/python3
"""discovery_server.py --maillab-state=STATE_DIR — the lab's autoconfig/Autodiscover web server.

Started and stopped by start.sh/stop.sh; Python 3 standard library only. Serves, by Host header,
HTTPS on ADDRESS:443 (certificate STATE_DIR/certs/discovery.pem from the test CA) and plain HTTP
on ADDRESS:80 the fixed documents the discovery integration tests need (see README.md, "Discovery
server"). Everything else is 404.

Writes STATE_DIR/discovery/discovery.pid once both ports listen, then drops root for 'nobody'.
Logs ONE line per request to STATE_DIR/logs/discovery.log:

    2025-01-31T12:00:00.123Z https POST autodiscover.adtest.test /autodiscover/autodiscover.xml auth=no status=200

(UTC time, scheme, method, Host without port, path as sent, whether an Authorization header was
present, status). Never a header value or a request body. Problems that are not requests (TLS
handshakes the client aborted, e.g. because it rejected the certificate) go to stderr.
"""

import argparse
import datetime
import os
import pwd
import re
import socket
import socketserver
import ssl
import sys
import threading
import time
import xml.etree.ElementTree as ElementTree
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

IMAP_SSL = ("imap", "imap.maillab.test", 993, "SSL")
POP3_SSL = ("pop3", "pop.maillab.test", 995, "SSL")
SMTP_STARTTLS = ("smtp", "smtp.maillab.test", 587, "STARTTLS")
SMTP_SSL = ("smtp", "smtp.maillab.test", 465, "SSL")
STANDARD = ([IMAP_SSL, POP3_SSL], [SMTP_STARTTLS])

BIG_BODY_BYTES = 3 * 1024 * 1024
SLOW_STALL_SECS = 30
MAX_REQUEST_BODY = 64 * 1024
IO_TIMEOUT_SECS = 10

AUTODISCOVER_RESPONSE_NS = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"
AUTODISCOVER_OUTLOOK_NS = (
    "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a")
EVIL_OTHER_URL = "https://autodiscover.evil-other.test/autodiscover/autodiscover.xml"


def client_config(domain, note, incoming, outgoing, padding=0):
    """A Thunderbird clientConfig v1.1 document; `padding` bytes of comment make it that long."""

    def server(tag, entry):
        kind, host, port, socket_type = entry
        return (f'    <{tag} type="{kind}">\n'
                f"      <hostname>{host}</hostname>\n"
                f"      <port>{port}</port>\n"
                f"      <socketType>{socket_type}</socketType>\n"
                f"      <username>%EMAILADDRESS%</username>\n"
                f"      <authentication>password-cleartext</authentication>\n"
                f"    </{tag}>\n")

    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    body = (f'<clientConfig version="1.1">\n'
            f'  <emailProvider id="{domain}">\n'
            f"    <domain>{domain}</domain>\n"
            f"    <displayName>MailLab lab: {escape(note)}</displayName>\n"
            f"    <displayShortName>{domain}</displayShortName>\n"
            + "".join(server("incomingServer", e) for e in incoming)
            + "".join(server("outgoingServer", e) for e in outgoing)
            + "  </emailProvider>\n</clientConfig>\n")
    if padding:
        filler = padding - len(head) - len(body) - len("<!--  -->\n")
        head += "<!-- " + "x" * max(filler, 0) + " -->\n"
    return (head + body).encode()


def config(domain, note, servers=STANDARD):
    return client_config(domain, note, servers[0], servers[1])


# (scheme, host, path) → document, for GET and HEAD.
DOCUMENTS = {
    ("https", "autoconfig.autoconf.test", "/mail/config-v1.1.xml"):
        config("autoconf.test", "autoconf.test from autoconfig.autoconf.test"),
    ("https", "wellknown.test", "/.well-known/autoconfig/mail/config-v1.1.xml"):
        config("wellknown.test", "wellknown.test from /.well-known"),
    ("https", "ispdb.maillab.test", "/v1.1/ispdbonly.test"):
        config("ispdbonly.test", "ispdbonly.test from the ISPDB mirror"),
    ("https", "autoconfig.provider.test", "/mail/config-v1.1.xml"):
        config("provider.test", "provider.test (MX provider)", ([IMAP_SSL], [SMTP_SSL])),
    ("http", "autoconfig.httponly.test", "/mail/config-v1.1.xml"):
        config("httponly.test", "httponly.test over plain http"),
    ("http", "autoconfig.downgrade.test", "/real-config.xml"):
        config("downgrade.test", "downgrade.test after an https to http redirect"),
}
REDIRECTS = {
    ("https", "autoconfig.downgrade.test", "/mail/config-v1.1.xml"):
        "http://autoconfig.downgrade.test/real-config.xml",
}
BIG = ("https", "big.test", "/.well-known/autoconfig/mail/config-v1.1.xml")
BIG_DOCUMENT = client_config("big.test", "big.test, 3 MiB", *STANDARD, padding=BIG_BODY_BYTES)
SLOW_HOST = ("https", "slow.test")
SLOW_DOCUMENT = config("slow.test", "slow.test after a 30 s stall")
AUTODISCOVER_PATH = "/autodiscover/autodiscover.xml"
# host → what a POST there answers: "settings" (with the servers below) or a redirect URL
AUTODISCOVER = {
    "autodiscover.adtest.test": ("settings", [("IMAP", "imap.maillab.test", 993, "on"),
                                              ("SMTP", "smtp.maillab.test", 587, "on")]),
    "autodiscover.foreignredirect.test": ("redirectUrl", EVIL_OTHER_URL),
    "autodiscover.evil-other.test": ("settings", [("IMAP", "imap.maillab.test", 993, "on"),
                                                  ("SMTP", "smtp.maillab.test", 465, "on")]),
}


def autodiscover_settings(address, protocols):
    parts = []
    for kind, host, port, ssl_on in protocols:
        parts.append("      <Protocol>\n"
                     f"        <Type>{kind}</Type>\n"
                     f"        <Server>{host}</Server>\n"
                     f"        <Port>{port}</Port>\n"
                     "        <DomainRequired>off</DomainRequired>\n"
                     f"        <LoginName>{escape(address)}</LoginName>\n"
                     "        <SPA>off</SPA>\n"
                     f"        <SSL>{ssl_on}</SSL>\n"
                     "        <AuthRequired>on</AuthRequired>\n"
                     "      </Protocol>\n")
    return ("    <User>\n"
            f"      <AutoDiscoverSMTPAddress>{escape(address)}</AutoDiscoverSMTPAddress>\n"
            "    </User>\n"
            "    <Account>\n"
            "      <AccountType>email</AccountType>\n"
            "      <Action>settings</Action>\n" + "".join(parts) + "    </Account>\n")


def autodiscover_document(inner):
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            f'<Autodiscover xmlns="{AUTODISCOVER_RESPONSE_NS}">\n'
            f'  <Response xmlns="{AUTODISCOVER_OUTLOOK_NS}">\n'
            f"{inner}  </Response>\n</Autodiscover>\n").encode()


def autodiscover_error(code, message):
    return autodiscover_document(
        "    <Error>\n"
        f"      <ErrorCode>{code}</ErrorCode>\n"
        f"      <Message>{message}</Message>\n"
        "    </Error>\n")


def requested_address(body):
    """The <EMailAddress> of an Autodiscover request (any namespace), or None."""
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        return None
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] == "EMailAddress" and element.text:
            address = element.text.strip()
            if address and len(address) <= 320:
                return address
    return None


_UNSAFE = re.compile(r"[^\x21-\x7e]")


def printable(text, limit=512):
    """One log field: no spaces, controls or non-ASCII (percent-encoded), bounded length."""
    if not text:
        return "-"
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    text = text[:limit]

    def encode(match):  # http.server decodes the request line and headers as Latin-1
        char = match.group()
        raw = char.encode("latin-1") if ord(char) < 256 else char.encode()
        return "".join(f"%{b:02X}" for b in raw)

    return _UNSAFE.sub(encode, text)


class Log:
    def __init__(self, path):
        self._file = open(path, "a", buffering=1, encoding="ascii", errors="replace")
        self._lock = threading.Lock()

    def line(self, text):
        with self._lock:
            self._file.write(text + "\n")
            self._file.flush()


def stderr(text):
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    print(f"{stamp}Z discovery_server: {text}", file=sys.stderr, flush=True)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "maillab-discovery"
    sys_version = ""
    timeout = IO_TIMEOUT_SECS  # for reading the request
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms delayed ACK

    # ---- logging: exactly one line per request, written when the status line is sent ----
    def log_request(self, code="-", size="-"):
        scheme = self.server.scheme
        method = printable(getattr(self, "command", None), 32)
        path = printable(getattr(self, "path", None))
        headers = getattr(self, "headers", None)
        auth = "yes" if headers is not None and headers.get("Authorization") is not None else "no"
        host = printable(self.host() if headers is not None else None, 255)
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
        code = getattr(code, "value", code)
        self.server.log.line(f"{stamp}Z {scheme} {method} {host} {path} auth={auth} status={code}")

    def log_message(self, format, *args):  # noqa: A002 — http.server's own messages: dropped
        pass

    def host(self):
        host = (self.headers.get("Host") or "").strip().lower()
        if host.startswith("["):
            return host
        host = host.rsplit(":", 1)[0] if ":" in host else host
        return host.rstrip(".")

    # ---- responses ----
    def respond(self, status, body=b"", content_type="text/plain; charset=utf-8", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def not_found(self):
        self.respond(404, b"not found\n")

    def read_body(self):
        """The request body (at most MAX_REQUEST_BODY bytes), or None when it is unreadable."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            body = b""
            while True:
                size_line = self.rfile.readline(100)
                try:
                    size = int(size_line.split(b";")[0].strip(), 16)
                except ValueError:
                    return None
                if size == 0:
                    while self.rfile.readline(1000) not in (b"\r\n", b"\n", b""):
                        pass
                    return body
                if len(body) + size > MAX_REQUEST_BODY:
                    return None
                body += self.rfile.read(size)
                self.rfile.readline(10)
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            return None
        if length < 0 or length > MAX_REQUEST_BODY:
            return None
        return self.rfile.read(length)

    def route(self):
        scheme = self.server.scheme
        host = self.host()
        path = self.path
        if "://" in path:  # absolute-form request target
            path = "/" + path.split("://", 1)[1].partition("/")[2]
        path = path.split("?", 1)[0].split("#", 1)[0]
        key = (scheme, host, path)
        method = self.command

        if (scheme, host) == SLOW_HOST:
            return self.slow()
        if method in ("GET", "HEAD"):
            if key in DOCUMENTS:
                return self.respond(200, DOCUMENTS[key], "text/xml; charset=utf-8")
            if key in REDIRECTS:
                return self.respond(302, b"moved\n", extra=[("Location", REDIRECTS[key])])
            if key == BIG:
                return self.big()
        if (method == "POST" and scheme == "https" and host in AUTODISCOVER
                and path.lower() == AUTODISCOVER_PATH):
            return self.autodiscover(*AUTODISCOVER[host])
        return self.not_found()

    def autodiscover(self, action, data):
        body = self.read_body()
        if body is None:
            return self.respond(400, b"bad request body\n")
        if action == "redirectUrl":
            document = autodiscover_document(
                "    <Account>\n"
                "      <Action>redirectUrl</Action>\n"
                f"      <RedirectUrl>{escape(data)}</RedirectUrl>\n"
                "    </Account>\n")
        else:
            address = requested_address(body)
            document = (autodiscover_document(autodiscover_settings(address, data)) if address
                        else autodiscover_error(600, "Invalid Request"))
        self.respond(200, document, "text/xml; charset=utf-8")

    def big(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(BIG_DOCUMENT)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        view = memoryview(BIG_DOCUMENT)
        for start in range(0, len(view), 64 * 1024):
            self.wfile.write(view[start:start + 64 * 1024])  # a client that stops reading: error

    def slow(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(SLOW_DOCUMENT)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.flush()
        time.sleep(SLOW_STALL_SECS)
        if self.command != "HEAD":
            self.wfile.write(SLOW_DOCUMENT)

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except (ConnectionError, TimeoutError, ssl.SSLError, OSError):
            self.close_connection = True  # the client went away or stopped reading

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_OPTIONS = do_PATCH = route


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, address, scheme, log, context=None):
        self.scheme = scheme
        self.log = log
        self.context = context
        super().__init__(address, Handler)

    def server_bind(self):
        # HTTPServer.server_bind would look up the address's name (slow without a resolver).
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def finish_request(self, request, client_address):
        if self.context is None:
            return super().finish_request(request, client_address)
        # The TLS handshake runs here, in the connection's own thread, with a deadline.
        request.settimeout(IO_TIMEOUT_SECS)
        try:
            tls = self.context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError) as error:
            stderr(f"TLS handshake from {client_address[0]} failed: "
                   f"{getattr(error, 'reason', None) or type(error).__name__}")
            return
        try:
            super().finish_request(tls, client_address)
        finally:
            try:
                tls.settimeout(1)
                tls.unwrap()  # close_notify, so clients see a clean end of the stream
            except (ssl.SSLError, OSError, ValueError):
                pass
            tls.close()

    def handle_error(self, request, client_address):
        stderr(f"error serving {client_address[0]}: {type(sys.exc_info()[1]).__name__}")


def drop_privileges(user):
    entry = pwd.getpwnam(user)
    os.setgroups([])
    os.setgid(entry.pw_gid)
    os.setuid(entry.pw_uid)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--maillab-state", required=True, help="the lab's STATE_DIR")
    parser.add_argument("--address", default="127.0.10.20")
    parser.add_argument("--https-port", type=int, default=443)
    parser.add_argument("--http-port", type=int, default=80)
    parser.add_argument("--user", default="nobody", help="run as this user after binding")
    args = parser.parse_args()
    state = args.maillab_state
    try:
        os.setsid()  # its own session: no terminal signals from whoever started it
    except OSError:
        pass  # already a process group leader

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(f"{state}/certs/discovery.pem", f"{state}/certs/discovery.key")
    log = Log(f"{state}/logs/discovery.log")

    servers = [Server((args.address, args.https_port), "https", log, context),
               Server((args.address, args.http_port), "http", log)]

    pid_file = f"{state}/discovery/discovery.pid"
    with open(pid_file + ".tmp", "w") as out:
        out.write(f"{os.getpid()}\n")
    os.rename(pid_file + ".tmp", pid_file)
    if os.getuid() == 0 and args.user:
        drop_privileges(args.user)

    for server in servers[1:]:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    stderr(f"listening on https://{args.address}:{args.https_port} and "
           f"http://{args.address}:{args.http_port}")
    servers[0].serve_forever()


if __name__ == "__main__":
    main()
