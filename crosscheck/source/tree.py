"""Many source files under one root: a folder, or a git revision of a repository.

Reviews cite ``path:line``; only the cited files are read and analyzed. No path
may escape the root: absolute paths, ``..`` and symlinks pointing outside are
refused, and the reference is reported ``absent`` with the reason.
"""
from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field

from ..model import InputError
from .git import read_at
from .loader import MAX_SOURCE_BYTES, SourceFile


class PathRefused(Exception):
    """A cited path that is outside the root or otherwise unusable."""


@dataclass
class SourceTree:
    root: str
    repo: str | None = None  # read through git at ``revision`` instead of the folder
    revision: str | None = None
    files: dict[str, SourceFile] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)  # path -> why

    def __post_init__(self) -> None:
        if self.repo is None and not os.path.isdir(self.root):
            raise InputError(f"{self.root}: source root is not a folder")
        self.real_root = os.path.realpath(self.root)

    def normalise(self, path: str) -> str:
        """The root-relative form of a cited path; raises ``PathRefused``."""
        raw = path.strip().replace("\\", "/")
        if raw.startswith("/") or (len(raw) > 1 and raw[1] == ":"):
            raise PathRefused(f"{path}: absolute paths are not allowed")
        norm = posixpath.normpath(raw)
        if norm == ".." or norm.startswith("../"):
            raise PathRefused(f"{path}: path escapes the source root")
        return norm.removeprefix("./")

    def get(self, path: str) -> SourceFile | None:
        """The file at ``path`` under the root, read once; None when absent or refused."""
        try:
            rel = self.normalise(path)
        except PathRefused as exc:
            self.missing[path] = str(exc)
            return None
        if rel in self.files:
            return self.files[rel]
        if rel in self.missing:
            return None
        data = self._read(rel)
        if data is None:
            return None
        src = SourceFile(path=rel, data=data, revision=self.revision)
        self.files[rel] = src
        return src

    def _read(self, rel: str) -> bytes | None:
        if self.repo is not None:
            data = read_at(self.repo, self.revision or "HEAD", rel)
            if data is None:
                self.missing[rel] = f"{rel}: not in the repository at {self.revision}"
            return data
        full = os.path.join(self.root, rel)
        real = os.path.realpath(full)
        if os.path.commonpath([real, self.real_root]) != self.real_root:
            self.missing[rel] = f"{rel}: path leads outside the source root (symlink)"
            return None
        if not os.path.isfile(real):
            self.missing[rel] = f"{rel}: no such file under the source root"
            return None
        try:
            if os.path.getsize(real) > MAX_SOURCE_BYTES:
                self.missing[rel] = f"{rel}: file too large"
                return None
            with open(real, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            self.missing[rel] = f"{rel}: cannot read: {exc.strerror or exc}"
            return None
        if b"\x00" in data[:8192]:
            self.missing[rel] = f"{rel}: binary file"
            return None
        return data

    def find_suffix(self, name: str) -> str | None:
        """A file already read whose path ends with ``name`` (a review naming 'api.py')."""
        hits = [p for p in self.files if p == name or p.endswith("/" + name)]
        return hits[0] if len(hits) == 1 else None
