# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The named role's templates rendered as a play would (with the fact lab_dns_zone the role sets), for the
named template tests and the daemon-checker tests. A helper module, not a test module; the templates use
serverlab.course.* filters, so render inside roles_render.collection_plugins()."""

from __future__ import annotations

import os

from ansible.template import Templar
from ansible_collections.serverlab.course.plugins.plugin_utils.compat import trust_as_template

from ansible_collections.serverlab.course.plugins.module_utils import bindzone, dnsmodel

from roles_render import LOADER, ROLES, role_yaml as _yaml


def variables(family, **overrides):
    """What a play gives the role: lab defaults, the fact lab_dns_zone, role defaults, family and role vars."""
    values = {"ansible_managed": "Ansible managed", "ansible_facts": {"os_family": family}}
    values.update(_yaml("lab", "defaults", "main.yml"))
    values.update(overrides)
    lab = Templar(loader=LOADER, variables=values)

    def get(name):
        return lab.template(values[name])

    values["lab_dns_zone"] = dnsmodel.expand(
        get("lab_domain"), get("lab_dns_hosts"), get("lab_dns_aliases"), get("lab_dns_mx"),
        get("lab_dns_nameservers"), get("lab_dns_reverse_networks"), get("lab_dns_ttl"))
    values.update(_yaml("named", "defaults", "main.yml"))
    values.update(_yaml("named", "vars", family + ".yml"))
    values.update(_yaml("named", "vars", "main.yml"))
    values.update(overrides)
    return values


def template(source, values):
    return Templar(loader=LOADER, variables=values).template(trust_as_template(source))


def render(name, family, extra=None, **overrides):
    values = variables(family, **overrides)
    values.update(extra or {})
    with open(os.path.join(ROLES, "named", "templates", name)) as handle:
        return template(handle.read(), values)


def value(name, family, **overrides):
    return template("{{ %s }}" % name, variables(family, **overrides))


def zones(family, **overrides):
    return value("named_zones", family, **overrides)


def render_zone(zone, family, serial=2026112301, **overrides):
    text = render("zone.db.j2", family, {"zone": zone, "zone_serial": 0, "zone_hash": ""}, **overrides)
    plan = bindzone.zone_serial("", text, str(serial)[:8])
    return render("zone.db.j2", family, {"zone": zone, "zone_serial": serial, "zone_hash": plan["hash"]},
                  **overrides)
