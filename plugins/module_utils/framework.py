# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The evaluator's framework: the lab configuration, the context a check looks through, checks,
days, results and the report.

Nothing here knows a lab day: the checks (checks/*.py) import this module, the catalog
(catalog.py) composes them into days, and the command line (cli.py) runs the catalog. The import
order is framework <- checks <- catalog <- cli; tests/unit/test_imports.py fails on any circle.

The output copies the course's own evaluation tool (`evalsh`): one line per
check, `[N:PASS] - 'item'` or `[N:FAIL] - 'item' ('reason')`.
Reasons are English or Japanese (i18n.py); check ids, items and the PASS/FAIL tokens never change.

Pure Python 3.8+ standard library; no Ansible imports.
"""

from __future__ import annotations

import glob
import json
import os
import socket
import subprocess

from . import course
from .i18n import T, localize, tr, translate
VERSION = "0.1.0"
TOOL = "labeval"
DEFAULT_CONFIG = "/etc/serverlab/lab.json"
# The labeval role leaves an empty file per applied lab day here (06, 07...).
DAY_MARKERS = "/etc/serverlab/days"
CONFIG_ENV = "SERVERLAB_LAB_CONFIG"
RUN_TIMEOUT = 30

COURSE_DEFAULTS = {
    "hostname": "h2g",
    "domain": "example.com",
    "device": "eth0",
    "address": "192.168.0.10",
    "prefix": 24,
    "gateway": "",  # none: the lab network has no default gateway
    "dns_servers": [],
    "nm_controlled": "no",
    "peerdns": "no",
    "user": "user1",
    "day": None,
    "family": None,  # None: detect from /etc/os-release
}

PASS = "PASS"
FAIL = "FAIL"

REDHAT = "RedHat"
DEBIAN = "Debian"
_REDHAT_IDS = ("rhel", "centos", "fedora", "rocky", "alma", "almalinux")
_DEBIAN_IDS = ("debian", "ubuntu")

STOPPED_LINE = "stopped at the first failure; run with -c to carry on"


# ---------------------------------------------------------------- config

def _normalize_family(value):
    if value in (None, ""):
        return None
    low = str(value).strip().lower()
    if low in ("redhat", "red hat", "el") or low in _REDHAT_IDS:
        return REDHAT
    if low in _DEBIAN_IDS:
        return DEBIAN
    raise ValueError(T("family must be RedHat or Debian, not %(value)s", value=repr(value)))


def _is_number_key(key):
    return key in ("port", "prefix") or key.endswith("_port")


def typed_numbers(value):
    """Ports and prefixes as ints wherever they sit in lab.json: ansible-core before 2.19 (Debian 12's 2.14, under
    ansible-pull) renders `{{ 465 }}` as the string '465'."""
    if isinstance(value, dict):
        return dict((k, int(v) if _is_number_key(k) and isinstance(v, str) and v.strip().isdigit() else typed_numbers(v))
                    for k, v in value.items())
    if isinstance(value, list):
        return [typed_numbers(v) for v in value]
    return value


def _normalize_config(config):
    """Coerce the few typed keys; raise ValueError with a readable message."""
    config.update(typed_numbers(config))
    try:
        config["prefix"] = int(config["prefix"])
    except (TypeError, ValueError):
        raise ValueError(T("prefix must be a number, not %(value)s", value=repr(config["prefix"])))
    day = config.get("day")
    if day in (None, ""):
        config["day"] = None
    else:
        try:
            config["day"] = int(day)
        except (TypeError, ValueError):
            raise ValueError(T("day must be a number, not %(value)s", value=repr(day)))
    if config.get("gateway") is None:
        config["gateway"] = ""
    config["gateway"] = str(config["gateway"]).strip()
    servers = config.get("dns_servers") or []
    if isinstance(servers, str):
        servers = servers.replace(",", " ").split()
    if not isinstance(servers, (list, tuple)):
        raise ValueError(T("dns_servers must be a list, not %(value)s", value=repr(servers)))
    config["dns_servers"] = [str(s).strip() for s in servers if str(s).strip()]
    for key in ("nm_controlled", "peerdns"):
        value = config.get(key)
        if isinstance(value, bool):
            config[key] = "yes" if value else "no"
        else:
            config[key] = str(value).strip()
    config["family"] = _normalize_family(config.get("family"))
    return config


def config_path(path=None):
    """The configuration file to read: `path`, else $SERVERLAB_LAB_CONFIG, else the default."""
    if path:
        return path
    return os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG


def marked_day(root="/"):
    """The highest lab day marked as applied in /etc/serverlab/days (under root), or None."""
    try:
        names = os.listdir(_under(root, DAY_MARKERS))
    except OSError:
        return None
    days = [int(n) for n in names if n.isdigit()]
    return max(days) if days else None


def load_config(path=None, root="/"):
    """COURSE_DEFAULTS overlaid by the JSON file at `path` (under `root`) if it exists.

    `path` None means $SERVERLAB_LAB_CONFIG, else /etc/serverlab/lab.json.
    When the file names no day, the highest day marker in /etc/serverlab/days
    (written by the labeval role) gives it. Raises ValueError when the file
    exists but is not a JSON object.
    """
    config = dict(COURSE_DEFAULTS)
    config["dns_servers"] = list(COURSE_DEFAULTS["dns_servers"])
    real = _under(root, config_path(path))
    if os.path.isfile(real):
        try:
            with open(real, "rb") as handle:
                data = json.loads(handle.read().decode("utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(T("cannot read the lab configuration %(path)s: %(error)s", path=real, error=str(exc)))
        if not isinstance(data, dict):
            raise ValueError(T("the lab configuration %(path)s must hold a JSON object", path=real))
        config.update(data)
    try:
        config = _normalize_config(config)
    except ValueError as exc:
        raise ValueError(T("bad lab configuration %(path)s: %(error)s", path=real, error=message_of(exc)))
    if config["day"] is None:
        config["day"] = marked_day(root)
    return config


def message_of(exc):
    """The message an exception was raised with: the Message itself (so it can be localized), else str(exc)."""
    if exc.args and len(exc.args) == 1 and isinstance(exc.args[0], str):
        return exc.args[0]
    return str(exc)


# ---------------------------------------------------------------- context

def _under(root, path):
    if not root or root == "/":
        return path
    return os.path.join(root, path.lstrip("/"))


def subprocess_runner(argv, timeout=RUN_TIMEOUT):
    """Run argv; return (rc, stdout, stderr). A missing command gives rc 127."""
    env = dict(os.environ)
    env["LC_ALL"] = "C"
    try:
        proc = subprocess.run(
            list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, timeout=timeout, env=env, check=False)
    except FileNotFoundError:
        return 127, "", "%s: command not found" % argv[0]
    except PermissionError as exc:
        return 126, "", "%s: %s" % (argv[0], exc)
    except subprocess.TimeoutExpired:
        return 124, "", "%s: no answer after %g s" % (argv[0], timeout)
    return (proc.returncode, proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"))


class Context(object):
    """What a check may look at: the lab configuration, the trainee, files and commands.

    `root` lets unit tests evaluate a fake tree; `runner(argv) -> (rc, out, err)`
    replaces subprocess.
    """

    def __init__(self, user=None, config=None, root="/", runner=None):
        if config is None:
            config = _normalize_config(dict(COURSE_DEFAULTS))
        self.config = config
        self.user = user or config.get("user") or COURSE_DEFAULTS["user"]
        self.root = root or "/"
        self.runner = runner or subprocess_runner
        self._family = None

    def path(self, path):
        """The real location of `path` (an absolute path on the evaluated system)."""
        return _under(self.root, path)

    def read(self, path):
        """The text of a file, or None when it is missing or unreadable."""
        try:
            with open(self.path(path), "rb") as handle:
                return handle.read().decode("utf-8", "replace")
        except (OSError, IOError):
            return None

    def exists(self, path):
        return os.path.lexists(self.path(path))

    def isdir(self, path):
        return os.path.isdir(self.path(path))

    def isfile(self, path):
        return os.path.isfile(self.path(path))

    def stat(self, path):
        try:
            return os.stat(self.path(path))
        except OSError:
            return None

    def listdir(self, path):
        try:
            return sorted(os.listdir(self.path(path)))
        except OSError:
            return []

    def glob(self, pattern):
        """Sorted paths (as on the evaluated system) matching a shell pattern, e.g. /etc/x.d/*."""
        matches = glob.glob(self.path(pattern))
        if self.root and self.root != "/":
            base = os.path.abspath(self.root)
            matches = ["/" + os.path.relpath(m, base).replace(os.sep, "/") for m in matches]
        return sorted(matches)

    def run(self, argv):
        rc, out, err = self.runner(list(argv))
        return rc, out or "", err or ""

    @property
    def family(self):
        """RedHat or Debian: the config's `family`, else detected; None when unknown."""
        if self.config.get("family"):
            return self.config["family"]
        if self._family is None:
            self._family = detect_family(self) or ""
        return self._family or None

    def hostname(self):
        return socket.gethostname()


def parse_os_release(text):
    values = {}
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def detect_family(ctx):
    """RedHat or Debian from /etc/os-release ID then ID_LIKE (old systems: release files)."""
    info = parse_os_release(ctx.read("/etc/os-release") or ctx.read("/usr/lib/os-release"))
    for key in ("ID", "ID_LIKE"):
        for word in info.get(key, "").lower().split():
            if word in _REDHAT_IDS:
                return REDHAT
            if word in _DEBIAN_IDS:
                return DEBIAN
    if ctx.exists("/etc/redhat-release"):  # CentOS 5 has no os-release
        return REDHAT
    if ctx.exists("/etc/debian_version"):
        return DEBIAN
    return None


# ---------------------------------------------------------------- checks

class Result(object):
    """A check's verdict: PASS or FAIL, the reason for a FAIL, and evidence lines.

    The reason is a T() Message (i18n.py) so it can be shown in Japanese; evidence is English.
    `pending`: a FAIL because the trainee has not done the step yet (no key brought, no mail sent), not
    because something is broken; the course's line is FAIL alike, the instructor's report tells them apart.
    """

    __slots__ = ("status", "reason", "evidence", "pending")

    def __init__(self, status, reason="", evidence=(), pending=False):
        if status not in (PASS, FAIL):
            raise ValueError("status must be %r or %r" % (PASS, FAIL))
        self.status = status
        self.reason = reason
        self.evidence = tuple(str(e) for e in evidence)
        self.pending = bool(pending) and status == FAIL

    @property
    def ok(self):
        return self.status == PASS

    def __repr__(self):
        return "Result(%r, %r, %r%s)" % (self.status, self.reason, self.evidence, ", pending=True" if self.pending else "")

    def __eq__(self, other):
        return (isinstance(other, Result) and self.status == other.status and self.reason == other.reason
                and self.evidence == other.evidence and self.pending == other.pending)

    def __hash__(self):
        return hash((self.status, self.reason, self.evidence, self.pending))


def passed(*evidence):
    return Result(PASS, "", evidence)


def failed(reason, *evidence):
    return Result(FAIL, reason, evidence)


def not_yet(reason, *evidence):
    """A FAIL that waits for the trainee's own step (see Result.pending)."""
    return Result(FAIL, reason, evidence, pending=True)


# A lab day can be done on one of several tracks (BIND or djbdns, Postfix or qmail...).
# The lab config names the VM's choice under "tracks"; the course plan (course.py) has the defaults.
TRACK_DEFAULTS = course.track_defaults()


def track_of(config, name):
    """The track the VM follows for `name` (e.g. "dns" -> "bind")."""
    return (config.get("tracks") or {}).get(name, TRACK_DEFAULTS.get(name))


class Check(object):
    """Check number `num` of day `day`, shown as `item`; func(ctx) -> Result.

    `track` = ("dns", "tinydns") limits the check to VMs on that track (("mail", ("relay", "backup-relay"))
    to VMs on either choice); the catalog sets it (Day's `tracks`), the checks files leave it out.
    """

    def __init__(self, day, num, item, func, title="", track=None):
        self.day = int(day)
        self.num = int(num)
        self.item = item
        self.func = func
        self.title = title or (func.__doc__ or "").strip().split("\n")[0]
        self.track = track

    def applies(self, config):
        if self.track is None:
            return True
        chosen = track_of(config, self.track[0])
        # A tuple of choices: the check is the same on each (the relay's and the backup relay's).
        return chosen in self.track[1] if isinstance(self.track[1], tuple) else chosen == self.track[1]

    @property
    def id(self):
        return "%d.%d" % (self.day, self.num)

    def run(self, ctx):
        """The check's Result; an exception inside the check is a FAIL naming it."""
        try:
            result = self.func(ctx)
        except Exception as exc:  # a broken check must never crash the tool
            return failed(T("the check itself broke: %(kind)s: %(error)s", kind=type(exc).__name__, error=str(exc)))
        if not isinstance(result, Result):
            return failed(T("the check itself broke: it returned %(value)s, not a Result", value=repr(result)))
        return result

    def on_track(self, track):
        """This check limited to `track` (a (track, choice) pair), as a new Check."""
        return Check(self.day, self.num, self.item, self.func, self.title, track)

    def __repr__(self):
        return "Check(%s, %r)" % (self.id, self.item)


class Day(object):
    """Lab day `number`: `checks` for every VM, and `tracks` = {choice: checks} for the VMs that
    follow that track choice (course.TRACKS names the track of each choice, e.g. tinydns -> dns).
    `checks` lists them all, each track check limited to its track."""

    def __init__(self, number, title, checks, tracks=None):
        self.number = int(number)
        self.title = title
        self.checks = list(checks)
        for choice, listed in sorted((tracks or {}).items(), key=lambda item: str(item[0])):
            first = choice[0] if isinstance(choice, tuple) else choice
            track = (course.track_of_choice(first), choice)
            self.checks.extend(check.on_track(track) for check in listed)
        seen = set()
        for check in self.checks:
            if check.day != self.number:
                raise ValueError("check %s is listed under day %d" % (check.id, self.number))
            if check.num in seen:
                raise ValueError("check %s is listed twice" % check.id)
            seen.add(check.num)

    def __repr__(self):
        return "Day(%d, %r, %d checks)" % (self.number, self.title, len(self.checks))


def evaluate(checks, ctx, keep_going=False):
    """Run the checks in order; list of (Check, Result). Stops after the first FAIL unless keep_going.

    A context with `workers` > 1 (the network view: probes that mostly wait for a server) runs the checks
    side by side in threads and then reports them in order, cut at the first FAIL like the sequential run;
    the report is the same, only sooner.
    """
    checks = list(checks)
    workers = min(int(getattr(ctx, "workers", 1) or 1), len(checks))
    if workers > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(lambda check: check.run(ctx), checks))
    else:
        results = None
    outcomes = []
    for index, check in enumerate(checks):
        result = results[index] if results is not None else check.run(ctx)
        outcomes.append((check, result))
        if not result.ok and not keep_going:
            break
    return outcomes


# ---------------------------------------------------------------- reports

def result_line(check, result, lang="en"):
    """The course's line for a verdict; only the reason follows the language."""
    if result.ok:
        return "[%d:%s] - '%s'" % (check.num, PASS, check.item)
    return "[%d:%s] - '%s' ('%s')" % (check.num, FAIL, check.item, localize(result.reason, lang))


def result_dict(check, result, lang="en"):
    return {
        "id": check.id,
        "day": check.day,
        "num": check.num,
        "item": check.item,
        "status": result.status,
        "reason": localize(result.reason, lang),
        "evidence": list(result.evidence),
        "pending": result.pending,
    }


class Report(object):
    """The outcome of one evaluation, as text lines (the course's format) or a dict (JSON)."""

    def __init__(self, ctx, checks, outcomes, titles=None):
        self.ctx = ctx
        self.checks = list(checks)
        self.outcomes = list(outcomes)
        self.titles = dict(titles or {})
        self.days = sorted(set(c.day for c in self.checks))

    @property
    def failed(self):
        return sum(1 for _unused, r in self.outcomes if not r.ok)

    @property
    def passed_count(self):
        return sum(1 for _unused, r in self.outcomes if r.ok)

    @property
    def stopped_early(self):
        return len(self.outcomes) < len(self.checks)

    @property
    def passed(self):
        return self.failed == 0 and not self.stopped_early

    def lines(self, detail=False, lang="en"):
        """The text report; `lang` ("en" or "ja") chooses the language of reasons and headers."""
        out = []
        headers = len(self.days) > 1
        day = None
        for check, result in self.outcomes:
            if headers and check.day != day:
                day = check.day
                title = self.titles.get(day)
                if title:
                    out.append(tr(lang, "== day %(day)d: %(title)s ==", day=day, title=translate(title, lang)))
                else:
                    out.append(tr(lang, "== day %(day)d ==", day=day))
            out.append(result_line(check, result, lang))
            if detail:
                out.extend("    %s" % line for line in result.evidence)
        if self.stopped_early:
            out.append(tr(lang, STOPPED_LINE))
        return out

    def summary(self):
        return {
            "total": len(self.checks),
            "passed": self.passed_count,
            "failed": self.failed,
            "stopped_early": self.stopped_early,
        }

    def as_dict(self, lang="en"):
        return {
            "tool": TOOL,
            "version": VERSION,
            "host": self.ctx.hostname(),
            "user": self.ctx.user,
            "days": list(self.days),
            "results": [result_dict(c, r, lang) for c, r in self.outcomes],
            "summary": self.summary(),
        }
