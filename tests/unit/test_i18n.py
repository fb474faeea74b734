# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Evaluator messages in English and Japanese (i18n.py, messages_ja.py).

- English output is byte-identical to what it was before the messages became T() templates:
  broken fake labs of every migrated checks module are graded and compared with
  fixtures/i18n/english.json, recorded from the evaluator before the change.
- The same runs in Japanese: every failed check's reason is Japanese, ids, items and
  PASS/FAIL are unchanged, and every template used has a Japanese entry.
- Every T()/tr() template in the migrated modules (found with ast) has a Japanese template
  with the same placeholders.
- The language choice: --lang, LC_ALL / LC_MESSAGES / LANG, the lab_eval module's lang.
"""

from __future__ import annotations

import ast
import io
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

import modrun
from pyscan import is_plain, templates_in

from ansible_collections.serverlab.course.plugins.module_utils import catalog, cli, framework, i18n, messages_ja
from ansible_collections.serverlab.course.plugins.module_utils.checks import (
    day07, day08, day10, day12, day13, day20, djbdns, mailprobe, providers, time as timechecks)
from ansible_collections.serverlab.course.plugins.module_utils.i18n import T, join, localize
from ansible_collections.serverlab.course.plugins.modules import lab_eval

import djbtree
import mailtree
import mysqltree
import sambatree
import sshtree
import ssltree
import timetree
from dnstree import DigServer, ZoneTree, providers_ctx
from labtree import IFCFG, LabTree, fake_runner

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
MODULE_UTILS = os.path.join(REPO, "plugins", "module_utils")
ENGLISH = os.path.join(HERE, "fixtures", "i18n", "english.json")

# The modules whose messages are T() templates, all of whose templates need a Japanese entry.
FRAMEWORK = ["framework.py", "cli.py"]
MIGRATED = FRAMEWORK + ["checks/day06.py", "checks/day07.py", "checks/djbdns.py", "checks/day08.py",
                        "checks/day10.py", "checks/day12.py", "checks/day13.py", "checks/day20.py", "checks/time.py",
                        "checks/providers.py", "checks/firewall.py", "checks/selinux.py", "gradereport.py",
                        "checks/mailsplit.py", "checks/network.py"]
# Functions of those modules whose reasons are still plain English (their owner migrates them later).
NOT_YET = {}
# The checks of a day in number order, every track included (the catalog composes them per track).
DAY8 = day08.POSTFIX + day08.QMAIL + day08.CHECKS
DAY13 = sorted(day13.CHECKS + day13.POSTFIX, key=lambda c: c.num)
TIME = timechecks.CHECKS + timechecks.CHRONY + timechecks.CLOCKSPEED
LAB_EVAL = os.path.join(REPO, "plugins", "modules", "lab_eval.py")
GRADE_REPORT = os.path.join(REPO, "plugins", "modules", "grade_report.py")

JAPANESE = re.compile(u"[\u3040-\u30ff\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")


@pytest.fixture(autouse=True)
def english_locale(monkeypatch):
    """Each test starts from a locale that says nothing; the tests set LANG themselves."""
    for name in i18n.LOCALE_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv(framework.CONFIG_ENV, raising=False)


# ---------------------------------------------------------------- broken labs, one per checks module

def _lines(root, checks, ctx, lang=None):
    """The report lines of checks on ctx (every check, the fake root taken out of paths)."""
    report = framework.Report(ctx, checks, framework.evaluate(checks, ctx, keep_going=True))
    lines = report.lines() if lang is None else report.lines(lang=lang)
    return [re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", "<time>", line.replace(str(root), "")) for line in lines]


def broken_day06(tmp_path, lang=None):
    """Day 6 through the command line, RedHat then Debian, with the classic mistakes."""
    out = []
    rh = LabTree(tmp_path / "rh6", "RedHat")
    rh.replace(IFCFG, "GATEWAY=no", "GATEWAY=1")
    rh.replace(IFCFG, "PREFIX=24", "NETMASK=255.255.0.0")
    rh.replace(IFCFG, "ONBOOT=yes", "ONBOOT=no")
    rh.replace(IFCFG, "BOOTPROTO=none", "BOOTPROTO=dhcp")
    rh.replace(IFCFG, "NM_CONTROLLED=no", "NM_CONTROLLED=NO")
    rh.replace(IFCFG, "PEERDNS=no\n", "")
    rh.write(IFCFG + ".bak", rh.read(IFCFG))
    rh.replace("/etc/hosts", "127.0.0.1   localhost", "127.0.0.1   h2g localhost")
    rh.replace("/etc/hosts", "192.168.0.10 h2g.example.com h2g", "192.168.0.10 h2g h2g.example.com")
    rh.write("/etc/resolv.conf", "domain example.org\nnameserver 0.0.0.0\n")
    rh.replace("/etc/passwd", "/home/user1:/bin/bash", "/home/user1:/sbin/nologin")
    rh.replace("/etc/shadow", "user1:$6$salt$user1hash:", "user1:!!:")
    argv = ["--root", rh.root, "-c", "--day", "6"] + (["--lang", lang] if lang else [])
    out += _cli(argv, fake_runner("localhost", "localhost"))
    deb = LabTree(tmp_path / "deb6", "Debian")
    deb.write("/etc/network/interfaces.d/eth0",
              "iface eth0 inet static\n    address 192.168.1.10/16\n    gateway 192.168.0.1\n")
    deb.write("/etc/network/interfaces.d/eth0.bak", "iface eth0 inet dhcp\n")
    deb.remove("/etc/resolv.conf")
    deb.remove("/etc/hosts")
    argv = ["--root", deb.root, "-c", "--day", "6", "user2"] + (["--lang", lang] if lang else [])
    out += _cli(argv, fake_runner(full_rc=1, full_err="hostname: Name or service not known\n"))
    deb.write("/etc/network/interfaces", "auto lo\niface lo inet loopback\n")
    deb.write("/etc/network/interfaces.d/eth0", "auto eth0\niface eth0 inet dhcp\n")
    argv = ["--root", deb.root, "--day", "6"] + (["--lang", lang] if lang else [])
    out += _cli(argv, fake_runner())
    return out


def _cli(argv, runner):
    stdout, stderr = io.StringIO(), io.StringIO()
    rc = cli.main(argv, runner=runner, stdout=stdout, stderr=stderr)
    return ["rc %d" % rc] + stdout.getvalue().splitlines() + stderr.getvalue().splitlines()


def broken_day07(tmp_path, lang=None):
    out = []
    tree = ZoneTree(tmp_path / "d7", "Debian")
    server = DigServer(tree)
    tree.replace(tree.zone_path("db.example"), "$TTL 86400\n", "")
    tree.replace(tree.zone_path("db.example"), "SOA  ns.example.com.", "SOA  h2g.example.com.")
    tree.replace(tree.zone_path("db.example"), "mail     IN  A     192.168.0.10", "mail     IN  A     192.168.0.11")
    tree.replace(tree.zone_path("db.example"), "MX    10 mail", "MX    20 mail")
    tree.replace(tree.zone_path("db.example"), "www      IN  CNAME h2g", "www      IN  A     192.168.0.10")
    tree.replace(tree.zone_path("db.192.168.0"), "10       IN  PTR   h2g.example.com.\n", "")
    server.reload()
    tree.replace(tree.zone_path("db.example"), "2026112301 ; serial", "2026112302 ; serial")
    server.checkconf = (1, "/etc/bind/named.conf:12: missing ';' before '}'\n")
    del server.zones["0.168.192.in-addr.arpa."]
    server.active = False
    out += _lines(tree.root, day07.BIND, tree.ctx(runner=server.run), lang)
    server.active = True
    server.status = "REFUSED"
    out += _lines(tree.root, day07.BIND[3:5], tree.ctx(runner=server.run), lang)
    server.status = "SERVFAIL"
    out += _lines(tree.root, day07.BIND[3:5], tree.ctx(runner=server.run), lang)
    server.status = None
    server.authoritative = False
    out += _lines(tree.root, day07.BIND[3:5], tree.ctx(runner=server.run), lang)
    server.silent = True
    out += _lines(tree.root, day07.BIND[3:5], tree.ctx(runner=server.run), lang)
    tree.remove(tree.zone_path("db.example"))
    out += _lines(tree.root, day07.BIND[9:], tree.ctx(runner=lambda argv: (127, "", "")), lang)
    return out


def broken_djbdns(tmp_path, lang=None):
    out = []
    deb = djbtree.DjbTree(tmp_path / "dj", "Debian")
    deb.write("/etc/passwd", deb.read("/etc/passwd").replace("dnslog:x:998:998::/nonexistent:/usr/sbin/nologin\n", "")
              .replace("dnscache:x:997", "dnscache:x:0"))
    deb.states["/etc/service/tinydns"] = "/etc/service/tinydns: down 12 seconds, normally up"
    deb.states["/etc/service/dnscache/log"] = "/etc/service/dnscache/log: down 3 seconds"
    deb.append("/etc/tinydns/root/data", "+bad.example.com:192.168.0.300:86400\n+pc.example.com:192.168.0.77:86400\n")
    deb.write("/etc/dnscache/env/IP", "192.168.0.10\n")
    os.remove(deb.real("/etc/dnscache/root/ip/192.168.0"))
    deb.write("/etc/dnscache/root/servers/example.com", "198.41.0.4\n")
    deb.dnscache_up = False
    out += _lines(deb.root, djbdns.TINYDNS, deb.ctx(), lang)
    deb.states["/etc/service/tinydns"] = "/etc/service/tinydns: up (pid 5) 9 seconds, normally down"
    deb.states["/etc/service/dnscache"] = "/etc/service/dnscache: supervise not running"
    deb.write("/etc/tinydns/env/IP", "192.168.0.99\n")
    deb.write("/etc/dnscache/env/IP", "127.0.0.1\n")
    deb.write("/proc/600/cmdline", "svscan\0/service\0")
    os.remove(deb.real("/etc/service/tinydns"))
    deb.tinydns_up = False
    out += _lines(deb.root, djbdns.TINYDNS, deb.ctx(), lang)
    deb.tinydns_up = True
    deb.write("/etc/tinydns/env/IP", "192.168.0.10\n")
    deb.write("/etc/tinydns/root/data", djbtree.GOOD_DATA.replace(".example.com::ns.example.com:86400\n", "")
              + "+extra.example.com:192.168.0.10:86400\n=ns.example.com:192.168.0.12:86400\n")
    deb.make()
    out += _lines(deb.root, djbdns.TINYDNS[7:8], deb.ctx(), lang)
    deb.write("/etc/tinydns/root/data", djbtree.GOOD_DATA + "+ns.example.com:192.168.0.12:86400\n")
    deb.make()
    out += _lines(deb.root, djbdns.TINYDNS[7:8], deb.ctx(), lang)
    os.remove(deb.real("/etc/tinydns/root/data.cdb"))
    out += _lines(deb.root, djbdns.TINYDNS[5:6], deb.ctx(), lang)
    os.remove(deb.real("/etc/tinydns/root/data"))
    os.remove(deb.real("/etc/tinydns/env/IP"))
    deb.dnscache_up = True
    deb.write("/etc/dnscache/root/servers/example.com", "192.168.0.10\n")
    deb.write("/proc/600/cmdline", "svscan\0/elsewhere\0")
    out += _lines(deb.root, djbdns.TINYDNS, deb.ctx(dns=None), lang)
    os.remove(deb.real("/proc/600/cmdline"))
    os.remove(deb.real("/etc/dnscache/env/IP"))
    out += _lines(deb.root, djbdns.TINYDNS[:1] + djbdns.TINYDNS[8:9], deb.ctx(), lang)
    return out


def broken_day10(tmp_path, lang=None):
    out = []
    lab = sambatree.SambaLab(tmp_path / "d10")
    fake = sambatree.Fake()
    fake.answers[("ss", "-H", "-ltnp")] = (0, sambatree.SS.splitlines()[0] + "\n", "")
    fake.answers[("testparm", "-s")] = (0, sambatree.TESTPARM_OUT.replace("[public]",
                                                                          "[docs]\n\tpath = /srv/docs\n\n[public]"),
                                        sambatree.TESTPARM_ERR + "Unknown parameter encountered: \"wrtieable\"\n"
                                        "Ignoring unknown parameter \"wrtieable\"\n")
    fake.answers[("pdbedit", "-L", "-w")] = (0, sambatree.PDBEDIT.replace("[U  ", "[DU "), "")
    fake.answers[("smbclient", "-L", "//localhost", "-A", sambatree.AUTH)] = (
        1, "", "session setup failed: NT_STATUS_LOGON_FAILURE\n")
    fake.answers[("systemctl", "is-active", "xinetd")] = (3, "inactive\n", "")
    fake.put_get = (1, "", "tree connect failed: NT_STATUS_ACCESS_DENIED\n")
    fake.probes = {("127.0.0.1", "23"): "closed", ("127.0.0.1", "24"): "answer hello"}
    services = [{"name": "labtalk", "port": 23, "bind": "127.0.0.1"},
                {"name": "daytime", "port": 24, "enabled": False}]
    shares = [{"name": "public", "path": "/srv/samba/public", "owner": "user1", "group": "user1"},
              {"name": "missing", "path": "/srv/missing"}]
    ctx = lab.ctx(runner=fake, samba={"shares": shares}, superserver={"services": services})
    out += _lines(lab.root, day10.CHECKS, ctx, lang)
    fake.answers[("testparm", "-s")] = (1, "", "Error loading services.\n")
    fake.answers[("pdbedit", "-L", "-w")] = (0, "", "")
    fake.answers[("smbclient", "-L", "//localhost", "-A", sambatree.AUTH)] = (
        1, "", "do_connect: NT_STATUS_CONNECTION_REFUSED\n")
    fake.put_get = (1, "", "tree connect failed: NT_STATUS_BAD_NETWORK_NAME\n")
    fake.probes = {}
    ctx = lab.ctx(runner=fake, superserver={"type": "systemd", "services": services})
    out += _lines(lab.root, day10.CHECKS, ctx, lang)
    lab.remove(sambatree.AUTH)
    out += _lines(lab.root, day10.CHECKS[4:6], lab.ctx(runner=fake), lang)
    return out


def broken_day12(tmp_path, lang=None):
    out = []
    lab = sshtree.SshLab(tmp_path / "d12")
    fake = sshtree.Fake()
    fake.answers[("sshd", "-t")] = (255, "", "/etc/ssh/sshd_config: line 3: Bad configuration option: PermitRootLgin\n")
    lab.sshd_T(fake, permitrootlogin="yes", passwordauthentication="yes", allowtcpforwarding="no")
    fake.answers[("ss", "-H", "-ltnp")] = (0, 'LISTEN 0 64 0.0.0.0:23 0.0.0.0:* users:(("xinetd",pid=697,fd=5))\n', "")
    os.chmod(lab.real("/home/user1/.ssh"), 0o755)
    os.chmod(lab.real("/home/user1/.ssh/authorized_keys"), 0o644)
    lab.write("/home/user1/.ssh/authorized_keys", "# nothing\n")
    out += _lines(lab.root, day12.CHECKS, lab.ctx(runner=fake), lang)
    lab.sshd_T(fake, permitrootlogin="without-password", passwordauthentication="no", pubkeyauthentication="no",
               allowtcpforwarding="all")
    fake.answers[("ss", "-H", "-ltnp")] = (0, "", "")
    lab.remove("/home/user1/.ssh/authorized_keys")
    out += _lines(lab.root, day12.CHECKS, lab.ctx(runner=fake), lang)
    fake.answers[("ss", "-H", "-ltnp")] = (0, sshtree.SS, "")
    fake.probes = {("127.0.0.1", "23"): "closed"}
    out += _lines(lab.root, day12.CHECKS[6:], lab.ctx(runner=fake), lang)
    fake.probes = {("127.0.0.1", "23"): "answer hi", ("192.168.0.10", "23"): "answer hi"}
    out += _lines(lab.root, day12.CHECKS[6:], lab.ctx(runner=fake), lang)
    fake.answers = {("sshd", "-T"): (1, "", "line 3: bad\n")}
    out += _lines(lab.root, day12.CHECKS, lab.ctx(runner=fake), lang)
    out += _lines(lab.root, day12.CHECKS, lab.ctx(runner=fake, user="nobody9"), lang)
    out += _lines(lab.root, day12.CHECKS, lab.ctx("nobody9", runner=lambda argv: (127, "", "")), lang)
    return out


def broken_day20(tmp_path, lang=None):
    out = []
    lab = LabTree(tmp_path / "d20", "Debian")
    passwd, group = mysqltree._identity(mysql_owner=False)
    lab.write("/etc/passwd", passwd)
    lab.write("/etc/group", group)
    for name in ("mysql", "lab", "a", "b", "c"):
        os.makedirs(lab.real("/var/lib/mysql/" + name))
    server = mysqltree.FakeServer()
    server.state = "failed"
    cfg = dict(address="192.168.0.10", network="192.168.0.0/24")
    out += _lines(lab.root, day20.CHECKS, lab.ctx(runner=server, **cfg), lang)
    server.state = "active"
    server.users += [("", "localhost"), ("", "h2g"), ("root", "%")]
    server.databases.append("test")
    lab.write(mysqltree.CNF, "[client]\n")
    for error in ("ERROR 1045 (28000): Access denied for user", "ERROR 1049 (42000): Unknown database 'lab'",
                  "ERROR 2003 (HY000): Can't connect to MySQL server on '192.168.0.10' (111)", "ERROR 1 odd"):
        server.tcp_error = error
        out += _lines(lab.root, day20.CHECKS, lab.ctx(runner=server, **cfg), lang)
    server.clients = ()
    out += _lines(lab.root, day20.CHECKS[:1], lab.ctx(runner=server, **cfg), lang)
    lab.remove(mysqltree.CNF)
    out += _lines(lab.root, day20.CHECKS[2:3], lab.ctx(runner=server, **cfg), lang)
    out += _lines(lab.root, day20.CHECKS[1:2], lab.ctx(runner=server, mysql={"datadir": "/srv/none"}, **cfg), lang)
    out += _lines(lab.root, day20.CHECKS[1:2], lab.ctx(runner=server, mysql={"datadir": "/etc/passwd"}, **cfg), lang)
    return out


def broken_time(tmp_path, lang=None):
    out = []
    tree = timetree.TimeTree(tmp_path / "tm", "Debian")
    tree.process(1, "systemd", "/lib/systemd/systemd")
    system = timetree.FakeSystem()
    system.active = set()
    out += _lines(tree.root, TIME, timetree.ctx(tree, system), lang)
    out += _lines(tree.root, TIME, timetree.ctx(tree, system, "clockspeed"), lang)
    tree.process(233, "chronyd", "/usr/sbin/chronyd", "-F", "1")
    tree.process(240, "ntpd", "/usr/sbin/ntpd")
    system.active = {"chrony", "ntp"}
    system.tracking_rc = 1
    out += _lines(tree.root, TIME, timetree.ctx(tree, system), lang)
    tree.remove("/proc/240/comm")
    system.active = {"chrony"}
    out += _lines(tree.root, TIME[:1], timetree.ctx(tree, system, "clockspeed"), lang)
    tree.remove("/proc/233/comm")
    system.active = set()
    tree.clockspeed()
    system.svstat = "/etc/service/clockspeed: down 4 seconds, normally up\n"
    system.enabled = "disabled"
    tree.write("/etc/systemd/system/clockspeed-measure.service", "[Service]\n")
    out += _lines(tree.root, TIME, timetree.ctx(tree, system, "clockspeed"), lang)
    tree.write("/var/svc.d/clockspeed/run", "#!/bin/sh\n%s/bin/clockspeed &\n" % timetree.HOME)
    tree.remove("/etc/systemd/system/clockspeed-measure.timer")
    out += _lines(tree.root, TIME, timetree.ctx(tree, system, "clockspeed"), lang)
    tree.remove("/var/svc.d/clockspeed/run")
    out += _lines(tree.root, TIME[2:3], timetree.ctx(tree, system, "clockspeed"), lang)
    os.remove(tree.real("/etc/service/clockspeed"))
    out += _lines(tree.root, TIME[2:3], timetree.ctx(tree, system, "clockspeed"), lang)
    tree.remove(timetree.HOME + "/bin/clockspeed")
    out += _lines(tree.root, TIME[2:3], timetree.ctx(tree, system, "clockspeed"), lang)
    return out


def broken_providers(tmp_path, lang=None):
    out = []
    check = [framework.Check(7, 40, "dns/one-server", providers.check_one_dns_server)]
    for n, (named, tiny, track) in enumerate([(True, True, "bind"), (False, False, "bind"),
                                              (True, False, "tinydns"), (False, True, "bind")]):
        path = tmp_path / ("p%d" % n)
        out += _lines(path, check, providers_ctx(path, named=named, tinydns=tiny, track=track), lang)
    return out


def _postconf(fake, **values):
    """Replace the answer of the postconf query that reads these parameters."""
    for names, out in mailtree.POSTCONF.items():
        if set(values) <= set(names):
            lines = dict(ln.split(" = ", 1) if " = " in ln else (ln.rstrip(" ="), "") for ln in out.splitlines())
            lines.update(values)
            fake.answers[("postconf",) + names] = (0, "".join("%s = %s\n" % (n, lines.get(n, "")) for n in names), "")


def broken_day08(tmp_path, lang=None):
    """Day 8 on both MTA tracks with the trainees' mistakes (one MTA on 25 from providers too)."""
    out = []
    wait = day08.DELIVERY_WAIT, day08.POLL
    day08.DELIVERY_WAIT, day08.POLL = 0.2, 0.05
    try:
        lab = mailtree.MailLab(tmp_path / "d8")
        fake = mailtree.Fake(lab, deliver_to="/var/mail/user1")
        fake.answers[("postfix", "status")] = (1, "", "the Postfix mail system is not running\n")
        fake.answers[("postfix", "check")] = (1, "", "postfix: fatal: /etc/postfix/main.cf, line 12: missing '='\n")
        _postconf(fake, mynetworks="127.0.0.0/8 0.0.0.0/0 hash:/etc/postfix/network bogus")
        os.utime(lab.real("/etc/aliases.db"), (500, 500))
        fake.answers[("doveconf", "-h", "mail_location")] = (0, "mbox:~/mail:INBOX=/var/mail/%u\n", "")
        fake.probes[("pop3", "110")] = {"ok": True, "banner": "+OK", "login": False, "user": "user1",
                                        "error": "-ERR [AUTH] Authentication failed."}
        fake.probes.pop(("smtp", "25"))
        fake.answers[("svstat", "/etc/service/qmail-send")] = (0, "/etc/service/qmail-send: down 5 seconds\n", "")
        lab.write("/var/qmail/control/rcpthosts", "h2g.example.com\n")
        lab.write("/var/qmail/control/locals", "h2g.example.com\n")
        lab.write("/etc/tcp/smtp", ':allow,RELAYCLIENT=""\n')
        lab.remove("/var/qmail/alias/.qmail-root")
        out += _lines(lab.root, DAY8, lab.ctx(runner=fake), lang)

        fake = mailtree.Fake(lab, deliver_to=None)
        fake.answers[("postfix", "status")] = (127, "", "postfix: command not found\n")
        fake.answers.pop(("svstat", "/etc/service/qmail-send"))
        fake.answers.pop(("svstat", "/etc/service/qmail-smtpd"))
        _postconf(fake, mydestination="$myhostname, localhost")
        _postconf(fake, smtpd_relay_restrictions="permit_mynetworks, permit")
        fake.answers[("doveconf", "-h", "mail_location")] = (1, "", "doveconf: Fatal: Error in configuration file "
                                                             "/etc/dovecot/dovecot.conf line 7: Unknown setting\n")
        fake.probes[("smtp", "25")] = {"ok": True, "banner": "554 go away"}
        lab.remove("/etc/aliases")
        lab.remove("/etc/serverlab/trainee.auth")
        lab.remove("/var/qmail/control/me")
        lab.remove("/etc/tcp/smtp")
        out += _lines(lab.root, DAY8, lab.ctx(runner=fake), lang)
        out += _lines(lab.root, DAY8[10:11], lab.ctx("nobody9", runner=fake), lang)

        lab = mailtree.MailLab(tmp_path / "d8b")
        fake = mailtree.Fake(lab, deliver_to="/home/user1/Maildir/new")
        fake.answers[("ss", "-H", "-ltnp")] = (0, mailtree.SS.splitlines()[1] + "\n", "")
        _postconf(fake, mydomain="example.org")
        _postconf(fake, smtpd_relay_restrictions="permit_mynetworks")
        fake.answers[("postmap", "-q", "postmaster", "hash:/etc/aliases")] = (1, "", "")
        fake.answers[("systemctl", "is-active", "dovecot")] = (3, "inactive\n", "")
        fake.probes.pop(("pop3", "110"))
        fake.answers.pop(("svstat", "/etc/service/qmail-send"))
        fake.answers.pop(("svstat", "/etc/service/qmail-smtpd"))
        config = {"tracks": {"mta": "qmail"}, "mail": {"store": "mbox"}}
        out += _lines(lab.root, DAY8, lab.ctx(runner=fake, **config), lang)
        fake = mailtree.Fake(lab, deliver_to=None)
        _postconf(fake, smtpd_relay_restrictions="", smtpd_recipient_restrictions="permit_mynetworks, permit")
        out += _lines(lab.root, DAY8[2:3] + DAY8[10:11], lab.ctx(runner=fake), lang)
        _postconf(fake, smtpd_relay_restrictions="", smtpd_recipient_restrictions="")
        fake.answers[("doveconf", "-h", "mail_location")] = (127, "", "")
        fake.answers[("ss", "-H", "-ltnp")] = (0, "", "")
        out += _lines(lab.root, DAY8[2:3] + DAY8[4:5] + DAY8[11:12], lab.ctx(runner=fake),
                      lang)
        for names in mailtree.POSTCONF:
            fake.answers.pop(("postconf",) + names)
        lab.compile_rules()
        os.utime(lab.real("/etc/tcp/smtp.cdb"), (500, 500))

        def refuse(argv):
            if len(argv) > 3 and argv[2] == mailprobe.SCRIPT and argv[3] == "send":
                return 0, '{"ok": true, "refused": "550 5.1.1 <user1@example.com>: Recipient address rejected"}\n', ""
            return fake(argv)

        out += _lines(lab.root, DAY8, lab.ctx(runner=refuse), lang)

        def unreachable(argv):
            if len(argv) > 3 and argv[2] == mailprobe.SCRIPT and argv[3] == "send":
                return 0, '{"ok": false, "error": "connection refused"}\n', ""
            return fake(argv)

        out += _lines(lab.root, DAY8[10:11], lab.ctx(runner=unreachable), lang)
    finally:
        day08.DELIVERY_WAIT, day08.POLL = wait
    return out


