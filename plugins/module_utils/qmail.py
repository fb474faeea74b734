# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""qmail: check the control files and the alias user's .qmail files.

How qmail reads control files (control.c): multi-line files (``locals``,
``rcpthosts``, ``smtproutes``, ``virtualdomains``) lose trailing blanks, tabs
and newlines on every line; empty lines and lines starting with ``#`` are
skipped. One-line files (``me``, ``defaulthost``, ``defaultdomain``,
``plusdomain``) are their first line, comments included. Nothing strips a
carriage return or leading blanks: a file saved with CRLF line endings
gives ``example.com\\r``, a different domain.

The rules checked here:

* ``me`` exists and holds one host name; it is the default of ``locals`` and
  of most other control files.
* ``rcpthosts`` exists: without it qmail-smtpd accepts mail for every domain,
  an open relay.
* every domain of ``locals`` (and of ``virtualdomains``) is accepted by
  ``rcpthosts`` (the domain itself, or a ``.suffix`` entry for a subdomain);
  otherwise mail for it from outside is refused with "553 sorry, that domain
  isn't in my list of allowed rcpthosts".
* ``smtproutes`` lines are ``domain:relay[:port]``; an empty domain is the
  default route (``:[192.168.0.5]``), an IP relay is written in brackets,
  the port is numeric; lines without ``:`` are ignored by qmail-remote.
* ``defaulthost``, ``defaultdomain``, ``plusdomain`` are host names.
* the alias user has ``.qmail-postmaster``, ``.qmail-mailer-daemon`` and
  ``.qmail-root``, none of them world-writable (qmail-local defers delivery
  for a writable .qmail file).
