"""Gerrit comments: ``GET /changes/{id}/comments`` (or ``.../revisions/{rev}/comments``,
``.../drafts``), an object mapping each file path to a list of ``{line, range,
message, side, in_reply_to, author, ...}``. The ``)]}'`` line Gerrit puts
before its JSON is skipped. Magic paths (``/COMMIT_MSG``,
``/PATCHSET_LEVEL``) name no source file."""
from __future__ import annotations

from typing import Any

from ...model import InputError
from ..document import Document, Origin
from . import as_text, line_number, load_json, maybe_json, register

KEYS = ("message", "line", "range", "patch_set", "in_reply_to", "unresolved")


def _looks_gerrit(obj: Any) -> bool:
    if not isinstance(obj, dict):
        return False
    comments = []
    for value in obj.values():
        if not isinstance(value, list) or not all(isinstance(c, dict) for c in value):
            return False
        comments.extend(value)
    return all(any(k in c for k in KEYS) for c in comments)


@register
class Gerrit:
    name = "gerrit"

    def detect(self, text: str) -> float:
        values = maybe_json(text)
        return 0.9 if values is not None and len(values) == 1 and _looks_gerrit(values[0]) else 0.0

    def read(self, text: str) -> list[Document]:
        values = load_json(text, "Gerrit comments")
        obj = values[0] if len(values) == 1 else None
        if not isinstance(obj, dict) or not all(isinstance(v, list) and all(isinstance(c, dict) for c in v)
                                                for v in obj.values()):
            raise InputError("review is not Gerrit comments: expected a JSON object mapping each file path "
                             "to a list of comments (GET /changes/{id}/comments)")
        docs = []
        n = 0
        for file_path, comments in obj.items():
            path = None if not file_path or file_path.startswith("/") else file_path
            for c in comments:
                n += 1
                start = end = line_number(c.get("line"))
                rng = c.get("range")
                if isinstance(rng, dict) and line_number(rng.get("start_line")):
                    start = line_number(rng.get("start_line"))
                    end = line_number(rng.get("end_line")) or end or start
                    # a range that ends at character 0 of a line stops before that line
                    if rng.get("end_character") == 0 and end is not None and start is not None and end > start:
                        end -= 1
                if path is None:
                    start = end = None
                author = c.get("author") if isinstance(c.get("author"), dict) else {}
                origin = Origin("gerrit", n, path, start, end,
                                commit=as_text(c.get("commit_id")) or None,
                                author=as_text(author.get("username") or author.get("name")) or None,
                                id=as_text(c.get("id")) or None,
                                base_side=str(c.get("side") or "").upper() == "PARENT",
                                reply=c.get("in_reply_to") is not None)
                docs.append(Document(as_text(c.get("message")), origin, line_base=None))
        return docs
