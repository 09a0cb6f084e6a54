#!/usr/bin/env python3
"""Build a synthetic review archive over real code: modules of the ``nova`` wheel.

    python benchmarks/archive.py --out /tmp/archive [--reviews 60] [--modules 20] [--seed 1] [--scale 1]

The wheel (``nova==34.0.0`` from PyPI) is downloaded once into a cache folder
(default ``~/.cache/crosscheck-bench``, or ``--cache``) and only the chosen
modules are read out of it. ``--modules`` real Python modules are picked with
a seeded random generator, and ``--reviews`` plain-text reviews are written
about them in three styles LLM reviews use:

* ``synthetic-A``  "1. CWE-703 (Name):\\nIn line 90, the `api.delete_server(...)` call ..."
* ``synthetic-B``  "1. **Missing error handling (Line 90):** The `api.delete_server(...)` call ..."
* ``synthetic-C``  "1. CWE-703 (Name): `api.delete_server(...)` at line 90 ..."

Every claim cites exactly one thing, and its true reference status is known:

* ``exact``        real code on the cited line
* ``shifted``      real code, but cited 1-5 lines off (outside the code's statement)
* ``absent``       a backticked identifier or call that does not occur anywhere in the file
* ``out_of_range`` a line beyond the end of the file (variants: a bare line, a
                   fabricated identifier, or real code cited beyond the end)

Code to cite is chosen from the cited line's real tokens (Python's tokenize):
a dotted call ``a.b(...)`` or an identifier whose text occurs on that line
only (in code, strings and comments alike), and that names no function or
class defined in the file, so ``exact`` and ``shifted`` are unambiguous.

Output (all paths in the manifest are relative to its folder)::

    OUT/manifest.jsonl   {"id", "review", "source", "meta": {"model", "prompt"}}
    OUT/labels.jsonl     {"id", "item", "anchor", "code", "line", "status", "variant"}
    OUT/reviews/*.txt
    OUT/src/nova/...     the chosen modules, copied out of the wheel

``anchor`` is a substring that occurs in exactly one claim of the review (the
backticked code, or the "line N" phrase of a claim that cites no code);
``item`` is the claim's number in the review's numbered list. ``--scale K``
writes K copies of every review with distinct ids (same sources), for the
memory test.
"""
from __future__ import annotations

import argparse
import ast
import glob
import io
import json
import keyword
import os
import random
import re
import subprocess
import sys
import tokenize
import zipfile
from dataclasses import dataclass

NOVA = "nova==34.0.0"
DEFAULT_CACHE = os.path.join(os.path.expanduser("~"), ".cache", "crosscheck-bench")
MIN_BYTES, MAX_BYTES = 3000, 30000  # modules of roughly 80-800 lines

# (id, the catalog name): real pairs, so no claim is contradicted by its CWE name
CWES = [
    (703, "Improper Check or Handling of Exceptional Conditions"),
    (754, "Improper Check for Unusual or Exceptional Conditions"),
    (20, "Improper Input Validation"),
    (284, "Improper Access Control"),
    (285, "Improper Authorization"),
    (400, "Uncontrolled Resource Consumption"),
    (664, "Improper Control of a Resource Through its Lifetime"),
    (693, "Protection Mechanism Failure"),
    (390, "Detection of Error Condition Without Action"),
    (770, "Allocation of Resources Without Limits or Throttling"),
    (532, "Insertion of Sensitive Information into Log File"),
    (209, "Generation of Error Message Containing Sensitive Information"),
]
TITLES = ["Missing error handling", "Unchecked input", "Resource leak", "Unbounded retry",
          "Insufficient validation", "Sensitive data in logs", "Missing authorization check",
          "Silent failure", "Race on shared state", "Unchecked return value"]
