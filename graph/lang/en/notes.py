"""English responsibility notes ("The Provincial Department of X takes the lead, ... cooperate"),
quantities and target years, and the rules that split a list of English names."""

from __future__ import annotations

import re
from decimal import Decimal

from ...model import IsAgency, NamedBody, Note, Quantity
from ...reading import squash

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
COORDINATED = re.compile(
    r"\b(?P<first>eastern|western|northern|southern|central|east|west|north|south)\s+and\s+"
    r"(?:eastern|western|northern|southern|central|east|west|north|south)\s+(?P<name>[A-Z][a-z]+)\b"
)
YEAR = re.compile(
    r"\b(?:by|before|until|in|to|through)\s+(?:the\s+end\s+of\s+)?(?P<year>20[2-9]\d)\b",
    re.IGNORECASE,
)


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
# a body name begins here: a determiner, a level word (after a place's name: "Inner Mongolia
# Autonomous Region Provincial ..."), or its head word among its first capitalised words (no
# "and" between)
BEGINS_BODY = re.compile(
    r"(?:the\b|(?:[A-Z][\w'-]*\s+){0,4}?(?:Provincial|Municipal|Prefectural|City|County|District"
    rf"|State|National|Autonomous|Regional)\b)|(?:[A-Z][\w'-]*\s+){{0,3}}?{BODY_HEAD}\b"
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


def find_quantities(text: str, start: int, end: int) -> list[Quantity]:
    out = []
    for m in QUANTITY.finditer(text, start, end):
        before = text[max(start, m.start() - 1) : m.start()]
        if before and (before.isalnum() or before in ".-"):
            continue
        value = m.group("num").replace(",", "")
        mult = (m.group("mult") or "").lower()
        if mult:
            factor = {"thousand": 10**3, "million": 10**6, "billion": 10**9}[mult]
            value = format((Decimal(value) * factor).normalize(), "f")
        unit = (
            squash(m.group("unit")).lower().replace("tonnes", "tons").replace("per cent", "percent")
        )
        out.append(Quantity(value, unit, squash(m.group()), m.start(), m.end()))
    return out


def find_years(text: str, start: int, end: int) -> list[int]:
    """The target years a task's text names ("by 2025", "before the end of 2030")."""
    return sorted({int(m.group("year")) for m in YEAR.finditer(text, start, end)})


def coordinated_places(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Places printed coordinated: "eastern and southern Henan" names "eastern Henan" (the
    words to look up, the span of the whole phrase)."""
    return [
        (f"{m.group('first')} {m.group('name')}", m.start(), m.end())
        for m in COORDINATED.finditer(text, start, end)
    ]