"""

from __future__ import annotations

import ipaddress
import os
import re
import stat

from .findings import error, run_rules, warning
from .validator import read_text

CONTROL_DIR = "/var/qmail/control"
ALIAS_DIR = "/var/qmail/alias"
MULTI_LINE = ("locals", "rcpthosts", "smtproutes", "virtualdomains")
ONE_LINE = ("me", "defaulthost", "defaultdomain", "plusdomain")
KNOWN_FILES = MULTI_LINE + ONE_LINE
REQUIRED_ALIASES = (".qmail-postmaster", ".qmail-mailer-daemon", ".qmail-root")

REFUSED_553 = "553 sorry, that domain isn't in my list of allowed rcpthosts"

_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", re.I)


def valid_domain(name, need_dot=False):
    """Is ``name`` a syntactically valid host/domain name?"""
    if not name or len(name) > 253 or name.endswith("."):
        return False
    labels = name.split(".")
    if need_dot and len(labels) < 2:
        return False
    return all(_LABEL.match(label) for label in labels)


def control_lines(text):
    """The entries qmail reads from a multi-line control file: [(line, value)]."""
    out = []
    for number, raw in enumerate(text.split("\n"), 1):
        value = raw.rstrip(" \t")
        if value and not value.startswith("#"):
            out.append((number, value))
    return out


def first_line(text):
    """The value qmail reads from a one-line control file."""
    return text.split("\n", 1)[0].rstrip(" \t")


def hygiene(text, path):
    """CRLF, leading and trailing blanks: reported once per file, at the first line."""
    findings = []
    lines = text.split("\n")
    crlf = [n for n, ln in enumerate(lines, 1) if ln.endswith("\r")]
    if crlf:
        value = lines[crlf[0] - 1].rstrip("\r").strip() or "the line"
        findings.append(error(
            "qmail-crlf",
            "%d line%s end%s in CR (DOS/Windows line endings): qmail reads the CR as part of the "
            "value, so %r is not %s." % (
                len(crlf), "" if len(crlf) == 1 else "s", "s" if len(crlf) == 1 else "",
                value + "\r", value),
            "Convert the file: dos2unix %s (or sed -i 's/\\r$//' %s)." % (path, path),
            path, crlf[0]))
    leading = [n for n, ln in enumerate(lines, 1) if ln[:1] in (" ", "\t") and ln.strip()]
    if leading:
        findings.append(error(
            "qmail-leading-space",
            "Line %d starts with a blank: qmail keeps it as part of the value." % leading[0],
            "Remove the leading blanks.", path, leading[0]))
    trailing = [n for n, ln in enumerate(lines, 1)
                if ln.rstrip("\r") != ln.rstrip("\r").rstrip(" \t") and ln.strip()]
    if trailing:
        findings.append(warning(
            "qmail-trailing-space",
            "Line %d ends in blanks: qmail strips them, but tools that compare the files "
            "(and the next editor) may not." % trailing[0],
            "Remove the trailing blanks.", path, trailing[0]))
    return findings


def domain_allowed(domain, rcpthosts):
    """Does qmail-smtpd accept recipients at ``domain`` with these rcpthosts entries?

    An entry matches the domain itself; an entry starting with a dot matches
    every domain ending in it (qmail-smtpd's rcpthosts.c).
    """
    domain = domain.lower()
    entries = set(e.lower() for e in rcpthosts)
    if domain in entries:
        return True
    for i, ch in enumerate(domain):
        if ch == "." and domain[i:] in entries:
            return True
    return False


class Route(object):
    """One smtproutes line."""

    __slots__ = ("line", "domain", "relay", "port", "text")

    def __init__(self, line, domain, relay, port, text):
        self.line = line
        self.domain = domain
        self.relay = relay
        self.port = port
        self.text = text

    def as_dict(self):
        return {"line": self.line, "domain": self.domain, "relay": self.relay, "port": self.port}


def parse_smtproutes(text, path="smtproutes"):
    """(routes, findings) for smtproutes text."""
    routes = []
    findings = []
    seen = {}
    for number, value in control_lines(text):
        value = value.rstrip("\r")
        if ":" not in value:
            findings.append(error(
                "qmail-smtproutes-syntax",
                "%r has no ':': qmail-remote ignores the line." % value,
                "Write domain:relay, e.g. example.net:[192.168.0.5], or :[192.168.0.5] for "
                "the default route.", path, number))
            continue
        domain, rest = value.split(":", 1)
        key = domain.lower()
        if key in seen:
            findings.append(warning(
                "qmail-smtproutes-duplicate",
                "%s appears twice in smtproutes (first on line %d): only one of the routes is used."
                % (repr(domain) if domain else "The default route (empty domain)", seen[key]),
                "Keep one line per domain.", path, number))
        seen.setdefault(key, number)
        relay, port = rest, None
        if rest.startswith("["):
            end = rest.find("]")
            if end < 0:
                findings.append(error("qmail-smtproutes-syntax",
                                      "%r: the IP literal has no closing ']'." % value,
                                      "Write [192.168.0.5].", path, number))
                continue
            relay, tail = rest[:end + 1], rest[end + 1:]
            if tail:
                if not tail.startswith(":"):
                    findings.append(error("qmail-smtproutes-syntax",
                                          "%r: unexpected %r after the relay." % (value, tail),
                                          "Write domain:[ip] or domain:[ip]:port.", path, number))
                    continue
                port = tail[1:]
        elif ":" in rest:
            relay, port = rest.split(":", 1)
        problems = []
        if domain and not valid_domain(domain.lstrip(".") if domain.startswith(".") else domain):
            problems.append("the domain %r is not a valid domain name" % domain)
        if relay.startswith("["):
            try:
                ipaddress.IPv4Address(relay[1:-1])
            except ValueError:
                problems.append("%s is not an IPv4 address" % relay)
        elif relay:
            try:
                ipaddress.ip_address(relay)
                problems.append("the IP address %s must be written in brackets, [%s]: without them "
                                "qmail-remote looks it up as a host name" % (relay, relay))
            except ValueError:
                if not valid_domain(relay):
                    problems.append("the relay %r is not a host name or [IP]" % relay)
        if port is not None and (not port.isdigit() or not 0 < int(port) < 65536):
            problems.append("the port %r is not a number from 1 to 65535" % port)
        if problems:
            findings.append(error("qmail-smtproutes-syntax", "%r: %s." % (value, "; ".join(problems)),
                                  "Write domain:relay[:port], e.g. :[192.168.0.5] or "
                                  "example.net:[192.168.0.5]:25.", path, number))
            continue
        routes.append(Route(number, domain, relay, int(port) if port else None, value))
    return routes, findings


class ControlFacts(object):
    """What the control rules look at, read once: the files present, the host name of ``me``, the
    rcpthosts entries and the local domains (``locals``, else ``me``)."""

    def __init__(self, files, control_dir=CONTROL_DIR):
        self.control_dir = control_dir
        self.present = dict((k, v) for k, v in files.items() if v is not None)
        self.me = None
        if "me" in self.present:
            self.me = first_line(self.present["me"]).rstrip("\r").strip() or None
        self.rcpthosts = None  # None: no rcpthosts file (qmail-smtpd relays for everyone)
        if "rcpthosts" in self.present:
            self.rcpthosts = [value.rstrip("\r") for _number, value in control_lines(self.present["rcpthosts"])]
        if "locals" in self.present:
            self.locals = [(n, v.rstrip("\r")) for n, v in control_lines(self.present["locals"])]
            self.locals_path, self.locals_defaulted = self.where("locals"), False
        else:
            self.locals = [(None, self.me)] if self.me else []
            self.locals_path, self.locals_defaulted = self.where("me"), True

    def where(self, name):
        return os.path.join(self.control_dir, name)


def rule_hygiene(facts):
    """Every known control file: the line-level mistakes of ``hygiene``."""
    findings = []
    for name in sorted(facts.present):
        if name in KNOWN_FILES:
            findings.extend(hygiene(facts.present[name], facts.where(name)))
    return findings


def rule_me(facts):
    """control/me: present, one line, a fully qualified host name."""
    where = facts.where
    if "me" not in facts.present:
        return [error(
            "qmail-me-missing",
            "control/me is missing: it names this host, and locals, defaulthost, "
            "defaultdomain, plusdomain and the HELO name default to it.",
            "echo h2g.example.com > %s" % where("me"), where("me"))]
    findings = []
    me = facts.me
    entries = control_lines(facts.present["me"])
    if not me:
        findings.append(error("qmail-me-empty", "control/me is empty or its first line is blank.",
                              "Write the host's full name on line 1: h2g.example.com",
                              where("me"), 1))
    elif not valid_domain(me):
        findings.append(error("qmail-me-invalid",
                              "control/me is %r, not a host name (qmail reads only line 1, "
                              "comments included)." % me,
                              "Write the host's full name on line 1: h2g.example.com",
                              where("me"), 1))
    elif "." not in me:
        findings.append(warning("qmail-me-not-fqdn",
                                "control/me is %r, not a fully qualified name." % me,
                                "Write the full name, e.g. h2g.example.com.", where("me"), 1))
    if len(entries) > 1:
        findings.append(warning("qmail-me-lines",
                                "control/me has %d lines: qmail reads only the first." % len(entries),
                                "Keep one line.", where("me"), entries[1][0]))
    return findings


def rule_name_files(facts):
    """defaulthost, defaultdomain, plusdomain: one valid name on line 1."""
    findings = []
    for name in ("defaulthost", "defaultdomain", "plusdomain"):
        if name not in facts.present:
            continue
        value = first_line(facts.present[name]).rstrip("\r").strip()
        if not valid_domain(value):
            findings.append(error(
                "qmail-bad-name",
                "control/%s is %r, not a valid host or domain name." % (name, value),
                "Write one name on line 1, e.g. example.com.", facts.where(name), 1))
    return findings


def rule_rcpthosts(facts):
    """rcpthosts: present (else an open relay), not empty, domains only."""
    where = facts.where
    if facts.rcpthosts is None:
        return [error(
            "qmail-open-relay",
            "control/rcpthosts is missing: qmail-smtpd then accepts mail for every domain from "
            "everyone - an open relay.",
            "List the domains this host receives mail for: echo example.com > %s (and every "
            "domain of locals and virtualdomains)." % where("rcpthosts"), where("rcpthosts"))]
    findings = []
    for number, value in control_lines(facts.present["rcpthosts"]):
        value = value.rstrip("\r")
        name = value[1:] if value.startswith(".") else value
        if not valid_domain(name):
            findings.append(error("qmail-bad-name",
                                  "rcpthosts entry %r is not a domain (or .domain) name." % value,
                                  "One domain per line.", where("rcpthosts"), number))
    if not facts.rcpthosts:
        findings.append(warning(
            "qmail-rcpthosts-empty",
            "control/rcpthosts is empty: qmail-smtpd refuses mail for every domain from "
            "outside ('%s')." % REFUSED_553,
            "List the domains this host receives mail for, e.g. example.com.",
            where("rcpthosts")))
    return findings


def rule_locals(facts):
    """Every local domain (locals, else me) is a domain name and in rcpthosts."""
    findings = []
    rcpthosts, defaulted = facts.rcpthosts, facts.locals_defaulted
    for number, domain in facts.locals:
        if not defaulted and not valid_domain(domain):
            findings.append(error("qmail-bad-name", "locals entry %r is not a domain name." % domain,
                                  "One domain per line.", facts.locals_path, number))
            continue
        if rcpthosts is not None and not domain_allowed(domain, rcpthosts):
            findings.append(error(
                "qmail-local-not-rcpthost",
                "%s is a local domain%s but is not in rcpthosts: mail for it from outside is "
                "refused with '%s'." % (domain, " (locals is missing, so it defaults to me)"
                                        if defaulted else "", REFUSED_553),
                "Add it to rcpthosts: echo %s >> %s" % (domain, facts.where("rcpthosts")),
                facts.locals_path, number))
    return findings


def rule_virtualdomains(facts):
    """virtualdomains: domain:prefix lines, not local as well, in rcpthosts."""
    if "virtualdomains" not in facts.present:
        return []
    findings = []
    where, rcpthosts = facts.where, facts.rcpthosts
    local_names = set(d.lower() for _n, d in facts.locals)
    for number, value in control_lines(facts.present["virtualdomains"]):
        value = value.rstrip("\r")
        if ":" not in value:
            findings.append(error(
                "qmail-virtualdomains-syntax",
                "%r has no ':': qmail-send ignores the line." % value,
                "Write domain:prefix, e.g. example.net:joe.", where("virtualdomains"), number))
            continue
        target, prefix = value.split(":", 1)
        domain = target.split("@", 1)[1] if "@" in target else target
        bare = domain[1:] if domain.startswith(".") else domain
        if domain and not valid_domain(bare):
            findings.append(error(
                "qmail-virtualdomains-syntax",
                "%r: %r is not a domain name." % (value, domain),
                "Write domain:prefix, user@domain:prefix or .domain:prefix.",
                where("virtualdomains"), number))
            continue
        if not prefix:
            findings.append(warning(
                "qmail-virtualdomains-syntax",
                "%r has an empty prefix: the mail goes to no user." % value,
                "Write the user (or user-prefix) after the colon.", where("virtualdomains"), number))
        if domain and domain.lower() in local_names:
            findings.append(warning(
                "qmail-virtual-and-local",
                "%s is in both locals and virtualdomains: locals wins and the virtual "
                "domain line is never used." % domain,
                "Remove it from one of the two files.", where("virtualdomains"), number))
        if domain and not domain.startswith(".") and rcpthosts is not None \
                and not domain_allowed(domain, rcpthosts):
            findings.append(error(
                "qmail-virtual-not-rcpthost",
                "Virtual domain %s is not in rcpthosts: mail for it from outside is refused "
                "with '%s'." % (domain, REFUSED_553),
                "Add it to rcpthosts: echo %s >> %s" % (domain, where("rcpthosts")),
                where("virtualdomains"), number))
    return findings


def rule_smtproutes(facts):
    """smtproutes: the findings of parse_smtproutes."""
    if "smtproutes" not in facts.present:
        return []
    return parse_smtproutes(facts.present["smtproutes"], facts.where("smtproutes"))[1]


# The control rules, in the order check_control reports them.
CONTROL_RULES = (
    rule_hygiene,
    rule_me,
    rule_name_files,
    rule_rcpthosts,
    rule_locals,
    rule_virtualdomains,
    rule_smtproutes,
)


def check_control(files, control_dir=CONTROL_DIR):
    """Findings for qmail's control files.

    ``files`` maps a file name (``me``, ``locals``, ...) to its text; a file
    that is absent is missing from the map (or maps to None).
    """
    return run_rules(CONTROL_RULES, ControlFacts(files, control_dir))


def read_control_dir(control_dir=CONTROL_DIR):
    """The known control files that exist in ``control_dir``: {name: text}."""
    files = {}
    for name in KNOWN_FILES:
        full = os.path.join(control_dir, name)
        if os.path.isfile(full):
            files[name] = read_text(full)
    return files


def check_aliases(entries, alias_dir=ALIAS_DIR):
    """Findings for the alias user's .qmail files.

    ``entries`` maps the file names present in ``alias_dir`` to their mode
    (an int, or None when unknown); None for ``entries`` means the directory
    itself is missing.
    """
    if entries is None:
        return [error("qmail-alias-dir-missing",
                      "The alias user's home %s does not exist." % alias_dir,
                      "Create the qmail users and directories as INSTALL.ids describes.", alias_dir)]
    findings = []
    missing = [name for name in REQUIRED_ALIASES if name not in entries]
    for name in missing:
        findings.append(error(
            "qmail-alias-missing",
            "%s is missing: mail to %s is bounced instead of reaching an administrator."
            % (os.path.join(alias_dir, name), name[len(".qmail-"):]),
            "echo '&user1' > %s; chmod 644 %s (an empty file also works: it delivers to "
            "~alias's default)." % (os.path.join(alias_dir, name), os.path.join(alias_dir, name)),
            os.path.join(alias_dir, name)))
    for name in REQUIRED_ALIASES:
        mode = entries.get(name)
        if mode is not None and mode & stat.S_IWOTH:
            findings.append(error(
                "qmail-alias-writable",
                "%s is writable by everyone: qmail-local defers every delivery through it "
                "('Uh-oh: .qmail file is writable')." % os.path.join(alias_dir, name),
                "chmod 644 %s" % os.path.join(alias_dir, name), os.path.join(alias_dir, name)))
    return findings


def read_alias_dir(alias_dir=ALIAS_DIR):
    """{name: mode} of the .qmail files in ``alias_dir``; None when it does not exist."""
    if not os.path.isdir(alias_dir):
        return None
    out = {}
    for name in os.listdir(alias_dir):
        if name.startswith(".qmail"):
            try:
                out[name] = os.stat(os.path.join(alias_dir, name)).st_mode
            except OSError:
                out[name] = None
    return out


def summary(files):
    """The values qmail uses, for the module's result."""
    me = first_line(files["me"]).strip() if files.get("me") is not None else None
    out = {"me": me}
    for name in ("locals", "rcpthosts", "virtualdomains"):
        out[name] = [v.rstrip("\r") for _n, v in control_lines(files[name])] \
            if files.get(name) is not None else None
    for name in ("defaulthost", "defaultdomain", "plusdomain"):
        out[name] = first_line(files[name]).strip() if files.get(name) is not None else None
    if files.get("smtproutes") is not None:
        out["smtproutes"] = [r.as_dict() for r in parse_smtproutes(files["smtproutes"])[0]]
    else:
        out["smtproutes"] = None
    if out["locals"] is None and me:
        out["locals"] = [me]
    return out
