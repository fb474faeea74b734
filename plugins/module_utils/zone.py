# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""BIND zone files: parse with line numbers, then check for the mistakes trainees make.

Pure Python plus dnspython (2.1 or later), which is imported lazily inside the
functions so that this file can be imported (and shipped by the evaluator)
where dnspython is missing. The parser drives dnspython's tokenizer and rdata
parsers itself instead of using dns.zone, because dns.zone forgets line
numbers, silently drops out-of-zone names and (in recent releases) refuses a
CNAME beside other data with an exception: all three are things we must report.

API:
    parse_zone(text, origin, path="zone") -> Zone
    check_zone(zone) -> [Finding]
    check_reverse(forward, reverses) -> [Finding]
    check_serial(new, old_serial=None, old=None) -> [Finding]
    soa_serial(text, origin) -> int or None
"""

from __future__ import annotations

import ipaddress
import os
import re

from .findings import error, run_rules, warning

# Record types whose rdata names another host, and the dnspython attribute.
TARGET_ATTRS = {
    "NS": "target",
    "CNAME": "target",
    "PTR": "target",
    "DNAME": "target",
    "MX": "exchange",
    "SRV": "target",
}
# Types that may sit beside a CNAME (DNSSEC bookkeeping).
CNAME_NEUTRAL = frozenset(("RRSIG", "NSEC", "NSEC3", "KEY"))
# Last labels that give away a full name written without its trailing dot.
TLD_HINTS = frozenset(
    ("com", "net", "org", "edu", "gov", "info", "biz", "arpa", "jp", "de", "uk", "fr", "io", "local", "lan")
)
MAX_SYNTAX_ERRORS = 20
_DIRECTIVE = re.compile(r"^\$([A-Za-z]+)")
_IPV4_TEXT = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")

EXAMPLE_SOA = "@ IN SOA ns.example.com. root.example.com. ( 2024010101 3600 900 604800 86400 )"


def _dns():
    """Import the dnspython modules we use (lazily: see the module docstring)."""
    import dns.exception
    import dns.name
    import dns.rdata
    import dns.rdataclass
    import dns.rdatatype
    import dns.reversename
    import dns.tokenizer
    import dns.ttl

    return dns


class Record(object):
    """One resource record of a zone file, with the line it starts on."""

    __slots__ = ("name", "type", "ttl", "value", "line", "target", "written", "owner", "target_name", "rdata")

    def __init__(self, owner, rdtype, ttl, rdata, line, written=None):
        self.owner = owner  # dns.name.Name, absolute
        self.name = owner.to_text().lower()
        self.type = rdtype
        self.ttl = ttl  # None when neither the record nor $TTL gave one
        self.rdata = rdata
        self.value = rdata.to_text()
        self.line = line
        self.written = written  # the owner token as written, None when inherited
        attr = TARGET_ATTRS.get(rdtype)
        self.target_name = getattr(rdata, attr) if attr else None
        self.target = self.target_name.to_text().lower() if attr else None

    def __repr__(self):
        return "Record(%s %s %s @%d)" % (self.name, self.type, self.value, self.line)


class Zone(object):
    """A parsed zone file: its records (in file order) and what the parser saw."""

    def __init__(self, origin, path, text):
        self.origin = origin  # dns.name.Name, absolute
        self.path = path
        self.text = text
        self.records = []
        self.parse_findings = []
        # Types of records that failed to parse ("*" when the type is unknown):
        # absence checks for these types are skipped to avoid follow-on noise.
        self.broken_types = set()
        self.ttl_line = None  # line of the first $TTL directive
        self.first_record_line = None
        self.first_record_has_ttl = False

    @property
    def origin_text(self):
        return self.origin.to_text().lower()

    def in_zone(self, name):
        return name.is_subdomain(self.origin)

    def zone_records(self):
        """The records BIND would load: those at or below the origin."""
        return [r for r in self.records if r.owner.is_subdomain(self.origin)]

    def find(self, name, rdtype=None):
        """Records at name (a dns.name.Name or text; relative text is taken as absolute)."""
        key = _key(name)
        return [r for r in self.zone_records() if r.name == key and (rdtype is None or r.type == rdtype)]

    def soa_records(self):
        return [r for r in self.zone_records() if r.type == "SOA" and r.owner == self.origin]

    @property
    def serial(self):
        soas = self.soa_records()
        return soas[0].rdata.serial if soas else None

    def is_broken(self, rdtype):
        return rdtype in self.broken_types or "*" in self.broken_types


def _key(name):
    text = name if isinstance(name, str) else name.to_text()
    text = text.lower()
    return text if text.endswith(".") else text + "."


def _fname(path):
    return os.path.basename(path) if path else "zone"


# ---------------------------------------------------------------- parsing


def _scan_directives(text):
    """Raw-text scan: (line of the first $TTL, line of the first record).

    Done on the text itself (not on what a parser accepted) because a missing
    $TTL is not a syntax error: BIND and dnspython both load such a zone.
    """
    ttl_line = None
    first_record = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith(";"):
            continue
        match = _DIRECTIVE.match(line)
        if match:
            if match.group(1).upper() == "TTL" and ttl_line is None:
                ttl_line = number
        elif first_record is None:
            first_record = number
        if ttl_line is not None and first_record is not None:
            break
    return ttl_line, first_record


def _record_end_line(lines, start):
    """Last line of the logical record starting at line `start` (1-based):
    parentheses continue a record over several lines; quotes and comments are
    honoured. Used to resume parsing after a syntax error."""
    depth = 0
    quoting = False
    for number in range(start, len(lines) + 1):
        line = lines[number - 1]
        i = 0
        while i < len(line):
            c = line[i]
            if c == "\\":
                i += 2
                continue
            if quoting:
                if c == '"':
                    quoting = False
            elif c == '"':
                quoting = True
            elif c == ";":
                break
            elif c == "(":
                depth += 1
            elif c == ")":
                depth = max(0, depth - 1)
            i += 1
        quoting = False  # a quote never spans lines in zone files
        if depth == 0:
            return number
    return len(lines)


def _tokenizer(dns, text, path, first_line):
    tok = dns.tokenizer.Tokenizer(text, path)
    tok.line_number = first_line
    return tok


def _current_line(tok):
    """Line of the token read last (the tokenizer counts a newline it read ahead)."""
    return tok.line_number - (1 if tok.ungotten_char == "\n" else 0)


class _SyntaxProblem(Exception):
    """A record we could not read; carries the record type when it was known."""

    def __init__(self, message, rdtype=None):
        Exception.__init__(self, message)
        self.rdtype = rdtype


def parse_zone(text, origin, path="zone"):
    """Parse zone-file text for the zone `origin` ("example.com" or "example.com.").

    Never raises for bad input: syntax errors become findings in
    zone.parse_findings (reported again by check_zone), with their line.
    Raises ImportError when dnspython is missing.
    """
    dns = _dns()
    origin_name = dns.name.from_text(origin if origin.endswith(".") else origin + ".")
    zone = Zone(origin_name, path, text)
    zone.ttl_line, zone.first_record_line = _scan_directives(text)
    lines = text.splitlines()

    state = {
        "origin": origin_name,
        "last_name": None,
        "default_ttl": None,
        "last_ttl": None,
    }
    tok = _tokenizer(dns, text, path, 1)
    soa_minimum = None
    while True:
        start = tok.line_number
        try:
            token = tok.get(want_leading=True, want_comment=True)
            if token.is_eof():
                break
            if token.is_eol():
                continue
            if token.is_comment():
                tok.get_eol()
                continue
            if token.is_identifier() and token.value.startswith("$"):
                _directive(dns, zone, tok, token, state, start)
                continue
            tok.unget(token)
            record = _read_record(dns, zone, tok, state, start)
        except (_SyntaxProblem, dns.exception.DNSException, ValueError) as exc:
            end = _record_end_line(lines, start)
            where = max(start, min(_current_line(tok), end))
            rdtype = getattr(exc, "rdtype", None)
            zone.broken_types.add(rdtype or "*")
            zone.parse_findings.append(_syntax_finding(zone, exc, start, where, rdtype))
            if len(zone.parse_findings) >= MAX_SYNTAX_ERRORS:
                break
            resume = end + 1
            if resume > len(lines):
                break
            tok = _tokenizer(dns, "\n".join(lines[resume - 1:]) + "\n", path, resume)
            continue
        if record is None:
            continue
        if record.type == "SOA" and soa_minimum is None:
            soa_minimum = record.rdata.minimum
        zone.records.append(record)
    # BIND: records without any TTL take the SOA minimum ("using SOA MINTTL instead").
    for record in zone.records:
        if record.ttl is None:
            record.ttl = soa_minimum
    return zone


def _directive(dns, zone, tok, token, state, start):
    name = token.value.upper()
    if name == "$TTL":
        value = tok.get()
        if not value.is_identifier():
            raise _SyntaxProblem("$TTL needs a value, e.g. `$TTL 86400`")
        try:
            state["default_ttl"] = dns.ttl.from_text(value.value)
        except dns.exception.DNSException:
            raise _SyntaxProblem("$TTL %s is not a TTL (seconds, or units like 1D, 2H)" % value.value)
        tok.get_eol()
    elif name == "$ORIGIN":
        state["origin"] = tok.get_name(state["origin"])
        tok.get_eol()
    elif name in ("$INCLUDE", "$GENERATE"):
        while not tok.get().is_eol_or_eof():
            pass
        zone.parse_findings.append(
            warning(
                "directive-not-checked",
                "%s is not followed by this check: the records it adds are not validated." % name,
                "run named-checkzone on the zone as well, or put the records into the file itself.",
                zone.path,
                start,
            )
        )
    else:
        raise _SyntaxProblem("unknown directive %s (BIND knows $TTL, $ORIGIN, $INCLUDE, $GENERATE)" % token.value)


def _read_record(dns, zone, tok, state, start):
    token = tok.get(want_leading=True)
    written = None
    if token.is_whitespace():
        token = tok.get()
        if token.is_eol_or_eof():
            return None  # a blank line with spaces
        tok.unget(token)
        owner = state["last_name"]
        if owner is None:
            raise _SyntaxProblem(
                "the record starts with a space or tab, which repeats the previous owner name, "
                "but there is no previous record (BIND: 'no current owner name')"
            )
    else:
        written = token.value
        owner = tok.as_name(token, state["origin"])
        state["last_name"] = owner

    ttl = None
    rdclass = None
    rdtype = None
    for _field in range(3):  # [ttl] [class] type, ttl and class in either order
        token = tok.get()
        if not token.is_identifier():
            raise _SyntaxProblem("the record on this line has no type (A, NS, MX, ...) and no data")
        if ttl is None:
            try:
                ttl = dns.ttl.from_text(token.value)
                continue
            except dns.exception.DNSException:
                pass
        if rdclass is None:
            try:
                rdclass = dns.rdataclass.from_text(token.value)
                continue
            except dns.exception.DNSException:
                pass
        try:
            rdtype = dns.rdatatype.from_text(token.value)
        except dns.exception.DNSException:
            raise _SyntaxProblem("unknown record type '%s'" % token.value)
        break
    if rdtype is None:
        raise _SyntaxProblem("the record on this line has no type")
    type_text = dns.rdatatype.to_text(rdtype)
    if rdclass is not None and rdclass != dns.rdataclass.IN:
        raise _SyntaxProblem("class %s: the zone is of class IN" % dns.rdataclass.to_text(rdclass), type_text)
    explicit_ttl = ttl is not None
    try:
        rdata = dns.rdata.from_text(dns.rdataclass.IN, rdtype, tok, state["origin"], False)
    except Exception as exc:  # dnspython raises plain errors too for some bad values
        line = min(max(start, _current_line(tok)), _record_end_line(zone.text.splitlines(), start))
        raise _SyntaxProblem(_rdata_problem(type_text, exc, _line_text(zone, line)), type_text)
    if ttl is None:
        ttl = state["default_ttl"] if state["default_ttl"] is not None else state["last_ttl"]
    else:
        state["last_ttl"] = ttl
    if start == zone.first_record_line:
        zone.first_record_has_ttl = explicit_ttl
    return Record(owner, type_text, ttl, rdata, start, written)


def _line_text(zone, number):
    lines = zone.text.splitlines()
    if not 0 < number <= len(lines):
        return ""
    line = lines[number - 1]
    if ";" in line and '"' not in line:
        line = line[: line.index(";")]
    return " ".join(line.split())


def _rdata_problem(type_text, exc, record_text=""):
    detail = str(exc) or exc.__class__.__name__
    if detail.startswith("Text input is malformed") and record_text:
        detail = "malformed value"
    hints = {
        "A": "an A record takes one IPv4 address such as 192.168.0.10",
        "AAAA": "an AAAA record takes one IPv6 address",
        "MX": "an MX record takes a preference and a host name: `MX 10 mail`",
        "SOA": "an SOA takes the server, the contact and five numbers: %s" % EXAMPLE_SOA,
        "NS": "an NS record takes a host name: `NS ns`",
        "CNAME": "a CNAME takes one host name: `www CNAME h2g`",
        "PTR": "a PTR takes a full host name with a trailing dot: `10 PTR h2g.example.com.`",
    }
    text = "cannot read the %s record%s (%s)" % (
        type_text,
        " `%s`" % record_text if record_text else "",
        detail.rstrip("."),
    )
    if type_text in hints:
        text += "; %s" % hints[type_text]
    return text


def _syntax_finding(zone, exc, start, where, rdtype):
    message = str(exc) or "syntax error"
    if where != start:
        message += " (in the record that starts on line %d)" % start
    return error(
        "syntax-error",
        "%s. BIND refuses to load a zone file with a syntax error." % (message[0].upper() + message[1:]),
        "correct line %d, then run `named-checkzone %s %s`." % (where, zone.origin_text.rstrip("."), zone.path),
        zone.path,
        where,
    )


# ---------------------------------------------------------------- checks


def _doubled(dns, origin):
    """origin written twice: what a relative name that repeats the origin becomes."""
    if len(origin.labels) <= 1:
        return None
    return dns.name.Name(origin.labels[:-1] + origin.labels)


def _relative_text(name, origin):
    if name == origin:
        return "@"
    return name.relativize(origin).to_text()


def _name_problem(dns, zone, name, what, record):
    """A finding when `name` (owner or target) shows a missing trailing dot."""
    origin = zone.origin
    if not name.is_subdomain(origin) or name == origin:
        return None
    doubled = _doubled(dns, origin)
    relative = _relative_text(name, origin)
    if doubled is not None and name.is_subdomain(doubled):
        written = name.relativize(origin).to_text()
        return error(
            "missing-trailing-dot",
            "%s '%s' has no trailing dot, so BIND appends the zone name and reads it as %s "
            "(the zone name twice)." % (what, written, name.to_text()),
            "end full names with a dot (`%s.`) or write them relative to the zone (`%s`)."
            % (written, name.relativize(doubled).to_text() if name != doubled else "@"),
            zone.path,
            record.line,
        )
    if record.type == "PTR" and what.startswith("PTR target") and _is_reverse(dns, name):
        return error(
            "missing-trailing-dot",
            "%s '%s' has no trailing dot, so BIND reads it as %s, a name inside the reverse zone."
            % (what, relative, name.to_text()),
            "write the host's full name with a trailing dot: `%s.`." % relative,
            zone.path,
            record.line,
        )
    labels = name.relativize(origin).labels
    if len(labels) >= 2 and labels[-1].decode("ascii", "replace").lower() in TLD_HINTS:
        return warning(
            "missing-trailing-dot",
            "%s '%s' looks like a full name without its trailing dot: BIND reads it as %s."
            % (what, relative, name.to_text()),
            "if %s. is meant, write it with the trailing dot." % relative,
            zone.path,
            record.line,
        )
    return None


def _is_reverse(dns, name):
    return name.is_subdomain(dns.name.from_text("in-addr.arpa.")) or name.is_subdomain(dns.name.from_text("ip6.arpa."))


def _address_target(zone, name):
    """The MX/NS target is an IPv4 address written where a host name belongs."""
    if not name.is_subdomain(zone.origin) or name == zone.origin:
        return None
    relative = name.relativize(zone.origin).to_text()
    return relative if _IPV4_TEXT.match(relative) else None


class ZoneFacts(object):
    """What the zone rules look at, computed once per zone: the zone, its loaded records by name."""

    def __init__(self, zone):
        self.dns = _dns()
        self.zone = zone
        self.origin = zone.origin
        self.origin_text = zone.origin_text
        self.records = zone.zone_records()
        self.by_name = {}
        for r in self.records:
            self.by_name.setdefault(r.name, []).append(r)
        self.at_origin = [r for r in self.records if r.type == "SOA" and r.owner == self.origin]
        self._names = None

    def names(self):
        """rule_names' findings and the records whose target it found wrong (rule_targets skips them)."""
        if self._names is None:
            self._names = _check_names(self)
        return self._names


