# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""stunnel: check stunnel.conf and read stunnel's log.

stunnel.conf has global options before the first ``[service]`` section;
comments are whole lines starting with ``;`` or ``#``; options are
``key = value`` with case-insensitive keys. Service-level options in the
global section are defaults for every service.

Modes: *standalone* stunnel binds each section's ``accept`` itself and needs
at least one section with ``accept`` and ``connect`` or ``exec``; in *inetd*
mode the superserver (xinetd, or a systemd socket with ``Accept=yes``) hands
stunnel one connection, the file has no service section and no ``accept``,
and ``connect``/``exec`` sit in the global section (``foreground`` and
``pid`` do nothing there).

The log parser ``parse_log`` classifies each connection the way the course's
evaluator does: "Connection closed: N bytes sent to SSL, M bytes sent to
socket" is a clean session (M == 0: the user cancelled the certificate
prompt); "Connection reset" after "SSL_read: Connection reset by peer" is a
client that dropped TLS without close_notify (``TIMEOUTclose = 0`` works
around it); "Error binding ... Address already in use" is a port conflict.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess

from .findings import error, run_rules, warning
from .syntax import iter_ini, split_host_port

GLOBAL_ONLY = (
    "chroot", "compression", "egd", "engine", "enginectrl", "enginedefault", "fips",
    "foreground", "iconactive", "iconerror", "iconidle", "log", "output", "pid",
    "rndbytes", "rndfile", "rndoverwrite", "service", "syslog", "taskbar",
)
SERVICE_OPTIONS = (
    "accept", "cafile", "capath", "cert", "checkemail", "checkhost", "checkip", "ciphers",
    "ciphersuites", "client", "config", "connect", "crlfile", "crlpath", "curve", "curves",
    "debug", "delay", "engineid", "enginenum", "exec", "execargs", "failover", "ident",
    "include", "key", "libwrap", "local", "logid", "ocsp", "ocspaia", "ocspflag",
    "ocspnonce", "ocsprequire", "options", "protocol", "protocolauthentication",
    "protocoldomain", "protocolhost", "protocolpassword", "protocolusername",
    "pskidentity", "psksecrets", "pty", "redirect", "renegotiation", "requirecert",
    "reset", "retry", "securitylevel", "session", "sessioncachesize",
    "sessioncachetimeout", "sessionresume", "sessiond", "setgid", "setuid", "sni",
    "socket", "sslversion", "sslversionmax", "sslversionmin", "stack", "ticketkeysecret",
    "ticketmacsecret", "timeoutbusy", "timeoutclose", "timeoutconnect", "timeoutidle",
    "timeoutocsp", "transparent", "verify", "verifychain", "verifypeer",
)
KNOWN_OPTIONS = frozenset(GLOBAL_ONLY + SERVICE_OPTIONS)
# How the options are usually spelled, for suggestions.
SPELLING = dict((k.lower(), k) for k in (
    "CAfile", "CApath", "CRLfile", "CRLpath", "EGD", "RNDbytes", "RNDfile", "RNDoverwrite",
    "TIMEOUTbusy", "TIMEOUTclose", "TIMEOUTconnect", "TIMEOUTidle", "TIMEOUTocsp",
    "sslVersion", "sslVersionMax", "sslVersionMin", "execArgs", "engineId", "engineNum",
    "OCSPaia", "OCSPflag", "OCSPnonce", "OCSPrequire", "PSKidentity", "PSKsecrets",
    "requireCert", "securityLevel", "sessionCacheSize", "sessionCacheTimeout",
    "sessionResume", "checkEmail", "checkHost", "checkIP", "verifyChain", "verifyPeer",
    "logId", "ticketKeySecret", "ticketMacSecret", "protocolAuthentication",
    "protocolDomain", "protocolHost", "protocolPassword", "protocolUsername",
))
LEVELS = {"emerg": 0, "alert": 1, "crit": 2, "err": 3, "warning": 4, "notice": 5,
          "info": 6, "debug": 7}
FILE_OPTIONS = ("cert", "key", "cafile", "crlfile")
DIR_OPTIONS = ("capath", "crlpath")

CORRUPTED_COPY = ("A file copied (for instance over a USB stick) and damaged on the way shows "
                  "exactly this; compare it with the original using diff and copy it again.")


