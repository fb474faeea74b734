"""The lab's DNS model: one description, forward and reverse records derived."""

import pytest

from ansible_collections.serverlab.course.plugins.module_utils import dnsmodel

HOSTS = [{"name": "h2g", "address": "192.168.0.10"}, {"name": "ns", "address": "192.168.0.10"},
         {"name": "mail", "address": "192.168.0.10"}, {"name": "pc1", "address": "192.168.0.21"}]


def course_zone(**kw):
    args = dict(domain="example.com", hosts=HOSTS, aliases={"www": "h2g"}, mx=[{"name": "mail", "preference": 10}],
                nameservers=["ns"], reverse_networks=["192.168.0.0/24"])
    args.update(kw)
    return dnsmodel.expand(**args)


def test_course_zone_records():
    zone = course_zone()
    got = [(r["name"], r["type"], r["value"]) for r in zone["records"]]
    assert ("h2g.example.com.", "A", "192.168.0.10") in got
    assert ("www.example.com.", "CNAME", "h2g.example.com.") in got
    assert ("example.com.", "NS", "ns.example.com.") in got
    assert ("example.com.", "MX", "mail.example.com.") in got
    assert zone["origin"] == "example.com."


def test_ptr_derived_from_first_host_of_each_address():
    zone = course_zone()
    assert zone["reverse"] == {"0.168.192.in-addr.arpa.": [
        {"name": "10.0.168.192.in-addr.arpa.", "type": "PTR", "value": "h2g.example.com."},
        {"name": "21.0.168.192.in-addr.arpa.", "type": "PTR", "value": "pc1.example.com."},
    ]}


def test_reverse_origin_for_octet_prefixes_only():
    assert dnsmodel.reverse_origin("10.0.0.0/8") == "10.in-addr.arpa."
    assert dnsmodel.reverse_origin("172.16.0.0/16") == "16.172.in-addr.arpa."
    with pytest.raises(dnsmodel.ModelError, match="octet boundary"):
        dnsmodel.reverse_origin("192.168.0.0/25")


@pytest.mark.parametrize("kw,words", [
    (dict(aliases={"h2g": "ns"}), "lab_dns_aliases"),
    (dict(mx=[{"name": "www", "preference": 10}]), "lab_dns_mx[0]"),
    (dict(nameservers=["nowhere"]), "no address"),
    (dict(mx=[{"name": "mail", "preference": 70000}]), "0-65535"),
    (dict(hosts=[{"name": "h2g", "address": "192.168.0.300"}]), "lab_dns_hosts[0]"),
])
def test_bad_models_name_the_variable(kw, words):
    with pytest.raises(dnsmodel.ModelError) as err:
        course_zone(**kw)
    assert words in str(err.value)


def test_relative_names():
    assert dnsmodel.relative("example.com.", "example.com.") == "@"
    assert dnsmodel.relative("www.example.com.", "example.com.") == "www"
    assert dnsmodel.relative("ns.example.net.", "example.com.") == "ns.example.net."
