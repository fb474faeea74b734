"""Day 20 verify: the catalog passes, the lab user queries the server from the host over the lab
network with the real client, and a root-owned data directory is caught (the FAQ's "mysqld ended")."""

import subprocess

from labtest import assert_all_pass, assert_survives_reboot, check_mode_changes, failed_ids, labeval, verdicts

DAY20_CHECKS = 6
ADDRESS = "192.168.0.80"
# The documented training password of test VMs (molecule's lab_user_password).
PASSWORD = "serverlab-training"


def host_query(sql, user="user1", password=PASSWORD, database="lab"):
    """The MariaDB client on the host, over TCP to the container's lab address."""
    return subprocess.run(
        ["mariadb", "--protocol=TCP", "-h", ADDRESS, "-u", user, "-p" + password, "--connect-timeout=10",
         "-N", "-B", "-e", sql, database], capture_output=True, text=True, timeout=60, check=False)


def test_catalog_passes_after_converge(host):
    assert_all_pass(labeval(host, "--day", "20"), DAY20_CHECKS)


def test_check_mode_on_the_converged_vm_changes_nothing(host):  # host: runs in file order, before the reboot
    """--check --diff right after the converge: nothing to change (the fresh VM's --check is the scenario's
    check step, before its converge)."""
    assert check_mode_changes("day20.yml") == {"serverlab-m-day20": []}


def test_lab_user_queries_from_the_lab_network(host):
    result = host_query("CREATE TABLE IF NOT EXISTS t (v VARCHAR(20)); DELETE FROM t; "
                        "INSERT INTO t VALUES ('grüße'); SELECT v, @@character_set_server FROM t; DROP TABLE t")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["grüße", "utf8mb4"]


def test_wrong_password_and_remote_root_are_refused(host):
    wrong = host_query("SELECT 1", password="not-the-password")
    assert wrong.returncode != 0 and "Access denied" in wrong.stderr
    root = host_query("SELECT 1", user="root", password="", database="mysql")
    assert root.returncode != 0 and "Access denied" in root.stderr


def test_server_listens_on_the_lab_address_with_utf8mb4(host):
    assert host.socket("tcp://%s:3306" % ADDRESS).is_listening
    conf = host.file("/etc/mysql/mariadb.conf.d/60-serverlab.cnf").content_string
    assert "bind-address = %s" % ADDRESS in conf
    assert "character-set-server = utf8mb4" in conf
    assert host.file("/root/.my.lab.cnf").mode == 0o600


def test_root_owned_datadir_is_caught(host):
    host.check_output("chown -R root:root /var/lib/mysql")
    try:
        restart = host.run("systemctl restart mariadb")
        report = labeval(host, "--day", "20")
    finally:
        host.check_output("chown -R mysql:mysql /var/lib/mysql && systemctl restart mariadb")
    assert restart.rc != 0  # the FAQ: the server ends at once
    failed = failed_ids(report)
    assert "20.2" in failed and "20.1" in failed, failed
    assert "mysqld ended" in verdicts(report)["20.2"]["reason"]
    assert "chown -R mysql:mysql /var/lib/mysql" in verdicts(report)["20.1"]["reason"]
    assert_all_pass(labeval(host, "--day", "20"), DAY20_CHECKS)


def test_anonymous_account_is_caught(host):
    host.check_output("mariadb -e \"CREATE USER ''@'localhost'\"")
    try:
        report = labeval(host, "--day", "20")
    finally:
        host.check_output("mariadb -e \"DROP USER ''@'localhost'\"")
    assert failed_ids(report) == ["20.4"]
    assert "DROP USER ''@'localhost'" in verdicts(report)["20.4"]["reason"]


def test_a_reboot_brings_the_database_back(host):
    boot = assert_survives_reboot(host, "serverlab-m-day20", "20", DAY20_CHECKS)
    assert "systemctl is-enabled mariadb (day 20): enabled" in boot["evidence"]


def test_an_account_for_the_vm_only_passes_inside_and_fails_from_the_lab(host):
    """The lab account's host part narrowed to the VM's own address: the VM view (which connects from the VM
    to its lab address) still logs in, every lab client is refused; the network view says which layer."""
    from labtest import netview, wait_until

    network_pattern = host.check_output(
        "mariadb -N -B -e \"SELECT host FROM mysql.user WHERE user = 'user1'\"").strip()
    assert network_pattern and network_pattern != ADDRESS, network_pattern
    rename = "mariadb -e \"RENAME USER 'user1'@'%s' TO 'user1'@'%s'\""
    host.check_output(rename % (network_pattern, ADDRESS))
    try:
        wait_until("the lab client is refused", lambda: host_query("SELECT 1").returncode != 0)
        inside = verdicts(labeval(host, "--day", "20"))
        outside = verdicts(netview(host, "--day", "20"))
    finally:
        host.check_output(rename % (ADDRESS, network_pattern))
    assert host_query("SELECT 1").returncode == 0
    assert inside["20.3"]["status"] == "PASS", inside["20.3"]
    assert outside["20.3"]["status"] == "FAIL", outside["20.3"]
    assert "host part must cover the lab network" in outside["20.3"]["reason"], outside["20.3"]["reason"]
