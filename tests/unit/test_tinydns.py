# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for module_utils/tinydns.py and the tinydns_data_check module."""

from __future__ import annotations

import modrun

import os
import time

from ansible_collections.serverlab.course.plugins.module_utils import tinydns as t

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "dns")
with open(os.path.join(FIXTURES, "data"), encoding="utf-8") as _handle:
    GOOD = _handle.read()

# Lines of fixtures/dns/data.
L_DOT, L_REV, L_H2G, L_MAIL, L_MX, L_WWW, L_PC1, L_TXT = 2, 3, 4, 5, 6, 7, 8, 9
NEXT = 10  # the first line appended by a test


def mutate(text, old, new):
    assert old in text, "fixture changed: %r not found" % old
    return text.replace(old, new, 1)


def check(text, path="data"):
    return t.check_data(t.parse_data(text, path))


def codes(findings):
    return [f.code for f in findings]


def only(findings, code):
    found = [f for f in findings if f.code == code]
    assert len(found) == 1, "expected one %s finding, got %r" % (code, findings)
    return found[0]


# ---------------------------------------------------------------- tinydns-data primitives


def test_scan_ulong_and_ip4_scan_read_like_djb():
    assert t.scan_ulong("86400") == (86400, 5)
    assert t.scan_ulong("1d") == (1, 1)
    assert t.scan_ulong("abc") == (0, 0)
    assert t.ip4_scan("192.168.0.10") == (192, 168, 0, 10)
    assert t.ip4_scan("192.168.0.300") == (192, 168, 0, 44)  # 300 & 0xff
    assert t.ip4_scan("192.168.0.10.5") == (192, 168, 0, 10)
    assert t.ip4_scan("192.168.0") is None
    assert t.ip4_scan("ns.example.com") is None


def test_domain_fromdot_skips_empty_labels_and_reads_octal_escapes():
    assert t.domain_fromdot("example.com.") == (["example", "com"], None)
    assert t.domain_fromdot(".ns.example.com") == (["ns", "example", "com"], None)
    assert t.domain_fromdot("a\\056b.example.com") == (["a.b", "example", "com"], None)
    assert t.domain_fromdot("") == ([], None)
    labels, problem = t.domain_fromdot("x" * 64 + ".com")
    assert labels is None and "63" in problem


# ---------------------------------------------------------------- the good course data


def test_good_data_passes():
    data = t.parse_data(GOOD, "/etc/tinydns/root/data")
    assert t.check_data(data) == []
    assert len(data.records) == 13


def test_records_expand_lines_like_tinydns_data():
    data = t.parse_data(GOOD)
    soa = data.records_for("example.com", "SOA")[0]
    assert soa.value == "ns.example.com hostmaster.example.com (mtime) 16384 2048 1048576 2560"
    assert (soa.ttl, soa.line) == (2560, L_DOT)
    ns = data.records_for("EXAMPLE.COM.", "NS")[0]
    assert (ns.value, ns.ttl, ns.line) == ("ns.example.com", 259200, L_DOT)
    glue = data.records_for("ns.example.com", "A")[0]
    assert (glue.value, glue.derived, glue.line) == ("192.168.0.10", True, L_DOT)
    ptr = data.records_for("10.0.168.192.in-addr.arpa", "PTR")[0]
    assert (ptr.value, ptr.derived, ptr.line, ptr.ttl) == ("h2g.example.com", True, L_H2G, 86400)
    mx = data.records_for("example.com", "MX")[0]
    assert (mx.value, mx.target, mx.line) == ("10 mail.example.com", "mail.example.com", L_MX)
    assert data.records_for("mail.example.com", "A")[0].derived is False
    assert [r.value for r in data.records_for("www.example.com")] == ["h2g.example.com"]
    assert data.records_for("example.com", "TXT")[0].value == "v=spf1 mx -all"
    assert data.records_for("nothere.example.com") == []


