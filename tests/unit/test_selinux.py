# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SELinux on EL. No SELinux runs on this machine (Debian's kernel here has it off, and no EL host
boots), so what is proven here is:
- each role's <role>_selinux (what it labels, the booleans and ports) rendered from the role's own
  variables on EL, for the course's defaults and for moved paths and ports;
- which tasks of roles/lab/tasks/selinux.yml run, with which arguments, for EL facts (SELinux on) and
  Debian's (off): ansible-playbook runs them with the SELinux modules and restorecon replaced by
  recorders, so nothing is changed here;
- that every role with SELinux needs includes them, and lab.json carries them on EL only;
- checks 6.21 and 6.22 on canned getenforce, ls -Z, matchpathcon, getsebool, semanage port -l and
  ausearch answers.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest
import yaml

import roles_render

from ansible_collections.serverlab.course.plugins.module_utils import framework, i18n
from ansible_collections.serverlab.course.plugins.module_utils.checks import selinux

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROLES = os.path.join(ROOT, "roles")
SELINUX_ROLES = ["daemontools", "dovecot", "mysql", "named", "postfix", "qmail", "samba", "sshd", "stunnel"]


def var(role, name, family="RedHat", **overrides):
    """A role's variable as a play on `family` sets it (roles_render: defaults, vars, then overrides)."""
    with roles_render.collection_plugins():
        return roles_render.template(roles_render.templar(role, family, **overrides), "{{ %s }}" % name)


def needs(role, family="RedHat", **overrides):
    return var(role, "%s_selinux" % role, family, **overrides)


# ---------------------------------------------------------------- what each role labels, from its variables

def test_samba_labels_every_share_and_turns_on_home_dirs():
    shares = var("samba", "samba_shares")
    assert needs("samba") == {
        "fcontexts": [{"path": s["path"], "type": "samba_share_t"} for s in shares],
        "booleans": ["samba_enable_home_dirs"]}
    moved = [{"name": "work", "path": "/data/work"}, {"name": "docs", "path": "/export/docs"}]
    assert needs("samba", samba_shares=moved, samba_homes=False) == {
        "fcontexts": [{"path": "/data/work", "type": "samba_share_t"}, {"path": "/export/docs", "type": "samba_share_t"}],
        "booleans": []}


def test_mysql_labels_a_moved_datadir_and_its_port():
    default = needs("mysql")
    assert default["fcontexts"] == []  # the policy labels /var/lib/mysql itself
    assert default["restore"] == [var("mysql", "mysql_datadir")]
    assert default["ports"] == [{"port": var("mysql", "mysql_port"), "proto": "tcp", "type": "mysqld_port_t"}]
    moved = needs("mysql", mysql_datadir="/srv/mysql", mysql_port=3307)
    assert moved["fcontexts"] == [{"path": "/srv/mysql", "type": "mysqld_db_t"}]
    assert moved["ports"] == [{"port": 3307, "proto": "tcp", "type": "mysqld_port_t"}]


def test_named_labels_the_chroot_zone_dir():
    got = needs("named")
    assert got["fcontexts"] == [{"path": var("named", "__named_zone_path"), "type": "named_zone_t"}]
    assert got["fcontexts"][0]["path"] == "/var/named/chroot/var/named/master"
    assert got["restore"] == [var("named", "__named_conf_path"), var("named", "__named_log_path")]
    assert needs("named", __named_chroot="")["fcontexts"][0]["path"] == "/var/named/master"


def test_dovecot_labels_the_mail_location_under_the_trainees_home():
    assert needs("dovecot", lab_mail_store="maildir")["fcontexts"] == [
        {"path": "~user1/Maildir", "type": "mail_home_rw_t"}]
    assert needs("dovecot", lab_mail_store="mbox", lab_user="aiko")["fcontexts"] == [
        {"path": "~aiko/mail", "type": "mail_home_rw_t"}]
    assert needs("dovecot", dovecot_mail_location="maildir:/srv/mail/%u")["fcontexts"] == []


