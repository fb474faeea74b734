# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Package names and services per platform: Debian 12, EL 7 (the course's CentOS) and EL 9 (Rocky/Alma).

Each role's values are rendered as a play sets them (vars/<family>.yml, then vars/<family>-<major>.yml)
and compared with the distributions' own names, written down here once from their package lists (no EL
repository is reachable from this machine, so this table is the documented expectation, not a query).
What differs between EL generations lives in vars/RedHat-7.yml (test_daemon_checkers.py checks that each
role loads its own); where EL 7 cannot satisfy a need at all, the README says so (named's zone_check wants
dnspython 2.1; EL 7 ships 1.12).
"""

from __future__ import annotations

import pytest

import roles_render

PLATFORMS = [("Debian", None), ("RedHat", "7"), ("RedHat", "9")]

# role: {variable: {platform: value}}
EXPECTED = {
    "samba": {
        "samba_packages": {"Debian": ["samba", "samba-common-bin", "smbclient"],
                           "RedHat": ["samba", "samba-common-tools", "samba-client"]},
        "__samba_service": {"Debian": "smbd", "RedHat": "smb"},
        "__samba_nmbd_service": {"Debian": "nmbd", "RedHat": "nmb"},
    },
    "named": {
        # The course's EL layout: bind-chroot, run as named-chroot.
        "named_packages": {"Debian": ["bind9", "bind9-dnsutils", "python3-dnspython"],
                           "RedHat": ["bind", "bind-chroot", "bind-utils", "python3-dns"]},
        "__named_service": {"Debian": "named", "RedHat": "named-chroot"},
    },
    "postfix": {"postfix_packages": {"Debian": ["postfix"], "RedHat": ["postfix"]},
                "__postfix_service": {"Debian": "postfix", "RedHat": "postfix"}},
    "dovecot": {"dovecot_packages": {"Debian": ["dovecot-core", "dovecot-pop3d", "dovecot-imapd"], "RedHat": ["dovecot"]},
                "__dovecot_service": {"Debian": "dovecot", "RedHat": "dovecot"}},
    "sshd": {"sshd_packages": {"Debian": ["openssh-server"], "RedHat": ["openssh-server"]},
             "__sshd_service": {"Debian": "ssh", "RedHat": "sshd"}},
    # xinetd is in EL 7 and deprecated in 8, gone from EL 9: systemd socket units there. The superserver
    # and stunnel (smtps from the superserver) follow the same switch.
    "superserver": {"__superserver_platform_type": {"Debian": "xinetd", "RedHat-7": "xinetd", "RedHat-9": "systemd"}},
    "stunnel": {"stunnel_packages": {"Debian": ["stunnel4", "logrotate"], "RedHat": ["stunnel", "logrotate"]},
                "__stunnel_superserver_platform": {"Debian": "xinetd", "RedHat-7": "xinetd", "RedHat-9": "systemd"}},
    # EL 7: MariaDB 5.5 and MySQL-python (Python 2); EL 9: MariaDB 10.5 and python3-PyMySQL.
    "mysql": {"mysql_packages": {"Debian": ["mariadb-server", "mariadb-client", "python3-pymysql"],
                                 "RedHat-7": ["mariadb-server", "mariadb", "MySQL-python"],
                                 "RedHat-9": ["mariadb-server", "mariadb", "python3-PyMySQL"]},
              "__mysql_service": {"Debian": "mariadb", "RedHat": "mariadb"}},
    "chrony": {"__chrony_service": {"Debian": "chrony", "RedHat": "chronyd"}},
    "firewall": {"__firewall_service": {"Debian": "firewalld", "RedHat": "firewalld"}},
    # EL 7's Ansible runs modules with Python 2 (python-cryptography); EL 9's with Python 3.
    "mailcert": {"mailcert_packages": {"Debian": ["python3-cryptography", "openssl"],
                                       "RedHat-7": ["python-cryptography", "openssl"],
                                       "RedHat-9": ["python3-cryptography", "openssl"]}},
    "network": {"network_provider_packages": {"Debian": {"ifupdown": ["ifupdown"], "nm": ["network-manager"]},
                                              "RedHat": {"nm": ["NetworkManager"], "initscripts": ["initscripts"]}}},
}


def expected(table, family, release):
    key = "%s-%s" % (family, release)
    return table[key] if key in table else table[family]


@pytest.mark.parametrize("family, release", PLATFORMS)
@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_packages_and_services_per_platform(role, family, release):
    python = 2 if release == "7" else 3  # the interpreter Ansible finds on each: EL 7's /usr/bin/python is 2.7
    facts = {"os_family": family, "distribution_major_version": release or "12",
             "python": {"version": {"major": python}}}
    with roles_render.collection_plugins():
        templar = roles_render.templar(role, family, release=release, lab_firewall="firewalld")
        templar.available_variables = dict(templar.available_variables, ansible_facts=facts)
        got = dict((name, roles_render.template(templar, "{{ %s }}" % name)) for name in EXPECTED[role])
    assert got == dict((name, expected(table, family, release)) for name, table in EXPECTED[role].items())
