"""Render a role's templates the way a play would, without a host: the lab model's defaults, the
role's defaults, vars/<family>.yml and vars/main.yml, then the test's overrides. This is how the EL
templates are proven here, where no EL host runs."""

import contextlib
import json
import os
import re
import subprocess
import sys

from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar
from ansible_collections.serverlab.course.plugins.plugin_utils.compat import trust_as_template

ROLES = os.path.join(os.path.dirname(__file__), "..", "..", "roles")
COLLECTIONS = os.path.abspath(os.path.join(ROLES, "..", "collections"))
LOADER = DataLoader()


def trusted(value):
    """Role files are trusted templates in a play; mark them so here too (ansible-core 2.19)."""
    if isinstance(value, str):
        return trust_as_template(value)
    if isinstance(value, dict):
        return {k: trusted(v) for k, v in value.items()}
    if isinstance(value, list):
        return [trusted(v) for v in value]
    return value


def role_yaml(*parts):
    """A YAML file under roles/ (an absent vars file is empty), its strings trusted."""
    path = os.path.join(ROLES, *parts)
    if not os.path.exists(path):
        return {}
    return trusted(LOADER.load_from_file(path) or {})


# roles/lab/defaults reads the course plan through this lookup; the tests resolve it here, as the
# lookup would, since a bare Templar finds no collection plugin (collection_plugins() below can).
COURSE_PLAN = re.compile(r"^\{\{ lookup\('serverlab.course.course_plan', '([a-z_.]+)'\) \}\}$")


def course_plan_value(path):
    from ansible_collections.serverlab.course.plugins.lookup.course_plan import at_path
    from ansible_collections.serverlab.course.plugins.module_utils import course
    return at_path(course.as_dict(), path)


# A lookup inside a longer expression (lab_firewall's default depends on the OS family).
COURSE_PLAN_CALL = re.compile(r"lookup\('serverlab.course.course_plan', '([a-z_.]+)'\)")


def lab_defaults():
    """roles/lab/defaults/main.yml, the course plan's values in place of its lookups (a lookup inside a
    longer expression becomes the value's JSON, which Jinja reads as a literal)."""
    values = role_yaml("lab", "defaults", "main.yml")
    for name, value in values.items():
        match = COURSE_PLAN.match(value) if isinstance(value, str) else None
        if match:
            values[name] = course_plan_value(match.group(1))
        elif isinstance(value, str) and COURSE_PLAN_CALL.search(value):
            values[name] = trusted(COURSE_PLAN_CALL.sub(lambda m: json.dumps(course_plan_value(m.group(1))), value))
    return values


def role_variables(role, family="Debian", base=None, release=None, **overrides):
    """What a play gives `role` on `family` (release: the major version, e.g. "7"); `base` is applied
    before the role's files. vars/<family>-<release>.yml comes last, as the roles include it after
    vars/<family>.yml ("Load what differs in this release")."""
    facts = {"os_family": family}
    if release:
        facts["distribution_major_version"] = str(release)
    values = {"ansible_managed": "Ansible managed", "ansible_facts": facts}
    values.update(lab_defaults())
    values.update(base or {})
    files = [("defaults", "main.yml"), ("vars", family + ".yml"), ("vars", "main.yml")]
    if release:
        files.append(("vars", "%s-%s.yml" % (family, release)))
    for parts in files:
        values.update(role_yaml(role, *parts))
    values.update(overrides)
    return values


def templar(role, family="Debian", base=None, release=None, **overrides):
    return Templar(loader=LOADER, variables=role_variables(role, family, base, release, **overrides))


def template(templar_, text):
    """Render a string as a trusted template."""
    return templar_.template(trust_as_template(text))


def render(role, name, family="Debian", base=None, release=None, **overrides):
    """Render roles/<role>/templates/<name>."""
    with open(os.path.join(ROLES, role, "templates", name)) as handle:
        return template(templar(role, family, base, release, **overrides), handle.read())


@contextlib.contextmanager
def collection_plugins():
    """Let Ansible's templating find this collection's filters and tests (serverlab.course.*).

    The finder only works when it imports ansible_collections itself, so the modules the tests
    imported the plain way are set aside meanwhile and put back afterwards. ansible-core 2.14 installed its
    own finder for the whole run (tests/conftest.py), which already finds this collection."""
    from ansible.utils.collection_loader import AnsibleCollectionConfig
    if AnsibleCollectionConfig.collection_finder is not None and not hasattr(
            __import__("ansible.plugins.loader").plugins.loader, "init_plugin_loader"):
        yield
        return
    from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder

    def ours(name):
        return name == "ansible_collections" or name.startswith("ansible_collections.")
    saved = {k: m for k, m in sys.modules.items() if ours(k)}
    for name in saved:
        del sys.modules[name]
    finder = _AnsibleCollectionFinder(paths=[COLLECTIONS])
    finder._install()
    try:
        yield
    finally:
        finder._remove()
        for name in [k for k in sys.modules if ours(k)]:
            del sys.modules[name]
        sys.modules.update(saved)


# labeval_expected (lab.json) as the labeval role renders it on a VM of a family, with every role's defaults.
LABEVAL_PLAY = """
- hosts: localhost
  gather_facts: false
  vars_files:
    - {repo}/roles/lab/defaults/main.yml
    - {repo}/roles/labeval/defaults/main.yml
  vars:
    ansible_facts: {{os_family: {family}}}
    lab_dns_zone: {{}}
  tasks:
    - name: What lab.json holds on a VM with every role's defaults
      ansible.builtin.debug:
        msg: "{{{{ labeval_expected | to_json }}}}"
"""


def labeval_expected(family, where):
    """lab.json's values on a `family` VM with every role's defaults, through ansible-playbook (the play is
    written in the directory `where`)."""
    repo = os.path.dirname(COLLECTIONS)
    play = os.path.join(str(where), "labeval_expected.yml")
    with open(play, "w") as handle:
        handle.write(LABEVAL_PLAY.format(repo=repo, family=family))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_CONFIG=os.path.join(repo, "ansible.cfg"),
               ANSIBLE_CALLBACK_RESULT_FORMAT="json", ANSIBLE_STRATEGY="linear")
    cli = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    out = subprocess.run([cli, "-i", "localhost,", "-c", "local", play], cwd=repo, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False, universal_newlines=True)
    assert out.returncode == 0, out.stdout + out.stderr
    body = out.stdout.split("=> ", 1)[1]
    return json.loads(json.loads(body[:body.index("\nPLAY RECAP")])["msg"])