def spelled(key):
    return SPELLING.get(key.lower(), key.lower())


class Section(object):
    """The global options (name None) or one ``[service]`` section."""

    __slots__ = ("name", "line", "options")

    def __init__(self, name, line):
        self.name = name
        self.line = line
        self.options = []   # IniLine, in file order

    def get(self, key):
        """Last value of an option: (value, line) or None."""
        found = None
        for entry in self.options:
            if entry.key.lower() == key:
                found = (entry.value, entry.line)
        return found

    def all(self, key):
        return [(e.value, e.line) for e in self.options if e.key.lower() == key]

    def as_dict(self):
        return {
            "name": self.name,
            "line": self.line,
            "accept": [v for v, _l in self.all("accept")],
            "connect": [v for v, _l in self.all("connect")],
            "exec": (self.get("exec") or (None,))[0],
        }


class StunnelConf(object):
    """A parsed stunnel.conf: ``globals``, ``sections`` and unparsable ``bad_lines``."""

    __slots__ = ("path", "globals", "sections", "bad_lines")

    def __init__(self, path):
        self.path = path
        self.globals = Section(None, None)
        self.sections = []
        self.bad_lines = []   # (line, text)

    def effective(self, section, key):
        """A service's option, falling back to the global default: (value, line) or None."""
        return section.get(key) or self.globals.get(key)


def parse_config(text, path="stunnel.conf"):
    """Parse stunnel.conf text into a ``StunnelConf``."""
    conf = StunnelConf(path)
    current = conf.globals
    for entry in iter_ini(text):
        if entry.key is None:
            current = Section(entry.section, entry.line)
            conf.sections.append(current)
        elif entry.key == "":
            conf.bad_lines.append((entry.line, entry.value))
        else:
            current.options.append(entry)
    return conf


def _debug_level(value):
    word = value.strip().lower()
    if "." in word:
        word = word.rsplit(".", 1)[1]
    if word.startswith("log_"):
        word = word[4:]
    if word.isdigit():
        return int(word)
    return LEVELS.get(word)


def _is_yes(value):
    return (value or "").strip().lower() in ("yes", "1", "true", "on")


class ConfigFacts(object):
    """The parsed file and how check_config was asked to read it, for the config rules."""

    def __init__(self, conf, mode="auto", check_files=False, clients_without_close_notify=False,
                 openssl="openssl", base_dir=None):
        self.conf = conf
        self.path = conf.path
        self.mode = ("standalone" if conf.sections else "inetd") if mode == "auto" else mode
        self.check_files = check_files
        self.clients_without_close_notify = clients_without_close_notify
        self.openssl = openssl
        self.base_dir = base_dir


def rule_syntax(facts):
    """Every line is an option, a section or a comment."""
    return [error("stunnel-syntax", "stunnel cannot parse %r: every line is 'option = value', "
                  "'[service]', or a comment starting with ';' or '#'." % text,
                  "Fix or comment out the line.", facts.path, line)
            for line, text in facts.conf.bad_lines]


def rule_options(facts):
    """Option names stunnel knows, in their place; values without comments; [host:]port addresses."""
    conf, path = facts.conf, facts.path
    findings = []
    for section in [conf.globals] + conf.sections:
        for entry in section.options:
            key = entry.key.lower()
            if key not in KNOWN_OPTIONS:
                close = difflib.get_close_matches(key, KNOWN_OPTIONS, n=1, cutoff=0.75)
                hint = " (did you mean %s?)" % spelled(close[0]) if close else ""
                findings.append(warning(
                    "stunnel-unknown-option",
                    "Unknown stunnel option %r%s: stunnel refuses to start with "
                    "'Specified option name is not valid here'." % (entry.key, hint),
                    "Correct the spelling or remove the line.", path, entry.line))
            elif section.name is not None and key in GLOBAL_ONLY:
                findings.append(warning(
                    "stunnel-global-in-section",
                    "%s is a global option but stands in section [%s]." % (spelled(key), section.name),
                    "Move it above the first [section].", path, entry.line))
            if re.search(r"\s[;#]", entry.value):
                findings.append(error(
                    "stunnel-inline-comment",
                    "The value of %s is %r: stunnel has no comments after a value, the text after "
                    "';' or '#' becomes part of it." % (entry.key, entry.value),
                    "Put the comment on a line of its own.", path, entry.line))
                continue
            if key in ("accept", "connect"):
                try:
                    _host, port = split_host_port(entry.value)
                except ValueError as exc:
                    findings.append(error("stunnel-bad-address",
                                          "%s = %s is not [host:]port: %s." % (entry.key, entry.value, exc),
                                          "Write a port (465) or host:port (127.0.0.1:25).",
                                          path, entry.line))
                    continue
                if port is None:
                    findings.append(warning("stunnel-unknown-port",
                                            "%s = %s names a port this check does not know; stunnel "
                                            "looks it up in /etc/services." % (entry.key, entry.value),
                                            "Prefer the number.", path, entry.line))
    return findings


