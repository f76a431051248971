"""Score a built graph against hand-checked links: which printed bodies it got, with which role.

A hand-checked plan is its text plus an `expected.tsv` (one row per body printed in a
responsibility note, located by the note's opening bracket; the format is described in
tests/data/real/README.md). Links are matched by where they are printed, never by task ids or
agency ids: an expected row is the span of its name inside its note, a graph link is a
pk:Responsibility's pk:sourceStart/pk:sourceEnd. Two links match when their spans overlap; a
match is correct when the roles agree too. The secondary columns (task ids, open lists,
levels, blanket ranges) are measured on the matched links only. Open lists are compared per
task: the graph's pk:openList says whether any list of a task ends in 等, so a matched link agrees
when its task is open in the graph exactly when some row of its expected task is `open`.

Levels (`expected.tsv`'s `level` column) are read from the graph's agency as follows, so that
they can be compared (`agency_level`):
- function city-governments or county-governments -> `lower-governments`;
- a vertically managed function (central bank, financial regulation, taxation, meteorology,
  railway, customs, maritime, postal) outside the national jurisdiction -> `vertical`;
- kind `party organ` -> `party`; kind `enterprise` -> `enterprise/other`;
- otherwise by the agency's pk:jurisdiction: the national place -> `national`; a pk:County ->
  `county/district`; a pk:City, or a region whose Chinese name ends in 市 (a municipality such
  as 天津市) -> `city`; a region whose Chinese name has 自治区 -> `autonomous-region`; any other
  region -> `province`.
The graph has no notion of a collective body (各有关部门) yet, so `collective` rows never agree.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from .build import build_graph
from .errors import PlanError, position
from .io import plan_id_from_path
from .namespace import PK, mint
from .pipeline import analyse
from .registry import UNKNOWN_ID, Registry
from .resolve import NATIONAL_ID

EXPECTED_HEADER = [
    "task",
    "printed",
    "level",
    "role",
    "open",
    "note_line",
    "note_col",
    "blanket",
    "raw",
]
STRUCTURE_HEADER = ["id", "printed_number", "line", "kind", "has_note", "title"]
BLANKET_HEADER = ["plan", "task", "printed", "applies_from", "applies_to"]
FLOORS_HEADER = ["plan", "jurisdiction", "detected", "min_correct", "max_extra"]
OPENING, CLOSING = "（(〔【[", "）)〕】]"
VERTICAL_FUNCTIONS = {
    "central-bank",
    "financial-regulation",
    "taxation",
    "meteorology",
    "railway",
    "customs",
    "maritime",
    "postal",
}
LOWER_FUNCTIONS = {"city-governments", "county-governments"}
KIND_LEVELS = {"party organ": "party", "enterprise": "enterprise/other"}


def read_table(text: str, header: list[str], where: str = "table") -> list[dict[str, str]]:
    """Rows of a tab-separated text whose first line must be `header`."""
    lines = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    if not lines or lines[0] != header:
        raise PlanError(where, f"header is {lines[0] if lines else None}, expected {header}")
    rows = []
    for number, fields in enumerate(lines[1:], 2):
        if len(fields) != len(header):
            raise PlanError(
                where, f"line {number} has {len(fields)} fields, expected {len(header)}"
            )
        rows.append(dict(zip(header, fields, strict=True)))
    return rows


def note_span(line: str, start: int) -> tuple[int, int] | None:
    """(start, end) of the bracketed note opening at `start` of a line, nested brackets included."""
    if start >= len(line) or line[start] not in OPENING:
        return None
    depth = 0
    for i in range(start, len(line)):
        if line[i] in OPENING:
            depth += 1
        elif line[i] in CLOSING:
            depth -= 1
            if depth == 0:
                return start, i + 1
    return None


@dataclass(frozen=True)
class ExpectedLink:
    """One hand-checked row, placed: its printed name's span in the plan text."""

    task: str
    printed: str
    level: str
    role: str
    open: bool
    blanket: bool
    start: int
    end: int


