"""Every role documents every default in meta/argument_specs.yml (some entry point), with a
description: that is what stops a bad inventory value with the variable's name, and what
ansible-doc and antsibull-docs show."""

from __future__ import annotations

import os

import pytest
import yaml

ROLES = os.path.join(os.path.dirname(__file__), "..", "..", "roles")
ALL = sorted(r for r in os.listdir(ROLES) if os.path.isdir(os.path.join(ROLES, r)))


def load(role, *parts):
    path = os.path.join(ROLES, role, *parts)
    if not os.path.exists(path):
        return None
    with open(path) as handle:
        return yaml.safe_load(handle) or {}


@pytest.mark.parametrize("role", ALL)
def test_argument_specs_describe_every_default(role):
    specs = load(role, "meta", "argument_specs.yml")
    assert specs, "roles/%s has no meta/argument_specs.yml" % role
    options = {}
    for entry, spec in specs["argument_specs"].items():
        assert spec.get("short_description") or spec.get("description"), "%s:%s has no description" % (role, entry)
        options.update(spec.get("options") or {})
    defaults = load(role, "defaults", "main.yml") or {}
    assert sorted(set(defaults) - set(options)) == []
    assert [name for name, spec in options.items() if not spec.get("description")] == []


def test_every_role_is_listed():
    assert {"lab", "postfix", "dovecot", "mailcert", "stunnel", "qmail", "superserver"} <= set(ALL)
