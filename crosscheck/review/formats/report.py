"""A document of findings: an LLM security review, an audit report, a human
review in plain text (numbered or bulleted findings, finding headings, bold
lead-ins, tables). The default for any document that is not a comment."""
from __future__ import annotations

from ..document import Block, Document
from ..units import Unit, report_units
from . import register


@register
class Report:
    name = "report"

    def detect(self, document: Document, blocks: list[Block]) -> float:
        return 0.0

    def units(self, document: Document, blocks: list[Block]) -> list[Unit]:
        return report_units(document, blocks)
