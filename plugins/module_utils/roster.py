# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The classroom roster: students -> lab VMs (host entries and their variables).

An instructor keeps one roster file (YAML or CSV) of the students. Each
student has a lab VM of their own, which is the course's h2g.example.com in a
lab of its own; the classroom only differs per student in the VM's address on
the lab network and in how Ansible reaches it:

- ``docker``: a local lab container named ``serverlab-<login>``
  (``tools/labhost up serverlab-<login> h2g.example.com <address>``);
- ``ssh``: a real VM reached at its ``host`` (default: its lab address).

Roster fields (YAML keys or CSV columns): ``name`` (required), ``login``
(the short id, the inventory host name; derived from the name when absent),
``address`` (the VM's lab address; allocated from ``base`` upward when
absent), ``host`` (how to reach it: container name or SSH host),
``connection`` (docker or ssh), ``ssh_key`` (the student's public key, one line of an ``id_*.pub``:
the VM's day 12 installs it in the trainee's ``authorized_keys``, so the key-login check passes
with the key the student really brought), and in YAML ``vars`` (extra host variables).

Every problem names its line (``roster.csv line 4``). Pure Python standard
library; PyYAML is imported only to read a YAML roster.
"""

from __future__ import annotations

import csv
import io
import ipaddress
import re

FIELDS = ("name", "login", "address", "host", "connection", "ssh_key")
YAML_ONLY_FIELDS = ("vars",)
CONNECTIONS = ("docker", "ssh")
# How each connection is spelt for Ansible.
# "docker" is community.docker.docker under its short name: Mitogen (ansible.cfg) speeds up only that name.
ANSIBLE_CONNECTIONS = {"docker": "docker", "ssh": "ssh"}

DEFAULTS = {
    "network": "192.168.0.0/24",
    "base": "192.168.0.101",
    "hostname": "h2g",
    "domain": "example.com",
    "connection": "docker",
    "container_prefix": "serverlab-",
    "user": "root",
}

# A login is the inventory host name and part of a container name.
LOGIN_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,47}$")
HOSTNAME_RE = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
DOMAIN_RE = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")
SSH_KEY_TYPES = ("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
                 "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com")
SSH_KEY_RE = re.compile(r"^(\S+) ([A-Za-z0-9+/]{20,}={0,3})(?: .*)?$")
# Host variables a roster's `vars` must not override (the plugin derives them).
DERIVED_VARS = ("lab_address", "lab_network", "lab_hostname", "lab_domain", "student_name",
                "student_login", "ansible_host", "ansible_connection")


class RosterError(ValueError):
    """Every problem of a roster, one per line of the message."""

    def __init__(self, source, problems):
        self.source = source
        self.problems = list(problems)
        head = "%s: %d problem%s in the roster" % (
            source, len(self.problems), "" if len(self.problems) == 1 else "s")
        super(RosterError, self).__init__("\n".join([head] + ["- " + p for p in self.problems]))


class Entry(object):
    """One roster line as read: its fields (strings) and where it was."""

    def __init__(self, line, fields, extra_vars=None):
        self.line = line
        self.fields = dict((k, _text(fields.get(k))) for k in FIELDS)
        self.vars = dict(extra_vars or {})

    def __repr__(self):
        return "Entry(line %s, %r)" % (self.line, self.fields)


class Student(object):
    """A student's lab VM: the inventory host and its variables."""

    def __init__(self, login, name, address, connection, host, line, extra_vars=None, ssh_key=""):
        self.ssh_key = ssh_key
        self.login = login
        self.name = name
        self.address = address
        self.connection = connection
        self.host = host
        self.line = line
        self.vars = dict(extra_vars or {})

    def hostvars(self, settings):
        """The host's variables for Ansible (settings: the roster options, see DEFAULTS)."""
        out = dict(self.vars)
        out.update({
            "student_name": self.name,
            "student_login": self.login,
            "lab_address": self.address,
            "lab_network": settings["network"],
            "lab_hostname": settings["hostname"],
            "lab_domain": settings["domain"],
            "ansible_connection": ANSIBLE_CONNECTIONS[self.connection],
            "ansible_host": self.host,
        })
        out.setdefault("ansible_user", settings["user"])
        if self.ssh_key:
            keys = list(out.get("sshd_authorized_keys") or [])
            out["sshd_authorized_keys"] = keys + ([self.ssh_key] if self.ssh_key not in keys else [])
        return out

    def as_dict(self):
        return {"login": self.login, "name": self.name, "address": self.address,
                "connection": self.connection, "host": self.host, "line": self.line}

    def __repr__(self):
        return "Student(%r, %r, %s)" % (self.login, self.name, self.address)


def _text(value):
    if value is None:
        return ""
    return str(value).strip()


def _is_public_key(text):
    match = SSH_KEY_RE.match(text)
    return bool(match) and "\n" not in text and match.group(1) in SSH_KEY_TYPES


def slug(name):
    """A login made from a name: 'Aiko Tanaka' -> 'aiko-tanaka' ('' when nothing ASCII is left)."""
    low = name.strip().lower()
    low = re.sub(r"[^a-z0-9]+", "-", low)
    return low.strip("-")[:48].strip("-")


