# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tcprules: parsing and lookup as ucspi-tcp does them, relay checks, stale .cdb.

The tests named ``real_tcprules`` compile the fixtures with the real
tcprules (Debian package ucspi-tcp, installed by tools/labhost tools) and
compare tcprulescheck's answers and the cdb records with this module's.
"""

from __future__ import annotations

import os
import subprocess

import pytest

import modrun

from ansible_collections.serverlab.course.plugins.module_utils.tcprules import (
    candidate_keys, check_cdb_fresh, check_rules, check_text, compiled_records, describe, lookup,
    match, parse_rules, read_cdb)
from ansible_collections.serverlab.course.plugins.modules import tcprules_check

COURSE = """\
127.0.0.1:allow,RELAYCLIENT=""
192.168.0.:allow,RELAYCLIENT=""
:allow
"""

# every address form, duplicates, a rule below the catch-all, an odd quote
FIXTURE = """\
# smtp rules
127.0.0.1:allow,RELAYCLIENT=""
192.168.0.:allow,RELAYCLIENT=""
10.0.0.4-7:deny
10.1-2.:allow,X="a",Y='b'
=.example.com:allow,HOSTOK="1"
=mail.example.net:deny
=:allow,NAMED="1"
joe@1.2.3.4:allow,JOE="1"
joe@=h.example.org:allow,JOEHOST="1"
:allow
10.9.9.:deny
192.168.0.:deny
5.5.5.5:allow,Z=xabcx
3.3.3.3:deny,IGNORED="1"
10.:allow,TEN="1"
"""

CLIENTS = [
    ("127.0.0.1", None, None), ("192.168.0.5", None, None), ("192.168.0.255", None, None),
    ("10.0.0.3", None, None), ("10.0.0.5", None, None), ("10.0.0.7", None, None),
    ("10.0.0.8", None, None), ("10.1.3.4", None, None), ("10.2.0.1", None, None),
    ("10.3.0.1", None, None), ("10.9.9.9", None, None), ("5.5.5.5", None, None),
    ("3.3.3.3", None, None), ("1.2.3.4", None, None), ("8.8.8.8", None, None),
    ("8.8.8.8", "a.example.com", None), ("8.8.8.8", "mail.example.net", None),
    ("8.8.8.8", "a.example.org", None), ("192.168.0.5", "a.example.com", None),
    ("1.2.3.4", None, "joe"), ("1.2.3.4", "h.example.org", "joe"), ("9.9.9.9", "h.example.org", "joe"),
    ("9.9.9.9", "h.example.org", "ann"), ("10.200.0.1", None, None), ("10.0.0.9", "a.example.com", None),
]


def codes(findings):
    return [f.code for f in findings]


# --- parsing -----------------------------------------------------------------------

def test_parse_forms():
    rules = parse_rules(FIXTURE, "/etc/tcp.smtp")
    assert [(r.line, r.address, r.action) for r in rules][:4] == [
        (2, "127.0.0.1", "allow"), (3, "192.168.0.", "allow"), (4, "10.0.0.4-7", "deny"),
        (5, "10.1-2.", "allow")]
    assert rules[2].keys == ["10.0.0.4", "10.0.0.5", "10.0.0.6", "10.0.0.7"]
    assert rules[3].keys == ["10.1.", "10.2."] and rules[3].env == [("X", "a"), ("Y", "b")]
    assert rules[0].env == [("RELAYCLIENT", "")]
    z = [r for r in rules if r.address == "5.5.5.5"][0]
    assert z.env == [("Z", "abc")]          # tcprules takes the x as the quote
    assert all(r.ok for r in rules)


@pytest.mark.parametrize("line, why", [
    ("1.2.3.4:permit", "allow' or 'deny"),
    ("1.2.3.4:allow,X=bar", "takes as the quote"),
    ("1.2.3.4:allow junk", "unexpected"),
    ("1.2.3.4:allow # lab", "no comments after a rule"),
    ("1.2.3.x-5:allow", "not two numbers"),
    ("1.2.3.4:allow\r", "carriage return"),
    ("1.2.3.4:allowed", "unexpected"),
    ("1.2.3.4:allow,X", "no '='"),
    ("1.2.3.4:allow,X=", "no quoted value"),
])
def test_syntax_errors(line, why):
    rule, = parse_rules(line + "\n")
    assert not rule.ok and why in rule.error
    f, = check_rules([rule])
    assert f.code == "tcprules-syntax" and f.is_error and f.line == 1
    assert "old .cdb stays in force" in f.message


@pytest.mark.parametrize("line", ["1.2.3.4:deny,A=\"1\"", "1.2.3.-5:allow", "  1.2.3.4:allow  \t",
                                  "=:allow", ":deny"])
def test_lines_tcprules_accepts(line):
    rule, = parse_rules(line + "\n")
    assert rule.ok


def test_comments_blank_and_colonless_lines():
    text = "# comment\n\n   \nno colon here\n127.0.0.1:allow\n"
    assert [r.line for r in parse_rules(text)] == [5]
    _rules, found = check_text(text, "r")
    assert [(f.code, f.line) for f in found] == [("tcprules-line-ignored", 4)]


# --- lookup ------------------------------------------------------------------------

def test_candidate_keys_order():
    assert candidate_keys("1.2.3.4", "a.b.c", "joe") == [
        "joe@1.2.3.4", "joe@=a.b.c", "1.2.3.4", "=a.b.c", "1.2.3.", "1.2.", "1.",
        "=.b.c", "=.c", "=", ""]
    assert candidate_keys("1.2.3.4") == ["1.2.3.4", "1.2.3.", "1.2.", "1.", ""]


def test_match_most_specific_not_first_line():
    rules = parse_rules(FIXTURE)
    assert match(rules, "10.9.9.9").action == "deny"         # below the catch-all, still applies
    assert lookup(rules, "10.1.3.4")[0] == "10.1." and lookup(rules, "10.200.0.1")[0] == "10."
    assert match(rules, "192.168.0.5").env == [("RELAYCLIENT", "")]   # first of two equal keys
    assert lookup(rules, "10.0.0.5")[0] == "10.0.0.5"
    assert lookup(rules, "8.8.8.8", "a.example.com")[0] == "=.example.com"
    assert lookup(rules, "192.168.0.5", "a.example.com")[0] == "192.168.0."   # prefix before =.suffix
    assert lookup(rules, "8.8.8.8", "x.org")[0] == "="
    assert lookup(rules, "8.8.8.8")[0] == ""
    assert lookup(rules, "1.2.3.4", None, "joe")[0] == "joe@1.2.3.4"
    assert match(parse_rules(COURSE), "203.0.113.9").address == ""
    assert match(parse_rules("127.0.0.1:allow\n"), "8.8.8.8") is None
    assert describe(parse_rules("127.0.0.1:allow\n"), "8.8.8.8")["text"] == "default:\nallow connection"


def test_describe_like_tcprulescheck():
    d = describe(parse_rules(FIXTURE), "192.168.0.7")
    assert d["text"] == "rule 192.168.0.:\nset environment variable RELAYCLIENT=\nallow connection"
    assert (d["key"], d["line"], d["action"], d["env"]) == ("192.168.0.", 3, "allow", {"RELAYCLIENT": ""})
    d = describe(parse_rules(FIXTURE), "3.3.3.3")
    assert d["text"] == "rule 3.3.3.3:\ndeny connection" and d["env"] == {}


# --- checks --------------------------------------------------------------------------

def test_course_rules_are_clean():
    assert check_rules(parse_rules(COURSE)) == []


def test_open_relay():
    found = check_rules(parse_rules("127.0.0.1:allow,RELAYCLIENT=\"\"\n:allow,RELAYCLIENT=\"\"\n",
                                    "/etc/tcp.smtp"))
    f, = found
    assert (f.code, f.line, f.path) == ("tcprules-open-relay", 2, "/etc/tcp.smtp")
    assert f.is_error and "open relay" in f.message and "192.168.0." in f.fix
    f, = check_rules(parse_rules("=:allow,RELAYCLIENT=\"\"\n"))
    assert f.code == "tcprules-open-relay" and "host name in DNS" in f.message


def test_relay_outside_lab_network():
    text = COURSE.replace(":allow\n", "172.16.:allow,RELAYCLIENT=\"\"\n10.0.0.1-2:allow,RELAYCLIENT=\"\"\n"
                                      "192.168.0.7:allow,RELAYCLIENT=\"\"\n127.:allow,RELAYCLIENT=\"\"\n")
    found = check_rules(parse_rules(text))
    assert [(f.code, f.line) for f in found] == [("tcprules-relay-outside-lab", 3),
                                                 ("tcprules-relay-outside-lab", 4)]
    assert "172.16.0.0/16" in found[0].message
    assert "10.0.0.1/32, 10.0.0.2/32" in found[1].message
    assert check_rules(parse_rules(text), lab_network="0.0.0.0/0") == []


def test_relay_by_host_name_and_deny_is_harmless():
    f, = check_rules(parse_rules("=.example.com:allow,RELAYCLIENT=\"\"\n"))
    assert f.code == "tcprules-relay-by-name" and not f.is_error
    assert check_rules(parse_rules(":deny,RELAYCLIENT=\"\"\n")) == []


def test_unreachable_rules():
    found = check_rules(parse_rules(":allow\n10.9.9.:deny\n:deny\n10.0.0.1-3:deny\n10.0.0.2:allow\n"
                                    "10.0.0.3-4:allow\n"))
    assert [(f.code, f.line) for f in found] == [("tcprules-unreachable", 3),
                                                 ("tcprules-unreachable", 5),
                                                 ("tcprules-unreachable", 6)]
    assert "line 1 already has the address the catch-all ''" in found[0].message
    assert "can never match" in found[1].message
    assert "Part of this range" in found[2].message and "'10.0.0.3'" in found[2].message


@pytest.mark.parametrize("line, hint", [
    ("192.168.0:allow", "192.168.0."),
    ("192.168.0.0/24:allow", "no CIDR"),
    ("localhost:allow", "=localhost"),
    ("10.0.0.300:allow", ""),
])
def test_addresses_that_never_match(line, hint):
    f, = check_rules(parse_rules(line + "\n"))
    assert f.code == "tcprules-never-matches" and hint in f.message


def test_blank_in_address_and_empty_range():
    assert codes(check_rules(parse_rules(" 1.2.3.4:allow\n"))) == ["tcprules-blank-address"]
    rule, = parse_rules("1.2.3.9-5:allow\n")
    assert rule.keys == [] and codes(check_rules([rule])) == ["tcprules-never-matches"]


def test_odd_quote_warning():
    f, = check_rules(parse_rules("5.5.5.5:allow,Z=xabcx\n"))
    assert f.code == "tcprules-odd-quote" and "Z is set to 'abc'" in f.message


# --- the compiled cdb ----------------------------------------------------------------

def _touch(path, when):
    os.utime(path, (when, when))


def test_cdb_missing(tmp_path):
    rules = tmp_path / "tcp.smtp"
    rules.write_text(COURSE)
    f, = check_cdb_fresh(str(rules), str(tmp_path / "tcp.smtp.cdb"))
    assert f.code == "tcprules-cdb-missing" and f.is_error
    assert f.fix == "Compile the rules: cd %s && tcprules tcp.smtp.cdb tcp.smtp.tmp < tcp.smtp" % tmp_path


def test_cdb_older_than_rules_is_stale(tmp_path):
    rules = tmp_path / "tcp.smtp"
    cdb = tmp_path / "tcp.smtp.cdb"
    rules.write_text(COURSE)
    cdb.write_bytes(b"\0" * 2048)
    _touch(str(cdb), 1000000000)
    _touch(str(rules), 1000000100)
    f, = check_cdb_fresh(str(rules), str(cdb))
    assert f.code == "tcprules-cdb-stale" and "not active" in f.message
    assert "tcprules tcp.smtp.cdb tcp.smtp.tmp < tcp.smtp" in f.fix
    _touch(str(cdb), 1000000200)
    assert check_cdb_fresh(str(rules), str(cdb)) == []   # without rules: timestamps only


def _python_cdb(records):
    """A cdb with these records and empty hash tables (enough for read_cdb)."""
    body = b"".join(len(k).to_bytes(4, "little") + len(v).to_bytes(4, "little") + k + v
                    for k, v in records)
    end = 2048 + len(body)
    header = b"".join(end.to_bytes(4, "little") + (0).to_bytes(4, "little") for _index in range(256))
    return header + body


def test_cdb_contents_compared(tmp_path):
    rules_path = tmp_path / "tcp.smtp"
    cdb = tmp_path / "tcp.smtp.cdb"
    rules_path.write_text(COURSE)
    rules = parse_rules(COURSE)
    cdb.write_bytes(_python_cdb(compiled_records(rules)))
    _touch(str(rules_path), 1000000000)
    _touch(str(cdb), 1000000100)
    assert read_cdb(cdb.read_bytes()) == compiled_records(rules)
    assert check_cdb_fresh(str(rules_path), str(cdb), rules) == []
    edited = parse_rules(COURSE.replace("192.168.0.", "192.168.1."))
    f, = check_cdb_fresh(str(rules_path), str(cdb), edited)
    assert f.code == "tcprules-cdb-differs"


# --- against the real ucspi-tcp ---------------------------------------------------------


def _compile(tmp_path, text, name="rules"):
    source = tmp_path / name
    source.write_text(text)
    with open(str(source)) as stdin:
        proc = subprocess.run(["tcprules", str(tmp_path / (name + ".cdb")), str(tmp_path / (name + ".tmp"))],
                              stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    return proc.returncode, tmp_path / (name + ".cdb")


def _tcprulescheck(cdb, ip, host, info):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TCPREMOTEIP": ip}
    if host:
        env["TCPREMOTEHOST"] = host
    if info:
        env["TCPREMOTEINFO"] = info
    out = subprocess.run(["tcprulescheck", str(cdb)], env=env, stdout=subprocess.PIPE,
                         universal_newlines=True, check=True).stdout
    return out.rstrip("\n")


def test_tcprulescheck_agrees_with_match(tmp_path):
    rc, cdb = _compile(tmp_path, FIXTURE)
    assert rc == 0
    rules = parse_rules(FIXTURE)
    for ip, host, info in CLIENTS:
        expected = _tcprulescheck(cdb, ip, host, info)
        assert describe(rules, ip, host, info)["text"] == expected, (ip, host, info)


def test_real_cdb_records_and_freshness(tmp_path):
    rc, cdb = _compile(tmp_path, FIXTURE)
    assert rc == 0
    rules = parse_rules(FIXTURE)
    assert read_cdb(cdb.read_bytes()) == compiled_records(rules)
    rules_path = tmp_path / "rules"
    _touch(str(rules_path), 1000000000)
    assert check_cdb_fresh(str(rules_path), str(cdb), rules) == []
    # edit the rules without compiling
    rules_path.write_text(FIXTURE + "6.6.6.6:deny\n")
    assert codes(check_cdb_fresh(str(rules_path), str(cdb), parse_rules(rules_path.read_text()))) == [
        "tcprules-cdb-stale"]
    _touch(str(cdb), os.stat(str(rules_path)).st_mtime + 10)   # touched, still not compiled
    assert codes(check_cdb_fresh(str(rules_path), str(cdb), parse_rules(rules_path.read_text()))) == [
        "tcprules-cdb-differs"]


def test_real_cdb_of_a_utf8_file_is_fresh_through_the_module(tmp_path):
    """The module reads the rules as UTF-8 (validator.read_text) and compares the bytes tcprules stored."""
    text = '192.168.0.20:allow,GREETING="Grüße"\n192.168.0.:allow\n:deny\n'
    (tmp_path / "rules").write_bytes(text.encode("utf-8"))
    with open(str(tmp_path / "rules"), "rb") as stdin:
        proc = subprocess.run(["tcprules", str(tmp_path / "rules.cdb"), str(tmp_path / "rules.tmp")],
                              stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    assert proc.returncode == 0, proc.stderr
    _touch(str(tmp_path / "rules"), 1000000000)
    out = modrun.run(tcprules_check, path=str(tmp_path / "rules"), cdb=str(tmp_path / "rules.cdb"))
    assert not out.failed and [f["code"] for f in out.result["findings"]] == [], out.result
    assert out.result["rules"][0]["env"] == {"GREETING": "Grüße"}
    (tmp_path / "rules").write_bytes(text.replace("Grüße", "Grüsse").encode("utf-8"))
    _touch(str(tmp_path / "rules"), 1000000000)
    out = modrun.run(tcprules_check, path=str(tmp_path / "rules"), cdb=str(tmp_path / "rules.cdb"))
    assert [f["code"] for f in out.result["findings"]] == ["tcprules-cdb-differs"]


@pytest.mark.parametrize("line", [
    "1.2.3.4:permit", "1.2.3.4:allow,X=bar", "1.2.3.4:allow junk", "1.2.3.x-5:allow", "1.2.3.4:allow\r",
    "1.2.3.4:allowed", "1.2.3.4:allow,X", "1.2.3.4:deny,A=\"1\"", "no colon", "1.2.3.-5:allow",
    "  1.2.3.4:allow  ", "# 1.2.3.4:junk", "5.5.5.5:allow,Z=xabcx",
])
def test_real_tcprules_accepts_what_we_accept(tmp_path, line):
    rc, _cdb = _compile(tmp_path, line + "\n")
    rules = parse_rules(line + "\n")
    assert (rc == 0) == all(r.ok for r in rules), line
    assert rc in (0, 100)


# --- module ---------------------------------------------------------------------------


def run_module(monkeypatch, **args):
    return modrun.run(tcprules_check, **args)


def test_module(monkeypatch, tmp_path):
    out = run_module(monkeypatch, content=COURSE, query=["127.0.0.1", "192.168.0.101", "203.0.113.9"])
    assert not out.failed
    assert [(m["key"], m["line"], m["env"]) for m in out.result["matches"]] == [
        ("127.0.0.1", 1, {"RELAYCLIENT": ""}), ("192.168.0.", 2, {"RELAYCLIENT": ""}), ("", 3, {})]
    assert out.result["rules"][1]["keys"] == ["192.168.0."]
    bad = run_module(monkeypatch, content=":allow,RELAYCLIENT=\"\"\n")
    assert bad.failed and bad.result["findings"][0]["code"] == "tcprules-open-relay"
    rules = tmp_path / "tcp.smtp"
    rules.write_text(COURSE)
    stale = run_module(monkeypatch, path=str(rules), cdb=str(tmp_path / "tcp.smtp.cdb"))
    assert stale.failed and [f["code"] for f in stale.result["findings"]] == ["tcprules-cdb-missing"]
    nocdb_path = run_module(monkeypatch, content=COURSE, cdb=str(tmp_path / "x.cdb"))
    assert nocdb_path.failed and "path" in nocdb_path.result["msg"]


def test_unreachable_relay_rule_grants_nothing():
    found = check_rules(parse_rules(COURSE + ":allow,RELAYCLIENT=\"\"\n"))
    assert [(f.code, f.line) for f in found] == [("tcprules-unreachable", 4)]
