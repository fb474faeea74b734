# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Day 13, SSL mail: SMTPS through stunnel (standalone or under the superserver), POP3S and
IMAPS served by Dovecot, submission with STARTTLS.

The trainees' classic failures each have a check: stunnel keeping its sample ``[pop3s]`` section
while Dovecot serves 995 (3: two claimants of one port, found in the configs and the live
sockets), smtps started both by stunnel standalone and by the superserver (3, 4), an SSL change
never activated by a restart (7), and the course's log check (6), which reads stunnel's log and
explains an unclean close.
"""

from __future__ import annotations

import ipaddress
import types

from ..framework import Check, failed, not_yet, passed
from ..i18n import T, join
from ..listen import check_sources
from ..stunnel import Session, cert_key_match, check_config, parse_config, parse_log
from . import mailprobe
from .common import listening
from .day08 import pop3_login
from .mail import mail, submission_order

DAY = 13


def _runner(ctx):
    """ctx.run in the shape of subprocess.run, for the stunnel module's helpers."""
    def run(argv, **_unused):
        rc, out, err = ctx.run(argv)
        return types.SimpleNamespace(returncode=rc, stdout=out, stderr=err)
    return run


def _value(section, key):
    """An option's value in a parsed stunnel section, or None."""
    found = section.get(key)
    return found[0] if found else None


def _findings(findings):
    """Parser findings as one reason: each message and fix stays English."""
    return join([T("%(message)s %(fix)s", message=f.message, fix=f.fix) for f in findings], " ")


def _stunnel_file(ctx, cfg):
    key = "stunnel_inetd_conf" if cfg["stunnel_mode"] == "superserver" else "stunnel_conf"
    return cfg[key]


# ---------------------------------------------------------------- 1 certificate

def check_certificate(ctx):
    """The mail certificate and its key exist, belong together and have not expired."""
    cfg = mail(ctx)
    cert, key = cfg["cert"], cfg["key"]
    text = ctx.read(_stunnel_file(ctx, cfg))
    if text:
        conf = parse_config(text, _stunnel_file(ctx, cfg))
        named_cert, named_key = _value(conf.globals, "cert"), _value(conf.globals, "key")
        cert = named_cert or cert
        key = named_key or (named_cert if named_cert else key)
    for path in (cert, key):
        if not ctx.isfile(path):
            return failed(T("%(path)s does not exist: make the certificate and key (openssl req -new -x509 -nodes "
                            "-keyout %(key)s -out %(cert)s) or re-run playbooks/day13.yml", path=path, key=key,
                            cert=cert))
    evidence = []
    rc, out, err = ctx.run(["openssl", "x509", "-noout", "-subject", "-enddate", "-in", ctx.path(cert)])
    if rc != 0:
        return failed(T("%(cert)s is not a PEM certificate (%(error)s): a file corrupted on the way shows "
                        "'no start line'; copy it again and compare with diff",
                        cert=cert, error=err.strip() or "exit %d" % rc))
    evidence += [ln.strip() for ln in out.splitlines() if ln.strip()]
    rc, _unused, _unused = ctx.run(["openssl", "x509", "-noout", "-checkend", "0", "-in", ctx.path(cert)])
    if rc != 0:
        return failed(T("the certificate %(cert)s has expired: make a new one and restart stunnel and Dovecot",
                        cert=cert), *evidence)
    problems = cert_key_match(ctx.path(cert), ctx.path(key), runner=_runner(ctx))
    if problems:
        return failed(_findings(problems), *evidence)
    evidence.append("key %s matches" % key)
    return passed(*evidence)


# ---------------------------------------------------------------- 2 stunnel.conf

