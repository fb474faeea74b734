# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The classroom's grade report: lab_eval results of every student -> HTML, CSV, JSON, JUnit.

Input: for each inventory host, what `serverlab.course.lab_eval` registered
(its `results` list of check verdicts), or an unreachable / failed task
result, or nothing at all (the host was never reached). Output, in one folder:

- index.html: a students x checks matrix for a projector (large type, colours
  and symbols), self-contained (no scripts, fonts or images from the network),
  the struggling students first, the reasons on hover and in a list below;
- results.csv: one row per student and check (one row for an unreachable VM);
- results.json: the same, structured;
- junit.xml: one testsuite per student, one testcase per check.

Pure Python standard library; every text from a VM is escaped.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import tempfile
from xml.etree import ElementTree

from .i18n import DEFAULT_LANG, Message, T, localize, tr

PASS = "PASS"
FAIL = "FAIL"
NOT_GRADED = "NOT GRADED"  # no verdict for this check: other track, or evaluation stopped early
GRADED = "graded"
UNREACHABLE = "unreachable"
ERROR = "error"  # reached, but the evaluation itself failed (no python, broken lab.json...)

FILES = ("index.html", "results.csv", "results.json", "junit.xml")
CSV_FIELDS = ("host", "name", "address", "state", "check", "day", "num", "item", "status", "reason", "view",
              "pending")
PENDING = "pending"  # a FAIL that waits for the trainee's own step (no key brought yet), not a broken service
VM, NET = "vm", "net"  # the VM view (on the VM) and the network view (from a client of the lab network)
VIEW_NAMES = {VM: "VM view", NET: "network view"}
SYMBOLS = {PASS: "\u2714", FAIL: "\u2718", NOT_GRADED: "\u00b7", UNREACHABLE: "\u26a0", ERROR: "\u26a0",
           PENDING: "\u2026"}


class Student(object):
    """One student's VM: state (graded, unreachable, error), message and verdicts by check id."""

    def __init__(self, host, name="", address="", state=GRADED, message="", verdicts=None):
        self.host = host
        self.name = name or host
        self.address = address or ""
        self.state = state
        self.message = message or ""
        self.verdicts = dict(verdicts or {})
        self.net_message = ""  # why the network view has no verdicts, when it has none

    def add_network_view(self, result):
        """Merge the network view's lab_eval result (None: not graded) beside the VM view's verdicts."""
        if not self.reached:
            return
        if not isinstance(result, dict) or result.get("skipped"):
            self.net_message = T("the network view was not graded (no lab configuration from the VM)")
            return
        items = result.get("results")
        if not isinstance(items, list):
            text = _failure_text(result)
            self.net_message = T("the network view could not be graded from the grading host: %(text)s",
                                 text=text or T("no results"))
            return
        for item in items:
            verdict = _verdict(item, NET)
            if verdict is not None:
                self.verdicts[verdict["key"]] = verdict

    @property
    def reached(self):
        return self.state == GRADED

    @property
    def failed(self):
        """FAILs that are mistakes (broken); what the trainee has not done yet is counted by `pending`."""
        return sum(1 for v in self.verdicts.values() if v["status"] == FAIL and not v["pending"])

    @property
    def pending(self):
        return sum(1 for v in self.verdicts.values() if v["status"] == FAIL and v["pending"])

    @property
    def passed(self):
        return sum(1 for v in self.verdicts.values() if v["status"] == PASS)

    @property
    def graded(self):
        return len(self.verdicts)

    @property
    def all_passed(self):
        return self.reached and self.failed == 0 and self.pending == 0 and self.graded > 0

    def sort_key(self):
        """Struggling first: not reached, then most failures, then fewest passes, then name."""
        return (0 if not self.reached else 1, -self.failed, -self.pending, self.passed, self.name.lower(), self.host)

    def as_dict(self):
        return {
            "host": self.host,
            "name": self.name,
            "address": self.address,
            "state": self.state,
            "message": self.message,
            "net_message": self.net_message,
            "summary": {"passed": self.passed, "failed": self.failed, "pending": self.pending, "graded": self.graded},
            "results": [dict(self.verdicts[k]) for k in sorted(self.verdicts, key=_id_key)],
        }


def _key(check_id, view=VM):
    """A verdict's key in Student.verdicts: the check id, "/net" after it for the network view."""
    return check_id if view == VM else "%s/%s" % (check_id, view)


