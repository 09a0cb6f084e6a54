"""Stage 5 (whole review): does the review's conclusion match the ground truth?"""
from __future__ import annotations

from .model import Claim, Finding, SEVERITY_RANK, Verdict

NEAR = 3  # lines between a claim's reference and a finding for the claim to cover it


def claim_lines(claim: Claim) -> list[int]:
    """Real lines the claim's references resolve to."""
    lines: list[int] = []
    for ref in claim.references:
        if ref.status in ("exact", "line_only") and ref.cited.line_start is not None:
            lines.extend(range(ref.cited.line_start, (ref.cited.line_end or ref.cited.line_start) + 1))
        elif ref.status == "shifted":
            lines.extend(ref.actual_lines)
        if ref.status == "exact" and ref.cited.line_start is None:
            lines.extend(ref.actual_lines)
    return lines


def covers(claim: Claim, finding: Finding) -> bool:
    if claim.kind != "defect":
        return False
    if finding.path is not None and any(r.path not in (None, finding.path) for r in claim.references):
        paths = {r.path for r in claim.references}
        if finding.path not in paths:
            return False
    if not any(finding.line_start - NEAR <= line <= finding.line_end + NEAR for line in claim_lines(claim)):
        return False
    pillars = {c.pillar for c in claim.cwe if c.pillar is not None}
    return not claim.cwe or finding.pillar in pillars


def decide(stated: str, claims: list[Claim], findings: list[Finding]) -> Verdict:
    missed = [f.id for f in findings
              if f.security and SEVERITY_RANK.get(f.severity, 0) >= SEVERITY_RANK["medium"]
              and not any(covers(c, f) for c in claims)]
    if missed:
        ground = "missed_findings"
    elif stated == "defects" and not any(c.confirmed_by_security_finding for c in claims):
        ground = "unsupported_defects"
    else:
        ground = "consistent"
    return Verdict(stated=stated, ground=ground, missed=missed)  # type: ignore[arg-type]
