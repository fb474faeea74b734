"""Day 8, the mail split on the qmail track (checks/mailsplit.py): the store's and the relays' checks read
qmail's control files and the tcpserver rules. The VMs are the qmail role's own files for the lab model
(rendered as a play would, the rules compiled by the real tcprules): they pass, and each trainee mistake
fails with the fix in qmail's terms. qmail cannot be built here (no source), so this is where the qmail
split is graded end to end; the network view's checks speak SMTP and are the same for both MTAs."""

from __future__ import annotations

import functools
import json
import os
import subprocess

import pytest

import roles_render
from ansible_collections.serverlab.course.plugins.module_utils import catalog
from ansible_collections.serverlab.course.plugins.module_utils.checks import common, mailprobe, mailsplit
from labtree import fails
from mailtree import MailLab

HOSTS = [{"name": "h2g", "address": "192.168.0.30", "role": "store"},
         {"name": "relay", "address": "192.168.0.31", "role": "relay"},
         {"name": "relay2", "address": "192.168.0.32", "role": "backup-relay"}]
STORE, RELAY, BACKUP = "192.168.0.30", "192.168.0.31", "192.168.0.32"
NAMES = {STORE: "h2g", RELAY: "relay", BACKUP: "relay2"}


@functools.lru_cache(maxsize=None)
def rendered(address):
    """The qmail role's control files, rules and the lab.json mail_topology for the host at `address`."""
    with roles_render.collection_plugins():
        overrides = {"lab_mail_hosts": HOSTS, "lab_address": address, "lab_hostname": NAMES[address]}
        templar = roles_render.templar("qmail", "Debian", **overrides)
        files = roles_render.template(templar, "{{ __qmail_control_files }}")
        topology = roles_render.template(templar, "{{ lab_mail_topology }}")
        rules = roles_render.render("qmail", "smtp.rules.j2", "Debian", **overrides)
    return files, rules, topology


@pytest.fixture(scope="module", params=[STORE, RELAY, BACKUP], ids=["store", "relay", "backup-relay"])
def model(request):
    return request.param, rendered(request.param)


class Runner(object):
    """Answers the SMTP probes (the greeting of a peer, VRFY on the VM's own port 25)."""

    def __init__(self, greets=True, vrfy="252 send some mail, i'll try my best"):
        self.greets = greets
        self.vrfy = vrfy

    def __call__(self, argv):
        if len(argv) > 2 and argv[2] == common.PROBE:
            return 0, ("answer 220 peer.example.com ESMTP\n" if self.greets else "refused connection refused\n"), ""
        if len(argv) > 2 and argv[2] == mailprobe.SCRIPT:
            answer = {"ok": True, "banner": "220 relay.example.com ESMTP", "vrfy": self.vrfy}
            return 0, json.dumps(answer) + "\n", ""
        return 127, "", "%s: command not found" % argv[0]


def vm(tmp_path, address, files, rules):
    lab = MailLab(tmp_path / NAMES[address])
    for name in os.listdir(lab.real("/var/qmail/control")):  # the single host's files MailLab starts with
        lab.remove("/var/qmail/control/" + name)
    for name, text in files.items():
        lab.write("/var/qmail/control/" + name, text)
    lab.write("/etc/tcp/smtp", rules)
    lab.compile_rules()
    return lab


def grade(lab, address, topology, check, runner=None):
    config = {"network": "192.168.0.0/24", "domain": "example.com", "mail_topology": topology,
              "tracks": {"mta": "qmail", "mail": topology["role"]}}
    return getattr(mailsplit, check)(lab.ctx(runner=runner or Runner(), **config))


STORE_CHECKS = ("check_store_smart_host", "check_store_relay_control")
RELAY_CHECKS = ("check_relay_route", "check_relay_control", "check_relay_no_local_mail", "check_relay_vrfy")


def test_the_roles_files_pass_every_check_of_their_host(tmp_path, model):
    address, (files, rules, topology) = model
    lab = vm(tmp_path, address, files, rules)
    names = STORE_CHECKS if topology["role"] == "store" else RELAY_CHECKS
    for name in names:
        result = grade(lab, address, topology, name)
        assert result.status == "PASS", (name, result)
    # The catalog gives a qmail host the same checks as a Postfix one.
    ids = [c.id for c in catalog.select([8], config={"tracks": {"mta": "qmail", "mail": topology["role"]}})]
    expected = ["8.50", "8.51", "8.56"] if topology["role"] == "store" else ["8.52", "8.53", "8.54", "8.55"]
    assert [i for i in ids if i.startswith("8.5")] == expected


@pytest.fixture
def store(tmp_path):
    files, rules, topology = rendered(STORE)
    return vm(tmp_path, STORE, files, rules), topology


@pytest.fixture
def relay(tmp_path):
    files, rules, topology = rendered(RELAY)
    return vm(tmp_path, RELAY, files, rules), topology


def edit(lab, path, text, compile_rules=False):
    lab.write(path, text)
    if compile_rules:
        lab.compile_rules()


# ---------------------------------------------------------------- the store

def test_a_store_without_a_default_route_is_caught(store):
    lab, topology = store
    lab.remove("/var/qmail/control/smtproutes")
    fails(grade(lab, STORE, topology, "check_store_smart_host"), "has no default route",
          "echo ':[192.168.0.31]' >> /var/qmail/control/smtproutes")


