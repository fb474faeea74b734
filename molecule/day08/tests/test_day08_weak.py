"""Day 8: 8.4 (aliases) fails when local delivery reads no alias map at all, instead of passing for
want of a table to look at."""

from labtest import config_with, failed_ids, labeval, mistake, verdicts

MAIN_CF = "/etc/postfix/main.cf"


def test_no_alias_map_is_caught(host):
    text = config_with(host, MAIN_CF, "alias_maps", "")
    with mistake(host, MAIN_CF, content=text):
        report = labeval(host, "--day", "8")
    assert "8.4" in failed_ids(report)
    assert "alias_maps is empty" in verdicts(report)["8.4"]["reason"]
