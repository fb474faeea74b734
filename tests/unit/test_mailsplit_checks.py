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
