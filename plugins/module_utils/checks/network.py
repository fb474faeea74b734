# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The network view: every lab service checked from a client on the lab network (netprobe.py).

Each check takes a netprobe.NetContext (the target address, lab.json's keys, a runner for the
local clients, the credentials). Where the VM view asks the same question the check keeps its id
and item (7.4 dns/SOA, 8.44 pop3/login, 13.11 smtps/no-relay...); new questions have ids from 60
up in their day. When a service cannot be used from the lab, the reason names the layer the probe
saw: a timeout smells of a firewall, a refused connection of the daemon's listen address, an
accepted-then-closed connection of TCP-level access control (tcp wrappers, xinetd only_from,
tcprules, Samba hosts allow), and an answer that refuses us of the daemon's own access control
(allow-query, mynetworks, account host patterns). A probe that cannot gather its evidence (no
client program, no credentials) fails and says why; it never passes.
"""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from .. import course, netprobe
from ..framework import Check, failed, not_yet, passed
from ..i18n import T, join
from . import day07, djbdns
from .mail import on_qmail, submission_order
from .common import section

VIEW = "net"
DELIVERY_WAIT = 5.0  # seconds a mail sent over SMTPS may take to show up in POP3S
RELAY_WAIT = 15.0  # seconds a mail sent to a relay may take to reach the store's POP3 (two hops)
RELAY_RCPT = "relay-test@example.net"
SSHD_DEFAULTS = {"port": 22, "permit_root_login": "prohibit-password", "password_authentication": False}
TUNNEL_DEFAULTS = {"port": 23, "name": "labtalk"}
SAMBA_DEFAULTS = {"public_share": "public"}
MAIL_DEFAULTS = {"smtps_port": 465}
MYSQL_DEFAULTS = {"port": 3306, "user": None, "database": "lab"}
PASSWORD_METHODS = ("password", "keyboard-interactive")


# ---------------------------------------------------------------- the layers

def _firewall(port):
    return T("EL: firewall-cmd --permanent --add-port=%(port)d/tcp && firewall-cmd --reload; elsewhere look at "
             "iptables -L -n and nft list ruleset", port=port)


def unreached(ctx, outcome, service, port, listen, access):
    """Why `service` on `port` cannot be used from the lab network, naming the layer the probe saw.

    `listen` is the fix of the daemon's listen address, `access` the fix of its access control."""
    where = "%s:%s" % (ctx.target, port)
    kind, error = outcome.kind, outcome.text
    if kind == netprobe.MISSING:
        return T("%(client)s is not installed on this client, so the network view cannot look: install %(debian)s "
                 "(Debian) or %(el)s (EL)", client=outcome.data.get("client"), debian=outcome.data.get("debian"),
                 el=outcome.data.get("el"))
    if kind == netprobe.REFUSED:
        return T("%(service)s: %(where)s refuses the connection: nothing listens on that address (the daemon is "
                 "stopped, or listens on 127.0.0.1 only): %(listen)s", service=service, where=where, listen=listen)
    if kind == netprobe.TIMEOUT:
        return T("%(service)s: no answer at all from %(where)s within %(timeout)s s: the packets are dropped on the "
                 "way, which smells of a firewall (%(firewall)s), or the VM is down",
                 service=service, where=where, timeout="%g" % ctx.timeout, firewall=_firewall(port))
    if kind == netprobe.UNREACHABLE:
        return T("%(service)s: %(where)s is rejected (%(error)s): a firewall rejects the lab (firewalld answers "
                 "icmp-host-prohibited: %(firewall)s), or there is no route to the lab address",
                 service=service, where=where, error=error, firewall=_firewall(port))
    if kind == netprobe.CLOSED:
        return T("%(service)s: %(where)s accepts the connection from the lab, then closes it at once: access control "
                 "refuses this client before the service speaks: %(access)s",
                 service=service, where=where, access=access)
    if kind == netprobe.SILENT:
        return T("%(service)s: %(where)s accepts the connection but never answers: another program holds the port "
                 "or the service hangs (ss -ltnp and the service's log on the VM)", service=service, where=where)
    if kind == netprobe.GARBAGE:
        return T("%(service)s: %(where)s does not speak %(service)s (%(error)s): another program holds the port "
                 "(ss -ltnp on the VM)", service=service, where=where, error=error)
    if kind == netprobe.TLS:
        return T("%(service)s: the TLS handshake with %(where)s failed (%(error)s): the port must speak TLS from "
                 "the first byte with the lab's certificate and key", service=service, where=where, error=error)
    if kind == netprobe.DENIED:
        return T("%(service)s: %(where)s answers but refuses this client (%(error)s): %(access)s",
                 service=service, where=where, error=error, access=access)
    return T("%(service)s at %(where)s: %(error)s", service=service, where=where, error=error)


def _said(outcome):
    """Evidence: what the probe saw (English)."""
    data = outcome.data
    parts = [outcome.kind]
    for key in ("banner", "tls", "starttls", "rcpt_before", "auth", "rcpt_after", "login", "messages", "status"):
        if key in data:
            parts.append("%s=%s" % (key, data[key]))
    if outcome.text and outcome.text != data.get("banner"):
        parts.append(outcome.text)
    return " ".join(str(p) for p in parts)


def _domain(ctx):
    return ctx.config.get("domain") or "example.com"


def _sender(ctx):
    return "labeval@%s" % _domain(ctx)


def _trainee(ctx):
    return "%s@%s" % (ctx.user, _domain(ctx))


def _lab(ctx):
    return str(ctx.config.get("network") or "192.168.0.0/24")


def _no_credentials(what):
    return failed(T("no credentials of the trainee were given, so %(what)s cannot be tried from the network: pass "
                    "the trainee's password file (labeval --auth FILE, lines username = ... and password = ..., the "
                    "format of /etc/serverlab/trainee.auth)", what=what))


# ---------------------------------------------------------------- the layers, per service

def _dns_listen(ctx):
    return T("named's listen-on in named.conf must include %(address)s (then rndc reconfig)", address=ctx.target)


def _dns_access(ctx):
    return T("named's allow-query in named.conf must include the lab network %(network)s (EL's stock "
             "allow-query { localhost; }; refuses every lab client), then rndc reconfig", network=_lab(ctx))


def _smtp_listen():
    return T("Postfix: inet_interfaces = all in main.cf, then systemctl restart postfix; qmail: tcpserver 0 smtp "
             "in the run script")


def _smtp_access():
    return T("Postfix: smtpd_client_restrictions in main.cf; qmail: the tcprules file /etc/tcp/smtp (a :deny "
             "line), compiled again with tcprules; tcp wrappers: /etc/hosts.allow")


def _submission_listen():
    return T("the submission line of master.cf (and inet_interfaces = all in main.cf), then postfix reload")


def _smtps_listen(port):
    return T("stunnel's accept = %(port)d (not 127.0.0.1:%(port)d), or the superserver's smtps service (xinetd "
             "bind, ListenStream=%(port)d)", port=port)


def _smtps_access():
    return T("xinetd only_from of the smtps service, or tcp wrappers (/etc/hosts.allow) for stunnel")


def _dovecot_listen():
    return T("listen = * in dovecot.conf (not 127.0.0.1), then systemctl restart dovecot")


def _dovecot_access():
    return T("tcp wrappers (/etc/hosts.allow, /etc/hosts.deny) or Dovecot's login_access_sockets")


def _samba_listen(ctx):
    return T("interfaces in smb.conf must include %(address)s (bind interfaces only = yes listens on those only), "
             "then systemctl restart smbd", address=ctx.target)


