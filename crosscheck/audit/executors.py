"""Where audit work runs: a local process pool, or a Dask cluster.

Both take the same two kinds of work: analyzing a batch of unique source
contents (bandit, semgrep and pycodestyle once over all of them) and checking
single reviews against those results. Results come back to the caller, which
alone writes the store, so the store stays consistent however many workers run.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Iterable, Iterator

from ..analyzers.cache import ResultCache
from ..analyzers.runner import SourceAnalysis, analyze_sources, default_analyzers
from ..source import SourceFile


def analyze_batch(sources: list[SourceFile], rules: str | None, timeout: float,
                  cache_dir: str | None) -> dict[str, SourceAnalysis]:
    cache = ResultCache(cache_dir) if cache_dir else None
    return analyze_sources(sources, default_analyzers(rules), timeout, cache)


def facts_for(source: SourceFile):
    """libcst facts of one source content (the pipeline's own facts run)."""
    from ..pipeline import facts_run
    return facts_run(source)


def _warm() -> None:
    """Load the CWE catalog and the checks once per worker process."""
    from ..checks import load_checks
    from ..cwe import load_catalog
    load_catalog()
    load_checks()


class LocalExecutor:
    name = "local"

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        # forkserver: workers start clean (the analyzers may be running in a thread of this
        # process, which a plain fork must not copy) and warm up in parallel with them
        context = multiprocessing.get_context("forkserver")
        self.pool = ProcessPoolExecutor(self.jobs, mp_context=context, initializer=_warm) if self.jobs > 1 else None

    def analyze(self, sources: list[SourceFile], rules: str | None, timeout: float,
                cache_dir: str | None) -> dict[str, SourceAnalysis]:
        return analyze_batch(sources, rules, timeout, cache_dir)

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        items = list(items)
        if self.pool is None or len(items) < 4:
            return map(fn, items)
        return self.pool.map(fn, items, chunksize=max(1, len(items) // (self.jobs * 4)))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()


class DaskExecutor:
    """Work on a dask.distributed cluster: an existing scheduler, or a LocalCluster."""
    name = "dask"

    def __init__(self, jobs: int | None = None, scheduler: str | None = None) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            from ..model import InputError
            raise InputError("--executor dask needs the cluster extra: pip install 'crosscheck[cluster]'") from None
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            workers = max(1, jobs or os.cpu_count() or 1)
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None)
            self.client = Client(self.cluster)
        self.client.run(_warm)

    def analyze(self, sources: list[SourceFile], rules: str | None, timeout: float,
                cache_dir: str | None) -> dict[str, SourceAnalysis]:
        """Unique contents are the unit of analyzer work, spread over the workers in batches."""
        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        size = max(1, -(-len(sources) // workers))
        batches = [sources[i:i + size] for i in range(0, len(sources), size)]
        futures = self.client.map(analyze_batch, batches, rules=rules, timeout=timeout, cache_dir=cache_dir,
                                  pure=False)
        merged: dict[str, SourceAnalysis] = {}
        for part in self.client.gather(futures):
            merged.update(part)
        return merged

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        futures = self.client.map(fn, list(items), pure=False)
        return iter(self.client.gather(futures))

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_executor(kind: str, jobs: int | None, scheduler: str | None):
    if kind == "dask":
        return DaskExecutor(jobs, scheduler)
    return LocalExecutor(jobs)
