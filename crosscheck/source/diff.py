"""Mark resolved lines as added, context, or outside a unified diff."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import InputError


@dataclass
class FileChange:
    added: set[int] = field(default_factory=set)
    context: set[int] = field(default_factory=set)

    def mark(self, line: int) -> str:
        if line in self.added:
            return "added"
        if line in self.context:
            return "context"
        return "outside"


def parse_diff(text: str) -> dict[str, FileChange]:
    """Target-side line numbers per changed file (paths without a/ b/ prefixes)."""
    from unidiff import PatchSet
    from unidiff.errors import UnidiffParseError
    try:
        patch = PatchSet(text)
    except UnidiffParseError as exc:
        raise InputError(f"diff cannot be parsed: {exc}") from None
    out: dict[str, FileChange] = {}
    for patched in patch:
        path = patched.target_file
        if path.startswith("b/"):
            path = path[2:]
        change = out.setdefault(path, FileChange())
        for hunk in patched:
            for line in hunk:
                if line.target_line_no is None:
                    continue
                if line.is_added:
                    change.added.add(line.target_line_no)
                elif line.is_context:
                    change.context.add(line.target_line_no)
    if not out:
        raise InputError("diff holds no file changes")
    return out


def change_for(changes: dict[str, FileChange], path: str | None) -> FileChange | None:
    if path is None:
        return next(iter(changes.values())) if len(changes) == 1 else None
    norm = path.lstrip("./")
    for name, change in changes.items():
        if name == norm or name.endswith("/" + norm) or norm.endswith("/" + name):
            return change
    return None
