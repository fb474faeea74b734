# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The evaluator framework and the labeval command line, on fake trees."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from ansible_collections.serverlab.course.plugins.module_utils import catalog, cli, framework
from ansible_collections.serverlab.course.plugins.module_utils.framework import (
    FAIL, PASS, Check, Context, Day, Result, evaluate, failed, passed)
from ansible_collections.serverlab.course.plugins.module_utils.cli import main

from labtree import IFCFG, LabTree, fake_runner


@pytest.fixture(autouse=True)
def day6_only_catalog(monkeypatch):
    """The framework is tested on day 6 alone, whatever days the catalog grows."""
    from ansible_collections.serverlab.course.plugins.module_utils import catalog as _catalog
    monkeypatch.setattr(_catalog, "DAYS", {6: _catalog.DAYS[6]})


REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

USAGE = ("usage: labeval [USER] [-d] [-c] [--day N[,N|N-M]]... [--format text|json] [--lang en|ja] "
         "[--config PATH] [--target ADDRESS [--auth FILE] [--identity FILE] [--mysql-cnf FILE] "
         "[--samba-auth FILE] [--timeout S]] | -h | -v")

GOOD_LINES = [
    "[1:PASS] - 'hostname'",
    "[2:PASS] - '/etc/hosts'",
    "[3:PASS] - 'network/address'",
    "[4:PASS] - 'network/gateway'",
    "[5:PASS] - 'network/backups'",
    "[6:PASS] - 'resolver'",
    "[7:PASS] - 'user'",
    "[8:PASS] - 'boot/services'",
]

GATEWAY_1_LINE = (
    "[4:FAIL] - 'network/gateway' ('ifcfg-eth0 line 6 sets GATEWAY=1, but the lab network has no "
    "default gateway: leave GATEWAY empty or write GATEWAY=no (only an empty value, no or NO mean "
    "no gateway; old initscripts accept a meaningless value such as GATEWAY=1 without a word, so "
    "the mistake goes unnoticed)')")


@pytest.fixture
def rh(tmp_path):
    return LabTree(tmp_path / "redhat", "RedHat")


@pytest.fixture(autouse=True)
def no_env_config(monkeypatch):
    monkeypatch.delenv(framework.CONFIG_ENV, raising=False)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):  # English, whatever the developer's locale
        monkeypatch.delenv(name, raising=False)


def labeval(capsys, tree, *args, runner=None):
    rc = main(["--root", tree.root] + list(args), runner=runner or fake_runner())
    out, err = capsys.readouterr()
    return rc, out.splitlines(), err


# ---------------------------------------------------------------- config

def test_defaults_without_a_file(tmp_path):
    config = framework.load_config(root=str(tmp_path))
    assert config == {
        "hostname": "h2g", "domain": "example.com", "device": "eth0", "address": "192.168.0.10",
        "prefix": 24, "gateway": "", "dns_servers": [], "nm_controlled": "no", "peerdns": "no",
        "user": "user1", "day": None, "family": None}
    assert config is not framework.COURSE_DEFAULTS


def test_config_file_overlays_the_defaults(rh):
    rh.write("/etc/serverlab/lab.json", json.dumps(
        {"day": "6", "dns_servers": "192.168.0.10, 127.0.0.1", "family": "redhat", "extra": 1}))
    config = framework.load_config(root=rh.root)
    assert config["day"] == 6
    assert config["dns_servers"] == ["192.168.0.10", "127.0.0.1"]
    assert config["family"] == "RedHat"
    assert config["hostname"] == "h2g" and config["extra"] == 1


def test_day_from_the_role_markers(rh):
    for name in ("06", "07", "README"):
        rh.write("/etc/serverlab/days/" + name, "")
    assert framework.load_config(root=rh.root)["day"] == 7
    rh.write("/etc/serverlab/lab.json", '{"day": 6}')
    assert framework.load_config(root=rh.root)["day"] == 6


def test_config_env_overrides_the_path(rh, monkeypatch):
    rh.write("/srv/other.json", '{"hostname": "other"}')
    monkeypatch.setenv(framework.CONFIG_ENV, "/srv/other.json")
    assert framework.load_config(root=rh.root)["hostname"] == "other"
    rh.write("/srv/explicit.json", '{"hostname": "explicit"}')
    assert framework.load_config("/srv/explicit.json", root=rh.root)["hostname"] == "explicit"


