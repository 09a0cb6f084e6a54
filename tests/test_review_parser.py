"""Stage 1: review text -> claims, their kinds, CWE ids and cited references.

Real parser, real text; no mocks. Review fixtures are in fixtures/reviews/,
written against fixtures/sources/sample.py.
"""
from __future__ import annotations

import re

import pytest

from crosscheck.review import parse_review
from crosscheck.review.cwes import extract_cwes


def extract_references(text: str):
    """Every reference the review's claims cite, in order (code it proposes excluded)."""
    return [r for c in parse_review(text).claims for r in c.cited if r.role != "proposed"]


def norm(text: str) -> str:
    return " ".join(text.split())


def cited(text: str) -> list[tuple]:
    """(line_start, line_end, code) of every citation in one claim's text."""
    return [(c.line_start, c.line_end, c.code) for c in extract_references(text)]


def lines_of(text: str) -> list[tuple]:
    return [(c.line_start, c.line_end) for c in extract_references(text)]


def only_claim(text: str):
    parsed = parse_review(text)
    assert len(parsed.claims) == 1, [c.text for c in parsed.claims]
    return parsed.claims[0]


# --------------------------------------------------------------------------- line reference forms

@pytest.mark.parametrize("text, expected", [
    ("The call in line 41 is unsafe.", [(41, 41)]),
    ("See Line 31-33 for the versions.", [(31, 33)]),
    ("Mocks are set up in lines 72–85.", [(72, 85)]),           # en dash
    ("Mocks are set up in lines 72—85.", [(72, 85)]),           # em dash
    ("Mocks are set up in lines 72 - 85.", [(72, 85)]),
    ("Mocks are set up in lines 72 to 85.", [(72, 85)]),
    ("The comparison in lines 71 and 82 is wrong.", [(71, 71), (82, 82)]),
    ("Lines 10, 12 and 14-15 repeat it.", [(10, 10), (12, 12), (14, 15)]),
    ("The check at L41 is missing.", [(41, 41)]),
    ("See #L40-L45 for details.", [(40, 45)]),
    ("See L40-L45 for details.", [(40, 45)]),
    ("**Logging (e.g., Line 133):** the hostname is logged.", [(133, 133)]),
    ("Reversed ranges are normalised: lines 20-10.", [(10, 20)]),
])
def test_line_reference_forms(text, expected):
    assert lines_of(text) == expected


def test_line_ranges_of_one_reference_are_kept_together():
    refs = extract_references("In lines 71 and 82, `usages_during` is compared.")
    assert [(r.line_start, r.code) for r in refs] == [(71, "usages_during"), (82, "usages_during")]
    assert all(r.group_ranges == [(71, 71), (82, 82)] for r in refs)


@pytest.mark.parametrize("text, path, ranges", [
    ("The bug is in file.py:40.", "file.py", (40, 40)),
    ("The bug is in `nova/tests/test_bug.py:40-45`.", "nova/tests/test_bug.py", (40, 45)),
    ("See sample.py#L46-L48.", "sample.py", (46, 48)),
    ("See https://github.com/o/r/blob/main/pkg/app.py#L10-L12 for it.", "pkg/app.py", (10, 12)),
])
def test_path_references(text, path, ranges):
    refs = extract_references(text)
    assert [(r.path, r.line_start, r.line_end) for r in refs] == [(path, *ranges)]


def test_path_with_line_pairs_with_code():
    assert cited("In sample.py:48 the `eval(data)` call runs file contents.") == [(48, 48, "eval(data)")]


def test_file_names_in_prose_are_not_dotted_code():
    assert all(c.code is None for c in extract_references("The module app.py imports os."))


# --------------------------------------------------------------------------- code forms

def test_backtick_spans_are_code():
    assert cited("Line 17 runs `subprocess.check_output(cmd, shell=True)`.") == [
        (17, 17, "subprocess.check_output(cmd, shell=True)")]


def test_double_backtick_span_with_inner_backtick():
    assert cited("Line 3 has ``a = `b` ``.") == [(3, 3, "a = `b`")]


def test_single_quoted_literal_keeps_its_quotes():
    assert cited("The URI 'qemu:///system' on line 11 is hardcoded.") == [(11, 11, "'qemu:///system'")]


