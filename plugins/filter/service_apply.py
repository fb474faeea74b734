# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of roles/lab/tasks/service_apply.yml: the client probes of a service, and which variable
to name when the service does not serve after a change."""

from __future__ import annotations

import ipaddress
import re

WILDCARDS = ("*", "0.0.0.0", "any", "all")
LOOPBACK = "127.0.0.1"


def probe_hosts(addresses, lab_address):
    """The IPv4 addresses a client of the lab reaches a service at, from what the service is told to
    listen on: a wildcard means the lab address and the loopback, a network the ones inside it.
    IPv6 and names the lab does not use (none, !acl...) give nothing to probe."""
    if isinstance(addresses, str):
        addresses = [a for a in re.split(r"[\s,]+", addresses) if a]
    hosts = []
    for entry in addresses:
        entry = str(entry).strip()
        if entry in WILDCARDS:
            found = [lab_address, LOOPBACK]
        elif entry in ("localhost", "loopback-only"):
            found = [LOOPBACK]
        elif entry == "localnets":
            found = [lab_address]
        else:
            try:
                network = ipaddress.ip_network(entry, strict=False)
            except ValueError:
                found = []
            else:
                if network.version != 4:
                    found = []
                elif network.num_addresses == 1:
                    found = [str(network.network_address)]
                else:
                    found = [a for a in (lab_address, LOOPBACK) if ipaddress.ip_address(a) in network]
        hosts += [h for h in found if h not in hosts]
    return hosts


def listen_probes(addresses, lab_address, port, var, banner=None, command=None, expect=None, what=None):
    """One probe per address a client reaches the service at (see probe_hosts). {host} and {port} in
    command and what are filled in. A probe with a command passes when the command exits 0 and its
    output matches expect; one without connects to host:port (and reads banner, a regex)."""
    probes = []
    for host in probe_hosts(addresses, lab_address):
        fill = {"host": host, "port": port}
        probe = {"host": host, "port": int(port), "var": var}
        if command:
            probe["command"] = [str(arg).format(**fill) for arg in command]
            probe["expect"] = expect or ""
            probe["what"] = (what or " ".join(probe["command"])).format(**fill)
        else:
            if banner:
                probe["banner"] = banner
            probe["what"] = (what or "connect to {host}:{port}").format(**fill)
        probes.append(probe)
    return probes


def apply_blame(probes, failed_result, journal, fallback):
    """The variables to name for a service that does not serve: those of the probes that failed (of
    these, the ones whose address or port the daemon's journal mentions, when it mentions any: a failed
    bind stops the other listeners too); else those of the probes the journal mentions (the daemon did
    not start); else the role's variables behind the changed files (fallback)."""
    def unique(names):
        out = []
        for name in names:
            if name and name not in out:
                out.append(name)
        return out

    text = "\n".join(journal or []) if not isinstance(journal, str) else journal

    def mentioned(probe):
        host, port = str(probe.get("host", "")), probe.get("port")
        by_host = host and host != LOOPBACK and re.search(r"(?<![\d.])%s(?![\d])" % re.escape(host), text)
        by_port = port and re.search(r"(?:port |#|, )%d(?!\d)" % int(port), text)
        return bool(by_host or by_port)

    results = (failed_result or {}).get("results") or []
    failed = [r.get("item") for r in results if isinstance(r, dict) and r.get("failed") and isinstance(r.get("item"), dict)]
    if failed:
        return unique(p.get("var") for p in ([p for p in failed if mentioned(p)] or failed))
    return unique(p.get("var") for p in probes or [] if mentioned(p)) or unique(fallback or [])


class FilterModule(object):
    def filters(self):
        return {"probe_hosts": probe_hosts, "listen_probes": listen_probes, "apply_blame": apply_blame}
