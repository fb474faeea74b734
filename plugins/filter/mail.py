# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the lab's mail topology (lab_mail_hosts): relay, backup relay and mail store."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.serverlab.course.plugins.module_utils import mailtopo
from ansible_collections.serverlab.course.plugins.module_utils.i18n import localize, of_exception


def _call(function, *args, **kwargs):
    """function(*args, **kwargs); a bad topology stops with its message in `lang` (keyword, default en)."""
    lang = kwargs.pop("lang", "en")
    try:
        return function(*args, **kwargs)
    except mailtopo.TopologyError as exc:
        raise AnsibleFilterError(localize(of_exception(exc), lang))


def mail_topology(hosts, address, domain, hostname=None, relayhost=None, transport=None, mx=None, lang="en"):
    """The host's role, smart host and routes; with hostname, the whole check (mailtopo.validate)."""
    if hostname is None:
        return _call(mailtopo.topology, hosts, address, domain, lang=lang)
    return _call(mailtopo.validate, hosts, hostname, address, domain, relayhost or "", transport or {}, mx, lang=lang)


def mail_dns_hosts(hosts, lang="en"):
    return _call(mailtopo.dns_hosts, hosts, lang=lang)


def mail_mx(hosts, lang="en"):
    return _call(mailtopo.mx, hosts, lang=lang)


class FilterModule(object):
    def filters(self):
        return {"mail_topology": mail_topology, "mail_dns_hosts": mail_dns_hosts, "mail_mx": mail_mx}
