# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The validator scaffold: what every serverlab.course *_check module shares.

- Options: `argument_spec()` adds `fail_on_error` to every validator and, with `source=True`, the `path`
  and `content` of a module that checks one file or its candidate text (a rendered template before it
  goes live). The doc fragments serverlab.course.validator and serverlab.course.validator.source document
  them; the action group serverlab.course.validators (meta/runtime.yml) lets `module_defaults` set them.
- Reading: `read_text()` is the one decoding: UTF-8, undecodable bytes replaced, line ends kept as written
  (the checks report Windows line ends, so nothing may translate them).
- An unreadable file is an error finding with the code `unreadable`, never `fail_json`: with
  `fail_on_error` (the default) the task fails naming the file and the fix, as for any other error; with
  `fail_on_error: false` a grading or reporting play gets it in `findings` instead of stopping.

Pure Python (no Ansible imports), like findings.py.
"""

from __future__ import annotations

# The modules import findings' exit through this file only (one name for it).
from .findings import error, errors, exit_with_findings  # noqa: F401 pylint: disable=unused-import

UNREADABLE = "unreadable"
FIX_PATH = "check the path and the file's permissions."
FIX_ROOT_READS = "check that the file exists and is readable by root."


def argument_spec(source=False, path_default=None, **options):
    """The module's own options plus the shared ones (path/content with source=True, fail_on_error)."""
    spec = source_options(path_default) if source else {}
    spec.update(options)
    spec["fail_on_error"] = dict(type="bool", default=True)
    return spec


def source_options(path_default=None):
    """`path` and `content` (also for suboptions: a zone's reverse zones)."""
    path = dict(type="path")
    if path_default is not None:
        path["default"] = path_default
    return dict(path=path, content=dict(type="str"))


def read_text(path):
    """The text of the file at `path`; raises OSError (a missing or unreadable file, a directory), whose
    filename is always `path` (a failed read, unlike a failed open, would not name it)."""
    try:
        with open(path, "rb") as handle:
            return handle.read().decode("utf-8", "replace")
    except OSError as exc:
        if exc.filename is None:
            exc.filename = path
        raise


def unreadable(path, exc, what="file", fix=FIX_PATH):
    """The finding for a file that cannot be read."""
    reason = getattr(exc, "strerror", None) or exc
    return error(UNREADABLE, "cannot read the %s %s: %s." % (what, path, reason), fix, path)


def read_source(path, content=None, what="file", fix=FIX_PATH):
    """(text, None), or (None, the unreadable finding). `content`, when given, is the text (path only names it)."""
    if content is not None:
        return content, None
    try:
        return read_text(path), None
    except OSError as exc:
        return None, unreadable(path, exc, what, fix)
