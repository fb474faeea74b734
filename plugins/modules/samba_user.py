#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: samba_user
short_description: Manage a Samba (tdbsam) account, setting its password only when it really differs
description:
  - Adds, enables, disables or deletes a Samba account with C(smbpasswd), like the course's
    C(smbpasswd -a user1).
  - Idempotent for passwords. The module reads the stored NT hash from C(pdbedit -Lw) and compares it
    with the NT hash of O(password) (MD4 of the UTF-16LE password, computed in pure Python because
    OpenSSL 3 no longer offers MD4). C(smbpasswd -s -a) runs only when the account is new or the
    hashes differ, so a second run reports no change and never logs the password.
  - The password is given to C(smbpasswd) on standard input only, never on a command line.
  - A Samba account needs a Unix account of the same name first; the module says so when it is missing.
version_added: 0.1.0
author:
  - serverlab maintainers (!UNKNOWN)
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
options:
  name:
    description: The account name (the Unix user).
    type: str
    required: true
    aliases: [user]
  password:
    description:
      - The wanted clear-text password. Required to create an account.
      - Never logged; give it from a variable or Ansible Vault.
    type: str
  state:
    description: V(present) creates or updates the account, V(absent) deletes it (C(smbpasswd -x)).
    type: str
    choices: [present, absent]
    default: present
  enabled:
    description: Whether the account may log in (C(smbpasswd -e) / C(smbpasswd -d)).
    type: bool
    default: true
  update_password:
    description:
      - V(always) sets the password whenever the stored one differs; V(on_create) only for a new account.
    type: str
    choices: [always, on_create]
    default: always
attributes:
  check_mode:
    support: full
  diff_mode:
    support: none
  platform:
    platforms: posix
notes:
  - Needs C(pdbedit) and C(smbpasswd) (Debian C(samba), EL C(samba) and C(samba-common-tools)).
  - The logic lives in the collection's C(samba) module_utils (C(nt_hash), C(parse_pdbedit_w), C(plan_user)).
seealso:
  - name: smbpasswd(8)
    description: The Samba password tool.
    link: https://www.samba.org/samba/docs/current/man-html/smbpasswd.8.html
"""

EXAMPLES = r"""
- name: The trainee is a Samba user with the lab password
  serverlab.course.samba_user:
    name: user1
    password: "{{ lab_user_password }}"

- name: Keep an account but lock it
  serverlab.course.samba_user:
    name: guestlab
    enabled: false

- name: Remove an account
  serverlab.course.samba_user:
    name: olduser
    state: absent
"""

RETURN = r"""
actions:
  description: What was (or, in check mode, would be) done, in order.
  returned: always
  type: list
  elements: str
  sample: [add]
account:
  description: The account as pdbedit shows it after the run (before it in check mode); null when there is none.
  returned: always
  type: dict
  sample: {name: user1, uid: 1000, flags: U, disabled: false, has_password: true}
"""

import pwd

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.serverlab.course.plugins.module_utils.samba import (
    ADD,
    commands_for,
    parse_pdbedit_w,
    plan_user,
)


def read_accounts(module, pdbedit):
    rc, out, err = module.run_command([pdbedit, "-L", "-w"], environ_update={"LC_ALL": "C"})
    if rc != 0:
        module.fail_json(msg="pdbedit -Lw failed (rc %d): %s" % (rc, (err or out).strip()))
    return parse_pdbedit_w(out)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type="str", required=True, aliases=["user"]),
            password=dict(type="str", no_log=True),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            enabled=dict(type="bool", default=True),
            update_password=dict(type="str", default="always", choices=["always", "on_create"]),
        ),
        supports_check_mode=True,
    )
    params = module.params
    name = params["name"]
    pdbedit = module.get_bin_path("pdbedit", required=True)
    smbpasswd = module.get_bin_path("smbpasswd", required=True)

    accounts = read_accounts(module, pdbedit)
    account = accounts.get(name)
    if params["state"] == "present" and account is None:
        try:
            pwd.getpwnam(name)
        except KeyError:
            if module.check_mode:  # --check on a fresh VM: the account comes from an earlier role
                module.warn("%s is not a Unix account yet; it must exist before its Samba account" % name)
                module.exit_json(changed=True, actions=["add"], account=None)
            module.fail_json(msg="%s is not a Unix account: a Samba user must exist in /etc/passwd first "
                                 "(useradd -m %s), then smbpasswd -a %s" % (name, name, name))
        if params["password"] is None:
            module.fail_json(msg="%s has no Samba account yet: give a password to create one" % name)
    actions = plan_user(account, params["state"], params["password"], params["enabled"],
                        params["update_password"])
    result = dict(changed=bool(actions), actions=actions,
                  account=account.as_dict() if account else None)
    if not actions or module.check_mode:
        module.exit_json(**result)

    for argv, data in commands_for(name, actions, params["password"]):
        argv = [smbpasswd] + argv[1:]
        rc, out, err = module.run_command(argv, data=data, binary_data=True,
                                          environ_update={"LC_ALL": "C"})
        if rc != 0:
            what = "setting the password of" if argv[-2] == "-a" else "%s" % " ".join(argv[1:-1])
            module.fail_json(msg="smbpasswd failed %s %s (rc %d): %s"
                                 % (what, name, rc, (err or out).strip()), actions=actions)
    after = read_accounts(module, pdbedit).get(name)
    if ADD in actions and params["password"] is not None and (after is None or not after.password_is(params["password"])):
        module.fail_json(msg="smbpasswd reported success but the stored NT hash of %s is not the wanted "
                             "password's" % name, actions=actions)
    result["account"] = after.as_dict() if after else None
    module.exit_json(**result)


if __name__ == "__main__":
    main()