@dataclass(frozen=True)
class FoundLink:
    """One link of the graph: a Responsibility (or, for a blanket clause, all the
    Responsibilities that share its printed span and role) with what the graph says of it."""

    start: int
    end: int
    roles: tuple[str, ...]
    printed: str
    task: str  # pk:taskNumber of the task it is stated on
    open_list: bool
    level: str | None
    blanket_tasks: tuple[str, ...] = ()  # the tasks a blanket clause's link is on


def expected_links(
    text: str, rows: Sequence[dict[str, str]], where: str = "expected"
) -> list[ExpectedLink]:
    """Each row's name found in its note (the note opening at note_line/note_col), after the
    previous name of the same note, as printed (`raw`, spaces kept) or else `printed`."""
    lines = text.split("\n")
    starts = line_starts(text)
    cursor: dict[tuple[int, int], int] = {}
    links = []
    for n, row in enumerate(rows, 2):
        line_no, col = int(row["note_line"]), int(row["note_col"])
        line = lines[line_no - 1] if 1 <= line_no <= len(lines) else ""
        span = note_span(line, col - 1)
        if span is None:
            raise PlanError(where, f"row {n}: no bracketed note opens at {line_no}:{col}")
        name = row["raw"] or row["printed"]
        found = line.find(name, cursor.get((line_no, col), span[0]), span[1])
        if found < 0:
            raise PlanError(where, f"row {n}: {name!r} is not in the note at {line_no}:{col}")
        cursor[(line_no, col)] = found + len(name)
        links.append(
            ExpectedLink(
                task=row["task"],
                printed=row["printed"],
                level=row["level"],
                role=row["role"],
                open=row["open"] == "yes",
                blanket=row["blanket"] == "yes",
                start=starts[line_no - 1] + found,
                end=starts[line_no - 1] + found + len(name),
            )
        )
    return links


def the_source(g: Graph, source: URIRef | None) -> URIRef:
    if source is not None:
        return source
    sources = sorted(g.subjects(RDF.type, PK.SourceText))
    if len(sources) != 1:
        raise PlanError("graph", f"{len(sources)} source texts in the graph; name the one to score")
    return sources[0]


def one(g: Graph, node: URIRef, prop: URIRef) -> object | None:
    values = sorted(g.objects(node, prop))
    return values[0] if values else None


def place_level(g: Graph, place: URIRef) -> str | None:
    if place == mint("place", NATIONAL_ID):
        return "national"
    if (place, RDF.type, PK.County) in g:
        return "county/district"
    if (place, RDF.type, PK.City) in g:
        return "city"
    if (place, RDF.type, PK.Region) not in g:
        return None
    zh = [str(n) for n in g.objects(place, SKOS.prefLabel) if getattr(n, "language", None) == "zh"]
    if any("自治区" in n for n in zh):
        return "autonomous-region"
    if any(n.endswith("市") for n in zh):
        return "city"
    return "province"


def agency_level(g: Graph, agency: URIRef) -> str | None:
    """The `level` of expected.tsv that the graph gives an agency (the mapping is in the
    module's docstring), or None where the graph says too little."""
    function = one(g, agency, PK.function)
    function_id = str(function).rsplit("/", 1)[-1] if function else ""
    place = one(g, agency, PK.jurisdiction)
    national = place == mint("place", NATIONAL_ID)
    if function_id in LOWER_FUNCTIONS:
        return "lower-governments"
    if function_id in VERTICAL_FUNCTIONS and not national:
        return "vertical"
    kind = str(one(g, agency, PK.agencyKind) or "")
    if kind in KIND_LEVELS:
        return KIND_LEVELS[kind]
    return place_level(g, place) if isinstance(place, URIRef) else None


