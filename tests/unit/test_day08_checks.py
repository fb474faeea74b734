"""Day 8 checks on fake trees and fake commands: both MTA tracks pass on a good lab and fail, with
the fix in the reason, for the trainees' mistakes (open relay, stale aliases, mail delivered where
Dovecot does not look, two MTAs on port 25)."""

from __future__ import annotations

import os

import pytest

from ansible_collections.serverlab.course.plugins.module_utils import catalog
from ansible_collections.serverlab.course.plugins.module_utils.checks import day08, mailprobe, providers
from labtree import fails
from mailtree import Fake, MailLab, POSTCONF, SS, SS_QMAIL


@pytest.fixture
def lab(tmp_path):
    return MailLab(tmp_path / "lab")


@pytest.fixture(autouse=True)
def quick(monkeypatch):
    monkeypatch.setattr(day08, "DELIVERY_WAIT", 0.3)
    monkeypatch.setattr(day08, "POLL", 0.05)


def run(lab, check, fake=None, module=day08, **config):
    return getattr(module, check)(lab.ctx(runner=fake or Fake(lab), **config))


def qmail_config(**more):
    config = {"tracks": {"mta": "qmail"}}
    config.update(more)
    return config


# ---------------------------------------------------------------- catalog

def test_numbers_and_tracks():
    ids = [(c.id, c.item, c.track) for c in catalog.DAYS[8].checks]
    assert ("8.1", "postfix/running", ("mta", "postfix")) in ids
    assert ("8.21", "qmail/running", ("mta", "qmail")) in ids
    assert ("8.40", "mta/one-on-25", None) in ids
    assert ("8.50", "store/smart-host", ("mail", "store")) in ids
    assert ("8.52", "relay/route", ("mail", ("relay", "backup-relay"))) in ids
    # Every track's checks: 13 of the single host's tracks, the mail store's 3 and the relays' 4 (lab_mail_hosts).
    assert len(set(c.num for c in catalog.DAYS[8].checks)) == len(ids) == 13 + 3 + 4


# ---------------------------------------------------------------- a good lab passes everything

@pytest.mark.parametrize("name", ["check_postfix_running", "check_postfix_config", "check_postfix_relay",
                                  "check_postfix_aliases", "check_smtp_answers", "check_delivery",
                                  "check_dovecot_store", "check_pop3"])
def test_good_postfix_lab_passes(lab, name):
    result = run(lab, name)
    assert result.status == "PASS", result


def test_one_mta_passes_on_postfix(lab):
    fake = Fake(lab)
    fake.answers.pop(("svstat", "/etc/service/qmail-send"))
    fake.answers.pop(("svstat", "/etc/service/qmail-smtpd"))
    assert providers.check_one_mta(lab.ctx(runner=fake)).status == "PASS"


def test_good_qmail_lab_passes(lab):
    lab.compile_rules()
    fake = Fake(lab, answers=dict(Fake(lab).answers))
    fake.answers[("ss", "-H", "-ltnp")] = (0, SS_QMAIL, "")
    fake.answers[("postfix", "status")] = (1, "", "postfix/postfix-script: the Postfix mail system is not running\n")
    ctx = lab.ctx(runner=fake, **qmail_config())
    for name in ("check_qmail_running", "check_qmail_control", "check_qmail_relay", "check_qmail_aliases"):
        assert getattr(day08, name)(ctx).status == "PASS", name
    assert providers.check_one_mta(ctx).status == "PASS"


# ---------------------------------------------------------------- mistakes

def test_two_mtas_on_port_25_fail_naming_both_and_the_fix(lab):
    result = providers.check_one_mta(lab.ctx(runner=Fake(lab)))
    fails(result, "postfix and qmail", "run at once for port 25", "playbooks/qmail.yml", "svc -d")


def test_wrong_mta_for_the_track(lab):
    fake = Fake(lab)
    fake.answers.pop(("svstat", "/etc/service/qmail-send"))
    fake.answers.pop(("svstat", "/etc/service/qmail-smtpd"))
    fails(providers.check_one_mta(lab.ctx(runner=fake, **qmail_config())), "postfix runs", "track is qmail")


