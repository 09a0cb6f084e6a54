"""Text from a review, shown so that it can neither break an encoder nor fool a reader.

Every formatter writes text it did not write itself: claim text, cited code,
paths, evidence quoting the review. Two things in it must never get through:

* code points no encoder accepts: a lone surrogate (``\\ud800``, e.g. from a
  JSON review's ``"\\ud800"`` escape) makes ``str.encode`` raise, so writing
  the report would crash. They are replaced with U+FFFD, and the report says
  how many were replaced;
* characters that change what a reader sees: terminal control sequences
  (ESC, BEL, ...) and bidirectional controls (U+202E and friends, the
  "Trojan Source" trick) are shown as visible escapes such as ``\\x1b`` and
  ``\\u202e``.
"""
from __future__ import annotations

import re
from typing import Any, Callable

REPLACEMENT = "\ufffd"
_INVALID = re.compile("[\ud800-\udfff]")
# C0 controls but tab and newline, DEL, C1 controls; the bidi embeddings, overrides, isolates and marks
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _show(match: re.Match) -> str:
    ch = match.group()
    if _INVALID.match(ch):
        return REPLACEMENT
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with invalid code points replaced and control and bidi characters shown as escapes."""
    return _HIDDEN.sub(_show, text)


def valid(data: Any) -> Any:
    """A JSON-like value with every lone surrogate in its strings (keys too) replaced with U+FFFD."""
    return _each_string(data, lambda text: _INVALID.sub(REPLACEMENT, text))


def visible_all(data: Any) -> Any:
    """``visible`` applied to every string of a JSON-like value (keys too)."""
    return _each_string(data, visible)


def _each_string(data: Any, change: Callable[[str], str]) -> Any:
    if isinstance(data, str):
        return change(data)
    if isinstance(data, dict):
        return {_each_string(k, change): _each_string(v, change) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_each_string(v, change) for v in data]
    return data


def count_invalid(data: Any) -> int:
    """How many lone surrogates the strings of a JSON-like value hold."""
    if isinstance(data, str):
        return len(_INVALID.findall(data))
    if isinstance(data, dict):
        return sum(count_invalid(k) + count_invalid(v) for k, v in data.items())
    if isinstance(data, (list, tuple)):
        return sum(count_invalid(v) for v in data)
    return 0


def replaced_note(count: int) -> str:
    """The sentence a report carries when it had to replace invalid code points."""
    points = "code point (a lone surrogate)" if count == 1 else "code points (lone surrogates)"
    return f"{count} invalid {points} in the input replaced with U+FFFD"
