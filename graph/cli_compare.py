"""`plankg compare`: the plans of a graph side by side, by agency function."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .formats import format_option, graph_option, render


@click.command()
@graph_option
@format_option()
@click.option(
    "--summary",
    is_flag=True,
    help="One row per plan: bodies, tasks per body, Herfindahl index, the function that "
    "leads most, the environment function's share of leads. With --lineage: the counts.",
)
@click.option(
    "--lineage",
    "plan",
    metavar="PLAN",
    default=None,
    help="A plan id: its tasks against those of the parent plan it cites (adopted, added, "
    "dropped) and whether the lead function stayed the same; `all`: every plan with a parent in the graph.",
)
def compare(graphs: tuple[Path, ...], fmt: str, summary: bool, plan: str | None) -> None:
    """Function x plan: for each agency function and each plan of the graph, the tasks it
    leads, is co-responsible for, cooperates or supports on, and is named on at all, as counts
    and as shares of the plan's tasks; "absent" where the plan names no agency of the function.

    A task counts once per role however many agencies of the function it names; an agency's
    role on a task is its strongest. led_share = led / tasks, involved_share = involved / tasks.

    With --summary, one row per plan: bodies named, tasks_per_body (mean tasks a body is named
    on), herfindahl = sum over bodies a of s_a^2, s_a = tasks a is named on / the sum of that
    over the plan's bodies (1/bodies: evenly spread; 1: one body carries all), leads_most (the
    function leading most tasks) and environment_led_share (tasks led by ecology-environment /
    tasks).

    With --lineage PLAN, the plan against each plan of the graph it cites (its parent): one row
    per task of the plan that adapts a parent task (adopted: both task numbers and the
    alignment score; see docs/lineage.md), per task that adapts none (added), and per parent
    task no task adapts (dropped). lead compares the functions of the agencies leading the two
    tasks of a pair: same, "changed from X to Y" (parent's to plan's), no lead (neither names
    one), no lead in plan, no lead in parent. With --summary as well, the counts per plan and
    parent (adopted + added = tasks; parent_tasks_adopted + dropped = parent_tasks). PLAN
    `all`: every plan with a parent in the graph.

    \b
    Example:
        plankg build --corpus -o corpus && plankg compare --graph corpus/graph.ttl
        plankg compare --graph corpus/graph.ttl --format csv > functions.csv
        plankg compare --graph corpus/graph.ttl --summary
        plankg compare --graph corpus/graph.ttl --lineage yunnan-nonferrous-carbon-peak-2023
        plankg compare --graph corpus/graph.ttl --lineage all --summary --format md
    """
    from .analysis.compare import (
        COLUMNS,
        LINEAGE_COLUMNS,
        LINEAGE_SUMMARY_COLUMNS,
        SUMMARY_COLUMNS,
        function_table,
        lineage,
        lineage_summary,
        plan_summary,
    )
    from .cli_analysis import analyse

    every = None if plan == "all" else plan
    if plan is not None and summary:
        found, columns = asked(lineage_summary, every), LINEAGE_SUMMARY_COLUMNS
    elif plan is not None:
        found, columns = asked(lineage, every), LINEAGE_COLUMNS
    elif summary:
        found, columns = asked(plan_summary), SUMMARY_COLUMNS
    else:
        found, columns = asked(function_table), COLUMNS
    click.echo(render(analyse(graphs, found), fmt, columns))


def asked(table: Callable[..., Any], *args: Any) -> tuple[dict[str, Any], Callable[[Any], Any]]:
    """A compare table as cli_analysis.analyse takes it: what is asked (the cache's key) and
    how to compute it from the graph."""
    return {"task": f"compare-{table.__name__}", "args": list(args)}, lambda g: table(g, *args)


COMMANDS = (compare,)
