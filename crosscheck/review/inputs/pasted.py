"""A document with an analyzer's output pasted into it: an issue that quotes
``bandit -f json``, bandit's screen output, a semgrep or ruff run, a SARIF
log, in a fenced block.

The tool's output is not the author's prose: each finding in it is a claim
*by that tool* ("this rule fires at this place"), read by the input that
reads that output on its own (``bandit-json``, ``ruff-text``, ...) and
checked like any other finding. The prose around it is read as a review,
with the pasted blocks blanked so its lines keep their numbers.

A fenced block counts as pasted output when a findings input reads it
confidently and every document it yields is a finding; a fence of code, a
diff or a shell session stays part of the prose. A pasted run that found
nothing adds no claim (the issue's prose says what the author concludes).
"""
from __future__ import annotations

from dataclasses import replace

from ...model import InputError
from ..document import Document, Origin, blocks
from . import all_inputs, detect_input_format, register

# inputs that read a whole review (or no confident one: "text"), never one pasted block of it
_WHOLE_REVIEW = frozenset({"text", "pasted", "github", "gerrit"})
_FENCE_MARKS = ("```", "~~~")


def _pasted_blocks(text: str) -> list[tuple[int, int, list[Document]]]:
    """(first line, end line, the findings read from it) of each fenced block of pasted output."""
    if not any(mark in text for mark in _FENCE_MARKS):
        return []
    out = []
    inputs = all_inputs()
    for top in blocks(Document(text, Origin("pasted"), line_base=0)):
        for block in top.walk():
            if block.kind != "fence" or not block.code.strip():
                continue
            body = block.code
            name = detect_input_format(body)
            if name in _WHOLE_REVIEW:
                continue
            try:
                docs = inputs[name].read(body)
            except InputError:
                continue
            findings = [d for d in docs if d.fields.get("finding")]
            if findings and len(findings) == len([d for d in docs if d.text.strip()]):
                out.append((block.start, block.end, findings))
            elif not any(d.text.strip() for d in docs):
                out.append((block.start, block.end, []))  # a run that found nothing: output, no claim
    return out


@register
class Pasted:
    name = "pasted"
    review_lines = True  # claims keep the review's own line numbers

    def detect(self, text: str) -> float:
        return 0.6 if _pasted_blocks(text) else 0.0

    def read(self, text: str) -> list[Document]:
        pasted = _pasted_blocks(text)
        if not pasted:
            raise InputError("review holds no pasted analyzer output (a fenced block of bandit, semgrep, ruff "
                             "or SARIF output)")
        lines = text.split("\n")
        docs: list[Document] = []
        for first, end, findings in pasted:
            for n in range(first, min(end, len(lines))):
                lines[n] = ""
            for k, doc in enumerate(findings):
                # a finding is placed at the first line of the block it was pasted in
                origin = replace(doc.origin, position=first + 1, id=f"block at line {first + 1}, "
                                                                    f"{doc.origin.id or k + 1}")
                docs.append(replace(doc, origin=origin))
        prose = "\n".join(lines)
        return ([Document(prose, Origin(self.name), line_base=0)] if prose.strip() else []) + docs
