"""Day 7 checks (BIND track) on fake trees. DigServer (dnstree.py) is a fake runner that answers `dig` from
the zone files named has "loaded", so each test breaks a real file or the server's state and sees the check
that must fail."""

from __future__ import annotations

import pytest

from ansible_collections.serverlab.course.plugins.module_utils import catalog, framework
from ansible_collections.serverlab.course.plugins.module_utils.checks import day07
from dnstree import FORWARD, LOGS, REVERSE, DigServer, ZoneTree, course_dns
from labtree import fails


@pytest.fixture(params=["Debian", "RedHat"])
def tree(request, tmp_path):
    return ZoneTree(tmp_path / request.param.lower(), request.param)


@pytest.fixture
def deb(tmp_path):
    return ZoneTree(tmp_path / "debian", "Debian")


def run_all(tree, server=None, **config):
    server = server or DigServer(tree)
    outcomes = framework.evaluate(day07.BIND, tree.ctx(runner=server.run, **config), keep_going=True)
    return {c.num: r for c, r in outcomes}


# ---------------------------------------------------------------- catalog

def test_catalog_numbers_and_track():
    assert [(c.id, c.item) for c in day07.BIND] == [
        ("7.1", "named/service"), ("7.2", "named/config"), ("7.3", "named/zones"), ("7.4", "dns/SOA"),
        ("7.5", "dns/NS"), ("7.6", "dns/A"), ("7.7", "dns/MX"), ("7.8", "dns/CNAME"), ("7.9", "dns/PTR"),
        ("7.10", "zone/$TTL"), ("7.11", "zone/reverse"), ("7.12", "zone/serial")]
    bind = [c for c in catalog.DAYS[7].checks if c.num < 20]
    assert [c.id for c in bind] == [c.id for c in day07.BIND]
    assert all(1 <= c.num <= 19 and c.track == ("dns", "bind") for c in bind)
    assert all(c.applies({"tracks": {"dns": "bind"}}) for c in bind)
    assert not any(c.applies({"tracks": {"dns": "tinydns"}}) for c in bind)
    assert [(c.id, c.track) for c in day07.CHECKS] == [("7.40", None)]  # one DNS server, on both tracks


def test_good_lab_passes_every_check(tree):
    results = run_all(tree)
    assert {n: (r.status, r.reason) for n, r in results.items()} == {n: ("PASS", "") for n in range(1, 13)}


def test_queries_go_to_the_lab_address_without_recursion(deb):
    server = DigServer(deb)
    day07.check_cname(deb.ctx(runner=server.run))
    assert server.calls == [["dig", "@192.168.0.10", "+norec", "+time=2", "+tries=1", "www.example.com", "A"]]


def test_without_dns_in_lab_json_the_course_zone_is_expected(deb):
    ctx = deb.ctx(runner=DigServer(deb).run, dns=None)
    assert day07.expected_dns(ctx) == course_dns()
    assert day07.check_a(ctx).status == "PASS"


# ---------------------------------------------------------------- dig parser

def test_parse_dig_answer_flags_and_status(deb):
    rc, out, _err = DigServer(deb).dig(["dig", "@192.168.0.10", "www.example.com", "A"])
    answer = day07.parse_dig(out)
    assert (answer.status, answer.authoritative) == ("NOERROR", True)
    assert answer.records == [("www.example.com.", "86400", "CNAME", "h2g.example.com."),
                              ("h2g.example.com.", "86400", "A", "192.168.0.10")]


def test_parse_dig_refused():
    out = (";; ->>HEADER<<- opcode: QUERY, status: REFUSED, id: 1\n;; flags: qr rd; QUERY: 1, ANSWER: 0\n"
           ";; WARNING: recursion requested but not available\n")
    answer = day07.parse_dig(out)
    assert answer.status == "REFUSED" and not answer.authoritative and answer.records == []


# ---------------------------------------------------------------- 1-3 service, config, zones

def test_service_down(deb):
    result = day07.check_service(deb.ctx(runner=DigServer(deb, active=False).run))
    fails(result, "named is not running (named: inactive): start it with systemctl start named",
          "/var/log/named/named.log")


