#!/usr/bin/env python3
"""Drives the MailLab lab provider with Python's own imaplib, poplib and smtplib.

Usage: lab_client.py COMMAND HOST PORT CA_FILE USER [ARGS...]   (the password comes on stdin)

Commands print one JSON object on stdout. Exit status: 0 done, 1 the server refused
(the JSON says why), 2 bad usage.
"""
import email
import imaplib
import json
import poplib
import smtplib
import ssl
import sys


def context(ca_file):
    ctx = ssl.create_default_context(cafile=ca_file)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx


def text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, (list, tuple)):
        return [text(v) for v in value]
    return value


def imap_session(imap, user, password, out):
    out["capabilities_before_login"] = sorted(text(c) for c in imap.capabilities)
    typ, data = imap.login(user, password)
    out["login"] = typ
    typ, boxes = imap.list()
    out["mailboxes"] = [text(b) for b in boxes]
    typ, data = imap.select("INBOX")
    out["exists"] = int(data[0])
    typ, data = imap.fetch("1", "(FLAGS ENVELOPE RFC822.SIZE UID BODY.PEEK[])")
    raw = data[0][1]
    message = email.message_from_bytes(raw)
    out["first_subject"] = message["Subject"]
    out["first_from"] = message["From"]
    out["first_fetch_meta"] = text(data[0][0])
    typ, data = imap.uid("FETCH", "1:*", "(UID FLAGS)")
    out["uid_fetch"] = [text(d) for d in data if d]
    typ, data = imap.search(None, "UNSEEN")
    out["unseen"] = text(data[0]).split()
    typ, data = imap.store("1", "+FLAGS", "(\\Seen)")
    out["store"] = [text(d) for d in data]
    appended = (b"From: Lab Client <client@lab.maillab.test>\r\nTo: " + user.encode() +
                b"\r\nSubject: Appended by imaplib\r\n\r\nHello from APPEND.\r\n")
    typ, data = imap.append("INBOX", "(\\Flagged)", None, appended)
    out["append"] = [typ] + [text(d) for d in data]
    typ, data = imap.search(None, "SUBJECT", '"Appended by imaplib"')
    hits = text(data[0]).split()
    out["appended_found"] = len(hits)
    if hits:
        typ, data = imap.fetch(hits[-1], "(BODY[TEXT])")
        out["appended_text"] = text(data[0][1])
        imap.store(hits[-1], "+FLAGS", "(\\Deleted)")
    typ, data = imap.expunge()
    out["expunged"] = [text(d) for d in data if d]
    typ, data = imap.select("INBOX", readonly=True)
    out["exists_after"] = int(data[0])
    imap.logout()


def cmd_imap(host, port, ca, user, password, args):
    out = {}
    if args and args[0] == "starttls":
        imap = imaplib.IMAP4(host, port)
        out["capabilities_before_tls"] = sorted(text(c) for c in imap.capabilities)
        imap.starttls(ssl_context=context(ca))
    else:
        imap = imaplib.IMAP4_SSL(host, port, ssl_context=context(ca))
    try:
        imap_session(imap, user, password, out)
    except imaplib.IMAP4.error as error:
        out["error"] = str(error)
        print(json.dumps(out))
        return 1
    print(json.dumps(out))
    return 0


def cmd_imap_login(host, port, ca, user, password, args):
    imap = imaplib.IMAP4_SSL(host, port, ssl_context=context(ca))
    try:
        imap.login(user, password)
    except imaplib.IMAP4.error as error:
        print(json.dumps({"error": str(error)}))
        return 1
    imap.logout()
    print(json.dumps({"login": "OK"}))
    return 0