def test_comments_disabled_lines_blank_lines_and_trailing_blanks_are_ignored():
    text = (
        GOOD
        + "# +old.example.com:192.168.0.99\n"
        + "-pc2.example.com:192.168.0.102\n"
        + "\n   \n"
        + "+pc3.example.com:192.168.0.103:600 \t\n"
    )
    data = t.parse_data(text)
    assert t.check_data(data) == []
    assert data.disabled == 1
    assert data.records_for("pc2.example.com") == []
    assert data.records_for("pc3.example.com", "A")[0].ttl == 600


def test_all_line_types_parse():
    text = GOOD + (
        "&sub.example.com:192.168.0.30:ns.sub.example.com\n"
        "Zexample.org:ns.example.com:hostmaster.example.com:2024010101:3600:900:604800:300:600\n"
        "&example.org::ns.example.com\n"
        "^20.0.168.192.in-addr.arpa:mail.example.com\n"
        ":h2g.example.com:28:\\376\\200\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\001\n"
        ":example.com:16:\\011hello\\072x\n"
        "%in:192.168.0\n"
        "+pc4.example.com:192.168.0.104:::in\n"
        "'example.com:a\\072b c\n"
    )
    data = t.parse_data(text)
    assert codes(t.check_data(data)) == ["ptr-without-a"]  # ^ for .20 while mail has .10
    org = data.records_for("example.org", "SOA")[0]
    assert org.value == "ns.example.com hostmaster.example.com 2024010101 3600 900 604800 300"
    assert org.ttl == 600
    assert data.records_for("h2g.example.com", "AAAA")[0].value == "fe80::1"
    assert data.records_for("example.com", "TXT")[1].value == "\\# 8 0968656c6c6f3a78"
    assert data.records_for("pc4.example.com")[0].location == "in"
    assert data.locations == {"in": NEXT + 6}
    assert data.records_for("example.com", "TXT")[2].value == "a:b c"
    assert data.records_for("ns.sub.example.com", "A")[0].derived


# ---------------------------------------------------------------- consistency mistakes


def test_equals_and_caret_for_the_same_address_make_a_duplicate_ptr():
    text = GOOD + "^10.0.168.192.in-addr.arpa:h2g.example.com\n"
    finding = only(check(text), "duplicate-ptr")
    assert finding.is_error and finding.line == NEXT
    assert "192.168.0.10 has 2 PTR records" in finding.message and "line %d" % L_H2G in finding.message


def test_two_equals_lines_for_one_address():
    text = GOOD + "=ns2.example.com:192.168.0.10\n"
    finding = only(check(text), "duplicate-ptr")
    assert finding.line == NEXT and "`+` for its other names" in finding.fix


def test_empty_mail_host_field_invents_mx_name():
    text = mutate(GOOD, "@example.com::mail.example.com:10:86400", "@example.com::::86400")
    findings = check(text)
    invented = only(findings, "invented-name")
    assert not invented.is_error and invented.line == L_MX
    assert "mx.example.com" in invented.message
    target = only(findings, "mx-target-no-address")
    assert target.line == L_MX and "mx.example.com" in target.message
    data = t.parse_data(text)
    assert data.records_for("example.com", "MX")[0].value == "0 mx.example.com"


def test_single_letter_fields_invent_a_ns_and_a_mx_names():
    text = mutate(GOOD, ".example.com:192.168.0.10:ns.example.com:259200", ".example.com:192.168.0.10:a:259200")
    text = mutate(text, "@example.com::mail.example.com:10:86400", "@example.com::a:10")
    data = t.parse_data(text)
    assert data.records_for("example.com", "NS")[0].value == "a.ns.example.com"
    assert data.records_for("a.ns.example.com", "A")[0].value == "192.168.0.10"
    assert data.records_for("example.com", "MX")[0].value == "10 a.mx.example.com"
    findings = t.check_data(data)
    invented = [f for f in findings if f.code == "invented-name"]
    assert [(f.line, "stray a.ns." in f.message or "stray a.mx." in f.message) for f in invented] == [
        (L_DOT, True),
        (L_MX, True),
    ]
    assert "mail.example.com" in invented[1].fix
    assert only(findings, "mx-target-no-address").line == L_MX  # a.mx.example.com has no address


