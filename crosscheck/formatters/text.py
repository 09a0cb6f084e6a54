"""A table for people: one row per claim, where it points, where the code is."""
from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..model import Claim, Report
from . import formatter
from ._safe import count_invalid, replaced_note, visible


def safe(text: str) -> str:
    """Review text is untrusted: terminal control sequences and bidi controls are shown,
    not obeyed, and rich markup in it is printed as text."""
    return escape(visible(text))


STYLE = {"confirmed": "green", "unsupported": "yellow", "misplaced": "magenta", "fabricated": "bold red",
         "contradicted": "red", "unverifiable": "dim"}


def _cited(claim: Claim) -> str:
    parts = []
    for ref in claim.references:
        c = ref.cited
        where = "" if c.line_start is None else (f"L{c.line_start}" if c.line_start == c.line_end
                                                 else f"L{c.line_start}-{c.line_end}")
        parts.append(" ".join(p for p in (c.path or "", where, f"`{c.code}`" if c.code else "") if p))
    return "\n".join(dict.fromkeys(parts))


def _actual(claim: Claim) -> str:
    parts = []
    for ref in claim.references:
        if ref.actual_lines:
            parts.append(f"{ref.status} " + ",".join(map(str, ref.actual_lines[:5])))
        else:
            parts.append(ref.status)
    return "\n".join(dict.fromkeys(parts))


def _reason(claim: Claim) -> str:
    if claim.reason:
        return claim.reason
    ranked = sorted(claim.evidence, key=lambda e: {"contradicts": 0, "supports": 1}.get(e.effect, 2))
    return ranked[0].detail if ranked else ""


@formatter("text")
def render_text(report: Report, width: int = 160) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=False, color_system=None)
    src = report.source
    console.print(f"crosscheck {report.tool_version}: review {safe(str(report.review.get('path')))} "
                  f"against {safe(str(src.get('path') or src.get('root')))}")
    ran = ", ".join(f"{a.name} {a.status}" + (f" ({safe(a.detail)})" if a.detail and a.status != "ok" else "")
                    for a in report.analyzers)
    console.print(f"analyzers: {ran}")
    table = Table(show_lines=True)
    for column in ("#", "kind", "cited", "actual", "status", "reason"):
        table.add_column(column, overflow="fold")
    for claim in report.claims:
        table.add_row(str(claim.index), claim.kind, safe(_cited(claim)), safe(_actual(claim)),
                      f"[{STYLE[claim.status]}]{claim.status}[/]", safe(_reason(claim)))
    console.print(table)
    s = report.summary
    console.print(", ".join(f"{k}: {v}" for k, v in s.items()))
    v = report.verdict
    missed = f" (missed: {safe(', '.join(v.missed))})" if v.missed else ""
    console.print(f"verdict: review says {v.stated}; ground truth: {v.ground}{missed}")
    if report.findings:
        console.print("findings: " + "; ".join(
            safe(f.id) + f" {f.severity}" + (f" CWE-{f.cwe}" if f.cwe else "") for f in report.findings))
    replaced = count_invalid(report.to_dict())
    if replaced:
        console.print(f"note: {replaced_note(replaced)}")
    return buffer.getvalue()
