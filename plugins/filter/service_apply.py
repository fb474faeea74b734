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


# Clients run on the VM by its own Python (argv[1] host, argv[2] port), for services no packaged client
# asks cheaply. No braces: {host} and {port} are filled into the other arguments only.
CLIENTS = {
    # TLS handshake (any certificate: the probe proves the service, not the trust), then the first line
    # the service behind it sends (SMTP's 220 through stunnel).
    "tls": ("import socket,ssl,sys\n"
            "c=ssl.create_default_context();c.check_hostname=False;c.verify_mode=ssl.CERT_NONE\n"
            "s=c.wrap_socket(socket.create_connection((sys.argv[1],int(sys.argv[2])),5))\n"
            "s.settimeout(5);print(s.recv(512).decode('ascii','replace'))\n"),
    # One NTP client request (version 4, mode 3); a server answers in mode 4.
    "ntp": ("import socket,sys\n"
            "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.settimeout(2)\n"
            "s.sendto(b'\\x23'+b'\\0'*47,(sys.argv[1],int(sys.argv[2])))\n"
            "d=bytearray(s.recv(512));print('NTP mode %d stratum %d'%(d[0]&7,d[1]))\n"),
}
CLIENT_EXPECT = {"ntp": "^NTP mode 4 "}


def listen_probes(addresses, lab_address, port, var, banner=None, command=None, expect=None, what=None,
                  client=None, python="python3", address_var=None):
    """One probe per address a client reaches the service at (see probe_hosts). {host} and {port} in
    command and what are filled in. A probe with a command passes when the command exits 0 and its
    output matches expect; one without connects to host:port (and reads banner, a regex of bytes).
    client (a key of CLIENTS) runs that client with `python` on the VM (expect: banner, or its own).
    address_var names the variable of the address, when another one (var) names the port."""
    probes = []
    for host in probe_hosts(addresses, lab_address):
        fill = {"host": host, "port": port}
        probe = {"host": host, "port": int(port), "var": var}
        if address_var and address_var != var:
            probe["address_var"] = address_var
        if client:
            probe["command"] = [python, "-c", CLIENTS[client], host, str(port)]
            probe["expect"] = expect or banner or CLIENT_EXPECT.get(client, "")
            probe["what"] = (what or client + " client at {host}:{port}").format(**fill)
        elif command:
            probe["command"] = [str(arg).format(**fill) for arg in command]
            probe["expect"] = expect or ""
            probe["what"] = (what or " ".join(probe["command"])).format(**fill)
        else:
            if banner:
                probe["banner"] = banner
            probe["what"] = (what or "connect to {host}:{port}").format(**fill)
        probes.append(probe)
    return probes


def _truth(value, default=True):
    if value is None or value == "":
        return default
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def listens_probes(listens, lab_address, clients=None, python="python3"):
    """The probes of a role's published claims (<role>_listens, see plugins/module_utils/portmap.py):
    every enabled TCP claim at every address a client reaches it at, each naming the claim's variables.
    clients maps a claim's service to more options of listen_probes (banner, client, expect, what);
    a UDP claim is probed only through such a client (a bare UDP "connect" proves nothing)."""
    probes = []
    for claim in listens or []:
        if not isinstance(claim, dict) or not _truth(claim.get("enabled")):
            continue
        options = dict((clients or {}).get(claim.get("service"), {}))
        protos = claim.get("proto") or "tcp"
        protos = [protos] if isinstance(protos, str) else list(protos)
        if "tcp" not in protos and not options.get("client"):
            continue
        if claim.get("listen") not in (None, ""):
            host, _sep, port = str(claim["listen"]).rpartition(":")
            addresses = [host or "0.0.0.0"]
        else:
            port = claim.get("port")
            addresses = claim.get("address", "0.0.0.0")
            if isinstance(addresses, str):
                addresses = [addresses]
        if not str(port).isdigit() or int(port) == 0:
            continue
        options.setdefault("what", "%s at {host}:{port}" % claim.get("service", "service"))
        probes += listen_probes(addresses, lab_address, int(port), claim.get("var"), python=python,
                                address_var=claim.get("address_var"), **options)
    return probes


def apply_blame(probes, failed_result, journal, fallback):
    """The variables to name for a service that does not serve: those of the probes that failed (of
    these, the ones whose address or port the daemon's journal mentions, when it mentions any: a failed
    bind stops the other listeners too); else those of the probes the journal mentions (the daemon did
    not start); else the role's variables behind the changed files (fallback). A probe whose address and
    port come from two variables names the one the journal points at (its address, or "Cannot assign
    requested address": address_var; its port, or "Address already in use": var), else both."""
    def unique(names):
        out = []
        for name in names:
            if name and name not in out:
                out.append(name)
        return out

    text = "\n".join(journal or []) if not isinstance(journal, str) else journal

    def by_host(probe):
        host = str(probe.get("host", ""))
        return bool(host and host != LOOPBACK and re.search(r"(?<![\d.])%s(?![\d])" % re.escape(host), text))

    def by_port(probe):
        port = probe.get("port")
        return bool(port and re.search(r"(?:port |#|, )%d(?!\d)" % int(port), text))

    def mentioned(probe):
        return by_host(probe) or by_port(probe)

    def names(probe):
        if not probe.get("address_var"):
            return [probe.get("var")]
        address = by_host(probe) or re.search(r"(?i)cannot assign requested address", text)
        port = by_port(probe) or re.search(r"(?i)address already in use", text)
        if address and not port:
            return [probe["address_var"]]
        if port and not address:
            return [probe.get("var")]
        return [probe["address_var"], probe.get("var")]

    def blame(chosen):
        return unique(name for probe in chosen for name in names(probe))

    results = (failed_result or {}).get("results") or []
    failed = [r.get("item") for r in results if isinstance(r, dict) and r.get("failed") and isinstance(r.get("item"), dict)]
    if failed:
        return blame([p for p in failed if mentioned(p)] or failed)
    return blame([p for p in probes or [] if mentioned(p)]) or unique(fallback or [])


class FilterModule(object):
    def filters(self):
        return {"probe_hosts": probe_hosts, "listen_probes": listen_probes, "listens_probes": listens_probes,
                "apply_blame": apply_blame}
