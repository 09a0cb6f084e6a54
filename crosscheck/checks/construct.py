"""'B602 at line 38', 'S105 hardcoded password at bottle.py:129': is that construct there?

A finding (a pasted bandit or ruff line, a SARIF or GitLab result, a report
that names the rule) says "this analyzer's rule fires at this place". When
the rule is one of bandit's (ruff's ``S`` rules are bandit's, renumbered
``B``), crosscheck's own bandit run on the same file answers it:

- the rule fires at the cited statement: supported;
- it fires only elsewhere: the finding is misplaced (its lines moved);
- it fires nowhere, but the rule's construct is written in the file (bandit
  resolves names through imports, and misses ``pickle.loads`` when pickle is
  ``import cPickle as pickle`` under a ``try``): the construct's own lines
  answer, as if bandit had fired there;
- the names the rule's construct needs occur nowhere in the file's code: a
  blacklisted call or import is fabricated, a plugin's pattern contradicted
  (for ruff's rules too: the text answers, not bandit's resolution);
- bandit ran cleanly on the file, knows the rule, and it fires nowhere: the
  claim is contradicted.

Only a claim of a defect is refuted; "B301 no longer applies" is left alone.

A claim whose own quote already sits at the cited line is left to that quote:
analyzer versions differ, and the quote is the stronger evidence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Claim, Effect, Evidence, Finding
from .base import CheckContext, lines_text, register

BANDIT_ID = re.compile(r"\b(?P<tool>[BS])(?P<num>[1-7]\d{2})\b")


@lru_cache(maxsize=1)
def bandit_rules() -> frozenset[str]:
    """The test ids this machine's bandit knows (plugins and blacklist calls/imports)."""
    try:
        from bandit.core import extension_loader
    except Exception:  # bandit missing or broken: no rule is known, nothing is contradicted
        return frozenset()
    manager = extension_loader.MANAGER
    return frozenset(manager.plugins_by_id) | frozenset(manager.blacklist_by_id)


@lru_cache(maxsize=1)
def blacklisted_names() -> dict[str, tuple[str, ...]]:
    """Bandit's blacklist rules (B3xx calls, B4xx imports) -> the qualified names each reports."""
    try:
        from bandit.core import extension_loader
    except Exception:
        return {}
    entries = extension_loader.MANAGER.blacklist_by_id
    return {rule: tuple(entry.get("qualnames") or ()) for rule, entry in entries.items()}


# The names a bandit plugin's construct cannot be written without: alternatives, each a group of
# names that must all occur in the file's code or strings (compared case-blind). A plugin whose
# construct has no such name (B104's "0.0.0.0", B105's password names, B613's bidi marks) is
# left out: only bandit's own run answers it.
PLUGIN_NAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "B101": (("assert",),), "B102": (("exec",),), "B103": (("chmod",),),
    "B108": (("tmp",), ("shm",), ("temp",)), "B110": (("except", "pass"),), "B112": (("except", "continue"),),
    "B113": (("requests",), ("httpx",)), "B201": (("debug",),), "B202": (("extractall",),),
    "B324": (("hashlib",),), "B501": (("verify",),), "B502": (("ssl",), ("pyopenssl",), ("openssl",)),
    "B503": (("ssl",), ("openssl",)), "B504": (("ssl",), ("wrap_socket",)),
    "B505": (("generate_private_key",), ("generate",)), "B506": (("yaml", "load"),),
    "B507": (("set_missing_host_key_policy",),), "B508": (("communitydata",),), "B509": (("usmuserdata",),),
    "B601": (("exec_command",),), "B602": (("shell",),), "B603": (("subprocess",),), "B604": (("shell",),),
    "B605": (("system",), ("popen",), ("popen2",), ("popen3",), ("popen4",), ("commands",)),
    "B606": (("spawnl",), ("spawnle",), ("spawnlp",), ("spawnlpe",), ("spawnv",), ("spawnve",), ("spawnvp",),
             ("spawnvpe",), ("execl",), ("execle",), ("execlp",), ("execlpe",), ("execv",), ("execve",),
             ("execvp",), ("execvpe",), ("startfile",)),
    "B607": (("subprocess",), ("os",), ("popen2",), ("commands",)),
    "B608": (("select",), ("insert",), ("update",), ("delete",)),
    "B610": (("extra",),), "B611": (("rawsql",),), "B612": (("listen",),), "B614": (("torch",),),
    "B615": (("from_pretrained",), ("hf_hub_download",), ("snapshot_download",), ("load_dataset",)),
    "B701": (("jinja2",), ("environment",)), "B702": (("mako",),), "B703": (("mark_safe",),),
    "B704": (("markup",),),
}


@dataclass
class Written:
    """Where a bandit rule's construct is written in a file's code."""
    spans: list[tuple[int, int]]  # (first, last) line of each statement that writes it (blacklist rules)
    named: bool  # its names occur in the code at all (``from pickle import loads`` ... ``loads(x)``)