def rule_ttl_first(facts):
    """$TTL comes before the first record."""
    zone = facts.zone
    findings = []
    if zone.first_record_line is not None and (zone.ttl_line is None or zone.ttl_line > zone.first_record_line):
        if zone.first_record_has_ttl:
            detail = (
                "the first record carries its own TTL, so BIND loads it, but every record without one "
                "then inherits whatever TTL came last"
            )
        else:
            detail = "BIND logs '%s:%d: no TTL specified; using SOA MINTTL instead'" % (
                _fname(zone.path),
                zone.first_record_line,
            )
        later = " ($TTL only comes on line %d)" % zone.ttl_line if zone.ttl_line else ""
        findings.append(
            error(
                "no-ttl",
                "no $TTL before the first record on line %d%s: %s." % (zone.first_record_line, later, detail),
                "put `$TTL 86400` on line 1 of the zone file.",
                zone.path,
                zone.first_record_line,
            )
        )
    return findings


def rule_out_of_zone(facts):
    """Names outside the zone: BIND ignores them."""
    zone, origin, origin_text = facts.zone, facts.origin, facts.origin_text
    findings = []
    for r in zone.records:
        if not r.owner.is_subdomain(origin):
            findings.append(
                error(
                    "out-of-zone",
                    "%s is outside the zone %s: BIND ignores it ('ignoring out-of-zone data')." % (r.name, origin_text),
                    "write the name relative to the zone (e.g. `www`) or as a full name ending in %s; "
                    "data of another domain belongs in that domain's zone file." % origin_text,
                    zone.path,
                    r.line,
                )
            )
    return findings


