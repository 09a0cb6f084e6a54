"""Hostile reviews through the reader (issue 13 on stage 1): patterns that once
cost super-linear time or memory still give a report, and the caps that keep
one claim bounded are reported, never silent.

Times are not asserted here (``make bench-inputs`` measures growth); each case
runs the real pipeline without analyzers on small generated inputs.
"""
from __future__ import annotations

import json

import pytest

from crosscheck.pipeline import Options, check_source
from crosscheck.review import parse_input
from crosscheck.review.claims import MAX_CODES_PER_PIECE, MAX_REFS_PER_CLAIM
from crosscheck.schema import validate_report
from crosscheck.source import source_from_text

OPTIONS = Options(analyzers=[])
SOURCE = source_from_text("".join(f"class C{i}:\n    def m(self, x):\n        self.v = x\n        return self.v\n\n"
                                  for i in range(720)), "big.py")  # 3,600 lines, `self` everywhere


@pytest.mark.parametrize("review", [
    "See https://github.com/o/r/blob/abc123/app.py#L10-L20 and " * 300,
    "[a](b " * 3000,
    "CWE-1( " * 3000,
    "`self` uses `self` and `self` with `nosuchname`. " * 20,
    "```\n" * 501,
    "".join(f"{'  ' * (i % 40)}- item `x{i}` at line {i}\n" for i in range(400)),
], ids=["blob-urls", "unclosed-links", "cwe-paren", "self-names", "unclosed-fences", "deep-lists"])
def test_hostile_review_patterns_give_a_valid_report(review):
    report = check_source(review, SOURCE, review_path="-", options=OPTIONS)
    validate_report(report.to_dict())


def test_a_paragraph_with_thousands_of_code_spans_is_cut_and_says_so():
    count = MAX_CODES_PER_PIECE + 500
    (claim,) = parse_input(" ".join(f"`name_{i}`" for i in range(count)) + "\n").claims
    assert claim.truncated == count
    assert len(claim.cited) == MAX_REFS_PER_CLAIM
    report = check_source(" ".join(f"`name_{i}`" for i in range(count)) + "\n", SOURCE, options=OPTIONS)
    (out,) = report.to_dict()["claims"]
    assert out["references_truncated"] == {"found": count, "kept": MAX_REFS_PER_CLAIM}


def test_a_claim_citing_every_line_of_a_long_file_resolves_within_its_range():
    source = source_from_text("".join(f"x{i} = {i}\n" for i in range(16_000)), "long.py")
    report = check_source("Lines 1-16000 are bad: `x15999 = 15999`.\n", source, options=OPTIONS)
    (claim,) = report.claims
    assert [(r.cited.code, r.status, r.actual_lines) for r in claim.references if r.cited.code] == [
        ("x15999 = 15999", "exact", [16_000])]


def test_a_source_past_the_analysis_budget_is_resolved_as_text_and_says_why(tmp_path, run_cli):
    source = tmp_path / "generated.py"
    source.write_text("".join(f"x{i} = {i}\n" for i in range(25_000)))
    review = tmp_path / "review.md"
    review.write_text("In line 7, `x6 = 6` is wrong.\n")
    proc = run_cli("check", str(review), "--source", str(source), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert {a["status"] for a in report["analyzers"]} == {"failed"}
    assert all("analysis budget: 25,001 lines" in a["detail"] for a in report["analyzers"])
    (claim,) = report["claims"]
    assert [r["status"] for r in claim["references"]] == ["exact"]


def test_a_source_with_too_many_lines_is_refused_with_one_line(tmp_path, run_cli):
    source = tmp_path / "huge.py"
    source.write_text("x=1\n" * 250_000)
    review = tmp_path / "review.md"
    review.write_text("In line 7, `x = 1` is wrong.\n")
    proc = run_cli("check", str(review), "--source", str(source))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "too many lines (250001, limit 200000)" in proc.stderr