class SslFake(ssltree.Fake):
    """Day 13's fake commands with openssl answered too (its real errors carry a thread id)."""

    def __init__(self, lab, mode="standalone", x509=0, expired=False, mismatch=False):
        super(SslFake, self).__init__(lab, mode)
        self.x509, self.expired, self.mismatch = x509, expired, mismatch

    def __call__(self, argv):
        if argv[0] != "openssl":
            return super(SslFake, self).__call__(argv)
        if "-checkend" in argv:
            return (1 if self.expired else 0), "", ""
        if "-subject" in argv:
            if self.x509:
                return 1, "", "Could not read certificate from %s\nUnable to load certificate\n" % argv[-1]
            return 0, "subject=CN = h2g.example.com\nnotAfter=Dec 23 10:00:00 2026 GMT\n", ""
        if "pkey" in argv:
            return 0, "KEY B\n" if self.mismatch else "KEY A\n", ""
        return 0, "KEY A\n", ""


# The checks the English recording covers (13.11 came later: test_japanese_smtps_relay).
D13 = [c for c in DAY13 if c.num <= 10]


def broken_day13(tmp_path, lang=None):
    """Day 13 in both stunnel modes with the course's mistakes."""
    out = []
    pem = {"crt": "CERT\n", "key": "KEY\n"}
    lab = ssltree.SslLab(tmp_path / "d13", pem)
    fake = SslFake(lab, mismatch=True)
    lab.write("/etc/stunnel/smtps.conf", ssltree.STANDALONE + "\n[pop3s]\naccept = 995\nconnect = 110\n")
    fake.answers[("ss", "-H", "-ltnp")] = (0, ssltree.SS_XINETD, "")
    fake.probes[("smtp", "465")] = {"ok": True, "banner": "", "tls_version": "TLSv1.3", "cipher": "X"}
    lab.write("/var/log/stunnel4/smtps.log", ssltree.LOG_CLEAN + ssltree.LOG_RESET)
    os.utime(lab.real(ssltree.CERT), (2000000000 + 20000, 2000000000 + 20000))
    fake.probes.pop(("pop3", "995"))
    fake.probes.pop(("imap", "993"))
    fake.probes[("smtp", "587")]["extensions"] = ["auth", "starttls"]
    out += _lines(lab.root, D13, lab.ctx(runner=fake), lang)

    fake = SslFake(lab, x509=1)
    lab.write("/etc/stunnel/smtps.conf", ssltree.STANDALONE.replace("accept = 465", "accept = 466"))
    fake.answers[("ss", "-H", "-ltnp")] = (1, "", "")
    fake.probes.pop(("smtp", "465"))
    lab.write("/var/log/stunnel4/smtps.log", ssltree.LOG_CLEAN + ssltree.LOG_BIND)
    fake.probes[("smtp", "587")]["extensions"] = ["8bitmime"]
    out += _lines(lab.root, D13, lab.ctx(runner=fake), lang)

    fake = SslFake(lab, expired=True)
    lab.remove("/etc/stunnel/smtps.conf")
    fake.answers[("ss", "-H", "-ltnp")] = (0, ssltree.SS_STANDALONE.splitlines()[1] + "\n", "")
    lab.write("/var/log/stunnel4/smtps.log", "\n".join(ssltree.LOG_CLEAN.splitlines()[:2]) + "\n")
    fake.probes[("smtp", "587")]["auth_tls"] = []
    out += _lines(lab.root, D13, lab.ctx(runner=fake), lang)
    fake.probes.pop(("smtp", "587"))
    lab.remove("/var/log/stunnel4/smtps.log")
    lab.remove(ssltree.KEY)
    out += _lines(lab.root, D13[:1] + D13[5:6] + D13[9:], lab.ctx(runner=fake), lang)

    lab = ssltree.SslLab(tmp_path / "d13s", pem, mode="superserver")
    lab.write("/etc/stunnel/smtps-inetd.conf", ssltree.INETD + "[smtps]\naccept = 465\nconnect = 25\n")
    fake = SslFake(lab, "superserver")
    fake.answers[("systemctl", "is-active", "stunnel@smtps")] = (0, "active\n", "")
    superserver = {"mail": {"stunnel_mode": "superserver"}}
    out += _lines(lab.root, D13, lab.ctx(runner=fake, **superserver), lang)
    fake = SslFake(lab, "superserver")
    fake.answers[("ss", "-H", "-ltnp")] = (0, "", "")
    lab.remove("/etc/stunnel/smtps-inetd.conf")
    out += _lines(lab.root, D13[:4], lab.ctx(runner=fake, **superserver), lang)
    return out


