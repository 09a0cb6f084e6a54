"""GitHub Copilot pull-request review comments: short prose, sometimes a
``[nitpick]`` prefix and a ``suggestion`` block. Only the author tells them
apart; the body is read like any review comment."""
from __future__ import annotations

from ..document import Block, Document
from ..units import Unit, comment_unit
from . import register


@register
class Copilot:
    name = "copilot"

    def detect(self, document: Document, blocks: list[Block]) -> float:
        author = (document.origin.author or "").lower()
        return 0.9 if author.startswith("copilot") else 0.0

    def units(self, document: Document, blocks: list[Block]) -> list[Unit]:
        nitpick = document.text.lstrip().lower().startswith("[nitpick]")
        return [comment_unit(document, blocks, fields={"severity": "nitpick"} if nitpick else {})]
