# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""qmail.check_control's rules one by one (CONTROL_RULES): control files -> the codes that rule finds."""

from __future__ import annotations

import pytest

from ruletables import assert_tables_cover, case_id, codes

from ansible_collections.serverlab.course.plugins.module_utils import qmail

# The three files that decide what qmail-smtpd accepts; each row adds or changes what it tests.
BASE = {
    "me": "h2g.example.com\n",
    "locals": "localhost\nh2g.example.com\nexample.com\n",
    "rcpthosts": "localhost\nh2g.example.com\nexample.com\n",
}


def files(**changes):
    """BASE with some files added or changed; None removes a file."""
    result = dict(BASE)
    result.update(changes)
    return result


CASES = [
    (qmail.rule_hygiene, files(plusdomain="example.com\n"), []),
    (qmail.rule_hygiene, files(plusdomain="example.com \n"), ["qmail-trailing-space"]),
    (qmail.rule_hygiene, files(rcpthosts=" example.com\n"), ["qmail-leading-space"]),
    (qmail.rule_me, files(), []),
    (qmail.rule_me, files(me=None), ["qmail-me-missing"]),
    (qmail.rule_me, files(me="\n"), ["qmail-me-empty"]),
    (qmail.rule_me, files(me="# h2g.example.com\n"), ["qmail-me-invalid"]),
    (qmail.rule_me, files(me="h2g.example.com\nmail.example.com\n"), ["qmail-me-lines"]),
    (qmail.rule_me, files(me="h2g\n"), ["qmail-me-not-fqdn"]),
    (qmail.rule_name_files, files(defaultdomain="example.com\n", plusdomain="example.com\n"), []),
    (qmail.rule_name_files, files(defaulthost="h2g example\n"), ["qmail-bad-name"]),
    (qmail.rule_rcpthosts, files(), []),
    (qmail.rule_rcpthosts, files(rcpthosts=None), ["qmail-open-relay"]),
    (qmail.rule_rcpthosts, files(rcpthosts=""), ["qmail-rcpthosts-empty"]),
    (qmail.rule_rcpthosts, files(rcpthosts="example.com\nexample com\n"), ["qmail-bad-name"]),
    (qmail.rule_locals, files(), []),
    (qmail.rule_locals, files(rcpthosts="localhost\nh2g.example.com\n"), ["qmail-local-not-rcpthost"]),
    (qmail.rule_locals, files(locals=None, rcpthosts="example.com\n"), ["qmail-local-not-rcpthost"]),
    (qmail.rule_locals, files(locals="example com\n"), ["qmail-bad-name"]),
    (qmail.rule_locals, files(rcpthosts=None), []),  # no rcpthosts: rule_rcpthosts says it
    (qmail.rule_virtualdomains, files(virtualdomains="example.net:joe\n", rcpthosts="example.com\nexample.net\n"), []),
    (qmail.rule_virtualdomains, files(virtualdomains="example.net\n"), ["qmail-virtualdomains-syntax"]),
    (qmail.rule_virtualdomains, files(virtualdomains="example net:joe\n"), ["qmail-virtualdomains-syntax"]),
    (qmail.rule_virtualdomains, files(virtualdomains="example.net:\n", rcpthosts="example.net\n"),
     ["qmail-virtualdomains-syntax"]),
    (qmail.rule_virtualdomains, files(virtualdomains="example.com:joe\n"), ["qmail-virtual-and-local"]),
    (qmail.rule_virtualdomains, files(virtualdomains="example.net:joe\n"), ["qmail-virtual-not-rcpthost"]),
    (qmail.rule_smtproutes, files(smtproutes=":[192.168.0.5]\n"), []),
    (qmail.rule_smtproutes, files(smtproutes="example.net\n"), ["qmail-smtproutes-syntax"]),
]


@pytest.mark.parametrize("rule, control, expected", CASES, ids=[case_id(c) for c in CASES])
def test_rule(rule, control, expected):
    assert codes(rule(qmail.ControlFacts(control))) == expected


def test_tables_cover_every_rule():
    assert_tables_cover(qmail, CASES, qmail.CONTROL_RULES)


def test_check_control_runs_every_rule_in_order():
    found = qmail.check_control(files(me=None, rcpthosts=None, defaulthost="a b\n"))
    assert codes(found) == ["qmail-me-missing", "qmail-bad-name", "qmail-open-relay"]
