# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers for the rule tables (test_*_rules.py): each checker is a list of named rules, and each
rule gets its own table of input -> finding codes."""

from __future__ import annotations


def edit(text, *changes):
    """`text` with each (old, new) replaced once; the old text must be there (else the table is stale)."""
    for old, new in changes:
        assert old in text, "base text changed: %r not found" % old
        text = text.replace(old, new, 1)
    return text


def codes(findings):
    return [f.code for f in findings]


def case_id(case):
    """`rule_name-codes` for pytest ids."""
    rule, expected = case[0], case[-1]
    return "%s-%s" % (rule.__name__, "+".join(expected) or "clean")


def assert_tables_cover(module, cases, *rule_lists):
    """Every rule of `module` is in one of its checkers' lists, and its table has a clean row and a
    row that finds something (a table with only clean rows cannot fail)."""
    rules = [rule for rules in rule_lists for rule in rules]
    named = sorted(name for name in dir(module) if name.startswith("rule_"))
    assert sorted(rule.__name__ for rule in rules) == named, "a rule_ function is missing from the checkers' lists"
    for rule in rules:
        rows = [case[-1] for case in cases if case[0] is rule]
        assert [] in rows, "%s: no row where it finds nothing" % rule.__name__
        assert any(rows), "%s: no row where it finds something" % rule.__name__
