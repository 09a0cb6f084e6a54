"""Find what a claim cites: line numbers, code, paths, and how they pair up.

A claim like "In line 81, `usages_during` is compared to `usages_before`"
cites one line and two pieces of code: the first is what the claim is about
(primary), the second a mention that is in place anywhere in line 81's block.
Code in advice ("Solution: add a `finally` block", "use X instead") is
proposed, not cited, and is left out.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..model import CitedRef
from .language import ADVICE_SENTENCE, INSTEAD_OF, SENTENCE_SPLIT

DASH = r"\s*(?:-|–|—|‒|to|through|thru|\.\.)\s*"
LINE_RE = re.compile(
    r"\b(?:lines?|ln\.?|l\.)\s*#?(?P<a>\d{1,7})(?:" + DASH + r"(?:lines?\s*)?L?(?P<b>\d{1,7}))?"
    r"(?P<more>(?:\s*(?:,\s*and|,|and|&|or)\s*(?:lines?\s*)?\d{1,7}(?:" + DASH + r"\d{1,7})?)*)",
    re.I)
L_RE = re.compile(r"(?<![\w/#])#?L(?P<a>\d{1,7})(?:\s*[-–—]\s*L?(?P<b>\d{1,7}))?\b")
EXT = r"(?:py|pyi|pyw|js|jsx|ts|tsx|go|java|rb|rs|c|h|cc|cpp|hpp|cs|php|sh|yaml|yml|json|toml|cfg|ini|txt|md|sql|html|xml)"
BLOB_RE = re.compile(
    r"https?://[^\s)\]>]+?/(?:blob|tree|raw|src)/[^/\s]+/(?P<path>[^\s#)\]>]+?\." + EXT + r")"
    r"(?:#L(?P<a>\d{1,7})(?:-L?(?P<b>\d{1,7}))?)?(?=[\s)\]>.,;]|$)")
PATH_RE = re.compile(
    r"(?<![\w/.-])(?P<path>(?:[\w.-]+/)*[\w-][\w.-]*\." + EXT + r"\b|/(?:[\w.-]+/)*[\w.-]+(?=:\d))"
    r"(?:(?::|, line |#L)(?P<a>\d{1,7})(?:\s*[-–—]\s*L?(?P<b>\d{1,7}))?)?")
MDLINK_RE = re.compile(r"\[(?P<text>[^\]\n]{0,200})\]\((?P<url>https?://[^)\s]+)\)")
FENCED_RE = re.compile(r"^[ \t]*(```|~~~)[^\n]*\n(?P<code>.*?)^[ \t]*\1[ \t]*$", re.M | re.S)
# ``a = `b` ``: a span opened by N backticks runs to the next run of exactly N
BACKTICK_RE = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?P<code>(?:(?!(?P=ticks))[^\n])+?)(?<!`)(?P=ticks)(?!`)")
QUOTED_RE = re.compile(r"(?<![\w`])(?:\"(?P<d>[^\"\n]{2,200})\"|“(?P<s>[^”\n]{2,200})”|'(?P<q>[^'\n]{2,200})')(?![\w`])")
# a name after a colon ends before "at line N", which is a citation of its own
CWE_RE = re.compile(r"\bCWE[-‐ ]?\d+(?:\s*\([^)\n]*\)|\s*:(?:(?!\s+(?:at|on|in|near|around)\s+(?:lines?\b|L\d))[^\n.])*)?",
                    re.I)
DOTTED_RE = re.compile(r"(?<![\w.])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?:\(\))?(?![\w.]*\w)")
SNAKE_RE = re.compile(r"(?<![\w.])(?:_+[A-Za-z0-9]\w*|[A-Za-z][A-Za-z0-9]*_\w*[A-Za-z0-9])(?:\(\))?(?![\w])")
CALL_RE = re.compile(r"(?<![\w.])[A-Za-z_]\w*\(\)")
CAMEL_RE = re.compile(r"(?<![\w.])(?:[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+|[a-z]+[A-Z][A-Za-z0-9]*)(?![\w])")
NOT_DOTTED = {"e.g", "i.e", "etc", "vs", "a.k.a", "u.s"}
PROSE_DOMAINS = {"js", "com", "org", "net", "io", "ai", "md", "html", "dev"}
CODE_CHARS = re.compile(r"[()\[\]{}=_./:<>]|^\w+$")


@dataclass
class Mention:
    """One thing found in a claim's text, with its position."""
    start: int
    end: int
    kind: str  # code / lines / path
    code: str | None = None
    ranges: list[tuple[int, int]] = field(default_factory=list)
    path: str | None = None
    hard: bool = True


