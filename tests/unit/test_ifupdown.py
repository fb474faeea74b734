# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for module_utils/ifupdown.py."""

import ipaddress

import pytest

from ansible_collections.serverlab.course.plugins.module_utils.ifupdown import (
    check_interfaces,
    check_stanza,
    find_iface,
    looks_like_backup,
    parse_interfaces,
    read_by_source_directory,
    read_interfaces,
    read_interfaces_with_directives,
    stanza_address,
)

DEBIAN = """# This file describes the network interfaces available on your system
source /etc/network/interfaces.d/*

# The loopback network interface
auto lo
iface lo inet loopback

allow-hotplug eth0
iface eth0 inet static
    address 192.168.0.10/24
    dns-nameservers 192.168.0.10
    post-up echo up \\
        again
    up echo second

iface eth0 inet6 auto
"""


def codes(findings):
    return [f.code for f in findings]


def only(findings, code):
    hits = [f for f in findings if f.code == code]
    assert len(hits) == 1, (code, [str(f) for f in findings])
    return hits[0]


def stanza(body, head="iface eth0 inet static"):
    parsed = parse_interfaces(head + "\n" + body, "/etc/network/interfaces")
    assert parsed.findings == []
    return parsed.stanzas[0]


def check(body, allow_gateway=True, head="iface eth0 inet static"):
    return check_stanza(stanza(body, head), "/etc/network/interfaces", allow_gateway)


# ---------------------------------------------------------------- parsing

def test_parse_debian_file():
    f = parse_interfaces(DEBIAN, "/etc/network/interfaces")
    assert f.findings == []
    assert f.auto == ["lo", "eth0"]
    assert f.auto_lines == {"lo": 5, "eth0": 8}
    assert f.sources == [("source", "/etc/network/interfaces.d/*", 2)]
    kinds = [(s.kind, s.name, s.family, s.method, s.line) for s in f.stanzas]
    assert kinds == [("iface", "lo", "inet", "loopback", 6), ("iface", "eth0", "inet", "static", 9),
                     ("iface", "eth0", "inet6", "auto", 16)]
    eth0 = f.stanzas[1]
    assert eth0.options["address"] == "192.168.0.10/24"
    assert eth0.option_lines == {"address": 10, "dns-nameservers": 11, "up": 12}
    assert eth0.options["up"] == "echo up         again\necho second"   # post-up is up; repeats are joined
    assert eth0.all_lines["up"] == [12, 14]
    assert eth0.path == "/etc/network/interfaces"


def test_option_after_auto_line_is_misplaced():
    f = parse_interfaces("iface eth0 inet static\nauto eth0\n    address 192.168.0.10/24\n", "interfaces")
    bad = only(f.findings, "ifupdown-misplaced-option")
    assert bad.is_error and bad.line == 3
    assert "misplaced option" in bad.message and "refuses the whole file" in bad.message
    assert "auto" in bad.fix


def test_option_with_empty_value():
    bad = only(parse_interfaces("iface eth0 inet static\n    gateway\n", "i").findings, "ifupdown-empty-option")
    assert bad.line == 2 and "'gateway'" in bad.message


@pytest.mark.parametrize("line, words", [
    ("iface eth0 ipv4 static", "'ipv4' is not an address family"),
    ("iface eth0 inet fixed", "'fixed' is not a method of inet"),
    ("iface eth0", "'' is not an address family"),
    ("iface", "no interface name"),
])
def test_bad_iface_line(line, words):
    bad = only(parse_interfaces(line + "\n", "i").findings, "ifupdown-iface-syntax")
    assert words in bad.message and bad.line == 1


def test_comment_only_at_line_start():
    f = parse_interfaces("iface eth0 inet static\n  # a comment\n  address 192.168.0.10/24 # not a comment\n", "i")
    assert f.findings == []
    assert f.stanzas[0].options["address"] == "192.168.0.10/24 # not a comment"


def test_non_breaking_space():
    f = parse_interfaces("iface eth0 inet static\n\u00a0   address 192.168.0.10/24\n", "i")
    bad = only(f.findings, "ifupdown-odd-space")
    assert bad.line == 2 and "U+00A0" in bad.message


