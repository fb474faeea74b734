# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The course plan: the lab days, their titles, the tracks and the day playbooks, in one place.

Pure data, no imports. Read by the catalog (catalog.py composes each day's checks under these
titles and tracks), shipped in the evaluator's zip, and read by roles and playbooks through the
lookup serverlab.course.course_plan (roles/lab/defaults, playbooks/upto.yml).
tests/unit/test_course_plan.py fails when a playbook, the catalog or an argument spec disagrees.
"""

# The lab days the collection builds and grades, with their titles (Japanese: messages_ja.py).
DAYS = {
    6: "environment set-up",
    7: "DNS server",
    8: "mail server (SMTP and POP3)",
    10: "Samba and the superserver",
    12: "security systems (SSH)",
    13: "SSL mail (SMTPS, POP3S)",
    20: "database server",
    # Time keeping has no known course day; it is graded with the operations day.
    26: "operations: time keeping",
}

# The day the whole-VM build stops at when no lab_day is given (lab_latest_day, playbooks/upto.yml,
# `make lab`): the days of the course's first weeks, 6 to 20. Time keeping (day 26, operations) is
# built and graded only when asked for: -e lab_day=26 (make lab DAY=26).
LATEST_DAY = 20

# A job some days can do with one of several programs: the VM follows one choice per track, named by
# the inventory variable (the labeval role writes the choices to lab.json's "tracks"). The first
# choice is the course's and the default. Choice names are unique across tracks.
TRACKS = {
    "dns": {"variable": "lab_dns_server", "choices": ["bind", "tinydns"]},
    "mta": {"variable": "lab_mta", "choices": ["postfix", "qmail"]},
    "time": {"variable": "lab_time_provider", "choices": ["chrony", "clockspeed"]},
    # The host's part of the mail system split across hosts (lab_mail_hosts; derived, not chosen):
    # single (the course's one host) has no checks of its own, the store has day 8's 50-51.
    "mail": {"variable": "lab_mail_role", "choices": ["single", "store", "relay", "backup-relay"]},
    # The VM's firewall: none (Debian's default) or firewalld, on by default on EL ("os_defaults": the
    # choice per ansible os_family where it is not the course's). firewalld VMs get check 6.20.
    "firewall": {"variable": "lab_firewall", "choices": ["none", "firewalld"], "os_defaults": {"RedHat": "firewalld"}},
    # SELinux: graded where the VM has it (EL: enforcing stays enforcing); enforcing VMs get 6.21-6.22.
    "selinux": {"variable": "lab_selinux", "choices": ["none", "enforcing"], "os_defaults": {"RedHat": "enforcing"}},
}

# The day playbooks of the whole-VM build (playbooks/<name>.yml), in the order upto.yml imports them:
# (name, day, the track choice it builds or None for every VM).
PLAYBOOKS = [
    ("day06", 6, None),
    ("day07", 7, "bind"),
    ("djbdns", 7, "tinydns"),
    ("day08", 8, "postfix"),
    ("qmail", 8, "qmail"),
    ("day10", 10, None),
    ("day12", 12, None),
    ("day13", 13, None),
    ("day20", 20, None),
    ("time", 26, None),
]

# The relays of the mail split (lab_mail_role relay or backup-relay) are edge hosts: they run the set-up
# day and the MTA's day alone (no DNS server, no mailboxes, no other service), and are graded on the
# checks for every VM of EDGE_DAYS and on their own mail track's checks (checks/mailsplit.py).
EDGE_CHOICES = ("relay", "backup-relay")
EDGE_PLAYBOOKS = ("day06", "day08", "qmail")
EDGE_DAYS = (6,)


def track_defaults():
    """{track: default choice}, e.g. {"dns": "bind", ...}."""
    return dict((name, track["choices"][0]) for name, track in TRACKS.items())


def track_of_choice(choice):
    """The track a choice belongs to ("tinydns" -> "dns"); KeyError for an unknown choice."""
    for name, track in TRACKS.items():
        if choice in track["choices"]:
            return name
    raise KeyError("%r is no track choice of the course plan" % (choice,))


def plays(upto, tracks):
    """{playbook: whether a VM at day `upto` on `tracks` ({track: choice}, missing: default) runs it}."""
    chosen = track_defaults()
    chosen.update(dict((k, v) for k, v in (tracks or {}).items() if v not in (None, "")))
    edge = is_edge(chosen)
    out = {}
    for name, day, choice in PLAYBOOKS:
        on_track = choice is None or chosen[track_of_choice(choice)] == choice
        out[name] = int(upto) >= day and on_track and (not edge or name in EDGE_PLAYBOOKS)
    return out


def is_edge(tracks):
    """Whether a VM on `tracks` ({track: choice}) is an edge host, a relay of the mail split."""
    return (tracks or {}).get("mail") in EDGE_CHOICES


def as_dict():
    """The plan as plain data (JSON keys are strings), for the lookup."""
    return {
        "days": dict((str(day), {"title": title}) for day, title in DAYS.items()),
        "latest_day": LATEST_DAY,
        "tracks": dict((name, {"variable": track["variable"], "choices": list(track["choices"]),
                               "default": track["choices"][0], "os_defaults": dict(track.get("os_defaults", {}))})
                       for name, track in TRACKS.items()),
        "playbooks": [{"name": name, "day": day, "track_choice": choice} for name, day, choice in PLAYBOOKS],
        "edge": {"choices": list(EDGE_CHOICES), "playbooks": list(EDGE_PLAYBOOKS), "days": list(EDGE_DAYS)},
    }
