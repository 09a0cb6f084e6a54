"""bandit's text report (``bandit -f txt`` / the screen output), given as the
whole review. Each ``>> Issue: [B602:name] message`` block is one finding:
its ``Severity:``, ``CWE:`` and ``Location: path:line[:col]`` lines, then the
numbered source lines bandit quotes (only the finding's own line is kept as
its snippet: the others are context). ``parse`` is shared with readers of
bandit output pasted into other documents.
"""
from __future__ import annotations

import re

from ...model import InputError
from ..document import Document
from . import register
from ._finding import TextFinding, coverage, documents_or_empty, text_lines

ISSUE = re.compile(r"^\s*>>\s*Issue:\s*\[(?P<rule>[A-Z]\d{3,4}(?::[\w-]+)?)\]\s*(?P<message>.*)$")
SEVERITY = re.compile(r"^\s*Severity:\s*(?P<severity>\w+)(?:\s+Confidence:\s*(?P<confidence>\w+))?", re.I)
CWE = re.compile(r"^\s*CWE:\s*(?P<cwe>.+)$", re.I)
MORE = re.compile(r"^\s*More Info:\s*(?P<url>\S+)", re.I)
LOCATION = re.compile(r"^\s*Location:\s*(?P<path>.+?):(?P<line>\d+)(?::(?P<col>\d+))?\s*$", re.I)
CODE = re.compile(r"^\s*(?P<n>\d+)(?:\t| {1,8})(?P<code>.*)$")
RULER = re.compile(r"^\s*-{10,}\s*$")
BOILERPLATE = re.compile(
    r"^\s*(?:Run started:|Test results:|No issues identified\.|Code scanned:|Total lines|Run metrics:|Total issues|"
    r"(?:Undefined|Low|Medium|High):\s*\d|Files skipped|-{10,}|\[\w+\]\s+(?:INFO|WARNING|ERROR))", re.I)


def parse(lines: list[str]) -> list[TextFinding]:
    """Every bandit issue block in ``lines``."""
    out: list[TextFinding] = []
    n = 0
    while n < len(lines):
        m = ISSUE.match(lines[n])
        if not m:
            n += 1
            continue
        found = TextFinding(n, n, m.group("message").strip(), None, None, tool="bandit", rule=m.group("rule"))
        code: dict[int, str] = {}
        k = n + 1
        while k < len(lines) and not ISSUE.match(lines[k]) and not RULER.match(lines[k]):
            line = lines[k]
            if (s := SEVERITY.match(line)) and found.level is None:
                found.level = s.group("severity")
            elif (c := CWE.match(line)) and not found.cwe:
                found.cwe = (c.group("cwe"),)
            elif (u := MORE.match(line)) and found.url is None:
                found.url = u.group("url")
            elif (loc := LOCATION.match(line)) and found.start is None:
                found.path, found.start = loc.group("path").strip(), int(loc.group("line"))
            elif (cm := CODE.match(line)) and found.start is not None:
                code[int(cm.group("n"))] = cm.group("code")
            elif line.strip() and found.start is not None and code:
                break  # prose after the quoted code: not this block's
            k += 1
        found.end = found.start
        found.snippet = code.get(found.start) if found.start is not None and code.get(found.start, "").strip() else None
        found.last = k - 1 if k < len(lines) and not RULER.match(lines[k]) else k
        found.last = min(found.last, len(lines) - 1)
        out.append(found)
        n = k
    return out


@register
class BanditText:
    name = "bandit-text"

    def detect(self, text: str) -> float:
        if ">> Issue:" not in text and "No issues identified" not in text:
            return 0.0
        lines = text_lines(text)
        return 0.9 if coverage(lines, parse(lines), BOILERPLATE) >= 0.9 else 0.0

    def read(self, text: str) -> list[Document]:
        lines = text_lines(text)
        found = parse(lines)
        if not found and "No issues identified" not in text:
            raise InputError("review is not bandit text output: no '>> Issue:' block")
        return documents_or_empty(self.name, [f.document(self.name, k + 1) for k, f in enumerate(found)], "bandit")