def test_double_quoted_code_is_code():
    assert cited('Line 10 sets "DB_PATH = \'/tmp/app.db\'" globally.') == [(10, 10, "DB_PATH = '/tmp/app.db'")]


def test_quoted_prose_is_not_code():
    assert cited('The docs call this "a good approach" on line 3.') == [(3, 3, None)]


def test_dotted_names_and_snake_case_in_prose():
    refs = cited("On line 17 the variable user_input flows into subprocess.check_output.")
    assert refs == [(17, 17, "user_input"), (17, 17, "subprocess.check_output")]
    refs = extract_references("On line 17 the variable user_input flows into subprocess.check_output.")
    assert refs[0].primary and not refs[1].primary


@pytest.mark.parametrize("text", ["Use e.g. a list.", "That is, i.e. the key.", "Visit example.com today.",
                                  "It uses node.js and a.b.c letters."])
def test_prose_abbreviations_are_not_dotted_code(text):
    assert [c.code for c in extract_references(text) if c.code and c.hard] == []


def test_camel_case_prose_words_are_soft():
    refs = extract_references("The ResourceTracker update is done by OpenStack.")
    assert refs and all(not r.hard for r in refs)


def test_call_with_empty_parens_in_prose():
    assert cited("The code calls get_usages() on line 5.") == [(5, 5, "get_usages()")]


@pytest.mark.parametrize("span", ["`foo.bar(...)`", "`foo.bar(…)`", "`f(...)`"])
def test_elisions_are_kept_verbatim(span):
    assert cited(f"Line 4 calls {span}.") == [(4, 4, span.strip("`"))]


def test_fenced_block_is_one_multiline_citation():
    text = ("On line 22 the query is run:\n\n```python\ncursor.execute(\n    query\n)\n```\n")
    assert cited(text) == [(22, 22, "cursor.execute(\n    query\n)")]


def test_code_right_before_a_line_reference_pairs_with_it():
    refs = cited("The query on line 21 is run by `cursor.execute(query)` on line 23.")
    assert refs == [(21, 21, None), (23, 23, "cursor.execute(query)")]
    assert cited("`read_config`, lines 45–48, evaluates data.") == [(45, 48, "read_config")]
    assert cited("The call `eval(data)` (line 48) is unsafe.") == [(48, 48, "eval(data)")]


def test_code_before_any_line_reference_pairs_with_the_one_in_its_sentence():
    refs = extract_references("`run_command` passes user input to `subprocess.check_output` on line 17.")
    assert [(r.line_start, r.code, r.primary) for r in refs] == [
        (17, "run_command", True), (17, "subprocess.check_output", False)]
    # with no line reference at all, code is cited without a line
    assert cited("`run_command` passes user input to a shell.") == [(None, None, "run_command")]


def test_first_hard_code_is_primary_and_the_rest_are_mentions():
    refs = extract_references("In line 81, `usages_during` is compared to `usages_before`.")
    assert [(r.code, r.primary) for r in refs] == [("usages_during", True), ("usages_before", False)]


# --------------------------------------------------------------------------- advice is not a citation

@pytest.mark.parametrize("text", [
    "Solution: use `subprocess.run(args, shell=False)` here.",
    "Recommendation: wrap it in `contextlib.closing(conn)`.",
    "**Fix:** call `shlex.quote(user_input)` first.",
    "Consider using `secrets.token_hex()` for tokens.",
    "It would be better to call `hmac.compare_digest(a, b)`.",
    "- Use `ast.literal_eval(data)` for parsing.",
    "1) Use `ast.literal_eval(data)` for parsing.",
    "You should use `json.loads(data)`.",
])
def test_code_in_advice_is_not_cited(text):
    assert [c for c in extract_references(text) if c.code] == []


def test_use_x_instead_of_y_cites_y_only():
    assert cited("Use `ast.literal_eval(data)` instead of `eval(data)` on line 48.") == [(48, 48, "eval(data)")]
    assert cited("Line 48: consider `json.loads(data)` rather than `eval(data)`.") == [(48, 48, "eval(data)")]


