"""Review inputs: how the bytes of a review become documents.

One module per input format, each registering a class with ``@register``:

- ``name`` (what ``--input-format`` calls it);
- ``detect(text) -> float``: how sure it is, 0..1, from the content alone;
- ``read(text) -> list[Document]``: the documents, each with its origin;
  raises ``InputError`` (one line) when the text is not what it reads.

A plain-text or Markdown review is one document; a GitHub or Gerrit comment
export is one document per comment, located by the comment's path and
lines; a findings file is one document per finding. The most confident
input reads the review; with none confident, it is ``text``.
"""
from __future__ import annotations

import importlib
import json
import pkgutil
from functools import lru_cache
from typing import Any, Protocol

from ...model import InputError
from ..document import Document

THRESHOLD = 0.5


class Input(Protocol):
    name: str

    def detect(self, text: str) -> float: ...

    def read(self, text: str) -> list[Document]: ...


_REGISTRY: dict[str, Input] = {}
_loaded = False


def register(cls: type) -> type:
    instance = cls()
    _REGISTRY[instance.name] = instance
    return cls


def all_inputs() -> dict[str, Input]:
    global _loaded
    if not _loaded:
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            importlib.import_module(f"{__name__}.{info.name}")
        _loaded = True
    return _REGISTRY


def names() -> list[str]:
    return sorted(all_inputs())


def detect_input_format(text: str) -> str:
    """The name of the input that reads ``text``, by its content."""
    best, score = "text", 0.0
    for name, adapter in sorted(all_inputs().items()):
        if name == "text":
            continue
        confidence = adapter.detect(text)
        if confidence > score:
            best, score = name, confidence
    return best if score >= THRESHOLD else "text"


def read_documents(text: str, fmt: str | None = None) -> tuple[str, list[Document]]:
    """(the input format used, the documents of the review)."""
    if fmt in (None, "", "auto"):
        fmt = detect_input_format(text)
    adapter = all_inputs().get(fmt)
    if adapter is None:
        raise InputError(f"unknown review format '{fmt}' (choose from auto, {', '.join(names())})")
    return fmt, adapter.read(text)


# ------------------------------------------------------------------ helpers for JSON inputs

XSSI_PREFIX = ")]}'"


def strip_xssi(text: str) -> tuple[str, bool]:
    """The text without a BOM and Gerrit's ``)]}'`` anti-XSSI line; whether it had one."""
    body = text.lstrip("\ufeff")
    stripped = body.lstrip()
    if stripped.startswith(XSSI_PREFIX):
        return stripped[len(XSSI_PREFIX):], True
    return body, False


def json_values(text: str) -> list[Any]:
    """Every JSON value in ``text``, one after another (``gh api --paginate``
    prints one list per page; JSON Lines is many values). Raises ``ValueError``."""
    decoder = json.JSONDecoder()
    values: list[Any] = []
    pos, end = 0, len(text)
    while True:
        while pos < end and text[pos].isspace():
            pos += 1
        if pos >= end:
            break
        value, pos = decoder.raw_decode(text, pos)
        values.append(value)
    if not values:
        raise ValueError("no JSON value")
    return values


def load_json(text: str, what: str) -> list[Any]:
    body, _ = strip_xssi(text)
    try:
        return json_values(body)
    except (ValueError, RecursionError) as exc:
        message = " ".join(str(exc).split())[:200]
        raise InputError(f"review is not valid {what} JSON: {message}") from None


@lru_cache(maxsize=2)
def maybe_json(text: str) -> list[Any] | None:
    """The JSON values of ``text`` if it is JSON, else None (for ``detect``: every
    JSON input asks, so the text is parsed once)."""
    body, _ = strip_xssi(text)
    if not body.lstrip().startswith(("[", "{")):
        return None
    try:
        return json_values(body)
    except (ValueError, RecursionError):
        return None


def line_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    return value if isinstance(value, int) and value >= 1 else None


def as_text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)
