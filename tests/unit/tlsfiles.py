"""A real self-signed certificate and key for tests that speak or check TLS."""

import subprocess


def self_signed(where, common_name="localhost", days=2):
    """Write where/crt and where/key (RSA 2048, no passphrase); returns their paths."""
    crt, key = str(where / "crt"), str(where / "key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", str(days), "-subj",
                    "/CN=%s" % common_name, "-keyout", key, "-out", crt], check=True, capture_output=True)
    return crt, key
