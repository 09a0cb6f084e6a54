"""`crosscheck report DB --html FILE`: one self-contained page whose charts render.

A tiny archive (one source, three reviews, meta values that are HTML on purpose)
goes through the real `crosscheck audit` and `crosscheck report`; the page is then
checked as text (no network references, untrusted text escaped) and rendered in
headless Chromium, which must draw a plotly SVG inside every chart's <div>.

Chromium is Debian's package (`apt-get install -y chromium`); set CROSSCHECK_CHROMIUM
to use another binary. Without one, the rendering test skips and says why.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

CROSSCHECK = Path(sys.executable).with_name("crosscheck")
HOSTILE_MODEL = "<img src=x onerror=alert(1)>"
HOSTILE_PROMPT = "<b>p3</b>\"'&"
CHART_IDS = ("chart-status", "chart-group-model", "chart-group-prompt", "chart-cwe-misnamed",
             "chart-cwe-fabricated", "chart-verdict-ground", "chart-verdict-stated")
CHROMIUM_TIMEOUT = 60

SOURCE = """\
import subprocess


def run(cmd):
    return subprocess.call(cmd, shell=True)


def load(blob):
    return eval(blob)


def add(a, b):
    return a + b
"""
REVIEWS = {
    "r1.txt": "1. Line 5 runs a shell command with shell=True and user input: OS command injection (CWE-78).\n"
              "2. Line 9 calls eval on untrusted data (CWE-95).\n"
              "3. Line 13 has a SQL injection (CWE-89).\n",
    "r2.txt": "I found no security defects in this code. Line 13 is a simple addition and is fine.\n",
    "r3.txt": "1. Line 12 calls eval on untrusted data, arbitrary code execution (CWE-95).\n"
              "2. Line 4 deserializes untrusted data with pickle.loads (CWE-502).\n"
              "3. Line 5 runs a shell command with shell=True: SQL injection (CWE-89).\n",
}
MANIFEST = [
    {"id": "a", "review": "r1.txt", "source": "app.py", "meta": {"model": HOSTILE_MODEL, "prompt": "p1"}},
    {"id": "b", "review": "r2.txt", "source": "app.py", "meta": {"model": "plain-model", "prompt": "p2"}},
    {"id": "c", "review": "r3.txt", "source": "app.py", "meta": {"model": "plain-model", "prompt": HOSTILE_PROMPT}},
]


def run(args: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess:
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{args[:2]} exited {proc.returncode}:\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> tuple[Path, dict]:
    """The HTML report over a freshly audited tiny archive, and the report's JSON."""
    if not CROSSCHECK.exists():
        pytest.skip(f"console script not found at {CROSSCHECK}: install the package (pip install -e .)")
    work = tmp_path_factory.mktemp("html-report")
    (work / "app.py").write_text(SOURCE)
    for name, text in REVIEWS.items():
        (work / name).write_text(text)
    (work / "manifest.jsonl").write_text("".join(json.dumps(row) + "\n" for row in MANIFEST))
    run([str(CROSSCHECK), "audit", "manifest.jsonl", "--db", "audit.sqlite", "--cache-dir", "cache",
         "--jobs", "2"], work, timeout=600)
    out = run([str(CROSSCHECK), "report", "audit.sqlite", "--html", "out.html", "--format", "json"],
              work, timeout=120)
    return work / "out.html", json.loads(out.stdout)


def test_report_json_matches_the_archive(page):
    _, data = page
    assert data["reviews"] == 3 and data["checked"] == 3 and data["errors"] == 0
    assert set(data["groups"]["model"]) == {HOSTILE_MODEL, "plain-model"}
    assert set(data["groups"]["prompt"]) == {"p1", "p2", HOSTILE_PROMPT}
    assert data["groups"]["model"]["plain-model"]["reviews"] == 2
    assert data["error_rows"] == []


