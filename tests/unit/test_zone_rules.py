# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""zone.check_zone's rules one by one (ZONE_RULES): a zone text -> the codes that rule finds."""

from __future__ import annotations

import pytest

from ruletables import assert_tables_cover, case_id, codes, edit

from ansible_collections.serverlab.course.plugins.module_utils import zone as z

BASE = """$TTL 86400
@    IN SOA ns.example.com. root.example.com. ( 1 3600 900 604800 86400 )
     IN NS  ns
     IN MX  10 mail
ns   IN A   192.168.0.10
mail IN A   192.168.0.10
h2g  IN A   192.168.0.10
www  IN CNAME h2g
"""
SOA = "@    IN SOA ns.example.com. root.example.com. ( 1 3600 900 604800 86400 )\n"
NS = "     IN NS  ns\n"
MX = "     IN MX  10 mail\n"
WWW = "www  IN CNAME h2g\n"

CASES = [
    (z.rule_ttl_first, BASE, []),
    (z.rule_ttl_first, edit(BASE, ("$TTL 86400\n", "")), ["no-ttl"]),
    (z.rule_ttl_first, edit(BASE, ("$TTL 86400\n", ""), (NS, NS + "$TTL 86400\n")), ["no-ttl"]),
    (z.rule_ttl_first, edit(BASE, ("$TTL 86400\n", ""), ("@    IN SOA", "@ 3600 IN SOA")), ["no-ttl"]),
    (z.rule_out_of_zone, BASE, []),
    (z.rule_out_of_zone, BASE + "www.example.net. IN A 192.168.0.20\n", ["out-of-zone"]),
    (z.rule_names, BASE, []),
    (z.rule_names, edit(BASE, (NS, "     IN NS  ns.example.com\n")), ["missing-trailing-dot"]),
    (z.rule_names, edit(BASE, ("h2g  IN A", "h2g.example.com IN A")), ["missing-trailing-dot"]),
    (z.rule_names, edit(BASE, (MX, "     IN MX  10 192.168.0.10\n")), ["target-is-address"]),
    (z.rule_soa, BASE, []),
    (z.rule_soa, edit(BASE, (SOA, ""), (NS, "@    IN NS  ns\n")), ["no-soa"]),
    (z.rule_soa, edit(BASE, (SOA, SOA + SOA)), ["multiple-soa"]),
    (z.rule_soa, edit(BASE, (SOA, SOA.replace("@ ", "www.example.com. ", 1))), ["soa-not-at-origin", "no-soa"]),
    (z.rule_soa, edit(BASE, ("root.example.com.", "root@example.com.")), ["soa-rname-at"]),
    (z.rule_ns, BASE, []),
    (z.rule_ns, edit(BASE, (NS, "")), ["no-ns"]),
    (z.rule_cname, BASE, []),
    (z.rule_cname, BASE + "www  IN A 192.168.0.11\n", ["cname-and-other-data"]),
    (z.rule_cname, BASE + "www  IN CNAME mail\n", ["multiple-cname"]),
    (z.rule_cname, BASE + "@    IN CNAME h2g\n", ["cname-at-apex"]),
    (z.rule_targets, BASE, []),
    (z.rule_targets, edit(BASE, (MX, "     IN MX  10 www\n")), ["mx-target-cname"]),
    (z.rule_targets, edit(BASE, ("ns   IN A   192.168.0.10\n", "")), ["ns-target-no-address"]),
    (z.rule_targets, edit(BASE, (WWW, "www  IN CNAME nowhere\n")), ["cname-target-missing"]),
    # A target the name rule already reported is not reported again.
    (z.rule_targets, edit(BASE, (MX, "     IN MX  10 192.168.0.10\n")), []),
    (z.rule_duplicates, BASE, []),
    (z.rule_duplicates, BASE + "h2g  IN A   192.168.0.10\n", ["duplicate-record"]),
    (z.rule_owner_keyword, BASE, []),
    (z.rule_owner_keyword, BASE + "IN A 192.168.0.11\n", ["owner-is-keyword"]),
]


@pytest.mark.parametrize("rule, text, expected", CASES, ids=[case_id(c) for c in CASES])
def test_rule(rule, text, expected):
    facts = z.ZoneFacts(z.parse_zone(text, "example.com", "db.example"))
    assert codes(rule(facts)) == expected


REVERSE = """$TTL 86400
@    IN SOA ns.example.com. root.example.com. ( 1 3600 900 604800 86400 )
     IN NS  ns.example.com.
10   IN PTR h2g.example.com.
"""

# check_reverse's rules: (rule, forward zone text, reverse zone text, codes).
REVERSE_CASES = [
    (z.rule_ptr_names, BASE, REVERSE, []),
    (z.rule_ptr_names, BASE, REVERSE + "h2g  IN PTR h2g.example.com.\n", ["ptr-name-not-address"]),
    # A doubled zone name: check_zone's missing-trailing-dot, not this rule's.
    (z.rule_ptr_names, BASE, REVERSE + "11.0.168.192.in-addr.arpa IN PTR h2g.example.com.\n", []),
    (z.rule_a_without_ptr, BASE, REVERSE, []),
    (z.rule_a_without_ptr, BASE + "pc1  IN A   192.168.0.101\n", REVERSE, ["a-without-ptr"]),
    (z.rule_a_without_ptr, BASE + "out  IN A   10.0.0.1\n", REVERSE, []),  # no reverse zone covers it
    (z.rule_ptr_without_a, BASE, REVERSE, []),
    (z.rule_ptr_without_a, BASE, REVERSE + "11   IN PTR h2g.example.com.\n", ["ptr-without-a"]),
    (z.rule_ptr_without_a, BASE, REVERSE + "12   IN PTR www.example.com.\n", ["ptr-without-a"]),
    (z.rule_ptr_without_a, BASE, REVERSE + "13   IN PTR pc9.example.com.\n", ["ptr-without-a"]),
]


@pytest.mark.parametrize("rule, forward, reverse, expected", REVERSE_CASES, ids=[case_id(c) for c in REVERSE_CASES])
def test_reverse_rule(rule, forward, reverse, expected):
    facts = z.ReverseFacts(z.parse_zone(forward, "example.com", "db.example"),
                           [z.parse_zone(reverse, "0.168.192.in-addr.arpa", "db.192.168.0")])
    assert codes(rule(facts)) == expected


def test_tables_cover_every_rule():
    assert_tables_cover(z, CASES + REVERSE_CASES, z.ZONE_RULES, z.REVERSE_RULES)


def test_check_zone_is_the_parser_then_every_rule_in_order():
    text = edit(BASE, ("$TTL 86400\n", ""), (NS, "")) + "www.example.net. IN A 192.168.0.20\n"
    zone = z.parse_zone(text, "example.com", "db.example")
    assert codes(z.check_zone(zone)) == ["no-ttl", "out-of-zone", "no-ns"]
