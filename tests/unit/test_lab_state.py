# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fast whole-VM re-run: labstate's fingerprint, input digest, comparison and stamp file, the
lab_state module in-process, and the action plugin through ansible-playbook on localhost."""

import hashlib
import json
import os
import shlex
import stat
import subprocess
import sys

import pytest

import modrun

from ansible_collections.serverlab.course.plugins.module_utils import labstate
from ansible_collections.serverlab.course.plugins.modules import lab_state

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(ROOT, "collections")
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")


# --- a fake /etc ---------------------------------------------------------------------------------

@pytest.fixture
def etc(tmp_path):
    root = tmp_path / "etc"
    (root / "sysconfig" / "network-scripts").mkdir(parents=True)
    (root / "sysconfig" / "network-scripts" / "ifcfg-eth0").write_text("DEVICE=eth0\nIPADDR=192.168.0.10\n")
    (root / "ssh").mkdir()
    (root / "ssh" / "sshd_config").write_text("PermitRootLogin yes\n")
    (root / "mysql").mkdir(mode=0o755)
    (root / "hosts").write_text("127.0.0.1 localhost\n")
    (root / "localtime").symlink_to("/usr/share/zoneinfo/Asia/Tokyo")
    (root / "cache").mkdir()
    (root / "cache" / "ld.so.cache").write_bytes(b"\0\1")
    return root


def fp(root, **kw):
    kw.setdefault("probes", [])
    return labstate.fingerprint([str(root)], **kw)


def recorded_from(current, digest="sha256:in", day=13):
    return labstate.stamp(digest, day, current)


def compare_now(root, before, **kw):
    return labstate.compare(recorded_from(before), fp(root, **kw), "sha256:in", 13)


def test_fingerprint_records_every_entry_with_its_kind(etc):
    files = fp(etc)["files"]
    uid, gid = os.getuid(), os.getgid()
    assert sorted(files) == sorted(str(etc / p) for p in (
        ".", "cache", "cache/ld.so.cache", "hosts", "localtime", "mysql", "ssh", "ssh/sshd_config",
        "sysconfig", "sysconfig/network-scripts", "sysconfig/network-scripts/ifcfg-eth0"))
    expected = "sha256:" + hashlib.sha256(b"127.0.0.1 localhost\n").hexdigest()
    mode = "%04o" % stat.S_IMODE(os.stat(str(etc / "hosts")).st_mode)
    assert files[str(etc / "hosts")] == "%s|%s|%d|%d" % (expected, mode, uid, gid)
    assert files[str(etc / "localtime")] == "link:->/usr/share/zoneinfo/Asia/Tokyo|%d|%d" % (uid, gid)
    assert files[str(etc / "mysql")].startswith("dir|")
    assert files[str(etc)].startswith("dir|")


def test_fresh_when_unchanged(etc):
    before = fp(etc)
    fresh, reasons = compare_now(etc, before)
    assert (fresh, reasons) == (True, [])


DRIFTS = {
    "edit": (lambda etc: (etc / "ssh" / "sshd_config").write_text("PermitRootLogin no\n"),
             "ssh/sshd_config changed"),
    "same size edit": (lambda etc: (etc / "ssh" / "sshd_config").write_text("PermitRootLogin ye5\n"),
                       "ssh/sshd_config changed"),
    "stray file": (lambda etc: (etc / "sysconfig" / "network-scripts" / "ifcfg-eth0.bak").write_text("x\n"),
                   "sysconfig/network-scripts/ifcfg-eth0.bak appeared"),
    "removal": (lambda etc: (etc / "hosts").unlink(), "hosts removed"),
    "chmod": (lambda etc: os.chmod(str(etc / "hosts"), 0o600), "hosts changed"),
    "dir chmod": (lambda etc: os.chmod(str(etc / "mysql"), 0o700), "mysql changed"),
    "symlink retarget": (lambda etc: ((etc / "localtime").unlink(),
                                      (etc / "localtime").symlink_to("/usr/share/zoneinfo/UTC")),
                         "localtime changed"),
    "file replaced by a symlink to the same content": (
        lambda etc: ((etc / "ssh" / "copy").write_text("PermitRootLogin yes\n"),
                     (etc / "ssh" / "sshd_config").unlink(), (etc / "ssh" / "sshd_config").symlink_to("copy")),
        "ssh/sshd_config changed"),
    "new empty directory": (lambda etc: (etc / "ssh" / "sshd_config.d").mkdir(), "ssh/sshd_config.d appeared"),
}


@pytest.mark.parametrize("drift", sorted(DRIFTS))
def test_each_drift_is_stale_naming_the_path(etc, drift):
    before = fp(etc)
    action, reason = DRIFTS[drift]
    action(etc)
    fresh, reasons = compare_now(etc, before)
    assert fresh is False
    assert "%s/%s" % (etc, reason) in reasons


@pytest.mark.parametrize("what", ["file", "group", "directory"])
def test_chown_is_stale(etc, what):
    before = fp(etc)
    path = etc / ("mysql" if what == "directory" else "hosts")
    if what == "group":
        os.chown(str(path), -1, 4242)
    else:
        os.chown(str(path), 4242, -1)
    fresh, reasons = compare_now(etc, before)
    assert (fresh, reasons) == (False, ["%s changed" % path])


def test_edit_put_back_byte_for_byte_is_fresh(etc):
    before = fp(etc)
    path = etc / "ssh" / "sshd_config"
    path.write_text("PermitRootLogin no\n")
    path.write_text("PermitRootLogin yes\n")
    os.utime(str(path), (0, 0))  # times are not part of the fingerprint
    assert compare_now(etc, before) == (True, [])


def test_excluded_paths_are_ignored_and_excluded_directories_not_entered(etc):
    exclude = [str(etc / "hosts"), str(etc / "cache")]
    before = fp(etc, exclude=exclude)
    assert str(etc / "hosts") not in before["files"] and str(etc / "cache" / "ld.so.cache") not in before["files"]
    (etc / "hosts").write_text("changed\n")
    (etc / "cache" / "ld.so.cache").write_bytes(b"rebuilt")
    (etc / "cache" / "new").write_text("x")
    assert compare_now(etc, before, exclude=exclude) == (True, [])
    (etc / "ssh" / "sshd_config").write_text("edited\n")
    assert compare_now(etc, before, exclude=exclude) == (False, ["%s/ssh/sshd_config changed" % etc])


def test_exclude_pattern_star_spans_directories(etc):
    exclude = [str(etc) + "/*.bak"]
    before = fp(etc, exclude=exclude)
    (etc / "sysconfig" / "network-scripts" / "ifcfg-eth0.bak").write_text("x\n")
    assert compare_now(etc, before, exclude=exclude) == (True, [])


def test_symlinks_are_not_followed(tmp_path, etc):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_text("one\n")
    (etc / "linked-dir").symlink_to(outside)
    (etc / "linked-file").symlink_to(outside / "secret")
    before = fp(etc)
    assert str(etc / "linked-dir" / "secret") not in before["files"]
    assert before["files"][str(etc / "linked-dir")].startswith("link:->%s|" % outside)
    (outside / "secret").write_text("two\n")
    (outside / "more").write_text("x\n")
    assert compare_now(etc, before) == (True, [])


def test_fifo_is_recorded_without_being_opened(etc):
    os.mkfifo(str(etc / "pipe"), 0o640)
    entry = fp(etc)["files"][str(etc / "pipe")]  # would block forever if it were opened
    assert entry.startswith("other|%o|" % (stat.S_IFIFO | 0o640))


def test_unreadable_file_is_recorded_deterministically(etc, monkeypatch):
    real = labstate._hash_file

    def refuse(path):
        if path.endswith("sshd_config"):
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(labstate, "_hash_file", refuse)
    os.chmod(str(etc / "ssh" / "sshd_config"), 0o600)
    first = fp(etc)
    entry = first["files"][str(etc / "ssh" / "sshd_config")]
    assert entry == "unreadable|0600|%d|%d" % (os.getuid(), os.getgid())
    assert fp(etc) == first


def test_missing_path_is_absent_and_its_appearance_stale(tmp_path):
    missing = tmp_path / "var-qmail-control"
    before = labstate.fingerprint([str(missing)], [])
    assert before["files"] == {str(missing): "absent"}
    missing.mkdir()
    fresh, reasons = labstate.compare(recorded_from(before), labstate.fingerprint([str(missing)], []), "sha256:in", 13)
    assert (fresh, reasons) == (False, ["%s appeared" % missing])


# --- probes --------------------------------------------------------------------------------------

def fake_runner(outputs, calls=None):
    """outputs: {probe command: (rc, out, err)}, looked up by the argv the command splits into."""
    def runner(argv):
        if calls is not None:
            calls.append(argv)
        by_argv = dict((tuple(shlex.split(command)), result) for command, result in outputs.items())
        return by_argv[tuple(argv)]
    return runner


ACTIVE = "systemctl list-units --type=service --state=active --no-legend --no-pager --plain"


def test_probe_output_change_is_stale_naming_the_probe(etc):
    calls = []
    out = {ACTIVE: (0, "named.service loaded active running BIND\nssh.service loaded active running SSH\n", "")}
    before = fp(etc, probes=[ACTIVE], runner=fake_runner(out, calls))
    assert calls == [shlex.split(ACTIVE)]
    assert compare_now(etc, before, probes=[ACTIVE], runner=fake_runner(out)) == (True, [])
    out[ACTIVE] = (0, "ssh.service loaded active running SSH\n", "")
    assert compare_now(etc, before, probes=[ACTIVE], runner=fake_runner(out)) == (
        False, ["probe '%s' output changed" % ACTIVE])


def test_probe_return_code_counts_and_stderr_does_not(etc):
    out = {"mariadb -N -e 'SELECT 1'": (0, "1\n", "")}
    probes = list(out)
    before = fp(etc, probes=probes, runner=fake_runner(out))
    out[probes[0]] = (0, "1\n", "a warning on stderr")
    assert compare_now(etc, before, probes=probes, runner=fake_runner(out))[0] is True
    out[probes[0]] = (1, "1\n", "")
    assert compare_now(etc, before, probes=probes, runner=fake_runner(out))[0] is False


def test_probe_is_split_like_a_shell_but_runs_without_one():
    calls = []
    command = "mariadb -N -B -e \"SELECT CONCAT(user, '@', host) FROM mysql.user\""
    labstate.fingerprint([], [command], runner=fake_runner({command: (0, "", "")}, calls))
    assert calls == [["mariadb", "-N", "-B", "-e", "SELECT CONCAT(user, '@', host) FROM mysql.user"]]


def test_default_runner_really_runs_and_reports_a_missing_program(tmp_path):
    (tmp_path / "f").write_text("hello\n")
    assert labstate.default_runner(["cat", str(tmp_path / "f")]) == (0, "hello\n", "")
    rc, out, _err = labstate.default_runner(["/nonexistent/serverlab-probe"])
    assert (rc, out) == (127, "")
    a = labstate.probe_digest("/nonexistent/serverlab-probe")
    assert a == labstate.probe_digest("/nonexistent/serverlab-probe")
    assert a != labstate.probe_digest("cat %s" % (tmp_path / "f"))


def test_probe_ignore_leaves_out_units_that_come_and_go(etc):
    base = "ssh.service loaded active running OpenBSD Secure Shell server\n"
    user = "user@1000.service loaded active running User Manager for UID 1000\n"
    hostnamed = "systemd-hostnamed.service loaded active running Hostname Service\n"
    accept = "smtps@3-192.168.0.10:465-192.168.0.1:53422.service loaded active running smtps\n"
    ignore = lab_state.DEFAULT_PROBE_IGNORE
    out = {ACTIVE: (0, base, "")}
    before = fp(etc, probes=[ACTIVE], runner=fake_runner(out), ignore_lines=ignore)
    out[ACTIVE] = (0, user + base + hostnamed + accept, "")
    assert compare_now(etc, before, probes=[ACTIVE], runner=fake_runner(out), ignore_lines=ignore) == (True, [])
    # ... but a real service going away still counts, and so does an account "user@..." of another probe.
    out[ACTIVE] = (0, user, "")
    assert compare_now(etc, before, probes=[ACTIVE], runner=fake_runner(out), ignore_lines=ignore)[0] is False
    assert not any(labstate._excluded(line, ignore) for line in ("user@localhost", "user1@%", "smtps.socket"))


def test_probe_column_padding_of_an_ignored_long_unit_does_not_count(etc):
    # systemctl pads every line to the widest unit name listed, ignored ones included
    narrow = ("dbus.service        loaded active running D-Bus\n"
              "ssh.service         loaded active running SSH\n")
    wide = ("dbus.service                                         loaded active running D-Bus\n"
            "smtps@3-192.168.0.10:465-192.168.0.1:53422.service loaded active running smtps\n"
            "ssh.service                                          loaded active running SSH\n")
    ignore = lab_state.DEFAULT_PROBE_IGNORE
    out = {ACTIVE: (0, narrow, "")}
    before = fp(etc, probes=[ACTIVE], runner=fake_runner(out), ignore_lines=ignore)
    out[ACTIVE] = (0, wide, "")
    assert compare_now(etc, before, probes=[ACTIVE], runner=fake_runner(out), ignore_lines=ignore) == (True, [])
    out[ACTIVE] = (0, wide.replace("running SSH", "exited  SSH"), "")
    assert compare_now(etc, before, probes=[ACTIVE], runner=fake_runner(out), ignore_lines=ignore)[0] is False


# --- digest of the inputs ------------------------------------------------------------------------

@pytest.fixture
def collection(tmp_path):
    root = tmp_path / "course"
    for rel, text in (("galaxy.yml", "name: course\n"), ("roles/named/defaults/main.yml", "named_x: 1\n"),
                      ("roles/named/tasks/main.yml", "- name: X\n"), ("plugins/modules/m.py", "x = 1\n"),
                      ("playbooks/day07.yml", "- hosts: lab\n"), ("molecule/day07/molecule.yml", "a\n"),
                      ("tests/unit/test_x.py", "a\n"), (".venv/lib/x.py", "a\n")):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def test_digest_is_stable_and_independent_of_dict_order(collection):
    a = {"lab_user": "user1", "named_zones": {"b": [1, 2], "a": {"y": 1, "x": 2}}, "lab_set": {"c", "a", "b"}}
    b = {"lab_set": {"b", "c", "a"}, "named_zones": {"a": {"x": 2, "y": 1}, "b": [1, 2]}, "lab_user": "user1"}
    first = labstate.digest_inputs(str(collection), a)
    assert first.startswith("sha256:") and len(first) == len("sha256:") + 64
    assert labstate.digest_inputs(str(collection), b) == first
    assert labstate.digest_inputs(str(collection), a) == first
    # and in another Python process (string hashing is randomised per process)
    code = ("import sys; sys.path.insert(0, %r); from ansible_collections.serverlab.course.plugins.module_utils "
            "import labstate; print(labstate.digest_inputs(%r, {'lab_set': {'a', 'b', 'c'}, "
            "'named_zones': {'b': [1, 2], 'a': {'y': 1, 'x': 2}}, 'lab_user': 'user1'}))" % (COLLECTIONS, str(collection)))
    other = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE, universal_newlines=True,
                           env=dict(os.environ, PYTHONHASHSEED="123"), check=True).stdout.strip()
    assert other == first


@pytest.mark.parametrize("change", ["role file", "new role file", "plugin", "playbook", "galaxy", "input", "list order"])
def test_digest_changes_with_the_content_and_the_inputs(collection, change):
    inputs = {"lab_user": "user1", "lab_dns_servers": ["127.0.0.11", "192.168.0.1"]}
    before = labstate.digest_inputs(str(collection), inputs)
    if change == "role file":
        (collection / "roles/named/defaults/main.yml").write_text("named_x: 2\n")
    elif change == "new role file":
        (collection / "roles/named/templates").mkdir()
        (collection / "roles/named/templates/named.conf.j2").write_text("")
    elif change == "plugin":
        (collection / "plugins/modules/m.py").write_text("x = 2\n")
    elif change == "playbook":
        (collection / "playbooks/day07.yml").write_text("- hosts: all\n")
    elif change == "galaxy":
        (collection / "galaxy.yml").write_text("name: course\nversion: 2\n")
    elif change == "input":
        inputs["lab_user"] = "user2"
    else:
        inputs["lab_dns_servers"].reverse()
    assert labstate.digest_inputs(str(collection), inputs) != before


def test_digest_ignores_what_does_not_decide_a_run(collection):
    before = labstate.digest_inputs(str(collection), {})
    for rel in ("molecule/day07/molecule.yml", "tests/unit/test_x.py", ".venv/lib/x.py"):
        (collection / rel).write_text("changed\n")
    (collection / "plugins/modules/__pycache__").mkdir()
    (collection / "plugins/modules/__pycache__/m.cpython-311.pyc").write_bytes(b"\0")
    (collection / "plugins/modules/m.pyc").write_bytes(b"\0")
    assert labstate.digest_inputs(str(collection), {}) == before


def test_digest_tells_file_boundaries_apart(collection):
    (collection / "playbooks/a.yml").write_text("xy")
    (collection / "playbooks/b.yml").write_text("")
    before = labstate.digest_inputs(str(collection), {})
    (collection / "playbooks/a.yml").write_text("x")
    (collection / "playbooks/b.yml").write_text("y")
    assert labstate.digest_inputs(str(collection), {}) != before


# --- compare -------------------------------------------------------------------------------------

def test_compare_without_a_stamp():
    assert labstate.compare(None, {"files": {}, "probes": {}}, "sha256:in", 13) == (
        False, ["no fingerprint recorded yet: full run"])


def test_compare_names_inputs_day_paths_and_probes_in_order():
    old = {"files": {"/etc/a": "sha256:1|0644|0|0", "/etc/b": "sha256:2|0644|0|0"}, "probes": {"p": "sha256:1", "q": "x"}}
    new = {"files": {"/etc/a": "sha256:9|0644|0|0", "/etc/c": "dir|0755|0|0"}, "probes": {"p": "sha256:2", "r": "y"}}
    fresh, reasons = labstate.compare(labstate.stamp("sha256:old", 13, old), new, "sha256:new", 20)
    assert fresh is False
    assert reasons == [
        "inputs changed (collection or inventory variables): full run",
        "day changed: 13 -> 20",
        "/etc/a changed", "/etc/b removed", "/etc/c appeared",
        "probe 'p' output changed", "probe 'q' is no longer run", "probe 'r' was not recorded",
    ]


def test_compare_only_inputs_or_only_day():
    same = {"files": {"/etc/a": "dir|0755|0|0"}, "probes": {}}
    assert labstate.compare(labstate.stamp("sha256:a", 13, same), same, "sha256:b", 13) == (
        False, ["inputs changed (collection or inventory variables): full run"])
    assert labstate.compare(labstate.stamp("sha256:a", 13, same), same, "sha256:a", 20) == (
        False, ["day changed: 13 -> 20"])
    assert labstate.compare(labstate.stamp("sha256:a", 13, same), same, "sha256:a", 13) == (True, [])


def test_compare_caps_path_reasons_at_ten():
    old = {"files": {}, "probes": {}}
    new = {"files": dict(("/etc/f%02d" % i, "dir|0755|0|0") for i in range(15)), "probes": {}}
    fresh, reasons = labstate.compare(labstate.stamp("d", 6, old), new, "d", 6)
    assert fresh is False
    assert reasons == ["/etc/f%02d appeared" % i for i in range(10)] + ["... and 5 more"]


def test_compare_refuses_another_stamp_format():
    same = {"files": {}, "probes": {}}
    data = labstate.stamp("d", 6, same)
    data["version"] = 0
    assert labstate.compare(data, same, "d", 6) == (False, ["stamp format 0 is not 1: full run"])
    assert labstate.compare([1, 2], same, "d", 6)[0] is False


# --- stamp file ----------------------------------------------------------------------------------

def test_save_and_load_modes_and_content(tmp_path):
    path = tmp_path / "var" / "lib" / "serverlab" / "lab_state.json"
    old_umask = os.umask(0o022)
    try:
        data = labstate.stamp("sha256:d", 13, {"files": {"/etc/b": "absent", "/etc/a": "absent"}, "probes": {}})
        assert labstate.save(str(path), data) is True
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(os.stat(str(path.parent)).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600
    assert labstate.load(str(path)) == data
    text = path.read_text()
    assert text.index('"/etc/a"') < text.index('"/etc/b"') and text.index('"day"') < text.index('"digest"')
    assert labstate.save(str(path), data) is False
    assert sorted(os.listdir(str(path.parent))) == ["lab_state.json"]


def test_save_keeps_an_existing_directory_mode_and_fixes_the_file_mode(tmp_path):
    shared = tmp_path / "serverlab"
    shared.mkdir()
    os.chmod(str(shared), 0o755)  # the dovecot role keeps its certificate fingerprint there too
    path = shared / "lab_state.json"
    data = {"version": 1}
    assert labstate.save(str(path), data) is True
    assert stat.S_IMODE(os.stat(str(shared)).st_mode) == 0o755
    os.chmod(str(path), 0o644)
    assert labstate.save(str(path), data, write=False) is True
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o644
    assert labstate.save(str(path), data) is True
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600


def test_save_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "lab_state.json"
    labstate.save(str(path), {"day": 6})
    inode = os.stat(str(path)).st_ino
    labstate.save(str(path), {"day": 7})
    assert os.stat(str(path)).st_ino != inode  # a new file renamed over the old one, not rewritten in place
    assert labstate.load(str(path)) == {"day": 7}

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(labstate.os, "replace", crash)
    with pytest.raises(OSError):
        labstate.save(str(path), {"day": 8})
    assert labstate.load(str(path)) == {"day": 7}
    assert os.listdir(str(tmp_path)) == ["lab_state.json"]


def test_save_write_false_writes_nothing(tmp_path):
    path = tmp_path / "sub" / "lab_state.json"
    assert labstate.save(str(path), {"day": 6}, write=False) is True
    assert not (tmp_path / "sub").exists()


def test_load_missing_and_corrupt(tmp_path):
    assert labstate.load(str(tmp_path / "none.json")) is None
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(ValueError, match="bad.json is not JSON"):
        labstate.load(str(tmp_path / "bad.json"))


# --- the module, in-process ----------------------------------------------------------------------

def run_module(**args):
    args.setdefault("digest", "sha256:" + "ab" * 32)
    args.setdefault("day", 13)
    args.setdefault("probes", [])
    return modrun.run(lab_state, **args)


def test_module_record_in_check_mode_writes_nothing(tmp_path, etc):
    stamp = tmp_path / "state" / "lab_state.json"
    out = run_module(state="record", paths=[str(etc)], stamp=str(stamp), _ansible_check_mode=True)
    assert not out.failed, out.result
    assert out.result["changed"] is True
    assert out.result["recorded_day"] == 13
    assert not (tmp_path / "state").exists()


def test_module_record_then_check_is_fresh_then_stale_on_drift(tmp_path, etc):
    stamp = tmp_path / "state" / "lab_state.json"
    probe = "cat %s" % (etc / "hosts")
    common = dict(paths=[str(etc)], stamp=str(stamp), probes=[probe])
    out = run_module(state="check", **common)
    assert out.result["fresh"] is False
    assert out.result["reasons"] == ["no fingerprint recorded yet: full run"]
    assert out.result["recorded_day"] is None and out.result["changed"] is False

    out = run_module(state="record", **common)
    assert not out.failed, out.result
    assert out.result["changed"] is True
    assert out.result["entries"] == 11 and out.result["probes"] == [probe]
    saved = json.loads(stamp.read_text())
    assert saved["version"] == 1 and saved["day"] == 13 and saved["digest"] == "sha256:" + "ab" * 32
    assert str(etc / "ssh" / "sshd_config") in saved["fingerprint"]["files"]
    assert list(saved["fingerprint"]["probes"]) == [probe]
    assert "sha256:" + "ab" * 32 not in json.dumps(out.result)  # the digest is no_log

    assert run_module(state="record", **common).result["changed"] is False

    out = run_module(state="check", _ansible_check_mode=True, **common)
    assert (out.result["fresh"], out.result["reasons"], out.result["recorded_day"]) == (True, [], 13)
    assert out.result["msg"] == "fresh: nothing changed since day 13 was recorded"

    (etc / "foo").write_text("")
    out = run_module(state="check", **common)
    assert out.result["fresh"] is False
    assert out.result["reasons"] == ["%s appeared" % (etc / "foo")]

    (etc / "foo").unlink()
    (etc / "hosts").write_text("127.0.0.1 localhost h2g\n")
    out = run_module(state="check", day=20, digest="sha256:other", **common)
    assert out.result["reasons"] == [
        "inputs changed (collection or inventory variables): full run", "day changed: 13 -> 20",
        "%s changed" % (etc / "hosts"), "probe '%s' output changed" % probe]


def test_module_check_without_a_stamp_takes_no_fingerprint(tmp_path, etc):
    """The first whole run of a VM: nothing to compare with, so no file is read and no probe runs."""
    marker = tmp_path / "probe-ran"
    out = run_module(state="check", paths=[str(etc)], stamp=str(tmp_path / "none.json"),
                     probes=["touch %s" % marker])
    assert not out.failed, out.result
    assert (out.result["fresh"], out.result["reasons"]) == (False, ["no fingerprint recorded yet: full run"])
    assert (out.result["entries"], out.result["probes"]) == (0, [])
    assert not marker.exists()
    out = run_module(state="record", paths=[str(etc)], stamp=str(tmp_path / "none.json"),
                     probes=["touch %s" % marker])
    assert marker.exists() and out.result["entries"] == 11


def test_module_never_fingerprints_its_own_stamp(tmp_path, etc):
    stamp = etc / "serverlab" / "lab_state.json"
    common = dict(paths=[str(etc)], stamp=str(stamp))
    run_module(state="record", **common)
    assert str(stamp) not in json.loads(stamp.read_text())["fingerprint"]["files"]
    out = run_module(state="check", **common)
    assert (out.result["fresh"], out.result["reasons"]) == (True, [])


def test_module_corrupt_stamp_is_stale_not_a_failure(tmp_path, etc):
    stamp = tmp_path / "lab_state.json"
    stamp.write_text("garbage")
    out = run_module(state="check", paths=[str(etc)], stamp=str(stamp))
    assert not out.failed
    assert out.result["fresh"] is False
    assert out.result["reasons"][0].startswith("stamp unreadable (")


def test_module_default_probes_follow_the_host(monkeypatch):
    class Fake(object):
        def __init__(self, bins):
            self.bins = bins

        def get_bin_path(self, name):
            return "/usr/bin/" + name if name in self.bins else None

    monkeypatch.setattr(lab_state.os.path, "isdir", lambda p: p == "/run/systemd/system")
    assert lab_state.default_probes(Fake({"systemctl", "dpkg-query", "rpm"})) == lab_state.SYSTEMD_PROBES + [lab_state.DPKG_PROBE]
    assert lab_state.default_probes(Fake({"rpm"})) == [lab_state.RPM_PROBE]
    monkeypatch.setattr(lab_state.os.path, "isdir", lambda p: False)
    assert lab_state.default_probes(Fake({"systemctl", "dpkg-query"})) == [lab_state.DPKG_PROBE]
    # the dpkg probe's format survives shlex and reaches dpkg-query as one argument
    assert shlex.split(lab_state.DPKG_PROBE)[2] == "-f=${binary:Package} ${Version} ${db:Status-Abbrev}\\n"


# --- the action plugin, through ansible-playbook on localhost ------------------------------------

PLAYBOOK = """
- name: Lab state
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Check
      serverlab.course.lab_state:
        day: 13
        paths: ["{etc}"]
        probes: []
        stamp: "{stamp}"
      register: named_state_check
    - name: A role-prefixed result registered during the run is not an input
      ansible.builtin.set_fact:
        named_during_run: "{{{{ 999999 | random }}}}"
    - name: Record
      serverlab.course.lab_state:
        state: record
        day: 13
        paths: ["{etc}"]
        probes: []
        stamp: "{stamp}"
      when: do_record | default(false) | bool
    - name: Show
      ansible.builtin.debug:
        msg: "RESULT {{{{ named_state_check | to_json }}}}"
