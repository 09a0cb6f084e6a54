"""The whole check, stage by stage, data flowing one way:

review text -> claims -> references resolved against the source ->
analyzer findings and code facts -> judged claims -> report.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from . import __version__
from .analyzers.cache import ResultCache
from .analyzers.runner import DEFAULT_TIMEOUT, SourceAnalysis, analyze_sources, default_analyzers
from .checks import CheckContext, load_checks
from .facts import CodeFacts, collect_facts
from .judge import judge
from .model import AnalyzerRun, Claim, Report
from .resolve import resolve_claim
from .review import parse_review
from .source import SourceFile
from .source.index import SourceIndex
from .verdict import decide


@dataclass
class Options:
    rules: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    cache_dir: str | None = None
    analyzers: list | None = None  # None: bandit, semgrep, pycodestyle


def analyze(source: SourceFile, options: Options) -> SourceAnalysis:
    analyzers = options.analyzers if options.analyzers is not None else default_analyzers(options.rules)
    cache = ResultCache(options.cache_dir) if options.cache_dir else None
    return analyze_sources([source], analyzers, options.timeout, cache)[source.sha256]


def facts_run(source: SourceFile) -> tuple[CodeFacts, AnalyzerRun]:
    import importlib.metadata
    version = importlib.metadata.version("libcst")
    if not source.is_python:
        return CodeFacts(parse_error="not a Python source"), AnalyzerRun(
            "libcst", version, "unavailable", "not a Python source: text-level resolution only")
    facts = collect_facts(source.text)
    if facts.parse_error:
        return facts, AnalyzerRun("libcst", version, "failed", f"cannot parse: {facts.parse_error}")
    return facts, AnalyzerRun("libcst", version, "ok")


def check_source(review_text: str, source: SourceFile, *, review_path: str = "-",
                 options: Options | None = None, analysis: SourceAnalysis | None = None) -> Report:
    """Check one review against one source file.

    ``analysis`` lets a batch audit pass in analyzer results it computed once
    for many reviews of the same content.
    """
    options = options or Options()
    parsed = parse_review(review_text)
    index = SourceIndex(source)
    for claim in parsed.claims:
        resolve_claim(claim, index)
    if analysis is None:
        analysis = analyze(source, options)
    facts, facts_status = facts_run(source)
    runs = list(analysis.runs) + [facts_status]
    ctx = CheckContext(source=source, index=index, facts=facts, findings=analysis.findings,
                       analyzers={r.name: r for r in runs})
    judge_claims(parsed.claims, ctx)
    verdict = decide(parsed.stated, parsed.claims, analysis.findings)
    return Report(
        tool_version=__version__,
        review={"path": review_path, "sha256": hashlib.sha256(review_text.encode("utf-8", "surrogateescape")).hexdigest()},
        source={"path": source.path, "sha256": source.sha256, "lines": source.line_count,
                "revision": source.revision},
        analyzers=runs, findings=analysis.findings, claims=parsed.claims, verdict=verdict)


def judge_claims(claims: list[Claim], ctx: CheckContext) -> None:
    checks = load_checks()
    for claim in claims:
        for check in checks:
            claim.evidence.extend(check.check(claim, ctx))
        claim.status = judge(claim)  # type: ignore[assignment]
