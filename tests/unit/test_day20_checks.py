"""Day 20 checks on fake trees and a fake database client: each passes on a good server and fails,
with a teaching reason, for the classic mistakes (root-owned data directory, anonymous accounts,
remote root, the test database, a server bound to 127.0.0.1)."""

from __future__ import annotations

import os

import pytest

from ansible_collections.serverlab.course.plugins.module_utils import catalog
from ansible_collections.serverlab.course.plugins.module_utils.checks import day20
from labtree import LabTree
from mysqltree import _identity, CNF, FakeServer


@pytest.fixture
def tree(tmp_path):
    lab = LabTree(tmp_path / "debian", "Debian")
    passwd, group = _identity()
    lab.write("/etc/passwd", passwd)
    lab.write("/etc/group", group)
    for name in ("mysql", "lab", "performance_schema"):
        os.makedirs(lab.real("/var/lib/mysql/" + name))
    lab.write("/var/lib/mysql/debian-10.11.flag", "")
    lab.write(CNF, "[client]\nuser = user1\npassword = \"x\"\n")
    return lab


@pytest.fixture
def server():
    return FakeServer()


def run(tree, server, check, **config):
    return check(tree.ctx(runner=server, address="192.168.0.10", network="192.168.0.0/24", **config))


def fails(result, *fragments):
    assert result.status == "FAIL", result
    for fragment in fragments:
        assert fragment in result.reason, "%r not in %r" % (fragment, result.reason)
    return result


def test_catalog_lists_the_day20_checks():
    checks = catalog.select([20])
    assert [c.item for c in checks] == [
        "mysql/server", "mysql/datadir", "mysql/lab-user", "mysql/anonymous", "mysql/remote-root",
        "mysql/test-database"]


@pytest.mark.parametrize("check", [c.func for c in day20.CHECKS])
def test_good_server_passes(tree, server, check):
    result = run(tree, server, check)
    assert result.status == "PASS", result


def test_server_down_names_the_service_and_the_old_wrapper_name(tree, server):
    server.state = "failed"
    result = fails(run(tree, server, day20.check_server), "mariadb is failed", "systemctl start mariadb",
                   "mysqld_safe", "safe_mysqld")
    assert "chown" not in result.reason  # the data directory is fine: no false lead


def test_server_down_with_root_datadir_teaches_the_faq(tree, server):
    server.state = "failed"
    passwd, group = _identity(mysql_owner=False)
    tree.write("/etc/passwd", passwd)
    tree.write("/etc/group", group)
    fails(run(tree, server, day20.check_server), "mysqld ended", "chown -R mysql:mysql /var/lib/mysql")


def test_root_owned_datadir_fails_even_while_the_server_runs(tree, server):
    passwd, group = _identity(mysql_owner=False)
    tree.write("/etc/passwd", passwd)
    tree.write("/etc/group", group)
    result = fails(run(tree, server, day20.check_datadir), "/var/lib/mysql is root:root", "mysqld ended",
                   "chown -R mysql:mysql /var/lib/mysql", "and 1 more")
    assert result.evidence[0].startswith("/var/lib/mysql: root:root")


def test_missing_datadir_and_configured_datadir(tree, server):
    fails(run(tree, server, day20.check_datadir, mysql={"datadir": "/srv/mysql"}),
          "/srv/mysql does not exist", "mariadb-install-db")


def test_plain_root_owned_file_in_datadir_is_not_a_failure(tree, server):
    # Debian leaves root-owned flag files in /var/lib/mysql; only directories matter to the server.
    assert [p for p, _unused, _unused in day20.foreign_dirs(tree.ctx(), "/var/lib/mysql")] == []


def test_lab_user_missing_is_access_denied(tree, server):
    server.users.remove(("user1", "192.168.0.0/255.255.255.0"))
    fails(run(tree, server, day20.check_lab_user), "user1 cannot log in from the lab network",
          "CREATE USER 'user1'@", "GRANT ALL ON lab.*")


def test_lab_user_queries_over_tcp_on_the_lab_address(tree, server):
    run(tree, server, day20.check_lab_user)
    tcp = [c for c in server.calls if "--protocol=TCP" in c][0]
    assert tcp[0] == "mariadb"
    assert tcp[1] == "--defaults-extra-file=" + CNF  # the client wants it first
    assert "--host=192.168.0.10" in tcp and "--database=lab" in tcp


def test_server_bound_to_loopback(tree, server):
    server.tcp_error = "ERROR 2003 (HY000): Can't connect to MySQL server on '192.168.0.10' (111)"
    fails(run(tree, server, day20.check_lab_user), "bind-address = 192.168.0.10")


def test_lab_user_when_server_down_points_to_check_1(tree, server):
    server.state = "failed"
    fails(run(tree, server, day20.check_lab_user), "the server is down", "check 1")


def test_no_client_file(tree, server):
    tree.remove(CNF)
    fails(run(tree, server, day20.check_lab_user), CNF, "does not exist")


def test_mysql_client_fallback(tree, server):
    server.clients = ("mysql",)
    assert run(tree, server, day20.check_server).ok
    assert [c[0] for c in server.calls if c[0] in ("mariadb", "mysql")][:2] == ["mariadb", "mysql"]


def test_anonymous_accounts(tree, server):
    server.users += [("", "localhost"), ("", "h2g")]
    fails(run(tree, server, day20.check_anonymous), "DROP USER ''@'localhost'", "DROP USER ''@'h2g'")


def test_remote_root(tree, server):
    server.users += [("root", "%"), ("root", "127.0.0.1"), ("root", "::1")]
    result = fails(run(tree, server, day20.check_remote_root), "DROP USER 'root'@'%'")
    assert "127.0.0.1'" not in result.reason and "::1'" not in result.reason


def test_test_database(tree, server):
    server.databases.append("test")
    fails(run(tree, server, day20.check_test_database), "DROP DATABASE test")


@pytest.mark.parametrize("check", [day20.check_anonymous, day20.check_remote_root, day20.check_test_database])
def test_account_checks_when_server_down(tree, server, check):
    server.state = "failed"
    fails(run(tree, server, check), "does not answer", "check 1")


def test_socket_follows_the_family(tree, server, tmp_path):
    run(tree, server, day20.check_server)
    assert "--socket=/run/mysqld/mysqld.sock" in [c for c in server.calls if c[0] == "mariadb"][0]
    el = LabTree(tmp_path / "redhat", "RedHat")
    calls = FakeServer()
    day20.check_server(el.ctx(runner=calls))
    assert "--socket=/var/lib/mysql/mysql.sock" in [c for c in calls.calls if c[0] == "mariadb"][0]
