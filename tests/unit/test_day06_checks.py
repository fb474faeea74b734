# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Day 6 checks on fake trees: each passes on a good lab and fails, with a teaching reason,
for the trainees' classic mistakes (the fake trees are in labtree.py)."""

from __future__ import annotations

import os

import pytest

from labtree import IFCFG, UID, LabTree, fails, fake_runner

from ansible_collections.serverlab.course.plugins.module_utils import framework
from ansible_collections.serverlab.course.plugins.module_utils.checks import day06


@pytest.fixture
def rh(tmp_path):
    return LabTree(tmp_path / "redhat", "RedHat")


@pytest.fixture
def deb(tmp_path):
    return LabTree(tmp_path / "debian", "Debian")


@pytest.fixture(params=["RedHat", "Debian"])
def lab(request, tmp_path):
    return LabTree(tmp_path / request.param.lower(), request.param)


def test_catalog_lists_eight_numbered_checks():
    assert [(c.id, c.item) for c in day06.CHECKS] == [
        ("6.1", "hostname"), ("6.2", "/etc/hosts"), ("6.3", "network/address"),
        ("6.4", "network/gateway"), ("6.5", "network/backups"), ("6.6", "resolver"),
        ("6.7", "user"), ("6.8", "boot/services")]


def test_good_lab_passes_every_check(lab):
    ctx = lab.ctx()
    outcomes = framework.evaluate(day06.CHECKS, ctx, keep_going=True)
    assert [(c.num, r.status, r.reason) for c, r in outcomes] == [(n, "PASS", "") for n in range(1, 9)]


def test_family_is_detected_from_os_release(rh, deb):
    assert rh.ctx().family == "RedHat"
    assert deb.ctx().family == "Debian"


# ---------------------------------------------------------------- 1 hostname

def test_hostname_passes_with_evidence(rh):
    runner = fake_runner()
    result = day06.check_hostname(rh.ctx(runner=runner))
    assert result.status == "PASS"
    assert result.evidence == ("hostname -s: h2g", "hostname -f: h2g.example.com")
    assert runner.calls == [["hostname", "-s"], ["hostname", "-f"]]


def test_hostname_wrong_short_name(rh):
    result = day06.check_hostname(rh.ctx(runner=fake_runner("localhost", "localhost.localdomain")))
    fails(result, 'the host name is "localhost", not "h2g": run hostnamectl set-hostname h2g.example.com',
          'hostname -f gives "localhost.localdomain", not "h2g.example.com"')


def test_hostname_f_gives_the_short_name(rh):
    result = day06.check_hostname(rh.ctx(runner=fake_runner("h2g", "h2g")))
    assert result.reason == ('hostname -f gives "h2g", not "h2g.example.com": in /etc/hosts write '
                             '"192.168.0.10 h2g.example.com h2g", the full name first')


def test_hostname_f_cannot_resolve(rh):
    runner = fake_runner(full_rc=1, full_err="hostname: Name or service not known\n")
    result = day06.check_hostname(rh.ctx(runner=runner))
    fails(result, "hostname -f cannot find the full name (hostname: Name or service not known)",
          'add "192.168.0.10 h2g.example.com h2g" to /etc/hosts')
    assert "hostname -f: failed (hostname: Name or service not known)" in result.evidence


def test_hostname_follows_the_config(rh):
    result = day06.check_hostname(rh.ctx(runner=fake_runner("srv", "srv.lab.test"),
                                         hostname="srv", domain="lab.test"))
    assert result.status == "PASS"


# ---------------------------------------------------------------- 2 /etc/hosts

def test_hosts_passes(lab):
    result = day06.check_hosts(lab.ctx())
    assert result.status == "PASS"
    assert result.evidence == ("line 3: 192.168.0.10 h2g.example.com h2g",)


def test_hosts_fqdn_on_127_0_1_1(deb):
    deb.write("/etc/hosts", "127.0.0.1 localhost\n127.0.1.1 h2g.example.com h2g\n")
    result = day06.check_hosts(deb.ctx())
    assert result.reason == (
        "line 2 maps h2g.example.com and h2g to the loopback address 127.0.1.1, so the host name "
        "resolves to 127.0.1.1 instead of 192.168.0.10: take the name off that line; "
        'no line maps the lab address 192.168.0.10: add "192.168.0.10 h2g.example.com h2g"')