SCENARIOS = [broken_day06, broken_day07, broken_djbdns, broken_day08, broken_day10, broken_day12, broken_day13,
             broken_day20, broken_time, broken_providers]


def run_scenarios(tmp_path, lang=None):
    out = {}
    for scenario in SCENARIOS:
        path = tmp_path / scenario.__name__
        path.mkdir(parents=True)
        out[scenario.__name__] = scenario(path, lang) if lang else scenario(path)
    return out


@pytest.fixture
def outcomes(monkeypatch):
    """Every (check, result) the evaluator produces during the test."""
    seen = []
    real = framework.evaluate

    def recording(checks, ctx, keep_going=False):
        found = real(checks, ctx, keep_going)
        seen.extend(found)
        return found

    monkeypatch.setattr(framework, "evaluate", recording)  # the scenarios' own runs
    monkeypatch.setattr(cli, "evaluate", recording)  # labeval's runs (grade)
    return seen


# ---------------------------------------------------------------- English stays as it was

def test_english_output_is_unchanged(tmp_path):
    with open(ENGLISH) as handle:
        expected = json.load(handle)
    assert run_scenarios(tmp_path) == expected


def test_english_is_the_default_and_en_is_the_same(tmp_path):
    assert run_scenarios(tmp_path / "default") == run_scenarios(tmp_path / "en", "en")


