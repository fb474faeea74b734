"""The network role's templates, rendered by Ansible with the EL (and Debian) variables, pass our
validators and the day-6 checks: the EL path is proven here, since no EL host runs in this project."""

from __future__ import annotations

import os

import pytest

from ansible_collections.serverlab.course.plugins.module_utils import framework, ifcfg, ifupdown, nmkeyfile
from ansible_collections.serverlab.course.plugins.module_utils.checks import day06
from labtree import LabTree, fake_runner

import roles_render

ROLES = os.path.join(os.path.dirname(__file__), "..", "..", "roles")


def render(template, family, **overrides):
    return roles_render.render("network", template, family, **overrides)


@pytest.fixture
def el_tree(tmp_path):
    return LabTree(str(tmp_path), family="RedHat")


def el_ctx(tree, text, **config):
    tree.write("/etc/sysconfig/network-scripts/ifcfg-eth0", text)
    return tree.ctx(runner=fake_runner(), **config)


def test_el_default_render_is_the_course_file():
    values = ifcfg.parse_ifcfg(render("ifcfg.j2", "RedHat"), "ifcfg-eth0").values
    assert values["DEVICE"] == "eth0"
    assert values["BOOTPROTO"] == "none"
    assert values["ONBOOT"] == "yes"
    assert values["IPADDR"] == "192.168.0.10"
    assert values["PREFIX"] == "24"
    assert "GATEWAY" not in values  # the lab has no gateway: no line at all
    assert values["NM_CONTROLLED"] == "no"
    assert values["PEERDNS"] == "no"
    assert values["DNS1"] == "192.168.0.10"


def test_el_render_passes_the_validator_in_a_lab_without_gateway():
    parsed = ifcfg.parse_ifcfg(render("ifcfg.j2", "RedHat"), "/etc/sysconfig/network-scripts/ifcfg-eth0")
    assert [f for f in ifcfg.check_file(parsed, allow_gateway=False) if f.is_error] == []


def test_el_netmask_style_and_gateway():
    text = render("ifcfg.j2", "RedHat", network_mask_style="netmask", lab_network="10.1.0.0/16",
                  lab_address="10.1.2.3", lab_gateway="10.1.0.1")
    parsed = ifcfg.parse_ifcfg(text, "ifcfg-eth0")
    assert parsed.values["NETMASK"] == "255.255.0.0"
    assert "PREFIX" not in parsed.values
    assert parsed.values["GATEWAY"] == "10.1.0.1"
    assert [f for f in ifcfg.check_file(parsed) if f.is_error] == []


@pytest.mark.parametrize("prefix,mask", [(8, "255.0.0.0"), (20, "255.255.240.0"), (25, "255.255.255.128"),
                                         (30, "255.255.255.252"), (32, "255.255.255.255")])
def test_el_netmask_from_any_prefix(prefix, mask):
    net = {8: "10.0.0.0/8", 20: "172.16.0.0/20", 25: "192.168.0.0/25", 30: "192.168.0.8/30",
           32: "192.168.0.10/32"}[prefix]
    addr = {8: "10.0.0.5", 20: "172.16.1.1", 25: "192.168.0.10", 30: "192.168.0.9", 32: "192.168.0.10"}[prefix]
    text = render("ifcfg.j2", "RedHat", network_mask_style="netmask", lab_network=net, lab_address=addr)
    assert ifcfg.parse_ifcfg(text, "ifcfg-eth0").values["NETMASK"] == mask


def test_el_render_passes_day6_address_and_gateway_checks(el_tree):
    ctx = el_ctx(el_tree, render("ifcfg.j2", "RedHat"))
    for check in (day06.check_address, day06.check_gateway, day06.check_backups):
        result = check(ctx)
        assert result.status == framework.PASS, (check.__name__, result.reason)


def test_el_render_with_gateway_1_fails_check_4(el_tree):
    text = render("ifcfg.j2", "RedHat") + "GATEWAY=1\n"
    result = day06.check_gateway(el_ctx(el_tree, text))
    assert result.status == framework.FAIL
    assert "GATEWAY=1" in result.reason


def test_el_rendered_file_left_as_backup_fails_check_5(el_tree):
    ctx = el_ctx(el_tree, render("ifcfg.j2", "RedHat"))
    el_tree.write("/etc/sysconfig/network-scripts/ifcfg-eth0.bak", render("ifcfg.j2", "RedHat"))
    result = day06.check_backups(ctx)
    assert result.status == framework.FAIL
    assert "ifcfg-eth0.bak" in result.reason


