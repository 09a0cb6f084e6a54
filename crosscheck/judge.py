"""Stage 5: one status per claim, from its references and its evidence.

Precedence (report contract): fabricated > contradicted > misplaced >
confirmed > unsupported > unverifiable.
"""
from __future__ import annotations

from .model import Claim, STATUS_PRECEDENCE


def judge(claim: Claim) -> str:
    applicable: set[str] = set()
    for ref in claim.references:
        if ref.status in ("absent", "out_of_range") and ref.cited.hard:
            applicable.add("fabricated")
        elif ref.status == "comment_only":
            applicable.add("misplaced")
        elif ref.status == "shifted" and (ref.cited.primary or ref.cited.hard):
            applicable.add("misplaced")
    effects = {e.effect for e in claim.evidence}
    if "contradicts" in effects:
        applicable.add("contradicted")
    if "supports" in effects:
        applicable.add("confirmed")
    if claim.references:
        applicable.add("unsupported")
    applicable.add("unverifiable")
    return next(status for status in STATUS_PRECEDENCE if status in applicable)
