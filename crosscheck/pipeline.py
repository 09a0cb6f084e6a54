"""The whole check, stage by stage, data flowing one way:

review text -> claims -> references resolved against the source ->
analyzer findings and code facts -> judged claims -> report.

A review is checked against one file (``check_source``) or against the files
it cites under a root folder or a git revision (``check_tree``).
"""
from __future__ import annotations

import hashlib
import importlib.metadata
from dataclasses import dataclass, field, replace

from . import __version__
from .analyzers.cache import ResultCache
from .analyzers.runner import DEFAULT_TIMEOUT, SourceAnalysis, analyze_sources, default_analyzers
from .checks import CheckContext, applicable, load_checks
from .facts import CodeFacts, collect_facts
from .judge import judge
from .model import SEVERITY_RANK, AnalyzerRun, CitedRef, Claim, Evidence, Finding, Reference, Report
from .resolve import resolve_claim, resolve_reference
from .review import parse_input
from .review.locations import PATH_RE
from .source import SourceFile
from .source.diff import FileChange, change_for
from .source.index import SourceIndex
from .source.tree import SourceTree
from .verdict import decide


@dataclass
class Options:
    rules: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    cache_dir: str | None = None
    analyzers: list | None = None  # None: bandit, semgrep, pycodestyle, ruff
    diff: dict[str, FileChange] | None = None  # parsed --diff
    min_severity: str = "low"  # security findings below this are left out
    input_format: str | None = None  # text / github / gerrit; None: detected from the content
    timeouts: dict[str, float] = field(default_factory=dict)  # per analyzer name, overrides timeout


def analyze(sources: list[SourceFile], options: Options) -> dict[str, SourceAnalysis]:
    analyzers = options.analyzers if options.analyzers is not None else default_analyzers(options.rules)
    cache = ResultCache(options.cache_dir) if options.cache_dir else None
    return analyze_sources(sources, analyzers, options.timeout, cache, options.timeouts)


_FACTS: dict[str, CodeFacts] = {}  # by content hash: an audit checks many reviews of one file


def facts_run(source: SourceFile, known: tuple[CodeFacts, AnalyzerRun] | None = None
              ) -> tuple[CodeFacts, AnalyzerRun]:
    if known is not None:
        return known
    version = importlib.metadata.version("libcst")
    if not source.is_python:
        return CodeFacts(parse_error="not a Python source"), AnalyzerRun(
            "libcst", version, "unavailable", "not a Python source: text-level resolution only")
    facts = _FACTS.get(source.sha256)
    if facts is None:
        facts = collect_facts(source.text)
        if len(_FACTS) >= 64:
            _FACTS.pop(next(iter(_FACTS)))
        _FACTS[source.sha256] = facts
    if facts.parse_error:
        return facts, AnalyzerRun("libcst", version, "failed", f"cannot parse: {facts.parse_error}")
    return facts, AnalyzerRun("libcst", version, "ok")


@dataclass
class Unit:
    """One source file the review is checked against, with what is known of it."""
    source: SourceFile
    index: SourceIndex
    findings: list[Finding] = field(default_factory=list)
    runs: list[AnalyzerRun] = field(default_factory=list)
    ctx: CheckContext | None = None

    def prepare(self, analysis: SourceAnalysis, path: str | None, min_severity: str = "low",
                facts: tuple[CodeFacts, AnalyzerRun] | None = None) -> None:
        floor = SEVERITY_RANK.get(min_severity, 1)
        self.findings = [replace(f, path=path) for f in analysis.findings
                         if not f.security or SEVERITY_RANK.get(f.severity, 1) >= floor]
        code_facts, facts_status = facts_run(self.source, facts)
        self.runs = list(analysis.runs) + [facts_status]
        self.ctx = CheckContext(source=self.source, index=self.index, facts=code_facts, findings=self.findings,
                                analyzers={r.name: r for r in self.runs},
                                all_findings=[replace(f, path=path) for f in analysis.findings])


def _review_meta(review_text: str, review_path: str) -> dict:
    try:
        data = review_text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate surrogateescape cannot map back to a byte (\ud800)
        data = review_text.encode("utf-8", "surrogatepass")
    digest = hashlib.sha256(data).hexdigest()
    return {"path": review_path, "sha256": digest}


def check_source(review_text: str, source: SourceFile, *, review_path: str = "-",
                 options: Options | None = None, analysis: SourceAnalysis | None = None,
                 facts: tuple[CodeFacts, AnalyzerRun] | None = None) -> Report:
    """Check one review against one source file.

    ``analysis`` and ``facts`` let a batch audit pass in analyzer results and
    code facts it computed once for many reviews of the same content.
    """
    options = options or Options()
    parsed = parse_input(review_text, options.input_format)
    unit = Unit(source, SourceIndex(source))
    for claim in parsed.claims:
        resolve_claim(claim, unit.index)
    if analysis is None:
        analysis = analyze([source], options)[source.sha256]
    unit.prepare(analysis, None, options.min_severity, facts)
    _mark_diff(parsed.claims, options.diff, lambda ref: source.path)
    judge_claims(parsed.claims, lambda claim: unit.ctx)
    return Report(
        tool_version=__version__, review=_review_meta(review_text, review_path),
        source={"path": source.path, "sha256": source.sha256, "lines": source.line_count,
                "revision": source.revision},
        analyzers=unit.runs, findings=unit.findings, claims=parsed.claims,
        verdict=decide(parsed.stated, parsed.claims, unit.findings))


