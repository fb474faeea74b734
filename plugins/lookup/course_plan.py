# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
name: course_plan
short_description: The course plan - lab days, titles, tracks, their defaults, the latest day
version_added: 0.1.0
description:
  - Reads the course plan of this collection (C(plugins/module_utils/course.py), which the evaluator's catalog
    reads too), so playbooks and roles state no day, track or default of their own.
  - Without a term, returns the whole plan. A term is a dotted path into it, for example C(latest_day) or
    C(tracks.dns.default).
  - The term C(plays) returns, for each day playbook of the whole-VM build (C(playbooks/upto.yml)), whether a VM
    at day O(upto) runs it, on the tracks its inventory chooses (C(lab_dns_server), C(lab_mta),
    C(lab_time_provider); unset, the plan's defaults).
author:
  - serverlab maintainers (!UNKNOWN)
options:
  _terms:
    description: A dotted path into the plan, or C(plays).
    required: false
  upto:
    description: The day for C(plays).
    type: int
"""

EXAMPLES = r"""
- name: The day the whole-VM build stops at by default
  ansible.builtin.debug:
    msg: "{{ lookup('serverlab.course.course_plan', 'latest_day') }}"

- name: Which day playbooks a VM at day 8 runs
  ansible.builtin.debug:
    msg: "{{ lookup('serverlab.course.course_plan', 'plays', upto=8) }}"
"""

RETURN = r"""
_raw:
  description: The plan (a dict), the value at the path, or for C(plays) a dict of playbook name to boolean.
  type: raw
  sample: {day06: true, day07: true, djbdns: false, day08: true, qmail: false}
"""

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

from ansible_collections.serverlab.course.plugins.module_utils import course


def at_path(plan, path):
    value = plan
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            raise AnsibleLookupError("the course plan has no %s (top level: %s)" % (path, ", ".join(sorted(plan))))
        value = value[part]
    return value


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        if len(terms) > 1:
            raise AnsibleLookupError("course_plan takes one term at most, not %d" % len(terms))
        path = str(terms[0]) if terms else ""
        if path == "plays":
            upto = self.get_option("upto")
            if upto is None:
                raise AnsibleLookupError("course_plan 'plays' needs upto (the day the VM is brought to)")
            tracks = {}
            for name, track in course.TRACKS.items():
                if variables and track["variable"] in variables:
                    tracks[name] = self._templar.template(variables[track["variable"]])
            return [course.plays(upto, tracks)]
        plan = course.as_dict()
        return [at_path(plan, path) if path else plan]
