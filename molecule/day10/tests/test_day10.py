"""Day 10 verify: the catalog passes, Samba answers real SMB from the lab network, the superserver
serves only what is enabled, and the classic mistakes are caught by the exact check."""

import os
import socket
import subprocess
import tempfile

from labtest import (apply_and_wait, assert_all_pass, assert_survives_reboot, check_mode_changes, failed_ids,
                     labeval, mistake, tcp_open, verdicts)

ADDRESS = "192.168.0.70"
USER = "user1"
PASSWORD = "serverlab-training"  # the documented training password (.config/molecule/config.yml)
DAY10_CHECKS = 8
SMB_CONF = "/etc/samba/smb.conf"
LABTALK = "/etc/xinetd.d/labtalk"


def smbclient(*args):
    return subprocess.run(["smbclient"] + list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=60, check=False)


def test_catalog_passes_after_converge(host):
    assert_all_pass(labeval(host, "--day", "10"), DAY10_CHECKS)


def test_check_mode_on_the_converged_vm_changes_nothing(host):  # host: runs in file order, before the reboot
    """--check --diff right after the converge: nothing to change (the fresh VM's --check is the scenario's
    check step, before its converge)."""
    assert check_mode_changes("day10.yml") == {"serverlab-m-day10": []}


def test_smbclient_lists_the_shares_from_the_lab_network():
    result = smbclient("-L", "//%s" % ADDRESS, "-U", "%s%%%s" % (USER, PASSWORD))
    assert result.returncode == 0, result.stdout
    names = [line.split()[0] for line in result.stdout.splitlines() if " Disk " in line]
    assert "public" in names and USER in names, result.stdout


def test_put_and_get_a_file_through_the_public_share():
    data = "sent over SMB by the day 10 verifier\n"
    with tempfile.TemporaryDirectory() as tmp:
        sent, back = os.path.join(tmp, "sent.txt"), os.path.join(tmp, "back.txt")
        with open(sent, "w") as handle:
            handle.write(data)
        result = smbclient("//%s/public" % ADDRESS, "-U", "%s%%%s" % (USER, PASSWORD), "-c",
                           "put %s verify.txt; get verify.txt %s; del verify.txt" % (sent, back))
        assert result.returncode == 0, result.stdout
        with open(back) as handle:
            assert handle.read() == data


def test_a_wrong_password_is_refused():
    result = smbclient("-L", "//%s" % ADDRESS, "-U", "%s%%not-the-password" % USER)
    assert result.returncode != 0
    assert "NT_STATUS_LOGON_FAILURE" in result.stdout, result.stdout


def test_the_samba_password_is_the_trainee_password(host):
    # pdbedit's stored NT hash is MD4(UTF-16LE(password)): the module's own comparison, seen from outside.
    import hashlib
    line = host.check_output("pdbedit -Lw -u %s" % USER)
    stored = line.split(":")[3]
    try:
        want = hashlib.new("md4", PASSWORD.encode("utf-16-le")).hexdigest().upper()
    except ValueError:  # OpenSSL 3 without the legacy provider
        import sys
        sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "plugins", "module_utils"))
        from samba import nt_hash
        want = nt_hash(PASSWORD)
    assert stored == want


def test_share_path_that_does_not_exist_is_caught(host):
    share = "[broken]\n   path = /srv/samba/no-such-dir\n   read only = no\n"
    with mistake(host, SMB_CONF, append="\n" + share):
        report = labeval(host, "--day", "10")
        # smbd reads smb.conf again for each new connection: the client sees the mistake too.
        client = smbclient("//%s/broken" % ADDRESS, "-U", "%s%%%s" % (USER, PASSWORD), "-c", "ls")
    assert failed_ids(report) == ["10.3"]
    reason = verdicts(report)["10.3"]["reason"]
    assert "/srv/samba/no-such-dir" in reason and "does not exist" in reason and "mkdir -p" in reason
    assert "NT_STATUS_BAD_NETWORK_NAME" in client.stdout, client.stdout


def test_unknown_parameter_is_caught(host):
    with mistake(host, SMB_CONF, append="\n[global]\n   hosts alow = 127.0.0.1\n"):
        report = labeval(host, "--day", "10")
    assert failed_ids(report) == ["10.2"]
    assert "hosts alow" in verdicts(report)["10.2"]["reason"]


def test_labtalk_is_not_reachable_from_the_lab_network():
    sock = socket.socket()
    sock.settimeout(5)
    try:
        assert sock.connect_ex((ADDRESS, 23)) != 0
    finally:
        sock.close()


def test_labtalk_talks_on_loopback(host):
    out = host.check_output("printf 'hello\\nquit\\n' | python3 -c \"import socket,sys; s=socket.create_connection(('127.0.0.1',23),5); "
                            "s.sendall(sys.stdin.buffer.read()); import time; time.sleep(1); print(s.recv(4096).decode())\"")
    assert "plain-text service" in out
    assert "you said: hello" in out


# xinetd applies a reload asynchronously: wait (bounded) until port 23 is in the wanted state.
def _reload_xinetd(host, serving):
    apply_and_wait(host, "systemctl reload xinetd",
                   "labtalk on 127.0.0.1:23 %s after systemctl reload xinetd" % ("answers" if serving else "is closed"),
                   lambda: tcp_open(host, 23), lambda is_open: is_open == serving)


def test_a_disabled_service_is_caught(host):
    text = host.file(LABTALK).content_string
    assert "disable\t\t= no" in text
    try:
        with mistake(host, LABTALK, content=text.replace("disable\t\t= no", "disable\t\t= yes")):
            _reload_xinetd(host, serving=False)
            report = labeval(host, "--day", "10")
    finally:
        _reload_xinetd(host, serving=True)
    assert failed_ids(report) == ["10.11"]
    assert "labtalk does not answer" in verdicts(report)["10.11"]["reason"]
    assert labeval(host, "--day", "10")["summary"]["failed"] == 0


def test_a_reboot_brings_samba_and_the_superserver_back(host):
    assert_survives_reboot(host, "serverlab-m-day10", "6,10", 8 + DAY10_CHECKS)
    test_put_and_get_a_file_through_the_public_share()


def test_hosts_allow_for_the_vm_only_passes_inside_and_fails_from_the_lab(host):
    """hosts allow narrowed to the loopback and the VM's own address: the VM view (smbclient on the VM)
    still lists the shares, every lab client is refused; the network view names hosts allow."""
    import re

    from labtest import netview, wait_until

    def lab_lists():
        return smbclient("-L", "//%s" % ADDRESS, "-U", "%s%%%s" % (USER, PASSWORD)).returncode == 0

    line = re.compile(r"^(\s*)hosts allow\s*=.*$", re.M)
    text = host.file(SMB_CONF).content_string
    assert line.search(text), text
    tight = line.sub(lambda m: "%shosts allow = 127.0.0.1 %s" % (m.group(1), ADDRESS), text)
    with mistake(host, SMB_CONF, content=tight):
        host.check_output("testparm -s >/dev/null 2>&1 && smbcontrol all reload-config")
        wait_until("Samba refuses the lab client", lab_lists, lambda ok: not ok)
        inside = verdicts(labeval(host, "--day", "10"))
        outside = verdicts(netview(host, "--day", "10"))
    host.check_output("smbcontrol all reload-config")
    wait_until("Samba serves the lab client again", lab_lists)
    assert inside["10.5"]["status"] == "PASS", inside["10.5"]
    assert outside["10.5"]["status"] == "FAIL", outside["10.5"]
    assert "hosts allow" in outside["10.5"]["reason"], outside["10.5"]["reason"]
