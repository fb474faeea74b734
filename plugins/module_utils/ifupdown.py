# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Debian ifupdown: /etc/network/interfaces and the files it sources.

The parser follows ifupdown 0.8 (Debian 12): a line whose first non-blank
character is # is a comment (there are no end-of-line comments), a trailing
backslash continues a line, words are separated by ASCII white space only.
Some mistakes make ifupdown refuse the whole file ("misplaced option",
"option with empty value", an iface line it cannot read): `ifup` then
configures no interface from it. Repeated options other than
pre-up/up/down/post-down are joined with a newline, as ifupdown does.

The static method brings the gateway up with
``ip route add default via <gateway> dev <iface> onlink``: because of
``onlink`` the kernel accepts a gateway outside the interface's network
without complaint. There is no "no" spelling: no gateway means no gateway
line.

Gateway and address rules are shared with the ifcfg checks (module_utils.ipv4).
"""

from __future__ import annotations

import fnmatch
import glob
import os
import re

from .findings import error, warning
from .validator import read_text
from . import ipv4
from .ifcfg import has_backup_suffix

INTERFACES = "/etc/network/interfaces"
INTERFACES_D = "/etc/network/interfaces.d"

# ifupdown's address families and their methods (Linux).
METHODS = {
    "inet": ("loopback", "static", "manual", "dhcp", "bootp", "tunnel", "ppp", "wvdial", "ipv4ll"),
    "inet6": ("auto", "loopback", "static", "manual", "dhcp", "v4tunnel", "6to4"),
    "link": ("none", "loopback"),
    "can": ("static",),
    "ipx": ("static", "dynamic"),
}
COMMAND_OPTIONS = ("pre-up", "up", "down", "post-down")
_SPACE = " \t\n\v\f\r"                      # C isspace(): what ifupdown splits words on
_ODD_SPACE_RE = re.compile("[\u00a0\u2000-\u200b\u202f\u3000]")
_RUN_PARTS_NAME_RE = re.compile(r"^[A-Za-z0-9_-]+$")


class Stanza(object):
    """One iface (or mapping) stanza.

    options: option name -> value (repeated options joined with a newline, as ifupdown does)
    option_lines: option name -> line of its first occurrence
    all_lines: option name -> every line it occurs on
    """

    __slots__ = ("kind", "name", "family", "method", "options", "line", "option_lines", "all_lines", "path")

    def __init__(self, kind, name, family, method, options=None, line=None, option_lines=None, path=None):
        self.kind = kind
        self.name = name
        self.family = family
        self.method = method
        self.options = options if options is not None else {}
        self.line = line
        self.option_lines = option_lines if option_lines is not None else {}
        self.all_lines = {}
        self.path = path

    def __repr__(self):
        return "Stanza(%r, %r, %r, %r, %r, line=%r)" % (self.kind, self.name, self.family, self.method,
                                                        self.options, self.line)


class InterfacesFile(object):
    """One parsed interfaces file.

    stanzas: iface and mapping stanzas in file order
    auto: names from auto and allow-* lines (auto_lines: name -> first line)
    sources: (directive, argument, line) for source and source-directory lines
    findings: syntax findings
    """

    __slots__ = ("path", "stanzas", "auto", "auto_lines", "sources", "findings")

    def __init__(self, path="interfaces"):
        self.path = path
        self.stanzas = []
        self.auto = []
        self.auto_lines = {}
        self.sources = []
        self.findings = []

    def __repr__(self):
        return "InterfacesFile(%r, %d stanzas)" % (self.path, len(self.stanzas))


def _logical_lines(text):
    """Yield (first_line_number, text) the way ifupdown's get_line() reads them."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    i = 0
    while i < len(lines):
        number = i + 1
        line = lines[i].lstrip(_SPACE)
        i += 1
        if line.startswith("#"):
            continue
        while line.endswith("\\") and i < len(lines):
            line = line[:-1] + lines[i]
            i += 1
        yield number, line.rstrip(_SPACE)


