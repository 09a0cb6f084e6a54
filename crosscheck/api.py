"""The library entry point: the same data the JSON report shows.

    from crosscheck import check_review
    report = check_review(open("review.txt").read(), source="module.py")
    for claim in report.claims:
        print(claim.index, claim.status, claim.evidence[0].detail if claim.evidence else "")
    report.to_dict()   # exactly `crosscheck check --format json`
"""
from __future__ import annotations

from pathlib import Path

from .model import Report
from .pipeline import Options, check_source
from .source import SourceFile, load_source, source_from_text


def check_review(review: str, source: str | Path | SourceFile | None = None, *, source_text: str | None = None,
                 source_name: str = "<source>.py", rules: str | None = None, timeout: float = 300.0,
                 cache_dir: str | None = None) -> Report:
    """Check review text against a source file path, a ``SourceFile``, or source text."""
    if isinstance(source, SourceFile):
        src = source
    elif source is not None:
        src = load_source(str(source))
    elif source_text is not None:
        src = source_from_text(source_text, source_name)
    else:
        raise ValueError("check_review needs source= (a path) or source_text=")
    return check_source(review, src, options=Options(rules=rules, timeout=timeout, cache_dir=cache_dir))
