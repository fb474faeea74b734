"""Day 13, the network view on both stunnel modes: SMTPS kept from the lab network is found from the lab,
naming the layer. Under the superserver, xinetd's only_from narrowed to the VM itself is access control:
the VM view (which speaks SMTPS to the lab address from the VM) still passes. Standalone, stunnel's accept
on the loopback is the listen address: the VM view sees that too, at the lab address."""

from labtest import assert_netview_passes, labeval, lab_connect, mistake, netview, verdicts, wait_until


def _vars(host):
    return host.ansible.get_variables()


def test_network_view_passes_after_converge(host):
    assert_netview_passes(host, 13, {"13.5", "13.8", "13.11", "13.62"})


def _smtps_greets(address):
    """Whether a TLS session on 465 from this machine reaches the MTA's greeting."""
    import socket
    import ssl

    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    try:
        with socket.create_connection((address, 465), timeout=10) as raw:
            with context.wrap_socket(raw) as tls:
                tls.settimeout(10)
                return tls.recv(64).startswith(b"220")
    except (OSError, ssl.SSLError):
        return False


def test_smtps_kept_from_the_lab_names_the_layer(host):
    address = _vars(host)["lab_address"]
    inetd = _vars(host)["lab_stunnel_mode"] == "superserver"
    if inetd:
        path, service = "/etc/xinetd.d/smtps", "xinetd"
        text = host.file(path).content_string
        wrong = text.replace("\tdisable\t\t= no\n", "\tonly_from\t= 127.0.0.1 %s\n\tdisable\t\t= no\n" % address)
    else:
        path, service = "/etc/stunnel/smtps.conf", "stunnel@smtps"
        text = host.file(path).content_string
        wrong = text.replace("accept = 465\n", "accept = 127.0.0.1:465\n")
    assert wrong != text, text
    with mistake(host, path, content=wrong):
        host.check_output("systemctl restart %s" % service)
        wait_until("SMTPS is kept from the lab network", lambda: _smtps_greets(address), lambda ok: not ok)
        inside = verdicts(labeval(host, "--day", "13"))
        outside = verdicts(netview(host, "--day", "13"))
    host.check_output("systemctl restart %s" % service)
    wait_until("SMTPS serves the lab network again", lambda: _smtps_greets(address))
    assert outside["13.5"]["status"] == "FAIL", outside["13.5"]
    if inetd:
        assert inside["13.5"]["status"] == "PASS", inside["13.5"]
        assert "only_from" in outside["13.5"]["reason"], outside["13.5"]["reason"]
    else:
        assert "accept = 465" in outside["13.5"]["reason"], outside["13.5"]["reason"]
    assert lab_connect(address, 465)
