"""A plain-text or Markdown review: one document, its lines the review's lines."""
from __future__ import annotations

from ..document import Document, Origin
from . import register


@register
class Text:
    name = "text"
    review_lines = True  # claims keep the review's own line numbers

    def detect(self, text: str) -> float:
        return 0.1

    def read(self, text: str) -> list[Document]:
        return [Document(text, Origin("text"), line_base=0)]
