#!/usr/bin/env python3
"""Benchmark ``crosscheck audit`` at archive scale: 100,000 reviews over 5,000 source files.

    .venv/bin/python benchmarks/bench_scale.py [--reviews 100000] [--files 5000] [--sizes 10000,100000]
                                               [--aggregate-sizes 2000,16000,100000] [--jobs N] [--keep]

A synthetic archive (seeded, so every run builds the same one) is generated in a
temporary folder and deleted afterwards: ``--files`` small Python modules with
real defects (shell=True, eval, pickle, md5, yaml.load, bare except ...) and
``--reviews`` reviews about them, spread over the files in a seeded random
order, each citing lines that hold the defect, lines next to it, identifiers
that do not exist and lines past the end of the file. One run measures:

(a) the analyzer floor: bandit once, then semgrep once (the project's rules/),
    over all the source files, by hand, one after the other;
(b) for each of ``--sizes`` (a prefix of the manifest of that many reviews): a
    cold audit (fresh ``--db``, fresh empty ``--cache-dir``) with the peak
    memory of its whole process tree (the audit, its workers, the analyzers)
    sampled from /proc; throughput in reviews/s; audit / floor;
(c) peak RSS of the largest size over the smallest (target <= 1.2: the runner
    streams the manifest and its results);
(d) aggregation (``aggregate()``, what ``crosscheck report`` computes) over the
    audited store, and over stores of ``--aggregate-sizes`` reviews made by
    copying the audited rows under new ids where the audit was smaller (said so
    in the results); target < 5 s at 100,000.

On 2 cores (shared with other work) the default run took 74 minutes: the
10,000-review audit 995 s (10 reviews/s, most files analyzed for the first
time) and the 100,000-review audit 3,263 s (31 reviews/s, each file analyzed
once and then only checked), plus the floor and the aggregations.
``--sizes`` and ``--reviews`` make it smaller, and the results say which sizes
were measured. Results are printed and written to build/bench/results-scale.json
(untracked), with the load average before and after (other work on the machine
distorts timings).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import close_run, ROOT, code_state, loadavg, mib, run_sampled, timed, tool, write_results  # noqa: E402

OUT = ROOT / "build" / "bench" / "results-scale.json"
TARGETS = {"aggregate_seconds_at_100k": 5.0, "rss_largest_over_smallest": 1.2}
MODELS = ["model-a", "model-b", "model-c", "model-d", "model-e"]
PROMPTS = ["terse", "security", "checklist"]

# (statement template, what a review says of it, CWE) - each a real defect bandit or semgrep reports
DEFECTS = [
    ("    return subprocess.call({arg}, shell=True)", "runs a shell command with shell=True", 78),
    ("    return eval({arg})", "evaluates untrusted input with eval", 95),
    ("    return pickle.loads({arg})", "deserializes untrusted data with pickle.loads", 502),
    ("    return hashlib.md5({arg}).hexdigest()", "hashes with the broken MD5 algorithm", 327),
    ("    return yaml.load({arg})", "loads YAML without a safe loader", 20),
    ("    return os.system({arg})", "passes input to os.system", 78),
]
PLAIN = [
    "    total = {arg} + {n}",
    "    items = [x for x in range({n}) if x % 3]",
    "    name = str({arg}).strip().lower()",
    "    if not {arg}:\n        return None",
    "    logger.debug('value %s', {arg})",
]


def make_module(index: int, rng: random.Random) -> tuple[str, list[tuple[int, str, int]]]:
    """One module's text, and its defects as (line, description, cwe)."""
    lines = ["import hashlib", "import logging", "import os", "import pickle", "import subprocess", "import yaml",
             "", "logger = logging.getLogger(__name__)", ""]
    defects = []
    for f in range(rng.randint(3, 6)):
        arg = f"data_{index}_{f}"
        lines += ["", f"def handler_{index}_{f}({arg}):"]
        for _ in range(rng.randint(1, 3)):
            lines += rng.choice(PLAIN).format(arg=arg, n=rng.randint(1, 999)).split("\n")
        if rng.random() < 0.7:
            template, what, cwe = rng.choice(DEFECTS)
            lines.append(template.format(arg=arg))
            defects.append((len(lines), what, cwe))
        else:
            lines.append(f"    return {arg}")
    return "\n".join(lines) + "\n", defects


def make_review(defects: list[tuple[int, str, int]], length: int, rng: random.Random) -> str:
    out = ["Review of this module:", ""]
    claims = []
    for line, what, cwe in defects:
        roll = rng.random()
        if roll < 0.5:
            claims.append(f"Line {line} {what} (CWE-{cwe}).")
        elif roll < 0.75:
            claims.append(f"Line {max(1, line - rng.randint(2, 4))} {what} (CWE-{cwe}).")
        else:
            claims.append(f"Line {line} {what}; see also `undefined_helper_{rng.randint(1, 99)}()` (CWE-{cwe}).")
    if rng.random() < 0.3:
        claims.append(f"Line {length + rng.randint(5, 50)} has an SQL injection (CWE-89).")
    if not claims:
        return "I found no security defects in this code.\n"
    out += [f"{k}. {c}" for k, c in enumerate(claims, 1)]
    return "\n".join(out) + "\n"


