"""Property-based tests: generated reviews and sources never crash the parser
or the resolver, and every report is schema-valid.

CI runs a bounded number of examples; `make fuzz` runs the long profile.
"""
from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, given, settings, strategies as st

from crosscheck.pipeline import Options, check_source
from crosscheck.review import parse_review
from crosscheck.schema import validate_report
from crosscheck.source import source_from_text
from crosscheck.source.index import SourceIndex

settings.register_profile("ci", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

IDENT = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,12}", fullmatch=True)
CODE = st.one_of(IDENT, st.builds(lambda a, b: f"{a}.{b}(...)", IDENT, IDENT),
                 st.builds(lambda a, b: f"{a}({b})", IDENT, IDENT), st.text(max_size=20))
LINE = st.integers(min_value=-5, max_value=400)


@st.composite
def review_text(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["numbered", "bullet", "heading", "para", "solution", "bold", "junk"]))
        line, code = draw(LINE), draw(CODE)
        cwe = draw(st.integers(0, 2000))
        if kind == "numbered":
            parts.append(f"{draw(st.integers(0, 120))}{draw(st.sampled_from(['.', ')']))} CWE-{cwe} "
                         f"({draw(st.text(max_size=30))}): In line {line}, `{code}` does not check input.")
        elif kind == "bullet":
            parts.append(f"{draw(st.sampled_from(['-', '*', '•']))} Lines {line}{draw(st.sampled_from(['-', '–', '—']))}"
                         f"{draw(LINE)}: the `{code}` call\n   wraps here and {draw(st.text(max_size=40))}")
        elif kind == "heading":
            parts.append(f"{'#' * draw(st.integers(1, 6))} {draw(st.text(max_size=30))}")
        elif kind == "solution":
            parts.append(f"Solution: use `{code}` instead of `{draw(CODE)}`.")
        elif kind == "bold":
            parts.append(f"**{draw(st.text(max_size=20))} (e.g., Line {line}):** '{draw(st.text(max_size=15))}' "
                         f"L{draw(LINE)} #L{line}-L{draw(LINE)} file.py:{line}")
        elif kind == "junk":
            parts.append(draw(st.text(max_size=200)))
        else:
            parts.append(f"{draw(st.text(max_size=80))} no security defects {draw(st.text(max_size=20))}")
    return draw(st.sampled_from(["\n", "\n\n", "\r\n"])).join(parts)


@st.composite
def source_text(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.sampled_from(["assign", "call", "comment", "def", "string", "junk", "tab"]))
        a, b = draw(IDENT), draw(IDENT)
        lines.append({"assign": f"{a} = {b}", "call": f"{a}.{b}({draw(IDENT)}, x=1)  # {draw(st.text(max_size=10))}",
                      "comment": f"# {draw(st.text(max_size=40))}", "def": f"def {a}({b}):\n    return {b}",
                      "string": f"{a} = '''{draw(st.text(max_size=30))}'''", "tab": f"if {a}:\n\t{b}()",
                      "junk": draw(st.text(max_size=60))}[kind])
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines)


@given(review_text())
def test_parser_never_raises_and_claims_are_verbatim(text):
    parsed = parse_review(text)
    assert parsed.stated in ("defects", "no_defects", "unclear")
    lines = re.split(r"\r\n|\r|\n", text)  # the parser counts lines as Python does
    for claim in parsed.claims:
        assert 1 <= claim.span.start_line <= claim.span.end_line <= max(1, len(lines))
        first = claim.text.split("\n")[0].strip()
        assert first in text


@given(review_text(), source_text())
@settings(max_examples=int(os.environ.get("FUZZ_REPORTS", "40")))
def test_reports_of_generated_inputs_are_schema_valid(review, source):
    report = check_source(review, source_from_text(source, "gen.py"), options=Options(analyzers=[]))
    data = report.to_dict()
    validate_report(data)
    count = data["source"]["lines"]
    for claim in data["claims"]:
        for ref in claim["references"]:
            assert all(1 <= n <= count for n in ref["actual_lines"])


@given(source_text(), CODE)
def test_resolver_finds_what_is_there(source, code):
    index = SourceIndex(source_from_text(source, "gen.py"))
    found = index.find(code)
    assert found.code == sorted(set(found.code))
    for line in found.code + found.comments:
        assert 1 <= line <= index.source.line_count


@given(st.binary(max_size=400))
def test_arbitrary_bytes_as_source_and_review(blob):
    report = check_source(blob.decode("utf-8", "replace"), source_from_text(blob, "b.py"), options=Options(analyzers=[]))
    validate_report(report.to_dict())
