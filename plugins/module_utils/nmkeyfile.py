# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""NetworkManager connection profiles as EL 8/9 read them.

On EL 8 and 9 NetworkManager owns every interface. It reads two kinds of profiles:

* keyfiles in /etc/NetworkManager/system-connections (GLib key files, INI-like;
  EL 9 writes new profiles here as NAME.nmconnection, mode 0600). In /etc the
  keyfile plugin reads every name except hidden ones, names ending in ``~``,
  mkstemp temporaries (``.XXXXXX``) and ``.pem``/``.der``: a copy named
  ``eth0.nmconnection.bak`` IS read, as a second profile. A file that group or
  others may read or write, or that root does not own, is ignored ("File
  permissions are insecure").
* ifcfg-* files in /etc/sysconfig/network-scripts through the ifcfg-rh plugin
  (EL 9 lists it after keyfile: a keyfile wins over an ifcfg file with the same
  UUID). It skips names ending in .bak, ~, .orig, .rej, .rpmnew, .augnew, .augtmp
  (any case) and rpm's ``;XXXXXXXX`` temporaries, but reads ``.old`` and
  ``.rpmsave``: the opposite of initscripts on .bak and .old. An invalid GATEWAY
  (``GATEWAY=1``, even ``GATEWAY=no``) makes NetworkManager reject the whole
  profile, where initscripts went on silently. ``NM_CONTROLLED=no`` leaves the
  device unmanaged, and EL 9 has nothing else to bring it up.

Sources: NetworkManager's nm_keyfile_utils_ignore_filename (libnm-core-impl/nm-keyfile.c),
nms_keyfile_utils_check_file_permissions_stat, utils_should_ignore_file (ifcfg-rh)
and read_ip4_address (nms-ifcfg-rh-reader.c).

Public API: CONNECTIONS_DIR, KeyFile, parse_keyfile, keyfile_is_read, keyfile_looks_like_copy, ifcfg_is_read,
keyfile_addresses, keyfile_gateway, check_keyfile, check_ifcfg_for_nm, check_profiles.
"""

from __future__ import annotations

import os
import re
import stat

from .findings import error, warning
from .validator import FIX_ROOT_READS, read_text, unreadable
from . import ipv4
from .ifcfg import PREFIX as IFCFG_PREFIX, has_backup_suffix, parse_ifcfg

CONNECTIONS_DIR = "/etc/NetworkManager/system-connections"
SUFFIX = ".nmconnection"
IFCFG_IGNORED_SUFFIXES = (".bak", "~", ".orig", ".rej", ".rpmnew", ".augnew", ".augtmp")

_MKSTEMP_RE = re.compile(r"\.[A-Za-z0-9]{6}$")
_RPM_TEMP_RE = re.compile(r";[0-9A-Fa-f]{8}$")
_ADDRESS_KEY_RE = re.compile(r"^(?:address|addresses)(\d*)$")
METHODS = ("auto", "manual", "link-local", "shared", "disabled")


# ---------------------------------------------------------------- names

def keyfile_is_read(name):
    """True when the keyfile plugin loads this name from /etc/NetworkManager/system-connections."""
    base = os.path.basename(name)
    if not base or base.startswith("."):
        return False
    if base.endswith("~") or _MKSTEMP_RE.search(base):
        return False
    return not base.lower().endswith((".pem", ".der"))


def keyfile_looks_like_copy(name):
    """A copy of a profile: a name that goes on after .nmconnection (eth0.nmconnection.bak, -old, .20240101) or
    ends in a backup word. Spaces are no sign here: NetworkManager names profiles "Wired connection 1"."""
    base = os.path.basename(name)
    if base.endswith(SUFFIX):
        return False
    return SUFFIX in base or has_backup_suffix(base.replace(" ", "_"))


def ifcfg_is_read(name):
    """True when NetworkManager's ifcfg-rh plugin (EL 8/9) reads this name as a profile."""
    base = os.path.basename(name)
    if not base.startswith(IFCFG_PREFIX) or len(base) == len(IFCFG_PREFIX):
        return False
    low = base.lower()
    if any(low.endswith(tag) and len(low) > len(tag) for tag in IFCFG_IGNORED_SUFFIXES):
        return False
    if _RPM_TEMP_RE.search(base):
        return False
    return ":" not in base[len(IFCFG_PREFIX):]        # ifcfg-eth0:1 is an alias, not a profile


# ---------------------------------------------------------------- parsing

class KeyFile(object):
    """One parsed keyfile: groups[group][key] = value (escapes undone), lines[(group, key)] = line."""

    __slots__ = ("path", "groups", "lines", "findings")

    def __init__(self, path="keyfile"):
        self.path = path
        self.groups = {}
        self.lines = {}
        self.findings = []

    def get(self, group, key, default=None):
        return self.groups.get(group, {}).get(key, default)

    @property
    def name(self):
        return os.path.basename(self.path)

    @property
    def id(self):
        return self.get("connection", "id") or self.name

    @property
    def device(self):
        return self.get("connection", "interface-name")

    @property
    def uuid(self):
        return self.get("connection", "uuid")

    @property
    def autoconnect(self):
        return (self.get("connection", "autoconnect") or "true").lower() not in ("false", "no", "0")


def _unescape(value):
    out = []
    i = 0
    while i < len(value):
        c = value[i]
        if c == "\\" and i + 1 < len(value):
            out.append({"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}.get(value[i + 1], value[i + 1]))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def parse_keyfile(text, path="keyfile"):
    """Parse a GLib key file. A line that is not a group, key=value, comment or blank makes GLib reject the file."""
    kf = KeyFile(path)
    group = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            if not line.endswith("]") or len(line) < 3:
                kf.findings.append(error("nm-keyfile-syntax", "'%s' is not a valid group line; NetworkManager "
                                         "cannot read the file at all." % line,
                                         "Write group lines as [name], e.g. [ipv4].", path, number))
                return kf
            group = line[1:-1].strip()
            kf.groups.setdefault(group, {})
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            kf.findings.append(error("nm-keyfile-syntax", "'%s' is not a key=value line; NetworkManager cannot "
                                     "read the file at all (it is not a group, key=value or # comment)." % line,
                                     "Write it as key=value under its [group], or start it with #.", path, number))
            return kf
        if group is None:
            kf.findings.append(error("nm-keyfile-syntax", "'%s' comes before the first [group]; NetworkManager "
                                     "cannot read the file at all." % line,
                                     "Put it under its group, e.g. [connection] or [ipv4].", path, number))
            return kf
        key = key.strip()
        kf.groups[group][key] = _unescape(value.strip())
        kf.lines[(group, key)] = number
    return kf


def _address_keys(kf):
    """[ipv4] address keys in NetworkManager's order: address, address1, address2... (addresses* the same)."""
    keys = []
    for key in kf.groups.get("ipv4", {}):
        m = _ADDRESS_KEY_RE.match(key)
        if m:
            keys.append((int(m.group(1) or 0), key))
    return [k for _unused, k in sorted(keys)]


def keyfile_addresses(kf):
    """[(key, address text, prefix text or None, gateway text or None)] of [ipv4], in order."""
    result = []
    for key in _address_keys(kf):
        for item in [v for v in kf.get("ipv4", key).split(";") if v.strip()]:
            head, _unused, gateway = item.strip().partition(",")
            address, slash, prefix = head.partition("/")
            result.append((key, address.strip(), prefix.strip() if slash else None, gateway.strip() or None))
    return result


def keyfile_gateway(kf):
    """(gateway text, key) NetworkManager uses: [ipv4] gateway=, else the first address's ,GATEWAY part."""
    value = kf.get("ipv4", "gateway")
    if value:
        return value.strip(), "gateway"
    for key, _unused, _unused, gateway in keyfile_addresses(kf):
        if gateway:
            return gateway, key
    return None, None


# ---------------------------------------------------------------- per-file checks

def _kf_finding(make, code, message, fix, kf, group=None, key=None):
    return make(code, message, fix, kf.path, kf.lines.get((group, key)) if key else None)


def check_keyfile(kf, allow_gateway=True, st=None):
    """Check one keyfile: syntax, ownership and mode (`st`, an os.stat result, when it is on disk), [ipv4]."""
    findings = list(kf.findings)
    if findings:
        return findings
    if st is not None:
        if st.st_uid not in (0, os.geteuid()):        # NetworkManager accepts root and its own uid
            findings.append(error("nm-keyfile-owner", "%s is owned by uid %d, not root; NetworkManager ignores it "
                                  "(\"File owner is insecure\")." % (kf.name, st.st_uid),
                                  "chown root: %s && nmcli connection reload" % kf.path, kf.path))
        if stat.S_IMODE(st.st_mode) & 0o077:
            findings.append(error("nm-keyfile-mode", "%s has mode %04o; NetworkManager ignores a profile that group "
                                  "or others may read (\"File permissions are insecure\"), so this file is not used."
                                  % (kf.name, stat.S_IMODE(st.st_mode)),
                                  "chmod 600 %s && nmcli connection reload" % kf.path, kf.path))
    if "connection" not in kf.groups:
        findings.append(error("nm-keyfile-no-connection", "%s has no [connection] group, so it is no connection "
                              "profile." % kf.name,
                              "Start it with [connection] and id=, uuid=, type=ethernet, interface-name=.", kf.path))
        return findings
    method = kf.get("ipv4", "method")
    addresses = keyfile_addresses(kf)
    if method is not None and method not in METHODS:
        findings.append(_kf_finding(error, "nm-ipv4-method-invalid", "method=%s in [ipv4] is not one of %s; "
                                    "NetworkManager rejects the profile." % (method, ", ".join(METHODS)),
                                    "Write method=manual for the lab's static address.", kf, "ipv4", "method"))
    if method == "manual" and not addresses:
        findings.append(_kf_finding(error, "nm-ipv4-address-missing", "[ipv4] method=manual without an address1= "
                                    "line; NetworkManager rejects the profile.",
                                    "Add address1=192.168.0.10/24 (the address and prefix).", kf, "ipv4", "method"))
    iface = None
    for key, address, prefix, _unused in addresses:
        why = ipv4.ipv4_problem(address)
        if why:
            findings.append(_kf_finding(error, "nm-ipv4-address-invalid", "%s=%s: %s %s; NetworkManager rejects "
                                        "the profile." % (key, kf.get("ipv4", key), address, why),
                                        "Write address1=ADDRESS/PREFIX, e.g. address1=192.168.0.10/24.",
                                        kf, "ipv4", key))
            continue
        if prefix is None:
            findings.append(_kf_finding(warning, "nm-ipv4-prefix-missing", "%s=%s has no /PREFIX; NetworkManager "
                                        "assumes /24." % (key, kf.get("ipv4", key)),
                                        "Say it explicitly: %s=%s/24." % (key, address), kf, "ipv4", key))
            prefix = "24"
        why = ipv4.prefix_problem(prefix)
        if why:
            findings.append(_kf_finding(error, "nm-ipv4-prefix-invalid", "%s=%s: the prefix %s %s." %
                                        (key, kf.get("ipv4", key), prefix, why),
                                        "Write the prefix length as a number 0-32, e.g. /24.", kf, "ipv4", key))
            continue
        if iface is None:
            iface = ipv4.interface(ipv4.parse_ipv4(address), int(prefix))
    gateway, gw_key = keyfile_gateway(kf)
    if gateway is not None:
        problem = ipv4.gateway_problem(gateway, iface, allow_gateway)
        if problem is not None:
            kind, detail = problem
            message = "the gateway %s (%s in [ipv4]) %s." % (gateway, gw_key, detail)
            if kind == ipv4.GW_INVALID:
                message += " NetworkManager rejects the whole profile, so the interface gets no address at all."
            findings.append(_kf_finding(
                error, "nm-gateway-%s" % kind, message,
                ipv4.gateway_fix(kind, iface, "Remove it: nmcli connection modify %s ipv4.gateway ''" % kf.id,
                                 allow_gateway), kf, "ipv4", gw_key))
    return findings


def check_ifcfg_for_nm(ifcfg, allow_gateway=True):
    """What NetworkManager's ifcfg-rh plugin makes of an ifcfg file it reads (EL 8/9)."""
    findings = list(ifcfg.findings)
    if (ifcfg.get("NM_CONTROLLED") or "yes").lower() in ("no", "n", "false", "0", "off"):
        findings.append(error("nm-ifcfg-unmanaged", "%s says NM_CONTROLLED=%s: NetworkManager leaves %s unmanaged, "
                              "and EL 8/9 have no network-scripts to bring it up instead." %
                              (ifcfg.name, ifcfg.get("NM_CONTROLLED"), ifcfg.device),
                              "Remove the NM_CONTROLLED line (or move the file away) and configure %s with nmcli."
                              % ifcfg.device, ifcfg.path, ifcfg.lines.get("NM_CONTROLLED")))
    for key in sorted(k for k in ifcfg.values if re.match(r"^(GATEWAY|IPADDR)\d*$", k)):
        value = ifcfg.get(key)
        if value and ipv4.ipv4_problem(value):
            findings.append(error("nm-ifcfg-invalid-%s" % ("gateway" if key.startswith("GATEWAY") else "address"),
                                  "%s=%s is no IPv4 address: NetworkManager rejects the whole profile (\"Invalid %s "
                                  "IP4 address\"), so %s gets no address%s." %
                                  (key, value, key, ifcfg.device,
                                   "; on EL 8/9 even GATEWAY=no is invalid, only an empty GATEWAY= or no line means "
                                   "no gateway" if key.startswith("GATEWAY") else ""),
                                  "Remove the %s line (the lab has no gateway)." % key if key.startswith("GATEWAY")
                                  else "Write %s=192.168.0.10." % key, ifcfg.path, ifcfg.lines.get(key)))
    gateway = ifcfg.get("GATEWAY")
    if gateway and not ipv4.ipv4_problem(gateway) and not allow_gateway:
        findings.append(error("nm-gateway-not-allowed", "GATEWAY=%s sets a default gateway, but the lab network has "
                              "no default gateway (no router)." % gateway,
                              "Remove the GATEWAY line.", ifcfg.path, ifcfg.lines.get("GATEWAY")))
    return findings


# ---------------------------------------------------------------- directories

class Profile(object):
    """A profile NetworkManager loads: a KeyFile or an IfcfgFile, with its device and where it comes from."""

    __slots__ = ("kind", "parsed", "device", "uuid", "autoconnect")

    def __init__(self, kind, parsed):
        self.kind = kind
        self.parsed = parsed
        if kind == "keyfile":
            self.device, self.uuid, self.autoconnect = parsed.device, parsed.uuid, parsed.autoconnect
        else:
            self.device = parsed.device
            self.uuid = parsed.get("UUID")
            self.autoconnect = (parsed.get("ONBOOT") or "yes").lower() != "no"

    @property
    def path(self):
        return self.parsed.path

    @property
    def name(self):
        return self.parsed.name


def check_profiles(directory=CONNECTIONS_DIR, files=None, allow_gateway=True, ifcfg_directory=None):
    """Read every profile NetworkManager loads from `directory` (keyfiles) and `ifcfg_directory` (ifcfg-rh).

    files: [{"path", "content"}] candidates that replace or add keyfiles (a rendered template, checked
    before it goes live, taken as mode 0600 root). Returns (profiles, findings); two profiles that
    autoconnect on one device are an error: which one NetworkManager brings up is not what the file
    names suggest (a keyfile beats an ifcfg file with the same UUID; of two keyfiles with one UUID the
    newer file wins, so a backup made after the edit wins).
    """
    findings = []
    sources = {}
    if directory and os.path.isdir(directory):
        for name in sorted(os.listdir(directory)):
            path = os.path.join(directory, name)
            if keyfile_is_read(name) and os.path.isfile(path):
                sources[os.path.normpath(path)] = (path, None)
    for entry in files or ():
        sources[os.path.normpath(entry["path"])] = (entry["path"], entry.get("content"))
    profiles = []
    for key in sorted(sources):
        path, content = sources[key]
        st = None
        if content is None:
            try:
                content = read_text(path)
                st = os.stat(path)
            except (IOError, OSError) as exc:
                findings.append(unreadable(path, exc, "NetworkManager profile", FIX_ROOT_READS))
                continue
        kf = parse_keyfile(content, path)
        problems = check_keyfile(kf, allow_gateway, st)
        findings.extend(problems)
        if not any(f.code in ("nm-keyfile-owner", "nm-keyfile-mode", "nm-keyfile-syntax") for f in problems):
            profiles.append(Profile("keyfile", kf))
    if ifcfg_directory and os.path.isdir(ifcfg_directory):
        for name in sorted(os.listdir(ifcfg_directory)):
            path = os.path.join(ifcfg_directory, name)
            if not (ifcfg_is_read(name) and os.path.isfile(path)):
                continue
            parsed = parse_ifcfg(read_text(path), path)
            findings.extend(check_ifcfg_for_nm(parsed, allow_gateway))
            profiles.append(Profile("ifcfg", parsed))
    findings.extend(duplicate_findings(profiles))
    return profiles, findings


def duplicate_findings(profiles):
    """One error per device that more than one autoconnecting profile claims."""
    findings = []
    by_device = {}
    for p in profiles:
        if p.device and p.autoconnect:
            by_device.setdefault(p.device, []).append(p)
    for device, group in sorted(by_device.items()):
        if len(group) < 2:
            continue
        names = [p.path for p in group]
        copies = [p.name for p in group if (keyfile_looks_like_copy(p.name) if p.kind == "keyfile"
                                            else has_backup_suffix(p.name))]
        message = ("%s has %d connection profiles that NetworkManager loads and may bring up at boot: %s"
                   % (device, len(group), ", ".join(names)))
        if copies:
            message += ("; %s looks like a backup, but NetworkManager reads it as a profile (it skips only hidden "
                        "names, names ending in ~ and, for ifcfg files, .bak, .orig, .rej and .rpmnew)"
                        % ", ".join(copies))
        uuids = set(p.uuid for p in group if p.uuid)
        if len(uuids) == 1 and all(p.uuid for p in group):
            message += "; they share one UUID, so the newest file wins, whatever its name"
        findings.append(error("nm-duplicate-profile", message + ".",
                              "Keep one profile per device and move the others out, e.g. to /root/backup/, then "
                              "nmcli connection reload.", group[-1].path))
    return findings
