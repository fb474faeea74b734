# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A day-10 lab on a fake tree (SambaLab) and a fake runner that answers for Samba, smbclient and ss (Fake). A
helper module, not a test module."""

from __future__ import annotations

import os

from ansible_collections.serverlab.course.plugins.module_utils.checks import common
from labtree import LabTree

UID, GID = os.getuid(), os.getgid()


AUTH = "/etc/serverlab/samba.auth"


HOSTNAME = "h2g.example.com\n"


SS = (
    'LISTEN 0 64 127.0.0.1:23 0.0.0.0:* users:(("xinetd",pid=697,fd=5))\n'
    'LISTEN 0 50 127.0.0.1:445 0.0.0.0:* users:(("smbd",pid=944,fd=30))\n'
    'LISTEN 0 50 192.168.0.10:445 0.0.0.0:* users:(("smbd",pid=944,fd=29))\n'
    'LISTEN 0 128 [::]:22 [::]:* users:(("sshd",pid=12,fd=4))\n'
)


TESTPARM_OUT = "[global]\n\tworkgroup = WORKGROUP\n\n[homes]\n\tvalid users = %S\n\n[public]\n\tpath = /srv/samba/public\n"


TESTPARM_ERR = "Load smb config files from /etc/samba/smb.conf\nLoaded services file OK.\n"


PDBEDIT = "user1:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:8846F7EAEE8FB117AD06BDD830B7586C:[U          ]:LCT-6B042570:\n"


LIST = ("\n\tSharename       Type      Comment\n\t---------       ----      -------\n"
        "\tpublic          Disk      Lab public share\n\tIPC$            IPC       IPC Service\n"
        "\tuser1           Disk      Home directory of user1\n")


PUT_GET = "putting file /etc/hostname as \\labeval-put-get.txt\n" + HOSTNAME


class Fake(object):
    """Answers for argv tuples; probes answered from `probes` {(host, port): line}."""

    def __init__(self, **overrides):
        self.answers = {
            ("ss", "-H", "-ltnp"): (0, SS, ""),
            ("testparm", "-s"): (0, TESTPARM_OUT, TESTPARM_ERR),
            ("pdbedit", "-L", "-w"): (0, PDBEDIT, ""),
            ("smbclient", "-L", "//localhost", "-A", AUTH): (0, LIST, ""),
            ("systemctl", "is-active", "xinetd"): (0, "active\n", ""),
            ("systemctl", "is-active", "labtalk.socket"): (0, "active\n", ""),
        }
        self.put_get = (0, PUT_GET, "")
        self.probes = {("127.0.0.1", "23"): "answer labtalk on h2g: plain-text service"}
        self.calls = []
        for key, value in overrides.items():
            setattr(self, key, value)

    def __call__(self, argv):
        self.calls.append(list(argv))
        if len(argv) > 2 and argv[1] == "-c" and argv[2] == common.PROBE:
            line = self.probes.get((argv[3], argv[4]), "refused")
            return (0 if not line.startswith("refused") else 1), line + "\n", ""
        if argv[:2] == ["smbclient", "//localhost/public"]:
            return self.put_get
        return self.answers.get(tuple(argv), (127, "", "%s: command not found" % argv[0]))


class SambaLab(LabTree):
    def __init__(self, root, family="Debian"):
        super(SambaLab, self).__init__(root, family)
        self.write("/etc/group", "root:x:0:\nusers:x:%d:\nuser1:x:1000:\n" % GID)
        # The files belong to whoever runs the tests: call that uid root, and give user1 another one.
        passwd = self.read("/etc/passwd").replace("user1:x:%d:%d:" % (UID, UID), "user1:x:54321:54321:")
        self.write("/etc/passwd", passwd.replace("root:x:0:0:", "root:x:%d:0:" % UID))
        os.makedirs(self.real("/srv/samba/public"))
        self.write(AUTH, "username = user1\npassword = serverlab-training\n")
        self.write("/etc/hostname", HOSTNAME)
