"""Many source files under one root: a folder, or a git revision of a repository.

Reviews cite ``path:line``; only the cited files are read and analyzed. No path
may escape the root: absolute paths, ``..`` and symlinks pointing outside are
refused, and the reference is reported ``absent`` with the reason.

Reports are written from other working directories than the root: a cited
path that is not under the root is matched by suffix (``src/pkg/x.py`` names
``pkg/x.py`` of an unpacked wheel; ``x.py`` names ``pkg/x.py`` when no other
file has that name). A path that fits several files is ambiguous and is
reported as such. Pull-request diff anchors name a file by the sha256 of its
path: ``by_hash`` finds it.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import posixpath
from dataclasses import dataclass, field

from ..model import InputError
from .git import list_files, read_at
from .loader import MAX_SOURCE_LINES, SourceFile, read_text_file

MAX_LISTED = 200_000  # files of the root listed for suffix matching
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", "node_modules", ".tox", ".venv", "venv"})
HASH_PREFIXES = ("", "src/", "lib/", "python/")  # repository layouts a wheel's paths may sit under


class PathRefused(Exception):
    """A cited path that is outside the root or otherwise unusable."""


@dataclass
class SourceTree:
    root: str
    repo: str | None = None  # read through git at ``revision`` instead of the folder
    revision: str | None = None
    files: dict[str, SourceFile] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)  # path -> why
    aliases: dict[str, str] = field(default_factory=dict)  # a cited path -> the root path it names
    _listing: list[str] | None = field(default=None, repr=False)
    _listed: frozenset[str] | None = field(default=None, repr=False)

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

    def rel_of(self, path: str) -> str:
        """The root path a cited path names (itself when it names nothing)."""
        try:
            rel = self.normalise(path)
        except PathRefused:
            return path
        return self.aliases.get(rel, rel)

    def get(self, path: str) -> SourceFile | None:
        """The file at ``path`` under the root, read once; None when absent or refused."""
        try:
            rel = self.normalise(path)
        except PathRefused as exc:
            self.missing[path] = str(exc)
            return None
        rel = self.aliases.get(rel, rel)
        if rel in self.files:
            return self.files[rel]
        if rel in self.missing:
            return None
        if not self._exists(rel):
            match = self._by_suffix(rel)
            if match is not None and match != rel:
                self.aliases[rel] = match
                self.missing.pop(rel, None)
                return self.get(match)
            if rel in self.missing:  # ambiguous
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
        if not os.path.exists(real):
            self.missing[rel] = f"{rel}: no such file under the source root"
            return None
        try:
            return read_text_file(real, "source", max_lines=MAX_SOURCE_LINES)
        except InputError as exc:  # a FIFO, device, oversized or binary file: "<real path>: why"
            self.missing[rel] = f"{rel}: {str(exc).removeprefix(real + ': ')}"
            return None

    def find_suffix(self, name: str) -> str | None:
        """A file already read whose path ends with ``name`` (a review naming 'api.py')."""
        hits = [p for p in self.files if p == name or p.endswith("/" + name)]
        return hits[0] if len(hits) == 1 else None

    # ---------------------------------------------------------- paths written from elsewhere

    def listing(self) -> list[str]:
        """Every file path under the root (at most ``MAX_LISTED``), listed once."""
        if self._listing is None:
            if self.repo is not None:
                self._listing = list_files(self.repo, self.revision or "HEAD")[:MAX_LISTED]
            else:
                out: list[str] = []
                for folder, dirs, names in os.walk(self.root):
                    dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.endswith(".dist-info"))
                    rel_folder = os.path.relpath(folder, self.root)
                    for name in sorted(names):
                        out.append(name if rel_folder == "." else posixpath.join(rel_folder.replace(os.sep, "/"), name))
                    if len(out) >= MAX_LISTED:
                        break
                self._listing = out[:MAX_LISTED]
        return self._listing

    def _exists(self, rel: str) -> bool:
        if self.repo is not None:
            if self._listed is None:
                self._listed = frozenset(self.listing())
            return rel in self._listed
        return os.path.isfile(os.path.join(self.root, rel))

    def _by_suffix(self, rel: str) -> str | None:
        """The one root file a path written from another folder names, else None
        (with the reason in ``missing``: not found, or ambiguous)."""
        parts = rel.split("/")
        best: list[str] = []
        best_len = 0
        for candidate in self.listing():
            if not candidate.endswith(parts[-1]):
                continue
            cparts = candidate.split("/")
            if cparts[-1] != parts[-1]:
                continue
            common = 0
            while common < min(len(parts), len(cparts)) and parts[-1 - common] == cparts[-1 - common]:
                common += 1
            # one path must be a suffix of the other, component by component
            if common < min(len(parts), len(cparts)):
                continue
            if common > best_len:
                best, best_len = [candidate], common
            elif common == best_len:
                best.append(candidate)
        if len(best) == 1:
            return best[0]
        if len(best) > 1:
            shown = ", ".join(best[:3]) + (" ..." if len(best) > 3 else "")
            self.missing[rel] = f"{rel}: ambiguous, {len(best)} files under the source root match ({shown})"
        return None

    def by_hash(self, digest: str) -> str | None:
        """The file whose path hashes to ``digest`` (a pull-request diff anchor), under any usual prefix."""
        digest = digest.lower()
        for candidate in self.listing():
            for prefix in HASH_PREFIXES:
                if hmac.compare_digest(hashlib.sha256((prefix + candidate).encode()).hexdigest(), digest):
                    return candidate
        return None

    def ambiguous(self, path: str) -> bool:
        try:
            rel = self.normalise(path)
        except PathRefused:
            return False
        return "ambiguous" in self.missing.get(rel, "")
