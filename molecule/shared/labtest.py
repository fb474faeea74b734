"""Helpers for the Molecule verifiers: run the VM's own evaluator and break things on purpose.

Every scenario verifies its day by running the shared check catalog on the instance through
`labeval --format json` — the same code the student and the instructor run — never a copy of it.
"""

import contextlib
import json
import shlex
import subprocess
import time


def labeval(host, *args):
    """Run labeval on the instance with -c and return its JSON report."""
    cmd = "labeval --format json -c " + " ".join(shlex.quote(str(a)) for a in args)
    result = host.run(cmd)
    assert result.rc in (0, 1), "labeval crashed (rc=%d): %s" % (result.rc, result.stderr)
    return json.loads(result.stdout)


def verdicts(report):
    """Results keyed by check id ('6.4')."""
    return {r["id"]: r for r in report["results"]}


def failed_ids(report):
    return sorted(r["id"] for r in report["results"] if r["status"] != "PASS")


def assert_all_pass(report, expected_total):
    bad = ["%s %s: %s" % (r["id"], r["item"], r["reason"]) for r in report["results"] if r["status"] != "PASS"]
    assert not bad, "checks failed on a freshly converged VM:\n" + "\n".join(bad)
    assert report["summary"]["total"] == expected_total


def wait_until(what, probe, ok=bool, timeout=60.0, interval=0.25):
    """Call probe() until ok(its value) holds, and return that value.

    The way to wait until a daemon really serves a change: a reload is asynchronous (an smtpd or a
    xinetd of the old configuration may answer the next client), so the probe opens a fresh session,
    as a client would, each time. An exception from the probe (refused while the daemon restarts)
    counts as "not yet". After `timeout` seconds the test fails naming what it waited for and the
    last answer seen."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = probe()
        except Exception as exc:  # noqa: BLE001 - any failure of a fresh session means "not yet"
            seen = "%s: %s" % (type(exc).__name__, exc)
        else:
            if ok(value):
                return value
            seen = repr(value)
        if time.monotonic() >= deadline:
            raise AssertionError("%s: still not so after %.0f s (last answer: %s)" % (what, timeout, seen))
        time.sleep(interval)


def apply_and_wait(host, command, what, probe, ok=bool, timeout=60.0):
    """Run `command` on the instance (a reload, a restart) and wait_until the probe shows it serves."""
    host.check_output(command)
    return wait_until(what, probe, ok, timeout)


def lab_connect(address, port, timeout=3):
    """Whether a TCP connection from this machine (a lab client) to address:port succeeds."""
    import socket
    with socket.socket() as sock:
        sock.settimeout(timeout)
        return sock.connect_ex((address, int(port))) == 0


def tcp_open(host, port, address="127.0.0.1"):
    """Whether a TCP connection to address:port succeeds from inside the instance."""
    return host.run("bash -c 'exec 3<>/dev/tcp/%s/%d' 2>/dev/null" % (address, int(port))).rc == 0


def reboot(host, name, timeout=120.0):
    """Restart the instance's container, the local lab's reboot (systemd halts on the stop signal and boots
    again), and wait until systemd has finished booting; returns systemd's state (running or degraded)."""
    subprocess.run(["docker", "restart", name], check=True, capture_output=True, timeout=timeout)

    def system_state():
        return host.run("systemctl is-system-running").stdout.strip()

    return wait_until("systemd in %s finished booting" % name, system_state,
                      lambda state: state in ("running", "degraded"), timeout)


def assert_survives_reboot(host, name, days, expected_total, ready=None):
    """Reboot the instance, then grade it with no re-run of any playbook: every check of `days` passes,
    and check 6.8 finds every lab service of the VM enabled at boot. `ready()` waits for what starts
    after systemd's boot (daemontools' services)."""
    state = reboot(host, name)
    assert state == "running", "after the reboot systemd is %s:\n%s" % (state, host.run("systemctl --failed").stdout)
    if ready:
        ready()
    assert_all_pass(labeval(host, "--day", days), expected_total)
    boot = verdicts(labeval(host, "--day", "6"))["6.8"]
    assert boot["status"] == "PASS", boot["reason"]
    return boot


def config_with(host, path, name, value):
    """The text of a `name = value` config file (main.cf...) with one parameter's line replaced;
    appending a second line instead would make the daemon's own checker warn about the duplicate."""
    import re
    text = host.file(path).content_string
    line = re.compile(r"^%s\s*=.*$" % re.escape(name), re.M)
    assert line.search(text), "%s is not set in %s" % (name, path)
    return line.sub(lambda _: "%s = %s" % (name, value), text)


