"""Read an audit manifest lazily, one JSON object a line.

Relative paths are relative to the manifest's folder (the archive) and none
may escape it: ``..``, absolute paths, symlinks leading out, and repositories
whose git directory lies (or borrows objects) outside are refused for that
line, with the reason, and the audit goes on.

Every line is untrusted: whatever it holds (invalid UTF-8, invalid JSON, lone
surrogates, NUL characters, wrong types, nesting deep enough to exhaust the
parser, a line of gigabytes) it becomes exactly one error row, never an
exception that stops the audit, and no line is held in memory beyond
``max_line`` bytes.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Iterator

from ..model import InputError
from ..source.loader import read_text_file
from .repos import Checked, Outside

MAX_LINE = 64 * 1024 * 1024  # bytes of one manifest line (an inline review_text is the only large field)
MAX_ID = 1024  # characters of a review id
SHOWN = 80  # characters of an untrusted value quoted in a reason


@dataclass
class ManifestItem:
    line: int
    id: str
    review_text: str
    review_path: str  # as the report names it
    meta: dict[str, Any] = field(default_factory=dict)
    source_path: str | None = None  # absolute, checked
    source_name: str | None = None  # as the report names it (manifest-relative)
    source_root: str | None = None
    repo: str | None = None  # absolute real path of the work tree, checked
    rev: str | None = None
    repo_path: str | None = None
    git_dir: str | None = None  # absolute real path, checked to keep git inside the archive
    archive: str | None = None
    repo_name: str | None = None  # as the manifest names it


@dataclass
class ManifestError:
    line: int
    id: str
    reason: str
    meta: dict[str, Any] = field(default_factory=dict)


class Refused(Exception):
    pass


def show(value: str) -> str:
    """An untrusted string for a reason: shortened, control characters escaped, quoted."""
    if len(value) > SHOWN:
        value = value[:SHOWN - 1] + "\u2026"
    return "'" + "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}"
                         for c in value) + "'"


def _string(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise Refused(f"{what} must be a string, not {_type(value)}")
    if "\x00" in value:
        raise Refused(f"{what} {show(value)} contains a NUL character")
    return value


def _type(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


class Manifest:
    def __init__(self, path: str, max_line: int = MAX_LINE) -> None:
        self.path = path
        self.folder = os.path.realpath(os.path.dirname(os.path.abspath(path)))
        self.max_line = max_line
        self.repos = Checked(self.folder)

    def inside(self, value: Any, what: str, kind: str = "file") -> str:
        """The absolute real path of a manifest-relative path; refuses escapes."""
        if not isinstance(value, str) or not value.strip():
            raise Refused(f"{what} must be a non-empty string")
        value = _string(value, what)
        if os.path.isabs(value) or value.startswith("~"):
            raise Refused(f"{what} {show(value)} is absolute: paths must be relative to the manifest folder")
        parts = value.replace("\\", "/").split("/")
        if ".." in parts:
            raise Refused(f"{what} {show(value)} contains '..': paths may not leave the manifest folder")
        real = os.path.realpath(os.path.join(self.folder, value))
        if os.path.commonpath([real, self.folder]) != self.folder:
            raise Refused(f"{what} {show(value)} leads outside the manifest folder (symlink)")
        if kind == "file" and not os.path.isfile(real):
            raise Refused(f"{what} {show(value)} does not exist" if not os.path.exists(real) else
                          f"{what} {show(value)} is not a file")
        if kind == "dir" and not os.path.isdir(real):
            raise Refused(f"{what} {show(value)} is not a folder")
        return real

    def lines(self) -> Iterator[tuple[int, bytes | None]]:
        """(line number, bytes) for each line; None for a line longer than ``max_line`` (skipped, never held)."""
        with open(self.path, "rb") as fh:
            number = 0
            while True:
                raw = fh.readline(self.max_line + 1)
                if not raw:
                    return
                number += 1
                if len(raw) > self.max_line and not raw.endswith(b"\n"):
                    while raw and not raw.endswith(b"\n"):  # the rest of the line, in bounded pieces
                        raw = fh.readline(self.max_line)
                    yield number, None
                    continue
                yield number, raw

    def __iter__(self) -> Iterator[ManifestItem | ManifestError]:
        seen: set[str] = set()
        for number, raw in self.lines():
            if raw is None:
                yield ManifestError(number, f"line-{number}", f"line longer than {self.max_line} bytes")
                continue
            if not raw.strip():
                continue
            item = self._item(number, raw)
            if isinstance(item, ManifestItem):
                if item.id in seen:
                    yield ManifestError(number, f"{item.id}@line{number}", f"duplicate id {show(item.id)}")
                    continue
                seen.add(item.id)
            yield item

    def _item(self, number: int, raw: bytes) -> ManifestItem | ManifestError:
        """One line as an item, or as the one error row that says why not. Never raises."""
        fallback = f"line-{number}"
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            return ManifestError(number, fallback, f"not UTF-8 (byte {exc.start + 1} of the line)")
        except json.JSONDecodeError as exc:
            return ManifestError(number, fallback, f"not a JSON object: {str(exc)[:120]}")
        except RecursionError:
            return ManifestError(number, fallback, "not a JSON object: nested too deeply")
        if not isinstance(data, dict):
            return ManifestError(number, fallback, f"not a JSON object but {_type(data)}")
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            return ManifestError(number, fallback, "holds a lone surrogate (\\ud800-\\udfff): not valid Unicode text")
        except RecursionError:
            return ManifestError(number, fallback, "nested too deeply")
        ident = data.get("id")
        if ident is None:
            ident = fallback
        elif isinstance(ident, bool) or not isinstance(ident, (str, int)) or not str(ident).strip():
            return ManifestError(number, fallback, f"id must be a non-empty string or an integer, not {_type(ident)}")
        ident = str(ident)
        if len(ident) > MAX_ID:
            return ManifestError(number, fallback, f"id is longer than {MAX_ID} characters")
        meta = data.get("meta", {})
        if not isinstance(meta, dict):
            return ManifestError(number, ident, f"meta must be an object, not {_type(meta)}")
        try:
            return self._build(number, ident, meta, data)
        except Refused as exc:
            return ManifestError(number, ident, str(exc), meta)
        except Outside as exc:
            return ManifestError(number, ident, str(exc), meta)
        except OSError as exc:
            return ManifestError(number, ident, f"cannot read: {exc.strerror or exc}", meta)
        except (ValueError, TypeError, RecursionError) as exc:  # one bad line never stops the audit
            return ManifestError(number, ident, f"unusable line: {type(exc).__name__}: {str(exc)[:120]}", meta)

    def _build(self, number: int, ident: str, meta: dict, data: dict) -> ManifestItem:
        if "review_text" in data:
            text, review_path = _string(data["review_text"], "review_text"), f"{ident}:review_text"
        elif "review" in data:
            path = self.inside(data["review"], "review")
            try:
                blob = read_text_file(path, "review", 32 * 1024 * 1024)
            except InputError as exc:
                raise Refused(str(exc).replace(path, show(data["review"]))) from None
            text, review_path = blob.decode("utf-8", "replace"), data["review"]
        else:
            raise Refused("no review or review_text")
        item = ManifestItem(number, ident, text, review_path, meta)
        source = data.get("source")
        if isinstance(source, dict):
            if not all(isinstance(source.get(k), str) for k in ("repo", "rev", "path")):
                raise Refused("source needs repo, rev and path, each a string")
            item.repo = self.inside(source["repo"], "source.repo", "dir")
            item.rev, item.repo_path = _string(source["rev"], "source.rev"), _string(source["path"], "source.path")
            item.git_dir = self.repos.git_dir(item.repo, source["repo"])
            item.archive, item.repo_name = self.folder, source["repo"]
        elif source is not None:
            if not isinstance(source, str):
                raise Refused(f"source must be a path or an object {{repo, rev, path}}, not {_type(source)}")
            item.source_path = self.inside(source, "source")
            item.source_name = source
        elif "source_root" in data:
            item.source_root = self.inside(data["source_root"], "source_root", "dir")
        else:
            raise Refused("no source, source_root or {repo, rev, path}")
        return item
