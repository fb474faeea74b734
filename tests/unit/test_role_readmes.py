"""Each role's README carries its variables as generated from meta/argument_specs.yml (tools/role_readme):
a spec changed without `tools/role_readme` fails here."""

import os
import shutil

import toolmod

ROOT = toolmod.ROOT


def generator():
    return toolmod.load("role_readme")


def test_every_role_has_a_readme_that_matches_its_spec():
    gen = generator()
    assert len(gen.roles()) == len(os.listdir(os.path.join(ROOT, "roles")))
    assert gen.drifted() == [], "run tools/role_readme"


def test_a_spec_change_is_caught_and_hand_written_text_is_kept(tmp_path):
    gen = generator()
    shutil.copytree(os.path.join(ROOT, "roles", "network"), str(tmp_path / "roles" / "network"))
    role = tmp_path / "roles" / "network"
    assert gen.drifted(str(tmp_path)) == []
    specs = role / "meta" / "argument_specs.yml"
    specs.write_text(specs.read_text().replace("description: Short host name", "description: The short host name"))
    assert gen.drifted(str(tmp_path)) == ["roles/network/README.md"]
    readme = role / "README.md"
    readme.write_text("# network\n\nHand-written notes.\n\n" + readme.read_text().split("\n\n", 2)[2])
    regenerated = gen.readme(str(role), readme.read_text())
    assert regenerated.startswith("# network\n\nHand-written notes.\n\n")
    assert "| `network_hostname` | str |  | The short host name (default from lab_hostname). |" in regenerated
