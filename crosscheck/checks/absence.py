"""'No `timeout`', 'without `verify`', 'never calls `close()`': is it really missing there?

A claim that names code as missing (role ``absent``, strict) is contradicted
when that code is in the very statement the claim cites: "`conn.urlopen(...)`
is called without a `timeout` argument" while the call passes ``timeout=``.
With no line cited, the place is the function the claim names ("`fetch_file`
has no `timeout`") or the statement of the one call it names. Found elsewhere
in the file it proves nothing (the claim is about this place); not found, it
agrees with the claim.
"""
from __future__ import annotations

from ..model import Claim, Evidence, Reference
from .base import CheckContext, lines_text, quoted, register


@register
class Absence:
    name = "absence"

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]:
        structure = ctx.index.structure
        for ref in claim.references:
            cited = ref.cited
            if cited.role != "absent" or not cited.strict or not ref.actual_lines:
                continue
            if cited.line_start is not None:
                ranges = cited.group_ranges or [(cited.line_start, cited.line_end or cited.line_start)]
                spans = [structure.statement_of(n) for a, b in ranges for n in (a, b)]
                # a call or statement that starts on a cited line runs to its end
                spans += [(a, b) for a, b in ranges]
            else:
                spans = _subject_spans(claim, ctx, ref)
                if not spans:
                    continue
            inside = sorted({n for n in ref.actual_lines if any(s0 <= n <= s1 for s0, s1 in spans)})
            if inside:
                s0 = min(s for s, _ in spans)
                s1 = max(e for _, e in spans)
                return [Evidence("fact", f"{quoted(cited.code or '')} is there, on {lines_text(inside)}, in the "
                                         f"cited code (lines {s0}-{s1}); the claim says it is missing",
                                 "contradicts")]
        return []


def _subject_spans(claim: Claim, ctx: CheckContext, absent: Reference) -> list[tuple[int, int]]:
    """With no line cited, where "`fetch_file` has no `timeout`" looks: the function the claim
    names, else the statement of the one call it names ("`requests.get` has no `timeout`"), when
    that call occurs once — with several, the claim could be about any of them."""
    structure = ctx.index.structure
    named = [r for r in claim.references if r is not absent and r.cited.role == "cited" and r.cited.code
             and r.status == "exact"]
    for ref in named:
        spans = structure.scope_spans(ref.cited.code or "")
        if len(spans) == 1:
            return spans
    for ref in named:
        if len(ref.actual_lines) == 1:
            return [structure.statement_of(ref.actual_lines[0])]
    return []
