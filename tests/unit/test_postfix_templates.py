"""The postfix role's main.cf, master.cf, aliases and relay tables, rendered by Ansible for Debian 12 and
EL 9 (no EL host runs here), its refusals of an open relay, and its candidate checker
(files/postfix-candidate-check) run against stand-in Postfix commands."""

from __future__ import annotations

import os
import stat
import subprocess
import textwrap

import pytest
import yaml
from ansible_collections.serverlab.course.plugins.plugin_utils.compat import trust_as_template

import roles_render

from ansible_collections.serverlab.course.plugins.module_utils import listen

ROLES = os.path.join(os.path.dirname(__file__), "..", "..", "roles")
CHECKER = os.path.join(ROLES, "postfix", "files", "postfix-candidate-check")
MAILCERT = roles_render.role_yaml("mailcert", "defaults", "main.yml")


def render(template, family="Debian", **overrides):
    return roles_render.render("postfix", template, family, base=MAILCERT, **overrides)


def value(expression, family="Debian", **overrides):
    templar = roles_render.templar("postfix", family, base=MAILCERT, **overrides)
    return roles_render.template(templar, expression)


def main_cf(text):
    """{name: value} of a main.cf (no continuation lines in ours); a repeated name fails the test."""
    values = {}
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        name, sep, val = raw.partition("=")
        assert sep, raw
        assert name.strip() not in values, "%s set twice" % name.strip()
        values[name.strip()] = val.strip()
    return values


def services(text):
    """{(name, type): (columns, [-o overrides])} of a master.cf."""
    out = {}
    last = None
    for raw in text.splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        if raw[0].isspace():
            out[last][1].append(raw.strip())
            continue
        fields = raw.split()
        last = (fields[0], fields[1])
        out[last] = (fields, [])
    return out


# ---------------------------------------------------------------- main.cf

@pytest.mark.parametrize("family, level, ca", [("Debian", "3.6", {"smtp_tls_CApath": "/etc/ssl/certs"}),
                                               ("RedHat", "2", {"smtp_tls_CAfile": "/etc/pki/tls/certs/ca-bundle.crt"})])
def test_main_cf_for_the_lab(family, level, ca):
    cf = main_cf(render("main.cf.j2", family))
    assert cf["compatibility_level"] == level
    assert cf["myhostname"] == "h2g.example.com" and cf["mydomain"] == "example.com"
    assert cf["myorigin"] == "$mydomain"
    assert cf["mydestination"] == "$myhostname, localhost, $mydomain, localhost.$mydomain"
    assert cf["mynetworks"] == "127.0.0.0/8 192.168.0.0/24"
    assert (cf["inet_interfaces"], cf["inet_protocols"]) == ("all", "ipv4")
    assert cf["smtpd_relay_restrictions"] == "permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination"
    assert cf["home_mailbox"] == "Maildir/" and "mail_spool_directory" not in cf
    assert cf["alias_maps"] == cf["alias_database"] == "hash:/etc/aliases"
    # STARTTLS with the mailcert role's files; SASL through Dovecot, switched on per service only.
    assert (cf["smtpd_tls_cert_file"], cf["smtpd_tls_key_file"]) == ("/etc/ssl/serverlab/mail.crt",
                                                                     "/etc/ssl/serverlab/mail.key")
    assert cf["smtpd_tls_security_level"] == "may"
    assert "!TLSv1.1" in cf["smtpd_tls_protocols"]
    assert (cf["smtpd_sasl_type"], cf["smtpd_sasl_path"], cf["smtpd_sasl_auth_enable"]) == ("dovecot", "private/auth", "no")
    assert cf["relayhost"] == ""
    for name, path in ca.items():
        assert cf[name] == path
    assert not any(name.startswith(("smtp_sasl", "sender_dependent")) for name in cf)


def test_mbox_delivers_to_the_spool():
    cf = main_cf(render("main.cf.j2", lab_mail_store="mbox"))
    assert cf["mail_spool_directory"] == "/var/mail" and "home_mailbox" not in cf


