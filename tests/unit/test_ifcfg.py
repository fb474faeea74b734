# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for module_utils/ifcfg.py (and the shared rules in module_utils/ipv4.py)."""

import pytest

from ansible_collections.serverlab.course.plugins.module_utils import ipv4
from ansible_collections.serverlab.course.plugins.module_utils.ifcfg import (
    IGNORED_SUFFIXES,
    IfcfgFile,
    check_directory,
    check_file,
    check_network_file,
    effective_gateway,
    gateway_is_none,
    initscripts_order,
    is_read_by_initscripts,
    looks_like_backup,
    parse_ifcfg,
    parse_network_file,
)

GOOD_ETH0 = """# lab interface
DEVICE=eth0
BOOTPROTO=none
ONBOOT=yes
IPADDR=192.168.0.10
PREFIX=24
GATEWAY=
NM_CONTROLLED=no
PEERDNS=no
"""

GOOD_LO = """DEVICE=lo
IPADDR=127.0.0.1
NETMASK=255.0.0.0
NETWORK=127.0.0.0
BROADCAST=127.255.255.255
ONBOOT=yes
NAME=loopback
"""


def eth0(**changes):
    """GOOD_ETH0 with keys replaced (value None deletes the key) or appended."""
    lines = []
    for line in GOOD_ETH0.splitlines():
        key = line.split("=", 1)[0]
        if key in changes:
            value = changes.pop(key)
            if value is not None:
                lines.append("%s=%s" % (key, value))
        else:
            lines.append(line)
    lines.extend("%s=%s" % kv for kv in changes.items() if kv[1] is not None)
    return "\n".join(lines) + "\n"


def codes(findings):
    return [f.code for f in findings]


def only(findings, code):
    hits = [f for f in findings if f.code == code]
    assert len(hits) == 1, (code, [str(f) for f in findings])
    return hits[0]


def check(text, path="/etc/sysconfig/network-scripts/ifcfg-eth0", allow_gateway=True):
    return check_file(parse_ifcfg(text, path), allow_gateway=allow_gateway)


# ---------------------------------------------------------------- parsing

def test_parse_values_and_lines():
    f = parse_ifcfg(GOOD_ETH0, "/x/ifcfg-eth0")
    assert f.values["IPADDR"] == "192.168.0.10"
    assert f.values["GATEWAY"] == ""
    assert f.lines["DEVICE"] == 2
    assert f.lines["PEERDNS"] == 9
    assert f.findings == []
    assert f.get("MISSING", "x") == "x"
    assert f.device == "eth0"


def test_parse_quotes_export_and_comments():
    text = ("NAME=\"System eth0\"\n"
            "X='a b'   # trailing comment\n"
            "  export DNS1=\"192.168.0.10\"\n"
            "export ONBOOT\n"
            "Y=\"a\"b'c'\n"
            "HASH=1#2\n"
            "A=1 B=2\n"
            "C=3; D=4\n"
            "E=long\\\nvalue\n")
    f = parse_ifcfg(text, "ifcfg-eth0")
    assert f.findings == []
    assert f.values == {"NAME": "System eth0", "X": "a b", "DNS1": "192.168.0.10", "Y": "abc", "HASH": "1#2",
                        "A": "1", "B": "2", "C": "3", "D": "4", "E": "longvalue"}
    assert f.lines["DNS1"] == 3
    assert f.lines["B"] == 7
    assert f.lines["D"] == 8


def test_device_falls_back_to_file_name():
    assert parse_ifcfg("IPADDR=192.168.0.10\n", "/x/ifcfg-eth1").device == "eth1"
    assert parse_ifcfg("DEVICE=eth0\n", "/x/ifcfg-lan").device == "eth0"


def test_duplicate_key_warns_with_both_lines_and_last_wins():
    f = parse_ifcfg("GATEWAY=\nIPADDR=192.168.0.10\nGATEWAY=192.168.0.1\n", "ifcfg-eth0")
    dup = only(f.findings, "ifcfg-duplicate-key")
    assert dup.severity == "warning"
    assert dup.line == 3
    assert "lines 1 and 3" in dup.message
    assert f.values["GATEWAY"] == "192.168.0.1"
    assert f.lines["GATEWAY"] == 3


