"""Accuracy on labelled corpora: how often crosscheck says what a careful reader would.

    python benchmarks/accuracy.py [--set NAME] [--verbose] [--floors]

Each set is an expectations file in the format of the seed expectations
(``shared/spec/seed-expectations.json``): cases of a review, its source (a
path, or ``{"pypi": "name==version", "path": ...}`` taken from that release's
wheel, downloaded once into the cache) and, per claim, an ``anchor`` (a
substring of the claim's text) with the statuses that are right for it.
Labels are written from the source before the tool runs on them.

For each set it prints the score (claims and verdicts right), the
hallucinations flagged (claims whose every accepted status is a flag) and the
sound claims wrongly flagged (claims that accept no flag, but got one), then
exits 1 if ``--floors`` is given and a set is below the floors in
``fixtures/corpus/floors.json``. The tool runs as a user runs it: the
``crosscheck`` command, ``--format json``.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FLOORS = ROOT / "fixtures" / "corpus" / "floors.json"
SETS = {
    "seeds": SHARED / "spec" / "seed-expectations.json",
    "reviews-bots": ROOT / "fixtures" / "corpus" / "reviews" / "expectations-bots.json",
    "reviews-docs": ROOT / "fixtures" / "corpus" / "reviews" / "expectations-docs.json",
    "reports": ROOT / "fixtures" / "corpus" / "reports" / "expectations.json",
}
FLAGS = {"misplaced", "fabricated", "contradicted"}
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "crosscheck-score"


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "").replace("`", "")).strip()


def wheel_tree(spec: str) -> Path:
    """The release's wheel, unpacked once into the cache (the layout score.py uses)."""
    name, _, version = spec.partition("==")
    folder = CACHE / f"{name}-{version}"
    done = folder / ".unpacked"
    if not done.exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
                        "-d", str(folder), spec], check=True)
        wheel = next(f for f in folder.iterdir() if f.suffix == ".whl")
        with zipfile.ZipFile(wheel) as zf:
            zf.extractall(folder)
        done.touch()
    return folder


def source_args(case: dict, spec: dict, base: Path) -> list[str]:
    if "source_root" in case:
        root = case["source_root"]
        return ["--source-root", str(wheel_tree(root["pypi"]) if isinstance(root, dict) else base / root)]
    src = case.get("source", spec.get("source"))
    if isinstance(src, dict):
        return ["--source", str(wheel_tree(src["pypi"]) / src["path"])]
    return ["--source", str(base / src)]


@dataclass
class Tally:
    right: int = 0
    total: int = 0
    hallucinations: int = 0
    caught: int = 0
    sound: int = 0
    false_flags: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return 100.0 * self.right / self.total if self.total else 0.0

    def line(self, name: str) -> str:
        recall = 100.0 * self.caught / self.hallucinations if self.hallucinations else 0.0
        rate = 100.0 * self.false_flags / self.sound if self.sound else 0.0
        return (f"{name}: score {self.score:.1f}% ({self.right}/{self.total}); hallucinations flagged "
                f"{self.caught}/{self.hallucinations} ({recall:.1f}%); sound claims wrongly flagged "
                f"{self.false_flags}/{self.sound} ({rate:.1f}%)")


def find_claim(claims: list[dict], anchor: str) -> dict | None:
    hits = [c for c in claims if norm(anchor) in norm(c.get("text", ""))]
    return min(hits, key=lambda c: len(c.get("text", ""))) if hits else None


def check_refs(claim: dict, pins: list[dict]) -> list[str]:
    misses = []
    for want in pins:
        got = [r for r in claim.get("references", []) if r.get("cited", {}).get("line_start") == want["cited_line"]]
        statuses = want["status"] if isinstance(want["status"], list) else [want["status"]]
        ok = any(r.get("status") in statuses and ("actual_lines" not in want or
                                                  sorted(r.get("actual_lines") or []) == sorted(want["actual_lines"]))
                 for r in got)
        if not ok:
            seen = ", ".join(f"{r.get('status')} {r.get('actual_lines')}" for r in got) or "none"
            misses.append(f"line {want['cited_line']}: got [{seen}], want {'/'.join(statuses)}")
    return misses


