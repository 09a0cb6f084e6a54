"""semgrep's JSON output (``semgrep --json``): ``{"results": [...], "errors",
"paths", "version"}``. One document per result.

A result is located by ``path`` and ``start.line..end.line``; its message is
``extra.message``, its rule ``check_id``, its CWE ids those in
``extra.metadata.cwe`` (a string or a list, ``"CWE-78: ..."``), its quoted
code ``extra.lines`` (unless semgrep hid it: "requires login"). The identity
of a result is ``extra.fingerprint`` when semgrep gives a real one, else
``results[k]``.
"""
from __future__ import annotations

from typing import Any

from ...model import InputError
from ..document import Document
from . import load_json, maybe_json, register
from ._finding import documents_or_empty, finding_document, int_of, snippet_lines, text_of


def _is_semgrep(value: Any) -> bool:
    if not isinstance(value, dict) or not isinstance(value.get("results"), list):
        return False
    results = value["results"]
    if results:
        return all(isinstance(r, dict) and "check_id" in r for r in results)
    return "paths" in value or ("errors" in value and "version" in value and "metrics" not in value)


@register
class SemgrepJson:
    name = "semgrep-json"

    def detect(self, text: str) -> float:
        values = maybe_json(text)
        return 0.9 if values is not None and len(values) == 1 and _is_semgrep(values[0]) else 0.0

    def read(self, text: str) -> list[Document]:
        values = load_json(text, "semgrep")
        report = values[0] if len(values) == 1 else None
        if not isinstance(report, dict) or not isinstance(report.get("results"), list):
            raise InputError("review is not semgrep JSON output: expected an object with a 'results' list")
        docs: list[Document] = []
        for k, result in enumerate(report["results"]):
            if not isinstance(result, dict) or "check_id" not in result or "path" not in result:
                raise InputError(f"review is not semgrep JSON output: results[{k}] has no check_id/path")
            extra = result.get("extra") if isinstance(result.get("extra"), dict) else {}
            meta = extra.get("metadata") if isinstance(extra.get("metadata"), dict) else {}
            start = int_of((result.get("start") or {}).get("line"))
            end = int_of((result.get("end") or {}).get("line")) or start
            fingerprint = text_of(extra.get("fingerprint"))
            docs.append(finding_document(
                self.name, len(docs) + 1, text_of(extra.get("message")), path=result.get("path"),
                start=start, end=end, snippet=snippet_lines(extra.get("lines")), tool="semgrep",
                rule=text_of(result.get("check_id")) or None, level=extra.get("severity"),
                cwe=[meta.get("cwe"), meta.get("cwe_id")],
                finding_id=fingerprint if fingerprint and fingerprint != "requires login" else f"results[{k}]"))
        return documents_or_empty(self.name, docs, "semgrep")
