#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ifcfg_check
short_description: Check Red Hat style network interface files (ifcfg-*) the way initscripts read them
description:
  - Reads every C(ifcfg-*) file in O(directory) that initscripts read at network start (every name
    except those ending in C(.old), C(.orig), C(.rpmnew), C(.rpmorig) or C(.rpmsave)) and the
    O(network_file), and reports what a trainee got wrong, with the file, the line, the cause and the fix.
  - "Per file: syntax (the files are sourced as shell, so a line that is not C(KEY=value) is a command),
    GATEWAY (empty, C(no) or C(NO) mean no gateway; anything else must be an IPv4 address inside the
    interface's network; C(GATEWAY=1) is accepted silently by old initscripts), IPADDR, PREFIX, NETMASK,
    BOOTPROTO, ONBOOT, NM_CONTROLLED, PEERDNS, DNS1-DNS3 and DEVICE against the file name."
  - "Across files: backups such as C(ifcfg-eth0.bak) left in network-scripts, two files for one device,
    and the GATEWAY that wins (the last one read: the network file first, then the ifcfg files in the
    order the network service brings them up)."
  - O(files) overlays candidate contents, so a rendered template can be validated before it replaces the
    live file.
  - "O(style=keyfile) reads NetworkManager's profiles as EL 8 and 9 do: the keyfiles in O(directory)
    (default C(/etc/NetworkManager/system-connections); every name except hidden ones, names ending in
    C(~) and temporaries, so C(eth0.nmconnection.bak) is a second profile; a file that group or others
    may read is ignored) and the C(ifcfg-*) files of O(ifcfg_directory) that NetworkManager's ifcfg-rh
    plugin reads (it skips C(.bak), C(~), C(.orig), C(.rej), C(.rpmnew), but reads C(.old)). An invalid
    gateway (even C(GATEWAY=no)) makes NetworkManager reject the profile; C(NM_CONTROLLED=no) leaves the
    device unmanaged; two autoconnecting profiles for one device are an error."
  - The module only reads; it never changes the host.
version_added: 0.1.0
author:
  - serverlab maintainers (!UNKNOWN)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - serverlab.course.validator
options:
  style:
    description:
      - V(ifcfg) checks Red Hat style C(ifcfg-*) files in O(directory).
      - V(ifupdown) checks Debian's O(interfaces_file) and every file it sources (C(interfaces.d)), with the
        same address and gateway rules, plus backups that C(source /etc/network/interfaces.d/*) would read.
      - V(keyfile) checks NetworkManager's profiles (EL 8 and 9, or any NetworkManager host).
      - V(ifcfg) is how EL 7's network-scripts read the files; on EL 8/9 use V(keyfile).
    type: str
    choices: [ifcfg, ifupdown, keyfile]
    default: ifcfg
  directory:
    description:
      - The network-scripts directory to read (O(style=ifcfg)); default C(/etc/sysconfig/network-scripts).
      - The keyfile directory (O(style=keyfile)); default C(/etc/NetworkManager/system-connections).
      - A missing directory is not an error; nothing is read from it.
    type: path
  ifcfg_directory:
    description:
      - O(style=keyfile) only. The ifcfg-* files here that NetworkManager's ifcfg-rh plugin reads are
        profiles too (EL 8 and 9). Empty to read none.
    type: path
    default: /etc/sysconfig/network-scripts
  interfaces_file:
    description:
      - The ifupdown main file (O(style=ifupdown)), read with everything it sources.
    type: path
    default: /etc/network/interfaces
  files:
    description:
      - Files to check in addition to, or instead of, the ones in O(directory).
      - An entry with the same path as a file in O(directory) replaces that file.
    type: list
    elements: dict
    default: []
    suboptions:
      path:
        description:
          - The path the file has, or will have once it goes live; its base name decides whether
            initscripts read it.
        type: path
        required: true
      content:
        description:
          - The candidate content. When omitted, the file is read from O(files[].path).
        type: str
  allow_gateway:
    description:
      - Whether a default gateway may be set at all.
      - Set to V(false) for the lab network, which has no default gateway; every GATEWAY other than
        empty, C(no) or C(NO) is then an error.
    type: bool
    default: true
  network_file:
    description:
      - The global network settings file, read first at network start. Read only if it exists.
    type: path
    default: /etc/sysconfig/network
notes:
  - The network service of current initscripts also skips names ending in C(~) or C(.bak) and skips
    C(.old) only since 2017 (CentOS 7.5); CentOS 5 and 6 read C(.old) files. The course counts C(.bak) as
    read; C(.old) files get a warning. C(.orig) is skipped by every version and by NetworkManager.
"""

EXAMPLES = r"""
- name: Check the lab VM's interface files (the lab network has no default gateway)
  serverlab.course.ifcfg_check:
    allow_gateway: false

- name: Validate a rendered template before it goes live
  serverlab.course.ifcfg_check:
    allow_gateway: false
    files:
      - path: /etc/sysconfig/network-scripts/ifcfg-eth0
        content: "{{ lookup('ansible.builtin.template', 'ifcfg.j2') }}"

- name: Validate a Debian interfaces.d file before it goes live
  serverlab.course.ifcfg_check:
    style: ifupdown
    allow_gateway: false
    files:
      - path: /etc/network/interfaces.d/eth0
        content: "{{ lookup('ansible.builtin.template', 'ifupdown.j2') }}"

- name: EL 8/9 - validate a NetworkManager keyfile before it goes live, with the profiles already loaded
  serverlab.course.ifcfg_check:
    style: keyfile
    allow_gateway: false
    files:
      - path: /etc/NetworkManager/system-connections/eth0.nmconnection
        content: "{{ lookup('ansible.builtin.template', 'nmconnection.j2') }}"

- name: Report without failing, then show which GATEWAY wins
  serverlab.course.ifcfg_check:
    fail_on_error: false
  register: net

- name: Show the effective gateway
  ansible.builtin.debug:
    msg: "GATEWAY={{ net.effective_gateway.value }} from {{ net.effective_gateway.source }}"
"""

RETURN = r"""
msg:
  description: One line per error (or "no errors" with the number of warnings).
  returned: always
  type: str
  sample: "1 error found:\n- /etc/sysconfig/network-scripts/ifcfg-eth0:5: GATEWAY=1 is a single number ..."
findings:
  description: Every finding, errors and warnings.
  returned: always
  type: list
  elements: dict
  contains:
    severity:
      description: C(error) or C(warning).
      type: str
    code:
      description: A stable identifier of the kind of problem.
      type: str
      sample: ifcfg-gateway-invalid
    path:
      description: The file concerned.
      type: str
    line:
      description: The 1-based line concerned, or null when the whole file is concerned.
      type: int
    message:
      description: What is wrong, in the trainee's terms.
      type: str
    fix:
      description: What to do about it.
      type: str
errors:
  description: Number of findings that are errors.
  returned: always
  type: int
  sample: 1
warning_count:
  description:
    - Number of findings that are warnings. The warnings themselves are also reported as Ansible
      warnings (the standard C(warnings) list).
  returned: always
  type: int
  sample: 0
interfaces:
  description:
    - The files initscripts read, by device (DEVICE, else the name after ifcfg-). When two files name
      the same device, the one read last is shown.
  returned: always
  type: dict
  sample:
    eth0:
      path: /etc/sysconfig/network-scripts/ifcfg-eth0
      values: {DEVICE: eth0, BOOTPROTO: none, IPADDR: 192.168.0.10, PREFIX: "24", GATEWAY: ""}
effective_gateway:
  description:
    - The GATEWAY assignment that wins and the file it comes from (nulls when none is set). An empty
      value, C(no) or C(NO) means no gateway.
  returned: always
  type: dict
  contains:
    value:
      description: The GATEWAY value as written.
      type: str
    source:
      description: The file that set it.
      type: str
  sample: {value: "", source: /etc/sysconfig/network-scripts/ifcfg-eth0}
"""

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.serverlab.course.plugins.module_utils import validator
from ansible_collections.serverlab.course.plugins.module_utils.ifcfg import (
    NETWORK_SCRIPTS,
    check_directory,
    check_network_file,
    effective_gateway,
    parse_network_file,
)
from ansible_collections.serverlab.course.plugins.module_utils.nmkeyfile import CONNECTIONS_DIR, check_profiles
from ansible_collections.serverlab.course.plugins.module_utils.ifupdown import (
    INTERFACES,
    check_interfaces,
    parse_interfaces,
    read_interfaces_with_directives,
)


def main():
    module = AnsibleModule(
        argument_spec=validator.argument_spec(
            style=dict(type="str", default="ifcfg", choices=["ifcfg", "ifupdown", "keyfile"]),
            directory=dict(type="path"),
            ifcfg_directory=dict(type="path", default=NETWORK_SCRIPTS),
            interfaces_file=dict(type="path", default=INTERFACES),
            files=dict(type="list", elements="dict", default=[], options=dict(
                path=dict(type="path", required=True),
                content=dict(type="str", no_log=False),
            )),
            allow_gateway=dict(type="bool", default=True),
            network_file=dict(type="path", default="/etc/sysconfig/network"),
        ),
        supports_check_mode=True,
    )
    params = module.params
    allow_gateway = params["allow_gateway"]
    if params["style"] == "ifupdown":
        check_ifupdown(module)
        return
    if params["style"] == "keyfile":
        check_keyfiles(module)
        return

    ifcfg_files, findings = check_directory(params["directory"] or NETWORK_SCRIPTS, params["files"], allow_gateway)

    network = None
    network_path = params["network_file"]
    if network_path and os.path.isfile(network_path):
        text, problem = validator.read_source(network_path, None, "network file")
        if problem:
            findings = [problem] + findings
        else:
            network = parse_network_file(text, network_path)
            findings = check_network_file(network, ifcfg_files, allow_gateway) + findings

    value, source = effective_gateway(network, ifcfg_files, network_path)
    interfaces = {}
    for f in ifcfg_files:
        interfaces[f.device] = {"path": f.path, "values": dict(f.values)}

    validator.exit_with_findings(module, findings, fail_on_error=params["fail_on_error"],
                                 interfaces=interfaces, effective_gateway={"value": value, "source": source})


def check_ifupdown(module):
    """Debian: the interfaces file and everything it sources, with the candidates overlaid."""
    params = module.params
    overlay = {}
    for item in params["files"]:
        if item.get("content") is not None:
            overlay[item["path"]] = item["content"]
    pairs = read_interfaces_with_directives(params["interfaces_file"], overlay)
    read = set(f.path for f, _unused in pairs)
    unread = []
    # A candidate that nothing sources yet (a fresh host) is still checked on its own.
    for item in params["files"]:
        if item["path"] not in read:
            text = overlay.get(item["path"])
            if text is None and os.path.isfile(item["path"]):
                text, problem = validator.read_source(item["path"], None, "interfaces file")
                if problem:
                    unread.append(problem)
            if text is not None:
                pairs.append((parse_interfaces(text, item["path"]), "source"))
    files = [f for f, _unused in pairs]
    findings = unread + check_interfaces(files, params["allow_gateway"], [d for _unused, d in pairs])
    interfaces = {}
    for f in files:
        for stanza in f.stanzas:
            if stanza.kind == "iface" and stanza.family == "inet":
                interfaces.setdefault(stanza.name, {"path": f.path, "values": dict(stanza.options)})
    validator.exit_with_findings(module, findings, fail_on_error=params["fail_on_error"],
                                 interfaces=interfaces, effective_gateway={"value": None, "source": None})


def check_keyfiles(module):
    """EL 8/9: NetworkManager's keyfiles and the ifcfg files its ifcfg-rh plugin reads."""
    params = module.params
    profiles, findings = check_profiles(params["directory"] or CONNECTIONS_DIR, params["files"],
                                        params["allow_gateway"], params["ifcfg_directory"] or None)
    interfaces = {}
    for p in profiles:
        if p.device:
            values = p.parsed.groups.get("ipv4", {}) if p.kind == "keyfile" else p.parsed.values
            interfaces[p.device] = {"path": p.path, "values": dict(values)}
    validator.exit_with_findings(module, findings, fail_on_error=params["fail_on_error"],
                                 interfaces=interfaces, effective_gateway={"value": None, "source": None})


if __name__ == "__main__":
    main()
