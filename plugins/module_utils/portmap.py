# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab's port map: who owns which address:port on the VM, checked before anything changes.

Each role that runs a daemon publishes its claims in its defaults as ``<role>_listens``, built from
the very variables its templates use (``sshd_port``, ``dovecot_listeners``, ``mysql_bind_address``...).
Role ``lab`` gathers the claims of the roles the VM runs (``roles_for``: the day and the tracks of
the lab model) at the start of the run (action ``serverlab.course.lab_ports_check``) and this file
checks them as a whole, with the VM's addresses and the lab's DNS model:

``port-claimed-twice``
    two claims overlap (same port and protocol, overlapping addresses: ``listen.overlaps``); the
    message names both variables.
``address-not-on-vm``
    a claim binds an address (or interface) the VM does not have.
``lab-unreachable``
    the model says the daemon serves the lab (``lab: true``) but every address it binds is out of
    the lab network's reach (loopback, or another network).
``bad-claim``
    a claim's port, address or protocol is not one (the variable is named).
``mta-domain-mismatch``, ``mx-domain-not-local``, ``mta-hostname-not-in-dns``
    the MTA's domains and host name disagree with the DNS model (``check_mail_names``).
``host-record-not-on-vm``, ``mx-not-on-vm``, ``ns-not-on-vm``
    the DNS model sends the VM's own name, the MX (an MTA runs here) or every NS (a DNS server runs
    here) to an address the VM does not have.

A claim (one item of ``<role>_listens``, after templating) is a mapping:

