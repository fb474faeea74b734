#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: grade_report
short_description: Write the classroom's grade report (HTML matrix, CSV, JSON, JUnit XML)
version_added: 0.1.0
description:
  - Turns the C(serverlab.course.lab_eval) results of every student VM into a report folder, C(index.html),
    C(results.csv), C(results.json) and C(junit.xml).
  - C(index.html) is a students x checks matrix for a projector, self-contained (no network) -
    PASS and FAIL cells in colours with symbols, the reason of a FAIL on hover and in a list below,
    and a marked row for a VM that could not be reached or evaluated. The struggling students come
    first - unreachable VMs, then most failures.
  - C(results.csv) has one row per student and check (one row per unreachable VM), C(junit.xml) one
    testsuite per student and one testcase per check (a FAIL is a failure, an unreachable VM an error).
  - C(index.html) is rendered by Jinja2 from a template, the collection's C(playbooks/templates/grade_report.html.j2)
    or a school's own (O(template)).
  - Runs on the controller (C(localhost)); see C(playbooks/grade.yml).
author:
  - serverlab maintainers (!UNKNOWN)
options:
  results:
    description:
      - What C(serverlab.course.lab_eval) registered on each host, by inventory host name.
      - C(null), or a registered result with C(unreachable) or C(failed) (and no C(results)), marks the VM
        unreachable or not evaluated.
    type: dict
    required: true
  net_results:
    description:
      - What C(serverlab.course.lab_eval) with C(view=net) registered for each host (the network view, graded
        from a client of the lab network), by inventory host name.
      - Each network verdict is shown beside the same check of the VM view and counts like it; a host whose
        network view has no results is marked "network view not graded" with the reason.
      - When not given, the report has the VM view only.
    type: dict
  hosts:
    description:
      - Every student host, so that hosts missing from O(results) appear as unreachable.
    type: list
    elements: str
    default: []
  names:
    description: The students' names by host (the classroom inventory's C(student_name)); default the host name.
    type: dict
    default: {}
  addresses:
    description: The VMs' lab addresses by host (C(lab_address)), shown beside the names.
    type: dict
    default: {}
  day:
    description: The lab day graded (every catalog day up to it), shown in the title.
    type: int
  title:
    description: The report's title; default C(Grade report - lab day <day>) in the language of O(lang).
    type: str
  lang:
    description:
      - The language of the report's own texts (headings, legend, counts, the marks of unreachable or not
        evaluated VMs) and of RV(msg), C(en) or C(ja).
      - The reasons are the ones C(serverlab.course.lab_eval) returned; give it the same O(lang).
      - Check ids, items and the C(PASS)/C(FAIL) tokens are the same in both languages, and so are
        C(results.csv) and C(junit.xml) apart from the reasons and messages.
    type: str
    choices: [en, ja]
    default: en
  html:
    description:
      - The page itself, rendered from O(template) by the action plugin on the controller (where Jinja2 always is,
        whatever Python runs the module). Not for playbooks; without it the module renders the page itself.
    type: str
  generated:
    description: When the report was made, as the page shows it (set by the action plugin with O(html)).
    type: str
  template:
    description:
      - A Jinja2 template for C(index.html), a school's own; default the collection's
        C(playbooks/templates/grade_report.html.j2) (start a school's copy from it).
      - A relative path is searched like the C(ansible.builtin.template) module's C(src) (the playbook's
        C(templates/) folder first), on the controller.
      - Rendered with autoescaping; the variables it gets are listed at the top of the collection's template.
    type: path
  dest:
    description:
      - The report folder, created when missing. Files of an earlier report there are replaced.
      - Default C(build/reports/dayNN) (the day in two digits; C(build/reports/latest) without a day) under the
        current directory of C(ansible-playbook). One stable folder per day, so a re-run replaces the report.
      - A relative path is taken from the current directory of C(ansible-playbook) too (not from the
        playbook's directory, which may lie inside an installed collection).
    type: path
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in diff mode).
    support: none
seealso:
  - module: serverlab.course.lab_eval
"""

EXAMPLES = r"""
- name: Grade every student VM
  serverlab.course.lab_eval:
    days: [6, 7]
  register: lab_grade
  ignore_unreachable: true

- name: Write the report on the controller
  serverlab.course.grade_report:
    results: "{{ dict(groups['lab'] | zip(groups['lab'] | map('extract', hostvars)
                 | map(attribute='lab_grade', default=None))) }}"
    hosts: "{{ groups['lab'] }}"
    day: 7
    dest: /srv/reports/day07
  delegate_to: localhost
  run_once: true
"""

RETURN = r"""
dest:
  description: The report folder (absolute).
  returned: always
  type: str
  sample: /work/main/build/reports/day06
index:
  description: The HTML page to open.
  returned: always
  type: str
  sample: /work/main/build/reports/day06/index.html
files:
  description: The files of the report, written or not.
  returned: always
  type: list
  elements: str
  sample: [index.html, results.csv, results.json, junit.xml]