def test_stunnel_and_postfix_ports():
    assert needs("stunnel", lab_stunnel_mode="standalone") == {
        "ports": [{"port": 465, "proto": "tcp", "type": "stunnel_port_t"}]}
    assert needs("stunnel", lab_stunnel_mode="standalone", stunnel_smtps_port=4465)["ports"][0]["port"] == 4465
    assert needs("stunnel", lab_stunnel_mode="superserver") == {"ports": []}  # systemd or xinetd binds it
    assert needs("postfix")["ports"] == [{"port": "10465", "proto": "tcp", "type": "smtp_port_t"}]
    assert needs("postfix", postfix_stunnel_backend="")["ports"] == []


def test_sshd_port():
    assert needs("sshd") == {"ports": [{"port": 22, "proto": "tcp", "type": "ssh_port_t"}]}
    assert needs("sshd", sshd_port=2222) == {"ports": [{"port": 2222, "proto": "tcp", "type": "ssh_port_t"}]}


def test_djb_trees():
    assert needs("daemontools") == {
        "fcontexts": [{"path": "/package", "type": "bin_t"}, {"path": "/service", "type": "svc_svc_t"}],
        "restore": ["/command"]}
    got = needs("qmail", qmail_maildir_users=["user1", "aiko"])
    assert got["fcontexts"] == [{"path": var("qmail", "qmail_supervise_dir"), "type": "svc_svc_t"},
                                {"path": "~user1/Maildir", "type": "mail_home_rw_t"},
                                {"path": "~aiko/Maildir", "type": "mail_home_rw_t"}]
    assert got["restore"] == ["/var/qmail"]


def test_every_role_with_needs_includes_its_selinux_tasks():
    for role in SELINUX_ROLES:
        with open(os.path.join(ROLES, role, "tasks", "main.yml")) as handle:
            tasks = yaml.safe_load(handle)
        assert [t for t in tasks if t.get("ansible.builtin.include_tasks") == "selinux.yml"], role
        with open(os.path.join(ROLES, role, "tasks", "selinux.yml")) as handle:
            (task,) = yaml.safe_load(handle)
        assert task["ansible.builtin.include_role"] == {"name": "serverlab.course.lab", "tasks_from": "selinux.yml"}
        assert task["vars"] == {"__lab_selinux_needs": "{{ %s_selinux }}" % role, "__lab_selinux_role": role}


@pytest.mark.parametrize("family, release, python, packages", [
    ("RedHat", "9", 3, ["python3-libselinux", "python3-policycoreutils", "policycoreutils-python-utils"]),
    ("RedHat", "8", 3, ["python3-libselinux", "python3-policycoreutils", "policycoreutils-python-utils"]),
    ("RedHat", "7", 2, ["libselinux-python", "policycoreutils-python"]),
    ("RedHat", "7", 3, ["libselinux-python3", "policycoreutils-python3", "policycoreutils-python"]),
    ("Debian", "12", 3, ["python3-selinux", "python3-semanage", "policycoreutils-python-utils"]),
])
def test_selinux_tool_packages_per_release(family, release, python, packages):
    values = roles_render.role_yaml("lab", "vars", "selinux.yml")
    facts = {"os_family": family, "distribution_major_version": release, "python": {"version": {"major": python}}}
    with roles_render.collection_plugins():
        templar = roles_render.templar("lab", family, ansible_facts=facts, **values)
        assert roles_render.template(templar, "{{ __lab_selinux_release_packages }}") == packages


# ---------------------------------------------------------------- which tasks run: the task file through Ansible

RECORDER = r"""#!/usr/bin/python
import json, os
from ansible.module_utils.basic import AnsibleModule, _load_params
params = dict((k, v) for k, v in _load_params().items() if not k.startswith("_ansible"))
module = AnsibleModule(argument_spec=dict((k, dict(type="raw")) for k in params), supports_check_mode=True)
with open(os.environ["SELINUX_TEST_LOG"], "a") as log:
    log.write(json.dumps({"module": "%s", "args": params}) + "\n")
module.exit_json(changed=True)
"""

