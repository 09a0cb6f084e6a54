"""Tests for the bundled semgrep rules in ``rules/``.

1. Runs the real ``semgrep --test --json`` on the rules folder and requires every
   rule's annotated test file (``# ruleid:`` / ``# ok:``) to pass.
2. Validates each rule's metadata (CWE id/name against the cwe2 catalog,
   confidence, category, severity) and the one-rule-per-file layout.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml", reason="PyYAML is required to load the rule files")

REPO_ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = REPO_ROOT / "rules"
MIN_RULES = 25

# Flags that keep semgrep fully offline: without --disable-version-check every
# run blocks for ~100 s trying to reach the network.
OFFLINE_FLAGS = ["--metrics=off", "--disable-version-check"]
OFFLINE_ENV = {"SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}

VALID_SEVERITIES = {"ERROR", "WARNING", "INFO"}
VALID_CONFIDENCE = {"HIGH", "MEDIUM", "LOW"}
VALID_CATEGORIES = {"security", "test-quality"}

# Optional regression fixture: a real test module that uses no risky APIs and no mock.
CLEAN_FIXTURE = Path("/work/shared/fixtures/nova-test_bug_1679750/01-4ba7baf451.py")


def find_semgrep() -> str | None:
    """Prefer the semgrep installed next to the running interpreter (the venv), then PATH."""
    bindir = Path(sys.executable).parent
    for name in ("semgrep", "semgrep.exe"):
        candidate = bindir / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which("semgrep")


def run_semgrep(*args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    semgrep = find_semgrep()
    if semgrep is None:
        pytest.skip("semgrep is not installed (not next to sys.executable nor on PATH); "
                    "install it to run the rule tests")
    env = {**os.environ, **OFFLINE_ENV}
    return subprocess.run(
        [semgrep, *args], capture_output=True, text=True, env=env, timeout=timeout,
        cwd=REPO_ROOT,
    )


def rule_files() -> list[Path]:
    return sorted(p for p in RULES_DIR.iterdir() if p.suffix in (".yaml", ".yml"))


@functools.lru_cache(maxsize=None)
def load_rules() -> tuple[tuple[Path, dict], ...]:
    """(path, rule) pairs; each file must contain exactly one rule."""
    out = []
    for path in rule_files():
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(doc, dict) and isinstance(doc.get("rules"), list), path
        assert len(doc["rules"]) == 1, f"{path.name}: expected exactly one rule per file"
        out.append((path, doc["rules"][0]))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def cwe_database():
    cwe2 = pytest.importorskip("cwe2.database", reason="cwe2 is required to verify CWE names")
    return cwe2.Database()


# --------------------------------------------------------------------------- #
# 1. semgrep --test
# --------------------------------------------------------------------------- #

@functools.lru_cache(maxsize=1)
def semgrep_test_report() -> dict:
    # Absolute path on purpose: a relative "r/..." path would be read as a registry id.
    proc = run_semgrep("--test", "--json", *OFFLINE_FLAGS, str(RULES_DIR))
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"semgrep --test did not emit JSON (rc={proc.returncode}):\n"
                    f"stdout:\n{proc.stdout[-2000:]}\nstderr:\n{proc.stderr[-4000:]}")


def test_semgrep_rule_tests_pass():
    report = semgrep_test_report()

    broken = [(c.get("filename"), (c.get("error") or "")[-800:])
              for c in report.get("config_with_errors", [])]
    assert not broken, f"rule files semgrep could not load: {broken}"
    assert not report.get("config_missing_tests"), (
        f"rules without a test file: {report['config_missing_tests']}")

    results = report.get("results", {})
    tested_ids = set()
    failures = []
    for config, entry in results.items():
        for rule_id, check in entry.get("checks", {}).items():
            tested_ids.add(rule_id)
            if check.get("errors"):
                failures.append(f"{rule_id}: errors {check['errors']}")
            if not check.get("passed"):
                for target, lines in check.get("matches", {}).items():
                    expected = set(lines.get("expected_lines", []))
                    reported = set(lines.get("reported_lines", []))
                    failures.append(
                        f"{rule_id} ({Path(target).name}): missed lines "
                        f"{sorted(expected - reported)}, unexpected lines "
                        f"{sorted(reported - expected)}")
                if not check.get("matches"):
                    failures.append(f"{rule_id}: failed with no match details")
    assert not failures, "semgrep --test failures:\n" + "\n".join(failures)

    declared = {rule["id"] for _, rule in load_rules()}
    assert declared <= tested_ids, f"rules not exercised by semgrep --test: {declared - tested_ids}"


# --------------------------------------------------------------------------- #
# 2. Rule metadata and layout
# --------------------------------------------------------------------------- #

def test_enough_rules():
    assert len(load_rules()) >= MIN_RULES, f"expected >= {MIN_RULES} rules, found {len(load_rules())}"


def test_rule_ids_unique_and_match_file_names():
    ids = [rule["id"] for _, rule in load_rules()]
    assert len(ids) == len(set(ids)), "duplicate rule ids"
    for path, rule in load_rules():
        assert rule["id"] == path.stem, f"{path.name}: id {rule['id']!r} must equal file name"


def _rule_params():
    return [pytest.param(path, rule, id=path.stem) for path, rule in load_rules()]


@pytest.mark.parametrize("path,rule", _rule_params())
def test_rule_shape(path: Path, rule: dict):
    assert rule.get("languages") == ["python"], path.name
    assert rule.get("severity") in VALID_SEVERITIES, path.name
    message = rule.get("message")
    assert isinstance(message, str) and message.strip(), f"{path.name}: empty message"

    meta = rule.get("metadata")
    assert isinstance(meta, dict), f"{path.name}: missing metadata"
    assert meta.get("confidence") in VALID_CONFIDENCE, f"{path.name}: bad confidence"
    assert meta.get("category") in VALID_CATEGORIES, f"{path.name}: bad category"

    cwe_id = meta.get("cwe_id")
    assert isinstance(cwe_id, int) and not isinstance(cwe_id, bool), (
        f"{path.name}: metadata.cwe_id must be an int, got {cwe_id!r}")
    cwe = meta.get("cwe")
    assert isinstance(cwe, str), f"{path.name}: metadata.cwe must be a string"
    prefix = f"CWE-{cwe_id}:"
    assert cwe.startswith(prefix), f"{path.name}: cwe {cwe!r} must start with {prefix!r}"


@pytest.mark.parametrize("path,rule", _rule_params())
def test_cwe_name_matches_catalog(path: Path, rule: dict):
    meta = rule["metadata"]
    cwe_id = meta["cwe_id"]
    name = meta["cwe"].split(":", 1)[1].strip()
    try:
        official = cwe_database().get(cwe_id).name
    except Exception as exc:  # unknown id
        pytest.fail(f"{path.name}: CWE-{cwe_id} not found in cwe2 catalog ({exc})")
    assert name == official, f"{path.name}: CWE-{cwe_id} name {name!r} != catalog {official!r}"


@pytest.mark.parametrize("path,rule", _rule_params())
def test_rule_has_annotated_examples(path: Path, rule: dict):
    test_file = path.with_suffix(".py")
    assert test_file.is_file(), f"{path.name}: missing test file {test_file.name}"
    text = test_file.read_text(encoding="utf-8")
    rid = re.escape(rule["id"])
    positives = re.findall(rf"#\s*ruleid:\s*{rid}\s*$", text, re.M)
    negatives = re.findall(rf"#\s*ok:\s*{rid}\s*$", text, re.M)
    assert len(positives) >= 2, f"{test_file.name}: needs >= 2 '# ruleid:' cases"
    assert len(negatives) >= 2, f"{test_file.name}: needs >= 2 '# ok:' cases"


# --------------------------------------------------------------------------- #
# 3. False-positive regression on a real, clean file
# --------------------------------------------------------------------------- #

@pytest.mark.skipif(not CLEAN_FIXTURE.is_file(), reason=f"fixture {CLEAN_FIXTURE} not present")
def test_no_findings_on_clean_fixture():
    proc = run_semgrep("scan", *OFFLINE_FLAGS, "--config", str(RULES_DIR), "--json",
                       str(CLEAN_FIXTURE))
    report = json.loads(proc.stdout)
    assert not report.get("errors"), report.get("errors")
    found = [(r["check_id"], r["start"]["line"]) for r in report.get("results", [])]
    assert not found, f"unexpected findings on clean fixture: {found}"
