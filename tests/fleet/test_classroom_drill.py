"""The instructor's drill: three student VMs converged together, one stopped mid-run. The other two
must still reach the day, the summary must name the third, and the grade report must mark it
unreachable while the two others pass every check.

Runs real containers (tools/labhost) on the lab network at 192.168.0.111-113, named
serverlab-drill-*, so it never touches `make classroom` (.101+) or `make lab` (.10).
"""

import json
import os
import shutil
import subprocess
import time

import pytest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.join(TOP, ".venv", "bin")
PREFIX = "serverlab-drill-"
# Day 7: the packages of BIND come ahead (upto.yml's background apt job) on the VMs that converge.
DAY = "7"
ENV = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(TOP, "collections"),
           ANSIBLE_CONFIG=os.path.join(TOP, "ansible.cfg"), ANSIBLE_FORCE_COLOR="0", ANSIBLE_NOCOLOR="1")


def run(*argv, **kwargs):
    return subprocess.run(list(argv), capture_output=True, text=True, env=ENV, cwd=TOP, check=kwargs.pop("check", False), **kwargs)


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    where = tmp_path_factory.mktemp("classroom")
    shutil.copytree(os.path.join(TOP, "inventories", "classroom", "group_vars"), str(where / "group_vars"))
    (where / "roster.yml").write_text("".join("- {name: Drill %d, login: student%d}\n" % (i, i) for i in (1, 2, 3)))
    (where / "classroom.yml").write_text(
        "plugin: serverlab.course.classroom\nroster: roster.yml\nnetwork: 192.168.0.0/24\n"
        "base: 192.168.0.111\nconnection: docker\ncontainer_prefix: %s\n" % PREFIX)
    inventory = json.loads(run(os.path.join(BIN, "ansible-inventory"), "-i", str(where / "classroom.yml"),
                               "--list", check=True).stdout)
    hosts = inventory["_meta"]["hostvars"]

    def plain(v):
        return v.get("__ansible_unsafe", v) if isinstance(v, dict) else v

    vms = {name: (plain(v["ansible_host"]), "%s.%s" % (plain(v["lab_hostname"]), plain(v["lab_domain"])),
                  plain(v["lab_address"])) for name, v in hosts.items()}
    assert len(vms) == 3
    for container, fqdn, address in vms.values():
        run(os.path.join(TOP, "tools", "labhost"), "destroy", container)
        run(os.path.join(TOP, "tools", "labhost"), "up", container, fqdn, address, check=True)
    yield where, vms
    for container, _unused, _unused in vms.values():
        run(os.path.join(TOP, "tools", "labhost"), "destroy", container)


@pytest.fixture(scope="module")
def drill(classroom):
    """Converge all three to day 7; stop the third container as soon as the play is under way."""
    where, vms = classroom
    victim = sorted(vms)[-1]
    log = where / "upto.log"
    with open(str(log), "w") as out:
        play = subprocess.Popen([os.path.join(BIN, "ansible-playbook"), "-i", str(where / "classroom.yml"),
                                 os.path.join(TOP, "playbooks", "upto.yml"), "-e", "lab_day=" + DAY],
                                stdout=out, stderr=subprocess.STDOUT, env=ENV, cwd=TOP)
        deadline = time.time() + 600
        # The network role's first task: the day has started, well before it ends.
        while "TASK [serverlab.course.network" not in log.read_text() and play.poll() is None:
            assert time.time() < deadline, "the play never started the day"
            time.sleep(0.5)
        assert play.poll() is None, "the play ended before the container could be stopped"
        run("docker", "stop", "-t", "1", vms[victim][0], check=True)
        rc = play.wait(timeout=1200)
    report = where / "report"
    grade = run(os.path.join(BIN, "ansible-playbook"), "-i", str(where / "classroom.yml"),
                os.path.join(TOP, "playbooks", "grade.yml"), "-e", "lab_day=" + DAY,
                "-e", "grade_report_dest=%s" % report, timeout=1200)
    return {"victim": victim, "vms": vms, "rc": rc, "output": log.read_text(), "grade": grade,
            "report": json.loads((report / "results.json").read_text())}


def test_the_summary_names_the_stopped_vm_only(drill):
    assert drill["rc"] != 0, drill["output"][-2000:]
    line = [ln for ln in drill["output"].splitlines() if "did not reach the day (failed or unreachable)" in ln]
    assert line, drill["output"][-3000:]
    others = [h for h in drill["vms"] if h != drill["victim"]]
    assert drill["victim"] in line[0] and not any(h in line[0] for h in others), line[0]
    assert "2 of 3 hosts reached" in " ".join(drill["output"].split())


