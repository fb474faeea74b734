# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Day 12, security systems (SSH): sshd, the trainee's keys, the tunnel lab.

sshd's configuration passes `sshd -t`, sshd listens, the effective root login,
password and forwarding policies (`sshd -T`) are the lab's, the trainee's
authorized_keys is in place with permissions sshd accepts (StrictModes), and the
plain-text service of the tunnel lab listens on the loopback only, so it can be
reached from the lab network through `ssh -L` and not directly.

What the checks expect comes from lab.json ("sshd", "tunnel"), with the sshd
role's defaults when it is silent.
"""

from __future__ import annotations

import ipaddress
import stat

from ..framework import Check, REDHAT, failed, not_yet, passed
from ..i18n import T, join
from .common import listening, probe, section

DAY = 12

SSHD_DEFAULTS = {
    "port": 22,
    "permit_root_login": "prohibit-password",
    "password_authentication": False,
    "allow_tcp_forwarding": "local",
}
TUNNEL_DEFAULTS = {"port": 23, "name": "labtalk"}
# sshd -T prints the old name of prohibit-password.
_ROOT_LOGIN_SYNONYMS = {"without-password": "prohibit-password"}
_FORWARDING_FOR_L = ("yes", "all", "local")
_KEY_TYPES = ("ssh-ed25519", "ssh-rsa", "ssh-dss", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
              "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com")


def _service(ctx):
    return "sshd" if ctx.family == REDHAT else "ssh"


def _yes_no(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).strip().lower()


def parse_sshd_T(text):
    """`sshd -T` output -> {keyword: value} (lower-case keywords; repeated keywords keep the first)."""
    values = {}
    for raw in (text or "").splitlines():
        parts = raw.strip().split(None, 1)
        if parts and parts[0] not in values:
            values[parts[0].lower()] = parts[1].strip() if len(parts) > 1 else ""
    return values


def lab_client(ctx):
    """An address of a lab client: the first host of the lab network that is not the VM."""
    try:
        network = ipaddress.ip_network("%s/%s" % (ctx.config.get("address"), ctx.config.get("prefix", 24)),
                                       strict=False)
    except ValueError:
        return "192.168.0.1"
    vm = str(ctx.config.get("address"))
    return next((str(h) for h in network.hosts() if str(h) != vm), vm)


def _effective(ctx, user=None):
    """(values, failure Result or None) from sshd -T. With `user`, for that user's connection from a lab
    client (sshd -T -C), so Match blocks apply as they would to the real login."""
    argv = ["sshd", "-T"]
    if user:
        client = lab_client(ctx)
        argv += ["-C", "user=%s,host=%s,addr=%s,laddr=%s,lport=%s" % (
            user, client, client, ctx.config.get("address"), _sshd_cfg(ctx).get("port", 22))]
    rc, out, err = ctx.run(argv)
    if rc == 127:
        return None, failed(T("sshd is not installed: apt install openssh-server / dnf install openssh-server"))
    if rc != 0:
        return None, failed(T("sshd -T cannot read the configuration (%(error)s): fix it first (check 1)",
                              error=(err.strip().splitlines() or ["exit %d" % rc])[-1]))
    return parse_sshd_T(out), None


def _sshd_cfg(ctx):
    return section(ctx, "sshd", SSHD_DEFAULTS)


# ---------------------------------------------------------------- 1 sshd -t

def check_sshd_config(ctx):
    """sshd -t accepts sshd_config (a typo there stops sshd at its next restart)."""
    rc, out, err = ctx.run(["sshd", "-t"])
    if rc == 127:
        return failed(T("sshd is not installed: apt install openssh-server / dnf install openssh-server"))
    lines = [line.strip() for line in (err + out).splitlines() if line.strip()]
    if rc != 0:
        return failed(T("sshd -t refuses the configuration (%(errors)s): sshd would not start again; fix that line, "
                        "run sshd -t until it is silent, then systemctl reload %(service)s",
                        errors="; ".join(lines[-2:]) or "exit %d" % rc, service=_service(ctx)), *lines)
    return passed("sshd -t: no complaint", *lines)


# ---------------------------------------------------------------- 2 running

def check_sshd_running(ctx):
    """sshd is listening on its port."""
    port = int(_sshd_cfg(ctx).get("port") or 22)
    sockets = listening(ctx)
    if sockets is None:
        return failed(T("cannot list the listening sockets (ss -ltnp failed): run labeval as root"))
    mine = ["%s:%d" % (a, p) for a, p, proc in sockets if proc == "sshd"]
    evidence = ["sshd listens on %s" % (", ".join(mine) or "nothing")]
    if not any(p == port for a, p, proc in sockets if proc == "sshd"):
        return failed(T("sshd is not listening on port %(port)d: systemctl start %(service)s (journalctl -u "
                        "%(service)s tells why it stopped)", port=port, service=_service(ctx)), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 3 root login, 4 passwords

def _match_block(ctx, key, got, user, keyword, want, evidence):
    """A failure that names the Match block when the global value (sshd -T without -C) differs from the
    one a lab client gets, else None."""
    plain, problem = _effective(ctx)
    if problem or plain.get(key) == got:
        return None
    evidence.append("sshd -T (no Match applied): %s %s" % (key, plain.get(key)))
    return failed(T("a Match block sets %(keyword)s %(got)s for %(user)s logging in from the lab network "
                    "(%(client)s), although the global value is %(plain)s: the lab wants %(want)s there too. Fix or "
                    "remove that Match block in sshd_config (or a drop-in), check with sshd -T -C user=%(user)s,"
                    "host=%(client)s,addr=%(client)s, then reload", keyword=keyword, got=got, user=user,
                    client=lab_client(ctx), plain=plain.get(key), want=want), *evidence)


def check_root_login(ctx):
    """Root may log in only as the lab's policy says (PermitRootLogin), for a login from the lab
    network (Match blocks included)."""
    values, problem = _effective(ctx, "root")
    if problem:
        return problem
    want = str(_sshd_cfg(ctx).get("permit_root_login"))
    want = _ROOT_LOGIN_SYNONYMS.get(_yes_no(want), _yes_no(want))
    got = values.get("permitrootlogin", "")
    got_norm = _ROOT_LOGIN_SYNONYMS.get(got, got)
    evidence = ["sshd -T -C user=root,addr=%s: permitrootlogin %s" % (lab_client(ctx), got)]
    if got_norm != want:
        matched = _match_block(ctx, "permitrootlogin", got, "root", "PermitRootLogin", want, evidence)
        if matched:
            return matched
        return failed(T("PermitRootLogin is %(got)s, the lab wants %(want)s: set \"PermitRootLogin %(want)s\" near "
                        "the top of sshd_config (the first value sshd reads wins, drop-ins included), sshd -t, then "
                        "reload", got=got, want=want), *evidence)
    return passed(*evidence)


def check_password_auth(ctx):
    """Password logins are allowed or refused as the lab says (PasswordAuthentication), for the
    trainee's login from the lab network (Match blocks included)."""
    values, problem = _effective(ctx, ctx.user)
    if problem:
        return problem
    want = _yes_no(_sshd_cfg(ctx).get("password_authentication"))
    got = values.get("passwordauthentication", "")
    evidence = ["sshd -T -C user=%s,addr=%s: passwordauthentication %s" % (ctx.user, lab_client(ctx), got),
                "pubkeyauthentication %s" % values.get("pubkeyauthentication", "?")]
    if got != want:
        matched = _match_block(ctx, "passwordauthentication", got, ctx.user, "PasswordAuthentication", want, evidence)
        if matched:
            return matched
        why = (T("keys only: a guessed password then gets nobody in") if want == "no"
               else T("the lab still lets users log in with a password"))
        return failed(T("PasswordAuthentication is %(got)s, the lab wants %(want)s (%(why)s): set "
                        "\"PasswordAuthentication %(want)s\" near the top of sshd_config, sshd -t, then reload",
                        got=got, want=want, why=why), *evidence)
    if want == "no" and values.get("pubkeyauthentication") == "no":
        return failed(T("both PasswordAuthentication and PubkeyAuthentication are off: nobody can log in; "
                        "set PubkeyAuthentication yes"), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 5 authorized keys

def _passwd_entry(ctx, user):
    for raw in (ctx.read("/etc/passwd") or "").splitlines():
        fields = raw.split(":")
        if len(fields) >= 7 and fields[0] == user:
            return fields
    return None


def _key_lines(text):
    keys = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split()
        # options may come first: find the key type
        for index, field in enumerate(fields):
            if field in _KEY_TYPES and index + 1 < len(fields):
                keys.append((field, fields[-1] if len(fields) > index + 2 else ""))
                break
    return keys


def check_authorized_keys(ctx):
    """The trainee has authorized keys, in ~/.ssh 700 and authorized_keys 600, owned by the trainee."""
    user = ctx.user
    entry = _passwd_entry(ctx, user)
    if entry is None:
        return failed(T("%(user)s does not exist (day 6): useradd -m %(user)s", user=user))
    uid, home = int(entry[2]), entry[5]
    ssh_dir = "%s/.ssh" % home.rstrip("/")
    keys_file = "%s/authorized_keys" % ssh_dir
    problems = []
    evidence = []
    dir_info = ctx.stat(ssh_dir)
    if dir_info is None or not stat.S_ISDIR(dir_info.st_mode):
        return not_yet(T("%(dir)s does not exist: as %(user)s, mkdir -m 700 ~/.ssh and put the public key "
                         "(id_ed25519.pub of the client) in ~/.ssh/authorized_keys, chmod 600", dir=ssh_dir, user=user))
    mode = stat.S_IMODE(dir_info.st_mode)
    evidence.append("%s: uid %d mode %04o" % (ssh_dir, dir_info.st_uid, mode))
    if dir_info.st_uid != uid:
        problems.append(T("%(path)s belongs to uid %(uid)d, not %(user)s: chown %(user)s: %(path)s",
                          path=ssh_dir, uid=dir_info.st_uid, user=user))
    if mode != 0o700:
        problems.append(T("%(path)s has mode %(mode)s: chmod 700 %(path)s (sshd's StrictModes ignores keys in a "
                          "directory others can write)", path=ssh_dir, mode="%04o" % mode))
    info = ctx.stat(keys_file)
    missing = []  # what the trainee has not brought yet, apart from what is wrong
    if info is None:
        missing.append(T("%(path)s does not exist: append the client's public key (ssh-copy-id %(user)s@<server> "
                         "does it)", path=keys_file, user=user))
    else:
        fmode = stat.S_IMODE(info.st_mode)
        evidence.append("%s: uid %d mode %04o" % (keys_file, info.st_uid, fmode))
        if info.st_uid != uid:
            problems.append(T("%(path)s belongs to uid %(uid)d, not %(user)s: chown %(user)s: %(path)s",
                              path=keys_file, uid=info.st_uid, user=user))
        if fmode != 0o600:
            problems.append(T("%(path)s has mode %(mode)s: chmod 600 %(path)s (sshd's StrictModes ignores a key file "
                              "others can write: \"Authentication refused: bad ownership or modes\")",
                              path=keys_file, mode="%04o" % fmode))
        keys = _key_lines(ctx.read(keys_file))
        evidence.extend("key: %s %s" % (kind, comment) for kind, comment in keys)
        if not keys:
            missing.append(T("%(path)s holds no public key: append one line of the client's id_ed25519.pub "
                             "(ssh-ed25519 AAAA... comment)", path=keys_file))
    if problems or missing:
        # Only "no key there yet" waits for the trainee; a wrong owner or mode is a mistake to fix.
        return (failed if problems else not_yet)(join(problems + missing), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 6 forwarding

def check_forwarding(ctx):
    """sshd allows local port forwarding (ssh -L), which the tunnel lab uses."""
    values, problem = _effective(ctx)
    if problem:
        return problem
    got = values.get("allowtcpforwarding", "")
    want = _yes_no(_sshd_cfg(ctx).get("allow_tcp_forwarding"))
    evidence = ["sshd -T: allowtcpforwarding %s" % got]
    if got not in _FORWARDING_FOR_L:
        return failed(T("AllowTcpForwarding is %(got)s, so ssh -L gets \"administratively prohibited\": set "
                        "\"AllowTcpForwarding %(want)s\" in sshd_config, sshd -t, then reload",
                        got=got, want=want if want in _FORWARDING_FOR_L else "local"), *evidence)
    if want and got != want:
        return failed(T("AllowTcpForwarding is %(got)s, the lab wants %(want)s", got=got, want=want), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 7 tunnel service on loopback only

def _is_loopback(address):
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def check_tunnel_service(ctx):
    """The plain-text service listens on the loopback only: reachable through ssh -L, not from the network."""
    tunnel = section(ctx, "tunnel", TUNNEL_DEFAULTS)
    port = int(tunnel.get("port") or 23)
    name = tunnel.get("name") or T("the plain-text service")
    address = ctx.config.get("address")
    sockets = listening(ctx)
    if sockets is None:
        return failed(T("cannot list the listening sockets (ss -ltnp failed): run labeval as root"))
    on_port = [(a, proc) for a, p, proc in sockets if p == port]
    evidence = ["port %d: %s" % (port, ", ".join("%s (%s)" % (a, proc or "?") for a, proc in on_port) or "nothing")]
    if not on_port:
        return failed(T("nothing listens on port %(port)d: enable %(name)s in the superserver (bind = 127.0.0.1) "
                        "and reload it", port=port, name=name), *evidence)
    exposed = [a for a, _unused in on_port if not _is_loopback(a)]
    if exposed:
        return failed(T("port %(port)d listens on %(addresses)s, so the plain text crosses the network: bind the "
                        "service to 127.0.0.1 only (xinetd \"bind = 127.0.0.1\", or ListenStream=127.0.0.1:%(port)d) "
                        "and reach it with ssh -L %(port)d:localhost:%(port)d",
                        port=port, addresses=", ".join(exposed)), *evidence)
    state, text = probe(ctx, "127.0.0.1", port)
    evidence.append("127.0.0.1:%d: %s%s" % (port, state, " " + text if text else ""))
    if state not in ("answer", "open"):
        return failed(T("%(name)s listens on 127.0.0.1:%(port)d but does not answer (%(state)s): check its server "
                        "program and only_from", name=name, port=port, state=state), *evidence)
    if address and not _is_loopback(address):
        state, _unused = probe(ctx, address, port)
        evidence.append("%s:%d: %s" % (address, port, state))
        if state != "refused":
            return failed(T("%(address)s:%(port)d accepts connections: the service must not be reachable from the "
                            "lab network", address=address, port=port), *evidence)
    return passed(*evidence)


CHECKS = [
    Check(DAY, 1, "sshd/config", check_sshd_config),
    Check(DAY, 2, "sshd/running", check_sshd_running),
    Check(DAY, 3, "sshd/root-login", check_root_login),
    Check(DAY, 4, "sshd/password-auth", check_password_auth),
    Check(DAY, 5, "sshd/authorized-keys", check_authorized_keys),
    Check(DAY, 6, "sshd/forwarding", check_forwarding),
    Check(DAY, 7, "tunnel/loopback-only", check_tunnel_service),
]
