"""molecule/nm verify: checks 6.3-6.5 on the EL 8/9 branch judge what a real NetworkManager has.

The container is Debian, so the lab configuration names the family and generation (family RedHat,
el_major 9) and the veth's values; the checks then read the keyfile NetworkManager loaded and the
address and routes the kernel has, as on a Rocky 9 VM.
"""

import json

import pytest

from labtest import mistake, verdicts

CONFIG = "/root/nm-lab.json"
PROFILE = "/etc/NetworkManager/system-connections/labnm0.nmconnection"
NM_CHECKS = ["6.3", "6.4", "6.5"]


@pytest.fixture(scope="module", autouse=True)
def el9_config(host):
    config = {"family": "RedHat", "el_major": 9, "device": "labnm0", "address": "10.86.0.10", "prefix": 24,
              "gateway": ""}
    host.check_output("printf '%%s' '%s' > %s" % (json.dumps(config), CONFIG))


def nm_verdicts(host):
    result = host.run("SERVERLAB_LAB_CONFIG=%s labeval --format json -c --day 6" % CONFIG)
    assert result.rc in (0, 1), result.stderr
    found = verdicts(json.loads(result.stdout))
    return {k: found[k] for k in NM_CHECKS}


def nm_failed(host):
    return sorted(k for k, v in nm_verdicts(host).items() if v["status"] != "PASS")


def test_checks_pass_on_the_converged_profile(host):
    bad = {k: v["reason"] for k, v in nm_verdicts(host).items() if v["status"] != "PASS"}
    assert bad == {}


def test_a_keyfile_copy_is_a_second_profile(host):
    text = host.file(PROFILE).content_string
    with mistake(host, PROFILE + ".bak", content=text):
        host.check_output("chmod 600 %s.bak" % PROFILE)
        found = nm_verdicts(host)
    assert found["6.5"]["status"] == "FAIL" and "labnm0.nmconnection.bak" in found["6.5"]["reason"]


def test_a_keyfile_others_may_read_is_caught(host):
    host.check_output("chmod 644 %s" % PROFILE)
    try:
        found = nm_verdicts(host)
    finally:
        host.check_output("chmod 600 %s" % PROFILE)
    assert found["6.3"]["status"] == "FAIL" and "chmod 600" in found["6.3"]["reason"]


def test_a_profile_not_in_use_is_caught(host):
    host.check_output("nmcli connection down id labnm0")
    try:
        found = nm_verdicts(host)
    finally:
        host.check_output("nmcli connection up id labnm0")
    assert found["6.3"]["status"] == "FAIL"
    assert "nmcli connection up labnm0" in found["6.3"]["reason"]


def test_a_gateway_in_use_is_caught(host):
    """nmcli rewrites the keyfile in NetworkManager's own layout: the checks read that too."""
    host.check_output("cp -a %s /root/labnm0.orig" % PROFILE)
    host.check_output("nmcli connection modify id labnm0 ipv4.gateway 10.86.0.1 && nmcli connection up id labnm0")
    try:
        found = nm_verdicts(host)
    finally:
        host.check_output("mv -f /root/labnm0.orig %s && nmcli connection reload && nmcli connection up id labnm0"
                          % PROFILE)
    assert found["6.4"]["status"] == "FAIL"
    assert "sets the gateway 10.86.0.1" in found["6.4"]["reason"]
    assert "a default route through labnm0 is in use" in found["6.4"]["reason"]
