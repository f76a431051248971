"""Graphs for the view tests, written triple by triple: a plan whose text and names are markup
(the XSS page) and a synthetic corpus of thousands of tasks (the size limits)."""

from __future__ import annotations

import random
from collections.abc import Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from graph.namespace import GEO, PK, mint

IMG = "<img src=x onerror=window.__xss=1>"
SCRIPT = "<script>window.__xss=1</script>"
BREAKOUT = f"</script>{IMG}"  # closes the script block it is in, if not escaped
ROLE_PROPERTY = {
    PK.Lead: PK.ledBy,
    PK.CoResponsible: PK.coResponsible,
    PK.Cooperating: PK.cooperatingAgency,
    PK.Supporting: PK.supportingAgency,
    PK.Implementer: PK.implementedBy,
}


def new_plan(g: Graph, plan: str, title: str) -> tuple[URIRef, URIRef]:
    """The plan, its English source and one section: (source, section)."""
    node, source, section = mint(plan), mint(plan, "source", "en"), mint(plan, "section", "1")
    g.add((node, RDF.type, PK.Plan))
    g.add((node, DCTERMS.title, Literal(title, lang="en")))
    g.add((source, RDF.type, PK.SourceText))
    g.add((source, PK.ofPlan, node))
    g.add((source, DCTERMS.language, Literal("en")))
    g.add((source, PROV.atLocation, Literal(f"{plan}.en.txt")))
    g.add((section, RDF.type, PK.Section))
    g.add((section, PK.inPlan, node))
    return source, section


def add_agency(g: Graph, iri: URIRef, en: str, zh: str = "") -> URIRef:
    g.add((iri, RDF.type, PK.Agency))
    g.add((iri, SKOS.prefLabel, Literal(en, lang="en")))
    if zh:
        g.add((iri, SKOS.prefLabel, Literal(zh, lang="zh")))
    g.add((iri, PK.jurisdiction, mint("place", "somewhere")))
    return iri


def add_place(g: Graph, iri: URIRef, en: str, lat: float, long: float) -> URIRef:
    g.add((iri, RDF.type, PK.Place))
    g.add((iri, RDF.type, PK.City))
    g.add((iri, SKOS.prefLabel, Literal(en, lang="en")))
    g.add((iri, GEO.lat, Literal(f"{lat:.4f}", datatype=XSD.decimal)))
    g.add((iri, GEO.long, Literal(f"{long:.4f}", datatype=XSD.decimal)))
    return iri


def add_sector(g: Graph, iri: URIRef, en: str, broader: URIRef | None = None) -> URIRef:
    g.add((iri, RDF.type, PK.Sector))
    g.add((iri, SKOS.prefLabel, Literal(en, lang="en")))
    if broader is not None:
        g.add((iri, SKOS.broader, broader))
    return iri


def add_task(
    g: Graph,
    plan: str,
    number: str,
    text: str,
    note: str,
    agencies: Sequence[tuple[URIRef, URIRef]],
    places: Sequence[URIRef] = (),
    sectors: Sequence[URIRef] = (),
    start: int = 0,
) -> URIRef:
    source, section = mint(plan, "source", "en"), mint(plan, "section", "1")
    task, passage = mint(plan, "task", number), mint(plan, "task", number, "en")
    g.add((task, RDF.type, PK.Task))
    g.add((task, PK.taskNumber, Literal(number)))
    g.add((task, RDFS.label, Literal(f"Task {number}", lang="en")))
    g.add((task, PK.text, Literal(text, lang="en")))
    g.add((task, PK.inSection, section))
    g.add((task, PK.passage, passage))
    g.add((passage, RDF.type, PK.Passage))
    g.add((passage, PK.statedIn, source))
    g.add((passage, PK.sourceStart, Literal(start)))
    g.add((passage, PK.sourceEnd, Literal(start + len(text))))
    if note:
        g.add((task, PK.responsibilityNote, Literal(note, lang="en")))
    for i, (agency, role) in enumerate(agencies, 1):
        r = mint(plan, "task", number, "responsibility", f"en-{i}")
        g.add((r, RDF.type, PK.Responsibility))
        g.add((r, PK.task, task))
        g.add((r, PK.agency, agency))
        g.add((r, PK.role, role))
        g.add((r, PK.statedIn, source))
        g.add((task, ROLE_PROPERTY[role], agency))
        g.add((task, PK.involves, agency))
    for place in places:
        g.add((task, PK.mentionsPlace, place))
    for sector in sectors:
        g.add((task, PK.concernsSector, sector))
    return task


def xss_graph() -> Graph:
    """A plan whose task text, note, title, agency, place and sector names are all markup; one
    agency's names (and the title) would close a script block."""
    g = Graph()
    new_plan(g, "xss-2024", f"Plan {SCRIPT} {BREAKOUT}")
    evil = add_agency(g, mint("xss", "agency", "evil"), f"Bureau {IMG}", f"局{SCRIPT}")
    plain = add_agency(g, mint("xss", "agency", "plain"), "Department of Plain Text", "普通厅")
    breakout = add_agency(
        g, mint("xss", "agency", "breakout"), f"Office {BREAKOUT}", f"办{BREAKOUT}"
    )
    place = add_place(g, mint("place", "xss-city"), f"City {IMG}", 34.7, 113.6)
    sector = add_sector(g, mint("sector", "xss-sector"), f"Sector {SCRIPT}")
    text = f"1. Build {IMG} and {SCRIPT} before 2025."
    note = f"({IMG} takes the lead, {SCRIPT} cooperates)"
    roles = [(evil, PK.Lead), (plain, PK.Cooperating)]
    add_task(g, "xss-2024", "1", text, note, roles, [place], [sector])
    roles = [(plain, PK.Lead), (breakout, PK.Cooperating)]
    add_task(g, "xss-2024", "2", f"2. A task {BREAKOUT}.", "", roles, [place], [], 60)
    return g


def synthetic_graph(tasks: int, agencies: int, places: int, sectors: int, seed: int = 5) -> Graph:
    """Many plans' worth of tasks: each names a lead, two co-responsible bodies and a
    cooperating or supporting one from its plan's ten agencies (plans do not share agencies),
    and two places and sectors, at random (seeded)."""
    rng = random.Random(seed)
    g = Graph()
    new_plan(g, "synthetic", "Synthetic corpus")
    bodies = [add_agency(g, mint("syn", "agency", f"a{i}"), f"Agency {i}") for i in range(agencies)]
    spots = [
        add_place(
            g, mint("place", f"p{i}"), f"Place {i}", 30 + rng.random() * 8, 110 + rng.random() * 8
        )
        for i in range(places)
    ]
    top = [add_sector(g, mint("sector", f"top{i}"), f"Top sector {i}") for i in range(4)]
    leaves = [
        add_sector(g, mint("sector", f"s{i}"), f"Sector {i}", top[i % 4]) for i in range(sectors)
    ]
    for n in range(1, tasks + 1):
        first = rng.randrange(0, agencies, 10)
        named = rng.sample(bodies[first : first + 10], 4)
        roles = [(named[0], PK.Lead)] + [(a, PK.CoResponsible) for a in named[1:3]]
        roles.append((named[3], rng.choice([PK.Cooperating, PK.Supporting])))
        text = f"{n}. Task number {n} of the synthetic corpus."
        add_task(
            g,
            "synthetic",
            str(n),
            text,
            "(lead and others)",
            roles,
            rng.sample(spots, 2),
            rng.sample(leaves, 2),
            n * 50,
        )
    return g