def test_hosts_fqdn_on_127_0_0_1_even_with_the_lab_line(rh):
    rh.replace("/etc/hosts", "localhost.localdomain", "localhost.localdomain h2g.example.com")
    fails(day06.check_hosts(rh.ctx()),
          "line 1 maps h2g.example.com to the loopback address 127.0.0.1")


def test_hosts_short_name_first(rh):
    rh.replace("/etc/hosts", "192.168.0.10 h2g.example.com h2g", "192.168.0.10 h2g h2g.example.com")
    fails(day06.check_hosts(rh.ctx()), "line 3 names h2g before h2g.example.com",
          "what hostname -f shows")


def test_hosts_short_name_missing(rh):
    rh.replace("/etc/hosts", "192.168.0.10 h2g.example.com h2g", "192.168.0.10 h2g.example.com")
    fails(day06.check_hosts(rh.ctx()), "line 3 lacks the short name h2g")


def test_hosts_fqdn_on_another_address(rh):
    rh.replace("/etc/hosts", "192.168.0.10 h2g.example.com h2g", "192.168.0.99 h2g.example.com h2g")
    fails(day06.check_hosts(rh.ctx()),
          "line 3 maps h2g.example.com and h2g to 192.168.0.99, not to the lab address 192.168.0.10",
          "no line maps the lab address 192.168.0.10")


def test_hosts_comment_does_not_count(rh):
    rh.replace("/etc/hosts", "192.168.0.10 h2g.example.com h2g", "# 192.168.0.10 h2g.example.com h2g")
    fails(day06.check_hosts(rh.ctx()), "no line maps the lab address 192.168.0.10")


def test_hosts_missing(rh):
    rh.remove("/etc/hosts")
    assert day06.check_hosts(rh.ctx()).reason == (
        '/etc/hosts does not exist: create it with the line "192.168.0.10 h2g.example.com h2g"')


# ---------------------------------------------------------------- 3 network/address

def test_address_redhat_passes_with_evidence(rh):
    result = day06.check_address(rh.ctx())
    assert result.status == "PASS"
    assert "ifcfg-eth0 line 4: IPADDR=192.168.0.10" in result.evidence
    assert "ifcfg-eth0 line 5: PREFIX=24" in result.evidence


def test_address_redhat_netmask_instead_of_prefix(rh):
    rh.replace("/etc/sysconfig/network-scripts/ifcfg-eth0", "PREFIX=24", "NETMASK=255.255.255.0")
    assert day06.check_address(rh.ctx()).status == "PASS"


def test_address_redhat_wrong_netmask(rh):
    rh.replace("/etc/sysconfig/network-scripts/ifcfg-eth0", "PREFIX=24", "NETMASK=255.255.0.0")
    fails(day06.check_address(rh.ctx()), "NETMASK=255.255.0.0 is a /16 netmask, not /24: write PREFIX=24")


def test_address_redhat_wrong_address_and_onboot(rh):
    rh.replace("/etc/sysconfig/network-scripts/ifcfg-eth0", "IPADDR=192.168.0.10", "IPADDR=192.168.0.11")
    rh.replace("/etc/sysconfig/network-scripts/ifcfg-eth0", "ONBOOT=yes", "ONBOOT=no")
    result = fails(day06.check_address(rh.ctx()),
                   "/etc/sysconfig/network-scripts/ifcfg-eth0: ",
                   "IPADDR=192.168.0.11, not the lab address 192.168.0.10: write IPADDR=192.168.0.10",
                   "ONBOOT=no: the interface does not come up at boot; write ONBOOT=yes")
    assert result.reason.startswith("/etc/sysconfig/network-scripts/ifcfg-eth0: IPADDR=192.168.0.11")


def test_address_redhat_dhcp(rh):
    rh.replace("/etc/sysconfig/network-scripts/ifcfg-eth0", "BOOTPROTO=none", "BOOTPROTO=dhcp")
    fails(day06.check_address(rh.ctx()), "BOOTPROTO=dhcp asks a server for a dynamic address",
          "write BOOTPROTO=none")


