# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Day 7, djb track: tinydns and dnscache supervised by daemontools (checks 21-39).

The VM follows this track when lab.json says tracks.dns = "tinydns". What the checks
expect comes from lab.json: "dns" is the lab's DNS model expanded by the role lab
(origin, ttl, records, reverse, nameservers) and the optional "djbdns" mapping gives
the paths and addresses (defaults: the course's layout below).
"""

from __future__ import annotations

import ipaddress
import os

from ..framework import Check, REDHAT, Result, failed, passed
from ..i18n import T, join
from ..tinydns import check_cdb_fresh, check_data, parse_data

DAY = 7

DEFAULTS = {
    "tinydns_dir": "/etc/tinydns",
    "dnscache_dir": "/etc/dnscache",
    "dnscache_ip": "127.0.0.1",
    "tinydns_user": "tinydns",
    "dnscache_user": "dnscache",
    "log_user": "dnslog",
}
PASSWD = "/etc/passwd"
SHADOW = "/etc/shadow"


# ---------------------------------------------------------------- settings

def settings(ctx):
    """Paths, addresses and accounts of the djb track: lab.json "djbdns" over the course defaults."""
    values = dict(DEFAULTS)
    values["service_dir"] = "/service" if ctx.family == REDHAT else "/etc/service"
    values["svscan_unit"] = "svscan.service" if ctx.family == REDHAT else "daemontools-run.service"
    values["tinydns_ip"] = ctx.config.get("address") or "192.168.0.10"
    values.update(dict((k, v) for k, v in (ctx.config.get("djbdns") or {}).items() if v not in (None, "")))
    for key in ("service_dir", "tinydns_dir", "dnscache_dir"):
        values[key] = values[key].rstrip("/") or "/"
    return values


def _strip(name):
    return name[:-1] if name.endswith(".") and name != "." else name


def _zone(ctx):
    """The expanded DNS model from lab.json, or None (the labeval role writes it as "dns")."""
    zone = ctx.config.get("dns")
    if isinstance(zone, dict) and zone.get("origin"):
        return zone
    return None


def _no_model():
    return failed(T("lab.json has no DNS model (\"dns\"): re-run the lab's playbook (playbooks/djbdns.yml) "
                    "so the labeval role writes it"))


def _lab_network(ctx):
    network = ctx.config.get("network")
    try:
        if network:
            return ipaddress.IPv4Network(str(network), strict=False)
        return ipaddress.IPv4Network("%s/%s" % (ctx.config.get("address"), ctx.config.get("prefix", 24)),
                                     strict=False)
    except ValueError:
        return None


def _ip_prefix(network):
    """dnscache's root/ip/ name for a network: its whole octets (192.168.0 for a /24)."""
    octets = str(network.network_address).split(".")
    return ".".join(octets[: max(network.prefixlen // 8, 1)])


def _display(ctx, path):
    """A path as on the VM (without the fake root of unit tests)."""
    root = os.path.abspath(ctx.root).rstrip("/") if ctx.root and ctx.root != "/" else ""
    return path.replace(root + "/", "/") if root else path


def _finding_text(ctx, finding):
    """A validator's finding as a reason (its message and fix stay English)."""
    message = _display(ctx, finding.message).rstrip(".")
    fix = _display(ctx, finding.fix).rstrip(".") if finding.fix else ""
    if finding.line:
        path = _display(ctx, finding.path or "")
        if fix:
            return T("%(path)s line %(line)d: %(message)s: %(fix)s", path=path, line=finding.line, message=message,
                     fix=fix)
        return T("%(path)s line %(line)d: %(message)s", path=path, line=finding.line, message=message)
    if fix:
        return T("%(message)s: %(fix)s", message=message, fix=fix)
    return message


def _read_env(ctx, directory, name):
    text = ctx.read("%s/env/%s" % (directory, name))
    return None if text is None else text.strip()


def _data_path(ctx, s):
    """The data file tinydns reads: env/ROOT/data (tinydns-conf writes env/ROOT = <dir>/root)."""
    root = _read_env(ctx, s["tinydns_dir"], "ROOT") or "%s/root" % s["tinydns_dir"]
    return "%s/data" % root.rstrip("/")


# ---------------------------------------------------------------- 21 svscan

def _processes(ctx):
    """argv lists of the running processes (from /proc/<pid>/cmdline)."""
    out = []
    for path in ctx.glob("/proc/[0-9]*/cmdline"):
        text = ctx.read(path)
        if text:
            out.append([a for a in text.split("\0") if a != ""])
    return out


def check_svscan(ctx):
    """svscan runs and watches the service directory."""
    s = settings(ctx)
    watched = []
    for argv in _processes(ctx):
        if argv and os.path.basename(argv[0]) == "svscan":
            watched.append((argv[1] if len(argv) > 1 else ".").rstrip("/") or "/")
    if not watched:
        return failed(T("svscan is not running, so nothing supervises the services in %(dir)s: start it under "
                        "systemd (systemctl enable --now %(unit)s) and check with svstat %(dir)s/*",
                        dir=s["service_dir"], unit=s["svscan_unit"]))
    evidence = ["svscan %s" % w for w in watched]
    if s["service_dir"] not in watched:
        return failed(T("svscan watches %(watched)s, not %(dir)s: the services linked into %(dir)s are not started",
                        watched=", ".join(watched), dir=s["service_dir"]), *evidence)
    if not ctx.isdir(s["service_dir"]):
        return failed(T("the service directory %(dir)s does not exist: mkdir %(dir)s", dir=s["service_dir"]),
                      *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 22 accounts

NOLOGIN_SHELLS = ("/sbin/nologin", "/usr/sbin/nologin", "/bin/false", "/usr/bin/false")


def _password_state(password):
    """How a shadow password field reads, never the hash itself."""
    if password is None:
        return "unknown"
    if password.startswith(("!", "*")):
        return "locked"
    return "empty" if password == "" else "set"


def check_accounts(ctx):
    """The accounts the djb tools run as exist and cannot log in: not root, a no-login shell, and a
    locked password."""
    s = settings(ctx)
    users = {}
    for line in (ctx.read(PASSWD) or "").splitlines():
        fields = line.split(":")
        if len(fields) >= 7:
            users[fields[0]] = fields
    shadow = {}
    for line in (ctx.read(SHADOW) or "").splitlines():
        fields = line.split(":")
        if len(fields) >= 2:
            shadow[fields[0]] = fields[1]
    problems = []
    evidence = []
    for name, what in ((s["tinydns_user"], T("tinydns runs as")), (s["dnscache_user"], T("dnscache runs as")),
                       (s["log_user"], T("multilog writes the logs as"))):
        fields = users.get(name)
        if fields is None:
            problems.append(T("%(name)s (%(what)s) is missing: useradd -r -s /sbin/nologin -d /nonexistent %(name)s",
                              name=name, what=what))
            continue
        password = shadow.get(name)
        evidence.append("%s uid %s shell %s password %s" % (name, fields[2], fields[6], _password_state(password)))
        if fields[2] == "0":
            problems.append(T("%(name)s has uid 0: the daemons drop root to run as an unprivileged account of their "
                              "own", name=name))
        if fields[6] not in NOLOGIN_SHELLS:
            problems.append(T("%(name)s has the login shell %(shell)s, so it can log in: usermod -s /sbin/nologin "
                              "%(name)s", name=name, shell=fields[6] or "(none)"))
        if password is None:
            problems.append(T("%(name)s has no line in /etc/shadow, so its password state is unknown: pwconv, "
                              "then passwd -l %(name)s", name=name))
        elif not password.startswith(("!", "*")):
            problems.append(T("%(name)s has a usable password (%(state)s) in /etc/shadow: passwd -l %(name)s",
                              name=name, state=_password_state(password)))
    if problems:
        return failed(join(problems), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 23, 24 supervised services

def _service_state(ctx, s, name, directory):
    """None when the service and its logger are up, else the reason (and the evidence)."""
    link = "%s/%s" % (s["service_dir"], name)
    if not ctx.exists(link):
        return T("%(name)s is not in %(dir)s, so svscan never starts it: ln -s %(directory)s %(link)s",
                 name=name, dir=s["service_dir"], directory=directory, link=link), []
    rc, out, err = ctx.run(["svstat", link, link + "/log"])
    lines = [line.strip() for line in (out + err).splitlines() if line.strip()]
    if rc == 127:
        return T("svstat is not installed (install daemontools)"), lines
    for path, what in ((link, name), (link + "/log", T("the logger of %(name)s", name=name))):
        line = next((line for line in lines if line.startswith(path + ":")), None)
        if line is None:
            return T("svstat %(path)s gave no answer (%(output)s)", path=path,
                     output=" ".join(lines) or T("no output")), lines
        state = line[len(path) + 1:].strip()
        if state.startswith("up "):
            if "normally down" in state and path == link:
                return T("%(name)s runs but has a down file: it will stay down after the next boot: rm %(link)s/down",
                         name=name, link=link), lines
            continue
        if "supervise not running" in state:
            return T("supervise does not run %(path)s: is svscan running on %(dir)s (systemctl status %(unit)s)?",
                     path=path, dir=s["service_dir"], unit=s["svscan_unit"]), lines
        if state.startswith("down"):
            if "normally up" in state:
                hint = T("svc -u %(path)s", path=path)
            else:
                hint = T("svc -u %(path)s and rm %(path)s/down so it stays up after a boot", path=path)
            return T("%(what)s is down (%(state)s): %(hint)s; if it keeps restarting, read %(link)s/log/main/current",
                     what=what, state=state, hint=hint, link=link), lines
        return T("%(what)s is not up: %(state)s", what=what, state=state), lines
    return None, lines


def _service_check(name, key):
    def check(ctx):
        s = settings(ctx)
        reason, evidence = _service_state(ctx, s, name, s[key])
        if reason:
            return failed(reason, *evidence)
        return passed(*evidence)

    check.__doc__ = "svstat shows %s and its log service up." % name
    return check


check_tinydns_service = _service_check("tinydns", "tinydns_dir")
check_dnscache_service = _service_check("dnscache", "dnscache_dir")


# ---------------------------------------------------------------- 25-27 data

def _read_data(ctx, s):
    path = _data_path(ctx, s)
    text = ctx.read(path)
    return path, (None if text is None else parse_data(text, path))


def check_data_file(ctx):
    """The data file parses as tinydns-data reads it, without errors."""
    s = settings(ctx)
    path, data = _read_data(ctx, s)
    if data is None:
        return failed(T("%(path)s is missing: create the tinydns directory with tinydns-conf and write the records "
                        "into root/data", path=path))
    findings = check_data(data)
    errors = [f for f in findings if f.is_error]
    evidence = ["%s: %d lines, %d records" % (path, len(data.lines), len(data.records))]
    evidence += ["warning: %s" % _finding_text(ctx, f) for f in findings if not f.is_error]
    if errors:
        first = _finding_text(ctx, errors[0])
        if len(errors) > 1:
            first = T("%(finding)s (and %(more)d more)", finding=first, more=len(errors) - 1)
        return failed(first, *(evidence + ["error: %s" % _finding_text(ctx, f) for f in errors]))
    return passed(*evidence)


def check_cdb(ctx):
    """data.cdb exists and is not older than data (make was run after the last edit)."""
    s = settings(ctx)
    path = _data_path(ctx, s)
    findings = check_cdb_fresh(ctx.path(path))
    if findings:
        return failed(T("%(message)s: %(fix)s", message=_display(ctx, findings[0].message).rstrip("."),
                        fix=_display(ctx, findings[0].fix).rstrip(".")))
    return passed("%s.cdb is not older than %s" % (path, path))


def _served_reverse_zones(ctx, data):
    zones = set(r.name for r in data.records if r.type == "SOA" and r.name.endswith(".in-addr.arpa"))
    zone = _zone(ctx)
    if zone:
        zones.update(_strip(origin) for origin in (zone.get("reverse") or {}))
    return zones


def check_reverse(ctx):
    """Every address in a reverse zone tinydns serves has a PTR (no A without PTR)."""
    s = settings(ctx)
    path, data = _read_data(ctx, s)
    if data is None:
        return failed(T("%(path)s is missing: create it with tinydns-conf", path=path))
    zones = _served_reverse_zones(ctx, data)
    ptrs = set(r.name for r in data.records if r.type == "PTR")
    problems = []
    seen = set()
    for record in data.records:
        if record.type != "A" or record.value in seen:
            continue
        ptr = ipaddress.IPv4Address(record.value).reverse_pointer
        zone = next((z for z in zones if ptr.endswith("." + z)), None)
        if zone is None or ptr in ptrs:
            continue
        seen.add(record.value)
        problems.append(T("line %(line)d `%(text)s`: %(address)s has no PTR, so `dig -x %(address)s` finds nothing: "
                          "write `=` instead of `+` for the host's main name (`=` makes the A and its PTR), then run "
                          "make", line=record.line, text=data.lines.get(record.line, ""), address=record.value))
    if problems:
        return failed(join(problems), *problems)
    return passed("every address in %s has a PTR" % (", ".join(sorted(zones)) or "no reverse zone"))


# ---------------------------------------------------------------- 28 authoritative answers

def parse_dnsq(text):
    """dnsq/dnsqr output -> (header flags set, rcode, [(name, type, value)] of the answer section)."""
    flags = set()
    rcode = None
    answers = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if " bytes, " in line and "records" in line:
            parts = [p.strip() for p in line.split(",")]
            flags.update(parts[2:])
            rcode = parts[-1] if parts else None
        elif line.startswith("answer: "):
            fields = line[len("answer: "):].split()
            if len(fields) >= 3:
                answers.append((fields[0].lower(), fields[2].upper(), " ".join(fields[3:]).lower()))
    return flags, rcode, answers


def _expected(zone):
    """{(name, type): set(values)} for every record of the model, as dnsq prints them."""
    wanted = {}
    records = list(zone.get("records") or [])
    for reverse in (zone.get("reverse") or {}).values():
        records.extend(reverse)
    for record in records:
        name = _strip(record["name"]).lower()
        rtype = record["type"].upper()
        value = _strip(str(record["value"])).lower()
        if rtype == "MX":
            value = "%s %s" % (record.get("preference", 10), value)
        wanted.setdefault((name, rtype), set()).add(value)
    return wanted


def _zones_of(zone):
    return [_strip(zone["origin"]).lower()] + [_strip(o).lower() for o in (zone.get("reverse") or {})]


def _fix_line(name, rtype, value):
    if rtype == "A":
        return T("`=%(name)s:%(value)s` (or `+` for a second name of the address)", name=name, value=value)
    if rtype == "CNAME":
        return "`C%s:%s`" % (name, value)
    if rtype == "MX":
        dist, host = value.split(" ", 1)
        return "`@%s::%s:%s`" % (name, host, dist)
    if rtype == "NS":
        return "`.%s::%s`" % (name, value)
    if rtype == "PTR":
        return T("`=%(value)s:<address>` for the host", value=value)
    return T("a line for it")


def compare_answers(zone, ask):
    """Every record of the model asked of tinydns: (problems, evidence), or a Result when asking is impossible.

    ask(name, rtype) -> (label, flags, rcode, answers, note, stop): `label` names the query in the evidence
    (dnsq on the VM, dig from a lab client), `flags`/`rcode`/`answers` as parse_dnsq gives them, `note` what
    the evidence says when nothing answered, `stop` a Result that ends the check (the client is missing) or
    a Message that ends the questions (tinydns does not answer).
    """
    evidence = []
    problems = []
    queries = [((z, "SOA"), None) for z in _zones_of(zone)]
    queries += sorted(_expected(zone).items())
    for (name, rtype), values in queries:
        label, flags, rcode, answers, note, stop = ask(name, rtype)
        if isinstance(stop, Result):
            return stop
        got = set(v for n, t, v in answers if n == name and t == rtype)
        evidence.append("%s: %s" % (label, "; ".join(sorted(got)) or (rcode or note or "no answer")))
        if stop is not None:
            problems.append(stop)
            break
        if "authoritative" not in flags:
            problems.append(T("the answer for %(name)s %(type)s is not authoritative: tinydns serves it only with a "
                              "`.` line for its zone (then make)", name=name, type=rtype))
            continue
        if values is None:
            if not got:
                problems.append(T("no SOA for %(name)s: add `.%(name)s::%(ns)s` (the name server in full), then make",
                                  name=name, ns=_strip((zone.get("nameservers") or ["ns." + name])[0])))
            continue
        missing = sorted(values - got)
        for value in missing:
            problems.append(T("tinydns gives no %(name)s %(type)s %(value)s (it answers %(got)s): add %(fix)s to data, "
                              "then make", name=name, type=rtype, value=value,
                              got=", ".join(sorted(got)) or rcode or T("nothing"), fix=_fix_line(name, rtype, value)))
        extra = sorted(got - values)
        if extra and not missing:
            problems.append(T("tinydns answers %(name)s %(type)s also with %(extra)s, which the lab's records do not "
                              "have: remove it from data, then make", name=name, type=rtype, extra=", ".join(extra)))
    return problems, evidence


def check_answers(ctx):
    """tinydns answers authoritatively for every record of the lab's model (dnsq @ its address)."""
    s = settings(ctx)
    zone = _zone(ctx)
    if zone is None:
        return _no_model()
    server = s["tinydns_ip"]

    def ask(name, rtype):
        rc, out, err = ctx.run(["dnsq", rtype.lower(), name, server])
        label = "dnsq %s %s %s" % (rtype.lower(), name, server)
        if rc == 127:
            return label, set(), None, [], "", failed(T("dnsq is not installed (Debian: djbdns-utils)"))
        flags, rcode, answers = parse_dnsq(out)
        if rc != 0 or rcode is None:
            return label, flags, rcode, answers, err.strip(), T(
                "tinydns does not answer on %(server)s (dnsq %(type)s %(name)s %(server)s: %(output)s): "
                "is it up (svstat) and is env/IP %(server)s?", server=server, type=rtype.lower(),
                name=name, output=" ".join((err or out).split()) or T("no answer"))
        return label, flags, rcode, answers, "", None

    outcome = compare_answers(zone, ask)
    if isinstance(outcome, Result):
        return outcome
    problems, evidence = outcome
    if problems:
        return failed(join(problems), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 29 addresses

def check_addresses(ctx):
    """tinydns listens on the lab address and dnscache on another one."""
    s = settings(ctx)
    tiny = _read_env(ctx, s["tinydns_dir"], "IP")
    cache = _read_env(ctx, s["dnscache_dir"], "IP")
    evidence = ["%s/env/IP: %s" % (s["tinydns_dir"], tiny), "%s/env/IP: %s" % (s["dnscache_dir"], cache)]
    if tiny is None:
        return failed(T("%(dir)s/env/IP is missing: tinydns-conf writes it; put the lab address %(ip)s there",
                        dir=s["tinydns_dir"], ip=s["tinydns_ip"]), *evidence)
    if cache is None:
        return failed(T("%(dir)s/env/IP is missing: dnscache-conf writes it; put %(ip)s there",
                        dir=s["dnscache_dir"], ip=s["dnscache_ip"]), *evidence)
    if tiny == cache or "0.0.0.0" in (tiny, cache):
        return failed(T("tinydns (%(tiny)s) and dnscache (%(cache)s) share an address: both need port 53 there, so "
                        "one of them cannot start. Keep tinydns on the lab address %(tinydns_ip)s and move dnscache "
                        "to %(dnscache_ip)s (echo %(dnscache_ip)s > %(dnscache_dir)s/env/IP; svc -t "
                        "%(service_dir)s/dnscache)", tiny=tiny, cache=cache, tinydns_ip=s["tinydns_ip"],
                        dnscache_ip=s["dnscache_ip"], dnscache_dir=s["dnscache_dir"], service_dir=s["service_dir"]),
                      *evidence)
    if tiny != s["tinydns_ip"]:
        return failed(T("tinydns listens on %(tiny)s, not on the lab address %(ip)s: echo %(ip)s > %(dir)s/env/IP; "
                        "svc -t %(service_dir)s/tinydns", tiny=tiny, ip=s["tinydns_ip"], dir=s["tinydns_dir"],
                        service_dir=s["service_dir"]), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 30 dnscache configuration

def check_dnscache_config(ctx):
    """dnscache allows loopback and the lab network and asks tinydns for the lab's zones."""
    s = settings(ctx)
    zone = _zone(ctx)
    if zone is None:
        return _no_model()
    root = _read_env(ctx, s["dnscache_dir"], "ROOT") or "%s/root" % s["dnscache_dir"]
    root = root.rstrip("/")
    allowed = ctx.listdir("%s/ip" % root)
    evidence = ["%s/ip: %s" % (root, " ".join(allowed) or "(empty)")]
    problems = []
    network = _lab_network(ctx)
    wanted = ["127.0.0.1"] + ([_ip_prefix(network)] if network else [])
    for client in wanted:
        parts = client.split(".")
        if not any(".".join(parts[:i]) in allowed for i in range(1, len(parts) + 1)):
            problems.append(T("dnscache refuses %(client)s: touch %(root)s/ip/%(client)s (a file per allowed address "
                              "or prefix)", client=client, root=root))
    for name in _zones_of(zone):
        path = "%s/servers/%s" % (root, name)
        text = ctx.read(path)
        servers = (text or "").split()
        evidence.append("%s: %s" % (path, " ".join(servers) or "missing"))
        if s["tinydns_ip"] not in servers:
            problems.append(T("dnscache does not ask tinydns for %(name)s: echo %(ip)s > %(path)s, then svc -t "
                              "%(service_dir)s/dnscache (dnscache reads servers/ when it starts)",
                              name=name, ip=s["tinydns_ip"], path=path, service_dir=s["service_dir"]))
    if problems:
        return failed(join(problems), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 31 dnscache resolves the lab

def _resolve_targets(zone):
    """(name, type, expected final values) that show dnscache reaching tinydns."""
    records = zone.get("records") or []
    addresses = {}
    for r in records:
        if r["type"] == "A":
            addresses.setdefault(_strip(r["name"]).lower(), set()).add(r["value"])
    targets = []
    alias = next((r for r in records if r["type"] == "CNAME"), None)
    if alias is not None:
        target = _strip(alias["value"]).lower()
        targets.append((_strip(alias["name"]).lower(), "A", addresses.get(target, set())))
    else:
        host = next((r for r in records if r["type"] == "A"), None)
        if host is not None:
            targets.append((_strip(host["name"]).lower(), "A", addresses[_strip(host["name"]).lower()]))
    for reverse in (zone.get("reverse") or {}).values():
        if reverse:
            targets.append((_strip(reverse[0]["name"]).lower(), "PTR", set([_strip(reverse[0]["value"]).lower()])))
            break
    return targets


def check_dnscache_resolves(ctx):
    """dnscache resolves the lab's names through tinydns (dnsqr with DNSCACHEIP)."""
    s = settings(ctx)
    zone = _zone(ctx)
    if zone is None:
        return _no_model()
    evidence = []
    problems = []
    for name, rtype, values in _resolve_targets(zone):
        rc, out, err = ctx.run(["env", "DNSCACHEIP=%s" % s["dnscache_ip"], "dnsqr", rtype.lower(), name])
        if rc == 127:
            return failed(T("dnsqr is not installed (Debian: djbdns-utils)"))
        _flags, rcode, answers = parse_dnsq(out)
        got = set(v for n, t, v in answers if t == rtype)
        chain = ["%s %s %s" % a for a in answers]
        evidence.append("dnsqr %s %s @%s: %s" % (rtype.lower(), name, s["dnscache_ip"],
                                                 "; ".join(chain) or (err.strip() or rcode or "no answer")))
        if rc != 0 or not got:
            problems.append(T("dnscache on %(ip)s cannot resolve %(name)s %(type)s (%(error)s): check that dnscache is "
                              "up, that root/servers/%(zone)s holds tinydns's address %(tinydns_ip)s and root/ip/ "
                              "allows 127.0.0.1", ip=s["dnscache_ip"], name=name, type=rtype,
                              error=" ".join(err.split()) or T("no answer"), zone=_strip(zone["origin"]),
                              tinydns_ip=s["tinydns_ip"]))
        elif values and not (got & set(v.lower() for v in values)):
            problems.append(T("dnscache answers %(name)s %(type)s with %(got)s, not %(want)s: an old answer in the "
                              "cache? svc -t %(service_dir)s/dnscache empties it", name=name, type=rtype,
                              got=", ".join(sorted(got)), want=", ".join(sorted(values)),
                              service_dir=s["service_dir"]))
    if problems:
        return failed(join(problems), *evidence)
    return passed(*evidence)


# The djb track of day 7, checks 21-39 (catalog.py: track choice "tinydns").
TINYDNS = [
    Check(DAY, 21, "daemontools/svscan", check_svscan),
    Check(DAY, 22, "djbdns/accounts", check_accounts),
    Check(DAY, 23, "tinydns/svstat", check_tinydns_service),
    Check(DAY, 24, "dnscache/svstat", check_dnscache_service),
    Check(DAY, 25, "tinydns/data", check_data_file),
    Check(DAY, 26, "tinydns/data.cdb", check_cdb),
    Check(DAY, 27, "tinydns/reverse", check_reverse),
    Check(DAY, 28, "tinydns/answers", check_answers),
    Check(DAY, 29, "djbdns/addresses", check_addresses),
    Check(DAY, 30, "dnscache/config", check_dnscache_config),
    Check(DAY, 31, "dnscache/resolves", check_dnscache_resolves),
]
