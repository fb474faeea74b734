# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The djb DNS track on a fake tree (DjbTree: tinydns and dnscache under daemontools) with the lab's data. A
helper module, not a test module."""

from __future__ import annotations

import os
import time

from ansible_collections.serverlab.course.plugins.module_utils import dnsmodel, framework, tinydns
from labtree import FakeRoot


LAB = "192.168.0.10"


GOOD_DATA = """# the lab's zones
.example.com::ns.example.com:86400
.0.168.192.in-addr.arpa::ns.example.com:86400
=h2g.example.com:192.168.0.10:86400
+ns.example.com:192.168.0.10:86400
+mail.example.com:192.168.0.10:86400
@example.com::mail.example.com:10:86400
Cwww.example.com:h2g.example.com:86400
"""


def model(address=LAB):
    return dnsmodel.expand(
        "example.com",
        [{"name": "h2g", "address": address}, {"name": "ns", "address": address},
         {"name": "mail", "address": address}],
        {"www": "h2g"}, [{"name": "mail", "preference": 10}], ["ns"], ["192.168.0.0/24"], 86400)


class DjbTree(FakeRoot):
    """A fake root with a working djb-track VM (Debian or EL layout)."""

    def __init__(self, root, family="Debian"):
        FakeRoot.__init__(self, root)
        self.family = family
        self.service_dir = "/service" if family == "RedHat" else "/etc/service"
        os_release = ('ID="centos"\nID_LIKE="rhel fedora"\n' if family == "RedHat" else "ID=debian\n")
        self.write("/etc/os-release", os_release)
        self.write("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n"
                   "tinydns:x:996:996::/nonexistent:/usr/sbin/nologin\n"
                   "dnscache:x:997:997::/nonexistent:/usr/sbin/nologin\n"
                   "dnslog:x:998:998::/nonexistent:/usr/sbin/nologin\n")
        self.write("/etc/shadow", "root:$6$x$y:19000:0:99999:7:::\ntinydns:!:19000::::::\n"
                   "dnscache:!:19000::::::\ndnslog:*:19000::::::\n")
        self.write("/proc/1/cmdline", "/lib/systemd/systemd\0")
        self.write("/proc/598/cmdline", "/bin/sh\0/usr/bin/svscanboot\0%s/\0" % self.service_dir)
        self.write("/proc/600/cmdline", "svscan\0%s\0" % self.service_dir)
        self.write("/etc/tinydns/env/IP", LAB + "\n")
        self.write("/etc/tinydns/env/ROOT", "/etc/tinydns/root\n")
        self.write("/etc/tinydns/root/data", GOOD_DATA)
        self.make()
        self.write("/etc/dnscache/env/IP", "127.0.0.1\n")
        self.write("/etc/dnscache/env/ROOT", "/etc/dnscache/root\n")
        self.write("/etc/dnscache/root/ip/127.0.0.1", "")
        self.write("/etc/dnscache/root/ip/192.168.0", "")
        self.write("/etc/dnscache/root/servers/@", "198.41.0.4\n")
        self.write("/etc/dnscache/root/servers/example.com", LAB + "\n")
        self.write("/etc/dnscache/root/servers/0.168.192.in-addr.arpa", LAB + "\n")
        os.makedirs(self.real(self.service_dir))
        for name in ("tinydns", "dnscache"):
            os.symlink("/etc/" + name, self.real("%s/%s" % (self.service_dir, name)))
        self.states = {}  # svstat lines by path (default: up)
        self.tinydns_up = True
        self.dnscache_up = True

    def append(self, path, text, age=0):
        self.write(path, self.read(path) + text)
        later = time.time() + 5
        os.utime(self.real(path), (later, later))

    def make(self):
        """`make` in root/: data.cdb is the data as it is now (here: a copy, newer than data)."""
        self.cdb = tinydns.parse_data(self.read("/etc/tinydns/root/data"))
        self.write("/etc/tinydns/root/data.cdb", "cdb")
        stamp = os.stat(self.real("/etc/tinydns/root/data")).st_mtime + 1
        os.utime(self.real("/etc/tinydns/root/data.cdb"), (stamp, stamp))

    # ------------------------------------------------------------ the fake commands

    def svstat(self, path):
        default = "%s: up (pid 123) 60 seconds" % path
        return self.states.get(path, default)

    def dnsq_answer(self, rtype, name, recursive=False):
        """dnsq's output for the compiled data (a fake tinydns); dnsqr follows a CNAME."""
        number = {"a": 1, "ns": 2, "cname": 5, "soa": 6, "ptr": 12, "mx": 15}[rtype]
        lines = ["%d %s:" % (number, name)]
        answers = []
        zone = [r for r in self.cdb.records if r.type == "SOA" and (name == r.name or name.endswith("." + r.name))]
        want = rtype.upper()
        current = name
        for _hop in range(3):
            found = self.cdb.records_for(current, want)
            alias = self.cdb.records_for(current, "CNAME")
            if found:
                answers += ["answer: %s %d %s %s" % (r.name, r.ttl, r.type, r.value.split(" (mtime)")[0])
                            for r in found]
                break
            if alias and want != "CNAME":
                answers.append("answer: %s %d CNAME %s" % (current, alias[0].ttl, alias[0].value))
                if not recursive:
                    break
                current = alias[0].value
                continue
            break
        flags = "" if recursive else (", authoritative" if zone else "")
        rcode = "noerror" if answers or self.cdb.records_for(name) else "nxdomain"
        lines.append("99 bytes, 1+%d+0+0 records, response%s, %s" % (len(answers), flags, rcode))
        lines.append("query: %d %s" % (number, name))
        return "\n".join(lines + answers) + "\n"

    def runner(self):
        calls = []

        def run(argv):
            calls.append(list(argv))
            if argv[0] == "svstat":
                return 0, "\n".join(self.svstat(p) for p in argv[1:]) + "\n", ""
            if argv[0] == "dnsq":
                rtype, name, server = argv[1:4]
                if not self.tinydns_up or server != LAB:
                    return 0, "%s %s:\ntimed out\n" % (rtype, name), ""
                return 0, self.dnsq_answer(rtype, name), ""
            if argv[:2] == ["env", "DNSCACHEIP=127.0.0.1"] and argv[2] == "dnsqr":
                if not self.dnscache_up:
                    return 111, "", "dnsqr: fatal: unable to find IP address for %s: timed out\n" % argv[4]
                return 0, self.dnsq_answer(argv[3], argv[4], recursive=True), ""
            return 127, "", "%s: command not found" % argv[0]

        run.calls = calls
        return run

    def ctx(self, **config):
        cfg = dict(framework.COURSE_DEFAULTS)
        cfg.update({"dns": model(), "network": "192.168.0.0/24", "tracks": {"dns": "tinydns"}})
        cfg.update(config)
        cfg = framework._normalize_config(cfg)
        return framework.Context(None, cfg, root=self.root, runner=self.runner())
