# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Findings: what every serverlab validator reports.

A finding names the file and line, the cause and the fix, so that a trainee's
mistake turns into a message that teaches. This file is pure Python (no Ansible
imports) because the on-VM evaluator ships it too.

A finding's message and fix may be T() messages (i18n.py), and its frame and the
summary are the English templates below. Everything renders through `say(template,
**params)`: `english` by default (the text as it always was); a module that speaks
the trainee's language passes i18n's tr bound to it (functools.partial(tr, lang)),
which renders the templates and T() params from messages_ja.py. This file imports
nothing of the package, so the validators that speak English only do not carry the
catalog (200 kB) to the host.
"""

from __future__ import annotations

ERROR = "error"
WARNING = "warning"

# A finding as one line, and the summary (their Japanese is in messages_ja.py).
WHERE_MESSAGE_FIX = "%(where)s: %(message)s Fix: %(fix)s"
MESSAGE_FIX = "%(message)s Fix: %(fix)s"
WHERE_MESSAGE = "%(where)s: %(message)s"
MESSAGE = "%(message)s"
NO_ERRORS = "no errors"
NO_ERRORS_WARNING = "no errors (%(count)d warning)"
NO_ERRORS_WARNINGS = "no errors (%(count)d warnings)"
ERROR_FOUND = "%(count)d error found:"
ERRORS_FOUND = "%(count)d errors found:"
TEXTS = (WHERE_MESSAGE_FIX, MESSAGE_FIX, WHERE_MESSAGE, MESSAGE, NO_ERRORS, NO_ERRORS_WARNING, NO_ERRORS_WARNINGS,
         ERROR_FOUND, ERRORS_FOUND)


def english(template, **params):
    """A template in English, as every validator prints it (a T() message param gives its English)."""
    return template % params


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

    def as_dict(self, say=english):
        return {
            "severity": self.severity,
            "code": self.code,
            "path": self.path,
            "line": self.line,
            # Plain text: a T() message is a str that remembers its template, rendered by say.
            "message": say(MESSAGE, message=self.message) if self.message is not None else None,
            "fix": say(MESSAGE, message=self.fix) if self.fix else self.fix,
        }

    def text(self, say=english):
        """Where, cause and fix on one line (str(finding)), rendered by say."""
        where = self.location()
        if where and self.fix:
            return say(WHERE_MESSAGE_FIX, where=where, message=self.message, fix=self.fix)
        if self.fix:
            return say(MESSAGE_FIX, message=self.message, fix=self.fix)
        if where:
            return say(WHERE_MESSAGE, where=where, message=self.message)
        return say(MESSAGE, message=self.message)

    def __str__(self):
        return self.text()

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


def summarize(findings, say=english):
    """One message for a module's msg: every error on its own line, rendered by say."""
    errs = errors(findings)
    if not errs:
        warns = len(findings)
        if not warns:
            return say(NO_ERRORS)
        return say(NO_ERRORS_WARNING if warns == 1 else NO_ERRORS_WARNINGS, count=warns)
    head = say(ERROR_FOUND if len(errs) == 1 else ERRORS_FOUND, count=len(errs))
    return "\n".join([head] + ["- %s" % f.text(say) for f in errs])


def exit_with_findings(module, findings, fail_on_error=True, say=english, **result):
    """End an AnsibleModule run: fail when any finding is an error, else exit.

    `module` is an AnsibleModule; it is passed in (not imported) so this file
    stays free of Ansible imports. `say` renders msg, the warnings and the
    findings' message and fix (English, or the trainee's language: see above).
    """
    result["findings"] = [f.as_dict(say) for f in findings]
    result["errors"] = len(errors(findings))
    # Not "warnings": Ansible reads that key as a list of warning messages.
    result["warning_count"] = len(findings) - result["errors"]
    result.setdefault("changed", False)
    for f in findings:
        if not f.is_error:
            module.warn(f.text(say))
    if fail_on_error and result["errors"]:
        module.fail_json(msg=summarize(findings, say), **result)
    module.exit_json(msg=summarize(findings, say), **result)
