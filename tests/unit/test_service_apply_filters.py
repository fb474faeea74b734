"""The filters of roles/lab/tasks/service_apply.yml: where a client reaches a service, and which
variable a failed change names."""

from __future__ import annotations

from ansible_collections.serverlab.course.plugins.filter.service_apply import apply_blame, listen_probes, probe_hosts

LAB = "192.168.0.67"


def test_wildcards_mean_the_lab_address_and_the_loopback():
    for value in (["*"], ["0.0.0.0"], ["any"], "all", []):
        expected = [LAB, "127.0.0.1"] if value else []
        assert probe_hosts(value, LAB) == expected


def test_addresses_networks_and_names():
    assert probe_hosts(["192.168.0.250", "127.0.0.1", "192.168.0.250"], LAB) == ["192.168.0.250", "127.0.0.1"]
    assert probe_hosts(["192.168.0.0/24", "localhost"], LAB) == [LAB, "127.0.0.1"]
    assert probe_hosts("loopback-only", LAB) == ["127.0.0.1"]
    assert probe_hosts("192.168.0.67, 127.0.0.1", LAB) == [LAB, "127.0.0.1"]
    # IPv6 (the lab has no route) and ACL names give nothing to probe
    assert probe_hosts(["::", "none", "!10.0.0.1"], LAB) == []


def test_listen_probes_fill_host_and_port():
    tcp = listen_probes(["*"], LAB, 22, "sshd_port", banner="^SSH-2\\.0-")
    assert tcp == [
        {"host": LAB, "port": 22, "var": "sshd_port", "banner": "^SSH-2\\.0-", "what": "connect to %s:22" % LAB},
        {"host": "127.0.0.1", "port": 22, "var": "sshd_port", "banner": "^SSH-2\\.0-", "what": "connect to 127.0.0.1:22"},
    ]
    (dig,) = listen_probes([LAB], LAB, "53", "named_listen_on", command=["dig", "@{host}", "-p", "{port}"], expect="NOERROR")
    assert dig["command"] == ["dig", "@" + LAB, "-p", "53"] and dig["what"] == "dig @%s -p 53" % LAB
    assert dig["port"] == 53 and dig["expect"] == "NOERROR"


PROBES = listen_probes(["192.168.0.250"], LAB, 110, "dovecot_listen") + listen_probes(["*"], LAB, 25, "postfix_inet_interfaces")


def test_blame_the_failed_probes_first():
    result = {"results": [{"item": PROBES[0], "failed": True}, {"item": PROBES[1], "failed": False}]}
    assert apply_blame(PROBES, result, ["bind(192.168.0.67, 25) failed"], ["dovecot_listeners"]) == ["dovecot_listen"]


def test_blame_what_the_journal_names_when_the_service_did_not_start():
    failed_start = {"msg": "Unable to restart service dovecot"}
    journal = ["Error: bind(192.168.0.250, 110) failed: Cannot assign requested address"]
    assert apply_blame(PROBES, failed_start, journal, ["x"]) == ["dovecot_listen"]
    # a port alone (sshd: "Bind to port 25 on 0.0.0.0 failed"), never digits of a time or a pid
    assert apply_blame(PROBES, failed_start, ["error: Bind to port 25 on 0.0.0.0 failed"], ["x"]) == ["postfix_inet_interfaces"]
    assert apply_blame(PROBES, failed_start, ["02:10:25 pid 110"], ["a", "b", "a"]) == ["a", "b"]


def test_of_the_failed_probes_blame_those_the_journal_names():
    probes = (listen_probes(["192.168.0.250"], LAB, 25, "postfix_inet_interfaces")
              + listen_probes(["127.0.0.1"], LAB, 10465, "postfix_stunnel_backend"))
    result = {"results": [{"item": p, "failed": True} for p in probes]}
    journal = ["fatal: parameter inet_interfaces: no local interface found for 192.168.0.250"]
    assert apply_blame(probes, result, journal, []) == ["postfix_inet_interfaces"]
    assert apply_blame(probes, result, ["fatal: out of memory"], []) == ["postfix_inet_interfaces", "postfix_stunnel_backend"]