"""


def play(tmp_path, *extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    env.update(ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_NOCOLOR="1", ANSIBLE_LOCAL_TEMP=str(tmp_path / "at"),
               ANSIBLE_REMOTE_TEMP=str(tmp_path / "rt"), ANSIBLE_PYTHON_INTERPRETER=sys.executable,
               ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
    command = [ANSIBLE_PLAYBOOK, "-i", "localhost,", "-c", "local", str(tmp_path / "play.yml")] + list(extra)
    proc = subprocess.run(command, cwd=str(tmp_path), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout
    line = [x for x in proc.stdout.splitlines() if '"msg": "RESULT ' in x][0]
    return json.loads(json.loads("{" + line.strip() + "}")["msg"][len("RESULT "):]), proc.stdout


def test_action_digests_the_variables_and_keeps_them_secret(tmp_path, etc):
    stamp = tmp_path / "stamp" / "lab_state.json"
    (tmp_path / "play.yml").write_text(PLAYBOOK.format(etc=etc, stamp=stamp))
    secret = "s3cret-Training-pw"
    base = ["-e", "lab_user_password=%s" % secret, "-e", "samba_workgroup=LAB", "-e", "lab_hosts=lab"]

    first, _unused = play(tmp_path, *(base + ["-e", "do_record=true"]))
    assert first["fresh"] is False and first["reasons"] == ["no fingerprint recorded yet: full run"]
    saved = json.loads(stamp.read_text())
    assert saved["digest"].startswith("sha256:") and secret not in stamp.read_text()

    # Same inputs (a random role-prefixed fact set during the run, lab_hosts and lab_day aside): fresh.
    again, out = play(tmp_path, *(base[:-1] + ["lab_hosts=other", "-e", "lab_day=20", "-vvv"]))
    assert (again["fresh"], again["reasons"]) == (True, []), again
    assert secret not in out and saved["digest"] not in out

    # A serverlab variable changed: stale, and still no secret in the output.
    changed, out = play(tmp_path, *(base[:2] + ["-e", "samba_workgroup=OTHER"]))
    assert (changed["fresh"], changed["reasons"]) == (
        False, ["inputs changed (collection or inventory variables): full run"])
    assert secret not in out
    changed, _unused = play(tmp_path, *(base[2:] + ["-e", "lab_user_password=another"]))
    assert changed["fresh"] is False

    # Given inputs replace the collected variables; a digest may never be given.
    (tmp_path / "play.yml").write_text(PLAYBOOK.format(etc=etc, stamp=stamp).replace(
        "        probes: []\n        stamp", "        probes: []\n        digest: x\n        stamp", 1))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_PYTHON_INTERPRETER=sys.executable)
    proc = subprocess.run([ANSIBLE_PLAYBOOK, "-i", "localhost,", "-c", "local", str(tmp_path / "play.yml")],
                          cwd=str(tmp_path), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=300, check=False)
    assert proc.returncode != 0 and "digest is computed by the action" in proc.stdout
