"""fix_review: the review with misplaced line numbers corrected and
fabricated claims struck through, everything else byte for byte."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from crosscheck.fix import fix_review
from crosscheck.model import CitedRef, Claim, InputError, Reference, Report, Span, Verdict
from crosscheck.pipeline import check_source
from crosscheck.source import load_source

ROOT = Path(__file__).resolve().parents[1]
COMMENTS = ROOT / "fixtures" / "comments"
REVIEW = COMMENTS / "net.review.md"
SOURCE = COMMENTS / "src" / "svc" / "net.py"


def lines_of(text: str) -> list[str]:
    return re.split(r"(?<=\n)", text)


@pytest.fixture(scope="module")
def checked():
    text = REVIEW.read_bytes().decode("utf-8")  # CRLF kept
    report = check_source(text, load_source(str(SOURCE)), review_path=str(REVIEW))
    return text, report, fix_review(text, report)


def test_the_fixture_is_what_the_fix_tests_expect(checked):
    _, report, _ = checked
    status = {c.span.start_line: c.status for c in report.claims}
    # review lines: 5 cites line 10 (really 9), 7 cites 11-12 (really 10), 8 cites
    # os.system (absent), 12 cites 'qemu:///system' (absent), 13 cites net.py:12 (really 11)
    assert (status[5], status[7], status[8], status[12], status[13]) == (
        "misplaced", "misplaced", "fabricated", "fabricated", "misplaced")


def test_misplaced_line_numbers_are_corrected(checked):
    text, _, fixed = checked
    before, after = lines_of(text), lines_of(fixed)
    assert after[4] == before[4].replace("In line 10,", "In line 9,")
    assert after[4].startswith("1. **CWE-295 (Improper Certificate Validation)**: In line 9, `requests.get(")
    assert after[6] == "2. Lines 10-11: `response.raise_for_status()` is called right after the request.\r\n"


def test_fabricated_claims_are_struck_through_with_a_note(checked):
    text, _, fixed = checked
    after = lines_of(fixed)
    assert after[7] == '3. ~~Line 14: `os.system("ping " + host)` builds a shell command from the host name~~\r\n'
    assert after[8] == "   ~~(CWE-78), so the host name can inject commands.~~\r\n"
    assert after[9] == "\r\n"  # blank lines stay blank
    assert after[10] == "   ~~Solution: pass an argument list to `subprocess.run`.~~\r\n"
    assert after[11] == ('   _(crosscheck: fabricated — `os.system("ping " + host)` does not occur in the source)_'
                         "\r\n")
    assert after[12] == "4. ~~The helper connects to 'qemu:///system' without authentication.~~\r\n"
    assert after[13] == "   _(crosscheck: fabricated — 'qemu:///system' does not occur in the source)_\r\n"


def test_everything_else_is_byte_identical(checked):
    text, _, fixed = checked
    before, after = lines_of(text), lines_of(fixed)
    assert after[14] == "5. In svc/net.py:11 the function returns `response.text` unchanged.\r\n"
    # two note lines were added after review lines 11 and 12 (0-based 10 and 11)
    unchanged = [i for i in range(len(before)) if i not in (4, 6, 7, 8, 10, 11, 12)]
    shifted = {i: i + (2 if i > 11 else 1 if i > 10 else 0) for i in unchanged}
    for i, j in shifted.items():
        assert after[j] == before[i], f"review line {i + 1} changed"
    assert len(after) == len(before) + 2
    assert fixed.count("\r\n") == text.count("\r\n") + 2 and "\n" not in fixed.replace("\r\n", "")
    assert fix_review(fixed, _report_without_flags()) == fixed


# ---------------------------------------------------------------- hand-made reports

def _report_without_flags() -> Report:
    return report_of([])


def report_of(claims: list[Claim], source: dict | None = None) -> Report:
    return Report(tool_version="test", review={"path": "-", "sha256": ""},
                  source=source or {"path": "app.py", "sha256": "", "lines": 120, "revision": None},
                  analyzers=[], findings=[], claims=claims, verdict=Verdict("unclear", "consistent"))


def claim_at(text: str, first: int, last: int, status: str, refs: list[Reference]) -> Claim:
    lines = text.splitlines()[first - 1:last]
    return Claim(index=1, text="\n".join(lines), span=Span(first, last), kind="defect",
                 references=refs, status=status)  # type: ignore[arg-type]


def test_only_the_range_the_code_is_near_moves():
    text = ("Intro mentions line 71 and line 82.\n"
            "- `usages_during` is compared in lines 71 and 82, see also L82.\n"
            "Outro: line 82.\n")
    group = [(71, 71), (82, 82)]
    refs = [Reference(CitedRef(a, b, "usages_during", None, True, True, list(group)), "shifted", [84], offset=2)
            for a, b in group]
    fixed = fix_review(text, report_of([claim_at(text, 2, 2, "misplaced", refs)]))
    assert fixed == ("Intro mentions line 71 and line 82.\n"
                     "- `usages_during` is compared in lines 71 and 84, see also L84.\n"
                     "Outro: line 82.\n")


def test_ranges_paths_and_comment_only_references():
    text = ("1. In `app.py:31-33` the loop (lines 31 to 33) retries forever.\n"
            "2. The TODO on line 50 says `retry_forever` is temporary.\n")
    loop = Reference(CitedRef(31, 33, "while True", "app.py"), "shifted", [36], offset=3, path="app.py")
    todo = Reference(CitedRef(50, 50, "retry_forever"), "comment_only", [47], offset=-3, in_comment=True)
    fixed = fix_review(text, report_of([claim_at(text, 1, 1, "misplaced", [loop]),
                                        claim_at(text, 2, 2, "misplaced", [todo])]))
    assert fixed == ("1. In `app.py:34-36` the loop (lines 34 to 36) retries forever.\n"
                     "2. The TODO on line 47 says `retry_forever` is temporary.\n")


def test_conflicting_offsets_and_exact_primaries_leave_the_number_alone():
    text = "In line 10, `a()` calls `b()`.\n"
    a = Reference(CitedRef(10, 10, "a()", None, True), "shifted", [12], offset=2)
    a2 = Reference(CitedRef(10, 10, "a2()", None, True), "shifted", [9], offset=-1)
    assert fix_review(text, report_of([claim_at(text, 1, 1, "misplaced", [a, a2])])) == text
    exact = Reference(CitedRef(10, 10, "b()", None, True), "exact", [10], offset=0)
    assert fix_review(text, report_of([claim_at(text, 1, 1, "misplaced", [a, exact])])) == text


def test_out_of_range_and_missing_path_notes():
    text = "* **Overflow (line 500):** `total` can overflow\n  when values are large.\nend\n"
    beyond = Reference(CitedRef(500, 500, None, "svc/net.py"), "out_of_range", path="svc/net.py")
    missing = Reference(CitedRef(3, 3, "load()", "svc/gone.py"), "absent", path="svc/gone.py")
    source = {"root": "src", "revision": None, "files": [{"path": "svc/net.py", "sha256": "", "lines": 16}]}
    fixed = fix_review(text, report_of([claim_at(text, 1, 2, "fabricated", [beyond, missing])], source))
    assert fixed == ("* ~~**Overflow (line 500):** `total` can overflow~~\n"
                     "  ~~when values are large.~~\n"
                     "  _(crosscheck: fabricated — line 500 is beyond the end of svc/net.py (16 lines); "
                     "`svc/gone.py` does not exist under the source root)_\n"
                     "end\n")


def test_last_line_without_newline_and_fenced_code():
    text = "Intro.\n\n2) `eval(x)` runs input:\n```python\neval(x)\n```"
    ref = Reference(CitedRef(None, None, "eval(x)"), "absent")
    fixed = fix_review(text, report_of([claim_at(text, 3, 6, "fabricated", [ref])]))
    assert fixed == ("Intro.\n\n2) ~~`eval(x)` runs input:~~\n```python\neval(x)\n```\n"
                     "   _(crosscheck: fabricated — `eval(x)` does not occur in the source)_")


def test_comment_inputs_cannot_be_rewritten():
    with pytest.raises(InputError):
        fix_review((COMMENTS / "github.json").read_text(), _report_without_flags())
