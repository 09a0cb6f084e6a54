"""'`subprocess.Popen` is called with `shell=True`': do the real calls pass that keyword?

A claim that ties a keyword argument to a call it cites ("`f` ... with
`k=v`", "`f(..., k=v)`") is checked against the calls of that name at the
cited lines (anywhere in the file when it cites none): none passing ``k``,
or all passing another value, contradicts it; one passing ``k=v`` supports it.
"""
from __future__ import annotations

import ast
import re
import warnings

from ..model import Claim, Evidence
from .base import CheckContext, register

KEYWORD = re.compile(r"(?P<key>[A-Za-z_]\w*)\s*=\s*(?P<value>[^=\s][^\n]{0,80})")


def _norm(value: str) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.unparse(ast.parse(value.strip(), mode="eval"))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _callee(code: str) -> str | None:
    """The called name as the review writes it (``requests.get``)."""
    m = re.match(r"\s*([A-Za-z_][\w.]*)\s*(?:\(|$)", code)
    return m.group(1) if m and ("(" in code or "." in code) else None


@register
class CallKeywords:
    name = "call_keywords"

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]:
        calls = ctx.index.structure.calls
        for ref in claim.references:
            cited = ref.cited
            m = KEYWORD.fullmatch(cited.code or "")
            if not m or cited.role not in ("cited", "mention") or not cited.asserted or not cited.after:
                continue
            callee = _callee(cited.after)
            if not callee or callee.rsplit(".", 1)[-1] not in calls:
                continue
            want = _norm(m.group("value"))
            ranges = cited.group_ranges or ([(cited.line_start, cited.line_end or cited.line_start)]
                                            if cited.line_start else [])
            real = [c for c in calls[callee.rsplit('.', 1)[-1]] if not ranges or any(c[0] <= b and a <= c[1] for a, b in ranges)]
            if not real:
                continue
            key = m.group("key")
            shown = "; ".join(f"line {c[0]}" for c in real[:3])
            passing = [c for c in real if key in c[3]]
            if any(_norm(c[3][key]) == want for c in passing):
                return [Evidence("fact", f"{callee} is called with {key}={m.group('value')} ({shown})", "supports")]
            if not passing and "**" not in {k for c in real for k in c[3]}:
                return [Evidence("fact", f"{callee} is called without {key} ({shown})", "contradicts")]
            if passing and want is not None:
                values = ", ".join(sorted({c[3][key] for c in passing}))
                return [Evidence("fact", f"{callee} is called with {key}={values}, not {m.group('value')} ({shown})",
                                 "contradicts")]
        return []
