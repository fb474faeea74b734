"""Helpers for the day-7 verifier: real DNS queries from the host, and re-running the day's
playbook against the instance (to prove what the role refuses)."""

import json
import os
import re
import subprocess


def dig(server, *query):
    """Run `dig @server +norec ...` on the host; (status, flags, [(name, type, data)])."""
    proc = subprocess.run(["dig", "@" + server, "+norec", "+time=2", "+tries=2"] + list(query),
                          capture_output=True, text=True, timeout=30, check=False)
    assert proc.returncode == 0, "dig %s failed: %s%s" % (" ".join(query), proc.stdout, proc.stderr)
    status = re.search(r"status: ([A-Z]+)", proc.stdout)
    flags = re.search(r";; flags:([^;]*);", proc.stdout)
    answers, section = [], None
    for line in proc.stdout.splitlines():
        if line.startswith(";; ANSWER SECTION:"):
            section = "answer"
        elif not line.strip():
            section = None
        elif section == "answer" and not line.startswith(";"):
            fields = line.split(None, 4)
            answers.append((fields[0].lower(), fields[3], " ".join(fields[4].split()).lower()))
    return (status.group(1) if status else None, set(flags.group(1).split()) if flags else set(), answers)


def converge(*extra):
    """ansible-playbook playbooks/day07.yml against the scenario's instance; (rc, output)."""
    project = os.environ.get("MOLECULE_PROJECT_DIRECTORY") or os.path.abspath(
        os.path.join(os.path.dirname(__file__), "..", ".."))
    inventory = os.path.dirname(os.environ["MOLECULE_INVENTORY_FILE"])
    env = dict(os.environ)
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": os.path.join(project, "build", "collections"),
        "ANSIBLE_CONFIG": os.path.join(project, "ansible.cfg"),
        "ANSIBLE_PIPELINING": "True",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_STDOUT_CALLBACK": "default",
        "ANSIBLE_CALLBACK_RESULT_FORMAT": "yaml",
    })
    argv = ["ansible-playbook", "-i", inventory, os.path.join(project, "playbooks", "day07.yml"),
            "-e", json.dumps({"lab_install_evaluator": False})] + list(extra)
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=project, timeout=600, check=False)
    return proc.returncode, proc.stdout + proc.stderr
