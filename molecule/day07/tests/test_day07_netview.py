"""Day 7 from the lab network (labeval --target): the network view passes on the converged VM, and
named's stock EL ACL (allow-query { localhost; }) passes the VM view while the network view fails,
naming allow-query: the grader stands where the lab's users stand."""

import re

from day07_helpers import dig
from labtest import labeval, mistake, netview, verdicts, wait_until

ADDRESS = "192.168.0.67"
CONF = "/etc/bind/named.conf"
DNS = ("7.4", "7.5", "7.6", "7.7", "7.8", "7.9")


def _status():
    try:
        return dig(ADDRESS, "example.com", "SOA")[0]
    except Exception as exc:  # noqa: BLE001 (a failed query is "not yet")
        return repr(exc)


def test_network_view_passes_after_converge(host):
    report = netview(host, "--day", "7")
    bad = ["%s %s: %s" % (r["id"], r["item"], r["reason"]) for r in report["results"] if r["status"] != "PASS"]
    assert not bad, bad
    assert [r["id"] for r in report["results"]] == list(DNS) + ["7.60"]


def test_localhost_only_acl_passes_inside_and_fails_from_the_lab(host):
    text = host.file(CONF).content_string
    assert re.search(r"allow-query \{[^}]*\};", text)
    local_only = re.sub(r"allow-query \{[^}]*\};", "allow-query { localhost; };", text)
    with mistake(host, CONF, content=local_only):
        host.check_output("rndc reconfig")
        wait_until("named refuses the lab network", _status, lambda status: status == "REFUSED")
        inside = verdicts(labeval(host, "--day", "7"))
        outside = verdicts(netview(host, "--day", "7"))
    host.check_output("rndc reconfig")
    wait_until("named answers the lab network again", _status, lambda status: status == "NOERROR")
    assert all(inside[i]["status"] == "PASS" for i in DNS), inside  # the VM itself is "localhost"
    assert all(outside[i]["status"] == "FAIL" for i in DNS), outside
    assert "allow-query" in outside["7.4"]["reason"], outside["7.4"]["reason"]