def rule_sections(facts):
    """Each service section once."""
    conf, path = facts.conf, facts.path
    findings = []
    seen = {}
    for section in conf.sections:
        if section.name in seen:
            findings.append(error("stunnel-duplicate-section",
                                  "Section [%s] appears twice (first on line %d)."
                                  % (section.name, seen[section.name]),
                                  "Merge the sections or rename one.", path, section.line))
        seen.setdefault(section.name, section.line)
    return findings


def rule_inetd(facts):
    """In inetd mode (started by the superserver): no section, no accept, somewhere to connect."""
    return _check_inetd(facts.conf) if facts.mode == "inetd" else []


def rule_standalone(facts):
    """A standalone daemon: services with accept, connect (or exec) and a certificate."""
    return _check_standalone(facts.conf) if facts.mode != "inetd" else []


def rule_logging(facts):
    """A log file at a level that writes the lines the evaluator reads."""
    conf, path = facts.conf, facts.path
    findings = []
    if conf.globals.get("output") is None:
        findings.append(warning(
            "stunnel-no-output",
            "No 'output' log file is set: stunnel logs to syslog only, and the evaluator's "
            "stunnel/smtps check reads stunnel's own log file.",
            "Add 'output = /var/log/stunnel.log' to the global options.", path))
    debug = conf.globals.get("debug")
    if debug is not None:
        level = _debug_level(debug[0])
        if level is None:
            findings.append(error("stunnel-bad-debug", "debug = %s is not a log level (0-7 or a name "
                                  "such as notice)." % debug[0], "Write 'debug = 5' or higher.",
                                  path, debug[1]))
        elif level < 5:
            findings.append(warning(
                "stunnel-debug-low",
                "debug = %s logs below notice (5): the 'Connection closed' and 'Connection reset' "
                "lines the evaluator looks for are not written." % debug[0],
                "Set 'debug = 5' (notice) or higher.", path, debug[1]))
    return findings


def rule_timeoutclose(facts):
    """When asked for: TIMEOUTclose = 0 for clients that drop TLS without close_notify."""
    if not facts.clients_without_close_notify:
        return []
    conf, path, mode = facts.conf, facts.path, facts.mode
    findings = []
    scopes = conf.sections if (mode == "standalone" and conf.sections) else [conf.globals]
    for section in scopes:
        value = conf.effective(section, "timeoutclose")
        if value is None or value[0].strip() != "0":
            name = "[%s]" % section.name if section.name else "the global options"
            findings.append(warning(
                "stunnel-timeoutclose",
                "Clients that drop TLS without close_notify (old Outlook Express / IE) leave "
                "'Connection reset' in the log instead of 'Connection closed'; %s has no "
                "'TIMEOUTclose = 0'." % name,
                "Add 'TIMEOUTclose = 0' to %s." % name, path,
                (value[1] if value else section.line)))
    return findings


def rule_files(facts):
    """When asked for: the cert, key and CA files exist and the certificate matches the key."""
    if not facts.check_files:
        return []
    return check_files_of(facts.conf, openssl=facts.openssl, base_dir=facts.base_dir)


# The config rules, in the order check_config reports them.
CONFIG_RULES = (
    rule_syntax,
    rule_options,
    rule_sections,
    rule_inetd,
    rule_standalone,
    rule_logging,
    rule_timeoutclose,
    rule_files,
)


