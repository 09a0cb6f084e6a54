"""Hostile input, faults, offline operation and crosscheck's own security.

Analyzer faults are real processes failing for real (a missing executable, one
that crashes, one that hangs), never a stub that returns made-up findings.
"""
from __future__ import annotations

import ast
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from crosscheck.pipeline import Options, check_source
from crosscheck.schema import validate_report
from crosscheck.source import source_from_text

ROOT = Path(__file__).resolve().parents[1]
CLI = str(Path(sys.executable).parent / "crosscheck")
DEMO = ROOT / "fixtures" / "demo"


def run(*args: str, env: dict | None = None, timeout: float = 600, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, **kw)


def analyzers(report: dict) -> dict[str, dict]:
    return {a["name"]: a for a in report["analyzers"]}


# --- huge and pathological inputs --------------------------------------------

def test_pathological_review_is_parsed(tmp_path):
    review = tmp_path / "in-line.txt"
    review.write_text("In line " * 200_000)
    proc = run("check", str(review), "--source", str(DEMO / "app.py"), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    validate_report(json.loads(proc.stdout))


def test_huge_review_and_huge_source(tmp_path):
    source = tmp_path / "big.py"
    source.write_text("".join(f"def func_{i}(x):\n    # note {i}\n    return x + {i}\n\n\n" for i in range(10_000)))
    filler = "The value flows through several helpers before it is used, and nothing checks it. " * 30
    lines = [f"{i + 1}. In line {i * 5 + 1}, `func_{i}(x)` does not validate x (CWE-20: Improper Input "
             f"Validation). {filler}" for i in range(2_000)]
    review = tmp_path / "big.txt"
    review.write_text("\n".join(lines) + "\n")
    assert review.stat().st_size > 5_000_000 and len(source.read_text().splitlines()) == 50_000
    proc = run("check", str(review), "--source", str(source), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["summary"]["claims"] == 2_000
    first = report["claims"][0]["references"][0]
    assert (first["status"], first["actual_lines"]) == ("exact", [1])


def test_empty_review_and_empty_source(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "empty.py").write_text("")
    proc = run("check", str(tmp_path / "empty.txt"), "--source", str(tmp_path / "empty.py"), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    validate_report(report)
    assert report["claims"] == [] and report["verdict"]["stated"] == "unclear"


# --- sources the analyzers cannot take ---------------------------------------

PY2 = "import os\n\ndef main():\n    print \"hello\"  # python 2\n    exec \"x = 1\"\n    os.system('ls')\n"


def test_python2_source_resolves_at_text_level_and_reports_the_parse_failure():
    review = "1. Line 4 prints `\"hello\"` with a Python 2 print statement.\n2. Line 6 calls `os.system('ls')`.\n"
    report = check_source(review, source_from_text(PY2, "legacy.py")).to_dict()
    validate_report(report)
    runs = analyzers(report)
    assert runs["libcst"]["status"] == "failed" and "parse" in runs["libcst"]["detail"]
    assert runs["bandit"]["status"] == "failed"  # bandit cannot parse it either: never "no findings"
    refs = [r for c in report["claims"] for r in c["references"]]
    assert [(r["status"], r["actual_lines"]) for r in refs] == [("exact", [4]), ("exact", [6])]


def test_non_python_source_is_text_level_only_and_says_so():
    js = "function run(cmd) {\n  // run it\n  child_process.exec(cmd);\n}\n"
    review = "1. Line 3 passes `cmd` to `child_process.exec(cmd)` (CWE-78).\n2. Line 9 calls `eval(x)`.\n"
    report = check_source(review, source_from_text(js, "run.js")).to_dict()
    validate_report(report)
    for run_ in report["analyzers"]:
        assert run_["status"] == "unavailable" and "not a Python source" in run_["detail"]
    statuses = [c["status"] for c in report["claims"]]
    assert statuses == ["unsupported", "fabricated"]


def test_analyzed_code_is_never_imported_or_executed(tmp_path):
    marker = tmp_path / "executed"
    source = tmp_path / "evil.py"
    source.write_text(f"open({str(marker)!r}, 'w').write('ran')\nimport os\nos.system('touch {marker}')\n")
    review = tmp_path / "r.txt"
    review.write_text("1. Line 3 calls `os.system` with a shell command (CWE-78).\n")
    proc = run("check", str(review), "--source", str(source), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists()


# --- analyzer faults -----------------------------------------------------------

def fake_tool(folder: Path, name: str, body: str) -> str:
    path = folder / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)
    return str(path)


@pytest.mark.parametrize("variable", ["CROSSCHECK_SEMGREP", "CROSSCHECK_BANDIT"])
def test_missing_crashing_and_hanging_analyzers_are_reported(tmp_path, variable):
    name = "semgrep" if "SEMGREP" in variable else "bandit"
    cases = {
        "missing": (str(tmp_path / "nowhere"), "unavailable", "not found"),
        "crash": (fake_tool(tmp_path, "crash", "echo 'Segmentation fault' >&2; exit 139"), "failed", "exit 139"),
        "hang": (fake_tool(tmp_path, "hang", "exec sleep 60"), "failed", "timed out"),
    }
    for what, (tool, status, detail) in cases.items():
        proc = run("check", str(DEMO / "review.md"), "--source", str(DEMO / "app.py"), "--format", "json",
                   "--analyzer-timeout", f"{name}=2", env={variable: tool})
        assert proc.returncode == 0, proc.stderr
        report = json.loads(proc.stdout)
        got = analyzers(report)[name]
        assert got["status"] == status and detail in got["detail"], (what, got)
        assert not [f for f in report["findings"] if f["analyzer"] == name], what
        other = "bandit" if name == "semgrep" else "semgrep"
        assert analyzers(report)[other]["status"] == "ok"
        tls = next(c for c in report["claims"] if "CWE-295" in c["text"])
        assert any(f"{name} did not run" in e["detail"] for e in tls["evidence"]), what


# --- the audit database --------------------------------------------------------

def small_archive(folder: Path) -> Path:
    (folder / "src").mkdir(parents=True)
    shutil.copy(DEMO / "app.py", folder / "src" / "app.py")
    manifest = folder / "manifest.jsonl"
    manifest.write_text(json.dumps({"id": "r1", "review_text": (DEMO / "review.md").read_text(),
                                    "source": "src/app.py"}) + "\n")
    return manifest


def test_read_only_database_is_a_clear_error(tmp_path):
    manifest = small_archive(tmp_path / "a")
    folder = tmp_path / "ro-dir"
    folder.mkdir()
    sqlite3.connect(folder / "ro.sqlite").close()
    mounted = False
    if os.geteuid() == 0:
        # root ignores permissions: make the folder a read-only bind mount instead
        if subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True).returncode == 0:
            mounted = True
            if subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], capture_output=True).returncode:
                subprocess.run(["umount", str(folder)], capture_output=True)
                pytest.skip("cannot remount a folder read-only here")
        else:
            pytest.skip("running as root and cannot bind-mount a read-only folder here")
    else:
        (folder / "ro.sqlite").chmod(0o444)
        folder.chmod(0o555)
    try:
        proc = run("audit", str(manifest), "--db", str(folder / "ro.sqlite"), "--no-cache")
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], capture_output=True)
        else:
            folder.chmod(0o755)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().count("\n") == 0 and "database" in proc.stderr and "Traceback" not in proc.stderr


