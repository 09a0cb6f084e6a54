"""Hostile archives: repositories that lead git outside, and manifest lines that hold anything.

One archive is built in a temporary folder with real git: a good repository, and
folders that would make git read outside the archive (a ``.git`` file or symlink
pointing out, borrowed objects, a config include, a folder that is no repository
inside an enclosing one). Its manifest also holds every kind of bad line. One
real ``crosscheck audit`` runs over it; every line must become exactly one row,
the bad ones error rows with the reason, and nothing from outside may be read.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crosscheck.audit.manifest import MAX_LINE, Manifest, ManifestError, ManifestItem

CLI = str(Path(sys.executable).parent / "crosscheck")
SECRET = "SECRET_OUTSIDE = 'read from outside the archive'"
APP = "import subprocess\n\n\ndef run(cmd):\n    return subprocess.call(cmd, shell=True)\n"
REVIEW = "1. Line 5 runs a shell command with shell=True (CWE-78).\n"


def git(cwd: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def make_repo(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    git(folder, "init", "-q", "-b", "main")
    for name, text in files.items():
        (folder / name).write_text(text)
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "files")
    return folder


def row(ident: str, repo: str, path: str = "app.py", rev: str = "HEAD") -> dict:
    return {"id": ident, "review_text": REVIEW, "source": {"repo": repo, "rev": rev, "path": path}}


def build(base: Path) -> tuple[Path, list[bytes]]:
    """base/enclosing is a repository; the archive lies inside it, at base/enclosing/archive."""
    make_repo(base / "enclosing", {"app.py": APP, "secret.py": SECRET + "\n"})
    outside = make_repo(base / "outside", {"app.py": APP, "secret.py": SECRET + "\n"})
    archive = base / "enclosing" / "archive"
    archive.mkdir()
    make_repo(archive / "good", {"app.py": APP})
    git(archive / "good", "worktree", "add", "-q", str(archive / "linked"), "-b", "side")

    (archive / "plain").mkdir()  # no repository: git would walk up to base/enclosing
    (archive / "plain" / "app.py").write_text(APP)

    (archive / "gitfile").mkdir()
    (archive / "gitfile" / ".git").write_text(f"gitdir: {outside / '.git'}\n")
    (archive / "gitfile-relative").mkdir()
    (archive / "gitfile-relative" / ".git").write_text("gitdir: ../../../outside/.git\n")
    (archive / "gitfile-inside").mkdir()
    (archive / "gitfile-inside" / ".git").write_text("gitdir: ../good/.git\n")

    (archive / "dotgit-symlink").mkdir()
    os.symlink(outside / ".git", archive / "dotgit-symlink" / ".git")
    os.symlink(outside, archive / "repo-symlink")

    borrow = make_repo(archive / "alternates", {"app.py": APP})
    (borrow / ".git" / "objects" / "info" / "alternates").write_text(f"{outside / '.git' / 'objects'}\n")
    included = make_repo(archive / "include", {"app.py": APP})
    with open(included / ".git" / "config", "a") as fh:
        fh.write(f"[include]\n\tpath = {outside / '.git' / 'config'}\n")
    linked_objects = make_repo(archive / "objects-symlink", {"app.py": APP})
    shutil.rmtree(linked_objects / ".git" / "objects")
    os.symlink(outside / ".git" / "objects", linked_objects / ".git" / "objects")

    (archive / "src").mkdir()
    (archive / "src" / "app.py").write_text(APP)

    good = [row("good", "good"), row("good-linked-worktree", "linked"), row("good-gitfile-inside", "gitfile-inside")]
    hostile = [row("plain", "plain"), row("plain-secret", "plain", "secret.py"), row("gitfile", "gitfile", "secret.py"),
               row("gitfile-relative", "gitfile-relative", "secret.py"), row("dotgit-symlink", "dotgit-symlink"),
               row("repo-symlink", "repo-symlink"), row("alternates", "alternates"), row("include", "include"),
               row("objects-symlink", "objects-symlink", "secret.py")]
    lines = [json.dumps(r).encode() for r in good + hostile]
    bad = [
        json.dumps({"id": "nul-path", "review_text": REVIEW, "source": "src/app.py\u0000.txt"}).encode(),
        json.dumps({"id": "nul-repo", "review_text": REVIEW,
                    "source": {"repo": "good\u0000", "rev": "HEAD", "path": "app.py"}}).encode(),
        json.dumps(row("nul-rev", "good", rev="HE\u0000AD")).encode(),
        json.dumps(row("dash-rev", "good", rev="--output=/tmp/x")).encode(),
        b"{not json",
        b'{"id": "bad-utf8", "review_text": "\xff\xfe", "source": "src/app.py"}',
        b'{"id": "surrogate", "review_text": "\\ud800", "source": "src/app.py"}',
        b'{"id": "surrogate-key\\udc00", "review_text": "x", "source": "src/app.py"}',
        b"[" * 200_000,
        b"[1, 2, 3]",
        b'"just a string"',
        b"{}",
        json.dumps({"id": ["a", "list"], "review_text": REVIEW, "source": "src/app.py"}).encode(),
        json.dumps({"id": True, "review_text": REVIEW, "source": "src/app.py"}).encode(),
        json.dumps({"id": "x" * 5000, "review_text": REVIEW, "source": "src/app.py"}).encode(),
        json.dumps({"id": "meta-list", "review_text": REVIEW, "source": "src/app.py", "meta": [1]}).encode(),
        json.dumps({"id": "source-number", "review_text": REVIEW, "source": 7}).encode(),
        json.dumps({"id": "text-number", "review_text": 7, "source": "src/app.py"}).encode(),
        json.dumps({"id": "rev-number", "review_text": REVIEW,
                    "source": {"repo": "good", "rev": 7, "path": "app.py"}}).encode(),
        json.dumps({"id": "control-chars", "review_text": REVIEW, "source": "src/\x1b[31mred\x07.py"}).encode(),
        json.dumps({"id": "huge", "review_text": "x" * (MAX_LINE + 10), "source": "src/app.py"}).encode(),
        json.dumps({"id": "good", "review_text": REVIEW, "source": "src/app.py"}).encode(),  # duplicate id
        json.dumps({"id": "good-after-bad-lines", "review_text": REVIEW, "source": "src/app.py"}).encode(),
    ]
    lines += bad
    manifest = archive / "manifest.jsonl"
    with open(manifest, "wb") as fh:
        for line in lines:
            fh.write(line + b"\n")
        fh.write(b"\n   \n")  # blank lines are no reviews
        fh.write(json.dumps({"id": "last-line-without-newline", "review_text": REVIEW,
                             "source": "src/app.py"}).encode())
    return manifest, lines


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    try:
        manifest, lines = build(base)
        db = base / "audit.sqlite"
        proc = subprocess.run([CLI, "audit", str(manifest), "--db", str(db), "--cache-dir", str(base / "cache"),
                               "--jobs", "1"], capture_output=True, text=True, timeout=600,
                              env={k: v for k, v in os.environ.items() if not k.startswith("GIT_")})
        assert proc.returncode == 0, proc.stderr
        with sqlite3.connect(db) as con:
            rows = {i: (s, e, r) for i, s, e, r in con.execute("SELECT id, status, error, report FROM reviews")}
            by_line = dict(con.execute("SELECT line, id FROM reviews"))
        yield rows, by_line, len(lines) + 1, proc.stderr
    finally:
        shutil.rmtree(base, ignore_errors=True)  # the huge line is 64 MiB: never left behind


def error(rows: dict, ident: str) -> str:
    status, message, _ = rows[ident]
    assert status == "error", (ident, rows[ident][:2])
    return message


def test_every_line_is_exactly_one_row(audited):
    rows, by_line, count, _ = audited
    # lines count + 1 and + 2 are blank, the last line follows them
    assert sorted(by_line) == [*range(1, count), count + 2], "one row per non-blank line, none lost, none extra"
    assert len(rows) == count


def test_good_repositories_are_audited(audited):
    rows, *_ = audited
    for ident in ("good", "good-linked-worktree", "good-gitfile-inside", "good-after-bad-lines",
                  "last-line-without-newline"):
        status, message, report = rows[ident]
        assert status == "ok", (ident, message)
        assert json.loads(report)["claims"]


def test_repositories_leading_outside_are_refused(audited):
    rows, *_ = audited
    assert "is not a git repository" in error(rows, "plain")
    assert "is not a git repository" in error(rows, "plain-secret")
    assert ".git file points outside the archive" in error(rows, "gitfile")
    assert ".git file points outside the archive" in error(rows, "gitfile-relative")
    assert ".git is a symlink leading outside" in error(rows, "dotgit-symlink")
    assert "leads outside the manifest folder" in error(rows, "repo-symlink")
    assert "alternates" in error(rows, "alternates")
    assert "includes other files" in error(rows, "include")
    assert "symlink leading outside the archive (objects)" in error(rows, "objects-symlink")


def test_nothing_from_outside_was_read(audited):
    rows, *_ = audited
    for ident, (_, message, report) in rows.items():
        assert "SECRET_OUTSIDE" not in (report or "") and "SECRET_OUTSIDE" not in (message or ""), ident


def test_bad_lines_are_error_rows_with_the_reason(audited):
    rows, *_ = audited
    assert "NUL character" in error(rows, "nul-path")
    assert "NUL character" in error(rows, "nul-repo")
    assert "NUL character" in error(rows, "nul-rev")
    assert "not a revision" in error(rows, "dash-rev")
    reasons = [e for s, e, _ in rows.values() if s == "error"]
    for expected in ("not UTF-8", "not a JSON object: Expecting", "lone surrogate", "nested too deeply", "but an array",
                     "but a string", "id must be a non-empty string or an integer, not an array",
                     "id must be a non-empty string or an integer, not a boolean", "id is longer than",
                     f"line longer than {MAX_LINE} bytes", "no review or review_text"):
        assert sum(expected in r for r in reasons) >= 1, expected
    assert sum("lone surrogate" in r for r in reasons) == 2
    assert "meta must be an object" in error(rows, "meta-list")
    assert "source must be a path or an object" in error(rows, "source-number")
    assert "review_text must be a string" in error(rows, "text-number")
    assert "source needs repo, rev and path" in error(rows, "rev-number")
    assert "\\x1b" in error(rows, "control-chars") and "\x1b" not in error(rows, "control-chars")
    assert any(i.startswith("good@line") for i in rows), "the duplicate id is its own error row"


def test_manifest_skips_an_overlong_line_in_bounded_pieces(tmp_path):
    """The limit is a parameter; a line over it is one error and the next line still reads."""
    manifest = tmp_path / "m.jsonl"
    (tmp_path / "a.py").write_text(APP)
    good = json.dumps({"id": "after", "review_text": REVIEW, "source": "a.py"})
    manifest.write_text(json.dumps({"id": "long", "review_text": "y" * 5000, "source": "a.py"}) + "\n" + good + "\n")
    items = list(Manifest(str(manifest), max_line=1000))
    assert isinstance(items[0], ManifestError) and items[0].reason == "line longer than 1000 bytes"
    assert isinstance(items[1], ManifestItem) and items[1].id == "after" and items[1].line == 2