def test_html_is_self_contained(page):
    path, _ = page
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", text, re.I), "a <script src=...> loads code from elsewhere"
    # the markup around the scripts (plotly.js's own code holds URL strings, e.g. its logo link)
    markup = re.sub(r"<script\b[^>]*>.*?</script>", "", text, flags=re.S | re.I)
    assert not re.search(r"<link\b[^>]*>", markup, re.I), "a <link> (stylesheet, font) loads from elsewhere"
    assert not re.search(r"@import\b|url\(", markup), "the stylesheet loads from elsewhere"
    assert not re.search(r"<[a-z][^>]*\s(?:src|href|srcset|action|formaction)\s*=", markup, re.I), "an element loads or links elsewhere"
    assert not re.search(r"<(?:iframe|object|embed|img)\b", markup, re.I)
    # plotly.js itself is inlined, once
    assert len(re.findall(r"plotly\.js v\d", text)) == 1, "plotly.js is not inlined exactly once"
    for chart in CHART_IDS:
        assert f'id="{chart}"' in text, f"no <div id=\"{chart}\">"
    # no temporary file left beside the report
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_untrusted_meta_values_are_escaped(page):
    path, _ = page
    text = path.read_text(encoding="utf-8")
    for hostile in (HOSTILE_MODEL, "<b>p3</b>", "onerror=alert(1)>"):
        assert hostile not in text, f"{hostile!r} appears unescaped"
    assert not re.search(r"<img\b", text, re.I)
    # the values are still shown, escaped, in the per-key tables
    assert "<td>&lt;img src=x onerror=alert(1)&gt;</td>" in text
    assert "<td>&lt;b&gt;p3&lt;/b&gt;&quot;&#x27;&amp;</td>" in text


def chromium() -> str:
    wanted = os.environ.get("CROSSCHECK_CHROMIUM")
    candidates = [wanted] if wanted else [shutil.which("chromium"), "/usr/bin/chromium"]
    for exe in candidates:
        if exe and os.path.isfile(exe) and os.access(exe, os.X_OK):
            return exe
    where = wanted or "/usr/bin/chromium (or chromium on PATH)"
    pytest.skip(f"headless Chromium not found at {where}: install Debian's chromium "
                "(apt-get update && apt-get install -y chromium) or set CROSSCHECK_CHROMIUM to run "
                "the chart rendering check")


class ChartSvgs(HTMLParser):
    """Counts <svg class="main-svg"> elements inside each <div id="chart-...">."""
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.svgs: dict[str, int] = {}
        self.images = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.images += tag == "img"
        chart_id = attrs.get("id") if tag == "div" and (attrs.get("id") or "").startswith("chart-") else None
        if chart_id:
            self.svgs.setdefault(chart_id, 0)
        if tag == "svg" and "main-svg" in (attrs.get("class") or "").split():
            for _, open_chart in self.stack:
                if open_chart:
                    self.svgs[open_chart] += 1
        if tag not in self.VOID:
            self.stack.append((tag, chart_id))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break


def test_charts_render_in_headless_chromium(page, tmp_path):
    exe = chromium()
    path, _ = page
    profile = tmp_path / "profile"
    profile.mkdir()
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-extensions", "--enable-logging=stderr", "--v=0",
           f"--user-data-dir={profile}", "--window-size=1200,900", "--virtual-time-budget=5000",
           "--dump-dom", path.resolve().as_uri()]
    env = {**os.environ, "HOME": str(tmp_path)}
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail(f"headless Chromium did not finish within {CHROMIUM_TIMEOUT} s")
    assert proc.returncode == 0, f"chromium exited {proc.returncode}:\n{proc.stderr[-3000:]}"
    dom = proc.stdout
    assert "</html>" in dom, f"chromium dumped no DOM:\n{proc.stderr[-3000:]}"
    errors = [line for line in proc.stderr.splitlines() if "CONSOLE" in line and "Uncaught" in line]
    assert not errors, "JavaScript errors while rendering:\n" + "\n".join(errors)

    parser = ChartSvgs()
    parser.feed(dom)
    parser.close()
    missing = [c for c in CHART_IDS if parser.svgs.get(c, 0) < 1]
    assert not missing, f"no rendered plotly SVG in {missing}; found {parser.svgs}"
    assert set(parser.svgs) == set(CHART_IDS), f"unexpected chart divs: {sorted(parser.svgs)}"
    # the hostile meta value became text, not an element
    assert parser.images == 0, "an <img> element was created from untrusted text"
    # (the group chart's axis labels carry the group's n)
    assert re.search(r"&lt;img src=x onerror=alert\(1\)&gt; \(n=\d+\)</text>", dom), \
        "the hostile model name is not drawn as text"


