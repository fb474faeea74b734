"""Day 12 verify: the catalog passes; from the host, a real SSH session with key auth, a forwarded
port to the loopback-only plain-text service, no direct way to that service; a typo in sshd_config
is refused by sshd -t before any reload and sshd keeps accepting logins."""

import os
import socket
import subprocess
import time

import pytest

from labtest import (apply_and_wait, assert_all_pass, check_mode_changes, failed_ids, labeval, mistake, run_playbook,
                     tcp_open, verdicts)

ADDRESS = "192.168.0.72"
USER = "user1"
DAY12_CHECKS = 7
SERVICE_PORT = 23
SSHD_CONFIG = "/etc/ssh/sshd_config"
LABTALK = "/etc/xinetd.d/labtalk"
EPHEMERAL = os.environ.get("MOLECULE_EPHEMERAL_DIRECTORY", "")
KEY = os.path.join(EPHEMERAL, "user1_ed25519")
SSH_OPTS = ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
            "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR"]


def ssh(*args, timeout=30):
    return subprocess.run(["ssh", "-i", KEY] + SSH_OPTS + list(args), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=timeout, check=False)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def talk(host, port, line="hello through the tunnel", deadline=15):
    """Connect (retrying until deadline), read the banner, send a line, return everything read."""
    end = time.time() + deadline
    while True:
        try:
            conn = socket.create_connection((host, port), timeout=5)
            break
        except OSError:
            if time.time() > end:
                raise
            time.sleep(0.3)
    with conn:
        conn.settimeout(5)
        data = conn.recv(4096)
        conn.sendall((line + "\r\nquit\r\n").encode())
        while b"bye" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                break
            data += chunk
    return data.decode("utf-8", "replace")


def test_key_pair_exists():
    assert EPHEMERAL and os.path.isfile(KEY), "converge.yml makes the key pair in %s" % EPHEMERAL


def test_catalog_passes_after_converge(host):
    assert_all_pass(labeval(host, "--day", "12"), DAY12_CHECKS)


def test_check_mode_on_the_converged_vm_changes_nothing(host):  # host: runs in file order, before the mistakes
    """--check --diff right after the converge: nothing to change (the fresh VM's --check is the scenario's
    check step, before its converge)."""
    assert check_mode_changes("day12.yml") == {"serverlab-m-day12": []}


def test_ssh_session_with_key_auth():
    result = ssh("%s@%s" % (USER, ADDRESS), "id -un; hostname -f")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [USER, "h2g.example.com"]


