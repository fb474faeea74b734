# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""qmail: control files and the alias user's .qmail files."""

from __future__ import annotations

import os

import pytest

import modrun

from ansible_collections.serverlab.course.plugins.module_utils.qmail import (
    REFUSED_553, check_aliases, check_control, control_lines, domain_allowed, parse_smtproutes,
    read_alias_dir, read_control_dir, summary, valid_domain)
from ansible_collections.serverlab.course.plugins.modules import qmail_control_check

CTL = "/var/qmail/control"

COURSE = {
    "me": "h2g.example.com\n",
    "locals": "localhost\nh2g.example.com\nexample.com\n",
    "rcpthosts": "localhost\nh2g.example.com\nexample.com\n",
    "defaultdomain": "example.com\n",
    "plusdomain": "example.com\n",
    "smtproutes": ":[192.168.0.5]\n",
}


def codes(findings):
    return [f.code for f in findings]


def with_(**changes):
    files = dict(COURSE)
    files.update(changes)
    return dict((k, v) for k, v in files.items() if v is not None)


def only(findings, code):
    found = [f for f in findings if f.code == code]
    assert found, "no %s in %s" % (code, codes(findings))
    return found


def test_course_control_files_pass():
    assert check_control(COURSE) == []


def test_local_domain_missing_from_rcpthosts():
    found = check_control(with_(rcpthosts="localhost\nh2g.example.com\n"))
    f, = only(found, "qmail-local-not-rcpthost")
    assert f.is_error and (f.path, f.line) == (CTL + "/locals", 3)
    assert "example.com" in f.message and REFUSED_553 in f.message
    assert f.fix == "Add it to rcpthosts: echo example.com >> /var/qmail/control/rcpthosts"


def test_locals_defaults_to_me():
    found = check_control(with_(locals=None, rcpthosts="example.com\n"))
    f, = only(found, "qmail-local-not-rcpthost")
    assert "h2g.example.com" in f.message and "defaults to me" in f.message
    assert check_control(with_(locals=None, rcpthosts="h2g.example.com\n")) == []


def test_dot_entries_in_rcpthosts_cover_subdomains():
    assert domain_allowed("h2g.example.com", [".example.com"])
    assert domain_allowed("a.b.example.com", [".example.com"])
    assert not domain_allowed("example.com", [".example.com"])
    assert domain_allowed("Example.COM", ["example.com"])
    assert check_control(with_(rcpthosts="localhost\nexample.com\n.example.com\n")) == []


def test_missing_rcpthosts_is_an_open_relay():
    f, = only(check_control(with_(rcpthosts=None)), "qmail-open-relay")
    assert f.is_error and "open relay" in f.message and f.path == CTL + "/rcpthosts"


def test_empty_rcpthosts():
    found = check_control(with_(rcpthosts="# nothing yet\n"))
    f, = only(found, "qmail-rcpthosts-empty")
    assert not f.is_error
    assert "qmail-local-not-rcpthost" in codes(found)


def test_me_missing_empty_or_invalid():
    assert codes(check_control(with_(me=None))) == ["qmail-me-missing"]
    assert only(check_control(with_(me="\n")), "qmail-me-empty")[0].line == 1
    f, = only(check_control(with_(me="# host name\nh2g.example.com\n")), "qmail-me-invalid")
    assert "only line 1" in f.message
    f, = only(check_control(with_(me="h2g\n", locals="localhost\nh2g\n", rcpthosts="localhost\nh2g\n")),
              "qmail-me-not-fqdn")
    assert not f.is_error
    f, = only(check_control(with_(me="h2g.example.com\nexample.com\n")), "qmail-me-lines")
    assert f.line == 2


def test_crlf_and_blanks():
    found = check_control(with_(rcpthosts="localhost\r\nh2g.example.com\r\nexample.com\r\n"))
    f, = only(found, "qmail-crlf")
    assert f.is_error and f.line == 1 and "3 lines end in CR" in f.message and "dos2unix" in f.fix
    assert "'localhost\\r' is not localhost" in f.message
    f, = only(check_control(with_(locals="localhost\nh2g.example.com   \nexample.com\n")),
              "qmail-trailing-space")
    assert not f.is_error and f.line == 2
    f, = only(check_control(with_(rcpthosts="localhost\n example.com\nh2g.example.com\n")),
              "qmail-leading-space")
    assert f.is_error and f.line == 2


