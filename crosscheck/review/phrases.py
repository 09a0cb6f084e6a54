"""The phrases stage 1 (and the claim checks) recognise, in one place.

What "asserts a defect", "asserts absence", "proposes code" and "names a
section of suggestions" mean is decided here, so the claim classifier, the
role of each piece of code, the stated-verdict reader and the checks agree.
``negated`` is the one negation helper.
"""
from __future__ import annotations

import re

# ------------------------------------------------------------------ sentences

# a nested bullet ("   - **Fix:** ...") starts a sentence of its own
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z*_`\"'(\[])|\n\s*\n|\n(?=[ \t]*(?:[-*•+]|\d{1,3}[.)])[ \t])")


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_SPLIT.split(text) if s and s.strip()]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``."""
    spans, pos = [], 0
    for m in SENTENCE_SPLIT.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


_NEGATION = re.compile(r"\b(?:no|not|n't|never|without|nor|none of)\b", re.I)


def negated(sentence: str, word_pos: int, window: int = 40) -> bool:
    """Whether a negation word stands shortly before position ``word_pos``."""
    return bool(_NEGATION.search(sentence[max(0, word_pos - window):word_pos]))


# ------------------------------------------------------------------ what a sentence asserts

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
    r"adherence)\b)|\bunsafe\b|\bweak\b|\bnot (?:checked|validated|sanitized|handled|verified)|"
    r"\bdisables?\b|\bbypass|\bexploit|\battacker|\bunvalidated\b|\buntrusted\b|\bsecurity (?:issue|risk|hole|bug)|"
    r"\bwithout (?:reject|validat|verif|escap|limit|bound|an? (?:upper )?(?:bound|limit|timeout|check))|\bsmuggl|"
    r"\bin (?:clear ?text|plain ?text)\b|\bcleartext\b|\bover plain HTTP\b|\b(?:could|can) ?not find any (?:check|validation)|"
    r"\bnever (?:checked|validated|verified|rejected|removed|stripped|cleared|forwarded|applied|enforced)\b|"
    r"\bno (?:upper )?(?:bound|limit|timeout)\b|\bis (?:never|not) (?:checked|validated|enforced|applied)\b",
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

# What a review says about the whole code, read from its intro and conclusion.
STATED_SUBJECT = re.compile(
    r"\b(?:security )?(?:defects?|vulnerabilit(?:y|ies)|issues?|weakness(?:es)?|flaws?|problems?|concerns?|"
    r"bugs?|risks?)\b", re.I)
# an analyzer's message that ends by quoting the value it saw, as Python writes a str
# ("Possible hardcoded password: 'guest'"): that value is in the file, at the finding's place
MESSAGE_QUOTES_VALUE = re.compile(r":\s*$")

# the negation bears on the subject: "no security defects", "did not find any issues", "issues were
# not found" — not "the findings we could not classify ... the relevant issues"
_SUBJECT = (r"(?:security )?(?:defects?|vulnerabilit(?:y|ies)|issues?|weakness(?:es)?|flaws?|problems?|concerns?|"
            r"bugs?|risks?)")
STATED_NONE = re.compile(
    r"\b(?:no|not|n't|never|free (?:of|from)|none|nothing|without)\b(?:\s+\w+){0,3}?\s+" + _SUBJECT + r"\b|"
    r"\b" + _SUBJECT + r"\b(?:\s+\w+){0,5}?\s+(?:not|never|none)\b|\bnothing\b", re.I)
STATED_YES = re.compile(
    r"\b(?:found|identified|detected|discovered|contains?|has|have|there (?:are|is)|following|several|multiple|"
    r"some|potential|the issues)\b", re.I)
# a conclusion that asks for fixes states defects, whatever it calls them ("I'd like the first two
# fixed before we upgrade", "Please fix the last point")
FIX_REQUEST = re.compile(r"\bplease fix\b|\b(?:like|want|need)s? (?:\w+ ){0,4}fixed\b|\b(?:must|should|needs? to) be "
                         r"(?:fixed|addressed)\b|\bfixed before\b|\bblock(?:s|ing)? (?:the |this )?merge\b", re.I)
HEDGED = re.compile(r"\b(?:may|might|could|would|if)\b.*\b(?:lead|result|introduce|pose)\b", re.I)

# ------------------------------------------------------------------ advice: code that is proposed

_ADVICE_NAMES = (r"Solutions?|Recommendations?|Recommended (?:fix|change|solution|approach)|Fix(?:es)?|Mitigations?|"
                 r"Remediation|Suggestions?|Suggested (?:fix|change|code)|Proposed (?:fix|change|solution)|"
                 r"Countermeasures?|How to fix|Secure (?:alternative|version|code)|Safer (?:alternative|version)|"
                 r"Corrected code|Fixed code|Better|Alternative|Example fix|Patch|Resolution|Action")
# "Solution: ..." opens a paragraph of advice attached to the claim above it
ADVICE_LEAD = re.compile(r"^\s*(?:[-*•]\s+)?(?:(?:\*\*|__)\s*)?(?:" + _ADVICE_NAMES + r")\s*(?:\*\*|__)?\s*:", re.I)
ADVICE_LEAD_TEXT = re.compile(r"^\s*(?:" + _ADVICE_NAMES + r")\s*:?\s*$", re.I)
# leads of a finding's own fields: after one of these the text is about the code again
FIELD_LEAD_TEXT = re.compile(
    r"^\s*(?:Location|Locations|File|Files|Path|Line|Lines|Line numbers?|Severity|Confidence|Risk|Impact|CWE|"
    r"Category|Type|Rule|Rule ID|Pattern|Level|Analyzer|Issue|Problem|Description|Details?|Evidence|Vulnerable code|Current (?:code|state)|"
    r"Code|Affected code|Snippet|Context|Explanation|Why|Root cause|Title|Status|Priority|Likelihood|Exploit(?:ability)?|"
    r"Attack vector|Scenario)\s*:?\s*$", re.I)
# what joins the members of a list of code in prose: "`a`, `b` and `c`", "`a`, `b`, or `c`"
LIST_JOINER = re.compile(r"\s*(?:,\s*(?:(?:and|or)\s+)?|\s(?:and|or|&)\s+|\s*/\s*)")
# a table column (or a field) that names the analyzer's rule, not code of the file
RULE_COLUMN = re.compile(r"(?:rule|rule ?id|rule name|pattern|check ?id|test ?id|analyzer|tool|linter|category|"
                         r"level|severity)", re.I)
# leads after which a code block or sentence quotes the code under review
CITING_LEAD = re.compile(r"\b(?:vulnerable|current|affected|existing|offending|problematic|original) (?:code|line|lines|"
                         r"snippet|state|implementation)\b|\bcurrent state\b|\bcode in question\b|\bhere is the\b",
                         re.I)

# A sentence that proposes code rather than citing it.
ADVICE_SENTENCE = re.compile(
    r"^\s*(?:[-*•]\s+)?(?:(?:\*\*|__)\s*)?(?:" + _ADVICE_NAMES + r")\s*(?:\*\*|__)?\s*:|"
    r"^\s*(?:(?:[-*•+]|\d{1,3}[.)])\s+)?(?:Consider|Use|Add|Replace|Ensure|Implement|Always|Avoid|Instead|Prefer|"
    r"Switch|Wrap|Change|Refactor|Migrate|Adopt|Upgrade|Pin|Restrict|Escape|Quote|"
    r"Make sure|Validate|Sanitize|Remove|Apply|Set|Pass|Call(?!\s+to\b)|Move|Rename|Keep|Include|Document|Try|"
    r"Guard|Verify|Catch|Raise|Specify|Define|Introduce|Configure)\b"
    r"(?!\s+of\b)|"  # "Use of eval", "Call to eval()" name a weakness, they advise nothing
    r"\bit would be (?:better|good|advisable|wise|preferable|safer)\b|\bconsider (?:using|adding|replacing|wrapping|"
    r"passing|setting|switching|calling|checking|validating|moving)\b|\bconsider\s+(?=`)|"
    r"\byou (?:should|could|can|may want to|might want to|need to|must)\b|"
    r"\b(?:should|must) (?:instead |also |then |rather |either )?(?:use|be replaced|be changed|add|call|wrap|"
    r"instead|be (?:passed|set|used|wrapped|validated|checked|escaped|quoted|avoided|removed)|pass|set|check|validate|"
    r"escape|quote|go through|look like|become)\b|"
    r"\brecommend(?:ed|s)? (?:to |that |using |adding |replacing |switching )|\binstead\b(?!\s+of\b)|\bprefer(?:ably)?\b|"
    r"\bsafer (?:alternative|option|approach|choice)\b|\bbetter (?:alternative|option|approach)\b|"
    r"\bwould (?:avoid|prevent|fix|resolve|mitigate|be safer)\b|\bswitch(?:ing)? to\b|\bmigrat(?:e|ing) to\b|"
    # "Passing `x` documents the intent", "Can we `shlex.quote()` the values?": proposals too
    r"^\s*(?:Passing|Using|Adding|Setting|Calling|Switching|Wrapping|Replacing|Moving|Pinning|Enabling)\b|"
    r"^\s*(?:Can|Could|Should|Shall|Would) (?:we|you|it|this)\b|^\s*(?:Why not|What about|How about)\b|\?\s*$",
    re.I)

