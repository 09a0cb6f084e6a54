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

A ruff ``S`` rule is answered by crosscheck's own ruff run the same way (fires
here, elsewhere, nowhere), when this ruff knows the rule and the rule reads no
setting a project could change (``S108``'s temporary folders, ``S110``'s typed
exceptions); otherwise by bandit's run of the bandit rule it mirrors, which
can confirm or place it but never refute it.

Only a claim of a defect is refuted; "B301 no longer applies" is left alone.

A claim whose own quote already sits at the cited line is left to that quote:
analyzer versions differ, and the quote is the stronger evidence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..analyzers.ruff import known_rules as ruff_rules
from ..model import Claim, Effect, Evidence, Finding
from .base import CheckContext, lines_text, register

BANDIT_ID = re.compile(r"\b(?P<tool>[BS])(?P<num>[1-7]\d{2})\b")
# ruff rules whose findings depend on a project's settings (extra temporary folders, typed
# exceptions, extra markup names): a default run that is silent does not refute them
RUFF_CONFIGURABLE = frozenset({"S108", "S110", "S112", "S704"})


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


# Words a plugin's construct writes in the very statement it reports (a keyword argument, the
# method called): a finding quoted at a statement without any of them is false, whatever the
# analyzer's version. Blacklisted calls and imports write their own names (``loads``, ``pickle``).
STATEMENT_NAMES: dict[str, tuple[str, ...]] = {
    "B101": ("assert",), "B102": ("exec",), "B201": ("debug",), "B501": ("verify",), "B506": ("load",),
    "B507": ("set_missing_host_key_policy",), "B601": ("exec_command",), "B602": ("shell",),
    "B604": ("shell",), "B605": PLUGIN_NAMES["B605"][0] + tuple(g[0] for g in PLUGIN_NAMES["B605"][1:]),
    "B606": tuple(g[0] for g in PLUGIN_NAMES["B606"]),
}


def statement_names(rule: str) -> tuple[str, ...]:
    """The words (lower case) one of which the statement a rule reports must contain; () if unknown."""
    if rule in STATEMENT_NAMES:
        return STATEMENT_NAMES[rule]
    qualnames = blacklisted_names().get(rule, ())
    if rule.startswith("B4"):
        return tuple(dict.fromkeys(name.split(".")[0].lower() for name in qualnames))
    return tuple(dict.fromkeys(name.split(".")[-1].lower() for name in qualnames))


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


@dataclass(frozen=True)
class Rule:
    """A rule the claim is a finding of, and the analyzer run that answers it."""
    analyzer: str  # "bandit" or "ruff"
    id: str  # the rule's id in that analyzer: B602, S104
    refutes: bool  # that run's silence refutes the claim (it is the rule's own analyzer)


