"""Read an audit manifest lazily, one JSON object a line.

Relative paths are relative to the manifest's folder and none may escape it:
``..``, absolute paths and symlinks leading out are refused for that line,
with the reason, and the audit goes on.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Iterator

from ..model import InputError
from ..source.loader import read_text_file


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
    repo: str | None = None
    rev: str | None = None
    repo_path: str | None = None


@dataclass
class ManifestError:
    line: int
    id: str
    reason: str
    meta: dict[str, Any] = field(default_factory=dict)


class Refused(Exception):
    pass


class Manifest:
    def __init__(self, path: str) -> None:
        self.path = path
        self.folder = os.path.realpath(os.path.dirname(os.path.abspath(path)))

    def inside(self, value: Any, what: str, kind: str = "file") -> str:
        """The absolute real path of a manifest-relative path; refuses escapes."""
        if not isinstance(value, str) or not value.strip():
            raise Refused(f"{what} must be a non-empty string")
        if os.path.isabs(value) or value.startswith("~"):
            raise Refused(f"{what} '{value}' is absolute: paths must be relative to the manifest folder")
        parts = value.replace("\\", "/").split("/")
        if ".." in parts:
            raise Refused(f"{what} '{value}' contains '..': paths may not leave the manifest folder")
        real = os.path.realpath(os.path.join(self.folder, value))
        if os.path.commonpath([real, self.folder]) != self.folder:
            raise Refused(f"{what} '{value}' leads outside the manifest folder (symlink)")
        if kind == "file" and not os.path.isfile(real):
            raise Refused(f"{what} '{value}' does not exist" if not os.path.exists(real) else
                          f"{what} '{value}' is not a file")
        if kind == "dir" and not os.path.isdir(real):
            raise Refused(f"{what} '{value}' is not a folder")
        return real

    def __iter__(self) -> Iterator[ManifestItem | ManifestError]:
        seen: set[str] = set()
        with open(self.path, "rb") as fh:
            for number, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                item = self._item(number, raw)
                if isinstance(item, ManifestItem):
                    if item.id in seen:
                        yield ManifestError(number, f"{item.id}@line{number}", f"duplicate id '{item.id}'")
                        continue
                    seen.add(item.id)
                yield item

    def _item(self, number: int, raw: bytes) -> ManifestItem | ManifestError:
        fallback = f"line-{number}"
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return ManifestError(number, fallback, f"not a JSON object: {str(exc)[:120]}")
        if not isinstance(data, dict):
            return ManifestError(number, fallback, "not a JSON object")
        ident = data.get("id")
        ident = str(ident) if isinstance(ident, (str, int)) and str(ident).strip() else fallback
        meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
        try:
            return self._build(number, ident, meta, data)
        except Refused as exc:
            return ManifestError(number, ident, str(exc), meta)
        except OSError as exc:
            return ManifestError(number, ident, f"cannot read: {exc.strerror or exc}", meta)

    def _build(self, number: int, ident: str, meta: dict, data: dict) -> ManifestItem:
        if "review_text" in data:
            if not isinstance(data["review_text"], str):
                raise Refused("review_text must be a string")
            text, review_path = data["review_text"], f"{ident}:review_text"
        elif "review" in data:
            path = self.inside(data["review"], "review")
            try:
                blob = read_text_file(path, "review", 32 * 1024 * 1024)
            except InputError as exc:
                raise Refused(str(exc).replace(path, f"'{data['review']}'")) from None
            text, review_path = blob.decode("utf-8", "replace"), data["review"]
        else:
            raise Refused("no review or review_text")
        item = ManifestItem(number, ident, text, review_path, meta)
        source = data.get("source")
        if isinstance(source, dict):
            item.repo = self.inside(source.get("repo"), "source.repo", "dir")
            if not isinstance(source.get("rev"), str) or not isinstance(source.get("path"), str):
                raise Refused("source needs repo, rev and path")
            item.rev, item.repo_path = source["rev"], source["path"]
        elif source is not None:
            item.source_path = self.inside(source, "source")
            item.source_name = source
        elif "source_root" in data:
            item.source_root = self.inside(data["source_root"], "source_root", "dir")
        else:
            raise Refused("no source, source_root or {repo, rev, path}")
        return item
