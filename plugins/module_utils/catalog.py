# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The catalog: which checks grade which lab day, on which track.

Every user of the evaluator (the `lab_eval` module, the `labeval` command on
the VM, Molecule's verify) selects its checks here, so a check is written once
in a checks file. This module only composes: the days and their titles come from
the course plan (course.py), the checks from checks/*.py. Each day is
{ALL: checks for every VM, choice: checks for the VMs on that track choice},
where a choice is one of course.TRACKS ("bind", "tinydns", "postfix", "qmail",
"chrony", "clockspeed", the mail split's "store", "firewalld", "enforcing", or a tuple of choices: the
relays' course.EDGE_CHOICES). To add a day: its title in course.DAYS, its checks in
checks/dayNN.py, and one line in PARTS.
"""

from __future__ import annotations

from . import course
from .checks import day06, day07, day08, day10, day12, day13, day20, djbdns, firewall, mailsplit, network, selinux, time
from .framework import Check, Day, track_of

ALL = None  # the key of the checks every VM of the day gets

PARTS = {
    6: {ALL: day06.CHECKS, "firewalld": firewall.CHECKS, "enforcing": selinux.CHECKS},
    7: {ALL: day07.CHECKS, "bind": day07.BIND, "tinydns": djbdns.TINYDNS},
    8: {ALL: day08.CHECKS, "postfix": day08.POSTFIX, "qmail": day08.QMAIL, "store": mailsplit.STORE,
        course.EDGE_CHOICES: mailsplit.RELAY},
    10: {ALL: day10.CHECKS},
    12: {ALL: day12.CHECKS},
    13: {ALL: day13.CHECKS, "postfix": day13.POSTFIX},
    20: {ALL: day20.CHECKS},
    26: {ALL: time.CHECKS, "chrony": time.CHRONY, "clockspeed": time.CLOCKSPEED},
}


def compose(plan_days, parts):
    """{day: Day} for every day of the course plan; ValueError when plan and parts name other days."""
    if sorted(plan_days) != sorted(parts):
        raise ValueError("the course plan has days %s, the catalog %s" % (sorted(plan_days), sorted(parts)))
    days = {}
    for number in sorted(parts):
        tracks = dict((choice, checks) for choice, checks in parts[number].items() if choice is not ALL)
        days[number] = Day(number, plan_days[number], parts[number].get(ALL, []), tracks)
    return days


DAYS = compose(course.DAYS, PARTS)

VIEWS = ("vm", "net")  # vm: on the VM (labeval); net: from a lab client (labeval --target ADDRESS)


def parts_of(checks):
    """{day: {ALL or choice: checks}} of a flat list whose checks carry their own track."""
    parts = {}
    for check in checks:
        key = ALL if check.track is None else check.track[1]
        plain = check if key is ALL else Check(check.day, check.num, check.item, check.func, check.title)
        parts.setdefault(check.day, {ALL: []}).setdefault(key, []).append(plain)
    return parts


# The network view: the same days and titles; a day without network checks has none.
NET_PARTS = parts_of(network.CHECKS)
NET_DAYS = compose(course.DAYS, dict((n, NET_PARTS.get(n, {ALL: []})) for n in course.DAYS))


def known_days():
    return sorted(DAYS)


def known_days_text():
    return ", ".join(str(d) for d in known_days())


def graded(check, config):
    """Whether the VM of `config` is graded on `check`: the checks of its tracks; an edge host (a relay of
    the mail split, course.EDGE_CHOICES) runs the set-up day and its MTA alone, so it gets the checks for
    every VM of course.EDGE_DAYS and those of its own mail track only."""
    if not check.applies(config):
        return False
    if course.is_edge({"mail": track_of(config, "mail")}):
        return check.day in course.EDGE_DAYS if check.track is None else check.track[0] == "mail"
    return True


def select(days=None, upto=None, config=None, view="vm"):
    """The checks of `days` (None: every day), in day then number order.

    `upto` keeps only days <= upto (the lab's current day); `config` keeps only the
    checks of the VM's tracks (framework.track_of); `view` "net" gives the network view's checks.
    Raises ValueError
    naming the known days when a requested day is not in the catalog.
    """
    if days is None:
        chosen = known_days()
    else:
        chosen = []
        for day in days:
            try:
                number = int(day)
            except (TypeError, ValueError):
                raise ValueError("bad day %r (known days: %s)" % (day, known_days_text()))
            if number not in DAYS:
                raise ValueError("unknown day %d (known days: %s)" % (number, known_days_text()))
            chosen.append(number)
        chosen = sorted(set(chosen))
    if upto is not None:
        chosen = [d for d in chosen if d <= int(upto)]
    checks = []
    for number in chosen:
        table = NET_DAYS if view == "net" else DAYS
        checks.extend(sorted((c for c in table[number].checks if config is None or graded(c, config)),
                             key=lambda c: c.num))
    return checks
