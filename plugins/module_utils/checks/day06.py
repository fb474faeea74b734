# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Day 6, environment set-up: host name, network settings, resolver, trainee account.

Each check reads the evaluated system through the Context (files under
ctx.root, commands through ctx.run) and returns a Result whose reason says
what is wrong and how to fix it, in the trainee's terms.
"""

from __future__ import annotations

import ipaddress
import posixpath
import re
import stat

from ..framework import Check, DEBIAN, REDHAT, failed, parse_os_release, passed
from ..i18n import T, join
from ..ifcfg import (
    check_file,
    gateway_is_none,
    has_backup_suffix,
    is_read_by_initscripts,
    looks_like_backup as ifcfg_looks_like_backup,
    parse_ifcfg,
)
from ..nmkeyfile import (
    check_keyfile,
    ifcfg_is_read as nm_reads_ifcfg,
    keyfile_addresses,
    keyfile_gateway,
    keyfile_is_read,
    keyfile_looks_like_copy,
    parse_keyfile,
)
from ..ifupdown import (
    check_stanza,
    find_iface,
    looks_like_backup as ifupdown_looks_like_backup,
    parse_interfaces,
    read_by_source_directory,
    stanza_address,
)

DAY = 6

HOSTS = "/etc/hosts"
RESOLV = "/etc/resolv.conf"
PASSWD = "/etc/passwd"
SHADOW = "/etc/shadow"
SHELLS = "/etc/shells"
SCRIPTS_DIR = "/etc/sysconfig/network-scripts"
SYSCONFIG_NETWORK = "/etc/sysconfig/network"
INTERFACES = "/etc/network/interfaces"
INTERFACES_D = "/etc/network/interfaces.d"
BACKUP_DIR = "/root/backup"
NM_DIR = "/etc/NetworkManager/system-connections"


# ---------------------------------------------------------------- helpers

def _fqdn(ctx):
    host = ctx.config["hostname"]
    domain = (ctx.config.get("domain") or "").strip(".")
    return "%s.%s" % (host, domain) if domain else host


def _ip(text):
    try:
        return ipaddress.ip_address(str(text).strip())
    except ValueError:
        return None


def _same_ip(a, b):
    ia, ib = _ip(a), _ip(b)
    if ia is None or ib is None:
        return str(a).strip() == str(b).strip()
    return ia == ib


def _is_loopback(text):
    ip = _ip(text)
    return ip is not None and ip.is_loopback


def _netmask_prefix(netmask):
    try:
        return ipaddress.IPv4Network("0.0.0.0/%s" % netmask.strip()).prefixlen
    except ValueError:
        return None


def _where(path, line):
    return T("%(path)s line %(line)d", path=path, line=line) if line else path


def _ifcfg_path(ctx):
    return "%s/ifcfg-%s" % (SCRIPTS_DIR, ctx.config["device"])


def _unknown_family(ctx):
    return failed(T("cannot tell whether this is a RedHat or a Debian system (no known ID in "
                    "/etc/os-release): set \"family\" in the lab configuration"))


def _el_major(ctx):
    """The EL major version: lab.json's "el_major", else /etc/os-release (VERSION_ID, VERSION), else
    /etc/redhat-release (CentOS 5/6 have no os-release); None when unknown."""
    if ctx.config.get("el_major"):
        return int(ctx.config["el_major"])
    info = parse_os_release(ctx.read("/etc/os-release") or ctx.read("/usr/lib/os-release"))
    for key in ("VERSION_ID", "VERSION"):
        m = re.match(r"\s*(\d+)", info.get(key, ""))
        if m:
            return int(m.group(1))
    m = re.search(r"release\s+(\d+)", ctx.read("/etc/redhat-release") or "")
    return int(m.group(1)) if m else None


def _networkmanager_owns(ctx):
    """EL 8 and later: NetworkManager applies the address. EL 7 and older (or unknown): network-scripts."""
    if ctx.family != REDHAT:
        return False
    major = _el_major(ctx)
    return major is not None and major >= 8


class _NMProfile(object):
    __slots__ = ("kind", "path", "parsed", "device", "id", "autoconnect")

    def __init__(self, kind, path, parsed):
        self.kind, self.path, self.parsed = kind, path, parsed
        if kind == "keyfile":
            self.device, self.id, self.autoconnect = parsed.device, parsed.id, parsed.autoconnect
        else:
            self.device = parsed.device
            self.id = parsed.get("NAME") or "System " + parsed.device
            self.autoconnect = (parsed.get("ONBOOT") or "yes").lower() != "no"

    @property
    def name(self):
        return self.path.rsplit("/", 1)[-1]


def _nm_profiles(ctx):
    """What NetworkManager loads on EL 8/9: (profiles, insecure keyfiles, unmanaged ifcfg files).

    Keyfiles: every name in NM_DIR but hidden ones, ~ and temporaries; one that group or others may read
    is ignored. ifcfg files: the names the ifcfg-rh plugin reads; NM_CONTROLLED=no leaves the device
    unmanaged (the file is no profile then)."""
    profiles, insecure, unmanaged = [], [], []
    for name in ctx.listdir(NM_DIR):
        path = "%s/%s" % (NM_DIR, name)
        if not (keyfile_is_read(name) and ctx.isfile(path)):
            continue
        info = ctx.stat(path)
        kf = parse_keyfile(ctx.read(path) or "", path)
        if info is not None and stat.S_IMODE(info.st_mode) & 0o077:
            insecure.append((kf, stat.S_IMODE(info.st_mode)))
        elif not kf.findings:
            profiles.append(_NMProfile("keyfile", path, kf))
    for name in ctx.listdir(SCRIPTS_DIR):
        path = "%s/%s" % (SCRIPTS_DIR, name)
        if not (nm_reads_ifcfg(name) and ctx.isfile(path)):
            continue
        ifc = parse_ifcfg(ctx.read(path) or "", path)
        if (ifc.get("NM_CONTROLLED") or "yes").lower() in ("no", "n", "false", "0", "off"):
            unmanaged.append(ifc)
        else:
            profiles.append(_NMProfile("ifcfg", path, ifc))
    return profiles, insecure, unmanaged


def _device_profiles(ctx, profiles):
    """The lab device's profiles that come up at boot (autoconnect)."""
    device = ctx.config["device"]
    return [p for p in profiles if p.device == device and p.autoconnect]


def _nm_add_command(ctx):
    device = ctx.config["device"]
    return ("nmcli connection add type ethernet con-name %s ifname %s ipv4.method manual ipv4.addresses %s/%d"
            % (device, device, ctx.config["address"], int(ctx.config["prefix"])))


