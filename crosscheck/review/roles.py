"""The role of every piece of code in a review, decided before anything is looked up.

- ``cited``: the review says this code is in the file (at a place, or anywhere);
- ``replaced``: the current code a proposed fix replaces (a diff's ``-`` and
  context lines): also a claim about existing code;
- ``proposed``: code the review suggests (a suggestion block, a diff's ``+``
  lines, "use `X` instead", anything in advice);
- ``absent``: code the review says is not there ("no `timeout`", "never
  calls `close()`"); found where the claim says it is missing, it
  contradicts the claim;
- ``mention``: a name in passing (a CamelCase word, a word in quotes): looked
  up, but its absence proves nothing;
- ``external``: not code of this file at all: rule ids (``S603``,
  ``python.lang.security.audit.exec-detected``), tool commands, flags, file
  names, URLs, payloads, an analyzer's own message.

Only ``cited`` and ``replaced`` code can make a claim fabricated or misplaced.
"""
from __future__ import annotations

import ast
import re
import warnings

from . import phrases

CITED, REPLACED, PROPOSED, ABSENT, MENTION, EXTERNAL = "cited", "replaced", "proposed", "absent", "mention", "external"
ROLES = (CITED, REPLACED, PROPOSED, ABSENT, MENTION, EXTERNAL)
CHECKED_ROLES = frozenset({CITED, REPLACED})  # roles whose absence or displacement flags a claim

# the part of a unit (units.py) -> the role all code in it has, whatever the sentence says
PART_ROLES = {"proposed": PROPOSED, "advice": PROPOSED, "tool_output": EXTERNAL, "analysis": EXTERNAL,
              "agent_prompt": EXTERNAL, "context": EXTERNAL, "meta": EXTERNAL, "message": MENTION}

_RULE_ID = re.compile(
    r"(?:(?:[A-Z][A-Za-z0-9]{1,24}_)?[A-Z]{1,5}\d{2,5}|[A-Z]{2,8}-[A-Z]{0,3}\d{1,5}|CWE-\d{1,5}|CVE-\d{4}-\d{3,7}|GHSA(?:-[\w]{4}){3}|"
    r"(?:py|js|java|go|rb|cs|cpp|python|javascript)/[a-z][\w-]*)")
_DOTTED_RULE = re.compile(r"[a-z][\w]*(?:\.[a-z][\w-]*){1,12}")
# a wildcard pattern: a family of names or files ("AWS_*", "os.*", "test_*.py", "*.pyc"), not
# Python (``x*y`` and ``*args`` are: the star sits between or before plain names)
_GLOB = re.compile(r"[\w./-]*(?:[_./]\*|\*[./])[\w./*-]*|[\w./-]*[\w]\*")
_FLAG = re.compile(r"--?[A-Za-z][\w-]*(?:[= ][^\s]{0,80})?")
_ENV = re.compile(r"\$\{?[A-Z_][A-Z0-9_]*\}?")
_URL = re.compile(r"[a-z][a-z0-9+.-]{1,15}://\S*|(?:javascript|data|mailto):\S+|www\.\S+", re.I)
_PAYLOAD = re.compile(r"\.\./|\.\.\\|%2e%2e|%00|\\x00|/etc/(?:passwd|shadow|hosts)|\bOR\s+['\"]?1['\"]?\s*=\s*['\"]?1|"
                      r"<script|javascript:|\$\{jndi:|;\s*(?:rm|cat|curl|wget|nc|id|whoami|ls)\b|\|\|\s*\w|"
                      r"\$\((?:id|whoami|curl|wget|rm|cat)\b|`(?:id|whoami)`|\{\{\s*\d+\s*\*\s*\d+\s*\}\}|"
                      r"'\s*(?:OR|AND|UNION)\s|--\s*$|\bUNION\s+SELECT\b|\bDROP\s+TABLE\b", re.I)
COMMANDS = frozenset("""ruff bandit semgrep pip pip3 pipx python python3 py pytest git npm npx yarn pnpm make docker
curl wget mypy flake8 pylint black isort poetry uv tox nox pre-commit gh kubectl helm sudo apt apt-get brew chmod chown
ls cat grep rg sed awk find echo export cd openssl ssh scp ssh-keygen gpg sh bash zsh node go cargo rustc gcc java mvn
gradle coverage codespell safety pip-audit trivy gitleaks detect-secrets pyright hatch pdm conda twine sphinx-build
reviewdog codeql snyk sonar-scanner ansible ansible-playbook terraform ps top kill strace lsof netstat ss nc
ncat telnet ping dig nslookup ip ifconfig iptables systemctl journalctl mount umount tar unzip zip gzip base64 xxd
od hexdump env printenv id whoami su passwd crontab nohup timeout time watch tee xargs""".split())
_FILE_NAME = re.compile(r"(?:[\w.-]+/)*(?:\.?[\w-]+\.(?:ya?ml|json|toml|cfg|ini|conf|txt|md|rst|lock|env|pem|key|crt|"
                        r"csv|log|xml|html?|sqlite3?|db|sh|bat|ps1|service|properties)|\.env(?:\.\w+)?|Dockerfile|"
                        r"Makefile|Procfile|\.gitignore|\.dockerignore|requirements[\w.-]*\.txt|setup\.py|conftest\.py)")
