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
import html
import io
import json
import os
import tempfile
from xml.etree import ElementTree

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
            self.net_message = "the network view was not graded (no lab configuration from the VM)"
            return
        items = result.get("results")
        if not isinstance(items, list):
            text = _failure_text(result)
            self.net_message = "the network view could not be graded from the grading host: %s" % (
                text or "no results")
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
                       "no result: the VM was not reached (down, not created, or left out of the run)")
    if not isinstance(result, dict):
        return Student(host, name, address, ERROR, "unexpected result %r" % (result,))
    if result.get("unreachable"):
        return Student(host, name, address, UNREACHABLE,
                       _text(result.get("msg")) or "the VM did not answer")
    items = result.get("results")
    if result.get("skipped"):
        return Student(host, name, address, ERROR, "the evaluation was skipped: %s"
                       % (_text(result.get("skip_reason")) or "no reason given"))
    if result.get("failed") and not items:
        text = _failure_text(result)
        if any(sign in text.lower() for sign in UNREACHABLE_SIGNS):
            return Student(host, name, address, UNREACHABLE, text)
        return Student(host, name, address, ERROR, "the evaluation failed: %s" % (text or "no message"))
    if not isinstance(items, list):
        return Student(host, name, address, ERROR, "the evaluation returned no results")
    verdicts = {}
    for item in items:
        verdict = _verdict(item)
        if verdict is not None:
            verdicts[verdict["key"]] = verdict
    return Student(host, name, address, GRADED, "", verdicts)


def students(hosts, results, names=None, addresses=None, net_results=None):
    """Students (sorted, struggling first) for every host of `hosts` and of `results`; with `net_results`
    (the network view's lab_eval result by host), each student's network verdicts beside the VM's."""
    names = names or {}
    addresses = addresses or {}
    results = results or {}
    order = list(dict.fromkeys(list(hosts or []) + sorted(results)))
    out = [student_from_result(h, results.get(h), _text(names.get(h)), _text(addresses.get(h)))
           for h in order]
    if net_results is not None:
        for student in out:
            student.add_network_view(net_results.get(student.host))
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

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px; font: 22px/1.35 "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
       background: #ffffff; color: #111111; }