def build(folder: Path, files: int, reviews: int, seed: int) -> list[Path]:
    """Sources under folder/src, one manifest of ``reviews`` lines; returns the source paths."""
    rng = random.Random(seed)
    modules = []
    for i in range(files):
        text, defects = make_module(i, rng)
        path = folder / "src" / f"pkg{i // 500:02d}" / f"mod{i:05d}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        modules.append((path, defects, text.count("\n")))
    # every file gets reviews (round robin), in a seeded random order, so one batch
    # holds many files and the analyzer cache fills as an archive's would
    order = [i % files for i in range(reviews)]
    rng.shuffle(order)
    with open(folder / "manifest.jsonl", "w", encoding="utf-8") as man:
        for r, m in enumerate(order):
            path, defects, length = modules[m]
            man.write(json.dumps({"id": f"r{r:06d}", "review_text": make_review(defects, length, rng),
                                  "source": str(path.relative_to(folder)),
                                  "meta": {"model": MODELS[r % len(MODELS)], "prompt": rng.choice(PROMPTS)}})
                      + "\n")
    return [m[0] for m in modules]


def prefix(manifest: Path, n: int) -> Path:
    out = manifest.with_name(f"manifest-{n}.jsonl")
    with open(manifest, "rb") as src, open(out, "wb") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            dst.write(line)
    return out


def floor(sources: list[Path], work: Path) -> dict:
    """bandit, then semgrep, each once over all the files (file lists too long for argv go by folder)."""
    src = str(work / "src")
    t_bandit, _ = timed([tool("bandit"), "-r", "-f", "json", "-q", "-o", str(work / "bandit.json"), src], ok=(0, 1))
    t_semgrep, _ = timed([tool("semgrep"), "scan", "--metrics=off", "--disable-version-check", "--config", "rules/",
                          "--json", "--quiet", "-o", str(work / "semgrep.json"), src],
                         env={"SEMGREP_ENABLE_VERSION_CHECK": "0"}, ok=(0, 1))
    return {"files": len(sources), "bandit_s": round(t_bandit, 2), "semgrep_s": round(t_semgrep, 2),
            "total_s": round(t_bandit + t_semgrep, 2)}


def sized_store(src: Path, dst: Path, n: int) -> Path:
    """A store of ``n`` reviews: the audited rows, copied under new ids as often as needed."""
    from crosscheck.audit.store import Store
    if dst.exists():
        dst.unlink()
    Store(str(dst)).close()
    con = sqlite3.connect(dst)
    con.execute("ATTACH DATABASE ? AS src", (str(src),))
    (have,) = con.execute("SELECT COUNT(*) FROM src.reviews").fetchone()
    copy, placed = 0, 0
    with con:
        while placed < n:
            take = min(have, n - placed)
            suffix = f"-c{copy}" if copy else ""
            con.execute("CREATE TEMP TABLE IF NOT EXISTS pick (id TEXT PRIMARY KEY)")
            con.execute("DELETE FROM pick")
            con.execute("INSERT INTO pick SELECT id FROM src.reviews ORDER BY id LIMIT ?", (take,))
            con.execute("INSERT INTO reviews SELECT id || ?, line, status, error, meta, stated, ground, summary, "
                        "report FROM src.reviews WHERE id IN pick", (suffix,))
            con.execute("INSERT INTO claims SELECT review_id || ?, idx, kind, status, has_refs, cwe, cwe_mismatch "
                        "FROM src.claims WHERE review_id IN pick", (suffix,))
            con.execute("INSERT INTO findings SELECT review_id || ?, finding_id, analyzer, rule, severity, cwe, "
                        "pillar, line, path, missed FROM src.findings WHERE review_id IN pick", (suffix,))
            placed += take
            copy += 1
    con.close()
    return dst


