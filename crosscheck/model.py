"""The data that flows between the pipeline's stages.

review text -> ``Claim`` (with ``CitedRef``) -> ``Reference`` (resolved) ->
``Finding`` and code facts -> judged ``Claim`` -> ``Report``.

Every dataclass here serialises to exactly the shape of the report contract
(``shared/spec/report-contract.md``, schema_version 1) through ``to_dict``.
Fields that exist only for the pipeline's own use are kept out of the
serialised form (they start with an underscore or are excluded explicitly).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = 1

ClaimKind = Literal["defect", "no_defect", "suggestion", "observation", "summary"]
ClaimStatus = Literal["confirmed", "unsupported", "misplaced", "fabricated",
                      "contradicted", "unverifiable"]
RefStatus = Literal["exact", "shifted", "comment_only", "absent", "out_of_range", "line_only"]
AnalyzerStatus = Literal["ok", "failed", "unavailable"]

CLAIM_STATUSES: tuple[str, ...] = ("confirmed", "unsupported", "misplaced", "fabricated",
                                   "contradicted", "unverifiable")
# Most severe first: when several statuses apply to one claim, the first wins.
STATUS_PRECEDENCE: tuple[str, ...] = ("fabricated", "contradicted", "misplaced", "confirmed",
                                      "unsupported", "unverifiable")
FLAGGED_STATUSES = frozenset({"misplaced", "fabricated", "contradicted"})
RESOLVED_REF_STATUSES = frozenset({"exact", "shifted", "line_only"})
SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3}


@dataclass
class Span:
    """Lines of the review (1-based, inclusive) a claim was taken from."""
    start_line: int
    end_line: int

    def to_dict(self) -> dict[str, Any]:
        return {"start_line": self.start_line, "end_line": self.end_line}


@dataclass
class CitedRef:
    """What the review says: a line range, a piece of code, or both.

    ``primary`` marks the code a claim is about; other code in the same claim
    is a mention and is in place anywhere in the cited line's block.
    ``hard`` is False for prose words that merely look like identifiers
    (``ResourceTracker``, ``OpenStack``): they are checked, but their absence
    proves nothing.
    """
    line_start: int | None = None
    line_end: int | None = None
    code: str | None = None
    path: str | None = None
    primary: bool = True
    hard: bool = True
    # every range of the line reference this code was paired with ("lines 71 and 82")
    group_ranges: list[tuple[int, int]] = field(default_factory=list)
    # what the review says of the code (review/roles.py): cited, replaced, proposed, absent, mention
    role: str = "cited"
    strict: bool = True  # absent code: found where the claim looks, it contradicts the claim
    # "text": the review puts this code at this line; "unit": the line is the claim's own place (a
    # comment's range, a Location: field), so the code is in place anywhere in that line's block;
    # "finding": the line is an analyzer finding's region, which its code must be in (statement-wise)
    placed_by: str = "text"
    asserted: bool = True  # the review says the code is in the file, not only names it (an example, another module)
    carried: bool = False  # paired with a line the review names well before it
    after: str | None = None  # the cited code before it in its sentence; None: it is its sentence's subject
    adjacent: bool = False  # the review names its line right after it: "`errors="strict"` (line 167)"
    listed: tuple[str, ...] = ()  # the other code of its enumeration: "blocks `a`, `b` and `c`"
    path_hash: str | None = None  # a pull-request diff anchor names the file by the sha256 of its path

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"line_start": self.line_start, "line_end": self.line_end,
                               "code": self.code}
        if self.path is not None:
            out["path"] = self.path
        return out


@dataclass
class Reference:
    """A cited reference resolved against the source."""
    cited: CitedRef
    status: RefStatus
    actual_lines: list[int] = field(default_factory=list)
    offset: int | None = None
    in_comment: bool = False
    path: str | None = None
    diff: str | None = None  # added / context / outside, when checked against a diff
    # for absent code: its names that occur nowhere in the file (the strongest sign of invented code)
    invented: list[str] = field(default_factory=list)
    matched: float | None = None  # a multi-line quote: the share of its lines found in the file
    owned: bool = False  # absent code that names a member of this file's own classes or of self
    how: str = ""  # exact code: placed by its "line", its "statement", the "scope" it names, or its "block"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"cited": self.cited.to_dict(), "role": self.cited.role,
                               "primary": self.cited.primary, "status": self.status,
                               "actual_lines": list(self.actual_lines), "offset": self.offset,
                               "in_comment": self.in_comment}
        if self.path is not None:
            out["path"] = self.path
        if self.diff is not None:
            out["diff"] = self.diff
        return out


@dataclass
class CweMention:
    """A CWE id as the review states it, checked against the MITRE catalog."""
    id: int
    stated_name: str | None
    catalog_name: str | None = None
    name_matches: bool | None = None
    pillar: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "stated_name": self.stated_name,
                "catalog_name": self.catalog_name, "name_matches": self.name_matches}


# "misplaces": the construct the claim names is in the file, but not where it says;
# "fabricates": the construct a finding reports is nowhere in the file
Effect = Literal["supports", "contradicts", "misplaces", "fabricates", "neutral"]


@dataclass
class Evidence:
    """One human-readable reason behind a claim's status.

    ``effect`` is how the evidence bears on the claim; ``security`` marks
    support that came from a security analyzer's finding (the verdict needs it).
    """
    kind: str
    detail: str
    effect: Effect = "neutral"
    security: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "detail": self.detail}


@dataclass
class Claim:
    index: int
    text: str
    span: Span
    kind: ClaimKind
    cwe: list[CweMention] = field(default_factory=list)
    cited: list[CitedRef] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    status: ClaimStatus = "unverifiable"
    evidence: list[Evidence] = field(default_factory=list)
    # The part of the text that asserts something about the code, without
    # the advice ("Solution: ...") that follows it. Checks read this.
    assertion: str = ""
    section: str = ""  # heading of the list the claim sits in, e.g. "Recommendations"
    # the assertion's sentences, split once for all checks (see checks.base.assertion_sentences)
    sentence_cache: list[str] | None = field(default=None, repr=False, compare=False)
    external: list[str] = field(default_factory=list)  # rule ids, commands, flags, file names the claim names
    origin: dict[str, Any] = field(default_factory=dict)  # where the claim came from (input, comment, finding)
    truncated: int | None = None  # references the claim had before they were capped
    reason: str = ""  # the evidence that decided the status

    @property
    def confirmed_by_security_finding(self) -> bool:
        return self.status == "confirmed" and any(
            e.security and e.effect == "supports" for e in self.evidence)

    def to_dict(self) -> dict[str, Any]:
        out = {"index": self.index, "text": self.text, "span": self.span.to_dict(),
               "kind": self.kind, "cwe": [c.to_dict() for c in self.cwe],
               "references": [r.to_dict() for r in self.references],
               "status": self.status, "reason": self.reason,
               "evidence": [e.to_dict() for e in self.evidence]}
        if self.external:
            out["external"] = list(self.external)
        if self.origin:
            out["origin"] = dict(self.origin)
        if self.truncated is not None:
            out["references_truncated"] = {"found": self.truncated, "kept": len(self.references)}
        return out


@dataclass
class Finding:
    id: str
    analyzer: str
    rule: str
    line_start: int
    line_end: int
    severity: str  # low / medium / high
    confidence: str  # low / medium / high
    cwe: int | None
    pillar: int | None
    message: str
    path: str | None = None
    security: bool = True  # style findings are not security findings

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "analyzer": self.analyzer, "rule": self.rule,
                               "line_start": self.line_start, "line_end": self.line_end,
                               "severity": self.severity, "confidence": self.confidence,
                               "cwe": self.cwe, "pillar": self.pillar, "message": self.message}
        if self.path is not None:
            out["path"] = self.path
        return out


@dataclass
class AnalyzerRun:
    name: str
    version: str | None
    status: AnalyzerStatus
    detail: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "version": self.version, "status": self.status}
        if self.detail:
            out["detail"] = self.detail
        return out


@dataclass
class Verdict:
    stated: Literal["defects", "no_defects", "unclear"]
    ground: Literal["missed_findings", "unsupported_defects", "consistent"]
    missed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"stated": self.stated, "ground": self.ground, "missed": list(self.missed)}


@dataclass
class Report:
    tool_version: str
    review: dict[str, Any]
    source: dict[str, Any]
    analyzers: list[AnalyzerRun]
    findings: list[Finding]
    claims: list[Claim]
    verdict: Verdict

    @property
    def summary(self) -> dict[str, int]:
        counts = {"claims": len(self.claims)}
        for status in CLAIM_STATUSES:
            counts[status] = sum(1 for c in self.claims if c.status == status)
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "crosscheck", "version": self.tool_version},
            "review": self.review,
            "source": self.source,
            "analyzers": [a.to_dict() for a in self.analyzers],
            "findings": [f.to_dict() for f in self.findings],
            "claims": [c.to_dict() for c in self.claims],
            "verdict": self.verdict.to_dict(),
            "summary": self.summary,
        }


class InputError(Exception):
    """Bad input from the user: reported as one line on stderr, exit code 2."""
