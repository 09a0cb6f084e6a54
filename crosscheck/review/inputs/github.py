"""GitHub pull-request review comments, as ``gh api repos/OWNER/REPO/pulls/N/comments``
prints them: a JSON list of comment objects (``path``, ``line``,
``start_line``, ``side``, ``body``, ``in_reply_to_id``, ``user``, ...).
``gh api --paginate`` output (one list per page) and ``--slurp`` output (a
list of lists) are read too.

Each comment is a document located at ``path`` and ``start_line..line``.
Replies (``in_reply_to_id``) answer a claim and are not claims. Outdated
comments (``line`` null, ``original_line`` set) and file-level comments keep
only their path: their numbers refer to another commit. Comments on the base
side (``side: LEFT``) are about the old code.
"""
from __future__ import annotations

from typing import Any

from ...model import InputError
from ..document import Document, Origin
from . import as_text, line_number, load_json, maybe_json, register

KEYS = ("path", "diff_hunk", "pull_request_review_id", "commit_id", "original_line")


def _items(values: list[Any]) -> list[Any] | None:
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


@register
class GitHub:
    name = "github"

    def detect(self, text: str) -> float:
        values = maybe_json(text)
        if values is None or text.lstrip().startswith(")]}'"):
            return 0.0
        items = _items(values)
        if items is None:
            return 0.0
        ok = all(isinstance(c, dict) and "body" in c and any(k in c for k in KEYS) for c in items)
        return 0.9 if ok else 0.0

    def read(self, text: str) -> list[Document]:
        items = _items(load_json(text, "GitHub comments"))
        if items is None or not all(isinstance(c, dict) for c in items):
            raise InputError("review is not GitHub review comments: expected a JSON list of comment objects "
                             "(gh api repos/OWNER/REPO/pulls/N/comments)")
        docs = []
        for n, c in enumerate(items, 1):
            if "body" not in c:
                raise InputError(f"review is not GitHub review comments: comment {n} has no 'body'")
            path = c.get("path") if isinstance(c.get("path"), str) and c.get("path") else None
            end = line_number(c.get("line"))
            start = line_number(c.get("start_line")) or end
            outdated = end is None and line_number(c.get("original_line")) is not None
            if end is None or c.get("subject_type") == "file":
                start = end = None
            user = c.get("user") if isinstance(c.get("user"), dict) else {}
            origin = Origin("github", n, path, start, end,
                            commit=as_text(c.get("original_commit_id") if outdated else c.get("commit_id")) or None,
                            author=as_text(user.get("login")) or None, id=as_text(c.get("id")) or None,
                            url=as_text(c.get("html_url")) or None, outdated=outdated,
                            base_side=str(c.get("side") or "").upper() == "LEFT",
                            reply=c.get("in_reply_to_id") is not None)
            docs.append(Document(as_text(c.get("body")), origin, line_base=None))
        return docs
