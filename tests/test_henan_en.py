"""End to end on the real Henan plan (English): every list exactly as the text prints it."""

from __future__ import annotations

import pytest

from graph.pipeline import SourceAnalysis

DRC = "Provincial Development and Reform Commission"
IIT = "Provincial Department of Industry and Information Technology"
NR = "Provincial Department of Natural Resources"
EE = "Provincial Department of Ecology and Environment"
EE2 = "Provincial Department of Ecological Environment"
SASAC_LONG = (
    "State-owned Assets Supervision and Administration Commission of the Provincial Government"
)
SASASAC = "SASASAC of the Provincial Government"
AGRI = "Provincial Department of Agriculture and Rural Areas"
HOUSING = "Provincial Department of Housing and Urban-Rural Construction"
GRID = "State Grid Henan Electric Power Company"
TRANSPORT = "Provincial Department of Transportation"
COMMERCE = "Provincial Department of Commerce"
RAIL = "Zhengzhou Bureau of China Railway Group"
STATS = "Provincial Bureau of Statistics"
FORESTRY = "Provincial Forestry Bureau"
WATER = "Provincial Department of Water Resources"
ORG = "Organizational Department of the Provincial Party Committee"
PUBLICITY = "Provincial Publicity Department"

# task -> (lead, co-responsible) exactly as printed, in printed order; read off the text by hand
PRINTED: dict[str, tuple[list[str], list[str]]] = {
    "1": ([EE], [DRC, IIT, NR, SASASAC]),
    "2": ([], []),
    "3": ([EE], [IIT, NR, SASAC_LONG]),
    "4": ([DRC], [IIT, NR, EE2, AGRI, SASAC_LONG, GRID]),
    "5": ([DRC], [IIT, NR, EE2, HOUSING, SASAC_LONG, GRID]),
    "6": (
        [],
        [
            DRC,
            "Provincial Department of Finance",
            IIT,
            NR,
            EE2,
            HOUSING,
            AGRI,
            "Provincial Market Supervision Bureau",
            "Provincial State-owned Assets Supervision and Administration Commission",
            "Provincial Tobacco Company",
            GRID,
        ],
    ),
    "7": ([], [DRC, IIT, EE, SASASAC]),
    "8": ([], [DRC, "Provincial Department of Science and Technology", IIT, EE, SASASAC]),
    "9": ([], [DRC, IIT, EE, SASAC_LONG]),
    "10": ([EE], [DRC, IIT, COMMERCE, SASAC_LONG]),
    "11": (
        [],
        [DRC, "Department of Industry and Information Technology", EE2, TRANSPORT, SASASAC, RAIL],
    ),
    "12": ([TRANSPORT], [DRC, EE, COMMERCE, "Provincial SASASAC", RAIL]),
    "13": ([], [DRC, IIT, NR, EE2, HOUSING, TRANSPORT, COMMERCE, "Provincial Government SASAC"]),
    "14": (
        ["Provincial Housing and Urban-Rural Construction Department"],
        [DRC, "Provincial Natural Resources Department", EE],
    ),
    "15": ([AGRI], [DRC, EE]),
    "16": ([], [DRC, IIT, EE, HOUSING, WATER]),
    "17": (
        [],
        [
            DRC,
            "Provincial Science and Technology Department",
            "Provincial Industry and Information Technology Department",
            "Provincial Ecological Environment Department",
            "Provincial Housing and Urban-Rural Construction Department",
            "Provincial Agricultural and Rural Department",
            "Provincial Commerce Department",
            "Provincial Market Supervision and Administration Bureau",
        ],
    ),
    "18": ([], [DRC, NR, EE2, HOUSING, AGRI, FORESTRY]),
    "19": ([], [IIT, STATS]),
    "20": ([], [EE, IIT]),
    "21": ([EE], [DRC, IIT, HOUSING, TRANSPORT, AGRI, STATS, FORESTRY]),
    "22": ([], [DRC, EE]),
    "23": ([], [EE, DRC, STATS]),
    "24": ([], [NR, EE2, FORESTRY]),
    "25": (
        [],
        [
            PUBLICITY,
            DRC,
            "Provincial Finance Department",
            "Provincial Industry and Information Technology Department",
            "Provincial Ecological Environment Department",
        ],
    ),
    "26": (
        [],
        [
            PUBLICITY,
            DRC,
            "Provincial Education Department",
            "Provincial Finance Department",
            "Provincial Ecological Environment Department",
            "Provincial Housing and Urban-Rural Construction Department",
            "Provincial Transportation Department",
            "Provincial Commerce Department",
        ],
    ),
    "27": ([], [NR, EE2, "Provincial Department of Housing and Urban-Rural Development", FORESTRY]),
    "28": ([], [ORG, DRC, EE, "Provincial Statistical Bureau"]),
    "G1": ([EE], [DRC, IIT, NR, HOUSING, "Provincial Department of Transportation", WATER, AGRI]),
    "G2": ([], [ORG, DRC, "Provincial Finance Department", EE2, "Provincial Statistical Bureau"]),
    "G3": ([], []),
}
IMPLEMENTERS = [
    "provincial and municipal people's governments",
    "Jiyuan Demonstration Zone",
    "Airport District Administrative Committee",
]
# task -> the cities (pk:City) its text names, by hand
CITIES = {
    "4": {"xuchang", "pingdingshan", "luoyang"},
    "5": {"zhengzhou", "kaifeng", "puyang", "zhoukou"},
    "6": {"pingdingshan", "xuchang", "nanyang", "sanmenxia", "zhumadian"},
    "12": {"zhengzhou", "xuchang", "jiyuan", "luoyang", "puyang", "hebi"},
    "15": {"zhoukou", "pingdingshan", "jiyuan", "xinyang"},
    "17": {"zhengzhou", "luoyang", "nanyang", "sanmenxia"},
    "24": {"zhengzhou", "xinyang", "luoyang"},
}
DEFECTS = {
    "2": ["merged task", "missing responsibility note"],
    "13": ["truncated responsibility note"],
    "19": ["lost text", "truncated responsibility note"],
    "G3": ["missing responsibility note"],
}


