# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""stunnel: stunnel.conf rules, cert/key checks, and the log the evaluator reads."""

from __future__ import annotations

import os
import subprocess


import modrun

from ansible_collections.serverlab.course.plugins.module_utils import stunnel
from ansible_collections.serverlab.course.plugins.module_utils.stunnel import (
    Session, check_config, cert_key_match, log_findings, parse_config, parse_log)
from ansible_collections.serverlab.course.plugins.modules import stunnel_conf_check

PATH = "/etc/stunnel/stunnel.conf"

COURSE = """\
; stunnel for the course: smtps 465 -> Postfix/qmail on 25
cert = /etc/stunnel/stunnel.pem
output = /var/log/stunnel.log
debug = 5
TIMEOUTclose = 0

[smtps]
accept  = 465
connect = 25
"""

INETD = """\
cert = /etc/stunnel/stunnel.pem
output = /var/log/stunnel.log
connect = 25
"""


def codes(findings):
    return [f.code for f in findings]


def check(text, **kw):
    return check_config(parse_config(text, PATH), **kw)


def by_code(findings, code):
    found = [f for f in findings if f.code == code]
    assert found, "no %s in %s" % (code, codes(findings))
    return found[0]


# --- parsing -------------------------------------------------------------------

def test_parse_globals_sections_and_comments():
    conf = parse_config(COURSE + "# a hash comment\n[pop3s]\naccept = 995\nconnect = 110\n", PATH)
    assert conf.globals.get("cert") == ("/etc/stunnel/stunnel.pem", 2)
    assert conf.globals.get("timeoutclose") == ("0", 5)
    assert [s.name for s in conf.sections] == ["smtps", "pop3s"]
    assert conf.sections[0].as_dict() == {"name": "smtps", "line": 7, "accept": ["465"],
                                          "connect": ["25"], "exec": None}
    assert conf.effective(conf.sections[1], "cert") == ("/etc/stunnel/stunnel.pem", 2)


def test_course_standalone_config_is_clean():
    assert check(COURSE, mode="standalone", clients_without_close_notify=True) == []
    assert check(COURSE) == []


def test_course_inetd_config_is_clean():
    assert check(INETD, mode="inetd") == []
    assert check(INETD) == []   # auto: no section means inetd


def test_unparsable_line():
    found = check(COURSE + "this is not an option\n")
    f = by_code(found, "stunnel-syntax")
    assert f.is_error and f.line == 10


def test_misspelled_option_suggests_the_right_one():
    found = check(COURSE.replace("connect = 25", "conect = 25"))
    f = by_code(found, "stunnel-unknown-option")
    assert not f.is_error and f.line == 9 and "did you mean connect?" in f.message
    assert "stunnel-no-connect" in codes(found)
    f = by_code(check(COURSE.replace("TIMEOUTclose", "TIMEOUTclos")), "stunnel-unknown-option")
    assert "did you mean TIMEOUTclose?" in f.message


def test_option_names_are_case_insensitive():
    assert check(COURSE.replace("TIMEOUTclose", "timeoutClose")) == []


def test_global_option_inside_a_section():
    f = by_code(check(COURSE + "pid = /var/run/stunnel.pid\n"), "stunnel-global-in-section")
    assert f.line == 10 and "[smtps]" in f.message


def test_comment_after_value():
    f = by_code(check(COURSE.replace("accept  = 465", "accept  = 465 ; smtps")), "stunnel-inline-comment")
    assert f.is_error and f.line == 8


def test_bad_accept_value():
    f = by_code(check(COURSE.replace("accept  = 465", "accept  = 0.0.0.0:99999")), "stunnel-bad-address")
    assert f.is_error and f.line == 8 and "out of range" in f.message


def test_section_without_accept_in_standalone_mode():
    text = COURSE + "\n[pop3s]\nconnect = 110\n"
    f = by_code(check(text), "stunnel-no-accept")
    assert f.is_error and f.line == 11 and "[pop3s]" in f.message


def test_section_without_connect_or_exec():
    f = by_code(check(COURSE.replace("connect = 25\n", "")), "stunnel-no-connect")
    assert f.is_error and f.line == 7
    assert "stunnel-no-connect" not in codes(check(COURSE.replace("connect = 25", "exec = /usr/sbin/x")))


def test_standalone_requires_a_section():
    f = by_code(check(INETD, mode="standalone"), "stunnel-no-service")
    assert f.is_error


def test_duplicate_section():
    f = by_code(check(COURSE + "[smtps]\naccept = 2465\nconnect = 25\n"), "stunnel-duplicate-section")
    assert f.line == 10 and "line 7" in f.message