def test_replace_x_with_y_cites_x_only():
    assert [c for _, _, c in cited("Recommendation: replace `eval(data)` with `ast.literal_eval(data)`.")] == [
        "eval(data)"]
    assert [c for _, _, c in cited("Replace `eval(data)` by `json.loads(data)`.")] == ["eval(data)"]


def test_line_number_in_advice_is_still_checked():
    assert cited("Add input validation before line 200.") == [(200, 200, None)]


@pytest.mark.parametrize("text, code", [
    ("- Use of `eval(data)` on line 48 is dangerous.", "eval(data)"),
    ("- Call to `eval(data)` on line 48 is unsafe.", "eval(data)"),
])
def test_weakness_titles_that_start_like_advice_still_cite(text, code):
    assert cited(text) == [(48, 48, code)]


def test_solution_paragraph_is_attached_but_not_asserted():
    text = ("1. In line 17, `subprocess.check_output(cmd, shell=True)` runs a shell.\n\n"
            "Solution: use `subprocess.run(args)` instead.\n")
    claim = only_claim(text)
    assert claim.span.start_line == 1 and claim.span.end_line == 3
    assert "Solution:" in claim.text and "Solution" not in claim.assertion
    assert [r.code for r in claim.cited if r.role != "proposed"] == ["subprocess.check_output(cmd, shell=True)"]
    assert [r.code for r in claim.cited if r.role == "proposed"] == ["subprocess.run(args)"]


# --------------------------------------------------------------------------- CWE ids

@pytest.mark.parametrize("text, expected", [
    ("CWE-79 (Improper Neutralization of Input During Web Page Generation) at line 21.",
     [(79, "Improper Neutralization of Input During Web Page Generation")]),
    ("CWE-79: Cross-site Scripting", [(79, "Cross-site Scripting")]),
    ("CWE-89: SQL Injection at line 23.", [(89, "SQL Injection")]),
    ("**CWE-284 (Improper Access Control)**: no issues.", [(284, "Improper Access Control")]),
    ("CWE-78 - OS command injection in `run_command`.", [(78, "OS command injection")]),
    ("CWE 22 is path traversal", [(22, None)]),
    ("Relevant: CWE-330, CWE-338 (see line 4).", [(330, None), (338, None)]),
    ("CWE-79 and again CWE-79 (XSS).", [(79, None)]),
])
def test_cwe_ids_and_stated_names(text, expected):
    assert [(m.id, m.stated_name) for m in extract_cwes(text)] == expected


def test_cwe_name_is_not_code_but_its_line_is_cited():
    assert cited("CWE-89: SQL Injection at line 23.") == [(23, 23, None)]
    assert cited("CWE-79 (Improper_Neutralization) on line 5.") == [(5, 5, None)]


# --------------------------------------------------------------------------- review shapes

def test_numbered_review_fixture(reviews):
    text = (reviews / "numbered.txt").read_text()
    parsed = parse_review(text)
    kinds = [(c.kind, c.span.start_line, c.span.end_line) for c in parsed.claims]
    assert kinds == [("summary", 1, 1), ("defect", 3, 7), ("defect", 9, 10), ("defect", 11, 11),
                     ("suggestion", 15, 15), ("suggestion", 16, 16), ("summary", 18, 18)]
    assert parsed.stated == "defects"
    first = parsed.claims[1]
    assert [(m.id, m.stated_name) for m in first.cwe] == [
        (78, "Improper Neutralization of Special Elements used in an OS Command")]
    assert [c.code for c in first.cited if c.role != "proposed"] == ["subprocess.check_output(cmd, shell=True)"]
    # "Solution:" after a blank line belongs to claim 1, its code is not cited
    assert first.text.endswith("instead.") and "Solution" not in first.assertion
    # a wrapped, indented continuation line stays with its item
    assert "and executed by" in parsed.claims[2].text
    # the second list ("Recommendations:") is a section of its own
    assert parsed.claims[4].section == "Recommendations"
    assert [c.code for c in parsed.claims[4].cited if c.role != "proposed"] == ["eval(data)"]