def check_config(conf, mode="auto", check_files=False, clients_without_close_notify=False,
                 openssl="openssl", base_dir=None):
    """Findings for a parsed ``StunnelConf``.

    ``mode``: ``standalone``, ``inetd`` or ``auto`` (inetd when the file has
    no service section). ``check_files`` checks that cert/key/CA files exist
    and that the certificate matches the key (``cert_key_match``).
    ``clients_without_close_notify`` asks for ``TIMEOUTclose = 0``.
    Relative file names are taken relative to ``base_dir`` (default: the
    directory of ``conf.path``).
    """
    return run_rules(CONFIG_RULES, ConfigFacts(conf, mode, check_files, clients_without_close_notify,
                                               openssl, base_dir))


def _check_inetd(conf):
    path = conf.path
    out = []
    for section in conf.sections:
        out.append(error(
            "stunnel-inetd-section",
            "stunnel runs in inetd mode (started by the superserver) but the file has a "
            "[%s] section: stunnel would try to bind the port itself, which the superserver "
            "already holds." % section.name,
            "Remove the [%s] section and keep connect/exec in the global options." % section.name,
            path, section.line))
    accept = conf.globals.get("accept")
    if accept is not None:
        out.append(error(
            "stunnel-inetd-accept",
            "accept = %s in inetd mode: the superserver accepts the connection, stunnel must "
            "not bind a port." % accept[0],
            "Remove the accept line; the port is set in the xinetd service or the .socket unit.",
            path, accept[1]))
    for key in ("foreground", "pid"):
        value = conf.globals.get(key)
        if value is not None:
            out.append(warning(
                "stunnel-inetd-irrelevant",
                "%s has no effect in inetd mode: the superserver starts one stunnel per "
                "connection." % key, "Remove the line.", path, value[1]))
    if not conf.sections and conf.globals.get("connect") is None and conf.globals.get("exec") is None:
        out.append(error(
            "stunnel-no-connect",
            "In inetd mode the global options need 'connect' (e.g. connect = 25) or 'exec': "
            "stunnel does not know where to send the decrypted data.",
            "Add 'connect = 25' for smtps.", path))
    return out


def _check_standalone(conf):
    path = conf.path
    out = []
    if not conf.sections:
        out.append(error(
            "stunnel-no-service",
            "Standalone stunnel needs at least one [service] section with accept and "
            "connect; this file has none (that is inetd mode).",
            "Add e.g. [smtps] with 'accept = 465' and 'connect = 25', or run stunnel from the "
            "superserver.", path))
        return out
    if conf.globals.get("accept") is not None:
        value = conf.globals.get("accept")
        out.append(warning("stunnel-global-accept",
                           "accept = %s stands in the global options: it becomes the default of "
                           "every service." % value[0], "Move it into its [service] section.",
                           path, value[1]))
    for section in conf.sections:
        if section.get("accept") is None:
            out.append(error(
                "stunnel-no-accept",
                "Section [%s] has no 'accept': in standalone mode every service needs the port "
                "stunnel listens on." % section.name,
                "Add 'accept = <port>' (465 for smtps).", path, section.line))
        if conf.effective(section, "connect") is None and conf.effective(section, "exec") is None:
            out.append(error(
                "stunnel-no-connect",
                "Section [%s] has neither 'connect' nor 'exec': stunnel does not know where to "
                "send the decrypted data." % section.name,
                "Add 'connect = 25' for smtps.", path, section.line))
        client = conf.effective(section, "client")
        if not (client and _is_yes(client[0])) and conf.effective(section, "cert") is None:
            out.append(warning(
                "stunnel-no-cert",
                "Server section [%s] names no 'cert': stunnel falls back to its compiled-in "
                "stunnel.pem, if it exists." % section.name,
                "Add 'cert = /etc/stunnel/stunnel.pem' (global or in the section).",
                path, section.line))
    return out


def _resolve(name, base_dir):
    if os.path.isabs(name) or not base_dir:
        return name
    return os.path.join(base_dir, name)


