"""report.md: plan text is escaped for Markdown wherever the template puts it, and the site's
HTML of it (markdown-it-py) shows that text as written, never as markup."""

from __future__ import annotations

import copy
import html
import re
from dataclasses import replace

import pytest

from graph.build import build_graph
from graph.corpus import rdflib_select
from graph.io import PLANS
from graph.model import Defect
from graph.pipeline import SourceAnalysis
from graph.reconcile import Disagreement
from graph.registry import load_registry
from graph.report import agency_table, code, fenced, md, render
from graph.resolve import Resolution
from graph.validate import Validation
from graph.views.markdown import to_html
from graph.workflow import analyse_files

from .views_support import IMG, SCRIPT

MARKUP = (
    f"{IMG} {SCRIPT} [link](https://evil.example/) ![pic](https://evil.example/p.png) "
    "<https://evil.example/> **bold** _em_ `code` &lt;b&gt; a | b \\ ~~~ #"
)
# what the template itself writes; anything else in the HTML came from plan text
# (h5: the kinds of "Bodies not in the registry", a level below the report's sections)
TAGS = {
    "h3",
    "h4",
    "h5",
    "p",
    "ul",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
    "pre",
}


def test_md_escapes_markup_and_list_starts() -> None:
    assert md("a  |\n b") == "a \\| b"
    assert md("**x** <y> [z](u) `c` &amp; _e_ #h ~") == (
        "\\*\\*x\\*\\* \\<y\\> \\[z\\](u) \\`c\\` \\&amp; \\_e\\_ \\#h \\~"
    )
    assert [md(t) for t in ("- x", "+ x", "12. x", "3) x", "a - b", "1.5 t")] == [
        "\\- x",
        "\\+ x",
        "12\\. x",
        "3\\) x",
        "a - b",
        "1.5 t",
    ]
    assert md("河南省生态环境厅（牵头）") == "河南省生态环境厅（牵头）"


def test_code_spans_and_blocks_outlast_the_backticks_inside() -> None:
    assert code("henan-2023.zh.txt") == "`henan-2023.zh.txt`"
    assert code("a`b") == "``a`b``"
    assert code("`x") == "`` `x ``"
    assert fenced("Conforms") == "```\nConforms\n```"
    assert fenced("a\n```\nb") == "````\na\n```\nb\n````"


def test_markdown_cells_align_by_class_not_style() -> None:
    out = to_html("## Part\n\n| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |", 2)
    assert "<h4>Part</h4>" in out and 'class="num"' in out and "style" not in out
    assert "<td>1</td>" in out and "<td>2</td>" in out and '<td class="num">3</td>' in out


@pytest.fixture(scope="module")
def henan() -> tuple[list[SourceAnalysis], object]:
    registry = load_registry()
    analyses = analyse_files([PLANS / "henan-2023.en.txt"], registry)
    return analyses, rdflib_select(build_graph(analyses, registry, []))


@pytest.mark.parametrize("lead", ["", "1. ", "- ", "+ ", "# ", "> ", "~~~ ", "| "])
def test_plan_text_in_the_report_is_never_markup(henan, lead: str) -> None:
    """Every slot of the report that plan text reaches, filled with markup: the HTML has no tag
    the template does not write, and shows the text as written, once per slot."""
    analyses, select = henan
    analyses = copy.deepcopy(analyses)
    text = lead + MARKUP
    a = analyses[0]
    agency = a.issuers[0][0]
    a.doc.title = text
    a.issuers = [(replace(agency, name_en=text), *a.issuers[0][1:])]
    a.approved_by = (replace(agency, name_en=text), *a.approved_by[1:]) if a.approved_by else None
    a.facts[0].defects.append(Defect("note cut", text, 0, 1))
    body = replace(a.facts[0].bodies[0], printed=text, carried="省")
    a.facts[0].bodies.append(body)  # a body not in the registry: its agency minted from print
    printed = Resolution(replace(agency, name_zh=text, curated=False), "printed")
    a.resolutions["省" + text] = printed
    a.resolutions[text] = Resolution(replace(agency, name_en=text), "rule")

    def labelled(query: str) -> list[dict[str, str]]:
        rows = select(query)
        return [{**r, "label": text} if r.get("lang") == "en" else r for r in rows]

    analyses.append(replace(a, source=replace(a.source, lang="zh")))  # two versions: disagreements
    disagreements = [Disagreement("henan-2023", "7", "note cut", "en", "zh", text)]
    failed = Validation(False, 1, f"Results (1):\n```\n{text}")
    report = render(labelled, analyses, failed, disagreements)
    out = to_html(report, 2)
    assert set(re.findall(r"</?([a-z0-9]+)", out)) <= TAGS
    assert "evil.example" not in "".join(re.findall(r"<[^>]*>", out))  # in no tag or attribute
    shown = html.unescape(re.sub(r"<[^>]*>", "", out))
    ranked = len(agency_table(labelled))  # 24 on the English Henan plan, each its English label
    # per version: title, issuer, approval, defect; the body not in the registry (its agency
    # and printed name, one row for both versions); the rule-resolved name and its agency (one
    # line for both versions); the disagreement; the validation text
    assert shown.count(text) == 2 * 4 + 2 + 2 + ranked + 1 + 1, report
