# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
name: role_var
short_description: A role's variable as that role would set it on this host, even outside the role's play
version_added: 0.1.0
description:
  - Returns the value of each named variable of one of this collection's roles. The role is the longest role name
    the variable starts with, followed by C(_), so C(sshd_port) is the C(sshd) role's.
  - The host's own value wins when it has one (inventory, C(-e), the role running in this play). Otherwise the
    value comes from the role's files as a play would set it - C(defaults/main.yml), then C(vars/<os_family>.yml)
    and C(vars/main.yml) - rendered with the host's variables.
  - This is how the C(labeval) role tells the evaluator what each role builds (C(lab.json)) on every lab day,
    without restating any role's default.
author:
  - serverlab maintainers (!UNKNOWN)
options:
  _terms:
    description: Variable names of this collection's roles, for example C(sshd_port) or C(__superserver_model) (an internal variable, from the role's C(vars/)).
    required: true
"""

EXAMPLES = r"""
- name: The sshd port the day 12 role configures on this host
  ansible.builtin.debug:
    msg: "{{ lookup('serverlab.course.role_var', 'sshd_port') }}"
"""

RETURN = r"""
_raw:
  description: The value of each variable, in the order of the terms.
  type: list
  elements: raw
"""

import os

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase
from ansible_collections.serverlab.course.plugins.plugin_utils.compat import load_role_file, trust_as_template

ROLES_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "roles")


def owner(name, roles):
    """The role whose variable `name` is: the longest role name it starts with, followed by "_"
    (after the "__" of an internal variable, __<role>_*)."""
    bare = name[2:] if name.startswith("__") else name
    matches = [role for role in roles if bare.startswith(role + "_")]
    if not matches:
        raise AnsibleLookupError("%s is no variable of a serverlab.course role (roles: %s)"
                                 % (name, ", ".join(sorted(roles))))
    return max(matches, key=len)


class LookupModule(LookupBase):

    def _role_files(self, role, family):
        """(defaults, role vars) of `role` as its play loads them (vars/<family>.yml, then vars/main.yml)."""
        def load(*parts):
            path = os.path.join(ROLES_DIR, role, *parts)
            if not os.path.exists(path):
                return {}
            return load_role_file(self._loader, path) or {}
        role_vars = dict(load("vars", "%s.yml" % family)) if family else {}
        role_vars.update(load("vars", "main.yml"))
        return load("defaults", "main.yml"), role_vars

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        variables = variables or {}
        roles = sorted(r for r in os.listdir(ROLES_DIR) if os.path.isdir(os.path.join(ROLES_DIR, r)))
        family = self._templar.template(trust_as_template("{{ ansible_facts['os_family'] | default('') }}"))
        values = []
        for term in terms:
            name = str(term)
            if name in variables:
                values.append(self._templar.template(variables[name]))
                continue
            role = owner(name, roles)
            defaults, role_vars = self._role_files(role, family)
            if name not in defaults and name not in role_vars:
                raise AnsibleLookupError("roles/%s sets no %s (defaults/main.yml, vars/)" % (role, name))
            # A play's precedence: role defaults < the host's variables < role vars.
            context = dict(defaults)
            context.update(variables)
            context.update(role_vars)
            templar = self._templar.copy_with_new_env(available_variables=context)
            values.append(templar.template(context[name]))
        return values
