# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Day 8, mail basics: an MTA on port 25 delivers to the trainee, Dovecot serves it over POP3.

Postfix track (checks 1-4): postfix runs, `postfix check` is clean and the domain is local,
relaying only for the lab, the aliases are built. qmail track (21-24): qmail-send and
qmail-smtpd run under daemontools, the control files agree, the tcpserver rules relay only for
the lab and are compiled, the alias user's .qmail files exist. Both (40-44): one MTA on port 25,
SMTP answers on the lab address, a message to the trainee really lands where Dovecot reads,
Dovecot's mail_location matches the MTA's delivery, and the trainee logs in over POP3.
"""

from __future__ import annotations

import ipaddress
import os
import time
import uuid

from ..framework import Check, failed, passed
from ..i18n import T, join
from ..qmail import check_aliases, check_control, read_alias_dir, read_control_dir
from ..tcprules import check_cdb_fresh, check_text
from . import mailprobe
from .common import listening
from .mail import home_of, mail, postconf, split_list, svstat_up
from .providers import check_one_mta

DAY = 8
# How long a test message may take to reach the mailbox (seconds); tests shorten it.
DELIVERY_WAIT = 10.0
POLL = 0.2

RELAY_FIX = ("smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, "
             "reject_unauth_destination")


def _errors(findings):
    return [f for f in findings if f.severity == "error"]


def _finding_text(finding):
    """A parser's finding as a reason (its message and fix stay English)."""
    if finding.fix:
        return T("%(message)s %(fix)s", message=finding.message, fix=finding.fix)
    return finding.message


def _holds_25(ctx, program, evidence):
    """Does `program` listen on port 25? Adds what ss shows to `evidence`.

    ss names no process when root may not read its fds (a container without CAP_SYS_PTRACE): an
    unnamed listener counts, the caller having seen the service up."""
    owners = sorted(set(proc for _unused, port, proc in listening(ctx) or [] if port == 25))
    evidence.append("port 25: %s" % (", ".join(o or "(unnamed)" for o in owners) or "nobody"))
    return program in owners or "" in owners


# ---------------------------------------------------------------- Postfix (1-4)

def check_postfix_running(ctx):
    """Postfix runs and its master process listens on port 25."""
    rc, out, err = ctx.run(["postfix", "status"])
    if rc == 127:
        return failed(T("Postfix is not installed: apt install postfix / dnf install postfix"))
    status = (out + err).strip().splitlines()
    evidence = ["postfix status: %s" % (status[-1] if status else "exit %d" % rc)]
    if rc != 0:
        return failed(T("Postfix is not running: systemctl enable --now postfix, then "
                        "journalctl -u postfix if it stops again"), *evidence)
    if not _holds_25(ctx, "master", evidence):
        return failed(T("Postfix runs but does not listen on port 25: check the smtp line of master.cf "
                        "and inet_interfaces in main.cf"), *evidence)
    return passed(*evidence)


def check_postfix_config(ctx):
    """`postfix check` is clean and the lab's domain is delivered here (mydestination)."""
    rc, out, err = ctx.run(["postfix", "check"])
    problems = [ln for ln in (out + err).splitlines() if ln.strip()]
    evidence = ["postfix check: exit %d" % rc] + problems[:5]
    if rc != 0 or problems:
        return failed(T("postfix check reports problems: %(problems)s. Fix main.cf/master.cf (or the file "
                        "permissions it names), then postfix reload",
                        problems="; ".join(problems[:3]) or "exit %d" % rc), *evidence)
    values = postconf(ctx, "myhostname", "mydomain", "mydestination")
    if values is None:
        return failed(T("postconf cannot read main.cf"), *evidence)
    domain = ctx.config.get("domain") or "example.com"
    destinations = [d.lower() for d in split_list(values.get("mydestination"))]
    evidence.append("mydestination = %s" % values.get("mydestination", ""))
    if domain.lower() not in destinations and "$mydomain" not in destinations:
        return failed(T("mail for @%(domain)s is not delivered here: add $mydomain to mydestination in main.cf "
                        "(mydomain = %(domain)s), then postfix reload", domain=domain), *evidence)
    if values.get("mydomain", "").lower() not in ("", domain.lower()) and domain.lower() not in destinations:
        return failed(T("mydomain is %(got)s, not %(domain)s", got=values.get("mydomain"), domain=domain),
                      *evidence)
    return passed(*evidence)