# what a claim says about its code; prose only (no dotted, snake or camel words)
CONCERNS = [
    "does not handle the failure case, so an error here propagates to the caller unlogged",
    "is used without validating its value first, which lets malformed input through",
    "is not guarded by any permission check before it runs",
    "can raise an exception that is silently swallowed further up",
    "is called without a timeout, so a slow peer can stall the worker",
    "relies on state that another request may change concurrently",
    "does not release what it acquires when an exception occurs",
    "passes the caller's value straight through without checking its bounds",
]
SOLUTIONS = [
    "Solution: Wrap the operation in explicit error handling and log the failure.",
    "Solution: Validate the value before using it.",
    "Recommendation: Add a permission check before this point.",
    "Solution: Release the resource in a finally block.",
]
INTROS = {
    "synthetic-A": "I have reviewed the code for security defects and found the following issues:",
    "synthetic-B": "Here is my security review of the module. The following problems stand out:",
    "synthetic-C": "Security review findings:",
}
OUTROS = [
    "Addressing these issues will improve the robustness and security of the code.",
    "Overall, the module should be hardened as described above.",
    "These weaknesses should be fixed before the change is merged.",
]
PROMPTS = ["cwe-list", "free-form", "strict-json-then-text"]
FAKE_SUFFIXES = ["unchecked", "unsafe", "without_lock", "raw", "legacy", "nocheck", "fast_path"]
FAKE_WORDS = ["quota", "token", "tenant", "payload", "lease", "ticket", "cursor", "handle"]


@dataclass
class Candidate:
    code: str        # as cited, e.g. "self.api.delete(...)" or "usages_during"
    line: int        # the only line it occurs on
    stmt: tuple[int, int]  # the logical line (statement) containing it


@dataclass
class Module:
    rel: str         # path inside the wheel, e.g. nova/compute/api.py
    text: str
    lines: int
    candidates: list[Candidate]
    code_lines: list[int]  # lines holding code (for fabricated citations in range)
    fakes: list[str]       # identifiers that occur nowhere in the file


def wheel(cache: str) -> str:
    """The nova wheel, downloaded once into ``cache``."""
    os.makedirs(cache, exist_ok=True)
    found = sorted(glob.glob(os.path.join(cache, "nova-34.0.0-*.whl")))
    if found:
        return found[0]
    pip = [sys.executable, "-m", "pip"]
    subprocess.run([*pip, "download", "--no-deps", "--only-binary=:all:", NOVA, "-d", cache, "-q"], check=True)
    found = sorted(glob.glob(os.path.join(cache, "nova-34.0.0-*.whl")))
    if not found:
        raise SystemExit(f"pip download {NOVA} left no wheel in {cache}")
    return found[0]


def _word_lines(text: str, pattern: str) -> set[int]:
    """Lines (1-based) on which ``pattern`` (a regex) matches, anywhere: code, strings, comments."""
    out = set()
    for m in re.finditer(pattern, text):
        out.add(text.count("\n", 0, m.start()) + 1)
    return out


def _dotted_regex(parts: list[str]) -> str:
    return r"(?<![\w])" + r"\s*\.\s*".join(re.escape(p) for p in parts) + r"(?![\w])"


def analyse(rel: str, text: str) -> Module | None:
    try:
        tree = ast.parse(text)
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (SyntaxError, tokenize.TokenError, ValueError):
        return None
    defined = {n.name for n in ast.walk(tree)
               if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    nlines = text.count("\n") + (0 if text.endswith("\n") else 1)
    # logical lines: first and last physical line of each statement
    stmt_of: dict[int, tuple[int, int]] = {}
    code_lines: set[int] = set()
    start = None
    for tok in tokens:
        if tok.type in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING,
                        tokenize.ENDMARKER):
            continue
        if tok.type == tokenize.NEWLINE:
            if start is not None:
                for n in range(start, tok.start[0] + 1):
                    stmt_of[n] = (start, tok.start[0])
            start = None
            continue
        if start is None:
            start = tok.start[0]
        if tok.type not in (tokenize.STRING,):
            code_lines.add(tok.start[0])
    candidates: list[Candidate] = []
    seen: set[str] = set()
    names = [t for t in tokens if t.type == tokenize.NAME]
    # dotted chains a.b.c followed by "(" (calls), and single identifiers
    i = 0
    toks = [t for t in tokens if t.type not in (tokenize.NL, tokenize.COMMENT)]
    while i < len(toks):
        tok = toks[i]
        if tok.type != tokenize.NAME or keyword.iskeyword(tok.string) or (i and toks[i - 1].string == "."):
            i += 1
            continue
        parts = [tok.string]
        j = i + 1
        while j + 1 < len(toks) and toks[j].string == "." and toks[j + 1].type == tokenize.NAME:
            parts.append(toks[j + 1].string)
            j += 2
        line = tok.start[0]
        is_call = j < len(toks) and toks[j].string == "(" and toks[j].start[0] == line
        same_line = all(t.start[0] == line for t in toks[i:j])
        i = j
        if not same_line or line not in stmt_of or any(p in defined for p in parts):
            continue
        if is_call and len(parts) >= 2:
            code = ".".join(parts) + "(...)"
            lines = _word_lines(text, _dotted_regex(parts))
        elif len(parts) == 1 and len(parts[0]) >= 5 and "_" in parts[0].strip("_") and not is_call:
            code = parts[0]
            lines = _word_lines(text, r"(?<![\w])" + re.escape(parts[0]) + r"(?![\w])")
        else:
            continue
        if lines == {line} and code not in seen:
            seen.add(code)
            candidates.append(Candidate(code, line, stmt_of[line]))
    # identifiers that occur nowhere in the file (not even as a substring)
    fakes = []
    for name in sorted({t.string for t in names if "_" in t.string and len(t.string) >= 6
                        and not keyword.iskeyword(t.string)}):
        fakes.append(name)
    if len(candidates) < 6 or not code_lines:
        return None
    return Module(rel, text, nlines, candidates, sorted(code_lines), fakes)