def run_case(case: dict, spec: dict, base: Path, cmd: list[str]) -> dict:
    argv = cmd + ["check", str(base / case["review"])] + source_args(case, spec, base) + [
        "--format", "json", "--cache-dir", str(CACHE / "analyzers")]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=600)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"exit {proc.returncode}: {proc.stderr.strip()[-300:]}")
    return json.loads(proc.stdout)


def score_set(path: Path, cmd: list[str], jobs: int) -> Tally:
    spec = json.loads(path.read_text())
    base = path.parent.parent
    tally = Tally()

    def run(case: dict):
        try:
            return case, run_case(case, spec, base, cmd), None
        except Exception as exc:  # the tool failing is a miss for every item of the case
            return case, None, exc

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(run, spec["cases"]))
    for case, report, error in results:
        label = case["review"]
        for want in case["claims"]:
            accept = set(want["accept"])
            if accept <= FLAGS:
                tally.hallucinations += 1
            elif not accept & FLAGS:
                tally.sound += 1
        if report is None:
            tally.total += len(case["claims"]) + sum(k in case for k in ("stated", "ground"))
            tally.misses.append(f"{label}: tool failed: {error}")
            continue
        claims = report.get("claims", [])
        for want in case["claims"]:
            tally.total += 1
            claim = find_claim(claims, want["anchor"])
            if claim is None:
                tally.misses.append(f"{label}: no claim contains {want['anchor']!r}")
                continue
            accept = set(want["accept"])
            flagged = claim.get("status") in FLAGS
            if accept <= FLAGS:
                tally.caught += flagged
            elif not accept & FLAGS and flagged:
                tally.false_flags += 1
            misses = [] if claim.get("status") in accept else [
                f"status {claim.get('status')!r} ({claim.get('reason', '')[:140]}), want {sorted(accept)}"]
            misses += check_refs(claim, want.get("refs", []))
            if misses:
                tally.misses.append(f"{label}: {want['anchor']!r}: " + "; ".join(misses))
            else:
                tally.right += 1
        for key in ("stated", "ground"):
            if key in case:
                tally.total += 1
                got = report.get("verdict", {}).get(key)
                if got == case[key]:
                    tally.right += 1
                else:
                    tally.misses.append(f"{label}: verdict.{key} {got!r}, want {case[key]!r}")
    return tally


def below_floor(tally: Tally, floor: dict | None) -> list[str]:
    """What in a set's measurement fell under its floor (score, recall, false-flag rate)."""
    if not floor:
        return []
    # compared as printed (one decimal), so a floor copied from a run holds on that run
    rate = round(100.0 * tally.false_flags / tally.sound if tally.sound else 0.0, 1)
    recall = round(100.0 * tally.caught / tally.hallucinations if tally.hallucinations else 100.0, 1)
    below = []
    if round(tally.score, 1) < floor["score"]:
        below.append(f"score {tally.score:.1f} < {floor['score']}")
    if recall < floor["recall"]:
        below.append(f"recall {recall:.1f} < {floor['recall']}")
    if rate > floor["false_flag_rate"]:
        below.append(f"false flags {rate:.1f}% > {floor['false_flag_rate']}%")
    return below


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", action="append", choices=sorted(SETS), help="score only these sets")
    ap.add_argument("--cmd", default=str(Path(sys.executable).with_name("crosscheck")))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    ap.add_argument("--floors", action="store_true", help="exit 1 when a set is below its floors")
    args = ap.parse_args()
    if args.floors and not FLOORS.exists():
        print(f"accuracy: error: {FLOORS} not found", file=sys.stderr)
        return 2
    floors = json.loads(FLOORS.read_text()) if args.floors else {}
    failed = False
    for name in args.set or sorted(SETS):
        path = SETS[name]
        if not path.exists():
            print(f"{name}: skipped ({path} not found)")
            continue
        tally = score_set(path, [args.cmd], args.jobs)
        if args.verbose:
            for miss in tally.misses:
                print(f"  MISS {miss}")
        print(tally.line(name))
        below = below_floor(tally, floors.get(name))
        if below:
            failed = True
            print(f"{name}: BELOW FLOOR: {'; '.join(below)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
