#!/usr/bin/env python3
"""Benchmark ``crosscheck check`` on one file against running bandit and semgrep by hand.

    .venv/bin/python benchmarks/bench_check.py [--source FILE --review FILE] [--repeat 3]

Default: the nova revision 01 of test_bug_1679750 with seed review 001 from
../shared (fixtures/nova-test_bug_1679750/01-4ba7baf451.py and
seeds/001_1c5558c27977c7c4.txt), falling back to fixtures/demo/app.py with
fixtures/demo/review.md when ../shared is not there.

Measures, best of ``--repeat`` runs each:

* ``crosscheck check REVIEW --source FILE --format json`` (no analyzer cache:
  ``check`` only caches with --cache-dir), which runs bandit, semgrep,
  pycodestyle and ruff, libcst, and checks every claim;
* bandit then semgrep by hand on the same file (``bandit -f json -q FILE``,
  then ``semgrep scan --metrics=off --disable-version-check --config rules/
  --json --quiet FILE``), one after the other;

and prints check / by-hand (target <= 1.0). Writes build/bench/results-check.json
(untracked: a benchmark run never changes the checkout).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import ROOT, code_state, loadavg, timed, tool  # noqa: E402

SHARED = Path(os.environ.get("SHARED", ROOT.parent / "shared"))
DEFAULT_SOURCE = SHARED / "fixtures" / "nova-test_bug_1679750" / "01-4ba7baf451.py"
DEFAULT_REVIEW = SHARED / "seeds" / "001_1c5558c27977c7c4.txt"
DEMO_SOURCE = ROOT / "fixtures" / "demo" / "app.py"
DEMO_REVIEW = ROOT / "fixtures" / "demo" / "review.md"
TARGET = 1.0


def by_hand(source: str) -> float:
    t_bandit, _ = timed([tool("bandit"), "-f", "json", "-q", source], ok=(0, 1))
    t_semgrep, _ = timed([tool("semgrep"), "scan", "--metrics=off", "--disable-version-check", "--config", "rules/",
                          "--json", "--quiet", source], env={"SEMGREP_ENABLE_VERSION_CHECK": "0"}, ok=(0, 1))
    return t_bandit + t_semgrep


def check(review: str, source: str) -> float:
    seconds, _ = timed([tool("crosscheck"), "check", review, "--source", source, "--format", "json"], ok=(0, 1))
    return seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", default=None)
    ap.add_argument("--review", default=None)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=str(ROOT / "build" / "bench" / "results-check.json"),
                    help="results file (default: build/bench/results-check.json, untracked)")
    args = ap.parse_args(argv)
    if args.source or args.review:
        if not (args.source and args.review):
            ap.error("give both --source and --review")
        source, review = Path(args.source), Path(args.review)
    elif DEFAULT_SOURCE.is_file() and DEFAULT_REVIEW.is_file():
        source, review = DEFAULT_SOURCE, DEFAULT_REVIEW
    else:
        source, review = DEMO_SOURCE, DEMO_REVIEW
    source, review = source.resolve(), review.resolve()
    before = loadavg()
    check_times, hand_times = [], []
    for _ in range(args.repeat):  # interleaved, so a burst of load hits both sides alike
        check_times.append(check(str(review), str(source)))
        hand_times.append(by_hand(str(source)))
    best_check, best_hand = min(check_times), min(hand_times)
    ratio = best_check / best_hand
    results = {
        "source": str(source), "review": str(review), "repeat": args.repeat,
        "check_s": [round(t, 3) for t in check_times], "by_hand_s": [round(t, 3) for t in hand_times],
        "best_check_s": round(best_check, 3), "best_by_hand_s": round(best_hand, 3),
        "ratio": round(ratio, 3), "target": TARGET, "met": ratio <= TARGET,
        "loadavg_before": before, "loadavg_after": loadavg(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()}, "code": code_state(),
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(results, fh, indent=2)
        fh.write("\n")
    print(f"{source.name} with {review.name}, best of {args.repeat}:")
    print(f"  crosscheck check          {best_check:6.2f} s  (runs: {', '.join(f'{t:.2f}' for t in check_times)})")
    print(f"  bandit + semgrep by hand  {best_hand:6.2f} s  (runs: {', '.join(f'{t:.2f}' for t in hand_times)})")
    print(f"  ratio {ratio:.2f} (target <= {TARGET}) {'met' if ratio <= TARGET else 'NOT met'}")
    print(f"  load average before {before}, after {results['loadavg_after']} -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
