#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
---
module: lab_ports_check
short_description: Check the lab VM's whole port map and cross-service facts before anything changes
version_added: 0.1.0
description:
  - The lab as a whole, before any change. Each role that runs a daemon publishes what it binds as
    C(<role>_listens) in its defaults, derived from the same variables its templates use. The action
    plugin of the same name reads the roles the VM runs (from O(day) and the lab model's tracks
    C(lab_dns_server), C(lab_mta), C(lab_time_provider)), templates their claims with the host's
    variables and passes them here; playbooks never pass O(listens), O(mta), O(mta_values) or
    O(planned_addresses).
  - Errors, each naming the variables to change. C(port-claimed-twice) two claims on one
    address:port/protocol (C(0.0.0.0) covers every IPv4 address; rules of C(listen_check)).
    C(address-not-on-vm) an address or interface the VM does not have. C(lab-unreachable) a daemon the
    model says serves the lab bound only to addresses no lab host reaches (127.0.0.1).
    C(mta-domain-mismatch), C(mx-domain-not-local), C(mta-hostname-not-in-dns) the MTA's domains and
    name disagree with the DNS model. C(host-record-not-on-vm), C(mx-not-on-vm), C(ns-not-on-vm) the
    DNS model sends the VM's own name, the MX (an MTA runs on the VM) or every NS (a DNS server runs on
    the VM) to an address the VM does not have.
  - The VM's addresses come from C(ip -o addr show) on the VM (facts are gathered without the network
    subset), plus the address the network role applies (C(network_apply)).
  - Read-only; it never changes the host.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - serverlab.course.validator
options:
  day:
    description:
      - The lab day the VM is converged to; with the lab model's tracks it chooses the roles. Read by
        the action plugin. Without it (a single day's playbook), every day of the course plan.
    type: int
  roles:
    description:
      - The roles whose claims to check, instead of those O(day) chooses. Read by the action plugin.
    type: list
    elements: str
  listens:
    description:
      - C(<role>_listens) of each role, by role name (computed by the action plugin).
    type: dict
    default: {}
  lab_network:
    description:
      - The lab network (C(lab_network)); a daemon that serves the lab must listen inside it.
    type: str
  hostname:
    description:
      - The VM's short host name (C(lab_hostname)), whose records in O(zone) must point at the VM.
    type: str
  lab_domain:
    description:
      - The lab's domain (C(lab_domain)), whose MX the MTA serves.
    type: str
  zone:
    description:
      - The expanded DNS model (C(lab_dns_zone), filter C(serverlab.course.dns_records)).
    type: dict
  mta:
    description:
      - The MTA role the VM runs (computed by the action plugin).
    type: str
  mail_role:
    description:
      - The VM's part of the lab's mail system (C(lab_mail_role)); C(single) must be the MX, a C(relay) or
        C(backup-relay) one of the MX, the C(store) none (mail reaches it through the relays), and a relay
        delivers nothing locally.
    type: str
    choices: [single, relay, backup-relay, store]
    default: single
  mta_values:
    description:
      - The MTA role's host name and domain variables, templated (computed by the action plugin).
    type: dict
    default: {}
  addresses:
    description:
      - The VM's addresses; by default read from C(ip -o addr show) on the VM.
    type: list
    elements: str
  planned_addresses:
    description:
      - Addresses the run gives the VM (computed by the action plugin from the network role).
    type: list
    elements: str
    default: []
  lang:
    description:
      - The language of RV(msg), the warnings and the findings' C(message) and C(fix) (the lab's C(lab_lang));
        variable names, addresses and codes stay as they are. English is the text as it always was.
    type: str
    choices: [en, ja]
    default: en
    version_added: 0.1.0
notes:
  - The logic lives in the collection's C(portmap) module_utils (C(check_lab)).
seealso:
  - module: serverlab.course.listen_check
author:
  - serverlab maintainers (!UNKNOWN)
"""

EXAMPLES = r"""
- name: Check the lab's port map and DNS/MTA facts before anything changes
  serverlab.course.lab_ports_check:
    day: "{{ lab_day | default(omit) }}"
    lab_network: "{{ lab_network }}"
    hostname: "{{ lab_hostname }}"
    lab_domain: "{{ lab_domain }}"
    zone: "{{ lab_dns_zone }}"
    lang: "{{ lab_lang }}"
"""

RETURN = r"""
claims:
  description: Every address:port of the map, with the role, service and variables it comes from.
  returned: always
  type: list
  elements: dict
  sample:
    - {role: sshd, service: ssh, address: 0.0.0.0, port: 22, proto: tcp, var: sshd_port,
       address_var: sshd_listen_addresses, lab: true}
roles:
  description: The roles whose claims were checked.
  returned: always
  type: list
  elements: str
  sample: [named, postfix, dovecot]
vm_addresses:
  description: The addresses the VM has (and will have), the loopback included.
  returned: always
  type: list
  elements: str
  sample: [192.168.0.10, 127.0.0.1]
findings:
  description: Errors and warnings, each with severity, code, path, line, message and fix.
  returned: always
  type: list
  elements: dict
errors:
  description: Number of error findings.
  returned: always
  type: int
warning_count:
  description: Number of warning findings.
  returned: always
  type: int
msg:
  description: Summary, one line per error.
  returned: always
  type: str
"""

import functools

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.serverlab.course.plugins.module_utils import validator
from ansible_collections.serverlab.course.plugins.module_utils.i18n import LANGS, tr
from ansible_collections.serverlab.course.plugins.module_utils.portmap import VmAddresses, check_lab, parse_ip_addr


def main():
    module = AnsibleModule(
        argument_spec=validator.argument_spec(
            day=dict(type="int"),
            roles=dict(type="list", elements="str"),
            listens=dict(type="dict", default={}),
            lab_network=dict(type="str"),
            hostname=dict(type="str"),
            lab_domain=dict(type="str"),
            zone=dict(type="dict"),
            mta=dict(type="str"),
            mta_values=dict(type="dict", default={}),
            mail_role=dict(type="str", default="single", choices=["single", "relay", "backup-relay", "store"]),
            addresses=dict(type="list", elements="str"),
            planned_addresses=dict(type="list", elements="str", default=[]),
            lang=dict(type="str", default="en", choices=list(LANGS)),
        ),
        supports_check_mode=True,
    )
    params = module.params
    if params["addresses"] is not None:
        pairs = [("", a) for a in params["addresses"]]
    else:
        ip = module.get_bin_path("ip", required=True)
        rc, out, err = module.run_command([ip, "-o", "addr", "show"])
        if rc != 0:
            module.fail_json(msg=tr(params["lang"], "ip -o addr show failed: %(error)s", error=(err or out).strip()))
        pairs = parse_ip_addr(out)
    vm = VmAddresses(pairs, params["planned_addresses"])
    claims, found = check_lab(params["listens"], vm, params["lab_network"], params["zone"],
                              params["hostname"], params["mta"], params["mta_values"], params["lab_domain"],
                              mail_role=params["mail_role"])
    validator.exit_with_findings(module, found, params["fail_on_error"], say=functools.partial(tr, params["lang"]),
                                 claims=[c.as_dict() for c in claims], vm_addresses=vm.addresses(),
                                 roles=sorted(params["listens"]))


if __name__ == "__main__":
    main()