def _words(line):
    return [w for w in re.split("[%s]+" % re.escape(_SPACE), line) if w]


def parse_interfaces(text, path="interfaces"):
    """Parse interfaces(5) text into an InterfacesFile."""
    result = InterfacesFile(path)
    current = None                          # the stanza options attach to, or None

    def fatal(code, message, fix, line):
        result.findings.append(error(code, message + " ifupdown refuses the whole file, so `ifup` configures "
                                     "no interface from it.", fix, path, line))

    for number, line in _logical_lines(text):
        if not line:
            continue
        odd = _ODD_SPACE_RE.search(line)
        if odd:
            result.findings.append(error(
                "ifupdown-odd-space",
                "Line %d contains a non-breaking or other Unicode space (U+%04X), often pasted from a web page; "
                "ifupdown does not treat it as a space, so the words around it run together." % (number,
                                                                                                 ord(odd.group(0))),
                "Retype the spaces on this line with the space bar.", path, number))
        words = _words(line)
        first, args = words[0], words[1:]
        rest = line[len(first):].lstrip(_SPACE)
        if first == "iface":
            current = None
            if len(args) < 1:
                fatal("ifupdown-iface-syntax", "The iface line has no interface name.",
                      "Write: iface <name> inet static (or dhcp, manual, loopback).", number)
                continue
            name, family, method = args[0], None, None
            if len(args) >= 2 and args[1] == "inherits":
                if len(args) < 3:
                    fatal("ifupdown-iface-syntax", "'inherits' is missing the stanza to inherit from.",
                          "Write: iface %s inherits <other>." % name, number)
                    continue
            else:
                family = args[1] if len(args) >= 2 else None
                method = args[2] if len(args) >= 3 else None
                if family not in METHODS:
                    fatal("ifupdown-iface-syntax",
                          "iface %s: '%s' is not an address family (ifupdown: unknown or no address type)."
                          % (name, family or ""),
                          "Write: iface %s inet static (inet is IPv4, inet6 is IPv6)." % name, number)
                    continue
                if method not in METHODS[family]:
                    fatal("ifupdown-iface-syntax",
                          "iface %s %s: '%s' is not a method of %s (ifupdown: unknown or no method)."
                          % (name, family, method or "", family),
                          "Use one of: %s." % ", ".join(METHODS[family]), number)
                    continue
            current = Stanza("iface", name, family, method, line=number, path=path)
            result.stanzas.append(current)
        elif first == "mapping":
            current = Stanza("mapping", args[0] if args else "", None, None, line=number, path=path)
            result.stanzas.append(current)
        elif first == "auto" or (first.startswith("allow-") and len(first) > 6):
            current = None
            for name in args:
                if name not in result.auto_lines:
                    result.auto.append(name)
                    result.auto_lines[name] = number
        elif first == "source" or first.startswith("source-dir"):
            current = None
            result.sources.append(("source" if first == "source" else "source-directory", rest, number))
        elif first in ("no-auto-down", "no-scripts"):
            current = None
        elif current is None:
            fatal("ifupdown-misplaced-option",
                  "'%s' is an option line, but no iface stanza is open here (ifupdown: misplaced option)." % line,
                  "Put options directly under their 'iface <name> inet ...' line; an auto, allow-*, source or "
                  "mapping line between them closes the stanza.", number)
        elif current.kind == "mapping":
            if first not in ("script", "map"):
                fatal("ifupdown-misplaced-option",
                      "'%s' is not valid in a mapping stanza (only script and map are)." % first,
                      "Start an iface stanza before this option.", number)
            else:
                _add_option(current, first, rest, number)
        elif not rest:
            fatal("ifupdown-empty-option", "The option '%s' has no value (ifupdown: option with empty value)." % first,
                  "Give it a value (e.g. '%s 192.168.0.10') or delete the line." % first, number)
        else:
            name = {"post-up": "up", "pre-down": "down"}.get(first, first)
            _add_option(current, name, rest, number)
    return result


