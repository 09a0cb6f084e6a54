"""Hostile input and output (issue 13): sources nested deep enough to crash a parser,
paths that are not regular files, and review text no encoder or reader should trust.

Every case runs the real command in a subprocess with a timeout, so a regression
fails (a segfault is an exit code, a hang is a timeout) instead of killing or
stalling the test run; each asserts the exit code, one line on stderr at most
and no traceback, and the child's peak memory.
"""
from __future__ import annotations

import json
import os
import re
import resource
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crosscheck.formatters import render
from crosscheck.formatters.markdown import GITHUB_LIMIT
from crosscheck.pipeline import Options, check_source
from crosscheck.schema import validate_report
from crosscheck.source import source_from_text
from crosscheck.source.budget import over_budget

ROOT = Path(__file__).resolve().parents[1]
CLI = str(Path(sys.executable).parent / "crosscheck")
SECONDS = 10.0  # the acceptance bound for every case; the timeout only stops a hang
PEAK = 1024 ** 3


def run(*args: str, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    started = time.monotonic()
    proc = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=timeout, **kw)
    proc.seconds = time.monotonic() - started  # type: ignore[attr-defined]
    return proc


def peak_child_bytes() -> int:
    """The largest resident set of any child so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024


def assert_one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("crosscheck: error: "), proc.stderr
    assert "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    assert proc.seconds < SECONDS  # type: ignore[attr-defined]


# --- sources that would crash or stall a parser --------------------------------------

DEEP_SOURCES = {
    "parentheses": "x = " + "(" * 5000 + "1" + ")" * 5000 + "\n",
    "lists": "x = " + "[" * 5000 + "]" * 5000 + "\n",
    "operators": "x = " + "1 + " * 100000 + "1\n",
    "elif-chain": "if a:\n    pass\n" + "elif a:\n    pass\n" * 10000,
    "calls": "x = f" + "()" * 3000 + "\n",
}


@pytest.mark.parametrize("shape", sorted(DEEP_SOURCES))
def test_deep_source_is_reported_unparsable_and_resolved_at_text_level(tmp_path, shape):
    source = tmp_path / "deep.py"
    source.write_text("import os\n" + DEEP_SOURCES[shape])
    review = tmp_path / "review.md"
    review.write_text("1. Line 1 imports `os` at module level.\n")
    proc = run("check", str(review), "--source", str(source), "--format", "json")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert proc.seconds < SECONDS, proc.seconds  # type: ignore[attr-defined]
    assert peak_child_bytes() < PEAK
    report = json.loads(proc.stdout)
    validate_report(report)
    runs = {a["name"]: a for a in report["analyzers"]}
    assert runs["libcst"]["status"] == "failed" and "parse budget" in runs["libcst"]["detail"]
    for name in ("bandit", "semgrep", "pycodestyle"):  # never "ran and found nothing"
        assert runs[name]["status"] == "failed" and "parse budget" in runs[name]["detail"]
    refs = [r for c in report["claims"] for r in c["references"]]
    assert ("exact", [1]) in [(r["status"], r["actual_lines"]) for r in refs]


def test_deep_quote_in_a_review_is_not_a_traceback(tmp_path):
    source = tmp_path / "app.py"
    source.write_text("def f(x):\n    return x\n\n\nf(1)\n")
    review = tmp_path / "review.md"
    review.write_text("1. Line 5 calls `f(" + "-" * 1990 + "1)` with a constant.\n")
    proc = run("check", str(review), "--source", str(source), "--format", "json")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]


def test_real_modules_are_well_within_the_budget():
    for path in sorted((ROOT / "crosscheck").rglob("*.py")):
        assert over_budget(path.read_text(encoding="utf-8")) is None, path
    deep = over_budget("x = " + "(" * 201 + ")" * 201 + "\n")
    assert deep is not None and deep.line == 1 and "201 levels" in str(deep)
    # brackets in strings and comments are text, not nesting
    assert over_budget("s = '" + "(" * 300 + "'  # " + "[" * 300 + "\n") is None


# --- paths that are not regular files --------------------------------------------------

@pytest.fixture
def special(tmp_path):
    """A FIFO nobody writes to and a listening-less unix socket, removed afterwards."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    sock_path = tmp_path / "sock"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    review = tmp_path / "review.md"
    review.write_text("1. Line 1 assigns `x`.\n")
    source = tmp_path / "ok.py"
    source.write_text("x = 1\n")
    try:
        yield {"fifo": str(fifo), "socket": str(sock_path), "review": str(review), "source": str(source),
               "dir": tmp_path}
    finally:
        sock.close()
        fifo.unlink()
        sock_path.unlink()


@pytest.mark.parametrize("case", [
    ("check", "{fifo}", "--source", "{source}"),
    ("check", "{review}", "--source", "{fifo}"),
    ("check", "{review}", "--source", "{source}", "--diff", "{fifo}"),
    ("check", "{socket}", "--source", "{source}"),
    ("check", "{review}", "--source", "{socket}"),
    ("check", "{review}", "--source", "/dev/zero"),
    ("check", "/dev/zero", "--source", "{source}"),
    ("fix", "{fifo}", "--source", "{source}"),
    ("fix", "{review}", "--source", "{fifo}"),
    ("locate", "{fifo}", "--repo", str(ROOT), "--path", "README.md"),
    ("audit", "{fifo}", "--db", "{dir}/a.sqlite", "--no-cache"),
    ("report", "{fifo}"),
], ids=lambda case: "-".join(re.sub(r"[{}/]", "", a) for a in case if not a.startswith(str(ROOT))))
def test_special_file_is_refused_with_one_line(special, case):
    args = [a.format(**special) for a in case]
    if "/dev/zero" in args and not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    proc = run(*args, timeout=60)  # a regression blocks on the FIFO: the timeout fails the test
    assert_one_line_error(proc, "not a regular file")


