#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: lab_eval
short_description: Grade the lab VM with the course's day-by-day checks
version_added: 0.1.0
description:
  - Runs the checks of the serverlab evaluator (the same catalog the C(labeval) command on the VM
    and the Molecule verify steps use) and returns one verdict per check.
  - Each check reports C(PASS) or C(FAIL) with a reason that names the mistake and its fix, in the
    format of the course's evaluation tool, for example C([4:FAIL] - 'network/gateway') followed by
    the reason in parentheses.
  - The lab's settings (host name, domain, device, address, gateway, trainee, lab day) come from the
    JSON file written by the C(serverlab.course.labeval) role; missing keys take the course's
    defaults (host C(h2g), domain C(example.com), C(eth0) at C(192.168.0.10/24), no gateway,
    trainee C(user1)).
  - The module only reads the system. It never changes anything, so it always reports C(changed=false).
  - With O(view=net) it grades the network view instead - the VM at O(target) seen from the host the
    module runs on, a client of the lab network, over the protocols the lab's users speak (the same
    checks as C(labeval --target)). Run it there with C(delegate_to), giving it the VM's lab
    configuration (O(lab)) and the trainee's credentials (O(auth)); see C(playbooks/grade.yml).
author:
  - serverlab maintainers (!UNKNOWN)
