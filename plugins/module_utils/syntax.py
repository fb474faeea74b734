# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Syntax shared by the config parsers: ini-style lines and ``[host:]port``.

The bottom of the parsers: listen.py, stunnel.py and portmap.py read through these, and this file
imports nothing of the package, so no parser depends on another sideways. Pure Python.
"""

from __future__ import annotations

import ipaddress
import re

# Port names the course uses (from /etc/services), tcp unless noted.
SERVICES = {
    "echo": 7,
    "daytime": 13,
    "ftp": 21,
    "ssh": 22,
    "telnet": 23,
    "smtp": 25,
    "domain": 53,
    "http": 80,
    "www": 80,
    "pop3": 110,
    "pop-3": 110,
    "imap": 143,
    "imap2": 143,
    "netbios-ssn": 139,
    "https": 443,
    "microsoft-ds": 445,
    "smtps": 465,
    "ssmtp": 465,
    "submissions": 465,
    "submission": 587,
    "imaps": 993,
    "pop3s": 995,
    "mysql": 3306,
}

WILDCARD4 = "0.0.0.0"
WILDCARD6 = "::"


class IniLine(object):
    """One ``key = value`` line of an ini-style file (stunnel.conf, units)."""

    __slots__ = ("line", "section", "section_line", "key", "value", "raw")

    def __init__(self, line, section, section_line, key, value, raw):
        self.line = line
        self.section = section
        self.section_line = section_line
        self.key = key
        self.value = value
        self.raw = raw

    def __repr__(self):
        return "IniLine(%d, %r, %r, %r)" % (self.line, self.section, self.key, self.value)


def iter_ini(text, comments="#;"):
    """Yield an ``IniLine`` for each ``key = value`` line and each ``[section]``.

    Comments are whole lines starting (after blanks) with one of ``comments``,
    as stunnel and systemd read them; ``key`` is None on a section line, and
    on a line that is neither a section nor an assignment ``value`` holds the
    stripped text (callers report it). ``section`` is None before the first
    section (stunnel's global options).
    """
    section = None
    section_line = None
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or stripped[0] in comments:
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1].strip()
            section_line = number
            yield IniLine(number, section, section_line, None, None, raw)
            continue
        if "=" in stripped:
            key, value = stripped.split("=", 1)
            yield IniLine(number, section, section_line, key.strip(), value.strip(), raw)
        else:
            yield IniLine(number, section, section_line, "", stripped, raw)


def resolve_port(value, services=None):
    """A port number from a number or a service name; None when unknown."""
    value = (value or "").strip()
    if value.isdigit():
        return int(value)
    table = services if services is not None else SERVICES
    return table.get(value.lower())


def split_host_port(value, default_host=WILDCARD4, services=None):
    """Split ``[host:]port`` as stunnel, systemd and Postfix write it.

    Accepts ``465``, ``0.0.0.0:465``, ``[::]:465``, ``:::465`` (the last colon
    separates the port), ``*:465`` and service names (``smtps``). Returns
    ``(host, port)`` with ``host`` normalized (``normalize_host``) and ``port``
    an int, or None when the service name is unknown. Raises ValueError when
    the value is empty or the port is not a port.
    """
    value = (value or "").strip()
    if not value:
        raise ValueError("empty address")
    host = None
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            raise ValueError("unbalanced [ in %r" % value)
        host = value[1:end]
        rest = value[end + 1:]
        if not rest.startswith(":"):
            raise ValueError("no port after %r" % value[:end + 1])
        port_text = rest[1:]
    elif ":" in value:
        host, port_text = value.rsplit(":", 1)
    else:
        port_text = value
    port_text = port_text.strip()
    if not port_text:
        raise ValueError("no port in %r" % value)
    if port_text.isdigit():
        port = int(port_text)
        if not 0 < port < 65536:
            raise ValueError("port %s out of range 1-65535" % port_text)
    elif re.match(r"^[A-Za-z][A-Za-z0-9._-]*$", port_text):
        port = resolve_port(port_text, services)
    else:
        raise ValueError("%r is not a port" % port_text)
    if host is None or host.strip() in ("", "*"):
        host = default_host
    return normalize_host(host), port


def normalize_host(host):
    """Canonical form of a listening address: wildcards, brackets, zones."""
    host = (host or "").strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if "%" in host:
        host = host.split("%", 1)[0]
    if host in ("", "0", "0.0.0.0", "*"):
        return WILDCARD4 if host != "*" else "*"
    if host.lower() == "localhost":
        return "127.0.0.1"
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return host.lower()
