"""Time-keeping checks (day 26) on fake /proc trees and a fake systemd: one provider per job, chrony
with and without -x, and the clockspeed track's service and measuring timer."""

from __future__ import annotations

import os

import pytest

from ansible_collections.serverlab.course.plugins.module_utils import catalog
from ansible_collections.serverlab.course.plugins.module_utils.checks import time as timechecks
from timetree import HOME, START, TRACKING, FakeSystem, TimeTree, ctx


@pytest.fixture
def tree(tmp_path):
    lab = TimeTree(tmp_path / "debian", "Debian")
    lab.process(1, "systemd", "/lib/systemd/systemd")
    lab.process(233, "chronyd", "/usr/sbin/chronyd", "-F", "1")
    return lab


@pytest.fixture
def system():
    return FakeSystem()


def fails(result, *fragments):
    assert result.status == "FAIL", result
    for fragment in fragments:
        assert fragment in result.reason, "%r not in %r" % (fragment, result.reason)
    return result


def test_catalog_tracks():
    chrony = catalog.select([26], config={"tracks": {"time": "chrony"}})
    assert [c.item for c in chrony] == ["time/one-provider", "time/chrony"]
    djb = catalog.select([26], config={"tracks": {"time": "clockspeed"}})
    assert [c.item for c in djb] == ["time/one-provider", "time/clockspeed", "time/clockspeed-schedule"]
    assert [c.item for c in catalog.select([26], config={})] == ["time/one-provider", "time/chrony"]


def test_chrony_alone_passes(tree, system):
    c = ctx(tree, system)
    assert timechecks.check_one_provider(c).ok
    result = timechecks.check_chrony(c)
    assert result.ok, result
    assert not any("-x" in e for e in result.evidence)


def test_chrony_with_x_says_so(tree, system):
    tree.process(233, "chronyd", "/usr/sbin/chronyd", "-F", "1", "-x")
    result = timechecks.check_chrony(ctx(tree, system))
    assert result.ok
    assert any("runs with -x" in e and "CAP_SYS_TIME" in e for e in result.evidence)


def test_two_daemons_fail_naming_both_and_the_fix(tree, system):
    tree.process(400, "systemd-timesyn", "/lib/systemd/systemd-timesyncd")
    system.active.add("systemd-timesyncd")
    fails(timechecks.check_one_provider(ctx(tree, system)), "chrony and systemd-timesyncd",
          "systemctl disable --now systemd-timesyncd", "playbooks/time.yml")


def test_a_daemon_seen_only_as_a_process_counts(tree, system):
    tree.process(401, "ntpd", "/usr/local/sbin/ntpd", "infinity")
    result = fails(timechecks.check_one_provider(ctx(tree, system)), "chrony and ntpd")
    assert "ntpd: process ntpd (pid 401)" in result.evidence


def test_clockspeed_next_to_chrony(tree, system):
    tree.clockspeed()
    fails(timechecks.check_one_provider(ctx(tree, system)), "chrony and clockspeed",
          "rm /etc/service/clockspeed and svc -dx")


def test_no_daemon(tree, system):
    tree.remove("/proc/233/comm")
    system.active.clear()
    fails(timechecks.check_one_provider(ctx(tree, system)), "no time daemon runs", "systemctl enable --now chrony")
    fails(timechecks.check_chrony(ctx(tree, system)), "chronyd does not run")


def test_wrong_provider_for_the_track(tree, system):
    fails(timechecks.check_one_provider(ctx(tree, system, "clockspeed")), "chrony runs",
          "clockspeed track", "systemctl disable --now chrony")


def test_chronyc_without_answer(tree, system):
    system.tracking_rc = 1
    fails(timechecks.check_chrony(ctx(tree, system)), "chronyc tracking gets no answer", "506")


# ---------------------------------------------------------------- clockspeed track

@pytest.fixture
def djb(tree, system):
    tree.remove("/proc/233/comm")
    system.active.clear()
    tree.clockspeed()
    return tree