def test_markdown_review_fixture(reviews):
    text = (reviews / "markdown.md").read_text()
    parsed = parse_review(text)
    spans = [(c.span.start_line, c.span.end_line) for c in parsed.claims]
    assert spans == [(3, 3), (7, 17), (19, 21), (23, 25), (29, 29)]
    intro, sql, evil, errors, outro = parsed.claims
    assert intro.kind == outro.kind == "summary"
    assert sql.section == "Findings"
    # the numbered heading's body (paragraphs, fenced code, Solution) is one claim
    assert sql.text.startswith("### 1. SQL injection") and "**Solution:**" in sql.text
    assert ("SELECT * FROM users WHERE name = '%s'\" % name\ncursor = conn.cursor()"
            in sql.cited[-1].code)
    # bullets under a numbered heading belong to it
    assert "**Description:**" in evil.text
    assert [(c.line_start, c.line_end, c.code) for c in evil.cited] == [
        (45, 48, "read_config"), (45, 48, "eval(data)")]
    assert [(c.line_start, c.line_end) for c in errors.cited][0] == (39, 42)
    assert parsed.stated == "defects"


def test_bullet_review_fixture(reviews):
    text = (reviews / "bullets.md").read_text()
    parsed = parse_review(text)
    spans = [(c.span.start_line, c.span.end_line) for c in parsed.claims]
    assert spans == [(1, 1), (3, 4), (5, 6), (7, 8), (10, 11), (13, 13)]
    markers = [c.text[0] for c in parsed.claims[1:4]]
    assert markers == ["-", "*", "•"]
    assert parsed.claims[1].kind == "no_defect"
    assert parsed.claims[2].cited[1].code == "'qemu:///system'"
    # a bold lead-in paragraph is a claim of its own, with its (e.g., Line N)
    lead = parsed.claims[4]
    assert lead.text.startswith("**Hardcoded Values (e.g., Line 10):**")
    assert [(c.line_start, c.code) for c in lead.cited] == [(10, "DB_PATH")]
    assert parsed.stated == "no_defects"


def test_unclear_review_fixture(reviews):
    parsed = parse_review((reviews / "unclear.txt").read_text())
    assert [c.kind for c in parsed.claims] == ["summary", "observation", "observation", "summary"]
    assert [(c.line_start, c.line_end) for c in parsed.claims[2].cited] == [(45, 48)]
    assert parsed.stated == "unclear"


@pytest.mark.parametrize("name", ["numbered.txt", "markdown.md", "bullets.md", "unclear.txt"])
def test_claim_text_is_verbatim(reviews, name):
    text = (reviews / name).read_text()
    lines = text.split("\n")
    for claim in parse_review(text).claims:
        assert norm(claim.text) in norm(text)
        block = "\n".join(lines[claim.span.start_line - 1:claim.span.end_line])
        assert norm(claim.text) == norm(block), claim.index
        assert lines[claim.span.start_line - 1].strip() and lines[claim.span.end_line - 1].strip()


def test_numbered_items_with_paren_and_dot_markers():
    text = "Findings:\n\n1) first issue on line 3\n2) second issue on line 4\n3. third issue on line 5\n"
    claims = parse_review(text).claims
    assert [c.text for c in claims] == ["1) first issue on line 3", "2) second issue on line 4",
                                        "3. third issue on line 5"]
    assert [c.section for c in claims] == ["Findings"] * 3


def test_wrapped_bullet_continuations_without_indent():
    text = "Notes:\n\n- a first point that wraps\nonto a second line.\n- a second point\n"
    claims = parse_review(text).claims
    assert [c.text for c in claims] == ["- a first point that wraps\nonto a second line.", "- a second point"]
    assert [(c.span.start_line, c.span.end_line) for c in claims] == [(3, 4), (5, 5)]


def test_bold_lead_in_item_and_bold_heading():
    text = ("**Findings**\n\n"
            "1. **Hardcoded Values (e.g., Line 31-33):** Hardcoded values can pose a risk.\n")
    claims = parse_review(text).claims
    assert len(claims) == 1 and claims[0].section == "Findings"
    assert [(c.line_start, c.line_end) for c in claims[0].cited] == [(31, 33)]


