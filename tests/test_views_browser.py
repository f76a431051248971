"""The site in a real browser: every page offline and complete, search in both languages,
tooltips and the detail panel with the source text, a settled seeded layout, plan text that
is markup running nothing, and a corpus too large to draw cut down and saying so."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from graph.io import ROOT, write_outputs
from graph.namespace import GEO, PK, mint
from graph.views.limits import Limits
from graph.views.site import site_files

from .browser_support import (
    SETTLE_MS,
    built,
    chromium_browser,
    close,
    drawn,
    node_point,
    overlap,
    serve,
    visit,
)
from .views_support import BREAKOUT, IMG, SCRIPT, synthetic_graph, xss_graph

pytestmark = pytest.mark.slow  # headless Chromium

ARTIFACTS = ROOT / "test-artifacts" / "views"
VIEWS = [
    "overview.html",
    "agency-network.html",
    "responsibilities.html",
    "map.html",
    "sectors.html",
]
EE = str(mint("henan", "agency", "ecology-environment"))
EE_PAGE = "agencies/henan.ecology-environment.html"
TASK_7 = mint("henan-2023", "task", "7")


browser = pytest.fixture(scope="module", name="browser")(chromium_browser)


@pytest.fixture(scope="module")
def henan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Graph]:
    """The bundled build (both Henan versions) with its figures, as `plankg build --figures`
    writes it, and its graph."""
    return built(tmp_path_factory.mktemp("henan"), "--figures")


@pytest.fixture(scope="module")
def henan_base(henan: tuple[Path, Graph]) -> Iterator[str]:
    with serve(henan[0] / "site") as base:
        yield base


def shot(v: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    v.page.screenshot(path=str(ARTIFACTS / name))


def on_tasks(g: Graph, tasks: set[URIRef]) -> set[URIRef]:
    """The agencies, places and sectors these tasks name."""
    out: set[URIRef] = set()
    for prop in (PK.involves, PK.mentionsPlace, PK.concernsSector):
        out |= {o for t in tasks for o in g.objects(t, prop)}  # type: ignore[misc]
    return out


def expected(g: Graph, page: str) -> set[str]:
    """What a page must draw, read from the graph without the views' code."""
    tasks = set(g.subjects(RDF.type, PK.Task))
    stated = [
        (g.value(r, PK.task), g.value(r, PK.agency), g.value(r, PK.role))
        for r in g.subjects(RDF.type, PK.Responsibility)
    ]
    if page == "overview.html":
        found = tasks | on_tasks(g, tasks)
    elif page == "responsibilities.html":
        found = {t for t, _, _ in stated} | {a for _, a, _ in stated}
    elif page == "agency-network.html":
        found = {a for _, a, role in stated if role != PK.Implementer}
    elif page == "map.html":
        pairs = [(t, p) for t, p in g.subject_objects(PK.mentionsPlace) if (p, GEO.lat, None) in g]
        found = {t for t, _ in pairs} | {p for _, p in pairs}
    elif page == "sectors.html":
        found = set(g.subjects(RDF.type, PK.Sector)) | set(g.subjects(PK.concernsSector, None))
    else:
        agency = next(a for _, a, _ in stated if page.endswith(f"{str(a).rsplit('/', 1)[-1]}.html"))
        mine = {t for t, a, _ in stated if a == agency}
        found = {agency} | mine | on_tasks(g, mine)  # type: ignore[operator]
    return {str(n) for n in found}


def top_sectors(g: Graph) -> set[str]:
    return {str(s) for s in g.subjects(RDF.type, PK.Sector) if g.value(s, SKOS.broader) is None}


def at_the_top(g: Graph, names: set[str]) -> set[str]:
    """The nodes with each sector among them replaced by its top-level sector."""
    out = set()
    for n in names:
        while (URIRef(n), RDF.type, PK.Sector) in g and g.value(URIRef(n), SKOS.broader):
            n = str(g.value(URIRef(n), SKOS.broader))
        out.add(n)
    return out


def grouped(v: Any) -> bool:
    return v.evaluate("() => window.plankg.nodes.get().some(n => n.within)")