# "instead of `X`", "replace `X` with `Y`": X is the code under review, Y the proposal
INSTEAD_OF = re.compile(r"\binstead of\b|\brather than\b|\breplac(?:e|ing)\b|\bswap(?:ping)? out\b|\bmigrat\w* away from\b",
                        re.I)
REPLACE_WITH = re.compile(r"\b(?:with|by|to|for)\b", re.I)

# ------------------------------------------------------------------ absence: code said not to be there

# right before the code: "no `timeout`", "without `verify`", "never calls `close()`"
ABSENT_BEFORE = re.compile(
    r"(?:\bno|\bwithout(?: an?| any)?|(?<!\ba )(?<!\bthe )(?<!\bany )\bmissing(?: an?| the)?|"
    r"\black(?:s|ing)?(?: an?| any| the)?|\babsence of(?: an?)?|"
    r"\bomit(?:s|ted|ting)?(?: the| an?)?|\bnever (?:calls?|sets?|pass(?:es)?|uses?|imports?|specif(?:y|ies)|"
    r"includes?|provides?|defines?|closes?)(?: an?| the| any)?|"
    r"\b(?:does(?: not|n't)|do(?: not|n't)|did(?: not|n't)) (?:call|set|pass|use|import|specify|include|provide|define|"
    r"close|add|have)(?: an?| the| any)?|"
    r"\bnot (?:calling|setting|passing|using|specifying|including|providing|closing)(?: an?| the| any)?|"
    r"\bfails? to (?:call|set|pass|use|specify|include|provide|close)(?: an?| the| any)?|"
    r"\bforgets? to (?:call|set|pass|close)(?: an?| the)?)"
    r"(?:\s+(?:explicit|proper|default|custom|\w+ing))?\s*$", re.I)