def _plain_lines(text, comment="#"):
    """(line number, fields) of the lines that are not blank or comments."""
    for number, raw in enumerate((text or "").splitlines(), 1):
        line = raw.split(comment, 1)[0].strip() if comment else raw.strip()
        if line:
            yield number, line.split()


def _finding_text(finding):
    """A validator's finding as a reason (its message and fix stay English)."""
    message = finding.message.rstrip(".")
    fix = (finding.fix or "").rstrip(".")
    if finding.line:
        if fix:
            return T("line %(line)d: %(message)s: %(fix)s", line=finding.line, message=message, fix=fix)
        return T("line %(line)d: %(message)s", line=finding.line, message=message)
    if fix:
        return T("%(message)s: %(fix)s", message=message, fix=fix)
    return message


def _is_check4_finding(finding):
    """GATEWAY, NM_CONTROLLED and PEERDNS findings belong to network/gateway, not network/address."""
    code = (finding.code or "").lower()
    return "gateway" in code or code.startswith("ifcfg-yes-no")


def _read_interfaces(ctx):
    """/etc/network/interfaces and the files it sources, parsed, in ifupdown's order."""
    files = []
    seen = set()

    def load(path, depth):
        if path in seen or depth > 10:
            return
        seen.add(path)
        text = ctx.read(path)
        if text is None:
            return
        parsed = parse_interfaces(text, path)
        files.append(parsed)
        for kind, argument, _unused in parsed.sources:
            pattern = argument if argument.startswith("/") else posixpath.join(posixpath.dirname(path), argument)
            for match in ctx.glob(pattern):
                if kind == "source":
                    if ctx.isfile(match):
                        load(match, depth + 1)
                elif ctx.isdir(match):
                    for name in ctx.listdir(match):
                        if read_by_source_directory(name):
                            load(posixpath.join(match, name), depth + 1)

    load(INTERFACES, 0)
    return files


def _unread_stanza(ctx, device):
    """A file in interfaces.d with an iface stanza for device (used when ifupdown does not read it)."""
    for name in ctx.listdir(INTERFACES_D):
        path = "%s/%s" % (INTERFACES_D, name)
        text = ctx.read(path) if ctx.isfile(path) else None
        if text and find_iface([parse_interfaces(text, path)], device, "inet") is not None:
            return path
    return None


def _first_value(value):
    """ifupdown joins a repeated option with newlines: the first value."""
    return (value or "").split("\n", 1)[0]


# ---------------------------------------------------------------- 1 hostname

