"""Phrases that tell what a sentence of a review asserts.

Kept in one place so the claim classifier, the stated-verdict reader and the
claim checks agree on what "asserts a defect" and "asserts absence" mean.
"""
from __future__ import annotations

import re

# a nested bullet ("   - **Fix:** ...") starts a sentence of its own
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z*_`\"'(\[])|\n\s*\n|\n(?=[ \t]*(?:[-*•+]|\d{1,3}[.)])[ \t])")

NEGATIVE_FINDING = re.compile(
    r"\b(?:no|not|n't|never|without|none|free (?:of|from)|absence of|zero)\b", re.I)

DEFECT_WORDS = re.compile(
    r"does not (?:properly |adequately |correctly |sufficiently )?(?!seem|appear|exhibit|show|contain|have any|"
    r"pose|introduce|expose any)\w+|"
    r"\bwithout (?:proper|any|adequate|sufficient|validation|sanitiz|check|authori|authenti)|"
    r"\black(?:s|ing)?\b|\bmissing\b|\bvulnerab|\bcould (?:lead|allow|result|cause|be exploited)|"
    r"\bmay (?:lead|allow|result|cause|be exploited|expose)|\bleads? to\b|\binsecure\b|\binjection\b|"
    r"\bfails? to\b|\bis not (?:properly|adequately|correctly)|\bleak|\bexposes?\b|\bhard-?coded (?:password|secret|"
    r"credential|key|token)|\bimproper(?:ly)?\b(?! (?:access control|interaction|control of|check or|neutralization|"
    r"adherence)\b)|\bunsafe\b|\bweak\b|\bnot (?:checked|validated|sanitized|handled|verified)",
    re.I)

NO_DEFECT_WORDS = re.compile(
    r"\bno (?:apparent |clear |obvious |direct |explicit |significant |evident |major |known )?"
    r"(?:issues?|evidence|signs?|vulnerabilit\w*|defects?|violations?|problems?|weakness\w*|concerns?|risks?|"
    r"indication|instances?|input from)\b|"
    r"\bdoes(?: not|n't) (?:\w+ly )?(?:exhibit|seem to|appear to|show|contain any|have any|pose|introduce|expose any)|"
    r"\bnot (?:applicable|vulnerable|susceptible|affected)\b|\bappears? (?:to be )?(?:correct|appropriate|adequate|"
    r"safe|secure|fine|sound)|\bseems? (?:appropriate|adequate|correct|safe|fine)|\badequately\b|\bwell[- ]managed\b|"
    r"(?<!not )(?<!n't )\badheres?\b|\bis safe\b|\bare safe\b|\bnot (?:an? )?(?:issue|concern|problem)\b|"
    r"(?<!not )\b(?:is|are|were|being|been|handled|managed|validated|sanitized|cleaned up|controlled|implemented|"
    r"structured|used) (?:properly|correctly|adequately|appropriately|safely)\b|"
    r"\bno (?:security )?defects\b|\bdid(?: not|n't) (?:find|observe|identify|detect|see)|"
    r"\b(?:there is|there's|there are) no (?:\w+ ){0,2}(?:leaks?|issues?|risks?|problems?|vulnerabilit\w*)\b|"
    r"\bno (?:\w+ ){0,2}(?:is|are) possible\b|\b(?:is|are) not (?:possible|exploitable|reachable)\b|"
    r"\b(?:is|are) (?:\w+ed) (?:properly|correctly|securely|safely)\b|"
    r"\bno (?:\w+ ){0,3}(?:were|was|is|are) (?:found|detected|present|identified|seen|used)\b|"
    r"\b(?:nothing|none) (?:\w+ ){0,2}(?:was|were|is) (?:found|detected|identified)\b",
    re.I)

SUGGESTION_WORDS = re.compile(
    r"\bit would be (?:better|good|advisable|wise)|\bconsider\b|\bshould\b|\brecommend|\bensure\b|\bmake sure\b|"
    r"\bbest practice|\bit is (?:advisable|recommended|important)|\bprefer\b|\bavoid\b|\bbe careful\b", re.I)

SUMMARY_WORDS = re.compile(r"\b(?:in summary|in conclusion|to summari[sz]e|overall|in short|to conclude)\b", re.I)

# A sentence that proposes code rather than citing it.
ADVICE_SENTENCE = re.compile(
    r"^\s*(?:[-*•]\s+)?(?:(?:\*\*|__)\s*)?(?:Solution|Recommendations?|Fix(?:es)?|Mitigations?|Remediation|Suggestions?|"
    r"Suggested fix|Proposed fix|Countermeasures?)\s*(?:\*\*|__)?\s*:|"
    r"^\s*(?:(?:[-*•+]|\d{1,3}[.)])\s+)?(?:Consider|Use|Add|Replace|Ensure|Implement|Always|Avoid|Instead|Prefer|"
    r"Switch|Wrap|Change|Refactor|"
    r"Make sure|Validate|Sanitize|Remove|Apply|Set|Pass|Call(?!\s+to\b)|Move|Rename|Keep|Include|Document|Try)\b"
    r"(?!\s+of\b)|"  # "Use of eval", "Call to eval()" name a weakness, they advise nothing
    r"\bit would be (?:better|good|advisable|wise|preferable)\b|\bconsider (?:using|adding|replacing|wrapping)\b|"
    r"\byou (?:should|could|can|may want to)\b|\bshould (?:use|be replaced|be changed|add|call|wrap|instead)\b|"
    r"\brecommend(?:ed)? (?:to |that |using )|\binstead\b",
    re.I)

INSTEAD_OF = re.compile(r"\binstead of\b|\brather than\b|\breplace\b", re.I)

# What a review says about the whole code, read from its intro and conclusion.
STATED_SUBJECT = re.compile(
    r"\b(?:security )?(?:defects?|vulnerabilit(?:y|ies)|issues?|weakness(?:es)?|flaws?|problems?|concerns?|"
    r"bugs?|risks?)\b", re.I)
STATED_NO = re.compile(
    r"\b(?:no|not|n't|never|free (?:of|from)|none|nothing|without)\b", re.I)
STATED_YES = re.compile(
    r"\b(?:found|identified|detected|discovered|contains?|has|have|there (?:are|is)|following|several|multiple|"
    r"some|potential|the issues)\b", re.I)


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_SPLIT.split(text) if s and s.strip()]
