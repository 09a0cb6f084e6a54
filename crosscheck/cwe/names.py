"""Normalisation and matching of CWE names as written in LLM security reviews.

Reviews quote CWE names loosely: different case, stray quotes or punctuation,
hyphens vs. spaces, dropped filler words, old (renamed) names, or only the
first few words of a long name.  This module turns names into comparable
forms and decides, in a deterministic and explainable way, how well a stated
name fits one catalog name.

Match strength (:class:`MatchKind`), strongest first:

``EXACT``
    The significant words (see :data:`STOP_WORDS`) of the stated name equal
    those of a catalog name variant (current name, previous name, the name
    without its trailing parenthetical, or the quoted alias in that
    parenthetical, e.g. ``'SQL Injection'`` for CWE-89).
``NEAR``
    Not exact, but the normalised strings are nearly identical
    (``rapidfuzz.fuzz.ratio`` >= :data:`NEAR_THRESHOLD`), i.e. a typo or a
    plural/singular slip.
``ALTERNATE``
    The stated name equals one of the entry's MITRE ``Alternate_Terms``
    (e.g. ``"Buffer Overflow"`` for CWE-119, ``"XSS"`` for CWE-79).  Weaker
    than a name: a few terms are shared by several CWEs.
``ABBREVIATION``
    The stated significant words appear, in order, among the variant's
    significant words, and they carry enough of it: at least two words and
    either three or more words or at least half of the variant's words.
    ``"Improper Neutralization of Input"`` abbreviates CWE-79's name.
"""

from __future__ import annotations

import difflib
import enum
import re
import unicodedata
from dataclasses import dataclass

try:  # rapidfuzz is fast; difflib is the (slower, slightly different) fallback.
    from rapidfuzz import fuzz as _fuzz
except ImportError:  # pragma: no cover - rapidfuzz is installed in the project venv
    _fuzz = None

__all__ = [
    "NEAR_THRESHOLD",
    "STOP_WORDS",
    "MatchKind",
    "NameCheck",
    "NameVariant",
    "is_abbreviation",
    "name_variants",
    "normalise",
    "significant_words",
    "similarity",
]

#: Filler words ignored when comparing names word by word.
STOP_WORDS: frozenset[str] = frozenset(
    {
        "a", "an", "the", "of", "to", "its", "it", "and", "or", "in", "for",
        "with", "on", "by", "from", "as", "at", "into", "via", "be", "is",
        "are", "that", "this", "aka",
    }
)

#: Minimum ``fuzz.ratio`` (0-100) of normalised strings for a NEAR match.
NEAR_THRESHOLD: float = 92.0

_APOSTROPHES = "'\u2018\u2019\u201b\u02bc\u0060\u00b4"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_CWE_PREFIX = re.compile(r"^\s*cwe\s*[-_:#]?\s*\d+\s*[:.\-\u2013\u2014)]*\s*", re.IGNORECASE)
_DEPRECATED_PREFIX = re.compile(r"^\s*deprecated\s*:\s*", re.IGNORECASE)
_TRAILING_PAREN = re.compile(r"^(?P<base>.*\S)\s*\((?P<inner>[^()]*)\)\s*$")
_QUOTED = re.compile(r"^\s*(?:aka\s+)?[\"'\u2018\u2019\u201c\u201d](?P<alias>.+)[\"'\u2018\u2019\u201c\u201d]\s*$", re.IGNORECASE)
_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalise(name: str) -> str:
    """Return a canonical, comparable form of a CWE name.

    Lower-cases, applies Unicode NFKC, drops a leading ``CWE-123:`` label,
    deletes apostrophes (``product's`` -> ``products``), turns hyphens and
    every other punctuation mark into spaces and collapses whitespace.

    >>> normalise("  Improper Interaction Between Multiple Correctly-Behaving Entities. ")
    'improper interaction between multiple correctly behaving entities'
    >>> normalise("CWE-79: Improper Neutralization ('Cross-site Scripting')")
    'improper neutralization cross site scripting'
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _CWE_PREFIX.sub("", text)
    for ch in _DASHES:
        text = text.replace(ch, " ")
    for ch in _APOSTROPHES:
        text = text.replace(ch, "")
    text = _NON_WORD.sub(" ", text)
    return " ".join(text.split())


def significant_words(name: str) -> tuple[str, ...]:
    """Normalised words of *name* without :data:`STOP_WORDS`."""
    return tuple(w for w in normalise(name).split() if w not in STOP_WORDS)


def similarity(a: str, b: str) -> float:
    """Similarity (0-100) of two already normalised strings."""
    if _fuzz is not None:
        return float(_fuzz.ratio(a, b))
    return 100.0 * difflib.SequenceMatcher(None, a, b).ratio()  # pragma: no cover


def is_abbreviation(stated: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """True when significant words *stated* clearly abbreviate *full*.

    All stated words must occur in *full* in the same order (gaps allowed),
    and they must carry enough of the name: identical word lists, or at least
    two words that are either three or more words or at least half of *full*.
    """
    if not stated or not full:
        return False
    if stated == full:
        return True
    if len(stated) < 2 or not (len(stated) >= 3 or 2 * len(stated) >= len(full)):
        return False
    it = iter(full)
    return all(word in it for word in stated)


class MatchKind(enum.IntEnum):
    """How a stated name relates to a catalog name variant (higher = stronger)."""

    NONE = 0
    ABBREVIATION = 1
    ALTERNATE = 2
    NEAR = 3
    EXACT = 4


@dataclass(frozen=True)
class NameVariant:
    """One comparable form of a CWE's name.

    ``source`` is ``"current"``, ``"previous"`` or ``"alternate"`` (a MITRE
    alternate term) - which text it came from;
    ``form`` is ``"full"``, ``"base"`` (trailing parenthetical removed) or
    ``"alias"`` (the quoted text of the trailing parenthetical).
    """

    cwe_id: int
    text: str                 # the original name this variant derives from
    source: str
    form: str
    normalised: str
    words: tuple[str, ...]    # significant words


def name_variants(cwe_id: int, name: str, source: str) -> list[NameVariant]:
    """Comparable variants of one name (full, without parenthetical, alias)."""
    forms: list[tuple[str, str]] = []
    cleaned = _DEPRECATED_PREFIX.sub("", name)
    forms.append(("full", cleaned))
    m = _TRAILING_PAREN.match(cleaned)
    if m:
        forms.append(("base", m.group("base")))
        q = _QUOTED.match(m.group("inner"))
        if q:
            forms.append(("alias", q.group("alias")))
    out: list[NameVariant] = []
    seen: set[tuple[str, ...]] = set()
    for form, text in forms:
        words = significant_words(text)
        if not words or words in seen:
            continue
        seen.add(words)
        out.append(NameVariant(cwe_id, name, source, form, normalise(text), words))
    return out


@dataclass(frozen=True)
class NameCheck:
    """Result of checking a ``CWE-N (stated name)`` pair against the catalog.

    ``catalog_name`` is ``None`` when the id is unknown to the catalog.
    ``belongs_to`` is set when the stated name is (or clearly is) the name of
    a *different* CWE, which it then names.  ``detail`` is one
    human-readable sentence explaining the verdict.
    """

    cwe_id: int
    stated_name: str
    catalog_name: str | None
    matches: bool
    belongs_to: int | None
    detail: str
