# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Probes of the network view: the lab VM as a client on the lab network sees it.

Every probe speaks the service's real protocol through a client that already speaks it: Python's
smtplib, poplib, imaplib and ssl in-process; dig, smbclient, ssh and the mariadb/mysql client as
programs (through a runner, so unit tests answer for them). Each returns an Outcome: `kind` says
what happened at which layer, so a check can name the layer a trainee must fix:

- refused      TCP RST / ICMP port unreachable: nothing listens on that address (listen address)
- timeout      no answer at all: a firewall drops the packets (or the host is down)
- unreachable  ICMP host unreachable / prohibited: a firewall rejects (firewalld's default), or no route
- closed       accepted, then closed before the service spoke: TCP-level access control
               (tcp wrappers, xinetd only_from, tcprules, Samba hosts allow)
- silent       accepted, but the service never said a word within the timeout
- garbage      the service said something that is not its protocol (another program holds the port)
- tls          the TLS handshake failed
- denied       the service answered and refused us (allow-query, 554, NT_STATUS_ACCESS_DENIED, 1130...)
- missing      the local client program is not installed (never a PASS)
- error        anything else
- ok           the session went through; protocol answers are in `data`

No probe waits longer than its timeout per step, and none raises: garbage, silence and early
closes all end as an Outcome. Pure Python 3.8+ standard library.
"""

from __future__ import annotations

import configparser
import contextlib
import errno
import imaplib
import os
import poplib
import re
import smtplib
import socket
import ssl
import tempfile
import threading
import time

from .framework import subprocess_runner

# Seconds to wait for each answer. A healthy VM answers in milliseconds; a loaded one (a classroom graded
# at once, the mail server forking its login processes) took over 3 s here, and a FAIL for a slow but
# working service is a false verdict too. A port found dead costs this once (NetContext.down).
DEFAULT_TIMEOUT = 10.0

OK = "ok"
REFUSED = "refused"
TIMEOUT = "timeout"
UNREACHABLE = "unreachable"
CLOSED = "closed"
SILENT = "silent"
GARBAGE = "garbage"
TLS = "tls"
DENIED = "denied"
MISSING = "missing"
ERROR = "error"
# Kinds that mean "the port cannot be reached from here" (cached per port by NetContext).
DOWN = (REFUSED, TIMEOUT, UNREACHABLE)

# Where the clients come from: (Debian package, EL package).
CLIENT_PACKAGES = {
    "dig": ("bind9-dnsutils", "bind-utils"),
    "smbclient": ("smbclient", "samba-client"),
    "ssh": ("openssh-client", "openssh-clients"),
    "mariadb": ("mariadb-client", "mariadb"),
}
MYSQL_CLIENTS = ("mariadb", "mysql")
_UNREACHABLE_ERRNOS = (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EACCES, errno.EPERM)


class Outcome(object):
    """What a probe found: `kind` (see the module's doc), a one-line `text`, and protocol `data`."""

    __slots__ = ("kind", "text", "data")

    def __init__(self, kind, text="", data=None):
        self.kind = kind
        self.text = str(text)
        self.data = dict(data or {})

    @property
    def ok(self):
        return self.kind == OK

    def __repr__(self):
        return "Outcome(%r, %r, %r)" % (self.kind, self.text, self.data)


def classify(exc):
    """(kind, text) of an exception raised while talking to a server."""
    text = "%s: %s" % (type(exc).__name__, exc)
    if isinstance(exc, ConnectionRefusedError):
        return REFUSED, "connection refused"
    if isinstance(exc, (ssl.SSLEOFError, ssl.SSLZeroReturnError)):
        return CLOSED, text
    if isinstance(exc, ssl.SSLError):
        return TLS, text
    # socket.timeout is TimeoutError since 3.10; smtplib wraps a read timeout in SMTPServerDisconnected
    wrapped = isinstance(exc, smtplib.SMTPServerDisconnected) and "timed out" in str(exc)
    if isinstance(exc, socket.timeout) or wrapped:
        return TIMEOUT, "no answer (timed out)"
    if isinstance(exc, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError, EOFError,
                        smtplib.SMTPServerDisconnected)):
        return CLOSED, text
    if isinstance(exc, (poplib.error_proto, imaplib.IMAP4.abort)) and "EOF" in str(exc):
        return CLOSED, text  # poplib's "-ERR EOF", imaplib's "socket error: EOF": the server hung up
    if isinstance(exc, OSError) and exc.errno in _UNREACHABLE_ERRNOS:
        return UNREACHABLE, text
    if isinstance(exc, (smtplib.SMTPException, poplib.error_proto, imaplib.IMAP4.error, ValueError,
                        UnicodeError)):
        return GARBAGE, text
    return ERROR, text


def missing(client):
    """The Outcome of a probe whose client program is not installed."""
    debian, el = CLIENT_PACKAGES.get(client, (client, client))
    return Outcome(MISSING, "%s is not installed (Debian: apt install %s, EL: dnf install %s)" % (client, debian, el),
                   {"client": client, "debian": debian, "el": el})


def _tls_context():
    # The lab's certificate is self-signed and named after the lab host, not the address we dial.
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def _tls_info(sock, data, key="tls"):
    if isinstance(sock, ssl.SSLSocket) and sock.version():
        data[key] = "%s %s" % (sock.version(), (sock.cipher() or ["?"])[0])


def _close_tls(sock):
    """close_notify, so stunnel logs the session as cleanly closed (the course's 13.6)."""
    if isinstance(sock, ssl.SSLSocket):
        try:
            sock.unwrap()
        except (OSError, ValueError):
            pass


def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _after_timeout(host, port, timeout, outcome):
    """A protocol timeout is a firewall only when the TCP connect itself times out; else the service is silent."""
    if outcome.kind != TIMEOUT:
        return outcome
    tcp = tcp_connect(host, port, timeout)
    if tcp.kind == OK:
        outcome.kind = SILENT
        outcome.text = "accepted the connection but said nothing within %g s" % timeout
    return outcome


def _by_connect(host, port, timeout, text):
    """When a client only says it could not get through: the TCP handshake tells which layer stopped it."""
    tcp = tcp_connect(host, port, timeout)
    if tcp.kind == OK:
        return Outcome(SILENT, "%s (the port accepts connections, the service does not answer)" % text)
    return Outcome(tcp.kind, "%s (%s)" % (text, tcp.text))


# ---------------------------------------------------------------- plain TCP

def tcp_connect(host, port, timeout=DEFAULT_TIMEOUT):
    """Only the TCP handshake: ok when accepted (closed again at once)."""
    try:
        sock = socket.create_connection((host, int(port)), timeout)
    except Exception as exc:  # every failure is an answer here
        kind, text = classify(exc)
        return Outcome(kind, text)
    sock.close()
    return Outcome(OK, "accepted")


def tcp_peek(host, port, timeout=DEFAULT_TIMEOUT, wait=0.5):
    """Connect and listen for `wait` seconds: ok with data state answer/open/closed and the first line."""
    try:
        sock = socket.create_connection((host, int(port)), timeout)
    except Exception as exc:
        kind, text = classify(exc)
        return Outcome(kind, text)
    try:
        sock.settimeout(wait)
        try:
            first = sock.recv(512)
        except socket.timeout:
            return Outcome(OK, "accepted, silent", {"state": "open"})
        except OSError:
            first = b""
        if not first:
            return Outcome(OK, "accepted, then closed at once", {"state": "closed"})
        line = (_text(first).splitlines() or [""])[0].strip()
        return Outcome(OK, "answers: %s" % line, {"state": "answer", "line": line})
    finally:
        sock.close()


# ---------------------------------------------------------------- whole-session deadline

# Each read waits at most `timeout`; a server that drips a byte just inside it would keep a session
# alive for hours, so a whole session ends after this many timeouts.
SESSION_STEPS = 8


class _Watchdog(object):
    """Shuts the session's sockets down once the whole session outlasts its deadline."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.watched = []
        self.expired = False
        self.timer = threading.Timer(seconds, self._expire)
        self.timer.daemon = True

    def add(self, thing):
        """A socket, or a client object whose .sock is looked up at expiry."""
        self.watched.append(thing)
        return thing

    def _expire(self):
        self.expired = True
        for thing in self.watched:
            sock = getattr(thing, "sock", thing)
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except (OSError, AttributeError, ValueError):
                pass

    def __enter__(self):
        self.timer.start()
        return self

    def __exit__(self, *exc):
        self.timer.cancel()

    def outcome(self, outcome):
        if self.expired:
            outcome.kind = SILENT
            outcome.text = "the server did not finish the session within %g s (it answers too slowly)" % self.seconds
        return outcome


def _wrap(context, raw, name, watchdog):
    """TLS over `raw`, watched during the handshake too."""
    sock = context.wrap_socket(raw, server_hostname=name or None, do_handshake_on_connect=False)
    watchdog.add(sock)
    sock.do_handshake()
    return sock


class _SMTP(smtplib.SMTP):
    def __init__(self, watchdog, timeout):
        self._watchdog = watchdog
        smtplib.SMTP.__init__(self, timeout=timeout)
        watchdog.add(self)

    def _get_socket(self, host, port, timeout):
        return self._watchdog.add(smtplib.SMTP._get_socket(self, host, port, timeout))


class _SMTP_SSL(smtplib.SMTP_SSL):
    def __init__(self, watchdog, timeout):
        self._watchdog = watchdog
        smtplib.SMTP_SSL.__init__(self, timeout=timeout, context=_tls_context())
        watchdog.add(self)

    def _get_socket(self, host, port, timeout):
        raw = self._watchdog.add(socket.create_connection((host, port), timeout, self.source_address))
        return _wrap(self.context, raw, self._host, self._watchdog)


class _POP3(poplib.POP3):
    def __init__(self, watchdog, host, port, timeout):
        self._watchdog = watchdog
        poplib.POP3.__init__(self, host, port, timeout=timeout)

    def _create_socket(self, timeout):
        return self._watchdog.add(poplib.POP3._create_socket(self, timeout))


class _POP3_SSL(poplib.POP3_SSL):
    def __init__(self, watchdog, host, port, timeout):
        self._watchdog = watchdog
        poplib.POP3_SSL.__init__(self, host, port, timeout=timeout, context=_tls_context())

    def _create_socket(self, timeout):
        raw = self._watchdog.add(poplib.POP3._create_socket(self, timeout))
        return _wrap(self.context, raw, self.host, self._watchdog)


# ---------------------------------------------------------------- SMTP

def smtp_session(host, port, timeout=DEFAULT_TIMEOUT, tls=False, starttls=False, auth=None,
                 rcpt_before=None, rcpt_after=None, send=None, helo="labeval.invalid", vrfy=None):
    """One SMTP session: greeting, EHLO; STARTTLS and EHLO again when `starttls`; then in order

    rcpt_before=(sender, rcpt): MAIL/RCPT then RSET, before any AUTH (nothing is sent);
    auth=(user, password): SMTP AUTH;
    rcpt_after=(sender, rcpt): MAIL/RCPT then RSET, after AUTH;
    send=(sender, rcpt, message): a real message;
    vrfy=address: VRFY (first, before any of the above).
    `tls` is SMTPS (TLS from the first byte). data: banner, extensions, tls, starttls, extensions_tls,
    vrfy, rcpt_before, auth, rcpt_after, sent / send_refused, quit. The Outcome is ok when the session
    reached its end; the server's refusals are answers in data, not failures.
    """
    with _Watchdog(timeout * SESSION_STEPS) as watchdog:
        return watchdog.outcome(_smtp_session(watchdog, host, port, timeout, tls, starttls, auth, rcpt_before,
                                              rcpt_after, send, helo, vrfy))


def _smtp_session(watchdog, host, port, timeout, tls, starttls, auth, rcpt_before, rcpt_after, send, helo,
                  vrfy=None):
    data = {}
    server = None
    try:
        server = (_SMTP_SSL if tls else _SMTP)(watchdog, timeout)
        server._host = host  # the TLS server name (SMTPS, STARTTLS); the constructor's connect would drop the banner
        code, banner = server.connect(host, int(port))
        data["banner"] = "%d %s" % (code, _text(banner))
        _tls_info(server.sock, data)
        if code != 220:
            kind = DENIED if 400 <= code < 600 else GARBAGE
            _quit(server, data)
            return Outcome(kind, "greeting %s" % data["banner"], data)
        code, _unused = server.ehlo(helo)
        if code != 250:
            _quit(server, data)
            return Outcome(DENIED if 400 <= code < 600 else GARBAGE, "EHLO answered %d" % code, data)
        data["extensions"] = sorted(server.esmtp_features)
        if starttls:
            if not server.has_extn("starttls"):
                data["starttls"] = "not offered"
                _quit(server, data)
                return Outcome(OK, "no STARTTLS", data)
            server.starttls(context=_tls_context())
            _tls_info(server.sock, data)
            data["starttls"] = "ok"
            server.ehlo(helo)
            data["extensions_tls"] = sorted(server.esmtp_features)
        if vrfy:
            code, text = server.docmd("VRFY", vrfy)
            data["vrfy"] = "%d %s" % (code, _text(text))
        if rcpt_before:
            data["rcpt_before"] = _envelope(server, *rcpt_before)
        if auth:
            data["auth"] = _smtp_auth(server, *auth)
        if rcpt_after:
            data["rcpt_after"] = _envelope(server, *rcpt_after)
        if send:
            sender, rcpt, message = send
            try:
                refused = server.sendmail(sender, [rcpt], message)
                data["sent"] = not refused
                if refused:
                    data["send_refused"] = "; ".join("%s %d %s" % (r, c, _text(t)) for r, (c, t) in refused.items())
            except smtplib.SMTPRecipientsRefused as exc:
                code, text = exc.recipients.get(rcpt, (0, b""))
                data["send_refused"] = "%d %s" % (code, _text(text))
            except smtplib.SMTPResponseException as exc:
                data["send_refused"] = "%d %s" % (exc.smtp_code, _text(exc.smtp_error))
        _quit(server, data)
        return Outcome(OK, data.get("banner", ""), data)
    except Exception as exc:
        kind, text = classify(exc)
        if server is not None:
            _tls_info(server.sock, data)  # TLS may have worked before the server hung up
            server.close()
        return _after_timeout(host, port, timeout, Outcome(kind, text, data))


def _envelope(server, sender, rcpt):
    """'CODE text' of RCPT TO (or of MAIL FROM when that is refused already); then RSET."""
    code, text = server.mail(sender)
    if code != 250:
        answer = "MAIL %d %s" % (code, _text(text))
    else:
        code, text = server.rcpt(rcpt)
        answer = "%d %s" % (code, _text(text))
    server.rset()
    return answer


def _smtp_auth(server, user, password):
    try:
        code, text = server.login(user, password)
        return "%d %s" % (code, _text(text))
    except smtplib.SMTPNotSupportedError:
        return "not offered"
    except smtplib.SMTPAuthenticationError as exc:
        return "%d %s" % (exc.smtp_code, _text(exc.smtp_error))
    except smtplib.SMTPException as exc:
        return "failed: %s" % exc


def _quit(server, data):
    try:
        code, _unused = server.docmd("QUIT")
        data["quit"] = code
    except (OSError, smtplib.SMTPException):
        pass
    _close_tls(server.sock)
    server.close()


def smtp_code(answer):
    """The reply code at the start of an answer like '250 2.1.5 Ok' (or 'MAIL 554 ...'), else 0."""
    match = re.match(r"(?:MAIL )?(\d{3})", answer or "")
    return int(match.group(1)) if match else 0


# ---------------------------------------------------------------- POP3

def pop3_session(host, port, timeout=DEFAULT_TIMEOUT, tls=False, login=None, find=None, delete=False):
    """Greeting, then with login=(user, password) USER/PASS and STAT; with `find` (a text in the
    headers) TOP over the newest messages, DELE the match when `delete`. data: banner, tls, login
    ("ok" or the server's error), messages, found, and the match's header lines as headers. ok when
    the session went through."""
    with _Watchdog(timeout * SESSION_STEPS) as watchdog:
        return watchdog.outcome(_pop3_session(watchdog, host, port, timeout, tls, login, find, delete))


def _pop3_session(watchdog, host, port, timeout, tls, login, find, delete):
    data = {}
    server = None
    try:
        server = (_POP3_SSL if tls else _POP3)(watchdog, host, int(port), timeout)
        data["banner"] = _text(server.getwelcome())
        _tls_info(server.sock, data)
        if login:
            try:
                server.user(login[0])
                server.pass_(login[1])
            except poplib.error_proto as exc:
                data["login"] = _text(exc.args[0] if exc.args else exc)
            else:
                data["login"] = "ok"
                count, _unused = server.stat()
                data["messages"] = count
                if find:
                    headers = _pop3_find(server, count, find, delete)
                    data["found"] = headers is not None
                    if headers is not None:
                        data["headers"] = headers
        try:
            server._shortcmd("QUIT")  # QUIT commits a DELE
        except (OSError, poplib.error_proto):
            pass
        _close_tls(server.sock)
        server.close()
        return Outcome(OK, data.get("banner", ""), data)
    except Exception as exc:
        kind, text = classify(exc)
        if server is not None:
            try:
                server.close()
            except OSError:
                pass
        return _after_timeout(host, port, timeout, Outcome(kind, text, data))


def _pop3_find(server, count, needle, delete, newest=20):
    """The header lines (text) of the newest message whose headers hold `needle`, else None."""
    for number in range(count, max(0, count - newest), -1):
        _unused, lines, _unused = server.top(number, 0)
        headers = [_text(line) for line in lines]
        if any(needle in line for line in headers):
            if delete:
                server.dele(number)
            return headers
    return None


# ---------------------------------------------------------------- IMAP

class _IMAP4(imaplib.IMAP4):
    """IMAP4 with a connect timeout also on Python 3.8 (whose constructor has none), watched."""

    def __init__(self, watchdog, host, port, timeout):
        self._probe_timeout = timeout
        self._watchdog = watchdog
        imaplib.IMAP4.__init__(self, host, port)

    def _create_socket(self, timeout=None):
        return self._watchdog.add(socket.create_connection((self.host, self.port), self._probe_timeout))


class _IMAP4_SSL(imaplib.IMAP4_SSL):
    def __init__(self, watchdog, host, port, timeout):
        self._probe_timeout = timeout
        self._watchdog = watchdog
        imaplib.IMAP4_SSL.__init__(self, host, port, ssl_context=_tls_context())

    def _create_socket(self, timeout=None):
        raw = self._watchdog.add(socket.create_connection((self.host, self.port), self._probe_timeout))
        return _wrap(self.ssl_context, raw, self.host, self._watchdog)


def imap_session(host, port, timeout=DEFAULT_TIMEOUT, tls=False, login=None):
    """Greeting, then with login=(user, password) LOGIN and EXAMINE INBOX. data: banner, tls,
    capabilities, login ("ok" or the server's answer), messages."""
    with _Watchdog(timeout * SESSION_STEPS) as watchdog:
        return watchdog.outcome(_imap_session(watchdog, host, port, timeout, tls, login))


def _imap_session(watchdog, host, port, timeout, tls, login):
    data = {}
    server = None
    try:
        server = (_IMAP4_SSL if tls else _IMAP4)(watchdog, host, int(port), timeout)
        data["banner"] = _text(server.welcome)
        data["capabilities"] = sorted(_text(c) for c in server.capabilities)
        _tls_info(server.sock, data)
        if login:
            try:
                server.login(login[0], login[1])
            except imaplib.IMAP4.error as exc:
                data["login"] = _text(exc.args[0] if exc.args else exc)
            else:
                data["login"] = "ok"
                status, count = server.select("INBOX", readonly=True)
                if status == "OK" and count and _text(count[0]).isdigit():
                    data["messages"] = int(_text(count[0]))
        try:
            server.logout()
        except (OSError, imaplib.IMAP4.error):
            pass
        _close_tls(server.sock)
        return Outcome(OK, data.get("banner", ""), data)
    except Exception as exc:
        kind, text = classify(exc)
        if server is not None:
            try:
                server.shutdown()
            except (OSError, AttributeError):
                pass
        return _after_timeout(host, port, timeout, Outcome(kind, text, data))


# ---------------------------------------------------------------- client programs

def _first_error(text):
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _timeout_seconds(timeout):
    return max(1, int(round(timeout)))


@contextlib.contextmanager
def secret_file(text):
    """A file only we can read, holding `text`, removed afterwards: credentials never go on a command line."""
    fd, path = tempfile.mkstemp(prefix="labeval-", suffix=".cnf")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
        yield path
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass


# ---------------------------------------------------------------- DNS (dig)

def dig(run, server, name, rdtype, recurse=False, timeout=DEFAULT_TIMEOUT, port=53):
    """Ask `server` with dig. ok: data["output"] is dig's answer text (status may be REFUSED etc.)."""
    options = ["+rec" if recurse else "+norec", "+time=%d" % _timeout_seconds(timeout), "+tries=1"]
    query = ["-x", name] if rdtype == "PTR" else [name, rdtype]
    argv = ["dig", "@%s" % server, "-p", str(port)] + options + query
    rc, out, err = run(argv, timeout=timeout + 2)
    text = out + err
    if rc == 127:
        return missing("dig")
    if "connection refused" in text:
        return Outcome(REFUSED, "connection refused (ICMP port unreachable)")
    if "host unreachable" in text or "network unreachable" in text:
        return Outcome(UNREACHABLE, _first_error(text))
    if rc == 124 or "timed out" in text or "no servers could be reached" in text:
        return Outcome(TIMEOUT, "no answer within %g s" % timeout)
    if rc != 0:
        return Outcome(GARBAGE if "parse" in text or "mismatch" in text else ERROR,
                       _first_error(text) or "dig exit %d" % rc)
    if "->>HEADER<<-" not in out:
        return Outcome(GARBAGE, "no DNS header in dig's output")
    return Outcome(OK, "", {"output": out})


# ---------------------------------------------------------------- Samba (smbclient)

SMB_PORT = 445
_NT_STATUS = re.compile(r"NT_STATUS_[A-Z_]+")
_SMB_KINDS = {
    "NT_STATUS_CONNECTION_REFUSED": REFUSED,
    "NT_STATUS_HOST_UNREACHABLE": UNREACHABLE,
    "NT_STATUS_NETWORK_UNREACHABLE": UNREACHABLE,
    # smbd accepts, then drops a client that "hosts allow" does not let in
    "NT_STATUS_CONNECTION_RESET": CLOSED,
    "NT_STATUS_CONNECTION_DISCONNECTED": CLOSED,
    "NT_STATUS_END_OF_FILE": CLOSED,
    "NT_STATUS_INVALID_NETWORK_RESPONSE": GARBAGE,
}


def _auth_text(user, password, domain=""):
    text = "username = %s\npassword = %s\n" % (user, password)
    return text + ("domain = %s\n" % domain if domain else "")


def _smbd_refuses(host, port, timeout):
    """Whether smbd turns this client away: a client its "hosts allow" does not name gets a NetBIOS negative
    session response (0x83) at once, before it says anything; smbclient calls that
    NT_STATUS_INVALID_NETWORK_RESPONSE, as it does a program that does not speak SMB at all."""
    try:
        sock = socket.create_connection((host, int(port)), timeout)
    except Exception:  # every failure means: not that answer
        return False
    try:
        sock.settimeout(min(float(timeout), 1.0))
        try:
            first = sock.recv(8)
        except OSError:
            return False
        return first[:1] == b"\x83"
    finally:
        sock.close()


def _smbclient(run, argv, host, port, timeout):
    if port != SMB_PORT:
        argv = argv[:1] + ["-p", str(port)] + argv[1:]
    rc, out, err = run(argv, timeout=timeout + 2)
    if rc == 127:
        return None, missing("smbclient")
    text = out + err
    status = _NT_STATUS.search(text)
    if rc == 124 or (status and status.group(0) == "NT_STATUS_IO_TIMEOUT"):
        return None, _by_connect(host, port, timeout, "smbclient got no answer")
    if status:
        code = status.group(0)
        if code == "NT_STATUS_INVALID_NETWORK_RESPONSE" and _smbd_refuses(host, port, timeout):
            return None, Outcome(CLOSED, "%s: smbd sends a negative session response at once" % code, {"status": code})
        return None, Outcome(_SMB_KINDS.get(code, DENIED), code, {"status": code})
    if rc != 0:
        return None, Outcome(ERROR, _first_error(text) or "smbclient exit %d" % rc)
    return out, None


def smb_list(run, host, user, password, timeout=DEFAULT_TIMEOUT, domain="", port=SMB_PORT):
    """smbclient -L as the user: ok with data["shares"] = [(type, name)]."""
    with secret_file(_auth_text(user, password, domain)) as auth:
        out, problem = _smbclient(run, ["smbclient", "-L", "//%s" % host, "-A", auth, "-g",
                                        "-t", str(_timeout_seconds(timeout))], host, port, timeout)
    if problem:
        return problem
    shares = []
    for line in out.splitlines():
        fields = line.split("|")
        if len(fields) >= 2 and fields[0] in ("Disk", "IPC", "Printer"):
            shares.append((fields[0], fields[1]))
    return Outcome(OK, "%d shares" % len(shares), {"shares": shares})


def smb_put_get(run, host, share, user, password, token, timeout=DEFAULT_TIMEOUT, domain="", port=SMB_PORT):
    """smbclient //host/share as the user: put a file holding `token`, get it back, delete it.
    ok with data["same"] (the bytes came back unchanged)."""
    name = "labeval-net-%s.txt" % token[-12:]
    workdir = tempfile.mkdtemp(prefix="labeval-")
    sent, back = os.path.join(workdir, "sent"), os.path.join(workdir, "back")
    try:
        with open(sent, "w") as handle:
            handle.write("labeval network view %s\n" % token)
        commands = "put %s %s; get %s %s; del %s" % (sent, name, name, back, name)
        with secret_file(_auth_text(user, password, domain)) as auth:
            out, problem = _smbclient(run, ["smbclient", "//%s/%s" % (host, share), "-A", auth,
                                            "-t", str(_timeout_seconds(timeout)), "-c", commands], host, port, timeout)
        if problem:
            return problem
        try:
            with open(back) as handle:
                same = token in handle.read()
        except OSError:
            same = False
        return Outcome(OK, "read back" if same else "nothing came back", {"same": same, "name": name})
    finally:
        for path in (sent, back):
            try:
                os.unlink(path)
            except OSError:
                pass
        os.rmdir(workdir)


# ---------------------------------------------------------------- SSH (ssh)

_SSH_COMMON = ["-F", "none", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
               "-o", "UserKnownHostsFile=/dev/null", "-o", "GlobalKnownHostsFile=/dev/null"]


def _ssh_failure(rc, text, timeout):
    """The Outcome of a failed ssh run, or None when the run got past the connection."""
    if rc == 127:
        return missing("ssh")
    if rc == 124:
        return Outcome(TIMEOUT, "ssh gave no answer within %g s" % timeout)
    if "Connection refused" in text:
        return Outcome(REFUSED, "connection refused")
    if "during banner exchange" in text:
        return Outcome(SILENT, "accepted the connection but sent no SSH greeting within %g s" % timeout)
    if "timed out" in text:
        return Outcome(TIMEOUT, "connection timed out")
    if "No route to host" in text or "Network is unreachable" in text:
        return Outcome(UNREACHABLE, _first_error(text))
    if "Bad remote protocol" in text or "banner line" in text or "protocol identification" in text:
        return Outcome(GARBAGE, _first_error(text))
    closed = "kex_exchange_identification" in text or "Connection closed by" in text
    if closed and "Permission denied" not in text:
        return Outcome(CLOSED, _first_error(text))
    return None


def ssh_offer(run, host, port, user, timeout=DEFAULT_TIMEOUT):
    """The authentication methods sshd offers `user` (no key, no password tried): ok with
    data["methods"] and data["version"] (the server's software)."""
    argv = (["ssh", "-v"] + _SSH_COMMON
            + ["-o", "ConnectTimeout=%d" % _timeout_seconds(timeout), "-o", "PreferredAuthentications=none",
               "-o", "PubkeyAuthentication=no", "-o", "IdentityAgent=none", "-p", str(port),
               "%s@%s" % (user, host), "true"])
    rc, out, err = run(argv, timeout=timeout + 3)
    text = out + err
    problem = _ssh_failure(rc, text, timeout)
    if problem:
        return problem
    version = re.search(r"remote software version (\S+)", text)
    data = {"version": version.group(1) if version else ""}
    offered = re.findall(r"Authentications that can continue: ([\w@.,-]+)", text)
    denied = re.search(r"Permission denied \(([^)]*)\)", text)
    if offered or denied:
        data["methods"] = (offered[-1] if offered else denied.group(1)).split(",")
        return Outcome(OK, "offers %s" % ",".join(data["methods"]), data)
    if rc == 0:  # "none" authentication let us in: no password at all
        data["methods"] = ["none"]
        return Outcome(OK, "logged in without authentication", data)
    return Outcome(GARBAGE if not version else ERROR, _first_error(text) or "ssh exit %d" % rc, data)


def ssh_key_login(run, host, port, user, identity, timeout=DEFAULT_TIMEOUT, forward=None):
    """Log in as `user` with the private key `identity` only and run `true`; with forward=(host, port)
    use the connection as `ssh -W host:port` instead (what ssh -L does) and return what came back.
    ok: logged in (data["output"] the forwarded service's words); denied: the key was refused."""
    argv = (["ssh"] + _SSH_COMMON
            + ["-o", "ConnectTimeout=%d" % _timeout_seconds(timeout), "-o", "IdentitiesOnly=yes",
               "-o", "IdentityAgent=none", "-o", "PreferredAuthentications=publickey",
               "-o", "PasswordAuthentication=no", "-i", identity, "-p", str(port)])
    if forward:
        argv += ["-W", "%s:%s" % forward, "%s@%s" % (user, host)]
    else:
        argv += ["%s@%s" % (user, host), "true"]
    rc, out, err = run(argv, timeout=timeout + 3)
    text = out + err
    if "UNPROTECTED PRIVATE KEY" in text or "bad permissions" in text:
        return Outcome(ERROR, "the private key %s is readable by others: ssh refuses to use it (chmod 600 %s)"
                       % (identity, identity))
    if "no such identity" in text or "No such file" in text and identity in text:
        return Outcome(ERROR, "no private key %s" % identity)
    if forward and ("open failed" in err or "forwarding failed" in err):
        # logged in; sshd could not (or would not) connect to the forwarded port on the VM
        opened = [line.strip() for line in err.splitlines() if "open failed" in line]
        return Outcome(DENIED if "prohibited" in err else REFUSED, (opened or [_first_error(err)])[0],
                       {"forward": True})
    problem = _ssh_failure(rc, err, timeout)
    if problem:
        return problem
    if "Permission denied" in err:
        return Outcome(DENIED, _first_error(err))
    if forward:
        return Outcome(OK, "forwarded", {"output": out})
    if rc != 0:
        return Outcome(ERROR, _first_error(err) or "ssh exit %d" % rc)
    return Outcome(OK, "logged in")


# ---------------------------------------------------------------- MySQL / MariaDB

_MYSQL_ERROR = re.compile(r"ERROR (\d+)(?: \(\w+\))?(?: at line \d+)?: (.*)")
_MYSQL_INNER_ERROR = re.compile(r"cannot be verified: (\d+) - (.*)")


def mysql_query(run, host, port, user, password, sql, database=None, timeout=DEFAULT_TIMEOUT):
    """Run `sql` as user@host over TCP with the mariadb (else mysql) client. ok: data["rows"];
    denied: the server refused (data["code"]: 1045, 1130, 1044...)."""
    lines = ["[client]", "user = %s" % user]
    if password is not None:  # no line: no password at all
        lines.append("password = %s" % password)
    argv_tail = ["--protocol=TCP", "--host=%s" % host, "--port=%s" % port,
                 "--connect-timeout=%d" % _timeout_seconds(timeout), "-N", "-B", "-e", sql]
    if database:
        argv_tail.insert(0, "--database=%s" % database)
    with secret_file("\n".join(lines) + "\n") as cnf:
        for client in MYSQL_CLIENTS:
            rc, out, err = run([client, "--defaults-file=%s" % cnf] + argv_tail, timeout=timeout + 2)
            if rc != 127:
                break
        else:
            return missing("mariadb")
    if rc == 124:
        return _by_connect(host, port, timeout, "%s got no answer" % client)
    if rc == 0:
        return Outcome(OK, "answered", {"rows": [line.split("\t") for line in out.splitlines() if line.strip()],
                                        "client": client})
    match = _MYSQL_ERROR.search(err)
    if not match:
        return Outcome(ERROR, _first_error(err) or "%s exit %d" % (client, rc), {"client": client})
    code, text = int(match.group(1)), match.group(2).strip()
    # The MariaDB 10.11 client wants TLS first: a server that refuses this client (1130, host not allowed)
    # before the handshake shows as 2002 with the server's own error inside.
    inner = _MYSQL_INNER_ERROR.search(text)
    if code == 2002 and inner:
        code, text = int(inner.group(1)), inner.group(2).strip()
    data = {"code": code, "client": client}
    line = "ERROR %d: %s" % (code, text)
    if code in (2002, 2003):
        # the client's errno is not reliable (EINPROGRESS for a refused non-blocking connect)
        outcome = _by_connect(host, port, timeout, line)
        outcome.data.update(data)
        return outcome
    if code == 2013:
        return Outcome(SILENT if "system error: 110" in text else CLOSED, line, data)
    if code in (2027, 2047, 2026):
        return Outcome(GARBAGE, line, data)
    return Outcome(DENIED, line, data)


# ---------------------------------------------------------------- credentials

def parse_auth_text(text):
    """{username, password, domain} from the text of a `key = value` file (trainee.auth, smbclient -A)."""
    values = {}
    for raw in (text or "").splitlines():
        key, sep, value = raw.partition("=")
        if sep and not raw.lstrip().startswith("#"):
            values[key.strip().lower()] = value.strip()
    return values


def _read_text(path):
    """The file's text, or None when it cannot be read."""
    try:
        with open(path) as handle:
            return handle.read()
    except (OSError, UnicodeError):
        return None


def read_auth_file(path):
    """parse_auth_text() of a file; {} if unreadable."""
    return parse_auth_text(_read_text(path) or "")


def parse_mysql_cnf(text):
    """{user, password, database} from the text of a MySQL option file ([client], [mysql]); {} if unparsable."""
    parser = configparser.RawConfigParser(strict=False, allow_no_value=True)
    try:
        parser.read_string(text or "")
    except configparser.Error:
        return {}
    values = {}
    for section, keys in (("client", ("user", "password", "host", "port")), ("mysql", ("database",))):
        for key in keys:
            if parser.has_option(section, key):
                value = (parser.get(section, key) or "").strip()
                if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                    value = value[1:-1]
                values[key] = value
    return values


def read_mysql_cnf(path):
    """parse_mysql_cnf() of a file; {} if unreadable."""
    return parse_mysql_cnf(_read_text(path) or "")


class Credentials(object):
    """What the network view logs in with.

    user/password: the trainee (POP3, IMAP, SMTP AUTH, Samba); identity: the trainee's private SSH
    key; mysql_user/mysql_password: the lab's MySQL account (default: the trainee's, as the mysql
    role's mysql_lab_password defaults to lab_user_password); samba_*: when Samba's differ.
    """

    def __init__(self, user=None, password=None, identity=None, mysql_user=None, mysql_password=None,
                 mysql_database=None, samba_user=None, samba_password=None, samba_domain=""):
        self.user = user
        self.password = password
        self.identity = identity
        self.mysql_user = mysql_user
        self.mysql_password = mysql_password if mysql_password is not None else password
        self.mysql_database = mysql_database
        self.samba_user = samba_user or user
        self.samba_password = samba_password if samba_password is not None else password
        self.samba_domain = samba_domain

    @classmethod
    def from_files(cls, auth=None, identity=None, mysql_cnf=None, samba_auth=None):
        """From the VM's own files (copies of them): trainee.auth, the lab user's .my.lab.cnf, samba.auth."""
        return cls.from_texts(_read_text(auth) if auth else None, identity,
                              _read_text(mysql_cnf) if mysql_cnf else None,
                              _read_text(samba_auth) if samba_auth else None)

    @classmethod
    def from_texts(cls, auth=None, identity=None, mysql_cnf=None, samba_auth=None):
        """From the texts of those files (the lab_eval module gets them from the VM); None: not given."""
        trainee = parse_auth_text(auth) if auth else {}
        mysql = parse_mysql_cnf(mysql_cnf) if mysql_cnf else {}
        samba = parse_auth_text(samba_auth) if samba_auth else {}
        return cls(user=trainee.get("username"), password=trainee.get("password"), identity=identity,
                   mysql_user=mysql.get("user"), mysql_password=mysql.get("password"),
                   mysql_database=mysql.get("database"), samba_user=samba.get("username"),
                   samba_password=samba.get("password"), samba_domain=samba.get("domain", ""))

    @property
    def login(self):
        """(user, password) for the mail services, or None."""
        if self.user and self.password is not None:
            return (self.user, self.password)
        return None


# ---------------------------------------------------------------- the context

# The VM view's runner (stdin closed, LC_ALL=C; rc 127 missing, 124 timed out) runs the lab clients too.
default_runner = subprocess_runner


class NetContext(object):
    """What a network check may use: the target address, the lab model (lab.json's keys), a runner
    for local client programs `runner(argv, timeout=S) -> (rc, out, err)`, the credentials and a
    per-step timeout. A port found unreachable is remembered, so a firewalled VM costs one timeout
    per port, not one per check. `ports` maps a service's port to the one to dial ({25: 2525}: a VM
    behind port forwarding, or a test's servers)."""

    view = "net"
    # Checks run side by side (framework.evaluate): each mostly waits for the VM (a PAM login took 0.5-2.5 s
    # here), so the whole view costs about its slowest check instead of the sum of all.
    workers = 8

    def __init__(self, target, config=None, runner=None, credentials=None, timeout=DEFAULT_TIMEOUT, ports=None):
        self.target = str(target)
        self.ports = dict((int(k), int(v)) for k, v in (ports or {}).items())
        self.config = dict(config or {})
        self.runner = runner or default_runner
        self.credentials = credentials or Credentials()
        self.timeout = float(timeout)
        self.user = self.config.get("user") or self.credentials.user or "user1"
        self.down = {}
        self.memo = {}

    def run(self, argv, timeout=None):
        rc, out, err = self.runner(list(argv), timeout=timeout or self.timeout)
        return rc, out or "", err or ""

    def hostname(self):
        return socket.gethostname()

    @property
    def family(self):
        return None  # the client does not know the VM's family; checks fall back to the course's defaults

    def port(self, number):
        """The port to dial for the service port `number`."""
        return self.ports.get(int(number), int(number))

    def probe(self, port, func, *args, **kwargs):
        """func(target, dialled port, *args, timeout=...) unless `port` is already known to be unreachable."""
        known = self.down.get(int(port))
        if known is not None:
            return known
        outcome = func(self.target, self.port(port), *args, timeout=self.timeout, **kwargs)
        if outcome.kind in DOWN:
            self.down[int(port)] = outcome
        return outcome

    def once(self, key, func):
        """func() the first time `key` is asked for, the same answer afterwards (one ssh offer per user...)."""
        if key not in self.memo:
            self.memo[key] = func()
        return self.memo[key]


def poll(func, wait, step=0.2):
    """func() until it returns a true value or `wait` seconds passed; the last value."""
    deadline = time.time() + wait
    while True:
        value = func()
        if value or time.time() >= deadline:
            return value
        time.sleep(step)
