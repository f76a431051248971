"""Run the stages over plan texts: ingest, extract and resolve each source, then collect."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PlanError, position
from .extract import extract
from .ingest import detect_language, ingest
from .ingest_zh import ingest_zh
from .model import Ingested, NamedBody, Source, TaskFacts
from .registry import Agency, Registry
from .resolve import NATIONAL_ID, Resolution, Resolver

NATIONAL_PLAN = re.compile(
    r"各省、自治区、直辖市|国务院各部委|国务院有关部委|经国务院同意|"
    r"provinces, autonomous regions and municipalities|ministries and commissions of the State Council",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Unresolved:
    """A printed agency name that neither the registry nor the rules resolve: the build mints
    its agency from the name (pk:resolvedBy "printed") and reports it; --strict fails on it."""

    path: str
    name: str
    offset: int
    where: str  # "line:column (offset N)"

    def located(self) -> str:
        return f"{self.path}:{self.where}: agency name {self.name!r} is not in the registry"

    def message(self) -> str:
        return self.located() + " (minted from its printed name)"


def body_name(body: NamedBody) -> str:
    """The name a body is resolved by: the carried level prefix put before the printed name."""
    return body.carried + body.printed


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

    def resolution(self, body: NamedBody) -> Resolution:
        """The agency a body of one of this source's notes resolved to (every body has one)."""
        return self.resolutions[body_name(body)]


@dataclass(frozen=True)
class UnregisteredBody:
    """An agency minted from its printed name, with what the sources say of it."""

    agency: Agency
    names: tuple[str, ...]  # as printed, in order of first occurrence
    links: int  # responsibilities naming it
    first: str  # "file:line:column" of its first occurrence


def unregistered_bodies(analyses: list[SourceAnalysis]) -> list[UnregisteredBody]:
    """The bodies neither the registry nor the rules know, the candidates for the registry:
    by kind, then most links first."""
    found: dict[tuple[str, str], dict] = {}
    for a in analyses:
        named = [(b.printed, b.start, a.resolution(b), 1) for f in a.facts for b in f.bodies]
        named += [(name, start, a.resolutions[name], 0) for name, start, _ in a.doc.issuers]
        if a.doc.approved_by:
            name, start, _ = a.doc.approved_by
            named.append((name, start, a.resolutions[name], 0))
        for printed, start, resolution, link in sorted(named, key=lambda n: n[1]):
            if resolution.method != "printed":
                continue
            agency = resolution.agency
            entry = found.setdefault(
                (agency.jurisdiction, agency.id),
                {"agency": agency, "names": {}, "links": 0, "first": ""},
            )
            entry["names"].setdefault(printed, None)
            entry["links"] += link
            if not entry["first"]:
                line_column = position(a.source.text, start).split(" ", 1)[0]
                entry["first"] = f"{Path(a.source.path).name}:{line_column}"
    bodies = [
        UnregisteredBody(e["agency"], tuple(e["names"]), e["links"], e["first"])
        for e in found.values()
    ]
    return sorted(bodies, key=lambda b: (b.agency.kind, -b.links, b.agency.name_zh, b.agency.id))


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

    def record(printed: str, start: int, carried: str = "") -> Resolution:
        """Every name gets an agency; one the registry and the rules do not know is minted
        from its printed form and listed (once per name and place) as unresolved."""
        key = (printed, carried)
        if key not in cache:
            cache[key] = resolver.identify(printed, carried)
        found = cache[key]
        analysis.resolutions[carried + printed] = found
        if found.method == "printed" and (printed, start) not in seen:
            seen.add((printed, start))
            analysis.unresolved.append(Unresolved(path, printed, start, position(text, start)))
        return found

    for f in facts:
        for body in f.bodies:
            record(body.printed, body.start, body.carried)
    for name, start, end in doc.issuers:
        analysis.issuers.append((record(name, start).agency, name, start, end))
    if doc.approved_by:
        name, start, end = doc.approved_by
        analysis.approved_by = (record(name, start).agency, name, start, end)
    analysis.unresolved.sort(key=lambda u: u.offset)
    return analysis
