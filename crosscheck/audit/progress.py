"""How far an audit is: a live bar on a terminal, a periodic line elsewhere.

An audit of 100,000 reviews runs for hours, so whoever waits needs a rate and
an estimate of the time left, wherever stderr goes. On a terminal that is a
rich progress bar with a total; off a terminal (CI logs, nohup, a pipe) a
redrawn bar is noise, so one plain line goes to stderr every ``interval``
seconds instead, from a timer thread, so it comes even while one slow batch
(a cold analyzer run over many files) holds up the audit. Audits of fewer
than ``LINES_MIN`` reviews print no such lines: they end in minutes, and a
script that runs a small audit keeps a stderr of one line (the summary, or
the one-line error).

The total is the number of non-blank manifest lines, counted up front in one
bounded-memory pass, less the reviews a ``--resume`` will skip; only reviews
actually processed advance the count, so skipped ones do not inflate the rate.
"""
from __future__ import annotations

import threading
import time
from typing import IO, Protocol

INTERVAL = 10.0  # seconds between two progress lines off a terminal
LINES_MIN = 1000  # reviews to audit before progress lines are worth printing off a terminal


class Progress(Protocol):
    def update(self, n: int) -> None: ...

    def close(self) -> None: ...


def count_lines(path: str) -> int:
    """Non-blank lines of a file, read in 1 MiB pieces (a line may be of any length)."""
    count, content = 0, False
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            parts = chunk.split(b"\n")
            for i, part in enumerate(parts):
                content = content or bool(part.strip())
                if i < len(parts) - 1:
                    count += content
                    content = False
    return count + content


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


class Silent:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


class Lines:
    """One line to ``stream`` every ``interval`` seconds: done/total, percent, rate, ETA."""

    def __init__(self, total: int, stream: IO[str], interval: float = INTERVAL) -> None:
        self.total, self.stream, self.interval = total, stream, interval
        self.done = 0
        self.started = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="audit-progress", daemon=True)
        self._thread.start()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        share = f" ({self.done / self.total:.1%})" if self.total else ""
        left = max(self.total - self.done, 0)
        eta = _duration(left / rate) if rate > 0 else "unknown"
        return (f"audit: {self.done}/{self.total} reviews{share}, {rate:.1f} reviews/s, "
                f"elapsed {_duration(elapsed)}, ETA {eta}")

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                print(self.line(), file=self.stream, flush=True)
            except (OSError, ValueError):  # stderr closed: the audit goes on without progress
                return

    def update(self, n: int) -> None:
        self.done += n

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


class Bar:
    """A rich bar with the total, the rate in reviews/s and the time remaining."""

    def __init__(self, total: int, stream: IO[str]) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task) -> Text:
                speed = task.finished_speed or task.speed
                return Text(f"{speed:.1f} reviews/s" if speed else "- reviews/s")

        self.progress = Progress(TextColumn("auditing"), BarColumn(), MofNCompleteColumn(), Rate(),
                                 TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                                 console=Console(file=stream), transient=True)
        self.progress.start()
        self.task = self.progress.add_task("audit", total=total)

    def update(self, n: int) -> None:
        self.progress.advance(self.task, n)

    def close(self) -> None:
        self.progress.stop()


def make_progress(total: int, stream: IO[str], show: bool | None = None,
                  interval: float = INTERVAL) -> Progress:
    """``show``: None picks by ``stream`` (a bar on a terminal, lines elsewhere); True a bar; False nothing."""
    if show is False:
        return Silent()
    if show or stream.isatty():
        return Bar(total, stream)
    return Lines(total, stream, interval) if total >= LINES_MIN else Silent()
