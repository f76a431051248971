"""The project's SHACL shapes as SPARQL queries, for graphs too large for pyshacl.

pyshacl checks a graph held in rdflib, which a corpus of hundreds of plans outgrows; this
module reads ontology/shapes.ttl and turns each constraint it uses (sh:minCount, sh:maxCount,
sh:class, sh:datatype, sh:in, sh:pattern, sh:uniqueLang, sh:hasValue, sh:lessThanOrEquals,
sh:minInclusive, sh:maxInclusive, and a qualified sh:languageIn) into one query that selects
violating focus nodes, to run on any SPARQL engine (Oxigraph in corpus builds). A shape with a
constraint it does not know is an error, so the two validators cannot silently drift apart;
tests run both on the same graphs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from .io import read_ontology

Select = Callable[[str], list[dict[str, str]]]
KNOWN = {
    SH.path, SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH["in"], SH.pattern,
    SH.uniqueLang, SH.hasValue, SH.lessThanOrEquals, SH.minInclusive, SH.maxInclusive,
    SH.qualifiedValueShape, SH.qualifiedMinCount, SH.message,
}  # fmt: skip


@dataclass(frozen=True)
class Check:
    shape: str
    path: str
    constraint: str
    query: str


def n3(term: URIRef | Literal) -> str:
    return term.n3()


def checks(shapes: Graph | None = None) -> list[Check]:
    """One violation query per constraint of every node shape."""
    shapes = shapes or Graph().parse(data=read_ontology("shapes.ttl"), format="turtle")
    out = []
    for shape in sorted(shapes.subjects(RDF.type, SH.NodeShape)):
        targets = " ".join(n3(c) for c in sorted(shapes.objects(shape, SH.targetClass)))
        focus = f"VALUES ?class {{ {targets} }} ?f a ?class ."
        for prop in shapes.objects(shape, SH.property):
            path = shapes.value(prop, SH.path)
            unknown = set(shapes.predicates(prop)) - KNOWN
            if unknown:
                raise ValueError(
                    f"shapes.ttl: {shape} uses {sorted(unknown)}, which SPARQL checks lack"
                )
            for constraint, query in property_queries(shapes, prop, focus, n3(path)):
                out.append(Check(str(shape), str(path), constraint, query))
    return out


def property_queries(shapes: Graph, prop: BNode, focus: str, p: str) -> list[tuple[str, str]]:
    value = shapes.value
    queries = []
    low, high = value(prop, SH.minCount), value(prop, SH.maxCount)
    if low is not None or high is not None:
        count = "COUNT(DISTINCT ?v)"  # HAVING cannot see SELECT's aliases, so it is repeated
        bounds = [f"{count} < {low}"] * (low is not None) + [f"{count} > {high}"] * (
            high is not None
        )
        queries.append(("minCount/maxCount", f"SELECT ?f WHERE {{ {focus} OPTIONAL {{ ?f {p} ?v }} }} "
                                             f"GROUP BY ?f HAVING ({' || '.join(bounds)})"))  # fmt: skip
    each = f"SELECT DISTINCT ?f WHERE {{ {focus} ?f {p} ?v . "
    if (c := value(prop, SH["class"])) is not None:
        rdfs_sub = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
        queries.append(("class", each + f"FILTER NOT EXISTS {{ ?v a/{rdfs_sub}* {n3(c)} }} }}"))
    if (d := value(prop, SH.datatype)) is not None:
        queries.append(("datatype", each + f"FILTER(!isLiteral(?v) || datatype(?v) != {n3(d)}) }}"))
    if (lst := value(prop, SH["in"])) is not None:
        allowed = ", ".join(n3(x) for x in Collection(shapes, lst))
        queries.append(("in", each + f"FILTER(?v NOT IN ({allowed})) }}"))
    if (pattern := value(prop, SH.pattern)) is not None:
        queries.append(
            ("pattern", each + f"FILTER(!REGEX(STR(?v), {n3(Literal(str(pattern)))})) }}")
        )
    if (low := value(prop, SH.minInclusive)) is not None:
        queries.append(("minInclusive", each + f"FILTER(?v < {n3(low)}) }}"))
    if (high := value(prop, SH.maxInclusive)) is not None:
        queries.append(("maxInclusive", each + f"FILTER(?v > {n3(high)}) }}"))
    if value(prop, SH.uniqueLang) == Literal(True):
        queries.append(("uniqueLang", f"SELECT DISTINCT ?f WHERE {{ {focus} ?f {p} ?a , ?b "
                                      "FILTER(?a != ?b && LANG(?a) != \"\" && LANG(?a) = LANG(?b)) }"))  # fmt: skip
    if (v := value(prop, SH.hasValue)) is not None:
        queries.append(
            (
                "hasValue",
                f"SELECT DISTINCT ?f WHERE {{ {focus} FILTER NOT EXISTS {{ ?f {p} {n3(v)} }} }}",
            )
        )
    if (q := value(prop, SH.lessThanOrEquals)) is not None:
        queries.append(("lessThanOrEquals", f"SELECT DISTINCT ?f WHERE {{ {focus} ?f {p} ?a ; {n3(q)} ?b "
                                            "FILTER(!(?a <= ?b)) }"))  # fmt: skip
    if (qualified := value(prop, SH.qualifiedValueShape)) is not None:
        langs = value(qualified, SH.languageIn)
        if langs is None or set(shapes.predicates(qualified)) != {SH.languageIn}:
            raise ValueError(
                "shapes.ttl: only sh:languageIn is supported inside sh:qualifiedValueShape"
            )
        tests = " || ".join(
            f"LANGMATCHES(LANG(?v), {n3(lang)})" for lang in Collection(shapes, langs)
        )
        queries.append(("qualifiedMinCount", f"SELECT DISTINCT ?f WHERE {{ {focus} FILTER NOT EXISTS "
                                             f"{{ ?f {p} ?v FILTER({tests}) }} }}"))  # fmt: skip
    return queries


def violations(select: Select, limit: int = 5, threads: int = 1) -> list[str]:
    """Lines naming the first violating focus nodes of each failed check; empty if none.
    Oxigraph releases the GIL while it evaluates, so two threads halve its time; rdflib's
    query parser is not thread-safe, so it gets one."""
    from concurrent.futures import ThreadPoolExecutor

    all_checks = checks()
    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(lambda c: select(c.query + f" LIMIT {limit}"), all_checks))
    return [
        f"{row['f']}: {check.constraint} on {check.path} ({check.shape})"
        for check, rows in zip(all_checks, results, strict=True)
        for row in rows
    ]
