"""'X is called with / takes a <thing> as an argument': check the real calls."""
from __future__ import annotations

import re

from ..model import Claim, Evidence
from .base import CheckContext, assertion_sentences, negated, primary_code, register

ARGUMENT_CLAIM = re.compile(
    r"\b(?:takes|accepts|receives|passes|is (?:called|invoked) with|gets|uses)\s+(?:an?\s+|the\s+|its\s+)?"
    r"(?P<thing>[\w\s'-]{1,60}?)\s+(?:as|for)\s+(?:an?\s+|its\s+|the\s+)?(?:first\s+|second\s+)?"
    r"(?:argument|parameter|arg|input)s?\b", re.I)
FILLER = {"user", "supplied", "provided", "controlled", "untrusted", "external", "raw", "unsanitized",
          "unvalidated", "some", "any", "given", "specific", "value", "data", "string", "an", "a", "the"}


def _terms(thing: str) -> list[str]:
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", thing)]
    return [w for w in words if w not in FILLER] or words[-1:]


@register
class CallArguments:
    name = "call_arguments"
    needs_facts = True  # reads libcst facts: skipped when the source does not parse

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]:
        out: list[Evidence] = []
        for sentence in assertion_sentences(claim):
            m = ARGUMENT_CLAIM.search(sentence)
            if not m or negated(sentence, m.start()):
                continue
            terms = _terms(m.group("thing"))
            for ref in primary_code(claim):
                calls = ctx.facts.calls_named(ref.cited.code or "")
                if not calls:
                    continue
                shown = "; ".join(f"line {c.line}: {c.signature()}" for c in calls[:3])
                matching = [c for c in calls if any(all(t in arg.lower() for t in terms)
                                                    for arg in c.args + tuple(v for _, v in c.keywords))]
                thing = " ".join(terms)
                if matching:
                    out.append(Evidence("fact", f"{calls[0].short_name} is called with a {thing} argument "
                                                f"({shown})", "supports"))
                else:
                    only = ", ".join(calls[0].args + tuple(f"{k}={v}" for k, v in calls[0].keywords))
                    out.append(Evidence("fact", f"{calls[0].short_name} is called with ({only}) only: "
                                                f"no {thing} argument ({shown})", "contradicts"))
                break
        return out