# ---------------------------------------------------------------- the same runs in Japanese

def test_japanese_run_translates_every_migrated_reason(tmp_path, outcomes):
    english = run_scenarios(tmp_path / "en")
    del outcomes[:]
    japanese = run_scenarios(tmp_path / "ja", "ja")
    assert sorted(english) == sorted(japanese)
    failures = 0
    for name in english:
        assert len(english[name]) == len(japanese[name]), name
        for en, ja in zip(english[name], japanese[name]):
            head = re.match(r"\[\d+:(PASS|FAIL)\] - '[^']*'", en)
            if head is None:  # rc, the stop line
                continue
            # check number, PASS/FAIL and item are the course's tokens, never translated
            assert ja.startswith(head.group(0)), (en, ja)
            if head.group(1) == "PASS":
                assert ja == en
    assert outcomes, "the scenarios ran no check"
    for check, result in outcomes:
        if result.ok:
            continue
        failures += 1
        reason = result.reason
        assert isinstance(reason, i18n.Message), (check, reason)
        templates = list(reason.templates())
        missing = [t for t in templates if t not in messages_ja.MESSAGES]
        assert not missing, (check, missing)
        translated = localize(reason, "ja")
        assert translated != str(reason) or all(messages_ja.MESSAGES[t] == t for t in templates), (check, reason)
        if any(messages_ja.MESSAGES[t] != t for t in templates):
            assert JAPANESE.search(translated), (check, translated)
    assert failures > 150


