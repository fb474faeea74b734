"""The mail system split across hosts (lab_mail_hosts): roles, DNS, smart host and routes derived,
bad input refused naming the variables (plugins/module_utils/mailtopo.py, filters serverlab.course.mail_*)."""

import pytest
from ansible.template import Templar
from ansible_collections.serverlab.course.plugins.plugin_utils.compat import trust_as_template

from ansible_collections.serverlab.course.plugins.module_utils import course, dnsmodel, mailtopo

from roles_render import LOADER, collection_plugins, lab_defaults

HOSTS = [{"name": "h2g", "address": "192.168.0.30", "role": "store"},
         {"name": "relay", "address": "192.168.0.31", "role": "relay"},
         {"name": "relay2", "address": "192.168.0.32", "role": "backup-relay"}]


def validate(address="192.168.0.30", hostname="h2g", hosts=None, **kw):
    return mailtopo.validate(HOSTS if hosts is None else hosts, hostname, address, "example.com", **kw)


def test_single_host_without_lab_mail_hosts():
    assert mailtopo.topology([], "192.168.0.10", "example.com")["role"] == "single"


def test_each_host_finds_its_role_smart_host_and_route():
    store = mailtopo.topology(HOSTS, "192.168.0.30", "example.com")
    assert (store["role"], store["smarthost"], store["routes"]) == ("store", "[192.168.0.31]", {})
    relay = mailtopo.topology(HOSTS, "192.168.0.31", "example.com")
    assert (relay["role"], relay["smarthost"]) == ("relay", "")
    assert relay["routes"] == {"example.com": "smtp:[192.168.0.30]"}
    backup = mailtopo.topology(HOSTS, "192.168.0.32", "example.com")
    assert backup["role"] == "backup-relay" and backup["routes"] == relay["routes"]


def test_dns_model_derives_mx_10_20_and_a_ptr_for_every_host():
    zone = dnsmodel.expand("example.com", mailtopo.dns_hosts(HOSTS), {"www": "h2g"},
                           mailtopo.mx(HOSTS), ["ns"], ["192.168.0.0/24"])
    got = [(r["name"], r["type"], r["value"], r.get("preference")) for r in zone["records"]]
    assert ("example.com.", "MX", "relay.example.com.", 10) in got
    assert ("example.com.", "MX", "relay2.example.com.", 20) in got
    assert ("ns.example.com.", "A", "192.168.0.30", None) in got
    ptrs = dict((r["name"], r["value"]) for r in zone["reverse"]["0.168.192.in-addr.arpa."])
    assert ptrs == {"30.0.168.192.in-addr.arpa.": "h2g.example.com.",
                    "31.0.168.192.in-addr.arpa.": "relay.example.com.",
                    "32.0.168.192.in-addr.arpa.": "relay2.example.com."}


def test_derived_values_pass():
    assert validate(relayhost="[192.168.0.31]")["role"] == "store"
    assert validate("192.168.0.31", "relay", transport={"example.com": "smtp:[192.168.0.30]"},
                    mx_records=mailtopo.mx(HOSTS))["role"] == "relay"


@pytest.mark.parametrize("relayhost", ["[192.168.0.30]", "h2g.example.com", "[h2g.example.com]:25", "192.168.0.30"])
def test_store_naming_itself_as_smart_host_is_refused(relayhost):
    with pytest.raises(mailtopo.TopologyError, match=r"postfix_relayhost .*the store h2g itself.*\[192\.168\.0\.31\]"):
        validate(relayhost=relayhost)


def test_store_without_smart_host_is_refused():
    with pytest.raises(mailtopo.TopologyError, match="postfix_relayhost is empty on the mail store"):
        validate(relayhost="")


@pytest.mark.parametrize("nexthop", ["smtp:[192.168.0.99]", "smtp:[10.1.1.1]:25", "relay:[mx.example.org]"])
def test_route_to_an_address_no_host_has_is_refused(nexthop):
    with pytest.raises(mailtopo.TopologyError, match=r"postfix_transport routes example.com to .*no host of the "
                       r"mail model \(lab_mail_hosts: .*smtp:\[192\.168\.0\.30\]"):
        validate("192.168.0.31", "relay", transport={"example.com": nexthop})


def test_route_to_the_relay_itself_is_a_loop():
    with pytest.raises(mailtopo.TopologyError, match="this host itself: a mail loop"):
        validate("192.168.0.31", "relay", transport={"example.com": "smtp:[relay.example.com]"})


