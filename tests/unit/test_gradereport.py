# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The classroom grade report: results -> HTML matrix, CSV, JSON, JUnit (parsed back here)."""

from __future__ import annotations

import csv
import html.parser
import io
import json
import os
import re
import subprocess
import sys
from xml.etree import ElementTree

import pytest

import modrun

from ansible_collections.serverlab.course.plugins.module_utils import gradereport
from ansible_collections.serverlab.course.plugins.modules import grade_report

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CHECKS = [(6, 1, "hostname"), (6, 2, "/etc/hosts"), (6, 4, "network/gateway"), (7, 1, "named/service")]
EVIL = "GATEWAY=1 <script>alert('x')</script> & \"quoted\""


def lab_eval(failures=None, only=None):
    """A registered lab_eval result; failures: {check id: reason}."""
    failures = failures or {}
    results = []
    for day, num, item in CHECKS:
        check_id = "%d.%d" % (day, num)
        if only is not None and check_id not in only:
            continue
        reason = failures.get(check_id, "")
        results.append({"id": check_id, "day": day, "num": num, "item": item,
                        "status": "FAIL" if reason else "PASS", "reason": reason, "evidence": ["x"]})
    return {"changed": False, "results": results, "passed": not failures, "failed": False,
            "summary": {"total": len(results)}}


UNREACHABLE = {"unreachable": True, "msg": "Failed to connect to the host via ssh: Connection timed out",
               "changed": False}

RESULTS = {
    "aiko": lab_eval(),
    "ken": lab_eval({"6.4": EVIL, "7.1": "named is not running: start it"}),
    "mai": UNREACHABLE,
}
NAMES = {"aiko": "Aiko Tanaka", "ken": "Ken Sato", "mai": "Mai Suzuki"}


def roster(results=None, hosts=("aiko", "ken", "mai")):
    return gradereport.students(list(hosts), RESULTS if results is None else results, NAMES,
                                {"aiko": "192.168.0.101", "ken": "192.168.0.102", "mai": "192.168.0.103"})


# ---------------------------------------------------------------- model

def test_students_are_sorted_struggling_first():
    results = dict(RESULTS, ryo=lab_eval({"6.1": "wrong host name"}),
                   sora=lab_eval({"6.1": "a", "6.2": "b", "6.4": "c"}),
                   kai=lab_eval({"6.1": "a"}, only={"6.1", "6.2"}))
    order = [s.host for s in gradereport.students(["aiko", "ken", "mai", "ryo", "sora", "kai"], results)]
    # unreachable, then 3 failures, 2 failures, 1 failure (fewer passes first: kai 1, ryo 3), all passed
    assert order == ["mai", "sora", "ken", "kai", "ryo", "aiko"]


@pytest.mark.parametrize("result, state, message", [
    (None, "unreachable", "no result: the VM was not reached"),
    (UNREACHABLE, "unreachable", "Failed to connect to the host via ssh: Connection timed out"),
    ({"failed": True, "msg": "Module result deserialization failed: No start of json char found",
      "module_stderr": "Error response from daemon: No such container: serverlab-mai", "rc": 1},
     "unreachable", "Error response from daemon: No such container: serverlab-mai"),
    ({"failed": True, "module_stderr": "Error response from daemon: container 3f2a is not running"},
     "unreachable", "Error response from daemon: container 3f2a is not running"),
    ({"failed": True, "msg": "bad lab configuration /etc/serverlab/lab.json: prefix must be a number"},
     "error", "the evaluation failed: bad lab configuration /etc/serverlab/lab.json: prefix must be a number"),
    ({"skipped": True, "skip_reason": "Conditional result was False"}, "error",
     "the evaluation was skipped: Conditional result was False"),
    ("garbage", "error", "unexpected result 'garbage'"),
])
def test_what_ansible_registered_becomes_a_state(result, state, message):
    student = gradereport.student_from_result("mai", result)
    assert (student.state, student.verdicts) == (state, {})
    assert student.message.startswith(message)
    assert not student.reached


