"""Run the stages over plan texts: ingest, extract and resolve each source, then collect."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from pathlib import Path

from .divisions import Jurisdiction, find_jurisdiction, front_lines, given_jurisdiction
from .errors import PlanError, position
from .extract import extract
from .lang import LANGUAGES, detect_language
from .model import Ingested, NamedBody, Source, TaskBlock, TaskFacts
from .reading import original_of
from .registry import UNKNOWN_ID, Agency, Registry
from .resolve import Resolution, Resolver


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
    warnings: list[str] = field(default_factory=list)  # one line each, naming the file

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


def detect_jurisdiction(doc: Ingested, registry: Registry) -> Jurisdiction:
    """The division whose plan this is, from its title, letterhead, issuers or notes."""
    text = doc.source.text
    front = front_lines(text, doc.title_span, [name for name, _, _ in doc.issuers])
    return find_jurisdiction(doc.title, front, text, registry)


def nearest_places(wanted: str, registry: Registry) -> str:
    """'; did you mean zhengzhou?' for a misspelt --jurisdiction, else the ids' format."""
    ids = sorted({*registry.places, *registry.divisions})
    close = difflib.get_close_matches(wanted.strip().casefold(), ids, n=3, cutoff=0.75)
    if close:
        return f"; did you mean {' or '.join(sorted(close))}?"
    return " (lower-case ids such as henan, zhengzhou, china, codes such as 410000, or names)"


def analyse(
    path: str,
    text: str,
    registry: Registry,
    plan_id: str,
    jurisdiction: str | None = None,
) -> SourceAnalysis:
    language = LANGUAGES[detect_language(text)]
    # read in the language's copy of the text (a traditional one in simplified characters)
    matched = language.readable(text)
    source = Source(path=path, text=matched, lang=language.code, plan_id=plan_id)
    doc = language.ingest(source)
    warnings = []
    if jurisdiction:
        jur = given_jurisdiction(jurisdiction, registry, path)
        if jur is None:
            raise PlanError(
                path,
                f"unknown jurisdiction {jurisdiction!r}: not a place id, division code or name "
                f"in data/registries/places.csv or divisions.csv{nearest_places(jurisdiction, registry)}",
            )
    else:
        found = detect_jurisdiction(doc, registry)
        jur = found.place or UNKNOWN_ID
        if found.warning:
            warnings.append(
                f"{path}: {found.warning}; built with jurisdiction {jur} "
                "(pass --jurisdiction with a place id, name or division code)"
            )
    # one resolver and one memo per jurisdiction: a corpus repeats the same names thousands of times
    resolver, cache = registry.cache.setdefault(("resolver", jur), (Resolver(registry, jur), {}))

    def resolve(name: str) -> Resolution | None:
        if name not in cache:
            cache[name] = resolver.resolve(name)
        return cache[name]

    facts = extract(doc, registry, lambda name: resolve(name) is not None)
    analysis = SourceAnalysis(
        source=source, doc=doc, facts=facts, jurisdiction=jur, warnings=warnings
    )
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
    if matched is not text:
        quote_original(analysis, text)
    return analysis


def quote_original(analysis: SourceAnalysis, original: str) -> None:
    """Put the original characters back into everything read out of the simplified copy: the
    source text, titles, labels, printed names; offsets are the same in both."""
    matched, doc = analysis.source.text, analysis.doc
    resolutions: dict[str, Resolution] = {}

    def back(read: str, start: int, end: int) -> str:
        found = original_of(read, start, end, matched, original)
        if read in analysis.resolutions:
            resolutions[found] = analysis.resolutions[read]
        return found

    def title(t: TaskBlock) -> TaskBlock:
        return replace(t, title=t.title and back(t.title, t.start, t.end))

    analysis.source = doc.source = replace(analysis.source, text=original)
    if doc.title and doc.title_span:
        doc.title = back(doc.title, *doc.title_span)
    doc.sections = [replace(s, label=back(s.label, s.start, s.end)) for s in doc.sections]
    doc.tasks = [title(t) for t in doc.tasks]
    doc.issuers = [(back(n, a, b), a, b) for n, a, b in doc.issuers]
    analysis.issuers = [(ag, back(n, a, b), a, b) for ag, n, a, b in analysis.issuers]
    if doc.approved_by:
        name, a, b = doc.approved_by
        doc.approved_by = (back(name, a, b), a, b)
    if analysis.approved_by:
        ag, n, a, b = analysis.approved_by
        analysis.approved_by = (ag, back(n, a, b), a, b)
    for f in analysis.facts:
        f.task = title(f.task)
        bodies = [replace(b, printed=back(b.printed, b.start, b.end)) for b in f.bodies]
        for read, quoted in zip(f.bodies, bodies, strict=True):  # keyed with the carried prefix
            resolutions[body_name(quoted)] = analysis.resolutions[body_name(read)]
        f.bodies = bodies
        f.mentions = [replace(m, printed=back(m.printed, m.start, m.end)) for m in f.mentions]
        f.quantities = [replace(q, printed=back(q.printed, q.start, q.end)) for q in f.quantities]
    analysis.resolutions = resolutions
    analysis.unresolved = [
        replace(u, name=back(u.name, u.offset, min(len(original), u.offset + 2 * len(u.name) + 8)))
        for u in analysis.unresolved
    ]