def test_japanese_lines_of_a_day6_run(tmp_path):
    lines = broken_day06(tmp_path, "ja")
    assert lines[1] == (
        "[1:FAIL] - 'hostname' ('ホスト名が \"h2g\" ではなく \"localhost\" です: hostnamectl set-hostname "
        "h2g.example.com を実行してください。hostname -f が \"h2g.example.com\" ではなく \"localhost\" を返します: "
        "/etc/hosts に完全な名前を先にして \"192.168.0.10 h2g.example.com h2g\" と書いてください')")
    assert lines[4].startswith("[4:FAIL] - 'network/gateway' ('ifcfg-eth0 6行目 で GATEWAY=1 と設定していますが、")
    assert lines[-1] == "最初の失敗で止まりました。続けるには -c を付けて実行してください"


def test_japanese_lines_of_the_mail_days(tmp_path):
    """Days 8 and 13 in Japanese: commands and config lines verbatim, parser findings English in a Japanese frame."""
    mail = broken_day08(tmp_path / "d8", "ja")
    assert mail[10] == (
        "[42:FAIL] - 'mail/delivery' ('user1@example.com 宛てのテストメッセージは受け付けられましたが、0 秒以内に "
        "/home/user1/Maildir/new または /home/user1/Maildir/cur に届きませんでした。代わりに /var/mail/user1 (mbox) に"
        "届いています。Postfix なら main.cf に home_mailbox = Maildir/ を、qmail なら qmail-start の既定の配送先に "
        "./Maildir/ を指定してください。メールのログを見てください (journalctl -u postfix、または qmail-send のログ)')")
    assert mail[53].startswith("[40:FAIL] - 'mta/one-on-25' ('postfix と qmail (/etc/service/qmail-smtpd) が同時に"
                               "ポート 25 のために動いています: ")
    assert mail[53].endswith("touch /etc/service/qmail-smtpd/down /etc/service/qmail-send/down && "
                             "svc -d /etc/service/qmail-* を実行してください')")
    assert mail[18] == (
        "[22:FAIL] - 'qmail/control' ('control/me is missing: it names this host, and locals, defaulthost, "
        "defaultdomain, plusdomain and the HELO name default to it. 直し方: echo h2g.example.com > "
        "/var/qmail/control/me')")
    ssl = broken_day13(tmp_path / "d13", "ja")
    assert ssl[25] == (
        "[6:FAIL] - 'stunnel/smtps' ('not run / not successful / not finished? — the log does not tell: "
        "ログからは判断できません。まだどのメールクライアントも smtps を使っていません。メールクライアントから"
        "ポート 465 を通して user1@example.com にメールを送ってください')")
    assert ssl[31].startswith("[6:FAIL] - 'stunnel/smtps' ('not run / not successful / not finished? — stunnel のログ "
                              "/var/log/stunnel4/smtps.log がありません: ")
    assert ssl[5] == (
        "[6:FAIL] - 'stunnel/smtps' ('192.168.0.50:50001 からの最後の smtps セッションが正常に終わっていません: "
        "the client dropped the TLS session without close_notify (old Outlook Express / IE do this); "
        "'TIMEOUTclose = 0' in stunnel.conf works around it')")


