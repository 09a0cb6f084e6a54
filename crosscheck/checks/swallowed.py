"""'Swallows the `IOError`', 'only logs it', 'silently ignores errors': does the handler really?

The except clauses around the cited code (those catching the exception the
claim names, when it names one) are read from the AST: a handler that raises
(re-raises or wraps the error) contradicts the claim; one whose body does
nothing (``pass``, a constant return) supports it.
"""
from __future__ import annotations

from ..model import Claim, Evidence
from ..review.phrases import EXCEPTION_NAME, SWALLOWED, negated
from .base import CheckContext, assertion_sentences, register, resolved_lines
from .exceptions import catches


@register
class Swallowed:
    name = "swallowed"

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]:
        for sentence in assertion_sentences(claim):
            m = SWALLOWED.search(sentence)
            if not m or negated(sentence, m.start()):
                continue
            lines = resolved_lines(claim, ctx)
            if not lines:
                return []
            named = {r.cited.code for r in claim.references if r.cited.code and EXCEPTION_NAME.fullmatch(r.cited.code)}
            near = [h for h in ctx.index.structure.handlers
                    if any(h.try_start <= b and a <= h.end for a, b in lines)]
            relevant = [h for h in near if not named or any(catches(h.types, n) for n in named)]
            if not relevant:
                return []
            shown = ", ".join(f"line {h.start}" for h in relevant[:3])
            if all(h.reraises for h in relevant):
                return [Evidence("fact", f"the except clause ({shown}) raises again: the error is not swallowed",
                                 "contradicts")]
            if any(h.silent for h in relevant):
                return [Evidence("fact", f"the except clause ({shown}) does nothing with the error", "supports")]
            return []
        return []
