"""Day 12 checks on fake trees and fake commands: sshd, the trainee's keys and the tunnel lab's
loopback-only service pass on a good lab and fail, with the fix in the reason, for the mistakes."""

from __future__ import annotations

import os

import pytest

from ansible_collections.serverlab.course.plugins.module_utils.checks import day12
from labtree import fails
from sshtree import Fake, KEY, SS, SSHD_T, SshLab


@pytest.fixture
def lab(tmp_path):
    return SshLab(tmp_path / "lab")


def run(lab, check, fake=None, **config):
    return getattr(day12, check)(lab.ctx(runner=fake or Fake(), **config))


def test_catalog_numbers():
    assert [c.num for c in day12.CHECKS] == [1, 2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize("family", ["Debian", "RedHat"])
def test_all_pass_on_a_good_lab(tmp_path, family):
    lab = SshLab(tmp_path / family, family)
    for check in day12.CHECKS:
        result = check.run(lab.ctx(runner=Fake()))
        assert result.ok, (check, result)


def test_sshd_t_typo(lab):
    fake = Fake()
    fake.answers[("sshd", "-t")] = (255, "", "/etc/ssh/sshd_config: line 12: Bad configuration option: PermitRootLogn\n"
                                    "/etc/ssh/sshd_config: terminating, 1 bad configuration options\n")
    fails(run(lab, "check_sshd_config", fake), "PermitRootLogn", "sshd -t until it is silent", "reload ssh")


def test_sshd_t_names_the_el_service(tmp_path):
    lab = SshLab(tmp_path / "el", "RedHat")
    fake = Fake()
    fake.answers[("sshd", "-t")] = (255, "", "bad\n")
    fails(run(lab, "check_sshd_config", fake), "systemctl reload sshd")


def test_sshd_not_listening(lab):
    fake = Fake()
    fake.answers[("ss", "-H", "-ltnp")] = (0, SS.splitlines()[2] + "\n", "")
    fails(run(lab, "check_sshd_running", fake), "not listening on port 22", "systemctl start ssh")
    assert run(lab, "check_sshd_running", Fake(), sshd={"port": 22}).ok
    fails(run(lab, "check_sshd_running", Fake(), sshd={"port": 2222}), "port 2222")


def test_root_login_policy(lab):
    fails(run(lab, "check_root_login", lab.sshd_T(Fake(), permitrootlogin="yes")),
          "PermitRootLogin is yes, the lab wants prohibit-password")
    assert run(lab, "check_root_login", lab.sshd_T(Fake(), permitrootlogin="no"), sshd={"permit_root_login": "no"}).ok
    assert run(lab, "check_root_login", lab.sshd_T(Fake(), permitrootlogin="prohibit-password")).ok


def test_password_policy(lab):
    fails(run(lab, "check_password_auth", lab.sshd_T(Fake(), passwordauthentication="yes")),
          "PasswordAuthentication is yes, the lab wants no")
    assert run(lab, "check_password_auth", lab.sshd_T(Fake(), passwordauthentication="yes"),
               sshd={"password_authentication": True}).ok
    fails(run(lab, "check_password_auth", lab.sshd_T(Fake(), pubkeyauthentication="no")), "nobody can log in")


def test_sshd_T_failure_is_explained(lab):
    fake = Fake()
    fake.answers[("sshd", "-T")] = (255, "", "line 3: Bad configuration option: Foo\n")
    fails(run(lab, "check_root_login", fake), "Bad configuration option: Foo", "check 1")


def test_authorized_keys_modes(lab):
    os.chmod(lab.real("/home/user1/.ssh/authorized_keys"), 0o666)
    fails(run(lab, "check_authorized_keys"), "mode 0666", "chmod 600 /home/user1/.ssh/authorized_keys")
    os.chmod(lab.real("/home/user1/.ssh/authorized_keys"), 0o600)
    os.chmod(lab.real("/home/user1/.ssh"), 0o755)
    fails(run(lab, "check_authorized_keys"), "chmod 700 /home/user1/.ssh")
    assert not run(lab, "check_authorized_keys").pending  # a wrong mode is broken, not "not done yet"


def test_authorized_keys_missing_or_empty(lab):
    lab.write("/home/user1/.ssh/authorized_keys", "# nothing yet\n")
    fails(run(lab, "check_authorized_keys"), "holds no public key")
    assert run(lab, "check_authorized_keys").pending  # the trainee has not brought a key yet
    os.chmod(lab.real("/home/user1/.ssh/authorized_keys"), 0o644)
    fails(run(lab, "check_authorized_keys"), "holds no public key", "chmod 600")
    assert not run(lab, "check_authorized_keys").pending  # no key, and a mode to fix: broken
    lab.remove("/home/user1/.ssh/authorized_keys")
    fails(run(lab, "check_authorized_keys"), "authorized_keys does not exist", "ssh-copy-id")
    assert run(lab, "check_authorized_keys").pending


def test_authorized_keys_with_options_and_owner(lab):
    lab.write("/home/user1/.ssh/authorized_keys", 'from="192.168.0.0/24",no-pty ' + KEY)
    assert run(lab, "check_authorized_keys").ok
    lab.replace("/etc/passwd", "user1:x:%d:" % os.getuid(), "user1:x:54321:")
    fails(run(lab, "check_authorized_keys"), "not user1", "chown user1: /home/user1/.ssh")


def test_forwarding(lab):
    fails(run(lab, "check_forwarding", lab.sshd_T(Fake(), allowtcpforwarding="no")),
          "administratively prohibited", "AllowTcpForwarding local")
    fails(run(lab, "check_forwarding", lab.sshd_T(Fake(), allowtcpforwarding="remote")), "administratively")
    assert run(lab, "check_forwarding", lab.sshd_T(Fake(), allowtcpforwarding="yes"),
               sshd={"allow_tcp_forwarding": "yes"}).ok


def test_tunnel_service_exposed(lab):
    fake = Fake()
    fake.answers[("ss", "-H", "-ltnp")] = (0, SS.replace("127.0.0.1:23", "0.0.0.0:23"), "")
    fails(run(lab, "check_tunnel_service", fake), "listens on 0.0.0.0", "bind = 127.0.0.1",
          "ssh -L 23:localhost:23")


def test_tunnel_service_absent_or_silent(lab):
    fake = Fake()
    fake.answers[("ss", "-H", "-ltnp")] = (0, SS.splitlines()[0] + "\n", "")
    fails(run(lab, "check_tunnel_service", fake), "nothing listens on port 23")
    fake = Fake()
    fake.probes = {}
    fails(run(lab, "check_tunnel_service", fake), "does not answer")


def test_tunnel_service_reachable_on_lab_address(lab):
    fake = Fake()
    fake.probes[("192.168.0.10", "23")] = "answer leaked"
    fails(run(lab, "check_tunnel_service", fake), "192.168.0.10:23 accepts connections")


def test_parse_sshd_T_keeps_first():
    values = day12.parse_sshd_T("Port 22\nport 2222\nsubsystem sftp /usr/lib/openssh/sftp-server\n")
    assert values["port"] == "22" and values["subsystem"] == "sftp /usr/lib/openssh/sftp-server"


def test_root_login_is_judged_for_a_lab_client(lab):
    fake = Fake()
    assert run(lab, "check_root_login", fake).status == "PASS"
    assert fake.seen_C == [["sshd", "-T", "-C", "user=root,host=192.168.0.1,addr=192.168.0.1,laddr=192.168.0.10,"
                            "lport=22"]]


def test_match_block_that_lets_root_in_from_the_lab(lab):
    fake = Fake()
    matched = SSHD_T.replace("permitrootlogin without-password", "permitrootlogin yes")
    fake.answers[("sshd", "-T", "-C", "user=root,host=192.168.0.1,addr=192.168.0.1,laddr=192.168.0.10,"
                                      "lport=22")] = (0, matched, "")
    fails(run(lab, "check_root_login", fake), "a Match block sets PermitRootLogin yes for root",
          "sshd -T -C user=root")


def test_match_block_that_allows_passwords_for_the_trainee(lab):
    fake = Fake()
    matched = SSHD_T.replace("passwordauthentication no", "passwordauthentication yes")
    fake.answers[("sshd", "-T", "-C", "user=user1,host=192.168.0.1,addr=192.168.0.1,laddr=192.168.0.10,"
                                      "lport=22")] = (0, matched, "")
    fails(run(lab, "check_password_auth", fake), "a Match block sets PasswordAuthentication yes for user1")
