"""Check 6.8: every lab service of the VM's days and tracks is enabled at boot."""

import pytest

from ansible_collections.serverlab.course.plugins.module_utils.checks import day06
from ansible_collections.serverlab.course.plugins.module_utils.i18n import localize

from labtree import LabTree, fails

# A whole Debian VM on the default tracks (BIND, Postfix, chrony; xinetd; stunnel standalone).
DEBIAN_UNITS = {"named": "enabled", "postfix": "enabled", "dovecot": "enabled", "smbd": "enabled",
                "xinetd": "enabled", "ssh": "enabled", "stunnel@smtps": "enabled", "mariadb": "enabled",
                "chrony": "enabled"}


def systemd(units):
    """A runner answering systemctl is-enabled / is-active / show from {unit: state}; other units are unknown."""
    calls = []

    def run(argv):
        calls.append(list(argv))
        if argv[:2] == ["systemctl", "is-enabled"]:
            state = units.get(argv[2])
            if state is None:
                return 1, "", "Failed to get unit file state for %s.service: No such file or directory" % argv[2]
            return (0 if state in day06.AT_BOOT else 1), state + "\n", ""
        if argv[:2] == ["systemctl", "is-active"]:
            return (0, "active\n", "") if argv[2] in units else (4, "inactive\n", "")
        if argv[:2] == ["systemctl", "show"]:
            return 0, ("loaded" if argv[-1] in units else "not-found") + "\n", ""
        return 127, "", "%s: command not found" % argv[0]

    run.calls = calls
    return run


@pytest.fixture
def deb(tmp_path):
    return LabTree(tmp_path / "debian", "Debian")


@pytest.fixture
def rh(tmp_path):
    return LabTree(tmp_path / "redhat", "RedHat")


def enabled_probes(runner):
    return [c[2] for c in runner.calls if c[:2] == ["systemctl", "is-enabled"]]


def test_whole_vm_passes_and_names_every_unit(deb):
    runner = systemd(DEBIAN_UNITS)
    result = day06.check_boot_services(deb.ctx(runner=runner, day=26))
    assert result.status == "PASS", result
    assert sorted(enabled_probes(runner)) == sorted(DEBIAN_UNITS)
    assert "systemctl is-enabled postfix (day 8): enabled" in result.evidence


def test_only_the_days_up_to_the_vm_day(deb):
    runner = systemd(DEBIAN_UNITS)
    assert day06.check_boot_services(deb.ctx(runner=runner, day=8)).status == "PASS"
    assert enabled_probes(runner) == ["named", "postfix", "dovecot"]
    runner = systemd({})
    result = day06.check_boot_services(deb.ctx(runner=runner, day=6))
    assert result.status == "PASS" and enabled_probes(runner) == []
    assert result.evidence == ("no lab service up to day 6",)


def test_a_disabled_service_fails_with_the_fix(deb):
    units = dict(DEBIAN_UNITS, postfix="disabled")
    result = fails(day06.check_boot_services(deb.ctx(runner=systemd(units), day=20)),
                   "a reboot leaves them stopped", "postfix (day 8) is disabled: systemctl enable postfix")
    assert "dovecot" not in str(result.reason)
    ja = localize(result.reason, "ja")
    assert "systemctl enable postfix" in ja and "再起動" in ja


def test_masked_and_runtime_only_are_not_at_boot(deb):
    units = dict(DEBIAN_UNITS, smbd="masked", ssh="enabled-runtime")
    fails(day06.check_boot_services(deb.ctx(runner=systemd(units), day=12)),
          "smbd (day 10) is masked: systemctl unmask smbd, then systemctl enable smbd",
          "ssh (day 12) is enabled-runtime, which ends at the next boot: systemctl enable ssh")


def test_a_service_not_installed_is_left_to_its_day(deb):
    """A day-8 Molecule VM never ran day 7: no named unit, nothing to enable."""
    units = dict(DEBIAN_UNITS)
    del units["named"]
    result = day06.check_boot_services(deb.ctx(runner=systemd(units), day=8))
    assert result.status == "PASS"
    assert any(e.startswith("named (day 7): not installed") for e in result.evidence)


def test_tracks_and_family_choose_the_units(rh):
    units = {"svscan.service": "enabled", "dovecot": "enabled", "smb": "enabled", "labtalk.socket": "enabled",
             "sshd": "enabled", "smtps.socket": "disabled", "mysqld": "enabled", "clockspeed-measure.timer": "enabled"}
    runner = systemd(units)
    ctx = rh.ctx(runner=runner, day=26, tracks={"dns": "tinydns", "mta": "qmail", "time": "clockspeed"},
                 mail={"stunnel_mode": "superserver"})
    fails(day06.check_boot_services(ctx), "smtps.socket (day 13) is disabled: systemctl enable smtps.socket")
    assert enabled_probes(runner) == ["svscan.service", "dovecot", "smb", "labtalk.socket", "sshd", "smtps.socket",
                                      "mysqld", "clockspeed-measure.timer"]


def test_in_the_catalog_for_day_6():
    assert [c.id for c in day06.CHECKS if c.func is day06.check_boot_services] == ["6.8"]
