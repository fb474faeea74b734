"""The samba role's smb.conf, rendered by Ansible from the lab model, is what testparm accepts, and the
strict wrapper the role validates with refuses what plain testparm lets through (exit 0 on a typo)."""

from __future__ import annotations

import os
import subprocess

import pytest
from ansible.template import Templar
from ansible_collections.serverlab.course.plugins.plugin_utils.compat import trust_as_template

import roles_render
from roles_render import LOADER, ROLES, role_yaml as _yaml

from ansible_collections.serverlab.course.plugins.module_utils import samba

STRICT = os.path.join(ROLES, "samba", "files", "testparm-strict")


def render(family="Debian", **overrides):
    return roles_render.render("samba", "smb.conf.j2", family, base={"lab_user_password": "serverlab-training"},
                               **overrides)


@pytest.mark.parametrize("family", ["Debian", "RedHat"])
def test_smb_conf_from_the_lab_model(family):
    sections = samba.parse_smb_conf(render(family))
    glob = sections["global"]
    assert glob["workgroup"] == "WORKGROUP" and glob["netbios name"] == "H2G"
    assert glob["interfaces"] == "lo 192.168.0.10/24" and glob["bind interfaces only"] == "yes"
    assert glob["hosts allow"] == "127.0.0.1 192.168.0.0/24" and glob["hosts deny"] == "ALL"
    assert sections["homes"]["valid users"] == "%S"
    public = sections["public"]
    assert (public["path"], public["read only"], public["force group"]) == ("/srv/samba/public", "no", "users")


def test_eval_user_is_the_first_present_user():
    values = {"samba_users": [{"name": "gone", "state": "absent"}, {"name": "user1", "password": "x" * 8}]}
    values.update(_yaml("samba", "vars", "main.yml"))
    user = Templar(loader=LOADER, variables=values).template(trust_as_template("{{ __samba_eval_user }}"))
    assert user["name"] == "user1"


def test_include_files_and_extra_options():
    text = render(samba_include_files=[{"path": "/etc/samba/smb.conf.d/lab.conf", "content": "[extra]\n path = /tmp\n"}],
                  samba_global_options={"log level": 1})
    glob = samba.parse_smb_conf(text)["global"]
    assert glob["include"] == "/etc/samba/smb.conf.d/lab.conf" and glob["log level"] == "1"


def strict(tmp_path, text):
    path = tmp_path / "smb.conf"
    path.write_text(text)
    return subprocess.run([STRICT, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=60, check=False)


def test_rendered_conf_passes_testparm(tmp_path):
    result = strict(tmp_path, render())
    assert result.returncode == 0, result.stderr


def test_strict_wrapper_refuses_a_typo_plain_testparm_accepts(tmp_path):
    text = render(samba_global_options={"hosts alow": "127.0.0.1"})
    path = tmp_path / "plain.conf"
    path.write_text(text)
    plain = subprocess.run(["testparm", "-s", str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=60, check=False)
    assert plain.returncode == 0  # why the wrapper exists
    result = strict(tmp_path, text)
    assert result.returncode == 1 and "hosts alow" in result.stderr


def test_strict_wrapper_refuses_a_bad_value(tmp_path):
    result = strict(tmp_path, render(samba_shares=[{"name": "public", "path": "/tmp", "writable": True,
                                                    "options": {"browseable": "maybe"}}]))
    assert result.returncode != 0
