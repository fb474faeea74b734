"""The network view's checks (checks/network.py) on a fake lab: real SMTP/POP3/IMAP servers on
loopback (fakeservers.py) reached through NetContext's port map, and a fake runner answering dig
(named serving the course zone, test_day07_checks.DigServer), smbclient, ssh and the MariaDB client
as the real ones do. Each test breaks one layer and sees the exact check fail with a reason that
names that layer; a probe without its client or its credentials fails, never passes."""

from __future__ import annotations

import ast
import os
import re

import pytest

import fakeservers as fs
# servers: a fixture (real servers on loopback, stopped after the test), used by name only
from fakeservers import servers  # noqa: F401 pylint: disable=unused-import
from ansible_collections.serverlab.course.plugins.module_utils import catalog, framework, messages_ja
from ansible_collections.serverlab.course.plugins.module_utils import netprobe as n
from ansible_collections.serverlab.course.plugins.module_utils.checks import network
from ansible_collections.serverlab.course.plugins.module_utils.i18n import localize
from dnstree import FORWARD, DigServer, ZoneTree, course_dns
from tlsfiles import self_signed

HERE = os.path.dirname(os.path.abspath(__file__))
NETWORK_PY = os.path.join(HERE, "..", "..", "plugins", "module_utils", "checks", "network.py")
USER, PASSWORD, KEY = "user1", "secret", "/keys/user1_ed25519"
TUNNEL_BANNER = "labtalk on h2g: plain-text service. Type a line, \"quit\" to leave.\r\n"


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    crt, key = self_signed(tmp_path_factory.mktemp("tls"))
    return fs.server_context(crt, key)


class Clients(object):
    """The fake runner: dig, smbclient, ssh and mariadb as a lab client runs them against the VM."""

    def __init__(self, tree):
        self.dns = DigServer(tree)
        self.recursion = True
        self.dig_answer = None  # a canned (rc, out, err) for every dig
        self.smb_error = None  # an NT_STATUS for every smbclient run
        self.smb_shares = ["public", "user1", "IPC$"]
        self.offers = {"root": "publickey", USER: "publickey"}
        self.ssh_error = None  # a canned (rc, out, err) for every ssh run
        self.key_ok = True
        self.forward = (0, TUNNEL_BANNER, "")
        self.mysql_accounts = {(USER, PASSWORD): "user1@192.168.0.0/255.255.255.0\tlab"}
        self.mysql_error = None
        self.missing = set()
        self.calls = []

    def __call__(self, argv, timeout=None):
        assert timeout, "every client run has a timeout"
        self.calls.append(list(argv))
        program = argv[0]
        if program in self.missing:
            return 127, "", "%s: command not found" % program
        return getattr(self, program.replace("mysql", "mariadb"))(argv)

    def dig(self, argv):
        if self.dig_answer:
            return self.dig_answer
        plain = [a for i, a in enumerate(argv) if a != "-p" and (i == 0 or argv[i - 1] != "-p")]
        rc, out, err = self.dns.run(plain)
        if "+rec" in argv and self.recursion:
            out = out.replace("flags: qr aa;", "flags: qr aa rd ra;")
        return rc, out, err

    def smbclient(self, argv):
        if self.smb_error:
            return 1, "", "session setup failed: %s\n" % self.smb_error
        if "-L" in argv:
            kinds = {"IPC$": "IPC"}
            return 0, "".join("%s|%s|x\n" % (kinds.get(s, "Disk"), s) for s in self.smb_shares), ""
        commands = argv[argv.index("-c") + 1].split("; ")
        sent, back = commands[0].split()[1], commands[1].split()[2]
        with open(sent) as src, open(back, "w") as dst:
            dst.write(src.read())
        return 0, "putting file\n", ""

    def ssh(self, argv):
        if self.ssh_error:
            return self.ssh_error
        user = argv[-1].split("@")[0] if "-W" in argv else argv[-2].split("@")[0]
        if "PreferredAuthentications=none" in argv:
            return 255, "", ("debug1: Remote protocol version 2.0, remote software version OpenSSH_9.2p1\n"
                             "%s@127.0.0.1: Permission denied (%s).\n" % (user, self.offers[user]))
        if not self.key_ok:
            return 255, "", "%s@127.0.0.1: Permission denied (publickey).\n" % user
        if "-W" in argv:
            return self.forward
        return 0, "", ""

    def mariadb(self, argv):
        if self.mysql_error:
            return 1, "", self.mysql_error
        cnf = argv[1].split("=", 1)[1]
        values = dict(line.split(" = ", 1) for line in open(cnf).read().splitlines() if " = " in line)
        row = self.mysql_accounts.get((values.get("user"), values.get("password")))
        if row is None:
            return 1, "", ("ERROR 1045 (28000): Access denied for user '%s'@'192.168.0.1' (using password: %s)\n"
                           % (values.get("user"), "YES" if "password" in values else "NO"))
        return 0, row + "\n", ""


