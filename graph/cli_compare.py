"""`plankg compare`: the plans of a graph side by side, by agency function."""

from __future__ import annotations

from pathlib import Path

import click

from .cli import main
from .formats import format_option, graph_option, render


@main.command()
@graph_option
@format_option()
def compare(graph_path: Path, fmt: str) -> None:
    """Function x plan: for each agency function and each plan of the graph, the tasks it
    leads, is co-responsible for, cooperates or supports on, and is named on at all, as counts
    and as shares of the plan's tasks; "absent" where the plan names no agency of the function.

    A task counts once per role however many agencies of the function it names; an agency's
    role on a task is its strongest. led_share = led / tasks, involved_share = involved / tasks.

    \b
    Example:
        plankg build --corpus -o corpus && plankg compare --graph corpus/graph.ttl
        plankg compare --graph corpus/graph.ttl --format csv > functions.csv
    """
    from .analysis.compare import COLUMNS, function_table
    from .cli_analysis import analyse

    click.echo(render(analyse(graph_path, function_table), fmt, COLUMNS))