def test_relays_and_their_logins():
    relays = {"example.org": "[smtp.example.org]:587", "@example.net": "[mx.example.net]",
              "boss@example.com": "[smtp.boss.example]:587"}
    logins = {"[smtp.example.org]:587": "lab:secret1", "[smtp.boss.example]:587": "boss:secret2"}
    overrides = dict(postfix_relayhost="[relay.example.com]:587", postfix_sender_dependent_relayhosts=relays,
                     postfix_sasl_passwords=logins)
    cf = main_cf(render("main.cf.j2", **overrides))
    assert cf["relayhost"] == "[relay.example.com]:587"
    assert cf["sender_dependent_relayhost_maps"] == "hash:/etc/postfix/sender_relay"
    assert cf["smtp_sasl_password_maps"] == "hash:/etc/postfix/sasl_passwd"
    assert cf["smtp_sasl_auth_enable"] == "yes" and cf["smtp_sender_dependent_authentication"] == "yes"
    table = [ln.split("\t") for ln in render("sender_relay.j2", **overrides).splitlines() if not ln.startswith("#")]
    # Postfix looks the envelope sender up as an address, then as @domain: a bare domain gets its @.
    assert sorted(table) == [["@example.net", "[mx.example.net]"], ["@example.org", "[smtp.example.org]:587"],
                             ["boss@example.com", "[smtp.boss.example]:587"]]
    secrets = [ln for ln in render("sasl_passwd.j2", **overrides).splitlines() if not ln.startswith("#")]
    assert secrets == ["[smtp.boss.example]:587\tboss:secret2", "[smtp.example.org]:587\tlab:secret1"]


def test_extra_options_are_written_as_postfix_values():
    cf = main_cf(render("main.cf.j2", postfix_options={"message_size_limit": 20480000, "smtputf8_enable": False}))
    assert cf["message_size_limit"] == "20480000" and cf["smtputf8_enable"] == "no"


# ---------------------------------------------------------------- master.cf

@pytest.mark.parametrize("family, chroot", [("Debian", "y"), ("RedHat", "n")])
def test_master_cf_submission_and_chroot(family, chroot):
    text = render("master.cf.j2", family)
    svc = services(text)
    assert svc[("smtp", "inet")][0][4] == chroot
    fields, overrides = svc[("submission", "inet")]
    assert fields[4] == chroot and fields[7] == "smtpd"
    for option in ("smtpd_tls_security_level=encrypt", "smtpd_sasl_auth_enable=yes", "smtpd_tls_auth_only=yes",
                   "smtpd_client_restrictions=permit_sasl_authenticated,reject"):
        assert "-o " + option in overrides, option
    # Services that never run chrooted on Debian either.
    for name in ("qmgr", "local", "virtual", "proxymap", "postlog"):
        key = next(k for k in svc if k[0] == name)
        assert svc[key][0][4] == "n", name
    assert not any(k[0] in ("smtps", "submissions") for k in svc)


def test_master_cf_claims_25_587_and_the_loopback_backend_of_stunnel():
    claims = listen.claims_from("postfix_master", render("master.cf.j2"), "/etc/postfix/master.cf",
                                inet_interfaces="all", inet_protocols="ipv4")
    assert sorted((c.address, c.port) for c in claims) == [("0.0.0.0", 25), ("0.0.0.0", 587), ("127.0.0.1", 10465)]
    claims = listen.claims_from("postfix_master", render("master.cf.j2", postfix_submission=False,
                                                         postfix_stunnel_backend=""),
                                "/etc/postfix/master.cf", inet_interfaces="all", inet_protocols="ipv4")
    assert [c.port for c in claims] == [25]


def test_the_stunnel_backend_never_trusts_mynetworks():
    text = render("master.cf.j2")
    block = text[text.index("127.0.0.1:10465"):].split("\n\n")[0]
    assert "-o mynetworks=\n" in block
    assert "-o smtpd_relay_restrictions=permit_sasl_authenticated,reject_unauth_destination" in block
    # Every stunnel session comes from 127.0.0.1: port 25's client restrictions (the mail store's
    # permit_mynetworks, reject) must not apply here, or SMTPS refuses every client (found by make lab
    # TOPOLOGY=relay-store, the store at day 13).
    assert "-o smtpd_client_restrictions=\n" in block


def test_qmail_on_25_is_a_conflict_before_postfix_starts():
    claims = listen.claims_from("postfix_master", render("master.cf.j2"), "/etc/postfix/master.cf",
                                inet_interfaces="all", inet_protocols="ipv4")
    claims += listen.claims_from("sockets", 'LISTEN 0 20 0.0.0.0:25 0.0.0.0:* users:(("tcpserver",pid=812,fd=3))')
    (finding,) = [f for f in listen.find_conflicts(claims) if f.is_error]
    assert "qmail" in finding.fix


# ---------------------------------------------------------------- aliases