def test_bold_lead_in_paragraphs_are_claims_but_conclusion_is_summary():
    text = ("Here is my review.\n\n"
            "**SQL injection (line 21):** The query is built with string formatting, which leads to SQL "
            "injection.\n\n"
            "**Command injection (Line 17):** `subprocess.check_output(cmd, shell=True)` is vulnerable.\n"
            "**Solution:** use a list of arguments.\n\n"
            "**Conclusion:** the code contains vulnerabilities.\n")
    claims = parse_review(text).claims
    assert [(c.kind, c.span.start_line, c.span.end_line) for c in claims] == [
        ("summary", 1, 1), ("defect", 3, 3), ("defect", 5, 6), ("summary", 8, 8)]


def test_heading_claim_ends_at_conclusion_paragraph():
    text = ("Intro.\n\n### 1. Use of eval\n\n`eval(data)` on line 48 runs file contents, which is unsafe.\n\n"
            "Overall, the code contains security defects.\n")
    parsed = parse_review(text)
    assert [(c.kind, c.span.start_line, c.span.end_line) for c in parsed.claims] == [
        ("summary", 1, 1), ("defect", 3, 5), ("summary", 7, 7)]
    assert parsed.stated == "defects"


def test_cwe_heading_opens_a_claim():
    text = "## CWE-89: SQL Injection\n\nThe query on line 21 is formatted.\n\n## Other\n\nNothing else.\n"
    claims = parse_review(text).claims
    assert claims[0].span.start_line == 1 and claims[0].span.end_line == 3
    assert [m.id for m in claims[0].cwe] == [89]


def test_crlf_review_lines():
    text = "Intro line.\r\n\r\n1. Issue on line 4.\r\n2. Issue on line 5.\r\n\r\nDone.\r\n"
    claims = parse_review(text).claims
    assert [(c.span.start_line, c.text) for c in claims] == [
        (1, "Intro line."), (3, "1. Issue on line 4."), (4, "2. Issue on line 5."), (6, "Done.")]


def test_empty_review_has_no_claims():
    parsed = parse_review("  \n\n")
    assert parsed.claims == [] and parsed.stated == "unclear"


# --------------------------------------------------------------------------- stated conclusion

@pytest.mark.parametrize("text, stated", [
    ("I found the following security issues:\n\n1. Line 3 is bad.\n", "defects"),
    ("After review, no security defects are detected in the code.\n", "no_defects"),
    ("The code is free of vulnerabilities.\n\n1. Line 3 is fine.\n\nIn summary, nothing to report.\n",
     "no_defects"),
    ("Here are some notes.\n\n1. The function on line 3 is named well.\n\nThanks.\n", "unclear"),
    ("Notes:\n\n1. The query on line 21 leads to SQL injection.\n", "defects"),
    ("Notes:\n\n1. The query on line 33 is handled correctly.\n", "no_defects"),
])
def test_stated_conclusion(text, stated):
    assert parse_review(text).stated == stated


# --------------------------------------------------------------------------- shared seeds (read-only)

def test_seed_003_shapes(shared):
    text = (shared / "seeds" / "003_5915db66671de741.txt").read_text()
    parsed = parse_review(text)
    assert parsed.stated == "no_defects"
    lead = next(c for c in parsed.claims if "Hardcoded Values" in c.text)
    assert [(c.line_start, c.line_end, c.code) for c in lead.cited] == [(31, 33, None)]
    conn = next(c for c in parsed.claims if "Connection String" in c.text)
    assert [(c.line_start, c.code) for c in conn.cited] == [(88, "'qemu:///system'")]
    for claim in parsed.claims:
        assert norm(claim.text) in norm(text)


def test_all_seeds_parse_verbatim(shared):
    for path in sorted((shared / "seeds").glob("*.txt")):
        text = path.read_text()
        parsed = parse_review(text)
        assert parsed.claims, path.name
        assert parsed.stated in ("defects", "no_defects", "unclear")
        for claim in parsed.claims:
            assert norm(claim.text) in norm(text), (path.name, claim.index)
            assert re.sub(r"\s+", "", claim.text)  # never empty


