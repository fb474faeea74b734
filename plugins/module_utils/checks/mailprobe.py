# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Talk SMTP, POP3 and IMAP (plain, over TLS, or with STARTTLS) to a server, from the VM.

The checks run SCRIPT with the VM's python3 through ``Context.run`` (so unit tests can answer
for it) and read one JSON object from its output::

    python3 -c SCRIPT smtp  HOST PORT [--tls] [--starttls] [--vrfy USER]
    python3 -c SCRIPT send  HOST PORT FROM TO TOKEN
    python3 -c SCRIPT relay HOST PORT FROM TO [--tls]     (RCPT only, then RSET: nothing is sent)
    python3 -c SCRIPT pop3  HOST PORT [--tls] [--auth FILE]
    python3 -c SCRIPT imap  HOST PORT [--tls]

Credentials come from a root-only file (``username = ...`` / ``password = ...``, the smbclient
``-A`` format), never from the command line. TLS sessions end with close_notify (``unwrap``)
so stunnel logs them as cleanly closed. Certificates are not verified here: the certificate
check reads the files themselves.
"""

from __future__ import annotations

import json
import sys

SCRIPT = r'''
import imaplib, json, poplib, smtplib, socket, ssl, sys

# A loaded VM may take seconds to fork a login and an auth process: a slow answer is not a missing one.
TIMEOUT = 10
args = sys.argv[1:]
op, host, port = args[0], args[1], int(args[2])
flags = args[3:]
out = {"op": op, "host": host, "port": port, "ok": False}


def context():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def tls_info(sock):
    if isinstance(sock, ssl.SSLSocket):
        out["tls_version"] = sock.version()
        out["cipher"] = (sock.cipher() or [None])[0]


def close_tls(sock):
    # close_notify, so the server (stunnel) sees a clean end of the session
    if isinstance(sock, ssl.SSLSocket):
        try:
            sock.unwrap()
        except (OSError, ValueError, ssl.SSLError):
            pass


def credentials(path):
    values = {}
    with open(path) as handle:
        for line in handle:
            key, sep, value = line.partition("=")
            if sep:
                values[key.strip().lower()] = value.strip()
    return values.get("username"), values.get("password")


try:
    if op in ("smtp", "send", "relay"):
        tls = "--tls" in flags
        cls = smtplib.SMTP_SSL if tls else smtplib.SMTP
        kwargs = {"context": context()} if tls else {}
        server = cls(timeout=TIMEOUT, **kwargs)
        server._host = host  # SMTP_SSL takes the TLS server name from it; the constructor would drop the banner
        code, banner = server.connect(host, port)
        out["banner"] = "%d %s" % (code, banner.decode("utf-8", "replace"))
        tls_info(server.sock)
        code, _ = server.ehlo("labeval.invalid")
        out["ehlo"] = code
        out["extensions"] = sorted(server.esmtp_features)
        if op == "smtp" and "--starttls" in flags:
            if server.has_extn("starttls"):
                server.starttls(context=context())
                tls_info(server.sock)
                server.ehlo("labeval.invalid")
                out["extensions_tls"] = sorted(server.esmtp_features)
                out["auth_tls"] = server.esmtp_features.get("auth", "").split()
        if op == "smtp" and "--vrfy" in flags:
            code, text = server.verify(flags[flags.index("--vrfy") + 1])
            out["vrfy"] = "%d %s" % (code, text.decode("utf-8", "replace"))
        if op == "send":
            sender, rcpt, token = flags[0], flags[1], flags[2]
            message = ("From: %s\r\nTo: %s\r\nSubject: labeval delivery test %s\r\n\r\n"
                       "Sent by the lab's evaluator (labeval); it removes this message again.\r\n%s\r\n"
                       % (sender, rcpt, token, token))
            try:
                server.sendmail(sender, [rcpt], message)
                out["sent"] = True
            except smtplib.SMTPRecipientsRefused as exc:
                code, text = exc.recipients[rcpt]
                out["refused"] = "%d %s" % (code, text.decode("utf-8", "replace"))
            except smtplib.SMTPResponseException as exc:
                out["refused"] = "%d %s" % (exc.smtp_code, exc.smtp_error.decode("utf-8", "replace"))
        if op == "relay":
            sender, rcpt = flags[0], flags[1]
            server.mail(sender)
            code, text = server.rcpt(rcpt)
            out["rcpt"] = "%d %s" % (code, text.decode("utf-8", "replace"))
            server.rset()
        code, _ = server.docmd("QUIT")
        out["quit"] = code
        close_tls(server.sock)
        server.close()
        out["ok"] = True
    elif op == "pop3":
        tls = "--tls" in flags
        if tls:
            server = poplib.POP3_SSL(host, port, timeout=TIMEOUT, context=context())
        else:
            server = poplib.POP3(host, port, timeout=TIMEOUT)
        out["banner"] = server.getwelcome().decode("utf-8", "replace")
        tls_info(server.sock)
        if "--auth" in flags:
            user, password = credentials(flags[flags.index("--auth") + 1])
            out["user"] = user
            try:
                server.user(user)
                server.pass_(password)
                count, size = server.stat()
                out["login"] = True
                out["messages"] = count
            except poplib.error_proto as exc:
                out["login"] = False
                out["error"] = str(exc)
        server._shortcmd("QUIT")
        close_tls(server.sock)
        server.close()
        out["ok"] = True
    elif op == "imap":
        tls = "--tls" in flags
        if tls:
            server = imaplib.IMAP4_SSL(host, port, ssl_context=context(), timeout=TIMEOUT)
        else:
            server = imaplib.IMAP4(host, port, timeout=TIMEOUT)
        out["banner"] = server.welcome.decode("utf-8", "replace")
        tls_info(server.sock)
        server.logout()
        out["ok"] = True
    else:
        out["error"] = "unknown operation %s" % op
except ConnectionRefusedError:
    out["error"] = "connection refused"
except (OSError, EOFError, ValueError, smtplib.SMTPException, poplib.error_proto, imaplib.IMAP4.error) as exc:
    out["error"] = "%s: %s" % (type(exc).__name__, exc)
print(json.dumps(out))
'''


def run(ctx, op, host, port, *flags):
    """The probe's JSON answer as a dict (``error`` set when it could not run or connect)."""
    argv = [sys.executable or "python3", "-c", SCRIPT, op, str(host), str(port)] + [str(f) for f in flags]
    rc, out, err = ctx.run(argv)
    for line in reversed(out.strip().splitlines()):
        try:
            answer = json.loads(line)
        except ValueError:
            continue
        if isinstance(answer, dict):
            return answer
    return {"op": op, "host": host, "port": port, "ok": False,
            "error": (err.strip().splitlines() or ["the probe gave no answer (rc %d)" % rc])[-1]}


def where(answer):
    return "%s:%s" % (answer.get("host"), answer.get("port"))


def said(answer):
    """Evidence: where the probe went and what the server said (or why it could not)."""
    return "%s: %s" % (where(answer), answer.get("banner") or answer.get("error"))
