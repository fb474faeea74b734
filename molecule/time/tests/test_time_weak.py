"""Time keeping: 26.2 demands a synchronised clock, not only an answering chronyd: without a source
and without its local reference, chronyd runs unsynchronised and the check fails, teaching the fix."""

import time

from labtest import labeval, mistake, verdicts

CONF = "/etc/chrony/chrony.conf"


def _check(host):
    return verdicts(labeval(host, "--day", "26"))["26.2"]


def test_unsynchronised_chrony_is_caught(host):
    text = host.file(CONF).content_string
    assert "local stratum" in text
    with mistake(host, CONF, content="\n".join(l for l in text.splitlines() if not l.startswith("local ")) + "\n"):
        host.check_output("systemctl restart chrony")
        verdict = _check(host)
    host.check_output("systemctl restart chrony")
    assert verdict["status"] == "FAIL", verdict
    assert "not synchronised to any source" in verdict["reason"] and "local stratum 10" in verdict["reason"]
    # Back to the lab's configuration: the local reference makes chronyd synchronised again.
    deadline = time.monotonic() + 30
    while _check(host)["status"] != "PASS":
        assert time.monotonic() < deadline, _check(host)
        time.sleep(1)
