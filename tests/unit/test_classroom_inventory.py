# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The serverlab.course.classroom inventory plugin, loaded by Ansible's own InventoryManager."""

from __future__ import annotations

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(ROOT, "collections")

CONFIG = "plugin: serverlab.course.classroom\nroster: %s\n"
ROSTER = """\
- name: Aiko Tanaka
  login: aiko
- name: Ken Sato
  login: ken
  address: 192.168.0.101
- name: Ryo Ito
  login: ryo
  connection: ssh
  vars:
    lab_user: student7
"""

# Runs in a child Python: Ansible's collection loader (init_plugin_loader) is process-wide and must not
# leak into the other unit tests, which import this tree as a plain package.
LOAD = r"""
import json, sys
from ansible.errors import AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.inventory.manager import InventoryManager
from ansible.module_utils.common.text.converters import to_text
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader
from ansible.vars.manager import VariableManager

collections, source, mode = sys.argv[1:4]
try:
    from ansible.plugins.loader import init_plugin_loader
    init_plugin_loader([collections])
except ImportError:  # ansible-core 2.14 (make compat) set its loader up on import, from ANSIBLE_COLLECTIONS_PATH
    pass
plugin = inventory_loader.get("serverlab.course.classroom")
if mode == "verify":
    print(json.dumps({name: plugin.verify_file(name) for name in sys.argv[4:]}))
elif mode == "error":
    try:
        plugin.parse(InventoryData(), DataLoader(), source)
    except AnsibleParserError as exc:
        print(json.dumps({"error": to_text(exc)}))
    else:
        print(json.dumps({"error": None}))
else:
    loader = DataLoader()
    manager = InventoryManager(loader=loader, sources=[source], parse=False)
    manager.parse_source(source)
    manager._inventory.reconcile_inventory()
    variables = VariableManager(loader=loader, inventory=manager)
    keys = ("student_name", "student_login", "lab_address", "lab_network", "lab_hostname", "lab_domain",
            "ansible_connection", "ansible_host", "ansible_user", "lab_user")
    hv = {}
    for host in manager.get_hosts():
        got = variables.get_vars(host=host)
        hv[host.name] = {k: to_text(got[k]) for k in keys if k in got}
    groups = {g: sorted(h.name for h in manager.get_hosts(g)) for g in manager.groups if g != "all"}
    print(json.dumps({"groups": groups, "hostvars": hv}))
"""


