#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r"""
---
module: lab_state
short_description: Record a lab VM's fingerprint after a whole-VM run, and tell whether it is still fresh
version_added: 0.1.0
description:
  - The fast whole-VM re-run. After a successful run of C(playbooks/upto.yml), O(state=record) saves a
    stamp on the VM; at the start of the next run O(state=check) tells whether the day plays can be
    skipped for the host (RV(fresh)) or why not (RV(reasons)).
  - The stamp holds a digest of the run's inputs (the collection's C(roles/), C(plugins/), C(playbooks/)
    and C(galaxy.yml), and the inventory's serverlab variables), the lab day and a fingerprint of the VM.
    The fingerprint is every file, directory and symlink under O(paths) (content hash or link target,
    mode, owner and group; directories are recorded too) and the output of the O(probes) commands
    (which units are enabled and running, which packages are installed).
  - The host is fresh only when the digest, the day and the whole fingerprint are the same as recorded.
    Any drift (a configuration file edited, a stray file such as C(ifcfg-eth0.bak), a mode or owner
    changed, a service stopped or disabled, a package added or removed) makes it stale, and the full
    run repairs it. A false "fresh" is the dangerous direction, so the module records everything it
    can; a false "stale" only costs the time of a full run.
  - The action plugin of the same name computes O(digest) on the controller from the collection and the
    task's variables (see O(inputs)); playbooks never pass it.
  - The stamp (default C(/var/lib/serverlab/lab_state.json)) is written atomically, mode C(0600),
    readable by root only (it holds hashes of C(/etc/shadow) and of the inputs, which include secrets).
    A missing directory is created with mode C(0700); an existing one keeps its mode.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
attributes:
  check_mode:
    support: full
    details: With O(state=record) the module only reports whether the stamp would change.
  diff_mode:
    support: none
  platform:
    platforms: posix
  action:
    support: full
    details: The action plugin computes O(digest) from the collection and the variables.
  async:
    support: none
  bypass_host_loop:
    support: none
