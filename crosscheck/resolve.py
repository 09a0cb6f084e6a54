"""Stage 2: every cited reference of a claim, resolved against the source.

Statuses (report contract): ``exact``, ``shifted`` (with the signed offset to
the nearest real occurrence), ``comment_only``, ``absent``, ``out_of_range``
and ``line_only``.

Where code counts as "at the cited line" follows the code's structure:

- anywhere in the logical statement the cited line belongs to (a call over
  several lines, a decorated definition), or in the header of the compound
  statement around it (the ``with`` or ``for`` line of its body);
- anywhere in the function the code names ("`archive()` ... on line 33");
- for a name mentioned in passing, or code placed by the claim's own location
  (a review comment's range), anywhere in the block around that line.

A multi-line quote that does not match as a whole is matched line by line.
For absent code the names that occur nowhere in the file are recorded: they
are what makes absence strong evidence (``judge.py``).
"""
from __future__ import annotations

import ast
import warnings

from .model import CitedRef, Claim, Reference, RefStatus
from .source.index import Occurrences, SourceIndex
from .source.structure import call_name

QUOTE_FOUND = 0.5  # share of a multi-line quote's lines that places it


def resolve_claim(claim: Claim, index: SourceIndex) -> None:
    """Resolve a claim's references against one source.

    With a single source, a file path in the review names that source, so a
    reference that is only a path has nothing to check and is left out.
    """
    cited = [c for c in claim.cited if c.code is not None or c.line_start is not None]
    claim.references = [r for r in (resolve_reference(c, index) for c in cited) if r is not None]


def _ranges(cited: CitedRef) -> list[tuple[int, int]]:
    if cited.group_ranges:
        return list(cited.group_ranges)
    if cited.line_start is None:
        return []
    return [(cited.line_start, cited.line_end or cited.line_start)]


def resolve_reference(cited: CitedRef, index: SourceIndex) -> Reference | None:
    """The resolved reference, or None for a prose word that is not in the source.

    Prose words that merely look like identifiers ("OpenStack") prove nothing
    by their absence, so they are dropped rather than reported ``absent``.
    """
    count = index.source.line_count
    ranges = _ranges(cited)
    beyond = any(b > count or a < 1 for a, b in ranges)
    if cited.code is None:
        return Reference(cited, "out_of_range" if beyond else "line_only")
    found = index.find(cited.code)
    if not found.code:
        found = _call_with_more_arguments(cited.code, index) or found
    matched: float | None = None
    if not found.code and "\n" in cited.code.strip():
        by_lines, matched = index.find_lines(cited.code)
        if matched >= QUOTE_FOUND:
            found = by_lines
    if cited.role in ("proposed", "absent"):
        # what the review proposes or says is missing: where it is (if anywhere) is evidence, not a citation
        if found.code:
            status: RefStatus = _placement(cited, found, index, ranges) if ranges else "exact"
            return Reference(cited, status, found.code, offset=_offset(found.code, ranges) if ranges else None)
        return Reference(cited, "absent")
    if not found.code and not found.comments and not cited.hard:
        if ranges and cited.primary:
            # "the ResourceTracker ... on line 136": the word proves nothing, the line still must exist
            line = CitedRef(cited.line_start, cited.line_end, None, cited.path, group_ranges=list(cited.group_ranges))
            return Reference(line, "out_of_range" if beyond else "line_only")
        return None
    if beyond:
        # a line past the end of the file was never looked at, wherever the code is (contract: fabricated)
        return Reference(cited, "out_of_range", found.code or found.comments, in_comment=not found.code
                         and bool(found.comments))
    if found.code:
        if not ranges:
            return Reference(cited, "exact", found.code, matched=matched)
        placed, how = placement(cited, found, index, ranges)
        if placed == "exact":
            return Reference(cited, "exact", found.code, offset=0, matched=matched, how=how)
        if not cited.primary and not cited.hard:
            # a prose word mentioned in passing: it exists, but is not cited at a line
            return Reference(CitedRef(None, None, cited.code, cited.path, False, False, role=cited.role),
                             "exact", found.code)
        return Reference(cited, "shifted", found.code, offset=_offset(found.code, ranges), matched=matched)
    if found.comments:
        return Reference(cited, "comment_only", found.comments, offset=_offset(found.comments, ranges) if ranges
                         else None, in_comment=True)
    return Reference(cited, "absent", invented=index.invented(cited.code), matched=matched,
                     owned=_owned(cited.code, index))


