# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The evaluator's messages in the trainee's language: English (the source) or Japanese.

A check writes its reason in English with named parameters:

    failed(T("%(path)s does not exist: create it with the line \"%(line)s\"", path=HOSTS, line=want))

T() returns a Message: a str whose value is the English text (template % params), so
code that treats reasons as text keeps working, and which remembers its template and
params. localize(reason, "ja") renders the Japanese template of messages_ja.MESSAGES
for that English template with the same params (params that are Messages themselves
are localized too); anything without a Japanese template stays English. join()
builds a list of Messages ("a; b") that is localized part by part.

Templates use %(name)s / %(name)d placeholders only (a literal percent is %%), and
the Japanese template uses the same placeholders. Command lines, file names and
configuration lines are params or stay verbatim in both languages.

Pure Python 3.8+ standard library: this file ships to the lab VM with the evaluator.
"""

from __future__ import annotations

import os

LANGS = ("en", "ja")
DEFAULT_LANG = "en"
# The locale variables, in the order POSIX reads them for messages.
LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")


class Message(str):
    """English text that remembers how it was made: template % params."""

    def __new__(cls, template, params=None):
        params = dict(params or {})
        self = str.__new__(cls, template % params)
        self.template = template
        self.params = params
        return self

    def __reduce__(self):
        return (Message, (self.template, self.params))

    def templates(self):
        """Every template this message is made of (its own and its params', recursively)."""
        found = [self.template]
        for value in self.params.values():
            if isinstance(value, Message):
                found.extend(value.templates())
        return found

    def render(self, catalog, separators):
        template = catalog.get(self.template)
        if template is None:
            return str(self)
        params = dict((key, value.render(catalog, separators) if isinstance(value, Message) else value)
                      for key, value in self.params.items())
        return template % params


class Joined(Message):
    """Messages joined by a separator ("; " between problems), each part localized on its own."""

    def __new__(cls, parts, sep="; "):
        parts = list(parts)
        self = str.__new__(cls, sep.join(str(p) for p in parts))
        self.template = None
        self.params = {}
        self.parts = parts
        self.sep = sep
        return self

    def __reduce__(self):
        return (Joined, (self.parts, self.sep))

    def templates(self):
        found = []
        for part in self.parts:
            if isinstance(part, Message):
                found.extend(part.templates())
        return found

    def render(self, catalog, separators):
        return separators.get(self.sep, self.sep).join(
            p.render(catalog, separators) if isinstance(p, Message) else str(p) for p in self.parts)


def T(_template, **params):
    """A translatable message: English `_template % params`, localized later by localize()."""
    return Message(_template, params)


def of_exception(exc):
    """The message an exception carries: its one argument when that is text (a Message stays one), else str(exc)."""
    if len(exc.args) == 1 and isinstance(exc.args[0], str):
        return exc.args[0]
    return str(exc)


def join(parts, sep="; "):
    """Messages (or plain text) joined by `sep`; in Japanese each part and the separator are localized."""
    return Joined(parts, sep)


def _catalog(lang):
    """(templates, separators) for a language, or None for English and unknown languages."""
    if lang == "ja":
        from . import messages_ja
        return messages_ja.MESSAGES, messages_ja.SEPARATORS
    return None


def localize(text, lang):
    """`text` in `lang` as a plain str: the Japanese rendering of a Message when lang is "ja", else English."""
    if text is None:
        return ""
    catalog = _catalog(lang) if isinstance(text, Message) else None
    if catalog is None:
        return str(text)
    return text.render(*catalog)


def tr(lang, _template, **params):
    """Shorthand for localize(T(template, **params), lang): the framework's own strings."""
    return localize(T(_template, **params), lang)


def translate(text, lang):
    """A fixed string (a day title) in `lang`, looked up as it is, without % formatting."""
    catalog = _catalog(lang)
    if catalog is None:
        return str(text)
    return catalog[0].get(text, str(text))


def lang_from_env(environ=None):
    """"ja" when the first set of LC_ALL, LC_MESSAGES, LANG starts with "ja" (ja_JP.UTF-8), else "en"."""
    environ = os.environ if environ is None else environ
    for name in LOCALE_VARS:
        value = environ.get(name)
        if value:
            return "ja" if value.lower().startswith("ja") else DEFAULT_LANG
    return DEFAULT_LANG


def choose_lang(option=None, environ=None):
    """The language: `option` (--lang) when given, else the locale's."""
    if option:
        if option not in LANGS:
            raise ValueError("unknown language %r (choose from %s)" % (option, ", ".join(LANGS)))
        return option
    return lang_from_env(environ)
