# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tinydns `data` files: parse them the way tinydns-data does, then check them.

Pure Python, standard library only. The parser follows tinydns-data 1.05
(djbdns) line by line, including what it does silently: a TTL field is read by
scan_ulong (so `1d` becomes 1 second and `abc` the default), an address by
ip4_scan (so 192.168.0.300 becomes 192.168.0.44), a name-server or mail-host
field without a dot becomes `x.ns.<domain>` / `x.mx.<domain>` (an empty field
gives `ns.<domain>` / `mx.<domain>`), and non-hex timestamp digits count as 0.
Each of these turns into a finding that says what tinydns-data will really do.

API:
    parse_data(text, path="data") -> Data   (Data.records, Data.records_for(name, type))
    check_data(data) -> [Finding]
    check_cdb_fresh(data_path, cdb_path=None) -> [Finding]
"""

from __future__ import annotations

import ipaddress
import os
import re
import time

from .findings import error, run_rules, warning

TTL_NS = 259200
TTL_POSITIVE = 86400
TTL_NEGATIVE = 2560
SOA_DEFAULTS = (16384, 2048, 1048576, 2560)  # refresh, retry, expire, minimum
NUMFIELDS = 15

# Leading character -> field names (after the character), as in tinydns-data's docs.
FIELDS = {
    "%": ("lo", "ipprefix"),
    "Z": ("fqdn", "mname", "rname", "ser", "ref", "ret", "exp", "min", "ttl", "timestamp", "lo"),
    ".": ("fqdn", "ip", "x", "ttl", "timestamp", "lo"),
    "&": ("fqdn", "ip", "x", "ttl", "timestamp", "lo"),
    "=": ("fqdn", "ip", "ttl", "timestamp", "lo"),
    "+": ("fqdn", "ip", "ttl", "timestamp", "lo"),
    "@": ("fqdn", "ip", "x", "dist", "ttl", "timestamp", "lo"),
    "'": ("fqdn", "s", "ttl", "timestamp", "lo"),
    "^": ("fqdn", "p", "ttl", "timestamp", "lo"),
    "C": ("fqdn", "p", "ttl", "timestamp", "lo"),
    ":": ("fqdn", "n", "rdata", "ttl", "timestamp", "lo"),
}
LINE_KINDS = {
    "%": "location",
    "Z": "SOA",
    ".": "SOA+NS",
    "&": "NS",
    "=": "A+PTR",
    "+": "A",
    "@": "MX",
    "'": "TXT",
    "^": "PTR",
    "C": "CNAME",
    ":": "generic",
}
GENERIC_FORBIDDEN = {0: "0", 2: "NS", 5: "CNAME", 6: "SOA", 12: "PTR", 15: "MX", 252: "AXFR"}
TYPE_NAMES = {1: "A", 16: "TXT", 28: "AAAA", 29: "LOC", 33: "SRV", 35: "NAPTR", 44: "SSHFP", 99: "SPF", 257: "CAA"}
_LDH = re.compile(r"^[a-z0-9_-]+$")
_IPV4 = re.compile(r"^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$")
_HEX = re.compile(r"^[0-9a-f]{1,16}$")


class Record(object):
    """One DNS record tinydns-data creates, with the data line that creates it.

    name: owner, lowercase, without trailing dot ("www.example.com").
    type: "A", "NS", "SOA", "MX", "PTR", "CNAME", "TXT", "AAAA" or "TYPEnnn".
    value: "192.168.0.10", a target name, "10 mail.example.com", the text, ...
    derived: True for records a line makes besides its main one (the A of a
    `.`/`&`/`@` line's ip field, the PTR of an `=` line).
    """

    __slots__ = ("name", "type", "value", "ttl", "line", "kind", "target", "derived", "timestamp", "location")

    def __init__(self, name, rtype, value, ttl, line, kind, target=None, derived=False, timestamp=0, location=""):
        self.name = name
        self.type = rtype
        self.value = value
        self.ttl = ttl
        self.line = line
        self.kind = kind
        self.target = target
        self.derived = derived
        self.timestamp = timestamp
        self.location = location

    def as_tuple(self):
        return (self.name, self.type, self.value, self.ttl)

    def __repr__(self):
        return "Record(%s %s %s ttl=%s @%d%s)" % (
            self.name,
            self.type,
            self.value,
            self.ttl,
            self.line,
            " derived" if self.derived else "",
        )


class Data(object):
    """A parsed data file."""

    def __init__(self, path, text):
        self.path = path
        self.text = text
        self.records = []
        self.parse_findings = []
        self.locations = {}  # location code -> first line defining it
        self.disabled = 0  # `-` lines
        self.lines = {}  # line number -> raw line (for messages)

    def records_for(self, name, rtype=None):
        """Records at `name` (any case, trailing dot optional), optionally of one type."""
        key = _norm(name)
        return [r for r in self.records if r.name == key and (rtype is None or r.type == rtype)]

    def names(self):
        return sorted(set(r.name for r in self.records))


def _norm(name):
    name = name.lower()
    if name.endswith(".") and name != ".":
        name = name[:-1]
    return name


# ---------------------------------------------------------------- djb primitives


def scan_ulong(text):
    """(value, digits): what djb's scan_ulong reads at the start of text."""
    digits = 0
    value = 0
    for c in text:
        if not "0" <= c <= "9":
            break
        value = (value * 10 + ord(c) - 48) & 0xFFFFFFFFFFFFFFFF
        digits += 1
    return value, digits


def ip4_scan(text):
    """The address djb's ip4_scan reads from text (a 4-tuple), or None."""
    out = []
    pos = 0
    for i in range(4):
        value, digits = scan_ulong(text[pos:])
        if not digits:
            return None
        out.append(value & 0xFF)
        pos += digits
        if i < 3:
            if pos >= len(text) or text[pos] != ".":
                return None
            pos += 1
    return tuple(out)


def _unescape(text):
    """txtparse / dns_domain_fromdot escapes: backslash and up to 3 octal digits, or any char."""
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        i += 1
        if c == "\\":
            if i >= len(text):
                break
            c = text[i]
            i += 1
            if "0" <= c <= "7":
                value = ord(c) - 48
                for _digit in range(2):
                    if i < len(text) and "0" <= text[i] <= "7":
                        value = value * 8 + ord(text[i]) - 48
                        i += 1
                    else:
                        break
                c = chr(value & 0xFF)
        out.append(c)
    return "".join(out)


def domain_fromdot(text):
    """dns_domain_fromdot: (labels, problem). Empty labels are skipped; a
    backslash escapes the next character or starts an octal \\NNN."""
    labels = []
    label = []
    total = 0
    i = 0
    while i < len(text):
        c = text[i]
        i += 1
        if c == ".":
            if label:
                total += len(label) + 1
                labels.append("".join(label))
                label = []
            continue
        if c == "\\":
            if i >= len(text):
                break
            c = text[i]
            i += 1
            if "0" <= c <= "7":
                value = ord(c) - 48
                for _digit in range(2):
                    if i < len(text) and "0" <= text[i] <= "7":
                        value = value * 8 + ord(text[i]) - 48
                        i += 1
                    else:
                        break
                c = chr(value & 0xFF)
        if len(label) >= 63:
            return None, "a label (the part between dots) is longer than 63 characters"
        label.append(c)
    if label:
        total += len(label) + 1
        labels.append("".join(label))
    if total + 1 > 255:
        return None, "the name is longer than 255 bytes"
    return labels, None


def _label_text(label):
    out = []
    for c in label.lower():
        if c == "." or c == "\\" or c == ":" or not (32 < ord(c) < 127):
            out.append("\\%03o" % ord(c))
        else:
            out.append(c)
    return "".join(out)


def _name_text(labels):
    return ".".join(_label_text(label) for label in labels) if labels else "."


def _reverse_name(ip):
    return "%d.%d.%d.%d.in-addr.arpa" % (ip[3], ip[2], ip[1], ip[0])


def _is_under(name, domain):
    return domain == "." or name == domain or name.endswith("." + domain)


# ---------------------------------------------------------------- parsing


class _Line(object):
    """Context for the findings of one data line."""

    def __init__(self, data, number, raw):
        self.data = data
        self.number = number
        self.raw = raw
        self.kind = raw[0]

    def error(self, code, message, fix):
        self.data.parse_findings.append(error(code, message, fix, self.data.path, self.number))

    def warning(self, code, message, fix):
        self.data.parse_findings.append(warning(code, message, fix, self.data.path, self.number))


def parse_data(text, path="data"):
    """Parse tinydns data text into records (what tinydns-data would put into data.cdb).

    Never raises for bad input: problems become findings in data.parse_findings
    (reported again by check_data), with their line number.
    """
    data = Data(path, text)
    crlf_line = None
    pieces = text.split("\n")
    if pieces and pieces[-1] == "":
        pieces.pop()
    for number, raw in enumerate(pieces, 1):
        if raw.endswith("\r"):
            crlf_line = crlf_line or number
            raw = raw[:-1]
        raw = raw.rstrip(" \t")
        data.lines[number] = raw
        if not raw or raw[0] == "#":
            continue
        if raw[0] == "-":
            data.disabled += 1
            continue
        line = _Line(data, number, raw)
        fields = raw[1:].split(":")
        if raw[0] not in FIELDS:
            _unknown_line(line)
            continue
        expected = FIELDS[raw[0]]
        if len(fields) > len(expected):
            extra = fields[len(expected):]
            if any(extra):
                line.warning(
                    "extra-fields",
                    "this %s line has %d fields, but tinydns-data uses only %d (%s) and ignores the rest: '%s'."
                    % (raw[0], len(fields), len(expected), ":".join(expected), ":".join(extra)),
                    "delete the extra fields (a colon inside a name or text is written \\072).",
                )
        fields = (fields + [""] * NUMFIELDS)[:NUMFIELDS]
        _PARSERS[raw[0]](data, line, dict(zip(expected, fields)))
    if crlf_line:
        data.parse_findings.insert(
            0,
            error(
                "crlf",
                "the file has Windows line ends (CR LF, first on line %d): tinydns-data keeps the CR as part "
                "of each line's last field, so names and text at the end of a line get a stray \\r." % crlf_line,
                "convert the file: `sed -i 's/\\r$//' %s` (or dos2unix), then run make." % os.path.basename(path),
                path,
                crlf_line,
            ),
        )
    return data


def _unknown_line(line):
    c = line.kind
    if c in " \t":
        detail = "the line starts with a space or tab; every data line starts with its type character"
    elif c in "36":
        detail = "'%s' lines (IPv6) exist only in patched tinydns-data, not in djbdns 1.05" % c
    else:
        detail = "'%s' is not a tinydns-data line type" % c
    line.error(
        "unknown-line-type",
        "tinydns-data stops here ('unable to parse data line %d: unrecognized leading character'): %s. "
        "make fails and data.cdb keeps the old data." % (line.number, detail),
        "start the line with one of . & = + @ ' ^ C Z : % (or # for a comment).",
    )


def _name(line, text, field, owner=False):
    """Parse a name field: (name, ok). Reports what tinydns-data would do with it."""
    labels, problem = domain_fromdot(text)
    if problem:
        line.error(
            "bad-name",
            "the %s field '%s': %s; tinydns-data stops with 'out of memory' and data.cdb keeps the old data."
            % (field, text, problem),
            "shorten the name.",
        )
        return None, False
    if not labels:
        if owner:
            line.error(
                "bad-name",
                "the %s field is empty: tinydns-data puts this record at the DNS root ('.')." % field,
                "write the full domain name, e.g. `%sh2g.example.com:...`." % line.kind,
            )
            return ".", False
        return ".", True
    name = _name_text(labels)
    for label in labels:
        low = label.lower()
        if any(c in " \t\r\n" or ord(c) < 32 for c in low):
            line.error(
                "bad-name",
                "the %s field '%s' contains a space or control character: the name becomes %s, which no "
                "query will ask for." % (field, text, name),
                "remove the stray character.",
            )
            return name, False
    odd = [label for label in labels if not _LDH.match(label.lower()) and label != "*"]
    if odd:
        line.warning(
            "odd-name",
            "the %s field '%s' has characters outside letters, digits, '-' and '_' (%s)."
            % (field, text, ", ".join("'%s'" % label for label in odd)),
            "check the name for typos.",
        )
    if labels[1:] and "*" in labels[1:]:
        line.warning(
            "odd-name",
            "the %s field '%s' has '*' below the first label: only a leading '*.' makes a wildcard." % (field, text),
            "write wildcards as `*.example.com`.",
        )
    return name, True


def _ip(line, text, required):
    """Parse an ip field: the 4-tuple tinydns-data uses, or None."""
    if text == "":
        if required:
            line.error(
                "missing-ip",
                "the ip field is empty: tinydns-data silently creates nothing for this %s line." % line.kind,
                "give the address: `%s%s:192.168.0.10`." % (line.kind, line.raw[1:].split(":")[0]),
            )
        return None
    scanned = ip4_scan(text)
    match = _IPV4.match(text)
    if match and all(int(part) <= 255 for part in match.groups()):
        return scanned
    if scanned is None:
        looks_like_name = bool(re.search(r"[A-Za-z]", text))
        line.error(
            "bad-ip",
            "the ip field '%s' is not an IPv4 address: tinydns-data creates no A record%s."
            % (text, " (and no PTR)" if line.kind == "=" else ""),
            "write the address in the ip field"
            + (
                "; a name goes in the next field (for `%s` lines: fqdn:ip:x, the address before the name)." % line.kind
                if looks_like_name and line.kind in ".&@"
                else ", e.g. 192.168.0.10."
            ),
        )
        return None
    line.error(
        "bad-ip",
        "the ip field '%s' is not a valid IPv4 address; tinydns-data reads it as %s." % (text, "%d.%d.%d.%d" % scanned),
        "write four numbers from 0 to 255 separated by dots, e.g. 192.168.0.10.",
    )
    return scanned


def _number(line, text, field, default, what="TTL", limit=0xFFFFFFFF, code=None):
    """A scan_ulong field: the value tinydns-data uses."""
    code = code or "bad-%s" % field
    if text == "":
        return default
    value, digits = scan_ulong(text)
    if digits == len(text):
        if value > limit:
            kept = value & limit
            line.error(
                code,
                "the %s field %s is larger than %d: tinydns-data keeps only the low bits, %d."
                % (field, text, limit, kept),
                "use a number from 0 to %d." % limit,
            )
            return kept
        return value
    if digits:
        line.error(
            code,
            "the %s field '%s' is not a number: tinydns-data reads only the leading digits and uses %d%s."
            % (field, text, value & limit, " (seconds)" if what == "TTL" else ""),
            "write the %s with digits only%s."
            % (what, " in seconds (tinydns-data knows no units like 1d or 2h: 1d is 86400)" if what == "TTL" else ""),
        )
        return value & limit
    line.error(
        code,
        "the %s field '%s' is not a number: tinydns-data ignores it and uses %d." % (field, text, default),
        "write the %s as digits only%s, or leave the field empty for the default."
        % (what, " (seconds)" if what == "TTL" else ""),
    )
    return default


def _common(data, line, fields):
    """ttl is parsed by each type; timestamp and location are alike everywhere."""
    stamp_text = fields.get("timestamp", "")
    stamp = 0
    if stamp_text:
        if _HEX.match(stamp_text):
            stamp = int(stamp_text, 16)
        else:
            line.error(
                "bad-timestamp",
                "the timestamp field '%s' is not up to 16 lowercase hex digits: tinydns-data reads other "
                "characters (and A-F) as 0, so the record may start or end at a time you did not mean." % stamp_text,
                "leave the timestamp empty, or write a TAI64 label in lowercase hex (16 digits).",
            )
            for i, c in enumerate(stamp_text[:16]):
                digit = int(c, 16) if c in "0123456789abcdef" else 0
                stamp |= digit << (4 * (15 - i))
    loc = fields.get("lo", "")
    if len(loc) > 2:
        line.warning(
            "bad-location",
            "the location field '%s' is longer than 2 characters: tinydns-data uses only '%s'." % (loc, loc[:2]),
            "use location codes of one or two characters, as defined by `%` lines.",
        )
        loc = loc[:2]
    return stamp, loc


def _add(data, line, name, rtype, value, ttl, stamp, loc, target=None, derived=False):
    data.records.append(Record(name, rtype, value, ttl, line.number, line.kind, target, derived, stamp, loc))


def _x_name(data, line, fqdn_text, x_text, field_name, infix):
    """The name-server / mail-host field: x without a dot becomes x.<infix>.<fqdn>."""
    if "." in x_text:
        if _IPV4.match(x_text):
            line.error(
                "target-is-address",
                "the %s field '%s' is an address, but it names the %s: tinydns-data makes it the name %s."
                % (field_name, x_text, "name server" if infix == "ns" else "mail host", x_text),
                "put the address in the ip field and a host name in the %s field: `%s%s:%s:%s.%s`."
                % (field_name, line.kind, fqdn_text, x_text, infix, fqdn_text),
            )
            name, _valid = _name(line, x_text, field_name)
            return name, False
        name, ok = _name(line, x_text, field_name)
        return name, ok
    invented = x_text + "." + infix + "." + fqdn_text
    name, ok = _name(line, invented, field_name)
    what = "name server" if infix == "ns" else "mail host"
    if x_text:
        why = "the %s field '%s' has no dot, so tinydns-data names the %s %s: a stray %s.%s. name appears" % (
            field_name,
            x_text,
            what,
            name,
            x_text,
            infix,
        )
    else:
        why = "the %s field is empty, so tinydns-data names the %s %s (x.%s.<domain> with an empty x)" % (
            field_name,
            what,
            name,
            infix,
        )
    example = (
        "%s%s:192.168.0.10:ns.%s" % (line.kind, fqdn_text, fqdn_text)
        if infix == "ns"
        else "@%s:192.168.0.10:mail.%s:10" % (fqdn_text, fqdn_text)
    )
    line.warning(
        "invented-name",
        "%s." % why,
        "write the %s's full name (with a dot) in the %s field, e.g. `%s`." % (what, field_name, example),
    )
    return name, ok


def _parse_soa_ns(data, line, f):
    fqdn, ok = _name(line, f["fqdn"], "fqdn", owner=True)
    ttl = _number(line, f["ttl"], "ttl", TTL_NS)
    stamp, loc = _common(data, line, f)
    ip = _ip(line, f["ip"], required=False)
    server, server_ok = _x_name(data, line, f["fqdn"], f["x"], "x", "ns")
    if not ok:
        return
    if line.kind == ".":
        soa = "%s hostmaster.%s (mtime) %d %d %d %d" % ((server, fqdn) + SOA_DEFAULTS)
        _add(data, line, fqdn, "SOA", soa, TTL_NEGATIVE if ttl else 0, stamp, loc, target=server)
    _add(data, line, fqdn, "NS", server, ttl, stamp, loc, target=server)
    if ip is not None and server_ok:
        _add(data, line, server, "A", "%d.%d.%d.%d" % ip, ttl, stamp, loc, derived=True)


def _parse_a(data, line, f):
    fqdn, ok = _name(line, f["fqdn"], "fqdn", owner=True)
    ttl = _number(line, f["ttl"], "ttl", TTL_POSITIVE)
    stamp, loc = _common(data, line, f)
    ip = _ip(line, f["ip"], required=True)
    if not ok or ip is None:
        return
    address = "%d.%d.%d.%d" % ip
    _add(data, line, fqdn, "A", address, ttl, stamp, loc)
    if line.kind == "=":
        _add(data, line, _reverse_name(ip), "PTR", fqdn, ttl, stamp, loc, target=fqdn, derived=True)


def _parse_mx(data, line, f):
    fqdn, ok = _name(line, f["fqdn"], "fqdn", owner=True)
    ttl = _number(line, f["ttl"], "ttl", TTL_POSITIVE)
    stamp, loc = _common(data, line, f)
    ip = _ip(line, f["ip"], required=False)
    host, host_ok = _x_name(data, line, f["fqdn"], f["x"], "x", "mx")
    dist = _number(line, f["dist"], "dist", 0, what="MX distance", limit=0xFFFF, code="bad-distance")
    if not ok:
        return
    _add(data, line, fqdn, "MX", "%d %s" % (dist, host), ttl, stamp, loc, target=host)
    if ip is not None and host_ok:
        _add(data, line, host, "A", "%d.%d.%d.%d" % ip, ttl, stamp, loc, derived=True)


def _parse_ptr_cname(data, line, f):
    fqdn, ok = _name(line, f["fqdn"], "fqdn", owner=True)
    target, target_ok = _name(line, f["p"], "p")
    ttl = _number(line, f["ttl"], "ttl", TTL_POSITIVE)
    stamp, loc = _common(data, line, f)
    if line.kind == "^" and _IPV4.match(f["fqdn"].rstrip(".")):
        parts = f["fqdn"].rstrip(".").split(".")
        line.error(
            "ptr-name-is-address",
            "`^%s`: a PTR record's name is the reversed address under in-addr.arpa, not the address itself."
            % f["fqdn"],
            "write `^%s.in-addr.arpa:%s`, or use `=%s:%s` for the host, which makes the A and the PTR together."
            % (".".join(reversed(parts)), f["p"], f["p"], f["fqdn"].rstrip(".")),
        )
    if target == "." and target_ok:
        line.error(
            "bad-name",
            "the p field is empty: the %s points at the DNS root." % ("CNAME" if line.kind == "C" else "PTR"),
            "write the target's full name, e.g. `%s%s:h2g.example.com`." % (line.kind, f["fqdn"]),
        )
        return
    if not ok or not target_ok:
        return
    _add(data, line, fqdn, "CNAME" if line.kind == "C" else "PTR", target, ttl, stamp, loc, target=target)


def _parse_txt(data, line, f):
    fqdn, ok = _name(line, f["fqdn"], "fqdn", owner=True)
    ttl = _number(line, f["ttl"], "ttl", TTL_POSITIVE)
    stamp, loc = _common(data, line, f)
    if ok:
        _add(data, line, fqdn, "TXT", _unescape(f["s"]), ttl, stamp, loc)


def _parse_soa(data, line, f):
    fqdn, ok = _name(line, f["fqdn"], "fqdn", owner=True)
    mname, mname_ok = _name(line, f["mname"], "mname")
    rname, rname_ok = _name(line, f["rname"], "rname")
    numbers = []
    for field, default in zip(("ser", "ref", "ret", "exp", "min"), (None,) + SOA_DEFAULTS):
        if field == "ser" and f[field] == "":
            numbers.append("(mtime)")
            continue
        numbers.append(
            str(
                _number(
                    line, f[field], field, default if default is not None else 0, what="number", code="bad-soa-number"
                )
            )
        )
    ttl = _number(line, f["ttl"], "ttl", TTL_NEGATIVE)
    stamp, loc = _common(data, line, f)
    if "@" in f["rname"]:
        line.warning(
            "soa-rname-at",
            "the rname field '%s' contains '@': in DNS the contact address hostmaster@example.com is written "
            "hostmaster.example.com." % f["rname"],
            "replace the '@' by a dot.",
        )
    if ok and mname_ok and rname_ok:
        _add(data, line, fqdn, "SOA", "%s %s %s" % (mname, rname, " ".join(numbers)), ttl, stamp, loc, target=mname)


def _parse_generic(data, line, f):
    fqdn, ok = _name(line, f["fqdn"], "fqdn", owner=True)
    ttl = _number(line, f["ttl"], "ttl", TTL_POSITIVE)
    stamp, loc = _common(data, line, f)
    value, digits = scan_ulong(f["n"])
    rtype = value & 0xFFFF
    if digits != len(f["n"]) or not f["n"] or value > 0xFFFF:
        line.error(
            "bad-type",
            "the type field '%s' of a generic (:) line must be a number from 1 to 65535; tinydns-data reads it as %d."
            % (f["n"], rtype),
            "write the record type's number, e.g. 28 for AAAA or 33 for SRV.",
        )
        if rtype in GENERIC_FORBIDDEN or not ok:
            return
    if rtype in GENERIC_FORBIDDEN:
        line.error(
            "bad-type",
            "tinydns-data stops here ('type %s prohibited'): a generic line cannot make type %d; make fails "
            "and data.cdb keeps the old data." % (GENERIC_FORBIDDEN[rtype], rtype),
            "use the line type made for it (. & for NS, C for CNAME, Z for SOA, ^ for PTR, @ for MX).",
        )
        return
    raw = _unescape(f["rdata"])
    name = TYPE_NAMES.get(rtype, "TYPE%d" % rtype)
    text = None
    if rtype == 1 or rtype == 28:
        size = 4 if rtype == 1 else 16
        if len(raw) != size:
            line.error(
                "bad-rdata",
                "a type-%d (%s) record needs exactly %d bytes of rdata, this one has %d."
                % (rtype, name, size, len(raw)),
                "write each byte as a 3-digit octal escape, e.g. \\300\\250\\000\\012 for 192.168.0.10.",
            )
            return
        text = str(ipaddress.ip_address(raw.encode("latin-1")))
    if text is None:
        text = "\\# %d %s" % (len(raw), raw.encode("latin-1").hex())
    if ok:
        _add(data, line, fqdn, name, text, ttl, stamp, loc)


def _parse_location(data, line, f):
    code = f["lo"]
    if not code or len(code) > 2:
        line.error(
            "bad-location",
            "the location code '%s' must be one or two characters." % code,
            "write `%%in:192.168.0` (code, then the client address prefix).",
        )
    prefix = f["ipprefix"]
    parts = [p for p in prefix.split(".") if p != ""] if prefix else []
    if len(parts) > 4 or not all(p.isdigit() and int(p) <= 255 for p in parts):
        line.error(
            "bad-location",
            "the address prefix '%s' is not a dotted IPv4 prefix such as 192.168.0." % prefix,
            "write the first numbers of the client addresses, e.g. `%%in:192.168.0`.",
        )
    if code:
        data.locations.setdefault(code[:2], line.number)


_PARSERS = {
    "%": _parse_location,
    "Z": _parse_soa,
    ".": _parse_soa_ns,
    "&": _parse_soa_ns,
    "=": _parse_a,
    "+": _parse_a,
    "@": _parse_mx,
    "'": _parse_txt,
    "^": _parse_ptr_cname,
    "C": _parse_ptr_cname,
    ":": _parse_generic,
}


# ---------------------------------------------------------------- checks


def _here(data, record):
    """The data line of the finding itself (its number is in the finding's location)."""
    return "`%s`" % data.lines.get(record.line, record.kind)


def _where(data, record):
    return "line %d `%s`" % (record.line, data.lines.get(record.line, record.kind))


class DataFacts(object):
    """What the data rules look at, computed once: the records by name, the owners of NS and SOA records,
    the addresses and the PTRs."""

    def __init__(self, data):
        self.data = data
        self.path = data.path
        self.records = data.records
        self.by_name = {}
        self.addresses = {}
        self.ptrs = {}
        for r in self.records:
            self.by_name.setdefault(r.name, []).append(r)
            if r.type in ("A", "AAAA"):
                self.addresses.setdefault(r.name, []).append(r)
            if r.type == "PTR":
                self.ptrs.setdefault(r.name, []).append(r)
        self.ns_owners = set(r.name for r in self.records if r.type == "NS")
        self.soa_owners = set(r.name for r in self.records if r.type == "SOA")

    def served(self, name):
        """An NS at or above name: tinydns answers for it."""
        return any(a in self.ns_owners for a in _ancestors(name))

    def ours(self, name):
        """An SOA at or above name: our data is authoritative for it."""
        return any(a in self.soa_owners for a in _ancestors(name))


def _ancestors(name):
    parts = name.split(".")
    return [".".join(parts[i:]) for i in range(len(parts))]


def rule_served(facts):
    """Records tinydns never serves: no NS at or above their name."""
    data, path = facts.data, facts.path
    findings = []
    for r in facts.records:
        if r.type in ("SOA", "NS") or facts.served(r.name) or r.name == "." or _IPV4.match(r.name):
            continue  # (a name that is an address was reported while parsing)
        if r.derived and r.type == "A":
            continue  # an address given with a server or mail host outside our data: glue, fine
        if r.derived and r.type == "PTR":
            reverse_zone = r.name.split(".", 1)[1]
            findings.append(
                warning(
                    "ptr-not-served",
                    "%s makes the PTR %s, but no `.` line sets up the reverse zone, so tinydns never answers "
                    "`dig -x %s`." % (_here(data, r), r.name, _ptr_address(r.name)),
                    "add `.%s::ns.example.com` (with your name server's name) to data." % reverse_zone,
                    path,
                    r.line,
                )
            )
            continue
        findings.append(
            error(
                "not-served",
                "%s: no `.` (or `&`) line covers %s, so tinydns does not answer queries for it."
                % (_here(data, r), r.name),
                "add a `.` line for the domain (e.g. `.example.com:192.168.0.10:ns.example.com`), or correct "
                "the name (typo?).",
                path,
                r.line,
            )
        )
    return findings


def rule_soa(facts):
    """SOA: one per name; NS-only domains are not authoritative."""
    data, path, by_name = facts.data, facts.path, facts.by_name
    findings = []
    for name in sorted(facts.soa_owners):
        soas = [r for r in by_name[name] if r.type == "SOA"]
        for extra in soas[1:]:
            findings.append(
                error(
                    "multiple-soa",
                    "%s makes a second SOA for %s (the first comes from %s): tinydns serves both."
                    % (_here(data, extra), name, _where(data, soas[0])),
                    "use `.` once per domain and `&%s:ip:server` for each further name server." % name,
                    path,
                    extra.line,
                )
            )
    for name in sorted(facts.ns_owners):
        if facts.ours(name):
            continue
        first = [r for r in by_name[name] if r.type == "NS"][0]
        findings.append(
            warning(
                "no-soa",
                "%s: %s has NS records but no SOA; without a `.` or `Z` line tinydns answers for %s with "
                "a referral only, not authoritatively." % (_here(data, first), name, name),
                "use `.%s:ip:server` for the domain's first name server (`&` only for further ones)." % name,
                path,
                first.line,
            )
        )
    return findings


def rule_cname(facts):
    """A CNAME stands alone, once."""
    data, path = facts.data, facts.path
    findings = []
    for name, rs in facts.by_name.items():
        cnames = [r for r in rs if r.type == "CNAME"]
        if not cnames:
            continue
        others = [r for r in rs if r.type != "CNAME"]
        if others:
            findings.append(
                error(
                    "cname-and-other-data",
                    "%s: %s is an alias and also has %s; a name with a CNAME can have no other data."
                    % (_here(data, cnames[0]), name, ", ".join("%s (line %d)" % (o.type, o.line) for o in others)),
                    "keep either the C line or the other lines for %s." % name,
                    path,
                    cnames[0].line,
                )
            )
        for extra in cnames[1:]:
            findings.append(
                error(
                    "multiple-cname",
                    "%s has a second CNAME (the first is on line %d): an alias points at one name."
                    % (name, cnames[0].line),
                    "keep one C line for %s." % name,
                    path,
                    extra.line,
                )
            )
    return findings


def rule_targets(facts):
    """NS and MX targets in our data need an address and must not be aliases."""
    data, path, by_name, addresses = facts.data, facts.path, facts.by_name, facts.addresses
    findings = []
    for r in facts.records:
        if r.type not in ("NS", "MX") or not r.target or not facts.ours(r.target):
            continue
        if _IPV4.match(r.target):
            continue  # reported as target-is-address while parsing
        what = "name server" if r.type == "NS" else "mail host"
        code = r.type.lower()
        alias = [t for t in by_name.get(r.target, []) if t.type == "CNAME"]
        if alias:
            findings.append(
                error(
                    "%s-target-cname" % code,
                    "%s: the %s %s is an alias (%s); an %s must name a host with its own address."
                    % (_here(data, r), what, r.target, _where(data, alias[0]), r.type),
                    "point the %s at %s, or replace the C line by `+%s:<address>`."
                    % (r.type, alias[0].target, r.target),
                    path,
                    r.line,
                )
            )
        elif r.target not in addresses:
            fix_line = (
                "`.%s:192.168.0.10:%s`" % (r.name, r.target)
                if r.type == "NS"
                else "`@%s:192.168.0.10:%s:%s`" % (r.name, r.target, r.value.split(" ")[0])
            )
            findings.append(
                error(
                    "%s-target-no-address" % code,
                    "%s: the %s %s has no address in data, so %s."
                    % (
                        _here(data, r),
                        what,
                        r.target,
                        (
                            "resolvers cannot reach the name server"
                            if r.type == "NS"
                            else "mail for %s cannot be delivered" % r.name
                        ),
                    ),
                    "give the address in the ip field, %s, or add `=%s:<address>`." % (fix_line, r.target),
                    path,
                    r.line,
                )
            )
    return findings


def rule_duplicate_ptr(facts):
    """One PTR per address."""
    data, path = facts.data, facts.path
    findings = []
    for name, rs in facts.ptrs.items():
        if len(rs) > 1:
            listing = " and ".join(_where(data, r) for r in rs)
            findings.append(
                error(
                    "duplicate-ptr",
                    "%s has %d PTR records, from %s: `dig -x` gets %d answers (an `=` line already makes the PTR)."
                    % (_ptr_address(name) or name, len(rs), listing, len(rs)),
                    "use `=` once per address (for the host's main name) and `+` for its other names; "
                    "drop `^` lines for addresses that have an `=` line.",
                    path,
                    rs[1].line,
                )
            )
    return findings


def rule_ptr_without_a(facts):
    """Each PTR of ours matches an A record in our data."""
    data, path, addresses = facts.data, facts.path, facts.addresses
    findings = []
    for name, rs in facts.ptrs.items():
        address = _ptr_address(name)
        for r in rs:
            if r.derived or address is None or not facts.ours(r.target):
                continue
            has = [a.value for a in addresses.get(r.target, [])]
            if address in has:
                continue
            detail = (
                "%s has the address %s, not %s" % (r.target, ", ".join(has), address)
                if has
                else "%s has no A record in data" % r.target
            )
            findings.append(
                error(
                    "ptr-without-a",
                    "%s: the PTR for %s points at %s, but %s." % (_here(data, r), address, r.target, detail),
                    "make the name and address agree; `=%s:%s` makes the A and the PTR together." % (r.target, address),
                    path,
                    r.line,
                )
            )
    return findings


def rule_duplicates(facts):
    """Duplicate records (same name, type and value)."""
    data, path = facts.data, facts.path
    findings = []
    seen = {}
    for r in facts.records:
        if r.type in ("PTR", "SOA"):
            continue  # reported above
        key = (r.name, r.type, r.value.lower(), r.location)
        if key not in seen:
            seen[key] = r
            continue
        first = seen[key]
        hint = (
            "leave the ip field empty on one of them: an address is needed only once"
            if r.derived or first.derived
            else "delete the repeated line"
        )
        findings.append(
            warning(
                "duplicate-record",
                "%s repeats the %s record %s %s of %s: tinydns answers with both copies."
                % (_here(data, r), r.type, r.name, r.value, _where(data, first)),
                hint + ".",
                path,
                r.line,
            )
        )
    return findings


def rule_locations(facts):
    """Locations used but never defined."""
    data, path = facts.data, facts.path
    findings = []
    for r in facts.records:
        if r.location and r.location not in data.locations:
            findings.append(
                warning(
                    "unknown-location",
                    "%s is limited to location '%s', but no `%%` line defines '%s': no client ever gets this record."
                    % (_here(data, r), r.location, r.location),
                    "add `%%%s:<client address prefix>` or empty the location field." % r.location,
                    path,
                    r.line,
                )
            )
    return findings


# The data rules, in the order check_data reports them.
DATA_RULES = (
    rule_served,
    rule_soa,
    rule_cname,
    rule_targets,
    rule_duplicate_ptr,
    rule_ptr_without_a,
    rule_duplicates,
    rule_locations,
)


def check_data(data):
    """All findings for parsed data: the parser's plus consistency checks."""
    return _dedupe(list(data.parse_findings) + run_rules(DATA_RULES, DataFacts(data)))


def _ptr_address(name):
    if not name.endswith(".in-addr.arpa"):
        return None
    parts = name[: -len(".in-addr.arpa")].split(".")
    if len(parts) != 4 or not all(p.isdigit() and int(p) <= 255 for p in parts):
        return None
    return ".".join(reversed(parts))


def _dedupe(findings):
    out = []
    seen = set()
    for f in findings:
        key = (f.code, f.path, f.line, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _stamp(seconds):
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(seconds))


def check_cdb_fresh(data_path, cdb_path=None):
    """data.cdb must exist and be at least as new as data (else `make` was forgotten)."""
    directory = os.path.dirname(data_path) or "."
    cdb_path = cdb_path or os.path.join(directory, "data.cdb")
    make = "cd %s && make" % directory
    try:
        data_mtime = os.stat(data_path).st_mtime
    except OSError as exc:
        return [
            error(
                "data-missing",
                "cannot read %s: %s." % (data_path, exc.strerror or exc),
                "create the tinydns root with tinydns-conf, or check the path.",
                data_path,
            )
        ]
    try:
        cdb_mtime = os.stat(cdb_path).st_mtime
    except OSError:
        return [
            error(
                "cdb-missing",
                "%s does not exist: tinydns has no compiled data, so it answers nothing." % cdb_path,
                "compile it: `%s`." % make,
                cdb_path,
            )
        ]
    if data_mtime > cdb_mtime:
        return [
            error(
                "stale-cdb",
                "data was changed (%s) after data.cdb was built (%s): tinydns still serves the old records. "
                "Editing data and forgetting make is the classic mistake." % (_stamp(data_mtime), _stamp(cdb_mtime)),
                "compile it: `%s` (tinydns picks up the new data.cdb at once, no restart needed)." % make,
                cdb_path,
            )
        ]
    return []