def test_line_that_is_not_an_assignment_is_an_error():
    f = parse_ifcfg("DEVICE=eth0\nifup eth0\n", "ifcfg-eth0")
    bad = only(f.findings, "ifcfg-not-assignment")
    assert bad.is_error and bad.line == 2
    assert "ifup eth0" in bad.message and "command" in bad.message
    assert "DEVICE" in f.values


def test_spaces_around_equals():
    bad = only(parse_ifcfg("\nGATEWAY = 192.168.0.1\n", "ifcfg-eth0").findings, "ifcfg-not-assignment")
    assert bad.line == 2
    assert "spaces around '='" in bad.message
    assert "GATEWAY=value" in bad.fix


def test_space_after_equals_leaves_the_variable_unset():
    f = parse_ifcfg("GATEWAY= 192.168.0.1\n", "ifcfg-eth0")
    bad = only(f.findings, "ifcfg-value-with-space")
    assert "GATEWAY" not in f.values
    assert "space after '='" in bad.message
    assert bad.fix == "Remove the space: GATEWAY=192.168.0.1."


def test_unquoted_value_with_space_runs_a_command():
    f = parse_ifcfg("NAME=System eth0\n", "ifcfg-eth0")
    bad = only(f.findings, "ifcfg-value-with-space")
    assert "NAME" not in f.values
    assert "'eth0'" in bad.message and "NAME stays unset" in bad.message
    assert 'NAME="System eth0"' in bad.fix


def test_unterminated_quote():
    f = parse_ifcfg("DEVICE=eth0\nNAME=\"eth0\nONBOOT=yes\n", "ifcfg-eth0")
    bad = only(f.findings, "ifcfg-unterminated-quote")
    assert bad.line == 2
    assert "NAME" not in f.values and "ONBOOT" not in f.values
    assert f.values["DEVICE"] == "eth0"


def test_windows_line_endings():
    f = parse_ifcfg("DEVICE=eth0\r\nGATEWAY=192.168.0.1\r\n", "ifcfg-eth0")
    crlf = only(f.findings, "ifcfg-crlf")
    assert crlf.is_error and crlf.line == 1
    assert "dos2unix" in crlf.fix
    assert f.values["GATEWAY"] == "192.168.0.1"


def test_parse_network_file_is_the_same_syntax():
    net = parse_network_file("NETWORKING=yes\nHOSTNAME=h2g.example.com\n")
    assert net.path == "/etc/sysconfig/network"
    assert net.values == {"NETWORKING": "yes", "HOSTNAME": "h2g.example.com"}


# ---------------------------------------------------------------- gateway

@pytest.mark.parametrize("value", [None, "", "no", "NO"])
def test_gateway_is_none(value):
    assert gateway_is_none(value)


@pytest.mark.parametrize("value", ["No", "none", " ", "1", "192.168.0.1"])
def test_gateway_is_not_none(value):
    assert not gateway_is_none(value)


@pytest.mark.parametrize("allow", [True, False])
@pytest.mark.parametrize("value", ["", "no", "NO"])
def test_no_gateway_spellings_are_fine(value, allow):
    assert check(eth0(GATEWAY=value), allow_gateway=allow) == []


@pytest.mark.parametrize("allow", [True, False])
def test_missing_gateway_line_is_fine(allow):
    assert check(eth0(GATEWAY=None), allow_gateway=allow) == []


def test_gateway_1_is_the_classic_error():
    found = check(eth0(GATEWAY="1"))
    bad = only(found, "ifcfg-gateway-invalid")
    assert bad.is_error
    assert bad.line == 7
    assert bad.message.startswith("GATEWAY=1 ")
    assert "without complaint" in bad.message and "no default route" in bad.message
    assert "GATEWAY= (empty)" in bad.fix and "192.168.0.0/24" in bad.fix
    assert bad.path.endswith("ifcfg-eth0")


