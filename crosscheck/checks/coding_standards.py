"""Claims about coding standards, from pycodestyle and the docstring facts."""
from __future__ import annotations

import re

from ..model import Claim, Evidence
from .base import CheckContext, assertion_sentences, register

TOPIC = re.compile(r"\bcoding (?:standards?|style|conventions?|practices?)|\bstyle guide|\bPEP ?8\b|\bindentation\b|"
                   r"\bdocstrings?\b|\bcode style\b|\bformatting\b|\blint", re.I)
VIOLATION = re.compile(r"\b(?:does(?: not|n't)|do(?: not|n't)|fails? to|not)\s+(?:\w+\s+)?(?:adhere|follow|comply|conform)|"
                       r"\binconsistent\b|\bmissing\b|\blacks?\b|\bviolat|\bpoor(?:ly)?\b|\bimproper\b|"
                       r"\bno docstrings?\b|\bwithout docstrings?\b", re.I)
ADHERENCE = re.compile(r"\b(?:adheres?|follows?|complies|conforms?)\b|\bno (?:clear |obvious |apparent )?violations?\b|"
                       r"\bconsistent\b|\bwell[- ](?:formatted|documented|structured)\b", re.I)
INDENT_CODES = ("E1", "W1")


@register
class CodingStandards:
    name = "coding_standards"

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]:
        text = " ".join(assertion_sentences(claim))
        if not TOPIC.search(text):
            return []
        violation, adherence = VIOLATION.search(text), ADHERENCE.search(text)
        if not (violation or adherence):
            return []
        if not ctx.ran("pycodestyle") or not ctx.facts.parsed:
            return [Evidence("analyzer", "pycodestyle or libcst did not run: coding standards not checked")]
        style = [f for f in ctx.findings if f.analyzer == "pycodestyle"]
        undocumented = ctx.facts.missing_docstrings()
        problems = []
        if style:
            shown = ", ".join(f"{f.rule} line {f.line_start}" for f in style[:4])
            more = f" and {len(style) - 4} more" if len(style) > 4 else ""
            problems.append(f"pycodestyle reports {shown}{more}")
        if undocumented:
            names = ", ".join(s.name if s.kind != "module" else "the module" for s in undocumented[:5])
            problems.append(f"no docstring on {names}")
        if violation and not re.search(r"\bno (?:clear |obvious |apparent )?violations?\b", text, re.I):
            wanted = []
            if re.search(r"\bindent", text, re.I):
                wanted.append(any(f.rule.startswith(INDENT_CODES) for f in style))
            if re.search(r"\bdocstring", text, re.I):
                wanted.append(bool(undocumented))
            if problems and (not wanted or any(wanted)):
                return [Evidence("fact", "; ".join(problems), "supports")]
            if not problems:
                return [Evidence("fact", "pycodestyle reports nothing and every scope has a docstring",
                                 "contradicts")]
            return [Evidence("fact", "; ".join(problems), "neutral")]
        if problems:
            return [Evidence("fact", "; ".join(problems), "contradicts")]
        return [Evidence("fact", "pycodestyle reports nothing and every scope has a docstring", "supports")]
