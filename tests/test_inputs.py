"""Structured review inputs: GitHub pull-request review comments and Gerrit
comments JSON, detected by content and turned into claims located by the
comment's own path and lines. End-to-end through the real CLI and analyzers."""
from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from crosscheck.model import InputError
from crosscheck.review import parse_review
from crosscheck.review import parse_input
from crosscheck.review.inputs import detect_input_format

ROOT = Path(__file__).resolve().parents[1]
COMMENTS = ROOT / "fixtures" / "comments"
SRC = COMMENTS / "src"
GITHUB = COMMENTS / "github.json"
GERRIT = COMMENTS / "gerrit.json"
TEXT_REVIEW = COMMENTS / "net.review.md"
BIN = Path(sys.executable).parent


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def github_comments() -> list[dict]:
    return json.loads(read(GITHUB))


def gerrit_comments() -> dict:
    return json.loads(read(GERRIT).split("\n", 1)[1])


def primary(claim):
    refs = [c for c in claim.cited if c.primary]
    assert refs, f"claim {claim.index} has no primary citation"
    return refs[0]


# ---------------------------------------------------------------- detection

def test_detects_the_three_formats():
    assert detect_input_format(read(GITHUB)) == "github"
    assert detect_input_format(read(GERRIT)) == "gerrit"
    assert detect_input_format(read(TEXT_REVIEW)) == "text"


def test_detection_variants():
    # Gerrit JSON with the XSSI line already stripped, and with a BOM and CRLF
    assert detect_input_format(json.dumps(gerrit_comments())) == "gerrit"
    assert detect_input_format("\ufeff)]}'\r\n" + json.dumps(gerrit_comments())) == "gerrit"
    # gh api --paginate prints one list per page; --slurp wraps the pages in a list
    items = github_comments()
    assert detect_input_format(json.dumps(items[:2]) + "\n" + json.dumps(items[2:])) == "github"
    assert detect_input_format(json.dumps([items[:2], items[2:]])) == "github"
    # no comments at all
    assert detect_input_format("[]\n") == "github"
    assert detect_input_format(")]}'\n{}") == "gerrit"


@pytest.mark.parametrize("text", [
    "",
    "1. Line 3: `x` is never used.",
    "[1, 2, 3]",
    '{"summary": "looks good"}',
    '[{"title": "no body key"}]',
    '[{"path": "a.py", "body": "ok"',  # truncated JSON
    "[link](http://example.com) is broken",
    "{not json at all}",
])
def test_other_input_is_text(text):
    assert detect_input_format(text) == "text"


# ---------------------------------------------------------------- GitHub

def test_github_comments_become_located_claims():
    items = github_comments()
    parsed = parse_input(read(GITHUB))
    # the reply (comment 3) is skipped; spans count comments in the input
    assert [c.span.start_line for c in parsed.claims] == [1, 2, 4, 5, 6]
    assert all(c.span.start_line == c.span.end_line for c in parsed.claims)
    assert [c.index for c in parsed.claims] == [1, 2, 3, 4, 5]
    assert [c.text for c in parsed.claims] == [items[k - 1]["body"] for k in (1, 2, 4, 5, 6)]
    assert parsed.lines == [c["body"] for c in items]
    assert parsed.stated == "defects"

    tls, shell, order, suggestion, file_level = parsed.claims
    ref = primary(tls)
    assert (ref.path, ref.line_start, ref.line_end, ref.code, ref.hard) == ("svc/net.py", 9, 9, "verify=False", True)
    assert ref.group_ranges == [(9, 9)]
    assert tls.kind == "defect" and [c.id for c in tls.cwe] == [295]

    ref = primary(shell)  # a multi-line comment: start_line 14, line 15
    assert (ref.path, ref.line_start, ref.line_end, ref.code) == ("svc/net.py", 14, 15, 'os.system("ping " + host)')
    assert shell.kind == "defect" and [c.id for c in shell.cwe] == [78]

    assert (primary(order).line_start, primary(order).code) == (16, "response.raise_for_status()")


def test_github_suggestion_block_is_not_cited_code():
    suggestion = parse_input(read(GITHUB)).claims[3]
    assert "```suggestion" in suggestion.text
    # the proposed code is neither cited nor part of the assertion; the location stays
    assert all(c.code is None or "timeout" not in c.code for c in suggestion.cited if c.role != "proposed")
    assert "timeout=10" not in suggestion.assertion
    assert [(c.path, c.line_start, c.code) for c in suggestion.cited if c.role != "proposed"] == [("svc/net.py", 9, None)]
    assert [c.role for c in suggestion.cited if c.code and "timeout" in c.code] == ["proposed"]


def test_github_file_level_comment_keeps_the_path_only():
    file_level = parse_input(read(GITHUB)).claims[4]
    assert [(c.path, c.line_start, c.line_end, c.code) for c in file_level.cited] == [("svc/net.py", None, None, "ping")]


