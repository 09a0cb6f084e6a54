"""The audit's SQLite store: one row per review, per claim, per finding.

Writes are idempotent per review id (its claims and findings are replaced
together in one transaction), so an audit killed at any point and run again
with ``--resume`` loses and duplicates nothing. WAL mode lets a report read
while an audit writes.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Any, Iterable

from ..model import InputError

SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    id TEXT PRIMARY KEY, line INTEGER, status TEXT NOT NULL, error TEXT, meta TEXT NOT NULL,
    stated TEXT, ground TEXT, summary TEXT, report TEXT);
CREATE TABLE IF NOT EXISTS claims (
    review_id TEXT NOT NULL, idx INTEGER NOT NULL, kind TEXT, status TEXT, has_refs INTEGER,
    cwe TEXT, cwe_mismatch TEXT, PRIMARY KEY (review_id, idx));
CREATE TABLE IF NOT EXISTS findings (
    review_id TEXT NOT NULL, finding_id TEXT NOT NULL, analyzer TEXT, rule TEXT, severity TEXT,
    cwe INTEGER, pillar INTEGER, line INTEGER, path TEXT, missed INTEGER,
    PRIMARY KEY (review_id, finding_id));
CREATE INDEX IF NOT EXISTS claims_status ON claims(status);
"""


class Store:
    def __init__(self, path: str) -> None:
        self.path = path
        try:
            self.db = sqlite3.connect(path, timeout=60)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
        except sqlite3.Error as exc:
            raise InputError(f"{path}: cannot open the audit database: {exc}") from None

    def close(self) -> None:
        self.db.close()

    def known_ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT id FROM reviews")}

    def write(self, rows: Iterable[tuple[str, int, dict[str, Any], dict | None, str | None]]) -> int:
        """Store a batch of (id, line, meta, report, error) in one transaction."""
        count = 0
        try:
            with self.db:
                for ident, line, meta, report, error in rows:
                    self._write_one(ident, line, meta, report, error)
                    count += 1
        except sqlite3.Error as exc:
            raise InputError(f"{self.path}: cannot write to the audit database: {exc}") from None
        return count

    def _write_one(self, ident: str, line: int, meta: dict, report: dict | None, error: str | None) -> None:
        db = self.db
        db.execute("DELETE FROM claims WHERE review_id = ?", (ident,))
        db.execute("DELETE FROM findings WHERE review_id = ?", (ident,))
        if report is None:
            db.execute("INSERT OR REPLACE INTO reviews VALUES (?,?,?,?,?,?,?,?,?)",
                       (ident, line, "error", error, json.dumps(meta, sort_keys=True), None, None, None, None))
            return
        verdict = report["verdict"]
        db.execute("INSERT OR REPLACE INTO reviews VALUES (?,?,?,?,?,?,?,?,?)",
                   (ident, line, "ok", None, json.dumps(meta, sort_keys=True), verdict["stated"], verdict["ground"],
                    json.dumps(report["summary"]), json.dumps(report, sort_keys=True)))
        db.executemany("INSERT INTO claims VALUES (?,?,?,?,?,?,?)", [
            (ident, c["index"], c["kind"], c["status"], int(bool(c["references"])),
             json.dumps([w["id"] for w in c["cwe"]]),
             json.dumps([w["id"] for w in c["cwe"] if w["name_matches"] is False]))
            for c in report["claims"]])
        missed = set(verdict["missed"])
        db.executemany("INSERT OR REPLACE INTO findings VALUES (?,?,?,?,?,?,?,?,?,?)", [
            (ident, f["id"] + (f"@{f['path']}" if f.get("path") else ""), f["analyzer"], f["rule"], f["severity"],
             f["cwe"], f["pillar"], f["line_start"], f.get("path"), int(f["id"] in missed))
            for f in report["findings"]])
