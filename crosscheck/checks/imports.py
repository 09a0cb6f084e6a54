"""'The code imports X': check the import statements."""
from __future__ import annotations

import re

from ..model import Claim, Evidence
from .base import CheckContext, assertion_sentences, negated, register

IMPORT_CLAIM = re.compile(r"\b(?:imports?|imported|importing)\b", re.I)
MODULE = re.compile(r"`([A-Za-z_][\w.]*)`|\b([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*)\b")


@register
class Imports:
    name = "imports"
    needs_facts = True  # reads libcst facts: skipped when the source does not parse

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]:
        out: list[Evidence] = []
        imported = ctx.facts.imported_modules()
        cited = [r.cited.code for r in claim.references if r.cited.code and r.cited.hard
                 and re.fullmatch(r"[A-Za-z_][\w.]*", r.cited.code)]
        for sentence in assertion_sentences(claim):
            m = IMPORT_CLAIM.search(sentence)
            if not m or negated(sentence, m.start()):
                continue
            names = [c for c in cited if c in sentence or c in claim.text[claim.text.find(sentence[:20]):]]
            missing = [n for n in names if n not in imported]
            present = [n for n in names if n in imported]
            if missing:
                have = ", ".join(sorted({i.module for i in ctx.facts.imports})[:6]) or "nothing"
                out.append(Evidence("fact", f"{', '.join(missing)} not imported (the file imports {have})",
                                    "contradicts"))
            elif present:
                out.append(Evidence("fact", f"{', '.join(present)} imported", "supports"))
            break
        return out
