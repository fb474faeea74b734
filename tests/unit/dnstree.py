# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""BIND on fake trees, for the day-7 tests and the others that grade DNS: ZoneTree (a day-6 lab with the
course's zone files) and DigServer, a fake runner that answers `dig` and `rndc` from the zone files named
has "loaded" (parsed with the zone parser, printed in dig's format). A helper module, not a test module."""

from __future__ import annotations

from ansible_collections.serverlab.course.plugins.module_utils import dnsmodel, framework
from ansible_collections.serverlab.course.plugins.module_utils import zone as zonefile
from labtree import LabTree

ZONE_DIRS = {"RedHat": "/var/named/chroot/var/named/master", "Debian": "/etc/bind"}
LOGS = {"RedHat": "/var/named/chroot/var/named/data/named.log", "Debian": "/var/log/named/named.log"}

FORWARD = """$TTL 86400
; example.com
@       IN  SOA  ns.example.com. root.example.com. (
                 2026112301 ; serial
                 3600 ; refresh
                 900 ; retry
                 604800 ; expire
                 86400 ) ; minimum
@        IN  NS    ns
@        IN  MX    10 mail
h2g      IN  A     192.168.0.10
ns       IN  A     192.168.0.10
mail     IN  A     192.168.0.10
www      IN  CNAME h2g
"""

REVERSE = """$TTL 86400
@       IN  SOA  ns.example.com. root.example.com. (
                 2026112301 ; serial
                 3600 900 604800 86400 )
@        IN  NS    ns.example.com.
10       IN  PTR   h2g.example.com.
"""

ORIGINS = {"db.example": "example.com.", "db.192.168.0": "0.168.192.in-addr.arpa."}

DIG_HEAD = """
; <<>> DiG 9.18.41-1~deb12u1-Debian <<>> {args}
; (1 server found)
;; global options: +cmd
;; Got answer:
;; ->>HEADER<<- opcode: QUERY, status: {status}, id: 4242
;; flags: {flags}; QUERY: 1, ANSWER: {count}, AUTHORITY: 0, ADDITIONAL: 1

;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags:; udp: 1232

;; QUESTION SECTION:
;{qname}\t\t\tIN\t{qtype}
"""
DIG_TAIL = """
;; Query time: 0 msec
;; SERVER: 192.168.0.10#53(192.168.0.10) (UDP)
;; WHEN: Mon Nov 23 11:00:00 UTC 2026
;; MSG SIZE  rcvd: 120
"""


def course_dns(address="192.168.0.10"):
    return dnsmodel.expand("example.com", [{"name": "h2g", "address": address}, {"name": "ns", "address": address},
                                           {"name": "mail", "address": address}],
                           {"www": "h2g"}, [{"name": "mail", "preference": 10}], ["ns"], ["192.168.0.0/24"], 86400)


class ZoneTree(LabTree):
    """A fake root with a day-6 lab and BIND's zone files for the course zone."""

    def __init__(self, root, family="Debian"):
        LabTree.__init__(self, root, family)
        self.family = family
        self.zone_dir = ZONE_DIRS[family]
        self.write(self.zone_path("db.example"), FORWARD)
        self.write(self.zone_path("db.192.168.0"), REVERSE)
        self.write(LOGS[family], "23-Nov-2026 11:00:00.000 general: info: zone example.com/IN: loaded serial 2026112301\n")

    def zone_path(self, name):
        return "%s/%s" % (self.zone_dir, name)

    def ctx(self, user=None, runner=None, **config):
        config.setdefault("dns", course_dns())
        config.setdefault("network", "192.168.0.0/24")
        return LabTree.ctx(self, user, runner, **config)


class DigServer(object):
    """A fake runner: named serving the zone files as they were when it (re)loaded them."""

    def __init__(self, tree, active=True):
        self.tree = tree
        self.active = active
        self.status = None  # force a status (REFUSED, SERVFAIL) for every dig
        self.authoritative = True
        self.silent = False  # dig times out
        self.checkconf = None  # (rc, output) to return from named-checkconf
        self.calls = []
        self.reload()

    def reload(self):
        """rndc reload: take the zone files as they are now."""
        self.zones = {}
        for name, origin in ORIGINS.items():
            text = self.tree.read(self.tree.zone_path(name))
            self.zones[origin] = zonefile.parse_zone(text, origin, name)

    def _zone_for(self, qname):
        best = None
        for origin in self.zones:
            if (qname == origin or qname.endswith("." + origin)) and (best is None or len(origin) > len(best)):
                best = origin
        return best

    def _answer(self, qname, qtype):
        origin = self._zone_for(qname)
        if origin is None:
            return "REFUSED", []
        zone = self.zones[origin]
        records, name, seen = [], qname, set()
        while name not in seen:
            seen.add(name)
            here = zone.find(name)
            cname = [r for r in here if r.type == "CNAME"]
            if cname and qtype != "CNAME":
                records.append(cname[0])
                name = cname[0].target
                continue
            records.extend(r for r in here if r.type == qtype)
            break
        exists = bool(zone.find(qname))
        return ("NOERROR" if exists else "NXDOMAIN"), records

    def dig(self, argv):
        args = [a for a in argv[1:] if not a.startswith("@") and not a.startswith("+")]
        if args[0] == "-x":
            qname, qtype = dnsmodel.ptr_name(args[1]), "PTR"
        else:
            qname, qtype = args[0].lower().rstrip(".") + ".", args[1].upper()
        if self.silent:
            return 9, ";; communications error to 192.168.0.10#53: timed out\n;; no servers could be reached\n", ""
        status, records = self._answer(qname, qtype)
        status = self.status or status
        if status != "NOERROR":
            records = []
        flags = "qr aa" if self.authoritative and status in ("NOERROR", "NXDOMAIN") else "qr"
        out = DIG_HEAD.format(args=" ".join(argv[1:]), status=status, flags=flags, count=len(records),
                              qname=qname, qtype=qtype)
        if records:
            out += "\n;; ANSWER SECTION:\n" + "".join(
                "%s\t%d\tIN\t%s\t%s\n" % (r.name, r.ttl, r.type, r.value) for r in records)
        return 0, out + DIG_TAIL, ""

    def run(self, argv):
        self.calls.append(list(argv))
        if argv[0] == "dig":
            return self.dig(argv)
        if argv[:2] == ["systemctl", "is-active"]:
            return (0, "active\n", "") if self.active else (3, "inactive\n", "")
        if argv[0] == "named-checkconf":
            if self.checkconf:
                return self.checkconf[0], self.checkconf[1], ""
            return 0, "".join("zone %s/IN: loaded serial %d\n" % (o.rstrip("."), z.serial)
                              for o, z in self.zones.items()), ""
        if argv[:2] == ["rndc", "zonestatus"]:
            origin = argv[2].rstrip(".") + "."
            if not self.active:
                return 1, "", "rndc: connect failed: 127.0.0.1#953: connection refused\n"
            if origin not in self.zones:
                return 1, "", "rndc: 'zonestatus' failed: not found\nno matching zone '%s' in any view\n" % argv[2]
            return 0, "name: %s\ntype: primary\nserial: %d\n" % (argv[2], self.zones[origin].serial), ""
        return 127, "", "%s: command not found" % argv[0]


def providers_ctx(tmp_path, named=False, tinydns=False, track="bind"):
    """A context whose runner says which DNS servers run: named (systemd) and tinydns (daemontools)."""
    (tmp_path / "etc" / "service" / "tinydns").mkdir(parents=True)

    def run(argv):
        if argv[:2] == ["systemctl", "is-active"]:
            return (0, "active\n", "") if named and argv[2] == "named" else (3, "inactive\n", "")
        if argv[0] == "svstat":
            state = "up (pid 42) 9 seconds" if tinydns else "down 9 seconds"
            return 0, "%s: %s\n" % (argv[1], state), ""
        return 127, "", "not found"

    config = dict(framework.COURSE_DEFAULTS, tracks={"dns": track})
    return framework.Context("user1", config, root=str(tmp_path), runner=run)
