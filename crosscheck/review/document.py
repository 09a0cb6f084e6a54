"""A review document as blocks with line maps, read by a real Markdown parser.

Every input (a plain-text review, one comment of a GitHub export, one SARIF
result) becomes a ``Document``: its text plus where it came from
(``Origin``). ``blocks(document)`` parses the text with markdown-it-py
(CommonMark with tables) and returns a tree of ``Block``s that keep their
line range in the document, so every claim made from them keeps an exact
span. Plain text without Markdown is a document of paragraphs and lists.

Prose is kept apart from code by the parser, never by regexes over lines:
``Inline.text`` is a block's prose with each code span written back between
backticks, ``Inline.codes`` says where those spans are, and
``Inline.masked`` is the same text with the code blanked out, for phrase and
location patterns that must not look inside code.

HTML ``<details>`` sections (review bots fold suggestions, tool output and
agent prompts into them) are found with ``sections``: a tag scan over the
lines that are not code, giving each section its ``<summary>`` label and line
range. Bots' own tags (``<location>``, ``<code_context>``) are sections too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

MAX_PARSE_CHARS = 512 * 1024  # a document is parsed in pieces of about this size


@dataclass
class Origin:
    """Where a document came from: the input it was read from and, for review
    comments and findings files, the place in the source it is attached to."""
    input: str = "text"             # the input format that read it
    position: int = 1               # 1-based position in the input (comment k, result k)
    path: str | None = None         # the file the comment / finding is on
    start_line: int | None = None   # its own range in that file
    end_line: int | None = None
    commit: str | None = None
    author: str | None = None
    id: str | None = None           # comment id, SARIF guid / fingerprint, result index
    url: str | None = None
    outdated: bool = False          # the comment's line refers to an older commit
    base_side: bool = False         # on the old side of the diff (GitHub LEFT, Gerrit PARENT)
    reply: bool = False             # answers another comment: not a claim of its own

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"input": self.input, "position": self.position}
        for key in ("path", "start_line", "end_line", "commit", "author", "id", "url"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.outdated:
            out["outdated"] = True
        if self.base_side:
            out["base_side"] = True
        return out


@dataclass
class Document:
    """One review text and its origin.

    ``line_base`` is the review line of the text's first line minus one (a
    plain review: 0); ``None`` for comment inputs, whose claims are numbered
    by ``origin.position`` instead of by lines. ``fields`` carries what a
    structured input states outright (rule id, CWE ids, severity, tool, code
    snippet), so later stages need not dig it out of prose.
    """
    text: str
    origin: Origin = field(default_factory=Origin)
    line_base: int | None = 0
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class Inline:
    """The prose of one block, with its code spans and links located in it."""
    text: str
    masked: str
    codes: list[tuple[int, int, str]] = field(default_factory=list)   # (start, end, code) in text
    links: list[tuple[int, int, str]] = field(default_factory=list)   # (start, end, href)
    images: list[tuple[str, str]] = field(default_factory=list)       # (alt, src)
    lead: str = ""  # the bold text the block opens with ("**Location:** ..." -> "Location:")
    line: int = 0   # the document line the text starts on
    # document line of each "\n" in text, so an offset maps back to its line
    breaks: list[int] = field(default_factory=list)

    def line_at(self, offset: int) -> int:
        """The document line holding ``text[offset]``."""
        return self.line + sum(1 for b in self.breaks if b < offset)


@dataclass
class Section:
    """An HTML section of the document: ``<details>`` with its summary, or a
    bot's own tag (``<location>``, ``<code_context>``, ``<issue_to_address>``)."""
    tag: str
    start: int                        # first line (0-based)
    end: int                          # one past the last line
    label: str = ""                   # the <summary> text
    label_lines: tuple[int, int] = (0, 0)  # lines of the <summary> element
    attrs: dict[str, str] = field(default_factory=dict)
    parent: "Section | None" = None

    def chain(self) -> list["Section"]:
        """This section and every section around it, innermost first."""
        out: list[Section] = []
        node: Section | None = self
        while node is not None:
            out.append(node)
            node = node.parent
        return out


