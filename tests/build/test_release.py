"""What `make build` ships: the tarball a user installs (build/dist) and its installed copy (build/installed).
Run by `make build` after it builds and installs the tarball."""

import glob
import os
import re
import subprocess
import sys
import tarfile

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
INSTALLED = os.path.join(ROOT, "build", "installed")
COLLECTION = os.path.join(INSTALLED, "ansible_collections", "serverlab", "course")
# What a user installs; everything else at the top of the tarball is the developer's tree.
SHIPPED = {"MANIFEST.json", "FILES.json", "README.md", "LICENSE", "CHANGELOG.md", "requirements.txt",
           "meta", "plugins", "roles", "playbooks", "changelogs"}


def galaxy():
    with open(os.path.join(ROOT, "galaxy.yml")) as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def tarball():
    found = glob.glob(os.path.join(ROOT, "build", "dist", "serverlab-course-%s.tar.gz" % galaxy()["version"]))
    assert found, "no tarball for galaxy.yml's version in build/dist: run make build"
    with tarfile.open(found[0]) as tar:
        return [m.name for m in tar.getmembers()]


def tracked(*dirs):
    out = subprocess.run(["git", "ls-files", "--"] + list(dirs), cwd=ROOT, capture_output=True, text=True, check=True)
    return [p for p in out.stdout.split() if os.path.isfile(os.path.join(ROOT, p))]


def test_the_tarball_holds_only_what_a_user_installs(tarball):
    top = {name.split("/")[0] for name in tarball}
    assert top <= SHIPPED, "developer files in the tarball (galaxy.yml build_ignore): %s" % sorted(top - SHIPPED)
    # ...nor the links back to the tree (playbooks/collections), nor byte code.
    junk = [n for n in tarball if "__pycache__" in n or n.endswith((".pyc", ".retry")) or "/tests/output" in n
            or n.split("/")[-1] in ("collections", "ansible_collections")
            or n.startswith(("changelogs/fragments", "changelogs/.plugin-cache"))]
    assert not junk, junk


def test_the_tarball_holds_everything_a_user_needs(tarball):
    """build_ignore must not eat real content (a pattern that also matches inside roles/ or plugins/)."""
    missing = sorted(set(tracked("meta", "plugins", "roles", "playbooks")) - set(tarball))
    assert not missing, missing
    for name in ("README.md", "LICENSE", "CHANGELOG.md", "changelogs/changelog.yaml", "requirements.txt",
                 "meta/execution-environment.yml"):
        assert name in tarball


def test_versions_agree_with_galaxy_yml():
    version = galaxy()["version"]

    def key(v):
        return tuple(int(x) for x in v.split("."))
    added = {}
    for path in tracked("plugins"):
        for found in re.findall(r"^\s*version_added:\s*['\"]?([0-9.]+)", open(os.path.join(ROOT, path)).read(), re.M):
            added[path] = found
    assert added, "no version_added found: the check reads nothing"
    ahead = {p: v for p, v in added.items() if key(v) > key(version)}
    assert not ahead, "version_added later than the collection's version %s: %s" % (version, ahead)
    sys.path.insert(0, os.path.join(ROOT, "collections"))
    from ansible_collections.serverlab.course.plugins.module_utils import framework
    assert framework.VERSION == version, "labeval --version says %s, galaxy.yml %s" % (framework.VERSION, version)
    with open(os.path.join(COLLECTION, "changelogs", "changelog.yaml")) as handle:
        assert version in yaml.safe_load(handle)["releases"], "the tarball's changelog.yaml has no release " + version
    with open(os.path.join(COLLECTION, "CHANGELOG.md")) as handle:
        assert "## v%s\n" % version.replace(".", "\\.") in handle.read(), "the tarball's CHANGELOG.md has no entry for " + version


def test_galaxy_metadata_has_no_placeholders():
    data = galaxy()
    for key in ("repository", "documentation", "homepage", "issues"):
        url = data.get(key)
        if url is not None:
            assert re.match(r"https://", url) and not re.search(r"example\.|\.invalid|localhost", url), (key, url)
    assert data["authors"] and data["description"] and data["license"]


def test_collections_requirements_match_galaxy_dependencies():
    """collections/requirements.yml (AWX projects, ansible-galaxy -r) lists galaxy.yml's dependencies."""
    with open(os.path.join(ROOT, "collections", "requirements.yml")) as handle:
        listed = {c["name"]: c.get("version", "*") for c in yaml.safe_load(handle)["collections"]}
    assert listed == galaxy()["dependencies"]


def clean_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    env.update(PATH=BIN + os.pathsep + env.get("PATH", ""), ANSIBLE_COLLECTIONS_PATH=INSTALLED, ANSIBLE_NOCOLOR="1")
    return env


@pytest.mark.parametrize("book", sorted(os.path.splitext(p)[0] for p in os.listdir(os.path.join(ROOT, "playbooks"))
                                        if p.endswith(".yml")))
def test_installed_playbooks_run_by_name(book, tmp_path):
    """ansible-playbook serverlab.course.<book> from the installed tarball, anywhere (no repository around)."""
    out = subprocess.run(["ansible-playbook", "--syntax-check", "-i", "localhost,", "serverlab.course." + book],
                         cwd=str(tmp_path), env=clean_env(), capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stdout + out.stderr
    assert os.path.join(COLLECTION, "playbooks", book + ".yml") in out.stdout, out.stdout
