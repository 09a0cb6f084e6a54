"""Where a piece of code occurs in a source: in code, or only in comments.

Matching is on tokens, so whitespace, line breaks and quote style do not
matter (``f(a,b)`` matches ``f(a, b)`` split over two lines), an elision
(``f(...)``, ``foo.bar(…)``, ``f()`` in prose) matches any arguments, and a
name never matches inside a longer name.
"""
from __future__ import annotations

import bisect
import keyword
import re
from dataclasses import dataclass, field
from functools import cached_property

from .lexer import Lexed, Token, lex, string_value, tokenize_snippet
from .loader import SourceFile
from .structure import Structure, analyse_structure

ELLIPSIS = Token(0, 0, "...", "ellipsis")
MAX_GAP = 400  # tokens an elision may stand for
MAX_QUOTE_LINES = 200  # lines of one quote matched line by line
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NOT_NAMES = frozenset(keyword.kwlist) | {"True", "False", "None", "self", "cls"}


def _broken_quotes(snippet: str) -> bool:
    """A quote cut inside a string literal: its tokens cannot be matched."""
    return '"""' in snippet or "'''" in snippet or snippet.count('"') % 2 == 1 or snippet.count("'") % 2 == 1


def _meaningful(line: str) -> bool:
    """A quote's line worth matching: not blank, not an elision, not the reviewer's own comment."""
    text = line.strip()
    return bool(text) and not re.fullmatch(r"(?:\.\.\.|…|#.*|//.*|pass)", text)