options:
  days:
    description:
      - The lab days to evaluate, for example C([6]).
      - When not set (or empty), every known day up to the C(day) of the lab configuration, or every
        known day when the configuration names no day.
      - A day the catalog does not know fails the task, naming the known days.
    type: list
    elements: int
  upto:
    description:
      - Evaluate every known day up to this one (included), whatever day the VM has recorded.
      - Ignored when O(days) is set. The instructor's grading uses it to grade a class at day N.
    type: int
  user:
    description:
      - The trainee account to check, like the C(USER) argument of the course's tool.
      - Defaults to the C(user) of the lab configuration, C(user1) by default.
    type: str
  keep_going:
    description:
      - Evaluate every check even after a failure (the course tool's C(-c)).
      - When C(false), stop at the first failed check like the course's tool does by default.
    type: bool
    default: true
  config:
    description:
      - The lab configuration file (JSON object). A missing file means the course's defaults.
    type: path
    default: /etc/serverlab/lab.json
  detail:
    description:
      - Add the evidence lines under each check in RV(report) (the course tool's C(-d)).
    type: bool
    default: false
  fail_on_failed:
    description:
      - Fail the task when a check fails. By default the task succeeds and RV(passed) says whether
        every check passed.
    type: bool
    default: false
  lang:
    description:
      - The language of the reasons in RV(results), RV(report) and RV(msg), like C(labeval --lang).
      - C(en) is the course's English; C(ja) gives Japanese reasons and messages where a translation
        exists (evidence lines stay English).
      - Check ids, items and the C(PASS)/C(FAIL) tokens are the same in both languages, so scripts
        and the instructor's grade report read them alike.
    type: str
    choices: [en, ja]
    default: en
  view:
    description:
      - C(vm) grades the VM where the module runs; C(net) grades the VM at O(target) from where the
        module runs (a client of the lab network).
    type: str
    choices: [vm, net]
    default: vm
  target:
    description:
      - With O(view=net), the lab address of the VM to grade. Required then.
    type: str
  lab:
    description:
      - The lab configuration itself (the keys of the VM's C(lab.json)), instead of reading O(config).
      - The network view runs away from the VM, so the grading playbook reads the VM's file and passes it here.
    type: dict
  auth:
    description:
      - With O(view=net), the text of the VM's C(trainee.auth) with C(username) and C(password) lines,
        the trainee's login for POP3, IMAP, SMTP AUTH, Samba and MySQL.
      - Without it every login check FAILs saying no credentials were given.
    type: str
  samba_auth:
    description: With O(view=net), the text of the VM's C(samba.auth) when the Samba account differs.
    type: str
  mysql_cnf:
    description: With O(view=net), the text of the lab MySQL account's option file (C([client] user, password)).
    type: str
  identity:
    description: With O(view=net), the trainee's private SSH key, a file on the host the module runs on.
    type: path
  timeout:
    description: With O(view=net), seconds to wait for each answer.
    type: float
    default: 10
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in diff mode).
    support: none
notes:
  - Run it with C(become=true), because the trainee check reads C(/etc/shadow).
  - On the VM the same checks run as C(labeval [USER] [-d] [-c] [--day N] [--format json] [--lang ja]);
    there the language also follows the locale (C(LANG=ja_JP.UTF-8)).
seealso:
  - name: Course notes
    description: The course's evaluation tool and the mistakes the checks catch.
    link: https://example.invalid/serverlab/course
"""

EXAMPLES = r"""
- name: Grade day 6 (environment set-up) for the default trainee
  serverlab.course.lab_eval:
    days: [6]
  become: true
  register: grade

- name: Show the verdicts like the course's tool
  ansible.builtin.debug:
    var: grade.report

- name: Grade everything up to the lab's day, stop at the first failure, fail the play on a FAIL
  serverlab.course.lab_eval:
    keep_going: false
    fail_on_failed: true
  become: true

- name: Grade another trainee with evidence lines
  serverlab.course.lab_eval:
    user: user2
    detail: true
  become: true

- name: Grade the network view of the VM from the controller, a client of the lab network
  serverlab.course.lab_eval:
    view: net
    target: 192.168.0.10
    lab: "{{ lab_json.content | b64decode | from_json }}"
    auth: "{{ trainee_auth.content | b64decode }}"
    upto: 13
  delegate_to: localhost

- name: Grade day 7 with the reasons in Japanese
  serverlab.course.lab_eval:
    days: [7]
    lang: ja
  become: true
"""

RETURN = r"""
results:
  description: One entry per evaluated check, in order (the C(results) of C(labeval --format json)).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Day and number, C(day.num).
      type: str
      sample: "6.4"
    day:
      description: The lab day.
      type: int
      sample: 6
    num:
      description: The check's number within its day, as the course's tool shows it.
      type: int
      sample: 4
    item:
      description: What is checked.
      type: str
      sample: network/gateway
    status:
      description: C(PASS) or C(FAIL).
      type: str
      sample: FAIL
    reason:
      description: For a FAIL, what is wrong and how to fix it, in the language of O(lang); empty for a PASS.
      type: str
      sample: "ifcfg-eth0 line 6 sets GATEWAY=1, but the lab network has no default gateway: ..."
    evidence:
      description: What the check looked at.
      type: list
      elements: str
      sample: ["ifcfg-eth0 line 6: GATEWAY=1"]
summary:
  description: Counts. C(total) is the number of selected checks; with I(keep_going=false) it can
    exceed C(passed) + C(failed) when the evaluation stopped early.
  returned: always
  type: dict
  sample: {"total": 7, "passed": 6, "failed": 1, "stopped_early": false}
passed:
  description: Whether every selected check was evaluated and passed.
  returned: always
  type: bool
  sample: false
report:
  description: The text report of the course's tool, one line per check.
  returned: always
  type: list
  elements: str
  sample:
    - "[1:PASS] - 'hostname'"
    - "[4:FAIL] - 'network/gateway' ('ifcfg-eth0 line 6 sets GATEWAY=1, ...')"
msg:
  description: A summary, with one line per failed check.
  returned: always
  type: str
  sample: "1 of 7 checks failed:\n- [4:FAIL] network/gateway: ifcfg-eth0 line 6 sets GATEWAY=1, ..."
days:
  description: The days evaluated.
  returned: always
  type: list
  elements: int
  sample: [6]
user:
  description: The trainee account checked.
  returned: always
  type: str
  sample: user1
view:
  description: The view graded, C(vm) or C(net).
  returned: always
  type: str
  sample: net
target:
  description: With O(view=net), the address graded.
  returned: when O(view=net)
  type: str
  sample: 192.168.0.10
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.serverlab.course.plugins.module_utils import catalog, netprobe
from ansible_collections.serverlab.course.plugins.module_utils.cli import grade
from ansible_collections.serverlab.course.plugins.module_utils.framework import Context, load_config, message_of
from ansible_collections.serverlab.course.plugins.module_utils.i18n import LANGS, localize, tr

# Unit tests point these at a fake tree and a fake command runner.
ROOT = "/"
RUNNER = None


def summary_message(report, lang="en"):
    """'all 7 checks passed', or the failed checks one per line (in `lang`, en or ja)."""
    summary = report.summary()
    if report.passed:
        return tr(lang, "all %(total)d checks passed", total=summary["total"])
    if summary["stopped_early"]:
        head = tr(lang, "%(failed)d of %(total)d checks failed (stopped at the first failure; %(left)d not evaluated):",
                  failed=summary["failed"], total=summary["total"],
                  left=summary["total"] - summary["passed"] - summary["failed"])
    else:
        head = tr(lang, "%(failed)d of %(total)d checks failed:", failed=summary["failed"], total=summary["total"])
    lines = ["- [%d:FAIL] %s: %s" % (check.num, check.item, localize(result.reason, lang))
             for check, result in report.outcomes if not result.ok]
    return "\n".join([head] + lines)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            days=dict(type="list", elements="int"),
            upto=dict(type="int"),
            user=dict(type="str"),
            keep_going=dict(type="bool", default=True),
            config=dict(type="path", default="/etc/serverlab/lab.json"),
            detail=dict(type="bool", default=False),
            fail_on_failed=dict(type="bool", default=False),
            lang=dict(type="str", default="en", choices=list(LANGS)),
            view=dict(type="str", default="vm", choices=["vm", "net"]),
            target=dict(type="str"),
            lab=dict(type="dict"),
            auth=dict(type="str", no_log=True),
            samba_auth=dict(type="str", no_log=True),
            mysql_cnf=dict(type="str", no_log=True),
            identity=dict(type="path"),
            timeout=dict(type="float", default=netprobe.DEFAULT_TIMEOUT),
        ),
        required_if=[("view", "net", ["target"])],
        supports_check_mode=True,
    )
    params = module.params
    lang = params["lang"]
    days = params["days"] or None
    if days is None and params["upto"] is not None:
        days = [d for d in catalog.known_days() if d <= params["upto"]]
        if not days:
            module.fail_json(msg=tr(lang, "the check catalog has no day up to %(day)d (known days: %(known)s)",
                                    day=params["upto"], known=catalog.known_days_text()), changed=False)
    try:
        config = params["lab"] if params["lab"] is not None else load_config(params["config"], root=ROOT)
        if params["view"] == "net":
            credentials = netprobe.Credentials.from_texts(params["auth"], params["identity"], params["mysql_cnf"],
                                                          params["samba_auth"])
            if params["user"]:
                config = dict(config, user=params["user"])
            ctx = netprobe.NetContext(params["target"], config, runner=RUNNER, credentials=credentials,
                                      timeout=params["timeout"])
        else:
            ctx = Context(params["user"], config, root=ROOT, runner=RUNNER)
        report = grade(ctx, days=days, keep_going=params["keep_going"], view=params["view"])
    except ValueError as exc:
        module.fail_json(msg=localize(message_of(exc), lang), changed=False)
    data = report.as_dict(lang)
    result = dict(
        changed=False,
        msg=summary_message(report, lang),
        results=data["results"],
        summary=data["summary"],
        passed=report.passed,
        report=report.lines(detail=params["detail"], lang=lang),
        days=data["days"],
        user=data["user"],
        view=params["view"],
    )
    if params["view"] == "net":
        result["target"] = params["target"]
    if params["fail_on_failed"] and not report.passed:
        module.fail_json(**result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
