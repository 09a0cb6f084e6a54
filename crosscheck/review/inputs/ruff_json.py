"""ruff's JSON output (``ruff check --output-format json``): a list of
diagnostics ``{"code", "message", "filename", "location": {"row",
"column"}, "end_location", "url", "fix", "noqa_row"}``. One document per
diagnostic, located by ``filename`` and ``location.row..end_location.row``,
by the tool ``ruff`` with the rule ``code`` (``S602``); its identity is
``[k]``. ruff gives no severity and quotes no code."""
from __future__ import annotations

from typing import Any

from ...model import InputError
from ..document import Document
from . import load_json, maybe_json, register
from ._finding import documents_or_empty, finding_document, int_of, text_of

KEYS = frozenset({"code", "message", "filename", "location"})


def _is_ruff(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(d, dict) and KEYS <= set(d) for d in value)


@register
class RuffJson:
    name = "ruff-json"

    def detect(self, text: str) -> float:
        values = maybe_json(text)
        return 0.9 if values is not None and len(values) == 1 and _is_ruff(values[0]) else 0.0

    def read(self, text: str) -> list[Document]:
        values = load_json(text, "ruff")
        items = values[0] if len(values) == 1 else None
        if not isinstance(items, list):
            raise InputError("review is not ruff JSON output: expected a list of diagnostics")
        docs: list[Document] = []
        for k, diag in enumerate(items):
            if not isinstance(diag, dict) or not KEYS <= set(diag):
                raise InputError(f"review is not ruff JSON output: [{k}] needs {', '.join(sorted(KEYS))}")
            loc = diag.get("location") if isinstance(diag.get("location"), dict) else {}
            end_loc = diag.get("end_location") if isinstance(diag.get("end_location"), dict) else {}
            start = int_of(loc.get("row"))
            docs.append(finding_document(
                self.name, len(docs) + 1, text_of(diag.get("message")), path=diag.get("filename"),
                start=start, end=int_of(end_loc.get("row")) or start, tool="ruff",
                rule=text_of(diag.get("code")) or None, finding_id=f"[{k}]", url=text_of(diag.get("url")) or None))
        return documents_or_empty(self.name, docs, "ruff")
