# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab evaluator: framework and the `labeval` command line.

One catalog of checks (catalog.py, checks/dayNN.py) serves three users:

- the `lab_eval` Ansible module (Ansible packs these files into the module);
- the `labeval` command on the lab VM, where the labeval role copies
  plugins/module_utils/ to /usr/local/lib/serverlab/serverlab_course/ and a
  tiny script runs `serverlab_course.evaluator.main()`;
- Molecule's verify step, which runs that command with `--format json`.

The output copies the course's own evaluation tool (`evalsh`): one line per
check, `[N:PASS] - 'item'` or `[N:FAIL] - 'item' ('reason')`, stopping at the
first failure unless `-c` is given.

Reasons and the tool's own prose are English or Japanese (i18n.py: `--lang`, else
the locale); check ids, items and the PASS/FAIL tokens never change.

Pure Python 3.8+ standard library; no Ansible imports.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import socket
import subprocess
import sys

from .i18n import LANGS, T, choose_lang, lang_from_env, localize, tr, translate

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


def _normalize_config(config):
    """Coerce the few typed keys; raise ValueError with a readable message."""
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
        return 124, "", "%s: no answer after %d s" % (argv[0], timeout)
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
    """

    __slots__ = ("status", "reason", "evidence")

    def __init__(self, status, reason="", evidence=()):
        if status not in (PASS, FAIL):
            raise ValueError("status must be %r or %r" % (PASS, FAIL))
        self.status = status
        self.reason = reason
        self.evidence = tuple(str(e) for e in evidence)

    @property
    def ok(self):
        return self.status == PASS

    def __repr__(self):
        return "Result(%r, %r, %r)" % (self.status, self.reason, self.evidence)

    def __eq__(self, other):
        return (isinstance(other, Result) and self.status == other.status
                and self.reason == other.reason and self.evidence == other.evidence)

    def __hash__(self):
        return hash((self.status, self.reason, self.evidence))


def passed(*evidence):
    return Result(PASS, "", evidence)


def failed(reason, *evidence):
    return Result(FAIL, reason, evidence)


# A lab day can be done on one of several tracks (BIND or djbdns, Postfix or qmail...).
# The lab config names the VM's choice under "tracks"; these are the course's defaults.
TRACK_DEFAULTS = {"dns": "bind", "mta": "postfix", "time": "chrony"}


def track_of(config, name):
    """The track the VM follows for `name` (e.g. "dns" -> "bind")."""
    return (config.get("tracks") or {}).get(name, TRACK_DEFAULTS.get(name))


class Check(object):
    """Check number `num` of day `day`, shown as `item`; func(ctx) -> Result.

    `track` = ("dns", "tinydns") limits the check to VMs on that track.
    """

    def __init__(self, day, num, item, func, title="", track=None):
        self.day = int(day)
        self.num = int(num)
        self.item = item
        self.func = func
        self.title = title or (func.__doc__ or "").strip().split("\n")[0]
        self.track = track

    def applies(self, config):
        return self.track is None or track_of(config, self.track[0]) == self.track[1]

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

    def __repr__(self):
        return "Check(%s, %r)" % (self.id, self.item)


class Day(object):
    def __init__(self, number, title, checks):
        self.number = int(number)
        self.title = title
        self.checks = list(checks)
        for check in self.checks:
            if check.day != self.number:
                raise ValueError("check %s is listed under day %d" % (check.id, self.number))

    def __repr__(self):
        return "Day(%d, %r, %d checks)" % (self.number, self.title, len(self.checks))


def evaluate(checks, ctx, keep_going=False):
    """Run the checks in order; list of (Check, Result). Stops after the first FAIL unless keep_going."""
    outcomes = []
    for check in checks:
        result = check.run(ctx)
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
        return sum(1 for _, r in self.outcomes if not r.ok)

    @property
    def passed_count(self):
        return sum(1 for _, r in self.outcomes if r.ok)

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


def grade(ctx, days=None, keep_going=False):
    """Evaluate catalog days (None: the config's day rule) and return a Report.

    Raises ValueError for unknown days, or when no day is left to evaluate.
    """
    from . import catalog  # here, not at the top: catalog imports this module

    upto = ctx.config.get("day") if days is None else None
    checks = catalog.select(days, upto=upto, config=ctx.config)
    if not checks:
        raise ValueError(T("nothing to evaluate up to day %(day)s (known days: %(known)s)",
                           day=str(upto), known=catalog.known_days_text()))
    titles = dict((n, d.title) for n, d in catalog.DAYS.items())
    return Report(ctx, checks, evaluate(checks, ctx, keep_going), titles)


# ---------------------------------------------------------------- command line

USAGE = ("labeval [USER] [-d] [-c] [--day N[,N|N-M]]... [--format text|json] [--lang en|ja] "
         "[--config PATH] | -h | -v")

DESCRIPTION = ("Evaluate the lab VM of the serverlab course, day by day, like the course's "
               "evaluation tool: one line per check, [N:PASS] - 'item' or "
               "[N:FAIL] - 'item' ('reason'). Run it as root.")

EPILOG_TEMPLATE = ("Exit status: 0 when every check passed, 1 when a check failed, 2 on usage "
                   "errors. The lab configuration (host, addresses, trainee, lab day) comes from "
                   "%(config)s or the file named by $%(env)s.")
EPILOG = EPILOG_TEMPLATE % {"config": DEFAULT_CONFIG, "env": CONFIG_ENV}

# argparse's own complaints that have a Japanese template (the rest stay English).
_ARGPARSE_ERRORS = (
    ("unrecognized arguments: %(args)s", r"unrecognized arguments: (?P<args>.*)"),
    ("argument %(option)s: expected one argument", r"argument (?P<option>\S+): expected one argument"),
    ("argument %(option)s: invalid choice: %(value)s (choose from %(choices)s)",
     r"argument (?P<option>\S+): invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)"),
)


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


class _JapaneseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        if prefix is None:
            prefix = tr("ja", "usage: ")
        return argparse.HelpFormatter.add_usage(self, usage, actions, groups, prefix)


def build_parser(lang="en"):
    """The labeval argument parser; `lang` chooses the language of the help text."""
    parser = _Parser(prog=TOOL, usage=USAGE, description=tr(lang, DESCRIPTION),
                     epilog=tr(lang, EPILOG_TEMPLATE, config=DEFAULT_CONFIG, env=CONFIG_ENV),
                     add_help=False,
                     formatter_class=_JapaneseHelpFormatter if lang == "ja" else argparse.HelpFormatter)
    if lang == "ja":  # argparse's own section titles ("options:") come from its gettext domain
        parser._positionals.title = tr(lang, "positional arguments")
        parser._optionals.title = tr(lang, "options")
    parser.add_argument("user", nargs="?", metavar="USER",
                        help=tr(lang, "the trainee account to evaluate (default: the lab's, user1)"))
    parser.add_argument("-d", "--detail", action="store_true",
                        help=tr(lang, "detailed evaluation: show the evidence under each check"))
    parser.add_argument("-c", "--continue", dest="keep_going", action="store_true",
                        help=tr(lang, "carry on after a failed check (default: stop at the first failure)"))
    parser.add_argument("--day", action="append", metavar="N",
                        help=tr(lang, "evaluate day N; repeatable, also N,M and N-M "
                                      "(default: every day up to the lab's day)"))
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help=tr(lang, "output format (default: text)"))
    parser.add_argument("--lang", choices=LANGS,
                        help=tr(lang, "language of the reasons and messages (default: ja when LC_ALL, "
                                      "LC_MESSAGES or LANG starts with ja, else en); check ids, items "
                                      "and PASS/FAIL never change"))
    parser.add_argument("--config", metavar="PATH",
                        help=tr(lang, "lab configuration file (default: $%(env)s or %(config)s)",
                                env=CONFIG_ENV, config=DEFAULT_CONFIG))
    parser.add_argument("--root", default="/", help=argparse.SUPPRESS)
    parser.add_argument("-h", "--help", action="store_true", help=tr(lang, "show this help and exit"))
    parser.add_argument("-v", "--version", action="store_true",
                        help=tr(lang, "show the version and exit"))
    return parser


def _early_lang(argv, environ=None):
    """The language for the parser's own messages: a valid --lang in argv, else the locale's."""
    probe = _Parser(prog=TOOL, add_help=False)
    probe.add_argument("--lang")
    try:
        known, _ = probe.parse_known_args(argv)
    except UsageError:
        known = None
    option = getattr(known, "lang", None)
    return option if option in LANGS else lang_from_env(environ)


def _argparse_message(text):
    """An argparse error as a Message when it has a Japanese template, else the text as it is."""
    for template, pattern in _ARGPARSE_ERRORS:
        match = re.match(pattern + r"\Z", text)
        if match:
            message = T(template, **match.groupdict())
            if message == text:
                return message
    return text


def parse_day_specs(specs, known):
    """Days from --day values: N, N,M, N-M, repeatable.

    A day named on its own must be known; a range keeps the known days inside
    it and must hold at least one. Raises ValueError with the known days named.
    """
    known = sorted(known)
    known_text = ", ".join(str(d) for d in known)
    days = []
    for spec in specs:
        for token in str(spec).split(","):
            token = token.strip()
            if not token:
                raise ValueError(T("empty day in %(spec)s", spec=repr(spec)))
            if "-" in token:
                lo, _, hi = token.partition("-")
                try:
                    lo, hi = int(lo), int(hi)
                except ValueError:
                    raise ValueError(T("bad day range %(range)s (use N-M, e.g. 6-13)", range=repr(token)))
                if lo > hi:
                    raise ValueError(T("bad day range %(range)s: %(lo)d comes after %(hi)d",
                                       range=repr(token), lo=lo, hi=hi))
                inside = [d for d in known if lo <= d <= hi]
                if not inside:
                    raise ValueError(T("no known day in %(range)s (known days: %(known)s)",
                                       range=token, known=known_text))
                days.extend(inside)
            else:
                try:
                    day = int(token)
                except ValueError:
                    raise ValueError(T("bad day %(day)s (a day is a number, e.g. 6)", day=repr(token)))
                if day not in known:
                    raise ValueError(T("unknown day %(day)d (known days: %(known)s)", day=day, known=known_text))
                days.append(day)
    return sorted(set(days))


def _can_write(stream, text=u"\u65e5\u672c\u8a9e"):
    """Whether the stream's encoding can carry `text` (Japanese): a terminal in the C locale cannot."""
    encoding = getattr(stream, "encoding", None)
    if not encoding:
        return True
    try:
        text.encode(encoding)
    except (LookupError, UnicodeError):
        return False
    return True


def _usable_lang(lang, *streams):
    """`lang`, or English when a stream cannot carry Japanese (better English than a crash)."""
    if lang == "ja" and not all(_can_write(stream) for stream in streams):
        return "en"
    return lang


def _usage_error(message, stream, lang="en"):
    stream.write(tr(lang, "usage: %(usage)s\n%(tool)s: error: %(message)s\n",
                    usage=USAGE, tool=TOOL, message=localize(message, lang)))
    return 2


def main(argv=None, runner=None, stdout=None, stderr=None, environ=None):
    """The labeval command. Returns the exit status: 0 all PASS, 1 a FAIL, 2 usage errors.

    The language is --lang, else the locale of `environ` (default: os.environ).
    """
    from . import catalog

    argv = sys.argv[1:] if argv is None else list(argv)
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    lang = _usable_lang(_early_lang(argv, environ), stdout, stderr)
    parser = build_parser(lang)
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        return _usage_error(_argparse_message(str(exc)), stderr, lang)
    lang = _usable_lang(choose_lang(args.lang, environ), stdout, stderr)
    if args.help:
        stdout.write(build_parser(lang).format_help())
        return 0
    if args.version:
        stdout.write("%s %s\n" % (TOOL, VERSION))
        return 0
    if args.user is not None and args.user.isdigit():
        return _usage_error(T("%(user)s is not a user name; to choose a day use --day %(day)s",
                              user=repr(args.user), day=args.user), stderr, lang)
    days = None
    if args.day:
        try:
            days = parse_day_specs(args.day, catalog.DAYS)
        except ValueError as exc:
            return _usage_error(message_of(exc), stderr, lang)
    if args.config and not os.path.isfile(_under(args.root, args.config)):
        return _usage_error(T("no configuration file %(path)s", path=args.config), stderr, lang)
    try:
        config = load_config(args.config, root=args.root)
    except ValueError as exc:
        stderr.write("%s: %s\n" % (TOOL, localize(message_of(exc), lang)))
        return 2
    ctx = Context(args.user, config, root=args.root, runner=runner)
    try:
        report = grade(ctx, days=days, keep_going=args.keep_going)
    except ValueError as exc:
        return _usage_error(message_of(exc), stderr, lang)
    if args.format == "json":
        stdout.write(json.dumps(report.as_dict(lang), indent=2) + "\n")  # evidence always included
    else:
        for line in report.lines(detail=args.detail, lang=lang):
            stdout.write(line + "\n")
    stdout.flush()
    return 0 if report.passed else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
