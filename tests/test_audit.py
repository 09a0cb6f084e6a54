"""Batch audit: the 5 seeds x 13 revisions archive, bad lines, resume, kill -9."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crosscheck.schema import validate_report

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
NOVA = SHARED / "fixtures" / "nova-test_bug_1679750"
CLI = str(Path(sys.executable).parent / "crosscheck")
BAD_IDS = {"bad-dotdot", "bad-absolute", "bad-missing", "bad-symlink", "line-70"}


def build_archive(folder: Path) -> Path:
    """reviews/ and src/ inside the archive folder, plus lines that try to leave it."""
    if not (SHARED / "seeds").is_dir() or not NOVA.is_dir():
        pytest.skip(f"shared seeds and Nova revisions not found at {SHARED}")
    (folder / "reviews").mkdir(parents=True)
    (folder / "src").mkdir()
    secret = folder.parent / f"{folder.name}-secret.py"
    secret.write_text("TOKEN = 'outside the archive'\n")
    os.symlink(secret, folder / "src" / "link.py")
    lines = []
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    revisions = sorted(NOVA.glob("[0-9][0-9]-*.py"))
    for seed in seeds:
        (folder / "reviews" / seed.name).write_bytes(seed.read_bytes())
    for rev in revisions:
        (folder / "src" / rev.name).write_bytes(rev.read_bytes())
    for seed in seeds:
        for rev in revisions:
            lines.append({"id": f"{seed.name[:3]}-{rev.name[:2]}", "review": f"reviews/{seed.name}",
                          "source": f"src/{rev.name}",
                          "meta": {"model": f"seed-{seed.name[:3]}", "revision": rev.name[:2]}})
    review = f"reviews/{seeds[0].name}"
    lines += [{"id": "bad-dotdot", "review": review, "source": f"../{secret.name}"},
              {"id": "bad-absolute", "review": review, "source": str(secret)},
              {"id": "bad-missing", "review": review, "source": "src/nope.py"},
              {"id": "bad-symlink", "review": review, "source": "src/link.py"}]
    manifest = folder / "manifest.jsonl"
    manifest.write_text("".join(json.dumps(line) + "\n" for line in lines) + "{not json\n")
    return manifest


def audit(manifest: Path, db: Path, cache: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([CLI, "audit", str(manifest), "--db", str(db), "--cache-dir", str(cache), *extra],
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    base = tmp_path_factory.mktemp("archive")
    manifest = build_archive(base / "archive")
    db = base / "audit.sqlite"
    cache = base / "cache"
    proc = audit(manifest, db, cache)
    assert proc.returncode == 0, proc.stderr
    return manifest, db, cache


def rows(db: Path, sql: str, *args):
    with sqlite3.connect(db) as con:
        return con.execute(sql, args).fetchall()


def test_archive_gives_65_reviews_and_one_error_row_per_bad_line(archive):
    _, db, _ = archive
    ok = rows(db, "SELECT id, report FROM reviews WHERE status = 'ok'")
    errors = dict(rows(db, "SELECT id, error FROM reviews WHERE status = 'error'"))
    assert len(ok) == 65
    assert set(errors) == BAD_IDS
    assert "'..'" in errors["bad-dotdot"]
    assert "absolute" in errors["bad-absolute"]
    assert "does not exist" in errors["bad-missing"]
    assert "outside the manifest folder" in errors["bad-symlink"]
    assert "not a JSON object" in errors["line-70"]
    for ident, report in ok:
        data = json.loads(report)
        validate_report(data)
        (count,) = rows(db, "SELECT COUNT(*) FROM claims WHERE review_id = ?", ident)[0]
        assert count == len(data["claims"])
    # nothing outside the archive was read: no stored report or source mentions the secret
    assert not rows(db, "SELECT id FROM reviews WHERE report LIKE '%outside the archive%'")


def test_stored_report_is_what_check_prints(archive):
    manifest, db, cache = archive
    folder = manifest.parent
    (report,) = rows(db, "SELECT report FROM reviews WHERE id = '001-01'")[0]
    proc = subprocess.run([CLI, "check", "reviews/001_1c5558c27977c7c4.txt", "--source", "src/01-4ba7baf451.py",
                           "--format", "json", "--cache-dir", str(cache)], cwd=folder, capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(report) == json.loads(proc.stdout)


def test_report_aggregates_by_meta_key(archive):
    _, db, _ = archive
    proc = subprocess.run([CLI, "report", str(db), "--format", "json"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert (data["reviews"], data["errors"], data["checked"]) == (70, 5, 65)
    assert sum(data["claims"].values()) == rows(db, "SELECT COUNT(*) FROM claims")[0][0]
    assert 0 < data["hallucination_rate"] < 1
    models = data["groups"]["model"]
    assert set(models) == {f"seed-00{i}" for i in range(5)}
    assert all(g["reviews"] == 13 for g in models.values())
    # seed 001 cites a line that is on the next line (misplaced), seed 002 cites nothing wrong
    assert models["seed-001"]["hallucination_rate"] > models["seed-002"]["hallucination_rate"]


def test_resume_of_a_finished_audit_skips_everything(archive):
    manifest, db, cache = archive
    before = rows(db, "SELECT id, report FROM reviews ORDER BY id")
    proc = audit(manifest, db, cache, "--resume")
    assert proc.returncode == 0, proc.stderr
    assert "0 reviews, 0 errors, 70 skipped" in proc.stderr
    assert rows(db, "SELECT id, report FROM reviews ORDER BY id") == before


def test_kill_9_then_resume_loses_and_duplicates_nothing(archive, tmp_path):
    manifest, full_db, cache = archive
    db = tmp_path / "killed.sqlite"
    child = subprocess.Popen([CLI, "audit", str(manifest), "--db", str(db), "--cache-dir", str(cache),
                              "--batch", "4", "--jobs", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    deadline = time.monotonic() + 300
    stored = 0
    while time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                stored = rows(db, "SELECT COUNT(*) FROM reviews")[0][0]
            except sqlite3.Error:
                continue
            if stored >= 12:
                break
    assert child.poll() is None, "the audit finished before it could be killed"
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    assert 12 <= stored < 70
    proc = audit(manifest, db, cache, "--resume")
    assert proc.returncode == 0, proc.stderr
    ids = [r[0] for r in rows(db, "SELECT id FROM reviews")]
    assert len(ids) == len(set(ids)) == 70
    # same reviews, same claims as the audit that was never interrupted
    assert rows(db, "SELECT id, status, report FROM reviews ORDER BY id") == \
        rows(full_db, "SELECT id, status, report FROM reviews ORDER BY id")
    assert rows(db, "SELECT COUNT(*) FROM claims")[0] == rows(full_db, "SELECT COUNT(*) FROM claims")[0]
