"""SARIF 2.1.0 for code-scanning tools: one result per flagged claim.

A result's ``locations`` are where the review pointed; its
``relatedLocations`` are where the cited code really is. The claim's place
in the review (index, kind, review path and lines) is in the result's
``properties``. Analyzers that did not run are tool execution
notifications, so they never look like analyzers that found nothing.

The helpers here (flagged claims, cited and actual locations, one-line
messages) are shared with the ``github`` and ``markdown`` formats.
"""
from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

from ..model import FLAGGED_STATUSES, Claim, Evidence, Reference, Report
from . import formatter
from ._safe import count_invalid, visible_all

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
FINGERPRINT_KEY = "crosscheckClaim/v1"

# Most severe first, as in the report contract's precedence.
FLAGGED_ORDER: tuple[str, ...] = ("fabricated", "contradicted", "misplaced")
assert set(FLAGGED_ORDER) == set(FLAGGED_STATUSES)

LEVEL = {"fabricated": "error", "contradicted": "error", "misplaced": "warning"}

RULES = {
    "misplaced": (
        "The cited code exists, but not at the cited lines.",
        "The review cites code that exists in the source, but not at the line(s) the review "
        "gives: the citation drifted, is off by some lines, or points into another function. "
        "The result's related locations show where the code really is."),
    "fabricated": (
        "The cited code, identifier, string or line does not exist in the source.",
        "The review cites code, an identifier, a string or a line number that does not exist "
        "in the source at all (absent everywhere, or a line beyond the end of the file)."),
    "contradicted": (
        "A checkable assertion of the review is false.",
        "The review asserts something that can be checked against the code or a catalog, and "
        "the check refutes it: a wrong CWE id/name pair, wrong call arguments, 'no error "
        "handling' where there is, a comparison the code never makes, and the like."),
}

_EFFECT_RANK = {"fabricates": 0, "contradicts": 0, "misplaces": 0, "neutral": 1, "supports": 2}
_SPACE = re.compile(r"\s+")


def rule_id(status: str) -> str:
    return f"crosscheck/{status}"


def flagged_claims(report: Report) -> list[Claim]:
    """The claims a gate cares about, in review order."""
    return [c for c in report.claims if c.status in FLAGGED_STATUSES]


def one_line(text: str, limit: int | None = None) -> str:
    """Whitespace (newlines included) collapsed to single spaces, optionally shortened."""
    out = _SPACE.sub(" ", text or "").strip()
    if limit is not None and len(out) > limit:
        out = out[: max(limit - 1, 0)].rstrip() + "…"
    return out


def ranked_evidence(claim: Claim) -> list[Evidence]:
    """What is wrong first, then neutral facts, then what supports the claim."""
    return sorted(claim.evidence, key=lambda e: _EFFECT_RANK.get(e.effect, 1))


def evidence_text(claim: Claim, limit: int | None = None) -> str:
    """The reason that decided the claim's status first, then the rest of its evidence."""
    details = [claim.reason] if claim.reason else []
    details += [e.detail for e in ranked_evidence(claim) if e.detail and e.detail != claim.reason]
    return "; ".join(one_line(d, limit) for d in details)


def claim_message(claim: Claim, excerpt: int = 160) -> str:
    """One line: the claim, shortened, then its evidence joined with '; '."""
    head = f"Claim {claim.index} ({claim.status}): \"{one_line(claim.text, excerpt)}\""
    details = evidence_text(claim)
    return f"{head} — {details}" if details else head


# -- locations ------------------------------------------------------------

@dataclass(frozen=True)
class Place:
    """A file (as the report names it) and optionally a line range in it (1-based)."""
    path: str | None
    start: int | None = None
    end: int | None = None


def _line_count(report: Report) -> int | None:
    lines = report.source.get("lines")
    return lines if isinstance(lines, int) and "path" in report.source else None


def ref_path(report: Report, ref: Reference) -> str | None:
    """The file a reference is in, as a path: the source file, or ref.path under the root."""
    if "root" in report.source:
        path = ref.path or ref.cited.path
        if not path:
            return None
        return posixpath.normpath(posixpath.join(str(report.source["root"]).replace("\\", "/"),
                                                 path.replace("\\", "/")))
    path = report.source.get("path")
    return str(path) if path else None


def _valid(line: object, last: int | None) -> bool:
    return isinstance(line, int) and not isinstance(line, bool) and line >= 1 and (
        last is None or line <= last)


def _primary_first(claim: Claim) -> list[Reference]:
    return sorted(claim.references, key=lambda r: 0 if r.cited.primary else 1)


def cited_places(report: Report, claim: Claim) -> list[Place]:
    """Where the review pointed, primary citation first, without duplicates.

    Lines below 1 or beyond the end of the file are left out (the place is
    then the file alone). A claim that cites no line at all is placed at
    the first line its code really occurs on, if any.
    """
    last = _line_count(report)
    places: list[Place] = []
    refs = _primary_first(claim)
    for ref in refs:
        path = ref_path(report, ref)
        if path is None:
            continue
        start, end = ref.cited.line_start, ref.cited.line_end
        if _valid(start, last):
            end = end if _valid(end, last) and end >= start else start
            places.append(Place(path, start, end))
    if not places:
        for ref in refs:
            path = ref_path(report, ref)
            actual = [n for n in ref.actual_lines if _valid(n, last)]
            if path is not None and actual:
                places.append(Place(path, actual[0], actual[0]))
                break
    if not places:
        paths = [p for p in (ref_path(report, r) for r in refs) if p]
        if paths:
            places.append(Place(paths[0]))
        elif report.source.get("path"):
            places.append(Place(str(report.source["path"])))
    return list(dict.fromkeys(places))


