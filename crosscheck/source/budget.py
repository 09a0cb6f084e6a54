"""How deep a source may nest before it is handed to a parser.

libcst's native parser recurses on the C stack: about 2,000 nested brackets
or a chain of 10,000 ``elif`` clauses overflows it and the whole process dies
with a segfault, and a chain of 3,000 binary operators takes minutes before
it does. CPython's own parser refuses more than 200 nested brackets and
recursion past about 3,000 levels, so no real module is anywhere near these
depths. A cheap scan (strings and comments skipped) estimates the depth of
the tree a parser would build; a source over the budget is reported like any
other unparsable source and only text-level resolution runs on it.

The parse itself also runs on a thread with a large stack, so a shape the
estimate misses still gets far more room than the main thread's 8 MB.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, TypeVar

MAX_BRACKETS = 200  # CPython's tokenizer limit: deeper brackets cannot be Python
MAX_DEPTH = 500  # estimated tree depth; libcst takes ~0.1 s on one statement this deep
PARSE_STACK = 256 * 1024 * 1024

_SCAN = re.compile(r"""
    (?P<comment>\#[^\r\n]*)
  | (?P<string>(?:[rRbBuU]|[fF][rR]?|[rR][fFbB]|[bB][rR])?(?:
        '''(?:\\.|[^\\])*?(?:'''|\Z) | \"\"\"(?:\\.|[^\\])*?(?:\"\"\"|\Z)
      | '(?:\\.|[^'\\\r\n])*'? | "(?:\\.|[^"\\\r\n])*"?))
  | (?P<continued>\\\r?\n|\\\r)
  | (?P<newline>\r\n|\r|\n)
  | (?P<open>[(\[{])
  | (?P<close>[)\]}])
  | (?P<reset>[,;])
  | (?P<word>[^\W\d]\w*)
  | (?P<op>\*\*|//|<<|>>|[-+*/%@&|^~<>!=.])
""", re.VERBOSE | re.DOTALL)
# words that make an expression one level deeper, like an operator does
_CHAINING = frozenset({"and", "or", "not", "if", "else", "in", "is", "lambda", "await"})


@dataclass(frozen=True)
class Overbudget:
    """Why a source is not parsed: what is too deep, where, and the limit."""
    what: str
    depth: int
    line: int
    limit: int
    unit: str = "levels"

    def __str__(self) -> str:
        if self.unit != "levels":
            return f"source exceeds the analysis budget: {self.depth:,} {self.unit} (limit {self.limit:,})"
        return (f"source exceeds the parse budget: {self.what} {self.depth} levels deep "
                f"at line {self.line} (limit {self.limit})")


@lru_cache(maxsize=4)  # the analyzers, libcst and ast each ask of the same text
def over_budget(text: str) -> Overbudget | None:
    """The first place where ``text`` nests deeper than a parser may safely go, or None."""
    line = 1
    parents: list[int] = []  # the chain length of each enclosing bracket level
    enclosing = 0  # sum of ``parents``
    chain = 0  # operators joining operands at the current bracket level
    indents: list[int] = []
    elifs: dict[int, int] = {}  # indentation column -> elif clauses in the current if statement
    block = 0
    at_line_start, column, line_start = True, 0, 0
    previous = ""
    for m in _SCAN.finditer(text):
        kind, token = m.lastgroup, m.group()
        if kind == "newline" or kind == "continued":
            line += 1
            line_start = m.end()
            if kind == "newline" and not parents:
                chain, at_line_start, previous = 0, True, ""
            continue
        if kind == "comment":
            continue
        if at_line_start:  # the first token of a logical line: its indentation and elif chain
            column = m.start() - line_start
            while indents and indents[-1] > column:
                indents.pop()
            if column > (indents[-1] if indents else 0):
                indents.append(column)
            for deeper in [c for c in elifs if c > column]:
                del elifs[deeper]
            if token == "elif":
                elifs[column] = elifs.get(column, 0) + 1
            elif token != "else":
                elifs.pop(column, None)
            block = len(indents) + sum(elifs.values())
            at_line_start = False
        if kind == "string":
            if token[:2].lower() in ("f'", 'f"', "fr", "rf"):
                chain += _bracket_depth(token)  # an f-string's fields are parsed too
        elif kind == "open":
            if previous in ("word", "close", "string"):
                chain += 1  # a call or subscript trailer
            parents.append(chain)
            enclosing += chain
            chain = 0
            if len(parents) > MAX_BRACKETS:
                return Overbudget("brackets nested", len(parents), line, MAX_BRACKETS)
        elif kind == "close":
            if parents:
                chain = parents.pop()
                enclosing -= chain
        elif kind == "reset":
            chain = 0
        elif kind == "op" or (kind == "word" and token in _CHAINING):
            chain += 1
        depth = block + len(parents) + enclosing + chain
        if depth > MAX_DEPTH:
            return Overbudget("statement nested", depth, line, MAX_DEPTH)
        previous = kind or ""
    return None


MAX_LINES = 20_000  # analyzers and libcst spend about 2 s per thousand lines: beyond this, minutes
MAX_BYTES = 2_000_000


def too_large(text: str) -> Overbudget | None:
    """A source too long for the analyzers and libcst within a gate's time: reported, not run.

    Real modules stay well under it (the largest files of big projects hold about 12,000
    lines); a generated file of 100,000 lines took the analyzers minutes and over a GB.
    """
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        return Overbudget("source length", lines, lines, MAX_LINES, unit="lines")
    if len(text) > MAX_BYTES:
        return Overbudget("source size", len(text), lines, MAX_BYTES, unit="characters")
    return None


def analysis_budget(text: str) -> Overbudget | None:
    """Why analyzers and libcst must not run on ``text`` (too deep, too long), or None."""
    return over_budget(text) or too_large(text)


def _bracket_depth(literal: str) -> int:
    depth = deepest = 0
    for ch in literal:
        if ch in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}" and depth:
            depth -= 1
    return deepest


T = TypeVar("T")
_STACK_LOCK = threading.Lock()


def with_large_stack(func: Callable[[], T]) -> T:
    """``func()`` on a thread with a large C stack; its exception, if any, is raised here."""
    result: list[T] = []
    error: list[BaseException] = []

    def work() -> None:
        try:
            result.append(func())
        except BaseException as exc:  # handed to the caller, who decides what it means
            error.append(exc)

    try:
        with _STACK_LOCK:  # stack_size is process-wide: set it only for this one thread
            old = threading.stack_size(PARSE_STACK)
            try:
                worker = threading.Thread(target=work, name="crosscheck-parse", daemon=True)
                worker.start()
            finally:
                threading.stack_size(old)
    except (ValueError, RuntimeError, MemoryError):  # no such stack here: parse on this thread
        return func()
    worker.join()
    if error:
        raise error[0]
    return result[0]
