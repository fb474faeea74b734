"""The release notes: antsibull-changelog fragments (changelogs/fragments), collected into changelogs/changelog.yaml
under galaxy.yml's version, CHANGELOG.md generated from that (`make changelog`). Also: the oldest ansible-core
claimed (meta/runtime.yml requires_ansible) is the one `make compat` tests."""

import glob
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHANGELOGS = os.path.join(ROOT, "changelogs")


def load(*parts):
    with open(os.path.join(ROOT, *parts)) as handle:
        return yaml.safe_load(handle)


def version_key(version):
    return tuple(int(x) for x in version.split("."))


def antsibull_changelog(*args, cwd=ROOT):
    tool = os.path.join(os.path.dirname(sys.executable), "antsibull-changelog")
    if not os.path.exists(tool):  # `make compat`'s venv has no tool chain: the main venv's (requirements-dev.txt)
        tool = os.path.join(ROOT, ".venv", "bin", "antsibull-changelog")
    return subprocess.run([tool] + list(args), cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def changes():
    return load("changelogs", "changelog.yaml")


def test_fragments_and_changelog_yaml_lint():
    for args in (["lint"], ["lint-changelog-yaml", os.path.join(CHANGELOGS, "changelog.yaml")]):
        out = antsibull_changelog(*args)
        assert out.returncode == 0 and not out.stdout.strip(), (args, out.stdout + out.stderr)


def test_every_fragment_is_in_a_release(changes):
    """A fragment not in changelog.yaml is missing from CHANGELOG.md: `make changelog` adds it."""
    fragments = {os.path.basename(p) for p in glob.glob(os.path.join(CHANGELOGS, "fragments", "*.y*ml"))}
    assert fragments, "no fragments read"
    released = {name for release in changes["releases"].values() for name in release.get("fragments", [])}
    assert not fragments - released, "fragments not in changelogs/changelog.yaml (run make changelog): %s" % sorted(
        fragments - released)
    assert not released - fragments, "changelog.yaml names fragments that are gone: %s" % sorted(released - fragments)


def test_changelog_yaml_says_what_each_fragment_says(changes):
    """A fragment edited after `make changelog` (its text in changelog.yaml is then the old one)."""
    for version, release in changes["releases"].items():
        for name in release.get("fragments", []):
            fragment = load("changelogs", "fragments", name)
            for section, entries in fragment.items():
                recorded = release["changes"].get(section)
                entries = [entries] if isinstance(entries, str) else entries
                recorded = [recorded] if isinstance(recorded, str) else (recorded or [])
                for entry in entries:
                    assert entry.strip() in [r.strip() for r in recorded], (
                        "%s (%s) is not in changelog.yaml's %s as it reads now: run make changelog" % (name, section, version))


def test_the_latest_release_is_galaxy_yml_version(changes):
    version = load("galaxy.yml")["version"]
    latest = max(changes["releases"], key=version_key)
    assert latest == version, "changelogs/changelog.yaml's latest release is %s, galaxy.yml says %s" % (latest, version)
    assert "release_summary" in changes["releases"][version]["changes"], "no release summary for " + version


def test_changelog_md_is_generated_from_changelog_yaml(tmp_path):
    """CHANGELOG.md is what antsibull-changelog makes of changelog.yaml: never edited by hand, never stale."""
    tree = tmp_path / "tree"
    tree.mkdir()
    for name in ("galaxy.yml", "CHANGELOG.md"):
        shutil.copy(os.path.join(ROOT, name), str(tree / name))
    shutil.copytree(CHANGELOGS, str(tree / "changelogs"))
    out = antsibull_changelog("generate", cwd=str(tree))
    assert out.returncode == 0, out.stdout + out.stderr
    with open(os.path.join(ROOT, "CHANGELOG.md")) as ours, open(str(tree / "CHANGELOG.md")) as generated:
        assert ours.read() == generated.read(), "CHANGELOG.md differs from changelogs/changelog.yaml: run make changelog"


def test_new_plugins_in_the_changelog_carry_their_version_added(changes):
    """antsibull-changelog lists a module or plugin under the release its version_added names."""
    listed = {}
    for version, release in changes["releases"].items():
        for plugin in release.get("modules", []):
            listed[plugin["name"]] = version
        for plugins in release.get("plugins", {}).values():
            for plugin in plugins:
                listed[plugin["name"]] = version
    modules = [os.path.splitext(os.path.basename(p))[0] for p in glob.glob(os.path.join(ROOT, "plugins", "modules", "*.py"))]
    assert modules and set(modules) <= set(listed), sorted(set(modules) - set(listed))
    for name, version in listed.items():
        # A module's DOCUMENTATION, or a filter's or test's own YAML documentation file.
        paths = glob.glob(os.path.join(ROOT, "plugins", "*", name + ".py")) + glob.glob(
            os.path.join(ROOT, "plugins", "*", name + ".yml"))
        added = []
        for path in paths:
            with open(path) as handle:
                added += re.findall(r"^\s*version_added:\s*['\"]?([0-9.]+)['\"]?\s*$", handle.read(), re.M)
        assert version in added, (name, version, paths, added)


def oldest_tested():
    """The ansible-core versions `make compat` builds a venv for (tests/compat/ansible-X.Y.txt)."""
    found = {}
    for path in glob.glob(os.path.join(ROOT, "tests", "compat", "ansible-*.txt")):
        with open(path) as handle:
            pin = re.search(r"^ansible-core==(\d+\.\d+)\.", handle.read(), re.M)
        assert pin, "%s pins no ansible-core==X.Y.Z" % path
        assert os.path.basename(path) == "ansible-%s.txt" % pin.group(1), path
        found[pin.group(1)] = path
    return min(found, key=version_key)


def test_requires_ansible_is_the_oldest_ansible_core_tested():
    claim = load("meta", "runtime.yml")["requires_ansible"]
    lowest = re.fullmatch(r">=(\d+\.\d+)\.0", claim)
    assert lowest, "requires_ansible should be one lower bound, >=X.Y.0: %r" % claim
    assert lowest.group(1) == oldest_tested(), (
        "meta/runtime.yml claims ansible-core %s, make compat tests %s (tests/compat/)" % (lowest.group(1), oldest_tested()))
    with open(os.path.join(ROOT, "Makefile")) as handle:
        makefile = handle.read()
    assert re.search(r"^COMPAT_CORES\s*:?=.*\b%s\b" % re.escape(lowest.group(1)), makefile, re.M), \
        "the Makefile's COMPAT_CORES does not run " + lowest.group(1)
