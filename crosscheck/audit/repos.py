"""Git repositories an audit manifest names, held to the archive.

A manifest's ``source.repo`` is untrusted: a folder inside the archive can
still make git read from outside it. Its ``.git`` may be a file (``gitdir:
/elsewhere``) or a symlink; its objects may borrow from another repository
(``objects/info/alternates``) or live in a shared one (``commondir``, as in
linked work trees); its config may include other files; and a folder that is
no repository at all makes git walk up the parents until it finds one, which
may enclose the whole archive. So before any git command runs, the git
directory is located here by hand, every path git would follow from it is
resolved and must lie inside the archive, and git is then run with
``--git-dir`` and ``--work-tree`` given explicitly (it never discovers a
repository) and a ``GIT_CEILING_DIRECTORIES`` at the archive, with the
caller's ``GIT_*`` variables removed so none of them can point it elsewhere.
"""
from __future__ import annotations

import os
import subprocess

from ..model import InputError
from ..source.loader import MAX_SOURCE_BYTES, SourceFile
from ..source.git import run_git

GITFILE_MAX = 4096  # a .git file holds one "gitdir: PATH" line
WALK_MAX = 200_000  # entries of a git directory checked for symlinks before it is refused as unreasonable


class Outside(Exception):
    """The repository would make git read outside the archive (or is no repository)."""


def _within(path: str, folder: str) -> bool:
    return os.path.commonpath([path, folder]) == folder


def git_dir_of(repo: str, archive: str) -> str:
    """The real path of ``repo``'s git directory, checked to keep git inside ``archive``.

    ``repo`` and ``archive`` are real (symlink-free) absolute paths, ``repo``
    inside ``archive``. Raises ``Outside`` with the reason.
    """
    dot = os.path.join(repo, ".git")
    if os.path.islink(dot) or os.path.isdir(dot):
        git_dir = os.path.realpath(dot)
        if not _within(git_dir, archive):
            raise Outside(".git is a symlink leading outside the archive")
    elif os.path.isfile(dot):
        git_dir = _gitfile(dot, repo, archive)
    elif _looks_like_git_dir(repo):
        git_dir = repo  # a bare repository
    else:
        raise Outside("is not a git repository (no .git in it; git would look for one in the folders above)")
    if not _looks_like_git_dir(git_dir):
        raise Outside("has a .git that is not a git directory")
    _check_git_dir(git_dir, archive, set())
    return git_dir


def _gitfile(dot: str, repo: str, archive: str) -> str:
    with open(dot, "rb") as fh:
        text = fh.read(GITFILE_MAX + 1)
    if len(text) > GITFILE_MAX or not text.startswith(b"gitdir:"):
        raise Outside("has a .git file that is not a 'gitdir:' line")
    target = text[len(b"gitdir:"):].strip().decode("utf-8", "surrogateescape")
    if not target or "\x00" in target:
        raise Outside("has a .git file that is not a 'gitdir:' line")
    git_dir = os.path.realpath(os.path.join(repo, target))
    if not _within(git_dir, archive):
        raise Outside(".git file points outside the archive (gitdir: ...)")
    return git_dir


def _looks_like_git_dir(path: str) -> bool:
    """What git itself requires of a git directory: HEAD, plus objects/ and refs/ here or in a commondir."""
    if not os.path.isfile(os.path.join(path, "HEAD")):
        return False
    if os.path.isfile(os.path.join(path, "commondir")):
        return True
    return os.path.isdir(os.path.join(path, "objects")) and os.path.isdir(os.path.join(path, "refs"))


def _read_paths(path: str, base: str) -> list[str]:
    """The real paths a pointer file of git (commondir, alternates) names, one a line."""
    try:
        with open(path, "rb") as fh:
            text = fh.read(1 << 20).decode("utf-8", "surrogateescape")
    except FileNotFoundError:
        return []
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(os.path.realpath(os.path.join(base, line.strip('"'))))
    return out


