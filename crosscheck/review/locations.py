"""Every written form of a place in the source, as ``(path, start, end)``.

Reviews and reports locate code in many ways: "line 41", "lines 31-33",
"L40-L45", ``pkg/mod.py:224``, ``lib/pkg/mod.py:705:87`` (line and column),
``app.py:631-640``, "app.py (line 30)", "app.py (lines 198-199)", "File: x.py"
with "Line: 115", "around lines 41 to 45", blob URLs with ``#L10-L12``,
pull-request diff anchors (``#diff-<sha256 of the path>R120-R135``), a tool's
``41-41:`` line prefix, "Also applies to: 88-92". This module turns each into
a ``Location``; nothing else in stage 1 knows these syntaxes.

Every pattern here is linear in the text: bounded repetitions only, and URLs
are cut out first and taken apart with ``urllib``, not with a regex.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

DASH = r"\s*(?:-|–|—|‒|to|through|thru|\.\.)\s*"
LINE_RE = re.compile(
    r"\b(?:lines?|ln\.?|l\.)\s*(?::\s*)?#?(?P<a>\d{1,7})(?:" + DASH + r"(?:lines?\s*)?L?(?P<b>\d{1,7}))?"
    r"(?P<more>(?:\s*(?:,\s*and|,|and|&|or)\s*(?:lines?\s*)?\d{1,7}(?:" + DASH + r"\d{1,7})?){0,50})",
    re.I)
L_RE = re.compile(r"(?<![\w/#])#?L(?P<a>\d{1,7})(?:\s*[-–—]\s*L?(?P<b>\d{1,7}))?\b")
EXT = (r"(?:py|pyi|pyw|pyx|js|jsx|mjs|cjs|ts|tsx|go|java|kt|rb|rs|c|h|cc|cpp|hpp|cs|php|sh|bash|yaml|yml|json|toml|"
       r"cfg|ini|conf|txt|md|rst|sql|html|htm|xml|j2|jinja|jinja2|tpl|lock|env|swift|scala|pl|lua)")
# path, then ":N", ":N:COL", ":N-M", "#LN-LM", ", line N", " (line N)", " (lines N-M)", " line N", " at line N"
PATH_RE = re.compile(
    r"(?<![\w/.-])(?P<path>(?:\.{1,2}/)?(?:[\w.-]{1,120}/){0,30}[\w-][\w.-]{0,120}\." + EXT + r"\b"
    r"|/(?:[\w.-]{1,120}/){0,30}[\w.-]{1,120}(?=:\d))"
    r"(?:(?::|#L|,? (?:at |on |around |near )?lines? |\s\((?:at |on )?lines? )(?P<a>\d{1,7})"
    r"(?:(?:\s*[-–—]\s*L?|\s+to\s+|:)(?P<b>\d{1,7}))?\)?)?")
# a URL's own line anchor ("...#L10-L12"), for rewriting the numbers in place
URL_LINES_RE = re.compile(r"https?://[^\s#<>()\[\]\"'`]{1,2048}#L(?P<a>\d{1,7})(?:-L?(?P<b>\d{1,7}))?")
URL_RE = re.compile(r"https?://[^\s<>()\[\]\"'`]{1,2048}")
# a tool's own line prefix ("41-41: ... (S602)", "12: ..."), and CodeRabbit's "`12-14`: **Title**"
RANGE_LEAD = re.compile(r"^\s*`?(?P<a>\d{1,7})(?:\s*-\s*(?P<b>\d{1,7}))?`?\s*:\s")
ALSO_APPLIES = re.compile(r"\balso applies to\s*:?\s*", re.I)
RANGE_LIST = re.compile(r"(?:\s*,?\s*(?:and\s+)?)(\d{1,7})(?:\s*[-–—]\s*(\d{1,7}))?")
_RANGE = re.compile(r"(\d{1,7})(?:" + DASH + r"(\d{1,7}))?")
_HASH_ANCHOR = re.compile(r"diff-(?P<hash>[0-9a-f]{32,64})(?:[RL](?P<a>\d{1,7})(?:-[RL](?P<b>\d{1,7}))?)?")
_LINES_ANCHOR = re.compile(r"L(?P<a>\d{1,7})(?:C\d+)?(?:-L?(?P<b>\d{1,7})(?:C\d+)?)?")
_BLOB_SEGMENTS = ("blob", "tree", "raw", "src", "-/blob")
CODE_EXTENSIONS = frozenset(EXT[3:-1].split("|"))


@dataclass
class Location:
    """One place a review names: a path, line ranges, or both.

    ``start``/``end`` are offsets in the text it was found in; ``path_hash``
    is the hex digest of a path a pull-request diff anchor names instead of
    the path itself.
    """
    start: int
    end: int
    ranges: list[tuple[int, int]] = field(default_factory=list)
    path: str | None = None
    path_hash: str | None = None
    column: int | None = None
    aside: bool = False  # written in parentheses after what it locates: "`x` (line 30)"

    def mark_aside(self, text: str) -> None:
        before = text[max(0, self.start - 12):self.start].rstrip()
        after = text[self.end:self.end + 6]
        # "**Connection String (Line 88):** ..." locates the whole finding that follows its title
        title = bool(re.match(r"\s*\)\s*:", after))
        self.aside = not title and (before.endswith("(") or bool(
            re.search(r"\((?:e\.g\.,?|see|at|on|in)\s*$", before, re.I)))

    @property
    def first(self) -> tuple[int, int] | None:
        return self.ranges[0] if self.ranges else None


def _pair(a: str | None, b: str | None) -> tuple[int, int]:
    x = int(a) if a else 0
    y = int(b) if b else x
    return (min(x, y), max(x, y))


def _ranges(match: re.Match) -> list[tuple[int, int]]:
    out = [_pair(match.group("a"), match.groupdict().get("b"))]
    for m in _RANGE.finditer(match.groupdict().get("more") or ""):
        out.append(_pair(m.group(1), m.group(2)))
    return out


def url_location(url: str, start: int = 0, end: int = 0) -> Location | None:
    """A blob URL (``.../blob/REF/pkg/app.py#L10-L12``) or a pull-request diff
    anchor (``.../pull/7/files#diff-<hash>R10-R12``) as a location."""
    try:
        parts = urlsplit(url.rstrip(".,;:"))
    except ValueError:
        return None
    fragment = parts.fragment
    anchor = _HASH_ANCHOR.fullmatch(fragment) if fragment.startswith("diff-") else None
    if anchor:
        ranges = [_pair(anchor.group("a"), anchor.group("b"))] if anchor.group("a") else []
        return Location(start, end, ranges, path_hash=anchor.group("hash"))
    segments = [unquote(s) for s in parts.path.split("/") if s]
    for k, seg in enumerate(segments[:-2]):
        if seg in _BLOB_SEGMENTS and k >= 2:
            path = "/".join(segments[k + 2:])
            if not re.search(r"\.\w{1,8}$", path):
                return None
            lines = _LINES_ANCHOR.fullmatch(fragment) if fragment else None
            ranges = [_pair(lines.group("a"), lines.group("b"))] if lines else []
            return Location(start, end, ranges, path=path)
    return None


def find_locations(masked: str) -> list[Location]:
    """Every location in ``masked`` (prose whose code spans are blanked out).

    Forms are taken from the most specific to the loosest; what one takes is
    blanked before the next looks, so "app.py:40" is one location, not a path
    and a line.
    """
    found: list[Location] = []
    text = masked
    spans: list[tuple[int, int]] = []
    for m in URL_RE.finditer(text):
        loc = url_location(m.group(), m.start(), m.end())
        spans.append((m.start(), m.end()))  # a URL is never read as a path or a line, located or not
        if loc is not None:
            found.append(loc)
    text = blank(text, spans)
    spans = []
    for m in PATH_RE.finditer(text):
        path = m.group("path")
        absolute = path.startswith("/") and bool(m.group("a"))  # "/etc/passwd:1": refused later, but a place
        if not absolute and (path.rsplit(".", 1)[-1].lower() not in CODE_EXTENSIONS or path.count(".") > 12):
            continue
        ranges, column = [], None
        if m.group("a"):
            ranges = [_pair(m.group("a"), m.group("b"))]
            tail = m.group()[len(path):]
            if tail.startswith(":") and re.fullmatch(r":\d+:\d+\)?", tail):
                ranges, column = [_pair(m.group("a"), None)], int(m.group("b"))  # path:LINE:COL
        found.append(Location(m.start(), m.end(), ranges, path=path.removeprefix("./"), column=column))
        spans.append((m.start(), m.end()))
    text = blank(text, spans)
    for regex in (LINE_RE, L_RE):
        spans = []
        for m in regex.finditer(text):
            found.append(Location(m.start(), m.end(), _ranges(m)))
            spans.append((m.start(), m.end()))
        text = blank(text, spans)
    m = ALSO_APPLIES.search(text)
    if m:
        pos = m.end()
        for r in RANGE_LIST.finditer(text, pos):
            if r.start() != pos:
                break
            found.append(Location(r.start(), r.end(), [_pair(r.group(1), r.group(2))]))
            pos = r.end()
    found.sort(key=lambda loc: loc.start)
    for loc in found:
        loc.mark_aside(masked)
    return found


def range_lead(text: str) -> tuple[int, int] | None:
    """The line range a tool's output line opens with ("41-41: ...")."""
    m = RANGE_LEAD.match(text)
    return _pair(m.group("a"), m.group("b")) if m else None


def code_location(code: str) -> Location | None:
    """A code span that is only a location (`` `pkg/app.py:40-45` ``, `` `#L12` ``)."""
    text = code.strip()
    m = PATH_RE.fullmatch(text)
    if m and (m.group("path").rsplit(".", 1)[-1].lower() in CODE_EXTENSIONS or
              (m.group("path").startswith("/") and m.group("a"))):
        found = find_locations(text)
        return found[0] if found else None
    m = URL_RE.fullmatch(text)
    if m:
        return url_location(text, 0, len(text))
    return None


def parse_range(text: str) -> tuple[int, int] | None:
    """"10-12", "10", "10 to 12" -> (10, 12); anything else -> None."""
    m = _RANGE.fullmatch(text.strip())
    return _pair(m.group(1), m.group(2)) if m else None


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out many spans in one pass (blanking one at a time is quadratic)."""
    if not spans:
        return text
    parts, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        parts.append(text[pos:start])
        parts.append(" " * (end - start))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)
