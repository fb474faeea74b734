# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action of serverlab.course.grade_report: the report folder is relative to ansible-playbook's current
directory (a job's own directory in AWX), not to the playbook's: Ansible runs local modules from the
playbook's directory, which for `serverlab.course.grade` lies inside the installed collection. A school's
page template is found as ansible.builtin.template finds its src (the playbook's or role's templates/);
none given: the collection's, whose path only the controller knows (module utils carry no data files)."""

from __future__ import annotations

import os

from ansible.errors import AnsibleError
from ansible.plugins.action import ActionBase

from ansible_collections.serverlab.course.plugins.module_utils.gradereport import DEFAULT_TEMPLATE, now_text

from ansible_collections.serverlab.course.plugins.modules.grade_report import ReportError, default_dest, render_page

MODULE = "serverlab.course.grade_report"


class ActionModule(ActionBase):
    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = dict(self._task.args)
        try:
            day = None if args.get("day") is None else int(args["day"])
        except (TypeError, ValueError):
            day = "bad"  # the module reports it
        dest = args.get("dest")
        if not dest and day != "bad":
            dest = default_dest(day)
        if dest:
            # Forked workers keep ansible-playbook's current directory.
            args["dest"] = os.path.join(os.getcwd(), os.path.expanduser(str(dest)))
        template = args.get("template")
        if template:
            try:
                args["template"] = self._find_needle("templates", os.path.expanduser(str(template)))
            except AnsibleError as exc:
                result.update(failed=True, msg="grade_report template %s: %s" % (template, exc))
                return result
        else:
            args["template"] = DEFAULT_TEMPLATE
        # The page is rendered here, in ansible-playbook's own Python (Jinja2 is there): the module may run in
        # another Python on the controller (localhost named in an inventory gets the discovered interpreter).
        if day != "bad" and isinstance(args.get("results"), dict):
            generated = now_text()
            try:
                args["html"] = render_page(dict(args, day=day), generated)
            except ReportError as exc:
                result.update(failed=True, msg=str(exc))
                return result
            args["generated"] = generated
        result.update(self._execute_module(module_name=MODULE, module_args=args, task_vars=task_vars))
        return result
