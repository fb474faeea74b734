# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Packages ahead in playbooks/upto.yml: the role_packages lookup, and the table of the roles whose
packages each day play gets ahead, kept in step with the day playbooks and upto.yml."""

import json
import os
import re
import subprocess
import sys

import pytest
import yaml

from ansible.errors import AnsibleLookupError

from ansible_collections.serverlab.course.plugins.lookup import role_packages as lookup
from ansible_collections.serverlab.course.plugins.module_utils import course

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOKS = os.path.join(ROOT, "playbooks")
ROLES = os.path.join(ROOT, "roles")


def load(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def table():
    """{play: [role, ...]}, the templated entries read as the roles they may name."""
    raw = load(os.path.join(PLAYBOOKS, "vars", "upto_packages.yml"))["upto_packages_roles"]
    return {play: roles if isinstance(roles, list) else re.findall(r"\['([a-z]+)'\]", roles)
            for play, roles in raw.items()}


def literal_packages(role, family="Debian"):
    path = os.path.join(ROLES, role, "vars", "%s.yml" % family)
    value = (load(path) or {}).get("%s_packages" % role) if os.path.exists(path) else None
    return value if isinstance(value, list) else None


def with_dependencies(roles):
    """The roles and, recursively, the serverlab roles their meta/main.yml depends on."""
    seen, todo = set(), list(roles)
    while todo:
        role = todo.pop()
        if role in seen:
            continue
        seen.add(role)
        meta = load(os.path.join(ROLES, role, "meta", "main.yml")) or {}
        for dep in meta.get("dependencies") or []:
            name = dep["role"] if isinstance(dep, dict) else dep
            todo.append(name.replace("serverlab.course.", ""))
    return seen


def playbook_roles(play):
    """Every serverlab role a day playbook applies (roles: and include_role), with their dependencies."""
    text = open(os.path.join(PLAYBOOKS, "%s.yml" % play), encoding="utf-8").read()
    return with_dependencies(re.findall(r"(?:role|name): serverlab\.course\.([a-z]+)\b", text))


# --- the lookup ------------------------------------------------------------------------------------

def test_lookup_reads_each_roles_literal_list_in_order_and_each_name_once(tmp_path):
    for role, text in (("one", "one_packages: [a, b]\n"), ("two", "two_packages: [b, c]\nother: [x]\n"),
                       ("three", "three_packages: \"{{ ['d'] if three_apply else [] }}\"\n"), ("four", "")):
        (tmp_path / role / "vars").mkdir(parents=True)
        (tmp_path / role / "vars" / "Debian.yml").write_text(text)
    (tmp_path / "five").mkdir()
    assert lookup.role_packages(["one", "serverlab.course.two", "three", "four", "five"], "Debian",
                                roles_dir=str(tmp_path)) == ["a", "b", "c"]
    assert lookup.role_packages(["two", "one"], "Debian", roles_dir=str(tmp_path)) == ["b", "c", "a"]
    assert lookup.role_packages(["one"], "RedHat", roles_dir=str(tmp_path)) == []


@pytest.mark.parametrize("roles, family, message", [
    (["nosuch"], "Debian", "'nosuch' is not a role of serverlab.course"),
    (["named"], "../etc", "family: '../etc' is not an OS family"),
    (["named"], "", "family: '' is not an OS family"),
])
def test_lookup_refuses_unknown_roles_and_families(roles, family, message):
    with pytest.raises(AnsibleLookupError, match=re.escape(message)):
        lookup.role_packages(roles, family)


def test_lookup_through_ansible_gives_the_day8_packages():
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "collections"),
               ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"))
    cli = os.path.join(os.path.dirname(sys.executable), "ansible")
    out = subprocess.run(
        [cli, "localhost", "-m", "ansible.builtin.debug", "-a",
         "msg={{ lookup('serverlab.course.role_packages', 'mailcert', 'postfix', 'dovecot', family='Debian',"
         " wantlist=true) | to_json }}"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False, universal_newlines=True)
    assert out.returncode == 0, out.stdout + out.stderr
    expected = literal_packages("mailcert") + literal_packages("postfix") + literal_packages("dovecot")
    assert "postfix" in expected and "dovecot-core" in expected
    assert json.dumps(expected) in " ".join(out.stdout.split()), out.stdout


# --- the table and the playbooks -------------------------------------------------------------------

def test_every_role_of_the_table_is_applied_by_its_day_playbook():
    for play, roles in table().items():
        applied = playbook_roles(play)
        missing = [role for role in roles if role not in applied]
        assert not missing, "%s: %s not applied by playbooks/%s.yml" % (play, missing, play)
        for role in roles:
            assert literal_packages(role), "%s has no literal %s_packages in vars/Debian.yml" % (role, role)


# Roles whose packages are deliberately installed by the role alone (see vars/upto_packages.yml).
NOT_AHEAD = {"network", "daemontools", "tinydns", "dnscache", "qmail", "clockspeed", "chrony"}


def test_every_day_plays_packages_are_in_the_table():
    """A role added to a day playbook's roles (or to their dependencies) with a literal package list
    is installed ahead too, by its play or an earlier one (or is named in NOT_AHEAD, with the reason
    in vars/upto_packages.yml)."""
    ahead = table()
    upto = open(os.path.join(PLAYBOOKS, "upto.yml"), encoding="utf-8").read()
    earlier = set()
    for play in re.findall(r"lab_play_hosts: serverlab_upto_(\w+)", upto):
        applied = with_dependencies(entry["role"].replace("serverlab.course.", "")
                                    for day_play in load(os.path.join(PLAYBOOKS, "%s.yml" % play))
                                    for entry in day_play.get("roles", []))
        earlier |= set(ahead.get(play, []))
        wanted = {role for role in applied if literal_packages(role)} - NOT_AHEAD
        assert wanted <= earlier, "%s: %s missing from upto_packages_roles" % (play, sorted(wanted - earlier))


def test_each_play_of_the_table_waits_for_its_own_packages():
    upto = load(os.path.join(PLAYBOOKS, "upto.yml"))
    imports = {entry["vars"]["lab_play_hosts"].replace("serverlab_upto_", ""): entry["vars"]
               for entry in upto if "ansible.builtin.import_playbook" in entry}
    gate = [name for name, _unused, _unused in course.PLAYBOOKS]  # upto.yml's gate: upto_plays from the course plan
    for play in table():
        assert play in gate, "%s is not a day playbook of the course plan" % play
        assert imports[play].get("lab_packages_ahead_play") == play, (
            "the import of %s.yml must pass lab_packages_ahead_play: %s" % (play, play))
