"""Day 8 verify: the catalog passes, a message sent over SMTP from the lab network is read back
over POP3 and deleted, relaying is refused to clients outside mynetworks, and the classic mistakes
(open relay, delivery where Dovecot does not look) fail the exact check."""

import smtplib

import pytest

from labtest import (apply_and_wait, assert_all_pass, check_mode_changes, config_with, failed_ids,
                     labeval, mistake, reboot, verdicts)
import mailclient

ADDRESS = "192.168.0.74"
DAY8_CHECKS = 9  # Postfix track: 1-4 and 40-44
DAY6_CHECKS = 8
CONTAINER = "serverlab-m-day08"
MAIN_CF = "/etc/postfix/main.cf"


def test_catalog_passes_after_converge(host):
    assert_all_pass(labeval(host, "--day", "8"), DAY8_CHECKS)


def test_check_mode_on_the_converged_vm_changes_nothing(host):  # host: runs in file order, before the reboot
    """--check --diff right after the converge: nothing to change (the fresh VM's --check is the scenario's
    check step, before its converge)."""
    assert check_mode_changes("day08.yml") == {"serverlab-m-day08": []}


def test_smtp_to_pop3_from_the_lab_network():
    subject = "day 8 verify %s" % id(object())
    mailclient.send(ADDRESS, subject)
    text = mailclient.fetch(ADDRESS, subject)
    assert text is not None and "sent from the host side of the lab" in text
    # deleted on the server
    assert mailclient.fetch(ADDRESS, subject, delete=False, wait=0) is None


def test_a_wrong_pop3_password_is_refused():
    import poplib
    with pytest.raises(poplib.error_proto, match="Authentication failed"):
        mailclient.fetch(ADDRESS, "nothing", wait=0, password="not-the-password")


def _rcpt(address):
    server = smtplib.SMTP(ADDRESS, 25, timeout=30)
    try:
        server.ehlo("outside.example.net")
        server.mail("someone@outside.example.net")
        return server.rcpt(address)
    finally:
        server.quit()


def _relay_answer(code):
    """A probe for apply_and_wait: a fresh session's answer to a relay, until its code is `code`."""
    return {"probe": lambda: _rcpt("victim@example.net"), "ok": lambda reply: reply[0] == code}


def test_relay_is_refused_outside_mynetworks(host):
    # This machine (192.168.0.1) is in the lab network: narrow mynetworks to the loopback, so it
    # is a client from outside, and relaying must be refused while local delivery still works.
    # postfix reload is asynchronous (an smtpd of the old configuration may take the next session):
    # fresh sessions until one answers with the new rule, and again after the restore.
    try:
        with mistake(host, MAIN_CF, content=config_with(host, MAIN_CF, "mynetworks", "127.0.0.0/8")):
            outside = apply_and_wait(host, "postfix reload", "smtpd refuses to relay for 192.168.0.1 after "
                                     "mynetworks = 127.0.0.0/8", **_relay_answer(554))
            local = _rcpt("user1@example.com")
    finally:
        apply_and_wait(host, "postfix reload", "smtpd relays for the lab network again", **_relay_answer(250))
    assert b"Relay access denied" in outside[1], outside
    assert local[0] == 250, local


def test_open_relay_is_caught(host):
    with mistake(host, MAIN_CF, content=config_with(host, MAIN_CF, "mynetworks", "0.0.0.0/0")):
        report = labeval(host, "--day", "8")
    assert failed_ids(report) == ["8.3"]
    assert "0.0.0.0/0" in verdicts(report)["8.3"]["reason"]


# Delivery runs in local(8) processes the master keeps for a while: after a reload an old one may still
# deliver with the old home_mailbox. The test needs certainty, so Postfix restarts (every process new),
# and a fresh SMTP session proves it serves before the evaluator sends its mail.
RESTART_POSTFIX = "systemctl restart postfix"


def _smtp_banner():
    server = smtplib.SMTP(ADDRESS, 25, timeout=10)
    try:
        return server.noop()
    finally:
        server.quit()


def test_delivery_to_mbox_while_dovecot_reads_maildir_is_caught(host):
    try:
        with mistake(host, MAIN_CF, content=config_with(host, MAIN_CF, "home_mailbox", "")):
            apply_and_wait(host, RESTART_POSTFIX, "Postfix answers on port 25 after its restart", _smtp_banner,
                           lambda reply: reply[0] == 250)
            report = labeval(host, "--day", "8")
    finally:
        apply_and_wait(host, RESTART_POSTFIX, "Postfix answers on port 25 after its restart", _smtp_banner,
                       lambda reply: reply[0] == 250)
    assert failed_ids(report) == ["8.42"]
    assert "went to /var/mail/user1" in verdicts(report)["8.42"]["reason"]
    host.check_output("rm -f /var/mail/user1")


# A reboot (docker restart: systemd halts and boots again), graded with no re-run of the playbooks.
def test_a_service_not_enabled_at_boot_is_caught_after_a_reboot(host):
    host.check_output("systemctl disable dovecot")
    try:
        reboot(host, CONTAINER)
        report = labeval(host, "--day", "6,8")
    finally:
        host.check_output("systemctl enable --now dovecot")
    assert "6.8" in failed_ids(report)  # and the POP3 checks of day 8: nothing answers on 110
    assert "dovecot (day 8) is disabled: systemctl enable dovecot" in verdicts(report)["6.8"]["reason"]


def test_a_reboot_brings_every_service_back(host):
    assert reboot(host, CONTAINER) == "running", host.run("systemctl --failed").stdout
    # Day 6 too: the engine rewrote /etc/resolv.conf at the start, with the lab's search domain.
    assert_all_pass(labeval(host, "--day", "6,8"), DAY6_CHECKS + DAY8_CHECKS)
    test_smtp_to_pop3_from_the_lab_network()
