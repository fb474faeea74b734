# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The firewall (graded with day 6): firewalld lets the lab network reach every lab service of the VM's days.

A daemon can be up, configured and answering on the VM itself while no lab host reaches it: on EL
firewalld blocks every service it was not told about. The other checks talk to the daemons from the
VM, where the firewall does not filter, so this check asks firewalld itself, the way a lab host
lands in it: the zone a source covering the lab network is bound to, else the zone of the lab
interface, else the default zone. Runtime (what blocks now) and permanent (what the next reload or
boot brings back) are both read.

lab.json key "firewall" (role labeval, from the lab model): {"provider": "firewalld"|"none",
"zone": "lab", "services": {"6": ["ssh"], "7": ["dns"], ...}} (lab_firewall, firewall_zone,
lab_firewall_services: firewalld service names or PORT/PROTO entries).
"""

from __future__ import annotations

import ipaddress
import re

from ..framework import Check, failed, passed
from ..i18n import T, join
from .common import section

DAY = 6

DEFAULTS = {"provider": "none", "zone": "lab", "services": {}}

# The ports of the firewalld services the lab model names, as firewalld ships them, with the services
# they include (/usr/lib/firewalld/services/NAME.xml: samba includes samba-client, which includes
# netbios-ns); molecule/firewall compares them with the running firewalld.
# A service counts as allowed when a trainee opened its ports instead (--add-port=53/udp ...).
SERVICE_PORTS = {
    "ssh": ("22/tcp",),
    "dns": ("53/tcp", "53/udp"),
    "smtp": ("25/tcp",),
    "smtp-submission": ("587/tcp",),
    "smtps": ("465/tcp",),
    "pop3": ("110/tcp",),
    "pop3s": ("995/tcp",),
    "imap": ("143/tcp",),
    "imaps": ("993/tcp",),
    "samba": ("139/tcp", "445/tcp", "137/udp", "138/udp"),
    "mysql": ("3306/tcp",),
    "ntp": ("123/udp",),
}


def expected_services(config):
    """The entries of every lab day up to the VM's day (every day when the day is unknown), in order."""
    values = section_of(config)
    day = config.get("day")
    found = []
    table = values.get("services") or {}
    for key in sorted(table, key=int):
        if day is not None and int(key) > int(day):
            continue
        for entry in table[key] or []:
            if entry not in found:
                found.append(str(entry))
    return found


def section_of(config):
    merged = dict(DEFAULTS)
    merged.update(config.get("firewall") or {})
    return merged


def parse_active_zones(text):
    """``firewall-cmd --get-active-zones`` -> {zone: {"interfaces": [...], "sources": [...]}}."""
    zones, current = {}, None
    for raw in (text or "").splitlines():
        if not raw.strip():
            continue
        if not raw[0].isspace():
            current = raw.split()[0]
            zones[current] = {"interfaces": [], "sources": []}
            continue
        key, _unused, value = raw.strip().partition(":")
        if current is not None and key in ("interfaces", "sources"):
            zones[current][key] = value.split()
    return zones


def parse_zone(text):
    """``firewall-cmd --zone=Z --list-all`` -> {"target", "services", "ports", "rich rules", ...}."""
    info, key = {}, None
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        match = re.match(r"^([a-z][a-z -]*):\s*(.*)$", line)
        if match and raw[:1].isspace() and not raw.startswith("\t"):
            key = match.group(1)
            if key == "rich rules":
                info[key] = [match.group(2)] if match.group(2) else []
            else:
                info[key] = match.group(2).split()
        elif key == "rich rules":
            info[key].append(line)
    return info


def _covers(source, network):
    try:
        return ipaddress.ip_network(network, strict=False).subnet_of(ipaddress.ip_network(source, strict=False))
    except (TypeError, ValueError):
        return False


def lab_zone(ctx, network, device):
    """(zone, how) where traffic from the lab network lands, or (None, error text)."""
    rc, out, err = ctx.run(["firewall-cmd", "--get-active-zones"])
    if rc != 0:
        return None, (err or out).strip() or "rc %d" % rc
    zones = parse_active_zones(out)
    for zone, info in zones.items():
        if any(_covers(source, network) for source in info["sources"]):
            return zone, "source %s" % " ".join(info["sources"])
    for zone, info in zones.items():
        if device in info["interfaces"]:
            return zone, "interface %s" % device
    rc, out, err = ctx.run(["firewall-cmd", "--get-default-zone"])
    if rc != 0:
        return None, (err or out).strip() or "rc %d" % rc
    return out.strip(), "default zone"


