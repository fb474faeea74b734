"""molecule/nm verify: the network role's NetworkManager branch, live.

NetworkManager itself says which profile it loaded and whether it is active; the kernel says which
address and routes the veth has. A bad gateway is refused before anything changes.
"""

import os

from labtest import check_mode_changes, run_playbook

DEVICE = "labnm0"
PROFILE = "/etc/NetworkManager/system-connections/labnm0.nmconnection"
ADDRESS = "10.86.0.10/24"
CONVERGE = os.path.join(os.path.dirname(__file__), "..", "converge.yml")
# The re-runs skip the package-list refresh (converge did it): each run is a new run for the lab role.
FRESH = {"lab_package_lists_fresh": True}


def nm_state(host):
    return host.check_output("nmcli -t -g GENERAL.STATE connection show id %s" % DEVICE).strip()


def addresses(host):
    out = host.check_output("ip -o -4 addr show dev %s" % DEVICE)
    return [line.split()[3] for line in out.splitlines()]


def test_profile_is_a_private_keyfile_that_networkmanager_loaded(host):
    profile = host.file(PROFILE)
    assert profile.mode == 0o600 and profile.user == "root"
    loaded = host.check_output("nmcli -t -f NAME,DEVICE,FILENAME connection show --active")
    assert "%s:%s:%s" % (DEVICE, DEVICE, PROFILE) in loaded.splitlines(), loaded


def test_address_is_up_with_the_lab_prefix(host):
    assert nm_state(host) == "activated"
    assert addresses(host) == [ADDRESS]
    assert "state UP" in host.check_output("ip -o link show %s" % DEVICE)


def test_no_default_route_through_the_lab_device(host):
    assert host.check_output("ip -4 route show default dev %s" % DEVICE).strip() == ""
    assert host.check_output("nmcli -g ipv4.gateway connection show id %s" % DEVICE).strip() == ""
    assert host.check_output("nmcli -g ipv4.method connection show id %s" % DEVICE).strip() == "manual"


def test_check_mode_on_the_converged_vm_changes_nothing(host):  # file order: before the mistakes below
    """--check --diff right after the converge: NetworkManager's profile is as the role would make it
    (the fresh VM's --check is the scenario's check step, before its converge)."""
    assert check_mode_changes(os.path.abspath(CONVERGE), FRESH) == {"serverlab-m-nm": []}


def _unchanged_after(host, extra, *words):
    before = host.check_output("sha256sum %s && stat -c %%Y %s" % (PROFILE, PROFILE))
    rc, out = run_playbook(CONVERGE, dict(FRESH, **extra))
    assert rc != 0, out
    assert "Validate the candidate address file" in out, out
    for word in words:
        assert word in out, out
    assert host.check_output("sha256sum %s && stat -c %%Y %s" % (PROFILE, PROFILE)) == before
    assert nm_state(host) == "activated"
    assert addresses(host) == [ADDRESS]


def test_gateway_1_is_refused_before_anything_changes(host):
    _unchanged_after(host, {"network_gateway": "1"}, "gateway 1")


def test_gateway_outside_the_network_is_refused_before_anything_changes(host):
    _unchanged_after(host, {"network_gateway": "192.168.5.1"}, "outside")


def test_a_profile_taken_down_is_brought_up_again_then_left_alone(host):
    host.check_output("nmcli connection down id %s" % DEVICE)
    assert addresses(host) == []
    rc, out = run_playbook(CONVERGE, FRESH)
    assert rc == 0, out
    assert "Bring the lab profile up" in out and "changed=1" in out, out
    assert nm_state(host) == "activated" and addresses(host) == [ADDRESS]
    rc, out = run_playbook(CONVERGE, FRESH)
    assert rc == 0 and "changed=0" in out, out