def time_aggregate(db: Path) -> dict:
    from crosscheck.audit.aggregate import aggregate
    started = time.perf_counter()
    data = aggregate(str(db))
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 3), "reviews": data["reviews"], "claims": sum(data["claims"].values()),
            "groups": sum(len(v) for v in data["groups"].values())}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reviews", type=int, default=100_000, help="reviews in the archive (the largest size)")
    ap.add_argument("--files", type=int, default=5_000, help="source files they review")
    ap.add_argument("--sizes", default=None, help="audit these prefixes of the manifest (default: 10000 and --reviews)")
    ap.add_argument("--aggregate-sizes", default="2000,16000,100000", help="time aggregation at these sizes")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=None, help="passed to --jobs (default: the audit's default)")
    ap.add_argument("--work", default=None, help="work folder (default: a temporary one, removed unless --keep)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    sizes = sorted({int(s) for s in (args.sizes or f"{min(10_000, args.reviews)},{args.reviews}").split(",")})
    if sizes[-1] > args.reviews:
        ap.error(f"--sizes go up to {sizes[-1]}, more than --reviews {args.reviews}")
    agg_sizes = sorted({int(s) for s in args.aggregate_sizes.split(",") if s.strip()})

    work = Path(args.work or tempfile.mkdtemp(prefix="crosscheck-bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                 "platform": platform.platform()},
                     "code": code_state(), "loadavg_before": loadavg(), "targets": TARGETS,
                     "params": {"reviews": args.reviews, "files": args.files, "sizes": sizes, "seed": args.seed,
                                "jobs": args.jobs or "default"}}
    started = time.perf_counter()
    try:
        print(f"building {args.reviews} reviews over {args.files} files in {work} ...", flush=True)
        t = time.perf_counter()
        sources = build(work, args.files, args.reviews, args.seed)
        results["build_s"] = round(time.perf_counter() - t, 1)

        print(f"(a) floor: bandit + semgrep over {len(sources)} files ...", flush=True)
        results["floor"] = base = floor(sources, work)
        print(f"    bandit {base['bandit_s']} s + semgrep {base['semgrep_s']} s = {base['total_s']} s", flush=True)

        runs: dict[str, dict] = {}
        for n in sizes:
            manifest = work / "manifest.jsonl" if n == args.reviews else prefix(work / "manifest.jsonl", n)
            db, cache = work / f"audit-{n}.sqlite", work / f"cache-{n}"
            shutil.rmtree(cache, ignore_errors=True)
            cache.mkdir()
            argv_audit = [tool("crosscheck"), "audit", str(manifest), "--db", str(db), "--cache-dir", str(cache)]
            if args.jobs:
                argv_audit += ["--jobs", str(args.jobs)]
            print(f"(b) cold audit of {n} reviews, sampling memory ...", flush=True)
            seconds, mem, err = run_sampled(argv_audit)
            agg = time_aggregate(db)
            runs[str(n)] = {"reviews": n, "seconds": round(seconds, 1), "reviews_per_s": round(n / seconds, 2),
                            "over_floor": round(seconds / base["total_s"], 2),
                            "peak_tree_rss_mib": mib(mem.peak_rss), "peak_tree_pss_mib": mib(mem.peak_pss),
                            "peak_main_rss_mib": mib(mem.peak_main_rss), "max_processes": mem.max_procs,
                            "aggregate": agg, "audit_said": err.strip().splitlines()[-1:]}
            print(f"    {seconds:.0f} s, {n / seconds:.1f} reviews/s, audit/floor {seconds / base['total_s']:.2f}, "
                  f"peak tree RSS {mib(mem.peak_rss)} MiB (PSS {mib(mem.peak_pss)}, main {mib(mem.peak_main_rss)}), "
                  f"aggregate {agg['seconds']} s", flush=True)
            shutil.rmtree(cache, ignore_errors=True)
        results["audits"] = runs
        small, large = runs[str(sizes[0])], runs[str(sizes[-1])]
        results["rss_largest_over_smallest"] = round(large["peak_tree_rss_mib"] / small["peak_tree_rss_mib"], 3)
        results["pss_largest_over_smallest"] = round(large["peak_tree_pss_mib"] / small["peak_tree_pss_mib"], 3)
        results["memory_method"] = ("sum of VmRSS and of Pss over the audit process and all its descendants, "
                                    "sampled every 50 ms; cold analyzer cache")
        print(f"(c) peak tree RSS {sizes[-1]} / {sizes[0]} = {results['rss_largest_over_smallest']} "
              f"(target <= 1.2), PSS {results['pss_largest_over_smallest']}", flush=True)

        audited = work / f"audit-{sizes[-1]}.sqlite"
        aggs = {}
        for n in agg_sizes:
            db = audited if n == sizes[-1] else sized_store(audited, work / f"agg-{n}.sqlite", n)
            aggs[str(n)] = {**time_aggregate(db), "rows": "audited" if n == sizes[-1] else
                            f"the {sizes[-1]}-review audit's rows copied under new ids"}
            print(f"(d) aggregate over {n} reviews ({aggs[str(n)]['claims']} claims): {aggs[str(n)]['seconds']} s",
                  flush=True)
        results["aggregate"] = aggs
    finally:
        close_run(results, started, work, keep=args.keep or args.work is not None)
    at_100k = results.get("aggregate", {}).get("100000", {}).get("seconds")
    results["verdict"] = {
        "aggregate_seconds_at_100k": at_100k is not None and at_100k < TARGETS["aggregate_seconds_at_100k"],
        "rss_largest_over_smallest": results.get("rss_largest_over_smallest", 99) <= TARGETS["rss_largest_over_smallest"],
    }
    write_results(results, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