def _check_names(facts):
    """The findings of rule_names, and the ids of the records whose target it found wrong."""
    zone, dns, records = facts.zone, facts.dns, facts.records
    findings = []
    bad_targets = set()
    for r in records:
        problem = _name_problem(dns, zone, r.owner, "the name", r) if r.written is not None else None
        if problem:
            findings.append(problem)
        names = []
        if r.target_name is not None:
            names.append((r.target_name, "%s target" % r.type))
        if r.type == "SOA":
            names.append((r.rdata.mname, "the SOA's server name"))
            names.append((r.rdata.rname, "the SOA's contact"))
        for name, what in names:
            if r.type in ("MX", "NS") and _address_target(zone, name):
                address = _address_target(zone, name)
                bad_targets.add(id(r))
                findings.append(
                    error(
                        "target-is-address",
                        "the %s target %s is an address, but an %s names a host: BIND reads it as the "
                        "name %s" % (r.type, address, r.type, name.to_text()),
                        "point it at a host name and give that host the address: `%s` and `%s IN A %s`."
                        % ("MX 10 mail" if r.type == "MX" else "NS ns", "mail" if r.type == "MX" else "ns", address),
                        zone.path,
                        r.line,
                    )
                )
                continue
            problem = _name_problem(dns, zone, name, what, r)
            if problem:
                if problem.is_error:
                    bad_targets.add(id(r))
                findings.append(problem)
    return findings, bad_targets


