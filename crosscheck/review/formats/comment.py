"""A plain review comment (a person's, or a bot without a format of its own):
its whole body is one claim, located where the comment is. The default for
documents read from comment JSON."""
from __future__ import annotations

from ..document import Block, Document
from ..units import Unit, comment_unit
from . import register


@register
class Comment:
    name = "comment"

    def detect(self, document: Document, blocks: list[Block]) -> float:
        return 0.0

    def units(self, document: Document, blocks: list[Block]) -> list[Unit]:
        return [comment_unit(document, blocks)]
