# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Samba: NT password hashes, `pdbedit -Lw` entries, `testparm -s` output.

The `samba_user` module sets a Samba password only when it really differs from
the stored one: it reads the stored NT hash from ``pdbedit -Lw`` and compares it
with the NT hash of the wanted password, MD4(UTF-16LE(password)). Python's
hashlib offers MD4 only through OpenSSL, and OpenSSL 3 (Debian 12, EL 9) has
moved it to the legacy provider, so MD4 is implemented here (RFC 1320).

The evaluator's day-10 checks use `parse_smb_conf` on ``testparm -s`` output.

Pure Python 3.8+ standard library; no Ansible imports.
"""

from __future__ import annotations

import struct

# ---------------------------------------------------------------- MD4 (RFC 1320)

_MASK = 0xFFFFFFFF


def _rotl(value, shift):
    value &= _MASK
    return ((value << shift) | (value >> (32 - shift))) & _MASK


def md4(data):
    """The MD4 digest (16 bytes) of `data` (bytes), as RFC 1320 defines it."""
    if isinstance(data, str):
        raise TypeError("md4 takes bytes, not str")
    message = bytes(data)
    length_bits = (len(message) * 8) & 0xFFFFFFFFFFFFFFFF
    message += b"\x80"
    message += b"\x00" * ((56 - len(message) % 64) % 64)
    message += struct.pack("<Q", length_bits)
    a, b, c, d = 0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476

    def f(x, y, z):
        return (x & y) | (~x & z)

    def g(x, y, z):
        return (x & y) | (x & z) | (y & z)

    def h(x, y, z):
        return x ^ y ^ z

    for offset in range(0, len(message), 64):
        x = struct.unpack("<16I", message[offset:offset + 64])
        aa, bb, cc, dd = a, b, c, d
        # Round 1
        for k in (0, 4, 8, 12):
            a = _rotl(a + f(b, c, d) + x[k], 3)
            d = _rotl(d + f(a, b, c) + x[k + 1], 7)
            c = _rotl(c + f(d, a, b) + x[k + 2], 11)
            b = _rotl(b + f(c, d, a) + x[k + 3], 19)
        # Round 2
        for k in (0, 1, 2, 3):
            a = _rotl(a + g(b, c, d) + x[k] + 0x5A827999, 3)
            d = _rotl(d + g(a, b, c) + x[k + 4] + 0x5A827999, 5)
            c = _rotl(c + g(d, a, b) + x[k + 8] + 0x5A827999, 9)
            b = _rotl(b + g(c, d, a) + x[k + 12] + 0x5A827999, 13)
        # Round 3
        for k in (0, 2, 1, 3):
            a = _rotl(a + h(b, c, d) + x[k] + 0x6ED9EBA1, 3)
            d = _rotl(d + h(a, b, c) + x[k + 8] + 0x6ED9EBA1, 9)
            c = _rotl(c + h(d, a, b) + x[k + 4] + 0x6ED9EBA1, 11)
            b = _rotl(b + h(c, d, a) + x[k + 12] + 0x6ED9EBA1, 15)
        a = (a + aa) & _MASK
        b = (b + bb) & _MASK
        c = (c + cc) & _MASK
        d = (d + dd) & _MASK
    return struct.pack("<4I", a, b, c, d)


def nt_hash(password):
    """The NT hash of a password, upper-case hex as pdbedit shows it: MD4(UTF-16LE(password))."""
    return md4(password.encode("utf-16-le")).hex().upper()


# ---------------------------------------------------------------- pdbedit -Lw

class SambaAccount(object):
    """One line of `pdbedit -Lw`: user:uid:LM hash:NT hash:[flags]:LCT-timestamp:"""

    __slots__ = ("name", "uid", "lm_hash", "nt_hash", "flags", "lct")

    def __init__(self, name, uid, lm_hash, nt_hash_, flags, lct=""):
        self.name = name
        self.uid = uid
        self.lm_hash = lm_hash
        self.nt_hash = nt_hash_
        self.flags = flags
        self.lct = lct

    @property
    def disabled(self):
        return "D" in self.flags

    @property
    def has_password(self):
        """False for "no password" (N flag) or an unset hash (X... in pdbedit's output)."""
        if "N" in self.flags:
            return False
        return bool(self.nt_hash) and not self.nt_hash.upper().startswith("X")

    def password_is(self, password):
        """Whether `password` is the stored one (compares NT hashes)."""
        return self.has_password and self.nt_hash.upper() == nt_hash(password)

    def as_dict(self):
        return {"name": self.name, "uid": self.uid, "flags": self.flags,
                "disabled": self.disabled, "has_password": self.has_password}

    def __repr__(self):
        return "SambaAccount(%r, uid=%r, flags=%r)" % (self.name, self.uid, self.flags)


def parse_flags(text):
    """The account flags of `[U          ]` as a string of letters ("U", "DU"...)."""
    return "".join(ch for ch in (text or "") if ch.isalpha())


def parse_pdbedit_w(text):
    """`pdbedit -Lw` output -> {name: SambaAccount}. Lines that are not accounts are skipped."""
    accounts = {}
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line or line.count(":") < 4:
            continue
        fields = line.split(":")
        name, uid, lm, nt, flags = fields[:5]
        lct = fields[5] if len(fields) > 5 else ""
        if not name or not flags.startswith("["):
            continue
        try:
            uid = int(uid)
        except ValueError:
            continue
        accounts[name] = SambaAccount(name, uid, lm, nt, parse_flags(flags), lct)
    return accounts


# ---------------------------------------------------------------- decisions

ADD = "add"          # smbpasswd -a (new account, or a password that differs)
ENABLE = "enable"    # smbpasswd -e
DISABLE = "disable"  # smbpasswd -d
DELETE = "delete"    # smbpasswd -x


def plan_user(account, state="present", password=None, enabled=True, update_password="always"):
    """What to do so that the Samba account `account` (SambaAccount or None) is as wanted.

    Returns an ordered list of actions among ADD, ENABLE, DISABLE, DELETE. The
    password is (re)set only when the account is new or its stored NT hash is not
    the hash of `password` (with update_password="on_create": only when new).
    """
    if state == "absent":
        return [DELETE] if account is not None else []
    if state != "present":
        raise ValueError("state must be present or absent, not %r" % (state,))
    actions = []
    if account is None:
        if password is None:
            raise ValueError("a new Samba account needs a password")
        actions.append(ADD)
        if not enabled:
            actions.append(DISABLE)
        return actions
    if password is not None and update_password == "always" and not account.password_is(password):
        actions.append(ADD)
    if enabled and account.disabled:
        actions.append(ENABLE)
    elif not enabled and not account.disabled:
        actions.append(DISABLE)
    return actions


def commands_for(name, actions, password=None):
    """(argv, stdin data or None) for each action; the password only ever goes through stdin."""
    out = []
    for action in actions:
        if action == ADD:
            out.append((["smbpasswd", "-s", "-a", name], "%s\n%s\n" % (password, password)))
        elif action == ENABLE:
            out.append((["smbpasswd", "-e", name], None))
        elif action == DISABLE:
            out.append((["smbpasswd", "-d", name], None))
        elif action == DELETE:
            out.append((["smbpasswd", "-x", name], None))
        else:
            raise ValueError("unknown action %r" % (action,))
    return out


# ---------------------------------------------------------------- smb.conf / testparm -s

def parse_smb_conf(text):
    """smb.conf text (e.g. `testparm -s` output) -> {section: {parameter: value}}.

    Section and parameter names are lower-cased (Samba ignores their case and
    spaces in parameter names); values keep their text. Parameters before the
    first section belong to [global]. `;` and `#` start comment lines; a
    trailing backslash continues a line.
    """
    sections = {}
    current = sections.setdefault("global", {})
    pending = ""
    for raw in (text or "").splitlines():
        line = pending + raw.strip()
        pending = ""
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and "]" in line:
            name = line[1:line.index("]")].strip().lower()
            current = sections.setdefault(name, {})
            continue
        if "=" not in line:
            continue
        key, value = line.split("=", 1)
        key = " ".join(key.strip().lower().split())
        current[key] = value.strip()
    return sections


def shares(sections):
    """The share sections (every section but [global], [printers] and [print$])."""
    return dict((name, params) for name, params in sections.items()
                if name not in ("global", "printers", "print$"))


# What testparm only warns about but makes a setting silently not apply.
_TESTPARM_PROBLEMS = ("unknown parameter", "error", "not boolean", "invalid", "can't find include",
                      "badly formed")


def testparm_problems(messages):
    """The lines of testparm's messages (its stderr) that mean a broken smb.conf.

    testparm exits 0 when it ignores an unknown parameter (a typo), so the exit
    status alone does not tell a clean configuration.
    """
    return [line.strip() for line in (messages or "").splitlines()
            if any(word in line.lower() for word in _TESTPARM_PROBLEMS)]
