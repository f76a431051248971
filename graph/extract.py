"""Extract: responsibilities, places, sectors, quantities, years and source defects of each task."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from .extract_zh import find_quantities_zh, find_years_zh, fused_notes, parse_note_zh
from .matcher import AliasMatcher, words_key
from .model import Defect, Ingested, Mention, NamedBody, Note, Quantity, TaskBlock, TaskFacts
from .registry import Registry

IsAgency = Callable[[str], bool]

_VERB = r"(?:are|is|shall\s+be|will\s+be)"
_DUTIES = r"(?:responsibilities|duties|labou?r)"
PHRASES = re.compile(
    r"(?P<blanket>[,;.]?\s*(?:and\s+)?(?:the\s+same\s+applies\s+to|this\s+applies\s+to|applies\s+to)"
    r"\s+(?:all\s+)?(?:of\s+)?the\s+(?:following|subsequent)\s+tasks[^,;()]*)"
    r"|(?P<Implementer>\s+" + _VERB + r"\s+responsible\s+for\s+(?:the\s+)?implementation\b[^,;()]*)"
    r"|(?P<CoResponsible>\s+(?:" + _VERB + r"\s+)?(?:jointly\s+)?responsible\s+"
    r"(?:for\s+the\s+division\s+of\s+" + _DUTIES + r"|(?:according\s+to|in\s+accordance\s+with)"
    r"\s+(?:the\s+|their\s+)?(?:division\s+of\s+)?" + _DUTIES + r"(?:\s+and\s+" + _DUTIES + r")?))"
    r"|(?P<Lead>\s+(?:shall\s+|will\s+|is\s+to\s+|are\s+to\s+)?takes?\s+the\s+lead\b)"
    r"|(?P<Cooperating>\s+(?:shall\s+|will\s+)?cooperates?\b)"
    r"|(?P<Supporting>\s+(?:shall\s+|will\s+)?(?:provides?\s+)?supports?(?=\s*(?:[,;.)]|$)))"
    r"|(?P<Solo>\s+" + _VERB + r"\s+responsible\b)"
    r"|(?P<LeadFirst>\b(?:Led\s+by|Under\s+the\s+(?:leadership|lead)\s+of|With\s+the\s+lead\s+of)\s+)"
    r"|(?P<SupportBy>\b(?:with\s+the\s+support\s+of|supported\s+by)\s+)"
    r"|(?P<CooperateWith>\b(?:in\s+cooperation\s+with|with\s+the\s+cooperation\s+of)\s+)",
    re.IGNORECASE,
)
PREFIX_ROLES = {"LeadFirst": "Lead", "SupportBy": "Supporting", "CooperateWith": "Cooperating"}
ETC = re.compile(r"(?:,\s*)?\s*\betc\.?\s*$", re.IGNORECASE)
QUANTITY = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<mult>million|thousand|billion)?\s*"
    r"(?P<unit>steam\s+tons?\s+per\s+hour|steam\s+tons?/hour|tons?\s*/\s*hour|tons?\s+per\s+hour"
    r"|kilowatt[- ]hours?|kwh|kilowatts?|kw|megawatts?|mw|gigawatts?|gw"
    r"|tons?\s+of\s+standard\s+coal|tons?\s+of\s+carbon\s+dioxide(?:\s+equivalent)?|tons?|tonnes?"
    r"|hectares?|square\s+(?:kilo)?met(?:er|re)s?|cubic\s+met(?:er|re)s?|kilomet(?:er|re)s?|km"
    r"|met(?:er|re)s?|percent|per\s+cent|%)(?![A-Za-z])",
    re.IGNORECASE,
)
YEAR = re.compile(
    r"\b(?:by|before|until|in|to|through)\s+(?:the\s+end\s+of\s+)?(?P<year>20[2-9]\d)\b",
    re.IGNORECASE,
)


def extract(doc: Ingested, registry: Registry, is_agency: IsAgency) -> list[TaskFacts]:
    """Facts of every task of one source; blanket clauses are copied onto every later task."""
    text = doc.source.text
    place_matcher, sector_matcher = matchers(registry)
    zh = doc.source.lang == "zh"
    note_parser = parse_note_zh if zh else parse_note
    facts = []
    blanket: list[NamedBody] = []
    for task in doc.tasks:
        f = TaskFacts(task=task)
        ungoverned = False
        own: list[NamedBody] = []
        if task.note:
            own, f.open_list, ungoverned = note_parser(text, task.note, is_agency)
        # Chinese paragraphs can hold several notes ("…（责任单位：A牵头）推进…（…）"): each names
        # bodies of the task; a task whose closing note ingest did not take is read here too
        fused = fused_notes(text, task.body_start, task.note.start if task.note else task.end)
        fused = fused if zh else []
        for note in reversed(fused):
            more, open_list, _ = parse_note_zh(text, note, is_agency)
            own, f.open_list = more + own, f.open_list or open_list
        bodies = [b for b in own if b.applies_here]
        if task.number[0].isdigit():
            bodies += blanket
            blanket += [b for b in own if b.blanket]
        f.bodies = once_each(bodies)
        f.defects = find_defects(text, task, ungoverned, noted=bool(fused))
        body_end = task.note.start if task.note else fused[-1].start if fused else task.end
        f.mentions = find_mentions(text, task.body_start, body_end, "place", place_matcher)
        f.mentions += find_mentions(text, task.body_start, body_end, "sector", sector_matcher)
        if zh:
            f.quantities = find_quantities_zh(text, task.body_start, body_end)
            f.years = find_years_zh(text, task.body_start, body_end)
        else:
            f.quantities = find_quantities(text, task.body_start, body_end)
            f.years = sorted(
                {int(m.group("year")) for m in YEAR.finditer(text, task.body_start, body_end)}
            )
        facts.append(f)
    return facts


def once_each(bodies: list[NamedBody]) -> list[NamedBody]:
    """Each printed name once per role, numbered in order: "各市人民政府负责落实〔本项及以下各项
    任务均需各市人民政府落实〕" states one implementer, not two."""
    seen: set[tuple[str, str]] = set()
    out = []
    for body in bodies:
        if (body.printed, body.role) not in seen:
            seen.add((body.printed, body.role))
            out.append(replace(body, position=len(out) + 1))
    return out


