"""Finding an agency by what a user types: English or Chinese name, alias, or IRI."""

from __future__ import annotations

import difflib

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from ..namespace import PK, mint
from ..registry import load_registry
from .scope import AnalysisError, label, slug


def normal(text: str) -> str:
    return " ".join(text.casefold().split())


def known_names(g: Graph) -> dict[URIRef, list[str]]:
    """What the registry also calls each agency of g, beyond the spellings its sources print
    (its labels and skos:altLabel): a curated agency's names and aliases (省发改委, Provincial
    SASAC) and the keys of its function (DRC, 发改, SASAC), which is how a reader abbreviates
    it. Sorted, without repeats."""
    registry = load_registry()
    curated = {mint(a.jurisdiction, "agency", a.id): a for a in registry.agencies.values()}
    out: dict[URIRef, list[str]] = {}
    for agency in sorted(g.subjects(RDF.type, PK.Agency)):
        if not isinstance(agency, URIRef):
            continue
        names: set[str] = set()
        if agency in curated:
            row = curated[agency]
            names |= {row.name_en, row.name_zh, *row.aliases}
        function = registry.functions.get(slug(g.value(agency, PK.function) or "").split("/")[-1])
        if function is not None:
            names |= {*function.keys_en, *function.keys_zh}
        out[agency] = sorted(n for n in names if n.strip())
    return out


def agency_names(g: Graph) -> dict[str, tuple[str, set[URIRef]]]:
    """Every skos:prefLabel and skos:altLabel of every agency and every name the registry knows
    it by (known_names), normalised: the name as written and the agencies that carry it."""
    names: dict[str, tuple[str, set[URIRef]]] = {}

    def add(agency: URIRef, value: str) -> None:
        names.setdefault(normal(value), (" ".join(value.split()), set()))[1].add(agency)

    for agency in g.subjects(RDF.type, PK.Agency):
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for value in g.objects(agency, prop):
                add(agency, str(value))  # type: ignore[arg-type]
    for agency, known in known_names(g).items():
        for value in known:
            add(agency, value)
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