def test_aliases_reach_the_trainee():
    lines = [ln for ln in render("aliases.j2").splitlines() if ln and not ln.startswith("#")]
    aliases = dict(ln.split(": ", 1) for ln in lines)
    assert aliases["postmaster"] == "root" and aliases["root"] == "user1"
    assert aliases["mailer-daemon"] == "postmaster"
    lines = render("aliases.j2", postfix_aliases={"postmaster": "root", "root": ["user1", "admin@example.com"]})
    assert "root: user1, admin@example.com\n" in lines


# ---------------------------------------------------------------- refusals (tasks/main.yml)

@pytest.fixture(scope="module")
def collection_tests():
    """The assertions use serverlab.course.* tests."""
    with roles_render.collection_plugins():
        yield


def _settings_checks(**overrides):
    """(var, ok, msg) of each item of the role's 'Check the Postfix settings' assertion."""
    with open(os.path.join(ROLES, "postfix", "tasks", "main.yml")) as handle:
        tasks = yaml.safe_load(handle)
    task = next(t for t in tasks if t["name"] == "Check the Postfix settings")
    templar = roles_render.templar("postfix", "Debian", base=MAILCERT, **overrides)
    out = []
    for item in task["loop"]:
        ok = templar.template(trust_as_template(item["ok"]))
        out.append((item["var"], ok in (True, "True"), templar.template(trust_as_template(item["msg"]))))
    return out


def refused(**overrides):
    return [(var, msg) for var, ok, msg in _settings_checks(**overrides) if not ok]


@pytest.mark.usefixtures("collection_tests")
def test_the_lab_defaults_pass():
    assert refused() == []
    assert refused(postfix_mynetworks=["127.0.0.0/8", "10.0.0.0/8"]) == []


@pytest.mark.usefixtures("collection_tests")
@pytest.mark.parametrize("networks", [["127.0.0.0/8", "0.0.0.0/0"], ["0.0.0.0/1"], ["10.0.0.0/7"]])
def test_an_open_relay_is_refused(networks):
    (var, msg), = [r for r in refused(postfix_mynetworks=networks) if "open relay" in r[1]]
    assert var == "postfix_mynetworks"
    assert networks[-1] in msg and "192.168.0.0/24" in msg


@pytest.mark.usefixtures("collection_tests")
@pytest.mark.parametrize("networks", [["any"], ["192.168.0.10"], ["192.168.0.1/24"], []])
def test_mynetworks_must_be_networks(networks):
    assert [var for var, _unused in refused(postfix_mynetworks=networks)] == ["postfix_mynetworks"]


@pytest.mark.usefixtures("collection_tests")
def test_relay_rules_must_end_unauth_destinations():
    assert [v for v, _unused in refused(postfix_relay_restrictions=["permit_mynetworks", "permit"])] == ["postfix_relay_restrictions"]
    assert [v for v, _unused in refused(postfix_relay_restrictions=["permit_mynetworks"])] == ["postfix_relay_restrictions"]


@pytest.mark.usefixtures("collection_tests")
def test_postmaster_alias_is_required():
    (var, msg), = refused(postfix_aliases={"root": "user1"})
    assert var == "postfix_aliases" and "postmaster" in msg


# ---------------------------------------------------------------- the candidate checker

def test_checker_is_posix_sh():
    assert subprocess.run(["sh", "-n", CHECKER], check=False).returncode == 0
    assert os.stat(CHECKER).st_mode & stat.S_IXUSR


