"""Every daemon configuration a role renders, with the Debian 12 and with the EL variables, given to the
daemon's own checker installed on this machine (`tools/labhost tools` installs them, so nothing here
skips): named-checkconf -z (EL: inside the bind-chroot tree), sshd -t, doveconf -n -x, postconf and
postfix check, postalias, testparm, mariadbd --help --verbose, chronyd -p, systemd-analyze verify.
stunnel and xinetd have no checking mode: they are started for real in a network namespace of their own
(unshare -n: a loopback only, nothing of this host's network) until they say they run, then stopped.
Each checker also refuses one deliberate mistake, so each test can fail.

The checkers are Debian's builds of the same upstream programs EL ships. What they cannot prove here:
that the EL paths the files name exist on an EL host (program paths are rewritten to stubs in the
scratch tree where systemd-analyze wants an executable), and EL's MySQL flavor (mysqld
--validate-config: no MySQL server in Debian 12)."""

from __future__ import annotations

import glob
import os
import re
import shutil
import pathlib
import pwd
import subprocess
import tempfile
import time

import pytest

import roles_render
import tlsfiles
from namedrender import render as named_render, render_zone, value as named_value, zones as named_zones

FAMILIES = ["Debian", "RedHat"]
# Where a role has vars/RedHat-7.yml, EL 7 (the course's CentOS) and EL 8/9 (vars/RedHat.yml alone) differ.
PLATFORMS = [("Debian", None), ("RedHat", "7"), ("RedHat", "9")]
MAILCERT = roles_render.role_yaml("mailcert", "defaults", "main.yml")
TRAINING = {"lab_user_password": "serverlab-training"}
ROLES = roles_render.ROLES
CHRONYD = "/opt/serverlab/chrony/usr/sbin/chronyd"   # unpacked there by tools/labhost (conflicts with timesyncd)


def tool(path):
    """The checker's path; a missing one fails (tools/labhost tools installs every one)."""
    found = path if os.path.isabs(path) else shutil.which(path) or shutil.which(path, path="/usr/sbin:/sbin")
    assert found and os.access(found, os.X_OK), "%s is missing: run tools/labhost tools" % path
    return found


def run(argv, **kwargs):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                          timeout=120, check=kwargs.pop("check", False), **kwargs)


def write(path, text, mode=0o644):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(mode)
    return path


def under(root, absolute):
    """An absolute path of the VM, inside the scratch tree `root`."""
    return root / absolute.lstrip("/")


# ---------------------------------------------------------------- named: named-checkconf -z, in the chroot on EL

@pytest.fixture
def filters():
    """The named templates use serverlab.course.* filters."""
    with roles_render.collection_plugins():
        yield


def named_tree(tmp_path, family, misplace_zones=False):
    """named.conf and its zones laid out as on the VM. named-checkconf -t ROOT reads every absolute path
    inside ROOT: on EL that is the scratch copy of /var/named/chroot (named-chroot sees the same), on
    Debian (no chroot) the scratch copy of /. Returns (ROOT, named.conf as named sees it)."""
    root = tmp_path / "root"
    chroot = named_value("__named_chroot", family)
    top = under(root, chroot) if chroot else root
    write(under(root, named_value("__named_conf_path", family)), named_render("named.conf.j2", family))
    for name in ("__named_directory", "__named_log_dir"):
        under(top, named_value(name, family)).mkdir(parents=True, exist_ok=True)
    zone_dir = named_value("__named_zone_dir", family)
    for zone in named_zones(family):
        # The classic EL slip: the zone file in /var/named/master, outside the chroot named reads.
        base = root if misplace_zones else top
        write(under(base, zone_dir) / zone["file"], render_zone(zone, family))
    return top, named_value("__named_conf", family)


@pytest.mark.usefixtures("filters")
@pytest.mark.parametrize("family", FAMILIES)
def test_named_checkconf_loads_the_whole_tree(tmp_path, family):
    top, conf = named_tree(tmp_path, family)
    result = run([tool("named-checkconf"), "-t", str(top), "-z", conf])
    assert result.returncode == 0, result.stdout
    assert "zone example.com/IN: loaded serial" in result.stdout
    assert "zone 0.168.192.in-addr.arpa/IN: loaded serial" in result.stdout


