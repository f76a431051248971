"""Jurisdiction: which of China's administrative divisions a plan belongs to.

Read, in this order: the places its title names (the owner, "河南省郑州市…" -> Zhengzhou); else the
letterhead and issuer lines; else, for a plan whose notes name national bodies only (…部, 国家…,
…总局) or that is addressed to every province, the national jurisdiction. Names come from
divisions.csv (every province, prefecture and county, with short forms) and places.csv, whose
ids are the same. Pure functions: the registry is the only input besides the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import PlanError
from .registry import CJK, Registry
from .resolve import NATIONAL_ID

NATIONAL_PLAN = re.compile(
    r"各省、自治区、直辖市|国务院各部委|国务院有关部委|经国务院同意|"
    r"provinces, autonomous regions and municipalities|ministries and commissions of the State Council",
    re.IGNORECASE,
)
# a title whose issuer, printed before any place, is a central body: "国务院关于支持贵州…"
NATIONAL_ISSUER = re.compile(
    r"国务院|中共中央|全国人大|(?<![委省市县区])部(?:等|关于|联合|、)|总局|总署"
)
# a printed name that is its own owner ("河南省", "甘孜州"), or one followed by its government
OWNER_AFTER = re.compile(r"\s*(?:人民政府|政府|党委|委员会|省|市|区|县|州|盟|旗)")
LEAD = re.compile(r"\s*(?:关于印发|关于|印发)?[《〈“\"]?")  # what may precede a title's owner
LEVEL_END = ("省", "市", "区", "县", "州", "盟", "旗")
NOTE = re.compile(r"[（(]([^（）()\n]{2,400})[）)]")
NOTE_VERB = re.compile(r"牵头|负责|配合|参与|参加|支持|落实|\blead|responsib|cooperat", re.I)
NAME_TAIL = re.compile(
    r"(?:按职责分工负责|按职能分工负责|按职责分工落实|按职责|分工|负责|牵头|配合|参与|参加|支持|落实|"
    r"等部门|等单位|等)+$"
)
NATIONAL_BODY = re.compile(
    r"^(?:国家|国务院|中共中央|中央)|(?<!委)部$|总局$|总署$|"
    r"\b(?:Ministry of|National|State (?:Administration|Council|Bureau))\b"
)
LOCAL_BODY = re.compile(
    r"^(?:省|自治区|市|区|县|州|盟|旗)|\b(?:Provincial|Province|Municipal|City|County|District)\b"
)
NAME_SPLIT = re.compile(r"[、，,；;]|\band\b")
RANK = {"province": 0, "prefecture": 1, "county": 2}


@dataclass(frozen=True)
class Jurisdiction:
    """What a plan's text says of its jurisdiction: a place id (None when nothing tells) and,
    where it tells none, the warning to print."""

    place: str | None
    warning: str = ""


@dataclass(frozen=True)
class Named:
    start: int
    end: int
    ids: tuple[str, ...]
    owner: bool


@dataclass
class Gazetteer:
    """Chinese spellings of every division and curated place -> their ids, with the tree."""

    names: dict[str, tuple[str, ...]]
    parent: dict[str, str]
    rank: dict[str, int]
    code: dict[str, str]  # division code -> id
    english: list[tuple[str, str]]  # (folded English name, id), longest first
    longest: int

    def ancestors(self, pid: str) -> list[str]:
        chain = []
        while pid in self.parent and self.parent[pid] and self.parent[pid] not in chain:
            pid = self.parent[pid]
            chain.append(pid)
        return chain


def gazetteer(registry: Registry) -> Gazetteer:
    """The registry's gazetteer, built once per registry."""
    if "gazetteer" in registry.cache:
        return registry.cache["gazetteer"]
    names: dict[str, set[str]] = {}
    parent: dict[str, str] = {}
    rank: dict[str, int] = {}

    def add(spelling: str, pid: str) -> None:
        if len(spelling) >= 2 and CJK.search(spelling):
            names.setdefault(spelling, set()).add(pid)

    for d in registry.divisions.values():
        parent[d.id], rank[d.id] = d.parent, RANK[d.level]
        for spelling in (d.name_zh, *d.aliases):
            add(spelling, d.id)
    places = [*registry.provinces()]
    places += [p for p in registry.places.values() if p.type in ("City", "County")]
    english = []
    for p in places:
        parent.setdefault(p.id, p.parent)
        rank.setdefault(p.id, 0 if p.type == "Region" else 1 if p.type == "City" else 2)
        for spelling in (p.name_zh, p.name_zh.rstrip("省市"), *p.aliases):
            add(spelling, p.id)
        for spelling in (re.sub(r"\s+Province$", "", p.name_en), *p.aliases):
            if spelling and not CJK.search(spelling):
                english.append((spelling.casefold(), p.id))
    found = Gazetteer(
        names={k: tuple(sorted(v)) for k, v in names.items()},
        parent=parent,
        rank=rank,
        code={d.code: d.id for d in registry.divisions.values()},
        english=sorted(set(english), key=lambda x: (-len(x[0]), x)),
        longest=max((len(k) for k in names), default=0),
    )
    registry.cache["gazetteer"] = found
    return found


