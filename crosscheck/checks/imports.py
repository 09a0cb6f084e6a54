"""'The code imports X': check the import statements."""
from __future__ import annotations

import re

from ..model import Claim, Evidence
from ..review.phrases import HYPOTHETICAL_START
from .base import CheckContext, assertion_sentences, negated, register

# "the code imports `x`", "`x` and `y` are imported": a statement of fact about the import list
# ("can import", "is imported from a zip" in a case, "calls __import__" are not)
IMPORTS = re.compile(r"\b(?:imports|is imported|are imported|imported by)\b", re.I)
MODULE_CODE = re.compile(r"[A-Za-z_][\w.]*")


@register
class Imports:
    name = "imports"
    needs_facts = True  # reads libcst facts: skipped when the source does not parse

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]:
        imported = ctx.facts.imported_modules()
        defined = set(ctx.index.structure.named_scopes)
        cited = [r.cited.code for r in claim.references if r.cited.code and r.cited.role == "cited"
                 and MODULE_CODE.fullmatch(r.cited.code) and r.cited.code not in defined]
        for sentence in assertion_sentences(claim):
            m = IMPORTS.search(sentence)
            if not m or negated(sentence, m.start()) or HYPOTHETICAL_START.match(sentence):
                continue
            active = m.group().lower() == "imports"
            # "imports X": the names after the verb; "X is imported": the names before it
            span = sentence[m.end():] if active else sentence[:m.start()]
            names = [c for c in cited if re.search(r"(?<![\w.])" + re.escape(c) + r"(?![\w.])", span)]
            if not names:
                continue
            missing = [n for n in names if n not in imported]
            if missing:
                have = ", ".join(sorted({i.module for i in ctx.facts.imports})[:6]) or "nothing"
                return [Evidence("fact", f"{', '.join(missing)} not imported (the file imports {have})",
                                 "contradicts")]
            return [Evidence("fact", f"{', '.join(names)} imported", "supports")]
        return []
