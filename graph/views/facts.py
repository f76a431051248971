"""What the views are drawn from, read once from the graph: who is named on which task in
which role, the places and sectors each task names, the analysis (burden, clusters), and an
`Entry` per node (built by `entries`) with its facets: the agencies, sectors and cities it
is tied to through tasks, which the filters match (a sector also under every broader one, a
place under the places containing it).
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from ..analysis.burden import burden_table
from ..analysis.clusters import clusters
from ..analysis.names import known_names
from ..analysis.profile import ROLE_ORDER
from ..analysis.scope import ROLE_NAMES, assignments, label, plan_of, slug, tasks
from ..namespace import GEO, PK
from .entries import agency_entry, place_entry, sector_entry, short_name, task_entry
from .records import Facts

FACETS = ("agency", "sector", "city", "plan")  # what the filters match, besides the kind
PLAN_FACET = "plan"  # a graph of one plan has no plan facet (nothing to choose)


def facets_of(plans: int) -> tuple[str, ...]:
    """The facets of a graph with that many plans."""
    return FACETS if plans > 1 else tuple(f for f in FACETS if f != PLAN_FACET)


def up(g: Graph, node: URIRef, prop: URIRef) -> list[str]:
    """node and everything above it along prop (a place's region, a sector's broader ones)."""
    out = [str(node)]
    while (above := g.value(URIRef(out[-1]), prop)) is not None and str(above) not in out:
        out.append(str(above))
    return out


def in_words(items: list[str]) -> str:
    """["Energy", "Coal", "Solar power"] -> "energy, coal and solar power"; semicolons where a
    name holds an "and" itself ("transport; green lifestyle and consumption; coal")."""
    items = [i[:1].lower() + i[1:] if i[1:2].islower() else i for i in items]
    if len(items) == 1:
        return items[0]
    if any(" and " in i for i in items):
        return "; ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def group_name(g: Graph, row: dict[str, Any]) -> str:
    """A cluster as a reader names it: the work its members share most and the agency leading
    most of it ("Energy, electric power and solar power: 8 agencies around Housing and
    Urban-Rural Development")."""
    lead = URIRef(row["lead_iri"])
    around = short_name(g, lead, label(g, lead, "en")) or label(g, lead, "en")
    who = f"{row['size']} agencies around {around}" if row["size"] > 1 else around
    if not row["sectors"]:
        return who[:1].upper() + who[1:]
    work = in_words(row["sectors"])
    return f"{work[:1].upper() + work[1:]}: {who}"


def grouping_strength(q: float | None) -> str:
    """What the modularity of the clusters says, in words (below 0.3 the groups are weak)."""
    if q is None:
        return "No grouping: no two agencies share a task."
    if q < 0.3:
        reading = (
            "weak: the agencies share tasks across the groups almost as much as within them, "
            "so read the colours as loose tendencies, not camps"
        )
    elif q < 0.5:
        reading = "moderate: the groups share more tasks inside than across, with many ties across"
    else:
        reading = "strong: the agencies work mostly within their own group"
    return (
        f"How strong the grouping is: modularity Q = {q:.2f}, {reading} (below 0.3 weak, "
        "0.3 to 0.5 moderate, above 0.5 strong)."
    )


def own_language(g: Graph) -> str:
    """The language the plans were written in: Chinese when any source text is Chinese (an
    English version of a Chinese plan is its translation), else English."""
    found = {
        str(v) for s in g.subjects(RDF.type, PK.SourceText) for v in g.objects(s, DCTERMS.language)
    }
    return "zh" if any(v.startswith("zh") for v in found) else "en"


def read_facts(g: Graph) -> Facts:
    all_tasks = tasks(g)
    roles: dict[str, dict[str, list[str]]] = {str(t): {} for t in all_tasks}
    for a in assignments(g):
        roles.setdefault(str(a.task), {}).setdefault(str(a.agency), []).append(ROLE_NAMES[a.role])
    for held in roles.values():
        for names in held.values():
            names.sort(key=ROLE_ORDER.index)
    places = {str(t): sorted(map(str, g.objects(t, PK.mentionsPlace))) for t in all_tasks}
    sectors = {str(t): sorted(map(str, g.objects(t, PK.concernsSector))) for t in all_tasks}
    found = clusters(g)
    ranking = burden_table(g)
    facts = Facts(
        entries={},
        roles=roles,
        places=places,
        sectors=sectors,
        broader={
            str(s): str(b)
            for s, b in g.subject_objects(SKOS.broader)
            if (s, RDF.type, PK.Sector) in g
        },
        coordinates={},
        cities={str(c) for c in g.subjects(RDF.type, PK.City)},
        ranking=ranking,
        burden={row["iri"]: row for row in ranking},
        cluster={
            iri: (row["cluster"], group_name(g, row))
            for row in found["clusters"]  # type: ignore[attr-defined]
            for iri in row["iris"]
        },
        plans=len(set(g.subjects(RDF.type, PK.Plan))),
        modularity=found["modularity"],  # type: ignore[arg-type]
        language=own_language(g),
    )
    for t in all_tasks:
        section = g.value(t, PK.inSection)
        if isinstance(section, URIRef):
            facts.section_of[str(t)] = str(section)
            number = str(g.value(section, PK.sectionNumber) or "")
            plan = g.value(section, PK.inPlan)
            if facts.plans > 1 and plan is not None:  # as task labels say it: "henan-2023 2.1"
                number = f"{slug(plan)} {number}".strip()
            facts.sections[str(section)] = (number, label(g, section), label(g, section, "zh"))
    for place in sorted({p for ps in places.values() for p in ps}):
        lat, long = g.value(URIRef(place), GEO.lat), g.value(URIRef(place), GEO.long)
        if isinstance(lat, Literal) and isinstance(long, Literal):
            facts.coordinates[place] = (float(lat), float(long))
    # facets: a task's own; every other node takes the union over its tasks
    place_up = {p: up(g, URIRef(p), DCTERMS.isPartOf) for ps in places.values() for p in ps}
    every_sector = set(g.subjects(RDF.type, PK.Sector)) | {
        URIRef(s) for ss in sectors.values() for s in ss
    }
    sector_up = {str(s): up(g, s, SKOS.broader) for s in every_sector}  # type: ignore[arg-type]
    keys = facets_of(facts.plans)
    task_facets = {
        t: {
            "agency": sorted(roles[t]),
            "sector": sorted({x for s in sectors[t] for x in sector_up.get(s, [s])}),
            "city": sorted({x for p in places[t] for x in place_up[p]}),
        }
        for t in roles
    }
    if PLAN_FACET in keys:
        for t, held in task_facets.items():
            plan = plan_of(g, URIRef(t))
            held[PLAN_FACET] = [str(plan)] if plan is not None else []

    def union(ts: list[str], **own: list[str]) -> dict[str, list[str]]:
        out = {k: sorted({x for t in ts for x in task_facets[t][k]}) for k in keys}
        return out | own

    for t in sorted(roles):
        facts.entries[t] = task_entry(g, URIRef(t), facts)
        facts.entries[t].facets = task_facets[t]
    known = known_names(g)
    for agency in sorted({a for held in roles.values() for a in held}):
        mine = facts.tasks_of(agency)
        facts.entries[agency] = agency_entry(g, URIRef(agency), facts, len(mine))
        facts.entries[agency].facets = union(mine)
        shown = {facts.entries[agency].en, facts.entries[agency].zh, *facts.entries[agency].names}
        facts.entries[agency].aliases = [n for n in known.get(URIRef(agency), []) if n not in shown]
    for place in sorted(place_up):
        mine = facts.tasks_naming(places, place)
        facts.entries[place] = place_entry(g, URIRef(place), facts, mine)
        facts.entries[place].facets = union(mine, city=place_up[place])
    for sector in sorted(sector_up):
        mine = facts.tasks_naming(sectors, sector)
        facts.entries[sector] = sector_entry(g, URIRef(sector), facts, mine)
        facts.entries[sector].facets = union(mine, sector=sector_up[sector])
        under = ("tasks, narrower sectors included", str(len(facts.tasks_under(sector))))
        facts.entries[sector].numbers.insert(1, under)
    for iri in sorted({v for e in facts.entries.values() for vs in e.facets.values() for v in vs}):
        facts.names[iri] = (label(g, URIRef(iri), "en"), label(g, URIRef(iri), "zh"))
    for plan in g.subjects(RDF.type, PK.Plan):
        if str(plan) in facts.names:  # a plan by its id and its Chinese title
            titles = {getattr(t, "language", ""): str(t) for t in g.objects(plan, DCTERMS.title)}
            zh = titles.get("zh", "")
            facts.names[str(plan)] = (slug(plan), "" if zh == slug(plan) else zh)
    return facts
