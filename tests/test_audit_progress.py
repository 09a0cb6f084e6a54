"""Audit progress: the total counted up front, a bar on a terminal, plain lines elsewhere."""
from __future__ import annotations

import io
import re

from crosscheck.audit.progress import LINES_MIN, Bar, Lines, Silent, count_lines, make_progress


def test_count_lines_counts_non_blank_lines_of_any_length(tmp_path):
    path = tmp_path / "m.jsonl"
    path.write_bytes(b'{"a": 1}\n\n   \n' + b"x" * (3 << 20) + b"\n{}")  # a 3 MiB line spans read pieces
    assert count_lines(str(path)) == 3
    path.write_bytes(b"")
    assert count_lines(str(path)) == 0


def test_off_a_terminal_progress_is_a_line_with_rate_and_eta():
    stream = io.StringIO()  # not a terminal
    assert isinstance(make_progress(LINES_MIN - 1, stream, None), Silent), "a small audit prints no lines"
    progress = make_progress(1000, stream, None, interval=3600)
    try:
        assert isinstance(progress, Lines)
        progress.update(250)
        line = progress.line()
    finally:
        progress.close()
    assert re.fullmatch(r"audit: 250/1000 reviews \(25\.0%\), [0-9.]+ reviews/s, elapsed \w+, ETA \w+", line), line
    assert stream.getvalue() == "", "nothing before the first interval"


def test_a_bar_when_asked_and_nothing_when_off():
    assert isinstance(make_progress(10, io.StringIO(), False), Silent)
    bar = make_progress(10, io.StringIO(), True)
    try:
        assert isinstance(bar, Bar)
        bar.update(4)
        assert bar.progress.tasks[0].total == 10 and bar.progress.tasks[0].completed == 4
    finally:
        bar.close()
