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
from .scope import (
    ROLE_NAMES,
    AnalysisError,
    assignments,
    find_plan,
    label,
    plan_of,
    plans,
    slug,
    strongest_roles,
    tasks,
)

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


# ------------------------------------------------------------------ lineage
# A plan that cites a plan of the graph (pk:cites/pk:citedPlan) is its child; each of its tasks
# that pk:adapts a task of the parent (graph/lineage.py aligns them) took that task over.
ADOPTED, ADDED, DROPPED = "adopted", "added", "dropped"
SAME, NO_LEAD = "same", "no lead"
NO_LEAD_IN_PLAN, NO_LEAD_IN_PARENT = "no lead in plan", "no lead in parent"
LINEAGE_COLUMNS = [
    "plan",
    "parent",
    "status",
    "task",
    "parent_task",
    "score",
    "heading",
    "parent_heading",
    "lead_function",
    "parent_lead_function",
    "lead",
]
LINEAGE_SUMMARY_COLUMNS = [
    "plan",
    "parent",
    "tasks",
    "parent_tasks",
    "adopted",
    "added",
    "dropped",
    "parent_tasks_adopted",
    "lead_same",
    "lead_changed",
    "no_lead",
]


def task_order(g: Graph, task: URIRef) -> tuple[str, int, str]:
    """Tasks in printed order: 1, 2, ..., 10, then G1, G2 (the closing guarantees)."""
    number = str(g.value(task, PK.taskNumber) or slug(task).rsplit("/", 1)[-1])
    letters = number.rstrip("0123456789")
    digits = number[len(letters) :]
    return (letters, int(digits) if digits else 0, number)


def parents(g: Graph, plan: str | None = None) -> list[tuple[str, str]]:
    """(plan, parent) for each plan of the graph that cites another plan of the graph; sorted."""
    known = {iri: pid for pid, iri in plans(g).items()}
    wanted = find_plan(g, plan)
    found = set()
    for child, citation in g.subject_objects(PK.cites):
        parent = g.value(citation, PK.citedPlan)
        if child in known and parent in known and wanted in (None, child):
            found.add((known[child], known[parent]))
    return sorted(found)


def lead_functions(g: Graph, pid: str) -> dict[URIRef, tuple[str, ...]]:
    """task -> the functions of the agencies that lead it (sorted; empty: no lead)."""
    return {
        task: tuple(sorted({function_of(g, a) for a, role in roles.items() if role == PK.Lead}))
        for task, roles in strongest_roles(assignments(g, pid)).items()
    }


def lead_change(child: tuple[str, ...], parent: tuple[str, ...]) -> str:
    """same; changed from X to Y (the parent's lead functions to the plan's); no lead (neither
    task names one), no lead in plan, or no lead in parent."""
    if not child or not parent:
        return NO_LEAD_IN_PLAN if parent else NO_LEAD_IN_PARENT if child else NO_LEAD
    if child == parent:
        return SAME
    return f"changed from {' + '.join(parent)} to {' + '.join(child)}"


def lineage(g: Graph, plan: str | None = None) -> list[dict[str, Any]]:
    """The lineage of a plan (None: of every plan with a parent) against each parent plan of
    the graph: one row per task of the
    plan that adapts a parent task (adopted, with the alignment score and both task numbers)
    or adapts none (added), then one row per parent task no task of the plan adapts (dropped).
    lead compares the functions of the lead agencies of the two tasks of an adopted pair.
    AnalysisError when the plan cites no plan of the graph."""
    found = parents(g, plan)
    if not found and plan is None:
        raise AnalysisError("no plan of the graph cites another plan of the graph")
    if not found:
        with_parent = ", ".join(sorted({c for c, _ in parents(g)})) or "none"
        raise AnalysisError(
            f"plan {plan!r} cites no plan of the graph, so it has no lineage here "
            f"(plans with a parent in the graph: {with_parent})"
        )
    return [row for pid, parent_id in found for row in lineage_rows(g, pid, parent_id)]


