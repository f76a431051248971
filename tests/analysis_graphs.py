"""Tiny plan graphs for the analysis tests: a few tasks and agencies whose measures can be
worked out by hand."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from graph.namespace import PK, mint

ROLES = {
    "lead": PK.Lead,
    "co": PK.CoResponsible,
    "cooperating": PK.Cooperating,
    "supporting": PK.Supporting,
    "implementer": PK.Implementer,
}
PLAN = "tiny-2024"


def agency(name: str) -> URIRef:
    return mint("tiny", "agency", name.lower())


def task(number: str, plan: str = PLAN) -> URIRef:
    return mint(plan, "task", number)


def tiny(
    stated: Iterable[tuple[str, ...]],
    *,
    sectors: Mapping[str, list[str]] | None = None,
    broader: Mapping[str, str] | None = None,
    places: Mapping[str, list[str]] | None = None,
    names: Mapping[str, tuple[str, str, list[str]]] | None = None,
    plan: str = PLAN,
    g: Graph | None = None,
) -> Graph:
    """A graph of responsibilities stated as (task, agency, role[, lang]): one pk:Responsibility
    each, stated in the `lang` source (default "en"). sectors and places: task -> ids;
    broader: sector -> its broader sector; names: agency -> (English, Chinese, aliases)."""
    g = g if g is not None else Graph()
    plan_iri, section = mint(plan), mint(plan, "section", "1")
    g.add((plan_iri, RDF.type, PK.Plan))
    g.add((section, PK.inPlan, plan_iri))
    for i, (number, who, role, *lang) in enumerate(stated, 1):
        language = lang[0] if lang else "en"
        source = mint(plan, "source", language)
        g.add((source, PK.ofPlan, plan_iri))
        t, a = task(number, plan), agency(who)
        g.add((t, RDF.type, PK.Task))
        g.add((t, PK.taskNumber, Literal(number)))
        g.add((t, RDFS.label, Literal(f"Task {number}", lang="en")))
        g.add((t, PK.inSection, section))
        g.add((a, RDF.type, PK.Agency))
        en, zh, aliases = (names or {}).get(who, (who, "", []))
        g.add((a, SKOS.prefLabel, Literal(en, lang="en")))
        if zh:
            g.add((a, SKOS.prefLabel, Literal(zh, lang="zh")))
        for alias in aliases:
            g.add((a, SKOS.altLabel, Literal(alias, lang="en")))
        r = mint(plan, "task", number, "responsibility", f"{language}-{i}")
        g.add((r, RDF.type, PK.Responsibility))
        g.add((r, PK.task, t))
        g.add((r, PK.agency, a))
        g.add((r, PK.role, ROLES[role]))
        g.add((r, PK.statedIn, source))
    for number, ids in (sectors or {}).items():
        for sid in ids:
            g.add((task(number, plan), PK.concernsSector, sector(g, sid, broader or {})))
    for number, ids in (places or {}).items():
        for pid in ids:
            place = mint("place", pid)
            g.add((place, RDF.type, PK.Place))
            g.add((place, RDF.type, PK.City))
            g.add((place, SKOS.prefLabel, Literal(pid.title(), lang="en")))
            g.add((task(number, plan), PK.mentionsPlace, place))
    return g


def sector(g: Graph, sid: str, broader: Mapping[str, str]) -> URIRef:
    node = mint("sector", sid)
    g.add((node, RDF.type, PK.Sector))
    g.add((node, SKOS.prefLabel, Literal(sid.replace("-", " ").capitalize(), lang="en")))
    if sid in broader:
        g.add((node, SKOS.broader, sector(g, broader[sid], broader)))
    return node


# The graph most tests use. By hand, with the default weights (lead 2, co-responsible 1):
#   task 1: A lead, B and C co-responsible      task 2: B lead, C co-responsible
#   task 3: A and D co-responsible (no lead)    task 4: nobody named
#   E implements every task (a blanket clause)
FOUR_TASKS = [
    ("1", "A", "lead"),
    ("1", "B", "co"),
    ("1", "C", "co"),
    ("2", "B", "lead"),
    ("2", "C", "co"),
    ("3", "A", "co"),
    ("3", "D", "co"),
    *[(t, "E", "implementer") for t in "1234"],
]
