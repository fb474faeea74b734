# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The messages playbooks and roles show a trainee, and the grade report's fixed texts, in English and Japanese.

Playbooks and roles write `'English %(name)s' | serverlab.course.t(lab_lang, name=...)`, the report's template
`t("English")`; the Japanese of both lives in messages_ja.py with the checks' reasons. Here: every such text has
its Japanese with the same placeholders, the trainee-facing files send every message through the filter, and
Ansible itself renders the lab model's and the rollback's messages in both languages.
"""

from __future__ import annotations

import base64
import glob
import json
import os
import re
import subprocess
import sys
import warnings

import jinja2
import jinja2.nodes
import pytest
import yaml

from ansible_collections.serverlab.course.plugins.filter import i18n as t_filter
from ansible_collections.serverlab.course.plugins.module_utils import gradereport, messages_ja

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FILTER = "serverlab.course.t"
PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")
JAPANESE = re.compile(u"[\u3040-\u30ff\u4e00-\u9fff]")

# The files whose messages a trainee (or the instructor grading them) reads: every msg and fail_msg in them
# goes through the filter. What is left in English is listed in DEVELOPERS.md ("Messages in Japanese").
# The checks of the roles' own variables and their notes, rendered by Ansible below with sample values (and the
# package source's failure, lab/tasks/package_source_failed.yml, in the cases of the sample values).
ROLE_MESSAGES = ["roles/postfix/tasks/main.yml", "roles/mailcert/tasks/main.yml", "roles/mailcert/handlers/main.yml",
                 "roles/qmail/tasks/configure.yml",
                 "roles/qmail/tasks/main.yml", "roles/qmail/tasks/preflight.yml", "roles/dovecot/tasks/main.yml",
                 "roles/superserver/tasks/check.yml", "roles/superserver/tasks/main.yml", "roles/stunnel/tasks/main.yml",
                 "roles/clockspeed/tasks/main.yml", "roles/daemontools/tasks/build.yml",
                 "roles/daemontools/tasks/service.yml", "roles/dnscache/tasks/main.yml", "roles/lab/tasks/packages_ahead.yml"]
TRANSLATED = ["roles/lab/tasks/model.yml", "roles/lab/tasks/service_apply.yml", "roles/lab/tasks/service_rollback.yml",
              "playbooks/upto.yml", "playbooks/grade.yml", "playbooks/qmail.yml", "roles/trainee/tasks/main.yml",
              "roles/mysql/tasks/main.yml", "roles/samba/tasks/main.yml", "roles/sshd/tasks/main.yml"] + ROLE_MESSAGES
# A message made only of variables ("{{ item.var }}: {{ item.msg }}") is translated where the variable is made
# (lab_apply_message, the module's msg, the loop's items).
USES_FILTER = re.compile(r"\|\s*serverlab\.course\.t\(")
ONLY_VARIABLES = re.compile(r"^(\s*\{\{\s*[\w.]+\s*\}\}[\s:]*)+$")


def _jinja():
    env = jinja2.Environment()
    env.filters[FILTER] = t_filter.t
    return env


def _strings(node):
    """Every string of a loaded YAML document."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _yaml_files():
    found = []
    for pattern in ("roles/*/tasks/*.yml", "roles/*/handlers/*.yml", "roles/*/vars/*.yml", "roles/*/defaults/*.yml",
                    "playbooks/*.yml", "local.yml"):
        found.extend(glob.glob(os.path.join(ROOT, pattern)))
    return sorted(found)


def filter_texts():
    """(file, English text or None when not a literal) of every `... | serverlab.course.t(...)`."""
    env = _jinja()
    found = []
    for path in _yaml_files():
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        for text in _strings(data):
            if FILTER not in text:
                continue
            with warnings.catch_warnings():
                # A regex's \S in a string literal: Ansible escapes the backslash before Jinja2 reads it, plain
                # Jinja2 warns about it.
                warnings.simplefilter("ignore", DeprecationWarning)
                tree = env.parse(text)
            for node in tree.find_all(jinja2.nodes.Filter):
                if node.name != FILTER:
                    continue
                for literal in _literals(node.node):
                    found.append((os.path.relpath(path, ROOT), literal))
    return found