@dataclass
class Occurrences:
    code: list[int] = field(default_factory=list)  # first line of each occurrence in code
    comments: list[int] = field(default_factory=list)
    # (first, last) line of each occurrence in code: a call cited on its second line is on the cited line
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class SourceIndex:
    source: SourceFile

    @cached_property
    def lexed(self) -> Lexed:
        return lex(self.source.text)

    @cached_property
    def structure(self) -> Structure:
        return analyse_structure(self.source.text)

    @cached_property
    def _docs(self) -> dict[int, str]:
        out: dict[int, str] = {}
        for tok in self.lexed.tokens:
            if tok.kind == "doc":
                for offset, line in enumerate(tok.text.split("\n")):
                    out[tok.line + offset] = line
        return out

    @cached_property
    def _starts(self) -> dict[tuple[str, str], list[int]]:
        """Token positions by what a pattern's first token must equal: matching stays
        proportional to the candidates, not to the file's length."""
        out: dict[tuple[str, str], list[int]] = {}
        for i, tok in enumerate(self._tokens):  # positions in the list _match_tokens walks
            key = ("s", tok.value) if tok.kind in ("string", "doc") else ("t", tok.text)
            out.setdefault(key, []).append(i)
        return out

    @cached_property
    def _strings(self) -> list[Token]:
        return [t for t in self.lexed.tokens if t.kind == "string"]

    @cached_property
    def _notes(self) -> tuple[str, list[int], list[int]]:
        """Comments and docstrings as one text, with each piece's start offset and line."""
        pieces = sorted(list(self.lexed.comments.items()) + list(self._docs.items()))
        offsets, lines, parts, pos = [], [], [], 0
        for line, text in pieces:
            offsets.append(pos)
            lines.append(line)
            parts.append(text)
            pos += len(text) + 1
        return "\n".join(parts), offsets, lines

    @cached_property
    def words(self) -> frozenset[str]:
        """Every name the code uses, and every word inside its string literals (a header
        name, a format token): what cited code may be made of. Comments and docstrings
        are prose about the code, so a word only there is not a name of it."""
        out = {t.text for t in self.lexed.tokens if t.kind == "name"}
        for tok in self._strings:
            out.update(_WORD.findall(tok.value))
        return frozenset(out)

    @cached_property
    def attributes(self) -> frozenset[str]:
        """Names the code reaches as attributes (after a ``.``), or that its classes define."""
        tokens = self.lexed.tokens
        after_dot = {tokens[k + 1].text for k, t in enumerate(tokens[:-1])
                     if t.text == "." and tokens[k + 1].kind == "name"}
        return frozenset(after_dot | self.structure.class_names)

    def invented(self, snippet: str) -> list[str]:
        """The names of ``snippet`` that the file's code never uses (for ``self.x``,
        ``x`` never used as an attribute): the strongest sign that cited code was made up."""
        out: list[str] = []
        toks = tokenize_snippet(snippet)
        for k, tok in enumerate(toks):
            if tok.kind != "name" or len(tok.text) < 2 or tok.text in _NOT_NAMES or tok.text in out:
                continue
            on_self = k >= 2 and toks[k - 1].text == "." and toks[k - 2].text in ("self", "cls")
            if tok.text not in self.words or (on_self and tok.text not in self.attributes):
                out.append(tok.text)
        return out

    def find_lines(self, snippet: str) -> tuple[Occurrences, float]:
        """A multi-line quote matched line by line (indentation, elided lines and the
        reviewer's own comments ignored): where its lines are, and the share found.

        The quote is placed where the most of its lines follow each other within
        a short window, starting at one occurrence of its first found line.
        """
        lines = [line for line in snippet.split("\n") if _meaningful(line)][:MAX_QUOTE_LINES]
        if not lines:
            return Occurrences(), 0.0
        hits = [self.find(line).code for line in lines]
        window = 3 * len(lines) + 10
        best: tuple[int, int, int] | None = None  # (count, first, last)
        for k, starts in enumerate(hits):
            for anchor in starts[:50]:
                count, last = 1, anchor
                for later in hits[k + 1:]:
                    nxt = next((n for n in later if last <= n <= anchor + window), None)
                    if nxt is not None:
                        count, last = count + 1, nxt
                if best is None or count > best[0]:
                    best = (count, anchor, last)
            if best is not None and best[0] == len(lines) - k:
                break
        if best is None:
            return Occurrences(), 0.0
        count, first, last = best
        return Occurrences(code=[first], spans=[(first, last)]), count / len(lines)

    @cached_property
    def names(self) -> frozenset[str]:
        """Every identifier in the code, lower-cased (comments and strings excluded)."""
        return frozenset(t.text.lower() for t in self.lexed.tokens if t.kind == "name")

    def find(self, snippet: str) -> Occurrences:
        snippet = snippet.strip()
        found = Occurrences()
        pattern = _prepare(tokenize_snippet(snippet))
        if pattern:
            found.spans = self._match_tokens(pattern)
        if not found.spans:
            found.spans = [(n, n) for n in self._match_in_strings(snippet, pattern)]
        if not found.spans:
            found.spans = [(n, n) for n in self._match_method(snippet)]
        if not found.spans and "\n" not in snippet and len(snippet) >= 12 and _broken_quotes(snippet):
            found.spans = [(n, n) for n in self._match_text(snippet)]
        found.code = sorted({a for a, _ in found.spans})
        if not found.code:
            found.comments = self._match_in_comments(snippet)
        return found

    def name_tokens(self, name: str) -> tuple[list[Token], list[int]]:
        """The file's tokens, and the positions in them where ``name`` is written."""
        return self._tokens, self._starts.get(("t", name), [])

    @cached_property
    def _tokens(self) -> list[Token]:
        return _drop_trailing_commas(self.lexed.tokens)

    def _match_tokens(self, pattern: list[Token]) -> list[tuple[int, int]]:
        tokens = self._tokens
        segments = _split_segments(pattern)
        if not segments or not segments[0]:
            segments = [s for s in segments if s]
            if not segments:
                return []
        first = segments[0]
        head = first[0]
        key = ("s", head.value) if head.kind == "string" else ("t", head.text)
        spans: set[tuple[int, int]] = set()
        for i in self._starts.get(key, ()):
            if _equal_run(tokens, i, first):
                end = _rest_matches(tokens, i + len(first), segments[1:])
                if end is not None:
                    spans.add((tokens[i].line, tokens[max(i, end - 1)].end_line))
        return sorted(spans)

    def _match_in_strings(self, snippet: str, pattern: list[Token]) -> list[int]:
        value = string_value(snippet) if len(pattern) == 1 and pattern[0].kind == "string" else snippet
        if len(value.strip()) < 3 or (len(pattern) > 1 and not any(t.kind == "string" for t in pattern)
                                      and re.fullmatch(r"[\w.]+(\(.*\))?", value)):
            return []
        if len(pattern) == 1 and pattern[0].kind == "name":  # a name never matches inside a longer word
            word = re.compile(r"(?<!\w)" + re.escape(value) + r"(?!\w)")
            return sorted({t.line for t in self.lexed.tokens if t.kind == "string" and word.search(t.value)})
        return sorted({t.line for t in self._strings if value in t.value})

    def _match_method(self, snippet: str) -> list[int]:
        """``Store.close`` or ``Store.close(...)``: the line that defines method ``close`` of class ``Store``."""
        m = re.fullmatch(r"([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?:\(\s*(?:\.\.\.|…)?\s*\))?", snippet)
        if not m:
            return []
        return sorted(self.structure.methods.get(".".join(m.group(1).split(".")[-2:]), []))

    @cached_property
    def _squashed(self) -> tuple[str, list[int]]:
        """The source with each line's whitespace squashed, and where each line starts."""
        starts, parts, pos = [], [], 0
        for line in self.source.text.split("\n"):
            squashed = " ".join(line.split())
            starts.append(pos)
            parts.append(squashed)
            pos += len(squashed) + 1
        return "\n".join(parts), starts

    def _match_text(self, snippet: str) -> list[int]:
        """A one-line quote the tokenizer cannot read whole (it starts inside a string,
        ``\"\"\") % {...}``): found as text on one line, whitespace squashed."""
        text, starts = self._squashed
        wanted = " ".join(snippet.split())
        hits: list[int] = []
        pos = text.find(wanted)
        while pos >= 0 and len(hits) < 1000:
            hits.append(bisect.bisect_right(starts, pos))
            pos = text.find(wanted, pos + 1)
        return sorted(set(hits))

    def _match_in_comments(self, snippet: str) -> list[int]:
        text = string_value(snippet) if re.fullmatch(r"""(['"]).*\1""", snippet, re.S) else snippet
        text = re.sub(r"\s+", " ", text.strip())
        if len(text) < 2 or "..." in text or "…" in text:
            return []
        flags = re.I if " " in text else 0
        regex = re.compile(r"(?<![\w])" + re.escape(text).replace(r"\ ", r"\s+") + r"(?![\w])", flags)
        longest = max(re.findall(r"\S+", text), key=len)
        notes = self._notes[0].lower() if flags else self._notes[0]
        if (longest.lower() if flags else longest) not in notes:
            return []  # fast path: a plain substring scan rules most absent code out
        text, offsets, lines = self._notes
        hits = {lines[bisect.bisect_right(offsets, m.start()) - 1] for m in regex.finditer(text)}
        return sorted(hits)


