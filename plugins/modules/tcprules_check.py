#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
---
module: tcprules_check
short_description: Check ucspi-tcp rules (tcpserver -x) for open relays, dead rules and a stale .cdb
version_added: 0.1.0
description:
  - Parses a tcprules text file exactly as C(tcprules) 0.88 does and reports findings with line
    numbers. Syntax errors are errors, because C(tcprules) then refuses the whole file and the old
    .cdb stays in force; a line without C(:), which C(tcprules) skips silently, is a warning.
  - Rules that grant C(RELAYCLIENT) to every client (C(:allow,RELAYCLIENT="")) or to every client
    with a DNS name (C(=)) make qmail-smtpd an open relay (error); granting it to addresses outside
    O(lab_network) and loopback is an error; granting it by host name is a warning.
  - A rule whose address already appears on an earlier line can never match (warning), because
    tcprules uses the first line for an address. Lookup is by address, most specific first (the
    order C(tcprulescheck) shows), not by position, so a rule below the catch-all C(:allow) still
    applies to its own addresses and is not reported.
  - Addresses that no client can have (C(192.168.0) without the final dot, CIDR notation, a bare
    host name) are warnings.
  - With O(cdb), the compiled file must exist and be newer than the rules; when the rules are read
    from O(path) its records must also be the ones C(tcprules) makes from them. Otherwise the last
    edit is not active.
  - With O(query), returns for each address the rule and action tcpserver applies, like
    C(TCPREMOTEIP=1.2.3.4 tcprulescheck rules.cdb).
  - The module only reads files; it never changes the host.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - serverlab.course.validator
  - serverlab.course.validator.source
options:
  path:
    description:
      - The rules text file, for example C(/etc/tcp.smtp). Names the file in messages when O(content)
        is given.
    type: path
  content:
    description:
      - The rules text itself, instead of reading O(path).
    type: str
  cdb:
    description:
      - The compiled rules (C(tcpserver -x) argument), for example C(/etc/tcp.smtp.cdb), to check
        against O(path). Needs O(path).
    type: path
  lab_network:
    description:
      - The network whose clients may relay (besides loopback).
    type: str
    default: 192.168.0.0/24
  query:
    description:
      - Client IP addresses to look up.
    type: list
    elements: str
    default: []
notes:
  - tcprules 0.88 knows no CIDR and no IPv6; write C(192.168.0.) for 192.168.0.0/24.
seealso:
  - module: serverlab.course.qmail_control_check
author:
  - serverlab maintainers (!UNKNOWN)
"""

EXAMPLES = r"""
- name: qmail-smtpd relays only for loopback and the lab network, and the cdb is current
  serverlab.course.tcprules_check:
    path: /etc/tcp.smtp
    cdb: /etc/tcp.smtp.cdb
    query: [127.0.0.1, 192.168.0.101, 203.0.113.9]
  register: smtp_rules

- name: Show what applies to a classroom client
  ansible.builtin.debug:
    msg: "{{ smtp_rules.matches[1].text }}"

- name: Check rendered rules before they are installed
  serverlab.course.tcprules_check:
    content: |
      127.0.0.1:allow,RELAYCLIENT=""
      192.168.0.:allow,RELAYCLIENT=""
      :allow
"""

RETURN = r"""
rules:
  description: The rule lines, in file order.
  returned: always
  type: list
  elements: dict
  contains:
    line:
      description: Line number.
      type: int
      sample: 2
    address:
      description: The address as written.
      type: str
      sample: "192.168.0."
    action:
      description: C(allow) or C(deny); null for a line tcprules cannot parse.
      type: str
      sample: allow
    env:
      description: Environment variables the rule sets.
      type: dict
      sample: {RELAYCLIENT: ""}
    keys:
      description: The addresses tcprules stores (ranges expanded).
      type: list
      elements: str
      sample: ["192.168.0."]
    error:
      description: Why tcprules refuses the line, or null.
      type: str
      sample: null
matches:
  description: One entry per O(query) address.
  returned: always
  type: list
  elements: dict
  contains:
    ip:
      description: The client address.
      type: str
      sample: 192.168.0.101
    key:
      description: The rule address that applies (null when none does).
      type: str
      sample: "192.168.0."
    line:
      description: Line of that rule.
      type: int
      sample: 2
    action:
      description: C(allow) or C(deny) (no rule means allow).
      type: str
      sample: allow
    env:
      description: Environment set for the connection.
      type: dict
      sample: {RELAYCLIENT: ""}
    text:
      description: What tcprulescheck prints.
      type: str
      sample: "rule 192.168.0.:\nset environment variable RELAYCLIENT=\nallow connection"
findings:
  description: Problems found, each with severity, code, path, line, message and fix.
  returned: always
  type: list
  elements: dict
  sample:
    - severity: error
      code: tcprules-open-relay
      path: /etc/tcp.smtp
      line: 3
      message: >-
        ':allow,RELAYCLIENT=""' grants RELAYCLIENT to every client: qmail-smtpd then relays mail
        from anyone to anywhere - an open relay.
      fix: >-
        Grant RELAYCLIENT only to 127.0.0.1 and the lab network (192.168.0.0/24, written
        192.168.0.), and end with a plain ':allow'.
errors:
  description: Number of error findings.
  returned: always
  type: int
  sample: 1
warning_count:
  description: Number of warning findings.
  returned: always
  type: int
  sample: 0
msg:
  description: Summary, one line per error.
  returned: always
  type: str
  sample: no errors
"""

import ipaddress

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_text

from ansible_collections.serverlab.course.plugins.module_utils import validator
from ansible_collections.serverlab.course.plugins.module_utils import tcprules


def main():
    module = AnsibleModule(
        argument_spec=validator.argument_spec(
            source=True,
            cdb=dict(type="path"),
            lab_network=dict(type="str", default="192.168.0.0/24"),
            query=dict(type="list", elements="str", default=[]),
        ),
        required_one_of=[["path", "content"]],
        required_by={"cdb": "path"},
        supports_check_mode=True,
    )
    p = module.params
    try:
        ipaddress.ip_network(to_text(p["lab_network"]), strict=False)
    except ValueError as exc:
        module.fail_json(msg="lab_network: %s" % to_text(exc))
    path = p["path"] or "rules"
    text, problem = validator.read_source(p["path"], p["content"], "rules file")
    if problem:
        validator.exit_with_findings(module, [problem], p["fail_on_error"], rules=[], matches=[])
    rules, found = tcprules.check_text(text, path, p["lab_network"])
    if p["cdb"]:
        found.extend(tcprules.check_cdb_fresh(p["path"], p["cdb"],
                                              rules if p["content"] is None else None))
    matches = [tcprules.describe(rules, ip) for ip in p["query"]]
    validator.exit_with_findings(module, found, p["fail_on_error"],
                                 rules=[r.as_dict() for r in rules], matches=matches)


if __name__ == "__main__":
    main()
