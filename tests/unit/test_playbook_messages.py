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

import ast
import base64
import functools
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

from ansible.errors import AnsibleFilterError

import modrun
import pyscan
import portmodel
import roles_render

from ansible_collections.serverlab.course.plugins.filter import dns as dns_filter, i18n as t_filter, mail as mail_filter
from ansible_collections.serverlab.course.plugins.module_utils import (
    dnsmodel, findings, gradereport, i18n, labstate, messages_ja, portmap)
from ansible_collections.serverlab.course.plugins.modules import lab_ports_check, lab_state

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


MODEL_PLAY = {"name": "lab model", "hosts": "localhost", "connection": "local", "gather_facts": False,
              "tasks": [{"name": "model", "ansible.builtin.include_role": {"name": "serverlab.course.lab",
                                                                           "tasks_from": "model.yml"}}]}


@pytest.mark.parametrize("lang, want", [
    ("en", "lab_gateway: '1' must be empty (the lab has no default gateway) or a router address inside lab_network "
           "192.168.0.0/24; a value such as 1 is accepted silently by old initscripts. Fix it in your inventory."),
    ("ja", "lab_gateway: '1' は空 (ラボにはデフォルトゲートウェイがありません) か、lab_network 192.168.0.0/24 の中の"
           "ルーターのアドレスでなければなりません。1 のような値は古い initscripts が黙って受け付けてしまいます。 "
           "インベントリで直してください。"),
])
def test_a_bad_lab_model_value_stops_the_run_in_the_trainees_language(tmp_path, lang, want):
    out, report = _playbook(tmp_path, MODEL_PLAY, "-e", "lab_gateway=1", "-e", "lab_lang=%s" % lang)
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
        texts = re.findall(r"\bsay '([^']*)'", handle.read())
    assert texts == ["usage: tools/classroom up N [DAY] (N: how many student VMs)", "Classroom report: %(path)s",
                     "usage: tools/classroom up N [DAY] | destroy (LAB_LANG=ja: in Japanese)"]
    assert _problems([("tools/classroom", text) for text in texts]) == []
    assert _classroom_say("en", texts[1], "path=/x/index.html") == "Classroom report: /x/index.html\n"
    assert _classroom_say("ja", texts[1], "path=/x/index.html") == "クラスの採点レポート: /x/index.html\n"


@pytest.mark.parametrize("lang, args, words", [
    ("en", [], "usage: tools/classroom up N [DAY] | destroy"),
    ("ja", [], "使い方: tools/classroom up N [DAY] | destroy"),
    ("ja", ["up"], "使い方: tools/classroom up N [DAY] (N: 受講者の VM の台数)"),
])
def test_the_classroom_usage_in_the_instructors_language(lang, args, words):
    """The script itself, run wrong: its usage line in LAB_LANG, exit 2, nothing started."""
    out = subprocess.run([os.path.join(ROOT, "tools", "classroom")] + args, env=dict(os.environ, LAB_LANG=lang),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False, universal_newlines=True)
    assert out.returncode == 2 and out.stderr.startswith(words), out


# ---------------------------------------------------------------- messages Python builds for the playbooks

# The plugins whose messages stop a playbook (lab_ports_check, filters dns_records and mail_topology) or say why
# upto.yml runs a VM in full (lab_state): every text is a T() template with its Japanese, shown in `lang`. The
# validators' frame and summary are findings.TEXTS (findings.py imports no catalog: lab_ports_check passes `say`).
PYTHON_MESSAGES = ["plugins/module_utils/findings.py", "plugins/module_utils/portmap.py",
                   "plugins/module_utils/dnsmodel.py", "plugins/module_utils/mailtopo.py",
                   "plugins/module_utils/labstate.py", "plugins/modules/lab_ports_check.py",
                   "plugins/action/lab_ports_check.py", "plugins/modules/lab_state.py", "plugins/action/lab_state.py"]
# The calls whose text a trainee reads, by the position of their text arguments (error/warning: message, fix).
MESSAGE_CALLS = {"error": (1, 2), "warning": (1, 2), "ModelError": (0,), "TopologyError": (0,), "ValueError": (0,),
                 "AnsibleActionFail": (0,), "AnsibleFilterError": (0,)}
