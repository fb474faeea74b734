"""djb track: 7.22 proves the accounts cannot log in (a no-login shell and a locked password), not
only that they are not root."""

from labtest import failed_ids, labeval, verdicts


def _shell(host, user):
    return host.check_output("getent passwd %s | cut -d: -f7" % user)


def test_account_with_a_login_shell_is_caught(host):
    before = _shell(host, "tinydns")
    host.check_output("usermod -s /bin/bash tinydns")
    try:
        report = labeval(host, "--day", "7")
    finally:
        host.check_output("usermod -s %s tinydns" % before)
    assert failed_ids(report) == ["7.22"]
    assert "tinydns has the login shell /bin/bash" in verdicts(report)["7.22"]["reason"]


def test_account_with_a_password_is_caught(host):
    host.check_output("echo 'dnscache:Serverlab-Test-1' | chpasswd")
    try:
        report = labeval(host, "--day", "7")
    finally:
        host.check_output("usermod -p '!' dnscache")
    assert failed_ids(report) == ["7.22"]
    assert "dnscache has a usable password (set)" in verdicts(report)["7.22"]["reason"]
