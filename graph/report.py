"""report.md: what a build found, what it could not read, and who carries the most tasks."""

from __future__ import annotations

import functools
import re
from collections import Counter
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from .analysis.tally import tasks_by_role
from .errors import position
from .namespace import PK
from .pipeline import SourceAnalysis, unregistered_bodies
from .reconcile import Disagreement
from .shapes_sparql import Select
from .validate import Validation

if TYPE_CHECKING:
    import jinja2

COUNTED = [
    PK.Plan,
    PK.SourceText,
    PK.Section,
    PK.Task,
    PK.Responsibility,
    PK.Agency,
    PK.AgencyFunction,
    PK.Place,
    PK.Sector,
    PK.Mention,
    PK.Quantity,
    PK.Target,
    PK.SourceDefect,
]
ROLES = ["Lead", "CoResponsible", "Cooperating", "Supporting", "Implementer"]


MARKUP = re.compile(r"[\\`*_\[\]<>&|~#]")  # what could start markup or end a table cell
LIST_LIKE = re.compile(r"^([-+]|\d+[.)])(?=\s|$)")  # at the start of a list item: a nested list


def md(text: object) -> str:
    """Plan text as Markdown inline text, shown as written wherever it stands (a table cell, a
    list item): on one line, every character that could start markup backslash-escaped."""
    text = MARKUP.sub(lambda m: "\\" + m.group(), " ".join(str(text).split()))
    return LIST_LIKE.sub(lambda m: f"{m[0][:-1]}\\{m[0][-1]}", text)


def code(text: object) -> str:
    """A Markdown code span of text, fenced by more backticks than any run inside it."""
    text = " ".join(str(text).split())
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


def fenced(text: object) -> str:
    """A Markdown code block of text, fenced by more backticks than any run inside it."""
    fence = "`" * max(3, max(map(len, re.findall("`+", str(text))), default=0) + 1)
    return f"{fence}\n{text}\n{fence}"


AGENCY_ROLES = """SELECT DISTINCT ?agency ?task ?role WHERE {
  ?r a pk:Responsibility ; pk:agency ?agency ; pk:task ?task ; pk:role ?role }"""
AGENCY_LABELS = """SELECT ?agency ?label (LANG(?label) AS ?lang) WHERE {
  ?agency a pk:Agency ; skos:prefLabel ?label }"""