def _literals(node):
    if isinstance(node, jinja2.nodes.Const) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, jinja2.nodes.CondExpr):
        return _literals(node.expr1) + _literals(node.expr2)
    return [None]


def template_texts():
    """(template, English text or None) of every t("...") in the report's template."""
    with open(gradereport.DEFAULT_TEMPLATE, encoding="utf-8") as handle:
        tree = _jinja().parse(handle.read())
    found = []
    for node in tree.find_all(jinja2.nodes.Call):
        if isinstance(node.node, jinja2.nodes.Name) and node.node.name == "t":
            found.extend(("grade_report.html.j2", text) for text in _literals(node.args[0]))
    return found


def _problems(found):
    problems = []
    for where, text in found:
        if text is None:
            problems.append("%s: a text for the filter that is not a literal" % where)
            continue
        ja = messages_ja.MESSAGES.get(text)
        if ja is None:
            problems.append("%s: no Japanese for %r" % (where, text))
        elif sorted(set(PLACEHOLDER.findall(ja))) != sorted(set(PLACEHOLDER.findall(text))):
            problems.append("%s: placeholders differ: %r / %r" % (where, text, ja))
        elif not JAPANESE.search(ja):
            problems.append("%s: the Japanese is not Japanese: %r" % (where, ja))
    return problems


def test_the_scans_find_the_texts():
    files = set(where for where, _unused in filter_texts())
    # check.yml's one message is __superserver_taken_msg, made in the role's vars/main.yml.
    assert set(TRANSLATED) - files == {"roles/superserver/tasks/check.yml"}
    assert "roles/superserver/vars/main.yml" in files
    assert len(filter_texts()) >= 20 and len(template_texts()) >= 25


def test_every_playbook_and_report_text_has_its_japanese():
    assert _problems(filter_texts() + template_texts()) == []


def test_a_missing_japanese_text_is_found():
    """The check above can fail: a text the catalog lacks, and a text that is not a literal."""
    assert _problems([("x.yml", "no such text %(x)s"), ("y.yml", None)]) == [
        "x.yml: no Japanese for 'no such text %(x)s'", "y.yml: a text for the filter that is not a literal"]


def _messages(task_list):
    for task in task_list or []:
        for key in ("block", "rescue", "always", "tasks"):
            yield from _messages(task.get(key))
        for module in ("ansible.builtin.fail", "ansible.builtin.assert", "ansible.builtin.debug"):
            args = task.get(module)
            if isinstance(args, dict):
                for key in ("msg", "fail_msg"):
                    if key in args:
                        yield task.get("name", "?"), args[key]
        for item in task.get("loop") or []:
            if isinstance(item, dict) and "msg" in item:
                yield task.get("name", "?"), item["msg"]


@pytest.mark.parametrize("name", TRANSLATED)
def test_trainee_facing_messages_go_through_the_filter(name):
    with open(os.path.join(ROOT, name), encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    plays = data if isinstance(data, list) else []
    if plays and "hosts" in plays[0]:
        tasks = [t for play in plays for key in ("pre_tasks", "tasks", "post_tasks") for t in (play.get(key) or [])]
    else:
        tasks = plays
    found = list(_messages(tasks))
    assert found, name
    plain = [(task, msg) for task, msg in found if not USES_FILTER.search(str(msg)) and not ONLY_VARIABLES.match(str(msg))]
    assert plain == []


def test_the_filter():
    assert t_filter.t("the VM did not answer", "ja") == "VM が応答しませんでした"
    assert t_filter.t("the VM did not answer", "en") == "the VM did not answer"
    assert t_filter.t("a school's own text %(x)s", "ja", x=1) == "a school's own text 1"
    with pytest.raises(Exception, match="unknown language 'de'"):
        t_filter.t("the VM did not answer", "de")
    with pytest.raises(Exception, match="does not format"):
        t_filter.t("%(missing)s", "en")


# ---------------------------------------------------------------- rendered by Ansible

def _playbook(tmp_path, play, *extra):
    path = tmp_path / "play.yml"
    path.write_text(yaml.safe_dump([play], allow_unicode=True), encoding="utf-8")
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "collections"),
               ANSIBLE_CONFIG=os.path.join(ROOT, "ansible.cfg"), ANSIBLE_STDOUT_CALLBACK="ansible.posix.json",
               ANSIBLE_NOCOLOR="1")
    cli = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    out = subprocess.run([cli, "-i", "localhost,", str(path)] + list(extra), cwd=str(tmp_path), env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False, universal_newlines=True)
    return out, json.loads(out.stdout)


