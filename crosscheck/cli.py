"""The ``crosscheck`` command line.

Exit codes: 0 ran and no gate was hit; 1 ran and a ``--fail-on`` gate was
hit; 2 usage or input error (one line on stderr, never a traceback).
"""
from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from . import __version__
from .formatters._safe import visible
from .model import CLAIM_STATUSES, InputError, Report
from .review.inputs import names as input_names
from .source.loader import read_input_file, read_text_file, require_regular_file

if TYPE_CHECKING:
    from .pipeline import Options

MAX_REVIEW_BYTES = 32 * 1024 * 1024
GROUNDS = ("missed_findings", "unsupported_defects")


def error_line(message: str) -> str:
    """A message as one inert line: a path with an ESC or U+202E in it cannot restyle the terminal."""
    return visible(" ".join(message.split()))


class Fail(click.ClickException):
    """A usage or input error: one line on stderr, exit code 2."""
    exit_code = 2

    def show(self, file=None) -> None:
        message = error_line(self.format_message())
        click.echo(f"crosscheck: error: {message}", err=True)


def read_review(path: str) -> str:
    if path == "-":
        data = sys.stdin.buffer.read(MAX_REVIEW_BYTES + 1)
        if len(data) > MAX_REVIEW_BYTES:
            raise InputError(f"-: review on stdin is larger than {MAX_REVIEW_BYTES} bytes")
        if b"\x00" in data[:8192]:
            raise InputError(f"{path}: review is a binary file, not text")
    else:
        data = read_text_file(path, "review", MAX_REVIEW_BYTES)
    return data.decode("utf-8", errors="replace")


def _csv(value: str | list | None, allowed: tuple[str, ...], flag: str) -> list[str]:
    if not value:
        return []
    items = value if isinstance(value, list) else [v for v in value.split(",")]
    items = [str(v).strip() for v in items if str(v).strip()]
    bad = [v for v in items if v not in allowed]
    if bad:
        raise Fail(f"{flag}: unknown value(s) {', '.join(bad)} (choose from {', '.join(allowed)})")
    return items


class UsageGroup(click.Group):
    """Click's own usage errors, reported as one line with exit code 2."""

    def main(self, *args, **kwargs):
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            message = error_line(exc.format_message())
            click.echo(f"crosscheck: error: {message}", err=True)
            sys.exit(2)
        except click.exceptions.Abort:
            click.echo("crosscheck: aborted", err=True)
            sys.exit(2)
        except BrokenPipeError:
            sys.exit(1)


@click.group(cls=UsageGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="crosscheck")
def main() -> None:
    """Check what a code review claims against what the code actually is."""


