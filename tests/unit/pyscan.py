# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Python source read with ast for the translation tests: the T() templates of a file, and text that bypasses T().

test_i18n.py checks the evaluator's files with it, test_playbook_messages.py the plugins whose messages a
playbook shows.
"""

from __future__ import annotations

import ast


def _module_strings(tree):
    """Module-level NAME = "literal" assignments."""
    names = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                names[node.targets[0].id] = node.value.value
    return names


def _literals(node, names):
    """The template strings an argument can be: a literal, a module constant, or either side of an if."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name) and node.id in names:
        return [names[node.id]]
    if isinstance(node, ast.IfExp):
        body, orelse = _literals(node.body, names), _literals(node.orelse, names)
        if body is not None and orelse is not None:
            return body + orelse
    return None


def parse(path):
    with open(path, encoding="utf-8") as handle:
        return ast.parse(handle.read(), path)


def templates_in(path):
    """(line, template) of every T(template, ...) and tr(lang, template, ...) call; template None if not literal."""
    tree = parse(path)
    names = _module_strings(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        if node.func.id == "T" and node.args:
            argument = node.args[0]
        elif node.func.id == "tr" and len(node.args) >= 2:
            argument = node.args[1]
        else:
            continue
        strings = _literals(argument, names)
        found.extend((node.lineno, s) for s in strings) if strings is not None else found.append((node.lineno, None))
    return found


def is_plain(argument):
    """Text made without T(): a literal, an f-string, "..." % x or +, "...".join() or .format()."""
    return (isinstance(argument, (ast.JoinedStr, ast.BinOp))
            or (isinstance(argument, ast.Constant) and isinstance(argument.value, str))
            or (isinstance(argument, ast.Call) and isinstance(argument.func, ast.Attribute)
                and argument.func.attr in ("join", "format")))