def _add_option(stanza, name, value, number):
    if name in stanza.options:
        stanza.options[name] += "\n" + value
        stanza.all_lines[name].append(number)
    else:
        stanza.options[name] = value
        stanza.option_lines[name] = number
        stanza.all_lines[name] = [number]


def find_iface(files, name, family="inet"):
    """The first iface stanza for `name` and `family` in the files (in read order), or None."""
    for f in files:
        for stanza in f.stanzas:
            if stanza.kind == "iface" and stanza.name == name and stanza.family == family:
                return stanza
    return None


def _first(value):
    return value.split("\n", 1)[0] if value is not None else None


def stanza_address(stanza):
    """(IPv4Address or None, prefix or None) of a static stanza.

    Handles 'address 192.168.0.10/24' and 'address' + 'netmask' (dotted or a
    prefix length). As in ifupdown, a netmask line wins over a /prefix on the
    address line. Without either the prefix is None (ip then uses /32).
    """
    address = _first(stanza.options.get("address"))
    if not address:
        return None, None
    text, _unused, suffix = address.partition("/")
    addr = ipv4.parse_ipv4(text)
    prefix = _prefix_of(suffix) if suffix else None
    netmask = _first(stanza.options.get("netmask"))
    if netmask:
        prefix = _prefix_of(netmask)
    return addr, prefix


def _prefix_of(text):
    """A prefix length from '24' or from a dotted netmask, else None."""
    if text.isdigit():
        return ipv4.parse_prefix(text)
    return ipv4.netmask_to_prefix(text)


def _mask_problem(text):
    if text.isdigit():
        return ipv4.prefix_problem(text)
    return ipv4.netmask_problem(text)