@pytest.mark.parametrize("text, message", [
    ("{not json", "cannot read the lab configuration"),
    ("[1, 2]", "must hold a JSON object"),
    ('{"prefix": "x"}', "prefix must be a number"),
    ('{"family": "suse"}', "family must be RedHat or Debian"),
])
def test_bad_config(rh, text, message):
    rh.write("/etc/serverlab/lab.json", text)
    with pytest.raises(ValueError, match=message):
        framework.load_config(root=rh.root)


# ---------------------------------------------------------------- context

def test_context_reads_under_its_root(rh):
    ctx = rh.ctx()
    assert ctx.path("/etc/hosts") == os.path.join(rh.root, "etc/hosts")
    assert ctx.read("/etc/resolv.conf") == "search example.com\nnameserver 127.0.0.1\n"
    assert ctx.read("/etc/nothing") is None
    assert ctx.read("/etc") is None
    assert ctx.exists("/etc/hosts") and not ctx.exists("/etc/nothing")
    assert ctx.listdir("/etc/sysconfig/network-scripts") == ["ifcfg-eth0", "ifcfg-lo"]
    assert ctx.listdir("/etc/nothing") == []
    assert ctx.glob("/etc/sysconfig/network-scripts/ifcfg-*") == [
        "/etc/sysconfig/network-scripts/ifcfg-eth0", "/etc/sysconfig/network-scripts/ifcfg-lo"]
    assert Context("u", framework.load_config(root=rh.root)).path("/etc/hosts") == "/etc/hosts"


def test_context_user_defaults_to_the_config():
    assert Context(None, dict(framework.COURSE_DEFAULTS)).user == "user1"
    assert Context(None, dict(framework.COURSE_DEFAULTS, user="trainee")).user == "trainee"
    assert Context("user2", dict(framework.COURSE_DEFAULTS)).user == "user2"


def test_context_run_through_the_injected_runner(rh):
    ctx = rh.ctx(runner=fake_runner())
    assert ctx.run(["hostname", "-s"]) == (0, "h2g\n", "")


def test_default_runner_real_commands():
    ctx = Context("user1", dict(framework.COURSE_DEFAULTS))
    rc, out, err = ctx.run([sys.executable, "-c", "print('hi')"])
    assert (rc, out) == (0, "hi\n")
    rc, out, err = ctx.run(["/nonexistent/labeval-no-such-command"])
    assert rc == 127 and "command not found" in err


def test_default_runner_timeout():
    rc, out, err = framework.subprocess_runner([sys.executable, "-c", "import time; time.sleep(5)"],
                                               timeout=0.2)
    assert rc == 124 and "no answer after" in err


@pytest.mark.parametrize("text, family", [
    ('ID="centos"\nVERSION_ID="7"\n', "RedHat"),
    ("ID=rocky\nID_LIKE=\"rhel centos fedora\"\n", "RedHat"),
    ("ID=almalinux\n", "RedHat"),
    ("ID=fedora\n", "RedHat"),
    ("ID=linuxmint\nID_LIKE=\"ubuntu debian\"\n", "Debian"),
    ("ID=debian\n", "Debian"),
    ("ID=arch\n", None),
])
def test_family_detection(tmp_path, text, family):
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "os-release").write_text(text)
    ctx = Context("user1", dict(framework.COURSE_DEFAULTS), root=str(tmp_path))
    assert ctx.family == family


def test_family_without_os_release_uses_release_files(tmp_path):
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "redhat-release").write_text("CentOS release 5.5 (Final)\n")
    assert Context("u", dict(framework.COURSE_DEFAULTS), root=str(tmp_path)).family == "RedHat"


def test_family_from_config_wins(rh):
    assert rh.ctx(family="Debian").family == "Debian"


# ---------------------------------------------------------------- results, checks, evaluate

def test_results():
    assert passed("a", "b") == Result(PASS, "", ("a", "b"))
    assert failed("why", "a").reason == "why" and failed("why").status == FAIL
    assert passed().ok and not failed("x").ok
    with pytest.raises(ValueError):
        Result("MAYBE")


def boom(ctx):
    raise KeyError("prefix")


def test_check_id_and_crash_is_a_fail():
    check = Check(6, 3, "network/address", boom)
    assert check.id == "6.3"
    result = check.run(None)
    assert result.status == FAIL
    assert result.reason == "the check itself broke: KeyError: 'prefix'"
    assert Check(6, 1, "x", lambda ctx: "yes").run(None).reason.startswith("the check itself broke")


def test_day_rejects_a_check_of_another_day():
    with pytest.raises(ValueError):
        Day(7, "dns", [Check(6, 1, "x", boom)])