def test_smtproutes_syntax():
    routes, found = parse_smtproutes(":[192.168.0.5]\nexample.net:[192.168.0.6]:2525\n"
                                     ".example.org:mx.example.org\nexample.info:\n", "sr")
    assert found == []
    assert [(r.domain, r.relay, r.port) for r in routes] == [
        ("", "[192.168.0.5]", None), ("example.net", "[192.168.0.6]", 2525),
        (".example.org", "mx.example.org", None), ("example.info", "", None)]
    bad = ("[192.168.0.5]\n"              # 1 no colon: ignored by qmail-remote
           ":192.168.0.5\n"               # 2 IP without brackets
           ":[192.168.0.5:25\n"           # 3 unclosed bracket
           "example.net:[192.168.0.6]:smtp\n"  # 4 port not numeric
           "bad_domain!:[192.168.0.7]\n"  # 5
           ":[192.168.0.999]\n"           # 6
           ":[192.168.0.8]\n")            # 7 duplicate default route
    routes, found = parse_smtproutes(bad, "sr")
    assert [(f.code, f.line) for f in found] == [
        ("qmail-smtproutes-syntax", 1), ("qmail-smtproutes-syntax", 2),
        ("qmail-smtproutes-duplicate", 3), ("qmail-smtproutes-syntax", 3),
        ("qmail-smtproutes-syntax", 4), ("qmail-smtproutes-syntax", 5),
        ("qmail-smtproutes-duplicate", 6), ("qmail-smtproutes-syntax", 6),
        ("qmail-smtproutes-duplicate", 7)]
    assert "must be written in brackets, [192.168.0.5]" in found[1].message
    assert "default route" in found[-1].message and "first on line 2" in found[-1].message
    assert not found[-1].is_error
    assert [r.line for r in routes] == [7]


def test_smtproutes_in_check_control_uses_file_path():
    f, = only(check_control(with_(smtproutes=":192.168.0.5\n")), "qmail-smtproutes-syntax")
    assert (f.path, f.line) == (CTL + "/smtproutes", 1)


def test_name_files():
    f, = only(check_control(with_(defaultdomain="example..com\n")), "qmail-bad-name")
    assert f.path == CTL + "/defaultdomain"
    assert codes(check_control(with_(plusdomain="-example.com\n"))) == ["qmail-bad-name"]
    assert check_control(with_(defaulthost="h2g\n")) == []


def test_virtualdomains():
    found = check_control(with_(virtualdomains="example.net:joe\nexample.com:sales\nnocolon\n"
                                               ".example.org:org\n"))
    assert [(f.code, f.line) for f in found] == [
        ("qmail-virtual-not-rcpthost", 1), ("qmail-virtual-and-local", 2),
        ("qmail-virtualdomains-syntax", 3)]
    assert REFUSED_553 in found[0].message


def test_control_lines_like_qmail():
    assert control_lines("# c\n\nexample.com \t\nlocalhost\r\n") == [(3, "example.com"), (4, "localhost\r")]


@pytest.mark.parametrize("name, ok", [
    ("example.com", True), ("h2g", True), ("a-b.example.com", True), ("-a.com", False),
    ("a..com", False), ("example.com.", False), ("exa mple.com", False), ("", False)])
def test_valid_domain(name, ok):
    assert valid_domain(name) is ok


def test_read_control_dir_and_summary(tmp_path):
    for name, text in COURSE.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "concurrencyremote").write_text("20\n")
    files = read_control_dir(str(tmp_path))
    assert sorted(files) == sorted(COURSE)
    s = summary(files)
    assert s["me"] == "h2g.example.com" and s["rcpthosts"][-1] == "example.com"
    assert s["smtproutes"] == [{"line": 1, "domain": "", "relay": "[192.168.0.5]", "port": None}]
    assert summary({"me": "h2g.example.com\n"})["locals"] == ["h2g.example.com"]


# --- aliases ---------------------------------------------------------------------------

def test_aliases(tmp_path):
    alias = tmp_path / "alias"
    assert codes(check_aliases(read_alias_dir(str(alias)), str(alias))) == ["qmail-alias-dir-missing"]
    alias.mkdir()
    (alias / ".qmail-postmaster").write_text("&user1\n")
    (alias / ".qmail-root").write_text("&user1\n")
    os.chmod(str(alias / ".qmail-root"), 0o666)
    found = check_aliases(read_alias_dir(str(alias)), str(alias))
    assert [(f.code, f.path) for f in found] == [
        ("qmail-alias-missing", str(alias / ".qmail-mailer-daemon")),
        ("qmail-alias-writable", str(alias / ".qmail-root"))]
    (alias / ".qmail-mailer-daemon").write_text("")
    os.chmod(str(alias / ".qmail-root"), 0o644)
    assert check_aliases(read_alias_dir(str(alias)), str(alias)) == []


# --- module ---------------------------------------------------------------------------


def run_module(monkeypatch, **args):
    return modrun.run(qmail_control_check, **args)


def test_module(monkeypatch, tmp_path):
    good = run_module(monkeypatch, files=COURSE, check_aliases=False)
    assert not good.failed and good.result["control"]["locals"][-1] == "example.com"
    bad = run_module(monkeypatch, files=with_(rcpthosts=None), check_aliases=False)
    assert bad.failed and [f["code"] for f in bad.result["findings"]] == ["qmail-open-relay"]
    ctl = tmp_path / "control"
    ctl.mkdir()
    (ctl / "me").write_text("h2g.example.com\n")
    (ctl / "rcpthosts").write_text("h2g.example.com\n")
    out = run_module(monkeypatch, control_dir=str(ctl), alias_dir=str(tmp_path / "noalias"))
    assert out.failed and [f["code"] for f in out.result["findings"]] == ["qmail-alias-dir-missing"]