def test_postfix_running_while_a_client_is_connected(lab):
    """ss lists the smtpd child of a live SMTP session before master: still Postfix on port 25 (seen on a
    lab VM right after a mail was sent)."""
    fake = Fake(lab)
    fake.answers[("ss", "-H", "-ltnp")] = (0, SS.replace(
        'users:(("master",pid=900,fd=13))', 'users:(("smtpd",pid=7928,fd=6),("master",pid=900,fd=13))'), "")
    result = run(lab, "check_postfix_running", fake)
    assert result.status == "PASS", result
    assert "port 25: master, smtpd" in result.evidence, result


def test_postfix_not_on_25_when_only_another_program_holds_it(lab):
    fake = Fake(lab)
    fake.answers[("ss", "-H", "-ltnp")] = (0, SS.replace('(("master",pid=900,fd=13))', '(("nc",pid=5,fd=3))'), "")
    fails(run(lab, "check_postfix_running", fake), "does not listen on port 25")


def test_postfix_down(lab):
    fake = Fake(lab)
    fake.answers[("postfix", "status")] = (1, "", "postfix/postfix-script: the Postfix mail system is not running\n")
    fails(run(lab, "check_postfix_running", fake), "not running", "systemctl enable --now postfix")


def test_domain_not_local(lab):
    fake = Fake(lab)
    fake.answers[("postconf", "myhostname", "mydomain", "mydestination")] = (
        0, "myhostname = h2g.example.com\nmydomain = example.com\nmydestination = $myhostname, localhost\n", "")
    fails(run(lab, "check_postfix_config", fake), "@example.com is not delivered here", "mydestination")


def test_postfix_check_complaint(lab):
    fake = Fake(lab)
    fake.answers[("postfix", "check")] = (1, "", "postfix: fatal: /etc/postfix/main.cf, line 12: missing '='\n")
    fails(run(lab, "check_postfix_config", fake), "missing '='", "postfix reload")


@pytest.mark.parametrize("networks, fragment", [
    ("0.0.0.0/0", "0.0.0.0/0"),
    ("127.0.0.0/8 192.168.0.0/16", "192.168.0.0/16"),
    ("127.0.0.0/8 10.0.0.0/8", "10.0.0.0/8"),
])
def test_open_relay_through_mynetworks(lab, networks, fragment):
    fake = Fake(lab)
    key = ("postconf", "mynetworks", "smtpd_relay_restrictions", "smtpd_recipient_restrictions")
    fake.answers[key] = (0, POSTCONF[key[1:]].replace("127.0.0.0/8 192.168.0.0/24", networks), "")
    fails(run(lab, "check_postfix_relay", fake), fragment, "beyond the lab", "mynetworks = 127.0.0.0/8 192.168.0.0/24")


def test_open_relay_through_permit(lab):
    fake = Fake(lab)
    key = ("postconf", "mynetworks", "smtpd_relay_restrictions", "smtpd_recipient_restrictions")
    fake.answers[key] = (0, "mynetworks = 127.0.0.0/8\nsmtpd_relay_restrictions = permit_mynetworks, permit\n"
                            "smtpd_recipient_restrictions =\n", "")
    fails(run(lab, "check_postfix_relay", fake), "open relay", "reject_unauth_destination")


def test_aliases_edited_without_newaliases(lab):
    os.utime(lab.real("/etc/aliases.db"), (500, 500))
    fails(run(lab, "check_postfix_aliases"), "run newaliases")


def _aliases(lab, text):
    fake = Fake(lab)
    fake.answers[("postconf", "alias_maps", "alias_database")] = (0, text, "")
    return run(lab, "check_postfix_aliases", fake)


def test_no_alias_map_at_all(lab):
    fails(_aliases(lab, "alias_maps =\nalias_database =\n"), "alias_maps is empty", "alias_maps = hash:/etc/aliases")


