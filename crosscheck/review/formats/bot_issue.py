"""An issue an analyzer bot opens (CodeFactor, Codacy, DeepSource): one finding.

The title names the rule ("Use of possibly insecure function ... (B307)",
"(BAN-B507) Paramiko host key validation is disabled"), a sentence says the
bot found it ("CodeFactor found 3 occurrences", "There are 2 occurrences of
this issue"), and the body holds its description, its fields (a File/Line
table) and its occurrences, each a ``path:line`` with the code quoted. It is
one claim, located at every occurrence: an occurrence is where the finding
is, not a finding of its own, and the description is the rule's text.
"""
from __future__ import annotations

from .. import phrases
from ..document import Block, Document
from ..units import Unit, assign_parts, text_of
from . import register


@register
class BotIssue:
    name = "bot-issue"

    def detect(self, document: Document, blocks: list[Block]) -> float:
        if not blocks or blocks[0].kind != "heading":
            return 0.0
        headings = [b for b in blocks[1:] if b.kind == "heading"]
        if any(phrases.FINDING_TITLE.match(text_of(b).strip()) for b in headings):
            return 0.0  # a report of several findings
        opening = [b for b in blocks[1:] if b.kind in ("paragraph", "heading")][:4]
        return 0.8 if any(phrases.BOT_FOUND.search(text_of(b)) for b in opening) else 0.0

    def units(self, document: Document, blocks: list[Block]) -> list[Unit]:
        unit = Unit(document, list(blocks), kind="finding")
        assign_parts(unit)
        return [unit]
