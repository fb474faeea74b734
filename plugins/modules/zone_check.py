#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: zone_check
short_description: Check a BIND zone file for the mistakes trainees make
version_added: 0.1.0
description:
  - Parses a BIND zone file (with dnspython) and reports findings with the file, the line, a message that explains
    the mistake and how to fix it.
  - "Checks: C($TTL) missing before the first record (BIND then logs V(no TTL specified; using SOA MINTTL instead));
    syntax errors; no SOA, more than one SOA or an SOA away from the origin; no NS at the origin; NS or MX
    targets inside the zone without an A/AAAA record, pointing at a CNAME, or written as an address; CNAME beside
    other data, at the zone apex, or leading nowhere; names outside the origin; full names written without their
    trailing dot (the origin appended twice); duplicate records."
  - With O(reverse_zones), every A/AAAA whose address lies in one of the reverse zones needs a PTR, and every PTR
    pointing into the zone must point at a name that has that address. Reverse zones are checked like the zone.
  - With O(old_serial) or O(old_path), the serial must be higher than the loaded one (RFC 1982 serial arithmetic);
    with O(old_path) it must also change whenever the content changed.
  - Read-only. Use O(content) to validate a rendered template before it replaces the live file.
author:
  - serverlab maintainers (!UNKNOWN)
requirements:
  - dnspython 2.1 or later on the managed host (Debian package C(python3-dnspython))
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - serverlab.course.validator
  - serverlab.course.validator.source
