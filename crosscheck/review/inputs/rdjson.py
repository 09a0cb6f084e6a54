"""reviewdog's diagnostic formats: rdjson (one ``DiagnosticResult`` object,
``{"source", "severity", "diagnostics": [...]}``) and rdjsonl (one
``Diagnostic`` a line). One document per diagnostic.

A diagnostic is located by ``location.path`` and ``range.start.line ..
range.end.line``; ``code.value`` is its rule (``B602:subprocess_popen...``,
``S110``), ``source.name`` (its own, else the result's) its tool. Both are
checked against ``crosscheck/schema/rdjson.schema.json``; the identity of a
diagnostic is ``diagnostics[k]`` (rdjson) or ``line k`` (rdjsonl).
"""
from __future__ import annotations

from typing import Any

from ...model import InputError
from ..document import Document
from . import load_json, maybe_json, register
from ._finding import documents_or_empty, finding_document, int_of, schema_problem, text_of


def _is_result(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("diagnostics"), list) and (
        "source" in value or all(isinstance(d, dict) and "location" in d for d in value["diagnostics"]))


def _is_diagnostic(value: Any) -> bool:
    return isinstance(value, dict) and "message" in value and isinstance(value.get("location"), dict) and (
        "path" in value["location"])


def diagnostic_document(name: str, position: int, diag: dict, source: dict, identity: str) -> Document:
    location = diag.get("location", {})
    rng = location.get("range") if isinstance(location.get("range"), dict) else {}
    start = int_of((rng.get("start") or {}).get("line"))
    end = int_of((rng.get("end") or {}).get("line")) or start
    code = diag.get("code") if isinstance(diag.get("code"), dict) else {}
    own = diag.get("source") if isinstance(diag.get("source"), dict) else {}
    tool = text_of(own.get("name")) or text_of(source.get("name")) or None
    level = diag.get("severity") or source.get("severity")
    return finding_document(name, position, text_of(diag.get("message")), path=location.get("path"),
                            start=start, end=end, tool=tool, rule=text_of(code.get("value")) or None,
                            level=level if isinstance(level, str) else None, finding_id=identity,
                            url=text_of(code.get("url")) or None)


@register
class RdJson:
    """rdjson: one DiagnosticResult object."""
    name = "rdjson"

    def detect(self, text: str) -> float:
        values = maybe_json(text)
        # above gerrit's 0.9: {"diagnostics": [{"message": ...}]} has the shape of a Gerrit comment map too
        return 0.95 if values is not None and len(values) == 1 and _is_result(values[0]) else 0.0

    def read(self, text: str) -> list[Document]:
        values = load_json(text, "reviewdog rdjson")
        if len(values) != 1 or not isinstance(values[0], dict) or "diagnostics" not in values[0]:
            raise InputError("review is not reviewdog rdjson: expected one object with a 'diagnostics' list")
        problem = schema_problem(values[0], "rdjson")
        if problem:
            raise InputError(f"review is not valid reviewdog rdjson: {problem}")
        result = values[0]
        source = dict(result.get("source") or {})
        if "severity" in result:
            source["severity"] = result["severity"]
        docs = [diagnostic_document(self.name, k + 1, d, source, f"diagnostics[{k}]")
                for k, d in enumerate(result["diagnostics"])]
        return documents_or_empty(self.name, docs, text_of(source.get("name")) or None)


@register
class RdJsonl:
    """rdjsonl: one Diagnostic object a line."""
    name = "rdjsonl"

    def detect(self, text: str) -> float:
        values = maybe_json(text)
        if values is None or not values:
            return 0.0
        return 0.9 if all(_is_diagnostic(v) for v in values) else 0.0

    def read(self, text: str) -> list[Document]:
        docs: list[Document] = []
        for n, line in enumerate(text.lstrip("\ufeff").splitlines(), 1):
            if not line.strip():
                continue
            values = load_json(line, f"reviewdog rdjsonl (line {n})")
            if len(values) != 1 or not isinstance(values[0], dict):
                raise InputError(f"review is not reviewdog rdjsonl: line {n} is not one JSON object")
            problem = schema_problem(values[0], "rdjson")
            if problem or "diagnostics" in values[0]:
                raise InputError(f"review is not valid reviewdog rdjsonl: line {n}: {problem or 'a result, not a diagnostic'}")
            docs.append(diagnostic_document(self.name, len(docs) + 1, values[0], {}, f"line {n}"))
        return documents_or_empty(self.name, docs)
