"""What every reader shares: page noise around a plan, headings, dated targets, the bracketed
responsibility note closing a task, and the reading of level-1 parts into sections and tasks.
The patterns of page noise and notes hold the spellings of every language a plan comes in."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from .errors import PlanError
from .model import Ingested, Note, Section, Target, TaskBlock

HEAD_MARKER = re.compile(
    r"(?im)^[ \t]*(?:the original text is as follows|full text (?:is )?as follows)"
    r"[ \t]*[:：]?[ \t]*$|原文如下[:：]?"
)


TAIL_MARKER = re.compile(
    r"(?im)^[ \t]*(?:all can be viewed after purchase|view (?:the )?full text after purchase"
    r"|correlation|related (?:news|reading|articles)|recommended reading|disclaimer\b.*"
    r"|editor in charge\b.*|responsible editor\b.*|相关阅读|责任编辑.*|阅读全文|购买后可查看全部)[ \t]*$"
)


NOISE_LINE = re.compile(
    r"(?m)^[ \t]*(?:\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?|[-–—]?\s*\d{1,3}\s*[-–—]?"
    r"|(?:share|print|close|back to top|font size:.*|source:.*|来源[:：].*|打印|关闭))[ \t]*$"
)


TIMESTAMP = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})[ T]\d{2}:\d{2}")


NOTE_AGENCY = re.compile(
    r"\b(?:Department|Commission|Bureau|Office|Committee|Government|Governments|Company|Group"
    r"|SASA?S?AC|Administration|Ministry)\b|[厅局委部办]|公司|政府|管委会|集团|银行|中心"
)


NOTE_ROLE = re.compile(
    r"take the lead|takes the lead|led by|leadership of|responsible|cooperat|support|\betc\b"
    r"|牵头|负责|配合|支持|落实|等$",
    re.IGNORECASE,
)


CLAUSE_END = re.compile(r"[.。;；](?=\s)")


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def find_noise(text: str) -> list[tuple[int, int]]:
    """Spans of page noise: a news lead before the plan, site furniture after it, stray lines."""
    spans: list[tuple[int, int]] = []
    head = HEAD_MARKER.search(text)
    body_start = 0
    if head and head.start() < len(text) * 0.5:
        spans.append((0, head.end()))
        body_start = head.end()
    tail = TAIL_MARKER.search(text, body_start)
    body_end = tail.start() if tail else len(text)
    if tail:
        spans.append((tail.start(), len(text)))
    spans += [(m.start(), m.end()) for m in NOISE_LINE.finditer(text, body_start, body_end)]
    return sorted(spans)


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def read_parts(
    result: Ingested,
    clean: str,
    parts: list[tuple[str, int, int, str, str]],
    body_end: int,
    target_lead: re.Pattern[str],
    items: Callable[..., list[TaskBlock]],
    tasks: Callable[..., tuple[list[Section], list[TaskBlock]]],
) -> None:
    """Sections, targets, tasks and organisational items of every level-1 part (with the
    language's own readers of items and tasks); a PlanError if there are no numbered tasks."""
    for number, start, end, kind, label in parts:
        if label:
            result.sections.append(
                Section(number, label, start, heading_end(clean, start, end), kind)
            )
        if kind == "general":
            result.targets += find_targets(clean, start, end, target_lead)
        elif kind == "organisational":
            result.tasks += items(clean, start, end, number, body_end)
        else:
            found_sections, found_tasks = tasks(
                clean, start, end, number if label else None, body_end
            )
            result.sections += found_sections
            result.tasks += found_tasks
    if not any(t.number[0].isdigit() for t in result.tasks):
        raise PlanError(result.source.path, "no numbered tasks found (is this an action plan?)")
    result.tasks = qualified(result.tasks)


def qualified(tasks: list[TaskBlock]) -> list[TaskBlock]:
    """Ids unique in the document: where tasks (or organisational items) restart their numbers
    in each part, every one of that kind is qualified by its section ("2.1", "G4.1")."""
    out = list(tasks)
    for org in (False, True):
        kind = [i for i, t in enumerate(tasks) if t.number.startswith("G") == org]
        numbers = [tasks[i].number for i in kind]
        if len(set(numbers)) < len(numbers):
            for i in kind:
                t = tasks[i]
                prefix = "G" if org else ""
                out[i] = replace(t, id=f"{prefix}{t.section}.{t.number.lstrip('G')}")
    return out


def find_targets(clean: str, start: int, end: int, lead: re.Pattern[str]) -> list[Target]:
    """Dated targets ("By the end of 2025, ...") up to the next target or the paragraph's end."""
    leads = list(lead.finditer(clean, start, end))
    targets = []
    for i, m in enumerate(leads):
        para_end = clean.find("\n", m.end())
        para_end = end if para_end < 0 or para_end > end else para_end
        stop = min(para_end, leads[i + 1].start() if i + 1 < len(leads) else end)
        s = m.start() + len(m.group()) - len(m.group().lstrip())
        targets.append(Target(int(m.group("year")), s, len(clean[:stop].rstrip())))
    return targets


def heading_end(clean: str, start: int, end: int) -> int:
    """End of a one-line heading that starts at start."""
    line_end = clean.find("\n", start, end)
    return len(clean[: line_end if line_end >= 0 else end].rstrip())


def task_end(clean: str, start: int, limit: int) -> int:
    return len(clean[:limit].rstrip())


def at_line_start(clean: str, pos: int) -> bool:
    line_start = clean.rfind("\n", 0, pos) + 1
    return not clean[line_start:pos].strip()


def find_note(
    clean: str, start: int, end: int, looks: Callable[[str], bool] | None = None
) -> Note | None:
    """The responsibility note closing a task: the last bracket that holds agency names and a
    role (by `looks`, the language's test of a note's words), whether or not it closes; or,
    where the opening was lost, the clause before a ')'."""
    looks = looks or looks_like_note
    e = end
    while e > start and clean[e - 1] in " \t\n.。;；":
        e -= 1
    closes = e > start and clean[e - 1] in ")）"
    opens = [i for i in range(start, e) if clean[i] in "(（"]
    for o in reversed(opens):
        match = closing_bracket(clean, o, e)
        # a closed note's bracket closes at the end; an unclosed one never closes
        if match != (e - 1 if closes else None):
            continue
        if looks(clean[o + 1 : e - 1 if closes else e]):
            return Note(o, end, closed=closes, opened=True)
    if closes:
        inner_start = max([m.end() for m in CLAUSE_END.finditer(clean, start, e - 1)] or [start])
        while inner_start < e and clean[inner_start].isspace():
            inner_start += 1
        if looks(clean[inner_start : e - 1]):
            return Note(inner_start, end, closed=True, opened=False)
    return None


def closing_bracket(clean: str, opening: int, end: int) -> int | None:
    """Where the bracket opened at `opening` closes, or None if it does not before `end`."""
    depth = 0
    for i in range(opening, end):
        depth += clean[i] in "(（"
        depth -= clean[i] in ")）"
        if depth == 0:
            return i
    return None


def looks_like_note(inner: str) -> bool:
    """Agency names with a role phrase, or a list of several agency names (a cut-off note)."""
    agencies = len(NOTE_AGENCY.findall(inner))
    return bool(agencies and (NOTE_ROLE.search(inner) or (agencies >= 2 and "," in inner)))


def original_of(read: str, start: int, end: int, matched: str, original: str) -> str:
    """The original characters of a string read out of matched[start:end] (a language's
    readable copy, such as the simplified one of a traditional text): the same string where it
    was sliced, the same characters where some were dropped (stray spaces); unchanged where it
    is not in that span (a name put together by a rule)."""
    if matched.startswith(read, start):
        return original[start : start + len(read)]
    out, i = [], start
    for ch in read:
        while i < end and matched[i] != ch:
            i += 1
        if i >= end:
            return read
        out.append(original[i])
        i += 1
    return "".join(out)