def test_every_page_offline_and_complete(
    browser: Any, henan: tuple[Path, Graph], henan_base: str
) -> None:
    out, g = henan
    site = out / "site"
    pages = VIEWS + sorted(str(p.relative_to(site)) for p in (site / "agencies").glob("*.html"))
    assert len(pages) == len(VIEWS) + len(set(g.objects(None, PK.involves)))
    for path in ["index.html", *pages]:
        v = visit(browser, henan_base, path)
        assert v.errors == [], (path, v.errors)
        assert v.outside == [], (path, v.outside)
        if path not in ("index.html", "map.html"):  # the map is SVG: tests/test_map_browser.py
            want = expected(g, path)
            ids = set(v.evaluate("() => window.plankg.nodes.getIds()"))
            if path == "overview.html" or grouped(v):  # sectors at the top, and the groups
                want = at_the_top(g, want)
                groups = {str(s) for s in g.objects(None, PK.inSection)}
                groups |= {str(c) for c in (PK.City, PK.County, PK.Region, PK.NaturalFeature)}
                assert want < ids and ids - want <= groups, path
                assert len(drawn(v)) <= 60, path
                v.page.click("button[data-branches='open']")
                want = ids
            assert ids == want, path
            if path == "sectors.html":  # a tree opens with its top level
                assert drawn(v) == top_sectors(g)
                v.page.click("button[data-branches='open']")
            assert drawn(v) == want, path
        if path in ("index.html", *VIEWS, EE_PAGE):
            shot(v, path.replace("/", "-").replace(".html", ".png"))
        close(v)


def test_index_links_every_view(browser: Any, henan_base: str) -> None:
    v = visit(browser, henan_base, "index.html")
    links = set(
        v.evaluate("() => [...document.querySelectorAll('a')].map(a => a.getAttribute('href'))")
    )
    assert set(VIEWS) | {EE_PAGE} <= links
    assert v.evaluate("() => document.querySelectorAll('figure img').length") >= 1
    text = v.page.inner_text("main")
    assert "Henan Provincial Department of Ecology and Environment" in text
    assert "Build report" in text and "Source defects" in text
    close(v)


@pytest.mark.parametrize(
    ("path", "queries", "node"),
    [
        (page, ["省生态环境厅", "Ecology and Environment"], EE)
        for page in ["overview.html", "agency-network.html", "responsibilities.html", EE_PAGE]
    ]
    + [
        ("sectors.html", ["水泥", "cement"], str(mint("sector", "cement"))),
    ],
)
def test_search_finds_english_and_chinese_names(
    browser: Any,
    henan: tuple[Path, Graph],
    henan_base: str,
    path: str,
    queries: list[str],
    node: str,
) -> None:
    v = visit(browser, henan_base, path)
    for query in queries:
        v.page.fill("#search", query)
        found = v.evaluate(
            "() => [...document.querySelectorAll('#results button')].map(b => b.dataset.node)"
        )
        assert node in found, (query, found)
        v.page.press("#search", "Enter")
        assert v.evaluate("() => document.getElementById('detail').dataset.node") == found[0]
    v.page.fill("#search", queries[0])
    v.page.click(f"#results button[data-node='{node}']")
    detail = v.page.inner_text("#detail")
    for name in henan[1].objects(URIRef(node), SKOS.prefLabel):
        assert str(name) in detail  # English and Chinese
    assert v.evaluate("(id) => window.plankg.network.getSelectedNodes()", node) == [node]
    close(v)


def passage(g: Graph, task: URIRef, lang: str) -> tuple[str, str]:
    """(the task's text in lang, "characters start–end" of its passage)."""
    text = next(str(t) for t in g.objects(task, PK.text) if t.language == lang)  # type: ignore[attr-defined]
    for p in g.objects(task, PK.passage):
        if str(p).endswith(f"/{lang}"):
            return text, f"characters {g.value(p, PK.sourceStart)}–{g.value(p, PK.sourceEnd)}"
    raise AssertionError(f"no {lang} passage of {task}")