# ---------------------------------------------------------------- every template has its Japanese

def all_templates():
    found = []
    for name in MIGRATED:
        found.extend((name, line, s) for line, s in templates_in(os.path.join(MODULE_UTILS, name)))
    found.extend(("lab_eval.py", line, s) for line, s in templates_in(LAB_EVAL))
    found.extend(("grade_report.py", line, s) for line, s in templates_in(GRADE_REPORT))
    # the argparse complaints cli matches and rebuilds as T(template, ...)
    found.extend(("cli.py", 0, template) for template, _unused in cli._ARGPARSE_ERRORS)
    return found


def test_the_scan_finds_the_templates():
    found = all_templates()
    assert len(found) > 280
    files = set(name for name, _unused, _unused in found)
    assert files == set(MIGRATED + ["lab_eval.py", "grade_report.py"])


def test_every_template_has_a_japanese_entry_with_the_same_placeholders():
    problems = []
    for name, line, template in all_templates():
        if template is None:
            # only _argparse_message builds templates from a table (checked above)
            if not (name == "cli.py" and "T(template, **match.groupdict())" in _line(name, line)):
                problems.append("%s:%d: T() or tr() without a literal template" % (name, line))
            continue
        ja = messages_ja.MESSAGES.get(template)
        if ja is None:
            problems.append("%s:%d: no Japanese for %r" % (name, line, template))
            continue
        if sorted(set(PLACEHOLDER.findall(ja))) != sorted(set(PLACEHOLDER.findall(template))):
            problems.append("%s:%d: placeholders differ: %r / %r" % (name, line, template, ja))
        params = dict((key, 7 if kind == "d" else "x") for key, kind in PLACEHOLDER.findall(template))
        try:
            template % params
            ja % params
        except (TypeError, ValueError, KeyError) as exc:
            problems.append("%s:%d: does not format (%s): %r" % (name, line, exc, template))
        if template != ja and not JAPANESE.search(ja):
            problems.append("%s:%d: the Japanese is not Japanese: %r" % (name, line, ja))
    assert problems == []


def _line(name, number):
    path = {"lab_eval.py": LAB_EVAL, "grade_report.py": GRADE_REPORT}.get(name) or os.path.join(MODULE_UTILS, name)
    with open(path, encoding="utf-8") as handle:
        return handle.read().splitlines()[number - 1]


def test_reasons_in_the_migrated_checks_are_never_plain_strings():
    """failed("...") or problems.append("..." % x) would bypass the translation."""
    problems = []
    for name in MIGRATED[len(FRAMEWORK):]:
        path = os.path.join(MODULE_UTILS, name)
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read(), path)
        skipped = set()
        for function in tree.body:
            if isinstance(function, ast.FunctionDef) and function.name in NOT_YET.get(name, ()):
                skipped.update(id(n) for n in ast.walk(function))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args or id(node) in skipped:
                continue
            func = node.func
            is_failed = isinstance(func, ast.Name) and func.id == "failed"
            is_problem = (isinstance(func, ast.Attribute) and func.attr == "append"
                          and isinstance(func.value, ast.Name) and func.value.id == "problems")
            if not (is_failed or is_problem):
                continue
            if is_plain(node.args[0]):
                problems.append("%s:%d" % (name, node.lineno))
    assert problems == []


