"""Places, the agency x sector matrix, one agency's profile and finding it by name."""

from __future__ import annotations

import pytest

from graph.analysis.names import find_agency
from graph.analysis.places import matrix_rows, places_table, sector_matrix
from graph.analysis.profile import agency_profile
from graph.analysis.scope import AnalysisError

from .analysis_graphs import FOUR_TASKS, agency, tiny

PLACES = {"1": ["zhengzhou", "luoyang"], "2": ["zhengzhou"], "4": ["kaifeng"]}
SECTORS = {"1": ["cement"], "2": ["coal", "cement"], "3": ["coal"]}
BROADER = {"cement": "building-materials", "building-materials": "industry", "coal": "energy"}
NAMES = {
    "A": ("Provincial Department of Ecology and Environment", "省生态环境厅", ["Eco Dept"]),
    "B": ("Provincial Development and Reform Commission", "省发展改革委", []),
    "C": ("Provincial Department of Finance", "省财政厅", []),
}


def graph():
    return tiny(FOUR_TASKS, places=PLACES, sectors=SECTORS, broader=BROADER, names=NAMES)


def test_places() -> None:
    rows = {r["place"]: r for r in places_table(graph())}
    assert rows["Zhengzhou"]["tasks"] == 2 and rows["Zhengzhou"]["agencies"] == 3  # A, B, C
    assert rows["Luoyang"]["tasks"] == 1 and rows["Luoyang"]["agencies"] == 3
    assert rows["Kaifeng"]["tasks"] == 1 and rows["Kaifeng"]["agencies"] == 0  # task 4: E only
    assert rows["Zhengzhou"]["kind"] == "city"
    assert [r["place"] for r in places_table(graph())] == ["Zhengzhou", "Luoyang", "Kaifeng"]


def test_sector_matrix_top_level_and_stated() -> None:
    top = sector_matrix(graph())
    assert [s["en"] for s in top["sectors"]] == ["Industry", "Energy"]  # 4 cells vs 3
    cells = {(r["agency"], r["sector"]): r["tasks"] for r in matrix_rows(top)}
    # A: task 1 (cement -> industry), task 3 (coal -> energy); C: tasks 1, 2 (industry), 2 (energy)
    assert cells[(NAMES["A"][0], "Industry")] == 1 and cells[(NAMES["A"][0], "Energy")] == 1
    assert cells[(NAMES["C"][0], "Industry")] == 2 and cells[(NAMES["C"][0], "Energy")] == 1
    assert cells[("D", "Energy")] == 1 and ("D", "Industry") not in cells
    assert len(top["tasks"]) == len(top["agencies"]) == 4  # E implements only: no row
    stated = sector_matrix(graph(), level="stated")
    assert sorted(s["en"] for s in stated["sectors"]) == ["Cement", "Coal"]
    with pytest.raises(AnalysisError, match="unknown sector level"):
        sector_matrix(graph(), level="middle")


@pytest.mark.parametrize(
    "name",
    [
        "Provincial Department of Ecology and Environment",
        "provincial department of ecology  and ENVIRONMENT",
        "省生态环境厅",
        "eco dept",
        "Ecology",  # part of one name only
        "生态",
        "tiny/agency/a",
        "https://w3id.org/plankg/id/tiny/agency/a",
    ],
)
def test_find_agency(name: str) -> None:
    assert find_agency(graph(), name) == agency("A")


def test_find_agency_ambiguous_or_unknown() -> None:
    with pytest.raises(AnalysisError, match="'Department' matches 2 agencies: .*Ecology.*Finance"):
        find_agency(graph(), "Department")
    with pytest.raises(
        AnalysisError,
        match="no agency named 'Provincial Department of Fnance'.*nearest: Provincial Department of Finance",
    ):
        find_agency(graph(), "Provincial Department of Fnance")


def test_profile() -> None:
    p = agency_profile(graph(), agency("A"))
    assert p["agency"]["zh"] == "省生态环境厅" and p["agency"]["aliases"] == ["Eco Dept"]
    burden = {b["measure"]: (b["value"], b["rank"]) for b in p["burden"]}
    assert burden["tasks"] == (2, 1) and burden["led"] == (1, 1) and burden["weighted"] == (3, 1)
    assert burden["share"] == (pytest.approx(1.0), 1) and burden["implemented"] == (0, 2)
    assert [(t["task"], t["role"]) for t in p["tasks"]] == [("1", "lead"), ("3", "co-responsible")]
    assert [(q["agency"], q["shared"]) for q in p["partners"]] == [
        ("D", 1),  # newman 1: D shares task 3 with A alone; then by name
        (NAMES["C"][0], 1),
        (NAMES["B"][0], 1),
    ]
    assert [(s["sector"], s["tasks"]) for s in p["sectors"]] == [("Cement", 1), ("Coal", 1)]
    assert [(q["place"], q["tasks"]) for q in p["places"]] == [("Luoyang", 1), ("Zhengzhou", 1)]


def test_profile_of_an_implementer() -> None:
    p = agency_profile(graph(), agency("E"))
    assert [t["role"] for t in p["tasks"]] == ["implementer"] * 4
    assert p["partners"] == [] and p["sectors"] == []