def test_graded_student_counts():
    ken = gradereport.student_from_result("ken", RESULTS["ken"], "Ken Sato")
    assert (ken.state, ken.passed, ken.failed, ken.graded, ken.all_passed) == ("graded", 2, 2, 4, False)
    assert ken.verdicts["6.4"] == {"id": "6.4", "key": "6.4", "view": "vm", "day": 6, "num": 4,
                                   "item": "network/gateway", "status": "FAIL", "reason": EVIL, "pending": False}
    assert ken.verdicts["6.1"]["reason"] == ""


def test_hosts_missing_from_results_are_unreachable_and_results_without_hosts_kept():
    got = {s.host: s.state for s in gradereport.students(["aiko", "ghost"], {"aiko": lab_eval(), "extra": lab_eval()})}
    assert got == {"aiko": "graded", "ghost": "unreachable", "extra": "graded"}


def test_columns_union_of_tracks_in_order():
    students = roster({"aiko": lab_eval(only={"7.1", "6.1"}), "ken": lab_eval(only={"6.4", "6.2"})}, ["aiko", "ken"])
    assert [c["id"] for c in gradereport.columns(students)] == ["6.1", "6.2", "6.4", "7.1"]


def test_summary():
    assert gradereport.summary(roster()) == {"students": 3, "all_passed": 1, "with_failures": 1,
                                             "unreachable": 1, "errors": 0,
                                             "network_not_graded": 0, "not_done_yet": 0}


# ---------------------------------------------------------------- files parse back

def test_csv_parses_back_with_the_verdicts():
    rows = list(csv.DictReader(io.StringIO(gradereport.to_csv(roster()))))
    assert [r["host"] for r in rows] == ["mai", "ken", "ken", "ken", "ken", "aiko", "aiko", "aiko", "aiko"]
    assert rows[0]["status"] == "UNREACHABLE" and "Connection timed out" in rows[0]["reason"]
    ken = {r["check"]: (r["status"], r["reason"]) for r in rows if r["host"] == "ken"}
    assert ken == {"6.1": ("PASS", ""), "6.2": ("PASS", ""), "6.4": ("FAIL", EVIL),
                   "7.1": ("FAIL", "named is not running: start it")}
    assert all(r["status"] == "PASS" for r in rows if r["host"] == "aiko")
    assert rows[1]["name"] == "Ken Sato" and rows[1]["address"] == "192.168.0.102"


def test_json_parses_back():
    data = json.loads(gradereport.to_json(roster(), day=7, title="Day 7", generated="2026-11-23 10:00 UTC"))
    assert (data["day"], data["title"], data["generated"]) == (7, "Day 7", "2026-11-23 10:00 UTC")
    assert [s["host"] for s in data["students"]] == ["mai", "ken", "aiko"]
    assert data["students"][0]["state"] == "unreachable"
    ken = data["students"][1]
    assert ken["summary"] == {"passed": 2, "failed": 2, "pending": 0, "graded": 4}
    assert [(r["id"], r["status"]) for r in ken["results"]] == [
        ("6.1", "PASS"), ("6.2", "PASS"), ("6.4", "FAIL"), ("7.1", "FAIL")]
    assert ken["results"][2]["reason"] == EVIL
    assert [c["id"] for c in data["checks"]] == ["6.1", "6.2", "6.4", "7.1"]
    assert data["summary"]["unreachable"] == 1


