"""Which statement and which block each line of a source belongs to.

A cited line matches code anywhere in its logical statement (a call over
several lines, a definition with its decorators) or in the header of the
compound statement around it; a name mentioned in passing is in place
anywhere in the block around the cited line. This module answers those
questions from the AST (compile-only, the code is never executed), with a
table per line computed once, so each question costs no scan of the file.
"""
from __future__ import annotations

import ast
import re
import warnings
from dataclasses import dataclass, field

from .budget import analysis_budget


@dataclass(frozen=True)
class Handler:
    """One ``except`` clause: what it catches and what it does with the exception."""
    try_start: int
    try_end: int      # last line of the try body
    start: int
    end: int
    types: tuple[str, ...]   # dotted names caught; () for a bare except
    reraises: bool           # its body always raises (re-raises or wraps the exception)
    silent: bool             # its body is only pass / continue / ... / a return of a constant


@dataclass
class Structure:
    """Line spans of statements and scopes; empty when the file does not parse."""
    statements: list[tuple[int, int]] = field(default_factory=list)
    scopes: list[tuple[int, int]] = field(default_factory=list)  # def / class spans (decorators included)
    named_scopes: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # name -> def/class spans
    methods: dict[str, list[int]] = field(default_factory=dict)  # "Class.method" -> def lines
    # compound statements: (first line, last line of the header, last line of the body)
    headers: list[tuple[int, int, int]] = field(default_factory=list)
    class_names: set[str] = field(default_factory=set)  # names a class body defines or assigns
    handlers: list["Handler"] = field(default_factory=list)  # every except clause
    # every call, by the last part of its name: (first line, last line, positional args, keyword args)
    calls: dict[str, list[tuple[int, int, tuple[str, ...], dict[str, str]]]] = field(default_factory=dict)
    parse_error: str | None = None
    _statement_at: dict[int, tuple[int, int]] = field(default_factory=dict, repr=False)
    _scope_at: dict[int, tuple[int, int]] = field(default_factory=dict, repr=False)
    _header_at: dict[int, tuple[int, int]] = field(default_factory=dict, repr=False)

    def index(self) -> None:
        """Fill the per-line tables: the innermost statement, scope and enclosing header of each line.
        Larger spans are filled first, so an inner span overwrites its parent's lines."""
        for spans, table in ((self.statements, self._statement_at), (self.scopes, self._scope_at)):
            for start, end in sorted(spans, key=lambda s: s[0] - s[1]):
                for n in range(start, end + 1):
                    table[n] = (start, end)
        for start, header_end, end in sorted(self.headers, key=lambda h: h[0] - h[2]):
            for n in range(header_end + 1, end + 1):
                self._header_at[n] = (start, header_end)

    def block_of(self, line: int) -> tuple[int, int]:
        """The innermost def/class around ``line``, else its top-level statement."""
        return self._scope_at.get(line) or self.statement_of(line)

    def scope_of(self, line: int) -> tuple[int, int] | None:
        """The innermost def/class around ``line``; None at module level (or when the file does not parse)."""
        return self._scope_at.get(line)

    def statement_of(self, line: int) -> tuple[int, int]:
        return self._statement_at.get(line, (line, line))

    def headers_around(self, line: int) -> list[tuple[int, int]]:
        """The header of the compound statement whose body holds ``line`` (``with``, ``for``, ``if`` ...)."""
        header = self._header_at.get(line)
        return [header] if header else []

    def scope_spans(self, code: str) -> list[tuple[int, int]]:
        """Spans of the functions or classes that ``code`` names (``foo``, ``foo()``, ``Cls.foo``)."""
        parts = re.sub(r"\((?:\s*|\.\.\.|…)\)$", "", code.strip()).split(".")
        if len(parts) > 1 and parts[-2] not in self.named_scopes and parts[-2] not in ("self", "cls"):
            return []  # ``self.conn.close()`` calls a method of another object, not the ``close`` defined here
        return self.named_scopes.get(parts[-1], [])

    def same_block(self, cited: tuple[int, int], line: int) -> bool:
        for anchor in {cited[0], cited[1]}:
            start, end = self.block_of(anchor)
            if start <= line <= end:
                return True
        return False


