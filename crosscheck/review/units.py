"""Blocks -> claim units: which blocks make one claim, and what part each plays.

A unit is what one claim is made of. A review format (``formats/``) decides
how a document's blocks group into units, with the two shapes here:

- ``report_units``: a document of findings — a numbered or bulleted item with
  its "Solution:" tail, a heading that opens a finding (up to the next heading
  of its level), a bold lead-in paragraph, a table row; paragraphs between
  them are summaries or observations;
- ``comment_unit``: a review comment — its whole body is one claim.

Every block of a unit gets a ``part``: ``body`` (what the claim asserts),
``advice`` (a "Solution:" or "Recommendation:" tail), ``proposed`` (a
suggestion or proposed fix section), ``tool_output``, ``analysis``,
``agent_prompt``, ``original`` (the English original of a localized comment),
``context`` (a bot's copy of the diff), ``meta`` (badges, review details) or
``message`` (an analyzer's own message: asserted, but its code is a mention).
Only ``body`` (or ``original``) text is asserted; roles of code follow from
the part (``roles.py``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import phrases
from .document import Block, Document, Section
from .locations import Location

ASSERTED_PARTS = frozenset({"body", "original", "message"})


@dataclass
class Unit:
    """The blocks of one claim, with what the format knows of it."""
    document: Document
    blocks: list[Block]
    kind: str = "finding"          # finding / paragraph / comment / row
    section: str = ""              # the heading or label of the list it sits in
    location: Location | None = None  # its own place: comment range, "Location:" field, row's Line column
    fields: dict[str, Any] = field(default_factory=dict)
    parts: dict[int, str] = field(default_factory=dict)  # id(block) -> part

    @property
    def first_line(self) -> int:
        return min(b.start for b in self.blocks)

    @property
    def last_line(self) -> int:
        return max(b.end for b in self.blocks) - 1

    def part(self, block: Block) -> str:
        return self.parts.get(id(block), "body")

    def walk(self):
        """Every block of the unit, nested ones included, in document order."""
        for top in self.blocks:
            yield from top.walk()


# ------------------------------------------------------------------ parts

def section_part(section: Section | None) -> str | None:
    """The part a ``<details>`` section (or bot tag) holds, from its label."""
    for sec in section.chain() if section else []:
        if sec.tag == "code_context":
            return "context"
        if sec.tag == "location":
            return "meta"
        if sec.tag != "details":
            continue
        if phrases.FINDINGS_SECTION.search(sec.label):
            return None  # "⚠️ Outside diff range comments (2)" holds findings: it is no part of one
        for part, pattern in phrases.SECTION_KINDS:
            if pattern.search(sec.label):
                return part
    return None


def lead_of(block: Block) -> str:
    """The bold lead of a paragraph or item ("**Recommendation:** ..." -> "Recommendation:")."""
    inline = block.inline
    if inline is None and block.kind == "item" and block.children:
        inline = block.children[0].inline
    return inline.lead if inline is not None else ""


def text_of(block: Block) -> str:
    inline = block.inline
    if inline is None and block.kind == "item" and block.children:
        inline = block.children[0].inline
    return inline.text if inline is not None else ""


def is_advice_block(block: Block) -> bool:
    text = text_of(block)
    lead = lead_of(block)
    return bool(phrases.ADVICE_LEAD.match(text)) or bool(lead and phrases.ADVICE_LEAD_TEXT.match(lead.rstrip(":")))


def is_field_block(block: Block) -> bool:
    lead = lead_of(block)
    if lead and phrases.FIELD_LEAD_TEXT.match(lead.rstrip(":").strip()):
        return True
    m = re.match(r"\s*([A-Za-z][\w ]{0,30}?)\s*:", text_of(block))
    return bool(m and phrases.FIELD_LEAD_TEXT.match(m.group(1)))


def assign_parts(unit: Unit) -> None:
    """Give every block of the unit its part.

    A ``<details>`` section decides by its label; outside sections an advice
    lead ("Solution:", "**Recommendation:**", a "#### Fix" heading) makes the
    blocks after it advice until a field lead ("**Location:**") or a heading
    that is not advice brings the text back to the code.
    """
    advice = False
    for block in unit.walk():
        if id(block) in unit.parts:
            continue
        by_section = section_part(block.section)
        if by_section is not None:
            unit.parts[id(block)] = by_section
            continue
        if block.kind in ("paragraph", "item", "heading"):
            if block.kind == "heading":
                advice = bool(phrases.ADVICE_LEAD_TEXT.match(text_of(block)) or phrases.ADVICE_SECTION.match(
                    text_of(block)))
            elif is_advice_block(block):
                advice = True
            elif is_field_block(block):
                advice = False
        if block.kind == "item":
            continue  # an item's part is its paragraphs'
        unit.parts[id(block)] = "advice" if advice else "body"


# ------------------------------------------------------------------ report shape

# a heading over a list of findings ("## Findings", "## Security Issues"): its sub-headings are findings
_FINDINGS_HEADING = re.compile(r"\b(?:findings|vulnerabilities|issues|weaknesses|defects|problems|concerns|"
                               r"observations|results|detailed analysis)\b", re.I)


def _locates_itself(top: list[Block], k: int) -> bool:
    """A heading whose own text (up to the next heading) gives its location in a field
    ("## Unsafe load" ... "Location: app.py:63"): the heading names a finding."""
    for block in top[k + 1:]:
        if block.kind == "heading":
            return False
        if block.kind == "paragraph" and phrases.LOCATION_FIELD.match(text_of(block)):
            return True
    return False


def _bold_only(block: Block) -> bool:
    """A paragraph that is nothing but bold text: a heading written in bold."""
    inline = block.inline
    if block.kind != "paragraph" or inline is None or not inline.lead:
        return False
    return inline.text.strip().rstrip(":").strip() == inline.lead.rstrip(":").strip()


def _label_like(text: str) -> bool:
    """A short line ending in ':' that names what follows ("Recommendations:")."""
    text = text.strip()
    return text.endswith(":") and len(text.split()) <= 6 and not phrases.FIRST_PERSON.match(text)


def report_units(document: Document, top: list[Block]) -> list[Unit]:
    """Units of a document of findings (an LLM security review, an audit report)."""
    units: list[Unit] = []
    current: Unit | None = None     # the unit that following blocks may join
    heading_level: int | None = None  # level of the heading that opened ``current``
    section = ""
    findings_level: int | None = None  # level of a "## Findings" heading whose sub-headings are findings

    def open_unit(blocks: list[Block], kind: str = "finding") -> Unit:
        unit = Unit(document, blocks, kind=kind, section=section)
        units.append(unit)
        return unit

    for k, block in enumerate(top):
        nxt = top[k + 1] if k + 1 < len(top) else None
        if block.kind == "hr":
            current, heading_level = None, None  # a rule ends the finding above it
            continue
        if block.kind == "heading":
            title = text_of(block).strip()
            if current is not None and heading_level is not None and block.level > heading_level:
                current.blocks.append(block)  # "#### Recommendation" inside a finding
                continue
            if findings_level is not None and block.level <= findings_level:
                findings_level = None
            under_findings = findings_level is not None and block.level > findings_level
            container = bool(_FINDINGS_HEADING.search(title)) and not phrases.FINDING_TITLE.match(title)
            listed = under_findings and not container and not phrases.ADVICE_SECTION.search(title) \
                and not phrases.NOT_A_CLAIM_LEAD.match(title)
            if phrases.FINDING_TITLE.match(title) or _locates_itself(top, k) or listed:
                current, heading_level = open_unit([block]), block.level
            else:
                section, current, heading_level = title.rstrip(":"), None, None
                if container and not phrases.ADVICE_SECTION.search(title) and not phrases.NOT_A_CLAIM_LEAD.match(title):
                    findings_level = block.level
            continue
        if _bold_only(block):
            title = text_of(block).strip()
            if current is not None and (is_advice_block(block) or is_field_block(block)):
                current.blocks.append(block)
                continue
            if not phrases.FINDING_TITLE.match(title):
                section, current, heading_level = title.rstrip(":").strip(), None, None  # "**Findings**"
                continue
            current, heading_level = open_unit([block]), 99  # "**4. Missing exception handling**": its body follows
            continue
        if current is not None and heading_level is not None:
            if block.kind == "paragraph" and phrases.NOT_A_CLAIM_LEAD.match(text_of(block)):
                current, heading_level = open_unit([block], "paragraph"), None  # "Overall, ..." ends it
            else:
                current.blocks.append(block)
            continue
        if block.kind == "list":
            for item in block.children:
                current = open_unit([item])
            heading_level = None
            continue
        if block.kind == "table":
            for row in block.children:
                open_unit([row], "row")
            current = None
            continue
        if block.kind == "paragraph":
            text = text_of(block)
            if _label_like(text) and (nxt is None or nxt.kind in ("list", "table")):
                section, current = text.strip().rstrip(":"), None  # "Recommendations:" over a list
                continue
            if current is not None and is_advice_block(block):
                current.blocks.append(block)
                continue
            lead = lead_of(block)
            if lead and not is_advice_block(block) and not phrases.NOT_A_CLAIM_LEAD.match(lead):
                current = open_unit([block])  # "**SQL injection (line 21):** The query ..."
                continue
            current = open_unit([block], "paragraph")
            continue
        if block.kind in ("fence", "code", "quote", "html") and current is not None:
            current.blocks.append(block)  # a quote of the code right after its finding
            continue
        if block.kind in ("fence", "code", "quote"):
            current = open_unit([block], "paragraph")
    for unit in units:
        assign_parts(unit)
    return units


def comment_unit(document: Document, top: list[Block], location: Location | None = None,
                 fields: dict[str, Any] | None = None, meta: tuple[Block, ...] = ()) -> Unit:
    """A review comment: its whole body is one unit, located where the comment is.

    ``meta`` blocks (a bot's badge line) are kept in the claim's text but
    assert nothing.
    """
    unit = Unit(document, top, kind="comment", fields=dict(fields or {}),
                location=location if location is not None else origin_location(document))
    for block in meta:
        for inner in block.walk():
            unit.parts[id(inner)] = "meta"
    assign_parts(unit)
    return unit


def origin_location(document: Document) -> Location | None:
    """The place a comment or finding is attached to, from its origin."""
    origin = document.origin
    if origin.path is None and origin.start_line is None:
        return None
    if origin.base_side or origin.outdated or origin.start_line is None:
        return Location(0, 0, [], path=origin.path)
    end = origin.end_line if origin.end_line is not None else origin.start_line
    return Location(0, 0, [(min(origin.start_line, end), max(origin.start_line, end))], path=origin.path)
