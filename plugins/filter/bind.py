# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the named role: the lab's zone files and their serials (logic in module_utils/bindzone.py)."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.serverlab.course.plugins.module_utils import bindzone


def bind_zones(dns):
    try:
        return bindzone.zones(dns)
    except (KeyError, TypeError, ValueError) as exc:
        raise AnsibleFilterError("bind_zones: the DNS model (lab_dns_zone) is not expanded: %s" % exc)


def bind_serial(old_text, new_text, today):
    try:
        return bindzone.zone_serial(old_text, new_text, today)
    except ValueError as exc:
        raise AnsibleFilterError("bind_serial: %s" % exc)


class FilterModule(object):
    def filters(self):
        return {"bind_zones": bind_zones, "bind_serial": bind_serial}
