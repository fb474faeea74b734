# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Jinja tests for the lab model, with no dependency beyond the standard library."""

from __future__ import annotations

import ipaddress

DOCUMENTATION_NOTE = "Documented in plugins/test/*.yml"


def _address(value):
    try:
        return ipaddress.IPv4Address(str(value))
    except ValueError:
        return None


def _network(value):
    try:
        return ipaddress.IPv4Network(str(value), strict=True)
    except ValueError:
        return None


def ipv4_address(value):
    """True for a dotted-quad IPv4 address."""
    return _address(value) is not None


def ipv4_network(value):
    """True for an IPv4 network in CIDR form with no host bits set."""
    return "/" in str(value) and _network(value) is not None


def ipv4_host_in(value, network):
    """True when value is a usable host address of network (not its network or broadcast address)."""
    addr, net = _address(value), _network(network)
    if addr is None or net is None or addr not in net:
        return False
    if net.prefixlen < 31 and addr in (net.network_address, net.broadcast_address):
        return False
    return True


class TestModule(object):
    def tests(self):
        return {
            "ipv4_address": ipv4_address,
            "ipv4_network": ipv4_network,
            "ipv4_host_in": ipv4_host_in,
        }