``service``   label (``smtp``, ``pop3s``...)
``port``      port number or service name; or ``listen`` as ``[host:]port`` instead of port+address
``address``   one address, a list, or an interface name (resolved with the VM's addresses);
              ``0.0.0.0``/``*``/``any``/``all`` are every IPv4 address, ``::`` every IPv6 one
``proto``     ``tcp`` (default), ``udp``, or a list of both
``var``       the variable the port comes from; ``address_var`` the one the address comes from
``lab``       true when the model says the daemon serves the lab network
``v6only``    true when a ``::`` socket of this daemon is IPv6-only (Dovecot, Postfix, named)
``enabled``   false leaves the claim out

Pure Python: no Ansible imports (the action plugin and the unit tests call it directly).
"""

from __future__ import annotations

import ipaddress
import re

from .findings import error, warning
from .i18n import T, of_exception
from .listen import Claim, overlaps
from .syntax import WILDCARD4, WILDCARD6, normalize_host, resolve_port, split_host_port

# Which roles run a daemon on the VM, from which lab day, on which track (the lab model's choice).
# tests/unit/test_portmap.py keeps this table in step with the day playbooks.
ROLE_DAYS = (
    # (role, first day, (model variable, value) or None)
    ("named", 7, ("lab_dns_server", "bind")),
    ("tinydns", 7, ("lab_dns_server", "tinydns")),
    ("dnscache", 7, ("lab_dns_server", "tinydns")),
    ("postfix", 8, ("lab_mta", "postfix")),
    ("qmail", 8, ("lab_mta", "qmail")),
    ("dovecot", 8, None),
    ("samba", 10, None),
    ("superserver", 10, None),
    ("sshd", 12, None),
    ("stunnel", 13, None),
    ("mysql", 20, None),
    ("chrony", 26, ("lab_time_provider", "chrony")),
)

# The MTA roles and the variables that name the mail host and the domains it delivers locally.
MTA_NAMES = {
    "postfix": {"hostname_var": "postfix_myhostname", "domain_var": "postfix_mydomain",
                "local_var": "postfix_mydestination"},
    "qmail": {"hostname_var": "qmail_me", "domain_var": None, "local_var": "qmail_locals"},
}

# The roles that answer for the lab's zones (authoritative).
DNS_ROLES = ("named", "tinydns")

WILDCARD_WORDS = ("", "*", "0", "0.0.0.0", "any", "all")


def roles_for(day, model):
    """The roles whose daemons the VM runs up to ``day``, given the lab model's track choices."""
    roles = []
    for role, first, choice in ROLE_DAYS:
        if int(day) < first:
            continue
        if choice is not None and str(model.get(choice[0], "")) != choice[1]:
            continue
        roles.append(role)
    return roles


# ---------------------------------------------------------------------------
# The VM's addresses
# ---------------------------------------------------------------------------

_IP_ADDR = re.compile(r"^\d+:\s+(\S+?)(?:@\S+)?\s+inet6?\s+([0-9A-Fa-f.:]+)(?:/\d+)?")


def parse_ip_addr(text):
    """``ip -o addr show`` output -> [(interface, address)]."""
    found = []
    for line in (text or "").splitlines():
        match = _IP_ADDR.match(line.strip())
        if match:
            found.append((match.group(1), normalize_host(match.group(2))))
    return found


class VmAddresses(object):
    """The addresses the VM has (or the run gives it), by interface."""

    def __init__(self, pairs, planned=()):
        self.pairs = [(iface, normalize_host(addr)) for iface, addr in pairs]
        self.pairs += [("", normalize_host(addr)) for addr in planned if addr]
        # The loopback is always there, whatever ip printed.
        self.pairs += [("lo", "127.0.0.1")]

    def addresses(self):
        seen = []
        for _unused, addr in self.pairs:
            if addr not in seen:
                seen.append(addr)
        return seen

    def has(self, address):
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        if ip.is_loopback:
            return True
        return address in self.addresses()

    def of_interface(self, name):
        return [addr for iface, addr in self.pairs if iface == name]

    def text(self):
        return ", ".join(self.addresses())


# ---------------------------------------------------------------------------
# Claims of the model
# ---------------------------------------------------------------------------

class ModelClaim(object):
    """One address:port/proto of the model, with the variables it comes from."""

    __slots__ = ("role", "service", "address", "port", "proto", "var", "address_var", "lab", "v6only",
                 "given")

    def __init__(self, role, service, address, port, proto, var, address_var, lab, v6only, given):
        self.role = role
        self.service = service
        self.address = address
        self.port = port
        self.proto = proto
        self.var = var
        self.address_var = address_var
        self.lab = lab
        self.v6only = v6only
        self.given = given          # the address as the variable gives it (an interface name...)

    def claim(self):
        return Claim(self.address, self.port, self.proto, self.label(), "model", v6only=self.v6only)

    def label(self):
        return "%s %s" % (self.role, self.service)

    def variables(self):
        names = [self.var]
        if self.address_var and self.address_var != self.var:
            names.append(self.address_var)
        return " / ".join(n for n in names if n)

    def endpoint(self):
        return self.claim().endpoint()

    def as_dict(self):
        return {"role": self.role, "service": self.service, "address": self.address, "port": self.port,
                "proto": self.proto, "var": self.var, "address_var": self.address_var, "lab": self.lab}

    def __repr__(self):
        return "ModelClaim(%s %s, %s)" % (self.label(), self.endpoint(), self.variables())


def _as_list(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str):
        return [v for v in re.split(r"[\s,]+", value.strip()) if v] or [""]
    return [value]


def _truth(value, default=False):
    if value is None:
        return default
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def normalize_claims(role, entries, vm=None):
    """``<role>_listens`` -> ([ModelClaim], [Finding]).

    Interface names become the interface's addresses when ``vm`` (VmAddresses) knows them; an
    unknown one stays as given, and ``check_port_map`` reports it as an address the VM lacks.
    """
    claims, findings = [], []
    name = "%s_listens" % role
    if entries in (None, ""):
        return claims, findings
    if not isinstance(entries, (list, tuple)):
        return claims, [error("bad-claim", T("%(name)s must be a list of claims, got %(value)s.", name=name, value=repr(entries)),
                              T("Leave %(name)s to the role's defaults (it is derived from the role's variables).", name=name))]
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            findings.append(error("bad-claim", T("%(name)s[%(index)d] is not a mapping: %(value)s.", name=name, index=index,
                                                 value=repr(entry)),
                                  T("Leave %(name)s to the role's defaults.", name=name)))
            continue
        if not _truth(entry.get("enabled"), True):
            continue
        var = str(entry.get("var") or name)
        address_var = entry.get("address_var")
        service = str(entry.get("service") or "%s[%d]" % (name, index))
        pairs = []   # (given, port)
        try:
            if entry.get("listen") not in (None, ""):
                host, port = split_host_port(str(entry["listen"]))
                pairs.append((host, port))
            else:
                port = entry.get("port")
                port = port if isinstance(port, int) else resolve_port(str(port if port is not None else ""))
                if port is None or not 0 < int(port) < 65536:
                    raise ValueError(T("%(value)s is not a port", value=repr(entry.get("port"))))
                for given in _as_list(entry.get("address", WILDCARD4)):
                    pairs.append((str(given).strip(), int(port)))
        except ValueError as exc:
            # syntax.py's own reasons stay English inside the translated frame.
            problem = of_exception(exc)
            findings.append(error("bad-claim", T("%(var)s (%(role)s %(service)s): %(problem)s.", var=var, role=role,
                                                 service=service, problem=problem),
                                  T("Set %(var)s to a port number (1-65535) and an address of the VM.", var=var)))
            continue
        protos = [str(p).lower() for p in _as_list(entry.get("proto", "tcp"))]
        bad = [p for p in protos if p not in ("tcp", "udp")]
        if bad:
            findings.append(error("bad-claim", T("%(var)s (%(role)s %(service)s): protocol %(protocols)s is not tcp or udp.",
                                                 var=var, role=role, service=service, protocols=", ".join(bad)),
                                  T("Use tcp or udp.")))
            continue
        seen = set()
        for given, port in pairs:
            for address in _resolve(given, vm):
                for proto in protos:
                    key = (address, port, proto)
                    if key in seen:
                        continue
                    seen.add(key)
                    claims.append(ModelClaim(role, service, address, port, proto, var,
                                             str(address_var) if address_var else None,
                                             _truth(entry.get("lab")), _truth(entry.get("v6only")), given))
    return claims, findings


def _resolve(given, vm):
    """A listening address as the kernel sees it; an interface name becomes its addresses."""
    text = str(given or "").strip()
    if text.lower() in WILDCARD_WORDS:
        return [WILDCARD4]
    if text in ("::", "[::]"):
        return [WILDCARD6]
    if "/" in text:                      # samba's address/prefix
        text = text.split("/", 1)[0]
    host = normalize_host(text)
    try:
        ipaddress.ip_address(host)
        return [host]
    except ValueError:
        pass
    if vm is not None and vm.of_interface(text):
        return vm.of_interface(text)
    return [host]


# ---------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------

def _is_wild(address):
    return address in (WILDCARD4, WILDCARD6)


def _reaches_lab(address, lab_network):
    """Can a host of the lab network connect to this listening address?"""
    if _is_wild(address):
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if lab_network is None:
        return not ip.is_loopback
    return ip.version == lab_network.version and ip in lab_network


def _network(text):
    try:
        return ipaddress.ip_network(str(text), strict=False)
    except ValueError:
        return None


def check_port_map(claims, vm, lab_network=None):
    """Findings for the claims of the whole VM (a list of ModelClaim)."""
    findings = []
    network = _network(lab_network) if lab_network else None
    # Two claims on one address:port/proto: report each pair once, naming both variables.
    for i, a in enumerate(claims):
        for b in claims[i + 1:]:
            if a.role == b.role and a.service == b.service and a.var == b.var:
                continue
            if not overlaps(a.claim(), b.claim()):
                continue
            where = a.endpoint() if not _is_wild(a.address) else b.endpoint()
            findings.append(error(
                "port-claimed-twice",
                T("%(first)s (%(first_vars)s) and %(second)s (%(second_vars)s) both claim %(where)s: the daemon that "
                  "starts second fails with 'Address already in use' and does not serve.",
                  first=a.label(), first_vars=a.variables(), second=b.label(), second_vars=b.variables(), where=where),
                T("Give one of them another port or address in your inventory: change %(first)s or %(second)s.",
                  first=a.var, second=b.var)))
    # Addresses the VM does not have: the daemon cannot bind them (Cannot assign requested address).
    reported = set()
    for c in claims:
        if _is_wild(c.address) or (vm is not None and vm.has(c.address)):
            continue
        key = (c.role, c.service, c.address)
        if key in reported or vm is None:
            continue
        reported.add(key)
        var = c.address_var or c.var
        findings.append(error(
            "address-not-on-vm",
            T("%(label)s (%(var)s) binds %(address)s, which this VM does not have (its addresses: %(addresses)s): the "
              "daemon fails with 'Cannot assign requested address'.",
              label=c.label(), var=var, address=c.given, addresses=vm.text()),
            T("Set %(var)s to an address of the VM (lab_address, or 127.0.0.1), or give the VM that address "
              "(network_apply: true applies lab_address on day 6).", var=var)))
    # Serves the lab, yet bound only where the lab cannot connect.
    groups = {}
    for c in claims:
        if c.lab:
            groups.setdefault((c.role, c.service, c.var), []).append(c)
    for (role, service, var), group in groups.items():
        if any(_reaches_lab(c.address, network) for c in group):
            continue
        first = group[0]
        addresses = ", ".join(sorted(set(c.endpoint() for c in group)))
        findings.append(error(
            "lab-unreachable",
            T("%(role)s %(service)s (%(var)s) serves the lab network %(network)s, but listens only on %(addresses)s, "
              "which no lab host can reach.",
              role=role, service=service, var=first.address_var or var, network=lab_network or "", addresses=addresses),
            T("Add lab_address (or 0.0.0.0) to %(var)s.", var=first.address_var or var)))
    return findings


# ---------------------------------------------------------------------------
# Cross-service facts: the DNS model, the MTA, the VM's addresses
# ---------------------------------------------------------------------------

def _fqdn(name, origin):
    name = str(name or "").strip().lower()
    if not name:
        return ""
    if name.endswith("."):
        return name
    if origin and not name.endswith("." + origin.rstrip(".")) and name != origin.rstrip("."):
        return "%s.%s" % (name, origin)
    return name + "."


def addresses_of(zone, name, depth=0):
    """A and CNAME->A resolution of one absolute name inside the expanded DNS model."""
    records = zone.get("records") or []
    found = [r["value"] for r in records if r.get("name") == name and r.get("type") == "A"]
    if depth < 8:
        for r in records:
            if r.get("name") == name and r.get("type") == "CNAME":
                found.extend(addresses_of(zone, r.get("value"), depth + 1))
    return found


def check_dns_model(zone, vm, hostname, serves_mail, serves_dns=False, mail_role="single"):
    """The VM's own name, the MX (with an MTA on the VM) and an NS (with a DNS server on the VM)
    point at addresses the VM has. With the mail split (mail_role, lab_mail_hosts), a relay must be
    one of the MX and the store none: mail reaches it through the relays."""
    findings = []
    if not zone or vm is None:
        return findings
    origin = zone.get("origin") or ""
    targets = [r.get("value") for r in zone.get("records") or [] if r.get("type") == "NS" and r.get("name") == origin]
    in_zone = [t for t in targets if addresses_of(zone, t)]
    if serves_dns and in_zone and not any(vm.has(a) for t in in_zone for a in addresses_of(zone, t)):
        findings.append(error(
            "ns-not-on-vm",
            T("lab_dns_nameservers names %(names)s for %(domain)s, but none has an address of this VM in lab_dns_hosts "
              "(its addresses: %(addresses)s): resolvers are sent to a server that is not the one configured here.",
              names=", ".join(in_zone), domain=origin.rstrip("."), addresses=vm.text()),
            T("Give one name server of lab_dns_nameservers the VM's address (lab_address) in lab_dns_hosts.")))
    own = _fqdn(hostname, origin)
    for address in addresses_of(zone, own):
        if not vm.has(address):
            findings.append(error(
                "host-record-not-on-vm",
                T("lab_dns_hosts gives this VM's own name %(name)s the address %(address)s, which the VM does not have "
                  "(its addresses: %(addresses)s; lab_address is the one the lab reaches it on).",
                  name=own, address=address, addresses=vm.text()),
                T("Point %(name)s at lab_address in lab_dns_hosts, or give the VM that address (network_apply: true "
                  "applies lab_address on day 6).", name=own)))
    if serves_mail and mail_role in ("relay", "backup-relay"):
        mine = [r.get("value") for r in zone.get("records") or [] if r.get("type") == "MX" and r.get("name") == origin
                and any(vm.has(a) for a in addresses_of(zone, r.get("value")))]
        if not mine:
            findings.append(error(
                "mx-not-on-vm",
                T("this VM is a %(role)s of lab_mail_hosts, but no MX of %(domain)s in lab_dns_mx has its address (its "
                  "addresses: %(addresses)s): senders never hand it the domain's mail.",
                  role=mail_role, domain=origin.rstrip("."), addresses=vm.text()),
                T("Give this relay's entry of lab_mail_hosts the VM's address (lab_address); lab_dns_mx's default "
                  "derives the MX from it.")))
    elif serves_mail and mail_role == "single":
        for record in zone.get("records") or []:
            if record.get("type") != "MX" or record.get("name") != origin:
                continue
            target = record.get("value")
            addresses = addresses_of(zone, target)
            if addresses and not any(vm.has(a) for a in addresses):
                findings.append(error(
                    "mx-not-on-vm",
                    T("lab_dns_mx sends mail for %(domain)s to %(target)s, whose address in lab_dns_hosts (%(address)s) "
                      "is not this VM's (its addresses: %(addresses)s): the lab's mail never reaches the MTA configured "
                      "here.", domain=origin.rstrip("."), target=target, address=", ".join(addresses), addresses=vm.text()),
                    T("Give %(target)s the VM's address (lab_address) in lab_dns_hosts.", target=target)))
    return findings


def _postfix_expand(value, settings):
    """$myhostname / $mydomain in a Postfix value (one level, as the course writes them)."""
    def sub(match):
        return str(settings.get(match.group(1) or match.group(2), match.group(0)))
    return re.sub(r"\$(?:\{(\w+)\}|(\w+))", sub, str(value))


def check_mail_names(mta, values, zone, lab_domain, mail_role="single"):
    """The MTA's domains agree with the DNS model (mail for lab_domain goes to the MX, is local there).

    ``values``: the MTA role's variables named in MTA_NAMES[mta], templated.
    """
    findings = []
    names = MTA_NAMES.get(mta)
    if not names or not zone:
        return findings
    domain = str(lab_domain or "").strip(".").lower()
    origin = zone.get("origin") or domain + "."
    hostname_var, domain_var, local_var = names["hostname_var"], names["domain_var"], names["local_var"]
    hostname = str(values.get(hostname_var) or "").strip(".").lower()
    settings = {"myhostname": hostname}
    if domain_var:
        mydomain = str(values.get(domain_var) or "").strip(".").lower()
        settings["mydomain"] = mydomain
        if mydomain != domain:
            findings.append(error(
                "mta-domain-mismatch",
                T("%(var)s is %(value)s but lab_domain (the zone with the lab's MX) is %(domain)s: the MTA signs mail as "
                  "a domain the lab's DNS does not serve.", var=domain_var, value=mydomain, domain=domain),
                T("Set %(var)s to lab_domain (%(domain)s), or leave it to the role's default.", var=domain_var,
                  domain=domain)))
    locals_ = [_postfix_expand(v, settings).strip(".").lower() for v in _as_list(values.get(local_var))]
    has_mx = any(r.get("type") == "MX" and r.get("name") == origin for r in zone.get("records") or [])
    # A relay of the split delivers nothing locally (its mail for the domain goes to the store).
    if has_mx and domain not in locals_ and mail_role in ("single", "store"):
        findings.append(error(
            "mx-domain-not-local",
            T("lab_dns_mx makes this VM the mail exchanger of %(domain)s, but %(var)s (%(values)s) does not list "
              "%(domain)s: mail to user@%(domain)s is refused or looped instead of delivered.",
              domain=domain, var=local_var, values=", ".join(locals_) or T("empty")),
            T("Add %(value)s to %(var)s.", value="$mydomain" if mta == "postfix" else domain, var=local_var)))
    if hostname and (hostname + ".").endswith("." + origin) and not addresses_of(zone, hostname + "."):
        findings.append(error(
            "mta-hostname-not-in-dns",
            T("%(var)s is %(name)s, a name the lab's DNS model (lab_dns_hosts, lab_dns_aliases) does not have: "
              "clients cannot check the MTA's greeting name.", var=hostname_var, name=hostname),
            T("Set %(var)s to the VM's name (lab_hostname.lab_domain), or add %(name)s to lab_dns_hosts.",
              var=hostname_var, name=hostname)))
    elif hostname and not (hostname + ".").endswith("." + origin):
        findings.append(warning(
            "mta-hostname-not-in-dns",
            T("%(var)s is %(name)s, outside lab_domain %(domain)s: the lab's DNS cannot answer for it.",
              var=hostname_var, name=hostname, domain=domain),
            T("Set %(var)s to lab_hostname.lab_domain.", var=hostname_var)))
    return findings


def check_lab(listens, vm, lab_network=None, zone=None, hostname=None, mta=None, mta_values=None,
              lab_domain=None, serves_dns=None, mail_role="single"):
    """Everything at once: ``listens`` is {role: <role>_listens}. Returns (claims, findings).

    ``serves_dns``: a DNS server runs on the VM (default: a role of DNS_ROLES is in ``listens``)."""
    if serves_dns is None:
        serves_dns = any(role in DNS_ROLES for role in listens)
    claims, findings = [], []
    for role, entries in listens.items():
        found, bad = normalize_claims(role, entries, vm)
        claims.extend(found)
        findings.extend(bad)
    findings.extend(check_port_map(claims, vm, lab_network))
    findings.extend(check_dns_model(zone, vm, hostname, serves_mail=mta is not None, serves_dns=serves_dns,
                                    mail_role=mail_role or "single"))
    if mta:
        findings.extend(check_mail_names(mta, mta_values or {}, zone, lab_domain, mail_role or "single"))
    return claims, findings