def test_relay_without_route_is_refused():
    with pytest.raises(mailtopo.TopologyError, match="postfix_transport is empty on the relay relay"):
        validate("192.168.0.31", "relay", transport={})


def test_two_relays_both_mx_10_are_refused():
    hosts = [dict(h, role="relay") if h["name"] == "relay2" else h for h in HOSTS]
    with pytest.raises(mailtopo.TopologyError, match=r"lab_mail_hosts\[1\] \(relay\) and lab_mail_hosts\[2\] "
                       r"\(relay2\) are both MX 10"):
        validate(hosts=hosts, relayhost="[192.168.0.31]")


def test_two_mx_records_of_one_preference_are_refused():
    with pytest.raises(mailtopo.TopologyError, match=r"lab_dns_mx\[0\] \(relay\) and lab_dns_mx\[1\] \(relay2\) are both MX 10"):
        validate(relayhost="[192.168.0.31]",
                 mx_records=[{"name": "relay", "preference": 10}, {"name": "relay2", "preference": 10}])


@pytest.mark.parametrize("hosts, message", [
    ([{"name": "h2g", "address": "192.168.0.30", "role": "store"}], "no host with role relay"),
    (HOSTS + [{"name": "s2", "address": "192.168.0.33", "role": "store"}], "2 hosts with role store"),
    ([dict(HOSTS[0], role="mailhub")] + HOSTS[1:], r"lab_mail_hosts\[0\] \(h2g\): role 'mailhub'"),
    ([dict(HOSTS[0], address="192.168.0.300")] + HOSTS[1:], r"lab_mail_hosts\[0\] \(h2g\): .* not an IPv4"),
    (HOSTS + [{"name": "relay", "address": "192.168.0.34", "role": "backup-relay", "preference": 30}],
     "same name relay"),
    ([{"name": "h2g"}], r"lab_mail_hosts\[0\] must be a mapping with name, address and role"),
])
def test_bad_hosts_name_the_entry(hosts, message):
    with pytest.raises(mailtopo.TopologyError, match=message):
        mailtopo.topology(hosts, "192.168.0.30", "example.com")


def test_a_host_outside_the_topology_is_refused():
    with pytest.raises(mailtopo.TopologyError, match="lab_address 192.168.0.40 is no host of lab_mail_hosts"):
        mailtopo.topology(HOSTS, "192.168.0.40", "example.com")


def lab(**overrides):
    values = {"ansible_facts": {"os_family": "Debian"}}
    values.update(lab_defaults())
    values.update(overrides)
    templar = Templar(loader=LOADER, variables=values)
    return lambda name: templar.template(trust_as_template("{{ %s }}" % name))


def test_lab_defaults_keep_the_single_host_model():
    """Without lab_mail_hosts the defaults are the single host's records, as they were written before
    (and need no collection filter: every role test renders them with a bare Templar)."""
    get = lab(lab_address="192.168.0.10")
    assert get("lab_dns_hosts") == [{"name": "h2g", "address": "192.168.0.10"},
                                    {"name": "ns", "address": "192.168.0.10"},
                                    {"name": "mail", "address": "192.168.0.10"}]
    assert get("lab_dns_mx") == [{"name": "mail", "preference": 10}]
    # The track's default in the course plan (the lab's defaults and mailtopo write it too).
    assert get("lab_mail_role") == course.TRACKS["mail"]["choices"][0] == mailtopo.SINGLE


def test_lab_defaults_derive_the_split():
    with collection_plugins():
        get = lab(lab_hostname="relay", lab_address="192.168.0.31", lab_mail_hosts=HOSTS)
        assert get("lab_mail_role") == "relay"
        assert get("lab_dns_mx") == [{"name": "relay", "preference": 10}, {"name": "relay2", "preference": 20}]
        assert {"name": "h2g", "address": "192.168.0.30"} in get("lab_dns_hosts")


def test_model_check_refuses_through_the_filter():
    """The filter model.yml runs raises Ansible's error with the message naming the variable."""
    with collection_plugins():
        get = lab(lab_address="192.168.0.30", lab_mail_hosts=HOSTS, postfix_relayhost="[192.168.0.30]")
        with pytest.raises(Exception, match="postfix_relayhost is \\[192.168.0.30\\], the store h2g itself"):
            get("lab_mail_hosts | serverlab.course.mail_topology(lab_address, lab_domain, hostname=lab_hostname,"
                " relayhost=postfix_relayhost, mx=lab_dns_mx)")
