# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""clockspeed's measuring schedule and its daemontools and systemd files, as text.

clockspeed (D. J. Bernstein) learns how many real attoseconds one CPU tick lasts from time
measurements written to /usr/local/clockspeed/adjust (`sntpclock <server> > adjust`). Its INSTALL
asks for a first measurement when it starts, a second a few hours later, then more after days,
weeks and months: the farther apart, the better the estimate (saved in etc/atto).

The clockspeed role computes the schedule as ABSOLUTE times from the moment the clock was first
set (a stamp file written once by the role), rendered as systemd `OnCalendar=` lines with
`Persistent=true`:

- `OnBootSec=` counts from each boot and `OnActiveSec=` from each timer activation: after a reboot
  the early measurements would run again and a "2 months" measurement would need two months of
  uptime. Absolute times survive reboots, a time missed while the VM was off fires at the next boot
  (Persistent=true), and nothing repeats.
- Computed from the stamp, not from "now", so a second run renders the same units (idempotent).

The role renders the same lines in Jinja (templates/clockspeed-measure.timer.j2); the unit tests
prove both agree. The evaluator (checks/time.py) parses the installed timer with parse_unit().
Pure Python standard library.
"""

from __future__ import annotations

import datetime
import re

# The technique's measuring points after the start: label and seconds.
DEFAULT_SCHEDULE = (
    ("a few minutes", 5 * 60),
    ("2 hours", 2 * 3600),
    ("2 days", 2 * 86400),
    ("2 weeks", 14 * 86400),
    ("2 months", 60 * 86400),
)

CALENDAR_FORMAT = "%Y-%m-%d %H:%M:%S UTC"

_SPAN = re.compile(r"^\s*(\d+)\s*(s|sec|m|min|h|d|w|mo|month|months)?\s*$")
_SPAN_SECONDS = {None: 1, "s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400,
                 "w": 7 * 86400, "mo": 30 * 86400, "month": 30 * 86400, "months": 30 * 86400}


def span_seconds(value):
    """Seconds of a span: an int, or text such as 300, 5min, 2h, 2d, 2w, 2mo (a month is 30 days)."""
    if isinstance(value, bool):
        raise ValueError("a time span is a number of seconds or text such as 2h, not %r" % (value,))
    if isinstance(value, int):
        seconds = value
    else:
        match = _SPAN.match(str(value))
        if not match:
            raise ValueError("bad time span %r (use seconds or 5min, 2h, 2d, 2w, 2mo)" % (value,))
        seconds = int(match.group(1)) * _SPAN_SECONDS[match.group(2)]
    if seconds <= 0:
        raise ValueError("a time span must be positive, not %r" % (value,))
    return seconds


def normalize_schedule(schedule):
    """[(label, seconds)] sorted by time, from dicts {label, after} or pairs; raises ValueError.

    Two measurements at the same moment teach clockspeed nothing: duplicates are refused.
    """
    items = []
    for entry in schedule:
        if isinstance(entry, dict):
            label, after = entry.get("label"), entry.get("after")
        else:
            label, after = entry
        seconds = span_seconds(after)
        items.append((str(label or after), seconds))
    items.sort(key=lambda item: item[1])
    seen = set()
    for label, seconds in items:
        if seconds in seen:
            raise ValueError("two measurements %d s after the start: each must be at its own time" % seconds)
        seen.add(seconds)
    if not items:
        raise ValueError("the schedule needs at least one measurement")
    return items


def on_calendar(epoch):
    """An absolute systemd calendar time, in UTC, for a Unix time."""
    moment = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc)
    return moment.strftime(CALENDAR_FORMAT)


def schedule(start, entries=DEFAULT_SCHEDULE):
    """[(label, epoch, OnCalendar text)] for a start time (Unix seconds)."""
    start = int(start)
    return [(label, start + seconds, on_calendar(start + seconds))
            for label, seconds in normalize_schedule(entries)]


def parse_unit(text):
    """A systemd unit as {section: {key: [values]}} (repeated keys kept in order; '#' and ';' comments)."""
    sections = {}
    current = None
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        if current is None or "=" not in line:
            continue
        key, value = line.split("=", 1)
        key, value = key.strip(), value.strip()
        if value == "":
            current[key] = []  # an empty assignment resets a list setting
        else:
            current.setdefault(key, []).append(value)
    return sections


def calendar_epoch(text):
    """Unix time of an OnCalendar value written as 'YYYY-MM-DD HH:MM:SS UTC'; None otherwise."""
    try:
        moment = datetime.datetime.strptime(text.strip(), CALENDAR_FORMAT)
    except ValueError:
        return None
    return int(moment.replace(tzinfo=datetime.timezone.utc).timestamp())


def check_timer(text, start=None, entries=DEFAULT_SCHEDULE):
    """Problems (list of text) with a measuring timer unit; none when it follows the schedule.

    With `start` (the stamp's time), the OnCalendar times must be exactly the schedule's.
    """
    unit = parse_unit(text)
    timer = unit.get("Timer", {})
    problems = []
    calendars = timer.get("OnCalendar", [])
    if not calendars:
        relative = [k for k in ("OnBootSec", "OnActiveSec", "OnStartupSec") if timer.get(k)]
        if relative:
            problems.append("%s counts again after every boot, so the late measurements (weeks, months) "
                            "never come and the early ones repeat: use absolute OnCalendar= times "
                            "from the start" % "/".join(relative))
        else:
            problems.append("no OnCalendar= line: the measurements are never taken")
    epochs = [calendar_epoch(c) for c in calendars]
    bad = [c for c, e in zip(calendars, epochs) if e is None]
    if bad:
        problems.append("OnCalendar=%s is not an absolute UTC time such as 2026-01-31 12:00:00 UTC" % bad[0])
    if "true" not in [v.lower() for v in timer.get("Persistent", [])] and calendars:
        problems.append("Persistent=true is missing: a measurement due while the VM was off is lost")
    wanted = normalize_schedule(entries)
    if start is not None and not bad and calendars:
        want = [int(start) + seconds for _unused, seconds in wanted]
        got = sorted(epochs)
        if got != want:
            problems.append("the times are %s, not the schedule %s after the start %s"
                            % (", ".join(calendars), ", ".join(label for label, _unused in wanted),
                               on_calendar(start)))
    elif calendars and not bad and len(calendars) < len(wanted):
        problems.append("%d measurement times, the technique needs %d (%s)"
                        % (len(calendars), len(wanted), ", ".join(label for label, _unused in wanted)))
    return problems


def run_script(home):
    """The daemontools `run` of clockspeed: stderr to the log, clockspeed in the foreground."""
    return "#!/bin/sh\nexec 2>&1\nexec %s/bin/clockspeed\n" % home.rstrip("/")


def log_script(user, directory="./main"):
    """The daemontools `log/run`: multilog with timestamps, as an unprivileged user."""
    return "#!/bin/sh\nexec setuidgid %s multilog t %s\n" % (user, directory)


def run_execs(text, program="clockspeed"):
    """True when a run script's last exec starts `program` in the foreground (no trailing &)."""
    execs = [line.strip() for line in (text or "").splitlines() if line.strip().startswith("exec ")
             and not line.strip().startswith("exec 2>")]
    if not execs:
        return False
    words = execs[-1].split()
    return len(words) > 1 and words[1].rsplit("/", 1)[-1] == program and not execs[-1].endswith("&")
