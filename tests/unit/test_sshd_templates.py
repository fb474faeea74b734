"""The sshd role's sshd_config, rendered by Ansible for both platforms: the lab's policies come
before the drop-in Include (sshd keeps the first value), and sshd -t accepts it when sshd is here."""

from __future__ import annotations

import shutil
import subprocess

import pytest

import roles_render


def render(family="Debian", **overrides):
    return roles_render.render("sshd", "sshd_config.j2", family, **overrides)


def keywords(text):
    return [line.split(None, 1) for line in text.splitlines() if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("family, sftp", [("Debian", "/usr/lib/openssh/sftp-server"),
                                          ("RedHat", "/usr/libexec/openssh/sftp-server")])
def test_defaults(family, sftp):
    lines = keywords(render(family))
    values = dict((k, v) for k, v in lines)
    assert values["PermitRootLogin"] == "prohibit-password"
    assert values["PasswordAuthentication"] == "no" and values["PubkeyAuthentication"] == "yes"
    assert values["AllowTcpForwarding"] == "local"
    assert values["Subsystem"] == "sftp " + sftp
    assert "ListenAddress" not in values and "AllowUsers" not in values
    names = [k for k, _unused in lines]
    assert names[-1] == "Include" and names.index("PermitRootLogin") < names.index("Include")


def test_variables_reach_the_file():
    text = render(sshd_listen_addresses=["192.168.0.10", "127.0.0.1"], sshd_allow_users=["user1", "root"],
                  sshd_allow_groups=["wheel"], sshd_permit_root_login="no", sshd_password_authentication=True,
                  sshd_options={"MaxAuthTries": 4}, sshd_include_dropins=False, sshd_port=2222)
    for line in ("Port 2222", "ListenAddress 192.168.0.10", "ListenAddress 127.0.0.1", "AllowUsers user1 root",
                 "AllowGroups wheel", "PermitRootLogin no", "PasswordAuthentication yes", "MaxAuthTries 4"):
        assert line + "\n" in text, line
    assert "Include" not in text


def test_sshd_t_accepts_and_refuses(tmp_path):
    sshd = shutil.which("sshd") or "/usr/sbin/sshd"
    bad = tmp_path / "bad"
    bad.write_text(render(sshd_include_dropins=False, sshd_options={"PermitRootLogn": "no"}))
    result = subprocess.run([sshd, "-t", "-f", str(bad)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            universal_newlines=True, check=False)
    assert result.returncode != 0 and "PermitRootLogn" in result.stdout