def _checks(*statuses):
    def verdict(n, ok):
        return lambda ctx: passed("ok") if ok else failed("bad %d" % n)

    return [Check(9, n, "item%d" % n, verdict(n, s)) for n, s in enumerate(statuses, 1)]


def test_evaluate_stops_at_the_first_failure():
    checks = _checks(True, False, True, False)
    assert [(c.num, r.status) for c, r in evaluate(checks, None)] == [(1, PASS), (2, FAIL)]
    assert [(c.num, r.status) for c, r in evaluate(checks, None, keep_going=True)] == [
        (1, PASS), (2, FAIL), (3, PASS), (4, FAIL)]


def test_catalog_select():
    # every check of the catalog, track checks too (6.20: firewalld VMs)
    assert [c.id for c in catalog.select()] == ["6.%d" % n for n in range(1, 9)] + ["6.20", "6.21", "6.22"]
    assert [c.id for c in catalog.select([6, 6])] == ["6.%d" % n for n in range(1, 9)] + ["6.20", "6.21", "6.22"]
    assert catalog.select(upto=5) == []
    assert len(catalog.select(upto=28)) == 11
    with pytest.raises(ValueError, match=r"unknown day 99 \(known days: 6\)"):
        catalog.select([99])


def test_parse_day_specs():
    known = [6, 7, 13, 20]
    assert cli.parse_day_specs(["6"], known) == [6]
    assert cli.parse_day_specs(["6,7"], known) == [6, 7]
    assert cli.parse_day_specs(["6-13"], known) == [6, 7, 13]
    assert cli.parse_day_specs(["20", "6-7", "13"], known) == [6, 7, 13, 20]
    for spec, message in (("8", "unknown day 8 (known days: 6, 7, 13, 20)"),
                          ("8-12", "no known day in 8-12 (known days: 6, 7, 13, 20)"),
                          ("13-6", "bad day range '13-6': 13 comes after 6"),
                          ("six", "bad day 'six'"), ("6,", "empty day in '6,'"),
                          ("a-b", "bad day range 'a-b'")):
        with pytest.raises(ValueError) as info:
            cli.parse_day_specs([spec], known)
        assert str(info.value).startswith(message)


# ---------------------------------------------------------------- text output

def test_cli_good_lab(capsys, rh):
    rc, lines, err = labeval(capsys, rh)
    assert (rc, lines, err) == (0, GOOD_LINES, "")


def test_cli_gateway_1_stops_at_the_first_failure(capsys, rh):
    rh.replace(IFCFG, "GATEWAY=no", "GATEWAY=1")
    rc, lines, err = labeval(capsys, rh)
    assert rc == 1
    assert lines == GOOD_LINES[:3] + [GATEWAY_1_LINE,
                                      "stopped at the first failure; run with -c to carry on"]


def test_cli_c_carries_on(capsys, rh):
    rh.replace(IFCFG, "GATEWAY=no", "GATEWAY=1")
    rh.write(IFCFG + ".bak", "DEVICE=eth0\n")
    rc, lines, err = labeval(capsys, rh, "-c")
    assert rc == 1
    assert lines[:4] == GOOD_LINES[:3] + [GATEWAY_1_LINE]
    assert lines[4].startswith("[5:FAIL] - 'network/backups' ('/etc/sysconfig/network-scripts/"
                               "ifcfg-eth0.bak is read as interface configuration")
    assert lines[5:] == GOOD_LINES[5:]


def test_cli_last_check_failing_is_not_stopped_early(capsys, rh):
    fake = fake_runner()

    def named_disabled(argv):  # check 6.8, the last one: BIND (day 7) is installed but not enabled
        if argv == ["systemctl", "is-enabled", "named-chroot"]:
            return 1, "disabled\n", ""
        return fake(argv)

    rc, lines, err = labeval(capsys, rh, runner=named_disabled)
    assert rc == 1
    assert lines[-1] == ("[8:FAIL] - 'boot/services' ('not started at boot, so a reboot leaves them stopped: "
                         "named-chroot (day 7) is disabled: systemctl enable named-chroot')")


def test_cli_d_shows_evidence(capsys, rh):
    rc, lines, err = labeval(capsys, rh, "-d", "--day", "6")
    assert rc == 0
    assert lines[:3] == ["[1:PASS] - 'hostname'", "    hostname -s: h2g", "    hostname -f: h2g.example.com"]
    assert "    line 2: nameserver 127.0.0.1" in lines


