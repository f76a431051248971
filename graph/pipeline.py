"""Run the stages over plan texts: ingest, extract and resolve each source, then collect."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .errors import PlanError, position
from .extract import extract
from .ingest import detect_language, ingest
from .ingest_zh import ingest_zh
from .model import Ingested, Source, TaskFacts
from .registry import Agency, Registry
from .resolve import NATIONAL_ID, Resolution, Resolver

NATIONAL_PLAN = re.compile(
    r"各省、自治区、直辖市|国务院各部委|国务院有关部委|经国务院同意|"
    r"provinces, autonomous regions and municipalities|ministries and commissions of the State Council",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Unresolved:
    """A printed agency name that neither the registry nor the rules resolve."""

    path: str
    name: str
    offset: int
    where: str  # "line:column (offset N)"

    def message(self) -> str:
        return f"{self.path}:{self.where}: unresolved agency name {self.name!r}"


@dataclass
class SourceAnalysis:
    """One source text taken through ingest, extract and resolve."""

    source: Source
    doc: Ingested
    facts: list[TaskFacts]
    jurisdiction: str
    resolutions: dict[str, Resolution] = field(default_factory=dict)
    unresolved: list[Unresolved] = field(default_factory=list)
    issuers: list[tuple[Agency, str, int, int]] = field(default_factory=list)
    approved_by: tuple[Agency, str, int, int] | None = None


def detect_jurisdiction(doc: Ingested, registry: Registry) -> str | None:
    """The province or city whose plan this is, from its title: the place named as its owner
    ("Henan Provincial ...", "河南省..."), else the first place the title names."""
    title = doc.title or ""
    candidates = registry.provinces() + [p for p in registry.places.values() if p.type == "City"]
    found: list[tuple[int, int, str]] = []
    for place in candidates:
        names = [re.sub(r"\s+Province$", "", place.name_en), place.name_zh.rstrip("省市")]
        for name in filter(None, names):
            m = re.search(rf"(?<![A-Za-z]){re.escape(name)}(?![a-z])", title)
            if m:
                owner = re.match(
                    r"\s*(?:Provincial|Province|Municipal|City|省|市)", title[m.end() :]
                )
                found.append((0 if owner else 1, m.start(), place.id))
    return min(found)[2] if found else None


def nearest_places(wanted: str, registry: Registry) -> str:
    """'; did you mean henan?' for a --jurisdiction given as a name or misspelt, else the ids'
    format; a place id is the first column of places.csv."""
    key = wanted.strip().casefold()
    named = [
        p.id
        for p in registry.places.values()
        if key in {n.casefold() for n in (p.name_en, p.name_zh, *p.aliases)}
    ]
    close = named or difflib.get_close_matches(key, sorted(registry.places), n=3, cutoff=0.6)
    if close:
        return f"; did you mean {' or '.join(sorted(close))}?"
    return " (its first column: lower-case ids such as henan, zhengzhou, china)"


def analyse(
    path: str,
    text: str,
    registry: Registry,
    plan_id: str,
    jurisdiction: str | None = None,
) -> SourceAnalysis:
    source = Source(path=path, text=text, lang=detect_language(text), plan_id=plan_id)
    doc = ingest_zh(source) if source.lang == "zh" else ingest(source)
    jur = jurisdiction or detect_jurisdiction(doc, registry)
    if jur is None and NATIONAL_PLAN.search(text) and NATIONAL_ID in registry.places:
        jur = NATIONAL_ID  # addressed to every province, issued by ministries: a national plan
    if jur is None:
        raise PlanError(
            path, "cannot tell the plan's jurisdiction from its title; pass --jurisdiction"
        )
    if jur not in registry.places:
        raise PlanError(
            path,
            f"unknown jurisdiction {jur!r}: not a place id in data/registries/places.csv"
            f"{nearest_places(jur, registry)}",
        )
    # one resolver and one memo per jurisdiction: a corpus repeats the same names thousands of times
    resolver, cache = registry.cache.setdefault(("resolver", jur), (Resolver(registry, jur), {}))

    def resolve(name: str) -> Resolution | None:
        if name not in cache:
            cache[name] = resolver.resolve(name)
        return cache[name]

    facts = extract(doc, registry, lambda name: resolve(name) is not None)
    analysis = SourceAnalysis(source=source, doc=doc, facts=facts, jurisdiction=jur)
    seen: set[tuple[str, int]] = set()

    def record(name: str, start: int) -> Resolution | None:
        found = resolve(name)
        if found:
            analysis.resolutions[name] = found
        elif (name, start) not in seen:
            seen.add((name, start))
            analysis.unresolved.append(Unresolved(path, name, start, position(text, start)))
        return found

    for f in facts:
        for body in f.bodies:
            record(body.printed, body.start)
    for name, start, end in doc.issuers:
        found = record(name, start)
        if found:
            analysis.issuers.append((found.agency, name, start, end))
    if doc.approved_by:
        name, start, end = doc.approved_by
        found = record(name, start)
        if found:
            analysis.approved_by = (found.agency, name, start, end)
    analysis.unresolved.sort(key=lambda u: u.offset)
    return analysis
