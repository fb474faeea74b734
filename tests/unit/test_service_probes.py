"""The probes the roles run after a restart or reload (roles/lab/tasks/service_apply.yml), rendered from
the roles' own variables as a play would: every address:port of <role>_listens, each naming its variable,
with a real client request where a cheap one exists."""

from __future__ import annotations

import os

import pytest
import yaml

import roles_render
from roles_render import ROLES, collection_plugins

LAB = "192.168.0.72"
FACTS = {"os_family": "Debian", "python": {"executable": "/usr/bin/python3"}}


def probes(role, name, **overrides):
    values = roles_render.templar(role, "Debian", lab_address=LAB, ansible_facts=FACTS, **overrides)
    with collection_plugins():
        return roles_render.template(values, "{{ %s }}" % name)


def endpoints(found):
    return [(p["host"], p["port"], p["var"]) for p in found]


def test_stunnel_greets_through_tls_at_every_address_of_smtps():
    found = probes("stunnel", "__stunnel_probes", stunnel_mode="standalone",
                   stunnel_extra_services=[{"name": "imaps", "accept": "127.0.0.1:9993", "connect": 143}])
    assert endpoints(found) == [(LAB, 465, "stunnel_smtps_port"), ("127.0.0.1", 465, "stunnel_smtps_port"),
                                ("127.0.0.1", 9993, "stunnel_extra_services (imaps)")]
    smtps = found[0]
    assert smtps["command"][0] == "/usr/bin/python3" and smtps["command"][-2:] == [LAB, "465"]
    assert smtps["expect"] == "^220 " and "command" not in found[2]


def test_mysql_reads_the_server_handshake_at_the_bind_address():
    (probe,) = probes("mysql", "__mysql_probes")
    assert (probe["host"], probe["port"], probe["var"], probe["address_var"]) == (
        LAB, 3306, "mysql_port", "mysql_bind_address")
    assert "MariaDB" in probe["banner"]
    assert endpoints(probes("mysql", "__mysql_probes", mysql_bind_address="0.0.0.0", mysql_port=3307)) == [
        (LAB, 3307, "mysql_port"), ("127.0.0.1", 3307, "mysql_port")]


def test_samba_accepts_clients_on_its_tcp_ports_of_every_interface():
    found = probes("samba", "__samba_probes")
    assert endpoints(found) == [("127.0.0.1", 445, "samba_interfaces"), (LAB, 445, "samba_interfaces"),
                                ("127.0.0.1", 139, "samba_interfaces"), (LAB, 139, "samba_interfaces")]
    assert [p["port"] for p in probes("samba", "__samba_probes", samba_nmbd=False)] == [445, 445]


def test_chrony_answers_an_ntp_client_of_the_lab_when_it_serves():
    (probe,) = probes("chrony", "__chrony_probes")
    assert (probe["host"], probe["port"], probe["var"]) == (LAB, 123, "chrony_allow")
    assert probe["expect"] == "^NTP mode 4 " and probe["command"][-2:] == [LAB, "123"]
    assert probes("chrony", "__chrony_probes", chrony_serve=False) == []


def test_superserver_reads_labtalk_and_what_the_caller_describes():
    (labtalk,) = probes("superserver", "__superserver_probes")
    assert (labtalk["host"], labtalk["port"], labtalk["banner"]) == ("127.0.0.1", 23, "^labtalk on ")
    smtps = {"name": "smtps", "port": 465, "server": "/usr/bin/stunnel4 /etc/stunnel/smtps-inetd.conf",
             "user": "root", "bind": "0.0.0.0"}
    found = probes("superserver", "__superserver_probes", superserver_services=[smtps],
                   superserver_probe_clients={"smtps": {"client": "tls", "expect": "^220 "}})
    assert endpoints(found) == [(LAB, 465, "superserver_services (smtps)"),
                                ("127.0.0.1", 465, "superserver_services (smtps)")]
    assert found[0]["expect"] == "^220 " and found[0]["command"][1] == "-c"


def tasks_of(*parts):
    with open(os.path.join(ROLES, *parts)) as handle:
        return yaml.safe_load(handle)


