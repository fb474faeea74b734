# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: evaluator_bundle
author: serverlab maintainers (!UNKNOWN)
version_added: 0.1.0
short_description: Pack the evaluator's check catalog into one reproducible zip on the controller
description:
  - Packs this collection's C(plugins/module_utils) (the evaluator, the catalog, the checks and the parsers they
    use) into a zip whose top-level package is C(serverlab_course), and returns the zip's path on the controller.
  - The zip is byte-for-byte reproducible (sorted entries, fixed timestamps), so copying it to the VM with
    M(ansible.builtin.copy) is one transfer when the catalog changed and one checksum comparison otherwise.
  - The C(labeval) command imports the package straight from the zip (Python's zipimport).
options:
  cache_dir:
    description: Controller directory for the zip.
    type: path
    default: "~/.cache/serverlab"
"""

EXAMPLES = r"""
- name: Install the check catalog
  ansible.builtin.copy:
    src: "{{ lookup('serverlab.course.evaluator_bundle') }}"
    dest: /usr/local/lib/serverlab/serverlab_course.zip
    mode: "0644"
"""

RETURN = r"""
_raw:
  description: The path of the zip on the controller.
  type: list
  elements: path
"""

import os

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

from ansible_collections.serverlab.course.plugins.module_utils import bundle

MODULE_UTILS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "module_utils")


class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        cache_dir = os.path.expanduser(self.get_option("cache_dir"))
        try:
            return [bundle.write_bundle(MODULE_UTILS, cache_dir)]
        except (IOError, OSError) as exc:
            raise AnsibleLookupError("cannot write the evaluator bundle in %s: %s" % (cache_dir, exc))