RESTORECON = """#!/bin/sh
printf '{"module": "restorecon", "argv": "%s"}\\n' "$*" >> "$SELINUX_TEST_LOG"
echo "Relabeled $5 from unconfined_u:object_r:var_t:s0 to system_u:object_r:samba_share_t:s0"
"""

PLAY = """
- name: Case {case}
  hosts: localhost
  gather_facts: false
  vars_files:
    - {repo}/roles/lab/defaults/main.yml
    - {overrides}
  vars:
    lab_dns_zone: {{}}
  tasks:
    - name: The facts of the VM (a module's facts, as setup gives them, so getent's can join them)
      community.general.fakefacts:
        case: {case}
        facts:
          os_family: {family}
          distribution_major_version: "{release}"
          python: {{version: {{major: 3}}}}
          selinux: {{status: "{status}"}}

    - name: The SELinux tasks of role {role}
      ansible.builtin.include_role:
        name: serverlab.course.lab
        tasks_from: selinux.yml
      vars:
        __lab_selinux_needs: "{{{{ lookup('serverlab.course.role_var', '{role}_selinux') }}}}"
        __lab_selinux_role: {role}
"""

# name: (role, family, SELinux status, the case's variables)
CASES = {
    "samba": ("samba", "RedHat", "enabled", {}),
    "mysql-moved": ("mysql", "RedHat", "enabled", {"mysql_datadir": "/srv/db", "mysql_port": 3307}),
    "maildir-root": ("dovecot", "RedHat", "enabled", {"lab_user": "root", "lab_mail_store": "maildir"}),
    "maildir-nobody": ("dovecot", "RedHat", "enabled", {"lab_user": "nosuchuser42", "lab_mail_store": "maildir"}),
    "debian": ("samba", "Debian", "disabled", {}),
    "el-disabled": ("samba", "RedHat", "disabled", {}),
    "el-no-bindings": ("samba", "RedHat", "Missing selinux Python library", {}),
}

FACTS = r"""#!/usr/bin/python
import json, os
from ansible.module_utils.basic import AnsibleModule
module = AnsibleModule(argument_spec=dict(case=dict(type="str"), facts=dict(type="dict")))
with open(os.environ["SELINUX_TEST_LOG"], "a") as log:
    log.write(json.dumps({"case": module.params["case"]}) + "\n")
module.exit_json(changed=False, ansible_facts=module.params["facts"])
"""


def stub_collections(base):
    """community.general and ansible.posix whose SELinux modules only record their arguments (and a
    community.general.fakefacts that hands the play an EL or Debian VM's facts)."""
    for namespace, name, modules in (("community", "general", ("sefcontext", "seport")),
                                     ("ansible", "posix", ("seboolean",))):
        folder = base / "ansible_collections" / namespace / name / "plugins" / "modules"
        folder.mkdir(parents=True)
        for module in modules:
            (folder / ("%s.py" % module)).write_text(RECORDER % module)
    (base / "ansible_collections" / "community" / "general" / "plugins" / "modules" / "fakefacts.py").write_text(FACTS)
    return str(base)


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    """{case: recorded module calls} of roles/lab/tasks/selinux.yml, every case in one ansible-playbook run."""
    tmp_path = tmp_path_factory.mktemp("selinux-tasks")
    log = tmp_path / "calls.jsonl"
    log.write_text("")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    restorecon = bindir / "restorecon"
    restorecon.write_text(RESTORECON)
    restorecon.chmod(restorecon.stat().st_mode | stat.S_IEXEC)
    plays = []
    for case, (role, family, status, overrides) in CASES.items():
        path = tmp_path / ("%s.yml" % case)
        path.write_text(json.dumps(overrides or {"__lab_selinux_case": case}))
        plays.append(PLAY.format(repo=ROOT, case=case, role=role, family=family, status=status, overrides=path,
                                 release="9"))
    play = tmp_path / "play.yml"
    play.write_text("".join(plays))
    env = dict(os.environ, SELINUX_TEST_LOG=str(log), PATH="%s:%s" % (bindir, os.environ["PATH"]),
               ANSIBLE_COLLECTIONS_PATH="%s:%s" % (stub_collections(tmp_path / "stubs"), os.path.join(ROOT, "collections")),
               ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"))
    # Nothing to install here: the names per release are test_selinux_tool_packages_per_release's.
    argv = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local",
            str(play), "-e", json.dumps({"__lab_selinux_release_packages": []})]
    out = subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         check=False, universal_newlines=True)
    assert out.returncode == 0, out.stdout + out.stderr
    found, current = {}, None
    for line in log.read_text().splitlines():
        entry = json.loads(line)
        if "case" in entry:
            current = found.setdefault(entry["case"], [])
        else:
            current.append(entry)
    assert sorted(found) == sorted(CASES)  # every play ran
    return found