def _rule_accepts(rule, kind, name, network):
    """A rich rule that accepts service/port `name` for the lab network (no source, or one covering it)."""
    if " accept" not in " " + rule or re.search(r"source\s+NOT", rule):
        return False
    source = re.search(r'source address="([^"]+)"', rule)
    if source and not _covers(source.group(1), network):
        return False
    if kind == "service":
        return re.search(r'service name="%s"' % re.escape(name), rule) is not None
    port, _unused, proto = name.partition("/")
    return re.search(r'port port="%s" protocol="%s"' % (re.escape(port), re.escape(proto)), rule) is not None


def allowed(info, entry, network):
    """Does a zone (parse_zone) let the lab network reach `entry` (a service name or PORT/PROTO)?"""
    if (info.get("target") or [""])[0].upper() == "ACCEPT":
        return True
    kind = "port" if "/" in entry else "service"
    if entry in info.get("services" if kind == "service" else "ports", []):
        return True
    if kind == "port" and any(entry in SERVICE_PORTS.get(name, ()) for name in info.get("services", [])):
        return True
    ports = SERVICE_PORTS.get(entry) if kind == "service" else None
    if ports and all(allowed(info, port, network) for port in ports):
        return True
    return any(_rule_accepts(rule, kind, entry, network) for rule in info.get("rich rules", []))


def _fix(zone, entry):
    option = "--add-port" if "/" in entry else "--add-service"
    return "firewall-cmd --permanent --zone=%s %s=%s && firewall-cmd --reload" % (zone, option, entry)


def check_lab_services(ctx):
    """firewalld allows every lab service of the VM's days from the lab network (runtime and permanent)."""
    values = section(ctx, "firewall", DEFAULTS)
    provider = str(values.get("provider") or "none")
    network = str(ctx.config.get("network") or "%s/%s" % (ctx.config.get("address"), ctx.config.get("prefix")))
    rc, out, err = ctx.run(["firewall-cmd", "--state"])
    state = (out or err).strip() or "rc %d" % rc
    evidence = ["lab_firewall: %s" % provider, "firewall-cmd --state: %s" % ("not installed" if rc == 127 else state)]
    if rc != 0:
        if provider != "firewalld":
            return passed(*evidence)
        if rc == 127:
            return failed(T("firewalld is not installed, but lab_firewall is firewalld: install the firewalld "
                            "package, then systemctl enable --now firewalld"), *evidence)
        return failed(T("firewalld is not running, but lab_firewall is firewalld: systemctl enable --now firewalld "
                        "(then check with firewall-cmd --state)"), *evidence)
    wanted = expected_services(dict(ctx.config, firewall=values))
    zone, how = lab_zone(ctx, network, str(ctx.config.get("device") or "eth0"))
    if zone is None:
        return failed(T("firewall-cmd cannot say which zone the lab network is in: %(error)s", error=how), *evidence)
    evidence.append("lab network %s -> zone %s (%s)" % (network, zone, how))
    problems = []
    configured = str(values.get("zone") or "lab")
    if provider == "firewalld" and zone != configured:
        problems.append(T("the lab network %(network)s is not bound to the zone %(zone)s, so lab hosts land in the "
                          "zone %(actual)s: firewall-cmd --permanent --zone=%(zone)s --add-source=%(network)s && "
                          "firewall-cmd --reload", network=network, zone=configured, actual=zone))
    views = {}
    for permanent in (False, True):
        argv = ["firewall-cmd"] + (["--permanent"] if permanent else []) + ["--zone=" + zone, "--list-all"]
        rc, out, err = ctx.run(argv)
        if rc != 0:
            return failed(T("%(command)s failed: %(error)s", command=" ".join(argv),
                            error=(err or out).strip() or "rc %d" % rc), *evidence)
        views[permanent] = parse_zone(out)
        evidence.append("%s: services %s; ports %s; target %s" % (
            " ".join(argv), " ".join(views[permanent].get("services", [])) or "-",
            " ".join(views[permanent].get("ports", [])) or "-", " ".join(views[permanent].get("target", [])) or "-"))
    blocked = [e for e in wanted if not allowed(views[False], e, network)]
    lost = [e for e in wanted if e not in blocked and not allowed(views[True], e, network)]
    if blocked:
        problems.append(T("firewalld blocks %(services)s from the lab network (zone %(zone)s), so lab hosts cannot "
                          "reach them although the daemons run: %(fix)s", services=", ".join(blocked), zone=zone,
                          fix="; ".join(_fix(zone, e) for e in blocked)))
    if lost:
        problems.append(T("%(services)s are allowed now but not in the permanent configuration of zone %(zone)s, so the "
                          "next firewall-cmd --reload or boot blocks them: %(fix)s", services=", ".join(lost),
                          zone=zone, fix="; ".join(_fix(zone, e) for e in lost)))
    if problems:
        return failed(join(problems), *evidence)
    evidence.append("allowed from the lab network: %s" % (", ".join(wanted) or "nothing expected"))
    return passed(*evidence)


CHECKS = [
    Check(DAY, 20, "firewall/lab-services", check_lab_services),
]
