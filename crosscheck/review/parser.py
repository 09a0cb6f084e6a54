"""Review text -> claims: kind, CWE ids, cited references, stated conclusion."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Claim, CweMention, Span
from .blocks import ADVICE_LEAD_RE, Block, split_blocks
from .language import (DEFECT_WORDS, NO_DEFECT_WORDS, STATED_NO, STATED_SUBJECT, STATED_YES,
                       SUGGESTION_WORDS, SUMMARY_WORDS, sentences)
from .references import extract_references

CWE_NAME_RE = re.compile(
    r"\bCWE[-‐ ]?(?P<id>\d{1,5})\b(?:\s*(?:\*\*|__)?\s*(?:\((?P<paren>[^)\n]{2,120})\)|[:\-–—]\s*(?P<colon>(?:(?!"
    r"\s+(?:at|on|in|near|around)\s+(?:lines?\b|L\d))[^\n:.;()`]){3,120})))?",
    re.I)
_NEWLINE = re.compile(r"\r\n|\r|\n")
_MD = re.compile(r"(\*\*|__)")


@dataclass
class ParsedReview:
    lines: list[str]
    claims: list[Claim]
    stated: str  # defects / no_defects / unclear


def parse_review(text: str) -> ParsedReview:
    lines = [line.rstrip() for line in _NEWLINE.split(text)]
    claims: list[Claim] = []
    blocks = [b for b in split_blocks(lines) if b.kind != "heading"]
    for position, block in enumerate(blocks):
        claim = _claim(len(claims) + 1, block, lines, position, len(blocks))
        if claim is not None:
            claims.append(claim)
    return ParsedReview(lines, claims, stated_conclusion(claims))


def _claim(index: int, block: Block, lines: list[str], position: int, total: int) -> Claim | None:
    body = "\n".join(lines[i] for i in block.lines).strip()
    if not body:
        return None
    assertion_lines = [lines[i] for i in block.lines]
    # "Solution:" paragraphs are advice attached to the claim: checks ignore them
    cut = next((k for k, line in enumerate(assertion_lines) if k and ADVICE_LEAD_RE.match(line)), None)
    assertion = "\n".join(assertion_lines[:cut] if cut else assertion_lines).strip()
    claim = Claim(index=index, text=body, span=Span(block.lines[0] + 1, block.lines[-1] + 1),
                  kind="observation", assertion=assertion, section=block.section)
    claim.cwe = extract_cwes(body)
    claim.cited = extract_references(body)
    claim.kind = classify(claim, block, position, total)
    return claim


def extract_cwes(text: str) -> list[CweMention]:
    out: list[CweMention] = []
    seen: set[int] = set()
    for m in CWE_NAME_RE.finditer(text):
        cwe_id = int(m.group("id"))
        if cwe_id in seen:
            continue
        seen.add(cwe_id)
        name = m.group("paren") or (m.group("colon") if _looks_like_name(m.group("colon")) else None)
        if name:
            name = _MD.sub("", name).strip().strip("\"'“”").strip()
            # "CWE-78 - OS command injection in `run_command`": the name ends before the code
            name = re.sub(r"(?:\s+(?:in|on|at|of|for|from|by|via|within))+$", "", name, flags=re.I)
            if re.fullmatch(r"(?:e\.g\.|see|cf\.).*|\d+.*", name, re.I):
                name = None
        out.append(CweMention(id=cwe_id, stated_name=name or None))
    return out


def _looks_like_name(text: str | None) -> bool:
    """'CWE-79: Improper Neutralization ...' names a weakness; 'CWE-295: TLS is verified
    properly in `f`' is a sentence: its words are not a name to check."""
    if not text:
        return False
    head = text.split("`", 1)[0]  # "OS command injection in `run`": the name stops at the code
    return bool(re.search(r"[A-Za-z]{2}", head)) and not re.search(
        r"\b(?:is|are|was|were|does|do|did|has|have|can|could|may|might|should|will)\b", head, re.I)


def classify(claim: Claim, block: Block, position: int, total: int) -> str:
    text = _MD.sub("", claim.assertion)
    if block.kind == "paragraph" and (position == 0 or position == total - 1 or SUMMARY_WORDS.search(text)) \
            and not claim.cwe:
        return "summary"
    no_defect = defect = 0
    for sentence in sentences(text):
        if NO_DEFECT_WORDS.search(sentence):
            no_defect += 1
        elif DEFECT_WORDS.search(sentence):
            defect += 1
    if re.search(r"recommend|suggest|improvement|best practice", block.section, re.I) and not claim.cwe:
        return "suggestion"
    if block.kind == "paragraph" and not claim.cwe and not claim.cited:
        return "observation"  # prose between the findings, citing nothing
    if defect > no_defect or (claim.cwe and not no_defect):
        return "defect"
    if no_defect and no_defect >= defect:
        return "no_defect"
    if SUGGESTION_WORDS.search(text):
        return "suggestion"
    return "observation"


def stated_conclusion(claims: list[Claim]) -> str:
    """What the review concludes, read from its intro and conclusion first.

    Only summary paragraphs are read for the overall statement ("no security
    defects are detected"), because list items talk about single weaknesses;
    when the review has none, its claims' kinds decide.
    """
    votes = {"defects": 0, "no_defects": 0}
    for claim in claims:
        if claim.kind != "summary":
            continue
        for sentence in sentences(_MD.sub("", claim.text)):
            if not STATED_SUBJECT.search(sentence):
                continue
            if re.search(r"\b(?:may|might|could|would|if)\b.*\b(?:lead|result|introduce|pose)\b", sentence, re.I) \
                    and not STATED_NO.search(sentence):
                continue  # hedged consequence, not a conclusion
            if STATED_NO.search(sentence) and not re.search(r"\bnot only\b", sentence, re.I):
                votes["no_defects"] += 1
            elif STATED_YES.search(sentence):
                votes["defects"] += 1
    if votes["defects"] and not votes["no_defects"]:
        return "defects"
    if votes["no_defects"] and not votes["defects"]:
        return "no_defects"
    kinds = {c.kind for c in claims}
    if votes["defects"] and votes["no_defects"]:
        return "defects" if "defect" in kinds else "no_defects"
    if "defect" in kinds:
        return "defects"
    if "no_defect" in kinds and "defect" not in kinds:
        return "no_defects"
    return "unclear"
