# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
name: classroom
short_description: The students' lab VMs of a classroom, from a roster file
version_added: 0.1.0
description:
  - Reads a roster of students (YAML or CSV) and makes one inventory host per student, named by the
    student's login (short id), in the groups C(lab) (what the lab playbooks run on) and C(classroom),
    and in C(classroom_docker) or C(classroom_ssh) by connection.
  - Every student VM is the course's VM in a lab of its own (host C(h2g), domain C(example.com) by
    default); what differs is its address on the lab network, C(lab_address), given in the roster or
    allocated from O(base) upward (skipping every address the roster gives), and how Ansible reaches it.
  - C(docker) VMs are local lab containers named O(container_prefix) + login
    (C(tools/labhost up serverlab-<login> h2g.example.com <lab_address>)), reached with
    C(docker), the short name of C(community.docker.docker) that Mitogen accelerates. C(ssh) VMs are
    reached at the roster's C(host), else at their lab address.
  - "Host variables: C(student_name), C(student_login), C(lab_address), C(lab_network), C(lab_hostname),
    C(lab_domain), C(ansible_connection), C(ansible_host), C(ansible_user) and a YAML roster's C(vars)."
  - The roster is checked as a whole before any host is added; every problem names its file and line
    (empty or duplicate names and logins, bad or duplicate addresses, addresses outside O(network)).
  - "Roster fields (YAML keys or CSV header columns): C(name) (required), C(login), C(address), C(host),
    C(connection), C(ssh_key) (the student's public key line, installed for the trainee by day 12 as
    C(sshd_authorized_keys)); YAML entries may add C(vars), a mapping of extra host variables. A YAML roster is a
    list of students or a mapping with a C(students) list; a student may also be just a name."
author:
  - serverlab maintainers (!UNKNOWN)
options:
  plugin:
    description: The token that makes the file an inventory source of this plugin.
    required: true
    type: str
    choices: [serverlab.course.classroom]
  roster:
    description:
      - The roster file, relative to the directory of the inventory file (or absolute). It may be
        vault-encrypted.
    required: true
    type: str
  roster_format:
    description:
      - C(auto) reads C(.csv) files as CSV and anything else as YAML.
    type: str
    default: auto
    choices: [auto, csv, yaml]
  network:
    description: The lab network (C(lab_network)); every student address must lie in it.
    type: str
    default: 192.168.0.0/24
  base:
    description: The first address handed out to students whose roster entry gives none.
    type: str
    default: 192.168.0.101
  lab_hostname:
    description: The VM's host name (C(lab_hostname)), the same for every student.
    type: str
    default: h2g
  lab_domain:
    description: The lab's domain (C(lab_domain)), the same for every student.
    type: str
    default: example.com
  connection:
    description:
      - How to reach a VM whose roster entry names no C(connection).
      - C(docker) for local lab containers, C(ssh) for real VMs.
    type: str
    default: docker
    choices: [docker, ssh]
  container_prefix:
    description: Container names of C(docker) VMs are this prefix followed by the login.
    type: str
    default: serverlab-
  remote_user:
    description:
      - C(ansible_user) of every VM (the course administers the VM as root); a roster's C(vars) may override it.
    type: str
    default: root
extends_documentation_fragment:
  - constructed
notes:
  - Inventory files of this plugin must be named C(classroom.yml) or end in C(.classroom.yml) (or C(.yaml)).
  - Adding a student at the end of a roster keeps everybody's address; inserting one in the middle moves
    the allocated addresses after it. Give C(address) explicitly where VMs already exist.
seealso:
  - name: Course notes
    description: The lab network 192.168.0.0/24, host h2g.example.com and trainee user1.
    link: https://example.invalid/serverlab/course
"""

EXAMPLES = r"""
# inventories/classroom/classroom.yml: local lab containers for the students of roster.yml
#   ansible-inventory -i inventories/classroom/classroom.yml --graph
#   ansible-playbook -i inventories/classroom/classroom.yml playbooks/lab.yml -e lab_day=6
plugin: serverlab.course.classroom
roster: roster.yml

# A classroom of real VMs from a CSV roster (name,login,address,host), reached over SSH
# plugin: serverlab.course.classroom
# roster: students.csv
# connection: ssh
# base: 192.168.0.121

# Extra groups from the host variables (the constructed options)
# plugin: serverlab.course.classroom
# roster: roster.yml
# groups:
#   morning: student_login in ['aiko', 'ken']
# keyed_groups:
#   - key: ansible_connection
#     prefix: via
"""

import os

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Constructable

from ansible_collections.serverlab.course.plugins.module_utils import roster as roster_lib
from ansible_collections.serverlab.course.plugins.plugin_utils.compat import read_text_file

GROUPS = ("lab", "classroom")


class InventoryModule(BaseInventoryPlugin, Constructable):

    NAME = "serverlab.course.classroom"

    def verify_file(self, path):
        if not super(InventoryModule, self).verify_file(path):
            return False
        name = os.path.basename(path)
        return any(name == "classroom" + ext or name.endswith(".classroom" + ext)
                   for ext in (".yml", ".yaml"))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        roster_path = os.path.join(os.path.dirname(os.path.abspath(path)),
                                   os.path.expanduser(self.get_option("roster")))
        try:
            text = read_text_file(loader, roster_path)
        except Exception as exc:
            raise AnsibleParserError("cannot read the roster %s named in %s: %s" % (roster_path, path, exc))
        settings = {
            "network": self.get_option("network"),
            "base": self.get_option("base"),
            "hostname": self.get_option("lab_hostname"),
            "domain": self.get_option("lab_domain"),
            "connection": self.get_option("connection"),
            "container_prefix": self.get_option("container_prefix"),
            "user": self.get_option("remote_user"),
        }
        fmt = self.get_option("roster_format")
        try:
            students = roster_lib.load(text, roster_path, settings, None if fmt == "auto" else fmt)
        except ValueError as exc:
            raise AnsibleParserError("%s: %s" % (path, exc))
        self.populate(students, roster_lib.settings_with_defaults(settings))

    def populate(self, students, settings):
        for group in GROUPS:
            self.inventory.add_group(group)
        for connection in roster_lib.CONNECTIONS:
            self.inventory.add_group("classroom_%s" % connection)
        strict = self.get_option("strict")
        for student in students:
            host = student.login
            for group in GROUPS + ("classroom_%s" % student.connection,):
                self.inventory.add_host(host, group=group)
            variables = student.hostvars(settings)
            for key, value in variables.items():
                self.inventory.set_variable(host, key, value)
            self._set_composite_vars(self.get_option("compose"), variables, host, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), variables, host, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), variables, host, strict=strict)
