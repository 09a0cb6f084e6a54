"""Sourcery review comments.

An inline comment opens with its kind and category in bold:
``**suggestion (security):** ...``, ``**issue (bug_risk):** ...``. A review
body lists "## Individual Comments", each "### Comment N" with its place in a
``<location>`` tag (``<location> `src/x.py:42` </location>`` or
``<location path="src/x.py" line_range="40-42">``), Sourcery's own copy of the
diff in ``<code_context>`` and the claim in ``<issue_to_address>``. Localized
comments keep the English original in a ``<details>`` section.
"""
from __future__ import annotations

import re

from ..document import Block, Document, Section, tag_attributes
from ..locations import Location, code_location, parse_range
from ..units import Unit, assign_parts, comment_unit, lead_of, report_units, text_of
from .. import phrases
from . import register

KIND_LEAD = re.compile(r"^(?P<kind>suggestion|issue|nitpick|praise|question|todo|chore|thought|note)"
                       r"(?:\s*\((?P<category>[\w\s,_-]{1,60})\))?\s*:?$", re.I)
COMMENT_HEADING = re.compile(r"^comment\s+\d+\b", re.I)


@register
class Sourcery:
    name = "sourcery"

    def detect(self, document: Document, blocks: list[Block]) -> float:
        if "sourcery" in (document.origin.author or "").lower():
            return 0.95
        if blocks and KIND_LEAD.match(lead_of(blocks[0]).strip()):
            return 0.8
        if any(b.kind == "heading" and COMMENT_HEADING.match(text_of(b).strip()) for b in blocks) \
                and "<location" in document.text:
            return 0.9
        return 0.0

    def units(self, document: Document, blocks: list[Block]) -> list[Unit]:
        headings = [k for k, b in enumerate(blocks) if b.kind == "heading" and COMMENT_HEADING.match(text_of(b).strip())]
        if not headings:
            fields = {}
            m = KIND_LEAD.match(lead_of(blocks[0]).strip()) if blocks else None
            if m:
                fields = {"category": (m.group("category") or m.group("kind")).strip().lower()}
                kind = phrases.label_kind(m.group())
                if kind:
                    fields["kind"] = kind
            return [comment_unit(document, blocks, fields=fields)]
        units = report_units(document, blocks[:headings[0]]) if headings[0] else []
        for n, k in enumerate(headings):
            end = headings[n + 1] if n + 1 < len(headings) else len(blocks)
            level = blocks[k].level
            stop = next((j for j in range(k + 1, end) if blocks[j].kind == "heading" and blocks[j].level <= level), end)
            own = blocks[k:stop]
            unit = Unit(document, own, kind="comment", location=_location(document, own))
            for block in own[:1]:
                unit.parts[id(block)] = "meta"  # "### Comment 1" says nothing
            assign_parts(unit)
            units.append(unit)
        return units


LOCATION_TAG = re.compile(r"<location\b([^<>]{0,500})/?>")


def _location(document: Document, blocks: list[Block]) -> Location | None:
    lines = document.text.replace("\r\n", "\n").split("\n")
    first, last = min(b.start for b in blocks), max(b.end for b in blocks)
    for line in lines[first:last]:  # <location path="..." line_range="40-42" /> closes itself
        m = LOCATION_TAG.search(line)
        attrs = tag_attributes(m.group(1)) if m else {}
        if attrs.get("path"):
            rng = parse_range(attrs.get("line_range", "") or attrs.get("line", ""))
            return Location(0, 0, [rng] if rng else [], path=attrs["path"])
    for top in blocks:
        for block in top.walk():
            section = block.section
            tag: Section | None = next((s for s in section.chain() if s.tag == "location"), None) if section else None
            if tag is None:
                continue
            path = tag.attrs.get("path")
            if path:
                rng = parse_range(tag.attrs.get("line_range", "") or tag.attrs.get("line", ""))
                return Location(0, 0, [rng] if rng else [], path=path)
            for _, _, code in (block.inline.codes if block.inline else []):
                loc = code_location(code)
                if loc is not None:
                    return loc
    return None