def named_places(text: str, gaz: Gazetteer) -> list[Named]:
    """Every division name in a short text, leftmost-longest, not overlapping."""
    found, i = [], 0
    while i < len(text):
        for size in range(min(gaz.longest, len(text) - i), 1, -1):
            ids = gaz.names.get(text[i : i + size])
            if ids:
                owner = text[i + size - 1] in LEVEL_END or bool(OWNER_AFTER.match(text, i + size))
                found.append(Named(i, i + size, ids, owner))
                i += size
                break
        else:
            i += 1
    return found


def narrowed(chain: list[Named], gaz: Gazetteer) -> tuple[int, set[str]]:
    """The places a run of adjacent names can mean, the last nested in the one before
    ("天津市滨海新区" -> the district), and where the run starts."""
    candidates = set(chain[0].ids)
    for named in chain[1:]:
        below = {c for c in named.ids if candidates & set(gaz.ancestors(c))}
        if not below:
            break
        candidates = below
    return chain[0].start, candidates


def runs(found: list[Named], text: str) -> list[list[Named]]:
    out: list[list[Named]] = []
    for named in found:
        if out and not text[out[-1][-1].end : named.start].strip():
            out[-1].append(named)
        else:
            out.append([named])
    return out


def place_in(text: str, gaz: Gazetteer, context: str = "") -> tuple[set[str], int] | None:
    """The places a title or line names as its owner: the first run of names that owns the
    text (a full name, or a name followed by its government), else a short form that opens it
    (天津减污降碳…); with the offset where it starts."""
    found = named_places(text, gaz)
    lead = LEAD.match(text).end()
    all_runs = [r for r in runs(found, text) if r[-1].owner or r[0].owner or r[0].start == lead]
    if not all_runs:
        return None  # a bare short form inside the text is a word: 朝阳产业, 安康
    chosen = next((r for r in all_runs if r[-1].owner or r[0].owner), all_runs[0])
    start, candidates = narrowed(chosen, gaz)
    return disambiguated(candidates, gaz, context), start


def disambiguated(candidates: set[str], gaz: Gazetteer, context: str) -> set[str]:
    """Of places sharing a name, those whose province or city the context also names, else
    those of the highest level (吉林 alone is the province)."""
    if len(candidates) <= 1:
        return candidates
    if context:
        named = {i for n in named_places(context, gaz) for i in n.ids}
        backed = {c for c in candidates if named & set(gaz.ancestors(c))}
        if backed:
            candidates = backed
    top = min(gaz.rank.get(c, 9) for c in candidates)
    return {c for c in candidates if gaz.rank.get(c, 9) == top}


def most_backed(candidates: set[str], gaz: Gazetteer, text: str) -> str | None:
    """Of places sharing a name, the one whose province or city the text names most often
    (长安区 in a text that names 西安市 is Xi'an's), if one does."""
    counts: dict[str, int] = {}
    for named in named_places(text, gaz):
        if len(named.ids) == 1:
            counts[named.ids[0]] = counts.get(named.ids[0], 0) + 1
    score = {
        c: sum(counts.get(a, 0) for a in gaz.ancestors(c) if a != NATIONAL_ID) for c in candidates
    }
    best = max(score.values(), default=0)
    winners = [c for c, n in score.items() if n == best]
    return winners[0] if best and len(winners) == 1 else None


