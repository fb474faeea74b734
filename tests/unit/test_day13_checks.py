"""Day 13 checks on fake trees and fake commands: SSL mail passes on a good lab, in both stunnel
modes, and fails with the fix for the course's mistakes: stunnel's [pop3s] next to Dovecot's 995,
smtps started twice, an SSL change never restarted, a client that drops TLS without close_notify."""

from __future__ import annotations

import os
import subprocess

import pytest

from ansible_collections.serverlab.course.plugins.module_utils import catalog
from ansible_collections.serverlab.course.plugins.module_utils.checks import day13
from labtree import fails
from tlsfiles import self_signed
from ssltree import CERT, Fake, INETD, KEY, LOG_BIND, LOG_CLEAN, LOG_RESET, SS_STANDALONE, SslLab, STANDALONE, XINETD_SMTPS


@pytest.fixture(scope="module")
def pem(tmp_path_factory):
    """A real self-signed certificate and key (and a second key that does not match)."""
    where = tmp_path_factory.mktemp("pem")
    self_signed(where, "h2g.example.com", days=30)
    subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-out", str(where / "other")],
                   check=True, capture_output=True)
    return {name: (where / name).read_text() for name in ("crt", "key", "other")}


@pytest.fixture
def lab(tmp_path, pem):
    return SslLab(tmp_path / "lab", pem)


def run(lab, check, fake=None, **config):
    return getattr(day13, check)(lab.ctx(runner=fake or Fake(lab), **config))


ALL = ["check_certificate", "check_stunnel_config", "check_port_owners", "check_stunnel_running",
       "check_smtps_handshake", "check_stunnel_log", "check_restarted", "check_pop3s", "check_imaps",
       "check_submission", "check_smtps_relay"]


@pytest.mark.parametrize("name", ALL)
def test_good_standalone_lab_passes(lab, name):
    result = run(lab, name)
    assert result.status == "PASS", result


@pytest.mark.parametrize("name", ALL)
def test_good_superserver_lab_passes(tmp_path, pem, name):
    lab = SslLab(tmp_path / "ss", pem, mode="superserver")
    result = run(lab, name, Fake(lab, "superserver"), mail={"stunnel_mode": "superserver"})
    assert result.status == "PASS", result


def test_catalog_numbers():
    checks = catalog.DAYS[13].checks
    assert sorted(c.num for c in checks) == list(range(1, 12))
    assert [c.num for c in checks if c.track == ("mta", "postfix")] == [10]
    assert all(c.track is None for c in checks if c.num != 10)


# ---------------------------------------------------------------- the course's mistakes

def test_pop3s_section_next_to_dovecot_is_a_port_conflict(lab):
    lab.write("/etc/stunnel/smtps.conf", STANDALONE + "\n[pop3s]\naccept = 995\nconnect = 110\n")
    result = fails(run(lab, "check_port_owners"), "995")
    assert "dovecot" in result.reason.lower() and "stunnel" in result.reason.lower()


def test_bind_error_in_the_log_explains_the_conflict(lab):
    lab.write("/var/log/stunnel4/smtps.log", LOG_CLEAN + LOG_BIND)
    fails(run(lab, "check_stunnel_log"), "port conflict", "0.0.0.0:995")


def test_smtps_from_stunnel_and_the_superserver(lab):
    lab.write("/etc/xinetd.d/smtps", XINETD_SMTPS)
    fails(run(lab, "check_port_owners"), "465")


def test_standalone_stunnel_running_in_superserver_mode(tmp_path, pem):
    lab = SslLab(tmp_path / "ss", pem, mode="superserver")
    fake = Fake(lab, "superserver")
    fake.answers[("systemctl", "is-active", "stunnel@smtps")] = (0, "active\n", "")
    fails(run(lab, "check_stunnel_running", fake, mail={"stunnel_mode": "superserver"}),
          "stunnel's own daemon runs", "systemctl disable --now stunnel@smtps")


def test_stunnel_not_listening(lab):
    fake = Fake(lab)
    fake.answers[("ss", "-H", "-ltnp")] = (0, SS_STANDALONE.splitlines()[1] + "\n", "")
    fails(run(lab, "check_stunnel_running", fake), "stunnel does not listen on 465", "Error binding")


def test_client_without_close_notify(lab):
    lab.write("/var/log/stunnel4/smtps.log", LOG_CLEAN + LOG_RESET)
    fails(run(lab, "check_stunnel_log"), "192.168.0.50", "close_notify", "TIMEOUTclose = 0")
    assert not run(lab, "check_stunnel_log").pending  # a session that breaks is broken


def test_only_the_evaluators_own_session_is_not_enough(lab):
    lab.write("/var/log/stunnel4/smtps.log", "\n".join(LOG_CLEAN.splitlines()[:2]) + "\n")
    fails(run(lab, "check_stunnel_log"), "not run / not successful / not finished?", "465")
    assert run(lab, "check_stunnel_log").pending  # no client has sent mail yet: the trainee's step


