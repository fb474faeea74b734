"""The network view's probes (netprobe.py).

SMTP, POP3 and IMAP probes talk to small real servers on loopback (fakeservers.py), including
servers that send garbage, never answer, close at once, or sit behind a full accept queue (a
firewall's DROP). dig, smbclient, ssh and the MySQL client are answered by a fake runner with the
outputs the real clients print (recorded from dig 9.18, smbclient 4.17, OpenSSH 9.2 and the
MariaDB 10.11 client), including a missing client and a client that runs into its timeout.
Every probe returns an Outcome within its time bound and never raises."""

from __future__ import annotations

import os
import stat
import time

import pytest

import fakeservers as fs
# servers: a fixture (real servers on loopback, stopped after the test), used by name only
from fakeservers import servers  # noqa: F401 pylint: disable=unused-import
from ansible_collections.serverlab.course.plugins.module_utils import netprobe as n
from tlsfiles import self_signed

T = 0.5  # the probes' timeout in these tests
BOUND = 4 * T + 1.0  # no probe may take longer (a timeout, then one connect check)


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    crt, key = self_signed(tmp_path_factory.mktemp("tls"))
    return fs.server_context(crt, key)


@pytest.fixture
def box():
    return fs.Mailbox()


@pytest.fixture
def blackhole():
    hole = fs.Blackhole()
    yield hole
    hole.close()


def timed(func, *args, **kwargs):
    started = time.time()
    outcome = func(*args, **kwargs)
    elapsed = time.time() - started
    assert elapsed < BOUND, "%s took %.1f s" % (func.__name__, elapsed)
    assert isinstance(outcome, n.Outcome)
    return outcome


# ---------------------------------------------------------------- TCP

def test_tcp_connect_kinds(servers, blackhole):
    server = servers(fs.silent)
    assert timed(n.tcp_connect, "127.0.0.1", server.port, T).kind == n.OK
    assert timed(n.tcp_connect, "127.0.0.1", fs.closed_port(), T).kind == n.REFUSED
    assert timed(n.tcp_connect, "127.0.0.1", blackhole.port, T).kind == n.TIMEOUT


def test_tcp_peek_tells_answer_silence_and_close(servers):
    answer = timed(n.tcp_peek, "127.0.0.1", servers(fs.smtp(fs.Mailbox())).port, T)
    assert (answer.kind, answer.data["state"], answer.data["line"]) == (n.OK, "answer", "220 fake ESMTP")
    assert timed(n.tcp_peek, "127.0.0.1", servers(fs.silent).port, T, 0.2).data["state"] == "open"
    assert timed(n.tcp_peek, "127.0.0.1", servers(fs.close_at_once).port, T).data["state"] == "closed"


# ---------------------------------------------------------------- SMTP

def test_smtp_greeting_and_local_rcpt(servers, box):
    server = servers(fs.smtp(box))
    outcome = timed(n.smtp_session, "127.0.0.1", server.port, T, rcpt_before=("a@example.com", "user1@example.com"))
    assert outcome.ok
    assert outcome.data["banner"] == "220 fake ESMTP"
    assert "8bitmime" in outcome.data["extensions"]
    assert n.smtp_code(outcome.data["rcpt_before"]) == 250
    assert outcome.data["quit"] == 221
    assert box.messages == []  # RCPT only: nothing was sent
    assert [w.upper() for w in server.ended()[0]["heard"][-2:]] == ["RSET", "QUIT"]


def test_smtp_refusals_are_answers_not_failures(servers, box):
    server = servers(fs.smtp(box, local_ok=False))
    outcome = timed(n.smtp_session, "127.0.0.1", server.port, T, rcpt_before=("a@example.com", "user1@example.com"))
    assert outcome.ok and n.smtp_code(outcome.data["rcpt_before"]) == 554


def test_smtp_554_greeting_is_denied(servers, box):
    server = servers(fs.smtp(box, banner="554 5.7.1 no SMTP service here"))
    outcome = timed(n.smtp_session, "127.0.0.1", server.port, T)
    assert outcome.kind == n.DENIED and "554" in outcome.text


def test_submission_starttls_then_auth_then_relay(servers, box, tls):
    server = servers(fs.smtp(box, tls_context=tls, starttls=True, auth="tls"))
    envelope = ("labeval@example.com", "relay-test@example.net")
    outcome = timed(n.smtp_session, "127.0.0.1", server.port, T, starttls=True, rcpt_before=envelope,
                    auth=("user1", "secret"), rcpt_after=envelope)
    assert outcome.ok, outcome
    assert "starttls" in outcome.data["extensions"] and "auth" not in outcome.data["extensions"]
    assert "auth" in outcome.data["extensions_tls"]
    assert outcome.data["tls"].startswith("TLS")
    assert n.smtp_code(outcome.data["rcpt_before"]) == 554
    assert n.smtp_code(outcome.data["auth"]) == 235
    assert n.smtp_code(outcome.data["rcpt_after"]) == 250