def _samba_access(ctx):
    return T("hosts allow in smb.conf must include the lab network %(network)s (and hosts deny must not name it)",
             network=_lab(ctx))


def _ssh_listen(ctx):
    return T("ListenAddress in sshd_config must include %(address)s (or be left out), and Port must be the lab's; "
             "sshd -t, then systemctl reload sshd", address=ctx.target)


def _ssh_access():
    return T("AllowUsers/AllowGroups/DenyUsers and Match blocks in sshd_config (sshd -T -C user=...,addr=... shows "
             "the result), or tcp wrappers (sshd: in /etc/hosts.allow)")


def _mysql_listen(ctx):
    return T("bind-address in the [mysqld] settings must be %(address)s (or 0.0.0.0) and skip-networking must be "
             "off, then systemctl restart mariadb", address=ctx.target)


def _mysql_access(ctx, user):
    return T("the account's host part must cover the lab network: CREATE USER '%(user)s'@'%(hosts)s' (a pattern "
             "such as 192.168.0.%% or 192.168.0.0/255.255.255.0) with the password of the lab's client file",
             user=user, hosts=_lab(ctx))


# ---------------------------------------------------------------- day 6: nothing else exposed

# Ports the lab model never offers to the lab network (the tunnel's plain-text service is 12.7's).
CLOSED_PORTS = [21, 79, 111, 512, 513, 514, 953, 2049, 10465]


def _closed_port_fix(port):
    if port == 953:
        return T("named's control channel: controls { inet 127.0.0.1 allow { localhost; }; }; in named.conf")
    if port == 10465:
        return T("stunnel's back end (the Postfix smtpd stunnel hands SMTPS to) is an SMTP server without TLS: "
                 "bind it to 127.0.0.1:10465 in master.cf")
    if port in (111, 2049):
        return T("rpcbind and NFS are not part of the lab: systemctl disable --now rpcbind.socket rpcbind nfs-server")
    return T("not part of the lab: disable that service (xinetd: disable = yes; systemd: systemctl disable --now)")


