# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Day 8, the mail system split across hosts (lab_mail_hosts): the mail store behind the relays.

The store's (track choice "store" of lab_mail_role) and the relays' (relay, backup-relay); the single-host
lab gets none of these. The MX records are day 7's checks on the store (they compare the served zone with
the model, whose MX the relays are). Store: 50 its outgoing mail leaves through the relay, its smart host,
which answers SMTP from the store; 51 it takes mail from the relays and the lab only (relay control); 56
mail from outside reached the trainee through a relay (Received headers). Relays: 52 the route to the store;
53 relay control; 54 no mail stored at the edge; 55 VRFY refused. Each check reads the VM's MTA (the mta
track): Postfix's main.cf through postconf, or qmail's control files (smtproutes, rcpthosts, locals) and its
tcpserver rules, which tcprules.lookup applies to a client as tcpserver would.
"""

from __future__ import annotations

import ipaddress
import re

from .. import tcprules
from ..framework import Check, failed, not_yet, passed
from ..i18n import T, join
from ..qmail import control_lines, domain_allowed, parse_smtproutes, read_control_dir
from . import mailprobe
from .common import probe
from .mail import home_of, mail, on_qmail, postconf, split_list

DAY = 8
# A client outside the lab and the mail split (TEST-NET-3): whom the tcpserver rules must refuse or not let relay.
OUTSIDER = "203.0.113.25"


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


def _smart_host_greets(ctx, host, port, evidence, mta):
    """None when the smart host greets the store on `port`, else the failure (in the MTA's terms)."""
    state, text = probe(ctx, host, port)
    evidence.append("SMTP at %s:%s from the store: %s %s" % (host, port, state, text))
    if state == "answer" and text.startswith("220"):
        return None
    if mta == "qmail":
        return failed(T("the smart host %(host)s does not greet the store on port %(port)s (%(state)s): outgoing "
                        "mail waits in the store's queue (qmail-qstat). Start the MTA on the relay, or check the "
                        "route between the two hosts", host=host, port=port, state=state), *evidence)
    return failed(T("the smart host %(host)s does not greet the store on port 25 (%(state)s): outgoing mail "
                    "waits in the store's queue (postqueue -p). Start Postfix on the relay, or check the "
                    "route between the two hosts", host=host, state=state), *evidence)


def check_store_smart_host(ctx):
    """relayhost names a relay of the model, and that relay answers SMTP from the store."""
    if on_qmail(ctx):
        return _qmail_smart_host(ctx)
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
    return _smart_host_greets(ctx, host, 25, evidence, "postfix") or passed(*evidence)


def _network_beyond(entry, allowed):
    try:
        net = ipaddress.ip_network(entry, strict=False)
    except ValueError:
        return False  # a table or a name: postfix check reports it
    return not any(net.version == a.version and net.subnet_of(a) for a in allowed)


def check_store_relay_control(ctx):
    """The store takes mail from mynetworks only (permit_mynetworks, reject), and mynetworks is the
    loopback, the lab network and the relays."""
    if on_qmail(ctx):
        return _qmail_store_control(ctx)
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


def _header_blocks(text):
    """The unfolded Received headers, top first, of one message's text."""
    head = re.split(r"\r?\n\r?\n", text or "", maxsplit=1)[0]
    unfolded = re.sub(r"\r?\n[ \t]+", " ", head)
    return [line.split(":", 1)[1].strip() for line in unfolded.splitlines() if line.lower().startswith("received:")]


def _messages(ctx, home):
    """(where, text) of every message in the trainee's mailbox (Maildir new and cur, or the mbox)."""
    if mail(ctx)["store"] == "mbox":
        text = ctx.read("/var/mail/%s" % ctx.user) or ""
        return [("/var/mail/%s" % ctx.user, "From " + part) for part in re.split(r"(?m)^From ", text) if part.strip()]
    found = []
    for directory in ("%s/Maildir/new" % home, "%s/Maildir/cur" % home):
        for name in sorted(ctx.listdir(directory)):
            found.append(("%s/%s" % (directory, name), ctx.read("%s/%s" % (directory, name)) or ""))
    return found


def check_store_via_relay(ctx):
    """Mail from outside reached the trainee's mailbox through a relay: the newest Received header (the
    store's own) names a relay of the model as the host it came from."""
    relays = _relays(ctx)
    home = home_of(ctx, ctx.user)
    if home is None:
        return failed(T("there is no user %(user)s: create the trainee account (day 6)", user=ctx.user))
    seen = 0
    for where, text in _messages(ctx, home):
        received = _header_blocks(text)
        if not received:
            continue
        seen += 1
        top = received[0]
        if any("[%s]" % address in top.split(" by ", 1)[0] for address in relays):
            return passed("%s:" % where, *("Received: %s" % line for line in received[:3]))
    return not_yet(T("no mail in %(user)s's mailbox came through a relay (%(relays)s) yet (%(seen)d messages "
                     "looked at): send one to %(user)s from outside the store, to the MX (the relay), and see that "
                     "the relay's route (transport_maps) hands it to the store", user=ctx.user,
                     relays=", ".join(relays) or "-", seen=seen),
                   "relays of the model: %s" % (", ".join(relays) or "none"))


def _store(ctx):
    return str((_topology(ctx).get("store") or {}).get("address") or "")


def check_relay_route(ctx):
    """The relay takes mail for the domain (relay_domains) and its route (transport_maps) leads to the store
    of the model, which answers SMTP from the relay."""
    if on_qmail(ctx):
        return _qmail_route(ctx)
    domain = str(ctx.config.get("domain") or "example.com")
    store = _store(ctx)
    fix = "%s smtp:[%s]" % (domain, store or "store-address")
    values = postconf(ctx, "relay_domains", "transport_maps", expand=True)
    if values is None:
        return failed(T("postconf cannot read main.cf"))
    domains = split_list(values.get("relay_domains"))
    maps = split_list(values.get("transport_maps"))
    evidence = ["relay_domains = %s" % " ".join(domains), "transport_maps = %s" % " ".join(maps),
                "store of the model: %s" % (store or "none")]
    if domain not in domains:
        return failed(T("relay_domains does not name %(domain)s: the relay refuses the domain's mail (Relay access "
                        "denied) although it is the MX. postconf -e 'relay_domains = $mydomain', then postfix reload",
                        domain=domain), *evidence)
    route = ""
    for table in maps:
        rc, out, _unused = ctx.run(["postmap", "-q", domain, table])
        if rc == 0 and out.strip():
            route = out.strip()
            break
    evidence.append("route of %s: %s" % (domain, route or "none"))
    if not route:
        return failed(T("the relay has no route for %(domain)s: it would look up the domain's MX, which is itself, "
                        "and the mail loops back. Add the line '%(fix)s' to the transport map, postmap it, set "
                        "transport_maps to it and postfix reload", domain=domain, fix=fix), *evidence)
    host = _host_of(route.split(":", 1)[1] if ":" in route.split("[", 1)[0] else route)
    if host != store:
        return failed(T("the relay's route for %(domain)s is '%(route)s', not the mail store %(store)s: mail would "
                        "go to the wrong host. The route must be '%(fix)s' (transport map, then postmap and postfix "
                        "reload)", domain=domain, route=route, store=store or "-", fix=fix), *evidence)
    state, text = probe(ctx, host, 25)
    evidence.append("SMTP at %s:25 from the relay: %s %s" % (host, state, text))
    if state != "answer" or not text.startswith("220"):
        return failed(T("the mail store %(host)s does not greet the relay on port 25 (%(state)s): mail for the "
                        "domain waits in the relay's queue (postqueue -p). Start Postfix on the store, and let the "
                        "relay in (the store's mynetworks)", host=host, state=state), *evidence)
    return passed(*evidence)


def check_relay_control(ctx):
    """The relay relays only for the store (mynetworks: the loopback and the store) and refuses everyone
    else (smtpd_relay_restrictions end their permits with reject_unauth_destination)."""
    if on_qmail(ctx):
        return _qmail_relay_control(ctx)
    values = postconf(ctx, "mynetworks", "smtpd_relay_restrictions")
    if values is None:
        return failed(T("postconf cannot read main.cf"))
    networks = split_list(values.get("mynetworks"))
    restrictions = split_list(values.get("smtpd_relay_restrictions"))
    store = _store(ctx)
    allowed = [ipaddress.ip_network("127.0.0.0/8")] + ([ipaddress.ip_network("%s/32" % store)] if store else [])
    evidence = ["mynetworks = %s" % " ".join(networks),
                "smtpd_relay_restrictions = %s" % ", ".join(restrictions)]
    wide = [n for n in networks if _network_beyond(n, allowed)]
    if wide:
        return failed(T("mynetworks has %(wide)s, beyond the loopback and the mail store %(store)s: the relay would "
                        "relay mail to any domain for them. Relay control: postconf -e 'mynetworks = 127.0.0.0/8 "
                        "%(store)s/32', then postfix reload", wide=", ".join(wide), store=store or "-"), *evidence)
    opened = None
    for item in restrictions:
        if item == "reject_unauth_destination":
            opened = ""
            break
        if item == "permit":
            opened = item
            break
    if opened != "":
        return failed(T("smtpd_relay_restrictions is '%(value)s': the relay must refuse to relay for anyone but "
                        "mynetworks. Relay control: postconf -e 'smtpd_relay_restrictions = permit_mynetworks, "
                        "reject_unauth_destination', then postfix reload", value=", ".join(restrictions)), *evidence)
    return passed(*evidence)


def check_relay_no_local_mail(ctx):
    """The relay stores no mail: the domain is not local here (mydestination), and local delivery is an
    error (local_transport)."""
    if on_qmail(ctx):
        return _qmail_no_local_mail(ctx)
    domain = str(ctx.config.get("domain") or "example.com")
    values = postconf(ctx, "mydestination", "local_transport", expand=True)
    if values is None:
        return failed(T("postconf cannot read main.cf"))
    local = split_list(values.get("mydestination"))
    transport = values.get("local_transport", "")
    evidence = ["mydestination = %s" % " ".join(local), "local_transport = %s" % transport]
    if domain in local:
        return failed(T("mydestination names %(domain)s on the relay: the domain's mail is delivered into mailboxes "
                        "here instead of routed to the store. postconf -e 'mydestination =' (empty), then postfix "
                        "reload", domain=domain), *evidence)
    if not transport.startswith(("error", "discard")):
        return failed(T("local_transport is '%(value)s': mail for the relay's own names would be stored here, and a "
                        "relay keeps no mailboxes. postconf -e 'local_transport = error:5.1.1 this relay stores no "
                        "mail', then postfix reload", value=transport), *evidence)
    return passed(*evidence)


def check_relay_vrfy(ctx):
    """The relay at the edge refuses VRFY (disable_vrfy_command = yes): outsiders cannot list the users."""
    if on_qmail(ctx):
        return _qmail_vrfy(ctx)
    values = postconf(ctx, "disable_vrfy_command")
    if values is None:
        return failed(T("postconf cannot read main.cf"))
    value = values.get("disable_vrfy_command", "")
    evidence = ["disable_vrfy_command = %s" % value]
    if value != "yes":
        return failed(T("disable_vrfy_command is '%(value)s': anyone on the network can ask the relay which users "
                        "exist (VRFY). postconf -e 'disable_vrfy_command = yes', then postfix reload",
                        value=value), *evidence)
    return passed(*evidence)


# ---------------------------------------------------------------- the qmail track: control files and tcpserver rules

def _control(ctx):
    """(control directory, {name: text} of its files) of the VM's qmail."""
    directory = mail(ctx)["qmail_dir"] + "/control"
    return directory, read_control_dir(ctx.path(directory))


def _lines(files, name):
    return [value.strip().lower() for _unused, value in control_lines(files.get(name) or "") if value.strip()]


def _in_domain(name, domain):
    name = name.lstrip(".")
    return name == domain or name.endswith("." + domain)


def _route_host(route):
    return route.relay[1:-1] if route.relay.startswith("[") else route.relay


def _rules(ctx, evidence):
    """(rules, None) of the smtpd rules, checked and compiled; or (None, failure)."""
    cfg = mail(ctx)
    text = ctx.read(cfg["smtpd_rules"])
    if text is None:
        return None, failed(T("%(path)s does not exist: tcpserver has no rules, so it lets every client in and nobody "
                              "relay. Write the rules and compile them with tcprules", path=cfg["smtpd_rules"]),
                            *evidence)
    rules, findings = tcprules.check_text(text, cfg["smtpd_rules"], ctx.config.get("network") or "192.168.0.0/24")
    findings += tcprules.check_cdb_fresh(ctx.path(cfg["smtpd_rules"]), ctx.path(cfg["smtpd_cdb"]), rules)
    evidence.append("%s: %s" % (cfg["smtpd_rules"], " / ".join(r.text for r in rules) or "no rules"))
    bad = [f for f in findings if f.severity == "error"]
    if bad:
        return None, failed(join([T("%(message)s %(fix)s", message=f.message, fix=f.fix) for f in bad[:3]]),
                            *evidence)
    return rules, None


def _applied(rules, ip):
    """(allowed, relays, text) of the rule tcpserver applies to a client at `ip`."""
    found = tcprules.describe(rules, ip)
    key = "'%s'" % found["key"] if found["key"] is not None else "default"
    text = "%s -> %s %s" % (ip, key, found["action"] + "".join(",%s" % k for k in sorted(found["env"])))
    return found["action"] == tcprules.ALLOW, "RELAYCLIENT" in found["env"], text


def _lab_client(ctx):
    """An address of the lab network that is no host of the mail split: an ordinary lab client."""
    network = ipaddress.ip_network(ctx.config.get("network") or "192.168.0.0/24", strict=False)
    taken = set(str(h.get("address")) for h in _topology(ctx).get("hosts") or [])
    taken.update(_relays(ctx) + [_store(ctx)])
    for candidate in reversed(list(network.hosts())[-16:]):
        if str(candidate) not in taken:
            return str(candidate)
    return str(network.network_address + 1)


def _qmail_smart_host(ctx):
    """qmail: control/smtproutes' default route (':[relay]') names a relay of the model, which answers SMTP."""
    relays = _relays(ctx)
    directory, files = _control(ctx)
    fix = ":[%s]" % (relays[0] if relays else "relay-address")
    routes = parse_smtproutes(files.get("smtproutes") or "")[0]
    default = next((r for r in routes if r.domain == ""), None)
    evidence = ["%s/smtproutes: %s" % (directory, " / ".join(r.text for r in routes) or "none"),
                "relays of the model: %s" % (", ".join(relays) or "none")]
    if default is None:
        return failed(T("%(dir)s/smtproutes has no default route: the store sends outgoing mail straight to other "
                        "domains, past the relay. Make the relay its smart host: echo '%(fix)s' >> %(dir)s/smtproutes "
                        "(qmail-remote reads it at the next delivery)", dir=directory, fix=fix), *evidence)
    host = _route_host(default)
    if host not in relays:
        return failed(T("the default route in %(dir)s/smtproutes is '%(value)s', which is no relay of the lab "
                        "(%(relays)s): the store's outgoing mail must leave through the relay, its smart host. The "
                        "line must be '%(fix)s'", dir=directory, value=default.text, relays=", ".join(relays) or "-",
                        fix=fix), *evidence)
    return _smart_host_greets(ctx, host, default.port or 25, evidence, "qmail") or passed(*evidence)


def _qmail_store_control(ctx):
    """qmail: the store's tcpserver rules let the lab and the relays in and refuse everyone else (:deny)."""
    evidence = []
    rules, failure = _rules(ctx, evidence)
    if failure:
        return failure
    path = mail(ctx)["smtpd_rules"]
    allowed, _relays_too, text = _applied(rules, OUTSIDER)
    evidence.append(text)
    if allowed:
        return failed(T("%(path)s lets a client outside the lab and the relays in (%(client)s): the store behind the "
                        "relays takes mail from anyone who reaches port 25. Relay control: end the rules with ':deny' "
                        "after the lab's line, then compile them with tcprules", path=path, client=text), *evidence)
    for address in _relays(ctx) + [_lab_client(ctx)]:
        allowed, _relays_too, text = _applied(rules, address)
        evidence.append(text)
        if not allowed:
            return failed(T("%(path)s refuses %(client)s: the store must take mail from the relays (the domain's mail) "
                            "and from the lab (its users' mail). Give the lab network an allow line before ':deny', "
                            "then compile the rules with tcprules", path=path, client=text), *evidence)
    return passed(*evidence)


def _qmail_route(ctx):
    """qmail: rcpthosts takes the domain, and smtproutes routes it to the store of the model, which answers."""
    domain = str(ctx.config.get("domain") or "example.com").lower()
    store = _store(ctx)
    directory, files = _control(ctx)
    fix = "%s:[%s]" % (domain, store or "store-address")
    rcpthosts = _lines(files, "rcpthosts")
    routes = parse_smtproutes(files.get("smtproutes") or "")[0]
    route = next((r for r in routes if r.domain.lower() == domain), None)
    evidence = ["%s/rcpthosts: %s" % (directory, " ".join(rcpthosts) or "none"),
                "%s/smtproutes: %s" % (directory, " / ".join(r.text for r in routes) or "none"),
                "store of the model: %s" % (store or "none")]
    if not domain_allowed(domain, rcpthosts):
        return failed(T("%(dir)s/rcpthosts does not name %(domain)s: the relay refuses the domain's mail ('553 sorry, "
                        "that domain isn't in my list of allowed rcpthosts') although it is the MX. echo %(domain)s "
                        ">> %(dir)s/rcpthosts", dir=directory, domain=domain), *evidence)
    if route is None:
        return failed(T("the relay has no route for %(domain)s in %(dir)s/smtproutes: qmail-remote would look up the "
                        "domain's MX, which is the relay itself, and the mail loops back. Add the line '%(fix)s' to "
                        "%(dir)s/smtproutes", domain=domain, dir=directory, fix=fix), *evidence)
    host = _route_host(route)
    if host != store:
        return failed(T("the relay's route for %(domain)s is '%(route)s', not the mail store %(store)s: mail would go "
                        "to the wrong host. The line in %(dir)s/smtproutes must be '%(fix)s'", domain=domain,
                        route=route.text, store=store or "-", dir=directory, fix=fix), *evidence)
    state, text = probe(ctx, host, route.port or 25)
    evidence.append("SMTP at %s:%s from the relay: %s %s" % (host, route.port or 25, state, text))
    if state != "answer" or not text.startswith("220"):
        return failed(T("the mail store %(host)s does not greet the relay on port %(port)s (%(state)s): mail for the "
                        "domain waits in the relay's queue (qmail-qstat). Start the MTA on the store, and let the "
                        "relay in (the store's tcpserver rules)", host=host, port=route.port or 25, state=state),
                      *evidence)
    return passed(*evidence)


def _qmail_relay_control(ctx):
    """qmail: RELAYCLIENT for the store only (its outgoing mail), no other client relays, rcpthosts names only
    the domain."""
    domain = str(ctx.config.get("domain") or "example.com").lower()
    store = _store(ctx)
    directory, files = _control(ctx)
    evidence = ["%s/rcpthosts: %s" % (directory, " ".join(_lines(files, "rcpthosts")) or "missing")]
    if files.get("rcpthosts") is None:
        return failed(T("%(dir)s/rcpthosts is missing: qmail-smtpd then relays mail to any domain for anyone, an "
                        "open relay at the edge. echo %(domain)s > %(dir)s/rcpthosts", dir=directory, domain=domain),
                      *evidence)
    others = [d for d in _lines(files, "rcpthosts") if d != domain]
    if others:
        return failed(T("%(dir)s/rcpthosts names %(others)s besides %(domain)s: the relay takes mail for those domains "
                        "from anyone and relays it. Keep %(domain)s alone", dir=directory,
                        others=", ".join(others), domain=domain), *evidence)
    rules, failure = _rules(ctx, evidence)
    if failure:
        return failure
    path = mail(ctx)["smtpd_rules"]
    fix = T("RELAYCLIENT for the store alone: %(store)s:allow,RELAYCLIENT=\"\" then :allow, compiled with "
            "tcprules", store=store or "store-address")
    for address in (_lab_client(ctx), OUTSIDER):
        _allowed, relays, text = _applied(rules, address)
        evidence.append(text)
        if relays:
            return failed(T("%(path)s gives RELAYCLIENT to %(client)s: the relay would relay mail to any domain for "
                            "them. Relay control: %(fix)s", path=path, client=text, fix=fix), *evidence)
    allowed, relays, text = _applied(rules, store)
    evidence.append(text)
    if not (allowed and relays):
        return failed(T("%(path)s does not let the store relay (%(client)s): the store's outgoing mail, which leaves "
                        "through this relay, is refused. Relay control: %(fix)s", path=path, client=text, fix=fix),
                      *evidence)
    return passed(*evidence)


def _qmail_no_local_mail(ctx):
    """qmail: the relay stores no mail: control/locals exists and names no domain of the lab, and no
    virtualdomains line takes the domain."""
    domain = str(ctx.config.get("domain") or "example.com").lower()
    directory, files = _control(ctx)
    evidence = ["%s/locals: %s" % (directory, " ".join(_lines(files, "locals")) or
                                   ("empty" if files.get("locals") is not None else "missing")),
                "%s/virtualdomains: %s" % (directory, " ".join(_lines(files, "virtualdomains")) or "none")]
    if files.get("locals") is None:
        return failed(T("%(dir)s/locals is missing, so qmail delivers mail for its own name (control/me) into "
                        "mailboxes here, and a relay keeps no mailboxes. Create it empty: : > %(dir)s/locals, then "
                        "svc -h the qmail-send service", dir=directory), *evidence)
    local = [d for d in _lines(files, "locals") if _in_domain(d, domain)]
    virtual = [v for v in _lines(files, "virtualdomains") if _in_domain(v.split(":", 1)[0].split("@")[-1], domain)]
    if local or virtual:
        return failed(T("%(dir)s names %(names)s as delivered here (locals or virtualdomains): the domain's mail is "
                        "stored on the relay instead of routed to the store. Remove the line, then svc -h the "
                        "qmail-send service", dir=directory, names=", ".join(local + virtual)), *evidence)
    return passed(*evidence)


def _qmail_vrfy(ctx):
    """qmail: port 25 of the relay answers VRFY without naming a user (qmail-smtpd: 252)."""
    answer = mailprobe.run(ctx, "smtp", "127.0.0.1", 25, "--vrfy", ctx.user)
    evidence = ["VRFY %s at 127.0.0.1:25: %s" % (ctx.user, answer.get("vrfy") or answer.get("error"))]
    if not answer.get("ok"):
        return failed(T("no SMTP service on 127.0.0.1:25 (%(error)s): qmail-smtpd must run on the relay (svc -u "
                        "the qmail-smtpd service)", error=answer.get("error")), *evidence)
    code = str(answer.get("vrfy") or "")[:3]
    if code.startswith("25") and code != "252":
        return failed(T("port 25 answers VRFY %(user)s with '%(answer)s': anyone on the network can ask the relay "
                        "which users exist. qmail-smtpd never does (it answers 252): another SMTP server holds port "
                        "25 (check 8.40)", user=ctx.user, answer=answer.get("vrfy")), *evidence)
    return passed(*evidence)


# The store's checks (track choice "store" of lab_mail_role); the single-host lab has none of them.
STORE = [
    Check(DAY, 50, "store/smart-host", check_store_smart_host),
    Check(DAY, 51, "store/relay-control", check_store_relay_control),
    Check(DAY, 56, "store/via-relay", check_store_via_relay),
]

# The relays' checks (relay and backup-relay: the backup is configured as the relay).
RELAY = [
    Check(DAY, 52, "relay/route", check_relay_route),
    Check(DAY, 53, "relay/relay-control", check_relay_control),
    Check(DAY, 54, "relay/no-local-mail", check_relay_no_local_mail),
    Check(DAY, 55, "relay/vrfy", check_relay_vrfy),
]
