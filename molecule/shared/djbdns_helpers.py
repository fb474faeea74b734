"""Helpers for the djbdns scenario: query the instance with dig from the host, edit tinydns data by hand."""

import contextlib
import shlex
import subprocess

TINYDNS_ROOT = "/etc/tinydns/root"


def dig(server, *args):
    """`dig @server +norec ...` from the host; returns the answer section lines (+noall +answer)."""
    cmd = ["dig", "@%s" % server, "+norec", "+time=3", "+tries=2", "+noall", "+answer", "+comments"] + list(args)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30, check=False)
    assert proc.returncode == 0, "%s failed: %s%s" % (" ".join(cmd), proc.stdout.decode(), proc.stderr.decode())
    return proc.stdout.decode()


def answers(text):
    """[(name, type, rdata)] from dig's answer lines."""
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith(";"):
            continue
        fields = line.split()
        out.append((fields[0].lower(), fields[3].upper(), " ".join(fields[4:]).lower()))
    return out


@contextlib.contextmanager
def data_edit(host, append, make=False):
    """Append lines to tinydns's data (optionally running make) and put data and data.cdb back afterwards."""
    data = shlex.quote(TINYDNS_ROOT + "/data")
    host.check_output("mkdir -p /root/.molecule-orig && cp -a %s /root/.molecule-orig/tinydns-data" % data)
    try:
        host.check_output("sleep 1; printf '%%s' %s >> %s" % (shlex.quote(append), data))
        if make:
            host.check_output("cd %s && make" % TINYDNS_ROOT)
        yield
    finally:
        # The restored data is older than the data.cdb built from the edit: compile it again.
        host.check_output("mv -f /root/.molecule-orig/tinydns-data %s && touch %s && cd %s && make"
                          % (data, data, TINYDNS_ROOT))
