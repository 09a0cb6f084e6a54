"""The review, corrected where the check proved it wrong, for bots that post
reviews after checking them.

- A ``misplaced`` claim whose cited code is really a few lines away (a
  ``shifted`` or ``comment_only`` reference with a cited line) gets its line
  numbers moved by the reference's offset: "In line 90" -> "In line 91",
  "Lines 31-33" -> "Lines 32-34", ``app.py:90`` -> ``app.py:91``. Only the
  digits change, and only inside the claim's own lines of the review.
- A ``fabricated`` claim is struck through line by line (``~~...~~``, list
  markers and indentation kept outside) and followed by a note saying what
  does not exist, e.g.
  ``   _(crosscheck: fabricated — 'qemu:///system' does not occur in the source)_``.

Every other byte of the review is left as it was, line endings included.
"""
from __future__ import annotations

import re

from .model import Claim, InputError, Report
from .review.locations import DASH, L_RE, LINE_RE, PATH_RE, URL_LINES_RE

FENCE_RE = re.compile(r"^\s*(```|~~~)")
ITEM_RE = re.compile(r"^(?P<indent>\s*)(?:\*\*|__)?(?P<marker>\d{1,4}[.)]|[-*•+●▪◦])\s+(?=\S)")

_SPLIT = re.compile(r"(\r\n|\r|\n)")
_MORE_RANGE = re.compile(r"(\d{1,7})(?:" + DASH + r"(\d{1,7}))?")

Edit = tuple[int, int, str]  # replace text[start:end] with the string


def fix_review(text: str, report: Report, *, input_format: str | None = None) -> str:
    """``text`` with the misplaced claims' line numbers corrected and the
    fabricated claims struck through.

    ``report`` must be the report of this very text (claim spans are its
    1-based lines). Structured inputs (GitHub or Gerrit comments JSON, whose
    spans count comments) cannot be rewritten this way: ``InputError``.
    ``input_format`` is the format the review was checked as (None: detect).
    """
    from .review.inputs import detect_input_format
    fmt = input_format if input_format not in (None, "", "auto") else detect_input_format(text)
    if fmt != "text":
        raise InputError(f"cannot rewrite a {fmt} comments review: only text and Markdown reviews can be fixed")
    parts = _SPLIT.split(text)
    lines = parts[0::2]
    seps = parts[1::2] + [""]
    starts: list[int] = []
    pos = 0
    for line, sep in zip(lines, seps):
        starts.append(pos)
        pos += len(line) + len(sep)
    default_sep = next((s for s in seps if s), "\n")
    edits: list[Edit] = []
    for claim in report.claims:
        first, last = claim.span.start_line - 1, claim.span.end_line - 1
        if first < 0 or last >= len(lines) or first > last:
            continue
        if claim.status == "misplaced":
            region_start = starts[first]
            region = text[region_start:starts[last] + len(lines[last])]
            edits += [(region_start + a, region_start + b, new) for a, b, new in _line_fixes(region, claim)]
        elif claim.status == "fabricated":
            edits += _strike(lines, starts, first, last, seps[last] or default_sep, _reasons(claim, report))
    out, cursor = [], 0
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < cursor:
            continue  # overlapping edits cannot happen; never corrupt the text if they do
        out.append(text[cursor:start])
        out.append(new)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


# ---------------------------------------------------------------- misplaced

def _shifts(claim: Claim) -> dict[tuple[int, int], int]:
    """Cited range -> offset to add, for every range the check found shifted."""
    votes: dict[tuple[int, int], dict[bool, set[int]]] = {}
    exact_primary: set[tuple[int, int]] = set()
    for ref in claim.references:
        cited = ref.cited
        if cited.line_start is None:
            continue
        ranges = cited.group_ranges or [(cited.line_start, cited.line_end or cited.line_start)]
        ranges = [(min(a, b), max(a, b)) for a, b in ranges]
        if ref.status == "exact" and cited.primary:
            exact_primary.add((min(cited.line_start, cited.line_end or cited.line_start),
                               max(cited.line_start, cited.line_end or cited.line_start)))
        if ref.status not in ("shifted", "comment_only") or not ref.offset or not ref.actual_lines:
            continue
        for a, b in ranges:
            if any(a <= line <= b for line in ref.actual_lines):
                continue  # this range of the group is right
            nearest = min(abs(line - a if line < a else line - b) for line in ref.actual_lines)
            if nearest != abs(ref.offset):
                continue  # another range of the group is the one the code is near
            votes.setdefault((a, b), {True: set(), False: set()})[cited.primary].add(ref.offset)
    out: dict[tuple[int, int], int] = {}
    for rng, by_primary in votes.items():
        if rng in exact_primary:
            continue
        offsets = by_primary[True] or by_primary[False]
        if len(offsets) == 1:
            out[rng] = next(iter(offsets))
    return out