def rule_names(facts):
    """Names that show a missing trailing dot; MX and NS targets that are addresses."""
    return list(facts.names()[0])


def rule_soa(facts):
    """Exactly one SOA, at the origin."""
    zone, origin, origin_text, records = facts.zone, facts.origin, facts.origin_text, facts.records
    findings = []
    soas = [r for r in records if r.type == "SOA"]
    at_origin = facts.at_origin
    for r in soas:
        if r.owner != origin:
            findings.append(
                error(
                    "soa-not-at-origin",
                    "SOA record for %s, but the zone is %s: the SOA belongs at the zone's own name."
                    % (r.name, origin_text),
                    "write the SOA's owner as `@` (or %s with the trailing dot)." % origin_text,
                    zone.path,
                    r.line,
                )
            )
    if not at_origin and not zone.is_broken("SOA"):
        findings.append(
            error(
                "no-soa",
                "the zone has no SOA record at %s: BIND refuses to load it ('has no SOA record')." % origin_text,
                "start the zone (after `$TTL 86400`) with `%s`." % EXAMPLE_SOA,
                zone.path,
                None,
            )
        )
    for r in at_origin[1:]:
        findings.append(
            error(
                "multiple-soa",
                "a second SOA record (the first is on line %d): a zone has exactly one SOA "
                "(BIND: 'multiple RRs of singleton type')." % at_origin[0].line,
                "keep one SOA and increase its serial.",
                zone.path,
                r.line,
            )
        )
    for r in at_origin:
        contact = r.rdata.rname.to_text().replace("\\@", "@")
        if "@" in contact:
            findings.append(
                warning(
                    "soa-rname-at",
                    "the SOA's contact '%s' contains '@': in a zone file the mail address "
                    "root@example.com is written root.example.com. (the '@' becomes a dot)" % contact,
                    "replace the '@' by a dot: `%s`." % contact.replace("@", "."),
                    zone.path,
                    r.line,
                )
            )
    return findings