# "no `None` check", "without `x` validation": what is missing is the check, not the code
NOUN_AFTER_ABSENT = re.compile(r"^\s*(?:\w+\s+)?(?:checks?|checking|validation|handling|guards?|tests?|testing|"
                               r"verification|limits?|caps?|bounds?|sanitization|escaping|support|fallback|default|"
                               r"value|argument|parameter|option|call|wrapper|block|clause|statement)\b", re.I)
# weaker: the name may be there, it is just never checked ("never checks `resp.status_code`")
UNCHECKED_BEFORE = re.compile(
    r"(?:\bnever (?:checks?|validates?|verif(?:y|ies)|sanitiz(?:es?)|inspects?|handles?|catch(?:es)?|awaits?)|"
    r"\b(?:does(?: not|n't)|do(?: not|n't)) (?:check|validate|verify|sanitize|inspect|handle|catch|await)|"
    r"\bnot (?:checking|validating|verifying|sanitizing|handling)|\bno check (?:of|on|for))(?: the| an?)?\s*$", re.I)
# right after the code: "`timeout` is not set", "`status` is never checked"
ABSENT_AFTER = re.compile(
    r"^\s*(?:(?:argument|parameter|keyword|flag|option|call|check|value)s?\s+)?(?:is|are|was|were)\s+(?:never|not|"
    r"nowhere)\s+(?:set|passed|specified|provided|given|used|called|defined|imported|present|included|configured)\b|"
    r"^\s*(?:(?:argument|parameter|keyword|flag|option|call|check|value)s?\s+)?(?:is|are)\s+(?:missing|absent)\b",
    re.I)
