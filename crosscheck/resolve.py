"""Stage 2: every cited reference of a claim, resolved against the source.

Statuses (report contract): ``exact``, ``shifted`` (with the signed offset to
the nearest real occurrence), ``comment_only``, ``absent``, ``out_of_range``
and ``line_only``. A primary citation must be on the cited line(s) to be
exact; a mention is in place anywhere in the cited line's statement or block.
"""
from __future__ import annotations

from .model import CitedRef, Claim, Reference
from .source.index import SourceIndex


def resolve_claim(claim: Claim, index: SourceIndex) -> None:
    """Resolve a claim's references against one source.

    With a single source, a file path in the review names that source, so a
    reference that is only a path has nothing to check and is left out.
    """
    cited = [c for c in claim.cited if c.code is not None or c.line_start is not None]
    claim.references = [r for r in (resolve_reference(c, index) for c in cited) if r is not None]


def resolve_reference(cited: CitedRef, index: SourceIndex) -> Reference | None:
    """The resolved reference, or None for a prose word that is not in the source.

    Prose words that merely look like identifiers ("OpenStack") prove nothing
    by their absence, so they are dropped rather than reported ``absent``.
    """
    count = index.source.line_count
    ranges = cited.group_ranges or ([(cited.line_start, cited.line_end or cited.line_start)]
                                    if cited.line_start is not None else [])
    beyond = any(b > count or a < 1 for a, b in ranges)
    if cited.code is None:
        if not ranges:
            return Reference(cited, "line_only")
        return Reference(cited, "out_of_range" if beyond else "line_only")
    found = index.find(cited.code)
    if not found.code and not found.comments and not cited.hard:
        if ranges and cited.primary:
            # "the ResourceTracker ... on line 136": the word proves nothing, the line still must exist
            line = CitedRef(cited.line_start, cited.line_end, None, cited.path, group_ranges=list(cited.group_ranges))
            return Reference(line, "out_of_range" if beyond else "line_only")
        return None
    if not ranges:
        if found.code:
            return Reference(cited, "exact", found.code)
        if found.comments:
            return Reference(cited, "comment_only", found.comments, in_comment=True)
        return Reference(cited, "absent")
    if beyond:
        # a line past the end of the file was never looked at, wherever the code is (contract: fabricated)
        return Reference(cited, "out_of_range", found.code or found.comments, in_comment=not found.code
                         and bool(found.comments))
    if found.code:
        if any(start <= b and a <= end for start, end in found.spans for a, b in ranges):
            return Reference(cited, "exact", found.code, offset=0)
        if any(start <= a and b <= end for start, end in index.structure.scope_spans(cited.code)
               for a, b in ranges):
            # "`archive()` ... on line 33": a line inside the function the claim names
            return Reference(cited, "exact", found.code, offset=0)
        if not cited.primary and any(index.structure.same_block(r, line) for line in found.code for r in ranges):
            return Reference(cited, "exact", found.code, offset=0)
        if not cited.primary and not cited.hard:
            # a prose word mentioned in passing: it exists, but is not cited at a line
            return Reference(CitedRef(None, None, cited.code, cited.path, False, False), "exact", found.code)
        return Reference(cited, "shifted", found.code, offset=_offset(found.code, ranges))
    if found.comments:
        return Reference(cited, "comment_only", found.comments, offset=_offset(found.comments, ranges),
                         in_comment=True)
    return Reference(cited, "absent")


def _offset(lines: list[int], ranges: list[tuple[int, int]]) -> int:
    """Signed distance from the cited range to the nearest real occurrence."""
    best: int | None = None
    for line in lines:
        for a, b in ranges:
            d = line - a if line < a else (line - b if line > b else 0)
            if best is None or abs(d) < abs(best):
                best = d
    return best or 0