# ---------------------------------------------------------------- readers

def read_csv(text, source="roster.csv"):
    """Entries of a CSV roster with a header line naming the columns (name is required)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = None
    entries = []
    problems = []
    for row in reader:
        line = reader.line_num
        if not row or all(not c.strip() for c in row) or row[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [c.strip().lower() for c in row]
            unknown = [c for c in header if c not in FIELDS]
            if unknown:
                problems.append("%s line %d: unknown column%s %s (columns: %s)" % (
                    source, line, "" if len(unknown) == 1 else "s", ", ".join(unknown), ", ".join(FIELDS)))
            if "name" not in header:
                problems.append("%s line %d: the header has no 'name' column (columns: %s)" % (
                    source, line, ", ".join(FIELDS)))
            continue
        if len(row) > len(header):
            problems.append("%s line %d: %d values for %d columns (a comma inside a name needs quotes)"
                            % (source, line, len(row), len(header)))
            continue
        entries.append(Entry(line, dict(zip(header, row))))
    if header is None:
        problems.append("%s: no header line (columns: %s)" % (source, ", ".join(FIELDS)))
    if problems:
        raise RosterError(source, problems)
    return entries


def _yaml_loader():
    import yaml  # lazily: only a YAML roster needs it

    class LineLoader(yaml.SafeLoader):
        """Remembers the line of each mapping under the key __line__."""

        def construct_mapping(self, node, deep=False):
            mapping = super(LineLoader, self).construct_mapping(node, deep=deep)
            mapping["__line__"] = node.start_mark.line + 1
            return mapping

    return yaml, LineLoader


def read_yaml(text, source="roster.yml"):
    """Entries of a YAML roster: a list of students, or a mapping with a `students` list.

    A student is a mapping (name, login, address, host, connection, vars) or
    just a name.
    """
    yaml, loader = _yaml_loader()
    try:
        data = yaml.load(text, Loader=loader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        raise RosterError(source, ["%s: not valid YAML: %s" % (source, exc)])
    if isinstance(data, dict):
        if "students" not in data:
            raise RosterError(source, ["%s line %d: a mapping roster needs a 'students' list" % (
                source, data.get("__line__", 1))])
        data = data["students"]
    if data is None:
        data = []
    if not isinstance(data, list):
        raise RosterError(source, ["%s: the roster must be a list of students" % source])
    # Lines of plain-string items: from the composed node tree.
    lines = _sequence_lines(yaml, text)
    entries = []
    problems = []
    for index, item in enumerate(data):
        line = lines[index] if index < len(lines) else None
        if isinstance(item, dict):
            line = item.pop("__line__", line)
            unknown = sorted(str(k) for k in item if k not in FIELDS + YAML_ONLY_FIELDS)
            if unknown:
                problems.append("%s line %s: unknown key%s %s (keys: %s)" % (
                    source, line, "" if len(unknown) == 1 else "s", ", ".join(unknown),
                    ", ".join(FIELDS + YAML_ONLY_FIELDS)))
                continue
            extra = item.get("vars") or {}
            if not isinstance(extra, dict):
                problems.append("%s line %s: vars must be a mapping of host variables" % (source, line))
                continue
            extra.pop("__line__", None)
            clash = sorted(k for k in extra if k in DERIVED_VARS)
            if clash:
                problems.append("%s line %s: vars cannot set %s (use the roster fields)" % (
                    source, line, ", ".join(clash)))
                continue
            entries.append(Entry(line, item, extra))
        elif isinstance(item, (str, int)) and not isinstance(item, bool):
            entries.append(Entry(line, {"name": item}))
        else:
            problems.append("%s line %s: a student is a mapping (name, login, address...) or a name"
                            % (source, line))
    if problems:
        raise RosterError(source, problems)
    return entries


def _sequence_lines(yaml, text):
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if getattr(key, "value", None) == "students":
                node = value
                break
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [item.start_mark.line + 1 for item in node.value]


def read(text, source, fmt=None):
    """Entries of a roster: fmt 'csv' or 'yaml'; None guesses from the source's name."""
    if fmt is None or fmt == "auto":
        fmt = "csv" if str(source).lower().endswith(".csv") else "yaml"
    if fmt == "csv":
        return read_csv(text, source)
    if fmt in ("yaml", "yml"):
        return read_yaml(text, source)
    raise ValueError("roster format must be csv or yaml, not %r" % (fmt,))


# ---------------------------------------------------------------- the classroom

def settings_with_defaults(settings=None):
    out = dict(DEFAULTS)
    for key, value in (settings or {}).items():
        if value is not None and value != "":
            out[key] = value
    return out


