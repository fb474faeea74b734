# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An EL 9 lab on a fake tree (NetworkManager keyfile, no ifcfg) and a runner that answers `ip route`, for
the EL-generation tests. A helper module, not a test module."""

from __future__ import annotations

import os

from labtree import LabTree, fake_runner

EL9_OS_RELEASE = ('NAME="Rocky Linux"\nVERSION="9.4 (Blue Onyx)"\nID="rocky"\nID_LIKE="rhel centos fedora"\n'
                  'VERSION_ID="9.4"\n')
KEYFILE = "/etc/NetworkManager/system-connections/eth0.nmconnection"
KEYFILE_TEXT = (
    "[connection]\n"
    "id=eth0\n"
    "uuid=5fb06bd0-0bb0-7ffb-45f1-d6edd65f3e03\n"
    "type=ethernet\n"
    "interface-name=eth0\n"
    "\n"
    "[ipv4]\n"
    "method=manual\n"
    "address1=192.168.0.10/24\n"
    "dns=192.168.0.10;\n"
    "\n"
    "[ipv6]\n"
    "method=disabled\n"
)


class EL9Tree(LabTree):
    """A correct EL 9 lab: one keyfile, mode 0600, and no ifcfg file."""

    def __init__(self, root):
        LabTree.__init__(self, root, "RedHat")
        self.write("/etc/os-release", EL9_OS_RELEASE)
        self.remove("/etc/sysconfig/network-scripts/ifcfg-eth0")
        self.remove("/etc/sysconfig/network-scripts/ifcfg-lo")
        self.keyfile(KEYFILE, KEYFILE_TEXT)

    def keyfile(self, path, text, mode=0o600):
        self.write(path, text)
        os.chmod(self.real(path), mode)


def route_runner(default_route=""):
    """fake_runner plus `ip -4 route show default dev DEV`."""
    base = fake_runner()

    def run(argv):
        if argv[:4] == ["ip", "-4", "route", "show"]:
            return 0, default_route, ""
        return base(argv)

    return run
