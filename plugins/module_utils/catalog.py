# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The catalog: which checks grade which lab day.

Every user of the evaluator (the `lab_eval` module, the `labeval` command on
the VM, Molecule's verify) selects its checks here, so a check is written once
in checks/dayNN.py. To add a day: write checks/dayNN.py with a CHECKS list and
add `NN: Day(NN, "title", dayNN.CHECKS)` to DAYS.
"""

from __future__ import annotations

from .evaluator import Day
from .checks import day06, day07, day08, day10, day12, day13, day20, djbdns, providers, time
from .evaluator import Check

DAYS = {
    6: Day(6, "environment set-up", day06.CHECKS),
    # Day 7 on either track: BIND (checks 1-19) or tinydns + dnscache (checks 21-39); 40 on both.
    7: Day(7, "DNS server", day07.CHECKS + djbdns.CHECKS + [
        Check(7, 40, "dns/one-server", providers.check_one_dns_server),
    ]),
    # Day 8 on either track: Postfix (checks 1-19) or qmail (21-39); 40-44 on both.
    8: Day(8, "mail server (SMTP and POP3)", day08.CHECKS),
    10: Day(10, "Samba and the superserver", day10.CHECKS),
    12: Day(12, "security systems (SSH)", day12.CHECKS),
    13: Day(13, "SSL mail (SMTPS, POP3S)", day13.CHECKS),
    20: Day(20, "database server", day20.CHECKS),
    # Time keeping has no known course day; it is graded with the operations day.
    26: Day(26, "operations: time keeping", time.CHECKS),
}


def known_days():
    return sorted(DAYS)


def known_days_text():
    return ", ".join(str(d) for d in known_days())


def select(days=None, upto=None, config=None):
    """The checks of `days` (None: every day), in day then number order.

    `upto` keeps only days <= upto (the lab's current day); `config` keeps only the
    checks of the VM's tracks (evaluator.track_of). Raises ValueError
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
        checks.extend(sorted((c for c in DAYS[number].checks if config is None or c.applies(config)),
                             key=lambda c: c.num))
    return checks
