"""Stage 1 for structured reviews: code-review comments exported as JSON.

Besides plain-text and Markdown reviews (``parse_review``), crosscheck reads
the inline comments of a code-review system, where the location of each
comment is given by the structure, not by the prose:

``github``
    Pull-request review comments as ``gh api repos/OWNER/REPO/pulls/N/comments``
    prints them: a JSON list of objects with ``path``, ``line``, ``start_line``,
    ``side``, ``body``, ``in_reply_to_id``, ... ``gh api --paginate`` output
    (several lists one after another) and ``--slurp`` output (a list of lists)
    are read too.
``gerrit``
    ``GET /changes/{id}/comments`` (or ``.../revisions/{rev}/comments``,
    ``.../drafts``): an object mapping a file path to a list of
    ``{line, range, message, side, in_reply_to, ...}``. The ``)]}'`` line
    Gerrit puts before its JSON against XSSI is skipped.

Each comment becomes one claim:

- ``text`` is the comment body, verbatim;
- ``span`` is ``Span(k, k)`` where ``k`` is the comment's 1-based position in
  the input (GitHub: the list order; Gerrit: file after file, in the order of
  the JSON object, each file's comments in list order). For these inputs span
  lines count comments, not lines of text, and ``ParsedReview.lines[k - 1]``
  is comment ``k``'s body;
- ``cited`` starts with the comment's own location: a primary reference to
  ``path`` at ``start_line..line``, carrying the first piece of code the body
  names (or no code: then it is a bare line reference). Other code the body
  names is a mention, in place anywhere in that line's block. Code the body
  places itself ("see line 40", "``other.py:12``") keeps the body's location;
  a bare file name in the body that names the comment's own file
  (``net.py`` for ``svc/net.py``) is taken as that file.

Choices, so that a comment is never judged on something it does not say:

- Replies (GitHub ``in_reply_to_id``, Gerrit ``in_reply_to``) are skipped:
  they answer a claim ("Done", "good catch") and their location is the
  thread's, so they are not claims of their own. They still count for ``k``.
- Comments with no line (GitHub ``subject_type: file``, Gerrit file
  comments) keep the path only: the code they name may be anywhere in it.
  Outdated GitHub comments (``line`` null, ``original_line`` set) are treated
  the same way: their numbers refer to ``original_commit_id``, not to the
  code under check.
- Comments on the base side of the diff (GitHub ``side: LEFT``, Gerrit
  ``side: PARENT``) talk about the old code: they are checked without their
  line, and the code they name is soft (its absence proves nothing, since the
  change may have removed it).
- Gerrit's magic paths (``/COMMIT_MSG``, ``/MERGE_LIST``, ``/PATCHSET_LEVEL``)
  name no source file: such comments cite no path.
- GitHub ```` ```suggestion ```` blocks are code the reviewer proposes, not
  code they cite: they are left out of the references and of the assertion.
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterator

from ..model import CitedRef, Claim, InputError, Span
from .blocks import ADVICE_LEAD_RE, Block
from .parser import ParsedReview, classify, extract_cwes, parse_review, stated_conclusion
from .references import extract_references

FORMATS = ("text", "github", "gerrit")
XSSI_PREFIX = ")]}'"
_SUGGESTION_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*suggestion\b[^\n]*\n.*?^[ \t]*\1[ \t]*$\n?", re.M | re.S)
_NEWLINE = re.compile(r"\r\n|\r|\n")
_GITHUB_KEYS = ("path", "diff_hunk", "pull_request_review_id", "commit_id", "original_line")
_GERRIT_KEYS = ("message", "line", "range", "patch_set", "in_reply_to", "unresolved")


# ---------------------------------------------------------------- detection

def _strip_xssi(text: str) -> tuple[str, bool]:
    body = text.lstrip("\ufeff")
    stripped = body.lstrip()
    if stripped.startswith(XSSI_PREFIX):
        rest = stripped[len(XSSI_PREFIX):]
        return rest, True
    return body, False


def _json_values(text: str) -> list[Any]:
    """Every JSON value in ``text``, one after another (``gh api --paginate``
    prints one list per page). Raises ``ValueError`` when it is not JSON."""
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


def _github_items(values: list[Any]) -> list[Any] | None:
    """The comments of a GitHub export, or None when it does not look like one."""
    items: list[Any] = []
    for value in values:
        if not isinstance(value, list):
            return None
        for item in value:
            if isinstance(item, list):  # gh api --paginate --slurp: a list of pages
                items.extend(item)
            else:
                items.append(item)
    return items


def _looks_github(items: list[Any]) -> bool:
    return all(isinstance(c, dict) and "body" in c and any(k in c for k in _GITHUB_KEYS) for c in items)


def _looks_gerrit(obj: Any) -> bool:
    if not isinstance(obj, dict):
        return False
    comments = []
    for value in obj.values():
        if not isinstance(value, list) or not all(isinstance(c, dict) for c in value):
            return False
        comments.extend(value)
    return all(any(k in c for k in _GERRIT_KEYS) for c in comments)


def detect_input_format(text: str) -> str:
    """``github``, ``gerrit`` or ``text``, by the review's content.

    An empty JSON list is a GitHub export with no comments, an empty JSON
    object a Gerrit one; anything that is not one of the two JSON shapes is
    a ``text`` review.
    """
    body, xssi = _strip_xssi(text)
    if not body.lstrip().startswith(("[", "{")):
        return "text"
    try:
        values = _json_values(body)
    except ValueError:
        return "text"
    if len(values) == 1 and _looks_gerrit(values[0]):
        return "gerrit"
    items = _github_items(values)
    if items is not None and not xssi and _looks_github(items):
        return "github"
    return "text"


# ---------------------------------------------------------------- parsing

def parse_input(text: str, fmt: str | None = None) -> ParsedReview:
    """A review of any supported format -> claims.

    ``fmt`` is ``text``, ``github`` or ``gerrit``; None (or ``auto``) detects
    it. A review that is not what an explicitly requested format needs raises
    ``InputError`` with a one-line message.
    """
    if fmt in (None, "", "auto"):
        fmt = detect_input_format(text)
    if fmt == "text":
        return parse_review(text)
    if fmt == "github":
        return _build(list(_github_comments(text)))
    if fmt == "gerrit":
        return _build(list(_gerrit_comments(text)))
    raise InputError(f"unknown review format '{fmt}' (choose from auto, {', '.join(FORMATS)})")


class _Comment:
    """One comment, reduced to what the claim needs."""

    def __init__(self, body: str, path: str | None, start: int | None, end: int | None,
                 reply: bool, base_side: bool) -> None:
        self.body = body
        self.path = path
        self.start = start
        self.end = end
        self.reply = reply
        self.base_side = base_side


def _load(text: str, fmt: str) -> list[Any]:
    body, _ = _strip_xssi(text)
    try:
        return _json_values(body)
    except ValueError as exc:
        message = " ".join(str(exc).split())
        raise InputError(f"review is not valid {fmt} comments JSON: {message}") from None


def _line(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    return value if isinstance(value, int) and value >= 1 else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _github_comments(text: str) -> Iterator[_Comment]:
    items = _github_items(_load(text, "github"))
    if items is None or not all(isinstance(c, dict) for c in items):
        raise InputError("review is not GitHub review comments: expected a JSON list of comment objects "
                         "(gh api repos/OWNER/REPO/pulls/N/comments)")
    for n, c in enumerate(items, 1):
        if "body" not in c:
            raise InputError(f"review is not GitHub review comments: comment {n} has no 'body'")
        path = c.get("path") if isinstance(c.get("path"), str) and c.get("path") else None
        end = _line(c.get("line"))
        start = _line(c.get("start_line")) or end
        if end is None or c.get("subject_type") == "file":
            start = end = None
        base = str(c.get("side") or "").upper() == "LEFT"
        yield _Comment(_text(c.get("body")), path, start, end, c.get("in_reply_to_id") is not None, base)


def _gerrit_comments(text: str) -> Iterator[_Comment]:
    values = _load(text, "gerrit")
    obj = values[0] if len(values) == 1 else None
    if not isinstance(obj, dict) or not all(isinstance(v, list) and all(isinstance(c, dict) for c in v)
                                            for v in obj.values()):
        raise InputError("review is not Gerrit comments: expected a JSON object mapping each file path "
                         "to a list of comments (GET /changes/{id}/comments)")
    for file_path, comments in obj.items():
        path = None if not file_path or file_path.startswith("/") else file_path
        for c in comments:
            start = end = _line(c.get("line"))
            rng = c.get("range")
            if isinstance(rng, dict) and _line(rng.get("start_line")):
                start = _line(rng.get("start_line"))
                end = _line(rng.get("end_line")) or end or start
                # a range that ends at character 0 of a line stops before that line
                if rng.get("end_character") == 0 and end is not None and start is not None and end > start:
                    end -= 1
            if path is None:
                start = end = None
            base = str(c.get("side") or "").upper() == "PARENT"
            yield _Comment(_text(c.get("message")), path, start, end, c.get("in_reply_to") is not None, base)


def _build(comments: list[_Comment]) -> ParsedReview:
    claims: list[Claim] = []
    for k, comment in enumerate(comments, 1):
        if comment.reply or not comment.body.strip():
            continue
        claims.append(comment_claim(len(claims) + 1, k, comment.body, comment.path, comment.start,
                                    comment.end, base_side=comment.base_side))
    return ParsedReview([c.body for c in comments], claims, stated_conclusion(claims))


def _same_file(mentioned: str, path: str) -> bool:
    a = mentioned.replace("\\", "/").removeprefix("./")
    b = path.replace("\\", "/").removeprefix("./")
    return a == b or b.endswith("/" + a)


def comment_claim(index: int, position: int, body: str, path: str | None, start: int | None,
                  end: int | None, *, base_side: bool = False) -> Claim:
    """One review comment at ``path:start-end`` (position ``position`` in its
    input) -> a claim whose primary citation is that location."""
    if start is not None and end is None:
        end = start
    if start is not None and end is not None and start > end:
        start, end = end, start
    if base_side:
        start = end = None
    cited_text = _SUGGESTION_RE.sub("", body)
    lines = _NEWLINE.split(cited_text)
    cut = next((i for i, line in enumerate(lines) if i and ADVICE_LEAD_RE.match(line)), None)
    assertion = "\n".join(lines[:cut] if cut else lines).strip()
    loc = (start, end) if start is not None else None

    refs: list[CitedRef] = []
    located: list[CitedRef] = []  # body refs that take the comment's own location
    for ref in extract_references(cited_text):
        if path is not None and ref.path is not None and _same_file(ref.path, path):
            ref.path = path
        elif path is not None and ref.path is None:
            ref.path = path
        if ref.path == path and ref.code is None and ref.line_start is None:
            continue  # the body names the comment's own file: its location says more
        if base_side:
            ref.hard = False
            if ref.path == path:
                ref.line_start = ref.line_end = None
                ref.group_ranges = []
        elif ref.path == path and ref.line_start is None and ref.code is not None:
            if loc is not None:
                ref.line_start, ref.line_end = loc
                ref.group_ranges = [loc]
            located.append(ref)
        refs.append(ref)
    primary = next((r for r in located if r.hard), None)
    for ref in located:
        ref.primary = ref is primary
    if primary is not None:
        refs.remove(primary)
        refs.insert(0, primary)
    elif path is not None and not base_side:
        refs.insert(0, CitedRef(start, end, None, path, primary=True, hard=True,
                                group_ranges=[loc] if loc else []))
    elif path is not None and not refs:
        refs.insert(0, CitedRef(None, None, None, path, primary=True, hard=True))

    claim = Claim(index=index, text=body, span=Span(position, position), kind="observation",
                  assertion=assertion)
    claim.cwe = extract_cwes(cited_text)
    claim.cited = refs
    # a review comment is a list item of the review: never a summary paragraph
    claim.kind = classify(claim, Block("item", [], ""), 0, 1)  # type: ignore[assignment]
    return claim