def test_a_repository_that_is_a_fifo_is_named_for_what_it_is(special):
    proc = run("locate", special["review"], "--repo", special["fifo"], "--path", "a.py", timeout=60)
    assert_one_line_error(proc, "the repository is a named pipe (FIFO), not a folder")


def test_audit_database_that_is_a_fifo_is_refused(special, tmp_path):
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text(json.dumps({"id": "r1", "review_text": "1. Line 1 assigns `x`.\n",
                                    "source": special["source"]}) + "\n")
    proc = run("audit", str(manifest), "--db", special["fifo"], "--no-cache", "--jobs", "1", timeout=60)
    assert_one_line_error(proc, "audit database is a named pipe")


def test_fifo_under_the_source_root_is_skipped_not_read(special, tmp_path):
    review = tmp_path / "cites-pipe.md"
    review.write_text("1. `pipe:1` assigns `x`.\n2. `ok.py:1` assigns `x`.\n")
    proc = run("check", str(review), "--source-root", str(special["dir"]), "--format", "json", timeout=120)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.seconds < SECONDS  # type: ignore[attr-defined]


def test_stdin_still_works_as_the_review(special):
    proc = run("check", "-", "--source", special["source"], "--format", "json",
               input="1. Line 1 assigns `x`.\n", timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["claims"][0]["references"][0]["status"] == "exact"


def test_the_regular_file_check_uses_the_descriptor_it_reads():
    from crosscheck.model import InputError
    from crosscheck.source.loader import refuse_special
    refuse_special("f", "source", stat.S_IFREG | 0o644)
    for mode, kind in ((stat.S_IFIFO, "named pipe"), (stat.S_IFCHR, "character device"),
                       (stat.S_IFSOCK, "socket"), (stat.S_IFDIR, "directory")):
        with pytest.raises(InputError, match=kind):
            refuse_special("f", "source", mode | 0o644)


# --- output that never fails to encode and never fools its reader ----------------------

HOSTILE = ("1. Line 1 calls `eval(x)`: @admin #12 acme/app#7 3f2a9c1d https://evil.example/a "
           "\ud800\x1b[31m\x07\u202egnp.exe\u202c\u2066x\u2069\u200e\u061c\n")
HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


@pytest.fixture(scope="module")
def hostile_report():
    return check_source(HOSTILE, source_from_text("x = 1\n", "a.py"), options=Options(analyzers=[]))


@pytest.mark.parametrize("fmt", ["json", "markdown", "github", "sarif", "text"])
def test_every_format_encodes_and_shows_what_it_replaced(hostile_report, fmt):
    out = render(hostile_report, fmt)
    out.encode("utf-8")  # a lone surrogate would raise here
    assert fmt == "text" or "\ufffd" in out  # the text table shows no claim text, only its note
    assert re.search(r"1 invalid code point|replaced_code_points\": 1|replacedCodePoints\": 1", out), out[-500:]
    if fmt == "json":
        validate_report(json.loads(out))
    else:  # json escapes control characters itself; every other format shows them
        assert not HIDDEN.search(out), HIDDEN.search(out)
        assert fmt == "text" or "\\u202e" in out


def test_markdown_links_and_notifies_nothing(hostile_report):
    text = render(hostile_report, "markdown")
    for inert in ("`@admin`", "`#12`", "`acme/app#7`", "`3f2a9c1d`", "`https://evil.example/a`"):
        assert inert in text
    outside_code = re.sub(r"(?<!\\)`[^`]*`", "", text)
    assert not re.search(r"@\w|#\d|https?://|\b3f2a9c1d\b", outside_code), outside_code


def test_markdown_for_3000_claims_fits_one_github_comment():
    source = "".join(f"value_{i} = {i}\n" for i in range(50))
    review = "".join(f"{i}. Line {i % 50 + 1} calls `missing_function_{i}(@user{i}, #{i})` with "
                     f"user input.\n" for i in range(1, 3001))
    started = time.monotonic()
    report = check_source(review, source_from_text(source, "a.py"), options=Options(analyzers=[]))
    text = render(report, "markdown")
    assert time.monotonic() - started < 60
    flagged = [c for c in report.claims if c.status in ("fabricated", "contradicted", "misplaced")]
    assert len(report.claims) == 3000 and len(flagged) > 1000
    assert len(text) < GITHUB_LIMIT, len(text)
    assert text.startswith("**crosscheck**: 3000 claims")
    more = re.search(r"(\d+) more flagged claims: see the SARIF or JSON report", text)
    assert more and int(more.group(1)) + text.count("\n| ") - 1 == len(flagged)


def test_error_line_shows_control_characters_in_a_path(tmp_path):
    proc = run("check", str(tmp_path / "x\x1b[31m\u202ered.md"), "--source", str(tmp_path / "a.py"), timeout=60)
    assert_one_line_error(proc, "\\x1b[31m\\u202ered.md", "does not exist")
    assert "\x1b" not in proc.stderr and "\u202e" not in proc.stderr
