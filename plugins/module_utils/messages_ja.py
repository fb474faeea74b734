# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Japanese templates of the evaluator's messages: {English template: Japanese template}.

The key is the English template exactly as the code passes it to T() (i18n.py); the
value uses the same %(name)s / %(name)d placeholders. Commands, file names and
configuration lines stay as they are. A template missing here is shown in English;
tests/unit/test_i18n.py checks that every template of the migrated checks is here.
"""

from __future__ import annotations

# How i18n.join() separators read in Japanese.
SEPARATORS = {
    "; ": "。",
    ", ": "、",
    " and ": " と ",
    " or ": " または ",
}

MESSAGES = {
    # ------------------------------------------------------------ evaluator: report and framework
    "== day %(day)d: %(title)s ==": "== %(day)d日目: %(title)s ==",
    "grade from here, a client of the lab network: the network view of the VM at ADDRESS, over the protocols "
    "the lab's users speak (give --config a copy of the VM's lab.json)":
        "ここ (ラボネットワークのクライアント) から採点します: ADDRESS の VM をネットワークから見て、ラボの利用者が"
        "使うプロトコルで確かめます (--config に VM の lab.json のコピーを渡してください)",
    "with --target: the trainee's credentials (trainee.auth format: username = ..., password = ...)":
        "--target と一緒に: 研修生の資格情報 (trainee.auth の形式: username = ...、password = ...)",
    "with --target: the trainee's private SSH key": "--target と一緒に: 研修生の SSH 秘密鍵",
    "with --target: the lab MySQL account ([client] user, password)":
        "--target と一緒に: ラボの MySQL アカウント ([client] の user と password)",
    "with --target: the Samba account (default: the trainee's)":
        "--target と一緒に: Samba のアカウント (既定: 研修生のもの)",
    "with --target: seconds to wait for each answer (default: %(timeout)s)":
        "--target と一緒に: 各応答を待つ秒数 (既定: %(timeout)s)",
    "== day %(day)d ==": "== %(day)d日目 ==",
    "stopped at the first failure; run with -c to carry on":
        "最初の失敗で止まりました。続けるには -c を付けて実行してください",
    "the check itself broke: %(kind)s: %(error)s": "チェック自体が壊れています: %(kind)s: %(error)s",
    "the check itself broke: it returned %(value)s, not a Result":
        "チェック自体が壊れています: Result ではなく %(value)s を返しました",
    "nothing to evaluate up to day %(day)s (known days: %(known)s)":
        "%(day)s日目までに採点するチェックがありません (採点できる日: %(known)s)",

    # day titles (catalog.py), looked up as they are
    "environment set-up": "環境設定",
    "DNS server": "DNS サーバー",
    "mail server (SMTP and POP3)": "メールサーバー (SMTP と POP3)",
    "Samba and the superserver": "Samba とスーパーサーバー",
    "security systems (SSH)": "セキュリティ (SSH)",
    "SSL mail (SMTPS, POP3S)": "SSL メール (SMTPS、POP3S)",
    "database server": "データベースサーバー",
    "operations: time keeping": "運用: 時刻の管理",

    # lab configuration
    "family must be RedHat or Debian, not %(value)s":
        "family には RedHat か Debian を書いてください (%(value)s になっています)",
    "prefix must be a number, not %(value)s": "prefix には数字を書いてください (%(value)s になっています)",
    "day must be a number, not %(value)s": "day には数字を書いてください (%(value)s になっています)",
    "dns_servers must be a list, not %(value)s": "dns_servers はリストで書いてください (%(value)s になっています)",
    "cannot read the lab configuration %(path)s: %(error)s": "ラボの設定ファイル %(path)s を読めません: %(error)s",
    "the lab configuration %(path)s must hold a JSON object":
        "ラボの設定ファイル %(path)s には JSON のオブジェクトを書いてください",
    "bad lab configuration %(path)s: %(error)s": "ラボの設定ファイル %(path)s に誤りがあります: %(error)s",

    # command line
    "Evaluate the lab VM of the serverlab course, day by day, like the course's evaluation tool: one line "
    "per check, [N:PASS] - 'item' or [N:FAIL] - 'item' ('reason'). Run it as root.":
        "serverlab コースのラボ VM を、コースの採点ツールと同じように日ごとに採点します。チェックごとに1行、"
        "[N:PASS] - 'item' または [N:FAIL] - 'item' ('理由') を表示します。root で実行してください。",
    "Exit status: 0 when every check passed, 1 when a check failed, 2 on usage errors. The lab "
    "configuration (host, addresses, trainee, lab day) comes from %(config)s or the file named by $%(env)s.":
        "終了ステータス: すべてのチェックに合格すると 0、失敗したチェックがあると 1、使い方の誤りは 2 です。"
        "ラボの設定 (ホスト、アドレス、受講者、ラボの日) は %(config)s か、$%(env)s で指定したファイルから読みます。",
    "usage: ": "使い方: ",
    "positional arguments": "引数",
    "options": "オプション",
    "the trainee account to evaluate (default: the lab's, user1)":
        "採点する受講者のアカウント (省略時: ラボの受講者、user1)",
    "detailed evaluation: show the evidence under each check": "詳しく採点: 各チェックの下に根拠を表示します",
    "carry on after a failed check (default: stop at the first failure)":
        "失敗したチェックの後も続けます (省略時: 最初の失敗で止まります)",
    "evaluate day N; repeatable, also N,M and N-M (default: every day up to the lab's day)":
        "N日目を採点します。繰り返し指定でき、N,M や N-M とも書けます (省略時: ラボの日までのすべての日)",
    "output format (default: text)": "出力形式 (省略時: text)",
    "language of the reasons and messages (default: ja when LC_ALL, LC_MESSAGES or LANG starts with ja, "
    "else en); check ids, items and PASS/FAIL never change":
        "理由とメッセージの言語 (省略時: LC_ALL、LC_MESSAGES または LANG が ja で始まれば ja、それ以外は en)。"
        "チェックの番号、項目名、PASS/FAIL は変わりません",
    "lab configuration file (default: $%(env)s or %(config)s)": "ラボの設定ファイル (省略時: $%(env)s または %(config)s)",
    "show this help and exit": "このヘルプを表示して終了します",
    "show the version and exit": "バージョンを表示して終了します",
    "usage: %(usage)s\n%(tool)s: error: %(message)s\n": "使い方: %(usage)s\n%(tool)s: エラー: %(message)s\n",
    "unrecognized arguments: %(args)s": "知らない引数です: %(args)s",
    "argument %(option)s: expected one argument": "%(option)s には値を1つ指定してください",
    "argument %(option)s: invalid choice: %(value)s (choose from %(choices)s)":
        "%(option)s に %(value)s は指定できません (%(choices)s から選んでください)",
    "%(user)s is not a user name; to choose a day use --day %(day)s":
        "%(user)s はユーザー名ではありません。日を選ぶときは --day %(day)s と書いてください",
    "no configuration file %(path)s": "設定ファイル %(path)s がありません",
    "empty day in %(spec)s": "%(spec)s に空の日があります",
    "bad day range %(range)s (use N-M, e.g. 6-13)": "日の範囲 %(range)s が正しくありません (N-M の形で、例えば 6-13 と書いてください)",
    "bad day range %(range)s: %(lo)d comes after %(hi)d": "日の範囲 %(range)s が正しくありません: %(lo)d が %(hi)d より後です",
    "no known day in %(range)s (known days: %(known)s)": "%(range)s に採点できる日がありません (採点できる日: %(known)s)",
    "bad day %(day)s (a day is a number, e.g. 6)": "日 %(day)s が正しくありません (日は数字で、例えば 6 と書いてください)",
    "unknown day %(day)d (known days: %(known)s)": "%(day)d日目のチェックはありません (採点できる日: %(known)s)",

    # lab_eval module
    "all %(total)d checks passed": "%(total)d 個のチェックすべてに合格しました",
    "%(failed)d of %(total)d checks failed:": "%(total)d 個中 %(failed)d 個のチェックが失敗しました:",
    "%(failed)d of %(total)d checks failed (stopped at the first failure; %(left)d not evaluated):":
        "%(total)d 個中 %(failed)d 個のチェックが失敗しました (最初の失敗で止まったため %(left)d 個は未採点):",
    "the check catalog has no day up to %(day)d (known days: %(known)s)":
        "%(day)d日目までのチェックはありません (採点できる日: %(known)s)",

    # ------------------------------------------------------------ day 6 (checks/day06.py)
    "cannot tell whether this is a RedHat or a Debian system (no known ID in /etc/os-release): set "
    "\"family\" in the lab configuration":
        "RedHat 系か Debian 系か判断できません (/etc/os-release に知っている ID がありません): "
        "ラボの設定に \"family\" を書いてください",
    "line %(line)d: %(message)s: %(fix)s": "%(line)d行目: %(message)s: %(fix)s",
    "line %(line)d: %(message)s": "%(line)d行目: %(message)s",
    "%(message)s: %(fix)s": "%(message)s: %(fix)s",
    "%(path)s: %(problems)s": "%(path)s: %(problems)s",
    "%(path)s %(finding)s": "%(path)s %(finding)s",
    "%(path)s line %(line)d": "%(path)s %(line)d行目",
    # 1 hostname
    "hostname -s failed (%(error)s)": "hostname -s が失敗しました (%(error)s)",
    "the host name is \"%(short)s\", not \"%(want)s\": run hostnamectl set-hostname %(fqdn)s":
        "ホスト名が \"%(want)s\" ではなく \"%(short)s\" です: hostnamectl set-hostname %(fqdn)s を実行してください",
    "hostname -f cannot find the full name (%(error)s): add \"%(line)s\" to /etc/hosts":
        "hostname -f で完全な名前 (FQDN) が分かりません (%(error)s): /etc/hosts に \"%(line)s\" を追加してください",
    "hostname -f gives \"%(full)s\", not \"%(fqdn)s\": in /etc/hosts write \"%(line)s\", the full name first":
        "hostname -f が \"%(fqdn)s\" ではなく \"%(full)s\" を返します: /etc/hosts に完全な名前を先にして "
        "\"%(line)s\" と書いてください",
    "hostname -f gives \"%(full)s\", not \"%(fqdn)s\": run hostnamectl set-hostname %(fqdn)s and write "
    "\"%(line)s\" in /etc/hosts":
        "hostname -f が \"%(fqdn)s\" ではなく \"%(full)s\" を返します: hostnamectl set-hostname %(fqdn)s を実行し、"
        "/etc/hosts に \"%(line)s\" と書いてください",
    # 2 /etc/hosts
    "%(path)s does not exist: create it with the line \"%(line)s\"":
        "%(path)s がありません: \"%(line)s\" という行を書いて作ってください",
    "line %(line)d maps %(names)s to the loopback address %(addr)s, so the host name resolves to %(addr)s "
    "instead of %(address)s: take the name off that line":
        "%(line)d行目で %(names)s をループバックアドレス %(addr)s に割り当てているため、ホスト名が %(address)s ではなく "
        "%(addr)s になります: その行からホスト名を外してください",
    "line %(line)d maps %(names)s to %(addr)s, not to the lab address %(address)s: fix the address":
        "%(line)d行目で %(names)s をラボのアドレス %(address)s ではなく %(addr)s に割り当てています: アドレスを直してください",
    "no line maps the lab address %(address)s: add \"%(want)s\"":
        "ラボのアドレス %(address)s の行がありません: \"%(want)s\" を追加してください",
    "line %(line)d maps %(address)s but not to %(fqdn)s: write \"%(want)s\"":
        "%(line)d行目に %(address)s がありますが、%(fqdn)s がありません: \"%(want)s\" と書いてください",
    "line %(line)d names %(first)s before %(fqdn)s: the first name is the canonical one (what hostname -f "
    "shows), so write \"%(want)s\"":
        "%(line)d行目で %(first)s が %(fqdn)s より前にあります: 最初の名前が正式な名前 (hostname -f が表示する名前) に"
        "なるので、\"%(want)s\" と書いてください",
    "line %(line)d lacks the short name %(short)s: write \"%(want)s\"":
        "%(line)d行目に短い名前 %(short)s がありません: \"%(want)s\" と書いてください",
    # 3 network/address (RedHat)
    "%(path)s does not exist: create it with DEVICE=%(device)s, BOOTPROTO=none, ONBOOT=yes, IPADDR=%(address)s, "
    "PREFIX=%(prefix)d":
        "%(path)s がありません: DEVICE=%(device)s、BOOTPROTO=none、ONBOOT=yes、IPADDR=%(address)s、PREFIX=%(prefix)d "
        "を書いて作ってください",
    "IPADDR is not set: write IPADDR=%(address)s": "IPADDR が設定されていません: IPADDR=%(address)s と書いてください",
    "IPADDR=%(got)s, not the lab address %(address)s: write IPADDR=%(address)s":
        "IPADDR=%(got)s はラボのアドレス %(address)s ではありません: IPADDR=%(address)s と書いてください",
    "PREFIX=%(got)s, not %(prefix)d: write PREFIX=%(prefix)d":
        "PREFIX=%(got)s ですが、%(prefix)d が正しい値です: PREFIX=%(prefix)d と書いてください",
    "NETMASK=%(netmask)s is a /%(got)d netmask, not /%(prefix)d: write PREFIX=%(prefix)d":
        "NETMASK=%(netmask)s は /%(prefix)d ではなく /%(got)d のネットマスクです: PREFIX=%(prefix)d と書いてください",
    "neither PREFIX nor NETMASK is set (initscripts then guess the old class-based prefix): write "
    "PREFIX=%(prefix)d":
        "PREFIX も NETMASK も設定されていません (その場合 initscripts は古いクラス分けでプレフィックスを推測します): "
        "PREFIX=%(prefix)d と書いてください",
    "ONBOOT is not set: write ONBOOT=yes": "ONBOOT が設定されていません: ONBOOT=yes と書いてください",
    "ONBOOT=%(onboot)s: the interface does not come up at boot; write ONBOOT=yes":
        "ONBOOT=%(onboot)s: 起動時にインターフェースが有効になりません。ONBOOT=yes と書いてください",
    "BOOTPROTO=%(bootproto)s asks a server for a dynamic address, but the lab's is static: write BOOTPROTO=none":
        "BOOTPROTO=%(bootproto)s はサーバーに動的なアドレスを求めますが、ラボのアドレスは固定です: "
        "BOOTPROTO=none と書いてください",
    # 3 network/address (Debian)
    "%(path)s does not exist: create it with %(stanza)s": "%(path)s がありません: %(stanza)s を書いて作ってください",
    "%(unread)s has the iface %(device)s stanza, but %(interfaces)s does not read it: add "
    "\"source %(directory)s/*\" to %(interfaces)s":
        "%(unread)s に iface %(device)s のスタンザがありますが、%(interfaces)s がそれを読み込んでいません: "
        "%(interfaces)s に \"source %(directory)s/*\" を追加してください",
    "no \"iface %(device)s inet\" stanza in %(interfaces)s or the files it sources: add %(stanza)s":
        "%(interfaces)s にも、そこから読み込むファイルにも \"iface %(device)s inet\" のスタンザがありません: "
        "%(stanza)s を追加してください",
    "iface %(device)s inet %(method)s is not static: write iface %(device)s inet static":
        "iface %(device)s inet %(method)s は固定 (static) ではありません: iface %(device)s inet static と書いてください",
    "no address line: write address %(address)s/%(prefix)d":
        "address の行がありません: address %(address)s/%(prefix)d と書いてください",
    "address %(got)s, not the lab address %(address)s: write address %(address)s/%(prefix)d":
        "address %(got)s はラボのアドレス %(address)s ではありません: address %(address)s/%(prefix)d と書いてください",
    "prefix /%(got)s, not /%(prefix)d: write address %(address)s/%(prefix)d":
        "プレフィックスが /%(prefix)d ではなく /%(got)s です: address %(address)s/%(prefix)d と書いてください",
    "no \"auto %(device)s\" line, so %(device)s is not brought up at boot: add \"auto %(device)s\" before the "
    "iface line":
        "\"auto %(device)s\" の行がないため、起動時に %(device)s が有効になりません: iface の行の前に "
        "\"auto %(device)s\" を追加してください",
    # 4 network/gateway
    "%(path)s does not exist: create it (see network/address)": "%(path)s がありません: 作ってください (network/address を参照)",
    "%(source)s sets GATEWAY=%(gateway)s, but the lab network has no default gateway: leave GATEWAY empty or "
    "write GATEWAY=no (only an empty value, no or NO mean no gateway; old initscripts accept a meaningless "
    "value such as GATEWAY=1 without a word, so the mistake goes unnoticed)":
        "%(source)s で GATEWAY=%(gateway)s と設定していますが、ラボのネットワークにはデフォルトゲートウェイがありません: "
        "GATEWAY を空にするか GATEWAY=no と書いてください (ゲートウェイなしを意味するのは空の値、no、NO だけです。"
        "古い initscripts は GATEWAY=1 のような意味のない値も黙って受け付けるので、誤りに気づきにくいのです)",
    "no GATEWAY is set: write GATEWAY=%(want)s in %(name)s":
        "GATEWAY が設定されていません: %(name)s に GATEWAY=%(want)s と書いてください",
    "%(source)s sets GATEWAY=%(gateway)s, not the lab's gateway %(want)s: write GATEWAY=%(want)s":
        "%(source)s で GATEWAY=%(gateway)s と設定していますが、ラボのゲートウェイは %(want)s です: "
        "GATEWAY=%(want)s と書いてください",
    "NetworkManager would manage %(device)s and may rewrite its settings":
        "NetworkManager が %(device)s を管理し、設定を書き換えるおそれがあります",
    "the interface may rewrite /etc/resolv.conf": "インターフェースが /etc/resolv.conf を書き換えるおそれがあります",
    "%(key)s is not set in %(name)s (it then counts as yes): write %(key)s=%(want)s":
        "%(name)s に %(key)s が設定されていません (その場合 yes とみなされます): %(key)s=%(want)s と書いてください",
    "%(key)s=%(got)s: write it in lower case, %(key)s=%(want)s (some initscripts compare the exact word, so "
    "%(got)s may count as the opposite)":
        "%(key)s=%(got)s: 小文字で %(key)s=%(want)s と書いてください (文字どおりに比べる initscripts もあるため、"
        "%(got)s は逆の意味に取られることがあります)",
    "%(key)s=%(got)s, the lab wants %(key)s=%(want)s (%(why)s)":
        "%(key)s=%(got)s ですが、ラボでは %(key)s=%(want)s にします (%(why)s)",
    "%(key)s=%(got)s, the lab wants %(key)s=%(want)s": "%(key)s=%(got)s ですが、ラボでは %(key)s=%(want)s にします",
    "no \"iface %(device)s inet\" stanza in %(interfaces)s or the files it sources (see network/address)":
        "%(interfaces)s にも、そこから読み込むファイルにも \"iface %(device)s inet\" のスタンザがありません "
        "(network/address を参照)",
    "%(where)s: \"gateway %(gateway)s\" in iface %(iface)s, but the lab network has no default gateway: "
    "remove the line":
        "%(where)s: iface %(iface)s に \"gateway %(gateway)s\" がありますが、ラボのネットワークにはデフォルトゲートウェイが"
        "ありません: その行を消してください",
    "iface %(device)s has no gateway: add \"gateway %(want)s\" under its iface line":
        "iface %(device)s にゲートウェイがありません: iface の行の下に \"gateway %(want)s\" を追加してください",
    "iface %(device)s has gateway %(got)s, not the lab's %(want)s: write \"gateway %(want)s\"":
        "iface %(device)s のゲートウェイがラボの %(want)s ではなく %(got)s です: \"gateway %(want)s\" と書いてください",
    # 5 network/backups
    "%(files)s is read as interface configuration at start-up (every ifcfg-* file there is, except names "
    "ending in .old, .orig, .rpmnew, .rpmorig or .rpmsave), and the last GATEWAY read wins":
        "%(files)s は起動時にインターフェースの設定として読み込まれ (そこにある ifcfg-* ファイルは、名前が .old、.orig、"
        ".rpmnew、.rpmorig、.rpmsave で終わるもの以外すべて読まれます)、最後に読んだ GATEWAY が使われます",
    "%(files)s are read as interface configuration at start-up (every ifcfg-* file there is, except names "
    "ending in .old, .orig, .rpmnew, .rpmorig or .rpmsave), and the last GATEWAY read wins":
        "%(files)s は起動時にインターフェースの設定として読み込まれ (そこにある ifcfg-* ファイルは、名前が .old、.orig、"
        ".rpmnew、.rpmorig、.rpmsave で終わるもの以外すべて読まれます)、最後に読んだ GATEWAY が使われます",
    "\"source-directory %(directory)s\" (it reads every name made of letters, digits, _ and -)":
        "\"source-directory %(directory)s\" (英数字、_、- だけの名前のファイルをすべて読みます)",
    "\"source %(directory)s/*\" (it reads every file there)": "\"source %(directory)s/*\" (そこにあるファイルをすべて読みます)",
    "%(files)s is read by ifupdown through %(how)s, so a second stanza or gateway for the same interface "
    "makes ifup fail or bring back the old settings":
        "%(files)s は %(how)s によって ifupdown に読み込まれるため、同じインターフェースの2つ目のスタンザや"
        "ゲートウェイで ifup が失敗したり、古い設定に戻ったりします",
    "%(files)s are read by ifupdown through %(how)s, so a second stanza or gateway for the same interface "
    "makes ifup fail or bring back the old settings":
        "%(files)s は %(how)s によって ifupdown に読み込まれるため、同じインターフェースの2つ目のスタンザや"
        "ゲートウェイで ifup が失敗したり、古い設定に戻ったりします",
    "%(problems)s: keep backups outside these directories, e.g. mkdir -p %(backup)s and mv the files there":
        "%(problems)s: バックアップはこれらのディレクトリの外に置いてください。例えば mkdir -p %(backup)s を実行し、"
        "そこへ mv してください",
    # 6 resolver
    "%(path)s does not exist: create it with \"search %(domain)s\" and a nameserver line":
        "%(path)s がありません: \"search %(domain)s\" と nameserver の行を書いて作ってください",
    "no search or domain line: add \"search %(domain)s\"":
        "search または domain の行がありません: \"search %(domain)s\" を追加してください",
    "line %(line)d \"%(keyword)s %(names)s\" does not name %(domain)s (only the last search or domain line "
    "counts): write \"search %(domain)s\"":
        "%(line)d行目の \"%(keyword)s %(names)s\" に %(domain)s がありません (有効なのは最後の search または domain の"
        "行だけです): \"search %(domain)s\" と書いてください",
    "no nameserver line: add \"nameserver %(server)s\"": "nameserver の行がありません: \"nameserver %(server)s\" を追加してください",
    "line %(line)d \"nameserver 0.0.0.0\" is not accepted by every client: write \"nameserver 127.0.0.1\"":
        "%(line)d行目の \"nameserver 0.0.0.0\" はクライアントによっては使えません: \"nameserver 127.0.0.1\" と書いてください",
    "the name servers are %(got)s; the lab wants %(wanted)s first, in that order":
        "ネームサーバーが %(got)s になっています。ラボでは %(wanted)s をこの順で先頭に書きます",
    # 7 user
    "cannot read %(path)s": "%(path)s を読めません",
    "%(user)s does not exist: create the account with useradd -m %(user)s, then set its password with "
    "passwd %(user)s":
        "%(user)s がいません: useradd -m %(user)s でアカウントを作り、passwd %(user)s でパスワードを設定してください",
    "%(user)s has a bad uid %(uid)s in %(path)s": "%(path)s の %(user)s の uid %(uid)s が正しくありません",
    "the home directory %(shown)s does not exist: mkdir %(home)s and chown %(user)s: %(home)s (useradd -m "
    "creates it)":
        "ホームディレクトリ %(shown)s がありません: mkdir %(home)s と chown %(user)s: %(home)s を実行してください "
        "(useradd -m なら作られます)",
    "the home %(home)s is not a directory": "ホーム %(home)s がディレクトリではありません",
    "the home directory %(home)s belongs to uid %(owner)d, not to %(user)s (uid %(uid)d): chown -R "
    "%(user)s: %(home)s":
        "ホームディレクトリ %(home)s の所有者が %(user)s (uid %(uid)d) ではなく uid %(owner)d です: "
        "chown -R %(user)s: %(home)s を実行してください",
    "cannot read %(path)s: run labeval as root": "%(path)s を読めません: labeval は root で実行してください",
    "%(user)s has no line in %(path)s: run pwconv, then passwd %(user)s":
        "%(path)s に %(user)s の行がありません: pwconv を実行してから passwd %(user)s を実行してください",
    "%(user)s has an empty password (anyone may log in as %(user)s): set one with passwd %(user)s":
        "%(user)s のパスワードが空です (誰でも %(user)s でログインできます): passwd %(user)s で設定してください",
    "%(user)s has no usable password (never set: \"%(marker)s\" in %(path)s): set one with passwd %(user)s":
        "%(user)s に使えるパスワードがありません (未設定: %(path)s に \"%(marker)s\"): passwd %(user)s で設定してください",
    "%(user)s has no usable password (locked: \"%(marker)s\" in %(path)s): set one with passwd %(user)s":
        "%(user)s に使えるパスワードがありません (ロック中: %(path)s に \"%(marker)s\"): passwd %(user)s で設定してください",
    "the login shell is %(shell)s, so %(user)s cannot log in: usermod -s /bin/bash %(user)s":
        "ログインシェルが %(shell)s なので、%(user)s はログインできません: usermod -s /bin/bash %(user)s を実行してください",
    "the login shell %(shell)s is not listed in %(path)s: usermod -s /bin/bash %(user)s":
        "ログインシェル %(shell)s が %(path)s にありません: usermod -s /bin/bash %(user)s を実行してください",

    # ------------------------------------------------------------ day 6 on EL 8/9: NetworkManager (checks/day06.py)
    "ipv4.method is auto, so NetworkManager asks a DHCP server, but the lab's address is static: nmcli connection "
    "modify %(profile)s ipv4.method manual ipv4.addresses %(want)s":
        "ipv4.method が auto なので NetworkManager は DHCP サーバーにアドレスを尋ねますが、ラボのアドレスは固定です: "
        "nmcli connection modify %(profile)s ipv4.method manual ipv4.addresses %(want)s を実行してください",
    "NetworkManager has no connection profile for %(device)s that comes up at boot (none in %(keyfiles)s or "
    "%(scripts)s): %(command)s && nmcli connection up %(device)s":
        "起動時に有効になる %(device)s の NetworkManager 接続プロファイルがありません (%(keyfiles)s にも %(scripts)s "
        "にもありません): %(command)s && nmcli connection up %(device)s を実行してください",
    "nmcli connection reload && nmcli connection up %(device)s":
        "nmcli connection reload && nmcli connection up %(device)s",
    "NetworkManager has no connection profile for %(device)s (see network/address)":
        "%(device)s の NetworkManager 接続プロファイルがありません (network/address を参照)",
    "%(files)s: NetworkManager reads every file in %(directory)s except hidden names and names ending in ~, so a "
    "copy is a second profile for the same device (with the same UUID the newer file wins, whatever its name)":
        "%(files)s: NetworkManager は %(directory)s の隠しファイルと ~ で終わる名前以外をすべて読むので、コピーは同じ"
        "デバイスの2つ目のプロファイルになります (UUID が同じなら、名前に関係なく新しいファイルが勝ちます)",
    "%(files)s: NetworkManager's ifcfg-rh plugin reads it as a profile (it skips only names ending in .bak, ~, "
    ".orig, .rej or .rpmnew; .old and .rpmsave are read)":
        "%(files)s: NetworkManager の ifcfg-rh プラグインはこれをプロファイルとして読みます (読み飛ばすのは .bak、~、"
        ".orig、.rej、.rpmnew で終わる名前だけで、.old と .rpmsave は読まれます)",
    "%(problems)s: keep one profile per device and backups outside these directories, e.g. mkdir -p %(backup)s, "
    "mv the files there, then nmcli connection reload":
        "%(problems)s: プロファイルは1デバイスに1つにし、バックアップはこれらのディレクトリの外に置いてください。"
        "例: mkdir -p %(backup)s でそこへ mv し、nmcli connection reload を実行します",
    "%(path)s says NM_CONTROLLED=%(value)s: on EL 8/9 NetworkManager then leaves %(device)s alone and nothing else "
    "configures it (NM_CONTROLLED=no belongs to EL 7's network-scripts): remove the line":
        "%(path)s に NM_CONTROLLED=%(value)s があります: EL 8/9 では NetworkManager が %(device)s を扱わなくなり、"
        "ほかに設定するものもありません (NM_CONTROLLED=no は EL 7 の network-scripts のものです): その行を消してください",
    "%(source)s sets the gateway %(gateway)s, but the lab network has no default gateway: nmcli connection modify "
    "%(profile)s ipv4.gateway '' && nmcli connection up %(profile)s":
        "%(source)s がゲートウェイ %(gateway)s を設定していますが、ラボのネットワークにデフォルトゲートウェイはありません: "
        "nmcli connection modify %(profile)s ipv4.gateway '' && nmcli connection up %(profile)s を実行してください",
    "a default route through %(device)s is in use (%(route)s), but the lab network has none: remove the gateway "
    "from the profile, then nmcli connection up %(device)s":
        "%(device)s 経由のデフォルトルートが使われています (%(route)s) が、ラボのネットワークにはありません: "
        "プロファイルからゲートウェイを消し、nmcli connection up %(device)s を実行してください",
    "%(device)s has %(count)d profiles that NetworkManager may bring up at boot: %(files)s":
        "%(device)s には、起動時に NetworkManager が有効にしうるプロファイルが %(count)d 個あります: %(files)s",
    "the address is %(got)s, not %(want)s: nmcli connection modify %(profile)s ipv4.addresses %(want)s":
        "アドレスが %(want)s ではなく %(got)s です: nmcli connection modify %(profile)s ipv4.addresses %(want)s "
        "を実行してください",
    "%(path)s has mode %(mode)s, and NetworkManager ignores a profile that group or others may read: chmod 600 "
    "%(path)s && nmcli connection reload && nmcli connection up %(profile)s":
        "%(path)s のモードが %(mode)s です。グループやほかのユーザーが読めるプロファイルを NetworkManager は無視します: "
        "chmod 600 %(path)s && nmcli connection reload && nmcli connection up %(profile)s を実行してください",
    "%(path)s says NM_CONTROLLED=%(value)s, so NetworkManager leaves %(device)s alone, and EL 8/9 have no "
    "network-scripts to configure it instead: remove that file (keep a copy in %(backup)s) and run %(command)s":
        "%(path)s に NM_CONTROLLED=%(value)s があるので NetworkManager は %(device)s を扱わず、EL 8/9 には代わりに"
        "設定する network-scripts もありません: そのファイルを消し (コピーは %(backup)s に置きます)、%(command)s "
        "を実行してください",
    "%(source)s: GATEWAY=%(gateway)s is no address, and on EL 8/9 NetworkManager then rejects the whole profile "
    "%(profile)s (only an empty GATEWAY= or no GATEWAY line means no gateway there; GATEWAY=no was EL 7's "
    "spelling): remove the line":
        "%(source)s: GATEWAY=%(gateway)s はアドレスではないので、EL 8/9 の NetworkManager はプロファイル %(profile)s "
        "全体を読み込みません (そこでゲートウェイなしを表すのは空の GATEWAY= か GATEWAY 行なしだけで、GATEWAY=no は "
        "EL 7 の書き方です): その行を消してください",
    "%(profile)s has the gateway %(gateway)s, not the lab's %(want)s: nmcli connection modify %(profile)s "
    "ipv4.gateway %(want)s && nmcli connection up %(profile)s":
        "%(profile)s のゲートウェイがラボの %(want)s ではなく %(gateway)s です: nmcli connection modify %(profile)s "
        "ipv4.gateway %(want)s && nmcli connection up %(profile)s を実行してください",
    "(none)": "(なし)",
    # 8 services at boot
    "%(unit)s (day %(day)d) is masked: systemctl unmask %(unit)s, then systemctl enable %(unit)s":
        "%(unit)s (%(day)d 日目) がマスクされています: systemctl unmask %(unit)s のあと systemctl enable %(unit)s を"
        "実行してください",
    "%(unit)s (day %(day)d) is %(state)s, which ends at the next boot: systemctl enable %(unit)s":
        "%(unit)s (%(day)d 日目) は %(state)s で、次の起動で元に戻ります: systemctl enable %(unit)s を実行してください",
    "%(unit)s (day %(day)d) is %(state)s: systemctl enable %(unit)s":
        "%(unit)s (%(day)d 日目) が %(state)s です: systemctl enable %(unit)s を実行してください",
    "not started at boot, so a reboot leaves them stopped: %(problems)s":
        "起動時に開始されないため、再起動すると止まったままになります: %(problems)s",
    # ------------------------------------------------------------ day 7, BIND (checks/day07.py)
    "dig is not installed (Debian: bind9-dnsutils, EL: bind-utils)":
        "dig がインストールされていません (Debian: bind9-dnsutils、EL: bind-utils)",
    "no answer from named at %(server)s port 53: is named running and does listen-on include %(server)s?":
        "%(server)s のポート 53 で named が応答しません: named は動いていますか? listen-on に %(server)s が入っていますか?",
    "dig failed (%(error)s)": "dig が失敗しました (%(error)s)",
    "%(query)s: %(error)s": "%(query)s: %(error)s",
    "%(query)s @%(server)s: REFUSED: allow-query in named.conf must include the lab network":
        "%(query)s @%(server)s: REFUSED: named.conf の allow-query にラボのネットワークを入れてください",
    "%(query)s @%(server)s: SERVFAIL: named could not load the zone %(zone)s; run named-checkzone and read "
    "named's log":
        "%(query)s @%(server)s: SERVFAIL: named がゾーン %(zone)s を読み込めませんでした。named-checkzone を実行し、"
        "named のログを読んでください",
    "%(query)s @%(server)s: no status in dig's output": "%(query)s @%(server)s: dig の出力にステータスがありません",
    "%(query)s @%(server)s: %(status)s": "%(query)s @%(server)s: %(status)s",
    "%(query)s @%(server)s: the answer is not authoritative (no aa flag): named does not serve the zone "
    "%(zone)s itself; check its zone statement in named.conf":
        "%(query)s @%(server)s: 権威のある応答ではありません (aa フラグがありません): named 自身がゾーン %(zone)s を"
        "持っていません。named.conf の zone 文を確かめてください",
    "nothing (NXDOMAIN)": "空 (NXDOMAIN)",
    "nothing": "空",
    "%(query)s @%(server)s answers %(got)s, expected %(want)s: the zone file does not hold the lab's records "
    "(or named was not reloaded after a change: rndc reload)":
        "%(query)s @%(server)s の応答が %(want)s ではなく %(got)s です: ゾーンファイルにラボのレコードがありません "
        "(または変更後に named を再読み込みしていません: rndc reload)",
    "named is not running (%(service)s: %(state)s): start it with systemctl start %(service)s and read why it "
    "stopped with journalctl -u %(service)s and in %(log)s":
        "named が動いていません (%(service)s: %(state)s): systemctl start %(service)s で起動し、止まった理由を "
        "journalctl -u %(service)s と %(log)s で確かめてください",
    "named-checkconf is not installed: install BIND (Debian: bind9, EL: bind)":
        "named-checkconf がインストールされていません: BIND をインストールしてください (Debian: bind9、EL: bind)",
    "%(command)s finds errors: %(errors)s: correct them; named refuses to load a configuration or zone with "
    "errors and a reload keeps the old one":
        "%(command)s がエラーを見つけました: %(errors)s: 直してください。named はエラーのある設定やゾーンを読み込まず、"
        "再読み込みしても古いままになります",
    "named has not loaded the zone %(zone)s (rndc: %(rndc)s): add its zone statement to named.conf, check "
    "%(path)s with named-checkzone %(zone)s %(path)s, then rndc reload":
        "named がゾーン %(zone)s を読み込んでいません (rndc: %(rndc)s): named.conf に zone 文を追加し、"
        "named-checkzone %(zone)s %(path)s で %(path)s を確かめてから rndc reload を実行してください",
    "dig %(zone)s SOA: no SOA in the answer: the zone is not loaded":
        "dig %(zone)s SOA: 応答に SOA がありません: ゾーンが読み込まれていません",
    "dig %(zone)s SOA: no SOA in the answer section: the zone has no SOA at @":
        "dig %(zone)s SOA: 応答 (ANSWER SECTION) に SOA がありません: ゾーンの @ に SOA がありません",
    "the SOA names %(mname)s as the primary server, expected %(want)s (one of the zone's NS): correct the "
    "SOA's first field":
        "SOA のプライマリサーバーが %(want)s (ゾーンの NS のひとつ) ではなく %(mname)s になっています: "
        "SOA の最初の項目を直してください",
    "an alias of %(targets)s": "今は %(targets)s の別名です",
    "no alias": "今は別名ではありません",
    "dig %(alias)s A @%(server)s: %(alias)s is %(what)s, expected an alias (CNAME) of %(target)s: write "
    "`%(name)s IN CNAME %(value)s`":
        "dig %(alias)s A @%(server)s: %(alias)s を %(target)s の別名 (CNAME) にしてください (%(what)s): "
        "`%(name)s IN CNAME %(value)s` と書いてください",
    "no address": "アドレスなし",
    "dig %(alias)s A @%(server)s: the alias leads to %(target)s but the answer gives it %(got)s, expected "
    "%(want)s":
        "dig %(alias)s A @%(server)s: 別名は %(target)s を指していますが、そのアドレスが %(want)s ではなく %(got)s です",
    "%(path)s does not exist: named.conf's zone %(zone)s needs its zone file":
        "%(path)s がありません: named.conf のゾーン %(zone)s にはゾーンファイルが必要です",
    "%(path)s has no $TTL on line 1: BIND logs '%(file)s:%(line)d: %(log)s' and gives every record the SOA's "
    "minimum as its TTL: put `$TTL %(ttl)s` on line 1, raise the serial, then rndc reload":
        "%(path)s の1行目に $TTL がありません: BIND は '%(file)s:%(line)d: %(log)s' とログに書き、すべてのレコードの "
        "TTL を SOA の minimum にします: 1行目に `$TTL %(ttl)s` を書き、シリアル番号を上げてから rndc reload を"
        "実行してください",
    "%(path)s does not exist: the zone %(zone)s needs its zone file":
        "%(path)s がありません: ゾーン %(zone)s にはゾーンファイルが必要です",
    "cannot read the zone files: the Python module dnspython is missing (Debian: apt install "
    "python3-dnspython, EL: dnf install python3-dns)":
        "ゾーンファイルを読めません: Python モジュール dnspython がありません (Debian: apt install python3-dnspython、"
        "EL: dnf install python3-dns)",
    "%(where)s: %(message)s Fix: %(fix)s": "%(where)s: %(message)s 直し方: %(fix)s",
    "%(path)s does not exist": "%(path)s がありません",
    "dig %(zone)s SOA: no SOA in the answer": "dig %(zone)s SOA: 応答に SOA がありません",
    "%(path)s: no SOA serial found in the file": "%(path)s: ファイルに SOA のシリアル番号が見つかりません",
    "%(path)s has serial %(serial)d but named still serves %(served)d: the change is not live; run rndc reload":
        "%(path)s のシリアル番号は %(serial)d ですが、named はまだ %(served)d を返しています: 変更が反映されていません。"
        "rndc reload を実行してください",
    "%(path)s has serial %(serial)d, lower than the %(served)d named serves: secondaries and caches keep the "
    "newer serial's data; serials only go up (YYYYMMDDnn)":
        "%(path)s のシリアル番号 %(serial)d が、named の返している %(served)d より小さくなっています: "
        "セカンダリやキャッシュは大きいシリアル番号のデータを使い続けます。シリアル番号は必ず増やしてください "
        "(YYYYMMDDnn)",

    # ------------------------------------------------------------ day 7, djb track (checks/djbdns.py)
    "lab.json has no DNS model (\"dns\"): re-run the lab's playbook (playbooks/djbdns.yml) so the labeval "
    "role writes it":
        "lab.json に DNS のモデル (\"dns\") がありません: ラボのプレイブック (playbooks/djbdns.yml) をもう一度実行して、"
        "labeval ロールに書かせてください",
    "%(path)s line %(line)d: %(message)s: %(fix)s": "%(path)s %(line)d行目: %(message)s: %(fix)s",
    "%(path)s line %(line)d: %(message)s": "%(path)s %(line)d行目: %(message)s",
    "svscan is not running, so nothing supervises the services in %(dir)s: start it under systemd "
    "(systemctl enable --now %(unit)s) and check with svstat %(dir)s/*":
        "svscan が動いていないため、%(dir)s のサービスを誰も監視していません: systemd で起動し "
        "(systemctl enable --now %(unit)s)、svstat %(dir)s/* で確かめてください",
    "svscan watches %(watched)s, not %(dir)s: the services linked into %(dir)s are not started":
        "svscan が監視しているのは %(dir)s ではなく %(watched)s です: %(dir)s にリンクしたサービスは起動されません",
    "the service directory %(dir)s does not exist: mkdir %(dir)s":
        "サービスディレクトリ %(dir)s がありません: mkdir %(dir)s を実行してください",
    "tinydns runs as": "tinydns の実行ユーザー",
    "dnscache runs as": "dnscache の実行ユーザー",
    "multilog writes the logs as": "multilog がログを書くユーザー",
    "%(name)s (%(what)s) is missing: useradd -r -s /sbin/nologin -d /nonexistent %(name)s":
        "%(name)s (%(what)s) がいません: useradd -r -s /sbin/nologin -d /nonexistent %(name)s を実行してください",
    "%(name)s has uid 0: the daemons drop root to run as an unprivileged account of their own":
        "%(name)s の uid が 0 です: デーモンは root 権限を捨てて、専用の一般アカウントで動きます",
    "%(name)s is not in %(dir)s, so svscan never starts it: ln -s %(directory)s %(link)s":
        "%(name)s が %(dir)s にないため、svscan が起動しません: ln -s %(directory)s %(link)s を実行してください",
    "svstat is not installed (install daemontools)": "svstat がインストールされていません (daemontools をインストールしてください)",
    "the logger of %(name)s": "%(name)s のログ記録サービス",
    "svstat %(path)s gave no answer (%(output)s)": "svstat %(path)s が答えません (%(output)s)",
    "no output": "出力なし",
    "%(name)s runs but has a down file: it will stay down after the next boot: rm %(link)s/down":
        "%(name)s は動いていますが down ファイルがあります: 次の起動後は止まったままになります: rm %(link)s/down を"
        "実行してください",
    "supervise does not run %(path)s: is svscan running on %(dir)s (systemctl status %(unit)s)?":
        "supervise が %(path)s を動かしていません: svscan は %(dir)s で動いていますか (systemctl status %(unit)s)?",
    "svc -u %(path)s": "svc -u %(path)s を実行してください",
    "svc -u %(path)s and rm %(path)s/down so it stays up after a boot":
        "svc -u %(path)s を実行し、起動後も動くように rm %(path)s/down を実行してください",
    "%(what)s is down (%(state)s): %(hint)s; if it keeps restarting, read %(link)s/log/main/current":
        "%(what)s が止まっています (%(state)s): %(hint)s。再起動を繰り返すときは %(link)s/log/main/current を"
        "読んでください",
    "%(what)s is not up: %(state)s": "%(what)s が動いていません: %(state)s",
    "%(path)s is missing: create the tinydns directory with tinydns-conf and write the records into root/data":
        "%(path)s がありません: tinydns-conf で tinydns のディレクトリを作り、root/data にレコードを書いてください",
    "%(finding)s (and %(more)d more)": "%(finding)s (ほかに %(more)d 件)",
    "%(path)s is missing: create it with tinydns-conf": "%(path)s がありません: tinydns-conf で作ってください",
    "line %(line)d `%(text)s`: %(address)s has no PTR, so `dig -x %(address)s` finds nothing: write `=` "
    "instead of `+` for the host's main name (`=` makes the A and its PTR), then run make":
        "%(line)d行目 `%(text)s`: %(address)s に PTR がないため、`dig -x %(address)s` で何も見つかりません: "
        "ホストの正式な名前の行は `+` ではなく `=` で書き (`=` は A と PTR の両方を作ります)、make を実行してください",
    "`=%(name)s:%(value)s` (or `+` for a second name of the address)":
        "`=%(name)s:%(value)s` (そのアドレスの2つ目の名前なら `+`)",
    "`=%(value)s:<address>` for the host": "ホストの `=%(value)s:<address>`",
    "a line for it": "それを表す行",
    "dnsq is not installed (Debian: djbdns-utils)": "dnsq がインストールされていません (Debian: djbdns-utils)",
    "no answer": "応答なし",
    "tinydns does not answer on %(server)s (dnsq %(type)s %(name)s %(server)s: %(output)s): is it up (svstat) "
    "and is env/IP %(server)s?":
        "tinydns が %(server)s で応答しません (dnsq %(type)s %(name)s %(server)s: %(output)s): 動いていますか (svstat)? "
        "env/IP は %(server)s ですか?",
    "the answer for %(name)s %(type)s is not authoritative: tinydns serves it only with a `.` line for its "
    "zone (then make)":
        "%(name)s %(type)s の応答が権威のある応答ではありません: tinydns はゾーンの `.` の行があるときだけ権威を持って"
        "答えます (書いたら make を実行してください)",
    "no SOA for %(name)s: add `.%(name)s::%(ns)s` (the name server in full), then make":
        "%(name)s の SOA がありません: `.%(name)s::%(ns)s` (ネームサーバーは完全な名前で) を追加し、make を実行してください",
    "tinydns gives no %(name)s %(type)s %(value)s (it answers %(got)s): add %(fix)s to data, then make":
        "tinydns が %(name)s %(type)s %(value)s を返しません (応答: %(got)s): data に %(fix)s を追加し、make を"
        "実行してください",
    "tinydns answers %(name)s %(type)s also with %(extra)s, which the lab's records do not have: remove it "
    "from data, then make":
        "tinydns が %(name)s %(type)s に、ラボのレコードにない %(extra)s も返しています: data から消し、make を"
        "実行してください",
    "%(dir)s/env/IP is missing: tinydns-conf writes it; put the lab address %(ip)s there":
        "%(dir)s/env/IP がありません: tinydns-conf が作るファイルです。ラボのアドレス %(ip)s を書いてください",
    "%(dir)s/env/IP is missing: dnscache-conf writes it; put %(ip)s there":
        "%(dir)s/env/IP がありません: dnscache-conf が作るファイルです。%(ip)s を書いてください",
    "tinydns (%(tiny)s) and dnscache (%(cache)s) share an address: both need port 53 there, so one of them "
    "cannot start. Keep tinydns on the lab address %(tinydns_ip)s and move dnscache to %(dnscache_ip)s (echo "
    "%(dnscache_ip)s > %(dnscache_dir)s/env/IP; svc -t %(service_dir)s/dnscache)":
        "tinydns (%(tiny)s) と dnscache (%(cache)s) が同じアドレスを使っています: どちらもそのアドレスのポート 53 を"
        "使うため、片方が起動できません。tinydns はラボのアドレス %(tinydns_ip)s のままにして、dnscache を "
        "%(dnscache_ip)s に移してください (echo %(dnscache_ip)s > %(dnscache_dir)s/env/IP; svc -t "
        "%(service_dir)s/dnscache)",
    "tinydns listens on %(tiny)s, not on the lab address %(ip)s: echo %(ip)s > %(dir)s/env/IP; svc -t "
    "%(service_dir)s/tinydns":
        "tinydns がラボのアドレス %(ip)s ではなく %(tiny)s で待ち受けています: echo %(ip)s > %(dir)s/env/IP; "
        "svc -t %(service_dir)s/tinydns を実行してください",
    "dnscache refuses %(client)s: touch %(root)s/ip/%(client)s (a file per allowed address or prefix)":
        "dnscache が %(client)s を拒否します: touch %(root)s/ip/%(client)s を実行してください "
        "(許可するアドレスやプレフィックスごとにファイルを1つ作ります)",
    "dnscache does not ask tinydns for %(name)s: echo %(ip)s > %(path)s, then svc -t %(service_dir)s/dnscache "
    "(dnscache reads servers/ when it starts)":
        "dnscache が %(name)s を tinydns に問い合わせません: echo %(ip)s > %(path)s を実行してから "
        "svc -t %(service_dir)s/dnscache を実行してください (dnscache は起動時に servers/ を読みます)",
    "dnsqr is not installed (Debian: djbdns-utils)": "dnsqr がインストールされていません (Debian: djbdns-utils)",
    "dnscache on %(ip)s cannot resolve %(name)s %(type)s (%(error)s): check that dnscache is up, that "
    "root/servers/%(zone)s holds tinydns's address %(tinydns_ip)s and root/ip/ allows 127.0.0.1":
        "%(ip)s の dnscache が %(name)s %(type)s を解決できません (%(error)s): dnscache が動いているか、"
        "root/servers/%(zone)s に tinydns のアドレス %(tinydns_ip)s があるか、root/ip/ で 127.0.0.1 を許可しているかを"
        "確かめてください",
    "dnscache answers %(name)s %(type)s with %(got)s, not %(want)s: an old answer in the cache? svc -t "
    "%(service_dir)s/dnscache empties it":
        "dnscache が %(name)s %(type)s に %(want)s ではなく %(got)s を返します: キャッシュに古い応答が残っていませんか? "
        "svc -t %(service_dir)s/dnscache でキャッシュが空になります",

    # ------------------------------------------------------------ day 7, one DNS server (checks/providers.py)
    "lab_dns_server chooses one: re-run playbooks/day07.yml (BIND) or playbooks/djbdns.yml (tinydns), which "
    "stop the other; by hand: systemctl disable --now named, or touch /etc/service/tinydns/down && svc -d "
    "/etc/service/tinydns":
        "どちらを使うかは lab_dns_server で選びます: playbooks/day07.yml (BIND) か playbooks/djbdns.yml (tinydns) を"
        "もう一度実行すると、もう一方は止まります。手で止めるなら systemctl disable --now named、または "
        "touch /etc/service/tinydns/down && svc -d /etc/service/tinydns を実行してください",
    "%(servers)s both run for port 53 of %(address)s: only one can answer there. %(fix)s":
        "%(servers)s が両方とも %(address)s のポート 53 のために動いています: そこで答えられるのは1つだけです。%(fix)s",
    "no DNS server runs: start the one of your track (%(track)s)":
        "DNS サーバーが動いていません: あなたのトラック (%(track)s) のサーバーを起動してください",
    "%(server)s runs, but the lab's DNS track is %(track)s. %(fix)s":
        "%(server)s が動いていますが、ラボの DNS トラックは %(track)s です。%(fix)s",

    # ------------------------------------------------------------ day 8, mail (checks/day08.py)
    "%(message)s %(fix)s": "%(message)s 直し方: %(fix)s",
    "Postfix is not installed: apt install postfix / dnf install postfix":
        "Postfix がインストールされていません: apt install postfix / dnf install postfix を実行してください",
    "Postfix is not running: systemctl enable --now postfix, then journalctl -u postfix if it stops again":
        "Postfix が動いていません: systemctl enable --now postfix を実行し、また止まるときは journalctl -u postfix で"
        "理由を確かめてください",
    "Postfix runs but does not listen on port 25: check the smtp line of master.cf and inet_interfaces in main.cf":
        "Postfix は動いていますが、ポート 25 で待ち受けていません: master.cf の smtp の行と main.cf の "
        "inet_interfaces を確かめてください",
    "postfix check reports problems: %(problems)s. Fix main.cf/master.cf (or the file permissions it names), "
    "then postfix reload":
        "postfix check が問題を報告しています: %(problems)s。main.cf/master.cf (または示されたファイルの権限) を"
        "直して、postfix reload を実行してください",
    "postconf cannot read main.cf": "postconf が main.cf を読めません",
    "mail for @%(domain)s is not delivered here: add $mydomain to mydestination in main.cf "
    "(mydomain = %(domain)s), then postfix reload":
        "@%(domain)s 宛てのメールがこのサーバーに配送されません: main.cf の mydestination に $mydomain を追加し "
        "(mydomain = %(domain)s)、postfix reload を実行してください",
    "mydomain is %(got)s, not %(domain)s": "mydomain が %(domain)s ではなく %(got)s です",
    "%(entry)s (a lookup table: its networks are not checked here)":
        "%(entry)s (参照テーブルです: その中のネットワークはここでは確かめません)",
    "%(entry)s (not a network)": "%(entry)s (ネットワークではありません)",
    "mynetworks lets %(entries)s relay mail through this server, beyond the lab (%(lab)s): set "
    "mynetworks = 127.0.0.0/8 %(lab)s in main.cf, then postfix reload":
        "mynetworks のせいで、ラボ (%(lab)s) の外の %(entries)s がこのサーバーを通してメールを中継できます: main.cf に "
        "mynetworks = 127.0.0.0/8 %(lab)s と書いて、postfix reload を実行してください",
    "%(name)s permits every client before reject_unauth_destination: the server is an open relay. Use %(fix)s":
        "%(name)s が reject_unauth_destination より前ですべてのクライアントを許可しています: このサーバーは"
        "オープンリレーです。%(fix)s と書いてください",
    "%(name)s never rejects mail for other domains (no reject_unauth_destination): the server may relay for "
    "anyone. Use %(fix)s":
        "%(name)s がほかのドメイン宛てのメールを拒否しません (reject_unauth_destination がありません): このサーバーは"
        "誰のメールでも中継するおそれがあります。%(fix)s と書いてください",
    "neither smtpd_relay_restrictions nor smtpd_recipient_restrictions is set: use %(fix)s":
        "smtpd_relay_restrictions も smtpd_recipient_restrictions も設定されていません: %(fix)s と書いてください",
    "%(path)s does not exist: create it (postmaster: root, root: %(user)s) and run newaliases":
        "%(path)s がありません: postmaster: root と root: %(user)s の行を書いて作り、newaliases を実行してください",
    "%(path)s was edited after %(built)s was built: run newaliases so Postfix sees the change":
        "%(built)s を作ったあとに %(path)s が編集されています: Postfix に変更を反映させるため newaliases を"
        "実行してください",
    "postmaster has no alias: add 'postmaster: root' to %(path)s and run newaliases (mail to postmaster must "
    "reach an administrator)":
        "postmaster の別名がありません: %(path)s に 'postmaster: root' を追加し、newaliases を実行してください "
        "(postmaster 宛てのメールは管理者に届かなければなりません)",
    "%(names)s not up: svc -u %(paths)s (and look at %(dir)s/<name>/log/main/current)":
        "%(names)s が動いていません: svc -u %(paths)s を実行してください (%(dir)s/<name>/log/main/current も"
        "見てください)",
    "qmail-smtpd is up but tcpserver does not listen on port 25: another program holds it (see check 40) or the "
    "run script names another port":
        "qmail-smtpd は動いていますが、tcpserver がポート 25 で待ち受けていません: ほかのプログラムがポートを"
        "使っている (チェック 40 を見てください) か、run スクリプトが別のポートを指定しています",
    "%(domain)s is not in %(dir)s/locals: qmail does not deliver mail for @%(domain)s here. echo %(domain)s >> "
    "%(dir)s/locals && svc -h %(service_dir)s/qmail-send":
        "%(dir)s/locals に %(domain)s がありません: qmail は @%(domain)s 宛てのメールをこのサーバーに配送しません。"
        "echo %(domain)s >> %(dir)s/locals && svc -h %(service_dir)s/qmail-send を実行してください",
    "%(path)s does not exist: write the rules (127.0.0.1:allow,RELAYCLIENT=\"\" / 192.168.0.:allow,RELAYCLIENT=\"\" "
    "/ :allow) and compile them with tcprules":
        "%(path)s がありません: ルール (127.0.0.1:allow,RELAYCLIENT=\"\" / 192.168.0.:allow,RELAYCLIENT=\"\" / "
        ":allow) を書いて、tcprules でコンパイルしてください",
    "no SMTP service on %(address)s port 25 (%(error)s): the MTA must listen on the lab address (Postfix: "
    "inet_interfaces = all; qmail: tcpserver 0 smtp)":
        "%(address)s のポート 25 に SMTP サービスがありません (%(error)s): MTA はラボのアドレスで待ち受けなければ"
        "なりません (Postfix: inet_interfaces = all、qmail: tcpserver 0 smtp)",
    "the server on port 25 did not greet with 220": "ポート 25 のサーバーが 220 で挨拶しませんでした",
    "there is no user %(user)s: create the trainee account (day 6)":
        "ユーザー %(user)s がいません: 受講者のアカウントを作ってください (6日目)",
    "cannot send a test message to %(rcpt)s over SMTP on 127.0.0.1:25 (%(error)s)":
        "127.0.0.1:25 の SMTP で %(rcpt)s にテストメッセージを送れません (%(error)s)",
    "the MTA refused mail for %(rcpt)s: %(answer)s. The domain must be local (Postfix: mydestination; qmail: "
    "locals and rcpthosts)":
        "MTA が %(rcpt)s 宛てのメールを拒否しました: %(answer)s。このドメインをローカルにしてください (Postfix: "
        "mydestination、qmail: locals と rcpthosts)",
    ": it went to %(path)s (mbox) instead. Postfix: home_mailbox = Maildir/ in main.cf; qmail: ./Maildir/ as "
    "qmail-start's default delivery":
        "。代わりに %(path)s (mbox) に届いています。Postfix なら main.cf に home_mailbox = Maildir/ を、qmail なら "
        "qmail-start の既定の配送先に ./Maildir/ を指定してください",
    ": it went to %(path)s instead; the lab delivers to mbox (remove home_mailbox)":
        "。代わりに %(path)s に届いています。ラボは mbox に配送します (home_mailbox を消してください)",
    "the test message to %(rcpt)s was accepted but did not reach %(places)s within %(wait)d s%(hint)s. Look at the "
    "mail log (journalctl -u postfix, or qmail-send's log)":
        "%(rcpt)s 宛てのテストメッセージは受け付けられましたが、%(wait)d 秒以内に %(places)s に届きませんでした"
        "%(hint)s。メールのログを見てください (journalctl -u postfix、または qmail-send のログ)",
    "Dovecot is not installed: apt install dovecot-pop3d dovecot-imapd / dnf install dovecot":
        "Dovecot がインストールされていません: apt install dovecot-pop3d dovecot-imapd / dnf install dovecot を"
        "実行してください",
    "doveconf cannot read dovecot.conf: %(error)s. Fix the line it names, then systemctl restart dovecot":
        "doveconf が dovecot.conf を読めません: %(error)s。示された行を直して、systemctl restart dovecot を"
        "実行してください",
    "whatever it guesses": "推測した場所",
    "the MTA delivers to %(where)s but Dovecot reads %(location)s, so POP3 shows an empty mailbox: set "
    "mail_location = %(line)s and systemctl restart dovecot":
        "MTA は %(where)s に配送していますが、Dovecot は %(location)s を読んでいるので、POP3 ではメールボックスが"
        "空に見えます: mail_location = %(line)s と書いて、systemctl restart dovecot を実行してください",
    "Dovecot is not running: systemctl enable --now dovecot":
        "Dovecot が動いていません: systemctl enable --now dovecot を実行してください",
    "Dovecot serves pop3s itself: protocols = pop3 with ssl = yes; look at journalctl -u dovecot":
        "pop3s は Dovecot 自身が提供します: protocols = pop3 と ssl = yes を設定し、journalctl -u dovecot を"
        "見てください",
    "protocols = pop3 imap in dovecot.conf, then systemctl restart dovecot":
        "dovecot.conf に protocols = pop3 imap と書いて、systemctl restart dovecot を実行してください",
    "no %(name)s on port %(port)d (%(error)s): %(fix)s":
        "ポート %(port)d に %(name)s がありません (%(error)s): %(fix)s",
    "the server answers %(name)s, but there is no credentials file %(path)s (the labeval role writes it from "
    "lab_user_password) to log in as %(user)s":
        "サーバーは %(name)s に応答していますが、%(user)s としてログインするための認証ファイル %(path)s がありません "
        "(labeval ロールが lab_user_password から作ります)",
    "%(name)s login as %(user)s failed (%(error)s): the trainee logs in with the Linux password; check "
    "auth_mechanisms, disable_plaintext_auth and passdb in dovecot.conf":
        "%(user)s としての %(name)s ログインに失敗しました (%(error)s): 受講者は Linux のパスワードでログインします。"
        "dovecot.conf の auth_mechanisms、disable_plaintext_auth、passdb を確かめてください",

    # ------------------------------------------------------------ day 8, one MTA on port 25 (checks/providers.py)
    "lab_mta chooses one: re-run playbooks/day08.yml (Postfix) or playbooks/qmail.yml (qmail), which stop the "
    "other; by hand: systemctl disable --now postfix, or touch /etc/service/qmail-smtpd/down "
    "/etc/service/qmail-send/down && svc -d /etc/service/qmail-*":
        "どちらを使うかは lab_mta で選びます: playbooks/day08.yml (Postfix) か playbooks/qmail.yml (qmail) を"
        "もう一度実行すると、もう一方は止まります。手で止めるなら systemctl disable --now postfix、または "
        "touch /etc/service/qmail-smtpd/down /etc/service/qmail-send/down && svc -d /etc/service/qmail-* を"
        "実行してください",
    "%(servers)s run at once for port 25: only one can listen there and the other fails or answers in its place. "
    "%(fix)s":
        "%(servers)s が同時にポート 25 のために動いています: そこで待ち受けられるのは1つだけで、もう一方は失敗するか、"
        "代わりに応答してしまいます。%(fix)s",
    "no MTA runs: start the one of your track (%(track)s)":
        "MTA が動いていません: あなたのトラック (%(track)s) の MTA を起動してください",
    "%(server)s runs, but the lab's mail track is %(track)s. %(fix)s":
        "%(server)s が動いていますが、ラボのメールのトラックは %(track)s です。%(fix)s",

    # ------------------------------------------------------------ day 10 (checks/day10.py)
    "cannot list the listening sockets (ss -ltnp failed): run labeval as root":
        "待ち受け中のソケットを一覧できません (ss -ltnp が失敗しました): labeval は root で実行してください",
    "smbd is not listening on port 445: systemctl start %(service)s, then journalctl -u %(service)s if it "
    "does not stay up":
        "smbd がポート 445 で待ち受けていません: systemctl start %(service)s を実行し、すぐ止まるときは "
        "journalctl -u %(service)s で理由を確かめてください",
    "testparm is not installed: install Samba (apt install samba / dnf install samba)":
        "testparm がインストールされていません: Samba をインストールしてください (apt install samba / dnf install samba)",
    "testparm -s cannot load smb.conf (%(errors)s): fix the line it names, then systemctl restart %(service)s":
        "testparm -s が smb.conf を読み込めません (%(errors)s): 示された行を直してから systemctl restart %(service)s を"
        "実行してください",
    "testparm -s: %(errors)s. Samba ignores such a line, so the setting you wanted does not apply: correct "
    "the parameter name or value in smb.conf":
        "testparm -s: %(errors)s。Samba はこのような行を無視するため、意図した設定が効きません: smb.conf の"
        "パラメーター名か値を直してください",
    "testparm -s fails, so the shares cannot be read: fix smb.conf first (check 2)":
        "testparm -s が失敗するため、共有を読み取れません: まず smb.conf を直してください (チェック 2)",
    "smb.conf has no [%(name)s] share: add it with path = %(path)s":
        "smb.conf に [%(name)s] 共有がありません: path = %(path)s で追加してください",
    "the path %(path)s of share [%(name)s] does not exist, so connecting to \\\\server\\%(name)s fails (tree "
    "connect failed: NT_STATUS_BAD_NETWORK_NAME): mkdir -p %(path)s and set its owner and mode, or correct "
    "\"path =\" in smb.conf":
        "共有 [%(name)s] のパス %(path)s がないため、\\\\server\\%(name)s への接続が失敗します (tree connect failed: "
        "NT_STATUS_BAD_NETWORK_NAME): mkdir -p %(path)s で作って所有者と権限を設定するか、smb.conf の \"path =\" を"
        "直してください",
    "the path %(path)s of share [%(name)s] is not a directory":
        "共有 [%(name)s] のパス %(path)s がディレクトリではありません",
    "%(path)s (share [%(name)s]) belongs to %(got)s, not %(owner)s: chown %(owner)s %(path)s":
        "%(path)s (共有 [%(name)s]) の所有者が %(owner)s ではなく %(got)s です: chown %(owner)s %(path)s を"
        "実行してください",
    "%(path)s (share [%(name)s]) has the group %(got)s, not %(group)s: chgrp %(group)s %(path)s":
        "%(path)s (共有 [%(name)s]) のグループが %(group)s ではなく %(got)s です: chgrp %(group)s %(path)s を"
        "実行してください",
    "pdbedit -Lw failed (%(error)s): is Samba installed?":
        "pdbedit -Lw が失敗しました (%(error)s): Samba はインストールされていますか?",
    "%(user)s is not a Samba user (a Unix password is not enough: Samba keeps its own): run smbpasswd -a "
    "%(user)s":
        "%(user)s は Samba のユーザーではありません (Unix のパスワードだけでは足りません。Samba は独自のパスワードを"
        "持ちます): smbpasswd -a %(user)s を実行してください",
    "the Samba account of %(user)s is disabled: smbpasswd -e %(user)s":
        "%(user)s の Samba アカウントが無効になっています: smbpasswd -e %(user)s を実行してください",
    "the Samba account of %(user)s has no password, so every command gets NT_STATUS_ACCESS_DENIED: "
    "smbpasswd %(user)s":
        "%(user)s の Samba アカウントにパスワードがないため、どのコマンドも NT_STATUS_ACCESS_DENIED になります: "
        "smbpasswd %(user)s を実行してください",
    "no smbclient credentials file %(path)s (the samba role writes it, root only): create it with the lines "
    "\"username = %(user)s\" and \"password = ...\", chmod 600":
        "smbclient の認証ファイル %(path)s がありません (samba ロールが root だけが読めるように作ります): "
        "\"username = %(user)s\" と \"password = ...\" の行を書いて作り、chmod 600 してください",
    "smbclient is not installed: apt install smbclient / dnf install samba-client":
        "smbclient がインストールされていません: apt install smbclient / dnf install samba-client を実行してください",
    "check the user's Samba password (smbpasswd %(user)s)":
        "ユーザーの Samba パスワードを確かめてください (smbpasswd %(user)s)",
    "smbd is not reachable on localhost: add lo to \"interfaces\" and 127.0.0.1 to \"hosts allow\"":
        "localhost で smbd に接続できません: \"interfaces\" に lo を、\"hosts allow\" に 127.0.0.1 を追加してください",
    "the user or password is refused: smbpasswd -a %(user)s sets the Samba password":
        "ユーザーかパスワードが拒否されました: smbpasswd -a %(user)s で Samba のパスワードを設定してください",
    "smbclient -L //localhost -U %(user)s failed (%(status)s): %(fix)s":
        "smbclient -L //localhost -U %(user)s が失敗しました (%(status)s): %(fix)s",
    "smbclient -L does not list the share %(share)s: add [%(share)s] to smb.conf (browseable)":
        "smbclient -L に共有 %(share)s が出ません: smb.conf に [%(share)s] を追加してください (browseable)",
    "cannot read %(path)s to send": "送るための %(path)s を読めません",
    "the share %(share)s cannot be opened (NT_STATUS_BAD_NETWORK_NAME): its path does not exist or the share "
    "is not defined; see check 3":
        "共有 %(share)s を開けません (NT_STATUS_BAD_NETWORK_NAME): パスがないか、共有が定義されていません。"
        "チェック 3 を見てください",
    "%(user)s may not write to the share %(share)s (NT_STATUS_ACCESS_DENIED): make the directory writable for "
    "the user (owner, group or \"force group\") and \"read only = no\"":
        "%(user)s は共有 %(share)s に書き込めません (NT_STATUS_ACCESS_DENIED): ディレクトリをそのユーザーが書き込める"
        "ようにし (所有者、グループ、または \"force group\")、\"read only = no\" にしてください",
    "put/get through the share %(share)s failed (%(status)s)": "共有 %(share)s での put/get が失敗しました (%(status)s)",
    "the file read back from the share %(share)s differs from the one sent":
        "共有 %(share)s から読み戻したファイルが、送ったものと違います",
    "xinetd is %(state)s: systemctl enable --now xinetd (its services are in /etc/xinetd.d)":
        "xinetd が %(state)s です: systemctl enable --now xinetd を実行してください (サービスは /etc/xinetd.d に"
        "あります)",
    "%(unit)s is %(state)s: systemctl enable --now %(unit)s":
        "%(unit)s が %(state)s です: systemctl enable --now %(unit)s を実行してください",
    "%(name)s accepts on %(host)s:%(port)s but closes at once (only_from does not allow %(host)s, or the "
    "server program fails): check only_from and the server path":
        "%(name)s は %(host)s:%(port)s で接続を受け付けますが、すぐに切断します (only_from が %(host)s を許可して"
        "いないか、サーバープログラムが失敗しています): only_from とサーバーのパスを確かめてください",
    "%(name)s does not answer on %(host)s:%(port)s (%(state)s): enable it in %(how)s and reload the "
    "superserver":
        "%(name)s が %(host)s:%(port)s で応答しません (%(state)s): %(how)s で有効にし、スーパーサーバーを再読み込み"
        "してください",
    "%(name)s is disabled but %(host)s:%(port)s accepts connections: set it off (%(how)s) or find what else "
    "listens there (ss -ltnp)":
        "%(name)s は無効のはずですが、%(host)s:%(port)s が接続を受け付けます: 無効にするか (%(how)s)、ほかに何が"
        "待ち受けているかを調べてください (ss -ltnp)",

    # ------------------------------------------------------------ day 12 (checks/day12.py)
    "sshd is not installed: apt install openssh-server / dnf install openssh-server":
        "sshd がインストールされていません: apt install openssh-server / dnf install openssh-server を実行してください",
    "sshd -T cannot read the configuration (%(error)s): fix it first (check 1)":
        "sshd -T が設定を読めません (%(error)s): まず設定を直してください (チェック 1)",
    "sshd -t refuses the configuration (%(errors)s): sshd would not start again; fix that line, run sshd -t "
    "until it is silent, then systemctl reload %(service)s":
        "sshd -t が設定を受け付けません (%(errors)s): このままでは sshd が次に起動できません。その行を直し、sshd -t が"
        "何も言わなくなるまで確かめてから systemctl reload %(service)s を実行してください",
    "sshd is not listening on port %(port)d: systemctl start %(service)s (journalctl -u %(service)s tells why "
    "it stopped)":
        "sshd がポート %(port)d で待ち受けていません: systemctl start %(service)s を実行してください "
        "(止まった理由は journalctl -u %(service)s で分かります)",
    "PermitRootLogin is %(got)s, the lab wants %(want)s: set \"PermitRootLogin %(want)s\" near the top of "
    "sshd_config (the first value sshd reads wins, drop-ins included), sshd -t, then reload":
        "PermitRootLogin が %(got)s ですが、ラボでは %(want)s にします: sshd_config の先頭近くに "
        "\"PermitRootLogin %(want)s\" と書き (sshd は drop-in も含めて最初に読んだ値を使います)、sshd -t で"
        "確かめてから reload してください",
    "keys only: a guessed password then gets nobody in": "鍵だけにすれば、パスワードを推測されても誰も入れません",
    "the lab still lets users log in with a password": "ラボではまだパスワードでのログインを認めます",
    "PasswordAuthentication is %(got)s, the lab wants %(want)s (%(why)s): set \"PasswordAuthentication "
    "%(want)s\" near the top of sshd_config, sshd -t, then reload":
        "PasswordAuthentication が %(got)s ですが、ラボでは %(want)s にします (%(why)s): sshd_config の先頭近くに "
        "\"PasswordAuthentication %(want)s\" と書き、sshd -t で確かめてから reload してください",
    "both PasswordAuthentication and PubkeyAuthentication are off: nobody can log in; set "
    "PubkeyAuthentication yes":
        "PasswordAuthentication も PubkeyAuthentication も off です: 誰もログインできません。"
        "PubkeyAuthentication yes にしてください",
    "%(user)s does not exist (day 6): useradd -m %(user)s":
        "%(user)s がいません (6日目): useradd -m %(user)s を実行してください",
    "%(dir)s does not exist: as %(user)s, mkdir -m 700 ~/.ssh and put the public key (id_ed25519.pub of the "
    "client) in ~/.ssh/authorized_keys, chmod 600":
        "%(dir)s がありません: %(user)s で mkdir -m 700 ~/.ssh を実行し、公開鍵 (クライアントの id_ed25519.pub) を "
        "~/.ssh/authorized_keys に入れて chmod 600 してください",
    "%(path)s belongs to uid %(uid)d, not %(user)s: chown %(user)s: %(path)s":
        "%(path)s の所有者が %(user)s ではなく uid %(uid)d です: chown %(user)s: %(path)s を実行してください",
    "%(path)s has mode %(mode)s: chmod 700 %(path)s (sshd's StrictModes ignores keys in a directory others "
    "can write)":
        "%(path)s の権限が %(mode)s です: chmod 700 %(path)s を実行してください (sshd の StrictModes は、他人が"
        "書き込めるディレクトリの鍵を無視します)",
    "%(path)s does not exist: append the client's public key (ssh-copy-id %(user)s@<server> does it)":
        "%(path)s がありません: クライアントの公開鍵を追加してください (ssh-copy-id %(user)s@<server> で追加できます)",
    "%(path)s has mode %(mode)s: chmod 600 %(path)s (sshd's StrictModes ignores a key file others can write: "
    "\"Authentication refused: bad ownership or modes\")":
        "%(path)s の権限が %(mode)s です: chmod 600 %(path)s を実行してください (sshd の StrictModes は、他人が"
        "書き込める鍵ファイルを無視します: \"Authentication refused: bad ownership or modes\")",
    "%(path)s holds no public key: append one line of the client's id_ed25519.pub (ssh-ed25519 AAAA... "
    "comment)":
        "%(path)s に公開鍵がありません: クライアントの id_ed25519.pub の1行 (ssh-ed25519 AAAA... comment) を"
        "追加してください",
    "AllowTcpForwarding is %(got)s, so ssh -L gets \"administratively prohibited\": set \"AllowTcpForwarding "
    "%(want)s\" in sshd_config, sshd -t, then reload":
        "AllowTcpForwarding が %(got)s のため、ssh -L が \"administratively prohibited\" になります: sshd_config に "
        "\"AllowTcpForwarding %(want)s\" と書き、sshd -t で確かめてから reload してください",
    "AllowTcpForwarding is %(got)s, the lab wants %(want)s":
        "AllowTcpForwarding が %(got)s ですが、ラボでは %(want)s にします",
    "the plain-text service": "平文のサービス",
    "nothing listens on port %(port)d: enable %(name)s in the superserver (bind = 127.0.0.1) and reload it":
        "ポート %(port)d で何も待ち受けていません: スーパーサーバーで %(name)s を有効にし (bind = 127.0.0.1)、"
        "再読み込みしてください",
    "port %(port)d listens on %(addresses)s, so the plain text crosses the network: bind the service to "
    "127.0.0.1 only (xinetd \"bind = 127.0.0.1\", or ListenStream=127.0.0.1:%(port)d) and reach it with ssh "
    "-L %(port)d:localhost:%(port)d":
        "ポート %(port)d が %(addresses)s で待ち受けているため、平文がネットワークを流れます: サービスを 127.0.0.1 だけに"
        "バインドし (xinetd なら \"bind = 127.0.0.1\"、または ListenStream=127.0.0.1:%(port)d)、"
        "ssh -L %(port)d:localhost:%(port)d で接続してください",
    "%(name)s listens on 127.0.0.1:%(port)d but does not answer (%(state)s): check its server program and "
    "only_from":
        "%(name)s は 127.0.0.1:%(port)d で待ち受けていますが応答しません (%(state)s): サーバープログラムと "
        "only_from を確かめてください",
    "%(address)s:%(port)d accepts connections: the service must not be reachable from the lab network":
        "%(address)s:%(port)d が接続を受け付けます: このサービスにラボのネットワークから接続できてはいけません",

    # ------------------------------------------------------------ day 13, SSL mail (checks/day13.py)
    "SMTPS on port %(port)s does not answer (%(error)s): see check 5":
        "ポート %(port)s の SMTPS が応答しません (%(error)s): チェック 5 を見てください",
    "SMTPS relays mail for other domains for anyone who reaches port %(port)s: stunnel's "
    "connections all come from 127.0.0.1, which mynetworks (Postfix) or a "
    "127.0.0.1:allow,RELAYCLIENT=\"\" rule (qmail) trusts. Point stunnel's connect at an "
    "smtpd that does not trust it (Postfix: a master.cf service on 127.0.0.1:10465 with "
    "-o mynetworks= -o smtpd_relay_restrictions=permit_sasl_authenticated,"
    "reject_unauth_destination)":
        "ポート %(port)s に届く人なら誰でも、SMTPS で他のドメイン宛てのメールを中継できてしまいます: stunnel からの接続は"
        "すべて 127.0.0.1 から来るので、mynetworks (Postfix) や 127.0.0.1:allow,RELAYCLIENT=\"\" の規則 (qmail) に"
        "信頼されてしまいます。stunnel の connect を、127.0.0.1 を信頼しない smtpd に向けてください (Postfix: "
        "master.cf に 127.0.0.1:10465 のサービスを作り、-o mynetworks= -o smtpd_relay_restrictions="
        "permit_sasl_authenticated,reject_unauth_destination を付ける)",
    "%(path)s does not exist: make the certificate and key (openssl req -new -x509 -nodes -keyout %(key)s -out "
    "%(cert)s) or re-run playbooks/day13.yml":
        "%(path)s がありません: 証明書と鍵を作る (openssl req -new -x509 -nodes -keyout %(key)s -out %(cert)s) か、"
        "playbooks/day13.yml をもう一度実行してください",
    "%(cert)s is not a PEM certificate (%(error)s): a file corrupted on the way shows 'no start line'; copy it "
    "again and compare with diff":
        "%(cert)s は PEM 形式の証明書ではありません (%(error)s): 途中で壊れたファイルでは 'no start line' と"
        "出ます。もう一度コピーして diff で比べてください",
    "the certificate %(cert)s has expired: make a new one and restart stunnel and Dovecot":
        "証明書 %(cert)s の有効期限が切れています: 新しく作り、stunnel と Dovecot を再起動してください",
    "%(path)s does not exist: the lab runs stunnel %(mode)s; write it (or re-run playbooks/day13.yml)":
        "%(path)s がありません: ラボは stunnel を %(mode)s で動かします。このファイルを書いてください "
        "(または playbooks/day13.yml をもう一度実行してください)",
    "no service of %(path)s accepts port %(port)s: add [smtps] accept = %(port)s connect = 25":
        "%(path)s のどのサービスもポート %(port)s を受け付けていません: [smtps] accept = %(port)s connect = 25 を"
        "追加してください",
    "stunnel's own daemon runs while the lab starts smtps from the superserver: only one can bind %(port)d. "
    "systemctl disable --now %(service)s":
        "ラボは smtps をスーパーサーバーから起動するのに、stunnel 自身のデーモンが動いています: %(port)d を"
        "使えるのは1つだけです。systemctl disable --now %(service)s を実行してください",
    "the superserver does not listen on %(port)d: enable the smtps service (xinetd: disable = no in "
    "/etc/xinetd.d/smtps, systemctl reload xinetd; systemd: systemctl enable --now smtps.socket)":
        "スーパーサーバーが %(port)d で待ち受けていません: smtps サービスを有効にしてください (xinetd: "
        "/etc/xinetd.d/smtps に disable = no と書いて systemctl reload xinetd、systemd: "
        "systemctl enable --now smtps.socket)",
    " The superserver holds the port: disable its smtps service or set lab_stunnel_mode: superserver.":
        "スーパーサーバーがこのポートを使っています: その smtps サービスを無効にするか、"
        "lab_stunnel_mode: superserver にしてください。",
    "stunnel does not listen on %(port)d: systemctl restart %(service)s and read its log %(log)s (an 'Error "
    "binding' there means another program holds a port of stunnel.conf).%(hint)s":
        "stunnel が %(port)d で待ち受けていません: systemctl restart %(service)s を実行し、ログ %(log)s を"
        "読んでください ('Error binding' があれば、stunnel.conf のポートをほかのプログラムが使っています)。%(hint)s",
    "SMTPS on port %(port)s failed (%(error)s): stunnel must accept TLS there and connect to the MTA on "
    "127.0.0.1:25; its log %(log)s says why":
        "ポート %(port)s の SMTPS が失敗しました (%(error)s): stunnel がそこで TLS を受け付け、127.0.0.1:25 の "
        "MTA に接続しなければなりません。理由はログ %(log)s に書かれています",
    "TLS works on %(port)s but no SMTP greeting came through: is the MTA listening on 127.0.0.1:25 (stunnel's "
    "connect)?":
        "%(port)s で TLS は動いていますが、SMTP の挨拶が届きません: MTA は 127.0.0.1:25 (stunnel の connect) で"
        "待ち受けていますか?",
    "not run / not successful / not finished? — there is no stunnel log %(log)s: set output = %(log)s and "
    "debug = 5 in stunnel.conf":
        "not run / not successful / not finished? — stunnel のログ %(log)s がありません: stunnel.conf に "
        "output = %(log)s と debug = 5 を書いてください",
    "stunnel could not start: %(why)s": "stunnel が起動できませんでした: %(why)s",
    "not run / not successful / not finished? — the log does not tell: no mail client has used smtps yet. Send "
    "a mail to %(user)s@%(domain)s through port %(port)s from your mail client":
        "not run / not successful / not finished? — the log does not tell: ログからは判断できません。まだどの"
        "メールクライアントも smtps を使っていません。メールクライアントからポート %(port)s を通して "
        "%(user)s@%(domain)s にメールを送ってください",
    "the last smtps session from %(peer)s did not finish cleanly: %(why)s":
        "%(peer)s からの最後の smtps セッションが正常に終わっていません: %(why)s",
    "not running, so no SSL settings are in force: %(units)s. Read journalctl -u %(unit)s, fix the error, then "
    "systemctl restart %(units)s":
        "起動していないため、SSL の設定はどれも有効になっていません: %(units)s。journalctl -u %(unit)s を読んで"
        "エラーを直し、systemctl restart %(units)s を実行してください",
    "%(name)s has the login shell %(shell)s, so it can log in: usermod -s /sbin/nologin %(name)s":
        "%(name)s のログインシェルが %(shell)s なので、ログインできてしまいます: usermod -s /sbin/nologin %(name)s を"
        "実行してください",
    "%(name)s has no line in /etc/shadow, so its password state is unknown: pwconv, then passwd -l %(name)s":
        "%(name)s の行が /etc/shadow にないため、パスワードの状態がわかりません: pwconv を実行してから "
        "passwd -l %(name)s を実行してください",
    "%(name)s has a usable password (%(state)s) in /etc/shadow: passwd -l %(name)s":
        "%(name)s は /etc/shadow に使えるパスワード (%(state)s) を持っています: passwd -l %(name)s を実行してください",
    "alias_maps is empty, so local delivery reads no aliases (mail to postmaster bounces): alias_maps = "
    "hash:/etc/aliases in main.cf, then newaliases and postfix reload":
        "alias_maps が空なので、ローカル配送はエイリアスを読みません (postmaster 宛てのメールは戻ってきます): "
        "main.cf に alias_maps = hash:/etc/aliases を書き、newaliases と postfix reload を実行してください",
    "newaliases builds %(table)s (alias_database), but local delivery reads alias_maps = %(maps)s: name the same "
    "table in both":
        "newaliases が作るのは %(table)s (alias_database) ですが、ローカル配送が読むのは alias_maps = %(maps)s "
        "です: 両方に同じテーブルを書いてください",
    "a Match block sets %(keyword)s %(got)s for %(user)s logging in from the lab network (%(client)s), although "
    "the global value is %(plain)s: the lab wants %(want)s there too. Fix or remove that Match block in sshd_config "
    "(or a drop-in), check with sshd -T -C user=%(user)s,host=%(client)s,addr=%(client)s, then reload":
        "ラボネットワーク (%(client)s) からログインする %(user)s には Match ブロックが %(keyword)s %(got)s を"
        "設定しています (全体の値は %(plain)s)。ラボではそこでも %(want)s にします。sshd_config (またはドロップイン) "
        "のその Match ブロックを直すか削除し、sshd -T -C user=%(user)s,host=%(client)s,addr=%(client)s で確かめて"
        "から reload してください",
    "chronyc tracking printed no Leap status, so it cannot tell whether the clock is synchronised: compare "
    "chronyc -n tracking by hand":
        "chronyc tracking に Leap status がないため、時計が同期しているかわかりません: chronyc -n tracking を"
        "手で確かめてください",
    "chronyd runs but is not synchronised to any source (Leap status: %(leap)s): chronyc -n sources -v shows why. "
    "The lab has no Internet: name a lab time server (server ... iburst, lab_time_servers), or keep local stratum 10 "
    "in chrony.conf so the VM serves its own clock, then systemctl restart chrony":
        "chronyd は動いていますが、どのソースにも同期していません (Leap status: %(leap)s): 理由は chronyc -n sources "
        "-v でわかります。ラボにはインターネットがありません: ラボのタイムサーバー (server ... iburst、"
        "lab_time_servers) を書くか、chrony.conf に local stratum 10 を残して VM 自身の時計を配ってから、"
        "systemctl restart chrony を実行してください",
    "%(unit)s.service does not write the measurement to %(home)s/adjust: its ExecStart must run "
    "%(home)s/bin/sntpclock <server> with its output sent to %(home)s/adjust (ExecStart=/bin/sh -c 'exec "
    "%(home)s/bin/sntpclock SERVER > %(home)s/adjust')":
        "%(unit)s.service が測定結果を %(home)s/adjust に書きません: ExecStart で %(home)s/bin/sntpclock <server> "
        "を実行し、その出力を %(home)s/adjust に送ってください (ExecStart=/bin/sh -c 'exec "
        "%(home)s/bin/sntpclock SERVER > %(home)s/adjust')",
    "the ip command is missing, so the address in use cannot be read: install iproute2 (Debian: iproute2, EL: "
    "iproute)":
        "ip コマンドがないため、使用中のアドレスを読めません: iproute2 をインストールしてください (Debian: iproute2、"
        "EL: iproute)",
    "systemctl restart network (or ifdown %(device)s; ifup %(device)s)":
        "systemctl restart network (または ifdown %(device)s; ifup %(device)s)",
    "ifdown %(device)s && ifup %(device)s": "ifdown %(device)s && ifup %(device)s",
    "no IPv4 address": "IPv4 アドレスなし",
    "the file is right but %(device)s has %(applied)s, not %(want)s: the setting is not in use yet. Apply it: "
    "%(apply)s, then check with ip addr show %(device)s":
        "ファイルは正しいのですが、%(device)s のアドレスは %(want)s ではなく %(applied)s です: 設定がまだ使われて"
        "いません。%(apply)s で反映し、ip addr show %(device)s で確かめてください",
    "changed after the daemon started, so the old settings still run: %(files)s. systemctl restart %(units)s":
        "デーモンの起動後に変更されたため、まだ古い設定で動いています: %(files)s。systemctl restart %(units)s を"
        "実行してください",
    "no IMAPS on port 993 (%(error)s): protocols = imap pop3 and ssl = yes in dovecot.conf, then systemctl "
    "restart dovecot":
        "ポート 993 に IMAPS がありません (%(error)s): dovecot.conf に protocols = imap pop3 と ssl = yes を書いて、"
        "systemctl restart dovecot を実行してください",
    "no submission service on port 587 (%(error)s): uncomment the submission line in master.cf and postfix "
    "reload":
        "ポート 587 に submission サービスがありません (%(error)s): master.cf の submission の行のコメントを外して、"
        "postfix reload を実行してください",
    "587 does not offer STARTTLS: -o smtpd_tls_security_level=encrypt with a certificate (smtpd_tls_cert_file, "
    "smtpd_tls_key_file)":
        "587 が STARTTLS を提供していません: 証明書 (smtpd_tls_cert_file、smtpd_tls_key_file) とともに "
        "-o smtpd_tls_security_level=encrypt を指定してください",
    "587 offers AUTH before STARTTLS, so passwords may cross the network in clear: smtpd_tls_auth_only = yes":
        "587 が STARTTLS の前に AUTH を提供しているため、パスワードが暗号化されずにネットワークを流れるおそれが"
        "あります: smtpd_tls_auth_only = yes を設定してください",
    "587 offers no AUTH after STARTTLS: -o smtpd_sasl_auth_enable=yes with smtpd_sasl_type = dovecot and "
    "smtpd_sasl_path = private/auth":
        "587 が STARTTLS のあとに AUTH を提供していません: smtpd_sasl_type = dovecot と "
        "smtpd_sasl_path = private/auth とともに -o smtpd_sasl_auth_enable=yes を指定してください",

    # ------------------------------------------------------------ day 20 (checks/day20.py)
    "start it with systemctl start %(service)s and read journalctl -u %(service)s (by hand the wrapper is "
    "mysqld_safe; safe_mysqld is its old name and no longer exists)":
        "systemctl start %(service)s で起動し、journalctl -u %(service)s を読んでください (手で起動するときのラッパーは "
        "mysqld_safe です。safe_mysqld は古い名前で、今はありません)",
    "%(path)s is %(user)s:%(group)s": "%(path)s は %(user)s:%(group)s",
    "%(owners)s and %(more)d more": "%(owners)s、ほかに %(more)d 件",
    "the database server does not answer as root on %(socket)s: check 1 (mysql/server) first, then %(hint)s":
        "データベースサーバーが %(socket)s で root に応答しません: まずチェック 1 (mysql/server) を見て、%(hint)s",
    "%(service)s is %(state)s: %(hint)s": "%(service)s が %(state)s です: %(hint)s",
    "the client is missing: install mariadb-client":
        "クライアントがありません: mariadb-client をインストールしてください",
    "%(service)s runs but nothing answers on the socket %(socket)s (%(error)s): is socket= in the [mysqld] "
    "and [client] groups the same?":
        "%(service)s は動いていますが、ソケット %(socket)s で何も応答しません (%(error)s): [mysqld] と [client] の"
        "グループの socket= は同じですか?",
    "the data directory is not owned by mysql (%(owners)s), so the server ends at once (\"mysqld ended\"): "
    "chown -R mysql:mysql %(datadir)s":
        "データディレクトリの所有者が mysql ではないため (%(owners)s)、サーバーがすぐに終了します (\"mysqld ended\"): "
        "chown -R mysql:mysql %(datadir)s を実行してください",
    "the data directory %(datadir)s does not exist: create it with mariadb-install-db --user=mysql "
    "--datadir=%(datadir)s (or set datadir in the server settings)":
        "データディレクトリ %(datadir)s がありません: mariadb-install-db --user=mysql --datadir=%(datadir)s で作って"
        "ください (またはサーバーの設定で datadir を指定してください)",
    "the data directory %(datadir)s is not a directory": "データディレクトリ %(datadir)s がディレクトリではありません",
    "not owned by mysql:mysql: %(owners)s; the server runs as mysql, cannot write there and ends at once at "
    "its next start (the FAQ's \"mysqld ended\"): chown -R mysql:mysql %(datadir)s, then systemctl restart "
    "mariadb":
        "所有者が mysql:mysql ではありません: %(owners)s。サーバーは mysql ユーザーで動くためそこに書き込めず、次の起動で"
        "すぐに終了します (FAQ の \"mysqld ended\"): chown -R mysql:mysql %(datadir)s を実行してから "
        "systemctl restart mariadb を実行してください",
    "%(cnf)s does not exist, so the lab user's password is unknown here: write it (mode 600) with [client] "
    "user=%(user)s, password=..., host=%(address)s and [mysql] database=%(database)s":
        "%(cnf)s がないため、ここではラボのユーザーのパスワードが分かりません: [client] に user=%(user)s、"
        "password=...、host=%(address)s、[mysql] に database=%(database)s を書いて作ってください (権限 600)",
    "%(user)s cannot log in from the lab network (%(error)s): CREATE USER '%(user)s'@'%(hosts)s' IDENTIFIED BY "
    "'...' (a host pattern covering the lab network) and GRANT ALL ON %(database)s.* to it; the password must "
    "match %(cnf)s":
        "%(user)s がラボのネットワークからログインできません (%(error)s): CREATE USER '%(user)s'@'%(hosts)s' "
        "IDENTIFIED BY '...' (ラボのネットワークを含むホストのパターン) を実行し、GRANT ALL ON %(database)s.* で"
        "権限を与えてください。パスワードは %(cnf)s と同じにします",
    "%(user)s logs in but cannot use the database %(database)s (%(error)s): CREATE DATABASE %(database)s and "
    "GRANT ALL ON %(database)s.* to '%(user)s'":
        "%(user)s はログインできますが、データベース %(database)s を使えません (%(error)s): CREATE DATABASE "
        "%(database)s と GRANT ALL ON %(database)s.* to '%(user)s' を実行してください",
    "the server is down (%(service)s is %(state)s): see check 1 (mysql/server)":
        "サーバーが止まっています (%(service)s が %(state)s): チェック 1 (mysql/server) を見てください",
    "nothing answers on %(address)s port 3306 (%(error)s): set bind-address = %(address)s in the [mysqld] "
    "settings and restart the server (127.0.0.1 keeps the lab network out)":
        "%(address)s のポート 3306 で何も応答しません (%(error)s): [mysqld] の設定に bind-address = %(address)s と"
        "書き、サーバーを再起動してください (127.0.0.1 のままではラボのネットワークから接続できません)",
    "the lab user's query failed: %(error)s": "ラボのユーザーのクエリが失敗しました: %(error)s",
    "anonymous accounts let anyone in without a name: %(drops)s (or run mariadb-secure-installation)":
        "匿名アカウントがあると、誰でも名前なしでログインできます: %(drops)s を実行してください "
        "(または mariadb-secure-installation を実行してください)",
    "root may log in from the network (%(accounts)s): %(drops)s; root logs in on this host only, through the "
    "socket":
        "root がネットワークからログインできます (%(accounts)s): %(drops)s を実行してください。root はこのホストから"
        "ソケット経由でだけログインします",
    "the test database is still there (every user may create tables in it): DROP DATABASE test":
        "test データベースが残っています (どのユーザーもそこにテーブルを作れます): DROP DATABASE test を実行してください",

    # ------------------------------------------------------------ time keeping (checks/time.py)
    "or run playbooks/time.yml, which stops and disables the other provider":
        "または playbooks/time.yml を実行してください (もう一方を止めて無効にします)",
    "systemctl enable --now chrony (run playbooks/time.yml)":
        "systemctl enable --now chrony を実行してください (playbooks/time.yml を実行)",
    "ln -s the clockspeed service directory into svscan's directory (run playbooks/time.yml with "
    "lab_time_provider=clockspeed)":
        "clockspeed のサービスディレクトリを svscan のディレクトリに ln -s してください "
        "(lab_time_provider=clockspeed で playbooks/time.yml を実行)",
    "start the %(track)s time daemon": "時刻デーモン %(track)s を起動してください",
    "no time daemon runs, so the clock drifts: %(start)s": "時刻デーモンが動いていないため、時計がずれていきます: %(start)s",
    "stop %(name)s: %(fix)s": "%(name)s を止めてください: %(fix)s",
    "%(count)d time daemons run at once (%(names)s) and fight over the clock: keep one provider per job, "
    "%(keep)s; %(stop)s, %(playbook)s":
        "時刻デーモンが %(count)d 個同時に動いていて (%(names)s)、時計を取り合っています: 1つの仕事には1つのデーモンに"
        "して、%(keep)s を残してください。%(stop)s。%(playbook)s",
    "%(name)s runs, but this VM follows the %(track)s track: stop it (%(fix)s) and start %(track)s, "
    "%(playbook)s":
        "%(name)s が動いていますが、この VM は %(track)s トラックです: %(name)s を止めて (%(fix)s) %(track)s を"
        "起動してください。%(playbook)s",
    "chronyd does not run: systemctl enable --now chrony (journalctl -u chrony says why it stopped; in a "
    "container it needs -x, see /etc/default/chrony)":
        "chronyd が動いていません: systemctl enable --now chrony を実行してください (止まった理由は "
        "journalctl -u chrony で分かります。コンテナーでは -x が必要です。/etc/default/chrony を見てください)",
    "chronyd runs but chronyc tracking gets no answer (%(error)s): is cmdport disabled or bindcmdaddress wrong "
    "in chrony.conf?":
        "chronyd は動いていますが、chronyc tracking に応答がありません (%(error)s): chrony.conf で cmdport を無効に"
        "していませんか? bindcmdaddress は正しいですか?",
    "%(home)s/bin/clockspeed is not installed: build clockspeed (errno fix in conf-cc: gcc -O2 -include "
    "/usr/include/errno.h), then make setup check":
        "%(home)s/bin/clockspeed がインストールされていません: clockspeed をビルドし (conf-cc の errno の修正: "
        "gcc -O2 -include /usr/include/errno.h)、make setup check を実行してください",
    "%(link)s does not exist, so svscan does not supervise clockspeed: ln -s the service directory (with its "
    "run script) there":
        "%(link)s がないため、svscan が clockspeed を監視していません: サービスディレクトリ (run スクリプト入り) を"
        "そこに ln -s してください",
    "%(link)s/run is missing: write \"#!/bin/sh / exec 2>&1 / exec %(home)s/bin/clockspeed\" and chmod +x it":
        "%(link)s/run がありません: \"#!/bin/sh / exec 2>&1 / exec %(home)s/bin/clockspeed\" と書いて chmod +x して"
        "ください",
    "%(link)s/run does not exec clockspeed in the foreground (daemontools supervises the run script's own "
    "process): end it with \"exec %(home)s/bin/clockspeed\"":
        "%(link)s/run が clockspeed をフォアグラウンドで exec していません (daemontools が監視するのは run スクリプト"
        "自身のプロセスです): 最後を \"exec %(home)s/bin/clockspeed\" にしてください",
    "daemontools is not installed (no svstat), so nothing supervises clockspeed: install daemontools "
    "(playbooks with the daemontools role) and let svscan watch %(dir)s":
        "daemontools がインストールされていないため (svstat がありません)、clockspeed を誰も監視していません: "
        "daemontools をインストールし (daemontools ロールのあるプレイブック)、svscan に %(dir)s を監視させてください",
    "svstat failed": "svstat が失敗しました",
    "clockspeed is not up under daemontools (%(status)s): svc -u %(link)s, and check that svscan runs":
        "clockspeed が daemontools の下で動いていません (%(status)s): svc -u %(link)s を実行し、svscan が動いているか"
        "確かめてください",
    "%(path)s is missing: clockspeed learns the clock's drift only from measurements (sntpclock <server> > "
    "%(home)s/adjust) a few minutes, 2 hours, 2 days, 2 weeks and 2 months after the start; run "
    "playbooks/time.yml":
        "%(path)s がありません: clockspeed が時計のずれを学ぶのは、開始から数分後、2時間後、2日後、2週間後、2か月後の"
        "測定 (sntpclock <server> > %(home)s/adjust) だけです: playbooks/time.yml を実行してください",
    "the timer is not enabled: systemctl enable --now %(timer)s":
        "タイマーが有効になっていません: systemctl enable --now %(timer)s を実行してください",

    # ------------------------------------------------------------ firewall (checks/firewall.py, 6.20)
    "firewalld is not installed, but lab_firewall is firewalld: install the firewalld package, then "
    "systemctl enable --now firewalld":
        "lab_firewall は firewalld ですが、firewalld がインストールされていません: firewalld パッケージを"
        "インストールし、systemctl enable --now firewalld を実行してください",
    "firewalld is not running, but lab_firewall is firewalld: systemctl enable --now firewalld "
    "(then check with firewall-cmd --state)":
        "lab_firewall は firewalld ですが、firewalld が動いていません: systemctl enable --now firewalld を実行してください "
        "(firewall-cmd --state で確かめられます)",
    "firewall-cmd cannot say which zone the lab network is in: %(error)s":
        "ラボネットワークがどのゾーンに入るかを firewall-cmd で調べられません: %(error)s",
    "the lab network %(network)s is not bound to the zone %(zone)s, so lab hosts land in the zone %(actual)s: "
    "firewall-cmd --permanent --zone=%(zone)s --add-source=%(network)s && firewall-cmd --reload":
        "ラボネットワーク %(network)s がゾーン %(zone)s に結び付いていないため、ラボのホストはゾーン %(actual)s に"
        "入ります: firewall-cmd --permanent --zone=%(zone)s --add-source=%(network)s && firewall-cmd --reload "
        "を実行してください",
    "%(command)s failed: %(error)s": "%(command)s が失敗しました: %(error)s",
    "firewalld blocks %(services)s from the lab network (zone %(zone)s), so lab hosts cannot reach them although "
    "the daemons run: %(fix)s":
        "firewalld がラボネットワークからの %(services)s を遮断しているため (ゾーン %(zone)s)、デーモンは動いていても"
        "ラボのホストから届きません: %(fix)s を実行してください",
    "%(services)s are allowed now but not in the permanent configuration of zone %(zone)s, so the next "
    "firewall-cmd --reload or boot blocks them: %(fix)s":
        "%(services)s は今は許可されていますが、ゾーン %(zone)s の永続設定 (--permanent) にないため、次の "
        "firewall-cmd --reload か再起動で遮断されます: %(fix)s を実行してください",
    # ------------------------------------------------------------ SELinux (checks/selinux.py, 6.21-6.22)
    "getenforce is missing, so the SELinux mode cannot be read: dnf install libselinux-utils":
        "getenforce がないため SELinux のモードを読めません: dnf install libselinux-utils を実行してください",
    "SELinux is disabled: set SELINUX=enforcing in /etc/selinux/config, then touch /.autorelabel and reboot "
    "(the relabel gives every file its type again)":
        "SELinux が無効 (Disabled) です: /etc/selinux/config を SELINUX=enforcing にし、touch /.autorelabel の後に"
        "再起動してください (再ラベル付けで全ファイルにタイプが付け直されます)",
    "SELinux is %(mode)s, not Enforcing: setenforce 1 (fix the labels this check names instead of switching "
    "SELinux off)":
        "SELinux が Enforcing ではなく %(mode)s です: setenforce 1 を実行してください (SELinux を止めずに、"
        "このチェックが示すラベルを直してください)",
    "/etc/selinux/config says SELINUX=%(value)s, so the next boot does not enforce: set SELINUX=enforcing":
        "/etc/selinux/config が SELINUX=%(value)s のため、次の起動では強制されません: SELINUX=enforcing にしてください",
    "cannot read the SELinux label of %(path)s (%(role)s): ls -dZ said %(error)s":
        "%(path)s (%(role)s) の SELinux ラベルを読めません: ls -dZ の出力: %(error)s",
    "%(path)s has the SELinux type %(actual)s, but %(role)s needs %(type)s there: %(fix)s":
        "%(path)s の SELinux タイプは %(actual)s ですが、%(role)s にはそこが %(type)s である必要があります: "
        "%(fix)s を実行してください",
    "cannot ask the policy which type %(path)s gets after a relabel: matchpathcon said %(error)s":
        "再ラベル付けの後に %(path)s が受け取るタイプをポリシーに問い合わせられません: matchpathcon の出力: %(error)s",
    "%(path)s has %(type)s now (chcon?), but the policy gives it %(default)s, so the next restorecon or relabel "
    "takes it away: %(fix)s":
        "%(path)s は今は %(type)s ですが (chcon?)、ポリシーが与えるのは %(default)s のため、次の restorecon か"
        "再ラベル付けで元に戻ります: %(fix)s を実行してください",
    "cannot read the SELinux boolean %(name)s (%(role)s): %(error)s":
        "SELinux ブール値 %(name)s (%(role)s) を読めません: %(error)s",
    "the SELinux boolean %(name)s is off, but %(role)s needs it: setsebool -P %(name)s on":
        "SELinux ブール値 %(name)s が off ですが、%(role)s には必要です: setsebool -P %(name)s on を実行してください",
    "cannot list the SELinux port types (semanage port -l: %(error)s): dnf install policycoreutils-python-utils":
        "SELinux のポートタイプを一覧できません (semanage port -l: %(error)s): "
        "dnf install policycoreutils-python-utils を実行してください",
    "port %(port)s/%(proto)s is not of the SELinux type %(type)s, so %(role)s may not use it: semanage port -a -t "
    "%(type)s -p %(proto)s %(port)s":
        "ポート %(port)s/%(proto)s が SELinux タイプ %(type)s ではないため、%(role)s が使えません: semanage port -a -t "
        "%(type)s -p %(proto)s %(port)s を実行してください",
    "%(service)s was denied %(perms)s on %(target)s (%(tclass)s of type %(ttype)s)":
        "%(service)s が %(target)s (タイプ %(ttype)s の %(tclass)s) への %(perms)s を SELinux に拒否されました",
    "%(what)s: a home share needs the boolean: setsebool -P samba_enable_home_dirs on":
        "%(what)s: ホームディレクトリの共有にはブール値が必要です: setsebool -P samba_enable_home_dirs on を実行してください",
    "%(what)s: %(fix)s": "%(what)s: %(fix)s を実行してください",
    "%(what)s: find the path with ausearch -m avc -ts recent -i, then %(fix)s":
        "%(what)s: ausearch -m avc -ts recent -i でパスを調べ、%(fix)s を実行してください",
    "%(what)s: semanage port -a -t %(type)s -p %(proto)s %(port)s":
        "%(what)s: semanage port -a -t %(type)s -p %(proto)s %(port)s を実行してください",
    "%(what)s: ausearch -m avc -ts recent | audit2why says which type or boolean it needs":
        "%(what)s: 必要なタイプかブール値は ausearch -m avc -ts recent | audit2why で分かります",
    "ausearch is missing, so the SELinux denials cannot be read: dnf install audit, then systemctl enable --now "
    "auditd":
        "ausearch がないため SELinux の拒否を読めません: dnf install audit の後 systemctl enable --now auditd "
        "を実行してください",
    "%(command)s answered, but no AVC record could be read in it":
        "%(command)s は応答しましたが、AVC レコードを読み取れませんでした",
    # ------------------------------------------------------------ checks/network.py: the network view
    "EL: firewall-cmd --permanent --add-port=%(port)d/tcp && firewall-cmd --reload; elsewhere look at "
    "iptables -L -n and nft list ruleset":
        "EL: firewall-cmd --permanent --add-port=%(port)d/tcp && firewall-cmd --reload、それ以外では "
        "iptables -L -n と nft list ruleset を確認してください",
    "%(client)s is not installed on this client, so the network view cannot look: install %(debian)s "
    "(Debian) or %(el)s (EL)":
        "このクライアントに %(client)s がインストールされていないため、ネットワークからの確認ができません: "
        "%(debian)s (Debian) または %(el)s (EL) をインストールしてください",
    "%(service)s: %(where)s refuses the connection: nothing listens on that address (the daemon is "
    "stopped, or listens on 127.0.0.1 only): %(listen)s":
        "%(service)s: %(where)s が接続を拒否しました: そのアドレスで待ち受けているものがありません (デーモンが止まっているか、"
        "127.0.0.1 だけで待ち受けています): %(listen)s",
    "%(service)s: no answer at all from %(where)s within %(timeout)s s: the packets are dropped on the "
    "way, which smells of a firewall (%(firewall)s), or the VM is down":
        "%(service)s: %(where)s から %(timeout)s 秒以内に何の応答もありません: 途中でパケットが捨てられています。"
        "ファイアウォールが疑わしいです (%(firewall)s)。または VM が止まっています",
    "%(service)s: %(where)s is rejected (%(error)s): a firewall rejects the lab (firewalld answers "
    "icmp-host-prohibited: %(firewall)s), or there is no route to the lab address":
        "%(service)s: %(where)s への接続が拒絶されました (%(error)s): ファイアウォールがラボを拒絶しています "
        "(firewalld は icmp-host-prohibited で応答します: %(firewall)s)。またはラボのアドレスへの経路がありません",
    "%(service)s: %(where)s accepts the connection from the lab, then closes it at once: access control "
    "refuses this client before the service speaks: %(access)s":
        "%(service)s: %(where)s はラボからの接続を受け付けた直後に閉じています: サービスが話し始める前にアクセス制御が"
        "このクライアントを拒否しています: %(access)s",
    "%(service)s: %(where)s accepts the connection but never answers: another program holds the port "
    "or the service hangs (ss -ltnp and the service's log on the VM)":
        "%(service)s: %(where)s は接続を受け付けますが、何も応答しません: 別のプログラムがポートを使っているか、"
        "サービスが固まっています (VM で ss -ltnp とサービスのログを確認してください)",
    "%(service)s: %(where)s does not speak %(service)s (%(error)s): another program holds the port "
    "(ss -ltnp on the VM)":
        "%(service)s: %(where)s は %(service)s を話しません (%(error)s): 別のプログラムがポートを使っています "
        "(VM で ss -ltnp)",
    "%(service)s: the TLS handshake with %(where)s failed (%(error)s): the port must speak TLS from "
    "the first byte with the lab's certificate and key":
        "%(service)s: %(where)s との TLS ハンドシェイクに失敗しました (%(error)s): このポートは最初のバイトから、"
        "ラボの証明書と鍵で TLS を話さなければなりません",
    "%(service)s: %(where)s answers but refuses this client (%(error)s): %(access)s":
        "%(service)s: %(where)s は応答しますが、このクライアントを拒否しています (%(error)s): %(access)s",
    "%(service)s at %(where)s: %(error)s": "%(where)s の %(service)s: %(error)s",
    "no credentials of the trainee were given, so %(what)s cannot be tried from the network: pass "
    "the trainee's password file (labeval --auth FILE, lines username = ... and password = ..., the "
    "format of /etc/serverlab/trainee.auth)":
        "受講者の認証情報が渡されていないため、%(what)s をネットワークから試せません: 受講者のパスワードファイルを"
        "渡してください (labeval --auth FILE。username = ... と password = ... の行、/etc/serverlab/trainee.auth と"
        "同じ形式)",
    "tinydns listens on the address in %(dir)s/env/IP: echo %(address)s > %(dir)s/env/IP, then svc -t "
    "%(service)s/tinydns":
        "tinydns は %(dir)s/env/IP のアドレスで待ち受けます: echo %(address)s > %(dir)s/env/IP の後 "
        "svc -t %(service)s/tinydns",
    "tinydns answers everyone who reaches it: look for a firewall between the lab and the VM":
        "tinydns は届いた問い合わせすべてに答えます: ラボと VM の間のファイアウォールを確認してください",
    "named's listen-on in named.conf must include %(address)s (then rndc reconfig)":
        "named.conf の listen-on に %(address)s を入れてください (その後 rndc reconfig)",
    "named's allow-query in named.conf must include the lab network %(network)s (EL's stock "
    "allow-query { localhost; }; refuses every lab client), then rndc reconfig":
        "named.conf の allow-query にラボのネットワーク %(network)s を入れ (EL 標準の allow-query { localhost; }; は"
        "ラボのクライアントをすべて拒否します)、rndc reconfig を実行してください",
    "Postfix: inet_interfaces = all in main.cf, then systemctl restart postfix; qmail: tcpserver 0 smtp "
    "in the run script":
        "Postfix: main.cf に inet_interfaces = all を設定して systemctl restart postfix。qmail: run スクリプトで "
        "tcpserver 0 smtp",
    "Postfix: smtpd_client_restrictions in main.cf; qmail: the tcprules file /etc/tcp/smtp (a :deny "
    "line), compiled again with tcprules; tcp wrappers: /etc/hosts.allow":
        "Postfix: main.cf の smtpd_client_restrictions。qmail: tcprules のファイル /etc/tcp/smtp (:deny の行) を"
        "直して tcprules で再コンパイル。tcp wrappers: /etc/hosts.allow",
    "the submission line of master.cf (and inet_interfaces = all in main.cf), then postfix reload":
        "master.cf の submission の行 (と main.cf の inet_interfaces = all) を確認し、postfix reload を実行してください",
    "stunnel's accept = %(port)d (not 127.0.0.1:%(port)d), or the superserver's smtps service (xinetd "
    "bind, ListenStream=%(port)d)":
        "stunnel の accept = %(port)d (127.0.0.1:%(port)d ではなく)、またはスーパーサーバーの smtps サービス "
        "(xinetd の bind、ListenStream=%(port)d)",
    "xinetd only_from of the smtps service, or tcp wrappers (/etc/hosts.allow) for stunnel":
        "smtps サービスの xinetd only_from、または stunnel の tcp wrappers (/etc/hosts.allow)",
    "listen = * in dovecot.conf (not 127.0.0.1), then systemctl restart dovecot":
        "dovecot.conf に listen = * を設定し (127.0.0.1 ではなく)、systemctl restart dovecot を実行してください",
    "tcp wrappers (/etc/hosts.allow, /etc/hosts.deny) or Dovecot's login_access_sockets":
        "tcp wrappers (/etc/hosts.allow、/etc/hosts.deny) または Dovecot の login_access_sockets",
    "interfaces in smb.conf must include %(address)s (bind interfaces only = yes listens on those only), "
    "then systemctl restart smbd":
        "smb.conf の interfaces に %(address)s を入れ (bind interfaces only = yes ではそこでしか待ち受けません)、"
        "systemctl restart smbd を実行してください",
    "hosts allow in smb.conf must include the lab network %(network)s (and hosts deny must not name it)":
        "smb.conf の hosts allow にラボのネットワーク %(network)s を入れてください (hosts deny に入れてはいけません)",
    "ListenAddress in sshd_config must include %(address)s (or be left out), and Port must be the lab's; "
    "sshd -t, then systemctl reload sshd":
        "sshd_config の ListenAddress に %(address)s を入れ (または書かない)、Port をラボのものにしてください。"
        "sshd -t の後 systemctl reload sshd",
    "AllowUsers/AllowGroups/DenyUsers and Match blocks in sshd_config (sshd -T -C user=...,addr=... shows "
    "the result), or tcp wrappers (sshd: in /etc/hosts.allow)":
        "sshd_config の AllowUsers/AllowGroups/DenyUsers と Match ブロック (結果は sshd -T -C user=...,addr=... で"
        "分かります)、または tcp wrappers (/etc/hosts.allow の sshd:)",
    "bind-address in the [mysqld] settings must be %(address)s (or 0.0.0.0) and skip-networking must be "
    "off, then systemctl restart mariadb":
        "[mysqld] の設定の bind-address を %(address)s (または 0.0.0.0) にし、skip-networking を外して、"
        "systemctl restart mariadb を実行してください",
    "the account's host part must cover the lab network: CREATE USER '%(user)s'@'%(hosts)s' (a pattern "
    "such as 192.168.0.%% or 192.168.0.0/255.255.255.0) with the password of the lab's client file":
        "アカウントのホスト部分がラボのネットワークを含まなければなりません: ラボのクライアントファイルのパスワードで "
        "CREATE USER '%(user)s'@'%(hosts)s' (192.168.0.%% や 192.168.0.0/255.255.255.0 のようなパターン)",
    "named's control channel: controls { inet 127.0.0.1 allow { localhost; }; }; in named.conf":
        "named の制御チャネルです: named.conf に controls { inet 127.0.0.1 allow { localhost; }; }; と書いてください",
    "stunnel's back end (the Postfix smtpd stunnel hands SMTPS to) is an SMTP server without TLS: "
    "bind it to 127.0.0.1:10465 in master.cf":
        "stunnel の接続先 (stunnel が SMTPS を渡す Postfix の smtpd) は TLS なしの SMTP サーバーです: master.cf で "
        "127.0.0.1:10465 に限定してください",
    "rpcbind and NFS are not part of the lab: systemctl disable --now rpcbind.socket rpcbind nfs-server":
        "rpcbind と NFS はラボの一部ではありません: systemctl disable --now rpcbind.socket rpcbind nfs-server",
    "not part of the lab: disable that service (xinetd: disable = yes; systemd: systemctl disable --now)":
        "ラボの一部ではありません: そのサービスを無効にしてください (xinetd: disable = yes、systemd: "
        "systemctl disable --now)",
    "%(address)s:%(port)d accepts connections from the lab network (%(state)s): %(fix)s":
        "%(address)s:%(port)d がラボのネットワークからの接続を受け付けます (%(state)s): %(fix)s",
    "%(address)s:%(port)d: could not tell whether it is closed (%(error)s)":
        "%(address)s:%(port)d: 閉じているかどうか判断できませんでした (%(error)s)",
    "dig %(zone)s SOA @%(address)s from the lab network: REFUSED: named answers, but not this client: "
    "%(access)s":
        "ラボのネットワークからの dig %(zone)s SOA @%(address)s: REFUSED: named は応答しますが、このクライアントには"
        "答えません: %(access)s",
    "named does not offer recursion to the lab network (no ra flag in its answer to a lab client): the lab's "
    "clients use it as their resolver; allow-recursion in named.conf must include %(network)s (and recursion "
    "yes), then rndc reconfig":
        "named がラボのネットワークに再帰問い合わせを提供していません (ラボのクライアントへの応答に ra フラグがありません): "
        "ラボのクライアントはこれをリゾルバとして使います。named.conf の allow-recursion に %(network)s を入れ "
        "(recursion yes も)、rndc reconfig を実行してください",
    "the MTA refuses mail for %(rcpt)s from the lab network (%(answer)s): the domain must be local (Postfix: "
    "mydestination; qmail: locals and rcpthosts) and the restrictions must let the lab in (Postfix: "
    "smtpd_recipient_restrictions, mynetworks; qmail: tcprules)":
        "MTA がラボのネットワークからの %(rcpt)s 宛てのメールを拒否しています (%(answer)s): ドメインをローカルにし "
        "(Postfix: mydestination、qmail: locals と rcpthosts)、制限でラボを通してください (Postfix: "
        "smtpd_recipient_restrictions、mynetworks、qmail: tcprules)",
    "%(protocol)s refuses a plain-text login from the lab network (%(answer)s): the lab lets the trainee log "
    "in without TLS inside the lab network: disable_plaintext_auth = no, or login_trusted_networks = "
    "%(network)s in dovecot.conf":
        "%(protocol)s がラボのネットワークからの平文ログインを拒否しています (%(answer)s): ラボではラボのネットワーク内で"
        "TLS なしのログインを認めます: dovecot.conf に disable_plaintext_auth = no、または login_trusted_networks = "
        "%(network)s を設定してください",
    "%(protocol)s login as %(user)s from the lab network failed (%(answer)s): the password is the trainee's "
    "Linux password (passdb in dovecot.conf); when the VM view logs in and this does not, a rule by client "
    "address refuses the lab (passdb allow_nets, a PAM access rule)":
        "ラボのネットワークから %(user)s として %(protocol)s にログインできませんでした (%(answer)s): パスワードは"
        "受講者の Linux のパスワードです (dovecot.conf の passdb)。VM からの確認ではログインでき、こちらでできない場合は、"
        "クライアントのアドレスによる規則がラボを拒否しています (passdb の allow_nets、PAM の access 規則)",
    "Samba refuses %(user)s's name or password from the lab network (%(status)s): smbpasswd -a %(user)s sets "
    "the Samba password (Samba keeps its own), smbpasswd -e enables it":
        "Samba がラボのネットワークからの %(user)s の名前またはパスワードを拒否しています (%(status)s): "
        "smbpasswd -a %(user)s で Samba のパスワードを設定し (Samba は独自のパスワードを持ちます)、smbpasswd -e で"
        "有効にしてください",
    "the share %(share)s cannot be opened from the lab network (NT_STATUS_BAD_NETWORK_NAME): it is not "
    "defined in smb.conf or its path does not exist (check 10.3)":
        "ラボのネットワークから共有 %(share)s を開けません (NT_STATUS_BAD_NETWORK_NAME): smb.conf に定義がないか、"
        "そのパスが存在しません (チェック 10.3)",
    "%(user)s may not use the share %(share)s from the lab network (NT_STATUS_ACCESS_DENIED): valid users / "
    "read only = no in smb.conf, and the directory writable for the user (owner, group or force group)":
        "%(user)s はラボのネットワークから共有 %(share)s を使えません (NT_STATUS_ACCESS_DENIED): smb.conf の "
        "valid users / read only = no と、ユーザーが書き込めるディレクトリ (所有者、グループ、または force group) を"
        "確認してください",
    "smbclient -L //%(address)s does not list the share %(share)s: add [%(share)s] to smb.conf "
    "(browseable = yes)":
        "smbclient -L //%(address)s に共有 %(share)s が出てきません: smb.conf に [%(share)s] を追加してください "
        "(browseable = yes)",
    "the lab model names no public share (samba.public_share in lab.json), so there is nothing to put a "
    "file into":
        "ラボのモデルに公開共有がありません (lab.json の samba.public_share) ので、ファイルを置く先がありません",
    "the file read back from the share %(share)s is not the one sent":
        "共有 %(share)s から読み戻したファイルが送ったものと違います",
    "sshd offers root a password login from the lab network (%(methods)s): the lab allows root with a key "
    "only (PermitRootLogin %(want)s). With passwords on, the network cannot tell a refused root password "
    "from a wrong one: set PasswordAuthentication no (the lab's choice), or add Match User root with "
    "PasswordAuthentication no and KbdInteractiveAuthentication no, then sshd -t and reload":
        "sshd がラボのネットワークから root にパスワードログインを提示しています (%(methods)s): ラボでは root は鍵でのみ"
        "ログインできます (PermitRootLogin %(want)s)。パスワードが有効だと、root のパスワードが拒否されたのか間違って"
        "いたのかをネットワークからは区別できません: PasswordAuthentication no (ラボの設定) にするか、Match User root に"
        "PasswordAuthentication no と KbdInteractiveAuthentication no を加え、sshd -t の後 reload してください",
    "sshd offers %(user)s a password login from the lab network (%(methods)s), the lab wants keys only: "
    "PasswordAuthentication no and KbdInteractiveAuthentication no near the top of sshd_config (a Match "
    "block for the lab's addresses counts too: sshd -T -C addr=...), sshd -t, then reload":
        "sshd がラボのネットワークから %(user)s にパスワードログインを提示しています (%(methods)s)。ラボは鍵のみです: "
        "sshd_config の先頭近くに PasswordAuthentication no と KbdInteractiveAuthentication no を書き (ラボのアドレス"
        "向けの Match ブロックも効きます: sshd -T -C addr=...)、sshd -t の後 reload してください",
    "sshd offers %(user)s no password login from the lab network, the lab wants it: PasswordAuthentication "
    "yes in sshd_config, sshd -t, then reload":
        "sshd がラボのネットワークから %(user)s にパスワードログインを提示していませんが、ラボでは必要です: "
        "sshd_config に PasswordAuthentication yes を書き、sshd -t の後 reload してください",
    "not done yet: no private key of %(user)s was given, so key login cannot be tried from the network: the "
    "trainee makes one (ssh-keygen -t ed25519) and puts its .pub into ~%(user)s/.ssh/authorized_keys; give "
    "the private key with labeval --identity FILE":
        "まだ済んでいません: %(user)s の秘密鍵が渡されていないため、ネットワークから鍵ログインを試せません: 受講者が"
        "鍵を作り (ssh-keygen -t ed25519)、その .pub を ~%(user)s/.ssh/authorized_keys に入れます。秘密鍵は "
        "labeval --identity FILE で渡してください",
    "sshd refuses the key of %(user)s from the lab network (%(error)s): the public half of %(identity)s must "
    "be in ~%(user)s/.ssh/authorized_keys with modes sshd accepts (check 12.5), and AllowUsers/DenyUsers/Match "
    "in sshd_config must let %(user)s in from the lab network":
        "sshd がラボのネットワークからの %(user)s の鍵を拒否しています (%(error)s): %(identity)s の公開鍵を、sshd が"
        "認めるパーミッションで ~%(user)s/.ssh/authorized_keys に入れ (チェック 12.5)、sshd_config の "
        "AllowUsers/DenyUsers/Match で %(user)s がラボのネットワークから入れるようにしてください",
    "ssh could not try the key: %(error)s": "ssh で鍵を試せませんでした: %(error)s",
    "%(name)s on %(address)s:%(port)d accepts connections from the lab network (%(state)s), so its plain "
    "text crosses the network: bind it to 127.0.0.1 only (xinetd bind = 127.0.0.1, or "
    "ListenStream=127.0.0.1:%(port)d), and reach it with ssh -L %(port)d:localhost:%(port)d":
        "%(address)s:%(port)d の %(name)s がラボのネットワークからの接続を受け付けるため (%(state)s)、平文がネットワークを"
        "流れます: 127.0.0.1 だけに限定し (xinetd の bind = 127.0.0.1、または ListenStream=127.0.0.1:%(port)d)、"
        "ssh -L %(port)d:localhost:%(port)d で接続してください",
    "%(name)s is closed to the lab network, but whether the tunnel reaches it cannot be tried without the "
    "trainee's key (labeval --identity FILE)":
        "%(name)s はラボのネットワークに閉じていますが、トンネルで届くかどうかは受講者の鍵なしでは試せません "
        "(labeval --identity FILE)",
    "sshd refuses to forward to 127.0.0.1:%(port)d (%(error)s): AllowTcpForwarding local (or yes) in "
    "sshd_config (check 12.6)":
        "sshd が 127.0.0.1:%(port)d への転送を拒否しています (%(error)s): sshd_config に AllowTcpForwarding local "
        "(または yes) を設定してください (チェック 12.6)",
    "through the tunnel nothing answers on the VM's 127.0.0.1:%(port)d (%(error)s): enable %(name)s in the "
    "superserver with bind = 127.0.0.1":
        "トンネルの先の VM の 127.0.0.1:%(port)d で何も応答しません (%(error)s): スーパーサーバーで %(name)s を "
        "bind = 127.0.0.1 で有効にしてください",
    "the tunnel cannot be opened: the trainee's key login fails (check 12.60): %(error)s":
        "トンネルを開けません: 受講者の鍵ログインが失敗しています (チェック 12.60): %(error)s",
    "through the tunnel %(name)s on 127.0.0.1:%(port)d accepts but says nothing: check its server program "
    "and only_from = 127.0.0.1":
        "トンネルの先の 127.0.0.1:%(port)d の %(name)s は接続を受け付けますが何も言いません: サーバープログラムと "
        "only_from = 127.0.0.1 を確認してください",
    "TLS works on %(port)d from the lab network but the connection ends before the SMTP greeting: stunnel "
    "cannot reach its back end (its connect = ...); its log says why":
        "ラボのネットワークから %(port)d で TLS はつながりますが、SMTP の挨拶の前に接続が切れます: stunnel が接続先 "
        "(connect = ...) に届いていません。理由は stunnel のログにあります",
    "SMTPS relays mail for other domains for anyone on the lab network who reaches port %(port)d, without a "
    "login: stunnel hands every session over from 127.0.0.1, which mynetworks (Postfix) or a "
    "127.0.0.1:allow,RELAYCLIENT=\"\" rule (qmail) trusts. Point stunnel's connect at an smtpd that does not "
    "(Postfix: 127.0.0.1:10465 in master.cf with -o mynetworks= -o "
    "smtpd_relay_restrictions=permit_sasl_authenticated,reject_unauth_destination)":
        "SMTPS が、ポート %(port)d に届くラボのネットワークの誰にでも、ログインなしで他ドメインへのメールを中継します: "
        "stunnel はすべてのセッションを 127.0.0.1 から渡し、それを mynetworks (Postfix) や "
        "127.0.0.1:allow,RELAYCLIENT=\"\" の規則 (qmail) が信頼しています。stunnel の connect を、信頼しない smtpd に"
        "向けてください (Postfix: master.cf の 127.0.0.1:10465 に -o mynetworks= -o "
        "smtpd_relay_restrictions=permit_sasl_authenticated,reject_unauth_destination)",
    "587 relays to other domains before AUTH: -o smtpd_client_restrictions=permit_sasl_authenticated,reject "
    "and -o smtpd_relay_restrictions=permit_sasl_authenticated,reject on the submission line of master.cf":
        "587 が AUTH の前に他ドメインへ中継します: master.cf の submission の行に "
        "-o smtpd_client_restrictions=permit_sasl_authenticated,reject と "
        "-o smtpd_relay_restrictions=permit_sasl_authenticated,reject を付けてください",
    "SMTP AUTH as %(user)s on 587 failed (%(answer)s): Postfix asks Dovecot (smtpd_sasl_type = dovecot, "
    "smtpd_sasl_path = private/auth and Dovecot's service auth unix_listener for postfix); the password is "
    "the trainee's Linux password":
        "587 での %(user)s の SMTP AUTH に失敗しました (%(answer)s): Postfix は Dovecot に問い合わせます "
        "(smtpd_sasl_type = dovecot、smtpd_sasl_path = private/auth と、Dovecot の service auth の postfix 用 "
        "unix_listener)。パスワードは受講者の Linux のパスワードです",
    "587 refuses to relay for %(user)s even after AUTH (%(answer)s): "
    "-o smtpd_relay_restrictions=permit_sasl_authenticated,reject on the submission line":
        "587 が AUTH の後でも %(user)s のために中継しません (%(answer)s): submission の行に "
        "-o smtpd_relay_restrictions=permit_sasl_authenticated,reject を付けてください",
    "the MTA behind SMTPS refuses mail for %(rcpt)s (%(answer)s): the domain must be local (Postfix: "
    "mydestination; qmail: locals and rcpthosts)":
        "SMTPS の後ろの MTA が %(rcpt)s 宛てのメールを拒否しています (%(answer)s): ドメインをローカルにしてください "
        "(Postfix: mydestination、qmail: locals と rcpthosts)",
    "POP3S login as %(user)s failed (%(answer)s), so the mail sent over SMTPS cannot be read back (see 13.8)":
        "%(user)s として POP3S にログインできないため (%(answer)s)、SMTPS で送ったメールを読み戻せません (13.8 を参照)",
    "the mail sent over SMTPS was accepted but did not reach %(user)s's mailbox within %(wait)s s: look at "
    "the mail log (Postfix: journalctl -u postfix; qmail: qmail-send's log) and at where the MTA delivers and "
    "Dovecot reads (check 8.43)":
        "SMTPS で送ったメールは受け付けられましたが、%(wait)s 秒以内に %(user)s のメールボックスに届きませんでした: "
        "メールのログ (Postfix: journalctl -u postfix、qmail: qmail-send のログ) と、MTA の配送先と Dovecot の読む場所 "
        "(チェック 8.43) を確認してください",
    "MySQL: no account lets %(user)s in from the lab network (%(error)s): %(fix)s":
        "MySQL: ラボのネットワークから %(user)s を入れるアカウントがありません (%(error)s): %(fix)s",
    "MySQL blocks this client after too many broken connections (%(error)s): mariadb-admin flush-hosts on "
    "the VM":
        "MySQL は接続の失敗が多すぎたこのクライアントをブロックしています (%(error)s): VM で mariadb-admin "
        "flush-hosts を実行してください",
    "MySQL refuses %(user)s from the lab network (%(error)s): the password differs from the lab client "
    "file's, or no account of %(user)s covers the lab network: %(fix)s":
        "MySQL がラボのネットワークからの %(user)s を拒否しています (%(error)s): パスワードがラボのクライアント"
        "ファイルのものと違うか、ラボのネットワークを含む %(user)s のアカウントがありません: %(fix)s",
    "%(user)s logs in from the lab network but cannot use the database %(database)s (%(error)s): CREATE "
    "DATABASE %(database)s and GRANT ALL ON %(database)s.* to the account of the lab network":
        "%(user)s はラボのネットワークからログインできますが、データベース %(database)s を使えません (%(error)s): "
        "CREATE DATABASE %(database)s を実行し、ラボのネットワークのアカウントに GRANT ALL ON %(database)s.* を"
        "与えてください",
    "root logs in to MySQL from the lab network with %(what)s (as %(account)s): root logs in on the VM only, "
    "through the socket: DROP USER the root accounts whose host is not localhost (check 20.5)":
        "root が%(what)sでラボのネットワークから MySQL にログインできます (%(account)s として): root は VM 上で"
        "ソケット経由でのみログインします: ホストが localhost でない root アカウントを DROP USER してください "
        "(チェック 20.5)",
    "could not tell whether root is refused from the lab network: %(reason)s":
        "root がラボのネットワークから拒否されるかどうか判断できませんでした: %(reason)s",
    "no password": "パスワードなし",
    "the trainee's password": "受講者のパスワード",
    "the lab MySQL password": "ラボの MySQL のパスワード",
    "an empty password": "空のパスワード",
    # Day 8, the mail system split across hosts (checks/mailsplit.py)
    "relayhost is empty: the store sends outgoing mail straight to other domains, past the relay. Make "
    "the relay its smart host: postconf -e 'relayhost = %(fix)s', then postfix reload":
        "relayhost が空です: メールストアが外向きのメールをリレーを通さずに他ドメインへ直接送ります。リレーをスマートホストにしてください: postconf -e 'relayhost = %(fix)s' の後 postfix reload",
    "relayhost is %(value)s, which is no relay of the lab (%(relays)s): the store's outgoing mail must "
    "leave through the relay, its smart host. postconf -e 'relayhost = %(fix)s', then postfix reload":
        "relayhost は %(value)s ですが、ラボのリレー (%(relays)s) ではありません: メールストアの外向きのメールはスマートホストであるリレーを通って出なければなりません。postconf -e 'relayhost = %(fix)s' の後 postfix reload",
    "the smart host %(host)s does not greet the store on port 25 (%(state)s): outgoing mail waits in the "
    "store's queue (postqueue -p). Start Postfix on the relay, or check the route between the two hosts":
        "スマートホスト %(host)s がメールストアからの接続にポート 25 で応答しません (%(state)s): 外向きのメールはメールストアのキューで待ったままです (postqueue -p)。リレーで Postfix を起動するか、2 台の間の経路を確認してください",
    "mynetworks has %(wide)s, beyond the loopback, the lab %(lab)s and the relays: the store would take "
    "(and relay) mail from there. Keep 127.0.0.0/8 %(lab)s and the relays' addresses":
        "mynetworks に %(wide)s があり、ループバック、ラボ %(lab)s、リレーの範囲を超えています: メールストアがそこからのメールを受け取り (中継も) してしまいます。127.0.0.0/8 %(lab)s とリレーのアドレスだけにしてください",
    "smtpd_client_restrictions is '%(value)s': the store behind the relays takes mail from anyone who "
    "reaches port 25. Relay control: postconf -e 'smtpd_client_restrictions = permit_mynetworks, "
    "reject', then postfix reload":
        "smtpd_client_restrictions が '%(value)s' です: リレーの内側のメールストアが、ポート 25 に届く誰からでもメールを受け取ります。中継制御: postconf "
        "-e 'smtpd_client_restrictions = permit_mynetworks, reject' の後 postfix reload",

    # ------------------------------------------------------------ the grade report (gradereport.py, grade_report.py,
    # and the t("...") texts of playbooks/templates/grade_report.html.j2)
    # ------------------------------------------------------------ the lab model (roles/lab/tasks/model.yml)
    "type %(type)s needs a url such as http://192.168.0.1:3142.":
        "種類 %(type)s には http://192.168.0.1:3142 のような URL が必要です。",
    "type %(type)s needs a url such as http://192.168.0.1/debian.":
        "種類 %(type)s には http://192.168.0.1/debian のような URL が必要です。",
    "type %(type)s needs an absolute path where the install media is mounted, such as /mnt/cdrom.":
        "種類 %(type)s には、インストールメディアをマウントした絶対パス (/mnt/cdrom など) が必要です。",

    "Grade report - lab day %(day)s": "採点レポート - %(day)s日目まで",
    "Grade report": "採点レポート",
    "checks of every lab day up to day %(day)s": "%(day)s日目までのすべての実習日のチェック",
    "generated %(time)s": "作成 %(time)s",
    "%(count)d students": "受講者 %(count)d 人",
    "%(count)d all passed": "全合格 %(count)d 人",
    "%(count)d with failures": "不合格あり %(count)d 人",
    "%(count)d unreachable": "接続できない VM %(count)d 台",
    "%(count)d not evaluated": "採点できない VM %(count)d 台",
    "%(count)d not done yet": "未実施あり %(count)d 人",
    "%(count)d with steps not done yet": "未実施の手順あり %(count)d 人",
    "%(count)d without a network view": "ネットワークからの採点なし %(count)d 人",
    "%(count)d students: %(parts)s; report %(index)s": "受講者 %(count)d 人: %(parts)s。レポート %(index)s",
    "FAIL (point at it for the reason)": "FAIL (ポインタを当てると理由が出ます)",
    "not graded (other track)": "採点対象外 (別のトラック)",
    "not done yet (the trainee's own step)": "未実施 (受講者自身の手順)",
    "VM unreachable": "VM に接続できない",
    "a check from the lab network (the network view), beside the same check on the VM":
        "ラボのネットワークからのチェック (ネットワークからの採点)。VM 上の同じチェックの隣にあります",
    "Student": "受講者",
    "Passed": "合格",
    "Day %(day)s": "%(day)s日目",
    "VM view": "VM 上での採点",
    "network view": "ネットワークからの採点",
    "not graded on this VM": "この VM では採点していません",
    "NOT DONE YET": "未実施",
    "UNREACHABLE": "接続できません",
    "NOT EVALUATED": "採点できません",
    "No students in the inventory.": "インベントリに受講者がいません。",
    "What to fix": "直すこと",
    "NETWORK VIEW NOT GRADED": "ネットワークから採点できません",
    "(from the lab network)": "(ラボのネットワークから)",
    "Nothing: every student passed every check.": "ありません: 全員がすべてのチェックに合格しました。",
    "Every check passed": "すべてのチェックに合格",
    "the network view was not graded (no lab configuration from the VM)":
        "ネットワークからは採点していません (VM からラボの設定を読めませんでした)",
    "the network view could not be graded from the grading host: %(text)s":
        "採点するホストからネットワーク越しに採点できませんでした: %(text)s",
    "no results": "結果がありません",
    "no result: the VM was not reached (down, not created, or left out of the run)":
        "結果がありません: VM に届きませんでした (停止している、作られていない、または実行から外されています)",
    "unexpected result %(value)s": "予期しない結果 %(value)s",
    "the VM did not answer": "VM が応答しませんでした",
    "the evaluation was skipped: %(reason)s": "採点がスキップされました: %(reason)s",
    "no reason given": "理由は示されていません",
    "the evaluation failed: %(text)s": "採点に失敗しました: %(text)s",
    "no message": "メッセージなし",
    "the evaluation returned no results": "採点が結果を返しませんでした",
    "cannot read the report's template %(path)s: %(error)s": "レポートのテンプレート %(path)s を読めません: %(error)s",
    "the report needs Jinja2 in the Python that runs the module: %(error)s":
        "レポートの作成には、モジュールを動かす Python に Jinja2 が必要です: %(error)s",
    "the report's template %(path)s does not render: %(kind)s: %(error)s":
        "レポートのテンプレート %(path)s を展開できません: %(kind)s: %(error)s",
    "cannot write the report into %(dest)s: %(error)s": "レポートを %(dest)s に書けません: %(error)s",

    # ------------------------------------------------------------ playbooks and roles (filter serverlab.course.t)
    # roles/lab/tasks/model.yml: the lab model
    "%(var)s: %(problem)s Fix it in your inventory.": "%(var)s: %(problem)s インベントリで直してください。",
    "'%(value)s' is not an IPv4 network in CIDR form such as 192.168.0.0/24.":
        "'%(value)s' は 192.168.0.0/24 のような CIDR 形式の IPv4 ネットワークではありません。",
    "'%(value)s' is not a host address inside lab_network %(network)s.":
        "'%(value)s' は lab_network %(network)s の中のホストアドレスではありません。",
    "'%(value)s' must be empty (the lab has no default gateway) or a router address inside lab_network "
    "%(network)s; a value such as 1 is accepted silently by old initscripts.":
        "'%(value)s' は空 (ラボにはデフォルトゲートウェイがありません) か、lab_network %(network)s の中のルーターの"
        "アドレスでなければなりません。1 のような値は古い initscripts が黙って受け付けてしまいます。",
    "%(values)s are not IPv4 addresses.": "%(values)s は IPv4 アドレスではありません。",
    "'%(value)s' is not a short host name (letters, digits, hyphens; no dots).":
        "'%(value)s' は短いホスト名 (英字、数字、ハイフン。ドットなし) ではありません。",
    "'%(value)s' is not a domain name such as example.com.": "'%(value)s' は example.com のようなドメイン名ではありません。",
    "'%(value)s' is not a valid user name.": "'%(value)s' は正しいユーザー名ではありません。",
    # roles/lab/tasks/service_apply.yml and service_rollback.yml: a change that did not serve, rolled back
    "%(names)s: %(service)s did not serve after the change to %(files)s (%(action)s): %(what)s.":
        "%(names)s: %(files)s を変更した後 (%(action)s)、%(service)s がサービスを提供しませんでした: %(what)s。",
    "Journal of %(service)s (%(command)s):": "%(service)s のジャーナル (%(command)s):",
    "The previous configuration is back (%(files)s) and %(service)s serves it again: %(probes)s.":
        "前の設定に戻しました (%(files)s)。%(service)s は再びその設定でサービスを提供しています: %(probes)s。",
    "The previous configuration is back (%(files)s) and %(service)s runs it (the files as they were before "
    "the role first changed them).":
        "前の設定に戻しました (%(files)s)。%(service)s はその設定 (ロールが最初に変更する前のファイル) で動いています。",
    "The previous configuration was put back (%(files)s) but %(service)s does not serve it either: %(error)s":
        "前の設定に戻しました (%(files)s) が、%(service)s はその設定でもサービスを提供しません: %(error)s",
    # playbooks/upto.yml, qmail.yml, grade.yml
    "unchanged since its last whole run to day %(day)s: day plays skipped (-e lab_full_run=true forces them)":
        "%(day)s日目までの前回の全体実行から変わっていません: 各日のプレイを飛ばします (-e lab_full_run=true で強制実行)",
    "%(reached)s of %(total)s hosts reached day %(day)s": "%(total)s 台中 %(reached)s 台が %(day)s日目に到達しました",
    "%(reached)s of %(total)s hosts reached the latest day": "%(total)s 台中 %(reached)s 台が最新の日に到達しました",
    "did not reach the day (failed or unreachable): %(hosts)s": "その日に到達しませんでした (失敗または接続不可): %(hosts)s",
    "lab_mta is '%(mta)s': this playbook builds the qmail track. Run it with -e lab_mta=qmail (or set "
    "lab_mta: qmail in the inventory), so the evaluator grades qmail and the next upto.yml does not bring "
    "Postfix back.":
        "lab_mta が '%(mta)s' です: このプレイブックは qmail トラックを構築します。-e lab_mta=qmail を付けて実行するか "
        "(インベントリに lab_mta: qmail と書くか) してください。そうすれば採点は qmail を対象にし、次の upto.yml で "
        "Postfix が戻ってくることもありません。",
    "give the day to grade: -e lab_day=N (a number, e.g. 6)": "採点する日を指定してください: -e lab_day=N (数字。例: 6)",
    "the check catalog has no day up to %(day)s (known days: %(known)s)":
        "%(day)s日目までに採点するチェックがありません (採点できる日: %(known)s)",
    "struggling: %(hosts)s (see %(index)s)": "つまずいている受講者: %(hosts)s (%(index)s を見てください)",
    # tools/classroom (make classroom)
    "Classroom report: %(path)s": "クラスの採点レポート: %(path)s",
    "usage: tools/classroom up N [DAY] (N: how many student VMs)":
        "使い方: tools/classroom up N [DAY] (N: 受講者の VM の台数)",
    "usage: tools/classroom up N [DAY] | destroy (LAB_LANG=ja: in Japanese)":
        "使い方: tools/classroom up N [DAY] | destroy (LAB_LANG=ja: 日本語で表示)",
    # roles trainee, mysql, samba, sshd: the variables a trainee sets
    "lab_user_password (trainee_password) must be a string of at least 8 characters: set it in your inventory, "
    "encrypted with ansible-vault in a real one.":
        "lab_user_password (trainee_password) は 8 文字以上の文字列でなければなりません: インベントリに設定してください "
        "(実際の環境では ansible-vault で暗号化して)。",
    "mysql_lab_password must be a string of at least 8 characters: set lab_mysql_password (or lab_user_password) "
    "in your inventory, encrypted with ansible-vault in a real one.":
        "mysql_lab_password は 8 文字以上の文字列でなければなりません: インベントリに lab_mysql_password "
        "(または lab_user_password) を設定してください (実際の環境では ansible-vault で暗号化して)。",
    "mysql_flavor: '%(flavor)s' is not in the repositories of EL %(release)s (they have %(known)s): set "
    "mysql_flavor to one of them.":
        "mysql_flavor: '%(flavor)s' は EL %(release)s のリポジトリにありません (あるのは %(known)s): mysql_flavor を"
        "そのどれかにしてください。",
    "an entry without a name": "名前のないエントリ",
    "samba_users: %(name)s needs a name and a password of at least 8 characters (lab_user_password for the "
    "trainee: set it in your inventory, with Vault in a real one).":
        "samba_users: %(name)s には名前と 8 文字以上のパスワードが必要です (受講者には lab_user_password: "
        "インベントリに設定してください。実際の環境では Vault で)。",
    "samba_shares: %(name)s needs a name other than global, homes or printers, an absolute path and an octal "
    "mode such as \"2775\" (quoted).":
        "samba_shares: %(name)s には global、homes、printers 以外の名前、絶対パス、\"2775\" のような 8 進数の"
        "モード (引用符で囲んで) が必要です。",
    "sshd_permit_root_login / sshd_allow_users: Ansible logs in over SSH as %(user)s, and these settings would "
    "refuse that login after the reload. Allow %(user)s, or connect as another user.":
        "sshd_permit_root_login / sshd_allow_users: Ansible は %(user)s として SSH でログインしていますが、この設定"
        "では再読み込みの後そのログインが拒否されます。%(user)s を許可するか、別のユーザーで接続してください。",
    "sshd_authorized_keys: '%(key)s...' is not an OpenSSH public key line (the content of an id_*.pub file).":
        "sshd_authorized_keys: '%(key)s...' は OpenSSH の公開鍵の行 (id_*.pub ファイルの中身) ではありません。",
    # roles postfix, mailcert, qmail, dovecot, superserver, stunnel, clockspeed, daemontools, dnscache and
    # lab/tasks/packages_ahead.yml: the roles' checks of their variables and their notes
    "clockspeed_source is empty: set it to the clockspeed-%(version)s tarball, a URL (e.g. "
    "https://cr.yp.to/clockspeed/clockspeed-%(version)s.tar.gz) or a file on the controller, or choose "
    "the chrony track (lab_time_provider: chrony).":
        "clockspeed_source が空です: clockspeed-%(version)s の "
        "tarball を URL (例: "
        "https://cr.yp.to/clockspeed/clockspeed-%(version)s.tar.gz) "
        "かコントローラー上のファイルで指定するか、chrony のトラック (lab_time_provider: "
        "chrony) を選んでください。",
    "%(dir)s (clockspeed_svscan_dir) does not exist: install daemontools and run svscan on it first (the "
    "daemontools role), then run this play again.":
        "%(dir)s (clockspeed_svscan_dir) がありません: 先に daemontools "
        "をインストールしてそこで svscan を動かし (daemontools ロール)、"
        "このプレイをもう一度実行してください。",
    "%(source)s has %(algorithm)s %(checksum)s, not the %(want)s asked for: a different or damaged "
    "tarball.":
        "%(source)s の %(algorithm)s は %(checksum)s で、指定された "
        "%(want)s ではありません: 別の tarball か、壊れた tarball です。",
    "The tarball did not unpack to %(src)s (no conf-cc there): the name (%(name)s) must be the directory "
    "the tarball holds.":
        "tarball は %(src)s に展開されませんでした (そこに conf-cc がありません): 名前 "
        "(%(name)s) は tarball の中のディレクトリ名でなければなりません。",
    "supervise does not run %(dir)s/%(name)s: is svscan running (%(unit)s)? svstat says: %(svstat)s":
        "supervise が %(dir)s/%(name)s を動かしていません: svscan "
        "(%(unit)s) は動いていますか? svstat の出力: %(svstat)s",
    "dnscache_ip %(ip)s is tinydns's address: both want port 53 there, and a resolver on the "
    "authoritative server's address mixes cached answers with authoritative ones. Give dnscache another "
    "address (127.0.0.1 on the lab VM).":
        "dnscache_ip %(ip)s は tinydns のアドレスです: どちらもそこでポート 53 "
        "を使おうとし、権威サーバーのアドレスにリゾルバーを置くとキャッシュした応答と権威のある応答が混ざります。"
        "dnscache には別のアドレスを指定してください (ラボの VM では 127.0.0.1)。",
    "dovecot_listeners: %(name)s needs a name (lower case letters, digits, - and _), a protocol (pop3 or "
    "imap), a port (0 switches the listener off) and ssl (true or false).":
        "dovecot_listeners: %(name)s には name (英小文字、数字、- と _)、"
        "protocol (pop3 または imap)、port (0 でそのリスナーを止めます)、ssl "
        "(true または false) が必要です。",
    "dovecot_listeners: names must be unique and two listeners cannot share a port (names %(names)s, "
    "ports %(ports)s).":
        "dovecot_listeners: 名前は重複できず、2 つのリスナーが同じポートを使うこともできません "
        "(名前 %(names)s、ポート %(ports)s)。",
    "dovecot_postfix_sasl: %(dir)s does not exist, so Dovecot could not create Postfix's SASL socket and "
    "would not start. Apply the postfix role first (playbooks/day08.yml does), or set "
    "dovecot_postfix_sasl to false when Postfix is not the MTA.":
        "dovecot_postfix_sasl: %(dir)s がないため、Dovecot は Postfix "
        "用の SASL ソケットを作れず、起動しません。先に postfix ロールを適用するか "
        "(playbooks/day08.yml はそうします)、MTA が Postfix でなければ "
        "dovecot_postfix_sasl を false にしてください。",
    "%(cert)s or its key differ from what Dovecot was last restarted with: a restart follows.":
        "%(cert)s またはその鍵が、Dovecot を最後に restart したときのものと違います: "
        "restart します。",
    "apt-get install for %(play)s ended with '%(status)s' (log %(log)s); the roles install the packages "
    "themselves now.":
        "%(play)s の apt-get install は '%(status)s' で終わりました (ログ "
        "%(log)s)。パッケージはこの後各ロールがインストールします。",
    # roles/lab/tasks/package_source_failed.yml: the package source does not serve
    "the distribution's mirrors (lab_package_source type mirrors, the default) cannot be reached from the "
    "VM%(why)s: set lab_package_source to a source on the lab network, e.g. {type: proxy, url: "
    "'http://192.168.0.1:3142'} (make proxy starts apt-cacher-ng there on the instructor machine), {type: "
    "mirror, url: ...} or {type: media, path: /mnt/cdrom}.":
        "VM からディストリビューションのミラー (lab_package_source の type mirrors、既定値) に届きません%(why)s: "
        "lab_package_source をラボネットワーク上のソースにしてください。例: {type: proxy, url: "
        "'http://192.168.0.1:3142'} (make proxy で講師のマシンに apt-cacher-ng が起動します)、"
        "{type: mirror, url: ...} または {type: media, path: /mnt/cdrom}。",
    "(the lab has no default gateway, lab_gateway is empty)":
        "(ラボにはデフォルトゲートウェイがありません。lab_gateway が空です)",
    "the package source %(path)s (lab_package_source, type media) is not there: mount the install media "
    "there (mount -o ro /dev/sr0 %(path)s), or fix lab_package_source.":
        "パッケージソース %(path)s (lab_package_source、type media) がありません: そこにインストールメディアを"
        "マウントするか (mount -o ro /dev/sr0 %(path)s)、lab_package_source を直してください。",
    "the package source %(url)s (lab_package_source, type %(type)s) does not answer the VM (%(error)s): "
    "%(action)s, or fix lab_package_source.":
        "パッケージソース %(url)s (lab_package_source、type %(type)s) が VM に応答しません (%(error)s): "
        "%(action)s。または lab_package_source を直してください。",
    "start it on the instructor machine (make proxy starts apt-cacher-ng at http://192.168.0.1:3142)":
        "講師のマシンで起動してください (make proxy で http://192.168.0.1:3142 に apt-cacher-ng が起動します)",
    "check that the mirror serves the lab network": "ミラーがラボネットワークに公開されているか確かめてください",
    "the package source %(source)s (lab_package_source, type %(type)s) is there, but the package manager "
    "could not use it: check that it serves this release and its files.":
        "パッケージソース %(source)s (lab_package_source、type %(type)s) はありますが、パッケージマネージャーが"
        "使えませんでした: このリリースとそのファイルを提供しているか確かめてください。",
    "The package manager said: %(said)s": "パッケージマネージャーの出力: %(said)s",
    "%(path)s changed: the mail daemons that use it reload or restart now.":
        "%(path)s が変わりました: それを使うメールデーモンをこれから reload または restart します。",
    "%(entries)s are not DNS:name, IP:address, email: or URI: entries.":
        "%(entries)s は DNS:名前、IP:アドレス、email: または URI: "
        "の形のエントリではありません。",
    "the certificate and the key need two different absolute paths.":
        "証明書と鍵には別々の絶対パスが必要です。",
    "'%(value)s' is not a number of days.":
        "'%(value)s' は日数ではありません。",
    "give both the certificate and its key (PEM), or neither to let the role generate a self-signed pair.":
        "証明書とその鍵 (PEM) を両方指定するか、どちらも指定せずにロールに自己署名のペアを作らせてください。",
    "this is not a PEM certificate (%(error)s). A file damaged on the way (the course's USB stick) shows "
    "as 'no start line': copy it again and compare with diff.":
        "PEM 形式の証明書ではありません (%(error)s)。途中で壊れたファイル (コースの USB メモリ) "
        "は 'no start line' になります: もう一度コピーして diff で比べてください。",
    "this is not an unencrypted PEM private key (the mail daemons start without a passphrase prompt).":
        "暗号化されていない PEM 形式の秘密鍵ではありません (メールデーモンはパスフレーズを尋ねずに起動します)。",
    "the certificate does not belong to this key (their public keys differ): give the pair that was made "
    "together.":
        "証明書がこの鍵のものではありません (公開鍵が違います): 一緒に作られたペアを指定してください。",
    "the certificate expired on %(date)s: mail clients refuse it.":
        "証明書は %(date)s に期限が切れています: メールクライアントが受け付けません。",
    "%(values)s are not IPv4 networks in CIDR form (a single host is 192.168.0.10/32); give at least "
    "127.0.0.0/8.":
        "%(values)s は CIDR 形式の IPv4 ネットワークではありません (1 台のホストなら "
        "192.168.0.10/32)。少なくとも 127.0.0.0/8 を指定してください。",
    "%(networks)s would make this host an open relay: every client in mynetworks may send mail anywhere "
    "through it, and a network wider than /8 (0.0.0.0/0 is the whole Internet) is found by spammers "
    "within hours. Use 127.0.0.0/8 and the lab network %(network)s.":
        "%(networks)s ではこのホストがオープンリレーになります: mynetworks "
        "のクライアントはどれもこのホスト経由でどこへでもメールを送れ、/8 より広いネットワーク (0.0.0.0/0 "
        "はインターネット全体) は数時間でスパマーに見つかります。127.0.0.0/8 とラボネットワーク "
        "%(network)s を使ってください。",
    "'%(restrictions)s' must end mail for other domains with reject_unauth_destination and never "
    "'permit' everyone (an open relay): permit_mynetworks, permit_sasl_authenticated, "
    "reject_unauth_destination.":
        "'%(restrictions)s' は他ドメイン宛てのメールを "
        "reject_unauth_destination で拒否して終わり、全員を 'permit' "
        "してはなりません (オープンリレーになります): permit_mynetworks, "
        "permit_sasl_authenticated, reject_unauth_destination。",
    "'%(value)s' is not a fully qualified host name such as h2g.example.com.":
        "'%(value)s' は h2g.example.com のような完全修飾ホスト名ではありません。",
    "names must be lower-case local parts (%(names)s are not), and postmaster must be one of them (RFC "
    "5321: mail to postmaster must reach an administrator).":
        "名前は小文字のローカル部でなければならず (%(names)s は違います)、その中に postmaster "
        "が必要です (RFC 5321: postmaster 宛てのメールは管理者に届かなければなりません)。",
    "a relay is written without blanks: [smtp.example.org]:587":
        "リレーは空白なしで書きます: [smtp.example.org]:587",
    "postfix_sasl_passwords: each value is user:password (no blanks); the relays are %(relays)s.":
        "postfix_sasl_passwords: 各値は user:password (空白なし) です。"
        "リレーは %(relays)s です。",
    "inet_interfaces / inet_protocols change from '%(old)s' to '%(interfaces)s' / '%(protocols)s': a "
    "reload does not apply them, a restart follows.":
        "inet_interfaces / inet_protocols が '%(old)s' から "
        "'%(interfaces)s' / '%(protocols)s' に変わります: reload "
        "では反映されないため restart します。",
    "qmail_maildir_users: %(user)s does not exist here. Create the account first (lab day 6, the trainee "
    "role, creates %(lab_user)s) or remove it from qmail_maildir_users.":
        "qmail_maildir_users: %(user)s はこのホストにいません。先にアカウントを作るか "
        "(ラボの 6日目に trainee ロールが %(lab_user)s を作ります)、"
        "qmail_maildir_users から外してください。",
    "%(path)s belongs to another MTA (left alone): local programs using it do not reach qmail. Remove "
    "that MTA's package to use %(bin)s/sendmail there.":
        "%(path)s は別の MTA のものです (そのままにします): これを使うローカルのプログラムのメールは "
        "qmail に届きません。そこで %(bin)s/sendmail を使うには、その MTA "
        "のパッケージを削除してください。",
    "%(bin)s/qmail-send does not exist after `make setup check` in %(build)s: read the build's output "
    "above (its conf-cc is daemontools_conf_cc).":
        "%(build)s で `make setup check` を実行した後も "
        "%(bin)s/qmail-send がありません: 上のビルドの出力を読んでください (conf-cc は "
        "daemontools_conf_cc です)。",
    "qmail_source_path '%(path)s' is not a file on the controller (an absolute path is needed): give the "
    "%(version)s.tar.gz tarball there, or leave qmail_source_path empty to download qmail_source_url "
    "(%(url)s). Nothing was changed.":
        "qmail_source_path '%(path)s' はコントローラー上のファイルではありません "
        "(絶対パスが必要です): そこに %(version)s.tar.gz の tarball を置くか、"
        "qmail_source_path を空にして qmail_source_url (%(url)s) "
        "からダウンロードさせてください。何も変更していません。",
    "qmail_source_url '%(url)s' is not an http(s) or ftp URL, and qmail_source_path is empty: set one of "
    "them to the %(version)s tarball. Nothing was changed.":
        "qmail_source_url '%(url)s' は http(s) または ftp の URL ではなく、"
        "qmail_source_path も空です: どちらかで %(version)s の tarball "
        "を指定してください。何も変更していません。",
    "postmaster, mailer-daemon and root must have an alias (missing: %(missing)s): without it their mail "
    "bounces instead of reaching an administrator.":
        "postmaster、mailer-daemon、root にはエイリアスが必要です (足りないもの: "
        "%(missing)s): ないと、それら宛てのメールは管理者に届かずにバウンスします。",
    "every alias needs one target (a user, an address or a delivery instruction) on one line.":
        "どのエイリアスにも宛先 (ユーザー、アドレスまたは配送指示) を 1 行に 1 つ書いてください。",
    "'%(value)s' is not a delivery instruction: ./Maildir/ (a Maildir, ends in /), ./Mailbox (an mbox), "
    "|program or &address.":
        "'%(value)s' は配送指示ではありません: ./Maildir/ (Maildir。/ で終わります)、"
        "./Mailbox (mbox)、|プログラム、&アドレス のどれかにしてください。",
    "stunnel_mode (lab_stunnel_mode): '%(value)s' must be standalone or superserver.":
        "stunnel_mode (lab_stunnel_mode): '%(value)s' は "
        "standalone か superserver でなければなりません。",
    "stunnel_smtps_port must be a port (465), stunnel_smtps_connect [host:]port of the MTA "
    "(127.0.0.1:25) and stunnel_debug 5, 6 or 7 (below 5 the \"Connection closed\" lines the evaluator "
    "reads are not written); got %(port)s, %(connect)s, %(debug)s.":
        "stunnel_smtps_port はポート (465)、stunnel_smtps_connect は "
        "MTA の [host:]port (127.0.0.1:25)、stunnel_debug は 5、6、7 "
        "のいずれかでなければなりません (5 未満では評価ツールが読む \"Connection closed\" "
        "の行が書かれません)。指定された値: %(port)s、%(connect)s、%(debug)s。",
    "stunnel_extra_services: %(name)s needs a name (letters, digits, - and _; not smtps), accept and "
    "connect as [host:]port, and stunnel_mode standalone (in inetd mode stunnel has no sections).":
        "stunnel_extra_services: %(name)s には name (英字、数字、- と _。"
        "smtps 以外)、[host:]port 形式の accept と connect、stunnel_mode "
        "standalone が必要です (inetd モードの stunnel にはセクションがありません)。",
    "superserver_type: '%(value)s' must be auto, xinetd or systemd.":
        "superserver_type: '%(value)s' は auto、xinetd、systemd "
        "のいずれかでなければなりません。",
    "superserver_owner: '%(value)s' must be a name of letters, digits, '.', '_' and '-' (e.g. "
    "serverlab.course.stunnel).":
        "superserver_owner: '%(value)s' は英字、数字、'.'、'_'、'-' "
        "からなる名前でなければなりません (例: serverlab.course.stunnel)。",
    "superserver_services: %(name)s needs a name (lower case letters, digits, - and _), a port from 1 to "
    "65535, a server (absolute program path and its arguments), a user, a bind address (IPv4, 0.0.0.0 "
    "for every address) and only_from as a list.":
        "superserver_services: %(name)s には name (英小文字、数字、- と _)、"
        "1 から 65535 の port、server (プログラムの絶対パスとその引数)、user、bind "
        "アドレス (IPv4。すべてのアドレスなら 0.0.0.0)、リストの only_from が必要です。",
    "superserver_services: names must be unique and two enabled services cannot listen on one port "
    "(names %(names)s, enabled ports %(ports)s).":
        "superserver_services: 名前は重複できず、有効な 2 "
        "つのサービスが同じポートで待ち受けることもできません (名前 %(names)s、有効なポート "
        "%(ports)s)。",
    "superserver_services: %(names)s already belongs to another owner than %(owner)s (the \"Managed by\" line "
    "of its file in %(dir)s names it). Serve each service from one place only: for example, leave smtps out "
    "of superserver_examples_enabled when the stunnel role runs in superserver mode.":
        "superserver_services: %(names)s はすでに %(owner)s 以外の所有者のものです (%(dir)s にあるそのファイルの "
        "\"Managed by\" の行に書かれています)。各サービスは 1 か所だけから提供してください: たとえば stunnel "
        "ロールを superserver モードで動かすときは、superserver_examples_enabled から smtps を外してください。",
    # The relays of the mail split (checks/mailsplit.py, checks/network.py).
    "no mail in %(user)s's mailbox came through a relay (%(relays)s) yet (%(seen)d messages looked at): "
    "send one to %(user)s from outside the store, to the MX (the relay), and see that the relay's route "
    '(transport_maps) hands it to the store':
        '%(user)s のメールボックスには、まだリレー (%(relays)s) を通って届いたメールがありません (%(s'
        'een)d 通を確認): メールストアの外から MX (リレー) 宛てに %(user)s へ 1 通送り、リレーの経路'
        ' (transport_maps) がメールストアへ渡すことを確かめてください',
    "relay_domains does not name %(domain)s: the relay refuses the domain's mail (Relay access denied) "
    "although it is the MX. postconf -e 'relay_domains = $mydomain', then postfix reload":
        'relay_domains に %(domain)s がありません: リレーは MX なのにドメインのメールを拒否します'
        " (Relay access denied)。postconf -e 'relay_domains = $mydomai"
        "n' の後 postfix reload",
    "the relay has no route for %(domain)s: it would look up the domain's MX, which is itself, and the "
    "mail loops back. Add the line '%(fix)s' to the transport map, postmap it, set transport_maps to it "
    'and postfix reload':
        'リレーに %(domain)s への経路がありません: ドメインの MX (自分自身) を引き、メールがループします。t'
        "ransport マップに '%(fix)s' の行を加えて postmap し、transport_maps にそのマ"
        'ップを設定して postfix reload',
    "the relay's route for %(domain)s is '%(route)s', not the mail store %(store)s: mail would go to the "
    "wrong host. The route must be '%(fix)s' (transport map, then postmap and postfix reload)":
        "リレーの %(domain)s への経路が '%(route)s' で、メールストア %(store)s ではありません"
        ": メールが別のホストへ行きます。経路は '%(fix)s' にしてください (transport マップの後 post"
        'map と postfix reload)',
    'the mail store %(host)s does not greet the relay on port 25 (%(state)s): mail for the domain waits '
    "in the relay's queue (postqueue -p). Start Postfix on the store, and let the relay in (the store's "
    'mynetworks)':
        'メールストア %(host)s がポート 25 でリレーに応答しません (%(state)s): ドメイン宛てのメールは'
        'リレーのキューで待ちます (postqueue -p)。メールストアの Postfix を起動し、リレーを受け入れてくだ'
        'さい (メールストアの mynetworks)',
    'mynetworks has %(wide)s, beyond the loopback and the mail store %(store)s: the relay would relay '
    "mail to any domain for them. Relay control: postconf -e 'mynetworks = 127.0.0.0/8 %(store)s/32', "
    'then postfix reload':
        'mynetworks にループバックとメールストア %(store)s 以外の %(wide)s があります: リレーは'
        "そこからのメールをどのドメインへも中継します。中継制御: postconf -e 'mynetworks = 127.0"
        ".0.0/8 %(store)s/32' の後 postfix reload",
    "smtpd_relay_restrictions is '%(value)s': the relay must refuse to relay for anyone but mynetworks. "
    "Relay control: postconf -e 'smtpd_relay_restrictions = permit_mynetworks, "
    "reject_unauth_destination', then postfix reload":
        "smtpd_relay_restrictions が '%(value)s' です: リレーは mynetworks 以"
        "外からの中継を拒否しなければなりません。中継制御: postconf -e 'smtpd_relay_restricti"
        "ons = permit_mynetworks, reject_unauth_destination' の後 postf"
        'ix reload',
    "mydestination names %(domain)s on the relay: the domain's mail is delivered into mailboxes here "
    "instead of routed to the store. postconf -e 'mydestination =' (empty), then postfix reload":
        'リレーの mydestination に %(domain)s があります: ドメインのメールがメールストアへ送られず、'
        "ここでメールボックスに配送されます。postconf -e 'mydestination =' (空) の後 postf"
        'ix reload',
    "local_transport is '%(value)s': mail for the relay's own names would be stored here, and a relay "
    "keeps no mailboxes. postconf -e 'local_transport = error:5.1.1 this relay stores no mail', then "
    'postfix reload':
        "local_transport が '%(value)s' です: リレー自身の名前宛てのメールがここに保存されますが、"
        "リレーはメールボックスを持ちません。postconf -e 'local_transport = error:5.1.1"
        " this relay stores no mail' の後 postfix reload",
    "disable_vrfy_command is '%(value)s': anyone on the network can ask the relay which users exist "
    "(VRFY). postconf -e 'disable_vrfy_command = yes', then postfix reload":
        "disable_vrfy_command が '%(value)s' です: ネットワーク上の誰もがリレーにどのユーザー"
        "が存在するかを問い合わせられます (VRFY)。postconf -e 'disable_vrfy_command = "
        "yes' の後 postfix reload",
    "the relay takes the domain's mail from anyone (it is the MX): relay_domains = $mydomain and "
    'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination in its main.cf':
        'リレーは MX なので誰からでもドメインのメールを受け取ります: main.cf に relay_domains = $'
        'mydomain と smtpd_relay_restrictions = permit_mynetworks, rej'
        'ect_unauth_destination',
    'lab.json names no mail store (mail_topology): converge the relay with lab_mail_hosts, the same list '
    'as on the store':
        'lab.json にメールストアがありません (mail_topology): メールストアと同じ lab_mail_h'
        'osts でリレーを構築してください',
    "the relay refuses mail for %(rcpt)s (%(answer)s): it is the domain's MX and must take its mail for "
    'the store: relay_domains = $mydomain':
        'リレーが %(rcpt)s 宛てのメールを拒否します (%(answer)s): リレーはドメインの MX で、メールス'
        'トアのためにそのメールを受け取らなければなりません: relay_domains = $mydomain',
    # The store's mail through the MX order, from the lab (checks/network.py 8.62).
    "the lab's DNS at %(server)s gives no MX for %(domain)s (%(error)s): a sender finds no relay. The MX "
    'records of the relays (10 and 20) come from lab_mail_hosts: converge the store (day 7), and see day '
    "7's checks":
        'ラボの DNS %(server)s が %(domain)s の MX を返しません ('
        '%(error)s): 送信者はリレーを見つけられません。リレーの MX レコード (10 と 20'
        ') は lab_mail_hosts から作られます: メールストアを収束させ (7 日目)、7 日'
        '目のチェックを見てください',
    "the MX %(name)s has no address in the lab's DNS: a sender cannot reach it. Every relay of "
    'lab_mail_hosts needs its A record (day 7)':
        'MX %(name)s にはラボの DNS にアドレスがありません: 送信者はそこへ届けられません。'
        'lab_mail_hosts のすべてのリレーに A レコードが必要です (7 日目)',
    'no mail exchanger of %(domain)s took the mail for %(rcpt)s: mail from outside cannot reach the '
    'domain at all. Every relay is down or refuses it; start the backup relay at least (MX 20 takes over '
    'while MX 10 is down)':
        '%(domain)s のどのメールエクスチェンジャーも %(rcpt)s 宛てのメールを受け取りませ'
        'んでした: 外からのメールはドメインにまったく届きません。すべてのリレーが止まっているか拒否していま'
        'す。少なくともバックアップリレーを起動してください (MX 10 が止まっている間は MX 20 が'
        '引き継ぎます)',
    "the MX %(name)s (%(address)s) took the mail for %(rcpt)s, but it did not reach the store's mailbox "
    "within %(wait)s s: that relay's route to the store is broken (its own grade, 8.52), or the store "
    'does not let it in (8.51)':
        'MX %(name)s (%(address)s) は %(rcpt)s 宛てのメールを受け取りまし'
        'たが、%(wait)s 秒以内にメールストアのメールボックスに届きませんでした: そのリレーからメー'
        'ルストアへの経路が壊れている (リレー自身の採点 8.52) か、メールストアがリレーを通していませ'
        'ん (8.51)',
    "the mail reached the store, but not from the MX %(address)s that took it (the store's newest "
    "Received header: %(header)s): the relays must hand the domain's mail to the store themselves":
        'メールはメールストアに届きましたが、受け取った MX %(address)s からではありません ('
        'メールストアの最新の Received ヘッダー: %(header)s): リレーはドメインのメー'
        'ルをメールストアへ自分で渡さなければなりません',
    # The mail split on the qmail track (checks/mailsplit.py, checks/network.py).
    'RELAYCLIENT for the store alone: %(store)s:allow,RELAYCLIENT="" then :allow, compiled with tcprules':
        'RELAYCLIENT はメールストアだけに: %(store)s:allow,'
        'RELAYCLIENT="" の後に :allow、tcprules でコンパイル',
    'the smart host %(host)s does not greet the store on port %(port)s (%(state)s): outgoing mail waits '
    "in the store's queue (qmail-qstat). Start the MTA on the relay, or check the route between the two "
    'hosts':
        'スマートホスト %(host)s がポート %(port)s でメールストアに挨拶しません ('
        '%(state)s): 送信メールはメールストアのキューで待ちます (qmail-qstat)。リレ'
        'ーの MTA を起動するか、2 台の間の経路を確認してください',
    '%(dir)s/smtproutes has no default route: the store sends outgoing mail straight to other domains, '
    "past the relay. Make the relay its smart host: echo '%(fix)s' >> %(dir)s/smtproutes (qmail-remote "
    'reads it at the next delivery)':
        '%(dir)s/smtproutes にデフォルト経路がありません: メールストアは送信メールをリレ'
        "ーを通さず他ドメインへ直接送ります。リレーをスマートホストにしてください: echo '"
        "%(fix)s' >> %(dir)s/smtproutes (qmail-remote は次の配送"
        'で読みます)',
    "the default route in %(dir)s/smtproutes is '%(value)s', which is no relay of the lab (%(relays)s): "
    "the store's outgoing mail must leave through the relay, its smart host. The line must be '%(fix)s'":
        "%(dir)s/smtproutes のデフォルト経路は '%(value)s' で、ラボのリレー "
        '(%(relays)s) ではありません: メールストアの送信メールはスマートホストであるリレーを通'
        "って出なければなりません。行は '%(fix)s' にしてください",
    '%(path)s lets a client outside the lab and the relays in (%(client)s): the store behind the relays '
    "takes mail from anyone who reaches port 25. Relay control: end the rules with ':deny' after the "
    "lab's line, then compile them with tcprules":
        '%(path)s はラボとリレー以外のクライアントを通します (%(client)s): リレーの内'
        '側のメールストアがポート 25 に届く誰からでもメールを受け取ります。中継制御: ラボの行の後、ルー'
        "ルを ':deny' で終え、tcprules でコンパイルしてください",
    "%(dir)s/rcpthosts does not name %(domain)s: the relay refuses the domain's mail ('553 sorry, that "
    "domain isn't in my list of allowed rcpthosts') although it is the MX. echo %(domain)s >> "
    '%(dir)s/rcpthosts':
        '%(dir)s/rcpthosts に %(domain)s がありません: リレーは MX なのに'
        "ドメインのメールを拒否します ('553 sorry, that domain isn't in "
        "my list of allowed rcpthosts')。echo %(domain)s >> "
        '%(dir)s/rcpthosts',
    "the relay has no route for %(domain)s in %(dir)s/smtproutes: qmail-remote would look up the domain's "
    "MX, which is the relay itself, and the mail loops back. Add the line '%(fix)s' to %(dir)s/smtproutes":
        'リレーの %(dir)s/smtproutes に %(domain)s の経路がありません: '
        'qmail-remote はドメインの MX、つまりリレー自身を引き、メールはループします。'
        "%(dir)s/smtproutes に行 '%(fix)s' を加えてください",
    "the relay's route for %(domain)s is '%(route)s', not the mail store %(store)s: mail would go to the "
    "wrong host. The line in %(dir)s/smtproutes must be '%(fix)s'":
        "リレーの %(domain)s の経路は '%(route)s' で、メールストア "
        '%(store)s ではありません: メールは別のホストへ行きます。%(dir)s'
        "/smtproutes の行は '%(fix)s' にしてください",
    'the mail store %(host)s does not greet the relay on port %(port)s (%(state)s): mail for the domain '
    "waits in the relay's queue (qmail-qstat). Start the MTA on the store, and let the relay in (the "
    "store's tcpserver rules)":
        'メールストア %(host)s がポート %(port)s でリレーに挨拶しません ('
        '%(state)s): ドメイン宛てのメールはリレーのキューで待ちます (qmail-qstat)。'
        'メールストアの MTA を起動し、リレーを通してください (メールストアの tcpserver ルー'
        'ル)',
    '%(dir)s/rcpthosts is missing: qmail-smtpd then relays mail to any domain for anyone, an open relay '
    'at the edge. echo %(domain)s > %(dir)s/rcpthosts':
        '%(dir)s/rcpthosts がありません: qmail-smtpd は誰のためにもどのドメイ'
        'ンへもメールを中継する、境界のオープンリレーになります。echo %(domain)s > '
        '%(dir)s/rcpthosts',
    '%(dir)s/rcpthosts names %(others)s besides %(domain)s: the relay takes mail for those domains from '
    'anyone and relays it. Keep %(domain)s alone':
        '%(dir)s/rcpthosts には %(domain)s のほかに %(others)s があ'
        'ります: リレーはそれらのドメイン宛てのメールを誰からでも受け取り中継します。%(domain)s '
        'だけにしてください',
    "%(path)s does not let the store relay (%(client)s): the store's outgoing mail, which leaves through "
    'this relay, is refused. Relay control: %(fix)s':
        '%(path)s はメールストアに中継を許しません (%(client)s): このリレーを通って出'
        'るメールストアの送信メールが拒否されます。中継制御: %(fix)s',
    '%(dir)s/locals is missing, so qmail delivers mail for its own name (control/me) into mailboxes here, '
    'and a relay keeps no mailboxes. Create it empty: : > %(dir)s/locals, then svc -h the qmail-send '
    'service':
        '%(dir)s/locals がないため、qmail は自分の名前 (control/me) 宛ての'
        'メールをここのメールボックスに配送しますが、リレーはメールボックスを持ちません。空で作ってください:'
        ' : > %(dir)s/locals、その後 qmail-send サービスに svc -h',
    "%(dir)s names %(names)s as delivered here (locals or virtualdomains): the domain's mail is stored on "
    'the relay instead of routed to the store. Remove the line, then svc -h the qmail-send service':
        '%(dir)s は %(names)s をここで配送すると書いています (locals か '
        'virtualdomains): ドメインのメールはメールストアへ送られずリレーに溜まります。その行'
        'を消し、qmail-send サービスに svc -h',
    'no SMTP service on 127.0.0.1:25 (%(error)s): qmail-smtpd must run on the relay (svc -u the '
    'qmail-smtpd service)':
        '127.0.0.1:25 に SMTP サービスがありません (%(error)s): リレーで '
        'qmail-smtpd が動いていなければなりません (qmail-smtpd サービスに svc '
        '-u)',
    "port 25 answers VRFY %(user)s with '%(answer)s': anyone on the network can ask the relay which users "
    'exist. qmail-smtpd never does (it answers 252): another SMTP server holds port 25 (check 8.40)':
        "ポート 25 が VRFY %(user)s に '%(answer)s' と答えます: ネットワー"
        'ク上の誰もがリレーにどのユーザーが存在するかを問い合わせられます。qmail-smtpd はそうしま'
        'せん (252 と答えます): 別の SMTP サーバーがポート 25 を持っています (チェック '
        '8.40)',
    '%(path)s does not exist: tcpserver has no rules, so it lets every client in and nobody relay. Write '
    'the rules and compile them with tcprules':
        '%(path)s がありません: tcpserver にルールがなく、すべてのクライアントを通し誰に'
        'も中継を許しません。ルールを書き、tcprules でコンパイルしてください',
    "%(path)s refuses %(client)s: the store must take mail from the relays (the domain's mail) and from "
    "the lab (its users' mail). Give the lab network an allow line before ':deny', then compile the rules "
    'with tcprules':
        '%(path)s は %(client)s を拒否します: メールストアはリレー (ドメインのメール'
        ") とラボ (利用者のメール) からメールを受け取らなければなりません。':deny' の前にラボの"
        'ネットワークの allow 行を置き、tcprules でコンパイルしてください',
    '%(path)s gives RELAYCLIENT to %(client)s: the relay would relay mail to any domain for them. Relay '
    'control: %(fix)s':
        '%(path)s は %(client)s に RELAYCLIENT を与えます: リレーはそのク'
        'ライアントのためにどのドメインへもメールを中継します。中継制御: %(fix)s',
    "the relay takes the domain's mail from anyone (it is the MX): the domain in control/rcpthosts, and "
    'tcpserver rules that allow everyone (RELAYCLIENT for the store alone), compiled with tcprules':
        'リレーはドメインのメールを誰からでも受け取ります (MX だから): ドメインを '
        'control/rcpthosts に、tcpserver ルールは全員を allow ('
        'RELAYCLIENT はメールストアだけ) にして tcprules でコンパイル',
    'the relay answers VRFY (%(answer)s): anyone on the network can ask it which users exist. qmail-smtpd '
    'never does (it answers 252): another SMTP server holds port 25 of the relay':
        'リレーが VRFY に答えます (%(answer)s): ネットワーク上の誰もがどのユーザーが存在'
        'するかを問い合わせられます。qmail-smtpd はそうしません (252 と答えます): 別の '
        'SMTP サーバーがリレーのポート 25 を持っています',
    "the relay refuses mail for %(rcpt)s (%(answer)s): it is the domain's MX and must take its mail for "
    'the store: the domain in control/rcpthosts':
        'リレーが %(rcpt)s 宛てのメールを拒否します (%(answer)s): リレーはドメインの'
        ' MX であり、メールストアのためにそのメールを受け取らなければなりません: ドメインを '
        'control/rcpthosts に',
    'the relay accepted the mail for %(rcpt)s, but it did not reach the mail store %(store)s within '
    "%(wait)s s: look at the relay's queue (qmail-qstat, qmail-qread) and route (the line "
    "%(domain)s:[%(store)s] in control/smtproutes), and at the store's tcpserver rules, which must let "
    'the relay in':
        'リレーは %(rcpt)s 宛てのメールを受け取りましたが、%(wait)s 秒以内にメールストア '
        '%(store)s に届きませんでした: リレーのキュー (qmail-qstat、'
        'qmail-qread) と経路 (control/smtproutes の行 %(domain)s'
        ':[%(store)s])、そしてリレーを通すべきメールストアの tcpserver ルールを見てく'
        'ださい',
    'the mail reached the store, but not from the relay %(relay)s (its newest Received header: '
    "%(header)s): the relay's route must hand the domain's mail to the store itself (control/smtproutes: "
    '%(domain)s:[%(store)s])':
        'メールはメールストアに届きましたが、リレー %(relay)s からではありません (最新の '
        'Received ヘッダー: %(header)s): リレーの経路はドメインのメールをメールストア'
        'そのものへ渡さなければなりません (control/smtproutes: %(domain)s:['
        '%(store)s])',
    'the relay relays mail for other domains for a lab client (%(answer)s): an open relay at the edge. '
    'Relay control: control/rcpthosts names the domain alone, and the tcpserver rules give RELAYCLIENT to '
    'the store only (compiled with tcprules)':
        'リレーがラボのクライアントのために他ドメイン宛てのメールを中継します (%(answer)s): 境'
        '界のオープンリレーです。中継制御: control/rcpthosts はドメインだけ、'
        'tcpserver ルールは RELAYCLIENT をメールストアだけに (tcprules でコ'
        'ンパイル)',
    'the relay accepted the mail for %(rcpt)s, but it did not reach the mail store %(store)s within '
    "%(wait)s s: look at the relay's queue (postqueue -p) and route (postmap -q %(domain)s on its "
    "transport_maps: smtp:[%(store)s]), and at the store's log, which must let the relay in (mynetworks)":
        'リレーは %(rcpt)s 宛てのメールを受け取りましたが、%(wait)s 秒以内にメールストア %(store)s '
        'に届きませんでした: リレーのキュー (postqueue -p) と経路 (transport_maps に post'
        'map -q %(domain)s: smtp:[%(store)s])、そしてリレーを受け入れるべきメールストアのログ'
        ' (mynetworks) を見てください',
    'the mail reached the store, but not from the relay %(relay)s (its newest Received header: '
    "%(header)s): the relay's route must hand the domain's mail to the store itself (transport_maps: "
    'smtp:[%(store)s])':
        'メールはメールストアに届きましたが、リレー %(relay)s からではありません (最新の Received ヘッダー'
        ': %(header)s): リレーの経路はドメインのメールをメールストアそのものへ渡さなければなりません (trans'
        'port_maps: smtp:[%(store)s])',
    'the relay relays mail for other domains for a lab client (%(answer)s): an open relay at the edge. '
    'Relay control: mynetworks = 127.0.0.0/8 and the store only, smtpd_relay_restrictions = '
    'permit_mynetworks, reject_unauth_destination':
        'リレーがラボのクライアントのために他ドメイン宛てのメールを中継します (%(answer)s): 境界のオープンリレーで'
        'す。中継制御: mynetworks は 127.0.0.0/8 とメールストアだけ、smtpd_relay_restr'
        'ictions = permit_mynetworks, reject_unauth_destination',
    'the relay answers VRFY (%(answer)s): anyone on the network can ask it which users exist. '
    'disable_vrfy_command = yes in its main.cf, then postfix reload':
        'リレーが VRFY に答えます (%(answer)s): ネットワーク上の誰もがどのユーザーが存在するかを問い合わせら'
        'れます。main.cf に disable_vrfy_command = yes の後 postfix reload',
    'the mail store %(store)s cannot be read over POP3 as %(user)s (%(error)s), so the mail sent to the '
    "relay cannot be found: see the store's own grade (8.44)":
        'メールストア %(store)s を %(user)s として POP3 で読めないため (%(error)s)、リレー'
        'へ送ったメールを見つけられません: メールストア自身の採点 (8.44) を見てください',

    # ------------------------------------------------------------ the validators' summary (findings.py)
    "%(where)s: %(message)s": "%(where)s: %(message)s",
    "%(message)s": "%(message)s",
    "%(message)s Fix: %(fix)s": "%(message)s 直し方: %(fix)s",
    "no errors": "エラーはありません",
    "no errors (%(count)d warning)": "エラーはありません (警告 %(count)d 件)",
    "no errors (%(count)d warnings)": "エラーはありません (警告 %(count)d 件)",
    "%(count)d error found:": "エラーが %(count)d 件見つかりました:",
    "%(count)d errors found:": "エラーが %(count)d 件見つかりました:",

    # ------------------------------------------------------------ the lab's port map (portmap.py, lab_ports_check)
    "%(name)s must be a list of claims, got %(value)s.":
        "%(name)s は要求 (claim) のリストでなければなりませんが、%(value)s になっています。",
    "Leave %(name)s to the role's defaults (it is derived from the role's variables).":
        "%(name)s はロールの既定値のままにしてください (ロールの変数から作られます)。",
    "%(name)s[%(index)d] is not a mapping: %(value)s.": "%(name)s[%(index)d] がマッピングではありません: %(value)s。",
    "Leave %(name)s to the role's defaults.": "%(name)s はロールの既定値のままにしてください。",
    "%(value)s is not a port": "%(value)s はポートではありません",
    "%(var)s (%(role)s %(service)s): %(problem)s.": "%(var)s (%(role)s %(service)s): %(problem)s。",
    "Set %(var)s to a port number (1-65535) and an address of the VM.":
        "%(var)s にはポート番号 (1-65535) と VM のアドレスを設定してください。",
    "%(var)s (%(role)s %(service)s): protocol %(protocols)s is not tcp or udp.":
        "%(var)s (%(role)s %(service)s): プロトコル %(protocols)s は tcp でも udp でもありません。",
    "Use tcp or udp.": "tcp か udp を使ってください。",
    "%(first)s (%(first_vars)s) and %(second)s (%(second_vars)s) both claim %(where)s: the daemon that starts "
    "second fails with 'Address already in use' and does not serve.":
        "%(first)s (%(first_vars)s) と %(second)s (%(second_vars)s) が両方とも %(where)s を使おうとしています: "
        "後から起動したデーモンは 'Address already in use' で失敗し、サービスを提供しません。",
    "Give one of them another port or address in your inventory: change %(first)s or %(second)s.":
        "インベントリでどちらかに別のポートかアドレスを指定してください: %(first)s か %(second)s を変えてください。",
    "%(label)s (%(var)s) binds %(address)s, which this VM does not have (its addresses: %(addresses)s): the "
    "daemon fails with 'Cannot assign requested address'.":
        "%(label)s (%(var)s) が %(address)s で待ち受けようとしていますが、この VM にそのアドレスはありません "
        "(VM のアドレス: %(addresses)s): デーモンは 'Cannot assign requested address' で失敗します。",
    "Set %(var)s to an address of the VM (lab_address, or 127.0.0.1), or give the VM that address "
    "(network_apply: true applies lab_address on day 6).":
        "%(var)s を VM のアドレス (lab_address または 127.0.0.1) にするか、VM にそのアドレスを付けてください "
        "(network_apply: true で6日目に lab_address を設定します)。",
    "%(role)s %(service)s (%(var)s) serves the lab network %(network)s, but listens only on %(addresses)s, "
    "which no lab host can reach.":
        "%(role)s %(service)s (%(var)s) はラボネットワーク %(network)s にサービスを提供するはずですが、"
        "%(addresses)s でしか待ち受けておらず、ラボのどのホストからも届きません。",
    "Add lab_address (or 0.0.0.0) to %(var)s.": "%(var)s に lab_address (または 0.0.0.0) を加えてください。",
    "lab_dns_nameservers names %(names)s for %(domain)s, but none has an address of this VM in lab_dns_hosts "
    "(its addresses: %(addresses)s): resolvers are sent to a server that is not the one configured here.":
        "lab_dns_nameservers は %(domain)s のネームサーバーとして %(names)s を挙げていますが、lab_dns_hosts で"
        "この VM のアドレス (%(addresses)s) を持つものがありません: リゾルバーはここで設定したものではない"
        "サーバーに問い合わせることになります。",
    "Give one name server of lab_dns_nameservers the VM's address (lab_address) in lab_dns_hosts.":
        "lab_dns_hosts で lab_dns_nameservers のネームサーバーの1つに VM のアドレス (lab_address) を"
        "指定してください。",
    "lab_dns_hosts gives this VM's own name %(name)s the address %(address)s, which the VM does not have "
    "(its addresses: %(addresses)s; lab_address is the one the lab reaches it on).":
        "lab_dns_hosts はこの VM 自身の名前 %(name)s にアドレス %(address)s を指定していますが、VM にその"
        "アドレスはありません (VM のアドレス: %(addresses)s。ラボから届くのは lab_address です)。",
    "Point %(name)s at lab_address in lab_dns_hosts, or give the VM that address (network_apply: true "
    "applies lab_address on day 6).":
        "lab_dns_hosts で %(name)s を lab_address に向けるか、VM にそのアドレスを付けてください "
        "(network_apply: true で6日目に lab_address を設定します)。",
    "this VM is a %(role)s of lab_mail_hosts, but no MX of %(domain)s in lab_dns_mx has its address (its "
    "addresses: %(addresses)s): senders never hand it the domain's mail.":
        "この VM は lab_mail_hosts の %(role)s ですが、lab_dns_mx にある %(domain)s の MX のどれもこの VM の"
        "アドレス (%(addresses)s) を持っていません: 送信側はこの VM にドメインのメールを渡しません。",
    "Give this relay's entry of lab_mail_hosts the VM's address (lab_address); lab_dns_mx's default "
    "derives the MX from it.":
        "lab_mail_hosts のこのリレーのエントリに VM のアドレス (lab_address) を指定してください。"
        "lab_dns_mx の既定値はそこから MX を作ります。",
    "lab_dns_mx sends mail for %(domain)s to %(target)s, whose address in lab_dns_hosts (%(address)s) is not "
    "this VM's (its addresses: %(addresses)s): the lab's mail never reaches the MTA configured here.":
        "lab_dns_mx は %(domain)s 宛てのメールを %(target)s に送りますが、lab_dns_hosts でのそのアドレス "
        "(%(address)s) はこの VM のもの (%(addresses)s) ではありません: ラボのメールはここで設定した MTA に"
        "届きません。",
    "Give %(target)s the VM's address (lab_address) in lab_dns_hosts.":
        "lab_dns_hosts で %(target)s に VM のアドレス (lab_address) を指定してください。",
    "%(var)s is %(value)s but lab_domain (the zone with the lab's MX) is %(domain)s: the MTA signs mail as a "
    "domain the lab's DNS does not serve.":
        "%(var)s は %(value)s ですが、lab_domain (ラボの MX があるゾーン) は %(domain)s です: MTA はラボの DNS が"
        "扱わないドメインとしてメールを出します。",
    "Set %(var)s to lab_domain (%(domain)s), or leave it to the role's default.":
        "%(var)s を lab_domain (%(domain)s) にするか、ロールの既定値のままにしてください。",
    "lab_dns_mx makes this VM the mail exchanger of %(domain)s, but %(var)s (%(values)s) does not list "
    "%(domain)s: mail to user@%(domain)s is refused or looped instead of delivered.":
        "lab_dns_mx はこの VM を %(domain)s のメールエクスチェンジャーにしていますが、%(var)s (%(values)s) に "
        "%(domain)s がありません: user@%(domain)s 宛てのメールは配送されず、拒否されるかループします。",
    "empty": "空",
    "Add %(value)s to %(var)s.": "%(var)s に %(value)s を加えてください。",
    "%(var)s is %(name)s, a name the lab's DNS model (lab_dns_hosts, lab_dns_aliases) does not have: "
    "clients cannot check the MTA's greeting name.":
        "%(var)s は %(name)s ですが、ラボの DNS モデル (lab_dns_hosts、lab_dns_aliases) にその名前がありません: "
        "クライアントは MTA の挨拶の名前を確かめられません。",
    "Set %(var)s to the VM's name (lab_hostname.lab_domain), or add %(name)s to lab_dns_hosts.":
        "%(var)s を VM の名前 (lab_hostname.lab_domain) にするか、lab_dns_hosts に %(name)s を加えてください。",
    "%(var)s is %(name)s, outside lab_domain %(domain)s: the lab's DNS cannot answer for it.":
        "%(var)s は %(name)s で、lab_domain %(domain)s の外にあります: ラボの DNS はその名前に答えられません。",
    "Set %(var)s to lab_hostname.lab_domain.": "%(var)s を lab_hostname.lab_domain にしてください。",
    "ip -o addr show failed: %(error)s": "ip -o addr show が失敗しました: %(error)s",
    "%(name)s cannot be computed: %(error)s": "%(name)s を計算できません: %(error)s",
    "%(option)s is computed from the roles' defaults; do not set it":
        "%(option)s はロールの既定値から計算されます。指定しないでください",

    # ------------------------------------------------------------ the DNS model (dnsmodel.py, filter dns_records)
    "empty host name in lab_dns_* (use '@' for the domain itself)":
        "lab_dns_* に空のホスト名があります (ドメインそのものには '@' を使ってください)",
    "lab_dns_reverse_networks: %(network)s is not on an octet boundary (/8, /16 or /24); classless reverse "
    "delegation is not part of the lab":
        "lab_dns_reverse_networks: %(network)s がオクテットの境界 (/8、/16、/24) にありません。クラスレスの逆引き"
        "委任はラボでは扱いません",
    "lab_dns_hosts[%(index)d] must be a mapping with name and address, got %(value)s":
        "lab_dns_hosts[%(index)d] は name と address を持つマッピングでなければなりませんが、%(value)s になっています",
    "lab_dns_hosts[%(index)d] (%(name)s): %(value)s is not an IPv4 address":
        "lab_dns_hosts[%(index)d] (%(name)s): %(value)s は IPv4 アドレスではありません",
    "lab_dns_aliases: %(alias)s also has an address in lab_dns_hosts; a CNAME cannot stand beside other data":
        "lab_dns_aliases: %(alias)s には lab_dns_hosts でアドレスもあります。CNAME はほかのデータと並べられません",
    "lab_dns_nameservers[%(index)d]: %(name)s is an alias (CNAME); NS must name a host":
        "lab_dns_nameservers[%(index)d]: %(name)s は別名 (CNAME) です。NS にはホストを指定してください",
    "lab_dns_mx[%(index)d] must be a mapping with name and preference":
        "lab_dns_mx[%(index)d] は name と preference を持つマッピングでなければなりません",
    "lab_dns_mx[%(index)d]: %(name)s is an alias (CNAME); MX must name a host":
        "lab_dns_mx[%(index)d]: %(name)s は別名 (CNAME) です。MX にはホストを指定してください",
    "lab_dns_mx[%(index)d]: preference %(value)s is not 0-65535":
        "lab_dns_mx[%(index)d]: preference %(value)s が 0-65535 の範囲にありません",
    "%(var)s: %(name)s has no address in lab_dns_hosts": "%(var)s: %(name)s には lab_dns_hosts でのアドレスがありません",

    # ------------------------------------------------------------ the mail topology (mailtopo.py, filter mail_topology)
    "%(where)s must be a mapping with name, address and role, got %(value)s":
        "%(where)s は name、address、role を持つマッピングでなければなりませんが、%(value)s になっています",
    "%(where)s: '%(name)s' is not a short host name (letters, digits, hyphens; no dots)":
        "%(where)s: '%(name)s' は短いホスト名 (英字、数字、ハイフン。ドットなし) ではありません",
    "%(where)s (%(name)s): role '%(role)s' is not one of %(roles)s (a lab without lab_mail_hosts is the single "
    "host, both MX and store)":
        "%(where)s (%(name)s): role '%(role)s' は %(roles)s のどれでもありません (lab_mail_hosts のないラボは、MX と"
        "メールストアを兼ねる1台のホストです)",
    "%(where)s (%(name)s): %(value)s is not an IPv4 address": "%(where)s (%(name)s): %(value)s は IPv4 アドレスではありません",
    "%(where)s (%(name)s): the store is no MX (mail reaches it through the relays); remove preference":
        "%(where)s (%(name)s): メールストアは MX ではありません (メールはリレーを通って届きます)。preference を"
        "削除してください",
    "lab_mail_hosts[%(first)d] and lab_mail_hosts[%(second)d] have the same %(kind)s %(value)s: one host per entry":
        "lab_mail_hosts[%(first)d] と lab_mail_hosts[%(second)d] の %(kind)s が同じ %(value)s です: 1つのエントリに"
        "1台のホストを書いてください",
    "lab_mail_hosts has %(count)d hosts with role store: the split needs exactly one mail store (the relays' route)":
        "lab_mail_hosts に role が store のホストが %(count)d 台あります: 分割構成にはメールストア (リレーの転送先) が"
        "ちょうど1台必要です",
    "lab_mail_hosts has no host with role relay: the store's smart host and MX 10 are the relay":
        "lab_mail_hosts に role が relay のホストがありません: メールストアのスマートホストと MX 10 はリレーです",
    "lab_mail_hosts[%(index)d] (%(name)s): preference %(value)s is not 0-65535":
        "lab_mail_hosts[%(index)d] (%(name)s): preference %(value)s が 0-65535 の範囲にありません",
    "lab_mail_hosts[%(first)d] (%(first_name)s) and lab_mail_hosts[%(second)d] (%(second_name)s) are both MX "
    "%(preference)d: senders pick one at random, so neither is the backup. Give one relay role backup-relay "
    "(MX 20), or a higher preference.":
        "lab_mail_hosts[%(first)d] (%(first_name)s) と lab_mail_hosts[%(second)d] (%(second_name)s) が両方とも MX "
        "%(preference)d です: 送信側はどちらかを無作為に選ぶので、どちらもバックアップになりません。片方のリレーを "
        "role backup-relay (MX 20) にするか、preference を大きくしてください。",
    "lab_address %(address)s is no host of lab_mail_hosts (%(hosts)s): give this host its entry, or leave "
    "lab_mail_hosts empty for the single-host lab":
        "lab_address %(address)s は lab_mail_hosts (%(hosts)s) のどのホストでもありません: このホストのエントリを"
        "加えるか、1台構成のラボなら lab_mail_hosts を空にしてください",
    "lab_mail_hosts is empty: the single host's DNS hosts are lab_dns_hosts' own default":
        "lab_mail_hosts が空です: 1台構成の DNS のホストは lab_dns_hosts の既定値です",
    "lab_mail_hosts is empty: the single host's MX is lab_dns_mx's own default":
        "lab_mail_hosts が空です: 1台構成の MX は lab_dns_mx の既定値です",
    "postfix_relayhost is empty on the mail store %(host)s: its outgoing mail must leave through the relay (the "
    "smart host), e.g. [%(relay)s]":
        "メールストア %(host)s の postfix_relayhost が空です: 外へ出るメールはリレー (スマートホスト) を通らなければ"
        "なりません。例: [%(relay)s]",
    "postfix_relayhost is %(relayhost)s, the store %(host)s itself (lab_address %(address)s): the store would "
    "send its outgoing mail to itself in a loop. The smart host is the relay: [%(relay)s] (lab_mail_hosts).":
        "postfix_relayhost が %(relayhost)s で、メールストア %(host)s 自身 (lab_address %(address)s) です: "
        "メールストアは外へ出るメールを自分自身に送り、ループします。スマートホストはリレーです: [%(relay)s] "
        "(lab_mail_hosts)。",
    "postfix_transport routes %(dest)s to %(nexthop)s, which is no host of the mail model (lab_mail_hosts: "
    "%(hosts)s): the relay would hand the domain's mail to a host nobody set up. Route it to the store: "
    "smtp:[%(store)s].":
        "postfix_transport は %(dest)s を %(nexthop)s へ送りますが、それはメールの構成 (lab_mail_hosts: %(hosts)s) の"
        "どのホストでもありません: リレーはドメインのメールを誰も設定していないホストに渡してしまいます。"
        "メールストアへ送ってください: smtp:[%(store)s]。",
    "postfix_transport routes %(dest)s to %(nexthop)s, this host itself: a mail loop. Route it to the store: "
    "smtp:[%(store)s].":
        "postfix_transport は %(dest)s をこのホスト自身である %(nexthop)s へ送ります: メールがループします。"
        "メールストアへ送ってください: smtp:[%(store)s]。",
    "postfix_transport is empty on the relay %(host)s: mail for %(domain)s has no route to the store; route it: "
    "{%(domain)s: 'smtp:[%(store)s]'}":
        "リレー %(host)s の postfix_transport が空です: %(domain)s 宛てのメールにメールストアへの経路がありません。"
        "経路を指定してください: {%(domain)s: 'smtp:[%(store)s]'}",
    "lab_dns_mx[%(first)d] (%(first_name)s) and lab_dns_mx[%(second)d] (%(second_name)s) are both MX "
    "%(preference)s: with a relay and a backup relay, the backup's preference is higher (20)":
        "lab_dns_mx[%(first)d] (%(first_name)s) と lab_dns_mx[%(second)d] (%(second_name)s) が両方とも MX "
        "%(preference)s です: リレーとバックアップリレーがあるときは、バックアップの preference を大きく (20) "
        "してください",

    # ------------------------------------------------------------ upto.yml's fast re-run (labstate.py, lab_state)
    "no fingerprint recorded yet: full run": "まだフィンガープリントが記録されていません: 全体を実行します",
    "stamp format %(format)s is not %(version)d: full run":
        "スタンプの形式 %(format)s が %(version)d ではありません: 全体を実行します",
    "inputs changed (collection or inventory variables): full run":
        "入力 (コレクションまたはインベントリの変数) が変わりました: 全体を実行します",
    "day changed: %(before)s -> %(after)s": "日が変わりました: %(before)s -> %(after)s",
    "%(path)s appeared": "%(path)s が現れました",
    "%(path)s removed": "%(path)s が削除されました",
    "%(path)s changed": "%(path)s が変わりました",
    "... and %(count)d more": "... ほかに %(count)d 件",
    "probe '%(command)s' was not recorded": "プローブ '%(command)s' は記録されていません",
    "probe '%(command)s' is no longer run": "プローブ '%(command)s' はもう実行されません",
    "probe '%(command)s' output changed": "プローブ '%(command)s' の出力が変わりました",
    "cannot read %(path)s: %(error)s": "%(path)s を読めません: %(error)s",
    "%(path)s is not JSON: %(error)s": "%(path)s は JSON ではありません: %(error)s",
    "stamp unreadable (%(error)s): full run": "スタンプを読めません (%(error)s): 全体を実行します",
    "stale: stamp unreadable": "古い状態: スタンプを読めません",
    "stale: %(reasons)s": "古い状態: %(reasons)s",
    "fresh: nothing changed since day %(day)s was recorded": "最新: %(day)s日目を記録してから何も変わっていません",
    "recorded day %(day)d (%(entries)d entries, %(probes)d probes)":
        "%(day)d日目を記録しました (エントリ %(entries)d 件、プローブ %(probes)d 件)",
    "cannot create the directory of %(path)s: %(error)s": "%(path)s のディレクトリを作れません: %(error)s",
    "cannot fingerprint the host: %(error)s": "ホストのフィンガープリントを取れません: %(error)s",
    "empty probe command": "プローブのコマンドが空です",
    "cannot write %(path)s: %(error)s": "%(path)s に書き込めません: %(error)s",
    "digest is computed by the action from the collection and the variables; do not set it":
        "digest はアクションがコレクションと変数から計算します。指定しないでください",
    "inputs must be a dictionary of variables": "inputs は変数の辞書でなければなりません",
    "variables %(names)s cannot be templated outside their roles: full run":
        "変数 %(names)s はそのロールの外では展開できません: 全体を実行します",
}
