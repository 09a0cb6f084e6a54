"""Sources beyond one file: source roots, git revisions, diffs, locate."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from crosscheck.model import InputError
from crosscheck.pipeline import check_source, check_tree
from crosscheck.schema import validate_report
from crosscheck.source import source_from_text
from crosscheck.source.diff import parse_diff
from crosscheck.source.tree import SourceTree

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
NOVA = SHARED / "fixtures" / "nova-test_bug_1679750"
SEED_001 = SHARED / "seeds" / "001_1c5558c27977c7c4.txt"
CLI = str(Path(sys.executable).parent / "crosscheck")
TREE = ROOT / "fixtures" / "tree"


def refs_by_code(report, code):
    return [r for c in report.claims for r in c.references if r.cited.code == code]


def claim_with(report, text):
    hits = [c for c in report.claims if text in c.text]
    assert hits, f"no claim contains {text!r}"
    return min(hits, key=lambda c: len(c.text))


@pytest.fixture(scope="module")
def tree_report(tmp_path_factory):
    """The tree fixture copied next to a file that must never be read, plus a symlink to it."""
    base = tmp_path_factory.mktemp("tree")
    (base / "outside.py").write_text("API_KEY = 'do-not-read'\n")
    root = base / "root"
    shutil.copytree(TREE, root)
    os.symlink(base / "outside.py", root / "pkg" / "link.py")
    tree = SourceTree(str(root))
    report = check_tree((root / "review.md").read_text(), tree, review_path="review.md")
    return report, tree


def test_every_path_form_resolves_in_its_own_file(tree_report):
    report, _ = tree_report
    validate_report(report.to_dict())
    assert [f["path"] for f in report.to_dict()["source"]["files"]] == ["pkg/client.py", "pkg/store.py"]
    # path:line
    ref = refs_by_code(report, "requests.get(url, verify=False, ...)")[0]
    assert (ref.path, ref.status, ref.actual_lines) == ("pkg/client.py", "exact", [7])
    # a Markdown link to a blob URL with #L7
    ref = refs_by_code(report, "pickle.loads(blob)")[0]
    assert (ref.path, ref.status) == ("pkg/store.py", "exact")
    # path#L12-L13 with code that is not there
    ref = refs_by_code(report, "requests.post(url, data=payload)")[0]
    assert (ref.path, ref.cited.line_start, ref.cited.line_end, ref.status) == ("pkg/client.py", 12, 13, "absent")
    # a file named in prose, with ", line 11"
    assert refs_by_code(report, "save")[0].path == "pkg/store.py"
    assert refs_by_code(report, "marshal.dumps")[0].status == "absent"
    # findings carry their file
    assert {f.path for f in report.findings if f.analyzer == "bandit"} >= {"pkg/client.py", "pkg/store.py"}
    assert claim_with(report, "CWE-295").status == "confirmed"
    assert claim_with(report, "CWE-502").status == "confirmed"


def test_missing_and_escaping_paths_are_absent_and_never_read(tree_report):
    report, tree = tree_report
    for text, reason in (("pkg/secrets.py", "no such file"), ("../outside.py", "escapes the source root"),
                         ("/etc/passwd", "absolute paths are not allowed"),
                         ("pkg/link.py", "outside the source root")):
        claim = claim_with(report, text)
        assert claim.status == "fabricated", text
        assert all(r.status == "absent" for r in claim.references), text
        assert any(reason in e.detail for e in claim.evidence), (text, [e.detail for e in claim.evidence])
    assert all("do-not-read" not in src.text for src in tree.files.values())
    assert set(tree.files) == {"pkg/client.py", "pkg/store.py"}


def test_source_root_must_be_a_folder(tmp_path):
    with pytest.raises(InputError):
        SourceTree(str(tmp_path / "nope"))


# --- git revisions -----------------------------------------------------------

def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env=env).stdout


@pytest.fixture(scope="module")
def nova_repo(tmp_path_factory):
    """A git repository holding the 13 revisions, committed in revisions.jsonl order."""
    if not (NOVA / "revisions.jsonl").is_file() or not SEED_001.is_file():
        pytest.skip(f"shared Nova revisions and seeds not found at {SHARED}")
    repo = tmp_path_factory.mktemp("nova")
    git(repo, "init", "-q")
    commits = []
    for line in (NOVA / "revisions.jsonl").read_text().splitlines():
        rev = json.loads(line)
        shutil.copy(NOVA / rev["file"], repo / "test_bug_1679750.py")
        git(repo, "add", "test_bug_1679750.py")
        stamp = rev["date"] + "T12:00:00"
        os.environ["GIT_COMMITTER_DATE"] = stamp
        try:
            git(repo, "commit", "-q", "-m", rev["subject"], "--date", stamp)
        finally:
            del os.environ["GIT_COMMITTER_DATE"]
        commits.append(git(repo, "rev-parse", "HEAD").strip())
    return repo, commits


def test_locate_ranks_the_reviewed_revision_first(nova_repo):
    repo, commits = nova_repo
    proc = subprocess.run([CLI, "locate", str(SEED_001), "--repo", str(repo), "--path", "test_bug_1679750.py",
                           "--format", "json"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    candidates = json.loads(proc.stdout)["candidates"]
    assert len(candidates) == 13
    assert candidates[0]["commit"] == commits[0]
    assert candidates[0]["date"] == "2017-06-02"
    assert candidates[0]["exact"] > candidates[-1]["exact"]
    assert [c["score"] for c in candidates] == sorted((c["score"] for c in candidates), reverse=True)


def test_seed_against_the_newest_revision_reports_drift(nova_repo):
    repo, commits = nova_repo
    proc = subprocess.run([CLI, "check", str(SEED_001), "--repo", str(repo), "--rev", "HEAD",
                           "--path", "test_bug_1679750.py", "--format", "json"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    validate_report(report)
    assert report["source"]["revision"] == commits[-1]
    assert report["source"]["lines"] == 153
    refs = {r["cited"]["code"]: r for c in report["claims"] for r in c["references"]}
    moved = refs["self.start_service('conductor')"]
    assert (moved["status"], moved["actual_lines"], moved["offset"]) == ("shifted", [39], -2)
    assert refs["api.delete_server"]["status"] == "absent"  # the test now calls _delete_server
    assert refs["nova.tests.unit.image.fake.stub_out_image_service"]["status"] == "absent"


def test_unknown_revision_is_an_input_error(nova_repo):
    repo, _ = nova_repo
    proc = subprocess.run([CLI, "check", str(SEED_001), "--repo", str(repo), "--rev", "no-such-branch",
                           "--path", "test_bug_1679750.py"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "unknown revision" in proc.stderr


# --- diffs -------------------------------------------------------------------

NEW = "import os\n\n\ndef run(cmd):\n    os.system(cmd)\n    return 0\n"
PATCH = """--- a/tool.py
+++ b/tool.py
@@ -1,5 +1,6 @@
 import os


 def run(cmd):
+    os.system(cmd)
     return 0
"""


def test_diff_marks_added_context_and_outside_lines():
    changes = parse_diff(PATCH)
    assert changes["tool.py"].added == {5}
    review = ("1. Line 5 calls `os.system(cmd)` with user input (CWE-78).\n"
              "2. Line 6 returns `0`.\n"
              "3. Line 1 imports `os`.\n")
    from crosscheck.pipeline import Options
    report = check_source(review, source_from_text(NEW, "tool.py"), options=Options(analyzers=[], diff=changes))
    marks = {r.cited.code: r.diff for c in report.claims for r in c.references}
    # `0` is a value: the line it names is marked, and so is the value found there
    assert marks == {"os.system(cmd)": "added", "0": "context", None: "context", "os": "context"}
    validate_report(report.to_dict())


def test_unparseable_diff_is_an_input_error():
    with pytest.raises(InputError):
        parse_diff("this is not a diff\n")
