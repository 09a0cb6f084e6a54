"""What every findings-file input shares: one finding -> one ``Document``.

Analyzers and scanners (SARIF from any tool, reviewdog, GitLab, bandit,
semgrep, ruff) all say the same thing in different shapes: "this tool finds
this rule's issue at this place, with this message (and maybe this code)".
The input modules only take their shape apart; this module writes the one
document the ``finding`` format reads, so every tool's finding is checked
the same way:

- text: the message, then the code the tool quotes as a fenced block;
- origin: the file (a path as the tool wrote it, made relative so the
  source root can match it by suffix), the line range, the tool as the
  author, and the finding's identity (guid, fingerprint or its index);
- fields: ``finding``, ``rule``, ``severity`` (low/medium/high), ``tool``,
  ``title`` and the CWE ids the tool states (``cwe``, read by the claim
  builder beside any CWE the message names).

A findings file with no findings states that it found none: it is one empty
document whose ``stated`` field says ``no_defects``.
"""
from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable
from urllib.parse import unquote, urlsplit

from ..document import Document, Origin

# "CWE-78", "cwe-078", "external/cwe/cwe-078", "CWE:78", a CWE URL ".../definitions/78.html"
_CWE = re.compile(r"\bcwe[-_:/ ]?0*(\d{1,5})\b|cwe\.mitre\.org/data/definitions/0*(\d{1,5})", re.I)
# where an installed package's path starts inside a virtualenv or system prefix
_PACKAGE_ROOTS = ("site-packages/", "dist-packages/")
_LEVELS = {
    "critical": "high", "blocker": "high", "high": "high", "error": "high", "severe": "high",
    "medium": "medium", "major": "medium", "moderate": "medium", "warning": "medium", "warn": "medium",
    "low": "low", "minor": "low", "info": "low", "information": "low", "note": "low", "none": "low",
    "unknown": "low", "unknown_severity": "low", "style": "low", "hint": "low",
}
MAX_SNIPPET_LINES = 40  # a longer quote is cut; the finding is located by its lines anyway


@lru_cache(maxsize=None)
def _validator(name: str) -> Any:
    import jsonschema
    schema = json.loads((resources.files("crosscheck") / "schema" / f"{name}.schema.json").read_text("utf-8"))
    return jsonschema.Draft7Validator(schema)


def schema_problem(value: Any, name: str) -> str | None:
    """Why ``value`` does not fit ``crosscheck/schema/<name>.schema.json`` (one line), or None.

    The schema says which fields an input module reads and of what type, so a
    file that is not what it claims to be is refused with the first place it
    goes wrong, rather than read as a review with no findings.
    """
    errors = sorted(_validator(name).iter_errors(value), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if not errors:
        return None
    error = errors[0]
    if error.context:  # oneOf/anyOf: the deepest reason of the branch that got furthest
        error = max(error.context, key=lambda e: len(e.absolute_path))
    where = "/".join(str(p) for p in error.absolute_path) or "(top)"
    return f"{where}: {' '.join(error.message.split())[:160]}"


def severity(value: Any) -> str | None:
    """A tool's severity word (SARIF level, bandit, semgrep, GitLab, Code Quality) as low/medium/high."""
    if not isinstance(value, str) or not value.strip():
        return None
    return _LEVELS.get(value.strip().lower())


def cwe_ids(values: Iterable[Any]) -> tuple[int, ...]:
    """Every CWE id in the given strings, numbers and lists, in order, once each."""
    out: list[int] = []
    stack = list(values)[::-1]
    while stack:
        value = stack.pop()
        if isinstance(value, (list, tuple)):
            stack.extend(reversed(value))
            continue
        if isinstance(value, dict):  # bandit's {"id": 78, "link": ...}
            stack.extend(reversed([value.get("id"), value.get("link")]))
            continue
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int):
            ids = [value]
        else:
            ids = [int(a or b) for a, b in _CWE.findall(str(value))]
        out.extend(i for i in ids if i > 0 and i not in out)
    return tuple(out)


def relative_path(path: Any) -> str | None:
    """The path a tool wrote, as a relative path the source root can match by suffix.

    ``file://`` URIs and %-escapes are undone; ``./`` is dropped; an absolute
    path from the machine that ran the tool (``/builds/x/.venv/lib/python3.11/
    site-packages/pkg/mod.py``, ``C:\\work\\pkg\\mod.py``) keeps what follows
    an installed-package folder, or loses its root, so it is matched by its
    trailing components and can never name a file outside the source root.
    """
    if not isinstance(path, str) or not path.strip():
        return None
    raw = path.strip()
    if raw.lower().startswith("file:"):
        parts = urlsplit(raw)
        raw = parts.path
        if re.match(r"^/[A-Za-z]:", raw):  # file:///C:/x
            raw = raw[1:]
    raw = unquote(raw).replace("\\", "/")
    for marker in _PACKAGE_ROOTS:
        if marker in raw:
            raw = raw.rsplit(marker, 1)[1]
            break
    raw = re.sub(r"^[A-Za-z]:/", "", raw).lstrip("/")
    norm = posixpath.normpath(raw) if raw else ""
    parts_ = [p for p in norm.split("/") if p not in ("", ".", "..")]
    return "/".join(parts_) or None


