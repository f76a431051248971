"""A tiny Markdown renderer for report.md: headings, paragraphs, lists, pipe tables, `code`
and **bold**; everything else is text. All text is escaped before any markup is added, so
whatever a plan puts in the report (`<script>`, `<img onerror=...>`) shows as written.

>>> to_html("# Report\\n\\n| a | b |\\n|---|--:|\\n| <x> | `1` |")
'<h2>Report</h2>\\n<table>\\n<thead><tr><th>a</th><th class="num">b</th></tr></thead>\\n<tbody>\\n<tr><td>&lt;x&gt;</td><td class="num"><code>1</code></td></tr>\\n</tbody>\\n</table>'
"""

from __future__ import annotations

import html
import re

CODE = re.compile(r"`([^`]+)`")
BOLD = re.compile(r"\*\*(.+?)\*\*")
HEADING = re.compile(r"(#{1,6})\s+(.*)")
ITEM = re.compile(r"[-*]\s+(.*)")
DIVIDER = re.compile(r"\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?")


def inline(text: str) -> str:
    """Escaped text with `code` and **bold**; code spans are left as written inside."""
    out, last = [], 0
    for m in CODE.finditer(text):
        out.append(BOLD.sub(r"<strong>\1</strong>", html.escape(text[last : m.start()])))
        out.append(f"<code>{html.escape(m.group(1))}</code>")
        last = m.end()
    out.append(BOLD.sub(r"<strong>\1</strong>", html.escape(text[last:])))
    return "".join(out)


def cells(line: str) -> list[str]:
    """The cells of a pipe-table row; `\\|` is a pipe inside a cell."""
    inner = line.strip().removeprefix("|")
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner)]


def table(lines: list[str]) -> str:
    right = [c.endswith(":") for c in cells(lines[1])]

    def row(values: list[str], tag: str) -> str:
        out = []
        for i, value in enumerate(values):
            cls = ' class="num"' if i < len(right) and right[i] else ""
            out.append(f"<{tag}{cls}>{inline(value)}</{tag}>")
        return "<tr>" + "".join(out) + "</tr>"

    body = [row(cells(line), "td") for line in lines[2:]]
    head = f"<thead>{row(cells(lines[0]), 'th')}</thead>"
    return "\n".join(["<table>", head, "<tbody>", *body, "</tbody>", "</table>"])


def to_html(text: str, shift: int = 1) -> str:
    """HTML for Markdown text; headings move down `shift` levels (the page has its own h1)."""
    blocks: list[str] = []
    lines = text.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
        elif m := HEADING.fullmatch(line.strip()):
            level = min(len(m.group(1)) + shift, 6)
            blocks.append(f"<h{level}>{inline(m.group(2))}</h{level}>")
            i += 1
        elif (
            line.lstrip().startswith("|")
            and i + 1 < len(lines)
            and DIVIDER.fullmatch(lines[i + 1].strip())
        ):
            end = i + 2
            while end < len(lines) and lines[end].lstrip().startswith("|"):
                end += 1
            blocks.append(table(lines[i:end]))
            i = end
        elif ITEM.fullmatch(line.strip()):
            items = []
            while i < len(lines) and (m := ITEM.fullmatch(lines[i].strip())):
                items.append(f"<li>{inline(m.group(1))}</li>")
                i += 1
            blocks.append("<ul>\n" + "\n".join(items) + "\n</ul>")
        else:
            para = [line.strip()]  # a stray "|" line is text, not the start of a block
            i += 1
            while i < len(lines) and lines[i].strip() and not starts_block(lines, i):
                para.append(lines[i].strip())
                i += 1
            blocks.append(f"<p>{inline(' '.join(para))}</p>")
    return "\n".join(blocks)


def starts_block(lines: list[str], i: int) -> bool:
    line = lines[i].strip()
    return bool(HEADING.fullmatch(line) or ITEM.fullmatch(line) or line.startswith("|"))
