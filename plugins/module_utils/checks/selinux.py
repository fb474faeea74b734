# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SELinux on EL (graded with day 6): enforcing stays enforcing, the lab's files carry the types the
daemons may use, and no lab daemon was denied anything lately.

On EL a daemon can be configured, running and still refused its own share, data directory or port:
the targeted policy allows smbd only files of type samba_share_t, mysqld only mysqld_db_t, ... A
trainee who turns SELinux off to get past it fails here, and so does one who relabels with chcon (the
next restorecon or relabel undoes it): the fix is always the local rule plus restorecon.

lab.json key "selinux" (role labeval, EL only): {ROLE: {"fcontexts": [{"path": P, "type": T}],
"booleans": [NAME], "ports": [{"port": N, "proto": "tcp", "type": T}], "restore": [P]}} for each
role with SELinux needs, read from the role's own `<role>_selinux` (the same facts its
tasks/selinux.yml applies). A path "~USER/..." is under USER's home. Only the roles the VM runs by its
day and tracks (portmap.roles_for) are checked. Not EL (Debian): nothing to check, PASS saying so.
"""

from __future__ import annotations

import re

from .. import course, portmap
from ..framework import REDHAT, Check, failed, passed, track_of
from ..i18n import T, join

DAY = 6

# Roles that run no daemon of their own come with the roles that need them.
COMPANIONS = {"daemontools": ("tinydns", "dnscache", "qmail")}

# The lab daemons' SELinux domains: (service as the trainee knows it, the file type its data needs,
# the port type it binds). Denials of other domains are not the lab's.
DOMAINS = {
    "smbd_t": ("Samba (smbd)", "samba_share_t", "smbd_port_t"),
    "nmbd_t": ("Samba (nmbd)", "samba_share_t", "nmbd_port_t"),
    "named_t": ("BIND (named)", "named_zone_t", "dns_port_t"),
    "dovecot_t": ("Dovecot", "mail_home_rw_t", "pop_port_t"),
    "dovecot_auth_t": ("Dovecot (auth)", "mail_home_rw_t", None),
    "dovecot_deliver_t": ("Dovecot (deliver)", "mail_home_rw_t", None),
    "mysqld_t": ("MySQL/MariaDB (mysqld)", "mysqld_db_t", "mysqld_port_t"),
    "postfix_master_t": ("Postfix (master)", None, "smtp_port_t"),
    "postfix_smtpd_t": ("Postfix (smtpd)", None, "smtp_port_t"),
    "postfix_local_t": ("Postfix (local)", "mail_home_rw_t", None),
    "stunnel_t": ("stunnel", None, "smtp_port_t"),
    "sshd_t": ("sshd", None, "ssh_port_t"),
    "inetd_t": ("xinetd", None, None),
    "chronyd_t": ("chronyd", None, "ntp_port_t"),
    "svc_run_t": ("daemontools (supervise)", "svc_svc_t", None),
    "svc_start_t": ("daemontools (svscan)", "svc_svc_t", None),
    "qmail_smtpd_t": ("qmail-smtpd", None, "smtp_port_t"),
    "qmail_local_t": ("qmail-local", "mail_home_rw_t", None),
}
FILE_CLASSES = ("file", "dir", "lnk_file", "sock_file", "fifo_file")
HOME_TYPES = ("user_home_dir_t", "user_home_t", "home_root_t")

_CONTEXT = re.compile(r"(?:^|\s)([^\s:]+):([^\s:]+):([^\s:]+):(s\d[^\s]*)(?=\s|$)")
_AVC = re.compile(r"avc:\s+denied\s+\{([^}]*)\}\s+for\s+(.*)$")
_FIELD = re.compile(r'(\w+)=("[^"]*"|\S+)')
_PORT_LINE = re.compile(r"^(\S+_t)\s+(tcp|udp|sctp|dccp)\s+(.+)$")


def _active_roles(ctx, table):
    """The roles of `table` the VM runs by its day and tracks (every role when the day is unknown)."""
    day = ctx.config.get("day")
    if day is None:
        return sorted(table)
    model = dict((track["variable"], track_of(ctx.config, name)) for name, track in course.TRACKS.items())
    running = portmap.roles_for(day, model)
    for role, partners in COMPANIONS.items():
        if any(p in running for p in partners):
            running.append(role)
    return [role for role in sorted(table) if role in running]


def _homes(ctx):
    homes = {}
    for line in (ctx.read("/etc/passwd") or "").splitlines():
        parts = line.split(":")
        if len(parts) >= 6:
            homes[parts[0]] = parts[5]
    return homes


def expand(path, homes):
    """A path ~USER/rest -> USER's home + /rest (None when USER has no account); other paths unchanged."""
    if not path.startswith("~"):
        return path
    user, _unused, rest = path[1:].partition("/")
    home = homes.get(user)
    return None if home is None else home.rstrip("/") + ("/" + rest if rest else "")


