"""Checks scoped to the claim's subject (issue 11, item 5), on the demo source
with the real analyzers: the exception a claim names, the function it names
when it cites no line, and findings only from the function it is about.

fixtures/demo/app.py: fetch_file (19-24) calls requests.get(..., verify=False,
timeout=10) on lines 21-22; make_ticket (27-29) calls random.randint (bandit
B311 at 29); archive (32-38) runs a shell command in a try whose except
clause (line 36) catches subprocess.CalledProcessError and re-raises.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from crosscheck.pipeline import check_source
from crosscheck.source import load_source

DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo" / "app.py"
REVIEW = """\
1. `archive` does not handle `subprocess.CalledProcessError`.
2. `fetch_file` does not catch `requests.Timeout`, so a slow server crashes the worker.
3. `fetch_file` has no `timeout`, so a slow server hangs the worker.
4. `requests.get` is called without a `timeout` argument.
5. `make_ticket` has no `timeout`.
"""


@pytest.fixture(scope="module")
def claims():
    report = check_source(REVIEW, load_source(str(DEMO)), review_path="review.md")
    return {c.index: c for c in report.claims}


def test_a_named_exception_that_the_function_catches_contradicts(claims):
    claim = claims[1]
    assert claim.status == "contradicted"
    assert "line 36 catches subprocess.CalledProcessError" in claim.reason
    assert "B311" not in claim.reason  # the finding in make_ticket says nothing about archive


def test_a_named_exception_with_no_try_around_the_function_is_confirmed(claims):
    assert claims[2].status == "confirmed" and "no try/except" in claims[2].reason


@pytest.mark.parametrize("index", [3, 4])
def test_absent_code_present_in_the_named_function_or_call_contradicts(claims, index):
    assert claims[index].status == "contradicted"
    assert "'timeout' is there, on line 22" in claims[index].reason


def test_absent_code_elsewhere_proves_nothing(claims):
    assert claims[5].status not in ("contradicted", "fabricated", "misplaced")


NETRC_LIKE = '''\
class BadQuoting(ValueError):
    pass


def read_auth(path, raise_errors=False):
    try:
        return parse(path)
    except (BadQuoting, OSError):
        if raise_errors:
            raise


def requote(uri):
    try:
        return quote(unquote(uri))
    except BadQuoting:
        return quote(uri)
'''


def _claims_on(source_text: str, review: str):
    from crosscheck.pipeline import Options
    from crosscheck.source import source_from_text
    report = check_source(review, source_from_text(source_text, "auth.py"), options=Options(analyzers=[]))
    return report.claims


def test_a_handler_that_raises_only_on_request_is_not_called_a_re_raise():
    (claim,) = _claims_on(NETRC_LIKE, "1. `read_auth` swallows `OSError` unless `raise_errors` is set (line 8).\n")
    assert claim.status not in ("contradicted", "fabricated", "misplaced"), claim.reason


def test_an_exception_the_file_catches_by_name_is_an_exception_name():
    (claim,) = _claims_on(NETRC_LIKE, "1. `requote` does not handle `BadQuoting`.\n")
    assert claim.status == "contradicted" and "line 16 catches BadQuoting" in claim.reason


LOADERS = '''\
def full_load(stream):
    """Load one document."""
    return load(stream, FullLoader)


def full_load_all(stream):
    """
    Load every document.
    """
    return load_all(stream, FullLoader)
'''


def test_a_name_found_only_elsewhere_in_the_block_does_not_place_the_cited_line():
    # line 7 is in full_load_all's docstring; full_load is line 1. `FullLoader` is used in
    # full_load_all too (line 10), which places that name, not the line the claim cites
    (claim,) = _claims_on(LOADERS, "1. In line 7, `full_load()` returns `load(stream, FullLoader)` via `FullLoader`.\n")
    assert claim.status == "misplaced", claim.reason
    (right,) = _claims_on(LOADERS, "1. In line 3, `full_load()` returns `load(stream, FullLoader)` via `FullLoader`.\n")
    assert right.status not in ("misplaced", "fabricated", "contradicted"), right.reason


UNQUOTE = '''\
def url_unescape(value):
    """Decode a URL value."""
    return unquote(value)


def parse_qs_bytes(qs):
    return parse_qs(qs, errors="strict")
'''


def test_specific_code_put_at_a_line_that_is_elsewhere_is_misplaced():
    (claim,) = _claims_on(UNQUOTE, '1. `url_unescape` decodes with `errors="strict"` (line 3), so bad escapes raise.\n')
    assert claim.status == "misplaced" and "line 7" in claim.reason, claim.reason
    # the same words with the line named for the function only: the argument is a name in passing
    (loose,) = _claims_on(UNQUOTE, '1. `url_unescape` (line 3) decodes, unlike code with `errors="strict"`.\n')
    assert loose.status != "misplaced", loose.reason


ADJUSTMENTS = '''\
class Adjustments:
    expose_tracebacks = False
    pidfile_mode = 0o644
    max_body: int = 1073741824

    def __init__(self, verify=True):
        self.verify = verify
'''


def test_a_cited_assignment_is_checked_against_the_values_the_file_sets():
    claims = _claims_on(ADJUSTMENTS, "1. `expose_tracebacks = True` (line 2) sends tracebacks to clients.\n\n"
                                     "2. `pidfile_mode = 420` (line 3): pid files are readable by all.\n\n"
                                     "3. `max_body = 10485760` (line 4) caps request bodies at 10 MiB.\n")
    assert claims[0].status == "contradicted" and "False on line 2" in claims[0].reason, claims[0].reason
    assert claims[1].status not in ("contradicted", "fabricated", "misplaced"), claims[1].reason  # 0o644 == 420
    assert claims[2].status == "contradicted" and "1073741824" in claims[2].reason, claims[2].reason


def test_a_keyword_a_caller_passes_is_not_read_as_the_files_assignment():
    (claim,) = _claims_on(ADJUSTMENTS, "1. After one call with `verify=False` (line 7) the pool keeps it unverified.\n")
    assert claim.status not in ("contradicted", "fabricated"), claim.reason


GUARDED = '''\
"""Attribute guard."""
BLOCKED = {"f_locals", "f_globals"}


def allowed(name):
    return name not in BLOCKED
'''


@pytest.mark.parametrize("sentence, flagged", [
    # one of a list whose other members are on the line, never named by the file: put there by the review
    ("In line 2, `BLOCKED` holds `f_locals`, `f_globals` and `f_builtins`, so frames cannot be walked.", True),
    ("In line 2, `BLOCKED` holds `f_locals`, `f_globals` and `f_builtins`.", True),
    # every member is there; or the list is examples of what a guard could hold
    ("In line 2, `BLOCKED` holds `f_locals` and `f_globals`, so frames cannot be walked.", False),
    ("In line 2, `BLOCKED` could hold names such as `f_locals`, `f_globals` or `f_builtins`.", False),
])
def test_a_listed_name_the_file_never_names_is_fabricated(tmp_path, sentence, flagged):
    path = tmp_path / "guard.py"
    path.write_text(GUARDED)
    report = check_source(sentence + "\n", load_source(str(path)), review_path="review.md")
    statuses = [c.status for c in report.claims]
    assert ("fabricated" in statuses) is flagged, [(c.text, c.status, c.reason) for c in report.claims]