def test_gateway_1_in_the_lab():
    bad = only(check(eth0(GATEWAY="1"), allow_gateway=False), "ifcfg-gateway-invalid")
    assert "the lab network has no default gateway" in bad.fix
    assert "router" not in bad.fix


def test_gateway_mixed_case_no_is_not_no_gateway():
    bad = only(check(eth0(GATEWAY="No")), "ifcfg-gateway-invalid")
    assert "GATEWAY=no or GATEWAY=NO" in bad.message


def test_gateway_inside_subnet_is_fine_when_allowed():
    assert check(eth0(GATEWAY="192.168.0.1")) == []


def test_gateway_outside_subnet():
    bad = only(check(eth0(GATEWAY="192.168.1.1")), "ifcfg-gateway-outside-subnet")
    assert bad.is_error
    assert "192.168.0.0/24" in bad.message
    assert "drop" in bad.message


def test_gateway_subnet_follows_netmask():
    assert check(eth0(PREFIX=None, NETMASK="255.255.0.0", GATEWAY="192.168.1.1")) == []


@pytest.mark.parametrize("value, code", [
    ("192.168.0.10", "ifcfg-gateway-own-address"),
    ("192.168.0.0", "ifcfg-gateway-network-address"),
    ("192.168.0.255", "ifcfg-gateway-broadcast-address"),
    ("192.168.0.256", "ifcfg-gateway-invalid"),
    ("192.168.0.01", "ifcfg-gateway-invalid"),
])
def test_gateway_that_cannot_be_a_router(value, code):
    assert codes(check(eth0(GATEWAY=value))) == [code]


def test_gateway_not_allowed_in_the_lab():
    bad = only(check(eth0(GATEWAY="192.168.0.1"), allow_gateway=False), "ifcfg-gateway-not-allowed")
    assert "no default gateway" in bad.message
    assert bad.fix.startswith("Remove the GATEWAY line or set GATEWAY= (empty)")


def test_gateway_without_static_address_is_only_syntax_checked():
    text = "DEVICE=eth0\nBOOTPROTO=dhcp\nGATEWAY=10.0.0.1\n"
    assert check(text) == []
    assert codes(check(text, allow_gateway=False)) == ["ifcfg-gateway-not-allowed"]


# ---------------------------------------------------------------- addresses

@pytest.mark.parametrize("value", ["33", "/24", "255.255.255.0", "24a", "024"])
def test_bad_prefix(value):
    bad = only(check(eth0(PREFIX=value)), "ifcfg-prefix-invalid")
    assert bad.line == 6
    assert "PREFIX=%s" % value in bad.message


@pytest.mark.parametrize("value", ["255.0.255.0", "24", "255.255.255.256", "255.255.255"])
def test_bad_netmask(value):
    bad = only(check(eth0(PREFIX=None, NETMASK=value)), "ifcfg-netmask-invalid")
    assert "NETMASK=%s" % value in bad.message


def test_prefix_and_netmask_disagree():
    bad = only(check(eth0(NETMASK="255.255.0.0")), "ifcfg-prefix-netmask-mismatch")
    assert "use PREFIX" in bad.message
    assert "255.255.255.0" in bad.fix


def test_prefix_and_netmask_agree():
    assert check(eth0(NETMASK="255.255.255.0")) == []


def test_missing_prefix_assumes_classful():
    bad = only(check(eth0(PREFIX=None)), "ifcfg-prefix-missing")
    assert bad.severity == "warning"
    assert "/24" in bad.message


@pytest.mark.parametrize("value, code", [
    ("192.168.0", "ifcfg-ipaddr-invalid"),
    ("192.168.0.0", "ifcfg-ipaddr-not-host"),
    ("192.168.0.255", "ifcfg-ipaddr-not-host"),
    ("0.0.0.0", "ifcfg-ipaddr-not-host"),
])
def test_bad_ipaddr(value, code):
    assert code in codes(check(eth0(IPADDR=value)))


def test_static_without_ipaddr():
    bad = only(check(eth0(IPADDR=None, PREFIX=None)), "ifcfg-ipaddr-missing")
    assert bad.line == 3