def check_tree(review_text: str, tree: SourceTree, *, review_path: str = "-",
               options: Options | None = None) -> Report:
    """Check a review that cites ``path:line`` against the files under a root."""
    options = options or Options()
    parsed = parse_input(review_text, options.input_format)
    for claim in parsed.claims:  # a pull-request diff anchor names its file by the hash of the path
        for cited in claim.cited:
            if cited.path is None and cited.path_hash:
                cited.path = tree.by_hash(cited.path_hash)
    defaults = _default_paths(parsed.claims)
    for claim, default in zip(parsed.claims, defaults):  # read every cited file first
        for cited in claim.cited:
            if cited.path or default:
                tree.get(cited.path or default)
    units = {rel: Unit(src, SourceIndex(src)) for rel, src in tree.files.items()}
    for claim, default in zip(parsed.claims, defaults):
        claim.references = [r for r in (_resolve_in_tree(c, default, tree, units) for c in claim.cited)
                            if r is not None]
        for path, why in sorted(tree.missing.items()):
            if any(r.path == path and r.status == "absent" for r in claim.references) or any(
                    c.path and tree.rel_of(c.path) == path and tree.ambiguous(c.path) for c in claim.cited):
                claim.evidence.append(Evidence("path", why))
    analyses = analyze([u.source for u in units.values()], options)
    for rel, unit in units.items():
        unit.prepare(analyses[unit.source.sha256], rel, options.min_severity)
    _mark_diff(parsed.claims, options.diff, lambda ref: ref.path)
    first = next(iter(units.values()), None)

    def ctx_for(claim: Claim) -> CheckContext | None:
        for ref in claim.references:
            if ref.path in units:
                return units[ref.path].ctx
        return first.ctx if first and len(units) == 1 else None

    judge_claims(parsed.claims, ctx_for)
    findings = [f for u in units.values() for f in u.findings]
    return Report(
        tool_version=__version__, review=_review_meta(review_text, review_path),
        source={"root": tree.root, "revision": tree.revision,
                "files": [{"path": rel, "sha256": u.source.sha256, "lines": u.source.line_count}
                          for rel, u in units.items()]},
        analyzers=_merge_runs([u.runs for u in units.values()], units), findings=findings,
        claims=parsed.claims, verdict=decide(parsed.stated, parsed.claims, findings))


def _default_paths(claims: list[Claim]) -> list[str | None]:
    """The file each claim is about when its references name none: the first
    path the claim names, else the path in the heading of its section."""
    out: list[str | None] = []
    for claim in claims:
        named = [c.path for c in claim.cited if c.path]
        heading = PATH_RE.search(claim.section or "")
        out.append(named[0] if named else heading.group("path") if heading else None)
    return out


def _resolve_in_tree(cited: CitedRef, default: str | None, tree: SourceTree,
                     units: dict[str, Unit]) -> Reference | None:
    path = cited.path or default
    if path is None:
        if cited.code is None:
            return None  # a bare line with no file to put it in
        for rel, unit in units.items():  # code named without a file: wherever it really is
            found = resolve_reference(cited, unit.index)
            if found is not None and found.status in ("exact", "shifted", "comment_only"):
                found.path = rel
                return found
        return Reference(cited, "absent") if cited.hard else None
    src = tree.get(path)
    rel = tree.rel_of(path)
    if src is None:
        if tree.ambiguous(path):
            return None  # the path fits several files: nothing can be said of the code
        return Reference(cited, "absent", path=rel) if (cited.hard or cited.path) else None
    if cited.code is None and cited.line_start is None:
        return Reference(cited, "exact", path=rel)  # the file itself is named, and it exists
    ref = resolve_reference(cited, units[rel].index)
    if ref is not None:
        ref.path = rel
    return ref


def _mark_diff(claims: list[Claim], changes: dict[str, FileChange] | None, path_of) -> None:
    if not changes:
        return
    for claim in claims:
        for ref in claim.references:
            change = change_for(changes, path_of(ref))
            if change is None:
                continue
            if ref.status in ("exact", "line_only") and ref.cited.line_start is not None:
                line = ref.cited.line_start
            elif ref.status == "shifted" and ref.actual_lines:
                line = ref.actual_lines[0]
            else:
                continue
            ref.diff = change.mark(line)


def _merge_runs(per_file: list[list[AnalyzerRun]], units: dict[str, Unit]) -> list[AnalyzerRun]:
    """One status per analyzer over all files: failed if it failed on any file."""
    merged: dict[str, AnalyzerRun] = {}
    for rel, runs in zip(units, per_file):
        for run in runs:
            seen = merged.get(run.name)
            if seen is None:
                merged[run.name] = replace(run, detail=f"{rel}: {run.detail}" if run.detail else None)
            elif run.status != "ok" and seen.status == "ok":
                merged[run.name] = replace(run, detail=f"{rel}: {run.detail}")
    return list(merged.values())


def judge_claims(claims: list[Claim], ctx_for) -> None:
    checks = load_checks()
    for claim in claims:
        ctx = ctx_for(claim)
        if ctx is not None:
            for check in checks:
                if applicable(check, ctx):
                    claim.evidence.extend(check.check(claim, ctx))
        claim.status, claim.reason = judge(claim)  # type: ignore[assignment]
