"""Day 8, the mail store behind the relays (checks/mailsplit.py, track choice "store" of lab_mail_role):
the smart host and the relay control, on fake commands; the single-host lab gets none of them."""

from __future__ import annotations

from ansible_collections.serverlab.course.plugins.module_utils import catalog, framework
from ansible_collections.serverlab.course.plugins.module_utils.checks import mailsplit
from labtree import fails

TOPOLOGY = {"role": "store", "relays": [{"name": "relay", "address": "192.168.0.31", "role": "relay", "preference": 10},
                                        {"name": "relay2", "address": "192.168.0.32", "role": "backup-relay",
                                         "preference": 20}]}
GOOD = {("postconf", "relayhost"): "relayhost = [192.168.0.31]\n",
        ("postconf", "mynetworks", "smtpd_client_restrictions"):
            "mynetworks = 127.0.0.0/8 192.168.0.0/24 192.168.0.31/32 192.168.0.32/32\n"
            "smtpd_client_restrictions = permit_mynetworks, reject\n"}


def ctx(greeting="answer 220 relay.example.com ESMTP Postfix", **answers):
    table = dict(GOOD)
    table.update((tuple(k.split()), v) for k, v in answers.items())

    def run(argv):
        if argv[0] == "postconf":
            return 0, table[tuple(argv)], ""
        if argv[-1] == "25":  # the SMTP probe from the store to the relay
            return 0, greeting + "\n", ""
        return 127, "", "not found"
    config = {"network": "192.168.0.0/24", "mail_topology": TOPOLOGY, "tracks": {"mail": "store"}}
    return framework.Context("user1", config, root="/nonexistent", runner=run)


def test_a_good_store_passes():
    assert mailsplit.check_store_smart_host(ctx()).status == "PASS"
    assert mailsplit.check_store_relay_control(ctx()).status == "PASS"


def test_no_smart_host_is_caught():
    fails(mailsplit.check_store_smart_host(ctx(**{"postconf relayhost": "relayhost =\n"})),
          "relayhost is empty", "relayhost = [192.168.0.31]")


def test_a_smart_host_that_is_no_relay_is_caught():
    fails(mailsplit.check_store_smart_host(ctx(**{"postconf relayhost": "relayhost = [192.168.0.30]\n"})),
          "relayhost is [192.168.0.30], which is no relay of the lab (192.168.0.31, 192.168.0.32)")


def test_a_silent_smart_host_is_caught():
    fails(mailsplit.check_store_smart_host(ctx(greeting="refused")), "does not greet the store", "(refused)")


def test_a_store_open_to_everyone_is_caught():
    fails(mailsplit.check_store_relay_control(ctx(**{"postconf mynetworks smtpd_client_restrictions":
                                                     "mynetworks = 127.0.0.0/8 192.168.0.0/24\n"
                                                     "smtpd_client_restrictions =\n"})),
          "takes mail from anyone", "permit_mynetworks, reject")


def test_a_wide_mynetworks_is_caught():
    fails(mailsplit.check_store_relay_control(ctx(**{"postconf mynetworks smtpd_client_restrictions":
                                                     "mynetworks = 127.0.0.0/8 10.0.0.0/8\n"
                                                     "smtpd_client_restrictions = permit_mynetworks, reject\n"})),
          "mynetworks has 10.0.0.0/8")


def test_only_the_store_gets_them():
    def ids(role):
        return [c.id for c in catalog.select([8], config={"tracks": {"mail": role}})]
    assert "8.50" in ids("store") and "8.51" in ids("store")
    for role in ("single", "relay", "backup-relay"):
        assert "8.50" not in ids(role) and "8.51" not in ids(role)
    # The single host's day 8 as before: 9 checks on the Postfix track.
    assert len(ids("single")) == 9


def test_restrictions_that_do_not_end_in_reject_are_caught():
    fails(mailsplit.check_store_relay_control(ctx(**{"postconf mynetworks smtpd_client_restrictions":
                                                     "mynetworks = 127.0.0.0/8 192.168.0.0/24\n"
                                                     "smtpd_client_restrictions = permit_mynetworks, permit\n"})),
          "'permit_mynetworks, permit'", "Relay control")


# ---------------------------------------------------------------- the relays (52-55) and the store's 56

RELAY_TOPOLOGY = {"role": "relay", "store": {"name": "h2g", "address": "192.168.0.30"},
                  "relays": TOPOLOGY["relays"]}
RELAY_GOOD = {
    ("postconf", "-x", "relay_domains", "transport_maps"):
        "relay_domains = example.com\ntransport_maps = hash:/etc/postfix/transport\n",
    ("postmap", "-q", "example.com", "hash:/etc/postfix/transport"): "smtp:[192.168.0.30]\n",
    ("postconf", "mynetworks", "smtpd_relay_restrictions"):
        "mynetworks = 127.0.0.0/8 192.168.0.30/32\n"
        "smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination\n",
    ("postconf", "-x", "mydestination", "local_transport"):
        "mydestination =\nlocal_transport = error:5.1.1 this relay stores no mail\n",
    ("postconf", "disable_vrfy_command"): "disable_vrfy_command = yes\n",
}


def relay_ctx(greeting="answer 220 h2g.example.com ESMTP Postfix", **answers):
    table = dict(RELAY_GOOD)
    table.update((tuple(k.split("|")), v) for k, v in answers.items())

    def run(argv):
        if tuple(argv) in table:
            return (0, table[tuple(argv)], "") if table[tuple(argv)] is not None else (1, "", "not found")
        if argv[-1] == "25":  # the SMTP probe from the relay to the store
            return 0, greeting + "\n", ""
        return 1, "", "not found"
    config = {"domain": "example.com", "network": "192.168.0.0/24", "mail_topology": RELAY_TOPOLOGY,
              "tracks": {"mail": "relay"}}
    return framework.Context("user1", config, root="/nonexistent", runner=run)


