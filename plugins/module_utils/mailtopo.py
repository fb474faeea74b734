# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab's mail topology: one host that is both MX and mail store (``single``), or a mail store
behind a relay (MX 10) and a backup relay (MX 20), as the company mail systems the course comes from.

The inventory describes it once (``lab_mail_hosts``: name, address, role); everything else is
derived here: each host's role, the DNS hosts and MX records, the store's smart host (the primary
relay) and the relays' route to the store. ``validate()`` refuses what would build a broken system
(a store that is its own smart host, a route to an address no host of the model has, two relays of
one MX preference), naming the variables. Pure Python: the evaluator ships it to the VM.
"""

from __future__ import annotations

import ipaddress
import re

from .i18n import T

SINGLE, RELAY, STORE, BACKUP = "single", "relay", "store", "backup-relay"
ROLES = (RELAY, STORE, BACKUP)
# The MX preference each relay role gets unless the entry says otherwise.
PREFERENCES = {RELAY: 10, BACKUP: 20}
NAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


class TopologyError(ValueError):
    """A bad value in the mail topology; the message (args[0], a T() message) names the variables."""


def _hosts(hosts):
    """The entries of lab_mail_hosts, checked: [{name, address, role, preference}]."""
    found = []
    for index, host in enumerate(hosts or []):
        where = "lab_mail_hosts[%d]" % index
        if not isinstance(host, dict) or not {"name", "address", "role"} <= set(host):
            raise TopologyError(T("%(where)s must be a mapping with name, address and role, got %(value)s",
                                  where=where, value=repr(host)))
        name, role = str(host["name"]).lower(), str(host["role"])
        if not NAME.match(name):
            raise TopologyError(T("%(where)s: '%(name)s' is not a short host name (letters, digits, hyphens; no dots)",
                                  where=where, name=host["name"]))
        if role not in ROLES:
            raise TopologyError(T("%(where)s (%(name)s): role '%(role)s' is not one of %(roles)s (a lab without "
                                  "lab_mail_hosts is the single host, both MX and store)",
                                  where=where, name=name, role=role, roles=", ".join(ROLES)))
        try:
            address = str(ipaddress.IPv4Address(str(host["address"])))
        except ValueError:
            raise TopologyError(T("%(where)s (%(name)s): %(value)s is not an IPv4 address",
                                  where=where, name=name, value=repr(host["address"])))
        preference = host.get("preference", PREFERENCES.get(role))
        if role == STORE and "preference" in host:
            raise TopologyError(T("%(where)s (%(name)s): the store is no MX (mail reaches it through the relays); "
                                  "remove preference", where=where, name=name))
        found.append({"name": name, "address": address, "role": role, "preference": preference,
                      "index": index})
    for kind, key in (("name", "name"), ("address", "address")):
        seen = {}
        for host in found:
            if host[key] in seen:
                raise TopologyError(T("lab_mail_hosts[%(first)d] and lab_mail_hosts[%(second)d] have the same "
                                      "%(kind)s %(value)s: one host per entry",
                                      first=seen[host[key]], second=host["index"], kind=kind, value=host[key]))
            seen[host[key]] = host["index"]
    if found:
        stores = [h for h in found if h["role"] == STORE]
        relays = [h for h in found if h["role"] != STORE]
        if len(stores) != 1:
            raise TopologyError(T("lab_mail_hosts has %(count)d hosts with role store: the split needs exactly one "
                                  "mail store (the relays' route)", count=len(stores)))
        if not any(h["role"] == RELAY for h in relays):
            raise TopologyError(T("lab_mail_hosts has no host with role relay: the store's smart host and "
                                  "MX 10 are the relay"))
        by_preference = {}
        for host in relays:
            try:
                host["preference"] = int(host["preference"])
            except (TypeError, ValueError):
                host["preference"] = -1
            if not 0 <= host["preference"] <= 65535:
                raise TopologyError(T("lab_mail_hosts[%(index)d] (%(name)s): preference %(value)s is not 0-65535",
                                      index=host["index"], name=host["name"], value=repr(host["preference"])))
            other = by_preference.get(host["preference"])
            if other:
                raise TopologyError(T(
                    "lab_mail_hosts[%(first)d] (%(first_name)s) and lab_mail_hosts[%(second)d] (%(second_name)s) are "
                    "both MX %(preference)d: senders pick one at random, so neither is the backup. Give one relay "
                    "role backup-relay (MX 20), or a higher preference.",
                    first=other["index"], first_name=other["name"], second=host["index"], second_name=host["name"],
                    preference=host["preference"]))
            by_preference[host["preference"]] = host
    return found


def _route_address(value):
    """The address inside a Postfix next hop: smtp:[192.168.0.30]:25 -> 192.168.0.30 (else None)."""
    text = str(value or "").strip()
    if ":" in text.split("[", 1)[0] and not text.startswith("["):
        text = text.split(":", 1)[1]
    match = re.match(r"^\[?([^\]\s:]+)\]?(?::\d+)?$", text)
    return match.group(1).lower() if match else None


def topology(hosts, address, domain):
    """{"role", "hosts", "store", "relays", "mx", "smarthost", "routes", "smtproutes", "peers"} for the host
    at ``address``.

    Without lab_mail_hosts: role single and nothing else (the single-host lab stays as it was)."""
    found = _hosts(hosts)
    domain = str(domain or "").strip(".").lower()
    if not found:
        return {"role": SINGLE, "hosts": [], "store": None, "relays": [], "mx": [], "smarthost": "",
                "routes": {}, "smtproutes": [], "peers": []}
    store = next(h for h in found if h["role"] == STORE)
    relays = sorted((h for h in found if h["role"] != STORE), key=lambda h: h["preference"])
    mine = next((h for h in found if h["address"] == str(address)), None)
    if mine is None:
        raise TopologyError(T("lab_address %(address)s is no host of lab_mail_hosts (%(hosts)s): give this host its "
                              "entry, or leave lab_mail_hosts empty for the single-host lab",
                              address=address, hosts=", ".join("%s %s" % (h["name"], h["address"]) for h in found)))
    primary = relays[0]
    clean = [dict((k, h[k]) for k in ("name", "address", "role", "preference")) for h in found]
    return {
        "role": mine["role"],
        "hosts": clean,
        "store": {"name": store["name"], "address": store["address"]},
        "relays": [{"name": h["name"], "address": h["address"], "role": h["role"],
                    "preference": h["preference"]} for h in relays],
        "mx": [{"name": h["name"], "preference": h["preference"]} for h in relays],
        # By address: the lab's containers and VMs need no resolver for the way between them.
        "smarthost": "[%s]" % primary["address"] if mine["role"] == STORE else "",
        "routes": {domain: "smtp:[%s]" % store["address"]} if mine["role"] != STORE else {},
        # The same two routes in qmail's shape (control/smtproutes; an empty domain is the default route).
        "smtproutes": ([{"domain": "", "relay": primary["address"]}] if mine["role"] == STORE
                       else [{"domain": domain, "relay": store["address"]}]),
        # The hosts this one trusts (mynetworks): a relay the store alone, the store every relay.
        "peers": (["%s/32" % h["address"] for h in relays] if mine["role"] == STORE
                  else ["%s/32" % store["address"]]),
    }


def dns_hosts(hosts):
    """lab_dns_hosts' default with a mail topology (the single host's is in roles/lab/defaults): the
    store (the course's h2g, which serves DNS) and ns at the store's address, then every relay."""
    found = _hosts(hosts)
    if not found:
        raise TopologyError(T("lab_mail_hosts is empty: the single host's DNS hosts are lab_dns_hosts' own default"))
    store = next(h for h in found if h["role"] == STORE)
    return ([{"name": store["name"], "address": store["address"]}, {"name": "ns", "address": store["address"]}]
            + [{"name": h["name"], "address": h["address"]} for h in found if h["role"] != STORE])


def mx(hosts):
    """lab_dns_mx's default with a mail topology: the relays (10, backup 20)."""
    found = _hosts(hosts)
    if not found:
        raise TopologyError(T("lab_mail_hosts is empty: the single host's MX is lab_dns_mx's own default"))
    return [{"name": h["name"], "preference": h["preference"]}
            for h in sorted((h for h in found if h["role"] != STORE), key=lambda h: h["preference"])]


def validate(hosts, hostname, address, domain, relayhost="", transport=None, mx_records=None):
    """Everything a run needs before any change; returns topology(). ``relayhost`` and ``transport``
    are the MTA's values (postfix_relayhost, postfix_transport), ``mx_records`` lab_dns_mx."""
    topo = topology(hosts, address, domain)
    if topo["role"] == SINGLE:
        return topo
    fqdn = "%s.%s" % (hostname, str(domain).strip(".").lower())
    own = {str(address), str(hostname).lower(), fqdn.lower()}
    if topo["role"] == STORE:
        target = _route_address(relayhost)
        if not relayhost:
            raise TopologyError(T("postfix_relayhost is empty on the mail store %(host)s: its outgoing mail must "
                                  "leave through the relay (the smart host), e.g. [%(relay)s]",
                                  host=hostname, relay=topo["relays"][0]["address"]))
        if target in own:
            raise TopologyError(T(
                "postfix_relayhost is %(relayhost)s, the store %(host)s itself (lab_address %(address)s): the store "
                "would send its outgoing mail to itself in a loop. The smart host is the relay: [%(relay)s] "
                "(lab_mail_hosts).", relayhost=relayhost, host=hostname, address=address,
                relay=topo["relays"][0]["address"]))
    model = {}
    for host in topo["hosts"]:
        model[host["address"]] = host
        model[host["name"]] = host
        model["%s.%s" % (host["name"], str(domain).strip(".").lower())] = host
    routes = dict(transport or {})
    for dest, nexthop in sorted(routes.items()):
        target = _route_address(nexthop)
        if target not in model:
            raise TopologyError(T(
                "postfix_transport routes %(dest)s to %(nexthop)s, which is no host of the mail model (lab_mail_hosts: "
                "%(hosts)s): the relay would hand the domain's mail to a host nobody set up. Route it to the store: "
                "smtp:[%(store)s].", dest=dest, nexthop=nexthop, hosts=", ".join(h["address"] for h in topo["hosts"]),
                store=topo["store"]["address"]))
        if target in own:
            raise TopologyError(T("postfix_transport routes %(dest)s to %(nexthop)s, this host itself: a mail loop. "
                                  "Route it to the store: smtp:[%(store)s].",
                                  dest=dest, nexthop=nexthop, store=topo["store"]["address"]))
    if topo["role"] in (RELAY, BACKUP) and not routes:
        raise TopologyError(T("postfix_transport is empty on the relay %(host)s: mail for %(domain)s has no route to "
                              "the store; route it: {%(domain)s: 'smtp:[%(store)s]'}",
                              host=hostname, domain=domain, store=topo["store"]["address"]))
    if mx_records is not None:
        preferences = {}
        for index, entry in enumerate(mx_records or []):
            pref = entry.get("preference", 10) if isinstance(entry, dict) else None
            name = entry.get("name") if isinstance(entry, dict) else entry
            if pref in preferences:
                raise TopologyError(T("lab_dns_mx[%(first)d] (%(first_name)s) and lab_dns_mx[%(second)d] "
                                      "(%(second_name)s) are both MX %(preference)s: with a relay and a backup relay, "
                                      "the backup's preference is higher (20)",
                                      first=preferences[pref][0], first_name=preferences[pref][1], second=index,
                                      second_name=name, preference=pref))
            preferences[pref] = (index, name)
    return topo