def check_files_of(conf, openssl="openssl", base_dir=None, runner=None):
    """Files named by cert/key/CAfile/CRL options exist; each cert matches its key."""
    path = conf.path
    if base_dir is None:
        base_dir = os.path.dirname(path) if path else None
    findings = []
    checked = set()
    scopes = [conf.globals] + conf.sections
    for section in scopes:
        for entry in section.options:
            key = entry.key.lower()
            if key not in FILE_OPTIONS + DIR_OPTIONS:
                continue
            name = _resolve(entry.value, base_dir)
            exists = os.path.isdir(name) if key in DIR_OPTIONS else os.path.isfile(name)
            if not exists:
                findings.append(error(
                    "stunnel-file-missing",
                    "%s = %s: no such %s."
                    % (entry.key, entry.value, "directory" if key in DIR_OPTIONS else "file"),
                    "Create it or correct the path; stunnel does not start without it.",
                    path, entry.line))
    pairs = []
    for section in conf.sections or [conf.globals]:
        cert = conf.effective(section, "cert")
        if cert is None:
            continue
        key = conf.effective(section, "key") or cert
        pair = (_resolve(cert[0], base_dir), _resolve(key[0], base_dir))
        if pair in checked:
            continue
        checked.add(pair)
        pairs.append((pair, cert[1], key[1]))
    for (cert_file, key_file), cert_line, key_line in pairs:
        if not (os.path.isfile(cert_file) and os.path.isfile(key_file)):
            continue
        findings.extend(cert_key_match(cert_file, key_file, openssl=openssl, runner=runner,
                                       conf_path=path, cert_line=cert_line, key_line=key_line))
        try:
            mode = os.stat(key_file).st_mode
        except OSError:
            continue
        if mode & 0o004:
            findings.append(warning(
                "stunnel-key-readable",
                "The private key %s is readable by every user." % key_file,
                "chmod 600 %s" % key_file, path, key_line))
    return findings


def _run(runner, argv):
    run = runner or subprocess.run
    try:
        proc = run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                   universal_newlines=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        return None, None, str(exc)
    return proc.returncode, proc.stdout, proc.stderr


def _head(path, limit=65536):
    try:
        with open(path, "rb") as handle:
            return handle.read(limit).decode("latin-1")
    except (IOError, OSError):
        return ""


def _unreadable(what, file_name, stderr, code, conf_path, line):
    text = _head(file_name)
    first = next((ln.strip() for ln in (stderr or "").splitlines() if ln.strip()), "")
    if what == "key" and ("ENCRYPTED" in text or "bad decrypt" in (stderr or "")
                          or "empty password" in (stderr or "")):
        return error(
            "stunnel-key-encrypted",
            "The private key %s is protected by a passphrase: stunnel started as a daemon cannot "
            "ask for it." % file_name,
            "Write an unencrypted copy: openssl pkey -in %s -out %s.new, then replace the file "
            "and chmod 600 it." % (file_name, file_name), conf_path, line)
    if "-----BEGIN" not in text or "no start line" in (stderr or ""):
        return error(
            code,
            "%s has no PEM start line ('no start line'): the file does not contain a "
            "'-----BEGIN ...' %s. %s" % (file_name, what, CORRUPTED_COPY),
            "Copy the %s again and check it with: openssl %s -in %s -noout"
            % (what, "x509" if what == "certificate" else "pkey", file_name), conf_path, line)
    return error(
        code,
        "openssl cannot read the %s in %s (%s): the PEM text is damaged or incomplete. %s"
        % (what, file_name, first or "no details", CORRUPTED_COPY),
        "Copy the %s again and check it with: openssl %s -in %s -noout"
        % (what, "x509" if what == "certificate" else "pkey", file_name), conf_path, line)


def cert_key_match(cert_file, key_file, openssl="openssl", runner=None, conf_path=None,
                   cert_line=None, key_line=None):
    """Compare the public key of the certificate with the private key, via openssl.

    Runs ``openssl x509 -noout -pubkey`` and ``openssl pkey -pubout``
    (never at import). ``runner`` replaces ``subprocess.run`` in tests.
    """
    rc, cert_pub, err = _run(runner, [openssl, "x509", "-noout", "-pubkey", "-in", cert_file])
    if rc is None:
        return [warning("stunnel-openssl-missing",
                        "Could not run %s (%s): the certificate and key were not compared."
                        % (openssl, err), "Install openssl.", conf_path, cert_line)]
    if rc != 0:
        return [_unreadable("certificate", cert_file, err, "stunnel-cert-unreadable",
                            conf_path, cert_line)]
    rc, key_pub, err = _run(runner, [openssl, "pkey", "-pubout", "-passin", "pass:", "-in", key_file])
    if rc is None:
        return [warning("stunnel-openssl-missing", "Could not run %s (%s)." % (openssl, err),
                        "Install openssl.", conf_path, key_line)]
    if rc != 0:
        return [_unreadable("key", key_file, err, "stunnel-key-unreadable", conf_path, key_line)]
    if cert_pub.strip() != key_pub.strip():
        return [error(
            "stunnel-cert-key-mismatch",
            "The certificate %s does not belong to the private key %s: their public keys "
            "differ, so stunnel fails with 'key values mismatch'." % (cert_file, key_file),
            "Use the key the certificate was made from, or make a new certificate from this key.",
            conf_path, key_line or cert_line)]
    return []


