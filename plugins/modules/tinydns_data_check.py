#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: tinydns_data_check
short_description: Check a tinydns data file, and whether data.cdb was rebuilt after it changed
version_added: 0.1.0
description:
  - Parses a tinydns C(data) file the way C(tinydns-data) (djbdns 1.05) does. It knows every line type (C(.) C(&)
    C(=) C(+) C(@) C(') C(^) C(C) C(Z) C(:) C(%)), comments (C(#)), disabled lines (C(-)), the optional
    ttl/timestamp/location fields and C(\\NNN) octal escapes. Findings give the file, the line, the mistake and
    its fix.
  - "Field checks. Names are checked for length, stray spaces and odd characters. IPv4 addresses are checked, and
    the message says what tinydns-data makes of a bad one (V(192.168.0.300) becomes V(192.168.0.44)). TTLs are
    checked (V(1d) is read as 1 second). So are MX distances (0-65535), timestamps, locations, generic record
    types and rdata. A line type tinydns-data does not know is reported."
  - "Consistency checks: an C(=) and a C(^) line, or two C(=) lines, for the same address make a duplicate PTR. NS
    and MX targets inside the data need an address and must not be aliases. A name server or mail host field
    without a dot makes tinydns-data invent an V(x.ns.<domain>) / V(x.mx.<domain>) name (a warning). Also
    reported: CNAME beside other data, more than one SOA for a domain, records no C(.) line covers, PTRs that
    disagree with the A records, duplicate records, Windows line ends."
  - Freshness. When the data is read from O(path), C(data.cdb) must exist and be at least as new as C(data).
    Editing C(data) and forgetting C(make) leaves tinydns serving the old records.
  - Read-only.
author:
  - serverlab maintainers (!UNKNOWN)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - serverlab.course.validator
  - serverlab.course.validator.source
options:
  path:
    description:
      - The data file, for example V(/etc/tinydns/root/data).
      - With O(content), only the name used in messages.
    type: path
  content:
    description:
      - The data file's text, checked instead of reading O(path) (for a rendered template before it is
        installed). No freshness check is done then unless O(cdb) is given.
    type: str
  cdb:
    description:
      - The compiled file to compare with O(path).
      - Defaults to C(data.cdb) in the directory of O(path).
      - Giving it explicitly turns on the freshness check even when O(content) is used; O(path) is then the data
        file compared.
    type: path
notes:
  - tinydns-data assigns the SOA serial from the modification time of C(data); the parsed SOA values show it as
    V((mtime)).
  - The IPv6 line types of patched tinydns-data (C(3), C(6)) are reported as unknown, as djbdns 1.05 does.
seealso:
  - module: serverlab.course.zone_check
"""

EXAMPLES = r"""
- name: Check the live tinydns data and that data.cdb is current
  serverlab.course.tinydns_data_check:
    path: /etc/tinydns/root/data

- name: Validate rendered data before installing it
  serverlab.course.tinydns_data_check:
    content: "{{ lookup('template', 'tinydns-data.j2') }}"
    path: /etc/tinydns/root/data

- name: Report only (the evaluator), with the cdb in a non-standard place
  serverlab.course.tinydns_data_check:
    path: /srv/tinydns/root/data
    cdb: /srv/tinydns/root/data.cdb
    fail_on_error: false
  register: tinydns_report
"""

RETURN = r"""
msg:
  description: V(no errors) (with a warning count), or every error on its own line.
  returned: always
  type: str
findings:
  description: Everything found, errors and warnings.
  returned: always
  type: list
  elements: dict
  contains:
    severity:
      description: V(error) or V(warning).
      type: str
    code:
      description: A stable identifier, for example V(duplicate-ptr), V(invented-name), V(stale-cdb).
      type: str
    path:
      description: The file the finding is about.
      type: str
    line:
      description: The data line (1-based), or null when the finding concerns a whole file.
      type: int
    message:
      description: What is wrong, in the trainee's terms.
      type: str
    fix:
      description: What to do about it.
      type: str
  sample:
    - severity: error
      code: stale-cdb
      path: /etc/tinydns/root/data.cdb
      line: null
      message: "data was changed (2024-01-01 10:05:00) after data.cdb was built (2024-01-01 10:00:00): tinydns
        still serves the old records. Editing data and forgetting make is the classic mistake."
      fix: "compile it: `cd /etc/tinydns/root && make` (tinydns picks up the new data.cdb at once, no restart
        needed)."
errors:
  description: The number of findings that are errors.
  returned: always
  type: int
  sample: 0
warning_count:
  description: The number of findings that are warnings (each is also shown as an Ansible warning).
  returned: always
  type: int
  sample: 1
records:
  description: The number of DNS records the data makes (an C(=) line makes two, a C(.) line two or three).
  returned: always
  type: int
  sample: 13
stale_cdb:
  description: True when C(data.cdb) is missing or older than C(data); false when it is current or was not checked.
  returned: always
  type: bool
  sample: false
"""

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.serverlab.course.plugins.module_utils import validator
from ansible_collections.serverlab.course.plugins.module_utils.tinydns import (
    check_cdb_fresh,
    check_data,
    parse_data,
)


def main():
    module = AnsibleModule(
        argument_spec=validator.argument_spec(source=True, cdb=dict(type="path")),
        required_one_of=[("path", "content")],
        required_by=dict(cdb=("path",)),
        supports_check_mode=True,
    )
    params = module.params
    path = params["path"]
    text = params["content"]
    findings = []
    result = dict(records=0, stale_cdb=False)

    text, problem = validator.read_source(
        path, text, "data file", "check the path; tinydns-conf creates <dir>/root/data (e.g. /etc/tinydns/root/data).")
    if problem:
        validator.exit_with_findings(module, [problem], params["fail_on_error"], **result)

    data = parse_data(text, path or "data")
    findings.extend(check_data(data))
    result["records"] = len(data.records)

    if path and (params["content"] is None or params["cdb"]) and os.path.exists(path):
        fresh = check_cdb_fresh(path, params["cdb"])
        result["stale_cdb"] = any(f.code in ("stale-cdb", "cdb-missing") for f in fresh)
        findings.extend(fresh)

    validator.exit_with_findings(module, findings, params["fail_on_error"], **result)


if __name__ == "__main__":
    main()