def test_bridge_port_needs_no_ipaddr():
    assert check("DEVICE=eth0\nBOOTPROTO=none\nBRIDGE=br0\nONBOOT=yes\n") == []


def test_network_and_broadcast_must_match():
    found = check(eth0(NETWORK="192.168.1.0", BROADCAST="192.168.0.255"))
    assert codes(found) == ["ifcfg-network-mismatch"]
    assert "192.168.0.0" in found[0].message


def test_numbered_addresses():
    assert check(eth0(IPADDR=None, PREFIX=None, IPADDR0="192.168.0.10", PREFIX0="24",
                      GATEWAY="192.168.0.1")) == []
    assert "ifcfg-prefix-invalid" in codes(check(eth0(IPADDR1="192.168.0.11", PREFIX1="40")))


# ---------------------------------------------------------------- other keys

def test_bootproto():
    bad = only(check(eth0(BOOTPROTO="DHCP")), "ifcfg-bootproto-invalid")
    assert "lower-case" in bad.message and "static" in bad.message
    assert "ifcfg-bootproto-invalid" in codes(check(eth0(BOOTPROTO="fixed")))
    for value in ("none", "static", "dhcp", "bootp"):
        assert "ifcfg-bootproto-invalid" not in codes(check(eth0(BOOTPROTO=value)))


def test_onboot():
    assert check(eth0(ONBOOT="NO")) == []
    assert check(eth0(ONBOOT="No")) == []
    bad = only(check(eth0(ONBOOT="off")), "ifcfg-onboot-value")
    assert "starts the interface at boot" in bad.message


@pytest.mark.parametrize("key", ["NM_CONTROLLED", "PEERDNS"])
def test_yes_no_keys(key):
    warn = only(check(eth0(**{key: "NO"})), "ifcfg-yes-no-case")
    assert warn.severity == "warning" and warn.fix == "Write %s=no." % key
    bad = only(check(eth0(**{key: "false"})), "ifcfg-yes-no-value")
    assert bad.is_error and "%s=false" % key in bad.message
    assert check(eth0(**{key: "yes"})) == []


def test_dns():
    assert check(eth0(DNS1="192.168.0.10", DNS2="")) == []
    bad = only(check(eth0(DNS1="192.168.0.300")), "ifcfg-dns-invalid")
    assert "above 255" in bad.message
    assert only(check(eth0(DNS2="0.0.0.0")), "ifcfg-dns-zero").severity == "warning"


def test_lower_case_key_is_a_different_variable():
    warn = only(check(eth0(gateway="1")), "ifcfg-key-case")
    assert "GATEWAY" in warn.message


def test_device_name_mismatch_warns():
    warn = only(check(GOOD_ETH0, path="/x/ifcfg-eth1"), "ifcfg-device-name-mismatch")
    assert warn.severity == "warning" and warn.line == 2
    assert "ifcfg-eth0" in warn.fix


def test_loopback_file_is_clean():
    assert check(GOOD_LO, path="/x/ifcfg-lo") == []


def test_check_file_includes_syntax_findings():
    assert "ifcfg-not-assignment" in codes(check(GOOD_ETH0 + "oops\n"))


# ---------------------------------------------------------------- names

@pytest.mark.parametrize("name", ["ifcfg-eth0", "ifcfg-eth0.bak", "/etc/sysconfig/network-scripts/ifcfg-lo",
                                  "ifcfg-eth0~", "ifcfg-eth0.OLD"])
def test_read_by_initscripts(name):
    assert is_read_by_initscripts(name)


@pytest.mark.parametrize("name", ["ifcfg-eth0" + s for s in IGNORED_SUFFIXES] + ["route-eth0", "eth0", "ifcfg"])
def test_not_read_by_initscripts(name):
    assert not is_read_by_initscripts(name)