def test_cli_combined_old_flags(capsys, rh):
    rh.replace(IFCFG, "GATEWAY=no", "GATEWAY=1")
    rc, lines, err = labeval(capsys, rh, "-dc")
    assert rc == 1
    assert "stopped at the first failure; run with -c to carry on" not in lines
    assert "    ifcfg-eth0 line 6: GATEWAY=1" in lines
    assert "    /etc/shadow: password set (SHA-512)" in lines
    assert lines[-1].startswith("    chronyd (day 26): not installed")


def test_cli_user_argument(capsys, rh):
    rc, lines, err = labeval(capsys, rh, "user2", "-c")
    assert rc == 1
    assert lines[6] == ("[7:FAIL] - 'user' ('user2 does not exist: create the account with "
                        "useradd -m user2, then set its password with passwd user2')")
    rc, lines, err = labeval(capsys, rh, "-c", "root", "--day", "6")
    assert lines[6] == "[7:PASS] - 'user'"


def test_cli_numeric_user_is_a_usage_error(capsys, rh):
    rc, lines, err = labeval(capsys, rh, "6")
    assert rc == 2 and lines == []
    assert err.splitlines() == [USAGE, "labeval: error: '6' is not a user name; to choose a day use --day 6"]


def test_cli_broken_check_does_not_crash(capsys, rh, monkeypatch):
    monkeypatch.setattr(catalog.DAYS[6].checks[0], "func", boom)
    rc, lines, err = labeval(capsys, rh)
    assert rc == 1
    assert lines[0] == "[1:FAIL] - 'hostname' ('the check itself broke: KeyError: 'prefix'')"


@pytest.fixture
def two_days(monkeypatch):
    day7 = Day(7, "DNS server", [Check(7, 1, "named", lambda ctx: passed("named runs")),
                                 Check(7, 2, "zone", lambda ctx: failed("no $TTL on line 1", "db.example:1"))])
    monkeypatch.setitem(catalog.DAYS, 7, day7)


def test_cli_headers_when_more_than_one_day(capsys, rh, two_days):
    rc, lines, err = labeval(capsys, rh, "-d", "--day", "6-7")
    assert rc == 1
    assert lines[0] == "== day 6: environment set-up =="
    assert lines[-5:] == ["== day 7: DNS server ==", "[1:PASS] - 'named'", "    named runs",
                          "[2:FAIL] - 'zone' ('no $TTL on line 1')", "    db.example:1"]
    rc, lines, err = labeval(capsys, rh, "--day", "7")
    assert lines == ["[1:PASS] - 'named'", "[2:FAIL] - 'zone' ('no $TTL on line 1')"]


def test_cli_default_days_follow_the_config(capsys, rh, two_days):
    rc, lines, err = labeval(capsys, rh)
    assert lines[0] == "== day 6: environment set-up ==" and len(lines) == 12
    rh.write("/etc/serverlab/lab.json", '{"day": 6}')
    rc, lines, err = labeval(capsys, rh)
    assert (rc, lines) == (0, GOOD_LINES)
    rh.write("/etc/serverlab/lab.json", '{"day": 3}')
    rc, lines, err = labeval(capsys, rh)
    assert rc == 2 and "nothing to evaluate up to day 3 (known days: 6, 7)" in err
    rh.write("/etc/serverlab/lab.json", '{}')
    rh.write("/etc/serverlab/days/06", "")
    rc, lines, err = labeval(capsys, rh)
    assert (rc, lines) == (0, GOOD_LINES)


def test_cli_config_option_and_settings(capsys, rh):
    rh.write("/srv/lab.json", '{"address": "192.168.0.20"}')
    rc, lines, err = labeval(capsys, rh, "--config", "/srv/lab.json")
    assert rc == 1
    assert lines[1].startswith("[2:FAIL] - '/etc/hosts' (")
    rc, lines, err = labeval(capsys, rh, "--config", "/srv/missing.json")
    assert rc == 2 and err.splitlines()[-1] == "labeval: error: no configuration file /srv/missing.json"
    rh.write("/srv/bad.json", "{")
    rc, lines, err = labeval(capsys, rh, "--config", "/srv/bad.json")
    assert rc == 2 and err.startswith("labeval: cannot read the lab configuration")


@pytest.mark.parametrize("args, message", [
    (["--day", "7"], "labeval: error: unknown day 7 (known days: 6)"),
    (["--day", "7-13"], "labeval: error: no known day in 7-13 (known days: 6)"),
    (["--day", "x"], "labeval: error: bad day 'x' (a day is a number, e.g. 6)"),
    (["--day"], "labeval: error: argument --day: expected one argument"),
    (["--format", "xml"], "labeval: error: argument --format: invalid choice: 'xml'"),
    (["-x"], "labeval: error: unrecognized arguments: -x"),
    (["user1", "user2"], "labeval: error: unrecognized arguments: user2"),
])
def test_cli_usage_errors(capsys, rh, args, message):
    rc, lines, err = labeval(capsys, rh, *args)
    assert rc == 2 and lines == []
    assert err.splitlines()[0] == USAGE
    assert err.splitlines()[1].startswith(message)


