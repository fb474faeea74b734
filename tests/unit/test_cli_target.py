"""labeval --target: the network view from a lab client, through the same command line and report."""

from __future__ import annotations

import io
import json

from ansible_collections.serverlab.course.plugins.module_utils import catalog, cli


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    rc = cli.main(list(argv), stdout=out, stderr=err, environ={})
    return rc, out.getvalue(), err.getvalue()


def test_network_view_of_a_host_where_nothing_answers(tmp_path):
    # 127.0.0.77: nothing listens there, so every probe is refused: the view FAILs, it never passes.
    config = tmp_path / "lab.json"
    config.write_text(json.dumps({"day": 8, "address": "127.0.0.77"}))
    auth = tmp_path / "trainee.auth"
    auth.write_text("username = user1\npassword = secret\n")
    rc, out, err = run("--target", "127.0.0.77", "--config", str(config), "--auth", str(auth), "-c",
                       "--day", "8", "--timeout", "1", "--format", "json")
    assert rc == 1, err
    report = json.loads(out)
    ids = [r["id"] for r in report["results"]]
    assert ids == [c.id for c in catalog.select([8], config={"day": 8}, view="net")]
    assert ids and all(r["status"] == "FAIL" for r in report["results"])
    assert "8.41" in ids and "8.44" in ids
    assert any("listen" in r["reason"] or "refused" in r["reason"] for r in report["results"])


def test_network_view_days_and_tracks():
    net = catalog.select(None, config={"tracks": {"dns": "bind", "mta": "postfix"}}, view="net")
    assert {c.day for c in net} == {6, 7, 8, 10, 12, 13, 20}
    djb = catalog.select([7], config={"tracks": {"dns": "tinydns"}}, view="net")
    assert [c.id for c in djb] == ["7.28"]  # tinydns answers the lab: the VM view's 7.28, from a client
    assert "13.61" not in [c.id for c in catalog.select([13], config={"tracks": {"mta": "qmail"}}, view="net")]


def test_help_names_the_target_option():
    rc, out, err = run("-h")
    assert rc == 0 and "--target ADDRESS" in out
    rc, out, err = run("--lang", "ja", "-h")
    assert rc == 0 and "ラボネットワークのクライアント" in out