@pytest.mark.parametrize("name", [
    "ifcfg-eth0.bak", "ifcfg-eth0.backup", "ifcfg-eth0.save", "ifcfg-eth0.sav", "ifcfg-eth0.old~",
    "ifcfg-eth0~", "ifcfg-eth0.swp", "ifcfg-eth0.tmp", "ifcfg-eth0.copy", "ifcfg-eth0.orig~", "ifcfg-eth0-bak",
    "ifcfg-eth0_old", "ifcfg-eth0.20240101", "ifcfg-eth0-20240101", "ifcfg-eth0 (copy)", "ifcfg-eth0.100.bak",
    "ifcfg-eth0.new", "ifcfg-eth0.5000", "/etc/sysconfig/network-scripts/ifcfg-eth0.bak2",
])
def test_looks_like_backup(name):
    assert looks_like_backup(name)


@pytest.mark.parametrize("name", [
    "ifcfg-eth0", "ifcfg-eth0:1", "ifcfg-lo", "ifcfg-eth0.100", "ifcfg-eth0.1", "ifcfg-bond0.4094",
    "ifcfg-eth0.100:1", "ifcfg-ib0.8001", "ifcfg-eth0-range0", "ifcfg-br-ex", "ifcfg-System_eth0",
    "ifcfg-eth0.old", "ifcfg-eth0.orig", "route-eth0.bak",
])
def test_does_not_look_like_backup(name):
    assert not looks_like_backup(name)


def test_backup_decided_by_device_when_content_is_known():
    assert looks_like_backup("ifcfg-eth0.1", device="eth0")          # copy of eth0's file
    assert not looks_like_backup("ifcfg-eth0.1", device="eth0.1")    # the VLAN's own file
    assert not looks_like_backup("ifcfg-eth0.100", device="eth0.100")
    assert looks_like_backup("ifcfg-eth0.100", device="eth0")
    assert looks_like_backup("ifcfg-eth0-new", device="eth0")
    assert not looks_like_backup("ifcfg-lan", device="eth0")
    assert not looks_like_backup("ifcfg-eth0:1", device="eth0:1")


def test_initscripts_order():
    names = ["ifcfg-eth10", "ifcfg-eth0.bak", "ifcfg-lo", "ifcfg-eth2", "ifcfg-eth0"]
    assert sorted(names, key=initscripts_order) == ["ifcfg-eth0", "ifcfg-eth0.bak", "ifcfg-eth2", "ifcfg-eth10",
                                                    "ifcfg-lo"]


# ---------------------------------------------------------------- directory

def write(directory, name, text):
    path = directory / name
    path.write_text(text)
    return str(path)


def test_clean_directory(tmp_path):
    write(tmp_path, "ifcfg-eth0", GOOD_ETH0)
    write(tmp_path, "ifcfg-lo", GOOD_LO)
    write(tmp_path, "ifcfg-eth0.orig", eth0(GATEWAY="1"))       # skipped by initscripts
    write(tmp_path, "route-eth0", "garbage\n")
    files, findings = check_directory(str(tmp_path), allow_gateway=False)
    assert [f.name for f in files] == ["ifcfg-eth0", "ifcfg-lo"]
    assert findings == []


def test_missing_directory_reads_nothing(tmp_path):
    assert check_directory(str(tmp_path / "absent")) == ([], [])
    assert check_directory() == ([], [])


def test_backup_in_network_scripts(tmp_path):
    write(tmp_path, "ifcfg-eth0", GOOD_ETH0)
    backup = write(tmp_path, "ifcfg-eth0.bak", eth0(GATEWAY="1"))
    files, findings = check_directory(str(tmp_path), allow_gateway=False)
    assert [f.name for f in files] == ["ifcfg-eth0", "ifcfg-eth0.bak"]
    bad = only(findings, "ifcfg-backup-read")
    assert bad.is_error and bad.path == backup
    assert "ifcfg-eth0.bak is read at network start like a real interface file" in bad.message
    assert "configures eth0 again" in bad.message and "GATEWAY=1" in bad.message
    assert "/root/backup/" in bad.fix and ".orig" in bad.fix
    assert only(findings, "ifcfg-gateway-invalid").path == backup
    assert "ifcfg-duplicate-device" not in codes(findings)      # the backup finding already says it
    assert "ifcfg-device-name-mismatch" not in codes(findings)


