"""ruff's text output, given as the whole review: the concise format
(``path:row:col: S602 message``, one finding a line) and the full format,
where a ``path:row:col: CODE message`` line (older ruff) or a ``CODE
message`` line followed by `` --> path:row:col`` (newer ruff) opens a
finding whose quoted source (``12 |     code``) gives the snippet of its own
line. ``parse`` is shared with readers of ruff output pasted into other
documents.
"""
from __future__ import annotations

import re

from ...model import InputError
from ..document import Document
from . import register
from ._finding import TextFinding, coverage, documents_or_empty, text_lines

RULE_CODE = r"[A-Z]{1,4}\d{2,4}"
CONCISE = re.compile(rf"^\s*(?P<path>[^\s:][^:\n]*?):(?P<line>\d+):(?P<col>\d+):\s+(?:\[\*\]\s+)?(?P<rule>{RULE_CODE})"
                     r"\b:?\s*(?:\[\*\]\s+)?(?P<message>.*)$")
HEADER = re.compile(rf"^(?:error\[|warning\[)?(?P<rule>{RULE_CODE})\]?:?\s+(?:\[\*\]\s+)?(?P<message>\S.*)$")
ARROW = re.compile(r"^\s*-->\s*(?P<path>.+?):(?P<line>\d+):(?P<col>\d+)\s*$")
SOURCE = re.compile(r"^\s*(?P<n>\d+)\s*\|(?: (?P<code>.*))?$")
GUTTER = re.compile(r"^\s*(?:\d+\s*)?\||^\s*\.\.\.\s*$|^\s*[=|]?\s*(?:help|note|info):")
BOILERPLATE = re.compile(r"^\s*(?:Found \d+ errors?|No fixes available|\[\*\] \d+ fix|All checks passed|"
                         r"\d+ (?:fixable|hidden fix)|warning: |\|)", re.I)


def parse(lines: list[str]) -> list[TextFinding]:
    """Every ruff diagnostic in ``lines`` (concise or full format)."""
    out: list[TextFinding] = []
    n = 0
    while n < len(lines):
        line = lines[n]
        c = CONCISE.match(line)
        h = None if c else HEADER.match(line)
        a = ARROW.match(lines[n + 1]) if h and n + 1 < len(lines) else None
        if not c and not a:
            n += 1
            continue
        m = c or a
        assert m is not None and (c or h) is not None
        head = c or h
        row = int(m.group("line"))
        # the concise line is the claim's text as written (its place is the document's own);
        # the full format's header line carries no place
        found = TextFinding(n, n + (1 if a else 0), line.strip() if c else head.group("message").strip(),
                            m.group("path").strip(), row, row, tool="ruff", rule=head.group("rule"))
        k = found.last + 1
        while k < len(lines) and GUTTER.match(lines[k]) and lines[k].strip():
            s = SOURCE.match(lines[k])
            if s and int(s.group("n")) == row and (s.group("code") or "").strip():
                found.snippet = s.group("code")
            k += 1
        found.last = k - 1
        out.append(found)
        n = k
    return out


@register
class RuffText:
    name = "ruff-text"

    def detect(self, text: str) -> float:
        lines = text_lines(text)
        found = parse(lines)
        if not found and not re.search(r"^All checks passed!", text, re.M):
            return 0.0
        return 0.9 if coverage(lines, found, BOILERPLATE) >= 0.9 else 0.0

    def read(self, text: str) -> list[Document]:
        lines = text_lines(text)
        found = parse(lines)
        if not found and not re.search(r"^All checks passed!", text, re.M):
            raise InputError("review is not ruff text output: no 'path:line:col: CODE message' diagnostic")
        return documents_or_empty(self.name, [f.document(self.name, k + 1) for k, f in enumerate(found)], "ruff")
