"""The filters of roles/lab/tasks/service_apply.yml: where a client reaches a service, and which
variable a failed change names."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading

from ansible_collections.serverlab.course.plugins.filter.service_apply import apply_blame, listen_probes, listens_probes, probe_hosts

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


def test_listens_probes_follow_the_role_claims():
    listens = [
        {"service": "mysql", "port": "3306", "address": LAB, "var": "mysql_port", "address_var": "mysql_bind_address",
         "lab": True},
        {"service": "smb", "port": 445, "address": ["127.0.0.1", LAB + "/24"], "var": "samba_interfaces"},
        {"service": "netbios-ns", "port": 137, "proto": "udp", "address": LAB, "var": "samba_interfaces"},
        {"service": "off", "port": 9, "var": "x", "enabled": "False"},
        {"service": "pop3s", "listen": "995", "var": "stunnel_extra_services (pop3s)"},
        {"service": "ntp", "port": 123, "proto": "udp", "address": "0.0.0.0", "var": "chrony_serve"},
    ]
    probes = listens_probes(listens, LAB, {"mysql": {"banner": "MariaDB"}, "ntp": {"client": "ntp"}}, python="/usr/bin/python3")
    assert [(p["host"], p["port"], p["var"]) for p in probes] == [
        (LAB, 3306, "mysql_port"), ("127.0.0.1", 445, "samba_interfaces"), (LAB, 445, "samba_interfaces"),
        (LAB, 995, "stunnel_extra_services (pop3s)"), ("127.0.0.1", 995, "stunnel_extra_services (pop3s)"),
        (LAB, 123, "chrony_serve"), ("127.0.0.1", 123, "chrony_serve")]
    mysql, smb = probes[0], probes[1]
    assert mysql["address_var"] == "mysql_bind_address" and mysql["banner"] == "MariaDB"
    assert mysql["what"] == "mysql at %s:3306" % LAB and "address_var" not in smb and "banner" not in smb
    ntp = probes[-1]
    assert ntp["command"][:2] == ["/usr/bin/python3", "-c"] and ntp["command"][3:] == ["127.0.0.1", "123"]
    assert ntp["expect"] == "^NTP mode 4 "
    assert listens_probes([], LAB) == [] and listens_probes([{"service": "x", "port": 0, "var": "v"}], LAB) == []


def _run_client(name, port):
    (probe,) = listen_probes(["127.0.0.1"], LAB, port, "v", client=name, python=sys.executable)
    return subprocess.run(probe["command"], capture_output=True, text=True, timeout=30, check=False), probe


def test_the_ntp_client_asks_a_real_question():
    server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    server.bind(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def answer():
        data, peer = server.recvfrom(512)
        # a server's reply only to a version 4 client request (mode 3)
        if data[0] & 7 == 3 and (data[0] >> 3) & 7 == 4 and len(data) == 48:
            server.sendto(bytes([0x24, 10]) + bytes(46), peer)

    thread = threading.Thread(target=answer)
    thread.start()
    proc, probe = _run_client("ntp", port)
    thread.join(10)
    server.close()
    assert proc.returncode == 0 and __import__("re").search(probe["expect"], proc.stdout), proc
    # nobody answers: the probe fails
    proc, _server = _run_client("ntp", port)
    assert proc.returncode != 0


def test_the_tls_client_reads_the_greeting_through_tls(tmp_path):
    import ssl
    key, cert = tmp_path / "k.pem", tmp_path / "c.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=h2g.example.com"], check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key))
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]

    def answer():
        conn, _peer = server.accept()
        with context.wrap_socket(conn, server_side=True) as tls:
            tls.sendall(b"220 h2g.example.com ESMTP\r\n")

    thread = threading.Thread(target=answer)
    thread.start()
    proc, _server = _run_client("tls", port)
    thread.join(10)
    server.close()
    assert proc.returncode == 0 and proc.stdout.startswith("220 h2g.example.com ESMTP"), proc
    proc, _server = _run_client("tls", port)  # closed: refused
    assert proc.returncode != 0


def test_blame_the_address_or_the_port_of_a_two_variable_claim():
    (probe,) = listens_probes([{"service": "mysql", "port": 3306, "address": "192.168.0.250", "var": "mysql_port",
                                "address_var": "mysql_bind_address"}], LAB)
    failed = {"results": [{"item": probe, "failed": True}]}
    address = ["[ERROR] Can't start server: Bind on TCP/IP port. Got error: 99: Cannot assign requested address"]
    in_use = ["[ERROR] Can't start server: Bind on TCP/IP port. Got error: 98: Address already in use"]
    assert apply_blame([probe], failed, address, []) == ["mysql_bind_address"]
    assert apply_blame([probe], failed, in_use, []) == ["mysql_port"]
    assert apply_blame([probe], failed, ["out of memory"], []) == ["mysql_bind_address", "mysql_port"]
