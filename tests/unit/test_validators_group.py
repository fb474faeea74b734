# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every validator module is in the action group serverlab.course.validators, so module_defaults can
set their shared options (fail_on_error) together; and the group works through Ansible."""

from __future__ import annotations

import os
import subprocess
import sys

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODULES = os.path.join(REPO, "plugins", "modules")


def validators():
    """The modules that extend the doc fragment serverlab.course.validator."""
    found = []
    for name in sorted(os.listdir(MODULES)):
        if name.endswith(".py"):
            with open(os.path.join(MODULES, name), encoding="utf-8") as handle:
                if "- serverlab.course.validator\n" in handle.read():
                    found.append(name[:-3])
    return found


def test_every_validator_is_in_the_group():
    with open(os.path.join(REPO, "meta", "runtime.yml"), encoding="utf-8") as handle:
        groups = yaml.safe_load(handle)["action_groups"]
    assert len(validators()) >= 7
    assert groups["validators"] == validators()


def test_module_defaults_reach_a_validator_through_the_group(tmp_path):
    """fail_on_error: false from the group's defaults turns a refused zone into returned findings."""
    play = tmp_path / "play.yml"
    play.write_text("""
- hosts: localhost
  gather_facts: false
  module_defaults:
    group/serverlab.course.validators:
      fail_on_error: false
  tasks:
    - name: A zone without $TTL
      serverlab.course.zone_check:
        origin: example.com.
        content: "@ IN SOA ns.example.com. root.example.com. 1 3600 900 604800 86400\\n@ IN NS ns\\nns IN A 192.168.0.10\\n"
      register: zone
    - name: Show it
      ansible.builtin.debug:
        msg: "{{ zone.failed }} {{ zone.findings | selectattr('severity', 'eq', 'error') | list | length }}"
""")
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(REPO, "collections"),
               ANSIBLE_CONFIG=os.path.join(REPO, "ansible.cfg"), ANSIBLE_CALLBACK_RESULT_FORMAT="json",
               ANSIBLE_STRATEGY="linear")
    cli = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    out = subprocess.run([cli, "-i", "localhost,", "-c", "local", "-e", "ansible_python_interpreter=" + sys.executable,
                          str(play)], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         check=False, universal_newlines=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert '"msg": "False 1"' in out.stdout, out.stdout