def _check_git_dir(git_dir: str, archive: str, seen: set[str]) -> None:
    """Every path git follows from ``git_dir`` must be inside ``archive``; recursive over shared dirs."""
    if git_dir in seen:
        return
    seen.add(git_dir)
    for common in _read_paths(os.path.join(git_dir, "commondir"), git_dir):
        if not _within(common, archive):
            raise Outside("shares the objects of a repository outside the archive (commondir)")
        _check_git_dir(common, archive, seen)
    objects = os.path.join(git_dir, "objects")
    for alternate in _read_paths(os.path.join(objects, "info", "alternates"), objects):
        if not _within(alternate, archive):
            raise Outside("borrows objects from outside the archive (objects/info/alternates)")
        _check_git_dir(os.path.dirname(alternate), archive, seen)
    if os.path.isfile(os.path.join(objects, "info", "http-alternates")):
        raise Outside("names http alternates (objects/info/http-alternates)")
    _check_config(os.path.join(git_dir, "config"))
    _check_links(git_dir, archive)


def _check_config(path: str) -> None:
    try:
        with open(path, "rb") as fh:
            text = fh.read(1 << 20).lower()
    except FileNotFoundError:
        return
    if b"include" in text:  # [include] path = ... and [includeIf ...] read files from anywhere
        raise Outside("has a git config that includes other files")


def _check_links(git_dir: str, archive: str) -> None:
    count = 0
    for folder, dirs, files in os.walk(git_dir):
        for name in dirs + files:
            count += 1
            if count > WALK_MAX:
                raise Outside(f"has a git directory of more than {WALK_MAX} entries")
            path = os.path.join(folder, name)
            if os.path.islink(path) and not _within(os.path.realpath(path), archive):
                raise Outside(f"has a symlink leading outside the archive ({os.path.relpath(path, git_dir)})")


def _env(archive: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_CEILING_DIRECTORIES"] = archive
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env["GIT_NO_REPLACE_OBJECTS"] = "1"
    env["GIT_TERMINAL_PROMPT"] = "0"
    return env


class Repository:
    """One checked repository: git commands run only against its own git directory."""

    def __init__(self, git_dir: str, work_tree: str, archive: str, name: str) -> None:
        self.git_dir, self.work_tree, self.name = git_dir, work_tree, name
        self.env = _env(archive)

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        options = [f"--git-dir={self.git_dir}", f"--work-tree={self.work_tree}", "-c", "core.fsmonitor=false"]
        return run_git(options, args, name=self.name, needed_by="source.repo", env=self.env, check=check)

    def load(self, rev: str, path: str) -> SourceFile:
        """The file at ``rev`` as a source; an ``InputError`` when it is missing, too large or binary."""
        if rev.startswith("-") or not rev:
            raise InputError(f"{self.name}: '{rev}' is not a revision")
        proc = self.git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False)
        if proc.returncode != 0:
            raise InputError(f"{self.name}: unknown revision '{rev}'")
        commit = proc.stdout.decode().strip()
        spec = f"{commit}:{path.lstrip('/')}"
        size = self.git("cat-file", "-s", spec, check=False)
        if size.returncode != 0:
            raise InputError(f"{path}: not in {self.name} at {commit[:12]}")
        if int(size.stdout or 0) > MAX_SOURCE_BYTES:
            raise InputError(f"{path}: source file is too large ({int(size.stdout)} bytes, limit {MAX_SOURCE_BYTES})")
        data = self.git("cat-file", "blob", spec).stdout
        if b"\x00" in data[:8192]:
            raise InputError(f"{path}: source is a binary file, not text")
        return SourceFile(path=path, data=data, revision=commit)


class Checked:
    """Each repository folder of an audit checked once; its verdict (git dir or reason) kept."""

    def __init__(self, archive: str) -> None:
        self.archive = archive
        self.verdicts: dict[str, tuple[str | None, str]] = {}

    def git_dir(self, repo: str, name: str) -> str:
        """``repo``'s checked git directory; ``Outside`` with the whole reason when it is refused."""
        if repo not in self.verdicts:
            try:
                self.verdicts[repo] = (git_dir_of(repo, self.archive), "")
            except Outside as exc:
                self.verdicts[repo] = (None, f"source.repo '{name}' {exc}")
            except OSError as exc:
                self.verdicts[repo] = (None, f"source.repo '{name}': cannot read: {exc.strerror or exc}")
        git_dir, reason = self.verdicts[repo]
        if git_dir is None:
            raise Outside(reason)
        return git_dir
