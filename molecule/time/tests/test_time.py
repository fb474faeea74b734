"""Time keeping verify: chrony runs with -x in the container and answers chronyc and NTP from the
lab network; a second time daemon is caught by the one-provider check, naming both."""

import socket
import struct
import time

from labtest import assert_all_pass, assert_survives_reboot, check_mode_changes, failed_ids, labeval, verdicts

TIME_CHECKS = 2  # chrony track: time/one-provider, time/chrony
ADDRESS = "192.168.0.90"
NTP_EPOCH = 2208988800  # seconds from 1900 to 1970


def sntp_query(address, timeout=5.0):
    """One SNTPv4 client request (mode 3); returns (stratum, server transmit time as Unix seconds)."""
    request = b"\x23" + 47 * b"\0"  # LI 0, version 4, mode 3 (client)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        sock.sendto(request, (address, 123))
        data, _unused = sock.recvfrom(512)
    assert len(data) >= 48
    mode = data[0] & 0x7
    stratum = data[1]
    seconds, fraction = struct.unpack("!II", data[40:48])
    assert mode == 4, "not a server reply (mode %d)" % mode
    return stratum, seconds - NTP_EPOCH + fraction / 2.0 ** 32


def test_catalog_passes_after_converge(host):
    report = labeval(host, "--day", "26")
    assert_all_pass(report, TIME_CHECKS)
    assert "-x" in " ".join(verdicts(report)["26.2"]["evidence"])


def test_check_mode_on_the_converged_vm_changes_nothing(host):  # host: runs in file order, before the reboot
    """--check --diff right after the converge: nothing to change (the fresh VM's --check is the scenario's
    check step, before its converge)."""
    assert check_mode_changes("time.yml") == {"serverlab-m-time": []}


def test_chronyd_runs_without_clock_control_in_the_container(host):
    assert "-x" in host.file("/etc/default/chrony").content_string
    assert host.service("chrony").is_running
    tracking = host.run("chronyc -n tracking")
    assert tracking.rc == 0 and "Reference ID" in tracking.stdout, tracking.stdout + tracking.stderr


def test_serves_ntp_to_the_lab_network():
    stratum, server_time = sntp_query(ADDRESS)
    assert 1 <= stratum <= 15  # the local clock at stratum 10 (no upstream in the lab)
    assert abs(server_time - time.time()) < 5  # the container shares the host's clock


def test_second_time_daemon_is_caught(host):
    # A stand-in ntpd (systemd-timesyncd will not start in a container): a process named ntpd in a unit ntpd.
    host.check_output("cp /bin/sleep /usr/local/sbin/ntpd && systemd-run --unit=ntpd /usr/local/sbin/ntpd infinity")
    try:
        report = labeval(host, "--day", "26")
    finally:
        host.run("systemctl stop ntpd; rm -f /usr/local/sbin/ntpd")
    assert failed_ids(report) == ["26.1"]
    reason = verdicts(report)["26.1"]["reason"]
    assert "chrony and ntpd" in reason
    assert "systemctl disable --now ntpd" in reason
    assert_all_pass(labeval(host, "--day", "26"), TIME_CHECKS)


def test_no_time_daemon_is_caught(host):
    host.check_output("systemctl stop chrony")
    try:
        report = labeval(host, "--day", "26")
    finally:
        host.check_output("systemctl start chrony")
    assert failed_ids(report) == ["26.1", "26.2"]
    assert "systemctl enable --now chrony" in verdicts(report)["26.1"]["reason"]


def test_a_reboot_brings_chrony_back(host):
    boot = assert_survives_reboot(host, "serverlab-m-time", "26", TIME_CHECKS)
    assert "systemctl is-enabled chrony (day 26): enabled" in boot["evidence"]
