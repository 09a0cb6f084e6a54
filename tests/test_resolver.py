"""Stage 2: cited references resolved against a real source.

Every reference status of the report contract (exact, shifted, comment_only,
absent, out_of_range, line_only), elisions, multi-line code, and sources that
are awkward to read (tabs, CRLF, a non-UTF-8 byte, files that do not parse).
The parser and resolver run for real; no analyzers run here except in the one
end-to-end check at the bottom.

fixtures/sources/sample.py has pinned line numbers:
 11 LIBVIRT_URI = 'qemu:///system'      15 # subprocess.call(user_input, shell=True) ...
 16 cmd = "ls " + user_input           17 return subprocess.check_output(cmd, shell=True)
 21 query = "SELECT ..." % name        23 cursor.execute(query)
 32-35 self.conn.execute(...) over 4 lines       40 self.conn.close()   41 except sqlite3.Error:
 48 return eval(data)
"""
from __future__ import annotations

import json

import pytest

from crosscheck.model import CitedRef
from crosscheck.resolve import resolve_reference
from crosscheck.source import load_source, source_from_text
from crosscheck.source.index import SourceIndex


@pytest.fixture(scope="module")
def sample(sources):
    return SourceIndex(load_source(str(sources / "sample.py")))


def one(resolved, text, source=None):
    """The references of the single claim of ``text``."""
    parsed = resolved(text) if source is None else resolved(text, source)
    assert len(parsed.claims) == 1, [c.text for c in parsed.claims]
    return parsed.claims[0].references


def summary(refs) -> list[tuple]:
    return [(r.cited.line_start, r.cited.code, r.status, r.actual_lines, r.offset, r.in_comment) for r in refs]


def test_sample_line_numbers_are_pinned(sources):
    lines = (sources / "sample.py").read_text().split("\n")
    assert lines[10] == "LIBVIRT_URI = 'qemu:///system'"
    assert lines[16].strip() == "return subprocess.check_output(cmd, shell=True)"
    assert lines[47].strip() == "return eval(data)"
    assert load_source(str(sources / "sample.py")).line_count == 48


# --------------------------------------------------------------------------- statuses

def test_exact(resolved):
    refs = one(resolved, "1. Line 17 calls `subprocess.check_output(cmd, shell=True)`.")
    assert summary(refs) == [(17, "subprocess.check_output(cmd, shell=True)", "exact", [17], 0, False)]


def test_exact_within_a_cited_range(resolved):
    refs = one(resolved, "1. lines 21–24 run `cursor.execute(query)`.")
    assert summary(refs) == [(21, "cursor.execute(query)", "exact", [23], 0, False)]


def test_shifted_down_has_positive_offset(resolved):
    refs = one(resolved, "1. Line 47: `eval(data)` evaluates file contents.")
    assert summary(refs) == [(47, "eval(data)", "shifted", [48], 1, False)]


def test_shifted_up_has_negative_offset(resolved):
    refs = one(resolved, '1. Line 12: `LIBVIRT_URI = \'qemu:///system\'` is hardcoded.')
    assert summary(refs) == [(12, "LIBVIRT_URI = 'qemu:///system'", "shifted", [11], -1, False)]


def test_shifted_offset_is_to_the_nearest_occurrence(resolved):
    refs = one(resolved, "1. Line 30 uses `self.conn`.")
    (ref,) = refs
    assert ref.status == "shifted" and ref.actual_lines == [29, 32, 36, 40]
    assert ref.offset == -1


def test_actual_lines_lists_every_occurrence(resolved):
    (ref,) = one(resolved, "1. `sqlite3` is imported.")
    assert ref.status == "exact" and ref.actual_lines == [8, 29, 41]


def test_comment_only(resolved):
    refs = one(resolved, "1. Line 15 calls `subprocess.call(user_input, shell=True)`.")
    assert summary(refs) == [(15, "subprocess.call(user_input, shell=True)", "comment_only", [15], 0, True)]


def test_comment_only_elsewhere_has_an_offset(resolved):
    (ref,) = one(resolved, "1. Line 18 calls `subprocess.call(user_input, shell=True)`.")
    assert (ref.status, ref.actual_lines, ref.offset, ref.in_comment) == ("comment_only", [15], -3, True)