def test_mapping_and_source_directory():
    f = parse_interfaces("mapping eth0\n  script /usr/local/sbin/map\n  map home eth0-home\n"
                         "source-directory interfaces.d\nno-auto-down eth0\n", "i")
    assert f.findings == []
    assert f.stanzas[0].kind == "mapping" and f.stanzas[0].options["script"] == "/usr/local/sbin/map"
    assert f.sources == [("source-directory", "interfaces.d", 4)]


def test_find_iface():
    files = [parse_interfaces("auto lo\niface lo inet loopback\n", "a"), parse_interfaces(DEBIAN, "b")]
    assert find_iface(files, "eth0").line == 9
    assert find_iface(files, "eth0", "inet6").method == "auto"
    assert find_iface(files, "lo").path == "a"
    assert find_iface(files, "eth1") is None


# ---------------------------------------------------------------- addresses

@pytest.mark.parametrize("body, expected", [
    ("address 192.168.0.10/24", ("192.168.0.10", 24)),
    ("address 192.168.0.10\nnetmask 255.255.255.0", ("192.168.0.10", 24)),
    ("address 192.168.0.10\nnetmask 16", ("192.168.0.10", 16)),
    ("address 192.168.0.10/24\nnetmask 255.255.0.0", ("192.168.0.10", 16)),     # netmask wins
    ("address 192.168.0.10", ("192.168.0.10", None)),
    ("address 192.168.0.300/24", (None, 24)),
    ("netmask 24", (None, None)),
])
def test_stanza_address(body, expected):
    addr, prefix = stanza_address(stanza(body))
    assert (str(addr) if addr else None, prefix) == expected
    if addr:
        assert isinstance(addr, ipaddress.IPv4Address)


def test_clean_static_stanza():
    assert check("address 192.168.0.10/24\ngateway 192.168.0.1\n") == []
    assert check("address 192.168.0.10\nnetmask 255.255.255.0\n", allow_gateway=False) == []


def test_no_gateway_line_is_no_gateway():
    assert check("address 192.168.0.10/24\n", allow_gateway=False) == []


def test_gateway_not_allowed_in_the_lab():
    bad = only(check("address 192.168.0.10/24\ngateway 192.168.0.1\n", allow_gateway=False),
               "ifupdown-gateway-not-allowed")
    assert bad.line == 3
    assert bad.fix == "Delete the gateway line: the lab network has no default gateway."


def test_gateway_1():
    bad = only(check("address 192.168.0.10/24\ngateway 1\n"), "ifupdown-gateway-invalid")
    assert bad.message.startswith("gateway 1 ") and "1.0.0.0" in bad.message
    assert "192.168.0.0/24" in bad.fix


def test_gateway_no_is_not_a_spelling():
    bad = only(check("address 192.168.0.10/24\ngateway no\n"), "ifupdown-gateway-invalid")
    assert "leave the line out" in bad.message


def test_gateway_outside_subnet():
    bad = only(check("address 192.168.0.10/24\ngateway 192.168.1.1\n"), "ifupdown-gateway-outside-subnet")
    assert "onlink" in bad.message and "192.168.0.0/24" in bad.message


def test_gateway_repeated():
    found = check("address 192.168.0.10/24\ngateway 192.168.0.1\ngateway 192.168.0.2\n")
    bad = only(found, "ifupdown-gateway-repeated")
    assert bad.line == 4 and "lines 3, 4" in bad.message
    assert codes(found) == ["ifupdown-gateway-repeated"]


@pytest.mark.parametrize("body, code", [
    ("netmask 24", "ifupdown-address-missing"),
    ("address 192.168.0.10", "ifupdown-netmask-missing"),
    ("address 192.168.0/24", "ifupdown-address-invalid"),
    ("address 192.168.0.10/33", "ifupdown-prefix-invalid"),
    ("address 192.168.0.10\nnetmask 255.0.255.0", "ifupdown-netmask-invalid"),
    ("address 192.168.0.10/24\nnetmask 255.255.0.0", "ifupdown-prefix-netmask-mismatch"),
    ("address 192.168.0.255/24", "ifupdown-address-not-host"),
])
def test_address_problems(body, code):
    assert codes(check(body)) == [code]


def test_netmask_missing_explains_slash_32():
    bad = only(check("address 192.168.0.10\n"), "ifupdown-netmask-missing")
    assert "/32" in bad.message and "192.168.0.10/24" in bad.fix


def test_dhcp_gateway_is_ignored():
    warn = only(check("gateway 192.168.0.1\n", head="iface eth0 inet dhcp"), "ifupdown-gateway-ignored")
    assert warn.severity == "warning"