def test_nested_bullets_belong_to_their_item():
    text = ("The code has the following security issues:\n\n"
            "1. **SQL injection**\n"
            "   - **Location:** line 21\n"
            "   - **Description:** the query is built with `%` formatting, which leads to SQL injection.\n"
            "   - **Fix:** use `cursor.execute(sql, params)`.\n"
            "2. **Eval of file contents**\n"
            "   - **Location:** line 48, `eval(data)`\n"
            "   - **Fix:** use `ast.literal_eval`.\n\n"
            "Overall, the code has vulnerabilities.\n")
    parsed = parse_review(text)
    assert [(c.kind, c.span.start_line, c.span.end_line) for c in parsed.claims] == [
        ("summary", 1, 1), ("defect", 3, 6), ("observation", 7, 9), ("summary", 11, 11)]
    sql, evil = parsed.claims[1:3]
    # the nested "Fix:" bullet is advice: its code is not cited
    # a lone operator is too loose to place: a mention, and the line is still cited
    assert [(c.line_start, c.code, c.role) for c in sql.cited if c.role != "proposed"] == [
        (21, None, "cited"), (21, "%", "mention")]
    assert [(c.line_start, c.code) for c in evil.cited if c.role != "proposed"] == [(48, "eval(data)")]
    assert parsed.stated == "defects"


def test_same_indent_bullets_stay_separate():
    text = "Notes:\n\n * first point on line 3\n * second point on line 4\n"
    assert [c.text for c in parse_review(text).claims] == ["* first point on line 3", "* second point on line 4"]


# --------------------------------------------------------------------------- no pathological slowness

@pytest.mark.parametrize("text", [
    "1. " + "`x` " * 3000,                                            # many mentions in one sentence
    "1. Line 3:\n\n```\n" + (" " * 80 + "\n") * 400 + "```\nSolution: x\n",  # long masked blank run
    "1. a " + " " * 20000 + "b: c",
    "Intro.\n\n" + "".join(f"{i}. Line {i} calls `f{i}(x)`.\n" for i in range(1, 400)),
    "1. " + " ".join(f"In line {i}, `f{i}(x)` is bad." for i in range(8000)),  # one claim, 8000 references
])
def test_parsing_stays_fast(text):
    import time
    start = time.perf_counter()
    parse_review(text)
    assert time.perf_counter() - start < 5.0


@pytest.mark.parametrize("sentence,stated", [
    ("I'm pasting the output for the findings we could not classify (trimmed to the relevant issues).", "unclear"),
    ("We did not find any security issues in this module.", "no_defects"),
    ("No security defects were identified.", "no_defects"),
    ("The vulnerabilities listed by the scanner are not present in this release.", "no_defects"),
])
def test_a_stated_none_needs_the_negation_to_bear_on_the_subject(sentence, stated):
    assert parse_review(sentence + "\n").stated == stated


def test_the_value_an_analyzer_message_quotes_is_cited_code():
    from crosscheck.review import parse_input
    review = ('{"results": [{"filename": "app.py", "test_id": "B105", "test_name": "hardcoded_password_string", '
              '"issue_text": "Possible hardcoded password: \'hunter2\'", "line_number": 3, "line_range": [3], '
              '"issue_severity": "LOW", "issue_confidence": "MEDIUM"}], "errors": [], "metrics": {}}')
    (claim,) = parse_input(review).claims
    assert [(r.code, r.role, r.hard, r.line_start) for r in claim.cited if r.code] == [("'hunter2'", "cited", True, 3)]


@pytest.mark.parametrize("title", ["# (PYL-W0102) Dangerous default argument", "# Use of exec detected. (B102)",
                                   "# [S324] Insecure hash function"])
def test_an_analyzer_bot_issue_titled_with_its_rule_states_a_defect(title):
    body = "\n\n## Description\n\nSee the linked page for the details of this check.\n"
    assert parse_review(title + body).stated == "defects"
    assert parse_review("# Notes on the loader" + body).stated != "defects"


@pytest.mark.parametrize("text,name", [
    ("On branch `release/1.2`, line 16 calls `yaml.load(fh)`.", "release/1.2"),
    ("In the `fix/tls-verify` branch, line 22 passes `verify=False`.", "fix/tls-verify"),
    ("Since `a1c4e2f`, line 22 passes `verify=False`.", "a1c4e2f"),
])
def test_git_branches_and_commits_are_external_not_code_of_the_file(text, name):
    (claim,) = parse_review("1. " + text + "\n").claims
    assert name in claim.external and name not in [r.code for r in claim.cited]