h1 { font-size: 34px; margin: 0 0 6px; }
h2 { font-size: 28px; margin: 36px 0 12px; border-bottom: 3px solid #111; }
h3 { font-size: 24px; margin: 20px 0 6px; }
.meta { margin: 0 0 14px; color: #222; }
.totals span { display: inline-block; margin: 0 18px 8px 0; padding: 4px 12px; border-radius: 6px;
               font-weight: bold; border: 2px solid #111; }
.legend { margin: 0 0 14px; font-size: 20px; }
.legend span { display: inline-block; min-width: 40px; text-align: center; margin-right: 6px;
               padding: 2px 6px; border-radius: 4px; }
.wrap { overflow-x: auto; }
table.matrix { border-collapse: collapse; }
.matrix th, .matrix td { border: 2px solid #ffffff; padding: 3px 4px; text-align: center; }
.matrix thead th { background: #222; color: #fff; font-size: 16px; }
.matrix thead th.day { font-size: 20px; background: #000; border-left: 4px solid #fff; }
.matrix thead th.first { border-left: 4px solid #fff; }
.matrix tbody th { text-align: left; background: #eeeeee; position: sticky; left: 0; z-index: 1;
                   padding: 3px 10px; min-width: 260px; max-width: 340px; }
.matrix tbody th .login { display: block; font-weight: normal; font-size: 16px; color: #333; white-space: nowrap; }
.matrix td.score { background: #eeeeee; font-weight: bold; white-space: nowrap; padding: 3px 10px; }
.matrix td.cell { min-width: 38px; font-size: 24px; font-weight: bold; }
.matrix td.first { border-left: 4px solid #fff; }
.matrix.dense thead th { font-size: 13px; padding: 3px 2px; }
.matrix.dense td.cell { min-width: 30px; font-size: 20px; padding: 3px 2px; }
.matrix a { color: inherit; text-decoration: none; }
.matrix .why { font-weight: normal; font-size: 18px; margin-left: 12px; }
.pass { background: #c9f2c0; color: #064d06; }
.fail { background: #b00020; color: #ffffff; }
.fail a { color: #ffffff; text-decoration: none; }
.none { background: #f4f4f4; color: #777777; }
.unreachable, .error { background: #ffd000; color: #000000; }
.pending { background: #dde6ff; color: #0a2a80; }
.pending a { color: #0a2a80; text-decoration: none; }
.matrix td.unreachable, .matrix td.error { text-align: left; font-size: 22px; font-weight: bold; }
tr.ok th { border-left: 10px solid #1b7a1b; }
tr.problem th { border-left: 10px solid #b00020; }
tr.unreachable-row th, tr.error-row th { border-left: 10px solid #ffd000; }
ul.details { list-style: none; padding: 0; margin: 0; }
ul.details li { margin: 6px 0; padding: 6px 10px; border-left: 10px solid #b00020; background: #f4f4f4;
                color: #111111; }
ul.details li.d-unreachable, ul.details li.d-error { border-left-color: #ffd000; }
ul.details li.d-pending { border-left-color: #3355cc; }
ul.details .sym { color: #b00020; }
ul.details li.d-unreachable .sym, ul.details li.d-error .sym { color: #000000; }
ul.details .sym { font-weight: bold; margin-right: 8px; }
ul.details li:target { outline: 4px solid #0044cc; }
.ok-list { font-size: 22px; }
"""


def _e(value):
    return html.escape(_text(value), quote=True)


def _cell_id(index, key):
    return "r%d-c%s" % (index, key.replace(".", "-").replace("/", "-"))


def to_html(roster, day=None, title="", generated=""):
    cols = columns(roster)
    totals = summary(roster)
    title = title or ("serverlab grade report: day %s" % day if day is not None else "serverlab grade report")
    out = []
    w = out.append
    w("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
    w("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
    w("<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n" % (_e(title), CSS))
    w("<h1>%s</h1>\n" % _e(title))
    meta = []
    if day is not None:
        meta.append("checks of every lab day up to day %s" % _e(day))
    if generated:
        meta.append("generated %s" % _e(generated))
    w("<p class=\"meta\">%s</p>\n" % " &middot; ".join(meta))
    w("<p class=\"totals\" id=\"totals\">"
      "<span>%d students</span>"
      "<span class=\"pass\">%s %d all passed</span>"
      "<span class=\"fail\">%s %d with failures</span>"
      "<span class=\"unreachable\">%s %d unreachable</span>%s</p>\n" % (
          totals["students"], SYMBOLS[PASS], totals["all_passed"], SYMBOLS[FAIL], totals["with_failures"],
          SYMBOLS[UNREACHABLE], totals["unreachable"],
          "<span class=\"error\">%s %d not evaluated</span>" % (SYMBOLS[ERROR], totals["errors"])
          if totals["errors"] else "") + (
          "<span class=\"pending\">%s %d not done yet</span>" % (SYMBOLS[PENDING], totals["not_done_yet"])
          if totals["not_done_yet"] else ""))
    w("<p class=\"legend\"><span class=\"pass\">%s</span>PASS &nbsp; <span class=\"fail\">%s</span>FAIL "
      "(point at it for the reason) &nbsp; <span class=\"none\">%s</span>not graded (other track) &nbsp; "
      "<span class=\"pending\">%s</span>not done yet (the trainee's own step) &nbsp; "
      "<span class=\"unreachable\">%s</span>VM unreachable%s</p>\n"
      % (SYMBOLS[PASS], SYMBOLS[FAIL], SYMBOLS[NOT_GRADED], SYMBOLS[PENDING], SYMBOLS[UNREACHABLE],
         " &nbsp; <span class=\"none\">N</span>a check from the lab network (the network view), beside the "
         "same check on the VM" if any(col["view"] == NET for col in cols) else ""))

    # The matrix: a header row of days, a header row of checks, a row per student.
    w("<div class=\"wrap\">\n<table class=\"matrix%s\" id=\"matrix\">" % (" dense" if len(cols) > 20 else ""))
    w("\n<thead>\n<tr>"
      "<th rowspan=\"2\" scope=\"col\">Student</th><th rowspan=\"2\" scope=\"col\">Passed</th>")
    days = []
    for col in cols:
        if not days or days[-1][0] != col["day"]:
            days.append([col["day"], 0])
        days[-1][1] += 1
    for number, span in days:
        w("<th class=\"day\" colspan=\"%d\" scope=\"colgroup\">Day %s</th>" % (span, _e(number)))
    w("</tr>\n<tr>")
    firsts, seen_days = set(), set()  # the first check of each day gets a separating border
    for col in cols:
        if col["day"] not in seen_days:
            seen_days.add(col["day"])
            firsts.add(col["key"])

    def first(col):
        return " first" if col["key"] in firsts else ""

    for col in cols:
        net = col["view"] == NET
        w("<th class=\"check%s%s\" scope=\"col\" data-check=\"%s\" data-view=\"%s\" title=\"%s %s (%s)\">%s%s</th>"
          % (first(col), " net" if net else "", _e(col["id"]), _e(col["view"]), _e(col["id"]), _e(col["item"]),
             VIEW_NAMES[col["view"]], _e(col["id"]), "<sup>N</sup>" if net else ""))
    w("</tr>\n</thead>\n<tbody>\n")
    for index, s in enumerate(roster):
        row_class = {UNREACHABLE: "unreachable-row", ERROR: "error-row"}.get(
            s.state, "problem" if s.failed else "ok")
        w("<tr class=\"student %s\" data-host=\"%s\" data-state=\"%s\" data-failed=\"%d\">"
          % (row_class, _e(s.host), _e(s.state), s.failed))
        login = s.host if s.name != s.host else ""
        w("<th scope=\"row\">%s%s</th>" % (_e(s.name), " <span class=\"login\">%s%s</span>" % (
            _e(login), " " + _e(s.address) if s.address else "") if (login or s.address) else ""))
        if not s.reached:
            w("<td class=\"score\">&ndash;</td>")
            why = s.message if len(s.message) <= 90 else s.message[:87] + "..."
            w("<td class=\"%s\" colspan=\"%d\" title=\"%s\"><a href=\"#%s\">%s %s</a>"
              " <span class=\"why\">%s</span></td>"
              % (s.state, max(len(cols), 1), _e(s.message), "r%d" % index, SYMBOLS[s.state],
                 "UNREACHABLE" if s.state == UNREACHABLE else "NOT EVALUATED", _e(why)))
            w("</tr>\n")
            continue
        w("<td class=\"score\">%d/%d</td>" % (s.passed, s.graded))
        for col in cols:
            v = s.verdicts.get(col["key"])
            view = " data-view=\"%s\"" % _e(col["view"])
            where = " (%s)" % VIEW_NAMES[NET] if col["view"] == NET else ""
            if v is None:
                w("<td class=\"cell none%s\" data-check=\"%s\"%s title=\"%s %s%s: not graded on this VM\">%s</td>"
                  % (first(col), _e(col["id"]), view, _e(col["id"]), _e(col["item"]), where, SYMBOLS[NOT_GRADED]))
            elif v["status"] == PASS:
                w("<td class=\"cell pass%s\" data-check=\"%s\"%s title=\"%s %s%s: PASS\">%s</td>"
                  % (first(col), _e(col["id"]), view, _e(v["id"]), _e(v["item"]), where, SYMBOLS[PASS]))
            elif v["pending"]:
                w("<td class=\"cell pending%s\" data-check=\"%s\"%s title=\"%s %s%s: NOT DONE YET: %s\">"
                  "<a href=\"#%s\">%s</a></td>"
                  % (first(col), _e(col["id"]), view, _e(v["id"]), _e(v["item"]), where, _e(v["reason"]),
                     _cell_id(index, v["key"]), SYMBOLS[PENDING]))
            else:
                w("<td class=\"cell fail%s\" data-check=\"%s\"%s title=\"%s %s%s: FAIL: %s\">"
                  "<a href=\"#%s\">%s</a></td>"
                  % (first(col), _e(col["id"]), view, _e(v["id"]), _e(v["item"]), where, _e(v["reason"]),
                     _cell_id(index, v["key"]), SYMBOLS[FAIL]))
        w("</tr>\n")
    if not roster:
        w("<tr><td colspan=\"%d\">No students in the inventory.</td></tr>\n" % (len(cols) + 2))
    w("</tbody>\n</table>\n</div>\n")

    # The details: what each struggling student has to fix, in the same order.
    w("<h2 id=\"details\">What to fix</h2>\n")
    troubled = [(i, s) for i, s in enumerate(roster) if not s.reached or s.failed or s.pending or s.net_message]
    if not troubled:
        w("<p>Nothing: every student passed every check.</p>\n")
    for index, s in troubled:
        w("<section class=\"student-details\" data-host=\"%s\">\n<h3>%s%s</h3>\n<ul class=\"details\">\n"
          % (_e(s.host), _e(s.name), " (%s)" % _e(s.host) if s.name != s.host else ""))
        if not s.reached:
            w("<li class=\"d-%s\" id=\"r%d\"><span class=\"sym\">%s %s</span>%s</li>\n"
              % (s.state, index, SYMBOLS[s.state], "UNREACHABLE" if s.state == UNREACHABLE else "NOT EVALUATED",
                 _e(s.message)))
        if s.reached and s.net_message:
            w("<li class=\"d-error\"><span class=\"sym\">%s NETWORK VIEW NOT GRADED</span>%s</li>\n"
              % (SYMBOLS[ERROR], _e(s.net_message)))
        for key in sorted(s.verdicts, key=_id_key):
            v = s.verdicts[key]
            if v["status"] != FAIL:
                continue
            w("<li class=\"d-%s\" id=\"%s\"><span class=\"sym\">%s %s %s%s</span>%s</li>\n"
              % ("pending" if v["pending"] else "fail", _cell_id(index, v["key"]),
                 SYMBOLS[PENDING] + " NOT DONE YET" if v["pending"] else SYMBOLS[FAIL], _e(v["id"]), _e(v["item"]),
                 " (from the lab network)" if v["view"] == NET else "", _e(v["reason"])))
        w("</ul>\n</section>\n")
    done = [s for s in roster if s.all_passed]
    if done:
        w("<h2 id=\"passed\">Every check passed</h2>\n<p class=\"ok-list\">%s</p>\n"
          % ", ".join("%s %s" % (SYMBOLS[PASS], _e(s.name)) for s in done))
    w("</body>\n</html>\n")
    return "".join(out)


# ---------------------------------------------------------------- the folder

def now_text():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def render(roster, day=None, title="", generated=""):
    """{file name: text} of the report."""
    return {
        "index.html": to_html(roster, day, title, generated),
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
