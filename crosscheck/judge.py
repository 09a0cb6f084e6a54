"""Stage 5: one status per claim, from its references and its evidence.

Precedence (report contract): fabricated > contradicted > misplaced >
confirmed > unsupported > unverifiable.
"""
from __future__ import annotations

import re

from .model import Claim, Evidence, Reference, STATUS_PRECEDENCE
from .review.roles import CHECKED_ROLES


def judge(claim: Claim) -> tuple[str, str]:
    """The claim's status and the reason that decided it (the evidence a reader is shown)."""
    flags: dict[str, Reference] = {}
    in_file = {r.cited.code for r in claim.references if r.status == "exact" and r.cited.code}
    # a line is cited right when any code the claim cites there is on it ("In line 76, when `a`
    # fails, `f` falls back to `b`": `b` is on line 76); a name in passing found only somewhere in
    # the line's block ("`FullLoader`" in the next function) does not place the line
    placed = {_group(r) for r in claim.references
              if r.status == "exact" and r.cited.code and r.cited.role in CHECKED_ROLES and r.cited.line_start
              and r.how != "block"}
    on_line = {_group(r) for r in claim.references
               if r.status == "exact" and r.cited.code and r.cited.role in CHECKED_ROLES and r.cited.line_start
               and r.how in ("line", "statement")}
    for ref in claim.references:
        flag = reference_flag(ref, in_file)
        if flag == "misplaced" and _group(ref) in (placed if ref.cited.primary else on_line):
            continue
        if flag:
            flags.setdefault(flag, ref)
    by_effect: dict[str, Evidence] = {}
    for evidence in claim.evidence:
        by_effect.setdefault(evidence.effect, evidence)
    reasons: dict[str, str] = {flag: _ref_reason(ref, claim.evidence) for flag, ref in flags.items()}
    if "contradicts" in by_effect:
        reasons["contradicted"] = by_effect["contradicts"].detail
    if "fabricates" in by_effect:
        reasons["fabricated"] = by_effect["fabricates"].detail
    if "misplaces" in by_effect:
        reasons["misplaced"] = by_effect["misplaces"].detail
    if "supports" in by_effect:
        # a claim that names no CWE is confirmed best by a fact about what it says (the exception it
        # names is not caught), not by a finding that only sits nearby
        facts = [e for e in claim.evidence if e.effect == "supports" and e.kind == "fact"]
        reasons["confirmed"] = (facts[0] if facts and not claim.cwe else by_effect["supports"]).detail
    if claim.references:
        neutral = by_effect.get("neutral")
        reasons["unsupported"] = neutral.detail if neutral else "the cited code is where the review says; " \
            "no analyzer finding or code fact bears on what the claim says about it"
    reasons["unverifiable"] = next((e.detail for e in claim.evidence if e.kind == "path"), None) or \
        "the claim names no code, line or checkable fact of the source"
    status = next(status for status in STATUS_PRECEDENCE if status in reasons)
    return status, reasons[status]


def _ref_reason(ref: Reference, evidence: list[Evidence]) -> str:
    """Why one reference flags its claim, in the words of its evidence."""
    cited = ref.cited
    what = f"'{cited.code}'" if cited.code and cited.code[:1] not in "'\"" else (cited.code or "the cited line")
    where = f"line {cited.line_start}" if cited.line_end in (None, cited.line_start) else \
        f"lines {cited.line_start}-{cited.line_end}"
    wanted = {"shifted": "shifted", "comment_only": "comment_only", "out_of_range": "out_of_range",
              "absent": "absent" if cited.code else "path"}.get(ref.status)
    for item in evidence:
        if item.kind == wanted and (wanted in ("out_of_range", "path") or what in item.detail):
            detail = item.detail
            if ref.status == "absent" and ref.invented:
                detail += f" (the file's code never names {', '.join(ref.invented[:3])})"
            return detail
    if ref.status == "out_of_range":
        return f"{where} is beyond the end of the file"
    if ref.status == "absent":
        return f"{what} does not occur anywhere in the source" if cited.code else f"{cited.path}: no such file"
    lines = ", ".join(map(str, ref.actual_lines[:6]))
    return f"{what} is at line(s) {lines}, not {where}"


def _group(ref: Reference) -> tuple:
    cited = ref.cited
    return (ref.path or cited.path, tuple(cited.group_ranges) or (cited.line_start, cited.line_end))


