# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A day-8 lab on a fake tree (MailLab) and a fake runner that answers for Postfix, qmail, Dovecot and ss
(Fake), for the mail tests. A helper module, not a test module."""

from __future__ import annotations

import os

from ansible_collections.serverlab.course.plugins.module_utils.checks import mailprobe
from labtree import LabTree


SS = (
    'LISTEN 0 100 0.0.0.0:25 0.0.0.0:* users:(("master",pid=900,fd=13))\n'
    'LISTEN 0 100 0.0.0.0:110 0.0.0.0:* users:(("dovecot",pid=800,fd=21))\n'
)


SS_QMAIL = 'LISTEN 0 20 0.0.0.0:25 0.0.0.0:* users:(("tcpserver",pid=700,fd=3))\n'


POSTCONF = {
    ("myhostname", "mydomain", "mydestination"):
        "myhostname = h2g.example.com\nmydomain = example.com\n"
        "mydestination = $myhostname, localhost, $mydomain, localhost.$mydomain\n",
    ("mynetworks", "smtpd_relay_restrictions", "smtpd_recipient_restrictions"):
        "mynetworks = 127.0.0.0/8 192.168.0.0/24\n"
        "smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination\n"
        "smtpd_recipient_restrictions =\n",
    ("alias_maps", "alias_database"): "alias_maps = hash:/etc/aliases\nalias_database = hash:/etc/aliases\n",
}


RULES = '127.0.0.1:allow,RELAYCLIENT=""\n192.168.0.:allow,RELAYCLIENT=""\n:allow\n'


class Fake(object):
    """Answers for argv tuples; the mail probe answered from `probes` {(op, port): dict}."""

    def __init__(self, lab, **overrides):
        self.lab = lab
        self.answers = {
            ("postfix", "status"): (0, "postfix/postfix-script: the Postfix mail system is running: PID: 900\n", ""),
            ("postfix", "check"): (0, "", ""),
            ("ss", "-H", "-ltnp"): (0, SS, ""),
            ("doveconf", "-h", "mail_location"): (0, "maildir:~/Maildir\n", ""),
            ("systemctl", "is-active", "dovecot"): (0, "active\n", ""),
            ("postmap", "-q", "postmaster", "hash:/etc/aliases"): (0, "root\n", ""),
            ("svstat", "/etc/service/qmail-send"): (0, "/etc/service/qmail-send: up (pid 10) 99 seconds\n", ""),
            ("svstat", "/etc/service/qmail-smtpd"): (0, "/etc/service/qmail-smtpd: up (pid 11) 99 seconds\n", ""),
        }
        for names, out in POSTCONF.items():
            self.answers[("postconf",) + names] = (0, out, "")
        self.probes = {
            ("smtp", "25"): {"ok": True, "banner": "220 h2g.example.com ESMTP Postfix"},
            ("pop3", "110"): {"ok": True, "banner": "+OK Dovecot ready.", "login": True, "user": "user1",
                              "messages": 0},
        }
        self.deliver_to = "/home/user1/Maildir/new"
        self.calls = []
        for key, value in overrides.items():
            setattr(self, key, value)

    def __call__(self, argv):
        self.calls.append(list(argv))
        if len(argv) > 2 and argv[1] == "-c" and argv[2] == mailprobe.SCRIPT:
            op, host, port = argv[3], argv[4], argv[5]
            if op == "send":
                token = argv[-1]
                if self.deliver_to:
                    self.lab.write(self.deliver_to + ("/1700000000.M1.h2g" if "Maildir" in self.deliver_to else ""),
                                   "Subject: labeval delivery test %s\n\n%s\n" % (token, token))
                answer = {"ok": True, "sent": True}
            else:
                answer = self.probes.get((op, port), {"ok": False, "error": "connection refused"})
            answer = dict(answer, op=op, host=host, port=int(port))
            import json
            return 0, json.dumps(answer) + "\n", ""
        return self.answers.get(tuple(argv), (127, "", "%s: command not found" % argv[0]))


class MailLab(LabTree):
    def __init__(self, root, family="Debian"):
        super(MailLab, self).__init__(root, family)
        for sub in ("new", "cur", "tmp"):
            os.makedirs(self.real("/home/user1/Maildir/" + sub))
        self.write("/etc/aliases", "postmaster: root\nroot: user1\n")
        self.write("/etc/aliases.db", "db")
        self.write("/etc/serverlab/trainee.auth", "username = user1\npassword = serverlab-training\n")
        self.write("/var/qmail/control/me", "h2g.example.com\n")
        self.write("/var/qmail/control/locals", "example.com\nh2g.example.com\n")
        self.write("/var/qmail/control/rcpthosts", "example.com\nh2g.example.com\n")
        for name in ("postmaster", "mailer-daemon", "root"):
            self.write("/var/qmail/alias/.qmail-" + name, "&user1\n")
            os.chmod(self.real("/var/qmail/alias/.qmail-" + name), 0o644)
        self.write("/etc/tcp/smtp", RULES)
        for name in ("qmail-send", "qmail-smtpd"):
            os.makedirs(self.real("/etc/service/" + name))
        os.utime(self.real("/etc/aliases"), (1000, 1000))

    def compile_rules(self):
        import subprocess
        subprocess.run("tcprules smtp.cdb smtp.tmp < smtp", shell=True, check=True, cwd=self.real("/etc/tcp"))