def source_options(func):
    """The options that say what a review is checked against (shared by check and fix)."""
    options = [
        click.option("--source", "source_path", type=str, help="The source file the review talks about."),
        click.option("--source-root", type=str, help="Folder the review's path:line references are relative to."),
        click.option("--repo", type=str, help="A git repository to read the source from (with --rev)."),
        click.option("--rev", type=str, help="The revision to read (with --repo)."),
        click.option("--path", "repo_path", type=str,
                     help="The file inside --repo; without it the review's paths are used."),
        click.option("--diff", "diff_path", type=str,
                     help="A unified diff: mark each cited line added, context or outside."),
        click.option("--input-format", type=click.Choice(["auto", *input_names()]), default="auto",
                     show_default=True, help="Review input: text/Markdown, review comments as JSON, or a findings "
                     "file (SARIF, rdjson, GitLab, bandit, semgrep, ruff); auto recognises it by content."),
        click.option("--rules", type=str, default=None, help="Folder of semgrep rules (default: the project's rules/)."),
        click.option("--severity", type=click.Choice(["low", "medium", "high"]), default=None,
                     help="Leave out security findings below this severity."),
        click.option("--timeout", type=float, default=None, help="Seconds each analyzer may run (default 300)."),
        click.option("--analyzer-timeout", "analyzer_timeouts", multiple=True, metavar="NAME=SECONDS",
                     help="Timeout for one analyzer (bandit, semgrep, pycodestyle, ruff); repeatable."),
        click.option("--cache-dir", type=str, default=None, help="Cache analyzer results in this folder."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def build_report(review: str, config: dict, source_path: str | None, source_root: str | None, repo: str | None,
                 rev: str | None, repo_path: str | None, diff_path: str | None, input_format: str,
                 rules: str | None, severity: str | None, timeout: float | None, analyzer_timeouts: tuple[str, ...],
                 cache_dir: str | None) -> tuple[str, Report, Options]:
    """Read the review and its source as the options say, and check it."""
    from .pipeline import Options, check_source, check_tree
    from .source import load_source
    from .source.diff import parse_diff
    from .source.git import load_at, resolve_revision
    from .source.tree import SourceTree

    modes = [m for m, on in (("--source", source_path), ("--source-root", source_root), ("--repo", repo)) if on]
    if len(modes) != 1:
        raise Fail("give exactly one of --source FILE, --source-root DIR or --repo DIR --rev REV"
                   if modes else "no source given: use --source FILE, --source-root DIR or --repo DIR --rev REV")
    if (rev or repo_path) and not repo:
        raise Fail("--rev and --path need --repo")
    if repo and not rev:
        raise Fail("--repo needs --rev REV")
    try:
        options = Options(rules=rules or config.get("rules"), cache_dir=cache_dir,
                          timeout=float(timeout if timeout is not None else config.get("timeout", 300)),
                          min_severity=severity or config.get("severity", "low"),
                          input_format=None if input_format == "auto" else input_format,
                          timeouts=_timeouts(analyzer_timeouts, config.get("timeouts", {})))
        if diff_path:
            options.diff = parse_diff(read_input_file(diff_path, "diff").decode("utf-8", "replace"))
        text = read_review(review)
        if source_path:
            return text, check_source(text, load_source(source_path), review_path=review, options=options), options
        if source_root:
            return text, check_tree(text, SourceTree(source_root), review_path=review, options=options), options
        commit = resolve_revision(repo, rev)
        if not repo_path:
            tree = SourceTree(repo, repo=repo, revision=commit)
            return text, check_tree(text, tree, review_path=review, options=options), options
        return text, check_source(text, load_at(repo, commit, repo_path), review_path=review,
                                  options=options), options
    except InputError as exc:
        raise Fail(str(exc)) from None


def _timeouts(given: tuple[str, ...], configured: dict) -> dict[str, float]:
    out: dict[str, float] = {}
    if not isinstance(configured, dict):
        raise Fail("[tool.crosscheck] timeouts must be a table of analyzer = seconds")
    for name, seconds in [*configured.items(), *(g.partition("=")[::2] for g in given)]:
        try:
            value = float(seconds)
        except (TypeError, ValueError):
            value = -1.0
        if not name or value <= 0:
            raise Fail(f"--analyzer-timeout: expected NAME=SECONDS, got '{name}={seconds}'")
        out[str(name).strip()] = value
    return out


def _config() -> dict:
    from .config import load_config
    try:
        return load_config()
    except InputError as exc:
        raise Fail(str(exc)) from None


@main.command()
@click.argument("review", type=str)
@source_options
@click.option("--format", "fmt", default=None, help="Output format: text (default), json, sarif, markdown, github.")
@click.option("--fail-on", type=str, default=None, help="Exit 1 when a claim has one of these statuses (comma-separated).")
@click.option("--fail-on-verdict", type=str, default=None,
              help="Exit 1 when the verdict's ground is one of: missed_findings, unsupported_defects.")
@click.option("--output", "-o", type=str, default=None, help="Write the report here instead of stdout.")
def check(review: str, fmt: str | None, fail_on: str | None, fail_on_verdict: str | None, output: str | None,
          **source) -> None:
    """Check REVIEW (a file, or - for stdin) against its source."""
    from .formatters import formats
    config = _config()
    fmt = fmt or config.get("format", "text")
    available = formats()
    if fmt not in available:
        raise Fail(f"unknown format '{fmt}' (choose from {', '.join(available)})")
    gates = _csv(fail_on if fail_on is not None else config.get("fail-on"), CLAIM_STATUSES, "--fail-on")
    verdict_gates = _csv(fail_on_verdict if fail_on_verdict is not None else config.get("fail-on-verdict"),
                         GROUNDS, "--fail-on-verdict")
    _, report, _ = build_report(review, config, **source)
    emit(available[fmt](report), output)
    if gate_hit(report, gates, verdict_gates):
        sys.exit(1)


@main.command()
@click.argument("review", type=str)
@source_options
@click.option("--output", "-o", type=str, default=None, help="Write the corrected review here instead of stdout.")
def fix(review: str, output: str | None, **source) -> None:
    """Print REVIEW with misplaced line numbers corrected and fabricated claims struck through."""
    from .fix import fix_review
    text, report, options = build_report(review, _config(), **source)
    try:
        emit(fix_review(text, report, input_format=options.input_format), output)
    except InputError as exc:
        raise Fail(str(exc)) from None


def gate_hit(report: Report, statuses: list[str], grounds: list[str]) -> bool:
    return any(c.status in statuses for c in report.claims) or report.verdict.ground in grounds


@main.command()
@click.argument("review", type=str)
@click.option("--repo", required=True, type=str, help="The git repository holding the file's history.")
@click.option("--path", "repo_path", required=True, type=str, help="The file inside the repository.")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text", show_default=True)
@click.option("--top", type=int, default=0, help="Show only the best N candidates.")
def locate(review: str, repo: str, repo_path: str, fmt: str, top: int) -> None:
    """Rank the revisions of a file by how well REVIEW's references fit them."""
    from .locate import locate as rank
    try:
        candidates = rank(read_review(review), repo, repo_path)
    except InputError as exc:
        raise Fail(str(exc)) from None
    if not candidates:
        raise Fail(f"{repo_path}: no revisions of this file in {repo}")
    if top > 0:
        candidates = candidates[:top]
    if fmt == "json":
        click.echo(json.dumps({"path": repo_path, "candidates": [c.to_dict() for c in candidates]}, indent=2))
        return
    for rank_no, c in enumerate(candidates, 1):
        click.echo(f"{rank_no:3d}. {c.commit[:12]} {c.date} score {c.score:6.3f}  exact {c.exact:2d} "
                   f"shifted {c.shifted:2d} absent {c.absent:2d}  {c.subject}")


@main.command()
@click.argument("manifest", type=str)
@click.option("--db", required=True, type=str, help="SQLite database to write (created if missing).")
@click.option("--jobs", type=int, default=None, help="Worker processes (default: the number of cores).")
@click.option("--resume", is_flag=True, help="Skip review ids already in the database.")
@click.option("--cache-dir", type=str, default=None,
              help="Analyzer result cache (default: the platform's user cache folder).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the analyzer cache.")
@click.option("--rules", type=str, default=None, help="Folder of semgrep rules (default: the project's rules/).")
@click.option("--timeout", type=float, default=300.0, show_default=True, help="Seconds per analyzer run.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", type=str, default=None, help="Address of a running Dask scheduler.")
@click.option("--batch", type=click.IntRange(1), default=256, show_default=True,
              help="Reviews read, checked and written together (memory grows with it).")
def audit(manifest: str, db: str, jobs: int | None, resume: bool, cache_dir: str | None, no_cache: bool,
          rules: str | None, timeout: float, executor: str, scheduler: str | None, batch: int) -> None:
    """Check every review of MANIFEST (JSON lines) and store the results in --db."""
    import os
    from .audit.runner import run_audit
    try:
        require_regular_file(manifest, "manifest")
        if os.path.lexists(db):
            require_regular_file(db, "audit database")
        if not no_cache and cache_dir is None:
            import platformdirs
            cache_dir = platformdirs.user_cache_dir("crosscheck")
        stats = run_audit(manifest, db, jobs=jobs, resume=resume, cache_dir=None if no_cache else cache_dir,
                          rules=rules, timeout=timeout, executor=executor, scheduler=scheduler, batch=batch)
    except InputError as exc:
        raise Fail(str(exc)) from None
    click.echo(f"audited {stats.checked} reviews, {stats.errors} errors, {stats.skipped} skipped "
               f"in {stats.seconds:.1f} s -> {db}", err=True)


@main.command()
@click.argument("db", type=str)
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text", show_default=True)
@click.option("--by", type=str, default=None, help="Group by these meta keys (comma-separated; default: all).")
@click.option("--html", "html_path", type=str, default=None, help="Also write a self-contained HTML report.")
def report(db: str, fmt: str, by: str | None, html_path: str | None) -> None:
    """Aggregate an audit database: claims by status, hallucination rate, verdicts."""
    from .audit.aggregate import aggregate
    try:
        require_regular_file(db, "audit database")
    except InputError as exc:
        raise Fail(str(exc)) from None
    keys = [k.strip() for k in by.split(",") if k.strip()] if by else None
    try:
        data = aggregate(db, keys)
        if html_path:
            from .audit.html import write_html
            write_html(data, html_path)
    except InputError as exc:
        raise Fail(str(exc)) from None
    except OSError as exc:
        raise Fail(f"{html_path}: cannot write: {exc.strerror or exc}") from None
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(f"reviews: {data['reviews']} ({data['checked']} checked, {data['errors']} errors)")
    click.echo("claims: " + ", ".join(f"{k} {v}" for k, v in data["claims"].items()))
    click.echo(f"hallucination rate: {data['hallucination_rate']:.1%}; "
               f"verdict consistency: {data['verdict_consistency']:.1%}")
    for key, values in data["groups"].items():
        for value, g in values.items():
            click.echo(f"  {key}={value}: {g['reviews']} reviews, hallucination rate {g['hallucination_rate']:.1%}")


def emit(text: str, output: str | None) -> None:
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise Fail(f"{output}: cannot write report: {exc.strerror or exc}") from None
    else:
        click.echo(text, nl=False)
