# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab's DNS records, described once and expanded for any server.

The inventory describes the zone (hosts with addresses, aliases, mail exchangers,
name servers, reverse networks); `expand()` turns it into the records both BIND's
zone files and tinydns' data file are rendered from. PTR records are derived
from the hosts, never typed twice: the first host named for an address owns its
PTR. Pure Python: the evaluator ships this file to the VM and checks against it.
"""

from __future__ import annotations

import ipaddress

from .i18n import T


class ModelError(ValueError):
    """A bad value in the DNS model; the message (args[0], a T() message) names the variable."""


def _fqdn(name, domain):
    name = str(name).strip()
    if not name:
        raise ModelError(T("empty host name in lab_dns_* (use '@' for the domain itself)"))
    if name == "@":
        return domain + "."
    if name.endswith("."):
        return name.lower()
    return ("%s.%s." % (name, domain)).lower()


def reverse_origin(network):
    """0.168.192.in-addr.arpa for 192.168.0.0/24 (octet boundaries only)."""
    net = ipaddress.IPv4Network(str(network), strict=True)
    if net.prefixlen % 8 or net.prefixlen == 0:
        raise ModelError(T("lab_dns_reverse_networks: %(network)s is not on an octet boundary (/8, /16 or /24); "
                           "classless reverse delegation is not part of the lab", network=net))
    octets = str(net.network_address).split(".")[: net.prefixlen // 8]
    return ".".join(reversed(octets)) + ".in-addr.arpa."


def ptr_name(address):
    return ipaddress.IPv4Address(str(address)).reverse_pointer + "."


def expand(domain, hosts, aliases=None, mx=None, nameservers=None, reverse_networks=None, ttl=86400):
    """Expand the model into {"origin", "ttl", "records", "reverse": {origin: records}}.

    Each record is a dict name/type/value (+ preference for MX), names absolute with the dot.
    """
    domain = str(domain).strip(".").lower()
    origin = domain + "."
    records = []
    addresses = {}
    owners = {}
    for index, host in enumerate(hosts or []):
        if not isinstance(host, dict) or "name" not in host or "address" not in host:
            raise ModelError(T("lab_dns_hosts[%(index)d] must be a mapping with name and address, got %(value)s",
                               index=index, value=repr(host)))
        try:
            addr = ipaddress.IPv4Address(str(host["address"]))
        except ValueError:
            raise ModelError(T("lab_dns_hosts[%(index)d] (%(name)s): %(value)s is not an IPv4 address",
                               index=index, name=host["name"], value=repr(host["address"])))
        name = _fqdn(host["name"], domain)
        if (name, str(addr)) in addresses:
            continue
        addresses[(name, str(addr))] = True
        records.append({"name": name, "type": "A", "value": str(addr)})
        if host.get("ptr", True):
            owners.setdefault(str(addr), name)
    names = set(r["name"] for r in records)
    for alias, target in sorted((aliases or {}).items()):
        name, target_fqdn = _fqdn(alias, domain), _fqdn(target, domain)
        if name in names:
            raise ModelError(T("lab_dns_aliases: %(alias)s also has an address in lab_dns_hosts; a CNAME cannot "
                               "stand beside other data", alias=alias))
        records.append({"name": name, "type": "CNAME", "value": target_fqdn})
    cnames = set(r["name"] for r in records if r["type"] == "CNAME")
    for index, ns in enumerate(nameservers or []):
        target = _fqdn(ns, domain)
        if target in cnames:
            raise ModelError(T("lab_dns_nameservers[%(index)d]: %(name)s is an alias (CNAME); NS must name a host",
                               index=index, name=ns))
        records.append({"name": origin, "type": "NS", "value": target})
    for index, entry in enumerate(mx or []):
        if not isinstance(entry, dict) or "name" not in entry:
            raise ModelError(T("lab_dns_mx[%(index)d] must be a mapping with name and preference", index=index))
        target = _fqdn(entry["name"], domain)
        if target in cnames:
            raise ModelError(T("lab_dns_mx[%(index)d]: %(name)s is an alias (CNAME); MX must name a host",
                               index=index, name=entry["name"]))
        try:
            preference = int(entry.get("preference", 10))
        except (TypeError, ValueError):
            preference = -1
        if not 0 <= preference <= 65535:
            raise ModelError(T("lab_dns_mx[%(index)d]: preference %(value)s is not 0-65535",
                               index=index, value=repr(entry.get("preference"))))
        records.append({"name": origin, "type": "MX", "value": target, "preference": preference})
    for kind in ("NS", "MX"):
        for record in records:
            if record["type"] == kind and record["value"].endswith("." + origin) and record["value"] not in names:
                raise ModelError(T("%(var)s: %(name)s has no address in lab_dns_hosts",
                                   var="lab_dns_nameservers" if kind == "NS" else "lab_dns_mx", name=record["value"]))
    reverse = {}
    for network in reverse_networks or []:
        rorigin = reverse_origin(network)
        net = ipaddress.IPv4Network(str(network))
        reverse[rorigin] = [
            {"name": ptr_name(addr), "type": "PTR", "value": owner}
            for addr, owner in sorted(owners.items(), key=lambda kv: ipaddress.IPv4Address(kv[0]))
            if ipaddress.IPv4Address(addr) in net
        ]
    return {"origin": origin, "ttl": int(ttl), "records": records, "reverse": reverse,
            "nameservers": [r["value"] for r in records if r["type"] == "NS"]}


def relative(name, origin):
    """A name as written in a zone file for `origin`: '@', a relative label or the absolute name."""
    if name == origin:
        return "@"
    if name.endswith("." + origin):
        return name[: -len(origin) - 1]
    return name
