# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Red Hat style interface files: /etc/sysconfig/network-scripts/ifcfg-*.

initscripts *source* these files as shell, so a line that is not an
assignment is a command, and every ``ifcfg-*`` file in network-scripts is
read at network start as if it were a real interface file. The course's rule
(from Red Hat's documentation) is that only names ending in one of
IGNORED_SUFFIXES are skipped; backups therefore belong somewhere else.

Two facts of the real scripts that the messages below rely on:

* the network service of current initscripts also skips names ending in
  ``~`` or ``.bak``, and skips ``.old`` only since 2017 (CentOS 7.5); CentOS 5
  and 6 read ``ifcfg-eth0.old``. ``.orig`` is the one backup suffix that every
  initscripts version and NetworkManager skip. The course's rule is kept for
  what counts as read; the messages say where the real scripts differ.
* ifup-eth installs the default route only when ``ipcalc`` puts GATEWAY in the
  interface's network, so ``GATEWAY=1`` or a gateway outside the subnet is
  dropped without a message: the interface comes up without a default route.

Public API (used by the evaluator too): IGNORED_SUFFIXES, IfcfgFile,
parse_ifcfg, parse_network_file, gateway_is_none, is_read_by_initscripts,
looks_like_backup, check_file, check_network_file, check_directory,
effective_gateway, initscripts_order, has_backup_suffix.
"""

from __future__ import annotations

import bisect
import os
import re

from .findings import error, warning
from .validator import FIX_ROOT_READS, read_text, unreadable
from . import ipv4

IGNORED_SUFFIXES = ('.old', '.orig', '.rpmnew', '.rpmorig', '.rpmsave')
PREFIX = "ifcfg-"
NETWORK_FILE = "/etc/sysconfig/network"
NETWORK_SCRIPTS = "/etc/sysconfig/network-scripts"

# Words that mark a copy when they end a file name after ".", "-" or "_",
# optionally followed by a number or date (eth0.bak, eth0-old2, eth0_copy).
BACKUP_WORDS = (
    "bak", "backup", "bkp", "bck", "old", "orig", "org", "copy", "save", "sav", "saved", "tmp", "temp",
    "prev", "swp", "rej", "disabled", "dist", "dpkg-old", "dpkg-dist", "dpkg-new", "dpkg-bak",
    "ucf-old", "ucf-dist", "ucf-new", "rpmnew", "rpmsave", "rpmorig",
)
_BACKUP_WORD_RE = re.compile(
    r"[._-](?:%s)(?:[._-]?\d+)*$" % "|".join(re.escape(w) for w in BACKUP_WORDS), re.IGNORECASE)
_DATED_RE = re.compile(r"[._-]\d{6,}$")
_RANGE_RE = re.compile(r"-range\d*$")
_ASSIGN_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=")
_EXPORT_RE = re.compile(r"export(?=[ \t\n;]|$)")
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SPACED_ASSIGN_RE = re.compile(r"(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]+=")
_KEY_SUFFIX_RE = re.compile(r"^(IPADDR|PREFIX|NETMASK)(\d*)$")

# Variables initscripts read; a lower-case spelling of one of these is a different shell variable.
KNOWN_KEYS = frozenset((
    "DEVICE", "NAME", "TYPE", "UUID", "HWADDR", "MACADDR", "BOOTPROTO", "ONBOOT", "IPADDR", "PREFIX",
    "NETMASK", "GATEWAY", "NETWORK", "BROADCAST", "DNS1", "DNS2", "DNS3", "DOMAIN", "PEERDNS",
    "NM_CONTROLLED", "USERCTL", "DEFROUTE", "IPV6INIT", "MASTER", "SLAVE", "BRIDGE", "MTU", "HOSTNAME",
    "NETWORKING", "GATEWAYDEV", "NOZEROCONF", "IPV4_FAILURE_FATAL",
))
BOOTPROTOS = ("none", "static", "dhcp", "bootp")
YES_NO_KEYS = ("ONBOOT", "NM_CONTROLLED", "PEERDNS")
DNS_KEYS = ("DNS1", "DNS2", "DNS3")


class IfcfgFile(object):
    """One parsed ifcfg (or /etc/sysconfig/network) file.

    values: KEY -> unquoted value (the last assignment wins, as in the shell)
    lines: KEY -> 1-based line of that last assignment
    findings: syntax findings from parsing
    assignments: every assignment in file order, as (key, value, line)
    """

    __slots__ = ("path", "values", "lines", "findings", "assignments")

    def __init__(self, path="ifcfg", values=None, lines=None, findings=None, assignments=None):
        self.path = path
        self.values = values if values is not None else {}
        self.lines = lines if lines is not None else {}
        self.findings = findings if findings is not None else []
        self.assignments = assignments if assignments is not None else []

    def get(self, key, default=None):
        return self.values.get(key, default)

    @property
    def name(self):
        """The file's base name, e.g. ifcfg-eth0."""
        return os.path.basename(self.path)

    @property
    def config_name(self):
        """The part of the base name after ifcfg- (the whole base name for other files)."""
        name = self.name
        return name[len(PREFIX):] if name.startswith(PREFIX) else name

    @property
    def device(self):
        """DEVICE, else the name after ifcfg-."""
        return self.values.get("DEVICE") or self.config_name

    def __repr__(self):
        return "IfcfgFile(%r, %r)" % (self.path, self.values)


# ---------------------------------------------------------------- parsing

def _read_word(text, i):
    """Read one shell word starting at i: returns (value, end, ok, saw_cr)."""
    buf = []
    n = len(text)
    saw_cr = False
    while i < n:
        c = text[i]
        if c in " \t\n;&|<>()":
            break
        if c == "\r":
            saw_cr = True
            i += 1
            continue
        if c == "\\":
            if i + 1 < n and text[i + 1] == "\n":
                i += 2
                continue
            if i + 1 < n:
                buf.append(text[i + 1])
            i += 2
            continue
        if c == "'":
            j = text.find("'", i + 1)
            if j < 0:
                return "".join(buf), n, False, saw_cr
            buf.append(text[i + 1:j])
            i = j + 1
            continue
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                if text[j] == "\\" and j + 1 < n and text[j + 1] in '"\\$`\n':
                    if text[j + 1] != "\n":
                        buf.append(text[j + 1])
                    j += 2
                    continue
                buf.append(text[j])
                j += 1
            if j >= n:
                return "".join(buf), n, False, saw_cr
            i = j + 1
            continue
        buf.append(c)
        i += 1
    return "".join(buf), i, True, saw_cr


def parse_ifcfg(text, path="ifcfg"):
    """Parse shell-variable style text (KEY=value, quotes, comments, export) into an IfcfgFile.

    A statement is a run of assignment words (A=1 B=2 both assign) or `export` followed by
    assignments and names. When a statement goes on with any other word, the shell runs that word as
    a command with the assignments set only for it: nothing is assigned, and that is a finding.
    """
    result = IfcfgFile(path)
    newlines = [k for k, c in enumerate(text) if c == "\n"]
    n = len(text)
    cr_lines = []

    def line_of(pos):
        return bisect.bisect_left(newlines, pos) + 1

    def end_of_line(pos):
        j = text.find("\n", pos)
        return n if j < 0 else j

    def blank(pos):
        """Skip spaces, tabs, CRs (noted) and backslash-newlines within a statement."""
        while pos < n:
            if text[pos] == "\r":
                cr_lines.append(line_of(pos))
            elif text[pos] == "\\" and pos + 1 < n and text[pos + 1] == "\n":
                pos += 1
            elif text[pos] not in " \t":
                break
            pos += 1
        return pos

    def assign(key, value, line):
        if key in result.lines:
            result.findings.append(warning(
                "ifcfg-duplicate-key",
                "%s is set twice (lines %d and %d); the shell keeps the last one, %s=%s."
                % (key, result.lines[key], line, key, value),
                "Keep a single %s line." % key, path, line))
        result.values[key] = value
        result.lines[key] = line
        result.assignments.append((key, value, line))

    i = 0
    while i < n:
        i = blank(i)
        if i >= n:
            break
        if text[i] in "\n;":
            i += 1
            continue
        if text[i] == "#":
            i = end_of_line(i)
            continue
        line = line_of(i)
        export = _EXPORT_RE.match(text, i)
        if export:
            i = blank(i + 6)
        pending = []                        # (key, value) of this statement
        command = None
        ok = True
        while i < n and text[i] not in "\n;#":
            m = _ASSIGN_RE.match(text, i)
            if m:
                value, i, ok, saw_cr = _read_word(text, m.end())
                if saw_cr:
                    cr_lines.append(line)
                if not ok:
                    result.findings.append(error(
                        "ifcfg-unterminated-quote",
                        "The value of %s opens a quote that is never closed; the shell reads the rest of the "
                        "file into it and then fails, so %s and every setting after it are lost." % (m.group(1),
                                                                                                     m.group(1)),
                        "Close the quote on the same line: %s=\"value\"." % m.group(1), path, line))
                    break
                pending.append((m.group(1), value, i == m.end()))
            else:
                word, j, closed, _unused = _read_word(text, i)
                if export and closed and _NAME_RE.match(word):
                    i = j                   # `export NAME` only marks NAME for export
                else:
                    command = i
                    break
            i = blank(i)
        if not ok:
            break
        if command is None:
            for key, value, _unused in pending:
                assign(key, value, line)
            continue
        stop = end_of_line(command)
        rest = text[command:stop].rstrip("\r")
        if text[command:stop].endswith("\r"):
            cr_lines.append(line)
        statement = text[text.rfind("\n", 0, command) + 1:stop].strip(" \t\r")
        if not pending:
            spaced = _SPACED_ASSIGN_RE.match(statement)
            if spaced:
                message = ("'%s' is not an assignment: with spaces around '=' the shell runs %s as a command "
                           "when initscripts source this file, and %s stays unset."
                           % (statement, spaced.group(1), spaced.group(1)))
                fix = "Write it without spaces: %s=value." % spaced.group(1)
            else:
                message = ("'%s' is not a KEY=value assignment; initscripts source this file as shell, so this "
                           "line would be run as a command." % statement)
                fix = "Write it as KEY=value, or make it a comment by starting the line with #."
            result.findings.append(error("ifcfg-not-assignment", message, fix, path, line))
        else:
            key, value, empty_word = pending[-1]
            names = " and ".join(k for k, _unused, _unused in pending)
            unset = "%s %s unset" % (names, "stays" if len(pending) == 1 else "stay")
            if empty_word:
                message = ("'%s' has a space after '='; the shell runs %s as a command with %s set only for it, "
                           "so %s." % (statement, rest.split()[0], names, unset))
                fix = "Remove the space: %s=%s." % (key, rest)
            else:
                message = ("%s=%s is followed by '%s' on the same line; the shell runs that as a command with %s "
                           "set only for it, so %s." % (key, value, rest, names, unset))
                fix = ("Put one assignment on a line and quote a value that contains spaces: %s=\"%s %s\"."
                       % (key, value, rest))
            result.findings.append(error("ifcfg-value-with-space", message, fix, path, line))
        i = stop
    if cr_lines:
        result.findings.append(error(
            "ifcfg-crlf",
            "The file has Windows line endings (CR LF, first on line %d); the shell keeps the CR as part of each "
            "value (GATEWAY becomes '192.168.0.1\\r'), so the settings do not mean what they say." % min(cr_lines),
            "Convert it to Unix line endings: sed -i 's/\\r$//' %s (or dos2unix)." % path, path, min(cr_lines)))
    return result


def parse_network_file(text, path=NETWORK_FILE):
    """/etc/sysconfig/network has the same syntax as an ifcfg file."""
    return parse_ifcfg(text, path)


# ---------------------------------------------------------------- names

def gateway_is_none(value):
    """True when GATEWAY means 'no gateway' in the course: unset, empty, no or NO."""
    return value is None or value in ("", "no", "NO")


def is_read_by_initscripts(name):
    """True when initscripts read this file at network start (course rule)."""
    base = os.path.basename(name)
    return base.startswith(PREFIX) and not base.endswith(IGNORED_SUFFIXES)


def has_backup_suffix(name):
    """True when a file name ends like an editor or admin copy.

    Recognised: a trailing ~, Emacs #autosave#, white space (file-manager
    copies such as "eth0 (copy)"), ".", "-" or "_" followed by a backup word
    (BACKUP_WORDS, optionally numbered: .bak, -old2, _copy) or by a date of
    six or more digits (.20240101, -240101).
    """
    base = os.path.basename(name)
    if not base:
        return False
    if base.endswith("~") or (base.startswith("#") and base.endswith("#")):
        return True
    if re.search(r"\s", base):
        return True
    return bool(_BACKUP_WORD_RE.search(base) or _DATED_RE.search(base))


def _is_vlan_or_pkey(tail):
    """eth0.100 (VLAN id 1-4094, 1-4 digits as initscripts accept) or ib0.8001 (InfiniBand P_Key)."""
    base, _unused, suffix = tail.partition(".")
    suffix = suffix.split(":", 1)[0]            # eth0.100:1 is an alias on a VLAN
    if re.match(r"^\d{1,4}$", suffix) and 1 <= int(suffix) <= 4094:
        return True
    return base.startswith("ib") and bool(re.match(r"^[0-9a-fA-F]{4}$", suffix))


def looks_like_backup(name, device=None, is_read=is_read_by_initscripts):
    """True when a file initscripts read is named like a backup or editor copy.

    `name` is a path or base name; `device` is the file's DEVICE value when
    its content is known. Without DEVICE, a numeric dotted suffix that can be
    a VLAN id (eth0.100, 1-4 digits, 1-4094) or an InfiniBand P_Key
    (ib0.8001) counts as a device name, not a backup; a longer number
    (eth0.20240101) is a dated copy. With DEVICE, the content decides: the
    file is the device's own when DEVICE equals the name after ifcfg-, and a
    copy when the name is DEVICE followed by '.', '~', '-', '_' or a space
    (ifcfg-eth0.1 with DEVICE=eth0). Alias files (ifcfg-eth0:1) and range
    files (ifcfg-eth0-range0) are never backups; names initscripts skip
    (IGNORED_SUFFIXES) are not reported either. `is_read` says which names the reader reads:
    initscripts (EL 7, the default) or NetworkManager's ifcfg-rh (nmkeyfile.ifcfg_is_read, EL 8/9).
    """
    base = os.path.basename(name)
    if not is_read(base):
        return False
    tail = base[len(PREFIX):]
    if not tail or _RANGE_RE.search(tail):
        return False
    if device:
        if tail == device:
            return False
        if tail.startswith(device) and tail[len(device)] in ".~-_ \t(":
            return True
    if has_backup_suffix(tail):
        return True
    if "." in tail.split(":", 1)[0]:
        return not _is_vlan_or_pkey(tail)
    return False


def initscripts_order(name):
    """Sort key for the order the network service brings interfaces up.

    It lists ifcfg-*, strips ifcfg-, puts a space before the first digit and
    runs `sort -k 1,1 -k 2n` in the C locale: eth2 comes before eth10, and
    ifcfg-eth0.bak after ifcfg-eth0.
    """
    base = os.path.basename(name)
    tail = base[len(PREFIX):] if base.startswith(PREFIX) else base
    m = re.search(r"\d", tail)
    if not m:
        return (tail.encode(), 0.0, tail.encode())
    head, rest = tail[:m.start()], tail[m.start():]
    num = re.match(r"\d+(?:\.\d+)?", rest).group(0)
    return (head.encode(), float(num), (head + " " + rest).encode())


# ---------------------------------------------------------------- per-file checks

def _finding(kind, code, message, fix, ifcfg, key=None):
    line = ifcfg.lines.get(key) if key else None
    make = error if kind == "error" else warning
    return make(code, message, fix, ifcfg.path, line)


def _check_yes_no(ifcfg, key):
    value = ifcfg.get(key)
    if value is None or value in ("yes", "no"):
        return []
    spelled = "%s=%s" % (key, value)
    if key == "ONBOOT":
        if value.lower() in ("yes", "no"):
            return []
        return [_finding("error", "ifcfg-onboot-value",
                         "%s is neither yes nor no; the network service only recognises no (in any case), so "
                         "anything else, including this, starts the interface at boot." % spelled,
                         "Write ONBOOT=yes or ONBOOT=no.", ifcfg, key)]
    if value.lower() in ("yes", "no"):
        return [_finding("warning", "ifcfg-yes-no-case",
                         "%s is not written in lower case; some initscripts versions compare the value with the "
                         "exact word (e.g. [ \"$%s\" = \"no\" ]), so the upper-case spelling may count as the "
                         "opposite there." % (spelled, key),
                         "Write %s=%s." % (key, value.lower()), ifcfg, key)]
    meaning = {
        "NM_CONTROLLED": "whether NetworkManager manages the interface",
        "PEERDNS": "whether /etc/resolv.conf is rewritten with the DNS servers from DHCP or DNS1/DNS2",
    }[key]
    return [_finding("error", "ifcfg-yes-no-value",
                     "%s is not yes or no. %s decides %s; initscripts versions disagree on other spellings "
                     "(older ones treat anything but 'no' as yes)." % (spelled, key, meaning),
                     "Write %s=yes or %s=no." % (key, key), ifcfg, key)]


def _addresses(ifcfg):
    """Check IPADDR/PREFIX/NETMASK (and their numbered forms); return (findings, [IPv4Interface])."""
    findings = []
    interfaces = []
    suffixes = set()
    for key in ifcfg.values:
        m = _KEY_SUFFIX_RE.match(key)
        if m:
            suffixes.add(m.group(2))
    for suffix in sorted(suffixes, key=lambda s: -1 if s == "" else int(s)):
        ip_key, prefix_key, mask_key = "IPADDR" + suffix, "PREFIX" + suffix, "NETMASK" + suffix
        ip_text, prefix_text, mask_text = ifcfg.get(ip_key), ifcfg.get(prefix_key), ifcfg.get(mask_key)
        if ip_text is None:
            for key in (prefix_key, mask_key):
                if ifcfg.get(key) is not None:
                    findings.append(_finding("warning", "ifcfg-prefix-without-address",
                                             "%s is set but %s is not, so it has no effect." % (key, ip_key),
                                             "Add %s or remove %s." % (ip_key, key), ifcfg, key))
            continue
        addr = None
        why = ipv4.ipv4_problem(ip_text)
        if why:
            findings.append(_finding("error", "ifcfg-ipaddr-invalid", "%s=%s %s." % (ip_key, ip_text, why),
                                     "Write the interface's address as four numbers 0-255, e.g. "
                                     "%s=192.168.0.10." % ip_key, ifcfg, ip_key))
        else:
            addr = ipv4.parse_ipv4(ip_text)
        prefix = None
        if prefix_text is not None:
            why = ipv4.prefix_problem(prefix_text)
            if why:
                findings.append(_finding("error", "ifcfg-prefix-invalid", "%s=%s %s." % (prefix_key, prefix_text, why),
                                         "Write the prefix length as a number 0-32, e.g. %s=24 for the lab's "
                                         "/24 network." % prefix_key, ifcfg, prefix_key))
            else:
                prefix = int(prefix_text)
        mask_prefix = None
        if mask_text is not None:
            why = ipv4.netmask_problem(mask_text)
            if why:
                findings.append(_finding("error", "ifcfg-netmask-invalid", "%s=%s %s." % (mask_key, mask_text, why),
                                         "Write a netmask such as %s=255.255.255.0, or use %s=24 instead."
                                         % (mask_key, prefix_key), ifcfg, mask_key))
            else:
                mask_prefix = ipv4.netmask_to_prefix(mask_text)
        if prefix is not None and mask_prefix is not None and prefix != mask_prefix:
            findings.append(_finding("error", "ifcfg-prefix-netmask-mismatch",
                                     "%s=%s and %s=%s disagree (%s is /%d); initscripts use %s and ignore %s."
                                     % (prefix_key, prefix_text, mask_key, mask_text, mask_text, mask_prefix,
                                        prefix_key, mask_key),
                                     "Keep one of them, or make them agree (%s=%s goes with %s=%s)."
                                     % (prefix_key, prefix_text, mask_key, ipv4.prefix_to_netmask(prefix)),
                                     ifcfg, mask_key))
        if prefix is None:
            prefix = mask_prefix
        if addr is None:
            continue
        if prefix is None and prefix_text is None and mask_text is None:
            prefix = ipv4.classful_prefix(addr)
            findings.append(_finding("warning", "ifcfg-prefix-missing",
                                     "%s=%s has neither %s nor %s; initscripts then assume the old class-based "
                                     "prefix /%d for this address." % (ip_key, ip_text, prefix_key, mask_key, prefix),
                                     "Say it explicitly, e.g. %s=24." % prefix_key, ifcfg, ip_key))
        if prefix is None:
            continue
        why = ipv4.host_address_problem(addr, prefix)
        if why:
            findings.append(_finding("error", "ifcfg-ipaddr-not-host", "%s=%s %s." % (ip_key, ip_text, why),
                                     "Use a host address inside the network, e.g. 192.168.0.10 in the lab.",
                                     ifcfg, ip_key))
            continue
        interfaces.append(ipv4.interface(addr, prefix))
    if interfaces:
        net = interfaces[0].network
        for key, expected in (("NETWORK", net.network_address), ("BROADCAST", net.broadcast_address)):
            value = ifcfg.get(key)
            if value is not None and value != str(expected):
                findings.append(_finding("error", "ifcfg-%s-mismatch" % key.lower(),
                                         "%s=%s does not match the interface's network %s (it should be %s)%s."
                                         % (key, value, net, expected,
                                            "; ifup-eth compares the gateway with NETWORK, so no default route "
                                            "would be set" if key == "NETWORK" else ""),
                                         "Remove the %s line (initscripts compute it) or set %s=%s."
                                         % (key, key, expected), ifcfg, key))
    return findings, interfaces


def primary_interface(ifcfg):
    """The IPv4Interface of the file's first valid address (the one ifup-eth checks GATEWAY against), or None."""
    interfaces = _addresses(ifcfg)[1]
    return interfaces[0] if interfaces else None


def _gateway_findings(ifcfg, iface, allow_gateway, key="GATEWAY"):
    value = ifcfg.get(key)
    if gateway_is_none(value):
        return []
    problem = ipv4.gateway_problem(value, iface, allow_gateway)
    if problem is None:
        return []
    kind, detail = problem
    message = "%s=%s %s." % (key, value, detail)
    if kind == ipv4.GW_INVALID:
        if value.lower() in ("no", "none"):
            message += " Only an empty GATEWAY=, GATEWAY=no or GATEWAY=NO means 'no gateway'."
        message += (" Old initscripts accept it without complaint: the interface comes up and simply gets no "
                    "default route, so the mistake goes unnoticed.")
    elif kind == ipv4.GW_OUTSIDE:
        message += " initscripts drop such a gateway without a message, so no default route is set."
    return [_finding("error", "ifcfg-gateway-%s" % kind, message,
                     ipv4.gateway_fix(kind, iface, "Remove the %s line or set %s= (empty)" % (key, key),
                                      allow_gateway),
                     ifcfg, key)]


def check_file(ifcfg, allow_gateway=True):
    """Check one ifcfg file: its syntax findings plus every per-file rule.

    The returned list starts with ifcfg.findings, so check_file(parse_ifcfg(text, path))
    is the complete verdict on one file.
    """
    findings = list(ifcfg.findings)
    for key in ifcfg.values:
        if key != key.upper() and key.upper() in KNOWN_KEYS:
            findings.append(_finding("warning", "ifcfg-key-case",
                                     "%s is not %s: shell variables are case-sensitive and initscripts read %s, "
                                     "so this line has no effect." % (key, key.upper(), key.upper()),
                                     "Write %s=%s." % (key.upper(), ifcfg.values[key]), ifcfg, key))
    for key in YES_NO_KEYS:
        findings.extend(_check_yes_no(ifcfg, key))

    bootproto = ifcfg.get("BOOTPROTO")
    if bootproto is not None and bootproto not in BOOTPROTOS:
        if bootproto.lower() in BOOTPROTOS:
            message = ("BOOTPROTO=%s: initscripts compare BOOTPROTO with the lower-case words, so this counts as "
                       "a static configuration, not %s." % (bootproto, bootproto.lower()))
        else:
            message = ("BOOTPROTO=%s is not one of none, static, dhcp, bootp; initscripts treat anything but dhcp "
                       "or bootp as a static configuration." % bootproto)
        findings.append(_finding("error", "ifcfg-bootproto-invalid", message,
                                 "Write BOOTPROTO=none (static address, as in the lab) or BOOTPROTO=dhcp.",
                                 ifcfg, "BOOTPROTO"))

    address_findings, interfaces = _addresses(ifcfg)
    findings.extend(address_findings)
    is_port = any(ifcfg.get(k) for k in ("MASTER", "BRIDGE", "TEAM_MASTER")) or ifcfg.get("SLAVE") == "yes"
    if bootproto in ("none", "static") and ifcfg.get("IPADDR") is None and not is_port and not any(
            k.startswith("IPADDR") for k in ifcfg.values):
        findings.append(_finding("error", "ifcfg-ipaddr-missing",
                                 "BOOTPROTO=%s means a static address, but there is no IPADDR; the interface comes "
                                 "up without an IPv4 address." % bootproto,
                                 "Add IPADDR= and PREFIX= (e.g. IPADDR=192.168.0.10 and PREFIX=24), or use "
                                 "BOOTPROTO=dhcp.", ifcfg, "BOOTPROTO"))

    findings.extend(_gateway_findings(ifcfg, interfaces[0] if interfaces else None, allow_gateway))

    for key in DNS_KEYS:
        value = ifcfg.get(key)
        if value is None or value == "":
            continue
        why = ipv4.ipv4_problem(value)
        if why:
            findings.append(_finding("error", "ifcfg-dns-invalid", "%s=%s %s." % (key, value, why),
                                     "Write the DNS server's address, e.g. %s=192.168.0.10." % key, ifcfg, key))
        elif value == "0.0.0.0":
            findings.append(_finding("warning", "ifcfg-dns-zero",
                                     "%s=0.0.0.0 ends up as 'nameserver 0.0.0.0', which not every resolver "
                                     "client accepts." % key,
                                     "Use %s=127.0.0.1 for a name server on this host." % key, ifcfg, key))

    device = ifcfg.get("DEVICE")
    if (device and is_read_by_initscripts(ifcfg.name) and device != ifcfg.config_name
            and not looks_like_backup(ifcfg.path, device)):
        findings.append(_finding("warning", "ifcfg-device-name-mismatch",
                                 "DEVICE=%s does not match the file name %s; `ifup %s` looks for ifcfg-%s first, "
                                 "so this file is easy to overlook and to duplicate." % (device, ifcfg.name, device,
                                                                                         device),
                                 "Name the file ifcfg-%s, or make DEVICE match the file name." % device,
                                 ifcfg, "DEVICE"))
    return findings


def check_network_file(network, ifcfg_files=(), allow_gateway=True):
    """Check /etc/sysconfig/network: NETWORKING and its GATEWAY (used by every interface without one)."""
    findings = []
    if network is None:
        return findings
    findings.extend(network.findings)
    if network.get("NETWORKING") == "no":
        findings.append(_finding("error", "ifcfg-networking-off",
                                 "NETWORKING=no: the network service exits at once and brings no interface up.",
                                 "Set NETWORKING=yes.", network, "NETWORKING"))
    value = network.get("GATEWAY")
    if gateway_is_none(value):
        return findings
    problem = ipv4.gateway_problem(value, None, allow_gateway)
    if problem is None:
        networks = {i.network for i in map(primary_interface, ifcfg_files) if i is not None}
        gw = ipv4.parse_ipv4(value)
        if networks and not any(gw in net for net in networks):
            problem = (ipv4.GW_OUTSIDE, "is outside every interface's network (%s); initscripts drop such a "
                                        "gateway without a message" % ", ".join(sorted(map(str, networks))))
    if problem is not None:
        kind, detail = problem
        findings.append(_finding("error", "ifcfg-gateway-%s" % kind,
                                 "GATEWAY=%s in %s %s. It applies to every interface whose file has no GATEWAY."
                                 % (value, network.path, detail),
                                 ipv4.gateway_fix(kind, None, "Remove the GATEWAY line or set GATEWAY= (empty)",
                                                  allow_gateway),
                                 network, "GATEWAY"))
    return findings


# ---------------------------------------------------------------- directory

def effective_gateway(network_file_values, ifcfg_files, network_path=NETWORK_FILE):
    """The GATEWAY that wins and where it comes from: (value, source_path), (None, None) if none is set.

    Course rule: the last one read wins; /etc/sysconfig/network is read first, then the ifcfg files in the
    order the network service brings them up (initscripts_order). `network_file_values` is an IfcfgFile, a
    dict of its values, or None. Files the network service skips are left out: names initscripts do not
    read and files with ONBOOT=no. An assignment counts even when it is empty (GATEWAY= overrides an
    earlier value); test the result with gateway_is_none().
    """
    value, source = None, None
    if isinstance(network_file_values, IfcfgFile):
        network_path = network_file_values.path
        network_file_values = network_file_values.values
    if network_file_values and "GATEWAY" in network_file_values:
        value, source = network_file_values["GATEWAY"], network_path
    live = [f for f in ifcfg_files if is_read_by_initscripts(f.path)]
    for f in sorted(live, key=lambda f: initscripts_order(f.path)):
        if (f.get("ONBOOT") or "").lower() == "no":
            continue
        if "GATEWAY" in f.values:
            value, source = f.values["GATEWAY"], f.path
    return value, source


def check_directory(directory=None, files=None, allow_gateway=True):
    """Read every ifcfg-* in `directory` and the `files` overlay; check them alone and together.

    files: list of {"path": ..., "content": str or None}. content None reads the path from disk; a string is
    the candidate that will replace that path (a rendered template, validated before it goes live) and
    replaces the on-disk file with the same path.

    Returns (ifcfg_files, findings): ifcfg_files are the files initscripts read, in the order the network
    service brings them up. Explicit `files` that initscripts would not read are checked on their own only.
    """
    findings = []
    sources = {}
    if directory and os.path.isdir(directory):
        for name in sorted(os.listdir(directory)):
            path = os.path.join(directory, name)
            if name.startswith(PREFIX) and os.path.isfile(path):
                sources[os.path.normpath(path)] = (path, None, False)
    for entry in files or ():
        path = entry["path"]
        sources[os.path.normpath(path)] = (path, entry.get("content"), True)

    live = []
    for key in sorted(sources):
        path, content, explicit = sources[key]
        name = os.path.basename(path)
        read = is_read_by_initscripts(name)
        if name.startswith(PREFIX) and name.endswith(".old"):
            findings.append(warning(
                "ifcfg-old-suffix",
                "%s is skipped by the network service only in initscripts from 2017 on (CentOS 7.5 and later); "
                "CentOS 5 and 6 read it like a real interface file." % name,
                "Keep backups outside network-scripts, e.g. in /root/backup/ (or end the name in .orig, which "
                "every version skips).", path))
        if not (read or explicit):
            continue
        if content is None:
            try:
                content = read_text(path)
            except (IOError, OSError) as exc:
                findings.append(unreadable(path, exc, "interface file", FIX_ROOT_READS))
                continue
        parsed = parse_ifcfg(content, path)
        if read:
            live.append(parsed)
        else:
            findings.extend(check_file(parsed, allow_gateway))
    live.sort(key=lambda f: initscripts_order(f.path))

    by_device = {}
    for f in live:
        findings.extend(check_file(f, allow_gateway))
        device = f.get("DEVICE")
        if looks_like_backup(f.path, device):
            findings.append(_backup_finding(f, live))
        else:
            by_device.setdefault(f.device, []).append(f)
    for device, group in sorted(by_device.items()):
        if len(group) > 1:
            names = [g.name for g in group]
            findings.append(error(
                "ifcfg-duplicate-device",
                "%s is configured by %d files that are all read at network start: %s; the one read last (%s) "
                "wins, including its GATEWAY." % (device, len(group), ", ".join(names), names[-1]),
                "Keep one file per device (ifcfg-%s) and move the others out of network-scripts, e.g. to "
                "/root/backup/." % device, group[-1].path, group[-1].lines.get("DEVICE")))
    return live, findings


def _backup_finding(f, live):
    same = [g.name for g in live if g is not f and g.device == f.device
            and not looks_like_backup(g.path, g.get("DEVICE"))]
    message = "%s is read at network start like a real interface file" % f.name
    if same:
        message += "; it configures %s again, like %s" % (f.device, ", ".join(same))
    gateway = f.get("GATEWAY")
    if gateway is not None:
        message += ", and its settings may win, including GATEWAY=%s" % gateway
    else:
        message += "; its settings (e.g. GATEWAY) may win"
    message += "."
    if f.name.endswith(("~", ".bak")):
        message += (" (The network service of current initscripts happens to skip names ending in .bak or ~; "
                    "the course counts them as read because only .old, .orig, .rpmnew, .rpmorig and .rpmsave "
                    "are documented as skipped.)")
    return error("ifcfg-backup-read", message,
                 "Move it out of network-scripts, e.g. mv %s /root/backup/; if it must stay, end its name in "
                 ".orig, which every initscripts version and NetworkManager skip." % f.path,
                 f.path)
