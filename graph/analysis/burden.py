"""How much of a plan each agency carries, under several definitions, and how far they agree.

For agency a, let T(a) be the tasks a is named on as lead, co-responsible, cooperating or
supporting body, r(a, t) its role on task t (the strongest, if two versions differ), n_t the
number of agencies named on t, and w the role weights (default lead 2, co-responsible 1,
cooperating 0.5, supporting 0.5):

- tasks(a)       = |T(a)|
- led(a)         = |{t : r(a, t) = lead}|
- weighted(a)    = sum over t in T(a) of w(r(a, t))
- share(a)       = sum over t in T(a) of w(r(a, t)) / sum over b named on t of w(r(b, t))
                   (each task is one unit of work split among its agencies by weight, so the
                   lead takes a larger share; the shares of a task sum to 1)
- implemented(a) = tasks on which a is an implementer, counted apart: a blanket clause puts the
                   city governments on every task, which would swamp every other measure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import Any

from rdflib import Graph, URIRef

from ..namespace import PK
from .scope import (
    NAMED_ROLES,
    ROLE_NAMES,
    AnalysisError,
    Assignment,
    assignments,
    label,
    strongest_roles,
)
from .tally import tasks_by_role

DEFAULT_WEIGHTS: dict[URIRef, float] = {
    PK.Lead: 2.0,
    PK.CoResponsible: 1.0,
    PK.Cooperating: 0.5,
    PK.Supporting: 0.5,
}
MEASURES: dict[str, str] = {
    "tasks": "tasks named on as lead, co-responsible, cooperating or supporting body",
    "led": "tasks led",
    "weighted": "sum of role weights over tasks",
    "share": "sum over tasks of the agency's weighted share of the task",
    "implemented": "tasks as implementer (counted apart)",
}
BURDEN_MEASURES = ["tasks", "led", "weighted", "share"]  # the ones compared by Kendall's tau


def role_weights(overrides: Mapping[str, float] | None = None) -> dict[URIRef, float]:
    """The default weights with some replaced by role name ("lead", "co-responsible", ...)."""
    weights = dict(DEFAULT_WEIGHTS)
    by_name = {ROLE_NAMES[r]: r for r in NAMED_ROLES}
    for name, value in (overrides or {}).items():
        if name not in by_name:
            raise AnalysisError(f"unknown role {name!r} (roles: {', '.join(by_name)})")
        if value < 0 or not math.isfinite(value):
            raise AnalysisError(f"weight of {name} must be a number >= 0, not {value}")
        weights[by_name[name]] = float(value)
    return weights


def scores(
    items: Sequence[Assignment], weights: Mapping[URIRef, float] | None = None
) -> dict[URIRef, dict[str, float]]:
    """agency -> {measure: value, and a count per role}, for every agency in items."""
    w = dict(weights or DEFAULT_WEIGHTS)
    zero = {m: 0.0 for m in MEASURES} | {ROLE_NAMES[r]: 0.0 for r in NAMED_ROLES}
    out: dict[URIRef, dict[str, float]] = {a.agency: dict(zero) for a in items}
    strongest = strongest_roles(items)
    counted = [(t, agency, role) for t, held in strongest.items() for agency, role in held.items()]
    counted += [(a.task, a.agency, a.role) for a in items if a.role == PK.Implementer]
    for agency, tally in tasks_by_role(counted, apart={PK.Implementer}).items():
        row = out[agency]  # type: ignore[index]
        row["tasks"] = float(tally.tasks)
        row["implemented"] = float(tally.roles[PK.Implementer])
        for role in NAMED_ROLES:
            row[ROLE_NAMES[role]] = float(tally.roles[role])
        row["led"] = row["lead"]
    for held in strongest.values():
        total = sum(w[role] for role in held.values())
        for agency, role in held.items():
            row = out[agency]
            row["weighted"] += w[role]
            # a task whose agencies all weigh 0 is split equally, so it still counts as one
            row["share"] += w[role] / total if total else 1 / len(held)
    return dict(sorted(out.items()))


def competition_ranks(values: Sequence[float]) -> list[int]:
    """Ranks of values already sorted high to low, ties sharing the best: 9, 7, 7, 3 -> 1, 2, 2, 4."""
    ranks: list[int] = []
    for i, v in enumerate(values):
        ranks.append(ranks[-1] if i and v == values[i - 1] else i + 1)
    return ranks


def ranked(rows: Sequence[dict[str, Any]], measure: str) -> list[tuple[dict[str, Any], int]]:
    """(row, rank) for rows with a value of measure, highest first (ties: by agency name)."""
    have = [r for r in rows if r[measure] is not None]
    have.sort(key=lambda r: (-float(r[measure]), r["agency"], r["iri"]))
    return list(zip(have, competition_ranks([float(r[measure]) for r in have]), strict=True))


def burden_table(
    g: Graph,
    plan: str | None = None,
    by: str = "tasks",
    weights: Mapping[str, float] | None = None,
) -> list[dict[str, Any]]:
    """One row per agency with every measure, sorted by `by` (high first), then by name;
    `rank` is the competition rank under `by`."""
    if by not in MEASURES:
        raise AnalysisError(f"unknown measure {by!r} (measures: {', '.join(MEASURES)})")
    table = scores(assignments(g, plan), role_weights(weights))
    rows: list[dict[str, Any]] = []
    for agency, s in table.items():
        rows.append(
            {
                "agency": label(g, agency, "en"),
                "zh": label(g, agency, "zh"),
                **{k: round(v, 6) if k in ("weighted", "share") else int(v) for k, v in s.items()},
                "iri": str(agency),
            }
        )
    for row, rank in ranked(rows, by):
        row["rank"] = rank
    rows.sort(key=lambda r: (r["rank"], r["agency"], r["iri"]))
    order = ["rank", "agency", "zh", "tasks", "led", "co-responsible", "cooperating"]
    order += ["supporting", "weighted", "share", "implemented", "iri"]
    return [{k: row[k] for k in order} for row in rows]


PLAIN_TAU = 400  # items up to which kendall_tau_b counts pairs itself


def plain_tau_b(x: Sequence[float], y: Sequence[float]) -> float | None:
    """kendall_tau_b by counting every pair (n(n-1)/2 of them)."""
    concordant = discordant = tied_x = tied_y = 0
    for i in range(len(x)):
        xi, yi = x[i], y[i]
        for j in range(i + 1, len(x)):
            dx, dy = x[j] - xi, y[j] - yi
            if dx == 0:
                tied_x += 1
            if dy == 0:
                tied_y += 1
            if dx and dy:
                if (dx > 0) == (dy > 0):
                    concordant += 1
                else:
                    discordant += 1
    pairs = len(x) * (len(x) - 1) // 2
    denominator = math.sqrt((pairs - tied_x) * (pairs - tied_y))
    return (concordant - discordant) / denominator if denominator else None


def kendall_tau_b(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Kendall's tau-b of two paired sequences (scipy's `kendalltau`, variant "b"):

        tau_b = (n_c - n_d) / sqrt((n_0 - n_x) * (n_0 - n_y))

    n_c, n_d: concordant and discordant pairs; n_0 = n(n-1)/2; n_x, n_y: pairs tied in x, in y.
    None where it is undefined (fewer than two items, or one sequence all ties). Up to
    PLAIN_TAU items the pairs are counted in plain Python (a plan's hundred agencies: a few
    milliseconds, and no scipy import, 0.25 s); beyond, scipy counts them in n log n.
    """
    if len(x) != len(y):
        raise ValueError("kendall_tau_b needs two sequences of the same length")
    if len(x) < 2:  # scipy warns and returns NaN
        return None
    if len(x) <= PLAIN_TAU:
        return plain_tau_b(x, y)
    from scipy.stats import kendalltau

    tau = float(kendalltau(x, y, variant="b").statistic)
    return None if math.isnan(tau) else tau


def agreement(
    g: Graph, plan: str | None = None, weights: Mapping[str, float] | None = None
) -> list[dict[str, Any]]:
    """Kendall's tau-b between every pair of burden rankings, over the agencies named on at
    least one task: near 1, "most burdened" does not depend on the definition."""
    table = scores(assignments(g, plan), role_weights(weights))
    named = [s for s in table.values() if s["tasks"] > 0]
    rows = []
    for a, b in combinations(BURDEN_MEASURES, 2):
        tau = kendall_tau_b([s[a] for s in named], [s[b] for s in named])
        value = None if tau is None else round(tau, 6)
        rows.append({"measure": a, "other": b, "tau_b": value, "agencies": len(named)})
    return rows