def claimed_rules(claim: Claim, ruff_ran: bool) -> list[Rule]:
    """The rules the claim is a finding of (its own rule, or rule ids it names), each with the
    run that answers it. A ruff ``S`` rule is ruff's when ruff ran and knows it; otherwise the
    bandit rule it mirrors answers, which resolves names its own way (``from pickle import
    loads``): it can confirm or place the finding, never refute it."""
    names = [str(claim.origin.get("rule") or "")] + list(claim.external)
    out = []
    for name in names:
        for m in BANDIT_ID.finditer(name):
            bandit = f"B{m.group('num')}"
            if m.group("tool") == "B":
                out.append(Rule("bandit", bandit, True))
                continue
            ruff = f"S{m.group('num')}"
            if ruff_ran and ruff in ruff_rules():
                out.append(Rule("ruff", ruff, ruff not in RUFF_CONFIGURABLE))
            if not (ruff_ran and ruff in ruff_rules()) or ruff in RUFF_CONFIGURABLE:
                out.append(Rule("bandit", bandit, False))
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
        rules = [r for r in claimed_rules(claim, ctx.ran("ruff"))
                 if ctx.ran(r.analyzer) and (r.analyzer == "ruff" or r.id in bandit_rules())]
        ranges = _cited_ranges(claim)
        if not rules or not ranges:
            return []
        structure = ctx.index.structure
        wanted = [structure.statement_of(n) for a, b in ranges for n in (a, b)] + ranges
        if _quote_in_place(claim):
            return _quoted_statement(claim, rules, wanted, ctx)
        for rule in rules:
            fired = [f for f in ctx.all_findings if f.analyzer == rule.analyzer and f.rule == rule.id]
            here = [f for f in fired if _overlaps(f, wanted, structure)]
            name = f"{rule.analyzer} {rule.id}"
            if here:
                return [Evidence("finding", f"{name} fires here too (line {here[0].line_start})", "supports",
                                 security=True)]
            if rule.analyzer == "ruff":  # bandit resolves names its own way: its finding here also places it
                mirrored = [f for f in ctx.all_findings if f.analyzer == "bandit" and f.rule == "B" + rule.id[1:]
                            and _overlaps(f, wanted, structure)]
                if mirrored:
                    return [Evidence("finding", f"bandit B{rule.id[1:]} fires here (line {mirrored[0].line_start})",
                                     "supports", security=True)]
            if not rule.refutes and rule.analyzer == "ruff":
                continue  # a setting of the project's may move or add its findings: bandit answers
            if fired:
                lines = sorted({f.line_start for f in fired})
                return [Evidence("finding", f"{name} fires at {lines_text(lines)}, not at the cited line",
                                 "misplaces")]
            construct = written("B" + rule.id[1:], ctx)
            if construct and construct.spans and rule.analyzer == "bandit":
                if any(a <= d and c <= b for a, b in construct.spans for c, d in wanted):
                    return [Evidence("finding", f"the construct {name} reports is written at the cited line",
                                     "supports", security=True)]
                lines = sorted({a for a, _ in construct.spans})
                return [Evidence("finding", f"the construct {name} reports is written at {lines_text(lines)}, "
                                            "not at the cited line", "misplaces")]
            if claim.kind != "defect":
                continue  # "B301 no longer applies: pickle is gone" is true because it is nowhere
            if construct and not construct.named:
                bandit = "B" + rule.id[1:]
                what = ", ".join(blacklisted_names().get(bandit, ())[:3]) or \
                    " or ".join("+".join(group) for group in PLUGIN_NAMES[bandit][:3])
                # a blacklisted call or import is code the finding cites: nowhere, it was made up; a
                # plugin's pattern is a property the finding asserts of the code: it is false
                effect: Effect = "fabricates" if bandit in blacklisted_names() else "contradicts"
                return [Evidence("finding", f"{rule.id} reports {what}, and the file's code never names them",
                                 effect)]
            hidden = rule.analyzer == "bandit" and any("nosec" in ctx.source.line(n)  # ruff ran --ignore-noqa
                                                       for a, b in ranges for n in range(a, min(b, a + 50) + 1))
            if rule.refutes and not hidden:
                return [Evidence("finding", f"{rule.analyzer} ran on the file and {rule.id} fires nowhere in it: "
                                            "the construct is not there", "contradicts")]
        return []


def _quoted_statement(claim: Claim, rules: list[Rule], wanted: list[tuple[int, int]],
                      ctx: CheckContext) -> list[Evidence]:
    """A finding whose quote is at the cited line: analyzer versions differ, so the quote places it,
    and only the statement's own words can refute it (B602 at a call with no ``shell`` at all)."""
    if claim.kind != "defect":
        return []
    structure = ctx.index.structure
    for rule in rules:
        bandit = "B" + rule.id[1:]
        words = statement_names(bandit)
        if not rule.refutes or not words:
            continue
        if any(f.rule in (rule.id, bandit) and _overlaps(f, wanted, structure) for f in ctx.all_findings):
            return []
        first, last = min(a for a, _ in wanted), max(b for _, b in wanted)
        text = "\n".join(ctx.source.line(n) for n in range(first, min(last, first + 50) + 1)).lower()
        if not any(word in text for word in words):
            where = f"line {first}" if first == last else f"lines {first}-{last}"
            return [Evidence("finding", f"{rule.id} reports {' or '.join(words[:3])}, and the cited statement "
                                        f"({where}) has none of them",
                             "contradicts")]
    return []


def _overlaps(finding: Finding, wanted: list[tuple[int, int]], structure) -> bool:
    s0, s1 = structure.statement_of(finding.line_start)
    spans = [(finding.line_start, finding.line_end), (s0, max(s1, finding.line_end))]
    return any(a <= d and c <= b for a, b in spans for c, d in wanted)
