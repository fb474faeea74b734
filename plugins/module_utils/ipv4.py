# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IPv4 rules shared by the network-configuration validators (ifcfg, ifupdown).

Everything here judges a value the way a trainee wrote it (text), so the
callers can say what is wrong in the file's own terms. Pure Python, standard
library only.

Dotted quads are read strictly: four decimal numbers 0-255 without leading
zeros. The C library and iproute2 read "010" as octal 8 and "1" as a valid
(shortened) address, so anything looser than the strict form means different
things to different tools and is reported.
"""

from __future__ import annotations

import ipaddress
import re

_DOTTED = re.compile(r"^(\d+)\.(\d+)\.(\d+)\.(\d+)$")

# Kinds returned by gateway_problem(); callers turn them into finding codes.
GW_INVALID = "invalid"
GW_NOT_ALLOWED = "not-allowed"
GW_OUTSIDE = "outside-subnet"
GW_OWN_ADDRESS = "own-address"
GW_NETWORK_ADDRESS = "network-address"
GW_BROADCAST_ADDRESS = "broadcast-address"


def ipv4_problem(text):
    """Why `text` is not a strict dotted-quad IPv4 address, or None if it is one."""
    if text is None or text == "":
        return "is empty"
    m = _DOTTED.match(text)
    if not m:
        if re.match(r"^\d+$", text):
            return "is a single number, not an address (an address is four numbers 0-255 separated by dots)"
        if "/" in text:
            return "contains a '/' (write the address alone; the prefix length goes into its own setting)"
        return "is not an IPv4 address (four numbers 0-255 separated by dots, e.g. 192.168.0.10)"
    for part in m.groups():
        if len(part) > 1 and part.startswith("0"):
            return ("has a number with a leading zero (%s); some tools read that as octal, so write it "
                    "without leading zeros" % part)
        if int(part) > 255:
            return "has a number above 255 (%s)" % part
    return None


def parse_ipv4(text):
    """IPv4Address for a strict dotted quad, else None."""
    if ipv4_problem(text) is not None:
        return None
    return ipaddress.IPv4Address(text)


def prefix_problem(text):
    """Why `text` is not a prefix length 0-32, or None."""
    if text is None or text == "":
        return "is empty"
    if not re.match(r"^\d+$", text):
        if text.startswith("/") and text[1:].isdigit():
            return "starts with '/' (write the number alone, e.g. 24)"
        if _DOTTED.match(text):
            return "is a dotted netmask, not a prefix length (a prefix length is a number 0-32, e.g. 24)"
        return "is not a number 0-32"
    if len(text) > 1 and text.startswith("0"):
        return "has a leading zero"
    if int(text) > 32:
        return "is above 32 (an IPv4 prefix length is 0-32)"
    return None


def parse_prefix(text):
    """Prefix length as int, else None."""
    if prefix_problem(text) is not None:
        return None
    return int(text)


def netmask_problem(text):
    """Why `text` is not a contiguous dotted netmask, or None."""
    if text is not None and re.match(r"^/?\d{1,2}$", text):
        return "is a prefix length, not a dotted netmask (write 255.255.255.0 for /24)"
    why = ipv4_problem(text)
    if why:
        return why
    value = int(ipaddress.IPv4Address(text))
    inverted = (~value) & 0xFFFFFFFF
    if inverted & (inverted + 1):
        return "is not a valid netmask: its one-bits must be contiguous from the left (like 255.255.255.0)"
    return None


def netmask_to_prefix(text):
    """Prefix length of a contiguous dotted netmask, else None."""
    if netmask_problem(text) is not None:
        return None
    return bin(int(ipaddress.IPv4Address(text))).count("1")


def prefix_to_netmask(prefix):
    return str(ipaddress.IPv4Network("0.0.0.0/%d" % prefix).netmask)


def classful_prefix(addr):
    """The prefix old tools (ipcalc without a netmask) assume: class A /8, B /16, C /24."""
    first = int(addr) >> 24
    if first < 128:
        return 8
    if first < 192:
        return 16
    return 24


def interface(addr, prefix):
    """IPv4Interface for an address and a prefix length."""
    return ipaddress.IPv4Interface("%s/%d" % (addr, prefix))


def host_address_problem(addr, prefix):
    """Why `addr`/`prefix` cannot be an interface's own address, or None."""
    if addr.is_unspecified:
        return "is 0.0.0.0, which means 'no address'"
    if addr.is_multicast:
        return "is a multicast address, not a host address"
    if addr == ipaddress.IPv4Address("255.255.255.255"):
        return "is the limited broadcast address, not a host address"
    if prefix is not None and prefix < 31:
        net = interface(addr, prefix).network
        if addr == net.network_address:
            return "is the network address of %s, not a host address" % net
        if addr == net.broadcast_address:
            return "is the broadcast address of %s, not a host address" % net
    return None


def gateway_problem(value, iface=None, allow_gateway=True):
    """Judge a gateway value that is not 'no gateway'.

    `iface` is the interface's IPv4Interface when it is known (static
    address), else None. Returns None when the gateway is fine, else
    (kind, detail) where kind is one of the GW_* constants and detail is a
    sentence fragment that follows the gateway's spelling in a message.
    """
    why = ipv4_problem(value)
    if why:
        return GW_INVALID, why
    if not allow_gateway:
        return GW_NOT_ALLOWED, "sets a default gateway, but the lab network has no default gateway (no router)"
    gw = ipaddress.IPv4Address(value)
    if iface is None:
        return None
    net = iface.network
    if gw == iface.ip:
        return GW_OWN_ADDRESS, "is this interface's own address (%s); a gateway is another host, the router" % iface.ip
    if gw not in net:
        return GW_OUTSIDE, ("is outside the interface's network %s (address %s); a gateway must be on the "
                            "interface's own network" % (net, iface.with_prefixlen))
    if net.prefixlen < 31 and gw == net.network_address:
        return GW_NETWORK_ADDRESS, "is the network address of %s, not a router's address" % net
    if net.prefixlen < 31 and gw == net.broadcast_address:
        return GW_BROADCAST_ADDRESS, "is the broadcast address of %s, not a router's address" % net
    return None


def gateway_fix(kind, iface, no_gateway_hint, allow_gateway=True):
    """The fix sentence for a gateway_problem() kind.

    `no_gateway_hint` says how this file format spells 'no gateway', as an
    imperative ("Delete the gateway line").
    """
    if kind == GW_NOT_ALLOWED or not allow_gateway:
        return "%s: the lab network has no default gateway." % no_gateway_hint
    where = " inside %s" % iface.network if iface is not None else " on the interface's network"
    return ("%s for the lab, which has no default gateway; on a network that has a router, write the "
            "router's address%s." % (no_gateway_hint, where))
