"""Run every analyzer over a set of sources, concurrently and in batches.

Each unique content is analyzed once: the contents are written to a private
temporary folder (so a revision taken from git, or a review's source that is
not on disk, is analyzed the same way), each analyzer runs once over all of
them in its own process, and the analyzers run at the same time.
"""
from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ..model import AnalyzerRun, Finding
from ..source import SourceFile
from ..source.budget import analysis_budget
from .base import AnalysisResult, Analyzer
from .bandit import BanditAnalyzer
from .cache import ResultCache
from .ruff import RuffAnalyzer
from .semgrep import SemgrepAnalyzer
from .style import StyleAnalyzer

DEFAULT_TIMEOUT = 300.0


def default_analyzers(rules: str | None = None) -> list[Analyzer]:
    return [BanditAnalyzer(), SemgrepAnalyzer(rules), StyleAnalyzer(), RuffAnalyzer()]


@dataclass
class SourceAnalysis:
    """Per source content: the analyzer runs and their findings."""
    runs: list[AnalyzerRun] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def analyze_sources(sources: list[SourceFile], analyzers: list[Analyzer] | None = None,
                    timeout: float = DEFAULT_TIMEOUT, cache: ResultCache | None = None,
                    timeouts: dict[str, float] | None = None) -> dict[str, SourceAnalysis]:
    """Results keyed by each source's sha256; ``timeouts`` overrides ``timeout`` per analyzer name."""
    timeouts = timeouts or {}
    analyzers = analyzers if analyzers is not None else default_analyzers()
    unique: dict[str, SourceFile] = {}
    for src in sources:
        unique.setdefault(src.sha256, src)
    out = {sha: SourceAnalysis() for sha in unique}
    python = {sha: src for sha, src in unique.items() if src.is_python}
    for sha, src in unique.items():
        if sha not in python:
            for analyzer in analyzers:
                out[sha].runs.append(AnalyzerRun(analyzer.name, analyzer.version(), "unavailable",
                                                 "not a Python source: text-level resolution only"))
            continue
        too_deep = analysis_budget(src.text)  # every analyzer parses it: minutes of work, or a crash
        if too_deep:
            del python[sha]
            for analyzer in analyzers:
                out[sha].runs.append(AnalyzerRun(analyzer.name, analyzer.version(), "failed", f"not run: {too_deep}"))
    if not python:
        return out
    with tempfile.TemporaryDirectory(prefix="crosscheck-") as tmp:
        paths: dict[str, str] = {}
        for sha, src in python.items():
            folder = os.path.join(tmp, sha[:16])
            os.makedirs(folder, exist_ok=True)
            path = os.path.join(folder, _safe_name(src.path))
            with open(path, "wb") as fh:
                fh.write(src.data)
            paths[sha] = path

        def run(analyzer: Analyzer) -> tuple[Analyzer, AnalysisResult, dict[str, list[Finding]]]:
            fingerprint = analyzer.fingerprint()
            cached: dict[str, list[Finding]] = {}
            todo = []
            for sha in paths:
                hit = cache.get(sha, fingerprint) if cache else None
                if hit is None:
                    todo.append(sha)
                else:
                    cached[sha] = hit
            if todo:
                result = analyzer.analyze([paths[sha] for sha in todo], timeouts.get(analyzer.name, timeout))
            else:
                result = AnalysisResult(AnalyzerRun(analyzer.name, analyzer.version(), "ok"))
            return analyzer, result, cached

        workers = max(1, len(analyzers))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(run, analyzers))
        for analyzer, result, cached in results:
            fingerprint = analyzer.fingerprint()
            for sha, path in paths.items():
                target = out[sha]
                if sha in cached:
                    target.runs.append(AnalyzerRun(analyzer.name, result.run.version, "ok"))
                    target.findings.extend(cached[sha])
                    continue
                if result.run.status != "ok":
                    target.runs.append(result.run)
                    continue
                if path in result.failed_paths:
                    target.runs.append(AnalyzerRun(analyzer.name, result.run.version, "failed",
                                                   result.failed_paths[path]))
                    continue
                found = result.findings.get(path, [])
                target.runs.append(AnalyzerRun(analyzer.name, result.run.version, "ok"))
                target.findings.extend(found)
                if cache is not None:
                    cache.put(sha, fingerprint, found)
    for analysis in out.values():
        analysis.findings.sort(key=lambda f: (f.line_start, f.analyzer, f.rule))
    return out


def _safe_name(path: str) -> str:
    base = os.path.basename(path) or "source.py"
    base = "".join(ch if ch.isalnum() or ch in "-._" else "_" for ch in base)
    return base if base.endswith((".py", ".pyi", ".pyw")) else base + ".py"
