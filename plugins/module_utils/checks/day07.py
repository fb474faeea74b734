# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Day 7 checks, BIND track (checks 1-19): named runs, loads the lab's zones and answers
authoritatively, and the zone files have $TTL and agree forward and reverse.

What is expected comes from lab.json: "dns" (the expanded lab_dns_* model, the fact
lab_dns_zone) and "address" (queries go to `dig @<lab address>`, run on the VM, so they
cross the lab interface as a client's would). Paths and the service name follow the OS
family (Debian bind9, EL bind-chroot) unless lab.json names them: "named_service",
"named_conf", "named_chroot", "named_zone_dir", "named_log".
"""

from __future__ import annotations

import ipaddress
import re

from .. import bindzone, dnsmodel
from ..framework import REDHAT, Check, failed, passed
from ..i18n import T, join
from .providers import check_one_dns_server

FAMILY_DEFAULTS = {
    # Paths on the host; EL's named runs chrooted in /var/named/chroot.
    REDHAT: {
        "named_service": "named-chroot",
        "named_chroot": "/var/named/chroot",
        "named_conf": "/etc/named.conf",
        "named_zone_dir": "/var/named/chroot/var/named/master",
        "named_log": "/var/named/chroot/var/named/data/named.log",
    },
    "Debian": {
        "named_service": "named",
        "named_chroot": "",
        "named_conf": "/etc/bind/named.conf",
        "named_zone_dir": "/etc/bind",
        "named_log": "/var/log/named/named.log",
    },
}
NO_TTL_LOG = "no TTL specified; using SOA MINTTL instead"
DIG_OPTIONS = ["+norec", "+time=2", "+tries=1"]


# ---------------------------------------------------------------- settings

def setting(ctx, key):
    """A lab.json value, else the default of the VM's OS family (Debian when unknown)."""
    value = ctx.config.get(key)
    if value not in (None, ""):
        return value
    defaults = FAMILY_DEFAULTS[REDHAT if ctx.family == REDHAT else "Debian"]
    return defaults[key]


def expected_dns(ctx):
    """The expanded DNS model from lab.json, else the course's zone for the lab address."""
    dns = ctx.config.get("dns")
    if isinstance(dns, dict) and dns.get("origin") and dns.get("records") is not None:
        return dns
    domain = ctx.config.get("domain") or "example.com"
    host = ctx.config.get("hostname") or "h2g"
    address = ctx.config.get("address")
    network = ctx.config.get("network") or str(
        ipaddress.IPv4Network("%s/%s" % (address, ctx.config.get("prefix", 24)), strict=False))
    return dnsmodel.expand(domain, [{"name": host, "address": address}, {"name": "ns", "address": address},
                                    {"name": "mail", "address": address}],
                           {"www": host}, [{"name": "mail", "preference": 10}], ["ns"], [network], 86400)


def zone_files(ctx):
    """[(zone entry, path of its file)] for the forward zone then each reverse zone."""
    directory = setting(ctx, "named_zone_dir").rstrip("/")
    files = ctx.config.get("named_zone_files") or {}
    return [(z, files.get(z["origin"]) or "%s/%s" % (directory, z["file"])) for z in bindzone.zones(expected_dns(ctx))]


def _server(ctx):
    return str(ctx.config.get("address"))


# ---------------------------------------------------------------- dig

class Answer(object):
    """What dig printed: status, header flags, answer records (name, ttl, type, data), or an error."""

    def __init__(self, status=None, flags=(), records=(), error=None):
        self.status = status
        self.flags = set(flags)
        self.records = list(records)
        self.error = error

    @property
    def authoritative(self):
        return "aa" in self.flags

    def data(self, rdtype, name=None):
        return [r[3] for r in self.records if r[2] == rdtype and (name is None or r[0] == name)]


def parse_dig(text):
    """Parse dig's default output into an Answer."""
    answer = Answer()
    section = None
    for raw in (text or "").splitlines():
        line = raw.strip()
        match = re.search(r"->>HEADER<<-.*status: ([A-Z]+)", line)
        if match:
            answer.status = match.group(1)
            continue
        match = re.match(r";; flags:([^;]*);", line)
        if match:
            answer.flags = set(match.group(1).split())
            continue
        match = re.match(r";; ([A-Z]+) SECTION:", line)
        if match:
            section = match.group(1)
            continue
        if not line:
            section = None
            continue
        if line.startswith(";"):
            continue
        if section == "ANSWER":
            fields = line.split(None, 4)
            if len(fields) == 5:
                answer.records.append((fields[0].lower(), fields[1], fields[3].upper(), " ".join(fields[4].split())))
    return answer


def dig(ctx, name, rdtype):
    """Ask named at the lab address, without recursion; an Answer (error set when dig failed)."""
    server = _server(ctx)
    if rdtype == "PTR":
        argv = ["dig", "@" + server] + DIG_OPTIONS + ["-x", name]
    else:
        argv = ["dig", "@" + server] + DIG_OPTIONS + [name, rdtype]
    rc, out, err = ctx.run(argv)
    if rc == 127:
        return Answer(error=T("dig is not installed (Debian: bind9-dnsutils, EL: bind-utils)"))
    if rc == 9 or "timed out" in out or "no servers could be reached" in out:
        return Answer(error=T("no answer from named at %(server)s port 53: is named running and does listen-on "
                              "include %(server)s?", server=server))
    if rc != 0:
        return Answer(error=T("dig failed (%(error)s)", error=((err or out).strip().splitlines() or ["rc %d" % rc])[0]))
    return parse_dig(out)


def _query_text(name, rdtype):
    return "dig -x %s" % name if rdtype == "PTR" else "dig %s %s" % (name, rdtype)


def _problem(ctx, answer, name, rdtype, zone):
    """Why an answer cannot be trusted (no answer, not NOERROR, not authoritative), or None."""
    query = _query_text(name, rdtype)
    if answer.error:
        return T("%(query)s: %(error)s", query=query, error=answer.error)
    if answer.status == "REFUSED":
        return T("%(query)s @%(server)s: REFUSED: allow-query in named.conf must include the lab network",
                 query=query, server=_server(ctx))
    if answer.status == "SERVFAIL":
        return T("%(query)s @%(server)s: SERVFAIL: named could not load the zone %(zone)s; run named-checkzone "
                 "and read named's log", query=query, server=_server(ctx), zone=zone)
    if answer.status not in ("NOERROR", "NXDOMAIN"):  # NXDOMAIN: an authoritative "no such name"
        if not answer.status:
            return T("%(query)s @%(server)s: no status in dig's output", query=query, server=_server(ctx))
        return T("%(query)s @%(server)s: %(status)s", query=query, server=_server(ctx), status=answer.status)
    if not answer.authoritative:
        return T("%(query)s @%(server)s: the answer is not authoritative (no aa flag): named does not serve the "
                 "zone %(zone)s itself; check its zone statement in named.conf",
                 query=query, server=_server(ctx), zone=zone)
    return None


def _norm(values):
    return sorted(set(" ".join(v.lower().split()) for v in values))


def _compare(ctx, name, rdtype, expected, zone, owner=None):
    """None when named answers `name` `rdtype` authoritatively with exactly `expected`, else a reason."""
    answer = dig(ctx, name, rdtype)
    problem = _problem(ctx, answer, name, rdtype, zone)
    if problem:
        return problem, answer
    got = _norm(answer.data(rdtype, owner))
    want = _norm(expected)
    if got != want:
        if got:
            answered = ", ".join(got)
        elif answer.status == "NXDOMAIN":
            answered = T("nothing (NXDOMAIN)")
        else:
            answered = T("nothing")
        return T("%(query)s @%(server)s answers %(got)s, expected %(want)s: the zone file does not hold the lab's "
                 "records (or named was not reloaded after a change: rndc reload)",
                 query=_query_text(name, rdtype), server=_server(ctx), got=answered, want=", ".join(want)), answer
    return None, answer


def _records(dns, rdtype):
    return [r for r in dns["records"] if r["type"] == rdtype]


# ---------------------------------------------------------------- checks

def check_service(ctx):
    """named is running."""
    service = setting(ctx, "named_service")
    rc, out, err = ctx.run(["systemctl", "is-active", service])
    state = (out or err).strip() or "rc %d" % rc
    if rc == 0 and state == "active":
        return passed("systemctl is-active %s: active" % service)
    if rc == 127:
        rc, out, err = ctx.run(["pidof", "named"])
        if rc == 0 and out.strip():
            return passed("pidof named: %s" % out.strip())
        state = "no named process"
    return failed(T("named is not running (%(service)s: %(state)s): start it with systemctl start %(service)s and "
                    "read why it stopped with journalctl -u %(service)s and in %(log)s",
                    service=service, state=state, log=setting(ctx, "named_log")),
                  "systemctl is-active %s: %s" % (service, state))


def check_config(ctx):
    """named.conf and every zone it names load cleanly (named-checkconf -z)."""
    argv = ["named-checkconf"]
    chroot = setting(ctx, "named_chroot")
    if chroot:
        argv += ["-t", chroot]
    argv += ["-z", setting(ctx, "named_conf")]
    rc, out, err = ctx.run(argv)
    lines = [line for line in (out + err).splitlines() if line.strip()]
    if rc == 127:
        return failed(T("named-checkconf is not installed: install BIND (Debian: bind9, EL: bind)"))
    if rc != 0:
        bad = [line for line in lines if "loaded serial" not in line] or ["rc %d" % rc]
        return failed(T("%(command)s finds errors: %(errors)s: correct them; named refuses to load a configuration "
                        "or zone with errors and a reload keeps the old one",
                        command=" ".join(argv), errors="; ".join(bad[:3])), *lines)
    return passed(*(lines or ["%s: no errors" % " ".join(argv)]))


def check_zones_loaded(ctx):
    """named has loaded the forward zone and every reverse zone."""
    evidence, problems = [], []
    for zone, path in zone_files(ctx):
        rc, out, err = ctx.run(["rndc", "zonestatus", zone["name"]])
        if rc == 0:
            serial = re.search(r"^serial:\s*(\d+)", out, re.M)
            evidence.append("rndc zonestatus %s: loaded, serial %s" % (zone["name"], serial.group(1) if serial else "?"))
            continue
        text = (err or out).strip()
        if "not found" in text:
            problems.append(T("named has not loaded the zone %(zone)s (rndc: %(rndc)s): add its zone statement to "
                              "named.conf, check %(path)s with named-checkzone %(zone)s %(path)s, then rndc reload",
                              zone=zone["name"], rndc=text.splitlines()[0], path=path))
            continue
        # rndc cannot talk to named (no key, no control channel): ask for the SOA instead.
        answer = dig(ctx, zone["name"], "SOA")
        problem = _problem(ctx, answer, zone["name"], "SOA", zone["name"])
        if problem or not answer.data("SOA"):
            problems.append(problem or T("dig %(zone)s SOA: no SOA in the answer: the zone is not loaded",
                                         zone=zone["name"]))
        else:
            evidence.append("dig %s SOA: authoritative answer" % zone["name"])
    if problems:
        return failed(join(problems), *evidence)
    return passed(*evidence)


def check_soa(ctx):
    """An authoritative SOA for the lab domain, naming the lab's name server."""
    dns = expected_dns(ctx)
    origin = dns["origin"]
    answer = dig(ctx, origin.rstrip("."), "SOA")
    problem = _problem(ctx, answer, origin.rstrip("."), "SOA", origin)
    if problem:
        return failed(problem)
    soas = answer.data("SOA")
    if not soas:
        return failed(T("dig %(zone)s SOA: no SOA in the answer section: the zone has no SOA at @",
                        zone=origin.rstrip(".")))
    mname = soas[0].split()[0].lower()
    want = (dns.get("nameservers") or [mname])[0].lower()
    if mname != want:
        return failed(T("the SOA names %(mname)s as the primary server, expected %(want)s (one of the zone's NS): "
                        "correct the SOA's first field", mname=mname, want=want), "SOA: %s" % soas[0])
    return passed("dig %s SOA: aa, %s" % (origin.rstrip("."), soas[0]))


def check_ns(ctx):
    """The lab domain's name servers."""
    dns = expected_dns(ctx)
    name = dns["origin"].rstrip(".")
    problem, answer = _compare(ctx, name, "NS", [r["value"] for r in _records(dns, "NS")], dns["origin"])
    if problem:
        return failed(problem)
    return passed("dig %s NS: aa, %s" % (name, ", ".join(answer.data("NS"))))


def check_a(ctx):
    """The address of every host of the lab."""
    dns = expected_dns(ctx)
    evidence, problems = [], []
    by_name = {}
    for r in _records(dns, "A"):
        by_name.setdefault(r["name"], []).append(r["value"])
    for name, addresses in by_name.items():
        problem, answer = _compare(ctx, name.rstrip("."), "A", addresses, dns["origin"], owner=name.lower())
        if problem:
            problems.append(problem)
        else:
            evidence.append("dig %s A: aa, %s" % (name.rstrip("."), ", ".join(addresses)))
    if problems:
        return failed(join(problems), *evidence)
    return passed(*evidence)


def check_mx(ctx):
    """The lab domain's mail exchanger."""
    dns = expected_dns(ctx)
    name = dns["origin"].rstrip(".")
    want = ["%s %s" % (r.get("preference", 10), r["value"]) for r in _records(dns, "MX")]
    problem, answer = _compare(ctx, name, "MX", want, dns["origin"])
    if problem:
        return failed(problem)
    return passed("dig %s MX: aa, %s" % (name, ", ".join(answer.data("MX"))))


def check_cname(ctx):
    """Every alias leads to its host and the host's address (www -> h2g)."""
    dns = expected_dns(ctx)
    addresses = {}
    for r in _records(dns, "A"):
        addresses.setdefault(r["name"], []).append(r["value"])
    evidence, problems = [], []
    for r in _records(dns, "CNAME"):
        alias, target = r["name"].rstrip("."), r["value"].lower()
        answer = dig(ctx, alias, "A")
        problem = _problem(ctx, answer, alias, "A", dns["origin"])
        if problem:
            problems.append(problem)
            continue
        got = [v.lower() for v in answer.data("CNAME", r["name"].lower())]
        if got != [target]:
            what = T("an alias of %(targets)s", targets=", ".join(got)) if got else T("no alias")
            problems.append(T("dig %(alias)s A @%(server)s: %(alias)s is %(what)s, expected an alias (CNAME) of "
                              "%(target)s: write `%(name)s IN CNAME %(value)s`",
                              alias=alias, server=_server(ctx), what=what, target=target,
                              name=bindzone_relative(r["name"], dns["origin"]),
                              value=bindzone_relative(target, dns["origin"])))
            continue
        want = _norm(addresses.get(target, []))
        chain = _norm(answer.data("A", target))
        if want and chain != want:
            problems.append(T("dig %(alias)s A @%(server)s: the alias leads to %(target)s but the answer gives it "
                              "%(got)s, expected %(want)s", alias=alias, server=_server(ctx), target=target,
                              got=", ".join(chain) or T("no address"), want=", ".join(want)))
            continue
        evidence.append("dig %s A: aa, CNAME %s, A %s" % (alias, target, ", ".join(chain)))
    if problems:
        return failed(join(problems), *evidence)
    return passed(*evidence)


def bindzone_relative(name, origin):
    return dnsmodel.relative(name.lower(), origin.lower())


def check_ptr(ctx):
    """Every lab address maps back to its host name (dig -x)."""
    dns = expected_dns(ctx)
    evidence, problems = [], []
    for rorigin, records in sorted((dns.get("reverse") or {}).items()):
        for r in records:
            address = str(ipaddress.ip_address(
                ".".join(reversed(r["name"].lower()[: -len(".in-addr.arpa.")].split(".")))))
            problem, answer = _compare(ctx, address, "PTR", [r["value"]], rorigin)
            if problem:
                problems.append(problem)
            else:
                evidence.append("dig -x %s: aa, %s" % (address, r["value"]))
    if problems:
        return failed(join(problems), *evidence)
    return passed(*evidence)


def _no_ttl_logged(ctx, filename):
    log = ctx.read(setting(ctx, "named_log")) or ""
    return [line.strip() for line in log.splitlines() if NO_TTL_LOG in line and filename in line][-2:]


def check_ttl(ctx):
    """Every zone file starts with $TTL."""
    evidence, problems = [], []
    for zone, path in zone_files(ctx):
        text = ctx.read(path)
        if text is None:
            problems.append(T("%(path)s does not exist: named.conf's zone %(zone)s needs its zone file",
                              path=path, zone=zone["name"]))
            continue
        first = None
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip() and not line.strip().startswith(";"):
                first = (number, line.strip())
                break
        if first and first[1].upper().startswith("$TTL"):
            evidence.append("%s line %d: %s" % (path, first[0], first[1]))
            continue
        record = first[0] if first else 1
        filename = path.rsplit("/", 1)[-1]
        problems.append(T("%(path)s has no $TTL on line 1: BIND logs '%(file)s:%(line)d: %(log)s' and gives every "
                          "record the SOA's minimum as its TTL: put `$TTL %(ttl)s` on line 1, raise the serial, "
                          "then rndc reload", path=path, file=filename, line=record, log=NO_TTL_LOG, ttl=zone["ttl"]))
        evidence.extend("named log: %s" % line for line in _no_ttl_logged(ctx, filename))
    if problems:
        return failed(join(problems), *evidence)
    return passed(*evidence)


def check_reverse(ctx):
    """Forward and reverse zone files agree: every A of the lab network has its PTR, and back."""
    try:
        from .. import zone as zonefile
        pairs = []
        for zone, path in zone_files(ctx):
            text = ctx.read(path)
            if text is None:
                return failed(T("%(path)s does not exist: the zone %(zone)s needs its zone file",
                                path=path, zone=zone["name"]))
            pairs.append((zone, zonefile.parse_zone(text, zone["origin"], path)))
    except ImportError:
        return failed(T("cannot read the zone files: the Python module dnspython is missing "
                        "(Debian: apt install python3-dnspython, EL: dnf install python3-dns)"))
    forward = pairs[0][1]
    reverses = [parsed for _zone, parsed in pairs[1:]]
    problems = [f for f in zonefile.check_reverse(forward, reverses) if f.is_error]
    if problems:
        return failed(join([T("%(where)s: %(message)s Fix: %(fix)s", where=f.location(), message=f.message, fix=f.fix)
                            for f in problems], " "))
    a_count = len([r for r in forward.zone_records() if r.type == "A"])
    ptr_count = sum(len([r for r in z.zone_records() if r.type == "PTR"]) for z in reverses)
    return passed("%s: %d A records; %s: %d PTR records"
                  % (forward.path, a_count, ", ".join(z.path for z in reverses), ptr_count))


def check_serial(ctx):
    """named serves the serial of the zone files (a change was reloaded)."""
    evidence, problems = [], []
    for zone, path in zone_files(ctx):
        text = ctx.read(path)
        if text is None:
            problems.append(T("%(path)s does not exist", path=path))
            continue
        in_file = bindzone.file_serial(text)
        if in_file is None:
            try:
                from .. import zone as zonefile
                in_file = zonefile.soa_serial(text, zone["origin"])
            except ImportError:
                in_file = None
        answer = dig(ctx, zone["name"], "SOA")
        problem = _problem(ctx, answer, zone["name"], "SOA", zone["name"])
        if problem or not answer.data("SOA"):
            problems.append(problem or T("dig %(zone)s SOA: no SOA in the answer", zone=zone["name"]))
            continue
        served = int(answer.data("SOA")[0].split()[2])
        if in_file is None:
            problems.append(T("%(path)s: no SOA serial found in the file", path=path))
        elif in_file > served:
            problems.append(T("%(path)s has serial %(serial)d but named still serves %(served)d: the change is not "
                              "live; run rndc reload", path=path, serial=in_file, served=served))
        elif in_file < served:
            problems.append(T("%(path)s has serial %(serial)d, lower than the %(served)d named serves: secondaries "
                              "and caches keep the newer serial's data; serials only go up (YYYYMMDDnn)",
                              path=path, serial=in_file, served=served))
        else:
            evidence.append("%s: serial %d, served %d" % (zone["name"], in_file, served))
    if problems:
        return failed(join(problems), *evidence)
    return passed(*evidence)


# On every VM: exactly one DNS server answers on port 53, whichever track.
CHECKS = [
    Check(7, 40, "dns/one-server", check_one_dns_server),
]

# The BIND track (the course's), checks 1-19 (catalog.py: track choice "bind").
BIND = [
    Check(7, 1, "named/service", check_service),
    Check(7, 2, "named/config", check_config),
    Check(7, 3, "named/zones", check_zones_loaded),
    Check(7, 4, "dns/SOA", check_soa),
    Check(7, 5, "dns/NS", check_ns),
    Check(7, 6, "dns/A", check_a),
    Check(7, 7, "dns/MX", check_mx),
    Check(7, 8, "dns/CNAME", check_cname),
    Check(7, 9, "dns/PTR", check_ptr),
    Check(7, 10, "zone/$TTL", check_ttl),
    Check(7, 11, "zone/reverse", check_reverse),
    Check(7, 12, "zone/serial", check_serial),
]
