"""AWX / Automation Platform: ee/execution-environment.yml (ansible-builder v3) becomes a build context
offline, with the built tarball in it; ansible-builder's own introspection of the installed tarball finds
the collection's controller needs (requirements.txt) and nothing of the developer tool chain."""

import filecmp
import os
import subprocess
import sys

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
EE = os.path.join(ROOT, "ee", "execution-environment.yml")
INSTALLED = os.path.join(ROOT, "build", "installed")


def requirement_names(lines):
    names = []
    for line in lines:
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            names.append(line.split(";")[0].split("[")[0].split("=")[0].split(">")[0].split("<")[0].strip().lower())
    return sorted(names)


def runtime_requirements():
    with open(os.path.join(ROOT, "requirements.txt")) as handle:
        return requirement_names(handle.read().splitlines())


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    where = tmp_path_factory.mktemp("ee") / "context"
    # No network: create only writes files (the image build is where Galaxy and PyPI are used).
    out = subprocess.run([os.path.join(BIN, "ansible-builder"), "create", "-f", EE, "-c", str(where),
                          "--output-filename", "Containerfile"], capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "No matches" not in out.stdout + out.stderr, "the tarball the definition names is missing: " + out.stdout
    return where


def test_the_context_carries_the_built_tarball(context):
    with open(os.path.join(ROOT, "galaxy.yml")) as handle:
        version = yaml.safe_load(handle)["version"]
    name = "serverlab-course-%s.tar.gz" % version
    copied = context / "_build" / "collections" / name
    assert copied.is_file(), "ee/execution-environment.yml must name galaxy.yml's version %s" % version
    assert filecmp.cmp(str(copied), os.path.join(ROOT, "build", "dist", name), shallow=False)
    with open(str(context / "_build" / "requirements.yml")) as handle:
        galaxy = yaml.safe_load(handle)
    assert {"name": "collections/" + name, "type": "file"} in galaxy["collections"]
    containerfile = (context / "Containerfile").read_text()
    assert "ansible-galaxy collection install" in containerfile and "-r requirements.yml" in containerfile
    assert "introspect.py introspect" in containerfile


def test_introspection_finds_the_runtime_needs_only(context):
    """The script the image build runs on the installed collections, run here on the installed tarball."""
    script = str(context / "_build" / "scripts" / "introspect.py")
    out = subprocess.run([sys.executable, script, "introspect", "--sanitize", INSTALLED],
                         capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stdout + out.stderr
    found = yaml.safe_load(out.stdout)
    python = [line for line in found.get("python") or [] if "from collection serverlab.course" in line]
    assert requirement_names(python) == runtime_requirements(), found
    for dev in ("molecule", "pytest", "ansible-lint", "black", "mitogen", "ansible-builder"):
        assert dev not in requirement_names(found.get("python") or []), dev
    assert not [line for line in found.get("system") or [] if "serverlab.course" in line]
