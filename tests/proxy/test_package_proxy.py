"""Packages on a lab network without a gateway (lab_package_source): two lab VMs with their default route
removed reach no mirror, yet playbooks/upto.yml installs every day's packages through the caching proxy
`make proxy` starts on this machine's lab address (apt-cacher-ng, http://192.168.0.1:3142), the days'
checks pass, and the mirror is asked for each package once for both VMs (the classroom's case).

Containers serverlab-proxy-1 (192.168.0.57) and serverlab-proxy-2 (192.168.0.58), removed at the end.
The proxy's log (/var/log/apt-cacher-ng/apt-cacher.log, "time|I or O|bytes|client|path") is read from
where it stood before the run: I is a download from the mirror, O a delivery to the client named.
"""

import os
import socket
import subprocess

import pytest

from ansible_collections.serverlab.course.plugins.module_utils import course

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.join(TOP, ".venv", "bin")
LABHOST = os.path.join(TOP, "tools", "labhost")
PROXY = "http://192.168.0.1:3142"
ACNG_LOG = "/var/log/apt-cacher-ng/apt-cacher.log"
VMS = {"proxy1": ("serverlab-proxy-1", "192.168.0.57"), "proxy2": ("serverlab-proxy-2", "192.168.0.58")}

# The whole VM: the course plan's latest day (every day play's packages come through the proxy).
DAY = str(course.LATEST_DAY)
ENV = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(TOP, "collections"),
           ANSIBLE_CONFIG=os.path.join(TOP, "ansible.cfg"), ANSIBLE_FORCE_COLOR="0", ANSIBLE_NOCOLOR="1")
# A package of each day's daemon, which each VM must have got through the proxy.
DAEMONS = {"7": "bind9", "8": "postfix", "10": "samba", "12": "openssh-server", "13": "stunnel4", "20": "mariadb-server"}


def run(*argv, **kwargs):
    kwargs.setdefault("timeout", 3600)
    return subprocess.run(list(argv), capture_output=True, text=True, env=ENV, cwd=TOP, check=False, **kwargs)


def mirror_address():
    """The Debian mirror the VMs' sources name, resolved here (the VMs cannot resolve it without a route)."""
    return socket.getaddrinfo("deb.debian.org", 80, socket.AF_INET, socket.SOCK_STREAM)[0][4][0]


def proxy_log(offset):
    with open(ACNG_LOG, encoding="utf-8", errors="replace") as handle:
        handle.seek(offset)
        return [line.rstrip("\n").split("|") for line in handle if line.count("|") >= 4]


def ansible_playbook(inventory, playbook, *args):
    return run(os.path.join(BIN, "ansible-playbook"), "-i", inventory, os.path.join(TOP, "playbooks", playbook), *args)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """Both VMs without a default route, an inventory that names the proxy, the proxy's log offset."""
    where = tmp_path_factory.mktemp("proxy")
    started = run(LABHOST, "proxy")
    assert started.returncode == 0, started.stderr
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(where / "user1")], check=True)
    (where / "hosts.yml").write_text(
        "all:\n  children:\n    lab:\n      hosts:\n"
        + "".join("        %s: {ansible_host: %s, lab_address: %s}\n" % (host, name, address)
                  for host, (name, address) in VMS.items())
        + "      vars:\n        ansible_connection: docker\n        ansible_user: root\n"
        "        lab_dns_servers: [127.0.0.11]\n        lab_dns_forwarders: [127.0.0.11]\n"
        "        lab_user_password: serverlab-training\n        network_apply: false\n"
        "        lab_package_source: {type: proxy, url: '%s'}\n"
        "        sshd_authorized_keys: ['%s']\n" % (PROXY, (where / "user1.pub").read_text().strip()))
    for name, address in VMS.values():
        run(LABHOST, "destroy", name)
        made = run(LABHOST, "up", name, "h2g.example.com", address)
        assert made.returncode == 0, made.stderr
        # The course's lab network: no default gateway (Docker gave the container one).
        assert run("docker", "exec", name, "ip", "route", "del", "default").returncode == 0
    yield {"inventory": str(where / "hosts.yml"), "where": where}
    for name, _unused in VMS.values():
        run(LABHOST, "destroy", name)


@pytest.fixture(scope="module")
def converged(lab):
    offset = os.path.getsize(ACNG_LOG)
    result = ansible_playbook(lab["inventory"], "upto.yml", "-e", "lab_day=" + DAY)
    (lab["where"] / "upto.log").write_text(result.stdout + result.stderr)
    return {"result": result, "log": proxy_log(offset)}


