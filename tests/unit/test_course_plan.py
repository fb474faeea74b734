# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One course plan (plugins/module_utils/course.py): the catalog, the playbooks, the lab role's
defaults and argument specs all agree with it, and none restates a day or a track default."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import re
import subprocess
import sys
import types

import pytest
import yaml

import roles_render

from ansible_collections.serverlab.course.plugins.module_utils import catalog, checks, course, framework
from ansible_collections.serverlab.course.plugins.module_utils.checks import day06, day07

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOKS = os.path.join(REPO, "playbooks")
ROLES = os.path.join(REPO, "roles")
# Every checks file, found on disk: a new one is covered without being named here.
CHECK_MODULES = [importlib.import_module("%s.%s" % (checks.__name__, name))
                 for _unused, name, _unused in pkgutil.iter_modules(checks.__path__)]


def load(*parts):
    with open(os.path.join(REPO, *parts), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


# ---------------------------------------------------------------- the catalog

def test_the_catalog_grades_the_days_of_the_plan_under_their_titles():
    assert sorted(catalog.DAYS) == sorted(course.DAYS)
    assert dict((n, d.title) for n, d in catalog.DAYS.items()) == course.DAYS


def test_the_catalog_and_the_plan_must_name_the_same_days():
    with pytest.raises(ValueError, match=r"the course plan has days \[6, 9\], the catalog \[6\]"):
        catalog.compose({6: "set-up", 9: "new day"}, {6: {catalog.ALL: day06.CHECKS}})


def test_every_track_check_is_limited_to_a_track_of_the_plan():
    choices = dict((c, t) for t, track in course.TRACKS.items() for c in track["choices"])
    for day in catalog.DAYS.values():
        for check in day.checks:
            if check.track is not None:
                # A tuple: the check is the same on each of these choices of one track (the relays').
                named = check.track[1] if isinstance(check.track[1], tuple) else (check.track[1],)
                assert all(choices[choice] == check.track[0] for choice in named), check


def test_an_unknown_track_choice_is_refused():
    with pytest.raises(KeyError, match="nsd"):
        framework.Day(7, "DNS server", [], {"nsd": day07.BIND})


def test_every_check_written_is_in_the_catalog():
    """A list of checks a checks file defines but the catalog never names would never run."""
    listed = set((c.id, c.func) for days in (catalog.DAYS, catalog.NET_DAYS) for day in days.values()
                 for c in day.checks)
    written = set()
    for module in CHECK_MODULES:
        for name, value in vars(module).items():
            if name.isupper() and isinstance(value, list) and value and all(
                    isinstance(c, framework.Check) for c in value):
                written.update((c.id, c.func) for c in value)
    assert written - listed == set()
    assert len(written) == len(listed)


def test_checks_files_leave_the_track_to_the_catalog():
    for module in CHECK_MODULES:
        if module.__name__.endswith(".network"):
            continue  # the network view's checks carry their day and track (catalog.parts_of)
        for name, value in vars(module).items():
            if name.isupper() and isinstance(value, list):
                assert not [c for c in value if isinstance(c, framework.Check) and c.track], (module, name)


def test_selection_by_track():
    def items(day, **tracks):
        return [c.num for c in catalog.select([day], config={"tracks": tracks})]
    assert items(7, dns="bind") == list(range(1, 13)) + [40]
    assert items(7, dns="tinydns") == list(range(21, 32)) + [40]
    assert items(7) == items(7, dns="bind")  # the plan's default
    assert items(8, mta="qmail") == [21, 22, 23, 24, 40, 41, 42, 43, 44]
    assert items(13, mta="qmail") == [1, 2, 3, 4, 5, 6, 7, 8, 9, 11]
    assert items(26, time="clockspeed") == [1, 11, 12]


def test_the_checks_package_is_empty():
    """An empty __init__.py, as ansible-test (2.14) wants module_utils packages; DEVELOPERS.md says where
    the checks are listed (catalog.py)."""
    assert isinstance(checks, types.ModuleType) and not open(checks.__file__).read()


# ---------------------------------------------------------------- the playbooks

def test_upto_imports_the_day_playbooks_of_the_plan_in_order():
    upto = load("playbooks", "upto.yml")
    imports = [(entry["ansible.builtin.import_playbook"], entry["vars"]["lab_play_hosts"])
               for entry in upto if "ansible.builtin.import_playbook" in entry]
    assert imports == [("%s.yml" % name, "serverlab_upto_%s" % name) for name, _unused, _unused in course.PLAYBOOKS]


@pytest.mark.parametrize("name,day", [(name, day) for name, day, _unused in course.PLAYBOOKS])
def test_each_day_playbook_marks_its_day_of_the_plan(name, day):
    text = open(os.path.join(PLAYBOOKS, "%s.yml" % name), encoding="utf-8").read()
    assert re.findall(r"labeval_day: (\d+)", text) == [str(day)]


def test_every_day_of_the_plan_has_a_playbook():
    assert sorted(set(day for _unused, day, _unused in course.PLAYBOOKS)) == sorted(course.DAYS)


def test_plays_by_day_and_track():
    assert [n for n, run in course.plays(20, {}).items() if run] == [
        "day06", "day07", "day08", "day10", "day12", "day13", "day20"]
    assert [n for n, run in course.plays(8, {"dns": "tinydns", "mta": "qmail"}).items() if run] == [
        "day06", "djbdns", "qmail"]
    assert [n for n, run in course.plays(26, {"dns": ""}).items() if run][-1] == "time"
    assert not any(course.plays(5, {}).values())


# Where a day or a track default would be restated instead of read from the plan.
RESTATED = re.compile(r"\b(lab_day|lab_latest_day|lab_dns_server|lab_mta|lab_time_provider)\s*\|\s*default\(\s*['\"\d]")


def test_no_playbook_or_role_restates_a_day_or_a_track_default():
    found = []
    for top in ("playbooks", "roles", "molecule"):
        for folder, _unused, files in os.walk(os.path.join(REPO, top)):
            for name in files:
                if name.endswith((".yml", ".j2")):
                    path = os.path.join(folder, name)
                    text = open(path, encoding="utf-8").read()
                    found.extend("%s: %s" % (os.path.relpath(path, REPO), m.group(0)) for m in RESTATED.finditer(text))
    assert found == []
    assert RESTATED.search("upto_day: \"{{ lab_day | default(20) | int }}\"")  # the test can fail


def test_the_lab_model_reads_the_plan():
    defaults = load("roles", "lab", "defaults", "main.yml")
    plan = course.as_dict()
    for track in plan["tracks"].values():
        if track["variable"] != "lab_mail_role":  # derived from lab_mail_hosts (test_mailtopo: the default)
            assert "course_plan" in defaults[track["variable"]], track["variable"]
    assert "course_plan" in defaults["lab_latest_day"]
    values = roles_render.lab_defaults()
    assert values["lab_latest_day"] == course.LATEST_DAY
    # A default that depends on the OS family: the plan's os_defaults, else its default.
    for track in course.TRACKS.values():
        for family in ("RedHat", "Debian"):
            rendered = roles_render.template(roles_render.templar("firewall", family), "{{ %s }}" % track["variable"])
            if track.get("os_defaults"):
                assert rendered == track["os_defaults"].get(family, track["choices"][0]), (family, track)
                values[track["variable"]] = rendered  # Debian's, compared below
    # lab_mail_role is derived from lab_mail_hosts, the plan's default without it (test_mailtopo renders it).
    assert dict((t["variable"], values[t["variable"]]) for t in plan["tracks"].values()
                if t["variable"] != "lab_mail_role") == {
        "lab_dns_server": "bind", "lab_mta": "postfix", "lab_time_provider": "chrony", "lab_firewall": "none",
        "lab_selinux": "none"}


def test_the_lab_argument_specs_agree_with_the_plan():
    options = load("roles", "lab", "meta", "argument_specs.yml")["argument_specs"]["main"]["options"]
    assert options["lab_latest_day"]["default"] == course.LATEST_DAY
    for track in course.TRACKS.values():
        spec = options[track["variable"]]
        assert spec["choices"] == track["choices"], track
        # A default that depends on the OS (os_defaults) is no single value the spec could state.
        assert spec.get("default") == (None if track.get("os_defaults") else track["choices"][0]), track


# ---------------------------------------------------------------- the lookup, through Ansible

def ansible_msg(expression, *extra):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(REPO, "collections"),
               ANSIBLE_CONFIG=os.path.join(REPO, "ansible.cfg"), ANSIBLE_CALLBACK_RESULT_FORMAT="json")
    cli = os.path.join(os.path.dirname(sys.executable), "ansible")
    out = subprocess.run([cli, "localhost", "-m", "ansible.builtin.debug", "-a", "msg={{ %s | to_json }}" % expression]
                         + list(extra), cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         check=False, universal_newlines=True)
    assert out.returncode == 0, out.stdout + out.stderr
    return json.loads(json.loads(out.stdout.split("=>", 1)[1])["msg"])


