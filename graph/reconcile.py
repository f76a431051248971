"""Reconcile language versions of one plan: where the English and Chinese texts disagree."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from .model import TaskFacts
from .pipeline import SourceAnalysis
from .registry import Agency

NOTE_DEFECTS = {
    "missing responsibility note": "note missing",
    "truncated responsibility note": "note cut",
}


@dataclass(frozen=True)
class Disagreement:
    """One difference between two versions of a plan, at one task.

    `version` is the language of the text the difference is about: the one that names the
    agency, prints the title, or has lost or cut the note."""

    plan_id: str
    task: str
    kind: str  # task missing | title missing | note missing | note cut | agency missing | lead missing | role differs | blanket clause differs
    version: str
    other: str
    detail: str
    agency: Agency | None = None


def task_order(number: str) -> tuple[int, int, str]:
    head, _, tail = number.lstrip("G").partition(".")
    return (1 if number.startswith("G") else 0, int(head) if head.isdigit() else 0, tail)


def roles_of(a: SourceAnalysis, f: TaskFacts, blanket: bool) -> dict[Agency, set[str]]:
    """Agencies with their roles: those the task's own note states (blanket=False), or those a
    blanket clause in it binds later tasks to (blanket=True); inherited ones are left out."""
    roles: dict[Agency, set[str]] = defaultdict(set)
    for body in f.bodies:
        found = a.resolution(body)
        own = f.task.start <= body.start < f.task.end
        if found and (body.blanket if blanket else own and body.applies_here):
            roles[found.agency].add(body.role)
    return roles


def reconcile(analyses: list[SourceAnalysis]) -> list[Disagreement]:
    """Every disagreement between the language versions of each plan, in task order."""
    by_plan: dict[str, list[SourceAnalysis]] = defaultdict(list)
    for a in analyses:
        by_plan[a.source.plan_id].append(a)
    out: list[Disagreement] = []
    for plan_id, versions in sorted(by_plan.items()):
        versions = sorted(versions, key=lambda a: a.source.lang)
        for x, y in combinations(versions, 2):
            if x.source.lang != y.source.lang:
                out += compare(plan_id, x, y)
    return sorted(out, key=lambda d: (d.plan_id, task_order(d.task), d.kind, d.version, d.detail))


def compare(plan_id: str, x: SourceAnalysis, y: SourceAnalysis) -> list[Disagreement]:
    fx = {f.task.id: f for f in x.facts}
    fy = {f.task.id: f for f in y.facts}
    out: list[Disagreement] = []

    def add(task: str, kind: str, a: SourceAnalysis, b: SourceAnalysis, detail: str, agency=None):
        out.append(Disagreement(plan_id, task, kind, a.source.lang, b.source.lang, detail, agency))

    for number in sorted(set(fx) | set(fy), key=task_order):
        if number not in fx or number not in fy:
            has, lacks = (x, y) if number in fx else (y, x)
            add(
                number,
                "task missing",
                has,
                lacks,
                f"only the {has.source.lang} version has task {number}",
            )
            continue
        pair = ((x, fx[number]), (y, fy[number]))
        for (a, fa), (b, fb) in (pair, pair[::-1]):
            if fa.task.title and not fb.task.title:
                add(
                    number,
                    "title missing",
                    a,
                    b,
                    f"the {a.source.lang} version prints the title {fa.task.title!r}; "
                    f"the {b.source.lang} version prints none",
                )
            kinds_a = {NOTE_DEFECTS[d.kind] for d in fa.defects if d.kind in NOTE_DEFECTS}
            kinds_b = {NOTE_DEFECTS[d.kind] for d in fb.defects if d.kind in NOTE_DEFECTS}
            for kind in sorted(kinds_a - kinds_b):
                add(
                    number,
                    kind,
                    a,
                    b,
                    f"the {a.source.lang} version's responsibility note is "
                    f"{'missing' if kind == 'note missing' else 'cut off'}; the {b.source.lang} "
                    "version's is not",
                )
        out += compare_roles(plan_id, number, pair)
    first = min(set(fx) & set(fy), key=task_order, default=None)
    if first is not None:
        bx = {ag for f in x.facts for ag in roles_of(x, f, True)}
        by = {ag for f in y.facts for ag in roles_of(y, f, True)}
        if bx != by:
            names = {
                a.source.lang: ", ".join(sorted(ag.name_en for ag in s)) or "none"
                for a, s in ((x, bx), (y, by))
            }
            add(
                first,
                "blanket clause differs",
                x,
                y,
                f"the clause binding every later task names {names[x.source.lang]} in "
                f"{x.source.lang} and {names[y.source.lang]} in {y.source.lang}",
            )
    return out


def compare_roles(plan_id: str, number: str, pair) -> list[Disagreement]:
    (x, fx), (y, fy) = pair
    rx, ry = roles_of(x, fx, False), roles_of(y, fy, False)
    out = []
    for (a, ra), (b, rb) in (((x, rx), (y, ry)), ((y, ry), (x, rx))):
        la, lb = a.source.lang, b.source.lang
        for agency in sorted(ra, key=lambda ag: (ag.jurisdiction, ag.id)):
            roles = "/".join(sorted(ra[agency]))
            if agency not in rb:
                kind = "lead missing" if "Lead" in ra[agency] else "agency missing"
                out.append(
                    Disagreement(
                        plan_id,
                        number,
                        kind,
                        la,
                        lb,
                        f"{agency.name_en} ({roles}) is named in {la} only",
                        agency,
                    )
                )
            elif "Lead" in ra[agency] and "Lead" not in rb[agency]:
                out.append(
                    Disagreement(
                        plan_id,
                        number,
                        "lead missing",
                        la,
                        lb,
                        f"{agency.name_en} leads in {la}; in {lb} it is "
                        f"{'/'.join(sorted(rb[agency]))}",
                        agency,
                    )
                )
            elif (
                ra[agency] != rb[agency] and la < lb and not ({"Lead"} & (ra[agency] | rb[agency]))
            ):
                out.append(
                    Disagreement(
                        plan_id,
                        number,
                        "role differs",
                        la,
                        lb,
                        f"{agency.name_en} is {roles} in {la} and "
                        f"{'/'.join(sorted(rb[agency]))} in {lb}",
                        agency,
                    )
                )
    return out


def read_disagreements(g, plan_id: str) -> list[dict[str, str]]:
    """The pk:Disagreement nodes a build wrote for one plan, as sorted plain rows."""
    from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

    from .namespace import PK, mint

    plan = mint(plan_id)
    rows = []
    for node in g.subjects(RDF.type, PK.Disagreement):
        task = g.value(node, PK.disagreementTask)
        if g.value(g.value(task, PK.inSection), PK.inPlan) != plan:
            continue
        agency = g.value(node, PK.disagreementAgency)
        source = g.value(node, PK.statedIn)
        names = (
            {getattr(v, "language", None): str(v) for v in g.objects(agency, SKOS.prefLabel)}
            if agency is not None
            else {}
        )
        rows.append(
            {
                "task": str(g.value(task, PK.taskNumber)),
                "kind": str(g.value(node, PK.disagreementKind)),
                "version": str(g.value(source, DCTERMS.language) or str(source).rsplit("/", 1)[-1]),
                "agency": names.get("en", ""),
                "detail": str(g.value(node, RDFS.comment)),
            }
        )
    return sorted(rows, key=lambda r: (task_order(r["task"]), r["kind"], r["version"], r["detail"]))