class Lab(object):
    """A whole lab VM as a client sees it: mail servers on loopback, the clients' answers faked."""

    def __init__(self, tmp_path, tls, servers):
        self.box = fs.Mailbox(USER, PASSWORD, "example.com")
        self.clients = Clients(ZoneTree(tmp_path / "vm"))
        self.tls = tls
        self.start = servers
        self.ports = {}
        self.servers = {}
        self.serve(25, fs.smtp(self.box))
        self.serve(587, fs.smtp(self.box, tls_context=tls, starttls=True, auth="tls"))
        self.serve(465, fs.smtp(self.box, auth="tls"), tls)
        self.serve(110, fs.pop3(self.box))
        self.serve(995, fs.pop3(self.box), tls)
        self.serve(143, fs.imap(self.box))
        self.serve(993, fs.imap(self.box), tls)
        for port in (23, 53, 22, 445, 3306) + tuple(network.CLOSED_PORTS):
            self.ports[port] = fs.closed_port()
        self.config = {"user": USER, "domain": "example.com", "hostname": "h2g", "address": "192.168.0.10",
                       "network": "192.168.0.0/24", "dns": course_dns(),
                       "tracks": {"dns": "bind", "mta": "postfix", "time": "chrony"},
                       "samba": {"public_share": "public"}, "tunnel": {"port": 23, "name": "labtalk"},
                       "sshd": {"port": 22, "permit_root_login": "prohibit-password",
                                "password_authentication": False}}
        self.credentials = n.Credentials(USER, PASSWORD, KEY)

    def serve(self, port, handler, context=None):
        server = self.start(handler, context)
        self.servers[port] = server
        self.ports[port] = server.port

    def ctx(self, **changes):
        credentials = changes.pop("credentials", self.credentials)
        return n.NetContext("127.0.0.1", dict(self.config, **changes), runner=self.clients,
                            credentials=credentials, timeout=0.5, ports=self.ports)

    def check(self, check_id, ctx=None):
        found = [c for c in network.CHECKS if c.id == check_id]
        assert len(found) == 1, check_id
        return found[0].run(ctx or self.ctx())


@pytest.fixture
def lab(tmp_path, tls, servers, monkeypatch):
    monkeypatch.setattr(network, "DELIVERY_WAIT", 1.0)
    return Lab(tmp_path, tls, servers)


def fails(result, *words):
    assert not result.ok, result
    for word in words:
        assert word in result.reason, (word, result.reason)
    return result.reason


# ---------------------------------------------------------------- the catalog

def test_ids_items_and_view():
    assert [(c.id, c.item) for c in network.CHECKS] == [
        ("6.60", "network/closed-ports"),
        ("7.4", "dns/SOA"), ("7.5", "dns/NS"), ("7.6", "dns/A"), ("7.7", "dns/MX"), ("7.8", "dns/CNAME"),
        ("7.9", "dns/PTR"), ("7.60", "dns/recursion"), ("7.28", "tinydns/answers"),
        ("8.41", "smtp/answers"), ("8.44", "pop3/login"), ("8.60", "smtp/local-rcpt"), ("8.61", "imap/login"),
        ("8.52", "relay/route"), ("8.53", "relay/relay-control"), ("8.55", "relay/vrfy"),
        ("8.62", "store/mx-order"),
        ("10.5", "samba/smbclient-list"), ("10.6", "samba/put-get"),
        ("12.2", "sshd/running"), ("12.3", "sshd/root-login"), ("12.4", "sshd/password-auth"),
        ("12.7", "tunnel/loopback-only"), ("12.60", "sshd/key-login"),
        ("13.5", "smtps/handshake"), ("13.8", "pop3s/login"), ("13.9", "imaps/greeting"),
        ("13.10", "submission/starttls"), ("13.11", "smtps/no-relay"), ("13.60", "imaps/login"),
        ("13.61", "submission/auth-relay"), ("13.62", "smtps/round-trip"),
        ("20.3", "mysql/lab-user"), ("20.60", "mysql/root-refused"),
    ]
    assert [view for _unused, view in network.NET_CHECKS] == ["net"] * len(network.CHECKS)
    assert [c for c, _unused in network.NET_CHECKS] == network.CHECKS


