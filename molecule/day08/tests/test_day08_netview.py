"""Day 8 from the lab network (labeval --target): the network view passes on the converged VM, and
Dovecot listening on the loopback only passes the VM view's POP3 login while the network view fails it,
naming the listen address."""

import re

from labtest import assert_netview_passes, config_with, lab_connect, labeval, mistake, netview, verdicts, wait_until

ADDRESS = "192.168.0.74"
CONF = "/etc/dovecot/dovecot.conf"


def test_network_view_passes_after_converge(host):
    assert_netview_passes(host, 8, {"8.41", "8.44", "8.60", "8.61"})


def test_loopback_only_dovecot_passes_inside_and_fails_from_the_lab(host):
    text = host.file(CONF).content_string
    assert re.search(r"^listen = ", text, re.M)
    with mistake(host, CONF, content=config_with(host, CONF, "listen", "127.0.0.1")):
        host.check_output("systemctl restart dovecot")
        wait_until("Dovecot refuses POP3 from the lab network", lambda: not lab_connect(ADDRESS, 110))
        loopback = "python3 -c 'import poplib; poplib.POP3(\"127.0.0.1\", 110, timeout=3)'"
        wait_until("Dovecot answers POP3 on the loopback", lambda: host.run(loopback).rc, lambda rc: rc == 0)
        inside = verdicts(labeval(host, "--day", "8"))
        outside = verdicts(netview(host, "--day", "8"))
    host.check_output("systemctl restart dovecot")
    wait_until("Dovecot answers POP3 from the lab network again", lambda: lab_connect(ADDRESS, 110))
    assert inside["8.44"]["status"] == "PASS", inside["8.44"]
    assert outside["8.44"]["status"] == "FAIL", outside["8.44"]
    assert "listen" in outside["8.44"]["reason"], outside["8.44"]["reason"]


def _lab_rcpt_code():
    """The answer to RCPT TO:<user1@example.com> for a client on the lab network (this machine)."""
    import smtplib

    with smtplib.SMTP(ADDRESS, 25, timeout=10) as smtp:
        smtp.ehlo("client.example.com")
        smtp.mail("lab@client.example.com")
        return smtp.rcpt("user1@example.com")[0]


def test_mail_accepted_from_the_vm_only_passes_inside_and_fails_from_the_lab(host):
    """Relay control made too tight (mynetworks the VM alone, then permit_mynetworks, reject for every
    recipient): the VM view, which talks SMTP to the lab address from the VM, still delivers; a lab client
    is refused even for local mail, and the network view names the restriction to fix."""
    main_cf = "/etc/postfix/main.cf"
    tight = config_with(host, main_cf, "mynetworks", "127.0.0.0/8 %s/32" % ADDRESS)
    tight += "smtpd_recipient_restrictions = permit_mynetworks, reject\n"
    with mistake(host, main_cf, content=tight):
        host.check_output("postfix check && postfix reload")
        # reload is asynchronous: wait until a fresh smtpd refuses the lab client.
        wait_until("Postfix refuses local mail from the lab network", _lab_rcpt_code, lambda code: code >= 500)
        inside = verdicts(labeval(host, "--day", "8"))
        outside = verdicts(netview(host, "--day", "8"))
    host.check_output("postfix reload")
    wait_until("Postfix accepts local mail from the lab network again", _lab_rcpt_code, lambda code: code == 250)
    assert inside["8.41"]["status"] == "PASS", inside["8.41"]
    assert outside["8.60"]["status"] == "FAIL", outside["8.60"]
    assert "smtpd_recipient_restrictions" in outside["8.60"]["reason"], outside["8.60"]["reason"]