def _task_results(report):
    return [(task["task"]["name"], task["hosts"]["localhost"]) for play in report["plays"] for task in play["tasks"]]


@pytest.mark.parametrize("lang, want", [
    ("en", "lab_gateway: '1' must be empty (the lab has no default gateway) or a router address inside lab_network "
           "192.168.0.0/24; a value such as 1 is accepted silently by old initscripts. Fix it in your inventory."),
    ("ja", "lab_gateway: '1' は空 (ラボにはデフォルトゲートウェイがありません) か、lab_network 192.168.0.0/24 の中の"
           "ルーターのアドレスでなければなりません。1 のような値は古い initscripts が黙って受け付けてしまいます。 "
           "インベントリで直してください。"),
])
def test_a_bad_lab_model_value_stops_the_run_in_the_trainees_language(tmp_path, lang, want):
    play = {"name": "lab model", "hosts": "localhost", "connection": "local", "gather_facts": False,
            "tasks": [{"name": "model", "ansible.builtin.include_role": {"name": "serverlab.course.lab",
                                                                         "tasks_from": "model.yml"}}]}
    out, report = _playbook(tmp_path, play, "-e", "lab_gateway=1", "-e", "lab_lang=%s" % lang)
    assert out.returncode == 2, out.stdout[-3000:] + out.stderr[-3000:]
    failed = [item for _unused, result in _task_results(report) for item in result.get("results", [])
              if item.get("failed")]
    assert [item["msg"] for item in failed] == [want]


def _find(tasks, name):
    for task in tasks:
        if task.get("name") == name:
            return task
        for key in ("block", "rescue", "always"):
            found = _find(task.get(key) or [], name)
            if found:
                return found
    return None


def _rollback_play():
    """debug tasks printing the rollback's messages with the apply block's own vars, on canned results: named's
    listen-on change that did not serve (as molecule/day07 breaks it), the old configuration serving again."""
    with open(os.path.join(ROOT, "roles/lab/tasks/service_apply.yml"), encoding="utf-8") as handle:
        apply = yaml.safe_load(handle)
    with open(os.path.join(ROOT, "roles/lab/tasks/service_rollback.yml"), encoding="utf-8") as handle:
        rollback = yaml.safe_load(handle)
    served = _find(apply, "Stop the run, naming the cause")["ansible.builtin.fail"]["msg"]
    neither = _find(rollback, "Stop the run (the previous configuration does not serve either)")
    old = [{"what": "dig @192.168.0.10 www.example.com"}]
    canned = {
        "lab_apply_service": "named", "lab_apply_files": ["/etc/bind/named.conf.options"], "lab_apply_action": "reloaded",
        "lab_apply_probes": [], "lab_apply_vars": ["named_listen_on"], "lab_apply_log_units": ["named"],
        "lab_apply_failed_result": {"failed": True, "msg": "probe failed", "results": [
            {"failed": True, "item": {"what": "dig @192.168.0.10 www.example.com", "var": "named_listen_on"}}]},
        "lab_apply_failed_task": "probe",
        "__lab_apply_journal": {"stdout": "server reload successful", "stdout_lines": ["server reload successful"]},
        "__lab_apply_old": {"content": base64.b64encode(json.dumps(old).encode()).decode()},
        "__lab_apply_restored": {"stdout_lines": ["/etc/bind/named.conf.options"]},
        "lab_apply_root": "/var/lib/serverlab/rollback", "lab_apply_role": "named",
        "ansible_failed_result": {"msg": "named did not start"},
    }
    tasks = [{"name": "served", "ansible.builtin.debug": {"msg": served}},
             {"name": "neither", "ansible.builtin.debug": {"msg": neither["ansible.builtin.fail"]["msg"]}},
             {"name": "first", "ansible.builtin.debug": {"msg": served},
              "vars": {"__lab_apply_old": {"content": base64.b64encode(b"null").decode()}}}]
    return {"name": "rollback", "hosts": "localhost", "connection": "local", "gather_facts": False,
            "vars": dict(canned, **apply[0]["vars"]), "tasks": tasks}