def test_backup_without_device_line(tmp_path):
    write(tmp_path, "ifcfg-eth0.20240101", "BOOTPROTO=none\n")
    bad = only(check_directory(str(tmp_path))[1], "ifcfg-backup-read")
    assert "may win" in bad.message


def test_old_suffix_warns(tmp_path):
    write(tmp_path, "ifcfg-eth0", GOOD_ETH0)
    write(tmp_path, "ifcfg-eth0.old", eth0(GATEWAY="1"))
    files, findings = check_directory(str(tmp_path))
    assert [f.name for f in files] == ["ifcfg-eth0"]
    assert codes(findings) == ["ifcfg-old-suffix"]
    assert findings[0].severity == "warning" and "CentOS 5" in findings[0].message


def test_two_files_for_one_device(tmp_path):
    write(tmp_path, "ifcfg-eth0", GOOD_ETH0)
    second = write(tmp_path, "ifcfg-lan", GOOD_ETH0)
    findings = check_directory(str(tmp_path))[1]
    dup = only(findings, "ifcfg-duplicate-device")
    assert dup.is_error and dup.path == second and dup.line == 2
    assert "ifcfg-eth0" in dup.message and "ifcfg-lan" in dup.message
    assert "ifcfg-device-name-mismatch" in codes(findings)


def test_overlay_content_replaces_file_on_disk(tmp_path):
    path = write(tmp_path, "ifcfg-eth0", eth0(GATEWAY="1"))
    assert "ifcfg-gateway-invalid" in codes(check_directory(str(tmp_path))[1])
    files, findings = check_directory(str(tmp_path), files=[{"path": path, "content": GOOD_ETH0}],
                                      allow_gateway=False)
    assert findings == []
    assert len(files) == 1 and files[0].get("GATEWAY") == ""


def test_overlay_candidate_is_checked_before_it_goes_live(tmp_path):
    path = write(tmp_path, "ifcfg-eth0", GOOD_ETH0)
    candidate = "DEVICE=eth0\nBOOTPROTO=none\nIPADDR=192.168.0.10\nPREFIX=24\nGATEWAY=1\n"
    files, findings = check_directory(str(tmp_path), files=[{"path": path, "content": candidate}])
    bad = only(findings, "ifcfg-gateway-invalid")
    assert bad.path == path and bad.line == 5


def test_overlay_new_file_and_disk_read(tmp_path):
    path = write(tmp_path, "ifcfg-eth0", GOOD_ETH0)
    other = str(tmp_path / "ifcfg-eth0.backup")
    files, findings = check_directory(None, files=[{"path": path}, {"path": other, "content": GOOD_ETH0}])
    assert [f.name for f in files] == ["ifcfg-eth0", "ifcfg-eth0.backup"]
    assert codes(findings) == ["ifcfg-backup-read"]


def test_overlay_missing_file(tmp_path):
    missing = str(tmp_path / "ifcfg-eth9")
    files, findings = check_directory(None, files=[{"path": missing, "content": None}])
    assert files == []
    bad = only(findings, "unreadable")
    assert bad.path == missing


def test_explicit_file_initscripts_skip_is_still_checked(tmp_path):
    path = str(tmp_path / "ifcfg-eth0.orig")
    files, findings = check_directory(None, files=[{"path": path, "content": eth0(GATEWAY="1")}])
    assert files == []
    assert codes(findings) == ["ifcfg-gateway-invalid"]


# ---------------------------------------------------------------- effective gateway

def ifcfg_file(path, **values):
    return IfcfgFile(path, dict(values))


def test_effective_gateway_last_one_read_wins():
    network = parse_network_file("NETWORKING=yes\nGATEWAY=192.168.0.254\n", "/etc/sysconfig/network")
    eth0_file = parse_ifcfg(GOOD_ETH0, "/n/ifcfg-eth0")
    assert effective_gateway(network, [eth0_file]) == ("", "/n/ifcfg-eth0")
    assert effective_gateway(network, []) == ("192.168.0.254", "/etc/sysconfig/network")


