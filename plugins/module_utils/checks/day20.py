# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Day 20, database server: MariaDB (or MySQL) up, its data directory, its accounts.

The checks talk to the server with its own client as root through the socket (MariaDB's
root logs in by unix_socket; on MySQL /root/.my.cnf is read as usual), and as the lab user
over TCP on the lab address with the root-only option file the mysql role writes
(lab.json key mysql.client_config, default /root/.my.lab.cnf).

lab.json keys (all optional; course defaults below): "mysql": {"service", "datadir",
"socket", "client_config", "user", "database"}.
"""

from __future__ import annotations

import stat

from ..framework import DEBIAN, REDHAT, Check, failed, passed
from ..i18n import T, join

DAY = 20

DEFAULTS = {
    "service": None,  # None: the first of SERVICES that systemd knows
    "datadir": "/var/lib/mysql",
    "socket": None,  # None: the family's (Debian /run/mysqld/mysqld.sock, EL /var/lib/mysql/mysql.sock)
    "client_config": "/root/.my.lab.cnf",
    "user": None,  # None: the trainee
    "database": "lab",
}
SOCKETS = {DEBIAN: "/run/mysqld/mysqld.sock", REDHAT: "/var/lib/mysql/mysql.sock"}
SERVICES = ("mariadb", "mysql", "mysqld")
CLIENTS = ("mariadb", "mysql")
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def start_hint(service):
    """How to start the server, and the old wrapper name trainees look for."""
    return T("start it with systemctl start %(service)s and read journalctl -u %(service)s "
             "(by hand the wrapper is mysqld_safe; safe_mysqld is its old name and no longer exists)",
             service=service)


# ---------------------------------------------------------------- helpers

def settings(ctx):
    """The mysql section of lab.json over the course defaults."""
    values = dict(DEFAULTS)
    values.update(ctx.config.get("mysql") or {})
    if not values.get("user"):
        values["user"] = ctx.config.get("user") or "user1"
    if not values.get("socket"):
        values["socket"] = SOCKETS.get(ctx.family, SOCKETS[DEBIAN])
    return values


def _names(text):
    """id -> name from /etc/passwd or /etc/group text."""
    names = {}
    for raw in (text or "").splitlines():
        fields = raw.split(":")
        if len(fields) >= 3 and fields[2].isdigit():
            names.setdefault(int(fields[2]), fields[0])
    return names


def _owner(ctx, info):
    users = _names(ctx.read("/etc/passwd"))
    groups = _names(ctx.read("/etc/group"))
    return (users.get(info.st_uid, str(info.st_uid)), groups.get(info.st_gid, str(info.st_gid)))


def foreign_dirs(ctx, datadir):
    """(path, user, group) of the data directory and its subdirectories not owned by mysql:mysql."""
    bad = []
    paths = [datadir] + ["%s/%s" % (datadir.rstrip("/"), n) for n in ctx.listdir(datadir)]
    for path in paths:
        info = ctx.stat(path)
        if info is None or not stat.S_ISDIR(info.st_mode):
            continue
        user, group = _owner(ctx, info)
        if (user, group) != ("mysql", "mysql"):
            bad.append((path, user, group))
    return bad


def service_state(ctx, values):
    """(service, state) from systemctl is-active: the configured service, else the first one known."""
    names = [values["service"]] if values.get("service") else list(SERVICES)
    first = None
    for name in names:
        rc, out, _unused = ctx.run(["systemctl", "is-active", name])
        state = out.strip() or ("unknown" if rc else "active")
        if first is None:
            first = (name, state)
        if state in ("active", "activating", "reloading", "failed", "deactivating"):
            return name, state
        rc, out, _unused = ctx.run(["systemctl", "show", "-p", "LoadState", "--value", name])
        if out.strip() == "loaded":
            return name, state
    return first


def client(ctx, args):
    """Run the first client that exists (mariadb, then mysql): (name, rc, out, err)."""
    for name in CLIENTS:
        rc, out, err = ctx.run([name] + list(args))
        if rc != 127:
            return name, rc, out, err
    return CLIENTS[0], 127, "", "neither mariadb nor mysql (the client) is installed"


def root_query(ctx, values, sql):
    """Run sql as root through the socket: (rc, rows, error text)."""
    _unused, rc, out, err = client(ctx, ["--socket=%s" % values["socket"], "-N", "-B", "-e", sql])
    rows = [line.split("\t") for line in out.splitlines() if line.strip()]
    return rc, rows, (err.strip() or out.strip())


def _first_line(text):
    lines = [line for line in (text or "").splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def _owners_text(bad):
    shown = join([T("%(path)s is %(user)s:%(group)s", path=p, user=u, group=g) for p, u, g in bad[:3]], ", ")
    if len(bad) > 3:
        return T("%(owners)s and %(more)d more", owners=shown, more=len(bad) - 3)
    return shown


def _server_down(values, service):
    return failed(T("the database server does not answer as root on %(socket)s: check 1 (mysql/server) first, "
                    "then %(hint)s", socket=values["socket"], hint=start_hint(service or "mariadb")))


# ---------------------------------------------------------------- 1 server

def check_server(ctx):
    """The database server runs under systemd and answers on its socket."""
    values = settings(ctx)
    service, state = service_state(ctx, values)
    evidence = ["systemctl is-active %s: %s" % (service, state)]
    rc, rows, err = root_query(ctx, values, "SELECT VERSION()")
    if rc == 0 and rows:
        evidence.append("SELECT VERSION() on %s: %s" % (values["socket"], rows[0][0]))
    else:
        evidence.append("SELECT VERSION() on %s: %s" % (values["socket"], _first_line(err) or "rc %d" % rc))
    if state == "active" and rc == 0:
        return passed(*evidence)
    problems = []
    if state != "active":
        problems.append(T("%(service)s is %(state)s: %(hint)s", service=service, state=state, hint=start_hint(service)))
    elif rc == 127:
        problems.append(T("the client is missing: install mariadb-client"))
    else:
        problems.append(T("%(service)s runs but nothing answers on the socket %(socket)s (%(error)s): is socket= in "
                          "the [mysqld] and [client] groups the same?", service=service, socket=values["socket"],
                          error=_first_line(err) or "rc %d" % rc))
    bad = foreign_dirs(ctx, values["datadir"])
    if bad:
        problems.append(T("the data directory is not owned by mysql (%(owners)s), so the server ends at once "
                          "(\"mysqld ended\"): chown -R mysql:mysql %(datadir)s",
                          owners=_owners_text(bad), datadir=values["datadir"]))
    return failed(join(problems), *evidence)


# ---------------------------------------------------------------- 2 datadir

def check_datadir(ctx):
    """The data directory and its database directories belong to mysql:mysql."""
    values = settings(ctx)
    datadir = values["datadir"]
    info = ctx.stat(datadir)
    if info is None:
        return failed(T("the data directory %(datadir)s does not exist: create it with mariadb-install-db "
                        "--user=mysql --datadir=%(datadir)s (or set datadir in the server settings)", datadir=datadir))
    if not stat.S_ISDIR(info.st_mode):
        return failed(T("the data directory %(datadir)s is not a directory", datadir=datadir))
    user, group = _owner(ctx, info)
    evidence = ["%s: %s:%s %s" % (datadir, user, group, oct(stat.S_IMODE(info.st_mode)))]
    bad = foreign_dirs(ctx, datadir)
    for path, owner, grp in bad:
        if path != datadir:
            evidence.append("%s: %s:%s" % (path, owner, grp))
    if bad:
        return failed(T("not owned by mysql:mysql: %(owners)s; the server runs as mysql, cannot write there and "
                        "ends at once at its next start (the FAQ's \"mysqld ended\"): "
                        "chown -R mysql:mysql %(datadir)s, then systemctl restart mariadb",
                        owners=_owners_text(bad), datadir=datadir), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 3 lab user

def check_lab_user(ctx):
    """The lab user logs in over TCP on the lab address and runs a query in the lab database."""
    values = settings(ctx)
    address = ctx.config.get("address")
    user, database, cnf = values["user"], values["database"], values["client_config"]
    if not ctx.isfile(cnf):
        return failed(T("%(cnf)s does not exist, so the lab user's password is unknown here: write it (mode 600) "
                        "with [client] user=%(user)s, password=..., host=%(address)s and [mysql] database=%(database)s",
                        cnf=cnf, user=user, address=address, database=database))
    sql = "SELECT CURRENT_USER(), DATABASE(), @@character_set_server"
    name, rc, out, err = client(ctx, ["--defaults-extra-file=%s" % cnf, "--protocol=TCP",
                                      "--host=%s" % address, "--user=%s" % user,
                                      "--database=%s" % database, "-N", "-B", "-e", sql])
    evidence = ["%s -h %s -u %s %s -e '%s'" % (name, address, user, database, sql)]
    if rc == 0:
        evidence.append("answer: %s" % " | ".join(out.split()))
        return passed(*evidence)
    error = _first_line(err) or "rc %d" % rc
    evidence.append(error)
    if "1045" in error or "Access denied" in error:
        return failed(T("%(user)s cannot log in from the lab network (%(error)s): CREATE USER '%(user)s'@'%(hosts)s' "
                        "IDENTIFIED BY '...' (a host pattern covering the lab network) and GRANT ALL ON %(database)s.* "
                        "to it; the password must match %(cnf)s", user=user, error=error,
                        hosts=ctx.config.get("network") or "192.168.0.%", database=database, cnf=cnf), *evidence)
    if "1044" in error or "1049" in error or "Unknown database" in error:
        return failed(T("%(user)s logs in but cannot use the database %(database)s (%(error)s): CREATE DATABASE "
                        "%(database)s and GRANT ALL ON %(database)s.* to '%(user)s'",
                        user=user, database=database, error=error), *evidence)
    if "2002" in error or "2003" in error or "Can't connect" in error:
        service, state = service_state(ctx, values)
        if state != "active":
            return failed(T("the server is down (%(service)s is %(state)s): see check 1 (mysql/server)",
                            service=service, state=state), *evidence)
        return failed(T("nothing answers on %(address)s port 3306 (%(error)s): set bind-address = %(address)s in the "
                        "[mysqld] settings and restart the server (127.0.0.1 keeps the lab network out)",
                        address=address, error=error), *evidence)
    if rc == 127:
        return failed(T("the client is missing: install mariadb-client"), *evidence)
    return failed(T("the lab user's query failed: %(error)s", error=error), *evidence)


# ---------------------------------------------------------------- 4 anonymous

def check_anonymous(ctx):
    """No anonymous accounts (user '') are left."""
    values = settings(ctx)
    rc, rows, err = root_query(ctx, values, "SELECT User, Host FROM mysql.user WHERE User = ''")
    if rc != 0:
        return _server_down(values, None)
    if rows:
        hosts = [r[-1] for r in rows]
        return failed(T("anonymous accounts let anyone in without a name: %(drops)s (or run "
                        "mariadb-secure-installation)", drops="; ".join("DROP USER ''@'%s'" % h for h in hosts)),
                      *["anonymous account ''@'%s'" % h for h in hosts])
    return passed("no account with an empty user name")


# ---------------------------------------------------------------- 5 remote root

def check_remote_root(ctx):
    """root can log in only from this host."""
    values = settings(ctx)
    rc, rows, err = root_query(ctx, values, "SELECT Host FROM mysql.user WHERE User = 'root'")
    if rc != 0:
        return _server_down(values, None)
    hosts = [r[0] for r in rows]
    remote = [h for h in hosts if h not in LOCAL_HOSTS]
    evidence = ["root accounts: %s" % (", ".join("root@%s" % h for h in hosts) or "none")]
    if remote:
        return failed(T("root may log in from the network (%(accounts)s): %(drops)s; root logs in on this host only, "
                        "through the socket", accounts=", ".join("root@'%s'" % h for h in remote),
                        drops="; ".join("DROP USER 'root'@'%s'" % h for h in remote)), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 6 test database

def check_test_database(ctx):
    """The test database everyone may use is gone."""
    values = settings(ctx)
    rc, rows, err = root_query(ctx, values, "SHOW DATABASES")
    if rc != 0:
        return _server_down(values, None)
    names = [r[0] for r in rows]
    evidence = ["databases: %s" % ", ".join(names)]
    if "test" in names:
        return failed(T("the test database is still there (every user may create tables in it): "
                        "DROP DATABASE test"), *evidence)
    return passed(*evidence)


CHECKS = [
    Check(DAY, 1, "mysql/server", check_server),
    Check(DAY, 2, "mysql/datadir", check_datadir),
    Check(DAY, 3, "mysql/lab-user", check_lab_user),
    Check(DAY, 4, "mysql/anonymous", check_anonymous),
    Check(DAY, 5, "mysql/remote-root", check_remote_root),
    Check(DAY, 6, "mysql/test-database", check_test_database),
]