def _network_problems(entries, lab):
    """The mynetworks entries that reach beyond the lab network and the loopback."""
    allowed = [lab, ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"),
               ipaddress.ip_network("::ffff:127.0.0.0/104")]
    problems = []
    for entry in entries:
        if ":" in entry and not entry.startswith("["):
            problems.append(T("%(entry)s (a lookup table: its networks are not checked here)", entry=entry))
            continue
        text = entry.replace("[", "").replace("]", "")
        try:
            net = ipaddress.ip_network(text, strict=False)
        except ValueError:
            problems.append(T("%(entry)s (not a network)", entry=entry))
            continue
        if not any(net.version == a.version and net.subnet_of(a) for a in allowed):
            problems.append(entry)
    return problems


def check_postfix_relay(ctx):
    """Postfix relays only for the lab network and the loopback (no open relay)."""
    values = postconf(ctx, "mynetworks", "smtpd_relay_restrictions", "smtpd_recipient_restrictions")
    if values is None:
        return failed(T("postconf cannot read main.cf"))
    lab = ipaddress.ip_network(ctx.config.get("network") or "192.168.0.0/24", strict=False)
    networks = split_list(values.get("mynetworks"))
    evidence = ["mynetworks = %s" % values.get("mynetworks", ""),
                "smtpd_relay_restrictions = %s" % values.get("smtpd_relay_restrictions", "")]
    wide = _network_problems(networks, lab)
    if wide:
        return failed(T("mynetworks lets %(entries)s relay mail through this server, beyond the lab (%(lab)s): "
                        "set mynetworks = 127.0.0.0/8 %(lab)s in main.cf, then postfix reload",
                        entries=join(wide, ", "), lab=str(lab)), *evidence)
    for name in ("smtpd_relay_restrictions", "smtpd_recipient_restrictions"):
        rules = [r.lower() for r in split_list(values.get(name))]
        if not rules:
            continue
        for rule in rules:
            if rule in ("reject_unauth_destination", "defer_unauth_destination", "reject", "defer"):
                break
            if rule == "permit":
                return failed(T("%(name)s permits every client before reject_unauth_destination: the server is "
                                "an open relay. Use %(fix)s", name=name, fix=RELAY_FIX), *evidence)
        else:
            if name == "smtpd_relay_restrictions" or not values.get("smtpd_relay_restrictions"):
                return failed(T("%(name)s never rejects mail for other domains (no reject_unauth_destination): "
                                "the server may relay for anyone. Use %(fix)s", name=name, fix=RELAY_FIX), *evidence)
        return passed(*evidence)
    return failed(T("neither smtpd_relay_restrictions nor smtpd_recipient_restrictions is set: use %(fix)s",
                    fix=RELAY_FIX), *evidence)


