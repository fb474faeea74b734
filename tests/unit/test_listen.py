# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""listen: claims from each kind of config, and the conflicts trainees make."""

from __future__ import annotations


import pytest

import modrun

from ansible_collections.serverlab.course.plugins.module_utils import listen
from ansible_collections.serverlab.course.plugins.module_utils.listen import (
    Claim, check_sources, claims_from, find_conflicts, overlaps, parse_blocks, split_host_port)
from ansible_collections.serverlab.course.plugins.modules import listen_check

STUNNEL_PATH = "/etc/stunnel/stunnel.conf"

# stunnel's sample file as trainees leave it: [pop3s] still there (accept on line 12)
STUNNEL_SAMPLE = """\
; stunnel sample configuration
cert = /etc/stunnel/stunnel.pem
output = /var/log/stunnel.log
debug = 7

; Service-level configuration
[smtps]
accept  = 465
connect = 25

[pop3s]
accept  = 995
connect = 110
"""

# the course's stunnel: smtps only
STUNNEL_COURSE = """\
cert = /etc/stunnel/stunnel.pem
output = /var/log/stunnel.log
[smtps]
accept = 465
connect = 25
"""

# stunnel under the superserver: no section at all
STUNNEL_INETD = """\
cert = /etc/stunnel/stunnel.pem
output = /var/log/stunnel.log
connect = 25
"""

DOVECONF = """\
# 2.3.19.1 (9b53102964): /etc/dovecot/dovecot.conf
# OS: Linux 6.1.0 x86_64 Debian 12
protocols = " imap pop3"
mail_location = maildir:~/Maildir
service pop3-login {
  inet_listener pop3 {
    port = 110
  }
  inet_listener pop3s {
    port = 995
    ssl = yes
  }
}
ssl_cert = </etc/dovecot/private/dovecot.pem
"""

XINETD_SMTPS = """\
# default: off
service smtps
{
\tdisable\t\t= %s
\tsocket_type\t= stream
\twait\t\t= no
\tuser\t\t= root
\tserver\t\t= /usr/bin/stunnel
\tserver_args\t= /etc/stunnel/smtps.conf
}
"""

SMTPS_SOCKET = """\
[Unit]
Description=stunnel smtps under systemd

[Socket]
ListenStream=465
Accept=yes

[Install]
WantedBy=sockets.target
"""

MASTER_CF = """\
# Postfix master process configuration file.
# service type  private unpriv  chroot  wakeup  maxproc command + args
smtp      inet  n       -       y       -       -       smtpd
submission inet n       -       y       -       -       smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
%ssmtps     inet  n       -       y       -       -       smtpd
  -o syslog_name=postfix/smtps
  -o smtpd_tls_wrappermode=yes
127.0.0.1:10025 inet n  -       n       -       -       smtpd
pickup    unix  n       -       y       60      1       pickup
"""

QMAIL_SMTPD_RUN = """\
#!/bin/sh
QMAILDUID=`id -u qmaild`
NOFILESGID=`id -g qmaild`
exec /usr/local/bin/softlimit -m 2000000 \\
    /usr/local/bin/tcpserver -v -R -l "$LOCAL" -x /etc/tcp.smtp.cdb -c 20 \\
    -u "$QMAILDUID" -g "$NOFILESGID" 0 smtp /var/qmail/bin/qmail-smtpd 2>&1
"""

NAMED_CONF = """\
options {
    directory "/var/named";
    // listen-on port 53 { any; };
    listen-on port 53 { 127.0.0.1; 192.168.0.10; };
    listen-on-v6 { none; };
};
"""

SS_DOVECOT = """\
LISTEN 0      100          0.0.0.0:995       0.0.0.0:*    users:(("dovecot",pid=812,fd=38))
LISTEN 0      100             [::]:995          [::]:*    users:(("dovecot",pid=812,fd=39))
LISTEN 0      100          0.0.0.0:25        0.0.0.0:*    users:(("master",pid=901,fd=13))
"""


def codes(findings):
    return [f.code for f in findings]


def course(*extra):
    return (claims_from("stunnel", STUNNEL_COURSE, STUNNEL_PATH)
            + claims_from("dovecot", DOVECONF, "/etc/dovecot/dovecot.conf")
            + claims_from("postfix_master", MASTER_CF % "#", "/etc/postfix/master.cf")
            + claims_from("xinetd", XINETD_SMTPS % "yes", "/etc/xinetd.d/smtps")
            + list(extra))


