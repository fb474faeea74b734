"""The evaluator bundle: reproducible bytes, and labeval runs from it as it does on the VM."""

import os
import subprocess
import sys
import zipfile

from ansible_collections.serverlab.course.plugins.module_utils import bundle

MODULE_UTILS = os.path.join(os.path.dirname(__file__), "..", "..", "plugins", "module_utils")


def test_same_sources_give_the_same_bytes(tmp_path):
    first = bundle.write_bundle(MODULE_UTILS, str(tmp_path / "a"))
    second = bundle.write_bundle(MODULE_UTILS, str(tmp_path / "b"))
    with open(first, "rb") as a, open(second, "rb") as b:
        assert a.read() == b.read()
    assert os.path.basename(first) == os.path.basename(second)


def test_a_changed_source_changes_the_bundle(tmp_path):
    src = tmp_path / "src"
    (src / "checks").mkdir(parents=True)
    (src / "__init__.py").write_text("")
    (src / "checks" / "x.py").write_text("A = 1\n")
    (src / "__pycache__").mkdir()
    (src / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"junk")
    one = bundle.write_bundle(str(src), str(tmp_path / "cache"))
    (src / "checks" / "x.py").write_text("A = 2\n")
    two = bundle.write_bundle(str(src), str(tmp_path / "cache"))
    assert one != two
    assert zipfile.ZipFile(two).namelist() == ["serverlab_course/__init__.py", "serverlab_course/checks/x.py"]


def test_labeval_runs_from_the_zip(tmp_path):
    path = bundle.write_bundle(MODULE_UTILS, str(tmp_path))
    script = ("import sys; sys.path.insert(0, %r); "
              "from serverlab_course.cli import main; sys.exit(main())" % path)
    proc = subprocess.run([sys.executable, "-c", script, "-v"], capture_output=True, text=True,
                          cwd=str(tmp_path), env={"PATH": os.environ["PATH"]}, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("labeval ")
