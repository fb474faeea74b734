# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A day-13 lab on a fake tree (SslLab: stunnel standalone or from the superserver, Dovecot's SSL) and a fake
runner (Fake), with stunnel logs of clean and reset sessions. A helper module, not a test module."""

from __future__ import annotations

import json
import os
import subprocess

from ansible_collections.serverlab.course.plugins.module_utils.checks import mailprobe
from labtree import LabTree


CERT, KEY = "/etc/ssl/serverlab/mail.crt", "/etc/ssl/serverlab/mail.key"


STANDALONE = ("; Managed by serverlab\ncert = %s\nkey = %s\nsetuid = stunnel4\nsetgid = stunnel4\n"
              "pid = /var/run/stunnel4/smtps.pid\noutput = /var/log/stunnel4/smtps.log\ndebug = 5\n\n"
              "[smtps]\naccept = 465\nconnect = 127.0.0.1:25\n" % (CERT, KEY))


INETD = ("cert = %s\nkey = %s\noutput = /var/log/stunnel4/smtps.log\ndebug = 5\nconnect = 127.0.0.1:25\n"
         % (CERT, KEY))


XINETD_SMTPS = ("service smtps\n{\n\ttype = UNLISTED\n\tsocket_type = stream\n\tprotocol = tcp\n\tport = 465\n"
                "\twait = no\n\tuser = root\n\tserver = /usr/bin/stunnel\n"
                "\tserver_args = /etc/stunnel/smtps-inetd.conf\n\tbind = 0.0.0.0\n\tdisable = no\n}\n")


DOVECONF = ("protocols = pop3 imap\nssl = yes\nservice pop3-login {\n  inet_listener pop3 {\n    port = 110\n  }\n"
            "  inet_listener pop3s {\n    port = 995\n    ssl = yes\n  }\n}\n")


SS_STANDALONE = ('LISTEN 0 128 0.0.0.0:465 0.0.0.0:* users:(("stunnel4",pid=600,fd=9))\n'
                 'LISTEN 0 100 0.0.0.0:995 0.0.0.0:* users:(("dovecot",pid=800,fd=22))\n'
                 'LISTEN 0 100 0.0.0.0:25 0.0.0.0:* users:(("master",pid=900,fd=13))\n')


SS_XINETD = SS_STANDALONE.replace('"stunnel4",pid=600', '"xinetd",pid=650')


LOG_CLEAN = ("2026.11.23 10:00:00 LOG5[0]: Service [smtps] accepted connection from 127.0.0.1:40000\n"
             "2026.11.23 10:00:01 LOG5[0]: Connection closed: 120 byte(s) sent to TLS, 40 byte(s) sent to socket\n"
             "2026.11.23 10:01:00 LOG5[1]: Service [smtps] accepted connection from 192.168.0.1:50000\n"
             "2026.11.23 10:01:02 LOG5[1]: Connection closed: 300 byte(s) sent to TLS, 700 byte(s) sent to socket\n")


LOG_RESET = ("2026.11.23 10:02:00 LOG5[2]: Service [smtps] accepted connection from 192.168.0.50:50001\n"
             "2026.11.23 10:02:01 LOG3[2]: SSL_read: Connection reset by peer (104)\n"
             "2026.11.23 10:02:01 LOG5[2]: Connection reset: 300 byte(s) sent to TLS, 700 byte(s) sent to socket\n")


LOG_BIND = ("2026.11.23 10:03:00 LOG3[main]: Error binding service [pop3s] to 0.0.0.0:995\n"
            "2026.11.23 10:03:00 LOG3[main]: bind: Address already in use (98)\n")


class Fake(object):
    def __init__(self, lab, mode="standalone"):
        self.lab = lab
        self.answers = {
            ("ss", "-H", "-ltnp"): (0, SS_STANDALONE if mode == "standalone" else SS_XINETD, ""),
            ("doveconf", "-n"): (0, DOVECONF, ""),
            ("systemctl", "is-active", "stunnel@smtps"): (0, "active\n", "") if mode == "standalone"
            else (3, "inactive\n", ""),
            ("systemctl", "show", "-p", "MainPID", "--value", "dovecot"): (0, "800\n", ""),
            ("systemctl", "show", "-p", "MainPID", "--value", "stunnel@smtps"): (0, "600\n", ""),
            ("getconf", "CLK_TCK"): (0, "100\n", ""),
        }
        self.probes = {
            ("smtp", "465"): {"ok": True, "banner": "220 h2g.example.com ESMTP Postfix", "tls_version": "TLSv1.3",
                              "cipher": "TLS_AES_256_GCM_SHA384"},
            ("pop3", "995"): {"ok": True, "banner": "+OK Dovecot ready.", "login": True, "user": "user1",
                              "messages": 1, "tls_version": "TLSv1.3"},
            ("imap", "993"): {"ok": True, "banner": "* OK Dovecot ready."},
            ("relay", "465"): {"ok": True, "rcpt": "554 5.7.1 <relay-test@example.net>: Relay access denied"},
            ("smtp", "587"): {"ok": True, "banner": "220 h2g", "extensions": ["8bitmime", "starttls"],
                              "auth_tls": ["PLAIN", "LOGIN"]},
        }

    def __call__(self, argv):
        if len(argv) > 2 and argv[1] == "-c" and argv[2] == mailprobe.SCRIPT:
            op, host, port = argv[3], argv[4], argv[5]
            answer = self.probes.get((op, port), {"ok": False, "error": "connection refused"})
            return 0, json.dumps(dict(answer, op=op, host=host, port=int(port))) + "\n", ""
        if argv[0] == "openssl":
            proc = subprocess.run(argv, capture_output=True, text=True, check=False)
            return proc.returncode, proc.stdout, proc.stderr
        return self.answers.get(tuple(argv), (127, "", "%s: command not found" % argv[0]))


class SslLab(LabTree):
    def __init__(self, root, pem, mode="standalone"):
        super(SslLab, self).__init__(root, "Debian")
        self.write(CERT, pem["crt"])
        self.write(KEY, pem["key"])
        self.write("/etc/stunnel/smtps.conf" if mode == "standalone" else "/etc/stunnel/smtps-inetd.conf",
                   STANDALONE if mode == "standalone" else INETD)
        self.write("/var/log/stunnel4/smtps.log", LOG_CLEAN)
        self.write("/etc/serverlab/trainee.auth", "username = user1\npassword = x\n")
        os.makedirs(self.real("/etc/xinetd.d"))
        if mode == "superserver":
            self.write("/etc/xinetd.d/smtps", XINETD_SMTPS)
        # Both daemons started long after every file was written (btime + 10^6 ticks / 100 Hz).
        self.write("/proc/stat", "cpu 1 2 3\nbtime 2000000000\n")
        for pid in ("600", "800"):
            self.write("/proc/%s/stat" % pid, "%s (daemon) S 1 %s 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1000000 0 0\n"
                       % (pid, pid))
        for path in (CERT, KEY, "/etc/stunnel/smtps.conf", "/etc/dovecot/dovecot.conf"):
            if not os.path.exists(self.real(path)):
                self.write(path, "")
            os.utime(self.real(path), (1000, 1000))
