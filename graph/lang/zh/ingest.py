"""Ingest a Chinese plan: headings 一、 / （一） / 1. / 1． / 1、, titles, G items, with spans.

The numbered structure is read as a tree (part, item, sub-item): its leaves are the tasks, and so
is a part or item whose own text closes with a note; a 专栏 box is a section of its own. What is
numbered but cannot be placed (out of sequence, printed twice, a heading with no text, a note
where no task is) becomes a defect of the text. Task ids come from the printed numbers."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace

from ...errors import PlanError
from ...model import Defect, Ingested, Note, Section, Source, TaskBlock
from ...reading import (
    NOTE_AGENCY,
    TIMESTAMP,
    at_line_start,
    blank,
    find_noise,
    find_note,
    find_targets,
    heading_end,
    looks_like_note,
    squash,
    task_end,
)
from .notes import fused_notes

NUMERALS = {ch: i for i, ch in enumerate("一二三四五六七八九", 1)}
UNITS = {"千": 1000, "百": 100, "十": 10}
# the characters of a Chinese numeral up to 9999 (一千零一); which strings of them are numbers
# is for `numeral` to say: the patterns take any, so a misprinted one becomes a defect
NUMERAL = r"[一二三四五六七八九十百千零〇]{1,12}"
SPACE = r"[ \t\u3000]"
LEVEL1 = re.compile(
    rf"(?m)^{SPACE}*(?P<num>{NUMERAL})[、.．]{SPACE}*(?P<label>[^\n。]{{1,30}}?){SPACE}*$"
)
PART_KINDS = [
    ("general", r"总体要求|指导思想|总体思路|基本原则|总体目标|目标指标|主要目标"),
    ("organisational", r"组织保障|保障措施|组织实施|组织领导|工作要求|实施保障|保障机制|工作保障"),
    ("tasks", r"任务|行动|举措|重点工作|主要工作|措施|工作"),
]
SECTION = re.compile(rf"(?m)^{SPACE}*[（(](?P<num>{NUMERAL})[）)]{SPACE}*")
# "1.加强", "1．加强", "1、加强", and "1持续增强" where the full stop was lost in copying, of up to
# four digits (a plan may number 1,100 tasks); a year opening a line ("2025年底前") is no task
TASK = re.compile(
    rf"(?m)^{SPACE}*(?P<num>\d{{1,6}})(?:{SPACE}*[.．、]|(?=[\u4e00-\u9fff])(?!(?<=\d{{4}})年))"
    rf"(?!\d){SPACE}*"
)
# a 专栏 box: its own paragraph, or run into the end of a task's ("…推广。专栏 关键…")
BOX = re.compile(
    rf"(?m)(?:^|(?<=[。）)])){SPACE}*专栏{SPACE}*(?P<num>\d{{1,2}})?(?={SPACE}|[\u4e00-\u9fff])"
)
# the brackets a note may be printed in, read as （） (same length: offsets stay)
BRACKETS = str.maketrans("〔【[〕】]", "（（（）））")
TITLE_WORDS = re.compile(r"方案|计划|规划|意见|措施|办法|要点|纲要")
DATE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
APPROVED = re.compile(r"经(?P<name>[^，。、\n]{2,40}?)(?:审议)?(?:研究)?同意")
TARGET_LEAD = re.compile(
    r"(?:(?<=\n)|(?<=^)|(?<=。))[ \t\u3000]*(?:到|至|力争到|预计到)(?P<year>20\d\d)年"
)


def numeral(num: str) -> int | None:
    """The value of a Chinese numeral as plans print item numbers, 1 to 9999: '七' -> 7,
    '十' -> 10, '二十九' -> 29, '一百零一' -> 101, '一千一百一十' -> 1110 ('〇' for '零');
    None for what is no numeral in that form ('十十', '百', '千一', '一零')."""
    total, digit = 0, None
    for ch in num.replace("〇", "零"):
        if ch in NUMERALS:
            if digit is not None:
                return None
            digit = NUMERALS[ch]
        elif ch == "零":
            continue
        elif ch in UNITS:
            # a unit without its digit counts one ('十一'); the check of the form below
            # refuses it where plans print the digit ('一百', never '百')
            total += (digit or 1) * UNITS[ch]
            digit = None
        else:
            return None
    value = total + (digit or 0)
    return value if 0 < value < 10000 and numeral_of(value) == num.replace("〇", "零") else None


def numeral_of(n: int) -> str:
    """The Chinese numeral of n (1 to 9999) in the form plans print: 十一, 一百零一, 一千零一十."""
    out, gap = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if not d:
            gap = bool(out)
            continue
        out += "零" if gap else ""
        out += ("" if unit == "十" and d == 1 and not out else "一二三四五六七八九"[d - 1]) + unit
        gap = False
    return out


def chinese_number(num: str) -> int:
    """'二十九' -> 29, '十' -> 10, '七' -> 7; a ValueError for what `numeral` cannot read."""
    value = numeral(num)
    if value is None:
        raise ValueError(f"not a Chinese numeral: {num!r}")
    return value


def ingest(source: Source) -> Ingested:
    text = source.text
    noise = find_noise(text)
    clean = blank(text, noise)
    body_start = noise[0][1] if noise and noise[0][0] == 0 else 0
    body_end = len(clean.rstrip())
    result = Ingested(source=source, noise=noise)
    stamp = TIMESTAMP.search(text, 0, max(body_start, 400))
    if stamp:
        result.published = "-".join(stamp.groups())
    parts, skipped = find_parts(clean, body_start, body_end)
    read_front_matter(clean, body_start, parts[0][1] if parts else body_end, result)
    if not parts:
        start = result.title_span[1] if result.title_span else body_start
        parts = [("1", start, body_end, "tasks", "")]
    # the text runs into site furniture after the plan (a paywall): the last task is cut there
    paywall = any(s >= body_end and e == len(text) for s, e in noise)
    reader = Reader(clean, body_end, paywall)
    for number, start, end, kind, label in parts:
        if kind == "general":
            result.targets += find_targets(clean, start, end, TARGET_LEAD)
        reader.read_part(number, start, end, kind, label)
    result.sections = reader.sections
    result.tasks = reader.identify()
    result.defects = sorted(skipped + reader.defects, key=lambda d: d.start)
    if not any(t.number[0].isdigit() for t in result.tasks):
        raise PlanError(source.path, "no numbered tasks found (is this an action plan?)")
    return result


def find_parts(
    clean: str, start: int, end: int
) -> tuple[list[tuple[str, int, int, str, str]], list[Defect]]:
    """Level-1 parts 一、 二、 … in order, and a numbering defect for each part heading printed
    out of sequence (read as text of the part before it)."""
    heads = []
    skipped = []
    expected = 1
    for m in LEVEL1.finditer(clean, start, end):
        if numeral(m.group("num")) is None:
            skipped.append(unreadable("part heading", m, m.end("label")))
            continue
        if chinese_number(m.group("num")) != expected:
            skipped.append(
                Defect(
                    "numbering defect",
                    f"part heading {squash(m.group())} is out of sequence (the next part would "
                    f"be {expected}): read as text of the part before it",
                    m.start("num"),
                    m.end("label"),
                )
            )
            continue
        label = m.group("label").strip()
        kind = next((k for k, pat in PART_KINDS if re.search(pat, label)), "tasks")
        heads.append((str(expected), m.start("num"), kind, label))
        expected += 1
    parts = [
        (n, s, heads[i + 1][1] if i + 1 < len(heads) else end, kind, label)
        for i, (n, s, kind, label) in enumerate(heads)
    ]
    return parts, skipped


def unreadable(what: str, m: re.Match[str], end: int) -> Defect:
    """A heading whose number is printed in characters of Chinese numerals but is none, from
    where it is printed (its bracket) to the end of its heading."""
    return Defect(
        "numbering defect",
        f"{what} {squash(m.group())} has no number that can be read ('{m.group('num')}' is no "
        "Chinese numeral): read as text of the one before it",
        m.start() + len(m.group()) - len(m.group().lstrip(" \t\u3000")),
        end,
    )


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
        # a signature names bodies; a title printed between them (《…》 lost) is not one
        if re.search(r"[\u4e00-\u9fff]{2,}", m.group()) and not TITLE_WORDS.search(m.group()):
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


@dataclass
class Node:
    """One numbered item as printed (a part 一、, an item （一）, a sub-item 1.): its printed
    numbers from the part down, where its number is printed and where its text ends."""

    path: tuple[int, ...]
    start: int  # the printed number
    body_start: int  # just after it
    end: int  # the next number, box or the end of the part
    org: bool  # in an organisational part, whose items are written "G1"
    children: list[Node] = field(default_factory=list)


class Reader:
    """The numbered structure of one Chinese plan, part by part: sections, the tasks each with
    its node, and defects for what is numbered but cannot be placed."""

    def __init__(self, clean: str, body_end: int, paywall: bool = False) -> None:
        self.clean = clean
        self.view = clean.translate(BRACKETS)
        self.body_end = body_end
        self.paywall = paywall
        self.sections: list[Section] = []
        self.tasks: list[tuple[Node, TaskBlock]] = []
        self.nodes: list[Node] = []
        self.defects: list[Defect] = []
        self.boxes: set[int] = set()
        self.last_item = 0  # items may run straight through the parts: （四）…（二十九）
        self.next_task = 1  # and so may sub-items: 1. … 12.

    def read_part(self, number: str, start: int, end: int, kind: str, label: str) -> None:
        clean = self.clean
        part = number if label else None
        body = heading_end(clean, start, end) if label else start
        if label:
            self.sections.append(Section(number, label, start, body, kind))
        heads = []
        for h in SECTION.finditer(clean, body, end):
            if numeral(h.group("num")) is None:
                self.defects.append(unreadable("item", h, heading_end(clean, h.start(), end)))
            else:
                heads.append(h)
        self.check_items(heads)
        # the general requirements are no tasks, but a note printed there still needs a task:
        # their items are read as leaves, and only those with a note are kept
        general = kind == "general"
        boxes = [] if general else list(BOX.finditer(clean, body, end))
        markers = (
            [] if general else self.select(list(TASK.finditer(clean, body, end)), heads, boxes)
        )
        cuts = sorted({m.start() for m in (*heads, *markers, *boxes)} | {end})

        def node(path: tuple[int, ...], m: re.Match[str]) -> Node:
            lead = len(m.group()) - len(m.group().lstrip(" \t\u3000"))
            stop = cuts[bisect_right(cuts, m.start())]
            return Node(path, m.start() + lead, m.end(), stop, kind == "organisational")

        top = Node((int(number),), start, body, end, kind == "organisational")
        items = [node((*top.path, chinese_number(h.group("num"))), h) for h in heads]
        for m in markers:
            owner = next((i for i in reversed(items) if i.start < m.start()), top)
            owner.children.append(node((*owner.path, int(m.group("num"))), m))
        top.children = sorted([*top.children, *items], key=lambda n: n.start)
        if not general:
            self.nodes += [top, *top.children, *(c for i in items for c in i.children)]
        section_of = {top.path: part or "0"}
        for h, item in zip(heads, items, strict=True):
            if item.children:
                line_end = clean.find("\n", h.end(), end)
                label_end = line_end if line_end >= 0 else end
                n = f"{part}.{item.path[-1]}" if part else str(item.path[-1])
                section_of[item.path] = self.section(
                    n, squash(clean[h.end() : label_end]), h.start(), label_end, part
                )
        if not heads and not part:
            self.sections.append(Section("0", "(unsectioned)", body, body, "section"))
        for b in boxes:
            owner = next((i for i in reversed(items) if i.start < b.start()), top)
            stop = next(c for c in cuts if c > b.start())
            title, _ = title_of(clean, b.end(), task_end(clean, b.start(), stop))
            number = f"box{b.group('num') or ''}"
            self.section(
                number,
                title or "专栏",
                b.start(),
                task_end(clean, b.start(), stop),
                section_of.get(owner.path, part),
                "box",
            )
            self.boxes.add(b.start())
            box_end = task_end(clean, b.start(), stop)
            for note in [find_note_zh(clean, self.view, b.end(), box_end)] + fused_notes(
                clean, b.end(), box_end
            ):
                if note and not any(d.start == note.start for d in self.defects):
                    self.defects.append(
                        Defect(
                            "unattached note",
                            f"a responsibility note is printed inside the box {b.group().strip()}"
                            f" ('{squash(clean[note.start : note.end])[:40]}'), which is no "
                            "task: its bodies are not linked to any task",
                            note.start,
                            note.end,
                        )
                    )
        self.place(top, section_of, end, label, general)

    def section(
        self,
        number: str,
        label: str,
        start: int,
        end: int,
        parent: str | None,
        kind: str = "section",
    ) -> str:
        """Add a section under a number no other section of the document has."""
        taken = {s.number for s in self.sections}
        unique = number
        for i in itertools.count(2):
            if unique not in taken:
                break
            unique = f"{number}-{i}"
        self.sections.append(Section(unique, label, start, end, kind, parent))
        return unique

    def check_items(self, heads: list[re.Match[str]]) -> None:
        """Items count on from the last one (straight through the parts) or restart at （一）
        in each part; any other number is a numbering defect."""
        for i, h in enumerate(heads):
            n = chinese_number(h.group("num"))
            if n != self.last_item + 1 and not (n == 1 and i == 0):
                why = (
                    f"the numbers between {self.last_item} and {n} are not printed"
                    if n > self.last_item + 1
                    else f"it comes after item {self.last_item}"
                )
                self.defects.append(
                    Defect(
                        "numbering defect",
                        f"item {h.group().strip()} is out of sequence: {why}",
                        h.start(),
                        heading_end(self.clean, h.start(), self.body_end),
                    )
                )
            self.last_item = n

    def select(
        self, markers: list[re.Match[str]], heads: list[re.Match[str]], boxes: list[re.Match[str]]
    ) -> list[re.Match[str]]:
        """Task numbers in order: 1, 2, 3 ... on from the part before; a 1 at the start of a part
        or after a new item heading restarts the count.
        A number printed with its full stop that is out of sequence is a numbering defect, unless
        it is inside a 专栏 box (which lists points of its own)."""
        events = sorted(
            [(m.start(), 0, m) for m in heads]
            + [(m.start(), 1, m) for m in boxes]
            + [(m.start(), 2, m) for m in markers],
            key=lambda e: e[:2],
        )
        chosen: list[re.Match[str]] = []
        # the number of the task number printed after each event, for a count that skips
        after: list[int | None] = [None] * len(events)
        for i in range(len(events) - 2, -1, -1):
            nxt = events[i + 1]
            after[i] = int(nxt[2].group("num")) if nxt[1] == 2 else after[i + 1]
        # numbers may run on from the part before, or start again at 1
        expected, new_item, in_box = self.next_task, True, False
        for i, (_, what, m) in enumerate(events):
            if what < 2:
                new_item, in_box = new_item or (what == 0 and bool(chosen)), what == 1
                continue
            n = int(m.group("num"))
            stop = re.search(r"[.．、]", m.group())
            if n > expected and stop and not in_box and after[i] == n + 1 and chosen:
                # a count that skips numbers and goes on: the tasks after the gap are tasks,
                # not text of the one before it
                self.defects.append(
                    Defect(
                        "numbering defect",
                        f"number {m.group().strip()} skips "
                        + (
                            f"number {expected}"
                            if n == expected + 1
                            else f"numbers {expected} to {n - 1}"
                        )
                        + ", which the plan does not print: the count goes on from here",
                        m.start(),
                        m.end(),
                    )
                )
                chosen.append(m)
                expected, new_item = n + 1, False
                self.next_task = expected
            elif n == expected or (n == 1 and new_item):
                chosen.append(m)
                expected, new_item, in_box = n + 1, False, False
                self.next_task = expected
            elif not in_box and stop:
                self.defects.append(
                    Defect(
                        "numbering defect",
                        f"number {m.group().strip()} is out of sequence (the next task would be "
                        f"{expected}): read as part of the text before it",
                        m.start(),
                        m.end(),
                    )
                )
        return chosen

    def place(
        self, top: Node, section_of: dict, end: int, label: str, only_noted: bool = False
    ) -> None:
        """The tasks of one part: every leaf, and every part or item whose own text (before its
        first child) closes with a note. Where only the last of several sub-items has a note,
        that note closes the item: the item is the task, the sub-items are its paragraphs.
        Where `only_noted`, only the leaves with a note (the general requirements)."""
        clean = self.clean

        def note_of(n: Node, limit: int) -> Note | None:
            return find_note_zh(clean, self.view, n.body_start, task_end(clean, n.start, limit))

        own = top.children[0].start if top.children else end
        if label and note_of(top, own):  # a printed part (一、) whose own text has a note
            self.add(top, own, end, section_of[top.path], label)
        for item in top.children:
            if not item.children:
                if not only_noted or note_of(item, item.end):
                    self.leaf(item, end, section_of[top.path])
                continue
            notes = [note_of(c, c.end) for c in item.children]
            if note_of(item, item.children[0].start):
                self.add(item, item.children[0].start, end, section_of[top.path])
            elif (
                len(notes) > 1
                and notes[-1]
                and not any(notes[:-1])
                and not any(self.heading_line(c.body_start, c.end) for c in item.children)
            ):
                self.add(item, item.children[-1].end, end, section_of[top.path])
                continue
            for c in item.children:
                self.leaf(c, end, section_of[item.path])

    def heading_line(self, start: int, end: int) -> int | None:
        """Where a heading printed on a line of its own ends (no full stop, at most 40
        characters), or None where the text starts at once."""
        line_end = self.clean.find("\n", start, end)
        line_end = line_end if line_end >= 0 else end
        line = self.clean[start:line_end].strip()
        return line_end if line and "。" not in line and len(line) <= 40 else None

    def leaf(self, node: Node, end: int, section: str) -> None:
        """A numbered item with no numbered children: a task, unless it prints nothing after
        its heading (a heading with no text is a defect, not a task)."""
        stop = task_end(self.clean, node.start, node.end)
        text_start = self.heading_line(node.body_start, stop) or node.body_start
        if self.clean[text_start:stop].strip():
            self.add(node, node.end, end, section)
            return
        self.defects.append(
            Defect(
                "lost text",
                f"{squash(self.clean[node.start : stop])} prints a heading and no text of its "
                "own: no task is read from it",
                node.start,
                stop,
            )
        )

    def add(self, node: Node, limit: int, end: int, section: str, title: str | None = None):
        clean = self.clean
        stop = task_end(clean, node.start, limit)
        number = f"G{node.path[-1]}" if node.org else str(node.path[-1])
        task = TaskBlock(
            number=number,
            section=section,
            start=node.start,
            end=stop,
            body_start=node.body_start,
            title=title or title_of(clean, node.body_start, stop)[0],
            note=find_note_zh(clean, self.view, node.body_start, stop),
            runs_into_next=limit < end
            and limit not in self.boxes
            and not BOX.match(clean, limit)
            and not at_line_start(clean, limit),
            cut_by_noise=self.paywall and limit == end and end >= self.body_end,
            path=node.path,
        )
        self.tasks.append((node, task))

    def identify(self) -> list[TaskBlock]:
        """Each task's id: its printed number where the numbers of its level are unique in the
        document, else the printed numbers from the part down ("2.1", "2.3.5"), the same way
        for every task of that level; a number printed twice in one place gets "-2"."""
        levels: dict[tuple[bool, int], list[int]] = {}
        population = {id(n): n for n in [*self.nodes, *(n for n, _ in self.tasks)]}
        for n in population.values():
            levels.setdefault((n.org, len(n.path)), []).append(n.path[-1])
        qualified = {k for k, nums in levels.items() if len(set(nums)) < len(nums)}

        def label(path: tuple[int, ...], org: bool) -> str:
            if (org, len(path)) not in qualified:
                return str(path[-1])
            return ".".join(map(str, path))

        while True:
            ids = [("G" if n.org else "") + label(n.path, n.org) for n, _ in self.tasks]
            grow = set()
            for same in duplicates(ids):
                deepest = max((self.tasks[i][0] for i in same), key=lambda n: len(n.path))
                level = (deepest.org, len(deepest.path))
                if len(deepest.path) > 1 and level not in qualified:
                    grow.add(level)
            if not grow:
                break
            qualified |= grow
        for same in duplicates(ids):
            for k, i in enumerate(same[1:], 2):
                ids[i] = f"{ids[i]}-{k}"
        return [replace(t, id=i) for (_, t), i in zip(self.tasks, ids, strict=True)]


def looks_like_note_zh(inner: str) -> bool:
    """A note's words, with the stray spaces of PDF extraction ignored ("负 责"); or a bare
    list of bodies with no verb at all (（各有关部门、单位）)."""
    words = re.sub(r"\s+", "", inner)
    bare_list = "、" in words and not re.search(r"[。，,；;：:]", words) and len(words) <= 80
    return looks_like_note(words) or bool(bare_list and NOTE_AGENCY.search(words))


def find_note_zh(clean: str, view: str, start: int, end: int) -> Note | None:
    """The note closing a task (in any bracket form); else the last note fused with the
    sentence after it (（责任单位：…负责）推进…。), as the note reader finds such notes."""
    note = find_note(view, start, end, looks_like_note_zh)
    fused = [] if note else fused_notes(clean, start, end)
    return note or (fused[-1] if fused else None)


def duplicates(ids: list[str]) -> list[list[int]]:
    """The positions of each id that occurs more than once."""
    where: dict[str, list[int]] = {}
    for i, x in enumerate(ids):
        where.setdefault(x, []).append(i)
    return [same for same in where.values() if len(same) > 1]
