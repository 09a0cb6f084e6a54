"""Stage 1, end to end: review text -> documents -> units -> claims.

One road from any input: the input format (``inputs/``) turns the text into
documents with their origins; the Markdown parser (``document.py``) turns
each into blocks; the review format (``formats/``) groups blocks into units;
``claims.py`` makes each unit a claim with every piece of code's role; and
``kinds.py`` says what each claim and the whole review assert.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Claim, Span
from . import formats, inputs
from .claims import build_claim
from .document import Document, blocks, unify_newlines
from .kinds import classify, stated_conclusion, title_states
from .roles import MENTION
from .units import Unit

MAX_CLAIMS = 20_000  # beyond this a review's claims are cut, and the report says so


@dataclass
class ParsedReview:
    lines: list[str]             # the review's lines (comment inputs: one comment body each)
    claims: list[Claim]
    stated: str                  # defects / no_defects / unclear
    input_format: str = "text"
    truncated: int | None = None  # claims the review had before they were capped


def parse_input(text: str, fmt: str | None = None) -> ParsedReview:
    """A review of any supported input format -> claims.

    ``fmt`` names the input format (``inputs.names()``); None or ``auto``
    detects it. A review that is not what an explicitly requested format
    needs raises ``InputError`` with a one-line message.
    """
    used, documents = inputs.read_documents(text, fmt)
    claims: list[Claim] = []
    stated: str | None = None
    total = 0
    for document in documents:
        stated = stated or document.fields.get("stated") or title_states(document.text)
        if document.origin.reply or not document.text.strip():
            continue
        for claim in document_claims(document, len(claims) + 1):
            total += 1
            if len(claims) < MAX_CLAIMS:
                claims.append(claim)
    keeps_lines = getattr(inputs.all_inputs()[used], "review_lines", False)
    lines = unify_newlines(text).split("\n") if keeps_lines else [d.text for d in documents]
    parsed = ParsedReview(lines, claims, stated_conclusion(claims, _stated_of(documents, stated)), used)
    if total > len(claims):
        parsed.truncated = total
    return parsed


def _stated_of(documents: list[Document], stated: str | None) -> str | None:
    """A findings file says outright what it concludes: defects when it holds any, none when empty."""
    if stated:
        return stated
    findings = [d for d in documents if d.text.strip()]
    if findings and all(d.fields.get("finding") for d in findings):
        return "defects"  # every document is a finding a tool reports
    return None


def parse_review(text: str) -> ParsedReview:
    """A plain-text or Markdown review -> claims."""
    return parse_input(text, "text")


def document_claims(document: Document, first_index: int) -> list[Claim]:
    top = blocks(document)
    units = formats.choose(document, top).units(document, top)
    lines = unify_newlines(document.text).split("\n")  # claim text is verbatim: bullets as written
    out: list[Claim] = []
    for position, unit in enumerate(units):
        text, span = _text_and_span(unit, lines, len(units))
        if not text.strip():
            continue
        claim = build_claim(first_index + len(out), unit, position, len(units), text, span)
        if claim is None:
            continue
        if document.origin.base_side:
            _soften(claim, document.origin.path)
        claim.kind = classify(claim, unit.kind, position, len(units),  # type: ignore[assignment]
                              unit.fields.get("kind") or document.fields.get("kind"))
        out.append(claim)
    return out


def _text_and_span(unit: Unit, lines: list[str], count: int) -> tuple[str, Span]:
    document = unit.document
    first, last = unit.first_line, unit.last_line
    while last > first and last < len(lines) and not lines[last].strip():
        last -= 1
    if document.line_base is None:
        k = document.origin.position
        text = document.text.strip() if count == 1 else "\n".join(lines[first:last + 1]).strip()
        return text, Span(k, k)
    text = "\n".join(lines[first:last + 1]).strip()
    return text, Span(document.line_base + first + 1, document.line_base + last + 1)


def _soften(claim: Claim, path: str | None) -> None:
    """A comment on the old side of a diff talks about code the change may have
    removed: what it names proves nothing by its absence, and its lines are not
    the new file's."""
    for ref in claim.cited:
        ref.hard = False
        if ref.role in ("cited", "replaced"):
            ref.role = MENTION
        if ref.path == path:
            ref.line_start = ref.line_end = None
            ref.group_ranges = []