# --- host:port ---------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("465", ("0.0.0.0", 465)),
    ("0.0.0.0:995", ("0.0.0.0", 995)),
    (":::995", ("::", 995)),
    ("[::]:465", ("::", 465)),
    ("[::1]:25", ("::1", 25)),
    ("localhost:25", ("127.0.0.1", 25)),
    ("192.168.0.10:smtps", ("192.168.0.10", 465)),
    ("pop3s", ("0.0.0.0", 995)),
    ("*:110", ("0.0.0.0", 110)),
])
def test_split_host_port(value, expected):
    assert split_host_port(value) == expected


@pytest.mark.parametrize("value", ["", "0.0.0.0:99999", "host:", "[::1]465", "12ab!"])
def test_split_host_port_rejects(value):
    with pytest.raises(ValueError):
        split_host_port(value)


def test_unknown_service_name_gives_no_port():
    assert split_host_port("nosuchservice") == ("0.0.0.0", None)


# --- overlap rules -----------------------------------------------------------

def _c(address, port=995, proto="tcp", v6only=False):
    return Claim(address, port, proto, address, "stunnel", v6only=v6only)


@pytest.mark.parametrize("a, b, expected", [
    (_c("0.0.0.0"), _c("192.168.0.10"), True),
    (_c("127.0.0.1"), _c("192.168.0.10"), False),
    (_c("127.0.0.1"), _c("127.0.0.1"), True),
    (_c("0.0.0.0"), _c("0.0.0.0", 465), False),
    (_c("0.0.0.0", proto="udp"), _c("0.0.0.0"), False),
    (_c("::", v6only=True), _c("0.0.0.0"), False),
    (_c("::", v6only=False), _c("192.168.0.10"), True),
    (_c("::", v6only=True), _c("::1"), True),
    (_c("h2g.example.com"), _c("0.0.0.0"), True),
    (_c("h2g.example.com"), _c("127.0.0.1"), False),
])
def test_overlaps(a, b, expected):
    first, second = a, b
    assert overlaps(first, second) is expected
    assert overlaps(second, first) is expected


# --- per-kind claims ---------------------------------------------------------

def test_stunnel_claims_each_section_accept():
    claims = claims_from("stunnel", STUNNEL_SAMPLE, STUNNEL_PATH)
    assert [(c.address, c.port, c.service, c.line) for c in claims] == [
        ("0.0.0.0", 465, "smtps", 8), ("0.0.0.0", 995, "pop3s", 12)]
    assert claims[1].owner == "stunnel [pop3s] /etc/stunnel/stunnel.conf:12"


def test_stunnel_inetd_mode_binds_nothing():
    assert claims_from("stunnel", STUNNEL_INETD, "/etc/stunnel/smtps.conf") == []


def test_dovecot_defaults_and_explicit_listeners():
    claims = claims_from("dovecot", DOVECONF, "/etc/dovecot/dovecot.conf")
    ports = sorted(set((c.port, c.service) for c in claims))
    assert ports == [(110, "pop3"), (143, "imap"), (993, "imaps"), (995, "pop3s")]
    pop3s = [c for c in claims if c.port == 995]
    assert [(c.address, c.v6only, c.line) for c in pop3s] == [("0.0.0.0", False, 10), ("::", True, 10)]
    imap = [c for c in claims if c.port == 143][0]
    assert "default listener of protocol imap" in imap.owner and imap.line == 3


def test_dovecot_port_zero_protocols_and_listen():
    text = """\
protocols = pop3
listen = 192.168.0.10
service pop3-login {
  inet_listener pop3 { port = 0 }
}
"""
    claims = claims_from("dovecot", text, "d.conf")
    assert [(c.address, c.port) for c in claims] == [("192.168.0.10", 995)]


def test_dovecot_without_protocols_uses_builtin_default():
    claims = claims_from("dovecot", "mail_location = maildir:~/Maildir\n", "d.conf")
    assert sorted(set(c.port for c in claims)) == [110, 143, 993, 995]
    assert claims_from("dovecot", "protocols = none\n", "d.conf") == []


def test_xinetd_disable_and_port_lookup():
    on = claims_from("xinetd", XINETD_SMTPS % "no", "/etc/xinetd.d/smtps")
    assert [(c.address, c.port, c.proto, c.line) for c in on] == [("0.0.0.0", 465, "tcp", 2)]
    assert claims_from("xinetd", XINETD_SMTPS % "yes", "/etc/xinetd.d/smtps") == []
    tftp = "service tftp\n{\n socket_type = dgram\n protocol = udp\n port = 69\n bind = 192.168.0.10\n}\n"
    assert [(c.address, c.port, c.proto) for c in claims_from("xinetd", tftp, "t")] == [
        ("192.168.0.10", 69, "udp")]


