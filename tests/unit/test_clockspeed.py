"""clockspeed: the measuring schedule (module_utils/clockspeed.py) and the role's rendered files.

No clockspeed source is reachable here, so the role's build and install were never run: these tests
prove the configuration it writes (conf-cc, run scripts, systemd units) and its refusal without a
tarball."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from ansible_collections.serverlab.course.plugins.module_utils import clockspeed

import roles_render

HERE = os.path.dirname(__file__)
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
ROLE = os.path.join(REPO, "roles", "clockspeed")
START = 1795000000  # 2026-11-18 11:06:40 UTC


def render(template, **overrides):
    """A clockspeed template rendered as in a play (roles_render), the measurements started at START."""
    overrides.setdefault("__clockspeed_start", START)
    return roles_render.render("clockspeed", template, **overrides)


# ---------------------------------------------------------------- schedule

def test_default_schedule_is_the_technique():
    items = clockspeed.schedule(START)
    assert [label for label, _unused, _unused in items] == ["a few minutes", "2 hours", "2 days", "2 weeks", "2 months"]
    assert [epoch - START for _unused, epoch, _unused in items] == [300, 7200, 172800, 1209600, 5184000]
    assert items[0][2] == "2026-11-18 11:11:40 UTC"
    assert items[-1][2] == "2027-01-17 11:06:40 UTC"


def test_spans():
    assert clockspeed.span_seconds(300) == 300
    assert clockspeed.span_seconds("5min") == 300
    assert clockspeed.span_seconds("2h") == 7200
    assert clockspeed.span_seconds("2w") == 14 * 86400
    assert clockspeed.span_seconds("2mo") == 60 * 86400
    for bad in ("soon", "-5", "0", True, "2 fortnights"):
        with pytest.raises(ValueError):
            clockspeed.span_seconds(bad)


def test_schedule_sorted_and_duplicates_refused():
    assert clockspeed.normalize_schedule([{"label": "b", "after": "2h"}, ("a", 300)]) == [("a", 300), ("b", 7200)]
    with pytest.raises(ValueError, match="own time"):
        clockspeed.normalize_schedule([("a", "2h"), ("b", 7200)])
    with pytest.raises(ValueError):
        clockspeed.normalize_schedule([])


def test_on_calendar_round_trip_and_systemd_format():
    text = clockspeed.on_calendar(START)
    assert clockspeed.calendar_epoch(text) == START
    assert clockspeed.calendar_epoch("Mon *-*-* 00:00:00") is None


# ---------------------------------------------------------------- the role's timer = the schedule

def test_role_timer_matches_module_utils():
    text = render("clockspeed-measure.timer.j2")
    unit = clockspeed.parse_unit(text)
    assert unit["Timer"]["OnCalendar"] == [c for _unused, _unused, c in clockspeed.schedule(START)]
    assert unit["Timer"]["Persistent"] == ["true"]
    assert unit["Install"]["WantedBy"] == ["timers.target"]
    assert clockspeed.check_timer(text, START) == []


def test_role_timer_with_a_custom_schedule():
    text = render("clockspeed-measure.timer.j2",
                  clockspeed_schedule=[{"label": "later", "after": 7200}, {"label": "first", "after": 600}])
    assert clockspeed.parse_unit(text)["Timer"]["OnCalendar"] == [
        clockspeed.on_calendar(START + 600), clockspeed.on_calendar(START + 7200)]


def test_role_timer_is_the_same_on_a_second_run():
    assert render("clockspeed-measure.timer.j2") == render("clockspeed-measure.timer.j2")


def test_systemd_accepts_the_calendar_times():
    analyze = "/usr/bin/systemd-analyze"
    for _unused, _unused, calendar in clockspeed.schedule(START):
        result = subprocess.run([analyze, "calendar", calendar], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        assert "Normalized form" in result.stdout


def test_measurement_service_writes_adjust_with_a_timeout():
    unit = clockspeed.parse_unit(render("clockspeed-measure.service.j2"))
    assert unit["Service"]["Type"] == ["oneshot"]
    assert unit["Service"]["ExecStart"] == [
        "/bin/sh -c 'exec /usr/local/clockspeed/bin/sntpclock 192.168.0.10 > /usr/local/clockspeed/adjust'"]
    assert unit["Service"]["TimeoutStartSec"] == ["120"]


def test_run_scripts_are_daemontools_style():
    run = render("run.j2")
    assert run.startswith("#!/bin/sh\n")
    assert clockspeed.run_execs(run)
    assert "exec 2>&1" in run
    log = render("log-run.j2")
    assert "exec setuidgid clocklog multilog t ./main" in log
    assert clockspeed.run_execs(clockspeed.run_script("/usr/local/clockspeed"))
    assert not clockspeed.run_execs("#!/bin/sh\n/usr/local/clockspeed/bin/clockspeed &\n")
    assert not clockspeed.run_execs("#!/bin/sh\nexec 2>&1\nexec /usr/local/clockspeed/bin/clockspeed &\n")


def test_defaults():
    defaults = roles_render.LOADER.load_from_file(os.path.join(ROLE, "defaults", "main.yml"))
    assert defaults["clockspeed_home"] == "/usr/local/clockspeed"
    assert defaults["clockspeed_source"] == ""


# ---------------------------------------------------------------- check_timer teaches

def test_relative_timers_are_refused():
    text = "[Timer]\nOnBootSec=5min\nOnBootSec=2h\n"
    problems = clockspeed.check_timer(text)
    assert any("counts again after every boot" in p for p in problems)


def test_wrong_times_and_no_persistent():
    text = "[Timer]\nOnCalendar=%s\n" % clockspeed.on_calendar(START + 300)
    problems = clockspeed.check_timer(text, START)
    assert any("Persistent=true" in p for p in problems)
    assert any("not the schedule" in p for p in problems)
    assert any("2 measurement" not in p for p in problems)


def test_too_few_times_without_a_start():
    text = "[Timer]\nOnCalendar=%s\nPersistent=true\n" % clockspeed.on_calendar(START + 300)
    assert any("the technique needs 5" in p for p in clockspeed.check_timer(text))


def test_parse_unit_resets_on_empty_assignment():
    unit = clockspeed.parse_unit("[Unit]\nConditionCapability=CAP_SYS_TIME\nConditionCapability=\n# x\n")
    assert unit["Unit"]["ConditionCapability"] == []


# ---------------------------------------------------------------- no tarball, no run

def test_role_refuses_to_run_without_a_tarball(tmp_path):
    """The role's first task stops the play with the variable named, before anything changes."""
    playbook = tmp_path / "play.yml"
    playbook.write_text(
        "- hosts: localhost\n  gather_facts: false\n"
        # This machine is not the lab VM: the lab model's port map and addresses are not what is tested.
        "  vars: {ansible_facts: {os_family: Debian}, __lab_model_checked: true}\n"
        "  roles: [serverlab.course.clockspeed]\n")
    env = dict(os.environ)
    env.setdefault("ANSIBLE_COLLECTIONS_PATH", os.path.join(REPO, "collections"))
    env["ANSIBLE_CONFIG"] = os.path.join(REPO, "ansible.cfg")
    env["ANSIBLE_FORCE_COLOR"] = "0"
    env["ANSIBLE_NOCOLOR"] = "1"
    playbook_bin = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    result = subprocess.run([playbook_bin, "-i", "localhost,", "-c", "local", "--check", str(playbook)],
                            capture_output=True, text=True, env=env, cwd=REPO, timeout=300, check=False)
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    assert "clockspeed_source is empty" in out, out
    assert re.search(r"localhost\s*:\s*ok=\d+\s+changed=0\s", out), out


def test_measurements_use_the_first_lab_time_server():
    unit = clockspeed.parse_unit(render("clockspeed-measure.service.j2", lab_time_servers=["192.168.0.1", "192.168.0.2"]))
    assert "sntpclock 192.168.0.1 >" in unit["Service"]["ExecStart"][0]