def test_docstring_words_are_comment_only(resolved):
    # "`crosscheck parser`" is no Python: a phrase the review names (a mention, never flagged),
    # still found where it is, in the docstring; the line stays cited on its own
    line, ref = one(resolved, "1. Line 1 mentions `crosscheck parser`.")
    assert (line.status, ref.cited.role, ref.cited.hard) == ("line_only", "mention", False)
    assert (ref.status, ref.in_comment) == ("comment_only", True)


def test_absent(resolved):
    refs = one(resolved, "1. Line 17 calls `os.system(cmd)`.")
    assert summary(refs) == [(17, "os.system(cmd)", "absent", [], None, False)]


def test_absent_without_a_line(resolved):
    refs = one(resolved, "1. The code calls `hashlib.md5()`.")
    assert [(r.cited.line_start, r.status) for r in refs] == [(None, "absent")]


def test_out_of_range_line(resolved):
    refs = one(resolved, "1. **Logging (e.g., Line 133):** the hostname is logged.")
    assert summary(refs) == [(133, None, "out_of_range", [], None, False)]


def test_out_of_range_code_that_is_not_there(resolved):
    (ref,) = one(resolved, "1. Line 88 has `os.system(cmd)`.")
    assert ref.status == "out_of_range"


def test_code_that_exists_cited_beyond_the_end_is_out_of_range(resolved):
    # the contract: a line beyond the end of the file is fabricated, wherever the code really is
    (ref,) = one(resolved, "1. Line 88 has `eval(data)`.")
    assert (ref.status, ref.actual_lines, ref.offset) == ("out_of_range", [48], None)


def test_range_running_past_the_end_is_out_of_range(resolved):
    (ref,) = one(resolved, "1. Lines 45-60 read the config.")
    assert ref.status == "out_of_range"


def test_line_only(resolved):
    refs = one(resolved, "1. **Hardcoded Values (e.g., Line 31-33):** values may be outdated.")
    assert summary(refs) == [(31, None, "line_only", [], None, False)]
    assert (refs[0].cited.line_start, refs[0].cited.line_end) == (31, 33)


def test_last_line_is_in_range_and_next_is_not(resolved):
    assert [r.status for r in one(resolved, "1. Line 48 returns. Line 49 does not exist.")] == [
        "line_only", "out_of_range"]


def test_two_ranges_of_one_reference(resolved):
    refs = one(resolved, "1. In lines 17 and 23, `subprocess.check_output` and `cursor.execute` run input.")
    assert {(r.cited.code, r.status) for r in refs} == {("subprocess.check_output", "exact"),
                                                        ("cursor.execute", "exact")}


def test_each_range_out_of_range(resolved):
    refs = one(resolved, "1. Lines 71 and 82 compare usages.")
    assert [(r.cited.line_start, r.status) for r in refs] == [(71, "out_of_range"), (82, "out_of_range")]


def test_report_shape_of_a_reference(resolved):
    (ref,) = one(resolved, "1. Line 47: `eval(data)` evaluates file contents.")
    assert ref.to_dict() == {"cited": {"line_start": 47, "line_end": 47, "code": "eval(data)"}, "role": "cited", "primary": True,
                             "status": "shifted", "actual_lines": [48], "offset": 1, "in_comment": False}


# --------------------------------------------------------------------------- primary vs mention

def test_primary_not_on_cited_line_is_shifted(resolved):
    refs = one(resolved, "1. Line 40 closes `self.conn.commit()`.")
    assert summary(refs) == [(40, "self.conn.commit()", "shifted", [36], -4, False)]


def test_mention_in_the_same_block_is_in_place(resolved):
    refs = one(resolved, "1. In line 40, `self.conn.close()` is called and `sqlite3.Error` is swallowed.")
    assert [(r.cited.code, r.cited.primary, r.status) for r in refs] == [
        ("self.conn.close()", True, "exact"), ("sqlite3.Error", False, "exact")]


def test_mention_in_another_block_is_shifted(resolved):
    refs = one(resolved, "1. In line 40, `self.conn.close()` is called; `self.conn.commit()` is not.")
    assert [(r.cited.code, r.status, r.offset) for r in refs] == [
        ("self.conn.close()", "exact", 0), ("self.conn.commit()", "shifted", -4)]