def test_day_titles_and_separators_have_japanese():
    for day in catalog.DAYS.values():
        assert JAPANESE.search(i18n.translate(day.title, "ja")), day
        assert i18n.translate(day.title, "en") == day.title
    assert set(messages_ja.SEPARATORS) >= {"; ", " and "}


# ---------------------------------------------------------------- Message, T, join, localize

def test_message_is_the_english_text():
    message = T("%(path)s does not exist: create it with the line \"%(line)s\"",
                path="/etc/hosts", line="192.168.0.10 h2g.example.com h2g")
    assert message == '/etc/hosts does not exist: create it with the line "192.168.0.10 h2g.example.com h2g"'
    assert isinstance(message, str) and "/etc/hosts" in message
    assert json.dumps({"reason": message}) == json.dumps({"reason": str(message)})
    english = localize(message, "en")
    assert isinstance(english, str) and not isinstance(english, i18n.Message) and english == message
    assert localize(message, "ja") == ('/etc/hosts がありません: "192.168.0.10 h2g.example.com h2g" '
                                       'という行を書いて作ってください')
    assert localize(message, "fr") == message
    assert T("100%% sure") == "100% sure"


def test_nested_messages_and_join_are_localized_part_by_part():
    problems = join([T("ONBOOT is not set: write ONBOOT=yes"), "an English finding",
                     T("IPADDR is not set: write IPADDR=%(address)s", address="192.168.0.10")])
    reason = T("%(path)s: %(problems)s", path="ifcfg-eth0", problems=problems)
    assert reason == ("ifcfg-eth0: ONBOOT is not set: write ONBOOT=yes; an English finding; "
                      "IPADDR is not set: write IPADDR=192.168.0.10")
    assert localize(reason, "ja") == ("ifcfg-eth0: ONBOOT が設定されていません: ONBOOT=yes と書いてください。"
                                      "an English finding。IPADDR が設定されていません: IPADDR=192.168.0.10 と"
                                      "書いてください")
    assert reason.templates() == ["%(path)s: %(problems)s", "ONBOOT is not set: write ONBOOT=yes",
                                  "IPADDR is not set: write IPADDR=%(address)s"]


def test_a_template_without_japanese_stays_english_whole():
    inner = T("ONBOOT is not set: write ONBOOT=yes")
    message = T("a new reason nobody translated yet: %(inner)s", inner=inner)
    assert localize(message, "ja") == "a new reason nobody translated yet: ONBOOT is not set: write ONBOOT=yes"
    assert localize("plain text", "ja") == "plain text"
    assert localize(None, "ja") == ""


def test_messages_survive_copy_and_pickle():
    import copy
    import pickle
    message = T("%(path)s: %(problems)s", path="p", problems=join([T("ONBOOT is not set: write ONBOOT=yes")]))
    for clone in (copy.deepcopy(message), pickle.loads(pickle.dumps(message))):
        assert clone == message and localize(clone, "ja") == localize(message, "ja")


# ---------------------------------------------------------------- choosing the language

