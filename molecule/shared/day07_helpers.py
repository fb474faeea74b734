"""Helpers for the day-7 verifier: real DNS queries from the host, and re-running the day's
playbook against the instance (to prove what the role refuses)."""

import re
import subprocess

from labtest import run_playbook


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
    return run_playbook("day07.yml", args=extra)