@dataclass
class Block:
    """One block of the document tree.

    ``kind``: heading, paragraph, list, item, fence, code, table, row, quote,
    html, hr. Lines are 0-based in the document, ``end`` exclusive.
    """
    kind: str
    start: int
    end: int
    inline: Inline | None = None
    info: str = ""          # fence info string; list: "ordered" / "bullet"
    code: str = ""          # fence / indented code content
    level: int = 0          # heading level
    children: list["Block"] = field(default_factory=list)
    cells: list[Inline] = field(default_factory=list)   # a table row's cells
    header: list[str] = field(default_factory=list)     # a table row's column names
    section: Section | None = None

    def walk(self):
        """This block and every block inside it, in document order (no recursion)."""
        stack = [self]
        while stack:
            block = stack.pop()
            yield block
            stack.extend(reversed(block.children))


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"maxNesting": 20}).enable("table")


# Plain-text reviews use bullet characters Markdown does not know; they are
# read as "-" (one character for one, so every offset and line stays put).
_BULLETS = re.compile(r"(?m)^([ \t]{0,3})[•●▪◦‣∙](?=[ \t])")


def normalise(text: str) -> str:
    """Line endings as ``\\n`` (line count kept) and bullet characters as ``-``."""
    return _BULLETS.sub(r"\1-", unify_newlines(text))


def unify_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def blocks(document: Document) -> list[Block]:
    """The top-level blocks of a document, each with its nested blocks.

    A long document is parsed in pieces cut at blank lines outside code
    blocks, so time and memory stay proportional to its size.
    """
    text = normalise(document.text)
    lines = text.split("\n")
    out: list[Block] = []
    for first, last in _chunks(lines):
        tree = SyntaxTreeNode(_parser().parse("\n".join(lines[first:last])))
        part = _convert_children(tree, lines[first:last])
        if first:
            for top in part:
                for block in top.walk():
                    block.start += first
                    block.end += first
                    for inline in ([block.inline] if block.inline else []) + block.cells:
                        inline.line += first
        out.extend(part)
    found = sections(lines, [(b.start, b.end) for top in out for b in top.walk() if b.kind in ("fence", "code")])
    if found:
        by_line = section_of_lines(found, len(lines))
        for top in out:
            for block in top.walk():
                block.section = by_line[block.start] if block.start < len(by_line) else None
    return out


_FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _chunks(lines: list[str]) -> list[tuple[int, int]]:
    """Line ranges of at most about ``MAX_PARSE_CHARS`` each, cut at a blank line outside a fence."""
    out: list[tuple[int, int]] = []
    start, size, fence = 0, 0, ""
    for n, line in enumerate(lines):
        m = _FENCE_LINE.match(line)
        if m and (not fence or m.group(1)[0] == fence[0]):
            fence = "" if fence else m.group(1)
        size += len(line) + 1
        # a blank line is a clean cut; with none for long, any line outside a fence will do
        if not fence and ((size >= MAX_PARSE_CHARS and not line.strip()) or size >= 4 * MAX_PARSE_CHARS):
            out.append((start, n + 1))
            start, size = n + 1, 0
    out.append((start, len(lines)))
    return out


def _map(node: SyntaxTreeNode) -> tuple[int, int]:
    m = node.map
    return (m[0], m[1]) if m else (0, 0)


def _convert_children(node: SyntaxTreeNode, lines: list[str]) -> list[Block]:
    """Convert a node's children; the tree is at most ``maxNesting`` deep."""
    out: list[Block] = []
    for child in node.children:
        block = _convert(child, lines)
        if block is not None:
            out.append(block)
    return out


def _convert(node: SyntaxTreeNode, lines: list[str]) -> Block | None:
    kind = node.type
    start, end = _map(node)
    if kind == "paragraph":
        return Block("paragraph", start, end, inline=_inline_of(node.children[0], start) if node.children else None)
    if kind == "heading":
        level = int(node.tag[1:]) if node.tag[1:].isdigit() else 1
        return Block("heading", start, end, level=level,
                     inline=_inline_of(node.children[0], start) if node.children else None)
    if kind in ("bullet_list", "ordered_list"):
        return Block("list", start, end, info="ordered" if kind == "ordered_list" else "bullet",
                     children=_convert_children(node, lines))
    if kind == "list_item":
        return Block("item", start, end, children=_convert_children(node, lines))
    if kind == "fence":
        return Block("fence", start, end, info=(node.info or "").strip(), code=node.content)
    if kind == "code_block":
        return Block("code", start, end, code=node.content)
    if kind == "blockquote":
        return Block("quote", start, end, children=_convert_children(node, lines))
    if kind == "html_block":
        return Block("html", start, end, code=node.content, inline=html_inline(node.content, start))
    if kind == "hr":
        return Block("hr", start, end)
    if kind == "table":
        return _table(node, start, end)
    return None