def test_a_store_routed_to_itself_is_caught(store):
    lab, topology = store
    edit(lab, "/var/qmail/control/smtproutes", ":[192.168.0.30]\n")
    fails(grade(lab, STORE, topology, "check_store_smart_host"), "':[192.168.0.30]', which is no relay of the lab",
          "The line must be ':[192.168.0.31]'")


def test_a_silent_smart_host_is_caught(store):
    lab, topology = store
    fails(grade(lab, STORE, topology, "check_store_smart_host", Runner(greets=False)),
          "does not greet the store on port 25", "qmail-qstat")


def test_a_store_open_to_everyone_is_caught(store):
    lab, topology = store
    edit(lab, "/etc/tcp/smtp", '127.0.0.1:allow\n192.168.0.:allow,RELAYCLIENT=""\n:allow\n', compile_rules=True)
    fails(grade(lab, STORE, topology, "check_store_relay_control"), "lets a client outside the lab and the relays in",
          "203.0.113.25", "':deny'")


def test_a_store_that_refuses_the_lab_is_caught(store):
    lab, topology = store
    edit(lab, "/etc/tcp/smtp", '127.0.0.1:allow\n192.168.0.31:allow\n192.168.0.32:allow\n:deny\n',
         compile_rules=True)
    fails(grade(lab, STORE, topology, "check_store_relay_control"), "refuses 192.168.0.", "an allow line before")


def test_rules_edited_but_not_compiled_are_caught(store):
    lab, topology = store
    edit(lab, "/etc/tcp/smtp", '127.0.0.1:allow\n192.168.0.:allow,RELAYCLIENT=""\n:allow\n')
    subprocess.run(["touch", "-d", "2000-01-01", lab.real("/etc/tcp/smtp.cdb")], check=True)
    fails(grade(lab, STORE, topology, "check_store_relay_control"), "older than", "tcprules")


# ---------------------------------------------------------------- the relays

def test_a_relay_without_the_domain_in_rcpthosts_is_caught(relay):
    lab, topology = relay
    edit(lab, "/var/qmail/control/rcpthosts", "relay.example.com\n")
    fails(grade(lab, RELAY, topology, "check_relay_route"), "rcpthosts does not name example.com",
          "echo example.com >> /var/qmail/control/rcpthosts")


def test_a_relay_without_a_route_is_caught(relay):
    lab, topology = relay
    lab.remove("/var/qmail/control/smtproutes")
    fails(grade(lab, RELAY, topology, "check_relay_route"), "no route for example.com", "mail loops back",
          "'example.com:[192.168.0.30]'")


def test_a_route_to_the_wrong_host_is_caught(relay):
    lab, topology = relay
    edit(lab, "/var/qmail/control/smtproutes", "example.com:[192.168.0.32]\n")
    fails(grade(lab, RELAY, topology, "check_relay_route"), "'example.com:[192.168.0.32]', not the mail store "
          "192.168.0.30")


def test_a_store_that_does_not_answer_the_relay_is_caught(relay):
    lab, topology = relay
    fails(grade(lab, RELAY, topology, "check_relay_route", Runner(greets=False)),
          "does not greet the relay on port 25", "tcpserver rules")


@pytest.mark.parametrize("rules, fragment", [
    ('127.0.0.1:allow\n192.168.0.:allow,RELAYCLIENT=""\n:allow\n', "gives RELAYCLIENT to 192.168.0."),
    ('127.0.0.1:allow\n192.168.0.30:allow\n:allow\n', "does not let the store relay"),
    ('127.0.0.1:allow\n192.168.0.30:allow,RELAYCLIENT=""\n:allow,RELAYCLIENT=""\n', "an open relay"),
])
def test_relay_control_mistakes_in_the_rules_are_caught(relay, rules, fragment):
    lab, topology = relay
    edit(lab, "/etc/tcp/smtp", rules, compile_rules=True)
    fails(grade(lab, RELAY, topology, "check_relay_control"), fragment)


def test_a_relay_without_rcpthosts_is_an_open_relay(relay):
    lab, topology = relay
    lab.remove("/var/qmail/control/rcpthosts")
    fails(grade(lab, RELAY, topology, "check_relay_control"), "rcpthosts is missing", "open relay")


def test_a_relay_accepting_other_domains_is_caught(relay):
    lab, topology = relay
    edit(lab, "/var/qmail/control/rcpthosts", "example.com\nexample.net\n")
    fails(grade(lab, RELAY, topology, "check_relay_control"), "names example.net besides example.com")


@pytest.mark.parametrize("name, text, fragment", [
    ("locals", "example.com\n", "names example.com as delivered here"),
    ("virtualdomains", "example.com:user1\n", "names example.com:user1 as delivered here"),
])
def test_a_relay_that_stores_mail_is_caught(relay, name, text, fragment):
    lab, topology = relay
    edit(lab, "/var/qmail/control/" + name, text)
    fails(grade(lab, RELAY, topology, "check_relay_no_local_mail"), fragment, "svc -h")


def test_a_relay_without_locals_delivers_to_its_own_name(relay):
    lab, topology = relay
    lab.remove("/var/qmail/control/locals")
    fails(grade(lab, RELAY, topology, "check_relay_no_local_mail"), "locals is missing", "Create it empty")


def test_a_port_25_that_answers_vrfy_is_caught(relay):
    lab, topology = relay
    fails(grade(lab, RELAY, topology, "check_relay_vrfy", Runner(vrfy="250 2.1.5 user1@example.com")),
          "answers VRFY user1 with '250 2.1.5 user1@example.com'", "another SMTP server")
