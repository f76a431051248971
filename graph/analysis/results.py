"""The analysis results as RDF, apart from the source facts, so SPARQL can join the two:

?agency pk:burden [ pk:measure "weighted" ; pk:score ?s ; pk:rank ?r ] .
?agency pk:cluster [ rdfs:label ?name ; pk:stability ?st ] .
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from ..build import decimal, new_graph, serialize
from ..namespace import PK, kind_concept, mint
from .burden import MEASURES, burden_table, ranked
from .centrality import CENTRALITY_MEASURES, centrality_table
from .clusters import clusters
from .scope import find_plan, slug


def analysis_graph(
    g: Graph, plan: str | None = None, weights: Mapping[str, float] | None = None
) -> Graph:
    """Burden and centrality scores of every agency, and the clusters, of one plan or all."""
    scope = find_plan(g, plan)
    key = slug(scope) if scope is not None else "all"
    out = new_graph()

    def score(kind: URIRef, measure: str, agency: str, value: object, rank: int) -> None:
        node = mint(
            "analysis", key, str(kind).rsplit("#", 1)[-1], measure, *slug(agency).split("/")
        )
        out.add((URIRef(agency), kind, node))
        out.add((node, RDF.type, PK.Score))
        out.add((node, PK.measure, Literal(measure)))
        out.add((node, PK.measureType, kind_concept("measure", measure)))
        out.add((node, PK.score, decimal(str(value))))
        out.add((node, PK.rank, Literal(rank)))
        if scope is not None:
            out.add((node, PK.scope, scope))

    burden = burden_table(g, plan, weights=weights)
    for measure in MEASURES:
        for row, rank in ranked(burden, measure):
            score(PK.burden, measure, row["iri"], row[measure], rank)
    centrality = centrality_table(g, plan)
    for measure in CENTRALITY_MEASURES:
        for row, rank in ranked(centrality, measure):
            score(PK.centrality, measure, row["iri"], row[measure], rank)
    add_clusters(out, g, plan, key, scope)
    return out


def add_clusters(out: Graph, g: Graph, plan: str | None, key: str, scope: URIRef | None) -> None:
    found = clusters(g, plan)
    clustering = mint("analysis", key, "clustering")
    out.add((clustering, RDF.type, PK.Clustering))
    out.add((clustering, PK.seed, Literal(found["seed"])))
    out.add((clustering, PK.runs, Literal(found["runs"])))
    if found["modularity"] is not None:
        out.add((clustering, PK.modularity, decimal(str(found["modularity"]))))
    if scope is not None:
        out.add((clustering, PK.scope, scope))
    for row in found["clusters"]:
        node = mint("analysis", key, "cluster", str(row["cluster"]))
        out.add((node, RDF.type, PK.Cluster))
        out.add((node, RDFS.label, Literal(row["name"], lang="en")))
        out.add((node, PK.inClustering, clustering))
        out.add((node, PK.stability, decimal(str(row["stability"]))))
        for iri in row["iris"]:
            out.add((URIRef(iri), PK.cluster, node))
        out.add((node, PK.clusterLead, URIRef(row["lead_iri"])))
        for sector in row["sector_iris"]:
            out.add((node, PK.dominantSector, URIRef(sector)))


def analysis_files(g: Graph, figures: bool = False) -> dict[str, str | bytes]:
    """What a build writes besides the graph: analysis.ttl (the results over every plan of the
    graph, sorted Turtle) and, with `figures`, figures/*.png; all rendered in memory so nothing
    is half-written. Figures are on demand: matplotlib's import and drawing cost as much as
    the rest of a small build."""
    files: dict[str, str | bytes] = {"analysis.ttl": serialize(analysis_graph(g))}
    if figures:
        from .figures import figure_files

        files.update(figure_files(g))
    return files