def test_tooltip_and_detail_show_the_source(
    browser: Any, henan: tuple[Path, Graph], henan_base: str
) -> None:
    g = henan[1]
    v = visit(browser, henan_base, "responsibilities.html")
    tasks = sorted(g.subjects(RDF.type, PK.Task), key=lambda t: t != TASK_7)
    task, point = next((t, p) for t in tasks if (p := node_point(v, str(t))) is not None)
    v.page.mouse.move(*point)
    v.page.wait_for_selector("#tooltip:not([hidden])")
    assert v.evaluate("() => document.getElementById('tooltip').dataset.node") == str(task)
    tip = v.page.inner_text("#tooltip")
    for lang in ("en", "zh"):
        text, where = passage(g, task, lang)
        assert text.split("\n")[0][:60] in tip
        assert where in tip
    v.page.mouse.click(*point)
    assert v.evaluate("() => document.getElementById('detail').dataset.node") == str(task)
    detail = v.evaluate("() => document.getElementById('detail').textContent")
    for lang in ("en", "zh"):
        assert passage(g, task, lang)[0] in detail
    for note in g.objects(task, PK.responsibilityNote):
        assert str(note) in detail
    shot(v, "responsibilities-detail.png")
    close(v)


def test_filters_keep_what_is_tied_to_the_choice(
    browser: Any, henan: tuple[Path, Graph], henan_base: str
) -> None:
    g = henan[1]
    v = visit(browser, henan_base, "responsibilities.html")
    v.page.select_option("#filter-agency", EE)
    shown = set(v.evaluate("() => window.plankg.shown.getIds()"))
    tasks = {str(t) for t in g.subjects(PK.involves, URIRef(EE))}
    partners = {str(a) for t in tasks for a in g.objects(URIRef(t), PK.involves)}
    assert shown == tasks | partners
    v.page.select_option("#filter-kind", "agency")
    assert set(v.evaluate("() => window.plankg.shown.getIds()")) == partners
    cleared(v)
    close(v)
    v = visit(browser, henan_base, "sectors.html")
    industry, cement = mint("sector", "industry"), mint("sector", "cement")
    v.page.select_option("#filter-sector", str(industry))
    shown = set(v.evaluate("() => window.plankg.shown.getIds()"))
    assert {str(industry), str(cement)} <= shown  # a narrower sector is under its broader one
    assert {str(t) for t in g.subjects(PK.concernsSector, cement)} <= shown
    assert str(mint("sector", "agriculture")) not in shown
    close(v)


def positions(v: Any) -> dict[str, tuple[int, int]]:
    found = v.evaluate("() => window.plankg.network.getPositions()")
    return {k: (round(p["x"]), round(p["y"])) for k, p in found.items()}


def test_layout_settles_and_is_the_same_every_load(browser: Any, henan_base: str) -> None:
    first = visit(browser, henan_base, "agency-network.html")
    settled = positions(first)
    first.page.wait_for_timeout(700)
    assert positions(first) == settled  # physics is off: nothing moves any more
    assert first.evaluate("() => window.plankg.network.physics.physicsEnabled") is False
    close(first)
    again = visit(browser, henan_base, "agency-network.html")
    assert positions(again) == settled
    close(again)


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("xss")
    report = f"# Report {IMG}\n\n| task | text |\n|---|---|\n| 1 | {SCRIPT} |\n\n- {IMG}\n"
    write_outputs(out, site_files(xss_graph(), {"report.md": report}))
    with serve(out / "site") as base:
        yield base


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_plan_text_is_never_markup(browser: Any, xss_site: str, bypass_csp: bool) -> None:
    """With and without the pages' Content-Security-Policy: the escaping alone must hold."""
    task = str(mint("xss-2024", "task", "1"))
    for path in ["index.html", *VIEWS, "agencies/xss.evil.html", "agencies/xss.breakout.html"]:
        v = visit(browser, xss_site, path, bypass_csp=bypass_csp)
        assert v.errors == [] and v.outside == [], (path, v.errors, v.outside)
        if path == "index.html":
            text = v.page.inner_text("main")
            assert f"Bureau {IMG}" in text and f"Report {IMG}" in text and SCRIPT in text
            assert f"Office {BREAKOUT}" in text and BREAKOUT in v.page.inner_text("h1")
        elif path in ("overview.html", "responsibilities.html"):
            point = node_point(v, task)
            assert point, f"{path}: the task node is not drawn"
            v.page.mouse.move(*point)
            v.page.wait_for_selector("#tooltip:not([hidden])")
            assert IMG in v.page.inner_text("#tooltip")
            v.page.mouse.click(*point)
            detail = v.evaluate("() => document.getElementById('detail').textContent")
            assert f"1. Build {IMG} and {SCRIPT} before 2025." in detail
            assert f"({IMG} takes the lead, {SCRIPT} cooperates)" in detail
            v.page.fill("#search", "<img")
            assert f"Bureau {IMG}" in v.page.inner_text("#results")
            v.page.fill("#search", "</script")
            assert f"Office {BREAKOUT}" in v.page.inner_text("#results")
            v.page.select_option("#filter-agency", str(mint("xss", "agency", "evil")))
        assert v.evaluate("() => typeof window.__xss") == "undefined", path
        assert v.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
        scripts = v.evaluate("() => document.scripts.length")
        own = 3 if path in ("index.html", "map.html") else 4  # the map has no vis-network
        assert scripts == own, (path, scripts)  # ours only
        close(v)


