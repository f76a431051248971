"""Ingest an English plan: find its metadata, sections and tasks, each with its exact character span.

Offsets are Unicode characters into the file as read. Page noise is not cut out of the text
(that would shift every offset) but blanked: the same characters replaced by spaces.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ...model import Ingested, Section, Source, TaskBlock
from ...reading import (
    NOTE_AGENCY,
    TIMESTAMP,
    at_line_start,
    blank,
    find_noise,
    find_note,
    heading_end,
    read_parts,
    squash,
    task_end,
)

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]

LEVEL1 = re.compile(
    r"(?m)^[ \t]*(?P<num>\d{1,2}|[IVX]{1,4})[.．、][ \t]*(?P<label>[A-Za-z][^\n]{0,80}?)[ \t]*$"
)
PART_KINDS = [
    ("general", r"general requirement|overall requirement|guiding (?:ideology|thought)"),
    ("organisational", r"organi[sz]ation|guarantee|safeguard|implementation|assurance|support"),
    ("tasks", r"\btasks?\b|\bactions?\b|\bmeasures\b|\bpriorit"),
]
SECTION = re.compile(r"(?m)^[ \t]*[(（](?P<num>\d{1,2}|[IVXLC]{1,6})[)）][ \t]*")
TASK = re.compile(r"(?<![\w.,/-])(?P<num>\d{1,6})[.．](?!\d)[ \t]*(?=[\"“‘'A-Z(（])")
TITLE_WORD = re.compile(r"\b(?:Plan|Programme|Program|Scheme)\b")
SMALL_WORDS = {"for", "and", "of", "the", "on", "in", "to", "with", "a"}
MONTH_DATE = re.compile(
    r"\b(?P<m>" + "|".join(m.title() for m in MONTHS) + r")\s+(?P<d>\d{1,2})\s*,\s*(?P<y>\d{4})"
)
TARGET_LEAD = re.compile(
    r"(?:(?<=\n)|(?<=^)|(?<=[.。;；]\s)|(?<=[.。;；]))[ \t]*(?:By|Before|Until|To)\s+"
    r"(?:the\s+end\s+of\s+)?(?P<year>20\d\d)\b"
)
APPROVED = re.compile(
    r"approved by (?:the )?(?P<name>[A-Z][^,.;\n]*?)(?=\s*(?:,|\.|;| and (?:is|are|has|have|now)\b))"
)
LINE = re.compile(r"(?m)^[ \t]*(\S[^\n]*?)[ \t]*$")
SENTENCE_END = re.compile(r"[.!?:;](?=\s)")
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def number_value(num: str) -> int:
    """'7' -> 7, 'III' -> 3."""
    if num.isdigit():
        return int(num)
    total = 0
    for i, ch in enumerate(num):
        value = ROMAN[ch]
        total += -value if i + 1 < len(num) and ROMAN[num[i + 1]] > value else value
    return total


def ingest(source: Source) -> Ingested:
    """The structure of an English plan text; a PlanError if it holds no numbered tasks."""
    text = source.text
    noise = find_noise(text)
    clean = blank(text, noise)
    body_start = noise[0][1] if noise and noise[0][0] == 0 else 0
    body_end = len(clean.rstrip())
    result = Ingested(source=source, noise=noise)
    published = TIMESTAMP.search(text, 0, max(body_start, 1)) or TIMESTAMP.search(text[:400])
    if published:
        result.published = "-".join(published.groups())

    parts = find_parts(clean, body_start, body_end)
    first_part = parts[0][1] if parts else body_start
    read_front_matter(clean, body_start, first_part if parts else None, result)
    if not parts:
        parts = [
            ("1", result.title_span[1] if result.title_span else body_start, body_end, "tasks", "")
        ]

    read_parts(result, clean, parts, body_end, TARGET_LEAD, find_items, find_tasks)
    return result


def find_parts(clean: str, start: int, end: int) -> list[tuple[str, int, int, str, str]]:
    """Level-1 parts ("2. Key tasks", "II. Main Tasks"): (number, start, end, kind, label)."""
    heads = []
    expected = 1
    for m in LEVEL1.finditer(clean, start, end):
        label = m.group("label").strip()
        if label.endswith((".", ",", ";")) or len(label.split()) > 8:
            continue
        kind = next((k for k, pat in PART_KINDS if re.search(pat, label, re.I)), None)
        if kind is None and not m.group("num").isalpha():
            continue
        if number_value(m.group("num")) != expected:
            continue
        heads.append((str(expected), m.start("num"), kind or "tasks", label))
        expected += 1
    parts = []
    for i, (number, head_start, kind, label) in enumerate(heads):
        part_end = heads[i + 1][1] if i + 1 < len(heads) else end
        parts.append((number, head_start, part_end, kind, label))
    return parts


def read_front_matter(clean: str, start: int, end: int | None, result: Ingested) -> None:
    """Title, approving body, signature (issuing agencies) and issue date before the plan."""
    stop = end if end is not None else min(len(clean), start + 4000)
    title = find_title(clean, start, stop)
    if title:
        result.title, t_start, t_end = title
        result.title_span = (t_start, t_end)
    notice_end = result.title_span[0] if result.title_span else stop
    approved = APPROVED.search(clean, start, notice_end)
    if approved:
        result.approved_by = (squash(approved.group("name")), *approved.span("name"))
    dates = list(MONTH_DATE.finditer(clean, start, notice_end))
    if not dates:
        return
    date = dates[-1]
    month = MONTHS.index(date.group("m").lower()) + 1
    result.issued = f"{int(date.group('y')):04d}-{month:02d}-{int(date.group('d')):02d}"
    sentence_ends = [m.end() for m in SENTENCE_END.finditer(clean, start, date.start())]
    sig_start = sentence_ends[-1] if sentence_ends else start
    result.issuers = split_signature(clean, sig_start, date.start())


SIGNATURE_BREAK = re.compile(
    r"(?:\b[A-Z][a-z]+\s+Provincial\s|(?<!Provincial\s)(?<!of\s)\b(?=(?:Department|Bureau|Commission"
    r"|Administration|Office)\s+(?:of|for)\s))"
)


def split_signature(clean: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """The issuing bodies printed above the date, split where a new name begins."""
    cuts = sorted({start, end} | {m.start() for m in SIGNATURE_BREAK.finditer(clean, start, end)})
    names = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        for piece in re.finditer(r"[^,，/、;\n]+(?:\n+[^,，/、;\n]+)*", clean[a:b]):
            raw = piece.group()
            lead = len(raw) - len(raw.lstrip(" \n\t"))
            name = squash(raw)
            if len(name) > 3 and re.search(r"[A-Z]", name):
                s = a + piece.start() + lead
                names.append((name, s, s + len(raw.strip(" \n\t"))))
    return names


def find_title(clean: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The last short line naming a plan before the first part, with a lower-case continuation
    line joined ("Henan Provincial Action Plan" + "for Pollution Reduction ... Synergy is to")."""
    best = None
    for m in LINE.finditer(clean, start, end):
        line = m.group(1)
        if (
            TITLE_WORD.search(line)
            and len(line.split()) <= 20
            and not line.endswith((".", ":", "："))
        ):
            best = m
    if not best:
        return None
    t_start, t_end = best.start(1), best.end(1)
    nxt = re.compile(r"\s*([a-z][^\n]*)").match(clean, t_end)
    if nxt and nxt.group(1).split()[0] in SMALL_WORDS:
        words = list(re.finditer(r"\S+", nxt.group(1)))
        last = None
        for w in words:
            token = w.group().strip(",;")
            if token[:1].isupper() or token in SMALL_WORDS:
                last = w
            else:
                break
        while last is not None and last.group() in SMALL_WORDS:
            idx = words.index(last)
            last = words[idx - 1] if idx else None
        if last is not None:
            t_end = nxt.start(1) + last.end()
    return squash(clean[t_start:t_end]), t_start, t_end