def check_stanza(stanza, path, allow_gateway=True):
    """Check one IPv4 iface stanza (inet family); other stanzas give no findings."""
    findings = []
    if stanza.kind != "iface" or stanza.family != "inet":
        return findings
    label = "iface %s" % stanza.name

    def at(option):
        return stanza.option_lines.get(option, stanza.line)

    gateway = stanza.options.get("gateway")
    if gateway is not None and len(stanza.all_lines["gateway"]) > 1:
        lines = stanza.all_lines["gateway"]
        findings.append(error(
            "ifupdown-gateway-repeated",
            "%s has %d gateway lines (lines %s); a host has one default route, and ifupdown joins repeated "
            "options into one value, which breaks the route command." % (label, len(lines),
                                                                         ", ".join(map(str, lines))),
            "Keep one gateway line%s." % ("" if allow_gateway else ", or none at all for the lab"), path, lines[1]))
        gateway = _first(gateway)

    if stanza.method == "static":
        address = _first(stanza.options.get("address"))
        iface = None
        if not address:
            findings.append(error("ifupdown-address-missing",
                                  "%s uses the static method but has no address line; ifup fails with "
                                  "'missing required variable: address'." % label,
                                  "Add '    address 192.168.0.10/24' under the iface line.", path, stanza.line))
        else:
            text, slash, suffix = address.partition("/")
            netmask = _first(stanza.options.get("netmask"))
            why = ipv4.ipv4_problem(text)
            if why:
                findings.append(error("ifupdown-address-invalid", "address %s: %s %s." % (address, text, why),
                                      "Write the address with its prefix length, e.g. address 192.168.0.10/24.",
                                      path, at("address")))
            if slash and _mask_problem(suffix):
                findings.append(error("ifupdown-prefix-invalid",
                                      "address %s: the prefix length '%s' %s." % (address, suffix,
                                                                                  _mask_problem(suffix)),
                                      "Write a prefix length 0-32 after the slash, e.g. /24.", path, at("address")))
            if netmask is not None and _mask_problem(netmask):
                findings.append(error("ifupdown-netmask-invalid",
                                      "netmask %s %s." % (netmask, _mask_problem(netmask)),
                                      "Write 'netmask 255.255.255.0' or 'netmask 24', or drop the line and write "
                                      "address 192.168.0.10/24.", path, at("netmask")))
            if slash and netmask is not None and not _mask_problem(suffix) and not _mask_problem(netmask) \
                    and _prefix_of(suffix) != _prefix_of(netmask):
                findings.append(error("ifupdown-prefix-netmask-mismatch",
                                      "address %s and netmask %s disagree; ifupdown uses the netmask line."
                                      % (address, netmask),
                                      "Keep one of them (address %s/%d is enough)." % (text, _prefix_of(suffix)),
                                      path, at("netmask")))
            if not slash and netmask is None and not why:
                findings.append(error("ifupdown-netmask-missing",
                                      "address %s has no prefix length and there is no netmask line; ip then gives "
                                      "the interface a /32 address, so no other host on its network is reachable "
                                      "directly." % address,
                                      "Write address %s/24 (the lab network is a /24)." % text, path, at("address")))
            addr, prefix = stanza_address(stanza)
            if addr is not None and prefix is not None:
                host_why = ipv4.host_address_problem(addr, prefix)
                if host_why:
                    findings.append(error("ifupdown-address-not-host", "address %s %s." % (address, host_why),
                                          "Use a host address inside the network, e.g. 192.168.0.10/24 in the lab.",
                                          path, at("address")))
                else:
                    iface = ipv4.interface(addr, prefix)
        if gateway is not None:
            findings.extend(_gateway_findings(stanza, gateway, iface, allow_gateway, path, at("gateway")))
    elif gateway is not None:
        if stanza.method == "dhcp" or not allow_gateway:
            findings.append(warning("ifupdown-gateway-ignored",
                                    "%s uses the %s method, which has no gateway option; 'gateway %s' is ignored%s."
                                    % (label, stanza.method, gateway,
                                       "" if allow_gateway else " (and the lab network has no default gateway)"),
                                    "Delete the gateway line.", path, at("gateway")))
    return findings


def _gateway_findings(stanza, value, iface, allow_gateway, path, line):
    problem = ipv4.gateway_problem(value, iface, allow_gateway)
    if problem is None:
        return []
    kind, detail = problem
    message = "gateway %s %s." % (value, detail)
    if kind == ipv4.GW_INVALID:
        message += (" ifup runs 'ip route add default via %s ... onlink', and ip may read a short form as another "
                    "address (1 becomes 1.0.0.0) without complaint." % value)
        if value.lower() in ("no", "none"):
            message += " ifupdown has no spelling for 'no gateway': leave the line out."
    elif kind == ipv4.GW_OUTSIDE:
        message += (" ifupdown adds the route with 'onlink', so the kernel accepts it without complaint and sends "
                    "traffic for other networks to an address nobody on the link answers for.")
    fix = ipv4.gateway_fix(kind, iface, "Delete the gateway line", allow_gateway)
    return [error("ifupdown-gateway-%s" % kind, message, fix, path, line)]


# ---------------------------------------------------------------- files and directories

def looks_like_backup(name):
    """True when a file name in /etc/network/interfaces.d looks like a backup or editor copy.

    Debian's default `source /etc/network/interfaces.d/*` reads every file there (only names starting with
    a dot are left out by the glob), so eth0.bak, eth0~ and eth0.dpkg-old are read too.
    """
    base = os.path.basename(name)
    return not base.startswith(".") and has_backup_suffix(base)


def read_by_source_directory(name):
    """True when `source-directory` reads this name: like run-parts, only letters, digits, '_' and '-'."""
    return bool(_RUN_PARTS_NAME_RE.match(os.path.basename(name)))


