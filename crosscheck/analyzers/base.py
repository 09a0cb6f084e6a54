"""What every analyzer adapter provides, and how a run is reported.

An analyzer that is missing, crashes or times out yields an ``AnalyzerRun``
with status ``unavailable`` or ``failed`` and no findings: it must never look
like an analyzer that ran and found nothing.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from shutil import which
from typing import Protocol

from ..model import AnalyzerRun, Finding


@dataclass
class AnalysisResult:
    run: AnalyzerRun
    # findings by the path the analyzer was given
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    failed_paths: dict[str, str] = field(default_factory=dict)  # path -> why (e.g. syntax error)


class Analyzer(Protocol):
    name: str

    def version(self) -> str | None: ...

    def fingerprint(self) -> str:
        """What, besides the content, decides the result (version, rules hash)."""

    def analyze(self, paths: list[str], timeout: float) -> AnalysisResult: ...


def tool_path(name: str) -> str | None:
    """A console script next to the running interpreter first, then PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists() and os.access(beside, os.X_OK):
        return str(beside)
    return which(name)


def run_tool(argv: list[str], timeout: float, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run an analyzer process (never through a shell); raises TimeoutExpired/OSError.

    The analyzer runs in its own process group, and a timeout kills the whole
    group: semgrep's engine runs in child processes that must not outlive it.
    """
    merged = dict(os.environ)
    merged.update(env or {})
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                          text=True, errors="replace", env=merged, start_new_session=True) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                proc.kill()
            proc.communicate()
            raise
    return subprocess.CompletedProcess(argv, proc.returncode, out, err)


def path_mapper(paths: list[str]):
    """Map a path as an analyzer reports it ('./x.py', absolute) back to the one it was given."""
    given = {os.path.normpath(os.path.abspath(p)): p for p in paths}

    def original(name: str) -> str:
        return given.get(os.path.normpath(os.path.abspath(name)), name)
    return original


def failed(name: str, version: str | None, why: str, status: str = "failed") -> AnalysisResult:
    return AnalysisResult(AnalyzerRun(name, version, status, why))  # type: ignore[arg-type]
