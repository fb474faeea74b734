# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Exactly one provider per job: one DNS server on port 53, one MTA on port 25, whichever track.

Two servers on one port is the classic way a daemon "starts" and answers nothing: the second
one cannot bind, or worse, the one answering is not the one the trainee configured.
"""

from __future__ import annotations

from ..framework import failed, passed, track_of
from ..i18n import T, join

DNS_FIX = T("lab_dns_server chooses one: re-run playbooks/day07.yml (BIND) or playbooks/djbdns.yml "
            "(tinydns), which stop the other; by hand: systemctl disable --now named, or "
            "touch /etc/service/tinydns/down && svc -d /etc/service/tinydns")


def _named_running(ctx):
    for unit in ("named", "named-chroot", "bind9"):
        rc, out, _unused = ctx.run(["systemctl", "is-active", unit])
        if rc == 0 and out.strip() == "active":
            return "named (%s.service)" % unit
    return None


def _tinydns_running(ctx):
    for path in ("/etc/service/tinydns", "/service/tinydns"):
        if ctx.exists(path):
            rc, out, _unused = ctx.run(["svstat", path])
            if rc == 0 and ": up " in out:
                return "tinydns (%s)" % path
    return None


def check_one_dns_server(ctx):
    """Exactly one DNS server runs, the one of the lab's track."""
    running = [name for name in (_named_running(ctx), _tinydns_running(ctx)) if name]
    want = track_of(ctx.config, "dns")
    evidence = ["running: %s" % (", ".join(running) or "none"), "track: %s" % want]
    if len(running) > 1:
        return failed(T("%(servers)s both run for port 53 of %(address)s: only one can answer there. %(fix)s",
                        servers=join(running, " and "), address=str(ctx.config.get("address")), fix=DNS_FIX),
                      *evidence)
    if not running:
        return failed(T("no DNS server runs: start the one of your track (%(track)s)", track=want), *evidence)
    if not running[0].startswith("named" if want == "bind" else "tinydns"):
        return failed(T("%(server)s runs, but the lab's DNS track is %(track)s. %(fix)s",
                        server=running[0], track=want, fix=DNS_FIX), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- one MTA on port 25

MTA_FIX = T("lab_mta chooses one: re-run playbooks/day08.yml (Postfix) or playbooks/qmail.yml (qmail), "
            "which stop the other; by hand: systemctl disable --now postfix, or touch "
            "/etc/service/qmail-smtpd/down /etc/service/qmail-send/down && svc -d /etc/service/qmail-*")


def _postfix_running(ctx):
    rc, _unused, _unused = ctx.run(["postfix", "status"])
    return "postfix" if rc == 0 else None


def _qmail_running(ctx):
    for base in ("/etc/service", "/service"):
        for name in ("qmail-smtpd", "qmail-send"):
            path = "%s/%s" % (base, name)
            if ctx.exists(path):
                rc, out, _unused = ctx.run(["svstat", path])
                if rc == 0 and ": up " in out:
                    return "qmail (%s)" % path
    return None


def _unit_running(ctx, unit):
    rc, out, _unused = ctx.run(["systemctl", "is-active", unit])
    return unit if rc == 0 and out.strip() == "active" else None


def check_one_mta(ctx):
    """Exactly one MTA runs for port 25, the one of the lab's track."""
    running = [name for name in (_postfix_running(ctx), _qmail_running(ctx), _unit_running(ctx, "exim4"),
                                 _unit_running(ctx, "sendmail")) if name]
    want = track_of(ctx.config, "mta")
    evidence = ["running: %s" % (", ".join(running) or "none"), "track: %s" % want]
    if len(running) > 1:
        return failed(T("%(servers)s run at once for port 25: only one can listen there and the other fails or "
                        "answers in its place. %(fix)s", servers=join(running, " and "), fix=MTA_FIX), *evidence)
    if not running:
        return failed(T("no MTA runs: start the one of your track (%(track)s)", track=want), *evidence)
    if not running[0].startswith(want):
        return failed(T("%(server)s runs, but the lab's mail track is %(track)s. %(fix)s",
                        server=running[0], track=want, fix=MTA_FIX), *evidence)
    return passed(*evidence)
