# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A day-12 lab on a fake tree (SshLab) and a fake runner that answers for sshd and ss (Fake). A helper module,
not a test module."""

from __future__ import annotations

import os

from ansible_collections.serverlab.course.plugins.module_utils.checks import common
from labtree import LabTree


KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTheUnitTestsOnly0123456789abcdef user1@client\n"


SS = (
    'LISTEN 0 128 0.0.0.0:22 0.0.0.0:* users:(("sshd",pid=12,fd=3))\n'
    'LISTEN 0 128 [::]:22 [::]:* users:(("sshd",pid=12,fd=4))\n'
    'LISTEN 0 64 127.0.0.1:23 0.0.0.0:* users:(("xinetd",pid=697,fd=5))\n'
)


SSHD_T = ("port 22\npermitrootlogin without-password\npubkeyauthentication yes\npasswordauthentication no\n"
          "allowtcpforwarding local\nx11forwarding no\n")


class Fake(object):
    def __init__(self):
        self.answers = {
            ("sshd", "-t"): (0, "", ""),
            ("sshd", "-T"): (0, SSHD_T, ""),
            ("ss", "-H", "-ltnp"): (0, SS, ""),
        }
        self.probes = {("127.0.0.1", "23"): "answer labtalk on h2g: plain-text service"}
        self.seen_C = []

    def __call__(self, argv):
        if len(argv) > 2 and argv[1] == "-c" and argv[2] == common.PROBE:
            line = self.probes.get((argv[3], argv[4]), "refused")
            return (0 if line != "refused" else 1), line + "\n", ""
        if argv[:2] == ["sshd", "-T"] and tuple(argv) not in self.answers:
            self.seen_C.append(argv)
            return self.answers[("sshd", "-T")]  # no Match block: the connection gets the global values
        return self.answers.get(tuple(argv), (127, "", "%s: command not found" % argv[0]))


class SshLab(LabTree):
    def __init__(self, root, family="Debian"):
        super(SshLab, self).__init__(root, family)
        os.makedirs(self.real("/home/user1/.ssh"))
        os.chmod(self.real("/home/user1/.ssh"), 0o700)
        self.write("/home/user1/.ssh/authorized_keys", KEY)
        os.chmod(self.real("/home/user1/.ssh/authorized_keys"), 0o600)

    def sshd_T(self, fake, **values):
        text = SSHD_T
        for key, value in values.items():
            text = "\n".join(("%s %s" % (key, value)) if line.split()[0] == key else line
                             for line in text.splitlines()) + "\n"
        fake.answers[("sshd", "-T")] = (0, text, "")
        return fake