def find_tasks(
    clean: str, start: int, end: int, part: str | None, body_end: int
) -> tuple[list[Section], list[TaskBlock]]:
    """Sections "(n)" and tasks numbered 1, 2, 3 ... in order, wherever each number is printed."""
    markers = select_tasks(clean, list(TASK.finditer(clean, start, end)))
    heads = list(SECTION.finditer(clean, start, end))
    sections: list[Section] = []
    section_of: list[tuple[int, str]] = []
    for i, h in enumerate(heads):
        number = str(number_value(h.group("num")))
        if part:
            number = f"{part}.{number}"
        first = next((m for m in markers if m.start() > h.end()), None)
        nxt_head = heads[i + 1].start() if i + 1 < len(heads) else end
        line_end = clean.find("\n", h.end())
        label_end = line_end if line_end >= 0 else end
        if first and first.start() < nxt_head and not at_line_start(clean, first.start()):
            label_end = first.start()
        label = squash(clean[h.end() : label_end]).rstrip(".")
        sections.append(
            Section(number, label, h.start(), len(clean[:label_end].rstrip()), "section", part)
        )
        section_of.append((h.start(), number))
    default_section = part or "0"
    if not heads and not part:
        sections.append(Section("0", "(unsectioned)", start, start, "section"))
    tasks = []
    boundaries = sorted({m.start() for m in markers} | {h.start() for h in heads} | {end})
    strays = stray_numbers(clean, heading_end(clean, start, end) if part else start, end, markers)
    for i, m in enumerate(markers):
        limit = boundaries[bisect_right(boundaries, m.start())]
        stop = task_end(clean, m.start(), limit)
        section = next((n for s, n in reversed(section_of) if s < m.start()), default_section)
        nxt = markers[i + 1] if i + 1 < len(markers) else None
        runs_into_next = bool(
            nxt and limit == nxt.start() and not at_line_start(clean, nxt.start())
        )
        body = m.end()
        tasks.append(
            TaskBlock(
                number=m.group("num"),
                section=section,
                start=m.start(),
                end=stop,
                body_start=body,
                title=short_title(clean, body, stop),
                note=find_note(clean, body, stop),
                runs_into_next=runs_into_next,
                cut_by_noise=limit == end and end >= body_end,
                strays=tuple(strays.get(i, ())),
            )
        )
    return sections, tasks


