# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Day 10, Samba and the superserver (checks 1-19).

Samba: smbd listens, smb.conf is clean for testparm, every share's path exists
with the right owner, the trainee is a Samba user, and smbclient (the course's
client) lists the shares and puts and gets a file as the trainee. The
superserver: each configured service answers on its port when enabled and
nothing answers there when it is disabled.

What the checks expect comes from lab.json ("samba", "superserver"), with the
course's defaults (the samba and superserver roles' defaults) when it is silent.
"""

from __future__ import annotations

import stat

from ..framework import Check, REDHAT, failed, passed
from ..i18n import T, join
from .common import listening, probe, section
from ..samba import parse_pdbedit_w, parse_smb_conf, shares as smb_shares, testparm_problems

DAY = 10

SAMBA_DEFAULTS = {
    "shares": [{"name": "public", "path": "/srv/samba/public", "owner": "root", "group": "users"}],
    "public_share": "public",
    "auth_file": "/etc/serverlab/samba.auth",
}
SUPERSERVER_DEFAULTS = {
    "type": None,  # None: xinetd on Debian, systemd on EL
    "services": [{"name": "labtalk", "port": 23, "bind": "127.0.0.1", "enabled": True}],
}
PUT_GET_NAME = "labeval-put-get.txt"
PUT_GET_SOURCE = "/etc/hostname"


def _name_of(ctx, path, number):
    """The name of uid/gid `number` in the evaluated /etc/passwd or /etc/group, else the number."""
    for raw in (ctx.read(path) or "").splitlines():
        fields = raw.split(":")
        if len(fields) >= 3 and fields[2] == str(number):
            return fields[0]
    return str(number)


def _owner_name(ctx, uid):
    return _name_of(ctx, "/etc/passwd", uid)


def _group_name(ctx, gid):
    return _name_of(ctx, "/etc/group", gid)


def _uid_of(ctx, name):
    """The uid of `name` in the evaluated /etc/passwd, or None."""
    for raw in (ctx.read("/etc/passwd") or "").splitlines():
        fields = raw.split(":")
        if len(fields) >= 3 and fields[0] == name and fields[2].isdigit():
            return int(fields[2])
    return None


def _gid_of(ctx, name):
    for raw in (ctx.read("/etc/group") or "").splitlines():
        fields = raw.split(":")
        if len(fields) >= 3 and fields[0] == name and fields[2].isdigit():
            return int(fields[2])
    return None


def _services(ctx):
    return {"RedHat": "smb", "Debian": "smbd"}.get(ctx.family, "smbd")


# ---------------------------------------------------------------- 1 smbd

def check_smbd(ctx):
    """smbd is running and listening for SMB (445)."""
    sockets = listening(ctx)
    if sockets is None:
        return failed(T("cannot list the listening sockets (ss -ltnp failed): run labeval as root"))
    smbd = [(a, p) for a, p, proc in sockets if proc == "smbd"]
    evidence = ["smbd listens on %s" % ", ".join("%s:%d" % s for s in smbd)] if smbd else ["no smbd socket"]
    if not any(p == 445 for _unused, p in smbd):
        return failed(T("smbd is not listening on port 445: systemctl start %(service)s, then journalctl -u "
                        "%(service)s if it does not stay up", service=_services(ctx)), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 2 testparm

def check_testparm(ctx):
    """testparm -s reads smb.conf (and its include files) without errors or unknown parameters."""
    rc, out, err = ctx.run(["testparm", "-s"])
    if rc == 127:
        return failed(T("testparm is not installed: install Samba (apt install samba / dnf install samba)"))
    problems = testparm_problems(err)
    evidence = ["testparm -s: exit %d" % rc] + ["testparm: %s" % p for p in problems]
    if rc != 0:
        return failed(T("testparm -s cannot load smb.conf (%(errors)s): fix the line it names, then "
                        "systemctl restart %(service)s",
                        errors="; ".join(problems) or err.strip() or "exit %d" % rc, service=_services(ctx)),
                      *evidence)
    if problems:
        return failed(T("testparm -s: %(errors)s. Samba ignores such a line, so the setting you wanted does not "
                        "apply: correct the parameter name or value in smb.conf", errors="; ".join(problems)),
                      *evidence)
    names = sorted(smb_shares(parse_smb_conf(out)))
    evidence.append("shares: %s" % (", ".join(names) or "none"))
    return passed(*evidence)


# ---------------------------------------------------------------- 3 share paths

def check_share_paths(ctx):
    """Every share's path exists and is a directory with the owner the lab wants."""
    rc, out, err = ctx.run(["testparm", "-s"])
    if rc != 0:
        return failed(T("testparm -s fails, so the shares cannot be read: fix smb.conf first (check 2)"))
    defined = smb_shares(parse_smb_conf(out))
    wanted = dict((s.get("name", "").lower(), s) for s in section(ctx, "samba", SAMBA_DEFAULTS)["shares"])
    problems = []
    evidence = []
    for name in sorted(wanted):
        if name not in defined:
            problems.append(T("smb.conf has no [%(name)s] share: add it with path = %(path)s",
                              name=name, path=wanted[name].get("path", "/srv/samba/" + name)))
    for name, params in sorted(defined.items()):
        path = params.get("path")
        if not path or "%" in path:  # [homes] and %-paths are per user
            continue
        info = ctx.stat(path)
        if info is None:
            problems.append(T("the path %(path)s of share [%(name)s] does not exist, so connecting to "
                              "\\\\server\\%(name)s fails (tree connect failed: NT_STATUS_BAD_NETWORK_NAME): "
                              "mkdir -p %(path)s and set its owner and mode, or correct \"path =\" in smb.conf",
                              path=path, name=name))
            continue
        if not stat.S_ISDIR(info.st_mode):
            problems.append(T("the path %(path)s of share [%(name)s] is not a directory", path=path, name=name))
            continue
        evidence.append("[%s] %s: %s:%s %04o" % (name, path, _owner_name(ctx, info.st_uid), _group_name(ctx, info.st_gid),
                                                 stat.S_IMODE(info.st_mode)))
        want = wanted.get(name, {})
        owner, group = want.get("owner"), want.get("group")
        if owner:
            uid = _uid_of(ctx, owner)
            if uid is not None and info.st_uid != uid:
                problems.append(T("%(path)s (share [%(name)s]) belongs to %(got)s, not %(owner)s: chown %(owner)s "
                                  "%(path)s", path=path, name=name, got=_owner_name(ctx, info.st_uid), owner=owner))
        if group:
            gid = _gid_of(ctx, group)
            if gid is not None and info.st_gid != gid:
                problems.append(T("%(path)s (share [%(name)s]) has the group %(got)s, not %(group)s: chgrp %(group)s "
                                  "%(path)s", path=path, name=name, got=_group_name(ctx, info.st_gid), group=group))
    if problems:
        return failed(join(problems), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 4 Samba user

def check_samba_user(ctx):
    """The trainee is a Samba user with a password, not disabled."""
    user = ctx.user
    rc, out, err = ctx.run(["pdbedit", "-L", "-w"])
    if rc != 0:
        return failed(T("pdbedit -Lw failed (%(error)s): is Samba installed?", error=err.strip() or "exit %d" % rc))
    account = parse_pdbedit_w(out).get(user)
    if account is None:
        return failed(T("%(user)s is not a Samba user (a Unix password is not enough: Samba keeps its own): "
                        "run smbpasswd -a %(user)s", user=user))
    evidence = ["pdbedit: %s uid %d flags [%s]" % (user, account.uid, account.flags)]
    if account.disabled:
        return failed(T("the Samba account of %(user)s is disabled: smbpasswd -e %(user)s", user=user), *evidence)
    if not account.has_password:
        return failed(T("the Samba account of %(user)s has no password, so every command gets "
                        "NT_STATUS_ACCESS_DENIED: smbpasswd %(user)s", user=user), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 5, 6 smbclient

def _auth_file(ctx):
    path = section(ctx, "samba", SAMBA_DEFAULTS).get("auth_file")
    if not path or not ctx.isfile(path):
        return None, failed(T("no smbclient credentials file %(path)s (the samba role writes it, root only): create "
                              "it with the lines \"username = %(user)s\" and \"password = ...\", chmod 600",
                              path=path, user=ctx.user))
    return path, None


def _smb_error(text):
    for word in (text or "").split():
        if word.startswith("NT_STATUS_"):
            return word.rstrip(".,:;")
    return None


def check_smbclient_list(ctx):
    """smbclient -L //localhost as the trainee lists the shares."""
    path, problem = _auth_file(ctx)
    if problem:
        return problem
    rc, out, err = ctx.run(["smbclient", "-L", "//localhost", "-A", path])
    if rc == 127:
        return failed(T("smbclient is not installed: apt install smbclient / dnf install samba-client"))
    status = _smb_error(out + err)
    if rc != 0 or status:
        fix = T("check the user's Samba password (smbpasswd %(user)s)", user=ctx.user)
        if status == "NT_STATUS_CONNECTION_REFUSED":
            fix = T("smbd is not reachable on localhost: add lo to \"interfaces\" and 127.0.0.1 to \"hosts allow\"")
        elif status in ("NT_STATUS_ACCESS_DENIED", "NT_STATUS_LOGON_FAILURE"):
            fix = T("the user or password is refused: smbpasswd -a %(user)s sets the Samba password", user=ctx.user)
        return failed(T("smbclient -L //localhost -U %(user)s failed (%(status)s): %(fix)s",
                        user=ctx.user, status=status or "exit %d" % rc, fix=fix), *(err.strip().splitlines()[-3:]))
    listed = []
    for raw in out.splitlines():
        fields = raw.split()
        if len(fields) >= 2 and fields[1] in ("Disk", "IPC", "Printer"):
            listed.append(fields[0])
    want = section(ctx, "samba", SAMBA_DEFAULTS).get("public_share")
    evidence = ["smbclient -L lists: %s" % ", ".join(listed)]
    if want and want.lower() not in [n.lower() for n in listed]:
        return failed(T("smbclient -L does not list the share %(share)s: add [%(share)s] to smb.conf (browseable)",
                        share=want), *evidence)
    return passed(*evidence)


def check_put_get(ctx):
    """smbclient puts a file into the public share as the trainee and gets the same bytes back."""
    path, problem = _auth_file(ctx)
    if problem:
        return problem
    share = section(ctx, "samba", SAMBA_DEFAULTS).get("public_share")
    if not share:
        return passed("no public share configured")
    source = ctx.read(PUT_GET_SOURCE)
    if source is None:
        return failed(T("cannot read %(path)s to send", path=PUT_GET_SOURCE))
    commands = "put %s %s; get %s -; del %s" % (PUT_GET_SOURCE, PUT_GET_NAME, PUT_GET_NAME, PUT_GET_NAME)
    rc, out, err = ctx.run(["smbclient", "//localhost/%s" % share, "-A", path, "-c", commands])
    status = _smb_error(out + err)
    evidence = ["smbclient //localhost/%s -c '%s': exit %d%s" % (share, commands, rc,
                                                                 ", %s" % status if status else "")]
    if status == "NT_STATUS_BAD_NETWORK_NAME":
        return failed(T("the share %(share)s cannot be opened (NT_STATUS_BAD_NETWORK_NAME): its path does not "
                        "exist or the share is not defined; see check 3", share=share), *evidence)
    if status == "NT_STATUS_ACCESS_DENIED":
        return failed(T("%(user)s may not write to the share %(share)s (NT_STATUS_ACCESS_DENIED): make the directory "
                        "writable for the user (owner, group or \"force group\") and \"read only = no\"",
                        user=ctx.user, share=share), *evidence)
    if rc != 0 or status:
        return failed(T("put/get through the share %(share)s failed (%(status)s)",
                        share=share, status=status or "exit %d" % rc), *evidence)
    if source.strip() not in out:
        return failed(T("the file read back from the share %(share)s differs from the one sent", share=share),
                      *evidence)
    evidence.append("read back %d bytes" % len(source))
    return passed(*evidence)


# ---------------------------------------------------------------- 10, 11 superserver

def _superserver_type(ctx):
    kind = section(ctx, "superserver", SUPERSERVER_DEFAULTS).get("type")
    if kind in ("xinetd", "systemd"):  # "auto" or nothing: the platform's choice
        return kind
    return "systemd" if ctx.family == REDHAT else "xinetd"


def _service_list(ctx):
    services = []
    for svc in section(ctx, "superserver", SUPERSERVER_DEFAULTS).get("services") or []:
        item = {"bind": "0.0.0.0", "enabled": True}
        item.update(svc)
        services.append(item)
    return services


def check_superserver_running(ctx):
    """The superserver runs: xinetd (Debian) or the enabled services' socket units (EL)."""
    kind = _superserver_type(ctx)
    enabled = [s for s in _service_list(ctx) if s["enabled"]]
    if kind == "xinetd":
        rc, out, _unused = ctx.run(["systemctl", "is-active", "xinetd"])
        state = out.strip() or "unknown"
        if rc != 0:
            return failed(T("xinetd is %(state)s: systemctl enable --now xinetd (its services are in /etc/xinetd.d)",
                            state=state), "xinetd: %s" % state)
        return passed("xinetd: %s" % state)
    evidence = []
    problems = []
    for svc in enabled:
        unit = "%s.socket" % svc["name"]
        rc, out, _unused = ctx.run(["systemctl", "is-active", unit])
        state = out.strip() or "unknown"
        evidence.append("%s: %s" % (unit, state))
        if rc != 0:
            problems.append(T("%(unit)s is %(state)s: systemctl enable --now %(unit)s", unit=unit, state=state))
    if problems:
        return failed(join(problems), *evidence)
    return passed(*(evidence or ["no enabled service"]))


def check_superserver_services(ctx):
    """Each superserver service answers on its port when enabled, and nothing answers when disabled."""
    kind = _superserver_type(ctx)
    where = "/etc/xinetd.d/%s (disable = %s)" if kind == "xinetd" else "%s.socket (systemctl %s)"
    problems = []
    evidence = []
    for svc in _service_list(ctx):
        host = svc["bind"] if svc["bind"] not in ("0.0.0.0", "", "*") else "127.0.0.1"
        state, text = probe(ctx, host, svc["port"])
        evidence.append("%s %s:%s: %s%s" % (svc["name"], host, svc["port"], state, " " + text if text else ""))
        if svc["enabled"] and state not in ("answer", "open"):
            how = where % ((svc["name"], "no") if kind == "xinetd" else (svc["name"], "enable --now " + svc["name"] + ".socket"))
            if state == "closed":
                problems.append(T("%(name)s accepts on %(host)s:%(port)s but closes at once (only_from does not allow "
                                  "%(host)s, or the server program fails): check only_from and the server path",
                                  name=svc["name"], host=host, port=svc["port"]))
            else:
                problems.append(T("%(name)s does not answer on %(host)s:%(port)s (%(state)s): enable it in %(how)s and "
                                  "reload the superserver", name=svc["name"], host=host, port=svc["port"],
                                  state=state, how=how))
        if not svc["enabled"] and state in ("answer", "open", "closed"):
            problems.append(T("%(name)s is disabled but %(host)s:%(port)s accepts connections: set it off (%(how)s) "
                              "or find what else listens there (ss -ltnp)", name=svc["name"], host=host,
                              port=svc["port"], how=where % ((svc["name"], "yes") if kind == "xinetd"
                                                             else (svc["name"], "disable --now"))))
    if problems:
        return failed(join(problems), *evidence)
    return passed(*(evidence or ["no superserver service configured"]))


CHECKS = [
    Check(DAY, 1, "samba/smbd", check_smbd),
    Check(DAY, 2, "samba/testparm", check_testparm),
    Check(DAY, 3, "samba/share-paths", check_share_paths),
    Check(DAY, 4, "samba/user", check_samba_user),
    Check(DAY, 5, "samba/smbclient-list", check_smbclient_list),
    Check(DAY, 6, "samba/put-get", check_put_get),
    Check(DAY, 10, "superserver/running", check_superserver_running),
    Check(DAY, 11, "superserver/services", check_superserver_services),
]
