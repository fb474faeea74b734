# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The course's lab for portmap (lab_ports_check) tests: the VM's address, the DNS model, Postfix's names and every
role's claims as the defaults give them, by hand (test_portmap.py, test_playbook_messages.py)."""

from __future__ import annotations

from ansible_collections.serverlab.course.plugins.module_utils import dnsmodel
from ansible_collections.serverlab.course.plugins.module_utils.portmap import VmAddresses

VM = VmAddresses([("eth0", "192.168.0.10")])
NET = "192.168.0.0/24"
ZONE = dnsmodel.expand("example.com", [{"name": "h2g", "address": "192.168.0.10"},
                                       {"name": "ns", "address": "192.168.0.10"},
                                       {"name": "mail", "address": "192.168.0.10"},
                                       {"name": "pc", "address": "192.168.0.20"}],
                       {"www": "h2g"}, [{"name": "mail", "preference": 10}], ["ns"], [NET])
POSTFIX = {"postfix_myhostname": "h2g.example.com", "postfix_mydomain": "example.com",
           "postfix_mydestination": ["$myhostname", "localhost", "$mydomain", "localhost.$mydomain"]}

# The course's VM (what the defaults give, by hand).
COURSE = {
    "named": [{"service": "domain", "address": ["192.168.0.10", "127.0.0.1"], "port": 53,
               "proto": ["udp", "tcp"], "var": "named_listen_on", "lab": True}],
    "postfix": [{"service": "smtp", "port": 25, "address": ["0.0.0.0"], "var": "postfix_inet_interfaces",
                 "lab": True, "v6only": True},
                {"service": "submission", "port": 587, "address": ["0.0.0.0"], "var": "postfix_submission",
                 "lab": True, "v6only": True},
                {"service": "smtps-stunnel", "listen": "127.0.0.1:10465", "var": "postfix_stunnel_backend"}],
    "dovecot": [{"service": n, "port": p, "address": ["*"], "var": "dovecot_listeners (%s)" % n,
                 "address_var": "dovecot_listen", "lab": True, "v6only": True}
                for n, p in (("pop3", 110), ("pop3s", 995), ("imap", 143), ("imaps", 993))],
    "samba": [{"service": "smb", "port": 445, "address": ["127.0.0.1", "192.168.0.10/24"],
               "var": "samba_interfaces", "lab": True}],
    "superserver": [{"service": "labtalk", "port": 23, "address": "127.0.0.1",
                     "var": "superserver_services (labtalk)", "lab": False}],
    "sshd": [{"service": "ssh", "port": 22, "address": ["0.0.0.0"], "var": "sshd_port",
              "address_var": "sshd_listen_addresses", "lab": True}],
    "stunnel": [{"service": "smtps", "port": 465, "address": "0.0.0.0", "var": "stunnel_smtps_port", "lab": True}],
    "mysql": [{"service": "mysql", "port": 3306, "address": "192.168.0.10", "var": "mysql_port",
               "address_var": "mysql_bind_address", "lab": True}],
}


def with_(role, index=0, **changes):
    model = {r: [dict(c) for c in claims] for r, claims in COURSE.items()}
    model[role][index].update(changes)
    return model


# The mail system split across hosts (lab_mail_hosts): the store .30, the relay .31 (MX 10), the backup .32 (MX 20).
SPLIT_HOSTS = [{"name": "h2g", "address": "192.168.0.30", "role": "store"},
               {"name": "relay", "address": "192.168.0.31", "role": "relay"},
               {"name": "relay2", "address": "192.168.0.32", "role": "backup-relay"}]