# findings.py raises one plain ValueError: a programming error (a severity that does not exist), no trainee's.
PLAIN_ALLOWED = {("plugins/module_utils/findings.py", "ValueError")}
# A text with no words of its own ("%(where)s: %(message)s") is the same in Japanese.
NO_WORDS = re.compile(r"^[^A-Za-z]*$")


def python_texts():
    found = [(name, text) for name in PYTHON_MESSAGES for _unused, text in pyscan.templates_in(os.path.join(ROOT, name))]
    return found + [("plugins/module_utils/findings.py", text) for text in findings.TEXTS]


def plain_texts(names):
    """file:line of every message call in `names` whose text is not a T() message (literal, %, join...)."""
    found = []
    for name in names:
        for node in ast.walk(pyscan.parse(os.path.join(ROOT, name))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            texts = [node.args[i] for i in MESSAGE_CALLS.get(func, ()) if i < len(node.args)]
            if func in ("fail_json", "exit_json"):
                texts = [k.value for k in node.keywords if k.arg in ("msg", "reasons")]
            texts += [e for t in texts if isinstance(t, ast.List) for e in t.elts]
            if any(pyscan.is_plain(t) for t in texts) and (name, func) not in PLAIN_ALLOWED:
                found.append("%s:%d" % (name, node.lineno))
    return found


def test_every_python_message_of_the_playbooks_has_its_japanese():
    found = python_texts()
    assert set(name for name, _unused in found) == set(PYTHON_MESSAGES)
    assert len(found) > 90
    wordless = [(where, text) for where, text in found if text is not None and NO_WORDS.match(PLACEHOLDER.sub("", text))]
    assert sorted(wordless) == [("plugins/module_utils/findings.py", "%(message)s"),
                                ("plugins/module_utils/findings.py", "%(where)s: %(message)s"),
                                ("plugins/module_utils/portmap.py", "%(var)s (%(role)s %(service)s): %(problem)s.")]
    assert [messages_ja.MESSAGES.get(text) for _unused, text in sorted(wordless)] == [
        "%(message)s", "%(where)s: %(message)s", "%(var)s (%(role)s %(service)s): %(problem)s。"]
    assert _problems([(where, text) for where, text in found if (where, text) not in wordless]) == []


def test_no_python_message_of_the_playbooks_bypasses_t():
    assert plain_texts(PYTHON_MESSAGES + ["plugins/filter/dns.py", "plugins/filter/mail.py"]) == []


def test_the_scans_find_a_plain_message(tmp_path):
    """Both checks above can fail: a message without Japanese, and one written without T()."""
    (tmp_path / "bad.py").write_text(
        'from .i18n import T\n'
        'def f(x):\n'
        '    raise ModelError("lab_dns_hosts: %s is wrong" % x)\n'
        'def g():\n'
        '    return error("bad-claim", T("a text without Japanese %(x)s", x=1), "a plain fix")\n', encoding="utf-8")
    assert plain_texts([str(tmp_path / "bad.py")]) == ["%s:3" % (tmp_path / "bad.py"), "%s:5" % (tmp_path / "bad.py")]
    texts = [("bad.py", text) for _unused, text in pyscan.templates_in(str(tmp_path / "bad.py"))]
    assert _problems(texts) == ["bad.py: no Japanese for 'a text without Japanese %(x)s'"]


# How lab_ports_check has findings.py render its findings and summary.
EN, JA = functools.partial(i18n.tr, "en"), functools.partial(i18n.tr, "ja")

# Broken labs that give every finding code of portmap (lab_ports_check), with the lab of portmodel.py.
FAR = dnsmodel.expand("example.com", [{"name": "h2g", "address": "192.168.0.99"}, {"name": "ns", "address": "192.168.0.99"},
                                      {"name": "mail", "address": "192.168.0.99"}],
                      {}, [{"name": "mail", "preference": 10}], ["ns"], [portmodel.NET])
BROKEN_LABS = [
    dict(listens={"sshd": "22", "mysql": ["x"], "samba": [{"port": "nope", "var": "samba_port"}], "stunnel": [{"port": 0}],
                  "chrony": [{"port": 123, "proto": "sctp"}], "named": [{"listen": "[::1"}]}),
    dict(listens=portmodel.with_("stunnel", port=993)),
    dict(listens=portmodel.with_("mysql", address="10.0.0.5")),
    dict(zone=FAR, serves_dns=True, mta="postfix",
         mta_values=dict(portmodel.POSTFIX, postfix_mydomain="example.org", postfix_mydestination=[],
                         postfix_myhostname="mx.example.com")),
    dict(mta="postfix", mta_values=dict(portmodel.POSTFIX, postfix_myhostname="h2g.example.net")),
    dict(zone=FAR, mta="postfix", mta_values=portmodel.POSTFIX, mail_role="relay"),
]


def broken_lab_findings():
    found = []
    for case in BROKEN_LABS:
        args = dict(listens={}, vm=portmodel.VM, lab_network=portmodel.NET, zone=portmodel.ZONE, hostname="h2g",
                    lab_domain="example.com")
        args.update(case)
        found.extend(portmap.check_lab(**args)[1])
    return found


def test_every_finding_of_the_port_map_in_japanese():
    found = broken_lab_findings()
    assert sorted(set(f.code for f in found)) == sorted([
        "bad-claim", "port-claimed-twice", "address-not-on-vm", "lab-unreachable", "mta-domain-mismatch",
        "mx-domain-not-local", "mta-hostname-not-in-dns", "host-record-not-on-vm", "mx-not-on-vm", "ns-not-on-vm"])
    templates = set()
    for finding in found:
        for text in (finding.message, finding.fix):
            assert isinstance(text, i18n.Message), (finding.code, text)
            templates.update(text.templates())
            # syntax.py's reason for a bad listen is English (a parser's finding) in a frame without words.
            if text.params.get("problem") != "unbalanced [ in '[::1'":
                assert JAPANESE.search(i18n.localize(text, "ja")), text
            assert i18n.localize(text, "en") == text
        assert finding.text(EN) == str(finding) and JAPANESE.search(finding.text(JA))
        assert finding.as_dict(EN) == finding.as_dict() and JAPANESE.search(finding.as_dict(JA)["fix"])
    # Every finding template of portmap.py ran (the scan's templates of the file, less the "not a port" reason).
    assert set(t for _unused, t in pyscan.templates_in(os.path.join(ROOT, "plugins/module_utils/portmap.py"))) <= templates
    claimed = [f for f in found if f.code == "port-claimed-twice"][0]
    assert claimed.text(JA) == (
        "dovecot imaps (dovecot_listeners (imaps) / dovecot_listen) と stunnel smtps (stunnel_smtps_port) が両方とも "
        "0.0.0.0:993/tcp を使おうとしています: 後から起動したデーモンは 'Address already in use' で失敗し、サービスを"
        "提供しません。 直し方: インベントリでどちらかに別のポートかアドレスを指定してください: dovecot_listeners (imaps) "
        "か stunnel_smtps_port を変えてください。")
    assert [f.text(JA) for f in found if "named_listens" in f.message] == [
        "named_listens (named named_listens[0]): unbalanced [ in '[::1'。 直し方: named_listens にはポート番号 (1-65535) と "
        "VM のアドレスを設定してください。"]


def test_the_findings_summary_in_japanese():
    found = broken_lab_findings()
    errors = len([f for f in found if f.is_error])
    english = findings.summarize(found)
    assert english.startswith("%d errors found:\n- sshd_listens must be a list of claims, got '22'. Fix: " % errors)
    assert findings.summarize(found, EN) == english
    japanese = findings.summarize(found, JA).splitlines()
    assert japanese[0] == "エラーが %d 件見つかりました:" % errors
    assert all(line.startswith("- ") and JAPANESE.search(line) for line in japanese[1:]) and len(japanese) == errors + 1
    warning = [f for f in found if not f.is_error]
    assert findings.summarize(warning, JA) == "エラーはありません (警告 1 件)"
    assert findings.summarize(warning) == "no errors (1 warning)"
    assert findings.summarize([], JA) == "エラーはありません" and findings.summarize([]) == "no errors"
    assert findings.summarize(found[:1], JA).startswith("エラーが 1 件見つかりました:\n- ")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_lab_ports_check_fails_in_the_chosen_language(lang):
    args = dict(listens=portmodel.with_("stunnel", port=993), addresses=["192.168.0.10"], lab_network=portmodel.NET,
                zone=FAR, hostname="h2g", lab_domain="example.com", mta="postfix", mta_values=portmodel.POSTFIX)
    default = modrun.run(lab_ports_check, **args)
    outcome = modrun.run(lab_ports_check, lang=lang, **args)
    assert outcome.failed and outcome.result["errors"] == 4
    if lang == "en":
        assert outcome.result == default.result
        assert outcome.result["msg"].startswith("4 errors found:\n- dovecot imaps (dovecot_listeners (imaps) / ")
    else:
        assert outcome.result["msg"].startswith("エラーが 4 件見つかりました:\n- dovecot imaps (dovecot_listeners (imaps) / ")
        assert all(JAPANESE.search(f["message"]) and JAPANESE.search(f["fix"]) for f in outcome.result["findings"])
        assert [f["code"] for f in outcome.result["findings"]] == [f["code"] for f in default.result["findings"]]


# The filters' messages: a bad model stops the run naming the variable, in lab_lang.
BAD_DNS = [dict(hosts=[{"name": "", "address": "192.168.0.1"}]), dict(hosts=["x"]),
           dict(hosts=[{"name": "a", "address": "1.2.3.400"}]),
           dict(hosts=[{"name": "h2g", "address": "192.168.0.10"}], aliases={"h2g": "ns"}),
           dict(nameservers=["www"]), dict(mx=["x"]), dict(mx=[{"name": "www"}]), dict(mx=[{"name": "mail", "preference": 70000}]),
           dict(nameservers=["nowhere"]), dict(mx=[{"name": "nowhere"}]), dict(reverse_networks=["192.168.0.0/25"])]


def _dns_error(lang, case):
    case = dict(dict(hosts=[{"name": "h2g", "address": "192.168.0.10"}, {"name": "mail", "address": "192.168.0.10"}],
                     aliases={"www": "h2g"}), **case)
    args = ("example.com", case["hosts"], case["aliases"], case.get("mx"), case.get("nameservers"),
            case.get("reverse_networks"), 86400)
    with pytest.raises(AnsibleFilterError) as caught:
        dns_filter.dns_records(*args, **({"lang": lang} if lang else {}))
    return caught.value.message


@pytest.mark.parametrize("case", BAD_DNS)
def test_dns_records_stops_in_the_chosen_language(case):
    english = _dns_error(None, case)
    assert _dns_error("en", case) == english
    japanese = _dns_error("ja", case)
    assert JAPANESE.search(japanese) and japanese != english


def test_dns_records_japanese_names_the_variable():
    assert _dns_error("ja", dict(mx=[{"name": "mail", "preference": 70000}])) == (
        "lab_dns_mx[0]: preference 70000 が 0-65535 の範囲にありません")


SPLIT = portmodel.SPLIT_HOSTS
BAD_MAIL = [
    (["x"], "192.168.0.30", {}), ([{"name": "a.b", "address": "1.2.3.4", "role": "store"}], "1.2.3.4", {}),
    ([{"name": "a", "address": "1.2.3.4", "role": "boss"}], "1.2.3.4", {}),
    ([{"name": "a", "address": "1.2.3.400", "role": "store"}], "1.2.3.4", {}),
    ([{"name": "a", "address": "1.2.3.4", "role": "store", "preference": 5}], "1.2.3.4", {}),
    (SPLIT + [{"name": "h2g", "address": "192.168.0.40", "role": "relay"}], "192.168.0.30", {}),
    (SPLIT[1:], "192.168.0.31", {}), (SPLIT[:1], "192.168.0.30", {}),
    (SPLIT + [{"name": "r3", "address": "192.168.0.33", "role": "relay", "preference": "x"}], "192.168.0.30", {}),
    (SPLIT + [{"name": "r3", "address": "192.168.0.33", "role": "relay"}], "192.168.0.30", {}),
    (SPLIT, "192.168.0.99", {}),
    (SPLIT, "192.168.0.30", dict(hostname="h2g", relayhost="")),
    (SPLIT, "192.168.0.30", dict(hostname="h2g", relayhost="[192.168.0.30]")),
    (SPLIT, "192.168.0.31", dict(hostname="relay", transport={"example.com": "smtp:[10.0.0.1]"})),
    (SPLIT, "192.168.0.31", dict(hostname="relay", transport={"example.com": "smtp:[192.168.0.31]"})),
    (SPLIT, "192.168.0.31", dict(hostname="relay", transport={})),
    (SPLIT, "192.168.0.31", dict(hostname="relay", transport={"example.com": "smtp:[192.168.0.30]"},
                                 mx=[{"name": "relay", "preference": 10}, {"name": "relay2", "preference": 10}])),
]


def _mail_error(lang, hosts, address, options):
    with pytest.raises(AnsibleFilterError) as caught:
        mail_filter.mail_topology(hosts, address, "example.com", **dict(options, **({"lang": lang} if lang else {})))
    return caught.value.message


@pytest.mark.parametrize("hosts, address, options", BAD_MAIL)
def test_mail_topology_stops_in_the_chosen_language(hosts, address, options):
    english = _mail_error(None, hosts, address, options)
    assert _mail_error("en", hosts, address, options) == english
    japanese = _mail_error("ja", hosts, address, options)
    assert JAPANESE.search(japanese) and japanese != english


def test_mail_topology_keeps_its_signature_and_its_other_filters():
    assert mail_filter.mail_topology(SPLIT, "192.168.0.30", "example.com")["smarthost"] == "[192.168.0.31]"
    assert mail_filter.mail_topology(SPLIT, "192.168.0.30", "example.com", "h2g", "[192.168.0.31]", {}, None,
                                     "ja")["role"] == "store"
    with pytest.raises(AnsibleFilterError, match="lab_mail_hosts is empty"):
        mail_filter.mail_mx([])
    assert _mail_error("ja", SPLIT, "192.168.0.31", dict(hostname="relay", transport={})) == (
        "リレー relay の postfix_transport が空です: example.com 宛てのメールにメールストアへの経路がありません。"
        "経路を指定してください: {example.com: 'smtp:[192.168.0.30]'}")


# upto.yml's reasons for a full run (labstate.compare, module lab_state).
def _stale_reasons():
    current = {"files": {"/etc/a": "x", "/etc/b": "y"}, "probes": {"p1": "1", "p3": "3"}}
    files = dict(("/etc/f%02d" % i, "z") for i in range(12))
    files["/etc/b"] = "old"
    recorded = {"version": 1, "digest": "d1", "day": 13, "fingerprint": {"files": files, "probes": {"p1": "0", "p2": "2"}}}
    reasons = []
    for args in ((None, current, "d", 13), ({"version": 7}, current, "d", 13), (recorded, current, "d2", 20)):
        reasons.extend(labstate.compare(*args)[1])
    return reasons


def test_every_reason_for_a_full_run_in_japanese():
    reasons = _stale_reasons()
    assert [str(r) for r in reasons][:6] == [
        "no fingerprint recorded yet: full run", "stamp format 7 is not 1: full run",
        "inputs changed (collection or inventory variables): full run", "day changed: 13 -> 20", "/etc/a appeared",
        "/etc/b changed"]
    assert [str(r) for r in reasons][-4:] == [
        "... and 4 more", "probe 'p1' output changed", "probe 'p2' is no longer run", "probe 'p3' was not recorded"]
    assert "/etc/f00 removed" in reasons
    for reason in reasons:
        assert i18n.localize(reason, "en") == reason
        assert JAPANESE.search(i18n.localize(reason, "ja")), reason
    assert i18n.localize(reasons[3], "ja") == "日が変わりました: 13 -> 20"


@pytest.mark.parametrize("lang, reasons, msg", [
    ("en", ["no fingerprint recorded yet: full run"], "stale: no fingerprint recorded yet: full run"),
    ("ja", ["まだフィンガープリントが記録されていません: 全体を実行します"],
     "古い状態: まだフィンガープリントが記録されていません: 全体を実行します"),
])
def test_lab_state_says_why_in_the_chosen_language(tmp_path, lang, reasons, msg):
    out = modrun.run(lab_state, digest="sha256:" + "ab" * 32, day=13, probes=[], paths=[str(tmp_path)],
                     stamp=str(tmp_path / "none.json"), lang=lang)
    assert (out.result["fresh"], out.result["reasons"], out.result["msg"]) == (False, reasons, msg)
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    out = modrun.run(lab_state, digest="sha256:" + "ab" * 32, day=13, probes=[], paths=[str(tmp_path)],
                     stamp=str(tmp_path / "bad.json"), lang=lang)
    assert out.result["reasons"][0].startswith("stamp unreadable (%s is not JSON: " % (tmp_path / "bad.json")
                                               if lang == "en" else
                                               "スタンプを読めません (%s は JSON ではありません: " % (tmp_path / "bad.json"))
    out = modrun.run(lab_state, digest="sha256:" + "ab" * 32, day=13, probes=[], paths=[str(tmp_path)],
                     stamp=str(tmp_path / "s.json"), state="record", lang=lang)
    assert out.result["msg"] == ("recorded day 13 (2 entries, 0 probes)" if lang == "en"
                                 else "13日目を記録しました (エントリ 2 件、プローブ 0 件)")
    out = modrun.run(lab_state, digest="sha256:" + "ab" * 32, day=14, probes=[], paths=[str(tmp_path)],
                     stamp=str(tmp_path / "s.json"), lang=lang)
    assert out.result["msg"] == ("stale: day changed: 13 -> 14" if lang == "en" else "古い状態: 日が変わりました: 13 -> 14")


# Through ansible-playbook: the action plugins, the module's options and the filter's keyword as a play uses them.
def _lab_lang_play(tmp_path):
    zone = ("{{ 'example.com' | serverlab.course.dns_records([{'name': 'h2g', 'address': '192.168.0.99'}], "
            "lang=lab_lang) }}")
    return {"name": "lab_lang", "hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": [
        {"name": "state", "serverlab.course.lab_state": {
            "state": "check", "day": 13, "paths": [str(tmp_path)], "probes": [], "stamp": str(tmp_path / "none.json"),
            "lang": "{{ lab_lang }}"}},
        {"name": "ports", "serverlab.course.lab_ports_check": {
            "roles": [], "addresses": ["192.168.0.10"], "lab_network": "192.168.0.0/24", "hostname": "h2g",
            "lab_domain": "example.com", "zone": zone, "lang": "{{ lab_lang }}"}, "ignore_errors": True},
        {"name": "dns", "ansible.builtin.set_fact": {
            "bad_zone": "{{ 'example.com' | serverlab.course.dns_records([{'name': 'h2g', 'address': 'nowhere'}], "
                        "lang=lab_lang) }}"}, "ignore_errors": True}]}


@pytest.mark.parametrize("lang, state, ports, dns", [
    ("en", ["no fingerprint recorded yet: full run"],
     "1 error found:\n- lab_dns_hosts gives this VM's own name h2g.example.com. the address 192.168.0.99, which the VM "
     "does not have (its addresses: 192.168.0.10, 127.0.0.1; lab_address is the one the lab reaches it on). Fix: Point "
     "h2g.example.com. at lab_address in lab_dns_hosts, or give the VM that address (network_apply: true applies "
     "lab_address on day 6).",
     "lab_dns_hosts[0] (h2g): 'nowhere' is not an IPv4 address"),
    ("ja", ["まだフィンガープリントが記録されていません: 全体を実行します"],
     "エラーが 1 件見つかりました:\n- lab_dns_hosts はこの VM 自身の名前 h2g.example.com. にアドレス 192.168.0.99 を"
     "指定していますが、VM にそのアドレスはありません (VM のアドレス: 192.168.0.10, 127.0.0.1。ラボから届くのは "
     "lab_address です)。 直し方: lab_dns_hosts で h2g.example.com. を lab_address に向けるか、VM にそのアドレスを"
     "付けてください (network_apply: true で6日目に lab_address を設定します)。",
     "lab_dns_hosts[0] (h2g): 'nowhere' は IPv4 アドレスではありません"),
])
def test_the_plugins_speak_lab_lang_in_a_play(tmp_path, lang, state, ports, dns):
    out, report = _playbook(tmp_path, _lab_lang_play(tmp_path), "-e", "lab_lang=%s" % lang)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    results = dict(_task_results(report))
    assert results["state"]["reasons"] == state
    assert results["ports"]["failed"] and results["ports"]["msg"] == ports
    assert results["dns"]["failed"] and dns in results["dns"]["msg"]


@pytest.mark.parametrize("lang, head, record", [
    ("en", r"\d+ errors? found:", "lab_dns_hosts gives this VM's own name h2g.example.com. the address 198.51.100.99, "),
    ("ja", r"エラーが \d+ 件見つかりました:", "lab_dns_hosts はこの VM 自身の名前 h2g.example.com. にアドレス 198.51.100.99 を"),
])
def test_role_lab_checks_the_port_map_in_lab_lang(tmp_path, lang, head, record):
    """model.yml passes lab_lang to lab_ports_check: the VM's own name at an address no machine has stops the run
    (with whatever else this machine's addresses give), every line in the trainee's language."""
    hosts = json.dumps({"lab_dns_hosts": [{"name": "h2g", "address": "198.51.100.99"}, {"name": "ns", "address": "192.168.0.10"},
                                          {"name": "mail", "address": "192.168.0.10"}]})
    out, report = _playbook(tmp_path, MODEL_PLAY, "-e", hosts, "-e", "lab_lang=%s" % lang)
    assert out.returncode == 2, out.stdout[-3000:] + out.stderr[-3000:]
    failed = [(name, result) for name, result in _task_results(report) if result.get("failed")]
    assert [name for name, _unused in failed] == ["serverlab.course.lab : Check the lab's port map, and that the DNS "
                                                  "model and the MTA agree"]
    lines = failed[0][1]["msg"].splitlines()
    assert re.match(head + "$", lines[0]) and any(line.startswith("- " + record) for line in lines[1:])
    assert all(JAPANESE.search(line) for line in lines) if lang == "ja" else not any(JAPANESE.search(line) for line in lines)


@pytest.mark.parametrize("lang, said", [
    ("en", ["no fingerprint recorded yet: full run"]),
    ("ja", ["まだフィンガープリントが記録されていません: 全体を実行します"]),
])
def test_upto_says_why_a_vm_gets_the_full_run_in_lab_lang(tmp_path, lang, said):
    """upto.yml's own check and note, a VM never recorded (the stamp in tmp_path: no fingerprint is taken)."""
    with open(os.path.join(ROOT, "playbooks", "upto.yml"), encoding="utf-8") as handle:
        tasks = yaml.safe_load(handle)[0]["tasks"]
    check = _find(tasks, "Compare the VM with the fingerprint of its last whole run")
    check["serverlab.course.lab_state"]["stamp"] = str(tmp_path / "lab_state.json")
    note = _find(tasks, "Say why the VM gets the full run, or that it is skipped")
    play = {"name": "upto", "hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": [check, note],
            "vars": {"upto_day": 13, "upto_state_paths": [str(tmp_path)], "upto_state_probes": []}}
    out, report = _playbook(tmp_path, play, "-e", "lab_lang=%s" % lang)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    results = dict(_task_results(report))
    assert results[note["name"]]["msg"] == said


@pytest.mark.parametrize("model, task, want", [
    ({"lab_dns_hosts": [{"name": "h2g", "address": "nowhere"}]}, "Check the lab's DNS records",
     "lab_dns_hosts[0] (h2g): 'nowhere' は IPv4 アドレスではありません"),
    ({"lab_mail_hosts": [{"name": "h2g", "address": "192.168.0.10", "role": "store"},
                         {"name": "relay", "address": "192.168.0.11", "role": "relay"}],
      "postfix_relayhost": "[192.168.0.10]"}, "Check the lab's mail topology (relay, backup relay, store)",
     "postfix_relayhost が [192.168.0.10] で、メールストア h2g 自身 (lab_address 192.168.0.10) です: "),
])
def test_role_lab_checks_the_dns_and_mail_model_in_lab_lang(tmp_path, model, task, want):
    """model.yml and the lab role's defaults pass lab_lang to the filters dns_records, mail_topology, mail_dns_hosts."""
    out, report = _playbook(tmp_path, MODEL_PLAY, "-e", json.dumps(model), "-e", "lab_lang=ja")
    assert out.returncode == 2, out.stdout[-3000:] + out.stderr[-3000:]
    failed = [(name, result) for name, result in _task_results(report) if result.get("failed")]
    assert len(failed) == 1 and want in failed[0][1]["msg"], failed
    assert failed[0][0] == "serverlab.course.lab : " + task


@pytest.mark.parametrize("name", ["lab_dns_hosts", "lab_dns_mx", "lab_mail_topology"])
def test_the_lab_defaults_derived_from_lab_mail_hosts_stop_in_lab_lang(name):
    """The role's defaults pass lab_lang to mail_dns_hosts, mail_mx and mail_topology."""
    with roles_render.collection_plugins():
        templar = roles_render.templar("lab", lab_lang="ja",
                                       lab_mail_hosts=[{"name": "h2g", "address": "192.168.0.10", "role": "store"}])
        with pytest.raises(Exception) as caught:
            roles_render.template(templar, "{{ %s }}" % name)
    assert "lab_mail_hosts に role が relay のホストがありません: メールストアのスマートホストと MX 10 はリレーです" in str(caught.value)
