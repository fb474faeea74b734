# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for module_utils/zone.py and the zone_check module."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

import modrun

from ansible_collections.serverlab.course.plugins.module_utils import zone as z

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "dns")
ORIGIN = "example.com"
REVERSE = "0.168.192.in-addr.arpa"


def fixture(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as handle:
        return handle.read()


GOOD = fixture("db.example")
GOOD_REVERSE = fixture("db.192.168.0")

# Lines of db.example, for readable assertions.
L_SOA, L_NS, L_MX, L_H2G, L_NSA, L_MAILA, L_WWW, L_PC1 = 2, 8, 9, 10, 11, 12, 13, 14


def mutate(text, old, new):
    assert old in text, "fixture changed: %r not found" % old
    return text.replace(old, new, 1)


def check(text, origin=ORIGIN, path="db.example"):
    return z.check_zone(z.parse_zone(text, origin, path))


def codes(findings):
    return [f.code for f in findings]


def only(findings, code):
    found = [f for f in findings if f.code == code]
    assert len(found) == 1, "expected one %s finding, got %r" % (code, findings)
    return found[0]


# ---------------------------------------------------------------- the good course zone


def test_good_zone_passes_all_checks():
    forward = z.parse_zone(GOOD, ORIGIN, "db.example")
    reverse = z.parse_zone(GOOD_REVERSE, REVERSE, "db.192.168.0")
    assert z.check_zone(forward) == []
    assert z.check_zone(reverse) == []
    assert z.check_reverse(forward, [reverse]) == []
    assert z.check_serial(forward, 2024010100) == []
    assert forward.serial == 2024010101
    assert len(forward.zone_records()) == 8
    assert len(reverse.zone_records()) == 4


def test_records_carry_line_numbers_absolute_names_and_ttls():
    zone = z.parse_zone(GOOD, ORIGIN, "db.example")
    by_type = {(r.name, r.type): r for r in zone.records}
    soa = by_type[("example.com.", "SOA")]
    assert soa.line == L_SOA  # a record spanning lines 2-7 starts on line 2
    assert soa.rdata.minimum == 86400
    assert by_type[("example.com.", "NS")].line == L_NS
    mx = by_type[("example.com.", "MX")]
    assert (mx.line, mx.target, mx.value) == (L_MX, "mail.example.com.", "10 mail.example.com.")
    www = by_type[("www.example.com.", "CNAME")]
    assert (www.line, www.target, www.ttl) == (L_WWW, "h2g.example.com.", 86400)
    assert by_type[("pc1.example.com.", "A")].line == L_PC1
    assert [r.value for r in zone.find("h2g.example.com", "A")] == ["192.168.0.10"]
    assert zone.find("nothere.example.com.") == []


def test_origin_directive_ttl_units_and_class_ttl_order():
    text = (
        "$TTL 1D\n"
        "@ IN SOA ns root 1 3600 900 604800 86400\n"
        "  IN NS ns\n"
        "ns IN 3600 A 192.168.0.10\n"
        "$ORIGIN sub.example.com.\n"
        "host 2H IN A 192.168.0.20\n"
    )
    zone = z.parse_zone(text, "example.com.", "db.example")
    assert z.check_zone(zone) == []
    host = zone.find("host.sub.example.com.", "A")[0]
    assert (host.line, host.ttl) == (6, 7200)
    assert zone.find("ns.example.com", "A")[0].ttl == 3600
    assert zone.find("example.com", "NS")[0].ttl == 86400
    assert zone.soa_records()[0].rdata.rname.to_text() == "root.example.com."


# ---------------------------------------------------------------- $TTL


def test_missing_ttl_is_an_error_on_the_first_record_line_with_binds_message():
    text = mutate(GOOD, "$TTL 86400\n", "")
    finding = only(check(text, path="/var/named/db.example"), "no-ttl")
    assert finding.is_error
    assert finding.line == 1
    assert "db.example:1: no TTL specified; using SOA MINTTL instead" in finding.message
    assert "$TTL 86400" in finding.fix and "line 1" in finding.fix
    # The parser itself accepts such a zone (the TTL comes from the SOA minimum):
    zone = z.parse_zone(text, ORIGIN)
    assert zone.serial == 2024010101 and all(r.ttl == 86400 for r in zone.records)


def test_ttl_after_the_first_record_still_counts_as_missing():
    text = mutate(GOOD, "$TTL 86400\n", "; zone for example.com\n")
    text = mutate(text, "h2g     IN", "$TTL 3600\nh2g     IN")
    finding = only(check(text), "no-ttl")
    assert finding.line == 2
    assert "only comes on line 10" in finding.message


def test_origin_directive_is_not_a_ttl():
    text = "$ORIGIN example.com.\n" + mutate(GOOD, "$TTL 86400\n", "")
    assert only(check(text), "no-ttl").line == 2


def test_ttl_after_comments_and_origin_is_fine():
    text = "; example.com\n$ORIGIN example.com.\n" + GOOD
    assert "no-ttl" not in codes(check(text))


# ---------------------------------------------------------------- SOA and NS


def test_no_soa():
    text = "$TTL 86400\n@ IN NS ns\nns IN A 192.168.0.10\n"
    finding = only(check(text), "no-soa")
    assert finding.is_error and "has no SOA record" in finding.message
    assert "IN SOA" in finding.fix


def test_second_soa_is_reported_on_its_line():
    text = GOOD + "@ IN SOA ns.example.com. root.example.com. 2 3 4 5 6\n"
    finding = only(check(text), "multiple-soa")
    assert finding.line == 15
    assert "first is on line 2" in finding.message


def test_soa_away_from_the_origin():
    text = mutate(GOOD, "@       IN  SOA", "sub     IN  SOA")
    findings = check(text)
    assert only(findings, "soa-not-at-origin").line == L_SOA
    assert "no-soa" in codes(findings)


def test_no_ns_at_origin():
    text = mutate(GOOD, "        IN  NS    ns.example.com.\n", "")
    finding = only(check(text), "no-ns")
    assert finding.is_error and "has no NS records" in finding.message


def test_soa_contact_with_at_sign_is_a_warning():
    text = mutate(GOOD, "root.example.com.", "root@example.com.")
    finding = only(check(text), "soa-rname-at")
    assert not finding.is_error
    assert "root.example.com." in finding.fix


# ---------------------------------------------------------------- NS / MX targets


def test_ns_target_without_address():
    text = mutate(GOOD, "ns      IN  A     192.168.0.10\n", "")
    finding = only(check(text), "ns-target-no-address")
    assert finding.line == L_NS
    assert "ns.example.com." in finding.message and "no A record" in finding.message


def test_mx_target_without_address():
    text = mutate(GOOD, "mail    IN  A     192.168.0.10\n", "")
    finding = only(check(text), "mx-target-no-address")
    assert finding.line == L_MX
    assert "mail.example.com." in finding.message and "`mail IN A" in finding.fix


def test_out_of_zone_targets_are_fine():
    text = mutate(GOOD, "10 mail.example.com.", "10 mx.provider.example.net.")
    assert check(text) == []


def test_mx_and_ns_pointing_at_a_cname():
    text = mutate(GOOD, "mail    IN  A     192.168.0.10\n", "mail    IN  CNAME h2g\n")
    finding = only(check(text), "mx-target-cname")
    assert finding.line == L_MX and "alias" in finding.message and "line 12" in finding.message
    text = mutate(GOOD, "ns      IN  A     192.168.0.10\n", "ns      IN  CNAME h2g\n")
    assert only(check(text), "ns-target-cname").line == L_NS


def test_mx_target_written_without_trailing_dot_ends_with_the_origin_twice():
    text = mutate(GOOD, "10 mail.example.com.", "10 mail.example.com")
    findings = check(text)
    finding = only(findings, "missing-trailing-dot")
    assert finding.is_error and finding.line == L_MX
    assert "mail.example.com.example.com." in finding.message
    assert "`mail.example.com.`" in finding.fix
    # the cause is reported, not its consequence
    assert "mx-target-no-address" not in codes(findings)


def test_owner_written_without_trailing_dot():
    text = GOOD + "test.example.com IN A 192.168.0.11\n"
    finding = only(check(text), "missing-trailing-dot")
    assert finding.line == 15 and "test.example.com.example.com." in finding.message


def test_full_name_of_another_domain_without_dot_is_a_warning():
    text = mutate(GOOD, "10 mail.example.com.", "10 mx.provider.net")
    finding = only(check(text), "missing-trailing-dot")
    assert not finding.is_error and "mx.provider.net.example.com." in finding.message


def test_mx_written_as_an_address():
    text = mutate(GOOD, "10 mail.example.com.", "10 192.168.0.10")
    findings = check(text)
    finding = only(findings, "target-is-address")
    assert finding.line == L_MX and "192.168.0.10.example.com." in finding.message
    assert "mx-target-no-address" not in codes(findings)


# ---------------------------------------------------------------- CNAME


def test_cname_beside_other_data():
    text = GOOD + "www IN A 192.168.0.10\n"
    finding = only(check(text), "cname-and-other-data")
    # reported where the conflict appears, as BIND does; both lines are named
    assert finding.line == 15 and "CNAME (line 13)" in finding.message and "A (line 15)" in finding.message
    text = mutate(GOOD, "www     IN  CNAME h2g\n", "www IN A 192.168.0.10\nwww IN CNAME h2g\n")
    assert only(check(text), "cname-and-other-data").line == 14


def test_cname_at_the_apex():
    text = GOOD + "@ IN CNAME h2g\n"
    findings = check(text)
    assert only(findings, "cname-at-apex").line == 15
    assert "cname-and-other-data" not in codes(findings)


def test_two_cnames_for_one_name():
    text = GOOD + "www IN CNAME pc1\n"
    assert only(check(text), "multiple-cname").line == 15


def test_cname_leading_nowhere():
    text = mutate(GOOD, "CNAME h2g", "CNAME h2gg")
    finding = only(check(text), "cname-target-missing")
    assert finding.line == L_WWW and "h2gg.example.com." in finding.message


# ---------------------------------------------------------------- other checks


def test_names_outside_the_origin():
    text = GOOD + "www.example.org. IN A 192.168.0.50\n"
    finding = only(check(text), "out-of-zone")
    assert finding.line == 15 and "ignoring out-of-zone data" in finding.message


def test_duplicate_record_is_a_warning():
    text = GOOD + "pc1 IN A 192.168.0.101\n"
    finding = only(check(text), "duplicate-record")
    assert not finding.is_error and finding.line == 15 and "line 14" in finding.message


def test_owner_in_first_column_named_in():
    text = GOOD + "IN A 192.168.0.12\n"
    assert only(check(text), "owner-is-keyword").line == 15


def test_include_is_not_followed_but_said_so():
    text = GOOD + "$INCLUDE /etc/bind/extra.db\n"
    finding = only(check(text), "directive-not-checked")
    assert finding.line == 15 and not finding.is_error


# ---------------------------------------------------------------- syntax errors


def test_syntax_error_has_line_number_and_the_record():
    text = mutate(GOOD, "192.168.0.101", "192.168.0.999")
    finding = only(check(text), "syntax-error")
    assert finding.line == L_PC1
    assert "192.168.0.999" in finding.message and "IPv4" in finding.message
    assert "named-checkzone example.com db.example" in finding.fix


def test_syntax_error_inside_multiline_soa_points_at_the_bad_line():
    text = mutate(GOOD, "2024010101 ; serial", "2024O10101 ; serial")
    findings = check(text)
    finding = only(findings, "syntax-error")
    assert finding.line == 3
    assert "starts on line 2" in finding.message and "2024O10101" in finding.message
    # the broken SOA does not also turn into "no SOA"
    assert "no-soa" not in codes(findings)
    # parsing went on after the broken SOA
    assert "multiple-soa" not in codes(findings)


def test_several_syntax_errors_are_all_reported():
    text = GOOD + 'foo IN AA 1.2.3.4\nbar IN A 1.2.3.4\nbaz IN TXT "unterminated\nqux IN MX ten mail\n'
    findings = check(text)
    assert [(f.code, f.line) for f in findings if f.is_error] == [
        ("syntax-error", 15),
        ("syntax-error", 17),
        ("syntax-error", 18),
    ]
    assert "Unknown record type 'AA'" in findings[0].message
    zone = z.parse_zone(text, ORIGIN)
    assert [r.line for r in zone.find("bar.example.com")] == [16]


def test_first_record_without_owner():
    text = "$TTL 86400\n   IN A 192.168.0.10\n"
    finding = [f for f in check(text) if f.code == "syntax-error"][0]
    assert finding.line == 2 and "no current owner name" in finding.message


def test_unbalanced_parenthesis():
    text = mutate(GOOD, "86400 )    ; minimum", "86400      ; minimum")
    findings = check(text)
    assert findings and findings[0].code == "syntax-error"


# ---------------------------------------------------------------- reverse zones


def parse_pair(forward=GOOD, reverse=GOOD_REVERSE):
    return z.parse_zone(forward, ORIGIN, "db.example"), z.parse_zone(reverse, REVERSE, "db.192.168.0")


def test_a_without_ptr_is_reported_on_the_a_record():
    forward, reverse = parse_pair(reverse=mutate(GOOD_REVERSE, "101     IN  PTR   pc1.example.com.\n", ""))
    finding = only(z.check_reverse(forward, [reverse]), "a-without-ptr")
    assert (finding.path, finding.line) == ("db.example", L_PC1)
    assert "192.168.0.101" in finding.message and "dig -x 192.168.0.101" in finding.message
    assert "`101 IN PTR pc1.example.com.`" in finding.fix


def test_names_sharing_an_address_need_one_ptr():
    forward, reverse = parse_pair()
    # h2g, ns and mail are all 192.168.0.10; one PTR (to h2g) serves them all
    assert z.check_reverse(forward, [reverse]) == []


def test_ptr_to_a_name_with_another_address():
    forward, reverse = parse_pair(reverse=GOOD_REVERSE + "102 IN PTR pc1.example.com.\n")
    finding = only(z.check_reverse(forward, [reverse]), "ptr-without-a")
    assert (finding.path, finding.line) == ("db.192.168.0", 7)
    assert "192.168.0.101" in finding.message and "not 192.168.0.102" in finding.message


def test_ptr_to_an_alias():
    forward, reverse = parse_pair(reverse=mutate(GOOD_REVERSE, "PTR   h2g.example.com.", "PTR   www.example.com."))
    finding = only(z.check_reverse(forward, [reverse]), "ptr-without-a")
    assert finding.line == 5 and "alias" in finding.message and "h2g.example.com." in finding.fix


def test_ptr_to_a_missing_name():
    forward, reverse = parse_pair(reverse=GOOD_REVERSE + "50 IN PTR pc9.example.com.\n")
    finding = only(z.check_reverse(forward, [reverse]), "ptr-without-a")
    assert "no A record" in finding.message and "pc9 IN A 192.168.0.50" in finding.fix


def test_ptr_target_without_trailing_dot():
    reverse_text = mutate(GOOD_REVERSE, "PTR   h2g.example.com.", "PTR   h2g.example.com")
    forward, reverse = parse_pair(reverse=reverse_text)
    finding = only(z.check_zone(reverse), "missing-trailing-dot")
    assert finding.line == 5 and "h2g.example.com.0.168.192.in-addr.arpa." in finding.message
    # one cause, one finding: the PTR for .10 exists, its target is what is wrong
    assert z.check_reverse(forward, [reverse]) == []


def test_ptr_owner_that_is_not_an_address():
    forward, reverse = parse_pair(reverse=GOOD_REVERSE + "h2g IN PTR h2g.example.com.\n")
    finding = only(z.check_reverse(forward, [reverse]), "ptr-name-not-address")
    assert finding.line == 7 and not finding.is_error


def test_addresses_outside_the_reverse_zones_are_ignored():
    forward, reverse = parse_pair(forward=GOOD + "far IN A 10.0.0.1\n")
    assert z.check_reverse(forward, [reverse]) == []


# ---------------------------------------------------------------- serial


def test_serial_lower_than_loaded():
    zone = z.parse_zone(GOOD, ORIGIN, "db.example")
    finding = only(z.check_serial(zone, 2024010102), "serial-decreased")
    assert finding.line == L_SOA and "2024010101" in finding.message and "2024010102" in finding.message


def test_serial_equal_or_higher_is_fine_without_old_content():
    zone = z.parse_zone(GOOD, ORIGIN)
    assert z.check_serial(zone, 2024010101) == []
    assert z.check_serial(zone, 2023123199) == []
    assert z.check_serial(zone, None) == []


def test_serial_unchanged_while_content_changed():
    old = z.parse_zone(GOOD, ORIGIN, "old")
    new = z.parse_zone(GOOD + "new IN A 192.168.0.20\n", ORIGIN, "db.example")
    finding = only(z.check_serial(new, old=old), "serial-unchanged")
    assert "zone serial (2024010101) unchanged" in finding.message
    # same content, same serial: nothing to say
    assert z.check_serial(z.parse_zone(GOOD, ORIGIN), old=old) == []
    # content and serial changed: fine
    bumped = mutate(GOOD + "new IN A 192.168.0.20\n", "2024010101", "2024010102")
    assert z.check_serial(z.parse_zone(bumped, ORIGIN), old=old) == []


def test_serial_arithmetic_wraps_like_rfc1982():
    zone = z.parse_zone(mutate(GOOD, "2024010101", "5"), ORIGIN)
    assert z.check_serial(zone, 4294967290) == []  # 5 follows 4294967290 after the wrap
    assert codes(z.check_serial(zone, 6)) == ["serial-decreased"]


def test_soa_serial_helper():
    assert z.soa_serial(GOOD, "example.com.") == 2024010101
    assert z.soa_serial("$TTL 1\n@ IN NS ns\n", "example.com") is None


# ---------------------------------------------------------------- packaging


def test_module_utils_imports_without_dnspython():
    code = (
        "import sys; sys.modules['dns'] = None; sys.path.insert(0, %r)\n"
        "from ansible_collections.serverlab.course.plugins.module_utils import zone\n"
        "try:\n    zone.parse_zone('', 'example.com')\nexcept ImportError:\n    print('lazy')\n"
    ) % os.path.join(ROOT, "collections")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "lazy"


# ---------------------------------------------------------------- the module


def run_module(args):
    """Run zone_check's main() in-process; returns (failed, result)."""
    from ansible_collections.serverlab.course.plugins.modules import zone_check

    outcome = modrun.run(zone_check, **args)
    return outcome.failed, outcome.result


def test_module_good_zone_with_reverse(tmp_path):
    failed, result = run_module(
        {
            "path": os.path.join(FIXTURES, "db.example"),
            "origin": ORIGIN,
            "reverse_zones": [{"origin": REVERSE, "path": os.path.join(FIXTURES, "db.192.168.0")}],
            "old_serial": 2024010100,
            "_ansible_check_mode": True,
        }
    )
    assert not failed
    assert (result["errors"], result["warning_count"], result["serial"], result["records"]) == (0, 0, 2024010101, 8)
    assert result["findings"] == [] and result["changed"] is False
    assert result["summary"].startswith("example.com.: 8 records, serial 2024010101, 1 reverse zone")


def test_module_candidate_content_fails_with_line_numbers(tmp_path):
    live = tmp_path / "db.example"
    live.write_text(GOOD)
    failed, result = run_module(
        {"content": mutate(GOOD, "$TTL 86400\n", ""), "path": str(live), "origin": ORIGIN, "old_path": str(live)}
    )
    assert failed
    assert [(f["code"], f["line"], f["path"]) for f in result["findings"]] == [("no-ttl", 1, str(live))]
    assert "no TTL specified" in result["msg"]


def test_module_report_only(tmp_path):
    failed, result = run_module({"content": "garbage\n", "origin": ORIGIN, "fail_on_error": False})
    assert not failed and result["errors"] >= 1 and result["serial"] is None


def test_module_reverse_zone_needs_path_or_content():
    failed, result = run_module({"content": GOOD, "origin": ORIGIN, "reverse_zones": [{"origin": REVERSE}]})
    assert failed and "path, content found in reverse_zones" in result["msg"]


# ---------------------------------------------------------------- against BIND itself

NAMED_CHECKZONE = shutil.which("named-checkzone")

# Mistakes BIND refuses too: both verdicts must agree, and BIND must name the same line.
BIND_REFUSES = {
    "no-soa": ("$TTL 86400\n@ IN NS ns\nns IN A 192.168.0.10\n", None),
    "multiple-soa": (GOOD + "@ IN SOA ns.example.com. root.example.com. 2 3 4 5 6\n", 15),
    "no-ns": (mutate(GOOD, "        IN  NS    ns.example.com.\n", ""), None),
    "ns-target-no-address": (mutate(GOOD, "ns      IN  A     192.168.0.10\n", ""), None),
    "ns-target-cname": (mutate(GOOD, "ns      IN  A     192.168.0.10\n", "ns IN CNAME h2g\n"), None),
    "cname-and-other-data": (GOOD + "www IN A 192.168.0.10\n", 15),
    "cname-at-apex": (GOOD + "@ IN CNAME h2g\n", 15),
    "syntax-error": (mutate(GOOD, "192.168.0.101", "192.168.0.999"), L_PC1),
}
# Mistakes BIND loads (with or without a warning) but the course refuses: BIND's
# output must contain the message we quote, where we quote one.
BIND_WARNS = {
    "no-ttl": (mutate(GOOD, "$TTL 86400\n", ""), "no TTL specified; using SOA MINTTL instead"),
    "out-of-zone": (GOOD + "www.example.org. IN A 192.168.0.50\n", "ignoring out-of-zone data"),
    "mx-target-no-address": (mutate(GOOD, "mail    IN  A     192.168.0.10\n", ""), "has no address records"),
    "mx-target-cname": (mutate(GOOD, "mail    IN  A     192.168.0.10\n", "mail IN CNAME h2g\n"), "is a CNAME"),
    "missing-trailing-dot": (
        mutate(GOOD, "10 mail.example.com.", "10 mail.example.com"),
        "mail.example.com.example.com",
    ),
    "target-is-address": (mutate(GOOD, "10 mail.example.com.", "10 192.168.0.10"), "MX is an address"),
    "cname-target-missing": (mutate(GOOD, "CNAME h2g", "CNAME h2gg"), None),
}


def named_checkzone(tmp_path, text, origin=ORIGIN):
    path = tmp_path / "db.zone"
    path.write_text(text)
    proc = subprocess.run([NAMED_CHECKZONE, origin, str(path)], capture_output=True, text=True, check=False)
    return proc.returncode, proc.stdout + proc.stderr


def test_bind_agrees_on_the_good_zones(tmp_path):
    assert named_checkzone(tmp_path, GOOD)[0] == 0
    assert named_checkzone(tmp_path, GOOD_REVERSE, REVERSE)[0] == 0


@pytest.mark.parametrize("code", sorted(BIND_REFUSES))
def test_bind_refuses_what_we_call_an_error(tmp_path, code):
    text, line = BIND_REFUSES[code]
    ours = [f for f in check(text) if f.is_error]
    assert code in codes(ours)
    rc, output = named_checkzone(tmp_path, text)
    assert rc != 0, output
    if line is not None:
        assert re.search(r"db\.zone:%d: " % line, output), output
        assert only(ours, code).line == line


@pytest.mark.parametrize("code", sorted(BIND_WARNS))
def test_bind_loads_what_the_course_refuses(tmp_path, code):
    text, phrase = BIND_WARNS[code]
    assert code in codes(f for f in check(text) if f.is_error)
    rc, output = named_checkzone(tmp_path, text)
    assert rc == 0, output
    if phrase:
        assert phrase in output