def rule_ns(facts):
    """NS records at the origin."""
    zone, origin, origin_text, records = facts.zone, facts.origin, facts.origin_text, facts.records
    findings = []
    if not any(r.type == "NS" and r.owner == origin for r in records) and not zone.is_broken("NS"):
        findings.append(
            error(
                "no-ns",
                "the zone has no NS record at %s: BIND refuses to load it ('has no NS records')." % origin_text,
                "add `@ IN NS ns.%s` (and an A record for ns)." % origin_text,
                zone.path,
                facts.at_origin[0].line if facts.at_origin else None,
            )
        )
    return findings


def rule_cname(facts):
    """A CNAME stands alone, once, never at the apex."""
    zone, origin, origin_text, by_name = facts.zone, facts.origin, facts.origin_text, facts.by_name
    findings = []
    for name, rs in by_name.items():
        cnames = [r for r in rs if r.type == "CNAME"]
        if not cnames:
            continue
        others = [r for r in rs if r.type not in CNAME_NEUTRAL and r.type != "CNAME"]
        first = cnames[0]
        if first.owner == origin:
            findings.append(
                error(
                    "cname-at-apex",
                    "CNAME at the zone's own name %s: that name holds the SOA and NS records, and a "
                    "name with a CNAME can have no other data." % origin_text,
                    "give %s an A record instead of the CNAME." % origin_text,
                    zone.path,
                    first.line,
                )
            )
        elif others:
            listing = ", ".join("%s (line %d)" % (o.type, o.line) for o in others)
            ordered = sorted([first] + others, key=lambda r: r.line)
            conflict = next(r for r in ordered if (r.type == "CNAME") != (ordered[0].type == "CNAME"))
            findings.append(
                error(
                    "cname-and-other-data",
                    "%s is a CNAME (line %d) and also has %s: a name with a CNAME can have no other data; "
                    "BIND refuses the zone ('CNAME and other data')." % (name, first.line, listing),
                    "keep either the CNAME or the other records for %s; an alias needs a name of its own."
                    % _relative_text(first.owner, origin),
                    zone.path,
                    conflict.line,
                )
            )
        for extra in cnames[1:]:
            findings.append(
                error(
                    "multiple-cname",
                    "%s has a second CNAME (the first is on line %d): an alias points at exactly one name."
                    % (name, first.line),
                    "keep one CNAME for %s." % _relative_text(first.owner, origin),
                    zone.path,
                    extra.line,
                )
            )
    return findings