def test_the_lookup_gives_the_plan_and_the_plays_of_the_inventorys_tracks():
    assert ansible_msg("lookup('serverlab.course.course_plan')") == json.loads(json.dumps(course.as_dict()))
    assert ansible_msg("lookup('serverlab.course.course_plan', 'tracks.mta.default')") == "postfix"
    plays = ansible_msg("lookup('serverlab.course.course_plan', 'plays', upto=8)", "-e", "lab_dns_server=tinydns")
    assert plays == course.plays(8, {"dns": "tinydns"})
    assert plays["djbdns"] and not plays["day07"] and plays["day08"] and not plays["day10"]


def test_tools_read_the_latest_day_from_the_plan():
    """roles/lab/defaults holds a lookup, not the number: tools that need the day read course.py."""
    for path in ("tools/classroom", "bench/bench.py"):
        text = open(os.path.join(REPO, path), encoding="utf-8").read()
        assert "lab_latest_day:" not in text and "course" in text, path


def test_a_relay_of_the_mail_split_runs_the_set_up_day_and_its_mta_alone():
    """An edge host (course.EDGE_CHOICES) gets day 6 and day 8's MTA play, whatever the day; the store and the
    single host every play of their day."""
    for role in course.EDGE_CHOICES:
        assert [n for n, run in course.plays(20, {"mail": role}).items() if run] == ["day06", "day08"]
        assert [n for n, run in course.plays(26, {"mail": role, "mta": "qmail"}).items() if run] == ["day06", "qmail"]
        assert course.plays(7, {"mail": role}) == dict((n, n == "day06") for n, _d, _c in course.PLAYBOOKS)
    for role in ("single", "store"):
        assert course.plays(20, {"mail": role}) == course.plays(20, {})
    assert course.as_dict()["edge"] == {"choices": ["relay", "backup-relay"], "playbooks": ["day06", "day08", "qmail"],
                                        "days": [6]}


def test_the_lookup_derives_the_mail_role_from_the_model_when_the_play_lacks_it():
    """upto.yml's first play has the inventory's variables, not role lab's derived lab_mail_role."""
    hosts = '{"lab_mail_hosts": [{"name": "h2g", "address": "192.168.0.10", "role": "store"}, ' \
            '{"name": "relay", "address": "192.168.0.11", "role": "relay"}], "lab_address": "%s"}'
    relay = ("-e", hosts % "192.168.0.11")
    assert ansible_msg("lookup('serverlab.course.course_plan', 'mail_role')", *relay) == "relay"
    assert ansible_msg("lookup('serverlab.course.course_plan', 'plays', upto=20)", *relay) == course.plays(
        20, {"mail": "relay"})
    assert ansible_msg("lookup('serverlab.course.course_plan', 'mail_role')", "-e", hosts % "192.168.0.10") == "store"
    assert ansible_msg("lookup('serverlab.course.course_plan', 'mail_role')") == "single"