def _id_key(key):
    """Day, number, then the VM view before the network view: the two views of one check side by side."""
    check_id, _sep, view = str(key).partition("/")
    day, _sep, num = check_id.partition(".")
    try:
        return (int(day), int(num), 1 if view else 0, "")
    except ValueError:
        return (10 ** 6, 10 ** 6, 2, str(key))


def _text(value):
    return "" if value is None else str(value)


def _verdict(item, view=VM):
    """A lab_eval result entry -> the fields the report keeps; None when it is not one."""
    if not isinstance(item, dict) or "status" not in item:
        return None
    day, num = item.get("day"), item.get("num")
    check_id = _text(item.get("id")) or "%s.%s" % (day, num)
    if day is None or num is None:
        d, _unused, n = check_id.partition(".")
        day, num = day if day is not None else d, num if num is not None else n
    try:
        day, num = int(day), int(num)
    except (TypeError, ValueError):
        return None
    status = PASS if _text(item.get("status")).upper() == PASS else FAIL
    check_id = "%d.%d" % (day, num)
    return {"id": check_id, "key": _key(check_id, view), "view": view, "day": day, "num": num,
            "item": _text(item.get("item")), "status": status,
            "reason": _text(item.get("reason")) if status == FAIL else "",
            "pending": status == FAIL and bool(item.get("pending"))}


# A failed task whose output says the connection never reached the VM (the docker connection reports a
# missing or stopped container as a failed module, not as unreachable).
UNREACHABLE_SIGNS = ("no such container", "is not running", "failed to connect", "connection refused",
                     "no route to host", "connection timed out", "could not resolve hostname",
                     "permission denied (publickey", "host is down", "network is unreachable")


def _failure_text(result):
    """What went wrong, in the words closest to the cause (the VM's stderr before Ansible's summary)."""
    for key in ("module_stderr", "stderr", "msg"):
        text = _text(result.get(key)).strip()
        if text:
            return " ".join(text.split())[:2000]
    return ""


def student_from_result(host, result, name="", address=""):
    """A Student from what Ansible registered for `host` (None: never reached)."""
    if result is None:
        return Student(host, name, address, UNREACHABLE,
                       T("no result: the VM was not reached (down, not created, or left out of the run)"))
    if not isinstance(result, dict):
        return Student(host, name, address, ERROR, T("unexpected result %(value)s", value=repr(result)))
    if result.get("unreachable"):
        return Student(host, name, address, UNREACHABLE,
                       _text(result.get("msg")) or T("the VM did not answer"))
    items = result.get("results")
    if result.get("skipped"):
        return Student(host, name, address, ERROR, T("the evaluation was skipped: %(reason)s",
                                                     reason=_text(result.get("skip_reason")) or T("no reason given")))
    if result.get("failed") and not items:
        text = _failure_text(result)
        if any(sign in text.lower() for sign in UNREACHABLE_SIGNS):
            return Student(host, name, address, UNREACHABLE, text)
        return Student(host, name, address, ERROR, T("the evaluation failed: %(text)s", text=text or T("no message")))
    if not isinstance(items, list):
        return Student(host, name, address, ERROR, T("the evaluation returned no results"))
    verdicts = {}
    for item in items:
        verdict = _verdict(item)
        if verdict is not None:
            verdicts[verdict["key"]] = verdict
    return Student(host, name, address, GRADED, "", verdicts)


def students(hosts, results, names=None, addresses=None, net_results=None, lang=DEFAULT_LANG):
    """Students (sorted, struggling first) for every host of `hosts` and of `results`; with `net_results`
    (the network view's lab_eval result by host), each student's network verdicts beside the VM's. The
    report's own messages in `lang` (the reasons come from lab_eval in the language it was given)."""
    names = names or {}
    addresses = addresses or {}
    results = results or {}
    order = list(dict.fromkeys(list(hosts or []) + sorted(results)))
    out = [student_from_result(h, results.get(h), _text(names.get(h)), _text(addresses.get(h)))
           for h in order]
    if net_results is not None:
        for student in out:
            student.add_network_view(net_results.get(student.host))
    for student in out:
        student.message, student.net_message = localize(student.message, lang), localize(student.net_message, lang)
    return sorted(out, key=lambda s: s.sort_key())


def columns(roster):
    """The checks seen on any student: [{id, day, num, item}] in day and number order."""
    seen = {}
    for student in roster:
        for key, verdict in student.verdicts.items():
            if key not in seen or not seen[key]["item"]:
                seen[key] = {"id": verdict["id"], "key": key, "view": verdict["view"], "day": verdict["day"],
                             "num": verdict["num"], "item": verdict["item"]}
    return [seen[k] for k in sorted(seen, key=_id_key)]