@pytest.mark.parametrize("pattern", ["AWS_*", "test_*.py", "*.pyc", "os.*"])
def test_wildcard_patterns_are_external_and_python_with_stars_is_code(pattern):
    (claim,) = parse_review(f"1. Line 12 copies every `{pattern}` entry into the child's `env`.\n").claims
    assert pattern in claim.external and pattern not in [r.code for r in claim.cited]
    (claim,) = parse_review("1. Line 12 calls `spawn(*args, **kwargs)` with `x*y` workers.\n").claims
    assert {"spawn(*args, **kwargs)", "x*y"} <= {r.code for r in claim.cited}


def test_instead_of_in_a_description_is_not_advice():
    # "get X instead of an error" says what the code does; "use X instead" advises
    refs = extract_references("In line 74, `load` is declared as `def load(stream, Loader=FullLoader)`, so callers "
                              "get the `FullLoader` behaviour instead of an error.")
    assert [(r.code, r.role) for r in refs][:2] == [("load", "cited"), ("def load(stream, Loader=FullLoader)", "cited")]
    assert [c for c in extract_references("Use `yaml.safe_load(data)` instead.") if c.code] == []


def test_review_body_findings_outside_the_diff_are_findings_with_their_own_range():
    from crosscheck.review.reader import parse_input
    body = ("**Actionable comments posted: 0**\n\n<details>\n<summary>⚠️ Outside diff range comments (2)</summary>"
            "<blockquote>\n\n<details>\n<summary>pkg/util.py (2)</summary><blockquote>\n\n"
            "`10-12`: **Dots survive.**\n\nThe name only goes through `.strip(\"-\")`.\n\n---\n\n"
            "`20-20`: **Device check.**\n\nIt compares `name.upper() in DEVICES`.\n\n"
            "</blockquote></details>\n\n</blockquote></details>\n\n"
            "<!-- This is an auto-generated comment by CodeRabbit for review status -->\n")
    claims = parse_input(body).claims
    # each finding is its own claim, at its own range; the range's code span is not cited code,
    # and "Outside diff range" is not a proposed fix ("diff")
    assert [[(r.line_start, r.code, r.role) for r in c.cited] for c in claims] == [
        [(10, '.strip("-")', "cited")], [(20, "name.upper() in DEVICES", "cited")]]


# ----------------------------------------------------------------------------- an analyzer bot's issue

BOT_ISSUE = """\
# Use of insecure MD5 hash function (B324)

**HashBot** found 2 occurrences of a security issue in `pkg/digest.py`.

| | |
|---|---|
| **Rule** | Bandit_B324 (`hashlib_insecure_functions`) |
| **Severity** | Medium |

Occurrences:

- `pkg/digest.py:12` - `return hashlib.md5(data).hexdigest()`
- `pkg/digest.py:30` - `h = hashlib.md5()`

MD5 is broken; prefer `hashlib.sha256()`.
"""


def test_an_analyzer_bots_issue_is_one_claim_located_at_every_occurrence():
    from crosscheck.review import parse_input
    parsed = parse_input(BOT_ISSUE)
    (claim,) = parsed.claims
    assert claim.kind == "defect" and parsed.stated == "defects"
    cited = {(r.code, r.line_start) for r in claim.cited if r.role == "cited"}
    assert ("return hashlib.md5(data).hexdigest()", 12) in cited and ("h = hashlib.md5()", 30) in cited, cited
    # the rule's id and name are the bot's, not code of the file
    assert not any("B324" in (r.code or "") or "hashlib_insecure" in (r.code or "")
                   for r in claim.cited if r.role in ("cited", "replaced")), claim.cited


def test_a_table_of_fields_locates_its_finding():
    from crosscheck.review import parse_input
    text = ("# [Scanner] subprocess call with shell=True\n\nScanner found a new **Security** issue.\n\n"
            "| | |\n|---|---|\n| **File** | pkg/run.py |\n| **Line** | 41 |\n\n"
            "```python\n    subprocess.call(cmd, shell=True)\n```\n")
    (claim,) = parse_input(text).claims
    fence = [r for r in claim.cited if (r.code or "").strip() == "subprocess.call(cmd, shell=True)"]
    assert fence and (fence[0].line_start, fence[0].path) == (41, "pkg/run.py"), claim.cited