def test_effective_gateway_follows_initscripts_order():
    files = [ifcfg_file("/n/ifcfg-eth10", GATEWAY="10.0.0.1"),
             ifcfg_file("/n/ifcfg-eth2", GATEWAY="192.168.0.1"),
             ifcfg_file("/n/ifcfg-eth0.bak", GATEWAY="1"),
             ifcfg_file("/n/ifcfg-eth0", GATEWAY="")]
    assert effective_gateway({"GATEWAY": "no"}, files) == ("10.0.0.1", "/n/ifcfg-eth10")
    assert effective_gateway(None, files[1:]) == ("192.168.0.1", "/n/ifcfg-eth2")
    assert effective_gateway(None, files[2:]) == ("1", "/n/ifcfg-eth0.bak")


def test_effective_gateway_skips_unread_and_onboot_no():
    files = [ifcfg_file("/n/ifcfg-eth0", GATEWAY=""),
             ifcfg_file("/n/ifcfg-eth1", GATEWAY="192.168.0.1", ONBOOT="no"),
             ifcfg_file("/n/ifcfg-eth0.orig", GATEWAY="1")]
    assert effective_gateway({"GATEWAY": "192.168.0.254"}, files, "/etc/net") == ("", "/n/ifcfg-eth0")


def test_effective_gateway_unset():
    assert effective_gateway(None, [ifcfg_file("/n/ifcfg-eth0", DEVICE="eth0")]) == (None, None)


# ---------------------------------------------------------------- network file

def test_network_file_checks():
    eth0_file = parse_ifcfg(GOOD_ETH0, "/n/ifcfg-eth0")
    assert check_network_file(parse_network_file("NETWORKING=yes\nGATEWAY=\n"), [eth0_file], False) == []
    assert check_network_file(None) == []
    off = only(check_network_file(parse_network_file("NETWORKING=no\n")), "ifcfg-networking-off")
    assert off.line == 1
    outside = only(check_network_file(parse_network_file("GATEWAY=10.0.0.1\n"), [eth0_file]),
                   "ifcfg-gateway-outside-subnet")
    assert "192.168.0.0/24" in outside.message and "/etc/sysconfig/network" in outside.message
    assert check_network_file(parse_network_file("GATEWAY=192.168.0.1\n"), [eth0_file]) == []
    lab = only(check_network_file(parse_network_file("GATEWAY=192.168.0.1\n"), [eth0_file], False),
               "ifcfg-gateway-not-allowed")
    assert "no default gateway" in lab.fix


# ---------------------------------------------------------------- ipv4 (shared rules)

@pytest.mark.parametrize("text, words", [
    ("1", "single number"), ("010.0.0.1", "leading zero"), ("1.2.3.256", "above 255"),
    ("192.168.0.10/24", "'/'"), ("", "empty"), ("a.b.c.d", "not an IPv4 address"),
])
def test_ipv4_problem(text, words):
    assert words in ipv4.ipv4_problem(text)


def test_ipv4_helpers():
    assert ipv4.ipv4_problem("192.168.0.1") is None
    assert ipv4.netmask_to_prefix("255.255.255.0") == 24
    assert ipv4.netmask_to_prefix("255.0.255.0") is None
    assert ipv4.netmask_to_prefix("0.0.0.0") == 0
    assert ipv4.parse_prefix("32") == 32 and ipv4.parse_prefix("33") is None
    assert ipv4.classful_prefix(ipv4.parse_ipv4("10.1.2.3")) == 8
    assert ipv4.classful_prefix(ipv4.parse_ipv4("172.16.0.1")) == 16
    assert ipv4.classful_prefix(ipv4.parse_ipv4("192.168.0.10")) == 24
    iface = ipv4.interface(ipv4.parse_ipv4("192.168.0.10"), 24)
    assert ipv4.gateway_problem("192.168.0.1", iface) is None
    assert ipv4.gateway_problem("192.168.0.1", iface, allow_gateway=False)[0] == ipv4.GW_NOT_ALLOWED
    assert ipv4.gateway_problem("192.168.0.1", None) is None
