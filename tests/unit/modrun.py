"""Run an Ansible module's main() in-process, as Ansible would, and return what it said."""

import contextlib
import io
import json

from ansible.module_utils.testing import patch_module_args


class Outcome(object):
    def __init__(self, failed, result):
        self.failed = failed
        self.result = result


def run(module, **args):
    """module: the imported module (with main()); args: its options (plus _ansible_* keys)."""
    out = io.StringIO()
    with patch_module_args(args), contextlib.redirect_stdout(out):
        try:
            module.main()
        except SystemExit:
            pass
    result = json.loads(out.getvalue())
    return Outcome(bool(result.get("failed")), result)
