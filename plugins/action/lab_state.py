# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action of serverlab.course.lab_state: compute the digest of the run's inputs on the controller.

The inputs are the collection's content (roles/, plugins/, playbooks/, galaxy.yml of the collection
this file belongs to) and the serverlab variables of the host: every variable named lab_* or
<role>_* for each role of the collection, templated, except the ones that only steer the run
(lab_hosts, lab_full_run, lab_play_hosts, lab_day: the day is compared on its own) and ansible_*.
Variables set during the run (register, set_fact, include_vars, facts) are results, not inputs: the
check at the start of a run and the record at its end must see the same inputs.

The inputs hold secrets (passwords): they never leave this plugin. Only their digest goes to the
module, as a no_log option, and it is not returned.
"""

from __future__ import annotations

import os

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.serverlab.course.plugins.module_utils.i18n import T, join, localize, tr
from ansible_collections.serverlab.course.plugins.module_utils.labstate import digest_inputs

MODULE = "serverlab.course.lab_state"

# plugins/action/lab_state.py -> the collection root (in a clone collections/ansible_collections/serverlab/course
# is a symlink to the repository; only roles/, plugins/, playbooks/ and galaxy.yml are read).
COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Variables that choose what the run does, where, or in which language it speaks, not what the VM should be.
NOT_INPUTS = frozenset(("lab_hosts", "lab_full_run", "lab_play_hosts", "lab_day", "lab_packages_ahead_play", "lab_lang"))


def role_prefixes(collection_root=COLLECTION_ROOT):
    """("lab_", "<role>_", ...) for every role directory of the collection, sorted."""
    roles_dir = os.path.join(collection_root, "roles")
    try:
        names = sorted(n for n in os.listdir(roles_dir) if os.path.isdir(os.path.join(roles_dir, n)))
    except OSError:
        names = []
    return tuple(["lab_"] + ["%s_" % name for name in names if name != "lab"])


class ActionModule(ActionBase):

    TRANSFERS_FILES = False
    _supports_check_mode = True
    _supports_async = False

    def _runtime_names(self, host):
        """Names set during this run for the host: registered results, set_fact, include_vars, facts.

        The variable manager keeps them apart from the inventory; when it cannot be asked, nothing
        is left out, and the record's digest then differs from the check's (stale: the safe side).
        """
        names = set()
        manager = self._task.get_variable_manager() if hasattr(self._task, "get_variable_manager") else None
        if manager is None or host is None:
            return names
        for attr in ("_nonpersistent_fact_cache", "_vars_cache"):
            try:
                names.update(getattr(manager, attr).get(host) or {})
            except Exception:  # pylint: disable=broad-except
                pass
        try:
            names.update(manager._fact_cache.get(host) or {})
        except Exception:  # pylint: disable=broad-except
            pass
        return names

    def _collect_inputs(self, task_vars):
        """(inputs, names that could not be templated)."""
        prefixes = role_prefixes()
        runtime = self._runtime_names(task_vars.get("inventory_hostname"))
        inputs = {}
        failed = []
        for name in sorted(task_vars):
            if (not name.startswith(prefixes) or name in NOT_INPUTS or name.startswith("ansible_")
                    or name in runtime):
                continue
            try:
                inputs[name] = self._templar.template(task_vars[name])
            except Exception as exc:  # pylint: disable=broad-except
                # Never the message: it could quote a secret. The run is stale (see run()).
                inputs[name] = {"__untemplatable__": type(exc).__name__}
                failed.append(name)
        return inputs, failed

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp

        args = dict(self._task.args)
        lang = str(self._templar.template(args.get("lang", "en")))
        if "digest" in args:
            raise AnsibleActionFail(tr(lang, "digest is computed by the action from the collection and the variables; "
                                             "do not set it"))
        inputs = args.pop("inputs", None)
        failed = []
        if inputs is None:
            inputs, failed = self._collect_inputs(task_vars)
        elif not isinstance(inputs, dict):
            raise AnsibleActionFail(tr(lang, "inputs must be a dictionary of variables"))
        args["digest"] = digest_inputs(COLLECTION_ROOT, inputs)
        del inputs

        result.update(self._execute_module(module_name=MODULE, module_args=args, task_vars=task_vars))
        if failed and "fresh" in result:
            # A variable that cannot be templated here cannot be compared: never call that fresh.
            # The module's reasons are already in the run's language (lang): only this one and msg are new.
            reasons = [T("variables %(names)s cannot be templated outside their roles: full run",
                         names=", ".join(failed))] + list(result.get("reasons") or [])
            result["fresh"] = False
            result["reasons"] = [localize(r, lang) for r in reasons]
            result["msg"] = tr(lang, "stale: %(reasons)s", reasons=join(reasons))
        return result
