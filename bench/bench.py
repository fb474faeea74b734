#!/usr/bin/env python
"""serverlab benchmarks: measured side by side in one run, written to BENCHMARKS.md.

  whole VM   converge a bare container to the latest day (playbooks/upto.yml)
  floor      a bare `apt-get update && apt-get install` of the same packages in the same image
  re-run     the second converge of the whole VM: the fast re-run (nothing changed, day plays skipped)
             and the full idempotent re-run (-e lab_full_run=true), both changed=0
  N VMs      N bare containers converged by one ansible-playbook run, against 1
  grading    playbooks/grade.yml on 1 VM and on N VMs (when the playbook exists), both views
  net view   labeval --target from this machine (tools/netview): the whole VM's network view

Containers are named serverlab-bench-<i> at 192.168.0.(200+i) on the lab network and removed at the end.
Usage: bench/bench.py [--vms N] [--day D] [--keep]
"""

import argparse
import datetime
import importlib.util
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABHOST = os.path.join(ROOT, "tools", "labhost")
VENV_BIN = os.path.join(ROOT, ".venv", "bin")
TARGETS = {  # from issue 5; the ratio columns are compared with these
    "whole_vs_floor": 1.5,
    "rerun_seconds": 20.0,
    "n_vs_1": 3.0,
    "grade_seconds_per_vm_day": 0.5,  # issue 15: both views within the one-view figure
    "netview_seconds": 3.0,
}


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=isinstance(cmd, str), check=True, **kw)


def children_cpu():
    """CPU seconds (user + system) of this process's finished children: the Ansible controller."""
    t = os.times()
    return t.children_user + t.children_system


def container_cpu(container):
    """CPU seconds a container has used so far (its cgroup: v1 cpuacct or v2 cpu.stat); None if unknown."""
    cid = subprocess.run(["docker", "inspect", "-f", "{{.Id}}", container], stdout=subprocess.PIPE,
                         text=True, check=True).stdout.strip()
    for path, scale in (("/sys/fs/cgroup/cpuacct/docker/%s/cpuacct.usage" % cid, 1e-9),
                        ("/sys/fs/cgroup/docker/%s/cpu.stat" % cid, 1e-6),
                        ("/sys/fs/cgroup/system.slice/docker-%s.scope/cpu.stat" % cid, 1e-6)):
        try:
            with open(path) as handle:
                text = handle.read()
        except OSError:
            continue
        if path.endswith("cpu.stat"):
            text = dict(line.split() for line in text.splitlines()).get("usage_usec", "")
        try:
            return int(text) * scale
        except ValueError:
            continue
    return None


def timed(cmd, env=None, cpu=None):
    """(seconds, output); with cpu (a dict), cpu["controller"] gets the command's own CPU seconds."""
    start, start_cpu = time.monotonic(), children_cpu()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    elapsed = time.monotonic() - start
    if cpu is not None:
        cpu["controller"] = children_cpu() - start_cpu
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:])
        raise SystemExit("benchmark step failed: %s" % " ".join(map(shlex.quote, cmd)))
    return elapsed, proc.stdout


def name(i):
    return "serverlab-bench-%d" % i


def address(i):
    return "192.168.0.%d" % (200 + i)


def up(indices):
    for i in indices:
        sh([LABHOST, "destroy", name(i)])
        sh([LABHOST, "up", name(i), "h2g.example.com", address(i)])


def inventory(indices, path):
    hosts = "\n".join(
        "        bench%d:\n          ansible_connection: docker\n"
        "          ansible_host: %s\n          lab_address: %s" % (i, name(i), address(i))
        for i in indices)
    with open(path, "w") as handle:
        handle.write("all:\n  children:\n    lab:\n      vars:\n        lab_dns_servers: [127.0.0.11]\n"
                     "        lab_dns_forwarders: [127.0.0.11]\n        lab_user_password: serverlab-training\n"
                     "        network_apply: false\n      hosts:\n%s\n" % hosts)


