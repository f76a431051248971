"""Ingest a Chinese plan: headings 一、 / （一） / 1. / 1． / 1、, titles, G items, with spans."""

from __future__ import annotations

import re

from .ingest import (
    TIMESTAMP,
    at_line_start,
    blank,
    find_noise,
    find_note,
    read_parts,
    squash,
    task_end,
)
from .model import Ingested, Section, Source, TaskBlock

NUMERALS = {ch: i for i, ch in enumerate("一二三四五六七八九", 1)}
SPACE = r"[ \t\u3000]"
LEVEL1 = re.compile(
    rf"(?m)^{SPACE}*(?P<num>[一二三四五六七八九十]{{1,3}})[、.．]{SPACE}*(?P<label>[^\n。]{{1,30}}?){SPACE}*$"
)
PART_KINDS = [
    ("general", r"总体要求|指导思想|总体思路|基本原则|总体目标"),
    ("organisational", r"组织保障|保障措施|组织实施|组织领导|工作要求|实施保障|保障机制|工作保障"),
    ("tasks", r"任务|行动|举措|重点工作|主要工作|措施|工作"),
]
SECTION = re.compile(rf"(?m)^{SPACE}*[（(](?P<num>[一二三四五六七八九十]{{1,3}})[）)]{SPACE}*")
# "1.加强", "1．加强", "1、加强", and "1持续增强" where the full stop was lost in copying
TASK = re.compile(
    rf"(?m)^{SPACE}*(?P<num>\d{{1,3}})(?:{SPACE}*[.．、]|(?=[\u4e00-\u9fff]))(?!\d){SPACE}*"
)
TITLE_WORDS = re.compile(r"方案|计划|规划|意见|措施|办法|要点|纲要")
DATE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
APPROVED = re.compile(r"经(?P<name>[^，。、\n]{2,40}?)(?:审议)?(?:研究)?同意")
TARGET_LEAD = re.compile(
    r"(?:(?<=\n)|(?<=^)|(?<=。))[ \t\u3000]*(?:到|至|力争到|预计到)(?P<year>20\d\d)年"
)


def chinese_number(num: str) -> int:
    """'二十九' -> 29, '十' -> 10, '七' -> 7."""
    if "十" not in num:
        return NUMERALS[num]
    tens, _, ones = num.partition("十")
    return (NUMERALS[tens] if tens else 1) * 10 + (NUMERALS[ones] if ones else 0)


def ingest_zh(source: Source) -> Ingested:
    text = source.text
    noise = find_noise(text)
    clean = blank(text, noise)
    body_start = noise[0][1] if noise and noise[0][0] == 0 else 0
    body_end = len(clean.rstrip())
    result = Ingested(source=source, noise=noise)
    stamp = TIMESTAMP.search(text, 0, max(body_start, 400))
    if stamp:
        result.published = "-".join(stamp.groups())
    parts = find_parts(clean, body_start, body_end)
    read_front_matter(clean, body_start, parts[0][1] if parts else body_end, result)
    if not parts:
        start = result.title_span[1] if result.title_span else body_start
        parts = [("1", start, body_end, "tasks", "")]
    read_parts(result, clean, parts, body_end, TARGET_LEAD, find_items, find_tasks)
    return result


def find_parts(clean: str, start: int, end: int) -> list[tuple[str, int, int, str, str]]:
    heads = []
    expected = 1
    for m in LEVEL1.finditer(clean, start, end):
        if chinese_number(m.group("num")) != expected:
            continue
        label = m.group("label").strip()
        kind = next((k for k, pat in PART_KINDS if re.search(pat, label)), "tasks")
        heads.append((str(expected), m.start("num"), kind, label))
        expected += 1
    return [
        (n, s, heads[i + 1][1] if i + 1 < len(heads) else end, kind, label)
        for i, (n, s, kind, label) in enumerate(heads)
    ]


def read_front_matter(clean: str, start: int, end: int, result: Ingested) -> None:
    """Title line, approving body, signature and date of a notice before the plan."""
    title = None
    for m in re.finditer(r"(?m)^[ \t\u3000]*(\S[^\n]*?)[ \t\u3000]*$", clean[:end]):
        if m.start() < start:
            continue
        line = m.group(1)
        if TITLE_WORDS.search(line) and len(line) <= 60 and not line.endswith(("。", "：", ":")):
            if "《" in line and "》" in line:
                inner = re.search(r"《([^》]+)》", line)
                if inner and not title:
                    title = (inner.group(1), m.start(1) + inner.start(1), m.start(1) + inner.end(1))
                continue
            title = (line.strip(), m.start(1), m.end(1))
    if title:
        result.title, *span = title
        result.title_span = (span[0], span[1])
    notice_end = result.title_span[0] if result.title_span else end
    approved = APPROVED.search(clean, start, notice_end)
    if approved:
        result.approved_by = (approved.group("name"), *approved.span("name"))
    dates = list(DATE.finditer(clean, start, end))
    if not dates:
        return
    date = dates[-1] if dates[-1].start() < notice_end else dates[0]
    result.issued = f"{int(date['y']):04d}-{int(date['m']):02d}-{int(date['d']):02d}"
    stops = [m.end() for m in re.finditer(r"[。：:！]", clean[start : date.start()])]
    sig_start = start + stops[-1] if stops else start
    names = []
    for m in re.finditer(r"[^\s、，,（）()]+", clean[sig_start : date.start()]):
        if re.search(r"[\u4e00-\u9fff]{2,}", m.group()):
            names.append((m.group(), sig_start + m.start(), sig_start + m.end()))
    result.issuers = names