def rule_targets(facts):
    """NS and MX targets: a name with an address, never an alias; CNAME targets exist."""
    zone, dns, origin, records, by_name = facts.zone, facts.dns, facts.origin, facts.records, facts.by_name
    bad_targets = facts.names()[1]
    findings = []
    has_wildcard = any(r.owner.labels and r.owner.labels[0] == b"*" for r in records)
    for r in records:
        if r.type not in ("NS", "MX", "CNAME") or id(r) in bad_targets:
            continue
        target = r.target_name
        if target is None or target == dns.name.root or not target.is_subdomain(origin):
            continue
        at_target = by_name.get(r.target, [])
        if r.type == "CNAME":
            if not at_target and not has_wildcard and not zone.broken_types:
                findings.append(
                    error(
                        "cname-target-missing",
                        "%s is an alias of %s, but the zone has no record for %s: the alias leads nowhere."
                        % (r.name, r.target, r.target),
                        "add the target's A record or correct the CNAME's target (typo?).",
                        zone.path,
                        r.line,
                    )
                )
            continue
        alias = [t for t in at_target if t.type == "CNAME"]
        what = "name server" if r.type == "NS" else "mail exchanger"
        code = r.type.lower()
        if alias:
            findings.append(
                error(
                    "%s-target-cname" % code,
                    "%s %s: %s is an alias (CNAME, line %d), but an %s must name a host with its own "
                    "address record (RFC 2181 10.3)." % (r.type, r.value, r.target, alias[0].line, r.type),
                    "point the %s at the host the alias leads to (e.g. %s), or give %s an A record "
                    "instead of the CNAME." % (r.type, alias[0].target, _relative_text(target, origin)),
                    zone.path,
                    r.line,
                )
            )
        elif not any(t.type in ("A", "AAAA") for t in at_target) and not zone.is_broken("A"):
            findings.append(
                error(
                    "%s-target-no-address" % code,
                    "%s %s: the %s %s has no A record in this zone, so nobody can reach it "
                    "(BIND: 'has no address records (A or AAAA)')." % (r.type, r.value, what, r.target),
                    "add `%s IN A <address>` to the zone, or point the %s at a host that has one."
                    % (_relative_text(target, origin), r.type),
                    zone.path,
                    r.line,
                )
            )
    return findings


