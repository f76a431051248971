"""Two invented plans of the genre (other provinces, agencies and phrasings) against answers
written by hand in tests/data/plans/*.expected.json."""

from __future__ import annotations

import json

import pytest

from graph.io import read_plan
from graph.pipeline import SourceAnalysis, analyse

from .conftest import FIXTURES

PLANS = [
    "shanxi-2024.en",
    "hubei-2023.en",
    "shanxi-2024b.zh",  # provincial: 牵头/配合/支持, 本项及以下 blanket clause, lost full stop
    "mee-2022.zh",  # national ministries, numbering restarted in each section
    "zhengzhou-2023.zh",  # a city plan, a bracket inside the note
]
ROLES = {
    "lead": "Lead",
    "co": "CoResponsible",
    "cooperating": "Cooperating",
    "supporting": "Supporting",
    "implementers": "Implementer",
}


@pytest.fixture(scope="module", params=PLANS)
def plan(request, registry) -> tuple[SourceAnalysis, dict]:
    stem = request.param.split(".")[0]
    path = FIXTURES / f"{request.param}.txt"
    expected = json.loads((FIXTURES / f"{stem}.expected.json").read_text(encoding="utf-8"))
    return analyse(str(path), read_plan(path), registry, stem), expected


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
        row = {"number": f.task.id, "section": f.task.section}
        for key, role in ROLES.items():
            row[key] = [b.printed for b in f.bodies if b.role == role]
        row["open_list"] = f.open_list
        row["defects"] = [d.kind for d in f.defects]
        row["places"] = sorted({m.ref for m in f.mentions if m.kind == "place"})
        row["years"] = f.years
        if "titles" in expected["tasks"][0]:
            row["titles"] = f.task.title
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
    ee = {r.agency for n, r in analysis.resolutions.items() if "Ecolog" in n or "生态环境" in n}
    assert len(ee) == 1
    (agency,) = ee
    assert agency.function == "ecology-environment" and not agency.curated


@pytest.mark.parametrize(
    ("plan_file", "printed", "name_en", "jurisdiction"),
    [
        ("mee-2022.zh", "生态环境部", "Ministry of Ecology and Environment", "china"),
        ("mee-2022.zh", "国家发展改革委", "National Development and Reform Commission", "china"),
        ("mee-2022.zh", "人民银行", "People's Bank of China", "china"),
        (
            "zhengzhou-2023.zh",
            "市生态环境局",
            "Zhengzhou Municipal Bureau of Ecology and Environment",
            "zhengzhou",
        ),
        ("shanxi-2024b.zh", "省能源局", "Shanxi Provincial Energy Bureau", "shanxi"),
    ],
)
def test_readable_labels_without_registry_edits(
    registry, plan_file, printed, name_en, jurisdiction
) -> None:
    path = FIXTURES / f"{plan_file}.txt"
    analysis = analyse(str(path), read_plan(path), registry, plan_file.split(".")[0])
    agency = analysis.resolutions[printed].agency
    assert (agency.name_en, agency.jurisdiction, agency.curated) == (name_en, jurisdiction, False)


@pytest.mark.parametrize("plan_file", PLANS)
def test_builds_strict(plan_file: str, tmp_path) -> None:
    from click.testing import CliRunner

    from graph.cli import main

    result = CliRunner().invoke(
        main, ["build", str(FIXTURES / f"{plan_file}.txt"), "--strict", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "0 bodies not in the registry; SHACL: conforms" in result.output
