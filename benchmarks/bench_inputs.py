"""Hostile and huge inputs: does crosscheck's own work grow linearly with them?

    .venv/bin/python benchmarks/bench_inputs.py        (make bench-inputs)

For each hostile pattern (issue 13) the review is built at a base size and at
ten times that size, and checked in a fresh subprocess (no analyzers: only
crosscheck's reading, resolution and checks are timed). Each run reports its
wall time and, in a second run, its peak of Python allocations (tracemalloc); the pattern passes
when the ten-times input costs at most twelve times the time and the memory.
Exits 1 when a pattern fails. Results are printed and written to
build/bench/results-inputs.json (untracked: a benchmark never rewrites the
repository).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from _util import loadavg

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "bench"
LIMIT = 12.0  # x10 input -> at most x12 time and memory

# (review at scale n, source at scale n): each is a pattern that once cost super-linear time or memory
PATTERNS = {
    "blob_urls": ("See https://github.com/o/r/blob/abc123/app.py#L10-L20 and ", 250),
    "unclosed_links": ("[a](b ", 3500),
    "cwe_paren": ("CWE-1( ", 3000),
    "in_line": ("In line ", 2500),
    "backticks": ("`a` ", 2500),
    "self_names": ("`self` uses `self` and `self` with `nosuchname`. ", 40),
    "fences": ("```\n", 500),
}
SELF_SOURCE = "".join(f"class C{i}:\n    def m(self, x):\n        self.v = x\n        return self.v\n\n"
                      for i in range(720))  # 3,600 lines

RUN = """
import json, sys, time, tracemalloc
from crosscheck.pipeline import Options, check_source
from crosscheck.source import source_from_text
review, source = open(sys.argv[1]).read(), source_from_text(open(sys.argv[2]).read(), "src.py")
options = Options(analyzers=[])
check_source("1. warm-up", source, options=options)  # imports, catalogs, the source's own facts
if sys.argv[3] == "memory":  # tracing slows allocation down: time and memory are separate runs
    tracemalloc.start()
start = time.perf_counter()
report = check_source(review, source, review_path="-", options=options)
elapsed = time.perf_counter() - start
out = {"claims": len(report.claims)}
out.update({"peak_mb": round(tracemalloc.get_traced_memory()[1] / 2**20, 2)} if sys.argv[3] == "memory"
           else {"s": round(elapsed, 3)})
print(json.dumps(out))
"""


def measure(review: str, source: str, folder: Path) -> dict:
    (folder / "review.md").write_text(review)
    (folder / "src.py").write_text(source)
    out: dict = {}
    for what in ("time", "time", "time", "memory"):  # the best of three times: other load only adds
        proc = subprocess.run([sys.executable, "-c", RUN, str(folder / "review.md"), str(folder / "src.py"), what],
                              capture_output=True, text=True, timeout=1800, cwd=ROOT)
        if proc.returncode != 0:
            return {"error": (proc.stderr.strip().splitlines() or ["no output"])[-1]}
        got = json.loads(proc.stdout.strip().splitlines()[-1])
        if "s" in got and "s" in out:
            got["s"] = min(got["s"], out["s"])
        out.update(got)
    return out


def cited_lines(n: int) -> tuple[str, str]:
    """One claim citing n lines of a 16,000-line source."""
    return f"Lines 1-{n} are bad: `x1 = 1`.\n", "".join(f"x{i} = {i}\n" for i in range(16_000))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict = {"loadavg_before": loadavg(), "limit": LIMIT, "patterns": {}}
    failed = []

    def pattern(unit: str, times: int, source: str):
        return lambda k: (unit * times * k, source)

    cases = {name: pattern(unit, times, SELF_SOURCE if name == "self_names" else "x = 1\n")
             for name, (unit, times) in PATTERNS.items()}
    cases["cite_many_lines"] = lambda k: cited_lines(1600 * k)
    for name, build in cases.items():
        small, large = measure(*build(1), OUT), measure(*build(10), OUT)
        row: dict = {"x1": small, "x10": large}
        if "error" in small or "error" in large:
            row["ok"] = False
        else:
            row["time_ratio"] = round(large["s"] / max(small["s"], 0.05), 2)
            row["memory_ratio"] = round(large["peak_mb"] / max(small["peak_mb"], 1.0), 2)
            row["ok"] = row["time_ratio"] <= LIMIT and row["memory_ratio"] <= LIMIT
        if not row["ok"]:
            failed.append(name)
        results["patterns"][name] = row
        print(f"{name:16s} x1 {small}  x10 {large}  ok={row['ok']}", flush=True)
    results["loadavg_after"] = loadavg()
    (OUT / "results-inputs.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    if failed:
        print(f"not linear: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
