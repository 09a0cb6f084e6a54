"""'Does not handle `OSError`', 'never catches `CalledProcessError`': is there an except clause for it?

The claim names the exception and the code it is about (a function, cited
lines). The except clauses whose ``try`` covers that code are read from the
AST: one that names the exception (or a builtin base of it, ``OSError`` for
``FileNotFoundError``) contradicts the claim; none at all around the code
supports it. A broad ``except Exception`` or a bare ``except`` catches it too,
but "does not handle it" may then mean "not properly": that is left open.
"""
from __future__ import annotations

from ..model import Claim, Evidence
from ..review.phrases import EXCEPTION_NAME, NOT_CAUGHT, negated
from .base import CheckContext, assertion_sentences, register, resolved_lines
from .exceptions import catches

BROAD = frozenset({"Exception", "BaseException"})


@register
class Unhandled:
    name = "unhandled"

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]:
        # an exception: named like one, or caught by name somewhere in the file (``InvalidURL``)
        caught = {t.split(".")[-1] for h in ctx.index.structure.handlers for t in h.types}
        named = [r.cited.code for r in claim.references if r.cited.code and (
            EXCEPTION_NAME.fullmatch(short := r.cited.code.split(".")[-1].removesuffix("()")) or short in caught)]
        if not named:
            return []
        for sentence in assertion_sentences(claim):
            m = NOT_CAUGHT.search(sentence)
            if not m or negated(sentence, m.start()) or not any(n.split(".")[-1] in sentence[m.end():m.end() + 80]
                                                                for n in named):
                continue
            lines = resolved_lines(claim, ctx, skip=frozenset(named))  # the exception's own mentions aside
            if not lines:
                return []
            around = [h for h in ctx.index.structure.handlers if any(h.try_start <= b and a <= h.try_end for a, b in lines)]
            for name in named:
                exact = [h for h in around if h.types and not set(h.types) <= BROAD and catches(h.types, name)]
                if exact:
                    return [Evidence("fact", f"the except clause at line {exact[0].start} catches "
                                             f"{', '.join(exact[0].types)}", "contradicts")]
            if not around:
                where = ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in sorted(set(lines))[:4])
                return [Evidence("fact", f"no try/except around the code (lines {where}) (the claim agrees)",
                                 "supports")]
            return []
        return []