def test_the_others_reached_the_day_and_pass(drill):
    for host, (container, _unused, _unused) in drill["vms"].items():
        if host == drill["victim"]:
            continue
        result = run("docker", "exec", container, "labeval", "-c", "--day", DAY)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "FAIL" not in result.stdout and result.stdout.count("PASS") >= 7


def test_the_packages_came_ahead_on_the_converged_vms(drill):
    """upto.yml's background job installed day 7's packages (BIND) while day 6 was configured; the play
    waited for them and the named role skipped its own apt call."""
    for host, (container, _unused, _unused) in drill["vms"].items():
        if host == drill["victim"]:
            continue
        status = run("docker", "exec", container, "sh", "-c", "cat /run/serverlab/packages-ahead/*/day07.done")
        assert status.returncode == 0, status.stderr
        words = status.stdout.split()
        assert words[0] == "ok" and int(words[1]) > 0, status.stdout
        assert run("docker", "exec", container, "dpkg-query", "-W", "bind9").returncode == 0
    tasks = drill["output"].split("TASK [")
    install = [t for t in tasks if t.startswith("serverlab.course.named : Install BIND]")]
    assert install and "changed:" not in install[0] and "ok:" not in install[0], install


def test_the_report_marks_the_stopped_vm_unreachable(drill):
    assert drill["grade"].returncode == 0, drill["grade"].stdout[-3000:]
    students = {s["host"]: s for s in drill["report"]["students"]}
    assert students[drill["victim"]]["state"] == "unreachable", students[drill["victim"]]
    for host, student in students.items():
        if host != drill["victim"]:
            assert student["state"] == "graded"
            assert student["results"] and all(v["status"] == "PASS" for v in student["results"]), student
            # Both views: the network view, from this machine on the lab network, stands beside the VM's.
            assert {v["view"] for v in student["results"]} == {"vm", "net"}, student
            assert not student["net_message"], student
    assert drill["report"]["summary"]["unreachable"] == 1


def test_a_rerun_skips_the_unchanged_vm_and_repairs_the_changed_one(drill, classroom):
    """The fast re-run (lab_state): after the drill and the grading, the two converged VMs are unchanged
    and skipped; a trainee's mistake on one of them (its /etc/hosts line removed) gives that one the full
    run, which repairs it, while the other is still skipped."""
    where, vms = classroom
    keep, broken = sorted(h for h in vms if h != drill["victim"])
    container = vms[broken][0]
    # Docker bind-mounts /etc/hosts: rewrite it in place (sed -i would rename over the mount).
    run("docker", "exec", container, "sh", "-c", "grep -v h2g /etc/hosts > /tmp/hosts; cat /tmp/hosts > /etc/hosts",
        check=True)
    # The /etc/hosts line is a day 6 check.
    before = run("docker", "exec", container, "labeval", "-c", "--day", "6")
    assert before.returncode != 0 and "FAIL" in before.stdout, before.stdout
    play = run(os.path.join(BIN, "ansible-playbook"), "-i", str(where / "classroom.yml"),
               os.path.join(TOP, "playbooks", "upto.yml"), "-e", "lab_day=" + DAY, "--limit", "%s,%s" % (keep, broken),
               timeout=1200)
    out = play.stdout
    assert play.returncode == 0, out[-3000:]
    flat = " ".join(out.split())
    assert "/etc/hosts changed" in flat, out[-4000:]
    assert "unchanged since its last whole run to day %s" % DAY in flat, out[-4000:]
    recap = {ln.split()[0]: dict(f.split("=") for f in ln.split(":", 1)[1].split())
             for ln in out.splitlines() if " : ok=" in ln}
    # The unchanged VM ran only the first play (the lab model and port map checks, the fast re-run's own
    # tasks); the changed one ran every day play.
    assert recap[keep]["changed"] == "0" and int(recap[keep]["ok"]) < 20, recap
    assert int(recap[broken]["changed"]) > 0 and int(recap[broken]["ok"]) > 30, recap
    after = run("docker", "exec", container, "labeval", "-c", "--day", "6")
    assert after.returncode == 0 and "FAIL" not in after.stdout, after.stdout