def test_smtp_auth_refused_and_not_offered(servers, box, tls):
    server = servers(fs.smtp(box, tls_context=tls, starttls=True, auth="tls"))
    wrong = timed(n.smtp_session, "127.0.0.1", server.port, T, starttls=True, auth=("user1", "wrong"))
    assert n.smtp_code(wrong.data["auth"]) == 535
    plain = servers(fs.smtp(box, auth="never"))
    assert timed(n.smtp_session, "127.0.0.1", plain.port, T, auth=("user1", "secret")).data["auth"] == "not offered"
    no_tls = timed(n.smtp_session, "127.0.0.1", plain.port, T, starttls=True)
    assert no_tls.ok and no_tls.data["starttls"] == "not offered"


def test_smtps_send_ends_tls_with_close_notify(servers, box, tls):
    server = servers(fs.smtp(box, auth="tls"), tls)
    message = "Subject: token-42\r\n\r\nhello\r\n"
    outcome = timed(n.smtp_session, "127.0.0.1", server.port, T, tls=True,
                    send=("labeval@example.com", "user1@example.com", message))
    assert outcome.ok and outcome.data["sent"] is True
    assert "token-42" in box.messages[0]
    assert server.ended()[0]["close_notify"] is True  # stunnel logs such a session as cleanly closed


def test_smtps_relay_refused_without_auth(servers, box, tls):
    server = servers(fs.smtp(box, auth="tls"), tls)
    outcome = timed(n.smtp_session, "127.0.0.1", server.port, T, tls=True,
                    rcpt_before=("labeval@example.com", "relay-test@example.net"))
    assert n.smtp_code(outcome.data["rcpt_before"]) == 554
    relay = servers(fs.smtp(box, auth="tls", open_relay=True), tls)
    outcome = timed(n.smtp_session, "127.0.0.1", relay.port, T, tls=True,
                    rcpt_before=("labeval@example.com", "relay-test@example.net"))
    assert n.smtp_code(outcome.data["rcpt_before"]) == 250


def test_smtps_against_a_plain_server_is_a_tls_failure(servers, box):
    server = servers(fs.smtp(box))
    outcome = timed(n.smtp_session, "127.0.0.1", server.port, T, tls=True)
    assert outcome.kind in (n.TLS, n.CLOSED)


@pytest.mark.parametrize("handler, kinds", [
    (fs.garbage, (n.GARBAGE,)),
    (fs.silent, (n.SILENT,)),
    (fs.close_at_once, (n.CLOSED,)),
    (fs.endless_line, (n.GARBAGE, n.CLOSED)),
])
def test_smtp_misbehaving_servers(servers, handler, kinds):
    outcome = timed(n.smtp_session, "127.0.0.1", servers(handler).port, T)
    assert outcome.kind in kinds, outcome


def test_smtp_refused_and_firewalled(blackhole):
    assert timed(n.smtp_session, "127.0.0.1", fs.closed_port(), T).kind == n.REFUSED
    assert timed(n.smtp_session, "127.0.0.1", blackhole.port, T).kind == n.TIMEOUT
    assert timed(n.smtp_session, "127.0.0.1", blackhole.port, T, tls=True).kind == n.TIMEOUT


def test_smtps_misbehaving_servers(servers):
    assert timed(n.smtp_session, "127.0.0.1", servers(fs.garbage).port, T, tls=True).kind in (n.TLS, n.CLOSED)
    assert timed(n.smtp_session, "127.0.0.1", servers(fs.silent).port, T, tls=True).kind == n.SILENT
    assert timed(n.smtp_session, "127.0.0.1", servers(fs.close_at_once).port, T, tls=True).kind == n.CLOSED


def test_smtp_code():
    assert n.smtp_code("250 2.1.5 Ok") == 250
    assert n.smtp_code("MAIL 554 no") == 554
    assert n.smtp_code(None) == 0 and n.smtp_code("garbage") == 0


# ---------------------------------------------------------------- POP3

def test_pop3_login_and_count(servers, box):
    box.messages.append("Subject: a\r\n\r\nbody")
    outcome = timed(n.pop3_session, "127.0.0.1", servers(fs.pop3(box)).port, T, login=("user1", "secret"))
    assert outcome.ok and outcome.data["login"] == "ok" and outcome.data["messages"] == 1
    assert outcome.data["banner"].startswith("+OK")