def test_parse_blocks_styles():
    root = parse_blocks("service a\n{\n  port = 1\n}\nservice b {\n  x += y\n  inner c { port = 0 }\n}\n")
    a, b = root.blocks("service")
    assert (a.args, a.get("port")) == ("a", ("1", 3))
    assert b.settings[0][:3] == ("x", "+=", "y")
    assert b.blocks("inner")[0].get("port") == ("0", 7)


def test_systemd_socket_forms_and_enabled():
    claims = claims_from("systemd_socket", SMTPS_SOCKET, "/etc/systemd/system/smtps.socket")
    assert [(c.address, c.port, c.v6only, c.line, c.service) for c in claims] == [
        ("::", 465, False, 5, "smtps")]
    assert claims_from("systemd_socket", SMTPS_SOCKET, "/x/smtps.socket", enabled=False) == []
    text = "[Socket]\nListenStream=/run/x.sock\nListenStream=127.0.0.1:8080\nListenDatagram=[::]:53\n"
    assert [(c.address, c.port, c.proto) for c in claims_from("systemd_socket", text, "x.socket")] == [
        ("127.0.0.1", 8080, "tcp"), ("::", 53, "udp")]


def test_postfix_master_inet_services():
    claims = claims_from("postfix_master", MASTER_CF % "", "/etc/postfix/master.cf",
                         inet_protocols="ipv4")
    assert [(c.address, c.port, c.line) for c in claims] == [
        ("0.0.0.0", 25, 3), ("0.0.0.0", 587, 4), ("0.0.0.0", 465, 7), ("127.0.0.1", 10025, 10)]
    commented = claims_from("postfix_master", MASTER_CF % "#", "m", inet_interfaces="loopback-only",
                            inet_protocols="ipv4")
    assert [(c.address, c.port) for c in commented] == [
        ("127.0.0.1", 25), ("127.0.0.1", 587), ("127.0.0.1", 10025)]


def test_tcpserver_run_script():
    claims = claims_from("tcpserver", QMAIL_SMTPD_RUN, "/service/qmail-smtpd/run")
    assert [(c.address, c.port, c.line, c.owner) for c in claims] == [
        ("0.0.0.0", 25, 4, "tcpserver (qmail-smtpd) /service/qmail-smtpd/run:4")]


def test_named_listen_on():
    claims = claims_from("named", NAMED_CONF, "/etc/named.conf")
    assert sorted(set((c.address, c.port, c.line) for c in claims)) == [
        ("127.0.0.1", 53, 4), ("192.168.0.10", 53, 4)]
    assert set(c.proto for c in claims) == {"tcp", "udp"}
    default = claims_from("named", "options { directory \"/var/named\"; };\n", "n")
    assert sorted((c.address, c.port, c.proto) for c in default) == [
        ("0.0.0.0", 53, "tcp"), ("0.0.0.0", 53, "udp")]


def test_ss_output_forms():
    text = ("tcp LISTEN 0 128 *:465 *:* users:((\"systemd\",pid=1,fd=50))\n"
            "udp UNCONN 0 0 127.0.0.53%lo:53 0.0.0.0:*\n"
            "tcp LISTEN 0 128 [::]:22 [::]:* users:((\"sshd\",pid=300,fd=4))\n")
    claims = claims_from("sockets", text, "ss")
    assert [(c.address, c.port, c.proto, c.v6only, c.program, c.live) for c in claims] == [
        ("::", 465, "tcp", False, "systemd", True),
        ("127.0.0.53", 53, "udp", False, "", True),
        ("::", 22, "tcp", True, "sshd", True)]


# --- the course's mistakes -----------------------------------------------------

def test_stunnel_pop3s_section_against_dovecot():
    claims = (claims_from("stunnel", STUNNEL_SAMPLE, STUNNEL_PATH)
              + claims_from("dovecot", DOVECONF, "/etc/dovecot/dovecot.conf"))
    found = find_conflicts(claims)
    assert codes(found) == ["port-conflict"]
    f = found[0]
    assert f.is_error and (f.path, f.line) == (STUNNEL_PATH, 12)
    assert "stunnel [pop3s] /etc/stunnel/stunnel.conf:12" in f.message
    assert "dovecot pop3s (service pop3-login) /etc/dovecot/dovecot.conf:10" in f.message
    assert "0.0.0.0:995/tcp" in f.message
    assert "In the course smtps (465) is stunnel's and pop3s (995) is Dovecot's" in f.fix
    assert "remove the [pop3s] section from /etc/stunnel/stunnel.conf" in f.fix


