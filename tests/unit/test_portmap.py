# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""portmap: the lab's whole port map and cross-service facts, checked before anything changes.

- Tables of model -> finding codes (check_lab).
- Every role's <role>_listens, rendered from its defaults as a play would, gives the same
  address:port set as the role's own template parsed by listen.py: the claim and the template
  read one variable (one fact in one place).
- ROLE_DAYS follows the day playbooks.
- The lab_ports_check module, in-process.
"""

from __future__ import annotations

import os

import pytest
import yaml

import modrun
import roles_render
from portmodel import COURSE, NET, POSTFIX, SPLIT_HOSTS, VM, ZONE, with_

from ansible_collections.serverlab.course.plugins.module_utils import dnsmodel, listen, portmap
from ansible_collections.serverlab.course.plugins.module_utils.portmap import (
    ROLE_DAYS, VmAddresses, check_lab, normalize_claims, parse_ip_addr, roles_for)
from ansible_collections.serverlab.course.plugins.modules import lab_ports_check

ROLES = os.path.join(os.path.dirname(__file__), "..", "..", "roles")
PLAYBOOKS = os.path.join(os.path.dirname(__file__), "..", "..", "playbooks")


def codes(listens=None, vm=VM, zone=None, mta="postfix", mta_values=None, hostname="h2g"):
    _unused, found = check_lab(COURSE if listens is None else listens, vm, NET, ZONE if zone is None else zone,
                               hostname, mta, POSTFIX if mta_values is None else mta_values, "example.com")
    return sorted(f.code for f in found if f.is_error)


def errors(listens=None, **kwargs):
    _unused, found = check_lab(COURSE if listens is None else listens, VM, NET, ZONE, "h2g", "postfix",
                               dict(POSTFIX, **kwargs), "example.com")
    return [f for f in found if f.is_error]


@pytest.mark.parametrize("listens, expected", [
    (COURSE, []),
    # Two daemons on one port.
    (with_("stunnel", port=993), ["port-claimed-twice"]),
    (with_("mysql", port=25), ["port-claimed-twice"]),
    (with_("sshd", port=3306), ["port-claimed-twice"]),
    (with_("stunnel", port=587), ["port-claimed-twice"]),
    (with_("postfix", 2, listen="127.0.0.1:995"), ["port-claimed-twice"]),
    (with_("postfix", 2, listen="127.0.0.1:23"), ["port-claimed-twice"]),      # labtalk's loopback port
    (with_("superserver", port=465, address="0.0.0.0"), ["port-claimed-twice"]),
    # Different protocols or addresses do not collide.
    (with_("superserver", port=53, address="127.0.0.2"), []),
    (with_("mysql", port=53, proto="udp", address="192.168.0.10"), ["port-claimed-twice"]),
    (with_("mysql", port=10465), []),                                          # 192.168.0.10 vs 127.0.0.1
    (with_("mysql", port=10465, address="0.0.0.0"), ["port-claimed-twice"]),
    # Addresses the VM lacks (an interface name is resolved with the VM's).
    (with_("mysql", address="192.168.0.99"), ["address-not-on-vm"]),
    (with_("mysql", address="10.0.0.5"), ["address-not-on-vm", "lab-unreachable"]),
    (with_("named", address=["192.168.0.11", "127.0.0.1"]), ["address-not-on-vm"]),
    (with_("samba", address=["lo", "eth0"]), []),
    (with_("samba", address=["lo", "eth1"]), ["address-not-on-vm", "lab-unreachable"]),
    # A lab service on the loopback only; a loopback service on the loopback is fine.
    (with_("mysql", address="127.0.0.1"), ["lab-unreachable"]),
    (with_("sshd", address=["127.0.0.1", "::1"]), ["lab-unreachable"]),
    (with_("superserver", address="127.0.0.1", lab=True), ["lab-unreachable"]),
    (with_("postfix", 2, enabled=False), []),
    # Malformed claims name the variable.
    (with_("sshd", port="ssh-port"), ["bad-claim"]),
    (with_("sshd", port=70000), ["bad-claim"]),
    (with_("sshd", proto="sctp"), ["bad-claim"]),
    ({"sshd": "22"}, ["bad-claim"]),
])
def test_port_map(listens, expected):
    assert codes(listens) == expected


def test_collision_names_both_variables_and_the_fix():
    found = errors(with_("stunnel", port=993))
    assert len(found) == 1
    assert "stunnel_smtps_port" in found[0].message and "dovecot_listeners (imaps)" in found[0].message
    assert "0.0.0.0:993/tcp" in found[0].message
    assert "stunnel_smtps_port" in found[0].fix and "dovecot_listeners (imaps)" in found[0].fix


def test_unreachable_names_the_address_variable():
    found = errors(with_("mysql", address="127.0.0.1"))
    assert "mysql_bind_address" in found[0].message and NET in found[0].message
    assert "mysql_bind_address" in found[0].fix


def test_planned_address_counts_as_the_vms():
    vm = VmAddresses([("eth0", "10.0.2.15")], planned=["192.168.0.10"])
    assert codes(vm=vm) == []
    # named, samba and mysql bind lab_address; the VM's name, the MX and the NS point at it.
    assert codes(vm=VmAddresses([("eth0", "10.0.2.15")])) == ["address-not-on-vm"] * 3 + [
        "host-record-not-on-vm", "mx-not-on-vm", "ns-not-on-vm"]


@pytest.mark.parametrize("mta, values, expected", [
    ("postfix", POSTFIX, []),
    ("postfix", dict(POSTFIX, postfix_mydomain="example.org"), ["mta-domain-mismatch", "mx-domain-not-local"]),
    ("postfix", dict(POSTFIX, postfix_mydestination=["$myhostname", "localhost"]), ["mx-domain-not-local"]),
    ("postfix", dict(POSTFIX, postfix_mydestination="$myhostname, localhost, example.com"), []),
    ("postfix", dict(POSTFIX, postfix_myhostname="smtp.example.com"), ["mta-hostname-not-in-dns"]),
    ("postfix", dict(POSTFIX, postfix_myhostname="www.example.com"), []),          # an alias resolves
    ("qmail", {"qmail_me": "h2g.example.com", "qmail_locals": ["h2g.example.com", "example.com"]}, []),
    ("qmail", {"qmail_me": "h2g.example.com", "qmail_locals": ["h2g.example.com"]}, ["mx-domain-not-local"]),
    (None, {}, []),
])
def test_mail_names(mta, values, expected):
    assert codes(mta=mta, mta_values=values) == expected


def test_hostname_outside_the_domain_is_a_warning():
    _unused, found = check_lab({}, VM, NET, ZONE, "h2g", "postfix",
                               dict(POSTFIX, postfix_myhostname="mail.example.org"), "example.com")
    assert [(f.severity, f.code) for f in found] == [("warning", "mta-hostname-not-in-dns")]


@pytest.mark.parametrize("hosts, mta, expected", [
    ([{"name": "h2g", "address": "192.168.0.10"}, {"name": "mail", "address": "192.168.0.10"}], "postfix", []),
    ([{"name": "h2g", "address": "192.168.0.11"}, {"name": "mail", "address": "192.168.0.10"}], "postfix",
     ["host-record-not-on-vm", "mta-hostname-not-in-dns"][:1]),
    ([{"name": "h2g", "address": "192.168.0.10"}, {"name": "mail", "address": "192.168.0.20"}], "postfix",
     ["mx-not-on-vm"]),
    # No MTA on the VM (before day 8): the MX may point elsewhere.
    ([{"name": "h2g", "address": "192.168.0.10"}, {"name": "mail", "address": "192.168.0.20"}], None, []),
])
def test_dns_records_name_the_vms_addresses(hosts, mta, expected):
    zone = dnsmodel.expand("example.com", hosts, {}, [{"name": "mail"}], [], [NET])
    assert codes(listens={}, zone=zone, mta=mta) == expected


@pytest.mark.parametrize("ns_address, listens, expected", [
    ("192.168.0.10", COURSE, []),
    ("192.168.0.20", COURSE, ["ns-not-on-vm"]),
    ("192.168.0.20", {"tinydns": [{"service": "domain", "address": "192.168.0.10", "port": 53, "proto": "udp"}]},
     ["ns-not-on-vm"]),
    # No DNS server on the VM (before day 7): the NS may be another host.
    ("192.168.0.20", {"sshd": COURSE["sshd"]}, []),
])
def test_ns_names_the_vm_when_it_serves_dns(ns_address, listens, expected):
    zone = dnsmodel.expand("example.com", [{"name": "h2g", "address": "192.168.0.10"},
                                           {"name": "ns", "address": ns_address}], {}, [], ["ns"], [NET])
    assert codes(listens=listens, zone=zone, mta=None) == expected


def test_parse_ip_addr():
    text = """\
