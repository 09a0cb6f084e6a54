"""'The code validates / sanitizes / encrypts / logs ...': is there any code doing it?

A review that credits the code with a protective action the code never takes
(no call or name that could perform it) describes code that is not there.
"""
from __future__ import annotations

import re

from ..model import Claim, Evidence
from .base import CheckContext, assertion_sentences, negated, register

# verb in the review -> name fragments that could perform it in code
ACTIONS = {
    "validat": ("valid",), "sanitiz": ("saniti", "escape", "clean", "bleach"), "sanitis": ("saniti", "escape", "clean"),
    "escap": ("escape", "quote"), "encrypt": ("encrypt", "cipher", "fernet", "aes", "seal"),
    "decrypt": ("decrypt", "cipher", "fernet", "unseal"), "authenticat": ("auth", "login", "token", "credential"),
    "authoriz": ("auth", "polic", "permission", "role", "allow"), "hash": ("hash", "digest", "sha", "md5", "bcrypt"),
    "logs": ("log",), "logging": ("log",),
}
SUBJECT = r"\b(?:the\s+)?(?:code|test|function|method|class|module|application|app|script|server|it)\s+(?:also\s+)?"
ACTION_RE = re.compile(SUBJECT + r"(?P<verb>validat|sanitiz|sanitis|escap|encrypt|decrypt|authenticat|authoriz|"
                       r"hash|logs\b|logging)\w*", re.I)


@register
class Behaviour:
    name = "behaviour"

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]:
        if ctx.source.line_count == 0:
            return []
        names = ctx.index.names
        for sentence in assertion_sentences(claim):
            m = ACTION_RE.search(sentence)
            if not m or negated(sentence, m.start("verb")):
                continue
            verb = m.group("verb").lower()
            fragments = ACTIONS[verb]
            doers = sorted(n for n in names if any(f in n for f in fragments))
            word = m.group(0).split()[-1]
            if doers:
                return [Evidence("fact", f"names that could {verb}: {', '.join(doers[:5])}", "neutral")]
            return [Evidence("fact", f"nothing in the code {word.lower()}: no call or name containing "
                                     f"{' / '.join(repr(f) for f in fragments)}", "contradicts")]
        return []
