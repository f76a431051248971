"""The one place where plankg's IRIs are spelled: the vocabulary and the minted instance IRIs."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD, DefinedNamespace

VOCAB = "https://w3id.org/plankg/def#"
INSTANCES = "https://w3id.org/plankg/id/"
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
GEONAMES = "https://sws.geonames.org/"


class PK(DefinedNamespace):
    """The plan vocabulary (ontology/plan.ttl); a misspelt term fails at import time."""

    _fail = True
    _NS = Namespace(VOCAB)

    # classes
    Plan: URIRef
    SourceText: URIRef
    Section: URIRef
    Task: URIRef
    Agency: URIRef
    AgencyFunction: URIRef
    Place: URIRef
    City: URIRef
    County: URIRef
    Region: URIRef
    NaturalFeature: URIRef
    Sector: URIRef
    SectorScheme: URIRef
    FunctionScheme: URIRef
    Responsibility: URIRef
    Role: URIRef
    SourceDefect: URIRef
    Passage: URIRef
    Mention: URIRef
    Quantity: URIRef
    Target: URIRef
    Disagreement: URIRef

    # roles
    Lead: URIRef
    CoResponsible: URIRef
    Cooperating: URIRef
    Supporting: URIRef
    Implementer: URIRef

    # plan and source
    issuedBy: URIRef
    approvedBy: URIRef
    published: URIRef
    jurisdiction: URIRef
    ofPlan: URIRef
    hasTarget: URIRef

    # structure
    sectionNumber: URIRef
    inPlan: URIRef
    partOf: URIRef
    taskNumber: URIRef
    text: URIRef
    inSection: URIRef
    passage: URIRef
    responsibilityNote: URIRef

    # agencies
    function: URIRef
    agencyKind: URIRef

    # responsibilities
    ledBy: URIRef
    coResponsible: URIRef
    cooperatingAgency: URIRef
    supportingAgency: URIRef
    implementedBy: URIRef
    involves: URIRef
    openList: URIRef
    task: URIRef
    agency: URIRef
    role: URIRef
    statedIn: URIRef
    printedName: URIRef
    listPosition: URIRef
    viaBlanketClause: URIRef
    resolvedBy: URIRef

    # mentions, quantities, years
    mentionsPlace: URIRef
    concernsSector: URIRef
    hasMention: URIRef
    refersTo: URIRef
    targetYear: URIRef
    hasQuantity: URIRef
    value: URIRef
    unit: URIRef

    # provenance of spans
    sourceStart: URIRef
    sourceEnd: URIRef

    # defects
    hasDefect: URIRef
    defectKind: URIRef
    hasDisagreement: URIRef
    disagreementKind: URIRef

    # analysis results (DIR/analysis.ttl)
    Score: URIRef
    Cluster: URIRef
    Clustering: URIRef
    burden: URIRef
    centrality: URIRef
    measure: URIRef
    score: URIRef
    rank: URIRef
    scope: URIRef
    cluster: URIRef
    inClustering: URIRef
    clusterLead: URIRef
    dominantSector: URIRef
    stability: URIRef
    modularity: URIRef
    seed: URIRef
    runs: URIRef


def mint(*parts: str) -> URIRef:
    """An instance IRI from readable path parts: mint("henan-2023", "task", "7")."""
    for part in parts:
        if not part or "/" in part or " " in part:
            raise ValueError(f"not an IRI path part: {part!r}")
    return URIRef(INSTANCES + "/".join(parts))


def geonames(geonames_id: str) -> URIRef:
    return URIRef(f"{GEONAMES}{geonames_id}/")


PREFIXES: dict[str, object] = {
    "pk": PK._NS,
    "skos": SKOS,
    "org": ORG,
    "rdfs": RDFS,
    "rdf": RDF,
    "owl": OWL,
    "xsd": XSD,
    "dcterms": DCTERMS,
    "prov": PROV,
    "geo": GEO,
    "oa": OA,
    "sh": SH,
}
