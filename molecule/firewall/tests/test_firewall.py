"""firewalld verify: from the host on the lab network, every service days 6-8 opened answers, a port the
lab model does not name is filtered by the firewall (not refused by the VM), and check 6.20 catches a
trainee who closes a service (runtime or permanent) or stops firewalld, naming firewall-cmd."""

import errno
import json
import os
import shlex
import smtplib
import socket
import ssl
import time

import pytest
from day07_helpers import dig
from labtest import assert_all_pass, check_mode_changes, labeval, verdicts

ADDRESS = "192.168.0.84"
ZONE = "lab"
# days 6 (8 checks, and 6.20 on a VM whose lab_firewall is firewalld), 7 (13) and 8 (9) of the catalog
DAYS_6_TO_8 = 31


def check_620(host, lang="en"):
    """Check 6.20 as the trainee runs it: labeval on the VM, day 6 (the catalog composes it for firewalld VMs)."""
    verdict = verdicts(labeval(host, "--day", "6", "--lang", lang)).get("6.20")
    assert verdict is not None, "labeval has no check 6.20 on a firewalld VM"
    assert verdict["id"] == "6.20"
    return verdict


def until(condition, what, timeout=60.0):
    """Poll `condition` until it is true (bounded); the machine is shared and slow."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("%s: not true after %d s" % (what, timeout))
        time.sleep(0.5)


def reach(port, timeout=5.0):
    """What a lab host gets on a TCP port: 'answer <greeting>', 'open', 'refused' (the VM's kernel: no
    listener), 'filtered (...)' (the firewall: ICMP admin-prohibited, or nothing at all)."""
    try:
        conn = socket.create_connection((ADDRESS, port), timeout=timeout)
    except ConnectionRefusedError:
        return "refused"
    except socket.timeout:
        return "filtered (timeout)"
    except OSError as exc:
        if exc.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EACCES):
            return "filtered (%s)" % errno.errorcode[exc.errno]
        raise
    with conn:
        conn.settimeout(timeout)
        try:
            data = conn.recv(256)
        except socket.timeout:
            return "open"
    return "answer " + data.decode("utf-8", "replace").strip()


def tls_banner(port):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection((ADDRESS, port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname="h2g.example.com") as conn:
            return conn.recv(256).decode("utf-8", "replace").strip()


def firewall_cmd(host, *args):
    return host.check_output("firewall-cmd " + " ".join(shlex.quote(a) for a in args))


def test_firewalld_runs_and_binds_the_lab_network_to_the_lab_zone(host):
    assert firewall_cmd(host, "--state") == "running"
    assert firewall_cmd(host, "--get-zone-of-source=192.168.0.0/24") == ZONE
    services = set(firewall_cmd(host, "--zone", ZONE, "--list-services").split())
    assert services == {"ssh", "dns", "smtp", "smtp-submission", "pop3", "pop3s", "imap", "imaps"}
    assert set(firewall_cmd(host, "--permanent", "--zone", ZONE, "--list-services").split()) == services


def test_the_checks_table_of_service_ports_is_firewalld_s(host):
    table = json.loads(host.check_output("python3 -c %s" % shlex.quote(
        "import json, sys; sys.path.insert(0, '/usr/local/lib/serverlab/serverlab_course.zip'); "
        "from serverlab_course.checks.firewall import SERVICE_PORTS; print(json.dumps(SERVICE_PORTS))")))
    for name, ports in table.items():
        assert service_ports(host, name) == set(ports), name


def service_ports(host, name):
    """The ports a firewalld service opens, with those of the services it includes (samba: samba-client,
    netbios-ns)."""
    fields = {}
    for line in firewall_cmd(host, "--info-service=" + name).splitlines():
        key, _unused, value = line.strip().partition(":")
        fields[key] = value.split()
    ports = set(fields.get("ports", []))
    for included in fields.get("includes", []):
        ports |= service_ports(host, included)
    return ports


def test_catalog_and_check_620_pass(host):
    assert_all_pass(labeval(host, "--day", "6-8"), DAYS_6_TO_8)
    verdict = check_620(host)
    assert verdict["status"] == "PASS", verdict
    assert "lab network 192.168.0.0/24 -> zone lab (source 192.168.0.0/24)" in verdict["evidence"]


def test_check_mode_on_the_converged_vm_changes_nothing(host):  # file order: before the mistakes below
    """--check --diff of days 6-8 right after the converge: firewalld's zone is as the roles would make it
    (the fresh VM's --check is the scenario's check step, before its converge)."""
    converge = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "converge.yml")
    assert check_mode_changes(converge) == {"serverlab-m-fw": []}


def test_opened_services_answer_from_the_lab_network():
    status, flags, answers = dig(ADDRESS, "example.com", "SOA")
    assert status == "NOERROR" and "aa" in flags and answers
    for port in (25, 587):
        with smtplib.SMTP(ADDRESS, port, timeout=30) as smtp:
            code, _unused = smtp.ehlo("client.example.com")
            assert code == 250
    assert reach(110).startswith("answer +OK")
    assert reach(143).startswith("answer * OK")
    assert tls_banner(995).startswith("+OK")
    assert tls_banner(993).startswith("* OK")


def _listening(host, port):
    return ":%d " % port in host.check_output("ss -H -ltn")


def test_a_port_not_in_the_model_is_filtered_by_the_firewall(host):
    host.check_output("systemd-run --unit fw-probe-4444 --collect python3 -m http.server 4444 --bind 0.0.0.0")
    try:
        until(lambda: _listening(host, 4444), "the probe listens on 4444 inside the VM")
        # The VM itself reaches it: the daemon is fine, only the firewall stands between.
        assert host.run("python3 -c %s" % shlex.quote(
            "import urllib.request; urllib.request.urlopen('http://%s:4444/', timeout=10)" % ADDRESS)).rc == 0
        assert reach(4444).startswith("filtered"), reach(4444)
        # Opened at runtime, the same port answers (so the firewall was the layer that blocked).
        firewall_cmd(host, "--zone", ZONE, "--add-port=4444/tcp")
        try:
            assert reach(4444) == "open"
        finally:
            firewall_cmd(host, "--zone", ZONE, "--remove-port=4444/tcp")
        assert reach(4444).startswith("filtered")
    finally:
        host.run("systemctl stop fw-probe-4444")
    # Nothing listens any more: the VM refuses, which is not what a filtered port gives.
    until(lambda: not _listening(host, 4444), "the probe stopped")
    firewall_cmd(host, "--zone", ZONE, "--add-port=4444/tcp")
    try:
        assert reach(4444) == "refused"
    finally:
        firewall_cmd(host, "--zone", ZONE, "--remove-port=4444/tcp")


def test_closing_dns_at_runtime_is_caught_naming_firewall_cmd(host):
    firewall_cmd(host, "--zone", ZONE, "--remove-service=dns")
    try:
        with pytest.raises(AssertionError, match="dig example.com SOA failed"):
            dig(ADDRESS, "example.com", "SOA")
        verdict = check_620(host)
        ja = check_620(host, "ja")
    finally:
        firewall_cmd(host, "--zone", ZONE, "--add-service=dns")
    assert verdict["status"] == "FAIL"
    assert "firewalld blocks dns from the lab network (zone lab)" in verdict["reason"]
    assert "firewall-cmd --permanent --zone=lab --add-service=dns && firewall-cmd --reload" in verdict["reason"]
    assert "firewall-cmd --permanent --zone=lab --add-service=dns" in ja["reason"] and "遮断" in ja["reason"]
    # The DNS checks of day 7 query from the VM itself, where nothing is filtered: only 6.20 sees it.
    assert dig(ADDRESS, "example.com", "SOA")[0] == "NOERROR"
    assert check_620(host)["status"] == "PASS"


def test_a_permanent_removal_not_yet_reloaded_is_caught(host):
    firewall_cmd(host, "--permanent", "--zone", ZONE, "--remove-service=smtp")
    try:
        verdict = check_620(host)
    finally:
        firewall_cmd(host, "--permanent", "--zone", ZONE, "--add-service=smtp")
    assert verdict["status"] == "FAIL"
    assert "smtp are allowed now but not in the permanent configuration of zone lab" in verdict["reason"]
    assert "--add-service=smtp && firewall-cmd --reload" in verdict["reason"]


def test_firewalld_stopped_while_the_model_wants_it_fails(host):
    host.check_output("systemctl stop firewalld")
    try:
        verdict = check_620(host)
    finally:
        host.check_output("systemctl start firewalld")
        until(lambda: host.run("firewall-cmd --state").stdout.strip() == "running", "firewalld runs again")
    assert verdict["status"] == "FAIL"
    assert "firewalld is not running, but lab_firewall is firewalld: systemctl enable --now firewalld" in verdict["reason"]
    assert check_620(host)["status"] == "PASS"
