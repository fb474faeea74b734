"""Exactly one provider per job: the DNS server of the lab's track, and only it."""

import pytest

from ansible_collections.serverlab.course.plugins.module_utils import framework
from ansible_collections.serverlab.course.plugins.module_utils.checks import providers


def ctx(tmp_path, named=False, tinydns=False, track="bind"):
    (tmp_path / "etc" / "service" / "tinydns").mkdir(parents=True)

    def run(argv):
        if argv[:2] == ["systemctl", "is-active"]:
            return (0, "active\n", "") if named and argv[2] == "named" else (3, "inactive\n", "")
        if argv[0] == "svstat":
            state = "up (pid 42) 9 seconds" if tinydns else "down 9 seconds"
            return 0, "%s: %s\n" % (argv[1], state), ""
        return 127, "", "not found"

    config = dict(framework.COURSE_DEFAULTS, tracks={"dns": track})
    return framework.Context("user1", config, root=str(tmp_path), runner=run)


def test_the_track_s_server_alone_passes(tmp_path):
    assert providers.check_one_dns_server(ctx(tmp_path, named=True)).status == framework.PASS


def test_tinydns_track_passes_with_tinydns(tmp_path):
    assert providers.check_one_dns_server(ctx(tmp_path, tinydns=True, track="tinydns")).status == framework.PASS


def test_both_servers_fail_naming_both_and_the_fix(tmp_path):
    result = providers.check_one_dns_server(ctx(tmp_path, named=True, tinydns=True))
    assert result.status == framework.FAIL
    assert "named (named.service) and tinydns (/etc/service/tinydns) both run" in result.reason
    assert "systemctl disable --now named" in result.reason


@pytest.mark.parametrize("named,tinydns,track,words", [
    (False, False, "bind", "no DNS server runs"),
    (True, False, "tinydns", "the lab's DNS track is tinydns"),
    (False, True, "bind", "the lab's DNS track is bind"),
])
def test_none_or_the_wrong_one_fails(tmp_path, named, tinydns, track, words):
    result = providers.check_one_dns_server(ctx(tmp_path, named=named, tinydns=tinydns, track=track))
    assert result.status == framework.FAIL
    assert words in result.reason
