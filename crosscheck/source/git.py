"""Read files as they were at a git revision, with the git CLI (never a shell)."""
from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass

from ..model import InputError
from .loader import SourceFile, file_kind


def run_git(options: list[str], args: tuple[str, ...], *, name: str, needed_by: str,
            env: dict[str, str] | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """``git OPTIONS ARGS`` (no shell, no stdin, a timeout); every failure one ``InputError`` line
    naming ``name``. ``options`` say which repository (``-C repo``, or ``--git-dir``/``--work-tree``)."""
    try:
        proc = subprocess.run(["git", *options, *args], capture_output=True, timeout=120,
                              stdin=subprocess.DEVNULL, env=env)
    except FileNotFoundError:
        raise InputError(f"git is not installed: {needed_by} needs the git command") from None
    except subprocess.TimeoutExpired:
        raise InputError(f"{name}: git {args[0]} timed out") from None
    if check and proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"{name}: git {args[0]} failed: {message[-1] if message else 'exit ' + str(proc.returncode)}")
    return proc


def _git(repo: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    if not os.path.isdir(repo):
        if not os.path.lexists(repo):
            raise InputError(f"{repo}: repository folder does not exist")
        raise InputError(f"{repo}: the repository is {file_kind(os.stat(repo).st_mode)}, not a folder")
    return run_git(["-C", repo], args, name=repo, needed_by="--repo", check=check)


def resolve_revision(repo: str, rev: str) -> str:
    """The full commit id of ``rev`` (a branch, tag, short id, ``HEAD~2`` ...)."""
    if rev.startswith("-"):
        raise InputError(f"{rev}: not a revision")
    proc = _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False)
    if proc.returncode != 0:
        raise InputError(f"{repo}: unknown revision '{rev}'")
    return proc.stdout.decode().strip()


def read_at(repo: str, commit: str, path: str) -> bytes | None:
    """The file's bytes at ``commit``, or None when it does not exist there."""
    path = path.lstrip("/")
    proc = _git(repo, "cat-file", "-e", f"{commit}:{path}", check=False)
    if proc.returncode != 0:
        return None
    return _git(repo, "cat-file", "blob", f"{commit}:{path}").stdout


def load_at(repo: str, commit: str, path: str) -> SourceFile:
    """The file at ``commit`` as a source; an ``InputError`` when it is missing or binary."""
    from .loader import SourceFile
    data = read_at(repo, commit, path)
    if data is None:
        raise InputError(f"{path}: not in {repo} at {commit[:12]}")
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: source is a binary file, not text")
    return SourceFile(path=path, data=data, revision=commit)


@dataclass(frozen=True)
class Commit:
    commit: str
    date: str
    subject: str


def history(repo: str, path: str) -> list[Commit]:
    """Commits that changed ``path``, newest first (following renames)."""
    proc = _git(repo, "log", "--follow", "--format=%H%x1f%ad%x1f%s", "--date=short", "--", path)
    out = []
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        parts = line.split("\x1f")
        if len(parts) == 3:
            out.append(Commit(*parts))
    return out


def repo_root(repo: str) -> str:
    return _git(repo, "rev-parse", "--show-toplevel").stdout.decode().strip()


def list_files(repo: str, commit: str) -> list[str]:
    """Every file path in the tree of ``commit``."""
    proc = _git(repo, "ls-tree", "-r", "-z", "--name-only", commit)
    return [p for p in proc.stdout.decode("utf-8", "replace").split("\0") if p]
