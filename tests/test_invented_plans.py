"""Two invented plans of the genre (other provinces, agencies and phrasings) against answers
written by hand in tests/data/plans/*.expected.json."""

from __future__ import annotations

import json

import pytest

from graph.io import read_plan
from graph.pipeline import SourceAnalysis, analyse

from .conftest import FIXTURES

PLANS = ["shanxi-2024", "hubei-2023"]
ROLES = {
    "lead": "Lead",
    "co": "CoResponsible",
    "cooperating": "Cooperating",
    "supporting": "Supporting",
    "implementers": "Implementer",
}


@pytest.fixture(scope="module", params=PLANS)
def plan(request, registry) -> tuple[SourceAnalysis, dict]:
    path = FIXTURES / f"{request.param}.en.txt"
    expected = json.loads((FIXTURES / f"{request.param}.expected.json").read_text(encoding="utf-8"))
    return analyse(str(path), read_plan(path), registry, request.param), expected


def test_front_matter(plan) -> None:
    analysis, expected = plan
    doc = analysis.doc
    assert doc.title == expected["title"]
    assert analysis.jurisdiction == expected["jurisdiction"]
    assert doc.issued == expected["issued"]
    assert [name for name, *_ in doc.issuers] == expected["issuers"]
    assert (doc.approved_by[0] if doc.approved_by else None) == expected["approved_by"]
    assert [t.year for t in doc.targets] == expected["target_years"]


def test_sections(plan) -> None:
    analysis, expected = plan
    assert [{"number": s.number, "label": s.label} for s in analysis.doc.sections] == expected[
        "sections"
    ]


def test_tasks(plan) -> None:
    analysis, expected = plan
    got = []
    for f in analysis.facts:
        row = {"number": f.task.number, "section": f.task.section}
        for key, role in ROLES.items():
            row[key] = [b.printed for b in f.bodies if b.role == role]
        row["open_list"] = f.open_list
        row["defects"] = [d.kind for d in f.defects]
        row["places"] = sorted({m.ref for m in f.mentions if m.kind == "place"})
        row["years"] = f.years
        got.append(row)
    want = [{**t, "places": sorted(set(t["places"]))} for t in expected["tasks"]]
    assert got == want


def test_agencies_of_another_province(plan) -> None:
    analysis, expected = plan
    assert analysis.unresolved == []
    jurisdictions = {r.agency.jurisdiction for r in analysis.resolutions.values()}
    # the province's own agencies, plus any city government named explicitly
    assert expected["jurisdiction"] in jurisdictions
    assert "henan" not in jurisdictions
    ee = {r.agency for n, r in analysis.resolutions.items() if "Ecolog" in n}
    assert len(ee) == 1
    (agency,) = ee
    assert agency.function == "ecology-environment" and not agency.curated
