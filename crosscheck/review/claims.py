"""Units -> claims: text, span, kind, CWE ids and every piece of code with its role.

For each unit the prose of its blocks is read piece by piece (a paragraph, a
heading, a table cell, a fenced block). Locations (``locations.py``) and code
(inline code spans, quoted code, code-shaped names in prose, fenced blocks)
are found in each piece; every piece of code gets a role (``roles.py``) from
the part of the unit it is in and the phrase around it, and is paired with the
location it belongs to:

1. the location right after it ("`X` on line 23", "`X` (line 23)");
2. else the nearest location before it in the unit;
3. else the first location after it in the same sentence;
4. else the unit's own location (a comment's range, a "Location:" field).

The first checked (cited or replaced) piece of code of each location is the
claim's primary citation there; other code at that location is a mention,
in place anywhere in the cited line's block. External things (rule ids,
commands, ...) are kept on the claim, not looked up.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..model import CitedRef, Claim, Span
from . import phrases, roles
from .cwes import CWE_SPAN, extract_cwes
from .document import Block, Inline
from .locations import (RANGE_LEAD, Location, blank, code_location, find_locations, parse_range, range_lead,
                        url_location)
from .units import ASSERTED_PARTS, Unit

MAX_REFS_PER_CLAIM = 500
MAX_CODES_PER_PIECE = 4 * MAX_REFS_PER_CLAIM  # pieces of code read in one paragraph, cell or item
# how far before (and after) a piece of code the words that give it its role are read
BEFORE_WINDOW = 160
NEAR_CHARS = 80  # code this close after a line reference, in the same text, is what the line is about

QUOTED_RE = re.compile(r"(?<![\w`])(?:\"(?P<d>[^\"\n]{2,200})\"|“(?P<s>[^”\n]{2,200})”|'(?P<q>[^'\n]{2,200})')(?![\w`])")
DOTTED_RE = re.compile(r"(?<![\w.])[A-Za-z_]\w{0,80}(?:\.[A-Za-z_]\w{0,80}){1,12}(?:\(\))?(?![\w.]*\w)")
SNAKE_RE = re.compile(r"(?<![\w.])(?:_+[A-Za-z0-9]\w{0,80}|[A-Za-z][A-Za-z0-9]{0,80}_\w{0,80}[A-Za-z0-9])(?:\(\))?"
                      r"(?![\w])")
CALL_RE = re.compile(r"(?<![\w.])[A-Za-z_]\w{0,80}\(\)")
CAMEL_RE = re.compile(r"(?<![\w.])(?:[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*){1,10}|[a-z]+[A-Z][A-Za-z0-9]{0,40})(?![\w])")
NOT_DOTTED = {"e.g", "i.e", "etc", "vs", "a.k.a", "u.s"}
PROSE_DOMAINS = {"js", "com", "org", "net", "io", "ai", "md", "html", "dev", "txt", "yaml", "yml", "json", "toml",
                 "cfg", "ini", "py"}
CODE_CHARS = re.compile(r"[()\[\]{}=_./:<>]")
TAG_RE = re.compile(r"</?[A-Za-z][\w-]{0,40}(?:\s[^<>\n]{0,200})?/?>")  # <issue_to_address>, <br/>
# a location right after code ("`X` on line 23", "`X` (line 23)")
RIGHT_AFTER = re.compile(r"[\s,:(]*(?:(?:is |are )?(?:on|at|in|from|near|see|around)\s+)?(?:\(?(?:e\.g\.,?|see)\s+)?")


@dataclass
class Code:
    """One piece of code found in a unit, at (piece, offset)."""
    piece: int
    start: int
    end: int
    code: str
    role: str
    hard: bool = True
    strict: bool = True  # for ``absent``: its presence where the claim looks contradicts it
    location: Location | None = None
    fence: bool = False  # a fenced block: in a comment, it is about the comment's own lines
    asserted: bool = True  # the review says this code is in the file (not an example, a case, another module)
    carried: bool = False  # not tied to its line by its own sentence (a field, column or heading placed it)
    far: bool = False  # paired with a line named well before it in the same text: never that line's primary
    after: str | None = None  # the cited code before it in its sentence (its subject), None when it is the subject
    quoted: bool = False  # written in quotes in prose ("qemu:///system"): a string of the file, whatever its shape
    adjacent: bool = False  # its line is named right after it ("`errors="strict"` (line 167)")
    listed: tuple[str, ...] = ()  # the other code of its enumeration ("blocks `a`, `b` and `c`")


@dataclass
class Piece:
    part: str
    block: Block
    inline: Inline | None = None
    column: str = ""  # a table cell's column name
    codes_cut: int = 0  # pieces of code it held, when more than were read


@dataclass
class Located:
    piece: int
    location: Location
    codes: list[Code] = field(default_factory=list)


def pieces_of(unit: Unit) -> list[Piece]:
    out: list[Piece] = []
    for block in unit.walk():
        part = unit.part(block)
        if block.kind == "row":
            columns = [block.header[k] if k < len(block.header) else "" for k in range(len(block.cells))]
            field_name = _field_name(block)
            if field_name is not None:  # "| **Line** | 87 |": the value's column is its field
                columns = ["", field_name]
            out.extend(Piece(part, block, cell, columns[k]) for k, cell in enumerate(block.cells))
        elif block.kind in ("fence", "code"):
            out.append(Piece(part, block))
        elif block.inline is not None and block.inline.text.strip():
            out.append(Piece(part, block, block.inline))
    return out


def _field_name(row: Block) -> str | None:
    """The field a row of a two-column table of fields names ("| **File** | app.py |" under an
    empty or "Field | Value" header), else None."""
    if len(row.cells) != 2 or any(h.strip().lower() not in ("", "field", "key", "property", "name")
                                  for h in row.header[:1]):
        return None
    name = row.cells[0].text.strip().strip("*_").strip().rstrip(":").strip()
    return name if phrases.FIELD_LEAD_TEXT.match(name) else None


# ------------------------------------------------------------------ code in prose

def _prose_codes(n: int, piece: Piece) -> tuple[list[Code], list[Location]]:
    inline = piece.inline
    assert inline is not None
    text, masked = inline.text, inline.masked
    locations: list[Location] = []
    codes: list[Code] = []
    # code spans that are only a location ("`app.py:40`", a finding's "`12-14`: **Title**") are locations
    spans = []
    opening = RANGE_LEAD.match(text)
    for start, end, code in inline.codes:
        code = code.strip()
        if opening is not None and end <= opening.end():
            spans.append((start, end))  # the unit's own range: its location was taken from it
            continue
        loc = code_location(code)
        if loc is not None:
            locations.append(Location(start - 1, end + 1, loc.ranges, loc.path, loc.path_hash, loc.column))
            spans.append((start, end))
        else:
            codes.append(Code(n, start - 1, end + 1, code, roles.CITED))  # the backticks included
    for start, end, href in inline.links:
        loc = url_location(href, start, end)
        if loc is not None:
            locations.append(loc)
    prose = blank(masked, [(a, b) for a, b, _ in inline.links])
    prose = blank(prose, [(m.start(), m.end()) for m in CWE_SPAN.finditer(prose)])
    locations.extend(find_locations(prose))
    if piece.part == "tool_output":
        lead = range_lead(text)
        if lead:
            locations.append(Location(0, 0, [lead]))
    if _is_line_column(piece.column):
        rng = parse_range(text)
        if rng:
            locations.append(Location(0, len(text), [rng]))
    prose = blank(prose, [(loc.start, loc.end) for loc in locations])
    prose = blank(prose, [(m.start(), m.end()) for m in TAG_RE.finditer(prose)])
    label = phrases.BOT_LABEL.match(prose)
    if label:
        prose = blank(prose, [(0, label.end())])  # "issue (bug_risk):" labels the comment
    taken = []
    for m in QUOTED_RE.finditer(prose):
        code = m.group("d") or m.group("s") or m.group("q")
        if not code or re.search(r"\s{2,}|[.!?]$", code):
            continue
        if CODE_CHARS.search(code) and (" " not in code or re.search(r"[()=\[\]]", code)):
            shown = f"'{code}'" if m.group("q") is not None else code
            codes.append(Code(n, m.start(), m.end(), shown, roles.CITED, quoted=True))
            taken.append((m.start(), m.end()))
        elif re.fullmatch(r"\w+", code):
            codes.append(Code(n, m.start(), m.end(), code, roles.MENTION, hard=False))  # 'pass', 'call'
            taken.append((m.start(), m.end()))
    prose = blank(prose, taken)
    for regex in (DOTTED_RE, SNAKE_RE, CALL_RE, CAMEL_RE):
        taken = []
        for m in regex.finditer(prose):
            word = m.group()
            hard = regex is not CAMEL_RE
            if regex is DOTTED_RE:
                base = word.removesuffix("()")
                parts = base.split(".")
                if base.lower() in NOT_DOTTED or any(len(p) == 1 for p in parts) \
                        or parts[-1].lower() in PROSE_DOMAINS:
                    continue
                hard = "_" in base or word.endswith("()") or all(p.islower() for p in parts)
            codes.append(Code(n, m.start(), m.end(), word, roles.CITED if hard else roles.MENTION, hard=hard))
            taken.append((m.start(), m.end()))
        prose = blank(prose, taken)
    if len(codes) > MAX_CODES_PER_PIECE:  # beyond the reference cap: not read, and the claim says so
        codes.sort(key=lambda c: c.start)
        piece.codes_cut = len(codes)
        del codes[MAX_CODES_PER_PIECE:]
    _assign_roles(codes, piece, masked)
    return codes, locations


def _is_line_column(name: str) -> bool:
    return bool(re.fullmatch(r"\s*(?:lines?|line ?(?:no\.?|number|#)|ln|loc(?:ation)?)\s*", name, re.I))


def _assign_roles(codes: list[Code], piece: Piece, masked: str) -> None:
    forced = roles.PART_ROLES.get(piece.part)
    if forced is None and phrases.RULE_COLUMN.fullmatch(piece.column.strip()):
        forced = roles.EXTERNAL  # "| Pattern | Bandit_B603 (`subprocess_without_shell_equals_true`) |"
    spans = phrases.sentence_spans(masked)
    advisory: dict[int, bool] = {}
    last_code_end: dict[int, int] = {}  # per sentence: where its last cited code ended
    last_code: dict[int, str] = {}  # per sentence: that code
    users: dict[int, int] = {}  # per sentence: where its first word naming a caller or user ends
    k = 0
    for code in sorted(codes, key=lambda c: c.start):
        while k + 1 < len(spans) and spans[k + 1][0] <= code.start:
            k += 1
        s0, s1 = spans[k]
        # the words right before the code decide its role: a bounded window keeps a long
        # paragraph (or a hostile one with thousands of spans) linear
        near = masked[max(s0, code.start - BEFORE_WINDOW):code.start]
        if forced is not None:
            # "instead of `X`" keeps X the code under review, even in advice
            if forced == roles.PROPOSED and roles.replaced_in_advice(near):
                continue
            if piece.part == "message" and masked[code.start:code.start + 1] == "'" and \
                    phrases.MESSAGE_QUOTES_VALUE.search(masked[max(0, code.start - 4):code.start]) and \
                    not masked[code.end:].strip(" .\n"):
                # the value the tool quotes from the file: a string literal there
                code.code = code.code if code.code.startswith("'") else f"'{code.code}'"
                code.role, code.hard, code.quoted = roles.CITED, True, True
                continue
            code.role, code.hard = forced, False
            continue
        if roles.external_shape(code.code) and not (code.quoted and roles.url_shape(code.code)) or \
                phrases.GIT_REF_BEFORE.search(near[-20:]) or phrases.GIT_REF_AFTER.match(masked[code.end:code.end + 12]):
            code.role, code.hard = roles.EXTERNAL, False
            continue
        if roles.prose_like(code.code) or roles.value_shape(code.code) or phrases.IN_A_COMMENT.search(
                masked[code.end:code.end + 12]) or phrases.IN_A_COMMENT.search(masked[max(s0, code.start - 25):code.start]):
            code.role, code.hard = roles.MENTION, False  # a phrase, an analyzer's message, a value
            continue
        after = masked[code.end:min(s1, code.end + BEFORE_WINDOW)]
        absence = roles.absence_before(near, after) or roles.absence_after(after)
        if absence:
            if k not in users:
                m = phrases.USAGE_SUBJECT.search(masked, s0, s1)
                users[k] = m.end() if m else s1 + 1
            by_user = users[k] <= code.start
            code.role, code.hard, code.strict = roles.ABSENT, False, absence == "absent" and not by_user
            continue
        if k not in advisory:
            advisory[k] = roles.advisory(masked[s0:s1])
        if advisory[k] and not roles.replaced_in_advice(near):
            code.role, code.hard = roles.PROPOSED, False
            continue
        code.asserted = _asserted(masked, s0, code, last_code_end.get(k))
        code.after = last_code.get(k)
        last_code_end[k] = code.end
        last_code[k] = code.code
    _enumerations(codes, masked)


def _enumerations(codes: list[Code], masked: str) -> None:
    """Cited code written as one list ("`gi_frame`, `gi_code` and `gi_yieldfrom`"): each member
    learns the others, so a member the file never names is seen beside members that are there."""
    cited = sorted((c for c in codes if c.role == roles.CITED), key=lambda c: c.start)
    groups: list[list[Code]] = []
    for code in cited:
        if groups and phrases.LIST_JOINER.fullmatch(masked[groups[-1][-1].end:code.start]):
            groups[-1].append(code)
        else:
            groups.append([code])
    for group in groups:
        if len(group) < 3:
            continue
        s0 = max((a for a, _ in phrases.sentence_spans(masked) if a <= group[0].start), default=0)
        head = masked[max(s0, group[0].start - BEFORE_WINDOW):group[0].start]
        # "such as `a`, `b` or `c`", "If `a`, `b` or `c` ...": not a list of what the file has
        example = bool(phrases.EXAMPLE_BEFORE.search(head) or phrases.HYPOTHETICAL_START.match(masked[s0:group[0].start]))
        for code in group:
            code.listed = () if example else tuple(other.code for other in group if other is not code)


def _asserted(masked: str, s0: int, code: Code, previous_end: int | None) -> bool:
    """Whether the sentence says this code is in the file: it is the sentence's subject (its
    first code) or the object of a verb like "calls", "passes", "with" — and the sentence is
    not about an example, a case or a caller's code."""
    head = masked[s0:min(code.start, s0 + BEFORE_WINDOW)]
    near = masked[max(s0, code.start - BEFORE_WINDOW):code.start]
    if phrases.HYPOTHETICAL_START.match(head) or phrases.EXAMPLE_BEFORE.search(near):
        return False
    if previous_end is None:
        return True
    return bool(phrases.PRESENCE_BEFORE.search(masked[max(previous_end, s0):code.start]))


