# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Day 6 checks 6.3-6.5 follow the EL generation: EL 7 judges ifcfg files as network-scripts read them
(test_day06_checks.py), EL 8/9 judge what NetworkManager loads. Fake EL 9 trees (el9tree.py) hold keyfiles."""

from __future__ import annotations

import os

import pytest

from ansible_collections.serverlab.course.plugins.module_utils import framework
from ansible_collections.serverlab.course.plugins.module_utils.checks import day06
from el9tree import KEYFILE, KEYFILE_TEXT, EL9Tree, route_runner
from labtree import LabTree, fails, fake_runner


@pytest.fixture
def el9(tmp_path):
    return EL9Tree(tmp_path / "el9")


def test_generation_comes_from_os_release(el9, tmp_path):
    assert day06._el_major(el9.ctx()) == 9 and day06._networkmanager_owns(el9.ctx())
    el7 = LabTree(tmp_path / "el7", "RedHat")
    assert day06._el_major(el7.ctx()) == 7 and not day06._networkmanager_owns(el7.ctx())
    el7.remove("/etc/os-release")
    el7.write("/etc/redhat-release", "CentOS release 5.5 (Final)\n")
    assert day06._el_major(el7.ctx()) == 5
    assert day06._networkmanager_owns(el7.ctx(el_major=8))


def test_good_el9_lab_passes_every_check(el9):
    outcomes = framework.evaluate(day06.CHECKS, el9.ctx(runner=route_runner()), keep_going=True)
    assert [(c.num, r.status, r.reason) for c, r in outcomes] == [(n, "PASS", "") for n in range(1, 9)]


def test_el9_address_evidence_names_the_keyfile(el9):
    result = day06.check_address(el9.ctx())
    assert result.status == "PASS"
    assert "eth0.nmconnection: address1=192.168.0.10/24" in result.evidence


# ---------------------------------------------------------------- 6.3 on EL 9

def test_el9_no_profile_teaches_nmcli(el9):
    el9.remove(KEYFILE)
    fails(day06.check_address(el9.ctx()), "NetworkManager has no connection profile for eth0",
          "nmcli connection add type ethernet con-name eth0 ifname eth0 ipv4.method manual "
          "ipv4.addresses 192.168.0.10/24")


def test_el9_keyfile_readable_by_others_is_ignored(el9):
    os.chmod(el9.real(KEYFILE), 0o644)
    fails(day06.check_address(el9.ctx()), "mode 0644", "NetworkManager ignores", "chmod 600 " + KEYFILE)


def test_el9_dhcp_profile(el9):
    el9.replace(KEYFILE, "method=manual\naddress1=192.168.0.10/24\n", "method=auto\n")
    fails(day06.check_address(el9.ctx()), "ipv4.method is auto",
          "nmcli connection modify eth0 ipv4.method manual ipv4.addresses 192.168.0.10/24")


def test_el9_wrong_address_and_prefix(el9):
    el9.replace(KEYFILE, "address1=192.168.0.10/24", "address1=192.168.0.99/16")
    fails(day06.check_address(el9.ctx()), "the address is 192.168.0.99/16, not 192.168.0.10/24")


def test_el9_keyfile_syntax_error_means_no_profile(el9):
    el9.replace(KEYFILE, "method=manual\n", "method manual\n")
    fails(day06.check_address(el9.ctx()), "NetworkManager has no connection profile for eth0")


def test_el9_ifcfg_with_nm_controlled_no_is_unmanaged(el9):
    el9.remove(KEYFILE)
    el9.write("/etc/sysconfig/network-scripts/ifcfg-eth0",
              "DEVICE=eth0\nBOOTPROTO=none\nONBOOT=yes\nIPADDR=192.168.0.10\nPREFIX=24\nNM_CONTROLLED=no\n")
    fails(day06.check_address(el9.ctx()), "NM_CONTROLLED=no", "EL 8/9 have no network-scripts")
    fails(day06.check_gateway(el9.ctx(runner=route_runner())), "NM_CONTROLLED=no belongs to EL 7")


def test_el9_nm_managed_ifcfg_file_is_a_profile_too(el9):
    el9.remove(KEYFILE)
    el9.write("/etc/sysconfig/network-scripts/ifcfg-eth0",
              "DEVICE=eth0\nBOOTPROTO=none\nONBOOT=yes\nIPADDR=192.168.0.10\nPREFIX=24\n")
    assert day06.check_address(el9.ctx()).status == "PASS"
    assert day06.check_gateway(el9.ctx(runner=route_runner())).status == "PASS"


def test_el9_applied_hint_is_nmcli(el9):
    result = day06.check_address(el9.ctx(runner=fake_runner(applied="")))
    fails(result, "not in use yet", "nmcli connection reload && nmcli connection up eth0")


# ---------------------------------------------------------------- 6.4 on EL 9

def test_el9_gateway_in_the_keyfile(el9):
    el9.replace(KEYFILE, "address1=192.168.0.10/24", "address1=192.168.0.10/24,192.168.0.1")
    fails(day06.check_gateway(el9.ctx(runner=route_runner())), "sets the gateway 192.168.0.1",
          "nmcli connection modify eth0 ipv4.gateway ''")


def test_el9_gateway_no_in_an_ifcfg_file_makes_networkmanager_reject_it(el9):
    el9.remove(KEYFILE)
    el9.write("/etc/sysconfig/network-scripts/ifcfg-eth0",
              "DEVICE=eth0\nBOOTPROTO=none\nIPADDR=192.168.0.10\nPREFIX=24\nGATEWAY=no\n")
    fails(day06.check_gateway(el9.ctx(runner=route_runner())), "GATEWAY=no is no address",
          "rejects the whole profile")


def test_el9_default_route_in_use(el9):
    result = day06.check_gateway(el9.ctx(runner=route_runner("default via 192.168.0.1 proto static metric 100\n")))
    fails(result, "a default route through eth0 is in use")


def test_el9_configured_gateway(el9):
    el9.replace(KEYFILE, "address1=192.168.0.10/24", "address1=192.168.0.10/24,192.168.0.1")
    ctx = el9.ctx(runner=route_runner("default via 192.168.0.1\n"), gateway="192.168.0.1")
    assert day06.check_gateway(ctx).status == "PASS"


# ---------------------------------------------------------------- 6.5 on EL 9: what NetworkManager reads

def test_el9_ifcfg_bak_is_not_read_by_networkmanager(el9):
    el9.write("/etc/sysconfig/network-scripts/ifcfg-eth0.bak", "DEVICE=eth0\nGATEWAY=1\n")
    result = day06.check_backups(el9.ctx())
    assert result.status == "PASS", result
    assert "ifcfg-eth0.bak: skipped by NetworkManager" in result.evidence
    assert day06.check_gateway(el9.ctx(runner=route_runner())).status == "PASS"


@pytest.mark.parametrize("name", ["ifcfg-eth0.old", "ifcfg-eth0.rpmsave", "ifcfg-eth0-copy"])
def test_el9_ifcfg_copies_networkmanager_reads(el9, name):
    el9.write("/etc/sysconfig/network-scripts/" + name, "DEVICE=eth0\nBOOTPROTO=none\nIPADDR=192.168.0.10\n")
    fails(day06.check_backups(el9.ctx()), name, "ifcfg-rh plugin reads it", "/root/backup")


def test_el9_keyfile_backup_is_a_second_profile(el9):
    el9.keyfile(KEYFILE + ".bak", KEYFILE_TEXT.replace("192.168.0.10/24", "192.168.0.99/24"))
    fails(day06.check_backups(el9.ctx()), "eth0.nmconnection.bak", "second profile", "the newer file wins")
    # 6.3 judges every profile that may come up, the copy too
    fails(day06.check_address(el9.ctx()), "eth0.nmconnection.bak", "192.168.0.99/24")


def test_el9_editor_tilde_copy_is_skipped(el9):
    el9.keyfile(KEYFILE + "~", KEYFILE_TEXT)
    assert day06.check_backups(el9.ctx()).status == "PASS"


def test_el9_two_profiles_for_the_device(el9):
    el9.keyfile("/etc/NetworkManager/system-connections/Wired connection 1.nmconnection",
                KEYFILE_TEXT.replace("id=eth0", "id=Wired connection 1").replace("5fb06bd0", "0fb06bd0"))
    fails(day06.check_backups(el9.ctx()), "eth0 has 2 profiles that NetworkManager may bring up at boot")


def test_el7_keeps_the_course_rule_for_bak(tmp_path):
    el7 = LabTree(tmp_path / "el7", "RedHat")
    el7.write("/etc/sysconfig/network-scripts/ifcfg-eth0.bak", "DEVICE=eth0\nGATEWAY=1\n")
    fails(day06.check_backups(el7.ctx()), "ifcfg-eth0.bak")