def test_ns_target_without_address():
    text = mutate(GOOD, ".example.com:192.168.0.10:ns.example.com:259200", ".example.com::ns.example.com:259200")
    findings = [f for f in check(text) if f.code == "ns-target-no-address"]
    assert [f.line for f in findings] == [L_DOT, L_REV]
    assert "`.example.com:192.168.0.10:ns.example.com`" in findings[0].fix


def test_mx_target_without_address():
    text = mutate(GOOD, "+mail.example.com:192.168.0.10:86400\n", "")
    finding = only(check(text), "mx-target-no-address")
    assert finding.line == L_MX - 1 and "mail for example.com cannot be delivered" in finding.message


def test_targets_outside_our_domains_need_no_address():
    text = mutate(GOOD, "@example.com::mail.example.com:10:86400", "@example.com::mx.provider.net:10")
    assert check(text) == []


def test_mx_pointing_at_an_alias():
    text = mutate(GOOD, "+mail.example.com:192.168.0.10:86400\n", "Cmail.example.com:h2g.example.com\n")
    finding = only(check(text), "mx-target-cname")
    assert finding.line == L_MX and "alias" in finding.message


def test_cname_beside_other_data():
    text = GOOD + "+www.example.com:192.168.0.10\n"
    finding = only(check(text), "cname-and-other-data")
    assert finding.line == L_WWW and "A (line %d)" % NEXT in finding.message


def test_second_dot_line_makes_a_second_soa():
    text = GOOD + ".example.com:192.168.0.11:ns2.example.com\n"
    finding = only(check(text), "multiple-soa")
    assert finding.line == NEXT and "&example.com" in finding.fix


def test_ns_without_soa_is_only_a_referral():
    text = GOOD + "&example.net::ns.example.com\n+www.example.net:192.168.0.40\n"
    finding = only(check(text), "no-soa")
    assert finding.line == NEXT and not finding.is_error


def test_records_outside_every_dot_line_are_not_served():
    text = GOOD + "+www.example.org:192.168.0.50\n"
    finding = only(check(text), "not-served")
    assert finding.is_error and finding.line == NEXT and "www.example.org" in finding.message


def test_equals_without_reverse_zone_warns_about_the_ptr():
    text = mutate(GOOD, ".0.168.192.in-addr.arpa::ns.example.com:259200\n", "")
    findings = check(text)
    assert [(f.code, f.line, f.is_error) for f in findings] == [
        ("ptr-not-served", L_H2G - 1, False),
        ("ptr-not-served", L_PC1 - 1, False),
    ]
    assert ".0.168.192.in-addr.arpa::" in findings[0].fix


def test_ptr_name_written_as_the_address():
    text = GOOD + "^192.168.0.50:h2g.example.com\n"
    finding = only(check(text), "ptr-name-is-address")
    assert finding.line == NEXT and "^50.0.168.192.in-addr.arpa:h2g.example.com" in finding.fix


def test_ptr_disagreeing_with_the_a_record():
    text = GOOD + "^50.0.168.192.in-addr.arpa:h2g.example.com\n"
    finding = only(check(text), "ptr-without-a")
    assert finding.line == NEXT and "192.168.0.10, not 192.168.0.50" in finding.message


def test_duplicate_address_from_dot_line_and_plus_line():
    text = GOOD + "+ns.example.com:192.168.0.10\n"
    finding = only(check(text), "duplicate-record")
    assert not finding.is_error and finding.line == NEXT and "line %d" % L_DOT in finding.message
    assert "ip field empty" in finding.fix


# ---------------------------------------------------------------- field validation


