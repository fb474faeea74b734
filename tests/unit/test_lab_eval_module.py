# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab_eval module: a thin wrapper around the evaluator, run on fake trees."""

from __future__ import annotations


import pytest

import modrun

from ansible_collections.serverlab.course.plugins.modules import lab_eval

from ansible_collections.serverlab.course.plugins.module_utils import catalog

from labtree import IFCFG, LabTree, fake_runner

FULL_DAYS = dict(catalog.DAYS)  # before the fixture below narrows the catalog to day 6


@pytest.fixture(autouse=True)
def day6_only_catalog(monkeypatch):
    """The framework is tested on day 6 alone, whatever days the catalog grows."""
    from ansible_collections.serverlab.course.plugins.module_utils import catalog as _catalog
    monkeypatch.setattr(_catalog, "DAYS", {6: _catalog.DAYS[6]})


@pytest.fixture
def rh(tmp_path, monkeypatch):
    tree = LabTree(tmp_path / "redhat", "RedHat")
    monkeypatch.setattr(lab_eval, "ROOT", tree.root)
    monkeypatch.setattr(lab_eval, "RUNNER", fake_runner())
    return tree


def run(monkeypatch, **args):
    return modrun.run(lab_eval, **args)


def test_good_lab(rh, monkeypatch):
    out = run(monkeypatch, days=[6])
    assert not out.failed
    result = out.result
    assert result["changed"] is False
    assert result["passed"] is True
    assert result["summary"] == {"total": 8, "passed": 8, "failed": 0, "stopped_early": False}
    assert result["report"][0] == "[1:PASS] - 'hostname'"
    assert result["report"][-1] == "[8:PASS] - 'boot/services'"
    assert [r["id"] for r in result["results"]] == ["6.%d" % n for n in range(1, 9)]
    assert (result["days"], result["user"]) == ([6], "user1")
    assert result["msg"] == "all 8 checks passed"
    assert "warnings" not in result  # ansible-core 2.19 reads a `warnings` key as warning messages


def test_failures_are_reported_not_failed_by_default(rh, monkeypatch):
    rh.replace(IFCFG, "GATEWAY=no", "GATEWAY=1")
    rh.replace("/etc/resolv.conf", "nameserver 127.0.0.1\n", "")
    out = run(monkeypatch)
    assert not out.failed
    result = out.result
    assert result["passed"] is False
    assert result["summary"] == {"total": 8, "passed": 6, "failed": 2, "stopped_early": False}
    assert result["report"][5] == ("[6:FAIL] - 'resolver' ('/etc/resolv.conf: no nameserver line: "
                                   "add \"nameserver 127.0.0.1\"')")
    msg = result["msg"].splitlines()
    assert msg[0] == "2 of 8 checks failed:"
    assert msg[1].startswith("- [4:FAIL] network/gateway: ifcfg-eth0 line 6 sets GATEWAY=1, but")
    assert msg[2] == '- [6:FAIL] resolver: /etc/resolv.conf: no nameserver line: add "nameserver 127.0.0.1"'


def test_fail_on_failed_and_stop_at_first(rh, monkeypatch):
    rh.replace(IFCFG, "GATEWAY=no", "GATEWAY=1")
    out = run(monkeypatch, fail_on_failed=True, keep_going=False)
    assert out.failed
    assert out.result["summary"] == {"total": 8, "passed": 3, "failed": 1, "stopped_early": True}
    assert out.result["report"][-1] == "stopped at the first failure; run with -c to carry on"
    assert out.result["msg"].splitlines()[0] == (
        "1 of 8 checks failed (stopped at the first failure; 4 not evaluated):")
    assert out.result["passed"] is False and out.result["changed"] is False


def test_user_detail_and_check_mode(rh, monkeypatch):
    out = run(monkeypatch, user="nobody", detail=True, _ansible_check_mode=True)
    result = out.result
    assert result["user"] == "nobody"
    assert result["report"][1:3] == ["    hostname -s: h2g", "    hostname -f: h2g.example.com"]
    assert result["results"][6]["status"] == "FAIL"  # 6.7: no such user
    assert result["changed"] is False


def test_config_option(rh, monkeypatch):
    rh.write("/srv/lab.json", '{"hostname": "srv", "day": 6}')
    out = run(monkeypatch, config="/srv/lab.json")
    assert out.result["results"][0]["reason"].startswith('the host name is "h2g", not "srv"')


def test_unknown_day_fails_naming_the_known_days(rh, monkeypatch):
    out = run(monkeypatch, days=[6, 99])
    assert out.failed
    assert out.result["msg"] == "unknown day 99 (known days: 6)"


def test_bad_config_fails(rh, monkeypatch):
    rh.write("/etc/serverlab/lab.json", "[]")
    out = run(monkeypatch)
    assert out.failed and "must hold a JSON object" in out.result["msg"]


def test_documentation_matches_the_argument_spec():
    import yaml

    doc = yaml.safe_load(lab_eval.DOCUMENTATION)
    assert sorted(doc["options"]) == ["auth", "config", "days", "detail", "fail_on_failed", "identity", "keep_going",
                                      "lab", "lang", "mysql_cnf", "samba_auth", "target", "timeout", "upto", "user",
                                      "view"]
    assert doc["options"]["keep_going"]["default"] is True
    assert (doc["options"]["lang"]["default"], doc["options"]["lang"]["choices"]) == ("en", ["en", "ja"])
    assert doc["options"]["config"]["default"] == "/etc/serverlab/lab.json"
    texts = doc["description"] + doc["notes"] + [
        line for option in doc["options"].values() for line in option["description"]]
    assert all(isinstance(text, str) for text in texts), texts
    returned = yaml.safe_load(lab_eval.RETURN)
    for key in ("results", "summary", "passed", "report", "msg", "days", "user"):
        assert key in returned
    yaml.safe_load(lab_eval.EXAMPLES)


def test_upto_selects_every_known_day_up_to_it(rh, monkeypatch):
    out = run(monkeypatch, upto=20)
    assert not out.failed
    assert out.result["days"] == [6]
    out = run(monkeypatch, upto=5)
    assert out.failed
    assert out.result["msg"] == "the check catalog has no day up to 5 (known days: 6)"


def test_network_view_grades_the_target_from_here_with_the_given_lab(monkeypatch):
    """view=net: the lab configuration and the trainee's login come as values (the VM's files, read by the
    grading play), the probes run from here. 127.0.0.77: nothing answers, so every check FAILs."""
    from ansible_collections.serverlab.course.plugins.module_utils import catalog as _catalog

    monkeypatch.setattr(_catalog, "DAYS", FULL_DAYS)
    out = run(monkeypatch, view="net", target="127.0.0.77", days=[8], timeout=1,
              lab={"day": 8, "address": "127.0.0.77"}, auth="username = user1\npassword = secret\n")
    assert not out.failed, out.result
    result = out.result
    assert (result["view"], result["target"]) == ("net", "127.0.0.77")
    ids = [r["id"] for r in result["results"]]
    assert "8.41" in ids and all(r["status"] == "FAIL" for r in result["results"])
    assert result["passed"] is False


def test_network_view_needs_a_target(monkeypatch):
    out = run(monkeypatch, view="net", days=[6])
    assert out.failed
    assert "target" in out.result["msg"]
