# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The firewall: the lab model's per-day table (lab_firewall_services), role firewall's variables, the
day playbooks that open each day, the table against every role's <role>_listens, and check 6.20 on
canned firewall-cmd answers (molecule/firewall runs the real firewalld)."""

from __future__ import annotations

import os
import re

import pytest
import yaml

import roles_render

from ansible_collections.serverlab.course.plugins.module_utils import framework, i18n, portmap
from ansible_collections.serverlab.course.plugins.module_utils.checks import firewall
from ansible_collections.serverlab.course.plugins.module_utils.checks.firewall import SERVICE_PORTS

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOKS = os.path.join(ROOT, "playbooks")
NET = "192.168.0.0/24"
COURSE = {"lab_dns_server": "bind", "lab_mta": "postfix", "lab_time_provider": "chrony"}
DJB = {"lab_dns_server": "tinydns", "lab_mta": "qmail", "lab_time_provider": "clockspeed"}


# --- the lab model's table and role firewall's variables -------------------------------------------

def render(expression, family="Debian", **overrides):
    with roles_render.collection_plugins():
        return roles_render.template(roles_render.templar("firewall", family, **overrides), expression)


def table(**model):
    return {int(day): list(entries) for day, entries in render("{{ lab_firewall_services }}", **model).items()}


@pytest.mark.parametrize("family, provider, packages", [
    ("Debian", "none", ["firewalld", "netbase"]), ("RedHat", "firewalld", ["firewalld"])])
def test_firewalld_is_els_default_and_debians_option(family, provider, packages):
    assert render("{{ lab_firewall }}", family) == provider
    assert render("{{ firewall_provider }}", family) == provider
    assert render("{{ firewall_packages }}", family) == ([] if provider == "none" else packages)
    assert render("{{ firewall_packages }}", family, lab_firewall="firewalld") == packages
    assert render("{{ __firewall_service }}", family) == "firewalld"


@pytest.mark.parametrize("day, model, services", [
    (6, COURSE, ["ssh"]),
    (7, COURSE, ["dns"]),
    (8, COURSE, ["smtp", "smtp-submission", "pop3", "pop3s", "imap", "imaps"]),
    (8, DJB, ["smtp", "pop3", "pop3s", "imap", "imaps"]),      # qmail has no submission port
    (10, COURSE, ["samba"]),
    (12, COURSE, []),                                          # ssh is open from day 6 on
    (13, COURSE, ["smtps"]),
    (20, COURSE, ["mysql"]),
    (26, COURSE, ["ntp"]),
    (26, DJB, []),                                             # clockspeed serves no one
])
def test_each_play_opens_its_days_services(day, model, services):
    assert render("{{ firewall_services }}", firewall_day=day, **model) == services
    assert render("{{ firewall_ports }}", firewall_day=day, **model) == []


def test_port_entries_are_opened_as_ports():
    custom = {6: ["ssh", "2222/tcp"], 7: ["dns"]}
    assert render("{{ firewall_services }}", firewall_day=6, lab_firewall_services=custom) == ["ssh"]
    assert render("{{ firewall_ports }}", firewall_day=6, lab_firewall_services=custom) == ["2222/tcp"]


def test_the_zone_is_bound_to_the_lab_network():
    assert render("{{ firewall_zone }}") == "lab"
    assert render("{{ firewall_sources }}", lab_network="10.1.0.0/16") == ["10.1.0.0/16"]


def test_every_entry_is_a_firewalld_service_the_check_knows_or_a_port():
    for model in (COURSE, DJB):
        for entries in table(**model).values():
            for entry in entries:
                assert entry in SERVICE_PORTS or re.match(r"^\d+/(tcp|udp)$", entry), entry


def firewall_days():
    """{playbook: (firewall_day, labeval_day)} of every playbook that applies role firewall."""
    found = {}
    for name in sorted(os.listdir(PLAYBOOKS)):
        if not name.endswith(".yml"):
            continue
        with open(os.path.join(PLAYBOOKS, name), encoding="utf-8") as handle:
            plays = yaml.safe_load(handle)
        for play in plays or []:
            for entry in play.get("roles") or [] if isinstance(play, dict) else []:
                if entry.get("role") == "serverlab.course.firewall":
                    days = [t["vars"]["labeval_day"] for t in play.get("tasks") or [] if "labeval_day" in (t.get("vars") or {})]
                    found[name] = (entry["firewall_day"], days[0])
    return found


def test_each_day_playbook_opens_its_own_day():
    found = firewall_days()
    for name, (firewall_day, labeval_day) in found.items():
        assert firewall_day == labeval_day, name
    # Every day with services has a playbook that opens them (a student's single-day run is complete).
    opened = {day for day, _unused in found.values()}
    for model in (COURSE, DJB):
        assert {day for day, entries in table(**model).items() if entries} <= opened
    assert {"day06.yml", "day07.yml", "djbdns.yml", "day08.yml", "qmail.yml", "day10.yml", "day13.yml",
            "day20.yml", "time.yml"} == set(found)


# --- the table agrees with the port map -------------------------------------------------------------

def lab_claims(day, model):
    """{(port, proto): role service} of the daemons up to `day` that serve the lab network."""
    network = portmap._network(NET)
    found = {}
    for role in portmap.roles_for(day, model):
        with roles_render.collection_plugins():
            entries = roles_render.template(roles_render.templar(role, **model), "{{ %s_listens }}" % role)
        claims, bad = portmap.normalize_claims(role, entries, portmap.VmAddresses([("eth0", "192.168.0.10")]))
        assert bad == []
        for claim in claims:
            if claim.lab and portmap._reaches_lab(claim.address, network):
                found["%d/%s" % (claim.port, claim.proto)] = claim.label()
    return found


def opened(day, model):
    """{entry: its ports} of every day up to `day`."""
    return {entry: SERVICE_PORTS.get(entry, (entry,))
            for number, entries in table(**model).items() if number <= day for entry in entries}


@pytest.mark.parametrize("model", [COURSE, DJB], ids=["course", "djb"])
@pytest.mark.parametrize("day", [6, 7, 8, 10, 12, 13, 20, 26])
def test_every_lab_port_of_a_day_is_opened_and_nothing_else(day, model):
    claims, services = lab_claims(day, model), opened(day, model)
    ports = {port for entries in services.values() for port in entries}
    assert sorted(set(claims) - ports) == [], "claimed but closed by the firewall: %s" % {
        p: claims[p] for p in set(claims) - ports}
    # Each opened service serves a claim of that day; ssh only administers the VM before day 12's sshd.
    unused = [entry for entry, entry_ports in services.items() if not set(entry_ports) & set(claims)]
    assert unused == ([] if day >= 12 else ["ssh"]), unused


def test_the_agreement_test_can_fail():
    # A day-20 MySQL on 3307 is not opened by the mysql service: the comparison sees it.
    with roles_render.collection_plugins():
        entries = roles_render.template(roles_render.templar("mysql", mysql_port=3307), "{{ mysql_listens }}")
    claims, _unused = portmap.normalize_claims("mysql", entries, portmap.VmAddresses([("eth0", "192.168.0.10")]))
    assert ["%d/%s" % (c.port, c.proto) for c in claims] == ["3307/tcp"]
    assert "3307/tcp" not in {p for entries in opened(20, COURSE).values() for p in entries}


# --- check 6.20 on canned firewall-cmd answers ------------------------------------------------------

SERVICES_BY_DAY = {"6": ["ssh"], "7": ["dns"], "8": ["smtp", "smtp-submission", "pop3", "pop3s", "imap", "imaps"],
                   "10": ["samba"], "13": ["smtps"], "20": ["mysql"]}
DAY8 = ["ssh", "dns", "smtp", "smtp-submission", "pop3", "pop3s", "imap", "imaps"]


class Firewalld(object):
    """A firewalld answering firewall-cmd as 1.3 prints (--state, --get-active-zones, --get-default-zone,
    [--permanent] --zone=Z --list-all). `state`: running, not running, or missing (no firewall-cmd)."""

    def __init__(self, services=tuple(DAY8), sources=(NET,), state="running"):
        zone = {"target": "default", "interfaces": [], "sources": list(sources), "services": list(services),
                "ports": [], "rich": []}
        public = {"target": "default", "interfaces": ["eth0"], "sources": [], "services": ["ssh", "dhcpv6-client"],
                  "ports": [], "rich": []}
        self.runtime = {"lab": zone, "public": public}
        self.permanent = {"lab": dict(zone, services=list(services)), "public": dict(public)}
        self.state = state
        self.calls = []

    def list_all(self, name, zone, active):
        lines = ["%s%s" % (name, " (active)" if active else "")]
        for key in ("target", "icmp-block-inversion", "interfaces", "sources", "services", "ports", "protocols",
                    "forward", "masquerade", "forward-ports", "source-ports", "icmp-blocks"):
            value = {"icmp-block-inversion": "no", "forward": "yes", "masquerade": "no"}.get(key)
            if value is None:
                value = zone[key] if key in ("target",) else " ".join(zone.get(key, []))
            lines.append("  %s: %s" % (key, value))
        lines.append("  rich rules: ")
        lines.extend("\t" + rule for rule in zone["rich"])
        return "\n".join(lines) + "\n"

    def __call__(self, argv):
        self.calls.append(list(argv))
        if argv[0] != "firewall-cmd" or self.state == "missing":
            return 127, "", "%s: command not found" % argv[0]
        if argv == ["firewall-cmd", "--state"]:
            return (0, "running\n", "") if self.state == "running" else (252, "", "not running\n")
        if self.state != "running":
            return 252, "", "FirewallD is not running\n"
        if argv == ["firewall-cmd", "--get-active-zones"]:
            out = []
            for name, zone in self.runtime.items():
                if zone["interfaces"] or zone["sources"]:
                    out.append(name)
                    if zone["interfaces"]:
                        out.append("  interfaces: " + " ".join(zone["interfaces"]))
                    if zone["sources"]:
                        out.append("  sources: " + " ".join(zone["sources"]))
            return 0, "\n".join(out) + "\n", ""
        if argv == ["firewall-cmd", "--get-default-zone"]:
            return 0, "public\n", ""
        permanent = "--permanent" in argv
        zones = self.permanent if permanent else self.runtime
        name = [a for a in argv if a.startswith("--zone=")][0].split("=", 1)[1]
        if argv[-1] == "--list-all" and name in zones:
            active = not permanent and bool(zones[name]["interfaces"] or zones[name]["sources"])
            return 0, self.list_all(name, zones[name], active), ""
        return 112, "", "Error: INVALID_ZONE: %s\n" % name


def check(fw, day=8, provider="firewalld", table_=None):
    config = dict(framework.COURSE_DEFAULTS, day=day, network=NET,
                  firewall={"provider": provider, "zone": "lab", "services": table_ or SERVICES_BY_DAY})
    return firewall.check_lab_services(framework.Context(config=config, runner=fw))


def reason(result, lang="en"):
    return i18n.localize(result.reason, lang) if lang != "en" else str(result.reason)


def test_check_is_620_firewall_lab_services():
    assert [(c.id, c.item) for c in firewall.CHECKS] == [("6.20", "firewall/lab-services")]


def test_every_service_of_the_vms_days_allowed_passes():
    result = check(Firewalld())
    assert result.status == "PASS", result
    assert "lab network 192.168.0.0/24 -> zone lab (source 192.168.0.0/24)" in result.evidence
    assert "allowed from the lab network: " + ", ".join(DAY8) in result.evidence


def test_a_service_closed_at_runtime_fails_naming_firewall_cmd():
    fw = Firewalld()
    fw.runtime["lab"]["services"].remove("dns")
    result = check(fw)
    assert result.status == "FAIL"
    assert reason(result) == (
        "firewalld blocks dns from the lab network (zone lab), so lab hosts cannot reach them although the "
        "daemons run: firewall-cmd --permanent --zone=lab --add-service=dns && firewall-cmd --reload")
    assert "firewall-cmd --permanent --zone=lab --add-service=dns && firewall-cmd --reload" in reason(result, "ja")
    assert "遮断" in reason(result, "ja")


def test_the_vms_day_decides_what_is_expected():
    fw = Firewalld(services=["ssh", "dns"])
    assert check(fw, day=7).status == "PASS"
    result = check(fw, day=8)
    assert "firewalld blocks smtp, smtp-submission, pop3, pop3s, imap, imaps from the lab network" in reason(result)
    assert reason(result).count("firewall-cmd --reload") == 6


def test_a_permanent_removal_not_reloaded_fails():
    fw = Firewalld()
    fw.permanent["lab"]["services"].remove("smtp")
    result = check(fw)
    assert result.status == "FAIL"
    assert "smtp are allowed now but not in the permanent configuration of zone lab, so the next firewall-cmd " \
           "--reload or boot blocks them: firewall-cmd --permanent --zone=lab --add-service=smtp" in reason(result)


@pytest.mark.parametrize("change", [
    lambda z: z.update(services=[s for s in z["services"] if s != "dns"], ports=["53/tcp", "53/udp"]),
    lambda z: z.update(services=[s for s in z["services"] if s != "dns"],
                       rich=['rule family="ipv4" source address="192.168.0.0/24" service name="dns" accept']),
    lambda z: z.update(services=[s for s in z["services"] if s != "dns"],
                       rich=['rule family="ipv4" service name="dns" accept']),
    lambda z: z.update(services=[], target="ACCEPT"),
])
def test_other_ways_of_allowing_count(change):
    fw = Firewalld()
    change(fw.runtime["lab"])
    change(fw.permanent["lab"])
    assert check(fw).status == "PASS"


@pytest.mark.parametrize("rule", [
    'rule family="ipv4" source address="10.0.0.0/8" service name="dns" accept',
    'rule family="ipv4" source NOT address="192.168.0.0/24" service name="dns" accept',
    'rule family="ipv4" service name="dns" reject',
])
def test_rich_rules_that_do_not_let_the_lab_in_do_not_count(rule):
    fw = Firewalld()
    for zones in (fw.runtime, fw.permanent):
        zones["lab"]["services"].remove("dns")
        zones["lab"]["rich"].append(rule)
    assert "firewalld blocks dns from the lab network" in reason(check(fw))


def test_half_the_ports_of_a_service_is_not_enough():
    fw = Firewalld()
    for zones in (fw.runtime, fw.permanent):
        zones["lab"]["services"].remove("dns")
        zones["lab"]["ports"] = ["53/udp"]
    assert "firewalld blocks dns" in reason(check(fw))


def test_port_entries_of_the_table():
    fw = Firewalld(services=["ssh"])
    assert "--add-port=2222/tcp" in reason(check(fw, day=6, table_={"6": ["ssh", "2222/tcp"]}))
    for zones in (fw.runtime, fw.permanent):
        zones["lab"]["ports"] = ["2222/tcp"]
    assert check(fw, day=6, table_={"6": ["ssh", "2222/tcp"]}).status == "PASS"
    # A port a listed service already opens counts.
    assert check(Firewalld(services=["ssh"]), day=6, table_={"6": ["22/tcp"]}).status == "PASS"


def test_lab_network_not_bound_lands_in_the_interfaces_zone():
    fw = Firewalld(sources=())
    result = check(fw)
    text = reason(result)
    assert "lab network 192.168.0.0/24 -> zone public (interface eth0)" in result.evidence
    assert "the lab network 192.168.0.0/24 is not bound to the zone lab, so lab hosts land in the zone public: " \
           "firewall-cmd --permanent --zone=lab --add-source=192.168.0.0/24 && firewall-cmd --reload" in text
    assert "firewalld blocks dns, smtp" in text and "--zone=public --add-service=dns" in text


def test_a_wider_source_counts_as_the_lab_networks():
    assert check(Firewalld(sources=("192.168.0.0/16",))).status == "PASS"


def test_no_interface_nor_source_lands_in_the_default_zone():
    fw = Firewalld(sources=())
    fw.runtime["public"]["interfaces"] = []
    result = check(fw, provider="none")
    assert "lab network 192.168.0.0/24 -> zone public (default zone)" in result.evidence
    # lab_firewall: none says nothing about the zone, but a running firewalld still blocks.
    assert "not bound" not in reason(result) and "firewalld blocks dns" in reason(result)


@pytest.mark.parametrize("state, provider, expected", [
    ("not running", "firewalld", "firewalld is not running, but lab_firewall is firewalld: systemctl enable --now "
                                 "firewalld (then check with firewall-cmd --state)"),
    ("missing", "firewalld", "firewalld is not installed, but lab_firewall is firewalld: install the firewalld "
                             "package, then systemctl enable --now firewalld"),
    ("not running", "none", None),
    ("missing", "none", None),
])
def test_firewalld_down(state, provider, expected):
    result = check(Firewalld(state=state), provider=provider)
    if expected is None:
        assert result.status == "PASS" and "lab_firewall: none" in result.evidence
    else:
        assert result.status == "FAIL" and reason(result) == expected
        assert "systemctl enable --now firewalld" in reason(result, "ja")


def test_a_zone_firewall_cmd_cannot_list_fails_with_its_error():
    fw = Firewalld()
    del fw.permanent["lab"]
    assert "firewall-cmd --permanent --zone=lab --list-all failed: Error: INVALID_ZONE: lab" in reason(check(fw))
