"""molecule/shared/labtest.wait_until: how the Molecule tests wait for a reload or restart to serve."""

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "molecule", "shared"))
import labtest  # noqa: E402


def test_returns_the_first_answer_that_is_ok():
    answers = iter([(250, b"Ok"), (250, b"Ok"), (554, b"Relay access denied")])
    assert labtest.wait_until("relay refused", lambda: next(answers), lambda r: r[0] == 554,
                              timeout=5, interval=0) == (554, b"Relay access denied")


def test_an_exception_is_not_yet():
    calls = []

    def probe():
        calls.append(1)
        if len(calls) < 3:
            raise ConnectionRefusedError("[Errno 111] Connection refused")
        return True

    assert labtest.wait_until("port 25 answers", probe, timeout=5, interval=0) is True
    assert len(calls) == 3


def test_timeout_names_what_and_the_last_answer():
    with pytest.raises(AssertionError) as info:
        labtest.wait_until("smtpd refuses to relay", lambda: (250, b"2.1.5 Ok"), lambda r: r[0] == 554,
                           timeout=0.3, interval=0.05)
    assert "smtpd refuses to relay: still not so after" in str(info.value)
    assert "(250, b'2.1.5 Ok')" in str(info.value)
    with pytest.raises(AssertionError, match="last answer: ConnectionRefusedError: refused"):
        labtest.wait_until("x", lambda: (_unused for _unused in ()).throw(ConnectionRefusedError("refused")),
                           timeout=0.1, interval=0.05)
