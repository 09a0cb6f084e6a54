"""qodo PR-Agent ``/review`` output ("## PR Reviewer Guide 🔍").

An HTML table: the estimated effort, tests, "🔒 Security concerns" (a claim
of its own, or "No security concerns identified") and "⚡ Recommended focus
areas for review", each area a ``<details>`` whose summary links the lines it
is about (``.../pull/N/files#diff-<sha256 of the path>R120-R135``), states
the issue, and shows the relevant code in the body.
"""
from __future__ import annotations

import re

from ..document import Block, Document, Section, normalise, reparse, sections
from ..locations import url_location
from ..units import Unit, assign_parts
from . import register

GUIDE = re.compile(r"PR Reviewer Guide|Recommended focus areas for review|Key issues to review|"
                   r"PR Review(?:er)? Guide", re.I)
SECURITY = re.compile(r"security concerns?", re.I)
NO_SECURITY = re.compile(r"no security concerns? identified", re.I)
_HREF = re.compile(r"""href=['"](?P<href>[^'"]{1,2048})['"]""")


@register
class PrAgent:
    name = "pr_agent"

    def detect(self, document: Document, blocks: list[Block]) -> float:
        return 0.9 if GUIDE.search(document.text[:20_000]) else 0.0

    def units(self, document: Document, blocks: list[Block]) -> list[Unit]:
        lines = normalise(document.text).split("\n")
        code = [(b.start, b.end) for top in blocks for b in top.walk() if b.kind in ("fence", "code")]
        found = sections(lines, code)
        units: list[Unit] = []
        for section in found:
            if section.tag == "td" and SECURITY.search(" ".join(lines[section.start:section.start + 1])):
                units.append(_unit(document, section, lines, "paragraph" if NO_SECURITY.search(
                    " ".join(lines[section.start:section.end])) else "finding"))
            elif section.tag == "details" and _HREF.search(" ".join(lines[section.start:section.label_lines[1]])):
                unit = _unit(document, section, lines, "finding")
                href = _HREF.search(" ".join(lines[section.start:section.label_lines[1]]))
                unit.location = url_location(href.group("href")) if href else None
                units.append(unit)
        return units


def _unit(document: Document, section: Section, lines: list[str], kind: str) -> Unit:
    own = reparse(document, section.start, section.end)
    # a focus area is an issue the bot found, not a recommendation: its section is named as one;
    # a security concern the guide raises states a defect
    unit = Unit(document, own, kind=kind, section="Focus areas for review" if kind == "finding" else "")
    if kind == "finding" and section.tag == "td":
        unit.fields["kind"] = "defect"
    assign_parts(unit)
    return unit