def facts_by_number(analysis: SourceAnalysis):
    return {f.task.number: f for f in analysis.facts}


def test_structure(henan_en: SourceAnalysis) -> None:
    numbers = [t.number for t in henan_en.doc.tasks]
    assert numbers == [str(n) for n in range(1, 29)] + ["G1", "G2", "G3"]
    sections = {s.number: s.label for s in henan_en.doc.sections}
    assert list(sections) == ["1", "2"] + [f"2.{n}" for n in range(1, 11)] + ["3"]
    # headings broken across lines and running into their first task come out whole
    assert sections["2.2"] == (
        "To coordinate the promotion of pollution reduction and carbon reduction in the energy sector"
    )
    assert sections["2.3"].endswith("in the industrial sector")  # printed "(III)"
    by_task = {t.number: t.section for t in henan_en.doc.tasks}
    assert by_task["3"] == "2.1" and by_task["4"] == "2.2" and by_task["7"] == "2.3"
    assert by_task["28"] == "2.10" and by_task["G1"] == "3"


def test_spans_are_exact(henan_en: SourceAnalysis) -> None:
    text = henan_en.source.text
    for task in henan_en.doc.tasks:
        printed = text[task.start : task.end]
        marker = task.number + "." if task.number[0].isdigit() else f"({task.number[1:]})"
        assert printed.startswith(marker), task.number
        assert printed == printed.strip()
    for f in henan_en.facts:
        for body in f.bodies:
            assert text[body.start : body.end] == body.printed