def rule_duplicates(facts):
    """Duplicates: BIND keeps one copy silently."""
    zone, records = facts.zone, facts.records
    findings = []
    seen = {}
    for r in records:
        key = (r.name, r.type, r.value.lower())
        if key in seen:
            findings.append(
                warning(
                    "duplicate-record",
                    "%s %s %s repeats line %d; BIND keeps only one copy." % (r.name, r.type, r.value, seen[key]),
                    "delete the repeated line.",
                    zone.path,
                    r.line,
                )
            )
        else:
            seen[key] = r.line
    return findings


def rule_owner_keyword(facts):
    """An owner written as IN in the first column."""
    zone, records = facts.zone, facts.records
    findings = []
    for r in records:
        if r.written is not None and r.written.upper() == "IN":
            findings.append(
                warning(
                    "owner-is-keyword",
                    "the line starts with 'IN' in the first column, so BIND takes it as the owner name %s." % r.name,
                    "indent the line (a space or tab) to repeat the previous owner, or write the owner first.",
                    zone.path,
                    r.line,
                )
            )
    return findings


# The zone rules, in the order check_zone reports them.
ZONE_RULES = (
    rule_ttl_first,
    rule_out_of_zone,
    rule_names,
    rule_soa,
    rule_ns,
    rule_cname,
    rule_targets,
    rule_duplicates,
    rule_owner_keyword,
)


def check_zone(zone):
    """All findings for one parsed zone (including its syntax errors)."""
    return list(zone.parse_findings) + run_rules(ZONE_RULES, ZoneFacts(zone))


def _address_key(text):
    return ipaddress.ip_address(text).compressed


class ReverseFacts(object):
    """What the reverse rules look at: the forward zone's addresses, the PTRs of the reverse zones by
    address, and the PTRs whose name is not a reversed address."""

    def __init__(self, forward, reverses):
        dns = self.dns = _dns()
        self.forward = forward
        self.reverses = reverses
        self.names_by_addr = {}
        self.addrs_by_name = {}
        for r in forward.zone_records():
            if r.type in ("A", "AAAA"):
                addr = _address_key(r.value)
                self.names_by_addr.setdefault(addr, []).append(r)
                self.addrs_by_name.setdefault(r.name, []).append(r)
        self.ptrs_by_addr = {}
        self.unnamed = []  # (zone, record) of PTRs whose name is no reversed address
        for zone in reverses:
            for r in zone.zone_records():
                if r.type != "PTR":
                    continue
                try:
                    addr = _address_key(dns.reversename.to_address(r.owner))
                except (dns.exception.DNSException, ValueError):
                    doubled = _doubled(dns, zone.origin)
                    if doubled is None or not r.owner.is_subdomain(doubled):
                        self.unnamed.append((zone, r))
                    # else check_zone reports the missing trailing dot
                    continue
                self.ptrs_by_addr.setdefault(addr, []).append((zone, r))


def rule_ptr_names(facts):
    """A PTR is named by a reversed address, or no `dig -x` reaches it."""
    return [
        warning(
            "ptr-name-not-address",
            "PTR record at %s: that name is not a full reversed address, so no `dig -x` "
            "query reaches it." % r.name,
            "name a PTR record by the reversed address: in the zone %s, `10 IN PTR h2g.%s` "
            "answers `dig -x` for the address ending in .10."
            % (zone.origin_text.rstrip("."), facts.forward.origin_text),
            zone.path,
            r.line,
        )
        for zone, r in facts.unnamed
    ]


def rule_a_without_ptr(facts):
    """Every address inside a reverse zone has its PTR."""
    dns, forward, reverses = facts.dns, facts.forward, facts.reverses
    findings = []
    for addr, a_records in facts.names_by_addr.items():
        reverse_name = dns.reversename.from_address(addr)
        covering = [z for z in reverses if reverse_name.is_subdomain(z.origin)]
        if not covering or addr in facts.ptrs_by_addr:
            continue
        if any(z.is_broken("PTR") for z in covering):
            continue
        zone = covering[0]
        first = a_records[0]
        names = ", ".join(sorted(set(r.name for r in a_records)))
        findings.append(
            error(
                "a-without-ptr",
                "%s has the address %s, but the reverse zone %s has no PTR for it: `dig -x %s` finds nothing."
                % (names, addr, zone.origin_text, addr),
                "add `%s IN PTR %s` to %s." % (_relative_text(reverse_name, zone.origin), first.name, zone.path),
                forward.path,
                first.line,
            )
        )
    return findings