def _owned(code: str, index: SourceIndex) -> bool:
    """``self.helper()``, ``HostKeys._parse``: a member of something this file defines."""
    head = code.strip().split(".", 1)
    return len(head) == 2 and (head[0] in ("self", "cls") or head[0] in index.structure.named_scopes)


def _call_with_more_arguments(code: str, index: SourceIndex) -> Occurrences | None:
    """A quoted call that leaves arguments out (``requests.get(url, verify=False)`` for
    ``requests.get(url, headers=h, verify=False)``): found where a real call of that name has
    every quoted argument, whole and in order, and every quoted keyword with its value."""
    if len(code) > 2000:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            call = ast.parse(code.strip(), mode="eval").body
            if not isinstance(call, ast.Call):
                return None
            wanted = [ast.unparse(a) for a in call.args if not (isinstance(a, ast.Constant) and a.value is Ellipsis)]
            keywords = {k.arg or "**": ast.unparse(k.value) for k in call.keywords}
    except (SyntaxError, ValueError, MemoryError, RecursionError):  # ast.unparse recurses on a deep quote
        return None
    name = call_name(call.func)
    if not name:
        return None
    spans = []
    for start, end, args, real_keywords in index.structure.calls.get(name.rsplit(".", 1)[-1], []):
        if not _in_order(wanted, list(args)):
            continue
        if all(k in real_keywords and (v == "..." or real_keywords[k] == v) for k, v in keywords.items()):
            spans.append((start, end))
    if not spans:
        return None
    if "." in name:  # ``self.conn.close(...)``: the dotted name itself must be at the call
        named = index.find(name).code
        spans = [(a, b) for a, b in spans if any(a <= n <= b for n in named)]
    return Occurrences(code=sorted({a for a, _ in spans}), spans=sorted(spans)) if spans else None


def _in_order(wanted: list[str], real: list[str]) -> bool:
    pos = 0
    for arg in wanted:
        while pos < len(real) and real[pos] != arg:
            pos += 1
        if pos == len(real):
            return False
        pos += 1
    return True


def placement(cited: CitedRef, found: Occurrences, index: SourceIndex,
              ranges: list[tuple[int, int]]) -> tuple[str, str]:
    """(``exact`` or ``shifted``, how it was placed: ``line``, ``statement``, ``scope``,
    ``block`` or ``""``), see the module's docstring."""
    structure = index.structure
    for a, b in ranges:
        if any(start <= b and a <= end for start, end in found.spans):
            return "exact", "line"
    for a, b in ranges:
        around = [structure.statement_of(a), structure.statement_of(b)] + structure.headers_around(a)
        if any(s0 <= end and start <= s1 for s0, s1 in around for start, end in found.spans):
            return "exact", "statement"
    if any(start <= a and b <= end for start, end in structure.scope_spans(cited.code or "") for a, b in ranges):
        return "exact", "scope"  # "`archive()` ... on line 33": a line inside the function the claim names
    if (not cited.primary or cited.placed_by == "unit") and any(
            structure.same_block(r, line) for line in found.code for r in ranges):
        return "exact", "block"
    return "shifted", ""


def _placement(cited: CitedRef, found: Occurrences, index: SourceIndex, ranges: list[tuple[int, int]]) -> RefStatus:
    return "exact" if placement(cited, found, index, ranges)[0] == "exact" else "shifted"


def _offset(lines: list[int], ranges: list[tuple[int, int]]) -> int:
    """Signed distance from the cited range to the nearest real occurrence."""
    best: int | None = None
    for line in lines:
        for a, b in ranges:
            d = line - a if line < a else (line - b if line > b else 0)
            if best is None or abs(d) < abs(best):
                best = d
    return best or 0