1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
1: lo    inet6 ::1/128 scope host noprefixroute \\       valid_lft forever preferred_lft forever
27: eth0@if28    inet 192.168.0.58/24 brd 192.168.0.255 scope global eth0\\       valid_lft forever
"""
    assert parse_ip_addr(text) == [("lo", "127.0.0.1"), ("lo", "::1"), ("eth0", "192.168.0.58")]


def test_roles_for_follows_the_tracks():
    model = {"lab_dns_server": "bind", "lab_mta": "postfix", "lab_time_provider": "chrony"}
    assert roles_for(6, model) == []
    assert roles_for(8, model) == ["named", "postfix", "dovecot"]
    assert roles_for(20, model) == ["named", "postfix", "dovecot", "samba", "superserver", "sshd", "stunnel",
                                    "mysql"]
    djb = {"lab_dns_server": "tinydns", "lab_mta": "qmail", "lab_time_provider": "clockspeed"}
    assert roles_for(99, djb) == ["tinydns", "dnscache", "qmail", "dovecot", "samba", "superserver", "sshd",
                                  "stunnel", "mysql"]


# --- ROLE_DAYS follows the day playbooks ----------------------------------------------------------

PLAYBOOK_DAYS = {"day07": 7, "djbdns": 7, "day08": 8, "qmail": 8, "day10": 10, "day12": 12, "day13": 13,
                 "day20": 20, "time": 26}


def listens_roles():
    found = []
    for role in sorted(os.listdir(ROLES)):
        path = os.path.join(ROLES, role, "defaults", "main.yml")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as handle:
                if "%s_listens" % role in (yaml.safe_load(handle) or {}):
                    found.append(role)
    return found


def test_every_role_with_claims_is_in_role_days():
    assert sorted(listens_roles()) == sorted(r for r, _unused, _unused in ROLE_DAYS)


@pytest.mark.parametrize("playbook, day", sorted(PLAYBOOK_DAYS.items()))
def test_role_days_match_the_playbooks(playbook, day):
    with open(os.path.join(PLAYBOOKS, playbook + ".yml")) as handle:
        plays = yaml.safe_load(handle)
    first = dict((role, first) for role, first, _unused in ROLE_DAYS)
    for play in plays:
        for entry in play.get("roles") or []:
            role = entry["role"].split(".")[-1]
            if role in listens_roles():
                # A role may come back on a later day (the superserver on day 12): never earlier.
                assert first[role] <= day, (playbook, role)
                assert first[role] == day or playbook == "day12", (playbook, role)


# --- <role>_listens and the role's template read the same variables ---------------------------------

def listens(role, **overrides):
    with roles_render.collection_plugins():
        return roles_render.template(roles_render.templar(role, **overrides), "{{ %s_listens }}" % role)


def model_set(role, **overrides):
    claims, bad = normalize_claims(role, listens(role, **overrides), VM)
    assert bad == []
    return sorted((c.address, c.port, c.proto) for c in claims)


def config_set(kind, text, **options):
    return sorted(set((c.address, c.port, c.proto) for c in listen.claims_from(kind, text, **options)))


@pytest.mark.parametrize("overrides", [{}, {"named_listen_on": ["192.168.0.10"]},
                                       {"named_listen_on": ["127.0.0.1", "192.168.0.10"]}])
def test_named_claims_match_named_conf(overrides):
    overrides = dict(overrides, lab_dns_zone=ZONE)
    with roles_render.collection_plugins():
        text = roles_render.render("named", "named.conf.j2", **overrides)
    assert model_set("named", **overrides) == config_set("named", text)


@pytest.mark.parametrize("overrides", [
    {}, {"postfix_submission": False}, {"postfix_stunnel_backend": ""},
    {"postfix_stunnel_backend": "127.0.0.1:2525"}, {"postfix_inet_interfaces": "loopback-only"},
    {"postfix_inet_interfaces": "192.168.0.10, 127.0.0.1"}])
def test_postfix_claims_match_master_cf(overrides):
    variables = roles_render.role_variables("postfix", **overrides)
    with roles_render.collection_plugins():
        text = roles_render.render("postfix", "master.cf.j2", __postfix_chroot="y", **overrides)
        interfaces = roles_render.template(roles_render.templar("postfix", **overrides),
                                           "{{ postfix_inet_interfaces }}")
    assert variables
    assert model_set("postfix", **overrides) == config_set(
        "postfix_master", text, inet_interfaces=interfaces, inet_protocols="ipv4")


@pytest.mark.parametrize("overrides", [
    {}, {"dovecot_protocols": ["pop3"]}, {"dovecot_listen": ["192.168.0.10", "127.0.0.1"]},
    {"dovecot_listeners": [{"name": "pop3", "protocol": "pop3", "port": 1110, "ssl": False},
                           {"name": "imaps", "protocol": "imap", "port": 993, "ssl": True}]}])
def test_dovecot_claims_match_dovecot_conf(overrides):
    base = {"mailcert_cert_path": "/c", "mailcert_key_path": "/k", "__dovecot_cert_files": {"results": []}}
    base.update(overrides)
    text = roles_render.render("dovecot", "dovecot.conf.j2", **base)
    assert model_set("dovecot", **base) == config_set("dovecot", text)


@pytest.mark.parametrize("overrides", [
    {"stunnel_smtps_port": 465},
    {"stunnel_smtps_port": 10465},
    {"stunnel_extra_services": [{"name": "pop3s", "accept": 995, "connect": 110}]}])
def test_stunnel_claims_match_stunnel_conf(overrides):
    base = {"stunnel_mode": "standalone", "stunnel_cert": "/c", "stunnel_key": "/k"}
    base.update(overrides)
    text = roles_render.render("stunnel", "smtps.conf.j2", **base)
    assert model_set("stunnel", **base) == config_set("stunnel", text)


@pytest.mark.parametrize("overrides", [
    {}, {"superserver_examples_enabled": ["labtalk", "smtps"]},
    {"superserver_services": [{"name": "echo", "port": 7, "server": "/bin/cat", "bind": "192.168.0.10"}]}])
def test_superserver_claims_match_xinetd_files(overrides):
    variables = roles_render.role_variables("superserver", **overrides)
    with roles_render.collection_plugins():
        model = roles_render.template(roles_render.templar("superserver", **overrides), "{{ __superserver_model }}")
        texts = [roles_render.render("superserver", "xinetd.j2", service=svc, **overrides) for svc in model]
    assert variables
    expected = sorted(set(c for text in texts for c in config_set("xinetd", text)))
    assert model_set("superserver", **overrides) == expected


@pytest.mark.parametrize("overrides, expected", [
    ({}, [("0.0.0.0", 22, "tcp")]),
    ({"sshd_port": 2222, "sshd_listen_addresses": ["192.168.0.10"]}, [("192.168.0.10", 2222, "tcp")]),
])
def test_sshd_claims_match_sshd_config(overrides, expected):
    text = roles_render.render("sshd", "sshd_config.j2", **overrides)
    assert "Port %d" % expected[0][1] in text
    assert model_set("sshd", **overrides) == expected


@pytest.mark.parametrize("overrides", [{}, {"mysql_port": 3307, "mysql_bind_address": "0.0.0.0"}])
def test_mysql_claims_match_its_drop_in(overrides):
    text = roles_render.render("mysql", "serverlab.cnf.j2", **overrides)
    (address, port, _unused), = model_set("mysql", **overrides)
    assert "port = %d" % port in text and "bind-address = %s" % address in text


def test_samba_claims_follow_its_interfaces():
    assert model_set("samba", samba_nmbd=False) == [
        ("127.0.0.1", 139, "tcp"), ("127.0.0.1", 445, "tcp"), ("192.168.0.10", 139, "tcp"), ("192.168.0.10", 445, "tcp")]
    assert ("192.168.0.10", 137, "udp") in model_set("samba")


def test_djb_claims_follow_their_addresses():
    assert model_set("tinydns") == [("192.168.0.10", 53, "udp")]
    assert model_set("dnscache") == [("127.0.0.1", 53, "tcp"), ("127.0.0.1", 53, "udp")]
    assert model_set("qmail") == [("0.0.0.0", 25, "tcp")]


def test_the_course_defaults_are_a_clean_map():
    model = {"lab_dns_server": "bind", "lab_mta": "postfix", "lab_time_provider": "chrony"}
    found = {}
    for role in roles_for(99, model):
        found[role] = listens(role)
    _unused, findings = check_lab(found, VM, NET, ZONE, "h2g", "postfix", POSTFIX, "example.com")
    assert findings == []


# --- the module -----------------------------------------------------------------------------------

def test_module_fails_naming_both_variables():
    outcome = modrun.run(lab_ports_check, listens=with_("stunnel", port=993), addresses=["192.168.0.10"],
                         lab_network=NET, zone=ZONE, hostname="h2g", lab_domain="example.com",
                         mta="postfix", mta_values=POSTFIX)
    assert outcome.failed
    assert "stunnel_smtps_port" in outcome.result["msg"] and "dovecot_listeners (imaps)" in outcome.result["msg"]
    assert outcome.result["changed"] is False


def test_module_passes_the_course():
    outcome = modrun.run(lab_ports_check, listens=COURSE, addresses=["192.168.0.10"], lab_network=NET,
                         zone=ZONE, hostname="h2g", lab_domain="example.com", mta="postfix", mta_values=POSTFIX)
    assert not outcome.failed, outcome.result["msg"]
    assert {"role": "stunnel", "service": "smtps", "address": "0.0.0.0", "port": 465, "proto": "tcp",
            "var": "stunnel_smtps_port", "address_var": None, "lab": True} in outcome.result["claims"]
    assert portmap.WILDCARD4 == "0.0.0.0"


def test_stunnel_in_superserver_mode_claims_smtps_only():
    claims = model_set("stunnel", stunnel_mode="superserver",
                       stunnel_extra_services=[{"name": "pop3s", "accept": 995, "connect": 110}])
    assert claims == [("0.0.0.0", 465, "tcp")]


def test_smtps_from_stunnel_and_the_superserver_collide():
    found = {"stunnel": listens("stunnel", stunnel_mode="superserver"),
             "superserver": listens("superserver", superserver_services=[
                 {"name": "smtps", "port": 465, "server": "/usr/bin/stunnel /etc/stunnel/smtps-inetd.conf"}])}
    _unused, findings = check_lab(found, VM, NET)
    assert [f.code for f in findings] == ["port-claimed-twice"]
    assert "superserver_services (smtps)" in findings[0].message and "stunnel_smtps_port" in findings[0].message


def split(address, hostname, mail_role, values, mx=None):
    from ansible_collections.serverlab.course.plugins.module_utils import mailtopo
    zone = dnsmodel.expand("example.com", mailtopo.dns_hosts(SPLIT_HOSTS), {},
                           mailtopo.mx(SPLIT_HOSTS) if mx is None else mx, ["ns"], [NET])
    _claims, found = check_lab({}, VmAddresses([("eth0", address)]), NET, zone, hostname, "postfix", values,
                               "example.com", mail_role=mail_role)
    return sorted(f.code for f in found if f.is_error)


RELAY_VALUES = {"postfix_myhostname": "relay.example.com", "postfix_mydomain": "example.com",
                "postfix_mydestination": []}


def test_split_hosts_pass_where_the_single_host_rules_would_refuse_them():
    assert split("192.168.0.30", "h2g", "store", dict(POSTFIX)) == []
    assert split("192.168.0.31", "relay", "relay", RELAY_VALUES) == []
    assert split("192.168.0.32", "relay2", "backup-relay", dict(RELAY_VALUES, postfix_myhostname="relay2.example.com")) == []
    # The same relay graded as the single host: the backup MX is not its own, and nothing is local.
    assert split("192.168.0.31", "relay", "single", RELAY_VALUES) == ["mx-domain-not-local", "mx-not-on-vm"]


def test_a_relay_that_is_no_mx_is_refused():
    assert split("192.168.0.31", "relay", "relay", RELAY_VALUES, mx=[{"name": "relay2", "preference": 20}]) == [
        "mx-not-on-vm"]