def _check_settings(settings):
    problems = []
    try:
        network = ipaddress.IPv4Network(str(settings["network"]), strict=True)
    except ValueError as exc:
        raise ValueError("network must be an IPv4 network like 192.168.0.0/24: %s" % exc)
    try:
        base = ipaddress.IPv4Address(str(settings["base"]))
    except ValueError as exc:
        raise ValueError("base must be an IPv4 address like 192.168.0.101: %s" % exc)
    if base not in network:
        problems.append("base %s is outside the lab network %s" % (base, network))
    if settings["connection"] not in CONNECTIONS:
        problems.append("connection must be one of %s, not %r" % (", ".join(CONNECTIONS), settings["connection"]))
    if not HOSTNAME_RE.match(str(settings["hostname"])):
        problems.append("hostname %r is not a host name (letters, digits, '-')" % (settings["hostname"],))
    if not DOMAIN_RE.match(str(settings["domain"])):
        problems.append("domain %r is not a domain name" % (settings["domain"],))
    if problems:
        raise ValueError("; ".join(problems))
    return network, base


def classroom(entries, settings=None, source="roster"):
    """Students (in roster order) from roster entries; RosterError lists every problem.

    settings: network, base, hostname, domain, connection, container_prefix,
    user (see DEFAULTS). Addresses not given are allocated from `base` upward,
    skipping every address the roster gives explicitly.
    """
    settings = settings_with_defaults(settings)
    network, base = _check_settings(settings)
    problems = []
    seen_logins = {}
    seen_names = {}
    seen_addresses = {}
    seen_hosts = {}
    parsed = []  # (entry, login, name, address or None, connection)

    def where(entry):
        return "%s line %s" % (source, entry.line)

    for entry in entries:
        f = entry.fields
        name = f["name"]
        if not name:
            problems.append("%s: empty name (every student needs a name)" % where(entry))
            continue
        login = f["login"] or slug(name)
        if not login:
            problems.append("%s: cannot make a login from the name %r: give a login (a-z, 0-9, '-', '_')"
                            % (where(entry), name))
            continue
        if not LOGIN_RE.match(login):
            problems.append("%s: login %r must be lower-case letters, digits, '-' or '_' (at most 48)"
                            % (where(entry), login))
            continue
        bad = False
        if name.lower() in seen_names:
            problems.append("%s: duplicate name %r (already on line %s)"
                            % (where(entry), name, seen_names[name.lower()]))
            bad = True
        # A login made from a duplicate name is the same problem: say it once.
        if login in seen_logins and not (bad and not f["login"]):
            problems.append("%s: duplicate login %r (already on line %s)" % (where(entry), login, seen_logins[login]))
            bad = True
        seen_logins.setdefault(login, entry.line)
        seen_names.setdefault(name.lower(), entry.line)
        address = None
        if f["address"]:
            try:
                address = ipaddress.IPv4Address(f["address"])
            except ValueError:
                problems.append("%s: bad address %r for %s (an IPv4 address like %s)"
                                % (where(entry), f["address"], login, base))
                bad = True
            else:
                if address not in network:
                    problems.append("%s: address %s of %s is outside the lab network %s"
                                    % (where(entry), address, login, network))
                    bad = True
                elif address in (network.network_address, network.broadcast_address):
                    problems.append("%s: address %s of %s is the %s address of %s, not a host's"
                                    % (where(entry), address, login,
                                       "network" if address == network.network_address else "broadcast",
                                       network))
                    bad = True
                elif address in seen_addresses:
                    problems.append("%s: duplicate address %s (already %s's on line %s)"
                                    % (where(entry), address, seen_addresses[address][0],
                                       seen_addresses[address][1]))
                    bad = True
                else:
                    seen_addresses[address] = (login, entry.line)
        key = f.get("ssh_key") or ""
        if key and not _is_public_key(key):
            problems.append("%s: ssh_key of %s is not one line of a public key (like 'ssh-ed25519 AAAA... "
                            "comment', the content of ~/.ssh/id_ed25519.pub, never the private key)"
                            % (where(entry), login))
            bad = True
        connection = (f["connection"] or settings["connection"]).lower()
        if connection not in CONNECTIONS:
            problems.append("%s: connection %r for %s must be one of %s"
                            % (where(entry), f["connection"], login, ", ".join(CONNECTIONS)))
            bad = True
        if not bad:
            parsed.append((entry, login, name, address, connection))
    if problems:
        raise RosterError(source, problems)

    # Allocate the missing addresses from base upward, around the given ones.
    students = []
    candidate = base
    for entry, login, name, address, connection in parsed:
        if address is None:
            while candidate in seen_addresses:
                candidate += 1
            if candidate not in network or candidate == network.broadcast_address:
                problems.append("%s: no free address left in %s from %s for %s"
                                % (where(entry), network, base, login))
                continue
            address = candidate
            seen_addresses[address] = (login, entry.line)
        host = entry.fields["host"]
        if not host:
            host = settings["container_prefix"] + login if connection == "docker" else str(address)
        if host in seen_hosts:
            problems.append("%s: %s is reached at %s like %s (line %s)"
                            % (where(entry), login, host, seen_hosts[host][0], seen_hosts[host][1]))
            continue
        seen_hosts[host] = (login, entry.line)
        students.append(Student(login, name, str(address), connection, host, entry.line, entry.vars,
                                entry.fields.get("ssh_key") or ""))
    if problems:
        raise RosterError(source, problems)
    return students


def load(text, source, settings=None, fmt=None):
    """Students from a roster's text: read() then classroom()."""
    return classroom(read(text, source, fmt), settings, source)