def found_links(g: Graph, source: URIRef | None = None) -> list[FoundLink]:
    """Every Responsibility stated in the source, sorted by span. A node holding several
    spans (two printings merged into one IRI) gives one link per span, paired in order. The
    copies of a blanket clause, one per task it reaches, share one printed span: they are one
    link here, stated on the task that prints it, with the tasks it reaches."""
    src = the_source(g, source)
    single: list[FoundLink] = []
    blankets: dict[tuple[int, tuple[str, ...]], list[FoundLink]] = {}
    for node in sorted(g.subjects(RDF.type, PK.Responsibility)):
        if (node, PK.statedIn, src) not in g:
            continue
        task = one(g, node, PK.task)
        agency = one(g, node, PK.agency)
        roles = tuple(sorted(str(r).rsplit("#", 1)[-1] for r in g.objects(node, PK.role)))
        starts = sorted(int(s) for s in g.objects(node, PK.sourceStart))
        ends = sorted(int(e) for e in g.objects(node, PK.sourceEnd))
        number = str(one(g, task, PK.taskNumber) or "") if task else ""
        is_open = task is not None and (task, PK.openList, Literal(True)) in g
        level = agency_level(g, agency) if isinstance(agency, URIRef) else None
        for start, end in zip(starts, ends, strict=False):
            link = FoundLink(
                start, end, roles, str(one(g, node, PK.printedName) or ""), number, is_open, level
            )
            if (node, PK.viaBlanketClause, Literal(True)) in g:
                blankets.setdefault((start, roles), []).append(link)
            else:
                single.append(link)
    passages = task_passages(g, src)
    for (start, _), copies in blankets.items():
        here = [link for link in copies if link.task in containing(passages, start)]
        first = here[0] if here else min(copies, key=lambda link: order(link.task))
        reached = tuple(sorted({link.task for link in copies}, key=order))
        single.append(replace(first, blanket_tasks=reached))
    return sorted(single, key=lambda f: (f.start, f.end, f.roles, f.task))