def test_address_redhat_onboot_unset(rh):
    rh.replace("/etc/sysconfig/network-scripts/ifcfg-eth0", "ONBOOT=yes\n", "")
    fails(day06.check_address(rh.ctx()), "ONBOOT is not set: write ONBOOT=yes")


def test_address_redhat_malformed_values_explained_by_the_ifcfg_validator(rh):
    rh.replace("/etc/sysconfig/network-scripts/ifcfg-eth0", "IPADDR=192.168.0.10", "IPADDR=192.168.0.300")
    rh.replace("/etc/sysconfig/network-scripts/ifcfg-eth0", "ONBOOT=yes", "ONBOOT=maybe")
    result = fails(day06.check_address(rh.ctx()), "line 4: IPADDR=192.168.0.300", "line 3: ONBOOT=maybe")
    assert "not the lab address" not in result.reason
    assert "does not come up at boot" not in result.reason


def test_address_redhat_spaces_around_equals(rh):
    rh.replace("/etc/sysconfig/network-scripts/ifcfg-eth0", "IPADDR=192.168.0.10", "IPADDR = 192.168.0.10")
    fails(day06.check_address(rh.ctx()), "IPADDR is not set: write IPADDR=192.168.0.10",
          "line 4: 'IPADDR = 192.168.0.10' is not an assignment")


def test_address_redhat_leaves_gateway_to_check_4(rh):
    rh.replace("/etc/sysconfig/network-scripts/ifcfg-eth0", "GATEWAY=no", "GATEWAY=1")
    rh.replace("/etc/sysconfig/network-scripts/ifcfg-eth0", "NM_CONTROLLED=no", "NM_CONTROLLED=maybe")
    assert day06.check_address(rh.ctx()).status == "PASS"


def test_address_redhat_missing_file_names_it(rh):
    rh.remove("/etc/sysconfig/network-scripts/ifcfg-eth0")
    assert day06.check_address(rh.ctx()).reason == (
        "/etc/sysconfig/network-scripts/ifcfg-eth0 does not exist: create it with DEVICE=eth0, "
        "BOOTPROTO=none, ONBOOT=yes, IPADDR=192.168.0.10, PREFIX=24")


def test_address_redhat_other_device(rh):
    rh.write("/etc/sysconfig/network-scripts/ifcfg-ens3",
             rh.read("/etc/sysconfig/network-scripts/ifcfg-eth0").replace("eth0", "ens3"))
    assert day06.check_address(rh.ctx(device="ens3")).status == "PASS"
    rh.remove("/etc/sysconfig/network-scripts/ifcfg-ens3")
    fails(day06.check_address(rh.ctx(device="ens3")), "ifcfg-ens3 does not exist")


def test_address_debian_passes(deb):
    result = day06.check_address(deb.ctx())
    assert result.status == "PASS", result
    assert result.evidence[0] == "/etc/network/interfaces.d/eth0 line 2: iface eth0 inet static"


def test_address_in_the_file_but_not_applied(deb):
    fails(day06.check_address(deb.ctx(runner=fake_runner(applied="192.168.0.99/24"))),
          "eth0 has 192.168.0.99/24, not 192.168.0.10/24", "ifdown eth0 && ifup eth0")


def test_address_in_the_file_but_none_applied_on_el(rh):
    fails(day06.check_address(rh.ctx(runner=fake_runner(applied=""))), "eth0 has no IPv4 address",
          "systemctl restart network")


def test_address_in_use_cannot_be_read(deb):
    fails(day06.check_address(deb.ctx(runner=fake_runner(applied=None))), "the ip command is missing", "iproute2")


def test_address_debian_in_main_file_with_netmask(deb):
    deb.remove("/etc/network/interfaces.d/eth0")
    deb.write("/etc/network/interfaces",
              "auto lo\niface lo inet loopback\n\nauto eth0\niface eth0 inet static\n"
              "    address 192.168.0.10\n    netmask 255.255.255.0\n")
    assert day06.check_address(deb.ctx()).status == "PASS"


def test_address_debian_dhcp(deb):
    deb.write("/etc/network/interfaces.d/eth0", "auto eth0\niface eth0 inet dhcp\n")
    fails(day06.check_address(deb.ctx()), "iface eth0 inet dhcp is not static: write iface eth0 inet static")