def context_type(text):
    """The type of the first SELinux context in `ls -dZ` output (EL 7's long form or EL 8+'s short one)."""
    match = _CONTEXT.search(text or "")
    return match.group(3) if match else None


def fcontext_fix(path, setype):
    return "semanage fcontext -a -t %s '%s(/.*)?' && restorecon -Rv %s" % (setype, path, path)


def parse_ports(text):
    """``semanage port -l`` -> {(type, proto): set of (low, high)}."""
    table = {}
    for line in (text or "").splitlines():
        match = _PORT_LINE.match(line.strip())
        if not match:
            continue
        ranges = table.setdefault((match.group(1), match.group(2)), set())
        for item in match.group(3).split(","):
            low, _unused, high = item.strip().partition("-")
            if low.isdigit():
                ranges.add((int(low), int(high) if high.isdigit() else int(low)))
    return table


def port_has_type(table, setype, proto, port):
    return any(low <= int(port) <= high for low, high in table.get((setype, proto), ()))


def _mode(ctx, evidence):
    """None when SELinux enforces now and after the next boot, else the reason."""
    rc, out, err = ctx.run(["getenforce"])
    if rc == 127:
        return T("getenforce is missing, so the SELinux mode cannot be read: dnf install libselinux-utils")
    mode = out.strip()
    evidence.append("getenforce: %s" % (mode or (err.strip() or "rc %d" % rc)))
    config = ctx.read("/etc/selinux/config")
    boot = None
    for line in (config or "").splitlines():
        if line.strip().startswith("SELINUX="):
            boot = line.split("=", 1)[1].strip().strip("\"'")
    evidence.append("/etc/selinux/config: SELINUX=%s" % (boot if boot is not None else "(none)"))
    problems = []
    if mode == "Disabled":
        problems.append(T("SELinux is disabled: set SELINUX=enforcing in /etc/selinux/config, then touch /.autorelabel "
                          "and reboot (the relabel gives every file its type again)"))
    elif mode != "Enforcing":
        problems.append(T("SELinux is %(mode)s, not Enforcing: setenforce 1 (fix the labels this check names instead "
                          "of switching SELinux off)", mode=mode or "unknown"))
    if mode != "Disabled" and (boot or "").lower() != "enforcing":
        problems.append(T("/etc/selinux/config says SELINUX=%(value)s, so the next boot does not enforce: set "
                          "SELINUX=enforcing", value=boot if boot is not None else "(nothing)"))
    return join(problems) if problems else None


def _label_problem(ctx, role, path, setype, evidence):
    """None when `path` has type `setype` now and after a relabel, else the reason (a FAIL when unreadable)."""
    rc, out, err = ctx.run(["ls", "-dZ", path])
    if rc != 0 and "No such file" in err:
        evidence.append("%s (%s): missing, nothing to label yet" % (path, role))
        return None
    actual = context_type(out) if rc == 0 else None
    if actual is None:
        return T("cannot read the SELinux label of %(path)s (%(role)s): ls -dZ said %(error)s",
                 path=path, role=role, error=(err or out).strip() or "rc %d" % rc)
    rc, out, err = ctx.run(["matchpathcon", "-n", path])
    default = context_type(out) if rc == 0 else None
    evidence.append("%s (%s): %s, policy default %s, wanted %s" % (path, role, actual, default or "?", setype))
    if actual != setype:
        return T("%(path)s has the SELinux type %(actual)s, but %(role)s needs %(type)s there: %(fix)s",
                 path=path, actual=actual, role=role, type=setype, fix=fcontext_fix(path, setype))
    if default is None:
        return T("cannot ask the policy which type %(path)s gets after a relabel: matchpathcon said %(error)s",
                 path=path, error=(err or out).strip() or "rc %d" % rc)
    if default != setype:
        return T("%(path)s has %(type)s now (chcon?), but the policy gives it %(default)s, so the next restorecon or "
                 "relabel takes it away: %(fix)s", path=path, type=setype, default=default,
                 fix=fcontext_fix(path, setype))
    return None


