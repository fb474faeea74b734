"""The superserver role's one service model, rendered by Ansible for both platforms: xinetd files
(Debian) and systemd socket + service pairs with Accept=yes (EL 9). The EL path is proven here,
since no EL host runs in this project: listen_check reads what binds where, and systemd-analyze
verifies the unit pair when the machine has it."""

from __future__ import annotations

import os
import subprocess

from ansible_collections.serverlab.course.plugins.plugin_utils.compat import trust_as_template

import roles_render

from ansible_collections.serverlab.course.plugins.module_utils import listen

ROLES = os.path.join(os.path.dirname(__file__), "..", "..", "roles")


def variables(family, **overrides):
    return roles_render.role_variables("superserver", family, **overrides)


def templar(family, **overrides):
    return roles_render.templar("superserver", family, **overrides)


def render(template, family, service, **overrides):
    return roles_render.render("superserver", template, family, service=service, **overrides)


def model(family, **overrides):
    return templar(family, **overrides).template(trust_as_template("{{ __superserver_model }}"))


def test_platform_choice():
    assert templar("Debian").template(trust_as_template("{{ __superserver_kind }}")) == "xinetd"
    assert templar("RedHat").template(trust_as_template("{{ __superserver_kind }}")) == "systemd"
    assert templar("RedHat", superserver_type="xinetd").template(trust_as_template("{{ __superserver_kind }}")) == "xinetd"


def test_only_the_tunnel_lab_service_is_served_by_default():
    assert [(s["name"], s["bind"], s["enabled"]) for s in model("Debian")] == [("labtalk", "127.0.0.1", True)]
    assert model("Debian", superserver_examples_enabled=[]) == []
    services = model("Debian", superserver_examples_enabled=["labtalk", "smtps"])
    assert [s["name"] for s in services] == ["labtalk", "smtps"]
    labtalk, smtps = services
    assert (labtalk["port"], labtalk["bind"], labtalk["only_from"], labtalk["enabled"]) == (23, "127.0.0.1", ["127.0.0.1"], True)
    assert labtalk["server"] == "/usr/local/libexec/serverlab/labtalk"
    assert (smtps["port"], smtps["enabled"]) == (465, False)


def test_defaults_fill_missing_fields():
    (svc,) = model("Debian", superserver_services=[{"name": "echo", "port": 7, "server": "/bin/cat"}])
    assert svc == {"name": "echo", "port": 7, "server": "/bin/cat", "enabled": True, "user": "nobody",
                   "only_from": [], "bind": "0.0.0.0", "description": ""}


def test_xinetd_file_from_the_model():
    services = model("Debian", superserver_examples_enabled=["labtalk", "smtps"])
    text = render("xinetd.j2", "Debian", services[0])
    assert "service labtalk\n{" in text
    for line in ("type\t\t= UNLISTED", "port\t\t= 23", "bind\t\t= 127.0.0.1", "only_from\t= 127.0.0.1",
                 "server\t\t= /usr/local/libexec/serverlab/labtalk", "disable\t\t= no", "wait\t\t= no"):
        assert line in text, line
    assert "server_args" not in text
    claims = listen.claims_from("xinetd", text, "/etc/xinetd.d/labtalk")
    assert [(c.address, c.port, c.proto) for c in claims] == [("127.0.0.1", 23, "tcp")]
    smtps = render("xinetd.j2", "Debian", services[1])
    assert "server_args\t= /etc/stunnel/smtps-inetd.conf" in smtps and "disable\t\t= yes" in smtps
    assert listen.claims_from("xinetd", smtps, "/etc/xinetd.d/smtps") == []


def test_socket_pair_from_the_same_model():
    services = model("RedHat", superserver_examples_enabled=["labtalk", "smtps"])
    socket = render("socket.j2", "RedHat", services[0])
    service = render("service.j2", "RedHat", services[0])
    assert "ListenStream=127.0.0.1:23\n" in socket and "Accept=yes\n" in socket
    assert "IPAddressAllow=127.0.0.1\nIPAddressDeny=any\n" in socket
    assert "ExecStart=-/usr/local/libexec/serverlab/labtalk\n" in service
    assert "User=nobody\n" in service and "StandardInput=socket\n" in service
    claims = listen.claims_from("systemd_socket", socket, "/etc/systemd/system/labtalk.socket")
    assert [(c.address, c.port) for c in claims] == [("127.0.0.1", 23)]
    smtps = render("socket.j2", "RedHat", services[1])
    assert "IPAddress" not in smtps and "ListenStream=0.0.0.0:465" in smtps
    assert listen.claims_from("systemd_socket", smtps, "smtps.socket", enabled=False) == []


def test_two_services_on_one_port_are_a_conflict():
    services = model("Debian", superserver_services=[
        {"name": "one", "port": 2323, "server": "/bin/cat"},
        {"name": "two", "port": 2323, "server": "/bin/cat", "bind": "127.0.0.1"}])
    claims = []
    for svc in services:
        claims += listen.claims_from("xinetd", render("xinetd.j2", "Debian", svc), "/etc/xinetd.d/" + svc["name"])
    findings = listen.find_conflicts(claims)
    assert [f.code for f in findings if f.is_error] == ["port-conflict"]


def test_systemd_analyze_verifies_the_pair(tmp_path):
    (svc,) = model("RedHat", superserver_services=[{"name": "labecho", "port": 2323, "server": "/bin/cat",
                                                    "bind": "127.0.0.1", "only_from": ["127.0.0.1"]}])
    (tmp_path / "labecho.socket").write_text(render("socket.j2", "RedHat", svc))
    (tmp_path / "labecho@.service").write_text(render("service.j2", "RedHat", svc))
    env = dict(os.environ, SYSTEMD_LOG_LEVEL="warning")
    good = subprocess.run(["systemd-analyze", "verify", "--man=no", str(tmp_path / "labecho.socket")],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, env=env, check=False)
    assert good.returncode == 0, good.stdout
    (tmp_path / "labecho@.service").write_text(render("service.j2", "RedHat", svc).replace("ExecStart", "ExecStrat"))
    bad = subprocess.run(["systemd-analyze", "verify", "--man=no", str(tmp_path / "labecho.socket")],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, env=env, check=False)
    assert bad.returncode != 0 or "ExecStrat" in bad.stdout, bad.stdout
