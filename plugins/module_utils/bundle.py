# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A reproducible zip of module_utils, importable as the package serverlab_course."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile

PACKAGE = "serverlab_course"
# Zip timestamps cannot be older than 1980; a fixed one keeps the bytes stable.
EPOCH = (1980, 1, 1, 0, 0, 0)


def sources(directory):
    """Relative paths of the .py files under directory, sorted (no __pycache__)."""
    found = []
    for top, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in files:
            if name.endswith(".py"):
                found.append(os.path.relpath(os.path.join(top, name), directory))
    return sorted(found)


def build(directory):
    """The zip's bytes: the same sources always give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for rel in sources(directory):
            info = zipfile.ZipInfo("%s/%s" % (PACKAGE, rel.replace(os.sep, "/")), EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(os.path.join(directory, rel), "rb") as handle:
                archive.writestr(info, handle.read())
    return buffer.getvalue()


def write_bundle(directory, cache_dir):
    """Write the zip into cache_dir under a content-addressed name; return its path."""
    data = build(directory)
    os.makedirs(cache_dir, exist_ok=True)
    path = os.path.join(cache_dir, "%s-%s.zip" % (PACKAGE, hashlib.sha256(data).hexdigest()[:16]))
    if not os.path.exists(path):
        tmp = "%s.%d.tmp" % (path, os.getpid())
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    return path