def _table(node: SyntaxTreeNode, start: int, end: int) -> Block:
    header: list[str] = []
    rows: list[Block] = []
    for part in node.children:
        for tr in part.children:
            r0, r1 = _map(tr)
            cells = [_inline_of(cell.children[0], r0) if cell.children else Inline("", "", line=r0)
                     for cell in tr.children]
            if part.type == "thead":
                header = [c.text.strip() for c in cells]
            else:
                rows.append(Block("row", r0, r1, cells=cells))
    for row in rows:
        row.header = header
    return Block("table", start, end, children=rows)


class _Flat:
    """Accumulates an inline node's prose, code spans and links."""

    def __init__(self, line: int) -> None:
        self.parts: list[str] = []
        self.masked: list[str] = []
        self.pos = 0
        self.codes: list[tuple[int, int, str]] = []
        self.links: list[tuple[int, int, str]] = []
        self.images: list[tuple[str, str]] = []
        self.breaks: list[int] = []
        self.line = line
        self.lead = ""

    def add(self, text: str, masked: str | None = None) -> None:
        for k, ch in enumerate(text):
            if ch == "\n":
                self.breaks.append(self.pos + k)
        self.parts.append(text)
        self.masked.append(text if masked is None else masked)
        self.pos += len(text)

    def inline(self) -> Inline:
        return Inline("".join(self.parts), "".join(self.masked), self.codes, self.links, self.images,
                      self.lead, self.line, self.breaks)


_BR = re.compile(r"<br\s*/?>", re.I)


def _inline_of(node: SyntaxTreeNode, line: int) -> Inline:
    flat = _Flat(line)
    # iterative walk: (node, closing text) pairs; inline nesting is bounded by maxNesting too
    stack: list[tuple[SyntaxTreeNode | None, str]] = [(c, "") for c in reversed(node.children)]
    first = True
    while stack:
        child, closing = stack.pop()
        if child is None:
            if closing.startswith("link:"):
                start, href = closing[5:].split(":", 1)
                flat.links.append((int(start), flat.pos, href))
            continue
        kind = child.type
        if first and kind == "strong":
            flat.lead = _plain_text(child)
        if kind != "text" or child.content.strip():
            first = False
        if kind == "text":
            flat.add(child.content)
        elif kind == "code_inline":
            code = child.content
            begin = flat.pos
            flat.add("`" + code + "`", "`" + " " * len(code) + "`")
            flat.codes.append((begin + 1, begin + 1 + len(code), code))
        elif kind in ("softbreak", "hardbreak"):
            flat.add("\n")
        elif kind == "html_inline":
            if _BR.fullmatch(child.content.strip()):
                flat.add("\n", " ")
        elif kind == "image":
            flat.images.append((_plain_text(child), str(child.attrs.get("src", ""))))
        elif kind == "link":
            stack.append((None, f"link:{flat.pos}:{child.attrs.get('href', '')}"))
            stack.extend((c, "") for c in reversed(child.children))
        else:  # strong, em, s: their text
            stack.extend((c, "") for c in reversed(child.children))
    return flat.inline()


def _plain_text(node: SyntaxTreeNode) -> str:
    out: list[str] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type in ("text", "code_inline"):
            out.append(n.content)
        stack.extend(reversed(n.children))
    return "".join(out).strip()


# --------------------------------------------------------------------- HTML

_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)((?:\s+[^<>]*?)?)\s*(/?)>")
_ATTR = re.compile(r"([\w-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|(\S+))")
SECTION_TAGS = frozenset({"details", "location", "code_context", "issue_to_address", "blockquote", "td", "th"})
_MARKUP_TAGS = {"code": "`", "strong": "**", "b": "**", "em": "_", "i": "_"}


def html_inline(html: str, line: int) -> Inline:
    """The prose of an HTML block: tags dropped, ``<code>`` as backticks,
    ``<a href>`` kept as a link, ``<br>`` as a line break."""
    md_text = _html_to_markdown(html)
    tree = SyntaxTreeNode(_parser().parse(md_text))
    flat = _Flat(line)
    para_line = 0
    for node in tree.children:  # each paragraph of the converted text, joined by line breaks
        if node.type not in ("paragraph", "heading") or not node.children:
            continue
        start = node.map[0] if node.map else para_line
        if flat.pos:
            flat.add("\n" * max(1, start - para_line))
        para_line = node.map[1] if node.map else start
        inner = _inline_of(node.children[0], line + start)
        base = flat.pos
        flat.add(inner.text, inner.masked)
        flat.codes.extend((a + base, b + base, c) for a, b, c in inner.codes)
        flat.links.extend((a + base, b + base, h) for a, b, h in inner.links)
        flat.images.extend(inner.images)
        if not flat.lead:
            flat.lead = inner.lead
    result = flat.inline()
    result.line = line
    return result