def rule_ptr_without_a(facts):
    """Every PTR into the forward zone names a host with that address."""
    dns, forward, names_by_addr = facts.dns, facts.forward, facts.names_by_addr
    findings = []
    for addr, entries in facts.ptrs_by_addr.items():
        for zone, r in entries:
            target = r.target_name
            if not target.is_subdomain(forward.origin) or _is_reverse(dns, target):
                continue
            if any(a.name == r.target for a in names_by_addr.get(addr, [])):
                continue
            if forward.is_broken("A") or forward.is_broken("AAAA"):
                continue
            has = facts.addrs_by_name.get(r.target, [])
            if has:
                detail = "%s has the address %s (line %d of %s), not %s" % (
                    r.target,
                    has[0].value,
                    has[0].line,
                    forward.path,
                    addr,
                )
                fix = "make the PTR and the A record agree: correct the address or the PTR's target."
            else:
                alias = forward.find(target, "CNAME")
                if alias:
                    detail = "%s is an alias (CNAME, line %d of %s), not a host with that address" % (
                        r.target,
                        alias[0].line,
                        forward.path,
                    )
                else:
                    detail = "%s has no A record in %s" % (r.target, forward.path)
                holders = sorted(set(a.name for a in names_by_addr.get(addr, [])))
                fix = (
                    "point the PTR at %s, the name that has this address." % holders[0]
                    if holders
                    else "add `%s IN A %s` to the forward zone, or correct the PTR."
                    % (_relative_text(target, forward.origin), addr)
                )
            findings.append(
                error(
                    "ptr-without-a",
                    "PTR for %s points at %s, but %s." % (addr, r.target, detail),
                    fix,
                    zone.path,
                    r.line,
                )
            )
    return findings


# The reverse rules, in the order check_reverse reports them.
REVERSE_RULES = (
    rule_ptr_names,
    rule_a_without_ptr,
    rule_ptr_without_a,
)


def check_reverse(forward, reverses):
    """Forward/reverse consistency between one forward zone and its reverse zones.

    Every A/AAAA whose address lies in one of the reverse zones needs a PTR for
    that address; every PTR pointing into the forward zone must point at a name
    that has an A/AAAA record with that address.
    """
    return run_rules(REVERSE_RULES, ReverseFacts(forward, reverses))


def _serial_compare(new, old):
    """RFC 1982 serial arithmetic: -1, 0 or 1 (new lower, equal, higher)."""
    if new == old:
        return 0
    diff = (new - old) % (1 << 32)
    return 1 if 0 < diff < (1 << 31) else -1


def _content(zone):
    out = set()
    for r in zone.zone_records():
        value = r.value.lower()
        if r.type == "SOA":
            rd = r.rdata
            value = "%s %s %d %d %d %d" % (rd.mname, rd.rname, rd.refresh, rd.retry, rd.expire, rd.minimum)
        out.add((r.name, r.type, r.ttl, value))
    return out


def check_serial(new, old_serial=None, old=None):
    """The new zone's serial must be higher than the loaded one (RFC 1982), and
    must change whenever the content changes (needs `old`, the loaded zone)."""
    new_serial = new.serial
    if old_serial is None and old is not None:
        old_serial = old.serial
    if new_serial is None or old_serial is None:
        return []
    old_serial = int(old_serial)
    soa = new.soa_records()[0]
    cmp = _serial_compare(new_serial, old_serial)
    if cmp < 0:
        return [
            error(
                "serial-decreased",
                "the serial %d is lower than the serial %d currently loaded: secondary servers and caches "
                "think they already have newer data and keep the old records." % (new_serial, old_serial),
                "set a serial above %d (date style YYYYMMDDnn, e.g. %d)." % (old_serial, old_serial + 1),
                new.path,
                soa.line,
            )
        ]
    if cmp == 0 and old is not None and _content(new) != _content(old):
        return [
            error(
                "serial-unchanged",
                "the zone's content changed but its serial is still %d: BIND logs 'zone serial (%d) "
                "unchanged. zone may fail to transfer to slaves', and secondaries and caches keep the "
                "old records." % (new_serial, new_serial),
                "increase the serial whenever the zone changes (YYYYMMDDnn, e.g. %d)." % (new_serial + 1),
                new.path,
                soa.line,
            )
        ]
    return []


def soa_serial(text, origin):
    """The serial of the SOA at `origin` in zone text, or None."""
    return parse_zone(text, origin).serial
