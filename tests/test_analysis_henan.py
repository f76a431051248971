"""The analyses on the real Henan plan: ranks that follow from the text as printed, the same
numbers from the English, the Chinese and the bilingual build where the versions agree."""

from __future__ import annotations

import time
from collections import Counter

import pytest
from rdflib import Graph

from graph.analysis.burden import BURDEN_MEASURES, agreement, burden_table, scores
from graph.analysis.centrality import centrality_table
from graph.analysis.clusters import clusters
from graph.analysis.names import find_agency
from graph.analysis.places import places_table
from graph.analysis.profile import agency_profile
from graph.analysis.scope import assignments
from graph.build import build_graph
from graph.io import PLANS, read_plan
from graph.namespace import PK, mint
from graph.pipeline import analyse

from .test_henan_en import CITIES, PRINTED

EE = mint("henan", "agency", "ecology-environment")
DRC = mint("henan", "agency", "development-reform")
BLANKET = {"city-governments", "jiyuan-committee", "airport-zone-committee"}


@pytest.fixture(scope="module")
def printed(henan_en) -> dict[str, Counter]:
    """From the notes as printed (tests/test_henan_en.py, read off the text by hand): per
    agency IRI, the tasks it is named on and the tasks it leads."""
    named: Counter = Counter()
    led: Counter = Counter()
    for leads, others in PRINTED.values():
        for name in leads + others:
            found = henan_en.resolutions[name]
            named[mint("henan", "agency", found.agency.id)] += 1
            if name in leads:
                led[mint("henan", "agency", found.agency.id)] += 1
    return {"tasks": named, "led": led}


def test_burden_follows_from_the_printed_notes(henan_graph: Graph, printed) -> None:
    rows = {r["iri"]: r for r in burden_table(henan_graph)}
    for agency, n in printed["tasks"].items():
        assert rows[str(agency)]["tasks"] == n, agency
        assert rows[str(agency)]["led"] == printed["led"][agency], agency
    top = burden_table(henan_graph)[0]
    assert top["iri"] == str(EE) and top["rank"] == 1
    assert top["tasks"] == max(printed["tasks"].values())
    assert burden_table(henan_graph, by="led")[0]["iri"] == str(EE)
    assert burden_table(henan_graph, by="share")[0]["iri"] == str(EE)
    assert burden_table(henan_graph)[1]["iri"] == str(DRC)


def test_implementers_are_the_blanket_clause_bodies(henan_graph: Graph) -> None:
    rows = burden_table(henan_graph, by="implemented")
    implementers = {r["iri"].rsplit("/", 1)[1]: r for r in rows if r["implemented"]}
    assert set(implementers) == BLANKET
    # the clause before task 1 covers every later numbered task: 1 to 28
    assert {r["implemented"] for r in implementers.values()} == {28}
    assert {r["tasks"] for r in implementers.values()} == {0}


def test_shares_sum_to_the_tasks_with_a_note(henan_graph: Graph) -> None:
    with_note = [t for t, (lead, others) in PRINTED.items() if lead or others]
    total = sum(r["share"] for r in burden_table(henan_graph))
    assert total == pytest.approx(len(with_note), abs=1e-4)


def test_rankings_mostly_agree(henan_graph: Graph) -> None:
    rows = {(r["measure"], r["other"]): r["tau_b"] for r in agreement(henan_graph)}
    assert len(rows) == len(BURDEN_MEASURES) * (len(BURDEN_MEASURES) - 1) // 2
    assert rows["tasks", "weighted"] > 0.9  # only five agencies ever lead
    assert 0 < rows["tasks", "led"] < rows["tasks", "weighted"]


def test_centrality_and_clusters_cover_the_named_agencies(henan_graph: Graph, printed) -> None:
    rows = centrality_table(henan_graph)
    assert {r["iri"] for r in rows} == {str(a) for a in printed["tasks"]}
    top = rows[0]
    assert top["iri"] in (str(EE), str(DRC)) and top["degree"] == len(rows) - 1
    strength = {r["iri"]: r["strength"] for r in rows}
    assert strength[str(EE)] == pytest.approx(printed["tasks"][EE])  # never alone on a task
    found = clusters(henan_graph)
    members = [a for c in found["clusters"] for a in c["iris"]]
    assert sorted(members) == sorted(str(a) for a in printed["tasks"])
    assert -0.5 <= found["modularity"] <= 1


def test_cities(henan_graph: Graph) -> None:
    by_hand = Counter(city for cities in CITIES.values() for city in cities)
    rows = {r["iri"].rsplit("/", 1)[1]: r for r in places_table(henan_graph) if r["kind"] == "city"}
    assert {c: rows[c]["tasks"] for c in by_hand} == dict(by_hand)


def test_profile_by_chinese_name(henan_graph: Graph, printed) -> None:
    agency = find_agency(henan_graph, "生态环境厅")
    assert agency == EE
    profile = agency_profile(henan_graph, agency)
    led = [t["task"] for t in profile["tasks"] if t["role"] == "lead"]
    assert len(led) == printed["led"][EE]
    assert [p["iri"] for p in profile["partners"]][0] == str(DRC)


SASAC = mint("henan", "agency", "sasac")


@pytest.mark.parametrize(
    ("name", "agency", "printed"),
    [("发改委", DRC, False), ("DRC", DRC, False), ("国资委", SASAC, False), ("SASAC", SASAC, True)],
)
def test_agency_by_the_abbreviation_the_registry_knows(
    henan_graph: Graph, name: str, agency, printed: bool
) -> None:
    """Names no source of the graph prints (省发改委 is an alias in agencies.csv, DRC a key of the
    function in functions.csv) find the agency, as a reader abbreviates it."""
    names = {str(v) for v in henan_graph.objects(agency, None)}
    assert any(name.casefold() in n.casefold() for n in names) is printed
    assert find_agency(henan_graph, name) == agency


def test_same_numbers_in_english_chinese_and_bilingual_builds(
    henan_graph: Graph, bilingual_graph: Graph, registry
) -> None:
    zh_path = PLANS / "henan-2023.zh.txt"
    chinese = build_graph(
        [analyse(str(zh_path), read_plan(zh_path), registry, "henan-2023")], registry
    )
    # the tasks where the versions agree on who is responsible (titles aside)
    differ = {
        t
        for t, d in bilingual_graph.subject_objects(PK.hasDisagreement)
        if str(bilingual_graph.value(d, PK.disagreementKind)) != "title missing"
    }
    assert 0 < len(differ) < 10

    def measures(g: Graph) -> dict:
        items = [a for a in assignments(g) if a.task not in differ and a.role != PK.Implementer]
        return scores(items)

    english = measures(henan_graph)
    assert len(english) > 15
    assert measures(chinese) == english
    assert measures(bilingual_graph) == english


def test_fast_enough(henan_graph: Graph) -> None:
    centrality_table(henan_graph)  # imports networkx and scipy once
    start = time.perf_counter()
    burden_table(henan_graph)
    agreement(henan_graph)
    agency_profile(henan_graph, find_agency(henan_graph, "ecology"))
    clusters(henan_graph)
    centrality_table(henan_graph)
    assert time.perf_counter() - start < 1.0
