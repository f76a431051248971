"""report.md: what a build found, what it could not read, and who carries the most tasks."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .analysis.tally import tasks_by_role
from .errors import position
from .namespace import PK
from .pipeline import SourceAnalysis
from .reconcile import Disagreement
from .shapes_sparql import Select
from .validate import Validation

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


def md(text: str) -> str:
    """Plan text inside a Markdown table cell: no pipes, no line breaks."""
    return " ".join(str(text).split()).replace("|", "\\|")


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
    return sorted(rows, key=lambda r: (-int(r["tasks"]), -int(r["all"]), str(r["en"])))


def class_counts(select: Select) -> dict[str, int]:
    found = {row["class"]: int(row["n"]) for row in select(CLASS_COUNTS)}
    return {str(c).rsplit("#", 1)[-1]: found.get(str(c), 0) for c in COUNTED}


def disagreement_table(disagreements: list[Disagreement]) -> list[str]:
    """Task by task; "version" is the text the difference is about."""
    if not disagreements:
        return ["The versions agree task by task."]
    counts = Counter(d.kind for d in disagreements)
    lines = [", ".join(f"{kind}: {n}" for kind, n in sorted(counts.items())) + ".", ""]
    lines += ["| plan | task | kind | version | detail |", "|---|---|---|---|---|"]
    lines += [
        f"| {d.plan_id} | {d.task} | {d.kind} | {d.version} | {md(d.detail)} |"
        for d in disagreements
    ]
    return lines


def render(
    select: Select,
    analyses: list[SourceAnalysis],
    validation: Validation,
    disagreements: list[Disagreement] | None = None,
) -> str:
    lines = ["# plankg build report", ""]
    for a in analyses:
        doc = a.doc
        lines += [
            f"## {md(doc.title or a.source.plan_id)}",
            "",
            f"- source: `{Path(a.source.path).name}` ({a.source.lang}), plan id `{a.source.plan_id}`, "
            f"jurisdiction `{a.jurisdiction}`",
            f"- issued: {doc.issued or 'not found'}; published: {doc.published or 'not found'}",
            f"- issued by: {', '.join(md(ag.name_en) for ag, *_ in a.issuers) or 'not found'}",
            f"- approved by: {md(a.approved_by[0].name_en) if a.approved_by else 'not found'}",
            f"- targets: {', '.join(str(t.year) for t in doc.targets) or 'none found'}",
            f"- sections: {sum(1 for s in doc.sections if s.parent)}; numbered tasks: "
            f"{sum(1 for t in doc.tasks if t.number[0].isdigit())}; organisational items: "
            f"{sum(1 for t in doc.tasks if t.number.startswith('G'))}",
            "",
        ]
    lines += ["## Counts", "", "| class | count |", "|---|---:|"]
    for name, count in class_counts(select).items():
        lines.append(f"| pk:{name} | {count} |")
    lines += ["", "## Source defects", ""]
    defects = [(a, f, d) for a in analyses for f in a.facts for d in f.defects]
    if defects:
        lines += ["| source | task | kind | where | explanation |", "|---|---|---|---|---|"]
        for a, f, d in defects:
            where = position(a.source.text, d.start)
            lines.append(
                f"| {Path(a.source.path).name} | {f.task.number} | {d.kind} | {where} | {md(d.explanation)} |"
            )
    else:
        lines.append("None found.")
    open_lists = [
        f"{f.task.number} ({a.source.lang})" for a in analyses for f in a.facts if f.open_list
    ]
    lines += ["", f'Open lists (ending in "etc."/"等"): {", ".join(open_lists) or "none"}.', ""]
    lines += ["## Unresolved agency names", ""]
    unresolved = [u for a in analyses for u in a.unresolved]
    if unresolved:
        lines += ["| where | name as printed |", "|---|---|"]
        lines += [f"| {Path(u.path).name}:{u.where} | {md(u.name)} |" for u in unresolved]
    else:
        lines.append("None: every printed name resolved to a canonical agency.")
    ruled = sorted(
        {
            (name, r.agency.name_en)
            for a in analyses
            for name, r in a.resolutions.items()
            if r.method == "rule"
        }
    )
    if ruled:
        lines += ["", "Resolved by normalisation rules (candidates for the alias registry):", ""]
        lines += [f"- {md(name)} -> {md(canonical)}" for name, canonical in ruled]
    if len({a.source.lang for a in analyses}) > 1:
        lines += ["", "## Where the language versions disagree", ""]
        lines += disagreement_table(disagreements or [])
    lines += [
        "",
        "## Agencies ranked by number of tasks",
        "",
        "Tasks named as lead, co-responsible, cooperating or supporting body; implementer "
        "assignments (often from a blanket clause) are counted in their own column.",
        "",
    ]
    lines += [
        "| # | agency | 中文 | tasks | lead | co-responsible | cooperating | supporting | implementer |"
    ]
    lines += ["|---:|---|---|---:|---:|---:|---:|---:|---:|"]
    for i, row in enumerate(agency_table(select), 1):
        lines.append(
            f"| {i} | {md(row['en'])} | {md(row['zh'])} | {row['tasks']} | {row['Lead']} | "
            f"{row['CoResponsible']} | {row['Cooperating']} | {row['Supporting']} | {row['Implementer']} |"
        )
    lines += [
        "",
        "## SHACL validation",
        "",
        f"Conforms: {'yes' if validation.conforms else 'no'} ({validation.violations} results).",
        "",
    ]
    if not validation.conforms:
        lines += ["```", validation.text.strip(), "```", ""]
    return "\n".join(lines)