def gh(body: str, line: int | None = 9, **extra) -> str:
    comment = {"id": 1, "path": "svc/net.py", "line": line, "start_line": None, "original_line": line,
               "body": body, "diff_hunk": "@@ -1 +1 @@", "commit_id": "0" * 40, "user": {"login": "x"}}
    comment.update(extra)
    return json.dumps([comment])


def test_body_with_its_own_line_keeps_it():
    claim = parse_input(gh("The call on line 15 uses `subprocess.run` with a list, `host` is one item.")).claims[0]
    own = [c for c in claim.cited if c.code == "subprocess.run"]
    assert [(c.path, c.line_start, c.line_end) for c in own] == [("svc/net.py", 15, 15)]
    # the comment's location is still cited
    assert any(c.line_start == 9 and c.path == "svc/net.py" for c in claim.cited)


def test_body_naming_its_own_file_and_mentions():
    claim = parse_input(gh("In `net.py`, `requests.get` passes `verify=False`; see `other/util.py:3`.")).claims[0]
    by_code = {c.code: c for c in claim.cited}
    first = by_code["requests.get"]
    assert (first.path, first.line_start, first.primary) == ("svc/net.py", 9, True)
    mention = by_code["verify=False"]
    assert (mention.path, mention.line_start, mention.primary) == ("svc/net.py", 9, False)
    # another file named by the body keeps its own path and line
    assert any((c.path, c.line_start) == ("other/util.py", 3) for c in claim.cited)
    assert not any(c.path == "net.py" for c in claim.cited)


def test_base_side_and_outdated_comments_lose_their_line():
    left = parse_input(gh("`old_call()` was unsafe.", side="LEFT")).claims[0]
    assert [(c.path, c.line_start, c.code, c.hard) for c in left.cited] == [("svc/net.py", None, "old_call()", False)]
    outdated = parse_input(gh("`fetch` is fine now.", line=None, original_line=12)).claims[0]
    assert [(c.path, c.line_start, c.code) for c in outdated.cited] == [("svc/net.py", None, "fetch")]


def test_text_input_is_parse_review():
    text = read(TEXT_REVIEW)
    assert [c.text for c in parse_input(text).claims] == [c.text for c in parse_review(text).claims]
    comments = gh("`fetch` is fine.")
    assert [c.text for c in parse_input(comments, "text").claims] == [c.text for c in parse_review(comments).claims]


# ---------------------------------------------------------------- Gerrit

def test_gerrit_comments_become_located_claims():
    data = gerrit_comments()
    parsed = parse_input(read(GERRIT))
    patchset, tls, shell, file_level = parsed.claims
    # file after file, comments in order; the reply (position 4) is skipped
    assert [c.span.start_line for c in parsed.claims] == [1, 2, 3, 5]
    assert patchset.text == data["/PATCHSET_LEVEL"][0]["message"]
    assert [c.text for c in parsed.claims[1:]] == [data["svc/net.py"][i]["message"] for i in (0, 1, 3)]
    assert patchset.cited == []  # /PATCHSET_LEVEL is no file
    ref = primary(tls)
    assert (ref.path, ref.line_start, ref.line_end, ref.code) == ("svc/net.py", 9, 9, "verify=False")
    # range 14:0 - 16:0 ends before line 16
    ref = primary(shell)
    assert (ref.path, ref.line_start, ref.line_end) == ("svc/net.py", 14, 15)
    assert [(c.path, c.line_start, c.code) for c in file_level.cited] == [("svc/net.py", None, "ping")]
    assert parse_input(read(GERRIT), "gerrit").stated == parsed.stated == "defects"


# ---------------------------------------------------------------- errors

@pytest.mark.parametrize("fmt,text", [
    ("github", '[{"path": "a.py", "body": "x"'),
    ("github", '{"a.py": []}'),
    ("github", '[{"path": "a.py", "line": 3}]'),
    ("gerrit", ")]}'\n{\"a.py\": [{\"line\": 3,}]}"),
    ("gerrit", '[{"path": "a.py", "body": "x"}]'),
    ("bitbucket", "[]"),
])
def test_malformed_input_for_an_explicit_format_is_an_input_error(fmt, text):
    with pytest.raises(InputError) as info:
        parse_input(text, fmt)
    assert "\n" not in str(info.value) and str(info.value)


# ---------------------------------------------------------------- end to end

def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "crosscheck"), *args], capture_output=True, text=True, cwd=cwd, timeout=600)