def lineage_rows(g: Graph, pid: str, parent_id: str) -> list[dict[str, Any]]:
    """The rows of lineage for one plan and one of its parents."""
    return [row for row, _, _ in lineage_nodes(g, pid, parent_id)]


def lineage_nodes(
    g: Graph, pid: str, parent_id: str
) -> list[tuple[dict[str, Any], URIRef | None, URIRef | None]]:
    """Each row of lineage_rows with the two tasks it is about (None where the row has no task
    on that side), for callers that add the tasks' texts or links: the one reading of pk:adapts
    behind the report, the adapted table and the compare page."""
    own = sorted(tasks(g, pid), key=lambda t: task_order(g, t))
    theirs = sorted(tasks(g, parent_id), key=lambda t: task_order(g, t))
    leads, parent_leads = lead_functions(g, pid), lead_functions(g, parent_id)

    def row(status: str, task: URIRef | None, target: URIRef | None) -> tuple[Any, ...]:
        mine = leads.get(task, ()) if task is not None else ()
        other = parent_leads.get(target, ()) if target is not None else ()
        found = {
            "plan": pid,
            "parent": parent_id,
            "status": status,
            "task": str(g.value(task, PK.taskNumber)) if task is not None else "",
            "parent_task": str(g.value(target, PK.taskNumber)) if target is not None else "",
            "score": alignment_score(g, task, target) if task and target else None,
            "heading": label(g, task, "zh") if task is not None else "",
            "parent_heading": label(g, target, "zh") if target is not None else "",
            "lead_function": " + ".join(mine),
            "parent_lead_function": " + ".join(other),
            "lead": lead_change(mine, other) if task and target else "",
        }
        return found, task, target

    in_parent, adopted = set(theirs), set()
    rows = []
    for task in own:
        targets = sorted(t for t in g.objects(task, PK.adapts) if t in in_parent)
        rows += [row(ADOPTED, task, t) for t in targets] or [row(ADDED, task, None)]
        adopted.update(targets)
    return rows + [row(DROPPED, None, t) for t in theirs if t not in adopted]


def adapting_plans(g: Graph) -> list[tuple[str, str]]:
    """(plan, other plan) for each pair of plans where a task of the first adapts a task of the
    second, cited or not; sorted."""
    found = set()
    for task, target in g.subject_objects(PK.adapts):
        child, parent = plan_of(g, task), plan_of(g, target)
        if child is not None and parent is not None:
            found.add((slug(child), slug(parent)))
    return sorted(found)


def alignment_score(g: Graph, task: URIRef, target: URIRef) -> float | None:
    for node in g.objects(task, PK.hasAlignment):
        if g.value(node, PK.alignedTo) == target:
            score = g.value(node, PK.alignmentScore)
            return float(score) if score is not None else None
    return None


def lineage_summary(g: Graph, plan: str | None = None) -> list[dict[str, Any]]:
    """One row per (plan, parent) of the graph (or of one plan): its tasks and the parent's,
    how many it adopted, added and dropped, how many parent tasks it adopted (fewer than
    adopted when two of its tasks adapt one parent task), and the lead comparisons of the
    adopted pairs. adopted + added = tasks, parent_tasks_adopted + dropped = parent_tasks."""
    out = []
    for pid, parent_id in parents(g, plan):
        rows = lineage_rows(g, pid, parent_id)
        adopted = [r for r in rows if r["status"] == ADOPTED]
        out.append(
            {
                "plan": pid,
                "parent": parent_id,
                "tasks": len(tasks(g, pid)),
                "parent_tasks": len(tasks(g, parent_id)),
                "adopted": len({r["task"] for r in adopted}),
                "added": sum(r["status"] == ADDED for r in rows),
                "dropped": sum(r["status"] == DROPPED for r in rows),
                "parent_tasks_adopted": len({r["parent_task"] for r in adopted}),
                "lead_same": sum(r["lead"] == SAME for r in adopted),
                "lead_changed": sum(r["lead"].startswith("changed") for r in adopted),
                "no_lead": sum(r["lead"].startswith(NO_LEAD) for r in adopted),
            }
        )
    return out