def english_owner(title: str, gaz: Gazetteer) -> str | None:
    """The province or city an English title names: one followed by "Provincial",
    "Municipal" ... first, else the first named."""
    found = []
    for name, pid in gaz.english:
        m = re.search(rf"(?<![A-Za-z]){re.escape(name)}(?![a-z])", title, re.IGNORECASE)
        if m:
            owner = re.match(
                r"\s*(?:Provincial|Province|Municipal|Municipality|City)", title[m.end() :]
            )
            found.append((0 if owner else 1, m.start(), pid))
    return min(found)[2] if found else None


def national_notes(text: str) -> bool:
    """Whether the responsibility notes name national bodies (…部, 国家…, …总局) and no
    local ones (省…, 自治区…, 市…): the notes of a plan the ministries issue."""
    national = local = 0
    for note in NOTE.finditer(text):
        if not NOTE_VERB.search(note.group(1)):
            continue
        for name in NAME_SPLIT.split(note.group(1)):
            name = NAME_TAIL.sub("", re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", name))
            if NATIONAL_BODY.search(name):  # first: 市场监管总局 is national
                national += 1
            elif LOCAL_BODY.search(name):
                local += 1
    return national > 0 and local == 0


def ambiguous(places: set[str], where: str) -> str:
    return f"{where} names one of {', '.join(sorted(places))}, which share the name"


def find_jurisdiction(
    title: str | None, front: list[str], text: str, registry: Registry
) -> Jurisdiction:
    """A plan's jurisdiction from its title, else its front lines (letterhead, issuers), else
    its notes. `front` are the lines printed around the title; `text` the whole plan."""
    gaz = gazetteer(registry)
    context = "\n".join(front)
    title = title or ""
    if title and not CJK.search(title):
        pid = english_owner(title, gaz)
        if pid:
            return Jurisdiction(pid)
    else:
        found = place_in(title, gaz, context)
        if found and NATIONAL_ISSUER.search(title[: found[1]]):
            return Jurisdiction(NATIONAL_ID)
        if found and len(found[0]) == 1:
            return Jurisdiction(next(iter(found[0])))
        if found:
            backed = most_backed(found[0], gaz, text)
            if backed:
                return Jurisdiction(backed)
            return Jurisdiction(None, ambiguous(found[0], "the title"))
    for line in front:
        found = place_in(line, gaz, context)
        if found and len(found[0]) == 1:
            return Jurisdiction(next(iter(found[0])))
    if NATIONAL_PLAN.search(text) or national_notes(text):
        return Jurisdiction(NATIONAL_ID)
    return Jurisdiction(None, "its title, letterhead and notes name no jurisdiction")


def given_jurisdiction(wanted: str, registry: Registry, path: str) -> str | None:
    """The place id a user's --jurisdiction means: an id, a division code (120000 or its
    12-digit form), or a name (天津, 天津市, Tianjin); None for none of them."""
    key = wanted.strip()
    if registry.place(key):
        return key
    gaz = gazetteer(registry)
    if re.fullmatch(r"\d{6}(?:0{6})?", key):
        return gaz.code.get(key[:6])
    folded = key.casefold()
    ids = set(gaz.names.get(key, ()))
    ids |= {pid for name, pid in gaz.english if name == folded}
    ids |= {d.id for d in registry.divisions.values() if d.name_en.casefold() == folded}
    top = disambiguated(ids, gaz, "")
    if len(top) > 1:
        raise PlanError(
            path,
            f"--jurisdiction {wanted!r} names several places; pass one id: {', '.join(sorted(top))}",
        )
    return next(iter(top), None)


def front_lines(text: str, title_span: tuple[int, int] | None, issuers: list[str]) -> list[str]:
    """The lines a plan prints before its title (its letterhead), or its first lines where no
    title was found, then its issuer lines; '#' provenance lines are not the plan's."""
    end = title_span[0] if title_span else len(text)
    lines = [
        line.strip()
        for line in text[:end].splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    return [*lines[:8], *issuers]
