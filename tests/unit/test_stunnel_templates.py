"""The stunnel role's files, rendered by Ansible for Debian 12 and EL 9: both modes' configurations pass our
stunnel checker (standalone and inetd rules, the log the evaluator reads), listen_check refuses the course's
port traps on the rendered text, the superserver role serves the role's smtps under the stunnel owner, and the
owner markers keep the day-10 and day-13 services apart."""

from __future__ import annotations

import re

import pytest
from ansible_collections.serverlab.course.plugins.plugin_utils.compat import trust_as_template

import roles_render

from ansible_collections.serverlab.course.plugins.module_utils import listen, stunnel

FAMILIES = ("Debian", "RedHat")
USER = {"Debian": "stunnel4", "RedHat": "stunnel"}
BINARY = {"Debian": "/usr/bin/stunnel4", "RedHat": "/usr/bin/stunnel"}
LOG = {"Debian": "/var/log/stunnel4/smtps.log", "RedHat": "/var/log/stunnel/smtps.log"}
DOVECOT_SS = 'tcp LISTEN 0 100 0.0.0.0:995 0.0.0.0:* users:(("dovecot",pid=3732,fd=24))\n'
XINETD_SS = 'tcp LISTEN 0 64 0.0.0.0:465 0.0.0.0:* users:(("xinetd",pid=4200,fd=6))\n'


def value(family, expr, **overrides):
    return roles_render.templar("stunnel", family, **overrides).template(trust_as_template("{{ %s }}" % expr))


def render(template, family, **overrides):
    return roles_render.render("stunnel", template, family, **overrides)


def conf(template, family, **overrides):
    return stunnel.parse_config(render(template, family, **overrides), "/etc/stunnel/" + template[:-3])


def options(section):
    return {e.key: e.value for e in section.options}


def superserver_file(template, family, service, **overrides):
    return roles_render.render("superserver", template, family, service=service, **overrides)


@pytest.mark.parametrize("family", FAMILIES)
def test_standalone_config_is_clean(family):
    parsed = conf("smtps.conf.j2", family)
    assert stunnel.check_config(parsed, mode="standalone") == []   # not even a warning
    assert options(parsed.globals) == {
        "setuid": USER[family], "setgid": USER[family],
        "pid": "/run/stunnel4/smtps.pid" if family == "Debian" else "/run/stunnel/smtps.pid",
        "foreground": "yes", "output": LOG[family], "debug": "5",
        "cert": "/etc/ssl/serverlab/mail.crt", "key": "/etc/ssl/serverlab/mail.key"}
    assert [(s.name, options(s)) for s in parsed.sections] == [
        ("smtps", {"accept": "465", "connect": "127.0.0.1:10465"})]


@pytest.mark.parametrize("family", FAMILIES)
def test_inetd_config_is_clean(family):
    parsed = conf("smtps-inetd.conf.j2", family)
    assert stunnel.check_config(parsed, mode="inetd") == []   # no section, no accept, no pid/foreground
    assert parsed.sections == []
    globals_ = options(parsed.globals)
    assert globals_["connect"] == "127.0.0.1:10465" and globals_["service"] == "smtps"
    assert (globals_["setuid"], globals_["output"], globals_["debug"]) == (USER[family], LOG[family], "5")
    assert not {"accept", "pid", "foreground"} & set(globals_)
    # read as a standalone file it is refused, so the two files cannot be swapped unnoticed
    assert "stunnel-no-service" in [f.code for f in stunnel.check_config(parsed, mode="standalone")]
    assert listen.claims_from("stunnel", render("smtps-inetd.conf.j2", family), "smtps-inetd.conf") == []


def test_variables_reach_both_files():
    over = dict(stunnel_smtps_port=10465, stunnel_smtps_connect="192.168.0.232:2525", stunnel_debug=7,
                stunnel_cert="/etc/pki/mail.pem", stunnel_key="/etc/pki/mail.key", stunnel_log_file="/var/log/s.log")
    standalone = conf("smtps.conf.j2", "Debian", **over)
    assert options(standalone.sections[0]) == {"accept": "10465", "connect": "192.168.0.232:2525"}
    inetd = options(conf("smtps-inetd.conf.j2", "Debian", **over).globals)
    for parsed in (options(standalone.globals), inetd):
        assert (parsed["debug"], parsed["cert"], parsed["key"], parsed["output"]) == (
            "7", "/etc/pki/mail.pem", "/etc/pki/mail.key", "/var/log/s.log")
    assert inetd["connect"] == "192.168.0.232:2525"
    # the mailcert role's paths are the defaults
    assert value("Debian", "stunnel_cert", mailcert_cert_path="/x/c.pem") == "/x/c.pem"


