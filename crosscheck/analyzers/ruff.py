"""ruff's flake8-bandit rules (``S``), run as a process over many files, read from its JSON.

Reviews and findings files quote ruff as often as bandit ("S104 Possible binding
to all interfaces at bottle.py:3097:36"). ruff's ``S`` rules re-implement
bandit's with their own name resolution, so bandit's run cannot refute them;
ruff's own run can. Its findings answer ruff's rule ids only: bandit's and
semgrep's findings stay the security evidence (ruff has no severity), so
ruff's are not security findings and never count for the verdict.

The run reads every construct as written: ``--isolated`` (no project
configuration), ``--ignore-noqa`` (a ``# noqa`` hides a finding from the
project's run, not the construct from the code) and ``--preview`` (every ``S``
rule this ruff knows, so a preview rule quoted from a review is not taken for
one that fires nowhere).
"""
from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import subprocess
import sys
from functools import lru_cache

from ..model import AnalyzerRun, Finding
from .base import AnalysisResult, failed, path_mapper, run_tool

SELECT = "S"


def _command() -> list[str] | None:
    if importlib.util.find_spec("ruff") is None:
        return None
    return [sys.executable, "-m", "ruff"]


@lru_cache(maxsize=1)
def known_rules() -> frozenset[str]:
    """The ``S`` rule codes this machine's ruff implements (stable or preview, not removed);
    empty when ruff is missing or cannot say."""
    command = _command()
    if command is None:
        return frozenset()
    try:
        proc = run_tool([*command, "rule", "--all", "--output-format", "json"], 60.0)
        rules = json.loads(proc.stdout)
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError):
        return frozenset()
    return frozenset(str(r.get("code")) for r in rules
                     if str(r.get("code") or "").startswith(SELECT) and r.get("linter") == "flake8-bandit"
                     and "Removed" not in (r.get("status") or {}))


class RuffAnalyzer:
    name = "ruff"

    def version(self) -> str | None:
        try:
            return importlib.metadata.version("ruff")
        except importlib.metadata.PackageNotFoundError:
            return None

    def fingerprint(self) -> str:
        return f"ruff-{self.version()}-{SELECT}-preview"

    def analyze(self, paths: list[str], timeout: float) -> AnalysisResult:
        version = self.version()
        command = _command()
        if command is None or version is None:
            return failed(self.name, None, "ruff is not installed", "unavailable")
        argv = [*command, "check", "--isolated", "--no-cache", "--preview", "--ignore-noqa", "--exit-zero",
                "--select", SELECT, "--output-format", "json", "--", *paths]
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
        result = AnalysisResult(AnalyzerRun(self.name, version, "ok"))
        original = path_mapper(paths)
        for path in paths:
            result.findings[path] = []
        for item in data:
            code = item.get("code")
            path = original(str(item.get("filename", "")))
            if code is None:  # a file ruff could not parse: its syntax error, not a finding
                result.failed_paths.setdefault(path, "syntax error: " + str(item.get("message", ""))[:300])
                continue
            start = int((item.get("location") or {}).get("row") or 0)
            end = int((item.get("end_location") or {}).get("row") or start)
            result.findings.setdefault(path, []).append(Finding(
                id=f"ruff:{code}:{start}", analyzer=self.name, rule=str(code), line_start=start,
                line_end=max(start, end), severity="low", confidence="medium", cwe=None, pillar=None,
                message=str(item.get("message", "")), security=False))
        return result