def parse_note(
    text: str, note: Note, is_agency: IsAgency | None = None
) -> tuple[list[NamedBody], bool, bool]:
    """(bodies with roles in printed order, open list?, names left with no role phrase?).

    `is_agency` is not consulted: names are split by their printed words alone."""
    a, b = note.inner(text)
    s = text[a:b]
    # (start, end, role, first name leads) in s; role "" = no phrase governs the names
    slots: list[tuple[int, int, str, bool]] = []
    cursor = 0
    pending: str | None = None
    blanket_after: list[int] = []
    for m in PHRASES.finditer(s):
        kind = m.lastgroup or ""
        if kind == "blanket":
            if s[cursor : m.start()].strip(" ,;.") and slots:
                slots.append((cursor, m.start(), slots[-1][2], False))
            blanket_after.append(len(slots))
            cursor = m.end()
            continue
        if kind in PREFIX_ROLES:
            if s[cursor : m.start()].strip(" ,;."):
                slots.append((cursor, m.start(), "", False))
            pending = PREFIX_ROLES[kind]
            cursor = m.end()
            continue
        lead_first = pending == "Lead"
        role = pending if pending and not lead_first else kind
        slots.append((cursor, m.start(), role, lead_first))
        if "following tasks" in m.group().lower():
            blanket_after.append(len(slots))
        pending = None
        cursor = m.end()
    ungoverned = False
    if s[cursor:].strip(" ,;."):
        lead_first = pending == "Lead"
        slots.append((cursor, len(s), "" if lead_first else pending or "", lead_first))
        ungoverned = pending is None
    open_list = False
    bodies: list[NamedBody] = []
    for index, (start, end, role, lead_first) in enumerate(slots):
        names = split_names(s, start, end)
        if names and ETC.search(s[start:end].rstrip(" ,;")):
            open_list = True
        if role == "Solo":
            role = "Lead" if len(names) == 1 else "CoResponsible"
        blanket = role == "Implementer" and any(index < k for k in blanket_after)
        for i, (n_start, n_end) in enumerate(names):
            bodies.append(
                NamedBody(
                    printed=s[n_start:n_end],
                    start=a + n_start,
                    end=a + n_end,
                    role="Lead" if lead_first and i == 0 else role or "CoResponsible",
                    position=len(bodies) + 1,
                    blanket=blanket,
                )
            )
    return bodies, open_list, ungoverned


