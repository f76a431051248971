"""Plans side by side: how much of each plan each agency function carries.

Agencies belong to one jurisdiction (Yunnan's industry department, the national industry
ministry); their pk:function (industry-it, ecology-environment, ...) is what plans share. For
function f and plan p, with T(p) the plan's tasks and r(a, t) an agency's strongest named role
on task t:

- led(f, p)         = |{t in T(p) : some agency of f has r(a, t) = lead}|, and likewise
                      co-responsible, cooperating, supporting (a task counts once per role);
- involved(f, p)    = |{t in T(p) : some agency of f is named on t}|;
- led_share(f, p)   = led(f, p) / |T(p)|, involved_share(f, p) = involved(f, p) / |T(p)|.

Every function of the graph gets a row for every plan; where no agency of the function is named
in the plan, the row says "absent". Agencies the registry gives no function count under "none".
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, URIRef

from ..namespace import PK
from .scope import ROLE_NAMES, assignments, label, plans, slug, strongest_roles, tasks

NO_FUNCTION = "none"
COLUMNS = [
    "function",
    "function_zh",
    "plan",
    "tasks",
    "led",
    "co-responsible",
    "cooperating",
    "supporting",
    "involved",
    "led_share",
    "involved_share",
    "present",
]


def function_of(g: Graph, agency: URIRef) -> str:
    found = g.value(agency, PK.function)
    return slug(found).removeprefix("function/") if found is not None else NO_FUNCTION


def function_table(g: Graph) -> list[dict[str, Any]]:
    """One row per (function, plan), functions in id order, plans in id order."""
    functions: dict[str, URIRef | None] = {}
    per_plan: dict[str, tuple[int, dict[str, dict[str, set[URIRef]]]]] = {}
    for pid in plans(g):
        held: dict[str, dict[str, set[URIRef]]] = {}
        for task, roles in strongest_roles(assignments(g, pid)).items():
            for agency, role in roles.items():
                f = function_of(g, agency)
                functions.setdefault(f, g.value(agency, PK.function))
                held.setdefault(f, {}).setdefault(ROLE_NAMES[role], set()).add(task)
        per_plan[pid] = (len(tasks(g, pid)), held)
    rows = []
    for f, node in sorted(functions.items()):
        for pid, (total, held) in per_plan.items():
            by_role = held.get(f, {})
            involved = set().union(*by_role.values()) if by_role else set()
            row: dict[str, Any] = {
                "function": f,
                "function_zh": label(g, node, "zh") if node is not None else "",
                "plan": pid,
                "tasks": total,
            }
            for role in ("lead", "co-responsible", "cooperating", "supporting"):
                row["led" if role == "lead" else role] = len(by_role.get(role, ()))
            row["involved"] = len(involved)
            row["led_share"] = round(row["led"] / total, 3) if total else 0.0
            row["involved_share"] = round(len(involved) / total, 3) if total else 0.0
            row["present"] = "yes" if involved else "absent"
            rows.append(row)
    return rows
