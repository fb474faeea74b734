"""Day 7, djb track: tinydns + dnscache under daemontools pass the catalog, answer real queries,
and the classic mistakes (data edited without make, an A without PTR) are caught."""

import re

from djbdns_helpers import answers, data_edit, dig
from labtest import (assert_all_pass, assert_survives_reboot, check_mode_changes, failed_ids, labeval,
                     verdicts, wait_until)

LAB = "192.168.0.68"
DJB_CHECKS = 12  # 7.21-7.31 and 7.40 (one DNS server)


def test_catalog_passes_after_converge(host):
    assert_all_pass(labeval(host, "--day", "7"), DJB_CHECKS)


def test_check_mode_on_the_converged_vm_changes_nothing(host):  # host: runs in file order, before the reboot
    """--check --diff right after the converge: nothing to change (the fresh VM's --check is the scenario's
    check step, before its converge)."""
    assert check_mode_changes("djbdns.yml") == {"serverlab-m-djbdns": []}


def test_lab_json_selects_the_djb_track(host):
    report = labeval(host, "--day", "7")
    assert [r["num"] for r in report["results"]] == list(range(21, 21 + DJB_CHECKS - 1)) + [40]


def test_svscan_runs_under_systemd(host):
    assert host.service("daemontools-run").is_running
    assert host.service("daemontools-run").is_enabled
    out = host.check_output("svstat /etc/service/tinydns /etc/service/tinydns/log "
                            "/etc/service/dnscache /etc/service/dnscache/log")
    assert len(re.findall(r": up \(pid \d+\)", out)) == 4, out
    # The package's own units never compete for port 53.
    assert not host.service("tinydns").is_running
    assert not host.service("dnscache").is_running


def test_www_is_a_cname_chain_to_h2g(host):
    text = dig(LAB, "www.example.com", "A")
    assert "flags: qr aa" in text, text  # authoritative
    assert ("www.example.com.", "CNAME", "h2g.example.com.") in answers(text)
    text = dig(LAB, "h2g.example.com", "A")
    assert answers(text) == [("h2g.example.com.", "A", LAB)]


def test_mx_ns_soa(host):
    assert answers(dig(LAB, "example.com", "MX")) == [("example.com.", "MX", "10 mail.example.com.")]
    assert answers(dig(LAB, "example.com", "NS")) == [("example.com.", "NS", "ns.example.com.")]
    soa = answers(dig(LAB, "example.com", "SOA"))
    assert len(soa) == 1 and soa[0][2].startswith("ns.example.com. hostmaster.example.com. "), soa
    # The full name-server and mail-host names: no invented a.ns. / a.mx. names.
    assert answers(dig(LAB, "a.ns.example.com", "A")) == []


def test_reverse_lookup(host):
    assert answers(dig(LAB, "-x", LAB)) == [("68.0.168.192.in-addr.arpa.", "PTR", "h2g.example.com.")]


def test_dnscache_answers_the_local_zone_inside(host):
    out = host.check_output("DNSCACHEIP=127.0.0.1 dnsqr a www.example.com")
    # (a cached answer shows the time left of its TTL)
    assert re.search(r"^answer: www\.example\.com \d+ CNAME h2g\.example\.com$", out, re.M), out
    assert re.search(r"^answer: h2g\.example\.com \d+ A %s$" % re.escape(LAB), out, re.M), out
    # dnsname: the djb tools' reverse lookup, through dnscache
    assert host.check_output("DNSCACHEIP=127.0.0.1 dnsname %s" % LAB).strip() == "h2g.example.com"


def test_data_edited_without_make_is_caught(host):
    with data_edit(host, "+test.example.com:%s:86400\n" % LAB):
        report = labeval(host, "--day", "7")
        assert failed_ids(report) == ["7.26"]
        reason = verdicts(report)["7.26"]["reason"]
        assert "make" in reason and "/etc/tinydns/root" in reason, reason
        # tinydns still serves the old data: the new name is unknown.
        assert answers(dig(LAB, "test.example.com", "A")) == []
    assert_all_pass(labeval(host, "--day", "7"), DJB_CHECKS)


def test_a_without_ptr_is_reported(host):
    with data_edit(host, "+test.example.com:192.168.0.77:86400\n", make=True):
        assert answers(dig(LAB, "test.example.com", "A")) == [("test.example.com.", "A", "192.168.0.77")]
        report = labeval(host, "--day", "7")
        assert failed_ids(report) == ["7.27"]
        reason = verdicts(report)["7.27"]["reason"]
        assert "192.168.0.77 has no PTR" in reason and "`=`" in reason, reason
    assert_all_pass(labeval(host, "--day", "7"), DJB_CHECKS)
    assert answers(dig(LAB, "test.example.com", "A")) == []


SERVICES = "/etc/service/tinydns /etc/service/tinydns/log /etc/service/dnscache /etc/service/dnscache/log"


def test_a_reboot_brings_svscan_and_its_services_back(host):
    # svscan (a systemd service) starts supervise for each service after systemd's boot: wait for them.
    def ready():
        wait_until("svscan runs tinydns, dnscache and their loggers again after the reboot",
                   lambda: host.run("svstat %s" % SERVICES).stdout,
                   lambda out: len(re.findall(r": up \(pid \d+\)", out)) == 4)

    boot = assert_survives_reboot(host, "serverlab-m-djbdns", "7", DJB_CHECKS, ready=ready)
    assert "systemctl is-enabled daemontools-run.service (day 7): enabled" in boot["evidence"]
    assert answers(dig(LAB, "www.example.com", "A"))


def test_the_network_view_asks_tinydns_from_the_lab(host):
    """From this machine on the lab network: tinydns answers every record of the model authoritatively
    (7.28, the VM view's question); with tinydns down the same check FAILs naming its env/IP and svc."""
    from labtest import netview

    report = netview(host, "--day", "7")
    assert [r["id"] for r in report["results"]] == ["7.28"], report["results"]
    assert report["results"][0]["status"] == "PASS", report["results"][0]
    host.check_output("svc -d /etc/service/tinydns")
    try:
        wait_until("tinydns is down", lambda: host.run("svstat /etc/service/tinydns").stdout,
                   lambda out: ": down " in out)
        down = verdicts(netview(host, "--day", "7"))["7.28"]
    finally:
        host.check_output("svc -u /etc/service/tinydns")
        wait_until("tinydns is up", lambda: host.run("svstat /etc/service/tinydns").stdout, lambda out: ": up " in out)
    assert down["status"] == "FAIL", down
    assert "env/IP" in down["reason"] and "svc -t /etc/service/tinydns" in down["reason"], down["reason"]
