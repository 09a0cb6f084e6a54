"""'B602 at line 38', 'S105 hardcoded password at bottle.py:129': is that construct there?

A finding (a pasted bandit or ruff line, a SARIF or GitLab result, a report
that names the rule) says "this analyzer's rule fires at this place". When
the rule is one of bandit's (ruff's ``S`` rules are bandit's, renumbered
``B``), crosscheck's own bandit run on the same file answers it:

- the rule fires at the cited statement: supported;
- it fires only elsewhere: the finding is misplaced (its lines moved);
- bandit ran cleanly on the file, knows the rule, and it fires nowhere: the
  construct is not in the file, the claim is contradicted.

A claim whose own quote already sits at the cited line is left to that quote:
analyzer versions differ, and the quote is the stronger evidence.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Claim, Evidence, Finding
from .base import CheckContext, lines_text, register

BANDIT_ID = re.compile(r"\b(?P<tool>[BS])(?P<num>[1-7]\d{2})\b")


@lru_cache(maxsize=1)
def bandit_rules() -> frozenset[str]:
    """The test ids this machine's bandit knows (plugins and blacklist calls/imports)."""
    try:
        from bandit.core import extension_loader
    except Exception:  # bandit missing or broken: no rule is known, nothing is contradicted
        return frozenset()
    manager = extension_loader.MANAGER
    return frozenset(manager.plugins_by_id) | frozenset(manager.blacklist_by_id)


def claimed_rules(claim: Claim) -> list[tuple[str, bool]]:
    """(bandit test id, whether it is bandit's own) for each rule the claim is a finding of: its
    own rule, or rule ids it names. A ruff ``S`` rule mirrors bandit's but resolves names its own
    way (``from pickle import loads``): it can be confirmed or placed, never refuted by bandit."""
    names = [str(claim.origin.get("rule") or "")] + list(claim.external)
    out = []
    for name in names:
        for m in BANDIT_ID.finditer(name):
            out.append((f"B{m.group('num')}", m.group("tool") == "B"))
    return list(dict.fromkeys(out))


def _cited_ranges(claim: Claim) -> list[tuple[int, int]]:
    ranges = []
    for ref in claim.references:
        cited = ref.cited
        if cited.line_start is not None and ref.status != "out_of_range":
            ranges.append((cited.line_start, cited.line_end or cited.line_start))
    return list(dict.fromkeys(ranges))


def _quote_in_place(claim: Claim) -> bool:
    return any(r.status == "exact" and r.cited.code and r.cited.role in ("cited", "replaced") and r.cited.hard
               for r in claim.references)


@register
class Construct:
    name = "construct"

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]:
        rules = [(r, own) for r, own in claimed_rules(claim) if r in bandit_rules()]
        ranges = _cited_ranges(claim)
        if not rules or not ranges or not ctx.ran("bandit") or _quote_in_place(claim):
            return []
        structure = ctx.index.structure
        wanted = [structure.statement_of(n) for a, b in ranges for n in (a, b)] + ranges
        for rule, own in rules:
            fired = [f for f in ctx.all_findings if f.analyzer == "bandit" and f.rule == rule]
            here = [f for f in fired if _overlaps(f, wanted, structure)]
            if here:
                return [Evidence("finding", f"bandit {rule} fires here too (line {here[0].line_start})", "supports",
                                 security=True)]
            if fired:
                lines = sorted({f.line_start for f in fired})
                return [Evidence("finding", f"bandit {rule} fires at {lines_text(lines)}, not at the cited line",
                                 "misplaces")]
            if own and not any("nosec" in ctx.source.line(n) for a, b in ranges for n in range(a, min(b, a + 50) + 1)):
                return [Evidence("finding", f"bandit ran on the file and {rule} fires nowhere in it: the construct "
                                            "is not there", "contradicts")]
        return []


def _overlaps(finding: Finding, wanted: list[tuple[int, int]], structure) -> bool:
    s0, s1 = structure.statement_of(finding.line_start)
    spans = [(finding.line_start, finding.line_end), (s0, max(s1, finding.line_end))]
    return any(a <= d and c <= b for a, b in spans for c, d in wanted)