@pytest.mark.usefixtures("filters")
def test_named_checkconf_refuses_zones_outside_the_el_chroot(tmp_path):
    top, conf = named_tree(tmp_path, "RedHat", misplace_zones=True)
    result = run([tool("named-checkconf"), "-t", str(top), "-z", conf])
    assert result.returncode != 0
    assert "loading from master file /var/named/master/db.example failed: file not found" in result.stdout


@pytest.mark.usefixtures("filters")
@pytest.mark.parametrize("family", FAMILIES)
def test_named_checkzone_refuses_cname_and_other_data(tmp_path, family):
    zone = named_zones(family)[0]
    good = write(tmp_path / "good", render_zone(zone, family))
    assert run([tool("named-checkzone"), "-k", "fail", zone["name"], str(good)]).returncode == 0
    bad = write(tmp_path / "bad", render_zone(zone, family) + "www IN A 192.168.0.10\n")
    result = run([tool("named-checkzone"), "-k", "fail", zone["name"], str(bad)])
    assert result.returncode != 0 and "CNAME and other data" in result.stdout


# ---------------------------------------------------------------- sshd: sshd -t -f, following the drop-in Include

def sshd_config(tmp_path, family, dropin, release=None):
    """The rendered sshd_config with its Include rewritten into the scratch tree (sshd -t follows it)."""
    text = roles_render.render("sshd", "sshd_config.j2", family, release=release)
    assert "Include /etc/ssh/sshd_config.d/*.conf" in text
    dropins = tmp_path / "sshd_config.d"
    write(dropins / "50-lab.conf", dropin)
    return write(tmp_path / "sshd_config", text.replace("/etc/ssh/sshd_config.d/", str(dropins) + "/"))


@pytest.mark.parametrize("family, release", PLATFORMS)
def test_sshd_t_accepts_the_rendered_config(tmp_path, family, release):
    path = sshd_config(tmp_path, family, "ClientAliveInterval 300\n", release)
    result = run([tool("/usr/sbin/sshd"), "-t", "-f", str(path)])
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("family", FAMILIES)
def test_sshd_t_refuses_a_typo_in_a_dropin(tmp_path, family):
    path = sshd_config(tmp_path, family, "PermitRootLogn no\n")
    result = run([tool("/usr/sbin/sshd"), "-t", "-f", str(path)])
    assert result.returncode != 0 and "PermitRootLogn" in result.stdout


# ---------------------------------------------------------------- dovecot: doveconf -n -x (reads the TLS files)

def dovecot_conf(tmp_path, family, release=None, **overrides):
    """The rendered dovecot.conf with the mailcert role's paths rewritten into the scratch tree, where a real
    self-signed pair lies: doveconf -x reads the files named by `ssl_cert = <path`."""
    crt, key = tlsfiles.self_signed(tmp_path)
    text = roles_render.render("dovecot", "dovecot.conf.j2", family, base=MAILCERT, release=release, **overrides)
    for name, path in (("mailcert_cert_path", crt), ("mailcert_key_path", key)):
        live = MAILCERT[name]
        assert "<%s\n" % live in text, name
        text = text.replace("<%s\n" % live, "<%s\n" % path)
    return write(tmp_path / "dovecot.conf", text)


@pytest.mark.parametrize("family, release", PLATFORMS)
def test_doveconf_accepts_the_rendered_config(tmp_path, family, release):
    result = run([tool("doveconf"), "-n", "-x", "-c", str(dovecot_conf(tmp_path, family, release))])
    assert result.returncode == 0, result.stdout
    assert "BEGIN CERTIFICATE" in result.stdout      # -x read the certificate
    warnings = [line for line in result.stdout.splitlines() if line.startswith("doveconf: Warning:")]
    if release == "7":
        # Dovecot 2.2's setting; this 2.3 still reads it and names its successor, which EL 7 lacks.
        assert any("ssl_protocols has been replaced by ssl_min_protocol" in w for w in warnings), warnings
    else:
        assert warnings == []


@pytest.mark.parametrize("family", FAMILIES)
def test_doveconf_refuses_a_misspelt_setting_and_a_missing_certificate(tmp_path, family):
    bad = dovecot_conf(tmp_path, family, dovecot_options={"ssl_min_protocl": "TLSv1.2"})
    result = run([tool("doveconf"), "-n", "-c", str(bad)])
    assert result.returncode != 0 and "ssl_min_protocl" in result.stdout
    good = dovecot_conf(tmp_path, family)
    (tmp_path / "crt").unlink()
    result = run([tool("doveconf"), "-n", "-x", "-c", str(good)])
    assert result.returncode != 0 and "Can't open file %s" % (tmp_path / "crt") in result.stdout


