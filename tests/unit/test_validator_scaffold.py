# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The validator scaffold (module_utils/validator.py): every validator takes the shared options, reads files
one way, and reports a file it cannot read as the error finding `unreadable` (never fail_json), so
fail_on_error decides as for any other error."""

from __future__ import annotations

import os
import re

import pytest
import yaml

import modrun

from ansible_collections.serverlab.course.plugins.module_utils import validator
from ansible_collections.serverlab.course.plugins.modules import (
    ifcfg_check,
    qmail_control_check,
    stunnel_conf_check,
    tcprules_check,
    tinydns_data_check,
    zone_check,
)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODULES = os.path.join(REPO, "plugins", "modules")


def unreadable_file(tmp_path):
    """A path that exists as a regular file (os.path.isfile) but whose read fails, even for root (EIO)."""
    link = tmp_path / "unreadable"
    link.symlink_to("/proc/self/mem")
    return str(link)


def control_dir(tmp_path):
    """A qmail control directory whose `me` cannot be read."""
    control = tmp_path / "control"
    control.mkdir()
    (control / "me").symlink_to("/proc/self/mem")
    return str(control / "me"), {"control_dir": str(control), "check_aliases": False}


def network_file(tmp_path):
    bad = unreadable_file(tmp_path)
    scripts = tmp_path / "network-scripts"
    scripts.mkdir()
    return bad, {"directory": str(scripts), "network_file": bad}


def ifupdown_candidate(tmp_path):
    """A candidate named in `files` without content, read from its path."""
    bad = unreadable_file(tmp_path)
    (tmp_path / "interfaces").write_text("auto lo\niface lo inet loopback\n")
    return bad, {"style": "ifupdown", "interfaces_file": str(tmp_path / "interfaces"), "files": [{"path": bad}]}


def in_directory(name, **extra):
    """An unreadable file among those the module reads from its directory."""
    def make(tmp_path):
        directory = tmp_path / "dir"
        directory.mkdir()
        (directory / name).symlink_to("/proc/self/mem")
        return str(directory / name), dict(extra, directory=str(directory), network_file=str(tmp_path / "none"))
    make.__name__ = "in_directory"
    return make


def path_option(**extra):
    def make(tmp_path, missing=False):
        bad = str(tmp_path / "missing") if missing else unreadable_file(tmp_path)
        return bad, dict(extra, path=bad)
    return make


STUNNEL = "foreground = yes\n[pop3s]\naccept = 995\nconnect = 110\ncert = /etc/stunnel/stunnel.pem\n"


def stunnel_log(tmp_path):
    bad = unreadable_file(tmp_path)
    return bad, {"content": STUNNEL, "path": str(tmp_path / "stunnel.conf"), "log_path": bad}


# (id, module, args(tmp_path) -> (the unreadable path, the module's options))
CASES = [
    ("zone_check", zone_check, path_option(origin="example.com")),
    ("tinydns_data_check", tinydns_data_check, path_option()),
    ("tcprules_check", tcprules_check, path_option()),
    ("stunnel_conf_check", stunnel_conf_check, path_option()),
    ("stunnel_conf_check log_path", stunnel_conf_check, stunnel_log),
    ("qmail_control_check", qmail_control_check, control_dir),
    ("ifcfg_check network_file", ifcfg_check, network_file),
    ("ifcfg_check ifupdown files", ifcfg_check, ifupdown_candidate),
    ("ifcfg_check ifcfg directory", ifcfg_check, in_directory("ifcfg-eth0")),
    ("ifcfg_check keyfile directory", ifcfg_check,
     in_directory("eth0.nmconnection", style="keyfile", ifcfg_directory="")),
]
PATH_CASES = [c for c in CASES if c[2].__name__ == "make"]


def unreadable_findings(result, path):
    return [f for f in result["findings"] if f["code"] == validator.UNREADABLE and f["path"] == path]


@pytest.mark.parametrize("module,make", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_an_unreadable_file_fails_the_task_as_an_error_finding(tmp_path, module, make):
    bad, args = make(tmp_path)
    out = modrun.run(module, **args)
    assert out.failed, out.result
    found = unreadable_findings(out.result, bad)
    assert [f["severity"] for f in found] == ["error"], out.result["findings"]
    assert "cannot read the " in found[0]["message"] and "Input/output error" in found[0]["message"]
    assert found[0]["fix"]
    assert "cannot read the " in out.result["msg"] and bad in out.result["msg"]
    assert "exception" not in out.result  # a finding, not a crash


@pytest.mark.parametrize("module,make", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_fail_on_error_false_returns_the_unreadable_finding(tmp_path, module, make):
    bad, args = make(tmp_path)
    out = modrun.run(module, fail_on_error=False, **args)
    assert not out.failed, out.result
    assert len(unreadable_findings(out.result, bad)) == 1, out.result["findings"]
    assert out.result["errors"] >= 1


@pytest.mark.parametrize("module,make", [c[1:] for c in PATH_CASES], ids=[c[0] for c in PATH_CASES])
def test_a_missing_path_is_unreadable_too(tmp_path, module, make):
    bad, args = make(tmp_path, missing=True)
    out = modrun.run(module, **args)
    assert out.failed
    found = unreadable_findings(out.result, bad)
    assert len(found) == 1 and "No such file or directory" in found[0]["message"], out.result["findings"]


def test_read_text_is_the_one_decoding(tmp_path):
    """UTF-8, bad bytes replaced, line ends as written (the checks report CRLF)."""
    path = tmp_path / "f"
    path.write_bytes(b"a=\xc3\xa9\r\nb=\xff\n")
    assert validator.read_text(str(path)) == "a=\u00e9\r\nb=\ufffd\n"


def test_content_is_used_as_given():
    assert validator.read_source("/nonexistent", "text") == ("text", None)


def validator_modules():
    with open(os.path.join(REPO, "meta", "runtime.yml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)["action_groups"]["validators"]


@pytest.mark.parametrize("name", validator_modules())
def test_every_validator_uses_the_scaffold(name):
    """The shared option spec, the doc fragment (with the attributes' descriptions), the one import."""
    with open(os.path.join(MODULES, name + ".py"), encoding="utf-8") as handle:
        source = handle.read()
    assert "validator.argument_spec(" in source
    assert "fail_on_error=dict(" not in source  # only the scaffold states it
    assert "  - ansible.builtin.action_common_attributes\n  - serverlab.course.validator\n" in source
    imports = re.findall(r"^from ansible_collections\.serverlab\.course\.plugins\.module_utils[^\n]*", source, re.M)
    assert "from ansible_collections.serverlab.course.plugins.module_utils import validator" in imports
    assert not [i for i in imports if "findings" in i], imports
    assert "fail_json(msg=\"cannot read" not in source and "open(" not in source
