# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Findings: what every serverlab validator reports.

A finding names the file and line, the cause and the fix, so that a trainee's
mistake turns into a message that teaches. This file is pure Python (no Ansible
imports) because the on-VM evaluator ships it too.
"""

from __future__ import annotations

ERROR = "error"
WARNING = "warning"


class Finding(object):
    """One problem found in a configuration."""

    __slots__ = ("severity", "code", "path", "line", "message", "fix")

    def __init__(self, severity, code, message, fix="", path=None, line=None):
        if severity not in (ERROR, WARNING):
            raise ValueError("severity must be %r or %r" % (ERROR, WARNING))
        self.severity = severity
        self.code = code
        self.message = message
        self.fix = fix
        self.path = path
        self.line = line

    @property
    def is_error(self):
        return self.severity == ERROR

    def location(self):
        if self.path and self.line:
            return "%s:%d" % (self.path, self.line)
        return self.path or ""

    def as_dict(self):
        return {
            "severity": self.severity,
            "code": self.code,
            "path": self.path,
            "line": self.line,
            "message": self.message,
            "fix": self.fix,
        }

    def __str__(self):
        where = self.location()
        text = "%s: %s" % (where, self.message) if where else self.message
        if self.fix:
            text += " Fix: %s" % self.fix
        return text

    def __repr__(self):
        return "Finding(%r, %r, %r)" % (self.severity, self.code, str(self))

    def __eq__(self, other):
        return isinstance(other, Finding) and self.as_dict() == other.as_dict()

    def __hash__(self):
        return hash(tuple(sorted(self.as_dict().items(), key=lambda kv: kv[0])))


def error(code, message, fix="", path=None, line=None):
    return Finding(ERROR, code, message, fix, path, line)


def warning(code, message, fix="", path=None, line=None):
    return Finding(WARNING, code, message, fix, path, line)


def errors(findings):
    return [f for f in findings if f.is_error]


def run_rules(rules, *subject):
    """The findings of every rule, in the rules' order.

    A long checker is a list of small named rules, as a lab day is a list of checks: each rule
    takes the parsed input (and what the checker computed once for all of them) and returns a list
    of findings. tests/unit/test_*_rules.py give each rule its own table of inputs and codes.
    """
    found = []
    for rule in rules:
        found.extend(rule(*subject))
    return found


def summarize(findings):
    """One message for a module's msg: every error on its own line."""
    errs = errors(findings)
    if not errs:
        warns = len(findings)
        return "no errors" + (" (%d warning%s)" % (warns, "" if warns == 1 else "s") if warns else "")
    head = "%d error%s found:" % (len(errs), "" if len(errs) == 1 else "s")
    return "\n".join([head] + ["- %s" % f for f in errs])


def exit_with_findings(module, findings, fail_on_error=True, **result):
    """End an AnsibleModule run: fail when any finding is an error, else exit.

    `module` is an AnsibleModule; it is passed in (not imported) so this file
    stays free of Ansible imports.
    """
    result["findings"] = [f.as_dict() for f in findings]
    result["errors"] = len(errors(findings))
    # Not "warnings": Ansible reads that key as a list of warning messages.
    result["warning_count"] = len(findings) - result["errors"]
    result.setdefault("changed", False)
    for f in findings:
        if not f.is_error:
            module.warn(str(f))
    if fail_on_error and result["errors"]:
        module.fail_json(msg=summarize(findings), **result)
    module.exit_json(msg=summarize(findings), **result)
