"""The compare page and the plan filter in a real browser, on the bundled corpus (`plankg build
--corpus`, built once for the module): a heatmap cell lists the tasks it counts, the lineage
shows the chosen plan, the Plan filter keeps one plan's nodes, each plan's ranking page lists
its own agencies; no console error and no request leaving the site."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from rdflib import Graph, URIRef

from graph.analysis.burden import burden_table
from graph.analysis.heatmap import function_cells
from graph.analysis.scope import assignments, plans, tasks
from graph.namespace import PK

from .browser_support import (
    Visit,
    built,
    chromium_browser,
    close,
    drawn,
    serve,
    visit,
)

pytestmark = pytest.mark.slow  # headless Chromium on a build of every bundled plan

YUNNAN = "yunnan-nonferrous-carbon-peak-2023"
ANHUI = "anhui-industry-carbon-peak-2022"


browser = pytest.fixture(scope="module", name="browser")(chromium_browser)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Graph]:
    return built(tmp_path_factory.mktemp("corpus"), "--corpus")


@pytest.fixture(scope="module")
def base(corpus: tuple[Path, Graph]) -> Iterator[str]:
    with serve(corpus[0] / "site") as url:
        yield url


def page_visit(browser: Any, base: str, path: str) -> Visit:
    """A page that draws no network (compare.html, plans/*.html), loaded with every request
    leaving the site refused and recorded."""
    return visit(browser, base, path, settle=False)


def listed(v: Visit) -> list[str]:
    """The task IRIs the cell's list links to (page.html#node=<IRI>), in list order."""
    hrefs = v.evaluate(
        "() => Array.from(document.querySelectorAll('#cell li')).map(li => li.dataset.task)"
    )
    return [unquote(h.split("#node=", 1)[1]) for h in hrefs]


@pytest.mark.parametrize(
    ("role", "function", "plan"),
    [("lead", "industry-it", ANHUI), ("any", "ecology-environment", YUNNAN)],
)
def test_a_heatmap_cell_lists_the_tasks_it_counts(
    browser: Any, base: str, corpus: tuple[Path, Graph], role: str, function: str, plan: str
) -> None:
    g = corpus[1]
    expected = function_cells(g)["cells"][function, plan][role]
    assert expected, "the cell must count some task for the test to mean anything"
    v = page_visit(browser, base, "compare.html")
    v.page.wait_for_selector("body[data-ready]")
    v.page.select_option("#role", role)
    button = f'#heatmap button[data-function="{function}"][data-plan="{plan}"]'
    total = len(tasks(g, plan))
    assert v.page.inner_text(button) == f"{len(expected)} · {round(100 * len(expected) / total)}%"
    v.page.click(button)
    assert sorted(listed(v)) == sorted(expected)
    first = URIRef(listed(v)[0])
    text = next(str(t) for t in g.objects(first, PK.text) if t.language == "zh")
    assert v.page.inner_text("#cell li blockquote").strip() == text.strip()
    assert v.errors == [] and v.outside == [], (v.errors, v.outside)
    close(v)


def test_the_lineage_shows_the_chosen_plan_beside_its_parent(
    browser: Any, base: str, corpus: tuple[Path, Graph]
) -> None:
    g = corpus[1]
    mine = set(tasks(g, YUNNAN))
    adapting = {t for t in g.subjects(PK.adapts, None) if t in mine}
    v = page_visit(browser, base, "compare.html")
    v.page.wait_for_selector("body[data-ready]")
    v.page.select_option("#lineage-plan", YUNNAN)
    section = f'section.lineage[data-child="{YUNNAN}"]'
    assert v.page.is_visible(section)
    assert v.evaluate(
        "() => Array.from(document.querySelectorAll('section.lineage'))"
        ".filter(s => !s.hidden).map(s => s.dataset.child)"
    ) == [YUNNAN]
    rows = v.page.locator(f"{section} table tbody tr")
    assert rows.count() == len(mine)
    assert v.page.locator(f"{section} tr.added").count() == len(mine) - len(adapting)
    assert v.errors == [] and v.outside == [], (v.errors, v.outside)
    close(v)


def on_plan(g: Graph, plan: str) -> tuple[set[str], set[str]]:
    """The tasks of the plan that name an agency, and the agencies named on them."""
    found = assignments(g, plan)
    return {str(a.task) for a in found}, {str(a.agency) for a in found}


@pytest.mark.parametrize("path", ["responsibilities.html", "agency-network.html"])
def test_the_plan_filter_keeps_that_plans_nodes(
    browser: Any, base: str, corpus: tuple[Path, Graph], path: str
) -> None:
    g = corpus[1]
    plan = str(plans(g)[YUNNAN])
    v = visit(browser, base, path)
    every = drawn(v)
    options = v.evaluate(
        "() => Array.from(document.querySelectorAll('#filter-plan option')).map(o => o.value)"
    )
    assert options == ["", *sorted(str(p) for p in plans(g).values())]
    v.page.select_option("#filter-plan", plan)
    kept = drawn(v)
    task_ids, agencies = on_plan(g, YUNNAN)
    assert kept == (task_ids | agencies) & every
    assert kept and kept < every
    v.page.click("#reset")
    v.page.wait_for_function("(n) => window.plankg.shown.length === n", arg=len(every))
    assert drawn(v) == every
    assert v.errors == [] and v.outside == [], (v.errors, v.outside)
    close(v)


def test_the_index_links_compare_and_each_plans_own_ranking(
    browser: Any, base: str, corpus: tuple[Path, Graph]
) -> None:
    g = corpus[1]
    v = page_visit(browser, base, "index.html")
    links = set(v.evaluate("() => Array.from(document.links).map(a => a.getAttribute('href'))"))
    assert "compare.html" in links
    assert {f"plans/{p}.html" for p in plans(g)} <= links
    close(v)
    v = page_visit(browser, base, f"plans/{YUNNAN}.html")
    rows = v.page.locator("table.ranking tbody tr").count()
    assert rows == len(burden_table(g, YUNNAN))
    assert v.errors == [] and v.outside == [], (v.errors, v.outside)
    close(v)
