"""The README's example claims (issue 11): `crosscheck check` on each sentence of
the README's table gives the status and reason the README shows for it, with
the real analyzers, against fixtures/demo/app.py."""
from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROW = re.compile(r"^\| (?P<claim>[^|]+?) \| (?P<status>[a-z]+) \| (?P<reason>[^|]+?) \|$")


def readme_examples() -> list[tuple[str, str, str]]:
    text = (ROOT / "README.md").read_text()
    table = text[text.index("| claim | status | reason |"):]
    table = table[:table.index("\n\n")]
    rows = [ROW.match(line) for line in table.splitlines()[2:]]
    assert all(rows), table
    return [(m["claim"], m["status"], m["reason"]) for m in rows if m]


def test_the_readme_examples_give_the_status_and_reason_it_shows(run_cli, tmp_path):
    examples = readme_examples()
    assert len(examples) >= 8
    review = tmp_path / "review.md"
    review.write_text("".join(f"{k}. {claim}\n" for k, (claim, _, _) in enumerate(examples, 1)))
    proc = run_cli("check", str(review), "--source", str(ROOT / "fixtures" / "demo" / "app.py"), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    claims = json.loads(proc.stdout)["claims"]
    assert len(claims) == len(examples)
    for claim, (sentence, status, reason) in zip(claims, examples):
        assert claim["status"] == status, (sentence, claim["reason"])
        if reason.endswith("…"):
            assert claim["reason"].startswith(reason.removesuffix("…").rstrip()), sentence
        else:
            assert claim["reason"] == reason, sentence
