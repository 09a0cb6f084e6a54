"""Numbers over an audit database: claims by status, hallucination rate,
verdict consistency, most often misnamed or fabricated CWE ids, per meta key.

hallucination rate = (misplaced + fabricated + contradicted) / claims with references
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from typing import Any

from ..model import CLAIM_STATUSES, FLAGGED_STATUSES, InputError


def _rate(flagged: int, with_refs: int) -> float:
    return round(flagged / with_refs, 4) if with_refs else 0.0


def aggregate(db_path: str, by: list[str] | None = None) -> dict[str, Any]:
    try:
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        rows = db.execute("SELECT id, status, meta, stated, ground FROM reviews").fetchall()
        claims = db.execute("SELECT review_id, status, has_refs, cwe, cwe_mismatch FROM claims").fetchall()
    except sqlite3.Error as exc:
        raise InputError(f"{db_path}: not a crosscheck audit database ({exc})") from None
    meta = {rid: json.loads(m or "{}") for rid, _, m, _, _ in rows}
    by_status = Counter(status for _, status, _, _, _ in claims)
    per_review: dict[str, Counter] = defaultdict(Counter)
    for rid, status, has_refs, cwe, mismatch in claims:
        per_review[rid][status] += 1
        per_review[rid]["_claims"] += 1
        if has_refs:
            per_review[rid]["_with_refs"] += 1
            per_review[rid]["_flagged"] += status in FLAGGED_STATUSES
    misnamed = Counter(i for *_, mismatch in claims for i in json.loads(mismatch or "[]"))
    fabricated_cwe = Counter(i for _, status, _, cwe, _ in claims if status == "fabricated"
                             for i in json.loads(cwe or "[]"))
    ok = [r for r in rows if r[1] == "ok"]

    def summary(ids: list[str]) -> dict[str, Any]:
        total: Counter[str] = Counter()
        for rid in ids:
            total.update(per_review.get(rid, Counter()))
        reviews = [r for r in ok if r[0] in set(ids)]
        consistent = sum(1 for r in reviews if r[4] == "consistent")
        return {"reviews": len(ids), "claims": total["_claims"],
                "hallucination_rate": _rate(total["_flagged"], total["_with_refs"]),
                "verdict_consistency": round(consistent / len(reviews), 4) if reviews else 0.0,
                "statuses": {s: total[s] for s in CLAIM_STATUSES}}

    keys = by if by else sorted({k for m in meta.values() for k in m})
    groups: dict[str, dict[str, Any]] = {}
    for key in keys:
        buckets: dict[str, list[str]] = defaultdict(list)
        for rid, m in meta.items():
            if key in m:
                buckets[str(m[key])].append(rid)
        groups[key] = {value: summary(ids) for value, ids in sorted(buckets.items())}
    flagged = sum(by_status[s] for s in FLAGGED_STATUSES)
    with_refs = sum(1 for c in claims if c[2])
    flagged_with_refs = sum(1 for c in claims if c[2] and c[1] in FLAGGED_STATUSES)
    grounds = Counter(r[4] for r in ok)
    return {
        "reviews": len(rows), "checked": len(ok), "errors": len(rows) - len(ok),
        "claims": {s: by_status[s] for s in CLAIM_STATUSES},
        "flagged": flagged,
        "hallucination_rate": _rate(flagged_with_refs, with_refs),
        "verdicts": {"stated": dict(Counter(r[3] for r in ok)), "ground": dict(grounds)},
        "verdict_consistency": round(grounds["consistent"] / len(ok), 4) if ok else 0.0,
        "misnamed_cwe": [{"cwe": k, "claims": v} for k, v in misnamed.most_common(10)],
        "fabricated_cwe": [{"cwe": k, "claims": v} for k, v in fabricated_cwe.most_common(10)],
        "groups": groups,
    }
