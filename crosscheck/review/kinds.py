"""What each claim is (defect, no_defect, suggestion, observation, summary), and
what the review concludes as a whole (defects, no_defects, unclear)."""
from __future__ import annotations

import re

from ..model import Claim
from .phrases import (ADVICE_SECTION, DEFECT_WORDS, FIX_REQUEST, HEDGED, NO_DEFECT_WORDS, STATED_NONE, STATED_SUBJECT,
                      STATED_YES, SUGGESTION_WORDS, SUMMARY_WORDS, TITLE_TAG, RULE_TITLE, label_kind, negated,
                      sentences)

_MD = re.compile(r"(\*\*|__)")


def classify(claim: Claim, unit_kind: str, position: int, total: int, stated_kind: str | None = None) -> str:
    """The claim's kind.

    ``stated_kind`` is what a structured input says outright (a SARIF result
    reports a defect); prose decides otherwise.
    """
    if stated_kind:
        return stated_kind
    text = _MD.sub("", claim.assertion or claim.text)
    tag = TITLE_TAG.match(claim.text)
    if tag and label_kind(tag.group("tag")):
        return label_kind(tag.group("tag")) or "observation"  # "[Security] Hostname verification disabled ..."
    paragraph = unit_kind == "paragraph"
    if paragraph and (position == 0 or position == total - 1 or SUMMARY_WORDS.search(text)) and not claim.cwe:
        return "summary"
    no_defect = defect = 0
    for sentence in sentences(text):
        if NO_DEFECT_WORDS.search(sentence):
            no_defect += 1
        elif DEFECT_WORDS.search(sentence):
            defect += 1
    if ADVICE_SECTION.search(claim.section) and not claim.cwe:
        return "suggestion"
    if paragraph and not claim.cwe and not claim.cited:
        return "observation"  # prose between the findings, citing nothing
    if defect > no_defect or (claim.cwe and not no_defect):
        return "defect"
    if no_defect and no_defect >= defect:
        return "no_defect"
    if SUGGESTION_WORDS.search(text):
        return "suggestion"
    return "observation"


def title_states(text: str) -> str | None:
    """What a document's title alone states: an analyzer bot's issue titled with the rule that
    fired ("# (BAN-B403) Audit required: ...", "# ... literal_eval. (B307)") reports a defect."""
    first = text.lstrip().split("\n", 1)[0]
    return "defects" if first.startswith("#") and RULE_TITLE.search(first) else None


def stated_conclusion(claims: list[Claim], stated: str | None = None) -> str:
    """What the review concludes, read from its intro and conclusion first.

    Only summary paragraphs are read for the overall statement ("no security
    defects are detected"), because list items talk about single weaknesses;
    when the review has none, its claims' kinds decide. ``stated`` is what a
    structured input says outright (a findings file with no results).
    """
    if stated:
        return stated
    votes = {"defects": 0, "no_defects": 0}
    for claim in claims:
        if claim.kind != "summary":
            continue
        for sentence in sentences(_MD.sub("", claim.text)):
            fix = FIX_REQUEST.search(sentence)
            if fix and not negated(sentence, fix.start()):
                votes["defects"] += 1
                continue
            if not STATED_SUBJECT.search(sentence):
                continue
            if HEDGED.search(sentence) and not STATED_NONE.search(sentence):
                continue  # hedged consequence, not a conclusion
            if STATED_NONE.search(sentence) and not re.search(r"\bnot only\b", sentence, re.I):
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
