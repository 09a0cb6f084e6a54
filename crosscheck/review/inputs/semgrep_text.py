"""semgrep's text output (the default ``semgrep scan`` report), given as the
whole review. Under each file's path line, a rule header (``❯❯❱ rule.id``,
the arrows its severity) opens a finding: the message lines, then the
numbered lines it matched (``230┆ code``). A ``⋮┆----`` ruler starts another
match of the same rule, so each match is one finding, located by its first
and last numbered line and quoting them. ``parse`` is shared with readers of
semgrep output pasted into other documents.
"""
from __future__ import annotations

import re

from ...model import InputError
from ..document import Document
from . import register
from ._finding import TextFinding, coverage, documents_or_empty, text_lines

RULE = re.compile(r"^\s*(?P<arrows>[❯❱>]{1,3})\s+(?P<rule>[\w.:/-]+)\s*$")
CODE = re.compile(r"^\s*(?P<n>\d+)┆ ?(?P<code>.*)$")
RULER = re.compile(r"^\s*⋮┆-+\s*$")
PATH = re.compile(r"^ {2,8}(?P<path>[^\s❯❱┆│┌└⋮][^\s┆│]*\.[A-Za-z0-9]{1,8})\s*$")
BLOCKING = re.compile(r"^\s*❰❰\s*Blocking\s*❱❱\s*$")
SKIP = re.compile(r"^\s*(?:Details:|Autofix\s*▶▶┆|▶▶┆)")
BOILERPLATE = re.compile(
    r"^\s*(?:[┌│└─]|[^\w]*\d+\s+Code Findings?|[^\w]*Scan (?:Summary|Status)|Ran \d+ rules?|Some files were skipped|"
    r"Scanning|✅|For a detailed list|\(need more rules|Rules run|Targets scanned|Parsed lines|Scan skipped|Findings?:|"
    r"Ran \d|Loading rules|❰❰|Details:|Autofix|•|\d+ files? (?:only|matching|larger|were)|Partially|"
    r"[^\w]*No findings|\S*\s*Semgrep)", re.I)
SEVERITY_OF_ARROWS = {3: "high", 2: "medium", 1: "low"}


def parse(lines: list[str]) -> tuple[list[TextFinding], list[int]]:
    """Every semgrep finding in ``lines``, and the path lines that frame them."""
    out: list[TextFinding] = []
    paths: list[int] = []
    path: str | None = None
    n = 0
    while n < len(lines):
        line = lines[n]
        p = PATH.match(line)
        if p and not CODE.match(line):
            path = p.group("path")
            paths.append(n)
            n += 1
            continue
        r = RULE.match(line)
        if not r:
            n += 1
            continue
        rule, level = r.group("rule"), SEVERITY_OF_ARROWS.get(len(r.group("arrows")), "medium")
        message: list[str] = []
        k = n + 1
        while k < len(lines) and not CODE.match(lines[k]) and not RULE.match(lines[k]) and not (
                message and PATH.match(lines[k])):
            if not BLOCKING.match(lines[k]) and lines[k].strip():
                message.append(lines[k].strip())
            k += 1
        text = " ".join(message)
        first = n
        # the matches of this rule: runs of numbered lines, split by rulers
        while k < len(lines) and CODE.match(lines[k]):
            code: list[tuple[int, str]] = []
            while k < len(lines) and (CODE.match(lines[k]) or SKIP.match(lines[k])):
                c = CODE.match(lines[k])
                if c:
                    code.append((int(c.group("n")), c.group("code")))
                k += 1
            numbers = [c[0] for c in code]
            out.append(TextFinding(first, k - 1, text, path, min(numbers), max(numbers),
                                   snippet="\n".join(c[1] for c in code), tool="semgrep", rule=rule, level=level))
            if k < len(lines) and RULER.match(lines[k]):
                k += 1
                first = k
        n = max(k, n + 1)
    return out, paths


@register
class SemgrepText:
    name = "semgrep-text"

    def detect(self, text: str) -> float:
        if "┆" not in text and "Code Finding" not in text and "Scan Summary" not in text:
            return 0.0
        lines = text_lines(text)
        found, paths = parse(lines)
        if not found and not re.search(r"\b0 Code Findings|Findings: 0\b", text):
            return 0.0
        return 0.9 if coverage(lines, found, BOILERPLATE, paths) >= 0.85 else 0.0

    def read(self, text: str) -> list[Document]:
        lines = text_lines(text)
        found, _ = parse(lines)
        if not found and not re.search(r"\b0 Code Findings|Findings: 0\b|No findings", text, re.I):
            raise InputError("review is not semgrep text output: no finding under a rule header (❯❱ rule-id)")
        return documents_or_empty(self.name, [f.document(self.name, k + 1) for k, f in enumerate(found)], "semgrep")
