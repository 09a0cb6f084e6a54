"""Defaults from ``[tool.crosscheck]`` in the nearest pyproject.toml; flags win.

    [tool.crosscheck]
    fail-on = ["fabricated", "contradicted"]
    fail-on-verdict = ["missed_findings"]
    rules = "ci/semgrep-rules"
    severity = "medium"        # findings below this are not reported
    timeout = 120
    timeouts = {semgrep = 300, bandit = 60}   # per analyzer
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .model import InputError

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

KEYS = {"fail-on", "fail-on-verdict", "rules", "severity", "timeout", "timeouts", "format"}


def find_pyproject(start: str | None = None) -> Path | None:
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path | None = None) -> dict[str, Any]:
    path = path or find_pyproject()
    if path is None:
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: cannot read [tool.crosscheck]: {exc}") from None
    section = data.get("tool", {}).get("crosscheck", {})
    if not isinstance(section, dict):
        raise InputError(f"{path}: [tool.crosscheck] must be a table")
    unknown = sorted(set(section) - KEYS)
    if unknown:
        raise InputError(f"{path}: unknown [tool.crosscheck] key(s): {', '.join(unknown)}")
    if "rules" in section:
        section["rules"] = str((path.parent / section["rules"]).resolve())
    return section
