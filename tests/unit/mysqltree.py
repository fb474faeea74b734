# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A fake MariaDB server (FakeServer) answering the day-20 checks' client commands, and the identity file it
expects. A helper module, not a test module."""

from __future__ import annotations

import os

UID, GID = os.getuid(), os.getgid()


CNF = "/root/.my.lab.cnf"


class FakeServer(object):
    """Answers systemctl and the mariadb client like a running MariaDB with the lab set up."""

    def __init__(self):
        self.state = "active"
        self.users = [("root", "localhost"), ("mariadb.sys", "localhost"), ("user1", "192.168.0.0/255.255.255.0")]
        self.databases = ["information_schema", "lab", "mysql", "performance_schema", "sys"]
        self.tcp_error = None
        self.clients = ("mariadb", "mysql")
        self.calls = []

    def __call__(self, argv):
        self.calls.append(list(argv))
        if argv[:2] == ["systemctl", "is-active"]:
            if argv[2] == "mariadb":
                return (0 if self.state == "active" else 3), self.state + "\n", ""
            return 4, "inactive\n", ""
        if argv[:2] == ["systemctl", "show"]:
            return 0, ("loaded\n" if argv[-1] == "mariadb" else "not-found\n"), ""
        if argv[0] not in self.clients:
            return 127, "", "%s: command not found" % argv[0]
        if self.state != "active":
            return 1, "", "ERROR 2002 (HY000): Can't connect to local server through socket " \
                          "'/run/mysqld/mysqld.sock' (2)\n"
        sql = argv[-1]
        if any(a.startswith("--protocol=TCP") for a in argv):
            if self.tcp_error:
                return 1, "", self.tcp_error + "\n"
            if ("user1", "192.168.0.0/255.255.255.0") not in self.users:
                return 1, "", "ERROR 1045 (28000): Access denied for user 'user1'@'192.168.0.1' " \
                              "(using password: YES)\n"
            return 0, "user1@192.168.0.0/255.255.255.0\tlab\tutf8mb4\n", ""
        if sql == "SELECT VERSION()":
            return 0, "10.11.19-MariaDB-0+deb12u1\n", ""
        if "User = ''" in sql:
            return 0, "".join("\t%s\n" % h for u, h in self.users if u == ""), ""
        if "User = 'root'" in sql:
            return 0, "".join("%s\n" % h for u, h in self.users if u == "root"), ""
        if sql == "SHOW DATABASES":
            return 0, "".join(d + "\n" for d in self.databases), ""
        return 1, "", "ERROR 1064 (42000): unexpected %r" % sql


def _identity(mysql_owner=True):
    owner = "mysql" if mysql_owner else "root"
    other = "root" if mysql_owner else "mysql"
    passwd = "%s:x:%d:%d::/nonexistent:/bin/false\n%s:x:99999:99999::/:/bin/sh\n" % (owner, UID, GID, other)
    group = "%s:x:%d:\n%s:x:99999:\n" % (owner, GID, other)
    return passwd, group