@pytest.mark.parametrize("template,mode", [("smtps.conf.j2", "standalone"), ("smtps-inetd.conf.j2", "inetd")])
def test_timeout_close_zero(template, mode):
    without = conf(template, "Debian")
    codes = [f.code for f in stunnel.check_config(without, mode=mode, clients_without_close_notify=True)]
    assert "stunnel-timeoutclose" in codes
    with_ = conf(template, "Debian", stunnel_timeout_close_zero=True)
    assert with_.globals.get("timeoutclose")[0] == "0"
    assert stunnel.check_config(with_, mode=mode, clients_without_close_notify=True) == []


def test_mode_picks_one_file_and_the_superserver_service():
    assert value("Debian", "stunnel_mode") == "standalone"   # lab_stunnel_mode
    assert value("Debian", "stunnel_mode", lab_stunnel_mode="superserver") == "superserver"
    for mode, live, other, template in (
            ("standalone", "/etc/stunnel/smtps.conf", "/etc/stunnel/smtps-inetd.conf", "smtps.conf.j2"),
            ("superserver", "/etc/stunnel/smtps-inetd.conf", "/etc/stunnel/smtps.conf", "smtps-inetd.conf.j2")):
        assert value("Debian", "[__stunnel_config_file, __stunnel_other_config, __stunnel_config_template]",
                     stunnel_mode=mode) == [live, other, template]
    assert value("Debian", "__stunnel_superserver_services", stunnel_mode="standalone") == []
    (svc,) = value("RedHat", "__stunnel_superserver_services", stunnel_mode="superserver")
    assert svc == {"name": "smtps", "description": "SMTP over SSL, stunnel in inetd mode (lab day 13)", "port": 465,
                   "server": "/usr/bin/stunnel /etc/stunnel/smtps-inetd.conf", "user": "root", "enabled": True,
                   "only_from": [], "bind": "0.0.0.0"}
    assert value("Debian", "__stunnel_superserver_kind") == "xinetd"
    assert value("RedHat", "__stunnel_superserver_kind") == "systemd"
    assert value("Debian", "__stunnel_superserver_kind", superserver_type="systemd") == "systemd"


def stunnel_service(family):
    (svc,) = value(family, "__stunnel_superserver_services", stunnel_mode="superserver")
    return svc


def test_superserver_files_for_the_stunnel_owner():
    owner = {"superserver_owner": "serverlab.course.stunnel"}
    xinetd = superserver_file("xinetd.j2", "Debian", stunnel_service("Debian"), **owner)
    assert "# Managed by serverlab.course.stunnel: edit superserver_services, not this file.\n" in xinetd
    for line in ("service smtps\n", "port\t\t= 465\n", "user\t\t= root\n", "server\t\t= /usr/bin/stunnel4\n",
                 "server_args\t= /etc/stunnel/smtps-inetd.conf\n", "disable\t\t= no\n"):
        assert line in xinetd, line
    assert [(c.address, c.port) for c in listen.claims_from("xinetd", xinetd, "/etc/xinetd.d/smtps")] == [("0.0.0.0", 465)]
    svc = stunnel_service("RedHat")
    socket = superserver_file("socket.j2", "RedHat", svc, **owner)
    unit = superserver_file("service.j2", "RedHat", svc, **owner)
    assert "ListenStream=0.0.0.0:465\nAccept=yes\n" in socket and "IPAddress" not in socket
    assert "ExecStart=-/usr/bin/stunnel /etc/stunnel/smtps-inetd.conf\n" in unit and "User=root\n" in unit


@pytest.mark.parametrize("family", FAMILIES)
def test_standalone_and_superserver_on_465_are_refused(family):
    standalone = listen.claims_from("stunnel", render("smtps.conf.j2", family), "/etc/stunnel/smtps.conf")
    if family == "Debian":
        other = listen.claims_from("xinetd", superserver_file("xinetd.j2", family, stunnel_service(family)),
                                   "/etc/xinetd.d/smtps")
    else:
        other = listen.claims_from("systemd_socket", superserver_file("socket.j2", family, stunnel_service(family)),
                                   "/etc/systemd/system/smtps.socket")
    (finding,) = listen.find_conflicts(standalone + other)
    assert finding.is_error and finding.code == "port-conflict"
    assert "either standalone or under the superserver" in finding.fix
    # and against xinetd already listening (the role's second check, after its own smtps is gone)
    live = listen.claims_from("sockets", XINETD_SS, "ss")
    (finding,) = listen.find_conflicts(standalone + live)
    assert "xinetd" in finding.message and finding.path == "/etc/stunnel/smtps.conf"
    # but the role's first check ignores the superserver: its own smtps goes away before stunnel starts
    ignore = value(family, "__stunnel_superserver_programs")
    assert listen.find_conflicts(standalone + live, ignore) == []