def test_hostile_meta_keys_and_empty_data(tmp_path):
    """Keys become safe div ids and escaped headings; charts with nothing to draw still exist."""
    from crosscheck.audit.html import write_html

    key = '</script><script>alert("k")</script>'
    stats = {"reviews": 1, "claims": 0, "hallucination_rate": 0.0, "verdict_consistency": 0.0,
             "statuses": {}}
    data = {"reviews": 1, "checked": 0, "errors": 1, "claims": {}, "flagged": 0, "hallucination_rate": 0.0,
            "verdicts": {"stated": {}, "ground": {}}, "verdict_consistency": 0.0, "misnamed_cwe": [],
            "fabricated_cwe": [], "groups": {key: {"</div>x": stats}, "model": {}, "mod el": {}}}
    out = tmp_path / "r.html"
    out.write_text("old")
    write_html(data, str(out))
    text = out.read_text(encoding="utf-8")
    assert "<script>alert" not in text and "</div>x" not in text
    ids = re.findall(r'<div id="(chart-[^"]*)"', text)
    assert all(re.fullmatch(r"chart-[A-Za-z0-9_-]+", i) for i in ids), ids
    assert len(ids) == len(set(ids)) == 5 + 3  # status, 2 cwe, 2 verdict + one per key
    assert {"chart-group-model", "chart-group-mod_el"} <= set(ids)
    assert "<h2>By &lt;/script&gt;&lt;script&gt;alert(&quot;k&quot;)&lt;/script&gt;</h2>" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]


def test_group_sizes_and_n_a_for_groups_without_claims(tmp_path):
    """Every rate comes with its n; a group with n = 0 reads n/a, not 0.0%."""
    from crosscheck.audit.html import render_html

    full = {"reviews": 4, "checked": 4, "claims": 9, "claims_with_refs": 8, "hallucination_rate": 0.375,
            "verdict_consistency": 0.5, "statuses": {}}
    empty = {"reviews": 2, "checked": 0, "claims": 0, "claims_with_refs": 0, "hallucination_rate": 0.0,
             "verdict_consistency": 0.0, "statuses": {}}
    data = {"reviews": 6, "checked": 4, "errors": 2, "claims": {"confirmed": 9}, "claims_with_refs": 8,
            "flagged": 3, "hallucination_rate": 0.375, "verdicts": {"stated": {}, "ground": {}},
            "verdict_consistency": 0.5, "misnamed_cwe": [], "fabricated_cwe": [],
            "groups": {"model": {"big": full, "silent": empty}},
            "error_rows": [{"id": "r<1>", "line": 3, "error": "source '<x>' does not exist"},
                           {"id": "line-9", "line": 9, "error": "not UTF-8 (byte 4 of the line)"}]}
    text = render_html(data)
    rows = re.findall(r"<tr><td>(big|silent)</td>(.*?)</tr>", text)
    cells = {name: re.findall(r'<td class="num">([^<]*)</td>', body) for name, body in rows}
    # reviews, checked (n), claims, claims with references (n), hallucination rate, verdict consistency
    assert cells["big"] == ["4", "4", "9", "8", "37.5%", "50.0%"]
    assert cells["silent"] == ["2", "0", "0", "0", "n/a", "n/a"]
    assert "big (n=8)" in text and "silent (n=0)" in text, "chart labels carry n"
    assert '<th scope="row">Claims with code references (n of the hallucination rate)</th><td class="num">8</td>' in text
    assert "<h2>Errors (2)</h2>" in text
    errors = re.search(r'<table id="errors">.*?</table>', text, re.S).group(0)
    assert "<td>r&lt;1&gt;</td>" in errors and "source &#x27;&lt;x&gt;&#x27; does not exist" in errors
    assert "not UTF-8" in errors and "<x>" not in errors


def test_error_rows_beyond_the_listed_ones_are_counted():
    from crosscheck.audit.html import render_html

    data = {"reviews": 5000, "checked": 0, "errors": 5000, "claims": {}, "groups": {},
            "verdicts": {"stated": {}, "ground": {}},
            "error_rows": [{"id": f"r{i}", "line": i, "error": "x"} for i in range(1000)]}
    text = render_html(data)
    assert "5000 reviews could not be checked; the first 1000 by manifest line are listed." in text
    assert '<th scope="row">Hallucination rate</th><td class="num">n/a</td>' in text