def title_of(clean: str, start: int, end: int) -> tuple[str | None, int]:
    """A task's printed title: a heading line without a full stop, or the first sentence."""
    line_end = clean.find("\n", start, end)
    first_line = clean[start : line_end if line_end >= 0 else end]
    if line_end >= 0 and "。" not in first_line and 0 < len(first_line.strip()) <= 40:
        return first_line.strip().rstrip("：:"), line_end
    stop = clean.find("。", start, end)
    if stop >= 0 and stop - start <= 50:
        return clean[start:stop].strip(), stop + 1
    return None, start


def find_tasks(
    clean: str, start: int, end: int, part: str | None, body_end: int
) -> tuple[list[Section], list[TaskBlock]]:
    """Sections （一） and tasks numbered 1, 2 ... (or numbered afresh in each section, then
    "<section>.<n>"); where a part has no Arabic numbers, its （一） items are the tasks."""
    heads = list(SECTION.finditer(clean, start, end))
    markers = select(list(TASK.finditer(clean, start, end)), heads)
    if not markers and heads:
        return [], [
            block(
                clean, h, str(chinese_number(h.group("num"))), part or "0", heads, i, end, body_end
            )
            for i, h in enumerate(heads)
        ]
    sections = []
    ordinal: dict[int, str] = {}
    for h in heads:
        n = str(chinese_number(h.group("num")))
        line_end = clean.find("\n", h.end(), end)
        label_end = line_end if line_end >= 0 else end
        number = f"{part}.{n}" if part else n
        sections.append(
            Section(
                number, squash(clean[h.end() : label_end]), h.start(), label_end, "section", part
            )
        )
        ordinal[h.start()] = n
    restarted = len({m.group("num") for m in markers}) < len(markers)
    tasks = []
    boundaries = sorted({m.start() for m in markers} | {h.start() for h in heads} | {end})
    for i, m in enumerate(markers):
        head = next((h for h in reversed(heads) if h.start() < m.start()), None)
        section = (
            (f"{part}.{ordinal[head.start()]}" if part else ordinal[head.start()])
            if head
            else (part or "0")
        )
        number = (
            f"{ordinal[head.start()]}.{m.group('num')}" if restarted and head else m.group("num")
        )
        tasks.append(block(clean, m, number, section, boundaries, i, end, body_end))
    if not heads and not part:
        sections.append(Section("0", "(unsectioned)", start, start, "section"))
    return sections, tasks


def select(markers: list[re.Match[str]], heads: list[re.Match[str]]) -> list[re.Match[str]]:
    """Task numbers in order: 1, 2, 3 ...; a 1 after a new section heading restarts the count."""
    chosen: list[re.Match[str]] = []
    expected = 1
    for m in markers:
        n = int(m.group("num"))
        new_section = chosen and any(chosen[-1].start() < h.start() < m.start() for h in heads)
        if n == expected or (n == 1 and new_section):
            chosen.append(m)
            expected = n + 1
    return chosen


def block(
    clean: str,
    m: re.Match[str],
    number: str,
    section: str,
    boundaries: list,
    index: int,
    end: int,
    body_end: int,
) -> TaskBlock:
    bounds = sorted(b if isinstance(b, int) else b.start() for b in boundaries)
    limit = next((b for b in bounds if b > m.start()), end)
    stop = task_end(clean, m.start(), limit)
    title, _ = title_of(clean, m.end(), stop)
    return TaskBlock(
        number=number,
        section=section,
        start=m.start() + len(m.group()) - len(m.group().lstrip(" \t\u3000")),
        end=stop,
        body_start=m.end(),
        title=title,
        note=find_note(clean, m.end(), stop),
        runs_into_next=limit < end and not at_line_start(clean, limit),
        cut_by_noise=limit == end and end >= body_end,
    )


def find_items(clean: str, start: int, end: int, part: str, body_end: int) -> list[TaskBlock]:
    """Organisational items （一）加强组织领导 ... as G1, G2 ..."""
    heads = list(SECTION.finditer(clean, start, end))
    return [
        block(clean, h, f"G{i + 1}", part, heads, i, end, body_end) for i, h in enumerate(heads)
    ]
