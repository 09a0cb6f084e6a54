#!/usr/bin/env python3
"""Benchmark ``crosscheck audit`` on a synthetic archive of reviews over real nova code.

    .venv/bin/python benchmarks/bench_audit.py [--reviews 60] [--modules 20] [--scale 10] [--keep]

One run measures, on this machine:

(a) baseline: bandit once, then semgrep once (the project's rules/), over the
    archive's unique source files, run by hand one after the other;
(b) a cold audit (fresh --db, fresh empty --cache-dir) of the 1x archive, and
    cold / baseline (target <= 1.2);
(c) ``--resume`` of that finished audit, as a percentage of cold (target <= 5%);
(d) peak memory of the audit's whole process tree (the audit process, its
    worker processes and any analyzer subprocesses), sampled from /proc every
    50 ms, for the 1x archive and a 10x archive (``--scale``), both with the
    cache the cold run left warm, so they measure the audit's own memory and
    not semgrep's; 10x / 1x (target <= 1.2);
(e) accuracy at scale: every labelled claim of the 10x archive joined with the
    reference crosscheck stored for it (reviews.report), per true status, and
    throughput in reviews/s.

Results are printed and written to build/bench/results-audit.json (untracked:
a benchmark run never changes the checkout), with the load average before and
after (other work on the machine distorts timings).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import archive  # noqa: E402
from _util import close_run, ROOT, code_state, loadavg, mib, run_sampled, timed, tool, write_results  # noqa: E402

TARGETS = {"cold_over_baseline": 1.2, "resume_percent_of_cold": 5.0, "rss_10x_over_1x": 1.2}


def audit_argv(manifest: Path, db: Path, cache: Path, jobs: int | None, resume: bool = False) -> list[str]:
    argv = [tool("crosscheck"), "audit", str(manifest), "--db", str(db), "--cache-dir", str(cache)]
    if jobs:
        argv += ["--jobs", str(jobs)]
    if resume:
        argv.append("--resume")
    return argv


def baseline(sources: list[str]) -> dict:
    """bandit, then semgrep, each once over all the files, as a user would run them by hand."""
    t_bandit, p_bandit = timed([tool("bandit"), "-f", "json", "-q", *sources], ok=(0, 1), stdout=-1)
    t_semgrep, p_semgrep = timed([tool("semgrep"), "scan", "--metrics=off", "--disable-version-check",
                                  "--config", "rules/", "--json", "--quiet", *sources],
                                 env={"SEMGREP_ENABLE_VERSION_CHECK": "0"}, ok=(0, 1), stdout=-1)
    return {"bandit_s": round(t_bandit, 2), "semgrep_s": round(t_semgrep, 2),
            "total_s": round(t_bandit + t_semgrep, 2),
            "bandit_results": len(json.loads(p_bandit.stdout).get("results", [])),
            "semgrep_results": len(json.loads(p_semgrep.stdout).get("results", []))}


def report_json(db: Path) -> dict:
    _, proc = timed([tool("crosscheck"), "report", str(db), "--format", "json"], stdout=-1)
    return json.loads(proc.stdout)


def accuracy(db: Path, labels: Path) -> dict:
    """Per true status: the share of labelled references crosscheck resolved to that status.

    A label names its claim by an anchor (the backticked code, or "line N"),
    and its reference by (cited code, cited line). A label whose claim or
    reference is not in the report counts as ``no_claim`` / ``no_reference``.
    """
    conn = sqlite3.connect(str(db))
    reports = {}
    errors = 0
    for ident, status, report in conn.execute("SELECT id, status, report FROM reviews"):
        if report is None:
            errors += 1
            continue
        reports[ident] = json.loads(report)
    conn.close()
    per_label: dict[str, Counter] = defaultdict(Counter)
    per_variant: dict[str, Counter] = defaultdict(Counter)
    per_review: dict[str, list] = defaultdict(list)
    mismatches = []
    with open(labels, encoding="utf-8") as fh:
        for raw in fh:
            lab = json.loads(raw)
            got = _resolved(reports.get(lab["id"]), lab)
            per_label[lab["status"]][got] += 1
            variant = lab["variant"] if not lab["variant"].startswith("offset_") else "offset_1_to_5"
            per_variant[f"{lab['status']}/{variant}"][got] += 1
            per_review[lab["id"].split("-x")[0]].append(got)
            if got != lab["status"] and len(mismatches) < 12:
                mismatches.append({**lab, "resolved": got})
    # copies of one review (--scale) must come out the same
    copies = defaultdict(set)
    for ident, report in reports.items():
        refs = tuple((r["cited"].get("code"), r["cited"].get("line_start"), r["status"])
                     for c in report["claims"] for r in c["references"])
        copies[ident.split("-x")[0]].add(refs)
    return {
        "labels": sum(sum(c.values()) for c in per_label.values()),
        "by_true_status": {k: {"n": sum(c.values()), "same_status": round(c[k] / sum(c.values()), 4),
                               "resolved_as": dict(c)} for k, c in sorted(per_label.items())},
        "by_variant": {k: {"n": sum(c.values()), "same_status": round(c[k.split("/")[0]] / sum(c.values()), 4),
                           "resolved_as": dict(c)} for k, c in sorted(per_variant.items())},
        "overall_same_status": round(sum(c[k] for k, c in per_label.items())
                                     / max(1, sum(sum(c.values()) for c in per_label.values())), 4),
        "reviews_with_errors": errors,
        "copies_disagreeing": sum(1 for v in copies.values() if len(v) > 1),
        "examples_of_mismatch": mismatches,
    }


def _resolved(report: dict | None, lab: dict) -> str:
    if report is None:
        return "no_report"
    got = "no_claim"
    for claim in report["claims"]:
        if lab["anchor"] not in claim["text"]:
            continue
        got = "no_reference"
        for ref in claim["references"]:
            if ref["cited"].get("code") == lab["code"] and ref["cited"].get("line_start") == lab["line"]:
                return ref["status"]
    return got


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reviews", type=int, default=60, help="reviews in the 1x archive")
    ap.add_argument("--modules", type=int, default=20, help="nova modules they review")
    ap.add_argument("--scale", type=int, default=10, help="copies in the large archive (memory test)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=None, help="passed to --jobs (default: the audit's default)")
    ap.add_argument("--work", default=None, help="work folder (default: a temporary one, removed unless --keep)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--wheel-cache", default=archive.DEFAULT_CACHE)
    ap.add_argument("--out", default=str(ROOT / "build" / "bench" / "results-audit.json"),
                    help="results file (default: build/bench/results-audit.json, untracked)")
    args = ap.parse_args(argv)

    work = Path(args.work or tempfile.mkdtemp(prefix="crosscheck-bench-audit-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                 "platform": platform.platform()},
                     "code": code_state(), "loadavg_before": loadavg(), "targets": TARGETS,
                     "params": {"reviews": args.reviews, "modules": args.modules, "scale": args.scale,
                                "seed": args.seed, "jobs": args.jobs or "default"}}
    started = time.perf_counter()
    try:
        print(f"building archives in {work} ...", flush=True)
        one = archive.build(str(work / "a1"), args.reviews, args.modules, args.seed, 1, args.wheel_cache)
        big = archive.build(str(work / f"a{args.scale}"), args.reviews, args.modules, args.seed, args.scale,
                            args.wheel_cache)
        results["archive"] = {k: one[k] for k in ("reviews", "modules", "source_lines", "labels")}
        results["archive_scaled"] = {k: big[k] for k in ("reviews", "labels")}
        sources = sorted(str(p) for p in (work / "a1" / "src").rglob("*.py"))

        # (a) baseline
        print(f"(a) baseline: bandit + semgrep over {len(sources)} files ...", flush=True)
        base = baseline(sources)
        results["baseline"] = base
        print(f"    bandit {base['bandit_s']} s + semgrep {base['semgrep_s']} s = {base['total_s']} s", flush=True)

        # (b) cold audit
        cache = work / "cache"
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir()
        manifest1, db_cold = work / "a1" / "manifest.jsonl", work / "cold.sqlite"
        print(f"(b) cold audit of {one['reviews']} reviews ...", flush=True)
        t_cold, _ = timed(audit_argv(manifest1, db_cold, cache, args.jobs))
        agg = report_json(db_cold)
        results["cold"] = {"seconds": round(t_cold, 2), "reviews_per_s": round(one["reviews"] / t_cold, 2),
                           "over_baseline": round(t_cold / base["total_s"], 2),
                           "report": {k: agg.get(k) for k in ("reviews", "errors", "claims", "hallucination_rate")}}
        print(f"    {t_cold:.1f} s, cold/baseline = {t_cold / base['total_s']:.2f} (target <= 1.2)", flush=True)

        # (c) resume of the finished audit
        t_resume, _ = timed(audit_argv(manifest1, db_cold, cache, args.jobs, resume=True))
        results["resume"] = {"seconds": round(t_resume, 3), "percent_of_cold": round(100 * t_resume / t_cold, 2)}
        print(f"(c) resume: {t_resume:.2f} s = {100 * t_resume / t_cold:.1f}% of cold (target <= 5%)", flush=True)

        # (d) memory, warm cache, 1x and Kx
        mem = {}
        for name, manifest, n in (("1x", manifest1, one["reviews"]),
                                  (f"{args.scale}x", work / f"a{args.scale}" / "manifest.jsonl", big["reviews"])):
            print(f"(d) audit of {n} reviews, warm cache, sampling memory ...", flush=True)
            db = work / f"warm-{name}.sqlite"
            seconds, tree_mem, _ = run_sampled(audit_argv(manifest, db, cache, args.jobs))
            mem[name] = {"reviews": n, "seconds": round(seconds, 2), "reviews_per_s": round(n / seconds, 2),
                         "peak_tree_rss_mib": mib(tree_mem.peak_rss), "peak_tree_pss_mib": mib(tree_mem.peak_pss),
                         "peak_main_rss_mib": mib(tree_mem.peak_main_rss), "max_processes": tree_mem.max_procs,
                         "samples": tree_mem.samples, "db": str(db)}
            print(f"    {seconds:.1f} s ({n / seconds:.1f} reviews/s), peak tree RSS {mib(tree_mem.peak_rss)} MiB, "
                  f"PSS {mib(tree_mem.peak_pss)} MiB, {tree_mem.max_procs} processes", flush=True)
        big_key = f"{args.scale}x"
        mem["rss_ratio"] = round(mem[big_key]["peak_tree_rss_mib"] / mem["1x"]["peak_tree_rss_mib"], 3)
        mem["pss_ratio"] = round(mem[big_key]["peak_tree_pss_mib"] / mem["1x"]["peak_tree_pss_mib"], 3)
        mem["method"] = ("sum of VmRSS (/proc/PID/statm) and of Pss (/proc/PID/smaps_rollup) over the audit "
                         "process and all its descendants, sampled every 50 ms; warm analyzer cache")
        results["memory"] = mem
        print(f"    10x/1x peak tree RSS = {mem['rss_ratio']} (target <= 1.2), PSS = {mem['pss_ratio']}", flush=True)

        # (e) accuracy at scale
        acc = accuracy(Path(mem[big_key]["db"]), work / f"a{args.scale}" / "labels.jsonl")
        acc["throughput_reviews_per_s"] = {"cold_1x": results["cold"]["reviews_per_s"],
                                           "warm_1x": mem["1x"]["reviews_per_s"],
                                           f"warm_{big_key}": mem[big_key]["reviews_per_s"]}
        results["accuracy"] = acc
        print(f"(e) accuracy over {acc['labels']} labelled references ({big['reviews']} reviews):", flush=True)
        for status, row in acc["by_true_status"].items():
            print(f"    {status:13s} n={row['n']:5d}  same status {row['same_status']:.1%}  {row['resolved_as']}")
        for variant, row in acc["by_variant"].items():
            print(f"      {variant:40s} n={row['n']:5d}  {row['same_status']:.1%}  {row['resolved_as']}")
        print(f"    copies of one review disagreeing: {acc['copies_disagreeing']}; "
              f"review errors: {acc['reviews_with_errors']}", flush=True)
    finally:
        close_run(results, started, work, keep=args.keep or args.work is not None)
    results["verdict"] = {
        "cold_over_baseline": results.get("cold", {}).get("over_baseline", 0) <= TARGETS["cold_over_baseline"],
        "resume_percent_of_cold":
            results.get("resume", {}).get("percent_of_cold", 100) <= TARGETS["resume_percent_of_cold"],
        "rss_10x_over_1x": results.get("memory", {}).get("rss_ratio", 99) <= TARGETS["rss_10x_over_1x"],
    }
    write_results(results, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
