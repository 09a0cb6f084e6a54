"""Input errors of ``crosscheck check``: exit 2, one line on stderr that names
the file and the problem, never a traceback.

Every case fails before any analyzer runs, so these runs are fast.
"""
from __future__ import annotations

import os
import stat

import pytest


def assert_input_error(proc, *words: str) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    line = lines[0]
    for word in words:
        assert word in line, (word, line)
    return line


@pytest.fixture
def review(tmp_path):
    path = tmp_path / "review.txt"
    path.write_text("1. Line 3 calls `eval(data)`.\n")
    return path


@pytest.fixture
def source(sources):
    return sources / "sample.py"


def test_missing_review(run_cli, tmp_path, source):
    missing = tmp_path / "no-such-review.txt"
    assert_input_error(run_cli("check", str(missing), "--source", str(source)),
                       str(missing), "review", "does not exist")


def test_missing_source(run_cli, tmp_path, review):
    missing = tmp_path / "no-such-source.py"
    assert_input_error(run_cli("check", str(review), "--source", str(missing)),
                       str(missing), "source", "does not exist")


def test_directory_as_review(run_cli, tmp_path, source):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert_input_error(run_cli("check", str(folder), "--source", str(source)),
                       str(folder), "review", "directory")


def test_directory_as_source(run_cli, tmp_path, review):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert_input_error(run_cli("check", str(review), "--source", str(folder)),
                       str(folder), "source", "directory")


def test_binary_review(run_cli, tmp_path, source):
    binary = tmp_path / "review.bin"
    binary.write_bytes(b"1. Line 3\x00\x01\x02 binary\n")
    assert_input_error(run_cli("check", str(binary), "--source", str(source)),
                       str(binary), "review", "binary")


def test_binary_source(run_cli, tmp_path, review):
    binary = tmp_path / "source.pyc"
    binary.write_bytes(b"\x00\x00\x0d\x0aimport os\n")
    assert_input_error(run_cli("check", str(review), "--source", str(binary)),
                       str(binary), "source", "binary")


def _unreadable(tmp_path, name: str):
    if os.geteuid() == 0:
        pytest.skip("running as root: chmod 000 does not make a file unreadable for root")
    path = tmp_path / name
    path.write_text("x = 1\n")
    path.chmod(0)
    assert not os.access(path, os.R_OK)
    return path


@pytest.mark.parametrize("what", ["review", "source"])
def test_unreadable_input(run_cli, tmp_path, review, source, what):
    path = _unreadable(tmp_path, "review.txt" if what == "review" else "source.py")
    args = (str(path), "--source", str(source)) if what == "review" else (str(review), "--source", str(path))
    try:
        assert_input_error(run_cli("check", *args), str(path), what, "not readable")
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_unknown_format(run_cli, review, source):
    line = assert_input_error(run_cli("check", str(review), "--source", str(source), "--format", "yaml"),
                              "yaml", "format")
    assert "json" in line and "text" in line  # says what would work


def test_no_source(run_cli, review):
    assert_input_error(run_cli("check", str(review)), "source")


def test_missing_review_is_reported_before_a_missing_source(run_cli, tmp_path):
    line = assert_input_error(run_cli("check", str(tmp_path / "r.txt"), "--source", str(tmp_path / "s.py")))
    assert "r.txt" in line


def test_review_on_stdin_with_missing_source(run_cli, tmp_path):
    missing = tmp_path / "gone.py"
    assert_input_error(run_cli("check", "-", "--source", str(missing), input="1. Line 3 is bad.\n"),
                       str(missing), "does not exist")


def test_non_utf8_review_and_source_are_not_errors(run_cli, tmp_path, sources):
    review = tmp_path / "latin1-review.txt"
    review.write_bytes(b"1. Line 3 has a caf\xe9 comment and `hashlib.md5(data)` on line 5.\n")
    proc = run_cli("check", str(review), "--source", str(sources / "nonutf8.py"), "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr


def test_endless_device_as_review_is_refused_not_read_forever(run_cli, source):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero on this platform")
    assert_input_error(run_cli("check", "/dev/zero", "--source", str(source)), "/dev/zero", "not a regular file")


def test_read_input_file_bounds_what_it_reads(tmp_path):
    from crosscheck.model import InputError
    from crosscheck.source.loader import read_input_file
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    assert read_input_file(str(path), "review", limit=101) == b"x" * 101
    with pytest.raises(InputError, match=r"big\.txt: review file is too large"):
        read_input_file(str(path), "review", limit=100)