def test_junit_parses_back():
    root = ElementTree.fromstring(gradereport.to_junit(roster(), title="Day 7").encode("utf-8"))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("9", "2", "1")
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == ["mai", "ken", "aiko"]
    mai = suites["mai"]
    assert (mai.get("tests"), mai.get("errors")) == ("1", "1")
    assert "Connection timed out" in mai.find("testcase/error").get("message")
    ken = suites["ken"]
    cases = {c.get("name"): c for c in ken.findall("testcase")}
    assert list(cases) == ["6.1 hostname", "6.2 /etc/hosts", "6.4 network/gateway", "7.1 named/service"]
    assert cases["6.1 hostname"].find("failure") is None
    assert cases["6.4 network/gateway"].find("failure").get("message") == EVIL
    assert cases["6.4 network/gateway"].find("failure").text == EVIL
    assert cases["7.1 named/service"].get("classname") == "ken.day07"
    assert ken.get("failures") == "2" and suites["aiko"].get("failures") == "0"


# ---------------------------------------------------------------- HTML

class Cells(html.parser.HTMLParser):
    """Rows of the matrix: (host, state, {check: (class, title)}) and whether any script tag exists."""

    def __init__(self):
        html.parser.HTMLParser.__init__(self)
        self.rows = []
        self.tags = set()
        self.external = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.add(tag)
        for key in ("src", "href"):
            if a.get(key) and not a[key].startswith("#"):
                self.external.append(a[key])
        if tag == "tr" and "student" in (a.get("class") or ""):
            self.rows.append([a["data-host"], a["data-state"], {}, None])
        elif tag == "td" and self.rows and a.get("data-check"):
            self.rows[-1][2][a["data-check"]] = (a["class"], a.get("title"))
        elif tag == "td" and self.rows and a.get("colspan") and "title" in a:
            self.rows[-1][3] = (a["class"], a["title"])


def test_html_matrix_escaped_and_sorted():
    page = gradereport.to_html(roster(), day=7, title="Day <7>", generated="now")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<title>Day &lt;7&gt;</title>" in page
    parser = Cells()
    parser.feed(page)
    assert [r[0] for r in parser.rows] == ["mai", "ken", "aiko"]
    assert parser.tags.isdisjoint({"script", "link", "img", "iframe"}) and parser.external == []
    mai, ken, aiko = parser.rows
    assert mai[1] == "unreachable" and mai[3][0] == "unreachable" and "Connection timed out" in mai[3][1]
    assert ken[2]["6.4"] == ("cell fail", "6.4 network/gateway: FAIL: " + EVIL)  # the reason on hover
    assert ken[2]["6.1"][0] == "cell pass first"
    assert ken[2]["7.1"][0] == "cell fail first"  # day 7 starts a new group
    assert all(cls.startswith("cell pass") for cls, _unused in aiko[2].values()) and len(aiko[2]) == 4
    # details list: the reason of every FAIL, escaped (Jinja2's autoescape: &#39; and &#34; for the quotes)
    escaped = EVIL.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
    assert "6.4 network/gateway</span>%s</li>" % escaped.replace('"', "&#34;") in page
    assert "Every check passed" in page and "Aiko Tanaka" in page


def test_html_marks_cells_not_graded_on_this_track():
    students = roster({"aiko": lab_eval(only={"6.1"}), "ken": lab_eval()}, ["aiko", "ken"])
    parser = Cells()
    parser.feed(gradereport.to_html(students))
    aiko = [r for r in parser.rows if r[0] == "aiko"][0]
    assert aiko[2]["6.2"][0] == "cell none" and "not graded" in aiko[2]["6.2"][1]


def test_html_for_an_empty_classroom():
    assert "No students in the inventory." in gradereport.to_html([], day=6)


# ---------------------------------------------------------------- the folder and the module

def test_write_is_atomic_and_idempotent(tmp_path):
    dest = str(tmp_path / "reports" / "day07")
    files = gradereport.render(roster(), day=7, generated="fixed")
    assert gradereport.write(dest, files, check_mode=True) == sorted(gradereport.FILES)
    assert not os.path.exists(dest)
    assert gradereport.write(dest, files) == sorted(gradereport.FILES)
    assert sorted(os.listdir(dest)) == sorted(gradereport.FILES)
    assert gradereport.write(dest, files) == []
    files["results.csv"] += "x\n"
    assert gradereport.write(dest, files) == ["results.csv"]


