"""lab_package_source rendered by Ansible from roles/lab (tasks/package_source.yml's templates and
vars/<family>.yml): apt's files are given to this machine's apt, which must say it would fetch from the
lab's source only; EL's repo file (no dnf here) is read as dnf reads ini files, for EL 9 and EL 7."""

from __future__ import annotations

import configparser
import os
import subprocess

import pytest

import roles_render

DEBIAN = {"os_family": "Debian", "distribution": "Debian", "distribution_release": "bookworm",
          "distribution_major_version": "12"}


def el_facts(distribution, release):
    return {"os_family": "RedHat", "distribution": distribution, "distribution_major_version": str(release)}


def render(name, source, facts, **overrides):
    release = facts["distribution_major_version"] if facts["os_family"] == "RedHat" else None
    return roles_render.render("lab", name, facts["os_family"], release=release, ansible_facts=facts,
                               lab_package_source=source, **overrides)


def value(name, facts):
    release = facts["distribution_major_version"] if facts["os_family"] == "RedHat" else None
    templar = roles_render.templar("lab", facts["os_family"], release=release, ansible_facts=facts)
    return roles_render.template(templar, "{{ %s }}" % name)


def apt(tmp_path, source, *args):
    """This machine's apt with the rendered files only (the lab's sources directory in tmp_path)."""
    parts = tmp_path / "sources.d"
    parts.mkdir()
    conf = tmp_path / "apt.conf"
    conf.write_text(render("apt-package-source.conf.j2", source, DEBIAN, lab_package_sources_dir=str(parts)))
    if source["type"] in ("mirror", "media"):
        (parts / "serverlab.sources").write_text(render("serverlab.sources.j2", source, DEBIAN))
    (tmp_path / "lists" / "partial").mkdir(parents=True)
    # A distribution's own sources.list beside it, which the lab's mirror and media must leave unread.
    (tmp_path / "etc" / "apt.conf.d").mkdir(parents=True)
    (tmp_path / "etc" / "sources.list").write_text("deb http://deb.debian.org/debian bookworm main\n")
    return subprocess.run(["apt-get", "-o", "Dir::Etc=%s" % (tmp_path / "etc"), "-o", "Dir::State::Lists=%s" % (tmp_path / "lists"),
                           *args],
                          env=dict(os.environ, APT_CONFIG=str(conf)), capture_output=True, text=True, check=False)


def test_the_default_is_the_distributions_mirrors():
    assert roles_render.lab_defaults()["lab_package_source"] == {"type": "mirrors"}


def test_apt_goes_through_the_proxy(tmp_path):
    conf = render("apt-package-source.conf.j2", {"type": "proxy", "url": "http://192.168.0.1:3142"}, DEBIAN)
    assert 'Acquire::http::Proxy "http://192.168.0.1:3142";' in conf
    (tmp_path / "apt.conf").write_text(conf)
    dump = subprocess.run(["apt-config", "dump"], env=dict(os.environ, APT_CONFIG=str(tmp_path / "apt.conf")),
                          capture_output=True, text=True, check=False)
    assert dump.returncode == 0, dump.stderr
    assert 'Acquire::http::Proxy "http://192.168.0.1:3142";' in dump.stdout


def test_apt_reads_only_the_lab_mirror(tmp_path):
    result = apt(tmp_path, {"type": "mirror", "url": "http://192.168.0.1/debian"}, "--print-uris", "update")
    assert result.returncode == 0, result.stderr
    uris = [line.split()[0].strip("'") for line in result.stdout.splitlines()]
    assert "http://192.168.0.1/debian/dists/bookworm/InRelease" in uris
    assert "http://192.168.0.1/debian/dists/bookworm-updates/InRelease" in uris
    # The distribution's sources (this machine's deb.debian.org) are not read.
    assert uris and all(uri.startswith("http://192.168.0.1/debian/") for uri in uris), uris


