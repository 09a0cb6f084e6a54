"""Checked facts about a source, as the claim checks consume them."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ScopeFact:
    """A module, class or function, with whether it has a docstring."""
    kind: str  # module / class / function
    name: str
    start: int
    end: int
    has_docstring: bool


@dataclass(frozen=True)
class CallFact:
    name: str  # dotted callee as written, e.g. "self.api.delete_server"
    line: int
    end_line: int
    args: tuple[str, ...]  # source text of each positional argument
    keywords: tuple[tuple[str, str], ...]  # (name, source text)

    @property
    def short_name(self) -> str:
        return self.name.rsplit(".", 1)[-1]

    def signature(self) -> str:
        parts = list(self.args) + [f"{k}={v}" for k, v in self.keywords]
        return f"{self.short_name}({', '.join(parts)})"


@dataclass(frozen=True)
class ComparisonFact:
    line: int
    operands: tuple[str, ...]
    operators: tuple[str, ...]


@dataclass(frozen=True)
class AssertionFact:
    """``assert x`` or a unittest ``self.assertXxx(a, b)`` call."""
    line: int
    method: str
    operands: tuple[str, ...]


@dataclass(frozen=True)
class TryFact:
    start: int
    end: int
    handlers: tuple[str, ...]  # exception types caught ("" for a bare except)
    has_finally: bool


@dataclass(frozen=True)
class ImportFact:
    module: str  # "oslo_config.cfg" for "from oslo_config import cfg"
    names: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class StringFact:
    value: str
    line: int


@dataclass(frozen=True)
class MockFact:
    what: str  # e.g. "mock.patch", "MagicMock", "import unittest.mock"
    line: int


@dataclass
class CodeFacts:
    scopes: list[ScopeFact] = field(default_factory=list)
    calls: list[CallFact] = field(default_factory=list)
    comparisons: list[ComparisonFact] = field(default_factory=list)
    assertions: list[AssertionFact] = field(default_factory=list)
    tries: list[TryFact] = field(default_factory=list)
    imports: list[ImportFact] = field(default_factory=list)
    strings: list[StringFact] = field(default_factory=list)
    mocks: list[MockFact] = field(default_factory=list)
    logging_calls: list[CallFact] = field(default_factory=list)
    parse_error: str | None = None

    @property
    def parsed(self) -> bool:
        return self.parse_error is None

    def calls_named(self, name: str) -> list[CallFact]:
        """Calls whose callee ends with ``name`` at a dot boundary."""
        name = name.strip().removesuffix("()")
        return [c for c in self.calls if c.name == name or c.name.endswith("." + name)
                or name.endswith("." + c.name) or c.short_name == name.rsplit(".", 1)[-1]
                and "." not in name]

    def scopes_named(self, name: str) -> list[ScopeFact]:
        return [s for s in self.scopes if s.name == name]

    def imported_modules(self) -> set[str]:
        out: set[str] = set()
        for imp in self.imports:
            parts = imp.module.split(".")
            out.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
            out.update(imp.names)
        return out

    def missing_docstrings(self) -> list[ScopeFact]:
        return [s for s in self.scopes if not s.has_docstring]
