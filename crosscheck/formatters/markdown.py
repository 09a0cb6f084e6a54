"""A pull-request comment: a summary line, then a table of the flagged claims.

Everything that comes from the review (claim text, cited code, evidence that
quotes it) is untrusted. It is rendered as inert text: HTML special
characters become entities, Markdown punctuation is backslash-escaped (so no
code span, link, image or table cell can be opened or closed), newlines are
collapsed, control and bidi characters are shown as escapes, and whatever
GitHub would turn into a link or a notification (``@mentions``, ``#123`` and
``owner/repo#12`` references, commit SHAs, bare URLs) is put in a code span,
where GitHub links nothing.

A comment is at most 65,536 characters on GitHub: past ``BUDGET`` the table
stops and says how many flagged claims the SARIF or JSON report still holds.
"""
from __future__ import annotations

import re

from ..model import CLAIM_STATUSES, Claim, Report
from . import formatter
from ._safe import count_invalid, replaced_note, visible
from .sarif import analyzer_problems, cited_places, evidence_text, flagged_claims, one_line

EXCERPT = 120
EVIDENCE = 300
CITED = 300
GITHUB_LIMIT = 65536
BUDGET = 60000  # the table stops here; the summary and the closing lines fit in the rest

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
# ASCII punctuation that opens something inline in GitHub Markdown: code spans,
# emphasis, links and images, table cells, strikethrough, math, headings.
# (CommonMark lets every ASCII punctuation character be backslash-escaped.)
_MD_PUNCT = set("\\`*_[]!|~#$")
# What GitHub links or notifies: none of these can hold a backtick or a pipe, so each fits in a code span.
_LINKABLE = re.compile(r"""
    (?:https?://|www\.)[^\s<>`|"]*[^\s<>`|".,;:!?)\]']     # a bare URL
  | (?<![\w`])@[A-Za-z0-9][\w-]*(?:/[\w-]+)?                   # @user, @org/team
  | (?<![\w`/])(?:[\w.-]+/[\w.-]+)?\#\d+\b                       # #12, owner/repo#12
  | (?<![\w`])GH-\d+\b                                          # GH-12
  | \b(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{7,40}\b  # a commit SHA
""", re.VERBOSE)


def _escape_plain(text: str) -> str:
    return "".join(_HTML.get(ch) or ("\\" + ch if ch in _MD_PUNCT else ch) for ch in text)


def md_escape(text: object, limit: int | None = None) -> str:
    """Untrusted text as one inert line of Markdown, safe inside a table cell."""
    plain = visible(one_line(str(text), limit))
    out, last = [], 0
    for m in _LINKABLE.finditer(plain):
        out.append(_escape_plain(plain[last:m.start()]))
        out.append(f"`{m.group()}`")
        last = m.end()
    out.append(_escape_plain(plain[last:]))
    return "".join(out)


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
    return md_escape("; ".join(dict.fromkeys(places)), CITED) if places else "—"


def summary_line(report: Report) -> str:
    s = report.summary
    counts = ", ".join(f"{s[status]} {status}" for status in CLAIM_STATUSES)
    v = report.verdict
    noun = "claim" if s["claims"] == 1 else "claims"
    return (f"**crosscheck**: {s['claims']} {noun} — {counts} · "
            f"verdict: review says {md_escape(v.stated)}, ground truth {md_escape(v.ground)}")


@formatter("markdown")
def render_markdown(report: Report) -> str:
    head = [summary_line(report), ""]
    tail = []
    missed = report.verdict.missed
    if missed:
        shown = ", ".join(md_escape(m) for m in missed[:50])
        more = f" and {len(missed) - 50} more" if len(missed) > 50 else ""
        tail += ["", "Findings no claim covers: " + shown + more]
    problems = analyzer_problems(report)
    tail.append("")
    if problems:
        tail.append("⚠️ Analyzers that did not run: " + "; ".join(md_escape(p, EVIDENCE) for p in problems))
    else:
        tail.append("Analyzers: all ran (" + ", ".join(md_escape(a.name) for a in report.analyzers) + ").")
    replaced = count_invalid(report.to_dict())
    if replaced:
        tail += ["", f"Note: {replaced_note(replaced)}."]
    flagged = flagged_claims(report)
    if not flagged:
        return "\n".join(head + ["No misplaced, fabricated or contradicted claims."] + tail) + "\n"
    rows = ["| # | cited location | status | what is wrong | claim |", "|---:|---|---|---|---|"]
    size = sum(len(line) + 1 for line in head + tail + rows)
    for listed, claim in enumerate(flagged):
        row = " | ".join((
            f"| {claim.index}",
            _cited(report, claim),
            f"**{claim.status}**",
            md_escape(evidence_text(claim, EVIDENCE), EVIDENCE) or "—",
            md_escape(claim.text, EXCERPT) + " |",
        ))
        if size + len(row) + 1 > BUDGET:
            rest = len(flagged) - listed
            rows += ["", f"{rest} more flagged {'claim' if rest == 1 else 'claims'}: "
                     "see the SARIF or JSON report (`--format sarif`, `--format json`)."]
            break
        rows.append(row)
        size += len(row) + 1
    return "\n".join(head + rows + tail) + "\n"
