"""Small real servers on loopback for the network view's unit tests: SMTP (with STARTTLS, SMTPS and
AUTH PLAIN), POP3(S) and IMAP(S) sharing one mailbox, and misbehaving servers (garbage, silence, an
immediate close, a port whose accept queue is full so connects time out as behind a firewall).

Each serves any number of connections until the test ends; the protocol code is the servers' side
only, the probes under test use Python's own clients."""

from __future__ import annotations

import base64
import socket
import ssl
import threading

import pytest


class Mailbox(object):
    """What the fake MTA delivered and the fake POP3/IMAP servers read."""

    def __init__(self, user="user1", password="secret", domain="example.com"):
        self.user, self.password, self.domain = user, password, domain
        self.messages = []
        self.lock = threading.Lock()


class Server(object):
    """Accepts connections on 127.0.0.1:<ephemeral> and hands each to `handler(conn)` in a thread."""

    def __init__(self, handler, context=None, host="127.0.0.1"):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((host, 0))
        self.listener.listen(16)
        self.host = host
        self.port = self.listener.getsockname()[1]
        self.handler, self.context = handler, context
        self.sessions = []  # per connection: {"heard": [...], "close_notify": bool}
        self.stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.stopped:
            try:
                conn, _unused = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _session(self, conn):
        session = {"heard": [], "close_notify": None, "ended": threading.Event()}
        self.sessions.append(session)
        conn.settimeout(10)
        try:
            if self.context is not None:
                conn = self.context.wrap_socket(conn, server_side=True)
            self.handler(Conn(conn, session, self))
        except (OSError, ValueError):
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass
            session["ended"].set()

    def ended(self, timeout=5):
        """The sessions, once every one of them has ended on the server's side too."""
        for session in list(self.sessions):
            assert session["ended"].wait(timeout), "a session did not end"
        return self.sessions

    def stop(self):
        self.stopped = True
        self.listener.close()


class Conn(object):
    """A server-side connection: send lines, read lines, upgrade to TLS."""

    def __init__(self, sock, session, server):
        self.sock, self.session, self.server = sock, session, server
        self.buffer = b""

    def send(self, data):
        self.sock.sendall(data if isinstance(data, bytes) else data.encode())

    def line(self):
        while b"\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                return None
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\n", 1)
        text = raw.decode("utf-8", "replace").rstrip("\r")
        self.session["heard"].append(text)
        return text

    def starttls(self, context):
        self.sock = context.wrap_socket(self.sock, server_side=True)

    def finish_tls(self):
        """Wait for the client's close_notify and answer it."""
        if isinstance(self.sock, ssl.SSLSocket):
            try:
                self.sock = self.sock.unwrap()
                self.session["close_notify"] = True
            except (OSError, ValueError):
                self.session["close_notify"] = False


def server_context(crt, key):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(crt, key)
    return context


# ---------------------------------------------------------------- SMTP

def smtp(mailbox, tls_context=None, banner="220 fake ESMTP", starttls=False, auth="tls", open_relay=False,
         local_ok=True, received=None, vrfy=None):
    """An SMTP handler. auth: "never", "tls" (offered after STARTTLS or on SMTPS), "always". `received`: a
    header line put on top of every message delivered (as the MTA that stores it writes one); `vrfy`: the
    answer to VRFY (else 502 as to any unknown command)."""

    def handler(conn):
        state = {"tls": isinstance(conn.sock, ssl.SSLSocket), "authed": False, "rcpts": []}
        conn.send(banner + "\r\n")
        if not banner.startswith("220"):
            conn.line()
            return
        while True:
            line = conn.line()
            if line is None:
                return
            word = line.split(" ")[0].upper()
            if word in ("EHLO", "HELO"):
                ext = ["250-fake"]
                if starttls and not state["tls"]:
                    ext.append("250-STARTTLS")
                if auth == "always" or (auth == "tls" and state["tls"]):
                    ext.append("250-AUTH PLAIN")
                conn.send("\r\n".join(ext + ["250 8BITMIME"]) + "\r\n")
            elif word == "STARTTLS" and starttls:
                conn.send("220 go ahead\r\n")
                conn.starttls(tls_context)
                state["tls"] = True
            elif word == "AUTH":
                parts = line.split(" ")
                if len(parts) < 3 or parts[1].upper() != "PLAIN":
                    conn.send("504 PLAIN only\r\n")
                    continue
                _unused, user, password = base64.b64decode(parts[2]).decode().split("\0")
                if (user, password) == (mailbox.user, mailbox.password):
                    state["authed"] = True
                    conn.send("235 2.7.0 Authentication successful\r\n")
                else:
                    conn.send("535 5.7.8 Error: authentication failed\r\n")
            elif word == "MAIL":
                state["rcpts"] = []
                conn.send("250 2.1.0 Ok\r\n")
            elif word == "RCPT":
                address = line.split(":", 1)[1].strip("<> ")
                local = address.endswith("@" + mailbox.domain)
                if (local and local_ok) or state["authed"] or (open_relay and not local):
                    state["rcpts"].append(address)
                    conn.send("250 2.1.5 Ok\r\n")
                else:
                    conn.send("554 5.7.1 <%s>: Relay access denied\r\n" % address)
            elif word == "RSET":
                state["rcpts"] = []
                conn.send("250 2.0.0 Ok\r\n")
            elif word == "DATA":
                conn.send("354 End data with <CR><LF>.<CR><LF>\r\n")
                body = []
                while True:
                    data = conn.line()
                    if data is None or data == ".":
                        break
                    body.append(data)
                if received:
                    body.insert(0, received)
                with mailbox.lock:
                    mailbox.messages.append("\r\n".join(body))
                conn.send("250 2.0.0 Ok: queued\r\n")
            elif word == "VRFY" and vrfy:
                conn.send(vrfy + "\r\n")
            elif word == "QUIT":
                conn.send("221 2.0.0 Bye\r\n")
                conn.finish_tls()
                return
            else:
                conn.send("502 5.5.2 Error: command not recognized\r\n")

    return handler