FAKE_POSTCONF = textwrap.dedent(r'''
    #!/usr/bin/env python3
    """Stand-in for postconf: -c DIR with -n, -M, -P [service], -h name (enough for the checker)."""
    import os, sys
    args = sys.argv[1:]
    conf = os.environ.get("MAIL_CONFIG", "/etc/postfix")
    if args[:1] == ["-c"]:
        conf, args = args[1], args[2:]
    main = {}
    for raw in open(os.path.join(conf, "main.cf")):
        if raw.strip() and not raw.startswith("#"):
            name, _, value = raw.partition("=")
            main[name.strip()] = value.strip()
    defaults = {"daemon_directory": os.environ["FAKE_DAEMON_DIR"], "queue_directory": os.environ["FAKE_QUEUE_DIR"],
                "smtpd_restriction_classes": "", "smtpd_sasl_auth_enable": "no", "smtpd_sasl_path": "private/auth",
                "myhostname": "h2g.example.com"}
    known = set(defaults) | {"myhostname", "mynetworks", "smtpd_relay_restrictions", "smtpd_helo_restrictions",
                             "smtpd_client_restrictions", "smtpd_tls_security_level"}
    if args == ["-n"]:
        for name in main:
            if name not in known:
                sys.stderr.write("postconf: warning: %s/main.cf: unused parameter: %s=%s\n" % (conf, name, main[name]))
            print("%s = %s" % (name, main[name]))
    elif args[:1] == ["-h"]:
        print(main.get(args[1], defaults.get(args[1], "")))
    elif args[:1] in (["-M"], ["-P"]):
        entries, last = [], None
        for raw in open(os.path.join(conf, "master.cf")):
            if not raw.strip() or raw.startswith("#"):
                continue
            if raw[0].isspace():
                entries[-1][1].append(raw.split("-o", 1)[1].strip())
            else:
                entries.append((raw.split(), []))
        for fields, opts in entries:
            if args[0] == "-M":
                print(" ".join(fields))
            elif len(args) == 1 or args[1] == "%s/%s" % (fields[0], fields[1]):
                for opt in opts:
                    name, _, value = opt.partition("=")
                    print("%s/%s/%s = %s" % (fields[0], fields[1], name, value))
''').lstrip()

FAKE_SMTPD = textwrap.dedent(r'''
    #!/bin/sh
    # Stand-in smtpd: knows these restriction names (the checker greps them) and answers a session.
    # permit permit_mynetworks permit_sasl_authenticated reject reject_unauth_destination
    case " $* " in *"smtpd_tls_security_level=bogus"*) exit 1 ;; esac
    printf '220 h2g.example.com ESMTP\r\n'
    while read -r line; do
        case "$line" in QUIT*) printf '221 2.0.0 Bye\r\n'; exit 0 ;; *) printf '250 ok\r\n' ;; esac
    done
''').lstrip()

MAIN = "myhostname = h2g.example.com\nsmtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination\n"
MASTER = ("smtp inet n - y - - smtpd\n"
          "submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n  -o smtpd_sasl_auth_enable=yes\n"
          "  -o smtpd_client_restrictions=permit_sasl_authenticated,reject\n")


@pytest.fixture
def fake_postfix(tmp_path):
    bindir = tmp_path / "bin"
    daemon = tmp_path / "libexec"
    queue = tmp_path / "spool"
    for d in (bindir, daemon, queue):
        d.mkdir()
    tools = {"postconf": "#!/usr/bin/env python3\n" + FAKE_POSTCONF.split("\n", 1)[1],
             "postfix": "#!/bin/sh\n[ \"$1\" = status ] && exit 1\nexit 0\n",
             "postalias": "#!/bin/sh\ngrep -n -v -E '^(#|$|[a-z0-9._-]+: )' \"${1#*:}\" | sed 's/^/postalias: warning: line /' >&2\nexit 0\n",
             "postmap": "#!/bin/sh\nexit 0\n"}
    for name, text in tools.items():
        (bindir / name).write_text(text)
        (bindir / name).chmod(0o755)
    (daemon / "smtpd").write_text(FAKE_SMTPD)
    (daemon / "smtpd").chmod(0o755)
    env = dict(os.environ, PATH="%s:%s" % (bindir, os.environ["PATH"]), FAKE_DAEMON_DIR=str(daemon),
               FAKE_QUEUE_DIR=str(queue))
    env.pop("MAIL_CONFIG", None)
    return tmp_path, env


def run_checker(fake, main=MAIN, master=MASTER):
    tmp, env = fake
    (tmp / "main.cf").write_text(main)
    (tmp / "master.cf").write_text(master)
    return subprocess.run(["sh", CHECKER, "pair", str(tmp / "main.cf"), str(tmp / "master.cf")], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, check=False)


def test_checker_accepts_a_good_pair(fake_postfix):
    result = run_checker(fake_postfix)
    assert result.returncode == 0, result.stderr
    # Dovecot's socket is not there yet: submission is read with SASL off, and the checker says so.
    assert result.stderr == "" and "submission read with SASL off" in result.stdout


def test_checker_refuses_a_misspelt_parameter(fake_postfix):
    result = run_checker(fake_postfix, main=MAIN + "smtpd_tls_securty_level = may\n")
    assert result.returncode == 1
    assert "unused parameter: smtpd_tls_securty_level" in result.stderr and "postconf -n refused" in result.stderr