# ---------------------------------------------------------------------------
# stunnel's log
# ---------------------------------------------------------------------------

class Session(object):
    """One connection (or one failed bind) seen in stunnel's log."""

    __slots__ = ("id", "service", "peer", "status", "bytes_to_ssl", "bytes_to_socket",
                 "start_line", "end_line", "reset_by_peer", "address", "in_use", "time", "ambiguous")

    CLOSED = "closed"
    RESET = "reset"
    OPEN = "open"
    BIND_ERROR = "bind-error"

    def __init__(self, id, status, start_line, service=None, peer=None, time=None):
        self.id = id
        self.service = service
        self.peer = peer
        self.status = status
        self.bytes_to_ssl = None
        self.bytes_to_socket = None
        self.start_line = start_line
        self.end_line = None
        self.reset_by_peer = False
        self.address = None
        self.in_use = False
        self.time = time
        self.ambiguous = False  # its end was logged while another session shared its id: it may be the other's

    @property
    def clean(self):
        """A cleanly closed session in which the client sent something."""
        return self.status == self.CLOSED and bool(self.bytes_to_socket)

    @property
    def cancelled(self):
        return self.status == self.CLOSED and self.bytes_to_socket == 0

    def explanation(self):
        if self.status == self.BIND_ERROR:
            if self.in_use:
                return ("port conflict: another program already listens on %s, so stunnel "
                        "could not bind %s and is not running" % (self.address, self.service))
            return "stunnel could not bind %s to %s" % (self.service, self.address)
        if self.status == self.CLOSED:
            if self.bytes_to_socket == 0:
                return ("closed cleanly but nothing was sent to the socket: the user cancelled "
                        "the certificate prompt")
            return "closed cleanly"
        if self.status == self.RESET:
            if self.reset_by_peer:
                return ("the client dropped the TLS session without close_notify (old Outlook "
                        "Express / IE do this); 'TIMEOUTclose = 0' in stunnel.conf works around it")
            return "the connection was reset"
        return "no end of the session in the log (still open, or the log stops here)"

    def as_dict(self):
        return {
            "id": self.id,
            "service": self.service,
            "peer": self.peer,
            "status": self.status,
            "bytes_to_ssl": self.bytes_to_ssl,
            "bytes_to_socket": self.bytes_to_socket,
            "start_line": self.start_line,
            "end_line": self.end_line,
            "reset_by_peer": self.reset_by_peer,
            "address": self.address,
            "in_use": self.in_use,
            "ambiguous": self.ambiguous,
            "clean": self.clean,
            "time": self.time,
            "explanation": self.explanation(),
        }

    def __repr__(self):
        return "Session(%r, %r, %r)" % (self.id, self.service, self.status)


_LOG_PREFIX = re.compile(r"(?:^(?P<time>\d{4}\.\d\d\.\d\d \d\d:\d\d:\d\d)\s+)?.*?"
                         r"LOG(?P<level>\d)\[(?P<id>[^\]]*)\]:\s*(?P<msg>.*)$")
_SYSLOG_PREFIX = re.compile(r"stunnel(?:\d)?(?:\[(?P<id>\d+)\])?:\s*(?P<msg>.*)$")
_ACCEPTED = re.compile(r"^(?:Service \[(?P<svc5>[^\]]+)\]|(?P<svc4>\S+)) accepted connection "
                       r"from (?P<peer>\S+)")
_END = re.compile(r"^Connection (?P<how>closed|reset): (?P<ssl>\d+) byte(?:s|\(s\)) sent to "
                  r"(?:SSL|TLS), (?P<sock>\d+) byte(?:s|\(s\)) sent to socket")
_BIND = re.compile(r"^Error binding (?:service )?\[?(?P<svc>[^\]\s]+)\]? to (?P<addr>\S+)")
_IN_USE = re.compile(r"Address already in use")
_PEER_RESET = re.compile(r"^SSL_read:? .*Connection reset by peer")