def check_stunnel_config(ctx):
    """stunnel's configuration suits the lab's mode: a [smtps] section (standalone) or none (inetd)."""
    cfg = mail(ctx)
    path = _stunnel_file(ctx, cfg)
    text = ctx.read(path)
    evidence = ["mode: %s" % cfg["stunnel_mode"], "file: %s" % path]
    if text is None:
        return failed(T("%(path)s does not exist: the lab runs stunnel %(mode)s; write it (or re-run "
                        "playbooks/day13.yml)", path=path, mode=cfg["stunnel_mode"]), *evidence)
    conf = parse_config(text, path)
    mode = "inetd" if cfg["stunnel_mode"] == "superserver" else "standalone"
    problems = [f for f in check_config(conf, mode=mode) if f.severity == "error"]
    if problems:
        return failed(join([T("%(message)s %(fix)s", message=f.message, fix=f.fix) for f in problems[:3]]),
                      *evidence)
    if mode == "standalone":
        accepts = dict((s.name, _value(s, "accept")) for s in conf.sections)
        evidence.append("services: %s" % ", ".join("%s accept %s" % kv for kv in sorted(accepts.items())))
        if not any(str(a or "").rsplit(":", 1)[-1] in (str(cfg["smtps_port"]), "smtps") for a in accepts.values()):
            return failed(T("no service of %(path)s accepts port %(port)s: add [smtps] accept = %(port)s connect = 25",
                            path=path, port=cfg["smtps_port"]), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 3 one owner per port

def _sources(ctx, cfg):
    sources = []
    for path in ctx.glob("/etc/stunnel/*.conf"):
        if cfg["stunnel_mode"] == "superserver" and path == cfg["stunnel_inetd_conf"]:
            continue  # inetd mode binds nothing itself
        sources.append({"kind": "stunnel", "path": ctx.path(path), "name": path})
    rc, out, _unused = ctx.run(["doveconf", "-n"])
    if rc == 0:
        sources.append({"kind": "dovecot", "content": out, "path": "doveconf -n"})
    if ctx.isdir("/etc/xinetd.d"):
        sources.append({"kind": "xinetd", "path": ctx.path("/etc/xinetd.d")})
    for path in ctx.glob("/etc/systemd/system/*.socket"):
        rc, out, _unused = ctx.run(["systemctl", "is-enabled", path.rsplit("/", 1)[-1]])
        sources.append({"kind": "systemd_socket", "path": ctx.path(path), "name": path,
                        "enabled": out.strip() == "enabled"})
    if ctx.isfile("/etc/postfix/master.cf"):
        sources.append({"kind": "postfix_master", "path": ctx.path("/etc/postfix/master.cf"),
                        "main_cf": ctx.path("/etc/postfix/main.cf")})
    return sources


def check_port_owners(ctx):
    """No address:port is claimed by two daemons (stunnel [pop3s] vs Dovecot, smtps twice...)."""
    cfg = mail(ctx)
    sources = _sources(ctx, cfg)
    _unused, findings = check_sources(sources)
    bad = [f for f in findings if f.severity == "error"]
    evidence = ["read: %s" % ", ".join(s.get("name") or s.get("path") for s in sources)]
    if bad:
        return failed(_findings(bad[:2]), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 4 who serves 465

def check_stunnel_running(ctx):
    """smtps (465) is served the lab's way: stunnel's daemon, or the superserver starting stunnel."""
    cfg = mail(ctx)
    port = int(cfg["smtps_port"])
    sockets = listening(ctx)
    if sockets is None:
        return failed(T("cannot list the listening sockets (ss -ltnp failed): run labeval as root"))
    owners = sorted(set(proc for _unused, p, proc in sockets if p == port))
    evidence = ["port %d: %s" % (port, ", ".join(owners) or "nobody")]
    rc, out, _unused = ctx.run(["systemctl", "is-active", cfg["stunnel_service"]])
    standalone_active = out.strip() == "active"
    evidence.append("%s: %s" % (cfg["stunnel_service"], out.strip() or "unknown"))
    if cfg["stunnel_mode"] == "superserver":
        if standalone_active or any(o.startswith("stunnel") for o in owners):
            return failed(T("stunnel's own daemon runs while the lab starts smtps from the superserver: only one "
                            "can bind %(port)d. systemctl disable --now %(service)s",
                            port=port, service=cfg["stunnel_service"]), *evidence)
        if not any(o in ("xinetd", "systemd") for o in owners):
            return failed(T("the superserver does not listen on %(port)d: enable the smtps service (xinetd: "
                            "disable = no in /etc/xinetd.d/smtps, systemctl reload xinetd; systemd: "
                            "systemctl enable --now smtps.socket)", port=port), *evidence)
        return passed(*evidence)
    # an unnamed owner (ss without CAP_SYS_PTRACE) counts while stunnel's unit is active
    if not any(o.startswith("stunnel") for o in owners) and not (standalone_active and "" in owners):
        hint = ""
        if any(o in ("xinetd", "systemd") for o in owners):
            hint = T(" The superserver holds the port: disable its smtps service or set "
                     "lab_stunnel_mode: superserver.")
        return failed(T("stunnel does not listen on %(port)d: systemctl restart %(service)s and read its log "
                        "%(log)s (an 'Error binding' there means another program holds a port of stunnel.conf)."
                        "%(hint)s", port=port, service=cfg["stunnel_service"], log=cfg["stunnel_log"], hint=hint),
                      *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 5 TLS handshake on 465

def check_smtps_handshake(ctx):
    """A full TLS handshake on 465 reaches the MTA's 220 greeting (from the VM itself)."""
    cfg = mail(ctx)
    answer = mailprobe.run(ctx, "smtp", "127.0.0.1", cfg["smtps_port"], "--tls")
    evidence = [mailprobe.said(answer)]
    if answer.get("tls_version"):
        evidence.append("TLS: %s %s" % (answer["tls_version"], answer.get("cipher")))
    if not answer.get("ok"):
        return failed(T("SMTPS on port %(port)s failed (%(error)s): stunnel must accept TLS there and connect to "
                        "the MTA on 127.0.0.1:25; its log %(log)s says why",
                        port=cfg["smtps_port"], error=answer.get("error"), log=cfg["stunnel_log"]), *evidence)
    if not str(answer.get("banner", "")).startswith("220"):
        return failed(T("TLS works on %(port)s but no SMTP greeting came through: is the MTA listening on "
                        "127.0.0.1:25 (stunnel's connect)?", port=cfg["smtps_port"]), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 6 the course's log check

def _is_loopback(peer):
    host = (peer or "").rsplit(":", 1)[0].strip("[]")
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_stunnel_log(ctx):
    """stunnel's log shows a mail client's smtps session that closed cleanly."""
    cfg = mail(ctx)
    text = ctx.read(cfg["stunnel_log"])
    if text is None:
        return failed(T("not run / not successful / not finished? — there is no stunnel log %(log)s: set "
                        "output = %(log)s and debug = 5 in stunnel.conf", log=cfg["stunnel_log"]))
    sessions = parse_log(text)
    binds = [s for s in sessions if s.status == Session.BIND_ERROR]
    # The evaluator's own handshake (check 5) and the role's probe after a restart come from the VM
    # itself (the loopback, its lab address): only clients count here, and only sessions whose start (and
    # so whose peer) the log shows.
    own = str(ctx.config.get("address") or "")
    clients = [s for s in sessions if s.status != Session.BIND_ERROR and s.peer and not _is_loopback(s.peer)
               and s.peer.rsplit(":", 1)[0].strip("[]") != own]
    evidence = ["%s: %d sessions from clients, %d bind errors" % (cfg["stunnel_log"], len(clients), len(binds))]
    if binds and sessions[-1].status == Session.BIND_ERROR:
        return failed(T("stunnel could not start: %(why)s", why=binds[-1].explanation()), *evidence)
    if not clients:
        return not_yet(T("not run / not successful / not finished? — the log does not tell: no mail client has "
                         "used smtps yet. Send a mail to %(user)s@%(domain)s through port %(port)s from your mail "
                         "client", user=ctx.user, domain=ctx.config.get("domain") or "example.com",
                         port=cfg["smtps_port"]), *evidence)
    # Under the superserver sessions that overlapped share an id and their ends may be swapped: judge by the
    # sessions whose end is certain when there are any.
    decisive = [s for s in clients if not s.ambiguous] or clients
    clean = [s for s in decisive if s.clean]
    last = decisive[-1]
    evidence.append("last session from %s: %s" % (last.peer, last.explanation()))
    if last.clean or (clean and last.status == Session.OPEN):
        session = last if last.clean else clean[-1]
        evidence.append("%s bytes sent to TLS, %s bytes sent to socket"
                        % (session.bytes_to_ssl, session.bytes_to_socket))
        return passed(*evidence)
    return failed(T("the last smtps session from %(peer)s did not finish cleanly: %(why)s",
                    peer=last.peer, why=last.explanation()), *evidence)


# ---------------------------------------------------------------- 7 restarted after SSL changes

def _started_at(ctx, unit):
    """The start time (epoch seconds) of a unit's main process, or None."""
    rc, out, _unused = ctx.run(["systemctl", "show", "-p", "MainPID", "--value", unit])
    pid = out.strip()
    if rc != 0 or not pid.isdigit() or pid == "0":
        return None
    stat = ctx.read("/proc/%s/stat" % pid)
    boot = ctx.read("/proc/stat")
    if not stat or not boot:
        return None
    try:
        ticks = int(stat.rsplit(")", 1)[1].split()[19])
        btime = int(next(ln.split()[1] for ln in boot.splitlines() if ln.startswith("btime ")))
    except (IndexError, ValueError, StopIteration):
        return None
    rc, out, _unused = ctx.run(["getconf", "CLK_TCK"])
    hz = int(out.strip()) if rc == 0 and out.strip().isdigit() else 100
    return btime + ticks / float(hz)


def _files_under(ctx, directory, limit=200):
    """Every regular file below `directory` (includes and drop-ins), sorted; at most `limit`."""
    found, pending = [], [directory.rstrip("/")]
    while pending and len(found) < limit:
        current = pending.pop(0)
        for name in ctx.listdir(current):
            path = current + "/" + name
            if ctx.isdir(path):
                pending.append(path)
            elif ctx.isfile(path):
                found.append(path)
    return sorted(found)


def _ssl_inputs(ctx, cfg):
    """(unit, files it read at start) for each SSL daemon: every file of its configuration
    directory (dovecot.conf's conf.d includes, stunnel's other .conf files), the certificate and key."""
    keys = [cfg["cert"], cfg["key"]]
    daemons = [("dovecot", _files_under(ctx, "/etc/dovecot") + keys)]
    if cfg["stunnel_mode"] != "superserver":  # inetd mode starts a new stunnel per connection
        conf_dir = cfg["stunnel_conf"].rsplit("/", 1)[0] or "/"
        confs = [p for p in _files_under(ctx, conf_dir) if p.endswith(".conf")] or [cfg["stunnel_conf"]]
        daemons.append((cfg["stunnel_service"], confs + keys))
    return daemons


def check_restarted(ctx):
    """stunnel and Dovecot run the SSL settings on disk: both run, and were restarted after the last
    change of any file they read."""
    evidence, stale, down = [], [], []
    for unit, files in _ssl_inputs(ctx, mail(ctx)):
        started = _started_at(ctx, unit)
        if started is None:
            # A daemon that does not run cannot prove which settings it serves: never PASS on that.
            down.append(unit)
            evidence.append("%s: not running" % unit)
            continue
        for path in files:
            info = ctx.stat(path)
            if info is not None and info.st_mtime > started + 1:
                stale.append((unit, path))
        evidence.append("%s: running since %d, %d files read" % (unit, started, len(files)))
    if down:
        return failed(T("not running, so no SSL settings are in force: %(units)s. Read journalctl -u %(unit)s, "
                        "fix the error, then systemctl restart %(units)s", units=" ".join(down), unit=down[0]),
                      *evidence)
    if stale:
        return failed(T("changed after the daemon started, so the old settings still run: %(files)s. systemctl "
                        "restart %(units)s", files=join(["%s (%s)" % (p, u) for u, p in stale], ", "),
                        units=" ".join(sorted(set(u for u, _unused in stale)))), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 8-10 Dovecot over TLS, submission

def check_pop3s(ctx):
    """The trainee logs in over POP3S (995), served by Dovecot."""
    return pop3_login(ctx, 995, tls=True)


def check_imaps(ctx):
    """IMAPS (993) greets over TLS."""
    answer = mailprobe.run(ctx, "imap", "127.0.0.1", 993, "--tls")
    evidence = [mailprobe.said(answer)]
    if not answer.get("ok"):
        return failed(T("no IMAPS on port 993 (%(error)s): protocols = imap pop3 and ssl = yes in dovecot.conf, "
                        "then systemctl restart dovecot", error=answer.get("error")), *evidence)
    return passed(*evidence)


def check_submission(ctx):
    """Submission (587) offers STARTTLS and, only after it, AUTH (SASL through Dovecot)."""
    answer = mailprobe.run(ctx, "smtp", "127.0.0.1", 587, "--starttls")
    evidence = [mailprobe.said(answer)]
    if not answer.get("ok"):
        return failed(T("no submission service on port 587 (%(error)s): uncomment the submission line in "
                        "master.cf and postfix reload", error=answer.get("error")), *evidence)
    problem = submission_order(answer.get("extensions") or [], evidence)
    if problem:
        return problem
    auth = answer.get("auth_tls") or []
    evidence.append("after STARTTLS: AUTH %s" % " ".join(auth))
    if not auth:
        return failed(T("587 offers no AUTH after STARTTLS: -o smtpd_sasl_auth_enable=yes with "
                        "smtpd_sasl_type = dovecot and smtpd_sasl_path = private/auth"), *evidence)
    return passed(*evidence)


def check_smtps_relay(ctx):
    """SMTPS (465) refuses mail for other domains from a client that has not logged in (no open relay)."""
    cfg = mail(ctx)
    domain = ctx.config.get("domain") or "example.com"
    answer = mailprobe.run(ctx, "relay", "127.0.0.1", cfg["smtps_port"], "labeval@%s" % domain,
                           "relay-test@example.net", "--tls")
    evidence = ["RCPT TO:<relay-test@example.net> over SMTPS: %s" % (answer.get("rcpt") or answer.get("error"))]
    if not answer.get("ok"):
        return failed(T("SMTPS on port %(port)s does not answer (%(error)s): see check 5",
                        port=cfg["smtps_port"], error=answer.get("error")), *evidence)
    if str(answer.get("rcpt", "")).startswith("2"):
        return failed(T("SMTPS relays mail for other domains for anyone who reaches port %(port)s: stunnel's "
                        "connections all come from 127.0.0.1, which mynetworks (Postfix) or a "
                        "127.0.0.1:allow,RELAYCLIENT=\"\" rule (qmail) trusts. Point stunnel's connect at an "
                        "smtpd that does not trust it (Postfix: a master.cf service on 127.0.0.1:10465 with "
                        "-o mynetworks= -o smtpd_relay_restrictions=permit_sasl_authenticated,"
                        "reject_unauth_destination)", port=cfg["smtps_port"]), *evidence)
    return passed(*evidence)


CHECKS = [
    Check(DAY, 1, "ssl/certificate", check_certificate),
    Check(DAY, 2, "stunnel/config", check_stunnel_config),
    Check(DAY, 3, "ports/one-owner", check_port_owners),
    Check(DAY, 4, "stunnel/running", check_stunnel_running),
    Check(DAY, 5, "smtps/handshake", check_smtps_handshake),
    Check(DAY, 6, "stunnel/smtps", check_stunnel_log),
    Check(DAY, 7, "ssl/restarted", check_restarted),
    Check(DAY, 8, "pop3s/login", check_pop3s),
    Check(DAY, 9, "imaps/greeting", check_imaps),
    Check(DAY, 11, "smtps/no-relay", check_smtps_relay),
]

# Only with Postfix (catalog.py: track choice "postfix"): qmail has no submission port.
POSTFIX = [
    Check(DAY, 10, "submission/starttls", check_submission),
]
