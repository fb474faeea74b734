# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The `labeval` command line, and grade(): the catalog's checks run on one VM.

One catalog of checks (catalog.py, checks/*.py) serves three users:

- the `lab_eval` Ansible module (Ansible packs these files into the module), through grade();
- the `labeval` command on the lab VM: the labeval role copies plugins/module_utils/ as the
  package serverlab_course in one zip, and a tiny script runs `serverlab_course.cli.main()`;
- Molecule's verify step, which runs that command with `--format json`.

Without -c the command stops at the first failure, like the course's own tool (`evalsh`).
The help, the usage errors and the reasons are English or Japanese (i18n.py: `--lang`, else the locale).

Pure Python 3.8+ standard library; no Ansible imports.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys

from . import catalog, netprobe
from .framework import (
    CONFIG_ENV, DEFAULT_CONFIG, TOOL, VERSION, Context, Report, _under, evaluate, load_config, message_of)
from .i18n import LANGS, T, choose_lang, lang_from_env, localize, tr


def grade(ctx, days=None, keep_going=False, view="vm"):
    """Evaluate catalog days (None: the config's day rule) and return a Report; `view` "net" grades
    the network view (a netprobe.NetContext) instead of the VM view.

    Raises ValueError for unknown days, or when no day is left to evaluate.
    """
    upto = ctx.config.get("day") if days is None else None
    checks = catalog.select(days, upto=upto, config=ctx.config, view=view)
    if not checks:
        raise ValueError(T("nothing to evaluate up to day %(day)s (known days: %(known)s)",
                           day=str(upto), known=catalog.known_days_text()))
    titles = dict((n, d.title) for n, d in catalog.DAYS.items())
    return Report(ctx, checks, evaluate(checks, ctx, keep_going), titles)


# ---------------------------------------------------------------- command line

USAGE = ("labeval [USER] [-d] [-c] [--day N[,N|N-M]]... [--format text|json] [--lang en|ja] "
         "[--config PATH] [--target ADDRESS [--auth FILE] [--identity FILE] [--mysql-cnf FILE] "
         "[--samba-auth FILE] [--timeout S]] | -h | -v")

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
    parser.add_argument("--target", metavar="ADDRESS",
                        help=tr(lang, "grade from here, a client of the lab network: the network view of the VM at "
                                      "ADDRESS, over the protocols the lab's users speak (give --config a copy of "
                                      "the VM's lab.json)"))
    parser.add_argument("--auth", metavar="FILE",
                        help=tr(lang, "with --target: the trainee's credentials (trainee.auth format: "
                                      "username = ..., password = ...)"))
    parser.add_argument("--identity", metavar="FILE",
                        help=tr(lang, "with --target: the trainee's private SSH key"))
    parser.add_argument("--mysql-cnf", metavar="FILE",
                        help=tr(lang, "with --target: the lab MySQL account ([client] user, password)"))
    parser.add_argument("--samba-auth", metavar="FILE",
                        help=tr(lang, "with --target: the Samba account (default: the trainee's)"))
    parser.add_argument("--timeout", metavar="S", type=float, default=netprobe.DEFAULT_TIMEOUT,
                        help=tr(lang, "with --target: seconds to wait for each answer (default: %(timeout)s)",
                                timeout=netprobe.DEFAULT_TIMEOUT))
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
        known, _unused = probe.parse_known_args(argv)
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
                lo, _unused, hi = token.partition("-")
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
    view = "vm"
    if args.target:
        view = "net"
        try:
            credentials = netprobe.Credentials.from_files(args.auth, args.identity, args.mysql_cnf, args.samba_auth)
        except (OSError, ValueError) as exc:
            return _usage_error(message_of(exc), stderr, lang)
        if args.user:
            config = dict(config, user=args.user)
        ctx = netprobe.NetContext(args.target, config, runner=runner, credentials=credentials,
                                  timeout=args.timeout)
    else:
        ctx = Context(args.user, config, root=args.root, runner=runner)
    try:
        report = grade(ctx, days=days, keep_going=args.keep_going, view=view)
    except ValueError as exc:
        return _usage_error(message_of(exc), stderr, lang)
    if args.format == "json":
        stdout.write(json.dumps(report.as_dict(lang), indent=2) + "\n")  # evidence always included
    else:
        for line in report.lines(detail=args.detail, lang=lang):
            stdout.write(line + "\n")
    stdout.flush()
    return 0 if report.passed else 1