@pytest.mark.parametrize("role, tasks_file, changed", [
    ("stunnel", "standalone.yml", "__stunnel_standalone_written is changed"),
    ("mysql", "main.yml", "__mysql_config_written is changed"),
    ("samba", "main.yml", "__samba_conf_written is changed"),
    ("chrony", "main.yml", "__chrony_conf_written is changed"),
    ("superserver", "xinetd.yml", "__superserver_xinetd_written is changed"),
    ("superserver", "systemd.yml", None),
])
def test_each_role_applies_through_the_probe_and_records_before_it_writes(role, tasks_file, changed):
    """A changed configuration is applied by service_apply.yml (probe, roll back), not by a handler; the
    copy to roll back to is taken before the first write (service_record.yml, only when missing)."""
    tasks = tasks_of(role, "tasks", tasks_file)
    applies = [t for t in tasks if t.get("ansible.builtin.include_role", {}).get("tasks_from") == "service_apply.yml"]
    assert len(applies) == 1
    apply = applies[0]["vars"]
    if changed is None:  # systemd sockets: one apply per service whose units changed
        return
    records = [t for name in sorted({"main.yml", tasks_file}) for t in tasks_of(role, "tasks", name)
               if t.get("ansible.builtin.include_role", {}).get("tasks_from") == "service_record.yml"]
    assert len(records) == 1 and records[0]["vars"]["lab_apply_record_if_missing"] is True
    assert records[0]["vars"]["lab_apply_files"] == apply["lab_apply_files"]
    assert records[0]["vars"]["lab_apply_role"] == apply["lab_apply_role"]
    # the write that triggers the apply notifies no handler that would restart the service again
    written = changed.split()[0]
    (write,) = [t for t in tasks if t.get("register") == written]
    assert write.get("notify") in (None, "Restart nmbd"), write["name"]


RECORD_PLAY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - ansible.builtin.include_role: {name: serverlab.course.lab, tasks_from: service_record.yml}
      vars:
        lab_apply_role: demo
        lab_apply_service: demo
        lab_apply_record_probes: null
        lab_apply_record_if_missing: true
"""


def test_the_first_copy_learns_the_files_it_did_not_know(tmp_path):
    """service_record.yml before a role's first write keeps an existing copy, but adds the files it does not
    know yet as they are now (a superserver service or a Samba include added since), so a rollback puts
    them back or removes them."""
    import json
    import subprocess
    import sys
    root, live = tmp_path / "rollback", tmp_path / "etc"
    live.mkdir()
    (tmp_path / "play.yml").write_text(RECORD_PLAY)
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROLES, "..", "ansible.cfg"),
               ANSIBLE_COLLECTIONS_PATH=os.path.join(ROLES, "..", "collections"))
    ansible = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")

    def record(*names):
        extra = {"lab_apply_root": str(root), "lab_apply_files": [str(live / n) for n in names],
                 "ansible_python_interpreter": sys.executable}
        proc = subprocess.run([ansible, "-i", "localhost,", "-c", "local", str(tmp_path / "play.yml"),
                               "-e", json.dumps(extra)], capture_output=True, text=True, env=env, timeout=300,
                              check=False)
        assert proc.returncode == 0 and "changed=0" in proc.stdout, proc.stdout + proc.stderr

    (live / "a").write_text("first\n")
    record("a")
    (live / "a").write_text("changed since\n")
    (live / "b").write_text("new service\n")
    record("a", "b", "c")
    copy = root / "demo"
    assert (copy / "files" / str(live / "a").lstrip("/")).read_text() == "first\n"
    assert (copy / "files" / str(live / "b").lstrip("/")).read_text() == "new service\n"
    assert (copy / "absent").read_text().split() == [str(live / "c")]


def test_systemd_sockets_apply_each_changed_service_with_its_own_units_and_probes():
    """EL 9's superserver: each socket whose units changed is restarted and probed on its own, its rollback
    copy holds its two units, and a rollback reloads systemd before the restart."""
    (apply,) = [t for t in tasks_of("superserver", "tasks", "systemd.yml")
                if t.get("ansible.builtin.include_role", {}).get("tasks_from") == "service_apply.yml"]
    smtps = {"name": "smtps", "port": 465, "server": "/usr/bin/stunnel /etc/stunnel/smtps-inetd.conf",
             "user": "root", "bind": "0.0.0.0"}
    changed = {"results": [{"changed": True, "service": {"name": "smtps"}},
                           {"changed": False, "service": {"name": "labtalk"}}]}
    values = roles_render.templar(
        "superserver", "Debian", lab_address=LAB, ansible_facts=FACTS, service=smtps,
        superserver_services=[smtps, dict(smtps, name="labtalk", port=23, bind="127.0.0.1")],
        __superserver_socket_units=changed, __superserver_service_units={"results": []})
    with collection_plugins():
        loop = roles_render.template(values, apply["loop"])
        files = roles_render.template(values, apply["vars"]["lab_apply_files"])
        found = roles_render.template(values, apply["vars"]["lab_apply_probes"])
    assert [s["name"] for s in loop] == ["smtps"]
    assert files == ["/etc/systemd/system/smtps.socket", "/etc/systemd/system/smtps@.service"]
    assert endpoints(found) == [(LAB, 465, "superserver_services (smtps)"),
                                ("127.0.0.1", 465, "superserver_services (smtps)")]
    assert apply["vars"]["lab_apply_daemon_reload"] is True
    rollback = tasks_of("lab", "tasks", "service_rollback.yml")[0]["block"]
    assert "daemon_reload" in rollback[0]["ansible.builtin.systemd_service"]