def test_el_service_is_named_chroot(tmp_path):
    tree = ZoneTree(tmp_path, "RedHat")
    server = DigServer(tree)
    assert day07.check_service(tree.ctx(runner=server.run)).evidence == ("systemctl is-active named-chroot: active",)
    day07.check_config(tree.ctx(runner=server.run))
    assert server.calls[-1] == ["named-checkconf", "-t", "/var/named/chroot", "-z", "/etc/named.conf"]


def test_config_errors_are_quoted(deb):
    server = DigServer(deb)
    server.checkconf = (1, "/etc/bind/named.conf:12: missing ';' before '}'\n")
    fails(day07.check_config(deb.ctx(runner=server.run)),
          "named-checkconf -z /etc/bind/named.conf finds errors: /etc/bind/named.conf:12: missing ';' before '}'")


def test_zone_not_loaded(deb):
    server = DigServer(deb)
    del server.zones["0.168.192.in-addr.arpa."]
    fails(day07.check_zones_loaded(deb.ctx(runner=server.run)),
          "named has not loaded the zone 0.168.192.in-addr.arpa",
          "named-checkzone 0.168.192.in-addr.arpa /etc/bind/db.192.168.0")


def test_zones_loaded_falls_back_to_an_authoritative_soa_without_rndc(deb):
    server = DigServer(deb)
    real = server.run

    def server_run(argv):
        return (1, "", "rndc: connect failed: connection refused") if argv[0] == "rndc" else real(argv)

    result = day07.check_zones_loaded(deb.ctx(runner=server_run))
    assert result.status == "PASS"
    assert "dig example.com SOA: authoritative answer" in result.evidence
    server.authoritative = False
    fails(day07.check_zones_loaded(deb.ctx(runner=server_run)), "not authoritative (no aa flag)")


# ---------------------------------------------------------------- 4-9 answers

def test_refused_teaches_allow_query(deb):
    server = DigServer(deb)
    server.status = "REFUSED"
    fails(day07.check_soa(deb.ctx(runner=server.run)),
          "dig example.com SOA @192.168.0.10: REFUSED: allow-query in named.conf must include the lab network")


def test_no_answer_teaches_listen_on(deb):
    server = DigServer(deb)
    server.silent = True
    fails(day07.check_ns(deb.ctx(runner=server.run)), "no answer from named at 192.168.0.10 port 53",
          "does listen-on include 192.168.0.10?")


def test_soa_names_another_primary(deb):
    deb.replace(deb.zone_path("db.example"), "SOA  ns.example.com.", "SOA  h2g.example.com.")
    fails(day07.check_soa(deb.ctx(runner=DigServer(deb).run)),
          "the SOA names h2g.example.com. as the primary server, expected ns.example.com.")


def test_wrong_address_is_reported(deb):
    deb.replace(deb.zone_path("db.example"), "mail     IN  A     192.168.0.10", "mail     IN  A     192.168.0.11")
    fails(day07.check_a(deb.ctx(runner=DigServer(deb).run)),
          "dig mail.example.com. A @192.168.0.10 answers 192.168.0.11, expected 192.168.0.10"
          .replace("mail.example.com. A", "mail.example.com A"))


def test_mx_preference_matters(deb):
    deb.replace(deb.zone_path("db.example"), "MX    10 mail", "MX    20 mail")
    fails(day07.check_mx(deb.ctx(runner=DigServer(deb).run)),
          "answers 20 mail.example.com., expected 10 mail.example.com.")


def test_www_as_an_a_record_is_not_the_alias(deb):
    deb.replace(deb.zone_path("db.example"), "www      IN  CNAME h2g", "www      IN  A     192.168.0.10")
    fails(day07.check_cname(deb.ctx(runner=DigServer(deb).run)),
          "www.example.com is no alias, expected an alias (CNAME) of h2g.example.com.: write `www IN CNAME h2g`")


def test_missing_ptr_is_reported_by_dig_x(deb):
    deb.replace(deb.zone_path("db.192.168.0"), "10       IN  PTR   h2g.example.com.\n", "")
    fails(day07.check_ptr(deb.ctx(runner=DigServer(deb).run)),
          "dig -x 192.168.0.10 @192.168.0.10 answers nothing (NXDOMAIN), expected h2g.example.com.")


