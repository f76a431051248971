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


ENVIRONMENT = "ecology-environment"
SUMMARY_COLUMNS = [
    "plan",
    "tasks",
    "bodies",
    "tasks_per_body",
    "herfindahl",
    "leads_most",
    "leads_most_tasks",
    "environment_led_share",
]


def plan_summary(g: Graph) -> list[dict[str, Any]]:
    """One row per plan: its tasks; the distinct bodies named on them (implementers left
    out); tasks_per_body = the mean number of tasks a body is named on; herfindahl =
    sum over bodies a of s_a^2, with s_a = (tasks a is named on) / (sum of that over all the
    plan's bodies): 1/bodies when the work is spread evenly, 1 when one body carries it all;
    the function that leads the most tasks (ties joined by "; "); and the share of the plan's
    tasks led by the ecology-environment function."""
    led = {(r["plan"], r["function"]): r["led"] for r in function_table(g)}
    rows = []
    for pid in plans(g):
        total = len(tasks(g, pid))
        named: dict[URIRef, int] = {}
        for roles in strongest_roles(assignments(g, pid)).values():
            for agency in roles:
                named[agency] = named.get(agency, 0) + 1
        mentions = sum(named.values())
        by_function = {f: n for (p, f), n in led.items() if p == pid}
        most = max(by_function.values(), default=0)
        rows.append(
            {
                "plan": pid,
                "tasks": total,
                "bodies": len(named),
                "tasks_per_body": round(mentions / len(named), 2) if named else 0.0,
                "herfindahl": (
                    round(sum((n / mentions) ** 2 for n in named.values()), 3) if mentions else 0.0
                ),
                "leads_most": "; ".join(sorted(f for f, n in by_function.items() if n == most))
                if most
                else "",
                "leads_most_tasks": most,
                "environment_led_share": round(by_function.get(ENVIRONMENT, 0) / total, 3)
                if total
                else 0.0,
            }
        )
    return rows