def test_address_debian_wrong_address(deb):
    deb.write("/etc/network/interfaces.d/eth0",
              "auto eth0\niface eth0 inet static\n    address 192.168.0.20/16\n")
    fails(day06.check_address(deb.ctx()), "address 192.168.0.20, not the lab address 192.168.0.10",
          "prefix /16, not /24: write address 192.168.0.10/24")


def test_address_debian_not_brought_up_at_boot(deb):
    deb.replace("/etc/network/interfaces.d/eth0", "auto eth0\n", "")
    fails(day06.check_address(deb.ctx()), 'no "auto eth0" line, so eth0 is not brought up at boot')
    deb.replace("/etc/network/interfaces.d/eth0", "iface", "allow-hotplug eth0\niface")
    assert day06.check_address(deb.ctx()).status == "PASS"


def test_address_debian_no_prefix_and_refused_file(deb):
    deb.write("/etc/network/interfaces.d/eth0",
              "auto eth0\niface eth0 inet static\n    address 192.168.0.10\n")
    fails(day06.check_address(deb.ctx()), "line 3: address 192.168.0.10 has no prefix length")
    deb.write("/etc/network/interfaces.d/eth0",
              "address 192.168.0.10/24\nauto eth0\niface eth0 inet static\n    address 192.168.0.10/24\n")
    fails(day06.check_address(deb.ctx()), "/etc/network/interfaces.d/eth0 line 1: 'address 192.168.0.10/24' "
                                          "is an option line, but no iface stanza is open here")


def test_address_debian_no_stanza(deb):
    deb.remove("/etc/network/interfaces.d/eth0")
    fails(day06.check_address(deb.ctx()),
          'no "iface eth0 inet" stanza in /etc/network/interfaces or the files it sources: add auto eth0 / '
          'iface eth0 inet static / address 192.168.0.10/24')


def test_address_debian_interfaces_d_not_sourced(deb):
    deb.replace("/etc/network/interfaces", "source /etc/network/interfaces.d/*\n", "")
    result = day06.check_address(deb.ctx())
    assert result.reason == ('/etc/network/interfaces.d/eth0 has the iface eth0 stanza, but '
                             '/etc/network/interfaces does not read it: add "source /etc/network/interfaces.d/*" '
                             'to /etc/network/interfaces')


def test_address_debian_relative_source_and_dotfiles(deb):
    deb.replace("/etc/network/interfaces", "source /etc/network/interfaces.d/*", "source interfaces.d/*")
    deb.write("/etc/network/interfaces.d/.eth0.swp", "iface eth0 inet dhcp\n")
    assert day06.check_address(deb.ctx()).status == "PASS"


def test_address_debian_missing_file(deb):
    deb.remove("/etc/network/interfaces.d/eth0")
    deb.remove("/etc/network/interfaces")
    fails(day06.check_address(deb.ctx()), "/etc/network/interfaces does not exist: create it with auto eth0")


def test_address_family_from_config_and_unknown(rh):
    assert day06.check_address(rh.ctx(family="Debian")).status == "FAIL"
    rh.remove("/etc/os-release")
    fails(day06.check_address(rh.ctx()), "cannot tell whether this is a RedHat or a Debian system")
    assert day06.check_address(rh.ctx(family="redhat")).status == "PASS"


# ---------------------------------------------------------------- 4 network/gateway


@pytest.mark.parametrize("line", ["GATEWAY=no", "GATEWAY=NO", "GATEWAY=", ""])
def test_gateway_none_spellings_pass(rh, line):
    rh.replace(IFCFG, "GATEWAY=no\n", line + ("\n" if line else ""))
    result = day06.check_gateway(rh.ctx())
    assert result.status == "PASS", result


def test_gateway_1_is_the_classic_mistake(rh):
    rh.replace(IFCFG, "GATEWAY=no", "GATEWAY=1")
    result = day06.check_gateway(rh.ctx())
    assert result.reason == (
        "ifcfg-eth0 line 6 sets GATEWAY=1, but the lab network has no default gateway: leave "
        "GATEWAY empty or write GATEWAY=no (only an empty value, no or NO mean no gateway; old "
        "initscripts accept a meaningless value such as GATEWAY=1 without a word, so the mistake "
        "goes unnoticed)")
    assert "ifcfg-eth0 line 6: GATEWAY=1" in result.evidence