def unmount(mnt: Path) -> None:
    """Unmount, lazily if something still holds a file open there; a test never leaves a mount behind."""
    if subprocess.run(["umount", str(mnt)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)
    assert not os.path.ismount(mnt), f"{mnt} is still mounted"


@pytest.fixture
def tiny_tmpfs(tmp_path):
    """A 400 KB tmpfs that fills up, unmounted at teardown whatever the test did."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("needs root to mount a tiny tmpfs that fills up")
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(mnt)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mnt
    finally:
        unmount(mnt)


def test_full_disk_is_a_clear_error_and_loses_nothing_stored(tmp_path, tiny_tmpfs):
    manifest = small_archive(tmp_path / "a")
    lines = manifest.read_text()
    manifest.write_text("".join(lines.replace('"r1"', f'"r{i}"') for i in range(40)))
    proc = run("audit", str(manifest), "--db", str(tiny_tmpfs / "audit.sqlite"), "--no-cache", "--batch", "5",
               "--jobs", "1")
    assert proc.returncode == 2, proc.stderr
    message = proc.stderr.strip().splitlines()
    assert len(message) == 1 and "cannot write" in message[0] and "Traceback" not in proc.stderr
    # closing() and not the connection's own "with", which only commits: an open database keeps the mount busy
    with closing(sqlite3.connect(tiny_tmpfs / "audit.sqlite")) as con:
        stored = con.execute("SELECT COUNT(*) FROM reviews WHERE status = 'ok'").fetchone()[0]
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert 0 < stored < 40


# --- offline --------------------------------------------------------------------

def test_check_runs_in_an_empty_network_namespace():
    if not shutil.which("unshare") or subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode:
        pytest.skip("unshare -rn is not available here")
    proc = subprocess.run(["unshare", "-rn", CLI, "check", str(DEMO / "review.md"), "--source",
                           str(DEMO / "app.py"), "--format", "json"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert {a["name"]: a["status"] for a in report["analyzers"]} == {
        "bandit": "ok", "semgrep": "ok", "pycodestyle": "ok", "ruff": "ok", "libcst": "ok"}
    assert any(f["analyzer"] == "semgrep" for f in report["findings"])


# --- crosscheck's own code -----------------------------------------------------

def test_no_shell_true_anywhere_in_crosscheck():
    offenders = []
    for path in (ROOT / "crosscheck").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.keyword) and node.arg == "shell":
                offenders.append(f"{path.relative_to(ROOT)}:{node.value.lineno}")
            if isinstance(node, ast.Attribute) and node.attr in ("system", "popen") and \
                    isinstance(node.value, ast.Name) and node.value.id == "os":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_untrusted_review_text_is_inert_in_the_text_table():
    review = "1. In line 1, `[bold red]x[/bold red]` and `\x1b[31mred\x1b[0m` are used.\n"
    from crosscheck.formatters import render
    report = check_source(review, source_from_text("x = 1\n", "a.py"), options=Options(analyzers=[]))
    out = render(report, "text", width=400) if "width" in render.__code__.co_varnames else render(report, "text")
    assert "\x1b[" not in out  # no terminal escape reaches the screen
    assert "[bold red]x[/bold red]" in out  # rich markup in the review is shown as text, not applied