def test_the_pop3s_trap_is_refused_while_dovecot_serves_995():
    extra = [{"name": "pop3s", "accept": 995, "connect": 110}]
    text = render("smtps.conf.j2", "Debian", stunnel_extra_services=extra)
    parsed = stunnel.parse_config(text, "/etc/stunnel/smtps.conf")
    assert [s.name for s in parsed.sections] == ["smtps", "pop3s"]
    assert stunnel.check_config(parsed, mode="standalone") == []   # a valid file: only the port is wrong
    claims = listen.claims_from("stunnel", text, "/etc/stunnel/smtps.conf")
    assert [(c.service, c.port) for c in claims] == [("smtps", 465), ("pop3s", 995)]
    (finding,) = listen.find_conflicts(claims + listen.claims_from("sockets", DOVECOT_SS, "ss"),
                                       value("Debian", "__stunnel_superserver_programs"))
    assert finding.is_error and "dovecot" in finding.message and "[pop3s]" in finding.message
    assert "remove the [pop3s] section from /etc/stunnel/smtps.conf" in finding.fix
    assert finding.line == text.splitlines().index("[pop3s]") + 2   # points at its accept line
    # without the extra section nothing conflicts with Dovecot
    plain = listen.claims_from("stunnel", render("smtps.conf.j2", "Debian"), "/etc/stunnel/smtps.conf")
    assert listen.find_conflicts(plain + listen.claims_from("sockets", DOVECOT_SS, "ss")) == []


@pytest.mark.parametrize("family", FAMILIES)
def test_unit_dropin(family):
    text = render("unit-dropin.conf.j2", family)
    assert "Type=simple\n" in text
    assert "ExecStart=\nExecStart=%s /etc/stunnel/smtps.conf\n" % BINARY[family] in text
    run_dir = "/run/stunnel4" if family == "Debian" else "/run/stunnel"
    assert "ExecStartPre=/usr/bin/install -d -o {0} -g {0} -m 0755 {1}\n".format(USER[family], run_dir) in text
    assert value(family, "__stunnel_unit") == "stunnel@smtps.service"
    assert value(family, "__stunnel_unit_dropin") == "/etc/systemd/system/stunnel@smtps.service.d/serverlab.conf"


def test_logrotate_only_where_the_package_has_none():
    # Debian's stunnel4 rotates /var/log/stunnel4/*.log itself (reopening through the pid file).
    assert value("Debian", "__stunnel_logrotate_file") == ""
    assert value("RedHat", "__stunnel_logrotate_file") == "/etc/logrotate.d/stunnel-smtps"
    text = render("logrotate.j2", "RedHat")
    assert text.splitlines()[3] == "/var/log/stunnel/smtps.log {"
    assert "create 0640 stunnel stunnel" in text
    assert "systemctl kill --signal=USR1 --kill-whom=main stunnel@smtps.service" in text


# Lines stunnel 5.68 (Debian 12) wrote in the role's live test, standalone and started by xinetd.
LIVE_LOG = """\
2026.11.23 13:51:48 LOG5[ui]: Reading configuration from file /etc/stunnel/smtps.conf
2026.11.23 13:51:48 LOG5[ui]: Configuration successful
2026.11.23 13:51:55 LOG5[0]: Service [smtps] accepted connection from 192.168.0.1:43838
2026.11.23 13:51:55 LOG5[0]: s_connect: connected 127.0.0.1:25
2026.11.23 13:51:55 LOG5[0]: Service [smtps] connected remote server from 127.0.0.1:36392
2026.11.23 13:51:55 LOG5[0]: Connection closed: 229 byte(s) sent to TLS, 31 byte(s) sent to socket
2026.11.23 13:53:33 LOG5[ui]: Reading configuration from file /etc/stunnel/smtps-inetd.conf
2026.11.23 13:53:33 LOG5[ui]: Configuration successful
2026.11.23 13:53:33 LOG5[0]: Service [smtps] accepted connection from 192.168.0.1:44414
2026.11.23 13:53:33 LOG5[0]: s_connect: connected 127.0.0.1:25
2026.11.23 13:53:33 LOG5[0]: Service [smtps] connected remote server from 127.0.0.1:33784
2026.11.23 13:53:33 LOG5[0]: Connection closed: 229 byte(s) sent to TLS, 31 byte(s) sent to socket
"""


