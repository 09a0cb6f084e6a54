"""Helpers shared by the benchmarks: paths, timing, load average, process-tree memory."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin" if (ROOT / ".venv" / "bin").is_dir() else Path(sys.executable).parent
OFFLINE_ENV = {"SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}


def tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        raise SystemExit(f"{path} not found: run `make install` first")
    return str(path)


def loadavg() -> list[float]:
    try:
        with open("/proc/loadavg") as fh:
            return [float(x) for x in fh.read().split()[:3]]
    except OSError:
        return []


def timed(argv: list[str], *, env: dict | None = None, ok: tuple[int, ...] = (0,), cwd: str | Path = ROOT,
          stdout=subprocess.DEVNULL) -> tuple[float, subprocess.CompletedProcess]:
    """Wall time of one command run to completion (stdout discarded unless asked for)."""
    full_env = dict(os.environ, **(env or {}))
    start = time.perf_counter()
    proc = subprocess.run(argv, env=full_env, cwd=str(cwd), stdout=stdout, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(argv[:4])} ... exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
    return seconds, proc


# ---------------------------------------------------------------- process-tree memory

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _children(pid: int) -> list[int]:
    """Direct children of every thread of ``pid`` (/proc/PID/task/TID/children), else a /proc scan."""
    out: list[int] = []
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out.extend(int(x) for x in fh.read().split())
        except FileNotFoundError:
            return _children_by_scan(pid)
        except OSError:
            continue
    return out


def _children_by_scan(pid: int) -> list[int]:
    out = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as fh:
                stat = fh.read()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == pid:
            out.append(int(name))
    return out


def tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        todo.extend(_children(p))
    return pids


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * PAGE
    except (OSError, ValueError, IndexError):
        return 0


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


class TreeMemory:
    """Peak memory of a process and all its descendants, sampled every ``interval`` seconds.

    Sums each process's RSS (``/proc/PID/statm``) and PSS (``/proc/PID/smaps_rollup``)
    over the whole tree. RSS counts pages a forked worker shares with its
    parent once per process, so the RSS sum over-counts; PSS splits shared pages
    between their users, so the PSS sum is the tree's real footprint.
    """

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_rss = self.peak_pss = self.peak_main_rss = 0
        self.max_procs = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> "TreeMemory":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            pids = tree(self.pid)
            rss = [_rss(p) for p in pids]
            self.peak_rss = max(self.peak_rss, sum(rss))
            self.peak_pss = max(self.peak_pss, sum(_pss(p) for p in pids))
            self.peak_main_rss = max(self.peak_main_rss, rss[0] if rss else 0)
            self.max_procs = max(self.max_procs, len([r for r in rss if r]))
            self.samples += 1
            self._stop.wait(self.interval)


def run_sampled(argv: list[str], *, env: dict | None = None, cwd: str | Path = ROOT,
                interval: float = 0.05) -> tuple[float, TreeMemory, str]:
    full_env = dict(os.environ, **(env or {}))
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=full_env, cwd=str(cwd), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    mem = TreeMemory(proc.pid, interval).start()
    try:
        _, err = proc.communicate()
    finally:
        mem.stop()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:3])} ... exited {proc.returncode}: {err.strip()[-500:]}")
    return seconds, mem, err


def mib(n: int) -> float:
    return round(n / (1 << 20), 1)


def code_state() -> dict:
    """Which crosscheck code was measured: HEAD, how many files differ from it, and a hash of the package."""
    import hashlib
    digest = hashlib.sha256()
    for path in sorted((ROOT / "crosscheck").rglob("*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    state = {"package_sha256": digest.hexdigest()[:16]}
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "crosscheck"], cwd=ROOT, capture_output=True,
                               text=True)
        state["head"] = head.stdout.strip() or None
        state["uncommitted_files_in_crosscheck"] = len(dirty.stdout.splitlines())
    except OSError:
        pass
    return state


def close_run(results: dict, started: float, work: Path, *, keep: bool) -> None:
    """End a benchmark run: the load after it, its total time, and its work folder removed
    (or named in the results when kept)."""
    results["loadavg_after"] = loadavg()
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    if keep:
        results["work"] = str(work)
    else:
        shutil.rmtree(work, ignore_errors=True)


def write_results(results: dict, out: str | Path) -> None:
    """Write a benchmark's results (JSON, under build/bench/ by default) and print its summary lines."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=2) + "\n"
    path.write_text(text)
    print(text)
    print(f"load average before {results['loadavg_before']}, after {results['loadavg_after']}; "
          f"total {results['total_seconds']} s -> {path}")
    print("targets met: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in results["verdict"].items()))