# ------------------------------------------------------------------ fenced blocks

_CITING_BEFORE = re.compile(r":\s*$")


def _fence_codes(n: int, piece: Piece, previous: Piece | None) -> list[Code]:
    block = piece.block
    code = block.code.strip("\n")
    if not code.strip():
        return []
    lead = previous.inline.text if previous is not None and previous.inline is not None else ""
    if roles.is_diff(block.info, code):
        if piece.part in ("context", "tool_output", "analysis", "agent_prompt", "meta"):
            return []
        old, new = roles.diff_sides(code)
        out = []
        if old.strip():
            out.append(Code(n, 0, 0, old, roles.REPLACED, fence=True))
        if new.strip():
            out.append(Code(n, 0, 0, new, roles.PROPOSED, hard=False, fence=True))
        return out
    proposing = previous is not None and (previous.part == "advice" or (
        bool(_CITING_BEFORE.search(lead)) and roles.advisory(lead)))
    citing = bool(phrases.CITING_LEAD.search(lead[-120:]))
    role = roles.fence_role(block.info, piece.part, proposing, citing)
    return [Code(n, 0, 0, code, role, hard=role in roles.CHECKED_ROLES, fence=True)]


# ------------------------------------------------------------------ pairing

def _pair(codes: list[Code], found: list[Located], pieces: list[Piece],
          has_default: bool) -> tuple[list[Code], list[Code]]:
    """Give each piece of code the location it belongs to (see the module's docstring).

    Returns the code that found no location of its own: first what the unit's
    own location takes, then nothing else (the same list twice would be the
    same code); the caller decides whether a default location exists.
    """
    order = sorted(found, key=lambda f: (f.piece, f.location.start))
    keys = [(f.piece, f.location.start) for f in order]
    ends = [(f.piece, f.location.end) for f in order]
    sentence_cache: dict[int, list[tuple[int, int]]] = {}
    unplaced: list[Code] = []
    for code in codes:
        if code.role == roles.EXTERNAL:
            continue
        if code.fence and has_default:
            unplaced.append(code)  # a comment's code block (a quote, a proposed fix) is about its own lines
            continue
        k = bisect.bisect_left(keys, (code.piece, code.end))
        inline = pieces[code.piece].inline
        if k < len(order) and order[k].piece == code.piece and inline is not None:
            gap = inline.masked[code.end:order[k].location.start]
            if len(gap) <= 60 and RIGHT_AFTER.fullmatch(gap):
                code.adjacent = True
                order[k].codes.append(code)
                continue
        j = bisect.bisect_right(ends, (code.piece, code.start)) - 1
        while j >= 0 and order[j].location.aside:
            j -= 1  # "(line 181)" locates what comes before it, never what follows
        if j >= 0:
            # far from its line ("... line 67 is a version marker, so ... `Other`"), code joins the
            # line's group but is not what the line is about
            # a line named in a field, a column or a heading of the unit locates its body's code
            tied = order[j].piece == code.piece and code.start - order[j].location.end <= NEAR_CHARS
            code.far = not (tied or code.fence or order[j].piece != code.piece)
            code.carried = not (tied or code.fence)
            order[j].codes.append(code)
            continue
        if inline is not None and not has_default:  # a comment's code is at the comment's lines
            if code.piece not in sentence_cache:
                sentence_cache[code.piece] = phrases.sentence_spans(inline.masked)
            spans = sentence_cache[code.piece]
            at = bisect.bisect_right(spans, (code.start, len(inline.masked) + 1)) - 1
            s1 = spans[at][1] if at >= 0 and code.start <= spans[at][1] else len(inline.masked)
            if k < len(order) and order[k].piece == code.piece and order[k].location.start < s1:
                order[k].codes.append(code)
                continue
        unplaced.append(code)
    return unplaced, []


