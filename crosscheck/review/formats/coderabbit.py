"""CodeRabbit review comments.

An inline comment opens with a badge line (``_⚠️ Potential issue_ | _🔴
Critical_``), then a bold title and the body; ``<details>`` sections fold the
proposed fix or committable suggestion, the tool output (``41-41: ... (S602)``),
the analysis chain (scripts it ran) and the "Prompt for AI Agents" (which
restates the place: "In src/x.py around lines 41 to 45"). "Also applies to:
88-92" names more lines of the same file.

A review body folds findings outside the diff and nitpicks into sections
("🧹 Nitpick comments (3)") per file ("src/x.py (2)"), each finding a
paragraph opening with its lines: ``` `12-14`: **Title** ```.
"""
from __future__ import annotations

import re

from .. import phrases
from ..document import Block, Document, Section
from ..locations import Location, find_locations, range_lead
from ..units import Unit, assign_parts, comment_unit, section_part, text_of
from . import register

BADGE_LINE = re.compile(r"^\s*_[^_\n]{1,60}_\s*(?:\|\s*_[^_\n]{1,60}_\s*){0,6}$")
MARKER = re.compile(r"auto-generated (?:comment|reply) by CodeRabbit|<!-- This is an auto-generated|"
                    r"Prompt for AI Agents|🤖 Prompt for AI|Also applies to:", re.I)
_PATH_LABEL = re.compile(r"^(?P<path>[\w./-]+\.\w{1,8})\s*(?:\(\d+\))?$")


def _first_line(text: str) -> str:
    return next((line for line in text.split("\n") if line.strip()), "")


@register
class CodeRabbit:
    name = "coderabbit"

    def detect(self, document: Document, blocks: list[Block]) -> float:
        author = (document.origin.author or "").lower()
        if "coderabbit" in author:
            return 0.95
        if BADGE_LINE.match(_first_line(document.text)):
            return 0.9
        if MARKER.search(document.text[:200_000]):
            return 0.7
        return 0.0

    def units(self, document: Document, blocks: list[Block]) -> list[Unit]:
        findings = [b for top in blocks for b in top.walk()
                    if b.section is not None and _findings_section(b.section) is not None]
        if findings:
            return _review_body_units(document, blocks)
        meta = tuple(b for b in blocks[:1] if b.kind == "paragraph" and BADGE_LINE.match(_first_line(document.text)))
        fields = {"severity": _severity(text_of(meta[0])), "kind": phrases.label_kind(text_of(meta[0]))} if meta else {}
        unit = comment_unit(document, blocks, fields={k: v for k, v in fields.items() if v}, meta=meta)
        if unit.location is None or not unit.location.ranges:
            unit.location = _prompt_location(unit) or unit.location
        return [unit]


def _severity(badge: str) -> str | None:
    m = phrases.SEVERITY_WORDS.findall(badge)
    return m[-1].lower() if m else None


def _prompt_location(unit: Unit) -> Location | None:
    """The place the "Prompt for AI Agents" section names, for a comment pasted without its own."""
    for block in unit.walk():
        if unit.part(block) != "agent_prompt":
            continue
        text = block.code if block.kind in ("fence", "code") else (block.inline.text if block.inline else "")
        found = find_locations(text)
        path = next((loc.path for loc in found if loc.path), None)
        rng = next((loc.ranges[0] for loc in found if loc.ranges), None)
        if rng:
            return Location(0, 0, [rng], path=path)
    return None


def _findings_section(section: Section | None) -> Section | None:
    for sec in section.chain() if section else []:
        if sec.tag == "details" and phrases.FINDINGS_SECTION.search(sec.label):
            return sec
    return None


def _file_of(section: Section | None) -> str | None:
    for sec in section.chain() if section else []:
        m = _PATH_LABEL.match(sec.label.strip()) if sec.tag == "details" else None
        if m:
            return m.group("path")
    return None


def _review_body_units(document: Document, blocks: list[Block]) -> list[Unit]:
    """One unit per ``\\`12-14\\`: **Title**`` finding of a review body's folded sections."""
    units: list[Unit] = []
    current: Unit | None = None
    for block in (b for top in blocks for b in [top]):
        inside = _findings_section(block.section)
        if inside is None:
            current = None
            continue
        if block.kind == "hr":
            current = None
            continue
        own = section_part(block.section)
        if own in ("proposed", "tool_output", "analysis", "agent_prompt", "meta") and current is not None:
            current.blocks.append(block)
            continue
        lead = range_lead(text_of(block)) if block.kind == "paragraph" else None
        if lead is not None:
            current = Unit(document, [block], kind="comment",
                           location=Location(0, 0, [lead], path=_file_of(block.section)))
            units.append(current)
        elif current is not None:
            current.blocks.append(block)
    for unit in units:
        for block in unit.blocks[:1]:
            unit.parts[id(block)] = "body"
        assign_parts(unit)
    return units