def check_labels(ctx):
    """EL: SELinux enforcing (now and at boot), the lab roles' file types, booleans and ports."""
    if ctx.family != REDHAT:
        return passed("not EL (%s): the lab's SELinux settings are EL's" % (ctx.family or "unknown family"))
    evidence = []
    problems = []
    mode = _mode(ctx, evidence)
    if mode is not None:
        problems.append(mode)
    table = ctx.config.get("selinux") or {}
    roles = _active_roles(ctx, table)
    evidence.append("roles with SELinux needs up to day %s: %s" % (ctx.config.get("day"), ", ".join(roles) or "none"))
    homes = _homes(ctx)
    wanted_ports = []
    for role in roles:
        needs = table.get(role) or {}
        for entry in needs.get("fcontexts") or []:
            path = expand(str(entry["path"]), homes)
            if path is None:
                evidence.append("%s (%s): no such account" % (entry["path"], role))
                continue
            problem = _label_problem(ctx, role, path, str(entry["type"]), evidence)
            if problem is not None:
                problems.append(problem)
        for name in needs.get("booleans") or []:
            rc, out, err = ctx.run(["getsebool", name])
            evidence.append("getsebool %s: %s" % (name, (out or err).strip() or "rc %d" % rc))
            if rc != 0 or not out.strip():
                problems.append(T("cannot read the SELinux boolean %(name)s (%(role)s): %(error)s", name=name, role=role,
                                  error=(err or out).strip() or "rc %d" % rc))
            elif not out.strip().endswith("on"):
                problems.append(T("the SELinux boolean %(name)s is off, but %(role)s needs it: setsebool -P %(name)s on",
                                  name=name, role=role))
        wanted_ports.extend((role, entry) for entry in needs.get("ports") or [])
    if wanted_ports:
        rc, out, err = ctx.run(["semanage", "port", "-l"])
        if rc != 0:
            problems.append(T("cannot list the SELinux port types (semanage port -l: %(error)s): "
                              "dnf install policycoreutils-python-utils",
                              error=(err or out).strip() or "rc %d" % rc))
        else:
            ports = parse_ports(out)
            for role, entry in wanted_ports:
                proto = str(entry.get("proto") or "tcp")
                ok = port_has_type(ports, str(entry["type"]), proto, entry["port"])
                evidence.append("%s/%s (%s): %s %s" % (entry["port"], proto, role, entry["type"], "yes" if ok else "no"))
                if not ok:
                    problems.append(T("port %(port)s/%(proto)s is not of the SELinux type %(type)s, so %(role)s may not "
                                      "use it: semanage port -a -t %(type)s -p %(proto)s %(port)s", port=entry["port"],
                                      proto=proto, type=entry["type"], role=role))
    if problems:
        return failed(join(problems), *evidence)
    return passed(*evidence)


def parse_denials(text):
    """``ausearch -m avc`` raw output -> [dict(perms, comm, domain, ttype, tclass, name, path, port)], one per AVC line.

    An event's PATH record (name="/...") gives the full path when the AVC line has only a base name."""
    denials = []
    for event in re.split(r"^----\s*$", text or "", flags=re.M):
        full_path = None
        for found in re.finditer(r'type=PATH\b.*?\bname="(/[^"]*)"', event):
            full_path = found.group(1)
        for line in event.splitlines():
            match = _AVC.search(line)
            if not match:
                continue
            fields = dict((k, v.strip('"')) for k, v in _FIELD.findall(match.group(2)))
            scontext = fields.get("scontext", "").split(":")
            tcontext = fields.get("tcontext", "").split(":")
            denials.append({
                "perms": match.group(1).strip(),
                "comm": fields.get("comm", "?"),
                "domain": scontext[2] if len(scontext) > 2 else "?",
                "ttype": tcontext[2] if len(tcontext) > 2 else "?",
                "tclass": fields.get("tclass", "?"),
                "name": fields.get("name"),
                "path": fields.get("path") or full_path,
                "port": fields.get("src") if "name_bind" in match.group(1) else fields.get("dest"),
            })
    return denials


