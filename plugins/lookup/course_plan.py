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
    C(lab_time_provider); unset, the plan's defaults). Its mail track C(lab_mail_role), when the play does not have
    it (the role C(lab) derives it), comes from C(lab_mail_hosts) and C(lab_address); a relay of the mail split
    runs the set-up day and the MTA alone (course plan C(edge)).
  - The term C(mail_role) returns that mail track (C(single) without C(lab_mail_hosts)).
author:
  - serverlab maintainers (!UNKNOWN)
options:
  _terms:
    description: A dotted path into the plan, C(plays) or C(mail_role).
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

    def _mail_role(self, variables):
        """This host's part of the mail split, as role lab's lab_mail_role derives it (its entry in
        lab_mail_hosts, found by lab_address); single when the model has none or no entry for it (role
        lab then stops the run naming lab_address)."""
        hosts = self._templar.template(variables.get("lab_mail_hosts") or [])
        if not hosts or "lab_address" not in variables:
            return "single"
        address = str(self._templar.template(variables["lab_address"]))
        for host in hosts:
            if isinstance(host, dict) and str(host.get("address")) == address:
                return str(host.get("role", "single"))
        return "single"

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
            tracks.setdefault("mail", self._mail_role(variables or {}))
            return [course.plays(upto, tracks)]
        if path == "mail_role":
            variables = variables or {}
            if "lab_mail_role" in variables:
                return [self._templar.template(variables["lab_mail_role"])]
            return [self._mail_role(variables)]
        plan = course.as_dict()
        return [at_path(plan, path) if path else plan]
