"""Which statement and which block each line of a source belongs to.

A name mentioned in passing is in place when it lies in the same statement or
block as the cited line; this module answers "same block" from the AST
(compile-only, the code is never executed).
"""
from __future__ import annotations

import ast
import re
import warnings
from dataclasses import dataclass, field


@dataclass
class Structure:
    """Line spans of statements and scopes; empty when the file does not parse."""
    statements: list[tuple[int, int]] = field(default_factory=list)
    scopes: list[tuple[int, int]] = field(default_factory=list)  # def / class spans
    named_scopes: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # name -> def/class spans
    methods: dict[str, list[int]] = field(default_factory=dict)  # "Class.method" -> def lines
    parse_error: str | None = None

    def block_of(self, line: int) -> tuple[int, int]:
        """The innermost def/class around ``line``, else its top-level statement."""
        best: tuple[int, int] | None = None
        for start, end in self.scopes:
            if start <= line <= end and (best is None or end - start < best[1] - best[0]):
                best = (start, end)
        if best:
            return best
        return self.statement_of(line)

    def statement_of(self, line: int) -> tuple[int, int]:
        best = (line, line)
        for start, end in self.statements:
            if start <= line <= end and (best == (line, line) or end - start < best[1] - best[0]):
                best = (start, end)
        return best

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
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError, MemoryError, RecursionError) as exc:
        return Structure(parse_error=f"{type(exc).__name__}: {exc}")
    out = Structure()
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt):
            end = getattr(node, "end_lineno", None) or node.lineno
            start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                out.scopes.append((start, end))
                out.named_scopes.setdefault(node.name, []).append((start, end))
            if isinstance(node, ast.ClassDef):
                for child in node.body:  # "Store.close" names a method defined in a class
                    if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                        out.methods.setdefault(f"{node.name}.{child.name}", []).append(child.lineno)
            # a compound statement's "statement" is its header, not its body
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                end = max(node.lineno, body[0].lineno - 1)
            out.statements.append((node.lineno, end))
    return out
