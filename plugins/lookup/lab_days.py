# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
name: lab_days
short_description: The lab days the evaluator's check catalog knows, up to a day
version_added: 0.1.0
description:
  - Returns the days of the check catalog (the days C(serverlab.course.lab_eval) accepts in its C(days)
    option), in order, optionally only those up to a day.
  - Use it to grade "everything up to day N" on every VM, whatever day each VM has recorded.
author:
  - serverlab maintainers (!UNKNOWN)
options:
  _terms:
    description: Not used.
    required: false
  upto:
    description: Keep only the days up to this one (included).
    type: int
"""

EXAMPLES = r"""
- name: Grade every catalog day up to lab_day
  serverlab.course.lab_eval:
    days: "{{ lookup('serverlab.course.lab_days', upto=lab_day | int, wantlist=true) }}"
"""

RETURN = r"""
_raw:
  description: The catalog's days (up to O(upto)), in order.
  type: list
  elements: int
  sample: [6, 7]
"""

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

from ansible_collections.serverlab.course.plugins.module_utils import catalog


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        days = catalog.known_days()
        upto = self.get_option("upto")
        if upto is not None:
            days = [d for d in days if d <= upto]
            if not days:
                raise AnsibleLookupError("the check catalog has no day up to %d (known days: %s)"
                                         % (upto, catalog.known_days_text()))
        return days
