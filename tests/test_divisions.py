"""Jurisdiction of any plan of the genre: divisions.csv, graph/divisions.py, the pipeline and
the graph. Titles and notes are invented; the codes are the official ones, checkable by hand."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF, SKOS

from graph.build import build_graph
from graph.cli import main
from graph.divisions import find_jurisdiction, given_jurisdiction
from graph.errors import PlanError
from graph.io import REGISTRIES, ROOT, csv_text, read_csv
from graph.namespace import GEO, PK, mint
from graph.pipeline import analyse
from graph.registry import UNKNOWN_ID, Registry, load_registry
from graph.validate import validate

from .conftest import TESTS

REAL = TESTS / "data" / "real"
REGISTRY = load_registry()  # module level: the hypothesis strategies draw from it
NOTES = "（区发展改革委牵头，区生态环境局配合）"


def code_of(title: str, front: tuple[str, ...] = (), text: str = "") -> str | None:
    found = find_jurisdiction(title, list(front), text or title, REGISTRY)
    if found.place is None:
        return None
    place = REGISTRY.place(found.place)
    return (place.code if place else "") or found.place


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("固阳县工业领域碳达峰实施方案", "150222"),  # a county of Baotou
        ("天津市滨海新区减污降碳协同增效实施方案", "120116"),  # a district of a municipality
        ("北京市朝阳区碳达峰实施方案", "110105"),  # the chain picks Beijing's 朝阳区
        ("长春市朝阳区碳达峰实施方案", "220104"),  # ... and Changchun's
        ("甘孜藏族自治州碳达峰实施方案", "513300"),  # an autonomous prefecture
        ("甘孜州碳达峰实施方案", "513300"),  # its short form
        ("锡林郭勒盟减污降碳协同增效实施方案", "152500"),  # a league
        ("阿克苏地区碳达峰实施方案", "652900"),  # a prefecture (地区)
        ("天津市减污降碳协同增效实施方案", "120000"),
        ("天津减污降碳协同增效实施方案", "120000"),
        ("新疆维吾尔自治区碳达峰实施方案", "650000"),
        ("新疆碳达峰实施方案", "650000"),
        ("广西壮族自治区工业领域碳达峰实施方案", "450000"),
        ("广西工业领域碳达峰实施方案", "450000"),
        ("吉林省吉林市碳达峰实施方案", "220200"),  # the city nested in the province
        ("吉林碳达峰实施方案", "220000"),  # alone, the short form is the province
        ("海南碳达峰实施方案", "460000"),  # not 海南藏族自治州 (also 海南)
        ("白沙黎族自治县碳达峰实施方案", "469025"),  # a county under the province directly
        ("白沙县碳达峰实施方案", "469025"),
        ("关于印发《石家庄市碳达峰实施方案》的通知", "130100"),
    ],
)
def test_title_names_the_division(title: str, code: str) -> None:
    assert code_of(title) == code


def test_curated_ids_win() -> None:
    """Places places.csv has keep its ids (and so the Henan graph its IRIs)."""
    assert find_jurisdiction("河南省碳达峰实施方案", [], "", REGISTRY).place == "henan"
    assert find_jurisdiction("郑州市碳达峰实施方案", [], "", REGISTRY).place == "zhengzhou"
    assert find_jurisdiction("陕西省碳达峰实施方案", [], "", REGISTRY).place == "shaanxi"
    assert find_jurisdiction("山西省碳达峰实施方案", [], "", REGISTRY).place == "shanxi"


def test_bare_level_word_reads_the_letterhead() -> None:
    """自治区… in the title: the autonomous region the letterhead prints."""
    front = ("新疆维吾尔自治区生态环境厅", "新疆维吾尔自治区发展和改革委员会")
    assert code_of("自治区减污降碳协同增效实施方案", front) == "650000"
    assert code_of("", ("宁夏回族自治区人民政府办公厅",)) == "640000"


def test_same_named_district_needs_context() -> None:
    """朝阳区 alone is two districts: no guess, a warning naming both; a letterhead decides."""
    found = find_jurisdiction("朝阳区碳达峰实施方案", [], "", REGISTRY)
    assert found.place is None
    assert "beijing-chaoyang-district" in found.warning
    assert "changchun-chaoyang-district" in found.warning
    assert code_of("朝阳区碳达峰实施方案", ("北京市朝阳区人民政府",)) == "110105"


def test_central_issuer_before_the_place_is_national() -> None:
    assert code_of("国务院关于支持贵州在新时代西部大开发上闯新路的意见") == "china"


def test_national_notes() -> None:
    text = "建材行业碳达峰实施方案\n（一）推进。（工业和信息化部、国家发展改革委、市场监管总局按职责分工负责）"
    assert find_jurisdiction("建材行业碳达峰实施方案", [], text, REGISTRY).place == "china"
    local = text.replace("国家发展改革委", "省发展改革委")
    found = find_jurisdiction("建材行业碳达峰实施方案", [], local, REGISTRY)
    assert found.place is None and "name no jurisdiction" in found.warning


@pytest.mark.parametrize(
    ("stem", "place"),
    [
        ("anhui-industry-carbon-peak-2022", "anhui"),
        ("national-building-materials-carbon-peak-2022", "china"),
        ("national-nonferrous-carbon-peak-2022", "china"),
        ("shaanxi-building-materials-carbon-peak-2023", "shaanxi"),
        ("shandong-pollution-carbon-2022", "shandong"),
        ("tianjin-pollution-carbon-2022", "tianjin"),
        ("xinjiang-pollution-carbon-2023", "xinjiang"),
        ("yunnan-nonferrous-carbon-peak-2023", "yunnan"),
    ],
)
def test_real_plans(registry: Registry, stem: str, place: str) -> None:
    path = REAL / f"{stem}.zh.txt"
    analysis = analyse(str(path), path.read_text(encoding="utf-8"), registry, stem)
    assert (analysis.jurisdiction, analysis.warnings) == (place, [])


def test_no_jurisdiction_builds_with_a_warning(tmp_path: Path, registry: Registry) -> None:
    plan = tmp_path / "plan.zh.txt"
    plan.write_text(f"工业领域碳达峰实施方案\n\n一、重点任务\n（一）推进节能。{NOTES}\n", "utf-8")
    analysis = analyse(str(plan), plan.read_text("utf-8"), registry, "plan")
    assert analysis.jurisdiction == UNKNOWN_ID
    assert analysis.warnings == [
        f"{plan}: its title, letterhead and notes name no jurisdiction; built with jurisdiction "
        f"{UNKNOWN_ID} (pass --jurisdiction with a place id, name or division code)"
    ]
    g = build_graph([analysis], registry)
    place = mint("place", UNKNOWN_ID)
    assert (mint("plan"), PK.jurisdiction, place) in g
    assert set(g.objects(place, RDF.type)) == {PK.Place}
    assert validate(g).conforms
    result = CliRunner().invoke(main, ["build", str(plan), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert f"warning: {analysis.warnings[0]}" in result.stderr.splitlines()


def test_division_in_the_graph(tmp_path: Path, registry: Registry) -> None:
    """A district places.csv lacks: a pk:County with labels, code, coordinates and parents."""
    plan = tmp_path / "binhai.zh.txt"
    text = f"天津市滨海新区减污降碳协同增效实施方案\n\n一、重点任务\n（一）推进节能。{NOTES}\n"
    plan.write_text(text, "utf-8")
    analysis = analyse(str(plan), text, registry, "binhai")
    g = build_graph([analysis], registry)
    node = mint("place", "binhai-new-area")
    assert (mint("binhai"), PK.jurisdiction, node) in g
    assert {PK.Place, PK.County} <= set(g.objects(node, RDF.type))
    assert set(g.objects(node, SKOS.prefLabel)) == {
        Literal("Binhai New Area", lang="en"),
        Literal("滨海新区", lang="zh"),
    }
    assert g.value(node, PK.divisionCode) == Literal("120116")
    assert str(g.value(node, GEO.lat)).startswith("39.")
    assert g.value(node, DCTERMS.isPartOf) == mint("place", "tianjin")
    assert g.value(mint("place", "tianjin"), DCTERMS.isPartOf) == mint("place", "china")
    assert validate(g).conforms
    places = {s for s in g.subjects(RDF.type, PK.Place)}
    assert places == {node, mint("place", "tianjin"), mint("place", "china")}  # only those used


@pytest.mark.parametrize(
    ("given_as", "place"),
    [
        ("tianjin", "tianjin"),
        ("天津", "tianjin"),
        ("天津市", "tianjin"),
        ("Tianjin", "tianjin"),
        ("120000", "tianjin"),
        ("120000000000", "tianjin"),
        ("120116", "binhai-new-area"),
        ("滨海新区", "binhai-new-area"),
        ("atlantis", None),
        ("999999", None),
    ],
)
def test_given_jurisdiction(given_as: str, place: str | None) -> None:
    assert given_jurisdiction(given_as, REGISTRY, "p.txt") == place


def test_given_jurisdiction_shared_by_two() -> None:
    with pytest.raises(PlanError, match="names several places"):
        given_jurisdiction("朝阳区", REGISTRY, "p.txt")


def test_cli_jurisdiction_by_code(tmp_path: Path) -> None:
    plan = tmp_path / "plan.zh.txt"
    plan.write_text(f"工业领域碳达峰实施方案\n\n一、重点任务\n（一）推进节能。{NOTES}\n", "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", str(plan), "--jurisdiction", "150222", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "<https://w3id.org/plankg/id/place/guyang>" in (out / "graph.ttl").read_text("utf-8")


# ---------------------------------------------------------------- the registry itself

ROWS = read_csv(REGISTRIES / "divisions.csv")
NAME_COUNT: dict[str, int] = {}
for _row in ROWS:
    NAME_COUNT[_row["name_zh"]] = NAME_COUNT.get(_row["name_zh"], 0) + 1
PARENT_NAME = {r["id"]: r["name_zh"] for r in ROWS}


def test_registry_is_complete_and_well_formed() -> None:
    levels = [r["level"] for r in ROWS]
    assert levels.count("province") == 34  # 23 provinces, 5 regions, 4 municipalities, 2 SARs
    assert 330 <= levels.count("prefecture") <= 340
    assert 2840 <= levels.count("county") <= 2900
    assert [r["code"] for r in ROWS] == sorted(r["code"] for r in ROWS)
    assert len({r["id"] for r in ROWS}) == len(ROWS)
    ids = {r["id"] for r in ROWS} | {"china"}
    for r in ROWS:
        assert r["id"].isascii() and r["id"] == r["id"].lower(), r
        assert r["parent"] in ids, r
        assert len(r["code"]) == 6 and r["code"].isdigit(), r


def test_places_csv_ids_are_the_divisions_ids(registry: Registry) -> None:
    """Every curated city, county and province is its division under the same id."""
    for place in registry.places.values():
        if place.type in ("City", "County") or place in registry.provinces():
            assert registry.divisions[place.id].name_zh == place.name_zh


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(ROWS),
    st.sampled_from(["碳达峰实施方案", "减污降碳协同增效实施方案", "工业领域碳达峰实施方案"]),
)
def test_every_division_named_in_a_title_is_found(row: dict, rest: str) -> None:
    """A division's own full name as a title is that division; a name several divisions share
    is never guessed from the title alone, and is that one with its parent printed before it."""
    found = find_jurisdiction(row["name_zh"] + rest, [], "", REGISTRY)
    if NAME_COUNT[row["name_zh"]] == 1:
        assert found.place == row["id"]
    else:
        assert found.place is None and row["id"] in found.warning
        parent = PARENT_NAME.get(row["parent"])
        siblings = [
            r for r in ROWS if r["name_zh"] == row["name_zh"] and r["parent"] == row["parent"]
        ]
        if parent and len(siblings) == 1:
            chained = find_jurisdiction(parent + row["name_zh"] + rest, [], "", REGISTRY)
            assert chained.place == row["id"]


def test_script_regenerates_the_same_file() -> None:
    """divisions.csv is what scripts/make_divisions.py writes from the installed packages."""
    spec = importlib.util.spec_from_file_location(
        "make_divisions", ROOT / "scripts" / "make_divisions.py"
    )
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    fresh = csv_text(script.build(), script.COLUMNS)
    assert fresh == (REGISTRIES / "divisions.csv").read_text(encoding="utf-8")


def test_short_form_inside_a_title_is_a_word() -> None:
    """Bare short forms count only where they open the title: 朝阳产业 is no place."""
    assert code_of("关于推动朝阳产业发展的实施方案") is None
    assert code_of("关于印发《天津减污降碳协同增效实施方案》的通知") == "120000"
    assert code_of("支持安康市发展的实施方案") == "610900"


def test_same_named_district_told_by_the_text() -> None:
    """长安区 is Xi'an's and Shijiazhuang's; a text that names 西安市 (and no 石家庄) tells."""
    title = "长安区碳达峰实施方案"
    text = f"{title}\n为落实西安市碳达峰工作部署，结合我区实际，制定本方案。西安市要求……"
    assert code_of(title, (), text) == "610116"
    assert code_of(title, (), title) is None


def test_national_notes_in_english() -> None:
    title = "Implementation Plan for Carbon Peaking in the Building Materials Industry"
    text = f"{title}\n(1) Do it. (The Ministry of Industry and Information Technology and the National Development and Reform Commission are responsible according to the division of responsibilities)"
    assert find_jurisdiction(title, [], text, REGISTRY).place == "china"
    local = text.replace("National Development", "Provincial Development")
    assert find_jurisdiction(title, [], local, REGISTRY).place is None
