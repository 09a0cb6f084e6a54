"""bandit's JSON report (``bandit -f json``): ``{"results": [...], "errors",
"metrics", "generated_at"}``. One document per result.

A result is located by ``filename`` and ``line_range`` (else
``line_number``); its message is ``issue_text``, its rule ``test_id``
(``B602``), its CWE ``issue_cwe.id``. ``code`` is the quoted source with
line numbers and a line of context either side: only the finding's own lines
are kept as its snippet, so a quote never claims the context is the finding.
The identity of a result is ``results[k]``.
"""
from __future__ import annotations

from typing import Any

from ...model import InputError
from ..document import Document
from . import load_json, maybe_json, register
from ._finding import documents_or_empty, finding_document, int_of, numbered_snippet, text_of

RESULT_KEYS = frozenset({"test_id", "issue_text", "line_number", "filename"})


def _is_bandit(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("results"), list) and (
        "metrics" in value or "generated_at" in value or
        (bool(value["results"]) and all(isinstance(r, dict) and RESULT_KEYS <= set(r) for r in value["results"])))


def result_document(name: str, position: int, result: dict, identity: str) -> Document:
    """The document of one bandit result (JSON object, or a CSV row read as one)."""
    line = int_of(result.get("line_number"))
    span = result.get("line_range")
    numbers = [int_of(n) for n in span] if isinstance(span, list) else []
    numbers = [n for n in numbers if n is not None]
    start = min(numbers) if numbers else line
    end = max(numbers) if numbers else line
    if line is not None and start is not None and not (start <= line <= (end or start)):
        start = end = line
    test_id, test_name = text_of(result.get("test_id")), text_of(result.get("test_name"))
    return finding_document(
        name, position, text_of(result.get("issue_text")), path=result.get("filename"), start=start, end=end,
        snippet=numbered_snippet(result.get("code"), start, end), tool="bandit",
        rule=f"{test_id}:{test_name}" if test_id and test_name else test_id or test_name or None,
        level=result.get("issue_severity"), cwe=[result.get("issue_cwe")], finding_id=identity,
        url=text_of(result.get("more_info")) or None)


@register
class BanditJson:
    name = "bandit-json"

    def detect(self, text: str) -> float:
        values = maybe_json(text)
        return 0.9 if values is not None and len(values) == 1 and _is_bandit(values[0]) else 0.0

    def read(self, text: str) -> list[Document]:
        values = load_json(text, "bandit")
        report = values[0] if len(values) == 1 else None
        if not isinstance(report, dict) or not isinstance(report.get("results"), list):
            raise InputError("review is not a bandit JSON report: expected an object with a 'results' list")
        docs: list[Document] = []
        for k, result in enumerate(report["results"]):
            if not isinstance(result, dict) or not {"issue_text", "filename"} <= set(result):
                raise InputError(f"review is not a bandit JSON report: results[{k}] has no issue_text/filename")
            docs.append(result_document(self.name, len(docs) + 1, result, f"results[{k}]"))
        return documents_or_empty(self.name, docs, "bandit")