def test_front_matter(henan_en: SourceAnalysis) -> None:
    doc = henan_en.doc
    assert (
        doc.title
        == "Henan Provincial Action Plan for Pollution Reduction and Carbon Reduction Synergy"
    )
    assert doc.issued == "2023-02-24"
    assert doc.published == "2023-02-27"
    assert [t.year for t in doc.targets] == [2025, 2030]
    assert henan_en.approved_by is not None
    assert henan_en.approved_by[0].id == "climate-leading-group"
    assert [a.id for a, *_ in henan_en.issuers] == [
        "ecology-environment",
        "industry-it",
        "natural-resources",
        "housing-urban-rural",
        "transport",
        "agriculture-rural",
    ]


@pytest.mark.parametrize("number", list(PRINTED))
def test_responsibilities_as_printed(henan_en: SourceAnalysis, number: str) -> None:
    f = facts_by_number(henan_en)[number]
    lead = [b.printed for b in f.bodies if b.role == "Lead"]
    co = [b.printed for b in f.bodies if b.role == "CoResponsible"]
    assert (lead, co) == PRINTED[number]
    implementers = [b.printed for b in f.bodies if b.role == "Implementer"]
    # the clause in task 1 binds every later numbered task, not the organisational items
    assert implementers == (IMPLEMENTERS if number[0].isdigit() else [])
    assert all(b.blanket for b in f.bodies if b.role == "Implementer")


def test_every_name_resolves(henan_en: SourceAnalysis) -> None:
    assert henan_en.unresolved == []
    ids = {
        henan_en.resolutions[n].agency.id
        for n in (EE, EE2, "Provincial Ecological Environment Department")
    }
    assert ids == {"ecology-environment"}
    sasac = {
        henan_en.resolutions[n].agency.id
        for n in (SASASAC, SASAC_LONG, "Provincial SASASAC", "Provincial Government SASAC")
    }
    assert sasac == {"sasac"}


def test_defects_and_open_lists(henan_en: SourceAnalysis) -> None:
    found = {
        n: [d.kind for d in f.defects] for n, f in facts_by_number(henan_en).items() if f.defects
    }
    assert found == DEFECTS
    assert [n for n, f in facts_by_number(henan_en).items() if f.open_list] == ["26"]


def test_cities_named(henan_en: SourceAnalysis, registry) -> None:
    found = {}
    for n, f in facts_by_number(henan_en).items():
        cities = {
            m.ref for m in f.mentions if m.kind == "place" and registry.places[m.ref].type == "City"
        }
        if cities:
            found[n] = cities
    assert found == CITIES


def test_other_places_and_quantities(henan_en: SourceAnalysis) -> None:
    facts = facts_by_number(henan_en)
    places = {n: {m.ref for m in f.mentions if m.kind == "place"} for n, f in facts.items()}
    assert {"eastern-henan", "southern-henan"} <= places["4"]  # "eastern and southern Henan"
    assert {"xixia", "luanchuan", "xin-county", "funiu-mountain", "songshan-mountain"} <= places[
        "24"
    ]
    assert "yellow-river" in places["7"] and "huaihe-river" in places["18"]
    quantities = {
        n: [(q.value, q.unit) for q in f.quantities] for n, f in facts.items() if f.quantities
    }
    assert quantities["6"] == [("35", "steam tons per hour")]
    assert quantities["4"] == [("200000", "kilowatts"), ("300000", "kilowatts")]
    assert quantities["9"] == [("10", "tons/hour")]


def test_sectors_named(henan_en: SourceAnalysis) -> None:
    facts = facts_by_number(henan_en)
    sectors = {n: {m.ref for m in f.mentions if m.kind == "sector"} for n, f in facts.items()}
    assert "cement" in sectors["10"]
    assert "iron-and-steel" in sectors["7"]
    # sectors come from the task's own text, never from agency names in its note
    note = facts["22"].task.note
    assert note and note.start > facts["22"].task.body_start
    assert facts["22"].mentions and all(m.end <= note.start for m in facts["22"].mentions)
