# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The qmail role's templates and derived variables, rendered as a play would for Debian and EL.

The control files are checked with our qmail parser (as the role does before writing them), the
smtpd rules with our tcprules parser and, where ucspi-tcp is installed, compiled by the real
tcprules and queried with the real tcprulescheck: only loopback and the lab may relay. The run
scripts pass `sh -n` and, where it is installed, shellcheck; the listen parser sees tcpserver on
port 25. Every default has an entry in meta/argument_specs.yml.
"""

from __future__ import annotations

import os
import stat
import subprocess

import pytest
import yaml

import modrun
import roles_render

from ansible_collections.serverlab.course.plugins.module_utils import listen, qmail, tcprules
from ansible_collections.serverlab.course.plugins.modules import qmail_control_check, tcprules_check

ROLE = os.path.join(os.path.dirname(__file__), "..", "..", "roles", "qmail")
FAMILIES = ("Debian", "RedHat")


def value(name, family="Debian", **overrides):
    """A role variable as the play sees it (defaults, vars/<family>.yml, vars/main.yml)."""
    return roles_render.template(roles_render.templar("qmail", family, **overrides), "{{ %s }}" % name)


def render(name, family="Debian", **overrides):
    return roles_render.render("qmail", name, family, **overrides)


def codes(findings):
    return [f.code for f in findings]


# ----------------------------------------------------------------------------- control files

@pytest.mark.parametrize("family", FAMILIES)
def test_default_control_files_from_the_lab_model(family):
    files = value("__qmail_control_files", family)
    assert files == {
        "me": "h2g.example.com\n",
        "locals": "h2g.example.com\nexample.com\n",
        "rcpthosts": "h2g.example.com\nexample.com\n",
        "defaulthost": "example.com\n",
        "defaultdomain": "example.com\n",
        "plusdomain": "example.com\n",
    }
    # The role's preflight check, on the whole candidate set: not even a warning.
    assert qmail.check_control(files) == []
    summary = qmail.summary(files)
    assert summary["me"] == "h2g.example.com" and summary["smtproutes"] is None


def test_control_files_follow_the_lab_model():
    files = value("__qmail_control_files", lab_hostname="mx1", lab_domain="school.test")
    assert files["me"] == "mx1.school.test\n"
    assert files["locals"] == files["rcpthosts"] == "mx1.school.test\nschool.test\n"
    assert files["defaultdomain"] == "school.test\n"


def test_a_local_domain_outside_rcpthosts_is_refused():
    files = value("__qmail_control_files", qmail_rcpthosts=["h2g.example.com"])
    found = qmail.check_control(files)
    assert codes(found) == ["qmail-local-not-rcpthost"]
    assert "553 sorry" in found[0].message and found[0].path == "/var/qmail/control/locals"
    # The module the role runs says so and fails the task.
    out = modrun.run(qmail_control_check, files=files, check_aliases=False)
    assert out.failed and "example.com is a local domain" in out.result["msg"]


def test_empty_one_line_files_are_left_out():
    files = value("__qmail_control_files", qmail_defaulthost="", qmail_plusdomain="")
    assert "defaulthost" not in files and "plusdomain" not in files and "defaultdomain" in files
    assert qmail.check_control(files) == []
    # ... and the role removes exactly those (the optional files not in the set).
    optional = value("__qmail_control_optional")
    assert [n for n in optional if n not in files] == ["defaulthost", "plusdomain", "smtproutes"]


def test_smtproutes_default_route_and_per_domain_relay():
    routes = [{"domain": "", "relay": "192.168.0.5"},
              {"domain": "example.net", "relay": "mx.example.net", "port": 2525},
              {"relay": "[192.168.0.6]", "domain": ".example.org", "port": None}]
    files = value("__qmail_control_files", qmail_smtproutes=routes)
    assert files["smtproutes"] == ":[192.168.0.5]\nexample.net:mx.example.net:2525\n.example.org:[192.168.0.6]\n"
    parsed, found = qmail.parse_smtproutes(files["smtproutes"])
    assert found == []
    assert [(r.domain, r.relay, r.port) for r in parsed] == [
        ("", "[192.168.0.5]", None), ("example.net", "mx.example.net", 2525), (".example.org", "[192.168.0.6]", None)]
    assert qmail.check_control(files) == []


def test_a_bad_smtproutes_relay_is_refused():
    files = value("__qmail_control_files", qmail_smtproutes=[{"domain": "", "relay": "not a host"}])
    assert "qmail-smtproutes-syntax" in codes(qmail.check_control(files))


# ----------------------------------------------------------------------------- aliases

def test_aliases_forward_to_the_trainee_and_pass_the_check(tmp_path):
    files = value("__qmail_alias_files")
    assert files == {".qmail-postmaster": "&user1\n", ".qmail-mailer-daemon": "&user1\n", ".qmail-root": "&user1\n"}
    # Written as the role writes them (0644) they satisfy the evaluator's check.
    for name, text in files.items():
        (tmp_path / name).write_text(text)
        os.chmod(str(tmp_path / name), 0o644)
    entries = qmail.read_alias_dir(str(tmp_path))
    assert all(not mode & stat.S_IWOTH for mode in entries.values())
    assert qmail.check_aliases(entries, str(tmp_path)) == []


def test_alias_delivery_instructions_are_kept():
    files = value("__qmail_alias_files", qmail_aliases={"postmaster": "./Maildir/", "root": "admin@example.net",
                                                        "mailer-daemon": "|/usr/bin/logger bounce"})
    assert files == {".qmail-postmaster": "./Maildir/\n", ".qmail-root": "&admin@example.net\n",
                     ".qmail-mailer-daemon": "|/usr/bin/logger bounce\n"}


# ----------------------------------------------------------------------------- smtpd rules

DEFAULT_RULES = '127.0.0.1:allow\n192.168.0.:allow,RELAYCLIENT=""\n:allow\n'


def rule_lines(text):
    return "".join(line + "\n" for line in text.splitlines() if line and not line.startswith("#"))


@pytest.mark.parametrize("family", FAMILIES)
def test_default_rules_relay_for_the_lab_only_not_for_stunnels_loopback(family):
    text = render("smtp.rules.j2", family)
    assert text.endswith(":allow\n") and "\n\n" not in text
    assert rule_lines(text) == DEFAULT_RULES
    rules, found = tcprules.check_text(text, "/etc/tcp/smtp")
    assert found == []
    assert tcprules.describe(rules, "127.0.0.1")["env"] == {}
    assert tcprules.describe(rules, "192.168.0.5")["env"] == {"RELAYCLIENT": ""}
    outside = tcprules.describe(rules, "203.0.113.9")
    assert (outside["key"], outside["action"], outside["env"]) == ("", "allow", {})


def test_an_open_relay_is_refused_with_the_modules_message():
    text = render("smtp.rules.j2", qmail_smtpd_rules=[{"address": "", "env": {"RELAYCLIENT": ""}}])
    assert rule_lines(text) == ':allow,RELAYCLIENT=""\n'
    out = modrun.run(tcprules_check, content=text, path="/etc/tcp/smtp", lab_network="192.168.0.0/24")
    assert out.failed
    assert [f["code"] for f in out.result["findings"]] == ["tcprules-open-relay"]
    assert "an open relay" in out.result["msg"]


def test_relay_outside_the_lab_is_refused():
    rules = [{"address": "127.0.0.1", "env": {"RELAYCLIENT": ""}}, {"address": "10.", "env": {"RELAYCLIENT": ""}},
             {"address": ""}]
    text = render("smtp.rules.j2", qmail_smtpd_rules=rules)
    assert codes(tcprules.check_text(text)[1]) == ["tcprules-relay-outside-lab"]


def test_deny_rules_and_extra_environment():
    rules = [{"address": "203.0.113.", "action": "deny"},
             {"address": "192.168.0.", "env": {"RELAYCLIENT": "", "DATABYTES": "1000000"}},
             {"address": ""}]
    text = render("smtp.rules.j2", qmail_smtpd_rules=rules)
    assert rule_lines(text) == '203.0.113.:deny\n192.168.0.:allow,RELAYCLIENT="",DATABYTES="1000000"\n:allow\n'
    parsed, found = tcprules.check_text(text)
    assert found == []
    assert tcprules.describe(parsed, "203.0.113.7")["action"] == "deny"


@pytest.mark.parametrize("network, address, inside, outside", [
    ("192.168.0.0/24", "192.168.0.", "192.168.0.77", "192.168.1.77"),
    ("10.20.0.0/16", "10.20.", "10.20.30.40", "10.21.0.1"),
    ("10.0.0.0/8", "10.", "10.200.1.1", "11.0.0.1"),
    ("10.1.2.128/25", "10.1.2.128-255", "10.1.2.200", "10.1.2.100"),
    ("172.16.16.0/20", "172.16.16-31.", "172.16.31.9", "172.16.32.9"),
    ("192.168.0.10/32", "192.168.0.10", "192.168.0.10", "192.168.0.11"),
])
def test_the_lab_network_in_tcprules_form(network, address, inside, outside):
    assert value("__qmail_lab_rule_address", lab_network=network) == address
    text = render("smtp.rules.j2", lab_network=network)
    rules, found = tcprules.check_text(text, "/etc/tcp/smtp", network)
    assert found == []
    assert tcprules.describe(rules, inside)["env"] == {"RELAYCLIENT": ""}
    assert tcprules.describe(rules, outside)["env"] == {}


def _compile(tmp_path, text):
    (tmp_path / "smtp").write_text(text)
    with open(str(tmp_path / "smtp"), "rb") as stdin:
        proc = subprocess.run(["tcprules", "smtp.cdb", "smtp.tmp"], cwd=str(tmp_path), stdin=stdin,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    assert proc.returncode == 0, proc.stderr
    return tmp_path / "smtp.cdb"


def _tcprulescheck(cdb, ip):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TCPREMOTEIP": ip}
    return subprocess.run(["tcprulescheck", str(cdb)], env=env, stdout=subprocess.PIPE,
                          universal_newlines=True, check=True).stdout.rstrip("\n")


@pytest.mark.parametrize("family", FAMILIES)
def test_real_tcprules_compiles_the_rendered_rules(tmp_path, family):
    text = render("smtp.rules.j2", family)
    cdb = _compile(tmp_path, text)
    rules = tcprules.parse_rules(text)
    assert tcprules.read_cdb(cdb.read_bytes()) == tcprules.compiled_records(rules)
    # What tcpserver applies, from the real tool: the lab relays, the Internet does not.
    lab = _tcprulescheck(cdb, "192.168.0.5")
    assert lab == "rule 192.168.0.:\nset environment variable RELAYCLIENT=\nallow connection"
    internet = _tcprulescheck(cdb, "203.0.113.9")
    assert internet == "rule :\nallow connection" and "RELAYCLIENT" not in internet
    assert _tcprulescheck(cdb, "127.0.0.1") == "rule 127.0.0.1:\nallow connection"
    for ip in ("192.168.0.5", "203.0.113.9", "127.0.0.1"):
        assert _tcprulescheck(cdb, ip) == tcprules.describe(rules, ip)["text"]
    # The check the role runs after compiling: the cdb holds exactly these rules.
    assert tcprules.check_cdb_fresh(str(tmp_path / "smtp"), str(cdb), rules) == []


def test_real_tcprulescheck_for_a_subnetted_lab(tmp_path):
    text = render("smtp.rules.j2", lab_network="10.1.2.128/25")
    cdb = _compile(tmp_path, text)
    assert "RELAYCLIENT" in _tcprulescheck(cdb, "10.1.2.130")
    assert "RELAYCLIENT" not in _tcprulescheck(cdb, "10.1.2.127")


# ----------------------------------------------------------------------------- run scripts

RUNS = ("qmail-send.run.j2", "qmail-smtpd.run.j2", "log.run.j2")


@pytest.mark.parametrize("family, smtpd_bin, dt_bin", [
    ("Debian", "/usr/bin", "/usr/bin"), ("RedHat", "/usr/local/bin", "/command")])
def test_smtpd_run_script(family, smtpd_bin, dt_bin):
    text = render("qmail-smtpd.run.j2", family)
    assert text.startswith("#!/bin/sh\n") and "exec 2>&1\n" in text
    # ids looked up when the service starts, never rendered as numbers
    assert "QMAILDUID=$(id -u qmaild)" in text and "NOFILESGID=$(id -g qmaild)" in text
    command = " ".join(text.split("exec %s/softlimit" % dt_bin, 1)[1].replace("\\\n", " ").split())
    assert command == ("-m 64000000 %s/tcpserver -v -R -l 0 -x /etc/tcp/smtp.cdb -c 20 -u \"$QMAILDUID\" "
                       "-g \"$NOFILESGID\" 0 25 /var/qmail/bin/qmail-smtpd 2>&1" % smtpd_bin)
    # It refuses to start without rcpthosts (an open relay).
    assert "[ ! -f /var/qmail/control/rcpthosts ]" in text
    # What the evaluator's port check reads from the run script.
    service_dir = value("__qmail_service_dir", family)
    claims = listen.claims_from("tcpserver", text, service_dir + "/qmail-smtpd/run")
    assert [(c.address, c.port, c.service) for c in claims] == [("0.0.0.0", 25, "qmail-smtpd")]


def test_smtpd_without_memory_limit_and_on_the_lab_address():
    text = render("qmail-smtpd.run.j2", qmail_smtpd_memory_limit=0, qmail_smtpd_ip="192.168.0.10",
                  qmail_smtpd_max_connections=5)
    assert "softlimit" not in text
    assert "exec /usr/bin/tcpserver -v -R -l 0 -x /etc/tcp/smtp.cdb -c 5 \\\n" in text
    claims = listen.claims_from("tcpserver", text, "/etc/service/qmail-smtpd/run")
    assert [(c.address, c.port) for c in claims] == [("192.168.0.10", 25)]


@pytest.mark.parametrize("family", FAMILIES)
def test_send_run_script(family):
    text = render("qmail-send.run.j2", family)
    assert text.splitlines()[-1] == 'exec env - PATH="/var/qmail/bin:$PATH" qmail-start ./Maildir/'
    assert "/var/qmail/supervise/qmail-send/log/main/current" in text
    splog = render("qmail-send.run.j2", family, qmail_send_logger="splogger")
    # the course's command line
    assert splog.splitlines()[-1] == 'exec env - PATH="/var/qmail/bin:$PATH" qmail-start ./Maildir/ splogger qmail'
    mbox = render("qmail-send.run.j2", family, qmail_default_delivery="./Mailbox")
    assert mbox.splitlines()[-1].endswith("qmail-start ./Mailbox")
    odd = render("qmail-send.run.j2", family, qmail_default_delivery="|preline procmail")
    assert odd.splitlines()[-1].endswith("qmail-start '|preline procmail'")


@pytest.mark.parametrize("family, dt_bin", [("Debian", "/usr/bin"), ("RedHat", "/command")])
def test_log_run_script(family, dt_bin):
    assert render("log.run.j2", family).splitlines()[-1] == \
        "exec %s/setuidgid qmaill %s/multilog t ./main" % (dt_bin, dt_bin)


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("name", RUNS)
def test_run_scripts_are_valid_sh(tmp_path, family, name):
    path = tmp_path / "run"
    path.write_text(render(name, family))
    assert subprocess.run(["sh", "-n", str(path)], check=False).returncode == 0


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("name, overrides", [
    ("qmail-send.run.j2", {}), ("qmail-send.run.j2", {"qmail_send_logger": "splogger"}),
    ("qmail-smtpd.run.j2", {}), ("qmail-smtpd.run.j2", {"qmail_smtpd_memory_limit": 0}),
    ("log.run.j2", {})])
def test_run_scripts_are_shellcheck_clean(tmp_path, family, name, overrides):
    path = tmp_path / "run"
    path.write_text(render(name, family, **overrides))
    proc = subprocess.run(["shellcheck", "-s", "sh", str(path)], stdout=subprocess.PIPE,
                          universal_newlines=True, check=False)
    assert proc.returncode == 0, proc.stdout


# ----------------------------------------------------------------------------- paths and variables

@pytest.mark.parametrize("family, service_dir, packages, ucspi", [
    ("Debian", "/etc/service", ["gcc", "make", "libc6-dev", "groff-base"], "package"),
    ("RedHat", "/service", ["gcc", "make", "glibc-devel", "groff-base"], "source")])
def test_paths_by_family(family, service_dir, packages, ucspi):
    assert value("__qmail_service_dir", family) == service_dir
    # the daemontools role's value wins when it is set
    assert value("__qmail_service_dir", family, daemontools_service_dir="/srv/svc") == "/srv/svc"
    build = roles_render.templar("daemontools", family)
    assert set(packages) <= set(roles_render.template(build, "{{ __daemontools_build_tools + ['groff-base'] }}"))
    assert value("__qmail_ucspi_install_method", family) == ucspi
    assert value("__qmail_send_service", family) == "/var/qmail/supervise/qmail-send"
    assert value("qmail_source_url", family) == "https://www.qmail.org/netqmail-1.06.tar.gz"
    # the build itself (tarball, conf-cc with the errno fix) is daemontools' one recipe: test_djb_build.py


def test_qmail_ids_as_install_ids_says():
    accounts = {a["name"]: (a["group"], a["home"]) for a in value("__qmail_accounts")}
    assert accounts == {
        "alias": ("nofiles", "/var/qmail/alias"), "qmaild": ("nofiles", "/var/qmail"),
        "qmaill": ("nofiles", "/var/qmail"), "qmailp": ("nofiles", "/var/qmail"),
        "qmailq": ("qmail", "/var/qmail"), "qmailr": ("qmail", "/var/qmail"), "qmails": ("qmail", "/var/qmail")}
    assert value("__qmail_groups") == ["nofiles", "qmail"]


def _yaml(*parts):
    with open(os.path.join(ROLE, *parts)) as handle:
        return yaml.safe_load(handle)


def test_every_default_is_described_in_argument_specs():
    defaults = set(_yaml("defaults", "main.yml"))
    specs = _yaml("meta", "argument_specs.yml")["argument_specs"]
    options = specs["main"]["options"]
    assert defaults == set(options)
    assert all(o.get("description") for o in options.values())
    # preflight.yml (run by the playbook first) checks the same variables
    assert specs["preflight"]["options"] == options
    assert options["qmail_send_logger"]["choices"] == ["multilog", "splogger"]


# ----------------------------------------------------------------------------- the mail split (lab_mail_hosts)
# qmail's shape of the relay and the store, from the same model as Postfix's. qmail cannot be built here (its
# sources are not reachable), so the split is rendered and validated: the control files by the role's own
# preflight check (qmail_control_check), the rules by tcprules_check and, where installed, the real tcprules.

SPLIT = [{"name": "h2g", "address": "192.168.0.30", "role": "store"},
         {"name": "relay", "address": "192.168.0.31", "role": "relay"},
         {"name": "relay2", "address": "192.168.0.32", "role": "backup-relay"}]


@pytest.fixture
def split_filters():
    with roles_render.collection_plugins():
        yield


def split_value(name, hostname, address, family="Debian"):
    return value(name, family, lab_mail_hosts=SPLIT, lab_hostname=hostname, lab_address=address)


def split_rules(hostname, address, family="Debian"):
    text = render("smtp.rules.j2", family, lab_mail_hosts=SPLIT, lab_hostname=hostname, lab_address=address)
    rules, found = tcprules.check_text(text, "/etc/tcp/smtp", "192.168.0.0/24")
    assert found == [], found
    return text, rules


@pytest.mark.usefixtures("split_filters")
@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("hostname, address", [("relay", "192.168.0.31"), ("relay2", "192.168.0.32")])
def test_a_relay_routes_the_domain_to_the_store_and_stores_nothing(family, hostname, address):
    files = split_value("__qmail_control_files", hostname, address, family)
    assert files["me"] == "%s.example.com\n" % hostname
    assert files["locals"] == "\n"  # no local domain: nothing is delivered at the edge
    assert files["rcpthosts"] == "example.com\n"  # the domain it is the MX of, from everyone
    assert files["smtproutes"] == "example.com:[192.168.0.30]\n"  # the fixed route to the store
    assert qmail.check_control(files) == []
    out = modrun.run(qmail_control_check, files=files, check_aliases=False)
    assert not out.failed and out.result["findings"] == []
    _text, rules = split_rules(hostname, address, family)
    # Relay control: the store relays out through it, the lab at large does not, nobody is refused the domain.
    assert tcprules.describe(rules, "192.168.0.30")["env"] == {"RELAYCLIENT": ""}
    assert tcprules.describe(rules, "192.168.0.5")["env"] == {}
    assert tcprules.describe(rules, "127.0.0.1")["env"] == {}
    assert tcprules.describe(rules, "203.0.113.9")["action"] == "allow"


@pytest.mark.usefixtures("split_filters")
@pytest.mark.parametrize("family", FAMILIES)
def test_the_store_sends_through_the_relay_and_takes_mail_from_the_lab_only(family):
    files = split_value("__qmail_control_files", "h2g", "192.168.0.30", family)
    assert files["locals"] == "h2g.example.com\nexample.com\n"
    assert files["smtproutes"] == ":[192.168.0.31]\n"  # the default route: the relay is its smart host
    assert qmail.check_control(files) == []
    _text, rules = split_rules("h2g", "192.168.0.30", family)
    assert tcprules.describe(rules, "192.168.0.31")["env"] == {"RELAYCLIENT": ""}
    assert tcprules.describe(rules, "203.0.113.9")["action"] == "deny"


@pytest.mark.usefixtures("split_filters")
def test_the_single_host_keeps_its_shape():
    assert value("qmail_smtproutes") == []
    assert "smtproutes" not in value("__qmail_control_files")


@pytest.mark.usefixtures("split_filters")
def test_the_split_rules_compile_with_the_real_tcprules(tmp_path):
    """What tcpserver applies, from the real tool: the store relays through the relay, the lab does not; the
    store lets the relays relay and refuses the world."""
    for hostname, address, client, expected in (
            ("relay", "192.168.0.31", "192.168.0.30", "rule 192.168.0.30:\nset environment variable RELAYCLIENT=\n"
                                                      "allow connection"),
            ("relay", "192.168.0.31", "192.168.0.5", "rule :\nallow connection"),
            ("h2g", "192.168.0.30", "192.168.0.31", "rule 192.168.0.:\nset environment variable RELAYCLIENT=\n"
                                                    "allow connection"),
            ("h2g", "192.168.0.30", "203.0.113.9", "rule :\ndeny connection")):
        text, rules = split_rules(hostname, address)
        cdb = _compile(tmp_path, text)
        assert _tcprulescheck(cdb, client) == expected == tcprules.describe(rules, client)["text"]
