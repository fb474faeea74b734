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


RULES = "/etc/tcp/smtp"
CONTROL = "/var/qmail/control/"

# (host, file, its new text or None to remove it, check, fragments of the reason): each trainee mistake.
MISTAKES = [
    (STORE, CONTROL + "smtproutes", None, "check_store_smart_host",
     ("has no default route", "echo ':[192.168.0.31]' >> /var/qmail/control/smtproutes")),
    (STORE, CONTROL + "smtproutes", ":[192.168.0.30]\n", "check_store_smart_host",
     ("':[192.168.0.30]', which is no relay of the lab", "The line must be ':[192.168.0.31]'")),
    (STORE, RULES, '127.0.0.1:allow\n192.168.0.:allow,RELAYCLIENT=""\n:allow\n', "check_store_relay_control",
     ("lets a client outside the lab and the relays in", "203.0.113.25", "':deny'")),
    (STORE, RULES, "127.0.0.1:allow\n192.168.0.31:allow\n192.168.0.32:allow\n:deny\n", "check_store_relay_control",
     ("refuses 192.168.0.", "an allow line before")),
    (RELAY, CONTROL + "rcpthosts", "relay.example.com\n", "check_relay_route",
     ("rcpthosts does not name example.com", "echo example.com >> /var/qmail/control/rcpthosts")),
    (RELAY, CONTROL + "smtproutes", None, "check_relay_route",
     ("no route for example.com", "mail loops back", "'example.com:[192.168.0.30]'")),
    (RELAY, CONTROL + "smtproutes", "example.com:[192.168.0.32]\n", "check_relay_route",
     ("'example.com:[192.168.0.32]', not the mail store 192.168.0.30",)),
    (RELAY, RULES, '127.0.0.1:allow\n192.168.0.:allow,RELAYCLIENT=""\n:allow\n', "check_relay_control",
     ("gives RELAYCLIENT to 192.168.0.",)),
    (RELAY, RULES, "127.0.0.1:allow\n192.168.0.30:allow\n:allow\n", "check_relay_control",
     ("does not let the store relay",)),
    (RELAY, RULES, '127.0.0.1:allow\n192.168.0.30:allow,RELAYCLIENT=""\n:allow,RELAYCLIENT=""\n', "check_relay_control",
     ("an open relay",)),
    (RELAY, CONTROL + "rcpthosts", None, "check_relay_control", ("rcpthosts is missing", "open relay")),
    (RELAY, CONTROL + "rcpthosts", "example.com\nexample.net\n", "check_relay_control",
     ("names example.net besides example.com",)),
    (RELAY, CONTROL + "locals", "example.com\n", "check_relay_no_local_mail",
     ("names example.com as delivered here", "svc -h")),
    (RELAY, CONTROL + "virtualdomains", "example.com:user1\n", "check_relay_no_local_mail",
     ("names example.com:user1 as delivered here", "svc -h")),
    (RELAY, CONTROL + "locals", None, "check_relay_no_local_mail", ("locals is missing", "Create it empty")),
]


@pytest.mark.parametrize("address, path, text, check, fragments", MISTAKES,
                         ids=["%s-%s" % (NAMES[m[0]], m[4][0][:40]) for m in MISTAKES])
def test_each_mistake_fails_with_qmails_fix(tmp_path, address, path, text, check, fragments):
    files, rules, topology = rendered(address)
    lab = vm(tmp_path, address, files, rules)
    if text is None:
        lab.remove(path)  # fails when the role wrote no such file: the mistake would be no mistake
    else:
        assert text != files.get(path[len(CONTROL):]), "the role writes this already"
        lab.write(path, text)
        if path == RULES:
            lab.compile_rules()
    fails(grade(lab, address, topology, check), *fragments)


def test_rules_edited_but_not_compiled_are_caught(tmp_path):
    files, rules, topology = rendered(STORE)
    lab = vm(tmp_path, STORE, files, rules)
    lab.write(RULES, '127.0.0.1:allow\n192.168.0.:allow,RELAYCLIENT=""\n:allow\n')
    subprocess.run(["touch", "-d", "2000-01-01", lab.real("/etc/tcp/smtp.cdb")], check=True)
    fails(grade(lab, STORE, topology, "check_store_relay_control"), "older than", "tcprules")


@pytest.mark.parametrize("check, runner, fragments", [
    ("check_store_smart_host", Runner(greets=False), ("does not greet the store on port 25", "qmail-qstat")),
    ("check_relay_route", Runner(greets=False), ("does not greet the relay on port 25", "tcpserver rules")),
    ("check_relay_vrfy", Runner(vrfy="250 2.1.5 user1@example.com"),
     ("answers VRFY user1 with '250 2.1.5 user1@example.com'", "another SMTP server")),
])
def test_what_the_probes_see_fails_too(tmp_path, check, runner, fragments):
    address = STORE if check.startswith("check_store") else RELAY
    files, rules, topology = rendered(address)
    fails(grade(vm(tmp_path, address, files, rules), address, topology, check, runner), *fragments)
