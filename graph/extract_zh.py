"""Chinese responsibility notes ("X牵头，A、B等按职责分工负责"), thresholds and target years."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from .model import NamedBody, Note, Quantity

IsAgency = Callable[[str], bool]

CLAUSE_BREAKS = "，,；;。〔〕[]【】"
# a clause ends in the phrase that gives its names their role; first match wins
ROLE_ENDINGS = [
    ("Lead", re.compile(r"(?:共同)?牵头(?:负责|落实|推进)?$")),
    (
        "CoResponsible",
        re.compile(
            r"(?:按|根据|依据)(?:各自)?职责(?:分工)?(?:负责|落实|推进)?$|分工负责$|共同负责$|参与$"
        ),
    ),
    ("Implementer", re.compile(r"(?:负责|抓好|组织)?(?:落实|实施)$")),
    ("Cooperating", re.compile(r"(?:配合|协助|协同)$")),
    ("Supporting", re.compile(r"支持$")),
    ("Solo", re.compile(r"负责$")),
]
BLANKET = re.compile(r"以下(?:各项)?(?:任务|工作)|本项及以下")
BLANKET_NAMES = re.compile(
    r"(?:均需|均由|需|由)(?P<names>.+?)(?:负责|抓好|组织)?(?:落实|实施|完成)"
)
NOT_NAMES = re.compile(r"^(?:不再一一列出|不再逐一列出|下同)$")
CONJUNCTION = re.compile(r"[和及与]")

QUANTITY = re.compile(
    r"(?P<num>\d+(?:\.\d+)?)\s*(?P<mult>万|亿)?\s*"
    r"(?P<unit>蒸吨/小时|吨/小时|千瓦时|千瓦|兆瓦|吨标准煤|吨标煤|吨当量二氧化碳|吨二氧化碳|吨|公顷|亩|平方米|立方米|公里|千米|米|%|％)"
)
UNITS = {
    "蒸吨/小时": "steam tons per hour",
    "吨/小时": "tons/hour",
    "千瓦时": "kilowatt-hours",
    "千瓦": "kilowatts",
    "兆瓦": "megawatts",
    "吨标准煤": "tons of standard coal",
    "吨标煤": "tons of standard coal",
    "吨当量二氧化碳": "tons of carbon dioxide equivalent",
    "吨二氧化碳": "tons of carbon dioxide",
    "吨": "tons",
    "公顷": "hectares",
    "亩": "mu",
    "平方米": "square meters",
    "立方米": "cubic meters",
    "公里": "kilometers",
    "千米": "kilometers",
    "米": "meters",
    "%": "%",
    "％": "%",
}
YEAR = re.compile(
    r"(?:(?:到|至|于|在|力争|确保)(?P<year>20[2-9]\d)年|(?P<before>20[2-9]\d)年(?:底|末)?(?:前|以前))"
)


def parse_note_zh(text: str, note: Note, is_agency: IsAgency) -> tuple[list[NamedBody], bool, bool]:
    """(bodies with roles in printed order, open list?, names left with no role phrase?)."""
    a, b = note.inner(text)
    bodies: list[NamedBody] = []
    open_list = False
    ungoverned = False
    for c_start, c_end in outside_brackets(text, a, b, CLAUSE_BREAKS):
        words = text[c_start:c_end].strip()
        if not words or NOT_NAMES.match(words):
            continue
        blanket = bool(BLANKET.search(words))
        if blanket:
            m = BLANKET_NAMES.search(text, c_start, c_end)
            if not m:
                continue
            role, n_start, n_end = "Implementer", m.start("names"), m.end("names")
        else:
            role, n_start, n_end = "", c_start, c_end
            for name, pattern in ROLE_ENDINGS:
                ending = pattern.search(text, c_start, c_end)
                if ending:
                    role, n_end = name, ending.start()
                    break
        while n_end > n_start and text[n_end - 1] in " 　":
            n_end -= 1
        if text[n_end - 1 : n_end] == "等":
            open_list = True
            n_end -= 1
        names = split_names_zh(text, n_start, n_end, is_agency)
        if not role:
            ungoverned = True
        if role == "Solo":
            role = "Lead" if len(names) == 1 else "CoResponsible"
        for s, e in names:
            bodies.append(
                NamedBody(
                    printed=text[s:e],
                    start=s,
                    end=e,
                    role=role or "CoResponsible",
                    position=len(bodies) + 1,
                    blanket=blanket,
                    applies_here=not blanket or "本项" in words,
                )
            )
    return bodies, open_list, ungoverned


def split_names_zh(text: str, start: int, end: int, is_agency: IsAgency) -> list[tuple[int, int]]:
    """Names separated by 、; a 和/及/与 splits only where both sides are agencies
    (省工业和信息化厅 keeps its 和)."""
    spans = []
    for s, e in outside_brackets(text, start, end, "、"):
        while s < e and text[s] in " 　":
            s += 1
        if s < e:
            spans += split_on_conjunction(text, s, e, is_agency)
    return spans


def outside_brackets(text: str, start: int, end: int, separators: str) -> list[tuple[int, int]]:
    """Pieces of text[start:end] between separators that are not inside （） brackets:
    clauses of a note, or names (各县（市、区）政府 is one name)."""
    pieces, depth, piece_start = [], 0, start
    for i in range(start, end):
        depth += text[i] in "（("
        depth -= text[i] in "）)"
        if text[i] in separators and depth == 0:
            pieces.append((piece_start, i))
            piece_start = i + 1
    pieces.append((piece_start, end))
    return [(s, e) for s, e in pieces if s < e]


def split_on_conjunction(
    text: str, start: int, end: int, is_agency: IsAgency
) -> list[tuple[int, int]]:
    if is_agency(text[start:end]):
        return [(start, end)]
    for m in CONJUNCTION.finditer(text, start, end):
        if is_agency(text[start : m.start()]):
            rest = split_on_conjunction(text, m.end(), end, is_agency)
            if all(is_agency(text[x:y]) for x, y in rest):
                return [(start, m.start()), *rest]
    return [(start, end)]


def find_quantities_zh(text: str, start: int, end: int) -> list[Quantity]:
    out = []
    for m in QUANTITY.finditer(text, start, end):
        value = Decimal(m.group("num"))
        if m.group("mult"):
            value *= 10_000 if m.group("mult") == "万" else 100_000_000
        unit = UNITS[m.group("unit")]
        out.append(Quantity(format(value.normalize(), "f"), unit, m.group(), m.start(), m.end()))
    return out


def find_years_zh(text: str, start: int, end: int) -> list[int]:
    return sorted(
        {int(m.group("year") or m.group("before")) for m in YEAR.finditer(text, start, end)}
    )
