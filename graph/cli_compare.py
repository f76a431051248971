"""`plankg compare`: the plans of a graph side by side, by agency function."""

from __future__ import annotations

from pathlib import Path

import click

from .formats import format_option, graph_option, render


@click.command()
@graph_option
@format_option()
@click.option(
    "--summary",
    is_flag=True,
    help="One row per plan: bodies, tasks per body, Herfindahl index, the function that "
    "leads most, the environment function's share of leads.",
)
def compare(graphs: tuple[Path, ...], fmt: str, summary: bool) -> None:
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

    \b
    Example:
        plankg build --corpus -o corpus && plankg compare --graph corpus/graph.ttl
        plankg compare --graph corpus/graph.ttl --format csv > functions.csv
        plankg compare --graph corpus/graph.ttl --summary
    """
    from .analysis.compare import COLUMNS, SUMMARY_COLUMNS, function_table, plan_summary
    from .cli_analysis import analyse

    if summary:
        click.echo(render(analyse(graphs, plan_summary), fmt, SUMMARY_COLUMNS))
    else:
        click.echo(render(analyse(graphs, function_table), fmt, COLUMNS))


COMMANDS = (compare,)