def test_cli_day_forms(capsys, rh):
    for spec in (["--day", "6"], ["--day", "6,6"], ["--day", "6-13"], ["--day", "1-6", "--day", "6"]):
        rc, lines, err = labeval(capsys, rh, *spec)
        assert (rc, lines) == (0, GOOD_LINES), spec


def test_cli_help_names_every_option(capsys):
    assert main(["-h"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(USAGE + "\n")
    for option in ("USER", "-d, --detail", "-c, --continue", "--day N", "--format {text,json}",
                   "--config PATH", "-h, --help", "-v, --version", "Exit status: 0"):
        assert option in out, option
    assert "--root" not in out
    assert main(["user1", "--help"]) == 0


def test_cli_version(capsys):
    assert main(["-v"]) == 0
    assert capsys.readouterr().out == "labeval 0.1.0\n"
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == "labeval %s\n" % framework.VERSION


# ---------------------------------------------------------------- JSON output

def test_cli_json_schema(capsys, rh):
    rh.replace(IFCFG, "GATEWAY=no", "GATEWAY=1")
    rc, lines, err = labeval(capsys, rh, "--format", "json")
    assert rc == 1
    data = json.loads("\n".join(lines))
    assert sorted(data) == ["days", "host", "results", "summary", "tool", "user", "version"]
    assert (data["tool"], data["version"], data["user"], data["days"]) == ("labeval", "0.1.0", "user1", [6])
    assert isinstance(data["host"], str) and data["host"]
    assert data["summary"] == {"total": 8, "passed": 3, "failed": 1, "stopped_early": True}
    assert data["results"][0] == {"id": "6.1", "day": 6, "num": 1, "item": "hostname", "status": "PASS",
                                  "reason": "", "evidence": ["hostname -s: h2g",
                                                             "hostname -f: h2g.example.com"],
                                  "pending": False}
    gateway = data["results"][3]
    assert (gateway["id"], gateway["status"]) == ("6.4", "FAIL")
    assert gateway["reason"].startswith("ifcfg-eth0 line 6 sets GATEWAY=1")
    assert "ifcfg-eth0 line 6: GATEWAY=1" in gateway["evidence"]


def test_cli_json_keep_going(capsys, rh):
    rc, lines, err = labeval(capsys, rh, "--format", "json", "-c", "user9")
    data = json.loads("\n".join(lines))
    assert data["user"] == "user9"
    assert data["summary"] == {"total": 8, "passed": 7, "failed": 1, "stopped_early": False}
    assert [r["status"] for r in data["results"]] == ["PASS"] * 6 + ["FAIL", "PASS"]


# ---------------------------------------------------------------- as the VM runs it

def test_runs_as_a_plain_package(tmp_path, rh):
    """The labeval role copies module_utils to serverlab_course/ and imports cli.main."""
    lib = tmp_path / "lib"
    lib.mkdir()
    shutil.copytree(os.path.join(REPO, "plugins", "module_utils"), str(lib / "serverlab_course"))
    rh.write("/etc/serverlab/days/06", "")  # a day-6 VM: check 6.8 asks this machine's systemd about no unit
    script = tmp_path / "labeval"
    script.write_text("import sys\nsys.path.insert(0, %r)\n"
                      "from serverlab_course.cli import main\nsys.exit(main())\n" % str(lib))
    proc = subprocess.run([sys.executable, str(script), "--root", rh.root, "-c", "--day", "6"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                          cwd=str(tmp_path), check=False)
    assert proc.stderr == ""
    assert proc.returncode in (0, 1)
    # checks 1 and 3 ask this machine (its hostname, the address in use on eth0), not the fake tree
    lines = proc.stdout.splitlines()
    assert lines[1] == GOOD_LINES[1] and lines[2].startswith("[3:") and lines[3:] == GOOD_LINES[3:]
    proc = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, %r); "
                           "import serverlab_course.cli, serverlab_course.catalog; "
                           "print(sorted(m for m in sys.modules if m.split('.')[0] == 'ansible'))"
                           % str(lib)],
                          stdout=subprocess.PIPE, universal_newlines=True, cwd=str(tmp_path), check=False)
    assert proc.stdout.strip() == "[]"
