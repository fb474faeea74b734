"""Run an Ansible module's main() in-process, as Ansible would, and return what it said."""

import contextlib
import io
import json

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19 (make compat): the arguments go where AnsibleModule reads them
    @contextlib.contextmanager
    def patch_module_args(args):
        from ansible.module_utils import basic
        args = dict({"_ansible_remote_tmp": "/tmp", "_ansible_keep_remote_files": False}, **args)
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode()
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved


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
