# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The classroom roster: reading YAML and CSV, deriving each VM, naming the bad line."""

from __future__ import annotations

import os

import pytest

from ansible_collections.serverlab.course.plugins.module_utils import roster


def load_yaml(text, **settings):
    return roster.load(text, "roster.yml", settings or None)


def load_csv(text, **settings):
    return roster.load(text, "roster.csv", settings or None)


def problems(text, source="roster.yml", **settings):
    with pytest.raises(roster.RosterError) as info:
        roster.load(text, source, settings or None)
    return info.value.problems


YAML = """\
---
# a comment
- name: Aiko Tanaka
  login: aiko
- name: Ken Sato
  address: 192.168.0.101
- Mai Suzuki
- name: Ryo Ito
  login: ryo
  connection: ssh
  host: ryo-vm.example.org
  vars:
    lab_user: student7
"""


def test_yaml_roster_derives_every_vm():
    students = load_yaml(YAML)
    assert [s.login for s in students] == ["aiko", "ken-sato", "mai-suzuki", "ryo"]
    # Ken gave .101, so the allocation goes around it.
    assert [s.address for s in students] == ["192.168.0.102", "192.168.0.101", "192.168.0.103", "192.168.0.104"]
    assert [s.line for s in students] == [3, 5, 7, 8]
    aiko = students[0].hostvars(roster.settings_with_defaults())
    assert aiko == {
        "student_name": "Aiko Tanaka", "student_login": "aiko",
        "lab_address": "192.168.0.102", "lab_network": "192.168.0.0/24",
        "lab_hostname": "h2g", "lab_domain": "example.com",
        "ansible_connection": "docker", "ansible_host": "serverlab-aiko",
        "ansible_user": "root",
    }
    ryo = students[3].hostvars(roster.settings_with_defaults())
    assert (ryo["ansible_connection"], ryo["ansible_host"], ryo["lab_user"]) == (
        "ssh", "ryo-vm.example.org", "student7")


def test_ssh_vm_is_reached_at_its_lab_address_by_default():
    students = load_yaml("- {name: a, address: 192.168.0.150}\n- {name: b}\n", connection="ssh", base="192.168.0.150")
    assert [(s.host, s.connection) for s in students] == [("192.168.0.150", "ssh"), ("192.168.0.151", "ssh")]


def test_settings_change_network_base_prefix_and_names():
    students = load_yaml("- a\n- b\n", network="10.1.2.0/24", base="10.1.2.200", container_prefix="lab-",
                         hostname="server", domain="school.test")
    assert [(s.login, s.address, s.host) for s in students] == [
        ("a", "10.1.2.200", "lab-a"), ("b", "10.1.2.201", "lab-b")]
    hv = students[0].hostvars(roster.settings_with_defaults({"hostname": "server", "domain": "school.test",
                                                            "network": "10.1.2.0/24"}))
    assert (hv["lab_hostname"], hv["lab_domain"], hv["lab_network"]) == ("server", "school.test", "10.1.2.0/24")


def test_mapping_roster_with_students_key():
    students = load_yaml("students:\n  - name: A\n  - name: B\n")
    assert [s.login for s in students] == ["a", "b"]


def test_csv_roster():
    text = ("name,login,address,host,connection\n"
            "Aiko Tanaka,aiko,,,\n"
            "# a comment line\n"
            "\"Sato, Ken\",,192.168.0.110,,\n"
            "Mai Suzuki,mai,,192.168.1.23,ssh\n")
    students = load_csv(text)
    assert [(s.login, s.name, s.address, s.host, s.connection, s.line) for s in students] == [
        ("aiko", "Aiko Tanaka", "192.168.0.101", "serverlab-aiko", "docker", 2),
        ("sato-ken", "Sato, Ken", "192.168.0.110", "serverlab-sato-ken", "docker", 4),
        ("mai", "Mai Suzuki", "192.168.0.102", "192.168.1.23", "ssh", 5),
    ]


def test_csv_only_name_column():
    assert [s.address for s in load_csv("name\nA\nB\n")] == ["192.168.0.101", "192.168.0.102"]


@pytest.mark.parametrize("text, expected", [
    ("- name: A\n- name: a\n", "roster.yml line 2: duplicate name 'a' (already on line 1)"),
    ("- {name: A, login: x}\n- {name: B, login: x}\n", "roster.yml line 2: duplicate login 'x' (already on line 1)"),
    ("- {name: A, address: 192.168.0.120}\n- {name: B, address: 192.168.0.120}\n",
     "roster.yml line 2: duplicate address 192.168.0.120 (already a's on line 1)"),
    ("- {name: A, address: 192.168.0.300}\n", "roster.yml line 1: bad address '192.168.0.300' for a"),
    ("- {name: A, address: 10.0.0.5}\n",
     "roster.yml line 1: address 10.0.0.5 of a is outside the lab network 192.168.0.0/24"),
    ("- {name: A, address: 192.168.0.255}\n", "roster.yml line 1: address 192.168.0.255 of a is the broadcast address"),
    ("- {name: A}\n- {name: ''}\n", "roster.yml line 2: empty name"),
    ("- {login: a}\n", "roster.yml line 1: empty name"),
    ("- {name: 田中}\n", "roster.yml line 1: cannot make a login from the name '田中': give a login"),
    ("- {name: A, login: Bad Login}\n", "roster.yml line 1: login 'Bad Login' must be lower-case"),
    ("- {name: A, connection: telnet}\n", "roster.yml line 1: connection 'telnet' for a must be one of docker, ssh"),
    ("- {name: A, adress: 192.168.0.5}\n", "roster.yml line 1: unknown key adress"),
    ("- {name: A, vars: {lab_address: 192.168.0.5}}\n", "roster.yml line 1: vars cannot set lab_address"),
    ("- [a, b]\n", "roster.yml line 1: a student is a mapping"),
    ("- {name: A, host: vm}\n- {name: B, host: vm}\n", "roster.yml line 2: b is reached at vm like a (line 1)"),
])
def test_bad_yaml_entries_name_their_line(text, expected):
    found = problems(text)
    assert any(p.startswith(expected) for p in found), found


