"""'Uses mocks' / 'everything is mocked': is there any mock or patch at all?"""
from __future__ import annotations

from ..model import Claim, Evidence
from ..review.phrases import MOCK_DELEGATED, MOCK_WORD
from .base import CheckContext, assertion_sentences, lines_text, negated, register


@register
class Mocking:
    name = "mocking"
    needs_facts = True  # reads libcst facts: skipped when the source does not parse

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]:
        mocks = ctx.facts.mocks
        for sentence in assertion_sentences(claim):
            m = MOCK_WORD.search(sentence)
            if not m or MOCK_DELEGATED.search(sentence):
                continue
            says_none = negated(sentence, m.start())
            if mocks:
                where = lines_text(sorted({k.line for k in mocks}))
                names = ", ".join(sorted({k.what for k in mocks})[:4])
                return [Evidence("fact", f"mocking is used: {names} ({where})",
                                 "contradicts" if says_none else "supports")]
            return [Evidence("fact", "no mock or patch anywhere in the file", "supports" if says_none else "contradicts")]
        return []