def test_clockspeed_track_passes(djb, system):
    c = ctx(djb, system, "clockspeed")
    for check in catalog.select([26], config={"tracks": {"time": "clockspeed"}}):
        result = check.run(c)
        assert result.ok, (check, result)


def test_clockspeed_not_supervised(djb, system):
    os.remove(djb.real("/etc/service/clockspeed"))
    fails(timechecks.check_clockspeed_service(ctx(djb, system, "clockspeed")), "svscan does not supervise")


def test_clockspeed_run_in_background(djb, system):
    djb.write("/var/svc.d/clockspeed/run", "#!/bin/sh\n%s/bin/clockspeed &\n" % HOME)
    fails(timechecks.check_clockspeed_service(ctx(djb, system, "clockspeed")), "in the foreground")


def test_clockspeed_down(djb, system):
    system.svstat = "/etc/service/clockspeed: down 4 seconds, normally up\n"
    fails(timechecks.check_clockspeed_service(ctx(djb, system, "clockspeed")), "not up", "svc -u")


def test_clockspeed_not_built(djb, system):
    djb.remove(HOME + "/bin/clockspeed")
    fails(timechecks.check_clockspeed_service(ctx(djb, system, "clockspeed")), "errno", "make setup check")


def test_schedule_missing(djb, system):
    djb.remove("/etc/systemd/system/clockspeed-measure.timer")
    fails(timechecks.check_clockspeed_schedule(ctx(djb, system, "clockspeed")), "2 months", "adjust")


def test_schedule_relative_timer(djb, system):
    djb.write("/etc/systemd/system/clockspeed-measure.timer", "[Timer]\nOnBootSec=5min\nOnBootSec=2h\n")
    fails(timechecks.check_clockspeed_schedule(ctx(djb, system, "clockspeed")), "after every boot")


def test_schedule_not_from_the_start(djb, system):
    djb.write(HOME + "/etc/serverlab-start", "%d\n" % (START + 3600))
    fails(timechecks.check_clockspeed_schedule(ctx(djb, system, "clockspeed")), "not the schedule")


def test_schedule_disabled(djb, system):
    system.enabled = "disabled"
    fails(timechecks.check_clockspeed_schedule(ctx(djb, system, "clockspeed")),
          "systemctl enable --now clockspeed-measure.timer")


def test_clockspeed_without_daemontools(djb, system):
    def no_svstat(argv):
        if argv[0] == "svstat":
            return 127, "", "svstat: command not found"
        return system(argv)
    fails(timechecks.check_clockspeed_service(djb.ctx(runner=no_svstat, tracks={"time": "clockspeed"})),
          "daemontools is not installed", "/etc/service")


def test_chrony_not_synchronised(tree, system):
    unsynced = TRACKING.replace(TRACKING.split("Leap status")[1].splitlines()[0],
                                "     : Not synchronised")
    real = system.__call__

    def answer(argv):
        if argv[:3] == ["chronyc", "-n", "tracking"]:
            return 0, unsynced, ""
        return real(argv)
    fails(timechecks.check_chrony(ctx(tree, answer)), "not synchronised to any source", "local stratum 10",
          "chronyc -n sources -v")


def test_schedule_service_that_only_mentions_adjust(djb, system):
    djb.write("/etc/systemd/system/clockspeed-measure.service",
              "[Service]\n# writes to adjust\nType=oneshot\nExecStart=/bin/true adjust\n")
    fails(timechecks.check_clockspeed_schedule(ctx(djb, system, "clockspeed")),
          "does not write the measurement", "sntpclock SERVER >")


def test_schedule_service_writing_elsewhere(djb, system):
    djb.write("/etc/systemd/system/clockspeed-measure.service",
              "[Service]\nExecStart=/bin/sh -c 'exec %s/bin/sntpclock 192.168.0.10 > /tmp/adjust'\n" % HOME)
    fails(timechecks.check_clockspeed_schedule(ctx(djb, system, "clockspeed")), "does not write the measurement")
