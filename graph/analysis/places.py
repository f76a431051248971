"""Where and in what the work falls: tasks and agencies per place, the agency x sector matrix.

- tasks(p)    = |{t : t mentions p}|;
- agencies(p) = |{a : a named (not as implementer) on a task mentioning p}|;
- M[a][s]     = |{t : a named on t, t concerns s}|, where s is the sector as stated or, with
                level="top", its top concept in the sector scheme (cement -> industry).
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from ..namespace import PK
from .scope import AnalysisError, assignments, label, labelled, strongest_roles, tasks

PLACE_KINDS = {PK.City: "city", PK.County: "county", PK.Region: "region"}
PLACE_KINDS[PK.NaturalFeature] = "natural feature"
LEVELS = ("stated", "top")


def place_kind(g: Graph, place: URIRef) -> str:
    kinds = sorted(PLACE_KINDS[t] for t in g.objects(place, RDF.type) if t in PLACE_KINDS)
    return kinds[0] if kinds else "place"


def places_table(g: Graph, plan: str | None = None) -> list[dict[str, Any]]:
    """One row per place a task of the scope mentions: its kind, tasks, agencies (most tasks
    first, then name)."""
    held = strongest_roles(assignments(g, plan))
    per_place: dict[URIRef, set[URIRef]] = {}
    for task in tasks(g, plan):
        for place in g.objects(task, PK.mentionsPlace):
            per_place.setdefault(place, set()).add(task)
    rows = []
    for place, ts in sorted(per_place.items()):
        agencies = sorted({a for t in ts for a in held.get(t, {})})
        rows.append(
            {
                "place": label(g, place),
                "zh": label(g, place, "zh"),
                "kind": place_kind(g, place),
                "tasks": len(ts),
                "agencies": len(agencies),
                "agency_names": [label(g, a) for a in agencies],
                "iri": str(place),
            }
        )
    return sorted(rows, key=lambda r: (-r["tasks"], -r["agencies"], r["place"], r["iri"]))


def top_sector(g: Graph, sector: URIRef) -> URIRef:
    seen = {sector}
    while (up := g.value(sector, SKOS.broader)) is not None and up not in seen:
        seen.add(up)
        sector = up
    return sector


def sector_matrix(g: Graph, plan: str | None = None, level: str = "top") -> dict[str, Any]:
    """{"agencies": [{agency, en, zh}], "sectors": [{sector, en, zh}], "tasks": M}: rows and
    columns with most tasks first (ties: English name); agencies and sectors with none left out."""
    if level not in LEVELS:
        raise AnalysisError(f"unknown sector level {level!r} (levels: {', '.join(LEVELS)})")
    cells: dict[tuple[URIRef, URIRef], set[URIRef]] = {}
    for task, held in strongest_roles(assignments(g, plan)).items():
        stated = set(g.objects(task, PK.concernsSector))
        sectors = {top_sector(g, s) for s in stated} if level == "top" else stated
        for agency in held:
            for sector in sectors:
                cells.setdefault((agency, sector), set()).add(task)

    def order(axis: int) -> list[URIRef]:
        totals: dict[URIRef, int] = {}
        for key, ts in cells.items():
            totals[key[axis]] = totals.get(key[axis], 0) + len(ts)
        return sorted(totals, key=lambda n: (-totals[n], label(g, n), str(n)))

    agencies, sectors = order(0), order(1)
    matrix = [[len(cells.get((a, s), ())) for s in sectors] for a in agencies]
    return {
        "agencies": labelled(g, agencies, "agency"),
        "sectors": labelled(g, sectors, "sector"),
        "tasks": matrix,
    }


def matrix_rows(matrix: dict[str, Any]) -> list[dict[str, Any]]:
    """The matrix in long form, one row per non-empty cell: agency, sector, tasks."""
    rows = []
    for agency, counts in zip(matrix["agencies"], matrix["tasks"], strict=True):
        for sector, n in zip(matrix["sectors"], counts, strict=True):
            if n:
                rows.append({"agency": agency["en"], "sector": sector["en"], "tasks": n})
    return rows