def test_the_rollback_messages_in_english_are_what_the_scenarios_read(tmp_path):
    out, report = _playbook(tmp_path, _rollback_play(), "-e", "lab_lang=en")
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    msgs = dict((name, result["msg"]) for name, result in _task_results(report))
    head = ("named_listen_on: named did not serve after the change to /etc/bind/named.conf.options (reloaded): "
            "dig @192.168.0.10 www.example.com. ")
    journal = "\nJournal of named (journalctl -u named):\nserver reload successful"
    assert msgs["served"] == (head + "The previous configuration is back (/etc/bind/named.conf.options) and named "
                              "serves it again: dig @192.168.0.10 www.example.com." + journal)
    assert msgs["first"] == (head + "The previous configuration is back (/etc/bind/named.conf.options) and named runs "
                             "it (the files as they were before the role first changed them)." + journal)
    assert msgs["neither"] == (head + "The previous configuration was put back (/etc/bind/named.conf.options) but named "
                               "does not serve it either: named did not start" + journal)


def test_the_rollback_messages_in_japanese(tmp_path):
    out, report = _playbook(tmp_path, _rollback_play(), "-e", "lab_lang=ja")
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    msgs = dict((name, result["msg"]) for name, result in _task_results(report))
    head = ("named_listen_on: /etc/bind/named.conf.options を変更した後 (reloaded)、named がサービスを提供しませんでした: "
            "dig @192.168.0.10 www.example.com。 ")
    journal = "\nnamed のジャーナル (journalctl -u named):\nserver reload successful"
    assert msgs["served"] == (head + "前の設定に戻しました (/etc/bind/named.conf.options)。named は再びその設定でサービスを"
                              "提供しています: dig @192.168.0.10 www.example.com。" + journal)
    assert msgs["neither"] == (head + "前の設定に戻しました (/etc/bind/named.conf.options) が、named はその設定でもサービスを"
                               "提供しません: named did not start" + journal)


@pytest.mark.parametrize("inventory, reached, missing", [
    ("[lab]\nvm1\n", "0 of 1 hosts reached day 6", "did not reach the day (failed or unreachable): vm1"),
    # The summary runs on the controller: the language comes from the first VM's inventory.
    ("[lab]\nvm1 lab_lang=ja\n", "1 台中 0 台が 6日目に到達しました", "その日に到達しませんでした (失敗または接続不可): vm1"),
])
def test_the_summary_of_upto_in_the_inventorys_language(tmp_path, inventory, reached, missing):
    with open(os.path.join(ROOT, "playbooks", "upto.yml"), encoding="utf-8") as handle:
        plays = yaml.safe_load(handle)
    summary = [p for p in plays if p.get("name") == "Summary - hosts that did not reach the day"][0]
    (tmp_path / "hosts").write_text(inventory, encoding="utf-8")
    out, report = _playbook(tmp_path, dict(summary, connection="local"), "-i", str(tmp_path / "hosts"),
                            "-e", "lab_day=6")
    assert out.returncode == 2, out.stdout[-3000:] + out.stderr[-3000:]
    msgs = [result["msg"] for _unused, result in _task_results(report)]
    assert msgs == [reached, missing]


# The roles' messages (ROLE_MESSAGES) with sample values: the English is the text before they went through the
# filter (role_messages_en.json, rendered from the roles as they were; the Molecule scenarios assert on some of it).
I18N_FIXTURES = os.path.join(ROOT, "tests", "unit", "fixtures", "i18n")


