"""Exactly one provider per job: the DNS server of the lab's track, and only it."""

import pytest

from ansible_collections.serverlab.course.plugins.module_utils import framework
from ansible_collections.serverlab.course.plugins.module_utils.checks import providers
from dnstree import providers_ctx as ctx


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
