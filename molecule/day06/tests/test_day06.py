"""Day 6 verify: the shared catalog passes on the converged VM, and its classic mistakes are caught."""

import re

from labtest import (assert_all_pass, assert_survives_reboot, check_mode_changes, failed_ids, labeval,
                     mistake, verdicts)

DAY6_CHECKS = 8
IFACE = "/etc/network/interfaces.d/eth0"


def test_catalog_passes_after_converge(host):
    assert_all_pass(labeval(host, "--day", "6"), DAY6_CHECKS)


def test_check_mode_on_the_converged_vm_changes_nothing(host):  # host: runs in file order, before the reboot
    """--check --diff right after the converge: nothing to change (the fresh VM's --check is the scenario's
    check step, before its converge)."""
    assert check_mode_changes("day06.yml") == {"serverlab-m-day06": []}


def test_text_report_has_the_course_format(host):
    result = host.run("labeval -c --day 6")
    lines = result.stdout.strip().splitlines()
    assert result.rc == 0, result.stdout + result.stderr
    assert len(lines) == DAY6_CHECKS
    for number, line in enumerate(lines, start=1):
        assert re.fullmatch(r"\[%d:PASS\] - '[^']+'" % number, line), line


def test_course_path_and_version(host):
    assert host.file("/root/work/evalsh").is_symlink
    out = host.check_output("/root/work/evalsh -v")
    assert out.startswith("labeval ")


def test_lab_address_file_has_no_gateway(host):
    text = host.file(IFACE).content_string
    assert "address 192.168.0.66/24" in text
    assert "gateway" not in text


def test_gateway_1_is_caught(host):
    with mistake(host, IFACE, append="    gateway 1\n"):
        report = labeval(host, "--day", "6")
    assert failed_ids(report) == ["6.4"]
    assert "gateway" in verdicts(report)["6.4"]["reason"].lower()


def test_ifcfg_backup_in_network_scripts_is_caught(host):
    path = "/etc/sysconfig/network-scripts/ifcfg-eth0.bak"
    with mistake(host, path, content="DEVICE=eth0\nGATEWAY=1\n"):
        report = labeval(host, "--day", "6")
    assert failed_ids(report) == ["6.5"]
    assert "ifcfg-eth0.bak" in verdicts(report)["6.5"]["reason"]
    host.run("rmdir /etc/sysconfig/network-scripts /etc/sysconfig")


def test_stop_at_first_failure_without_c(host):
    with mistake(host, "/etc/network/interfaces.d/eth0.save", content="iface eth0 inet dhcp\n"):
        result = host.run("labeval --day 6")
    assert result.rc == 1
    lines = result.stdout.strip().splitlines()
    assert lines[-2].startswith("[5:FAIL] - ")
    assert "-c" in lines[-1]


def test_other_user_argument(host):
    result = host.run("labeval nosuchtrainee -c --day 6")
    assert result.rc == 1
    assert re.search(r"^\[7:FAIL\] - .*nosuchtrainee", result.stdout, re.M), result.stdout


def test_a_reboot_keeps_the_resolver_and_the_day(host):
    """docker restart rewrites /etc/resolv.conf: the container's search domain keeps check 6.6 passing."""
    assert_survives_reboot(host, "serverlab-m-day06", "6", DAY6_CHECKS)
    assert "search example.com" in host.file("/etc/resolv.conf").content_string.splitlines()
