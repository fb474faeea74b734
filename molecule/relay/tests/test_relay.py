"""The mail system split across hosts (issue 16), with real SMTP, POP3 and DNS from this machine (the
outside client, 192.168.0.1): the relay (MX 10) takes the domain's mail and hands it to the store by its
route, the store sends outgoing mail through the relay (its smart host), the relays relay for the store
only and store nothing, the store takes mail from the relays and the lab only, VRFY is refused at the edge,
the backup relay (MX 20) queues while the store is down, and with the primary relay stopped mail sent
by the MX order still arrives, once.

Tests run in file order: the primary relay is stopped in the last one."""

import json
import smtplib
import socket
import subprocess
import uuid

import pytest
import testinfra
from day07_helpers import dig
from labtest import (apply_and_wait, assert_all_pass, assert_netview_passes, check_mode_changes, config_with,
                     failed_ids, lab_connect, labeval, mistake, netview, verdicts, wait_until)
import mailclient

STORE, RELAY, BACKUP = "192.168.0.30", "192.168.0.31", "192.168.0.32"
CONTAINERS = {STORE: "serverlab-m-relay-store", RELAY: "serverlab-m-relay-mx1", BACKUP: "serverlab-m-relay-mx2"}
STORE_CHECKS = 8 + 13 + 9 + 3  # days 6, 7 (BIND) and 8 (Postfix track, and the store's 8.50, 8.51, 8.56)
# An edge host of the course plan: day 6's checks for every VM and the relays' 8.52-8.55, nothing else.
RELAY_CHECKS = ["6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.7", "6.8", "8.52", "8.53", "8.54", "8.55"]
RELAY_NET_CHECKS = ["6.60", "8.52", "8.53", "8.55"]
STORE_NET_CHECKS = ["8.41", "8.44", "8.60", "8.61", "8.62"]
MAIN_CF = "/etc/postfix/main.cf"
# A source outside the lab network and no relay: a second address the store gives itself on lo.
OUTSIDER = "10.99.0.30"


def on(address):
    return testinfra.get_host("docker://" + CONTAINERS[address])


def subject():
    return "relay verify %s" % uuid.uuid4().hex


def greets(address):
    server = smtplib.SMTP(address, 25, timeout=5)
    try:
        return server.noop()[0]
    finally:
        server.close()


def rcpt(address, recipient, sender="someone@outside.example.net"):
    server = smtplib.SMTP(address, 25, timeout=30)
    try:
        server.ehlo("client.example.com")
        server.mail(sender)
        return server.rcpt(recipient)
    finally:
        server.quit()


def queue(address):
    """The Postfix queue of a host, one dict per message (postqueue -j)."""
    out = on(address).check_output("postqueue -j")
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def queued_for(address, recipient):
    return [m for m in queue(address) if any(r["address"] == recipient for r in m["recipients"])]


def received(text):
    """The Received: headers of a message, top (last hop) first, unfolded."""
    headers, current = [], None
    for line in text.split("\n\n", 1)[0].splitlines():
        if line[:1] in (" ", "\t") and current is not None:
            headers[current] += " " + line.strip()
        elif line.lower().startswith("received:"):
            headers.append(line)
            current = len(headers) - 1
        else:
            current = None
    return headers


def test_check_mode_on_the_converged_vms_changes_nothing():
    changes = check_mode_changes("../molecule/relay/converge.yml")
    assert changes == dict((name, []) for name in CONTAINERS.values()), changes


def test_store_waits_for_mail_through_a_relay_then_passes():
    """8.56 is the trainee's own step: until a mail from outside came through a relay it is not done yet."""
    report = labeval(on(STORE), "--day", "6,7,8")
    assert failed_ids(report) == ["8.56"] and verdicts(report)["8.56"].get("pending"), verdicts(report)["8.56"]
    title = subject()
    mailclient.send(RELAY, title)
    assert mailclient.fetch(STORE, title, delete=False) is not None  # kept: the store's proof
    report = labeval(on(STORE), "--day", "6,7,8")
    assert_all_pass(report, STORE_CHECKS)
    assert "[%s]" % RELAY in " ".join(verdicts(report)["8.56"]["evidence"])