def test_every_problem_is_reported_at_once():
    text = "- name: A\n- name: B\n  address: 1.2.3.4\n- name: A\n- name: ''\n"
    found = problems(text)
    assert [p.split(":")[0] for p in found] == ["roster.yml line 2", "roster.yml line 4", "roster.yml line 5"]
    with pytest.raises(roster.RosterError) as info:
        roster.load(text, "roster.yml")
    assert str(info.value).startswith("roster.yml: 3 problems in the roster\n- roster.yml line 2: address 1.2.3.4")


@pytest.mark.parametrize("text, expected", [
    ("name,address\nA,192.168.0.120\nB,192.168.0.120\n", "roster.csv line 3: duplicate address 192.168.0.120"),
    ("name,address\nA,192.168.0.x\n", "roster.csv line 2: bad address '192.168.0.x'"),
    ("name,address\nA,192.168.1.4\n", "roster.csv line 2: address 192.168.1.4 of a is outside the lab network"),
    ("name,address\nA,\n,\n\nB,192.168.0.101\n,192.168.0.140\n", "roster.csv line 6: empty name"),
    ("name,login\nA,a\nB,a\n", "roster.csv line 3: duplicate login 'a' (already on line 2)"),
    ("name,adress\nA,x\n", "roster.csv line 1: unknown column adress"),
    ("login\na\n", "roster.csv line 1: the header has no 'name' column"),
    ("name,login\nSato, Ken,ken\n", "roster.csv line 2: 3 values for 2 columns"),
    ("", "roster.csv: no header line"),
])
def test_bad_csv_lines_are_named(text, expected):
    found = problems(text, source="roster.csv")
    assert any(p.startswith(expected) for p in found), found


def test_network_runs_out_of_addresses():
    text = "".join("- s%d\n" % i for i in range(6))
    found = problems(text, network="192.168.0.0/29", base="192.168.0.2")
    assert found == ["roster.yml line 6: no free address left in 192.168.0.0/29 from 192.168.0.2 for s5"]


def test_bad_settings_raise_value_error():
    with pytest.raises(ValueError, match="network must be an IPv4 network"):
        load_yaml("- a\n", network="192.168.0.1/24")
    with pytest.raises(ValueError, match="base 10.0.0.1 is outside the lab network"):
        load_yaml("- a\n", base="10.0.0.1")
    with pytest.raises(ValueError, match="connection must be one of docker, ssh"):
        load_yaml("- a\n", connection="winrm")


def test_invalid_yaml_and_wrong_shapes():
    assert problems("- {name: [\n")[0].startswith("roster.yml: not valid YAML")
    assert problems("teachers: []\n") == ["roster.yml line 1: a mapping roster needs a 'students' list"]
    assert problems("just text\n") == ["roster.yml: the roster must be a list of students"]
    assert load_yaml("") == []


def test_slug():
    assert roster.slug("  Aiko  TANAKA ") == "aiko-tanaka"
    assert roster.slug("O'Brien, Pat") == "o-brien-pat"
    assert roster.slug("田中") == ""


def test_the_example_rosters_load():
    here = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                        "inventories", "classroom")
    for name in ("roster.yml", "roster.csv"):
        with open(os.path.join(here, name), encoding="utf-8") as handle:
            students = roster.load(handle.read(), name)
        assert [s.login for s in students] == ["aiko", "ken", "mai"], name


KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBq0Qm6lHPW6cj1c9dQk9y8QvQy2y2rGmX8dM1uGZp8f aiko@laptop"


def test_ssh_key_becomes_the_trainees_authorized_key():
    students = load_yaml("- {name: Aiko, login: aiko, ssh_key: '%s', vars: {sshd_authorized_keys: [other]}}\n"
                         "- {name: Ken, login: ken}\n" % KEY)
    hostvars = roster.settings_with_defaults(None)
    assert students[0].hostvars(hostvars)["sshd_authorized_keys"] == ["other", KEY]
    assert "sshd_authorized_keys" not in students[1].hostvars(hostvars)


def test_ssh_key_in_a_csv_roster():
    students = load_csv("name,login,ssh_key\nAiko,aiko,%s\n" % KEY)
    assert students[0].hostvars(roster.settings_with_defaults(None))["sshd_authorized_keys"] == [KEY]


@pytest.mark.parametrize("key", ["-----BEGIN OPENSSH PRIVATE KEY-----", "ssh-foo AAAAC3NzaC1lZDI1NTE5AAAAIBq0",
                                 "ssh-ed25519", "ssh-ed25519 not*base64*at*all*here"])
def test_a_bad_ssh_key_names_its_line(key):
    found = problems("- {name: Aiko, login: aiko}\n- {name: Ken, login: ken, ssh_key: '%s'}\n" % key)
    assert found == ["roster.yml line 2: ssh_key of ken is not one line of a public key (like 'ssh-ed25519 AAAA... "
                     "comment', the content of ~/.ssh/id_ed25519.pub, never the private key)"]
