"""Run an audit: stream the manifest, analyze each unique content once, check
every review, and write results in batches.

Memory stays flat: the manifest is read lazily in chunks, and each chunk's
sources and reports are dropped once written.
"""
from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor
import sys
import time
import traceback
from dataclasses import dataclass
from typing import Any

from ..model import InputError
from ..source.loader import SourceFile, load_source
from ..source.tree import SourceTree
from .manifest import Manifest, ManifestError, ManifestItem
from .progress import INTERVAL, count_lines, make_progress
from .repos import Repository
from .store import Rows, Store, encode

# The pipeline (libcst and the checks) is imported only once there is a review
# to check, so resuming a finished audit costs no more than reading its ids.

CHUNK = 256


@dataclass
class AuditStats:
    checked: int = 0
    errors: int = 0
    skipped: int = 0
    seconds: float = 0.0


@dataclass
class Task:
    item: ManifestItem
    source: SourceFile | None
    analysis: Any
    options: Any  # pipeline.Options
    facts: Any = None  # (CodeFacts, AnalyzerRun) computed while the analyzers ran


def check_item(task: Task) -> Rows:
    """One review, in a worker: its report's rows, or the reason it failed. Never raises."""
    from ..pipeline import check_source, check_tree
    item = task.item
    try:
        if task.source is not None:
            report = check_source(item.review_text, task.source, review_path=item.review_path,
                                  options=task.options, analysis=task.analysis, facts=task.facts)
        else:
            tree = SourceTree(item.source_root) if item.source_root else None
            if tree is None:
                raise InputError("no source")
            report = check_tree(item.review_text, tree, review_path=item.review_path, options=task.options)
        return encode(item.id, item.line, item.meta, report.to_dict(), None)
    except InputError as exc:
        return encode(item.id, item.line, item.meta, None, str(exc))
    except Exception as exc:  # one bad review never stops the audit
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return encode(item.id, item.line, item.meta, None, (
            f"internal error: {type(exc).__name__}: {exc} ({where.filename.rsplit('/', 1)[-1]}:{where.lineno})"))


def _load_source(item: ManifestItem) -> SourceFile | None:
    if item.source_path:
        try:
            return load_source(item.source_path, display=item.source_name)
        except InputError as exc:  # name the file as the manifest does, not by its absolute path
            raise InputError(str(exc).replace(item.source_path, f"'{item.source_name}'")) from None
    if item.repo and item.git_dir and item.archive:
        # git only ever sees the git directory the manifest check resolved and held inside the archive
        repo = Repository(item.git_dir, item.repo, item.archive, item.repo_name or item.repo)
        return repo.load(item.rev or "HEAD", item.repo_path or "")
    return None


def run_audit(manifest_path: str, db_path: str, *, jobs: int | None = None, resume: bool = False,
              cache_dir: str | None = None, rules: str | None = None, timeout: float = 300.0,
              executor: str = "local", scheduler: str | None = None, progress: bool | None = None,
              batch: int = CHUNK, progress_interval: float = INTERVAL) -> AuditStats:
    manifest = Manifest(manifest_path)
    store = Store(db_path)
    done = store.known_ids() if resume else set()
    stats = AuditStats()
    started = time.monotonic()
    options = None
    runner = None  # started on the first review to check: a finished audit resumes in a blink
    bar = make_progress(max(0, count_lines(manifest_path) - len(done)), sys.stderr, progress, progress_interval)
    try:
        entries = iter(manifest)
        while True:
            chunk = list(itertools.islice(entries, max(1, batch)))
            if not chunk:
                break
            rows: list[Rows] = []
            tasks: list[Task] = []
            for entry in chunk:
                if entry.id in done:
                    stats.skipped += 1
                    continue
                if isinstance(entry, ManifestError):
                    rows.append(encode(entry.id, entry.line, entry.meta, None, entry.reason))
                    continue
                try:
                    tasks.append(Task(entry, _load_source(entry), None, options))
                except (InputError, OSError, ValueError) as exc:
                    reason = str(getattr(exc, "strerror", None) or exc)
                    rows.append(encode(entry.id, entry.line, entry.meta, None, reason))
            unique = {t.source.sha256: t.source for t in tasks if t.source is not None}
            # The analyzers (external processes) start first; the worker pool starts, and
            # computes the libcst facts, while they run.
            background = ThreadPoolExecutor(max_workers=1)
            pending = None
            if unique and (runner is not None or executor == "local"):
                from .executors import analyze_batch
                analyze = runner.analyze if runner is not None else analyze_batch
                pending = background.submit(analyze, list(unique.values()), rules, timeout, cache_dir)
            if tasks and runner is None:
                from ..pipeline import Options
                from .executors import make_executor
                runner = make_executor(executor, jobs, scheduler)
                options = Options(rules=rules, timeout=timeout, cache_dir=cache_dir)
                for task in tasks:
                    task.options = options
            if unique:
                from .executors import facts_for
                if pending is None:
                    pending = background.submit(runner.analyze, list(unique.values()), rules, timeout, cache_dir)
                facts = dict(zip(unique, runner.map(facts_for, list(unique.values()))))
                analyses = pending.result()
            background.shutdown()
            if unique:
                for task in tasks:
                    if task.source is not None:
                        task.analysis = analyses[task.source.sha256]
                        task.facts = facts[task.source.sha256]
            if tasks:
                # reviews of one file travel together: pickling a chunk sends its source,
                # findings and facts once, and a worker's caches stay warm
                tasks.sort(key=lambda t: t.source.sha256 if t.source is not None else "")
                rows.extend(runner.map(check_item, tasks))
            store.write(rows)
            for row in rows:
                if row.ok:
                    stats.checked += 1
                else:
                    stats.errors += 1
            bar.update(len(rows))
    finally:
        if runner is not None:
            runner.close()
        store.close()
        bar.close()
    stats.seconds = time.monotonic() - started
    return stats