def test_smtps_standalone_and_xinetd():
    claims = (claims_from("stunnel", STUNNEL_COURSE, STUNNEL_PATH)
              + claims_from("xinetd", XINETD_SMTPS % "no", "/etc/xinetd.d/smtps"))
    found = find_conflicts(claims)
    assert codes(found) == ["port-conflict"]
    assert "465" in found[0].message and "xinetd service smtps" in found[0].message
    assert "either standalone or under the superserver, not both" in found[0].fix
    assert "disable = yes" in found[0].fix
    assert (found[0].path, found[0].line) == (STUNNEL_PATH, 4)


def test_smtps_standalone_and_systemd_socket():
    claims = (claims_from("stunnel", STUNNEL_COURSE, STUNNEL_PATH)
              + claims_from("systemd_socket", SMTPS_SOCKET, "/etc/systemd/system/smtps.socket"))
    found = find_conflicts(claims)
    assert codes(found) == ["port-conflict"]
    assert "systemctl disable --now smtps.socket" in found[0].fix
    # not enabled: no conflict
    claims = (claims_from("stunnel", STUNNEL_COURSE, STUNNEL_PATH)
              + claims_from("systemd_socket", SMTPS_SOCKET, "/x/smtps.socket", enabled=False))
    assert find_conflicts(claims) == []


def test_postfix_smtps_and_stunnel_smtps():
    claims = (claims_from("postfix_master", MASTER_CF % "", "/etc/postfix/master.cf")
              + claims_from("stunnel", STUNNEL_COURSE, STUNNEL_PATH))
    found = find_conflicts(claims)
    assert codes(found) == ["port-conflict"]
    f = found[0]
    assert (f.path, f.line) == ("/etc/postfix/master.cf", 7)
    assert "comment out the 'smtps' line in /etc/postfix/master.cf" in f.fix


def test_two_mtas_on_25():
    claims = (claims_from("postfix_master", MASTER_CF % "#", "/etc/postfix/master.cf")
              + claims_from("tcpserver", QMAIL_SMTPD_RUN, "/service/qmail-smtpd/run"))
    found = find_conflicts(claims)
    assert codes(found) == ["port-conflict"]
    assert "either Postfix or qmail" in found[0].fix
    assert found[0].path == "/service/qmail-smtpd/run"


def test_same_port_twice_in_one_stunnel_conf():
    text = "[a]\naccept = 465\nconnect = 25\n[b]\naccept = 127.0.0.1:465\nconnect = 25\n"
    found = find_conflicts(claims_from("stunnel", text, "s.conf"))
    assert codes(found) == ["port-conflict"] and "127.0.0.1:465/tcp" in found[0].message
    assert "appears twice in the stunnel configuration" in found[0].fix


def test_clean_course_configuration_passes():
    assert find_conflicts(course()) == []


# --- live sockets ----------------------------------------------------------------

def test_live_socket_of_same_program_is_not_a_conflict():
    claims = course(*claims_from("sockets", SS_DOVECOT, "ss"))
    assert find_conflicts(claims) == []


def test_live_socket_shared_with_children_belongs_to_the_daemon():
    """While clients are connected, ss lists the children that inherited the listener first (seen on a
    lab VM after a mail round trip): Postfix's smtpd before master, Dovecot's login process before
    dovecot. Still the same program as the configuration that claims the port: no conflict."""
    text = ('LISTEN 0 100 0.0.0.0:25 0.0.0.0:* users:(("smtpd",pid=7928,fd=6),("master",pid=901,fd=13))\n'
            'LISTEN 0 100 0.0.0.0:995 0.0.0.0:* users:(("pop3-login",pid=70,fd=8),("dovecot",pid=812,fd=38))\n')
    live = claims_from("sockets", text, "ss")
    assert [(c.program, c.pid) for c in live] == [("master", 901), ("dovecot", 812)]
    assert find_conflicts(course(*live)) == []
    # a stranger among the holders is named when no known daemon is
    stranger = claims_from("sockets", 'LISTEN 0 1 0.0.0.0:995 0.0.0.0:* users:(("nc",pid=5,fd=3))\n', "ss")
    assert codes(find_conflicts(course(*stranger))) == ["port-conflict"]


