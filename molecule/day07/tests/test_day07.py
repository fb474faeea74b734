"""Day 7 verify (BIND): the shared catalog passes, named answers real queries from the host, and
the classic mistakes are refused (a zone without $TTL never reaches named) or caught by the checks."""

import json
import os

import pytest
from day07_helpers import converge, dig
from labtest import apply_and_wait, assert_all_pass, check_mode_changes, failed_ids, labeval, mistake, verdicts

DAY7_CHECKS = 13  # 7.1-7.12 and 7.40 (one DNS server)
ADDRESS = "192.168.0.67"
FORWARD = "/etc/bind/db.example"
REVERSE = "/etc/bind/db.192.168.0"
LOG = "/var/log/named/named.log"
NAMED_FILES = ("/etc/bind/named.conf", "/etc/default/named", FORWARD, REVERSE)
TEMPLATE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "roles", "named", "templates", "zone.db.j2")


def served_serial():
    status, flags, answers = dig(ADDRESS, "example.com", "SOA")
    assert status == "NOERROR" and "aa" in flags
    return int(answers[0][2].split()[2])


def reload_and_wait(host):
    """rndc reload returns before named has loaded the zones again (as BIND's own tests know): wait for
    the next "all zones loaded" in its log."""
    def loaded():
        return int(host.run("grep -c 'all zones loaded' %s" % LOG).stdout.strip() or 0)
    before = loaded()
    apply_and_wait(host, "touch %s %s && rndc reload" % (FORWARD, REVERSE),
                   "named logs \"all zones loaded\" after rndc reload", loaded, lambda count: count > before)


def test_catalog_passes_after_converge(host):
    assert_all_pass(labeval(host, "--day", "7"), DAY7_CHECKS)


def test_check_mode_on_the_converged_vm_changes_nothing(host):  # host: runs in file order, before the mistakes
    """--check --diff right after the converge: nothing to change (the fresh VM's --check is the scenario's
    check step, before its converge)."""
    assert check_mode_changes("day07.yml") == {"serverlab-m-day07": []}


def test_www_is_an_alias_of_h2g_with_its_address():
    status, flags, answers = dig(ADDRESS, "www.example.com", "A")
    assert (status, "aa" in flags) == ("NOERROR", True)
    assert answers == [("www.example.com.", "CNAME", "h2g.example.com."), ("h2g.example.com.", "A", ADDRESS)]


@pytest.mark.parametrize("rdtype,expected", [
    ("MX", ["10 mail.example.com."]),
    ("NS", ["ns.example.com."]),
])
def test_mx_and_ns(rdtype, expected):
    status, flags, answers = dig(ADDRESS, "example.com", rdtype)
    assert status == "NOERROR" and "aa" in flags
    assert [a[2] for a in answers if a[1] == rdtype] == expected


def test_soa_has_a_date_serial():
    status, flags, answers = dig(ADDRESS, "example.com", "SOA")
    assert status == "NOERROR" and "aa" in flags
    mname, rname, serial = answers[0][2].split()[:3]
    assert (mname, rname) == ("ns.example.com.", "root.example.com.")
    assert len(serial) == 10 and serial[:2] == "20"


def test_ptr_of_the_lab_address():
    status, flags, answers = dig(ADDRESS, "-x", ADDRESS)
    assert status == "NOERROR" and "aa" in flags
    assert answers == [("67.0.168.192.in-addr.arpa.", "PTR", "h2g.example.com.")]


def test_zone_files_start_with_ttl_and_named_runs_ipv4_only(host):
    for path in (FORWARD, REVERSE):
        assert host.file(path).content_string.splitlines()[0] == "$TTL 86400"
    assert " -4" in host.check_output("ps -o args= -C named")
    assert host.socket("udp://%s:53" % ADDRESS).is_listening


def test_zone_without_ttl_is_refused_before_named_reloads(host, tmp_path):
    """The role renders a zone without $TTL (another template): zone_check stops the play before the
    file is written, so the file in service, the served serial and named's answers stay as they were."""
    broken = tmp_path / "zone-without-ttl.j2"
    with open(TEMPLATE) as handle:
        lines = handle.read().splitlines(True)
    assert lines[0].startswith("$TTL")
    broken.write_text("".join(lines[1:]))
    before = host.file(FORWARD).content_string
    serial = served_serial()
    reloads = host.run("grep -c 'reloading configuration' %s" % LOG).stdout.strip()

    rc, output = converge("-e", "named_zone_template=%s" % broken)

    assert rc != 0, output
    assert "no $TTL before the first record" in output
    assert "Check the candidate zones" in output
    assert host.file(FORWARD).content_string == before
    assert served_serial() == serial
    assert host.run("grep -c 'reloading configuration' %s" % LOG).stdout.strip() == reloads
    status, _flags, answers = dig(ADDRESS, "www.example.com", "A")
    assert status == "NOERROR" and ("h2g.example.com.", "A", ADDRESS) in answers


