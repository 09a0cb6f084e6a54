"""The audit's SQLite store: one row per review, per claim, per finding.

Writes are idempotent per review id (its claims and findings are replaced
together in one transaction), so an audit killed at any point and run again
with ``--resume`` loses and duplicates nothing. WAL mode lets a report read
while an audit writes.

The schema is versioned with ``PRAGMA user_version`` (``SCHEMA_VERSION``):
opening an older database upgrades it in one transaction, a database from a
newer crosscheck is refused (reading it with this code could misread columns
it does not know), and a SQLite file that is not an audit database is refused
rather than having tables added to it. The README documents the tables.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..model import InputError

SCHEMA_VERSION = 1

# Version 0: the tables as crosscheck first wrote them, before user_version was
# set. A new store is created by this script and then every migration, so a
# new store and an upgraded one are the same.
TABLES = """
CREATE TABLE reviews (
    id TEXT PRIMARY KEY, line INTEGER, status TEXT NOT NULL, error TEXT, meta TEXT NOT NULL,
    stated TEXT, ground TEXT, summary TEXT, report TEXT);
CREATE TABLE claims (
    review_id TEXT NOT NULL, idx INTEGER NOT NULL, kind TEXT, status TEXT, has_refs INTEGER,
    cwe TEXT, cwe_mismatch TEXT, PRIMARY KEY (review_id, idx));
CREATE TABLE findings (
    review_id TEXT NOT NULL, finding_id TEXT NOT NULL, analyzer TEXT, rule TEXT, severity TEXT,
    cwe INTEGER, pillar INTEGER, line INTEGER, path TEXT, missed INTEGER,
    PRIMARY KEY (review_id, finding_id));
CREATE INDEX claims_status ON claims(status);
"""

# The columns each table must have; an unversioned database is upgraded only
# when it has them all.
COLUMNS = {
    "reviews": {"id", "line", "status", "error", "meta", "stated", "ground", "summary", "report"},
    "claims": {"review_id", "idx", "kind", "status", "has_refs", "cwe", "cwe_mismatch"},
    "findings": {"review_id", "finding_id", "analyzer", "rule", "severity", "cwe", "pillar", "line", "path",
                 "missed"},
}

# MIGRATIONS[n] takes a store at version n to n + 1.
MIGRATIONS: dict[int, str] = {
    # 0 -> 1: covering indexes, so the report's GROUP BYs read small indexes and never
    # the rows' stored reports (aggregation linear in the rows, seconds at 100,000 reviews)
    0: """
DROP INDEX IF EXISTS claims_status;
CREATE INDEX IF NOT EXISTS claims_status_refs ON claims(status, has_refs);
CREATE INDEX IF NOT EXISTS claims_review ON claims(review_id, status, has_refs);
CREATE INDEX IF NOT EXISTS reviews_verdicts ON reviews(status, stated, ground);
CREATE INDEX IF NOT EXISTS reviews_meta ON reviews(id, status, ground, meta);
""",
}

NEWEST = ("{path}: audit database schema version {found} was written by a newer crosscheck "
          "(this one reads up to version {known}); upgrade crosscheck or use another --db")


def schema_version(db: sqlite3.Connection, path: str) -> int:
    """The store's schema version; an ``InputError`` when it is not a store this code can read."""
    (found,) = db.execute("PRAGMA user_version").fetchone()
    if found > SCHEMA_VERSION:
        raise InputError(NEWEST.format(path=path, found=found, known=SCHEMA_VERSION))
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if found == 0 and not tables:
        return -1  # an empty file: a new store
    for table, wanted in COLUMNS.items():
        have = {name for (name,) in db.execute("SELECT name FROM pragma_table_info(?)", (table,))}
        if not wanted <= have:
            missing = ", ".join(sorted(wanted - have))
            raise InputError(f"{path}: not a crosscheck audit database (table {table} lacks {missing})")
    return int(found)


def _upgrade(db: sqlite3.Connection, path: str) -> None:
    """Bring the store to SCHEMA_VERSION; ``db`` is in autocommit mode."""
    if schema_version(db, path) == SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")  # one transaction: a crash mid-upgrade leaves the old version intact
    try:
        found = schema_version(db, path)  # another audit may have upgraded it meanwhile
        script = (TABLES if found == -1 else "") + "".join(MIGRATIONS[v] for v in range(max(found, 0), SCHEMA_VERSION))
        for statement in script.split(";"):
            if statement.strip():
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


class Store:
    def __init__(self, path: str) -> None:
        self.path = path
        try:
            self.db = sqlite3.connect(path, timeout=60, isolation_level=None)
        except sqlite3.Error as exc:
            raise InputError(f"{path}: cannot open the audit database: {exc}") from None
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            _upgrade(self.db, path)
        except sqlite3.Error as exc:
            self.db.close()
            raise InputError(f"{path}: cannot open the audit database: {exc}") from None
        except InputError:
            self.db.close()
            raise
        self.db.isolation_level = "DEFERRED"  # writes below: one implicit transaction per batch

    def close(self) -> None:
        self.db.close()

    def known_ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT id FROM reviews")}

    def write(self, rows: Iterable["Rows"]) -> int:
        """Store a batch of encoded reviews in one transaction."""
        count = 0
        try:
            with self.db:
                for row in rows:
                    db = self.db
                    db.execute("DELETE FROM claims WHERE review_id = ?", (row.review[0],))
                    db.execute("DELETE FROM findings WHERE review_id = ?", (row.review[0],))
                    db.execute("INSERT OR REPLACE INTO reviews VALUES (?,?,?,?,?,?,?,?,?)", row.review)
                    db.executemany("INSERT INTO claims VALUES (?,?,?,?,?,?,?)", row.claims)
                    db.executemany("INSERT OR REPLACE INTO findings VALUES (?,?,?,?,?,?,?,?,?,?)", row.findings)
                    count += 1
        except sqlite3.Error as exc:
            raise InputError(f"{self.path}: cannot write to the audit database: {exc}") from None
        return count


@dataclass(frozen=True)
class Rows:
    """One review as the store's rows: its reviews row, claims rows and findings rows."""
    review: tuple
    claims: list[tuple] = field(default_factory=list)
    findings: list[tuple] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.review[2] == "ok"


def encode(ident: str, line: int, meta: dict[str, Any], report: dict | None, error: str | None) -> Rows:
    """A review's rows, ready to insert.

    A pure function, so an audit runs it in the worker that checked the review:
    the main process receives a few strings per review instead of the report's
    object tree, and its memory and time stay those of the inserts.
    """
    if report is None:
        return Rows((ident, line, "error", error, json.dumps(meta, sort_keys=True), None, None, None, None))
    verdict = report["verdict"]
    missed = set(verdict["missed"])
    return Rows(
        (ident, line, "ok", None, json.dumps(meta, sort_keys=True), verdict["stated"], verdict["ground"],
         json.dumps(report["summary"]), json.dumps(report, sort_keys=True)),
        [(ident, c["index"], c["kind"], c["status"], int(bool(c["references"])),
          json.dumps([w["id"] for w in c["cwe"]]),
          json.dumps([w["id"] for w in c["cwe"] if w["name_matches"] is False]))
         for c in report["claims"]],
        [(ident, f["id"] + (f"@{f['path']}" if f.get("path") else ""), f["analyzer"], f["rule"], f["severity"],
          f["cwe"], f["pillar"], f["line_start"], f.get("path"), int(f["id"] in missed))
         for f in report["findings"]])
