"""Build: one rdflib Graph, in the contract's vocabulary, from analysed source texts."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from .io import read_ontology
from .lineage import align, citations, cited_plans, task_text
from .model import Defect
from .namespace import GEO, ORG, PK, PREFIXES, geonames, kind_concept, mint
from .pipeline import SourceAnalysis
from .reconcile import Disagreement
from .registry import Agency, Registry
from .resolve import is_printed

ROLE_SHORTCUT = {
    "Lead": PK.ledBy,
    "CoResponsible": PK.coResponsible,
    "Cooperating": PK.cooperatingAgency,
    "Supporting": PK.supportingAgency,
    "Implementer": PK.implementedBy,
}
PRINTED_COMMENT = (
    "Not in the agency registry: minted from the name as printed, in the jurisdiction it names; "
    "the English label of a Chinese name is its pinyin. A candidate for data/registries/agencies.csv."
)
PLACE_CLASS = {
    "City": PK.City,
    "County": PK.County,
    "Region": PK.Region,
    "NaturalFeature": PK.NaturalFeature,
}


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    g.bind("id", "https://w3id.org/plankg/id/")
    return g


def agency_iri(agency: Agency) -> URIRef:
    return mint(agency.jurisdiction, "agency", agency.id)


class Sink(Protocol):
    """Where triples go: an rdflib Graph, or a writer feeding a large store."""

    def add(self, triple: tuple[URIRef, URIRef, Any]) -> object: ...


def build_graph(
    analyses: list[SourceAnalysis],
    registry: Registry,
    disagreements: list[Disagreement] | None = None,
) -> Graph:
    """The vocabulary plus every plan, source, section, task, responsibility, mention and
    defect of the analysed sources, the disagreements between language versions, and the
    agencies, places and sectors they reach."""
    g = new_graph()
    g.parse(data=read_ontology("plan.ttl"), format="turtle")
    emit(g, analyses, registry, disagreements)
    return g


def emit(
    g: Sink,
    analyses: list[SourceAnalysis],
    registry: Registry,
    disagreements: list[Disagreement] | None = None,
) -> None:
    """Every instance triple of the analysed sources into g (a triple may come twice)."""
    agencies: dict[URIRef, Agency] = {}
    spellings: dict[URIRef, set[tuple[str, str]]] = {}
    places: set[str] = set()
    # one value per task: true where any version's list ends in "etc." / "等"
    open_lists = {(a.source.plan_id, f.task.id) for a in analyses for f in a.facts if f.open_list}
    for a in analyses:
        add_source(g, a, agencies, spellings, places, open_lists)
    for i, d in enumerate(disagreements or [], 1):
        add_disagreement(g, i, d)
    for iri, agency in sorted(agencies.items()):
        add_agency(g, iri, agency, spellings.get(iri, set()), registry)
        places.add(agency.jurisdiction)
    add_places(g, places, registry)
    add_sectors(g, registry)
    add_lineage(g, analyses)


def decimal(value: str) -> Literal:
    """An xsd:decimal whose lexical form survives a Turtle round trip ("35" -> "35.0")."""
    text = format(Decimal(value), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def span(g: Sink, node: URIRef, source: URIRef, start: int, end: int) -> None:
    g.add((node, PK.statedIn, source))
    g.add((node, PK.sourceStart, Literal(start)))
    g.add((node, PK.sourceEnd, Literal(end)))


def add_source(
    g: Sink,
    a: SourceAnalysis,
    agencies: dict[URIRef, Agency],
    spellings: dict[URIRef, set[tuple[str, str]]],
    places: set[str],
    open_lists: set[tuple[str, str]],
) -> None:
    src, doc, lang, text = a.source, a.doc, a.source.lang, a.source.text
    plan = mint(src.plan_id)
    source = mint(src.plan_id, "source", lang)

    def use(agency: Agency, printed: str) -> URIRef:
        iri = agency_iri(agency)
        agencies.setdefault(iri, agency)
        spellings.setdefault(iri, set()).add((" ".join(printed.split()), lang))
        return iri

    g.add((plan, RDF.type, PK.Plan))
    g.add((plan, DCTERMS.title, Literal(doc.title or src.plan_id, lang=lang)))
    g.add((plan, PK.jurisdiction, mint("place", a.jurisdiction)))
    places.add(a.jurisdiction)
    if doc.issued:
        g.add((plan, DCTERMS.issued, Literal(doc.issued, datatype=XSD.date)))
    if doc.published:
        g.add((plan, PK.published, Literal(doc.published, datatype=XSD.date)))
    for agency, printed, _, _ in a.issuers:
        g.add((plan, PK.issuedBy, use(agency, printed)))
    if a.approved_by:
        g.add((plan, PK.approvedBy, use(a.approved_by[0], a.approved_by[1])))
    for i, target in enumerate(doc.targets, 1):
        node = mint(src.plan_id, "target", f"{lang}-{i}")
        g.add((plan, PK.hasTarget, node))
        g.add((plan, PK.targetYear, Literal(str(target.year), datatype=XSD.gYear)))
        g.add((node, RDF.type, PK.Target))
        g.add((node, PK.targetYear, Literal(str(target.year), datatype=XSD.gYear)))
        g.add((node, PK.text, Literal(text[target.start : target.end], lang=lang)))
        span(g, node, source, target.start, target.end)

    g.add((source, RDF.type, PK.SourceText))
    g.add((source, PK.ofPlan, plan))
    g.add((source, DCTERMS.language, Literal(lang)))
    g.add((source, PROV.atLocation, Literal(Path(src.path).name)))

    for section in doc.sections:
        node = mint(src.plan_id, "section", section.number)
        g.add((node, RDF.type, PK.Section))
        g.add((node, PK.sectionNumber, Literal(section.number)))
        g.add((node, RDFS.label, Literal(section.label, lang=lang)))
        g.add((node, PK.inPlan, plan))
        if section.parent:
            g.add((node, PK.partOf, mint(src.plan_id, "section", section.parent)))
        passage = mint(src.plan_id, "section", section.number, lang)
        g.add((node, PK.passage, passage))
        g.add((passage, RDF.type, PK.Passage))
        span(g, passage, source, section.start, section.end)

    for f in a.facts:
        t = f.task
        task = mint(src.plan_id, "task", t.id)
        g.add((task, RDF.type, PK.Task))
        # the printed number, qualified by its parents' where it repeats in the plan ("2.1")
        g.add((task, PK.taskNumber, Literal(t.id)))
        label = t.title or (f"Task {t.id}" if t.id[0].isdigit() else f"Item {t.id}")
        g.add((task, RDFS.label, Literal(label, lang=lang if t.title else "en")))
        g.add((task, PK.text, Literal(text[t.start : t.end], lang=lang)))
        g.add((task, PK.inSection, mint(src.plan_id, "section", t.section)))
        passage = mint(src.plan_id, "task", t.id, lang)
        g.add((task, PK.passage, passage))
        g.add((passage, RDF.type, PK.Passage))
        span(g, passage, source, t.start, t.end)
        if t.note:
            g.add(
                (task, PK.responsibilityNote, Literal(text[t.note.start : t.note.end], lang=lang))
            )
            is_open = (src.plan_id, t.id) in open_lists
            g.add((task, PK.openList, Literal(is_open)))
        for body in f.bodies:
            found = a.resolution(body)  # a name the registry lacks is minted and marked "printed"
            agency = use(found.agency, body.printed)
            node = mint(src.plan_id, "task", t.id, "responsibility", f"{lang}-{body.position}")
            g.add((node, RDF.type, PK.Responsibility))
            g.add((node, PK.task, task))
            g.add((node, PK.agency, agency))
            g.add((node, PK.role, PK[body.role]))
            g.add((node, PK.printedName, Literal(body.printed, lang=lang)))
            g.add((node, PK.listPosition, Literal(body.position)))
            g.add((node, PK.resolvedBy, Literal(found.method)))
            g.add((node, PK.resolutionMethod, kind_concept("resolved-by", found.method)))
            if body.blanket:
                g.add((node, PK.viaBlanketClause, Literal(True)))
            span(g, node, source, body.start, body.end)
            g.add((task, ROLE_SHORTCUT[body.role], agency))
            g.add((task, PK.involves, agency))
        for i, m in enumerate(f.mentions, 1):
            node = mint(src.plan_id, "task", t.id, "mention", f"{lang}-{i}")
            target = mint("place" if m.kind == "place" else "sector", m.ref)
            g.add((task, PK.hasMention, node))
            g.add((task, PK.mentionsPlace if m.kind == "place" else PK.concernsSector, target))
            if m.kind == "place":
                places.add(m.ref)
            g.add((node, RDF.type, PK.Mention))
            g.add((node, PK.refersTo, target))
            g.add((node, PK.text, Literal(m.printed, lang=lang)))
            span(g, node, source, m.start, m.end)
        for i, q in enumerate(f.quantities, 1):
            node = mint(src.plan_id, "task", t.id, "quantity", f"{lang}-{i}")
            g.add((task, PK.hasQuantity, node))
            g.add((node, RDF.type, PK.Quantity))
            g.add((node, PK.value, decimal(q.value)))
            g.add((node, PK.unit, Literal(q.unit)))
            g.add((node, PK.text, Literal(q.printed, lang=lang)))
            span(g, node, source, q.start, q.end)
        for year in f.years:
            g.add((task, PK.targetYear, Literal(str(year), datatype=XSD.gYear)))
        for i, d in enumerate(f.defects, 1):
            node = mint(src.plan_id, "task", t.id, "defect", f"{lang}-{i}")
            g.add((task, PK.hasDefect, node))
            add_defect(g, node, source, d)
    # structure the reader could not place in any task: defects of the source text itself
    for i, d in enumerate(doc.defects, 1):
        node = mint(src.plan_id, "source", lang, "defect", str(i))
        g.add((source, PK.hasTextDefect, node))
        add_defect(g, node, source, d)


def add_defect(g: Sink, node: URIRef, source: URIRef, d: Defect) -> None:
    g.add((node, RDF.type, PK.SourceDefect))
    g.add((node, PK.defectKind, Literal(d.kind)))
    g.add((node, PK.defectType, kind_concept("defect", d.kind)))
    g.add((node, RDFS.comment, Literal(d.explanation, lang="en")))
    span(g, node, source, d.start, d.end)


def add_disagreement(g: Sink, index: int, d: Disagreement) -> None:
    task = mint(d.plan_id, "task", d.task)
    node = mint(d.plan_id, "task", d.task, "disagreement", str(index))
    g.add((task, PK.hasDisagreement, node))
    g.add((node, RDF.type, PK.Disagreement))
    g.add((node, PK.disagreementTask, task))
    g.add((node, PK.disagreementKind, Literal(d.kind)))
    g.add((node, PK.disagreementType, kind_concept("disagreement", d.kind)))
    g.add((node, RDFS.comment, Literal(d.detail, lang="en")))
    g.add((node, PK.statedIn, mint(d.plan_id, "source", d.version)))
    if d.agency:
        g.add((node, PK.disagreementAgency, agency_iri(d.agency)))


def add_agency(
    g: Sink, iri: URIRef, agency: Agency, seen: set[tuple[str, str]], registry: Registry
) -> None:
    g.add((iri, RDF.type, PK.Agency))
    g.add((iri, RDF.type, ORG.Organization))
    g.add((iri, SKOS.prefLabel, Literal(agency.name_en, lang="en")))
    if agency.name_zh:
        g.add((iri, SKOS.prefLabel, Literal(agency.name_zh, lang="zh")))
    for spelling, lang in sorted(seen):
        if spelling not in (agency.name_en, agency.name_zh):
            g.add((iri, SKOS.altLabel, Literal(spelling, lang=lang)))
    if is_printed(agency):
        g.add((iri, RDFS.comment, Literal(PRINTED_COMMENT, lang="en")))
    g.add((iri, PK.jurisdiction, mint("place", agency.jurisdiction)))
    g.add((iri, PK.agencyKind, Literal(agency.kind)))
    g.add((iri, PK.agencyType, kind_concept("agency-kind", agency.kind)))
    if agency.function:
        function = registry.functions[agency.function]
        node = mint("function", function.id)
        g.add((iri, PK.function, node))
        g.add((node, RDF.type, PK.AgencyFunction))
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, PK.FunctionScheme))
        g.add((node, SKOS.prefLabel, Literal(function.label_en, lang="en")))
        g.add((node, SKOS.prefLabel, Literal(function.label_zh, lang="zh")))


def add_places(g: Sink, wanted: set[str], registry: Registry) -> None:
    """The places reached, with every place that contains them."""
    todo = sorted(wanted)
    done: set[str] = set()
    while todo:
        pid = todo.pop()
        place = registry.place(pid)
        if pid in done or place is None:
            continue
        done.add(pid)
        node = mint("place", pid)
        g.add((node, RDF.type, PK.Place))
        if place.type:  # the unknown jurisdiction is a place of no kind
            g.add((node, RDF.type, PLACE_CLASS[place.type]))
        if place.code:
            g.add((node, PK.divisionCode, Literal(place.code)))
        g.add((node, SKOS.prefLabel, Literal(place.name_en, lang="en")))
        if place.name_zh:
            g.add((node, SKOS.prefLabel, Literal(place.name_zh, lang="zh")))
        if place.lat and place.long:
            g.add((node, GEO.lat, decimal(place.lat)))
            g.add((node, GEO.long, decimal(place.long)))
        if place.geonames_id:
            g.add((node, OWL.sameAs, geonames(place.geonames_id)))
        if place.parent:
            g.add((node, DCTERMS.isPartOf, mint("place", place.parent)))
            todo.append(place.parent)
        g.add((node, DCTERMS.source, Literal(place.source)))


def add_sectors(g: Sink, registry: Registry) -> None:
    for sector in registry.sectors.values():
        node = mint("sector", sector.id)
        g.add((node, RDF.type, PK.Sector))
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, PK.SectorScheme))
        g.add((node, SKOS.prefLabel, Literal(sector.label_en, lang="en")))
        if sector.label_zh:
            g.add((node, SKOS.prefLabel, Literal(sector.label_zh, lang="zh")))
        for alias in sector.aliases_en:
            g.add((node, SKOS.altLabel, Literal(alias, lang="en")))
        for alias in sector.aliases_zh:
            g.add((node, SKOS.altLabel, Literal(alias, lang="zh")))
        if sector.broader:
            g.add((node, SKOS.broader, mint("sector", sector.broader)))
        else:
            g.add((node, SKOS.topConceptOf, PK.SectorScheme))
            g.add((PK.SectorScheme, SKOS.hasTopConcept, node))


def add_lineage(g: Sink, analyses: list[SourceAnalysis]) -> None:
    """Every citation of every source, the plans of the graph they name, and the alignment
    of the citing plan's tasks to each cited plan's (both in Chinese)."""
    titles = {a.source.plan_id: a.doc.title or "" for a in analyses}
    chinese = {a.source.plan_id: a for a in analyses if a.source.lang == "zh"}
    for a in analyses:
        src, lang = a.source, a.source.lang
        plan, source = mint(src.plan_id), mint(src.plan_id, "source", lang)
        cites = citations(src.text)
        parents = {id(c): pid for c, pid in cited_plans(cites, titles, src.plan_id)}
        for i, c in enumerate(cites, 1):
            node = mint(src.plan_id, "citation", f"{lang}-{i}")
            g.add((plan, PK.cites, node))
            g.add((node, RDF.type, PK.Citation))
            if c.title:
                g.add((node, PK.citedTitle, Literal(c.title, lang=lang)))
            if c.number:
                g.add((node, PK.documentNumber, Literal(c.number)))
            if id(c) in parents:
                g.add((node, PK.citedPlan, mint(parents[id(c)])))
            span(g, node, source, c.start, c.end)
        if lang == "zh":
            for parent in sorted(set(parents.values())):
                add_alignments(g, a, chinese.get(parent))


def comparable_tasks(a: SourceAnalysis) -> list[tuple[str, str]]:
    """(number, text) of each task, its responsibility note left out: agencies named alike
    are not the same task."""
    return [
        (f.task.number, task_text(a.source.text, f.task.body_start, f.task.note.start))
        if f.task.note
        else (f.task.number, task_text(a.source.text, f.task.body_start, f.task.end))
        for f in a.facts
    ]


def add_alignments(g: Sink, child: SourceAnalysis, parent: SourceAnalysis | None) -> None:
    """Each task of child adapts its most similar task of the parent plan, when similar enough."""
    if parent is None:
        return
    cid, pid = child.source.plan_id, parent.source.plan_id
    for number, adapted, score in align(comparable_tasks(child), comparable_tasks(parent)):
        task, target = mint(cid, "task", number), mint(pid, "task", adapted)
        node = mint(cid, "task", number, "alignment", pid)
        g.add((task, PK.adapts, target))
        g.add((task, PK.hasAlignment, node))
        g.add((node, RDF.type, PK.Alignment))
        g.add((node, PK.alignedTo, target))
        g.add((node, PK.alignmentScore, decimal(str(score))))


def serialize(g: Graph) -> str:
    """g as rdflib's Turtle, byte for byte, in about half of rdflib's time (see
    `sorted_turtle`)."""
    from io import BytesIO

    stream = BytesIO()
    sorted_turtle()(g).serialize(stream, encoding="utf-8")
    return stream.getvalue().decode("utf-8")


def sorted_turtle() -> type:
    """rdflib's Turtle serializer with its two repeated lookups remembered: the prefixed name
    of each IRI (rdflib computes it again at every use: 90,000 times for Henan's 18,500
    triples) and the predicates and objects of each subject (read from the store again per
    subject, after a first pass over every triple). The writing order, escapes and prefixes
    are rdflib's own code, so the output is the same; tests/test_graph.py compares it with the
    golden file and with `g.serialize(format="turtle")`."""
    global _SortedTurtle
    if _SortedTurtle is not None:
        return _SortedTurtle
    from rdflib import BNode
    from rdflib.plugins.serializers.turtle import TurtleSerializer

    class SortedTurtle(TurtleSerializer):
        def reset(self) -> None:
            super().reset()
            # prefixed names by the IRI's plain string (plain str keys compare in C, rdflib
            # terms in Python), one table per value of gen_prefix
            self._pnames: dict[bool, dict[str, str | None]] = {True: {}, False: {}}
            self._by_subject: dict[Any, dict[Any, list[Any]]] = {}

        def preprocess(self) -> None:
            by_subject = self._by_subject
            for triple in self.store.triples((None, None, None)):
                self.preprocessTriple(triple)
                s, p, o = triple
                by_subject.setdefault(s, {}).setdefault(p, []).append(o)

        def preprocessTriple(self, triple: Any) -> None:
            if self.base is not None:  # rdflib's own handling of a base IRI
                super().preprocessTriple(triple)
                return
            s, p, o = triple  # rdflib's steps, in its order, for a graph without a base
            self._references[o] += 1
            self._subjects[s] = True
            if not isinstance(s, Literal):
                self.get_pname(s, gen_prefix=False)
            if p not in self.keywords:
                self.get_pname(p, gen_prefix=True)
            if isinstance(o, Literal):
                if o.datatype:
                    self.get_pname(o.datatype, gen_prefix=False)
            else:
                self.get_pname(o, gen_prefix=False)
            if isinstance(p, BNode):
                self._references[p] += 1

        def buildPredicateHash(self, subject: Any) -> dict[Any, list[Any]]:
            return {p: list(objects) for p, objects in self._by_subject.get(subject, {}).items()}

        def get_pname(self, uri: Any, gen_prefix: bool = True) -> str | None:
            if not isinstance(uri, URIRef):
                return None
            known = self._pnames[bool(gen_prefix)]
            key = str(uri)
            try:
                return known[key]
            except KeyError:  # the first call also registers the prefix
                name = known[key] = super().get_pname(uri, gen_prefix)
                return name

    _SortedTurtle = SortedTurtle
    return SortedTurtle


_SortedTurtle: type | None = None
