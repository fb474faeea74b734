# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""stunnel.check_config's rules one by one (CONFIG_RULES): stunnel.conf text and the checker's options
-> the codes that rule finds."""

from __future__ import annotations

import pytest

from ruletables import assert_tables_cover, case_id, codes, edit

from ansible_collections.serverlab.course.plugins.module_utils import stunnel

BASE = """cert = /etc/stunnel/stunnel.pem
output = /var/log/stunnel.log
debug = 5
TIMEOUTclose = 0

[smtps]
accept  = 465
connect = 127.0.0.1:10465
"""
# inetd mode: no section, stunnel reads and writes the superserver's socket.
INETD = """cert = /etc/stunnel/stunnel.pem
output = /var/log/stunnel.log
debug = 5
connect = 127.0.0.1:10465
"""
SECTION = "[smtps]\naccept  = 465\nconnect = 127.0.0.1:10465\n"
INETD_MODE = {"mode": "inetd"}
NO_CLOSE_NOTIFY = {"clients_without_close_notify": True}

CASES = [
    (stunnel.rule_syntax, BASE, {}, []),
    (stunnel.rule_syntax, BASE + "verify 2\n", {}, ["stunnel-syntax"]),
    (stunnel.rule_options, BASE, {}, []),
    (stunnel.rule_options, BASE + "verfy = 2\n", {}, ["stunnel-unknown-option"]),
    (stunnel.rule_options, BASE + "pid = /run/stunnel.pid\n", {}, ["stunnel-global-in-section"]),
    (stunnel.rule_options, edit(BASE, ("accept  = 465", "accept  = 465 ; smtps")), {}, ["stunnel-inline-comment"]),
    (stunnel.rule_options, edit(BASE, ("accept  = 465", "accept  = 127.0.0.1:")), {}, ["stunnel-bad-address"]),
    (stunnel.rule_options, edit(BASE, ("accept  = 465", "accept  = nosuchport")), {}, ["stunnel-unknown-port"]),
    (stunnel.rule_sections, BASE, {}, []),
    (stunnel.rule_sections, BASE + SECTION, {}, ["stunnel-duplicate-section"]),
    (stunnel.rule_inetd, INETD, INETD_MODE, []),
    (stunnel.rule_inetd, BASE, {}, []),  # standalone: not this rule's business
    (stunnel.rule_inetd, BASE, INETD_MODE, ["stunnel-inetd-section"]),
    (stunnel.rule_inetd, INETD + "accept = 465\n", INETD_MODE, ["stunnel-inetd-accept"]),
    (stunnel.rule_inetd, INETD + "pid = /run/stunnel.pid\n", INETD_MODE, ["stunnel-inetd-irrelevant"]),
    (stunnel.rule_inetd, edit(INETD, ("connect = 127.0.0.1:10465\n", "")), INETD_MODE, ["stunnel-no-connect"]),
    (stunnel.rule_standalone, BASE, {}, []),
    (stunnel.rule_standalone, INETD, INETD_MODE, []),
    (stunnel.rule_standalone, INETD, {"mode": "standalone"}, ["stunnel-no-service"]),
    (stunnel.rule_standalone, "accept = 465\n" + BASE, {}, ["stunnel-global-accept"]),
    (stunnel.rule_standalone, edit(BASE, ("accept  = 465\n", "")), {}, ["stunnel-no-accept"]),
    (stunnel.rule_standalone, edit(BASE, ("connect = 127.0.0.1:10465\n", "")), {}, ["stunnel-no-connect"]),
    (stunnel.rule_standalone, edit(BASE, ("cert = /etc/stunnel/stunnel.pem\n", "")), {}, ["stunnel-no-cert"]),
    (stunnel.rule_logging, BASE, {}, []),
    (stunnel.rule_logging, edit(BASE, ("output = /var/log/stunnel.log\n", "")), {}, ["stunnel-no-output"]),
    (stunnel.rule_logging, edit(BASE, ("debug = 5", "debug = loud")), {}, ["stunnel-bad-debug"]),
    (stunnel.rule_logging, edit(BASE, ("debug = 5", "debug = 4")), {}, ["stunnel-debug-low"]),
    (stunnel.rule_timeoutclose, BASE, NO_CLOSE_NOTIFY, []),
    (stunnel.rule_timeoutclose, edit(BASE, ("TIMEOUTclose = 0\n", "")), {}, []),  # not asked for
    (stunnel.rule_timeoutclose, edit(BASE, ("TIMEOUTclose = 0\n", "")), NO_CLOSE_NOTIFY, ["stunnel-timeoutclose"]),
    (stunnel.rule_files, BASE, {}, []),  # not asked for
    (stunnel.rule_files, edit(BASE, ("/etc/stunnel/stunnel.pem", "/nonexistent/stunnel.pem")), {"check_files": True},
     ["stunnel-file-missing"]),
]


@pytest.mark.parametrize("rule, text, options, expected", CASES, ids=[case_id(c) for c in CASES])
def test_rule(rule, text, options, expected):
    facts = stunnel.ConfigFacts(stunnel.parse_config(text, "/etc/stunnel/stunnel.conf"), **options)
    assert codes(rule(facts)) == expected


def test_tables_cover_every_rule():
    assert_tables_cover(stunnel, CASES, stunnel.CONFIG_RULES)


def test_auto_mode_is_inetd_without_sections():
    assert stunnel.ConfigFacts(stunnel.parse_config(INETD)).mode == "inetd"
    assert stunnel.ConfigFacts(stunnel.parse_config(BASE)).mode == "standalone"


def test_check_config_runs_every_rule_in_order():
    text = "verify 2\n" + edit(BASE, ("output = /var/log/stunnel.log\n", "")) + SECTION
    found = stunnel.check_config(stunnel.parse_config(text), mode="standalone")
    assert codes(found) == ["stunnel-syntax", "stunnel-duplicate-section", "stunnel-no-output"]