def test_a_run_killed_at_a_random_task_leaves_the_services_serving(drill, classroom):
    """A run SIGKILLed at a random task (the controller gone mid-run, its connection with it) while it
    repairs a trainee's edit of named.conf: every service the VM served still serves the lab network, and
    the next run completes with every check PASS in both views. The seed is printed; SERVERLAB_KILL_SEED
    replays a kill point."""
    import random
    import signal

    where, vms = classroom
    host = sorted(h for h in vms if h != drill["victim"])[0]
    container, _fqdn, address = vms[host]
    seed = int(os.environ.get("SERVERLAB_KILL_SEED") or time.time())
    nth = random.Random(seed).randint(5, 90)
    print("kill seed %d: SIGKILL at task %d" % (seed, nth))

    def both_views():
        inside = run("docker", "exec", container, "labeval", "-c", "--day", "6-" + DAY)
        outside = run(os.path.join(TOP, "tools", "netview"), container, address, "-c", "--day", "6-" + DAY)
        return inside, outside

    run("docker", "exec", container, "sh", "-c", "echo '// a trainee was here' >> /etc/bind/named.conf", check=True)
    log = where / "killed.log"
    with open(str(log), "w") as out:
        play = subprocess.Popen([os.path.join(BIN, "ansible-playbook"), "-i", str(where / "classroom.yml"),
                                 os.path.join(TOP, "playbooks", "upto.yml"), "-e", "lab_day=" + DAY, "--limit", host],
                                stdout=out, stderr=subprocess.STDOUT, env=ENV, cwd=TOP, start_new_session=True)
        deadline = time.time() + 900
        while log.read_text().count("TASK [") < nth and play.poll() is None:
            assert time.time() < deadline, "the run never reached task %d" % nth
            time.sleep(0.1)
        killed = play.poll() is None
        if killed:
            os.killpg(play.pid, signal.SIGKILL)
        play.wait(timeout=60)
    tasks = log.read_text().split("TASK [")
    print("killed during: %s" % (tasks[-1].split("]")[0] if killed else "nothing (the run had ended)"))
    # Served before, served now: the network view (DNS from the lab) and the VM view of days 6-7.
    outside = both_views()[1]
    assert outside.returncode == 0, outside.stdout[-3000:] + outside.stderr[-2000:]
    again = run(os.path.join(BIN, "ansible-playbook"), "-i", str(where / "classroom.yml"),
                os.path.join(TOP, "playbooks", "upto.yml"), "-e", "lab_day=" + DAY, "--limit", host, timeout=1200)
    assert again.returncode == 0, again.stdout[-4000:]
    inside, outside = both_views()
    assert inside.returncode == 0 and "FAIL" not in inside.stdout, inside.stdout
    assert outside.returncode == 0 and "FAIL" not in outside.stdout, outside.stdout
    assert "a trainee was here" not in run("docker", "exec", container, "cat", "/etc/bind/named.conf").stdout


def test_the_vm_stopped_mid_run_starts_again_and_the_next_run_completes(drill, classroom):
    """The container the drill stopped in the middle of its day-6 play (a VM switched off mid-run) is
    started again; the next run completes and every check of the day passes in both views."""
    where, vms = classroom
    container, fqdn, address = vms[drill["victim"]]
    run(os.path.join(TOP, "tools", "labhost"), "up", container, fqdn, address, check=True)
    again = run(os.path.join(BIN, "ansible-playbook"), "-i", str(where / "classroom.yml"),
                os.path.join(TOP, "playbooks", "upto.yml"), "-e", "lab_day=" + DAY, "--limit", drill["victim"],
                timeout=1200)
    assert again.returncode == 0, again.stdout[-4000:]
    inside = run("docker", "exec", container, "labeval", "-c", "--day", "6-" + DAY)
    outside = run(os.path.join(TOP, "tools", "netview"), container, address, "-c", "--day", "6-" + DAY)
    for view in (inside, outside):
        assert view.returncode == 0 and "FAIL" not in view.stdout and "PASS" in view.stdout, view.stdout + view.stderr


def test_check_mode_over_the_classroom_changes_nothing(drill, classroom):
    """upto.yml --check --diff over the whole classroom once every VM is converged: every task of every day
    play runs (lab_full_run, not the fast re-run's skip) and none would change anything."""
    where, vms = classroom
    play = run(os.path.join(BIN, "ansible-playbook"), "-i", str(where / "classroom.yml"),
               os.path.join(TOP, "playbooks", "upto.yml"), "-e", "lab_day=" + DAY, "-e", "lab_full_run=true",
               "--check", "--diff", timeout=1200)
    assert play.returncode == 0, play.stdout[-4000:]
    recap = {ln.split()[0]: dict(f.split("=") for f in ln.split(":", 1)[1].split())
             for ln in play.stdout.splitlines() if " : ok=" in ln}
    recap.pop("localhost", None)  # the summary play on the controller
    assert set(recap) == set(vms), recap
    for host, counts in recap.items():
        # > 30 tasks: the day plays ran in check mode, not only the first play.
        assert counts["changed"] == "0" and counts["failed"] == "0" and int(counts["ok"]) > 30, (host, counts)