def test_large_graph_is_cut_down_and_says_so(browser: Any, tmp_path: Path) -> None:
    """Responsibilities draws every task: cut to the most a browser can draw, and saying so.
    The overview opens grouped (one section of 2,000 tasks here) and is cut down too, its
    agencies and groups kept before tasks."""
    g = synthetic_graph(tasks=2000, agencies=120, places=60, sectors=40)
    limits, total = Limits(), len(expected(g, "responsibilities.html"))
    assert total > 2000
    out = tmp_path / "big"
    write_outputs(out, site_files(g, {}))
    index = (out / "site" / "index.html").read_text(encoding="utf-8")
    assert f"{limits.max_agency_pages} agencies have a page of their own" in index
    assert len(list((out / "site" / "agencies").glob("*.html"))) == limits.max_agency_pages
    with serve(out / "site") as base:
        started = time.monotonic()
        v = visit(browser, base, "responsibilities.html")
        seconds = time.monotonic() - started
        assert v.errors == [] and v.outside == []
        assert len(drawn(v)) == limits.max_nodes
        notice = v.page.inner_text(".notice")
        assert f"This view has {total:,} nodes" in notice and f"shows {limits.max_nodes}" in notice
        assert seconds < 60, f"the cut-down view took {seconds:.1f} s to settle"
        v.page.fill("#search", "Agency 7")
        assert v.evaluate("() => document.querySelectorAll('#results button').length") >= 1
        shot(v, "large-responsibilities.png")
        close(v)
        v = visit(browser, base, "overview.html")
        assert v.errors == [] and v.outside == []
        assert "shows 800" in v.page.inner_text(".notice")
        agencies = {str(a) for a in g.objects(None, PK.involves)}
        assert agencies <= drawn(v) and len(drawn(v)) < len(agencies) + 10
        shot(v, "large-overview.png")
        close(v)


def layout(v: Any) -> dict[str, tuple[float, float, float, float]]:
    """Every drawn node: (x, y) on the canvas and (x, y) on screen."""
    return v.evaluate(
        """() => {
            const net = window.plankg.network, out = {};
            const drawn = net.body.nodeIndices;
            for (const [id, p] of Object.entries(net.getPositions(drawn))) {
                const dom = net.canvasToDOM(p);
                out[id] = [p.x, p.y, dom.x, dom.y];
            }
            return out;
        }"""
    )


def moved(before: dict[str, Any], after: dict[str, Any], screen: bool) -> list[str]:
    """The nodes of `after` more than 1 px from where `before` had them (canvas, or screen)."""
    i = 2 if screen else 0
    return sorted(
        n
        for n, p in after.items()
        if abs(p[i] - before[n][i]) > 1 or abs(p[i + 1] - before[n][i + 1]) > 1
    )


def cleared(v: Any) -> None:
    v.page.click("#reset")
    v.page.wait_for_function("() => window.plankg.shown.length === window.plankg.first")


def fewest_tasks(g: Graph) -> str:
    """The agency named on fewest tasks (then by IRI): a filter for it hides most nodes."""
    agencies = set(g.objects(None, PK.involves))
    return str(min(agencies, key=lambda a: (len(set(g.subjects(PK.involves, a))), str(a))))


