"""report.md of an invented plan whose own text is markup: its title, task text and the agency
names its notes and signature print hold <script>, <img onerror>, javascript: links, table
pipes and backticks. Built end to end (read, analyse, build, render), the report is read by a
renderer that would pass raw HTML through (markdown-it with html on): it must find no HTML, no
link, and every table row must keep its header's column count."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from graph.build import build_graph
from graph.corpus import rdflib_select
from graph.pipeline import analyse
from graph.report import render
from graph.validate import validate

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
LINK = "[x](javascript:alert(3))"
PLAN = f"""Notice of the People's Government of Hubei Province

The people's governments of all cities: the plan is printed and distributed to you.
Hubei Provincial Department of Ecological Environment {SCRIPT} Office
Hubei Provincial Department of Water | Resources `x`
June 8, 2023

Hubei {IMG} Action Plan for {LINK} | Water `Carbon`

1. Overall Requirements

By 2025, water quality improves <b>a lot</b>.

2. Key Tasks

(1) Clean {SCRIPT} water

1. Build plants | more `pipes` {LINK}. (Hubei Provincial Department of Ecological Environment \
takes the lead, Hubei {IMG} Bureau | Nowhere and `Tick` Office cooperate)

2. Save {SCRIPT} energy | now `a|b` {LINK} 3. Recycle more. (Provincial Evil <iframe> \
Commission | x, {LINK} Bureau are responsible)

3. Organisational Guarantee

(1) Strengthen <b>leadership</b>. (Hubei Provincial Department of Ecological Environment takes \
the lead)
"""
# a pipe that ends a table cell: preceded by an even number of backslashes (none, or escaped ones)
CELL_BREAK = re.compile(r"(?<!\\)(?:\\\\)*\|")


@pytest.fixture(scope="module")
def report(registry) -> str:
    analysis = analyse("evil.en.txt", PLAN, registry, "evil")
    g = build_graph([analysis], registry, [])
    return render(rdflib_select(g), [analysis], validate(g), [])


def test_the_invented_plan_reaches_every_slot(report: str) -> None:
    """The fixture does what it claims: the markup is in the title, a defect that quotes task
    text, and the unresolved names, so the other tests check something."""
    assert report.startswith("# plankg build report\n\n## Hubei \\<img")
    sections = dict(re.findall(r"(?m)^## (.+)\n\n((?:(?!## ).*\n?)+)", report))
    assert "merged task" in sections["Source defects"]
    assert "javascript:alert(3)" in sections["Source defects"]
    unresolved = sections["Bodies not in the registry"]
    assert "onerror" in unresolved and "iframe" in unresolved and "script" in unresolved


def test_no_raw_html_and_no_link_in_the_report(report: str) -> None:
    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(report)
    inline = [child for t in tokens for child in (t.children or [])]
    kinds = {t.type for t in tokens} | {c.type for c in inline}
    assert not kinds & {"html_block", "html_inline", "link_open", "image"}
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(report)
    assert not re.search(r"<(script|img|iframe|b)\b", html)
    assert "<h2>Hubei &lt;img src=x onerror=alert(2)&gt; Action Plan for [x](javascript:" in html


def test_tables_keep_their_column_count(report: str) -> None:
    tables = re.findall(r"(?m)^(\|.*\|)\n(\|[-:|]+\|)\n((?:\|.*\|\n?)*)", report)
    assert len(tables) >= 4  # counts, defects, unresolved names, agencies
    for head, rule, body in tables:
        width = len(CELL_BREAK.findall(head))
        assert len(CELL_BREAK.findall(rule)) == width
        for row in body.splitlines():
            assert len(CELL_BREAK.findall(row)) == width, row