def test_a_good_relay_passes():
    for check in mailsplit.RELAY:
        assert check.func(relay_ctx()).status == "PASS", check


def test_a_relay_that_does_not_take_the_domain_is_caught():
    fails(mailsplit.check_relay_route(relay_ctx(**{"postconf|-x|relay_domains|transport_maps":
                                                   "relay_domains =\ntransport_maps =\n"})),
          "relay_domains does not name example.com", "relay_domains = $mydomain")


def test_a_relay_without_a_route_is_caught():
    fails(mailsplit.check_relay_route(relay_ctx(**{"postmap|-q|example.com|hash:/etc/postfix/transport": None})),
          "no route for example.com", "example.com smtp:[192.168.0.30]")


def test_a_route_to_another_host_is_caught():
    fails(mailsplit.check_relay_route(relay_ctx(**{"postmap|-q|example.com|hash:/etc/postfix/transport":
                                                   "smtp:[192.168.0.99]:25\n"})),
          "'smtp:[192.168.0.99]:25', not the mail store 192.168.0.30")


def test_a_store_that_does_not_answer_the_relay_is_caught():
    fails(mailsplit.check_relay_route(relay_ctx(greeting="refused")), "does not greet the relay", "(refused)")


def test_an_open_relay_at_the_edge_is_caught():
    fails(mailsplit.check_relay_control(relay_ctx(**{"postconf|mynetworks|smtpd_relay_restrictions":
                                                     "mynetworks = 127.0.0.0/8 192.168.0.0/24\n"
                                                     "smtpd_relay_restrictions = permit_mynetworks, "
                                                     "reject_unauth_destination\n"})),
          "mynetworks has 192.168.0.0/24, beyond the loopback and the mail store 192.168.0.30")
    fails(mailsplit.check_relay_control(relay_ctx(**{"postconf|mynetworks|smtpd_relay_restrictions":
                                                     "mynetworks = 127.0.0.0/8\n"
                                                     "smtpd_relay_restrictions = permit\n"})),
          "smtpd_relay_restrictions is 'permit'", "Relay control")


def test_mail_stored_at_the_edge_is_caught():
    fails(mailsplit.check_relay_no_local_mail(relay_ctx(**{"postconf|-x|mydestination|local_transport":
                                                           "mydestination = example.com, localhost\n"
                                                           "local_transport = local:$myhostname\n"})),
          "mydestination names example.com on the relay")
    fails(mailsplit.check_relay_no_local_mail(relay_ctx(**{"postconf|-x|mydestination|local_transport":
                                                           "mydestination = relay.example.com\n"
                                                           "local_transport = local:relay\n"})),
          "local_transport is 'local:relay'", "stores no mail")


def test_vrfy_at_the_edge_is_caught():
    fails(mailsplit.check_relay_vrfy(relay_ctx(**{"postconf|disable_vrfy_command": "disable_vrfy_command = no\n"})),
          "disable_vrfy_command is 'no'")


def test_the_relays_get_their_own_checks_and_the_set_up_day_only():
    for role in ("relay", "backup-relay"):
        config = {"tracks": {"mail": role}}
        ids = [c.id for c in catalog.select(config=config)]
        assert [i for i in ids if i.startswith("8.")] == ["8.52", "8.53", "8.54", "8.55"]
        assert set(i.split(".")[0] for i in ids) == {"6", "8"}
        net = [c.id for c in catalog.select(config=config, view="net")]
        assert net == ["6.60", "8.52", "8.53", "8.55"]
    for role in ("single", "store"):
        assert not [c for c in catalog.select(config={"tracks": {"mail": role}}) if c.num in (52, 53, 54, 55)]


def _maildir(tmp_path, *messages):
    etc = tmp_path / "etc"
    etc.mkdir()
    (etc / "passwd").write_text("user1:x:1000:1000::/home/user1:/bin/bash\n")
    new = tmp_path / "home" / "user1" / "Maildir" / "new"
    new.mkdir(parents=True)
    (tmp_path / "home" / "user1" / "Maildir" / "cur").mkdir()
    for index, text in enumerate(messages):
        (new / ("%d.msg" % index)).write_text(text)
    config = {"mail_topology": TOPOLOGY, "tracks": {"mail": "store"}, "mail": {"store": "maildir"}}
    return framework.Context("user1", config, root=str(tmp_path), runner=lambda argv: (1, "", ""))


VIA_RELAY = ("Return-Path: <a@b>\nReceived: from relay.example.com (relay.example.com\n\t[192.168.0.31])\n"
             "\tby h2g.example.com (Postfix) with ESMTP id 1\nReceived: from client (unknown [192.168.0.1])\n"
             "\tby relay.example.com (Postfix) with ESMTP id 2\nSubject: x\n\nbody [192.168.0.31]\n")
DIRECT = ("Received: from client (unknown [192.168.0.1])\n\tby h2g.example.com (Postfix) with ESMTP id 3\n"
          "Subject: y\n\nrelay [192.168.0.31] in the body only\n")


def test_mail_that_came_through_a_relay_passes(tmp_path):
    result = mailsplit.check_store_via_relay(_maildir(tmp_path, DIRECT, VIA_RELAY))
    assert result.status == "PASS", result
    assert any("[192.168.0.31]" in line and "by h2g" in line for line in result.evidence)


def test_mail_that_came_straight_to_the_store_is_not_yet_enough(tmp_path):
    result = fails(mailsplit.check_store_via_relay(_maildir(tmp_path, DIRECT)),
                   "no mail in user1's mailbox came through a relay (192.168.0.31, 192.168.0.32) yet (1 messages")
    assert result.pending
