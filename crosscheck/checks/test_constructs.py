"""'The code uses assertions / fixtures / hard-coded values': are they there?"""
from __future__ import annotations

import re

from ..model import Claim, Evidence
from .base import CheckContext, assertion_sentences, lines_text, negated, register, resolved_lines

USES = re.compile(r"\b(?:uses?|using|employs?|relies on|contains?|includes?|has|have)\s+(?:\w+\s+){0,2}?"
                  r"(?P<what>assertions?|asserts|fixtures?)\b", re.I)
HARDCODED = re.compile(r"\bhard-?coded\b", re.I)
SECRET = re.compile(r"credential|password|passwd|secret|token|api[ _-]?key|private key|CWE-(?:259|321|798)\b", re.I)


@register
class TestConstructs:
    name = "test_constructs"
    needs_facts = True  # reads libcst facts: skipped when the source does not parse

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]:
        for sentence in assertion_sentences(claim):
            m = USES.search(sentence)
            if m and not negated(sentence, m.start()):
                what = m.group("what").lower()
                if what.startswith("assert"):
                    lines = sorted({a.line for a in ctx.facts.assertions})
                else:
                    lines = sorted({c.line for c in ctx.facts.calls if "fixture" in c.name.lower()})
                label = "assertions" if what.startswith("assert") else "fixtures"
                if lines:
                    return [Evidence("fact", f"{label} on {lines_text(lines)}", "supports")]
                return [Evidence("fact", f"no {label} in the file", "contradicts")]
            h = HARDCODED.search(sentence)
            # a literal is a hard-coded value, not a hard-coded secret: credential claims
            # are left to the analyzers (bandit B105-B107, the hardcoded-credential rule)
            if h and not negated(sentence, h.start()) and not SECRET.search(claim.text):
                ranges = [r for r in resolved_lines(claim)]
                if not ranges:
                    continue
                literals = [s for s in ctx.facts.strings if any(a <= s.line <= b for a, b in ranges)]
                if literals:
                    shown = ", ".join(f"{s.value!r} (line {s.line})" for s in literals[:3])
                    return [Evidence("fact", f"literal values in the cited lines: {shown}", "supports")]
                return [Evidence("fact", "no string literal in the cited lines", "neutral")]
        return []
