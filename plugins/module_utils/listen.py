# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Who listens where: find every address:port that two daemons claim.

The trainees' most common mail-day failure is two daemons on one port: stunnel
keeps its sample ``[pop3s]`` section while Dovecot serves 995 ("Error binding
pop3s to 0.0.0.0:995 ... Address already in use (98)"), or smtps is started by
stunnel standalone *and* by the superserver. This module reads the configs the
roles render (and optionally what ``ss`` shows is listening now), turns each
into claims, and reports every overlap before anything is restarted.

Sources (``claims_from(kind, text, path)``):

``stunnel``
    stunnel.conf; each ``[service]`` section's ``accept = [host:]port``. A
    file without service sections is inetd mode: stunnel binds nothing itself.
``dovecot``
    ``doveconf -n`` output or dovecot.conf: ``protocols``, ``listen`` and
    ``service X { inet_listener Y { port, address } }``. An enabled protocol
    without an explicit listener gets Dovecot's default listeners (pop3 110,
    pop3s 995, imap 143, imaps 993, submission 587; lmtp none). Without a
    ``protocols`` line the built-in default ``imap pop3 lmtp`` applies.
    ``port = 0`` disables a listener.
``xinetd``
    a file of /etc/xinetd.d: ``service NAME { port, bind, disable,
    socket_type, protocol, flags }``; the port defaults to the service name
    looked up in ``SERVICES``.