UNCHECKED_AFTER = re.compile(
    r"^\s*(?:(?:value|result|code|response|field|attribute)s?\s+)?(?:is|are|was|were)\s+(?:never|not)\s+"
    r"(?:checked|validated|verified|sanitized|inspected|handled|awaited|compared)\b", re.I)

# ------------------------------------------------------------------ sections of bot comments

# the label of a <details> section (or a heading) -> the part of a claim it holds
SECTION_KINDS: tuple[tuple[str, re.Pattern], ...] = (
    ("agent_prompt", re.compile(r"prompt for (?:ai )?agents?|🤖", re.I)),
    ("original", re.compile(r"original (?:comment|text|review)|in english|^english\b|原文|原始", re.I)),
    ("analysis", re.compile(r"analysis chain|script(?:s)? executed|🧩|learnings|🏁|verification|length of output|"
                            r"shell script|web search|🌐", re.I)),
    ("tool_output", re.compile(r"🧰|🪛|\btools?\b|\bruff\b|\bpylint\b|\bflake8\b|\bbandit\b|\bsemgrep\b|\bmypy\b|"
                               r"\blinters?\b|static analysis|shellcheck|eslint|biome|gitleaks|markdownlint|"
                               r"languagetool|hadolint|checkov|yamllint|detekt|codeql", re.I)),
    ("proposed", re.compile(r"suggest|proposed|refactor|committable|\bfix\b|\bfixes\b|\bpatch\b|\bdiff\b|"
                            r"recommend|alternative|example|🛠|📝|improvement|change", re.I)),
    ("meta", re.compile(r"review details|configuration used|files? (?:selected|ignored|processed)|commits|walkthrough|"
                        r"sequence diagram|poem|tips|finishing touches|review effort|additional comments|"
                        r"📜|⛔|🔇|📒|⌛|📥|🚧|related issues|related prs|possibly related|summary by|"
                        r"ℹ️|chat|estimated", re.I)),
)
# CodeRabbit's folded lists of findings ("🧹 Nitpick comments (3)", "⚠️ Outside diff range comments (1)")
FINDINGS_SECTION = re.compile(r"nitpick comments|outside diff range comments|actionable comments|"
                              r"duplicate comments|potential issues", re.I)

# CodeRabbit / Copilot / Gemini badges and category prefixes: severity words
SEVERITY_WORDS = re.compile(r"\b(critical|high|medium|moderate|low|minor|major|nitpick|info(?:rmational)?|"
                            r"warning|error|note)\b", re.I)

# ------------------------------------------------------------------ document shapes

# a heading or bold line that is itself a finding ("### 1. SQL injection", "## CWE-89 ...",
# "### Issue 2: TLS verification disabled", "#### [HIGH] Finding 3 - ...")
FINDING_TITLE = re.compile(
    r"^(?:\d{1,3}[.)]\s|CWE[-\s]?\d|\[?(?:critical|high|medium|low|info)\]?\s*[:\-–—]?\s*"
    r"(?:issue|finding|vulnerability|problem|bug|defect|weakness)|(?:issue|finding|vulnerability|problem|bug|defect|"
    r"weakness|comment)\s*#?\d+\b|(?:🔴|🟠|🟡|🟢|⚠️|❗|🚨)\s*\S|"
    r"(?-i:\[?[A-Z][A-Z0-9]{0,9}-\d{1,4}\]?)(?=[\s:.)\]–—-]))", re.I)  # an audit's finding id: "BTL-1", "H-01", "VULN-003"
# an analyzer bot's issue says it found the finding it is about ("CodeFactor found 3 occurrences of a
# security issue", "Codacy found a new Security issue", "There are 2 occurrences of this issue")
BOT_FOUND = re.compile(r"\bfound (?:a new|an?|\d+|one|two|three)\b(?:\s+\**\w+\**){0,4}?\s+"
                       r"(?:issues?|occurrences?|alerts?|problems?)\b|"
                       r"\bthere (?:are|is) \d+ occurrences? of this (?:issue|alert|problem)\b", re.I)
# the fields of a finding that say where it is ("Location: app.py:631-640", "Files: a.py:12, b.py:40")
LOCATION_FIELD = re.compile(r"^\s*(?:\*\*|__)?\s*(?:Locations?|Files?|Paths?|Lines?|Line numbers?|Affected (?:files?|code|lines?)|"
                            r"Where)\s*(?:\*\*|__)?\s*:", re.I)
