"""tools/soak, the flake hunt (#13): its reading of a make log, and whole soaks of a small repository whose make
target passes, then fails on its second run."""

import os
import re
import subprocess
import sys

import pytest

import toolmod


def soak():
    return toolmod.load("soak")


# Lines as Molecule 25, pytest and make print them (taken from real `make molecule` logs of this project).
PASSING = """INFO     [day06 > discovery] scenario test matrix: destroy, syntax, create, check, converge, idempotence, verify, destroy
INFO     [day06 > converge] Executed: Successful
INFO     [day06 > verify] Executing Testinfra tests found in /tmp/x/molecule/day06/tests/...
============================= 10 passed in 11.99s ==============================
INFO     [day06 > verify] Executed: Successful
"""
# `make unit` runs pytest with -rs: a failed test shows only as its report section.
UNIT = """/tmp/x/.venv/bin/python -m pytest -q -rs tests/unit
_______________ test_changelog_yaml_says_what_each_fragment_says _______________
========== 1 failed, 2263 passed, 1 skipped in 200.00s (0:03:20) ===========
"""
FAILING = """INFO     [day08 > discovery] scenario test matrix: destroy, syntax, create, check, converge, idempotence, verify, destroy
FAILED - RETRYING: [localhost]: Wait for instance(s) deletion to complete (300 retries left).
___________________ test_relay_is_refused_outside_mynetworks ___________________
INFO     [day08 > idempotence] Executed: Successful
ERROR tests/test_day08.py - ImportError: no module named labtest
FAILED tests/test_day08.py::test_relay_is_refused_outside_mynetworks - AssertionError: 250 2.1.5 Ok
=================== 1 failed, 12 passed in 68.99s (0:01:08) ====================
ERROR    [day08 > verify] \x1b[31mExecuted: Failed\x1b[0m
WARNING  [day08 > cleanup] Executed: Missing playbook (Remove from test_sequence to suppress)
make: *** [Makefile:113: molecule] Error 1
"""
IDEMPOTENCE = """INFO     [time > converge] Executed: 2 successful, 1 failed
INFO     [time > discovery] scenario test matrix: destroy, syntax, create, check, converge, idempotence, verify, destroy
CRITICAL Idempotence test failed because of the following tasks:
ERROR    [time > idempotence] Executed: Failed
/tmp/x/.venv/bin/pytest -q -rs -p no:cacheprovider tests/fleet
FAILED tests/fleet/test_fleet.py::test_drill - AssertionError
===================== 1 failed, 7 passed in 300.00s (0:05:00) =====================
for v in 2.14; do tools/compat $v || exit 1; done
INFO     [day06 > discovery] scenario test matrix: destroy, syntax, create, check, converge, idempotence, verify, destroy
============================= 10 passed in 14.50s ==============================
"""


def test_a_log_gives_each_scenario_its_verify_figures_and_every_failure():
    log = soak().parse_log((UNIT + PASSING + FAILING + IDEMPOTENCE).splitlines(True))
    day06, day08, time_, day06_again = log["scenarios"]
    assert (day06["name"], day06["passed"], day06["failed"], day06["seconds"], day06["bad_steps"]) == ("day06", 10, 0, 11.99, [])
    assert (day08["name"], day08["passed"], day08["failed"], day08["seconds"]) == ("day08", 12, 1, 68.99)
    assert day08["bad_steps"] == ["verify: Failed"]
    assert (time_["seconds"], time_["bad_steps"]) == (None, ["converge: 2 successful, 1 failed", "idempotence: Failed"])
    assert log["failed_tests"][:2] == [("day08", "ERROR tests/test_day08.py - ImportError: no module named labtest"),
                                       ("day08", "FAILED tests/test_day08.py::test_relay_is_refused_outside_mynetworks - AssertionError: 250 2.1.5 Ok")]
    # After the scenarios, a failure belongs to the recipe make echoed (the fleet drill), not to the last scenario;
    # make compat's second run of a scenario is a row of its own.
    # A test in a report section and a FAILED line is listed once; one in a section only, by its name.
    assert log["failed_tests"][2:] == [("tests/fleet", "FAILED tests/fleet/test_fleet.py::test_drill - AssertionError"),
                                       ("tests/unit", "FAILED test_changelog_yaml_says_what_each_fragment_says")]
    assert (day06_again["name"], day06_again["passed"], day06_again["seconds"]) == ("day06 #2", 10, 14.5)
    assert log["make_errors"] == ["make: *** [Makefile:113: molecule] Error 1"]


def test_a_clean_log_says_no_failure():
    tool = soak()
    run = {"n": 1, "rc": 0, "seconds": 12.4, "load_start": "1.00 1.00 1.00", "load_end": "2.00 1.50 1.00", "logfile": "x",
           "log": tool.parse_log(PASSING.splitlines(True))}
    text = tool.render("# h", [run])
    assert "| 1 | passed | 12 | 1.00 1.00 1.00 | 2.00 1.50 1.00 |" in text
    assert "| day06 | 10 passed, 12 s |" in text
    assert text.rstrip().endswith("No failure.")


