"""'`expose_tracebacks = True`', '`PIDFILE_MODE = 0o666`': is that the value the file sets?

A review that cites an assignment of a literal value (``name = value``,
``obj.name = value``) states a fact about the file. When that code is
nowhere but the file gives the same name other literal values (an
assignment, a keyword argument, a parameter's default), the fact is false:
the claim is contradicted, with the values the file does set. A value the
file sets in another spelling (``0o666`` for ``438``) supports it.
"""
from __future__ import annotations

import ast
import re
import warnings
from typing import Any

from ..model import Claim, Evidence
from ..source.lexer import Token
from .base import CheckContext, register

# an assignment as a file writes it, spaced: ``verify=False`` is as often what a caller passes
# ("after one `session.get(url, verify=False)`", "we set `max_body=10485760`") as what the file says
STATED = re.compile(r"\s*(?:[A-Za-z_]\w*\.)*(?P<name>[A-Za-z_]\w*)(?::\s*[\w.\[\], ]{1,40})?\s+=\s+(?P<value>\S.{0,80}?)\s*")
_UNSET = object()
MAX_ANNOTATION = 8  # tokens between a name and its ``=`` (``name: Optional[int] = 5``)


def _literal(text: str) -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = ast.literal_eval(text.strip())
    except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError):
        return _UNSET
    return value if isinstance(value, (bool, int, float, str, bytes, type(None))) else _UNSET


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def values_set(tokens: list[Token], positions: list[int]) -> list[tuple[int, Any, str]]:
    """(line, value, as written) for each place the name at ``positions`` is given a literal."""
    out = []
    for k in positions:
        j = k + 1
        if j < len(tokens) and tokens[j].text == ":":  # an annotation: skip to its ``=``
            j += 1
            while j < len(tokens) and j - k <= MAX_ANNOTATION and tokens[j].text not in ("=", ",", ")", ":"):
                j += 1
        if j >= len(tokens) - 1 or tokens[j].text != "=":
            continue
        first = tokens[j + 1]
        text = first.text
        if text == "-" and j + 2 < len(tokens) and tokens[j + 2].kind == "number":
            text = "-" + tokens[j + 2].text
        elif first.kind not in ("number", "string") and text not in ("True", "False", "None"):
            continue
        value = _literal(text)
        if value is not _UNSET:
            out.append((first.line, value, text))
    return out


@register
class StatedValues:
    name = "stated_values"

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]:
        for ref in claim.references:
            cited = ref.cited
            if ref.status != "absent" or cited.role not in ("cited", "replaced", "mention") or not cited.asserted:
                continue
            m = STATED.fullmatch(cited.code or "")
            if not m:
                continue
            stated = _literal(m.group("value"))
            if stated is _UNSET:
                continue
            name = m.group("name")
            given = values_set(*ctx.index.name_tokens(name))
            if not given:
                continue
            if any(_same(value, stated) for _, value, _ in given):
                line = next(line for line, value, _ in given if _same(value, stated))
                return [Evidence("fact", f"{name} is set to {m.group('value')} on line {line}", "supports")]
            shown = "; ".join(f"{text} on line {line}" for line, _, text in given[:3])
            return [Evidence("fact", f"the file sets {name} to {shown}, never to {m.group('value')}", "contradicts")]
        return []