def test_module_writes_the_report(tmp_path):
    dest = tmp_path / "out"
    out = modrun.run(grade_report, results=RESULTS, hosts=["aiko", "ken", "mai", "ghost"], names=NAMES,
                     day=7, dest=str(dest))
    assert not out.failed, out.result
    r = out.result
    assert r["changed"] is True
    assert r["index"] == str(dest / "index.html")
    assert r["summary"] == {"students": 4, "all_passed": 1, "with_failures": 1, "unreachable": 2, "errors": 0,
                            "network_not_graded": 0, "not_done_yet": 0}
    assert r["struggling"] == ["ghost", "mai", "ken"]
    assert r["msg"].startswith("4 students: 1 all passed, 1 with failures, 2 unreachable; report ")
    data = json.loads((dest / "results.json").read_text(encoding="utf-8"))
    assert data["title"] == "Grade report - lab day 7"
    assert sorted(os.listdir(str(dest))) == sorted(gradereport.FILES)


def test_module_check_mode_writes_nothing(tmp_path):
    out = modrun.run(grade_report, results=RESULTS, day=6, dest=str(tmp_path / "out"), _ansible_check_mode=True)
    assert out.result["changed"] is True and not (tmp_path / "out").exists()


def test_module_default_dest_is_a_stable_folder_per_day(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = modrun.run(grade_report, results={"aiko": lab_eval()}, day=6)
    assert out.result["dest"] == str(tmp_path / "build" / "reports" / "day06")


def test_lab_days_lookup_lists_catalog_days_up_to_the_day():
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "collections"),
               ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"))
    cli = os.path.join(os.path.dirname(sys.executable), "ansible")

    def days(upto):
        out = subprocess.run(
            [cli, "localhost", "-m", "ansible.builtin.debug",
             "-a", "msg={{ lookup('serverlab.course.lab_days', upto=%d, wantlist=true) | to_json }}" % upto],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False, universal_newlines=True)
        return out

    from ansible_collections.serverlab.course.plugins.module_utils import catalog
    out = days(7)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "[%s]" % ", ".join(str(d) for d in catalog.known_days() if d <= 7) in out.stdout
    out = days(5)
    assert out.returncode != 0 and "the check catalog has no day up to 5" in out.stdout + out.stderr


