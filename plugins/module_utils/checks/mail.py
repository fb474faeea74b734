# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the mail days (8 and 13) know about the VM's mail setup: lab.json's "mail" section over
the course's defaults (the postfix, dovecot, stunnel, mailcert and qmail roles' defaults), and
the per-family paths of stunnel."""

from __future__ import annotations

from ..framework import REDHAT, failed, track_of
from ..i18n import T
from .common import section

MAIL_DEFAULTS = {
    "store": "maildir",  # maildir (~/Maildir/) or mbox (/var/mail/<user>)
    "auth_file": "/etc/serverlab/trainee.auth",
    "stunnel_mode": "standalone",
    "stunnel_conf": "",  # empty: the family's default (STUNNEL_PATHS)
    "stunnel_inetd_conf": "",
    "stunnel_log": "",
    "stunnel_service": "",
    "smtps_port": 465,
    "cert": "/etc/ssl/serverlab/mail.crt",
    "key": "/etc/ssl/serverlab/mail.key",
    "qmail_dir": "/var/qmail",
    "smtpd_rules": "/etc/tcp/smtp",
    "smtpd_cdb": "/etc/tcp/smtp.cdb",
    "service_dir": "",  # empty: /etc/service (Debian) or /service (EL)
    "alias_dir": "/var/qmail/alias",
}

STUNNEL_PATHS = {
    "Debian": {"stunnel_conf": "/etc/stunnel/smtps.conf",
               "stunnel_inetd_conf": "/etc/stunnel/smtps-inetd.conf",
               "stunnel_log": "/var/log/stunnel4/smtps.log",
               "stunnel_service": "stunnel@smtps"},
    "RedHat": {"stunnel_conf": "/etc/stunnel/smtps.conf",
               "stunnel_inetd_conf": "/etc/stunnel/smtps-inetd.conf",
               "stunnel_log": "/var/log/stunnel/smtps.log",
               "stunnel_service": "stunnel@smtps"},
}


def mail(ctx):
    """The mail section with every path filled in for the VM's family."""
    values = section(ctx, "mail", MAIL_DEFAULTS)
    family = STUNNEL_PATHS[REDHAT if ctx.family == REDHAT else "Debian"]
    for key, value in family.items():
        if not values.get(key):
            values[key] = value
    if not values.get("service_dir"):
        values["service_dir"] = "/service" if ctx.family == REDHAT else "/etc/service"
    return values


def on_qmail(ctx):
    """The VM's MTA is qmail (the mta track); else Postfix, the course's."""
    return track_of(ctx.config, "mta") == "qmail"


def home_of(ctx, user):
    """The home directory of `user` in the evaluated /etc/passwd, or None."""
    for raw in (ctx.read("/etc/passwd") or "").splitlines():
        fields = raw.split(":")
        if len(fields) >= 6 and fields[0] == user:
            return fields[5]
    return None


def postconf(ctx, *names, expand=False):
    """{name: value} of Postfix parameters (postconf NAME...), or None when postconf fails;
    expand=True gives them with $name expanded (postconf -x)."""
    rc, out, _unused = ctx.run(["postconf"] + (["-x"] if expand else []) + list(names))
    if rc != 0:
        return None
    values = {}
    for raw in out.splitlines():
        name, sep, value = raw.partition("=")
        if sep:
            values[name.strip()] = value.strip()
    return values


def split_list(value):
    """A Postfix list parameter (commas and/or blanks) as a list."""
    return [item for item in (value or "").replace(",", " ").split() if item]


def svstat_up(ctx, service_dir, name):
    """(up, text) of a daemontools service."""
    path = "%s/%s" % (service_dir, name)
    if not ctx.exists(path):
        return False, "%s does not exist" % path
    rc, out, err = ctx.run(["svstat", path])
    text = (out or err).strip()
    return rc == 0 and ": up " in out, text


def submission_order(extensions, evidence):
    """The rule both views judge 587 by: STARTTLS offered, and AUTH only after it (so no password
    crosses the network in clear). A failure Result, or None; the EHLO line goes into `evidence`."""
    evidence.append("EHLO: %s" % " ".join(extensions))
    if "starttls" not in extensions:
        return failed(T("587 does not offer STARTTLS: -o smtpd_tls_security_level=encrypt with a certificate "
                        "(smtpd_tls_cert_file, smtpd_tls_key_file)"), *evidence)
    if "auth" in extensions:
        return failed(T("587 offers AUTH before STARTTLS, so passwords may cross the network in clear: "
                        "smtpd_tls_auth_only = yes"), *evidence)
    return None