def test_primary_in_the_same_function_but_other_line_is_shifted(resolved):
    (ref,) = one(resolved, "1. On line 41 `self.conn.close()` is called.")
    assert (ref.status, ref.actual_lines, ref.offset) == ("shifted", [40], -1)


def test_function_name_cited_at_a_line_inside_it_is_in_place(resolved):
    (ref,) = one(resolved, "1. `find_user()` on line 23 runs the query.")
    assert (ref.status, ref.actual_lines) == ("exact", [20])


def test_class_method_by_qualified_name(resolved):
    refs = one(resolved, "1. `Store.close` swallows errors on line 41.")
    assert [(r.cited.code, r.status, r.actual_lines) for r in refs] == [("Store.close", "exact", [38])]
    (ref,) = one(resolved, "1. `Store.delete_user(...)` is defined on line 31.")
    assert (ref.status, ref.actual_lines) == ("exact", [31])
    (ref,) = one(resolved, "1. `Store.nothing()` is defined on line 31.")
    assert ref.status == "absent"


def test_soft_prose_word_that_is_absent_is_dropped_but_its_line_is_checked(resolved):
    refs = one(resolved, "1. The ResourceTracker is updated on line 36.")
    assert [(r.cited.line_start, r.cited.code, r.status) for r in refs] == [(36, None, "line_only")]
    refs = one(resolved, "1. The ResourceTracker is updated on line 136.")
    assert [(r.cited.line_start, r.cited.code, r.status) for r in refs] == [(136, None, "out_of_range")]
    assert one(resolved, "1. The ResourceTracker is updated on deletion.") == []


def test_a_name_never_matches_inside_a_longer_name(resolved):
    assert [r.status for r in one(resolved, "1. `user` is read on line 21.")] == ["absent"]
    assert [r.status for r in one(resolved, "1. `users` is read on line 21.")] == ["exact"]
    assert [r.status for r in one(resolved, "1. `check_output` on line 17.")] == ["exact"]
    assert [r.status for r in one(resolved, "1. `check_out` on line 17.")] == ["absent"]


# --------------------------------------------------------------------------- advice is not a citation

@pytest.mark.parametrize("text", [
    "1. Line 17 runs a shell.\n\nSolution: use `subprocess.run(args, shell=False)` there.",
    "1. Line 17 runs a shell. Recommendation: call `shlex.quote(user_input)` first.",
    "1. Line 48 evaluates data; use `ast.literal_eval(data)` instead.",
    "1. Line 48 evaluates data. Recommendation: replace `eval(data)` with `ast.literal_eval(data)`.",
])
def test_proposed_code_is_never_a_citation(resolved, text):
    refs = one(resolved, text)
    cited = [r for r in refs if r.cited.role == "cited"]
    assert all(r.status != "absent" for r in cited), summary(refs)
    assert all(r.cited.code in (None, "eval(data)") for r in cited)
    proposed = [r for r in refs if r.cited.role == "proposed"]
    assert proposed and all(not r.cited.hard and r.cited.line_start is None for r in proposed)


def test_instead_of_cites_the_replaced_code(resolved):
    refs = one(resolved, "1. Use `shlex.quote(user_input)` instead of `cmd` at line 16.")
    assert summary([r for r in refs if r.cited.role == "cited"]) == [(16, "cmd", "exact", [16, 17], 0, False)]
    assert [(r.cited.code, r.cited.role) for r in refs if r.cited.role != "cited"] == [
        ("shlex.quote(user_input)", "proposed")]


# --------------------------------------------------------------------------- code forms

@pytest.mark.parametrize("code, line", [
    ("self.conn.execute(...)", 32),
    ("self.conn.execute(…)", 32),
    ("subprocess.check_output(...)", 17),
    ("subprocess.check_output(…)", 17),
    ("open(...)", 46),
    ("self.conn.execute(\"DELETE FROM users WHERE id = ?\", ...)", 32),
])
def test_elisions_match_any_arguments(resolved, code, line):
    (ref,) = one(resolved, f"1. Line {line} calls `{code}`.")
    assert (ref.status, ref.actual_lines) == ("exact", [line])


