"""CWE ids a claim states, with the name it gives each, where it gives one.

"CWE-79 (Cross-site Scripting)" and "CWE-79: Improper Neutralization ..."
name the weakness; "CWE-295: TLS is not verified in `fetch`" and "CWE-89:
query built by string formatting" describe the code after the colon. The text
after a colon is kept as a stated name only when it does not read as a
sentence; whether it is the name of *some* CWE is the catalog's call
(``checks/cwe_names.py``), which flags it only when it is another CWE's name.
"""
from __future__ import annotations

import re

from ..model import CweMention

CWE_NAME_RE = re.compile(
    r"\bCWE[-‐ ]?(?P<id>\d{1,5})\b(?:\s*(?:\*\*|__)?\s*(?:\((?P<paren>[^)\n]{2,120})\)|[:\-–—]\s*(?P<colon>(?:(?!"
    r"\s+(?:at|on|in|near|around)\s+(?:lines?\b|L\d))[^\n:.;()`]){3,120})))?",
    re.I)
# the whole mention, name included, so its words are not read as code
CWE_SPAN = re.compile(r"\bCWE[-‐ ]?\d{1,5}\b(?:\s*\([^)\n]{0,200}\)|\s*:(?:(?!\s+(?:at|on|in|near|around)\s+"
                      r"(?:lines?\b|L\d))[^\n.`]){0,200})?", re.I)
_MD = re.compile(r"(\*\*|__)")
_SENTENCE_VERB = re.compile(r"\b(?:is|are|was|were|does|do|did|has|have|can|could|may|might|should|will|"
                            r"built|used|uses|passed|called|allows?|lets?|leads?|reads?|writes?|runs?|takes?)\b",
                            re.I)


def extract_cwes(text: str, ids: tuple[int, ...] = ()) -> list[CweMention]:
    """Every CWE id in ``text`` (and ``ids`` a structured input states), once each."""
    out: list[CweMention] = []
    seen: set[int] = set()
    for m in CWE_NAME_RE.finditer(text):
        cwe_id = int(m.group("id"))
        if cwe_id in seen:
            continue
        seen.add(cwe_id)
        name = m.group("paren") or (m.group("colon") if looks_like_name(m.group("colon")) else None)
        if name:
            name = _MD.sub("", name).strip().strip("\"'“”").strip()
            # "CWE-78 - OS command injection in `run_command`": the name ends before the code
            name = re.sub(r"(?:\s+(?:in|on|at|of|for|from|by|via|within))+$", "", name, flags=re.I)
            if re.fullmatch(r"(?:e\.g\.|see|cf\.).*|\d+.*", name, re.I):
                name = None
        out.append(CweMention(id=cwe_id, stated_name=name or None))
    for cwe_id in ids:
        if cwe_id not in seen:
            seen.add(cwe_id)
            out.append(CweMention(id=cwe_id, stated_name=None))
    return out


def looks_like_name(text: str | None) -> bool:
    """'CWE-79: Improper Neutralization ...' names a weakness; 'CWE-295: TLS is verified
    properly in `f`' is a sentence: its words are not a name to check."""
    if not text:
        return False
    head = text.split("`", 1)[0]  # "OS command injection in `run`": the name stops at the code
    return bool(re.search(r"[A-Za-z]{2}", head)) and not _SENTENCE_VERB.search(head)
