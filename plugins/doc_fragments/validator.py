# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every serverlab validator module shares (plugins/module_utils/validator.py is the code side).

A module lists ansible.builtin.action_common_attributes beside serverlab.course.validator: a fragment cannot
extend another fragment (the attributes would lose their descriptions)."""

from __future__ import annotations


class ModuleDocFragment(object):
    # Every validator: it only reads, and fails on errors unless told not to.
    DOCUMENTATION = r"""
options:
  fail_on_error:
    description:
      - Fail the task when any finding is an error (the run stops before anything changes).
      - With V(false) the findings are only returned, for reports and grading.
      - A file the module cannot read is an error finding with the code C(unreadable), never a module failure
        of its own, so V(false) returns it in C(findings) too.
      - All validators at once - C(module_defaults) for the action group C(group/serverlab.course.validators).
    type: bool
    default: true
attributes:
  check_mode:
    support: full
    details: The module only reads; it never changes the host.
  diff_mode:
    support: none
  platform:
    platforms: posix
"""

    # serverlab.course.validator.source: a module that checks one file, or its candidate text.
    SOURCE = r"""
options:
  path:
    description:
      - The file to check, read on the managed host.
      - With O(content), only the name used in messages.
    type: path
  content:
    description:
      - The text to check instead of reading O(path), for example a rendered template
        (C(lookup('ansible.builtin.template', ...))) before it replaces the live file.
    type: str
"""
