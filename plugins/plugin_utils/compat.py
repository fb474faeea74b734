# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Controller-side helpers that work on every ansible-core the collection meets: 2.19 (the tool chain)
and the older ones a VM's own distribution ships (ansible-pull on Debian 12 runs 2.14)."""

from __future__ import annotations

try:
    from ansible.template import trust_as_template
except ImportError:  # ansible-core < 2.19 trusts every template
    def trust_as_template(value):
        return value

__all__ = ["load_role_file", "read_text_file", "trust_as_template"]


def load_role_file(loader, path):
    """A role's YAML file as a play loads it: its strings trusted as templates (ansible-core 2.19)."""
    try:
        return loader.load_from_file(path, cache="none", trusted_as_template=True)
    except TypeError:  # ansible-core < 2.19: no trust marking (and no cache choice before 2.16)
        return loader.load_from_file(path)


def read_text_file(loader, path):
    """A file's text as the loader reads it (a vaulted file decrypted)."""
    try:
        getter = loader.get_text_file_contents
    except AttributeError:  # ansible-core < 2.19: the bytes and whether they may be shown
        data, _unused = loader._get_file_contents(path)
        return data.decode("utf-8", errors="replace") if isinstance(data, bytes) else str(data)
    return str(getter(path))