def test_empty_parens_in_prose_match_any_arguments(resolved):
    (ref,) = one(resolved, "1. The code calls check_output() on line 17.")
    assert (ref.cited.code, ref.status) == ("check_output()", "exact")


def test_explicit_wrong_arguments_do_not_match(resolved):
    (ref,) = one(resolved, "1. Line 17 calls `subprocess.check_output(cmd, shell=False)`.")
    assert ref.status == "absent"


def test_call_split_over_lines_matches_its_one_line_form(resolved):
    code = 'self.conn.execute("DELETE FROM users WHERE id = ?", (user_id,))'
    (ref,) = one(resolved, f"1. Line 32 runs `{code}`.")
    assert (ref.status, ref.actual_lines) == ("exact", [32])
    # cited on the call's last line: the occurrence spans 32-35, so it is on the cited line
    (ref,) = one(resolved, f"1. Line 35 runs `{code}`.")
    assert ref.status == "exact"


def test_fenced_block_matches_across_lines_with_whitespace_normalised(resolved):
    review = ("1. On line 21 the query is formatted:\n\n"
              "```python\n"
              "query   =  \"SELECT * FROM users WHERE name = '%s'\"    %   name\n"
              "cursor = conn.cursor( )\n"
              "```\n")
    (ref,) = one(resolved, review)
    assert (ref.status, ref.actual_lines) == ("exact", [21])


def test_fenced_block_at_the_wrong_line_is_shifted(resolved):
    review = "1. Line 30 does this:\n\n```\ncursor.execute(\n    query)\nreturn cursor.fetchall()\n```\n"
    (ref,) = one(resolved, review)
    assert (ref.status, ref.actual_lines, ref.offset) == ("shifted", [23], -7)


def test_quoted_literal_matches_the_string_whatever_the_quotes(resolved):
    (ref,) = one(resolved, "1. The hardcoded 'qemu:///system' connection string on line 11.")
    assert (ref.cited.code, ref.status) == ("'qemu:///system'", "exact")
    (ref,) = one(resolved, '1. The hardcoded "qemu:///system" connection string on line 11.')
    assert ref.status == "exact"
    (ref,) = one(resolved, "1. The hardcoded 'qemu:///session' connection string on line 11.")
    assert ref.status == "absent"


def test_part_of_a_string_matches(resolved):
    (ref,) = one(resolved, "1. `SELECT * FROM users` on line 21 is built by hand.")
    assert (ref.status, ref.actual_lines) == ("exact", [21])


def test_snake_case_and_dotted_names_in_prose(resolved):
    refs = one(resolved, "1. On line 17 the variable user_input flows into subprocess.check_output.")
    # user_input is primary (first): it occurs on 14 and 16, not 17; the dotted name is a mention in place
    assert [(r.cited.code, r.status, r.actual_lines, r.offset) for r in refs] == [
        ("user_input", "shifted", [14, 16], -1), ("subprocess.check_output", "exact", [17], 0)]


def test_cwe_with_name_and_line(resolved):
    parsed = resolved("1. CWE-95: Eval Injection at line 48.")
    (claim,) = parsed.claims
    assert [(m.id, m.stated_name) for m in claim.cwe] == [(95, "Eval Injection")]
    assert [(r.cited.line_start, r.status) for r in claim.references] == [(48, "line_only")]


# --------------------------------------------------------------------------- awkward sources

def test_tabs(resolved, sources):
    src = sources / "tabs.py"
    assert b"\t\treturn pickle.loads(blob)" in src.read_bytes()
    assert summary(one(resolved, "1. Line 6 calls `pickle.loads(blob)`.", src)) == [
        (6, "pickle.loads(blob)", "exact", [6], 0, False)]
    assert summary(one(resolved, "1. Line 5: `pickle.loads` is unsafe.", src)) == [
        (5, "pickle.loads", "shifted", [6], 1, False)]
    # a phrase in backticks is a mention: found in the comment on line 5, it flags nothing
    line, ref = one(resolved, "1. Line 5 says `is unsafe on untrusted data`.", src)
    assert (line.status, ref.cited.role) == ("line_only", "mention")
    assert (ref.status, ref.actual_lines, ref.in_comment) == ("comment_only", [5], True)


