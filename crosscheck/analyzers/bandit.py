"""bandit, run as a process over many files at once, read from its JSON."""
from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import subprocess
import sys

from ..cwe import load_catalog
from ..model import AnalyzerRun, Finding
from .base import AnalysisResult, failed, path_mapper, run_tool


class BanditAnalyzer:
    name = "bandit"

    def version(self) -> str | None:
        try:
            return importlib.metadata.version("bandit")
        except importlib.metadata.PackageNotFoundError:
            return None

    def fingerprint(self) -> str:
        return f"bandit-{self.version()}"

    def analyze(self, paths: list[str], timeout: float) -> AnalysisResult:
        version = self.version()
        override = os.environ.get("CROSSCHECK_BANDIT")  # another bandit executable
        if override:
            if not (os.path.isfile(override) and os.access(override, os.X_OK)):
                return failed(self.name, version, f"bandit not found at {override}", "unavailable")
            command = [override]
        elif version is None or importlib.util.find_spec("bandit") is None:
            return failed(self.name, None, "bandit is not installed", "unavailable")
        else:
            command = [sys.executable, "-m", "bandit"]
        argv = [*command, "-f", "json", "-q", "--", *paths]
        try:
            proc = run_tool(argv, timeout)
        except subprocess.TimeoutExpired:
            return failed(self.name, version, f"timed out after {timeout:g} s")
        except OSError as exc:
            return failed(self.name, version, f"could not start: {exc}")
        try:
            data = json.loads(proc.stdout)
        except json.JSONDecodeError:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
            return failed(self.name, version, f"exit {proc.returncode}: {tail[0][:300]}")
        catalog = load_catalog()
        result = AnalysisResult(AnalyzerRun(self.name, version, "ok"))
        original = path_mapper(paths)

        for path in paths:
            result.findings[path] = []
        for err in data.get("errors", []):
            result.failed_paths[original(err.get("filename", ""))] = str(err.get("reason", "error"))[:300]
        for item in data.get("results", []):
            cwe = (item.get("issue_cwe") or {}).get("id")
            line = int(item.get("line_number") or 0)
            line_range = item.get("line_range") or [line]
            finding = Finding(
                id=f"bandit:{item.get('test_id')}:{line}", analyzer=self.name, rule=str(item.get("test_id")),
                line_start=line, line_end=max([line, *line_range]),
                severity=str(item.get("issue_severity", "low")).lower(),
                confidence=str(item.get("issue_confidence", "low")).lower(),
                cwe=int(cwe) if cwe else None, pillar=catalog.pillar(int(cwe)) if cwe else None,
                message=str(item.get("issue_text", "")))
            result.findings.setdefault(original(item.get("filename", "")), []).append(finding)
        return result