def _number_mentions(region: str) -> list[list[tuple[int, int, int]]]:
    """Every line-number mention in ``region``: per range, the (start, end,
    value) of its one or two numbers."""
    taken: list[tuple[int, int]] = [(m.start(), m.end()) for m in _fences(region)]
    found: list[list[tuple[int, int, int]]] = []

    def free(m: re.Match) -> bool:
        return not any(m.start() < b and a < m.end() for a, b in taken)

    def number(m: re.Match, group: str) -> tuple[int, int, int] | None:
        if m.groupdict().get(group) is None:
            return None
        return (m.start(group), m.end(group), int(m.group(group)))

    for regex in (URL_LINES_RE, PATH_RE, LINE_RE, L_RE):
        for m in regex.finditer(region):
            if not free(m):
                continue
            taken.append((m.start(), m.end()))
            a = number(m, "a")
            if a is None:
                continue
            b = number(m, "b")
            found.append([a, b] if b else [a])
            more = m.groupdict().get("more")
            if more:
                base = m.start("more")
                for r in _MORE_RANGE.finditer(more):
                    first = (base + r.start(1), base + r.end(1), int(r.group(1)))
                    second = (base + r.start(2), base + r.end(2), int(r.group(2))) if r.group(2) else None
                    found.append([first, second] if second else [first])
    return found


def _fences(region: str) -> list[re.Match]:
    return list(re.finditer(r"^[ \t]*(```|~~~)[^\n]*\n.*?^[ \t]*\1[ \t]*$", region, re.M | re.S))


def _line_fixes(region: str, claim: Claim) -> list[Edit]:
    shifts = _shifts(claim)
    if not shifts:
        return []
    edits: list[Edit] = []
    for numbers in _number_mentions(region):
        values = [v for _, _, v in numbers]
        rng = (min(values), max(values))
        delta = shifts.get(rng)
        if delta is None:
            continue
        for start, end, value in numbers:
            if value + delta >= 1:
                edits.append((start, end, str(value + delta)))
    return edits


# ---------------------------------------------------------------- fabricated

def _quote(code: str) -> str:
    lines = code.strip().splitlines() or [code]
    code = lines[0] + (" …" if len(lines) > 1 else "")
    if len(code) >= 2 and code[0] == code[-1] and code[0] in "'\"":
        return code
    return f"`{code}`" if "`" not in code else f"'{code}'"


def _file_lines(report: Report, path: str | None) -> tuple[str, int | None]:
    source = report.source
    if "files" in source:
        for f in source.get("files") or []:
            if f.get("path") == path:
                return path or "the file", f.get("lines")
        return path or "the file", None
    return "the file", source.get("lines")


def _reasons(claim: Claim, report: Report) -> list[str]:
    files = {f.get("path") for f in report.source.get("files") or []} if "files" in report.source else None
    reasons: list[str] = []
    for ref in claim.references:
        if ref.status not in ("absent", "out_of_range") or not ref.cited.hard:
            continue
        cited = ref.cited
        if ref.status == "out_of_range":
            name, count = _file_lines(report, ref.path)
            line = cited.line_end or cited.line_start
            bad = [b for a, b in (cited.group_ranges or [(cited.line_start, line)])
                   if b is not None and count is not None and b > count]
            shown = max(bad) if bad else line
            size = f" ({count} lines)" if count is not None else ""
            reason = f"line {shown} is beyond the end of {name}{size}"
        elif files is not None and ref.path is not None and ref.path not in files:
            reason = f"{_quote(ref.path)} does not exist under the source root"
        elif cited.code is not None:
            reason = f"{_quote(cited.code)} does not occur in the source"
        else:
            continue
        if reason not in reasons:
            reasons.append(reason)
    return reasons or ["the code it cites does not occur in the source"]


def _prefix(line: str) -> str:
    """What stays outside the ``~~``: indentation and a list marker."""
    m = ITEM_RE.match(line)
    if m and not line[len(m.group("indent")):].startswith(("**", "__")):
        return line[:m.end()]
    return line[:len(line) - len(line.lstrip())]


def _strike(lines: list[str], starts: list[int], first: int, last: int, sep: str,
            reasons: list[str]) -> list[Edit]:
    edits: list[Edit] = []
    in_fence = False
    for i in range(first, last + 1):
        line = lines[i]
        if FENCE_RE.match(line):
            in_fence = not in_fence
            continue
        if in_fence or not line.strip():
            continue
        prefix = _prefix(line)
        body = line[len(prefix):].rstrip()
        if not body:
            continue
        edits.append((starts[i] + len(prefix), starts[i] + len(prefix), "~~"))
        edits.append((starts[i] + len(prefix) + len(body), starts[i] + len(prefix) + len(body), "~~"))
    indent = " " * len(_prefix(lines[first]).expandtabs(4))
    note = f"{indent}_(crosscheck: fabricated — {'; '.join(reasons)})_"
    end = starts[last] + len(lines[last])
    edits.append((end, end, sep + note))
    return edits
