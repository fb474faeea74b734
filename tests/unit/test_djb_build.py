"""The one djb build recipe (roles/daemontools/tasks/build.yml) and its one compiler setting."""

from __future__ import annotations

import glob
import os

import pytest

import roles_render

ROLES = roles_render.ROLES
RECIPE = os.path.join(ROLES, "daemontools", "tasks", "build.yml")


def build_value(text, family="Debian", **params):
    """A value inside build.yml as an include with `params` sees it."""
    return roles_render.template(roles_render.templar("daemontools", family, **params), text)


def test_no_task_file_but_the_recipe_builds_djb_sources():
    """conf-cc is written and `make setup check` / package/compile run in build.yml alone; every package
    (daemontools on EL, ucspi-tcp, djbdns, qmail, clockspeed) includes it."""
    for path in glob.glob(os.path.join(ROLES, "*", "tasks", "*.yml")):
        if os.path.samefile(path, RECIPE):
            continue
        text = open(path).read()
        for line in text.splitlines():
            code = line.split("#", 1)[0]
            writes_conf = "conf-cc" in code and ("dest:" in code or "file:" in code)
            runs = code.strip().startswith(("cmd:", "ansible.builtin.command:", "ansible.builtin.shell:"))
            builds = runs and any(c in code for c in ("make setup check", "package/compile"))
            assert not writes_conf and not builds, (path, line)
    users = sorted(os.path.relpath(p, ROLES) for p in glob.glob(os.path.join(ROLES, "*", "tasks", "*.yml"))
                   if not os.path.samefile(p, RECIPE) and "tasks_from: build.yml" in open(p).read() or "include_tasks: build.yml" in open(p).read())
    assert users == ["clockspeed/tasks/main.yml", "daemontools/tasks/source.yml", "qmail/tasks/build.yml",
                     "qmail/tasks/main.yml", "tinydns/tasks/main.yml"], users


def test_one_compiler_variable():
    """daemontools_conf_cc is the only conf-cc setting of the collection, and it has the errno fix."""
    names = []
    for path in glob.glob(os.path.join(ROLES, "*", "defaults", "main.yml")) + glob.glob(os.path.join(ROLES, "*", "vars", "*.yml")):
        names += [n for n in roles_render.LOADER.load_from_file(path) or {} if n.endswith("_cc")]
    assert names == ["daemontools_conf_cc"]
    assert build_value("{{ daemontools_conf_cc }}") == "gcc -O2 -include /usr/include/errno.h"


@pytest.mark.parametrize("params, tarball, src", [
    ({"daemontools_build_name": "djbdns-1.05"}, "/usr/local/src/djbdns-1.05.tar.gz", "/usr/local/src/djbdns-1.05"),
    # daemontools' own layout: /package/admin/daemontools-0.76/src/conf-cc
    ({"daemontools_build_name": "admin/daemontools-0.76", "daemontools_build_dir": "/package", "daemontools_build_subdir": "src"},
     "/package/admin/daemontools-0.76.tar.gz", "/package/admin/daemontools-0.76/src"),
    ({"daemontools_build_name": "netqmail-1.06", "daemontools_build_dir": "/usr/local/src"},
     "/usr/local/src/netqmail-1.06.tar.gz", "/usr/local/src/netqmail-1.06")])
def test_paths(params, tarball, src):
    assert build_value("{{ __daemontools_build_tarball }}", "RedHat", **params) == tarball
    assert build_value("{{ __daemontools_build_src }}", "RedHat", **params) == src


@pytest.mark.parametrize("family, tools", [("Debian", ["gcc", "make", "libc6-dev"]), ("RedHat", ["gcc", "make", "glibc-devel"])])
def test_build_tools(family, tools):
    assert set(tools) <= set(build_value("{{ __daemontools_build_tools + daemontools_build_packages }}", family))