def build_claim(index: int, unit: Unit, position: int, total: int, text: str, span: Span) -> Claim | None:
    pieces = pieces_of(unit)
    codes: list[Code] = []
    found: list[Located] = []
    previous: Piece | None = None
    for n, piece in enumerate(pieces):
        if piece.inline is not None:
            piece_codes, locations = _prose_codes(n, piece)
            codes.extend(piece_codes)
            if piece.part not in ("tool_output", "analysis", "agent_prompt", "context", "meta"):
                found.extend(Located(n, loc) for loc in locations)
        else:
            codes.extend(_fence_codes(n, piece, previous))
        previous = piece
    codes.sort(key=lambda c: (c.piece, c.start))
    default = unit.location
    _sticky_paths(found, default)
    unplaced, _ = _pair(codes, found, pieces, default is not None)
    claim = Claim(index=index, text=text, span=span, kind="observation", section=unit.section)
    claim.assertion = assertion_text(pieces)
    # an analyzer's finding states its exact region: its code is held to it, not to the block around it
    own_place = "finding" if unit.document.fields.get("finding") else "unit"
    claim.cited, claim.external = _refs(found, unplaced, codes, default, own_place)
    cwe_ids = tuple(unit.document.fields.get("cwe", ()) or ())
    claim.cwe = extract_cwes(claim.assertion or "\n".join(p.inline.text for p in pieces if p.inline), cwe_ids)
    claim.origin = dict(unit.document.origin.to_dict())
    for key in ("severity", "rule", "tool", "category", "title"):
        if unit.fields.get(key) or unit.document.fields.get(key):
            claim.origin[key] = unit.fields.get(key) or unit.document.fields.get(key)
    cut = sum(p.codes_cut for p in pieces)
    if len(claim.cited) > MAX_REFS_PER_CLAIM or cut:
        claim.truncated = max(len(claim.cited), cut)
        claim.cited = claim.cited[:MAX_REFS_PER_CLAIM]
    return claim