def check_postfix_aliases(ctx):
    """Local delivery reads an alias map (alias_maps), the map newaliases builds is one of them and
    is built after the last edit, and postmaster reaches someone."""
    values = postconf(ctx, "alias_maps", "alias_database")
    if values is None:
        return failed(T("postconf cannot read main.cf"))
    maps = split_list(values.get("alias_maps"))
    evidence = ["alias_maps = %s" % values.get("alias_maps", ""),
                "alias_database = %s" % values.get("alias_database", "")]
    if not maps:
        # No alias map: mail to postmaster or root bounces, and no check below could say so.
        return failed(T("alias_maps is empty, so local delivery reads no aliases (mail to postmaster bounces): "
                        "alias_maps = hash:/etc/aliases in main.cf, then newaliases and postfix reload"), *evidence)
    database = split_list(values.get("alias_database")) or maps
    table = next((m for m in database if m.split(":", 1)[0] in ("hash", "lmdb", "cdb", "btree")), None)
    if table is not None:
        kind, path = table.split(":", 1)
        if table not in maps:
            return failed(T("newaliases builds %(table)s (alias_database), but local delivery reads alias_maps = "
                            "%(maps)s: name the same table in both", table=table, maps=" ".join(maps)), *evidence)
        suffix = {"hash": ".db", "btree": ".db", "lmdb": ".lmdb", "cdb": ".cdb"}[kind]
        source, built = ctx.stat(path), ctx.stat(path + suffix)
        if source is None:
            return failed(T("%(path)s does not exist: create it (postmaster: root, root: %(user)s) and run newaliases",
                            path=path, user=ctx.user), *evidence)
        if built is None or built.st_mtime < source.st_mtime:
            return failed(T("%(path)s was edited after %(built)s was built: run newaliases so Postfix sees the change",
                            path=path, built=path + suffix), *evidence)
    # postmap -q asks every map type (hash, texthash, regexp ...) as local delivery would.
    answer = ""
    for name in maps:
        rc, out, _unused = ctx.run(["postmap", "-q", "postmaster", name])
        if rc == 0 and out.strip():
            answer = out.strip()
            break
    evidence.append("postmaster -> %s" % (answer or "nothing"))
    if not answer:
        return failed(T("postmaster has no alias: add 'postmaster: root' to %(path)s and run newaliases "
                        "(mail to postmaster must reach an administrator)",
                        path=table.split(":", 1)[1] if table else " ".join(maps)), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- qmail (21-24)

def check_qmail_running(ctx):
    """qmail-send and qmail-smtpd (tcpserver on port 25) run under daemontools."""
    cfg = mail(ctx)
    evidence = []
    down = []
    for name in ("qmail-send", "qmail-smtpd"):
        up, text = svstat_up(ctx, cfg["service_dir"], name)
        evidence.append(text)
        if not up:
            down.append(name)
    if down:
        return failed(T("%(names)s not up: svc -u %(paths)s (and look at %(dir)s/<name>/log/main/current)",
                        names=join(down, " and "),
                        paths=" ".join("%s/%s" % (cfg["service_dir"], n) for n in down),
                        dir=cfg["service_dir"]), *evidence)
    if not _holds_25(ctx, "tcpserver", evidence):
        return failed(T("qmail-smtpd is up but tcpserver does not listen on port 25: another program holds "
                        "it (see check 40) or the run script names another port"), *evidence)
    return passed(*evidence)


def check_qmail_control(ctx):
    """The qmail control files agree: me set, every local domain in rcpthosts, smtproutes valid."""
    cfg = mail(ctx)
    control_dir = cfg["qmail_dir"] + "/control"
    files = read_control_dir(ctx.path(control_dir))
    findings = check_control(files, control_dir)
    bad = _errors(findings)
    evidence = ["%s: %s" % (control_dir, ", ".join(sorted(files)) or "empty")]
    if bad:
        return failed(join([_finding_text(f) for f in bad[:3]]), *evidence)
    domain = (ctx.config.get("domain") or "example.com").lower()
    local = [ln.strip().lower() for ln in (files.get("locals") or "").splitlines() if ln.strip()]
    if domain not in local:
        return failed(T("%(domain)s is not in %(dir)s/locals: qmail does not deliver mail for @%(domain)s here. "
                        "echo %(domain)s >> %(dir)s/locals && svc -h %(service_dir)s/qmail-send",
                        domain=domain, dir=control_dir, service_dir=cfg["service_dir"]), *evidence)
    return passed(*evidence)


def check_qmail_relay(ctx):
    """The qmail-smtpd rules relay only for the lab and are compiled (tcprules) after the last edit."""
    cfg = mail(ctx)
    text = ctx.read(cfg["smtpd_rules"])
    if text is None:
        return failed(T("%(path)s does not exist: write the rules (127.0.0.1:allow,RELAYCLIENT=\"\" / "
                        "192.168.0.:allow,RELAYCLIENT=\"\" / :allow) and compile them with tcprules",
                        path=cfg["smtpd_rules"]))
    rules, findings = check_text(text, cfg["smtpd_rules"], ctx.config.get("network") or "192.168.0.0/24")
    findings += check_cdb_fresh(ctx.path(cfg["smtpd_rules"]), ctx.path(cfg["smtpd_cdb"]), rules)
    bad = _errors(findings)
    evidence = ["%s: %d rules" % (cfg["smtpd_rules"], len(rules))]
    if bad:
        return failed(join([_finding_text(f) for f in bad[:3]]), *evidence)
    return passed(*evidence)


def check_qmail_aliases(ctx):
    """The alias user has .qmail-postmaster, -mailer-daemon and -root, none writable by others."""
    cfg = mail(ctx)
    entries = read_alias_dir(ctx.path(cfg["alias_dir"]))
    bad = _errors(check_aliases(entries, cfg["alias_dir"]))
    evidence = ["%s: %s" % (cfg["alias_dir"], ", ".join(sorted(entries or {})) or "missing")]
    if bad:
        return failed(join([_finding_text(f) for f in bad[:3]]), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- both tracks (40-44)

def check_smtp_answers(ctx):
    """SMTP answers on the lab address, port 25, with a 220 greeting and EHLO."""
    address = ctx.config.get("address") or "127.0.0.1"
    answer = mailprobe.run(ctx, "smtp", address, 25)
    evidence = [mailprobe.said(answer)]
    if not answer.get("ok"):
        return failed(T("no SMTP service on %(address)s port 25 (%(error)s): the MTA must listen on the lab "
                        "address (Postfix: inet_interfaces = all; qmail: tcpserver 0 smtp)",
                        address=address, error=answer.get("error")), *evidence)
    if not str(answer.get("banner", "")).startswith("220"):
        return failed(T("the server on port 25 did not greet with 220"), *evidence)
    return passed(*evidence)


def _find_token(ctx, directories, token):
    for directory in directories:
        for name in ctx.listdir(directory):
            path = "%s/%s" % (directory, name)
            text = ctx.read(path)
            if text and token in text:
                return path
    return None


def check_delivery(ctx):
    """A message to the trainee sent over SMTP lands in the mailbox Dovecot reads (then it is removed)."""
    cfg = mail(ctx)
    domain = ctx.config.get("domain") or "example.com"
    rcpt = "%s@%s" % (ctx.user, domain)
    token = "labeval-%s" % uuid.uuid4().hex
    home = home_of(ctx, ctx.user)
    if home is None:
        return failed(T("there is no user %(user)s: create the trainee account (day 6)", user=ctx.user))
    answer = mailprobe.run(ctx, "send", "127.0.0.1", 25, "labeval@%s" % domain, rcpt, token)
    if not answer.get("ok"):
        return failed(T("cannot send a test message to %(rcpt)s over SMTP on 127.0.0.1:25 (%(error)s)",
                        rcpt=rcpt, error=answer.get("error")))
    if answer.get("refused"):
        return failed(T("the MTA refused mail for %(rcpt)s: %(answer)s. The domain must be local (Postfix: "
                        "mydestination; qmail: locals and rcpthosts)", rcpt=rcpt, answer=answer["refused"]))
    if cfg["store"] == "mbox":
        places = ["/var/mail/%s" % ctx.user]
    else:
        places = ["%s/Maildir/new" % home, "%s/Maildir/cur" % home]
    deadline = time.time() + DELIVERY_WAIT
    found = None
    while True:
        if cfg["store"] == "mbox":
            found = places[0] if token in (ctx.read(places[0]) or "") else None
        else:
            found = _find_token(ctx, places, token)
        if found or time.time() >= deadline:
            break
        time.sleep(POLL)
    if not found:
        other = "/var/mail/%s" % ctx.user if cfg["store"] != "mbox" else "%s/Maildir/new" % home
        hint = ""
        if cfg["store"] != "mbox" and token in (ctx.read(other) or ""):
            hint = T(": it went to %(path)s (mbox) instead. Postfix: home_mailbox = Maildir/ in main.cf; "
                     "qmail: ./Maildir/ as qmail-start's default delivery", path=other)
        elif cfg["store"] == "mbox" and _find_token(ctx, [other], token):
            hint = T(": it went to %(path)s instead; the lab delivers to mbox (remove home_mailbox)", path=other)
        return failed(T("the test message to %(rcpt)s was accepted but did not reach %(places)s within "
                        "%(wait)d s%(hint)s. Look at the mail log (journalctl -u postfix, or qmail-send's log)",
                        rcpt=rcpt, places=join(places, " or "), wait=DELIVERY_WAIT, hint=hint or ""))
    evidence = ["delivered to %s" % found]
    if cfg["store"] != "mbox":
        try:
            os.remove(ctx.path(found))
            evidence.append("test message removed")
        except OSError:
            pass
    return passed(*evidence)


def check_dovecot_store(ctx):
    """Dovecot reads mail where the MTA delivers it (mail_location)."""
    cfg = mail(ctx)
    rc, out, err = ctx.run(["doveconf", "-h", "mail_location"])
    if rc == 127:
        return failed(T("Dovecot is not installed: apt install dovecot-pop3d dovecot-imapd / dnf install dovecot"))
    if rc != 0:
        return failed(T("doveconf cannot read dovecot.conf: %(error)s. Fix the line it names, then "
                        "systemctl restart dovecot", error=(err.strip().splitlines() or ["exit %d" % rc])[-1]))
    location = out.strip()
    evidence = ["mail_location = %s" % (location or "(empty: Dovecot guesses)")]
    want = "maildir" if cfg["store"] == "maildir" or ctx.config.get("tracks", {}).get("mta") == "qmail" else "mbox"
    if not location.lower().startswith(want + ":"):
        where = "~/Maildir" if want == "maildir" else "/var/mail/%u"
        line = "maildir:~/Maildir" if want == "maildir" else "mbox:~/mail:INBOX=/var/mail/%u"
        return failed(T("the MTA delivers to %(where)s but Dovecot reads %(location)s, so POP3 shows an empty "
                        "mailbox: set mail_location = %(line)s and systemctl restart dovecot",
                        where=where, location=location or T("whatever it guesses"), line=line), *evidence)
    rc, out, _unused = ctx.run(["systemctl", "is-active", "dovecot"])
    evidence.append("dovecot: %s" % (out.strip() or "unknown"))
    if out.strip() != "active":
        return failed(T("Dovecot is not running: systemctl enable --now dovecot"), *evidence)
    return passed(*evidence)


def pop3_login(ctx, port, tls):
    """(result) of a POP3 login as the trainee on 127.0.0.1:port, with the credentials file."""
    cfg = mail(ctx)
    flags = ["--tls"] if tls else []
    auth = cfg["auth_file"]
    if auth and ctx.isfile(auth):
        flags += ["--auth", ctx.path(auth)]
    answer = mailprobe.run(ctx, "pop3", "127.0.0.1", port, *flags)
    name = "POP3S" if tls else "POP3"
    evidence = ["%s %s: %s" % (name, mailprobe.where(answer), answer.get("banner") or answer.get("error"))]
    if answer.get("tls_version"):
        evidence.append("TLS: %s %s" % (answer["tls_version"], answer.get("cipher")))
    if not answer.get("ok"):
        fix = (T("Dovecot serves pop3s itself: protocols = pop3 with ssl = yes; look at journalctl -u dovecot")
               if tls else T("protocols = pop3 imap in dovecot.conf, then systemctl restart dovecot"))
        return failed(T("no %(name)s on port %(port)d (%(error)s): %(fix)s",
                        name=name, port=port, error=answer.get("error"), fix=fix), *evidence)
    if "--auth" not in flags:
        return failed(T("the server answers %(name)s, but there is no credentials file %(path)s (the labeval role "
                        "writes it from lab_user_password) to log in as %(user)s", name=name, path=auth, user=ctx.user),
                      *evidence)
    if not answer.get("login"):
        return failed(T("%(name)s login as %(user)s failed (%(error)s): the trainee logs in with the Linux "
                        "password; check auth_mechanisms, disable_plaintext_auth and passdb in dovecot.conf",
                        name=name, user=answer.get("user"), error=answer.get("error")), *evidence)
    evidence.append("%s logged in, %s messages" % (answer.get("user"), answer.get("messages")))
    return passed(*evidence)


def check_pop3(ctx):
    """The trainee logs in over POP3 (port 110) and sees the mailbox."""
    return pop3_login(ctx, 110, tls=False)


# On every VM, whichever MTA: checks 40-44.
CHECKS = [
    Check(DAY, 40, "mta/one-on-25", check_one_mta),
    Check(DAY, 41, "smtp/answers", check_smtp_answers),
    Check(DAY, 42, "mail/delivery", check_delivery),
    Check(DAY, 43, "dovecot/store", check_dovecot_store),
    Check(DAY, 44, "pop3/login", check_pop3),
]

# The Postfix track (the course's), checks 1-19 (catalog.py: track choice "postfix").
POSTFIX = [
    Check(DAY, 1, "postfix/running", check_postfix_running),
    Check(DAY, 2, "postfix/config", check_postfix_config),
    Check(DAY, 3, "postfix/relay", check_postfix_relay),
    Check(DAY, 4, "postfix/aliases", check_postfix_aliases),
]

# The qmail track (djb), checks 21-39 (catalog.py: track choice "qmail").
QMAIL = [
    Check(DAY, 21, "qmail/running", check_qmail_running),
    Check(DAY, 22, "qmail/control", check_qmail_control),
    Check(DAY, 23, "qmail/relay", check_qmail_relay),
    Check(DAY, 24, "qmail/aliases", check_qmail_aliases),
]