def test_checker_refuses_an_unknown_restriction(fake_postfix):
    result = run_checker(fake_postfix, main=MAIN.replace("permit_sasl_authenticated", "permit_sasl_authenticatd"))
    assert result.returncode == 1
    assert "smtpd_relay_restrictions: permit_sasl_authenticatd" in result.stderr
    result = run_checker(fake_postfix, master=MASTER.replace(",reject", ",rejectt"))
    assert result.returncode == 1 and "submission/inet/smtpd_client_restrictions: rejectt" in result.stderr


def test_checker_refuses_what_smtpd_refuses(fake_postfix):
    result = run_checker(fake_postfix, master=MASTER.replace("=encrypt", "=bogus"))
    assert result.returncode == 1 and "service 'submission' refused" in result.stderr


def test_checker_reads_aliases(fake_postfix):
    tmp, env = fake_postfix
    (tmp / "aliases").write_text(render("aliases.j2"))
    good = subprocess.run(["sh", CHECKER, "aliases", str(tmp / "aliases")], env=env, stderr=subprocess.PIPE,
                          universal_newlines=True, check=False)
    assert good.returncode == 0, good.stderr
    (tmp / "aliases").write_text("postmaster root\n")
    bad = subprocess.run(["sh", CHECKER, "aliases", str(tmp / "aliases")], env=env, stderr=subprocess.PIPE,
                         universal_newlines=True, check=False)
    assert bad.returncode == 1 and "postalias hash: refused" in bad.stderr


# ---------------------------------------------------------------- the mail system split across hosts

SPLIT = [{"name": "h2g", "address": "192.168.0.30", "role": "store"},
         {"name": "relay", "address": "192.168.0.31", "role": "relay"},
         {"name": "relay2", "address": "192.168.0.32", "role": "backup-relay"}]


@pytest.fixture
def split_filters():
    with roles_render.collection_plugins():
        yield


def split(template, hostname, address, family="Debian"):
    return render(template, family, lab_mail_hosts=SPLIT, lab_hostname=hostname, lab_address=address)


@pytest.mark.usefixtures("split_filters")
@pytest.mark.parametrize("hostname, address", [("relay", "192.168.0.31"), ("relay2", "192.168.0.32")])
def test_relay_routes_the_domain_to_the_store_and_stores_nothing(hostname, address):
    cf = main_cf(split("main.cf.j2", hostname, address))
    assert cf["myhostname"] == "%s.example.com" % hostname
    assert cf["mydestination"] == "" and cf["local_recipient_maps"] == ""
    assert cf["local_transport"].startswith("error:")
    assert cf["relay_domains"] == "$mydomain"
    assert "relay_domains" not in cf["parent_domain_matches_subdomains"]
    assert cf["transport_maps"] == "hash:/etc/postfix/transport"
    # Relaying out for the store only, never for the lab at large.
    assert cf["mynetworks"] == "127.0.0.0/8 192.168.0.30/32"
    assert cf["disable_vrfy_command"] == "yes"
    assert cf["relayhost"] == "" and "smtpd_client_restrictions" not in cf
    table = [ln.split("\t") for ln in split("transport.j2", hostname, address).splitlines() if not ln.startswith("#")]
    assert table == [["example.com", "smtp:[192.168.0.30]"]]
    master = services(split("master.cf.j2", hostname, address))
    assert ("submission", "inet") not in master and not any(":" in name for name, _kind in master)


@pytest.mark.usefixtures("split_filters")
def test_store_sends_through_the_relay_and_takes_mail_from_relays_and_lab_only():
    cf = main_cf(split("main.cf.j2", "h2g", "192.168.0.30"))
    assert cf["relayhost"] == "[192.168.0.31]"
    assert cf["mydestination"] == "$myhostname, localhost, $mydomain, localhost.$mydomain"
    assert cf["mynetworks"] == "127.0.0.0/8 192.168.0.0/24 192.168.0.31/32 192.168.0.32/32"
    assert cf["smtpd_client_restrictions"] == "permit_mynetworks, reject"
    assert not any(name in cf for name in ("relay_domains", "transport_maps", "disable_vrfy_command",
                                           "local_transport"))
    assert ("submission", "inet") in services(split("master.cf.j2", "h2g", "192.168.0.30"))


def test_the_single_host_gets_none_of_the_split():
    cf = main_cf(render("main.cf.j2"))
    assert not any(name in cf for name in ("relay_domains", "transport_maps", "disable_vrfy_command",
                                           "local_transport", "smtpd_client_restrictions"))