# How many children of the process given spin as tools/soak's load does (read from /proc: no ps needed).
SPINNING = """import os, sys
count = 0
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        with open("/proc/%s/stat" % pid) as stat, open("/proc/%s/cmdline" % pid) as cmdline:
            if stat.read().rsplit(")", 1)[1].split()[1] == sys.argv[1] and cmdline.read().endswith("while True: pass\\0"):
                count += 1
    except OSError:
        pass
print(count)
"""


def repository(tmp_path, fail_on):
    """A repository whose `make flaky` prints a Molecule-like log; run number fail_on (counted outside the clones,
    which are fresh each time) fails one test. Each run records the load it ran under: how many children of this
    process (soak.main runs here) spin."""
    repo = tmp_path / "repo"
    repo.mkdir()
    spinning = tmp_path / "spinning.py"
    spinning.write_text(SPINNING)
    counter = tmp_path / "count"
    (repo / "Makefile").write_text(
        "flaky:\n"
        "\t@echo x >> %(counter)s; n=$$(wc -l < %(counter)s); echo 'INFO     [demo > verify] Executing'; \\\n"
        "\t%(python)s %(spinning)s %(soaker)d > $(CURDIR)/../hogs; \\\n"
        "\tif [ $$n = %(fail_on)d ]; then echo 'FAILED tests/test_demo.py::test_once - boom'; "
        "echo '==== 1 failed, 2 passed in 1.50s ===='; exit 1; fi; echo '==== 3 passed in 1.25s ===='\n"
        % {"counter": counter, "fail_on": fail_on, "soaker": os.getpid(), "python": sys.executable, "spinning": spinning})
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "add", "Makefile"], check=True)
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "-q", "-m", "demo"], check=True)
    return repo


def hog_pids(output):
    return [int(pid) for pid in re.search(r"hogs ([\d ]+)", output).group(1).split()]


def test_a_soak_stops_at_the_first_failed_run_and_leaves_no_spinning_process(tmp_path, capsys):
    repo = repository(tmp_path, fail_on=2)
    out = tmp_path / "out"
    rc = soak().main(["--runs", "3", "--load", "2", "--target", "flaky", "--repo", str(repo), "--out", str(out)])
    printed = capsys.readouterr().out
    assert rc == 1
    assert sorted(os.listdir(out)) == ["run1", "run2", "summary.md"]
    # Each run cloned the commit and ran under the load asked for; the load is gone afterwards.
    assert (out / "run1" / "tree" / "Makefile").is_file()
    assert (out / "run2" / "hogs").read_text().strip() == "2"
    assert len(hog_pids(printed)) == 2
    assert not [pid for pid in hog_pids(printed) if os.path.exists("/proc/%d" % pid)]
    summary = (out / "summary.md").read_text()
    assert "| 1 | passed |" in summary and "| 2 | FAILED rc=2 |" in summary
    assert "| demo | 3 passed, 1 s | 2 passed, 1 FAILED, 2 s |" in summary
    assert "- run 2, demo: `FAILED tests/test_demo.py::test_once - boom`" in summary
    assert summary in printed


def test_a_soak_passes_only_when_every_run_passes(tmp_path, capsys):
    repo = repository(tmp_path, fail_on=99)
    out = tmp_path / "out"
    assert soak().main(["--runs", "2", "--load", "0", "--target", "flaky", "--repo", str(repo), "--out", str(out)]) == 0
    summary = (out / "summary.md").read_text()
    assert "| 2 | passed |" in summary and summary.rstrip().endswith("No failure.")
    assert (out / "run2" / "hogs").read_text().strip() == "0"
    assert "hogs none" in capsys.readouterr().out
    # The same soak once more into the same place would mix two soaks' logs: refused.
    with pytest.raises(SystemExit) as stop:
        soak().main(["--runs", "1", "--target", "flaky", "--repo", str(repo), "--out", str(out)])
    assert stop.value.code == 2


def test_a_clone_shares_the_venv_only_when_built_from_the_same_requirements(tmp_path):
    repo = repository(tmp_path, fail_on=99)
    for name in ("requirements.txt", "requirements-dev.txt"):
        (repo / name).write_text("pyyaml\n")
    subprocess.run(["git", "-C", str(repo), "add", "."], check=True)
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "-q", "-m", "reqs"], check=True)
    stamp = repo / ".venv" / ".installed"
    stamp.parent.mkdir()
    stamp.write_text("")
    os.utime(stamp, (2000000000, 2000000000))
    tool = soak()
    assert tool.main(["--runs", "1", "--load", "0", "--target", "flaky", "--repo", str(repo), "--out", str(tmp_path / "same")]) == 0
    tree = tmp_path / "same" / "run1" / "tree"
    assert os.path.realpath(tree / ".venv") == os.path.realpath(repo / ".venv")
    # make sees the shared venv as up to date, and this tree's stamp is untouched.
    assert os.path.getmtime(tree / "requirements-dev.txt") <= os.path.getmtime(stamp) == 2000000000
    # This tree's requirements changed since: the clone (the commit's requirements) builds its own.
    (repo / "requirements-dev.txt").write_text("pyyaml\nansible-core\n")
    os.utime(repo / "requirements-dev.txt", (1900000000, 1900000000))
    assert tool.main(["--runs", "1", "--load", "0", "--target", "flaky", "--repo", str(repo), "--out", str(tmp_path / "other")]) == 0
    assert not os.path.lexists(tmp_path / "other" / "run1" / "tree" / ".venv")
