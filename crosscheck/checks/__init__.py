"""Stage 4: claim checks, each a small plugin in its own module.

A check reads one claim (its assertion text, CWE mentions and resolved
references) and the context (source, code facts, analyzer findings) and
returns evidence: human-readable details that support, contradict or merely
inform the claim. Adding a check is one new module in this package that
decorates its class with ``@register``; modules are discovered on import.
"""
from __future__ import annotations

import importlib
import pkgutil

from .base import CheckContext, ClaimCheck, all_checks, applicable, register

_loaded = False


def load_checks() -> list[ClaimCheck]:
    """Import every module of this package once (each registers its checks)."""
    global _loaded
    if not _loaded:
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            if info.name != "base":
                importlib.import_module(f"{__name__}.{info.name}")
        _loaded = True
    return all_checks()


__all__ = ["CheckContext", "ClaimCheck", "applicable", "load_checks", "register"]