@pytest.mark.parametrize("path", ["overview.html", "responsibilities.html"])
def test_clear_restores_the_first_layout(
    browser: Any, henan: tuple[Path, Graph], henan_base: str, path: str
) -> None:
    """Filter, then Clear: every node back where the first layout put it, on the canvas and on
    screen (refitted); filtering moves no kept node; a search for a node the filter hid the same."""
    v = visit(browser, henan_base, path)
    first = layout(v)
    agency = fewest_tasks(henan[1])
    v.page.select_option("#filter-agency", agency)
    kept = layout(v)
    assert 0 < len(kept) < len(first)
    assert moved(first, kept, screen=False) == []
    cleared(v)
    assert set(layout(v)) == set(first)
    assert moved(first, layout(v), screen=False) == []
    assert moved(first, layout(v), screen=True) == []
    v.page.select_option("#filter-agency", agency)
    hidden = sorted(set(first) - set(kept))
    name = v.evaluate(
        "(id) => JSON.parse(document.getElementById('plankg-data').textContent).info[id].en",
        hidden[0],
    )
    v.page.fill("#search", name)
    v.page.press("#search", "Enter")
    assert v.evaluate("() => document.getElementById('detail').dataset.node") in first
    assert moved(first, layout(v), screen=False) == []
    assert v.evaluate("() => window.plankg.shown.length") == len(first)
    close(v)


def box(v: Any, selector: str) -> dict[str, float]:
    return v.page.locator(selector).bounding_box()


@pytest.mark.parametrize("path", ["overview.html", "map.html", EE_PAGE])
def test_search_dropdown_closes_and_never_covers_clear(
    browser: Any, henan_base: str, path: str
) -> None:
    v = visit(browser, henan_base, path)
    for query in ("no such name anywhere", "Henan"):
        v.page.fill("#search", query)
        assert v.page.is_visible("#results")
        assert not overlap(box(v, "#results"), box(v, "#reset")), query
        v.page.press("#search", "Enter")
        assert v.page.is_hidden("#results"), query
    v.page.fill("#search", "no such name anywhere")
    v.page.press("#search", "Enter")
    assert "no node by that name" in v.page.inner_text("#status")
    v.page.fill("#search", "Henan")
    v.page.click("#reset", timeout=3000)  # fails when something covers the button
    assert v.page.is_hidden("#results")
    close(v)


DRC = str(mint("henan", "agency", "development-reform"))
SASAC = str(mint("henan", "agency", "sasac"))


@pytest.mark.parametrize(
    ("path", "query", "agency"),
    [("sectors.html", "DRC", DRC)],  # the map's: tests/test_map_browser.py
)
def test_map_and_sectors_find_the_agencies_their_filters_list(
    browser: Any, henan_base: str, path: str, query: str, agency: str
) -> None:
    """An agency is no node of the map or the sector tree, but their filters list it: the
    search finds it (by an abbreviation only the registry knows, too) and sets the filter."""
    v = visit(browser, henan_base, path)
    assert v.evaluate("(id) => window.plankg.nodes.get(id)", agency) is None
    v.page.fill("#search", query)
    found = v.evaluate(
        "() => [...document.querySelectorAll('#results button')].map(b => b.dataset.node)"
    )
    assert agency in found, found
    v.page.click(f"#results button[data-node='{agency}']")
    assert v.page.input_value("#filter-agency") == agency
    assert (
        0
        < v.evaluate("() => window.plankg.shown.length")
        < len(drawn(v) | set(v.evaluate("() => window.plankg.nodes.getIds()")))
    )
    close(v)


@pytest.mark.parametrize(
    ("query", "node", "page"),
    [
        ("国资委", SASAC, "agencies/henan.sasac.html"),
        ("水泥", str(mint("sector", "cement")), "sectors.html"),
    ],
)
def test_index_search_opens_the_page_that_draws_the_node(
    browser: Any, henan_base: str, query: str, node: str, page: str
) -> None:
    v = visit(browser, henan_base, "index.html")
    v.page.fill("#search", query)
    found = v.evaluate(
        "() => [...document.querySelectorAll('#results button')].map(b => b.dataset.node)"
    )
    assert found and found[0] == node, found
    v.page.press("#search", "Enter")
    v.page.wait_for_url(f"**/{page}#node=*")
    v.page.wait_for_function("() => window.plankg && window.plankg.settled", timeout=SETTLE_MS)
    assert v.evaluate("() => document.getElementById('detail').dataset.node") == node
    assert v.evaluate("() => window.plankg.network.getSelectedNodes()") == [node]
    assert v.errors == [] and v.outside == []
    close(v)


