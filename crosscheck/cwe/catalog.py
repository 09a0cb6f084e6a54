"""In-process MITRE CWE catalog built from the XML shipped with ``cwe2``.

``cwe2.database.Database().get(n)`` rescans dozens of CSV files per call, so
this module instead parses ``cwe2/database_v*/cwec_v*.xml`` once per process
(about half a second) and answers every lookup from memory.  Use
:func:`load_catalog` to get the shared, lazily built instance.

Besides names, the XML gives each weakness's *previous* names (renames across
catalog versions) and its parents in the Research Concepts view (CWE-1000),
which is what :meth:`Catalog.pillar` walks.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
# ElementTree for its types only; parsing goes through defusedxml.
import xml.etree.ElementTree as ET  # nosec B405

import defusedxml.ElementTree as SafeET
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .names import (
    NEAR_THRESHOLD,
    MatchKind,
    NameCheck,
    NameVariant,
    is_abbreviation,
    name_variants,
    normalise,
    significant_words,
    similarity,
)

__all__ = ["RESEARCH_VIEW_ID", "Catalog", "CweEntry", "default_xml_path", "load_catalog"]

#: The CWE "Research Concepts" view whose ChildOf tree ends in the pillars.
RESEARCH_VIEW_ID = 1000

_INACTIVE_STATUSES = frozenset({"Deprecated", "Obsolete"})


@dataclass(frozen=True)
class CweEntry:
    """One catalog entry (weakness, category or view).

    ``abstraction`` is Pillar/Class/Base/Variant/Compound for weaknesses and
    ``"Category"`` or ``"View"`` otherwise.  ``previous_names`` lists former
    names oldest first (from ``Content_History/Previous_Entry_Name``).
    ``primary_parent`` is the ``Ordinal="Primary"`` ``ChildOf`` parent in the
    research view (None for pillars, categories, views and deprecated
    weaknesses).  ``status`` is the MITRE status (Stable, Draft, Incomplete,
    Deprecated, Obsolete, ...).  ``alternate_terms`` are MITRE's
    ``Alternate_Terms`` (e.g. "Buffer Overflow" for CWE-119).
    """

    id: int
    name: str
    abstraction: str
    previous_names: tuple[str, ...]
    primary_parent: int | None
    status: str = ""
    alternate_terms: tuple[str, ...] = ()

    @property
    def is_weakness(self) -> bool:
        """True for weaknesses (pillar/class/base/variant/compound)."""
        return self.abstraction not in ("Category", "View")

    @property
    def is_active(self) -> bool:
        """False for Deprecated/Obsolete entries."""
        return self.status not in _INACTIVE_STATUSES


def default_xml_path() -> Path:
    """Locate the newest ``cwec_v*.xml`` inside the installed ``cwe2`` package."""
    root = Path(str(importlib.resources.files("cwe2")))
    candidates = sorted(
        root.glob("database_v*/cwec_v*.xml"),
        key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.name)),
    )
    if not candidates:
        raise FileNotFoundError(f"no cwec_v*.xml found under {root}")
    return candidates[-1]


def _parse(path: Path) -> tuple[str, dict[int, CweEntry]]:
    root = SafeET.parse(path).getroot()
    m = re.match(r"\{([^}]*)\}", root.tag)
    ns = f"{{{m.group(1)}}}" if m else ""
    version = root.get("Version", "")
    entries: dict[int, CweEntry] = {}

    def texts(el: ET.Element, path: str) -> tuple[str, ...]:
        return tuple(
            " ".join((p.text or "").split())
            for p in el.iterfind(path.replace("/", f"/{ns}").join((ns, "")))
            if p.text and p.text.strip()
        )

    def previous(el: ET.Element) -> tuple[str, ...]:
        return texts(el, "Content_History/Previous_Entry_Name")

    for el in root.iterfind(f"{ns}Weaknesses/{ns}Weakness"):
        parent = None
        for rel in el.iterfind(f"{ns}Related_Weaknesses/{ns}Related_Weakness"):
            if (
                rel.get("Nature") == "ChildOf"
                and rel.get("View_ID") == str(RESEARCH_VIEW_ID)
                and rel.get("Ordinal") == "Primary"
            ):
                parent = int(rel.get("CWE_ID", "0")) or None
                break
        cid = int(el.get("ID", "0"))
        entries[cid] = CweEntry(
            cid, el.get("Name", ""), el.get("Abstraction", ""), previous(el), parent,
            el.get("Status", ""), texts(el, "Alternate_Terms/Alternate_Term/Term"),
        )
    for section, tag, kind in (("Categories", "Category", "Category"), ("Views", "View", "View")):
        for el in root.iterfind(f"{ns}{section}/{ns}{tag}"):
            cid = int(el.get("ID", "0"))
            entries[cid] = CweEntry(
                cid, el.get("Name", ""), kind, previous(el), None, el.get("Status", "")
            )
    return version, entries


def _q(text: str) -> str:
    return f"'{text}'"


class Catalog:
    """Read-only view of one MITRE CWE catalog version.

    Build it with :func:`load_catalog` (cached) or :meth:`from_xml`.
    """

    def __init__(self, entries: dict[int, CweEntry], version: str = "") -> None:
        self.version = version
        self._entries = dict(entries)
        self._variants: list[NameVariant] = []
        for e in self._entries.values():
            self._variants += name_variants(e.id, e.name, "current")
            for prev in e.previous_names:
                self._variants += name_variants(e.id, prev, "previous")
            for term in e.alternate_terms:
                self._variants += name_variants(e.id, term, "alternate")
        self._by_words: dict[tuple[str, ...], list[NameVariant]] = defaultdict(list)
        self._by_word: dict[str, set[int]] = defaultdict(set)  # word -> variant indexes
        for i, v in enumerate(self._variants):
            self._by_words[v.words].append(v)
            for w in v.words:
                self._by_word[w].add(i)

    @classmethod
    def from_xml(cls, path: str | Path) -> Catalog:
        """Parse a ``cwec_v*.xml`` file (about 0.5 s for the full catalog)."""
        version, entries = _parse(Path(path))
        return cls(entries, version)

    # ------------------------------------------------------------------ lookups
    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, cwe_id: object) -> bool:
        return cwe_id in self._entries

    def __iter__(self) -> Iterator[CweEntry]:
        return iter(sorted(self._entries.values(), key=lambda e: e.id))

    def get(self, cwe_id: int) -> CweEntry | None:
        """The entry for *cwe_id*, or None when the id is not in the catalog."""
        return self._entries.get(cwe_id)

    def name(self, cwe_id: int) -> str | None:
        """Current name of *cwe_id*, or None when unknown."""
        e = self._entries.get(cwe_id)
        return e.name if e else None

    def pillar(self, cwe_id: int) -> int | None:
        """The CWE-1000 pillar *cwe_id* rolls up to via Primary ChildOf parents.

        A pillar maps to itself.  Returns None for unknown ids, categories,
        views and weaknesses whose chain does not reach a pillar (deprecated
        entries have no parent).
        """
        seen: set[int] = set()
        e = self._entries.get(cwe_id)
        while e is not None and e.is_weakness and e.id not in seen:
            if e.abstraction == "Pillar":
                return e.id
            seen.add(e.id)
            e = self._entries.get(e.primary_parent) if e.primary_parent else None
        return None

    def lookup_name(self, name: str) -> list[int]:
        """Ids whose current or previous name matches *name* after normalisation.

        Comparison ignores case, punctuation, hyphen/space differences and
        stop words.  Ids matched by their current name come first, then ids
        matched only by a previous name; ascending id within each group.
        """
        words = significant_words(name)
        current: set[int] = set()
        prev: set[int] = set()
        for v in self._by_words.get(words, ()):
            if v.form == "full" and v.source != "alternate":
                (current if v.source == "current" else prev).add(v.cwe_id)
        return sorted(current) + sorted(prev - current)

    # ------------------------------------------------------------ name checking
    def _best_matches(self, stated: str) -> dict[int, tuple[MatchKind, float, NameVariant]]:
        """Strongest match per CWE id for *stated* (only ids that match at all)."""
        words = significant_words(stated)
        norm = normalise(stated)
        best: dict[int, tuple[MatchKind, float, NameVariant]] = {}

        def offer(kind: MatchKind, score: float, v: NameVariant) -> None:
            cur = best.get(v.cwe_id)
            key = (kind, score, v.source == "current", v.form == "full")
            if cur is None or key > (cur[0], cur[1], cur[2].source == "current", cur[2].form == "full"):
                best[v.cwe_id] = (kind, score, v)

        if not words:
            return best
        for v in self._by_words.get(words, ()):
            offer(MatchKind.ALTERNATE if v.source == "alternate" else MatchKind.EXACT, 100.0, v)
        # Abbreviations: name variants containing every stated word.
        idx = set.intersection(*(self._by_word.get(w, set()) for w in words))
        for i in sorted(idx):
            v = self._variants[i]
            if v.source != "alternate" and v.words != words and is_abbreviation(words, v.words):
                offer(MatchKind.ABBREVIATION, 100.0 * len(words) / len(v.words), v)
        # Near-identical spellings (typos, plural/singular).
        for v in self._variants:
            if v.source != "alternate" and v.words != words and abs(len(v.normalised) - len(norm)) <= max(3, len(norm) // 8):
                score = similarity(norm, v.normalised)
                if score >= NEAR_THRESHOLD:
                    offer(MatchKind.NEAR, score, v)
        return best

    def _rank_key(self, item: tuple[int, tuple[MatchKind, float, NameVariant]]) -> tuple:
        cid, (kind, score, v) = item
        e = self._entries[cid]
        return (
            -int(kind),
            -score,
            not e.is_active,
            not e.is_weakness,
            v.source != "current",
            v.form != "full",
            cid,
        )

    def _describe(self, cid: int, kind: MatchKind, score: float, v: NameVariant, stated: str) -> str:
        e = self._entries[cid]
        s = _q(stated)
        if kind is MatchKind.EXACT:
            if v.source == "current" and v.form == "full":
                return f"{s} is the name of CWE-{cid}"
            if v.source == "current" and v.form == "alias":
                return f"{s} is the quoted alias in CWE-{cid}'s name {_q(e.name)}"
            if v.source == "current":
                return f"{s} is the name of CWE-{cid} without its parenthetical ({_q(e.name)})"
            return f"{s} is a previous name of CWE-{cid} (now {_q(e.name)})"
        if kind is MatchKind.ALTERNATE:
            return f"{s} is a MITRE alternate term for CWE-{cid} ({_q(e.name)})"
        which = "previous name" if v.source == "previous" else "name"
        if kind is MatchKind.NEAR:
            return f"{s} is a near-identical spelling of CWE-{cid}'s {which} {_q(v.text)}"
        return f"{s} abbreviates CWE-{cid}'s {which} {_q(v.text)}"

    def check_name(self, cwe_id: int, stated_name: str) -> NameCheck:
        """Check that *stated_name* is a fair name for *cwe_id*.

        ``matches`` is True when the stated name is the id's current or a
        previous name (normalised), a near-identical spelling of one, or a
        clear abbreviation (see :mod:`crosscheck.cwe.names`) - unless another
        CWE's name fits strictly better (e.g. it *is* another CWE's name), in
        which case ``matches`` is False and ``belongs_to`` names that CWE.
        A MITRE alternate term of the id (e.g. "Buffer Overflow" for CWE-119)
        also matches.  When the name fits nothing of this id, ``belongs_to``
        is set if it exactly/nearly is another CWE's name or abbreviates
        exactly one other CWE's name; another CWE's alternate term is only
        mentioned in ``detail`` (terms like "Buffer Overflow" are used loosely).
        """
        entry = self._entries.get(cwe_id)
        if entry is None:
            return NameCheck(
                cwe_id, stated_name, None, False, None,
                f"CWE-{cwe_id} is not in the MITRE CWE catalog {self.version}".rstrip(),
            )
        shown = _q(entry.name)
        if not significant_words(stated_name):
            return NameCheck(
                cwe_id, stated_name, entry.name, False, None,
                f"no name was stated for CWE-{cwe_id} ({shown})",
            )
        best = self._best_matches(stated_name)
        own = best.pop(cwe_id, None)
        others = sorted(best.items(), key=self._rank_key)
        top_other = others[0] if others else None
        note = "" if entry.is_active else f" (note: CWE-{cwe_id} is {entry.status})"

        if own is not None:
            kind, score, v = own
            if (
                top_other is not None
                and top_other[1][0] >= MatchKind.NEAR
                and (top_other[1][0], top_other[1][1]) > (kind, score)
            ):
                # Another CWE's name fits strictly better (e.g. it *is* that name).
                oid, (okind, oscore, ov) = top_other
                return NameCheck(
                    cwe_id, stated_name, entry.name, False, oid,
                    f"CWE-{cwe_id} is {shown}; "
                    + self._describe(oid, okind, oscore, ov, stated_name),
                )
            return NameCheck(
                cwe_id, stated_name, entry.name, True, None,
                self._describe(cwe_id, kind, score, v, stated_name) + note,
            )

        # Nothing of this id fits.  Point at another CWE only when the stated
        # name (nearly) is that CWE's name, or abbreviates exactly one CWE.
        detail = f"CWE-{cwe_id} is {shown}, which does not match {_q(stated_name)}"
        belongs: int | None = None
        chosen = None
        if top_other is not None and top_other[1][0] >= MatchKind.NEAR:
            chosen = top_other
        else:
            abbrevs = [o for o in others if o[1][0] is MatchKind.ABBREVIATION]
            if len(abbrevs) == 1:
                chosen = abbrevs[0]
        if chosen is not None:
            belongs, (okind, oscore, ov) = chosen
            detail = f"CWE-{cwe_id} is {shown}; " + self._describe(belongs, okind, oscore, ov, stated_name)
        else:
            alternates = [c for c, (k, _, _) in others if k is MatchKind.ALTERNATE]
            if alternates:
                ids = ", ".join(f"CWE-{c}" for c in sorted(alternates))
                detail += f" (it is a MITRE alternate term for {ids})"
        return NameCheck(cwe_id, stated_name, entry.name, False, belongs, detail)


@functools.lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """The shared catalog parsed from the ``cwe2`` XML (built once per process)."""
    return Catalog.from_xml(default_xml_path())