def test_gateway_from_the_network_file(rh):
    rh.replace(IFCFG, "GATEWAY=no\n", "")
    rh.write("/etc/sysconfig/network", "NETWORKING=yes\nGATEWAY=192.168.0.1\n")
    fails(day06.check_gateway(rh.ctx()), "/etc/sysconfig/network line 2 sets GATEWAY=192.168.0.1")


def test_gateway_ifcfg_overrides_the_network_file(rh):
    rh.write("/etc/sysconfig/network", "NETWORKING=yes\nGATEWAY=192.168.0.1\n")
    result = day06.check_gateway(rh.ctx())
    assert result.status == "PASS"
    assert result.evidence[:2] == ("/etc/sysconfig/network line 2: GATEWAY=192.168.0.1",
                                   "ifcfg-eth0 line 6: GATEWAY=no")


def test_gateway_nm_controlled_and_peerdns(rh):
    rh.replace(IFCFG, "NM_CONTROLLED=no", "NM_CONTROLLED=yes")
    rh.replace(IFCFG, "PEERDNS=no\n", "")
    result = day06.check_gateway(rh.ctx())
    assert result.reason == (
        "NM_CONTROLLED=yes, the lab wants NM_CONTROLLED=no (NetworkManager would manage eth0 and "
        "may rewrite its settings); PEERDNS is not set in ifcfg-eth0 (it then counts as yes): "
        "write PEERDNS=no")


def test_gateway_yes_no_spelled_in_upper_case(rh):
    rh.replace(IFCFG, "PEERDNS=no", "PEERDNS=NO")
    assert day06.check_gateway(rh.ctx()).reason == (
        "PEERDNS=NO: write it in lower case, PEERDNS=no (some initscripts compare the exact word, "
        "so NO may count as the opposite)")


def test_gateway_none_is_not_no(rh):
    rh.replace(IFCFG, "GATEWAY=no", "GATEWAY=none")
    fails(day06.check_gateway(rh.ctx()), "ifcfg-eth0 line 6 sets GATEWAY=none")


def test_gateway_configured_gateway(rh):
    ctx = rh.ctx(gateway="192.168.0.1")
    fails(day06.check_gateway(ctx), "no GATEWAY is set: write GATEWAY=192.168.0.1 in ifcfg-eth0")
    rh.replace(IFCFG, "GATEWAY=no", "GATEWAY=192.168.0.254")
    fails(day06.check_gateway(ctx), "sets GATEWAY=192.168.0.254, not the lab's gateway 192.168.0.1")
    rh.replace(IFCFG, "GATEWAY=192.168.0.254", "GATEWAY=192.168.0.1")
    assert day06.check_gateway(ctx).status == "PASS"


def test_gateway_nm_controlled_yes_when_configured(rh):
    rh.replace(IFCFG, "NM_CONTROLLED=no", "NM_CONTROLLED=yes")
    assert day06.check_gateway(rh.ctx(nm_controlled="yes")).status == "PASS"


def test_gateway_debian(deb):
    assert day06.check_gateway(deb.ctx()).status == "PASS"
    deb.write("/etc/network/interfaces.d/eth0",
              "auto eth0\niface eth0 inet static\n    address 192.168.0.10/24\n    gateway 192.168.0.1\n")
    fails(day06.check_gateway(deb.ctx()),
          '"gateway 192.168.0.1" in iface eth0, but the lab network has no default gateway: remove the line')
    assert day06.check_gateway(deb.ctx(gateway="192.168.0.1")).status == "PASS"


# ---------------------------------------------------------------- 5 network/backups

def test_backups_pass(lab):
    assert day06.check_backups(lab.ctx()).status == "PASS"


def test_backup_ifcfg_eth0_bak(rh):
    rh.write(IFCFG + ".bak", rh.read(IFCFG).replace("GATEWAY=no", "GATEWAY=192.168.0.1"))
    result = day06.check_backups(rh.ctx())
    fails(result, "/etc/sysconfig/network-scripts/ifcfg-eth0.bak is read as interface configuration",
          "except names ending in .old, .orig, .rpmnew, .rpmorig or .rpmsave",
          "keep backups outside these directories, e.g. mkdir -p /root/backup")