@pytest.mark.parametrize("path", ["agency-network.html", EE_PAGE])
def test_a_click_shows_the_details_in_view_and_hides_the_tooltip(
    browser: Any, henan_base: str, path: str
) -> None:
    v = visit(browser, henan_base, path)
    v.page.set_viewport_size({"width": 1400, "height": 600})  # a legend longer than the panel
    # the canvas follows the new size on a later frame: read positions after it has redrawn,
    # and hover a node that is inside the smaller window
    v.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    ids = sorted(v.evaluate("() => window.plankg.nodes.getIds()"))
    node, point = next(
        (n, p)
        for n in ids
        if (p := node_point(v, n)) is not None and 0 <= p[0] < 1400 and 0 <= p[1] < 600
    )
    v.page.mouse.move(point[0] - 3, point[1] - 3)
    v.page.mouse.move(*point, steps=3)
    v.page.wait_for_selector("#tooltip:not([hidden])")
    v.page.mouse.click(*point)
    assert v.evaluate("() => document.getElementById('detail').dataset.node") == node
    assert v.page.is_hidden("#tooltip")
    top = v.evaluate("() => document.getElementById('detail').getBoundingClientRect().top")
    assert 0 <= top < 600 - 100, top  # the details start on screen, with room to read
    close(v)


def test_index_fits_a_few_screens_with_each_figure_on_one(browser: Any, henan_base: str) -> None:
    v = visit(browser, henan_base, "index.html")
    height = v.evaluate("() => document.documentElement.scrollHeight")
    assert height < 5 * 900, height
    for figure in v.evaluate(
        "() => [...document.querySelectorAll('figure img')].map(i => [i.width, i.height])"
    ):
        assert figure[1] <= 900 and figure[0] <= 1400, figure  # labels and all on one screen
    close(v)


LABELS = "() => Object.fromEntries(window.plankg.nodes.get().map(n => [n.id, n.label]))"


def test_labels_in_the_plans_own_language_first_and_the_other_on_a_toggle(
    browser: Any, henan: tuple[Path, Graph], henan_base: str
) -> None:
    """The Henan plan is Chinese (its English version a translation): the canvas starts in
    Chinese, the toggle draws English, and back; no node moves."""
    g = henan[1]
    v = visit(browser, henan_base, "agency-network.html")
    first = layout(v)
    assert v.page.input_value("#labels") == "zh"
    chinese = v.evaluate(LABELS)
    for agency, label in chinese.items():
        names = {str(n) for n in g.objects(URIRef(agency), SKOS.prefLabel) if n.language == "zh"}
        assert any(n.endswith(label) for n in names), (agency, label)  # the name, less 河南省
    assert chinese[EE] == "生态环境厅"
    v.page.select_option("#labels", "en")
    english = v.evaluate(LABELS)
    assert english[EE] == "Department of Ecology and Environment"
    assert not set(english.values()) & set(chinese.values())
    assert moved(first, layout(v), screen=True) == []
    v.page.select_option("#labels", "zh")
    assert v.evaluate(LABELS) == chinese
    close(v)


