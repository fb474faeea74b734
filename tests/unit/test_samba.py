"""module_utils/samba: pure-Python MD4 (RFC 1320), NT hashes, pdbedit -Lw, the password decision,
smb.conf / testparm parsing."""

from __future__ import annotations

import pytest

from ansible_collections.serverlab.course.plugins.module_utils import samba

# RFC 1320, appendix A.5 (the MD4 test suite).
RFC1320 = [
    (b"", "31d6cfe0d16ae931b73c59d7e0c089c0"),
    (b"a", "bde52cb31de33e46245e05fbdbd6fb24"),
    (b"abc", "a448017aaf21d8525fc10ae87aa6729d"),
    (b"message digest", "d9130a8164549fe818874806e1c7014b"),
    (b"abcdefghijklmnopqrstuvwxyz", "d79e1c308aa5bbcdeea8ed63df412da9"),
    (b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "043f8582f241db351ce627e153e7f0e4"),
    (b"1234567890" * 8, "e33b4ddc9c38f2199c3e7b164fcc0536"),
]

PDBEDIT = (
    "user1:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:8846F7EAEE8FB117AD06BDD830B7586C:[U          ]:LCT-6B042570:\n"
    "locked:1001:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:8846F7EAEE8FB117AD06BDD830B7586C:[DU         ]:LCT-6B042570:\n"
    "nopw:1002:NO PASSWORDXXXXXXXXXXXXXXXXXXXXX:NO PASSWORDXXXXXXXXXXXXXXXXXXXXX:[NU         ]:LCT-00000000:\n"
)


@pytest.mark.parametrize("data, digest", RFC1320)
def test_md4_rfc1320_vectors(data, digest):
    assert samba.md4(data).hex() == digest


def test_md4_block_boundaries_agree_with_hashlib_when_it_has_md4():
    hashlib = pytest.importorskip("hashlib")
    try:
        hashlib.new("md4")
    except ValueError:
        pytest.skip("platform: OpenSSL 3 without the legacy provider: no md4 in hashlib (why samba.md4 exists)")
    for size in (55, 56, 57, 63, 64, 65, 119, 120, 128, 1000):
        data = bytes(range(256)) * 4
        assert samba.md4(data[:size]) == hashlib.new("md4", data[:size]).digest()


def test_md4_refuses_text():
    with pytest.raises(TypeError):
        samba.md4("abc")


def test_nt_hash_known_values():
    assert samba.nt_hash("password") == "8846F7EAEE8FB117AD06BDD830B7586C"
    assert samba.nt_hash("") == "31D6CFE0D16AE931B73C59D7E0C089C0"
    # Non-ASCII goes through UTF-16LE, not Latin-1.
    assert samba.nt_hash("pässword") != samba.nt_hash("password")
    assert samba.nt_hash("pässword") == samba.md4("pässword".encode("utf-16-le")).hex().upper()


def test_parse_pdbedit_w():
    accounts = samba.parse_pdbedit_w(PDBEDIT + "garbage line\n\n")
    assert sorted(accounts) == ["locked", "nopw", "user1"]
    user1 = accounts["user1"]
    assert (user1.uid, user1.flags, user1.disabled, user1.has_password) == (1000, "U", False, True)
    assert user1.password_is("password")
    assert not user1.password_is("Password")
    assert accounts["locked"].disabled
    assert not accounts["nopw"].has_password
    assert not accounts["nopw"].password_is("")


def test_plan_new_account():
    assert samba.plan_user(None, "present", "secret123") == [samba.ADD]
    assert samba.plan_user(None, "present", "secret123", enabled=False) == [samba.ADD, samba.DISABLE]
    with pytest.raises(ValueError):
        samba.plan_user(None, "present", None)


def test_plan_same_password_changes_nothing():
    account = samba.parse_pdbedit_w(PDBEDIT)["user1"]
    assert samba.plan_user(account, "present", "password") == []


def test_plan_other_password_is_set():
    account = samba.parse_pdbedit_w(PDBEDIT)["user1"]
    assert samba.plan_user(account, "present", "serverlab-training") == [samba.ADD]
    assert samba.plan_user(account, "present", "serverlab-training", update_password="on_create") == []


def test_plan_enable_disable_delete():
    accounts = samba.parse_pdbedit_w(PDBEDIT)
    assert samba.plan_user(accounts["locked"], "present", "password") == [samba.ENABLE]
    assert samba.plan_user(accounts["user1"], "present", "password", enabled=False) == [samba.DISABLE]
    assert samba.plan_user(accounts["nopw"], "present", "password") == [samba.ADD]
    assert samba.plan_user(accounts["user1"], "absent") == [samba.DELETE]
    assert samba.plan_user(None, "absent") == []
    with pytest.raises(ValueError):
        samba.plan_user(None, "gone")


def test_password_only_on_stdin():
    commands = samba.commands_for("user1", [samba.ADD, samba.DISABLE], "s3cret-pw")
    assert commands[0] == (["smbpasswd", "-s", "-a", "user1"], "s3cret-pw\ns3cret-pw\n")
    assert commands[1] == (["smbpasswd", "-d", "user1"], None)
    assert all("s3cret-pw" not in " ".join(argv) for argv, _unused in commands)


TESTPARM_S = """# Global parameters
[global]
\tbind interfaces only = Yes
\tinterfaces = lo 192.168.0.70/24
\tserver string = h2g lab \\
\tSamba server
\tworkgroup = WORKGROUP

[homes]
\tbrowseable = No
\tvalid users = %S

[public]
\tComment = Lab public share
\tPath = /srv/samba/public
\tread only = No
"""


def test_parse_smb_conf_and_shares():
    sections = samba.parse_smb_conf(TESTPARM_S)
    assert sections["global"]["interfaces"] == "lo 192.168.0.70/24"
    assert sections["global"]["server string"] == "h2g lab  Samba server"
    assert sections["public"]["path"] == "/srv/samba/public"
    assert sorted(samba.shares(sections)) == ["homes", "public"]


def test_testparm_problems():
    clean = "Load smb config files from /etc/samba/smb.conf\nLoaded services file OK.\n" \
            "Weak crypto is allowed by GnuTLS (e.g. NTLM as a compatibility fallback)\n\nServer role: ROLE_STANDALONE\n"
    assert samba.testparm_problems(clean) == []
    typo = 'Load smb config files from x\nUnknown parameter encountered: "hosts alow"\nIgnoring unknown parameter "hosts alow"\n'
    assert len(samba.testparm_problems(typo)) == 2
    bad = "set_variable_helper(maybe): value is not boolean!\nError loading services.\n"
    assert samba.testparm_problems(bad) == ["set_variable_helper(maybe): value is not boolean!", "Error loading services."]