def snippet_lines(code: str | None) -> str | None:
    """A quoted snippet as the code lines themselves, or None when there is none."""
    if not isinstance(code, str):
        return None
    lines = code.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines or code.strip().lower() == "requires login":  # semgrep without a login hides the code
        return None
    return "\n".join(lines[:MAX_SNIPPET_LINES])


def numbered_snippet(code: str | None, first: int | None, last: int | None) -> str | None:
    """The lines ``first..last`` of a snippet whose lines start with their number
    (bandit's ``code``: ``"460 \\t  r.error (500)\\n461 ..."``), without the numbers.
    The context lines bandit adds around the finding are left out."""
    if not isinstance(code, str) or first is None:
        return None
    last = last if last is not None and last >= first else first
    kept: list[str] = []
    for line in code.replace("\r\n", "\n").split("\n"):
        m = re.match(r"^(\d+)(?:\t| )(.*)$", line)
        if m and first <= int(m.group(1)) <= last:
            kept.append(m.group(2))
    return snippet_lines("\n".join(kept))


def finding_text(message: str, snippet: str | None) -> str:
    """The document text: the message, and the quoted code as a fenced block."""
    text = " ".join(message.split()) if "\n" not in message.strip() else message.strip()
    if snippet:
        fence = "```"
        while fence in snippet:
            fence += "`"
        text = f"{text}\n\n{fence}\n{snippet}\n{fence}"
    return text


def finding_document(input_name: str, position: int, message: str, *, path: Any = None,
                     start: int | None = None, end: int | None = None, snippet: str | None = None,
                     tool: str | None = None, rule: str | None = None, level: Any = None,
                     cwe: Iterable[Any] = (), finding_id: str | None = None, url: str | None = None,
                     title: str | None = None) -> Document:
    """The document of one finding (see the module docstring)."""
    if start is not None and end is not None and end < start:
        start, end = end, start
    origin = Origin(input_name, position, relative_path(path), start, end if end is not None else start,
                    author=tool or None, id=finding_id or None, url=url or None)
    fields: dict[str, Any] = {"finding": True}
    for key, value in (("rule", rule), ("severity", severity(level)), ("tool", tool), ("title", title)):
        if value:
            fields[key] = value
    ids = cwe_ids(cwe)
    if ids:
        fields["cwe"] = ids
    text = finding_text(message or title or rule or "finding", snippet)
    return Document(text, origin, line_base=None, fields=fields)


def no_findings(input_name: str, tool: str | None = None) -> list[Document]:
    """A findings file that holds no findings: it states that there are none."""
    return [Document("", Origin(input_name, 1, author=tool or None), line_base=None,
                     fields={"stated": "no_defects"})]


def documents_or_empty(input_name: str, docs: list[Document], tool: str | None = None) -> list[Document]:
    return docs if docs else no_findings(input_name, tool)


def text_of(value: Any) -> str:
    """A string field, or "" (tools write null, numbers or nothing)."""
    if isinstance(value, str):
        return value
    return "" if value is None or isinstance(value, (dict, list)) else str(value)


def int_of(value: Any) -> int | None:
    """A 1-based line number, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and value >= 1 else None


# ------------------------------------------------------------------ analyzers' text output

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass
class TextFinding:
    """One finding read from a tool's text output, with the lines of the text it
    took (0-based, ``last`` inclusive), so a reader can tell how much of a text
    is tool output and where each finding sits in it."""
    first: int
    last: int
    message: str
    path: str | None
    start: int | None
    end: int | None = None
    snippet: str | None = None
    tool: str | None = None
    rule: str | None = None
    level: str | None = None
    cwe: tuple[Any, ...] = ()
    url: str | None = None

    def document(self, input_name: str, position: int) -> Document:
        return finding_document(input_name, position, self.message, path=self.path, start=self.start,
                                end=self.end, snippet=self.snippet, tool=self.tool, rule=self.rule,
                                level=self.level, cwe=self.cwe, finding_id=f"line {self.first + 1}", url=self.url)


def text_lines(text: str) -> list[str]:
    """The lines of a tool's text output, colours removed."""
    return ANSI.sub("", text.lstrip("\ufeff")).replace("\r\n", "\n").replace("\r", "\n").split("\n")


def coverage(lines: list[str], found: list[TextFinding], boilerplate: re.Pattern[str],
             framing: Iterable[int] = ()) -> float:
    """The share of non-blank lines that are findings or the tool's own framing
    (lines matching ``boilerplate``, or the ``framing`` line numbers a parser saw)."""
    covered = bytearray(len(lines))
    for n in framing:
        if 0 <= n < len(lines):
            covered[n] = 1
    for f in found:
        for n in range(f.first, min(f.last + 1, len(lines))):
            covered[n] = 1
    total = hits = 0
    for n, line in enumerate(lines):
        if not line.strip():
            continue
        total += 1
        hits += bool(covered[n] or boilerplate.search(line))
    return hits / total if total else 0.0