def test_el_runs_the_rules_booleans_and_relabel_for_the_samba_shares(cases):
    calls = cases["samba"]
    share = var("samba", "samba_shares")[0]["path"]
    assert [(c["module"], c["args"].get("target"), c["args"].get("setype")) for c in calls
            if c["module"] == "sefcontext"] == [("sefcontext", share + "(/.*)?", "samba_share_t")]
    assert [(c["args"]["name"], c["args"]["state"], c["args"]["persistent"]) for c in calls
            if c["module"] == "seboolean"] == [("samba_enable_home_dirs", True, True)]
    assert [c["argv"] for c in calls if c["module"] == "restorecon"] == ["-R -i -v -- %s" % share]
    assert not [c for c in calls if c["module"] == "seport"]


def test_el_runs_the_port_types(cases):
    calls = cases["mysql-moved"]
    assert [(c["module"], c["args"].get("target") or c["args"].get("ports"), c["args"]["setype"]) for c in calls
            if c["module"] in ("sefcontext", "seport")] == [
        ("sefcontext", "/srv/db(/.*)?", "mysqld_db_t"), ("seport", "3307", "mysqld_port_t")]
    assert [c["argv"] for c in calls if c["module"] == "restorecon"] == ["-R -i -v -- /srv/db /srv/db"]


def test_home_paths_come_from_the_account(cases):
    assert [c["args"]["target"] for c in cases["maildir-root"] if c["module"] == "sefcontext"] == ["/root/Maildir(/.*)?"]
    assert cases["maildir-nobody"] == []  # no such account: nothing to label (check 6.21 says so)


@pytest.mark.parametrize("case", ["debian", "el-disabled", "el-no-bindings"])
def test_nothing_runs_where_selinux_is_off(cases, case):
    assert cases[case] == []


# ---------------------------------------------------------------- lab.json: EL only, from the roles

@pytest.mark.parametrize("family", ["Debian", "RedHat"])
def test_labjson_carries_every_roles_needs_on_el_only(tmp_path, family):
    got = roles_render.labeval_expected(family, tmp_path).get("selinux")
    if family == "Debian":
        assert got == {}
        return
    assert sorted(got) == SELINUX_ROLES
    for role in SELINUX_ROLES:
        assert got[role] == needs(role), role


# ---------------------------------------------------------------- checks 6.21 and 6.22 on canned answers

PASSWD = "root:x:0:0:root:/root:/bin/bash\nuser1:x:1000:1000::/home/user1:/bin/bash\n"
SHARE = "/srv/samba/public"
CONFIG = {
    "day": 20, "family": "RedHat", "tracks": {"dns": "bind", "mta": "postfix", "time": "chrony", "mail": "single"},
    "selinux": {
        "samba": {"fcontexts": [{"path": SHARE, "type": "samba_share_t"}], "booleans": ["samba_enable_home_dirs"]},
        "dovecot": {"fcontexts": [{"path": "~user1/Maildir", "type": "mail_home_rw_t"}]},
        "mysql": {"fcontexts": [], "ports": [{"port": 3306, "proto": "tcp", "type": "mysqld_port_t"}]},
        "qmail": {"fcontexts": [{"path": "/var/qmail/supervise", "type": "svc_svc_t"}]},  # not on this VM's track
    },
}
SEMANAGE_PORTS = ("SELinux Port Type              Proto    Port Number\n\n"
                  "mysqld_port_t                  tcp      1186, 3306, 63132-63164\n"
                  "smtp_port_t                    tcp      465, 587, 25\n")