def summary(roster):
    return {
        "students": len(roster),
        "all_passed": sum(1 for s in roster if s.all_passed),
        "with_failures": sum(1 for s in roster if s.reached and s.failed),
        "unreachable": sum(1 for s in roster if s.state == UNREACHABLE),
        "errors": sum(1 for s in roster if s.state == ERROR),
        "network_not_graded": sum(1 for s in roster if s.reached and s.net_message),
        "not_done_yet": sum(1 for s in roster if s.reached and not s.failed and s.pending),
    }


# ---------------------------------------------------------------- CSV, JSON, JUnit

def to_csv(roster):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for s in roster:
        if not s.reached:
            writer.writerow([s.host, s.name, s.address, s.state, "", "", "", "",
                             s.state.upper(), s.message, "", ""])
            continue
        for key in sorted(s.verdicts, key=_id_key):
            v = s.verdicts[key]
            writer.writerow([s.host, s.name, s.address, s.state, v["id"], v["day"], v["num"],
                             v["item"], v["status"], v["reason"], v["view"], "yes" if v["pending"] else ""])
    return out.getvalue()


def to_json(roster, day=None, title="", generated=""):
    data = {
        "title": title,
        "day": day,
        "generated": generated,
        "summary": summary(roster),
        "checks": columns(roster),
        "students": [s.as_dict() for s in roster],
    }
    return json.dumps(data, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def to_junit(roster, title="", generated=""):
    """JUnit XML: a testsuite per student, a testcase per check; unreachable is an error."""
    suites = ElementTree.Element("testsuites", name=title or "serverlab grade report")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for s in roster:
        suite = ElementTree.SubElement(suites, "testsuite", name=s.host, hostname=s.address or s.host)
        if generated:
            suite.set("timestamp", generated)
        props = ElementTree.SubElement(suite, "properties")
        for key, value in (("name", s.name), ("address", s.address), ("state", s.state)):
            ElementTree.SubElement(props, "property", name=key, value=value)
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        if not s.reached:
            case = ElementTree.SubElement(suite, "testcase", classname=s.host, name="reach and evaluate the VM")
            err = ElementTree.SubElement(case, "error", message=s.message, type=s.state.upper())
            err.text = s.message
            counts["tests"] += 1
            counts["errors"] += 1
        for key in sorted(s.verdicts, key=_id_key):
            v = s.verdicts[key]
            net = v["view"] == NET
            case = ElementTree.SubElement(suite, "testcase",
                                          classname="%s.day%02d%s" % (s.host, v["day"], ".net" if net else ""),
                                          name="%s %s%s" % (v["id"], v["item"], " (network view)" if net else ""))
            counts["tests"] += 1
            if v["status"] == FAIL:
                fail = ElementTree.SubElement(case, "failure", message=v["reason"],
                                              type="NOT DONE YET" if v["pending"] else FAIL)
                fail.text = v["reason"]
                counts["failures"] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        suites.set(key, str(value))
    _indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"


def _indent(elem, level=0):
    pad = "\n" + "  " * level
    if len(elem):
        if not (elem.text or "").strip():
            elem.text = pad + "  "
        for child in elem:
            _indent(child, level + 1)
        if not (child.tail or "").strip():  # noqa: F821 (the last child)
            child.tail = pad
    if level and not (elem.tail or "").strip():
        elem.tail = pad


# ---------------------------------------------------------------- HTML

# The page's template ships with the collection (playbooks/templates/, next to grade.yml); a school points
# the module's `template` (grade.yml: grade_report_template) at its own copy. Module utils carry no data
# files into a module's zip, so this path serves the action plugin and the tests, which run from the tree.
DEFAULT_TEMPLATE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                "playbooks", "templates", "grade_report.html.j2")


def _cell_id(index, key):
    return "r%d-c%s" % (index, key.replace(".", "-").replace("/", "-"))


def _why(message):
    return message if len(message) <= 90 else message[:87] + "..."