def _ranges(match: re.Match) -> list[tuple[int, int]]:
    a = int(match.group("a"))
    b = int(match.group("b")) if match.groupdict().get("b") else a
    out = [(min(a, b), max(a, b))]
    more = match.groupdict().get("more") or ""
    for m in re.finditer(r"(\d{1,7})(?:" + DASH + r"(\d{1,7}))?", more):
        x = int(m.group(1))
        y = int(m.group(2)) if m.group(2) else x
        out.append((min(x, y), max(x, y)))
    return out


def _mask_all(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out many spans in one pass (masking one at a time is quadratic)."""
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


def find_mentions(text: str) -> tuple[list[Mention], str]:
    """Every citation-like thing in ``text``, and the text with them masked.

    Stages run from the most specific form to the loosest; what one stage
    takes is blanked out before the next looks, so a path inside a link or a
    name inside backticks is read once. Each stage masks in one pass, keeping
    the whole linear in the claim's length.
    """
    found: list[Mention] = []
    masked = text

    def stage(regex: re.Pattern, take) -> None:
        nonlocal masked
        spans = []
        for m in regex.finditer(masked):
            mention = take(m)
            if mention is not False:
                spans.append((m.start(), m.end()))
                if mention is not None:
                    found.append(mention)
        masked = _mask_all(masked, spans)

    def path_of(m: re.Match, match: re.Match | None = None) -> Mention:
        match = match or m
        return Mention(m.start(), m.end(), "path", path=match.group("path"),
                       ranges=_ranges(match) if match.group("a") else [])

    stage(FENCED_RE, lambda m: Mention(m.start(), m.end(), "code", m.group("code").strip("\n")))

    def link(m: re.Match):
        blob = BLOB_RE.fullmatch(m.group("url"))
        return path_of(m, blob) if blob else False
    stage(MDLINK_RE, link)
    stage(BLOB_RE, path_of)

    def backticks(m: re.Match):
        code = m.group("code").strip()
        path = PATH_RE.fullmatch(code)
        if path:
            return path_of(m, path)
        return Mention(m.start(), m.end(), "code", code) if code else None
    stage(BACKTICK_RE, backticks)
    stage(CWE_RE, lambda m: None)

    def quoted(m: re.Match):
        code = m.group("d") or m.group("s") or m.group("q")
        if code and CODE_CHARS.search(code) and not re.search(r"\s{2,}|[.!?]$", code) \
                and (" " not in code or re.search(r"[()=\[\]]", code)):
            return Mention(m.start(), m.end(), "code", f"'{code}'" if m.group("q") is not None else code)
        return False
    stage(QUOTED_RE, quoted)
    stage(PATH_RE, path_of)
    for regex in (LINE_RE, L_RE):
        stage(regex, lambda m: Mention(m.start(), m.end(), "lines", ranges=_ranges(m)))

    def identifier(m: re.Match, hard: bool, dotted: bool):
        word = m.group()
        if dotted:
            base = word.removesuffix("()")
            parts = base.split(".")
            if base.lower() in NOT_DOTTED or any(len(p) == 1 for p in parts) or parts[-1].lower() in PROSE_DOMAINS:
                return False
            hard = "_" in base or word.endswith("()") or all(p.islower() for p in parts)
        return Mention(m.start(), m.end(), "code", word, hard=hard)
    for regex, hard in ((DOTTED_RE, True), (SNAKE_RE, True), (CALL_RE, True), (CAMEL_RE, False)):
        stage(regex, lambda m, hard=hard, dotted=regex is DOTTED_RE: identifier(m, hard, dotted))
    found.sort(key=lambda f: f.start)
    return found, masked


# "1. **Title (line 3):** ...": marker and emphasis are part of the lead's characters, so that
# a long blank run (masked code) is split one way only instead of cubically many ways
_LEAD_IN = re.compile(r"^\s*[^:\n]{1,90}?:\s+(?:\*\*|__)?\s*")


def _sentence_spans(masked: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in SENTENCE_SPLIT.finditer(masked):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(masked)))
    return spans


def _advisory(sentence: str) -> bool:
    lead = _LEAD_IN.match(sentence)
    body = sentence[lead.end():] if lead and len(lead.group().split()) <= 9 else sentence
    from .language import ADVICE_SENTENCE as advice  # local alias keeps the regex in one module
    return bool(advice.search(sentence[:lead.end()] if lead and advice.match(sentence) else body)) \
        or bool(advice.match(sentence))


def extract_references(text: str) -> list[CitedRef]:
    """Cited references of one claim, paired and marked primary or mention."""
    mentions, masked = find_mentions(text)
    spans = _sentence_spans(masked)
    kept: list[Mention] = []
    advisory: dict[tuple[int, int], bool] = {}  # once per sentence, not once per mention
    starts = [a for a, _ in spans]
    for mention in mentions:
        k = bisect.bisect_right(starts, mention.start) - 1
        s0, s1 = spans[k] if k >= 0 else (0, len(text))
        if (s0, s1) not in advisory:
            advisory[(s0, s1)] = _advisory(masked[s0:s1])
        if advisory[(s0, s1)] and mention.kind != "lines":  # a line number is never proposed code
            before = masked[s0:mention.start]
            phrase = list(INSTEAD_OF.finditer(before[-40:]))
            # "instead of `X`", "replace `X` with `Y`": X is cited, Y is proposed
            if not (mention.kind == "code" and phrase
                    and not re.search(r"\b(?:with|by|to)\b", before[-40:][phrase[-1].end():])):
                continue
        kept.append(mention)
    return _pair(kept, spans, masked)


def _pair(mentions: list[Mention], spans: list[tuple[int, int]], masked: str = "") -> list[CitedRef]:
    groups = [m for m in mentions if m.kind in ("lines", "path")]
    codes = [m for m in mentions if m.kind == "code"]
    by_group: dict[int, list[Mention]] = {}
    loose: list[Mention] = []
    index = ([g.start for g in groups], [g.end for g in groups], [a for a, _ in spans])  # all sorted
    for code in codes:
        group = _group_for(code, groups, spans, masked, index)
        if group is None:
            loose.append(code)
        else:
            by_group.setdefault(id(group), []).append(code)
    refs: list[CitedRef] = []
    seen: set[tuple] = set()

    def add(ref: CitedRef) -> None:
        key = (ref.line_start, ref.line_end, ref.code, ref.path)
        if key not in seen:
            seen.add(key)
            refs.append(ref)

    for group in groups:
        members = by_group.get(id(group), [])
        primary = next((c for c in members if c.hard), members[0] if members else None)
        ranges = group.ranges or [(None, None)]
        if not members:
            for a, b in ranges:
                add(CitedRef(a, b, None, group.path, group_ranges=list(group.ranges)))
        for code in members:
            for a, b in ranges:
                add(CitedRef(a, b, code.code, group.path, primary=code is primary, hard=code.hard,
                             group_ranges=list(group.ranges)))
    for code in loose:
        add(CitedRef(None, None, code.code, None, primary=True, hard=code.hard))
    return refs


_RIGHT_AFTER = re.compile(r"[\s,:(]*(?:(?:is |are )?(?:on|at|in|from|near|see)\s+)?(?:\(?(?:e\.g\.,?|see)\s+)?")


def _group_for(code: Mention, groups: list[Mention], spans: list[tuple[int, int]],
               masked: str = "", index: tuple[list[int], list[int], list[int]] | None = None) -> Mention | None:
    """The line reference a piece of code belongs to: the one right after it
    ("`X` on line 23", "`X` (line 23)"), else the nearest one before it in the
    claim, else the nearest one after it in the same sentence."""
    starts, ends, span_starts = index or ([g.start for g in groups], [g.end for g in groups], [a for a, _ in spans])
    k = bisect.bisect_left(starts, code.end)  # bisect, not scans: a claim may hold thousands of references
    nxt = groups[k] if k < len(groups) else None
    if nxt is not None and masked and nxt.start - code.end <= 60 \
            and _RIGHT_AFTER.fullmatch(masked[code.end:nxt.start]):
        return nxt
    k = bisect.bisect_right(ends, code.start)
    if k:
        return groups[k - 1]
    j = bisect.bisect_right(span_starts, code.start) - 1
    s0, s1 = spans[j] if j >= 0 and code.start < spans[j][1] else (0, 0)
    k = bisect.bisect_left(starts, s0)
    return groups[k] if k < len(groups) and groups[k].start < s1 else None
