"""Numbers over an audit database: claims by status, hallucination rate,
verdict consistency, most often misnamed or fabricated CWE ids, per meta key.

hallucination rate = (misplaced + fabricated + contradicted) / claims with references

Every number is a GROUP BY in SQLite, so the time grows with the rows read
once (an archive of 100,000 reviews aggregates in seconds) and Python holds
only the groups, never the reviews. Group sizes come with every rate
(``reviews``, ``claims``, ``claims_with_refs``), so a reader can tell a rate
over three claims from one over three thousand.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Any

from ..model import CLAIM_STATUSES, FLAGGED_STATUSES, InputError
from .store import schema_version

ERROR_ROWS_MAX = 1000  # error rows listed in full; the count covers them all


def _rate(flagged: int, with_refs: int) -> float:
    return round(flagged / with_refs, 4) if with_refs else 0.0


def _label(kind: str, value: Any) -> str:
    """The group name: what ``str()`` of the meta value as Python reads it from JSON gives."""
    if kind == "true":
        return "True"
    if kind == "false":
        return "False"
    if kind == "null":
        return "None"
    if kind in ("array", "object"):
        return str(json.loads(value))
    return str(value)


def aggregate(db_path: str, by: list[str] | None = None) -> dict[str, Any]:
    try:
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise InputError(f"{db_path}: not a crosscheck audit database ({exc})") from None
    try:
        schema_version(db, db_path)
        return _aggregate(db, by)
    except sqlite3.Error as exc:
        raise InputError(f"{db_path}: not a crosscheck audit database ({exc})") from None
    finally:
        db.close()


def _aggregate(db: sqlite3.Connection, by: list[str] | None) -> dict[str, Any]:
    reviews, checked = db.execute("SELECT COUNT(*), COALESCE(SUM(status = 'ok'), 0) FROM reviews").fetchone()
    by_status: dict[str, int] = {}
    with_refs = flagged_with_refs = 0
    for status, refs, n in db.execute("SELECT status, has_refs != 0, COUNT(*) FROM claims GROUP BY 1, 2"):
        by_status[status] = by_status.get(status, 0) + n
        if refs:
            with_refs += n
            flagged_with_refs += n if status in FLAGGED_STATUSES else 0
    stated = dict(db.execute("SELECT stated, COUNT(*) FROM reviews WHERE status = 'ok' GROUP BY stated"))
    ground = dict(db.execute("SELECT ground, COUNT(*) FROM reviews WHERE status = 'ok' GROUP BY ground"))
    misnamed = db.execute(
        "SELECT j.value, COUNT(*) AS n FROM claims, json_each(claims.cwe_mismatch) AS j "
        "WHERE claims.cwe_mismatch NOT IN ('[]', '') GROUP BY j.value ORDER BY n DESC, j.value LIMIT 10").fetchall()
    fabricated = db.execute(
        "SELECT j.value, COUNT(*) AS n FROM claims, json_each(claims.cwe) AS j "
        "WHERE claims.status = 'fabricated' AND claims.cwe NOT IN ('[]', '') "
        "GROUP BY j.value ORDER BY n DESC, j.value LIMIT 10").fetchall()
    errors = [{"id": i, "line": n, "error": e} for i, n, e in db.execute(
        "SELECT id, line, error FROM reviews WHERE status = 'error' ORDER BY line, id LIMIT ?", (ERROR_ROWS_MAX,))]
    flagged = sum(by_status.get(s, 0) for s in FLAGGED_STATUSES)
    return {
        "reviews": reviews, "checked": checked, "errors": reviews - checked,
        "claims": {s: by_status.get(s, 0) for s in CLAIM_STATUSES},
        "claims_with_refs": with_refs,
        "flagged": flagged,
        "hallucination_rate": _rate(flagged_with_refs, with_refs),
        "verdicts": {"stated": stated, "ground": ground},
        "verdict_consistency": round(ground.get("consistent", 0) / checked, 4) if checked else 0.0,
        "misnamed_cwe": [{"cwe": k, "claims": v} for k, v in misnamed],
        "fabricated_cwe": [{"cwe": k, "claims": v} for k, v in fabricated],
        "error_rows": errors,
        "groups": _groups(db, by),
    }


# The statuses spelled out in SQL below, in CLAIM_STATUSES order (SQL text is never
# built from values): a change of the model's statuses must change these too.
SQL_STATUSES = ("confirmed", "unsupported", "misplaced", "fabricated", "contradicted", "unverifiable")
SQL_FLAGGED = frozenset({"misplaced", "fabricated", "contradicted"})
if SQL_STATUSES != tuple(CLAIM_STATUSES) or SQL_FLAGGED != FLAGGED_STATUSES:
    raise RuntimeError("crosscheck.audit.aggregate: its SQL names other claim statuses than crosscheck.model")

PER_REVIEW = """
INSERT INTO review_claims
SELECT review_id, COUNT(*), SUM(has_refs != 0),
       SUM(has_refs != 0 AND status IN ('misplaced', 'fabricated', 'contradicted')),
       SUM(status = 'confirmed'), SUM(status = 'unsupported'), SUM(status = 'misplaced'),
       SUM(status = 'fabricated'), SUM(status = 'contradicted'), SUM(status = 'unverifiable')
