# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fingerprint of a lab VM, for the fast whole-VM re-run (serverlab.course.lab_state).

After a successful whole-VM run (playbooks/upto.yml) the play records a stamp on the VM: a digest
of its inputs (the collection's content and the inventory's serverlab variables), the lab day, and
a fingerprint of the VM (every file under some paths, with its content, mode and owner, and the
output of some probe commands such as the enabled and running systemd units). At the start of the
next run the same fingerprint is taken again and compared: only when nothing differs are the day
plays skipped. Any drift makes the host stale and the full run repairs it.

A false "fresh" is the dangerous direction (a broken VM would not be repaired), so everything that
can be recorded is recorded; a false "stale" only costs the time of a full run.

Pure Python standard library (it runs on the managed host). The reasons are T() messages (i18n.py):
the module renders them in the run's language (lab_lang).
"""

import errno
import fnmatch
import hashlib
import json
import os
import shlex
import stat
import subprocess
import tempfile

from .i18n import T

# Format of the stamp file; a stamp of another version is stale.
VERSION = 1

# What digest_inputs() reads from the collection root: the content that decides what a run does.
COLLECTION_DIRS = ("roles", "plugins", "playbooks")
COLLECTION_FILES = ("galaxy.yml",)
SKIP_DIRS = ("__pycache__",)
SKIP_FILES = ("*.pyc", "*.pyo")

# Path reasons reported one by one; the rest are counted.
MAX_PATH_REASONS = 10

CHUNK = 1 << 16


# --- fingerprint of the VM ---------------------------------------------------------------------

def _owner(st):
    return "%d|%d" % (st.st_uid, st.st_gid)


def _hash_file(path):
    """sha256 of a regular file's bytes, without following a symlink swapped in meanwhile."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file any more", path)
        digest = hashlib.sha256()
        while True:
            block = os.read(fd, CHUNK)
            if not block:
                break
            digest.update(block)
        return "sha256:" + digest.hexdigest()
    finally:
        os.close(fd)


def describe(path, st=None):
    """One path's entry: what it is, its content (files) or target (symlinks), mode and owner.

    "sha256:<hex>|<mode>|<uid>|<gid>"    regular file
    "unreadable|<mode>|<uid>|<gid>"      regular file that could not be read
    "link:-><target>|<uid>|<gid>"        symbolic link (never followed)
    "dir|<mode>|<uid>|<gid>"             directory
    "other|<type+mode>|<uid>|<gid>"      socket, FIFO, device (never opened)
    "absent"                             nothing there
    Modes are octal permission bits ("0644"); for "other" the file type bits are kept too.
    """
    if st is None:
        try:
            st = os.lstat(path)
        except OSError as exc:
            if exc.errno in (errno.ENOENT, errno.ENOTDIR):
                return "absent"
            return "unstattable|%s" % (errno.errorcode.get(exc.errno, exc.errno),)
    mode = st.st_mode
    perms = "%04o" % stat.S_IMODE(mode)
    if stat.S_ISLNK(mode):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return "link:->%s|%s" % (target, _owner(st))
    if stat.S_ISDIR(mode):
        return "dir|%s|%s" % (perms, _owner(st))
    if stat.S_ISREG(mode):
        try:
            content = _hash_file(path)
        except OSError as exc:
            if exc.errno == errno.ENOENT:
                return "absent"
            content = "unreadable"
        return "%s|%s|%s" % (content, perms, _owner(st))
    return "other|%o|%s" % (mode, _owner(st))


def _excluded(path, exclude):
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in exclude)


def _walk(root, exclude, files):
    if _excluded(root, exclude):
        return
    entry = describe(root)
    files[root] = entry
    if not entry.startswith("dir|"):
        return

    def unlistable(exc):
        # A directory that cannot be listed: its content is unknown, say so deterministically.
        where = getattr(exc, "filename", None) or root
        files[where] = "unlistable|" + describe(where).split("|", 1)[-1]

    for dirpath, dirnames, filenames in os.walk(root, topdown=True, onerror=unlistable, followlinks=False):
        keep = []
        for name in sorted(dirnames):
            path = os.path.join(dirpath, name)
            if _excluded(path, exclude):
                continue
            entry = describe(path)
            files[path] = entry
            # os.walk lists symlinks to directories among the directories; record them, never enter.
            if entry.startswith("dir|"):
                keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if not _excluded(path, exclude):
                files[path] = describe(path)