def test_other_families_are_not_checked():
    assert check("address 2001:db8::1/64\ngateway 1\n", head="iface eth0 inet6 static") == []
    assert check("", head="iface lo inet loopback") == []


# ---------------------------------------------------------------- files

@pytest.mark.parametrize("name", ["eth0.bak", "eth0~", "eth0.dpkg-old", "eth0.orig", "eth0-bak", "eth0_old",
                                  "eth0.20240101", "#eth0#", "eth0 (copy)", "eth0.disabled",
                                  "/etc/network/interfaces.d/eth0.save"])
def test_looks_like_backup(name):
    assert looks_like_backup(name)


@pytest.mark.parametrize("name", ["eth0", "50-cloud-init.cfg", "lab", "eth0.100", "bond0", ".eth0.swp"])
def test_does_not_look_like_backup(name):
    assert not looks_like_backup(name)


def test_read_by_source_directory():
    assert read_by_source_directory("eth0-bak")
    assert not read_by_source_directory("eth0.bak")
    assert not read_by_source_directory("eth0~")


def make_tree(tmp_path, top):
    d = tmp_path / "interfaces.d"
    d.mkdir()
    (d / "eth0").write_text("iface eth0 inet static\n    address 192.168.0.10/24\n")
    (d / "eth0.bak").write_text("iface eth0 inet static\n    address 192.168.0.10/24\n    gateway 1\n")
    (d / "eth0-bak").write_text("iface eth0 inet static\n    address 192.168.0.10/24\n    gateway 192.168.0.1\n")
    (tmp_path / "interfaces").write_text(top)
    return str(tmp_path / "interfaces"), str(d)


def test_source_reads_every_file(tmp_path):
    top, d = make_tree(tmp_path, "auto lo\niface lo inet loopback\nsource interfaces.d/*\n")
    files = read_interfaces(top)
    assert [f.path for f in files] == [top, d + "/eth0", d + "/eth0-bak", d + "/eth0.bak"]
    findings = check_interfaces(files, allow_gateway=True)
    backups = [f for f in findings if f.code == "ifupdown-backup-read"]
    assert [b.path for b in backups] == [d + "/eth0-bak", d + "/eth0.bak"]
    assert "reads every file" in backups[1].message and "source-directory" in backups[1].message
    assert "/root/backup/" in backups[1].fix
    twice = only(findings, "ifupdown-gateway-twice")
    assert twice.path == d + "/eth0.bak" and twice.line == 3 and "File exists" in twice.message
    assert "ifupdown-gateway-invalid" in codes(findings)


def test_source_directory_skips_dotted_names(tmp_path):
    top, d = make_tree(tmp_path, "source-directory interfaces.d\n")
    pairs = read_interfaces_with_directives(top)
    assert [(f.path, how) for f, how in pairs] == [(top, None), (d + "/eth0", "source-directory"),
                                                   (d + "/eth0-bak", "source-directory")]
    files = [f for f, _unused in pairs]
    findings = check_interfaces(files, allow_gateway=False, directives=[how for _unused, how in pairs])
    backup = only(findings, "ifupdown-backup-read")
    assert backup.path == d + "/eth0-bak"
    assert "letters, digits" in backup.message
    assert only(findings, "ifupdown-gateway-not-allowed").path == d + "/eth0-bak"


def test_overlay_replaces_a_file(tmp_path):
    top, d = make_tree(tmp_path, "source interfaces.d/eth0\n")
    files = read_interfaces(top, overlay={d + "/eth0": "iface eth0 inet static\n    address 192.168.0.10\n"})
    assert [f.path for f in files] == [top, d + "/eth0"]
    assert codes(check_interfaces(files)) == ["ifupdown-netmask-missing"]


def test_overlay_file_not_on_disk_yet(tmp_path):
    top, d = make_tree(tmp_path, "source interfaces.d/*\n")
    new = d + "/eth1"
    files = read_interfaces(top, overlay={new: "iface eth1 inet static\n    address 192.168.0.11/24\n"})
    assert new in [f.path for f in files]
    assert find_iface(files, "eth1").path == new


def test_clean_tree(tmp_path):
    top, d = make_tree(tmp_path, "auto lo eth0\niface lo inet loopback\nsource interfaces.d/eth0\n")
    assert check_interfaces(read_interfaces(top), allow_gateway=False) == []
