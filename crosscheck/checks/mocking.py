"""'Uses mocks' / 'everything is mocked': is there any mock or patch at all?"""
from __future__ import annotations

import re

from ..model import Claim, Evidence
from .base import CheckContext, assertion_sentences, lines_text, negated, register

MOCK_WORD = re.compile(r"\b(?:mock(?:ed|s|ing)?|patch(?:ed|es|ing)?|monkey-?patch\w*)\b", re.I)
# mocking done by something the code really has ("fixtures to mock", "stubs") is another claim
DELEGATED = re.compile(r"\b(?:fixtures?|stubs?|fakes?)\b", re.I)


@register
class Mocking:
    name = "mocking"
    needs_facts = True  # reads libcst facts: skipped when the source does not parse

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]:
        mocks = ctx.facts.mocks
        for sentence in assertion_sentences(claim):
            m = MOCK_WORD.search(sentence)
            if not m or DELEGATED.search(sentence):
                continue
            says_none = negated(sentence, m.start())
            if mocks:
                where = lines_text(sorted({k.line for k in mocks}))
                names = ", ".join(sorted({k.what for k in mocks})[:4])
                effect = "contradicts" if says_none else "supports"
                return [Evidence("fact", f"mocking is used: {names} ({where})", effect)]
            effect = "supports" if says_none else "contradicts"
            return [Evidence("fact", "no mock or patch anywhere in the file", effect)]
        return []
