"""Day 13 verify, on both stunnel modes (standalone and under the superserver): a mail sent over
SMTPS (a full TLS handshake through stunnel) is read back over POP3S from Dovecot, the catalog
passes, relaying is refused to outsiders, and --check --diff on the converged VMs changes nothing.
The standalone instance's own mistakes and rollbacks: test_day13_standalone.py."""

import smtplib
import ssl
import uuid

from labtest import (apply_and_wait, assert_all_pass, check_mode_changes, config_with, failed_ids, labeval, mistake,
                     verdicts)
import mailclient

DAY13_CHECKS = 11


def address(host):
    return host.ansible.get_variables()["lab_address"]


def mode(host):
    return host.ansible.get_variables()["lab_stunnel_mode"]


def test_smtps_to_pop3s_roundtrip(host):
    subject = "day 13 verify %s" % uuid.uuid4().hex
    mailclient.send(address(host), subject, tls=True)
    text = mailclient.fetch(address(host), subject, tls=True)
    assert text is not None and "sent from the host side of the lab" in text


def test_catalog_passes_after_a_client_session(host):
    # 13.6 reads stunnel's log for a mail client's clean session: the round trip above made one.
    assert_all_pass(labeval(host, "--day", "13"), DAY13_CHECKS)
    evidence = " ".join(verdicts(labeval(host, "--day", "13"))["13.6"]["evidence"])
    assert "192.168.0.1" in evidence


def test_check_mode_on_the_converged_vms_changes_nothing():  # no host: runs once, in file order before the mistakes
    """--check --diff right after the converge, on both VMs at once: nothing to change (the fresh VMs'
    --check is the scenario's check step, before its converge)."""
    assert check_mode_changes("day13.yml") == {"serverlab-m-day13": [], "serverlab-m-day13-inetd": []}


def test_the_right_daemon_serves_465(host):
    owners = host.check_output("ss -H -ltnp 'sport = :465'")
    if mode(host) == "standalone":
        assert "stunnel" in owners and "xinetd" not in owners
    else:
        assert "xinetd" in owners and "stunnel" not in owners


def _smtps_rcpt(host, login=False):
    context = mailclient.pinned_context(address(host), 465)
    server = smtplib.SMTP_SSL(address(host), 465, timeout=30, context=context)
    try:
        server.ehlo("outside.example.net")
        if login:
            server.login(mailclient.USER, mailclient.PASSWORD)
        server.mail("someone@outside.example.net")
        reply = server.rcpt("victim@example.net")
        server.rset()  # nothing is ever sent
    finally:
        server.quit()
    return reply


def test_smtps_relays_only_for_logged_in_clients(host):
    # stunnel's connections all come from 127.0.0.1: its smtpd must not trust mynetworks, or
    # SMTPS would relay for anyone who reaches 465.
    refused = _smtps_rcpt(host)
    assert refused[0] == 554 and b"Relay access denied" in refused[1], refused
    accepted = _smtps_rcpt(host, login=True)
    assert accepted[0] == 250, accepted


def _restart_stunnel(host, relays):
    """Standalone: restart stunnel and wait until a fresh SMTPS session shows the change (systemctl restart
    returns before stunnel listens). Under the superserver every session starts a new stunnel anyway."""
    command = "systemctl restart stunnel@smtps" if mode(host) == "standalone" else "true"
    apply_and_wait(host, command, "SMTPS on 465 %s for an outsider" % ("relays" if relays else "refuses to relay"),
                   lambda: _smtps_rcpt(host), lambda reply: (reply[0] == 250) == relays)


def test_an_open_relay_through_stunnel_is_caught(host):
    # The trap itself: stunnel pointed at port 25, where 127.0.0.1 is in mynetworks.
    conf = "/etc/stunnel/smtps.conf" if mode(host) == "standalone" else "/etc/stunnel/smtps-inetd.conf"
    try:
        with mistake(host, conf, content=config_with(host, conf, "connect", "127.0.0.1:25")):
            _restart_stunnel(host, relays=True)
            report = labeval(host, "--day", "13")
    finally:
        _restart_stunnel(host, relays=False)
    assert "13.11" in failed_ids(report)
    assert "127.0.0.1" in verdicts(report)["13.11"]["reason"]


def test_an_untrusted_certificate_is_what_clients_see(host):
    # The lab's certificate is self-signed: a client that verifies against the system CAs refuses
    # it (the course's certificate prompt); pinning that certificate (mailclient) is what works.
    context = ssl.create_default_context()
    try:
        smtplib.SMTP_SSL(address(host), 465, timeout=30, context=context).quit()
        verified = True
    except ssl.SSLCertVerificationError:
        verified = False
    assert verified is False