def test_inetd_mode_rules():
    text = "pid = /var/run/stunnel.pid\nforeground = yes\naccept = 465\n" + COURSE
    found = check(text, mode="inetd")
    assert by_code(found, "stunnel-inetd-section").line == 10
    assert by_code(found, "stunnel-inetd-accept").line == 3
    irrelevant = [f for f in found if f.code == "stunnel-inetd-irrelevant"]
    assert sorted(f.line for f in irrelevant) == [1, 2] and not any(f.is_error for f in irrelevant)
    f = by_code(check("output = /var/log/stunnel.log\n", mode="inetd"), "stunnel-no-connect")
    assert "global options need 'connect'" in f.message


def test_logging_the_evaluator_needs():
    f = by_code(check(COURSE.replace("output = /var/log/stunnel.log\n", "")), "stunnel-no-output")
    assert not f.is_error and "evaluator" in f.message
    f = by_code(check(COURSE.replace("debug = 5", "debug = 3")), "stunnel-debug-low")
    assert f.line == 4 and "Connection closed" in f.message
    for ok in ("notice", "7", "daemon.debug", "info"):
        assert check(COURSE.replace("debug = 5", "debug = %s" % ok)) == [], ok
    assert check(COURSE.replace("debug = 5", "debug = err")) != []
    assert by_code(check(COURSE.replace("debug = 5", "debug = loud")), "stunnel-bad-debug").is_error


def test_timeoutclose_recommended_for_old_clients():
    text = COURSE.replace("TIMEOUTclose = 0\n", "")
    assert check(text) == []
    f = by_code(check(text, clients_without_close_notify=True), "stunnel-timeoutclose")
    assert not f.is_error and "TIMEOUTclose = 0" in f.fix and "[smtps]" in f.fix
    section_level = text + "TIMEOUTclose = 0\n"
    assert check(section_level, clients_without_close_notify=True) == []
    f = by_code(check(INETD, clients_without_close_notify=True), "stunnel-timeoutclose")
    assert "the global options" in f.fix


# --- certificate and key ---------------------------------------------------------