# ---------------------------------------------------------------- POP3

def pop3(mailbox, plaintext_ok=True):
    def handler(conn):
        conn.send("+OK Dovecot ready.\r\n")
        user, authed, deleted = None, False, set()
        while True:
            line = conn.line()
            if line is None:
                return
            word, _unused, arg = line.partition(" ")
            word = word.upper()
            if word == "USER":
                user = arg
                conn.send("+OK\r\n")
            elif word == "PASS":
                if not plaintext_ok and not isinstance(conn.sock, ssl.SSLSocket):
                    conn.send("-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) "
                              "connections.\r\n")
                elif (user, arg) == (mailbox.user, mailbox.password):
                    authed = True
                    conn.send("+OK Logged in.\r\n")
                else:
                    conn.send("-ERR [AUTH] Authentication failed.\r\n")
            elif word == "STAT" and authed:
                conn.send("+OK %d %d\r\n" % (len(mailbox.messages), sum(len(m) for m in mailbox.messages)))
            elif word == "TOP" and authed:
                number = int(arg.split()[0])
                head = mailbox.messages[number - 1].split("\r\n\r\n", 1)[0]
                conn.send("+OK\r\n" + head + "\r\n\r\n.\r\n")
            elif word == "DELE" and authed:
                deleted.add(int(arg))
                conn.send("+OK Marked to be deleted.\r\n")
            elif word == "QUIT":
                with mailbox.lock:
                    mailbox.messages[:] = [m for i, m in enumerate(mailbox.messages, 1) if i not in deleted]
                conn.send("+OK Logging out.\r\n")
                conn.finish_tls()
                return
            else:
                conn.send("-ERR Unknown command.\r\n")

    return handler


# ---------------------------------------------------------------- IMAP

def imap(mailbox, login_ok=True):
    def handler(conn):
        conn.send("* OK Dovecot ready.\r\n")
        while True:
            line = conn.line()
            if line is None:
                return
            tag, _unused, rest = line.partition(" ")
            word, _unused, arg = rest.partition(" ")
            word = word.upper()
            if word == "CAPABILITY":
                conn.send("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n%s OK done\r\n" % tag)
            elif word == "LOGIN":
                user, password = [part.strip('"') for part in arg.split(" ", 1)]
                if login_ok and (user, password) == (mailbox.user, mailbox.password):
                    conn.send("%s OK Logged in\r\n" % tag)
                else:
                    conn.send("%s NO [AUTHENTICATIONFAILED] Authentication failed.\r\n" % tag)
            elif word in ("EXAMINE", "SELECT"):
                conn.send("* %d EXISTS\r\n%s OK [READ-ONLY] done\r\n" % (len(mailbox.messages), tag))
            elif word == "LOGOUT":
                conn.send("* BYE Logging out\r\n%s OK done\r\n" % tag)
                conn.finish_tls()
                return
            else:
                conn.send("%s BAD unknown\r\n" % tag)

    return handler


# ---------------------------------------------------------------- misbehaving servers

def garbage(conn):
    conn.send(b"\x00\xff\xfeHELLO this is not the protocol \x1b[31m\r\n" * 3)
    conn.line()


def silent(conn):
    while conn.sock.recv(4096):  # says nothing, whatever it hears, until the client gives up
        pass


def close_at_once(conn):
    pass


def endless_line(conn):
    try:
        for _unused in range(200):
            conn.send(b"2" * 4096)
    except OSError:
        pass


def closed_port():
    """A loopback port nobody listens on (connections are refused)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


class Blackhole(object):
    """A port whose accept queue is full: the kernel drops new SYNs, so connects time out (a firewall's DROP)."""

    def __init__(self, attempts=8):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(0)
        self.port = self.listener.getsockname()[1]
        self.held = []
        for _unused in range(attempts):
            sock = socket.socket()
            sock.settimeout(0.3)
            try:
                sock.connect(("127.0.0.1", self.port))
            except OSError:
                sock.close()
                return
            self.held.append(sock)
        raise RuntimeError("the accept queue never filled")

    def close(self):
        for sock in self.held:
            sock.close()
        self.listener.close()


def drip(conn):
    """One byte at a time, each well inside the client's read timeout, forever (a tarpit)."""
    import time

    try:
        while True:
            conn.send(b"2")
            time.sleep(0.1)
    except OSError:
        pass


@pytest.fixture
def servers():
    """start(handler, context=None) -> a Server on 127.0.0.1; every one is stopped after the test."""
    started = []

    def start(handler, context=None):
        server = Server(handler, context)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
