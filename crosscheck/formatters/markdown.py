"""A pull-request comment: a summary line, then a table of the flagged claims.

Everything that comes from the review (claim text, cited code, evidence that
quotes it) is untrusted. It is rendered as inert text: HTML special
characters become entities, Markdown punctuation is backslash-escaped (so no
code span, link, image or table cell can be opened or closed), newlines are
collapsed, and ``@mentions`` / ``#123`` references get a zero-width space so
GitHub neither notifies anyone nor links an issue.
"""
from __future__ import annotations

import re

from ..model import CLAIM_STATUSES, Claim, Report
from . import formatter
from .sarif import analyzer_problems, cited_places, evidence_text, flagged_claims, one_line

ZWSP = "\u200b"
EXCERPT = 120
EVIDENCE = 300

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
# ASCII punctuation that opens something inline in GitHub Markdown: code spans,
# emphasis, links and images, table cells, strikethrough, math, headings.
# (CommonMark lets every ASCII punctuation character be backslash-escaped.)
_MD_PUNCT = set("\\`*_[]!|~#$")
_MENTION = re.compile(r"([@#])(?=[\w\-])")


def md_escape(text: object, limit: int | None = None) -> str:
    """Untrusted text as one inert line of Markdown, safe inside a table cell."""
    plain = one_line(str(text), limit)
    out = []
    for ch in plain:
        if ch in _HTML:
            out.append(_HTML[ch])
        elif ch in _MD_PUNCT:
            out.append("\\" + ch)
        else:
            out.append(ch)
    escaped = "".join(out)
    # '@name' and '#123' (escaped or not) must not mention or link: put a
    # zero-width space between the sigil and what follows.
    return _MENTION.sub(lambda m: m.group(1) + ZWSP, escaped)


def _cited(report: Report, claim: Claim) -> str:
    places = []
    single = "path" in report.source
    for ref in claim.references:
        c = ref.cited
        where = ""
        if c.line_start is not None:
            end = c.line_end if c.line_end is not None else c.line_start
            where = f"L{c.line_start}" if end == c.line_start else f"L{c.line_start}-{end}"
        path = None if single else (ref.path or c.path)
        loc = ":".join(p for p in (path, where) if p)
        text = " ".join(p for p in (loc, f"“{one_line(c.code, 60)}”" if c.code else "") if p)
        if ref.actual_lines and ref.status not in ("exact", "line_only"):
            shown = ", ".join(f"L{n}" for n in ref.actual_lines[:5])
            text += f" → {shown}" + (" …" if len(ref.actual_lines) > 5 else "")
        elif ref.status in ("absent", "out_of_range"):
            text += f" → {ref.status.replace('_', ' ')}"
        if text:
            places.append(text)
    if not places:
        # the fallback the SARIF location uses, e.g. a CWE claim with no citation
        for place in cited_places(report, claim):
            if place.start is not None:
                places.append(f"L{place.start}")
    return md_escape("; ".join(dict.fromkeys(places))) if places else "—"


def summary_line(report: Report) -> str:
    s = report.summary
    counts = ", ".join(f"{s[status]} {status}" for status in CLAIM_STATUSES)
    v = report.verdict
    noun = "claim" if s["claims"] == 1 else "claims"
    return (f"**crosscheck**: {s['claims']} {noun} — {counts} · "
            f"verdict: review says {md_escape(v.stated)}, ground truth {md_escape(v.ground)}")


@formatter("markdown")
def render_markdown(report: Report) -> str:
    lines = [summary_line(report), ""]
    flagged = flagged_claims(report)
    if flagged:
        lines += ["| # | cited location | status | what is wrong | claim |",
                  "|---:|---|---|---|---|"]
        for claim in flagged:
            lines.append(" | ".join((
                f"| {claim.index}",
                _cited(report, claim),
                f"**{claim.status}**",
                md_escape(evidence_text(claim, EVIDENCE)) or "—",
                md_escape(claim.text, EXCERPT) + " |",
            )))
    else:
        lines.append("No misplaced, fabricated or contradicted claims.")
    missed = report.verdict.missed
    if missed:
        lines += ["", "Findings no claim covers: " + ", ".join(md_escape(m) for m in missed)]
    problems = analyzer_problems(report)
    lines.append("")
    if problems:
        lines.append("⚠️ Analyzers that did not run: " + "; ".join(md_escape(p) for p in problems))
    else:
        lines.append("Analyzers: all ran (" + ", ".join(md_escape(a.name) for a in report.analyzers) + ").")
    return "\n".join(lines) + "\n"