def test_password_login_is_refused():
    result = subprocess.run(["ssh"] + SSH_OPTS + ["-o", "PubkeyAuthentication=no", "-o",
                            "PreferredAuthentications=password,keyboard-interactive",
                                                  "%s@%s" % (USER, ADDRESS), "true"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=30, check=False)
    assert result.returncode == 255
    assert "Permission denied (publickey)" in result.stderr, result.stderr


def test_service_is_not_reachable_directly():
    with socket.socket() as sock:
        sock.settimeout(5)
        assert sock.connect_ex((ADDRESS, SERVICE_PORT)) == 111  # ECONNREFUSED: nothing listens there


def test_service_through_ssh_tunnel():
    port = free_port()
    tunnel = subprocess.Popen(["ssh", "-i", KEY] + SSH_OPTS + ["-o", "ExitOnForwardFailure=yes", "-N", "-L",
                              "127.0.0.1:%d:localhost:%d" % (port, SERVICE_PORT), "%s@%s" % (USER, ADDRESS)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        text = talk("127.0.0.1", port)
    finally:
        tunnel.terminate()
        tunnel.wait(timeout=10)
    assert "plain-text service" in text
    assert "you said: hello through the tunnel" in text


def test_bad_authorized_keys_mode_is_caught(host):
    path = "/home/%s/.ssh/authorized_keys" % USER
    host.check_output("chmod 666 %s" % path)
    try:
        report = labeval(host, "--day", "12")
        refused = ssh("%s@%s" % (USER, ADDRESS), "true")
    finally:
        host.check_output("chmod 600 %s" % path)
    assert failed_ids(report) == ["12.5"]
    assert "chmod 600" in verdicts(report)["12.5"]["reason"]
    assert refused.returncode == 255  # StrictModes: sshd ignores the key, as the check says


def _restart_xinetd(host, exposed):
    """systemctl restart returns before xinetd listens: wait until labtalk answers where its file says,
    on the loopback, and on the lab address only when exposed."""
    apply_and_wait(host, "systemctl restart xinetd",
                   "labtalk answers on 127.0.0.1:23 %s after systemctl restart xinetd"
                   % ("and on the lab address" if exposed else "only"),
                   lambda: tcp_open(host, SERVICE_PORT) and tcp_open(host, SERVICE_PORT, ADDRESS) == exposed)


def test_service_exposed_on_the_network_is_caught(host):
    text = host.file(LABTALK).content_string
    exposed = text.replace("bind\t\t= 127.0.0.1", "bind\t\t= 0.0.0.0").replace("only_from\t= 127.0.0.1",
                                                                               "only_from\t= 0.0.0.0/0")
    assert exposed != text
    try:
        with mistake(host, LABTALK, content=exposed):
            _restart_xinetd(host, exposed=True)
            report = labeval(host, "--day", "12")
            direct = talk(ADDRESS, SERVICE_PORT, deadline=5)
    finally:
        _restart_xinetd(host, exposed=False)
    assert failed_ids(report) == ["12.7"]
    assert "127.0.0.1 only" in verdicts(report)["12.7"]["reason"]
    assert "plain-text service" in direct  # what the check prevents: clear text straight off the network


@pytest.mark.parametrize("options, message", [
    ({"PermitRootLogn": "no"}, "Bad configuration option: PermitRootLogn"),
    ({"MaxAuthTries": "lots"}, "MaxAuthTries integer value invalid"),
])
def test_sshd_config_typo_is_refused_before_reload(host, options, message):
    before = host.file(SSHD_CONFIG).sha256sum
    pid = host.check_output("systemctl show -p MainPID --value ssh")
    rc, output = run_playbook("day12.yml", {"sshd_options": options})
    output = " ".join(output.split())  # the callback wraps long lines
    assert rc != 0, output[-2000:]
    assert "Write sshd_config (validated by sshd -t)" in output and "failed to validate" in output, output[-3000:]
    assert message in output, output[-3000:]
    assert host.file(SSHD_CONFIG).sha256sum == before  # the live file was never replaced
    assert host.check_output("systemctl show -p MainPID --value ssh") == pid
    assert host.run("sshd -t").rc == 0
    login = ssh("%s@%s" % (USER, ADDRESS), "echo still-in")
    assert login.returncode == 0 and login.stdout.strip() == "still-in", login.stderr


def test_a_port_another_daemon_holds_is_rolled_back(host):
    """sshd_port 23: sshd -t accepts it, but xinetd holds 127.0.0.1:23 (the tunnel lab's service), so
    the reloaded sshd cannot bind it. The probe after the reload sees no SSH greeting: the sshd_config
    that served is put back and sshd restarted, and the run fails naming sshd_port with sshd's own
    error. The next run logs in and changes nothing."""
    before = host.file(SSHD_CONFIG).sha256sum
    # The first net: the lab's port map refuses a port two daemons claim before anything changes.
    rc, output = run_playbook("day12.yml", {"sshd_port": 23})
    text = " ".join(output.split())
    assert rc != 0 and "sshd_port" in text and "Check the lab's port map" in text, output[-3000:]
    assert host.file(SSHD_CONFIG).sha256sum == before
    # The second net, with the first skipped: the probe after the reload, and the rollback.
    rc, output = run_playbook("day12.yml", {"sshd_port": 23, "lab_check_ports": False})
    text = " ".join(output.split())  # the callback wraps long lines
    assert rc != 0, output[-3000:]
    assert "sshd_port: ssh did not serve after the change to /etc/ssh/sshd_config (reloaded)" in text, output[-3000:]
    assert "SSH greeting at 127.0.0.1:23" in text and "ssh serves it again" in text, output[-3000:]
    assert "Journal of ssh" in text and "Bind to port 23 on 0.0.0.0 failed: Address already in use" in text
    assert host.file(SSHD_CONFIG).sha256sum == before
    login = ssh("%s@%s" % (USER, ADDRESS), "echo still-in")
    assert login.returncode == 0 and login.stdout.strip() == "still-in", login.stderr
    assert host.run("ls -A /etc/ssh /etc/ssh/sshd_config.d | grep -E '~$|\\.(bak|orig|new)$'").stdout == ""
    rc, output = run_playbook("day12.yml")
    assert rc == 0 and "changed=0" in output, output[-3000:]
    assert_all_pass(labeval(host, "--day", "12"), DAY12_CHECKS)
