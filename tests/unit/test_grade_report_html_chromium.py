# -*- coding: utf-8 -*-
# Copyright: serverlab maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The grade report's HTML page in a real headless Chromium: rendered DOM and a screenshot."""

from __future__ import annotations

import html.parser
import os
import struct
import subprocess
import zlib

import pytest

from ansible_collections.serverlab.course.plugins.module_utils import gradereport

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDTH, HEIGHT = 1280, 900


REASON = "ifcfg-eth0 line 6 sets GATEWAY=1, but the lab network has no default gateway: remove the line"
CHECKS = [(6, 1, "hostname"), (6, 2, "/etc/hosts"), (6, 3, "network/address"), (6, 4, "network/gateway"),
          (6, 5, "network/backups"), (6, 6, "resolver"), (6, 7, "user")]


def lab_eval(failures):
    return {"changed": False, "failed": False, "results": [
        {"id": "%d.%d" % (d, n), "day": d, "num": n, "item": item,
         "status": "FAIL" if "%d.%d" % (d, n) in failures else "PASS",
         "reason": failures.get("%d.%d" % (d, n), ""), "evidence": []} for d, n, item in CHECKS]}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """A report for three students: all passed, two failures, unreachable (alphabetically the other way)."""
    base = tmp_path_factory.mktemp("report")
    results = {
        "aiko": lab_eval({}),
        "ken": lab_eval({"6.4": REASON, "6.7": "user1 has no password: set it with passwd user1"}),
        "mai": {"unreachable": True, "msg": "Error response from daemon: No such container: serverlab-mai"},
    }
    names = {"aiko": "Aiko Tanaka", "ken": "Ken Sato", "mai": "Mai Suzuki"}
    students = gradereport.students(["aiko", "ken", "mai"], results, names)
    dest = str(base / "day06")
    gradereport.write(dest, gradereport.render(students, day=6, title="Grade report - lab day 6",
                                               generated="2026-11-23 10:00 UTC"))
    return base, os.path.join(dest, "index.html")


def chromium(base, *args):
    profile = base / ("profile-%d" % len(os.listdir(str(base))))
    argv = [CHROMIUM] + FLAGS + ["--user-data-dir=%s" % profile] + list(args)
    env = dict(os.environ, HOME=str(base))
    out = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=env, timeout=120, check=False)
    assert out.returncode == 0, out.stderr.decode("utf-8", "replace")[-2000:]
    return out.stdout.decode("utf-8", "replace")


class Matrix(html.parser.HTMLParser):
    """The rendered matrix: header checks and one row per student with its cells."""

    def __init__(self):
        html.parser.HTMLParser.__init__(self)
        self.checks = []
        self.rows = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class") or ""
        if tag == "th" and "check" in cls.split():
            self.checks.append(a.get("data-check"))
        elif tag == "tr" and "student" in cls.split():
            self.rows.append({"host": a.get("data-host"), "state": a.get("data-state"), "class": cls,
                              "cells": {}, "wide": None})
        elif tag == "td" and self.rows:
            if a.get("data-check"):
                self.rows[-1]["cells"][a["data-check"]] = (cls, a.get("title", ""))
            elif a.get("colspan"):
                self.rows[-1]["wide"] = (cls, a.get("title", ""))


def test_dom_has_the_matrix(report):
    base, index = report
    dom = chromium(base, "--dump-dom", "file://" + index)
    matrix = Matrix()
    matrix.feed(dom)
    assert matrix.checks == ["6.%d" % n for n in range(1, 8)]
    assert len(matrix.rows) == 3
    # struggling first: the unreachable VM, then the student with failures, then the one who passed
    assert [r["host"] for r in matrix.rows] == ["mai", "ken", "aiko"]
    mai, ken, aiko = matrix.rows
    assert mai["state"] == "unreachable" and "unreachable-row" in mai["class"]
    assert mai["wide"][0] == "unreachable" and "No such container: serverlab-mai" in mai["wide"][1]
    assert mai["cells"] == {}
    assert sorted(ken["cells"]) == matrix.checks
    assert ken["cells"]["6.4"][0].split()[:2] == ["cell", "fail"]
    assert ken["cells"]["6.4"][1] == "6.4 network/gateway: FAIL: " + REASON
    assert ken["cells"]["6.1"][0].split()[:2] == ["cell", "pass"]
    assert [c for c, (cls, _unused) in sorted(ken["cells"].items()) if "fail" in cls.split()] == ["6.4", "6.7"]
    assert all("pass" in cls.split() for cls, _unused in aiko["cells"].values()) and len(aiko["cells"]) == 7
    # the details list below names the reason too
    assert "6.4 network/gateway</span>" + REASON in dom


def png_pixels(data):
    """(width, height, rows of RGB tuples) of an 8-bit RGB/RGBA non-interlaced PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour, _unused, _unused, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = prev[i]
            ul = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + left) & 255
            elif ftype == 2:
                line[i] = (line[i] + up) & 255
            elif ftype == 3:
                line[i] = (line[i] + ((left + up) >> 1)) & 255
            elif ftype == 4:
                p = left + up - ul
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - ul)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else ul)
                line[i] = (line[i] + pred) & 255
        rows.append(line)
        prev = line
    return width, height, [[tuple(r[x * bpp:x * bpp + 3]) for x in range(width)] for r in rows]


def test_screenshot_shows_the_colours(report):
    base, index = report
    shot = base / "shot.png"
    chromium(base, "--screenshot=%s" % shot, "--window-size=%d,%d" % (WIDTH, HEIGHT), "file://" + index)
    data = shot.read_bytes()
    assert len(data) > 20000  # a blank page is a few kB
    width, height, rows = png_pixels(data)
    assert (width, height) == (WIDTH, HEIGHT)
    fail, ok, unreachable = (0xb0, 0x00, 0x20), (0xc9, 0xf2, 0xc0), (0xff, 0xd0, 0x00)
    lines = [runs(row) for row in rows]
    # Ken's row: FAIL (6.4) ... PASS ... FAIL (6.7) as solid blocks on one scanline.
    assert any(has_sequence(line, [fail, ok, fail]) for line in lines), "no FAIL cells between PASS cells"
    # Aiko's row: seven PASS cells side by side.
    assert any(sum(1 for colour, _unused in line if colour == ok) >= 7 for line in lines), "no row of 7 PASS cells"
    # Mai's row: one wide unreachable cell across the checks.
    assert any(colour == unreachable and length >= 600 for line in lines for colour, length in line), \
        "no unreachable row"
    assert len(set(p for row in rows[::7] for p in row[::3])) > 50  # text is rendered, not just flat boxes


def runs(row, minimum=30):
    """The solid colour blocks of a scanline at least `minimum` pixels wide: [(colour, length)]."""
    out, start = [], 0
    for x in range(1, len(row) + 1):
        if x == len(row) or row[x] != row[start]:
            if x - start >= minimum:
                out.append((row[start], x - start))
            start = x
    return out


def has_sequence(line, colours):
    """Whether the blocks of `line` contain `colours` in this order (other blocks may lie between)."""
    found = 0
    for colour, _unused in line:
        if found < len(colours) and colour == colours[found]:
            found += 1
    return found == len(colours)
