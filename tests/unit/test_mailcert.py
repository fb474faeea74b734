"""The mailcert role: the lab's names in the certificate, the key's owner and mode, the handler topic the
mail daemons' roles listen to, and the check of a provided pair, whose comparison is proven with the
same community.crypto info modules the role runs (in-process, on certificates made here)."""

from __future__ import annotations

import datetime
import os

import pytest
import yaml
from ansible_collections.serverlab.course.plugins.plugin_utils.compat import trust_as_template

import modrun
import roles_render

ROLES = os.path.join(os.path.dirname(__file__), "..", "..", "roles")
TOPIC = "serverlab mail certificate changed"


def load(*parts):
    with open(os.path.join(ROLES, *parts)) as handle:
        return yaml.safe_load(handle)


def value(expression, **overrides):
    return roles_render.template(roles_render.templar("mailcert", "Debian", **overrides), expression)


def tasks():
    """Every task of tasks/main.yml, blocks flattened."""
    out = []
    for task in load("mailcert", "tasks", "main.yml"):
        out.extend(task.get("block", [task]))
    return out


def task(name):
    return next(t for t in tasks() if t["name"] == name)


def test_the_lab_names():
    assert value("{{ mailcert_common_name }}") == "h2g.example.com"
    assert value("{{ mailcert_subject_alt_names }}") == ["DNS:h2g.example.com", "DNS:mail.example.com",
                                                         "IP:192.168.0.10"]
    assert value("{{ mailcert_subject_alt_names }}", lab_address="192.168.0.231", lab_domain="lab.test")[1:] == \
        ["DNS:mail.lab.test", "IP:192.168.0.231"]
    assert value("{{ mailcert_cert_path }} {{ mailcert_key_path }}") == \
        "/etc/ssl/serverlab/mail.crt /etc/ssl/serverlab/mail.key"


def test_key_and_certificate_modes():
    key = task("Generate the private key")["community.crypto.openssl_privatekey"]
    assert (key["owner"], key["group"], key["mode"]) == ("root", "{{ mailcert_key_group }}", "0640")
    given = task("Install the provided key")
    assert given["no_log"] is True and given["ansible.builtin.copy"]["mode"] == "0640"
    cert = task("Issue the self-signed certificate")["community.crypto.x509_certificate"]
    assert cert["provider"] == "selfsigned" and cert["mode"] == "0644"
    assert cert["selfsigned_not_after"] == "+{{ mailcert_days }}d"


def test_every_change_notifies_the_topic_and_someone_listens():
    changing = [t for t in tasks() if any(k in t for k in ("community.crypto.openssl_privatekey",
                                                           "community.crypto.x509_certificate",
                                                           "ansible.builtin.copy"))]
    assert len(changing) == 4
    assert all(t.get("notify") == TOPIC for t in changing)
    # mailcert listens itself, so a play without a mail daemon still has a handler for the topic.
    assert [h.get("listen") for h in load("mailcert", "handlers", "main.yml")] == [TOPIC]
    listeners = [h["name"] for h in load("postfix", "handlers", "main.yml") if TOPIC in [h.get("listen")]
                 or TOPIC in (h.get("listen") or [])]
    assert listeners == ["Reload postfix"]
    # Dovecot restarts for a certificate it has not read (a recorded fingerprint) and is probed after it:
    # test_dovecot_templates.py.


def test_mail_roles_depend_on_mailcert():
    for role in ("postfix", "dovecot"):
        deps = [d["role"] for d in load(role, "meta", "main.yml")["dependencies"]]
        assert deps == ["serverlab.course.lab", "serverlab.course.mailcert"]


# ---------------------------------------------------------------- the role's own checks

def refused(task_name, **variables):
    """[(var, msg)] of the loop items of an assertion task that fail with these variables."""
    templar = roles_render.templar("mailcert", "Debian", **variables)
    out = []
    with roles_render.collection_plugins():  # the messages go through serverlab.course.t
        for item in task(task_name)["loop"]:
            if templar.template(trust_as_template(item["ok"])) not in (True, "True"):
                out.append((item["var"], templar.template(trust_as_template(item["msg"]))))
    return out


def test_settings_checks():
    assert refused("Check the certificate settings") == []
    (var, msg), = refused("Check the certificate settings", mailcert_subject_alt_names=["DNS:ok.example.com", "mail.example.com"])
    assert var == "mailcert_subject_alt_names" and "mail.example.com" in msg
    assert [v for v, _unused in refused("Check the certificate settings", mailcert_cert_content="-----BEGIN")] == \
        ["mailcert_cert_content / mailcert_key_content"]


# ---------------------------------------------------------------- a provided pair

crypto = pytest.importorskip("cryptography")


def make_pair(days=30, key=None):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "h2g.example.com")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=60)).not_valid_after(now + datetime.timedelta(days=days))
            .sign(key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    return cert.public_bytes(serialization.Encoding.PEM).decode(), key_pem, key


def info(cert_pem, key_pem):
    """What the role registers: the two info modules run on the contents."""
    from ansible_collections.community.crypto.plugins.modules import openssl_privatekey_info, x509_certificate_info
    cert = modrun.run(x509_certificate_info, content=cert_pem).result
    key = modrun.run(openssl_privatekey_info, content=key_pem).result
    return cert, key


def pair_refusals(cert_pem, key_pem):
    cert, key = info(cert_pem, key_pem)
    return refused("Check that the certificate and the key are usable and belong together",
                   mailcert_cert_content=cert_pem, mailcert_key_content=key_pem,
                   __mailcert_given_cert=cert, __mailcert_given_key=key)


def test_a_matching_pair_passes():
    cert_pem, key_pem, _unused = make_pair()
    assert pair_refusals(cert_pem, key_pem) == []


def test_a_foreign_key_is_refused():
    cert_pem, _unused, _unused = make_pair()
    _unused, other_key, _unused = make_pair()
    (var, msg), = pair_refusals(cert_pem, other_key)
    assert var == "mailcert_cert_content / mailcert_key_content"
    assert "public keys differ" in msg


def test_an_expired_certificate_is_refused():
    cert_pem, key_pem, _unused = make_pair(days=-1)
    (var, msg), = pair_refusals(cert_pem, key_pem)
    assert var == "mailcert_cert_content" and "expired" in msg


def test_a_damaged_certificate_is_explained():
    cert_pem, key_pem, _unused = make_pair()
    damaged = cert_pem.replace("-----BEGIN CERTIFICATE-----", "-----BEGIN CERTIFICAT-----")
    (var, msg), = pair_refusals(damaged, key_pem)
    assert var == "mailcert_cert_content" and "no start line" in msg and "diff" in msg
