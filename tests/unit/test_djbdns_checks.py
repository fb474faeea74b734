# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Day 7 djb-track checks on fake trees: a fake tinydns answers dnsq from the tree's own data file,
so editing data (and "running make") changes what the checks see, as on a real VM."""

from __future__ import annotations

import os

import pytest

from ansible_collections.serverlab.course.plugins.module_utils import catalog, framework
from ansible_collections.serverlab.course.plugins.module_utils.checks import djbdns
from djbtree import GOOD_DATA, LAB, DjbTree
from labtree import fails


@pytest.fixture(params=["Debian", "RedHat"])
def vm(request, tmp_path):
    return DjbTree(tmp_path / request.param.lower(), request.param)


@pytest.fixture
def deb(tmp_path):
    return DjbTree(tmp_path / "debian", "Debian")


def run_all(tree, **config):
    return [(c.num, r.status, r.reason) for c, r in framework.evaluate(djbdns.TINYDNS, tree.ctx(**config), True)]


# ---------------------------------------------------------------- catalog

def test_checks_are_numbered_21_to_31_on_the_tinydns_track():
    assert [c.id for c in djbdns.TINYDNS] == ["7.%d" % n for n in range(21, 32)]
    tinydns = [c for c in catalog.DAYS[7].checks if c.num in range(21, 40)]
    assert [c.id for c in tinydns] == ["7.%d" % n for n in range(21, 32)]
    assert all(c.track == ("dns", "tinydns") for c in tinydns)
    assert all(c.applies({"tracks": {"dns": "tinydns"}}) for c in tinydns)
    assert not any(c.applies({"tracks": {"dns": "bind"}}) for c in tinydns)
    assert not any(c.applies({}) for c in tinydns)  # the course's default track is BIND


def test_good_vm_passes_every_check(vm):
    assert run_all(vm) == [(n, "PASS", "") for n in range(21, 32)]


# ---------------------------------------------------------------- 21 svscan, 22 accounts

def test_svscan_not_running(vm):
    os.remove(vm.real("/proc/600/cmdline"))
    unit = "svscan.service" if vm.family == "RedHat" else "daemontools-run.service"
    fails(djbdns.check_svscan(vm.ctx()), "svscan is not running", "systemctl enable --now %s" % unit)


def test_svscan_on_another_directory(deb):
    deb.write("/proc/600/cmdline", "svscan\0/service\0")
    fails(djbdns.check_svscan(deb.ctx()), "svscan watches /service, not /etc/service")


def test_missing_log_account(deb):
    deb.write("/etc/passwd", deb.read("/etc/passwd").replace("dnslog:x:998:998::/nonexistent:/usr/sbin/nologin\n", ""))
    fails(djbdns.check_accounts(deb.ctx()), "dnslog (multilog writes the logs as) is missing", "useradd -r")


def test_account_with_a_login_shell(deb):
    deb.write("/etc/passwd", deb.read("/etc/passwd").replace("tinydns:x:996:996::/nonexistent:/usr/sbin/nologin",
                                                             "tinydns:x:996:996::/nonexistent:/bin/bash"))
    fails(djbdns.check_accounts(deb.ctx()), "tinydns has the login shell /bin/bash", "usermod -s /sbin/nologin tinydns")


def test_account_with_a_usable_password(deb):
    deb.write("/etc/shadow", deb.read("/etc/shadow").replace("dnscache:!:", "dnscache:$6$salt$hash:"))
    result = fails(djbdns.check_accounts(deb.ctx()), "dnscache has a usable password (set)", "passwd -l dnscache")
    assert "$6$" not in result.reason and not any("$6$" in e for e in result.evidence)


def test_account_with_an_empty_password(deb):
    deb.write("/etc/shadow", deb.read("/etc/shadow").replace("dnslog:*:", "dnslog::"))
    fails(djbdns.check_accounts(deb.ctx()), "dnslog has a usable password (empty)", "passwd -l dnslog")


# ---------------------------------------------------------------- 23, 24 svstat

def test_tinydns_down(deb):
    deb.states["/etc/service/tinydns"] = "/etc/service/tinydns: down 12 seconds, normally up"
    fails(djbdns.check_tinydns_service(deb.ctx()), "tinydns is down", "svc -u /etc/service/tinydns",
          "/etc/service/tinydns/log/main/current")


def test_dnscache_logger_down_with_down_file(deb):
    deb.states["/etc/service/dnscache/log"] = "/etc/service/dnscache/log: down 3 seconds"
    fails(djbdns.check_dnscache_service(deb.ctx()), "the logger of dnscache is down",
          "rm /etc/service/dnscache/log/down")


def test_up_but_normally_down(deb):
    deb.states["/etc/service/tinydns"] = "/etc/service/tinydns: up (pid 5) 9 seconds, normally down"
    fails(djbdns.check_tinydns_service(deb.ctx()), "has a down file", "rm /etc/service/tinydns/down")


def test_supervise_not_running(deb):
    deb.states["/etc/service/dnscache"] = "/etc/service/dnscache: supervise not running"
    fails(djbdns.check_dnscache_service(deb.ctx()), "supervise does not run", "daemontools-run.service")


def test_service_not_linked(vm):
    os.remove(vm.real("%s/tinydns" % vm.service_dir))
    fails(djbdns.check_tinydns_service(vm.ctx()),
          "tinydns is not in %s" % vm.service_dir, "ln -s /etc/tinydns %s/tinydns" % vm.service_dir)


# ---------------------------------------------------------------- 25-27 data

def test_data_error_is_reported_with_its_line(deb):
    deb.append("/etc/tinydns/root/data", "+bad.example.com:192.168.0.300:86400\n")
    deb.make()
    fails(djbdns.check_data_file(deb.ctx()), "/etc/tinydns/root/data line 9", "192.168.0.44")


def test_invented_ns_name_is_a_warning_in_the_evidence(deb):
    deb.write("/etc/tinydns/root/data", GOOD_DATA.replace(".example.com::ns.example.com:86400",
                                                          ".example.com:192.168.0.10:a:86400"))
    result = djbdns.check_data_file(deb.ctx())
    assert any("a.ns.example.com" in e for e in result.evidence), result


def test_data_edited_without_make(vm):
    vm.append("/etc/tinydns/root/data", "+test.example.com:192.168.0.10:86400\n")
    result = fails(djbdns.check_cdb(vm.ctx()), "forgetting make", "cd /etc/tinydns/root && make")
    assert vm.root not in result.reason
    assert [n for n, s, _unused in run_all(vm) if s == "FAIL"] == [26]
    vm.make()
    assert djbdns.check_cdb(vm.ctx()).status == "PASS"


def test_missing_cdb(deb):
    os.remove(deb.real("/etc/tinydns/root/data.cdb"))
    fails(djbdns.check_cdb(deb.ctx()), "data.cdb does not exist", "make")


def test_a_without_ptr(vm):
    vm.append("/etc/tinydns/root/data", "+test.example.com:192.168.0.77:86400\n")
    vm.make()
    result = fails(djbdns.check_reverse(vm.ctx()), "line 9 `+test.example.com:192.168.0.77:86400`",
                   "192.168.0.77 has no PTR", "write `=` instead of `+`")
    assert [n for n, s, _unused in run_all(vm) if s == "FAIL"] == [27]
    assert result.evidence


def test_a_outside_the_served_reverse_zones_needs_no_ptr(deb):
    deb.append("/etc/tinydns/root/data", "+ext.example.com:10.1.2.3:86400\n")
    deb.make()
    assert djbdns.check_reverse(deb.ctx()).status == "PASS"


# ---------------------------------------------------------------- 28 answers

def test_answers_compare_with_the_model(deb):
    runner = deb.runner()
    ctx = deb.ctx()
    ctx.runner = runner
    assert djbdns.check_answers(ctx).status == "PASS"
    asked = [tuple(c[1:3]) for c in runner.calls]
    assert ("soa", "example.com") in asked and ("soa", "0.168.192.in-addr.arpa") in asked
    assert ("cname", "www.example.com") in asked and ("mx", "example.com") in asked
    assert ("ptr", "10.0.168.192.in-addr.arpa") in asked
    assert all(c[3] == LAB for c in runner.calls)


def test_answers_miss_a_record_of_the_model(deb):
    deb.write("/etc/tinydns/root/data", GOOD_DATA.replace("+mail.example.com:192.168.0.10:86400\n", ""))
    deb.make()
    result = fails(djbdns.check_answers(deb.ctx()), "tinydns gives no mail.example.com A 192.168.0.10",
                   "`=mail.example.com:192.168.0.10`")
    assert "then make" in result.reason


def test_answers_not_authoritative(deb):
    deb.write("/etc/tinydns/root/data", GOOD_DATA.replace(".0.168.192.in-addr.arpa::ns.example.com:86400\n",
                                                          ""))
    deb.make()
    fails(djbdns.check_answers(deb.ctx()), "0.168.192.in-addr.arpa SOA is not authoritative", "`.` line")


def test_tinydns_silent(deb):
    deb.tinydns_up = False
    fails(djbdns.check_answers(deb.ctx()), "tinydns does not answer on 192.168.0.10", "env/IP")


def test_answers_follow_the_config_address(deb):
    fails(djbdns.check_answers(deb.ctx(djbdns={"tinydns_ip": "192.168.0.99"})), "does not answer on 192.168.0.99")


def test_answers_without_model():
    ctx = framework.Context(config=framework._normalize_config(dict(framework.COURSE_DEFAULTS)), root="/nonexistent")
    fails(djbdns.check_answers(ctx), "lab.json has no DNS model")


# ---------------------------------------------------------------- 29 addresses, 30 dnscache config

def test_shared_address(deb):
    deb.write("/etc/dnscache/env/IP", LAB + "\n")
    fails(djbdns.check_addresses(deb.ctx()), "share an address", "echo 127.0.0.1 > /etc/dnscache/env/IP")


def test_dnscache_on_all_addresses(deb):
    deb.write("/etc/dnscache/env/IP", "0.0.0.0\n")
    fails(djbdns.check_addresses(deb.ctx()), "share an address")


def test_tinydns_not_on_the_lab_address(deb):
    deb.write("/etc/tinydns/env/IP", "127.0.0.2\n")
    fails(djbdns.check_addresses(deb.ctx()), "tinydns listens on 127.0.0.2, not on the lab address 192.168.0.10")


def test_dnscache_refuses_the_lab_network(deb):
    os.remove(deb.real("/etc/dnscache/root/ip/192.168.0"))
    fails(djbdns.check_dnscache_config(deb.ctx()), "dnscache refuses 192.168.0",
          "touch /etc/dnscache/root/ip/192.168.0")


def test_a_shorter_prefix_allows_the_network(deb):
    os.remove(deb.real("/etc/dnscache/root/ip/192.168.0"))
    deb.write("/etc/dnscache/root/ip/192.168", "")
    assert djbdns.check_dnscache_config(deb.ctx()).status == "PASS"


def test_reverse_zone_not_sent_to_tinydns(deb):
    os.remove(deb.real("/etc/dnscache/root/servers/0.168.192.in-addr.arpa"))
    fails(djbdns.check_dnscache_config(deb.ctx()), "dnscache does not ask tinydns for 0.168.192.in-addr.arpa",
          "echo 192.168.0.10 > /etc/dnscache/root/servers/0.168.192.in-addr.arpa", "svc -t")


# ---------------------------------------------------------------- 31 dnscache resolves

def test_dnscache_resolves_the_cname_chain_and_ptr(deb):
    runner = deb.runner()
    ctx = deb.ctx()
    ctx.runner = runner
    result = djbdns.check_dnscache_resolves(ctx)
    assert result.status == "PASS", result
    assert runner.calls == [["env", "DNSCACHEIP=127.0.0.1", "dnsqr", "a", "www.example.com"],
                            ["env", "DNSCACHEIP=127.0.0.1", "dnsqr", "ptr", "10.0.168.192.in-addr.arpa"]]
    assert "www.example.com CNAME h2g.example.com; h2g.example.com A 192.168.0.10" in result.evidence[0]


def test_dnscache_down(deb):
    deb.dnscache_up = False
    fails(djbdns.check_dnscache_resolves(deb.ctx()), "dnscache on 127.0.0.1 cannot resolve www.example.com A",
          "root/servers/example.com")


def test_dnscache_gives_an_old_address(deb):
    deb.write("/etc/tinydns/root/data", GOOD_DATA.replace("=h2g.example.com:192.168.0.10",
                                                          "=h2g.example.com:192.168.0.11"))
    deb.make()
    fails(djbdns.check_dnscache_resolves(deb.ctx()), "not 192.168.0.10", "svc -t /etc/service/dnscache")


def test_no_dnsq_installed(deb):
    ctx = deb.ctx()
    ctx.runner = lambda argv: (127, "", "dnsq: command not found")
    fails(djbdns.check_answers(ctx), "dnsq is not installed")


def test_parse_dnsq_real_output():
    text = ("1 www.example.com:\n84 bytes, 1+1+1+1 records, response, authoritative, noerror\n"
            "query: 1 www.example.com\nanswer: www.example.com 86400 CNAME h2g.example.com\n"
            "authority: example.com 86400 NS ns.example.com\nadditional: ns.example.com 86400 A 192.168.0.68\n")
    flags, rcode, answers = djbdns.parse_dnsq(text)
    assert "authoritative" in flags and rcode == "noerror"
    assert answers == [("www.example.com", "CNAME", "h2g.example.com")]
    assert djbdns.parse_dnsq("6 example.com:\ntimed out\n") == (set(), None, [])