def pick_modules(whl: str, count: int, rng: random.Random) -> list[Module]:
    with zipfile.ZipFile(whl) as zf:
        infos = sorted((i for i in zf.infolist()
                        if i.filename.startswith("nova/") and i.filename.endswith(".py")
                        and MIN_BYTES <= i.file_size <= MAX_BYTES), key=lambda i: i.filename)
        order = list(range(len(infos)))
        rng.shuffle(order)
        out: list[Module] = []
        for k in order:
            info = infos[k]
            text = zf.read(info).decode("utf-8", "replace")
            module = analyse(info.filename, text)
            if module is not None:
                out.append(module)
            if len(out) == count:
                break
    if len(out) < count:
        raise SystemExit(f"only {len(out)} usable modules in the wheel")
    return out


def fabricate(module: Module, rng: random.Random, used: set[str]) -> str:
    """A plausible identifier or call that occurs nowhere in the module's text."""
    for _ in range(200):
        style = rng.random()
        if style < 0.5 and module.candidates:
            base = rng.choice(module.candidates).code.removesuffix("(...)")
            code = f"{base}_{rng.choice(FAKE_SUFFIXES)}" + ("(...)" if "." in base else "")
        elif style < 0.8 and module.fakes:
            code = f"{rng.choice(module.fakes)}_{rng.choice(FAKE_WORDS)}"
        else:
            code = f"self._check_{rng.choice(FAKE_WORDS)}_{rng.choice(FAKE_SUFFIXES)}(...)"
        name = code.removesuffix("(...)")
        tail = name.rsplit(".", 1)[-1]
        if tail not in module.text and name not in used:
            used.add(name)
            return code
    raise RuntimeError(f"could not fabricate an identifier for {module.rel}")


def make_claims(module: Module, rng: random.Random) -> list[dict]:
    """4-8 claims, each {code, line, status, variant}."""
    n = rng.randint(4, 8)
    pool = list(module.candidates)
    rng.shuffle(pool)
    used: set[str] = set()
    lines_used: set[int] = set()
    claims: list[dict] = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.40 and pool:
            cand = pool.pop()
            claims.append({"code": cand.code, "line": cand.line, "status": "exact", "variant": "real_code"})
        elif roll < 0.65 and pool:
            cand = pool.pop()
            options = [cand.line + s * d for d in range(1, 6) for s in (1, -1)
                       if 1 <= cand.line + s * d <= module.lines
                       and not cand.stmt[0] <= cand.line + s * d <= cand.stmt[1]]
            if not options:
                continue
            line = rng.choice(options)
            claims.append({"code": cand.code, "line": line, "status": "shifted",
                           "variant": f"offset_{cand.line - line:+d}"})
        elif roll < 0.85:
            code = fabricate(module, rng, used)
            claims.append({"code": code, "line": rng.choice(module.code_lines), "status": "absent",
                           "variant": "fabricated_identifier"})
        else:
            line = module.lines + rng.randint(5, 300)
            while line in lines_used:
                line += 1
            lines_used.add(line)
            which = rng.random()
            if which < 0.4:
                claims.append({"code": None, "line": line, "status": "out_of_range", "variant": "bare_line"})
            elif which < 0.8 or not pool:
                claims.append({"code": fabricate(module, rng, used), "line": line, "status": "out_of_range",
                               "variant": "fabricated_identifier"})
            else:
                cand = pool.pop()
                claims.append({"code": cand.code, "line": line, "status": "out_of_range",
                               "variant": "real_code_beyond_eof"})
    return claims