def test_sectors_are_a_tree_drawn_top_down_that_opens_and_closes(
    browser: Any, henan: tuple[Path, Graph], henan_base: str
) -> None:
    g = henan[1]
    v = visit(browser, henan_base, "sectors.html")
    top = top_sectors(g)
    assert drawn(v) == top
    industry = str(mint("sector", "industry"))
    narrower = {str(s) for s in g.subjects(SKOS.broader, URIRef(industry))}
    tasks = {str(t) for t in g.subjects(PK.concernsSector, URIRef(industry))}
    v.page.mouse.click(*node_point(v, industry))
    assert drawn(v) == top | narrower | tasks
    v.page.mouse.click(*node_point(v, industry))
    assert drawn(v) == top
    v.page.click("button[data-branches='open']")
    at = v.evaluate("() => window.plankg.network.getPositions()")
    edges = v.evaluate("() => window.plankg.edges.get().map(e => [e.from, e.to])")
    assert len(edges) == len(set(g.subject_objects(SKOS.broader))) + len(
        set(g.subject_objects(PK.concernsSector))
    )
    for broader, narrow in edges:
        assert at[broader]["y"] < at[narrow]["y"], (broader, narrow)  # top-down
        if (URIRef(narrow), SKOS.broader, None) in g:
            assert g.value(URIRef(narrow), SKOS.broader) == URIRef(broader)
    label = v.evaluate("(id) => window.plankg.nodes.get(id).label", industry)
    under = {
        t
        for t, s in g.subject_objects(PK.concernsSector)
        if URIRef(industry) in set(g.transitive_objects(s, SKOS.broader))  # s itself included
    }
    assert label.endswith(f" · {len(under)}"), label  # tasks under it, narrower sectors too
    v.page.click("button[data-branches='close']")
    assert drawn(v) == top
    close(v)


def test_an_agency_page_opens_on_its_agency(browser: Any, henan_base: str) -> None:
    """The agency a page is about stands out (a larger, bold label, its own colour) and its
    details are shown as the page opens."""
    v = visit(browser, henan_base, EE_PAGE)
    assert v.evaluate("() => document.getElementById('detail').dataset.node") == EE
    assert v.evaluate("() => window.plankg.network.getSelectedNodes()") == [EE]
    fonts = v.evaluate(
        "() => Object.fromEntries(window.plankg.network.body.nodeIndices.map("
        "id => [id, window.plankg.network.body.nodes[id].options.font.size]))"
    )
    assert fonts[EE] > max(size for node, size in fonts.items() if node != EE)
    assert node_point(v, EE) is not None  # drawn on top, not covered
    close(v)


LABEL_PX = """() => {
    const net = window.plankg.network, scale = net.getScale();
    return Object.fromEntries(net.body.nodeIndices.map(
        id => [id, net.body.nodes[id].options.font.size * scale]));
}"""
# every drawn label's box and every dot's box, on the canvas (a box node is its label)
BOXES = """() => {
    const net = window.plankg.network, out = [];
    for (const id of net.body.nodeIndices) {
        const n = net.body.nodes[id], b = n.labelModule.size;
        const r = n.options.shape === "box" ? 0 : n.options.size;
        out.push([id, [b.left, b.top, b.width, b.height], [n.x - r, n.y - r, 2 * r, 2 * r]]);
    }
    return out;
}"""


def meeting(v: Any) -> list[tuple[str, str]]:
    """The pairs of nodes where one's label meets the other's label or dot."""

    def meet(a: list[float], b: list[float]) -> bool:
        return (
            a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]
        )

    boxes = v.evaluate(BOXES)
    return sorted(
        (a[0], b[0])
        for a in boxes
        for b in boxes
        if a[0] < b[0] and (meet(a[1], b[1]) or meet(a[1], b[2]) or meet(b[1], a[2]))
    )


@pytest.mark.parametrize("path", ["overview.html", EE_PAGE])
def test_the_busiest_views_open_readable(browser: Any, henan_base: str, path: str) -> None:
    """The overview and the page of the agency named on every task open with a few dozen
    nodes, every label at least 11 px on screen, and no label over another label or a dot,
    in Chinese and in English."""
    v = visit(browser, henan_base, path)
    total = v.evaluate("() => window.plankg.nodes.length")
    assert len(drawn(v)) <= 60 < total, (len(drawn(v)), total)
    for language in ("zh", "en"):
        v.page.select_option("#labels", language)
        v.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        assert min(v.evaluate(LABEL_PX).values()) >= 11, language
        assert meeting(v) == [], language
    shot(v, f"readable-{path.replace('/', '-').replace('.html', '')}.png")
    close(v)


