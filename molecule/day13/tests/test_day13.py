"""Day 13 verify, on both stunnel modes (standalone and under the superserver): a mail sent over
SMTPS (a full TLS handshake through stunnel) is read back over POP3S from Dovecot, the catalog
passes, relaying is refused to outsiders, and stunnel's [pop3s] mistake is refused by
listen_check before any restart while the running services keep answering. A Dovecot address the
VM lacks, and a stunnel section on such an address, are rolled back after the failed restart
(roles/lab/tasks/service_apply.yml). --check --diff on the converged VMs changes nothing."""

import poplib
import smtplib
import ssl
import uuid

import pytest

from labtest import (apply_and_wait, assert_all_pass, check_mode_changes, config_with, failed_ids, labeval, mistake,
                     run_playbook, verdicts)
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


def test_check_mode_on_the_converged_vm_changes_nothing(host):  # host: runs in file order, before the mistakes
    """--check --diff right after the converge, on both VMs at once: nothing to change (the fresh VMs'
    --check is the scenario's check step, before its converge)."""
    if mode(host) != "standalone":
        pytest.skip("one run covers both VMs")
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


def test_pop3s_section_is_refused_before_any_restart(host):
    if mode(host) != "standalone":
        pytest.skip("superserver mode: no stunnel daemon and no section to add")
    conf = "/etc/stunnel/smtps.conf"
    before = host.file(conf).sha256sum
    pid = host.check_output("systemctl show -p MainPID --value stunnel@smtps")
    rc, output = run_playbook("day13.yml", {"stunnel_extra_services": [
        {"name": "pop3s", "accept": 995, "connect": 110}]}, limit=host.backend.get_hostname())
    text = " ".join(output.split())
    assert rc != 0, output
    assert "995" in text and "dovecot" in text.lower(), output
    assert host.file(conf).sha256sum == before
    assert host.check_output("systemctl show -p MainPID --value stunnel@smtps") == pid
    # both services still answer over TLS
    subject = "after the refused change %s" % uuid.uuid4().hex
    mailclient.send(address(host), subject, tls=True)
    assert mailclient.fetch(address(host), subject, tls=True) is not None


def test_pop3s_section_written_by_hand_is_caught(host):
    if mode(host) != "standalone":
        pytest.skip("superserver mode: stunnel's inetd config has no sections")
    with mistake(host, "/etc/stunnel/smtps.conf", append="\n[pop3s]\naccept = 995\nconnect = 110\n"):
        report = labeval(host, "--day", "13")
    assert "13.3" in failed_ids(report)
    reason = verdicts(report)["13.3"]["reason"]
    assert "995" in reason and "dovecot" in reason.lower()


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


def _serves_again_and_leaves_nothing(host, conf_dir, playbook, limit):
    """After a rollback: SMTPS mail still goes round to POP3S, no backup file lies where the daemon reads,
    and the next run changes nothing."""
    subject = "after the rollback %s" % uuid.uuid4().hex
    mailclient.send(address(host), subject, tls=True)
    assert mailclient.fetch(address(host), subject, tls=True) is not None
    assert host.run("ls -A %s | grep -E '~$|\\.(bak|orig|new)$'" % conf_dir).stdout == ""
    rc, output = run_playbook(playbook, limit=limit)
    assert rc == 0 and "changed=0" in output, output[-3000:]


def test_a_dovecot_address_the_vm_lacks_is_rolled_back(host):
    """dovecot_listen names an address the VM does not have: doveconf accepts it, Dovecot does not
    start. The failed restart is caught: the dovecot.conf that served is put back, Dovecot restarted and
    probed, and the day 8 run fails naming dovecot_listen with Dovecot's own bind error. POP3 and POP3S
    answer from the host afterwards, and the next run changes nothing."""
    if mode(host) != "standalone":
        pytest.skip("one VM is enough: Dovecot is the same in both stunnel modes")
    conf = "/etc/dovecot/dovecot.conf"
    before = host.file(conf).sha256sum
    limit = host.backend.get_hostname()
    rc, output = run_playbook("day08.yml", {"dovecot_listen": ["192.168.0.250"]}, limit=limit)
    # The first net: the lab's port map refuses an address the VM lacks before anything changes.
    assert rc != 0 and "Check the lab's port map" in " ".join(output.split()), output[-3000:]
    # The second net, with the first skipped: the probe after the restart, and the rollback.
    rc, output = run_playbook("day08.yml", {"dovecot_listen": ["192.168.0.250"], "lab_check_ports": False},
                              limit=limit)
    text = " ".join(output.split())  # the callback wraps long lines
    assert rc != 0, output[-3000:]
    assert "dovecot_listen: dovecot did not serve after the change to %s (restarted)" % conf in text, output[-3000:]
    assert "dovecot serves it again" in text, output[-3000:]
    assert "Journal of dovecot" in text and "bind(192.168.0.250, 110) failed" in text, output[-3000:]
    assert host.file(conf).sha256sum == before
    client = poplib.POP3(address(host), 110, timeout=30)
    try:
        assert client.getwelcome().startswith(b"+OK")
    finally:
        client.quit()
    _serves_again_and_leaves_nothing(host, "/etc/dovecot", "day08.yml", limit)


def test_a_stunnel_section_on_an_address_the_vm_lacks_is_rolled_back(host):
    """An extra stunnel section accepts on an address the VM does not have: the role's checks and stunnel's
    own parser accept it, stunnel does not start ("Cannot assign requested address"). The probe after the
    restart (TLS, then the MTA's greeting, at every address of smtps) fails; the smtps.conf that served is
    put back, stunnel restarted and probed, and the run fails naming the section's variable with
    stunnel's own bind error. SMTPS answers from the host afterwards, and the next run changes nothing."""
    if mode(host) != "standalone":
        pytest.skip("superserver mode: stunnel's inetd config has no sections")
    conf = "/etc/stunnel/smtps.conf"
    before = host.file(conf).sha256sum
    limit = host.backend.get_hostname()
    extra = {"stunnel_extra_services": [{"name": "imaps2", "accept": "192.168.0.250:9993", "connect": 143}]}
    rc, output = run_playbook("day13.yml", extra, limit=limit)
    # The first net: the lab's port map refuses an address the VM lacks before anything changes.
    assert rc != 0 and "Check the lab's port map" in " ".join(output.split()), output[-3000:]
    assert host.file(conf).sha256sum == before
    # The second net, with the first skipped: the probe after the restart, and the rollback.
    rc, output = run_playbook("day13.yml", dict(extra, lab_check_ports=False), limit=limit)
    text = " ".join(output.split())  # the callback wraps long lines
    assert rc != 0, output[-3000:]
    assert ("stunnel_extra_services (imaps2): stunnel@smtps.service did not serve after the change to %s (restarted)"
            % conf) in text, output[-3000:]
    assert "stunnel@smtps.service serves it again: SMTP greeting through TLS at" in text, output[-3000:]
    assert "Journal of stunnel@smtps.service" in text, output[-3000:]
    assert "Binding service [imaps2] to 192.168.0.250:9993: Cannot assign requested address" in text, output[-3000:]
    assert host.file(conf).sha256sum == before
    assert host.service("stunnel@smtps").is_running
    _serves_again_and_leaves_nothing(host, "/etc/stunnel", "day13.yml", limit)
