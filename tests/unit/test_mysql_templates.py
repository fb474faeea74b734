"""The mysql role's files rendered with the Debian and EL variables (no EL host runs here), and the
chrony role's chrony.conf on a VM and in a container."""

from __future__ import annotations

import configparser
import os

import pytest
from ansible_collections.serverlab.course.plugins.plugin_utils.compat import trust_as_template

import roles_render

ROLES = os.path.join(os.path.dirname(__file__), "..", "..", "roles")


TRAINING = {"lab_user_password": "serverlab-training"}


def templar(role, family, **overrides):
    return roles_render.templar(role, family, base=TRAINING, **overrides)


def render(role, template, family, **overrides):
    return roles_render.render(role, template, family, base=TRAINING, **overrides)


def value(role, family, name, **overrides):
    return templar(role, family, **overrides).template(trust_as_template("{{ %s }}" % name))


def cnf(text):
    parser = configparser.ConfigParser(allow_no_value=True, interpolation=None, strict=True)
    parser.read_string(text)
    return parser


# ---------------------------------------------------------------- mysql

@pytest.mark.parametrize("family", ["Debian", "RedHat"])
def test_server_settings(family):
    parsed = cnf(render("mysql", "serverlab.cnf.j2", family))
    server = parsed["mysqld"]
    assert server["bind-address"] == "192.168.0.10"
    assert server["datadir"] == "/var/lib/mysql"
    assert server["character-set-server"] == "utf8mb4"
    assert server["user"] == "mysql"
    assert "skip-name-resolve" in server
    assert parsed["client"]["default-character-set"] == "utf8mb4"


def test_extra_server_options_are_written():
    parsed = cnf(render("mysql", "serverlab.cnf.j2", "Debian", mysql_server_options={"max_connections": 50}))
    assert parsed["mysqld"]["max_connections"] == "50"


@pytest.mark.parametrize("network, host", [
    ("192.168.0.0/24", "192.168.0.0/255.255.255.0"),
    ("10.1.0.0/16", "10.1.0.0/255.255.0.0"),
    ("172.16.4.0/22", "172.16.4.0/255.255.252.0"),
])
def test_lab_user_host_is_the_lab_network(network, host):
    assert value("mysql", "Debian", "mysql_lab_host", lab_network=network) == host


def test_lab_password_comes_from_the_vault_variables():
    assert value("mysql", "Debian", "mysql_lab_password") == "serverlab-training"
    assert value("mysql", "Debian", "mysql_lab_password", lab_mysql_password="db-secret-1") == "db-secret-1"


@pytest.mark.parametrize("family, flavor, service, check", [
    ("Debian", "mysql", "mariadb", "/usr/sbin/mariadbd --defaults-file=%s --user=mysql --help --verbose"),
    ("RedHat", "mariadb", "mariadb", "/usr/libexec/mariadbd --defaults-file=%s --user=mysql --help --verbose"),
    ("RedHat", "mysql", "mysqld", "/usr/libexec/mysqld --defaults-file=%s --user=mysql --validate-config"),
])
def test_flavors_and_their_validators(family, flavor, service, check):
    assert value("mysql", family, "__mysql_service", mysql_flavor=flavor) == service
    assert value("mysql", family, "__mysql_validate_command", mysql_flavor=flavor) == check


@pytest.mark.parametrize("family, socket", [("Debian", "/run/mysqld/mysqld.sock"),
                                            ("RedHat", "/var/lib/mysql/mysql.sock")])
def test_socket_is_the_packages_own(family, socket):
    assert value("mysql", family, "mysql_socket") == socket
    assert cnf(render("mysql", "serverlab.cnf.j2", family))["client"]["socket"] == socket


def test_el_mysql_root_uses_auth_socket():
    assert value("mysql", "RedHat", "__mysql_root_plugin", mysql_flavor="mysql") == "auth_socket"
    assert value("mysql", "Debian", "__mysql_root_plugin") == "unix_socket"


def test_lab_client_file():
    parsed = cnf(render("mysql", "lab-client.cnf.j2", "Debian"))
    assert parsed["client"]["user"] == "user1"
    assert parsed["client"]["password"] == '"serverlab-training"'
    assert parsed["client"]["host"] == "192.168.0.10"
    assert parsed["mysql"]["database"] == "lab"
    assert "database" not in parsed["client"]  # mariadb-admin & co. refuse unknown [client] options


# ---------------------------------------------------------------- chrony

def directives(text):
    return [line.split(None, 1) for line in text.splitlines() if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("family", ["Debian", "RedHat"])
def test_chrony_in_a_container(family):
    text = render("chrony", "chrony.conf.j2", family, __chrony_controls_clock=False)
    lines = directives(text)
    assert ["allow", "192.168.0.0/24"] in lines
    assert ["local", "stratum 10"] in lines
    assert not any(d[0] in ("makestep", "rtcsync", "server", "pool") for d in lines)
    opts = render("chrony", "options.j2", family, __chrony_controls_clock=False)
    var = "DAEMON_OPTS" if family == "Debian" else "OPTIONS"
    assert '%s="%s -x"' % (var, "-F 1" if family == "Debian" else "-F 2") in opts


def test_chrony_on_a_vm_with_servers():
    text = render("chrony", "chrony.conf.j2", "Debian", __chrony_controls_clock=True,
                  chrony_servers=["192.168.0.1"], chrony_serve=False)
    lines = directives(text)
    assert ["server", "192.168.0.1 iburst"] in lines
    assert ["makestep", "1 3"] in lines
    assert not any(d[0] in ("allow", "local") for d in lines)
    assert "-x" not in render("chrony", "options.j2", "Debian", __chrony_controls_clock=True)
