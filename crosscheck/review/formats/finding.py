"""One finding of an analyzer or scanner (a SARIF result, a bandit issue, a ruff
diagnostic) read as a claim: the tool says "this construct is at this place".

The document's text is the finding's message, optionally followed by the code
snippet the tool quotes as a fenced block. The message is the tool's own
words: code named in it is matched as a message, not as cited code (a
``shell=True`` in "call with `shell=True` identified" is a mention). The
snippet is a quote of the code at the finding's place. The unit is located
where the finding is; the claim states a defect.
"""
from __future__ import annotations

from ..document import Block, Document
from ..units import Unit, comment_unit
from . import register


@register
class Finding:
    name = "finding"

    def detect(self, document: Document, blocks: list[Block]) -> float:
        return 1.0 if document.fields.get("finding") else 0.0

    def units(self, document: Document, blocks: list[Block]) -> list[Unit]:
        fields = {k: document.fields[k] for k in ("severity", "rule", "tool", "title") if document.fields.get(k)}
        fields["kind"] = "defect"
        unit = comment_unit(document, blocks, fields=fields)
        for block in unit.walk():
            if block.kind not in ("fence", "code"):
                unit.parts[id(block)] = "message"
        return [unit]
