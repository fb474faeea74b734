# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action of serverlab.course.lab_ports_check: gather the lab's port map on the controller.

The run's first play checks the whole VM before anything changes, but it does not hold the roles
of the later days, so their defaults are not variables yet. This plugin reads each role the VM
runs (portmap.roles_for: the day and the lab model's tracks) the way Ansible would: its
defaults/main.yml below everything else, its vars/main.yml and vars/<family>.yml above the
defaults, the host's variables (inventory, -e) above both. Then it templates only the role's
``<role>_listens`` (and the MTA's names), so each claim comes from the same variables the role's
templates use. The module checks them on the VM, with the VM's own addresses.
"""

from __future__ import annotations

import os

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.serverlab.course.plugins.module_utils import course
from ansible_collections.serverlab.course.plugins.module_utils.i18n import tr
from ansible_collections.serverlab.course.plugins.plugin_utils.compat import load_role_file
from ansible_collections.serverlab.course.plugins.module_utils.portmap import MTA_NAMES, roles_for

MODULE = "serverlab.course.lab_ports_check"

ROLES_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "roles")

# The model variables that choose the roles (portmap.ROLE_DAYS), with the lab role's defaults.
CHOICES = ("lab_dns_server", "lab_mta", "lab_time_provider")


class ActionModule(ActionBase):

    TRANSFERS_FILES = False
    _supports_check_mode = True
    _supports_async = False

    def _load(self, role, *parts):
        path = os.path.join(ROLES_DIR, role, *parts)
        if not os.path.exists(path):
            return {}
        data = load_role_file(self._loader, path)
        return dict(data or {})

    def _context(self, roles, task_vars):
        """Variables as the roles would see them: defaults < role vars < the host's variables."""
        family = str(self._templar.template(task_vars.get("ansible_facts", {}).get("os_family", "")))
        context = {}
        for role in roles:
            context.update(self._load(role, "defaults", "main.yml"))
        for role in roles:
            context.update(self._load(role, "vars", "main.yml"))
            if family:
                context.update(self._load(role, "vars", "%s.yml" % family))
        context.update(task_vars)
        return context

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp

        args = dict(self._task.args)
        lang = str(self._templar.template(args.get("lang", "en")))
        for computed in ("listens", "mta", "mta_values", "planned_addresses"):
            if computed in args:
                raise AnsibleActionFail(tr(lang, "%(option)s is computed from the roles' defaults; do not set it",
                                           option=computed))
        day = args.pop("day", None)
        roles = args.pop("roles", None)
        if roles is None:
            if day is None:  # a single day's playbook: every day of the model (its later days' roles too)
                day = max(course.DAYS)
            model = dict((name, self._templar.template(task_vars.get(name, ""))) for name in CHOICES)
            roles = roles_for(int(day), model)
        roles = [str(r).rsplit(".", maxsplit=1)[-1] for r in roles]

        # The network role gives the VM lab_address where it applies the address (network_apply).
        templar = self._templar.copy_with_new_env(
            available_variables=self._context(sorted(set(roles) | {"network"}), task_vars))
        listens = {}
        for role in roles:
            name = "%s_listens" % role
            if name not in templar.available_variables:
                continue
            try:
                listens[role] = templar.template(templar.available_variables[name])
            except Exception as exc:  # pylint: disable=broad-except
                raise AnsibleActionFail(tr(lang, "%(name)s cannot be computed: %(error)s", name=name, error=exc))
        args["listens"] = listens
        mta = next((r for r in roles if r in MTA_NAMES), None)
        if mta:
            args["mta"] = mta
            args["mta_values"] = dict(
                (var, templar.template(templar.available_variables.get(var)))
                for var in MTA_NAMES[mta].values() if var and var in templar.available_variables)
        try:
            apply = templar.template(templar.available_variables.get("network_apply", False))
            planned = ([templar.template(templar.available_variables["network_address"])]
                       if str(apply).strip().lower() in ("true", "yes", "1", "on") else [])
        except Exception:  # pylint: disable=broad-except
            planned = []
        args["planned_addresses"] = [str(a) for a in planned if a]

        result.update(self._execute_module(module_name=MODULE, module_args=args, task_vars=task_vars))
        result["roles"] = roles
        return result