SCHOOL_TEMPLATE = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><h1>Springfield Technical School: {{ title }}</h1>
<p id="count">{{ t("%(count)d students", count=totals.students) }}</p>
{% for s in students %}<p class="row" data-host="{{ s.host }}">{{ s.name }} {{ s.passed }}/{{ s.graded }}
{%- for v in s.failures %} [{{ v.id }} {{ v.reason }}]{% endfor %}{% if not s.reached %} {{ s.message }}{% endif %}</p>
{% endfor %}</body></html>
"""


@pytest.mark.parametrize("where", ["given", "default", "school"])
def test_grade_playbook_end_to_end(tmp_path, where):
    """playbooks/grade.yml on a classroom of two: this machine itself (graded read-only by lab_eval over the
    local connection) and a VM that refuses connections (SSH to a closed port on loopback). The network view
    of "here" is graded from this machine at 127.0.0.77, where nothing answers.
    "given": the report goes to grade_report_dest. "default": run from a job's own directory (as AWX does)
    with localhost named in the inventory without a connection: the report play still runs locally
    (`connection: local`) and writes under the current directory, not inside the collection. "school": in
    Japanese (lab_lang=ja), with the school's own template for index.html (grade_report_template)."""
    (tmp_path / "roster.yml").write_text(
        "- {name: Local Host, login: here, address: 127.0.0.77}\n"
        "- {name: Gone Away, login: gone, connection: ssh, host: 127.0.0.1, vars: {ansible_port: 1}}\n",
        encoding="utf-8")
    (tmp_path / "classroom.yml").write_text(
        "plugin: serverlab.course.classroom\nroster: roster.yml\nnetwork: 127.0.0.0/24\nbase: 127.0.0.77\n"
        "compose:\n"
        "  ansible_connection: \"'local' if student_login == 'here' else ansible_connection\"\n"
        "  ansible_python_interpreter: \"'%s'\"\n" % sys.executable, encoding="utf-8")
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "collections"),
               ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_CACHE_PLUGIN="memory")
    cli = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    argv = [cli, "-i", str(tmp_path / "classroom.yml"), os.path.join(ROOT, "playbooks", "grade.yml"), "-e", "lab_day=6"]
    if where == "school":
        (tmp_path / "school.html.j2").write_text(SCHOOL_TEMPLATE, encoding="utf-8")
        argv += ["-e", "lab_lang=ja", "-e", "grade_report_template=%s" % (tmp_path / "school.html.j2")]
    if where in ("given", "school"):
        cwd, dest = ROOT, tmp_path / "report"
        argv += ["-e", "grade_report_dest=%s" % dest]
    else:
        cwd = tmp_path / "job"
        cwd.mkdir()
        dest = cwd / "build" / "reports" / "day06"
        # localhost named in the inventory gets the default connection (ssh, here to a closed port) unless
        # the play says local.
        (tmp_path / "local.yml").write_text("all:\n  hosts:\n    localhost:\n      ansible_port: 1\n",
                                            encoding="utf-8")
        argv += ["-i", str(tmp_path / "local.yml")]
    out = subprocess.run(argv, cwd=str(cwd), env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, check=False, universal_newlines=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    if where == "school":
        assert "受講者 2 人: 全合格 0 人、不合格あり 1 人、接続できない VM 1 台。レポート %s" % dest in out.stdout
        page = (dest / "index.html").read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>\n<html lang=\"ja\">") and "Springfield Technical School: 採点レポート" in page
        assert '<p id="count">受講者 2 人</p>' in page and "matrix" not in page
        here_row = re.search(r'<p class="row" data-host="here">(.*?)</p>', page, re.S).group(1)
        assert re.search(u"[\u3040-\u30ff]", here_row), here_row  # lab_eval's reasons, in Japanese
    else:
        assert "2 students: 0 all passed, 1 with failures, 1 unreachable; report %s" % dest in out.stdout
    data = json.loads((dest / "results.json").read_text(encoding="utf-8"))
    students = {s["host"]: s for s in data["students"]}
    assert [s["host"] for s in data["students"]] == ["gone", "here"]
    # ansible-core 2.19 says "Connection refused"; 2.14 (make compat) reports the refused ssh as a broken pipe.
    assert students["gone"]["state"] == "unreachable" and any(
        said in students["gone"]["message"] for said in ("Connection refused", "Broken pipe")), students["gone"]
    here = students["here"]
    assert (here["state"], here["name"]) == ("graded", "Local Host")
    vm = [r for r in here["results"] if r["view"] == "vm"]
    net = [r for r in here["results"] if r["view"] == "net"]
    assert [r["id"] for r in vm] == ["6.%d" % n for n in range(1, 9)]
    # 6.60 (no port open beyond the lab's) passes: nothing listens there at all.
    from ansible_collections.serverlab.course.plugins.module_utils import catalog
    assert [r["id"] for r in net] == [c.id for c in catalog.select([6], config={}, view="net")]
    assert not here["net_message"] and not students["gone"]["net_message"]
    suites = ElementTree.parse(str(dest / "junit.xml")).getroot().findall("testsuite")
    assert [(s.get("name"), s.get("tests")) for s in suites] == [("gone", "1"), ("here", str(8 + len(net)))]


