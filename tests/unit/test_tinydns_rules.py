# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tinydns.check_data's rules one by one (DATA_RULES): data lines -> the codes that rule finds."""

from __future__ import annotations

import pytest

from ruletables import assert_tables_cover, case_id, codes, edit

from ansible_collections.serverlab.course.plugins.module_utils import tinydns

BASE = """.example.com:192.168.0.10:ns.example.com
.0.168.192.in-addr.arpa::ns.example.com
=h2g.example.com:192.168.0.10
+mail.example.com:192.168.0.10
@example.com::mail.example.com:10
Cwww.example.com:h2g.example.com
"""
REVERSE = ".0.168.192.in-addr.arpa::ns.example.com\n"
MX = "@example.com::mail.example.com:10\n"

CASES = [
    (tinydns.rule_served, BASE, []),
    (tinydns.rule_served, BASE + "+pc1.example.net:192.168.0.101\n", ["not-served"]),
    (tinydns.rule_served, edit(BASE, (REVERSE, "")), ["ptr-not-served"]),
    (tinydns.rule_soa, BASE, []),
    (tinydns.rule_soa, BASE + ".example.com:192.168.0.10:ns2.example.com\n", ["multiple-soa"]),
    (tinydns.rule_soa, BASE + "&example.net:192.168.0.20:ns.example.net\n", ["no-soa"]),
    (tinydns.rule_cname, BASE, []),
    (tinydns.rule_cname, BASE + "+www.example.com:192.168.0.11\n", ["cname-and-other-data"]),
    (tinydns.rule_cname, BASE + "Cwww.example.com:mail.example.com\n", ["multiple-cname"]),
    (tinydns.rule_targets, BASE, []),
    (tinydns.rule_targets, edit(BASE, (MX, "@example.com::www.example.com:10\n")), ["mx-target-cname"]),
    (tinydns.rule_targets, BASE + "@example.com::mx.example.com:20\n", ["mx-target-no-address"]),
    (tinydns.rule_duplicate_ptr, BASE, []),
    (tinydns.rule_duplicate_ptr, BASE + "^10.0.168.192.in-addr.arpa:h2g.example.com\n", ["duplicate-ptr"]),
    (tinydns.rule_ptr_without_a, BASE, []),
    (tinydns.rule_ptr_without_a, BASE + "^11.0.168.192.in-addr.arpa:h2g.example.com\n", ["ptr-without-a"]),
    (tinydns.rule_ptr_without_a, BASE + "^12.0.168.192.in-addr.arpa:pc2.example.com\n", ["ptr-without-a"]),
    (tinydns.rule_duplicates, BASE, []),
    (tinydns.rule_duplicates, BASE + "+mail.example.com:192.168.0.10\n", ["duplicate-record"]),
    (tinydns.rule_locations, BASE + "%in:192.168\n+pc2.example.com:192.168.0.102:::in\n", []),
    (tinydns.rule_locations, BASE + "+pc2.example.com:192.168.0.102:::in\n", ["unknown-location"]),
]


@pytest.mark.parametrize("rule, text, expected", CASES, ids=[case_id(c) for c in CASES])
def test_rule(rule, text, expected):
    assert codes(rule(tinydns.DataFacts(tinydns.parse_data(text, "data")))) == expected


def test_tables_cover_every_rule():
    assert_tables_cover(tinydns, CASES, tinydns.DATA_RULES)


def test_check_data_reports_each_finding_once():
    text = BASE + "+pc1.example.net:192.168.0.101\n+pc1.example.net:192.168.0.101\n"
    assert codes(tinydns.check_data(tinydns.parse_data(text, "data"))) == ["not-served", "not-served", "duplicate-record"]