def assertion_text(pieces: list[Piece]) -> str:
    """What the claim asserts: its body (or the English original of a localized comment)."""
    original = [p for p in pieces if p.part == "original" and p.inline is not None]
    chosen = original or [p for p in pieces if p.part in ASSERTED_PARTS and p.inline is not None]
    return "\n\n".join(p.inline.text.strip() for p in chosen if p.inline is not None and p.inline.text.strip())


def same_file(mentioned: str, path: str) -> bool:
    """``net.py`` or ``./svc/net.py`` names ``svc/net.py``."""
    a = mentioned.replace("\\", "/").removeprefix("./")
    b = path.replace("\\", "/").removeprefix("./")
    return a == b or b.endswith("/" + a) or a.endswith("/" + b)


def _sticky_paths(found: list[Located], default: Location | None) -> None:
    """A line with no file takes the file last named before it in the unit, else the unit's.

    A unit located in a file (a review comment) that names its own file
    ("In `net.py`, ...") says nothing more than its location does: that
    mention is dropped, and a line it gives is in the unit's file.
    """
    if default is not None:  # the unit's own place, written again in its text (a link in a summary)
        found[:] = [f for f in found if not (f.location.ranges == default.ranges and f.location.ranges and (
            f.location.path_hash == default.path_hash and f.location.path == default.path))]
    if default is not None and default.path:
        kept = []
        for item in found:
            if item.location.path and same_file(item.location.path, default.path):
                if not item.location.ranges:
                    continue
                item.location.path = default.path
            kept.append(item)
        found[:] = kept
    path = default.path if default is not None else None
    path_hash = default.path_hash if default is not None else None
    merged: list[Located] = []
    for item in sorted(found, key=lambda f: (f.piece, f.location.start)):
        loc = item.location
        if loc.path or loc.path_hash:
            path, path_hash = loc.path, loc.path_hash
        elif loc.ranges and (path or path_hash):
            loc.path, loc.path_hash = path, path_hash
            prev = merged[-1] if merged else None
            # "in `views.py` at line 40": the file and its line are one location
            if prev is not None and prev.piece == item.piece and not prev.location.ranges \
                    and prev.location.path == path and 0 <= loc.start - prev.location.end <= 12:
                prev.location.ranges = loc.ranges
                prev.location.end = loc.end
                continue
        merged.append(item)
    found[:] = merged


