"""Evidence for every reference that does not resolve where the review says."""
from __future__ import annotations

from ..model import Claim, Evidence
from ..review.roles import CHECKED_ROLES
from .base import CheckContext, lines_text, quoted, register


@register
class ReferenceEvidence:
    name = "references"

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]:
        out: list[Evidence] = []
        count = ctx.source.line_count
        for ref in claim.references:
            cited = ref.cited
            if cited.role not in CHECKED_ROLES:
                continue  # proposed, absent-by-claim and mentioned code: its place is not a claim
            what = quoted(cited.code) if cited.code else "the cited line"
            where = (f"line {cited.line_start}" if cited.line_start == cited.line_end
                     else f"lines {cited.line_start}-{cited.line_end}")
            if ref.status == "shifted":
                out.append(Evidence("shifted", f"{what} is on {lines_text(ref.actual_lines)}, not {where} "
                                               f"(offset {ref.offset:+d})"))
            elif ref.status == "comment_only":
                out.append(Evidence("comment_only", f"{what} occurs only in a comment or docstring "
                                                    f"({lines_text(ref.actual_lines)})"))
            elif ref.status == "absent" and ref.path is not None and not cited.code:
                continue  # a missing or refused file: the tree already said why
            elif ref.status == "absent":
                out.append(Evidence("absent", f"{what} does not occur anywhere in the source"))
            elif ref.status == "out_of_range":
                out.append(Evidence("out_of_range", f"{where} is beyond the end of the file ({count} lines)"))
        return out