@pytest.mark.parametrize("environ, lang", [
    ({}, "en"),
    ({"LANG": "ja_JP.UTF-8"}, "ja"),
    ({"LANG": "ja"}, "ja"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8", "LC_MESSAGES": "ja_JP.UTF-8"}, "ja"),
    ({"LANG": "ja_JP.UTF-8", "LC_ALL": "C"}, "en"),
    ({"LANG": "ja_JP.UTF-8", "LC_ALL": ""}, "ja"),
])
def test_lang_from_the_locale(environ, lang):
    assert i18n.lang_from_env(environ) == lang
    assert i18n.choose_lang(None, environ) == lang
    assert i18n.choose_lang("en", environ) == "en"
    with pytest.raises(ValueError):
        i18n.choose_lang("fr", environ)


@pytest.fixture
def rh(tmp_path, monkeypatch):
    monkeypatch.setattr(catalog, "DAYS", {6: catalog.DAYS[6]})
    tree = LabTree(tmp_path / "redhat", "RedHat")
    tree.replace(IFCFG, "GATEWAY=no", "GATEWAY=1")
    return tree


GATEWAY_EN = "[4:FAIL] - 'network/gateway' ('ifcfg-eth0 line 6 sets GATEWAY=1, but the lab network"
GATEWAY_JA = "[4:FAIL] - 'network/gateway' ('ifcfg-eth0 6行目 で GATEWAY=1 と設定していますが、"


def labeval(capsys, tree, *args):
    rc = cli.main(["--root", tree.root] + list(args), runner=fake_runner())
    out, err = capsys.readouterr()
    return rc, out.splitlines(), err


def test_cli_lang_option_and_locale(capsys, rh, monkeypatch):
    rc, lines, err = labeval(capsys, rh, "--lang", "ja")
    assert rc == 1 and lines[3].startswith(GATEWAY_JA) and lines[:3] == [
        "[1:PASS] - 'hostname'", "[2:PASS] - '/etc/hosts'", "[3:PASS] - 'network/address'"]
    assert lines[-1] == "最初の失敗で止まりました。続けるには -c を付けて実行してください"
    rc, lines, err = labeval(capsys, rh)
    assert lines[3].startswith(GATEWAY_EN) and lines[-1] == framework.STOPPED_LINE
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    rc, lines, err = labeval(capsys, rh)
    assert lines[3].startswith(GATEWAY_JA)
    rc, lines, err = labeval(capsys, rh, "--lang", "en")  # --lang wins over the locale
    assert lines[3].startswith(GATEWAY_EN) and lines[-1] == framework.STOPPED_LINE
    rc, lines, err = labeval(capsys, rh, "--lang=en")
    assert lines[3].startswith(GATEWAY_EN)
    monkeypatch.setenv("LC_ALL", "C")  # LC_ALL comes first
    rc, lines, err = labeval(capsys, rh)
    assert lines[3].startswith(GATEWAY_EN)


def test_cli_main_takes_an_environment(capsys, rh):
    assert cli.main(["--root", rh.root], runner=fake_runner(), environ={"LANG": "ja_JP.UTF-8"}) == 1
    assert capsys.readouterr().out.splitlines()[3].startswith(GATEWAY_JA)


def test_cli_unknown_lang_is_a_usage_error(capsys, rh, monkeypatch):
    rc, lines, err = labeval(capsys, rh, "--lang", "fr")
    assert (rc, lines) == (2, [])
    assert err.splitlines()[1].startswith("labeval: error: argument --lang: invalid choice: 'fr'")
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    rc, lines, err = labeval(capsys, rh, "--lang", "fr")
    assert rc == 2
    assert err.splitlines()[0].startswith("使い方: labeval [USER]")
    assert err.splitlines()[1].startswith("labeval: エラー: --lang に 'fr' は指定できません (")
    rc, lines, err = labeval(capsys, rh, "--lang")
    assert rc == 2 and err.splitlines()[1] == "labeval: エラー: --lang には値を1つ指定してください"


def test_cli_usage_errors_in_japanese(capsys, rh):
    for args, message in (
            (["--day", "7"], "labeval: エラー: 7日目のチェックはありません (採点できる日: 6)"),
            (["6"], "labeval: エラー: '6' はユーザー名ではありません。日を選ぶときは --day 6 と書いてください"),
            (["-x"], "labeval: エラー: 知らない引数です: -x"),
            (["--config", "/srv/none.json"], "labeval: エラー: 設定ファイル /srv/none.json がありません")):
        rc, lines, err = labeval(capsys, rh, "--lang", "ja", *args)
        assert rc == 2 and err.splitlines() == ["使い方: " + cli.USAGE, message], args
    rc, lines, err = labeval(capsys, rh, "--lang", "en", "6")
    assert err.splitlines()[1] == "labeval: error: '6' is not a user name; to choose a day use --day 6"
    rh.write("/etc/serverlab/lab.json", '{"prefix": "x"}')
    rc, lines, err = labeval(capsys, rh, "--lang", "ja")
    assert rc == 2 and err.startswith("labeval: ラボの設定ファイル ")
    assert "に誤りがあります: prefix には数字を書いてください ('x' になっています)" in err


def test_cli_help_in_japanese(capsys):
    assert cli.main(["-h", "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("使い方: " + cli.USAGE + "\n")
    for text in ("引数:", "オプション:", "-d, --detail", "--lang {en,ja}", "終了ステータス", "このヘルプを表示して終了します"):
        assert text in out, text
    assert cli.main(["-h"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: " + cli.USAGE + "\n")
    assert "--lang {en,ja}" in out and "使い方" not in out


def test_cli_json_follows_the_language(capsys, rh):
    rc, lines, err = labeval(capsys, rh, "--format", "json", "--lang", "ja")
    data = json.loads("\n".join(lines))
    gateway = data["results"][3]
    assert (gateway["id"], gateway["item"], gateway["status"]) == ("6.4", "network/gateway", "FAIL")
    assert gateway["reason"].startswith("ifcfg-eth0 6行目 で GATEWAY=1")
    assert "ifcfg-eth0 line 6: GATEWAY=1" in gateway["evidence"]  # evidence stays English
    assert sorted(data) == ["days", "host", "results", "summary", "tool", "user", "version"]


def test_cli_headers_in_japanese(capsys, rh, monkeypatch):
    day7 = framework.Day(7, "DNS server", [framework.Check(7, 1, "named", lambda ctx: framework.passed())])
    monkeypatch.setitem(catalog.DAYS, 7, day7)
    rc, lines, err = labeval(capsys, rh, "-c", "--lang", "ja")
    assert lines[0] == "== 6日目: 環境設定 =="
    assert lines[-2:] == ["== 7日目: DNS サーバー ==", "[1:PASS] - 'named'"]


def test_the_vm_package_speaks_japanese_under_a_japanese_locale(tmp_path, rh):
    """As the labeval role installs it: module_utils copied as a plain package, LANG from the shell."""
    lib = tmp_path / "lib"
    lib.mkdir()
    shutil.copytree(MODULE_UTILS, str(lib / "serverlab_course"))
    script = tmp_path / "labeval"
    script.write_text("import sys\nsys.path.insert(0, %r)\n"
                      "from serverlab_course.cli import main\nsys.exit(main())\n" % str(lib))
    env = dict(os.environ, LANG="ja_JP.UTF-8", PYTHONIOENCODING="utf-8")
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    proc = subprocess.run([sys.executable, str(script), "--root", rh.root, "-c", "--day", "6"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=str(tmp_path), env=env, check=False)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.decode("utf-8").splitlines()
    assert lines[3].startswith(GATEWAY_JA)


# ---------------------------------------------------------------- the lab_eval module

@pytest.fixture
def module_lab(rh, monkeypatch):
    monkeypatch.setattr(lab_eval, "ROOT", rh.root)
    monkeypatch.setattr(lab_eval, "RUNNER", fake_runner())
    return rh


def test_lab_eval_lang(module_lab):
    out = modrun.run(lab_eval, lang="ja")
    result = out.result
    assert result["report"][3].startswith(GATEWAY_JA)
    assert result["results"][3]["reason"].startswith("ifcfg-eth0 6行目 で GATEWAY=1")
    assert result["msg"].splitlines()[0] == "8 個中 1 個のチェックが失敗しました:"
    assert result["msg"].splitlines()[1].startswith("- [4:FAIL] network/gateway: ifcfg-eth0 6行目 で")
    out = modrun.run(lab_eval, lang="ja", keep_going=False)
    assert out.result["msg"].splitlines()[0] == ("8 個中 1 個のチェックが失敗しました "
                                                 "(最初の失敗で止まったため 4 個は未採点):")
    out = modrun.run(lab_eval)  # default: English
    assert out.result["report"][3].startswith(GATEWAY_EN)
    assert out.result["msg"].splitlines()[0] == "1 of 8 checks failed:"


def test_lab_eval_rejects_an_unknown_lang(module_lab):
    out = modrun.run(lab_eval, lang="fr")
    assert out.failed and "lang" in out.result["msg"]


def test_lab_eval_errors_in_japanese(module_lab):
    out = modrun.run(lab_eval, lang="ja", days=[99])
    assert out.failed
    out = modrun.run(lab_eval, lang="ja", upto=3)
    assert out.failed and out.result["msg"] == "3日目までのチェックはありません (採点できる日: 6)"
    module_lab.write("/etc/serverlab/lab.json", "[]")
    out = modrun.run(lab_eval, lang="ja")
    assert out.failed and out.result["msg"].endswith("には JSON のオブジェクトを書いてください")


def test_cli_falls_back_to_english_on_a_stream_that_cannot_show_japanese(rh):
    class Ascii(io.StringIO):
        encoding = "ascii"

    stdout, stderr = Ascii(), Ascii()
    assert cli.main(["--root", rh.root, "--lang", "ja"], runner=fake_runner(), stdout=stdout,
                    stderr=stderr) == 1
    assert stdout.getvalue().splitlines()[3].startswith(GATEWAY_EN)


def test_japanese_smtps_relay(tmp_path):
    lab = ssltree.SslLab(tmp_path / "relay", {"crt": "CERT\n", "key": "KEY\n"})
    fake = SslFake(lab)
    fake.probes[("relay", "465")] = {"ok": True, "rcpt": "250 2.1.5 Ok"}
    (line,) = _lines(lab.root, DAY13[10:], lab.ctx(runner=fake), "ja")
    assert "[11:FAIL] - 'smtps/no-relay'" in line and "中継できてしまいます" in line and "-o mynetworks=" in line