FROM claims GROUP BY review_id
"""
PER_GROUP = """
SELECT j.key, j.type, j.value, COUNT(*), SUM(r.status = 'ok'), SUM(r.status = 'ok' AND r.ground = 'consistent'),
       SUM(c.n), SUM(c.refs), SUM(c.flagged), SUM(c.s0), SUM(c.s1), SUM(c.s2), SUM(c.s3), SUM(c.s4), SUM(c.s5)
FROM reviews AS r, json_each(r.meta) AS j LEFT JOIN review_claims AS c ON c.review_id = r.id
GROUP BY j.key, j.type, j.value
"""


def _groups(db: sqlite3.Connection, by: list[str] | None) -> dict[str, dict[str, Any]]:
    """Per meta key and value: reviews and their claims, one GROUP BY over reviews.

    Claims are first counted per review (from the covering index claims_review)
    into a temporary table, so the meta JSON is read once per review, never
    once per claim. Keys outside ``by`` are dropped here (groups are few).
    """
    db.execute("DROP TABLE IF EXISTS temp.review_claims")
    db.execute("CREATE TEMP TABLE review_claims (review_id TEXT, n INTEGER, refs INTEGER, flagged INTEGER, "
               "s0 INTEGER, s1 INTEGER, s2 INTEGER, s3 INTEGER, s4 INTEGER, s5 INTEGER)")
    db.execute(PER_REVIEW)
    db.execute("CREATE INDEX temp.review_claims_id ON review_claims(review_id)")
    wanted = set(by) if by else None
    totals: dict[str, dict[str, list[int]]] = {key: {} for key in (by or [])}
    for key, kind, value, *counts in db.execute(PER_GROUP):
        if wanted is not None and key not in wanted:
            continue
        bucket = totals.setdefault(key, {}).setdefault(_label(kind, value), [0] * len(counts))
        for i, n in enumerate(counts):
            bucket[i] += n or 0
    db.execute("DROP TABLE temp.review_claims")
    groups: dict[str, dict[str, Any]] = {}
    for key in by if by else sorted(totals):
        groups[key] = {}
        for value, (n, ok, consistent, claims, refs, flagged, *statuses) in sorted(totals[key].items()):
            groups[key][value] = {
                "reviews": n, "checked": ok, "claims": claims, "claims_with_refs": refs,
                "hallucination_rate": _rate(flagged, refs),
                "verdict_consistency": round(consistent / ok, 4) if ok else 0.0,
                "statuses": dict(zip(CLAIM_STATUSES, statuses)),
            }
    return groups