def test_a_record_added_by_hand_without_ptr_is_reported(host):
    with mistake(host, FORWARD, append="pc9      IN  A     192.168.0.99\n"):
        report = labeval(host, "--day", "7")
    assert failed_ids(report) == ["7.11"]
    reason = verdicts(report)["7.11"]["reason"]
    assert "pc9.example.com. has the address 192.168.0.99" in reason
    assert "99 IN PTR pc9.example.com." in reason


def test_ttl_removed_by_hand_fails_the_ttl_check_with_bind_log_line(host):
    text = host.file(FORWARD).content_string
    assert text.startswith("$TTL 86400\n")
    try:
        with mistake(host, FORWARD, content=text[len("$TTL 86400\n"):]):
            reload_and_wait(host)  # named loads it anyway, and logs the warning the check quotes
            report = labeval(host, "--day", "7")
    finally:
        reload_and_wait(host)
    assert failed_ids(report) == ["7.10"]
    result = verdicts(report)["7.10"]
    assert "%s has no $TTL on line 1" % FORWARD in result["reason"]
    assert "no TTL specified; using SOA MINTTL instead" in result["reason"]
    logged = [e for e in result["evidence"] if "no TTL specified; using SOA MINTTL instead" in e]
    assert logged and "db.example" in logged[0]
    assert_all_pass(labeval(host, "--day", "7"), DAY7_CHECKS)


def test_a_real_change_raises_the_serial_and_is_served(host):
    """A host added to the model: new serial (max(today01, old+1)), reloaded, forward and reverse."""
    serial = served_serial()
    hosts = [{"name": n, "address": ADDRESS} for n in ("h2g", "ns", "mail")] + [
        {"name": "pc1", "address": "192.168.0.101"}]
    try:
        rc, output = converge("-e", json.dumps({"lab_dns_hosts": hosts}))
        assert rc == 0, output
        assert served_serial() > serial
        assert dig(ADDRESS, "pc1.example.com", "A")[2] == [("pc1.example.com.", "A", "192.168.0.101")]
        assert dig(ADDRESS, "-x", "192.168.0.101")[2] == [("101.0.168.192.in-addr.arpa.", "PTR", "pc1.example.com.")]
    finally:
        rc, output = converge()
        assert rc == 0, output
    assert dig(ADDRESS, "pc1.example.com", "A")[0] == "NXDOMAIN"
    assert_all_pass(labeval(host, "--day", "7"), DAY7_CHECKS)


def test_a_listen_address_the_vm_lacks_is_rolled_back(host):
    """named_listen_on names an address the VM does not have: named-checkconf accepts it and named
    reloads, but no longer answers the lab. The probe after the reload sees it: the files that served
    are put back, named is restarted and answers again, and the run fails naming the variable with
    named's journal."""
    before = {path: host.file(path).sha256sum for path in NAMED_FILES}
    serial = served_serial()

    # The first net: the lab's port map refuses an address the VM lacks before anything changes.
    rc, output = converge("-e", json.dumps({"named_listen_on": ["192.168.0.250"]}))
    text = " ".join(output.split())
    assert rc != 0 and "named_listen_on" in text and "192.168.0.250" in text, output[-3000:]
    assert "Check the lab's port map" in text, output[-3000:]
    assert {path: host.file(path).sha256sum for path in NAMED_FILES} == before

    # The second net, with the first one skipped: the probe after the reload, and the rollback.
    rc, output = converge("-e", json.dumps({"named_listen_on": ["192.168.0.250"], "lab_check_ports": False}))

    text = " ".join(output.split())  # the callback wraps long lines
    assert rc != 0, output[-3000:]
    assert "named_listen_on: named did not serve after the change to" in text, output[-3000:]
    assert "(reloaded): TCP 192.168.0.250:53" in text, output[-3000:]
    assert "The previous configuration is back" in text and "named serves it again" in text
    assert "Journal of named" in text and "server reload successful" in text  # named's own line
    assert {path: host.file(path).sha256sum for path in NAMED_FILES} == before
    assert "192.168.0.67;" in host.file("/etc/bind/named.conf").content_string
    assert served_serial() == serial  # answered from the host, over the lab network
    status, _flags, answers = dig(ADDRESS, "www.example.com", "A")
    assert status == "NOERROR" and ("h2g.example.com.", "A", ADDRESS) in answers
    # Nothing named could read was left beside its files.
    assert host.run("ls -A /etc/bind | grep -E '~$|\\.(bak|orig|new)$'").stdout == ""
    assert_all_pass(labeval(host, "--day", "7"), DAY7_CHECKS)
