"""The check registry and what a check gets to look at."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Protocol

from ..facts import CodeFacts
from ..model import AnalyzerRun, Claim, Evidence, Finding, Reference
from ..review.phrases import ADVICE_SENTENCE, negated, sentences
from ..source import SourceFile
from ..source.index import SourceIndex


@dataclass
class CheckContext:
    source: SourceFile
    index: SourceIndex
    facts: CodeFacts
    findings: list[Finding]  # those at or above the report's severity floor
    analyzers: dict[str, AnalyzerRun] = field(default_factory=dict)
    # everything the analyzers found in the file, whatever its severity (what a rule fires on)
    all_findings: list[Finding] = field(default_factory=list)

    def ran(self, analyzer: str) -> bool:
        run = self.analyzers.get(analyzer)
        return run is not None and run.status == "ok"


class ClaimCheck(Protocol):
    name: str
    # True for checks that read libcst facts: they are skipped (not run on empty
    # facts) when the source does not parse
    needs_facts: bool

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]: ...


_REGISTRY: list[ClaimCheck] = []


def register(cls: type) -> type:
    """Class decorator: instantiate the check and add it to the registry."""
    _REGISTRY.append(cls())
    return cls


def all_checks() -> list[ClaimCheck]:
    return list(_REGISTRY)


def applicable(check: ClaimCheck, ctx: CheckContext) -> bool:
    return ctx.facts.parsed or not getattr(check, "needs_facts", False)


# --- helpers shared by checks -------------------------------------------------

_MD = re.compile(r"\*\*|__|`")
_LEAD_IN = re.compile(r"^\s*(?:\d{1,3}[.)]|[-*•+])?\s*(?:\*\*|__)?[^:\n]{1,80}?(?:\*\*|__)?:\s+")


def assertion_sentences(claim: Claim) -> list[str]:
    """Sentences of the claim that assert something (advice dropped, markup removed)."""
    if claim.sentence_cache is not None:
        return claim.sentence_cache
    out = []
    for sentence in sentences(claim.assertion or claim.text):
        lead = _LEAD_IN.match(sentence)
        body = sentence[lead.end():] if lead and len(lead.group().split()) <= 9 else sentence
        if ADVICE_SENTENCE.search(body):
            continue
        out.append(_MD.sub("", body).strip())
    claim.sentence_cache = [s for s in out if s]
    return claim.sentence_cache


def plain(text: str) -> str:
    return _MD.sub("", text)


def scope_spans(claim: Claim, ctx: CheckContext, resolved_only: bool = True) -> list[tuple[int, int]]:
    """Spans of the functions and classes the claim names (``fetch_file``, ``archive()``)."""
    return [span for ref in claim.references
            if ref.cited.code and (not resolved_only or ref.status in ("exact", "shifted"))
            for span in ctx.index.structure.scope_spans(ref.cited.code)]


def resolved_lines(claim: Claim, ctx: CheckContext | None = None,
                   skip: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Cited line ranges of the claim that resolved to real lines (not those of the code in ``skip``).

    With ``ctx``, a reference to a function or class by name (``fetch_file``)
    stands for that whole definition.
    """
    out = scope_spans(claim, ctx) if ctx is not None else []
    for ref in claim.references:
        if ref.cited.code in skip:
            continue
        if ref.status in ("exact", "line_only") and ref.cited.line_start is not None:
            out.append((ref.cited.line_start, ref.cited.line_end or ref.cited.line_start))
        elif ref.status == "shifted" and ref.actual_lines:
            out.extend((line, line) for line in ref.actual_lines)
    return out


def primary_code(claim: Claim, resolved_only: bool = True) -> list[Reference]:
    return [r for r in claim.references if r.cited.code and r.cited.primary
            and (not resolved_only or r.status in ("exact", "shifted"))]


def quoted(code: str) -> str:
    """Code as evidence shows it: quoted once, even when it is a string literal."""
    return code if code[:1] in "'\"" else f"'{code}'"


def lines_text(lines: list[int], limit: int = 6) -> str:
    shown = ", ".join(str(n) for n in lines[:limit])
    more = f" and {len(lines) - limit} more" if len(lines) > limit else ""
    return ("line " if len(lines) == 1 else "lines ") + shown + more


Finder = Callable[[str], "re.Match | None"]
