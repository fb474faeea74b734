# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One role-to-check contract: what a check expects of a role comes from the role.

roles/labeval/defaults (labeval_expected, written to lab.json) reads every role's value through the
lookup serverlab.course.role_var and restates none. The checks' own fallbacks (used when lab.json
lacks a key) must equal what the roles build by default, on both OS families: rendered here through
Ansible from the roles' files and compared key by key."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
import yaml

import roles_render

from ansible_collections.serverlab.course.plugins.module_utils import framework
from ansible_collections.serverlab.course.plugins.module_utils.checks import (
    day07, day10, day12, day20, djbdns, mail, time as timechecks)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROLES = os.path.join(REPO, "roles")
ALL_ROLES = sorted(r for r in os.listdir(ROLES) if os.path.isdir(os.path.join(ROLES, r)))
LOOKUP = re.compile(r"lookup\('serverlab\.course\.role_var', '(\w+)'\)")


def labeval_expected():
    with open(os.path.join(ROLES, "labeval", "defaults", "main.yml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)["labeval_expected"]


def leaves(value, path=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, "%s.%s" % (path, key) if path else key)
    else:
        yield path, value


def restated(text):
    """The other roles' variables a template reads directly (not through role_var), and literal values."""
    if not isinstance(text, str) or "{{" not in text:
        return ["a literal %r" % (text,)]
    rest = LOOKUP.sub("", text)
    prefixes = "|".join(r for r in ALL_ROLES if r not in ("lab", "labeval"))
    return re.findall(r"\b(?:%s)_\w+" % prefixes, rest)


# ---------------------------------------------------------------- labeval restates nothing

def test_labeval_reads_every_role_value_through_the_role():
    found = dict((path, restated(text)) for path, text in leaves(labeval_expected()))
    assert dict((path, bad) for path, bad in found.items() if bad) == {}


def test_the_restatement_check_can_fail():
    assert restated("{{ sshd_port | default(22) }}") == ["sshd_port"]
    assert restated(23) == ["a literal 23"]
    assert restated("{{ lookup('serverlab.course.role_var', 'sshd_port') }}") == []


def role_files(role):
    names = set()
    for parts in (("defaults", "main.yml"), ("vars", "main.yml"), ("vars", "Debian.yml"), ("vars", "RedHat.yml")):
        path = os.path.join(ROLES, role, *parts)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as handle:
                names |= set(yaml.safe_load(handle) or {})
    return names


def test_every_value_labeval_reads_is_set_by_its_role():
    from ansible_collections.serverlab.course.plugins.lookup.role_var import owner
    for path, text in leaves(labeval_expected()):
        for name in LOOKUP.findall(str(text)):
            assert name in role_files(owner(name, ALL_ROLES)), (path, name)


# ---------------------------------------------------------------- the checks' fallbacks are the roles' defaults

@pytest.fixture(scope="module", params=["Debian", "RedHat"])
def rendered(request, tmp_path_factory):
    """labeval_expected as the labeval role renders it on a VM of the family, with every role's defaults."""
    family = request.param
    values = roles_render.labeval_expected(family, tmp_path_factory.mktemp("contract"))
    # As the evaluator reads lab.json: ansible-core < 2.19 (make compat) renders numbers as strings.
    return family, framework.typed_numbers(values)


def project(items, keys):
    return [dict((k, item.get(k)) for k in keys) for item in items]


def test_lab_model(rendered):
    _unused, exp = rendered
    config = framework._normalize_config(dict(framework.COURSE_DEFAULTS, **dict(
        (k, exp[k]) for k in ("nm_controlled", "peerdns"))))
    for key in ("hostname", "domain", "device", "address", "prefix", "gateway", "user"):
        assert framework.COURSE_DEFAULTS[key] == exp[key], key
    assert (config["nm_controlled"], config["peerdns"]) == (
        framework.COURSE_DEFAULTS["nm_controlled"], framework.COURSE_DEFAULTS["peerdns"])


def test_day07_named(rendered):
    family, exp = rendered
    want = day07.FAMILY_DEFAULTS[family]
    assert dict((k, exp[k]) for k in ("named_service", "named_zone_dir", "named_log")) == dict(
        (k, want[k]) for k in ("named_service", "named_zone_dir", "named_log"))


def test_day07_djbdns(rendered):
    _unused, exp = rendered
    assert dict((k, exp["djbdns"][k]) for k in djbdns.DEFAULTS) == djbdns.DEFAULTS
    assert exp["djbdns"]["tinydns_ip"] == exp["address"]  # the fallback: the lab address


def test_day08_13_mail(rendered):
    family, exp = rendered
    keys = [k for k in exp["mail"] if k in mail.MAIL_DEFAULTS and mail.MAIL_DEFAULTS[k] != ""]
    assert sorted(keys) == ["auth_file", "cert", "key", "smtps_port", "store", "stunnel_mode"]
    assert dict((k, exp["mail"][k]) for k in keys) == dict((k, mail.MAIL_DEFAULTS[k]) for k in keys)
    assert exp["mail"]["stunnel_log"] == mail.STUNNEL_PATHS[family]["stunnel_log"]


def test_day10_samba_and_superserver(rendered):
    _unused, exp = rendered
    samba = day10.SAMBA_DEFAULTS
    assert project(exp["samba"]["shares"], samba["shares"][0]) == samba["shares"]
    assert (exp["samba"]["public_share"], exp["samba"]["auth_file"]) == (samba["public_share"], samba["auth_file"])
    superserver = day10.SUPERSERVER_DEFAULTS
    assert exp["superserver"]["type"] == "auto" and superserver["type"] is None  # None: auto, by family
    assert project(exp["superserver"]["services"], superserver["services"][0]) == superserver["services"]


def test_day12_sshd_and_tunnel(rendered):
    _unused, exp = rendered
    assert exp["sshd"] == day12.SSHD_DEFAULTS
    assert exp["tunnel"] == day12.TUNNEL_DEFAULTS


def test_day20_mysql(rendered):
    family, exp = rendered
    keys = [k for k, v in day20.DEFAULTS.items() if v is not None]
    assert dict((k, exp["mysql"][k]) for k in keys) == dict((k, day20.DEFAULTS[k]) for k in keys)
    assert exp["mysql"]["user"] == exp["user"]  # the fallback: the trainee
    assert exp["mysql"]["socket"] == day20.SOCKETS[family]


def test_time_clockspeed(rendered):
    _unused, exp = rendered
    assert exp["time"]["clockspeed_home"] == timechecks.DEFAULTS["clockspeed_home"]


# ---------------------------------------------------------------- the lookup itself

def adhoc(expression, *extra):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(REPO, "collections"),
               ANSIBLE_CONFIG=os.path.join(REPO, "ansible.cfg"), ANSIBLE_CALLBACK_RESULT_FORMAT="json")
    cli = os.path.join(os.path.dirname(sys.executable), "ansible")
    return subprocess.run([cli, "localhost", "-m", "ansible.builtin.debug", "-a", "msg={{ %s | to_json }}" % expression]
                          + list(extra), cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          check=False, universal_newlines=True)


def test_the_hosts_value_wins_over_the_roles_default():
    out = adhoc("lookup('serverlab.course.role_var', 'sshd_port', 'mysql_lab_user', wantlist=true)",
                "-e", json.dumps({"sshd_port": 2200, "lab_user": "aiko"}))
    assert out.returncode == 0, out.stdout + out.stderr
    assert '"msg": "[2200, \\"aiko\\"]"' in out.stdout, out.stdout  # mysql_lab_user: "{{ lab_user }}"


def test_a_variable_no_role_sets_is_an_error():
    out = adhoc("lookup('serverlab.course.role_var', 'sshd_nosuch')")
    assert out.returncode != 0 and "roles/sshd sets no sshd_nosuch" in out.stdout + out.stderr
    out = adhoc("lookup('serverlab.course.role_var', 'nosuch_port')")
    assert out.returncode != 0 and "nosuch_port is no variable of a serverlab.course role" in out.stdout + out.stderr


def test_the_evaluator_reads_numbers_an_older_ansible_core_wrote_as_strings(tmp_path):
    """lab.json from ansible-core 2.14 (ansible-pull on Debian 12) holds '22' where 2.19 writes 22."""
    lab = dict(framework.COURSE_DEFAULTS, prefix="24", sshd={"port": "22", "name": "x"},
               mail={"smtps_port": "465", "store": "maildir"}, samba={"shares": [{"port": "445", "path": "/srv/1"}]})
    path = tmp_path / "lab.json"
    path.write_text(json.dumps(lab))
    config = framework.load_config(str(path), root="/")
    assert (config["prefix"], config["sshd"], config["mail"]["smtps_port"]) == (24, {"port": 22, "name": "x"}, 465)
    assert config["samba"]["shares"] == [{"port": 445, "path": "/srv/1"}]  # inside lists too; other strings stay