def role_messages_play():
    with open(os.path.join(I18N_FIXTURES, "role_messages_vars.yml"), encoding="utf-8") as handle:
        sample = yaml.safe_load(handle)
    with open(os.path.join(ROOT, "roles/superserver/vars/main.yml"), encoding="utf-8") as handle:
        sample["__superserver_taken_msg"] = yaml.safe_load(handle)["__superserver_taken_msg"]
    tasks = []
    for name in ROLE_MESSAGES:
        with open(os.path.join(ROOT, name), encoding="utf-8") as handle:
            found = list(_messages(yaml.safe_load(handle)))
        tasks.extend({"name": "%s #%d" % (name, number), "ansible.builtin.debug": {"msg": msg}}
                     for number, (_unused, msg) in enumerate(found))
    with open(os.path.join(ROOT, "roles/lab/tasks/package_source_failed.yml"), encoding="utf-8") as handle:
        failed = _find(yaml.safe_load(handle), "Stop the run naming the package source")
    for case, values in sorted(sample.pop("package_source_cases").items()):
        tasks.append({"name": "roles/lab/tasks/package_source_failed.yml: %s" % case,
                      "ansible.builtin.debug": {"msg": failed["ansible.builtin.fail"]["msg"]},
                      "vars": dict(failed["vars"], **values)})
    return {"name": "role messages", "hosts": "localhost", "connection": "local", "gather_facts": False,
            "vars": sample, "tasks": tasks}


def role_messages(tmp_path, lang):
    out, report = _playbook(tmp_path, role_messages_play(), "-e", "lab_lang=%s" % lang)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    return dict((name, result["msg"]) for name, result in _task_results(report))


def test_the_roles_messages_in_english_are_the_texts_before_the_filter(tmp_path):
    with open(os.path.join(I18N_FIXTURES, "role_messages_en.json"), encoding="utf-8") as handle:
        want = json.load(handle)
    assert role_messages(tmp_path, "en") == want


def test_the_roles_messages_in_japanese(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "ja").mkdir()
    english = role_messages(tmp_path / "en", "en")
    japanese = role_messages(tmp_path / "ja", "ja")
    # Only the sample item's own text ("{{ item.var }}: {{ item.msg }}") stays as the sample wrote it.
    same = sorted(name for name in english if english[name] == japanese[name] or not JAPANESE.search(japanese[name]))
    assert same == ["roles/mailcert/tasks/main.yml #0", "roles/mailcert/tasks/main.yml #5",
                    "roles/postfix/tasks/main.yml #0", "roles/qmail/tasks/preflight.yml #2"]
    assert japanese["roles/daemontools/tasks/build.yml #0"] == (
        "/tmp/daemontools-0.76.tar.gz の sha256 は 4567 で、指定された sha256:0123 ではありません: 別の tarball か、"
        "壊れた tarball です。")


# ---------------------------------------------------------------- tools/classroom's summary (LAB_LANG)

def _classroom_say(lang, *args):
    with open(os.path.join(ROOT, "tools", "classroom"), encoding="utf-8") as handle:
        script = handle.read()
    function = re.search(r"^say\(\) \{.*?^\}$", script, re.M | re.S).group(0)
    env = dict(os.environ, top=ROOT, bin=os.path.dirname(sys.executable), LAB_LANG=lang)
    out = subprocess.run(["bash", "-c", function + '\nsay "$@"', "say"] + list(args), env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, check=False, universal_newlines=True)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_the_classroom_summary_in_the_instructors_language():
    with open(os.path.join(ROOT, "tools", "classroom"), encoding="utf-8") as handle:
        texts = re.findall(r"^\s*say '([^']*)'", handle.read(), re.M)
    assert texts == ["Classroom report: %(path)s"]
    assert _problems([("tools/classroom", text) for text in texts]) == []
    assert _classroom_say("en", texts[0], "path=/x/index.html") == "Classroom report: /x/index.html\n"
    assert _classroom_say("ja", texts[0], "path=/x/index.html") == "クラスの採点レポート: /x/index.html\n"
