"""Gemini Code Assist review comments: a priority badge image
(``![high](https://www.gstatic.com/codereviewagent/high-priority.svg)``), the
comment, often a ``suggestion`` block."""
from __future__ import annotations

from ..document import Block, Document
from ..units import Unit, comment_unit
from . import register

PRIORITIES = ("critical", "high", "medium", "low")


def _badge(block: Block) -> str | None:
    inline = block.inline
    if block.kind != "paragraph" or inline is None:
        return None
    for alt, src in inline.images:
        if "codereviewagent" in src or alt.lower() in PRIORITIES:
            return alt.lower() if alt.lower() in PRIORITIES else src.rsplit("/", 1)[-1].split("-")[0]
    return None


@register
class Gemini:
    name = "gemini"

    def detect(self, document: Document, blocks: list[Block]) -> float:
        if "gemini" in (document.origin.author or "").lower():
            return 0.95
        return 0.9 if blocks and _badge(blocks[0]) else 0.0

    def units(self, document: Document, blocks: list[Block]) -> list[Unit]:
        badge = _badge(blocks[0]) if blocks else None
        # the badge may share its paragraph with the comment's first sentence: only an image-only
        # paragraph is left out of the assertion
        meta = tuple(blocks[:1]) if badge and blocks[0].inline is not None and not blocks[0].inline.text.strip() else ()
        return [comment_unit(document, blocks, fields={"severity": badge} if badge else {}, meta=meta)]