def env():
    e = dict(os.environ)
    e["PATH"] = VENV_BIN + os.pathsep + e["PATH"]
    e["ANSIBLE_CONFIG"] = os.path.join(ROOT, "ansible.cfg")
    e["ANSIBLE_COLLECTIONS_PATH"] = os.path.join(ROOT, "collections")
    e["ANSIBLE_CACHE_PLUGIN"] = "memory"  # every run starts cold, as a new VM would
    return e


def playbook(inv, book, day, *extra, cpu=None):
    return timed([os.path.join(VENV_BIN, "ansible-playbook"), "-i", inv, os.path.join(ROOT, "playbooks", book),
                  "-e", "lab_day=%d" % day] + list(extra), env=env(), cpu=cpu)


def installed_packages(container):
    """Every installed package (dependencies too: the floor installs exactly what the VM got)."""
    out = subprocess.run(["docker", "exec", container, "dpkg-query", "-W", "-f", "${Package}\\n"], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    return set(out.split())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vms", type=int, default=10, help="N for the N-VM measurements (default 10, the target's N)")
    parser.add_argument("--day", type=int, default=None, help="lab day to converge (default: the latest)")
    parser.add_argument("--keep", action="store_true", help="keep the containers")
    args = parser.parse_args()
    # The figures are those of `make lab`, which runs Mitogen: the Makefile turns it on (ansible.cfg does not).
    if not os.environ.get("ANSIBLE_STRATEGY"):
        sys.exit("bench: run it as `make bench` (Mitogen, as make lab), or set ANSIBLE_STRATEGY=linear for stock Ansible")
    day = args.day or latest_day()
    sh([LABHOST, "image"])
    sh([LABHOST, "network"])
    tmp = tempfile.mkdtemp(prefix="serverlab-bench-")
    results = {"date": datetime.datetime.now().isoformat(timespec="seconds"), "day": day, "vms": args.vms,
               "cores": os.cpu_count()}
    base = None
    try:
        one, many = os.path.join(tmp, "one.yml"), os.path.join(tmp, "many.yml")
        inventory([1], one)
        up([1])
        base = installed_packages(name(1))
        cpu, vm_before = {}, container_cpu(name(1))
        results["whole_vm"], _unused = playbook(one, "upto.yml", day, cpu=cpu)
        vm_after = container_cpu(name(1))
        # What one whole VM costs in CPU: N of them cannot take less than N x this / cores.
        results["whole_vm_cpu_controller"] = cpu["controller"]
        if vm_before is not None and vm_after is not None:
            results["whole_vm_cpu_vm"] = vm_after - vm_before
        results["rerun"], out = playbook(one, "upto.yml", day)
        results["rerun_changed"] = "changed=0" not in out
        results["rerun_full"], out = playbook(one, "upto.yml", day, "-e", "lab_full_run=true")
        results["rerun_full_changed"] = "changed=0" not in out
        # The network view of the whole VM, from this machine (a client of the lab network); a FAIL (no key
        # given for the key login) still times the whole view.
        start = time.monotonic()
        view = subprocess.run([os.path.join(ROOT, "tools", "netview"), name(1), address(1), "-c", "--format", "json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=False)
        results["netview"] = time.monotonic() - start
        if view.returncode not in (0, 1):
            raise SystemExit("benchmark step failed: tools/netview: %s" % view.stderr[-2000:])
        results["netview_checks"] = len(json.loads(view.stdout)["results"])
        packages = sorted(installed_packages(name(1)) - base)
        results["packages"] = packages
        up([2])
        install = "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq %s >/dev/null" % (
            " ".join(packages) or "--version")
        results["floor"], _unused = timed(["docker", "exec", name(2), "sh", "-c", install])
        sh([LABHOST, "destroy", name(2)])
        indices = list(range(1, args.vms + 1))
        inventory(indices, many)
        up(indices)
        cpu = {}
        results["n_vms"], _unused = playbook(many, "upto.yml", day, cpu=cpu)
        results["n_vms_cpu_controller"] = cpu["controller"]
        results["one_vm"] = results["whole_vm"]
        if os.path.exists(os.path.join(ROOT, "playbooks", "grade.yml")):
            results["grade_1"], _unused = playbook(one, "grade.yml", day)
            results["grade_n"], _unused = playbook(many, "grade.yml", day)
    finally:
        if not args.keep:
            sh([LABHOST, "destroy"] + [name(i) for i in range(1, max(args.vms, 2) + 1)])
    write(results)
    print(json.dumps(results, indent=2))


def latest_day():
    """The course plan's latest day (plugins/module_utils/course.py: pure data, importable alone)."""
    path = os.path.join(ROOT, "plugins", "module_utils", "course.py")
    spec = importlib.util.spec_from_file_location("serverlab_course_plan", path)
    plan = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plan)
    return int(plan.LATEST_DAY)


def write(r):
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "results", "latest.json"), "w") as handle:
        json.dump(r, handle, indent=2)
    rows = [
        ("whole VM from the bare image", "%.1f s" % r["whole_vm"],
         "%.2f x floor (%.1f s)" % (r["whole_vm"] / r["floor"], r["floor"]), "<= %.1f x" % TARGETS["whole_vs_floor"]),
        ("re-run, nothing changed (fast re-run)", "%.1f s" % r["rerun"],
         "changed" if r["rerun_changed"] else "changed=0", "<= %.0f s" % TARGETS["rerun_seconds"]),
        ("full idempotent re-run (lab_full_run)", "%.1f s" % r["rerun_full"],
         "changed" if r["rerun_full_changed"] else "changed=0", "<= %.0f s" % TARGETS["rerun_seconds"]),
        ("%d VMs together" % r["vms"], "%.1f s" % r["n_vms"], "%.2f x one VM" % (r["n_vms"] / r["one_vm"]),
         "<= %.1f x (N=10)" % TARGETS["n_vs_1"]),
    ]
    if "netview" in r:
        rows.append(("network view of 1 VM (%d checks, from the lab network)" % r["netview_checks"],
                     "%.1f s" % r["netview"], "", "<= %.0f s" % TARGETS["netview_seconds"]))
    if "grade_1" in r:
        days = max(1, r["day"] - 5)
        rows.append(("grading 1 VM", "%.1f s" % r["grade_1"], "%.2f s per VM and day" % (r["grade_1"] / days),
                     "<= %.1f s" % TARGETS["grade_seconds_per_vm_day"]))
        rows.append(("grading %d VMs" % r["vms"], "%.1f s" % r["grade_n"],
                     "%.2f s per VM and day" % (r["grade_n"] / r["vms"] / days),
                     "<= %.1f s" % TARGETS["grade_seconds_per_vm_day"]))
    lines = ["# Benchmarks", "",
             "Measured by `bench/bench.py` (`make bench`) on %s, %s cores, lab day %d. Figures are one run's: "
             "compare rows of the same run." % (r["date"], r["cores"], r["day"]), "",
             "| measurement | time | ratio | target |", "| --- | --- | --- | --- |"]
    lines += ["| %s |" % " | ".join(row) for row in rows]
    if "whole_vm_cpu_vm" in r:
        per_vm = r["whole_vm_cpu_controller"] + r["whole_vm_cpu_vm"]
        bound = r["vms"] * per_vm / r["cores"]
        lines += ["", "CPU of one whole VM: %.1f s on the controller (Ansible) + %.1f s in the VM (dpkg, daemons, "
                  "modules) = %.1f CPU-s. %d VMs on %d cores therefore need at least %d x %.1f / %d = %.0f s "
                  "(%.1f x one VM) even with every core busy all the time; %d VMs took %.0f s (controller %.0f CPU-s)."
                  % (r["whole_vm_cpu_controller"], r["whole_vm_cpu_vm"], per_vm, r["vms"], r["cores"], r["vms"],
                     per_vm, r["cores"], bound, bound / r["one_vm"], r["vms"], r["n_vms"],
                     r.get("n_vms_cpu_controller", 0))]
    lines += ["", "Floor packages (%d): %s" % (len(r["packages"]), ", ".join(r["packages"]) or "none"), ""]
    notes = os.path.join(ROOT, "bench", "notes.md")  # the reading of the figures, kept by hand
    if os.path.exists(notes):
        with open(notes) as handle:
            lines += [handle.read().rstrip("\n"), ""]
    with open(os.path.join(ROOT, "BENCHMARKS.md"), "w") as handle:
        handle.write("\n".join(lines))


if __name__ == "__main__":
    main()
