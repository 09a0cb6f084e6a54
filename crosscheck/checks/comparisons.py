"""'A is compared to B': look for a real comparison or assertion of the two."""
from __future__ import annotations

import re

from ..model import Claim, Evidence
from .base import CheckContext, assertion_sentences, negated, register

IDENT = r"`?(?P<{0}>[A-Za-z_][\w.]*(?:\(\))?)`?"
COMPARE = [
    re.compile(IDENT.format("a") + r"\s+(?:\w+\s+){0,3}?(?:is|are|gets|get)\s+(?:being\s+)?compared\s+"
               r"(?:to|with|against)\s+(?:the\s+)?" + IDENT.format("b"), re.I),
    re.compile(r"\bcompar(?:es|ing|ison of)\s+(?:the\s+)?" + IDENT.format("a") +
               r"\s+(?:to|with|against|and)\s+(?:the\s+)?" + IDENT.format("b"), re.I),
    re.compile(r"\bcomparison (?:between|of)\s+(?:the\s+)?" + IDENT.format("a") +
               r"\s+(?:and|with|to)\s+(?:the\s+)?" + IDENT.format("b"), re.I),
]


def _mentions(operand: str, name: str) -> bool:
    return re.search(r"(?<![\w])" + re.escape(name.removesuffix("()")) + r"(?![\w])", operand) is not None


@register
class Comparisons:
    name = "comparisons"
    needs_facts = True  # reads libcst facts: skipped when the source does not parse

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]:
        for sentence in assertion_sentences(claim):
            if "compar" not in sentence.lower():
                continue  # cheap test first: the patterns below are costly on long prose
            for regex in COMPARE:
                m = regex.search(sentence)
                if not m or negated(sentence, m.start()):
                    continue
                a, b = m.group("a"), m.group("b")
                if not (ctx.index.find(a).code and ctx.index.find(b).code):
                    continue  # prose words, or absent code the references already report
                groups = [(c.line, c.operands) for c in ctx.facts.comparisons]
                groups += [(s.line, s.operands) for s in ctx.facts.assertions]
                both = [line for line, ops in groups
                        if any(_mentions(o, a) for o in ops) and any(_mentions(o, b) for o in ops)]
                if both:
                    return [Evidence("fact", f"{a} is compared with {b} on line {both[0]}", "supports")]
                return [Evidence("fact", f"{a} is never compared with {b}", "contradicts")]
        return []
