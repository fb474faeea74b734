"""The mail probe the day-8/13 checks run on the VM, against small real servers on loopback:
SMTP, SMTP over TLS (ending with close_notify, so stunnel logs a clean close), POP3 over TLS with
a login from the credentials file."""

from __future__ import annotations

import json
import socket
import ssl
import subprocess
import sys
import threading

import pytest

from ansible_collections.serverlab.course.plugins.module_utils.checks import mailprobe
from tlsfiles import self_signed


@pytest.fixture(scope="module")
def server_context(tmp_path_factory):
    crt, key = self_signed(tmp_path_factory.mktemp("tls"))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(crt, key)
    return context


class LineServer(object):
    """One connection on a loopback port, answered by `script` (greeting, then {prefix: reply})."""

    def __init__(self, greeting, replies, context=None):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1)
        self.port = self.listener.getsockname()[1]
        self.greeting, self.replies, self.context = greeting, replies, context
        self.heard = []
        self.close_notify = None
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        conn, _unused = self.listener.accept()
        conn.settimeout(5)
        if self.context:
            conn = self.context.wrap_socket(conn, server_side=True)
        stream = conn.makefile("rb")
        conn.sendall(self.greeting)
        for raw in stream:
            line = raw.decode().strip()
            self.heard.append(line)
            word = line.split(" ")[0].upper()
            conn.sendall(self.replies.get(word, b"500 what?\r\n"))
            if word == "DATA":
                for body in stream:
                    if body in (b".\r\n", b".\n"):
                        conn.sendall(b"250 queued\r\n")
                        break
            if word == "QUIT":
                break
        if self.context:
            try:
                conn.unwrap()
                self.close_notify = True
            except (OSError, ssl.SSLError):
                self.close_notify = False
        conn.close()


def probe(*args):
    out = subprocess.run([sys.executable, "-c", mailprobe.SCRIPT] + [str(a) for a in args],
                         capture_output=True, text=True, timeout=30, check=False)
    return json.loads(out.stdout.strip().splitlines()[-1])


SMTP = {"EHLO": b"250-test\r\n250-8BITMIME\r\n250 SIZE 1000\r\n", "MAIL": b"250 ok\r\n", "RCPT": b"250 ok\r\n",
        "DATA": b"354 go\r\n", "QUIT": b"221 bye\r\n"}


def test_smtp_banner_and_extensions():
    server = LineServer(b"220 test ESMTP\r\n", SMTP)
    answer = probe("smtp", "127.0.0.1", server.port)
    assert answer["ok"] is True
    assert answer["banner"] == "220 test ESMTP"
    assert "8bitmime" in answer["extensions"]


def test_smtps_ends_with_close_notify(server_context):
    server = LineServer(b"220 test ESMTP\r\n", SMTP, server_context)
    answer = probe("smtp", "127.0.0.1", server.port, "--tls")
    server.thread.join(5)
    assert answer["ok"] is True and answer["tls_version"].startswith("TLS")
    assert server.close_notify is True


def test_vrfy_answer_is_reported():
    """qmail-smtpd's answer to every VRFY (the relay's check 8.55 on the qmail track reads it)."""
    server = LineServer(b"220 test ESMTP\r\n", dict(SMTP, VRFY=b"252 send some mail, i'll try my best\r\n"))
    answer = probe("smtp", "127.0.0.1", server.port, "--vrfy", "user1")
    server.thread.join(5)
    assert answer["vrfy"] == "252 send some mail, i'll try my best"
    assert "vrfy user1" in server.heard


def test_send_carries_the_token():
    server = LineServer(b"220 test ESMTP\r\n", SMTP)
    answer = probe("send", "127.0.0.1", server.port, "a@example.com", "user1@example.com", "tok123")
    server.thread.join(5)
    assert answer["sent"] is True
    assert "rcpt TO:<user1@example.com>" in server.heard


def test_refused_recipient_is_reported():
    server = LineServer(b"220 test ESMTP\r\n", dict(SMTP, RCPT=b"554 5.7.1 Relay access denied\r\n"))
    answer = probe("send", "127.0.0.1", server.port, "a@example.com", "x@example.net", "tok")
    assert answer["refused"].startswith("554 5.7.1 Relay access denied")


def test_pop3s_login_from_the_credentials_file(server_context, tmp_path):
    auth = tmp_path / "auth"
    auth.write_text("username = user1\npassword = s3cret\n")
    server = LineServer(b"+OK ready\r\n", {"USER": b"+OK\r\n", "PASS": b"+OK logged in\r\n",
                                           "STAT": b"+OK 2 320\r\n", "QUIT": b"+OK bye\r\n"}, server_context)
    answer = probe("pop3", "127.0.0.1", server.port, "--tls", "--auth", auth)
    server.thread.join(5)
    assert answer["login"] is True and answer["messages"] == 2
    assert "PASS s3cret" in server.heard
    assert server.close_notify is True


def test_refused_connection():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    answer = probe("pop3", "127.0.0.1", port)
    assert answer["ok"] is False and answer["error"] == "connection refused"
