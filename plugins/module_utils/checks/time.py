# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Time keeping (graded with day 26, operations): one time provider, and that provider working.

Two tracks (lab.json "tracks": {"time": "chrony" | "clockspeed"}): chrony, the modern one, and
clockspeed, the djb one (supervised by daemontools, with its measuring timer).

Running time daemons are found in /proc/<pid>/comm (what really runs, whoever started it) and in
systemd's view of their units. lab.json keys (optional, course defaults below): "time":
{"clockspeed_home", "clockspeed_service", "clockspeed_timer"}.
"""

from __future__ import annotations

import os
import re

from .. import clockspeed
from ..framework import Check, failed, passed, track_of
from ..i18n import T, join

DAY = 26

DEFAULTS = {
    "clockspeed_home": "/usr/local/clockspeed",
    # svscan's link (None: /etc/service/clockspeed, else /service/clockspeed)
    "clockspeed_service": None,
    "clockspeed_timer": "clockspeed-measure.timer",
}
SYSTEMD_DIR = "/etc/systemd/system"

# provider -> (process names as in /proc/<pid>/comm (15 characters at most), systemd units, how to stop it)
PROVIDERS = (
    ("chrony", ("chronyd",), ("chrony", "chronyd"), "systemctl disable --now {unit}"),
    ("systemd-timesyncd", ("systemd-timesyn",), ("systemd-timesyncd",), "systemctl disable --now {unit}"),
    ("ntpd", ("ntpd", "xntpd", "ntpsec"), ("ntp", "ntpd", "ntpsec", "openntpd"), "systemctl disable --now {unit}"),
    ("clockspeed", ("clockspeed",), (), "rm {link} and svc -dx {target} (daemontools)"),
)
FIX_PLAYBOOK = T("or run playbooks/time.yml, which stops and disables the other provider")


def settings(ctx):
    values = dict(DEFAULTS)
    values.update(ctx.config.get("time") or {})
    return values


def service_link(ctx, values):
    if values.get("clockspeed_service"):
        return values["clockspeed_service"]
    for base in ("/etc/service", "/service"):
        if ctx.isdir(base):
            return base + "/clockspeed"
    return "/etc/service/clockspeed"


def processes(ctx):
    """{comm: [(pid, argv)]} of the running processes."""
    found = {}
    for path in ctx.glob("/proc/[0-9]*/comm"):
        comm = (ctx.read(path) or "").strip()
        if not comm:
            continue
        pid = path.split("/")[2]
        argv = (ctx.read("/proc/%s/cmdline" % pid) or "").split("\0")
        found.setdefault(comm, []).append((pid, [a for a in argv if a]))
    return found


def active_units(ctx, units):
    """The units systemd reports active, among `units`."""
    if not units:
        return []
    rc, out, _unused = ctx.run(["systemctl", "is-active"] + list(units))
    states = out.split()
    return [u for u, s in zip(units, states) if s in ("active", "activating", "reloading")]


def running_providers(ctx):
    """[(provider, evidence text, fix)] of the time daemons that run."""
    procs = processes(ctx)
    all_units = [u for _unused, _unused, units, _unused in PROVIDERS for u in units]
    active = active_units(ctx, all_units)
    link = service_link(ctx, settings(ctx))
    running = []
    for name, comms, units, fix in PROVIDERS:
        pids = [pid for c in comms for pid, _unused in procs.get(c, [])]
        on = [u for u in units if u in active]
        if not pids and not on:
            continue
        seen = []
        if pids:
            seen.append("process %s (pid %s)" % ("/".join(c for c in comms if c in procs), ", ".join(pids)))
        if on:
            seen.append("unit %s active" % "/".join(on))
        unit = on[0] if on else units[0] if units else name
        running.append((name, "%s: %s" % (name, ", ".join(seen)),
                        fix.format(unit=unit, link=link, target=_readlink(ctx, link))))
    return running


def _readlink(ctx, path):
    try:
        return os.readlink(ctx.path(path))
    except OSError:
        return path


# ---------------------------------------------------------------- 1 one provider

def check_one_provider(ctx):
    """Exactly one time daemon runs: the track's."""
    track = track_of(ctx.config, "time")
    running = running_providers(ctx)
    evidence = [text for _unused, text, _unused in running] or ["no time daemon runs"]
    names = [name for name, _unused, _unused in running]
    start = {"chrony": T("systemctl enable --now chrony (run playbooks/time.yml)"),
             "clockspeed": T("ln -s the clockspeed service directory into svscan's directory "
                             "(run playbooks/time.yml with lab_time_provider=clockspeed)")}
    if not running:
        return failed(T("no time daemon runs, so the clock drifts: %(start)s",
                        start=start.get(track) or T("start the %(track)s time daemon", track=track)), *evidence)
    if len(running) > 1:
        others = [(n, fix) for n, _unused, fix in running if n != track]
        keep = track if track in names else names[0]
        stop = join([T("stop %(name)s: %(fix)s", name=n, fix=fix) for n, fix in others if n != keep])
        return failed(T("%(count)d time daemons run at once (%(names)s) and fight over the clock: keep one provider "
                        "per job, %(keep)s; %(stop)s, %(playbook)s", count=len(running), names=join(names, " and "),
                        keep=keep, stop=stop, playbook=FIX_PLAYBOOK), *evidence)
    if names[0] != track:
        fix = running[0][2]
        return failed(T("%(name)s runs, but this VM follows the %(track)s track: stop it (%(fix)s) and start "
                        "%(track)s, %(playbook)s", name=names[0], track=track, fix=fix, playbook=FIX_PLAYBOOK),
                      *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 2 chrony

def check_chrony(ctx):
    """chronyd runs, answers chronyc tracking and is synchronised (to a source or, in the lab without
    Internet, to its own local reference)."""
    procs = processes(ctx).get("chronyd", [])
    if not procs:
        return failed(T("chronyd does not run: systemctl enable --now chrony (journalctl -u chrony says why "
                        "it stopped; in a container it needs -x, see /etc/default/chrony)"))
    pid, argv = procs[0]
    evidence = ["chronyd (pid %s): %s" % (pid, " ".join(argv) or "?")]
    no_clock = "-x" in argv[1:]
    rc, out, err = ctx.run(["chronyc", "-n", "tracking"])
    if rc != 0:
        return failed(T("chronyd runs but chronyc tracking gets no answer (%(error)s): is cmdport disabled or "
                        "bindcmdaddress wrong in chrony.conf?", error=(err or out).strip() or "rc %d" % rc),
                      *evidence)
    wanted = ("Reference ID", "Stratum", "System time", "Leap status")
    evidence.extend(line.strip() for line in out.splitlines() if line.split(":")[0].strip() in wanted)
    fields = dict((line.split(":", 1)[0].strip(), line.split(":", 1)[1].strip())
                  for line in out.splitlines() if ":" in line)
    leap = fields.get("Leap status")
    if leap is None:
        return failed(T("chronyc tracking printed no Leap status, so it cannot tell whether the clock is "
                        "synchronised: compare chronyc -n tracking by hand"), *evidence)
    if leap.lower().startswith("not synchronised") or fields.get("Reference ID", "").startswith("00000000"):
        return failed(T("chronyd runs but is not synchronised to any source (Leap status: %(leap)s): chronyc -n "
                        "sources -v shows why. The lab has no Internet: name a lab time server (server ... iburst, "
                        "lab_time_servers), or keep local stratum 10 in chrony.conf so the VM serves its own clock, "
                        "then systemctl restart chrony", leap=leap), *evidence)
    if no_clock:
        evidence.append("note: chronyd runs with -x: it measures and serves time but never sets the system "
                        "clock (a container has no CAP_SYS_TIME; the host keeps the clock)")
    return passed(*evidence)


# ---------------------------------------------------------------- 11 clockspeed service

def check_clockspeed_service(ctx):
    """daemontools supervises clockspeed, which runs."""
    values = settings(ctx)
    link = service_link(ctx, values)
    home = values["clockspeed_home"].rstrip("/")
    if not ctx.isfile(home + "/bin/clockspeed"):
        return failed(T("%(home)s/bin/clockspeed is not installed: build clockspeed (errno fix in conf-cc: "
                        "gcc -O2 -include /usr/include/errno.h), then make setup check", home=home))
    if not ctx.exists(link):
        return failed(T("%(link)s does not exist, so svscan does not supervise clockspeed: ln -s the service "
                        "directory (with its run script) there", link=link))
    run = ctx.read(link + "/run")
    evidence = ["%s -> %s" % (link, _readlink(ctx, link))]
    if run is None:
        return failed(T("%(link)s/run is missing: write \"#!/bin/sh / exec 2>&1 / exec %(home)s/bin/clockspeed\" "
                        "and chmod +x it", link=link, home=home), *evidence)
    if not clockspeed.run_execs(run):
        return failed(T("%(link)s/run does not exec clockspeed in the foreground (daemontools supervises the run "
                        "script's own process): end it with \"exec %(home)s/bin/clockspeed\"", link=link, home=home),
                      *evidence)
    rc, out, err = ctx.run(["svstat", link])
    status = (out or err).strip()
    evidence.append("svstat: %s" % (status or "rc %d" % rc))
    if rc == 127:
        return failed(T("daemontools is not installed (no svstat), so nothing supervises clockspeed: install "
                        "daemontools (playbooks with the daemontools role) and let svscan watch %(dir)s",
                        dir=link.rsplit("/", 1)[0]), *evidence)
    if rc != 0 or ": up " not in status:
        return failed(T("clockspeed is not up under daemontools (%(status)s): svc -u %(link)s, and check that svscan "
                        "runs", status=status or T("svstat failed"), link=link), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 12 clockspeed schedule

def _measures_into(command, home):
    """True when an ExecStart line runs sntpclock with a server and sends its output to home/adjust
    (a word 'adjust' in a comment or another command is not enough)."""
    found = re.search(r"(?:^|[\s'\"/])sntpclock\s+([^\s>'\"]+)\s*>\s*([^\s'\";]+)", command)
    return bool(found) and found.group(2) == home + "/adjust"


def check_clockspeed_schedule(ctx):
    """The measuring timer (minutes, hours, days, weeks, months after the start) is installed and on."""
    values = settings(ctx)
    home = values["clockspeed_home"].rstrip("/")
    timer = values["clockspeed_timer"]
    path = "%s/%s" % (SYSTEMD_DIR, timer)
    text = ctx.read(path)
    if text is None:
        return failed(T("%(path)s is missing: clockspeed learns the clock's drift only from measurements "
                        "(sntpclock <server> > %(home)s/adjust) a few minutes, 2 hours, 2 days, 2 weeks and "
                        "2 months after the start; run playbooks/time.yml", path=path, home=home))
    stamp = (ctx.read(home + "/etc/serverlab-start") or "").strip()
    start = int(stamp) if stamp.isdigit() else None
    calendars = clockspeed.parse_unit(text).get("Timer", {}).get("OnCalendar", [])
    evidence = ["%s: OnCalendar=%s" % (timer, c) for c in calendars]
    if start is not None:
        evidence.insert(0, "start: %s" % clockspeed.on_calendar(start))
    problems = clockspeed.check_timer(text, start)
    unit = timer.rsplit(".", 1)[0]
    service = ctx.read("%s/%s.service" % (SYSTEMD_DIR, unit)) or ""
    commands = clockspeed.parse_unit(service).get("Service", {}).get("ExecStart", [])
    evidence.extend("%s.service: ExecStart=%s" % (unit, c) for c in commands)
    if not any(_measures_into(command, home) for command in commands):
        problems.append(T("%(unit)s.service does not write the measurement to %(home)s/adjust: its ExecStart must "
                          "run %(home)s/bin/sntpclock <server> with its output sent to %(home)s/adjust (ExecStart=/bin/sh "
                          "-c 'exec %(home)s/bin/sntpclock SERVER > %(home)s/adjust')", unit=unit, home=home))
    rc, out, _unused = ctx.run(["systemctl", "is-enabled", timer])
    evidence.append("systemctl is-enabled %s: %s" % (timer, out.strip() or rc))
    if out.strip() != "enabled":
        problems.append(T("the timer is not enabled: systemctl enable --now %(timer)s", timer=timer))
    if problems:
        return failed(T("%(path)s: %(problems)s", path=path, problems=join(problems)), *evidence)
    return passed(*evidence)


# On every VM: one time provider.
CHECKS = [
    Check(DAY, 1, "time/one-provider", check_one_provider),
]

# chrony (the default, catalog.py: track choice "chrony").
CHRONY = [
    Check(DAY, 2, "time/chrony", check_chrony),
]

# clockspeed (the djb track, catalog.py: track choice "clockspeed").
CLOCKSPEED = [
    Check(DAY, 11, "time/clockspeed", check_clockspeed_service),
    Check(DAY, 12, "time/clockspeed-schedule", check_clockspeed_schedule),
]