def test_answers_checked_against_another_lab_address(deb):
    ctx = deb.ctx(runner=DigServer(deb).run, address="192.168.0.67", dns=course_dns("192.168.0.67"))
    fails(day07.check_a(ctx), "answers 192.168.0.10, expected 192.168.0.67")


# ---------------------------------------------------------------- 10 $TTL

def test_missing_ttl_names_the_file_and_bind_log_line(tree):
    path = tree.zone_path("db.example")
    tree.replace(path, "$TTL 86400\n", "")
    with open(tree.real(LOGS[tree.family]), "a") as log:
        log.write("23-Nov-2026 11:05:00.000 general: warning: %s:3: no TTL specified; using SOA MINTTL instead\n"
                  % "/etc/bind/db.example")
    result = fails(day07.check_ttl(tree.ctx(runner=DigServer(tree).run)),
                   "%s has no $TTL on line 1: BIND logs 'db.example:2: no TTL specified; using SOA MINTTL "
                   "instead'" % path, "put `$TTL 86400` on line 1")
    assert any("no TTL specified" in e for e in result.evidence)


def test_ttl_after_the_first_record_is_too_late(deb):
    deb.replace(deb.zone_path("db.192.168.0"), "$TTL 86400\n", "")
    deb.replace(deb.zone_path("db.192.168.0"), "@        IN  NS", "$TTL 86400\n@        IN  NS")
    fails(day07.check_ttl(deb.ctx()), "/etc/bind/db.192.168.0 has no $TTL on line 1")


def test_missing_zone_file(deb):
    deb.remove(deb.zone_path("db.192.168.0"))
    fails(day07.check_ttl(deb.ctx()), "/etc/bind/db.192.168.0 does not exist")


def test_zone_dir_from_lab_json(deb):
    deb.write("/srv/zones/db.example", FORWARD)
    deb.write("/srv/zones/db.192.168.0", REVERSE.replace("$TTL 86400\n", ""))
    fails(day07.check_ttl(deb.ctx(named_zone_dir="/srv/zones")), "/srv/zones/db.192.168.0 has no $TTL")


# ---------------------------------------------------------------- 11 forward/reverse

def test_a_added_by_hand_without_ptr(tree):
    tree.write(tree.zone_path("db.example"), tree.read(tree.zone_path("db.example")) + "pc9 IN A 192.168.0.99\n")
    fails(day07.check_reverse(tree.ctx()), "pc9.example.com. has the address 192.168.0.99",
          "has no PTR for it", "add `99 IN PTR pc9.example.com.`")


def test_ptr_to_a_name_without_that_address(deb):
    deb.write(deb.zone_path("db.192.168.0"), deb.read(deb.zone_path("db.192.168.0")) + "20 IN PTR www.example.com.\n")
    fails(day07.check_reverse(deb.ctx()), "PTR for 192.168.0.20 points at www.example.com.")


def test_address_outside_the_lab_network_needs_no_ptr(deb):
    deb.write(deb.zone_path("db.example"), deb.read(deb.zone_path("db.example")) + "ext IN A 203.0.113.5\n")
    assert day07.check_reverse(deb.ctx()).status == "PASS"


# ---------------------------------------------------------------- 12 serial

def test_edit_without_reload(deb):
    server = DigServer(deb)
    deb.replace(deb.zone_path("db.example"), "2026112301 ; serial", "2026112302 ; serial")
    fails(day07.check_serial(deb.ctx(runner=server.run)),
          "/etc/bind/db.example has serial 2026112302 but named still serves 2026112301: the change is not live; "
          "run rndc reload")
    server.reload()
    assert day07.check_serial(deb.ctx(runner=server.run)).status == "PASS"


def test_serial_went_down(deb):
    server = DigServer(deb)
    deb.replace(deb.zone_path("db.example"), "2026112301 ; serial", "2026010101 ; serial")
    fails(day07.check_serial(deb.ctx(runner=server.run)), "has serial 2026010101, lower than the 2026112301")
