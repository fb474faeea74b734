# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Day 8, the mail system split across hosts (lab_mail_hosts): the mail store behind the relays.

Only for a VM whose part is the store (track choice "store" of lab_mail_role); the single-host lab gets
none of these. The MX records are day 7's checks (they compare the served zone with the model, whose MX
the relays are). 50: the store's outgoing mail leaves through the relay, its smart host, which answers
SMTP from the store. 51: the store takes mail from the relays and the lab only (relay control).
Postfix only: the qmail track has no split yet.
"""

from __future__ import annotations

import ipaddress

from ..framework import Check, failed, passed
from ..i18n import T
from .common import probe
from .mail import postconf, split_list

DAY = 8


def _topology(ctx):
    return ctx.config.get("mail_topology") or {}


def _relays(ctx):
    return [str(r.get("address")) for r in _topology(ctx).get("relays") or [] if r.get("address")]


def _host_of(value):
    """The host inside a Postfix next hop: [192.168.0.31]:25 -> 192.168.0.31."""
    text = str(value or "").strip()
    if text.startswith("["):
        return text[1:].split("]", 1)[0]
    return text.rsplit(":", 1)[0] if text.count(":") == 1 else text


def check_store_smart_host(ctx):
    """relayhost names a relay of the model, and that relay answers SMTP from the store."""
    relays = _relays(ctx)
    fix = "[%s]" % relays[0] if relays else "[relay-address]"
    values = postconf(ctx, "relayhost")
    if values is None:
        return failed(T("postconf cannot read main.cf"))
    relayhost = values.get("relayhost", "")
    evidence = ["relayhost = %s" % relayhost, "relays of the model: %s" % (", ".join(relays) or "none")]
    if not relayhost:
        return failed(T("relayhost is empty: the store sends outgoing mail straight to other domains, past the "
                        "relay. Make the relay its smart host: postconf -e 'relayhost = %(fix)s', then "
                        "postfix reload", fix=fix), *evidence)
    host = _host_of(relayhost)
    if host not in relays:
        return failed(T("relayhost is %(value)s, which is no relay of the lab (%(relays)s): the store's outgoing "
                        "mail must leave through the relay, its smart host. postconf -e 'relayhost = %(fix)s', "
                        "then postfix reload", value=relayhost, relays=", ".join(relays) or "-", fix=fix), *evidence)
    state, text = probe(ctx, host, 25)
    evidence.append("SMTP at %s:25 from the store: %s %s" % (host, state, text))
    if state != "answer" or not text.startswith("220"):
        return failed(T("the smart host %(host)s does not greet the store on port 25 (%(state)s): outgoing mail "
                        "waits in the store's queue (postqueue -p). Start Postfix on the relay, or check the "
                        "route between the two hosts", host=host, state=state), *evidence)
    return passed(*evidence)


def _network_beyond(entry, allowed):
    try:
        net = ipaddress.ip_network(entry, strict=False)
    except ValueError:
        return False  # a table or a name: postfix check reports it
    return not any(net.version == a.version and net.subnet_of(a) for a in allowed)


def check_store_relay_control(ctx):
    """The store takes mail from mynetworks only (permit_mynetworks, reject), and mynetworks is the
    loopback, the lab network and the relays."""
    values = postconf(ctx, "mynetworks", "smtpd_client_restrictions")
    if values is None:
        return failed(T("postconf cannot read main.cf"))
    restrictions = split_list(values.get("smtpd_client_restrictions"))
    networks = split_list(values.get("mynetworks"))
    lab = ctx.config.get("network") or "192.168.0.0/24"
    allowed = [ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network(lab, strict=False)] + [
        ipaddress.ip_network("%s/32" % a) for a in _relays(ctx)]
    evidence = ["smtpd_client_restrictions = %s" % ", ".join(restrictions),
                "mynetworks = %s" % " ".join(networks)]
    wide = [n for n in networks if _network_beyond(n, allowed)]
    if wide:
        return failed(T("mynetworks has %(wide)s, beyond the loopback, the lab %(lab)s and the relays: the store "
                        "would take (and relay) mail from there. Keep 127.0.0.0/8 %(lab)s and the relays' addresses",
                        wide=", ".join(wide), lab=lab), *evidence)
    if not restrictions or restrictions[-1] != "reject" or "permit_mynetworks" not in restrictions:
        return failed(T("smtpd_client_restrictions is '%(value)s': the store behind the relays takes mail from anyone "
                        "who reaches port 25. Relay control: postconf -e 'smtpd_client_restrictions = "
                        "permit_mynetworks, reject', then postfix reload",
                        value=", ".join(restrictions)), *evidence)
    return passed(*evidence)


# The store's checks (track choice "store" of lab_mail_role); the single-host lab has none of them.
STORE = [
    Check(DAY, 50, "store/smart-host", check_store_smart_host),
    Check(DAY, 51, "store/relay-control", check_store_relay_control),
]