def test_store_network_view_sends_by_the_mx_order():
    """From the lab, the store's day 8 passes, and a mail sent the way an MTA sends it (MX 10 first) arrives
    through the primary relay."""
    report = assert_netview_passes(on(STORE), 8, STORE_NET_CHECKS, address=STORE)
    evidence = " ".join(verdicts(report)["8.62"]["evidence"])
    assert "MX 10 relay.example.com %s: ok" % RELAY in evidence and "failover" not in evidence, evidence


@pytest.mark.parametrize("address", [RELAY, BACKUP])
def test_relay_catalog_passes_in_both_views(address):
    """labeval on a relay grades the relay's checks (not the single host's mailboxes), and so does the
    network view: a mail through it read back at the store, Relay access denied, VRFY refused."""
    report = labeval(on(address))
    assert_all_pass(report, len(RELAY_CHECKS))
    assert sorted(r["id"] for r in report["results"]) == sorted(RELAY_CHECKS)
    net = assert_netview_passes(on(address), 8, RELAY_NET_CHECKS, "--day", "6", address=address)
    assert sorted(r["id"] for r in net["results"]) == sorted(RELAY_NET_CHECKS)


@pytest.mark.parametrize("name, value, check, reason", [
    ("transport_maps", "", "8.52", "the relay has no route for example.com"),
    ("relay_domains", "", "8.52", "relay_domains does not name example.com"),
    ("mynetworks", "127.0.0.0/8 192.168.0.0/24", "8.53", "mynetworks has 192.168.0.0/24, beyond the loopback"),
    ("smtpd_relay_restrictions", "permit", "8.53", "smtpd_relay_restrictions is 'permit'"),
    ("mydestination", "$mydomain", "8.54", "mydestination names example.com on the relay"),
    ("local_transport", "local:$myhostname", "8.54", "local_transport is 'local:relay.example.com'"),
    ("disable_vrfy_command", "no", "8.55", "disable_vrfy_command is 'no'"),
])
def test_relay_mistakes_are_caught(name, value, check, reason):
    relay = on(RELAY)
    with mistake(relay, MAIN_CF, content=config_with(relay, MAIN_CF, name, value)):
        report = labeval(relay, "--day", "8")
    assert failed_ids(report) == [check], verdicts(report)
    assert reason in verdicts(report)[check]["reason"]


def test_relay_mistakes_are_caught_from_the_network():
    """The network view sees what a lab client sees: VRFY answered, relaying opened, the route broken."""
    relay = on(RELAY)
    broken = config_with(relay, MAIN_CF, "disable_vrfy_command", "no")
    broken = broken.replace("\nmynetworks = 127.0.0.0/8 192.168.0.30/32\n", "\nmynetworks = 127.0.0.0/8 192.168.0.0/24\n")
    assert "192.168.0.0/24" in broken
    with mistake(relay, MAIN_CF, content=broken):
        apply_and_wait(relay, "postfix reload", "the relay answers VRFY",
                       lambda: netview(relay, "--day", "8", address=RELAY), lambda r: failed_ids(r) == ["8.53", "8.55"])
        report = netview(relay, "--day", "8", address=RELAY)
        assert "relays mail for other domains" in verdicts(report)["8.53"]["reason"]
        assert "answers VRFY" in verdicts(report)["8.55"]["reason"]
    relay.check_output("postfix reload")
    # The route to a host that is not the store: the mail does not reach the store's POP3.
    route = relay.file("/etc/postfix/transport").content_string
    with mistake(relay, "/etc/postfix/transport", content=route.replace("[%s]" % STORE, "[192.168.0.99]")):
        # A restart, not a reload: no trivial-rewrite of the old table may route the probe's mail.
        relay.check_output("postmap /etc/postfix/transport && systemctl restart postfix")
        wait_until("the relay greets again", lambda: greets(RELAY), lambda code: code == 250)
        report = netview(relay, "--day", "8", address=RELAY, timeout=5)
        assert failed_ids(report) == ["8.52"], verdicts(report)
        assert "did not reach the mail store 192.168.0.30" in verdicts(report)["8.52"]["reason"]
    relay.check_output("postmap /etc/postfix/transport && postsuper -d ALL && systemctl restart postfix")
    wait_until("the relay greets again", lambda: greets(RELAY), lambda code: code == 250)