def cli_report(review: Path) -> dict:
    proc = run_cli("check", str(review), "--source-root", str(SRC), "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def github_report():
    report = cli_report(GITHUB)
    if not any(c["text"] == github_comments()[0]["body"] for c in report["claims"]):
        pytest.skip("crosscheck check does not read GitHub review comments yet (parse_input not wired)")
    return report


@pytest.fixture(scope="module")
def gerrit_report():
    report = cli_report(GERRIT)
    if not any(c["text"] == gerrit_comments()["svc/net.py"][0]["message"] for c in report["claims"]):
        pytest.skip("crosscheck check does not read Gerrit comments yet (parse_input not wired)")
    return report


def claim_for(report: dict, body: str) -> dict:
    hits = [c for c in report["claims"] if c["text"] == body]
    assert len(hits) == 1, f"no single claim for {body!r}"
    return hits[0]


def test_github_end_to_end(github_report):
    from crosscheck.schema import validate_report
    validate_report(github_report)
    items = github_comments()
    assert {a["name"]: a["status"] for a in github_report["analyzers"]}["bandit"] == "ok"
    assert len(github_report["claims"]) == 5  # the reply is not a claim
    tls = claim_for(github_report, items[0]["body"])
    assert tls["status"] == "confirmed"
    assert tls["span"] == {"start_line": 1, "end_line": 1}
    assert tls["references"][0]["path"] == "svc/net.py"
    assert tls["references"][0]["status"] == "exact"
    assert any(e["kind"] == "finding" for e in tls["evidence"])
    assert claim_for(github_report, items[1]["body"])["status"] == "fabricated"
    order = claim_for(github_report, items[3]["body"])
    assert order["status"] == "misplaced"
    # the comment sits in ping(); the call is in fetch(): another block, so the comment is misplaced
    assert (order["references"][0]["actual_lines"], order["references"][0]["offset"]) == ([10], -6)
    # proposed code in a suggestion block, and a file-level comment, fabricate nothing
    assert claim_for(github_report, items[4]["body"])["status"] not in ("fabricated", "misplaced")
    assert claim_for(github_report, items[5]["body"])["status"] not in ("fabricated", "misplaced")
    assert github_report["verdict"]["stated"] == "defects"


def test_gerrit_end_to_end(gerrit_report):
    data = gerrit_comments()["svc/net.py"]
    assert len(gerrit_report["claims"]) == 4
    assert claim_for(gerrit_report, data[0]["message"])["status"] == "confirmed"
    assert claim_for(gerrit_report, data[1]["message"])["status"] == "fabricated"


def test_gate_fails_on_the_fabricated_comment(github_report):
    proc = run_cli("check", str(GITHUB), "--source-root", str(SRC), "--format", "github",
                   "--fail-on", "fabricated")
    assert proc.returncode == 1, proc.stderr
    assert "svc/net.py,line=14,endLine=15,title=crosscheck/fabricated::" in proc.stdout


# ---------------------------------------------------------------- packaging

def test_pre_commit_hook_checks_each_review():
    hook = yaml.safe_load(read(ROOT / ".pre-commit-hooks.yaml"))[0]
    assert hook["id"] == "crosscheck" and hook["language"] == "python" and hook["pass_filenames"]
    import re
    files = re.compile(hook["files"])
    assert files.search("docs/net.review.md") and files.search("a.review.txt") and not files.search("review.py")
    # what pre-commit runs: entry + args + file names, with the hook's environment first on PATH
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    cmd = shlex.split(hook["entry"]) + ["--source-root", "src", "--format=json", TEXT_REVIEW.name]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=COMMENTS, env=env, timeout=600)
    assert proc.returncode == 1, proc.stderr  # the default gate: --fail-on fabricated
    report = json.loads(proc.stdout)
    assert report["summary"]["fabricated"] == 2
    assert {a["name"]: a["status"] for a in report["analyzers"]}["semgrep"] == "ok"
    proc = subprocess.run(shlex.split(hook["entry"]) + ["--fail-on"], capture_output=True, text=True, env=env)
    assert proc.returncode == 2 and "needs a value" in proc.stderr


def test_action_is_a_composite_action_wrapping_the_gate():
    action = yaml.safe_load(read(ROOT / "action.yml"))
    assert action["runs"]["using"] == "composite"
    inputs = action["inputs"]
    assert inputs["review"]["required"] is True
    assert inputs["fail-on"]["default"] == "fabricated,contradicted"
    assert inputs["fail-on-verdict"]["default"] == ""
    assert inputs["format"]["default"] == "github"
    assert {"source", "source-root", "sarif"} <= set(inputs)
    steps = action["runs"]["steps"]
    assert steps[0]["uses"].startswith("actions/setup-python@")
    assert any("${{ github.action_path }}" in str(s.get("env", {}).get("ACTION_PATH")) and "pip install" in s["run"]
               for s in steps if "run" in s)
    scripts = " ".join(s.get("run", "") for s in steps)
    assert "--format sarif" in scripts and '--format "$CC_FORMAT"' in scripts
    # inputs never pasted into scripts (shell injection)
    assert "${{" not in scripts