def test_apt_reads_the_install_media(tmp_path):
    result = apt(tmp_path, {"type": "media", "path": "/mnt/cdrom", "components": ["main", "contrib"]},
                 "--print-uris", "update")
    assert result.returncode == 0, result.stderr
    uris = [line.split()[0].strip("'") for line in result.stdout.splitlines()]
    assert uris and all(uri.startswith("file:/mnt/cdrom/dists/bookworm/") for uri in uris), uris
    assert any("/contrib/" in uri for uri in uris)


def test_apt_refuses_a_broken_sources_file(tmp_path):
    """The check above can fail: apt names a source entry it cannot read."""
    result = apt(tmp_path, {"type": "mirror", "url": "http://192.168.0.1/debian", "suites": []}, "--print-uris", "update")
    assert result.returncode != 0 and "serverlab.sources" in result.stderr


def repos(text):
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(text)
    return {name: dict(parser[name]) for name in parser.sections()}


@pytest.mark.parametrize("distribution, release, conf, refresh", [
    ("Rocky", 9, "/etc/dnf/dnf.conf", ["dnf", "makecache"]),
    ("AlmaLinux", 8, "/etc/dnf/dnf.conf", ["dnf", "makecache"]),
    ("CentOS", 7, "/etc/yum.conf", ["yum", "makecache", "fast"]),
])
def test_el_package_manager_files(distribution, release, conf, refresh):
    facts = el_facts(distribution, release)
    assert value("lab_package_conf", facts) == conf
    assert value("lab_package_refresh", facts) == refresh
    assert value("lab_package_sources_dir", facts) == "/etc/serverlab/yum.repos.d"


def test_el9_repo_file_for_a_lab_mirror():
    found = repos(render("serverlab.repo.j2", {"type": "mirror", "url": "http://192.168.0.1/rocky/"}, el_facts("Rocky", 9)))
    assert found == {
        "serverlab-baseos": {"name": "Lab mirror: BaseOS", "baseurl": "http://192.168.0.1/rocky/$releasever/BaseOS/$basearch/os/",
                             "enabled": "1", "gpgcheck": "1", "gpgkey": "file:///etc/pki/rpm-gpg/RPM-GPG-KEY-Rocky-9"},
        "serverlab-appstream": {"name": "Lab mirror: AppStream",
                                "baseurl": "http://192.168.0.1/rocky/$releasever/AppStream/$basearch/os/",
                                "enabled": "1", "gpgcheck": "1", "gpgkey": "file:///etc/pki/rpm-gpg/RPM-GPG-KEY-Rocky-9"}}


def test_el9_repo_file_for_the_install_dvd():
    found = repos(render("serverlab.repo.j2", {"type": "media", "path": "/mnt/cdrom"}, el_facts("AlmaLinux", 9)))
    assert {name: repo["baseurl"] for name, repo in found.items()} == {
        "serverlab-baseos": "file:///mnt/cdrom/BaseOS/", "serverlab-appstream": "file:///mnt/cdrom/AppStream/"}
    assert {repo["gpgkey"] for repo in found.values()} == {"file:///etc/pki/rpm-gpg/RPM-GPG-KEY-AlmaLinux-9"}


def test_el7_repo_file_for_a_lab_mirror_and_the_dvd():
    facts = el_facts("CentOS", 7)
    mirror = repos(render("serverlab.repo.j2", {"type": "mirror", "url": "http://192.168.0.1/centos"}, facts))
    assert {name: repo["baseurl"] for name, repo in mirror.items()} == {
        "serverlab-os": "http://192.168.0.1/centos/$releasever/os/$basearch/",
        "serverlab-updates": "http://192.168.0.1/centos/$releasever/updates/$basearch/"}
    # The CentOS 7 DVD is one repository at its top (no updates on it).
    media = repos(render("serverlab.repo.j2", {"type": "media", "path": "/media/CentOS/"}, facts))
    assert {name: repo["baseurl"] for name, repo in media.items()} == {"serverlab-os": "file:///media/CentOS/"}
    assert media["serverlab-os"]["gpgkey"] == "file:///etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7"
