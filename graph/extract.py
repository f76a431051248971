"""Extract, the part every language shares: per task, the bodies its notes name (read by
the language), blanket clauses copied onto every later task, place and sector mentions,
quantities and years (read by the language) and source defects."""

from __future__ import annotations

from dataclasses import replace

from .lang import LANGUAGES, Language
from .matcher import AliasMatcher, words_key
from .model import Defect, Ingested, IsAgency, Mention, NamedBody, TaskBlock, TaskFacts
from .reading import squash
from .registry import Registry


def extract(doc: Ingested, registry: Registry, is_agency: IsAgency) -> list[TaskFacts]:
    """Facts of every task of one source; blanket clauses are copied onto every later task."""
    text = doc.source.text
    place_matcher, sector_matcher = matchers(registry)
    language = LANGUAGES[doc.source.lang]
    facts = []
    blanket: list[NamedBody] = []
    for task in doc.tasks:
        f = TaskFacts(task=task)
        ungoverned = False
        own: list[NamedBody] = []
        if task.note:
            own, f.open_list, ungoverned = language.parse_note(text, task.note, is_agency)
        # Chinese paragraphs can hold several notes ("…（责任单位：A牵头）推进…（…）"): each names
        # bodies of the task; a task whose closing note ingest did not take is read here too
        fused = language.fused_notes(
            text, task.body_start, task.note.start if task.note else task.end
        )
        for note in reversed(fused):
            more, open_list, _ = language.parse_note(text, note, is_agency)
            own, f.open_list = more + own, f.open_list or open_list
        bodies = [b for b in own if b.applies_here]
        if task.number[0].isdigit():
            bodies += blanket
            blanket += [b for b in own if b.blanket]
        f.bodies = once_each(bodies)
        f.defects = find_defects(text, task, ungoverned, noted=bool(fused))
        body_end = task.note.start if task.note else fused[-1].start if fused else task.end
        f.mentions = find_mentions(
            text, task.body_start, body_end, "place", place_matcher, language
        )
        f.mentions += find_mentions(
            text, task.body_start, body_end, "sector", sector_matcher, language
        )
        f.quantities = language.find_quantities(text, task.body_start, body_end)
        f.years = language.find_years(text, task.body_start, body_end)
        facts.append(f)
    return facts


def once_each(bodies: list[NamedBody]) -> list[NamedBody]:
    """Each printing of a name once per role, numbered in order. A blanket clause does not
    state a body a second time: "各市人民政府负责落实〔本项及以下各项任务均需各市人民政府落实〕"
    states one implementer, not two. Two notes of one task that each print the same body in
    the same role are two statements, each with its own span (Anhui 2.2.1)."""
    seen: dict[tuple[str, str], bool] = {}  # (name, role) -> was any printing a blanket one
    out = []
    for body in bodies:
        key = (body.printed, body.role)
        if key in seen and (body.blanket or seen[key]):
            continue
        seen[key] = seen.get(key, False) or body.blanket
        out.append(replace(body, position=len(out) + 1))
    return out


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


def matchers(registry: Registry) -> tuple[AliasMatcher, AliasMatcher]:
    """Place and sector matchers, built once per registry. Sector labels are ordinary words
    ("Energy", "Water"), so only their curated aliases are matched."""
    if "matchers" not in registry.cache:
        places = {p.id: (*p.aliases, p.name_en, p.name_zh) for p in registry.places.values()}
        sectors = {s.id: (*s.aliases_en, *s.aliases_zh) for s in registry.sectors.values()}
        registry.cache["matchers"] = (AliasMatcher.build(places), AliasMatcher.build(sectors))
    return registry.cache["matchers"]


def find_mentions(
    text: str, start: int, end: int, kind: str, matcher: AliasMatcher, language: Language
) -> list[Mention]:
    """Every registry spelling named in text[start:end], longest first; a place the language
    prints coordinated ("eastern and southern Henan" names eastern Henan) too, unless the whole
    phrase is a place of its own."""
    if start >= end:
        return []
    found = [Mention(kind, ref, text[s:e], s, e) for ref, s, e in matcher.find(text, start, end)]
    if kind == "place":
        for place, s, e in language.coordinated_places(text, start, end):
            ref = matcher.latin.get(words_key(place))
            if ref and not any(f.start <= s and f.end >= e for f in found):
                found.append(Mention(kind, ref, text[s:e], s, e))
        found.sort(key=lambda f: (f.start, f.end))
    return found
