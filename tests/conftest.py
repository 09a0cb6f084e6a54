"""Shared helpers for the test suite.

``SHARED`` is the folder the acceptance material lives in (``../shared`` next
to the repository); tests that need it skip cleanly when it is not there.
``FIXTURES`` is the repository's own ``fixtures/`` folder.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SOURCES = FIXTURES / "sources"
REVIEWS = FIXTURES / "reviews"
SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"
CROSSCHECK = Path(sys.executable).with_name("crosscheck")


def _shared_or_skip() -> Path:
    if not (SHARED_DIR / "spec").is_dir():
        pytest.skip(f"shared folder not found at {SHARED_DIR}: acceptance material (seeds, spec) unavailable")
    return SHARED_DIR


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared acceptance folder (seeds, spec, nova fixtures), or skip."""
    return _shared_or_skip()


@pytest.fixture(scope="session", name="SHARED")
def shared_upper() -> Path:
    """Same as ``shared``, under the name other test modules use."""
    return _shared_or_skip()


@pytest.fixture(scope="session")
def sources() -> Path:
    return SOURCES


@pytest.fixture(scope="session")
def reviews() -> Path:
    return REVIEWS


@pytest.fixture
def resolved():
    """``resolved(review_text, source=path_or_text)`` -> parsed review whose
    claims carry resolved references (parser + resolver only, no analyzers)."""
    from crosscheck.resolve import resolve_claim
    from crosscheck.review import parse_review
    from crosscheck.source import load_source, source_from_text
    from crosscheck.source.index import SourceIndex

    def run(review_text: str, source: str | Path | bytes = SOURCES / "sample.py"):
        if isinstance(source, Path):
            src = load_source(str(source))
        else:
            src = source_from_text(source, "inline.py")
        index = SourceIndex(src)
        parsed = parse_review(review_text)
        for claim in parsed.claims:
            resolve_claim(claim, index)
        return parsed

    return run


@pytest.fixture
def run_cli():
    """``run_cli(*args)`` -> CompletedProcess of the installed ``crosscheck``."""
    exe = str(CROSSCHECK) if CROSSCHECK.exists() else None

    def run(*args: str, **kw) -> subprocess.CompletedProcess:
        cmd = [exe] if exe else [sys.executable, "-c", "from crosscheck.cli import main; main()"]
        env = dict(os.environ, SEMGREP_ENABLE_VERSION_CHECK="0", SEMGREP_SEND_METRICS="off")
        return subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=300, env=env, **kw)

    return run


def refs(claim) -> list[tuple]:
    """(line_start, line_end, code, status) of each reference of a claim."""
    return [(r.cited.line_start, r.cited.line_end, r.cited.code, r.status) for r in claim.references]


@pytest.fixture(scope="session")
def as_tuples():
    return refs