def check_hostname(ctx):
    """hostname -s is the lab's host name and hostname -f its FQDN."""
    want_short = ctx.config["hostname"]
    want_fqdn = _fqdn(ctx)
    hosts_line = "%s %s %s" % (ctx.config["address"], want_fqdn, want_short)
    rc_s, out_s, err_s = ctx.run(["hostname", "-s"])
    rc_f, out_f, err_f = ctx.run(["hostname", "-f"])
    short, full = out_s.strip(), out_f.strip()
    evidence = ["hostname -s: %s" % (short if rc_s == 0 else "failed (%s)" % (err_s.strip() or rc_s)),
                "hostname -f: %s" % (full if rc_f == 0 else "failed (%s)" % (err_f.strip() or rc_f))]
    problems = []
    if rc_s != 0:
        problems.append(T("hostname -s failed (%(error)s)", error=err_s.strip() or "exit %d" % rc_s))
    elif short.lower() != want_short.lower():
        problems.append(T("the host name is \"%(short)s\", not \"%(want)s\": run hostnamectl set-hostname %(fqdn)s",
                          short=short, want=want_short, fqdn=want_fqdn))
    if rc_f != 0:
        problems.append(T("hostname -f cannot find the full name (%(error)s): add \"%(line)s\" to /etc/hosts",
                          error=err_f.strip() or "exit %d" % rc_f, line=hosts_line))
    elif full.lower() != want_fqdn.lower():
        if short and full.lower() == short.lower():
            problems.append(T("hostname -f gives \"%(full)s\", not \"%(fqdn)s\": in /etc/hosts write \"%(line)s\", "
                              "the full name first", full=full, fqdn=want_fqdn, line=hosts_line))
        else:
            problems.append(T("hostname -f gives \"%(full)s\", not \"%(fqdn)s\": run hostnamectl set-hostname "
                              "%(fqdn)s and write \"%(line)s\" in /etc/hosts",
                              full=full, fqdn=want_fqdn, line=hosts_line))
    if problems:
        return failed(join(problems), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 2 /etc/hosts

def check_hosts(ctx):
    """/etc/hosts maps the lab address to the FQDN (first) and the short name."""
    address = ctx.config["address"]
    short = ctx.config["hostname"].lower()
    fqdn = _fqdn(ctx).lower()
    want = "%s %s %s" % (address, _fqdn(ctx), ctx.config["hostname"])
    text = ctx.read(HOSTS)
    if text is None:
        return failed(T("%(path)s does not exist: create it with the line \"%(line)s\"", path=HOSTS, line=want))
    problems = []
    evidence = []
    lab_lines = []
    for number, fields in _plain_lines(text):
        addr, names = fields[0], [n.lower() for n in fields[1:]]
        ours = [n for n in (fqdn, short) if n in names]
        if _same_ip(addr, address):
            lab_lines.append((number, fields))
            evidence.append("line %d: %s" % (number, " ".join(fields)))
            continue
        if not ours:
            continue
        evidence.append("line %d: %s" % (number, " ".join(fields)))
        if _is_loopback(addr):
            problems.append(T("line %(line)d maps %(names)s to the loopback address %(addr)s, so the host name "
                              "resolves to %(addr)s instead of %(address)s: take the name off that line",
                              line=number, names=join(ours, " and "), addr=addr, address=address))
        else:
            problems.append(T("line %(line)d maps %(names)s to %(addr)s, not to the lab address %(address)s: "
                              "fix the address", line=number, names=join(ours, " and "), addr=addr, address=address))
    named = [(n, f) for n, f in lab_lines if fqdn in [x.lower() for x in f[1:]]]
    if not lab_lines:
        problems.append(T("no line maps the lab address %(address)s: add \"%(want)s\"", address=address, want=want))
    elif not named:
        number = lab_lines[0][0]
        problems.append(T("line %(line)d maps %(address)s but not to %(fqdn)s: write \"%(want)s\"",
                          line=number, address=address, fqdn=_fqdn(ctx), want=want))
    else:
        number, fields = named[0]
        names = [x.lower() for x in fields[1:]]
        if names[0] != fqdn:
            problems.append(T("line %(line)d names %(first)s before %(fqdn)s: the first name is the canonical one "
                              "(what hostname -f shows), so write \"%(want)s\"",
                              line=number, first=fields[1], fqdn=_fqdn(ctx), want=want))
        if short not in names:
            problems.append(T("line %(line)d lacks the short name %(short)s: write \"%(want)s\"",
                              line=number, short=ctx.config["hostname"], want=want))
    if problems:
        return failed(join(problems), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 3 network/address

def _address_redhat(ctx):
    device = ctx.config["device"]
    address = ctx.config["address"]
    prefix = int(ctx.config["prefix"])
    path = _ifcfg_path(ctx)
    text = ctx.read(path)
    if text is None:
        return failed(T("%(path)s does not exist: create it with DEVICE=%(device)s, BOOTPROTO=none, ONBOOT=yes, "
                        "IPADDR=%(address)s, PREFIX=%(prefix)d", path=path, device=device, address=address,
                        prefix=prefix))
    return _address_ifcfg(ctx, parse_ifcfg(text, path))


def _address_ifcfg(ctx, ifc):
    address = ctx.config["address"]
    prefix = int(ctx.config["prefix"])
    path = ifc.path
    name = path.rsplit("/", 1)[-1]
    problems = []
    evidence = []

    def show(key):
        if key in ifc.values:
            evidence.append("%s: %s=%s" % (_where(name, ifc.lines.get(key)), key, ifc.values[key]))

    for key in ("DEVICE", "BOOTPROTO", "ONBOOT", "IPADDR", "PREFIX", "NETMASK"):
        show(key)
    # Malformed values (IPADDR=192.168.0.300, PREFIX=abc, ONBOOT=maybe, BOOTPROTO=Static...) are
    # explained by check_file below; here only well-formed values that differ from the lab's.
    ipaddr = ifc.get("IPADDR")
    if ipaddr is None or ipaddr == "":
        problems.append(T("IPADDR is not set: write IPADDR=%(address)s", address=address))
    elif _ip(ipaddr) is not None and not _same_ip(ipaddr, address):
        problems.append(T("IPADDR=%(got)s, not the lab address %(address)s: write IPADDR=%(address)s",
                          got=ipaddr, address=address))
    prefix_text, netmask = ifc.get("PREFIX"), ifc.get("NETMASK")
    if prefix_text:  # initscripts use PREFIX when both are set
        if prefix_text.isdigit() and int(prefix_text) != prefix:
            problems.append(T("PREFIX=%(got)s, not %(prefix)d: write PREFIX=%(prefix)d",
                              got=prefix_text, prefix=prefix))
    elif netmask:
        got = _netmask_prefix(netmask)
        if got is not None and got != prefix:
            problems.append(T("NETMASK=%(netmask)s is a /%(got)d netmask, not /%(prefix)d: write PREFIX=%(prefix)d",
                              netmask=netmask, got=got, prefix=prefix))
    else:
        problems.append(T("neither PREFIX nor NETMASK is set (initscripts then guess the old class-based "
                          "prefix): write PREFIX=%(prefix)d", prefix=prefix))
    onboot = ifc.get("ONBOOT")
    if onboot is None:
        problems.append(T("ONBOOT is not set: write ONBOOT=yes"))
    elif onboot.lower() == "no":
        problems.append(T("ONBOOT=%(onboot)s: the interface does not come up at boot; write ONBOOT=yes", onboot=onboot))
    bootproto = ifc.get("BOOTPROTO")
    if bootproto in ("dhcp", "bootp"):
        problems.append(T("BOOTPROTO=%(bootproto)s asks a server for a dynamic address, but the lab's is static: "
                          "write BOOTPROTO=none", bootproto=bootproto))
    for finding in check_file(ifc, allow_gateway=True):
        if finding.is_error and not _is_check4_finding(finding) and finding.code != "ifcfg-ipaddr-missing":
            problems.append(_finding_text(finding))
    if problems:
        return failed(T("%(path)s: %(problems)s", path=path, problems=join(problems)), *evidence)
    return passed(*evidence)


def _address_debian(ctx):
    device = ctx.config["device"]
    address = ctx.config["address"]
    prefix = int(ctx.config["prefix"])
    stanza_text = "auto %s / iface %s inet static / address %s/%d" % (device, device, address, prefix)
    files = _read_interfaces(ctx)
    if not files:
        return failed(T("%(path)s does not exist: create it with %(stanza)s", path=INTERFACES, stanza=stanza_text))
    stanza = find_iface(files, device, "inet")
    if stanza is None:
        unread = _unread_stanza(ctx, device)
        if unread:
            return failed(T("%(unread)s has the iface %(device)s stanza, but %(interfaces)s does not read it: "
                            "add \"source %(directory)s/*\" to %(interfaces)s", unread=unread, device=device,
                            interfaces=INTERFACES, directory=INTERFACES_D),
                          *["read: %s" % f.path for f in files])
        return failed(T("no \"iface %(device)s inet\" stanza in %(interfaces)s or the files it sources: add %(stanza)s",
                        device=device, interfaces=INTERFACES, stanza=stanza_text),
                      *["read: %s" % f.path for f in files])
    path = stanza.path or INTERFACES
    where = _where(path, stanza.line)
    evidence = ["%s: iface %s %s %s" % (where, stanza.name, stanza.family, stanza.method)]
    for key in ("address", "netmask"):
        if key in stanza.options:
            evidence.append("%s: %s %s" % (_where(path, stanza.option_lines.get(key)), key,
                                           _first_value(stanza.options[key])))
    problems = []
    if stanza.method != "static":
        problems.append(T("iface %(device)s inet %(method)s is not static: write iface %(device)s inet static",
                          device=device, method=stanza.method))
    else:
        # Missing or malformed values are explained by check_stanza below.
        got, got_prefix = stanza_address(stanza)
        if "address" not in stanza.options:
            problems.append(T("no address line: write address %(address)s/%(prefix)d", address=address, prefix=prefix))
        elif got is not None and not _same_ip(got, address):
            problems.append(T("address %(got)s, not the lab address %(address)s: write address %(address)s/%(prefix)d",
                              got=got, address=address, prefix=prefix))
        if got is not None and got_prefix is not None and int(got_prefix) != prefix:
            problems.append(T("prefix /%(got)s, not /%(prefix)d: write address %(address)s/%(prefix)d",
                              got=got_prefix, prefix=prefix, address=address))
    if not any(device in f.auto for f in files):
        problems.append(T("no \"auto %(device)s\" line, so %(device)s is not brought up at boot: add "
                          "\"auto %(device)s\" before the iface line", device=device))
    for finding in check_stanza(stanza, path, allow_gateway=True):
        if finding.is_error and not _is_check4_finding(finding) and finding.code != "ifupdown-address-missing":
            problems.append(_finding_text(finding))
    for parsed in files:  # a fatal syntax error makes ifupdown refuse a whole file
        for finding in parsed.findings:
            if finding.is_error:
                problems.append(T("%(path)s %(finding)s", path=parsed.path, finding=_finding_text(finding)))
    if problems:
        return failed(T("%(path)s: %(problems)s", path=where, problems=join(problems)), *evidence)
    return passed(*evidence)


def _address_keyfile(ctx, kf):
    """One keyfile profile of the lab device: static (method=manual) with the lab address and prefix."""
    address, prefix = ctx.config["address"], int(ctx.config["prefix"])
    want = "%s/%d" % (address, prefix)
    evidence = ["%s: %s=%s" % (kf.name, key, kf.get("ipv4", key)) for key in ("method",) if kf.get("ipv4", key)]
    evidence += ["%s: %s=%s" % (kf.name, key, kf.get("ipv4", key)) for key in sorted(set(
        k for k, _unused, _unused, _unused in keyfile_addresses(kf)))]
    problems = []
    method = kf.get("ipv4", "method") or "auto"
    first = keyfile_addresses(kf)[:1]
    if method == "auto":
        problems.append(T("ipv4.method is auto, so NetworkManager asks a DHCP server, but the lab's address is "
                          "static: nmcli connection modify %(profile)s ipv4.method manual ipv4.addresses %(want)s",
                          profile=kf.id, want=want))
    elif method == "manual" and first:
        _unused, got, got_prefix, _unused = first[0]
        if _ip(got) is not None and not _same_ip(got, address) or (got_prefix or "24") != str(prefix):
            problems.append(T("the address is %(got)s, not %(want)s: nmcli connection modify %(profile)s "
                              "ipv4.addresses %(want)s", got="%s/%s" % (got, got_prefix or "24"), want=want,
                              profile=kf.id))
    for finding in check_keyfile(kf, allow_gateway=True):
        if finding.is_error and "gateway" not in (finding.code or ""):
            problems.append(_finding_text(finding))
    if problems:
        return failed(T("%(path)s: %(problems)s", path=kf.path, problems=join(problems)), *evidence)
    return passed(*evidence)


def _address_nm(ctx):
    """EL 8/9: the profiles NetworkManager brings up on the lab device carry the lab address."""
    device = ctx.config["device"]
    profiles, insecure, unmanaged = _nm_profiles(ctx)
    mine = _device_profiles(ctx, profiles)
    if not mine:
        for kf, mode in insecure:
            if kf.device == device:
                return failed(T("%(path)s has mode %(mode)s, and NetworkManager ignores a profile that group or "
                                "others may read: chmod 600 %(path)s && nmcli connection reload && nmcli connection "
                                "up %(profile)s", path=kf.path, mode="%04o" % mode, profile=kf.id))
        for ifc in unmanaged:
            if ifc.device == device:
                return failed(T("%(path)s says NM_CONTROLLED=%(value)s, so NetworkManager leaves %(device)s alone, "
                                "and EL 8/9 have no network-scripts to configure it instead: remove that file (keep "
                                "a copy in %(backup)s) and run %(command)s", path=ifc.path,
                                value=ifc.get("NM_CONTROLLED"), device=device, backup=BACKUP_DIR,
                                command=_nm_add_command(ctx)))
        return failed(T("NetworkManager has no connection profile for %(device)s that comes up at boot (none in "
                        "%(keyfiles)s or %(scripts)s): %(command)s && nmcli connection up %(device)s",
                        device=device, keyfiles=NM_DIR, scripts=SCRIPTS_DIR, command=_nm_add_command(ctx)))
    evidence, problems = [], []
    for profile in mine:
        result = (_address_keyfile(ctx, profile.parsed) if profile.kind == "keyfile"
                  else _address_ifcfg(ctx, profile.parsed))
        evidence.extend(result.evidence or ["%s: profile %s" % (profile.name, profile.id)])
        if not result.ok:
            problems.append(result.reason)
    if problems:
        return failed(join(problems), *evidence)
    return passed(*evidence)


def _address_applied(ctx, on_disk):
    """The address the kernel really has on the lab device (ip -o -4 addr), after the file check passed."""
    device, address, prefix = ctx.config["device"], ctx.config["address"], int(ctx.config["prefix"])
    rc, out, err = ctx.run(["ip", "-o", "-4", "addr", "show", "dev", device])
    if rc == 127:
        return failed(T("the ip command is missing, so the address in use cannot be read: install iproute2 "
                        "(Debian: iproute2, EL: iproute)"), *on_disk.evidence)
    applied = [fields[3] for fields in (line.split() for line in out.splitlines())
               if len(fields) > 3 and fields[2] == "inet"]
    evidence = list(on_disk.evidence) + ["ip addr show dev %s: %s" % (device, " ".join(applied) or
                                                                      (err.strip() or "no IPv4 address"))]
    want = "%s/%d" % (address, prefix)
    if rc != 0 or want not in applied:
        if _networkmanager_owns(ctx):
            apply = T("nmcli connection reload && nmcli connection up %(device)s", device=device)
        elif ctx.family == REDHAT:
            apply = T("systemctl restart network (or ifdown %(device)s; ifup %(device)s)", device=device)
        else:
            apply = T("ifdown %(device)s && ifup %(device)s", device=device)
        return failed(T("the file is right but %(device)s has %(applied)s, not %(want)s: the setting is not in use "
                        "yet. Apply it: %(apply)s, then check with ip addr show %(device)s", device=device,
                        applied=" ".join(applied) or T("no IPv4 address"), want=want, apply=apply), *evidence)
    return passed(*evidence)


def check_address(ctx):
    """The lab device has the lab address and prefix, statically, at boot, and has it now."""
    if _networkmanager_owns(ctx):
        result = _address_nm(ctx)
    elif ctx.family == REDHAT:
        result = _address_redhat(ctx)
    elif ctx.family == DEBIAN:
        result = _address_debian(ctx)
    else:
        return _unknown_family(ctx)
    return _address_applied(ctx, result) if result.ok else result


# ---------------------------------------------------------------- 4 network/gateway

def _gateway_redhat(ctx):
    want = ctx.config.get("gateway") or ""
    path = _ifcfg_path(ctx)
    name = path.rsplit("/", 1)[-1]
    text = ctx.read(path)
    if text is None:
        return failed(T("%(path)s does not exist: create it (see network/address)", path=path))
    ifc = parse_ifcfg(text, path)
    evidence = []
    gateway, source = None, None
    net_text = ctx.read(SYSCONFIG_NETWORK)
    if net_text is not None:
        net = parse_ifcfg(net_text, SYSCONFIG_NETWORK)
        if "GATEWAY" in net.values:
            gateway = net.values["GATEWAY"]
            source = _where(SYSCONFIG_NETWORK, net.lines.get("GATEWAY"))
            evidence.append("%s: GATEWAY=%s" % (source, gateway))
    if "GATEWAY" in ifc.values:  # read after the network file: it wins
        gateway = ifc.values["GATEWAY"]
        source = _where(name, ifc.lines.get("GATEWAY"))
        evidence.append("%s: GATEWAY=%s" % (source, gateway))
    problems = []
    if not want:
        if not gateway_is_none(gateway):
            problems.append(T("%(source)s sets GATEWAY=%(gateway)s, but the lab network has no default gateway: "
                              "leave GATEWAY empty or write GATEWAY=no (only an empty value, no or NO mean no "
                              "gateway; old initscripts accept a meaningless value such as GATEWAY=1 "
                              "without a word, so the mistake goes unnoticed)", source=source, gateway=gateway))
    else:
        if gateway_is_none(gateway):
            problems.append(T("no GATEWAY is set: write GATEWAY=%(want)s in %(name)s", want=want, name=name))
        elif not _same_ip(gateway, want):
            problems.append(T("%(source)s sets GATEWAY=%(gateway)s, not the lab's gateway %(want)s: "
                              "write GATEWAY=%(want)s", source=source, gateway=gateway, want=want))
    for key, option, teach in (
            ("NM_CONTROLLED", "nm_controlled",
             T("NetworkManager would manage %(device)s and may rewrite its settings", device=ctx.config["device"])),
            ("PEERDNS", "peerdns", T("the interface may rewrite /etc/resolv.conf"))):
        want_value = str(ctx.config.get(option))
        if key not in ifc.values:
            problems.append(T("%(key)s is not set in %(name)s (it then counts as yes): write %(key)s=%(want)s",
                              key=key, name=name, want=want_value))
            continue
        got = ifc.values[key]
        evidence.append("%s: %s=%s" % (_where(name, ifc.lines.get(key)), key, got))
        if got == want_value:
            continue
        if got.lower() == want_value.lower():
            problems.append(T("%(key)s=%(got)s: write it in lower case, %(key)s=%(want)s (some initscripts compare "
                              "the exact word, so %(got)s may count as the opposite)",
                              key=key, got=got, want=want_value))
        elif want_value == "no":
            problems.append(T("%(key)s=%(got)s, the lab wants %(key)s=%(want)s (%(why)s)",
                              key=key, got=got, want=want_value, why=teach))
        else:
            problems.append(T("%(key)s=%(got)s, the lab wants %(key)s=%(want)s", key=key, got=got, want=want_value))
    if problems:
        return failed(join(problems), *evidence)
    if gateway is None:
        evidence.append("GATEWAY not set")
    return passed(*evidence)


def _gateway_debian(ctx):
    want = ctx.config.get("gateway") or ""
    device = ctx.config["device"]
    files = _read_interfaces(ctx)
    stanza = find_iface(files, device, "inet") if files else None
    if stanza is None:
        return failed(T("no \"iface %(device)s inet\" stanza in %(interfaces)s or the files it sources "
                        "(see network/address)", device=device, interfaces=INTERFACES))
    evidence = []
    problems = []
    if not want:
        # ifupdown has no "no" spelling: no gateway means no gateway line, in any inet stanza.
        for parsed in files:
            for item in parsed.stanzas:
                if item.kind != "iface" or item.family != "inet" or "gateway" not in item.options:
                    continue
                value = _first_value(item.options["gateway"])
                where = _where(item.path or parsed.path, item.option_lines.get("gateway") or item.line)
                evidence.append("%s: gateway %s (iface %s)" % (where, value, item.name))
                problems.append(T("%(where)s: \"gateway %(gateway)s\" in iface %(iface)s, but the lab network has "
                                  "no default gateway: remove the line", where=where, gateway=value, iface=item.name))
    else:
        got = _first_value(stanza.options.get("gateway"))
        evidence.append("iface %s: gateway %s" % (device, got or "(none)"))
        if not got:
            problems.append(T("iface %(device)s has no gateway: add \"gateway %(want)s\" under its iface line",
                              device=device, want=want))
        elif not _same_ip(got, want):
            problems.append(T("iface %(device)s has gateway %(got)s, not the lab's %(want)s: "
                              "write \"gateway %(want)s\"", device=device, got=got, want=want))
    if problems:
        return failed(join(problems), *evidence)
    return passed(*(evidence or ["no gateway line"]))


def _gateway_nm(ctx):
    """EL 8/9: no gateway in the device's profiles, NetworkManager manages the device, no default route on it."""
    want = ctx.config.get("gateway") or ""
    device = ctx.config["device"]
    profiles, _unused, unmanaged = _nm_profiles(ctx)
    mine = _device_profiles(ctx, profiles)
    evidence, problems = [], []
    for ifc in unmanaged:
        if ifc.device == device:
            evidence.append("%s: NM_CONTROLLED=%s" % (_where(ifc.name, ifc.lines.get("NM_CONTROLLED")),
                                                      ifc.get("NM_CONTROLLED")))
            problems.append(T("%(path)s says NM_CONTROLLED=%(value)s: on EL 8/9 NetworkManager then leaves "
                              "%(device)s alone and nothing else configures it (NM_CONTROLLED=no belongs to EL 7's "
                              "network-scripts): remove the line", path=ifc.path, value=ifc.get("NM_CONTROLLED"),
                              device=device))
    net = None
    net_text = ctx.read(SYSCONFIG_NETWORK)
    if net_text is not None:
        net = parse_ifcfg(net_text, SYSCONFIG_NETWORK)
    for profile in mine:
        if profile.kind == "keyfile":
            gateway, key = keyfile_gateway(profile.parsed)
            source = _where(profile.name, profile.parsed.lines.get(("ipv4", key)))
        else:
            ifc = profile.parsed
            gateway, source = ifc.get("GATEWAY"), _where(profile.name, ifc.lines.get("GATEWAY"))
            if not gateway and net is not None and net.get("GATEWAY"):
                # NetworkManager's ifcfg-rh reads the network file's GATEWAY when the ifcfg file has none.
                gateway, source = net.get("GATEWAY"), _where(SYSCONFIG_NETWORK, net.lines.get("GATEWAY"))
            if gateway and _ip(gateway) is None:
                evidence.append("%s: GATEWAY=%s" % (source, gateway))
                problems.append(T("%(source)s: GATEWAY=%(gateway)s is no address, and on EL 8/9 NetworkManager then "
                                  "rejects the whole profile %(profile)s (only an empty GATEWAY= or no GATEWAY line "
                                  "means no gateway there; GATEWAY=no was EL 7's spelling): remove the line",
                                  source=source, gateway=gateway, profile=profile.id))
                continue
        evidence.append("%s: gateway %s" % (source, gateway) if gateway else "%s: no gateway" % profile.name)
        if not want and gateway:
            problems.append(T("%(source)s sets the gateway %(gateway)s, but the lab network has no default gateway: "
                              "nmcli connection modify %(profile)s ipv4.gateway '' && nmcli connection up %(profile)s",
                              source=source, gateway=gateway, profile=profile.id))
        elif want and not (gateway and _same_ip(gateway, want)):
            problems.append(T("%(profile)s has the gateway %(gateway)s, not the lab's %(want)s: nmcli connection "
                              "modify %(profile)s ipv4.gateway %(want)s && nmcli connection up %(profile)s",
                              profile=profile.id, gateway=gateway or T("(none)"), want=want))
    if not mine and not problems:
        return failed(T("NetworkManager has no connection profile for %(device)s (see network/address)",
                        device=device))
    if not want:
        rc, out, _unused = ctx.run(["ip", "-4", "route", "show", "default", "dev", device])
        if rc == 0 and out.strip():
            evidence.append("ip route show default dev %s: %s" % (device, out.strip().splitlines()[0]))
            problems.append(T("a default route through %(device)s is in use (%(route)s), but the lab network has "
                              "none: remove the gateway from the profile, then nmcli connection up %(device)s",
                              device=device, route=out.strip().splitlines()[0]))
    if problems:
        return failed(join(problems), *evidence)
    return passed(*evidence)


def check_gateway(ctx):
    """The default gateway (none in the lab), NM_CONTROLLED and PEERDNS as the course wants."""
    if _networkmanager_owns(ctx):
        return _gateway_nm(ctx)
    if ctx.family == REDHAT:
        return _gateway_redhat(ctx)
    if ctx.family == DEBIAN:
        return _gateway_debian(ctx)
    return _unknown_family(ctx)


# ---------------------------------------------------------------- 5 network/backups

def _interfaces_d_directive(ctx):
    """How /etc/network/interfaces reads interfaces.d: "source" (Debian's default) or "source-directory"."""
    text = ctx.read(INTERFACES)
    if text is None:
        return "source"
    kinds = set(kind for kind, argument, _unused in parse_interfaces(text, INTERFACES).sources
                if argument.rstrip("/").startswith(INTERFACES_D))
    if "source-directory" in kinds and "source" not in kinds:
        return "source-directory"
    return "source"


def _backups_nm(ctx):
    """EL 8/9: what NetworkManager reads. Keyfiles: every name but hidden ones and ~; ifcfg files: not .bak,
    ~, .orig, .rej, .rpmnew (but .old and .rpmsave are read)."""
    evidence, problems = [], []
    profiles = _nm_profiles(ctx)[0]
    names = ctx.listdir(NM_DIR)
    evidence.append("%s: %s" % (NM_DIR, " ".join(names) or "empty"))
    copies = [p.path for p in profiles if p.kind == "keyfile" and keyfile_looks_like_copy(p.name)]
    if copies:
        problems.append(T("%(files)s: NetworkManager reads every file in %(directory)s except hidden names and names "
                          "ending in ~, so a copy is a second profile for the same device (with the same UUID the "
                          "newer file wins, whatever its name)", files=", ".join(copies), directory=NM_DIR))
    scripts = [n for n in ctx.listdir(SCRIPTS_DIR) if n.startswith("ifcfg-")]
    if scripts:
        evidence.append("%s: %s" % (SCRIPTS_DIR, " ".join(scripts)))
    bad = []
    for name in scripts:
        path = "%s/%s" % (SCRIPTS_DIR, name)
        if not (nm_reads_ifcfg(name) and ctx.isfile(path)):
            if has_backup_suffix(name):
                evidence.append("%s: skipped by NetworkManager" % name)
            continue
        device = parse_ifcfg(ctx.read(path) or "", path).get("DEVICE")
        if ifcfg_looks_like_backup(name, device, nm_reads_ifcfg):
            bad.append(path)
    if bad:
        problems.append(T("%(files)s: NetworkManager's ifcfg-rh plugin reads it as a profile (it skips only names "
                          "ending in .bak, ~, .orig, .rej or .rpmnew; .old and .rpmsave are read)",
                          files=", ".join(bad)))
    by_device = {}
    for p in profiles:
        if p.device and p.autoconnect and p.path not in copies and p.path not in bad:
            by_device.setdefault(p.device, []).append(p.path)
    for device, paths in sorted(by_device.items()):
        if len(paths) > 1:
            problems.append(T("%(device)s has %(count)d profiles that NetworkManager may bring up at boot: %(files)s",
                              device=device, count=len(paths), files=", ".join(paths)))
    if problems:
        return failed(T("%(problems)s: keep one profile per device and backups outside these directories, e.g. "
                        "mkdir -p %(backup)s, mv the files there, then nmcli connection reload",
                        problems=join(problems), backup=BACKUP_DIR), *evidence)
    return passed(*evidence)


def check_backups(ctx):
    """No backup file sits where the network start-up reads interface files."""
    if _networkmanager_owns(ctx):
        return _backups_nm(ctx)
    evidence = []
    problems = []
    if ctx.isdir(SCRIPTS_DIR):
        evidence.append("%s: %s" % (SCRIPTS_DIR, " ".join(
            n for n in ctx.listdir(SCRIPTS_DIR) if n.startswith("ifcfg-")) or "no ifcfg files"))
        bad = []
        for name in ctx.listdir(SCRIPTS_DIR):
            path = "%s/%s" % (SCRIPTS_DIR, name)
            if not (is_read_by_initscripts(name) and ctx.isfile(path)):
                continue
            device = parse_ifcfg(ctx.read(path) or "", path).get("DEVICE")
            if ifcfg_looks_like_backup(name, device):
                bad.append(path)
        if bad:
            problems.append(T("%(files)s is read as interface configuration at start-up (every ifcfg-* file "
                              "there is, except names ending in .old, .orig, .rpmnew, .rpmorig or "
                              ".rpmsave), and the last GATEWAY read wins" if len(bad) == 1 else
                              "%(files)s are read as interface configuration at start-up (every ifcfg-* file "
                              "there is, except names ending in .old, .orig, .rpmnew, .rpmorig or "
                              ".rpmsave), and the last GATEWAY read wins", files=", ".join(bad)))
    if ctx.isdir(INTERFACES_D):
        evidence.append("%s: %s" % (INTERFACES_D, " ".join(ctx.listdir(INTERFACES_D)) or "empty"))
        directive = _interfaces_d_directive(ctx)
        bad = []
        for name in ctx.listdir(INTERFACES_D):
            path = "%s/%s" % (INTERFACES_D, name)
            if not ctx.isfile(path) or not ifupdown_looks_like_backup(name):
                continue
            if directive == "source-directory" and not read_by_source_directory(name):
                continue
            bad.append(path)
        if bad:
            if directive == "source-directory":
                how = T("\"source-directory %(directory)s\" (it reads every name made of letters, digits, _ and -)",
                        directory=INTERFACES_D)
            else:
                how = T("\"source %(directory)s/*\" (it reads every file there)", directory=INTERFACES_D)
            problems.append(T("%(files)s is read by ifupdown through %(how)s, so a second stanza or gateway for the "
                              "same interface makes ifup fail or bring back the old settings" if len(bad) == 1 else
                              "%(files)s are read by ifupdown through %(how)s, so a second stanza or gateway for "
                              "the same interface makes ifup fail or bring back the old settings",
                              files=", ".join(bad), how=how))
    if problems:
        return failed(T("%(problems)s: keep backups outside these directories, e.g. mkdir -p %(backup)s and mv the "
                        "files there", problems=join(problems), backup=BACKUP_DIR), *evidence)
    if not evidence:
        evidence.append("neither %s nor %s exists" % (SCRIPTS_DIR, INTERFACES_D))
    return passed(*evidence)


# ---------------------------------------------------------------- 6 resolver

def check_resolver(ctx):
    """/etc/resolv.conf searches the lab domain and names usable name servers."""
    domain = (ctx.config.get("domain") or "").strip(".").lower()
    wanted = list(ctx.config.get("dns_servers") or [])
    text = ctx.read(RESOLV)
    if text is None:
        return failed(T("%(path)s does not exist: create it with \"search %(domain)s\" and a nameserver line",
                        path=RESOLV, domain=domain or "<domain>"))
    search = None
    nameservers = []
    evidence = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        fields = line.split()
        if fields[0] in ("search", "domain"):
            search = (number, fields[0], [f.strip(".").lower() for f in fields[1:]])
            evidence.append("line %d: %s" % (number, line))
        elif fields[0] == "nameserver" and len(fields) > 1:
            nameservers.append((number, fields[1]))
            evidence.append("line %d: %s" % (number, line))
    problems = []
    if domain:
        if search is None:
            problems.append(T("no search or domain line: add \"search %(domain)s\"", domain=domain))
        elif domain not in search[2]:
            problems.append(T("line %(line)d \"%(keyword)s %(names)s\" does not name %(domain)s (only the last search "
                              "or domain line counts): write \"search %(domain)s\"",
                              line=search[0], keyword=search[1], names=" ".join(search[2]), domain=domain))
    if not nameservers:
        problems.append(T("no nameserver line: add \"nameserver %(server)s\"",
                          server=wanted[0] if wanted else "127.0.0.1"))
    for number, server in nameservers:
        if server == "0.0.0.0":
            problems.append(T("line %(line)d \"nameserver 0.0.0.0\" is not accepted by every client: "
                              "write \"nameserver 127.0.0.1\"", line=number))
    got = [s for _unused, s in nameservers]
    if wanted and nameservers:
        head = got[:len(wanted)]
        if len(head) != len(wanted) or not all(_same_ip(a, b) for a, b in zip(head, wanted)):
            problems.append(T("the name servers are %(got)s; the lab wants %(wanted)s first, in that order",
                              got=", ".join(got), wanted=", ".join(wanted)))
    if problems:
        return failed(T("%(path)s: %(problems)s", path=RESOLV, problems=join(problems)), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 7 user

def _hash_kind(hashed):
    for prefix, kind in (("$y$", "yescrypt"), ("$6$", "SHA-512"), ("$5$", "SHA-256"),
                         ("$2", "bcrypt"), ("$1$", "MD5")):
        if hashed.startswith(prefix):
            return kind
    return "DES" if len(hashed) == 13 else "other"


def check_user(ctx):
    """The trainee exists, owns a home directory, has a password and a login shell."""
    user = ctx.user
    passwd = ctx.read(PASSWD)
    if passwd is None:
        return failed(T("cannot read %(path)s", path=PASSWD))
    entry = None
    for raw in passwd.splitlines():
        fields = raw.split(":")
        if len(fields) >= 7 and fields[0] == user:
            entry = fields
            break
    if entry is None:
        return failed(T("%(user)s does not exist: create the account with useradd -m %(user)s, then set "
                        "its password with passwd %(user)s", user=user))
    try:
        uid = int(entry[2])
    except ValueError:
        return failed(T("%(user)s has a bad uid %(uid)s in %(path)s", user=user, uid=repr(entry[2]), path=PASSWD))
    home, shell = entry[5], entry[6] or "/bin/sh"
    evidence = ["%s: uid %d, home %s, shell %s" % (PASSWD, uid, home, shell)]
    problems = []

    info = ctx.stat(home) if home else None
    if info is None:
        problems.append(T("the home directory %(shown)s does not exist: mkdir %(home)s and chown %(user)s: %(home)s "
                          "(useradd -m creates it)", shown=home or "(none)", home=home, user=user))
    else:
        if not stat.S_ISDIR(info.st_mode):
            problems.append(T("the home %(home)s is not a directory", home=home))
        elif info.st_uid != uid:
            problems.append(T("the home directory %(home)s belongs to uid %(owner)d, not to %(user)s (uid %(uid)d): "
                              "chown -R %(user)s: %(home)s", home=home, owner=info.st_uid, user=user, uid=uid))
        else:
            evidence.append("home %s owned by uid %d" % (home, uid))

    shadow = ctx.read(SHADOW)
    if shadow is None:
        problems.append(T("cannot read %(path)s: run labeval as root", path=SHADOW))
    else:
        hashed = None
        for raw in shadow.splitlines():
            fields = raw.split(":")
            if len(fields) >= 2 and fields[0] == user:
                hashed = fields[1]
                break
        if hashed is None:
            problems.append(T("%(user)s has no line in %(path)s: run pwconv, then passwd %(user)s",
                              user=user, path=SHADOW))
        elif hashed == "":
            problems.append(T("%(user)s has an empty password (anyone may log in as %(user)s): set one with "
                              "passwd %(user)s", user=user))
            evidence.append("%s: empty password" % SHADOW)
        elif hashed.startswith("!") or hashed.startswith("*"):
            state = "never set" if hashed in ("!!", "!", "*", "!*") else "locked"
            marker = "!!" if hashed.startswith("!!") else hashed[0]
            problems.append(T("%(user)s has no usable password (never set: \"%(marker)s\" in %(path)s): set one with "
                              "passwd %(user)s" if state == "never set" else
                              "%(user)s has no usable password (locked: \"%(marker)s\" in %(path)s): set one with "
                              "passwd %(user)s", user=user, marker=marker, path=SHADOW))
            evidence.append("%s: password %s" % (SHADOW, state))
        else:
            evidence.append("%s: password set (%s)" % (SHADOW, _hash_kind(hashed)))

    base = shell.rsplit("/", 1)[-1]
    if base in ("nologin", "false"):
        problems.append(T("the login shell is %(shell)s, so %(user)s cannot log in: usermod -s /bin/bash %(user)s",
                          shell=shell, user=user))
    elif shell != "/bin/bash":
        shells = [f[0] for _unused, f in _plain_lines(ctx.read(SHELLS))]
        if shell not in shells:
            problems.append(T("the login shell %(shell)s is not listed in %(path)s: usermod -s /bin/bash %(user)s",
                              shell=shell, path=SHELLS, user=user))
    if problems:
        return failed(join(problems), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- 8 services at boot

# systemctl is-enabled states that start a unit at the next boot.
AT_BOOT = ("enabled", "static", "alias", "generated", "indirect")


def boot_units(ctx):
    """[(day, unit)] the course enables at boot on this VM: the days up to the VM's day, on its tracks.

    Unit names come from each day's own checks (the VM's family, lab.json); a unit named twice (dovecot
    on days 8 and 13, svscan on the djb tracks, the superserver on days 10 to 13) counts for its first day."""
    # Here, not at the top: the day modules are only needed by this check.
    from . import day07, day10, day12, day20, djbdns, time as timekeeping
    from .mail import mail
    from ..framework import track_of

    config = ctx.config
    upto = config.get("day")
    svscan = djbdns.settings(ctx)["svscan_unit"]
    superserver = ["xinetd"] if day10._superserver_type(ctx) == "xinetd" else [
        "%s.socket" % s["name"] for s in day10._service_list(ctx) if s["enabled"]]
    mailcfg = mail(ctx)
    if mailcfg["stunnel_mode"] == "superserver":
        smtps = ["xinetd"] if day10._superserver_type(ctx) == "xinetd" else ["smtps.socket"]
    else:
        smtps = [mailcfg["stunnel_service"]]
    table = [
        (7, [day07.setting(ctx, "named_service")] if track_of(config, "dns") == "bind" else [svscan]),
        (8, ["postfix"] if track_of(config, "mta") == "postfix" else [svscan]),
        (8, ["dovecot"]),
        (10, [day10._services(ctx)] + superserver),
        (12, [day12._service(ctx)] + superserver),
        (13, smtps),
        (20, [day20.service_state(ctx, day20.settings(ctx))[0]]) if upto is None or int(upto) >= 20 else (20, []),
        (26, ["chronyd" if ctx.family == REDHAT else "chrony"] if track_of(config, "time") == "chrony"
         else [svscan, timekeeping.settings(ctx)["clockspeed_timer"]]),
    ]
    units, seen = [], set()
    for day, names in table:
        if upto is not None and day > int(upto):
            continue
        for name in names:
            if name and name not in seen:
                seen.add(name)
                units.append((day, name))
    return units


def check_boot_services(ctx):
    """Every lab service of the VM's days and tracks is enabled at boot, so a reboot brings it back."""
    problems, evidence = [], []
    for day, unit in boot_units(ctx):
        rc, out, err = ctx.run(["systemctl", "is-enabled", unit])
        state = out.strip()
        if not state:
            # Not installed: the day's own checks say so; this one is about the next boot.
            evidence.append("%s (day %d): not installed (%s)" % (unit, day, (err.strip() or "rc %d" % rc)))
            continue
        evidence.append("systemctl is-enabled %s (day %d): %s" % (unit, day, state))
        if state in AT_BOOT:
            continue
        if state == "masked":
            problems.append(T("%(unit)s (day %(day)d) is masked: systemctl unmask %(unit)s, then systemctl enable "
                              "%(unit)s", unit=unit, day=day))
        elif state.endswith("-runtime"):
            problems.append(T("%(unit)s (day %(day)d) is %(state)s, which ends at the next boot: systemctl enable "
                              "%(unit)s", unit=unit, day=day, state=state))
        else:
            problems.append(T("%(unit)s (day %(day)d) is %(state)s: systemctl enable %(unit)s",
                              unit=unit, day=day, state=state))
    if problems:
        return failed(T("not started at boot, so a reboot leaves them stopped: %(problems)s",
                        problems=join(problems)), *evidence)
    if not evidence:
        evidence.append("no lab service up to day %s" % ctx.config.get("day"))
    return passed(*evidence)


CHECKS = [
    Check(DAY, 1, "hostname", check_hostname),
    Check(DAY, 2, "/etc/hosts", check_hosts),
    Check(DAY, 3, "network/address", check_address),
    Check(DAY, 4, "network/gateway", check_gateway),
    Check(DAY, 5, "network/backups", check_backups),
    Check(DAY, 6, "resolver", check_resolver),
    Check(DAY, 7, "user", check_user),
    Check(DAY, 8, "boot/services", check_boot_services),
]