def order(number: str) -> tuple:
    """Task numbers in reading order: 2.10 after 2.9; non-numeric parts after numbers."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in number.split("."))


def task_passages(g: Graph, source: URIRef) -> list[tuple[int, int, str]]:
    """(start, end, task number) of every task passage stated in the source."""
    passages = []
    for task in g.subjects(RDF.type, PK.Task):
        number = str(one(g, task, PK.taskNumber) or "")
        for passage in g.objects(task, PK.passage):
            if (passage, PK.statedIn, source) in g:
                start, end = one(g, passage, PK.sourceStart), one(g, passage, PK.sourceEnd)
                if start is not None and end is not None:
                    passages.append((int(start), int(end), number))
    return sorted(passages)


def containing(passages: Sequence[tuple[int, int, str]], offset: int) -> list[str]:
    """Task numbers whose passage holds the offset, the narrowest first."""
    hits = [(end - start, number) for start, end, number in passages if start <= offset < end]
    return [number for _, number in sorted(hits)]


@dataclass
class Match:
    pairs: list[tuple[ExpectedLink, FoundLink]]
    missing: list[ExpectedLink]
    extra: list[FoundLink]


def match(expected: Sequence[ExpectedLink], found: Sequence[FoundLink]) -> Match:
    """Pair expected and found links one to one by overlapping spans: pairs with the same role
    first, then the larger overlap, then printed order. What is left is missing or extra."""
    candidates = []
    for i, e in enumerate(expected):
        for j, f in enumerate(found):
            overlap = min(e.end, f.end) - max(e.start, f.start)
            if overlap > 0:
                candidates.append((e.role not in f.roles, -overlap, e.start, f.start, i, j))
    used_e: set[int] = set()
    used_f: set[int] = set()
    pairs = []
    for *_, i, j in sorted(candidates):
        if i not in used_e and j not in used_f:
            used_e.add(i)
            used_f.add(j)
            pairs.append((expected[i], found[j]))
    pairs.sort(key=lambda p: p[0].start)
    missing = [e for i, e in enumerate(expected) if i not in used_e]
    extra = [f for j, f in enumerate(found) if j not in used_f]
    return Match(pairs, missing, extra)


@dataclass(frozen=True)
class Detail:
    """One link the developer should look at."""

    kind: str  # wrong role | missing | extra | task id | level | open list | blanket
    where: str  # line:column (offset N) of the printed name
    printed: str
    expected: str
    found: str


@dataclass
class PlanScore:
    plan: str
    jurisdiction: str = ""
    detected: str = ""  # yes | no | wrong: X | "" when not asked
    error: str = ""
    expected: int = 0
    found: int = 0
    correct: int = 0
    wrong_role: int = 0
    missing: int = 0
    extra: int = 0
    unresolved: int = 0  # missing links whose name the tool read but could not resolve
    exact: int = 0  # correct links whose span is exactly the expected name
    matched: int = 0  # span-matched links, the base of the secondary columns
    task_ids: int = 0
    open_lists: int = 0
    levels: int = 0
    blanket_tasks: int = 0  # tasks of blanket ranges that carry the blanket's link
    blanket_wanted: int = 0  # tasks of blanket ranges that the tool has as tasks
    blanket_extra: int = 0  # tasks outside the ranges that carry it
    details: list[Detail] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 0.0

    def summary(self) -> dict[str, object]:
        """JSON-ready: every count and the two ratios, without the details."""
        data = {k: v for k, v in asdict(self).items() if k != "details"}
        data["precision"] = round(self.precision, 4)
        data["recall"] = round(self.recall, 4)
        return data


def blanket_range(
    structure: Sequence[dict[str, str]], applies_from: str, applies_to: str
) -> list[dict[str, str]]:
    """The structure items a blanket clause reaches: from..to in printed order, boxes left
    out, and headings whose sub-items are listed only when they have a note of their own."""
    ids = [r["id"] for r in structure]
    inside = structure[ids.index(applies_from) : ids.index(applies_to) + 1]
    parents = {r["id"].rsplit(".", 1)[0] for r in structure if "." in r["id"]}
    return [
        r
        for r in inside
        if r["kind"] != "box" and (r["id"] not in parents or r["has_note"] == "yes")
    ]


def score(
    g: Graph,
    text: str,
    rows: Sequence[dict[str, str]],
    *,
    plan: str = "plan",
    source: URIRef | None = None,
    structure: Sequence[dict[str, str]] = (),
    blankets: Sequence[dict[str, str]] = (),
    unresolved: Iterable[tuple[str, int]] = (),
) -> PlanScore:
    """How well the graph's links of one source agree with the hand-checked rows of its text.
    `structure` and `blankets` (this plan's rows of blankets.tsv) enable the blanket column;
    `unresolved` ((name, offset) pairs the tool read but could not resolve) explains missing
    links in the details."""
    expected = expected_links(text, rows, plan)
    found = found_links(g, source)
    m = match(expected, found)
    result = PlanScore(plan=plan, expected=len(expected), found=len(found))
    result.matched = len(m.pairs)
    result.missing, result.extra = len(m.missing), len(m.extra)
    details: list[tuple[int, Detail]] = []

    def note(kind: str, start: int, printed: str, want: str, got: str) -> None:
        details.append((start, Detail(kind, position(text, start), printed, want, got)))

    def agrees(kind: str, e: ExpectedLink, want: object, have: object) -> bool:
        if want != have:
            note(kind, e.start, e.printed, str(want), str(have))
        return want == have

    # the graph's pk:openList is a task's (any of its lists ends in 等), the rows' `open` a group's
    open_tasks = {e.task for e in expected if e.open}
    for e, f in m.pairs:
        got = "/".join(f.roles)
        if e.role in f.roles:
            result.correct += 1
            result.exact += (e.start, e.end) == (f.start, f.end)
        else:
            result.wrong_role += 1
            note("wrong role", e.start, e.printed, e.role, f"{got} ({text[f.start : f.end]})")
        result.task_ids += agrees("task id", e, e.task, f.task)
        result.open_lists += agrees("open list", e, e.task in open_tasks, f.open_list)
        result.levels += agrees("level", e, e.level, f.level)
    read = sorted(unresolved, key=lambda u: u[1])
    for e in m.missing:
        why = [name for name, at in read if at < e.end and e.start < at + len(name)]
        got = f"read as {why[0]!r}, not resolved" if why else "not read"
        result.unresolved += bool(why)
        note("missing", e.start, e.printed, e.role, got)
    for f in m.extra:
        note("extra", f.start, text[f.start : f.end], "", f"{'/'.join(f.roles)} on {f.task}")
    if blankets and structure:
        src = the_source(g, source)
        agreement = blanket_agreement(g, src, text, expected, m.pairs, structure, blankets)
        result.blanket_tasks, result.blanket_wanted, result.blanket_extra, disagreements = agreement
        for at, printed, want, got in disagreements:
            note("blanket", at, printed, want, got)
    result.details = [d for _, d in sorted(details, key=lambda x: (x[0], x[1].kind))]
    return result


def blanket_agreement(
    g: Graph,
    source: URIRef,
    text: str,
    expected: Sequence[ExpectedLink],
    pairs: Sequence[tuple[ExpectedLink, FoundLink]],
    structure: Sequence[dict[str, str]],
    blankets: Sequence[dict[str, str]],
) -> tuple[int, int, int, list[tuple[int, str, str, str]]]:
    """(tasks of the ranges that carry the clause's link, tasks of the ranges the tool has,
    tasks outside the ranges that carry it, the disagreements as (offset, what, expected,
    found)). A range's item is the tool's narrowest task holding the item's printed number;
    the clause's link is the found link matched to its blanket row."""
    starts = line_starts(text)
    passages = task_passages(g, source)
    paired = dict(pairs)
    carried = wanted_total = outside = 0
    disagreements = []
    for b in blankets:
        row = next(
            (e for e in expected if e.blanket and (e.task, e.printed) == (b["task"], b["printed"])),
            None,
        )
        if row is None:
            raise PlanError("blankets.tsv", f"{b['printed']} at {b['task']} has no expected row")
        link = paired.get(row)
        reached = set(link.blanket_tasks or (link.task,)) if link else set()
        wanted: set[str] = set()
        for item in blanket_range(structure, b["applies_from"], b["applies_to"]):
            line_start = starts[int(item["line"]) - 1]
            line = text[line_start : starts[int(item["line"])]]
            at = line_start + len(line) - len(line.lstrip())
            tasks = containing(passages, at)
            if not tasks:
                continue  # not a task in the tool: the README allows leaving it out
            wanted.add(tasks[0])
            if tasks[0] not in reached:
                disagreements.append((at, item["id"], b["printed"], f"not on task {tasks[0]}"))
        for task in sorted(reached - wanted, key=order):
            disagreements.append((row.start, b["printed"], "outside the range", f"on task {task}"))
        carried += len(wanted & reached)
        wanted_total += len(wanted)
        outside += len(reached - wanted)
    return carried, wanted_total, outside, disagreements


def line_starts(text: str) -> list[int]:
    """The offset where each line starts, and one past the end: line n is
    text[starts[n - 1] : starts[n]]."""
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    return starts


COLUMNS = [
    ("plan", "plan"),
    ("jurisdiction", "jurisdiction"),
    ("detected", "detected"),
    ("expected", "expected"),
    ("found", "found"),
    ("correct", "correct"),
    ("wrong_role", "wrong"),
    ("missing", "missing"),
    ("extra", "extra"),
    ("unresolved", "unres"),
    ("precision", "prec"),
    ("recall", "recall"),
    ("exact", "exact"),
    ("task_ids", "task"),
    ("open_lists", "open"),
    ("levels", "level"),
    ("blanket", "blanket"),
]


def table_rows(scores: Sequence[PlanScore]) -> list[dict[str, object]]:
    """One JSON-ready row per plan, sorted by plan, then a total row."""
    rows = []
    for s in sorted(scores, key=lambda s: s.plan):
        row = s.summary()
        row["blanket"] = (
            f"{s.blanket_tasks}/{s.blanket_wanted}+{s.blanket_extra}"
            if s.blanket_wanted or s.blanket_extra
            else ""
        )
        rows.append(row)
    total = PlanScore(plan="TOTAL")
    for s in scores:
        for key in (
            "expected",
            "found",
            "correct",
            "wrong_role",
            "missing",
            "extra",
            "unresolved",
            "exact",
            "matched",
            "task_ids",
            "open_lists",
            "levels",
            "blanket_tasks",
            "blanket_wanted",
            "blanket_extra",
        ):
            setattr(total, key, getattr(total, key) + getattr(s, key))
    row = total.summary()
    row["blanket"] = f"{total.blanket_tasks}/{total.blanket_wanted}+{total.blanket_extra}"
    rows.append(row)
    return rows


def format_scores(scores: Sequence[PlanScore], fmt: str = "text") -> str:
    """The per-plan table as aligned text, TSV or JSON. The secondary columns count the
    span-matched links (`matched`) that agree; errors follow the text table."""
    rows = table_rows(scores)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    cells = [[title for _, title in COLUMNS]]
    for row in rows:
        cells.append([cell(row, key) for key, _ in COLUMNS])
    if fmt == "tsv":
        return "".join("\t".join(r) + "\n" for r in cells)
    widths = [max(len(r[i]) for r in cells) for i in range(len(COLUMNS))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines += [f"{s.plan}: {s.error}" for s in sorted(scores, key=lambda s: s.plan) if s.error]
    return "\n".join(lines) + "\n"


def cell(row: dict[str, object], key: str) -> str:
    value = row[key]
    if key in ("precision", "recall"):
        return f"{value:.2f}"
    if key in ("task_ids", "open_lists", "levels"):
        return f"{value}/{row['matched']}"
    return str(value)


def format_details(s: PlanScore) -> str:
    """Every link of one plan to look at, in printed order."""
    lines = [f"{s.plan}: {s.correct}/{s.expected} correct, {s.extra} extra"]
    if s.error:
        lines.append(f"error: {s.error}")
    for d in s.details:
        want = f" expected {d.expected}" if d.expected else ""
        lines.append(f"{d.where}  {d.kind}: {d.printed}{want}; found {d.found}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Floor:
    plan: str
    jurisdiction: str  # the plan's jurisdiction, given when the tool cannot detect it
    detected: str  # yes | no | wrong: X
    min_correct: int
    max_extra: int


def read_floors(text: str, where: str = "scores.tsv") -> dict[str, Floor]:
    rows = read_table(text, FLOORS_HEADER, where)
    return {
        r["plan"]: Floor(
            r["plan"], r["jurisdiction"], r["detected"], int(r["min_correct"]), int(r["max_extra"])
        )
        for r in rows
    }


def format_floors(floors: Iterable[Floor]) -> str:
    lines = ["\t".join(FLOORS_HEADER)]
    for f in sorted(floors, key=lambda f: f.plan):
        lines.append(
            "\t".join([f.plan, f.jurisdiction, f.detected, str(f.min_correct), str(f.max_extra)])
        )
    return "\n".join(lines) + "\n"


def raised_floors(scores: Iterable[PlanScore], floors: dict[str, Floor]) -> list[Floor]:
    """The floors table that records these scores (jurisdictions kept from `floors`)."""
    return [
        Floor(
            s.plan,
            floors[s.plan].jurisdiction if s.plan in floors else s.jurisdiction,
            s.detected,
            s.correct,
            s.extra,
        )
        for s in scores
    ]


def floor_problems(scores: Iterable[PlanScore], floors: dict[str, Floor]) -> list[str]:
    """What differs between the scores and the floors table: a plan below its floor is a
    regression; one above it, or detected differently, means the table must be raised."""
    problems = []
    for s in sorted(scores, key=lambda s: s.plan):
        f = floors.get(s.plan)
        if f is None:
            problems.append(
                f"{s.plan}: no floor in scores.tsv; run scripts/score_real.py --update-floors"
            )
            continue
        if s.correct < f.min_correct:
            problems.append(
                f"{s.plan}: {s.correct} correct links, below the floor of {f.min_correct}"
            )
        if s.extra > f.max_extra:
            problems.append(f"{s.plan}: {s.extra} extra links, above the ceiling of {f.max_extra}")
        better = s.correct > f.min_correct or s.extra < f.max_extra or s.detected != f.detected
        if better and s.correct >= f.min_correct and s.extra <= f.max_extra:
            problems.append(
                f"{s.plan}: now {s.correct} correct, {s.extra} extra, detected {s.detected} "
                f"(table: {f.min_correct}, {f.max_extra}, {f.detected}); raise the floor with "
                "scripts/score_real.py --update-floors"
            )
    return problems


def score_plan(
    path: str,
    text: str,
    rows: Sequence[dict[str, str]],
    registry: Registry,
    *,
    plan: str,
    jurisdiction: str | None = None,
    structure: Sequence[dict[str, str]] = (),
    blankets: Sequence[dict[str, str]] = (),
) -> PlanScore:
    """Analyse one plan text, build its graph in memory (no figures, no site) and score it.

    The tool is asked first without `jurisdiction`: it is the plan's known jurisdiction, used
    only when the tool cannot tell it (it builds with the unknown jurisdiction), and
    `detected` records which happened: yes, no, or wrong: X when the tool names another place
    (the plan is then scored as the tool built it). A plan the tool refuses scores 0 and
    carries its error."""
    result = PlanScore(plan=plan)
    try:
        analysis = analyse(path, text, registry, plan_id_from_path(path))
        if analysis.jurisdiction == UNKNOWN_ID:
            result.detected = "no"
            if jurisdiction:
                analysis = analyse(path, text, registry, plan_id_from_path(path), jurisdiction)
        elif jurisdiction and analysis.jurisdiction != jurisdiction:
            result.detected = f"wrong: {analysis.jurisdiction}"
        else:
            result.detected = "yes"
    except PlanError as err:
        result.error = err.message
        return scored_nothing(result, text, rows)
    g = build_graph([analysis], registry)
    unresolved = [(u.name, u.offset) for u in analysis.unresolved]
    scored = score(
        g, text, rows, plan=plan, structure=structure, blankets=blankets, unresolved=unresolved
    )
    scored.jurisdiction, scored.detected = analysis.jurisdiction, result.detected
    return scored


def scored_nothing(result: PlanScore, text: str, rows: Sequence[dict[str, str]]) -> PlanScore:
    """The score of a plan the tool refused: every expected link missing."""
    expected = expected_links(text, rows, result.plan)
    result.expected = result.missing = len(expected)
    for e in expected:
        result.details.append(
            Detail("missing", position(text, e.start), e.printed, e.role, "plan refused")
        )
    return result


def score_hand_checked(
    plans: dict[str, dict[str, str]],
    blankets_text: str,
    registry: Registry,
    jurisdictions: dict[str, str] | None = None,
) -> list[PlanScore]:
    """Score every plan of a folder as io.read_hand_checked reads it; `jurisdictions` are the
    plans' known jurisdictions, by stem, for the tool to fall back on."""
    blankets = read_table(blankets_text, BLANKET_HEADER, "blankets.tsv") if blankets_text else []
    scores = []
    for stem, files in sorted(plans.items()):
        rows = read_table(files["expected"], EXPECTED_HEADER, f"{stem}.expected.tsv")
        structure = (
            read_table(files["structure"], STRUCTURE_HEADER, f"{stem}.structure.tsv")
            if files["structure"]
            else []
        )
        scores.append(
            score_plan(
                files["path"],
                files["text"],
                rows,
                registry,
                plan=stem,
                jurisdiction=(jurisdictions or {}).get(stem),
                structure=structure,
                blankets=[b for b in blankets if b["plan"] == stem],
            )
        )
    return scores