# ---------------------------------------------------------------- postfix: postconf -n/-M/-P and postfix check on a scratch dir

def postfix_dir(tmp_path, family, release=None, **overrides):
    conf = tmp_path / "postfix"
    for name in ("main.cf", "master.cf"):
        write(conf / name, roles_render.render("postfix", name + ".j2", family, base=MAILCERT, release=release,
                                               **overrides))
    # Postfix waits ~2 s before reading a file younger than a second (it could be half-written).
    for name in ("main.cf", "master.cf"):
        os.utime(conf / name, (946684800, 946684800))
    return conf


def postfix_check(conf):
    """postfix -c DIR check. Its messages reach stderr only on a terminal: run it under script(1).
    It may create missing queue directories under this host's /var/spool/postfix (the package's own)."""
    return run([tool("script"), "-qec", "%s -c %s check" % (tool("/usr/sbin/postfix"), conf), "/dev/null"],
               stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("family, release", PLATFORMS)
def test_postconf_and_postfix_check_accept_the_rendered_pair(tmp_path, family, release):
    conf = postfix_dir(tmp_path, family, release)
    for flag in ("-n", "-M", "-P"):
        result = subprocess.run([tool("postconf"), "-c", str(conf), flag], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, universal_newlines=True, timeout=60, check=False)
        assert result.returncode == 0 and result.stderr == "", (flag, result.stderr)
    result = postfix_check(conf)
    assert result.returncode == 0, result.stdout
    assert not re.search("fatal|error", result.stdout), result.stdout


@pytest.mark.parametrize("family", FAMILIES)
def test_postconf_and_postfix_check_refuse_mistakes(tmp_path, family):
    conf = postfix_dir(tmp_path, family, postfix_options={"smtpd_tls_securty_level": "may"})
    result = subprocess.run([tool("postconf"), "-c", str(conf), "-n"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, universal_newlines=True, timeout=60, check=False)
    assert "unused parameter: smtpd_tls_securty_level" in result.stderr
    conf = postfix_dir(tmp_path, family, postfix_inet_protocols="ipv5")
    result = postfix_check(conf)
    assert result.returncode != 0 and "ipv5" in result.stdout, result.stdout


@pytest.mark.parametrize("family", FAMILIES)
def test_postalias_reads_the_rendered_aliases(tmp_path, family):
    conf = postfix_dir(tmp_path, family)
    aliases = write(tmp_path / "aliases", roles_render.render("postfix", "aliases.j2", family, base=MAILCERT))
    result = run([tool("postalias"), "-c", str(conf), "hash:%s" % aliases])
    assert result.returncode == 0 and result.stdout == "", result.stdout
    assert (tmp_path / "aliases.db").exists()
    bad = write(tmp_path / "bad", "postmaster root\n")
    assert "need name:value pair" in run([tool("postalias"), "-c", str(conf), "hash:%s" % bad]).stdout


# ---------------------------------------------------------------- samba: testparm -s (and the role's strict wrapper)

def smb_conf(tmp_path, family, include):
    """smb.conf with one include file; samba_include_files names it inside the scratch tree, as testparm
    follows includes."""
    path = tmp_path / "smb.conf.d" / "lab.conf"
    text = roles_render.render("samba", "smb.conf.j2", family, base=TRAINING,
                               samba_include_files=[{"path": str(path), "content": include}])
    write(path, include)
    return write(tmp_path / "smb.conf", text)


@pytest.mark.parametrize("family", FAMILIES)
def test_testparm_accepts_the_rendered_config(tmp_path, family):
    conf = smb_conf(tmp_path, family, "[extra]\n   path = /tmp\n   read only = yes\n")
    result = run([tool("testparm"), "-s", str(conf)])
    assert result.returncode == 0 and "[extra]" in result.stdout and "[public]" in result.stdout, result.stdout
    strict = run([os.path.join(ROLES, "samba", "files", "testparm-strict"), str(conf)])
    assert strict.returncode == 0, strict.stdout


@pytest.mark.parametrize("family", FAMILIES)
def test_testparm_refuses_a_bad_value_in_an_include(tmp_path, family):
    conf = smb_conf(tmp_path, family, "[extra]\n   path = /tmp\n   read only = maybe\n")
    result = run([tool("testparm"), "-s", str(conf)])
    assert result.returncode != 0 and "maybe" in result.stdout, result.stdout


# ---------------------------------------------------------------- mysql: mariadbd --defaults-file --help --verbose

def mariadbd_check(tmp_path, family, release=None, **overrides):
    """The role's own validate command, with the daemon's path replaced by this host's: EL's mariadb-server
    installs the same program as /usr/libexec/mariadbd. No mysql account exists on this host: mariadbd
    says so and reads on."""
    cnf = write(tmp_path / "60-serverlab.cnf", roles_render.render("mysql", "serverlab.cnf.j2", family,
                                                                   base=TRAINING, release=release, **overrides))
    templar = roles_render.templar("mysql", family, base=TRAINING, release=release, mysql_flavor="mariadb",
                                   **overrides)
    command = roles_render.template(templar, "{{ __mysql_validate_command }}")
    daemon = roles_render.template(templar, "{{ __mysql_daemon }}")
    assert command.startswith(daemon + " ")
    argv = [tool("/usr/sbin/mariadbd")] + (command[len(daemon) + 1:] % cnf).split()
    return run(argv)


@pytest.mark.parametrize("family, release", PLATFORMS)
def test_mariadbd_accepts_the_rendered_config(tmp_path, family, release):
    """EL 7's MariaDB is 5.5, this host's 10.11: what 5.5 lacks is not caught here."""
    result = mariadbd_check(tmp_path, family, release)
    assert result.returncode == 0 and "[ERROR]" not in result.stdout, result.stdout[-2000:]
    assert re.search(r"^bind-address\s+192\.168\.0\.10$", result.stdout, re.M)


@pytest.mark.parametrize("family", FAMILIES)
def test_mariadbd_refuses_an_unknown_option(tmp_path, family):
    result = mariadbd_check(tmp_path, family, mysql_server_options={"bind-adress": "192.168.0.10"})
    assert result.returncode != 0 and "unknown variable 'bind-adress" in result.stdout, result.stdout[-2000:]


# ---------------------------------------------------------------- chrony: chronyd -p -f

@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("controls_clock", [True, False])
def test_chronyd_accepts_the_rendered_config(tmp_path, family, controls_clock):
    conf = write(tmp_path / "chrony.conf", roles_render.render(
        "chrony", "chrony.conf.j2", family, __chrony_controls_clock=controls_clock, chrony_servers=["192.168.0.1"]))
    result = run([tool(CHRONYD), "-p", "-f", str(conf)])
    assert result.returncode == 0, result.stdout
    assert "allow 192.168.0.0/24" in result.stdout and "server 192.168.0.1 iburst" in result.stdout


@pytest.mark.parametrize("family", FAMILIES)
def test_chronyd_refuses_a_bad_makestep(tmp_path, family):
    conf = write(tmp_path / "chrony.conf", roles_render.render(
        "chrony", "chrony.conf.j2", family, __chrony_controls_clock=True, chrony_makestep="1 three"))
    result = run([tool(CHRONYD), "-p", "-f", str(conf)])
    assert result.returncode != 0 and "makestep" in result.stdout, result.stdout


# ---------------------------------------------------------------- systemd units: systemd-analyze verify

EXEC = re.compile(r"^(Exec[A-Za-z]*=)([-@:+!]*)(/\S+)", re.M)


def stub_programs(text, root):
    """systemd-analyze verify wants every Exec program to be an executable file. A program this host
    lacks (an EL path, or one a role installs on the VM) becomes a stub at the same path in the scratch
    tree and the unit names that copy: verify then proves the unit, not this host's packages."""
    def swap(match):
        program = match.group(3)
        if os.access(program, os.X_OK):
            return match.group(0)
        stub = under(root, program)
        write(stub, "#!/bin/sh\n", 0o755)
        return match.group(1) + match.group(2) + str(stub)
    return EXEC.sub(swap, text)


def verify(*units):
    env = dict(os.environ, SYSTEMD_LOG_LEVEL="warning")
    return run([tool("systemd-analyze"), "verify", "--man=no"] + [str(u) for u in units], env=env)


def superserver_pair(tmp_path, family, mistake=False):
    templar = roles_render.templar("superserver", family, superserver_type="systemd")
    (svc,) = roles_render.template(templar, "{{ __superserver_model }}")
    units = tmp_path / "units"
    socket = roles_render.render("superserver", "socket.j2", family, service=svc, superserver_type="systemd")
    service = roles_render.render("superserver", "service.j2", family, service=svc, superserver_type="systemd")
    if mistake:
        service = service.replace("StandardInput=", "StandardInptu=")
    write(units / (svc["name"] + "@.service"), stub_programs(service, tmp_path / "root"))
    return write(units / (svc["name"] + ".socket"), socket)


@pytest.mark.parametrize("family", FAMILIES)
def test_systemd_verifies_the_superserver_socket_pair(tmp_path, family):
    result = verify(superserver_pair(tmp_path, family))
    assert result.returncode == 0 and result.stdout == "", result.stdout


def test_systemd_refuses_a_misspelt_directive_in_the_pair(tmp_path):
    # verify only warns (exit 0) about what systemd ignores; the good pair above gives no output at all.
    result = verify(superserver_pair(tmp_path, "RedHat", mistake=True))
    assert "Unknown key 'StandardInptu'" in result.stdout, result.stdout


def stunnel_dropin(tmp_path, family, stub=True, **overrides):
    """The package's stunnel@.service (Debian's copy; EL's stunnel ships the same upstream unit) with the
    role's drop-in beside it, where systemd-analyze looks for drop-ins of a unit given by path."""
    units = tmp_path / "units"
    write(units / "stunnel@.service", open("/lib/systemd/system/stunnel@.service").read())
    text = roles_render.render("stunnel", "unit-dropin.conf.j2", family, **overrides)
    write(units / "stunnel@smtps.service.d" / "serverlab.conf", stub_programs(text, tmp_path / "root") if stub else text)
    return units / "stunnel@smtps.service"


@pytest.mark.parametrize("family", FAMILIES)
def test_systemd_verifies_the_stunnel_dropin(tmp_path, family):
    unit = stunnel_dropin(tmp_path, family)
    os.symlink("stunnel@.service", unit)
    result = verify(unit)
    assert result.returncode == 0 and result.stdout == "", result.stdout


def test_systemd_refuses_a_program_that_is_not_there(tmp_path):
    unit = stunnel_dropin(tmp_path, "Debian", stub=False, __stunnel_binary="/usr/bin/stunnel5")
    os.symlink("stunnel@.service", unit)
    result = verify(unit)
    assert result.returncode != 0 and "/usr/bin/stunnel5 is not executable" in result.stdout, result.stdout


def test_systemd_verifies_svscan_on_el(tmp_path):
    text = roles_render.render("daemontools", "svscan.service.j2", "RedHat")
    unit = write(tmp_path / "units" / "svscan.service", stub_programs(text, tmp_path / "root"))
    result = verify(unit)
    assert result.returncode == 0 and result.stdout == "", result.stdout
    write(unit, stub_programs(text.replace("KillMode=process", "KillMode=proces"), tmp_path / "root"))
    assert "Failed to parse kill mode specification, ignoring: proces" in verify(unit).stdout


# ---------------------------------------------------------------- stunnel and xinetd: started in a private network namespace

def start_privately(argv, ready, timeout=30):
    """Start a daemon alone in a new network namespace (its loopback up), wait until ready() says it runs
    or it exits, then stop it. Returns (ran, its output)."""
    proc = subprocess.Popen([tool("unshare"), "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh"] + argv,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    try:
        deadline = time.monotonic() + timeout
        while proc.poll() is None and not ready() and time.monotonic() < deadline:
            time.sleep(0.05)
        ran = proc.poll() is None and ready()
    finally:
        proc.terminate()
        output = proc.communicate(timeout=30)[0]
    return ran, output


@pytest.fixture
def reachable():
    """A scratch directory stunnel4 can reach after its switch of account (pytest's tmp_path is root's only)."""
    path = tempfile.mkdtemp(prefix="serverlab-stunnel-")
    os.chmod(path, 0o755)
    yield pathlib.Path(path)
    shutil.rmtree(path)


def stunnel_conf(tmp_path, family, mode, run_dir, **overrides):
    """The rendered stunnel file with the certificate (a real self-signed pair), PID file and log in the
    scratch tree. EL's account `stunnel` (the role creates it there) is this host's `stunnel4`, made by
    Debian's package: stunnel opens the log and PID file as that account."""
    crt, key = tlsfiles.self_signed(tmp_path)
    account = pwd.getpwnam("stunnel4")
    os.chown(run_dir, account.pw_uid, account.pw_gid)
    values = dict(stunnel_mode=mode, stunnel_cert=crt, stunnel_key=key, stunnel_log_file=str(run_dir / "smtps.log"),
                  __stunnel_pid_file=str(run_dir / "smtps.pid"), __stunnel_user="stunnel4", __stunnel_group="stunnel4")
    values.update(overrides)
    template = "smtps.conf.j2" if mode == "standalone" else "smtps-inetd.conf.j2"
    return write(tmp_path / "smtps.conf", roles_render.render("stunnel", template, family, base=MAILCERT, **values)), run_dir


@pytest.mark.parametrize("family", FAMILIES)
def test_stunnel_runs_with_the_standalone_config(tmp_path, reachable, family):
    conf, run_dir = stunnel_conf(tmp_path, family, "standalone", reachable)
    pid = run_dir / "smtps.pid"
    ran, output = start_privately([tool("stunnel4"), str(conf)], lambda: pid.exists() and pid.stat().st_size > 0)
    # The PID file is written after binding 465 and switching to the account: stunnel runs.
    assert ran, output
    assert "Configuration successful" in (run_dir / "smtps.log").read_text()


@pytest.mark.parametrize("family", FAMILIES)
def test_stunnel_reads_the_inetd_config(tmp_path, reachable, family):
    """Inetd mode (the superserver's): the connection is stdin; an empty one ends the session at once."""
    conf, run_dir = stunnel_conf(tmp_path, family, "superserver", reachable)
    run([tool("stunnel4"), str(conf)], stdin=subprocess.DEVNULL)    # its stdout is the connection
    log = (run_dir / "smtps.log").read_text()
    assert "Configuration successful" in log and "Service [smtps] accepted connection" in log, log


@pytest.mark.parametrize("family", FAMILIES)
def test_stunnel_refuses_a_key_of_another_certificate(tmp_path, reachable, family):
    other = tmp_path / "other"
    other.mkdir()
    _unused, key = tlsfiles.self_signed(other)
    conf, run_dir = stunnel_conf(tmp_path, family, "standalone", reachable, stunnel_key=key)
    pid = run_dir / "smtps.pid"
    ran, output = start_privately([tool("stunnel4"), str(conf)], lambda: pid.exists() and pid.stat().st_size > 0)
    assert not ran and "Configuration failed" in output, output
    assert "key values mismatch" in output or "Private key does not match the certificate" in output, output


def xinetd_tree(tmp_path, family, services, mistake=False, release=None, superserver_type="xinetd"):
    """xinetd.conf reading the rendered service files from the scratch tree (the package's own xinetd.conf
    reads /etc/xinetd.d the same way); a server this host lacks becomes a stub, as for systemd."""
    templar = roles_render.templar("superserver", family, release=release, superserver_type=superserver_type,
                                   superserver_examples_enabled=services)
    assert roles_render.template(templar, "{{ __superserver_kind }}") == "xinetd"
    model = roles_render.template(templar, "{{ __superserver_model }}")
    for svc in model:
        text = roles_render.render("superserver", "xinetd.j2", family, release=release, service=svc,
                                   superserver_type=superserver_type)
        server = text.split("\tserver\t\t= ", 1)[1].split("\n", 1)[0]
        if not os.access(server, os.X_OK):
            stub = write(under(tmp_path / "root", server), "#!/bin/sh\n", 0o755)
            text = text.replace("= %s\n" % server, "= %s\n" % stub)
        if mistake:
            text = text.replace("socket_type", "sockettype")
        write(tmp_path / "xinetd.d" / svc["name"], text)
    return write(tmp_path / "xinetd.conf", "defaults\n{\n}\nincludedir %s\n" % (tmp_path / "xinetd.d")), model


def run_xinetd(tmp_path, conf):
    log = tmp_path / "xinetd.log"
    ran, output = start_privately([tool("/usr/sbin/xinetd"), "-dontfork", "-filelog", str(log), "-f", str(conf)],
                                  lambda: log.exists() and "Started working" in log.read_text())
    return ran, output + (log.read_text() if log.exists() else "")


@pytest.mark.parametrize("family", FAMILIES)
def test_xinetd_serves_the_rendered_services(tmp_path, family):
    # EL 7 has xinetd (superserver_type: xinetd); smtps is stunnel in inetd mode, disabled until day 13.
    conf, model = xinetd_tree(tmp_path, family, ["labtalk", "smtps"])
    ran, log = run_xinetd(tmp_path, conf)
    enabled = sum(1 for svc in model if svc["enabled"])
    assert ran and "Started working: %d available service" % enabled in log, log
    assert not re.search("WARNING: (?!Exiting)|ERROR", log), log


def test_xinetd_refuses_a_misspelt_attribute(tmp_path):
    conf, _unused = xinetd_tree(tmp_path, "RedHat", ["labtalk"], mistake=True)
    _unused, log = run_xinetd(tmp_path, conf)
    assert "bad service attribute: sockettype" in log, log


# ---------------------------------------------------------------- network: ifupdown (Debian) reads the rendered stanza

IFUP = "/opt/serverlab/ifupdown/sbin/ifup"        # unpacked by tools/labhost: installed, it would own the network
IFQUERY = "/opt/serverlab/ifupdown/sbin/ifquery"


def test_ifupdown_reads_the_rendered_interfaces(tmp_path):
    """EL's ifcfg files have no checker here: network-scripts is EL's own, and Debian's network-manager
    ships only its ifupdown plugin, no ifcfg-rh (serverlab.course.ifcfg_check reads them instead)."""
    path = write(tmp_path / "interfaces", roles_render.render("network", "ifupdown.j2", "Debian"))
    result = run([tool(IFQUERY), "-i", str(path), "eth0"])
    assert result.returncode == 0, result.stdout
    assert "address: 192.168.0.10\n" in result.stdout and "netmask: 255.255.255.0\n" in result.stdout
    assert "gateway" not in result.stdout
    # --no-act prints what ifup would run and changes nothing (its state file goes to the scratch tree).
    result = run([tool(IFUP), "--no-act", "-i", str(path), "--state-dir", str(tmp_path), "eth0"])
    assert result.returncode == 0 and "ip addr add 192.168.0.10/255.255.255.0" in result.stdout, result.stdout


def test_ifupdown_refuses_a_misspelt_method(tmp_path):
    text = roles_render.render("network", "ifupdown.j2", "Debian")
    path = write(tmp_path / "interfaces", text.replace("inet static", "inet statc"))
    result = run([tool(IFQUERY), "-i", str(path), "eth0"])
    assert result.returncode != 0 and "unknown or no method" in result.stdout, result.stdout


def test_systemd_verifies_the_clockspeed_timer_and_its_service(tmp_path):
    """clockspeed is the same on both families (built from source, vars/main.yml only)."""
    def clockspeed_render(name):
        return roles_render.render("clockspeed", name, __clockspeed_start=1795000000)

    units = tmp_path / "units"
    write(units / "clockspeed-measure.service", clockspeed_render("clockspeed-measure.service.j2"))
    timer = write(units / "clockspeed-measure.timer", clockspeed_render("clockspeed-measure.timer.j2"))
    result = verify(timer)
    assert result.returncode == 0 and result.stdout == "", result.stdout
    write(timer, clockspeed_render("clockspeed-measure.timer.j2").replace(" UTC\n", " UTX\n"))
    assert "Failed to parse calendar specification" in verify(timer).stdout


def test_xinetd_serves_the_el7_default(tmp_path):
    """EL 7 (the course's CentOS) serves the superserver's services from xinetd without superserver_type."""
    conf, model = xinetd_tree(tmp_path, "RedHat", ["labtalk"], release="7", superserver_type="auto")
    ran, log = run_xinetd(tmp_path, conf)
    assert ran and "Started working: 1 available service" in log, log


# ---------------------------------------------------------------- EL generations: vars/<family>-<major>.yml

def resolved(role, expression, family, release, **overrides):
    return roles_render.template(roles_render.templar(role, family, release=release, **overrides), expression)


@pytest.mark.parametrize("family, release, superserver, sshd_keyword, mysqld, compatibility", [
    ("Debian", None, "xinetd", "KbdInteractiveAuthentication", "/usr/sbin/mariadbd", "3.6"),
    ("RedHat", "7", "xinetd", "ChallengeResponseAuthentication", "/usr/libexec/mysqld", ""),
    ("RedHat", "8", "systemd", "KbdInteractiveAuthentication", "/usr/libexec/mariadbd", "2"),
    ("RedHat", "9", "systemd", "KbdInteractiveAuthentication", "/usr/libexec/mariadbd", "2"),
])
def test_each_generation_gets_its_own_names(family, release, superserver, sshd_keyword, mysqld, compatibility):
    assert resolved("superserver", "{{ __superserver_kind }}", family, release) == superserver
    assert resolved("stunnel", "{{ __stunnel_superserver_kind }}", family, release) == superserver
    assert resolved("sshd", "{{ __sshd_kbd_interactive_keyword }}", family, release) == sshd_keyword
    assert resolved("mysql", "{{ __mysql_daemon }}", family, release, mysql_flavor="mariadb") == mysqld
    assert resolved("postfix", "{{ __postfix_compatibility_level }}", family, release, **MAILCERT) == compatibility


def test_el7_main_cf_leaves_compatibility_level_out():
    assert "compatibility_level" not in roles_render.render("postfix", "main.cf.j2", "RedHat", base=MAILCERT,
                                                            release="7")
    assert "compatibility_level = 2\n" in roles_render.render("postfix", "main.cf.j2", "RedHat", base=MAILCERT,
                                                              release="9")


def test_every_role_loads_its_os_vars_through_the_one_preamble():
    """vars/<family>.yml and vars/<family>-<major>.yml are read by roles/lab/tasks/set_vars.yml alone (family
    first, release after: the order roles_render.role_variables follows); a role with OS vars includes it
    before anything else in tasks/main.yml and calls include_vars nowhere itself."""
    preamble = os.path.join(ROLES, "lab", "tasks", "set_vars.yml")
    loads = [t["ansible.builtin.include_vars"] for t in roles_render.role_yaml("lab", "tasks", "set_vars.yml")]
    assert [s.rsplit("/", 1)[-1] for s in loads] == ["{{ ansible_facts['os_family'] }}.yml", "{{ __lab_release_vars }}"]
    assert "os_family'] ~ '-' ~ ansible_facts['distribution_major_version'] }}.yml" in open(preamble).read()
    roles = sorted(name for name in os.listdir(ROLES) if os.path.isdir(os.path.join(ROLES, name, "vars"))
                   and any(re.match(r"^[A-Za-z]+\.yml$", f) and f != "main.yml" for f in os.listdir(os.path.join(ROLES, name, "vars"))))
    assert "named" in roles and "superserver" in roles
    # lab's OS vars serve its package source alone, which loads them itself (tasks_from package_lists.yml).
    entries = {"lab": "package_source.yml"}
    for role in roles:
        first = roles_render.role_yaml(role, "tasks", entries.get(role, "main.yml"))[0]
        if "ansible.builtin.include_tasks" in first:  # qmail: preflight.yml, which playbooks/qmail.yml runs alone too
            first = roles_render.role_yaml(role, "tasks", first["ansible.builtin.include_tasks"])[0]
        assert first.get("ansible.builtin.include_role") == {"name": "serverlab.course.lab", "tasks_from": "set_vars.yml"}, role
    for path in glob.glob(os.path.join(ROLES, "*", "tasks", "*.yml")):
        if os.path.samefile(path, preamble):
            continue
        # Other vars files (roles/lab/tasks/selinux.yml's vars/selinux.yml) are no OS preamble.
        assert not re.search(r"include_vars:.*(os_family|distribution)", open(path).read()), path


def test_el7_offers_no_mysql_flavor():
    """EL 7's repositories have MariaDB 5.5 only; the role refuses mysql_flavor=mysql there, naming the choice."""
    assert list(resolved("mysql", "{{ __mysql_el }}", "RedHat", "7", mysql_flavor="mariadb")) == ["mariadb"]
    assert sorted(resolved("mysql", "{{ __mysql_el }}", "RedHat", "9", mysql_flavor="mariadb")) == ["mariadb", "mysql"]
    tasks = roles_render.role_yaml("mysql", "tasks", "main.yml")
    (check,) = [t for t in tasks if t["name"] == "Check that this release has the chosen server"]
    # Debian never asks (the task's when): only EL releases name what their repositories have.
    condition = "{{ not (%s) or (%s) }}" % (check["when"], check["ansible.builtin.assert"]["that"])
    for family, release, flavor, allowed in [("RedHat", "7", "mysql", False), ("RedHat", "7", "mariadb", True),
                                             ("RedHat", "9", "mysql", True), ("Debian", "12", "mysql", True)]:
        assert resolved("mysql", condition, family, release, mysql_flavor=flavor) is allowed, (family, release, flavor)