def test_the_roles_probe_from_the_vm_itself_is_no_client(lab):
    """After a restart the stunnel role probes smtps at the lab address from the VM (TLS, the greeting,
    no close_notify): that session neither fails the check nor stands in for a mail client."""
    probe = ("2026.11.23 10:05:00 LOG5[3]: Service [smtps] accepted connection from 192.168.0.10:41000\n"
             "2026.11.23 10:05:01 LOG5[3]: Connection reset: 40 byte(s) sent to TLS, 0 byte(s) sent to socket\n")
    lab.write("/var/log/stunnel4/smtps.log", LOG_CLEAN + probe)
    result = run(lab, "check_stunnel_log")
    assert result.status == "PASS" and "192.168.0.1:50000" in " ".join(result.evidence), result
    lab.write("/var/log/stunnel4/smtps.log", "\n".join(LOG_CLEAN.splitlines()[:2]) + "\n" + probe)
    fails(run(lab, "check_stunnel_log"), "not run / not successful / not finished?", "465")
    # the same session from another machine of the lab is a client's
    lab.write("/var/log/stunnel4/smtps.log", LOG_CLEAN + probe)
    fails(run(lab, "check_stunnel_log", address="192.168.0.11"), "192.168.0.10:41000")


def test_a_session_whose_start_the_log_lacks_is_no_client(lab):
    """An end without its start (the file rotated, or the start logged by a process whose lines are gone)
    names no peer: it is not a mail client's session, so it neither passes nor fails the check."""
    lab.write("/var/log/stunnel4/smtps.log", "\n".join(LOG_CLEAN.splitlines()[:2]) + "\n"
              "2026.12.06 13:25:02 LOG5[0]: Connection closed: 326 byte(s) sent to TLS, 270 byte(s) sent to socket\n")
    fails(run(lab, "check_stunnel_log"), "not run / not successful / not finished?", "465")


def test_overlapping_sessions_under_the_superserver_do_not_decide(lab):
    """Sessions that overlapped share the id [0] under the superserver and their ends may be swapped (the
    network view's checks run side by side): a client's clean session before them decides."""
    overlap = ("2026.11.23 10:05:00 LOG5[0]: Service [smtps] accepted connection from 192.168.0.1:41000\n"
               "2026.11.23 10:05:00 LOG5[0]: Service [smtps] accepted connection from 192.168.0.1:41002\n"
               "2026.11.23 10:05:01 LOG5[0]: Connection closed: 40 byte(s) sent to TLS, 0 byte(s) sent to socket\n"
               "2026.11.23 10:05:01 LOG5[0]: Connection reset: 40 byte(s) sent to TLS, 0 byte(s) sent to socket\n")
    lab.write("/var/log/stunnel4/smtps.log", LOG_CLEAN + overlap)
    result = run(lab, "check_stunnel_log")
    assert result.status == "PASS" and "192.168.0.1:50000" in " ".join(result.evidence), result
    # a client's broken session after them, on its own, still fails
    lab.write("/var/log/stunnel4/smtps.log", LOG_CLEAN + overlap + LOG_RESET)
    fails(run(lab, "check_stunnel_log"), "192.168.0.50", "close_notify")


def test_cancelled_certificate_prompt(lab):
    lab.write("/var/log/stunnel4/smtps.log", LOG_CLEAN.replace("700 byte(s) sent to socket",
                                                               "0 byte(s) sent to socket"))
    fails(run(lab, "check_stunnel_log"), "cancelled the certificate prompt")


def test_ssl_change_not_activated_by_a_restart(lab):
    os.utime(lab.real(CERT), (2000000000 + 20000, 2000000000 + 20000))
    fails(run(lab, "check_restarted"), CERT, "systemctl restart dovecot stunnel@smtps")


def test_certificate_and_key_that_do_not_match(lab, pem):
    lab.write(KEY, pem["other"])
    fails(run(lab, "check_certificate"), "does not belong to the private key")


def test_corrupted_certificate(lab):
    lab.write(CERT, "garbage\n")
    fails(run(lab, "check_certificate"), "not a PEM certificate", "no start line")


def test_inetd_config_with_a_section(tmp_path, pem):
    lab = SslLab(tmp_path / "ss", pem, mode="superserver")
    lab.write("/etc/stunnel/smtps-inetd.conf", INETD + "[smtps]\naccept = 465\nconnect = 25\n")
    fails(run(lab, "check_stunnel_config", Fake(lab, "superserver"), mail={"stunnel_mode": "superserver"}))


def test_submission_offers_auth_in_clear(lab):
    fake = Fake(lab)
    fake.probes[("smtp", "587")]["extensions"] = ["auth", "starttls"]
    fails(run(lab, "check_submission", fake), "smtpd_tls_auth_only = yes")


def test_pop3s_missing(lab):
    fake = Fake(lab)
    fake.probes.pop(("pop3", "995"))
    fails(run(lab, "check_pop3s", fake), "no POP3S on port 995", "Dovecot serves pop3s itself")


def test_smtps_open_relay_through_the_trusted_loopback(lab):
    fake = Fake(lab)
    fake.probes[("relay", "465")] = {"ok": True, "rcpt": "250 2.1.5 Ok"}
    fails(run(lab, "check_smtps_relay", fake), "relays mail for other domains", "127.0.0.1",
          "-o mynetworks=")


def test_restart_check_fails_when_dovecot_is_down(lab):
    fake = Fake(lab)
    fake.answers[("systemctl", "show", "-p", "MainPID", "--value", "dovecot")] = (0, "0\n", "")
    fails(run(lab, "check_restarted", fake), "not running", "journalctl -u dovecot", "systemctl restart dovecot")


def test_restart_check_watches_dovecot_includes(lab):
    lab.write("/etc/dovecot/conf.d/10-ssl.conf", "ssl_min_protocol = TLSv1.2\n")
    os.utime(lab.real("/etc/dovecot/conf.d/10-ssl.conf"), (2000000000 + 20000, 2000000000 + 20000))
    fails(run(lab, "check_restarted"), "/etc/dovecot/conf.d/10-ssl.conf (dovecot)", "systemctl restart dovecot")