def split_names(s: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the agency names in s[start:end]: split at commas, then at the 'and' that
    joins two bodies (names hold 'and' themselves: 'Ecology and Environment')."""
    segment = s[start:end]
    etc = ETC.search(segment)
    if etc:
        segment = segment[: etc.start()]
    spans = []
    for piece in re.finditer(r"[^,;、，；]+", segment):
        p_start, p_end = trim(s, start + piece.start(), start + piece.end())
        if p_start < p_end:
            spans += split_on_and(s, p_start, p_end)
    return spans


LEADING = re.compile(r"(?:\s|and\b|with\b|the\b|by\b)+", re.IGNORECASE)


def trim(s: str, start: int, end: int) -> tuple[int, int]:
    m = LEADING.match(s, start, end)
    if m:
        start = m.end()
    while end > start and s[end - 1] in " \t\n.:;,":
        end -= 1
    return start, end


# the head word of an English body name ("Department of X", "X Commission")
BODY_HEAD = (
    r"(?:Department|Commission|Bureau|Office|Committee|Governments?|Company|Group|Corporation"
    r"|Administration|Ministry|Center|Centre|Bank|Branch|Agency|Authority|Customs|Zone|S[AS]*AC)"
)
HAS_HEAD = re.compile(rf"\b{BODY_HEAD}\b")
# a body name begins here: a determiner or level word, or its head word among its first
# capitalised words (no "and" between)
BEGINS_BODY = re.compile(
    r"(?:the|Provincial|Municipal|Prefectural|City|County|District|State|National|Autonomous"
    rf"|Regional)\b|(?:[A-Z][\w'-]*\s+){{0,3}}?{BODY_HEAD}\b"
)


def split_on_and(s: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split at an "and" that joins two bodies, read from the words alone: the left side has a
    head word and the right side begins like a body ("... of Ecology and Environment" stays
    whole; "... of Housing and Urban-Rural Construction and Provincial Department of ..." splits
    once, before "Provincial")."""
    for m in re.finditer(r"\s+and\s+", s[start:end]):
        left = trim(s, start, start + m.start())
        right = trim(s, start + m.end(), end)
        if (
            left[0] < left[1]
            and right[0] < right[1]
            and HAS_HEAD.search(s, left[0], left[1])
            and BEGINS_BODY.match(s, right[0], right[1])
        ):
            return [left, *split_on_and(s, right[0], right[1])]
    return [(start, end)]


def find_defects(text: str, task: TaskBlock, ungoverned: bool, noted: bool = False) -> list[Defect]:
    """What is visibly broken: text merged into the next task, text lost before the note, a note
    cut off, lost at its start, or missing. Nothing is repaired."""
    n = task.id
    defects = []
    note = task.note
    if task.runs_into_next:
        tail_start = max(task.body_start, task.end - 60)
        defects.append(
            Defect(
                "merged task",
                f"task {n} breaks off mid-sentence ('…{squash(text[tail_start : task.end])}') and "
                "runs straight into the next task's number; the rest of its text is lost",
                task.start,
                task.end,
            )
        )
    for stray in task.strays:
        line_end = text.find("\n", stray, max(task.end, stray))
        line_end = line_end if line_end >= 0 else max(task.end, stray + 1)
        inside = task.start < stray < task.end
        where = "inside the text of" if inside else "before" if stray < task.start else "after"
        defects.append(
            Defect(
                "merged task",
                f"a paragraph numbered out of sequence ('{squash(text[stray : stray + 60])}…') is "
                f"printed {where} task {n} and read as no task of its own",
                stray,
                line_end,
            )
        )
    if note and not note.opened:
        body = text[task.body_start : note.start].strip()
        if not body:
            defects.append(
                Defect(
                    "lost text",
                    f"task {n} prints no text of its own: only the end of its responsibility note",
                    task.start,
                    task.end,
                )
            )
        defects.append(
            Defect(
                "truncated responsibility note",
                f"the note of task {n} has lost its opening bracket and the names before "
                f"'{squash(text[note.start : note.start + 40])}…'; any lead it named is unknown",
                note.start,
                note.end,
            )
        )
    elif note and not note.closed and ungoverned:
        defects.append(
            Defect(
                "truncated responsibility note",
                f"the note of task {n} breaks off mid-list "
                f"('…{squash(text[max(note.start, note.end - 40) : note.end])}'), its bracket never "
                "closes and the roles of the names it prints are not stated",
                note.start,
                note.end,
            )
        )
    if note is None and not noted:  # noted: a note was read inside the paragraph
        why = (
            "the text is cut off by page noise (a paywall) before any note"
            if task.cut_by_noise
            else "the text ends without a bracketed note naming responsible agencies"
        )
        if task.runs_into_next:
            why = "the note was lost where the text runs into the next task"
        defects.append(
            Defect(
                "missing responsibility note",
                f"task {n} has no responsibility note: {why}",
                task.start,
                task.end,
            )
        )
    return defects


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def matchers(registry: Registry) -> tuple[AliasMatcher, AliasMatcher]:
    """Place and sector matchers, built once per registry. Sector labels are ordinary words
    ("Energy", "Water"), so only their curated aliases are matched."""
    if "matchers" not in registry.cache:
        places = {p.id: (*p.aliases, p.name_en, p.name_zh) for p in registry.places.values()}
        sectors = {s.id: (*s.aliases_en, *s.aliases_zh) for s in registry.sectors.values()}
        registry.cache["matchers"] = (AliasMatcher.build(places), AliasMatcher.build(sectors))
    return registry.cache["matchers"]


COORDINATED = re.compile(
    r"\b(?P<first>eastern|western|northern|southern|central|east|west|north|south)\s+and\s+"
    r"(?:eastern|western|northern|southern|central|east|west|north|south)\s+(?P<name>[A-Z][a-z]+)\b"
)


def find_mentions(
    text: str, start: int, end: int, kind: str, matcher: AliasMatcher
) -> list[Mention]:
    """Every registry spelling named in text[start:end], longest first; "eastern and southern
    Henan" names eastern Henan too (unless the whole phrase is a place of its own)."""
    if start >= end:
        return []
    found = [Mention(kind, ref, text[s:e], s, e) for ref, s, e in matcher.find(text, start, end)]
    if kind == "place":
        for m in COORDINATED.finditer(text, start, end):
            ref = matcher.latin.get(words_key(f"{m.group('first')} {m.group('name')}"))
            if ref and not any(f.start <= m.start() and f.end >= m.end() for f in found):
                found.append(Mention(kind, ref, m.group(), m.start(), m.end()))
        found.sort(key=lambda f: (f.start, f.end))
    return found


def find_quantities(text: str, start: int, end: int) -> list[Quantity]:
    out = []
    for m in QUANTITY.finditer(text, start, end):
        before = text[max(start, m.start() - 1) : m.start()]
        if before and (before.isalnum() or before in ".-"):
            continue
        value = m.group("num").replace(",", "")
        mult = (m.group("mult") or "").lower()
        if mult:
            from decimal import Decimal

            factor = {"thousand": 10**3, "million": 10**6, "billion": 10**9}[mult]
            value = format((Decimal(value) * factor).normalize(), "f")
        unit = (
            squash(m.group("unit")).lower().replace("tonnes", "tons").replace("per cent", "percent")
        )
        out.append(Quantity(value, unit, squash(m.group()), m.start(), m.end()))
    return out