def check_closed_ports(ctx):
    """Nothing outside the lab model answers the lab network (ftp, r-services, rpcbind, rndc, stunnel's back end)."""
    ports = [int(p) for p in (section(ctx, "net", {"closed_ports": CLOSED_PORTS}).get("closed_ports") or [])]
    with ThreadPoolExecutor(max_workers=min(16, max(1, len(ports)))) as pool:
        outcomes = list(pool.map(lambda port: netprobe.tcp_peek(ctx.target, ctx.port(port), ctx.timeout), ports))
    evidence, problems = [], []
    for port, outcome in zip(ports, outcomes):
        evidence.append("%s:%d: %s" % (ctx.target, port, outcome.text or outcome.kind))
        if outcome.kind in netprobe.DOWN:
            continue
        if outcome.ok:
            problems.append(T("%(address)s:%(port)d accepts connections from the lab network (%(state)s): %(fix)s",
                              address=ctx.target, port=port, state=outcome.text, fix=_closed_port_fix(port)))
        else:
            problems.append(T("%(address)s:%(port)d: could not tell whether it is closed (%(error)s)",
                              address=ctx.target, port=port, error=outcome.text))
    if problems:
        return failed(join(problems), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- day 7: DNS (BIND track)

class _Dig(object):
    """A NetContext in the shape day07's checks read: its digs go to the target, from this client."""

    family = None

    def __init__(self, ctx):
        self.config = dict(ctx.config, address=ctx.target)
        self.user = ctx.user
        self._ctx = ctx

    def run(self, argv):
        port = self._ctx.port(53)
        if argv[:1] == ["dig"] and port != 53:
            argv = argv[:2] + ["-p", str(port)] + argv[2:]
        # day07 asks with +time=2: give dig that long whatever the context's step timeout
        return self._ctx.run(argv, timeout=max(self._ctx.timeout, 2) + 1)

    def read(self, path):
        return None


def _dns_reached(ctx):
    """None when named answers this client's queries for the lab domain, else the failed Result (asked once)."""
    def ask():
        origin = day07.expected_dns(ctx)["origin"].rstrip(".")
        outcome = netprobe.dig(ctx.run, ctx.target, origin, "SOA", timeout=ctx.timeout, port=ctx.port(53))
        evidence = "dig @%s %s SOA: %s" % (ctx.target, origin, _said(outcome))
        if not outcome.ok:
            return failed(unreached(ctx, outcome, "DNS", 53, _dns_listen(ctx), _dns_access(ctx)), evidence)
        answer = day07.parse_dig(outcome.data["output"])
        if answer.status == "REFUSED":
            return failed(T("dig %(zone)s SOA @%(address)s from the lab network: REFUSED: named answers, but not "
                            "this client: %(access)s", zone=origin, address=ctx.target, access=_dns_access(ctx)),
                          "dig @%s %s SOA: REFUSED" % (ctx.target, origin))
        return None
    return ctx.once("dns-reached", ask)


def _via_network(vm_check):
    def check(ctx):
        problem = _dns_reached(ctx)
        if problem is not None:
            return problem
        return vm_check(_Dig(ctx))
    check.__doc__ = "%s (asked from the lab network)" % (vm_check.__doc__ or "").strip().split("\n")[0].rstrip(".")
    check.__name__ = "net_" + vm_check.__name__
    return check


check_soa = _via_network(day07.check_soa)
check_ns = _via_network(day07.check_ns)
check_a = _via_network(day07.check_a)
check_mx = _via_network(day07.check_mx)
check_cname = _via_network(day07.check_cname)
check_ptr = _via_network(day07.check_ptr)


def check_recursion(ctx):
    """named offers recursion to the lab network (the ra flag on a recursive query from a lab client)."""
    problem = _dns_reached(ctx)
    if problem is not None:
        return problem
    name = "%s.%s" % (ctx.config.get("hostname") or "h2g", _domain(ctx))
    outcome = netprobe.dig(ctx.run, ctx.target, name, "A", recurse=True, timeout=ctx.timeout, port=ctx.port(53))
    if not outcome.ok:
        return failed(unreached(ctx, outcome, "DNS", 53, _dns_listen(ctx), _dns_access(ctx)))
    answer = day07.parse_dig(outcome.data["output"])
    evidence = ["dig +rec @%s %s A: status %s, flags %s" % (ctx.target, name, answer.status,
                                                            " ".join(sorted(answer.flags)))]
    if "ra" not in answer.flags:
        return failed(T("named does not offer recursion to the lab network (no ra flag in its answer to a lab "
                        "client): the lab's clients use it as their resolver; allow-recursion in named.conf must "
                        "include %(network)s (and recursion yes), then rndc reconfig", network=_lab(ctx)), *evidence)
    return passed(*evidence)


def _tinydns_listen(ctx):
    s = djbdns.settings(ctx)
    return T("tinydns listens on the address in %(dir)s/env/IP: echo %(address)s > %(dir)s/env/IP, then svc -t "
             "%(service)s/tinydns", dir=s["tinydns_dir"], address=ctx.target, service=s["service_dir"])


def _tinydns_access():
    return T("tinydns answers everyone who reaches it: look for a firewall between the lab and the VM")


def _dnsq_value(value):
    """A dig answer's data as dnsq prints it: lower case, names without their final dot."""
    return " ".join(word.rstrip(".") if word != "." else word for word in value.lower().split())


def _reverse_address(name):
    """10.0.168.192.in-addr.arpa -> 192.168.0.10 (dig -x takes the address)."""
    return ".".join(reversed(name.lower().replace(".in-addr.arpa", "").split(".")))


def check_tinydns_answers(ctx):
    """tinydns answers a lab client authoritatively for every record of the lab's model (dig +norec)."""
    zone = djbdns._zone(ctx)
    if zone is None:
        return djbdns._no_model()

    def ask(name, rtype):
        query = _reverse_address(name) if rtype == "PTR" else name
        outcome = ctx.probe(53, lambda host, port, timeout: netprobe.dig(ctx.run, host, query, rtype,
                                                                         timeout=timeout, port=port))
        label = "dig +norec @%s %s %s" % (ctx.target, query, rtype)
        if not outcome.ok:
            reason = unreached(ctx, outcome, "DNS", 53, _tinydns_listen(ctx), _tinydns_access())
            if outcome.kind == netprobe.MISSING:
                return label, set(), None, [], "", failed(reason)
            return label, set(), None, [], outcome.text, reason
        answer = day07.parse_dig(outcome.data["output"])
        flags = set(["authoritative"]) if answer.authoritative else set()
        answers = [(n.rstrip(".").lower(), t, _dnsq_value(v)) for n, _ttl, t, v in answer.records]
        return label, flags, answer.status, answers, "", None

    outcome = djbdns.compare_answers(zone, ask)
    if not isinstance(outcome, tuple):
        return outcome
    problems, evidence = outcome
    if problems:
        return failed(join(problems), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- day 8: SMTP, POP3, IMAP

def check_smtp_answers(ctx):
    """SMTP answers a lab client on port 25 with a 220 greeting and EHLO."""
    outcome = ctx.probe(25, netprobe.smtp_session)
    evidence = ["%s:25: %s" % (ctx.target, _said(outcome))]
    if not outcome.ok:
        return failed(unreached(ctx, outcome, "SMTP", 25, _smtp_listen(), _smtp_access()), *evidence)
    evidence.append("EHLO: %s" % " ".join(outcome.data.get("extensions") or []))
    return passed(*evidence)


def check_smtp_local_rcpt(ctx):
    """The MTA accepts mail for the trainee (user1@domain) from a lab client on port 25 (RCPT only, nothing sent)."""
    rcpt = _trainee(ctx)
    outcome = ctx.probe(25, netprobe.smtp_session, rcpt_before=(_sender(ctx), rcpt))
    evidence = ["%s:25 RCPT TO:<%s>: %s" % (ctx.target, rcpt, _said(outcome))]
    if not outcome.ok:
        return failed(unreached(ctx, outcome, "SMTP", 25, _smtp_listen(), _smtp_access()), *evidence)
    answer = outcome.data.get("rcpt_before", "")
    if netprobe.smtp_code(answer) not in (250, 251):
        return failed(T("the MTA refuses mail for %(rcpt)s from the lab network (%(answer)s): the domain must be "
                        "local (Postfix: mydestination; qmail: locals and rcpthosts) and the restrictions must let "
                        "the lab in (Postfix: smtpd_recipient_restrictions, mynetworks; qmail: tcprules)",
                        rcpt=rcpt, answer=answer), *evidence)
    return passed(*evidence)


def _mail_login(ctx, port, tls, protocol, listen, access):
    """A POP3/IMAP(S) login as the trainee from the lab: a Result."""
    login = ctx.credentials.login
    if login is None:
        return _no_credentials(protocol)
    func = netprobe.pop3_session if protocol.startswith("POP3") else netprobe.imap_session
    outcome = ctx.probe(port, func, tls=tls, login=login)
    evidence = ["%s %s:%d: %s" % (protocol, ctx.target, port, _said(outcome))]
    if not outcome.ok:
        return failed(unreached(ctx, outcome, protocol, port, listen, access), *evidence)
    answer = outcome.data.get("login", "")
    if answer != "ok":
        if "plaintext" in answer.lower() or "privacyrequired" in answer.lower() or "LOGINDISABLED" in " ".join(
                outcome.data.get("capabilities") or []):
            return failed(T("%(protocol)s refuses a plain-text login from the lab network (%(answer)s): the lab lets "
                            "the trainee log in without TLS inside the lab network: disable_plaintext_auth = no, or "
                            "login_trusted_networks = %(network)s in dovecot.conf", protocol=protocol, answer=answer,
                            network=_lab(ctx)), *evidence)
        return failed(T("%(protocol)s login as %(user)s from the lab network failed (%(answer)s): the password is the "
                        "trainee's Linux password (passdb in dovecot.conf); when the VM view logs in and this does "
                        "not, a rule by client address refuses the lab (passdb allow_nets, a PAM access rule)",
                        protocol=protocol, user=login[0], answer=answer), *evidence)
    evidence.append("%s logged in, %s messages" % (login[0], outcome.data.get("messages")))
    return passed(*evidence)


def check_pop3(ctx):
    """The trainee logs in over POP3 (110) from a lab client."""
    return _mail_login(ctx, 110, False, "POP3", _dovecot_listen(), _dovecot_access())


def check_imap(ctx):
    """The trainee logs in over IMAP (143) from a lab client."""
    return _mail_login(ctx, 143, False, "IMAP", _dovecot_listen(), _dovecot_access())


# ---------------------------------------------------------------- day 10: Samba

def _samba_user(ctx):
    cred = ctx.credentials
    if cred.samba_user and cred.samba_password is not None:
        return cred.samba_user, cred.samba_password
    return None


def _samba_failed(ctx, outcome, evidence, share=None):
    status = outcome.data.get("status", "")
    user = ctx.credentials.samba_user
    if status in ("NT_STATUS_LOGON_FAILURE", "NT_STATUS_ACCOUNT_DISABLED", "NT_STATUS_NO_SUCH_USER"):
        return failed(T("Samba refuses %(user)s's name or password from the lab network (%(status)s): smbpasswd -a "
                        "%(user)s sets the Samba password (Samba keeps its own), smbpasswd -e enables it",
                        user=user, status=status), *evidence)
    if status == "NT_STATUS_BAD_NETWORK_NAME":
        return failed(T("the share %(share)s cannot be opened from the lab network (NT_STATUS_BAD_NETWORK_NAME): it is "
                        "not defined in smb.conf or its path does not exist (check 10.3)", share=share), *evidence)
    if status == "NT_STATUS_ACCESS_DENIED":
        return failed(T("%(user)s may not use the share %(share)s from the lab network (NT_STATUS_ACCESS_DENIED): "
                        "valid users / read only = no in smb.conf, and the directory writable for the user (owner, "
                        "group or force group)", user=user, share=share or "IPC$"), *evidence)
    return failed(unreached(ctx, outcome, "SMB", 445, _samba_listen(ctx), _samba_access(ctx)), *evidence)


def check_smbclient_list(ctx):
    """smbclient -L //<lab address> as the trainee lists the shares, from a lab client."""
    login = _samba_user(ctx)
    if login is None:
        return _no_credentials("smbclient")
    outcome = ctx.probe(445, lambda host, port, timeout: netprobe.smb_list(ctx.run, host, login[0], login[1],
                                                                           timeout, ctx.credentials.samba_domain, port))
    evidence = ["smbclient -L //%s -U %s: %s" % (ctx.target, login[0], _said(outcome))]
    if not outcome.ok:
        return _samba_failed(ctx, outcome, evidence)
    names = [name for _kind, name in outcome.data["shares"]]
    evidence.append("shares: %s" % ", ".join(names))
    want = section(ctx, "samba", SAMBA_DEFAULTS).get("public_share")
    if want and want.lower() not in [n.lower() for n in names]:
        return failed(T("smbclient -L //%(address)s does not list the share %(share)s: add [%(share)s] to smb.conf "
                        "(browseable = yes)", address=ctx.target, share=want), *evidence)
    return passed(*evidence)


def check_put_get(ctx):
    """smbclient puts a file into the public share as the trainee from a lab client and gets the same bytes back."""
    login = _samba_user(ctx)
    if login is None:
        return _no_credentials("smbclient")
    share = section(ctx, "samba", SAMBA_DEFAULTS).get("public_share")
    if not share:
        return failed(T("the lab model names no public share (samba.public_share in lab.json), so there is nothing "
                        "to put a file into"))
    token = uuid.uuid4().hex
    outcome = ctx.probe(445, lambda host, port, timeout: netprobe.smb_put_get(
        ctx.run, host, share, login[0], login[1], token, timeout, ctx.credentials.samba_domain, port))
    evidence = ["smbclient //%s/%s put/get/del: %s" % (ctx.target, share, _said(outcome))]
    if not outcome.ok:
        return _samba_failed(ctx, outcome, evidence, share)
    if not outcome.data.get("same"):
        return failed(T("the file read back from the share %(share)s is not the one sent", share=share), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- day 12: SSH

def _sshd(ctx):
    return section(ctx, "sshd", SSHD_DEFAULTS)


def _ssh_port(ctx):
    return int(_sshd(ctx).get("port") or 22)


def _offer(ctx, user):
    port = _ssh_port(ctx)
    return ctx.once(("ssh-offer", user), lambda: ctx.probe(
        port, lambda host, p, timeout: netprobe.ssh_offer(ctx.run, host, p, user, timeout)))


def _offer_failed(ctx, outcome, user):
    port = _ssh_port(ctx)
    return failed(unreached(ctx, outcome, "SSH", port, _ssh_listen(ctx), _ssh_access()),
                  "ssh %s@%s -p %d: %s" % (user, ctx.target, port, _said(outcome)))


def _yes_no(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).strip().lower()


def check_sshd_running(ctx):
    """sshd answers a lab client on its port (SSH greeting and an offer of login methods)."""
    outcome = _offer(ctx, ctx.user)
    if not outcome.ok:
        return _offer_failed(ctx, outcome, ctx.user)
    return passed("%s:%d: %s, offers %s" % (ctx.target, _ssh_port(ctx), outcome.data.get("version") or "SSH",
                                            ",".join(outcome.data.get("methods") or [])))


def check_root_login(ctx):
    """sshd offers root no password login from the lab network (PermitRootLogin other than yes)."""
    want = _yes_no(_sshd(ctx).get("permit_root_login"))
    outcome = _offer(ctx, "root")
    if not outcome.ok:
        return _offer_failed(ctx, outcome, "root")
    methods = outcome.data.get("methods") or []
    evidence = ["ssh root@%s offers: %s" % (ctx.target, ",".join(methods))]
    if want == "yes":
        return passed(*evidence)
    offered = [m for m in methods if m in PASSWORD_METHODS or m == "none"]
    if offered:
        return failed(T("sshd offers root a password login from the lab network (%(methods)s): the lab allows root "
                        "with a key only (PermitRootLogin %(want)s). With passwords on, the network cannot tell a "
                        "refused root password from a wrong one: set PasswordAuthentication no (the lab's choice), "
                        "or add Match User root with PasswordAuthentication no and KbdInteractiveAuthentication no, "
                        "then sshd -t and reload", methods=",".join(offered), want=want), *evidence)
    return passed(*evidence)


def check_password_auth(ctx):
    """sshd offers the trainee password logins from the lab network only as the lab says (PasswordAuthentication)."""
    want = _yes_no(_sshd(ctx).get("password_authentication"))
    outcome = _offer(ctx, ctx.user)
    if not outcome.ok:
        return _offer_failed(ctx, outcome, ctx.user)
    methods = outcome.data.get("methods") or []
    evidence = ["ssh %s@%s offers: %s" % (ctx.user, ctx.target, ",".join(methods))]
    offered = [m for m in methods if m in PASSWORD_METHODS or m == "none"]
    if want == "no" and offered:
        return failed(T("sshd offers %(user)s a password login from the lab network (%(methods)s), the lab wants keys "
                        "only: PasswordAuthentication no and KbdInteractiveAuthentication no near the top of "
                        "sshd_config (a Match block for the lab's addresses counts too: sshd -T -C addr=...), sshd -t, "
                        "then reload", user=ctx.user, methods=",".join(offered)), *evidence)
    if want == "yes" and not offered:
        return failed(T("sshd offers %(user)s no password login from the lab network, the lab wants it: "
                        "PasswordAuthentication yes in sshd_config, sshd -t, then reload", user=ctx.user), *evidence)
    return passed(*evidence)


def _identity(ctx):
    identity = ctx.credentials.identity
    if not identity:
        return None, not_yet(T("not done yet: no private key of %(user)s was given, so key login cannot be tried from "
                               "the network: the trainee makes one (ssh-keygen -t ed25519) and puts its .pub into "
                               "~%(user)s/.ssh/authorized_keys; give the private key with labeval --identity FILE",
                               user=ctx.user))
    return identity, None


def check_key_login(ctx):
    """The trainee logs in with a key from a lab client (ssh -i KEY, BatchMode)."""
    identity, problem = _identity(ctx)
    if problem:
        return problem
    port = _ssh_port(ctx)
    outcome = ctx.probe(port, lambda host, p, timeout: netprobe.ssh_key_login(ctx.run, host, p, ctx.user, identity,
                                                                              timeout))
    evidence = ["ssh -i %s %s@%s -p %d: %s" % (identity, ctx.user, ctx.target, port, _said(outcome))]
    if outcome.ok:
        return passed(*evidence)
    if outcome.kind == netprobe.DENIED:
        return failed(T("sshd refuses the key of %(user)s from the lab network (%(error)s): the public half of "
                        "%(identity)s must be in ~%(user)s/.ssh/authorized_keys with modes sshd accepts (check 12.5), "
                        "and AllowUsers/DenyUsers/Match in sshd_config must let %(user)s in from the lab network",
                        user=ctx.user, error=outcome.text, identity=identity), *evidence)
    if outcome.kind == netprobe.ERROR:
        return failed(T("ssh could not try the key: %(error)s", error=outcome.text), *evidence)
    return failed(unreached(ctx, outcome, "SSH", port, _ssh_listen(ctx), _ssh_access()), *evidence)


def check_tunnel(ctx):
    """The plain-text service is not reachable from the lab network directly, only through the SSH tunnel."""
    tunnel = section(ctx, "tunnel", TUNNEL_DEFAULTS)
    port = int(tunnel.get("port") or 23)
    name = tunnel.get("name") or "labtalk"
    direct = netprobe.tcp_peek(ctx.target, ctx.port(port), ctx.timeout)
    evidence = ["%s:%d directly: %s" % (ctx.target, port, direct.text or direct.kind)]
    if direct.ok:
        return failed(T("%(name)s on %(address)s:%(port)d accepts connections from the lab network (%(state)s), so "
                        "its plain text crosses the network: bind it to 127.0.0.1 only (xinetd bind = 127.0.0.1, or "
                        "ListenStream=127.0.0.1:%(port)d), and reach it with ssh -L %(port)d:localhost:%(port)d",
                        name=name, address=ctx.target, port=port, state=direct.text), *evidence)
    if direct.kind not in netprobe.DOWN:
        return failed(T("%(address)s:%(port)d: could not tell whether it is closed (%(error)s)",
                        address=ctx.target, port=port, error=direct.text), *evidence)
    identity, problem = _identity(ctx)
    if problem:
        return failed(T("%(name)s is closed to the lab network, but whether the tunnel reaches it cannot be tried "
                        "without the trainee's key (labeval --identity FILE)", name=name), *evidence)
    ssh_port = _ssh_port(ctx)
    outcome = ctx.probe(ssh_port, lambda host, p, timeout: netprobe.ssh_key_login(
        ctx.run, host, p, ctx.user, identity, timeout, forward=("127.0.0.1", port)))
    evidence.append("ssh -W 127.0.0.1:%d %s@%s: %s" % (port, ctx.user, ctx.target, _said(outcome)))
    if not outcome.ok:
        if outcome.data.get("forward") and outcome.kind == netprobe.DENIED:
            return failed(T("sshd refuses to forward to 127.0.0.1:%(port)d (%(error)s): AllowTcpForwarding local (or "
                            "yes) in sshd_config (check 12.6)", port=port, error=outcome.text), *evidence)
        if outcome.data.get("forward"):
            return failed(T("through the tunnel nothing answers on the VM's 127.0.0.1:%(port)d (%(error)s): enable "
                            "%(name)s in the superserver with bind = 127.0.0.1", port=port, error=outcome.text,
                            name=name), *evidence)
        return failed(T("the tunnel cannot be opened: the trainee's key login fails (check 12.60): %(error)s",
                        error=outcome.text), *evidence)
    words = (outcome.data.get("output") or "").strip()
    if not words:
        return failed(T("through the tunnel %(name)s on 127.0.0.1:%(port)d accepts but says nothing: check its "
                        "server program and only_from = 127.0.0.1", name=name, port=port), *evidence)
    evidence.append("through the tunnel: %s" % words.splitlines()[0])
    return passed(*evidence)


# ---------------------------------------------------------------- day 13: SSL mail

def _smtps_port(ctx):
    return int(section(ctx, "mail", MAIL_DEFAULTS).get("smtps_port") or 465)


def check_smtps_handshake(ctx):
    """A lab client's TLS handshake on 465 reaches the MTA's 220 greeting."""
    port = _smtps_port(ctx)
    outcome = ctx.probe(port, netprobe.smtp_session, tls=True)
    evidence = ["SMTPS %s:%d: %s" % (ctx.target, port, _said(outcome))]
    if outcome.kind == netprobe.CLOSED and outcome.data.get("tls"):
        return failed(T("TLS works on %(port)d from the lab network but the connection ends before the SMTP "
                        "greeting: stunnel cannot reach its back end (its connect = ...); its log says why",
                        port=port), *evidence)
    if not outcome.ok:
        return failed(unreached(ctx, outcome, "SMTPS", port, _smtps_listen(port), _smtps_access()), *evidence)
    return passed(*evidence)


def check_smtps_relay(ctx):
    """SMTPS (465) refuses a lab client that has not logged in mail for other domains (no open relay)."""
    port = _smtps_port(ctx)
    outcome = ctx.probe(port, netprobe.smtp_session, tls=True, rcpt_before=(_sender(ctx), RELAY_RCPT))
    evidence = ["SMTPS %s:%d RCPT TO:<%s>: %s" % (ctx.target, port, RELAY_RCPT, _said(outcome))]
    if not outcome.ok:
        return failed(unreached(ctx, outcome, "SMTPS", port, _smtps_listen(port), _smtps_access()), *evidence)
    if 200 <= netprobe.smtp_code(outcome.data.get("rcpt_before")) < 300:
        return failed(T("SMTPS relays mail for other domains for anyone on the lab network who reaches port "
                        "%(port)d, without a login: stunnel hands every session over from 127.0.0.1, which "
                        "mynetworks (Postfix) or a 127.0.0.1:allow,RELAYCLIENT=\"\" rule (qmail) trusts. Point "
                        "stunnel's connect at an smtpd that does not (Postfix: 127.0.0.1:10465 in master.cf with "
                        "-o mynetworks= -o "
                        "smtpd_relay_restrictions=permit_sasl_authenticated,reject_unauth_destination)",
                        port=port), *evidence)
    return passed(*evidence)


def check_pop3s(ctx):
    """The trainee logs in over POP3S (995) from a lab client."""
    return _mail_login(ctx, 995, True, "POP3S", _dovecot_listen(), _dovecot_access())


def check_imaps_greeting(ctx):
    """IMAPS (993) greets a lab client over TLS."""
    outcome = ctx.probe(993, netprobe.imap_session, tls=True)
    evidence = ["IMAPS %s:993: %s" % (ctx.target, _said(outcome))]
    if not outcome.ok:
        return failed(unreached(ctx, outcome, "IMAPS", 993, _dovecot_listen(), _dovecot_access()), *evidence)
    return passed(*evidence)


def check_imaps_login(ctx):
    """The trainee logs in over IMAPS (993) from a lab client."""
    return _mail_login(ctx, 993, True, "IMAPS", _dovecot_listen(), _dovecot_access())


def _submission(ctx, **steps):
    outcome = ctx.probe(587, netprobe.smtp_session, starttls=True, **steps)
    evidence = ["submission %s:587: %s" % (ctx.target, _said(outcome))]
    if not outcome.ok:
        return outcome, failed(unreached(ctx, outcome, "submission", 587, _submission_listen(), _smtp_access()),
                               *evidence), evidence
    return outcome, None, evidence


def check_submission(ctx):
    """Submission (587) offers a lab client STARTTLS and, only after it, AUTH."""
    outcome, problem, evidence = _submission(ctx)
    if problem:
        return problem
    problem = submission_order(outcome.data.get("extensions") or [], evidence)
    if problem:
        return problem
    auth = outcome.data.get("extensions_tls") or []
    evidence.append("EHLO after STARTTLS: %s" % " ".join(auth))
    if "auth" not in auth:
        return failed(T("587 offers no AUTH after STARTTLS: -o smtpd_sasl_auth_enable=yes with "
                        "smtpd_sasl_type = dovecot and smtpd_sasl_path = private/auth"), *evidence)
    return passed(*evidence)


def check_submission_relay(ctx):
    """Submission (587) relays for a lab client only after AUTH as the trainee (RCPT only, nothing sent)."""
    login = ctx.credentials.login
    if login is None:
        return _no_credentials("SMTP AUTH")
    envelope = (_sender(ctx), RELAY_RCPT)
    outcome, problem, evidence = _submission(ctx, rcpt_before=envelope, auth=login, rcpt_after=envelope)
    if problem:
        return problem
    if outcome.data.get("starttls") != "ok":
        return failed(T("587 does not offer STARTTLS: -o smtpd_tls_security_level=encrypt with a certificate "
                        "(smtpd_tls_cert_file, smtpd_tls_key_file)"), *evidence)
    if 200 <= netprobe.smtp_code(outcome.data.get("rcpt_before")) < 300:
        return failed(T("587 relays to other domains before AUTH: -o smtpd_client_restrictions="
                        "permit_sasl_authenticated,reject and -o smtpd_relay_restrictions=permit_sasl_authenticated,"
                        "reject on the submission line of master.cf"), *evidence)
    auth = outcome.data.get("auth", "")
    if netprobe.smtp_code(auth) != 235:
        return failed(T("SMTP AUTH as %(user)s on 587 failed (%(answer)s): Postfix asks Dovecot (smtpd_sasl_type = "
                        "dovecot, smtpd_sasl_path = private/auth and Dovecot's service auth unix_listener for "
                        "postfix); the password is the trainee's Linux password", user=login[0], answer=auth),
                      *evidence)
    if not 200 <= netprobe.smtp_code(outcome.data.get("rcpt_after")) < 300:
        return failed(T("587 refuses to relay for %(user)s even after AUTH (%(answer)s): "
                        "-o smtpd_relay_restrictions=permit_sasl_authenticated,reject on the submission line",
                        user=login[0], answer=outcome.data.get("rcpt_after")), *evidence)
    return passed(*evidence)


def check_smtps_round_trip(ctx):
    """A lab client sends the trainee a mail over SMTPS (ending TLS cleanly) and reads it back over POP3S."""
    login = ctx.credentials.login
    if login is None:
        return _no_credentials("POP3S")
    port = _smtps_port(ctx)
    token = "labeval-net-%s" % uuid.uuid4().hex
    rcpt = _trainee(ctx)
    message = ("From: %s\r\nTo: %s\r\nSubject: labeval network view %s\r\n\r\nSent over SMTPS by the lab's "
               "evaluator from a lab client; it deletes this message again.\r\n" % (_sender(ctx), rcpt, token))
    sent = ctx.probe(port, netprobe.smtp_session, tls=True, send=(_sender(ctx), rcpt, message))
    evidence = ["SMTPS %s:%d to %s: %s" % (ctx.target, port, rcpt, _said(sent))]
    if not sent.ok:
        return failed(unreached(ctx, sent, "SMTPS", port, _smtps_listen(port), _smtps_access()), *evidence)
    if not sent.data.get("sent"):
        return failed(T("the MTA behind SMTPS refuses mail for %(rcpt)s (%(answer)s): the domain must be local "
                        "(Postfix: mydestination; qmail: locals and rcpthosts)", rcpt=rcpt,
                        answer=sent.data.get("send_refused")), *evidence)
    started = time.time()
    last = {}

    def arrived():
        outcome = ctx.probe(995, netprobe.pop3_session, tls=True, login=login, find=token, delete=True)
        last["outcome"] = outcome
        return outcome.ok and outcome.data.get("login") == "ok" and outcome.data.get("found")

    if netprobe.poll(arrived, DELIVERY_WAIT):
        evidence.append("read back over POP3S after %.1f s and deleted" % (time.time() - started))
        return passed(*evidence)
    outcome = last["outcome"]
    evidence.append("POP3S %s:995: %s" % (ctx.target, _said(outcome)))
    if not outcome.ok:
        return failed(unreached(ctx, outcome, "POP3S", 995, _dovecot_listen(), _dovecot_access()), *evidence)
    if outcome.data.get("login") != "ok":
        return failed(T("POP3S login as %(user)s failed (%(answer)s), so the mail sent over SMTPS cannot be read "
                        "back (see 13.8)", user=login[0], answer=outcome.data.get("login")), *evidence)
    return failed(T("the mail sent over SMTPS was accepted but did not reach %(user)s's mailbox within %(wait)s s: "
                    "look at the mail log (Postfix: journalctl -u postfix; qmail: qmail-send's log) and at where "
                    "the MTA delivers and Dovecot reads (check 8.43)", user=login[0], wait="%g" % DELIVERY_WAIT),
                  *evidence)


# ---------------------------------------------------------------- day 8: the relays of the mail split

def _store_address(ctx):
    return str(((ctx.config.get("mail_topology") or {}).get("store") or {}).get("address") or "")


def _relay_access(ctx):
    if on_qmail(ctx):
        return T("the relay takes the domain's mail from anyone (it is the MX): the domain in control/rcpthosts, and "
                 "tcpserver rules that allow everyone (RELAYCLIENT for the store alone), compiled with tcprules")
    return T("the relay takes the domain's mail from anyone (it is the MX): relay_domains = $mydomain and "
             "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination in its main.cf")


def check_relay_delivers(ctx):
    """A lab client sends the trainee a mail through the relay; it is read back over POP3 at the mail store,
    and the store's Received header names the relay (the route: client, relay, store)."""
    login = ctx.credentials.login
    if login is None:
        return _no_credentials("POP3 at the mail store")
    store = _store_address(ctx)
    if not store:
        return failed(T("lab.json names no mail store (mail_topology): converge the relay with lab_mail_hosts, "
                        "the same list as on the store"))
    token = "labeval-relay-%s" % uuid.uuid4().hex
    rcpt = _trainee(ctx)
    message = ("From: %s\r\nTo: %s\r\nSubject: labeval network view %s\r\n\r\nSent to the relay by the lab's "
               "evaluator from a lab client; it deletes this message again.\r\n" % (_sender(ctx), rcpt, token))
    sent = ctx.probe(25, netprobe.smtp_session, send=(_sender(ctx), rcpt, message))
    evidence = ["SMTP %s:25 to %s: %s" % (ctx.target, rcpt, _said(sent))]
    if not sent.ok:
        return failed(unreached(ctx, sent, "SMTP", 25, _smtp_listen(), _relay_access(ctx)), *evidence)
    if not sent.data.get("sent"):
        if on_qmail(ctx):
            return failed(T("the relay refuses mail for %(rcpt)s (%(answer)s): it is the domain's MX and must take its "
                            "mail for the store: the domain in control/rcpthosts", rcpt=rcpt,
                            answer=sent.data.get("send_refused")), *evidence)
        return failed(T("the relay refuses mail for %(rcpt)s (%(answer)s): it is the domain's MX and must take its "
                        "mail for the store: relay_domains = $mydomain", rcpt=rcpt,
                        answer=sent.data.get("send_refused")), *evidence)
    started = time.time()
    last = {}

    def arrived():
        outcome = netprobe.pop3_session(store, ctx.port(110), timeout=ctx.timeout, login=login, find=token,
                                        delete=True)
        last["outcome"] = outcome
        return outcome.ok and outcome.data.get("login") == "ok" and outcome.data.get("found")

    if not netprobe.poll(arrived, RELAY_WAIT):
        outcome = last["outcome"]
        evidence.append("POP3 %s:110: %s" % (store, _said(outcome)))
        if not outcome.ok or outcome.data.get("login") != "ok":
            return failed(T("the mail store %(store)s cannot be read over POP3 as %(user)s (%(error)s), so the mail "
                            "sent to the relay cannot be found: see the store's own grade (8.44)", store=store,
                            user=login[0], error=outcome.data.get("login") or outcome.text), *evidence)
        if on_qmail(ctx):
            return failed(T("the relay accepted the mail for %(rcpt)s, but it did not reach the mail store %(store)s "
                            "within %(wait)s s: look at the relay's queue (qmail-qstat, qmail-qread) and route (the "
                            "line %(domain)s:[%(store)s] in control/smtproutes), and at the store's tcpserver rules, "
                            "which must let the relay in", rcpt=rcpt, store=store, wait="%g" % RELAY_WAIT,
                            domain=_domain(ctx)), *evidence)
        return failed(T("the relay accepted the mail for %(rcpt)s, but it did not reach the mail store %(store)s "
                        "within %(wait)s s: look at the relay's queue (postqueue -p) and route (postmap -q %(domain)s "
                        "on its transport_maps: smtp:[%(store)s]), and at the store's log, which must let the relay "
                        "in (mynetworks)", rcpt=rcpt, store=store, wait="%g" % RELAY_WAIT, domain=_domain(ctx)),
                      *evidence)
    headers = last["outcome"].data.get("headers") or []
    received = [line for line in headers if line.lower().startswith("received:")]
    evidence.append("read back over POP3 at %s after %.1f s and deleted" % (store, time.time() - started))
    evidence.extend(received[:3])
    if not received or "[%s]" % ctx.target not in received[0].split(" by ", 1)[0]:
        if on_qmail(ctx):
            return failed(T("the mail reached the store, but not from the relay %(relay)s (its newest Received header: "
                            "%(header)s): the relay's route must hand the domain's mail to the store itself (control/"
                            "smtproutes: %(domain)s:[%(store)s])", relay=ctx.target,
                            header=received[0] if received else "none", domain=_domain(ctx), store=store), *evidence)
        return failed(T("the mail reached the store, but not from the relay %(relay)s (its newest Received header: "
                        "%(header)s): the relay's route must hand the domain's mail to the store itself "
                        "(transport_maps: smtp:[%(store)s])", relay=ctx.target,
                        header=received[0] if received else "none", store=store), *evidence)
    return passed(*evidence)


def check_relay_control_net(ctx):
    """The relay refuses a lab client mail for another domain (Relay access denied) and takes the domain's."""
    outside = ctx.probe(25, netprobe.smtp_session, rcpt_before=(_sender(ctx), RELAY_RCPT))
    evidence = ["%s:25 RCPT TO:<%s>: %s" % (ctx.target, RELAY_RCPT, _said(outside))]
    if not outside.ok:
        return failed(unreached(ctx, outside, "SMTP", 25, _smtp_listen(), _relay_access(ctx)), *evidence)
    if netprobe.smtp_code(outside.data.get("rcpt_before")) < 500:
        if on_qmail(ctx):
            return failed(T("the relay relays mail for other domains for a lab client (%(answer)s): an open relay at "
                            "the edge. Relay control: control/rcpthosts names the domain alone, and the tcpserver "
                            "rules give RELAYCLIENT to the store only (compiled with tcprules)",
                            answer=outside.data.get("rcpt_before")), *evidence)
        return failed(T("the relay relays mail for other domains for a lab client (%(answer)s): an open relay at the "
                        "edge. Relay control: mynetworks = 127.0.0.0/8 and the store only, smtpd_relay_restrictions "
                        "= permit_mynetworks, reject_unauth_destination", answer=outside.data.get("rcpt_before")),
                      *evidence)
    return passed(*evidence)


def check_relay_vrfy(ctx):
    """The relay at the edge refuses VRFY from a lab client."""
    outcome = ctx.probe(25, netprobe.smtp_session, vrfy=ctx.user)
    evidence = ["%s:25 VRFY %s: %s" % (ctx.target, ctx.user, outcome.data.get("vrfy") or _said(outcome))]
    if not outcome.ok:
        return failed(unreached(ctx, outcome, "SMTP", 25, _smtp_listen(), _relay_access(ctx)), *evidence)
    code = netprobe.smtp_code(outcome.data.get("vrfy"))
    if 200 <= code < 300 and on_qmail(ctx) and code != 252:
        return failed(T("the relay answers VRFY (%(answer)s): anyone on the network can ask it which users exist. "
                        "qmail-smtpd never does (it answers 252): another SMTP server holds port 25 of the relay",
                        answer=outcome.data.get("vrfy")), *evidence)
    if 200 <= code < 300 and not on_qmail(ctx):
        return failed(T("the relay answers VRFY (%(answer)s): anyone on the network can ask it which users exist. "
                        "disable_vrfy_command = yes in its main.cf, then postfix reload",
                        answer=outcome.data.get("vrfy")), *evidence)
    return passed(*evidence)


def _mx_order(ctx, evidence):
    """[(preference, name, address)] of the domain's mail exchangers, as a sending MTA finds them in the lab's
    DNS (the store serves it); or a failure Result."""
    domain = _domain(ctx)
    answer = netprobe.dig(ctx.run, ctx.target, domain, "MX", timeout=ctx.timeout, port=ctx.port(53))
    records = day07.parse_dig(answer.data.get("output")).data("MX") if answer.ok else []
    evidence.append("dig @%s %s MX: %s" % (ctx.target, domain, ", ".join(records) or answer.text or "no MX"))
    if not records:
        return failed(T("the lab's DNS at %(server)s gives no MX for %(domain)s (%(error)s): a sender finds no relay. "
                        "The MX records of the relays (10 and 20) come from lab_mail_hosts: converge the store (day 7), "
                        "and see day 7's checks", server=ctx.target, domain=domain,
                        error=answer.text or "no answer"), *evidence)
    order = []
    for record in sorted(records, key=lambda r: int(r.split()[0]) if r.split()[0].isdigit() else 65536):
        preference, _sep, name = record.partition(" ")
        found = netprobe.dig(ctx.run, ctx.target, name, "A", timeout=ctx.timeout, port=ctx.port(53))
        addresses = day07.parse_dig(found.data.get("output")).data("A") if found.ok else []
        if not addresses:
            return failed(T("the MX %(name)s has no address in the lab's DNS: a sender cannot reach it. Every relay "
                            "of lab_mail_hosts needs its A record (day 7)", name=name), *evidence)
        order.append((preference, name.rstrip("."), addresses[0]))
    return order


def check_mx_order(ctx):
    """A lab client sends the trainee a mail the way a sending MTA does: to the domain's MX in preference
    order, the next one when a relay does not answer; it arrives in the store's mailbox, through the relay
    that took it. With the primary relay down this is the backup relay's failover, seen from the lab."""
    login = ctx.credentials.login
    if login is None:
        return _no_credentials("POP3 at the mail store")
    evidence = []
    order = _mx_order(ctx, evidence)
    if not isinstance(order, list):
        return order
    token = "labeval-mx-%s" % uuid.uuid4().hex
    rcpt = _trainee(ctx)
    message = ("From: %s\r\nTo: %s\r\nSubject: labeval network view %s\r\n\r\nSent by the MX order by the lab's "
               "evaluator from a lab client; it deletes this message again.\r\n" % (_sender(ctx), rcpt, token))
    took = None
    for preference, name, address in order:
        sent = netprobe.smtp_session(address, ctx.port(25), timeout=ctx.timeout, send=(_sender(ctx), rcpt, message))
        evidence.append("MX %s %s %s: %s" % (preference, name, address, _said(sent)))
        if sent.ok and sent.data.get("sent"):
            took = (preference, name, address)
            break
    if took is None:
        return failed(T("no mail exchanger of %(domain)s took the mail for %(rcpt)s: mail from outside cannot reach "
                        "the domain at all. Every relay is down or refuses it; start the backup relay at least (MX 20 "
                        "takes over while MX 10 is down)", domain=_domain(ctx), rcpt=rcpt), *evidence)
    last = {}

    def arrived():
        outcome = netprobe.pop3_session(ctx.target, ctx.port(110), timeout=ctx.timeout, login=login, find=token,
                                        delete=True)
        last["outcome"] = outcome
        return outcome.ok and outcome.data.get("login") == "ok" and outcome.data.get("found")

    if not netprobe.poll(arrived, RELAY_WAIT):
        evidence.append("POP3 %s:110: %s" % (ctx.target, _said(last["outcome"])))
        return failed(T("the MX %(name)s (%(address)s) took the mail for %(rcpt)s, but it did not reach the store's "
                        "mailbox within %(wait)s s: that relay's route to the store is broken (its own grade, 8.52), "
                        "or the store does not let it in (8.51)", name=took[1], address=took[2], rcpt=rcpt,
                        wait="%g" % RELAY_WAIT), *evidence)
    headers = last["outcome"].data.get("headers") or []
    received = [line for line in headers if line.lower().startswith("received:")]
    evidence.extend(received[:2])
    if took != order[0]:
        first = order[0]
        evidence.append("failover: MX %s %s did not take the mail, MX %s %s did" % (first[0], first[1], took[0], took[1]))
    if not received or "[%s]" % took[2] not in received[0].split(" by ", 1)[0]:
        return failed(T("the mail reached the store, but not from the MX %(address)s that took it (the store's newest "
                        "Received header: %(header)s): the relays must hand the domain's mail to the store themselves",
                        address=took[2], header=received[0] if received else "none"), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- day 20: MySQL

def _mysql(ctx):
    values = section(ctx, "mysql", MYSQL_DEFAULTS)
    user = ctx.credentials.mysql_user or values.get("user") or ctx.user
    return values, user, int(values.get("port") or 3306)


def _mysql_failed(ctx, outcome, user, port, evidence):
    code = outcome.data.get("code")
    if outcome.kind == netprobe.DENIED and code == 1130:
        return failed(T("MySQL: no account lets %(user)s in from the lab network (%(error)s): %(fix)s",
                        user=user, error=outcome.text, fix=_mysql_access(ctx, user)), *evidence)
    if outcome.kind == netprobe.DENIED and code == 1129:
        return failed(T("MySQL blocks this client after too many broken connections (%(error)s): mariadb-admin "
                        "flush-hosts on the VM", error=outcome.text), *evidence)
    return failed(unreached(ctx, outcome, "MySQL", port, _mysql_listen(ctx), _mysql_access(ctx, user)), *evidence)


def check_mysql_lab_user(ctx):
    """The lab user logs in from a lab client over TCP and runs a query in the lab database."""
    values, user, port = _mysql(ctx)
    password = ctx.credentials.mysql_password
    if password is None:
        return _no_credentials("MySQL")
    database = ctx.credentials.mysql_database or values.get("database") or "lab"
    sql = "SELECT CURRENT_USER(), DATABASE()"
    outcome = ctx.probe(port, lambda host, p, timeout: netprobe.mysql_query(ctx.run, host, p, user, password, sql,
                                                                            database, timeout))
    evidence = ["mysql -h %s -P %d -u %s %s: %s" % (ctx.target, port, user, database, _said(outcome))]
    if outcome.ok:
        evidence.append("answer: %s" % " | ".join("\t".join(r) for r in outcome.data["rows"]))
        return passed(*evidence)
    code = outcome.data.get("code")
    if code == 1045:
        return failed(T("MySQL refuses %(user)s from the lab network (%(error)s): the password differs from the lab "
                        "client file's, or no account of %(user)s covers the lab network: %(fix)s", user=user,
                        error=outcome.text, fix=_mysql_access(ctx, user)), *evidence)
    if code in (1044, 1049):
        return failed(T("%(user)s logs in from the lab network but cannot use the database %(database)s (%(error)s): "
                        "CREATE DATABASE %(database)s and GRANT ALL ON %(database)s.* to the account of the lab "
                        "network", user=user, database=database, error=outcome.text), *evidence)
    return _mysql_failed(ctx, outcome, user, port, evidence)


def check_mysql_root_refused(ctx):
    """root cannot log in from the lab network, neither without a password nor with the lab's passwords."""
    _values, _user, port = _mysql(ctx)
    tries = [(T("no password"), None)]
    seen = set()
    for what, password in ((T("the trainee's password"), ctx.credentials.password),
                           (T("the lab MySQL password"), ctx.credentials.mysql_password), (T("an empty password"), "")):
        if password is not None and password not in seen:
            seen.add(password)
            tries.append((what, password))
    evidence = []
    for what, password in tries:
        outcome = ctx.probe(port, lambda host, p, timeout: netprobe.mysql_query(
            ctx.run, host, p, "root", password, "SELECT CURRENT_USER()", None, timeout))
        evidence.append("root from %s with %s: %s" % (ctx.target, what, _said(outcome)))
        if outcome.ok:
            account = (outcome.data.get("rows") or [["?"]])[0][0]
            return failed(T("root logs in to MySQL from the lab network with %(what)s (as %(account)s): root logs in "
                            "on the VM only, through the socket: DROP USER the root accounts whose host is not "
                            "localhost (check 20.5)", what=what, account=account), *evidence)
        if outcome.kind in netprobe.DOWN:
            evidence.append("nothing from the lab network reaches MySQL, root included")
            return passed(*evidence)
        if outcome.kind != netprobe.DENIED:
            return failed(T("could not tell whether root is refused from the lab network: %(reason)s",
                            reason=unreached(ctx, outcome, "MySQL", port, _mysql_listen(ctx),
                                             _mysql_access(ctx, "root"))), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- the list

POSTFIX = ("mta", "postfix")
BIND = ("dns", "bind")
EDGE = ("mail", course.EDGE_CHOICES)
STORE = ("mail", "store")
TINYDNS = ("dns", "tinydns")

CHECKS = [
    Check(6, 60, "network/closed-ports", check_closed_ports),
    Check(7, 4, "dns/SOA", check_soa, track=BIND),
    Check(7, 5, "dns/NS", check_ns, track=BIND),
    Check(7, 6, "dns/A", check_a, track=BIND),
    Check(7, 7, "dns/MX", check_mx, track=BIND),
    Check(7, 8, "dns/CNAME", check_cname, track=BIND),
    Check(7, 9, "dns/PTR", check_ptr, track=BIND),
    Check(7, 60, "dns/recursion", check_recursion, track=BIND),
    Check(7, 28, "tinydns/answers", check_tinydns_answers, track=TINYDNS),
    Check(8, 41, "smtp/answers", check_smtp_answers),
    Check(8, 44, "pop3/login", check_pop3),
    Check(8, 60, "smtp/local-rcpt", check_smtp_local_rcpt),
    Check(8, 61, "imap/login", check_imap),
    Check(8, 52, "relay/route", check_relay_delivers, track=EDGE),
    Check(8, 53, "relay/relay-control", check_relay_control_net, track=EDGE),
    Check(8, 55, "relay/vrfy", check_relay_vrfy, track=EDGE),
    Check(8, 62, "store/mx-order", check_mx_order, track=STORE),
    Check(10, 5, "samba/smbclient-list", check_smbclient_list),
    Check(10, 6, "samba/put-get", check_put_get),
    Check(12, 2, "sshd/running", check_sshd_running),
    Check(12, 3, "sshd/root-login", check_root_login),
    Check(12, 4, "sshd/password-auth", check_password_auth),
    Check(12, 7, "tunnel/loopback-only", check_tunnel),
    Check(12, 60, "sshd/key-login", check_key_login),
    Check(13, 5, "smtps/handshake", check_smtps_handshake),
    Check(13, 8, "pop3s/login", check_pop3s),
    Check(13, 9, "imaps/greeting", check_imaps_greeting),
    Check(13, 10, "submission/starttls", check_submission, track=POSTFIX),
    Check(13, 11, "smtps/no-relay", check_smtps_relay),
    Check(13, 60, "imaps/login", check_imaps_login),
    Check(13, 61, "submission/auth-relay", check_submission_relay, track=POSTFIX),
    Check(13, 62, "smtps/round-trip", check_smtps_round_trip),
    Check(20, 3, "mysql/lab-user", check_mysql_lab_user),
    Check(20, 60, "mysql/root-refused", check_mysql_root_refused),
]

# The view of every check above: the catalog composes them as the days of the network view.
NET_CHECKS = [(check, VIEW) for check in CHECKS]