def _refs(found: list[Located], unplaced: list[Code], codes: list[Code],
          default: Location | None, own_place: str = "unit") -> tuple[list[CitedRef], list[str]]:
    refs: list[CitedRef] = []
    seen: set[tuple] = set()
    external = list(dict.fromkeys(c.code for c in codes if c.role == roles.EXTERNAL))

    def add(ref: CitedRef) -> None:
        key = (ref.line_start, ref.line_end, ref.code, ref.path, ref.role)
        if key not in seen:
            seen.add(key)
            refs.append(ref)

    def emit(members: list[Code], loc: Location | None, placed_by: str = "text") -> None:
        ranges = loc.ranges if loc is not None and loc.ranges else []
        path = loc.path if loc is not None else None
        path_hash = loc.path_hash if loc is not None else None
        checked = [c for c in members if c.role in roles.CHECKED_ROLES and c.hard]
        # the code the claim is about (in a comment, its quoted block first); the lines a proposed
        # fix replaces are context, never the subject
        cited_codes = [c for c in checked if c.role == roles.CITED and not c.far]
        quotes = [c for c in cited_codes if c.fence] if placed_by in ("unit", "finding") else []
        primary = (quotes or cited_codes or [None])[0]
        if loc is not None and not checked:
            for a, b in ranges or [(None, None)]:
                add(CitedRef(a, b, None, path, group_ranges=list(ranges), path_hash=path_hash))
        for code in members:
            placed = code.role in (roles.CITED, roles.REPLACED, roles.MENTION, roles.ABSENT)
            for a, b in (ranges if placed and ranges else [(None, None)]):
                add(CitedRef(a, b, code.code, path, primary=code is primary,
                             hard=code.hard and code.role in roles.CHECKED_ROLES,
                             group_ranges=list(ranges) if placed else [],
                             role=code.role, strict=code.strict, path_hash=path_hash, asserted=code.asserted,
                             carried=code.carried, after=code.after, adjacent=code.adjacent, listed=code.listed,
                             placed_by="unit" if code.role == roles.REPLACED else placed_by))

    if default is not None:
        emit(unplaced, default, own_place)  # a comment's own range: its code is cited there
    for item in found:
        emit(item.codes, item.location)
    if default is None:
        first = next((c for c in unplaced if c.role in roles.CHECKED_ROLES and c.hard), None)
        for code in unplaced:
            add(CitedRef(None, None, code.code, None, primary=code is first, after=code.after,
                         hard=code.hard and code.role in roles.CHECKED_ROLES, role=code.role, strict=code.strict,
                         asserted=code.asserted))
    return refs, external
