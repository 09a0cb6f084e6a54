"""Stage 6: reports rendered for people and machines, one module per format.

A new format is one new module here that decorates its render function with
``@formatter("name")``; modules are discovered on import.
"""
from __future__ import annotations

import importlib
import pkgutil
from typing import Callable

from ..model import Report

Render = Callable[[Report], str]
_FORMATS: dict[str, Render] = {}


def formatter(name: str) -> Callable[[Render], Render]:
    def add(func: Render) -> Render:
        _FORMATS[name] = func
        return func
    return add


def formats() -> dict[str, Render]:
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    return dict(sorted(_FORMATS.items()))


def render(report: Report, name: str) -> str:
    return formats()[name](report)
