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


# The kinds written as strings (pk:defectKind, pk:disagreementKind, pk:agencyKind,
# pk:resolvedBy, pk:measure) and, by the prefix of their concepts' names, their schemes.
KINDS: dict[str, tuple[str, ...]] = {
    "defect": (
        "merged task",
        "lost text",
        "truncated text",
        "truncated responsibility note",
        "missing responsibility note",
        "numbering defect",
        "unattached note",
    ),
    "disagreement": (
        "task missing",
        "title missing",
        "note missing",
        "note cut",
        "agency missing",
        "lead missing",
        "role differs",
        "blanket clause differs",
    ),
    "agency-kind": (
        "bank",
        "bureau",
        "collective",
        "commission",
        "department",
        "enterprise",
        "government",
        "leading group",
        "other",
        "party organ",
        "vertical office",
    ),
    "resolved-by": ("alias", "rule", "printed"),
    "measure": (
        "tasks",
        "led",
        "weighted",
        "share",
        "implemented",
        "degree",
        "strength",
        "betweenness",
        "eigenvector",
        "pagerank",
        "core",
    ),
}


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
    divisionCode: URIRef
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
    hasTextDefect: URIRef
    defectKind: URIRef
    hasDisagreement: URIRef
    disagreementKind: URIRef
    disagreementTask: URIRef
    disagreementAgency: URIRef

    # kinds as SKOS concepts (the concepts themselves are in _extras: their names have hyphens)
    defectType: URIRef
    disagreementType: URIRef
    agencyType: URIRef
    resolutionMethod: URIRef
    measureType: URIRef
    DefectKindScheme: URIRef
    DisagreementKindScheme: URIRef
    AgencyKindScheme: URIRef
    ResolutionScheme: URIRef
    MeasureScheme: URIRef

    # lineage: citations and alignments (graph/lineage.py)
    Citation: URIRef
    Alignment: URIRef
    cites: URIRef
    citedTitle: URIRef
    documentNumber: URIRef
    citedPlan: URIRef
    adapts: URIRef
    hasAlignment: URIRef
    alignedTo: URIRef
    alignmentScore: URIRef

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

    _extras = [
        f"{prefix}-{kind.replace(' ', '-')}" for prefix, kinds in KINDS.items() for kind in kinds
    ]


def kind_concept(prefix: str, kind: str) -> URIRef:
    """The SKOS concept of a kind the graph also writes as a string (its skos:notation):
    kind_concept("defect", "merged task") is pk:defect-merged-task."""
    if kind not in KINDS[prefix]:
        raise KeyError(
            f"{kind!r} is not a {prefix} kind of ontology/plan.ttl ({', '.join(KINDS[prefix])})"
        )
    return PK[f"{prefix}-{kind.replace(' ', '-')}"]


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
