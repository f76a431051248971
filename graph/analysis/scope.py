"""What the analyses read from a built graph: who is named on which task in which role, per plan."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..errors import PlankgError
from ..namespace import INSTANCES, PK

# strongest first: where one agency holds two roles on one task (two language versions that
# disagree), the first of these is the one that counts
NAMED_ROLES: tuple[URIRef, ...] = (PK.Lead, PK.CoResponsible, PK.Cooperating, PK.Supporting)
ROLE_NAMES: dict[URIRef, str] = {
    PK.Lead: "lead",
    PK.CoResponsible: "co-responsible",
    PK.Cooperating: "cooperating",
    PK.Supporting: "supporting",
    PK.Implementer: "implementer",
}


class AnalysisError(PlankgError, ValueError):
    """Bad input to an analysis (unknown agency, plan or measure): one line for the user."""


@dataclass(frozen=True, order=True)
class Assignment:
    """One (task, agency, role), however many sources state it."""

    task: URIRef
    agency: URIRef
    role: URIRef


def slug(iri: URIRef | str) -> str:
    """The readable part of a minted IRI: `henan/agency/ecology-environment`."""
    return str(iri).removeprefix(INSTANCES)


def plans(g: Graph) -> dict[str, URIRef]:
    """Every plan in the graph by its id (`henan-2023`)."""
    return {slug(p): p for p in sorted(g.subjects(RDF.type, PK.Plan)) if isinstance(p, URIRef)}


def find_plan(g: Graph, plan: str | None) -> URIRef | None:
    """The plan named by its id or IRI; None (every plan) for None; AnalysisError if unknown."""
    if plan is None:
        return None
    known = plans(g)
    found = known.get(slug(plan))
    if found is None:
        listed = ", ".join(known) or "none"
        raise AnalysisError(f"no plan {plan!r} in the graph (plans: {listed})")
    return found


def plan_of(g: Graph, task: URIRef) -> URIRef | None:
    section = g.value(task, PK.inSection)
    return None if section is None else g.value(section, PK.inPlan)


def tasks(g: Graph, plan: str | None = None) -> list[URIRef]:
    """The tasks of one plan (id or IRI), or of all; sorted."""
    wanted = find_plan(g, plan)
    found = (t for t in g.subjects(RDF.type, PK.Task) if isinstance(t, URIRef))
    return sorted(t for t in found if wanted is None or plan_of(g, t) == wanted)


def assignments(g: Graph, plan: str | None = None) -> list[Assignment]:
    """Every (task, agency, role) stated by a pk:Responsibility, each once (a role stated in the
    English and the Chinese version counts once), of one plan (id or IRI) or of all; sorted."""
    wanted = find_plan(g, plan)
    found: set[Assignment] = set()
    for r in g.subjects(RDF.type, PK.Responsibility):
        task, agency, role = g.value(r, PK.task), g.value(r, PK.agency), g.value(r, PK.role)
        if not (isinstance(task, URIRef) and isinstance(agency, URIRef) and role in ROLE_NAMES):
            continue
        if wanted is None or plan_of(g, task) == wanted:
            found.add(Assignment(task, agency, role))
    return sorted(found)


def strongest_roles(items: Iterable[Assignment]) -> dict[URIRef, dict[URIRef, URIRef]]:
    """task -> {agency: its strongest named role}; implementers are left out."""
    rank = {role: i for i, role in enumerate(NAMED_ROLES)}
    out: dict[URIRef, dict[URIRef, URIRef]] = {}
    for a in items:
        if a.role not in rank:
            continue
        held = out.setdefault(a.task, {})
        if a.agency not in held or rank[a.role] < rank[held[a.agency]]:
            held[a.agency] = a.role
    return {task: dict(sorted(held.items())) for task, held in sorted(out.items())}


def label(g: Graph, node: URIRef, lang: str = "en") -> str:
    """skos:prefLabel, else rdfs:label, in lang (else in any language); else the IRI's slug."""
    for prop in (SKOS.prefLabel, RDFS.label):
        values = sorted(g.objects(node, prop))
        for value in values:
            if getattr(value, "language", None) == lang:
                return str(value)
        if values and lang == "en":
            return str(values[0])
    return "" if lang != "en" else slug(node)


def labelled(g: Graph, nodes: Sequence[URIRef], key: str) -> list[dict[str, str]]:
    """[{key: IRI, "en": ..., "zh": ...}] for nodes, in their order."""
    return [{key: str(n), "en": label(g, n, "en"), "zh": label(g, n, "zh")} for n in nodes]