def test_live_stunnel_holding_995_blocks_dovecot():
    live = claims_from("sockets", 'LISTEN 0 128 0.0.0.0:995 0.0.0.0:* users:(("stunnel4",pid=77,fd=9))\n',
                       "ss")
    found = find_conflicts(course(*live))
    assert codes(found) == ["port-conflict"]
    assert "listening socket of stunnel4 (pid 77)" in found[0].message
    assert "remove the section that accepts port 995 from stunnel.conf" in found[0].fix
    assert found[0].path == "/etc/dovecot/dovecot.conf"
    # the play stops stunnel4 first: ignore it
    assert find_conflicts(course(*live), ignore_owners=["stunnel4"]) == []


def test_live_socket_without_process_name_is_a_warning():
    live = claims_from("sockets", "LISTEN 0 128 0.0.0.0:465 0.0.0.0:*\n", "ss")
    found = find_conflicts(course(*live))
    assert codes(found) == ["port-in-use"]
    assert not found[0].is_error and found[0].line == 4


def test_live_sockets_are_not_compared_with_each_other():
    text = ('LISTEN 0 1 0.0.0.0:995 0.0.0.0:* users:(("dovecot",pid=1,fd=1))\n'
            'LISTEN 0 1 [::]:995 [::]:* users:(("stunnel4",pid=2,fd=1))\n')
    assert find_conflicts(claims_from("sockets", text, "ss")) == []


# --- directory reading and the module ------------------------------------------

def test_check_sources_reads_xinetd_dir_like_includedir(tmp_path):
    (tmp_path / "smtps").write_text(XINETD_SMTPS % "no")
    (tmp_path / "smtps.bak").write_text(XINETD_SMTPS % "no")   # skipped by xinetd: has a dot
    (tmp_path / "smtps~").write_text(XINETD_SMTPS % "no")      # skipped: editor backup
    claims, found = check_sources([{"kind": "xinetd", "path": str(tmp_path)}])
    assert [c.path for c in claims] == [str(tmp_path / "smtps")]
    assert found == []
    _claims, found = check_sources([{"kind": "xinetd", "path": str(tmp_path / "nope")}])
    assert codes(found) == ["source-unreadable"]


def test_check_sources_reads_main_cf(tmp_path):
    main = tmp_path / "main.cf"
    main.write_text("inet_interfaces = loopback-only\ninet_protocols = ipv4\n")
    claims, _found = check_sources([{"kind": "postfix_master", "content": MASTER_CF % "#",
                                     "path": "/etc/postfix/master.cf", "main_cf": str(main)}])
    assert set(c.address for c in claims) == {"127.0.0.1"}


def test_unknown_kind():
    with pytest.raises(ValueError):
        claims_from("inetd", "", "x")


def run_module(monkeypatch, **args):
    return modrun.run(listen_check, **args)


def test_module_fails_on_conflict_and_passes_clean(monkeypatch):
    bad = run_module(monkeypatch, sources=[
        {"kind": "stunnel", "content": STUNNEL_SAMPLE, "path": STUNNEL_PATH},
        {"kind": "dovecot", "content": DOVECONF, "path": "/etc/dovecot/dovecot.conf"}])
    assert bad.failed and bad.result["errors"] == 1
    assert bad.result["findings"][0]["code"] == "port-conflict"
    assert "1 error found" in bad.result["msg"]
    assert {"address": "0.0.0.0", "port": 995, "proto": "tcp", "service": "pop3s"}.items() <= \
        bad.result["claims"][1].items()
    good = run_module(monkeypatch, sources=[
        {"kind": "stunnel", "content": STUNNEL_COURSE, "path": STUNNEL_PATH},
        {"kind": "dovecot", "content": DOVECONF, "path": "/etc/dovecot/dovecot.conf"}],
        fail_on_error=True)
    assert not good.failed and good.result["errors"] == 0 and good.result["changed"] is False


def test_module_report_only(monkeypatch):
    out = run_module(monkeypatch, fail_on_error=False, sources=[
        {"kind": "stunnel", "content": STUNNEL_SAMPLE},
        {"kind": "dovecot", "content": DOVECONF}])
    assert not out.failed and out.result["errors"] == 1


def test_kinds_table_matches_parsers():
    assert set(listen.KINDS) == set(listen._PARSERS)