def _configured(ctx, name, setype):
    """The lab path of type `setype` whose base name is `name` (from lab.json), or None."""
    homes = _homes(ctx)
    for needs in (ctx.config.get("selinux") or {}).values():
        for entry in (needs or {}).get("fcontexts") or []:
            path = expand(str(entry["path"]), homes)
            if path and entry.get("type") == setype and path.rstrip("/").rsplit("/", 1)[-1] == name:
                return path
    return None


def denial_reason(ctx, denial):
    """The trainee's fix for one lab daemon's denial."""
    service, file_type, port_type = DOMAINS[denial["domain"]]
    what = T("%(service)s was denied %(perms)s on %(target)s (%(tclass)s of type %(ttype)s)", service=service,
             perms=denial["perms"], target=denial["path"] or denial["name"] or denial["port"] or "?",
             tclass=denial["tclass"], ttype=denial["ttype"])
    if denial["domain"] == "smbd_t" and denial["ttype"] in HOME_TYPES:
        return T("%(what)s: a home share needs the boolean: setsebool -P samba_enable_home_dirs on", what=what)
    if denial["tclass"] in FILE_CLASSES and file_type:
        path = denial["path"] or _configured(ctx, denial["name"], file_type)
        if path:
            return T("%(what)s: %(fix)s", what=what, fix=fcontext_fix(path, file_type))
        return T("%(what)s: find the path with ausearch -m avc -ts recent -i, then %(fix)s",
                 what=what, fix=fcontext_fix("PATH", file_type))
    if denial["tclass"].endswith("_socket") and denial["port"] and port_type:
        proto = "udp" if denial["tclass"].startswith("udp") else "tcp"
        return T("%(what)s: semanage port -a -t %(type)s -p %(proto)s %(port)s", what=what, type=port_type,
                 proto=proto, port=denial["port"])
    return T("%(what)s: ausearch -m avc -ts recent | audit2why says which type or boolean it needs", what=what)


def check_denials(ctx):
    """EL: no lab daemon met an SELinux denial in the last 10 minutes (ausearch -ts recent)."""
    if ctx.family != REDHAT:
        return passed("not EL (%s): no SELinux audit log to read" % (ctx.family or "unknown family"))
    argv = ["ausearch", "-m", "avc", "-ts", "recent"]
    rc, out, err = ctx.run(argv)
    command = " ".join(argv)
    if rc == 127:
        return failed(T("ausearch is missing, so the SELinux denials cannot be read: dnf install audit, then "
                        "systemctl enable --now auditd"))
    if rc != 0 and "<no matches>" in (out + err):
        return passed("%s: no denials" % command)
    if rc != 0 or not out.strip():
        return failed(T("%(command)s failed: %(error)s", command=command, error=(err or out).strip() or "rc %d" % rc))
    denials = parse_denials(out)
    if not denials:
        return failed(T("%(command)s answered, but no AVC record could be read in it", command=command),
                      out.strip().splitlines()[0])
    lab = [d for d in denials if d["domain"] in DOMAINS]
    evidence = ["%s: %d denials, %d of lab daemons" % (command, len(denials), len(lab))]
    for d in denials:
        evidence.append("%s (%s) denied {%s} %s %s %s" % (d["comm"], d["domain"], d["perms"], d["tclass"], d["ttype"],
                                                          d["path"] or d["name"] or d["port"] or ""))
    reasons = []
    for denial in lab:
        reason = denial_reason(ctx, denial)
        if reason not in reasons:
            reasons.append(reason)
    if reasons:
        return failed(join(reasons), *evidence)
    return passed(*evidence)


CHECKS = [
    Check(DAY, 21, "selinux/labels", check_labels),
    Check(DAY, 22, "selinux/denials", check_denials),
]