options:
  state:
    description:
      - V(check) compares the VM with the stamp and returns RV(fresh) and RV(reasons); it never changes
        the host.
      - >-
        V(record) saves the stamp. It reports C(changed) when the stamp's content differs from the
        saved one (always after a run that changed the VM); use C(changed_when: false) on the task if a
        play's recap must stay at zero changes.
    type: str
    choices: [check, record]
    default: check
  digest:
    description:
      - Digest of the run's inputs. Filled in by the action plugin; do not set it in a playbook.
    type: str
    required: true
  inputs:
    description:
      - For the action plugin only (never sent to the host). The variables to digest instead of the
        ones it collects, which are every variable named C(lab_*) or C(<role>_*) for a role of the
        collection, templated, except C(lab_hosts), C(lab_full_run), C(lab_play_hosts), C(lab_day)
        (compared as O(day)), C(ansible_*) and anything set during the run (C(register),
        C(set_fact), C(include_vars), facts).
      - A collected variable that cannot be templated outside its role makes O(state=check) stale.
      - The inputs hold secrets; they are never returned, only their digest is passed on (as a
        C(no_log) option).
    type: dict
  day:
    description:
      - The lab day the run goes up to (C(lab_day)). A different day is stale.
    type: int
    required: true
  paths:
    description:
      - Files and directories to fingerprint. Directories are walked without following symlinks.
    type: list
    elements: path
    default: [/etc]
  exclude:
    description:
      - Shell-style patterns (C(fnmatch)) on full paths left out of the fingerprint. A matching
        directory is not entered. C(*) also matches C(/).
      - The default leaves out files that change on their own and that no role repairs, namely
        C(/etc/mtab) (a symlink to C(/proc/self/mounts), or a file rewritten by C(mount)),
        C(/etc/ld.so.cache) (rebuilt by C(ldconfig) from the libraries; package changes are caught by
        the package probe), C(/etc/.updated) and C(/etc/udev/hwdb.bin) (written at boot by
        systemd-update-done and systemd-hwdb-update after C(/usr) changed), C(/etc/machine-id)
        (containers with an empty one get a new identity at each boot), C(/etc/adjtime) (hardware clock
        drift, written by C(hwclock)), C(/etc/fake-hwclock.data) (rewritten hourly by fake-hwclock),
        C(/etc/.pwd.lock) (lock file of the shadow tools), C(/etc/console-setup/cached_*) (caches
        rebuilt at boot), C(/etc/.git) and C(/etc/.etckeeper) (etckeeper's daily autocommit).
      - The stamp itself is always left out.
    type: list
    elements: str
    default:
      - /etc/mtab
      - /etc/ld.so.cache
      - /etc/.updated
      - /etc/udev/hwdb.bin
      - /etc/machine-id
      - /etc/adjtime
      - /etc/fake-hwclock.data
      - /etc/.pwd.lock
      - /etc/console-setup/cached_*
      - /etc/.git
      - /etc/.etckeeper
  extra_exclude:
    description:
      - More patterns, added to O(exclude) (so the defaults need not be repeated).
    type: list
    elements: str
    default: []
  probes:
    description:
      - Commands whose return code and output are part of the fingerprint. Each is split like a shell
        would (C(shlex)) but run without a shell (no pipes, no redirections), in the C locale.
      - Never put a secret in a probe, since the command is the key in the stamp and is named in RV(reasons).
        For MariaDB use root's unix socket authentication or C(/root/.my.cnf).
      - When not set, on a host booted with systemd (C(/run/systemd/system) exists)
        C(systemctl list-unit-files --type=service,socket,timer --state=enabled --no-legend --no-pager)
        (enabled units) and
        C(systemctl list-units --type=service,socket,timer --state=active --no-legend --no-pager --plain)
        (units that are up, with their sub-state such as running, exited or listening), and the
        package list (C(dpkg-query -W) on Debian, C(rpm -qa) on EL) where the tool exists.
      - V([]) runs no probe.
    type: list
    elements: str
  extra_probes:
    description:
      - More probes, added to O(probes) or to its defaults, for example the list of MariaDB accounts.
    type: list
    elements: str
    default: []
  probe_ignore:
    description:
      - Shell-style patterns on whole lines of probe output; matching lines are left out before hashing.
        Runs of blanks in each line are squeezed to one space first (C(systemctl) pads its columns to
        the widest unit name, so a long-named unit coming or going would shift every other line).
      - The default leaves out units that come and go on their own whatever the lab's state is,
        namely the managers and runtime directories of logged-in users (C(user@1000.service),
        C(user-runtime-dir@1000.service)), the bus-activated helpers that exit when idle
        (C(systemd-hostnamed), C(systemd-timedated), C(systemd-localed)), per-connection instances of
        C(Accept=yes) sockets (C(name@3-192.168.0.10:465-192.168.0.1:53422.service)) and crash dump
        handlers (C(systemd-coredump@...)).
    type: list
    elements: str
    default:
      - "user@[0-9]*.service *"
      - "user-runtime-dir@[0-9]*.service *"
      - "systemd-hostnamed.service *"
      - "systemd-timedated.service *"
      - "systemd-localed.service *"
      - "*@[0-9]*-*:[0-9]*-*:[0-9]*.service *"
      - "systemd-coredump@*.service *"
  stamp:
    description:
      - Where the stamp is kept on the managed host.
    type: path
    default: /var/lib/serverlab/lab_state.json
  lang:
    description:
      - The language of RV(reasons) and RV(msg) (the lab's C(lab_lang)); paths, commands and days stay as they
        are. English is the text as it always was.
    type: str
    choices: [en, ja]
    default: en
    version_added: 0.1.0
notes:
  - The logic lives in the collection's C(labstate) module_utils (C(fingerprint), C(digest_inputs),
    C(compare), C(save)).
  - Restarting a service is not drift (the unit lists stay the same); a file edited and then put back
    byte for byte is not drift either.
  - Run O(state=check) in a play without roles, and O(state=record) too, so both see the same
    variables; variables set during the run (C(register), C(set_fact), C(include_vars), facts) are
    never inputs.
author:
  - serverlab maintainers (!UNKNOWN)
"""

EXAMPLES = r"""
- name: Tell whether the VM still is what the last whole-VM run left
  serverlab.course.lab_state:
    day: "{{ lab_day | default(20) }}"
    lang: "{{ lab_lang | default('en') }}"
  register: lab_state_before

- name: Skip the day plays when nothing changed
  ansible.builtin.debug:
    msg: "{{ 'fresh, skipping the day plays' if lab_state_before.fresh else lab_state_before.reasons }}"

- name: Record the fingerprint after a successful run
  serverlab.course.lab_state:
    state: record
    day: "{{ lab_day | default(20) }}"
    extra_probes:
      - mariadb -N -B -e "SELECT CONCAT(user, '@', host) FROM mysql.user ORDER BY 1"
    paths: [/etc, /var/qmail/control, /home/user1]
  changed_when: false
"""

RETURN = r"""
fresh:
  description:
    - Whether the stamp matches the inputs, the day and the VM (the day plays can be skipped).
  returned: state=check
  type: bool
  sample: false
reasons:
  description:
    - Why the host is stale, one item per difference; empty when fresh. Paths are named one by one up
      to 10, then C(... and N more).
  returned: state=check
  type: list
  elements: str
  sample:
    - "inputs changed (collection or inventory variables): full run"
    - "day changed: 13 -> 20"
    - /etc/sysconfig/network-scripts/ifcfg-eth0.bak appeared
    - /etc/ssh/sshd_config changed
    - "probe 'systemctl list-units --type=service,socket,timer --state=active --no-legend --no-pager --plain' output changed"
recorded_day:
  description: The day of the recorded stamp (C(null) when there is none); with O(state=record) the day saved.
  returned: always
  type: int
  sample: 13
stamp:
  description: Path of the stamp.
  returned: always
  type: str
  sample: /var/lib/serverlab/lab_state.json
entries:
  description: Number of files, directories and symlinks fingerprinted (0 when there was no stamp to compare with).
  returned: always
  type: int
  sample: 1432
probes:
  description: The probe commands that were run (none when there was no stamp to compare with).
  returned: always
  type: list
  elements: str
  sample:
    - systemctl list-unit-files --type=service,socket,timer --state=enabled --no-legend --no-pager
msg:
  description: One-line summary.
  returned: always
  type: str
  sample: "fresh: nothing changed since day 13 was recorded"
"""

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.serverlab.course.plugins.module_utils import labstate
from ansible_collections.serverlab.course.plugins.module_utils.i18n import LANGS, join, localize, of_exception, tr

SYSTEMD_PROBES = [
    "systemctl list-unit-files --type=service,socket,timer --state=enabled --no-legend --no-pager",
    "systemctl list-units --type=service,socket,timer --state=active --no-legend --no-pager --plain",
]
# Name, version and want/status/error flags (a package removed but not purged shows as "rc").
DPKG_PROBE = "dpkg-query -W -f='${binary:Package} ${Version} ${db:Status-Abbrev}\\n'"
RPM_PROBE = "rpm -qa --qf '%{NAME}-%{EPOCHNUM}:%{VERSION}-%{RELEASE}.%{ARCH}\\n'"

# Files under /etc that change on their own and that no role repairs (see the exclude option).
DEFAULT_EXCLUDE = [
    "/etc/mtab",
    "/etc/ld.so.cache",
    "/etc/.updated",
    "/etc/udev/hwdb.bin",
    "/etc/machine-id",
    "/etc/adjtime",
    "/etc/fake-hwclock.data",
    "/etc/.pwd.lock",
    "/etc/console-setup/cached_*",
    "/etc/.git",
    "/etc/.etckeeper",
]

# Probe lines of units that come and go on their own (see the probe_ignore option).
DEFAULT_PROBE_IGNORE = [
    "user@[0-9]*.service *",
    "user-runtime-dir@[0-9]*.service *",
    "systemd-hostnamed.service *",
    "systemd-timedated.service *",
    "systemd-localed.service *",
    "*@[0-9]*-*:[0-9]*-*:[0-9]*.service *",
    "systemd-coredump@*.service *",
]


def default_probes(module):
    probes = []
    if os.path.isdir("/run/systemd/system") and module.get_bin_path("systemctl"):
        probes.extend(SYSTEMD_PROBES)
    if module.get_bin_path("dpkg-query"):
        probes.append(DPKG_PROBE)
    elif module.get_bin_path("rpm"):
        probes.append(RPM_PROBE)
    return probes


def main():
    module = AnsibleModule(
        argument_spec=dict(
            state=dict(type="str", choices=["check", "record"], default="check"),
            digest=dict(type="str", required=True, no_log=True),
            inputs=dict(type="dict", no_log=True),  # the action's; it never sends them
            day=dict(type="int", required=True),
            paths=dict(type="list", elements="path", default=["/etc"]),
            exclude=dict(type="list", elements="str", default=list(DEFAULT_EXCLUDE)),
            extra_exclude=dict(type="list", elements="str", default=[]),
            probes=dict(type="list", elements="str"),
            extra_probes=dict(type="list", elements="str", default=[]),
            probe_ignore=dict(type="list", elements="str", default=list(DEFAULT_PROBE_IGNORE)),
            stamp=dict(type="path", default="/var/lib/serverlab/lab_state.json"),
            lang=dict(type="str", default="en", choices=list(LANGS)),
        ),
        supports_check_mode=True,
    )
    params = module.params
    lang = params["lang"]

    def stale(reasons):
        """(reasons, msg) of a stale host in the run's language."""
        return [localize(r, lang) for r in reasons], tr(lang, "stale: %(reasons)s", reasons=join(reasons))

    stamp_path = os.path.abspath(params["stamp"])
    probes = default_probes(module) if params["probes"] is None else list(params["probes"])
    probes.extend(p for p in params["extra_probes"] if p not in probes)
    # The stamp and the temporary files save() renames over it are never part of the fingerprint.
    exclude = list(params["exclude"]) + list(params["extra_exclude"]) + [
        stamp_path, os.path.join(os.path.dirname(stamp_path), "." + os.path.basename(stamp_path) + ".*")]

    def runner(argv):
        try:
            return module.run_command(argv, environ_update=dict(LC_ALL="C", LANG="C", SYSTEMD_COLORS="0"),
                                      expand_user_and_vars=False, errors="surrogate_or_replace",
                                      handle_exceptions=False)
        except OSError as exc:
            return 127, "", str(exc)

    if params["state"] == "record" and not module.check_mode:
        # First, so that a stamp directory under one of the paths is there in the fingerprint too.
        try:
            labstate.make_directory(stamp_path)
        except OSError as exc:
            module.fail_json(msg=tr(lang, "cannot create the directory of %(path)s: %(error)s", path=stamp_path, error=exc))
    if params["state"] == "check":
        try:
            recorded = labstate.load(stamp_path)
        except ValueError as exc:
            module.exit_json(changed=False, fresh=False, recorded_day=None,
                             reasons=[tr(lang, "stamp unreadable (%(error)s): full run", error=of_exception(exc))],
                             msg=tr(lang, "stale: stamp unreadable"), stamp=stamp_path, entries=0, probes=[])
        if recorded is None:
            # A VM never recorded (the first whole run): nothing to compare, so no fingerprint is taken.
            fresh, reasons = labstate.compare(None, {}, params["digest"], params["day"])
            reasons, msg = stale(reasons)
            module.exit_json(changed=False, fresh=fresh, reasons=reasons, recorded_day=None,
                             msg=msg, stamp=stamp_path, entries=0, probes=[])
    try:
        current = labstate.fingerprint(params["paths"], probes, runner=runner, exclude=exclude,
                                       ignore_lines=params["probe_ignore"])
    except ValueError as exc:
        module.fail_json(msg=tr(lang, "cannot fingerprint the host: %(error)s", error=of_exception(exc)))

    common = dict(stamp=stamp_path, entries=len(current["files"]), probes=probes)
    if params["state"] == "record":
        data = labstate.stamp(params["digest"], params["day"], current)
        try:
            changed = labstate.save(stamp_path, data, write=not module.check_mode)
        except (IOError, OSError) as exc:
            module.fail_json(msg=tr(lang, "cannot write %(path)s: %(error)s", path=stamp_path, error=exc), **common)
        module.exit_json(changed=changed, recorded_day=params["day"],
                         msg=tr(lang, "recorded day %(day)d (%(entries)d entries, %(probes)d probes)", day=params["day"],
                                entries=common["entries"], probes=len(probes)),
                         **common)

    fresh, reasons = labstate.compare(recorded, current, params["digest"], params["day"])
    recorded_day = recorded.get("day") if isinstance(recorded, dict) else None
    if fresh:
        msg = tr(lang, "fresh: nothing changed since day %(day)s was recorded", day=recorded_day)
    else:
        reasons, msg = stale(reasons)
    module.exit_json(changed=False, fresh=fresh, reasons=reasons, recorded_day=recorded_day, msg=msg, **common)


if __name__ == "__main__":
    main()
