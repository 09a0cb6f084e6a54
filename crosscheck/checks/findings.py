"""Claims set against the security analyzers' findings.

A defect claim whose cited lines lie near a bandit or semgrep finding of the
same CWE pillar, in the same function, is confirmed by it; a claim that calls the code free of a CWE
while an analyzer reports a medium-or-worse finding of that pillar is
contradicted. Claims with no analyzer to back them are told so.
"""
from __future__ import annotations

from ..cwe import load_catalog
from ..model import Claim, Evidence, Finding, SEVERITY_RANK
from ..verdict import NEAR, claim_lines
from .base import CheckContext, register, scope_spans

SECURITY_ANALYZERS = ("bandit", "semgrep")


def _describe(f: Finding) -> str:
    cwe = f" (CWE-{f.cwe}" + (f", pillar CWE-{f.pillar})" if f.pillar and f.pillar != f.cwe else ")") if f.cwe else ""
    return f"{f.analyzer} {f.rule}{cwe} at line {f.line_start}, {f.severity} severity: {f.message}"


@register
class AnalyzerFindings:
    name = "findings"

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]:
        if claim.kind not in ("defect", "no_defect"):
            return []
        missing = [name for name in SECURITY_ANALYZERS if not ctx.ran(name)]
        security = [f for f in ctx.findings if f.security and f.analyzer in SECURITY_ANALYZERS]
        catalog = load_catalog()
        pillars = {catalog.pillar(c.id) for c in claim.cwe} - {None}
        out: list[Evidence] = []
        if missing:
            out.append(Evidence("analyzer", f"{', '.join(missing)} did not run: claim not checked against it"))
        if claim.kind == "defect":
            lines = claim_lines(claim)
            structure = ctx.index.structure
            for f in security:
                # near the claim's line, and in the same function (a finding in the function above
                # says nothing about this one)
                close = any(f.line_start - NEAR <= line <= f.line_end + NEAR and
                            structure.scope_of(line) == structure.scope_of(f.line_start) for line in lines)
                if close and (not pillars or f.pillar in pillars):
                    out.append(Evidence("finding", _describe(f), "supports", security=True))
                    break
            return out
        # no_defect: only a claim that names a CWE (or cites lines) says what it calls safe
        lines = claim_lines(claim) + [n for a, b in scope_spans(claim, ctx, resolved_only=False)
                                      for n in range(a, b + 1)]
        ids = {c.id for c in claim.cwe}

        def near(f: Finding) -> bool:
            return any(f.line_start - NEAR <= line <= f.line_end + NEAR for line in lines)
        # the finding the claim is most clearly wrong about: its own CWE, at its lines, most severe
        security.sort(key=lambda f: (f.cwe not in ids, not near(f), -SEVERITY_RANK.get(f.severity, 0)))
        for f in security:
            if SEVERITY_RANK.get(f.severity, 0) < SEVERITY_RANK["medium"]:
                continue
            same_pillar = bool(pillars) and f.pillar in pillars
            if same_pillar or (not pillars and near(f)):
                out.append(Evidence("finding", "the claim calls it safe, but " + _describe(f), "contradicts",
                                    security=True))
                break
        return out
