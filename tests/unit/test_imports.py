# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""No import circle in plugins/module_utils: framework <- checks <- catalog <- cli, parsers at the bottom.

Every relative import of every file counts, at the top or inside a function (a late import
is how a circle hides)."""

from __future__ import annotations

import ast
import os

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODULE_UTILS = os.path.join(REPO, "plugins", "module_utils")
ABSOLUTE = "ansible_collections.serverlab.course.plugins.module_utils"


def modules(root):
    """{dotted name relative to root: path} of every .py file (a package is its __init__)."""
    found = {}
    for folder, _unused, files in os.walk(root):
        for name in files:
            if not name.endswith(".py"):
                continue
            rel = os.path.relpath(os.path.join(folder, name), root)[:-3].split(os.sep)
            if rel[-1] == "__init__":
                rel = rel[:-1]
            found[".".join(rel)] = os.path.join(folder, name)
    return found


def imports_of(name, path, known):
    """The modules of `known` that the file imports (relative, or absolute through the collection)."""
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    is_package = os.path.basename(path) == "__init__.py"
    package = name.split(".") if is_package else name.split(".")[:-1]
    package = [p for p in package if p]
    targets = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - (node.level - 1)] if node.level > 1 else list(package)
                base = base + (node.module.split(".") if node.module else [])
            elif node.module and node.module.startswith(ABSOLUTE):
                base = [p for p in node.module[len(ABSOLUTE):].split(".") if p]
            else:
                continue
            for alias in node.names:
                sub = ".".join(base + [alias.name])
                targets.add(sub if sub in known else ".".join(base))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(ABSOLUTE + "."):
                    targets.add(alias.name[len(ABSOLUTE) + 1:])
    return sorted(t for t in targets if t in known and t != name)


def cycles(root):
    """Every import circle among the modules under root, each as a list of module names."""
    known = modules(root)
    graph = dict((name, imports_of(name, path, known)) for name, path in known.items())
    found, state, stack = [], {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for target in graph[node]:
            if state.get(target) == "open":
                found.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_module_utils_has_no_import_circle():
    assert cycles(MODULE_UTILS) == []


def test_the_layers_import_downwards_only():
    known = modules(MODULE_UTILS)
    graph = dict((name, imports_of(name, path, known)) for name, path in known.items())
    assert "catalog" not in graph["framework"] and "cli" not in graph["framework"]
    assert graph["course"] == []  # pure data
    assert [n for n in graph if n.startswith("checks.") and ("catalog" in graph[n] or "cli" in graph[n])] == []
    assert "cli" not in graph["catalog"]


def _tree(tmp_path, files):
    for rel, text in files.items():
        path = tmp_path.joinpath(*rel.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return str(tmp_path)


def test_a_late_import_circle_is_found(tmp_path):
    # the shape evaluator.py once had: the framework imports the catalog inside a function
    root = _tree(tmp_path, {
        "__init__.py": "",
        "framework.py": "def grade():\n    from . import catalog\n",
        "catalog.py": "from .checks import day06\n",
        "checks/__init__.py": "",
        "checks/day06.py": "from ..framework import Check\n",
    })
    assert cycles(root) == [["catalog", "checks.day06", "framework", "catalog"]]


def test_absolute_and_sibling_imports_count(tmp_path):
    root = _tree(tmp_path, {
        "a.py": "from ansible_collections.serverlab.course.plugins.module_utils.b import x\n",
        "b.py": "from .c import y\n",
        "c.py": "from . import a\n",
        "d.py": "import os\nfrom .b import z\n",
    })
    assert cycles(root) == [["a", "b", "c", "a"]]


def test_syntax_is_the_bottom_of_the_parsers():
    # listen.py, stunnel.py and portmap.py share syntax.py; it depends on none of them.
    known = modules(MODULE_UTILS)
    assert imports_of("syntax", known["syntax"], known) == []


def _test_imports_among(folder):
    """{test module: [test modules it imports]} of the test_*.py files in folder (itself included)."""
    found = {}
    for name in sorted(os.listdir(folder)):
        if not (name.startswith("test_") and name.endswith(".py")):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            tree = ast.parse(handle.read(), name)
        targets = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                targets.add(node.module.split(".")[0])
        hits = sorted(t for t in targets if t.startswith("test_"))
        if hits:
            found[name[:-3]] = hits
    return found


def test_no_test_module_imports_another():
    # Shared fakes live in helper modules (labtree.py, dnstree.py, ...): a test module imported by
    # another runs its module-level code twice and hides which helpers are shared.
    assert _test_imports_among(os.path.dirname(os.path.abspath(__file__))) == {}


def test_a_test_importing_a_test_is_found(tmp_path):
    root = _tree(tmp_path, {
        "test_a.py": "import pytest\nfrom labtree import LabTree\n",
        "test_b.py": "def helper():\n    from test_a import thing\n",
        "test_c.py": "import test_c as me\n",
    })
    assert _test_imports_among(root) == {"test_b": ["test_a"], "test_c": ["test_c"]}
