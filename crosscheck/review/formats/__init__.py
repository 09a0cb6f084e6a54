"""Review formats: how the blocks of one document group into claim units.

A document from any input (a plain review, one comment of a GitHub export)
is written in some format: a review bot's comment (CodeRabbit, Sourcery,
Copilot, Gemini Code Assist, qodo PR-Agent), an LLM security report, a
plain review comment. Each format is one module in this package that
registers a class with ``@register``:

- ``name``;
- ``detect(document, blocks) -> float``: how sure it is, 0..1, from the
  content (and the comment's author, when the input gives one);
- ``units(document, blocks) -> list[Unit]``.

The most confident format reads the document; with no confident format, a
comment is read as one claim (``comment``) and any other document as a report
of findings (``report``).
"""
from __future__ import annotations

import importlib
import pkgutil
from typing import Protocol

from ..document import Block, Document
from ..units import Unit

THRESHOLD = 0.5


class Format(Protocol):
    name: str

    def detect(self, document: Document, blocks: list[Block]) -> float: ...

    def units(self, document: Document, blocks: list[Block]) -> list[Unit]: ...


_REGISTRY: dict[str, Format] = {}
_loaded = False


def register(cls: type) -> type:
    """Class decorator: instantiate the format and add it to the registry."""
    instance = cls()
    _REGISTRY[instance.name] = instance
    return cls


def all_formats() -> dict[str, Format]:
    global _loaded
    if not _loaded:
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            importlib.import_module(f"{__name__}.{info.name}")
        _loaded = True
    return _REGISTRY


def choose(document: Document, blocks: list[Block]) -> Format:
    formats = all_formats()
    best, score = None, 0.0
    for fmt in formats.values():
        if fmt.name in ("comment", "report"):
            continue
        confidence = fmt.detect(document, blocks)
        if confidence > score:
            best, score = fmt, confidence
    if best is not None and score >= THRESHOLD:
        return best
    return formats["comment" if is_comment(document) else "report"]


def is_comment(document: Document) -> bool:
    """A document that is one review comment (from comment JSON), not a whole review."""
    return document.line_base is None