def test_crlf(resolved, sources):
    src = sources / "crlf.py"
    data = src.read_bytes()
    assert data.count(b"\r\n") == 12 and data.count(b"\n") == 12  # checked out byte-exact (-text)
    assert load_source(str(src)).line_count == 12
    assert summary(one(resolved, "1. Line 6 calls `subprocess.call(cmd, shell=True)`.", src)) == [
        (6, "subprocess.call(cmd, shell=True)", "exact", [6, 10], 0, False)]
    (ref,) = one(resolved, "1. Line 11 calls `subprocess.call(cmd, shell=True)` over three lines.", src)
    assert ref.status == "exact"  # the occurrence starting on line 10 runs to line 12
    line, ref = one(resolved, "1. Line 5 says `run the command through a shell`.", src)
    assert (line.status, ref.cited.role, ref.status, ref.actual_lines) == ("line_only", "mention", "comment_only", [5])
    assert [r.status for r in one(resolved, "1. Line 12 ends it. Line 13 is past the end.", src)] == [
        "line_only", "out_of_range"]


def test_non_utf8_byte_in_a_comment(resolved, sources):
    src = sources / "nonutf8.py"
    assert b"\xff" in src.read_bytes()
    loaded = load_source(str(src))
    assert loaded.decode_errors and loaded.line_count == 10
    assert loaded.line(5).strip() == "return hashlib.md5(data).hexdigest()"
    assert summary(one(resolved, "1. Line 5 uses `hashlib.md5(data)`, a weak hash.", src)) == [
        (5, "hashlib.md5(data)", "exact", [5], 0, False)]
    assert summary(one(resolved, '1. Line 10 uses `hashlib.sha256(b"x")`.', src)) == [
        (10, 'hashlib.sha256(b"x")', "exact", [10], 0, False)]
    _, ref = one(resolved, "1. Line 3 says `legacy comment`.", src)
    assert (ref.status, ref.actual_lines) == ("comment_only", [3])


def test_python2_source_that_does_not_parse(resolved, sources):
    src = sources / "py2.py"
    index = SourceIndex(load_source(str(src)))
    assert index.structure.parse_error  # `print "x"` is not Python 3
    assert summary(one(resolved, '1. Line 5 runs `os.system("rm -rf " + path)`.', src)) == [
        (5, 'os.system("rm -rf " + path)', "exact", [5], 0, False)]
    assert summary(one(resolved, '1. Line 5: `print "removing", path`.', src)) == [
        (5, 'print "removing", path', "shifted", [4], -1, False)]
    (ref,) = one(resolved, "1. Line 5 is marked `dangerous`.", src)
    assert (ref.status, ref.in_comment) == ("comment_only", True)
    assert [r.status for r in one(resolved, "1. Line 11 is past the end.", src)] == ["out_of_range"]


def test_source_the_tokenizer_rejects(resolved, sources):
    src = sources / "broken.py"
    index = SourceIndex(load_source(str(src)))
    assert not index.lexed.tokenizer_ok and index.structure.parse_error
    assert summary(one(resolved, "1. Line 5 calls `os.remove(path)`.", src)) == [
        (5, "os.remove(path)", "exact", [5], 0, False)]
    _, ref = one(resolved, "1. Line 4 says `delete the file`.", src)
    assert (ref.cited.role, ref.status, ref.actual_lines, ref.in_comment) == ("mention", "comment_only", [4], True)
    (ref,) = one(resolved, "1. Line 7 hardcodes `\"hunter2\"`.", src)
    assert (ref.status, ref.actual_lines, ref.offset) == ("shifted", [8], 1)


