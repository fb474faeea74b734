"""The dovecot role's one self-contained dovecot.conf, rendered by Ansible for Debian 12 and EL 9 (no EL
host runs here): the lab's listeners, TLS with the mailcert role's files, system logins, the mailbox
where the MTA delivers, Postfix's SASL socket; what listen_check reads from it (stunnel's sample
[pop3s] is a conflict, Dovecot's own live sockets are not); doveconf accepts it where Dovecot is here."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import yaml

import roles_render

from ansible_collections.serverlab.course.plugins.module_utils import listen

ROLES = os.path.join(os.path.dirname(__file__), "..", "..", "roles")
MAILCERT = roles_render.role_yaml("mailcert", "defaults", "main.yml")


def render(family="Debian", **overrides):
    return roles_render.render("dovecot", "dovecot.conf.j2", family, base=MAILCERT, **overrides)


def top(text):
    """Top-level settings of a rendered dovecot.conf (a repeated one fails the test)."""
    root = listen.parse_blocks(text)
    values = {}
    for key, op, value, _unused in root.settings:
        assert op == "=", key
        assert key not in values, "%s set twice" % key
        values[key] = value
    return root, values


def claims(text, path="/etc/dovecot/dovecot.conf"):
    return sorted((c.address, c.port, c.service) for c in listen.claims_from("dovecot", text, path))


@pytest.mark.parametrize("family", ["Debian", "RedHat"])
def test_lab_defaults(family):
    text = render(family)
    root, cfg = top(text)
    assert "!include" not in text and "conf.d" in text   # says why conf.d is unused
    assert cfg["protocols"] == "pop3 imap" and cfg["listen"] == "*"
    assert cfg["ssl"] == "yes" and cfg["ssl_min_protocol"] == "TLSv1.2"
    assert cfg["ssl_cert"] == "</etc/ssl/serverlab/mail.crt" and cfg["ssl_key"] == "</etc/ssl/serverlab/mail.key"
    # Day 8: plain POP3 on 110 in the lab network.
    assert cfg["disable_plaintext_auth"] == "no" and cfg["auth_mechanisms"] == "plain login"
    assert cfg["mail_location"] == "maildir:~/Maildir" and "mail_privileged_group" not in cfg
    assert cfg["first_valid_uid"] == "1000"
    assert cfg["log_path"] == "syslog"
    assert [b.get("driver")[0] for b in root.blocks("passdb")] == ["pam"]
    assert [b.get("driver")[0] for b in root.blocks("userdb")] == ["passwd"]
    (auth,) = root.blocks("service")[-1:]
    assert auth.args == "auth"
    (socket,) = auth.blocks("unix_listener")
    assert socket.args == "/var/spool/postfix/private/auth"
    assert [socket.get(k)[0] for k in ("mode", "user", "group")] == ["0660", "postfix", "postfix"]
    # Debian ships DH parameters; EL does not (ECDHE only).
    assert ("ssl_dh" in cfg) == (family == "Debian")


def test_listeners_with_tls_on_995_and_993():
    text = render()
    assert claims(text) == [("0.0.0.0", 110, "pop3"), ("0.0.0.0", 143, "imap"),
                            ("0.0.0.0", 993, "imaps"), ("0.0.0.0", 995, "pop3s")]
    root, _unused = top(text)
    ssl = {}
    for service in root.blocks("service"):
        for listener in service.blocks("inet_listener"):
            ssl[listener.args] = (listener.get("ssl") or ("no",))[0]
    assert ssl == {"pop3": "no", "pop3s": "yes", "imap": "no", "imaps": "yes"}


def test_unlisted_builtin_listeners_are_switched_off():
    text = render(dovecot_listeners=[{"name": "pop3s", "protocol": "pop3", "port": 995, "ssl": True},
                                     {"name": "imaps", "protocol": "imap", "port": 10993, "ssl": True}])
    # Without "port = 0" Dovecot would keep its built-in pop3 110, imap 143 and imaps 993.
    assert claims(text) == [("0.0.0.0", 995, "pop3s"), ("0.0.0.0", 10993, "imaps")]
    assert text.count("port = 0") == 2


def test_only_the_chosen_protocols():
    text = render(dovecot_protocols=["pop3"])
    _unused, cfg = top(text)
    assert cfg["protocols"] == "pop3" and "imap-login" not in text
    assert [port for _unused, port, _unused in claims(text)] == [110, 995]


@pytest.mark.parametrize("store, mta, location, privileged", [
    ("maildir", "postfix", "maildir:~/Maildir", False),
    ("mbox", "postfix", "mbox:~/mail:INBOX=/var/mail/%u", True),
    ("mbox", "qmail", "maildir:~/Maildir", False),      # qmail always delivers to Maildir
])
def test_mailbox_follows_the_mta(store, mta, location, privileged):
    text = render(lab_mail_store=store, lab_mta=mta)
    _unused, cfg = top(text)
    assert cfg["mail_location"] == location
    assert (cfg.get("mail_privileged_group") == "mail") == privileged
    # Postfix's SASL socket only where Postfix is the MTA (its directory would not exist otherwise).
    assert ("/var/spool/postfix/private/auth" in text) == (mta == "postfix")


def test_options_and_strict_login():
    _unused, cfg = top(render(dovecot_disable_plaintext_auth=True, dovecot_ssl="required",
                              dovecot_options={"mail_debug": True, "login_greeting": "lab ready"}))
    assert cfg["disable_plaintext_auth"] == "yes" and cfg["ssl"] == "required"
    assert cfg["mail_debug"] == "yes" and cfg["login_greeting"] == "lab ready"


def test_stunnel_sample_pop3s_is_refused_before_the_restart():
    stunnel = "[pop3s]\naccept = 995\nconnect = 110\n"
    found = listen.find_conflicts(listen.claims_from("stunnel", stunnel, "/etc/stunnel/stunnel.conf")
                                  + listen.claims_from("dovecot", render(), "/etc/dovecot/dovecot.conf"))
    (conflict,) = [f for f in found if f.is_error]
    assert "995" in conflict.message and "remove the [pop3s] section" in conflict.fix
    # The same with stunnel already listening (what gather_sockets sees).
    live = 'LISTEN 0 4096 0.0.0.0:995 0.0.0.0:* users:(("stunnel4",pid=35888,fd=9))'
    found = listen.find_conflicts(listen.claims_from("dovecot", render(), "/etc/dovecot/dovecot.conf")
                                  + listen.claims_from("sockets", live, "ss"))
    (conflict,) = [f for f in found if f.is_error]
    assert "stunnel4" in conflict.message and conflict.path == "/etc/dovecot/dovecot.conf"


def test_a_rerun_with_dovecot_holding_its_ports_is_no_conflict():
    live = "\n".join('LISTEN 0 100 0.0.0.0:%d 0.0.0.0:* users:(("dovecot",pid=6863,fd=%d))' % (port, fd)
                     for fd, port in enumerate((110, 143, 993, 995), 20))
    found = listen.find_conflicts(listen.claims_from("dovecot", render(), "/etc/dovecot/dovecot.conf")
                                  + listen.claims_from("sockets", live, "ss"))
    assert found == []


def test_a_new_certificate_restarts_dovecot_through_the_probed_apply():
    """Dovecot has no handler: the role compares the certificate's fingerprint with the one it last
    restarted with (mailcert, its dependency, runs first) and restarts through service_apply.yml, which
    probes the listeners and rolls back; Postfix still reloads on the certificate topic."""
    assert not os.path.exists(os.path.join(ROLES, "dovecot", "handlers", "main.yml"))
    with open(os.path.join(ROLES, "dovecot", "tasks", "main.yml")) as handle:
        tasks = {t["name"]: t for t in yaml.safe_load(handle)}
    apply = tasks["Restart Dovecot for what changed, prove it greets clients, or roll back"]
    assert apply["ansible.builtin.include_role"]["tasks_from"] == "service_apply.yml"
    assert apply["vars"]["lab_apply_action"] == "restarted"
    assert "__dovecot_cert_unread is changed" in apply["when"][0]
    assert tasks["Restart Dovecot for a certificate it has not read yet"]["register"] == "__dovecot_cert_unread"
    assert tasks["Record the certificate Dovecot runs with"]["when"] == apply["when"]
    with open(os.path.join(ROLES, "postfix", "handlers", "main.yml")) as handle:
        assert yaml.safe_load(handle)[0]["listen"] == "serverlab mail certificate changed"


DOVECONF = shutil.which("doveconf") or ("/usr/bin/doveconf" if os.path.exists("/usr/bin/doveconf") else None)


def test_doveconf_accepts_and_refuses(tmp_path):
    cert = tmp_path / "mail.crt"
    cert.write_text("placeholder\n")
    good = tmp_path / "dovecot.conf"
    good.write_text(render(dovecot_ssl_cert=str(cert), dovecot_ssl_key=str(cert), dovecot_postfix_sasl=False))
    assert subprocess.run([DOVECONF, "-n", "-c", str(good)], stdout=subprocess.DEVNULL, check=False).returncode == 0
    bad = tmp_path / "bad.conf"
    bad.write_text(render(dovecot_ssl_cert=str(cert), dovecot_ssl_key=str(cert), dovecot_postfix_sasl=False,
                          dovecot_options={"ssl_min_protocl": "TLSv1.2"}))
    result = subprocess.run([DOVECONF, "-n", "-c", str(bad)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            universal_newlines=True, check=False)
    assert result.returncode != 0 and "ssl_min_protocl" in result.stdout
