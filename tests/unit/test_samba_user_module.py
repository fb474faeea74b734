"""Run serverlab.course.samba_user for real (`ansible localhost -m`, through AnsiballZ) against fake
pdbedit and smbpasswd commands that keep a passdb in a file: the password is set only when it
differs, goes through stdin only, is never logged, and check mode changes nothing."""

import json
import os
import stat
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(ROOT, "collections")
ANSIBLE = os.path.join(os.path.dirname(sys.executable), "ansible")
USER = "root"  # must be a Unix account where the tests run


FAKE_PDBEDIT = """#!{python}
import os, sys
assert sys.argv[1:] == ["-L", "-w"], sys.argv
db = os.environ["FAKE_PASSDB"]
if os.path.exists(db):
    sys.stdout.write(open(db).read())
"""

FAKE_SMBPASSWD = """#!{python}
import os, sys
sys.path.insert(0, {utils!r})
from samba import nt_hash
db = os.environ["FAKE_PASSDB"]
with open(os.environ["FAKE_LOG"], "a") as log:
    log.write(" ".join(sys.argv[1:]) + "\\n")
lines = open(db).read().splitlines() if os.path.exists(db) else []
flag, name = sys.argv[-2], sys.argv[-1]
entries = dict((l.split(":")[0], l.split(":")) for l in lines)
if flag == "-a":
    assert sys.argv[1] == "-s"
    first, second = sys.stdin.readline().rstrip("\\n"), sys.stdin.readline().rstrip("\\n")
    assert first == second
    old = entries.get(name)
    flags = old[4] if old else "[U          ]"
    entries[name] = [name, "0", "X" * 32, nt_hash(first), flags, "LCT-00000000", ""]
elif flag in ("-d", "-e"):
    entry = entries[name]
    entry[4] = "[DU         ]" if flag == "-d" else "[U          ]"
elif flag == "-x":
    del entries[name]
with open(db, "w") as handle:
    handle.write("".join(":".join(e) + "\\n" for e in entries.values()))
"""


@pytest.fixture
def fake(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    utils = os.path.join(ROOT, "plugins", "module_utils")
    for name, text in (("pdbedit", FAKE_PDBEDIT), ("smbpasswd", FAKE_SMBPASSWD)):
        path = bin_dir / name
        path.write_text(text.format(python=sys.executable, utils=utils))
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return tmp_path


def run(tmp_path, args, check_mode=False):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    env.update(ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_NOCOLOR="1", ANSIBLE_LOCAL_TEMP=str(tmp_path / "at"),
               ANSIBLE_REMOTE_TEMP=str(tmp_path / "rt"), ANSIBLE_PYTHON_INTERPRETER=sys.executable,
               ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
               PATH=str(tmp_path / "bin") + os.pathsep + env.get("PATH", ""),
               FAKE_PASSDB=str(tmp_path / "passdb"), FAKE_LOG=str(tmp_path / "log"))
    command = [ANSIBLE, "localhost", "-m", "serverlab.course.samba_user", "-a", json.dumps(args), "-v"]
    if check_mode:
        command.append("--check")
    proc = subprocess.run(command, cwd=str(tmp_path), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=120, check=False)
    head, sep, body = proc.stdout.partition(" => ")
    assert sep, proc.stdout + proc.stderr
    return proc.returncode, proc.stdout + proc.stderr, json.loads(body)


def log(tmp_path):
    path = tmp_path / "log"
    return path.read_text().splitlines() if path.exists() else []


def test_create_then_nothing_then_change(fake):
    rc, out, result = run(fake, {"name": USER, "password": "first-secret"})
    assert rc == 0 and result["changed"] and result["actions"] == ["add"]
    assert result["account"]["has_password"] is True
    assert "first-secret" not in out
    assert log(fake) == ["-s -a %s" % USER]

    rc, out, result = run(fake, {"name": USER, "password": "first-secret"})
    assert rc == 0 and result["changed"] is False and result["actions"] == []
    assert len(log(fake)) == 1  # smbpasswd did not run again

    rc, out, result = run(fake, {"name": USER, "password": "second-secret"})
    assert rc == 0 and result["changed"] and result["actions"] == ["add"]
    assert "second-secret" not in out
    assert all("secret" not in line for line in log(fake))  # never on a command line


def test_check_mode_changes_nothing(fake):
    rc, _unused, result = run(fake, {"name": USER, "password": "first-secret"}, check_mode=True)
    assert rc == 0 and result["changed"] and result["actions"] == ["add"]
    assert not (fake / "passdb").exists() and log(fake) == []


def test_disable_enable_absent(fake):
    run(fake, {"name": USER, "password": "first-secret"})
    rc, _unused, result = run(fake, {"name": USER, "enabled": False})
    assert result["actions"] == ["disable"] and result["account"]["disabled"] is True
    rc, _unused, result = run(fake, {"name": USER, "enabled": False})
    assert result["changed"] is False
    rc, _unused, result = run(fake, {"name": USER, "password": "first-secret"})
    assert result["actions"] == ["enable"]
    rc, _unused, result = run(fake, {"name": USER, "state": "absent"})
    assert result["actions"] == ["delete"] and result["account"] is None
    assert (fake / "passdb").read_text() == ""


def test_unknown_unix_user_is_explained(fake):
    rc, out, result = run(fake, {"name": "no-such-user-xyz", "password": "first-secret"})
    assert rc != 0
    assert "is not a Unix account" in result["msg"] and "useradd -m no-such-user-xyz" in result["msg"]


def test_check_mode_before_the_unix_account_exists(fake):
    # --check on a fresh VM: the trainee comes from an earlier role that did not run for real.
    rc, out, result = run(fake, {"name": "no-such-user-xyz", "password": "first-secret"}, check_mode=True)
    assert rc == 0 and result["changed"] and result["actions"] == ["add"]
    assert "not a Unix account yet" in out
    assert log(fake) == []
