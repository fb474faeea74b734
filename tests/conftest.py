"""Make the working tree importable as ansible_collections.serverlab.course (through the committed link
collections/ansible_collections/serverlab/course -> the repository root)."""

import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTIONS = os.path.join(ROOT, "collections")

if COLLECTIONS not in sys.path:
    sys.path.insert(0, COLLECTIONS)

# ansible-core 2.14 (make compat) installs its collection loader for the whole process when ansible.plugins.loader
# is first imported (2.15+ waits for init_plugin_loader): import it now, so this collection is never half imported
# the plain way and half through that loader (which then finds no metadata for it).
import ansible.plugins.loader as plugin_loader  # noqa: E402

EAGER_COLLECTION_LOADER = not hasattr(plugin_loader, "init_plugin_loader")


# A skipped test proves nothing: `tools/labhost tools` installs every program the tests use, so a skip is
# a failure unless its reason starts with "platform:" and names what this kind of machine cannot have.
PLATFORM = "platform:"


def _skip_reason(report):
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return longrepr[2].split("Skipped: ", 1)[-1]
    return str(longrepr)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = _skip_reason(report)
        if not reason.startswith(PLATFORM):
            report.outcome = "failed"
            report.longrepr = ("skipped without a %r reason (tools/labhost tools installs what tests need): %s"
                               % (PLATFORM, reason))


@pytest.fixture(autouse=True)
def _keep_the_locale():
    """A module run in-process (AnsibleModule checks the locale) may set the C locale, after which open()
    reads ASCII: a later test reading a UTF-8 file then fails or not by the order the tests ran in."""
    import locale

    saved = locale.setlocale(locale.LC_ALL)
    yield
    locale.setlocale(locale.LC_ALL, saved)
