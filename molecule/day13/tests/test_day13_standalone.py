"""Day 13 verify on the standalone stunnel instance only (testinfra_hosts): stunnel's [pop3s] mistake is
refused by listen_check before any restart while the services keep answering, a hand-written one is caught,
and a Dovecot address or a stunnel section on an address the VM lacks is rolled back after the failed
restart (roles/lab/tasks/service_apply.yml). The superserver instance has no stunnel daemon and no
sections, and Dovecot is the same in both modes."""

import poplib
import uuid

from labtest import failed_ids, labeval, mistake, run_playbook, verdicts
import mailclient

testinfra_hosts = ["ansible://serverlab-m-day13"]


def address(host):
    return host.ansible.get_variables()["lab_address"]


def test_pop3s_section_is_refused_before_any_restart(host):
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
    with mistake(host, "/etc/stunnel/smtps.conf", append="\n[pop3s]\naccept = 995\nconnect = 110\n"):
        report = labeval(host, "--day", "13")
    assert "13.3" in failed_ids(report)
    reason = verdicts(report)["13.3"]["reason"]
    assert "995" in reason and "dovecot" in reason.lower()


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
