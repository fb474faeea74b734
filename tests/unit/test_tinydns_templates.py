"""The djb roles' templates and derived variables, rendered by Ansible: tinydns data from the lab's one DNS
model (checked with our tinydns parser and compared record by record with the model), the run scripts with
the Debian and EL paths, and dnscache's root/ip/ names."""

from __future__ import annotations

import os

from ansible_collections.serverlab.course.plugins.plugin_utils.compat import trust_as_template

import roles_render

from ansible_collections.serverlab.course.plugins.module_utils import dnsmodel, tinydns

ROLES = os.path.join(os.path.dirname(__file__), "..", "..", "roles")


def zone(hosts=None, aliases=None, mx=None, nameservers=None, networks=None, ttl=86400, domain="example.com"):
    hosts = hosts if hosts is not None else [
        {"name": "h2g", "address": "192.168.0.10"}, {"name": "ns", "address": "192.168.0.10"},
        {"name": "mail", "address": "192.168.0.10"}]
    return dnsmodel.expand(domain, hosts, {"www": "h2g"} if aliases is None else aliases,
                           [{"name": "mail", "preference": 10}] if mx is None else mx,
                           ["ns"] if nameservers is None else nameservers,
                           ["192.168.0.0/24"] if networks is None else networks, ttl)


def templar(role, family="Debian", **overrides):
    return roles_render.templar(role, family, **dict({"lab_dns_zone": zone()}, **overrides))


def render(role, template, family="Debian", **overrides):
    return roles_render.render(role, template, family, **dict({"lab_dns_zone": zone()}, **overrides))


def records(text):
    data = tinydns.parse_data(text, "data")
    return data, sorted((r.name, r.type, r.value, r.ttl) for r in data.records if r.type != "SOA")


def expected(model):
    out = []
    for r in model["records"] + [p for ptrs in model["reverse"].values() for p in ptrs]:
        value = r["value"].rstrip(".")
        if r["type"] == "MX":
            value = "%d %s" % (r["preference"], value)
        out.append((r["name"].rstrip("."), r["type"], value, model["ttl"] if r["type"] != "NS" else model["ttl"]))
    for origin in [model["origin"]] + list(model["reverse"]):
        if origin != model["origin"]:
            out += [(origin.rstrip("."), "NS", ns.rstrip("."), model["ttl"]) for ns in model["nameservers"]]
    return sorted(out)


def test_default_data_is_clean_and_matches_the_model():
    text = render("tinydns", "data.j2")
    data, got = records(text)
    assert tinydns.check_data(data) == []  # not even a warning (no invented a.ns. / a.mx. names)
    assert got == expected(zone())
    assert "=h2g.example.com:192.168.0.10:86400" in text.splitlines()
    assert "+ns.example.com:192.168.0.10:86400" in text.splitlines()
    assert ".example.com::ns.example.com:86400" in text.splitlines()
    assert "@example.com::mail.example.com:10:86400" in text.splitlines()
    assert "Cwww.example.com:h2g.example.com:86400" in text.splitlines()
    assert not [line for line in text.splitlines() if line.startswith("^")]


def test_soa_for_both_zones():
    data, _unused = records(render("tinydns", "data.j2"))
    soas = sorted((r.name, r.target) for r in data.records if r.type == "SOA")
    assert soas == [("0.168.192.in-addr.arpa", "ns.example.com"), ("example.com", "ns.example.com")]


def test_each_address_gets_one_ptr_from_its_first_host():
    model = zone(hosts=[{"name": "h2g", "address": "192.168.0.10"}, {"name": "ns", "address": "192.168.0.10"},
                        {"name": "mail", "address": "192.168.0.20"}, {"name": "old", "address": "192.168.0.30",
                                                                      "ptr": False}])
    text = render("tinydns", "data.j2", tinydns_zone=model)
    lines = text.splitlines()
    assert "=mail.example.com:192.168.0.20:86400" in lines
    assert "+old.example.com:192.168.0.30:86400" in lines
    data, got = records(text)
    assert got == expected(model)
    assert [f.code for f in tinydns.check_data(data)] == []


def test_ptr_to_a_name_outside_the_domain_uses_a_caret_line():
    model = zone(hosts=[{"name": "h2g", "address": "192.168.0.10"}, {"name": "ns", "address": "192.168.0.10"},
                        {"name": "mail", "address": "192.168.0.10"},
                        {"name": "gw.other.test.", "address": "192.168.0.1"}])
    text = render("tinydns", "data.j2", tinydns_zone=model)
    assert "^1.0.168.192.in-addr.arpa:gw.other.test:86400" in text.splitlines()
    assert "gw.other.test:192.168.0.1" not in text  # tinydns would not serve an A outside its zones
    data, _unused = records(text)
    assert [f for f in tinydns.check_data(data) if f.is_error] == []


def test_second_name_server_and_ttl():
    model = zone(hosts=[{"name": "h2g", "address": "192.168.0.10"}, {"name": "ns", "address": "192.168.0.10"},
                        {"name": "ns2", "address": "192.168.0.11"}, {"name": "mail", "address": "192.168.0.10"}],
                 nameservers=["ns", "ns2"], ttl=3600)
    text = render("tinydns", "data.j2", tinydns_zone=model)
    lines = text.splitlines()
    assert ".example.com::ns.example.com:3600" in lines
    assert "&example.com::ns2.example.com:3600" in lines
    assert "&0.168.192.in-addr.arpa::ns2.example.com:3600" in lines
    data, got = records(text)
    assert [f for f in tinydns.check_data(data) if f.is_error] == []
    assert got == expected(model)


def test_the_validator_catches_a_broken_render():
    # The role validates the candidate before it goes live: a name server without address is an error.
    text = render("tinydns", "data.j2").replace("+ns.example.com:192.168.0.10:86400\n", "")
    assert "ns-target-no-address" in [f.code for f in tinydns.check_data(tinydns.parse_data(text))]


def test_run_scripts_debian_and_el():
    deb = render("tinydns", "run.j2", "Debian")
    el = render("tinydns", "run.j2", "RedHat")
    assert deb.startswith("#!/bin/sh\n") and "exec 2>&1\n" in deb
    assert "exec envuidgid tinydns envdir ./env softlimit -d4000000 /usr/sbin/tinydns" in deb
    assert "softlimit -d4000000 /usr/local/bin/tinydns" in el
    cache = render("dnscache", "run.j2", "RedHat")
    assert "exec <seed" in cache and "/usr/local/bin/dnscache" in cache


def test_dnscache_ip_files_and_zones():
    t = templar("dnscache", dnscache_clients=["127.0.0.1", "192.168.0.0/24", "10.0.0.0/8", "172.16.0.0/16"])
    assert list(t.template(trust_as_template("{{ __dnscache_ip_files }}"))) == [
        "127.0.0.1", "192.168.0", "10", "172.16"]
    assert list(t.template(trust_as_template("{{ __dnscache_local_zones }}"))) == [
        "example.com", "0.168.192.in-addr.arpa"]


def test_daemontools_service_dir_by_family():
    assert templar("daemontools", "Debian").template(trust_as_template("{{ daemontools_service_dir }}")) == "/etc/service"
    assert templar("daemontools", "RedHat").template(trust_as_template("{{ daemontools_service_dir }}")) == "/service"
