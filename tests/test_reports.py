"""End-to-end reports: real analyzers, the shipped schema, the seed reviews."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosscheck.analyzers.runner import analyze_sources, default_analyzers
from crosscheck.analyzers.semgrep import SemgrepAnalyzer
from crosscheck.pipeline import Options, check_source
from crosscheck.schema import validate_report
from crosscheck.source import load_source

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
NOVA = SHARED / "fixtures" / "nova-test_bug_1679750"
DEMO = ROOT / "fixtures" / "demo"


def need_shared() -> None:
    if not (SHARED / "seeds").is_dir() or not NOVA.is_dir():
        pytest.skip(f"shared seeds and Nova revisions not found at {SHARED}")


@pytest.fixture(scope="module")
def demo_report():
    source = load_source(str(DEMO / "app.py"))
    return check_source((DEMO / "review.md").read_text(), source, review_path="review.md")


def claim_with(report, text):
    hits = [c for c in report.claims if text in c.text]
    assert hits, f"no claim contains {text!r}"
    return min(hits, key=lambda c: len(c.text))


def test_demo_report_is_schema_valid_and_judged(demo_report):
    data = demo_report.to_dict()
    validate_report(data)
    assert {a["name"]: a["status"] for a in data["analyzers"]} == {
        "bandit": "ok", "semgrep": "ok", "pycodestyle": "ok", "ruff": "ok", "libcst": "ok"}
    # verify=False really is on line 22 and both analyzers report it there
    tls = claim_with(demo_report, "CWE-295")
    assert tls.status == "confirmed"
    assert tls.confirmed_by_security_finding
    # the cited line is off by two
    yaml_claim = claim_with(demo_report, "CWE-502")
    assert yaml_claim.status == "misplaced"
    ref = yaml_claim.references[0]
    assert (ref.status, ref.actual_lines, ref.offset) == ("shifted", [16], 2)
    # 330 is not "Incorrect Calculation"
    random_claim = claim_with(demo_report, "CWE-330")
    assert random_claim.status == "contradicted"
    assert random_claim.cwe[0].name_matches is False
    # os.system does not exist: the code uses subprocess.run
    assert claim_with(demo_report, "os.system").status == "fabricated"
    assert claim_with(demo_report, "LOG.debug(token)").status == "fabricated"
    # fetch_file really has no try/except around the request
    handling = claim_with(demo_report, "does not handle")
    assert handling.status == "confirmed"
    assert data["verdict"]["stated"] == "defects"


def test_missed_findings_follow_the_pillar_rule(demo_report):
    # bandit calls yaml.load CWE-20 (pillar 707); the review says CWE-502 (pillar 664): not covered
    verdict = demo_report.verdict
    assert verdict.ground == "missed_findings"
    assert "bandit:B506:16" in verdict.missed
    assert "semgrep:yaml-unsafe-load:16" not in verdict.missed


def test_seeds_against_all_revisions_validate():
    need_shared()
    sources = [load_source(str(p)) for p in sorted(NOVA.glob("*.py"))]
    assert len(sources) == 13
    analyses = analyze_sources(sources, default_analyzers())  # one process per analyzer for all 13
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    assert len(seeds) == 5
    checked = 0
    for source in sources:
        analysis = analyses[source.sha256]
        runs = {r.name: r.status for r in analysis.runs}
        assert runs == {"bandit": "ok", "semgrep": "ok", "pycodestyle": "ok", "ruff": "ok"}
        for seed in seeds:
            report = check_source(seed.read_text(), source, review_path=seed.name, analysis=analysis)
            validate_report(json.loads(json.dumps(report.to_dict())))
            checked += 1
    assert checked == 65


def test_missing_rules_make_semgrep_unavailable_not_clean(tmp_path):
    source = load_source(str(DEMO / "app.py"))
    empty = tmp_path / "no-rules"
    empty.mkdir()
    report = check_source((DEMO / "review.md").read_text(), source,
                          options=Options(analyzers=[SemgrepAnalyzer(empty)]))
    run = {a.name: a for a in report.analyzers}["semgrep"]
    assert run.status == "unavailable"
    assert "no semgrep rules" in run.detail
    assert not report.findings
    # a silent analyzer confirms nothing: the claim semgrep would have confirmed rests on bandit
    # and on the code fact (the call's keyword) alone
    claim = claim_with(report, "CWE-295")
    assert not any(e.security for e in claim.evidence)
    assert any("semgrep did not run" in e.detail for e in claim.evidence)
    assert any(e.kind == "fact" and "verify=False" in e.detail for e in claim.evidence)


def test_broken_rules_make_semgrep_failed(tmp_path):
    source = load_source(str(DEMO / "app.py"))
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "broken.yaml").write_text("rules:\n  - id: broken\n    pattern: [unclosed\n")
    report = check_source("1. In line 22, `verify=False` is a problem.\n", source,
                          options=Options(analyzers=[SemgrepAnalyzer(rules)]))
    run = {a.name: a for a in report.analyzers}["semgrep"]
    assert run.status == "failed"
    validate_report(report.to_dict())


def test_heading_per_finding_review():
    """'### Issue N: ...' headings with **Location:** lines: each heading is a finding."""
    source = load_source(str(DEMO / "app.py"))
    report = check_source((DEMO / "review-headings.md").read_text(), source)
    validate_report(report.to_dict())
    kinds = [c.kind for c in report.claims]
    assert kinds == ["summary", "defect", "defect", "defect", "defect", "summary"]
    assert claim_with(report, "Unsafe YAML loading").status == "confirmed"
    assert claim_with(report, "TLS verification disabled").status == "confirmed"
    assert claim_with(report, "Weak randomness").status == "confirmed"
    sql = claim_with(report, "SQL injection")
    assert sql.status == "fabricated" and sql.references[0].status == "out_of_range"
    # the TLS finding is covered (cited line 22, CWE-295); bandit files yaml.load under CWE-20, not 502
    assert "bandit:B501:22" not in report.verdict.missed
    assert "bandit:B506:16" in report.verdict.missed


def test_bold_numbered_headings_against_the_newest_revision():
    """'**N. Title (CWE-...)**' lines open findings even when long; each is judged on its own."""
    need_shared()
    source = load_source(str(NOVA / "13-c269285568.py"))
    review = (ROOT / "fixtures" / "reviews" / "nova13-bold-headings.md").read_text()
    report = check_source(review, source)
    validate_report(report.to_dict())
    assert len(report.claims) == 7
    # a credential CWE on an API version literal is not confirmed by the literal being there
    assert claim_with(report, "Hard-coded API version").status == "unsupported"
    # line 80 really is outside any try block
    handling = claim_with(report, "Missing exception handling")
    assert handling.status == "confirmed"
    assert any("no try/except around the cited code (line 80)" in e.detail for e in handling.evidence)
    # revision 13 passes placement_api as an argument: self.placement_api is gone
    assert claim_with(report, "Static method misuse").status == "fabricated"
    assert claim_with(report, "Resource leak").kind == "no_defect"


def test_review_that_calls_vulnerable_code_safe():
    """'No security defects' while bandit and semgrep report HIGH findings."""
    source = load_source(str(DEMO / "app.py"))
    report = check_source((DEMO / "review-no-defects.md").read_text(), source)
    validate_report(report.to_dict())
    assert report.verdict.stated == "no_defects"
    assert report.verdict.ground == "missed_findings"
    assert {"bandit:B501:22", "bandit:B602:35"} <= set(report.verdict.missed)
    tls = claim_with(report, "CWE-295")
    # 'TLS is verified properly in ...' is a sentence, not a CWE name to check
    assert tls.cwe[0].stated_name is None
    assert (tls.kind, tls.status) == ("no_defect", "contradicted")
    shell = claim_with(report, "CWE-78")
    assert (shell.kind, shell.status) == ("no_defect", "contradicted")
    assert "B602" in shell.evidence[-1].detail  # its own CWE at its own function, not another finding
    assert claim_with(report, "yaml.safe_load").status == "fabricated"