# sections whose items are advice, not findings
ADVICE_SECTION = re.compile(r"recommend|suggest|improvement|best practice|next steps|mitigation|remediation|"
                            r"action items|hardening", re.I)
NOT_A_CLAIM_LEAD = re.compile(r"^\s*(?:in )?(?:summary|conclusions?|overall|note|verdict|final (?:thoughts|verdict)|"
                              r"tl;?dr|short|to (?:summari[sz]e|conclude))\b", re.I)
# "I found the following issues:" states a conclusion; it is not a section label
FIRST_PERSON = re.compile(r"^(?:I|We)\b")
# a bot's label at the start of a comment: Sourcery's "issue (bug_risk):", "suggestion (security):"
BOT_LABEL = re.compile(r"^\s*(?:suggestion|issue|nitpick|praise|question|todo|chore|thought|note)"
                       r"\s*\([\w\s,_-]{1,60}\)\s*:", re.I)

# a bot's own label for its comment: CodeRabbit's "⚠️ Potential issue" badge, Sourcery's "issue (security)",
# "🛠️ Refactor suggestion", "🧹 Nitpick"
DEFECT_LABEL = re.compile(r"\bpotential issue\b|\bissue\b|\bbug[_ ]risk\b|\bsecurity\b|\bbug\b", re.I)
SUGGESTION_LABEL = re.compile(r"\bsuggestion\b|\bnitpick\b|\brefactor\b|\bpraise\b|\bquestion\b|\bthought\b|"
                              r"\bchore\b|\bnote\b|\btodo\b", re.I)


# a title's leading tag: "[Security] ...", "[BUG] ..."
TITLE_TAG = re.compile(r"^\s*\[(?P<tag>[A-Za-z][\w -]{1,20})\]")
# an analyzer bot's issue title carries the rule it reports: "(BAN-B403) Audit required: ...",
# "Use of possibly insecure function ... (B307)" -- the title of a finding, so a defect
_RULE = r"[\(\[](?:[A-Z]{1,5}-)?[A-Z]{1,5}\d{2,5}[\)\]]"
RULE_TITLE = re.compile(r"^\s*(?:#{1,6}\s+)?" + _RULE + r"\s|" + _RULE + r"\s*$")


def label_kind(label: str) -> str | None:
    """The claim kind a bot's label states: a reported issue is a defect, a suggestion suggests."""
    if SUGGESTION_LABEL.search(label) and not re.search(r"\bissue\b|\bsecurity\b|\bbug", label, re.I):
        return "suggestion"
    return "defect" if DEFECT_LABEL.search(label) else None


# ------------------------------------------------------------------ does a sentence say the code is there?

# a sentence about a case, an example, a caller's code: what it names need not be in the file
HYPOTHETICAL_START = re.compile(r"^\s*(?:\W{0,3})(?:when|whenever|if|unless|suppose|imagine|for (?:example|instance)|"
                                r"e\.g\.|say|given|once|after|as soon as|in case|even if|with)\b", re.I)
EXAMPLE_BEFORE = re.compile(r"(?:\be\.g\.|\bi\.e\.|\bfor (?:example|instance)|\bsuch as|\blike|\bsimilar to|\bunlike|"
                            r"\bper\b|\ballows?|\bRFC\s*\d+|\brequest to|\ban attacker|\ba caller|\bcallers?\b|"
                            r"\ba user|\blater|\bexample|\bwould|\bcould|\bmight|\bhypothetical|\bimagine)[^.;]{0,40}$",
                            re.I)
# right before a piece of code: a verb that says the code under review has or does it
PRESENCE_BEFORE = re.compile(
    r"\b(?:calls?|calling|called|invokes?|invoking|invoked|uses?|using|used|passes|passing|passed|sets?|setting|"
    r"assigns?|assigned|returns?|returning|returned|imports?|importing|imported|creates?|creating|opens?|opening|"
    r"runs?|running|executes?|executing|builds?|building|constructs?|instantiates?|defines?|defined|declares?|"
    r"contains?|containing|reads?|writes?|compares?|compared|comparing|catches|catching|caught|raises?|raising|"
    r"logs?|logging|stores?|storing|sends?|sending|loads?|loading|parses?|decodes?|encodes?|hashes|signs?|"
    r"verifies|validates|checks?|checking|is set to|are set to|equals?|assigns|gets|getting|fetches|"
    r"with|via|through|into|from|to|by|of|as|is|are|=)\s*(?:an?\s+|the\s+|its\s+)?(?:\w+\s+)?$|"
    r"\w\s*\(\s*$", re.I)  # "the logger (`LOG.debug(token)`)": the code names what the words describe
