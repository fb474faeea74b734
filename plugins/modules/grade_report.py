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
    description: The report's title; default C(Grade report - lab day <day>).
    type: str
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


def default_dest(day):
    """The report folder when none is given, relative to the current directory (the action resolves it)."""
    return os.path.join("build", "reports", "day%02d" % day if day is not None else "latest")


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
            dest=dict(type="path"),
        ),
        supports_check_mode=True,
    )
    p = module.params
    day = p["day"]
    dest = p["dest"] or default_dest(day)
    dest = os.path.abspath(dest)
    title = p["title"] or ("Grade report - lab day %d" % day if day is not None else "Grade report")
    roster = gradereport.students(p["hosts"], p["results"], p["names"], p["addresses"], p["net_results"])
    files = gradereport.render(roster, day=day, title=title, generated=gradereport.now_text())
    try:
        changed = gradereport.write(dest, files, check_mode=module.check_mode)
    except (OSError, IOError) as exc:
        module.fail_json(msg="cannot write the report into %s: %s" % (dest, exc), dest=dest)
    totals = gradereport.summary(roster)
    index = os.path.join(dest, "index.html")
    parts = ["%d all passed" % totals["all_passed"], "%d with failures" % totals["with_failures"],
             "%d unreachable" % totals["unreachable"]]
    if totals["errors"]:
        parts.append("%d not evaluated" % totals["errors"])
    if totals["not_done_yet"]:
        parts.append("%d with steps not done yet" % totals["not_done_yet"])
    if totals["network_not_graded"]:
        parts.append("%d without a network view" % totals["network_not_graded"])
    module.exit_json(
        changed=bool(changed),
        dest=dest,
        index=index,
        files=list(gradereport.FILES),
        summary=totals,
        struggling=[s.host for s in roster if not s.reached or s.failed or s.net_message],
        msg="%d students: %s; report %s" % (totals["students"], ", ".join(parts), index),
    )


if __name__ == "__main__":
    main()
