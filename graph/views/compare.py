"""The pages of a graph of several plans: compare.html (the function x plan heatmap, whose cells
list their tasks, and the lineage of each plan that takes over tasks of a parent plan in the
graph) and plans/<id>.html (each plan's own ranking).

The heatmap is `analysis.heatmap.function_cells` (the counts of `plankg compare`); the lineage
is `analysis.compare.lineage`'s rows (`plankg compare --lineage`; pk:adapts and pk:Alignment,
the build's TF-IDF alignment, see graph/lineage.py): a task of the provincial plan beside the national task it adapts with the
score, the provincial tasks that adapt none ("added") and the national tasks none adapts
("not taken over"). Plan text travels to the page's script as escaped JSON and is printed by
Jinja, escaped, like every other page's.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

from ..analysis.compare import (
    ADOPTED,
    DROPPED,
    NO_LEAD,
    NO_LEAD_IN_PARENT,
    NO_LEAD_IN_PLAN,
    SAME,
    adapting_plans,
    function_of,
    lineage_nodes,
    plan_summary,
)
from ..analysis.heatmap import ANY_ROLE, CELL_ROLES, function_cells
from ..analysis.scope import plans
from ..lineage import ALIGNMENT_THRESHOLD
from .facts import Facts
from .page import asset, render_page, script_json

PATH = "compare.html"
ROLE_CHOICES = {
    ANY_ROLE: "named in any role",
    "lead": "leading",
    "co-responsible": "co-responsible",
    "cooperating": "cooperating",
    "supporting": "supporting",
}
HEAT_LEVELS = 5  # colour steps of a cell: heat-0 (absent) to heat-5 (80% of the tasks or more)


def heat(count: int, total: int) -> int:
    """A cell's colour step: 0 when no task, else ceil(5 x share), at most 5 (compare.js
    computes the same when the role changes)."""
    if not count or not total:
        return 0
    return min(HEAT_LEVELS, math.ceil(count / total * HEAT_LEVELS))


def number_key(number: str) -> tuple[Any, ...]:
    """Task numbers in reading order: "2" before "10", "3.2" after "3", lettered ones ("G1",
    the closing measures) after the numbered."""
    return (not number[:1].isdigit(), tuple(int(n) for n in re.findall(r"\d+", number)), number)


def plan_titles(g: Graph) -> dict[str, str]:
    """plan id -> its Chinese title (else English, else nothing)."""
    out = {}
    for pid, plan in plans(g).items():
        titles = {getattr(t, "language", "") or "": str(t) for t in g.objects(plan, DCTERMS.title)}
        title = titles.get("zh") or titles.get("en") or ""
        out[pid] = "" if title == pid else title
    return out


def task_key(facts: Facts, task: str) -> tuple[Any, ...]:
    """Tasks by plan, then in number order."""
    numbers = dict(facts.entries[task].numbers)
    return (numbers.get("plan", ""), number_key(numbers.get("task number", "")), task)


def task_record(facts: Facts, task: str, href: Callable[[str], str]) -> dict[str, Any]:
    """What the page says about one task: plan, number, text (Chinese first) and where the
    text stands in its source."""
    entry = facts.entries[task]
    numbers = dict(entry.numbers)
    passages = sorted(entry.passages, key=lambda p: (p["lang"] != "zh", p["lang"]))
    first = passages[0] if passages else {"text": "", "source": "", "start": 0, "end": 0}
    return {
        "plan": numbers.get("plan", ""),
        "number": numbers.get("task number", ""),
        "text": first["text"] or entry.zh or entry.en,
        "where": f"{first['source']}, characters {first['start']}–{first['end']}"
        if first["source"]
        else "",
        "href": href(task),
    }


def heatmap(g: Graph, facts: Facts, href: Callable[[str], str]) -> dict[str, Any]:
    """The heatmap as the page draws it (table rows) and as its script reads it (JSON)."""
    found = function_cells(g)
    titles = plan_titles(g)
    order = sorted(
        {t for cell in found["cells"].values() for t in cell[ANY_ROLE]},
        key=lambda t: task_key(facts, t),
    )
    index = {t: i for i, t in enumerate(order)}
    functions = {}
    for agency in sorted({a for held in facts.roles.values() for a in held}):
        functions[agency] = function_of(g, URIRef(agency))
    tasks = []
    for t in order:
        record = task_record(facts, t, href)
        record["bodies"] = [
            [agency, roles[0]]
            for agency, roles in sorted(facts.roles[t].items())
            if roles[0] != "implementer"
        ]
        tasks.append(record)
    bodies = {
        a: {
            "en": facts.entries[a].en,
            "zh": facts.entries[a].zh,
            "function": functions[a],
            "href": href(a),  # its own page, else where a view draws it
        }
        for record in tasks
        for a, _role in record["bodies"]
    }
    cells = {
        f"{f}\t{p}": {r: [index[t] for t in found["cells"][f, p][r]] for r in CELL_ROLES}
        for f, p in found["cells"]
    }
    columns = [
        {"id": p, "title": titles[p], "tasks": found["plan_tasks"][p]} for p in found["plans"]
    ]
    rows = []
    for f in found["functions"]:
        row = []
        for p in found["plans"]:
            n, total = len(found["cells"][f["id"], p][ANY_ROLE]), found["plan_tasks"][p]
            row.append({"plan": p, "count": n, "text": cell_text(n, total), "heat": heat(n, total)})
        rows.append({"function": f, "cells": row})
    data = {
        "plans": columns,
        "functions": found["functions"],
        "cells": cells,
        "tasks": tasks,
        "bodies": bodies,
        "roles": ROLE_CHOICES,
        "levels": HEAT_LEVELS,
    }
    return {"columns": columns, "rows": rows, "data": data}


def cell_text(count: int, total: int) -> str:
    """ "12 · 40%"; "–" where no task names the function (compare.js writes the same)."""
    if not count:
        return "–"
    return f"{count} · {round(100 * count / total)}%"


def lineage(g: Graph, facts: Facts, href: Callable[[str], str]) -> list[dict[str, Any]]:
    """Each plan whose tasks adapt tasks of another plan of the graph, beside that plan: the
    rows of analysis.compare.lineage (`plankg compare --lineage`), its tasks in number order,
    each with the parent task it adapts, the score and whether the lead changed, or "added";
    then the parent's tasks that no task of the plan adapts."""
    titles = plan_titles(g)
    out = []
    for child, parent in adapting_plans(g):
        rows, dropped = [], []
        for found, task, target in lineage_nodes(g, child, parent):
            if found["status"] == DROPPED:
                dropped.append(task_record(facts, str(target), href))
                continue
            row: dict[str, Any] = {"task": task_record(facts, str(task), href), "parent": None}
            if found["status"] == ADOPTED:
                row |= {
                    "parent": task_record(facts, str(target), href),
                    "score": f"{found['score']:.2f}" if found["score"] is not None else "–",
                    "lead": lead_words(found),
                }
            rows.append(row)
        adopted = [r for r in rows if r["parent"]]
        out.append(
            {
                "child": child,
                "parent": parent,
                "child_title": titles.get(child, ""),
                "parent_title": titles.get(parent, ""),
                "rows": rows,
                "adapted": len({r["task"]["href"] for r in adopted}),
                "added": len(rows) - len(adopted),
                "parent_tasks": len(dropped) + len({r["parent"]["href"] for r in adopted}),
                "taken": len({r["parent"]["href"] for r in adopted}),
                "dropped": dropped,
            }
        )
    return out