def actual_places(report: Report, claim: Claim) -> list[Place]:
    """Every line where the cited code really is, without duplicates."""
    last = _line_count(report)
    places: list[Place] = []
    for ref in _primary_first(claim):
        path = ref_path(report, ref)
        if path is None:
            continue
        places.extend(Place(path, n, n) for n in ref.actual_lines if _valid(n, last))
    return list(dict.fromkeys(places))


def artifact_uri(path: str) -> str:
    """A path as a SARIF artifact URI: relative paths stay relative (percent-encoded),
    absolute paths become file:// URIs."""
    if PureWindowsPath(path).is_absolute() or os.path.isabs(path):
        posix = path.replace("\\", "/")
        if not posix.startswith("/"):
            posix = "/" + posix
        return "file://" + quote(posix, safe="/:")
    posix = str(PurePosixPath(path.replace("\\", "/")))
    return quote(posix, safe="/")


def _location(place: Place, message: str | None = None, loc_id: int | None = None) -> dict:
    physical: dict = {"artifactLocation": {"uri": artifact_uri(place.path or "")}}
    if place.start is not None:
        physical["region"] = {"startLine": place.start, "endLine": place.end or place.start}
    out: dict = {}
    if loc_id is not None:
        out["id"] = loc_id
    out["physicalLocation"] = physical
    if message:
        out["message"] = {"text": message}
    return out


def fingerprint(report: Report, claim: Claim) -> str:
    review_sha = str(report.review.get("sha256") or "")
    return hashlib.sha256(f"{review_sha}:{claim.index}:{claim.status}".encode()).hexdigest()


def analyzer_problems(report: Report) -> list[str]:
    """'<name>: <status> (<detail>)' for every analyzer that did not run ok."""
    out = []
    for run in report.analyzers:
        if run.status != "ok":
            detail = f" ({one_line(run.detail)})" if run.detail else ""
            out.append(f"{run.name}: {run.status}{detail}")
    return out


# -- the log --------------------------------------------------------------

def _rules() -> list[dict]:
    rules = []
    for status in FLAGGED_ORDER:
        short, full = RULES[status]
        rules.append({
            "id": rule_id(status),
            "name": status.capitalize() + "Claim",
            "shortDescription": {"text": short},
            "fullDescription": {"text": full},
            "defaultConfiguration": {"level": LEVEL[status]},
            "properties": {"tags": ["code-review", "hallucination"]},
        })
    return rules


def _result(report: Report, claim: Claim, rule_index: int) -> dict:
    result: dict = {
        "ruleId": rule_id(claim.status),
        "ruleIndex": rule_index,
        "level": LEVEL[claim.status],
        "message": {"text": claim_message(claim)},
    }
    cited = cited_places(report, claim)
    if cited:
        result["locations"] = [_location(p) for p in cited]
    actual = actual_places(report, claim)
    if actual:
        result["relatedLocations"] = [_location(p, "actual location", i) for i, p in enumerate(actual)]
    result["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint(report, claim)}
    result["properties"] = {
        "claimIndex": claim.index,
        "claimKind": claim.kind,
        "claimStatus": claim.status,
        "reviewPath": report.review.get("path"),
        "reviewStartLine": claim.span.start_line,
        "reviewEndLine": claim.span.end_line,
        "claimText": claim.text,
        "evidence": [e.to_dict() for e in claim.evidence],
    }
    return result


def build_sarif(report: Report) -> dict:
    rule_index = {status: i for i, status in enumerate(FLAGGED_ORDER)}
    notifications = [{"level": "error", "message": {"text": text}} for text in analyzer_problems(report)]
    run: dict = {
        "tool": {"driver": {
            "name": "crosscheck",
            "version": report.tool_version,
            "rules": _rules(),
        }},
        "invocations": [{
            "executionSuccessful": True,
            "toolExecutionNotifications": notifications,
        }],
        "results": [_result(report, c, rule_index[c.status]) for c in flagged_claims(report)],
        "columnKind": "unicodeCodePoints",
        "properties": {
            "review": report.review,
            "analyzers": [a.to_dict() for a in report.analyzers],
            "summary": report.summary,
            "verdict": report.verdict.to_dict(),
        },
    }
    if report.source.get("path"):
        artifact: dict = {"location": {"uri": artifact_uri(str(report.source["path"]))}}
        if report.source.get("sha256"):
            artifact["hashes"] = {"sha-256": report.source["sha256"]}
        run["artifacts"] = [artifact]
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


@formatter("sarif")
def render_sarif(report: Report) -> str:
    """The log with control and bidi characters shown as escapes (viewers render these strings)."""
    replaced = count_invalid(report.to_dict())
    log = visible_all(build_sarif(report))
    if replaced:
        log["runs"][0]["properties"]["replacedCodePoints"] = replaced
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