_DIRECTIVE = re.compile(r"#\s*(?:nosec|noqa|type:\s*ignore|pragma|pylint:|fmt:|isort:|nosemgrep)\b.*", re.I)


# values rather than code: numbers, host names, IP addresses, file-system paths, HTTP header names
_VALUE = re.compile(
    r"[-+]?\d[\d_.,]*(?:[eE][-+]?\d+)?[%a-zA-Z]{0,3}|"                                  # 302, 0.5, 10s, 128KB
    r"(?:\d{1,3}\.){1,3}\d{1,3}(?::\d+)?|\[?(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}\]?|"     # 127.1, 0.0.0.0, ::1
    r"(?:[a-z0-9-]+\.)+(?:com|net|org|io|dev|test|example|local|localhost|internal|invalid|co|uk|de|edu|gov|"
    r"app|cloud|site|xyz|info|biz|me|us|ai)(?::\d+)?|"                                     # api.example.com
    r"~?/[\w.@%+~<>{}$-]*(?:/[\w.@%+~*<>{}$-]*)*|[A-Za-z]:\\\S*|~/?[\w./-]*|"          # /tmp/x, ~/.netrc, C:\x
    r"\.[\w-]+(?:\.[\w-]+)*|[\w-]+rc|"                                                     # .netrc, .env, bashrc
    r"[A-Za-z][A-Za-z0-9]+(?:-[A-Za-z0-9]{2,})+|"                  # Proxy-Authorization, auth-int, SHA-256
    r"[A-Z_][A-Z0-9_]*=\S*|[\w-]+=(?:\.\.\.|…)?|[\w.-]*:[\w.-]*@[\w.-]*|"              # NO_PROXY=x, code=, user:pw@
    r"%[-#0 +]*\d*[a-zA-Z%](?:\s*%[-#0 +]*\d*[a-zA-Z%])*|%\(\w+\)[sdr]|\{\w*\}|"          # %C, %h %p, %(name)s, {}
    r"(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE)|"
    r"[A-Z][\w-]*:\s.*|"                                          # an HTTP header line: "WWW-Authenticate: Digest ..."
    r"[^\w\s]{1,3}")                                              # an operator or a separator alone: "-", "--", "=="


_SETTING = re.compile(r"(?P<key>[A-Za-z_][\w.-]*)=(?P<value>\S+)")  # written as in a config file: no spaces
_PLACEHOLDER = re.compile(r"<[A-Za-z][\w -]{0,30}>|\{[A-Z][A-Z0-9]*\}")  # <hex>, <token>, {SHA}


def value_shape(code: str) -> bool:
    """A value the review names (a status code, a host, a path, a configuration line such as
    ``port=0.0.0.0:9001`` or ``password={SHA}<hex>``), not code it quotes."""
    text = code.strip()
    if _VALUE.fullmatch(text):
        return True
    setting = _SETTING.fullmatch(text) if "\n" not in text else None
    if setting and (_PLACEHOLDER.search(setting.group("value")) or not _parses(setting.group("value"))):
        return True  # a setting of a configuration file: its value is no Python expression
    return False


def url_shape(code: str) -> bool:
    """A URL or URI (``qemu:///system``): a link in prose, a string literal when quoted."""
    return bool(_URL.match(code.strip()))


# a commit id (``a1c4e2f``): hex letters and digits, as no identifier or literal of the file is written
_GIT_SHA = re.compile(r"(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,40}")


def external_shape(code: str) -> bool:
    """Whether a code span is, by its shape alone, something other than code of the file."""
    text = code.strip()
    if not text:
        return True
    if _RULE_ID.fullmatch(text) or _FLAG.fullmatch(text) or _ENV.fullmatch(text) or _URL.match(text):
        return True
    if _DOTTED_RULE.fullmatch(text) and "-" in text:
        return True  # python.lang.security.audit.exec-detected: identifiers have no hyphens
    if _DIRECTIVE.fullmatch(text) or _FILE_NAME.fullmatch(text) or _GIT_SHA.fullmatch(text) or _GLOB.fullmatch(text):
        return True
    if text.startswith("$ ") or text.startswith("> "):
        return True
    words = text.split()
    if len(words) > 1 and words[0] in COMMANDS:  # "ruff check src/": a single word may be a name of the file
        return not re.search(r"[()=]", text) or words[1].startswith("-")
    return bool(_PAYLOAD.search(text))


