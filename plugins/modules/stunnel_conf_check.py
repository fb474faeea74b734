#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
---
module: stunnel_conf_check
short_description: Check stunnel.conf (standalone or inetd mode) and read stunnel's log
version_added: 0.1.0
description:
  - Parses stunnel.conf (global options before the first C([service]) section, C(;) and C(#)
    comment lines, C(key = value)) and reports findings with file, line and fix.
  - Options. Unknown or misspelled options are warnings with a suggestion (stunnel itself refuses
    to start on them); global options inside a section, comments after a value, and C(accept) or
    C(connect) values that are not C([host:]port) are reported too.
  - Modes. Standalone stunnel needs at least one section, each with C(accept) and C(connect) or
    C(exec). In inetd mode (started by xinetd or a systemd socket with C(Accept=yes)) there must be
    no service section and no C(accept), C(connect) or C(exec) stands in the global options, and
    C(foreground) and C(pid) are reported as having no effect.
  - Logging. The C(output) log file the evaluator reads must be set, and C(debug) must be at least
    5 (notice) so that the "Connection closed" and "Connection reset" lines are written.
  - With O(clients_without_close_notify), C(TIMEOUTclose = 0) is recommended.
  - With O(check_files), the cert, key, CAfile, CApath and CRL files must exist and each certificate
    must match its key (the public keys from C(openssl x509 -noout -pubkey) and
    C(openssl pkey -pubout) are compared); unreadable PEM ("no start line") is explained as a
    corrupted copy.
  - With O(log_path) the stunnel log is parsed into sessions (clean close, cancelled certificate
    prompt, reset without close_notify, bind error "Address already in use").
  - The module only reads files and runs openssl; it never changes the host.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - serverlab.course.validator
  - serverlab.course.validator.source
options:
  path:
    description:
      - stunnel.conf on the managed host. Ignored when O(content) is given, except to name the file in
        messages and to resolve relative file names.
    type: path
    default: /etc/stunnel/stunnel.conf
  content:
    description:
      - The configuration text itself, for example a rendered template, instead of reading O(path).
    type: str
  mode:
    description:
      - How stunnel runs. C(standalone) binds the ports itself; C(inetd) is started by the
        superserver for each connection; C(auto) decides from the file (inetd when there is no
        service section).
    type: str
    choices: [auto, standalone, inetd]
    default: auto
  check_files:
    description:
      - Check that the files named by cert, key, CAfile, CApath, CRLfile and CRLpath exist, and that
        each certificate matches its private key (needs openssl on the managed host).
    type: bool
    default: false
  clients_without_close_notify:
    description:
      - Clients such as old Outlook Express or IE drop the TLS session without close_notify; when
        V(true), a missing C(TIMEOUTclose = 0) is reported as a warning.
    type: bool
    default: false
  openssl:
    description:
      - The openssl program used with O(check_files).
    type: str
    default: openssl
  log_path:
    description:
      - stunnel's log file (its C(output)) to parse. A bind error after which no connection was
        accepted is an error; earlier bind errors, resets and cancelled prompts are warnings.
    type: path
notes:
  - The logic lives in the collection's C(stunnel) module_utils; C(parse_log) is what the evaluator's
    stunnel/smtps check uses.
seealso:
  - module: serverlab.course.listen_check
author:
  - serverlab maintainers (!UNKNOWN)
"""

EXAMPLES = r"""
- name: stunnel wraps smtps (465 -> 25) standalone, with a matching certificate
  serverlab.course.stunnel_conf_check:
    path: /etc/stunnel/stunnel.conf
    mode: standalone
    check_files: true
    clients_without_close_notify: true

- name: stunnel started by xinetd for smtps (inetd mode)
  serverlab.course.stunnel_conf_check:
    path: /etc/stunnel/smtps.conf
    mode: inetd

- name: Check a rendered template before it is installed, and read the log
  serverlab.course.stunnel_conf_check:
    content: "{{ lookup('template', 'stunnel.conf.j2') }}"
    log_path: /var/log/stunnel.log
    fail_on_error: false
  register: stunnel
"""

RETURN = r"""
mode:
  description: The mode the file was checked in (V(auto) resolved).
  returned: always
  type: str
  sample: standalone
services:
  description: The service sections.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Section name.
      type: str
      sample: smtps
    line:
      description: Line of the C([name]) header.
      type: int
      sample: 9
    accept:
      description: The C(accept) values.
      type: list
      elements: str
      sample: ["465"]
    connect:
      description: The C(connect) values.
      type: list
      elements: str
      sample: ["25"]
    exec:
      description: The C(exec) value, if any.
      type: str
      sample: null
sessions:
  description: Sessions found in O(log_path); empty without it.
  returned: always
  type: list
  elements: dict
  contains:
    status:
      description: C(closed), C(reset), C(open) or C(bind-error).
      type: str
      sample: closed
    service:
      description: The stunnel service.
      type: str
      sample: smtps
    bytes_to_ssl:
      description: Bytes sent to the TLS side (closed or reset sessions).
      type: int
      sample: 1234
    bytes_to_socket:
      description: Bytes sent to the socket; 0 means the user cancelled the certificate prompt.
      type: int
      sample: 567
    clean:
      description: Closed cleanly with data sent to the socket.
      type: bool
      sample: true
    explanation:
      description: What the session means, in the trainee's terms.
      type: str
      sample: closed cleanly
findings:
  description: Problems found, each with severity, code, path, line, message and fix.
  returned: always
  type: list
  elements: dict
  sample:
    - severity: error
      code: stunnel-no-accept
      path: /etc/stunnel/stunnel.conf
      line: 9
      message: >-
        Section [smtps] has no 'accept': in standalone mode every service needs the port
        stunnel listens on.
      fix: Add 'accept = <port>' (465 for smtps).
errors:
  description: Number of error findings.
  returned: always
  type: int
  sample: 0
warning_count:
  description: Number of warning findings.
  returned: always
  type: int
  sample: 1
msg:
  description: Summary, one line per error.
  returned: always
  type: str
  sample: no errors (1 warning)
"""

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.serverlab.course.plugins.module_utils import validator
from ansible_collections.serverlab.course.plugins.module_utils import stunnel


def main():
    module = AnsibleModule(
        argument_spec=validator.argument_spec(
            source=True,
            path_default="/etc/stunnel/stunnel.conf",
            mode=dict(type="str", choices=["auto", "standalone", "inetd"], default="auto"),
            check_files=dict(type="bool", default=False),
            clients_without_close_notify=dict(type="bool", default=False),
            openssl=dict(type="str", default="openssl"),
            log_path=dict(type="path"),
        ),
        supports_check_mode=True,
    )
    p = module.params
    text, problem = validator.read_source(p["path"], p["content"], "stunnel configuration")
    if problem:
        validator.exit_with_findings(module, [problem], p["fail_on_error"], mode=p["mode"], services=[], sessions=[])
    conf = stunnel.parse_config(text, p["path"])
    mode = p["mode"]
    if mode == "auto":
        mode = "standalone" if conf.sections else "inetd"
    found = stunnel.check_config(conf, mode=mode, check_files=p["check_files"],
                                 clients_without_close_notify=p["clients_without_close_notify"],
                                 openssl=p["openssl"], base_dir=os.path.dirname(p["path"]))
    sessions = []
    if p["log_path"]:
        log, problem = validator.read_source(p["log_path"], None, "stunnel log")
        if problem:
            found.append(problem)
        else:
            sessions = stunnel.parse_log(log)
            found.extend(stunnel.log_findings(sessions, p["log_path"]))
    validator.exit_with_findings(module, found, p["fail_on_error"], mode=mode,
                                 services=[s.as_dict() for s in conf.sections],
                                 sessions=[s.as_dict() for s in sessions])


if __name__ == "__main__":
    main()