def test_the_network_view_stands_beside_the_vm_view():
    """A VM whose services pass on the VM but refuse the lab: the network view's FAIL sits in the column
    right after the same check of the VM view, counts as a failure, and says where it was seen from."""
    vm = lab_eval()
    net = {"results": [{"id": "6.4", "day": 6, "num": 4, "item": "network/gateway", "status": "PASS", "reason": ""},
                       {"id": "7.4", "day": 7, "num": 4, "item": "dns/soa", "status": "FAIL",
                        "reason": "the lab client's query got REFUSED: allow-query"}]}
    students = gradereport.students(["aiko", "ken", "gone"], {"aiko": vm, "ken": lab_eval(), "gone": None},
                                    net_results={"aiko": net, "ken": {"failed": True, "msg": "dig: command not found"},
                                                 "gone": None})
    by = {s.host: s for s in students}
    aiko = by["aiko"]
    assert aiko.verdicts["7.4/net"]["view"] == "net" and aiko.failed == 1
    keys = [c["key"] for c in gradereport.columns([aiko])]
    assert keys.index("6.4/net") == keys.index("6.4") + 1
    assert "dig: command not found" in by["ken"].net_message
    assert by["gone"].state == "unreachable" and not by["gone"].net_message
    files = gradereport.render(students, day=7, title="t")
    assert "7.4,7,4,dns/soa,FAIL,the lab client's query got REFUSED: allow-query,net" in files["results.csv"]
    assert 'name="7.4 dns/soa (network view)"' in files["junit.xml"]
    html = files["index.html"]
    assert 'data-view="net"' in html and "NETWORK VIEW NOT GRADED" in html
    assert "7.4 dns/soa (from the lab network)" in html
    assert gradereport.summary(students)["network_not_graded"] == 1


def test_not_done_yet_is_told_apart_from_broken():
    """12.5 without a key yet is the trainee's next step, not a broken service: a pending FAIL is counted
    apart, keeps the student from "all passed", and reads NOT DONE YET in every format."""
    def result(pending):
        return {"results": [{"id": "12.1", "day": 12, "num": 1, "item": "sshd/port", "status": "PASS", "reason": ""},
                            {"id": "12.5", "day": 12, "num": 5, "item": "sshd/authorized-keys", "status": "FAIL",
                             "reason": "/home/user1/.ssh does not exist", "pending": pending}]}
    students = gradereport.students(["new", "broke"], {"new": result(True), "broke": result(False)})
    by = {s.host: s for s in students}
    assert (by["new"].failed, by["new"].pending, by["new"].all_passed) == (0, 1, False)
    assert (by["broke"].failed, by["broke"].pending) == (1, 0)
    assert [s.host for s in students] == ["broke", "new"]  # broken first
    totals = gradereport.summary(students)
    assert (totals["with_failures"], totals["not_done_yet"], totals["all_passed"]) == (1, 1, 0)
    files = gradereport.render(students, day=12)
    assert "12.5,12,5,sshd/authorized-keys,FAIL,/home/user1/.ssh does not exist,vm,yes" in files["results.csv"]
    assert 'type="NOT DONE YET"' in files["junit.xml"]
    assert "cell pending" in files["index.html"] and "NOT DONE YET" in files["index.html"]


# ---------------------------------------------------------------- languages and a school's own template