@pytest.mark.parametrize("name, value, check, reason", [
    ("relayhost", "", "8.50", "relayhost is empty"),
    ("relayhost", "[192.168.0.30]", "8.50", "which is no relay of the lab (192.168.0.31, 192.168.0.32)"),
    ("smtpd_client_restrictions", "", "8.51", "takes mail from anyone who reaches port 25"),
])
def test_store_mistakes_are_caught(name, value, check, reason):
    store = on(STORE)
    with mistake(store, MAIN_CF, content=config_with(store, MAIN_CF, name, value)):
        report = labeval(store, "--day", "8")
    assert failed_ids(report) == [check]
    assert reason in verdicts(report)[check]["reason"]


def test_dns_serves_mx_10_and_20_and_every_host():
    status, _flags, answers = dig(STORE, "example.com", "MX")
    assert status == "NOERROR"
    assert sorted(a[2] for a in answers) == ["10 relay.example.com.", "20 relay2.example.com."]
    for name, address in (("relay", RELAY), ("relay2", BACKUP), ("h2g", STORE)):
        assert dig(STORE, "%s.example.com" % name, "A")[2] == [("%s.example.com." % name, "A", address)]
        ptr = dig(STORE, "-x", address)[2]
        assert [a[2] for a in ptr] == ["%s.example.com." % name]


def test_mail_from_outside_reaches_the_store_through_the_relay():
    title = subject()
    mailclient.send(RELAY, title)
    text = mailclient.fetch(STORE, title)
    assert text is not None, "mail sent to the relay never reached user1's Maildir on the store"
    hops = received(text)
    # Top first: the store took it from the relay, the relay from this machine.
    assert "by h2g.example.com" in hops[0] and "[%s]" % RELAY in hops[0], hops
    assert "by relay.example.com" in hops[1] and "[192.168.0.1]" in hops[1], hops


def test_the_relays_store_nothing_locally():
    for address in (RELAY, BACKUP):
        relay = on(address)
        assert relay.run("find /home/user1/Maildir /var/mail -type f 2>/dev/null").stdout == ""
        code, reply = rcpt(address, "root@%s.example.com" % ("relay" if address == RELAY else "relay2"))
        assert code == 554 and b"Relay access denied" in reply, (code, reply)
        assert wait_until("%s has handed every message on" % address, lambda: queue(address), lambda q: q == []) == []


@pytest.mark.parametrize("address", [RELAY, BACKUP])
def test_the_relays_refuse_relaying_for_anyone_but_the_store(address):
    code, reply = rcpt(address, "victim@example.net")
    assert code == 554 and b"Relay access denied" in reply, (code, reply)
    assert rcpt(address, "user1@example.com")[0] == 250


@pytest.mark.parametrize("address", [RELAY, BACKUP])
def test_vrfy_is_refused_at_the_edge(address):
    server = smtplib.SMTP(address, 25, timeout=30)
    try:
        code, reply = server.verify("user1")
    finally:
        server.quit()
    assert code == 502 and b"VRFY command is disabled" in reply, (code, reply)


def test_store_sends_outgoing_mail_through_the_relay():
    """No route out of the lab: the proof is the store handing the message to the relay (its log) and the
    relay taking it (the same queue id in its log)."""
    store, recipient = on(STORE), "probe-%s@outside.invalid" % uuid.uuid4().hex
    store.check_output("printf 'Subject: outgoing\\n\\nfrom the store\\n' | sendmail -f user1@example.com %s" % recipient)

    def sent():
        return store.run("journalctl -o cat --no-pager SYSLOG_IDENTIFIER=postfix/smtp | grep -F 'to=<%s>'"
                         % recipient).stdout
    line = wait_until("the store's smtp client hands %s on" % recipient, sent, lambda out: "status=sent" in out)
    assert "relay=%s[%s]:25" % (RELAY, RELAY) in line, line
    queue_id = line.split("queued as ")[1].split(")")[0].strip()
    relay_log = on(RELAY).run("journalctl -o cat --no-pager | grep -F '%s:'" % queue_id).stdout
    assert "to=<%s>" % recipient in relay_log and "client=" in relay_log and "[%s]" % STORE in relay_log, relay_log


