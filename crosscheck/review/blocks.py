"""Split a review into blocks: list items, headings and plain paragraphs.

Reviews come as numbered lists (``1.``, ``1)``), bullets (``-``, ``*``, ``•``)
with wrapped continuation lines, Markdown headings, bold lead-ins, and
"Solution:" paragraphs that belong to the item above them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

ITEM_RE = re.compile(r"^(?P<indent>\s*)(?:\*\*|__)?(?P<marker>\d{1,4}[.)]|[-*•+●▪◦])\s+(?=\S)")
HEADING_RE = re.compile(r"^\s{0,3}(?P<hashes>#{1,6})\s+(?P<title>.+?)\s*#*\s*$")
SETEXT_RE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
ADVICE_LEAD_RE = re.compile(
    r"^\s*(?:[-*•]\s+)?(?:(?:\*\*|__)\s*)?(?:Solution|Recommendations?|Fix(?:es)?|Mitigations?|Remediation|"
    r"Suggestions?|Suggested fix|Proposed fix|Countermeasures?)\s*(?:\*\*|__)?\s*:", re.I)
# A heading that is itself a finding ("### 1. SQL injection", "## CWE-89 ...",
# "### Issue 2: TLS verification disabled", "#### [HIGH] Finding 3 - ...")
CLAIM_HEADING = re.compile(
    r"^(?:\d{1,3}[.)]\s|CWE[-\s]?\d|\[?(?:critical|high|medium|low|info)\]?\s*[:\-–—]?\s*"
    r"(?:issue|finding|vulnerability|problem|bug|defect|weakness)|(?:issue|finding|vulnerability|problem|bug|defect|"
    r"weakness)\s*#?\d+\b)", re.I)
FENCE_RE = re.compile(r"^\s*(```|~~~)")
# "**SQL injection (line 21):** The query ..." opens a claim like a list item does
BOLD_LEAD_RE = re.compile(r"^\s{0,3}(\*\*|__)(?P<title>[^*_\n]{1,80}?)\1:?\s+\S")
NOT_A_CLAIM_LEAD = re.compile(r"^\s*(?:in )?(?:summary|conclusions?|overall|note|verdict|final (?:thoughts|verdict)|"
                              r"tl;?dr|short|to (?:summari[sz]e|conclude))\b", re.I)
_EMPHASIS = re.compile(r"(\*\*|__)")


@dataclass
class Block:
    kind: str  # item / paragraph / heading
    lines: list[int] = field(default_factory=list)  # 0-based review line indexes
    section: str = ""
    marker_indent: int = 0


def _plain(line: str) -> str:
    return _EMPHASIS.sub("", line).strip()


def _is_section_label(line: str, next_line: str | None) -> bool:
    """A short line ending in ':' that introduces a list, e.g. 'Recommendations:'."""
    text = _plain(line)
    if not text.endswith(":") or len(text.split()) > 6 or ITEM_RE.match(line):
        return False
    if re.match(r"(?:I|We)\b", text):  # "I found the following issues:" states a conclusion
        return False
    return next_line is None or not next_line.strip() or bool(ITEM_RE.match(next_line))


def _is_bold_heading(line: str) -> bool:
    text = line.strip()
    if not re.fullmatch(r"(\*\*|__)[^*_]{1,160}(\*\*|__):?", text):
        return False
    # "**4. Missing exception handling (CWE-755: ...)**" opens a finding whatever it says;
    # other bold lines that cite a line are lead-ins, not headings
    return bool(CLAIM_HEADING.match(_plain(text))) or not re.search(r"\bline", text, re.I)


def split_blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    section = ""
    prev_blank = True
    in_fence = False
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if in_fence:
            if current is not None:
                current.lines.append(i)
            if FENCE_RE.match(line):
                in_fence = False
            prev_blank = False
            continue
        if FENCE_RE.match(line):
            in_fence = True
            if current is None:
                current = Block("paragraph", [i], section)
                blocks.append(current)
            else:
                current.lines.append(i)
            prev_blank = False
            continue
        if not line.strip():
            prev_blank = True
            if current is not None and current.kind == "paragraph":
                current = None
            continue
        heading = HEADING_RE.match(line)
        setext = nxt is not None and SETEXT_RE.match(nxt) and prev_blank and not ITEM_RE.match(line)
        if heading or _is_bold_heading(line) or setext:
            title = heading.group("title") if heading else _plain(line).rstrip(":")
            if CLAIM_HEADING.match(_plain(title)):
                # "### 1. SQL injection" or "## CWE-89 ...": the heading opens a claim whose
                # body (paragraphs, bullets, bold lead-ins) runs to the next heading: indent -1
                current = Block("item", [i], section, marker_indent=-1)
                blocks.append(current)
            else:
                section = _plain(title)
                blocks.append(Block("heading", [i], section))
                current = None
            prev_blank = False
            continue
        if SETEXT_RE.match(line) and current is None and blocks and blocks[-1].kind == "heading":
            continue
        if current is not None and current.marker_indent < 0:
            if prev_blank and NOT_A_CLAIM_LEAD.match(_plain(line)):
                current = None  # "Overall, ..." ends the claim: it is the review's conclusion
            else:
                current.lines.append(i)
                prev_blank = False
                continue
        item = ITEM_RE.match(line)
        bold = BOLD_LEAD_RE.match(line)
        if not item and bold and prev_blank and not ADVICE_LEAD_RE.match(line) \
                and not NOT_A_CLAIM_LEAD.match(bold.group("title")):
            current = Block("item", [i], section, marker_indent=len(line) - len(line.lstrip()))
            blocks.append(current)
            prev_blank = False
            continue
        if item and current is not None and current.kind == "item" \
                and 0 <= current.marker_indent < len(item.group("indent")):
            # a nested bullet ("   - **Location:** line 21") is part of the item above it
            current.lines.append(i)
            prev_blank = False
            continue
        if item:
            current = Block("item", [i], section, marker_indent=len(item.group("indent")))
            blocks.append(current)
            prev_blank = False
            continue
        if _is_section_label(line, _next_nonblank(lines, i)) and prev_blank:
            section = _plain(line).rstrip(":")
            blocks.append(Block("heading", [i], section))
            current = None
            prev_blank = False
            continue
        indent = len(line) - len(line.lstrip())
        if current is not None and current.kind == "item":
            if not prev_blank or indent > current.marker_indent or ADVICE_LEAD_RE.match(line):
                current.lines.append(i)
                prev_blank = False
                continue
        if current is not None and current.kind == "paragraph" and not prev_blank:
            current.lines.append(i)
        else:
            current = Block("paragraph", [i], section)
            blocks.append(current)
        prev_blank = False
    return blocks


def _next_nonblank(lines: list[str], i: int) -> str | None:
    for line in lines[i + 1:]:
        if line.strip():
            return line
    return None
