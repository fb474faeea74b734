#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
---
module: qmail_control_check
short_description: Check qmail's control files and the alias user's .qmail files
version_added: 0.1.0
description:
  - Reads qmail's control files (C(me), C(locals), C(rcpthosts), C(smtproutes), C(virtualdomains),
    C(defaulthost), C(defaultdomain), C(plusdomain)) from O(control_dir), or takes them from
    O(files), and reports findings with file, line and fix.
  - C(me) must exist and hold one host name (qmail reads only its first line). C(rcpthosts) must
    exist, because without it qmail-smtpd accepts mail for every domain (an open relay).
  - Every domain of C(locals) (which defaults to C(me)) and of C(virtualdomains) must be accepted by
    C(rcpthosts), otherwise mail for it from outside is refused with "553 sorry, that domain isn't in
    my list of allowed rcpthosts".
  - C(smtproutes) lines are C(domain:relay[:port]); an empty domain is the default route
    (C(:[192.168.0.5])), IP relays are written in brackets, the port is numeric.
  - C(defaulthost), C(defaultdomain) and C(plusdomain) must be valid names.
  - CRLF line endings are errors (qmail keeps the carriage return as part of the value), leading
    blanks are errors, trailing blanks are warnings (qmail strips blanks and tabs at the end).
  - With O(check_aliases), C(.qmail-postmaster), C(.qmail-mailer-daemon) and C(.qmail-root) must
    exist in O(alias_dir) and must not be world-writable.
  - The module only reads files; it never changes the host.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - serverlab.course.validator
options:
  control_dir:
    description:
      - qmail's control directory. Names the files in messages when O(files) is given.
    type: path
    default: /var/qmail/control
  files:
    description:
      - Control files given as text, a mapping of file name (C(me), C(rcpthosts), ...) to content.
        When set, O(control_dir) is not read and the files not listed count as missing.
    type: dict
  check_aliases:
    description:
      - Also check the alias user's .qmail files in O(alias_dir).
    type: bool
    default: true
  alias_dir:
    description:
      - Home directory of the alias user (C(~alias)).
    type: path
    default: /var/qmail/alias
seealso:
  - module: serverlab.course.tcprules_check
author:
  - serverlab maintainers (!UNKNOWN)
"""

EXAMPLES = r"""
- name: qmail's control files and aliases are complete
  serverlab.course.qmail_control_check:

- name: Check rendered control files before they are installed
  serverlab.course.qmail_control_check:
    files:
      me: "h2g.example.com\n"
      locals: "h2g.example.com\nexample.com\n"
      rcpthosts: "h2g.example.com\nexample.com\n"
      smtproutes: ":[192.168.0.5]\n"
    check_aliases: false
"""

RETURN = r"""
control:
  description: The values qmail uses, as this check read them.
  returned: always
  type: dict
  contains:
    me:
      description: First line of C(me).
      type: str
      sample: h2g.example.com
    locals:
      description: Local domains (C(me) when C(locals) is missing).
      type: list
      elements: str
      sample: [h2g.example.com, example.com]
    rcpthosts:
      description: Domains accepted from outside; null when the file is missing.
      type: list
      elements: str
      sample: [h2g.example.com, example.com]
    virtualdomains:
      description: Lines of C(virtualdomains), if present.
      type: list
      elements: str
      sample: null
    smtproutes:
      description: Routes, each with line, domain, relay and port.
      type: list
      elements: dict
      sample: [{line: 1, domain: "", relay: "[192.168.0.5]", port: null}]
    defaulthost:
      description: C(defaulthost), if present.
      type: str
      sample: null
    defaultdomain:
      description: C(defaultdomain), if present.
      type: str
      sample: example.com
    plusdomain:
      description: C(plusdomain), if present.
      type: str
      sample: example.com
findings:
  description: Problems found, each with severity, code, path, line, message and fix.
  returned: always
  type: list
  elements: dict
  sample:
    - severity: error
      code: qmail-local-not-rcpthost
      path: /var/qmail/control/locals
      line: 2
      message: >-
        example.com is a local domain but is not in rcpthosts: mail for it from outside is refused
        with '553 sorry, that domain isn't in my list of allowed rcpthosts'.
      fix: "Add it to rcpthosts: echo example.com >> /var/qmail/control/rcpthosts"
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

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_text

from ansible_collections.serverlab.course.plugins.module_utils import validator
from ansible_collections.serverlab.course.plugins.module_utils import qmail


def main():
    module = AnsibleModule(
        argument_spec=validator.argument_spec(
            control_dir=dict(type="path", default=qmail.CONTROL_DIR),
            files=dict(type="dict"),
            check_aliases=dict(type="bool", default=True),
            alias_dir=dict(type="path", default=qmail.ALIAS_DIR),
        ),
        supports_check_mode=True,
    )
    p = module.params
    if p["files"] is not None:
        files = dict((to_text(k), None if v is None else to_text(v)) for k, v in p["files"].items())
    else:
        try:
            files = qmail.read_control_dir(p["control_dir"])
        except (IOError, OSError) as exc:
            problem = validator.unreadable(exc.filename or p["control_dir"], exc, "qmail control file")
            validator.exit_with_findings(module, [problem], p["fail_on_error"], control=qmail.summary({}))
    found = qmail.check_control(files, p["control_dir"])
    if p["check_aliases"]:
        found.extend(qmail.check_aliases(qmail.read_alias_dir(p["alias_dir"]), p["alias_dir"]))
    validator.exit_with_findings(module, found, p["fail_on_error"], control=qmail.summary(files))


if __name__ == "__main__":
    main()