def test_ttl_with_a_unit_is_read_as_its_leading_digits():
    text = mutate(GOOD, "=pc1.example.com:192.168.0.101:86400", "=pc1.example.com:192.168.0.101:1d")
    finding = only(check(text), "bad-ttl")
    assert finding.line == L_PC1 and "uses 1" in finding.message and "86400" in finding.fix
    assert t.parse_data(text).records_for("pc1.example.com", "A")[0].ttl == 1


def test_non_numeric_ttl_falls_back_to_the_default():
    text = mutate(GOOD, "=pc1.example.com:192.168.0.101:86400", "=pc1.example.com:192.168.0.101:abc")
    assert "uses 86400" in only(check(text), "bad-ttl").message


def test_out_of_range_address_is_read_modulo_256():
    text = mutate(GOOD, "192.168.0.101", "192.168.0.300")
    finding = only(check(text), "bad-ip")
    assert finding.line == L_PC1 and "192.168.0.44" in finding.message
    assert t.parse_data(text).records_for("pc1.example.com", "A")[0].value == "192.168.0.44"


def test_swapped_ip_and_name_fields():
    text = mutate(GOOD, ".example.com:192.168.0.10:ns.example.com:259200", ".example.com:ns.example.com:192.168.0.10")
    findings = check(text)
    assert only(findings, "bad-ip").line == L_DOT
    finding = only(findings, "target-is-address")
    assert finding.line == L_DOT and "`.example.com:192.168.0.10:ns.example.com`" in finding.fix


def test_missing_address_on_equals_line():
    finding = only(check(GOOD + "=pc5.example.com\n"), "missing-ip")
    assert finding.line == NEXT and "silently creates nothing" in finding.message


def test_mx_distance_range():
    text = mutate(GOOD, ":mail.example.com:10:", ":mail.example.com:70000:")
    finding = only(check(text), "bad-distance")
    assert finding.line == L_MX and "4464" in finding.message
    text = mutate(GOOD, ":mail.example.com:10:", ":mail.example.com:ten:")
    assert "uses 0" in only(check(text), "bad-distance").message


def test_unknown_leading_characters_stop_tinydns_data():
    finding = only(check(GOOD + " +x.example.com:192.168.0.11\n"), "unknown-line-type")
    assert (
        finding.line == NEXT
        and "space or tab" in finding.message
        and "unrecognized leading character" in finding.message
    )
    finding = only(check(GOOD + "6x.example.com:fe800000000000000000000000000001\n"), "unknown-line-type")
    assert "IPv6" in finding.message


def test_generic_lines_cannot_make_ns_and_check_their_rdata():
    finding = only(check(GOOD + ":example.com:2:\\002ns\\007example\\003com\\000\n"), "bad-type")
    assert finding.line == NEXT and "type NS prohibited" in finding.message
    finding = only(check(GOOD + ":h2g.example.com:28:\\376\\200\n"), "bad-rdata")
    assert "16 bytes" in finding.message
    assert codes(check(GOOD + ":h2g.example.com:AAAA:x\n")) == ["bad-type"]


def test_timestamp_location_and_extra_fields():
    finding = only(check(GOOD + "+t.example.com:192.168.0.12:86400:extra\n"), "bad-timestamp")
    assert finding.line == NEXT and "hex" in finding.message
    finding = only(check(GOOD + "+t.example.com:192.168.0.12:86400::in\n"), "unknown-location")
    assert not finding.is_error and "%in:" in finding.fix
    assert check(GOOD + "%in:192.168.0\n+t.example.com:192.168.0.12:86400::in\n") == []
    finding = only(check(GOOD + "+t.example.com:192.168.0.12:86400:::junk\n"), "extra-fields")
    assert "junk" in finding.message and "\\072" in finding.fix