@contextlib.contextmanager
def mistake(host, path, content=None, append=None):
    """Write (or append to) a file on the instance for the duration of a test, then restore it."""
    # The copy stays outside the file's directory: a copy in interfaces.d or network-scripts
    # would itself be read at network start (the very mistake the checks catch).
    backup = "/root/.molecule-orig/" + path.strip("/").replace("/", "__")
    quoted, qbackup = shlex.quote(path), shlex.quote(backup)
    existed = host.file(path).exists
    if existed:
        host.check_output("mkdir -p /root/.molecule-orig && cp -a %s %s" % (quoted, qbackup))
    try:
        if content is not None:
            host.check_output("mkdir -p %s && printf '%%s' %s > %s" % (
                shlex.quote(path.rsplit("/", 1)[0]), shlex.quote(content), quoted))
        if append is not None:
            host.check_output("printf '%%s' %s >> %s" % (shlex.quote(append), quoted))
        yield
    finally:
        if existed:
            host.check_output("mv -f %s %s" % (qbackup, quoted))
        else:
            host.check_output("rm -f %s" % quoted)


def run_playbook(playbook, extra=None, limit=None, args=()):
    """ansible-playbook playbooks/<playbook> against the scenario's instances (extra vars, more CLI args);
    (rc, output). The evaluator is not reinstalled."""
    import os
    import subprocess
    project = os.environ.get("MOLECULE_PROJECT_DIRECTORY") or os.path.abspath(
        os.path.join(os.path.dirname(__file__), "..", ".."))
    inventory = os.path.dirname(os.environ["MOLECULE_INVENTORY_FILE"])
    env = dict(os.environ)
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": os.path.join(project, "collections"),
        "ANSIBLE_CONFIG": os.path.join(project, "ansible.cfg"),
        "ANSIBLE_PIPELINING": "True",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_STDOUT_CALLBACK": "default",
        "ANSIBLE_CALLBACK_RESULT_FORMAT": "yaml",
    })
    argv = ["ansible-playbook", "-i", inventory, os.path.join(project, "playbooks", playbook),
            "-e", json.dumps(dict({"lab_install_evaluator": False}, **(extra or {})))]
    if limit:
        argv += ["--limit", limit]
    argv += list(args)
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=project, timeout=600, check=False)
    return proc.returncode, proc.stdout + proc.stderr


def check_mode_changes(playbook, extra=None):
    """ansible-playbook playbooks/<playbook> (or a scenario's own playbook, by absolute path) --check --diff
    on the converged instances: {host: [changed task]} (an empty list: --check finds nothing to change, as a
    second run would). Fails when the run fails."""
    rc, output = run_playbook(playbook, extra, args=("--check", "--diff"))
    assert rc == 0, "--check --diff failed on the converged VM:\n" + output[-4000:]
    changes, task = {}, None
    for line in output.splitlines():
        if line.startswith("TASK ["):
            task = line[len("TASK ["):line.rfind("]")]
        elif line.startswith("changed: ["):
            changes.setdefault(line[len("changed: ["):].split("]")[0], []).append(task)
        elif " : ok=" in line:
            host = line.split()[0]
            changes.setdefault(host, [])
            assert " changed=0 " in line or changes[host], line
    return changes


def netview(host, *args, address=None, timeout=10):
    """The network view of the instance, graded from this machine (a client of the lab network):
    labeval --target through the collection's own cli, with copies of the VM's lab.json and
    trainee.auth; the JSON report."""
    import os
    import subprocess
    import sys
    import tempfile
    project = os.environ.get("MOLECULE_PROJECT_DIRECTORY") or os.path.abspath(
        os.path.join(os.path.dirname(__file__), "..", ".."))
    address = address or host.ansible.get_variables()["lab_address"]
    with tempfile.TemporaryDirectory() as tmp:
        config, auth = os.path.join(tmp, "lab.json"), os.path.join(tmp, "trainee.auth")
        for path, source in ((config, "/etc/serverlab/lab.json"), (auth, "/etc/serverlab/trainee.auth")):
            with open(path, "w") as handle:
                handle.write(host.file(source).content_string)
        os.chmod(auth, 0o600)
        code = ("import sys; from ansible_collections.serverlab.course.plugins.module_utils import cli; "
                "sys.exit(cli.main(sys.argv[1:]))")
        env = dict(os.environ, PYTHONPATH=os.path.join(project, "collections"), LC_ALL="C.UTF-8")
        proc = subprocess.run([sys.executable, "-c", code, "--target", address, "--config", config, "--auth", auth,
                               "--timeout", str(timeout), "-c", "--format", "json"] + [str(a) for a in args],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, env=env,
                              timeout=300, check=False)
    assert proc.returncode in (0, 1), "labeval --target crashed (rc=%d): %s" % (proc.returncode, proc.stderr)
    return json.loads(proc.stdout)


def assert_netview_passes(host, day, expected_ids, *args, address=None):
    """The network view of `day` passes every check from this machine, and grades at least `expected_ids`
    (`address`: the instance's lab address, for a host without Ansible's backend)."""
    report = netview(host, "--day", str(day), *args, address=address)
    bad = ["%s %s: %s" % (r["id"], r["item"], r["reason"]) for r in report["results"] if r["status"] != "PASS"]
    assert not bad, bad
    assert set(expected_ids) <= {r["id"] for r in report["results"]}, report["results"]
    return report
