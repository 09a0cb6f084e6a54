"""Claims about error handling, against the real try/except/finally blocks."""
from __future__ import annotations

import re

from ..model import Claim, Evidence
from .base import CheckContext, assertion_sentences, register, resolved_lines

MISSING = re.compile(
    r"\b(?:lacks?|lacking|missing|no|without(?: any| proper)?)\s+(?:\w+\s+){0,2}?(?:error|exception)[- ]handling|"
    r"\bdoes(?: not|n't)\s+(?:properly\s+|correctly\s+|adequately\s+)?(?:handle|catch)\s+(?:\w+\s+){0,2}?"
    r"(?:errors?|exceptions?|exceptional|failures?)|"
    r"\b(?:errors?|exceptions?)\s+(?:are|is)\s+(?:not|never)\s+(?:handled|caught)|\bunhandled\s+exceptions?|"
    r"\bnot\s+(?:wrapped|enclosed|surrounded|protected|guarded)\s+(?:in|by|with)\s+(?:a\s+|any\s+)?try|"
    r"\bwithout\s+(?:a\s+|any\s+)?try[/ -]?(?:except|catch)", re.I)
PRESENT = re.compile(
    r"\b(?:properly|correctly|adequately|gracefully)\s+(?:handles?|catches?)\s+(?:\w+\s+){0,2}?"
    r"(?:errors?|exceptions?)|\b(?:handles?|catches?)\s+(?:\w+\s+){0,2}?(?:errors?|exceptions?)\s+"
    r"(?:properly|correctly|adequately|gracefully)|\buses?\s+(?:a\s+)?try[/ -]?(?:except|catch)|"
    r"\b(?:error|exception)[- ]handling\s+is\s+(?:in place|adequate|present|robust|proper)", re.I)


@register
class ErrorHandling:
    name = "error_handling"
    needs_facts = True  # reads libcst facts: skipped when the source does not parse

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]:
        tries = ctx.facts.tries
        for sentence in assertion_sentences(claim):
            missing, present = MISSING.search(sentence), PRESENT.search(sentence)
            if not (missing or present):
                continue
            lines = resolved_lines(claim, ctx)
            if lines:
                covering = [t for t in tries if any(t.start <= a <= t.end or t.start <= b <= t.end
                                                    for a, b in lines)]
                if covering:
                    t = covering[0]
                    detail = f"the cited code is inside try/except (lines {t.start}-{t.end})"
                    return [Evidence("fact", detail, "contradicts" if missing else "supports")]
                where = ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in sorted(set(lines))[:4])
                plural = "s" if "," in where or "-" in where else ""
                detail = f"no try/except around the cited code (line{plural} {where})"
                if missing:
                    return [Evidence("fact", detail + " (the claim agrees)", "supports")]
                return [Evidence("fact", detail, "contradicts")]
            if not tries:
                detail = "no try/except anywhere in the file"
                if missing:
                    return [Evidence("fact", detail + " (the claim agrees)", "supports")]
                return [Evidence("fact", detail, "contradicts")]
            where = ", ".join(f"{t.start}-{t.end}" for t in tries[:4])
            if present:
                return [Evidence("fact", f"try blocks at lines {where}", "supports")]
            return [Evidence("fact", f"try blocks exist at lines {where}", "neutral")]
        return []
