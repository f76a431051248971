"""The `plankg` command line: a thin shell over the library."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from . import cli_analysis, cli_compare, cli_query, cli_views
from .cli_views import echo_site, echo_written
from .errors import PlankgError
from .formats import format_option, graph_option, render


class Commands(click.Group):
    """The plankg group: the one place errors become what the user reads. A PlankgError from
    any command prints as one `Error: ...` line (the file and position where it applies) and
    exits 1; anything else is a bug and keeps its traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except PlankgError as err:
            raise click.ClickException(str(err)) from None


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="plankg")
def main() -> None:
    """plankg: Chinese government action plans as a knowledge graph of tasks, agencies,
    places and sectors, every fact traced to the sentence it came from.

    \b
    Examples:
        plankg build                                  # the bundled plans into out/
        plankg build data/plans/henan-2023.en.txt --strict -o out
        plankg validate out/graph.ttl
    """


@main.command()
@click.argument("plans", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "output",
    default="out",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Directory to write graph.ttl and report.md into.",
)
@click.option("--strict", is_flag=True, help="Fail when an agency name resolves to nothing.")
@click.option(
    "--plan-id",
    callback=lambda ctx, param, value: checked_plan_id(value),
    help="Plan id for the IRIs (default: the file name without .en/.zh).",
)
@click.option(
    "--jurisdiction", help="Place id of the plan's jurisdiction (default: read from the title)."
)
@click.option(
    "--figures",
    is_flag=True,
    help="Also draw DIR/figures/burden.png and agency-sector.png, which the site's index shows "
    "(matplotlib: about 1.5 s more).",
)
@click.option(
    "--corpus",
    is_flag=True,
    help="Build every bundled plan (data/plans/ and the real plans of data/plans/corpus/) "
    "into one graph.",
)
def build(
    plans: tuple[Path, ...],
    output: Path,
    strict: bool,
    plan_id: str | None,
    jurisdiction: str | None,
    figures: bool,
    corpus: bool,
) -> None:
    """Build the knowledge graph of one or more plan texts into DIR/graph.ttl and DIR/report.md.

    With no PLANS, builds the plans bundled in data/plans/. Several files build one graph;
    the language versions of one plan (henan-2023.en.txt, henan-2023.zh.txt) share one plan.

    \b
    Examples:
        plankg build
        plankg build --figures
        plankg build data/plans/henan-2023.en.txt --strict -o out
        plankg build corpus/*.txt -o big
        plankg build --corpus -o corpus
    """
    from .io import bundled_plans, corpus_plans
    from .workflow import build_outputs

    if corpus and plans:
        raise click.UsageError("--corpus builds the bundled plans; give no PLANS with it")
    paths = corpus_plans() if corpus else list(plans) or bundled_plans()
    if not paths:
        raise click.ClickException("no plan files given and none bundled in data/plans/")
    result = build_outputs(
        paths,
        output,
        strict=strict,
        plan_id=plan_id,
        jurisdiction=jurisdiction,
        figures=figures,
        progress=progress_bar(len(paths), always=corpus),
    )
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    for note in result.notes:
        click.echo(f"note: {note}")
    echo_written(result.written, output)
    click.echo(result.summary)
    echo_site(result.written, output)


def checked_plan_id(value: str | None) -> str | None:
    """A plan id goes into every IRI of the plan: the same characters as ids from file names."""
    if value is not None and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
        raise click.BadParameter(
            f"{value!r}: use lower-case letters, digits and hyphens, e.g. henan-2023"
        )
    return value


def progress_bar(total: int, always: bool = False):
    """A progress callback on stderr for long builds; silent for a handful of files."""
    if not always and (total < 5 or not sys.stderr.isatty() and total < 20):
        return None
    bar = click.progressbar(length=total, label="building", file=sys.stderr)
    bar.__enter__()

    def step(done: int) -> None:
        bar.update(1)
        if done >= total:
            bar.__exit__(None, None, None)

    return step


@main.command()
@click.argument("plan_id")
@graph_option
@format_option(["table", "csv", "tsv", "json", "md"])
def diff(plan_id: str, graphs: tuple[Path, ...], fmt: str) -> None:
    """Where the language versions of plan PLAN_ID disagree, task by task.

    "version" is the text a difference is about: the one that names the agency, prints the
    title, or whose note is missing or cut.

    \b
    Example:
        plankg build && plankg diff henan-2023
        plankg diff henan-2023 --format csv > disagreements.csv
    """
    from .io import load_graph
    from .namespace import PK
    from .reconcile import read_disagreements

    g = load_graph(graphs)
    known = sorted({str(o).rsplit("/", 1)[-1] for o in g.objects(None, PK.ofPlan)})
    if plan_id not in known:
        raise click.ClickException(
            f"{', '.join(map(str, graphs))}: no plan {plan_id!r} in this graph (plans: {', '.join(known) or 'none'})"
        )
    rows = read_disagreements(g, plan_id)
    if not rows and fmt == "table":
        click.echo(
            f"{plan_id}: no disagreements (is it built from more than one language version?)"
        )
        return
    click.echo(render(rows, fmt, ["task", "kind", "version", "agency", "detail"]))


@main.command()
@click.argument(
    "graphs", nargs=-1, required=True, metavar="GRAPH...", type=click.Path(path_type=Path)
)
def validate(graphs: tuple[Path, ...]) -> None:
    """Check a built graph against the SHACL shapes in ontology/shapes.ttl and print the report.
    Several files are read together as one graph.

    Exits non-zero when the graph does not conform.

    \b
    Example:
        plankg validate out/graph.ttl
        plankg validate out/graph.ttl out/analysis.ttl
    """
    from .io import load_graph
    from .validate import validate as run

    where = ", ".join(map(str, graphs))
    result = run(load_graph(graphs), source=where)
    click.echo(result.text.strip())
    if not result.conforms:
        raise click.ClickException(f"{where}: {result.violations} SHACL violation(s)")


for module in (cli_analysis, cli_compare, cli_query, cli_views):
    for command in module.COMMANDS:
        main.add_command(command)

if __name__ == "__main__":
    main()