def test_bad_names():
    finding = only(check(GOOD + "+h2g .example.com:192.168.0.10\n"), "bad-name")
    assert finding.line == NEXT and "space" in finding.message
    assert only(check(GOOD + "+:192.168.0.13\n"), "bad-name").line == NEXT
    assert only(check(GOOD + "+%s.example.com:192.168.0.13\n" % ("x" * 64)), "bad-name").line == NEXT
    assert only(check(GOOD + "+pc!.example.com:192.168.0.13\n"), "odd-name").line == NEXT


def test_windows_line_ends():
    findings = check(GOOD.replace("\n", "\r\n"))
    finding = only(findings, "crlf")
    assert finding.line == 1 and "CR LF" in finding.message and "sed -i" in finding.fix
    # one finding for the cause, not one per field that ends a line
    assert codes(findings) == ["crlf"]


# ---------------------------------------------------------------- data.cdb freshness


def write_root(tmp_path, data_age, cdb_age):
    root = tmp_path / "root"
    root.mkdir()
    data = root / "data"
    data.write_text(GOOD)
    now = time.time()
    os.utime(str(data), (now - data_age, now - data_age))
    if cdb_age is not None:
        cdb = root / "data.cdb"
        cdb.write_bytes(b"cdb")
        os.utime(str(cdb), (now - cdb_age, now - cdb_age))
    return str(data)


def test_cdb_built_after_data_is_fresh(tmp_path):
    assert t.check_cdb_fresh(write_root(tmp_path, data_age=3600, cdb_age=60)) == []


def test_data_edited_after_make_is_stale(tmp_path):
    data = write_root(tmp_path, data_age=60, cdb_age=3600)
    finding = only(t.check_cdb_fresh(data), "stale-cdb")
    assert finding.is_error and finding.path.endswith("data.cdb")
    assert "still serves the old records" in finding.message
    assert "cd %s && make" % os.path.dirname(data) in finding.fix


def test_missing_cdb_and_missing_data(tmp_path):
    data = write_root(tmp_path, data_age=60, cdb_age=None)
    assert only(t.check_cdb_fresh(data), "cdb-missing").is_error
    assert codes(t.check_cdb_fresh(str(tmp_path / "nothere" / "data"))) == ["data-missing"]


def test_explicit_cdb_path(tmp_path):
    data = write_root(tmp_path, data_age=3600, cdb_age=None)
    other = tmp_path / "other.cdb"
    other.write_bytes(b"cdb")
    assert t.check_cdb_fresh(data, str(other)) == []
    os.utime(str(other), (time.time() - 7200, time.time() - 7200))
    assert codes(t.check_cdb_fresh(data, str(other))) == ["stale-cdb"]


# ---------------------------------------------------------------- the module


def run_module(args):
    """Run tinydns_data_check's main() in-process; returns (failed, result)."""
    from ansible_collections.serverlab.course.plugins.modules import tinydns_data_check

    outcome = modrun.run(tinydns_data_check, **args)
    return outcome.failed, outcome.result


def test_module_good_and_fresh(tmp_path):
    failed, result = run_module({"path": write_root(tmp_path, 3600, 60), "_ansible_check_mode": True})
    assert not failed
    assert (result["errors"], result["warning_count"], result["records"], result["stale_cdb"]) == (0, 0, 13, False)


def test_module_stale_cdb_fails(tmp_path):
    failed, result = run_module({"path": write_root(tmp_path, 60, 3600)})
    assert failed and result["stale_cdb"] is True
    assert [f["code"] for f in result["findings"]] == ["stale-cdb"]


def test_module_content_skips_freshness_and_reports(tmp_path):
    data = write_root(tmp_path, 60, 3600)  # stale on disk, but content is what is checked
    failed, result = run_module(
        {"content": GOOD + "^10.0.168.192.in-addr.arpa:h2g.example.com\n", "path": data, "fail_on_error": False}
    )
    assert not failed and result["stale_cdb"] is False
    assert [(f["code"], f["line"], f["path"]) for f in result["findings"]] == [("duplicate-ptr", NEXT, data)]