# an absence a caller, user or client is the subject of ("when the caller passes no `x`") is about
# how the code is used, not about what the code holds
USAGE_SUBJECT = re.compile(r"\b(?:callers?|users?|clients?|applications?|apps?|consumers?|developers?|"
                           r"challenges?|requests?|responses?|payloads?|inputs?|messages?|packets?|servers?|"
                           r"urls?|uris?|hosts?|environments?|configs?|configurations?|settings)\b", re.I)
# "a `TODO: escaping` comment", "the docstring says `...`": code the review places in a comment (or in
# a configuration file's "`[inet_http_server]` section")
# "on branch `release/1.2`", "since commit `a1c4e2f`", "the `fix/tls` branch": a name in git, not the file
GIT_REF_BEFORE = re.compile(r"\b(?:branch|branches|commit|commits|tag|tags|ref|revision|rev|sha|changeset|"
                            r"pull request|PR|merge request|MR)\W{0,3}$", re.I)
GIT_REF_AFTER = re.compile(r"^\W{0,3}(?:branch|commit|tag|revision|changeset)\b", re.I)
IN_A_COMMENT = re.compile(r"^\W{0,3}(?:comment|docstring|todo|note|section)\b|"
                          r"\b(?:comment|docstring)s?\s+(?:says?|reads?|notes?|mentions?)?\W{0,3}$", re.I)

# ------------------------------------------------------------------ claims about what the code does (stage 4)

# "swallows the `IOError`", "only logs it", "silently ignores errors", "catches X and returns 0"
SWALLOWED = re.compile(r"\bswallow(?:s|ed|ing)?\b|\bsilently (?:ignor|discard|drop|pass|continu)\w*|"
                       r"\bignor(?:es|ed|ing) (?:the |any |all |every )?(?:\w+ )?(?:errors?|exceptions?|failures?)\b|"
                       r"\b(?:only|just|merely) logs? (?:it|them|the (?:error|exception|failure)s?|errors?|exceptions?)\b|"
                       r"\bsuppress(?:es|ed|ing)? (?:the |any |all )?(?:errors?|exceptions?|failures?|it)\b|"
                       r"\b(?:errors?|exceptions?|failures?) (?:is|are) (?:ignored|discarded|dropped|swallowed)\b|"
                       r"\bcatch(?:es)? [^.;]{0,60}? and (?:only )?(?:logs|ignores|continues|returns|passes)\b", re.I)
# "not constant-time", "compared with a plain ==", "timing attack"
TIMING = re.compile(r"\bconstant[- ]time\b|\btiming (?:attack|side[- ]channel|leak|information|discrepanc)\w*|"
                    r"\bshort[- ]circuits?\b|\bplain (?:==|!=|equality|inequality|comparison|string comparison)|"
                    r"\bCWE-208\b", re.I)
# an exception type named in a claim ("does not handle `OSError`")
# "does not handle `OSError`", "never catches `requests.Timeout`": a named exception is not caught
NOT_CAUGHT = re.compile(r"\b(?:does(?: not|n't)|do(?: not|n't)|never|fails? to|without) (?:\w+ly )?"
                        r"(?:handle|handles|handling|catch|catches|catching|except)\b", re.I)
EXCEPTION_NAME = re.compile(r"(?:[A-Z]\w*)?(?:Error|Exception|Exit|Interrupt|Failure|Warning|Timeout)")

# "uses mocks", "everything is mocked", "patches `requests.get`": test doubles. A bare "patch" is a
# fix as often ("with the same patch"); it counts only as a call or decorator (``mock.patch``, ``@patch``)
MOCK_WORD = re.compile(r"\b(?:mock(?:ed|s|ing)?|monkey-?patch\w*)\b|(?:\bmock\.|@)patch\b|\bpatch\(", re.I)
# mocking done by something the code really has ("fixtures to mock", "stubs") is another claim
MOCK_DELEGATED = re.compile(r"\b(?:fixtures?|stubs?|fakes?)\b", re.I)