def test_backups_every_offender_named(rh):
    rh.write(IFCFG + ".bak", "DEVICE=eth0\n")
    rh.write(IFCFG + "~", "DEVICE=eth0\n")
    fails(day06.check_backups(rh.ctx()),
          "/etc/sysconfig/network-scripts/ifcfg-eth0.bak, /etc/sysconfig/network-scripts/ifcfg-eth0~ are read")


def test_backup_named_by_its_device(rh):
    rh.write(IFCFG + ".1", rh.read(IFCFG))  # DEVICE=eth0 in ifcfg-eth0.1: a copy, not VLAN 1
    fails(day06.check_backups(rh.ctx()), "/etc/sysconfig/network-scripts/ifcfg-eth0.1 is read")


def test_vlan_file_is_not_a_backup(rh):
    rh.write(IFCFG + ".100", "VLAN=yes\nONBOOT=yes\n")
    assert day06.check_backups(rh.ctx()).status == "PASS"


def test_backup_with_an_ignored_suffix_passes(rh):
    rh.write(IFCFG + ".rpmsave", "DEVICE=eth0\n")
    assert day06.check_backups(rh.ctx()).status == "PASS"


def test_backup_in_interfaces_d(deb):
    deb.write("/etc/network/interfaces.d/eth0.bak", "iface eth0 inet dhcp\n")
    fails(day06.check_backups(deb.ctx()), "/etc/network/interfaces.d/eth0.bak is read by ifupdown")


def test_backup_in_interfaces_d_with_source_directory(deb):
    deb.replace("/etc/network/interfaces", "source /etc/network/interfaces.d/*",
                "source-directory /etc/network/interfaces.d")
    deb.write("/etc/network/interfaces.d/eth0.bak", "iface eth0 inet dhcp\n")
    assert day06.check_backups(deb.ctx()).status == "PASS"  # run-parts names only: eth0.bak is skipped
    deb.write("/etc/network/interfaces.d/eth0-old", "iface eth0 inet dhcp\n")
    fails(day06.check_backups(deb.ctx()), "/etc/network/interfaces.d/eth0-old is read by ifupdown through "
                                          '"source-directory /etc/network/interfaces.d"')


def test_backups_checked_whatever_the_family(deb):
    deb.write(IFCFG + ".bak", "DEVICE=eth0\n")
    fails(day06.check_backups(deb.ctx()), "/etc/sysconfig/network-scripts/ifcfg-eth0.bak")


# ---------------------------------------------------------------- 6 resolver

def test_resolver_passes(lab):
    result = day06.check_resolver(lab.ctx())
    assert result.status == "PASS"
    assert result.evidence == ("line 1: search example.com", "line 2: nameserver 127.0.0.1")


def test_resolver_nameserver_missing(rh):
    rh.write("/etc/resolv.conf", "search example.com\n")
    assert day06.check_resolver(rh.ctx()).reason == (
        '/etc/resolv.conf: no nameserver line: add "nameserver 127.0.0.1"')


def test_resolver_domain_missing(rh):
    rh.write("/etc/resolv.conf", "search example.org\nnameserver 127.0.0.1\n")
    fails(day06.check_resolver(rh.ctx()), 'line 1 "search example.org" does not name example.com',
          'write "search example.com"')
    rh.write("/etc/resolv.conf", "nameserver 127.0.0.1\n")
    fails(day06.check_resolver(rh.ctx()), 'no search or domain line: add "search example.com"')


def test_resolver_domain_line_counts(rh):
    rh.write("/etc/resolv.conf", "domain example.com\nnameserver 192.168.0.10\n")
    assert day06.check_resolver(rh.ctx()).status == "PASS"


def test_resolver_only_the_last_search_counts(rh):
    rh.write("/etc/resolv.conf", "search example.com\nsearch other.test\nnameserver 127.0.0.1\n")
    fails(day06.check_resolver(rh.ctx()), "only the last search or domain line counts")


def test_resolver_nameserver_0000(rh):
    rh.write("/etc/resolv.conf", "search example.com\nnameserver 0.0.0.0\n")
    fails(day06.check_resolver(rh.ctx()),
          'line 2 "nameserver 0.0.0.0" is not accepted by every client: write "nameserver 127.0.0.1"')