def prose_like(text: str) -> bool:
    """An analyzer's message or a phrase in backticks ("Possible hardcoded password"):
    several words, hardly any code punctuation, and not Python."""
    words = re.findall(r"[A-Za-z]{2,}", text)
    if re.fullmatch(r"[a-z][\w-]*(?: [a-z][\w-]*){1,3}", text.strip()):
        return not _parses(text)  # "celery multi": a command or a phrase, no Python
    if len(words) < 4 or len(text) > 300:
        return False
    letters = sum(ch.isalpha() or ch.isspace() for ch in text)
    if letters / len(text) < 0.8 or re.search(r"[()\[\]{}]", text):
        return False
    return not _parses(text)


def _parses(text: str) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for candidate in (text, text + " pass", text + "\n    pass"):
            try:
                ast.parse(candidate)
                return True
            except (SyntaxError, ValueError, MemoryError, RecursionError):
                continue
    return False


def absence_before(before: str, after: str = "") -> str | None:
    """``absent`` (strict) or ``unchecked`` for the words right before a piece of code.

    "no `timeout`" says the code is not there; "no `None` check" says a check is
    missing, and "without a `timeout` argument" says the argument is: both strict
    only when no other noun takes the absence ("check", "validation").
    """
    tail = before[-60:]
    if phrases.ABSENT_BEFORE.search(tail):
        noun = phrases.NOUN_AFTER_ABSENT.match(after)
        if noun and not re.match(r"\s*(?:argument|parameter|option|keyword|value|call)\b", after, re.I):
            return "unchecked"
        return "absent"
    if phrases.UNCHECKED_BEFORE.search(tail):
        return "unchecked"
    return None


def absence_after(after: str) -> str | None:
    head = after[:60]
    if phrases.ABSENT_AFTER.match(head):
        return "absent"
    if phrases.UNCHECKED_AFTER.match(head):
        return "unchecked"
    return None


def advisory(sentence: str) -> bool:
    """Whether a sentence proposes code rather than describing the code under review."""
    lead = re.match(r"^\s*[^:\n]{1,90}?:\s+", sentence)
    if lead and len(lead.group().split()) <= 9:
        # "Solution: ..." advises; "Keep Dependencies Updated: The code imports `x`" describes the code
        if phrases.ADVICE_LEAD.match(lead.group()):
            return True
        sentence = sentence[lead.end():]
    return bool(phrases.ADVICE_SENTENCE.search(sentence))


def replaced_in_advice(before: str) -> bool:
    """"instead of `X`", "replace `X` with": in an advice sentence, X is the code under review."""
    window = before[-40:]
    found = list(phrases.INSTEAD_OF.finditer(window))
    # the phrase stands right before the code: "instead of `X`", "replace the `X` call"
    return bool(found) and bool(re.fullmatch(r"\s*(?:the\s+|a\s+|an\s+|calling\s+|using\s+|passing\s+)?",
                                             window[found[-1].end():]))


# ------------------------------------------------------------------ fenced blocks

SHELL_INFO = frozenset({"sh", "bash", "shell", "console", "zsh", "fish", "powershell", "ps", "ps1", "cmd", "bat",
                        "terminal", "text", "txt", "output", "log", "plaintext", "none"})
PYTHON_INFO = frozenset({"", "python", "py", "python3", "py3", "pycon", "ipython", "python2", "pyi", "code"})
_DIFF_LINE = re.compile(r"^(?:[-+ ]|@@)")


def fence_language(info: str) -> str:
    return (info.split()[0] if info.split() else "").lower().strip("{}.")


def is_diff(info: str, code: str) -> bool:
    lang = fence_language(info)
    if lang in ("diff", "patch", "udiff"):
        return True
    lines = [line for line in code.split("\n") if line.strip()]
    changed = [line for line in lines if line[:1] in "+-" and not line.startswith(("---", "+++")) or
               line.startswith("@@")]
    return bool(lines) and len(changed) >= 1 and all(_DIFF_LINE.match(line) for line in lines) \
        and any(line.startswith("+") for line in lines) and any(line.startswith("-") for line in lines)


def diff_sides(code: str) -> tuple[str, str]:
    """(the lines a diff replaces: ``-`` and context, the lines it proposes: ``+``), prefixes dropped."""
    old, new = [], []
    for line in code.split("\n"):
        if line.startswith(("---", "+++", "@@")):
            continue
        if line.startswith("-"):
            old.append(line[1:])
        elif line.startswith("+"):
            new.append(line[1:])
        else:
            text = line[1:] if line.startswith(" ") else line
            old.append(text)
            new.append(text)
    return "\n".join(old), "\n".join(new)


def fence_role(info: str, part: str, proposing: bool, citing: bool) -> str:
    """The role of a fenced block that is not a diff.

    ``proposing``: the text right before it proposes ("Recommendation:", "use
    this instead:"); ``citing``: it introduces the code under review
    ("Vulnerable code:").
    """
    lang = fence_language(info)
    if lang == "suggestion":
        return PROPOSED
    if part in PART_ROLES:
        return PART_ROLES[part]
    if lang in SHELL_INFO:
        return EXTERNAL
    if proposing and not citing:
        return PROPOSED
    if lang in PYTHON_INFO:
        return CITED
    return MENTION  # a block in another language: checked, but its absence proves nothing