def test_store_refuses_mail_from_outside_the_relays_and_the_lab():
    store = on(STORE)
    store.check_output("ip addr add %s/32 dev lo" % OUTSIDER)
    try:
        out = store.check_output(
            "python3 -c \"import smtplib; s = smtplib.SMTP('%s', 25, timeout=30, source_address=('%s', 0)); "
            "s.ehlo('stranger.example.org'); s.mail('x@stranger.example.org'); print(s.rcpt('user1@example.com'))\""
            % (STORE, OUTSIDER))
    finally:
        store.check_output("ip addr del %s/32 dev lo" % OUTSIDER)
    assert out.startswith("(554") and "Client host rejected: Access denied" in out, out
    # This machine is in the lab: the same mail from here is taken.
    assert rcpt(STORE, "user1@example.com")[0] == 250


def test_backup_relay_queues_while_the_store_is_down():
    store, backup, title = on(STORE), on(BACKUP), subject()
    store.check_output("systemctl stop postfix")
    try:
        # Every smtpd of the store gone (none left accepting on the shared socket): port 25 refuses.
        wait_until("the store refuses SMTP", lambda: lab_connect(STORE, 25), lambda open_: not open_)
        mailclient.send(BACKUP, title, sender="queued@client.example.com")
        try:
            waiting = wait_until("the backup relay keeps the mail while the store is down",
                                 lambda: [m for m in queue(BACKUP) if m["sender"] == "queued@client.example.com"],
                                 lambda found: found and found[0]["queue_name"] == "deferred")
        except AssertionError as exc:
            raise AssertionError("%s\nthe backup relay's log:\n%s" % (exc, backup.run(
                "journalctl -o cat --no-pager -n 40 SYSLOG_FACILITY=2").stdout))
        assert len(waiting) == 1
    finally:
        store.check_output("systemctl start postfix")
    wait_until("the store greets again", lambda: greets(STORE), lambda code: code == 250)
    backup.check_output("postqueue -f")  # the administrator's "try now" (Postfix retries by itself later)
    assert mailclient.fetch(STORE, title, wait=60) is not None
    assert mailclient.fetch(STORE, title, wait=0) is None  # once


def mx_order():
    """The domain's mail exchangers by preference, from the lab's DNS, as a sending MTA finds them."""
    answers = dig(STORE, "example.com", "MX")[2]
    targets = [a[2].split() for a in answers]
    return [dig(STORE, name, "A")[2][0][2] for _pref, name in sorted(targets, key=lambda t: int(t[0]))]


def send_by_mx(title):
    """Try each MX in order, as an MTA does; returns the address that took the mail."""
    tried = []
    for address in mx_order():
        try:
            mailclient.send(address, title)
            return address, tried
        except (OSError, smtplib.SMTPException) as exc:
            tried.append((address, type(exc).__name__))
    raise AssertionError("no MX took the mail: %s" % tried)


def test_with_the_primary_relay_stopped_mail_arrives_once_through_the_backup():
    subprocess.run(["docker", "stop", CONTAINERS[RELAY]], check=True, capture_output=True, timeout=120)
    try:
        with pytest.raises(OSError):
            socket.create_connection((RELAY, 25), timeout=3).close()
        title = subject()
        took, tried = send_by_mx(title)
        assert took == BACKUP and [t[0] for t in tried] == [RELAY], (took, tried)
        text = mailclient.fetch(STORE, title, wait=60)
        assert text is not None and "by relay2.example.com" in " ".join(received(text)), text
        assert mailclient.fetch(STORE, title, wait=0) is None  # once
        assert wait_until("the backup relay has handed the mail on", lambda: queue(BACKUP), lambda q: q == []) == []
        # The grader sees the failover from the lab: the store's 8.62 passes through MX 20.
        report = netview(on(STORE), "--day", "8", address=STORE)
        assert verdicts(report)["8.62"]["status"] == "PASS", verdicts(report)["8.62"]
        assert ("failover: MX 10 relay.example.com did not take the mail, MX 20 relay2.example.com did"
                in verdicts(report)["8.62"]["evidence"]), verdicts(report)["8.62"]
    finally:
        subprocess.run(["docker", "start", CONTAINERS[RELAY]], check=True, capture_output=True, timeout=120)
        wait_until("the primary relay greets again", lambda: greets(RELAY), lambda code: code == 250, timeout=120)
    # Back: the primary takes the domain's mail again, and has kept no copy of anything.
    assert queue(RELAY) == []
    assert send_by_mx(subject())[0] == RELAY
