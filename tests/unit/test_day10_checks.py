"""Day 10 checks on fake trees and fake commands: Samba and the superserver pass on a good lab and
fail, with the fix in the reason, for the trainees' mistakes."""

from __future__ import annotations

import os

import pytest

from ansible_collections.serverlab.course.plugins.module_utils.checks import common, day10
from labtree import fails
from sambatree import AUTH, Fake, LIST, PDBEDIT, SambaLab, SS, TESTPARM_ERR, TESTPARM_OUT


@pytest.fixture
def lab(tmp_path):
    return SambaLab(tmp_path / "lab")


def run(lab, check, fake=None, **config):
    return getattr(day10, check)(lab.ctx(runner=fake or Fake(), **config))


def test_catalog_numbers():
    assert [c.num for c in day10.CHECKS] == [1, 2, 3, 4, 5, 6, 10, 11]
    assert all(c.day == 10 and c.num < 20 for c in day10.CHECKS)


def test_all_pass_on_a_good_lab(lab):
    fake = Fake()
    for check in day10.CHECKS:
        result = check.run(lab.ctx(runner=fake))
        assert result.ok, (check, result)


def test_smbd_not_running(lab):
    fails(run(lab, "check_smbd", Fake(answers={("ss", "-H", "-ltnp"): (0, SS.splitlines()[0] + "\n", "")})),
          "smbd is not listening on port 445", "systemctl start smbd")


def test_testparm_unknown_parameter(lab):
    err = TESTPARM_ERR + 'Unknown parameter encountered: "hosts alow"\nIgnoring unknown parameter "hosts alow"\n'
    fake = Fake()
    fake.answers[("testparm", "-s")] = (0, TESTPARM_OUT, err)
    fails(run(lab, "check_testparm", fake), "hosts alow", "correct the parameter")


def test_testparm_cannot_load(lab):
    fake = Fake()
    fake.answers[("testparm", "-s")] = (1, "", "set_variable_helper(maybe): value is not boolean!\nError loading services.\n")
    fails(run(lab, "check_testparm", fake), "cannot load smb.conf", "not boolean")


def test_share_path_missing(lab):
    os.rmdir(lab.real("/srv/samba/public"))
    fails(run(lab, "check_share_paths"), "/srv/samba/public of share [public] does not exist",
          "NT_STATUS_BAD_NETWORK_NAME", "mkdir -p /srv/samba/public")


def test_extra_share_with_missing_path(lab):
    fake = Fake()
    fake.answers[("testparm", "-s")] = (0, TESTPARM_OUT + "\n[broken]\n\tpath = /nope\n", TESTPARM_ERR)
    result = fails(run(lab, "check_share_paths", fake), "/nope of share [broken] does not exist")
    assert "public" not in result.reason


def test_share_wrong_owner(lab):
    result = run(lab, "check_share_paths", samba={"shares": [{"name": "public", "owner": "user1"}]})
    fails(result, "belongs to root, not user1", "chown user1 /srv/samba/public")


def test_share_not_defined(lab):
    fake = Fake()
    fake.answers[("testparm", "-s")] = (0, "[global]\n\tworkgroup = W\n", TESTPARM_ERR)
    fails(run(lab, "check_share_paths", fake), "smb.conf has no [public] share")


def test_samba_user_missing_or_disabled(lab):
    fake = Fake()
    fake.answers[("pdbedit", "-L", "-w")] = (0, "", "")
    fails(run(lab, "check_samba_user", fake), "user1 is not a Samba user", "smbpasswd -a user1")
    fake.answers[("pdbedit", "-L", "-w")] = (0, PDBEDIT.replace("[U ", "[DU"), "")
    fails(run(lab, "check_samba_user", fake), "disabled", "smbpasswd -e user1")


def test_smbclient_list_needs_credentials(lab):
    lab.remove(AUTH)
    fails(run(lab, "check_smbclient_list"), "no smbclient credentials file", "chmod 600")


def test_smbclient_list_logon_failure(lab):
    fake = Fake()
    fake.answers[("smbclient", "-L", "//localhost", "-A", AUTH)] = (1, "", "session setup failed: NT_STATUS_LOGON_FAILURE\n")
    fails(run(lab, "check_smbclient_list", fake), "NT_STATUS_LOGON_FAILURE", "smbpasswd -a user1")


