"""A plain clone runs with stock Ansible: no `make link`, no Mitogen, no ANSIBLE_* variables. ansible.cfg
finds the collection through the committed link collections/ansible_collections/serverlab/course.

The clone is of the committed HEAD (`git clone` of this tree): commit before relying on it."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    where = tmp_path_factory.mktemp("clone") / "serverlab"
    subprocess.run(["git", "clone", "-q", ROOT, str(where)], check=True)
    return where


def stock(clone, *argv):
    """Run an Ansible command in the clone as a user would: none of the Makefile's exports."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    env["PATH"] = BIN + os.pathsep + env.get("PATH", "")
    env["ANSIBLE_NOCOLOR"] = "1"  # output only; changes nothing else
    return subprocess.run(list(argv), cwd=str(clone), env=env, capture_output=True, text=True, timeout=300, check=False)


def test_the_link_is_committed_and_relative(clone):
    link = clone / "collections" / "ansible_collections" / "serverlab" / "course"
    assert link.is_symlink() and not os.path.isabs(os.readlink(str(link)))
    assert link.resolve() == clone.resolve()


def test_a_day_playbook_finds_the_collection(clone):
    out = stock(clone, "ansible-playbook", "--syntax-check", "playbooks/day06.yml")
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_pull_entry_point_finds_the_collection(clone):
    out = stock(clone, "ansible-playbook", "--syntax-check", "-i", "localhost,", "local.yml")
    assert out.returncode == 0, out.stdout + out.stderr


def test_playbooks_find_the_collection_next_to_them(clone, tmp_path):
    """Where ANSIBLE_COLLECTIONS_PATH points elsewhere (AWX sets it for a project's requirements) or no
    ansible.cfg is read (another current directory), playbooks/collections still finds it."""
    out = stock(clone, "env", "ANSIBLE_COLLECTIONS_PATH=%s" % tmp_path, "ansible-playbook", "--syntax-check",
                "playbooks/upto.yml")
    assert out.returncode == 0, out.stdout + out.stderr
    out = subprocess.run(["ansible-playbook", "--syntax-check", str(clone / "playbooks" / "grade.yml")],
                         cwd=str(tmp_path), capture_output=True, text=True, timeout=300,
                         env=dict({k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")},
                                  PATH=BIN + os.pathsep + os.environ.get("PATH", "")), check=False)
    assert out.returncode == 0, out.stdout + out.stderr


def test_ad_hoc_ansible_needs_no_mitogen(clone):
    out = stock(clone, "ansible", "-m", "ansible.builtin.ping", "localhost", "-c", "local")
    assert out.returncode == 0 and "pong" in out.stdout, out.stdout + out.stderr
    assert "mitogen" not in (out.stdout + out.stderr).lower()
