# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Findings: what every serverlab validator reports.

A finding names the file and line, the cause and the fix, so that a trainee's
mistake turns into a message that teaches. This file is pure Python (no Ansible
imports) because the on-VM evaluator ships it too.

A finding's message and fix may be T() messages (i18n.py): as_dict(lang), text(lang),
summarize(lang=...) and exit_with_findings(lang=...) render them in the trainee's
language; English (the default) is the text as it always was.
"""

from __future__ import annotations

from .i18n import T, localize

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

    def as_dict(self, lang=None):
        return {
            "severity": self.severity,
            "code": self.code,
            "path": self.path,
            "line": self.line,
            # Plain text in every language: a T() message is a str that remembers its template.
            "message": localize(self.message, lang) if self.message is not None else None,
            "fix": localize(self.fix, lang) if self.fix else self.fix,
        }

    def as_message(self):
        """The finding as one translatable message: where, cause and fix."""
        where = self.location()
        if where and self.fix:
            return T("%(where)s: %(message)s Fix: %(fix)s", where=where, message=self.message, fix=self.fix)
        if self.fix:
            return T("%(message)s Fix: %(fix)s", message=self.message, fix=self.fix)
        if where:
            return T("%(where)s: %(message)s", where=where, message=self.message)
        return self.message

    def text(self, lang=None):
        """str(finding) in `lang` (en or ja)."""
        return localize(self.as_message(), lang)

    def __str__(self):
        return str(self.as_message())

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


def summarize(findings, lang=None):
    """One message for a module's msg: every error on its own line, in `lang` (default English)."""
    errs = errors(findings)
    if not errs:
        warns = len(findings)
        if not warns:
            return localize(T("no errors"), lang)
        return localize(T("no errors (%(count)d warning)", count=warns) if warns == 1
                        else T("no errors (%(count)d warnings)", count=warns), lang)
    head = T("%(count)d error found:", count=1) if len(errs) == 1 else T("%(count)d errors found:", count=len(errs))
    return "\n".join([localize(head, lang)] + ["- %s" % f.text(lang) for f in errs])


def exit_with_findings(module, findings, fail_on_error=True, lang=None, **result):
    """End an AnsibleModule run: fail when any finding is an error, else exit.

    `module` is an AnsibleModule; it is passed in (not imported) so this file
    stays free of Ansible imports. `lang` (en, ja) is the language of msg, the
    warnings and the findings' message and fix.
    """
    result["findings"] = [f.as_dict(lang) for f in findings]
    result["errors"] = len(errors(findings))
    # Not "warnings": Ansible reads that key as a list of warning messages.
    result["warning_count"] = len(findings) - result["errors"]
    result.setdefault("changed", False)
    for f in findings:
        if not f.is_error:
            module.warn(f.text(lang))
    if fail_on_error and result["errors"]:
        module.fail_json(msg=summarize(findings, lang), **result)
    module.exit_json(msg=summarize(findings, lang), **result)
