"""bandit's CSV report (``bandit -f csv``): a header row (``filename,
test_name,test_id,issue_severity,issue_confidence,issue_cwe,issue_text,
line_number,...``) and one row per result, read like a JSON result
(``bandit_json.result_document``). The identity of a result is its row."""
from __future__ import annotations

import csv
import io
import json

from ...model import InputError
from ..document import Document
from . import register
from ._finding import documents_or_empty
from .bandit_json import result_document

REQUIRED = ("filename", "test_id", "issue_text", "line_number")


def _header(text: str) -> list[str]:
    first = text.lstrip("\ufeff").lstrip().split("\n", 1)[0]
    return [h.strip().lower() for h in first.split(",")]


@register
class BanditCsv:
    name = "bandit-csv"

    def detect(self, text: str) -> float:
        header = _header(text)
        return 0.9 if all(k in header for k in REQUIRED) else 0.0

    def read(self, text: str) -> list[Document]:
        body = text.lstrip("\ufeff").lstrip()
        if not all(k in _header(body) for k in REQUIRED):
            raise InputError(f"review is not a bandit CSV report: the header needs {', '.join(REQUIRED)}")
        docs: list[Document] = []
        try:
            rows = list(csv.DictReader(io.StringIO(body)))
        except csv.Error as exc:
            raise InputError(f"review is not a valid bandit CSV report: {exc}") from None
        for n, row in enumerate(rows, 2):
            if None in row or any(v is None for v in row.values()):
                raise InputError(f"review is not a valid bandit CSV report: row {n} does not have the header's columns")
            result = {k.strip().lower(): (v or "").strip() for k, v in row.items()}
            try:  # "[12, 13]": the JSON report's line_range, written as text
                result["line_range"] = json.loads(result.get("line_range") or "[]")
            except ValueError:
                result["line_range"] = []
            docs.append(result_document(self.name, len(docs) + 1, result, f"row {n}"))
        return documents_or_empty(self.name, docs, "bandit")
