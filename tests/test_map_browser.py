"""The map page in a real browser (Debian's Chromium): the outline and the prefectures drawn,
no two place labels overlapping each other or a marker in either language, the label boxes
no wider than the build estimated, hover and click marking a place's tasks, the search box and
the filters, links from the index, a national plan drawn by province; offline, no console
error."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Graph

from graph.cli import main
from graph.io import ROOT
from graph.namespace import mint
from graph.views.facts import read_facts
from graph.views.geo import text_width

from .browser_support import built, chromium_browser, close, overlap, serve, visit

pytestmark = pytest.mark.slow  # headless Chromium

ARTIFACTS = ROOT / "test-artifacts" / "views"
ZHENGZHOU = str(mint("place", "zhengzhou"))
LUOYANG = str(mint("place", "luoyang"))
DRC = str(mint("henan", "agency", "development-reform"))
NATIONAL = (
    ROOT / "data" / "plans" / "corpus" / "national-building-materials-carbon-peak-2022.zh.txt"
)

BOXES = """(lang) => {
    const svg = document.getElementById('map-svg');
    const group = svg.querySelector(`.labels[data-lang="${lang}"]`);
    const rect = (el) => { const r = el.getBoundingClientRect();
        return {x: r.left, y: r.top, width: r.width, height: r.height}; };
    return {
        labels: [...group.querySelectorAll('text')].map((t) => ({
            id: t.dataset.place, text: t.textContent, rect: rect(t), width: t.getBBox().width,
            shown: getComputedStyle(group).display !== 'none'})),
        markers: [...svg.querySelectorAll('circle.marker')].map((c) => ({
            id: c.dataset.place, rect: rect(c)})),
    };
}"""


browser = pytest.fixture(scope="module", name="browser")(chromium_browser)


@pytest.fixture(scope="module")
def henan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Graph]:
    return built(tmp_path_factory.mktemp("henan-map"))


@pytest.fixture(scope="module")
def base(henan: tuple[Path, Graph]) -> Iterator[str]:
    with serve(henan[0] / "site") as url:
        yield url


def classes(v: Any, selector: str) -> list[str]:
    return v.evaluate(f"() => [...document.querySelector({selector!r}).classList]")


def section(place: str) -> str:
    return f'section.place-tasks[data-place="{place}"]'


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_draws_outlines_and_no_label_overlaps(
    browser: Any, henan: tuple[Path, Graph], base: str, lang: str
) -> None:
    v = visit(browser, base, "map.html")
    assert v.errors == [] and v.outside == [], (v.errors, v.outside)
    outline = v.evaluate(
        "() => [...document.querySelectorAll('path.outline')].map(p => p.getBBox().width)"
    )
    assert len(outline) == 1 and outline[0] > 500  # Henan fills most of the 1000-unit map
    assert v.evaluate("() => document.querySelectorAll('path.prefecture').length") == 18
    if lang != v.page.input_value("#labels"):
        v.page.select_option("#labels", lang)
    found = v.evaluate(BOXES, lang)
    labels, markers = found["labels"], found["markers"]
    assert all(label["shown"] for label in labels)
    assert len(labels) >= 25 and len(markers) == 32
    for a, b in combinations(labels, 2):
        assert not overlap(a["rect"], b["rect"]), (a["text"], b["text"])
    for label in labels:
        for m in markers:
            assert not overlap(label["rect"], m["rect"]), (label["text"], m["id"])
        # the build's estimate of a label's width is generous: what it kept free is enough
        assert label["width"] <= text_width(label["text"]) + 0.5, label
    hidden = v.evaluate(
        "(lang) => [...document.querySelectorAll(`.labels:not([data-lang='${lang}']) text`)]"
        ".filter(t => t.getBoundingClientRect().width > 0).length",
        lang,
    )
    assert hidden == 0  # the other language's labels are not drawn on top
    texts = {label["id"]: label["text"] for label in labels}
    assert texts[ZHENGZHOU] == ("郑州市" if lang == "zh" else "Zhengzhou")
    # every marker has its name or its number drawn, or is listed as having no room
    numbered = v.evaluate(
        "(lang) => [...document.querySelectorAll(`.numbered[data-lang='${lang}'] li`)]"
        ".map(li => li.dataset.place)",
        lang,
    )
    assert {m["id"] for m in markers} <= set(texts) | set(numbered)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    v.page.screenshot(path=str(ARTIFACTS / f"map-{lang}.png"))
    close(v)


def test_hover_and_click_mark_a_places_tasks(
    browser: Any, henan: tuple[Path, Graph], base: str
) -> None:
    facts = read_facts(henan[1])
    v = visit(browser, base, "map.html")
    marker = f'circle.marker[data-place="{ZHENGZHOU}"]'
    v.page.hover(marker, force=True)
    assert "hot" in classes(v, section(ZHENGZHOU))
    assert "hot" in classes(v, f'text.label[data-place="{ZHENGZHOU}"]')
    listed = v.evaluate(
        "(sel) => [...document.querySelectorAll(sel + ' li.task')].map(li => li.dataset.task)",
        section(ZHENGZHOU),
    )
    assert sorted(listed) == sorted(facts.tasks_naming(facts.places, ZHENGZHOU))
    v.page.click(marker, force=True)
    v.page.mouse.move(5, 5)
    assert "picked" in classes(v, section(ZHENGZHOU))
    assert "hot" not in classes(v, section(ZHENGZHOU))
    top = v.evaluate(
        "(sel) => document.querySelector(sel).getBoundingClientRect().top -"
        " document.querySelector('aside.side').getBoundingClientRect().top",
        section(ZHENGZHOU),
    )
    assert -2 <= top < 50  # the list scrolled to the place
    # a task in the list marks every place it names
    task = listed[0]
    v.page.hover(f'{section(ZHENGZHOU)} li.task[data-task="{task}"]')
    for place in facts.places[task]:
        if v.evaluate("(id) => !!document.querySelector(`circle[data-place='${id}']`)", place):
            assert "hot" in classes(v, f'circle.marker[data-place="{place}"]')
    assert v.errors == []
    close(v)


def test_search_and_filters_on_the_map(browser: Any, henan: tuple[Path, Graph], base: str) -> None:
    facts = read_facts(henan[1])
    v = visit(browser, base, "map.html")
    for query in ("郑州", "Zhengzhou"):
        v.page.fill("#search", query)
        found = v.evaluate(
            "() => [...document.querySelectorAll('#results button')].map(b => b.dataset.node)"
        )
        assert found[0] == ZHENGZHOU, found
        v.page.press("#search", "Enter")
        assert v.page.is_hidden("#results")
        assert "picked" in classes(v, section(ZHENGZHOU))
    # an agency only the registry's abbreviation names: the search sets the filter
    v.page.fill("#search", "发改委")
    v.page.click(f"#results button[data-node='{DRC}']")
    assert v.page.input_value("#filter-agency") == DRC
    shown = set(
        v.evaluate(
            "() => [...document.querySelectorAll('li.task')].filter(li => !li.hidden)"
            ".map(li => li.dataset.task)"
        )
    )
    on_map = {t for t in facts.places if facts.places[t]}
    assert shown == {t for t in on_map if DRC in facts.roles[t]}
    assert 0 < len(shown) < len(on_map)
    assert f"showing {len(shown)} of {len(on_map)} tasks" in v.page.inner_text("#status")
    dim = v.evaluate("() => document.querySelectorAll('circle.marker.dim').length")
    assert dim > 0
    v.page.click("#reset")
    v.page.wait_for_function("() => !document.querySelector('li.task[hidden]')")
    assert v.page.input_value("#filter-agency") == ""
    assert v.evaluate("() => document.querySelectorAll('circle.marker.dim').length") == 0
    assert v.errors == [] and v.outside == []
    close(v)


def test_index_search_opens_the_map_on_the_place(browser: Any, base: str) -> None:
    v = visit(browser, base, "index.html")
    v.page.fill("#search", "Luoyang")
    v.page.press("#search", "Enter")
    v.page.wait_for_url("**/map.html#node=*")
    v.page.wait_for_selector(f"{section(LUOYANG)}.picked")
    assert "picked" in classes(v, f'circle.marker[data-place="{LUOYANG}"]')
    assert v.errors == [] and v.outside == []
    close(v)


def test_a_national_plan_is_drawn_by_province(browser: Any, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(NATIONAL), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    with serve(tmp_path / "site") as url:
        v = visit(browser, url, "map.html")
        assert v.errors == [] and v.outside == []
        assert v.evaluate("() => document.querySelectorAll('path.province').length") == 34
        assert v.evaluate("() => document.querySelectorAll('path.outline').length") == 1
        assert "No task names a place" in v.page.inner_text("aside")
        v.page.screenshot(path=str(tmp_path / "national.png"))
        close(v)
