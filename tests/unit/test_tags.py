"""Tags: a day (--tags day07) or a role (--tags named) of upto.yml and the day playbooks; the gate, the
evaluator and the summary always run; the roles of other days do not."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
ENV = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(REPO, "collections"),
           ANSIBLE_CONFIG=os.path.join(REPO, "ansible.cfg"))


def role_tasks(playbook, *args):
    """{role: number of its listed tasks} of `ansible-playbook --list-tasks`, argument checks left out
    (Ansible always runs those)."""
    out = subprocess.run([CLI, "-i", os.path.join(REPO, "inventories", "local"), "--list-tasks",
                          os.path.join(REPO, "playbooks", playbook)] + list(args), cwd=REPO, env=ENV,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, check=False)
    assert out.returncode == 0, out.stdout + out.stderr
    roles = {}
    for line in out.stdout.splitlines():
        match = re.match(r"\s+serverlab\.course\.(\w+) : (.*)\tTAGS", line)
        if match and not match.group(2).startswith("Validating arguments"):
            roles[match.group(1)] = roles.get(match.group(1), 0) + 1
    return roles, out.stdout


@pytest.mark.parametrize("tags, want, unwanted", [
    ("named", {"named"}, {"postfix", "dovecot", "samba", "sshd", "network", "trainee", "mysql"}),
    ("day08", {"postfix", "dovecot"}, {"named", "samba", "sshd", "network", "mysql"}),
    ("samba,mysql", {"samba", "mysql"}, {"named", "postfix", "superserver", "sshd"}),
])
def test_upto_by_day_or_role(tags, want, unwanted):
    roles, out = role_tasks("upto.yml", "--tags", tags)
    assert want <= set(roles), out
    assert not unwanted & set(roles), out
    # The gate (fast re-run), the evaluator and the summary always run.
    assert "Compare the VM with the fingerprint of its last whole run" in out
    assert "labeval" in roles and "Report the hosts that reached the day" in out


def test_a_day_playbook_by_role():
    roles, out = role_tasks("day10.yml", "--tags", "superserver")
    assert "superserver" in roles and "samba" not in roles, out


WHOLE_RUN = "ansible_run_tags | list == ['all'] and ansible_skip_tags | length == 0"


def test_a_run_limited_by_tags_records_no_fingerprint_and_installs_nothing_ahead():
    text = open(os.path.join(REPO, "playbooks", "upto.yml"), encoding="utf-8").read()
    record = text[text.index("Record the VM's fingerprint after its whole run"):]
    assert "when: " + WHOLE_RUN in record.split("\n- name:")[0]
    ahead = text[text.index("List the packages of the day plays ahead"):]
    assert "- " + WHOLE_RUN in ahead.split("\n    - name:")[0]


@pytest.mark.parametrize("args, whole", [([], True), (["--tags", "named"], False), (["--skip-tags", "named"], False)])
def test_the_whole_run_condition_as_ansible_evaluates_it(tmp_path, args, whole):
    """ansible_run_tags is a tuple: the condition must hold on a plain run (it once compared it with a list,
    and no fingerprint was ever recorded)."""
    play = tmp_path / "play.yml"
    play.write_text("- hosts: localhost\n  gather_facts: false\n  tags: [always]\n  tasks:\n"
                    "    - ansible.builtin.debug:\n        msg: whole run\n      when: %s\n" % WHOLE_RUN)
    out = subprocess.run([CLI, "-i", "localhost,", "-c", "local", str(play)] + args, cwd=REPO, env=ENV,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, check=False)
    assert out.returncode == 0, out.stdout + out.stderr
    assert ("whole run" in out.stdout) is whole, out.stdout