def test_sources_written_at_test_time(resolved, tmp_path):
    """The same awkward inputs, written byte-exact here, independent of git's checkout."""
    cases = {
        "crlf.py": b"import os\r\n\r\n# note\r\nos.system(cmd)\r\n",
        "cr.py": b"import os\r\r# note\ros.system(cmd)\r",
        "latin.py": b"import os\n\n# note caf\xe9 \xff\nos.system(cmd)\n",
        "bom.py": b"\xef\xbb\xbfimport os\n\n# note\nos.system(cmd)\n",
        "formfeed.py": b"import os\n\x0c\n# note\nos.system(cmd)\n",
        "py2.py": b"import os\n\n# note\nos.system(cmd); print 'x'\n",
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert load_source(str(path)).line_count == 4, name
        refs = one(resolved, "1. Line 4 calls `os.system(cmd)`; line 3 has `note`.", path)
        assert [(r.cited.code, r.status, r.actual_lines) for r in refs] == [
            ("os.system(cmd)", "exact", [4]), ("note", "comment_only", [3])], name


def test_resolve_reference_directly(sample):
    ref = resolve_reference(CitedRef(47, 47, "eval(data)"), sample)
    assert (ref.status, ref.actual_lines, ref.offset) == ("shifted", [48], 1)
    ref = resolve_reference(CitedRef(None, None, None), sample)
    assert ref.status == "line_only"
    ref = resolve_reference(CitedRef(0, 0, None), sample)
    assert ref.status == "out_of_range"
    # an absent prose word proves nothing: its line is still checked, or it is dropped
    ref = resolve_reference(CitedRef(5, 5, "NoSuchThing", hard=False), sample)
    assert (ref.cited.code, ref.status) == (None, "line_only")
    ref = resolve_reference(CitedRef(500, 500, "NoSuchThing", hard=False), sample)
    assert (ref.cited.code, ref.status) == (None, "out_of_range")
    assert resolve_reference(CitedRef(5, 5, "NoSuchThing", primary=False, hard=False), sample) is None
    assert resolve_reference(CitedRef(None, None, "NoSuchThing", hard=False), sample) is None


def test_source_from_text_matches_load_source(sources):
    data = (sources / "sample.py").read_bytes()
    a = SourceIndex(source_from_text(data, "x.py"))
    b = SourceIndex(load_source(str(sources / "sample.py")))
    assert a.find("eval(data)").code == b.find("eval(data)").code == [48]
    assert a.source.sha256 == b.source.sha256


# --------------------------------------------------------------------------- shared seeds (read-only)

def test_seed_003_references(resolved, shared):
    text = (shared / "seeds" / "003_5915db66671de741.txt").read_text()
    parsed = resolved(text, shared / "fixtures" / "nova-test_bug_1679750" / "01-4ba7baf451.py")
    by_anchor = {c.text.split("**")[1] if "**" in c.text else c.text[:20]: c for c in parsed.claims}
    logging = by_anchor["Logging (e.g., Line 133):"]
    assert [r.status for r in logging.references] == ["out_of_range"]
    conn = by_anchor["Connection String (Line 88):"]
    assert [(r.cited.code, r.status) for r in conn.references] == [("'qemu:///system'", "absent")]
    mocking = by_anchor["Mocking (e.g., Line 72-85):"]
    assert [r.status for r in mocking.references] == ["line_only"]


# --------------------------------------------------------------------------- end to end

def test_end_to_end_json_report(run_cli, sources, reviews):
    proc = run_cli("check", str(reviews / "markdown.md"), "--source", str(sources / "sample.py"),
                   "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads(proc.stdout)
    assert report["schema_version"] == 1 and report["source"]["lines"] == 48
    assert {a["name"]: a["status"] for a in report["analyzers"]}.get("bandit") in ("ok", "failed", "unavailable")
    claims = report["claims"]
    assert [c["span"] for c in claims][1] == {"start_line": 7, "end_line": 17}
    sql = claims[1]
    assert [(r["cited"]["line_start"], r["status"]) for r in sql["references"]] == [
        (21, "line_only"), (23, "exact"), (23, "exact")]
    evil = claims[2]
    assert [(r["cited"]["code"], r["status"]) for r in evil["references"]] == [
        ("read_config", "exact"), ("eval(data)", "exact")]
    assert report["verdict"]["stated"] == "defects"
    assert report["summary"]["claims"] == len(claims) == 5
    assert all(c["status"] != "fabricated" for c in claims)


def test_a_quote_with_its_own_trailing_comment_matches_the_statement():
    index = SourceIndex(source_from_text("def f():\n    try:\n        g()\n    except Exception:  # noqa: BLE001\n"
                                         "        pass\n", "m.py"))
    ref = resolve_reference(CitedRef(4, 4, "    except Exception:  # pylint: disable=broad-except"), index)
    assert ref is not None and ref.status == "exact"
    assert index.invented("except Exception:  # pylint: disable=broad-except") == []