def stray_numbers(
    clean: str, start: int, end: int, markers: list[re.Match[str]]
) -> dict[int, list[int]]:
    """Lines that start with a task number out of sequence (a paragraph printed twice, the
    numbering shuffled), by the index of the task they are read into: the one printed before
    them, or the first task when they come before it. Each becomes a source defect."""
    chosen = [m.start() for m in markers]
    found: dict[int, list[int]] = {}
    if not chosen:
        return found
    for m in TASK.finditer(clean, start, end):
        if m.start() not in chosen and at_line_start(clean, m.start()):
            found.setdefault(max(bisect_right(chosen, m.start()) - 1, 0), []).append(m.start())
    return found


def select_tasks(clean: str, found: list[re.Match[str]]) -> list[re.Match[str]]:
    """The task numbers 1, 2, 3 ... in printed order, of up to four digits (a plan may number
    1,100 tasks). Where the expected number is printed twice before the next one (a figure
    "2025." inside the text of task 2024), the one at a line's start is the task. Where it is
    never printed again, the count resumes at the next number printed at a line's start, so
    the tasks after the gap are not swallowed by the task before it."""
    by_number: dict[int, list[int]] = {}
    for i, m in enumerate(found):
        by_number.setdefault(int(m.group("num")), []).append(i)
    chosen: list[re.Match[str]] = []
    expected, after = 1, 0  # found[after:] are the candidates still open
    while True:
        own = [i for i in by_number.get(expected, []) if i >= after]
        if not own:
            resume = next(
                (
                    i
                    for i in range(after, len(found))
                    if int(found[i].group("num")) > expected
                    and at_line_start(clean, found[i].start())
                ),
                None,
            )
            if resume is None or not chosen:
                return chosen
            expected = int(found[resume].group("num"))
            continue
        successors = [i for i in by_number.get(expected + 1, []) if i > own[0]]
        window = [i for i in own if i < (successors[0] if successors else len(found))]
        pick = next((i for i in window if at_line_start(clean, found[i].start())), window[0])
        chosen.append(found[pick])
        after, expected = pick + 1, expected + 1


def find_items(clean: str, start: int, end: int, part: str, body_end: int) -> list[TaskBlock]:
    """Organisational items "(1) Strengthen ..." of the last part, numbered G1, G2 ..."""
    heads = list(SECTION.finditer(clean, start, end))
    items = []
    for i, h in enumerate(heads):
        limit = heads[i + 1].start() if i + 1 < len(heads) else end
        stop = task_end(clean, h.start(), limit)
        items.append(
            TaskBlock(
                number=f"G{i + 1}",
                section=part,
                start=h.start(),
                end=stop,
                body_start=h.end(),
                title=short_title(clean, h.end(), stop),
                note=find_note(clean, h.end(), stop),
                cut_by_noise=limit == end and end >= body_end,
            )
        )
    return items


def short_title(clean: str, start: int, end: int) -> str | None:
    """A task's printed title: a first sentence of at most eight words."""
    m = re.compile(r"\s*([^.。\n]{2,80}?)[.。]").match(clean, start, end)
    if m and len(m.group(1).split()) <= 8 and not NOTE_AGENCY.search(m.group(1)):
        return squash(m.group(1))
    return None