def lead_words(row: dict[str, Any]) -> str:
    """The lineage row's lead comparison in plain words."""
    lead = row["lead"]
    if lead == SAME:
        return f"same lead: {row['lead_function']}"
    if lead.startswith("changed"):
        return f"lead changed from {row['parent_lead_function']} to {row['lead_function']}"
    return {
        NO_LEAD: "neither task names a lead",
        NO_LEAD_IN_PLAN: f"no lead named here (the parent's: {row['parent_lead_function']})",
        NO_LEAD_IN_PARENT: f"the parent names no lead (here: {row['lead_function']})",
    }.get(lead, lead)


def compare_page(g: Graph, facts: Facts, href: Callable[[str], str]) -> str:
    """compare.html: href(IRI) is the page (and #node=) that draws a task or agency."""
    from markupsafe import Markup

    drawn = heatmap(g, facts, href)
    css, js = asset("style.css") + asset("compare.css"), asset("compare.js")
    return render_page(
        "compare.html.j2",
        here=PATH,
        root="",
        body_class="index-page",
        css=css,
        scripts={"compare_js": js},
        title="Compare plans",
        heatmap=drawn,
        roles=ROLE_CHOICES,
        lineages=lineage(g, facts, href),
        threshold=f"{ALIGNMENT_THRESHOLD:.2f}",
        data=Markup(script_json(drawn["data"])),
    )


def plan_page_path(plan: str) -> str:
    return f"plans/{plan}.html"


def plan_pages(
    g: Graph, rankings: dict[str, list[list[dict[str, Any]]]], columns: list[dict[str, Any]]
) -> dict[str, str]:
    """plans/<id>.html for each plan: its summary line and its own ranking (rankings: plan id
    -> the rows of the index's ranking table for that plan alone)."""

    css = asset("style.css") + asset("compare.css")
    titles = plan_titles(g)
    summary = {row["plan"]: row for row in plan_summary(g)}
    out = {}
    for pid, rows in rankings.items():
        out[plan_page_path(pid)] = render_page(
            "plan.html.j2",
            here="",
            root="../",
            body_class="index-page",
            css=css,
            scripts={},
            title=titles.get(pid) or pid,
            plan=pid,
            summary=summary[pid],
            ranking_columns=columns,
            ranking=rows,
        )
    return out
