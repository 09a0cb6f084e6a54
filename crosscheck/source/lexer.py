"""Split a source into code tokens and comments, using Python's tokenizer.

The resolver must know exactly whether cited code sits in code, in a string or
only in a comment, so it works on tokens, not on raw text. A file the
tokenizer rejects (broken, Python 2, not Python at all) falls back to a
line-level lexer that still tells comments from code on each line.
"""
from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field

# Tokens of review snippets and of sources the tokenizer rejects.
TOKEN_RE = re.compile(
    r"""(?P<string>[rRbBuUfF]{0,2}(?:'''.*?'''|\"\"\".*?\"\"\"|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"))"""
    r"""|(?P<ellipsis>\.\.\.|…)"""
    r"""|(?P<name>[^\W\d]\w*)"""
    r"""|(?P<number>\d[\w.]*)"""
    r"""|(?P<op>\*\*=|//=|>>=|<<=|\*\*|//|==|!=|<=|>=|->|:=|[-+*/%&|^@]=|>>|<<|\S)""",
    re.DOTALL,
)
_STRING_PREFIX = re.compile(r"^[rRbBuUfF]{0,2}")


def string_value(literal: str) -> str:
    """The text inside a string literal's quotes (prefix and quotes dropped)."""
    body = _STRING_PREFIX.sub("", literal, count=1)
    for quote in ('"""', "'''", '"', "'"):
        if body.startswith(quote) and body.endswith(quote) and len(body) >= 2 * len(quote):
            return body[len(quote):-len(quote)]
    return body


@dataclass(frozen=True, slots=True)  # a long source has millions: slots keep each small
class Token:
    line: int
    end_line: int
    text: str
    kind: str  # name / op / number / string / ellipsis

    @property
    def value(self) -> str:
        return string_value(self.text) if self.kind in ("string", "doc") else self.text


@dataclass
class Lexed:
    tokens: list[Token]
    comments: dict[int, str]
    tokenizer_ok: bool = True
    error: str | None = None
    line_tokens: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for i, tok in enumerate(self.tokens):
            self.line_tokens.setdefault(tok.line, []).append(i)


_KIND = {tokenize.NAME: "name", tokenize.OP: "op", tokenize.NUMBER: "number",
         tokenize.STRING: "string"}
_SKIP = {tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
         tokenize.ENDMARKER, tokenize.ENCODING}


_STATEMENT_START = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING, None}


def lex(text: str) -> Lexed:
    """Tokens and comments of ``text``; never raises.

    A string that is a statement of its own (a docstring) gets kind ``doc``:
    its words are documentation, like a comment's, not code.
    """
    tokens: list[Token] = []
    comments: dict[int, str] = {}
    try:
        # newline=None: a lone \r ends a line, as it does for Python and for the loader
        raw = [t for t in tokenize.generate_tokens(io.StringIO(text, newline=None).readline)
               if t.type not in (tokenize.NL, tokenize.COMMENT) or (t.type == tokenize.COMMENT and
                                                                    comments.setdefault(t.start[0], t.string))]
        previous = None
        for pos, tok in enumerate(raw):
            if tok.type in _SKIP:
                previous = tok.type
                continue
            if tok.type == tokenize.COMMENT:
                continue
            if tok.type == tokenize.ERRORTOKEN and not tok.string.strip():
                continue
            kind = _KIND.get(tok.type, "string" if "STRING" in tokenize.tok_name.get(tok.type, "") else "op")
            if kind == "string" and previous in _STATEMENT_START and pos + 1 < len(raw) \
                    and raw[pos + 1].type in (tokenize.NEWLINE, tokenize.ENDMARKER):
                kind = "doc"
            tokens.append(Token(tok.start[0], tok.end[0], tok.string, kind))
            previous = tok.type
        return Lexed(tokens, comments)
    except (tokenize.TokenError, SyntaxError, ValueError) as exc:
        fallback = lex_lines(text)
        fallback.tokenizer_ok = False
        fallback.error = f"tokenizer: {exc}"
        return fallback


def lex_lines(text: str) -> Lexed:
    """Line-level lexer: a ``#`` outside quotes starts a comment."""
    tokens: list[Token] = []
    comments: dict[int, str] = {}
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        code, comment = _split_comment(line)
        if comment:
            comments[number] = comment
        for m in TOKEN_RE.finditer(code):
            tokens.append(Token(number, number, m.group(), m.lastgroup or "op"))
    return Lexed(tokens, comments, tokenizer_ok=False)


def _split_comment(line: str) -> tuple[str, str]:
    quote = ""
    i = 0
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "#":
            return line[:i], line[i:]
        i += 1
    return line, ""


def tokenize_snippet(snippet: str) -> list[Token]:
    """Tokens of a piece of code quoted in a review. Its comments are not code (the
    file's comments are not in its tokens either): a quote with a trailing
    ``# pylint: disable=...`` matches the statement it comments."""
    code = "\n".join(_split_comment(line)[0] for line in snippet.split("\n")) if "#" in snippet else snippet
    return [Token(0, 0, m.group(), m.lastgroup or "op") for m in TOKEN_RE.finditer(code)]
