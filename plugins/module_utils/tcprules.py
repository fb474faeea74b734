# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tcprules: parse, query and check ucspi-tcp rules (``tcpserver -x rules.cdb``).

Parsing follows tcprules 0.88 byte for byte: a line starting with ``#`` is a
comment; trailing blanks and tabs are dropped (a carriage return is not); a
line without ``:`` is silently ignored; the text up to the first ``:`` is the
address, then ``allow`` or ``deny``, then instructions ``,VAR=qvalueq`` where
``q`` is whatever character follows the ``=`` (normally ``"``). Anything
else makes tcprules refuse the whole file ("unable to parse this line") and
leave the old .cdb in place. An address with a ``-`` (and no ``=`` or ``@``)
is a range of one octet, ``1.2.3.4-7`` or ``10.1-2.``: tcprules stores one key
per value (an empty bound counts as 0, a top above 255 as 255).

Lookup follows tcpserver's rules.c (the order tcprulescheck shows), not the
order of the file: for a client it tries, and the first key found wins,

1. ``$TCPREMOTEINFO@$TCPREMOTEIP``  2. ``$TCPREMOTEINFO@=$TCPREMOTEHOST``
3. ``$TCPREMOTEIP``  4. ``=$TCPREMOTEHOST``
5. shorter and shorter prefixes of the IP ending in a dot (``1.2.3.``,
   ``1.2.``, ``1.``)
6. ``=`` + shorter and shorter suffixes of the host name starting with a dot
7. ``=`` (any client with a host name)  8. the empty address (everyone).

(1, 2 need TCPREMOTEINFO; 2, 4, 6, 7 need TCPREMOTEHOST.) When a key occurs
twice only its first line counts, so the later line can never match for that
key. A rule below the catch-all ``:allow`` still applies to its addresses: a
more specific key is looked up first whatever its position in the file. No
rule at all: the connection is allowed without extra environment.
"""

from __future__ import annotations

import ipaddress
import os
import re
import struct

from .findings import error, warning

ALLOW = "allow"
DENY = "deny"
LOOPBACK = ipaddress.ip_network("127.0.0.0/8")


class Rule(object):
    """One rule line. ``keys`` are the cdb keys tcprules stores for it."""

    __slots__ = ("line", "path", "address", "action", "env", "keys", "text", "error", "quotes")

    def __init__(self, line, path, address, action, env, keys, text, error=None, quotes=()):
        self.line = line
        self.path = path
        self.address = address
        self.action = action
        self.env = env        # list of (name, value), in order
        self.keys = keys
        self.text = text
        self.error = error    # why tcprules refuses this line, or None
        self.quotes = list(quotes)  # the quote character of each instruction

    @property
    def ok(self):
        return self.error is None

    def data(self):
        """The cdb value tcprules stores: ``D\\0`` for deny, then ``+VAR=value\\0`` each.

        Encoded as UTF-8, the decoding validator.read_text reads the rules file with (and what Ansible writes)."""
        out = b"D\0" if self.action == DENY else b""
        for name, value in self.env:
            out += b"+" + name.encode("utf-8") + b"=" + value.encode("utf-8") + b"\0"
        return out

    def as_dict(self):
        return {
            "line": self.line,
            "address": self.address,
            "action": self.action,
            "env": dict(self.env),
            "keys": list(self.keys),
            "error": self.error,
        }

    def __repr__(self):
        return "Rule(%r, %r:%s%s)" % (self.line, self.address, self.action,
                                      "".join(",%s=%r" % kv for kv in self.env))


def _expand(address):
    """The cdb keys of an address (tcprules' doaddressdata); ValueError on a bad range."""
    if "=" in address or "@" in address or "-" not in address:
        return [address]
    i = address.index("-")
    left = address.rfind(".", 0, i)
    left = 0 if left < 0 else left + 1
    right_dot = address.find(".", i + 1)
    right = len(address) if right_dot < 0 else right_dot
    bot_text, top_text = address[left:i], address[i + 1:right]
    for bound in (bot_text, top_text):
        if bound and not bound.isdigit():
            raise ValueError("the range %s-%s is not two numbers" % (bot_text, top_text))
    bot, top = int(bot_text or 0), min(int(top_text or 0), 255)
    return ["%s%d%s" % (address[:left], n, address[right:]) for n in range(bot, top + 1)]


def parse_line(raw, number=0, path="rules"):
    """A ``Rule`` for one line, None for a comment/blank/ignored line.

    Returns ``(rule_or_None, note)`` where note says why a line was ignored.
    """
    if raw.startswith("#"):
        return None, None
    text = raw.rstrip(" \t\n")
    if not text:
        return None, None
    colon = text.find(":")
    if colon < 0:
        return None, "no-colon"
    address = text[:colon]
    rest = text[colon + 1:]

    def bad(why):
        return Rule(number, path, address, None, [], [], text, why), None

    if rest.startswith("deny"):
        action, rest = DENY, rest[4:]
    elif rest.startswith("allow"):
        action, rest = ALLOW, rest[5:]
    else:
        return bad("after the ':' tcprules expects 'allow' or 'deny'")
    env = []
    quotes = []
    while rest:
        if rest[0] != ",":
            if rest[0] == "\r":
                return bad("the line ends in a carriage return (DOS line endings)")
            if rest.lstrip().startswith("#"):
                return bad("tcprules has no comments after a rule")
            return bad("unexpected %r after %s: instructions are ,VAR=\"value\"" % (rest, action))
        eq = rest.find("=")
        if eq < 0:
            return bad("instruction %r has no '='" % rest)
        name = rest[1:eq]
        rest = rest[eq + 1:]
        if not rest:
            return bad("instruction ,%s= has no quoted value" % name)
        quote, rest = rest[0], rest[1:]
        end = rest.find(quote)
        if end < 0:
            return bad("the value of %s starts with %r, which tcprules takes as the quote, and "
                       "no closing %r follows: write ,%s=\"value\"" % (name, quote, quote, name))
        env.append((name, rest[:end]))
        quotes.append(quote)
        rest = rest[end + 1:]
    try:
        keys = _expand(address)
    except ValueError as exc:
        return bad(str(exc))
    rule = Rule(number, path, address, action, env, keys, text, quotes=quotes)
    return rule, None


def parse_rules(text, path="rules"):
    """All rule lines of a rules file (syntax errors included, with ``error`` set)."""
    rules = []
    for number, raw in enumerate(text.split("\n"), 1):
        rule, _note = parse_line(raw, number, path)
        if rule is not None:
            rules.append(rule)
    return rules


def ignored_lines(text):
    """[(line, text)] of lines tcprules skips silently because they have no ':'."""
    out = []
    for number, raw in enumerate(text.split("\n"), 1):
        if parse_line(raw, number)[1] == "no-colon":
            out.append((number, raw.rstrip(" \t")))
    return out


def check_text(text, path="rules", lab_network="192.168.0.0/24"):
    """``(rules, findings)`` for a rules file: ``check_rules`` plus silently ignored lines."""
    rules = parse_rules(text, path)
    findings = []
    for number, line in ignored_lines(text):
        findings.append(warning(
            "tcprules-line-ignored",
            "%r has no ':', so tcprules skips it without a word." % line,
            "Write address:allow or address:deny (e.g. 192.168.0.:allow), or make it a comment "
            "starting with '#'.", path, number))
    findings.extend(check_rules(rules, lab_network))
    findings.sort(key=lambda f: f.line or 0)
    return rules, findings


def candidate_keys(ip, host=None, info=None):
    """The keys tcpserver looks up, in order, for one client."""
    keys = []
    if info:
        keys.append("%s@%s" % (info, ip))
        if host:
            keys.append("%s@=%s" % (info, host))
    keys.append(ip)
    if host:
        keys.append("=" + host)
    for i in range(len(ip), 0, -1):
        if ip[i - 1] == ".":
            keys.append(ip[:i])
    if host:
        for i, ch in enumerate(host):
            if ch == ".":
                keys.append("=" + host[i:])
        keys.append("=")
    keys.append("")
    return keys


def lookup(rules, ip, host=None, info=None):
    """``(key, rule)`` that tcpserver applies, or ``(None, None)`` (default allow).

    Rules with a syntax error are left out (tcprules would not build the
    cdb at all).
    """
    first = {}
    for rule in rules:
        if not rule.ok:
            continue
        for key in rule.keys:
            first.setdefault(key, rule)
    for key in candidate_keys(ip, host, info):
        if key in first:
            return key, first[key]
    return None, None


def match(rules, ip, host=None, info=None):
    """The rule applied to a client, like ``TCPREMOTEIP=ip tcprulescheck``; None = default."""
    return lookup(rules, ip, host, info)[1]


def describe(rules, ip, host=None, info=None):
    """What tcprulescheck prints for a client, as a dict (and its text)."""
    key, rule = lookup(rules, ip, host, info)
    lines = ["rule %s:" % key if rule else "default:"]
    env = rule.env if rule else []
    action = rule.action if rule else ALLOW
    if action == ALLOW:
        lines += ["set environment variable %s=%s" % kv for kv in env]
    lines.append("%s connection" % action)
    return {
        "ip": ip,
        "host": host,
        "info": info,
        "key": key,
        "line": rule.line if rule else None,
        "action": action,
        "env": dict(env) if action == ALLOW else {},
        "text": "\n".join(lines),
    }


_FULL_IP = re.compile(r"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$")
_PREFIX = re.compile(r"^(\d{1,3}\.){1,3}$")


def key_network(key):
    """The IPv4 network an IP key covers: ``1.2.3.`` is 1.2.3.0/24; None otherwise."""
    if _FULL_IP.match(key):
        try:
            return ipaddress.ip_network(key + "/32")
        except ValueError:
            return None
    if _PREFIX.match(key):
        octets = key.rstrip(".").split(".")
        if any(int(o) > 255 for o in octets):
            return None
        bits = 8 * len(octets)
        return ipaddress.ip_network(".".join(octets + ["0"] * (4 - len(octets))) + "/%d" % bits)
    return None


def key_kind(key):
    """What a key can match: any, named, host, ip, info, or never."""
    if key == "":
        return "any"
    if key == "=":
        return "named"
    if key.startswith("="):
        return "host"
    if "@" in key:
        return "info"
    if key_network(key) is not None:
        return "ip"
    return "never"


def check_rules(rules, lab_network="192.168.0.0/24"):
    """Findings for parsed rules: syntax, unreachable rules, RELAYCLIENT scope."""
    lab = ipaddress.ip_network(lab_network, strict=False)
    findings = []
    first = {}
    for rule in rules:
        if not rule.ok:
            findings.append(error(
                "tcprules-syntax",
                "tcprules cannot parse %r: %s. tcprules then refuses the whole file "
                "('unable to parse this line') and the old .cdb stays in force." % (rule.text, rule.error),
                "Write address:allow or address:deny, then ,VAR=\"value\" instructions, "
                "e.g. 192.168.0.:allow,RELAYCLIENT=\"\"", rule.path, rule.line))
            continue
        shadowed = [k for k in rule.keys if k in first]
        for key in rule.keys:
            first.setdefault(key, rule)
        if shadowed:
            other = first[shadowed[0]]
            label = "the catch-all ''" if shadowed[0] == "" else repr(shadowed[0])
            if len(shadowed) == len(rule.keys):
                findings.append(warning(
                    "tcprules-unreachable",
                    "This rule can never match: line %d already has the address %s, and tcprules "
                    "uses the first line for an address." % (other.line, label),
                    "Delete the line or merge it into line %d." % other.line, rule.path, rule.line))
            else:
                findings.append(warning(
                    "tcprules-unreachable",
                    "Part of this range never matches: %s already appear%s on earlier lines."
                    % (", ".join(repr(k) for k in shadowed), "s" if len(shadowed) == 1 else ""),
                    "Narrow the range.", rule.path, rule.line))
        if rule.address != rule.address.strip():
            findings.append(warning(
                "tcprules-blank-address",
                "The address %r has blanks: tcprules keeps them, so the rule never matches."
                % rule.address, "Remove the blanks.", rule.path, rule.line))
        elif not rule.keys:
            findings.append(warning(
                "tcprules-never-matches",
                "The range in %r is empty (its first number is above the last), so tcprules "
                "stores no address for it." % rule.address, "Write the range low-high.",
                rule.path, rule.line))
        elif any(key_kind(k) == "never" for k in rule.keys):
            hint = ""
            if re.match(r"^\d{1,3}(\.\d{1,3}){0,2}$", rule.address):
                hint = " (a prefix ends with a dot: %s.)" % rule.address
            elif "/" in rule.address:
                hint = " (tcprules knows no CIDR; for a /24 write the prefix, e.g. 192.168.0.)"
            elif re.match(r"^[A-Za-z]", rule.address):
                hint = " (a host name is written =%s, and needs tcpserver without -H)" % rule.address
            findings.append(warning(
                "tcprules-never-matches",
                "No client address looks like %r, so the rule never matches%s." % (rule.address, hint),
                "Use an IP address, a prefix ending in a dot, =host.name or =.domain.",
                rule.path, rule.line))
        for (name, value), quote in zip(rule.env, rule.quotes):
            if quote not in "\"'":
                findings.append(warning(
                    "tcprules-odd-quote",
                    "In ,%s=%s%s%s tcprules takes %r as the quote, so %s is set to %r." % (
                        name, quote, value, quote, quote, name, value),
                    "Quote values with double quotes: ,%s=\"%s%s%s\" if that is what you meant."
                    % (name, quote, value, quote), rule.path, rule.line))
        effective = [k for k in rule.keys if k not in shadowed]
        if effective:   # a rule that can never match grants nothing
            findings.extend(_relay_findings(rule, effective, lab))
    return findings


def _relay_findings(rule, keys, lab):
    if rule.action != ALLOW or not any(name == "RELAYCLIENT" for name, _v in rule.env):
        return []
    fix = ("Grant RELAYCLIENT only to 127.0.0.1 and the lab network (%s, written %s), and end "
           "with a plain ':allow'." % (lab, _prefix_of(lab)))
    kinds = set(key_kind(k) for k in keys)
    if "any" in kinds:
        return [error("tcprules-open-relay",
                      "%r grants RELAYCLIENT to every client: qmail-smtpd then relays mail from "
                      "anyone to anywhere - an open relay." % rule.text, fix, rule.path, rule.line)]
    if "named" in kinds:
        return [error("tcprules-open-relay",
                      "%r grants RELAYCLIENT to every client that has a host name in DNS: an "
                      "open relay for most of the Internet." % rule.text, fix, rule.path, rule.line)]
    findings = []
    if kinds & set(["host"]):
        findings.append(warning(
            "tcprules-relay-by-name",
            "%r grants RELAYCLIENT by host name: the reverse DNS name is chosen by whoever owns "
            "the client's address, so anyone can claim it." % rule.text, fix, rule.path, rule.line))
    outside = []
    for key in keys:
        ip_part = key.split("@", 1)[1] if "@" in key else key
        net = key_network(ip_part)
        if net is None:
            continue
        if not (net.subnet_of(lab) or net.subnet_of(LOOPBACK)):
            outside.append(str(net))
    if outside:
        findings.append(error(
            "tcprules-relay-outside-lab",
            "%r grants RELAYCLIENT to %s, outside the lab network %s and loopback: those "
            "clients may relay mail anywhere." % (rule.text, ", ".join(sorted(set(outside))), lab),
            fix, rule.path, rule.line))
    return findings


def _prefix_of(net):
    """How tcprules writes a network (8/16/24 bit ones only)."""
    octets = str(net.network_address).split(".")
    if net.prefixlen in (8, 16, 24):
        return ".".join(octets[:net.prefixlen // 8]) + "."
    return str(net)


def read_cdb(data):
    """All (key, value) records of a cdb file's bytes, in file order."""
    if len(data) < 2048:
        raise ValueError("not a cdb file: shorter than its 2048-byte header")
    table_starts = [struct.unpack_from("<I", data, 8 * i)[0] for i in range(256)]
    end = min(table_starts)
    records = []
    pos = 2048
    while pos < end:
        klen, dlen = struct.unpack_from("<II", data, pos)
        pos += 8
        records.append((data[pos:pos + klen], data[pos + klen:pos + klen + dlen]))
        pos += klen + dlen
    return records


def compiled_records(rules):
    """The records tcprules writes for these rules (valid rules only)."""
    out = []
    for rule in rules:
        if rule.ok:
            for key in rule.keys:
                out.append((key.encode("utf-8"), rule.data()))
    return out


def check_cdb_fresh(rules_path, cdb_path, rules=None):
    """Findings when ``cdb_path`` is missing, older than ``rules_path`` or built from other rules.

    With ``rules`` (parsed from ``rules_path``) the records are compared too,
    so an edit is caught even when the timestamps say otherwise.
    """
    directory = os.path.dirname(cdb_path) or "."
    base = os.path.basename(cdb_path)
    tmp = base[:-4] + ".tmp" if base.endswith(".cdb") else base + ".tmp"
    source = rules_path
    if os.path.dirname(rules_path) == os.path.dirname(cdb_path):
        source = os.path.basename(rules_path)
    fix = "Compile the rules: cd %s && tcprules %s %s < %s" % (directory, base, tmp, source)
    if not os.path.exists(cdb_path):
        return [error("tcprules-cdb-missing",
                      "%s does not exist: tcpserver -x %s refuses every connection "
                      "until it does." % (cdb_path, cdb_path), fix, cdb_path)]
    findings = []
    try:
        rules_mtime = os.stat(rules_path).st_mtime
    except OSError:
        return findings
    if os.stat(cdb_path).st_mtime < rules_mtime:
        findings.append(error(
            "tcprules-cdb-stale",
            "%s is older than %s: the last edit of the rules is not active (tcpserver reads only "
            "the .cdb)." % (cdb_path, rules_path), fix, cdb_path))
        return findings
    if rules is not None and all(r.ok for r in rules):
        try:
            with open(cdb_path, "rb") as handle:
                records = read_cdb(handle.read())
        except (IOError, OSError, ValueError, struct.error) as exc:
            return [error("tcprules-cdb-unreadable", "%s cannot be read as a cdb (%s)." % (cdb_path, exc),
                          fix, cdb_path)]
        if records != compiled_records(rules):
            findings.append(error(
                "tcprules-cdb-differs",
                "%s does not hold the rules of %s (it was compiled from another version of the "
                "file): the rules in force are not the ones you read." % (cdb_path, rules_path),
                fix, cdb_path))
    return findings
