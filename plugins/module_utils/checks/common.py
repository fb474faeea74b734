# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers every day's checks use: lab.json sections, listening sockets, probes run on the VM."""

from __future__ import annotations

import sys

# Run on the VM by probe(): connect, read the greeting, say what happened.
PROBE = r"""
import socket, sys
host, port = sys.argv[1], int(sys.argv[2])
try:
    conn = socket.create_connection((host, port), timeout=3)
except ConnectionRefusedError:
    print("refused")
    sys.exit(1)
except OSError as exc:
    print("error %s" % exc)
    sys.exit(2)
conn.settimeout(2)
try:
    data = conn.recv(512)
except socket.timeout:
    data = None
except OSError:
    data = b""
conn.close()
if data is None:
    print("open")
elif data:
    print("answer " + (data.decode("utf-8", "replace").splitlines() or [""])[0].strip())
else:
    print("closed")
"""


def section(ctx, name, defaults):
    """lab.json's `name` object over the course defaults."""
    merged = dict(defaults)
    merged.update(ctx.config.get(name) or {})
    return merged


def listening(ctx):
    """[(address, port, process)] of the TCP sockets listening now (ss -H -ltnp), or None when ss fails.

    A socket held by several processes gives one entry per process name: while a client is connected,
    ss lists Postfix's port 25 as users:(("smtpd",...),("master",...)), the child first."""
    rc, out, _unused = ctx.run(["ss", "-H", "-ltnp"])
    if rc != 0:
        return None
    sockets = []
    for raw in out.splitlines():
        fields = raw.split()
        if len(fields) < 4:
            continue
        local = fields[3] if fields[0] == "LISTEN" else fields[2]
        address, _unused, port = local.rpartition(":")
        if not port.isdigit():
            continue
        address = address.strip("[]").split("%", 1)[0]
        users = raw.split("users:(", 1)[1] if "users:(" in raw else ""
        names = [part.split("\"", 1)[0] for part in users.split("(\"")[1:]] or [""]
        for process in names:
            entry = (address, int(port), process)
            if entry not in sockets:
                sockets.append(entry)
    return sockets


def probe(ctx, host, port):
    """(state, text): connect to host:port from the VM. state: answer, open, closed, refused or error."""
    rc, out, err = ctx.run([sys.executable or "python3", "-c", PROBE, str(host), str(port)])
    line = (out.strip().splitlines() or [""])[0] if out.strip() else ""
    if not line:
        return "error", (err.strip() or "the probe gave no answer (rc %d)" % rc)
    state, _unused, text = line.partition(" ")
    return state, text