class FakeEL(object):
    """Answers of an EL VM's SELinux tools: labels {path: type}, policy defaults, booleans, mode, ausearch."""

    def __init__(self, labels=None, defaults=None, booleans=None, mode="Enforcing", ports=SEMANAGE_PORTS,
                 ausearch=(1, "", "<no matches>\n"), long_ls=False, missing=()):
        self.labels = dict({SHARE: "samba_share_t", "/home/user1/Maildir": "mail_home_rw_t"}, **(labels or {}))
        self.defaults = dict(self.labels, **(defaults or {}))
        self.booleans = dict({"samba_enable_home_dirs": "on"}, **(booleans or {}))
        self.mode, self.ports, self.ausearch, self.long_ls, self.missing = mode, ports, ausearch, long_ls, missing
        self.calls = []

    def __call__(self, argv):
        self.calls.append(list(argv))
        if argv[0] in self.missing:
            return 127, "", "%s: command not found" % argv[0]
        if argv == ["getenforce"]:
            return 0, self.mode + "\n", ""
        if argv[:2] == ["ls", "-dZ"]:
            path = argv[2]
            if path not in self.labels:
                return 2, "", "ls: cannot access '%s': No such file or directory\n" % path
            context = "unconfined_u:object_r:%s:s0" % self.labels[path]
            if self.long_ls:  # EL 7's coreutils: ls -Z is a long listing
                return 0, "drwxr-xr-x. root root %s %s\n" % (context, path), ""
            return 0, "%s %s\n" % (context, path), ""
        if argv[:2] == ["matchpathcon", "-n"]:
            return 0, "system_u:object_r:%s:s0\n" % self.defaults.get(argv[2], "default_t"), ""
        if argv[0] == "getsebool":
            return 0, "%s --> %s\n" % (argv[1], self.booleans.get(argv[1], "off")), ""
        if argv[:3] == ["semanage", "port", "-l"]:
            return 0, self.ports, ""
        if argv[0] == "ausearch":
            return self.ausearch
        return 127, "", "%s: command not found" % argv[0]


def ctx(tree, runner, config=None, enforcing=True):
    root = tree / "root"
    (root / "etc" / "selinux").mkdir(parents=True, exist_ok=True)
    (root / "etc" / "passwd").write_text(PASSWD)
    (root / "etc" / "selinux" / "config").write_text("SELINUX=%s\nSELINUXTYPE=targeted\n"
                                                     % ("enforcing" if enforcing else "permissive"))
    return framework.Context(config=dict(CONFIG if config is None else config), root=str(root), runner=runner)


def fails(result, *fragments):
    assert result.status == "FAIL", result
    for fragment in fragments:
        assert fragment in result.reason, "%r not in %r" % (fragment, result.reason)
    return result


@pytest.mark.parametrize("long_ls", [False, True])
def test_labels_pass_on_a_good_el_vm(tmp_path, long_ls):
    run = FakeEL(long_ls=long_ls)
    result = selinux.check_labels(ctx(tmp_path, run))
    assert result.status == "PASS", result
    assert ["ls", "-dZ", "/home/user1/Maildir"] in run.calls  # ~user1 from /etc/passwd
    assert ["ls", "-dZ", "/var/qmail/supervise"] not in run.calls  # the qmail track is not this VM's
    assert "3306/tcp (mysql): mysqld_port_t yes" in result.evidence


def test_a_wrong_share_type_names_the_rule_and_restorecon(tmp_path):
    run = FakeEL(labels={SHARE: "var_t"})
    fails(selinux.check_labels(ctx(tmp_path, run)),
          "%s has the SELinux type var_t, but samba needs samba_share_t there" % SHARE,
          "semanage fcontext -a -t samba_share_t '/srv/samba/public(/.*)?' && restorecon -Rv /srv/samba/public")


