"""report.md as HTML for the site's index, by markdown-it-py: CommonMark with pipe tables and
raw HTML off, so `<script>` or `<img onerror=...>` anywhere in the text shows as written; links,
images, autolinks and entities are off too (and report.md escapes every Markdown character of
plan text: graph/report.py's `md`). Headings move down (the page has its own h1); a right-aligned
column is `class="num"`, never a style attribute, which the pages' Content-Security-Policy
would refuse.

>>> print(to_html("# Report\\n\\n| a | b |\\n|---|--:|\\n| <x> | `1` |"))
<h2>Report</h2>
<table>
<thead>
<tr>
<th>a</th>
<th class="num">b</th>
</tr>
</thead>
<tbody>
<tr>
<td>&lt;x&gt;</td>
<td class="num"><code>1</code></td>
</tr>
</tbody>
</table>
<BLANKLINE>
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

RIGHT = "text-align:right"


def aligned(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    """A table cell's opening tag: right alignment as class="num", other alignments dropped."""
    token = tokens[idx]
    style = token.attrs.pop("style", None)
    if style == RIGHT:
        token.attrSet("class", "num")
    return self.renderToken(tokens, idx, options, env)


@cache
def parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
    # the report links nothing and shows no image: a slip in its escaping still makes no link
    markdown.disable(["link", "image", "autolink", "entity"])
    markdown.add_render_rule("th_open", aligned)
    markdown.add_render_rule("td_open", aligned)
    return markdown


def to_html(text: str, shift: int = 1) -> str:
    """HTML for Markdown text; headings move down `shift` levels (the page has its own h1)."""
    markdown = parser()
    tokens = markdown.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + shift, 6)}"
    return markdown.renderer.render(tokens, markdown.options, {})
