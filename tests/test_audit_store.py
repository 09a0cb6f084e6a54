"""The audit store's schema version: new, upgraded, newer and foreign databases (real SQLite)."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crosscheck.audit.aggregate import aggregate
from crosscheck.audit.store import MIGRATIONS, SCHEMA_VERSION, TABLES, Store, encode
from crosscheck.model import InputError

CLI = str(Path(sys.executable).parent / "crosscheck")
REPORT = {"verdict": {"stated": "defects", "ground": "consistent", "missed": []}, "summary": {"claims": 1},
          "claims": [{"index": 0, "kind": "defect", "status": "fabricated", "references": [{"line": 1}],
                      "cwe": [{"id": 78, "name_matches": False}]}],
          "findings": []}


def version(path: Path) -> int:
    with sqlite3.connect(path) as con:
        return con.execute("PRAGMA user_version").fetchone()[0]


def indexes(path: Path) -> set[str]:
    with sqlite3.connect(path) as con:
        return {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}


def unversioned(path: Path) -> None:
    """A store as crosscheck wrote it before schema versions: version 0, one review and claim."""
    con = sqlite3.connect(path)
    con.executescript(TABLES)
    con.execute("INSERT INTO reviews VALUES ('r1', 1, 'ok', NULL, '{\"model\": \"m\"}', 'defects', 'consistent', "
                "'{}', '{}')")
    con.execute("INSERT INTO claims VALUES ('r1', 0, 'defect', 'fabricated', 1, '[78]', '[]')")
    con.commit()
    con.close()


def test_a_new_store_is_created_at_the_current_version(tmp_path):
    db = tmp_path / "new.sqlite"
    Store(str(db)).close()
    assert version(db) == SCHEMA_VERSION
    upgraded = tmp_path / "old.sqlite"
    unversioned(upgraded)
    Store(str(upgraded)).close()
    assert indexes(db) == indexes(upgraded), "a new store and an upgraded one are the same"


def test_an_unversioned_store_is_upgraded_and_keeps_its_rows(tmp_path):
    db = tmp_path / "old.sqlite"
    unversioned(db)
    assert version(db) == 0
    store = Store(str(db))
    assert store.known_ids() == {"r1"}
    store.write([encode("r2", 2, {"model": "m"}, REPORT, None)])
    store.close()
    assert version(db) == SCHEMA_VERSION
    assert {"claims_review", "reviews_meta"} <= indexes(db)
    data = aggregate(str(db))
    assert data["reviews"] == 2 and data["claims"]["fabricated"] == 2
    assert data["groups"]["model"]["m"]["claims_with_refs"] == 2


def test_every_version_below_the_current_one_has_a_migration():
    assert sorted(MIGRATIONS) == list(range(SCHEMA_VERSION))


def test_a_store_from_a_newer_crosscheck_is_a_clear_error(tmp_path):
    db = tmp_path / "newer.sqlite"
    Store(str(db)).close()
    with sqlite3.connect(db) as con:
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    for opener in (Store, aggregate):
        with pytest.raises(InputError, match=f"schema version {SCHEMA_VERSION + 1} was written by a newer crosscheck"):
            opener(str(db))
    assert version(db) == SCHEMA_VERSION + 1, "left as it was"
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"id": "a", "review_text": "x", "source": "nope.py"}) + "\n")
    for argv in (["audit", str(manifest), "--db", str(db)], ["report", str(db)]):
        proc = subprocess.run([CLI, *argv], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.count("\n") == 1 and "newer crosscheck" in proc.stderr


def test_a_foreign_sqlite_file_is_refused_not_changed(tmp_path):
    db = tmp_path / "other.sqlite"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE reviews (id TEXT, stars INTEGER)")
    with pytest.raises(InputError, match="not a crosscheck audit database"):
        Store(str(db))
    with pytest.raises(InputError, match="not a crosscheck audit database"):
        aggregate(str(db))
    with sqlite3.connect(db) as con:
        assert [n for (n,) in con.execute("SELECT name FROM sqlite_master")] == ["reviews"]
    assert version(db) == 0