def test_a_chcon_label_is_not_enough(tmp_path):
    run = FakeEL(defaults={SHARE: "var_t"})
    fails(selinux.check_labels(ctx(tmp_path, run)), "(chcon?)", "the policy gives it var_t",
          "semanage fcontext -a -t samba_share_t '/srv/samba/public(/.*)?'")


def test_a_missing_path_is_nothing_to_label(tmp_path):
    labels = FakeEL().labels
    del labels["/home/user1/Maildir"]
    run = FakeEL()
    run.labels = labels
    result = selinux.check_labels(ctx(tmp_path, run))
    assert result.status == "PASS" and "/home/user1/Maildir (dovecot): missing, nothing to label yet" in result.evidence


def test_booleans_ports_and_mode(tmp_path):
    fails(selinux.check_labels(ctx(tmp_path, FakeEL(booleans={"samba_enable_home_dirs": "off"}))),
          "setsebool -P samba_enable_home_dirs on")
    fails(selinux.check_labels(ctx(tmp_path, FakeEL(ports=SEMANAGE_PORTS.replace("1186, 3306, ", "")))),
          "port 3306/tcp is not of the SELinux type mysqld_port_t", "semanage port -a -t mysqld_port_t -p tcp 3306")
    fails(selinux.check_labels(ctx(tmp_path, FakeEL(mode="Permissive"))), "SELinux is Permissive, not Enforcing",
          "setenforce 1")
    fails(selinux.check_labels(ctx(tmp_path, FakeEL(), enforcing=False)), "SELINUX=permissive",
          "the next boot does not enforce")
    fails(selinux.check_labels(ctx(tmp_path, FakeEL(mode="Disabled"))), "touch /.autorelabel")


def test_missing_tools_fail_saying_why(tmp_path):
    fails(selinux.check_labels(ctx(tmp_path, FakeEL(missing=("getenforce",)))), "getenforce is missing")
    fails(selinux.check_labels(ctx(tmp_path, FakeEL(missing=("ls",)))), "cannot read the SELinux label of")
    fails(selinux.check_labels(ctx(tmp_path, FakeEL(missing=("matchpathcon",)))), "matchpathcon said")
    fails(selinux.check_labels(ctx(tmp_path, FakeEL(missing=("semanage",)))), "policycoreutils-python-utils")
    fails(selinux.check_denials(ctx(tmp_path, FakeEL(missing=("ausearch",)))), "ausearch is missing")
    fails(selinux.check_denials(ctx(tmp_path, FakeEL(ausearch=(10, "", "Error opening config file\n")))),
          "ausearch -m avc -ts recent failed: Error opening config file")
    fails(selinux.check_denials(ctx(tmp_path, FakeEL(ausearch=(0, "garbage\n", "")))), "no AVC record could be read")


def test_debian_passes_both_saying_why(tmp_path):
    run = FakeEL()
    for check in (selinux.check_labels, selinux.check_denials):
        result = check(ctx(tmp_path, run, config=dict(CONFIG, family="Debian")))
        assert result.status == "PASS" and "not EL (Debian)" in result.evidence[0]
    assert run.calls == []


AVC_SMBD = ('type=AVC msg=audit(1764990000.123:412): avc:  denied  { read } for  pid=2411 comm="smbd" name="public" '
            'dev="vda1" ino=1311 scontext=system_u:system_r:smbd_t:s0 tcontext=unconfined_u:object_r:var_t:s0 '
            'tclass=dir permissive=0')
AVC_NAMED = ('type=AVC msg=audit(1764990001.5:420): avc:  denied  { open } for  pid=901 comm="isc-net-0000" '
             'path="/var/named/chroot/var/named/master/db.example" dev="vda1" ino=99 '
             'scontext=system_u:system_r:named_t:s0 tcontext=unconfined_u:object_r:user_home_t:s0 tclass=file '
             'permissive=0')
