"""What a page says about one node: the builders here fill an `Entry` (see `records`) with
everything the tooltip, the detail panel and the search box need: the labels in both
languages and every other spelling, the key numbers, and for a task the passages of the
source with their character spans, the responsibility notes, who is named in which role,
and the source's defects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from ..analysis.places import place_kind
from ..analysis.profile import ROLE_ORDER
from ..analysis.scope import label, plan_of, slug
from ..namespace import PK
from .records import Entry, Facts


def langs(values: Iterable[Any]) -> dict[str, str]:
    return {getattr(v, "language", None) or "": str(v) for v in sorted(values)}


def entry(g: Graph, node: URIRef, kind: str) -> Entry:
    en, zh = label(g, node, "en"), label(g, node, "zh")
    names = {
        str(v) for p in (SKOS.prefLabel, SKOS.altLabel, RDFS.label) for v in g.objects(node, p)
    }
    return Entry(str(node), kind, en, zh, sorted(names - {en, zh}))


def task_entry(g: Graph, task: URIRef, facts: Facts) -> Entry:
    out = entry(g, task, "task")
    t = str(task)
    number = str(g.value(task, PK.taskNumber) or slug(task))
    if facts.plans > 1:
        out.en = f"{slug(plan_of(g, task) or '')} {out.en}"
    texts = langs(g.objects(task, PK.text))
    for passage in sorted(g.objects(task, PK.passage)):
        source = g.value(passage, PK.statedIn)
        lang = str(g.value(source, DCTERMS.language) or "")
        out.passages.append(
            {
                "lang": lang,
                "source": str(g.value(source, PROV.atLocation) or slug(source or passage)),
                "start": int(g.value(passage, PK.sourceStart) or 0),
                "end": int(g.value(passage, PK.sourceEnd) or 0),
                "text": texts.get(lang, ""),
            }
        )
    out.notes = [
        {"lang": k, "text": v} for k, v in langs(g.objects(task, PK.responsibilityNote)).items()
    ]
    held = facts.roles[t]
    for role in ROLE_ORDER:
        names = sorted(label(g, URIRef(a)) for a, rs in held.items() if role in rs)
        if names:
            out.roles.append((role, names))
    out.remarks = sorted(str(g.value(d, RDFS.comment)) for d in g.objects(task, PK.hasDefect))
    named = sum(1 for rs in held.values() if set(rs) - {"implementer"})
    years = sorted(str(y) for y in g.objects(task, PK.targetYear))
    out.numbers = [
        ("plan", slug(plan_of(g, task) or "")),
        ("task number", number),
        ("agencies named", str(named)),
        ("implementers", str(len(held) - named)),
        ("places", str(len(facts.places[t]))),
        ("sectors", str(len(facts.sectors[t]))),
        ("source defects", str(len(out.remarks))),
    ]
    if years:
        out.numbers.append(("target years", ", ".join(years)))
    out.short_zh = task_label_zh(out)
    return out


def short_name(g: Graph, agency: URIRef, name: str, lang: str = "en") -> str:
    """The name without its jurisdiction ("Henan Provincial Forestry Bureau" -> "Forestry
    Bureau", "河南省林业局" -> "林业局"), where every agency of the graph has the same one, so
    nothing becomes ambiguous."""
    places = {g.value(a, PK.jurisdiction) for a in g.subjects(RDF.type, PK.Agency)}
    if len(places) != 1 or not name:
        return ""
    where = label(g, next(iter(places)), lang)  # type: ignore[arg-type]
    if not where:
        return ""
    if lang == "zh":
        stem = re.escape(re.sub(r"[省市区县]$", "", where))
        rest = re.sub(rf"^{stem}[省市]?(?:人民政府(?=.))?", "", name)
    else:
        found = re.escape(where)
        rest = re.sub(rf"^{found}(?: (?:Provincial|Municipal|City|Prefectural))? ", "", name)
    return rest if rest != name and rest else ""


def task_label_zh(entry: Entry, most: int = 12) -> str:
    """A task on the canvas in Chinese: its number and the start of its title (1. 加强生态…)."""
    number = dict(entry.numbers).get("task number", "")
    title = entry.zh if len(entry.zh) <= most else entry.zh[:most] + "…"
    return f"{number}. {title}" if title else ""


def agency_entry(g: Graph, agency: URIRef, facts: Facts, on: int) -> Entry:
    out = entry(g, agency, "agency")
    out.short = short_name(g, agency, out.en)
    out.short_zh = short_name(g, agency, out.zh, "zh")
    row = facts.burden.get(str(agency))
    out.numbers = [("tasks (any role)", str(on))]
    if row:
        out.numbers += [
            (k, str(row[k])) for k in ("led", "co-responsible", "cooperating", "supporting")
        ]
        out.numbers += [
            ("implemented", str(row["implemented"])),
            ("weighted burden", f"{row['weighted']:g}"),
            ("share of the work", f"{row['share']:.3g}"),
            ("rank by tasks", f"{row['rank']} of {len(facts.burden)}"),
        ]
    if str(agency) in facts.cluster:
        number, name = facts.cluster[str(agency)]
        out.numbers.append(("works most with (cluster)", f"{name} (group {number})"))
    return out


def place_entry(g: Graph, place: URIRef, facts: Facts, mine: list[str]) -> Entry:
    out = entry(g, place, "place")
    agencies = {a for t in mine for a in facts.roles[t]}
    out.numbers = [
        ("kind", place_kind(g, place)),
        ("tasks naming it", str(len(mine))),
        ("agencies on those tasks", str(len(agencies))),
    ]
    if str(place) in facts.coordinates:
        lat, long = facts.coordinates[str(place)]
        out.numbers.append(("latitude, longitude", f"{lat:.4f}, {long:.4f}"))
    return out


def sector_entry(g: Graph, sector: URIRef, facts: Facts, mine: list[str]) -> Entry:
    out = entry(g, sector, "sector")
    narrower = sum(1 for b in facts.broader.values() if b == str(sector))
    out.numbers = [("tasks", str(len(mine))), ("narrower sectors", str(narrower))]
    above = facts.broader.get(str(sector))
    if above:
        out.numbers.append(("broader", label(g, URIRef(above))))
    return out