def _make_pair(directory, name):
    cert, key = os.path.join(directory, name + ".crt"), os.path.join(directory, name + ".key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-subj", "/CN=h2g.example.com", "-days", "2"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.chmod(key, 0o600)
    return cert, key


def _conf(tmp_path, cert, key):
    text = "cert = %s\nkey = %s\noutput = /var/log/stunnel.log\n[smtps]\naccept = 465\nconnect = 25\n" % (
        cert, key)
    return parse_config(text, str(tmp_path / "stunnel.conf"))


def test_matching_cert_and_key(tmp_path):
    cert, key = _make_pair(str(tmp_path), "a")
    assert check_config(_conf(tmp_path, cert, key), check_files=True) == []


def test_mismatched_cert_and_key(tmp_path):
    cert, _key = _make_pair(str(tmp_path), "a")
    _cert, other = _make_pair(str(tmp_path), "b")
    found = check_config(_conf(tmp_path, cert, other), check_files=True)
    f = by_code(found, "stunnel-cert-key-mismatch")
    assert f.is_error and f.line == 2 and "key values mismatch" in f.message


def test_corrupted_key_is_explained_as_a_bad_copy(tmp_path):
    cert, key = _make_pair(str(tmp_path), "a")
    with open(key) as handle:
        lines = handle.read().splitlines(True)
    with open(key, "w") as handle:
        handle.writelines(lines[1:])        # the BEGIN line lost on the way
    f = by_code(check_config(_conf(tmp_path, cert, key), check_files=True), "stunnel-key-unreadable")
    assert f.is_error and "no start line" in f.message and "diff" in f.message and f.line == 2


def test_damaged_certificate_body(tmp_path):
    cert, key = _make_pair(str(tmp_path), "a")
    with open(cert) as handle:
        text = handle.read()
    with open(cert, "w") as handle:
        handle.write(text[:200] + "\n-----END CERTIFICATE-----\n")
    f = by_code(check_config(_conf(tmp_path, cert, key), check_files=True), "stunnel-cert-unreadable")
    assert f.line == 1 and "damaged" in f.message


def test_encrypted_key(tmp_path):
    cert, key = _make_pair(str(tmp_path), "a")
    enc = str(tmp_path / "enc.key")
    subprocess.run(["openssl", "pkey", "-in", key, "-aes128", "-passout", "pass:secret", "-out", enc],
                   check=True)
    f = by_code(check_config(_conf(tmp_path, cert, enc), check_files=True), "stunnel-key-encrypted")
    assert "passphrase" in f.message


def test_world_readable_key(tmp_path):
    cert, key = _make_pair(str(tmp_path), "a")
    os.chmod(key, 0o644)
    f = by_code(check_config(_conf(tmp_path, cert, key), check_files=True), "stunnel-key-readable")
    assert not f.is_error and f.fix == "chmod 600 %s" % key


def test_missing_files(tmp_path):
    found = check_config(_conf(tmp_path, str(tmp_path / "nope.crt"), "relative.key"), check_files=True)
    missing = [f for f in found if f.code == "stunnel-file-missing"]
    assert [f.line for f in missing] == [1, 2]


def test_openssl_not_installed(tmp_path):
    (tmp_path / "c").write_text("x")

    def runner(*args, **kwargs):
        raise OSError(2, "No such file or directory")

    found = cert_key_match(str(tmp_path / "c"), str(tmp_path / "c"), runner=runner)
    assert codes(found) == ["stunnel-openssl-missing"] and not found[0].is_error


def test_openssl_is_not_run_at_import():
    # the module only holds functions; cert_key_match is what runs openssl
    assert callable(stunnel.cert_key_match) and not hasattr(stunnel, "OPENSSL_VERSION")


# --- the log ------------------------------------------------------------------------

LOG4 = """\
2011.05.20 10:00:00 LOG5[3440:3086346944]: stunnel 4.15 on i686-redhat-linux-gnu with OpenSSL 0.9.8e
2011.05.20 10:00:00 LOG3[3440:3086346944]: Error binding pop3s to 0.0.0.0:995
2011.05.20 10:00:00 LOG3[3440:3086346944]: bind: Address already in use (98)
2011.05.20 10:05:01 LOG5[3502:3086346944]: smtps accepted connection from 192.168.0.101:1039
2011.05.20 10:05:01 LOG5[3502:3086346944]: smtps connected remote server from 127.0.0.1:40001
2011.05.20 10:05:03 LOG5[3502:3086346944]: Connection closed: 1571 bytes sent to SSL, 492 bytes sent to socket
2011.05.20 10:06:10 LOG5[3502:3086346944]: smtps accepted connection from 192.168.0.101:1040
2011.05.20 10:06:12 LOG5[3502:3086346944]: Connection closed: 1037 bytes sent to SSL, 0 bytes sent to socket
2011.05.20 10:07:00 LOG5[3502:3086346944]: smtps accepted connection from 192.168.0.101:1041
2011.05.20 10:07:01 LOG3[3502:3086346944]: SSL_read: Connection reset by peer (104)
2011.05.20 10:07:01 LOG5[3502:3086346944]: Connection reset: 1571 bytes sent to SSL, 492 bytes sent to socket
2011.05.20 10:08:00 LOG5[3502:3086346944]: smtps accepted connection from 192.168.0.102:2000
"""

LOG5 = """\
2023.10.01 11:59:00 LOG3[ui]: bind: Address already in use (98)
2023.10.01 11:59:00 LOG3[ui]: Error binding service [pop3s] to 0.0.0.0:995
2023.10.01 12:00:00 LOG5[0]: Service [smtps] accepted connection from 192.168.0.101:50000
2023.10.01 12:00:00 LOG5[1]: Service [smtps] accepted connection from 192.168.0.102:50001
2023.10.01 12:00:01 LOG5[1]: Connection closed: 900 byte(s) sent to TLS, 300 byte(s) sent to socket
2023.10.01 12:00:02 LOG5[0]: Connection closed: 1571 byte(s) sent to TLS, 492 byte(s) sent to socket
"""


def test_parse_log_stunnel4():
    sessions = parse_log(LOG4)
    assert [(s.status, s.service, s.start_line, s.end_line) for s in sessions] == [
        ("bind-error", "pop3s", 2, 2),
        ("closed", "smtps", 4, 6),
        ("closed", "smtps", 7, 8),
        ("reset", "smtps", 9, 11),
        ("open", "smtps", 12, None),
    ]
    bind, clean, cancelled, reset, open_ = sessions
    assert bind.in_use and bind.address == "0.0.0.0:995" and "port conflict" in bind.explanation()
    assert clean.clean and (clean.bytes_to_ssl, clean.bytes_to_socket) == (1571, 492)
    assert clean.peer == "192.168.0.101:1039" and clean.time == "2011.05.20 10:05:01"
    assert cancelled.cancelled and not cancelled.clean
    assert "cancelled the certificate prompt" in cancelled.explanation()
    assert reset.reset_by_peer and "TIMEOUTclose = 0" in reset.explanation()
    assert "close_notify" in reset.explanation()
    assert not open_.clean


def test_parse_log_stunnel5_interleaved():
    sessions = parse_log(LOG5)
    assert [(s.status, s.service, s.id, s.bytes_to_socket) for s in sessions] == [
        ("bind-error", "pop3s", "ui", None),
        ("closed", "smtps", "0", 492),
        ("closed", "smtps", "1", 300),
    ]
    assert sessions[0].in_use   # "Address already in use" logged before the error by stunnel 5


def test_parse_log_syslog_lines():
    text = ("May 20 10:05:03 h2g stunnel: LOG5[3502:308]: smtps accepted connection from 192.168.0.101:1\n"
            "May 20 10:05:04 h2g stunnel: LOG5[3502:308]: Connection closed: 10 bytes sent to SSL, "
            "5 bytes sent to socket\n")
    assert [(s.status, s.bytes_to_socket) for s in parse_log(text)] == [("closed", 5)]


def test_log_findings():
    found = log_findings(parse_log(LOG4), "/var/log/stunnel.log")
    assert codes(found) == ["stunnel-bind-error", "stunnel-prompt-cancelled", "stunnel-connection-reset"]
    bind = found[0]
    assert not bind.is_error and "earlier start" in bind.message and bind.line == 2
    # a bind error with nothing accepted after it: stunnel is not running
    last = log_findings(parse_log(LOG4 + "2011.05.21 09:00:00 LOG3[4000:1]: Error binding pop3s to "
                                  "0.0.0.0:995\n2011.05.21 09:00:00 LOG3[4000:1]: bind: Address already "
                                  "in use (98)\n"))
    assert [f.is_error for f in last if f.code == "stunnel-bind-error"] == [False, True]
    assert "[pop3s]" in last[-1].fix


def test_session_as_dict():
    d = parse_log(LOG4)[1].as_dict()
    assert d["status"] == Session.CLOSED and d["clean"] is True and d["explanation"] == "closed cleanly"


# --- the module ------------------------------------------------------------------------


def run_module(monkeypatch, **args):
    return modrun.run(stunnel_conf_check, **args)


def test_module(monkeypatch, tmp_path):
    conf = tmp_path / "stunnel.conf"
    conf.write_text(COURSE)
    log = tmp_path / "stunnel.log"
    log.write_text(LOG5)
    good = run_module(monkeypatch, path=str(conf), log_path=str(log))
    assert not good.failed and good.result["mode"] == "standalone"
    assert good.result["services"][0]["accept"] == ["465"]
    assert [s["status"] for s in good.result["sessions"]] == ["bind-error", "closed", "closed"]
    bad = run_module(monkeypatch, content=COURSE, mode="inetd")
    assert bad.failed and "stunnel-inetd-section" in [f["code"] for f in bad.result["findings"]]
    assert bad.result["mode"] == "inetd"


# Under the superserver every stunnel process numbers its one connection [0]: a client's session still
# logging its end while the evaluator's own handshake starts (seen on a loaded machine in molecule/day13).
INETD_OVERLAP = (
    "2026.12.06 13:25:01 LOG5[0]: Service [smtps] accepted connection from 192.168.0.1:50000\n"
    "2026.12.06 13:25:02 LOG5[0]: Service [smtps] accepted connection from 127.0.0.1:41000\n"
    "2026.12.06 13:25:02 LOG5[0]: Connection closed: 326 byte(s) sent to TLS, 270 byte(s) sent to socket\n"
    "2026.12.06 13:25:02 LOG5[0]: Connection closed: 40 byte(s) sent to TLS, 0 byte(s) sent to socket\n")


def test_parse_log_inetd_processes_that_share_an_id():
    sessions = parse_log(INETD_OVERLAP)
    assert [(s.peer, s.status, s.bytes_to_socket, s.ambiguous) for s in sessions] == [
        ("192.168.0.1:50000", "closed", 270, True), ("127.0.0.1:41000", "closed", 0, True)]
    # one at a time: nothing to guess
    assert [s.ambiguous for s in parse_log(LOG5)] == [False, False, False]


def test_parse_log_an_end_without_its_start_has_no_peer():
    sessions = parse_log(INETD_OVERLAP.splitlines(True)[2])
    assert [(s.peer, s.status) for s in sessions] == [(None, "closed")]
