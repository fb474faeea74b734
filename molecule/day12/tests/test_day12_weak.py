"""Day 12: the root-login and password checks judge the login of a lab client (sshd -T -C), so a
Match block that opens what the global settings close is caught, naming the Match block."""

from labtest import failed_ids, labeval, mistake, verdicts

SSHD_CONFIG = "/etc/ssh/sshd_config"


def test_match_block_letting_root_in_from_the_lab_is_caught(host):
    with mistake(host, SSHD_CONFIG, append="\nMatch Address 192.168.0.0/24\n    PermitRootLogin yes\n"):
        assert host.run("sshd -t").rc == 0  # a valid configuration: only the effective policy is wrong
        report = labeval(host, "--day", "12")
    assert failed_ids(report) == ["12.3"]
    reason = verdicts(report)["12.3"]["reason"]
    assert "a Match block sets PermitRootLogin yes for root" in reason, reason


def test_match_block_allowing_passwords_for_the_trainee_is_caught(host):
    with mistake(host, SSHD_CONFIG, append="\nMatch User user1\n    PasswordAuthentication yes\n"):
        report = labeval(host, "--day", "12")
    assert failed_ids(report) == ["12.4"]
    assert "a Match block sets PasswordAuthentication yes for user1" in verdicts(report)["12.4"]["reason"]