@pytest.mark.parametrize("path", VIEWS[:3] + ["sectors.html"])
def test_labels_stay_legible_at_any_zoom(browser: Any, henan_base: str, path: str) -> None:
    v = visit(browser, henan_base, path)
    assert min(v.evaluate(LABEL_PX).values()) >= 11
    v.evaluate(
        "() => { const n = window.plankg.network; n.moveTo({ scale: n.getScale() / 2 });"
        " window.plankg.legible(); }"
    )
    assert min(v.evaluate(LABEL_PX).values()) >= 11  # zoomed out: the labels grew
    close(v)


SECTION = mint("henan-2023", "section", "2.3")


def test_a_section_opens_into_its_tasks_and_closes(
    browser: Any, henan: tuple[Path, Graph], henan_base: str
) -> None:
    g = henan[1]
    v = visit(browser, henan_base, "overview.html")
    first, lines = layout(v), set(v.evaluate("() => window.plankg.network.body.edgeIndices"))
    tasks = {str(t) for t in g.subjects(PK.inSection, SECTION)}
    assert len(tasks) >= 2 and not tasks & set(first)
    v.page.mouse.click(*node_point(v, str(SECTION)))
    assert drawn(v) == set(first) | tasks
    now = layout(v)
    assert moved(first, {n: now[n] for n in first}, screen=True) == []  # opening moves nothing
    assert min(v.evaluate(LABEL_PX).values()) >= 11
    edges = v.evaluate(
        "() => window.plankg.network.body.edgeIndices.map(id => window.plankg.edges.get(id))"
    )
    ends = {(e["from"], e["to"]) for e in edges}
    for t in tasks:  # each task's own lines, to the agencies it names
        for a in g.objects(URIRef(t), PK.involves):
            assert (t, str(a)) in ends
    assert not any(str(SECTION) in e.get("closed", []) for e in edges)  # its sums are gone
    point = node_point(v, sorted(tasks)[0])
    v.page.mouse.move(*point)
    v.page.wait_for_selector("#tooltip:not([hidden])")
    assert v.evaluate("() => document.getElementById('tooltip').dataset.node") == sorted(tasks)[0]
    v.page.mouse.click(*node_point(v, str(SECTION)))
    assert drawn(v) == set(first)
    assert set(v.evaluate("() => window.plankg.network.body.edgeIndices")) == lines
    assert moved(first, layout(v), screen=True) == []
    v.page.mouse.click(*node_point(v, str(SECTION)))
    cleared(v)  # Clear closes what was opened
    assert drawn(v) == set(first) and moved(first, layout(v), screen=True) == []
    assert v.errors == []
    close(v)


def test_the_agency_of_a_page_stands_in_the_middle(browser: Any, henan_base: str) -> None:
    """On the page of the agency named on every task: a gold star, held in place, between the
    agencies named with it and the sections of the plan, its label half as large again as
    any other, and a line to each partner as wide as the tasks they share."""
    v = visit(browser, henan_base, EE_PAGE)
    star = v.evaluate(
        "(id) => { const n = window.plankg.network.body.nodes[id];"
        " return [n.options.shape, n.options.color.background, n.options.fixed.x, n.x]; }",
        EE,
    )
    assert star[:3] == ["star", "#f2b701", True]
    info = v.evaluate("() => JSON.parse(document.getElementById('plankg-data').textContent).info")
    at = v.evaluate("() => window.plankg.network.getPositions()")
    agencies = [n for n in drawn(v) if info[n]["kind"] == "agency" and n != EE]
    sections = [n for n in drawn(v) if info[n]["kind"] == "section"]
    assert agencies and sections
    assert max(at[a]["x"] for a in agencies) < star[3] < min(at[s]["x"] for s in sections)
    px = v.evaluate(LABEL_PX)
    assert px[EE] >= 1.45 * max(size for node, size in px.items() if node != EE)
    edges = v.evaluate("() => window.plankg.lines.get()")
    to_me = {e["from"]: e for e in edges if e["to"] == EE and info[e["from"]]["kind"] == "agency"}
    assert set(to_me) == set(agencies)
    widest = max(to_me.values(), key=lambda e: e["width"])
    assert int(re.search(r"on (\d+) task", widest["note"]).group(1)) == max(
        int(re.search(r"on (\d+) task", e["note"]).group(1)) for e in to_me.values()
    )
    close(v)
