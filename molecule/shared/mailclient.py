#!/usr/bin/env python
"""A mail client from the host side of the lab: send to the trainee over SMTP or SMTPS, read the
message back over POP3 or POP3S, delete it. Used by the day-8/13 verifiers and by `make lab`:

    python3 molecule/shared/mailclient.py 192.168.0.10 --smtps --pop3s
    python3 molecule/shared/mailclient.py 192.168.0.10 --via 192.168.0.11   # the mail split: MX relay -> store

TLS sessions end with close_notify (unwrap) so stunnel logs them as "Connection closed". The lab's
certificate is self-signed: it is fetched and pinned (the client trusts exactly that certificate).
"""

import argparse
import poplib
import smtplib
import ssl
import sys
import time
import uuid

USER = "user1"
PASSWORD = "serverlab-training"  # the local lab's documented training password
DOMAIN = "example.com"


def pinned_context(host, port):
    """A client context that trusts exactly the certificate the server presents (self-signed lab cert)."""
    pem = ssl.get_server_certificate((host, port), timeout=10)
    context = ssl.create_default_context(cadata=pem)
    context.check_hostname = False  # the lab's name (h2g.example.com) is not what we dial (an address)
    return context


def send(host, subject, tls=False, port=None, sender="student@client.example.com", rcpt=None):
    """Send one message; returns the server's reply to DATA. TLS: SMTPS with close_notify."""
    rcpt = rcpt or "%s@%s" % (USER, DOMAIN)
    port = port or (465 if tls else 25)
    body = "From: %s\r\nTo: %s\r\nSubject: %s\r\n\r\nsent from the host side of the lab\r\n" % (sender, rcpt, subject)
    if tls:
        server = smtplib.SMTP_SSL(host, port, timeout=30, context=pinned_context(host, port))
    else:
        server = smtplib.SMTP(host, port, timeout=30)
    try:
        server.ehlo("client.example.com")
        refused = server.sendmail(sender, [rcpt], body)
        assert not refused, refused
        server.docmd("QUIT")
        if tls:
            server.sock.unwrap()
    finally:
        server.close()


def fetch(host, subject, tls=False, port=None, delete=True, wait=20.0, user=USER, password=PASSWORD):
    """The message with `subject` read over POP3(S), deleted afterwards; polls until it arrives."""
    port = port or (995 if tls else 110)
    deadline = time.time() + wait
    while True:
        if tls:
            box = poplib.POP3_SSL(host, port, timeout=30, context=pinned_context(host, port))
        else:
            box = poplib.POP3(host, port, timeout=30)
        try:
            box.user(user)
            box.pass_(password)
            count, _unused = box.stat()
            for number in range(1, count + 1):
                lines = box.retr(number)[1]
                text = b"\n".join(lines).decode("utf-8", "replace")
                if ("Subject: %s" % subject) in text:
                    if delete:
                        box.dele(number)
                    return text
        finally:
            box.quit()
        if time.time() >= deadline:
            return None
        time.sleep(0.5)


def roundtrip(host, smtps=False, pop3s=False, via=None):
    """Send to `host` (or to the relay `via`), read it back at `host`. Through a relay the message stays in
    the mailbox: it is the store's proof that outside mail arrives by the relay (check 8.56)."""
    subject = "serverlab roundtrip %s" % uuid.uuid4().hex
    send(via or host, subject, tls=smtps)
    return fetch(host, subject, tls=pop3s, delete=via is None)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("host")
    parser.add_argument("--smtps", action="store_true", help="send over SMTPS (465, stunnel)")
    parser.add_argument("--pop3s", action="store_true", help="read over POP3S (995, Dovecot)")
    parser.add_argument("--via", metavar="RELAY", help="send to this relay (the MX), read back at HOST and keep it")
    args = parser.parse_args(argv)
    text = roundtrip(args.host, args.smtps, args.pop3s, args.via)
    how = "%s -> %s" % ("SMTPS 465" if args.smtps else "SMTP 25", "POP3S 995" if args.pop3s else "POP3 110")
    if args.via:
        how = "the relay %s, %s at %s" % (args.via, how, args.host)
    if text is None:
        print("mail to %s@%s over %s: NOT read back" % (USER, DOMAIN, how))
        return 1
    print("mail to %s@%s over %s: read back and %s" % (USER, DOMAIN, how, "kept" if args.via else "deleted"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