def _prepare(tokens: list[Token]) -> list[Token]:
    """Drop prose punctuation around a snippet and read ``f()`` as ``f(...)``."""
    out: list[Token] = []
    for tok in tokens:
        if tok.kind == "ellipsis":
            if not out or out[-1].kind != "ellipsis":
                out.append(ELLIPSIS)
        elif tok.text == ")" and out and out[-1].text == "(":
            out.extend([ELLIPSIS, tok])
        else:
            out.append(tok)
    while out and out[-1].text in (",", ";", ".") and len(out) > 1:
        out.pop()
    return _drop_trailing_commas(out)


def _drop_trailing_commas(tokens: list[Token]) -> list[Token]:
    """``f(a, b,)`` reads as ``f(a, b)``: a review quoting a call seldom keeps the trailing comma."""
    return [t for k, t in enumerate(tokens)
            if not (t.text == "," and t.kind == "op" and k + 1 < len(tokens) and tokens[k + 1].text in ")]}")]


def _split_segments(pattern: list[Token]) -> list[list[Token]]:
    segments: list[list[Token]] = [[]]
    for tok in pattern:
        if tok.kind == "ellipsis":
            segments.append([])
        else:
            segments[-1].append(tok)
    return segments


def _same(source: Token, wanted: Token) -> bool:
    if wanted.kind == "string":
        return source.kind in ("string", "doc") and source.value == wanted.value
    if source.kind == "doc":
        return False
    return source.text == wanted.text


def _equal_run(tokens: list[Token], start: int, run: list[Token]) -> bool:
    if start + len(run) > len(tokens):
        return False
    return all(_same(tokens[start + k], run[k]) for k in range(len(run)))


def _rest_matches(tokens: list[Token], start: int, segments: list[list[Token]]) -> int | None:
    """Index just past the match of the remaining segments, or None."""
    if not segments:
        return start
    segment, rest = segments[0], segments[1:]
    if not segment:  # trailing elision
        return _rest_matches(tokens, start, rest)
    for j in range(start, min(len(tokens), start + MAX_GAP)):
        if _equal_run(tokens, j, segment):
            end = _rest_matches(tokens, j + len(segment), rest)
            if end is not None:
                return end
    return None