AVC_DOVECOT = ('type=AVC msg=audit(1764990002.1:430): avc:  denied  { write } for  pid=77 comm="pop3" name="Maildir" '
               'dev="vda1" ino=5 scontext=system_u:system_r:dovecot_t:s0 tcontext=unconfined_u:object_r:user_home_t:s0 '
               'tclass=dir permissive=0\n'
               'type=PATH msg=audit(1764990002.1:430): item=0 name="/home/user1/Maildir" inode=5 dev=fd:00')
AVC_HOME = AVC_SMBD.replace('name="public"', 'name="user1"').replace("object_r:var_t", "object_r:user_home_dir_t")
AVC_BIND = ('type=AVC msg=audit(1764990003.0:440): avc:  denied  { name_bind } for  pid=3 comm="stunnel" src=4465 '
            'scontext=system_u:system_r:stunnel_t:s0 tcontext=system_u:object_r:unreserved_port_t:s0 '
            'tclass=tcp_socket permissive=0')
AVC_OTHER = ('type=AVC msg=audit(1764990004.0:450): avc:  denied  { read } for  pid=3 comm="httpd" name="x" '
             'scontext=system_u:system_r:httpd_t:s0 tcontext=system_u:object_r:var_t:s0 tclass=file permissive=0')


def denials(tmp_path, *records):
    return selinux.check_denials(ctx(tmp_path, FakeEL(ausearch=(0, "----\n" + "\n----\n".join(records) + "\n", ""))))


def test_no_denials_pass(tmp_path):
    result = selinux.check_denials(ctx(tmp_path, FakeEL()))
    assert result.status == "PASS" and result.evidence == ("ausearch -m avc -ts recent: no denials",)
    assert denials(tmp_path, AVC_OTHER).status == "PASS"  # not a lab daemon's


def test_a_denial_names_the_service_and_the_fix(tmp_path):
    fails(denials(tmp_path, AVC_SMBD), "Samba (smbd) was denied read on public (dir of type var_t)",
          "semanage fcontext -a -t samba_share_t '/srv/samba/public(/.*)?' && restorecon -Rv /srv/samba/public")
    fails(denials(tmp_path, AVC_NAMED), "BIND (named) was denied open on /var/named/chroot/var/named/master/db.example",
          "semanage fcontext -a -t named_zone_t '/var/named/chroot/var/named/master/db.example(/.*)?' && "
          "restorecon -Rv /var/named/chroot/var/named/master/db.example")
    fails(denials(tmp_path, AVC_DOVECOT), "Dovecot was denied write on /home/user1/Maildir",
          "semanage fcontext -a -t mail_home_rw_t '/home/user1/Maildir(/.*)?' && restorecon -Rv /home/user1/Maildir")
    fails(denials(tmp_path, AVC_HOME), "setsebool -P samba_enable_home_dirs on")
    fails(denials(tmp_path, AVC_BIND), "stunnel was denied name_bind on 4465",
          "semanage port -a -t smtp_port_t -p tcp 4465")
    both = fails(denials(tmp_path, AVC_OTHER, AVC_SMBD, AVC_SMBD), "Samba (smbd)")
    assert both.reason.count("Samba (smbd)") == 1 and "httpd" not in both.reason
    assert "ausearch -m avc -ts recent: 3 denials, 2 of lab daemons" in both.evidence


def test_parse_ports_and_contexts():
    table = selinux.parse_ports(SEMANAGE_PORTS)
    assert selinux.port_has_type(table, "mysqld_port_t", "tcp", 63140)
    assert not selinux.port_has_type(table, "mysqld_port_t", "udp", 3306)
    assert selinux.context_type("system_u:object_r:named_zone_t:s0 /x") == "named_zone_t"
    assert selinux.context_type("-rw-r--r--. root root unconfined_u:object_r:user_home_t:s0 f") == "user_home_t"
    assert selinux.context_type("? /x") is None


def test_japanese_reasons(tmp_path):
    result = denials(tmp_path, AVC_SMBD)
    text = i18n.localize(result.reason, "ja")
    assert "SELinux に拒否されました" in text and "restorecon -Rv /srv/samba/public を実行してください" in text