def run_loader(source, mode="list", *extra):
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"))
    out = subprocess.run([sys.executable, "-c", LOAD, COLLECTIONS, str(source), mode] + [str(e) for e in extra],
                         cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False,
                         universal_newlines=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def write(tmp_path, roster=ROSTER, roster_name="roster.yml", config=None, config_name="classroom.yml"):
    (tmp_path / roster_name).write_text(roster, encoding="utf-8")
    source = tmp_path / config_name
    source.write_text(config if config is not None else CONFIG % roster_name, encoding="utf-8")
    return source


def inventory(tmp_path, *args, **kwargs):
    """(groups, hostvars) as Ansible's InventoryManager and VariableManager see them."""
    data = run_loader(write(tmp_path, *args, **kwargs))
    return data["groups"], data["hostvars"]


def parse_error(source):
    """The error the plugin raises for a source (ansible-inventory shows it as a warning)."""
    return run_loader(source, "error")["error"]


def test_hosts_groups_and_variables(tmp_path):
    groups, hv = inventory(tmp_path)
    assert groups["lab"] == ["aiko", "ken", "ryo"]
    assert groups["classroom"] == ["aiko", "ken", "ryo"]
    assert groups["classroom_docker"] == ["aiko", "ken"]
    assert groups["classroom_ssh"] == ["ryo"]
    assert hv["aiko"] == {
        "student_name": "Aiko Tanaka", "student_login": "aiko",
        "lab_address": "192.168.0.102",  # .101 is Ken's
        "lab_hostname": "h2g", "lab_domain": "example.com", "lab_network": "192.168.0.0/24",
        "ansible_connection": "docker", "ansible_host": "serverlab-aiko",
        "ansible_user": "root"}
    ryo = hv["ryo"]
    assert (ryo["ansible_connection"], ryo["ansible_host"], ryo["lab_address"], ryo["lab_user"]) == (
        "ssh", "192.168.0.103", "192.168.0.103", "student7")


def test_csv_roster_and_options(tmp_path):
    config = ("plugin: serverlab.course.classroom\nroster: students.csv\nconnection: ssh\n"
              "base: 192.168.0.121\nlab_domain: school.test\n"
              "keyed_groups:\n  - key: student_login[0]\n    prefix: row\n")
    roster = "name,login,host\nAiko Tanaka,aiko,vm1.school.test\nKen Sato,ken,\nKaito Mori,kaito,\n"
    groups, hv = inventory(tmp_path, roster, "students.csv", config, "week1.classroom.yml")
    assert (hv["ken"]["ansible_host"], hv["ken"]["lab_address"], hv["ken"]["lab_domain"]) == (
        "192.168.0.122", "192.168.0.122", "school.test")
    assert (hv["aiko"]["ansible_host"], hv["aiko"]["lab_address"]) == ("vm1.school.test", "192.168.0.121")
    assert groups["row_k"] == ["kaito", "ken"]
    assert groups["classroom_ssh"] == ["aiko", "kaito", "ken"]


def test_bad_roster_names_the_line(tmp_path):
    roster = ("- {name: A, address: 192.168.0.120}\n- {name: B, address: 192.168.0.120}\n"
              "- {name: C, address: 10.0.0.1}\n")
    message = parse_error(write(tmp_path, roster))
    assert "roster.yml line 2: duplicate address 192.168.0.120 (already a's on line 1)" in message
    assert "roster.yml line 3: address 10.0.0.1 of c is outside the lab network 192.168.0.0/24" in message


def test_good_roster_raises_nothing(tmp_path):
    assert parse_error(write(tmp_path)) is None


def test_only_classroom_file_names_are_ours(tmp_path):
    names = ["classroom.yml", "week1.classroom.yaml", "hosts.yml", "myclassroom.yml", "roster.yml"]
    for name in names:
        (tmp_path / name).write_text(CONFIG % "roster.yml", encoding="utf-8")
    paths = [str(tmp_path / n) for n in names] + [str(tmp_path / "missing.classroom.yml")]
    verdicts = run_loader(tmp_path / "classroom.yml", "verify", *paths)
    assert [verdicts[p] for p in paths] == [True, True, False, False, False, False]


def test_missing_roster_is_named(tmp_path):
    (tmp_path / "classroom.yml").write_text(CONFIG % "nobody.yml", encoding="utf-8")
    assert "cannot read the roster %s" % (tmp_path / "nobody.yml") in parse_error(tmp_path / "classroom.yml")


def test_ansible_inventory_lists_the_example_classroom():
    """The example in inventories/classroom works with the real command line."""
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"))
    cli = os.path.join(os.path.dirname(sys.executable), "ansible-inventory")
    out = subprocess.run([cli, "-i", "inventories/classroom/classroom.yml", "--list"], cwd=ROOT, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False, universal_newlines=True)
    assert out.returncode == 0, out.stderr
    assert "WARNING" not in out.stderr, out.stderr
    data = json.loads(out.stdout)
    assert data["lab"]["hosts"] == ["aiko", "ken", "mai"]
    hv = data["_meta"]["hostvars"]

    def plain(value):  # ansible-inventory shows inventory plugin strings as {"__ansible_unsafe": ...}
        return value["__ansible_unsafe"] if isinstance(value, dict) else value
    assert [plain(hv[h]["lab_address"]) for h in ("aiko", "ken", "mai")] == [
        "192.168.0.101", "192.168.0.102", "192.168.0.103"]
    assert plain(hv["mai"]["ansible_host"]) == "serverlab-mai"
    # group_vars/classroom_docker.yml applies to the local containers.
    assert hv["aiko"]["network_apply"] is False
