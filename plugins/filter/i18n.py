# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter t: a playbook's message in the trainee's language, from the evaluator's catalog (messages_ja.py)."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.serverlab.course.plugins.module_utils.i18n import LANGS, tr


def t(text, lang="en", **params):
    """`text` % params in `lang` (en or ja); a text without a Japanese entry stays English."""
    if lang not in LANGS:
        raise AnsibleFilterError("t: unknown language %r (choose from %s; the variable lab_lang)"
                                 % (lang, ", ".join(LANGS)))
    try:
        return tr(lang, str(text), **params)
    except (KeyError, ValueError, TypeError) as exc:
        raise AnsibleFilterError("t: %r does not format with %s: %s" % (text, sorted(params), exc))


class FilterModule(object):
    def filters(self):
        return {"t": t}
