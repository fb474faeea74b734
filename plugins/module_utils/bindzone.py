# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""BIND zone files of the lab: which files, which records, which serial.

- `zone_file_name(origin)`: db.example for example.com., db.192.168.0 for
  0.168.192.in-addr.arpa. (the course's names).
- `zones(dns)`: the expanded DNS model (dnsmodel.expand, the fact lab_dns_zone)
  as one entry per zone file, forward first, each with its own records.
- `zone_serial(old_text, new_text, today)`: the SOA serial for a rendered zone.
  The serial changes only when the zone's content changes: the content is the
  file without its serial and its hash comment, hashed; an equal hash keeps the
  serial of the file in service, anything else gets max(today01, old + 1).

Pure Python (standard library): the role's filters and the evaluator's checks
both use it.
"""

from __future__ import annotations

import hashlib
import re

# The zone template writes the serial on its own line, "<number> ; serial", and the
# content hash in a comment; both are left out of the hashed content.
SERIAL_LINE = re.compile(r"^(\s*)(\d+)(\s*;\s*serial\b.*)$", re.I | re.M)
HASH_LINE = re.compile(r"^;\s*content hash:.*\n?", re.I | re.M)
HASH_VALUE = re.compile(r"^;\s*content hash:\s*(?:sha256:)?([0-9a-f]{64})", re.I | re.M)


def zone_file_name(origin):
    """db.<domain's first label> for a forward zone, db.<network> for an in-addr.arpa zone."""
    name = str(origin).rstrip(".").lower()
    if name.endswith(".in-addr.arpa"):
        octets = name[: -len(".in-addr.arpa")].split(".")
        return "db." + ".".join(reversed(octets))
    return "db." + name.split(".", maxsplit=1)[0]


def _ns_records(origin, nameservers):
    return [{"name": origin, "type": "NS", "value": ns} for ns in nameservers]


_ORDER = {"NS": 0, "MX": 1, "A": 2, "AAAA": 3, "CNAME": 4, "PTR": 5}


def zones(dns):
    """One dict per zone file: origin, name (without the dot), file, ttl, records.

    The forward zone keeps the model's records (NS and MX first); each reverse zone
    gets the forward zone's name servers and its PTR records.
    """
    origin = dns["origin"]
    nameservers = list(dns.get("nameservers") or [r["value"] for r in dns["records"] if r["type"] == "NS"])
    forward = sorted(dns["records"], key=lambda r: (_ORDER.get(r["type"], 9), r["name"] != origin))
    out = [{"origin": origin, "name": origin.rstrip("."), "file": zone_file_name(origin),
            "ttl": int(dns["ttl"]), "records": forward, "reverse": False}]
    for rorigin in sorted((dns.get("reverse") or {}).keys()):
        out.append({"origin": rorigin, "name": rorigin.rstrip("."), "file": zone_file_name(rorigin),
                    "ttl": int(dns["ttl"]), "records": _ns_records(rorigin, nameservers) + list(dns["reverse"][rorigin]),
                    "reverse": True})
    return out


def normalize(text):
    """The zone's content: the text without its hash comment and with the serial set to 0."""
    text = HASH_LINE.sub("", text or "")
    return SERIAL_LINE.sub(lambda m: m.group(1) + "0" + m.group(3), text, count=1)


def content_hash(text):
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()


def file_serial(text):
    """The serial written on the "<number> ; serial" line, or None."""
    match = SERIAL_LINE.search(text or "")
    return int(match.group(2)) if match else None


def file_hash(text):
    """The hash recorded in the file's "; content hash:" comment, or None."""
    match = HASH_VALUE.search(text or "")
    return match.group(1).lower() if match else None


def zone_serial(old_text, new_text, today):
    """{"serial", "hash", "changed"} for the rendered zone `new_text` (any serial in it is ignored).

    old_text: the file in service ("" or None when there is none); today: "YYYYMMDD".
    The old serial is kept when the content (see normalize) is the same, so a second run
    changes nothing; otherwise the serial is max(today01, old + 1), always increasing.
    A file edited by hand no longer matches its content, so it gets a new serial too.
    """
    today = str(today).strip()
    if not re.match(r"^\d{8}$", today):
        raise ValueError("today must be YYYYMMDD, not %r" % (today,))
    new_hash = content_hash(new_text)
    old_serial = file_serial(old_text) if old_text else None
    if old_serial is not None and content_hash(old_text) == new_hash:
        return {"serial": old_serial, "hash": new_hash, "changed": False}
    base = int(today + "01")
    serial = base if old_serial is None else max(base, old_serial + 1)
    if serial > 4294967295:
        raise ValueError("serial %d does not fit in 32 bits" % serial)
    return {"serial": serial, "hash": new_hash, "changed": True}