def html_context(roster, day=None, title="", generated="", lang=DEFAULT_LANG):
    """What the page's template gets: plain data (the template escapes it) and t() for its fixed texts."""
    cols = columns(roster)
    days, firsts = [], set()  # the first check of each day gets a separating border
    for col in cols:
        if not days or days[-1]["day"] != col["day"]:
            days.append({"day": col["day"], "span": 0})
            firsts.add(col["key"])
        days[-1]["span"] += 1
    view_names = {VM: tr(lang, "VM view"), NET: tr(lang, "network view")}
    columns_out = [dict(col, first=col["key"] in firsts, net=col["view"] == NET, view_name=view_names[col["view"]])
                   for col in cols]
    state_texts = {UNREACHABLE: tr(lang, "UNREACHABLE"), ERROR: tr(lang, "NOT EVALUATED")}
    rows = []
    for index, s in enumerate(roster):
        cells = []
        for col in columns_out:
            v = s.verdicts.get(col["key"])
            status = ("none" if v is None else "pass" if v["status"] == PASS
                      else "pending" if v["pending"] else "fail")
            cells.append(dict(col, status=status, reason=v["reason"] if v else "",
                              anchor=_cell_id(index, col["key"])))
        failures = [dict(s.verdicts[key], net=s.verdicts[key]["view"] == NET, anchor=_cell_id(index, key))
                    for key in sorted(s.verdicts, key=_id_key) if s.verdicts[key]["status"] == FAIL]
        rows.append({
            "host": s.host, "name": s.name, "login": s.host if s.name != s.host else "", "address": s.address,
            "state": s.state, "state_text": state_texts.get(s.state, ""), "reached": s.reached,
            "row_class": {UNREACHABLE: "unreachable-row", ERROR: "error-row"}.get(
                s.state, "problem" if s.failed else "ok"),
            "message": s.message, "why": _why(s.message), "net_message": s.net_message, "anchor": "r%d" % index,
            "passed": s.passed, "failed": s.failed, "pending": s.pending, "graded": s.graded,
            "all_passed": s.all_passed, "cells": cells, "failures": failures,
            "troubled": bool(not s.reached or s.failed or s.pending or s.net_message),
        })
    if not title:
        title = (tr(lang, "Grade report - lab day %(day)s", day=day) if day is not None
                 else tr(lang, "Grade report"))
    return {
        "lang": lang, "title": title, "day": day, "generated": generated, "totals": summary(roster),
        "symbols": {"pass": SYMBOLS[PASS], "fail": SYMBOLS[FAIL], "none": SYMBOLS[NOT_GRADED],
                    "pending": SYMBOLS[PENDING], UNREACHABLE: SYMBOLS[UNREACHABLE], ERROR: SYMBOLS[ERROR]},
        "columns": columns_out, "days": days, "dense": len(cols) > 20,
        "has_net": any(col["net"] for col in columns_out),
        "students": rows, "troubled": [r for r in rows if r["troubled"]], "done": [r for r in rows if r["all_passed"]],
        "t": translator(lang),
    }


def translator(lang):
    """t("English text", name=value): a fixed text of the template in the report's language (messages_ja.py);
    a text without a Japanese entry (a school's own) stays as written."""
    def t(text, **params):
        # The texts come from the template (tests/unit/test_playbook_messages.py checks their Japanese).
        return localize(Message(text, params), lang)
    return t


def read_template(path=None):
    """The page's template text: the school's file, or the collection's."""
    with open(path or DEFAULT_TEMPLATE, encoding="utf-8") as handle:
        return handle.read()


def to_html(roster, day=None, title="", generated="", lang=DEFAULT_LANG, template=None):
    """The page, rendered by Jinja2 (there on every Ansible controller) from `template` (its text; default
    the collection's) with autoescaping: every text from a VM is escaped."""
    import jinja2  # only the report needs it; this file also travels to the VM with the evaluator

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=False, lstrip_blocks=False)
    page = env.from_string(read_template() if template is None else template)
    return page.render(**html_context(roster, day, title, generated, lang))


# ---------------------------------------------------------------- the folder

def now_text():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def render(roster, day=None, title="", generated="", lang=DEFAULT_LANG, template=None, html=None):
    """{file name: text} of the report; `template`: the page's Jinja2 template text (default the collection's),
    or `html`: the page already rendered."""
    return {
        "index.html": to_html(roster, day, title, generated, lang, template) if html is None else html,
        "results.csv": to_csv(roster),
        "results.json": to_json(roster, day, title, generated),
        "junit.xml": to_junit(roster, title, generated),
    }


def write(dest, files, check_mode=False):
    """Write the files into dest (created if missing), each atomically; the names that changed."""
    changed = []
    for name, text in sorted(files.items()):
        path = os.path.join(dest, name)
        data = text.encode("utf-8")
        try:
            with open(path, "rb") as handle:
                if handle.read() == data:
                    continue
        except (OSError, IOError):
            pass
        changed.append(name)
        if check_mode:
            continue
        if not os.path.isdir(dest):
            os.makedirs(dest)
        fd, tmp = tempfile.mkstemp(prefix="." + name + ".", dir=dest)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
    return changed
