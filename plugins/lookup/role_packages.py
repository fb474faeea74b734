# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
name: role_packages
short_description: The packages the collection's roles install on an OS family
version_added: 0.1.0
description:
  - Reads C(<role>_packages) from each named role's C(vars/<family>.yml) in this collection and returns
    the package names, in the order of the roles, each name once.
  - Only a literal list counts. A list computed from the host's settings (a Jinja expression, such as
    the network role's) is left to the role itself, which installs it when it runs.
  - C(playbooks/upto.yml) uses it to install the packages of the days ahead in the background while the
    earlier days are configured; the roles still install their own packages, so a package this lookup
    does not return is never missed.
author:
  - serverlab maintainers (!UNKNOWN)
options:
  _terms:
    description: Role names of this collection, short (C(postfix)) or fully qualified.
    required: true
  family:
    description: The OS family, as in C(ansible_facts['os_family']) (C(Debian), C(RedHat)).
    type: str
    required: true
"""

EXAMPLES = r"""
- name: The packages of the day 8 roles on this host's OS family
  ansible.builtin.debug:
    msg: "{{ lookup('serverlab.course.role_packages', 'mailcert', 'postfix', 'dovecot',
             family=ansible_facts['os_family'], wantlist=true) }}"
"""

RETURN = r"""
_raw:
  description: Package names, each once, in the order of the roles.
  type: list
  elements: str
  sample: [python3-cryptography, openssl, postfix, dovecot-core]
"""

import os
import re

import yaml

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

ROLES_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "roles")
PREFIX = "serverlab.course."


def role_packages(roles, family, roles_dir=ROLES_DIR):
    """Literal <role>_packages of each role's vars/<family>.yml, each name once, in order."""
    if not re.match(r"^[A-Za-z0-9_]+$", family or ""):
        raise AnsibleLookupError("family: '%s' is not an OS family such as Debian or RedHat" % family)
    names = []
    for role in roles:
        short = role[len(PREFIX):] if role.startswith(PREFIX) else role
        if not os.path.isdir(os.path.join(roles_dir, short)):
            raise AnsibleLookupError("'%s' is not a role of serverlab.course" % role)
        path = os.path.join(roles_dir, short, "vars", "%s.yml" % family)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
        value = data.get("%s_packages" % short)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            names.extend(v for v in value if v not in names)
    return names


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        return role_packages([str(t) for t in terms], self.get_option("family"))