def test_html_in_japanese():
    """lang=ja: the page's fixed texts, the marks and the report's own messages in Japanese; ids, items, PASS and
    FAIL as they are; the reasons as lab_eval gave them."""
    results = dict(RESULTS, ghost=None, new={"results": [
        {"id": "12.5", "day": 12, "num": 5, "item": "sshd/authorized-keys", "status": "FAIL", "pending": True,
         "reason": "まだ鍵がありません"}]})
    students = gradereport.students(["aiko", "ken", "mai", "ghost", "new"], results, NAMES, lang="ja",
                                    net_results={"aiko": lab_eval(), "ken": {"skipped": True}})
    page = gradereport.to_html(students, day=12, generated="now", lang="ja")
    assert '<html lang="ja">' in page and "<title>採点レポート - 12日目まで</title>" in page
    for text in ("12日目までのすべての実習日のチェック", "受講者 5 人", "全合格 1 人", "不合格あり 1 人", "接続できない VM 2 台",
                 "未実施あり 1 人", "直すこと", "すべてのチェックに合格", "12日目", "受講者</th>", "合格</th>",
                 "接続できません", "未実施", "ネットワークから採点できません", "(ネットワークからの採点)",
                 "結果がありません: VM に届きませんでした", "まだ鍵がありません", "6.4 network/gateway: FAIL: "):
        assert text in page, text
    for english in ("What to fix", "students", "UNREACHABLE", "NOT DONE YET", "no result: the VM was not reached",
                    "network view"):
        assert english not in page, english
    parser = Cells()
    parser.feed(page)
    assert [r[0] for r in parser.rows] == ["ghost", "mai", "ken", "new", "aiko"]  # the same order in every language


def test_html_in_english_is_the_default():
    page = gradereport.to_html(roster(), day=7)
    assert '<html lang="en">' in page and "What to fix" in page and "3 students" in page
    assert gradereport.to_html(roster(), day=7, lang="en") == page


def test_the_module_renders_a_schools_template(tmp_path):
    template = tmp_path / "school.html.j2"
    template.write_text(SCHOOL_TEMPLATE, encoding="utf-8")
    out = modrun.run(grade_report, results=RESULTS, hosts=["aiko", "ken", "mai"], names=NAMES, day=7,
                     dest=str(tmp_path / "out"), template=str(template))
    assert not out.failed, out.result
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "Springfield Technical School: Grade report - lab day 7" in page and '<p id="count">3 students</p>' in page
    assert '<p class="row" data-host="ken">Ken Sato 2/4 [6.4 %s] [7.1 named is not running: start it]</p>' % (
        "GATEWAY=1 &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;quoted&#34;") in page  # escaped
    # The other files do not depend on the template.
    assert sorted(os.listdir(str(tmp_path / "out"))) == sorted(gradereport.FILES)


@pytest.mark.parametrize("text, error", [
    ("{% for s in students %}", "TemplateSyntaxError"),
    ("{{ no_such_variable }}", "UndefinedError"),
])
def test_a_broken_school_template_fails_naming_the_file(tmp_path, text, error):
    template = tmp_path / "school.html.j2"
    template.write_text(text, encoding="utf-8")
    out = modrun.run(grade_report, results=RESULTS, day=7, dest=str(tmp_path / "out"), template=str(template))
    assert out.failed and "the report's template %s does not render: %s" % (template, error) in out.result["msg"]
    assert not (tmp_path / "out").exists()
    out = modrun.run(grade_report, results=RESULTS, day=7, dest=str(tmp_path / "out"), template=str(template),
                     lang="ja")
    assert out.failed and "レポートのテンプレート %s を展開できません" % template in out.result["msg"]


def test_a_missing_school_template_fails_naming_the_file(tmp_path):
    out = modrun.run(grade_report, results=RESULTS, day=7, dest=str(tmp_path / "out"),
                     template=str(tmp_path / "nope.j2"))
    assert out.failed and "cannot read the report's template %s" % (tmp_path / "nope.j2") in out.result["msg"]


def test_the_summary_line_in_japanese(tmp_path):
    out = modrun.run(grade_report, results=RESULTS, hosts=["aiko", "ken", "mai", "ghost"], names=NAMES, day=7,
                     dest=str(tmp_path / "out"), lang="ja")
    assert out.result["msg"] == "受講者 4 人: 全合格 1 人、不合格あり 1 人、接続できない VM 2 台。レポート %s" % (
        tmp_path / "out" / "index.html")
    data = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert data["title"] == "採点レポート - 7日目まで"
    ghost = [s for s in data["students"] if s["host"] == "ghost"][0]
    assert ghost["message"].startswith("結果がありません")
