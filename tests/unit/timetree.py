# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Time keeping on a fake tree (TimeTree) with a fake system clock and chronyc/clockspeed answers (FakeSystem);
ctx grades it on a track. A helper module, not a test module."""

from __future__ import annotations

import os

from ansible_collections.serverlab.course.plugins.module_utils import clockspeed
from labtree import LabTree


TRACKING = """Reference ID    : 7F7F0101 ()
Stratum         : 10
Ref time (UTC)  : Mon Nov 23 11:42:58 2026
System time     : 0.000000000 seconds fast of NTP time
Leap status     : Normal
"""


START = 1795000000


HOME = "/usr/local/clockspeed"


class FakeSystem(object):
    def __init__(self):
        self.active = {"chrony", "chronyd"}
        self.tracking_rc = 0
        self.svstat = "/etc/service/clockspeed: up (pid 812) 93 seconds\n"
        self.enabled = "enabled"
        self.calls = []

    def __call__(self, argv):
        self.calls.append(list(argv))
        if argv[:2] == ["systemctl", "is-active"]:
            states = ["active" if u in self.active else "inactive" for u in argv[2:]]
            return (0 if "active" in states else 3), "\n".join(states) + "\n", ""
        if argv[:2] == ["systemctl", "is-enabled"]:
            return (0 if self.enabled == "enabled" else 1), self.enabled + "\n", ""
        if argv[:3] == ["chronyc", "-n", "tracking"]:
            if self.tracking_rc:
                return self.tracking_rc, "", "506 Cannot talk to daemon\n"
            return 0, TRACKING, ""
        if argv[0] == "svstat":
            return 0, self.svstat, ""
        return 127, "", "%s: command not found" % argv[0]


class TimeTree(LabTree):
    def process(self, pid, comm, *argv):
        self.write("/proc/%d/comm" % pid, comm + "\n")
        self.write("/proc/%d/cmdline" % pid, "\0".join(argv) + "\0")

    def clockspeed(self, start=START):
        self.write(HOME + "/bin/clockspeed", "")
        os.makedirs(self.real("/var/svc.d/clockspeed"))
        self.write("/var/svc.d/clockspeed/run", clockspeed.run_script(HOME))
        os.makedirs(self.real("/etc/service"))
        os.symlink(self.real("/var/svc.d/clockspeed"), self.real("/etc/service/clockspeed"))
        self.write(HOME + "/etc/serverlab-start", "%d\n" % start)
        calendars = "".join("OnCalendar=%s\n" % c for _unused, _unused, c in clockspeed.schedule(start))
        self.write("/etc/systemd/system/clockspeed-measure.timer",
                   "[Timer]\n%sPersistent=true\n[Install]\nWantedBy=timers.target\n" % calendars)
        self.write("/etc/systemd/system/clockspeed-measure.service",
                   "[Service]\nType=oneshot\nExecStart=/bin/sh -c 'exec %s/bin/sntpclock 192.168.0.10 > "
                   "%s/adjust'\n" % (HOME, HOME))
        self.process(812, "clockspeed", HOME + "/bin/clockspeed")


def ctx(tree, system, track="chrony"):
    return tree.ctx(runner=system, tracks={"time": track})
