"""Finding an agency by what a user types: English or Chinese name, alias, or IRI."""

from __future__ import annotations

import difflib

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from ..namespace import PK
from .scope import AnalysisError, label, slug


def normal(text: str) -> str:
    return " ".join(text.casefold().split())


def agency_names(g: Graph) -> dict[str, tuple[str, set[URIRef]]]:
    """Every skos:prefLabel and skos:altLabel of every agency, normalised: the name as written
    and the agencies that carry it."""
    names: dict[str, tuple[str, set[URIRef]]] = {}
    for agency in g.subjects(RDF.type, PK.Agency):
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for value in g.objects(agency, prop):
                key = normal(str(value))
                names.setdefault(key, (" ".join(str(value).split()), set()))[1].add(agency)
    return names


def find_agency(g: Graph, name: str) -> URIRef:
    """The one agency whose IRI, slug, name or alias is `name` (case and spacing ignored), else
    the one whose names contain it; AnalysisError naming the candidates or the nearest names."""
    wanted = normal(name)
    if not wanted:
        raise AnalysisError("give an agency name")
    agencies = {a for a in g.subjects(RDF.type, PK.Agency) if isinstance(a, URIRef)}
    by_iri = {a for a in agencies if wanted in (normal(str(a)), normal(slug(a)))}
    names = agency_names(g)
    exact = names[wanted][1] if wanted in names else set()
    found = by_iri or exact or {a for key, (_, s) in names.items() if wanted in key for a in s}
    if len(found) == 1:
        return next(iter(found))
    if found:
        listed = "; ".join(sorted(label(g, a) for a in found)[:6])
        more = f" and {len(found) - 6} more" if len(found) > 6 else ""
        raise AnalysisError(
            f"{name!r} matches {len(found)} agencies: {listed}{more}; give more of the name"
        )
    nearest = difflib.get_close_matches(wanted, sorted(names), n=3, cutoff=0.4)
    hint = (
        f"; nearest: {'; '.join(names[n][0] for n in nearest)}"
        if nearest
        else "; `plankg rank` lists every agency"
    )
    raise AnalysisError(f"no agency named {name!r} in the graph{hint}")
