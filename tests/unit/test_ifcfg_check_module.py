# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run serverlab.course.ifcfg_check for real with `ansible localhost -m`.

This goes through AnsiballZ, so it also proves that the module's module_utils
(ifcfg, its relative imports of findings and ipv4) are packed with it.
"""

import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(ROOT, "collections")
ANSIBLE = os.path.join(os.path.dirname(sys.executable), "ansible")


GOOD = ("DEVICE=eth0\nBOOTPROTO=none\nONBOOT=yes\nIPADDR=192.168.0.10\nPREFIX=24\nGATEWAY=\n"
        "NM_CONTROLLED=no\nPEERDNS=no\n")
BAD = GOOD.replace("GATEWAY=\n", "GATEWAY=1\n")


def run(tmp_path, args, check_mode=False):
    """(return code, 'host | STATUS' line plus stderr, result dict)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    env.update(ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_NOCOLOR="1", ANSIBLE_LOCAL_TEMP=str(tmp_path / "at"),
               ANSIBLE_REMOTE_TEMP=str(tmp_path / "rt"), ANSIBLE_PYTHON_INTERPRETER=sys.executable,
               ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
    command = [ANSIBLE, "localhost", "-m", "serverlab.course.ifcfg_check", "-a", json.dumps(args)]
    if check_mode:
        command.append("--check")
    proc = subprocess.run(command, cwd=str(tmp_path), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=120, check=False)
    head, sep, body = proc.stdout.partition(" => ")
    assert sep, proc.stdout + proc.stderr
    return proc.returncode, head + proc.stderr, json.loads(body)


@pytest.fixture
def scripts(tmp_path):
    d = tmp_path / "network-scripts"
    d.mkdir()
    (d / "ifcfg-eth0").write_text(GOOD)
    (d / "ifcfg-lo").write_text("DEVICE=lo\nIPADDR=127.0.0.1\nNETMASK=255.0.0.0\nONBOOT=yes\n")
    return d


def test_good_directory(tmp_path, scripts):
    (tmp_path / "network").write_text("NETWORKING=yes\nGATEWAY=192.168.0.1\n")
    rc, head, result = run(tmp_path, {"directory": str(scripts), "network_file": str(tmp_path / "network")})
    assert rc == 0 and "SUCCESS" in head
    assert result["errors"] == 0 and result["warning_count"] == 0 and result["findings"] == []
    assert result["changed"] is False
    assert sorted(result["interfaces"]) == ["eth0", "lo"]
    assert result["interfaces"]["eth0"]["values"]["IPADDR"] == "192.168.0.10"
    assert result["effective_gateway"] == {"value": "", "source": str(scripts / "ifcfg-eth0")}


def test_backup_with_gateway_1_fails_with_the_teaching_message(tmp_path, scripts):
    (scripts / "ifcfg-eth0.bak").write_text(BAD)
    rc, head, result = run(tmp_path, {"directory": str(scripts), "allow_gateway": False,
                                      "network_file": str(tmp_path / "absent")})
    assert rc != 0 and "FAILED" in head
    assert result["errors"] == 2
    assert result["msg"].startswith("2 errors found:")
    assert "ifcfg-eth0.bak is read at network start like a real interface file" in result["msg"]
    assert "GATEWAY=1" in result["msg"] and "Fix:" in result["msg"]
    assert sorted(f["code"] for f in result["findings"]) == ["ifcfg-backup-read", "ifcfg-gateway-invalid"]
    assert result["effective_gateway"] == {"value": "1", "source": str(scripts / "ifcfg-eth0.bak")}


def test_rendered_candidate_is_validated_before_it_goes_live(tmp_path, scripts):
    live = str(scripts / "ifcfg-eth0")
    rc, _unused, result = run(tmp_path, {"directory": str(scripts), "files": [{"path": live, "content": BAD}]},
                              check_mode=True)
    assert rc != 0
    (finding,) = result["findings"]
    assert finding["code"] == "ifcfg-gateway-invalid" and finding["path"] == live and finding["line"] == 6
    assert (scripts / "ifcfg-eth0").read_text() == GOOD          # read-only, nothing written


def test_report_only_and_warnings(tmp_path, scripts):
    (scripts / "ifcfg-eth0").write_text(BAD.replace("PEERDNS=no", "PEERDNS=NO"))
    rc, head, result = run(tmp_path, {"directory": str(scripts), "fail_on_error": False})
    assert rc == 0 and "SUCCESS" in head
    assert result["errors"] == 1 and result["warning_count"] == 1
    assert "[WARNING]" in head and "PEERDNS=NO is not written in lower case" in head   # shown as an Ansible warning


def test_missing_directory_is_not_an_error(tmp_path):
    rc, _unused, result = run(tmp_path, {"directory": str(tmp_path / "absent"), "network_file": str(tmp_path / "no")})
    assert rc == 0
    assert result["interfaces"] == {} and result["findings"] == []
    assert result["effective_gateway"] == {"value": None, "source": None}


# ---------------------------------------------------------------- style keyfile: NetworkManager on EL 8/9

KEYFILE = ("[connection]\nid=eth0\nuuid=5fb06bd0-0bb0-7ffb-45f1-d6edd65f3e03\ntype=ethernet\ninterface-name=eth0\n\n"
           "[ipv4]\nmethod=manual\naddress1=192.168.0.10/24\n")


@pytest.fixture
def nm(tmp_path):
    """(keyfile directory with one good profile at 0600, an ifcfg directory)."""
    keyfiles, ifcfgs = tmp_path / "system-connections", tmp_path / "network-scripts"
    keyfiles.mkdir()
    ifcfgs.mkdir()
    (keyfiles / "eth0.nmconnection").write_text(KEYFILE)
    os.chmod(str(keyfiles / "eth0.nmconnection"), 0o600)
    return keyfiles, ifcfgs


def keyfile_args(nm, **extra):
    args = {"style": "keyfile", "directory": str(nm[0]), "ifcfg_directory": str(nm[1]), "allow_gateway": False}
    args.update(extra)
    return args


def codes(result):
    return sorted(f["code"] for f in result["findings"])


def test_keyfile_good_profile(tmp_path, nm):
    rc, head, result = run(tmp_path, keyfile_args(nm))
    assert rc == 0 and result["findings"] == [], result
    assert result["interfaces"]["eth0"]["values"]["address1"] == "192.168.0.10/24"


def test_keyfile_candidate_with_gateway_1_is_refused(tmp_path, nm):
    candidate = KEYFILE.replace("192.168.0.10/24", "192.168.0.10/24,1")
    rc, head, result = run(tmp_path, keyfile_args(nm, files=[{"path": str(nm[0] / "eth0.nmconnection"),
                                                              "content": candidate}]))
    assert rc != 0 and codes(result) == ["nm-gateway-invalid"]
    assert "NetworkManager rejects the whole profile" in result["msg"]


def test_keyfile_readable_by_others_is_ignored_by_networkmanager(tmp_path, nm):
    os.chmod(str(nm[0] / "eth0.nmconnection"), 0o644)
    rc, head, result = run(tmp_path, keyfile_args(nm))
    assert rc != 0 and codes(result) == ["nm-keyfile-mode"]
    assert "chmod 600" in result["msg"]


def test_keyfile_backup_is_a_second_profile_but_ifcfg_bak_is_skipped(tmp_path, nm):
    (nm[1] / "ifcfg-eth0.bak").write_text("DEVICE=eth0\nIPADDR=192.168.0.10\nGATEWAY=1\n")
    rc, head, result = run(tmp_path, keyfile_args(nm))
    assert rc == 0 and result["findings"] == [], result
    (nm[0] / "eth0.nmconnection.bak").write_text(KEYFILE)
    os.chmod(str(nm[0] / "eth0.nmconnection.bak"), 0o600)
    rc, head, result = run(tmp_path, keyfile_args(nm))
    assert rc != 0 and codes(result) == ["nm-duplicate-profile"]
    assert "looks like a backup" in result["msg"] and "share one UUID" in result["msg"]


def test_keyfile_ifcfg_old_and_gateway_no_under_networkmanager(tmp_path, nm):
    (nm[1] / "ifcfg-eth0.old").write_text("DEVICE=eth0\nBOOTPROTO=none\nIPADDR=192.168.0.10\nGATEWAY=no\n")
    rc, head, result = run(tmp_path, keyfile_args(nm))
    assert rc != 0 and codes(result) == ["nm-duplicate-profile", "nm-ifcfg-invalid-gateway"]