def test_smbclient_list_without_public_share(lab):
    fake = Fake()
    fake.answers[("smbclient", "-L", "//localhost", "-A", AUTH)] = (0, LIST.replace("public ", "other  "), "")
    fails(run(lab, "check_smbclient_list", fake), "does not list the share public")


def test_put_get_access_denied_and_bad_share(lab):
    fails(run(lab, "check_put_get", Fake(put_get=(1, "NT_STATUS_ACCESS_DENIED opening remote file\n", ""))),
          "may not write", "force group")
    fails(run(lab, "check_put_get", Fake(put_get=(1, "", "tree connect failed: NT_STATUS_BAD_NETWORK_NAME\n"))),
          "cannot be opened", "check 3")


def test_put_get_content_must_match(lab):
    fails(run(lab, "check_put_get", Fake(put_get=(0, "something else\n", ""))), "differs")


def test_superserver_xinetd_down(lab):
    fake = Fake()
    fake.answers[("systemctl", "is-active", "xinetd")] = (3, "inactive\n", "")
    fails(run(lab, "check_superserver_running", fake), "xinetd is inactive", "systemctl enable --now xinetd")


def test_superserver_systemd_on_el(tmp_path):
    lab = SambaLab(tmp_path / "el", family="RedHat")
    fake = Fake()
    assert run(lab, "check_superserver_running", fake).ok
    assert ["systemctl", "is-active", "labtalk.socket"] in fake.calls
    fake.answers[("systemctl", "is-active", "labtalk.socket")] = (3, "inactive\n", "")
    fails(run(lab, "check_superserver_running", fake), "labtalk.socket is inactive")
    # "auto" is the platform's choice; an explicit type wins.
    fails(run(lab, "check_superserver_running", fake, superserver={"type": "auto"}), "labtalk.socket")
    assert run(lab, "check_superserver_running", fake, superserver={"type": "xinetd"}).ok


def test_enabled_service_must_answer(lab):
    fails(run(lab, "check_superserver_services", Fake(probes={})), "labtalk does not answer on 127.0.0.1:23",
          "/etc/xinetd.d/labtalk (disable = no)")
    fails(run(lab, "check_superserver_services", Fake(probes={("127.0.0.1", "23"): "closed"})),
          "closes at once", "only_from")


def test_disabled_service_must_not_answer(lab):
    services = [{"name": "labtalk", "port": 23, "bind": "127.0.0.1", "enabled": True},
                {"name": "smtps", "port": 465, "bind": "0.0.0.0", "enabled": False}]
    assert run(lab, "check_superserver_services", superserver={"services": services}).ok
    fake = Fake(probes={("127.0.0.1", "23"): "answer hi", ("127.0.0.1", "465"): "open"})
    fails(run(lab, "check_superserver_services", fake, superserver={"services": services}),
          "smtps is disabled but 127.0.0.1:465 accepts connections")


def test_listening_parser():
    fake = Fake()
    from ansible_collections.serverlab.course.plugins.module_utils import framework
    ctx = framework.Context(runner=fake)
    assert common.listening(ctx) == [("127.0.0.1", 23, "xinetd"), ("127.0.0.1", 445, "smbd"),
                                     ("192.168.0.10", 445, "smbd"), ("::", 22, "sshd")]


def test_probe_script_really_connects():
    """The probe code itself, run against a local listener and a closed port."""
    import socket
    import subprocess
    import sys
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]

    def serve():
        conn, _unused = server.accept()
        conn.sendall(b"hello there\r\nmore\r\n")
        conn.close()

    thread = threading.Thread(target=serve)
    thread.start()
    out = subprocess.run([sys.executable, "-c", common.PROBE, "127.0.0.1", str(port)],
                         stdout=subprocess.PIPE, universal_newlines=True, timeout=20, check=False).stdout
    thread.join()
    server.close()
    assert out.strip() == "answer hello there"
    out = subprocess.run([sys.executable, "-c", common.PROBE, "127.0.0.1", str(port)],
                         stdout=subprocess.PIPE, universal_newlines=True, timeout=20, check=False).stdout
    assert out.strip() == "refused"
