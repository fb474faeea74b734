# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action of serverlab.course.grade_report: the report folder is relative to ansible-playbook's current
directory (a job's own directory in AWX), not to the playbook's: Ansible runs local modules from the
playbook's directory, which for `serverlab.course.grade` lies inside the installed collection."""

from __future__ import annotations

import os

from ansible.plugins.action import ActionBase

from ansible_collections.serverlab.course.plugins.modules.grade_report import default_dest

MODULE = "serverlab.course.grade_report"


class ActionModule(ActionBase):
    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = dict(self._task.args)
        dest = args.get("dest")
        if not dest:
            try:
                day = None if args.get("day") is None else int(args["day"])
            except (TypeError, ValueError):
                day = "bad"  # the module reports it
            if day != "bad":
                dest = default_dest(day)
        if dest:
            # Forked workers keep ansible-playbook's current directory.
            args["dest"] = os.path.join(os.getcwd(), os.path.expanduser(str(dest)))
        result.update(self._execute_module(module_name=MODULE, module_args=args, task_vars=task_vars))
        return result