def test_the_vms_reach_no_mirror_without_the_proxy(lab):
    """Before any run: no default route, the mirror's address is unreachable, apt-get update fails."""
    address = mirror_address()
    for name, _unused in VMS.values():
        routes = run("docker", "exec", name, "ip", "route").stdout
        assert "default" not in routes, routes
        connect = run("docker", "exec", name, "python3", "-c",
                      "import socket; socket.create_connection((%r, 80), timeout=5)" % address)
        assert connect.returncode != 0 and "unreachable" in connect.stderr, connect.stderr
    update = run("docker", "exec", VMS["proxy1"][0], "timeout", "60", "apt-get", "update", "-o", "Acquire::http::Timeout=5",
                 "-o", "Acquire::Retries=0", "-o", "APT::Update::Error-Mode=any")
    assert update.returncode != 0 and "Hit:" not in update.stdout and "Get:" not in update.stdout, update.stdout


def test_a_source_without_its_url_stops_the_run_naming_the_variable(lab):
    result = ansible_playbook(lab["inventory"], "day06.yml", "-e", '{"lab_package_source": {"type": "proxy"}}')
    assert result.returncode != 0
    assert "lab_package_source: type proxy needs a url" in " ".join(result.stdout.split()), result.stdout[-3000:]
    assert "changed=0" in result.stdout


def test_every_day_converges_through_the_proxy(lab, converged):
    result = converged["result"]
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "2 of 2 hosts reached day %s" % DAY in " ".join(result.stdout.split())
    for name, _unused in VMS.values():
        conf = run("docker", "exec", name, "cat", "/etc/apt/apt.conf.d/01serverlab-package-source").stdout
        assert 'Acquire::http::Proxy "%s";' % PROXY in conf, conf


def test_every_days_checks_pass(converged):
    assert converged["result"].returncode == 0
    for name, address in VMS.values():
        # Check 13.6 counts SMTPS sessions from mail clients: one from this machine first, as make lab does.
        mail = run(os.path.join(BIN, "python"), os.path.join(TOP, "molecule", "shared", "mailclient.py"), address,
                   "--smtps", "--pop3s", timeout=300)
        assert mail.returncode == 0, mail.stdout + mail.stderr
        report = run("docker", "exec", name, "labeval", "-c", "--day", "6-" + DAY)
        assert report.returncode == 0, report.stdout[-3000:] + report.stderr
        assert "FAIL" not in report.stdout and report.stdout.count("PASS") >= 30, report.stdout[-3000:]


def test_each_vm_got_its_packages_through_the_proxy(converged):
    delivered = {address: {fields[4] for fields in converged["log"] if fields[1] == "O" and fields[3] == address}
                 for _unused, address in VMS.values()}
    for name, address in VMS.values():
        debs = {os.path.basename(path).split("_")[0] for path in delivered[address] if path.endswith(".deb")}
        wanted = {pkg for day, pkg in DAEMONS.items() if int(day) <= int(DAY)}
        assert wanted <= debs, (name, sorted(wanted - debs))
        listed = run("docker", "exec", name, "dpkg-query", "-W", "-f", "${db:Status-Status}\n", *sorted(wanted))
        assert listed.stdout.split() == ["installed"] * len(wanted), listed.stdout


def test_the_mirror_is_asked_once_per_package_for_both_vms(converged):
    """N VMs, one download: every .deb both VMs received was fetched from the mirror at most once (I),
    and delivered to each VM (O)."""
    addresses = {address for _unused, address in VMS.values()}
    debs = {}
    for fields in converged["log"]:
        if fields[4].endswith(".deb"):
            entry = debs.setdefault(fields[4], {"I": 0, "O": set()})
            if fields[1] == "I":
                entry["I"] += 1
            elif fields[1] == "O":
                entry["O"].add(fields[3])
    shared = {path: entry for path, entry in debs.items() if entry["O"] >= addresses}
    assert len(shared) >= 50, len(shared)
    fetched_twice = sorted(path for path, entry in shared.items() if entry["I"] > 1)
    assert fetched_twice == []
    print("%d packages delivered to both VMs, %d of them downloaded from the mirror during this run (once each)"
          % (len(shared), sum(1 for entry in shared.values() if entry["I"] == 1)))


def test_a_proxy_that_does_not_answer_is_named(lab, converged):
    """The same VM pointed at a port where no proxy listens: the run stops at the package lists, naming
    the source and lab_package_source. Last: it leaves proxy2 pointed at the dead port."""
    assert converged["result"].returncode == 0
    dead = "http://192.168.0.1:3999"
    result = ansible_playbook(lab["inventory"], "day07.yml", "-l", "proxy2",
                              "-e", '{"lab_package_source": {"type": "proxy", "url": "%s"}}' % dead)
    text = " ".join(result.stdout.split())
    assert result.returncode != 0
    assert ("the package source %s (lab_package_source, type proxy) does not answer the VM" % dead) in text, text[-3000:]
    assert "make proxy" in text and "Connection refused" in text
