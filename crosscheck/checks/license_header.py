"""Claims about the file's license header."""
from __future__ import annotations

import re

from ..model import Claim, Evidence
from .base import CheckContext, assertion_sentences, register

LICENSES = {"apache": r"apache", "mit": r"\bMIT\b", "gpl": r"\bGPL|GNU General Public", "bsd": r"\bBSD\b",
            "mozilla": r"Mozilla Public|MPL"}


@register
class LicenseHeader:
    name = "license_header"

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]:
        text = " ".join(assertion_sentences(claim))
        if not re.search(r"\blicen[cs]e", text, re.I) or re.search(r"\b(?:no|missing|lacks?|without)\b[^.]*licen[cs]e",
                                                                   text, re.I):
            return []
        header = [(n, c) for n, c in sorted(ctx.index.lexed.comments.items()) if n <= 40]
        licensed = [n for n, c in header if re.search(r"licen[cs]e", c, re.I)]
        if not licensed:
            return [Evidence("fact", "no license text in the file's header comments", "contradicts")]
        header_text = " ".join(c for _, c in header)
        for name, pattern in LICENSES.items():
            if re.search(pattern, text, re.I if name in ("apache", "mozilla") else 0):
                if not re.search(pattern, header_text, re.I if name in ("apache", "mozilla") else 0):
                    return [Evidence("fact", f"the header's license is not {name.upper()}", "contradicts")]
        return [Evidence("fact", f"license header on lines {licensed[0]}-{licensed[-1]}", "supports")]
