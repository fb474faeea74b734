# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every serverlab validator module shares: it only reads, and fails on errors unless told not to."""

from __future__ import annotations


class ModuleDocFragment(object):
    DOCUMENTATION = r"""
options:
  fail_on_error:
    description:
      - Fail the task when any finding is an error (the run stops before anything changes).
      - With V(false) the findings are only returned, for reports and grading.
    type: bool
    default: true
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: The module only reads; it never changes the host.
  diff_mode:
    support: none
  platform:
    platforms: posix
"""