def test_both_modes_log_clean_smtps_sessions():
    sessions = stunnel.parse_log(LIVE_LOG)
    assert [(s.service, s.peer.split(":")[0], s.status, s.clean) for s in sessions] == [
        ("smtps", "192.168.0.1", "closed", True)] * 2
    assert stunnel.log_findings(sessions) == []


# ------------------------------------------------------------------ superserver owners

def superserver_value(expr, family="Debian", **overrides):
    with roles_render.collection_plugins():  # __superserver_taken_msg goes through serverlab.course.t
        return roles_render.templar("superserver", family, **overrides).template(trust_as_template("{{ %s }}" % expr))


def finds(line, pattern):
    """ansible.builtin.find's contains: re.match on each line."""
    return any(re.match(pattern, ln) for ln in line.splitlines())


def test_owner_markers_keep_the_plays_apart():
    labtalk = superserver_value("__superserver_model")[0]
    day10 = superserver_file("xinetd.j2", "Debian", labtalk)
    day13 = superserver_file("xinetd.j2", "Debian", stunnel_service("Debian"), superserver_owner="serverlab.course.stunnel")
    # day 10's files keep the exact marker line they had before owners existed
    assert "# Managed by serverlab.course.superserver: edit superserver_services, not this file.\n" in day10
    mine10 = superserver_value("__superserver_marker_pattern")
    mine13 = superserver_value("__superserver_marker_pattern", superserver_owner="serverlab.course.stunnel")
    anyone = superserver_value("__superserver_any_marker_pattern")
    assert finds(day10, mine10) and not finds(day13, mine10)
    assert finds(day13, mine13) and not finds(day10, mine13)
    assert finds(day10, anyone) and finds(day13, anyone)
    # an owner that is a prefix of another does not match it
    assert not finds(day13.replace("course.stunnel", "course.stunnel2"), mine13)
    for template in ("socket.j2", "service.j2"):
        text = superserver_file(template, "RedHat", stunnel_service("RedHat"), superserver_owner="serverlab.course.stunnel")
        assert finds(text, mine13) and finds(text, anyone) and not finds(text, mine10)


def found(*paths):
    return {"files": [{"path": p} for p in paths]}


def test_each_owner_removes_only_its_own_services():
    # day 13 in standalone mode: the stunnel owner's list is empty, its smtps is stale, labtalk is another's
    state = dict(superserver_owner="serverlab.course.stunnel", superserver_services=[],
                 __superserver_own_files=found("/etc/xinetd.d/smtps"),
                 __superserver_managed_files=found("/etc/xinetd.d/labtalk", "/etc/xinetd.d/smtps"))
    assert superserver_value("__superserver_stale", **state) == ["smtps"]
    assert superserver_value("__superserver_foreign_paths", **state) == ["/etc/xinetd.d/labtalk"]
    assert superserver_value("__superserver_foreign_sources", **state) == [{"kind": "xinetd", "path": "/etc/xinetd.d/labtalk"}]
    assert superserver_value("__superserver_taken_names", **state) == []
    # day 10 re-run: labtalk is its own, stunnel's smtps is neither stale nor replaced, its port still counts
    state = dict(__superserver_own_files=found("/etc/xinetd.d/labtalk"),
                 __superserver_managed_files=found("/etc/xinetd.d/labtalk", "/etc/xinetd.d/smtps"))
    assert superserver_value("__superserver_stale", **state) == []
    assert superserver_value("__superserver_foreign_names", **state) == ["smtps"]
    # day 10 asked to serve smtps while the stunnel role serves it: refused, naming the service
    state["superserver_examples_enabled"] = ["labtalk", "smtps"]
    assert superserver_value("__superserver_taken_names", **state) == ["smtps"]
    assert "smtps already belongs to another owner than serverlab.course.superserver" in \
        superserver_value("__superserver_taken_msg", **state)


def test_other_owners_sockets_count_only_when_enabled():
    state = dict(__superserver_own_files=found("/etc/systemd/system/labtalk.socket"),
                 __superserver_managed_files=found("/etc/systemd/system/labtalk.socket", "/etc/systemd/system/smtps.socket"),
                 __superserver_foreign_state={"results": [{"item": "/etc/systemd/system/smtps.socket", "rc": 0}]})
    assert superserver_value("__superserver_foreign_names", "RedHat", **state) == ["smtps"]
    assert superserver_value("__superserver_foreign_sources", "RedHat", **state) == [
        {"kind": "systemd_socket", "path": "/etc/systemd/system/smtps.socket", "enabled": True}]
    state["__superserver_foreign_state"] = {"results": [{"item": "/etc/systemd/system/smtps.socket", "rc": 1}]}
    assert superserver_value("__superserver_foreign_sources", "RedHat", **state)[0]["enabled"] is False