def analyse_structure(text: str) -> Structure:
    """The structure of ``text``; empty, with ``parse_error``, when it does not parse, nests too
    deep or is too long to build a tree of (its lines are then resolved as text)."""
    too_deep = analysis_budget(text)
    if too_deep:
        return Structure(parse_error=str(too_deep))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _structure(ast.parse(text))
    except (SyntaxError, ValueError, MemoryError, RecursionError) as exc:  # ast.unparse recurses too
        return Structure(parse_error=f"{type(exc).__name__}: {exc}")


def _structure(tree: ast.Module) -> Structure:
    out = Structure()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            _record_call(out, node)
        if isinstance(node, ast.stmt) and (isinstance(node, ast.Try) or type(node).__name__ == "TryStar"):
            _record_handlers(out, node)
        if not isinstance(node, ast.stmt):
            continue
        end = getattr(node, "end_lineno", None) or node.lineno
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.scopes.append((start, end))
            out.named_scopes.setdefault(node.name, []).append((start, end))
        if isinstance(node, ast.ClassDef):
            for child in node.body:  # "Store.close" names a method defined in a class
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    out.methods.setdefault(f"{node.name}.{child.name}", []).append(child.lineno)
                    out.class_names.add(child.name)
                for target in getattr(child, "targets", None) or [getattr(child, "target", None)]:
                    if isinstance(target, ast.Name):
                        out.class_names.add(target.id)
        # a compound statement's "statement" is its header (decorators included), not its body
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
            header_end = max(node.lineno, body[0].lineno - 1)
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                out.headers.append((start, header_end, end))  # a def line is not a step of its body
            end = header_end
        out.statements.append((start, end))
    out.index()
    return out


def call_name(func: ast.expr) -> str | None:
    parts: list[str] = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if isinstance(func, ast.Name):
        parts.append(func.id)
    elif not parts:
        return None
    return ".".join(reversed(parts))


def _record_call(out: Structure, node: ast.Call) -> None:
    name = call_name(node.func)
    if not name:
        return
    args = tuple(ast.unparse(a) for a in node.args)
    keywords = {k.arg or "**": ast.unparse(k.value) for k in node.keywords}
    out.calls.setdefault(name.rsplit(".", 1)[-1], []).append(
        (node.lineno, getattr(node, "end_lineno", None) or node.lineno, args, keywords))


def _record_handlers(out: Structure, node: ast.stmt) -> None:
    body = getattr(node, "body", [])
    try_end = max((getattr(b, "end_lineno", b.lineno) for b in body), default=node.lineno)
    for handler in getattr(node, "handlers", []):
        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else ([handler.type] if handler.type else [])
        types = tuple(n for n in (call_name(k) for k in kinds) if n)
        reraises = _raises_always(handler.body)
        silent = all(isinstance(stmt, (ast.Pass, ast.Continue)) or (isinstance(stmt, ast.Expr) and isinstance(
            stmt.value, ast.Constant)) or (isinstance(stmt, ast.Return) and (stmt.value is None or isinstance(
                stmt.value, ast.Constant))) for stmt in handler.body)
        out.handlers.append(Handler(node.lineno, try_end, handler.lineno,
                                    getattr(handler, "end_lineno", None) or handler.lineno, types, reraises, silent))


def _raises_always(body: list[ast.stmt]) -> bool:
    """Whether a handler's body always raises: a ``raise`` at its top level (or inside a
    ``with``), not one under an ``if raise_errors:`` that may let the error pass."""
    for stmt in body:
        if isinstance(stmt, ast.Raise):
            return True
        if isinstance(stmt, (ast.With, ast.AsyncWith)) and _raises_always(stmt.body):
            return True
    return False
