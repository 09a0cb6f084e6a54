"""Hostile and huge inputs: parse and check times, and whether they grow linearly.

    .venv/bin/python benchmarks/bench_inputs.py

Measures (in-process, no analyzers, so only crosscheck's own work is timed):
  * "In line " repeated 100,000 and 200,000 times: parse time and the ratio
    (linear: about 2);
  * a 5 MB review of 2,000 long claims against a 50,000-line source;
  * 2,000 and 4,000 short claims against the 50,000-line source (ratio ~2).
Writes benchmarks/results-inputs.json.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

from _util import loadavg

from crosscheck.pipeline import Options, check_source
from crosscheck.review import parse_review
from crosscheck.source import source_from_text

HERE = Path(__file__).resolve().parent


def timed(func, *args, **kwargs) -> float:
    start = time.perf_counter()
    func(*args, **kwargs)
    return round(time.perf_counter() - start, 3)


def main() -> None:
    results: dict = {"loadavg_before": loadavg()}
    small, large = "In line " * 100_000, "In line " * 200_000
    t1, t2 = timed(parse_review, small), timed(parse_review, large)
    results["in_line_repeated"] = {"100k_s": t1, "200k_s": t2, "ratio": round(t2 / t1, 2)}

    source = source_from_text("".join(f"def func_{i}(x):\n    # note {i}\n    return x + {i}\n\n\n"
                                      for i in range(10_000)), "big.py")
    options = Options(analyzers=[])
    check_source("1. warm-up", source, options=options)  # lexing and facts of the source, once

    def claims(n: int, filler: str = "") -> str:
        return "\n".join(f"{i + 1}. In line {i * 5 + 1}, `func_{i}(x)` does not validate x (CWE-20: Improper "
                         f"Input Validation). {filler}" for i in range(n)) + "\n"
    filler = "The value flows through several helpers before it is used, and nothing checks it. " * 30
    huge = claims(2_000, filler)
    results["review_5mb"] = {"bytes": len(huge.encode()), "source_lines": source.line_count,
                             "check_s": timed(check_source, huge, source, review_path="-", options=options)}
    a = timed(check_source, claims(2_000), source, review_path="-", options=options)
    b = timed(check_source, claims(4_000), source, review_path="-", options=options)
    results["short_claims"] = {"2000_s": a, "4000_s": b, "ratio": round(b / a, 2)}
    results["loadavg_after"] = loadavg()
    print(json.dumps(results, indent=2))
    (HERE / "results-inputs.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
