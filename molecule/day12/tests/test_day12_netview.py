"""Day 12, the network view: sshd letting the trainee in from the VM only (AllowUsers narrowed to the
VM's own addresses) passes the VM view and fails the key login from the lab, naming AllowUsers."""

import os
import subprocess

from labtest import assert_netview_passes, labeval, mistake, netview, verdicts, wait_until

ADDRESS = "192.168.0.72"
SSHD_CONFIG = "/etc/ssh/sshd_config"
KEY = os.path.join(os.environ.get("MOLECULE_EPHEMERAL_DIRECTORY", ""), "user1_ed25519")


def lab_login():
    """Whether the trainee's key logs in from this machine (a client of the lab network)."""
    return subprocess.run(["ssh", "-i", KEY, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                           "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR",
                           "user1@%s" % ADDRESS, "true"], capture_output=True, timeout=30, check=False).returncode == 0


def test_network_view_passes_after_converge(host):
    assert_netview_passes(host, 12, {"12.2", "12.3", "12.4", "12.7", "12.60"}, "--identity", KEY)


def test_allowusers_for_the_vm_only_passes_inside_and_fails_from_the_lab(host):
    text = host.file(SSHD_CONFIG).content_string
    # First match wins in sshd_config: the line goes before any Match block.
    narrowed = "AllowUsers user1@127.0.0.1 user1@%s root\n%s" % (ADDRESS, text)
    with mistake(host, SSHD_CONFIG, content=narrowed):
        host.check_output("sshd -t && systemctl reload ssh")
        wait_until("sshd refuses the trainee from the lab network", lab_login, lambda ok: not ok)
        inside = verdicts(labeval(host, "--day", "12"))
        outside = verdicts(netview(host, "--day", "12", "--identity", KEY))
    host.check_output("sshd -t && systemctl reload ssh")
    wait_until("sshd lets the trainee in from the lab network again", lab_login)
    assert all(v["status"] == "PASS" for v in inside.values()), inside
    assert outside["12.60"]["status"] == "FAIL", outside["12.60"]
    assert "AllowUsers" in outside["12.60"]["reason"], outside["12.60"]["reason"]