def test_pop3_wrong_password_and_plaintext_refusal(servers, box):
    wrong = timed(n.pop3_session, "127.0.0.1", servers(fs.pop3(box)).port, T, login=("user1", "nope"))
    assert wrong.ok and "Authentication failed" in wrong.data["login"]
    plain = timed(n.pop3_session, "127.0.0.1", servers(fs.pop3(box, plaintext_ok=False)).port, T,
                  login=("user1", "secret"))
    assert "Plaintext authentication disallowed" in plain.data["login"]


def test_pop3s_finds_and_deletes_only_its_message(servers, box, tls):
    box.messages[:] = ["Subject: keep me\r\n\r\nx", "Subject: token-7\r\n\r\ny"]
    server = servers(fs.pop3(box), tls)
    outcome = timed(n.pop3_session, "127.0.0.1", server.port, T, tls=True, login=("user1", "secret"),
                    find="token-7", delete=True)
    assert outcome.data["found"] is True and outcome.data["tls"].startswith("TLS")
    assert box.messages == ["Subject: keep me\r\n\r\nx"]
    missing = timed(n.pop3_session, "127.0.0.1", server.port, T, tls=True, login=("user1", "secret"), find="token-8")
    assert missing.data["found"] is False


# POP3 and IMAP sessions meet the same misbehaving servers the same way.
MISBEHAVING = [
    (fs.garbage, (n.GARBAGE, n.TLS, n.CLOSED)),
    (fs.silent, (n.SILENT,)),
    (fs.close_at_once, (n.CLOSED,)),
    (fs.endless_line, (n.GARBAGE, n.TLS, n.CLOSED)),
]


@pytest.mark.parametrize("session", [n.pop3_session, n.imap_session], ids=["pop3", "imap"])
@pytest.mark.parametrize("tls_on", [False, True])
@pytest.mark.parametrize("handler, kinds", MISBEHAVING)
def test_mail_sessions_with_misbehaving_servers(servers, session, handler, kinds, tls_on):
    outcome = timed(session, "127.0.0.1", servers(handler).port, T, tls=tls_on, login=("u", "p"))
    assert outcome.kind in kinds, outcome


def test_pop3_refused_and_firewalled(blackhole):
    assert timed(n.pop3_session, "127.0.0.1", fs.closed_port(), T).kind == n.REFUSED
    assert timed(n.pop3_session, "127.0.0.1", blackhole.port, T, tls=True).kind == n.TIMEOUT


# ---------------------------------------------------------------- IMAP

@pytest.mark.parametrize("tls_on", [False, True])
def test_imap_login_and_examine(servers, box, tls, tls_on):
    box.messages.append("Subject: a\r\n\r\nbody")
    server = servers(fs.imap(box), tls if tls_on else None)
    outcome = timed(n.imap_session, "127.0.0.1", server.port, T, tls=tls_on, login=("user1", "secret"))
    assert outcome.ok and outcome.data["login"] == "ok" and outcome.data["messages"] == 1
    assert "IMAP4REV1" in [c.upper() for c in outcome.data["capabilities"]]
    assert ("tls" in outcome.data) == tls_on


def test_imap_wrong_password(servers, box):
    outcome = timed(n.imap_session, "127.0.0.1", servers(fs.imap(box)).port, T, login=("user1", "nope"))
    assert outcome.ok and "AUTHENTICATIONFAILED" in outcome.data["login"]


def test_imap_refused_and_firewalled(blackhole):
    assert timed(n.imap_session, "127.0.0.1", fs.closed_port(), T).kind == n.REFUSED
    assert timed(n.imap_session, "127.0.0.1", blackhole.port, T).kind == n.TIMEOUT


@pytest.mark.parametrize("tls_on", [False, True])
@pytest.mark.parametrize("session", [n.smtp_session, n.pop3_session, n.imap_session])
def test_a_dripping_server_is_cut_off_at_the_sessions_deadline(servers, monkeypatch, session, tls_on):
    monkeypatch.setattr(n, "SESSION_STEPS", 3)
    started = time.time()
    outcome = session("127.0.0.1", servers(fs.drip).port, timeout=T, tls=tls_on)
    assert time.time() - started < 3 * T + 1.0
    if tls_on:  # TLS sees a bad record header at once
        assert outcome.kind in (n.SILENT, n.TLS), outcome
    else:
        assert outcome.kind == n.SILENT and "too slowly" in outcome.text, outcome


