#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
---
module: listen_check
short_description: Fail before a restart when two daemons claim one address and port
version_added: 0.1.0
description:
  - Reads the configurations the mail and superserver roles render (stunnel, Dovecot, xinetd,
    systemd socket units, Postfix master.cf, tcpserver run scripts, named.conf) and, optionally,
    the sockets that are listening now, and reports every address:port claimed twice.
  - Each conflict is an error that names both claimants and the course's fix, for example stunnel's
    sample C([pop3s]) section against Dovecot's pop3s listener on 995, or smtps (465) started both
    by stunnel standalone and by the superserver.
  - Overlap rules. Only TCP with TCP and UDP with UDP conflict. C(0.0.0.0) conflicts with every IPv4
    address on the port; C(::) conflicts with every IPv6 address and, unless the socket is IPv6-only,
    with every IPv4 address too. Dovecot's, Postfix's and named's C(::) and ss's C([::]) are
    IPv6-only; ss's C(*) and a bare port in a systemd socket unit are dual-stack. Host names conflict
    only with the same name or a wildcard.
  - Live sockets. A socket that is already listening is not a conflict when its process is the
    program whose configuration claims the port (dovecot, stunnel/stunnel4, xinetd, systemd for
    socket units, Postfix's master, tcpserver, named), because restarting that program frees the
    port first. Sockets whose process ss does not name only give a warning. Live sockets are not
    compared with each other.
  - The module only reads files (and runs C(ss) with O(gather_sockets)); it never changes the host.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - serverlab.course.validator
options:
  sources:
    description:
      - The configurations to read, one item per file (or directory of xinetd files / socket units).
    type: list
    elements: dict
    required: true
    suboptions:
      kind:
        description:
          - What the file is.
          - C(stunnel) is stunnel.conf (each service section's C(accept); inetd mode binds nothing).
          - C(dovecot) is C(doveconf -n) output or dovecot.conf; enabled protocols without an explicit
            listener get Dovecot's defaults (pop3 110, pop3s 995, imap 143, imaps 993, submission 587).
          - C(xinetd) is a file of /etc/xinetd.d or the directory (files with a dot or a trailing C(~)
            are skipped, as xinetd's includedir does); C(disable = yes) services claim nothing.
          - C(systemd_socket) is a .socket unit (or a directory of them), read for C(ListenStream=) and
            C(ListenDatagram=).
          - C(postfix_master) is master.cf, read for every uncommented C(inet) service.
          - C(tcpserver) is a daemontools run script (C(tcpserver ... host port prog)).
          - C(named) is named.conf (C(listen-on), C(listen-on-v6); port 53 on all IPv4 addresses
            when there is no C(listen-on)).
          - C(sockets) is the output of C(ss -ltnH), C(ss -lunH) or C(ss -H -ltunp).
        type: str
        required: true
        choices: [stunnel, dovecot, xinetd, systemd_socket, postfix_master, tcpserver, named, sockets]
      path:
        description:
          - File (or directory) to read on the managed host; also names the source in messages when
            O(sources[].content) is given.
        type: path
      content:
        description:
          - The text itself, instead of reading O(sources[].path).
        type: str
      name:
        description:
          - A label for a source given as content without a path.
        type: str
      enabled:
        description:
          - For C(systemd_socket) only. Whether the unit is enabled; a unit that is not claims nothing.
        type: bool
        default: true
      protocols:
        description:
          - For C(dovecot) only. The enabled protocols, overriding the C(protocols) line of the file.
        type: list
        elements: str
      inet_interfaces:
        description:
          - For C(postfix_master) only. Postfix's C(inet_interfaces) (default C(all)).
        type: str
      inet_protocols:
        description:
          - For C(postfix_master) only. Postfix's C(inet_protocols) (default C(all)).
        type: str
      main_cf:
        description:
          - For C(postfix_master) only. main.cf to take C(inet_interfaces) and C(inet_protocols) from.
        type: path
      proto:
        description:
          - For C(sockets) only. The protocol of ss output that has no Netid column
            (C(ss -lunH) is C(udp)).
        type: str
        choices: [tcp, udp]
        default: tcp
  gather_sockets:
    description:
      - Also run C(ss -H -ltunp) on the managed host and compare the configurations with what is
        listening now.
    type: bool
    default: false
  ignore_owners:
    description:
      - Process names whose listening sockets are ignored, for daemons the play stops before it
        starts the others.
    type: list
    elements: str
    default: []
notes:
  - The logic lives in the collection's C(listen) module_utils (C(claims_from), C(find_conflicts)),
    which the on-VM evaluator uses too.
seealso:
  - module: serverlab.course.stunnel_conf_check
author:
  - serverlab maintainers (!UNKNOWN)
"""

EXAMPLES = r"""
- name: No port is claimed twice by stunnel, Dovecot and xinetd
  serverlab.course.listen_check:
    sources:
      - kind: stunnel
        path: /etc/stunnel/stunnel.conf
      - kind: dovecot
        path: /etc/dovecot/dovecot.conf
      - kind: xinetd
        path: /etc/xinetd.d

- name: Check the rendered configs against what is listening now, before the handlers restart
  serverlab.course.listen_check:
    sources:
      - kind: stunnel
        content: "{{ lookup('template', 'stunnel.conf.j2') }}"
        name: stunnel.conf (rendered)
      - kind: postfix_master
        path: /etc/postfix/master.cf
        main_cf: /etc/postfix/main.cf
      - kind: systemd_socket
        path: /etc/systemd/system/smtps.socket
        enabled: true
    gather_sockets: true
    ignore_owners: [sendmail]

- name: Only report
  serverlab.course.listen_check:
    sources:
      - kind: sockets
        content: "{{ ss_output.stdout }}"
      - kind: dovecot
        content: "{{ doveconf.stdout }}"
    fail_on_error: false
  register: listen
"""

RETURN = r"""
claims:
  description: Every address and port the sources claim, in source order.
  returned: always
  type: list
  elements: dict
  contains:
    address:
      description: Listening address (C(0.0.0.0) and C(::) are the wildcards).
      type: str
      sample: 0.0.0.0
    port:
      description: Port number.
      type: int
      sample: 995
    proto:
      description: C(tcp) or C(udp).
      type: str
      sample: tcp
    owner:
      description: Who claims it, with file and line.
      type: str
      sample: stunnel [pop3s] /etc/stunnel/stunnel.conf:12
    path:
      description: The file the claim comes from.
      type: str
      sample: /etc/stunnel/stunnel.conf
    line:
      description: Line of the claim in O(sources[].path), when known.
      type: int
      sample: 12
    kind:
      description: The source kind.
      type: str
      sample: stunnel
    program:
      description: The program that binds the port (the process name for live sockets).
      type: str
      sample: stunnel
    service:
      description: Section, listener or service name, when there is one.
      type: str
      sample: pop3s
    live:
      description: Whether the claim is a socket that is listening now.
      type: bool
      sample: false
findings:
  description: Conflicts (errors) and warnings, each with severity, code, path, line, message and fix.
  returned: always
  type: list
  elements: dict
  sample:
    - severity: error
      code: port-conflict
      path: /etc/stunnel/stunnel.conf
      line: 12
      message: >-
        stunnel [pop3s] /etc/stunnel/stunnel.conf:12 and dovecot pop3s (service pop3-login)
        /etc/dovecot/dovecot.conf:30 both claim 0.0.0.0:995/tcp: the one that starts second
        fails with 'Address already in use (98)' and does not run.
      fix: >-
        In the course smtps (465) is stunnel's and pop3s (995) is Dovecot's: remove the [pop3s]
        section from /etc/stunnel/stunnel.conf and restart stunnel.
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

from ansible_collections.serverlab.course.plugins.module_utils import validator
from ansible_collections.serverlab.course.plugins.module_utils.listen import KINDS, check_sources


def main():
    module = AnsibleModule(
        argument_spec=validator.argument_spec(
            sources=dict(
                type="list", elements="dict", required=True,
                options=dict(
                    kind=dict(type="str", required=True, choices=list(KINDS)),
                    path=dict(type="path"),
                    content=dict(type="str"),
                    name=dict(type="str"),
                    enabled=dict(type="bool", default=True),
                    protocols=dict(type="list", elements="str"),
                    inet_interfaces=dict(type="str"),
                    inet_protocols=dict(type="str"),
                    main_cf=dict(type="path"),
                    proto=dict(type="str", choices=["tcp", "udp"], default="tcp"),
                ),
                required_one_of=[["path", "content"]],
            ),
            gather_sockets=dict(type="bool", default=False),
            ignore_owners=dict(type="list", elements="str", default=[]),
        ),
        supports_check_mode=True,
    )
    sources = []
    for item in module.params["sources"]:
        kind = item["kind"]
        source = {"kind": kind, "path": item["path"], "content": item["content"], "name": item["name"]}
        if kind == "systemd_socket":
            source["enabled"] = item["enabled"]
        elif kind == "dovecot":
            source["protocols"] = item["protocols"]
        elif kind == "postfix_master":
            source.update(inet_interfaces=item["inet_interfaces"],
                          inet_protocols=item["inet_protocols"], main_cf=item["main_cf"])
        elif kind == "sockets":
            source["proto"] = item["proto"]
        sources.append(source)

    if module.params["gather_sockets"]:
        ss = module.get_bin_path("ss", required=True)
        rc, out, err = module.run_command([ss, "-H", "-ltunp"])
        if rc != 0:
            module.fail_json(msg="ss -H -ltunp failed: %s" % (err or out).strip())
        sources.append({"kind": "sockets", "content": out, "name": "ss -H -ltunp"})

    try:
        claims, found = check_sources(sources, module.params["ignore_owners"])
    except ValueError as exc:
        module.fail_json(msg=str(exc))
    validator.exit_with_findings(module, found, module.params["fail_on_error"],
                                 claims=[c.as_dict() for c in claims])


if __name__ == "__main__":
    main()
