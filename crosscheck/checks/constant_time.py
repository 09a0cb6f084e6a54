"""'The comparison is not constant-time': is a timing-safe comparison there already?

A claim that the cited code compares secrets with a plain ``==`` is
contradicted when the cited statement calls ``hmac.compare_digest`` (or a
``constant_time_*`` helper) instead.
"""
from __future__ import annotations

import re

from ..model import Claim, Evidence
from ..review.phrases import TIMING, negated
from .base import CheckContext, assertion_sentences, register, resolved_lines

SAFE = re.compile(r"compare_digest|constant_time\w*|timing_safe\w*|safe_str_cmp|secure_compare")


@register
class ConstantTime:
    name = "constant_time"

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]:
        if claim.kind != "defect":
            return []
        for sentence in assertion_sentences(claim):
            m = TIMING.search(sentence)
            if not m:
                continue
            says_unsafe = negated(sentence, m.start()) or bool(re.search(r"short[- ]circuit|plain|timing", m.group(), re.I))
            if not says_unsafe:
                continue
            structure = ctx.index.structure
            lines = [structure.statement_of(n) for a, b in resolved_lines(claim) for n in (a, b)]
            if not lines:
                return []
            safe = sorted({start for name, calls in structure.calls.items() if SAFE.fullmatch(name)
                           for start, end, _, _ in calls if any(s0 <= end and start <= s1 for s0, s1 in lines)})
            if safe:
                return [Evidence("fact", f"the cited statement compares with a timing-safe call (line {safe[0]})",
                                 "contradicts")]
            return []
        return []