summary:
  description: Counts of students.
  returned: always
  type: dict
  sample: {"students": 3, "all_passed": 1, "with_failures": 1, "unreachable": 1, "errors": 0}
struggling:
  description: The hosts that are unreachable, not evaluated, have a failed check or no network view (when one was asked for), struggling first.
  returned: always
  type: list
  elements: str
  sample: [mai, ken]
msg:
  description: One line saying where the report is and what it says.
  returned: always
  type: str
  sample: "3 students: 1 all passed, 1 with failures, 1 unreachable; report /work/main/build/reports/day06/index.html"
"""

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.serverlab.course.plugins.module_utils import gradereport
from ansible_collections.serverlab.course.plugins.module_utils.i18n import T, join, tr


def default_dest(day):
    """The report folder when none is given, relative to the current directory (the action resolves it)."""
    return os.path.join("build", "reports", "day%02d" % day if day is not None else "latest")


def summary_line(totals, index, lang="en"):
    """'3 students: 1 all passed, 1 with failures, 1 unreachable; report PATH' in `lang`."""
    parts = [T("%(count)d all passed", count=totals["all_passed"]),
             T("%(count)d with failures", count=totals["with_failures"]),
             T("%(count)d unreachable", count=totals["unreachable"])]
    if totals["errors"]:
        parts.append(T("%(count)d not evaluated", count=totals["errors"]))
    if totals["not_done_yet"]:
        parts.append(T("%(count)d with steps not done yet", count=totals["not_done_yet"]))
    if totals["network_not_graded"]:
        parts.append(T("%(count)d without a network view", count=totals["network_not_graded"]))
    return tr(lang, "%(count)d students: %(parts)s; report %(index)s", count=totals["students"],
              parts=join(parts, ", "), index=index)


class ReportError(Exception):
    """The page cannot be made: the message says why, in the report's language."""


def prepare(params):
    """(roster, title, lang) from the module's parameters (also the action's, before the module checks them)."""
    lang = params.get("lang") or "en"
    day = params.get("day")
    title = params.get("title") or (tr(lang, "Grade report - lab day %(day)s", day=day) if day is not None
                                    else tr(lang, "Grade report"))
    roster = gradereport.students(params.get("hosts") or [], params.get("results") or {}, params.get("names") or {},
                                  params.get("addresses") or {}, params.get("net_results"), lang)
    return roster, title, lang


def render_page(params, generated):
    """index.html from the template (the school's or the collection's); ReportError naming the file."""
    roster, title, lang = prepare(params)
    template_path = params.get("template") or gradereport.DEFAULT_TEMPLATE
    try:
        template = gradereport.read_template(template_path)
    except (OSError, IOError, UnicodeDecodeError) as exc:
        raise ReportError(tr(lang, "cannot read the report's template %(path)s: %(error)s",
                             path=template_path, error=str(exc)))
    try:
        return gradereport.to_html(roster, params.get("day"), title, generated, lang, template)
    except ImportError as exc:
        raise ReportError(tr(lang, "the report needs Jinja2 in the Python that runs the module: %(error)s",
                             error=str(exc)))
    except Exception as exc:  # pylint: disable=broad-except
        # A school's template with a mistake (syntax, an unknown variable): name the file and the cause.
        raise ReportError(tr(lang, "the report's template %(path)s does not render: %(kind)s: %(error)s",
                             path=template_path, kind=type(exc).__name__, error=str(exc)))


def main():
    module = AnsibleModule(
        argument_spec=dict(
            results=dict(type="dict", required=True),
            net_results=dict(type="dict"),
            hosts=dict(type="list", elements="str", default=[]),
            names=dict(type="dict", default={}),
            addresses=dict(type="dict", default={}),
            day=dict(type="int"),
            title=dict(type="str"),
            lang=dict(type="str", default="en", choices=["en", "ja"]),
            template=dict(type="path"),
            dest=dict(type="path"),
            html=dict(type="str"),
            generated=dict(type="str"),
        ),
        supports_check_mode=True,
    )
    p = module.params
    day = p["day"]
    dest = p["dest"] or default_dest(day)
    dest = os.path.abspath(dest)
    roster, title, lang = prepare(p)
    generated = p["generated"] or gradereport.now_text()
    page = p["html"]
    if page is None:
        try:
            page = render_page(p, generated)
        except ReportError as exc:
            module.fail_json(msg=str(exc))
    files = gradereport.render(roster, day=day, title=title, generated=generated, lang=lang, html=page)
    try:
        changed = gradereport.write(dest, files, check_mode=module.check_mode)
    except (OSError, IOError) as exc:
        module.fail_json(msg=tr(lang, "cannot write the report into %(dest)s: %(error)s", dest=dest, error=str(exc)),
                         dest=dest)
    totals = gradereport.summary(roster)
    index = os.path.join(dest, "index.html")
    module.exit_json(
        changed=bool(changed),
        dest=dest,
        index=index,
        files=list(gradereport.FILES),
        summary=totals,
        struggling=[s.host for s in roster if not s.reached or s.failed or s.net_message],
        msg=summary_line(totals, index, lang),
    )


if __name__ == "__main__":
    main()
