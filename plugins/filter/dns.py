# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters that expand the lab's DNS model for BIND and tinydns templates."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.serverlab.course.plugins.module_utils import dnsmodel
from ansible_collections.serverlab.course.plugins.module_utils.i18n import localize, of_exception


def dns_records(domain, hosts, aliases=None, mx=None, nameservers=None, reverse_networks=None, ttl=86400, lang="en"):
    """dnsmodel.expand(); a bad model stops with the message in `lang` (lab_lang: en or ja)."""
    try:
        return dnsmodel.expand(domain, hosts, aliases, mx, nameservers, reverse_networks, ttl)
    except dnsmodel.ModelError as exc:
        raise AnsibleFilterError(localize(of_exception(exc), lang))


def dns_relative(name, origin):
    return dnsmodel.relative(name, origin)


class FilterModule(object):
    def filters(self):
        return {"dns_records": dns_records, "dns_relative": dns_relative}
