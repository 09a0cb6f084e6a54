"""'No `timeout`', 'without `verify`', 'never calls `close()`': is it really missing there?

A claim that names code as missing (role ``absent``, strict) is contradicted
when that code is in the very statement the claim cites: "`conn.urlopen(...)`
is called without a `timeout` argument" while the call passes ``timeout=``.
Found elsewhere in the file it proves nothing (the claim is about this place);
not found, it agrees with the claim.
"""
from __future__ import annotations

from ..model import Claim, Evidence
from .base import CheckContext, lines_text, quoted, register


@register
class Absence:
    name = "absence"

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]:
        structure = ctx.index.structure
        for ref in claim.references:
            cited = ref.cited
            if cited.role != "absent" or not cited.strict or not ref.actual_lines or cited.line_start is None:
                continue
            ranges = cited.group_ranges or [(cited.line_start, cited.line_end or cited.line_start)]
            spans = [structure.statement_of(n) for a, b in ranges for n in (a, b)]
            # a call or statement that starts on a cited line runs to its end
            spans += [(a, b) for a, b in ranges]
            inside = sorted({n for n in ref.actual_lines if any(s0 <= n <= s1 for s0, s1 in spans)})
            if inside:
                s0 = min(s for s, _ in spans)
                s1 = max(e for _, e in spans)
                return [Evidence("fact", f"{quoted(cited.code or '')} is there, on {lines_text(inside)}, in the "
                                         f"cited statement (lines {s0}-{s1}); the claim says it is missing",
                                 "contradicts")]
        return []