options:
  origin:
    description:
      - The zone's name, for example V(example.com) (a trailing dot is optional).
    type: str
    required: true
  reverse_zones:
    description:
      - Reverse zones to check against the zone's A and AAAA records.
    type: list
    elements: dict
    default: []
    suboptions:
      origin:
        description:
          - The reverse zone's name, for example V(0.168.192.in-addr.arpa).
        type: str
        required: true
      path:
        description:
          - The reverse zone's file (with O(reverse_zones[].content), only the name used in messages).
        type: path
      content:
        description:
          - The reverse zone's text, checked instead of reading O(reverse_zones[].path).
        type: str
  old_serial:
    description:
      - The serial currently loaded; the zone's serial must be higher.
      - Mutually exclusive with O(old_path).
    type: int
  old_path:
    description:
      - The zone file currently in service. Its serial must be lower than the new one and, when the content
        differs, the serial must have changed.
      - A missing file is not an error (the zone's first deployment).
    type: path
notes:
  - Stricter than C(named-checkzone) on purpose. It also reports a missing C($TTL), MX targets without an address
    or pointing at a CNAME, out-of-zone names, missing trailing dots and forward/reverse mismatches, which BIND
    only warns about or accepts.
  - C($INCLUDE) and C($GENERATE) lines are not followed; a warning says so.
seealso:
  - module: serverlab.course.tinydns_data_check
"""

EXAMPLES = r"""
- name: Check the live zone and its reverse zone
  serverlab.course.zone_check:
    path: /etc/bind/db.example
    origin: example.com
    reverse_zones:
      - origin: 0.168.192.in-addr.arpa
        path: /etc/bind/db.192.168.0

- name: Validate a rendered zone before it goes live (serial must beat the loaded file)
  serverlab.course.zone_check:
    content: "{{ lookup('template', 'db.zone.j2') }}"
    path: /var/named/chroot/var/named/master/db.example
    origin: example.com
    old_path: /var/named/chroot/var/named/master/db.example

- name: Report only, for the evaluator
  serverlab.course.zone_check:
    path: /etc/bind/db.example
    origin: example.com
    old_serial: 2024010101
    fail_on_error: false
  register: zone_report
"""

RETURN = r"""
msg:
  description: V(no errors) (with a warning count), or every error on its own line.
  returned: always
  type: str
findings:
  description: Everything found, errors and warnings, in file order per check.
  returned: always
  type: list
  elements: dict
  contains:
    severity:
      description: V(error) or V(warning).
      type: str
    code:
      description: A stable identifier, for example V(no-ttl), V(mx-target-no-address), V(a-without-ptr).
      type: str
    path:
      description: The file the finding is about.
      type: str
    line:
      description: The line (1-based), or null when the finding concerns the whole file.
      type: int
    message:
      description: What is wrong, in the trainee's terms.
      type: str
    fix:
      description: What to do about it.
      type: str
  sample:
    - severity: error
      code: no-ttl
      path: /etc/bind/db.example
      line: 1
      message: "no $TTL before the first record on line 1: BIND logs 'db.example:1: no TTL specified; using SOA
        MINTTL instead'."
      fix: put `$TTL 86400` on line 1 of the zone file.
errors:
  description: The number of findings that are errors.
  returned: always
  type: int
  sample: 1
warning_count:
  description: The number of findings that are warnings (each is also shown as an Ansible warning).
  returned: always
  type: int
  sample: 0
serial:
  description: The serial of the zone's SOA, or null when it has none.
  returned: always
  type: int
  sample: 2024010101
records:
  description: The number of records the zone holds (names outside the origin are not counted).
  returned: always
  type: int
  sample: 8
summary:
  description: One line on what was checked and found.
  returned: always
  type: str
  sample: "example.com.: 8 records, serial 2024010101, 1 reverse zone; 0 errors, 0 warnings"
"""

import os
import traceback

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

try:
    # probe only: zone.py imports dnspython lazily, inside its functions
    import dns.name  # noqa: F401 pylint: disable=unused-import
except ImportError:
    DNSPYTHON_IMPORT_ERROR = traceback.format_exc()
else:
    DNSPYTHON_IMPORT_ERROR = None

from ansible_collections.serverlab.course.plugins.module_utils import validator
from ansible_collections.serverlab.course.plugins.module_utils.zone import (
    check_reverse,
    check_serial,
    check_zone,
    parse_zone,
)


# The fix for every unreadable zone file.
FIX_UNREADABLE = "check the path (and, for BIND on EL, the chroot under /var/named/chroot)."


def main():
    module = AnsibleModule(
        argument_spec=validator.argument_spec(
            source=True,
            origin=dict(type="str", required=True),
            reverse_zones=dict(
                type="list",
                elements="dict",
                default=[],
                options=dict(origin=dict(type="str", required=True), **validator.source_options()),
                required_one_of=[("path", "content")],
            ),
            old_serial=dict(type="int"),
            old_path=dict(type="path"),
        ),
        required_one_of=[("path", "content")],
        mutually_exclusive=[("old_serial", "old_path")],
        supports_check_mode=True,
    )
    if DNSPYTHON_IMPORT_ERROR:
        module.fail_json(msg=missing_required_lib("dnspython"), exception=DNSPYTHON_IMPORT_ERROR)

    params = module.params
    origin = params["origin"]
    path = params["path"] or "zone %s" % origin
    result = dict(serial=None, records=0)
    findings = []

    text, problem = validator.read_source(params["path"], params["content"], "zone file", FIX_UNREADABLE)
    if problem:
        result["summary"] = "%s: zone file unreadable" % origin
        validator.exit_with_findings(module, [problem], params["fail_on_error"], **result)

    zone = parse_zone(text, origin, path)
    findings.extend(check_zone(zone))

    reverses = []
    for entry in params["reverse_zones"]:
        rpath = entry["path"] or "reverse zone %s" % entry["origin"]
        rtext, problem = validator.read_source(entry["path"], entry["content"], "reverse zone file", FIX_UNREADABLE)
        if problem:
            findings.append(problem)
            continue
        reverse = parse_zone(rtext, entry["origin"], rpath)
        findings.extend(check_zone(reverse))
        reverses.append(reverse)
    if reverses:
        findings.extend(check_reverse(zone, reverses))

    if params["old_serial"] is not None:
        findings.extend(check_serial(zone, params["old_serial"]))
    elif params["old_path"] and os.path.exists(params["old_path"]):
        old_text, problem = validator.read_source(params["old_path"], None, "zone file in service", FIX_UNREADABLE)
        if problem:
            findings.append(problem)
        else:
            findings.extend(check_serial(zone, old=parse_zone(old_text, origin, params["old_path"])))

    errors = len(validator.errors(findings))
    result["serial"] = zone.serial
    result["records"] = len(zone.zone_records())
    result["summary"] = "%s: %d records, serial %s, %d reverse zone%s; %d error%s, %d warning%s" % (
        zone.origin_text,
        result["records"],
        zone.serial if zone.serial is not None else "none",
        len(reverses),
        "" if len(reverses) == 1 else "s",
        errors,
        "" if errors == 1 else "s",
        len(findings) - errors,
        "" if len(findings) - errors == 1 else "s",
    )
    validator.exit_with_findings(module, findings, params["fail_on_error"], **result)


if __name__ == "__main__":
    main()
