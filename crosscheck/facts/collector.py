"""One libcst pass over a module collects every fact the claim checks use.

libcst keeps exact source positions and round-trips the code, so argument
and operand texts in the evidence are the code as written.
"""
from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from ..source.budget import analysis_budget, with_large_stack
from .model import (AssertionFact, CallFact, CodeFacts, ComparisonFact, ImportFact, MockFact, ScopeFact,
                    StringFact, TryFact)

LOG_METHODS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "fatal"}
LOG_OWNERS = ("log", "logger", "logging", "_log", "_logger", "LOG", "LOGGER")
MOCK_NAMES = {"Mock", "MagicMock", "AsyncMock", "NonCallableMock", "PropertyMock", "patch", "create_autospec",
              "mock_open", "patch.object", "patch.dict", "patch.multiple"}


def dotted(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = dotted(node.value)
        return f"{head}.{node.attr.value}" if head else None
    if isinstance(node, cst.Call):
        head = dotted(node.func)
        return f"{head}()" if head else None
    if isinstance(node, cst.Subscript):
        head = dotted(node.value)
        return f"{head}[]" if head else None
    return None


class _Collector(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, module: cst.Module, facts: CodeFacts) -> None:
        super().__init__()
        self.module = module
        self.facts = facts

    def _lines(self, node: cst.CSTNode) -> tuple[int, int]:
        pos = self.get_metadata(PositionProvider, node)
        return pos.start.line, pos.end.line

    def code(self, node: cst.CSTNode) -> str:
        return " ".join(self.module.code_for_node(node).split())

    def visit_Module(self, node: cst.Module) -> None:
        end = max(1, len(self.module.code.splitlines()))
        self.facts.scopes.append(ScopeFact("module", "<module>", 1, end, node.get_docstring() is not None))

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        start, end = self._lines(node.name)
        self.facts.scopes.append(ScopeFact("class", node.name.value, start, self._lines(node)[1],
                                           node.get_docstring() is not None))

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        start, _ = self._lines(node.name)
        self.facts.scopes.append(ScopeFact("function", node.name.value, start, self._lines(node)[1],
                                           node.get_docstring() is not None))
        for deco in node.decorators:
            name = dotted(deco.decorator.func if isinstance(deco.decorator, cst.Call) else deco.decorator) or ""
            if _is_mock(name):
                self.facts.mocks.append(MockFact(name, self._lines(deco)[0]))

    def visit_Call(self, node: cst.Call) -> None:
        name = dotted(node.func)
        if not name:
            return
        start, end = self._lines(node)
        args = tuple(self.code(a.value) if not a.star else a.star + self.code(a.value)
                     for a in node.args if a.keyword is None)
        keywords = tuple((a.keyword.value, self.code(a.value)) for a in node.args if a.keyword is not None)
        call = CallFact(name, start, end, args, keywords)
        self.facts.calls.append(call)
        short = name.rsplit(".", 1)[-1]
        if short.startswith("assert") and name.startswith(("self.", "cls.")):
            self.facts.assertions.append(AssertionFact(start, short, args + tuple(v for _, v in keywords)))
        owner = name.rsplit(".", 1)[0] if "." in name else ""
        if short in LOG_METHODS and owner.split(".")[-1] in LOG_OWNERS + tuple(o.upper() for o in LOG_OWNERS):
            self.facts.logging_calls.append(call)
        if _is_mock(name):
            self.facts.mocks.append(MockFact(name, start))

    def visit_Comparison(self, node: cst.Comparison) -> None:
        start, _ = self._lines(node)
        operands = (self.code(node.left),) + tuple(self.code(t.comparator) for t in node.comparisons)
        operators = tuple(type(t.operator).__name__ for t in node.comparisons)
        self.facts.comparisons.append(ComparisonFact(start, operands, operators))

    def visit_Assert(self, node: cst.Assert) -> None:
        self.facts.assertions.append(AssertionFact(self._lines(node)[0], "assert", (self.code(node.test),)))

    def visit_Try(self, node: cst.Try) -> None:
        start, end = self._lines(node)
        handlers = tuple(self.code(h.type) if h.type else "" for h in node.handlers)
        self.facts.tries.append(TryFact(start, end, handlers, node.finalbody is not None))

    def visit_TryStar(self, node: cst.TryStar) -> None:
        start, end = self._lines(node)
        handlers = tuple(self.code(h.type) if h.type else "" for h in node.handlers)
        self.facts.tries.append(TryFact(start, end, handlers, node.finalbody is not None))

    def visit_With(self, node: cst.With) -> None:
        for item in node.items:
            expr = item.item
            name = dotted(expr.func) if isinstance(expr, cst.Call) else None
            if name and _is_mock(name):
                self.facts.mocks.append(MockFact(name, self._lines(item)[0]))

    def visit_Import(self, node: cst.Import) -> None:
        line = self._lines(node)[0]
        for alias in node.names:
            module = self.code(alias.name)
            self.facts.imports.append(ImportFact(module, (), line))
            if module == "mock" or module.endswith(".mock") or module.startswith("mock."):
                self.facts.mocks.append(MockFact(f"import {module}", line))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        line = self._lines(node)[0]
        module = ("." * len(node.relative)) + (self.code(node.module) if node.module else "")
        names: tuple[str, ...] = ()
        if not isinstance(node.names, cst.ImportStar):
            names = tuple(self.code(a.name) for a in node.names)
        self.facts.imports.append(ImportFact(module, names, line))
        if module in ("mock", "unittest.mock") or module.endswith(".mock") or "mock" in names:
            self.facts.mocks.append(MockFact(f"from {module} import {', '.join(names) or '*'}", line))

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        try:
            value = node.evaluated_value
        except Exception:  # undecodable escape: keep the raw text
            value = node.value
        self.facts.strings.append(StringFact(value if isinstance(value, str) else repr(value),
                                             self._lines(node)[0]))


def _is_mock(name: str) -> bool:
    parts = name.split(".")
    return parts[-1] in MOCK_NAMES or ".".join(parts[-2:]) in MOCK_NAMES or parts[0] == "mock" and len(parts) > 1


def collect_facts(text: str) -> CodeFacts:
    """Facts of ``text``; a module libcst cannot parse yields ``parse_error``."""
    too_deep = analysis_budget(text)
    if too_deep:
        return CodeFacts(parse_error=str(too_deep))
    facts = CodeFacts()
    try:
        module = with_large_stack(lambda: cst.parse_module(text))
        MetadataWrapper(module, unsafe_skip_copy=True).visit(_Collector(module, facts))
    except (cst.ParserSyntaxError, RecursionError, ValueError, TypeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return CodeFacts(parse_error=f"{type(exc).__name__}: {first}"[:300])
    return facts