# ---------------------------------------------------------------- the client programs (fake runner)

class Runner(object):
    """Answers one program's runs with canned (rc, out, err); records argv, the timeout and the secret files."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []
        self.secrets = []

    def __call__(self, argv, timeout=None):
        self.calls.append((list(argv), timeout))
        for arg in argv:
            path = arg.split("=", 1)[-1]
            if os.path.isfile(path) and os.path.basename(path).startswith("labeval-"):
                self.secrets.append((path, stat.S_IMODE(os.stat(path).st_mode), open(path).read()))
        if argv[0] in ("smbclient",) and "-A" in argv:
            path = argv[argv.index("-A") + 1]
            self.secrets.append((path, stat.S_IMODE(os.stat(path).st_mode), open(path).read()))
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        return answer(argv) if callable(answer) else answer


MISSING = (127, "", "command not found")
RAN_OUT = (124, "", "no answer after 5 s")

DIG_OK = """
; <<>> DiG 9.18.41-1~deb12u1-Debian <<>> @192.168.0.10 example.com SOA
;; Got answer:
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4242
;; flags: qr aa; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1

;; ANSWER SECTION:
example.com.\t86400\tIN\tSOA\tns.example.com. root.example.com. 1 3600 900 604800 86400
"""
DIG_REFUSED_ICMP = (9, ";; communications error to 192.168.0.10#53: connection refused\n"
                       ";; no servers could be reached\n", "")
DIG_TIMED_OUT = (9, ";; communications error to 192.168.0.10#53: timed out\n;; no servers could be reached\n", "")
DIG_UNREACHABLE = (9, ";; communications error to 192.168.0.10#53: host unreachable\n", "")


def test_dig_outcomes():
    run = Runner((0, DIG_OK, ""))
    outcome = n.dig(run, "192.168.0.10", "example.com", "SOA", timeout=2)
    assert outcome.ok and "status: NOERROR" in outcome.data["output"]
    argv, timeout = run.calls[0]
    assert argv[:4] == ["dig", "@192.168.0.10", "-p", "53"] and "+norec" in argv and "+time=2" in argv
    assert timeout and timeout >= 2
    rec = Runner((0, DIG_OK, ""))
    n.dig(rec, "192.168.0.10", "h2g.example.com", "A", recurse=True)
    assert "+rec" in rec.calls[0][0]
    ptr = Runner((0, DIG_OK, ""))
    n.dig(ptr, "192.168.0.10", "192.168.0.10", "PTR")
    assert ptr.calls[0][0][-2:] == ["-x", "192.168.0.10"]
    assert n.dig(Runner(DIG_REFUSED_ICMP), "x", "a", "A").kind == n.REFUSED
    assert n.dig(Runner(DIG_TIMED_OUT), "x", "a", "A").kind == n.TIMEOUT
    assert n.dig(Runner(DIG_UNREACHABLE), "x", "a", "A").kind == n.UNREACHABLE
    assert n.dig(Runner(RAN_OUT), "x", "a", "A").kind == n.TIMEOUT
    assert n.dig(Runner((10, ";; Got bad packet: FORMERR\n", "")), "x", "a", "A").kind in (n.GARBAGE, n.ERROR)
    assert n.dig(Runner((0, "garbage\x00\xff", "")), "x", "a", "A").kind == n.GARBAGE
    gone = n.dig(Runner(MISSING), "x", "a", "A")
    assert gone.kind == n.MISSING and "bind9-dnsutils" in gone.text and "bind-utils" in gone.text


def test_real_dig_against_a_closed_port_and_a_silent_server(servers):
    """The real dig, if this machine has it: the outputs above are what it prints."""
    if n.default_runner(["dig", "-v"])[0] == 127:
        pytest.skip("dig is not installed here")
    assert timed(n.dig, n.default_runner, "127.0.0.1", "example.com", "SOA", timeout=1,
                 port=fs.closed_port()).kind == n.REFUSED
    import socket
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))  # bound, never answers
    try:
        assert timed(n.dig, n.default_runner, "127.0.0.1", "example.com", "SOA", timeout=1,
                     port=udp.getsockname()[1]).kind == n.TIMEOUT
    finally:
        udp.close()


SMB_LIST = "Disk|public|Lab public share\nDisk|user1|Home Directories\nIPC|IPC$|IPC Service\n"


def test_smb_list_parses_and_keeps_the_password_off_the_command_line():
    run = Runner((0, SMB_LIST, "Can't load /etc/samba/smb.conf - run testparm to debug it\n"))
    outcome = n.smb_list(run, "192.168.0.10", "user1", "s3cret", timeout=2)
    assert outcome.ok and ("Disk", "public") in outcome.data["shares"]
    argv = run.calls[0][0]
    assert "s3cret" not in " ".join(argv) and argv[:3] == ["smbclient", "-L", "//192.168.0.10"] and "-g" in argv
    path, mode, text = run.secrets[0]
    assert mode == 0o600 and "password = s3cret" in text and "username = user1" in text
    assert not os.path.exists(path)  # removed after the run


@pytest.mark.parametrize("err, kind", [
    ("do_connect: Connection to 192.168.0.10 failed (Error NT_STATUS_CONNECTION_REFUSED)\n", n.REFUSED),
    ("protocol negotiation failed: NT_STATUS_CONNECTION_RESET\n", n.CLOSED),
    ("do_connect: Connection to 192.168.0.10 failed (Error NT_STATUS_HOST_UNREACHABLE)\n", n.UNREACHABLE),
    ("session setup failed: NT_STATUS_LOGON_FAILURE\n", n.DENIED),
    ("tree connect failed: NT_STATUS_BAD_NETWORK_NAME\n", n.DENIED),
    ("some other failure\n", n.ERROR),
])
def test_smb_failures(err, kind):
    outcome = n.smb_list(Runner((1, "", err)), "192.168.0.10", "user1", "pw")
    assert outcome.kind == kind
    if kind == n.DENIED:
        assert outcome.data["status"].startswith("NT_STATUS_")


def test_smb_timeouts_ask_tcp_which_layer(servers, blackhole):
    silent = Runner(RAN_OUT)
    port = servers(fs.silent).port
    assert n.smb_list(silent, "127.0.0.1", "u", "p", timeout=T, port=port).kind == n.SILENT
    assert silent.calls[0][0][:5] == ["smbclient", "-p", str(port), "-L", "//127.0.0.1"]
    assert timed(n.smb_list, Runner(RAN_OUT), "127.0.0.1", "u", "p", timeout=T, port=blackhole.port).kind == n.TIMEOUT
    io_timeout = Runner((1, "", "do_connect: Connection to 127.0.0.1 failed (Error NT_STATUS_IO_TIMEOUT)\n"))
    assert timed(n.smb_list, io_timeout, "127.0.0.1", "u", "p", timeout=T, port=blackhole.port).kind == n.TIMEOUT
    assert n.smb_list(Runner(MISSING), "127.0.0.1", "u", "p").kind == n.MISSING


def test_smb_put_get_compares_the_bytes():
    def smbclient(argv):
        commands = argv[argv.index("-c") + 1].split("; ")
        sent, back = commands[0].split()[1], commands[1].split()[2]
        with open(sent) as src, open(back, "w") as dst:
            dst.write(src.read())
        return 0, "putting file ...\ngetting file ...\n", ""

    outcome = n.smb_put_get(Runner(smbclient), "192.168.0.10", "public", "user1", "pw", "tok123")
    assert outcome.ok and outcome.data["same"] is True
    lost = n.smb_put_get(Runner((0, "", "")), "192.168.0.10", "public", "user1", "pw", "tok123")
    assert lost.ok and lost.data["same"] is False
    denied = n.smb_put_get(Runner((1, "NT_STATUS_ACCESS_DENIED opening remote file\n", "")), "h", "public",
                           "user1", "pw", "tok")
    assert denied.kind == n.DENIED and denied.data["status"] == "NT_STATUS_ACCESS_DENIED"


# What OpenSSH 9.2 prints (recorded against a real sshd on loopback and fake servers).
SSH_OFFER = (255, "", "debug1: Remote protocol version 2.0, remote software version OpenSSH_9.2p1 Debian-2+deb12u3\n"
                      "debug1: Authentications that can continue: publickey,password\n"
                      "root@192.168.0.10: Permission denied (publickey,password).\n")
SSH_KEY_ONLY = (255, "", "debug1: Remote protocol version 2.0, remote software version OpenSSH_9.2p1\n"
                         "user1@192.168.0.10: Permission denied (publickey).\n")


@pytest.mark.parametrize("answer, kind", [
    ((255, "", "ssh: connect to host 192.168.0.10 port 22: Connection refused\n"), n.REFUSED),
    ((255, "", "ssh: connect to host 192.168.0.10 port 22: Connection timed out\n"), n.TIMEOUT),
    ((255, "", "ssh: connect to host 192.168.0.10 port 22: No route to host\n"), n.UNREACHABLE),
    ((255, "", "Connection timed out during banner exchange\nConnection to 192.168.0.10 port 22 timed out\n"),
     n.SILENT),
    ((255, "", "kex_exchange_identification: banner line contains invalid characters\n"
               "banner exchange: Connection to 192.168.0.10 port 22: invalid format\n"), n.GARBAGE),
    ((255, "", "kex_exchange_identification: Connection closed by remote host\n"
               "Connection closed by 192.168.0.10 port 22\n"), n.CLOSED),
    (RAN_OUT, n.TIMEOUT),
    (MISSING, n.MISSING),
])
def test_ssh_connection_failures(answer, kind):
    assert n.ssh_offer(Runner(answer), "192.168.0.10", 22, "root").kind == kind
    assert n.ssh_key_login(Runner(answer), "192.168.0.10", 22, "user1", "/dev/null").kind == kind


def test_ssh_offer_lists_methods_without_trying_any():
    run = Runner(SSH_OFFER)
    outcome = n.ssh_offer(run, "192.168.0.10", 2222, "root")
    assert outcome.ok and outcome.data["methods"] == ["publickey", "password"]
    assert outcome.data["version"] == "OpenSSH_9.2p1"
    argv = run.calls[0][0]
    assert "PreferredAuthentications=none" in argv and "BatchMode=yes" in argv and "PubkeyAuthentication=no" in argv
    assert argv[argv.index("-p") + 1] == "2222" and "root@192.168.0.10" in argv and "-F" in argv
    assert n.ssh_offer(Runner(SSH_KEY_ONLY), "h", 22, "user1").data["methods"] == ["publickey"]
    assert n.ssh_offer(Runner((0, "", "")), "h", 22, "user1").data["methods"] == ["none"]
    assert n.ssh_offer(Runner((255, "", "something odd\n")), "h", 22, "u").kind == n.GARBAGE


def test_ssh_key_login():
    run = Runner((0, "", "Warning: Permanently added '192.168.0.10' (ED25519) to the list of known hosts.\n"))
    assert n.ssh_key_login(run, "192.168.0.10", 22, "user1", "/keys/id").ok
    argv = run.calls[0][0]
    assert argv[argv.index("-i") + 1] == "/keys/id" and "IdentitiesOnly=yes" in argv and "BatchMode=yes" in argv
    assert argv[-2:] == ["user1@192.168.0.10", "true"]
    denied = n.ssh_key_login(Runner((255, "", "user1@192.168.0.10: Permission denied (publickey).\n")), "h", 22,
                             "user1", "/keys/id")
    assert denied.kind == n.DENIED
    loose = n.ssh_key_login(Runner((255, "", "@ WARNING: UNPROTECTED PRIVATE KEY FILE! @\n"
                                             "Permissions 0644 for '/keys/id' are too open.\n")),
                            "h", 22, "user1", "/keys/id")
    assert loose.kind == n.ERROR and "chmod 600" in loose.text


def test_ssh_forward():
    run = Runner((0, "labtalk on h2g: plain-text service. Type a line, \"quit\" to leave.\r\n", ""))
    outcome = n.ssh_key_login(run, "192.168.0.10", 22, "user1", "/keys/id", forward=("127.0.0.1", 23))
    assert outcome.ok and outcome.data["output"].startswith("labtalk")
    assert run.calls[0][0][-3:] == ["-W", "127.0.0.1:23", "user1@192.168.0.10"]
    refused = n.ssh_key_login(Runner((255, "", "channel 0: open failed: connect failed: Connection refused\n"
                                      "stdio forwarding failed\n")),
                              "h", 22, "user1", "/k", forward=("127.0.0.1", 23))
    assert refused.kind == n.REFUSED and refused.data["forward"] and "open failed" in refused.text
    prohibited = n.ssh_key_login(Runner((255, "", "channel 0: open failed: administratively prohibited: open failed\n"
                                                  "stdio forwarding failed\n")),
                                 "h", 22, "user1", "/k", forward=("127.0.0.1", 23))
    assert prohibited.kind == n.DENIED and prohibited.data["forward"]


def test_mysql_query_and_the_option_file():
    run = Runner((0, "user1@192.168.0.0/255.255.255.0\tlab\n", ""))
    outcome = n.mysql_query(run, "192.168.0.10", 3306, "user1", "pw\"x", "SELECT 1", "lab", timeout=2)
    assert outcome.ok and outcome.data["rows"] == [["user1@192.168.0.0/255.255.255.0", "lab"]]
    argv = run.calls[0][0]
    assert argv[0] == "mariadb" and "--protocol=TCP" in argv and "--host=192.168.0.10" in argv
    assert "--database=lab" in argv and 'pw"x' not in " ".join(argv)
    path, mode, text = run.secrets[0]
    assert mode == 0o600 and 'password = pw"x' in text and not os.path.exists(path)
    nopass = Runner((1, "", "ERROR 1045 (28000): Access denied for user 'root'@'192.168.0.1' (using password: NO)\n"))
    outcome = n.mysql_query(nopass, "h", 3306, "root", None, "SELECT 1")
    assert outcome.kind == n.DENIED and outcome.data["code"] == 1045
    assert "password" not in nopass.secrets[0][2]


def test_mysql_falls_back_to_the_mysql_client_and_fails_when_neither_exists():
    run = Runner(MISSING, (0, "1\n", ""))
    assert n.mysql_query(run, "h", 3306, "u", "p", "SELECT 1").ok
    assert [c[0][0] for c in run.calls] == ["mariadb", "mysql"]
    gone = n.mysql_query(Runner(MISSING), "h", 3306, "u", "p", "SELECT 1")
    assert gone.kind == n.MISSING and "mariadb-client" in gone.text


@pytest.mark.parametrize("err, kind, code", [
    ("ERROR 1130 (HY000): Host '192.168.0.1' is not allowed to connect to this MariaDB server\n", n.DENIED, 1130),
    ("ERROR 1044 (42000): Access denied for user 'user1'@'192.168.0.%' to database 'lab'\n", n.DENIED, 1044),
    ("ERROR 2013 (HY000): Lost connection to server at 'handshake: reading initial communication packet', "
     "system error: 115\n", n.CLOSED, 2013),
    ("ERROR 2013 (HY000): Lost connection to server at 'handshake: reading initial communication packet', "
     "system error: 110\n", n.SILENT, 2013),
    ("ERROR 2027 (HY000): Malformed packet\n", n.GARBAGE, 2027),
])
def test_mysql_errors(err, kind, code):
    outcome = n.mysql_query(Runner((1, "", err)), "h", 3306, "u", "p", "SELECT 1")
    assert (outcome.kind, outcome.data["code"]) == (kind, code)


def test_mysql_cannot_connect_asks_tcp_which_layer(servers, blackhole):
    err = (1, "", "ERROR 2002 (HY000): Can't connect to server on '127.0.0.1' (115)\n")
    assert n.mysql_query(Runner(err), "127.0.0.1", fs.closed_port(), "u", "p", "S", timeout=T).kind == n.REFUSED
    assert timed(n.mysql_query, Runner(err), "127.0.0.1", blackhole.port, "u", "p", "S", timeout=T).kind == n.TIMEOUT
    assert n.mysql_query(Runner(RAN_OUT), "127.0.0.1", servers(fs.silent).port, "u", "p", "S",
                         timeout=T).kind == n.SILENT


def test_real_mariadb_client_against_misbehaving_servers(servers):
    """The real client, if this machine has one: garbage, a close and silence each end in time."""
    if n.default_runner(["mariadb", "--version"])[0] == 127:
        pytest.skip("no MariaDB client here")
    for handler, kinds in ((fs.garbage, (n.CLOSED, n.GARBAGE)), (fs.close_at_once, (n.CLOSED,)),
                           (fs.silent, (n.SILENT,))):
        outcome = timed(n.mysql_query, n.default_runner, "127.0.0.1", servers(handler).port, "u", "p", "SELECT 1",
                        timeout=1)
        assert outcome.kind in kinds, outcome
    assert n.mysql_query(n.default_runner, "127.0.0.1", fs.closed_port(), "u", "p", "S", timeout=1).kind == n.REFUSED


def test_real_ssh_client_against_misbehaving_servers(servers):
    if n.default_runner(["ssh", "-V"])[0] == 127:
        pytest.skip("no ssh client here")
    for handler, kind in ((fs.garbage, n.GARBAGE), (fs.close_at_once, n.CLOSED), (fs.silent, n.SILENT)):
        outcome = timed(n.ssh_offer, n.default_runner, "127.0.0.1", servers(handler).port, "root", timeout=1)
        assert outcome.kind == kind, outcome
    assert n.ssh_offer(n.default_runner, "127.0.0.1", fs.closed_port(), "root", timeout=1).kind == n.REFUSED


# ---------------------------------------------------------------- credentials and the context

def test_credentials_from_the_vm_files(tmp_path):
    auth = tmp_path / "trainee.auth"
    auth.write_text("username = user1\npassword = serverlab-training\n")
    cnf = tmp_path / "my.lab.cnf"
    cnf.write_text("# managed\n[client]\nuser = user1\npassword = \"db pw\"\nhost = 192.168.0.10\nport = 3306\n\n"
                   "[mysql]\ndatabase = lab\n")
    samba = tmp_path / "samba.auth"
    samba.write_text("# root only\nusername = user1\npassword = smbpw\ndomain = WORKGROUP\n")
    cred = n.Credentials.from_files(str(auth), "/keys/id", str(cnf), str(samba))
    assert cred.login == ("user1", "serverlab-training")
    assert (cred.mysql_user, cred.mysql_password, cred.mysql_database) == ("user1", "db pw", "lab")
    assert (cred.samba_user, cred.samba_password, cred.samba_domain) == ("user1", "smbpw", "WORKGROUP")
    assert cred.identity == "/keys/id"
    only = n.Credentials.from_files(str(auth))
    assert only.mysql_password == "serverlab-training" and only.samba_password == "serverlab-training"
    assert n.Credentials.from_files(str(tmp_path / "nope")).login is None
    assert n.read_mysql_cnf(str(tmp_path / "nope")) == {}


def test_context_remembers_an_unreachable_port():
    calls = []

    def probe(host, port, timeout):
        calls.append((host, port, timeout))
        return n.Outcome(n.TIMEOUT, "no answer")

    ctx = n.NetContext("192.168.0.10", {"user": "user1"}, runner=Runner((0, "", "")), timeout=1.5)
    assert ctx.probe(25, probe).kind == n.TIMEOUT
    assert ctx.probe(25, probe).kind == n.TIMEOUT
    assert calls == [("192.168.0.10", 25, 1.5)]
    assert ctx.run(["x"]) == (0, "", "") and ctx.runner.calls[0][1] == 1.5
    assert ctx.once("k", lambda: 1) == 1 and ctx.once("k", lambda: 2) == 1
    assert ctx.user == "user1" and ctx.view == "net"


def test_default_runner():
    assert n.default_runner(["labeval-no-such-program"])[0] == 127
    rc, out, _unused = n.default_runner(["sh", "-c", "echo $LC_ALL"])
    assert (rc, out.strip()) == (0, "C")
    started = time.time()
    assert n.default_runner(["sleep", "5"], timeout=0.3)[0] == 124
    assert time.time() - started < 3


def test_poll_stops_at_the_deadline_or_the_first_true():
    seen = []
    assert n.poll(lambda: seen.append(1) or len(seen) >= 3, 5, step=0.01) is True
    assert len(seen) == 3
    started = time.time()
    assert n.poll(lambda: False, 0.2, step=0.05) is False
    assert time.time() - started < 1


def test_smbd_turning_the_client_away_is_told_from_a_stranger_on_445(servers):
    """smbclient says NT_STATUS_INVALID_NETWORK_RESPONSE both when smbd refuses a client that "hosts allow"
    does not name (a negative session response, 0x83, sent at once) and when another program answers on 445:
    the first is access control (CLOSED), the second a stranger (GARBAGE)."""
    def negative_session(conn):
        conn.send(b"\x83\x00\x00\x01\x81")

    def run(argv, timeout=None):
        return 1, "", "session setup failed: NT_STATUS_INVALID_NETWORK_RESPONSE\n"

    refused = timed(n.smb_list, run, "127.0.0.1", "user1", "pw", timeout=T, port=servers(negative_session).port)
    assert refused.kind == n.CLOSED and "negative session response" in refused.text, refused
    stranger = timed(n.smb_list, run, "127.0.0.1", "user1", "pw", timeout=T, port=servers(fs.garbage).port)
    assert stranger.kind == n.GARBAGE, stranger


def test_mysql_host_not_allowed_inside_the_tls_error_of_the_mariadb_client():
    """MariaDB 10.11's client tries TLS first; a server that refuses the client's host answers with an error
    packet before the handshake, which the client prints as 2002 with the server's 1130 inside (recorded
    from mariadb 10.11 against a lab account narrowed to the VM's own address)."""
    def run(argv, timeout=None):
        return 1, "", ("ERROR 2002 (HY000): Received error packet before completion of TLS handshake. The authenticity "
                       "of the following error cannot be verified: 1130 - Host '192.168.0.1' is not allowed to connect "
                       "to this MariaDB server\n")

    outcome = n.mysql_query(run, "127.0.0.1", 3306, "user1", "pw", "SELECT 1", "lab", timeout=T)
    assert (outcome.kind, outcome.data["code"]) == (n.DENIED, 1130), outcome
    assert "is not allowed to connect" in outcome.text