``systemd_socket``
    a .socket unit: ``ListenStream=`` (tcp) and ``ListenDatagram=`` (udp).
    A bare port binds ``[::]`` dual-stack (systemd's default); pass
    ``enabled=False`` for a unit that is not enabled.
``postfix_master``
    master.cf: every uncommented ``inet`` service, ``[host:]port``; without a
    host the service binds ``inet_interfaces`` (default ``all``).
``tcpserver``
    a daemontools ``run`` script: ``tcpserver [opts] host port prog``.
``named``
    named.conf ``listen-on [port N] { ... };`` and ``listen-on-v6``; without
    ``listen-on`` named binds port 53 on every IPv4 address; without
    ``listen-on-v6`` no IPv6 claim is made (named -4, as in the course).
``sockets``
    ``ss -ltnH`` / ``ss -lunH`` / ``ss -H -ltunp`` output: what is listening
    now, with the process name when ss shows one.

Overlap rules (kept simple on purpose): only TCP vs TCP and UDP vs UDP
conflict; the same address conflicts; ``0.0.0.0`` conflicts with every IPv4
address on the port; ``::`` conflicts with every IPv6 address and, unless the
claim is IPv6-only, with every IPv4 address too (Linux default
``net.ipv6.bindv6only = 0``). Dovecot's ``::``, Postfix's and named's IPv6
sockets and ss's ``[::]`` are IPv6-only; ss's ``*`` and systemd's bare ports are
dual-stack. Host names only conflict with the same name or a wildcard.

Live sockets rule: a socket that is already listening is not a conflict when
its process belongs to the program whose config claims the port (dovecot for
``dovecot``, stunnel/stunnel4 for ``stunnel``, xinetd, systemd (PID 1) for
``systemd_socket``, Postfix's ``master``, tcpserver, named): restarting that
program frees the port first. Sockets of programs named in ``ignore_owners``
are ignored altogether (use it for daemons the play stops before it starts the
others). A listening socket whose process ss does not name (ss without root or
without ``-p``) only gives a warning. Two live sockets are never compared: the
kernel already let both bind.
"""

from __future__ import annotations

import ipaddress
import os
import re
import shlex

from .findings import error, warning
from .syntax import WILDCARD4, WILDCARD6, iter_ini, normalize_host, resolve_port, split_host_port
from .validator import read_text

KINDS = ("stunnel", "dovecot", "xinetd", "systemd_socket", "postfix_master",
         "tcpserver", "named", "sockets")

# Process names (as ss shows them) of the program behind each kind.
PROGRAMS = {
    "stunnel": ("stunnel", "stunnel3", "stunnel4", "stunnel5"),
    "dovecot": ("dovecot",),
    "xinetd": ("xinetd",),
    "systemd_socket": ("systemd",),
    "postfix_master": ("master",),
    "tcpserver": ("tcpserver",),
    "named": ("named",),
}

SUPERSERVERS = ("xinetd", "systemd_socket")


# ---------------------------------------------------------------------------
# Claims
# ---------------------------------------------------------------------------

class Claim(object):
    """One address:port/proto that a daemon binds (or will bind)."""

    __slots__ = ("address", "port", "proto", "owner", "path", "line", "kind",
                 "program", "service", "group", "v6only", "live", "pid")

    def __init__(self, address, port, proto, owner, kind, path=None, line=None,
                 program=None, service=None, group=None, v6only=False, live=False, pid=None):
        self.address = address
        self.port = port
        self.proto = proto
        self.owner = owner
        self.kind = kind
        self.path = path
        self.line = line
        self.program = program if program is not None else (PROGRAMS.get(kind, ("",))[0])
        self.service = service
        self.group = group if group is not None else (kind, path, service)
        self.v6only = v6only
        self.live = live
        self.pid = pid

    def endpoint(self):
        if ":" in self.address:
            return "[%s]:%s/%s" % (self.address, self.port, self.proto)
        return "%s:%s/%s" % (self.address, self.port, self.proto)

    def effective_kind(self):
        """The config kind, or for a live socket the kind of its program."""
        if not self.live:
            return self.kind
        return kind_of_program(self.program)

    def as_dict(self):
        return {
            "address": self.address,
            "port": self.port,
            "proto": self.proto,
            "owner": self.owner,
            "path": self.path,
            "line": self.line,
            "kind": self.kind,
            "program": self.program,
            "service": self.service,
            "live": self.live,
        }

    def __repr__(self):
        return "Claim(%s, %r)" % (self.endpoint(), self.owner)


def kind_of_program(name):
    name = (name or "").lower()
    for kind, names in PROGRAMS.items():
        if name in names:
            return kind
    return None


def _where(path, line):
    if path and line:
        return "%s:%d" % (path, line)
    return path or ""


def _owner(text, path, line):
    where = _where(path, line)
    return "%s %s" % (text, where) if where else text


def claims_from(kind, text, path=None, name=None, **options):
    """Claims of one source. ``kind`` is one of ``KINDS``.

    ``path`` names the file in messages; ``name`` identifies a source given
    as content only. Options per kind: ``enabled`` (systemd_socket),
    ``inet_interfaces``/``inet_protocols`` (postfix_master), ``protocols``
    (dovecot, overrides the file), ``proto`` (sockets: tcp or udp for ss
    output without a Netid column), ``services`` (port-name table).
    """
    parser = _PARSERS.get(kind)
    if parser is None:
        raise ValueError("unknown source kind %r (expected one of %s)" % (kind, ", ".join(KINDS)))
    return parser(text or "", path, name or path or kind, **options)


def _stunnel_claims(text, path, ident, services=None, **_):
    claims = []
    sections = set()
    for entry in iter_ini(text):
        if entry.key is None:
            sections.add(entry.section)
            continue
        if entry.section is None or entry.key.lower() != "accept":
            continue
        try:
            host, port = split_host_port(entry.value, services=services)
        except ValueError:
            continue
        if port is None:
            continue
        host = WILDCARD4 if host == "*" else host
        claims.append(Claim(host, port, "tcp",
                            _owner("stunnel [%s]" % entry.section, path, entry.line),
                            "stunnel", path, entry.line, service=entry.section,
                            group=("stunnel", ident, entry.section)))
    return claims


# --- brace-structured configs: dovecot.conf and xinetd ----------------------

class Block(object):
    """A ``name args { ... }`` block of dovecot.conf or an xinetd file."""

    __slots__ = ("name", "args", "line", "settings", "children")

    def __init__(self, name, args, line):
        self.name = name
        self.args = args
        self.line = line
        self.settings = []   # (key, op, value, line)
        self.children = []

    def get(self, key, default=None):
        """Last ``key = value`` of this block: (value, line) or default."""
        found = default
        for k, op, value, line in self.settings:
            if k == key and op == "=":
                found = (value, line)
        return found

    def blocks(self, name):
        return [b for b in self.children if b.name == name]


_ASSIGN = re.compile(r"^([A-Za-z0-9_./-]+)\s*(\+=|-=|=)\s*(.*)$")


def _strip_hash(line):
    """Drop a ``#`` comment that starts a line or follows a blank, outside quotes."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i]
    return line


def parse_blocks(text):
    """Parse dovecot.conf / xinetd text into a tree of ``Block``.

    Handles ``name args {`` on one line, the xinetd style with ``{`` on the
    next line, one-line ``name { key = value }`` blocks, ``}`` and
    ``key = value`` / ``+=`` / ``-=`` settings.
    """
    root = Block("", "", 0)
    stack = [root]
    pending = None  # a line without '=' that may be the header of the next '{'

    def flush():
        if pending is not None:
            stack[-1].settings.append((pending[0], "", "", pending[1]))

    def open_block(header, line):
        words = header.split(None, 1)
        block = Block(words[0] if words else "", words[1].strip() if len(words) > 1 else "", line)
        stack[-1].children.append(block)
        stack.append(block)

    def statement(stmt, line):
        m = _ASSIGN.match(stmt)
        if m:
            stack[-1].settings.append((m.group(1), m.group(2), m.group(3).strip(), line))
        else:
            stack[-1].settings.append((stmt, "", "", line))

    for number, raw in enumerate(text.splitlines(), 1):
        line = _strip_hash(raw).strip()
        if not line:
            continue
        if line == "{":
            header, hline = pending if pending is not None else ("", number)
            pending = None
            open_block(header, hline)
            continue
        if pending is not None:
            flush()
            pending = None
        if line == "}":
            if len(stack) > 1:
                stack.pop()
            continue
        m = re.match(r"^([^={}]+?)\s*\{(.*)\}\s*$", line)
        if m:
            # one-line block: name args { key = value; key = value }
            open_block(m.group(1), number)
            for part in re.split(r"[;\n]", m.group(2)):
                if part.strip():
                    statement(part.strip(), number)
            stack.pop()
            continue
        if line.endswith("{") and "=" not in line.split("{", 1)[0]:
            open_block(line[:-1].strip(), number)
            continue
        if line.startswith("}"):
            if len(stack) > 1:
                stack.pop()
            rest = line[1:].strip()
            if rest:
                statement(rest, number)
            continue
        if "=" in line:
            statement(line, number)
        else:
            pending = (line, number)
    flush()
    return root


def _unquote(value):
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


DOVECOT_DEFAULT_PROTOCOLS = ("imap", "pop3", "lmtp")
DOVECOT_PROTOCOLS = ("imap", "pop3", "submission", "lmtp", "managesieve")
# protocol -> [(service, listener, port)]
DOVECOT_LISTENERS = {
    "imap": [("imap-login", "imap", 143), ("imap-login", "imaps", 993)],
    "pop3": [("pop3-login", "pop3", 110), ("pop3-login", "pop3s", 995)],
    "submission": [("submission-login", "submission", 587)],
    "lmtp": [],
    "managesieve": [("managesieve-login", "sieve", 4190)],
}


def _dovecot_addresses(value):
    out = []
    for word in re.split(r"[,\s]+", _unquote(value)):
        if not word:
            continue
        if word == "*":
            out.append((WILDCARD4, False))
        elif word in ("::", "[::]"):
            out.append((WILDCARD6, True))
        else:
            out.append((normalize_host(word), False))
    return out


def _dovecot_claims(text, path, ident, protocols=None, **_):
    root = parse_blocks(text)
    proto_setting = root.get("protocols")
    if protocols is not None:
        enabled = list(protocols) if not isinstance(protocols, str) else protocols.split()
        proto_line = proto_setting[1] if proto_setting else None
    elif proto_setting:
        enabled = [w for w in _unquote(proto_setting[0]).split() if not w.startswith("$")]
        proto_line = proto_setting[1]
    else:
        enabled = list(DOVECOT_DEFAULT_PROTOCOLS)
        proto_line = None
    if "none" in enabled:
        enabled = []
    listen_setting = root.get("listen")
    if listen_setting:
        listen = _dovecot_addresses(listen_setting[0])
    else:
        listen = [(WILDCARD4, False), (WILDCARD6, True)]   # Dovecot's default "*, ::"

    # (service, listener) -> dict
    listeners = {}
    order = []
    for proto in enabled:
        for service, lname, port in DOVECOT_LISTENERS.get(proto, []):
            key = (service, lname)
            listeners[key] = {"port": port, "address": None, "line": proto_line,
                              "default": proto, "service": service, "name": lname}
            order.append(key)
    for svc_block in root.blocks("service"):
        service = _unquote(svc_block.args)
        for lb in svc_block.blocks("inet_listener"):
            lname = _unquote(lb.args)
            key = (service, lname)
            port = lb.get("port")
            address = lb.get("address")
            entry = listeners.get(key)
            if entry is None:
                entry = {"port": None, "address": None, "line": lb.line, "default": None,
                         "service": service, "name": lname}
                listeners[key] = entry
                order.append(key)
            else:
                entry["default"] = None
                entry["line"] = lb.line
            if port is not None:
                entry["port"] = resolve_port(_unquote(port[0]))
                entry["line"] = port[1]
            if address is not None:
                entry["address"] = address[0]

    claims = []
    for key in order:
        entry = listeners[key]
        service = entry["service"]
        proto = service[:-len("-login")] if service.endswith("-login") else service
        if proto in DOVECOT_PROTOCOLS and proto not in enabled:
            continue
        if not entry["port"]:
            continue  # port = 0 disables the listener
        addresses = _dovecot_addresses(entry["address"]) if entry["address"] else listen
        if entry["default"]:
            label = "dovecot %s (default listener of protocol %s)" % (entry["name"], entry["default"])
        else:
            label = "dovecot %s (service %s)" % (entry["name"] or "inet_listener", service)
        for address, v6only in addresses:
            if address == "*":
                address = WILDCARD4
            claims.append(Claim(address, entry["port"], "tcp", _owner(label, path, entry["line"]),
                                "dovecot", path, entry["line"], service=entry["name"] or service,
                                group=("dovecot", ident, service, entry["name"]), v6only=v6only))
    return claims


def _xinetd_claims(text, path, ident, services=None, **_):
    claims = []
    root = parse_blocks(text)
    for block in root.blocks("service"):
        name = block.args.strip()
        disable = block.get("disable")
        if disable and disable[0].strip().lower() == "yes":
            continue
        port_setting = block.get("port")
        if port_setting:
            port = resolve_port(port_setting[0], services)
        else:
            port = resolve_port(name, services)
        if port is None:
            continue
        protocol = block.get("protocol")
        socket_type = block.get("socket_type")
        if protocol:
            proto = protocol[0].strip().lower()
        elif socket_type and socket_type[0].strip().lower() == "dgram":
            proto = "udp"
        else:
            proto = "tcp"
        if proto not in ("tcp", "udp"):
            continue
        bind = block.get("bind") or block.get("interface")
        flags = " ".join(v for k, op, v, _l in block.settings if k == "flags").upper().split()
        v6 = "IPV6" in flags
        if bind:
            address = normalize_host(bind[0])
        else:
            address = WILDCARD6 if v6 else WILDCARD4
        claims.append(Claim(address, port, proto, _owner("xinetd service %s" % name, path, block.line),
                            "xinetd", path, block.line, service=name,
                            group=("xinetd", ident, name, block.line), v6only=False))
    return claims


def _systemd_claims(text, path, ident, enabled=True, **_):
    if not enabled:
        return []
    unit = os.path.basename(path) if path else ident
    listens = []
    v6only = False
    for entry in iter_ini(text):
        if entry.key is None or (entry.section or "").lower() != "socket":
            continue
        if entry.key in ("ListenStream", "ListenDatagram"):
            if entry.value == "":
                listens = [item for item in listens if item[0] != entry.key]  # reset
            else:
                listens.append((entry.key, entry.value, entry.line))
        elif entry.key == "BindIPv6Only":
            v6only = entry.value.strip().lower() in ("ipv6-only",)
    claims = []
    service = unit[:-len(".socket")] if unit.endswith(".socket") else unit
    for key, value, line in listens:
        if value.startswith(("/", "@", "vsock:")):
            continue  # AF_UNIX / AF_VSOCK: no port
        try:
            host, port = split_host_port(value, default_host="::")
        except ValueError:
            continue
        if port is None:
            continue
        proto = "tcp" if key == "ListenStream" else "udp"
        claims.append(Claim(host if host != "*" else WILDCARD6, port, proto,
                            _owner("systemd socket %s" % unit, path, line),
                            "systemd_socket", path, line, service=service,
                            group=("systemd_socket", ident), v6only=v6only and ":" in host))
    return claims


def postfix_main_settings(text):
    """``key = value`` settings of Postfix main.cf (continuation lines joined)."""
    settings = {}
    key = None
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if raw[0] in " \t" and key:
            settings[key] = (settings[key] + " " + raw.strip()).strip()
            continue
        if "=" in raw:
            key, value = raw.split("=", 1)
            key = key.strip()
            settings[key] = value.strip()
        else:
            key = None
    return settings


def _postfix_interfaces(inet_interfaces, inet_protocols):
    protos = (inet_protocols or "all").replace(",", " ").lower().split()
    v4 = "all" in protos or "ipv4" in protos
    v6 = "all" in protos or "ipv6" in protos
    out = []
    for word in (inet_interfaces or "all").replace(",", " ").split():
        word = word.lower()
        if word == "all":
            if v4:
                out.append((WILDCARD4, False))
            if v6:
                out.append((WILDCARD6, True))
        elif word in ("loopback-only", "localhost"):
            if v4:
                out.append(("127.0.0.1", False))
            if v6:
                out.append(("::1", False))
        else:
            out.append((normalize_host(word), False))
    return out


def _postfix_master_claims(text, path, ident, inet_interfaces=None, inet_protocols=None,
                           services=None, **_):
    claims = []
    interfaces = _postfix_interfaces(inet_interfaces, inet_protocols)
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw[0] in " \t#":
            continue
        fields = raw.split()
        if len(fields) < 2 or fields[1] != "inet":
            continue
        service = fields[0]
        if ":" in service:
            try:
                host, port = split_host_port(service, services=services)
            except ValueError:
                continue
            addresses = [(host, False)]
        else:
            port = resolve_port(service, services)
            addresses = interfaces
        if port is None:
            continue
        for address, v6only in addresses:
            claims.append(Claim(address, port, "tcp",
                                _owner("postfix master.cf %s" % service, path, number),
                                "postfix_master", path, number, service=service,
                                group=("postfix_master", ident, number), v6only=v6only))
    return claims


# tcpserver options that take an argument
_TCPSERVER_ARGOPTS = set("cxBgublt") | {"I"}


def _tcpserver_claims(text, path, ident, services=None, **_):
    claims = []
    # join backslash continuations, remembering where each logical line starts
    logical = []
    buf, start = "", None
    for number, raw in enumerate(text.splitlines(), 1):
        if start is None:
            start = number
        stripped = raw.rstrip()
        if stripped.endswith("\\"):
            buf += stripped[:-1] + " "
            continue
        logical.append((start, buf + raw))
        buf, start = "", None
    if buf:
        logical.append((start, buf))
    for number, line in logical:
        if line.strip().startswith("#"):
            continue
        try:
            words = shlex.split(line, comments=True)
        except ValueError:
            words = line.split()
        for i, word in enumerate(words):
            if os.path.basename(word) != "tcpserver":
                continue
            rest = words[i + 1:]
            j = 0
            while j < len(rest) and rest[j].startswith("-") and rest[j] != "-":
                opt = rest[j]
                if opt == "--":
                    j += 1
                    break
                letters = opt[1:]
                for k, letter in enumerate(letters):
                    if letter in _TCPSERVER_ARGOPTS:
                        if k == len(letters) - 1:
                            j += 1  # "-c 20": the argument is the next word ("-c20" is one)
                        break
                j += 1
            if len(rest) - j < 2:
                continue
            host, port_text = rest[j], rest[j + 1]
            prog = os.path.basename(rest[j + 2]) if len(rest) > j + 2 else ""
            port = resolve_port(port_text, services)
            if port is None:
                continue
            address = normalize_host(host)
            if address == "*":
                address = WILDCARD4
            label = "tcpserver (%s)" % prog if prog else "tcpserver"
            claims.append(Claim(address, port, "tcp", _owner(label, path, number), "tcpserver",
                                path, number, service=prog or None,
                                group=("tcpserver", ident, number)))
    return claims


def _strip_c_comments(text):
    """Remove ``/* */``, ``//`` and ``#`` comments, keeping newlines for line numbers."""
    def blank(m):
        return re.sub(r"[^\n]", " ", m.group(0))
    text = re.sub(r"/\*.*?\*/", blank, text, flags=re.S)
    text = re.sub(r'"(?:[^"\\]|\\.)*"|//[^\n]*|#[^\n]*',
                  lambda m: m.group(0) if m.group(0).startswith('"') else blank(m), text)
    return text


_LISTEN_ON = re.compile(r"\blisten-on(-v6)?\b\s*((?:port\s+\d+\s*|dscp\s+\d+\s*)*)\{([^}]*)\}\s*;", re.S)


def _named_claims(text, path, ident, **_):
    clean = _strip_c_comments(text)
    claims = []
    seen_v4 = False
    for m in _LISTEN_ON.finditer(clean):
        v6 = bool(m.group(1))
        seen_v4 = seen_v4 or not v6
        port_m = re.search(r"port\s+(\d+)", m.group(2))
        port = int(port_m.group(1)) if port_m else 53
        line = clean.count("\n", 0, m.start()) + 1
        for element in m.group(3).split(";"):
            element = element.strip()
            if not element or element.startswith("!") or element.startswith("key "):
                continue
            low = element.lower()
            if low == "none":
                continue
            if low in ("any", "localnets"):
                address = WILDCARD6 if v6 else WILDCARD4
            elif low == "localhost":
                address = "::1" if v6 else "127.0.0.1"
            else:
                try:
                    address = str(ipaddress.ip_network(element, strict=False))
                    if address.endswith("/32") or address.endswith("/128"):
                        address = address.rsplit("/", 1)[0]
                except ValueError:
                    continue  # an ACL name: unknown addresses
            label = "named listen-on%s" % ("-v6" if v6 else "")
            for proto in ("tcp", "udp"):
                claims.append(Claim(address, port, proto, _owner(label, path, line), "named",
                                    path, line, service="domain", group=("named", ident),
                                    v6only=True))
    if not seen_v4:
        for proto in ("tcp", "udp"):
            claims.append(Claim(WILDCARD4, 53, proto, _owner("named (default listen-on any)", path, None),
                                "named", path, None, service="domain", group=("named", ident)))
    return claims


_SS_USER = re.compile(r'\("([^"]+)",pid=(\d+)')
_KNOWN_PROGRAMS = frozenset(name for names in PROGRAMS.values() for name in names)


def _socket_user(raw):
    """(program, pid) of the process ss names for a socket, or ("", None).

    A socket can be held by several processes: a daemon's children inherit its listener, and while a
    client is connected ss shows Postfix's port 25 as users:(("smtpd",...),("master",...)). The
    program whose configuration claims ports (master, dovecot, xinetd, ...) is the owner."""
    users = raw.split("users:(", 1)[1] if "users:(" in raw else ""
    found = [(name, int(pid)) for name, pid in _SS_USER.findall(users)]
    for name, pid in found:
        if name.lower() in _KNOWN_PROGRAMS:
            return name, pid
    return found[0] if found else ("", None)


def _sockets_claims(text, path, ident, proto="tcp", **_):
    claims = []
    for number, raw in enumerate(text.splitlines(), 1):
        fields = raw.split()
        if not fields:
            continue
        netid = proto
        if fields[0].lower() in ("tcp", "udp", "tcp6", "udp6"):
            netid = fields[0].lower().rstrip("6")
            fields = fields[1:]
        if fields and fields[0] in ("State", "Netid"):
            continue  # a header line
        if len(fields) < 4 or fields[0] not in ("LISTEN", "UNCONN"):
            continue
        local = fields[3]
        if ":" not in local:
            continue
        host, port_text = local.rsplit(":", 1)
        if not port_text.isdigit():
            continue
        port = int(port_text)
        stripped = host
        if stripped.startswith("[") and stripped.endswith("]"):
            stripped = stripped[1:-1]
        if stripped == "*":
            address, v6only = WILDCARD6, False     # dual-stack
        elif stripped == "::":
            address, v6only = WILDCARD6, True      # ss shows dual-stack as *
        else:
            address, v6only = normalize_host(stripped), False
        program, pid = _socket_user(raw)
        label = ("listening socket of %s (pid %d)" % (program, pid)) if program \
            else "listening socket (process not shown)"
        claims.append(Claim(address, port, netid, label, "sockets", path,
                            None, program=program, service=None,
                            group=("sockets", program, pid, number if not program else None),
                            v6only=v6only, live=True, pid=pid))
    return claims


_PARSERS = {
    "stunnel": _stunnel_claims,
    "dovecot": _dovecot_claims,
    "xinetd": _xinetd_claims,
    "systemd_socket": _systemd_claims,
    "postfix_master": _postfix_master_claims,
    "tcpserver": _tcpserver_claims,
    "named": _named_claims,
    "sockets": _sockets_claims,
}


# ---------------------------------------------------------------------------
# Overlap and conflicts
# ---------------------------------------------------------------------------

_ALL4 = ipaddress.ip_network("0.0.0.0/0")
_ALL6 = ipaddress.ip_network("::/0")


def _space(claim):
    """Networks a claim binds; None for a host name."""
    address = WILDCARD6 if claim.address == "*" else claim.address
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        try:
            return [ipaddress.ip_network(address, strict=False)]   # named: a CIDR
        except ValueError:
            return None
    if ip.version == 4:
        return [_ALL4] if ip == _ALL4.network_address else [ipaddress.ip_network(ip)]
    if ip == _ALL6.network_address:
        return [_ALL6] if claim.v6only and claim.address != "*" else [_ALL6, _ALL4]
    return [ipaddress.ip_network(ip)]


def _is_wildcard(claim):
    space = _space(claim)
    return bool(space) and any(n.prefixlen == 0 for n in space)


def overlaps(a, b):
    """Do two claims bind an overlapping address on the same port and protocol?"""
    if a.proto != b.proto or a.port != b.port:
        return False
    sa, sb = _space(a), _space(b)
    if sa is None or sb is None:
        if sa is None and sb is None:
            return a.address == b.address
        other = sb if sa is None else sa
        return any(n.prefixlen == 0 for n in other)
    return any(x.version == y.version and x.overlaps(y) for x in sa for y in sb)


def _same_program(planned, live):
    names = PROGRAMS.get(planned.kind, ())
    return (live.program or "").lower() in names


def _common_endpoint(a, b):
    """The address both claim, named the way a trainee sees it."""
    for claim in (a, b):
        if not _is_wildcard(claim):
            return claim.endpoint()
    return a.endpoint()


def _advice(a, b):
    """(fix, claim to blame) for two overlapping claims."""
    ka, kb = a.effective_kind(), b.effective_kind()
    kinds = {ka, kb}
    by_kind = {}
    for claim, kind in ((b, kb), (a, ka)):
        by_kind.setdefault(kind, claim)
        if not claim.live:
            by_kind[kind] = claim
    stunnel = by_kind.get("stunnel")
    if "stunnel" in kinds and "dovecot" in kinds:
        section = "[%s] section" % stunnel.service if stunnel.service else \
            "section that accepts port %d" % stunnel.port
        where = stunnel.path if not stunnel.live and stunnel.path else "stunnel.conf"
        return ("In the course smtps (465) is stunnel's and pop3s (995) is Dovecot's: "
                "remove the %s from %s and restart stunnel." % (section, where), stunnel)
    if "stunnel" in kinds and kinds & set(SUPERSERVERS):
        superserver = by_kind.get("xinetd") or by_kind.get("systemd_socket")
        if superserver.kind == "systemd_socket" or superserver.effective_kind() == "systemd_socket":
            disable = "systemctl disable --now %s.socket" % (superserver.service or "smtps")
        else:
            disable = "set 'disable = yes' in the xinetd service %s" % (superserver.service or "smtps")
        section = ("[%s] section" % stunnel.service) if stunnel.service else "service section"
        return ("Run %s either standalone or under the superserver, not both: either delete the %s "
                "from %s (stunnel then runs in inetd mode, started by the superserver) or %s."
                % (stunnel.service or "smtps", section,
                   stunnel.path if not stunnel.live and stunnel.path else "stunnel.conf", disable),
                stunnel)
    if "postfix_master" in kinds and ("stunnel" in kinds or kinds & set(SUPERSERVERS)):
        postfix = by_kind["postfix_master"]
        other = b if postfix is a else a
        return ("Only one program can offer port %d: in the course stunnel wraps smtps (465) and hands "
                "the mail to Postfix on port 25, so comment out the '%s' line in %s (or remove %s if "
                "Postfix should do the TLS itself)."
                % (postfix.port, postfix.service, postfix.path or "master.cf", other.owner),
                postfix)
    if "postfix_master" in kinds and "tcpserver" in kinds:
        return ("Two MTAs claim the port: the course runs either Postfix or qmail (qmail-smtpd under "
                "tcpserver), not both; stop and disable the one you are not using.",
                by_kind["tcpserver"])
    if kinds == set(SUPERSERVERS):
        return ("Two superservers claim the port: start the service from xinetd or from a systemd "
                "socket unit, not both; disable the other one.", by_kind["xinetd"])
    if ka == kb and ka is not None:
        return ("The port appears twice in the %s configuration: give each service its own "
                "port or address, or remove one of them." % ka.replace("_", " "),
                b if not b.live else a)
    blame = b if not b.live else a
    return ("Only one program can listen on an address and port: change the port or address of one "
            "of them, or disable the one you do not need.", blame)


def find_conflicts(claims, ignore_owners=()):
    """Findings for every address:port/proto claimed by two different claimants.

    Planned claims (from configs) are compared with each other and with live
    sockets; see the module docstring for the live-socket rule and
    ``ignore_owners``. Each pair of claimants is reported once per port.
    """
    ignored = set(name.lower() for name in ignore_owners or ())
    planned = [c for c in claims if not c.live]
    live = [c for c in claims if c.live and (c.program or "").lower() not in ignored]
    findings = []
    seen = set()

    def report(a, b):
        key = (frozenset([a.group, b.group]), a.port, a.proto)
        if key in seen:
            return
        seen.add(key)
        fix, blame = _advice(a, b)
        if blame.live:   # a listening socket has no file: point at the config being checked
            blame = a if blame is b else b
        if b.live:
            message = ("%s claims %s, but the %s is already there: %s fails to start with "
                       "'Address already in use (98)'." % (a.owner, a.endpoint(), b.owner, a.program))
        else:
            message = ("%s and %s both claim %s: the one that starts second fails with "
                       "'Address already in use (98)' and does not run."
                       % (a.owner, b.owner, _common_endpoint(a, b)))
        findings.append(error("port-conflict", message, fix, blame.path, blame.line))

    for i, a in enumerate(planned):
        for b in planned[i + 1:]:
            if a.group != b.group and overlaps(a, b):
                report(a, b)
    for a in planned:
        for b in live:
            if not overlaps(a, b) or _same_program(a, b):
                continue
            if not b.program:
                key = (a.group, "unnamed", a.port, a.proto)
                if key in seen:
                    continue
                seen.add(key)
                findings.append(warning(
                    "port-in-use",
                    "%s claims %s, which a process ss did not name is already listening on "
                    "(%s)." % (a.owner, a.endpoint(), b.endpoint()),
                    "Run 'ss -ltnp' as root to see the process; if it is not %s itself, stop it "
                    "first." % a.program, a.path, a.line))
                continue
            report(a, b)
    return findings


# ---------------------------------------------------------------------------
# Thin readers for the module
# ---------------------------------------------------------------------------

def xinetd_reads(name):
    """Does xinetd's ``includedir`` read this file name? (not with a dot or a trailing ~)"""
    return "." not in name and not name.endswith("~")


def read_source(kind, path):
    """[(text, path)] for one source path; a directory of xinetd files is expanded."""
    if os.path.isdir(path):
        out = []
        for name in sorted(os.listdir(path)):
            full = os.path.join(path, name)
            if not os.path.isfile(full):
                continue
            if kind == "xinetd" and not xinetd_reads(name):
                continue
            if kind == "systemd_socket" and not name.endswith(".socket"):
                continue
            out.append((read_text(full), full))
        return out
    return [(read_text(path), path)]


def check_sources(sources, ignore_owners=()):
    """Claims and findings for a list of source dicts (the module's ``sources``).

    Each dict: ``kind``, ``path`` or ``content``, optional ``name`` and the
    per-kind options of ``claims_from``; a ``postfix_master`` item may name
    ``main_cf`` to take inet_interfaces/inet_protocols from main.cf.
    Returns ``(claims, findings)``.
    """
    claims = []
    findings = []
    for index, item in enumerate(sources):
        kind = item.get("kind")
        options = dict((k, v) for k, v in item.items()
                       if k not in ("kind", "path", "content", "name", "main_cf") and v is not None)
        if kind == "postfix_master" and item.get("main_cf"):
            try:
                main = postfix_main_settings(read_text(item["main_cf"]))
            except (IOError, OSError) as exc:
                findings.append(warning("source-unreadable",
                                        "%s could not be read (%s): inet_interfaces = all is assumed."
                                        % (item["main_cf"], exc.strerror or exc),
                                        "Check the main_cf path.", item["main_cf"]))
                main = {}
            for setting in ("inet_interfaces", "inet_protocols"):
                if setting in main:
                    options.setdefault(setting, main[setting])
        if item.get("content") is not None:
            texts = [(item["content"], item.get("path") or item.get("name") or "sources[%d]" % index)]
        elif item.get("path"):
            try:
                texts = read_source(kind, item["path"])
            except (IOError, OSError) as exc:
                findings.append(warning("source-unreadable",
                                        "%s source %s could not be read (%s): its claims are not "
                                        "checked." % (kind, item["path"], exc.strerror or exc),
                                        "Check the path, or leave the source out.", item["path"]))
                continue
        else:
            raise ValueError("sources[%d] has neither path nor content" % index)
        for text, path in texts:
            claims.extend(claims_from(kind, text, path, item.get("name"), **options))
    findings.extend(find_conflicts(claims, ignore_owners))
    return claims, findings
