# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fake trees for the evaluator's tests: a file system root (FakeRoot), a correctly set-up day-6 lab of
one family (LabTree), a runner that answers hostname and ip (fake_runner), and `fails`. A helper
module, not a test module: test modules import helpers, never each other."""

from __future__ import annotations

import os

from ansible_collections.serverlab.course.plugins.module_utils import framework

IFCFG = "/etc/sysconfig/network-scripts/ifcfg-eth0"
UID = os.getuid()

REDHAT_FILES = {
    "/etc/os-release": 'NAME="CentOS Linux"\nVERSION="7 (Core)"\nID="centos"\nID_LIKE="rhel fedora"\n',
    "/etc/sysconfig/network": "NETWORKING=yes\nHOSTNAME=h2g.example.com\n",
    "/etc/sysconfig/network-scripts/ifcfg-eth0": (
        "DEVICE=eth0\n"
        "BOOTPROTO=none\n"
        "ONBOOT=yes\n"
        "IPADDR=192.168.0.10\n"
        "PREFIX=24\n"
        "GATEWAY=no\n"
        "NM_CONTROLLED=no\n"
        "PEERDNS=no\n"
    ),
    "/etc/sysconfig/network-scripts/ifcfg-lo": (
        "DEVICE=lo\nIPADDR=127.0.0.1\nNETMASK=255.0.0.0\nONBOOT=yes\nNAME=loopback\n"
    ),
}

DEBIAN_FILES = {
    "/etc/os-release": 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n',
    "/etc/network/interfaces": (
        "# The loopback network interface\n"
        "auto lo\n"
        "iface lo inet loopback\n"
        "\n"
        "source /etc/network/interfaces.d/*\n"
    ),
    "/etc/network/interfaces.d/eth0": (
        "auto eth0\n"
        "iface eth0 inet static\n"
        "    address 192.168.0.10/24\n"
    ),
}

COMMON_FILES = {
    "/etc/hosts": (
        "127.0.0.1   localhost localhost.localdomain\n"
        "::1         localhost ip6-localhost ip6-loopback\n"
        "192.168.0.10 h2g.example.com h2g\n"
    ),
    "/etc/resolv.conf": "search example.com\nnameserver 127.0.0.1\n",
    "/etc/passwd": (
        "root:x:0:0:root:/root:/bin/bash\n"
        "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
        "user1:x:%d:%d:Trainee:/home/user1:/bin/bash\n" % (UID, UID)
    ),
    "/etc/shadow": (
        "root:$6$salt$roothash:19000:0:99999:7:::\n"
        "nobody:*:19000:0:99999:7:::\n"
        "user1:$6$salt$user1hash:19000:0:99999:7:::\n"
    ),
    "/etc/shells": "# valid login shells\n/bin/sh\n/bin/bash\n/usr/bin/bash\n",
}


def fake_runner(short="h2g", full="h2g.example.com", full_rc=0, full_err="", applied="192.168.0.10/24"):
    """A runner answering `hostname -s`, `hostname -f` and `ip -o -4 addr show dev DEV` (the address
    in use, `applied`; None: the ip command is missing); anything else is rc 127."""
    calls = []

    def run(argv):
        calls.append(list(argv))
        if argv == ["hostname", "-s"]:
            return 0, short + "\n", ""
        if argv == ["hostname", "-f"]:
            return full_rc, (full + "\n") if full_rc == 0 else "", full_err
        if argv[:5] == ["ip", "-o", "-4", "addr", "show"] and applied is not None:
            device = argv[-1]
            line = ("2: %s    inet %s brd 192.168.0.255 scope global %s\\       valid_lft forever\n"
                    % (device, applied, device)) if applied else ""
            return 0, line, ""
        return 127, "", "%s: command not found" % argv[0]

    run.calls = calls
    return run


class FakeRoot(object):
    """A fake file system root: paths as the evaluated system sees them, files under self.root."""

    def __init__(self, root):
        self.root = str(root)

    def real(self, path):
        return os.path.join(self.root, path.lstrip("/"))

    def write(self, path, text):
        real = self.real(path)
        os.makedirs(os.path.dirname(real), exist_ok=True)
        with open(real, "w") as handle:
            handle.write(text)

    def read(self, path):
        with open(self.real(path)) as handle:
            return handle.read()


class LabTree(FakeRoot):
    """A fake root holding a correctly set-up day-6 lab of one family."""

    def __init__(self, root, family="RedHat"):
        FakeRoot.__init__(self, root)
        files = dict(COMMON_FILES)
        files.update(REDHAT_FILES if family == "RedHat" else DEBIAN_FILES)
        for path, text in files.items():
            self.write(path, text)
        os.makedirs(self.real("/home/user1"))
        os.makedirs(self.real("/root"), exist_ok=True)

    def replace(self, path, old, new):
        text = self.read(path)
        assert old in text, "%r not in %s" % (old, path)
        self.write(path, text.replace(old, new))

    def remove(self, path):
        os.remove(self.real(path))

    def ctx(self, user=None, runner=None, **config):
        cfg = dict(framework.COURSE_DEFAULTS)
        cfg.update(config)
        cfg = framework._normalize_config(cfg)
        return framework.Context(user, cfg, root=self.root, runner=runner or fake_runner())


def fails(result, *fragments):
    assert result.status == "FAIL", result
    for fragment in fragments:
        assert fragment in result.reason, "%r not in %r" % (fragment, result.reason)
    return result