def written(rule: str, ctx: CheckContext) -> Written | None:
    """The construct of a bandit rule in the file: where a blacklist rule's (B3xx calls, B4xx
    imports) is written, and whether the names any rule's construct needs occur at all; None
    for a rule with no written form."""
    lower = {word.lower() for word in ctx.index.words}
    names = blacklisted_names().get(rule)
    if not names:
        groups = PLUGIN_NAMES.get(rule)
        if groups is None:
            return None
        return Written([], any(all(name in lower for name in group) for group in groups))
    spans: list[tuple[int, int]] = []
    if rule.startswith("B4"):  # imports (libcst's facts): the module is imported, whatever it is bound to
        for imp in ctx.facts.imports:
            if any(imp.module == name or imp.module.startswith(name + ".") for name in names):
                spans.append(ctx.index.structure.statement_of(imp.line))
        named = any(name.split(".")[0].lower() in lower for name in names)
    else:
        for name in names:
            spans += ctx.index.find(name).spans
        named = any(name.split(".")[0].lower() in lower and name.split(".")[-1].lower() in lower for name in names)
    return Written(sorted(set(spans)), named)


def claimed_rules(claim: Claim) -> list[tuple[str, bool]]:
    """(bandit test id, whether it is bandit's own) for each rule the claim is a finding of: its
    own rule, or rule ids it names. A ruff ``S`` rule mirrors bandit's but resolves names its own
    way (``from pickle import loads``): it can be confirmed or placed, never refuted by bandit."""
    names = [str(claim.origin.get("rule") or "")] + list(claim.external)
    out = []
    for name in names:
        for m in BANDIT_ID.finditer(name):
            out.append((f"B{m.group('num')}", m.group("tool") == "B"))
    return list(dict.fromkeys(out))


def _cited_ranges(claim: Claim) -> list[tuple[int, int]]:
    ranges = []
    for ref in claim.references:
        cited = ref.cited
        if cited.line_start is not None and ref.status != "out_of_range":
            ranges.append((cited.line_start, cited.line_end or cited.line_start))
    return list(dict.fromkeys(ranges))


def _quote_in_place(claim: Claim) -> bool:
    return any(r.status == "exact" and r.cited.code and r.cited.role in ("cited", "replaced") and r.cited.hard
               for r in claim.references)


@register
class Construct:
    name = "construct"

    def check(self, claim: Claim, ctx: CheckContext) -> list[Evidence]:
        rules = [(r, own) for r, own in claimed_rules(claim) if r in bandit_rules()]
        ranges = _cited_ranges(claim)
        if not rules or not ranges or not ctx.ran("bandit") or _quote_in_place(claim):
            return []
        structure = ctx.index.structure
        wanted = [structure.statement_of(n) for a, b in ranges for n in (a, b)] + ranges
        for rule, own in rules:
            fired = [f for f in ctx.all_findings if f.analyzer == "bandit" and f.rule == rule]
            here = [f for f in fired if _overlaps(f, wanted, structure)]
            if here:
                return [Evidence("finding", f"bandit {rule} fires here too (line {here[0].line_start})", "supports",
                                 security=True)]
            if fired:
                lines = sorted({f.line_start for f in fired})
                return [Evidence("finding", f"bandit {rule} fires at {lines_text(lines)}, not at the cited line",
                                 "misplaces")]
            construct = written(rule, ctx)
            if construct and construct.spans:
                if any(a <= d and c <= b for a, b in construct.spans for c, d in wanted):
                    return [Evidence("finding", f"the construct bandit {rule} reports is written at the cited line",
                                     "supports", security=True)]
                lines = sorted({a for a, _ in construct.spans})
                return [Evidence("finding", f"the construct bandit {rule} reports is written at {lines_text(lines)}, "
                                            "not at the cited line", "misplaces")]
            if claim.kind != "defect":
                continue  # "B301 no longer applies: pickle is gone" is true because it is nowhere
            if construct and not construct.named:
                what = ", ".join(blacklisted_names().get(rule, ())[:3]) or \
                    " or ".join("+".join(group) for group in PLUGIN_NAMES[rule][:3])
                # a blacklisted call or import is code the finding cites: nowhere, it was made up; a
                # plugin's pattern is a property the finding asserts of the code: it is false
                effect: Effect = "fabricates" if rule in blacklisted_names() else "contradicts"
                return [Evidence("finding", f"{rule} reports {what}, and the file's code never names them",
                                 effect)]
            if own and not any("nosec" in ctx.source.line(n) for a, b in ranges for n in range(a, min(b, a + 50) + 1)):
                return [Evidence("finding", f"bandit ran on the file and {rule} fires nowhere in it: the construct "
                                            "is not there", "contradicts")]
        return []


def _overlaps(finding: Finding, wanted: list[tuple[int, int]], structure) -> bool:
    s0, s1 = structure.statement_of(finding.line_start)
    spans = [(finding.line_start, finding.line_end), (s0, max(s1, finding.line_end))]
    return any(a <= d and c <= b for a, b in spans for c, d in wanted)
