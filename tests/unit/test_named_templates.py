"""The named role's templates, rendered by Ansible with the Debian and EL variables: BIND's own
checkers and our zone validator accept them, the day-7 checks pass on the rendered EL chroot tree,
and the serial changes only with the zone's content (module_utils/bindzone.py)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from ansible_collections.serverlab.course.plugins.module_utils import bindzone, framework
from ansible_collections.serverlab.course.plugins.module_utils import zone as zonefile
from ansible_collections.serverlab.course.plugins.module_utils.checks import day07
from dnstree import DigServer, ZoneTree
from namedrender import render, render_zone, value, zones

from roles_render import collection_plugins

NAMED_CHECKZONE = shutil.which("named-checkzone")
NAMED_CHECKCONF = shutil.which("named-checkconf")


@pytest.fixture(scope="module", autouse=True)
def collection_filters():
    """The templates use serverlab.course.* filters."""
    with collection_plugins():
        yield


# ---------------------------------------------------------------- paths per family

def test_el_paths_are_the_course_chroot_layout():
    assert value("__named_conf_path", "RedHat") == "/var/named/chroot/etc/named.conf"
    assert value("__named_zone_path", "RedHat") == "/var/named/chroot/var/named/master"
    assert value("__named_service", "RedHat") == "named-chroot"
    assert value("__named_checkconf", "RedHat") == "named-checkconf -t /var/named/chroot"
    assert [z["file"] for z in zones("RedHat")] == ["db.example", "db.192.168.0"]


def test_debian_paths():
    assert value("__named_conf_path", "Debian") == "/etc/bind/named.conf"
    assert value("__named_zone_path", "Debian") == "/etc/bind"
    assert value("__named_checkconf", "Debian") == "named-checkconf"
    assert value("named_packages", "Debian") == ["bind9", "bind9-dnsutils", "python3-dnspython"]


def test_el_named_conf_names_zone_files_inside_the_chroot():
    text = render("named.conf.j2", "RedHat")
    assert 'file "/var/named/master/db.example";' in text
    assert 'file "/var/named/master/db.192.168.0";' in text
    assert 'directory "/var/named";' in text
    assert "/var/named/chroot/var" not in text.split("options", 1)[1]


def test_named_conf_options_from_the_lab_model():
    text = render("named.conf.j2", "Debian", lab_address="192.168.0.67", lab_dns_forwarders=["127.0.0.11"])
    assert "listen-on port 53 { 192.168.0.67; 127.0.0.1; };" in text
    assert "allow-query { 192.168.0.0/24; localhost; };" in text
    assert "allow-recursion { 192.168.0.0/24; localhost; };" in text
    assert "forwarders { 127.0.0.11; };" in text
    assert "forward only;" in text
    assert "listen-on-v6 { none; };" in text
    assert 'file "/var/log/named/query.log"' in text
    assert 'zone "0.168.192.in-addr.arpa" IN {' in text


def test_named_conf_without_forwarders_or_ipv4_only():
    text = render("named.conf.j2", "Debian", named_ipv4_only=False)
    assert "forwarders" not in text
    assert "listen-on-v6" not in text


def test_ipv4_only_in_the_start_up_options():
    assert 'OPTIONS="-u bind -4"' in render("default-named.j2", "Debian")
    assert 'OPTIONS="-u bind"' in render("default-named.j2", "Debian", named_ipv4_only=False)
    assert 'OPTIONS="-4"' in render("sysconfig-named.j2", "RedHat")


@pytest.mark.parametrize("family", ["Debian", "RedHat"])
def test_named_checkconf_accepts_named_conf(tmp_path, family):
    path = tmp_path / "named.conf"
    # named-checkconf changes to the working directory: give it one that exists here.
    path.write_text(render("named.conf.j2", family, lab_dns_forwarders=["192.168.0.1"], __named_directory=str(tmp_path)))
    proc = subprocess.run([NAMED_CHECKCONF, str(path)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_named_checkconf_refuses_a_bad_listen_address(tmp_path):
    path = tmp_path / "named.conf"
    path.write_text(render("named.conf.j2", "Debian", named_listen_on=["192.168.0.300"], __named_directory=str(tmp_path)))
    assert subprocess.run([NAMED_CHECKCONF, str(path)], capture_output=True, check=False).returncode != 0


# ---------------------------------------------------------------- zone files

@pytest.mark.parametrize("family", ["Debian", "RedHat"])
def test_zone_files_start_with_ttl_and_pass_the_validator(family):
    rendered = [(z, render_zone(z, family)) for z in zones(family)]
    for zone, text in rendered:
        assert text.splitlines()[0] == "$TTL 86400", zone["file"]
    parsed = [zonefile.parse_zone(text, z["origin"], z["file"]) for z, text in rendered]
    findings = [f for p in parsed for f in zonefile.check_zone(p)] + zonefile.check_reverse(parsed[0], parsed[1:])
    assert [str(f) for f in findings] == []
    assert parsed[0].serial == 2026112301


def test_named_checkzone_loads_every_zone(tmp_path):
    for zone in zones("Debian", lab_address="192.168.0.67"):
        path = tmp_path / zone["file"]
        path.write_text(render_zone(zone, "Debian", lab_address="192.168.0.67"))
        proc = subprocess.run([NAMED_CHECKZONE, "-k", "fail", zone["name"], str(path)], capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "loaded serial 2026112301" in proc.stdout
        assert "no TTL" not in proc.stdout + proc.stderr


def test_forward_zone_records_follow_the_model():
    text = render_zone(zones("Debian")[0], "Debian")
    body = [" ".join(line.split()) for line in text.splitlines() if line and line[0] not in " ;$@"]
    assert body == ["h2g IN A 192.168.0.10", "ns IN A 192.168.0.10", "mail IN A 192.168.0.10", "www IN CNAME h2g"]
    assert "@ IN MX 10 mail" in [" ".join(line.split()) for line in text.splitlines()]


def test_model_change_reaches_both_zones():
    hosts = [{"name": "h2g", "address": "192.168.0.10"}, {"name": "ns", "address": "192.168.0.10"},
             {"name": "mail", "address": "192.168.0.10"}, {"name": "pc1", "address": "192.168.0.101"}]
    forward, reverse = zones("Debian", lab_dns_hosts=hosts)
    assert "pc1      IN  A     192.168.0.101" in render_zone(forward, "Debian", lab_dns_hosts=hosts)
    assert "101      IN  PTR   pc1.example.com." in render_zone(reverse, "Debian", lab_dns_hosts=hosts)


def test_el_rendered_tree_passes_the_file_checks(tmp_path):
    tree = ZoneTree(tmp_path, "RedHat")
    for zone in zones("RedHat"):
        tree.write("/var/named/chroot/var/named/master/" + zone["file"], render_zone(zone, "RedHat"))
    ctx = tree.ctx(runner=DigServer(tree).run)
    for check in (day07.check_ttl, day07.check_reverse, day07.check_serial):
        result = check(ctx)
        assert result.status == framework.PASS, (check.__name__, result.reason)
    assert any("/var/named/chroot/var/named/master/db.example line 1: $TTL 86400" == e
               for e in day07.check_ttl(ctx).evidence)


# ---------------------------------------------------------------- serial

def _zone_text(serial, extra=""):
    zone = zones("Debian")[0]
    values = {"zone": zone, "zone_serial": serial, "zone_hash": ""}
    return render("zone.db.j2", "Debian", values) + extra


def test_first_deployment_gets_today01():
    assert bindzone.zone_serial("", _zone_text(0), "20261123") == {
        "serial": 2026112301, "hash": bindzone.content_hash(_zone_text(0)), "changed": True}


def test_same_content_keeps_the_serial_even_on_another_day():
    live = _zone_text(2026010105)
    plan = bindzone.zone_serial(live, _zone_text(0), "20261123")
    assert plan["serial"] == 2026010105
    assert plan["changed"] is False


def test_hash_comment_does_not_count_as_content():
    live = _zone_text(2026010105).replace("content hash: sha256:", "content hash: sha256:" + "0" * 64)
    assert bindzone.zone_serial(live, _zone_text(0), "20261123")["serial"] == 2026010105
    assert bindzone.file_hash(live) == "0" * 64


def test_changed_content_gets_today01_or_old_plus_one():
    live = _zone_text(2026010105)
    new = _zone_text(0, "pc1 IN A 192.168.0.101\n")
    assert bindzone.zone_serial(live, new, "20261123")["serial"] == 2026112301
    # twice on one day, or a serial from the future: always increasing
    assert bindzone.zone_serial(_zone_text(2026112301), new, "20261123")["serial"] == 2026112302
    assert bindzone.zone_serial(_zone_text(2030010100), new, "20261123")["serial"] == 2030010101


def test_hand_edit_of_the_live_file_gets_a_new_serial():
    live = _zone_text(2026112301).replace("$TTL 86400\n", "")
    plan = bindzone.zone_serial(live, _zone_text(0), "20261123")
    assert plan == {"serial": 2026112302, "hash": bindzone.content_hash(_zone_text(0)), "changed": True}


def test_bad_today_is_refused():
    with pytest.raises(ValueError):
        bindzone.zone_serial("", _zone_text(0), "2026-11-23")


def test_zone_file_names():
    assert bindzone.zone_file_name("example.com.") == "db.example"
    assert bindzone.zone_file_name("0.168.192.in-addr.arpa.") == "db.192.168.0"
    assert bindzone.zone_file_name("10.in-addr.arpa") == "db.10"