def test_resolver_dns_servers_order(rh):
    ctx = rh.ctx(dns_servers=["192.168.0.10", "127.0.0.1"])
    rh.write("/etc/resolv.conf", "search example.com\nnameserver 127.0.0.1\nnameserver 192.168.0.10\n")
    fails(day06.check_resolver(ctx), "the name servers are 127.0.0.1, 192.168.0.10; "
                                     "the lab wants 192.168.0.10, 127.0.0.1 first, in that order")
    rh.write("/etc/resolv.conf", "search example.com\nnameserver 192.168.0.10\nnameserver 127.0.0.1\n"
                                 "nameserver 8.8.8.8\n")
    assert day06.check_resolver(ctx).status == "PASS"


def test_resolver_missing(rh):
    rh.remove("/etc/resolv.conf")
    fails(day06.check_resolver(rh.ctx()), "/etc/resolv.conf does not exist")


# ---------------------------------------------------------------- 7 user

def test_user_passes(lab):
    result = day06.check_user(lab.ctx())
    assert result.status == "PASS"
    assert result.evidence == ("/etc/passwd: uid %d, home /home/user1, shell /bin/bash" % UID,
                               "home /home/user1 owned by uid %d" % UID,
                               "/etc/shadow: password set (SHA-512)")
    assert not any("user1hash" in e for e in result.evidence)


def test_user_without_password(rh):
    rh.replace("/etc/shadow", "user1:$6$salt$user1hash:", "user1::")
    result = day06.check_user(rh.ctx())
    assert result.reason == ("user1 has an empty password (anyone may log in as user1): "
                             "set one with passwd user1")


@pytest.mark.parametrize("field, state, marker", [("!!", "never set", "!!"), ("!$6$salt$user1hash", "locked", "!"),
                                                  ("*", "never set", "*")])
def test_user_locked_or_never_set(rh, field, state, marker):
    rh.replace("/etc/shadow", "user1:$6$salt$user1hash:", "user1:%s:" % field)
    result = day06.check_user(rh.ctx())
    assert result.reason == ('user1 has no usable password (%s: "%s" in /etc/shadow): set one with passwd user1'
                             % (state, marker))
    assert not any("user1hash" in e for e in result.evidence)


def test_user_missing(rh):
    assert day06.check_user(rh.ctx(user="user2")).reason == (
        "user2 does not exist: create the account with useradd -m user2, then set its password "
        "with passwd user2")


def test_user_argument_checks_another_account(rh):
    os.makedirs(rh.real("/home/user2"))
    rh.write("/etc/passwd", rh.read("/etc/passwd") + "user2:x:%d:%d::/home/user2:/bin/bash\n" % (UID, UID))
    rh.write("/etc/shadow", rh.read("/etc/shadow") + "user2:!!:19000::::::\n")
    ctx = rh.ctx(user="user2")
    assert ctx.user == "user2"
    fails(day06.check_user(ctx), "user2 has no usable password (never set")


def test_user_home_missing_or_not_owned(rh):
    os.rmdir(rh.real("/home/user1"))
    fails(day06.check_user(rh.ctx()), "the home directory /home/user1 does not exist")
    rh.replace("/etc/passwd", "user1:x:%d:%d:" % (UID, UID), "user1:x:%d:%d:" % (UID + 1, UID + 1))
    os.makedirs(rh.real("/home/user1"))
    fails(day06.check_user(rh.ctx()),
          "the home directory /home/user1 belongs to uid %d, not to user1 (uid %d): "
          "chown -R user1: /home/user1" % (UID, UID + 1))


def test_user_shell(rh):
    rh.replace("/etc/passwd", "/home/user1:/bin/bash", "/home/user1:/sbin/nologin")
    fails(day06.check_user(rh.ctx()), "the login shell is /sbin/nologin, so user1 cannot log in")
    rh.replace("/etc/passwd", "/home/user1:/sbin/nologin", "/home/user1:/bin/csh")
    fails(day06.check_user(rh.ctx()), "the login shell /bin/csh is not listed in /etc/shells")
    rh.write("/etc/shells", rh.read("/etc/shells") + "/bin/csh\n")
    assert day06.check_user(rh.ctx()).status == "PASS"


def test_user_shadow_unreadable(rh):
    rh.remove("/etc/shadow")
    fails(day06.check_user(rh.ctx()), "cannot read /etc/shadow: run labeval as root")
