"""Day 13: 13.7 (the SSL settings in force) never passes on evidence it did not find: a stopped
Dovecot fails it, and so does a changed file Dovecot reads through an include (conf.d)."""

from labtest import failed_ids, lab_connect, labeval, verdicts, wait_until


def test_ssl_check_fails_while_dovecot_is_stopped(host):
    host.check_output("systemctl stop dovecot")
    try:
        report = labeval(host, "--day", "13")
    finally:
        host.check_output("systemctl start dovecot")
        address = host.ansible.get_variables()["lab_address"]
        wait_until("Dovecot answers POP3S from the lab network again", lambda: lab_connect(address, 995))
        # Postfix's submission offers AUTH only once its smtpd reaches Dovecot's auth socket again (13.10).
        wait_until("submission offers AUTH after STARTTLS again (13.10)",
                   lambda: verdicts(labeval(host, "--day", "13"))["13.10"]["status"] == "PASS")
    assert "13.7" in failed_ids(report)
    reason = verdicts(report)["13.7"]["reason"]
    assert "not running" in reason and "journalctl -u dovecot" in reason, reason


def test_ssl_check_sees_a_changed_include(host):
    path = "/etc/dovecot/conf.d/99-labtest.conf"
    host.check_output("printf '# a trainee edit after the last restart\\n' > %s && touch -d '+1 minute' %s"
                      % (path, path))
    try:
        report = labeval(host, "--day", "13")
    finally:
        host.check_output("rm -f %s" % path)
    assert failed_ids(report) == ["13.7"]
    assert path + " (dovecot)" in verdicts(report)["13.7"]["reason"]