def default_runner(argv):
    """Run argv without a shell, in the C locale; (rc, stdout, stderr). A missing program is rc 127."""
    env = dict(os.environ, LC_ALL="C", LANG="C", SYSTEMD_COLORS="0", SYSTEMD_PAGER="")
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, universal_newlines=True, env=env)
    except OSError as exc:
        return 127, "", str(exc)
    out, err = proc.communicate()
    return proc.returncode, out, err


def probe_digest(command, runner=None, ignore_lines=()):
    """sha256 of "<rc>\\n<stdout>" of one probe command (shlex-split, no shell).

    Blanks are squeezed in each line (columns padded to the widest entry). Lines matching one of
    ignore_lines (fnmatch patterns on the whole squeezed line) are then left out, for output that
    changes on its own (see the module's probe_ignore).
    """
    argv = shlex.split(command)
    if not argv:
        raise ValueError(T("empty probe command"))
    rc, out, _err = (runner or default_runner)(argv)
    # Runs of blanks count as one space: systemctl pads its columns to the longest unit name listed,
    # so one long-named unit coming or going (even an ignored one) would change every other line.
    lines = [" ".join(line.split()) for line in (out or "").splitlines()]
    if ignore_lines:
        lines = [line for line in lines if not _excluded(line, ignore_lines)]
    text = "%d\n%s" % (rc, "\n".join(lines))
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def fingerprint(paths, probes, runner=None, exclude=(), ignore_lines=()):
    """The VM's fingerprint: {"files": {path: entry}, "probes": {command: digest}}.

    paths: files or directories; directories are walked (sorted, not following symlinks) and the
    directories themselves are recorded too (their mode and owner matter).
    exclude: fnmatch patterns on full paths (a matching directory is not entered; "*" also matches
    "/"). probes: command strings, see probe_digest().
    """
    files = {}
    for path in paths:
        _walk(os.path.normpath(path), tuple(exclude), files)
    results = {}
    for command in probes:
        results[command] = probe_digest(command, runner, tuple(ignore_lines))
    return {"files": files, "probes": results}


# --- digest of the inputs ------------------------------------------------------------------------

