"""GitLab's report files: the SAST security report (``gl-sast-report.json``:
``{"version", "vulnerabilities": [...], "scan"}``) and the Code Quality report
(``gl-code-quality-report.json``: a list of Code Climate issues). One document
per vulnerability or issue.

SAST: located by ``location.file`` and ``start_line..end_line``; the message
is ``message``, else ``description``, else ``name``; the rule is the first
identifier that is not a CWE, CWE ids come from the ``cwe`` identifiers; the
tool is the vulnerability's scanner (else the scan's); the identity is ``id``.

Code Quality: located by ``location.path`` and ``lines.begin..end`` (or
``positions``); the rule is ``check_name``, the tool ``engine_name``, the
identity ``fingerprint``.

Both are checked against their schema in ``crosscheck/schema/``.
"""
from __future__ import annotations

from typing import Any

from ...model import InputError
from ..document import Document
from . import load_json, maybe_json, register
from ._finding import documents_or_empty, finding_document, int_of, schema_problem, text_of


def _one(text: str, what: str) -> Any:
    values = load_json(text, what)
    if len(values) != 1:
        raise InputError(f"review is not a {what} report: expected one JSON value, found several")
    return values[0]


def _is_sast(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("vulnerabilities"), list) and (
        "version" in value or "scan" in value)


def _is_codequality(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(
        isinstance(i, dict) and "check_name" in i and isinstance(i.get("location"), dict) for i in value)


@register
class GitLabSast:
    name = "gitlab-sast"

    def detect(self, text: str) -> float:
        values = maybe_json(text)
        return 0.9 if values is not None and len(values) == 1 and _is_sast(values[0]) else 0.0

    def read(self, text: str) -> list[Document]:
        report = _one(text, "GitLab SAST")
        problem = schema_problem(report, "gitlab-sast")
        if problem:
            raise InputError(f"review is not a valid GitLab SAST report: {problem}")
        scan = report.get("scan") if isinstance(report.get("scan"), dict) else {}
        scan_tool = text_of((scan.get("scanner") or scan.get("analyzer") or {}).get("name")) or None
        docs: list[Document] = []
        for k, vuln in enumerate(report["vulnerabilities"]):
            location = vuln.get("location") or {}
            identifiers = [i for i in vuln.get("identifiers") or [] if isinstance(i, dict)]
            cwes = [f"CWE-{i.get('value')}" for i in identifiers if str(i.get("type", "")).lower() == "cwe"]
            rule = next((text_of(i.get("value")) for i in identifiers if str(i.get("type", "")).lower() not in (
                "cwe", "owasp", "cve")), None)
            tool = text_of((vuln.get("scanner") or {}).get("name")) or scan_tool
            message = text_of(vuln.get("message")) or text_of(vuln.get("description")) or text_of(vuln.get("name"))
            docs.append(finding_document(
                self.name, len(docs) + 1, message, path=location.get("file"),
                start=int_of(location.get("start_line")), end=int_of(location.get("end_line")),
                tool=tool, rule=rule or None, level=vuln.get("severity"), cwe=cwes,
                finding_id=text_of(vuln.get("id")) or f"vulnerabilities[{k}]",
                title=text_of(vuln.get("name")) or None))
        return documents_or_empty(self.name, docs, scan_tool)


@register
class GitLabCodeQuality:
    name = "gitlab-codequality"

    def detect(self, text: str) -> float:
        values = maybe_json(text)
        return 0.9 if values is not None and len(values) == 1 and _is_codequality(values[0]) else 0.0

    def read(self, text: str) -> list[Document]:
        issues = _one(text, "GitLab Code Quality")
        problem = schema_problem(issues, "gitlab-codequality")
        if problem:
            raise InputError(f"review is not a valid GitLab Code Quality report: {problem}")
        docs: list[Document] = []
        for k, issue in enumerate(issues):
            location = issue["location"]
            lines = location.get("lines") if isinstance(location.get("lines"), dict) else {}
            positions = location.get("positions") if isinstance(location.get("positions"), dict) else {}
            start = int_of(lines.get("begin")) or int_of((positions.get("begin") or {}).get("line"))
            end = int_of(lines.get("end")) or int_of((positions.get("end") or {}).get("line")) or start
            check = text_of(issue.get("check_name"))
            tool = text_of(issue.get("engine_name")) or (check.split("/", 1)[0] if "/" in check else None)
            docs.append(finding_document(
                self.name, len(docs) + 1, text_of(issue.get("description")), path=location.get("path"),
                start=start, end=end, tool=tool or None, rule=check or None, level=issue.get("severity"),
                finding_id=text_of(issue.get("fingerprint")) or f"[{k}]"))
        return documents_or_empty(self.name, docs)
