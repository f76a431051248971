"""The function x plan heatmap as data: for every agency function and plan, which of the plan's
tasks name a body of that function, in each role, so a page can list the tasks behind a cell.

The counts are those of `compare.function_table` (a task counts once per role and function,
each agency in its strongest named role on the task; implementers left out): a cell's task
list for role r holds led(f, p) tasks for r = lead, and involved(f, p) for r = "any", its
share the count over the plan's tasks. Functions run from the most involved (tasks summed
over plans) to the least, then by id; "none" (bodies the registry gives no function) last.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef

from ..namespace import PK
from .compare import NO_FUNCTION, function_of
from .scope import ROLE_NAMES, assignments, label, plans, strongest_roles, tasks

ANY_ROLE = "any"
CELL_ROLES = ("lead", "co-responsible", "cooperating", "supporting", ANY_ROLE)


def function_cells(g: Graph) -> dict[str, Any]:
    """{"plans": [plan id], "plan_tasks": {plan: its task count}, "functions": [{"id", "en",
    "zh"}], "cells": {(function, plan): {role: [task IRI, sorted]}}} with every role of
    CELL_ROLES in every cell (empty lists where a function is absent from a plan)."""
    names: dict[str, URIRef | None] = {}
    held: dict[tuple[str, str], dict[str, set[str]]] = {}
    counts = {}
    for pid in plans(g):
        counts[pid] = len(tasks(g, pid))
        for task, roles in strongest_roles(assignments(g, pid)).items():
            for agency, role in roles.items():
                f = function_of(g, agency)
                names.setdefault(f, g.value(agency, PK.function) if f != NO_FUNCTION else None)
                cell = held.setdefault((f, pid), {})
                cell.setdefault(ROLE_NAMES[role], set()).add(str(task))
                cell.setdefault(ANY_ROLE, set()).add(str(task))
    involved = {f: sum(len(held.get((f, p), {}).get(ANY_ROLE, ())) for p in counts) for f in names}
    order = sorted(names, key=lambda f: (f == NO_FUNCTION, -involved[f], f))
    functions = []
    for f in order:
        node = names[f]
        en = label(g, node, "en") if node is not None else "no function known"
        functions.append(
            {"id": f, "en": en, "zh": label(g, node, "zh") if node is not None else ""}
        )
    cells = {
        (f, p): {r: sorted(held.get((f, p), {}).get(r, ())) for r in CELL_ROLES}
        for f in order
        for p in counts
    }
    return {"plans": list(counts), "plan_tasks": counts, "functions": functions, "cells": cells}


def shares(cells: dict[str, Any], role: str = ANY_ROLE) -> list[list[float]]:
    """The matrix the heatmap draws: rows in function order, columns in plan order, each the
    share of the plan's tasks that name the function in role (0.0 for a plan without tasks)."""
    return [
        [
            len(cells["cells"][f["id"], p][role]) / cells["plan_tasks"][p]
            if cells["plan_tasks"][p]
            else 0.0
            for p in cells["plans"]
        ]
        for f in cells["functions"]
    ]