def _normalise(value):
    """JSON-ready and order-independent: sets sorted, keys as strings, other objects as str()."""
    if isinstance(value, dict):
        return dict((str(key), _normalise(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [_normalise(item) for item in value]
    if isinstance(value, (set, frozenset)):
        items = [_normalise(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogateescape")
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _collection_files(collection_root):
    """Sorted (relative path, absolute path) of the collection content that decides a run."""
    found = []
    for name in COLLECTION_FILES:
        path = os.path.join(collection_root, name)
        if os.path.lexists(path):
            found.append((name, path))
    for top in COLLECTION_DIRS:
        base = os.path.join(collection_root, top)
        for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
            for name in filenames:
                if any(fnmatch.fnmatchcase(name, pattern) for pattern in SKIP_FILES):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, collection_root).replace(os.sep, "/")
                found.append((rel, path))
    return sorted(found)


def digest_inputs(collection_root, inputs):
    """sha256 over the collection's roles/, plugins/, playbooks/ and galaxy.yml (relative paths and
    bytes; symlinks by target) and the inputs (JSON with sorted keys). Same content, same digest."""
    digest = hashlib.sha256()
    for rel, path in _collection_files(collection_root):
        if os.path.islink(path):
            data = b"link:" + os.readlink(path).encode("utf-8", "surrogateescape")
        else:
            with open(path, "rb") as handle:
                data = handle.read()
        name = rel.encode("utf-8", "surrogateescape")
        digest.update(b"F%d:%s%d:" % (len(name), name, len(data)))
        digest.update(data)
    blob = json.dumps(_normalise(inputs), sort_keys=True, separators=(",", ":"), default=str)
    digest.update(b"I" + blob.encode("utf-8", "surrogateescape"))
    return "sha256:" + digest.hexdigest()


# --- comparison ----------------------------------------------------------------------------------

def stamp(digest, day, current):
    """What state=record saves."""
    return {"version": VERSION, "digest": digest, "day": day, "fingerprint": current}


def compare(recorded, current, digest, day):
    """(fresh, reasons): fresh only when the recorded stamp matches in every respect.

    recorded: the saved stamp ({"version", "digest", "day", "fingerprint"}) or None;
    current: fingerprint() now; digest: digest_inputs() now; day: the lab day of this run.
    """
    if recorded is None:
        return False, [T("no fingerprint recorded yet: full run")]
    if not isinstance(recorded, dict) or recorded.get("version") != VERSION:
        version = recorded.get("version") if isinstance(recorded, dict) else None
        return False, [T("stamp format %(format)s is not %(version)d: full run", format=repr(version), version=VERSION)]
    reasons = []
    if recorded.get("digest") != digest:
        reasons.append(T("inputs changed (collection or inventory variables): full run"))
    if recorded.get("day") != day:
        reasons.append(T("day changed: %(before)s -> %(after)s", before=recorded.get("day"), after=day))

    old = recorded.get("fingerprint") or {}
    old_files = old.get("files") or {}
    new_files = current.get("files") or {}
    path_reasons = []
    for path in sorted(set(old_files) | set(new_files)):
        before = old_files.get(path, "absent")
        after = new_files.get(path, "absent")
        if before == after:
            continue
        if before == "absent":
            path_reasons.append(T("%(path)s appeared", path=path))
        elif after == "absent":
            path_reasons.append(T("%(path)s removed", path=path))
        else:
            path_reasons.append(T("%(path)s changed", path=path))
    reasons.extend(path_reasons[:MAX_PATH_REASONS])
    if len(path_reasons) > MAX_PATH_REASONS:
        reasons.append(T("... and %(count)d more", count=len(path_reasons) - MAX_PATH_REASONS))

    old_probes = old.get("probes") or {}
    new_probes = current.get("probes") or {}
    for command in sorted(set(old_probes) | set(new_probes)):
        if command not in old_probes:
            reasons.append(T("probe '%(command)s' was not recorded", command=command))
        elif command not in new_probes:
            reasons.append(T("probe '%(command)s' is no longer run", command=command))
        elif old_probes[command] != new_probes[command]:
            reasons.append(T("probe '%(command)s' output changed", command=command))
    return not reasons, reasons


# --- the stamp file ------------------------------------------------------------------------------

def dumps(data):
    return json.dumps(data, sort_keys=True, indent=1) + "\n"


def load(path):
    """The saved stamp, or None when there is none. ValueError when it cannot be read or parsed."""
    try:
        with open(path, "r") as handle:
            text = handle.read()
    except (IOError, OSError) as exc:
        if exc.errno == errno.ENOENT:
            return None
        raise ValueError(T("cannot read %(path)s: %(error)s", path=path, error=exc.strerror))
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ValueError(T("%(path)s is not JSON: %(error)s", path=path, error=str(exc)))


def make_directory(path):
    """Create the directory of path, mode 0700, when it is missing (an existing one keeps its mode)."""
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        os.makedirs(directory, 0o700)
        os.chmod(directory, 0o700)  # makedirs' mode is masked by the umask
    return directory


def save(path, data, write=True):
    """Write data as JSON (sorted keys) atomically, mode 0600; a missing directory is created 0700
    (an existing one keeps its mode: /var/lib/serverlab is shared with other roles).
    Returns whether the file differs (content, or a mode other than 0600) from what is written.
    write=False only tells (check mode)."""
    text = dumps(data)
    try:
        with open(path, "r") as handle:
            changed = handle.read() != text
        changed = changed or stat.S_IMODE(os.stat(path).st_mode) != 0o600
    except (IOError, OSError):
        changed = True
    if not write or not changed:
        return changed
    directory = make_directory(path)
    fd, temp = tempfile.mkstemp(prefix=".%s." % os.path.basename(path), dir=directory)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    return changed