def test_alias_database_that_delivery_does_not_read(lab):
    fails(_aliases(lab, "alias_maps = hash:/etc/postfix/aliases\nalias_database = hash:/etc/aliases\n"),
          "newaliases builds hash:/etc/aliases", "alias_maps = hash:/etc/postfix/aliases")


def test_postmaster_without_alias(lab):
    fake = Fake(lab)
    del fake.answers[("postmap", "-q", "postmaster", "hash:/etc/aliases")]
    fails(run(lab, "check_postfix_aliases", fake), "postmaster has no alias", "postmaster: root")


def test_mail_delivered_to_mbox_while_dovecot_reads_maildir(lab):
    fake = Fake(lab, deliver_to="/var/mail/user1")
    fails(run(lab, "check_delivery", fake), "did not reach", "went to /var/mail/user1", "home_mailbox = Maildir/")


def test_delivery_removes_the_test_message(lab):
    assert run(lab, "check_delivery").status == "PASS"
    assert os.listdir(lab.real("/home/user1/Maildir/new")) == []


def test_mbox_store_expects_mbox(lab):
    fake = Fake(lab, deliver_to="/var/mail/user1")
    assert run(lab, "check_delivery", fake, mail={"store": "mbox"}).status == "PASS"
    fails(run(lab, "check_dovecot_store", fake, mail={"store": "mbox"}), "Dovecot reads maildir",
          "mail_location = mbox:~/mail:INBOX=/var/mail/%u")


def test_recipient_refused(lab):
    fake = Fake(lab, deliver_to=None)
    real = fake.__call__

    def refuse(argv):
        if len(argv) > 3 and argv[2] == mailprobe.SCRIPT and argv[3] == "send":
            return 0, '{"ok": true, "refused": "550 5.1.1 <user1@example.com>: Recipient address rejected"}\n', ""
        return real(argv)
    fails(run(lab, "check_delivery", refuse), "refused mail for user1@example.com", "mydestination")


def test_pop3_login_refused(lab):
    fake = Fake(lab)
    fake.probes[("pop3", "110")] = {"ok": True, "banner": "+OK", "login": False, "user": "user1",
                                    "error": "-ERR [AUTH] Authentication failed."}
    fails(run(lab, "check_pop3", fake), "login as user1 failed", "Authentication failed")


def test_pop3_without_credentials_file(lab):
    lab.remove("/etc/serverlab/trainee.auth")
    fails(run(lab, "check_pop3"), "no credentials file")


def test_smtp_not_answering_on_lab_address(lab):
    fake = Fake(lab)
    fake.probes.pop(("smtp", "25"))
    fails(run(lab, "check_smtp_answers", fake), "no SMTP service on 192.168.0.10 port 25", "inet_interfaces = all")


def test_qmail_open_relay(lab):
    lab.write("/etc/tcp/smtp", ':allow,RELAYCLIENT=""\n')
    lab.compile_rules()
    fails(run(lab, "check_qmail_relay", **qmail_config()), "RELAYCLIENT")


def test_qmail_rules_not_compiled(lab):
    lab.compile_rules()
    os.utime(lab.real("/etc/tcp/smtp.cdb"), (500, 500))
    fails(run(lab, "check_qmail_relay", **qmail_config()), "tcprules")


def test_qmail_domain_not_in_rcpthosts(lab):
    lab.write("/var/qmail/control/rcpthosts", "h2g.example.com\n")
    fails(run(lab, "check_qmail_control", **qmail_config()), "rcpthosts")


def test_qmail_alias_missing(lab):
    lab.remove("/var/qmail/alias/.qmail-root")
    fails(run(lab, "check_qmail_aliases", **qmail_config()), ".qmail-root")


def test_qmail_smtpd_down(lab):
    fake = Fake(lab)
    fake.answers[("svstat", "/etc/service/qmail-smtpd")] = (0, "/etc/service/qmail-smtpd: down 5 seconds\n", "")
    fails(run(lab, "check_qmail_running", fake, **qmail_config()), "qmail-smtpd not up", "svc -u")