CLASS_COUNTS = """SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class"""
PREFIXES = (
    "PREFIX pk: <https://w3id.org/plankg/def#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)


def agency_table(select: Select) -> list[dict[str, object]]:
    """Agencies with the tasks they are named on, by role; most tasks first. "tasks" leaves out
    implementer roles (a blanket clause puts the city governments on every task); "all" does not.
    A role stated in two language versions counts once."""
    stated = (
        (row["task"], row["agency"], row["role"].rsplit("#", 1)[-1])
        for row in select(PREFIXES + AGENCY_ROLES)
    )
    tallies = tasks_by_role(stated, apart={"Implementer"})
    labels: dict[tuple[str, str], str] = {}
    for row in select(PREFIXES + AGENCY_LABELS):
        labels[(row["agency"], row.get("lang", ""))] = row["label"]
    rows = []
    for agency, tally in tallies.items():
        rows.append(
            {
                "agency": agency,
                "en": labels.get((agency, "en"), str(agency).rsplit("/", 1)[-1]),
                "zh": labels.get((agency, "zh"), ""),
                "tasks": tally.tasks,
                "all": tally.all,
                **{role: tally.roles.get(role, 0) for role in ROLES},
            }
        )
    # ties end on the IRI: two bodies printed alike keep one order whatever engine answered
    return sorted(
        rows, key=lambda r: (-int(r["tasks"]), -int(r["all"]), str(r["en"]), str(r["agency"]))
    )


def class_counts(select: Select) -> dict[str, int]:
    found = {row["class"]: int(row["n"]) for row in select(CLASS_COUNTS)}
    return {str(c).rsplit("#", 1)[-1]: found.get(str(c), 0) for c in COUNTED}


def plan_summary(a: SourceAnalysis) -> dict[str, object]:
    """What the report says of one source text: title, dates, issuers, targets, counts."""
    doc = a.doc
    return {
        "title": doc.title or a.source.plan_id,
        "file": Path(a.source.path).name,
        "lang": a.source.lang,
        "plan_id": a.source.plan_id,
        "jurisdiction": a.jurisdiction,
        "issued": doc.issued,
        "published": doc.published,
        "issuers": [ag.name_en for ag, *_ in a.issuers],
        "approved_by": a.approved_by[0].name_en if a.approved_by else None,
        "targets": [t.year for t in doc.targets],
        "sections": sum(1 for s in doc.sections if s.parent),
        "numbered": sum(1 for t in doc.tasks if t.number[0].isdigit()),
        "organisational": sum(1 for t in doc.tasks if t.number.startswith("G")),
    }


def source_defects(analyses: list[SourceAnalysis]) -> list[dict[str, str]]:
    """The defects of each task, then those of each text's structure, which belong to no task
    ("-" in the task column)."""
    found = [(a, f.task.id, d) for a in analyses for f in a.facts for d in f.defects]
    found += [(a, "-", d) for a in analyses for d in a.doc.defects]
    return [
        {
            "file": Path(a.source.path).name,
            "task": task,
            "kind": d.kind,
            "where": position(a.source.text, d.start),
            "explanation": d.explanation,
        }
        for a, task, d in found
    ]


def open_lists(analyses: list[SourceAnalysis]) -> list[str]:
    """Tasks whose list of bodies ends in "etc."/"等", with the version that says so."""
    return [f"{f.task.id} ({a.source.lang})" for a in analyses for f in a.facts if f.open_list]


def ruled_names(analyses: list[SourceAnalysis]) -> list[tuple[str, str]]:
    """Printed names resolved by normalisation rules, with their agency: alias candidates."""
    return sorted(
        {
            (name, r.agency.name_en)
            for a in analyses
            for name, r in a.resolutions.items()
            if r.method == "rule"
        }
    )


@functools.cache
def template() -> jinja2.Template:
    """templates/report.md.j2, shipped in the package. Markdown, not HTML: nothing is escaped
    by itself, so the template escapes plan text with `md`, `code` and `fenced`."""
    import jinja2

    environment = jinja2.Environment(
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters.update(md=md, code=code, fenced=fenced)
    environment.globals.update(plural=plural)
    text = files(__package__).joinpath("templates", "report.md.j2").read_text(encoding="utf-8")
    return environment.from_string(text)


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def unregistered(analyses: list[SourceAnalysis]) -> dict[str, object]:
    """The bodies minted from their printed names, by kind with counts: registry candidates."""
    bodies = unregistered_bodies(analyses)
    kinds = []
    for kind in sorted({b.agency.kind for b in bodies}):
        rows = [
            {
                "agency": b.agency.name_zh or b.agency.name_en,
                "jurisdiction": b.agency.jurisdiction,
                "printed": " / ".join(b.names),
                "links": b.links,
                "first": b.first,
            }
            for b in bodies
            if b.agency.kind == kind
        ]
        kinds.append({"kind": kind, "rows": rows, "links": sum(r["links"] for r in rows)})
    return {"bodies": len(bodies), "links": sum(b.links for b in bodies), "kinds": kinds}


def render(
    select: Select,
    analyses: list[SourceAnalysis],
    validation: Validation,
    disagreements: list[Disagreement] | None = None,
) -> str:
    """report.md: what the build found, gathered here, written by templates/report.md.j2."""
    disagreements = disagreements or []
    return template().render(
        plans=[plan_summary(a) for a in analyses],
        counts=class_counts(select),
        defects=source_defects(analyses),
        open_lists=open_lists(analyses),
        unregistered=unregistered(analyses),
        ruled=ruled_names(analyses),
        multilingual=len({a.source.lang for a in analyses}) > 1,
        disagreements=disagreements,
        disagreement_counts=dict(sorted(Counter(d.kind for d in disagreements).items())),
        agencies=agency_table(select),
        validation=validation,
    )