def test_debian_render_passes_the_ifupdown_rules():
    text = render("ifupdown.j2", "Debian")
    parsed = ifupdown.parse_interfaces(text, "/etc/network/interfaces.d/eth0")
    stanza = ifupdown.find_iface([parsed], "eth0")
    assert stanza is not None and stanza.method == "static"
    assert str(ifupdown.stanza_address(stanza)[0]) == "192.168.0.10"
    assert ifupdown.stanza_address(stanza)[1] == 24
    assert "gateway" not in stanza.options
    assert [f for f in ifupdown.check_stanza(stanza, parsed.path, allow_gateway=False) if f.is_error] == []


def test_resolver_render_lists_search_domain_and_servers():
    text = render("resolv.conf.j2", "Debian", lab_dns_servers=["192.168.0.10", "127.0.0.1"])
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert lines == ["search example.com", "nameserver 192.168.0.10", "nameserver 127.0.0.1"]


# ---------------------------------------------------------------- EL generations: the provider and the keyfile

def provider_values(family, major=None, **overrides):
    """The network role's variables as a play on `family` (EL `major`) gives them."""
    generation = roles_render.role_yaml("network", "vars", "%s-%s.yml" % (family, major)) if major else {}
    return roles_render.templar("network", family, base=None, **dict(generation, **overrides))


@pytest.mark.parametrize("family,major,provider,path", [
    ("RedHat", 9, "nm", "/etc/NetworkManager/system-connections/eth0.nmconnection"),
    ("RedHat", 8, "nm", "/etc/NetworkManager/system-connections/eth0.nmconnection"),
    ("RedHat", 7, "initscripts", "/etc/sysconfig/network-scripts/ifcfg-eth0"),
    ("Debian", 12, "ifupdown", "/etc/network/interfaces.d/eth0"),
])
def test_the_os_generation_picks_the_provider(family, major, provider, path):
    values = provider_values(family, major)
    assert roles_render.template(values, "{{ __network_provider_in_use }}") == provider
    assert roles_render.template(values, "{{ __network_config_file }}") == path


def test_network_provider_overrides_the_generation():
    values = provider_values("Debian", 12, network_provider="nm", network_apply=True)
    assert roles_render.template(values, "{{ __network_config_file }}").endswith("/eth0.nmconnection")
    assert roles_render.template(values, "{{ __network_config_mode }}") == "0600"
    assert roles_render.template(values, "{{ network_packages | join(',') }}") == "network-manager"
    el = provider_values("RedHat", 9, network_apply=True)
    assert roles_render.template(el, "{{ network_packages | join(',') }}") == "NetworkManager"


def test_el9_keyfile_render_is_a_static_profile_without_gateway():
    kf = nmkeyfile.parse_keyfile(render("nmconnection.j2", "RedHat"), "/x/eth0.nmconnection")
    assert kf.findings == []
    assert (kf.id, kf.device, kf.get("connection", "type")) == ("eth0", "eth0", "ethernet")
    assert kf.get("ipv4", "method") == "manual"
    assert nmkeyfile.keyfile_addresses(kf) == [("address1", "192.168.0.10", "24", None)]
    assert nmkeyfile.keyfile_gateway(kf) == (None, None)
    assert kf.get("ipv4", "dns") == "192.168.0.10;" and kf.get("ipv4", "dns-search") == "example.com;"
    assert [f for f in nmkeyfile.check_keyfile(kf, allow_gateway=False) if f.is_error] == []
    # a re-run writes the same profile: the UUID is derived from the profile name
    assert render("nmconnection.j2", "RedHat") == render("nmconnection.j2", "RedHat")


def test_el9_keyfile_render_passes_day6_checks(tmp_path):
    from el9tree import EL9Tree, KEYFILE, route_runner
    tree = EL9Tree(tmp_path / "el9")
    tree.keyfile(KEYFILE, render("nmconnection.j2", "RedHat"))
    ctx = tree.ctx(runner=route_runner())
    for check in (day06.check_address, day06.check_gateway, day06.check_backups):
        result = check(ctx)
        assert result.status == framework.PASS, (check.__name__, result.reason)


@pytest.mark.parametrize("gateway,code", [("1", "nm-gateway-invalid"), ("192.168.5.1", "nm-gateway-not-allowed")])
def test_el9_keyfile_with_a_bad_gateway_is_refused(gateway, code):
    kf = nmkeyfile.parse_keyfile(render("nmconnection.j2", "RedHat", lab_gateway=gateway), "eth0.nmconnection")
    assert [f.code for f in nmkeyfile.check_keyfile(kf, allow_gateway=False) if f.is_error] == [code]


def test_el9_keyfile_with_a_gateway_outside_the_network():
    kf = nmkeyfile.parse_keyfile(render("nmconnection.j2", "RedHat", lab_gateway="192.168.5.1"), "eth0.nmconnection")
    assert [f.code for f in nmkeyfile.check_keyfile(kf, allow_gateway=True)] == ["nm-gateway-outside-subnet"]