def _mark_overlap(open_sessions):
    """Several sessions open under one id: whichever end comes next may be any of theirs."""
    if len(open_sessions or []) > 1:
        for session in open_sessions:
            session.ambiguous = True


def parse_log(text):
    """Sessions of a stunnel log (stunnel 4 and 5 formats, file or syslog).

    In inetd mode every stunnel process numbers its one connection [0], so two connections at once (a mail
    client's, and the evaluator's own handshake) share an id: the sessions open under an id are a queue, and
    an end closes the oldest of them. Which end is whose is then a guess: every session open under the id
    when such an end comes is marked ``ambiguous``. An end whose start is not in the log is a session
    without a peer."""
    sessions = []
    current = {}  # id -> the sessions open under it, oldest first
    lines = text.splitlines()
    for number, raw in enumerate(lines, 1):
        m = _LOG_PREFIX.search(raw)
        if m:
            sid, msg, time = m.group("id"), m.group("msg").strip(), m.group("time")
        else:
            m = _SYSLOG_PREFIX.search(raw)
            if not m:
                continue
            sid, msg, time = m.group("id"), m.group("msg").strip(), None
        a = _ACCEPTED.match(msg)
        if a:
            session = Session(sid, Session.OPEN, number, a.group("svc5") or a.group("svc4"),
                              a.group("peer"), time)
            sessions.append(session)
            current.setdefault(sid, []).append(session)
            continue
        if _PEER_RESET.match(msg):
            _mark_overlap(current.get(sid))
            if not current.get(sid):
                session = Session(sid, Session.OPEN, number, time=time)
                sessions.append(session)
                current[sid] = [session]
            current[sid][0].reset_by_peer = True
            continue
        e = _END.match(msg)
        if e:
            _mark_overlap(current.get(sid))
            session = current[sid].pop(0) if current.get(sid) else None
            if session is None:
                session = Session(sid, Session.OPEN, number, time=time)
                sessions.append(session)
            session.status = Session.CLOSED if e.group("how") == "closed" else Session.RESET
            session.bytes_to_ssl = int(e.group("ssl"))
            session.bytes_to_socket = int(e.group("sock"))
            session.end_line = number
            continue
        b = _BIND.match(msg)
        if b:
            session = Session(sid, Session.BIND_ERROR, number, b.group("svc"), time=time)
            session.address = b.group("addr")
            session.end_line = number
            # stunnel 4 logs "bind: Address already in use (98)" after, stunnel 5 before
            near = lines[max(0, number - 2):number + 1]
            session.in_use = any(_IN_USE.search(ln) for ln in near)
            sessions.append(session)
    return sessions


def log_findings(sessions, path=None):
    """Findings from parsed log sessions.

    A bind error is an error when no connection was accepted after it (stunnel
    has not run since), otherwise a warning about an earlier start. Resets
    and cancelled prompts are warnings.
    """
    findings = []
    for index, session in enumerate(sessions):
        if session.status == Session.BIND_ERROR:
            later = any(s.status != Session.BIND_ERROR for s in sessions[index + 1:])
            make = warning if later else error
            findings.append(make(
                "stunnel-bind-error",
                "stunnel logged 'Error binding %s to %s'%s: %s." % (
                    session.service, session.address,
                    " (Address already in use)" if session.in_use else "",
                    session.explanation() + (" (an earlier start: connections were accepted "
                                             "after it)" if later else "")),
                "Find the other listener with 'ss -ltnp' (Dovecot serves pop3s 995 in the "
                "course: remove stunnel's [%s] section), then restart stunnel." % session.service,
                path, session.start_line))
        elif session.status == Session.RESET:
            findings.append(warning("stunnel-connection-reset",
                                    "A %s session ended with 'Connection reset': %s."
                                    % (session.service or "stunnel", session.explanation()),
                                    "Add 'TIMEOUTclose = 0' to stunnel.conf and restart stunnel.",
                                    path, session.end_line))
        elif session.cancelled:
            findings.append(warning("stunnel-prompt-cancelled",
                                    "A %s session %s." % (session.service or "stunnel",
                                                          session.explanation()),
                                    "Accept the certificate in the mail client and send again.",
                                    path, session.end_line))
    return findings