def cmd_pop3(host, port, ca, user, password, args):
    out = {}
    if args and args[0] == "stls":
        pop = poplib.POP3(host, port)
        out["capa_before_tls"] = sorted(pop.capa().keys())
        pop.stls(context=context(ca))
    else:
        pop = poplib.POP3_SSL(host, port, context=context(ca))
    out["capa"] = sorted(pop.capa().keys())
    try:
        pop.user(user)
        pop.pass_(password)
    except poplib.error_proto as error:
        out["error"] = text(error.args[0])
        print(json.dumps(out))
        return 1
    count, size = pop.stat()
    out["stat"] = [count, size]
    out["list"] = text(pop.list()[1])
    out["uidl"] = text(pop.uidl()[1])
    response, lines, octets = pop.retr(1)
    message = email.message_from_bytes(b"\r\n".join(lines))
    out["first_subject"] = message["Subject"]
    out["top"] = len(pop.top(1, 0)[1])
    pop.dele(count)
    pop.rset()
    if args and "delete-first" in args:
        pop.dele(1)
        out["deleted"] = 1
    pop.quit()
    print(json.dumps(out))
    return 0


def cmd_smtp(host, port, ca, user, password, args):
    """smtp [starttls|ssl] TO [login|nologin] [SUBJECT]"""
    mode, to = args[0], args[1]
    do_login = len(args) < 3 or args[2] != "nologin"
    subject = args[3] if len(args) > 3 else "Sent by smtplib"
    out = {}
    if mode == "ssl":
        smtp = smtplib.SMTP_SSL(host, port, context=context(ca), timeout=30)
    else:
        smtp = smtplib.SMTP(host, port, timeout=30)
        smtp.ehlo("lab-client.test")
        out["features_before_tls"] = sorted(smtp.esmtp_features.keys())
        smtp.starttls(context=context(ca))
    smtp.ehlo("lab-client.test")
    out["features"] = sorted(smtp.esmtp_features.keys())
    out["auth"] = smtp.esmtp_features.get("auth", "")
    try:
        if do_login:
            code, reply = smtp.login(user, password)
            out["login"] = [code, text(reply)]
        message = ("From: " + user + "\r\nTo: " + to + "\r\nSubject: " + subject +
                   "\r\n\r\nSent through the lab.\r\n.leading dot line\r\n")
        refused = smtp.sendmail(user, [to], message)
        out["refused"] = {k: [v[0], text(v[1])] for k, v in refused.items()}
    except smtplib.SMTPAuthenticationError as error:
        out["error"] = [error.smtp_code, text(error.smtp_error)]
        smtp.quit()
        print(json.dumps(out))
        return 1
    except smtplib.SMTPRecipientsRefused as error:
        out["error"] = {k: [v[0], text(v[1])] for k, v in error.recipients.items()}
        smtp.quit()
        print(json.dumps(out))
        return 1
    except smtplib.SMTPResponseException as error:
        out["error"] = [error.smtp_code, text(error.smtp_error)]
        print(json.dumps(out))
        return 1
    smtp.quit()
    print(json.dumps(out))
    return 0


def cmd_raw(host, port, ca, user, password, args):
    """raw: implicit TLS, then each further stdin line is sent as is (LOGIN_PLACEHOLDER becomes
    the user and password); prints everything the server sent, as text."""
    import socket
    raw = socket.create_connection((host, port), timeout=20)
    conn = context(ca).wrap_socket(raw, server_hostname=host)
    received = []

    def read_some(wait=0.2):
        try:
            conn.settimeout(wait)
            while True:
                data = conn.recv(65536)
                if not data:
                    received.append("<closed>")
                    return False
                received.append(data.decode("utf-8", "replace"))
        except (socket.timeout, TimeoutError):
            return True

    alive = read_some()
    for line in sys.stdin.read().split("\n"):
        if not line or not alive:
            continue
        line = line.replace("LOGIN_PLACEHOLDER", '"' + user + '" "' + password + '"')
        conn.sendall(line.encode("utf-8", "surrogateescape") + b"\r\n")
        alive = read_some()
    if alive:
        read_some(1.0)
    print("".join(received))
    return 0


COMMANDS = {"raw": cmd_raw, "imap": cmd_imap, "imap-login": cmd_imap_login, "pop3": cmd_pop3, "smtp": cmd_smtp}


def main(argv):
    if len(argv) < 6 or argv[1] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        return 2
    command, host, port, ca, user = argv[1], argv[2], int(argv[3]), argv[4], argv[5]
    password = sys.stdin.readline().rstrip("\n")
    return COMMANDS[command](host, port, ca, user, password, argv[6:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