def reference_flag(ref: Reference, in_file: set[str] | None = None) -> str | None:
    """The status a reference alone gives its claim, if any.

    Only code the review says is in the file (cited or replaced) flags a
    claim, and only on strong evidence:

    - ``fabricated``: a line past the end of the file; a file that is not
      there; code that is nowhere, when it holds a name the file never
      mentions (not even in a comment) or is a quote none of whose lines
      exist. Code whose every name is in the file but not in that order is a
      paraphrase, not an invention: it flags nothing.
    - ``misplaced``: the claim's primary citation exists, but not at the cited
      line (nor in its statement or block), or only in a comment. Names in
      passing may be anywhere.
    """
    cited = ref.cited
    if cited.role not in CHECKED_ROLES or not cited.hard:
        return None
    if ref.status == "out_of_range":
        return "fabricated"
    if ref.status == "absent":
        if cited.code is None:
            # a cited Python file that does not exist; a configuration file or document (settings.yaml,
            # supervisord.conf) is often outside the sources checked: its absence proves nothing
            return "fabricated" if ref.path is not None and _python_path(ref.path) else None
        quote_missing = ref.matched is not None and ref.matched == 0
        if quote_missing:
            return "fabricated"
        # one of a list whose other members are here ("blocks `gi_frame`, `gi_code` and `gi_yieldfrom`"):
        # the review puts it with them (not as an example), and the file never names it
        if ref.invented and sum(1 for other in cited.listed if other in (in_file or set())) >= 2:
            return "fabricated"
        if not cited.asserted:
            return None  # named as an example, a case, another module's: its absence proves nothing
        code = cited.code.strip()
        if cited.placed_by == "finding" and _quoted_literal(code) and len(code) >= 5:
            return "fabricated"  # the value an analyzer's message quotes ("hardcoded password: '123'") is nowhere
        if not cited.primary:
            # a name in passing may come from another module; a member of this file's own classes may
            # not, nor code the review puts at a line of its own ("passes it to `os.system(cmd)` on line 33"),
            # nor a call or expression the sentence says this file's code performs (its subject is here:
            # "`build_digest_header` derives the nonce from `random.getrandbits(64)`")
            at_a_line = cited.placed_by == "text" and cited.line_start is not None and not cited.carried
            by_this_file = specific(code) and (cited.after is None or cited.after in (in_file or set()))
            constant = bool(re.fullmatch(r"[A-Z][A-Z0-9_]*", code))  # DOCKER_HOST: an environment variable as often
            if ref.invented and (ref.owned or at_a_line or by_this_file) and not loose_name(code) and not constant:
                return "fabricated"
            misquoted = by_this_file and not STATE.fullmatch(code) and "\n" not in code
            return "fabricated" if misquoted and (ref.owned or at_a_line or cited.after is not None) else None
        if _quoted_literal(code) or (ref.invented and not loose_name(code)):
            return "fabricated"
        # a quoted statement or call that is nowhere, though its names are: the code was misquoted
        # ("`cert_digest != fingerprint_bytes`" where the file compares with hmac.compare_digest);
        # a bare ``name=value`` describes a state ("`verify=False` is kept") and proves nothing
        return "fabricated" if specific(code) and not STATE.fullmatch(code) and "\n" not in code else None
    if cited.primary and ref.status in ("shifted", "comment_only") and (
            cited.placed_by in ("text", "finding") or specific(cited.code or "")):
        return "misplaced"
    # code put at the line named right after it ("decodes with `errors="strict"` (line 167)"),
    # precise enough to have one place, and not even in that line's block
    if not cited.primary and ref.status == "shifted" and cited.placed_by == "text" and cited.adjacent and \
            cited.asserted and specific(cited.code or "") and "\n" not in (cited.code or ""):
        return "misplaced"
    return None


STATE = re.compile(r"[A-Za-z_][\w.]*\s*(?:=|==|!=|is|is not)\s*[\w.'\"-]+")


def loose_name(code: str) -> bool:
    """One plain word (``certifi``, ``Location``, ``HTTPSConnectionPool``): a module, a
    header, a class of another module or a concept as often as a name of this file."""
    text = re.sub(r"\(\s*\)$", "", code)
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", text))


def specific(code: str) -> bool:
    """Code precise enough to have one place: a call with arguments, an assignment, a
    comparison, a literal. A bare name (``known_hosts``, ``parse_retry_after()``) is a
    subject a comment may discuss anywhere in its file."""
    text = code.strip()
    if re.fullmatch(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+\(.*\)", text, re.S):
        return True  # a call on an object: ``response.raise_for_status()``
    text = re.sub(r"\(\s*(?:\.\.\.|…)?\s*\)$", "", text)
    return bool(re.search(r"[^\w.\s]|\s\S", text))


def _quoted_literal(code: str) -> bool:
    return len(code) >= 2 and code[0] in "'\"" and code[-1] == code[0] and code[0] not in code[1:-1]


def _python_path(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name.endswith((".py", ".pyi", ".pyw")) or "." not in name
