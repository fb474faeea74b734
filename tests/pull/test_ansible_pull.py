"""ansible-pull: a lab VM converges itself from the repository (local.yml) with the Ansible of its own
distribution (Debian 12's `ansible` package: ansible-core 2.14 and the bundled collections), no controller.

The container serverlab-pull (192.168.0.55) gets a bare clone of this repository's committed HEAD
(`git clone --bare`, copied in: the VM reaches no Git server here), the VM's own values in
/etc/serverlab/pull.yml, and runs `ansible-pull` to day 6; the evaluator on the VM must then pass every
day-6 check. Uncommitted changes are not what it tests: commit first.
"""

import json
import os
import subprocess

import pytest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NAME = "serverlab-pull"
ADDRESS = "192.168.0.55"
REPO = "/srv/serverlab.git"
CHECKOUT = "/var/lib/serverlab/pull"
# What a course VM would keep in /etc/serverlab/pull.yml (the documented training password). The lab
# network's resolver inside Docker is Docker's own; Docker owns the container's address.
VM_VARS = """\
lab_user_password: serverlab-training
lab_address: %s
lab_dns_servers: [127.0.0.11]
lab_dns_forwarders: [127.0.0.11]
network_apply: false
""" % ADDRESS


def run(*argv, **kwargs):
    kwargs.setdefault("timeout", 900)
    return subprocess.run(list(argv), capture_output=True, text=True, check=False, **kwargs)


def on_vm(*argv, **kwargs):
    return run("docker", "exec", "-i", NAME, *argv, **kwargs)


@pytest.fixture(scope="module")
def vm(tmp_path_factory):
    labhost = os.path.join(TOP, "tools", "labhost")
    run(labhost, "destroy", NAME)
    up = run(labhost, "up", NAME, "h2g.example.com", ADDRESS)
    assert up.returncode == 0, up.stderr
    # The VM's own Ansible, from its distribution's mirror (no PyPI, no Galaxy on the VM).
    apt = on_vm("sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive "
                "apt-get install -y -qq --no-install-recommends ansible git >/dev/null")
    assert apt.returncode == 0, apt.stdout + apt.stderr
    bare = tmp_path_factory.mktemp("pull") / "serverlab.git"
    clone = run("git", "clone", "-q", "--bare", TOP, str(bare))
    assert clone.returncode == 0, clone.stderr
    assert run("docker", "cp", str(bare), "%s:%s" % (NAME, REPO)).returncode == 0
    assert on_vm("sh", "-c", "mkdir -p /etc/serverlab && cat > /etc/serverlab/pull.yml", input=VM_VARS).returncode == 0
    yield
    run(labhost, "destroy", NAME)


@pytest.fixture(scope="module")
def pulled(vm):
    return on_vm("ansible-pull", "-U", REPO, "-d", CHECKOUT, "-e", "@/etc/serverlab/pull.yml", "-e", "lab_day=6")


def test_ansible_pull_converges_the_vm_to_the_day(pulled):
    out = pulled.stdout + pulled.stderr
    assert pulled.returncode == 0, out[-4000:]
    assert "1 of 1 hosts reached day 6" in " ".join(out.split()), out[-4000:]
    assert "failed=0" in out and "unreachable=0" in out


def test_the_evaluator_on_the_vm_passes_day_6(pulled):
    assert pulled.returncode == 0
    evaluated = on_vm("labeval", "-c", "--day", "6", "--format", "json")
    assert evaluated.returncode == 0, evaluated.stdout + evaluated.stderr
    results = json.loads(evaluated.stdout)["results"]
    assert len(results) >= 7 and all(r["status"] == "PASS" for r in results), results


def test_a_cron_run_with_no_new_commit_does_nothing(pulled):
    """The classroom's cron line: `ansible-pull --only-if-changed` leaves the VM alone until a commit."""
    assert pulled.returncode == 0
    again = on_vm("ansible-pull", "--only-if-changed", "-U", REPO, "-d", CHECKOUT,
                  "-e", "@/etc/serverlab/pull.yml", "-e", "lab_day=6")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Repository has not changed, quitting" in again.stdout + again.stderr
    assert "PLAY [" not in again.stdout
