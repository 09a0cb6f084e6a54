"""The ``crosscheck`` command line."""
from __future__ import annotations

import sys

import click

from . import __version__
from .model import InputError, Report
from .source.loader import read_input_file

MAX_REVIEW_BYTES = 32 * 1024 * 1024


class Fail(click.ClickException):
    """A usage or input error: one line on stderr, exit code 2."""
    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"crosscheck: error: {self.format_message()}", err=True)


def read_review(path: str) -> str:
    if path == "-":
        data = sys.stdin.buffer.read(MAX_REVIEW_BYTES + 1)
        if len(data) > MAX_REVIEW_BYTES:
            raise InputError(f"-: review on stdin is larger than {MAX_REVIEW_BYTES} bytes")
    else:
        data = read_input_file(path, "review", MAX_REVIEW_BYTES)
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: review is a binary file, not text")
    return data.decode("utf-8", errors="replace")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="crosscheck")
def main() -> None:
    """Check what a code review claims against what the code actually is."""


@main.command()
@click.argument("review", type=str)
@click.option("--source", "source_path", type=str, help="The source file the review talks about.")
@click.option("--format", "fmt", default="text", show_default=True, help="Output format.")
@click.option("--rules", type=str, default=None, help="Folder of semgrep rules (default: the project's rules/).")
@click.option("--timeout", type=float, default=300.0, show_default=True, help="Seconds per analyzer run.")
@click.option("--cache-dir", type=str, default=None, help="Cache analyzer results in this folder.")
@click.option("--output", "-o", type=str, default=None, help="Write the report here instead of stdout.")
def check(review: str, source_path: str | None, fmt: str, rules: str | None, timeout: float,
          cache_dir: str | None, output: str | None) -> None:
    """Check REVIEW (a file, or - for stdin) against its source."""
    from .formatters import formats
    from .pipeline import Options, check_source
    from .source import load_source
    available = formats()
    if fmt not in available:
        raise Fail(f"unknown format '{fmt}' (choose from {', '.join(available)})")
    if not source_path:
        raise Fail("no source given: use --source FILE")
    try:
        text = read_review(review)
        source = load_source(source_path)
        report = check_source(text, source, review_path=review,
                              options=Options(rules=rules, timeout=timeout, cache_dir=cache_dir))
    except InputError as exc:
        raise Fail(str(exc)) from None
    emit(available[fmt](report), output)


def emit(text: str, output: str | None) -> None:
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise Fail(f"{output}: cannot write report: {exc.strerror or exc}") from None
    else:
        click.echo(text, nl=False)