def _what(code: str) -> str:
    return "call" if code.endswith("(...)") else "value"


def render(model: str, claims: list[dict], rng: random.Random) -> str:
    out = [INTROS[model], ""]
    for k, c in enumerate(claims, start=1):
        cwe_id, cwe_name = rng.choice(CWES)
        concern = rng.choice(CONCERNS)
        code, line = c["code"], c["line"]
        if model == "synthetic-A":
            subject = f"the `{code}` {_what(code)}" if code else "the statement"
            out.append(f"{k}. CWE-{cwe_id} ({cwe_name}):")
            out.append(f"In line {line}, {subject} {concern}.")
        elif model == "synthetic-B":
            subject = f"The `{code}` {_what(code)}" if code else "The statement at this line"
            out.append(f"{k}. **{rng.choice(TITLES)} (Line {line}):** {subject} {concern}.")
        else:
            subject = f"`{code}` at line {line}" if code else f"The statement at line {line}"
            out.append(f"{k}. CWE-{cwe_id} ({cwe_name}): {subject} {concern}.")
        if rng.random() < 0.5:
            out.append("")
            out.append(rng.choice(SOLUTIONS))
        out.append("")
    out.append(rng.choice(OUTROS))
    return "\n".join(out) + "\n"


def anchor_for(model: str, claim: dict) -> str:
    if claim["code"]:
        return f"`{claim['code']}`"
    return f"Line {claim['line']}" if model == "synthetic-B" else f"line {claim['line']}"


def build(out: str, reviews: int = 60, modules: int = 20, seed: int = 1, scale: int = 1,
          cache: str = DEFAULT_CACHE) -> dict:
    rng = random.Random(seed)
    whl = wheel(cache)
    chosen = pick_modules(whl, modules, rng)
    os.makedirs(os.path.join(out, "reviews"), exist_ok=True)
    for module in chosen:
        target = os.path.join(out, "src", module.rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(module.text)
    models = sorted(INTROS)
    written = []
    for r in range(reviews):
        module = chosen[r % len(chosen)]  # every module gets reviews, round robin
        model = models[r % len(models)]
        claims = make_claims(module, rng)
        text = render(model, claims, rng)
        name = f"r{r:05d}"
        with open(os.path.join(out, "reviews", f"{name}.txt"), "w", encoding="utf-8") as fh:
            fh.write(text)
        written.append((name, module, model, rng.choice(PROMPTS), claims))
    counts: dict[str, int] = {}
    with open(os.path.join(out, "manifest.jsonl"), "w", encoding="utf-8") as man, \
            open(os.path.join(out, "labels.jsonl"), "w", encoding="utf-8") as lab:
        for copy in range(scale):
            for name, module, model, prompt, claims in written:
                ident = f"{name}-x{copy:03d}" if scale > 1 else name
                man.write(json.dumps({"id": ident, "review": f"reviews/{name}.txt", "source": f"src/{module.rel}",
                                      "meta": {"model": model, "prompt": prompt}}) + "\n")
                for item, c in enumerate(claims, start=1):
                    lab.write(json.dumps({"id": ident, "item": item, "anchor": anchor_for(model, c),
                                          "code": c["code"], "line": c["line"], "status": c["status"],
                                          "variant": c["variant"]}) + "\n")
                    counts[c["status"]] = counts.get(c["status"], 0) + 1
    summary = {"out": out, "reviews": reviews * scale, "unique_reviews": reviews, "modules": len(chosen),
               "source_lines": sum(m.lines for m in chosen), "labels": counts, "wheel": whl, "seed": seed,
               "scale": scale}
    return summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="output folder (created)")
    ap.add_argument("--reviews", type=int, default=60)
    ap.add_argument("--modules", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", type=int, default=1, help="K copies of every review, with distinct ids")
    ap.add_argument("--cache", default=DEFAULT_CACHE, help="where the nova wheel is downloaded once")
    args = ap.parse_args(argv)
    summary = build(args.out, args.reviews, args.modules, args.seed, args.scale, args.cache)
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