def _html_to_markdown(html: str) -> str:
    out: list[str] = []
    hrefs: list[str] = []
    pos = 0
    for m in _TAG.finditer(html):
        out.append(html[pos:m.start()])
        pos = m.end()
        closing, name = m.group(1), m.group(2).lower()
        if name == "br":
            out.append("  \n")
        elif name in _MARKUP_TAGS:
            out.append(_MARKUP_TAGS[name])
        elif name == "a" and closing:
            out.append(f"]({hrefs.pop()})" if hrefs else "")
        elif name == "a":
            hrefs.append(tag_attributes(m.group(3)).get("href", "").replace(" ", "%20"))
            out.append("[")
        elif name in ("td", "th"):
            out.append(" ")
        elif name in ("p", "tr", "li", "summary", "details", "table", "div") or name in SECTION_TAGS:
            out.append("\n\n")
    out.append(html[pos:])
    out.extend("]()" for _ in hrefs)
    return "".join(out)


def tag_attributes(text: str) -> dict[str, str]:
    return {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None) or ""
            for m in _ATTR.finditer(text or "")}


def sections(lines: list[str], code_ranges: list[tuple[int, int]]) -> list[Section]:
    """Every HTML section of the document, found by its tags outside code.

    Unclosed sections end with the document; a stray closing tag is ignored.
    """
    in_code = bytearray(len(lines))
    for a, b in code_ranges:
        for n in range(max(0, a), min(b, len(lines))):
            in_code[n] = 1
    out: list[Section] = []
    stack: list[Section] = []
    summary: Section | None = None
    summary_text: list[str] = []
    for n, line in enumerate(lines):
        if in_code[n] or "<" not in line:
            if summary is not None:
                summary_text.append(line)
            continue
        pos = 0
        for m in _TAG.finditer(line):
            if summary is not None:
                summary_text.append(line[pos:m.start()])
            pos = m.end()
            closing, name = bool(m.group(1)), m.group(2).lower()
            if name == "summary" and stack:
                if closing and summary is not None:
                    summary.label = _squash(_TAG.sub(" ", " ".join(summary_text)))
                    summary.label_lines = (summary.label_lines[0], n + 1)
                    summary = None
                elif not closing:
                    summary = stack[-1]
                    summary.label_lines = (n, n + 1)
                    summary_text = []
                continue
            if name not in SECTION_TAGS:
                continue
            if closing:
                for k in range(len(stack) - 1, -1, -1):
                    if stack[k].tag == name:
                        for open_ in stack[k:]:
                            open_.end = n + 1
                        del stack[k:]
                        break
            elif not m.group(4) and len(stack) < MAX_SECTION_DEPTH:
                section = Section(name, n, len(lines), attrs=tag_attributes(m.group(3)),
                                  parent=stack[-1] if stack else None)
                out.append(section)
                stack.append(section)
        if summary is not None:
            summary_text.append(line[pos:])
    return out


MAX_SECTION_DEPTH = 20


def section_of_lines(found: list[Section], count: int) -> list[Section | None]:
    """The innermost section of every line: sections are filled in order of
    their start, so a nested one overwrites its parent's lines."""
    by_line: list[Section | None] = [None] * count
    for section in sorted(found, key=lambda s: s.start):
        for n in range(section.start, min(section.end, count)):
            by_line[n] = section
    return by_line


def _squash(text: str) -> str:
    return " ".join(text.split())


def reparse(document: Document, start: int, end: int) -> list[Block]:
    """The blocks of lines ``start..end`` of a document, read again with their
    HTML tags turned into Markdown on the same lines (``<strong>`` -> ``**``,
    ``<a href>`` -> a link, other tags dropped). For formats whose findings
    live inside HTML table cells (qodo PR-Agent)."""
    lines = normalise(document.text).split("\n")[start:end]
    converted = [_line_to_markdown(line) for line in lines]
    sub = Document("\n".join(converted), document.origin, document.line_base, document.fields)
    out = blocks(sub)
    for top in out:
        for block in top.walk():
            block.start += start
            block.end += start
            block.section = None
            for inline in ([block.inline] if block.inline else []) + block.cells:
                inline.line += start
    return out


def _line_to_markdown(line: str) -> str:
    return _html_to_markdown(line).replace("\n\n", " ").replace("  \n", " ").replace("\n", " ")
