"""On-disk cache of analyzer results.

An entry is keyed by the file content's hash and the analyzer's fingerprint
(its version, and for semgrep the rule set's hash), so a changed rule or
analyzer never serves a stale result. Entries are written atomically, so a
crash never leaves a half-written entry behind.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from ..model import Finding


class ResultCache:
    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def _path(self, sha256: str, fingerprint: str) -> Path:
        safe = "".join(ch if ch.isalnum() or ch in "-._" else "_" for ch in fingerprint)
        return self.folder / safe / sha256[:2] / f"{sha256}.json"

    def get(self, sha256: str, fingerprint: str) -> list[Finding] | None:
        path = self._path(sha256, fingerprint)
        try:
            data = json.loads(path.read_text())
            return [Finding(**item) for item in data]
        except (OSError, ValueError, TypeError):
            return None

    def put(self, sha256: str, fingerprint: str, findings: list[Finding]) -> None:
        path = self._path(sha256, fingerprint)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w") as fh:
                json.dump([f.__dict__ for f in findings], fh)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time