def backup_finding(path, directive="source"):
    """The finding for a backup-looking file that `directive` reads."""
    base = os.path.basename(path)
    if directive == "source":
        how = ("'source %s/*' reads every file in that directory, so its stanzas are configured as well ("
               "'source-directory' would skip names with a dot such as eth0.bak, but still read eth0-bak)"
               % os.path.dirname(path))
    else:
        how = ("'source-directory' reads every file whose name has only letters, digits, '_' and '-', so this "
               "one is configured as well")
    return error("ifupdown-backup-read",
                 "%s looks like a backup, but %s; a second stanza for the same interface, or a second gateway, "
                 "makes ifup fail or configure the old settings." % (base, how),
                 "Move it out of %s, e.g. mv %s /root/backup/." % (os.path.dirname(path) or INTERFACES_D, path),
                 path)


def read_interfaces(path=INTERFACES, overlay=None):
    """Read `path` and every file it sources, in ifupdown's order; returns a list of InterfacesFile.

    overlay: {path: text} used instead of the files on disk (e.g. a rendered template); an overlay path
    that matches a `source` pattern is read even when it does not exist yet. Files that cannot be read
    are left out, as ifupdown does with a warning.
    """
    return [f for f, _unused in read_interfaces_with_directives(path, overlay)]


def read_interfaces_with_directives(path=INTERFACES, overlay=None):
    """Like read_interfaces(), but returns (InterfacesFile, directive) pairs; directive is None for `path`."""
    overlay = overlay or {}
    seen = set()
    out = []

    def load(file_path, directive):
        key = os.path.normpath(file_path)
        if key in seen:
            return
        seen.add(key)
        if file_path in overlay or key in overlay:
            text = overlay[file_path] if file_path in overlay else overlay[key]
        else:
            try:
                text = read_text(file_path)
            except (IOError, OSError):
                return
        parsed = parse_interfaces(text, file_path)
        out.append((parsed, directive))
        base = os.path.dirname(file_path)
        for kind, argument, _unused in parsed.sources:
            pattern = argument if argument.startswith("/") else os.path.join(base, argument)
            if kind == "source":
                candidates = set(glob.glob(pattern)) | set(fnmatch.filter(overlay, pattern))
                for candidate in sorted(candidates):
                    if candidate in overlay or os.path.isfile(candidate):
                        load(candidate, kind)
            else:
                for directory in sorted(glob.glob(pattern)):
                    if os.path.isdir(directory):
                        for name in sorted(os.listdir(directory)):
                            if read_by_source_directory(name):
                                load(os.path.join(directory, name), kind)

    load(path, None)
    return out


def check_interfaces(files, allow_gateway=True, directives=None):
    """Check files read together (read_interfaces order): syntax, every inet stanza, backups, gateways.

    directives: optional list parallel to `files` with the directive that read each file ("source",
    "source-directory" or None); backup-looking names are reported for files read by a directive.
    """
    findings = []
    gateways = []
    for index, f in enumerate(files):
        findings.extend(f.findings)
        directive = directives[index] if directives else (None if index == 0 else "source")
        if directive and looks_like_backup(f.path):
            findings.append(backup_finding(f.path, directive))
        for stanza in f.stanzas:
            findings.extend(check_stanza(stanza, f.path, allow_gateway))
            if stanza.kind == "iface" and stanza.family == "inet" and "gateway" in stanza.options:
                gateways.append((f.path, stanza))
    if len(gateways) > 1:
        where = ", ".join("%s in %s line %d" % (s.name, p, s.option_lines["gateway"]) for p, s in gateways)
        last_path, last = gateways[-1]
        findings.append(error("ifupdown-gateway-twice",
                              "%d stanzas set a gateway (%s); a host has one default route, so the second "
                              "'ip route add default' fails with 'File exists' and ifup reports that interface "
                              "as failed." % (len(gateways), where),
                              "Keep at most one gateway line%s." % ("" if allow_gateway else
                                                                    " (none for the lab)"),
                              last_path, last.option_lines["gateway"]))
    return findings