def test_shared_ids_ask_the_vm_views_question():
    """An id below 60 is the VM view's: same item (and track) there; 60 and up are new questions."""
    vm = dict((c.id, c) for day in catalog.DAYS.values() for c in day.checks)
    for check in network.CHECKS:
        if check.num < 60:
            assert check.id in vm, check
            assert vm[check.id].item == check.item
            assert vm[check.id].track in (None, check.track)
        else:
            assert check.id not in vm


def test_every_reason_has_japanese_with_the_same_placeholders():
    placeholder = re.compile(r"%\((\w+)\)([sd])")
    with open(NETWORK_PY, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    templates = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "T":
            assert isinstance(node.args[0], ast.Constant), "line %d: T() without a literal" % node.lineno
            templates.append(node.args[0].value)
    assert len(templates) > 60
    for template in templates:
        ja = messages_ja.MESSAGES.get(template)
        assert ja is not None, template
        assert sorted(set(placeholder.findall(ja))) == sorted(set(placeholder.findall(template))), template
        params = dict((key, 7 if kind == "d" else "x") for key, kind in placeholder.findall(template))
        template % params
        ja % params


def test_failed_reasons_render_in_japanese(lab):
    lab.clients.offers[USER] = "publickey,password"
    result = lab.check("12.4")
    ja = localize(result.reason, "ja")
    assert "パスワードログイン" in ja and "PasswordAuthentication no" in ja


# ---------------------------------------------------------------- a working lab

def test_a_working_lab_passes_every_check(lab):
    ctx = lab.ctx()
    # the relays' and the store's: test_a_working_relay_..., test_mail_by_the_mx_order_...
    single = [c for c in network.CHECKS if c.track not in (network.EDGE, network.STORE)]
    outcomes = framework.evaluate(single, ctx, keep_going=True)
    failures = ["%s %s" % (c.id, r.reason) for c, r in outcomes if not r.ok]
    assert failures == []
    assert len(outcomes) == len(single)
    assert lab.box.messages == []  # the round trip removed its mail again
    # the SMTPS session of the round trip ended TLS with close_notify: stunnel logs it as clean (13.6)
    assert any(s["close_notify"] for s in lab.servers[465].ended())


def test_missing_credentials_fail_and_say_how_to_give_them(lab):
    ctx = lab.ctx(credentials=n.Credentials())
    for check_id in ("8.44", "8.61", "13.8", "13.60", "13.61", "13.62", "10.5", "10.6", "20.3"):
        fails(lab.check(check_id, ctx), "--auth")
    fails(lab.check("12.60", ctx), "not done yet", "--identity")
    fails(lab.check("12.7", ctx), "--identity")


@pytest.mark.parametrize("client, check_ids, package", [
    ("dig", ("7.4", "7.60"), "bind9-dnsutils"),
    ("smbclient", ("10.5", "10.6"), "samba-client"),
    ("ssh", ("12.2", "12.3", "12.4", "12.60"), "openssh-client"),
])
def test_a_missing_client_fails_naming_its_package(lab, client, check_ids, package):
    lab.clients.missing.add(client)
    for check_id in check_ids:
        fails(lab.check(check_id), client, package)


def test_no_mysql_client_fails_both_mysql_checks(lab):
    lab.clients.missing.update(["mariadb", "mysql"])
    fails(lab.check("20.3"), "mariadb-client")
    fails(lab.check("20.60"), "could not tell", "mariadb-client")


# ---------------------------------------------------------------- day 6

def test_a_port_outside_the_lab_model_answering(lab):
    lab.serve(953, fs.smtp(lab.box))
    reason = fails(lab.check("6.60"), ":953", "controls { inet 127.0.0.1")
    assert "10465" not in reason
    lab.serve(10465, fs.close_at_once)
    fails(lab.check("6.60"), ":10465", "accepted, then closed", "127.0.0.1:10465 in master.cf")


def test_closed_ports_come_from_the_lab_model(lab):
    lab.serve(2525, fs.smtp(lab.box))
    assert lab.check("6.60").ok
    fails(lab.check("6.60", lab.ctx(net={"closed_ports": [2525]})), ":2525")


def test_a_firewalled_port_counts_as_closed(lab):
    hole = fs.Blackhole()
    try:
        lab.ports[111] = hole.port
        assert lab.check("6.60").ok
    finally:
        hole.close()


# ---------------------------------------------------------------- day 7

def test_dns_refused_by_allow_query(lab):
    lab.clients.dns.status = "REFUSED"
    for check_id in ("7.4", "7.5", "7.6", "7.7", "7.8", "7.9", "7.60"):
        fails(lab.check(check_id), "REFUSED", "allow-query", "192.168.0.0/24")


def test_dns_port_unreachable_is_the_listen_address(lab):
    lab.clients.dig_answer = (9, ";; communications error to 127.0.0.1#53: connection refused\n", "")
    fails(lab.check("7.4"), "refuses the connection", "listen-on", "127.0.0.1")


def test_dns_silence_smells_of_a_firewall_and_costs_one_timeout(lab):
    lab.clients.dig_answer = (9, ";; communications error to 127.0.0.1#53: timed out\n"
                                 ";; no servers could be reached\n", "")
    ctx = lab.ctx()
    for check in network.CHECKS[1:7]:
        fails(check.run(ctx), "firewall", "firewall-cmd --permanent --add-port=53/tcp")
    assert len([c for c in lab.clients.calls if c[0] == "dig"]) == 1  # asked once, remembered


def test_dns_data_mistakes_keep_the_vm_views_reasons(lab):
    tree = lab.clients.dns.tree
    tree.write(tree.zone_path("db.example"), FORWARD.replace("@        IN  MX    10 mail\n", ""))
    lab.clients.dns.reload()
    fails(lab.check("7.7"), "dig example.com MX @127.0.0.1", "expected 10 mail.example.com.")
    assert lab.check("7.4").ok and lab.check("7.6").ok


def test_dns_without_recursion_for_the_lab(lab):
    lab.clients.recursion = False
    fails(lab.check("7.60"), "allow-recursion", "192.168.0.0/24")
    assert lab.check("7.4").ok


def test_dns_garbage_answer(lab):
    lab.clients.dig_answer = (0, "\x00\xffgarbage", "")
    fails(lab.check("7.4"), "does not speak DNS")


# ---------------------------------------------------------------- day 8

def test_smtp_listen_address_firewall_and_access_control(lab):
    lab.ports[25] = fs.closed_port()
    fails(lab.check("8.41"), "refuses the connection", "inet_interfaces = all")
    hole = fs.Blackhole()
    try:
        lab.ports[25] = hole.port
        fails(lab.check("8.41"), "smells of a firewall", "--add-port=25/tcp")
    finally:
        hole.close()
    lab.serve(25, fs.close_at_once)
    fails(lab.check("8.41"), "closes it at once", "tcprules")
    lab.serve(25, fs.smtp(lab.box, banner="554 5.7.1 go away"))
    fails(lab.check("8.41"), "refuses this client", "554", "smtpd_client_restrictions")
    lab.serve(25, fs.garbage)
    fails(lab.check("8.41"), "does not speak SMTP")


def test_smtp_refusing_the_trainees_mail(lab):
    lab.serve(25, fs.smtp(lab.box, local_ok=False))
    assert lab.check("8.41").ok
    fails(lab.check("8.60"), "user1@example.com", "554", "mydestination")


def test_pop3_and_imap_logins(lab):
    lab.serve(110, fs.pop3(lab.box, plaintext_ok=False))
    fails(lab.check("8.44"), "plain-text login", "disable_plaintext_auth = no", "login_trusted_networks")
    lab.serve(143, fs.imap(lab.box, login_ok=False))
    fails(lab.check("8.61"), "IMAP login as user1", "AUTHENTICATIONFAILED")
    lab.ports[110] = fs.closed_port()
    fails(lab.check("8.44"), "listen = *")
    wrong = n.Credentials(USER, "wrong", KEY)
    fails(lab.check("13.8", lab.ctx(credentials=wrong)), "POP3S login as user1", "Authentication failed")


def test_dovecot_behind_tcp_wrappers(lab):
    lab.serve(993, fs.close_at_once, lab.tls)
    fails(lab.check("13.9"), "closes it at once", "hosts.allow")


# ---------------------------------------------------------------- day 10

@pytest.mark.parametrize("status, words", [
    ("NT_STATUS_CONNECTION_REFUSED", ("refuses the connection", "interfaces in smb.conf")),
    ("NT_STATUS_CONNECTION_RESET", ("closes it at once", "hosts allow in smb.conf", "192.168.0.0/24")),
    ("NT_STATUS_LOGON_FAILURE", ("smbpasswd -a user1",)),
    ("NT_STATUS_HOST_UNREACHABLE", ("firewall",)),
])
def test_samba_layers(lab, status, words):
    lab.clients.smb_error = status
    fails(lab.check("10.5"), *words)
    fails(lab.check("10.6"), *words)


def test_samba_share_problems(lab):
    lab.clients.smb_shares = ["IPC$"]
    fails(lab.check("10.5"), "does not list the share public")
    lab.clients.smb_error = "NT_STATUS_ACCESS_DENIED"
    fails(lab.check("10.6"), "NT_STATUS_ACCESS_DENIED", "read only = no")
    lab.clients.smb_error = "NT_STATUS_BAD_NETWORK_NAME"
    fails(lab.check("10.6"), "NT_STATUS_BAD_NETWORK_NAME", "10.3")


def test_samba_password_never_on_the_command_line(lab):
    assert lab.check("10.5").ok and lab.check("10.6").ok
    assert not any(PASSWORD in " ".join(argv) for argv in lab.clients.calls)


# ---------------------------------------------------------------- day 12

def test_ssh_password_offers(lab):
    lab.clients.offers = {"root": "publickey,password", USER: "publickey,keyboard-interactive"}
    fails(lab.check("12.3"), "root a password login", "password", "PasswordAuthentication no")
    fails(lab.check("12.4"), "user1 a password login", "keyboard-interactive", "KbdInteractiveAuthentication no")
    assert lab.check("12.2").ok
    wants = lab.ctx(sshd={"port": 22, "permit_root_login": "yes", "password_authentication": True})
    assert lab.check("12.3", wants).ok and lab.check("12.4", wants).ok
    lab.clients.offers = {"root": "publickey", USER: "publickey"}
    fails(lab.check("12.4", lab.ctx(sshd={"port": 22, "password_authentication": True})),
          "no password login", "PasswordAuthentication yes")


def test_ssh_layers(lab):
    lab.clients.ssh_error = (255, "", "ssh: connect to host 127.0.0.1 port 22: Connection refused\n")
    fails(lab.check("12.2"), "refuses the connection", "ListenAddress")
    lab.clients.ssh_error = (255, "", "kex_exchange_identification: Connection closed by remote host\n")
    fails(lab.check("12.2"), "closes it at once", "AllowUsers", "hosts.allow")
    lab.clients.ssh_error = (255, "", "ssh: connect to host 127.0.0.1 port 22: Connection timed out\n")
    fails(lab.check("12.60"), "firewall")


def test_ssh_key_login(lab):
    assert lab.check("12.60").ok
    lab.clients.key_ok = False
    fails(lab.check("12.60"), "refuses the key of user1", KEY, "authorized_keys")
    fails(lab.check("12.7"), "key login fails")


def test_tunnel(lab):
    lab.clients.forward = (255, "", "channel 0: open failed: administratively prohibited: open failed\n"
                                    "stdio forwarding failed\n")
    fails(lab.check("12.7"), "AllowTcpForwarding local")
    lab.clients.forward = (255, "", "channel 0: open failed: connect failed: Connection refused\n"
                                    "stdio forwarding failed\n")
    fails(lab.check("12.7"), "nothing answers on the VM's 127.0.0.1:23", "bind = 127.0.0.1")
    lab.clients.forward = (0, "", "")
    fails(lab.check("12.7"), "says nothing")
    lab.clients.forward = (0, TUNNEL_BANNER, "")
    assert lab.check("12.7").ok
    lab.serve(23, fs.smtp(lab.box, banner="220 labtalk on h2g"))
    fails(lab.check("12.7"), "accepts connections from the lab network", "bind = 127.0.0.1", "ssh -L 23:localhost:23")


# ---------------------------------------------------------------- day 13

def test_smtps_open_relay(lab):
    lab.serve(465, fs.smtp(lab.box, auth="tls", open_relay=True), lab.tls)
    assert lab.check("13.5").ok
    fails(lab.check("13.11"), "relays mail for other domains", "127.0.0.1:10465")


def test_smtps_plain_server_and_listen_address(lab):
    lab.serve(465, fs.smtp(lab.box))
    fails(lab.check("13.5"), "SMTPS")
    lab.ports[465] = fs.closed_port()
    fails(lab.check("13.5"), "refuses the connection", "accept = 465")


def test_submission_order(lab):
    lab.serve(587, fs.smtp(lab.box, tls_context=lab.tls, starttls=True, auth="always"))
    fails(lab.check("13.10"), "AUTH before STARTTLS", "smtpd_tls_auth_only = yes")
    lab.serve(587, fs.smtp(lab.box, auth="never"))
    fails(lab.check("13.10"), "does not offer STARTTLS")
    fails(lab.check("13.61"), "does not offer STARTTLS")
    lab.serve(587, fs.smtp(lab.box, tls_context=lab.tls, starttls=True, auth="never"))
    fails(lab.check("13.10"), "no AUTH after STARTTLS")


def test_submission_relay(lab):
    lab.serve(587, fs.smtp(lab.box, tls_context=lab.tls, starttls=True, auth="tls", open_relay=True))
    fails(lab.check("13.61"), "relays to other domains before AUTH")
    wrong = n.Credentials(USER, "wrong", KEY)
    lab.serve(587, fs.smtp(lab.box, tls_context=lab.tls, starttls=True, auth="tls"))
    fails(lab.check("13.61", lab.ctx(credentials=wrong)), "SMTP AUTH as user1", "535")


def test_round_trip_mail_lost(lab):
    lost = fs.Mailbox(USER, PASSWORD, "example.com")  # the MTA behind 465 delivers where POP3S does not read
    lab.serve(465, fs.smtp(lost, auth="tls"), lab.tls)
    fails(lab.check("13.62"), "did not reach user1's mailbox", "8.43")
    lab.ports[995] = fs.closed_port()
    fails(lab.check("13.62"), "POP3S", "listen = *")


def test_round_trip_refused_rcpt(lab):
    lab.serve(465, fs.smtp(lab.box, auth="tls", local_ok=False), lab.tls)
    fails(lab.check("13.62"), "refuses mail for user1@example.com", "mydestination")


# ---------------------------------------------------------------- day 20

def test_mysql_lab_user_layers(lab):
    lab.clients.mysql_error = ("ERROR 1130 (HY000): Host '192.168.0.1' is not allowed to connect to this "
                               "MariaDB server\n")
    fails(lab.check("20.3"), "no account lets user1 in", "CREATE USER 'user1'@'192.168.0.0/24'", "192.168.0.%")
    lab.clients.mysql_error = "ERROR 2002 (HY000): Can't connect to server on '127.0.0.1' (115)\n"
    fails(lab.check("20.3"), "refuses the connection", "bind-address")
    lab.clients.mysql_error = "ERROR 1049 (42000): Unknown database 'lab'\n"
    fails(lab.check("20.3"), "cannot use the database lab", "CREATE DATABASE lab")
    lab.clients.mysql_error = None
    wrong = n.Credentials(USER, "wrong", KEY)
    fails(lab.check("20.3", lab.ctx(credentials=wrong)), "MySQL refuses user1", "1045")


def test_mysql_root_from_the_network(lab):
    result = lab.check("20.60")
    assert result.ok and len(result.evidence) == 3  # no password, the trainee's, an empty one
    lab.clients.mysql_accounts[("root", PASSWORD)] = "root@%"
    fails(lab.check("20.60"), "root logs in to MySQL from the lab network with the trainee's password",
          "root@%", "DROP USER")
    ja = localize(lab.check("20.60").reason, "ja")
    assert "受講者のパスワード" in ja


def test_mysql_root_unreachable_is_refused(lab):
    lab.clients.mysql_error = "ERROR 2002 (HY000): Can't connect to server on '127.0.0.1' (115)\n"
    result = lab.check("20.60")
    assert result.ok and "nothing from the lab network reaches MySQL" in result.evidence[-1]
    lab.clients.mysql_error = "ERROR 2013 (HY000): Lost connection to server at 'handshake', system error: 104\n"
    fails(lab.check("20.60"), "could not tell whether root is refused")


def test_a_probe_that_breaks_is_a_failed_check_not_a_crash(lab):
    def broken(argv, timeout=None):
        raise RuntimeError("boom")

    ctx = n.NetContext("127.0.0.1", lab.config, runner=broken, credentials=lab.credentials, timeout=0.5,
                       ports=lab.ports)
    result = lab.check("7.4", ctx)
    fails(result, "the check itself broke", "boom")


# ---------------------------------------------------------------- day 7, the djbdns track

def test_tinydns_answers_the_lab_with_every_record_of_the_model(lab):
    result = lab.check("7.28")
    assert result.ok, result
    assert any(line.startswith("dig +norec @127.0.0.1 192.168.0.10 PTR: h2g.example.com") for line in result.evidence)


def test_tinydns_missing_record_teaches_the_data_line(lab):
    tree = lab.clients.dns.tree
    tree.write(tree.zone_path("db.example"), FORWARD.replace("@        IN  MX    10 mail\n", ""))
    lab.clients.dns.reload()
    fails(lab.check("7.28"), "tinydns gives no example.com MX 10 mail.example.com", "`@example.com::mail.example.com:10`",
          "then make")


def test_tinydns_not_authoritative(lab):
    lab.clients.dig_answer = None
    original = lab.clients.dig

    def not_authoritative(argv):
        rc, out, err = original(argv)
        return rc, out.replace("flags: qr aa;", "flags: qr;"), err

    lab.clients.dig = not_authoritative
    fails(lab.check("7.28"), "is not authoritative", "`.` line")


def test_tinydns_unreached_names_its_listen_address_or_a_firewall(lab):
    lab.clients.dig_answer = (9, ";; communications error to 127.0.0.1#53: connection refused\n", "")
    fails(lab.check("7.28"), "refuses the connection", "env/IP", "svc -t /etc/service/tinydns")
    lab.clients.dig_answer = (9, ";; communications error to 127.0.0.1#53: timed out\n"
                                 ";; no servers could be reached\n", "")
    fails(lab.check("7.28"), "firewall")
    lab.clients.missing.add("dig")
    fails(lab.check("7.28"), "dig is not installed on this client")


# ---------------------------------------------------------------- the relays of the mail split (8.52-8.55)

RELAYED = "Received: from relay.example.com (relay.example.com [127.0.0.1]) by h2g.example.com (Postfix)"
ELSEWHERE = "Received: from client (unknown [192.168.0.99]) by h2g.example.com (Postfix)"


def relay_lab(lab, **smtp):
    """The fake lab as the relay at 127.0.0.1: its port 25 hands the mail straight to the store's mailbox
    (POP3 at the store, also 127.0.0.1), as the store writes it with its Received header."""
    lab.serve(25, fs.smtp(lab.box, **dict({"received": RELAYED, "vrfy": "502 5.5.1 VRFY command is disabled"},
                                          **smtp)))
    lab.config.update(tracks={"dns": "bind", "mta": "postfix", "mail": "relay"},
                      mail_topology={"role": "relay", "store": {"name": "h2g", "address": "127.0.0.1"}})
    return lab


@pytest.fixture
def relay(lab, monkeypatch):
    monkeypatch.setattr(network, "RELAY_WAIT", 1.0)
    return relay_lab(lab)


def test_a_working_relay_passes_its_checks(relay):
    checks = catalog.select(config=relay.config, view="net")
    assert [c.id for c in checks] == ["6.60", "8.52", "8.53", "8.55"]
    outcomes = framework.evaluate(checks, relay.ctx(), keep_going=True)
    assert ["%s %s" % (c.id, r.reason) for c, r in outcomes if not r.ok] == []
    route = dict((c.id, r) for c, r in outcomes)["8.52"]
    assert any(RELAYED.split(": ", 1)[1] in line for line in route.evidence), route.evidence
    assert relay.box.messages == []  # read back and deleted


def test_mail_that_reaches_the_store_not_from_the_relay_fails_the_route(relay):
    relay_lab(relay, received=ELSEWHERE)
    fails(relay.check("8.52"), "not from the relay 127.0.0.1", "[192.168.0.99]", "transport_maps")


def test_mail_the_relay_takes_but_never_hands_on_fails_the_route(relay):
    relay.serve(25, fs.smtp(fs.Mailbox(USER, PASSWORD, "example.com")))  # queued at the relay, never delivered
    fails(relay.check("8.52"), "did not reach the mail store 127.0.0.1", "postqueue -p")


def test_an_open_relay_at_the_edge_fails_relay_control(relay):
    relay_lab(relay, open_relay=True)
    fails(relay.check("8.53"), "relays mail for other domains", "reject_unauth_destination")


def test_vrfy_answered_at_the_edge_fails(relay):
    relay_lab(relay, vrfy="252 2.0.0 user1")
    fails(relay.check("8.55"), "answers VRFY (252 2.0.0 user1)", "disable_vrfy_command = yes")


def test_a_relay_that_refuses_the_domain_fails_the_route(relay):
    relay_lab(relay, local_ok=False)
    fails(relay.check("8.52"), "refuses mail for user1@example.com", "relay_domains")


# The same relay on the qmail track: the same SMTP, the reasons in qmail's terms.
def qmail_relay(lab, **smtp):
    relay_lab(lab, **dict({"vrfy": "252 send some mail, i'll try my best"}, **smtp))
    lab.config["tracks"] = dict(lab.config["tracks"], mta="qmail")
    return lab


def test_a_working_qmail_relay_passes_its_checks(relay):
    qmail_relay(relay)
    outcomes = framework.evaluate(catalog.select(config=relay.config, view="net"), relay.ctx(), keep_going=True)
    assert ["%s %s" % (c.id, r.reason) for c, r in outcomes if not r.ok] == []
    # qmail-smtpd's 252 names nobody; the same answer from Postfix does (it says 550 for an unknown user).
    assert "252 send some mail" in " ".join(dict((c.id, r) for c, r in outcomes)["8.55"].evidence)


@pytest.mark.parametrize("smtp, check, fragments", [
    ({"open_relay": True}, "8.53", ("relays mail for other domains", "control/rcpthosts names the domain alone",
                                    "RELAYCLIENT to the store only")),
    ({"local_ok": False}, "8.52", ("refuses mail for user1@example.com", "the domain in control/rcpthosts")),
    ({"received": ELSEWHERE}, "8.52", ("not from the relay 127.0.0.1", "control/smtproutes: example.com:[127.0.0.1]")),
    ({"vrfy": "250 2.1.5 user1@example.com"}, "8.55",
     ("answers VRFY (250 2.1.5 user1@example.com)", "another SMTP server holds port 25")),
])
def test_qmail_relay_mistakes_name_qmails_fix(relay, smtp, check, fragments):
    qmail_relay(relay, **smtp)
    reason = fails(relay.check(check), *fragments)
    assert "main.cf" not in reason and "postqueue" not in reason


def test_a_qmail_relay_that_never_hands_on_names_smtproutes(relay):
    qmail_relay(relay)
    relay.serve(25, fs.smtp(fs.Mailbox(USER, PASSWORD, "example.com"), vrfy="252 send some mail"))
    fails(relay.check("8.52"), "did not reach the mail store 127.0.0.1", "qmail-qstat", "example.com:[127.0.0.1]")


# ---------------------------------------------------------------- the store: mail by the MX order (8.62)

def mx_dns(relays):
    """A dig for the store's DNS that knows the MX records `relays` [(preference, name, address)]."""
    def answer(records):
        return (0, ";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1\n;; flags: qr aa; QUERY: 1, ANSWER: %d\n\n"
                   ";; ANSWER SECTION:\n%s\n" % (len(records), "".join("%s\t86400\tIN\t%s\t%s\n" % r for r in records)),
                "")

    def dig(argv):
        name, rdtype = argv[-2], argv[-1]
        if rdtype == "MX":
            return answer([("example.com.", "MX", "%d %s.example.com." % (p, n)) for p, n, _a in relays])
        return answer([(name, "A", a) for _p, n, a in relays if name == "%s.example.com." % n])
    return dig


@pytest.fixture
def store(lab, monkeypatch):
    """The fake lab as the store at 127.0.0.1 (POP3), its relays' SMTP: the one at 127.0.0.1 hands the mail
    to the store's mailbox with its Received header; 127.0.0.2 is a relay that is down (nothing listens)."""
    monkeypatch.setattr(network, "RELAY_WAIT", 1.0)
    lab.serve(25, fs.smtp(lab.box, received=RELAYED))
    lab.config.update(tracks={"dns": "bind", "mta": "postfix", "mail": "store"},
                      mail_topology={"role": "store", "store": {"name": "h2g", "address": "127.0.0.1"}})
    return lab


def test_mail_by_the_mx_order_reaches_the_store(store):
    store.clients.dig = mx_dns([(10, "relay", "127.0.0.1"), (20, "relay2", "127.0.0.2")])
    checks = [c for c in catalog.select(config=store.config, view="net") if c.id == "8.62"]
    assert len(checks) == 1
    result = checks[0].run(store.ctx())
    assert result.ok, result.reason
    assert "MX 10 relay.example.com 127.0.0.1: ok" in " ".join(result.evidence)
    assert not any(line.startswith("failover") for line in result.evidence)
    assert store.box.messages == []  # read back and deleted


def test_with_the_primary_relay_down_the_backup_takes_the_mail(store):
    store.clients.dig = mx_dns([(10, "relay", "127.0.0.2"), (20, "relay2", "127.0.0.1")])
    result = store.check("8.62")
    assert result.ok, result.reason
    assert "failover: MX 10 relay.example.com did not take the mail, MX 20 relay2.example.com did" in result.evidence


def test_every_relay_down_fails(store):
    store.clients.dig = mx_dns([(10, "relay", "127.0.0.2"), (20, "relay2", "127.0.0.3")])
    fails(store.check("8.62"), "no mail exchanger of example.com took the mail", "start the backup relay")


def test_no_mx_fails(store):
    store.clients.dig = mx_dns([])
    fails(store.check("8.62"), "gives no MX for example.com", "lab_mail_hosts")


def test_a_relay_that_keeps_the_mail_fails(store):
    store.serve(25, fs.smtp(fs.Mailbox(USER, PASSWORD, "example.com")))  # takes it, never hands it on
    store.clients.dig = mx_dns([(10, "relay", "127.0.0.1")])
    fails(store.check("8.62"), "did not reach the store's mailbox", "8.52")


def test_mail_that_did_not_come_from_the_mx_fails(store):
    store.serve(25, fs.smtp(store.box, received=ELSEWHERE))
    store.clients.dig = mx_dns([(10, "relay", "127.0.0.1")])
    fails(store.check("8.62"), "not from the MX 127.0.0.1", "[192.168.0.99]")
